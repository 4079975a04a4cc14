/* waterfall.c: the waterfall (bridge) chart (see waterfall.h). Horizontal floating bars read top to
 * bottom, the interaction as its own bar, running totals summed with Neumaier compensation.
 */
#include "plots/waterfall.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plots/chart_int.h"

fc_status
fc_waterfall_totals(const fc_waterfall *wf, double total[], double *residual, fc_err *err)
{
    double sum, comp = 0;
    size_t i;
    if (wf == NULL || (wf->n_step > 0 && wf->steps == NULL) || total == NULL)
        return FC_FAIL(err, FC_EINVAL, "waterfall needs its steps");
    if (!isfinite(wf->start) || isinf(wf->end))
        return FC_FAIL(err, FC_EDATA, "waterfall start and end must be finite");
    sum = wf->start;
    total[0] = sum;
    for (i = 0; i < wf->n_step; i++) {
        double v = wf->steps[i], t;
        if (!isfinite(v))
            return FC_FAIL(err, FC_EDATA, "waterfall step %zu is not finite", i);
        t = sum + v;
        comp += fabs(sum) >= fabs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
        total[i + 1] = sum + comp;
    }
    if (residual)
        *residual = isnan(wf->end) ? 0 : wf->end - (sum + comp);
    return FC_OK;
}

enum { ROW_TOTAL, ROW_UP, ROW_DOWN, ROW_RESID };

/* Row i's bar from a[i] to z[i] in its kind's colour (col4, by ROW_*), a dashed connector
 * to the next row's start, and its value (vf) beyond its right end. */
static void
wf_bar(fc_chart *c, const fc_ck_xy *g, size_t i, size_t n, const double *a, const double *z,
       const int *kind, const fc_rgb col4[4], fc_axis_fmt *vf)
{
    char buf[FC_AXIS_LABEL_MAX];
    double yc = fc_ck_pos(&g->y, (double)i), bh = g->y.band * 0.62;
    double xa = fc_ck_pos(&g->x, a[i]), xz = fc_ck_pos(&g->x, z[i]);
    double x0 = fmin(xa, xz), x1 = fmax(xa, xz);
    const int broken = x0 < g->plot.x0 - 0.5; /* a total on an axis that starts above zero */
    fc_rgb col = col4[kind[i]];
    if (broken)
        x0 = g->plot.x0;
    if (x1 - x0 < 1) /* a zero step still shows as a hairline */
        x1 = x0 + 1;
    cairo_rectangle(c->cr, c->ox + x0, c->oy + yc - bh / 2, x1 - x0, bh);
    fc_ck_rgb(c, col);
    cairo_fill(c->cr);
    if (broken && x1 - x0 > 24) { /* the break, cut plainly across the bar near its foot */
        double xb = x0 + 12, h = bh / 2 + 2;
        cairo_save(c->cr);
        cairo_new_path(c->cr);
        cairo_move_to(c->cr, c->ox + xb - 3 - h * 0.35, c->oy + yc + h);
        cairo_line_to(c->cr, c->ox + xb - 3 + h * 0.35, c->oy + yc - h);
        cairo_line_to(c->cr, c->ox + xb + 3 + h * 0.35, c->oy + yc - h);
        cairo_line_to(c->cr, c->ox + xb + 3 - h * 0.35, c->oy + yc + h);
        cairo_close_path(c->cr);
        cairo_set_source_rgb(c->cr, 1, 1, 1);
        cairo_fill_preserve(c->cr);
        cairo_set_line_width(c->cr, 0.8);
        fc_ck_rgb(c, fc_rgb_hex(FC_CK_INK2));
        cairo_stroke(c->cr);
        cairo_restore(c->cr);
    }
    if (i + 1 < n) { /* connector to the next bar's start */
        double dash[] = {2, 2};
        double yn = fc_ck_pos(&g->y, (double)(i + 1));
        cairo_save(c->cr);
        cairo_set_dash(c->cr, dash, 2, 0);
        cairo_set_line_width(c->cr, 0.6);
        fc_ck_rgb(c, fc_rgb_hex(FC_CK_INK2));
        cairo_move_to(c->cr, c->ox + xz, c->oy + yc + bh / 2);
        cairo_line_to(c->cr, c->ox + xz, c->oy + yn - bh / 2);
        cairo_stroke(c->cr);
        cairo_restore(c->cr);
    }
    vf->sign = kind[i] != ROW_TOTAL;
    fc_axis_fmt_value(vf, kind[i] == ROW_TOTAL ? z[i] : z[i] - a[i], buf, sizeof buf);
    fc_ck_text_set_bold(c, buf, FC_CK_TICK, 0, 0, kind[i] == ROW_TOTAL);
    fc_ck_text_show(c, x1 + 4, yc, 0, 0.5, 0, fc_rgb_hex(FC_CK_INK));
}

