/* stack.h: stacked areas or stacked bars of activity or spend by category (service or
 * setting) over years. The category order is fixed by the caller and kept from the bottom up
 * (acute first, docs/CHARTS.md); colours come from the palette by category name so the same
 * setting has the same colour in every chart. Bars carry their total on top.
 */
#ifndef FC_PLOTS_STACK_H
#define FC_PLOTS_STACK_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

typedef struct fc_stack {
    fc_chart_text text;
    size_t n_x;
    const double *x; /* years, ascending (n_x) */
    size_t n_cat;
    const char *const *cat_names; /* bottom to top (n_cat) */
    const double *values;         /* row-major [cat][x]: values[k * n_x + i], >= 0 */
    int bars;                     /* 0: stacked area, 1: stacked bars */
    int totals;                   /* bars: label each bar's total */
    fc_axis_fmt_kind x_fmt;       /* FC_FMT_YEAR or FC_FMT_FYEAR */
    fc_axis_fmt_kind y_fmt;       /* FC_FMT_NUMBER, FC_FMT_GBP, ... */
} fc_stack;

/* Draws s on c. FC_EINVAL for NULL arrays or empty dimensions; FC_EDATA for a negative or
 * non-finite value or x not ascending; FC_EIO when Cairo fails. */
fc_status fc_stack_draw(fc_chart *c, const fc_stack *s, fc_err *err);

#endif /* FC_PLOTS_STACK_H */
