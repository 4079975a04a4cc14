/* test_place.c: label placement and text contrast. The geometry (segment through box, box
 * overlap) on hand-drawn cases; the placement's promises on a crowded synthetic case; and
 * the cost-effectiveness plane of the shipped example (its ten options' benefits and costs,
 * datasets/pbma_options.csv) drawn for real: no two words overprint, no label covers a
 * mark, no label sits on the threshold, frontier or axis lines, and every word reaches
 * WCAG's 4.5:1 against white.
 */
#include "plots/chart_int.h"
#include "plots/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_util.h"

static void
test_fc_ck_seg_hits_known(void **state)
{
    const fc_ck_box b = {10, 10, 20, 20};
    (void)state;
    /* through the middle, diagonally, and a vertical one along x = 15 */
    assert_true(fc_ck_seg_hits(&b, &(fc_ck_seg){0, 0, 30, 30, 1}));
    assert_true(fc_ck_seg_hits(&b, &(fc_ck_seg){15, 0, 15, 30, 1}));
    /* ends inside the box */
    assert_true(fc_ck_seg_hits(&b, &(fc_ck_seg){0, 15, 12, 15, 1}));
    /* stops short of it, passes beside it, runs along an edge (touching is not crossing) */
    assert_false(fc_ck_seg_hits(&b, &(fc_ck_seg){0, 0, 9, 9, 1}));
    assert_false(fc_ck_seg_hits(&b, &(fc_ck_seg){0, 25, 30, 25, 1}));
    assert_false(fc_ck_seg_hits(&b, &(fc_ck_seg){10, 0, 10, 30, 1}));
    /* y = x + 11 passes above the corner (20, 20)... x = 9 gives y = 20, outside */
    assert_false(fc_ck_seg_hits(&b, &(fc_ck_seg){0, 11, 20, 31, 1}));
    /* ... y = x + 9 enters at (10, 19) */
    assert_true(fc_ck_seg_hits(&b, &(fc_ck_seg){0, 9, 20, 29, 1}));
    /* overlap areas: a 5 x 5 corner, none, and a box with itself (100) */
    assert_close(fc_ck_box_overlap(&b, &(fc_ck_box){15, 15, 25, 25}), 25, 0, 1e-12);
    assert_close(fc_ck_box_overlap(&b, &(fc_ck_box){20, 0, 30, 30}), 0, 0, 0);
    assert_close(fc_ck_box_overlap(&b, &b), 100, 0, 1e-12);
}

/* Shrinks a box by d on every side: boxes that only touch do not count as overlapping. */
static fc_ck_box
inset(double x0, double y0, double x1, double y1, double d)
{
    return (fc_ck_box){x0 + d, y0 + d, x1 - d, y1 - d};
}

static void
test_fc_ck_place_labels_crowded(void **state)
{
    /* twelve marks in a tight cluster (15 pt apart on a 4 x 3 grid) with two strong lines
     * through it, in a 400 x 300 pt plot, and a caption in the top-left corner */
    enum { N = 12 };
    double px[N], py[N], w[N];
    fc_ck_box box[N];
    int far[N];
    const fc_ck_box cap = {0, 0, 120, 24};
    const fc_ck_seg seg[2] = {{0, 300, 400, 0, FC_CK_STRONG}, {0, 150, 400, 150, FC_CK_STRONG}};
    fc_ck_place pl;
    size_t i, j;
    (void)state;
    for (i = 0; i < N; i++) {
        px[i] = 180 + 15 * (double)(i % 4);
        py[i] = 130 + 15 * (double)(i / 4);
        w[i] = 40 + 7 * (double)i; /* 40 to 117 pt wide */
    }
    pl = (fc_ck_place){N, px, py, w, 11, 5, &cap, 1, seg, 2, {0, 0, 400, 300}};
    fc_ck_place_labels(&pl, box, far);
    for (i = 0; i < N; i++) {
        const fc_ck_box bi = inset(box[i].x0, box[i].y0, box[i].x1, box[i].y1, 0.01);
        /* its own size, inside the plot, clear of the caption */
        assert_close(box[i].x1 - box[i].x0, w[i], 0, 1e-9);
        assert_close(box[i].y1 - box[i].y0, 11, 0, 1e-9);
        assert_true(box[i].x0 >= 0 && box[i].y0 >= 0 && box[i].x1 <= 400 && box[i].y1 <= 300);
        assert_true(fc_ck_box_overlap(&bi, &cap) == 0);
        for (j = 0; j < N; j++) {
            const fc_ck_box mark = {px[j] - 5, py[j] - 5, px[j] + 5, py[j] + 5};
            if (fc_ck_box_overlap(&bi, &mark) > 0)
                print_error("label %zu covers mark %zu\n", i, j);
            assert_true(fc_ck_box_overlap(&bi, &mark) == 0);
            if (j != i && fc_ck_box_overlap(&bi, &box[j]) > 0)
                print_error("labels %zu and %zu overlap\n", i, j);
            assert_true(j == i || fc_ck_box_overlap(&bi, &box[j]) == 0);
        }
        /* a label off its mark says so (the caller draws a leader): a box whose nearest
         * point is more than the mark's radius and gap away is far */
        {
            double qx = fmin(fmax(px[i], box[i].x0), box[i].x1);
            double qy = fmin(fmax(py[i], box[i].y0), box[i].y1);
            if (hypot(qx - px[i], qy - py[i]) > 5 + 3 + 1e-9)
                assert_true(far[i]);
        }
    }
}

