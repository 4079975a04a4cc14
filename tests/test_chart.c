/* test_chart.c: render tests of the chart kit and every chart type: surface status and size,
 * sampled pixel colours at positions mapped from the data, documented error statuses, the
 * palette's stable mapping, bridge totals, the CE frontier, and byte-identical PNG/SVG/PDF
 * output from two renders.
 */
#include "plots/plot.h"
#include "plots/chart_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/plots_sink.h"
#include "tests/test_util.h"

static const fc_chart_opts opts = {482, 300, 150, 9, NULL, "2026-03-31T00:00:00"};

/* Renders p to an in-memory PNG canvas; the caller frees it. */
static fc_chart *
render(const fc_plot *p)
{
    fc_chart *c = NULL;
    fc_err err = {0};
    assert_int_equal(fc_chart_alloc(&c, FC_CHART_PNG, NULL, &opts, NULL, &err), FC_OK);
    if (fc_plot_draw(c, p, &err) != FC_OK)
        print_error("draw failed: %s\n", err.msg);
    assert_int_equal(err.status, FC_OK);
    assert_int_equal(fc_chart_finish(c, &err), FC_OK);
    /* 482 x 300 pt at 150 dpi */
    assert_int_equal(cairo_image_surface_get_width(fc_chart_surface(c)), 1004);
    assert_int_equal(cairo_image_surface_get_height(fc_chart_surface(c)), 625);
    assert_int_equal(cairo_surface_status(fc_chart_surface(c)), CAIRO_STATUS_SUCCESS);
    { /* every word of every chart type reads on white: WCAG 4.5:1 */
        size_t n, i;
        const fc_chart_box *b = fc_chart_boxes(c, &n);
        assert_true(n > 0);
        for (i = 0; i < n; i++)
            if (!b[i].mark && fc_rgb_contrast(b[i].ink, fc_rgb_hex(0xFFFFFFu)) < 4.5) {
                print_error("text %zu at (%.0f, %.0f) is %.2f:1 on white\n", i, b[i].x0, b[i].y0,
                            fc_rgb_contrast(b[i].ink, fc_rgb_hex(0xFFFFFFu)));
                fail();
            }
        /* and no two words overprint (boxes shrunk by 0.5 pt: touching is not overlapping) */
        for (i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                double w, h;
                if (b[i].mark || b[j].mark)
                    continue;
                w = fmin(b[i].x1, b[j].x1) - fmax(b[i].x0, b[j].x0) - 1;
                h = fmin(b[i].y1, b[j].y1) - fmax(b[i].y0, b[j].y0) - 1;
                if (w > 0 && h > 0) {
                    print_error("text %zu (%.1f %.1f %.1f %.1f) overprints text %zu (%.1f %.1f "
                                "%.1f %.1f)\n",
                                i, b[i].x0, b[i].y0, b[i].x1, b[i].y1, j, b[j].x0, b[j].y0,
                                b[j].x1, b[j].y1);
                    fail();
                }
            }
    }
    return c;
}

/* Asserts the pixel at data point (xv, yv) has colour want within tol per channel. */
#define assert_pixel(c, xv, yv, want, tol)                                                         \
    check_pixel((c), (xv), (yv), (want), (tol), __FILE__, __LINE__)
static void
check_pixel(fc_chart *c, double xv, double yv, fc_rgb want, double tol, const char *file, int line)
{
    double x, y;
    fc_rgb got;
    fc_err err = {0};
    assert_int_equal(fc_chart_map(c, xv, yv, &x, &y), FC_OK);
    assert_int_equal(fc_chart_pixel(c, x, y, &got, &err), FC_OK);
    if (fabs(got.r - want.r) > tol || fabs(got.g - want.g) > tol || fabs(got.b - want.b) > tol) {
        print_error("pixel at data (%g, %g) = pt (%.1f, %.1f) is (%.3f, %.3f, %.3f), expected "
                    "(%.3f, %.3f, %.3f)\n",
                    xv, yv, x, y, got.r, got.g, got.b, want.r, want.g, want.b);
        _fail(file, line);
    }
}

static fc_rgb
tint(unsigned hex, double t)
{
    fc_rgb c = fc_rgb_hex(hex);
    c.r += (1 - c.r) * t;
    c.g += (1 - c.g) * t;
    c.b += (1 - c.b) * t;
    return c;
}

static void
assert_white_corner(fc_chart *c)
{
    fc_rgb px;
    fc_err err = {0};
    assert_int_equal(fc_chart_pixel(c, 2, 2, &px, &err), FC_OK);
    assert_close(px.r + px.g + px.b, 3, 0, 1e-9);
}

/* ====================================================================== chart types */

static const char *const ages[5] = {"0\xe2\x80\x93"
                                    "19",
                                    "20\xe2\x80\x93"
                                    "39",
                                    "40\xe2\x80\x93"
                                    "59",
                                    "60\xe2\x80\x93"
                                    "79",
                                    "80+"};
static const double male[5] = {4120.5, 5013.7, 4630.2, 3110.9, 902.4};
static const double female[5] = {3950.1, 4880.3, 4702.6, 3390.4, 1460.8};
static const double male2[5] = {3800.0, 4900.0, 4700.0, 3900.0, 1300.0};
static const double female2[5] = {3700.0, 4800.0, 4750.0, 4100.0, 2000.0};

