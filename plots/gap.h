/* gap.h: the funding gap chart: the gap itself, requirement minus envelope, as a bar a year
 * on an axis through zero; a gap (requirement above envelope) in vermillion, headroom in
 * blue, the values over the bars. The levels are the caller's to state (the appendix's
 * subtitle gives the last year's cost and envelope): drawn as two lines they would need an
 * axis far from zero, on which a gap of 2% looks like nothing or like everything. Figures
 * are cash or real terms as the caller's subtitle says.
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
    const char *req_label;     /* NULL: "Requirement" (named in the text alternative) */
    const char *env_label;     /* NULL: "Envelope" */
    fc_axis_fmt_kind x_fmt;    /* FC_FMT_YEAR or FC_FMT_FYEAR */
    fc_axis_fmt_kind y_fmt;    /* usually FC_FMT_GBP */
} fc_gap;

/* Draws g on c. FC_EINVAL for NULL arrays or n_year < 2 or > 512; FC_EDATA for non-finite values or
 * years not ascending; FC_EIO when Cairo fails. */
fc_status fc_gap_draw(fc_chart *c, const fc_gap *g, fc_err *err);

#endif /* FC_PLOTS_GAP_H */