/* One format for every label: the totals' suffix, three significant figures of the largest
 * step, so small steps keep their digits. Returns the widest label's width. */
static double
wf_labels(fc_chart *c, const fc_waterfall *wf, size_t n, const double *a, const double *z,
          const int *kind, double maxbar, fc_axis_fmt *vf)
{
    char buf[FC_AXIS_LABEL_MAX];
    double lab_w = 0;
    size_t i;

    fc_axis_fmt_choose(vf, wf->fmt, maxbar, 0);
    {
        double ms = 0;
        for (i = 0; i < n; i++)
            if (kind[i] != ROW_TOTAL)
                ms = fmax(ms, fabs(z[i] - a[i]) / vf->div);
        if (ms > 0) {
            int d = 2 - (int)floor(log10(ms));
            vf->decimals = d < 0 ? 0 : d > 3 ? 3 : d;
        }
    }
    for (i = 0; i < n; i++) {
        vf->sign = kind[i] != ROW_TOTAL;
        fc_axis_fmt_value(vf, kind[i] == ROW_TOTAL ? z[i] : z[i] - a[i], buf, sizeof buf);
        lab_w = fmax(lab_w, fc_ck_text_width(c, buf, FC_CK_TICK));
    }
    return lab_w;
}

fc_status
fc_waterfall_draw(fc_chart *c, const fc_waterfall *wf, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[4];
    fc_axis_fmt vf;
    double *total = NULL, *a = NULL, *z = NULL, resid = 0, lo = 0, hi = 0, maxbar = 0, lab_w = 0;
    double endv;
    int *kind = NULL, show_resid, broken = 0;
    char xt[256];
    const char **cats = NULL;
    size_t i, n, nk = 0;
    fc_status st;
    fc_rgb up, down, tot = fc_rgb_hex(FC_CK_TOTAL), res = fc_rgb_hex(0xB0B0B0u), col4[4];

    if (wf == NULL || (wf->n_step > 0 && (wf->steps == NULL || wf->step_labels == NULL)))
        return FC_FAIL(err, FC_EINVAL, "waterfall needs step values and labels");
    n = wf->n_step + 3;
    total = calloc(wf->n_step + 1, sizeof *total);
    a = calloc(n, sizeof *a);
    z = calloc(n, sizeof *z);
    kind = calloc(n, sizeof *kind);
    cats = calloc(n, sizeof *cats);
    if (total == NULL || a == NULL || z == NULL || kind == NULL || cats == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing a waterfall");
        goto done;
    }
    if ((st = fc_waterfall_totals(wf, total, &resid, err)) != FC_OK)
        goto done;
    endv = isnan(wf->end) ? total[wf->n_step] : wf->end;
    /* rows: start, steps, [interaction], end; a = bar start, z = bar end */
    n = 0;
    cats[n] = wf->start_label ? wf->start_label : "Baseline";
    a[n] = 0;
    z[n] = wf->start;
    kind[n++] = ROW_TOTAL;
    for (i = 0; i < wf->n_step; i++) {
        cats[n] = wf->step_labels[i];
        a[n] = total[i];
        z[n] = total[i + 1];
        kind[n++] = wf->steps[i] >= 0 ? ROW_UP : ROW_DOWN;
    }
    for (i = 0; i < n; i++)
        maxbar = fmax(maxbar, fabs(z[i] - a[i]));
    maxbar = fmax(maxbar, fabs(endv));
    show_resid = fabs(resid) > 1e-9 * (maxbar > 0 ? maxbar : 1);
    if (show_resid) {
        cats[n] = wf->interaction_label ? wf->interaction_label : "Interaction";
        a[n] = total[wf->n_step];
        z[n] = endv;
        kind[n++] = ROW_RESID;
    }
    cats[n] = wf->end_label ? wf->end_label : "Projection";
    a[n] = 0;
    z[n] = endv;
    kind[n++] = ROW_TOTAL;
    for (i = 0; i < n; i++) {
        lo = fmin(lo, fmin(a[i], z[i]));
        hi = fmax(hi, fmax(a[i], z[i]));
    }
    /* when every level is far above zero, an axis from zero makes the steps slivers: the axis
     * then starts near the lowest level, and the totals' bars show the break plainly */
    if (lo >= 0 && n > 2) {
        double lv = HUGE_VAL;
        for (i = 0; i < n; i++)
            lv = fmin(lv, kind[i] == ROW_TOTAL ? z[i] : fmin(a[i], z[i]));
        if (lv > 0 && hi - lv < 0.4 * hi) {
            lo = fmax(0, lv - 0.25 * (hi - lv));
            broken = 1;
        }
    }

    up = fc_rgb_hex(wf->up_is_good ? FC_RGB_BLUE : FC_RGB_VERMILLION);
    down = fc_rgb_hex(wf->up_is_good ? FC_RGB_VERMILLION : FC_RGB_BLUE);
    b = fc_ck_frame(c, &wf->text);
    keys[nk++] = (fc_ck_key){"Increase", up, FC_KEY_FILL, 0, 0};
    keys[nk++] = (fc_ck_key){"Decrease", down, FC_KEY_FILL, 0, 0};
    if (show_resid)
        keys[nk++] = (fc_ck_key){"Interaction (so the steps add up)", res, FC_KEY_FILL, 0, 0};
    keys[nk++] = (fc_ck_key){"Total", tot, FC_KEY_FILL, 0, 0};
    fc_ck_legend(c, &b, keys, nk);
    col4[ROW_TOTAL] = tot;
    col4[ROW_UP] = up;
    col4[ROW_DOWN] = down;
    col4[ROW_RESID] = res;

    /* value labels sit beyond each bar's right end: keep room for the widest */
    lab_w = wf_labels(c, wf, n, a, z, kind, maxbar, &vf);
    g.x.lo = lo;
    g.x.hi = hi;
    g.x.fk = wf->fmt;
    g.x.grid = 1;
    g.x.title = wf->text.x_title;
    if (broken) {
        snprintf(xt, sizeof xt, "%s (the axis is broken: it starts above zero)",
                 wf->text.x_title ? wf->text.x_title : "Value");
        g.x.title = xt;
    }
    g.y.cat = 1;
    g.y.ncat = n;
    g.y.cats = cats;
    g.y.wrap_cats = 30;
    g.right_pad = lab_w + 6;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        goto done;
    fc_ck_xy_grid(c, &g);
    for (i = 0; i < n; i++)
        wf_bar(c, &g, i, n, a, z, kind, col4, &vf);
    fc_ck_xy_axes(c, &g);
    st = fc_ck_status(c, "cannot draw waterfall", err);
done:
    free(total);
    free(a);
    free(z);
    free(kind);
    free(cats);
    return st;
}