static void
test_fc_pyramid_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    (void)state;
    p.kind = FC_PLOT_PYRAMID;
    p.u.pyramid = (fc_pyramid){{"Pyramid", NULL, "People", NULL, "Source"},
                               5,
                               ages,
                               male,
                               female,
                               male2,
                               female2,
                               "2022",
                               "2042",
                               0};
    c = render(&p);
    assert_white_corner(c);
    /* category index 4 is the youngest band (bottom); bars are tinted sex colours */
    assert_pixel(c, -male[0] / 2, 4, tint(FC_RGB_BLUE, 0.2), 0.02);
    assert_pixel(c, female[2] / 2, 2, tint(FC_RGB_ORANGE, 0.2), 0.02);
    /* between the base-year bar end and the comparison outline: paper, not bar */
    assert_pixel(c, -(male[3] + male2[3]) / 2, 1, fc_rgb_hex(0xFFFFFFu), 0.02);
    fc_chart_free(c);
}

static void
test_fc_pyramid_draw_percent(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    double tot = 0;
    size_t i;
    (void)state;
    for (i = 0; i < 5; i++)
        tot += male[i] + female[i];
    p.kind = FC_PLOT_PYRAMID;
    p.u.pyramid = (fc_pyramid){
        {"Pyramid, %", NULL, NULL, NULL, NULL}, 5, ages, male, female, NULL, NULL, NULL, NULL, 1};
    c = render(&p);
    /* in percent mode the x data unit is a share of the total */
    assert_pixel(c, female[1] / tot / 2, 3, tint(FC_RGB_ORANGE, 0.2), 0.02);
    assert_pixel(c, female[1] / tot * 1.02, 3, fc_rgb_hex(0xFFFFFFu), 0.02);
    assert_pixel(c, -male[1] / tot / 2, 3, tint(FC_RGB_BLUE, 0.2), 0.02);
    fc_chart_free(c);
}

static const double years[6] = {2020, 2021, 2022, 2023, 2024, 2025};
static const double yv[6] = {101.3, 103.7, 104.2, 106.9, 108.1, 110.6};
static const double ylo[6] = {101.3, 103.7, 104.2, 102.9, 101.1, 100.6};
static const double yhi[6] = {101.3, 103.7, 104.2, 110.9, 115.1, 120.6};

static void
test_fc_lines_draw_fan(void **state)
{
    fc_plot p = {0};
    fc_series s = {"Principal", yv, ylo, yhi, NULL, NULL, 0};
    fc_chart *c;
    fc_rgb sky = fc_rgb_hex(FC_RGB_SKY);
    (void)state;
    p.kind = FC_PLOT_LINES;
    p.u.lines = (fc_lines){{"Fan", "Sub", NULL, "People", "Source"},
                           6,
                           years,
                           1,
                           &s,
                           FC_FMT_YEAR,
                           FC_FMT_NUMBER,
                           0,
                           0,
                           0,
                           0,
                           2022,
                           NULL,
                           NULL,
                           0,
                           NULL,
                           NULL};
    c = render(&p);
    /* on the projected principal line: the series colour (first new name: orange is preset
     * for Female, so the first free colour is sky blue) */
    assert_pixel(c, 2024.5, (yv[4] + yv[5]) / 2, sky, 0.06);
    /* inside the band, away from the line: sky at 20% over the faint projection shade */
    {
        double x, y;
        fc_rgb px;
        fc_err err = {0};
        assert_int_equal(fc_chart_map(c, 2025, 118, &x, &y), FC_OK);
        assert_int_equal(fc_chart_pixel(c, x - 2, y, &px, &err), FC_OK);
        assert_true(px.b > px.r + 0.1); /* bluish, not paper */
    }
    /* above the band: no ink */
    assert_pixel(c, 2021, 119, fc_rgb_hex(0xFFFFFFu), 0.02);
    fc_chart_free(c);
}

static void
test_fc_lines_draw_log(void **state)
{
    static const double ylog[6] = {0.52, 3.1, 17.4, 96.0, 540.0, 2385.0};
    static const double yneg[6] = {0.52, 3.1, -17.4, 96.0, 540.0, 2385.0};
    fc_plot p = {0};
    fc_series s = {"Growth", ylog, NULL, NULL, NULL, NULL, 0};
    fc_chart *c;
    fc_err err = {0};
    (void)state;
    p.kind = FC_PLOT_LINES;
    p.u.lines = (fc_lines){{"Log", NULL, NULL, "Cases", NULL},
                           6,
                           years,
                           1,
                           &s,
                           FC_FMT_YEAR,
                           FC_FMT_NUMBER,
                           0,
                           1,
                           0,
                           0,
                           (double)NAN,
                           NULL,
                           NULL,
                           0,
                           NULL,
                           NULL};
    c = render(&p);
    /* on a log scale the line between two points passes their geometric mean */
    assert_pixel(c, 2022.5, sqrt(ylog[2] * ylog[3]), fc_rgb_hex(FC_RGB_SKY), 0.06);
    fc_chart_free(c);
    s.y = yneg;
    assert_int_equal(fc_chart_alloc(&c, FC_CHART_PNG, NULL, &opts, NULL, &err), FC_OK);
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "fulcrum: error: series 'Growth' has -17.4 on a log axis");
    fc_chart_free(c);
}

static const char *const cats[3] = {"Acute", "Community", "Care home"};
static const double stackv[9] = {50.1, 52.3, 54.9, 20.4, 22.2, 25.8, 10.3, 12.9, 15.1};

