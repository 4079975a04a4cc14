/* lifetable.h: period life tables from central death rates, and the survival ratios that the
 * cohort-component projection uses.
 *
 * Method (MortCast, PPgp/MortCast src/functions.c, as used by bayesPop and the UN WPP):
 *   qx = n mx / (1 + (n - ax) mx),  l(x+n) = lx (1 - qx),  Lx = n l(x+n) + ax (lx - l(x+n)),
 *   open group: L = l / m, q = 1;  Tx = sum of L from x;  ex = Tx / lx.
 * Single-year tables: a0 by the chosen rule, ax = 0.5 above age 0.
 * Abridged tables (0, 1-4, 5-9, ...): a0 and 4a1 by Coale-Demeny (Preston et al. 2001, p.48)
 * or a0 by Andreev-Kingkade (Demographic Research 2015) with Coale-Demeny 4a1; ax = 2.5 at
 * 5-9 and 10-14; Greville above, ax = 2.5 - (25/12)(mx - k), k = 0.1 ln(m(x+5)/m(x-5)) (for the
 * last closed group m(x+5) is the open group's rate), floored at 0.97 from age 40.
 * Units: rates per person-year, ages and ax in years, radix l0 = 1.
 */
#ifndef FC_MODELS_LIFETABLE_H
#define FC_MODELS_LIFETABLE_H

#include <stddef.h>

#include "models/status.h"

typedef enum fc_a0_rule {
    FC_A0_COALE_DEMENY = 0,    /* default */
    FC_A0_ANDREEV_KINGKADE = 1
} fc_a0_rule;

typedef enum fc_lt_kind {
    FC_LT_SINGLE = 1,   /* ages 0, 1, ..., n-2, open (n-2)+ */
    FC_LT_ABRIDGED = 5  /* ages 0, 1-4, 5-9, ..., open */
} fc_lt_kind;

typedef struct fc_lifetable {
    size_t n;      /* age groups, the last one open */
    fc_lt_kind kind;
    double *age;   /* start of each group, years */
    double *width; /* group width in years (0 for the open group) */
    double *mx;    /* central death rate, per person-year */
    double *ax;    /* years lived in the group by those who die in it */
    double *qx;    /* probability of dying in the group */
    double *lx;    /* survivors to the start of the group (l0 = 1) */
    double *dx;    /* deaths in the group (per unit radix) */
    double *Lx;    /* person-years lived in the group */
    double *Tx;    /* person-years lived from the start of the group on */
    double *ex;    /* life expectancy at the start of the group, years */
} fc_lifetable;

/* Allocates a table for n age groups (n >= 2). Returns new; free with fc_lifetable_free(). */
fc_lifetable *fc_lifetable_alloc(size_t n);
void fc_lifetable_free(fc_lifetable *lt);

/* Computes every column of lt (of size n = lt->n) from mx[0..n-1]. sex is 0 female, 1 male.
 * FC_EINVAL for a bad kind/size (abridged needs n >= 7), FC_EDOM for a negative or non-finite
 * rate or a zero rate in the open group. Borrows mx. */
fc_status fc_lifetable_compute(fc_lifetable *lt, const double mx[], fc_lt_kind kind, int sex,
                               fc_a0_rule rule, fc_err *err);

/* Survival ratios on a projection grid of npop age groups of `width` years (the projection
 * step), the last one open. Population group g covers life-table groups first[g] ..
 * first[g+1]-1 and the open group covers first[npop-1] .. n-1 (first[0] must be 0).
 *   s0 = L(group 0) / (width l0)                  births -> group 0 at the end of the step
 *   s[g] = L(g+1) / L(g)                          group g -> g+1, for g < npop-2
 *   s[npop-2] = s[npop-1] = T(open) / T(open-1)   applied to P(npop-2) + P(npop-1)
 * A ratio whose denominator is zero is 0. FC_EINVAL when the mapping is inconsistent.
 * Borrows lt and first; writes *s0 and s[0..npop-1]. */
fc_status fc_lifetable_survival(const fc_lifetable *lt, const size_t first[], size_t npop,
                                double width, double *s0, double s[], fc_err *err);

#endif /* FC_MODELS_LIFETABLE_H */
