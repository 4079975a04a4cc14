/* frame.c: the axes of a chart: measuring every tick label before placing the plot area (chart_int.h). */
#include "plots/chart_int.h"

/* ================================================================================ axes */

double
fc_ck_pos(const fc_ck_axis *a, double v)
{
    return fc_axis_scale_map(&a->s, v);
}

static fc_status
value_ticks(fc_ck_axis *a, size_t target, fc_err *err)
{
    fc_status st = FC_OK;
    double m;
    if (!isfinite(a->lo) || !isfinite(a->hi) || a->lo > a->hi)
        return FC_FAIL(err, FC_EINVAL, "axis range %g to %g is not valid", a->lo, a->hi);
    if (target < 2)
        target = 2;
    /* a value axis reads from four ticks up, however short it is (its labels are thinned
     * where they would touch, the gridlines stay) */
    if (target < 4 && !a->log && a->fk != FC_FMT_YEAR && a->fk != FC_FMT_FYEAR)
        target = 4;
    if (a->fk == FC_FMT_YEAR || a->fk == FC_FMT_FYEAR)
        st = fc_axis_ticks_year(a->lo, a->hi, target, &a->ticks, err);
    else if (a->log)
        st = fc_axis_ticks_log(a->lo, a->hi, &a->ticks, err);
    else {
        /* of up to three tick counts, keep the one whose domain wastes least space */
        fc_axis_ticks t;
        double best = -1;
        size_t k;
        for (k = target; k <= target + 2; k++) {
            double cover;
            if ((st = fc_axis_ticks_linear(a->lo, a->hi, k, &t, err)) != FC_OK)
                return st;
            cover = a->hi > a->lo ? (a->hi - a->lo) / (t.hi - t.lo) : 0;
            if (cover > best + 0.02) {
                best = cover;
                a->ticks = t;
            }
        }
    }
    if (st != FC_OK)
        return st;
    if (a->exact && a->lo < a->hi) {
        size_t i, k = 0;
        for (i = 0; i < a->ticks.n; i++)
            if (a->ticks.v[i] >= a->lo - 1e-9 && a->ticks.v[i] <= a->hi + 1e-9)
                a->ticks.v[k++] = a->ticks.v[i];
        a->ticks.n = k;
        a->ticks.lo = a->lo;
        a->ticks.hi = a->hi;
    }
    m = fabs(a->ticks.lo) > fabs(a->ticks.hi) ? fabs(a->ticks.lo) : fabs(a->ticks.hi);
    fc_axis_fmt_choose(&a->fmt, a->fk, m, a->log ? 0 : a->ticks.step);
    if (a->log) {
        /* log ticks: enough decimals for the smallest tick */
        fc_axis_fmt_choose(&a->fmt, a->fk, m, a->ticks.v[0]);
    }
    return FC_OK;
}

static void
tick_label(const fc_ck_axis *a, size_t i, char *buf, size_t n)
{
    if (a->cat) {
        snprintf(buf, n, "%s", a->cats && a->cats[i] ? a->cats[i] : "");
        return;
    }
    if (a->log) {
        /* log ticks span decades: each takes only the decimals it needs (0.1, 1, 10) */
        fc_axis_fmt f;
        double m = fmax(fabs(a->ticks.lo), fabs(a->ticks.hi));
        fc_axis_fmt_choose(&f, a->fk, m, a->ticks.v[i]);
        fc_axis_fmt_value(&f, a->ticks.v[i], buf, n);
        return;
    }
    fc_axis_fmt_value(&a->fmt, a->abs_labels ? fabs(a->ticks.v[i]) : a->ticks.v[i], buf, n);
}

static size_t
axis_count(const fc_ck_axis *a)
{
    return a->cat ? a->ncat : a->ticks.n;
}

/* The y axis's ticks (value ticks for a plot about est_h tall; category labels wrapped to
 * fit their rows, widening the label column up to half the width, else cut to one line) and
 * the widest label, *ylab_w. */