static void
test_fc_stack_draw_bars(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    (void)state;
    p.kind = FC_PLOT_STACK;
    p.u.stack = (fc_stack){{"Stack", NULL, NULL, "Beds", NULL},
                           3,
                           years,
                           3,
                           cats,
                           stackv,
                           1,
                           1,
                           FC_FMT_FYEAR,
                           FC_FMT_NUMBER};
    c = render(&p);
    /* a private palette presets Male (blue) and Female (orange), so new names take the
     * remaining Okabe-Ito colours in order: sky, green, vermillion */
    assert_pixel(c, 0, 25, fc_rgb_hex(FC_RGB_SKY), 0.02);
    assert_pixel(c, 1, 52.3 + 11, fc_rgb_hex(FC_RGB_GREEN), 0.02);
    assert_pixel(c, 2, 54.9 + 25.8 + 7, fc_rgb_hex(FC_RGB_VERMILLION), 0.02);
    /* between bars: paper */
    assert_pixel(c, 0.5, 10, fc_rgb_hex(0xFFFFFFu), 0.02);
    fc_chart_free(c);
}

static void
test_fc_stack_draw_area(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    (void)state;
    p.kind = FC_PLOT_STACK;
    p.u.stack = (fc_stack){{"Area", NULL, NULL, NULL, NULL},
                           3,
                           years,
                           3,
                           cats,
                           stackv,
                           0,
                           0,
                           FC_FMT_YEAR,
                           FC_FMT_NUMBER};
    c = render(&p);
    assert_pixel(c, 2020.5, 25, fc_rgb_hex(FC_RGB_SKY), 0.02);
    assert_pixel(c, 2021.5, 80, fc_rgb_hex(FC_RGB_VERMILLION), 0.02);
    fc_chart_free(c);
}

static const char *const steps_l[3] = {"Demography", "Efficiency", "Shift"};
static const double steps_v[3] = {38.24e6, -14.32e6, 3.18e6};

static void
test_fc_waterfall_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    (void)state;
    p.kind = FC_PLOT_WATERFALL;
    p.u.waterfall = (fc_waterfall){{"Bridge", NULL, "GBP", NULL, NULL},
                                   "Baseline",
                                   412.63e6,
                                   3,
                                   steps_l,
                                   steps_v,
                                   "Projection",
                                   442.0e6,
                                   NULL,
                                   FC_FMT_GBP,
                                   0};
    c = render(&p);
    /* rows: 0 baseline, 1..3 steps, 4 interaction (442 - 439.73 = 2.27m), 5 projection */
    assert_pixel(c, 410e6, 0, fc_rgb_hex(0x6B6B6Bu), 0.02);
    assert_pixel(c, 412.63e6 + 19e6, 1, fc_rgb_hex(FC_RGB_VERMILLION), 0.02);
    assert_pixel(c, 450.87e6 - 7e6, 2, fc_rgb_hex(FC_RGB_BLUE), 0.02);
    assert_pixel(c, 439.73e6 + 1.1e6, 4, fc_rgb_hex(0xB0B0B0u), 0.06);
    assert_pixel(c, 430e6, 5, fc_rgb_hex(0x6B6B6Bu), 0.02);
    /* a step floats: nothing left of its start */
    assert_pixel(c, 405e6, 1, fc_rgb_hex(0xFFFFFFu), 0.1);
    { /* every level lies between 412m and 451m: from zero the steps would be slivers, so
       * the axis starts above zero (at or below 25% of the levels' spread under the lowest) and
       * each total's bar is cut plainly by a white break 12 pt in from the axis */
        double x0, y0, x1, y1, zx, zy, tx, ty;
        fc_rgb px;
        fc_err err = {0};
        fc_chart_plot_area(c, &x0, &y0, &x1, &y1);
        assert_int_equal(fc_chart_map(c, 0, 0, &zx, &zy), FC_OK);
        assert_true(zx < x0 - 100);
        assert_int_equal(fc_chart_map(c, 412.63e6 - 0.25 * (450.87e6 - 412.63e6), 0, &tx, &ty),
                         FC_OK);
        assert_true(tx >= x0 - 0.5);
        assert_int_equal(fc_chart_pixel(c, x0 + 12, ty, &px, &err), FC_OK);
        assert_close(px.r + px.g + px.b, 3, 0, 0.05);
    }
    fc_chart_free(c);
}

static void
test_fc_waterfall_totals_compensated(void **state)
{
    /* 1e16 + 1 + 1 - 1e16 is 0 in naive double arithmetic (each +1 is lost) and 2 with
     * Neumaier compensation */
    static const double st[3] = {1, 1, -1e16};
    fc_waterfall wf = {0};
    double total[4], resid;
    fc_err err = {0};
    (void)state;
    wf.start = 1e16;
    wf.n_step = 3;
    wf.steps = st;
    wf.end = 2.5;
    assert_int_equal(fc_waterfall_totals(&wf, total, &resid, &err), FC_OK);
    assert_close(total[3], 2, 0, 0);
    assert_close(resid, 0.5, 0, 0);
    wf.end = (double)NAN;
    assert_int_equal(fc_waterfall_totals(&wf, total, &resid, &err), FC_OK);
    assert_close(resid, 0, 0, 0);
}

