/* ceac.h: cost-effectiveness acceptability curves (CEAC), drawn as lines (plots/lines.h).
 */
#ifndef FC_PLOTS_CEAC_H
#define FC_PLOTS_CEAC_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

/* CEAC: the probability each option is the cost-effective choice, against WTP. */
typedef struct fc_ceac {
    fc_chart_text text;
    size_t n_wtp;
    const double *wtp; /* GBP per QALY, ascending (n_wtp) */
    size_t n_opt;
    const char *const *labels; /* (n_opt) */
    const double *prob;        /* row-major [opt][wtp], each in [0, 1] */
    size_t n_ref;
    const double *ref; /* reference thresholds drawn as vertical lines */
} fc_ceac;

fc_status fc_ceac_draw(fc_chart *c, const fc_ceac *a, fc_err *err);
/* Returns FC_EINVAL for NULL arrays or n == 0, FC_EDATA for non-finite values (or a
 * probability outside [0, 1]), FC_EIO when Cairo fails. */

#endif /* FC_PLOTS_CEAC_H */
