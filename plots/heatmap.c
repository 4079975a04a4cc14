/* heatmap.c: the two-way sensitivity grid (see heatmap.h). */
#include "plots/heatmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plots/chart_int.h"

fc_status
fc_heatmap_draw(fc_chart *c, const fc_heatmap *h, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[3];
    const fc_rgb pos = fc_rgb_hex(FC_RGB_VERMILLION), neg = fc_rgb_hex(FC_RGB_BLUE);
    const fc_rgb edge = fc_rgb_hex(FC_CK_INK);
    double zmax = 0, dx, dy;
    size_t nk = 0, ix, iy;
    fc_status st;

    if (h == NULL || h->x == NULL || h->y == NULL || h->z == NULL || h->nx < 2 || h->ny < 2)
        return FC_FAIL(err, FC_EINVAL, "a heat map needs two values or more on each side");
    for (ix = 1; ix < h->nx; ix++)
        if (!(h->x[ix] > h->x[ix - 1]))
            return FC_FAIL(err, FC_EINVAL, "heat map x values must ascend");
    for (iy = 1; iy < h->ny; iy++)
        if (!(h->y[iy] > h->y[iy - 1]))
            return FC_FAIL(err, FC_EINVAL, "heat map y values must ascend");
    for (size_t i = 0; i < h->nx * h->ny; i++)
        if (isfinite(h->z[i]))
            zmax = fmax(zmax, fabs(h->z[i]));
    dx = (h->x[h->nx - 1] - h->x[0]) / (double)(h->nx - 1);
    dy = (h->y[h->ny - 1] - h->y[0]) / (double)(h->ny - 1);
    b = fc_ck_frame(c, &h->text);
    keys[nk++] = (fc_ck_key){h->pos_label ? h->pos_label : "Shortfall", pos, FC_KEY_FILL, 0, 0};
    keys[nk++] = (fc_ck_key){h->neg_label ? h->neg_label : "Headroom", neg, FC_KEY_FILL, 0, 0};
    if (h->group)
        keys[nk++] = (fc_ck_key){h->edge_label ? h->edge_label : "The best set changes", edge,
                                 FC_KEY_LINE, 0, 0};
    fc_ck_legend(c, &b, keys, nk);
    g.x.lo = h->x[0] - dx / 2;
    g.x.hi = h->x[h->nx - 1] + dx / 2;
    g.x.fk = h->x_fmt;
    g.x.exact = 1;
    g.x.title = h->text.x_title;
    g.y.lo = h->y[0] - dy / 2;
    g.y.hi = h->y[h->ny - 1] + dy / 2;
    g.y.fk = h->y_fmt;
    g.y.exact = 1;
    g.y.title = h->text.y_title;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        return st;
    /* the cells: the deeper the colour, the larger the outcome's size */
    for (iy = 0; iy < h->ny; iy++)
        for (ix = 0; ix < h->nx; ix++) {
            const double z = h->z[iy * h->nx + ix];
            const double x0 = fc_ck_pos(&g.x, h->x[ix] - dx / 2), x1 = fc_ck_pos(&g.x, h->x[ix] + dx / 2);
            const double y0 = fc_ck_pos(&g.y, h->y[iy] + dy / 2), y1 = fc_ck_pos(&g.y, h->y[iy] - dy / 2);
            fc_rgb col = fc_rgb_hex(0xCCCCCCu);
            if (isfinite(z))
                col = fc_ck_tint(z > 0 ? pos : neg,
                                 zmax > 0 ? 0.88 - 0.78 * fabs(z) / zmax : 0.88);
            cairo_rectangle(c->cr, c->ox + x0, c->oy + y0, x1 - x0, y1 - y0);
            fc_ck_rgb(c, col);
            cairo_fill(c->cr);
        }
    /* the decision's boundary: a heavy line on every edge between cells of different sets */
    if (h->group) {
        cairo_save(c->cr);
        cairo_set_line_width(c->cr, 2.2);
        cairo_set_line_cap(c->cr, CAIRO_LINE_CAP_SQUARE);
        fc_ck_rgb(c, edge);
        for (iy = 0; iy < h->ny; iy++)
            for (ix = 0; ix < h->nx; ix++) {
                const int me = h->group[iy * h->nx + ix];
                const double xr = fc_ck_pos(&g.x, h->x[ix] + dx / 2);
                const double yt = fc_ck_pos(&g.y, h->y[iy] + dy / 2);
                if (ix + 1 < h->nx && h->group[iy * h->nx + ix + 1] != me) {
                    cairo_move_to(c->cr, c->ox + xr, c->oy + yt);
                    cairo_line_to(c->cr, c->ox + xr, c->oy + fc_ck_pos(&g.y, h->y[iy] - dy / 2));
                }
                if (iy + 1 < h->ny && h->group[(iy + 1) * h->nx + ix] != me) {
                    cairo_move_to(c->cr, c->ox + fc_ck_pos(&g.x, h->x[ix] - dx / 2), c->oy + yt);
                    cairo_line_to(c->cr, c->ox + xr, c->oy + yt);
                }
            }
        cairo_stroke(c->cr);
        cairo_restore(c->cr);
    }
    if (isfinite(h->cx) && isfinite(h->cy)) /* the central pair */
        fc_ck_marker(c, 0, fc_ck_pos(&g.x, h->cx), fc_ck_pos(&g.y, h->cy), 4,
                     fc_rgb_hex(FC_CK_INK));
    fc_ck_xy_axes(c, &g);
    return fc_ck_status(c, "cannot draw the heat map", err);
}
