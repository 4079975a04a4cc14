/* ladder.h: the invest/disinvest ladder of a PBMA decision.
 */
#ifndef FC_PLOTS_LADDER_H
#define FC_PLOTS_LADDER_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

/* Invest/disinvest ladder: diverging bars about zero, investments to the right (blue),
 * disinvestments to the left (orange), each labelled with its signed amount; the net change is
 * stated under the title area. */
typedef struct fc_ladder {
    fc_chart_text text;
    size_t n;
    const char *const *labels; /* (n), drawn top to bottom in the given order */
    const double *amount;      /* GBP (n): > 0 invest, < 0 disinvest */
    fc_axis_fmt_kind fmt;
    const char *pos_label; /* legend of the positive bars (NULL: "Invest") */
    const char *neg_label; /* legend of the negative bars (NULL: "Disinvest") */
    int no_net;            /* 1: no net change (e.g. per cent changes, which do not add) */
} fc_ladder;

fc_status fc_ladder_draw(fc_chart *c, const fc_ladder *l, fc_err *err);

/* An info-rank chart (BCEA's info.rank) as a ladder: each of n unknowns' EVPPI as a share of
 * the EVPI (shares, 0..1, in the order given: largest first), with the title, subtitle and
 * source given; x titled "Share of the EVPI". All borrowed. */
fc_ladder fc_ladder_info_rank(const char *title, const char *subtitle, const char *source,
                              size_t n, const char *const *labels, const double *share);
/* Returns FC_EINVAL for NULL arrays or n == 0, FC_EDATA for non-finite values (or a
 * probability outside [0, 1]), FC_EIO when Cairo fails. */

#endif /* FC_PLOTS_LADDER_H */
