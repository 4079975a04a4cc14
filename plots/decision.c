/* decision.c: PBMA decision charts (see decision.h): ranked options against the budget, the
 * invest/disinvest ladder, the cost-effectiveness plane with its frontier, and CEAC curves.
 */
#include "plots/decision.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plots/chart_int.h"
#include "plots/lines.h"

/* ============================================================================ ranking */

static fc_status
check_arr(const double *v, size_t n, const char *what, fc_err *err)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return FC_FAIL(err, FC_EDATA, "%s %zu is not finite (%g)", what, i, v[i]);
    return FC_OK;
}

static void
dashed_vline(fc_chart *c, const fc_ck_xy *g, double x, fc_rgb col, double width)
{
    double dash[] = {5, 3};
    cairo_save(c->cr);
    cairo_set_dash(c->cr, dash, 2, 0);
    cairo_set_line_width(c->cr, width);
    fc_ck_rgb(c, col);
    cairo_move_to(c->cr, c->ox + x, c->oy + g->plot.y0);
    cairo_line_to(c->cr, c->ox + x, c->oy + g->plot.y1);
    cairo_stroke(c->cr);
    cairo_restore(c->cr);
}

fc_status
fc_rank_draw(fc_chart *c, const fc_rank *r, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[4];
    fc_axis_fmt cf, mf;
    char **cats = NULL, buf[FC_AXIS_LABEL_MAX + 32], num[FC_AXIS_LABEL_MAX];
    double *cum = NULL, lo = 0, hi = 0, lab_w = 0, th, maxm = 0;
    fc_rgb fund = fc_rgb_hex(FC_RGB_BLUE), nofund = fc_rgb_hex(0xBDBDBDu);
    fc_rgb dis = fc_rgb_hex(FC_RGB_ORANGE), bud = fc_rgb_hex(FC_RGB_VERMILLION);
    size_t i, nk = 0;
    int any_dis = 0, any_no = 0, has_budget;
    fc_status st;

    if (r == NULL || r->n == 0 || r->labels == NULL || r->cost == NULL)
        return FC_FAIL(err, FC_EINVAL, "ranked options chart needs labels and costs");
    if ((st = check_arr(r->cost, r->n, "option cost", err)) != FC_OK)
        return st;
    for (i = 0; r->metric && i < r->n; i++)
        if (isinf(r->metric[i]))
            return FC_FAIL(err, FC_EDATA, "option metric %zu is infinite", i);
    has_budget = isfinite(r->budget);
    cum = calloc(r->n + 1, sizeof *cum);
    cats = calloc(r->n, sizeof *cats);
    if (cum == NULL || cats == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing ranked options");
        goto done;
    }
    /* cum[i] is the running total before option i; with a funded list only the options in
     * the set move it (an option left out floats from where the total stands) */
    for (i = 0; i < r->n; i++) {
        int funded;
        double after = cum[i] + r->cost[i];
        funded = r->funded ? r->funded[i] : (!has_budget || after <= r->budget + 1e-9);
        cum[i + 1] = r->funded && !funded ? cum[i] : after;
        lo = fmin(lo, fmin(cum[i], after));
        hi = fmax(hi, fmax(cum[i], after));
        any_dis |= r->cost[i] < 0 && funded;
        any_no |= !funded && (r->cost[i] >= 0 || r->funded);
        if (r->metric && !isnan(r->metric[i]))
            maxm = fmax(maxm, fabs(r->metric[i]));
        cats[i] = malloc(strlen(r->labels[i] ? r->labels[i] : "") + 16);
        if (cats[i] == NULL) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing ranked options");
            goto done;
        }
        sprintf(cats[i], "%zu. %s", i + 1, r->labels[i] ? r->labels[i] : "");
    }
    if (has_budget) {
        lo = fmin(lo, r->budget);
        hi = fmax(hi, r->budget);
    }
    b = fc_ck_frame(c, &r->text);
    keys[nk++] = (fc_ck_key){"Funded", fund, FC_KEY_FILL, 0, 0};
    if (any_no)
        keys[nk++] = (fc_ck_key){r->funded ? "Not in the set" : "Not funded", nofund,
                                 FC_KEY_FILL, 0, 0};
    if (any_dis)
        keys[nk++] = (fc_ck_key){"Disinvestment (releases money)", dis, FC_KEY_FILL, 0, 0};
    if (has_budget)
        keys[nk++] = (fc_ck_key){"Budget", bud, FC_KEY_DASH, 0, 0};
    fc_ck_legend(c, &b, keys, nk);
    fc_ck_text_set(c, "0", FC_CK_TICK, 0, 0);
    fc_ck_text_size(c, NULL, &th);
    if (has_budget || (r->metric && r->metric_title))
        b.y0 += th + 2; /* the budget and the metric heading are written above the plot */

    fc_axis_fmt_choose(&mf, r->metric_fmt, maxm, 0);
    if (r->metric) {
        for (i = 0; i < r->n; i++) {
            fc_axis_fmt_value(&mf, r->metric[i], num, sizeof num);
            snprintf(buf, sizeof buf, "%s%s", num, r->metric_suffix ? r->metric_suffix : "");
            lab_w = fmax(lab_w, fc_ck_text_width(c, buf, FC_CK_TICK));
        }
        if (r->metric_title)
            lab_w = fmax(lab_w, fc_ck_text_width_bold(c, r->metric_title, FC_CK_TICK));
    }
    g.x.lo = lo;
    g.x.hi = hi;
    g.x.fk = FC_FMT_GBP;
    g.x.grid = 1;
    g.x.title = r->text.x_title;
    g.y.cat = 1;
    g.y.ncat = r->n;
    g.y.cats = (const char *const *)cats;
    g.y.wrap_cats = 32;
    g.right_pad = r->metric ? lab_w + 8 : 4;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        goto done;
    fc_ck_xy_grid(c, &g);
    for (i = 0; i < r->n; i++) {
        double yc = fc_ck_pos(&g.y, (double)i), bh = g.y.band * 0.66;
        double xa = fc_ck_pos(&g.x, cum[i]), xz = fc_ck_pos(&g.x, cum[i] + r->cost[i]);
        double x0 = fmin(xa, xz), x1 = fmax(xa, xz);
        int funded =
            r->funded ? r->funded[i] : (!has_budget || cum[i] + r->cost[i] <= r->budget + 1e-9);
        fc_rgb col = !funded && (r->cost[i] >= 0 || r->funded) ? nofund
                     : r->cost[i] < 0                          ? dis
                                                               : fund;
        if (x1 - x0 < 1)
            x1 = x0 + 1;
        cairo_rectangle(c->cr, c->ox + x0, c->oy + yc - bh / 2, x1 - x0, bh);
        fc_ck_rgb(c, col);
        cairo_fill(c->cr);
        if (!funded && (r->cost[i] >= 0 || r->funded)) { /* hatched: print shows them too */
            double xx;
            cairo_save(c->cr);
            cairo_rectangle(c->cr, c->ox + x0, c->oy + yc - bh / 2, x1 - x0, bh);
            cairo_clip(c->cr);
            cairo_set_line_width(c->cr, 0.7);
            cairo_set_source_rgb(c->cr, 1, 1, 1);
            for (xx = x0 - bh; xx < x1; xx += 4) {
                cairo_move_to(c->cr, c->ox + xx, c->oy + yc + bh / 2);
                cairo_line_to(c->cr, c->ox + xx + bh, c->oy + yc - bh / 2);
            }
            cairo_stroke(c->cr);
            cairo_restore(c->cr);
        }
        if (r->metric && !isnan(r->metric[i])) {
            fc_axis_fmt_value(&mf, r->metric[i], num, sizeof num);
            snprintf(buf, sizeof buf, "%s%s", num, r->metric_suffix ? r->metric_suffix : "");
            fc_ck_text(c, buf, FC_CK_TICK, g.plot.x1 + 6, yc, 0, 0.5, fc_rgb_hex(FC_CK_INK2));
        }
    }
    if (r->metric && r->metric_title) {
        fc_ck_text_set_bold(c, r->metric_title, FC_CK_TICK, 0, 0, 1);
        fc_ck_text_show(c, g.plot.x1 + 6, g.plot.y0 - 2, 0, 1, 0, fc_rgb_hex(FC_CK_INK2));
    }
    if (has_budget) {
        double xb = fc_ck_pos(&g.x, r->budget);
        /* as many decimals as the budget needs, at most three */
        fc_axis_fmt_choose(&cf, FC_FMT_GBP, fabs(r->budget), fabs(r->budget));
        fc_axis_fmt_value(&cf, r->budget, num, sizeof num);
        snprintf(buf, sizeof buf, "Budget %s", num);
        dashed_vline(c, &g, xb, bud, 1.6);
        fc_ck_text_set_bold(c, buf, FC_CK_TICK, 0, 0, 1);
        fc_ck_text_show(c, xb, g.plot.y0 - 2, xb > (g.plot.x0 + g.plot.x1) / 2 ? 1 : 0, 1, 0, bud);
    }
    fc_ck_xy_axes(c, &g);
    st = fc_ck_status(c, "cannot draw ranked options", err);
