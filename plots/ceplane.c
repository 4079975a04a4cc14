/* ceplane.c: the cost-effectiveness plane and its frontier (see ceplane.h). */
#include "plots/ceplane.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plots/chart_int.h"

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

/* Boxes the option labels should not cover (pt). */
typedef struct obstacles {
    fc_ck_box b[300];
    size_t n;
} obstacles;

/* The threshold lines through the origin, each labelled along itself halfway out in the
 * lower-left quadrant; the labels' boxes become obstacles. mx, my: the axes' extents. */
static void
wtp_lines(fc_chart *c, const fc_ceplane *p, const fc_ck_xy *g, double mx, double my, obstacles *o)
{
    fc_axis_fmt wf;
    char buf[FC_AXIS_LABEL_MAX + 16];

    for (size_t i = 0; i < p->n_wtp; i++) {
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
        cairo_move_to(c->cr, c->ox + fc_ck_pos(&g->x, -xe), c->oy + fc_ck_pos(&g->y, -ye));
        cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, xe), c->oy + fc_ck_pos(&g->y, ye));
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
            double x1 = fc_ck_pos(&g->x, -xe), y1 = fc_ck_pos(&g->y, -ye);
            double x0 = fc_ck_pos(&g->x, 0), y0 = fc_ck_pos(&g->y, 0);
            double ang = atan2(y0 - y1, x0 - x1), t = i % 2 ? 0.35 : 0.55, tw, tht;
            double lx = x1 + (x0 - x1) * (1 - t), ly = y1 + (y0 - y1) * (1 - t) - 1;
            fc_ck_text_set(c, buf, FC_CK_TICK, 0, 0);
            fc_ck_text_size(c, &tw, &tht);
            fc_ck_text_show(c, lx, ly, 0.5, 1, ang, fc_rgb_hex(FC_CK_INK2));
            if (o->n < sizeof o->b / sizeof o->b[0]) {
                double hw = 0.5 * (fabs(cos(ang)) * tw + fabs(sin(ang)) * tht);
                double hh = 0.5 * (fabs(sin(ang)) * tw + fabs(cos(ang)) * tht);
                o->b[o->n++] = (fc_ck_box){lx - hw, ly - 2 * hh, lx + hw, ly};
            }
        }
    }
}

/* The quadrants' names in the corners, over the lines with a halo so they stay legible,
 * wrapped to a third of the width; each box becomes an obstacle for the option labels. */
static void
quadrant_names(fc_chart *c, const fc_ck_xy *g, obstacles *o)
{
    static const char *quad[4] = {
        "More costly, more effective", "More costly, less effective (dominated)",
        "Less costly, less effective", "Less costly, more effective (dominant)"};
    static const double ax[4] = {1, 0, 0, 1}, ay[4] = {0, 0, 1, 1};
    static const int al[4] = {2, 0, 0, 2};
    fc_rgb q = fc_rgb_hex(0x8A8A8Au);
    for (int k = 0; k < 4; k++) {
        double qx = ax[k] ? g->plot.x1 - 4 : g->plot.x0 + 4;
        double qy = ay[k] ? g->plot.y1 - 3 : g->plot.y0 + 3, qw, qh;
        fc_ck_text_set(c, quad[k], FC_CK_TICK, (g->plot.x1 - g->plot.x0) * 0.3, al[k]);
        fc_ck_text_size(c, &qw, &qh);
        fc_ck_text_halo(c, qx, qy, ax[k], ay[k], q);
        if (o->n < sizeof o->b / sizeof o->b[0])
            o->b[o->n++] = (fc_ck_box){qx - ax[k] * qw, qy - ay[k] * qh,
                                       qx + (1 - ax[k]) * qw, qy + (1 - ay[k]) * qh};
    }
}

/* Each option's label at the candidate spot beside its marker that overlaps least with the
 * markers, the labels already placed, the obstacles and the frontier (fr[0..nfr)), in the
 * marker's hue. th: the labels' height. */
