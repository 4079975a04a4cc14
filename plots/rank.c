/* rank.c: ranked options against the budget (see rank.h). */
#include "plots/rank.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plots/chart_int.h"

#define NOFUND 0xBDBDBDu /* the grey of an option not in the set */

/* Option i's bar, floating from the running total before it (cum[i]): funded, a
 * disinvestment, or hatched when not in the set; its metric beside the plot. */
static void
rank_bar(fc_chart *c, const fc_ck_xy *g, const fc_rank *r, size_t i, const double *cum,
         int has_budget, const fc_axis_fmt *mf)
{
    const fc_rgb fund = fc_rgb_hex(FC_RGB_BLUE), nofund = fc_rgb_hex(NOFUND);
    const fc_rgb dis = fc_rgb_hex(FC_RGB_ORANGE);
    char buf[FC_AXIS_LABEL_MAX + 32], num[FC_AXIS_LABEL_MAX];
    double yc = fc_ck_pos(&g->y, (double)i), bh = g->y.band * 0.66;
    double xa = fc_ck_pos(&g->x, cum[i]), xz = fc_ck_pos(&g->x, cum[i] + r->cost[i]);
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
        fc_axis_fmt_value(mf, r->metric[i], num, sizeof num);
        snprintf(buf, sizeof buf, "%s%s", num, r->metric_suffix ? r->metric_suffix : "");
        fc_ck_text(c, buf, FC_CK_TICK, g->plot.x1 + 6, yc, 0, 0.5, fc_rgb_hex(FC_CK_INK2));
    }
}

/* The budget: a dashed line, labelled above the plot on the side with more room. */
static void
budget_line(fc_chart *c, const fc_ck_xy *g, const fc_rank *r)
{
    const fc_rgb bud = fc_rgb_hex(FC_RGB_VERMILLION);
    fc_axis_fmt cf;
    char buf[FC_AXIS_LABEL_MAX + 32], num[FC_AXIS_LABEL_MAX];
    double xb = fc_ck_pos(&g->x, r->budget);
    /* as many decimals as the budget needs, at most three */
    fc_axis_fmt_choose(&cf, FC_FMT_GBP, fabs(r->budget), fabs(r->budget));
    fc_axis_fmt_value(&cf, r->budget, num, sizeof num);
    snprintf(buf, sizeof buf, "Budget %s", num);
    fc_ck_dashed_vline(c, g, xb, bud, 1.6);
    fc_ck_text_set_bold(c, buf, FC_CK_TICK, 0, 0, 1);
    fc_ck_text_show(c, xb, g->plot.y0 - 2, xb > (g->plot.x0 + g->plot.x1) / 2 ? 1 : 0, 1, 0,
                    fc_ck_ink_of(bud));
}

fc_status
fc_rank_draw(fc_chart *c, const fc_rank *r, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[4];
    fc_axis_fmt mf;
    char **cats = NULL, buf[FC_AXIS_LABEL_MAX + 32], num[FC_AXIS_LABEL_MAX];
    double *cum = NULL, lo = 0, hi = 0, lab_w = 0, th, maxm = 0;
    fc_rgb fund = fc_rgb_hex(FC_RGB_BLUE), nofund = fc_rgb_hex(NOFUND);
    fc_rgb dis = fc_rgb_hex(FC_RGB_ORANGE), bud = fc_rgb_hex(FC_RGB_VERMILLION);
    size_t i, nk = 0;
    int any_dis = 0, any_no = 0, has_budget;
    fc_status st;

    if (r == NULL || r->n == 0 || r->labels == NULL || r->cost == NULL)
        return FC_FAIL(err, FC_EINVAL, "ranked options chart needs labels and costs");
    if ((st = fc_ck_finite(r->cost, r->n, "option cost", err)) != FC_OK)
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
    for (i = 0; i < r->n; i++)
        rank_bar(c, &g, r, i, cum, has_budget, &mf);
    if (r->metric && r->metric_title) {
        fc_ck_text_set_bold(c, r->metric_title, FC_CK_TICK, 0, 0, 1);
        fc_ck_text_show(c, g.plot.x1 + 6, g.plot.y0 - 2, 0, 1, 0, fc_rgb_hex(FC_CK_INK2));
    }
    if (has_budget)
        budget_line(c, &g, r);
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
