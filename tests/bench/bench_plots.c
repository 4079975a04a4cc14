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
    return 0;
}
