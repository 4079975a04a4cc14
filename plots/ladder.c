/* ladder.c: the invest/disinvest ladder (see ladder.h). */
#include "plots/ladder.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/chart_int.h"

fc_status
fc_ladder_draw(fc_chart *c, const fc_ladder *l, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[2];
    fc_axis_fmt vf;
    char buf[FC_AXIS_LABEL_MAX], net[FC_AXIS_LABEL_MAX + 64];
    double lo = 0, hi = 0, maxabs = 0, wl = 0, wr = 0, sum = 0, th;
    fc_rgb inv = fc_rgb_hex(FC_RGB_BLUE), dis = fc_rgb_hex(FC_RGB_ORANGE);
    size_t i;
    fc_status st;

    if (l == NULL || l->n == 0 || l->labels == NULL || l->amount == NULL)
        return FC_FAIL(err, FC_EINVAL, "ladder needs labels and amounts");
    if ((st = fc_ck_finite(l->amount, l->n, "ladder amount", err)) != FC_OK)
        return st;
    for (i = 0; i < l->n; i++) {
        lo = fmin(lo, l->amount[i]);
        hi = fmax(hi, l->amount[i]);
        maxabs = fmax(maxabs, fabs(l->amount[i]));
        sum += l->amount[i];
    }
    fc_axis_fmt_choose(&vf, l->fmt, maxabs, 0);
    vf.sign = 1;
    for (i = 0; i < l->n; i++) {
        double w;
        fc_axis_fmt_value(&vf, l->amount[i], buf, sizeof buf);
        w = fc_ck_text_width(c, buf, FC_CK_TICK);
        if (l->amount[i] < 0)
            wl = fmax(wl, w);
        else
            wr = fmax(wr, w);
    }
    b = fc_ck_frame(c, &l->text);
    {
        /* a key only for the signs present */
        size_t nk = 0, npos = 0, nneg = 0;
        for (i = 0; i < l->n; i++)
            l->amount[i] < 0 ? nneg++ : npos++;
        if (npos || !nneg)
            keys[nk++] = (fc_ck_key){l->pos_label ? l->pos_label : "Invest", inv, FC_KEY_FILL,
                                     0, 0};
        if (nneg)
            keys[nk++] = (fc_ck_key){l->neg_label ? l->neg_label : "Disinvest", dis,
                                     FC_KEY_FILL, 0, 0};
        fc_ck_legend(c, &b, keys, nk);
    }
    if (!l->no_net) {
        fc_axis_fmt_value(&vf, sum, buf, sizeof buf);
        snprintf(net, sizeof net, "Net change %s", buf);
        fc_ck_text_set_bold(c, net, FC_CK_LABEL, 0, 0, 1);
        fc_ck_text_size(c, NULL, &th);
        fc_ck_text_show(c, b.x1, b.y0 - FC_CK_PAD - th, 1, 0, 0, fc_rgb_hex(FC_CK_INK));
    }

    g.x.lo = lo;
    g.x.hi = hi;
    g.x.fk = l->fmt;
    g.x.grid = 1;
    g.x.title = l->text.x_title;
    g.y.cat = 1;
    g.y.ncat = l->n;
    g.y.cats = l->labels;
    g.y.wrap_cats = 32;
    g.right_pad = wr + 6;
    g.left_pad = wl + 6;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        return st;
    fc_ck_xy_grid(c, &g);
    for (i = 0; i < l->n; i++) {
        double yc = fc_ck_pos(&g.y, (double)i), bh = g.y.band * 0.66;
        double x0 = fc_ck_pos(&g.x, 0), x1 = fc_ck_pos(&g.x, l->amount[i]);
        int neg = l->amount[i] < 0;
        cairo_rectangle(c->cr, c->ox + fmin(x0, x1), c->oy + yc - bh / 2, fabs(x1 - x0), bh);
        fc_ck_rgb(c, neg ? dis : inv);
        cairo_fill(c->cr);
        fc_axis_fmt_value(&vf, l->amount[i], buf, sizeof buf);
        fc_ck_text(c, buf, FC_CK_TICK, neg ? x1 - 4 : x1 + 4, yc, neg ? 1 : 0, 0.5,
                   fc_rgb_hex(FC_CK_INK));
    }
    fc_ck_xy_axes(c, &g);
    return fc_ck_status(c, "cannot draw ladder", err);
}

fc_ladder
fc_ladder_info_rank(const char *title, const char *subtitle, const char *source, size_t n,
                    const char *const *labels, const double *share)
{
    fc_ladder l;
    memset(&l, 0, sizeof l);
    l.text.title = title;
    l.text.subtitle = subtitle;
    l.text.x_title = "Share of the EVPI";
    l.text.source = source;
    l.n = n;
    l.labels = labels;
    l.amount = share;
    l.fmt = FC_FMT_PERCENT;
    l.pos_label = "Share of the EVPI";
    l.no_net = 1;
    return l;
}
