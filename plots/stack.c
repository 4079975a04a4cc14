/* stack.c: stacked areas and stacked bars by category over years (see stack.h). */
#include "plots/stack.h"

#include <math.h>
#include <stdlib.h>

#include "plots/chart_int.h"

static fc_status
check(const fc_stack *s, fc_err *err)
{
    size_t i, k;
    if (s == NULL || s->x == NULL || s->values == NULL || s->cat_names == NULL || s->n_x == 0 ||
        s->n_cat == 0 || (!s->bars && s->n_x < 2))
        return FC_FAIL(err, FC_EINVAL, "stacked chart needs x values, categories and values");
    for (i = 0; i < s->n_x; i++)
        if (!isfinite(s->x[i]) || (i > 0 && !(s->x[i] > s->x[i - 1])))
            return FC_FAIL(err, FC_EDATA,
                           "stacked chart x values must be finite and "
                           "ascending (x[%zu] = %g)",
                           i, s->x[i]);
    for (k = 0; k < s->n_cat; k++)
        for (i = 0; i < s->n_x; i++) {
            double v = s->values[k * s->n_x + i];
            if (!isfinite(v) || v < 0)
                return FC_FAIL(err, FC_EDATA,
                               "stacked value %g for '%s' at x = %g is not a "
                               "non-negative number",
                               v, s->cat_names[k] ? s->cat_names[k] : "?", s->x[i]);
        }
    return FC_OK;
}

/* Category k's layer on top of base[] (bars or an area), and base[] raised by it. */
static void
stack_layer(fc_chart *c, const fc_stack *s, const fc_ck_xy *g, size_t k, double *base)
{
    size_t i;
    fc_rgb col = fc_palette_get(c->pal, s->cat_names[k]);
    const double *v = s->values + k * s->n_x;
    if (s->bars) {
        double bw = g->x.band * 0.68;
        for (i = 0; i < s->n_x; i++) {
            double xc = fc_ck_pos(&g->x, (double)i);
            double y0 = fc_ck_pos(&g->y, base[i]), y1 = fc_ck_pos(&g->y, base[i] + v[i]);
            cairo_rectangle(c->cr, c->ox + xc - bw / 2, c->oy + y1, bw, y0 - y1);
            fc_ck_rgb(c, col);
            cairo_fill_preserve(c->cr);
            cairo_set_source_rgb(c->cr, 1, 1, 1);
            cairo_set_line_width(c->cr, 0.5);
            cairo_stroke(c->cr);
            base[i] += v[i];
        }
    } else {
        cairo_new_path(c->cr);
        for (i = 0; i < s->n_x; i++)
            cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, s->x[i]),
                          c->oy + fc_ck_pos(&g->y, base[i] + v[i]));
        for (i = s->n_x; i-- > 0;)
            cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, s->x[i]),
                          c->oy + fc_ck_pos(&g->y, base[i]));
        cairo_close_path(c->cr);
        fc_ck_rgb(c, col);
        cairo_fill_preserve(c->cr);
        cairo_set_source_rgb(c->cr, 1, 1, 1);
        cairo_set_line_width(c->cr, 0.6);
        cairo_stroke(c->cr);
        for (i = 0; i < s->n_x; i++)
            base[i] += v[i];
    }
}

/* The bars' totals on top, thinned like tick labels when they would touch; the outer ones
 * kept over the plot, clear of the y tick labels. */
static fc_status
stack_totals(fc_chart *c, const fc_stack *s, const fc_ck_xy *g, const double *base, double ymax,
             fc_err *err)
{
    double *cen = calloc(s->n_x, sizeof *cen), *wid = calloc(s->n_x, sizeof *wid);
    fc_axis_fmt tf;
    size_t i, stride;
    char buf[FC_AXIS_LABEL_MAX];

    if (cen == NULL || wid == NULL) {
        free(cen);
        free(wid);
        return FC_FAIL(err, FC_ENOMEM, "out of memory drawing a stacked chart");
    }
    fc_axis_fmt_choose(&tf, s->y_fmt, ymax, 0);
    for (i = 0; i < s->n_x; i++) {
        fc_axis_fmt_value(&tf, base[i], buf, sizeof buf);
        cen[i] = fc_ck_pos(&g->x, (double)i);
        wid[i] = fc_ck_text_width(c, buf, FC_CK_TICK);
    }
    stride = fc_axis_thin_stride(cen, wid, s->n_x, 4);
    for (i = 0; i < s->n_x; i += stride) {
        fc_axis_fmt_value(&tf, base[i], buf, sizeof buf);
        /* keep the outer labels over the plot, clear of the y tick labels */
        double xc = fmax(cen[i], g->plot.x0 + wid[i] / 2);
        xc = fmin(xc, c->w - 8 - wid[i] / 2);
        fc_ck_text(c, buf, FC_CK_TICK, xc, fc_ck_pos(&g->y, base[i]) - 2, 0.5, 1,
                   fc_rgb_hex(FC_CK_INK));
    }
    free(cen);
    free(wid);
    return FC_OK;
}