static fc_status
y_labels(fc_chart *c, fc_ck_axis *y, fc_ck_box b, double est_h, double *ylab_w_out,
         fc_err *err)
{
    char buf[256];
    double tw, ylab_w = 0, cat_wrap = 0;
    size_t i, n;
    fc_status st;

    if (!y->cat) {
        if ((st = value_ticks(y, (size_t)(est_h / 36 > 2 ? est_h / 36 : 2), err)) != FC_OK)
            return st;
    } else if (y->wrap_cats) {
        /* widen the label column until wrapped labels fit their band (at most half) */
        double band = est_h / (double)(y->ncat ? y->ncat : 1), pct, lh;
        for (pct = (double)y->wrap_cats; pct <= 50; pct += 2) {
            double hmax = 0;
            cat_wrap = (b.x1 - b.x0) * pct / 100.0;
            for (i = 0; i < y->ncat; i++) {
                fc_ck_text_set(c, y->cats[i], FC_CK_TICK, cat_wrap, 2);
                fc_ck_text_size(c, NULL, &lh);
                hmax = fmax(hmax, lh);
            }
            if (hmax <= band - 3)
                break;
        }
        if (pct > 50) {
            /* too many rows for wrapped labels: one line each, cut with an ellipsis */
            y->one_line = 1;
            cat_wrap = (b.x1 - b.x0) * 0.4;
        }
    }
    n = axis_count(y);
    for (i = 0; i < n; i++) {
        tick_label(y, i, buf, sizeof buf);
        fc_ck_text_set(c, buf, FC_CK_TICK, cat_wrap, 2);
        if (y->one_line)
            pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_END);
        fc_ck_text_size(c, &tw, NULL);
        if (tw > ylab_w)
            ylab_w = tw;
    }
    *ylab_w_out = ylab_w;
    return FC_OK;
}

/* The x axis's ticks from the plot width, thinned until no labels overlap, the last one kept
 * inside the canvas (which may narrow the plot). */
static fc_status
x_labels(fc_chart *c, fc_ck_xy *g, fc_ck_box b, fc_err *err)
{
    fc_ck_axis *x = &g->x;
    char buf[256];
    double plot_w;
    size_t i, n;
    fc_status st;

    plot_w = g->plot.x1 - g->plot.x0;
    if (plot_w < 40)
        return FC_FAIL(err, FC_EINVAL, "chart is too narrow for its labels");
    if (!x->cat) {
        if ((st = value_ticks(x, (size_t)(plot_w / 60 > 2 ? plot_w / 60 : 2), err)) != FC_OK)
            return st;
        if ((st = fc_axis_scale_init(&x->s, x->log ? FC_AXIS_LOG : FC_AXIS_LINEAR, x->ticks.lo,
                                     x->ticks.hi, g->plot.x0, g->plot.x1, err)) != FC_OK)
            return st;
    } else {
        if (x->ncat == 0)
            return FC_FAIL(err, FC_EINVAL, "categorical axis has no categories");
        x->band = plot_w / (double)x->ncat;
        if ((st = fc_axis_scale_init(&x->s, FC_AXIS_LINEAR, -0.5, (double)x->ncat - 0.5, g->plot.x0,
                                     g->plot.x1, err)) != FC_OK)
            return st;
    }
    n = axis_count(x);
    x->stride = 1;
    x->label_w = 0;
    if (n > 0) {
        double *cen = calloc(n, sizeof *cen), *wid = calloc(n, sizeof *wid);
        if (cen == NULL || wid == NULL) {
            free(cen);
            free(wid);
            return FC_FAIL(err, FC_ENOMEM, "out of memory laying out an axis");
        }
        for (i = 0; i < n; i++) {
            tick_label(x, i, buf, sizeof buf);
            wid[i] = fc_ck_text_width(c, buf, FC_CK_TICK);
            cen[i] = fc_axis_scale_map(&x->s, x->cat ? (double)i : x->ticks.v[i]);
            if (wid[i] > x->label_w)
                x->label_w = wid[i];
        }
        x->stride = fc_axis_thin_stride(cen, wid, n, 8);
        /* keep the last label inside the canvas */
        if (!x->cat && cen[n - 1] + wid[n - 1] / 2 > b.x1 && g->plot.x1 + wid[n - 1] / 2 > b.x1)
            g->plot.x1 = b.x1 - wid[n - 1] / 2;
        free(cen);
        free(wid);
        if (!x->cat)
            x->s.r1 = g->plot.x1;
        else {
            x->band = (g->plot.x1 - g->plot.x0) / (double)x->ncat;
            x->s.r1 = g->plot.x1;
        }
    }
    return FC_OK;
}

/* The y axis's scale over the plot's height, and its categories' rows: thinned when they
 * are too thin for a label, an error (the chart must be taller) when named rows cannot be. */
