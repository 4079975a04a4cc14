/* bench_mc.c: how close the projection kernel of the Monte Carlo draws is to the machine's
 * memory bandwidth, and what the per-cell quantile summary costs. Prints:
 *   - memory bandwidth: memcpy and a STREAM-style triad (a = b + s c) over 256 MB arrays;
 *   - the cohort-component kernel (fc_ccm_project, populations only, as the draws run it):
 *     one area of 101 single ages x 25 annual steps projected 20,000 times; cell-steps a
 *     second, and the bytes a second it would need if every cell-step read and wrote its
 *     data from memory (P, N, s, asfr, M: 40 bytes), against the bandwidth;
 *   - fc_summary4 on 20,000 cells of 1,000 draws (ns a draw).
 * Build: make MODE=release build/release/tests/bench/bench_mc (make bench runs it).
 */
#include "models/population.h"
#include "models/quantile.h"
#include "models/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int
main(void)
{
    const size_t nb = 32u << 20; /* doubles: 256 MB an array */
    double *a = malloc(nb * sizeof *a), *b = malloc(nb * sizeof *b), *c = malloc(nb * sizeof *c);
    double t, best_cp = 1e9, best_tr = 1e9, sink = 0.0;
    if (!a || !b || !c)
        return 1;
    for (size_t i = 0; i < nb; i++)
        a[i] = 1.0, b[i] = 2.0, c[i] = 0.5 * (double)(i & 7);
    for (int r = 0; r < 3; r++) {
        t = now();
        memcpy(a, b, nb * sizeof *a);
        t = now() - t;
        best_cp = t < best_cp ? t : best_cp;
        t = now();
        for (size_t i = 0; i < nb; i++)
            a[i] = b[i] + 3.0 * c[i];
        t = now() - t;
        best_tr = t < best_tr ? t : best_tr;
        sink += a[r];
    }
    /* memcpy moves 2 x 256 MB (read + write), the triad 3 x 256 MB */
    double bw_cp = 2.0 * (double)nb * 8 / best_cp / 1e9, bw_tr = 3.0 * (double)nb * 8 / best_tr / 1e9;
    printf("bench_mc: memory bandwidth %.1f GB/s (memcpy), %.1f GB/s (triad)\n", bw_cp, bw_tr);
    free(a);
    free(b);
    free(c);

    /* the kernel: one area, 101 ages, 25 steps */
    {
        enum { NG = 101, NS = 25, REPS = 20000 };
        static double pop0[2 * NG], s[2 * NG], s0[2], asfr[NG], mig[2 * NG];
        static double out[(NS + 1) * 2 * NG];
        const double *ps[NS], *ps0[NS], *pa[NS], *pm[NS];
        fc_ccm_params p = {1, NG, NS, 1.0, 1.05, FC_MIG_HALF, FC_CTL_NONE};
        fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa, .mig = pm};
        fc_ccm_result res = {.pop = out};
        fc_err err;
        for (size_t g = 0; g < 2 * NG; g++) {
            pop0[g] = 1000.0 - 5.0 * (double)(g % NG);
            s[g] = 0.999 - 0.002 * (double)(g % NG) / NG;
            mig[g] = (g % NG) > 15 && (g % NG) < 40 ? 3.0 : -0.5;
        }
        for (size_t g = 15; g < 50; g++)
            asfr[g] = 0.05;
        s0[0] = s0[1] = 0.996;
        for (size_t k = 0; k < NS; k++)
            ps[k] = s, ps0[k] = s0, pa[k] = asfr, pm[k] = mig;
        fc_err_clear(&err);
        t = now();
        for (int r = 0; r < REPS; r++) {
            pop0[0] = 1000.0 + r % 3; /* (not hoisted) */
            if (fc_ccm_project(&p, &in, &res, &err) != FC_OK)
                return 1;
            sink += out[(NS + 1) * 2 * NG - 1];
        }
        t = now() - t;
        double cs = (double)REPS * NS * 2 * NG / t;
        printf("bench_mc: projection kernel %.0f million cell-steps/s (%.2f ns each); at 40 "
               "bytes a cell-step from memory that would be %.1f GB/s, %.0f%% of the triad's "
               "bandwidth: the kernel works in cache (one area, 42 kB) and is bound by "
               "arithmetic, not memory\n", cs / 1e6, 1e9 / cs, cs * 40 / 1e9,
               100.0 * cs * 40 / 1e9 / bw_tr);
    }

    /* the summary: 20,000 cells of 1,000 draws */
    {
        enum { N = 1000, CELLS = 20000 };
        double *x = malloc((size_t)N * CELLS * sizeof *x), *w = malloc(4 * N * sizeof *w), o[4];
        gsl_rng *r = fc_rng_alloc();
        if (!x || !w || !r)
            return 1;
        fc_rng_seed(r, 1, 1, 1);
        for (size_t i = 0; i < (size_t)N * CELLS; i++)
            x[i] = 1000.0 + 100.0 * gsl_rng_uniform(r);
        t = now();
        for (size_t k = 0; k < CELLS; k++) {
            fc_summary4(x + k * N, N, w, o);
            sink += o[2];
        }
        t = now() - t;
        printf("bench_mc: summaries (mean, p10, p50, p90; exact) %.2f us a cell of %d draws, "
               "%.1f ns a draw\n", t / CELLS * 1e6, N, t / CELLS / N * 1e9);
        gsl_rng_free(r);
        free(x);
        free(w);
    }
    return sink == 42.0; /* (keeps the work) */
}
