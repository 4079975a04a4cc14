/* gap.h: the funding gap chart: cost requirement and available envelope by year as two lines,
 * the gap (requirement above envelope) shaded and the headroom (envelope above requirement)
 * shaded in a second hue, the last year's gap written on the chart. Figures are cash or real
 * terms as the caller's subtitle says.
 */
#ifndef FC_PLOTS_GAP_H
#define FC_PLOTS_GAP_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

typedef struct fc_gap {
    fc_chart_text text;
    size_t n_year;
    const double *year;        /* ascending (n_year) */
    const double *requirement; /* cost requirement (n_year), e.g. GBP */
    const double *envelope;    /* available envelope (n_year) */
    const char *req_label;     /* NULL: "Requirement" */
    const char *env_label;     /* NULL: "Envelope" */
    fc_axis_fmt_kind x_fmt;    /* FC_FMT_YEAR or FC_FMT_FYEAR */
    fc_axis_fmt_kind y_fmt;    /* usually FC_FMT_GBP */
} fc_gap;

/* Draws g on c. FC_EINVAL for NULL arrays or n_year < 2; FC_EDATA for non-finite values or
 * years not ascending; FC_EIO when Cairo fails. */
fc_status fc_gap_draw(fc_chart *c, const fc_gap *g, fc_err *err);

#endif /* FC_PLOTS_GAP_H */
