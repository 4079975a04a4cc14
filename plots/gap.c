/* gap.c: the funding gap chart (see gap.h): requirement and envelope lines, the area between
 * them shaded by sign (split exactly where the lines cross), the final-year gap written out.
 */
#include "plots/gap.h"

#include <math.h>
#include <stdio.h>

#include "plots/chart_int.h"

/* The bars' values, thinned like tick labels where they would touch (the last year always
 * kept), over a bar that rises and under one that falls. */
static void
bar_values(fc_chart *c, const fc_ck_xy *g, const double *gap, size_t n, double maxabs,
           fc_axis_fmt_kind fk)
{
    double cen[512], wid[512];
    fc_axis_fmt vf;
    char buf[FC_AXIS_LABEL_MAX];
    size_t i, stride;
    if (n > 512)
        n = 512;
    fc_axis_fmt_choose(&vf, fk, maxabs, 0);
    for (i = 0; i < n; i++) {
        fc_axis_fmt_value(&vf, gap[i], buf, sizeof buf);
        cen[i] = fc_ck_pos(&g->x, (double)i);
        wid[i] = fc_ck_text_width(c, buf, FC_CK_TICK);
    }
    stride = fc_axis_thin_stride(cen, wid, n, 4);
    for (i = 0; i < n; i++) {
        if ((n - 1 - i) % stride != 0) /* counted from the last year, which is always labelled */
            continue;
        fc_axis_fmt_value(&vf, gap[i], buf, sizeof buf);
        fc_ck_text(c, buf, FC_CK_TICK, cen[i], fc_ck_pos(&g->y, gap[i]) + (gap[i] < 0 ? 2 : -2),
                   0.5, gap[i] < 0 ? 0 : 1, fc_rgb_hex(FC_CK_INK));
    }
}

fc_status
fc_gap_draw(fc_chart *c, const fc_gap *d, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[2];
    fc_axis_fmt xf;
    char xl[512][FC_AXIS_LABEL_MAX];
    const char *cats[512];
    double gap[512], lo = 0, hi = 0, maxabs = 0, bw;
    fc_rgb rc = fc_rgb_hex(FC_RGB_VERMILLION), ec = fc_rgb_hex(FC_RGB_BLUE);
    size_t i, nk = 0;
    int any_gap = 0, any_room = 0;
    fc_status st;

    if (d == NULL || d->year == NULL || d->requirement == NULL || d->envelope == NULL ||
        d->n_year < 2)
        return FC_FAIL(err, FC_EINVAL, "funding gap chart needs two or more years");
    if (d->n_year > 512)
        return FC_FAIL(err, FC_EINVAL, "funding gap chart takes at most 512 years, not %zu",
                       d->n_year);
    fc_axis_fmt_choose(&xf, d->x_fmt, 0, 1);
    for (i = 0; i < d->n_year; i++) {
        if (!isfinite(d->year[i]) || !isfinite(d->requirement[i]) || !isfinite(d->envelope[i]) ||
            (i > 0 && !(d->year[i] > d->year[i - 1])))
            return FC_FAIL(err, FC_EDATA,
                           "funding gap values must be finite with ascending "
                           "years (row %zu)",
                           i);
        gap[i] = d->requirement[i] - d->envelope[i];
        lo = fmin(lo, gap[i]);
        hi = fmax(hi, gap[i]);
        maxabs = fmax(maxabs, fabs(gap[i]));
        any_gap |= gap[i] > 0;
        any_room |= gap[i] < 0;
        fc_axis_fmt_value(&xf, d->year[i], xl[i], FC_AXIS_LABEL_MAX);
        cats[i] = xl[i];
    }

    b = fc_ck_frame(c, &d->text);
    if (any_gap)
        keys[nk++] = (fc_ck_key){"Gap: cost above the envelope", rc, FC_KEY_FILL, 0, 0};
    if (any_room)
        keys[nk++] = (fc_ck_key){"Headroom: envelope above the cost", ec, FC_KEY_FILL, 0, 0};
    fc_ck_legend(c, &b, keys, nk);

    /* the gap itself, on an axis through zero, with room for the values over the bars */
    g.x.cat = 1;
    g.x.ncat = d->n_year;
    g.x.cats = cats;
    g.x.title = d->text.x_title;
    g.y.lo = lo < 0 ? lo * 1.08 : 0;
    g.y.hi = hi > 0 ? hi * 1.08 : 0;
    if (!(g.y.hi > g.y.lo))
        g.y.hi = 1; /* no gap in any year: an empty axis from zero */
    g.y.fk = d->y_fmt;
    g.y.grid = 1;
    g.y.title = d->text.y_title;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        return st;
    fc_ck_xy_grid(c, &g);
    bw = g.x.band * 0.62;
    for (i = 0; i < d->n_year; i++) {
        double y0 = fc_ck_pos(&g.y, 0), y1 = fc_ck_pos(&g.y, gap[i]);
        if (gap[i] == 0)
            continue;
        cairo_rectangle(c->cr, c->ox + fc_ck_pos(&g.x, (double)i) - bw / 2, c->oy + fmin(y0, y1),
                        bw, fabs(y1 - y0));
        fc_ck_rgb(c, gap[i] > 0 ? rc : ec);
        cairo_fill(c->cr);
    }
    bar_values(c, &g, gap, d->n_year, maxabs, d->y_fmt);
    fc_ck_xy_axes(c, &g);
    return fc_ck_status(c, "cannot draw funding gap", err);
}