static fc_status
y_scale(fc_ck_xy *g, double th, double plot_h, fc_err *err)
{
    fc_ck_axis *y = &g->y;
    fc_status st;

    if (!y->cat) {
        if ((st = fc_axis_scale_init(&y->s, y->log ? FC_AXIS_LOG : FC_AXIS_LINEAR, y->ticks.lo,
                                     y->ticks.hi, g->plot.y1, g->plot.y0, err)) != FC_OK)
            return st;
    } else {
        if (y->ncat == 0)
            return FC_FAIL(err, FC_EINVAL, "categorical axis has no categories");
        y->band = plot_h / (double)y->ncat;
        if ((st = fc_axis_scale_init(&y->s, FC_AXIS_LINEAR, -0.5, (double)y->ncat - 0.5, g->plot.y0,
                                     g->plot.y1, err)) != FC_OK)
            return st;
    }
    y->stride = 1;
    if (y->cat && !y->wrap_cats && y->band < th + 1)
        y->stride = (size_t)ceil((th + 1) / y->band);
    /* named rows (options, drivers) cannot be thinned: say how tall the chart must be */
    if (y->cat && y->wrap_cats && y->band < th * 0.9)
        return FC_FAIL(err, FC_EINVAL,
                       "%zu rows need a plot area at least %.0f pt tall, but "
                       "the chart leaves %.0f pt (make the chart taller)",
                       y->ncat, ceil(th * 0.9 * (double)y->ncat), plot_h);
    return FC_OK;
}

fc_status
fc_ck_xy_layout(fc_chart *c, fc_ck_xy *g, fc_ck_box b, fc_err *err)
{
    fc_ck_axis *x = &g->x, *y = &g->y;
    double th, ylab_w = 0, ytitle_h = 0, xtitle_h = 0, xlab_h, est_h, plot_h;
    fc_status st = FC_OK;

    /* tick label height (one line) */
    fc_ck_text_set(c, "0", FC_CK_TICK, 0, 0);
    fc_ck_text_size(c, NULL, &th);

    if (y->title && y->title[0]) {
        fc_ck_text_set(c, y->title, FC_CK_LABEL, b.x1 - b.x0, 0);
        fc_ck_text_size(c, NULL, &ytitle_h);
        fc_ck_text_show(c, b.x0, b.y0, 0, 0, 0, fc_rgb_hex(FC_CK_INK2));
        b.y0 += ytitle_h + 2;
    }
    /* the top tick label is centred on the plot's top edge: keep its upper half clear */
    if (!y->cat)
        b.y0 += th / 2 + 2;
    if (x->title && x->title[0]) {
        fc_ck_text_set(c, x->title, FC_CK_LABEL, b.x1 - b.x0, 1);
        fc_ck_text_size(c, NULL, &xtitle_h);
        xtitle_h += 3;
    }
    /* y labels: value ticks sized from an estimate of the plot height */
    est_h = b.y1 - b.y0 - xtitle_h - th - 6;
    if ((st = y_labels(c, y, b, est_h, &ylab_w, err)) != FC_OK)
        return st;
    y->label_w = ylab_w;
    g->plot.x0 = b.x0 + ylab_w + 5 + g->left_pad;
    g->plot.x1 = b.x1 - g->right_pad;

    if ((st = x_labels(c, g, b, err)) != FC_OK)
        return st;
    xlab_h = th + 4;
    g->plot.y0 = b.y0;
    g->plot.y1 = b.y1 - xlab_h - xtitle_h;
    plot_h = g->plot.y1 - g->plot.y0;
    if (plot_h < 30)
        return FC_FAIL(err, FC_EINVAL, "chart is too short for its text");
    if (x->title && x->title[0]) {
        fc_ck_text_set(c, x->title, FC_CK_LABEL, b.x1 - b.x0, 1);
        fc_ck_text_show(c, (g->plot.x0 + g->plot.x1) / 2, b.y1, 0.5, 1, 0, fc_rgb_hex(FC_CK_INK2));
    }
    if ((st = y_scale(g, th, plot_h, err)) != FC_OK)
        return st;
    c->sx = x->s;
    c->sy = y->s;
    c->px0 = g->plot.x0;
    c->py0 = g->plot.y0;
    c->px1 = g->plot.x1;
    c->py1 = g->plot.y1;
    c->drawn = 1;
    return FC_OK;
}

void
fc_ck_clip(fc_chart *c, const fc_ck_xy *g)
{
    cairo_save(c->cr);
    cairo_rectangle(c->cr, c->ox + g->plot.x0, c->oy + g->plot.y0 - 1, g->plot.x1 - g->plot.x0,
                    g->plot.y1 - g->plot.y0 + 2);
    cairo_clip(c->cr);
}