done:
    if (cats)
        for (i = 0; i < r->n; i++)
            free(cats[i]);
    free(cats);
    free(cum);
    return st;
}

/* ============================================================================= ladder */

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
    if ((st = check_arr(l->amount, l->n, "ladder amount", err)) != FC_OK)
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

/* ====================================================================== P(funded) */

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
        dashed_vline(c, &g, fc_ck_pos(&g.x, p->ref[i]), fc_rgb_hex(FC_CK_INK2), 1);
    for (i = 0; i < p->n; i++) { /* over the reference lines, on a halo */
        double yc = fc_ck_pos(&g.y, (double)i), x1 = fc_ck_pos(&g.x, p->prob[i]);
        /* whole per cents, as the axis; "<1%" rather than a misleading 0% */
        if (p->prob[i] > 0 && p->prob[i] < 0.005)
            snprintf(buf, sizeof buf, "<1%%");
        else if (p->prob[i] < 1 && p->prob[i] > 0.995)
            snprintf(buf, sizeof buf, ">99%%");
        else
            snprintf(buf, sizeof buf, "%.0f%%", 100 * p->prob[i]);
        fc_ck_text_set(c, buf, FC_CK_TICK, 0, 0);
        fc_ck_text_halo(c, x1 + 4, yc, 0, 0.5, fc_rgb_hex(FC_CK_INK));
    }
    fc_ck_xy_axes(c, &g);
    return fc_ck_status(c, "cannot draw probability chart", err);
}