static const double gy[4] = {2025, 2026, 2027, 2028};
static const double greq[4] = {100.0e6, 104.1e6, 109.3e6, 115.2e6};
static const double genv[4] = {102.0e6, 104.0e6, 106.1e6, 108.2e6};

static void
test_fc_gap_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    (void)state;
    p.kind = FC_PLOT_GAP;
    p.u.gap = (fc_gap){
        {"Gap", NULL, NULL, "GBP", NULL}, 4, gy, greq, genv, NULL, NULL, FC_FMT_YEAR, FC_FMT_GBP};
    c = render(&p);
    /* the gap itself, a bar a year on an axis through zero: 2027 (category 2) is 109.3m -
     * 106.1m = 3.2m short, a vermillion bar from 0 to 3.2m; 2025 (category 0) has 2.0m of
     * headroom, a blue bar from 0 down to -2.0m; beside a bar, and above a short one, is white */
    assert_pixel(c, 2, 1.6e6, fc_rgb_hex(FC_RGB_VERMILLION), 0.02);
    assert_pixel(c, 3, 3.5e6, fc_rgb_hex(FC_RGB_VERMILLION), 0.02); /* 2028: 7.0m */
    assert_pixel(c, 0, -1.0e6, fc_rgb_hex(FC_RGB_BLUE), 0.02);
    assert_pixel(c, 1, 5.0e6, fc_rgb_hex(0xFFFFFFu), 0.02); /* 2026: 0.1m */
    assert_pixel(c, 2.5, 1.6e6, fc_rgb_hex(0xFFFFFFu), 0.02);
    { /* the axis spans zero */
        double x0, y0, x1, y1, zx, zy;
        fc_chart_plot_area(c, &x0, &y0, &x1, &y1);
        assert_int_equal(fc_chart_map(c, 0, 0, &zx, &zy), FC_OK);
        assert_true(zy > y0 && zy < y1);
    }
    fc_chart_free(c);
}

static const char *const opts_l[4] = {"Falls prevention", "Reablement", "Close a ward",
                                      "Out-of-hours GP"};
static const double opts_c[4] = {0.42e6, 0.88e6, -0.54e6, 0.93e6};
static const double opts_m[4] = {4200, 9800, (double)NAN, 38900};

static void
test_fc_rank_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    (void)state;
    p.kind = FC_PLOT_RANK;
    p.u.rank = (fc_rank){{"Rank", NULL, "GBP", NULL, NULL},
                         4,
                         opts_l,
                         opts_c,
                         NULL,
                         1.0e6,
                         opts_m,
                         FC_FMT_GBP,
                         "/QALY",
                         "Cost per QALY"};
    c = render(&p);
    /* cumulative: 0.42, 1.30, 0.76, 1.69; the budget 1.0m funds option 1 only by the rule
     * "cumulative <= budget" (1.30 > 1.0), the disinvestment is orange */
    assert_pixel(c, 0.21e6, 0, fc_rgb_hex(FC_RGB_BLUE), 0.02);
    assert_pixel(c, 1.03e6, 2, fc_rgb_hex(FC_RGB_ORANGE), 0.02);
    /* the budget line (dashed, vermillion) crosses row 0's gap region at x = 1.0m */
    fc_chart_free(c);
}

static const double lad_v[4] = {0.88e6, 0.42e6, -0.61e6, -0.22e6};

static void
test_fc_ladder_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    (void)state;
    p.kind = FC_PLOT_LADDER;
    p.u.ladder = (fc_ladder){{"Ladder", NULL, "GBP", NULL, NULL}, 4, opts_l, lad_v, FC_FMT_GBP, NULL, NULL, 0};
    c = render(&p);
    assert_pixel(c, 0.44e6, 0, fc_rgb_hex(FC_RGB_BLUE), 0.02);
    assert_pixel(c, -0.3e6, 2, fc_rgb_hex(FC_RGB_ORANGE), 0.02);
    assert_pixel(c, -0.3e6, 0, fc_rgb_hex(0xFFFFFFu), 0.1);
    fc_chart_free(c);
}

static const double pf_p[4] = {0.9, 0.62, 0.3, 0.002};
static const int pf_in[4] = {1, 0, 1, 0};
static const double pf_ref[1] = {0.5};

static void
test_fc_probbar_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    fc_err err = {0};
    char buf[512];
    double bad[4] = {0.9, 1.2, 0.3, 0.1};
    (void)state;
    p.kind = FC_PLOT_PROB;
    p.u.prob = (fc_probbar){{"P(funded)", NULL, "Funded in, % of draws", NULL, NULL}, 4, opts_l,
                            pf_p, pf_in, NULL, NULL, 1, pf_ref};
    c = render(&p);
    /* bars from 0 to the probability: in the central plan solid blue, others a tint of it */
    assert_pixel(c, 0.45, 0, fc_rgb_hex(FC_RGB_BLUE), 0.02);
    assert_pixel(c, 0.2, 1, tint(FC_RGB_BLUE, 0.62), 0.02);
    assert_pixel(c, 0.2, 2, fc_rgb_hex(FC_RGB_BLUE), 0.02);
    /* beyond a bar's end and its label: the background (rows 2 and 3 end at 30% and 0.2%) */
    assert_pixel(c, 0.47, 2, fc_rgb_hex(0xFFFFFFu), 0.1);
    assert_pixel(c, 0.75, 3, fc_rgb_hex(0xFFFFFFu), 0.1);
    fc_chart_free(c);
    /* the text alternative lists each option with its percentage; "<1%" is not "0%" */
    fc_plot_describe(&p, buf, sizeof buf);
    assert_non_null(strstr(buf, "Falls prevention 90% (in the central plan); Reablement 62%;"));
    /* a probability outside [0, 1] is a data error */
    p.u.prob.prob = bad;
    assert_int_equal(fc_chart_alloc(&c, FC_CHART_PNG, NULL, &opts, NULL, &err), FC_OK);
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_EDATA);
    fc_chart_free(c);
    /* one row per option: 130 pt of frame and 24 pt a row once they pass 300 pt (10 rows:
     * 370 pt; the hint reads only the count) */
    p.u.prob.n = 10;
    assert_close(fc_plot_height_hint(&p), 130 + 24 * 10, 0, 0);
}

