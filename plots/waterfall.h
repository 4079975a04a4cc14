/* waterfall.h: the waterfall (bridge) from a baseline to a projection through signed driver
 * steps, with the interaction (residual) as its own bar so the steps add up exactly. Bars are
 * horizontal, read top to bottom; the first and last start at zero, steps float. Each step is
 * labelled with its signed value. Running totals use compensated summation, and the end bar is
 * the caller's end value, so the picture and the table agree to the last digit.
 */
#ifndef FC_PLOTS_WATERFALL_H
#define FC_PLOTS_WATERFALL_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

typedef struct fc_waterfall {
    fc_chart_text text;
    const char *start_label; /* "Baseline 2024/25" */
    double start;            /* baseline value */
    size_t n_step;
    const char *const *step_labels; /* driver names (n_step), borrowed */
    const double *steps;            /* signed changes (n_step) */
    const char *end_label;          /* "Projection 2034/35" */
    double end;                     /* the model's end value; NaN: start + sum of steps */
    const char *interaction_label;  /* label of the residual bar; NULL: "Interaction" */
    fc_axis_fmt_kind fmt;           /* value format, e.g. FC_FMT_GBP or FC_FMT_NUMBER */
    int up_is_good;                 /* 1: increases blue, decreases orange (benefits);
                                       0: increases orange (pressures), decreases blue */
} fc_waterfall;

/* Running totals of a bridge: total[0] = start, total[i + 1] = total[i] + steps[i] summed
 * with Neumaier compensation; *residual = end - total[n_step] (0 when end is NaN). total has
 * n_step + 1 entries. FC_EDATA for a non-finite value. Pure arithmetic. */
fc_status fc_waterfall_totals(const fc_waterfall *wf, double total[], double *residual,
                              fc_err *err);

/* Draws wf on c; a residual bar is shown when |residual| > 1e-9 of the largest bar.
 * FC_EINVAL for NULL arrays; FC_EDATA for non-finite values; FC_EIO when Cairo fails. */
fc_status fc_waterfall_draw(fc_chart *c, const fc_waterfall *wf, fc_err *err);

#endif /* FC_PLOTS_WATERFALL_H */