static void
place_labels(fc_chart *c, const fc_ceplane *p, const fc_ck_xy *g, const size_t *fr, size_t nfr,
             double th, obstacles *o)
{
    /* label spots beside a marker: offset dx, dy (pt) and the box anchor (fractions) */
    static const double cand[8][4] = {{7, 0, 0, 0.5},   {-7, 0, 1, 0.5}, {4, -4, 0, 1},
                                      {4, 4, 0, 0},     {-4, -4, 1, 1},  {-4, 4, 1, 0},
                                      {0, -7, 0.5, 1},  {0, 7, 0.5, 0}};
    for (size_t i = 0; i < p->n; i++) {
        double x = fc_ck_pos(&g->x, p->effect[i]), y = fc_ck_pos(&g->y, p->cost[i]);
        double w = fc_ck_text_width(c, p->labels[i], FC_CK_TICK), best = HUGE_VAL;
        fc_ck_box chosen = {0};
        int bk = 0;
        /* the candidate spot that overlaps least with the other markers, the labels already
         * placed, the quadrant names, the threshold labels and the frontier */
        for (int k = 0; k < 8; k++) {
            double bx = x + cand[k][0] - cand[k][2] * w, by = y + cand[k][1] - cand[k][3] * th;
            fc_ck_box bb = {bx, by, bx + w, by + th};
            double sc = k * 0.01; /* ties: the earlier (right of the point) wins */
            if (bb.x0 < g->plot.x0 + 1 || bb.x1 > g->plot.x1 - 1 || bb.y0 < g->plot.y0 + 1 ||
                bb.y1 > g->plot.y1 - 1)
                sc += 1e6;
            for (size_t m = 0; m < p->n; m++) {
                double mxp = fc_ck_pos(&g->x, p->effect[m]), myp = fc_ck_pos(&g->y, p->cost[m]);
                fc_ck_box mb = {mxp - 5, myp - 5, mxp + 5, myp + 5};
                sc += 4 * box_overlap(&bb, &mb);
            }
            for (size_t m = 0; m < o->n; m++)
                sc += 2 * box_overlap(&bb, &o->b[m]);
            for (size_t m = 0; m + 1 < nfr; m++)
                sc += 40 * seg_hits(&bb, fc_ck_pos(&g->x, p->effect[fr[m]]),
                                    fc_ck_pos(&g->y, p->cost[fr[m]]),
                                    fc_ck_pos(&g->x, p->effect[fr[m + 1]]),
                                    fc_ck_pos(&g->y, p->cost[fr[m + 1]]));
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
        if (o->n < sizeof o->b / sizeof o->b[0])
            o->b[o->n++] = chosen;
    }
}

fc_status
fc_ceplane_draw(fc_chart *c, const fc_ceplane *p, fc_err *err)
{
    obstacles ob = {.n = 0};
    fc_ck_xy g = {0};
    fc_ck_box b;
    size_t *fr = NULL, nfr = 0, i;
    double mx = 0, my = 0, th;
    fc_status st;

    if (p == NULL || p->n == 0 || p->labels == NULL || p->effect == NULL || p->cost == NULL ||
        (p->n_wtp > 0 && p->wtp == NULL))
        return FC_FAIL(err, FC_EINVAL, "cost-effectiveness plane needs effects and costs");
    if ((st = fc_ck_finite(p->effect, p->n, "option effect", err)) != FC_OK ||
        (st = fc_ck_finite(p->cost, p->n, "option cost", err)) != FC_OK)
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
    wtp_lines(c, p, &g, mx, my, &ob);
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
    quadrant_names(c, &g, &ob);
    fc_ck_text_set(c, "Ag", FC_CK_TICK, 0, 0);
    fc_ck_text_size(c, NULL, &th);
    for (i = 0; i < p->n; i++)
        fc_ck_marker(c, (int)i, fc_ck_pos(&g.x, p->effect[i]), fc_ck_pos(&g.y, p->cost[i]), 4.2,
                     fc_palette_get(c->pal, p->labels[i]));
    place_labels(c, p, &g, fr, nfr, th, &ob);
    fc_ck_xy_axes(c, &g);
    st = fc_ck_status(c, "cannot draw the cost-effectiveness plane", err);
done:
    free(fr);
    return st;
}
