/* bench_plots.c: times a full appendix render (11 charts and tables, 10 A4 pages) and, for
 * comparison, every chart as PNG at 150 dpi plus SVG and PDF. Prints the figures; the target
 * for the appendix is under 1 s.   usage: bench_plots [OUTDIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#define FC_PLOTS_DEMO_NO_MAIN
#include "tests/plots_demo.c"

#include "engine/appendix/appendix.h"
#include "engine/chain/chain.h"

static double now(void);
static int cmp(const void *a, const void *b);

/* The shipped example's full appendix (17 charts as PNG and SVG with their tables, and the
 * PDF), drawn from the tables of one run of the chain: the median of `runs` renders in ms, or
 * a negative number when the example cannot be run (its message in err). */
static double
example_appendix(const char *dir, int runs, double *first, fc_err *err)
{
    fc_scenario scn;
    fc_chain ch;
    void *specs[64] = {0};
    double t[16];
    size_t me;
    fc_status st;
    int n = 0;

    memset(&ch, 0, sizeof ch);
    for (me = 0; fc_stages[me] && fc_stages[me] != &fc_stage_appendix; me++)
        ;
    if ((st = fc_scenario_read("datasets/example.ini", &scn, err)) == FC_OK) {
        ch.scn = &scn;
        ch.seed = scn.seed;
        if ((st = fc_chain_configure(&ch, specs, err)) == FC_OK &&
            (st = fc_out_open(dir, &ch.o, err)) == FC_OK &&
            (st = fc_chain_run(&ch, specs, err)) == FC_OK)
            st = fc_out_commit(ch.o, err);
        fc_out_free(ch.o);
        ch.o = NULL;
        for (; st == FC_OK && specs[me] && n < runs && n < 16; n++) {
            fc_appendix_spec spec = *(fc_appendix_spec *)specs[me];
            fc_out *o = NULL;
            double t0 = now();
            spec.from = dir;
            if ((st = fc_out_open(dir, &o, err)) == FC_OK)
                st = fc_appendix_job_run(&spec, &scn, o, NULL, NULL, err);
            fc_out_free(o); /* not committed: the temporaries go */
            t[n] = now() - t0;
        }
    }
    fc_chain_fini(&ch, specs);
    fc_scenario_free(&scn);
    if (st != FC_OK || n == 0)
        return -1;
    *first = t[0] * 1e3;
    qsort(t, (size_t)n, sizeof t[0], cmp);
    return t[n / 2] * 1e3;
}

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
    enum { RUNS = 7 };
    static demo d;
    const char *dir = argc > 1 ? argv[1] : "build/bench/plots";
    double t[RUNS], first = 0, all;
    fc_err err = {0};
    fc_palette *pal = NULL;
    size_t i;

    mkdir("build/bench", 0755);
    mkdir(dir, 0755);
    demo_fill(&d);
    demo_plots(&d);
    for (i = 0; i < RUNS; i++) {
        fc_membuf b = {0};
        fc_sink sink = fc_membuf_sink(&b);
        double t0 = now();
        if (fc_palette_alloc(&pal, &err) != FC_OK ||
            demo_appendix(&d, &sink, pal, &err) != FC_OK) {
            fprintf(stderr, "bench_plots: error: %s\n", err.msg);
            return 1;
        }
        fc_palette_free(pal);
        fc_membuf_fini(&b);
        t[i] = now() - t0;
        if (i == 0)
            first = t[i];
    }
    qsort(t, RUNS, sizeof t[0], cmp);
    {
        double t0 = now();
        if (demo_render_all(dir, 1, &err) != FC_OK) {
            fprintf(stderr, "bench_plots: error: %s\n", err.msg);
            return 1;
        }
        all = now() - t0;
    }
    printf("bench-plots: full appendix PDF (10 pages, 11 charts, 3 tables): median %.0f ms of %d "
           "runs (first run, with font loading, %.0f ms); target < 1000 ms\n",
           t[RUNS / 2] * 1e3, RUNS, first * 1e3);
    printf("bench-plots: 11 charts as PNG (150 dpi) + SVG + PDF, plus the appendix: %.0f ms\n",
           all * 1e3);
    {
        double ex_first = 0, ex = example_appendix("build/bench/plots_example", 5, &ex_first, &err);
        if (ex < 0) {
            fprintf(stderr, "bench_plots: error: the example: %s\n", err.msg);
            return 1;
        }
        printf("bench-plots: the shipped example's full appendix (tables read back, every chart "
               "as PNG + SVG + CSV, the PDF): median %.0f ms of 5 runs (first %.0f ms); target "
               "< 1000 ms\n",
               ex, ex_first);
    }
    return 0;
}
