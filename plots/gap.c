/* gap.c: the funding gap chart (see gap.h): requirement and envelope lines, the area between
 * them shaded by sign (split exactly where the lines cross), the final-year gap written out.
 */
#include "plots/gap.h"

#include <math.h>
#include <stdio.h>

#include "plots/chart_int.h"

/* Fills the region between the lines where sign * (req - env) > 0. */
static void
shade(fc_chart *c, const fc_ck_xy *g, const fc_gap *d, double sign, fc_rgb col, double alpha)
{
    size_t i;
    for (i = 0; i + 1 < d->n_year; i++) {
        double x0 = d->year[i], x1 = d->year[i + 1];
        double r0 = d->requirement[i], r1 = d->requirement[i + 1];
        double e0 = d->envelope[i], e1 = d->envelope[i + 1];
        double d0 = sign * (r0 - e0), d1 = sign * (r1 - e1);
        double xa = x0, xb = x1, ra = r0, rb = r1, ea = e0, eb = e1;
        if (d0 <= 0 && d1 <= 0)
            continue;
        if (d0 < 0 || d1 < 0) { /* the lines cross inside the interval: cut at the crossing */
            double t = d0 / (d0 - d1), xc = x0 + t * (x1 - x0), yc = r0 + t * (r1 - r0);
            if (d0 < 0) {
                xa = xc;
                ra = ea = yc;
            } else {
                xb = xc;
                rb = eb = yc;
            }
        }
        cairo_move_to(c->cr, c->ox + fc_ck_pos(&g->x, xa), c->oy + fc_ck_pos(&g->y, ra));
        cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, xb), c->oy + fc_ck_pos(&g->y, rb));
        cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, xb), c->oy + fc_ck_pos(&g->y, eb));
        cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, xa), c->oy + fc_ck_pos(&g->y, ea));
        cairo_close_path(c->cr);
        fc_ck_rgba(c, col, alpha);
        cairo_fill(c->cr);
    }
}

static void
line(fc_chart *c, const fc_ck_xy *g, const double *x, const double *y, size_t n, fc_rgb col)
{
    size_t i;
    cairo_new_path(c->cr);
    for (i = 0; i < n; i++)
        cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, x[i]), c->oy + fc_ck_pos(&g->y, y[i]));
    cairo_set_line_width(c->cr, 2.2);
    cairo_set_line_join(c->cr, CAIRO_LINE_JOIN_ROUND);
    fc_ck_rgb(c, col);
    cairo_stroke(c->cr);
}

