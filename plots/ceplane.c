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

/* Boxes the option labels should not cover and lines they should not cross (pt). */
typedef struct obstacles {
    fc_ck_box b[64];
    size_t n;
    fc_ck_seg *s; /* room for 2 axes, the WTP lines, the frontier and the gridlines */
    size_t ns;
} obstacles;

static void
add_seg(obstacles *o, double x0, double y0, double x1, double y1, double weight)
{
    o->s[o->ns++] = (fc_ck_seg){x0, y0, x1, y1, weight};
}

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
        add_seg(o, fc_ck_pos(&g->x, -xe), fc_ck_pos(&g->y, -ye), fc_ck_pos(&g->x, xe),
                fc_ck_pos(&g->y, ye), FC_CK_STRONG);
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

/* The quadrants' names in the corners, on a white ground over the lines so they stay legible,
 * wrapped to a third of the width; each box becomes an obstacle for the option labels. */
static void
quadrant_names(fc_chart *c, const fc_ck_xy *g, obstacles *o)
{
    static const char *quad[4] = {
        "More costly, more effective", "More costly, less effective (dominated)",
        "Less costly, less effective", "Less costly, more effective (dominant)"};
    static const double ax[4] = {1, 0, 0, 1}, ay[4] = {0, 0, 1, 1};
    static const int al[4] = {2, 0, 0, 2};
    fc_rgb q = fc_rgb_hex(0x707070u); /* 4.9:1 on white */
    for (int k = 0; k < 4; k++) {
        double qx = ax[k] ? g->plot.x1 - 4 : g->plot.x0 + 4;
        double qy = ay[k] ? g->plot.y1 - 3 : g->plot.y0 + 3, qw, qh;
        fc_ck_text_set(c, quad[k], FC_CK_TICK, (g->plot.x1 - g->plot.x0) * 0.3, al[k]);
        fc_ck_text_size(c, &qw, &qh);
        /* on a white ground: the lines stop at the caption instead of running through it */
        cairo_rectangle(c->cr, c->ox + qx - ax[k] * qw - 2, c->oy + qy - ay[k] * qh - 1, qw + 4,
                        qh + 2);
        cairo_set_source_rgb(c->cr, 1, 1, 1);
        cairo_fill(c->cr);
        fc_ck_text_show(c, qx, qy, ax[k], ay[k], 0, q);
        if (o->n < sizeof o->b / sizeof o->b[0])
            o->b[o->n++] = (fc_ck_box){qx - ax[k] * qw, qy - ay[k] * qh,
                                       qx + (1 - ax[k]) * qw, qy + (1 - ay[k]) * qh};
    }
}

/* Each option's label in the clearest spot near its marker (fc_ck_place_labels): never over a
 * marker, another label, a quadrant name or a threshold's label, and off the threshold,
 * frontier and axis lines where it can be; a leader joins a label set off its marker. In the
 * marker's hue, darkened to read on white (WCAG 4.5:1), so a label pairs with its point. */
static void
place_labels(fc_chart *c, const fc_ceplane *p, const fc_ck_xy *g, double th, obstacles *o)
{
    double *px = calloc(3 * p->n, sizeof *px);
    fc_ck_box *box = calloc(p->n, sizeof *box);
    int *far = calloc(p->n, sizeof *far);
    fc_ck_place pl = {0};
    size_t i;
    if (px == NULL || box == NULL || far == NULL)
        goto done; /* out of memory: the chart has its markers and legend-free labels lost */
    for (i = 0; i < p->n; i++) {
        px[i] = fc_ck_pos(&g->x, p->effect[i]);
        px[p->n + i] = fc_ck_pos(&g->y, p->cost[i]);
        px[2 * p->n + i] = fc_ck_text_width(c, p->labels[i], FC_CK_TICK);
    }
    pl = (fc_ck_place){p->n,     px,   px + p->n, px + 2 * p->n, th,    4.2 * 1.2,
                       o->b,     o->n, o->s,      o->ns,         g->plot};
    pl.bounds.x0 += 1;
    pl.bounds.y0 += 1;
    pl.bounds.x1 -= 1;
    pl.bounds.y1 -= 1;
    fc_ck_place_labels(&pl, box, far);
    c->labelling = 1;
    for (i = 0; i < p->n; i++) {
        fc_rgb ink = fc_ck_ink_of(fc_palette_get(c->pal, p->labels[i]));
        if (far[i])
            fc_ck_leader(c, px[i], px[p->n + i], pl.mark_r, &box[i], ink);
        fc_ck_text_set(c, p->labels[i], FC_CK_TICK, 0, 0);
        fc_ck_text_halo(c, box[i].x0, box[i].y0, 0, 0, ink);
    }
    c->labelling = 0;
done:
    free(px);
    free(box);
    free(far);
}

fc_status
fc_ceplane_draw(fc_chart *c, const fc_ceplane *p, fc_err *err)
{
    obstacles ob = {.n = 0, .ns = 0};
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
    ob.s = calloc(2 + p->n_wtp + p->n + 1 + 2 * FC_AXIS_MAX_TICKS, sizeof *ob.s);
    if (fr == NULL || ob.s == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing the plane");
        goto done;
    }
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
    for (i = 0; i < g.x.ticks.n; i++) /* a label across a gridline costs little */
        add_seg(&ob, fc_ck_pos(&g.x, g.x.ticks.v[i]), g.plot.y0, fc_ck_pos(&g.x, g.x.ticks.v[i]),
                g.plot.y1, 0.1);
    for (i = 0; i < g.y.ticks.n; i++)
        add_seg(&ob, g.plot.x0, fc_ck_pos(&g.y, g.y.ticks.v[i]), g.plot.x1,
                fc_ck_pos(&g.y, g.y.ticks.v[i]), 0.1);
    {
        double x0 = fc_ck_pos(&g.x, 0), y0 = fc_ck_pos(&g.y, 0);
        add_seg(&ob, x0, g.plot.y0, x0, g.plot.y1, FC_CK_STRONG);
        add_seg(&ob, g.plot.x0, y0, g.plot.x1, y0, FC_CK_STRONG);
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
        double lx = fc_ck_pos(&g.x, 0), ly = fc_ck_pos(&g.y, 0);
        int from0 = p->effect[fr[0]] > 0 && p->cost[fr[0]] >= 0;
        cairo_new_path(c->cr);
        if (from0)
            cairo_move_to(c->cr, c->ox + lx, c->oy + ly);
        for (i = 0; i < nfr; i++) {
            double x = fc_ck_pos(&g.x, p->effect[fr[i]]), y = fc_ck_pos(&g.y, p->cost[fr[i]]);
            cairo_line_to(c->cr, c->ox + x, c->oy + y);
            if (i > 0 || from0)
                add_seg(&ob, lx, ly, x, y, FC_CK_STRONG);
            lx = x;
            ly = y;
        }
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
    place_labels(c, p, &g, th, &ob);
    fc_ck_xy_axes(c, &g);
    st = fc_ck_status(c, "cannot draw the cost-effectiveness plane", err);
done:
    free(fr);
    free(ob.s);
    return st;
}