static void
test_fc_ck_place_labels_free(void **state)
{
    /* alone in an empty plot, a label sits right of its mark, centred on it, no leader */
    double px = 100, py = 100, w = 50;
    fc_ck_box box;
    int far;
    fc_ck_place pl = {1, &px, &py, &w, 10, 4, NULL, 0, NULL, 0, {0, 0, 400, 300}};
    (void)state;
    fc_ck_place_labels(&pl, &box, &far);
    assert_false(far);
    assert_close(box.x0, 100 + 4 + 3, 0, 1e-9);
    assert_close(box.y0, 95, 0, 1e-9);
    /* a strong line along y = 100 through the right-hand spot moves it above or below,
     * still beside the mark and clear of the line */
    {
        fc_ck_seg s = {0, 100, 400, 100, FC_CK_STRONG};
        pl.segs = &s;
        pl.n_segs = 1;
        fc_ck_place_labels(&pl, &box, &far);
        assert_false(fc_ck_seg_hits(&box, &s));
        assert_false(far);
    }
}

static void
test_fc_rgb_contrast_known(void **state)
{
    const fc_rgb white = fc_rgb_hex(0xFFFFFFu), black = fc_rgb_hex(0);
    (void)state;
    /* WCAG 2.x: black on white is 21:1, a colour on itself 1:1; #767676 is the lightest
     * grey that passes 4.5:1 (4.54), #777777 just fails (4.48) */
    assert_close(fc_rgb_contrast(black, white), 21, 1e-12, 0);
    assert_close(fc_rgb_contrast(white, black), 21, 1e-12, 0);
    assert_close(fc_rgb_contrast(white, white), 1, 0, 1e-12);
    assert_close(fc_rgb_contrast(fc_rgb_hex(0x767676u), white), 4.54, 0, 0.005);
    assert_true(fc_rgb_contrast(fc_rgb_hex(0x777777u), white) < 4.5);
    /* every Okabe-Ito hue as label ink reaches 4.5:1, and the dark ones are kept as they are */
    {
        static const unsigned hue[8] = {FC_RGB_ORANGE, FC_RGB_SKY,        FC_RGB_GREEN,
                                        FC_RGB_YELLOW, FC_RGB_BLUE,       FC_RGB_VERMILLION,
                                        FC_RGB_PURPLE, FC_RGB_BLACK};
        for (int k = 0; k < 8; k++) {
            fc_rgb ink = fc_ck_ink_of(fc_rgb_hex(hue[k]));
            assert_true(fc_rgb_contrast(ink, white) >= 4.5);
        }
        fc_rgb b = fc_ck_ink_of(fc_rgb_hex(FC_RGB_BLACK));
        assert_true(b.r == 0 && b.g == 0 && b.b == 0);
    }
}

/* The shipped example's options (datasets/pbma_options.csv): benefit a year, cost a year. */
static const char *const ex_name[10] = {
    "Falls prevention",        "Reablement expansion",   "Hospital at home",
    "Dementia advisers",       "Care home support basic", "Reduce day centre hours",
    "Reablement digital",      "Care home support full", "Close ward 12",
    "Stop low value procedures"};