/* ======================================================================= CE plane */

fc_status
fc_ceplane_frontier(const double effect[], const double cost[], size_t n, size_t idx[],
                    size_t *n_out, fc_err *err)
{
    size_t *ord = NULL, *hull = NULL, i, j, m = 0, h = 0;
    double best;
    if (n_out == NULL || (n > 0 && (effect == NULL || cost == NULL || idx == NULL)))
        return FC_FAIL(err, FC_EINVAL, "frontier needs effects, costs and an index array");
    *n_out = 0;
    for (i = 0; i < n; i++)
        if (!isfinite(effect[i]) || !isfinite(cost[i]))
            return FC_FAIL(err, FC_EDATA, "option %zu has a non-finite effect or cost", i);
    ord = calloc(n + 1, sizeof *ord);
    hull = calloc(n + 1, sizeof *hull);
    if (ord == NULL || hull == NULL) {
        free(ord);
        free(hull);
        return FC_FAIL(err, FC_ENOMEM, "out of memory computing the frontier");
    }
#define EFF(k) ((k) == n ? 0.0 : effect[(k)])
#define COST(k) ((k) == n ? 0.0 : cost[(k)])
    /* the comparator (index n, at the origin) and the options, by cost then effect desc */
    for (i = 0; i <= n; i++)
        ord[i] = i;
    for (i = 1; i <= n; i++)
        for (j = i; j > 0 && (COST(ord[j]) < COST(ord[j - 1]) ||
                              (COST(ord[j]) == COST(ord[j - 1]) && EFF(ord[j]) > EFF(ord[j - 1])));
             j--) {
            size_t t = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = t;
        }
    /* strong dominance: keep an option only if it is more effective than every cheaper one */
    best = -HUGE_VAL;
    for (i = 0; i <= n; i++)
        if (EFF(ord[i]) > best) {
            best = EFF(ord[i]);
            ord[m++] = ord[i];
        }
    /* extended dominance: ICERs along the frontier must rise (a lower convex hull) */
    for (i = 0; i < m; i++) {
        size_t p = ord[i];
        while (h >= 2) {
            size_t a = hull[h - 2], bb = hull[h - 1];
            double i1 = (COST(bb) - COST(a)) / (EFF(bb) - EFF(a));
            double i2 = (COST(p) - COST(bb)) / (EFF(p) - EFF(bb));
            if (i1 >= i2)
                h--;
            else
                break;
        }
        hull[h++] = p;
    }
    for (i = 0; i < h; i++)
        if (hull[i] != n)
            idx[(*n_out)++] = hull[i];
#undef EFF
#undef COST
    free(ord);
    free(hull);
    return FC_OK;
}