fc_status
fc_gap_draw(fc_chart *c, const fc_gap *d, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[2];
    fc_axis_fmt vf;
    const char *req = d && d->req_label ? d->req_label : "Requirement";
    const char *env = d && d->env_label ? d->env_label : "Envelope";
    char gap_txt[96], num[FC_AXIS_LABEL_MAX];
    double lo = HUGE_VAL, hi = -HUGE_VAL, maxabs = 0, want[3], placed[3], th, lab_w, last_gap;
    fc_rgb rc = fc_rgb_hex(FC_RGB_VERMILLION), ec = fc_rgb_hex(FC_RGB_BLUE);
    size_t i, nk = 0, last;
    int any_gap = 0, any_room = 0;
    fc_status st;

    if (d == NULL || d->year == NULL || d->requirement == NULL || d->envelope == NULL ||
        d->n_year < 2)
        return FC_FAIL(err, FC_EINVAL, "funding gap chart needs two or more years");
    for (i = 0; i < d->n_year; i++) {
        if (!isfinite(d->year[i]) || !isfinite(d->requirement[i]) || !isfinite(d->envelope[i]) ||
            (i > 0 && !(d->year[i] > d->year[i - 1])))
            return FC_FAIL(err, FC_EDATA,
                           "funding gap values must be finite with ascending "
                           "years (row %zu)",
                           i);
        lo = fmin(lo, fmin(d->requirement[i], d->envelope[i]));
        hi = fmax(hi, fmax(d->requirement[i], d->envelope[i]));
        maxabs = fmax(maxabs, fabs(d->requirement[i] - d->envelope[i]));
        any_gap |= d->requirement[i] > d->envelope[i];
        any_room |= d->requirement[i] < d->envelope[i];
    }
    last = d->n_year - 1;
    last_gap = d->requirement[last] - d->envelope[last];
    fc_axis_fmt_choose(&vf, d->y_fmt, maxabs, 0);
    fc_axis_fmt_value(&vf, fabs(last_gap), num, sizeof num);
    snprintf(gap_txt, sizeof gap_txt, "%s %s", last_gap >= 0 ? "Gap" : "Headroom", num);

    b = fc_ck_frame(c, &d->text);
    if (any_gap)
        keys[nk++] = (fc_ck_key){"Gap: requirement above envelope", rc, FC_KEY_BAND, 0.22, 0};
    if (any_room)
        keys[nk++] = (fc_ck_key){"Headroom: envelope above requirement", ec, FC_KEY_BAND, 0.18, 0};
    fc_ck_legend(c, &b, keys, nk);

    lab_w = fmax(fc_ck_text_width_bold(c, req, FC_CK_LABEL),
                 fc_ck_text_width_bold(c, env, FC_CK_LABEL));
    lab_w = fmax(lab_w, fc_ck_text_width(c, gap_txt, FC_CK_LABEL));
    g.x.lo = d->year[0];
    g.x.hi = d->year[last];
    g.x.fk = d->x_fmt;
    g.x.exact = 1;
    g.x.title = d->text.x_title;
    g.y.lo = lo;
    g.y.hi = hi;
    g.y.fk = d->y_fmt;
    g.y.grid = 1;
    g.y.title = d->text.y_title;
    g.right_pad = lab_w + 12;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        return st;
    fc_ck_xy_grid(c, &g);
    shade(c, &g, d, 1, rc, 0.22);
    shade(c, &g, d, -1, ec, 0.18);
    line(c, &g, d->year, d->envelope, d->n_year, ec);
    line(c, &g, d->year, d->requirement, d->n_year, rc);

    /* direct labels at the right: requirement, envelope and the last year's gap between */
    fc_ck_text_set(c, "Ag", FC_CK_LABEL, 0, 0);
    fc_ck_text_size(c, NULL, &th);
    want[0] = fc_ck_pos(&g.y, d->requirement[last]);
    want[1] = fc_ck_pos(&g.y, d->envelope[last]);
    want[2] = (want[0] + want[1]) / 2;
    fc_ck_spread(want, placed, fabs(last_gap) > 0 ? 3 : 2, th, g.plot.y0, g.plot.y1);
    fc_ck_text_set_bold(c, req, FC_CK_LABEL, 0, 0, 1);
    fc_ck_text_show(c, g.plot.x1 + 8, placed[0], 0, 0.5, 0, fc_ck_ink_of(rc));
    fc_ck_text_set_bold(c, env, FC_CK_LABEL, 0, 0, 1);
    fc_ck_text_show(c, g.plot.x1 + 8, placed[1], 0, 0.5, 0, fc_ck_ink_of(ec));
    if (fabs(last_gap) > 0) {
        double xe = g.plot.x1 + 4;
        cairo_move_to(c->cr, c->ox + xe, c->oy + want[0]);
        cairo_line_to(c->cr, c->ox + xe, c->oy + want[1]);
        cairo_set_line_width(c->cr, 1);
        fc_ck_rgb(c, fc_rgb_hex(FC_CK_INK));
        cairo_stroke(c->cr);
        fc_ck_text_set_bold(c, gap_txt, FC_CK_LABEL, 0, 0, 0);
        fc_ck_text_show(c, g.plot.x1 + 8, placed[2], 0, 0.5, 0, fc_rgb_hex(FC_CK_INK));
    }
    fc_ck_xy_axes(c, &g);
    return fc_ck_status(c, "cannot draw funding gap", err);
}
