/* tornado.c: the tornado chart (see tornado.h). */
#include "plots/tornado.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plots/chart_int.h"

fc_status
fc_tornado_draw(fc_chart *c, const fc_tornado *t, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[2];
    fc_axis_fmt vf;
    char buf[FC_AXIS_LABEL_MAX];
    double lo = 0, hi = 0, maxabs = fabs(t ? t->central : 0), wl = 0, wr = 0;
    const fc_rgb col[2] = {fc_rgb_hex(FC_RGB_BLUE), fc_rgb_hex(FC_RGB_ORANGE)};
    size_t i;
    fc_status st;

    if (t == NULL || t->n == 0 || t->labels == NULL || t->low == NULL || t->high == NULL)
        return FC_FAIL(err, FC_EINVAL, "tornado needs labels and low and high values");
    if ((st = fc_ck_finite(t->low, t->n, "tornado low value", err)) != FC_OK ||
        (st = fc_ck_finite(t->high, t->n, "tornado high value", err)) != FC_OK ||
        (st = fc_ck_finite(&t->central, 1, "tornado central value", err)) != FC_OK)
        return st;
    for (i = 0; i < t->n; i++)
        for (int e = 0; e < 2; e++) {
            double v = e ? t->high[i] : t->low[i];
            lo = fmin(lo, v - t->central);
            hi = fmax(hi, v - t->central);
            maxabs = fmax(maxabs, fabs(v));
        }
    /* every bar's end carries the outcome itself, in one format */
    fc_axis_fmt_choose(&vf, t->fmt, maxabs, 0);
    for (i = 0; i < t->n; i++)
        for (int e = 0; e < 2; e++) {
            double v = e ? t->high[i] : t->low[i];
            fc_axis_fmt_value(&vf, v, buf, sizeof buf);
            if (v < t->central)
                wl = fmax(wl, fc_ck_text_width(c, buf, FC_CK_TICK));
            else
                wr = fmax(wr, fc_ck_text_width(c, buf, FC_CK_TICK));
        }
    for (i = 0; i < t->n; i++) /* room for "no change" right of the axis */
        if (t->low[i] == t->central && t->high[i] == t->central)
            wr = fmax(wr, fc_ck_text_width(c, "no change", FC_CK_TICK) + 1);
    b = fc_ck_frame(c, &t->text);
    keys[0] = (fc_ck_key){t->low_label ? t->low_label : "Parameter at its p10", col[0],
                          FC_KEY_FILL, 0, 0};
    keys[1] = (fc_ck_key){t->high_label ? t->high_label : "Parameter at its p90", col[1],
                          FC_KEY_FILL, 0, 0};
    fc_ck_legend(c, &b, keys, 2);
    if (!(hi > lo)) /* no parameter moves the outcome: an axis about zero */
        lo = -1, hi = 1;
    g.x.lo = lo;
    g.x.hi = hi;
    g.x.fk = t->fmt;
    g.x.grid = 1;
    g.x.title = t->text.x_title;
    g.y.cat = 1;
    g.y.ncat = t->n;
    g.y.cats = t->labels;
    g.y.wrap_cats = 34;
    g.left_pad = wl + 6;
    g.right_pad = wr + 6;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        return st;
    fc_ck_xy_grid(c, &g);
    for (i = 0; i < t->n; i++) {
        const double yc = fc_ck_pos(&g.y, (double)i), bh = g.y.band * 0.34;
        const double x0 = fc_ck_pos(&g.x, 0);
        if (t->low[i] == t->central && t->high[i] == t->central) { /* one word, not two */
            fc_ck_text(c, "no change", FC_CK_TICK, x0 + 4, yc, 0, 0.5, fc_rgb_hex(FC_CK_INK2));
            continue;
        }
        for (int e = 0; e < 2; e++) { /* the low bar above, the high bar below */
            const double v = e ? t->high[i] : t->low[i], y = yc + (e ? 0.5 : -0.5) * bh - 0.5 * bh;
            double x1 = fc_ck_pos(&g.x, v - t->central), w = fabs(x1 - x0);
            const int left = v < t->central;
            cairo_rectangle(c->cr, c->ox + fmin(x0, x1), c->oy + y + 1, w < 1 ? 1 : w, bh - 1);
            fc_ck_rgb(c, col[e]);
            cairo_fill(c->cr);
            fc_axis_fmt_value(&vf, v, buf, sizeof buf);
            fc_ck_text(c, buf, FC_CK_TICK, left ? fmin(x0, x1) - 3 : fmax(x0, x1) + 3,
                       y + bh / 2 + 0.5, left ? 1 : 0, 0.5, fc_rgb_hex(FC_CK_INK));
        }
    }
    fc_ck_xy_axes(c, &g);
    return fc_ck_status(c, "cannot draw the tornado chart", err);
}