/* Area (pt^2) shared by two boxes. */
static double
box_overlap(const fc_ck_box *a, const fc_ck_box *b)
{
    double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0), h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
    return w > 0 && h > 0 ? w * h : 0;
}

/* 1 when the segment (x0, y0)-(x1, y1) passes through box b (sampled finely enough for
 * label boxes). */
static int
seg_hits(const fc_ck_box *b, double x0, double y0, double x1, double y1)
{
    for (int k = 0; k <= 64; k++) {
        double x = x0 + (x1 - x0) * k / 64.0, y = y0 + (y1 - y0) * k / 64.0;
        if (x > b->x0 && x < b->x1 && y > b->y0 && y < b->y1)
            return 1;
    }
    return 0;
}

fc_status
fc_ceplane_draw(fc_chart *c, const fc_ceplane *p, fc_err *err)
{
    /* label spots beside a marker: offset dx, dy (pt) and the box anchor (fractions) */
    static const double cand[8][4] = {{7, 0, 0, 0.5},   {-7, 0, 1, 0.5}, {4, -4, 0, 1},
                                      {4, 4, 0, 0},     {-4, -4, 1, 1},  {-4, 4, 1, 0},
                                      {0, -7, 0.5, 1},  {0, 7, 0.5, 0}};
    fc_ck_box ob[300];
    size_t nob = 0;
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_axis_fmt wf;
    size_t *fr = NULL, nfr = 0, i;
    double mx = 0, my = 0, th;
    char buf[FC_AXIS_LABEL_MAX + 16];
    fc_status st;
    static const char *quad[4] = {
        "More costly, more effective", "More costly, less effective (dominated)",
        "Less costly, less effective", "Less costly, more effective (dominant)"};

    if (p == NULL || p->n == 0 || p->labels == NULL || p->effect == NULL || p->cost == NULL ||
        (p->n_wtp > 0 && p->wtp == NULL))
        return FC_FAIL(err, FC_EINVAL, "cost-effectiveness plane needs effects and costs");
    if ((st = check_arr(p->effect, p->n, "option effect", err)) != FC_OK ||
        (st = check_arr(p->cost, p->n, "option cost", err)) != FC_OK)
        return st;
    fr = calloc(p->n, sizeof *fr);
    if (fr == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory drawing the plane");
    if (!p->no_frontier) {
        if (p->frontier) {
            nfr = p->n_frontier;
            for (i = 0; i < nfr && i < p->n; i++)
                fr[i] = p->frontier[i] < p->n ? p->frontier[i] : 0;
        } else if ((st = fc_ceplane_frontier(p->effect, p->cost, p->n, fr, &nfr, err)) != FC_OK)
            goto done;
    }
    for (i = 0; i < p->n; i++) {
        mx = fmax(mx, fabs(p->effect[i]));
        my = fmax(my, fabs(p->cost[i]));
    }
    mx = mx > 0 ? mx * 1.15 : 1;
    my = my > 0 ? my * 1.15 : 1;
    b = fc_ck_frame(c, &p->text);
    g.x.lo = -mx;
    g.x.hi = mx;
    g.x.fk = FC_FMT_NUMBER;
    g.x.grid = 1;
    g.x.title = p->text.x_title;
    g.y.lo = -my;
    g.y.hi = my;
    g.y.fk = FC_FMT_GBP;
    g.y.grid = 1;
    g.y.title = p->text.y_title;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        goto done;
    fc_ck_xy_grid(c, &g);
    {
        double x0 = fc_ck_pos(&g.x, 0), y0 = fc_ck_pos(&g.y, 0);
        /* axes through the origin */
        cairo_set_line_width(c->cr, 0.9);
        fc_ck_rgb(c, fc_rgb_hex(FC_CK_AXIS));
        cairo_move_to(c->cr, c->ox + x0, c->oy + g.plot.y0);
        cairo_line_to(c->cr, c->ox + x0, c->oy + g.plot.y1);
        cairo_move_to(c->cr, c->ox + g.plot.x0, c->oy + y0);
        cairo_line_to(c->cr, c->ox + g.plot.x1, c->oy + y0);
        cairo_stroke(c->cr);
    }
    /* WTP lines through the origin, labelled where they leave the plot */
    fc_ck_clip(c, &g);
    mx = g.x.ticks.hi;
    my = g.y.ticks.hi;
    for (i = 0; i < p->n_wtp; i++) {
        double dash[] = {6, 3}, xe = mx, ye = p->wtp[i] * mx;
        if (!(p->wtp[i] > 0))
            continue;
        if (fabs(ye) > my) {
            ye = my * (ye < 0 ? -1 : 1);
            xe = ye / p->wtp[i];
        }
        cairo_save(c->cr);
        cairo_set_dash(c->cr, dash, 2, 0);
        cairo_set_line_width(c->cr, 1);
        fc_ck_rgb(c, fc_rgb_hex(FC_CK_INK2));
        cairo_move_to(c->cr, c->ox + fc_ck_pos(&g.x, -xe), c->oy + fc_ck_pos(&g.y, -ye));
        cairo_line_to(c->cr, c->ox + fc_ck_pos(&g.x, xe), c->oy + fc_ck_pos(&g.y, ye));
        cairo_stroke(c->cr);
        cairo_restore(c->cr);
        fc_axis_fmt_choose(&wf, FC_FMT_GBP, p->wtp[i], 0);
        wf.decimals = 0;
        fc_axis_fmt_value(&wf, p->wtp[i], buf, FC_AXIS_LABEL_MAX);
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s",
                 p->wtp_unit ? p->wtp_unit : "/QALY");
        {
            /* written along the line in the lower-left quadrant, where options rarely lie,
             * halfway out (the corner holds the quadrant's name); its box is an obstacle for
             * the option labels */
            double x1 = fc_ck_pos(&g.x, -xe), y1 = fc_ck_pos(&g.y, -ye);
            double x0 = fc_ck_pos(&g.x, 0), y0 = fc_ck_pos(&g.y, 0);
            double ang = atan2(y0 - y1, x0 - x1), t = i % 2 ? 0.35 : 0.55, tw, tht;
            double lx = x1 + (x0 - x1) * (1 - t), ly = y1 + (y0 - y1) * (1 - t) - 1;
            fc_ck_text_set(c, buf, FC_CK_TICK, 0, 0);
            fc_ck_text_size(c, &tw, &tht);
            fc_ck_text_show(c, lx, ly, 0.5, 1, ang, fc_rgb_hex(FC_CK_INK2));
            if (nob < sizeof ob / sizeof ob[0]) {
                double hw = 0.5 * (fabs(cos(ang)) * tw + fabs(sin(ang)) * tht);
                double hh = 0.5 * (fabs(sin(ang)) * tw + fabs(cos(ang)) * tht);
                ob[nob++] = (fc_ck_box){lx - hw, ly - 2 * hh, lx + hw, ly};
            }
        }
    }
    /* the frontier, from the comparator when it lies on it */
    if (nfr > 0) {
        cairo_new_path(c->cr);
        if (p->effect[fr[0]] > 0 && p->cost[fr[0]] >= 0)
            cairo_move_to(c->cr, c->ox + fc_ck_pos(&g.x, 0), c->oy + fc_ck_pos(&g.y, 0));
        for (i = 0; i < nfr; i++)
            cairo_line_to(c->cr, c->ox + fc_ck_pos(&g.x, p->effect[fr[i]]),
                          c->oy + fc_ck_pos(&g.y, p->cost[fr[i]]));
        cairo_set_line_width(c->cr, 1.6);
        fc_ck_rgb(c, fc_rgb_hex(FC_CK_INK));
        cairo_stroke(c->cr);
    }
    cairo_restore(c->cr);
    {
        fc_rgb q = fc_rgb_hex(0x8A8A8Au);
        /* quadrant names, over the lines with a halo so they stay legible; in the corners, wrapped
         * to a third of the width; each box is an obstacle for the option labels */
        static const double ax[4] = {1, 0, 0, 1}, ay[4] = {0, 0, 1, 1};
        static const int al[4] = {2, 0, 0, 2};
        for (int k = 0; k < 4; k++) {
            double qx = ax[k] ? g.plot.x1 - 4 : g.plot.x0 + 4;
            double qy = ay[k] ? g.plot.y1 - 3 : g.plot.y0 + 3, qw, qh;
            fc_ck_text_set(c, quad[k], FC_CK_TICK, (g.plot.x1 - g.plot.x0) * 0.3, al[k]);
            fc_ck_text_size(c, &qw, &qh);
            fc_ck_text_halo(c, qx, qy, ax[k], ay[k], q);
            if (nob < sizeof ob / sizeof ob[0])
                ob[nob++] = (fc_ck_box){qx - ax[k] * qw, qy - ay[k] * qh, qx + (1 - ax[k]) * qw,
                                        qy + (1 - ay[k]) * qh};
        }
    }
    fc_ck_text_set(c, "Ag", FC_CK_TICK, 0, 0);
    fc_ck_text_size(c, NULL, &th);
    for (i = 0; i < p->n; i++)
        fc_ck_marker(c, (int)i, fc_ck_pos(&g.x, p->effect[i]), fc_ck_pos(&g.y, p->cost[i]), 4.2,
                     fc_palette_get(c->pal, p->labels[i]));
    for (i = 0; i < p->n; i++) {
        double x = fc_ck_pos(&g.x, p->effect[i]), y = fc_ck_pos(&g.y, p->cost[i]);
        double w = fc_ck_text_width(c, p->labels[i], FC_CK_TICK), best = HUGE_VAL;
        fc_ck_box chosen = {0};
        int bk = 0;
        /* the candidate spot that overlaps least with the other markers, the labels already
         * placed, the quadrant names, the threshold labels and the frontier */
        for (int k = 0; k < 8; k++) {
            double bx = x + cand[k][0] - cand[k][2] * w, by = y + cand[k][1] - cand[k][3] * th;
            fc_ck_box bb = {bx, by, bx + w, by + th};
            double sc = k * 0.01; /* ties: the earlier (right of the point) wins */
            if (bb.x0 < g.plot.x0 + 1 || bb.x1 > g.plot.x1 - 1 || bb.y0 < g.plot.y0 + 1 ||
                bb.y1 > g.plot.y1 - 1)
                sc += 1e6;
            for (size_t m = 0; m < p->n; m++) {
                double mxp = fc_ck_pos(&g.x, p->effect[m]), myp = fc_ck_pos(&g.y, p->cost[m]);
                fc_ck_box mb = {mxp - 5, myp - 5, mxp + 5, myp + 5};
                sc += 4 * box_overlap(&bb, &mb);
            }
            for (size_t m = 0; m < nob; m++)
                sc += 2 * box_overlap(&bb, &ob[m]);
            for (size_t m = 0; m + 1 < nfr; m++)
                sc += 40 * seg_hits(&bb, fc_ck_pos(&g.x, p->effect[fr[m]]),
                                    fc_ck_pos(&g.y, p->cost[fr[m]]),
                                    fc_ck_pos(&g.x, p->effect[fr[m + 1]]),
                                    fc_ck_pos(&g.y, p->cost[fr[m + 1]]));
            if (sc < best) {
                best = sc;
                chosen = bb;
                bk = k;
            }
        }
        (void)bk;
        /* in the marker's hue (darkened to read on white), so a label pairs with its point */
        fc_ck_text_set(c, p->labels[i], FC_CK_TICK, 0, 0);
        fc_ck_text_halo(c, chosen.x0, chosen.y0, 0, 0,
                        fc_ck_ink_of(fc_palette_get(c->pal, p->labels[i])));
        if (nob < sizeof ob / sizeof ob[0])
            ob[nob++] = chosen;
    }
    fc_ck_xy_axes(c, &g);
    st = fc_ck_status(c, "cannot draw the cost-effectiveness plane", err);
done:
    free(fr);
    return st;
}