static const double ce_e[3] = {41.2, 88.5, -8.3};
static const double ce_c[3] = {0.21e6, 1.36e6, -0.54e6};
static const double wtp2[2] = {20000, 30000};

static void
test_fc_ceplane_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    fc_palette *pal = NULL;
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_palette_alloc(&pal, &err), FC_OK);
    assert_int_equal(fc_palette_set(pal, "Reablement", fc_rgb_hex(0x3F3685u), &err), FC_OK);
    p.kind = FC_PLOT_CEPLANE;
    p.u.ceplane = (fc_ceplane){
        {"CE plane", NULL, "QALYs", "GBP", NULL}, 3, opts_l, ce_e, ce_c, 2, wtp2, 0, NULL, 0, NULL};
    assert_int_equal(fc_chart_alloc(&c, FC_CHART_PNG, NULL, &opts, pal, &err), FC_OK);
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_OK);
    assert_int_equal(fc_chart_finish(c, &err), FC_OK);
    /* marker centres take the palette's colours: a preset one and an assigned one */
    assert_pixel(c, 88.5, 1.36e6, fc_rgb_hex(0x3F3685u), 0.02);
    assert_pixel(c, 41.2, 0.21e6, fc_palette_get(pal, "Falls prevention"), 0.02);
    fc_chart_free(c);
    fc_palette_free(pal);
}

static const double wtp_x[3] = {0, 20000, 40000};
static const double prob[6] = {0.9, 0.4, 0.1, 0.1, 0.6, 0.9};

static void
test_fc_ceac_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    (void)state;
    p.kind = FC_PLOT_CEAC;
    p.u.ceac = (fc_ceac){{"CEAC", NULL, "WTP", "P", NULL}, 3, wtp_x, 2, cats, prob, 1, wtp2};
    c = render(&p);
    assert_pixel(c, 10000, 0.65, fc_rgb_hex(FC_RGB_SKY), 0.06);
    assert_pixel(c, 30000, 0.75, fc_rgb_hex(FC_RGB_GREEN), 0.06);
    assert_pixel(c, 10000, 0.95, fc_rgb_hex(0xFFFFFFu), 0.02);
    fc_chart_free(c);
}

static const char *const torn_l[2] = {"Inflow", "Mortality"};
static const double torn_lo[2] = {60, 120}, torn_hi[2] = {150, 90};

static void
test_fc_tornado_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    char alt[1024];
    (void)state;
    p.kind = FC_PLOT_TORNADO;
    p.u.tornado = (fc_tornado){{"Tornado", NULL, "Change", NULL, NULL}, 2, torn_l, torn_lo,
                               torn_hi, 100, FC_FMT_NUMBER, NULL, NULL};
    c = render(&p);
    /* x is the change from the central 100; row i's low bar is its upper third (at i - 0.17),
     * its high bar the lower (i + 0.17): Inflow 60 (-40, blue) and 150 (+50, orange);
     * Mortality 120 (+20, blue) and 90 (-10, orange); nothing left of the axis above
     * Mortality's low bar */
    assert_pixel(c, -20, 0 - 0.17, fc_rgb_hex(FC_RGB_BLUE), 0.02);
    assert_pixel(c, 25, 0 + 0.17, fc_rgb_hex(FC_RGB_ORANGE), 0.02);
    assert_pixel(c, 10, 1 - 0.17, fc_rgb_hex(FC_RGB_BLUE), 0.02);
    assert_pixel(c, -5, 1 + 0.17, fc_rgb_hex(FC_RGB_ORANGE), 0.02);
    assert_pixel(c, -15, 1 - 0.17, fc_rgb_hex(0xFFFFFFu), 0.02);
    assert_pixel(c, 25, 0 - 0.17 + 0.01, fc_rgb_hex(0xFFFFFFu), 0.02);
    fc_plot_summary(&p, alt, sizeof alt);
    assert_non_null(strstr(alt, "Inflow: 60 low, 150 high"));
    assert_non_null(strstr(alt, "Mortality: 120 low, 90 high"));
    fc_chart_free(c);
}

static const double hm_x[3] = {1, 2, 3}, hm_y[2] = {10, 20};
static const double hm_z[6] = {-50, 10, 100, -100, 0.5, 50};
static const int hm_g[6] = {0, 0, 1, 0, 0, 1};

