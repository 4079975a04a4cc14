/* probbar.c: P(funded) bars (see probbar.h). */
#include "plots/probbar.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plots/chart_int.h"

fc_status
fc_probbar_draw(fc_chart *c, const fc_probbar *p, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[2];
    fc_axis_fmt vf;
    char buf[FC_AXIS_LABEL_MAX];
    fc_rgb in = fc_rgb_hex(FC_RGB_BLUE), out = fc_ck_tint(fc_rgb_hex(FC_RGB_BLUE), 0.62);
    size_t i, nk = 0, nin = 0;
    fc_status st;

    if (p == NULL || p->n == 0 || p->labels == NULL || p->prob == NULL)
        return FC_FAIL(err, FC_EINVAL, "probability chart needs labels and probabilities");
    for (i = 0; i < p->n; i++)
        if (!(p->prob[i] >= 0 && p->prob[i] <= 1))
            return FC_FAIL(err, FC_EDATA, "probability %zu is not in [0, 1] (%g)", i,
                           p->prob[i]);
    for (i = 0; i < p->n_ref; i++)
        if (!(p->ref[i] >= 0 && p->ref[i] <= 1))
            return FC_FAIL(err, FC_EDATA, "reference probability %zu is not in [0, 1]", i);
    fc_axis_fmt_choose(&vf, FC_FMT_PERCENT, 1, 0);
    b = fc_ck_frame(c, &p->text);
    for (i = 0; p->in_set && i < p->n; i++)
        nin += p->in_set[i] != 0;
    if (p->in_set == NULL || nin > 0)
        keys[nk++] = (fc_ck_key){p->in_label ? p->in_label : "In the central plan", in,
                                 FC_KEY_FILL, 0, 0};
    if (p->in_set && nin < p->n)
        keys[nk++] = (fc_ck_key){p->out_label ? p->out_label : "Not in the central plan", out,
                                 FC_KEY_FILL, 0, 0};
    fc_ck_legend(c, &b, keys, nk);

    g.x.lo = 0;
    g.x.hi = 1;
    g.x.exact = 1;
    g.x.fk = FC_FMT_PERCENT;
    g.x.grid = 1;
    g.x.title = p->text.x_title;
    g.y.cat = 1;
    g.y.ncat = p->n;
    g.y.cats = p->labels;
    g.y.wrap_cats = 32;
    g.right_pad = fc_ck_text_width(c, ">99%", FC_CK_TICK) + 8;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        return st;
    fc_ck_xy_grid(c, &g);
    for (i = 0; i < p->n; i++) {
        double yc = fc_ck_pos(&g.y, (double)i), bh = g.y.band * 0.66;
        double x0 = fc_ck_pos(&g.x, 0), x1 = fc_ck_pos(&g.x, p->prob[i]);
        int solid = p->in_set == NULL || p->in_set[i];
        cairo_rectangle(c->cr, c->ox + x0, c->oy + yc - bh / 2, x1 - x0, bh);
        fc_ck_rgb(c, solid ? in : out);
        cairo_fill(c->cr);
    }
    for (i = 0; i < p->n_ref; i++)
        fc_ck_dashed_vline(c, &g, fc_ck_pos(&g.x, p->ref[i]), fc_rgb_hex(FC_CK_INK2), 1);
    for (i = 0; i < p->n; i++) { /* over the reference lines, on a halo */
        double yc = fc_ck_pos(&g.y, (double)i), x1 = fc_ck_pos(&g.x, p->prob[i]);
        fc_axis_fmt_prob(p->prob[i], buf, sizeof buf); /* as the tables write it */
        fc_ck_text_set(c, buf, FC_CK_TICK, 0, 0);
        fc_ck_text_halo(c, x1 + 4, yc, 0, 0.5, fc_rgb_hex(FC_CK_INK));
    }
    fc_ck_xy_axes(c, &g);
    return fc_ck_status(c, "cannot draw probability chart", err);
}