/* ================================================================================ CEAC */

fc_status
fc_ceac_draw(fc_chart *c, const fc_ceac *a, fc_err *err)
{
    fc_lines l = {0};
    fc_series *s = NULL;
    char **labels = NULL;
    fc_axis_fmt wf;
    size_t i, k;
    fc_status st;

    if (a == NULL || a->n_wtp < 2 || a->n_opt == 0 || a->wtp == NULL || a->prob == NULL ||
        a->labels == NULL || (a->n_ref > 0 && a->ref == NULL))
        return FC_FAIL(err, FC_EINVAL, "CEAC needs two or more WTP values and options");
    for (i = 0; i < a->n_wtp * a->n_opt; i++)
        if (!(a->prob[i] >= 0 && a->prob[i] <= 1))
            return FC_FAIL(err, FC_EDATA, "CEAC probability %g is outside [0, 1]", a->prob[i]);
    s = calloc(a->n_opt, sizeof *s);
    labels = calloc(a->n_ref + 1, sizeof *labels);
    if (s == NULL || labels == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing a CEAC");
        goto done;
    }
    for (k = 0; k < a->n_opt; k++) {
        s[k].name = a->labels[k];
        s[k].y = a->prob + k * a->n_wtp;
    }
    for (i = 0; i < a->n_ref; i++) {
        labels[i] = malloc(FC_AXIS_LABEL_MAX);
        if (labels[i] == NULL) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing a CEAC");
            goto done;
        }
        fc_axis_fmt_choose(&wf, FC_FMT_GBP, a->ref[i], 0);
        wf.decimals = 0;
        fc_axis_fmt_value(&wf, a->ref[i], labels[i], FC_AXIS_LABEL_MAX);
    }
    l.text = a->text;
    l.n_x = a->n_wtp;
    l.x = a->wtp;
    l.n_series = a->n_opt;
    l.series = s;
    l.x_fmt = FC_FMT_GBP;
    l.y_fmt = FC_FMT_PERCENT;
    l.y_min = 0;
    l.y_max = 1;
    l.x_split = (double)NAN;
    l.n_xref = a->n_ref;
    l.xref = a->ref;
    l.xref_labels = (const char *const *)labels;
    st = fc_lines_draw(c, &l, err);
done:
    if (labels)
        for (i = 0; i < a->n_ref; i++)
            free(labels[i]);
    free(labels);
    free(s);
    return st;
}
