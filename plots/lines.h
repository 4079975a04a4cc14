/* lines.h: projection lines and fan charts over years (or any x), and CEAC-style probability
 * curves. A series may carry a P10-P90 band and an inner P25-P75 band, drawn in the series'
 * hue with decreasing opacity under its principal line; observed history (x <= x_split) is
 * drawn darker. Lines are labelled directly at their right end (labels nudged apart so none
 * overlap); bands and reference lines go in the legend.
 */
#ifndef FC_PLOTS_LINES_H
#define FC_PLOTS_LINES_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

/* One line; arrays are borrowed and have n_x entries (NaN leaves a gap). */
typedef struct fc_series {
    const char *name;  /* direct label and palette key */
    const double *y;   /* principal values */
    const double *lo;  /* P10 (or the lower outer band), NULL: no band */
    const double *hi;  /* P90 */
    const double *lo2; /* P25 (inner band), NULL: none */
    const double *hi2; /* P75 */
    int dashed;        /* 1: dashed (e.g. a comparison variant) */
} fc_series;

typedef struct fc_lines {
    fc_chart_text text;
    size_t n_x;
    const double *x; /* ascending; years for FC_FMT_YEAR/FYEAR */
    size_t n_series;
    const fc_series *series;
    fc_axis_fmt_kind x_fmt; /* FC_FMT_YEAR, FC_FMT_FYEAR, FC_FMT_GBP, ... */
    fc_axis_fmt_kind y_fmt;
    int y_from_zero;         /* 1: the y axis starts at 0 (counts, money) */
    int log_y;               /* 1: log10 y axis (values must be > 0) */
    double y_min, y_max;     /* fixed y domain when y_min < y_max (e.g. 0..1) */
    double x_split;          /* last observed x: shaded "projection" region after it;
                                NaN or 0: none */
    const char *band_label;  /* legend text of the outer band, e.g. "P10-P90" */
    const char *band2_label; /* inner band, e.g. "P25-P75" */
    size_t n_xref;           /* vertical reference lines (e.g. WTP thresholds) */
    const double *xref;
    const char *const *xref_labels;
} fc_lines;

/* Draws l on c. FC_EINVAL for NULL arrays, n_x < 2 or no series; FC_EDATA for x not
 * ascending, a band with lo > hi, or a non-positive value on a log axis; FC_EIO when Cairo
 * fails. */
fc_status fc_lines_draw(fc_chart *c, const fc_lines *l, fc_err *err);

#endif /* FC_PLOTS_LINES_H */