static void
test_fc_heatmap_draw_pixels(void **state)
{
    fc_plot p = {0};
    fc_chart *c;
    fc_err err = {0};
    fc_rgb px;
    double x0, y0, x1, y1, xm, ym;
    (void)state;
    p.kind = FC_PLOT_HEATMAP;
    p.u.heatmap = (fc_heatmap){{"Grid", NULL, "a", "b", NULL}, 3, 2, hm_x, hm_y, hm_z, hm_g,
                               (double)NAN, (double)NAN, FC_FMT_NUMBER, FC_FMT_NUMBER,
                               FC_FMT_NUMBER, NULL, NULL, NULL};
    c = render(&p);
    /* the largest shortfall (100, at x 3, y 10) is the deepest vermillion: tint 0.1; the
     * largest headroom (-100, at 1, 20) the deepest blue; a shortfall of 10 is pale */
    assert_pixel(c, 3, 13, fc_ck_tint(fc_rgb_hex(FC_RGB_VERMILLION), 0.10), 0.02);
    assert_pixel(c, 1, 17, fc_ck_tint(fc_rgb_hex(FC_RGB_BLUE), 0.10), 0.02);
    assert_pixel(c, 2, 13, fc_ck_tint(fc_rgb_hex(FC_RGB_VERMILLION), 0.88 - 0.078), 0.02);
    /* the boundary between decisions: the edge x = 2.5 between columns 2 and 3 is ink */
    assert_int_equal(fc_chart_map(c, 2.5, 15, &xm, &ym), FC_OK);
    assert_int_equal(fc_chart_pixel(c, xm, ym, &px, &err), FC_OK);
    assert_true(px.r < 0.3 && px.g < 0.3 && px.b < 0.3);
    /* and none between columns 1 and 2, which take the same decision */
    assert_int_equal(fc_chart_map(c, 1.5, 15, &xm, &ym), FC_OK);
    assert_int_equal(fc_chart_pixel(c, xm, ym, &px, &err), FC_OK);
    assert_true(px.r > 0.5 || px.g > 0.5 || px.b > 0.5);
    fc_chart_plot_area(c, &x0, &y0, &x1, &y1);
    assert_true(x1 > x0 && y1 > y0);
    fc_chart_free(c);
}

/* ========================================================================== errors */

static void
test_fc_plot_draw_errors(void **state)
{
    static const double neg[5] = {1, 2, -3, 4, 5};
    static const double desc[3] = {2025, 2024, 2026};
    static const double badp[6] = {0.9, 0.4, 1.2, 0.1, 0.6, 0.9};
    fc_chart *c = NULL;
    fc_plot p = {0};
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_chart_alloc(&c, FC_CHART_PNG, NULL, &opts, NULL, &err), FC_OK);

    p.kind = FC_PLOT_PYRAMID;
    p.u.pyramid = (fc_pyramid){
        {"P", NULL, NULL, NULL, NULL}, 5, ages, NULL, female, NULL, NULL, NULL, NULL, 0};
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_EINVAL);
    fc_err_clear(&err);
    p.u.pyramid.male = neg;
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "fulcrum: error: pyramid count -3 at age '40");
    fc_err_clear(&err);

    p.kind = FC_PLOT_STACK;
    p.u.stack = (fc_stack){
        {"S", NULL, NULL, NULL, NULL}, 3, desc, 3, cats, stackv, 1, 0, FC_FMT_YEAR, FC_FMT_NUMBER};
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_EDATA);
    fc_err_clear(&err);

    p.kind = FC_PLOT_CEAC;
    p.u.ceac = (fc_ceac){{"C", NULL, NULL, NULL, NULL}, 3, wtp_x, 2, cats, badp, 0, NULL};
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "fulcrum: error: CEAC probability 1.2 is outside [0, 1]");
    fc_err_clear(&err);

    p.kind = (fc_plot_kind)99;
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_EINVAL);
    fc_err_clear(&err);
    fc_chart_free(c);

    /* bad sizes and paths */
    {
        fc_chart_opts tiny = {10, 10, 150, 9, NULL, NULL};
        assert_int_equal(fc_chart_alloc(&c, FC_CHART_PNG, NULL, &tiny, NULL, &err), FC_EINVAL);
        fc_err_clear(&err);
        assert_int_equal(fc_chart_alloc(&c, FC_CHART_SVG, NULL, &opts, NULL, &err), FC_EINVAL);
        fc_err_clear(&err);
    }
}

static void
test_fc_plot_write_eio(void **state)
{
    fc_plot p = {0};
    fc_err err = {0};
    fc_status st;
    (void)state;
    p.kind = FC_PLOT_LADDER;
    p.u.ladder = (fc_ladder){{"Ladder", NULL, NULL, NULL, NULL}, 4, opts_l, lad_v, FC_FMT_GBP, NULL, NULL, 0};
    /* a sink that fails (a full disk): FC_EIO in every format, never more than it took */
    static const char *const msg[3] = {"fulcrum: error: cannot write the PNG chart",
                                       "fulcrum: error: cannot write the SVG chart",
                                       "fulcrum: error: cannot write the PDF chart"};
    for (int f = 0; f < 3; f++) {
        fc_membuf b = {0};
        fc_sink sink = fc_membuf_sink(&b);
        b.limit = 100;
        st = fc_plot_write(&p, (fc_chart_format)f, &sink, &opts, NULL, &err);
        assert_int_equal(st, FC_EIO);
        assert_err(&err, FC_EIO, msg[f]);
        assert_true(b.n <= 100);
        fc_err_clear(&err);
        fc_membuf_fini(&b);
    }
    st = fc_plot_write(&p, FC_CHART_PNG, NULL, &opts, NULL, &err);
    assert_int_equal(st, FC_EINVAL);
}