fc_status
fc_stack_draw(fc_chart *c, const fc_stack *s, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key *keys = NULL;
    char **xl = NULL;
    double *base = NULL, *want = NULL, ymax = 0, th;
    int direct;
    size_t i, k;
    fc_status st;
    fc_axis_fmt xf;

    if ((st = check(s, err)) != FC_OK)
        return st;
    keys = calloc(s->n_cat, sizeof *keys);
    base = calloc(s->n_x, sizeof *base);
    xl = calloc(s->n_x, sizeof *xl);
    want = calloc(2 * s->n_cat, sizeof *want);
    if (keys == NULL || base == NULL || xl == NULL || want == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing a stacked chart");
        goto done;
    }
    for (i = 0; i < s->n_x; i++) {
        double t = 0;
        for (k = 0; k < s->n_cat; k++)
            t += s->values[k * s->n_x + i];
        ymax = fmax(ymax, t);
    }
    b = fc_ck_frame(c, &s->text);
    /* each layer is named beside its end, where even a thin one gets a readable label with a
     * leader; the legend goes when there are too many layers to name there */
    fc_ck_text_set(c, "Ag", FC_CK_LABEL, 0, 0);
    fc_ck_text_size(c, NULL, &th);
    direct = (double)s->n_cat * th * 1.05 <= (b.y1 - b.y0) * 0.6;
    for (k = 0; k < s->n_cat; k++) {
        keys[k] = (fc_ck_key){s->cat_names[k], fc_palette_get(c->pal, s->cat_names[k]), FC_KEY_FILL,
                              0, 0};
        g.right_pad =
            fmax(g.right_pad, fc_ck_text_width_bold(c, s->cat_names[k], FC_CK_LABEL) + 12);
    }
    if (g.right_pad > (b.x1 - b.x0) * 0.3) /* names too long to stand beside the plot */
        direct = 0;
    if (!direct)
        g.right_pad = 0;
    if (!direct)
        fc_ck_legend(c, &b, keys, s->n_cat);

    g.y.lo = 0;
    g.y.hi = ymax > 0 ? ymax * (s->bars && s->totals ? 1.06 : 1.0) : 1;
    g.y.fk = s->y_fmt;
    g.y.grid = 1;
    g.y.title = s->text.y_title;
    g.x.title = s->text.x_title;
    if (s->bars) {
        fc_axis_fmt_choose(&xf, s->x_fmt, 0, 1);
        for (i = 0; i < s->n_x; i++) {
            xl[i] = malloc(FC_AXIS_LABEL_MAX);
            if (xl[i] == NULL) {
                st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing a stacked chart");
                goto done;
            }
            fc_axis_fmt_value(&xf, s->x[i], xl[i], FC_AXIS_LABEL_MAX);
        }
        g.x.cat = 1;
        g.x.ncat = s->n_x;
        g.x.cats = (const char *const *)xl;
    } else {
        g.x.lo = s->x[0];
        g.x.hi = s->x[s->n_x - 1];
        g.x.fk = s->x_fmt;
        g.x.exact = 1;
    }
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        goto done;
    fc_ck_xy_grid(c, &g);

    for (k = 0; k < s->n_cat; k++) {
        /* where layer k ends: the middle of its slice of the last bar or area edge */
        double v = s->values[k * s->n_x + s->n_x - 1], b0 = base[s->n_x - 1];
        want[k] = fc_ck_pos(&g.y, b0 + v / 2);
        stack_layer(c, s, &g, k, base);
    }
    if (direct)
        fc_ck_side_labels(c, &g, s->cat_names, want, want + s->n_cat, s->n_cat, g.plot.y1);
    if (s->bars && s->totals && (st = stack_totals(c, s, &g, base, ymax, err)) != FC_OK)
        goto done;
    fc_ck_xy_axes(c, &g);
    st = fc_ck_status(c, "cannot draw stacked chart", err);
done:
    if (xl)
        for (i = 0; i < s->n_x; i++)
            free(xl[i]);
    free(xl);
    free(keys);
    free(base);
    free(want);
    return st;
}
