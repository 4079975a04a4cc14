/* rank.h: ranked options with cumulative cost against the budget line (a PBMA
 * "league table"). It takes results the PBMA model already computed.
 */
#ifndef FC_PLOTS_RANK_H
#define FC_PLOTS_RANK_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

/* Ranked options, in rank order (best first). Bars float from the cumulative cost before an
 * option to the cumulative cost after it; the budget is a vertical line and options beyond it
 * are shown as not funded. Disinvestments (cost < 0) reduce the running total and take a
 * distinct hue. */
typedef struct fc_rank {
    fc_chart_text text;
    size_t n;
    const char *const *labels;   /* option names (n) */
    const double *cost;          /* GBP per year (n); negative = disinvestment (releases) */
    const int *funded;           /* 1 funded, 0 not (n); NULL: funded while cumulative <= budget */
    double budget;               /* GBP; NaN: no budget line */
    const double *metric;        /* ranking metric per option written beside it (NaN: left
                                    blank, e.g. a disinvestment); NULL: no metric column */
    fc_axis_fmt_kind metric_fmt; /* e.g. FC_FMT_GBP for cost per QALY */
    const char *metric_suffix;   /* appended to the metric, e.g. "/QALY" */
    const char *metric_title;    /* column heading, e.g. "Cost per QALY"; NULL: none */
} fc_rank;

fc_status fc_rank_draw(fc_chart *c, const fc_rank *r, fc_err *err);
/* Returns FC_EINVAL for NULL arrays or n == 0, FC_EDATA for non-finite values (or a
 * probability outside [0, 1]), FC_EIO when Cairo fails. */

#endif /* FC_PLOTS_RANK_H */