static void
test_fc_rank_draw_too_short(void **state)
{
    /* twelve named rows in a 150 pt chart cannot be read: a clear error, not overlap */
    static const char *const many[12] = {"a", "b", "c", "d", "e", "f",
                                         "g", "h", "i", "j", "k", "l"};
    static const double cost[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    fc_chart_opts small = opts;
    fc_chart *c = NULL;
    fc_plot p = {0};
    fc_err err = {0};
    (void)state;
    small.height_pt = 150;
    p.kind = FC_PLOT_RANK;
    p.u.rank = (fc_rank){
        {"Rank", NULL, NULL, NULL, NULL}, 12, many, cost, NULL, 30, NULL, FC_FMT_GBP, NULL, NULL};
    assert_int_equal(fc_chart_alloc(&c, FC_CHART_PNG, NULL, &small, NULL, &err), FC_OK);
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_EINVAL);
    assert_err(&err, FC_EINVAL, "fulcrum: error: 12 rows need a plot area at least");
    fc_chart_free(c);
    /* the height hint grows with the rows and is enough */
    assert_close(fc_plot_height_hint(&p), 130 + 24 * 12, 0, 0);
    small.height_pt = fc_plot_height_hint(&p);
    fc_err_clear(&err);
    assert_int_equal(fc_chart_alloc(&c, FC_CHART_PNG, NULL, &small, NULL, &err), FC_OK);
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_OK);
    fc_chart_free(c);
    p.kind = FC_PLOT_GAP;
    assert_close(fc_plot_height_hint(&p), 300, 0, 0);
}

static void
test_fc_plot_describe_waterfall(void **state)
{
    fc_plot p = {0};
    char buf[1024], small[16];
    size_t n;
    (void)state;
    p.kind = FC_PLOT_WATERFALL;
    p.u.waterfall = (fc_waterfall){{"Bridge", "Sub", NULL, NULL, "Source: test."},
                                   "Baseline",
                                   412.63e6,
                                   3,
                                   steps_l,
                                   steps_v,
                                   "Projection",
                                   442.0e6,
                                   NULL,
                                   FC_FMT_GBP,
                                   0};
    n = fc_plot_describe(&p, buf, sizeof buf);
    assert_int_equal(n, strlen(buf));
    /* steps carry their sign with the chart's precision (3 significant figures of the
     * largest step, 38.2m); the interaction is 442 - 439.73 = 2.27m */
    assert_string_equal(buf, "Bridge. Sub. Bridge from Baseline \xc2\xa3"
                             "412.6m: Demography "
                             "+\xc2\xa3"
                             "38.2m; Efficiency \xe2\x88\x92\xc2\xa3"
                             "14.3m; Shift "
                             "+\xc2\xa3"
                             "3.2m; Interaction +\xc2\xa3"
                             "2.3m; to Projection "
                             "\xc2\xa3"
                             "442.0m. Source: test.");
    /* truncation: snprintf semantics */
    assert_int_equal(fc_plot_describe(&p, small, sizeof small), n);
    assert_int_equal(strlen(small), sizeof small - 1);
    /* the summary drops title, subtitle and source */
    fc_plot_summary(&p, buf, sizeof buf);
    assert_true(strncmp(buf, "Bridge from Baseline", 20) == 0);
}

/* ============================================================================ palette */

static void
test_fc_palette_get_stable(void **state)
{
    fc_palette *pal = NULL;
    fc_err err = {0};
    fc_rgb a, b, a2, m;
    size_t i;
    char name[16];
    (void)state;
    assert_int_equal(fc_palette_alloc(&pal, &err), FC_OK);
    m = fc_palette_get(pal, "Male");
    assert_close(m.b, fc_rgb_hex(FC_RGB_BLUE).b, 0, 1e-12);
    a = fc_palette_get(pal, "Acute hospital");
    b = fc_palette_get(pal, "Care home");
    a2 = fc_palette_get(pal, "Acute hospital");
    assert_memory_equal(&a, &a2, sizeof a);
    assert_false(a.r == b.r && a.g == b.g && a.b == b.b);
    /* colours are distinct until the eight Okabe-Ito colours are used up, then cycle */
    for (i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "s%zu", i);
        (void)fc_palette_get(pal, name);
    }
    a2 = fc_palette_get(pal, "Acute hospital");
    assert_memory_equal(&a, &a2, sizeof a);
    assert_int_equal(fc_palette_set(pal, NULL, a, &err), FC_EINVAL);
    fc_palette_free(pal);
    fc_palette_free(NULL);
}

static void
test_fc_ceplane_frontier_known(void **state)
{
    /* A(1, 1000) B(2, 5000) C(3, 6000) D(1.5, 8000) E(4, 20000), comparator O(0, 0).
     * D is dominated by C (dearer, less effective). ICERs O->A 1000, A->B 4000, B->C 1000:
     * B is extendedly dominated; A->C 2500, C->E 14000: the frontier is A, C, E. */
    static const double e[5] = {1, 2, 3, 1.5, 4};
    static const double cst[5] = {1000, 5000, 6000, 8000, 20000};
    size_t idx[5], n = 99;
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_ceplane_frontier(e, cst, 5, idx, &n, &err), FC_OK);
    assert_int_equal(n, 3);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 2);
    assert_int_equal(idx[2], 4);
    /* a cheaper, less effective option than the comparator starts the frontier */
    {
        static const double e2[2] = {-2, 3};
        static const double c2[2] = {-50000, 3000};
        assert_int_equal(fc_ceplane_frontier(e2, c2, 2, idx, &n, &err), FC_OK);
        assert_int_equal(n, 2); /* -2 -> 0: 25000/QALY, 0 -> 3: 1000: origin dropped */
        assert_int_equal(idx[0], 0);
        assert_int_equal(idx[1], 1);
    }
}

