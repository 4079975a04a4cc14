/* probbar.h: the probability that each option is in the funded set over Monte Carlo draws.
 */
#ifndef FC_PLOTS_PROBBAR_H
#define FC_PLOTS_PROBBAR_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

/* The probability that each option is in the funded set over Monte Carlo draws: a horizontal
 * bar per option from 0 to its probability on a 0-100% axis, in the given order (callers sort
 * by probability), each labelled with its percentage. Options in the central (principal)
 * plan's set are solid blue, the others a light tint of it (lightness, not hue, separates
 * them, so the chart reads in greyscale and to colour-blind readers); dashed reference lines
 * mark probabilities such as 50%. */
typedef struct fc_probbar {
    fc_chart_text text;
    size_t n;
    const char *const *labels; /* (n), top to bottom */
    const double *prob;        /* (n), each in [0, 1] */
    const int *in_set;         /* (n) 1: in the central plan's set; NULL: all drawn solid */
    const char *in_label;      /* legend of the solid bars (NULL: "In the central plan") */
    const char *out_label;     /* legend of the light bars (NULL: "Not in the central plan") */
    size_t n_ref;
    const double *ref;         /* reference probabilities (e.g. 0.5), dashed */
} fc_probbar;

fc_status fc_probbar_draw(fc_chart *c, const fc_probbar *p, fc_err *err);
/* Returns FC_EINVAL for NULL arrays or n == 0, FC_EDATA for non-finite values (or a
 * probability outside [0, 1]), FC_EIO when Cairo fails. */

#endif /* FC_PLOTS_PROBBAR_H */
