/* heatmap.h: the two-way sensitivity grid: one cell for each pair of values of two
 * parameters, coloured by an outcome that may change sign (the funding gap: shortfall in
 * vermillion, headroom in blue, deeper the larger), with a heavy line wherever the decision
 * (the best set) differs between neighbouring cells, and the central pair marked.
 */
#ifndef FC_PLOTS_HEATMAP_H
#define FC_PLOTS_HEATMAP_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

typedef struct fc_heatmap {
    fc_chart_text text;
    size_t nx, ny;
    const double *x;          /* (nx) the cells' centres across, ascending, equally spaced */
    const double *y;          /* (ny) up the chart, ascending, equally spaced */
    const double *z;          /* [ny][nx] the outcome (NaN: no value, drawn grey) */
    const int *group;         /* [ny][nx] the decision each cell takes (equal ids, equal
                                 decisions), or NULL */
    double cx, cy;            /* the central pair, marked (NaN: not marked) */
    fc_axis_fmt_kind x_fmt, y_fmt, z_fmt;
    const char *pos_label;    /* legend of z > 0 (NULL: "Shortfall") */
    const char *neg_label;    /* of z < 0 (NULL: "Headroom") */
    const char *edge_label;   /* of the boundary (NULL: "The best set changes") */
} fc_heatmap;

/* Draws h on c. FC_EINVAL for NULL arrays, a side below 2 or values not ascending, FC_EIO
 * when Cairo fails. */
fc_status fc_heatmap_draw(fc_chart *c, const fc_heatmap *h, fc_err *err);

#endif /* FC_PLOTS_HEATMAP_H */