/* ==================================================================== reproducibility */

/* 1 when the n bytes at a contain the string s (binary-safe). */
static int
contains(const char *a, size_t n, const char *s)
{
    size_t k = strlen(s), i;
    for (i = 0; i + k <= n; i++)
        if (memcmp(a + i, s, k) == 0)
            return 1;
    return 0;
}

static void
write_all(const fc_plot *p, fc_membuf out[3])
{
    fc_err err = {0};
    int f;
    for (f = 0; f < 3; f++) {
        fc_sink sink = fc_membuf_sink(&out[f]);
        assert_int_equal(fc_plot_write(p, (fc_chart_format)f, &sink, &opts, NULL, &err), FC_OK);
    }
}

static void
test_fc_plot_write_reproducible(void **state)
{
    static const char *const ext[3] = {"png", "svg", "pdf"};
    fc_plot p = {0};
    fc_series s = {"Principal", yv, ylo, yhi, NULL, NULL, 0};
    fc_membuf ba[3] = {{0}}, bb[3] = {{0}};
    int f;
    (void)state;
    p.kind = FC_PLOT_LINES;
    p.u.lines = (fc_lines){{"Fan", "Sub", NULL, "People", "Source"},
                           6,
                           years,
                           1,
                           &s,
                           FC_FMT_YEAR,
                           FC_FMT_NUMBER,
                           0,
                           0,
                           0,
                           0,
                           2022,
                           NULL,
                           NULL,
                           0,
                           NULL,
                           NULL};
    write_all(&p, ba);
    write_all(&p, bb);
    for (f = 0; f < 3; f++) {
        size_t na = ba[f].n, nb = bb[f].n;
        const char *a = (const char *)ba[f].p, *b = (const char *)bb[f].p;
        assert_non_null(a);
        assert_non_null(b);
        if (na != nb || memcmp(a, b, na) != 0)
            print_error("%s differs between two renders (%zu vs %zu bytes)\n", ext[f], na, nb);
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        if (f == 2) { /* the PDF carries the caller's date, never the clock, and the title */
            assert_true(contains(a, na, "/CreationDate (20260331000000)"));
            assert_true(contains(a, na, "/Title (Fan)"));
        }
        if (f == 1) { /* the SVG's text is text, in the named font, never glyph outlines */
            assert_true(contains(a, na, ">Fan</text>"));
            assert_true(contains(a, na, ">Sub</text>"));
            assert_true(contains(a, na, ">People</text>"));
            assert_true(contains(a, na, "font-family=\"DejaVu Sans, sans-serif\""));
            assert_true(contains(a, na, "font-weight=\"bold\""));
            assert_false(contains(a, na, "glyph"));
            /* the text closes the drawing, inside the root element */
            assert_true(contains(a, na, "</text>\n</g>\n</svg>"));
        }
        if (f == 0) /* the PNG records 150 dpi (5906 pixels per metre) in a pHYs chunk */
            assert_true(na > 50 &&
                        memcmp(a + 37, "pHYs\x00\x00\x17\x12\x00\x00\x17\x12\x01", 13) == 0);
        fc_membuf_fini(&ba[f]);
        fc_membuf_fini(&bb[f]);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fc_pyramid_draw_pixels),
        cmocka_unit_test(test_fc_pyramid_draw_percent),
        cmocka_unit_test(test_fc_lines_draw_fan),
        cmocka_unit_test(test_fc_lines_draw_log),
        cmocka_unit_test(test_fc_stack_draw_bars),
        cmocka_unit_test(test_fc_stack_draw_area),
        cmocka_unit_test(test_fc_waterfall_draw_pixels),
        cmocka_unit_test(test_fc_waterfall_totals_compensated),
        cmocka_unit_test(test_fc_gap_draw_pixels),
        cmocka_unit_test(test_fc_rank_draw_pixels),
        cmocka_unit_test(test_fc_ladder_draw_pixels),
        cmocka_unit_test(test_fc_probbar_draw_pixels),
        cmocka_unit_test(test_fc_ceplane_draw_pixels),
        cmocka_unit_test(test_fc_ceac_draw_pixels),
        cmocka_unit_test(test_fc_tornado_draw_pixels),
        cmocka_unit_test(test_fc_heatmap_draw_pixels),
        cmocka_unit_test(test_fc_plot_draw_errors),
        cmocka_unit_test(test_fc_plot_write_eio),
        cmocka_unit_test(test_fc_rank_draw_too_short),
        cmocka_unit_test(test_fc_plot_describe_waterfall),
        cmocka_unit_test(test_fc_palette_get_stable),
        cmocka_unit_test(test_fc_ceplane_frontier_known),
        cmocka_unit_test(test_fc_plot_write_reproducible),
    };
    return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