static const double ex_e[10] = {38, 44, 61, 19, 15, -14, 6, 27, -31, -4};
static const double ex_c[10] = {420000, 650000, 910000, 300000, 250000,
                                -260000, 120000, 540000, -1200000, -380000};
static const double ex_wtp[1] = {20000};

static void
test_fc_ceplane_labels_clear(void **state)
{
    const fc_chart_opts opts = {482, 300, 150, 9, NULL, "2026-03-31T00:00:00"};
    fc_plot p = {0};
    fc_chart *c = NULL;
    fc_err err = {0};
    const fc_chart_box *b;
    size_t n, i, j, labels = 0, marks = 0;
    double x0, y0, x1, y1;
    (void)state;
    p.kind = FC_PLOT_CEPLANE;
    p.u.ceplane = (fc_ceplane){{"CE plane", "Example", "Benefit", "Cost", "Source"},
                               10, ex_name, ex_e, ex_c, 1, ex_wtp, 0, NULL, 0, NULL};
    assert_int_equal(fc_chart_alloc(&c, FC_CHART_PNG, NULL, &opts, NULL, &err), FC_OK);
    assert_int_equal(fc_plot_draw(c, &p, &err), FC_OK);
    if (getenv("FC_TEST_PNG")) /* to look at it */
        cairo_surface_write_to_png(fc_chart_surface(c), getenv("FC_TEST_PNG"));
    b = fc_chart_boxes(c, &n);
    assert_non_null(b);
    for (i = 0; i < n; i++) {
        labels += b[i].data_label;
        marks += b[i].mark;
        if (b[i].mark)
            continue;
        /* every word reads on white */
        assert_true(fc_rgb_contrast(b[i].ink, fc_rgb_hex(0xFFFFFFu)) >= 4.5);
        for (j = 0; j < n; j++) {
            const fc_ck_box bi = inset(b[i].x0, b[i].y0, b[i].x1, b[i].y1, 0.5);
            const fc_ck_box bj = {b[j].x0, b[j].y0, b[j].x1, b[j].y1};
            if (j == i || (!b[j].mark && j < i))
                continue;
            if (fc_ck_box_overlap(&bi, &bj) > 0)
                print_error("text box %zu (%.1f %.1f %.1f %.1f) overprints %s %zu (%.1f %.1f "
                            "%.1f %.1f)\n",
                            i, b[i].x0, b[i].y0, b[i].x1, b[i].y1, b[j].mark ? "mark" : "text", j,
                            b[j].x0, b[j].y0, b[j].x1, b[j].y1);
            assert_true(fc_ck_box_overlap(&bi, &bj) == 0);
        }
    }
    assert_int_equal(labels, 10);
    assert_int_equal(marks, 10);
    /* no option label is crossed by the threshold line (through the origin, GBP 20k a unit)
     * or by the axes through the origin */
    {
        double ox, oy, tx, ty;
        fc_chart_plot_area(c, &x0, &y0, &x1, &y1);
        assert_int_equal(fc_chart_map(c, 0, 0, &ox, &oy), FC_OK);
        assert_int_equal(fc_chart_map(c, 50, 50 * 20000.0, &tx, &ty), FC_OK);
        const fc_ck_seg lines[3] = {{ox - (tx - ox) * 10, oy - (ty - oy) * 10,
                                     ox + (tx - ox) * 10, oy + (ty - oy) * 10, 1},
                                    {ox, y0, ox, y1, 1},
                                    {x0, oy, x1, oy, 1}};
        for (i = 0; i < n; i++)
            for (j = 0; b[i].data_label && j < 3; j++) {
                const fc_ck_box bi = inset(b[i].x0, b[i].y0, b[i].x1, b[i].y1, 0.5);
                if (fc_ck_seg_hits(&bi, &lines[j]))
                    print_error("label box %zu (%.1f %.1f %.1f %.1f) crosses line %zu\n", i,
                                b[i].x0, b[i].y0, b[i].x1, b[i].y1, j);
                assert_false(fc_ck_seg_hits(&bi, &lines[j]));
            }
    }
    fc_chart_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fc_ck_seg_hits_known),
        cmocka_unit_test(test_fc_ck_place_labels_crowded),
        cmocka_unit_test(test_fc_ck_place_labels_free),
        cmocka_unit_test(test_fc_rgb_contrast_known),
        cmocka_unit_test(test_fc_ceplane_labels_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
