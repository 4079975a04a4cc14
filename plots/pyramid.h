/* pyramid.h: the population pyramid: males left, females right on one symmetric scale, the
 * base year as filled bars and a comparison (projected) year as an unfilled step outline
 * (docs/CHARTS.md). Counts or per cent of each year's total population.
 */
#ifndef FC_PLOTS_PYRAMID_H
#define FC_PLOTS_PYRAMID_H

#include <stddef.h>

#include "models/status.h"
#include "plots/chart.h"

/* A pyramid's data; every array is borrowed and has n_age entries, youngest first. */
typedef struct fc_pyramid {
    fc_chart_text text;
    size_t n_age;
    const char *const *age_labels; /* "0-4", ..., "90+" (top-coded band labelled as such) */
    const double *male;            /* base year, persons >= 0 */
    const double *female;
    const double *male_cmp; /* comparison year outline, persons; NULL: none */
    const double *female_cmp;
    const char *base_label; /* legend text of the bars, e.g. "2022 (base)" */
    const char *cmp_label;  /* legend text of the outline, e.g. "2042 (principal)" */
    int percent;            /* 1: each year as % of its own total population */
} fc_pyramid;

/* Draws p on c. Ages are labelled down the middle at most every second band when crowded.
 * FC_EINVAL for a NULL array or n_age == 0; FC_EDATA for a negative or non-finite count;
 * FC_EIO when Cairo fails. */
fc_status fc_pyramid_draw(fc_chart *c, const fc_pyramid *p, fc_err *err);

#endif /* FC_PLOTS_PYRAMID_H */
