/* ceplane.h: the cost-effectiveness plane with the efficient frontier and threshold lines
 * (Drummond et al., Methods for the Economic Evaluation of Health Care Programmes, 4th ed.,
 * ch. 4: dominance and extended dominance).
 */
#ifndef FC_PLOTS_CEPLANE_H
#define FC_PLOTS_CEPLANE_H

#include <stddef.h>

#include "models/status.h"
#include "plots/axis.h"
#include "plots/chart.h"

/* Cost-effectiveness plane: incremental effect (x) against incremental cost (y) per option,
 * origin at the comparator, quadrants named, WTP threshold lines through the origin, the
 * frontier joined. Points get palette colours and distinct shapes. */
typedef struct fc_ceplane {
    fc_chart_text text;
    size_t n;
    const char *const *labels; /* (n) */
    const double *effect;      /* incremental QALYs (n) */
    const double *cost;        /* incremental GBP (n) */
    size_t n_wtp;
    const double *wtp; /* thresholds, GBP per QALY (e.g. 20000, 30000) */
    size_t n_frontier; /* frontier as indices into the options, in effect order;
                          0 with frontier NULL: computed by fc_ceplane_frontier() */
    const size_t *frontier;
    int no_frontier; /* 1: draw no frontier */
    const char *wtp_unit; /* threshold label suffix, e.g. "/QALY" (NULL: "/QALY") */
} fc_ceplane;

fc_status fc_ceplane_draw(fc_chart *c, const fc_ceplane *p, fc_err *err);
/* Returns FC_EINVAL for NULL arrays or n == 0, FC_EDATA for non-finite values (or a
 * probability outside [0, 1]), FC_EIO when Cairo fails. */

/* The cost-effectiveness frontier from the comparator at the origin: options that are neither
 * dominated nor extendedly dominated, in increasing effect. Writes up to n indices to idx and
 * their count to *n_out. idx must hold n entries. Pure geometry; never fails on finite data;
 * FC_EDATA for non-finite values. */
fc_status fc_ceplane_frontier(const double effect[], const double cost[], size_t n, size_t idx[],
                              size_t *n_out, fc_err *err);

#endif /* FC_PLOTS_CEPLANE_H */
