/* decision.h: the PBMA decision charts: ranked options with cumulative cost against the
 * budget line (a "league table"), the invest/disinvest ladder, the cost-effectiveness plane
 * with the efficient frontier and threshold lines, and cost-effectiveness acceptability
 * curves (CEAC). All take results the PBMA model already computed; only the frontier helper
 * does geometry (Drummond et al., Methods for the Economic Evaluation of Health Care
 * Programmes, 4th ed., ch. 4: dominance and extended dominance).
 */
#ifndef FC_PLOTS_DECISION_H
#define FC_PLOTS_DECISION_H

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

fc_status fc_rank_draw(fc_chart *c, const fc_rank *r, fc_err *err);
fc_status fc_probbar_draw(fc_chart *c, const fc_probbar *p, fc_err *err);
fc_status fc_ladder_draw(fc_chart *c, const fc_ladder *l, fc_err *err);
fc_status fc_ceplane_draw(fc_chart *c, const fc_ceplane *p, fc_err *err);
fc_status fc_ceac_draw(fc_chart *c, const fc_ceac *a, fc_err *err);
/* Each returns FC_EINVAL for NULL arrays or n == 0, FC_EDATA for non-finite values (or a
 * probability outside [0, 1]), FC_EIO when Cairo fails. */

/* The cost-effectiveness frontier from the comparator at the origin: options that are neither
 * dominated nor extendedly dominated, in increasing effect. Writes up to n indices to idx and
 * their count to *n_out. idx must hold n entries. Pure geometry; never fails on finite data;
 * FC_EDATA for non-finite values. */
fc_status fc_ceplane_frontier(const double effect[], const double cost[], size_t n, size_t idx[],
                              size_t *n_out, fc_err *err);

#endif /* FC_PLOTS_DECISION_H */
