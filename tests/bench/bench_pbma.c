/* bench_pbma.c: times the portfolio PSA: 10,000 draws x 40 options, the 0/1 budgeted
 * portfolio solved by GLPK (and the greedy league table) in every draw; also the PSA summary
 * (CEAC, EVPI) of 10,000 samples x 40 strategies at 101 thresholds. Prints the figures.
 * Build: make MODE=release build/release/tests/bench/bench_pbma (see the report / Makefile).
 * Usage: bench_pbma [DRAWS [OPTIONS]]
 */
#include "models/pbma.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int
main(int argc, char **argv)
{
    size_t ndraw = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 10000;
    size_t n = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 40;
    double *c = calloc(n, sizeof *c), *clo = calloc(n, sizeof *clo), *chi = calloc(n, sizeof *chi);
    double *b = calloc(n, sizeof *b), *blo = calloc(n, sizeof *blo), *bhi = calloc(n, sizeof *bhi);
    double *pf = calloc(n, sizeof *pf), *pg = calloc(n, sizeof *pg);
    double *obj = calloc(ndraw, sizeof *obj), *gobj = calloc(ndraw, sizeof *gobj);
    long *group = calloc(n, sizeof *group);
    size_t *rf = calloc(n, sizeof *rf), *rt = calloc(n, sizeof *rt), nreq = 0;
    double budget = 0.0, t0, t1, lost = 0.0;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    fc_pbma_ws *w = NULL;
    fc_err err;

    if (!c || !clo || !chi || !b || !blo || !bhi || !pf || !pg || !obj || !gobj || !group ||
        !rf || !rt || !rng || n == 0 || ndraw == 0) {
        fprintf(stderr, "bench_pbma: bad arguments or out of memory\n");
        return 1;
    }
    gsl_set_error_handler_off();
    fc_err_clear(&err);
    gsl_rng_set(rng, 20251123);
    /* 40 options: a fifth are disinvestments; groups of three alternatives for the first 12;
     * every seventh option requires the one before it. Costs GBP 10k..200k, +-20% (80%). */
    for (size_t i = 0; i < n; i++) {
        int dis = i % 5 == 4;
        double cost = 10000.0 + 190000.0 * gsl_rng_uniform(rng);
        double ratio = 0.0005 + 0.001 * gsl_rng_uniform(rng);
        c[i] = dis ? -cost : cost;
        b[i] = c[i] * ratio;
        clo[i] = c[i] - 0.2 * cost;
        chi[i] = c[i] + 0.2 * cost;
        blo[i] = b[i] - 0.3 * fabs(b[i]);
        bhi[i] = b[i] + 0.3 * fabs(b[i]);
        group[i] = i < 12 ? (long)(i / 3) : -1;
        if (i >= 13 && i % 7 == 0) {
            rf[nreq] = i;
            rt[nreq++] = i - 1;
        }
        if (!dis)
            budget += 0.4 * cost;
    }
    {
        fc_pbma_problem p = {n, 1, &budget, nreq, rf, rt, group, 0.0};
        fc_pbma_uncertain u = {n, 1, c, clo, chi, b, blo, bhi};
        if (fc_pbma_ws_alloc(&p, &w, NULL, &err) != FC_OK) {
            fprintf(stderr, "bench_pbma: %s\n", err.msg);
            return 1;
        }
        t0 = now();
        if (fc_pbma_portfolio_psa(w, &u, ndraw, 42, pf, pg, obj, gobj, &err) != FC_OK) {
            fprintf(stderr, "bench_pbma: %s\n", err.msg);
            return 1;
        }
        t1 = now();
    }
    for (size_t d = 0; d < ndraw; d++)
        lost += (obj[d] - gobj[d]) / (double)ndraw;
    printf("bench_pbma: portfolio PSA %zu draws x %zu options (GLPK 0/1 MIP + greedy per draw): "
           "%.3f s (%.1f us per draw); mean benefit lost by greedy %.4g\n",
           ndraw, n, t1 - t0, 1e6 * (t1 - t0) / (double)ndraw, lost);

    /* PSA summary: ndraw samples x n strategies x 101 thresholds */
    {
        size_t nw = 101;
        double *sc = calloc(ndraw * n, sizeof *sc), *se = calloc(ndraw * n, sizeof *se);
        double *wtp = calloc(nw, sizeof *wtp);
        fc_pbma_psa *s = NULL;
        if (!sc || !se || !wtp || fc_pbma_psa_alloc(n, nw, &s, &err) != FC_OK) {
            fprintf(stderr, "bench_pbma: out of memory\n");
            return 1;
        }
        for (size_t k = 0; k < ndraw * n; k++) {
            sc[k] = 1000.0 * gsl_rng_uniform(rng);
            se[k] = gsl_rng_uniform(rng);
        }
        for (size_t k = 0; k < nw; k++)
            wtp[k] = 1000.0 * (double)k;
        t0 = now();
        fc_pbma_psa_compute(sc, se, ndraw, n, wtp, nw, s, &err);
        t1 = now();
        printf("bench_pbma: PSA summary %zu samples x %zu strategies x %zu thresholds: %.3f s\n",
               ndraw, n, nw, t1 - t0);
        fc_pbma_psa_free(s);
        free(sc);
        free(se);
        free(wtp);
    }
    fc_pbma_ws_free(w);
    gsl_rng_free(rng);
    free(c);
    free(clo);
    free(chi);
    free(b);
    free(blo);
    free(bhi);
    free(pf);
    free(pg);
    free(obj);
    free(gobj);
    free(group);
    free(rf);
    free(rt);
    return 0;
}