void
fc_ck_xy_grid(fc_chart *c, const fc_ck_xy *g)
{
    cairo_t *cr = c->cr;
    size_t i;
    cairo_save(cr);
    cairo_translate(cr, c->ox, c->oy);
    cairo_set_line_width(cr, 0.5);
    fc_ck_rgb(c, fc_rgb_hex(FC_CK_GRID));
    if (!g->y.cat && g->y.grid) {
        for (i = 0; i < g->y.ticks.n; i++) {
            double p = fc_ck_pos(&g->y, g->y.ticks.v[i]);
            cairo_move_to(cr, g->plot.x0, p);
            cairo_line_to(cr, g->plot.x1, p);
        }
    }
    if (!g->x.cat && g->x.grid) {
        for (i = 0; i < g->x.ticks.n; i++) {
            double p = fc_ck_pos(&g->x, g->x.ticks.v[i]);
            cairo_move_to(cr, p, g->plot.y0);
            cairo_line_to(cr, p, g->plot.y1);
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void
fc_ck_xy_axes(fc_chart *c, const fc_ck_xy *g)
{
    cairo_t *cr = c->cr;
    const fc_ck_axis *x = &g->x, *y = &g->y;
    char buf[256];
    size_t i, n;
    double wrap = y->wrap_cats ? y->label_w : 0;

    cairo_save(cr);
    cairo_translate(cr, c->ox, c->oy);
    cairo_set_line_width(cr, 0.8);
    fc_ck_rgb(c, fc_rgb_hex(FC_CK_AXIS));
    /* the baseline: at zero when a value axis spans it, else at the bottom */
    if (!y->cat) {
        double base =
            y->ticks.lo <= 0 && y->ticks.hi >= 0 && !y->log ? fc_ck_pos(y, 0) : g->plot.y1;
        cairo_move_to(cr, g->plot.x0, base);
        cairo_line_to(cr, g->plot.x1, base);
    } else if (!x->cat) {
        double base =
            x->ticks.lo <= 0 && x->ticks.hi >= 0 && !x->log ? fc_ck_pos(x, 0) : g->plot.x0;
        cairo_move_to(cr, base, g->plot.y0);
        cairo_line_to(cr, base, g->plot.y1);
    }
    cairo_stroke(cr);
    cairo_restore(cr);

    n = axis_count(y);
    for (i = 0; i < n; i++) {
        double p = fc_ck_pos(y, y->cat ? (double)i : y->ticks.v[i]);
        /* thinned category labels count from the last (bottom) one */
        if (y->stride > 1 && (n - 1 - i) % y->stride != 0)
            continue;
        tick_label(y, i, buf, sizeof buf);
        fc_ck_text_set(c, buf, FC_CK_TICK, wrap, 2);
        if (y->one_line)
            pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_END);
        fc_ck_text_show(c, g->plot.x0 - 5 - g->left_pad, p, 1, 0.5, 0, fc_rgb_hex(FC_CK_INK));
    }
    n = axis_count(x);
    for (i = 0; i < n; i += x->stride) {
        double p = fc_ck_pos(x, x->cat ? (double)i : x->ticks.v[i]), w, h;
        tick_label(x, i, buf, sizeof buf);
        fc_ck_text_set(c, buf, FC_CK_TICK, 0, 0);
        fc_ck_text_size(c, &w, &h);
        /* where the y axis has a label at the plot's foot, the x labels stay out of the y
         * labels' column (still spanning their tick) instead of overprinting its corner */
        if (!y->cat && y->ticks.n > 0 && fc_ck_pos(y, y->ticks.v[0]) + h / 2 > g->plot.y1 + 4 &&
            p - w / 2 < g->plot.x0 - 5 - g->left_pad + 1)
            p = fmin(g->plot.x0 - 5 - g->left_pad + 1 + w / 2, p + w / 2);
        fc_ck_text_show(c, p, g->plot.y1 + 4, 0.5, 0, 0, fc_rgb_hex(FC_CK_INK));
    }
}

/* ---------------------------------------------------------- shared by chart types */

fc_status
fc_ck_finite(const double *v, size_t n, const char *what, fc_err *err)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return FC_FAIL(err, FC_EDATA, "%s %zu is not finite (%g)", what, i, v[i]);
    return FC_OK;
}

void
fc_ck_vline_dash(fc_chart *c, const fc_ck_xy *g, double x, fc_rgb col, double width, double on,
                 double off)
{
    double dash[] = {on, off};
    cairo_save(c->cr);
    cairo_set_dash(c->cr, dash, 2, 0);
    cairo_set_line_width(c->cr, width);
    fc_ck_rgb(c, col);
    cairo_move_to(c->cr, c->ox + x, c->oy + g->plot.y0);
    cairo_line_to(c->cr, c->ox + x, c->oy + g->plot.y1);
    cairo_stroke(c->cr);
    cairo_restore(c->cr);
}

void
fc_ck_dashed_vline(fc_chart *c, const fc_ck_xy *g, double x, fc_rgb col, double width)
{
    fc_ck_vline_dash(c, g, x, col, width, 5, 3);
}
