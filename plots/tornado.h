/* tornado.h: the tornado chart of a one-way sensitivity analysis: for each parameter, a row
 * with two bars from the central value (the axis), one to the outcome at the parameter's low
 * value and one to the outcome at its high value, each labelled with that outcome; rows in
 * the caller's order (largest swing first, so the chart narrows downwards like a tornado).
 */
#ifndef FC_PLOTS_TORNADO_H
#define FC_PLOTS_TORNADO_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

typedef struct fc_tornado {
    fc_chart_text text;
    size_t n;
    const char *const *labels; /* (n) the parameters, top to bottom */
    const double *low;         /* (n) the outcome with the parameter at its low value */
    const double *high;        /* (n) ... at its high value */
    double central;            /* the outcome with every parameter central: the axis */
    fc_axis_fmt_kind fmt;      /* the outcome's format (FC_FMT_GBP, FC_FMT_NUMBER, ...) */
    const char *low_label;     /* legend of the low bars (NULL: "Parameter at its p10") */
    const char *high_label;    /* legend of the high bars (NULL: "Parameter at its p90") */
} fc_tornado;

/* Draws t on c: the x axis is the change from the central value (zero at the axis), each
 * bar's end labelled with the outcome itself (a row whose ends both equal the central value
 * reads "no change"). FC_EINVAL for NULL arrays or n == 0, FC_EDATA
 * for a value that is not finite, FC_EIO when Cairo fails. */
fc_status fc_tornado_draw(fc_chart *c, const fc_tornado *t, fc_err *err);

#endif /* FC_PLOTS_TORNADO_H */
