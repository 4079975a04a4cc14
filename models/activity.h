/* activity.h: service activity from utilisation rates, its drivers, capacity, and age
 * standardisation (issue 3). Pure numerics on dense caller-owned arrays; no allocation, no I/O.
 *
 * activity(area, t) = sum_{sex,age} P(area, t, sex, age) r_t(sex, age), with
 *   r_t(s, x) = r_b(s, x') g_t    non-demographic growth g_t = (1 + pct/100)^(t - base)
 *   x' = x - f (e(s, x, t) - e(s, x, base))   for x >= start age (health-status adjustment,
 *        Strategy Unit NHP model, nhp_model src/nhp/model/health_status_adjustment.py; see
 *        shared/docs/NEEDS-ANCHORS.md 2.1), r_b linear between single ages
 * then shifts between settings (Balance of Care, NEEDS-ANCHORS.md 2.3): share s(t) of
 * service A leaves, r units of service B arrive per unit leaving. Capacity = days / (365 occ)
 * or hours / hours per WTE. The change from the base year is decomposed by the NHP convention
 * (simple effects plus an interaction term). DSR: Dobson et al. (1991) with Byar's or exact
 * Poisson limits; SMR: observed / expected with the same limits.
 */
#ifndef FC_MODELS_ACTIVITY_H
#define FC_MODELS_ACTIVITY_H

#include <stddef.h>

#include "models/status.h"

#define FC_ACTIVITY_DAYS_PER_YEAR 365.0

/* The drivers of fc_activity_decompose, in the order of its `only` and `effect` arrays. */
typedef enum fc_driver {
    FC_DRIVER_DEMOGRAPHIC = 0, /* population change, base rates */
    FC_DRIVER_GROWTH = 1,      /* non-demographic growth */
    FC_DRIVER_HEALTH = 2,      /* health-status adjustment */
    FC_DRIVER_SHIFT = 3,       /* shifts between settings (net, both sides) */
    FC_DRIVER_N = 4,           /* number of drivers; effect[FC_DRIVER_N] is the interaction */
    FC_DRIVER_INTERACTION = 4
} fc_driver;

/* A shift of activity from one service to another (a row of the shifts table). */
typedef struct fc_shift {
    size_t from;    /* service index losing activity */
    size_t to;      /* service index receiving activity (!= from) */
    double share;   /* share of `from` moved once fully phased in, in [0, 1] */
    double ratio;   /* units of `to` per unit of `from` moved (e.g. 3 hours per bed day), >= 0 */
    int year_start; /* first year with a non-zero share (calendar year) */
    int year_end;   /* year the full share is reached (>= year_start) */
} fc_shift;

typedef enum fc_ci_method {
    FC_CI_BYAR = 0, /* Byar's approximation to the Poisson limits (PHE Fingertips) */
    FC_CI_EXACT = 1 /* exact Poisson limits from the chi-square quantiles (GSL) */
} fc_ci_method;

/* Result of a standardisation. */
typedef struct fc_std_result {
    double value;    /* DSR (per `per` persons per year) or SMR (ratio, 1 = as the standard) */
    double lower;    /* lower confidence limit, same units */
    double upper;    /* upper confidence limit, same units */
    double observed; /* total observed events */
    double expected; /* SMR: expected events at the standard rates; DSR: 0 */
} fc_std_result;

/* ---------------------------------------------------------------- activity from rates */

/* Applies rates to a population cube: cells[a][y][s][x] = rate[s][x] pop[a][y][s][x] (or
 * rate[y][s][x] when rate_by_year is non-zero) and total[a][y] = sum over sex then age.
 *   n_area, n_year, n_age: cube shape (2 sexes, 0 = female, 1 = male);
 *   rate: events per person per year, [2][n_age] or [n_year][2][n_age];
 *   pop: persons, [n_area][n_year][2][n_age];
 *   total: [n_area][n_year] events per year; cells: same shape as pop, or NULL.
 * FC_EINVAL for a zero size or NULL array, FC_EDOM for a negative or non-finite rate or
 * population. Borrows the inputs; on failure the outputs are untouched. */
fc_status fc_activity_apply(size_t n_area, size_t n_year, size_t n_age, const double rate[],
                            int rate_by_year, const double pop[], double total[], double cells[],
                            fc_err *err);

/* Non-demographic growth: *factor = (1 + growth_pct / 100)^(year - base_year), compounding
 * annually from the base year (NHP: multiplier^(year - start_year)). growth_pct is the annual
 * percentage (2.5 = 2.5% a year). FC_EDOM when growth_pct <= -100 or is not finite. */
fc_status fc_activity_growth_factor(double growth_pct, int base_year, int year, double *factor,
                                    fc_err *err);

/* Health-status adjustment of one sex's single-year rate curve (ages 0..n_age-1, the last
 * group open). For ages x >= start_age:
 *   x' = x - fraction (ex_year[x] - ex_base[x]),
 *   rate_out[x] = rate_base at x', linear between single ages, x' clamped to [0, n_age-1];
 * younger ages are copied. With rising life expectancy, older people use the rates of
 * slightly younger ages: "a share `fraction` of the years gained are spent in good health".
 * Source: Strategy Unit NHP model (health_status_adjustment.py: adjusted age = age - change
 * in life expectancy x elicited parameter, factor = activity(adjusted age) / activity(age)).
 *   rate_base: base-year rates, events per person per year; ex_base, ex_year: life expectancy
 *   at each age (years) in the base year and in the target year (from the projection's life
 *   tables); fraction: in [0, 1]; start_age: years (NHP uses 55).
 * rate_out must not alias rate_base. FC_EINVAL for n_age < 2, NULL or aliased arrays, FC_EDOM
 * for a fraction outside [0, 1], a negative rate or a non-finite value. */
fc_status fc_activity_hsa_rates(size_t n_age, double start_age, double fraction,
                                const double rate_base[], const double ex_base[],
                                const double ex_year[], double rate_out[], fc_err *err);

/* ---------------------------------------------------------------- one area and year */

/* Capacity of one resource in one area. */
typedef struct fc_activity_cap {
    size_t service; /* the service whose activity it serves */
    int basis;      /* 0 days: units = days / (365 occ); 1 occupied: units = activity / occ;
                       2 hours: WTE = hours / hours_per_wte */
    double param;   /* occupancy in (0, 1], or hours per WTE (> 0) */
    double current; /* current capacity, in the units of `required` */
} fc_activity_cap;

/* The unit capacity of a basis is counted in: "beds or places" (days), "places" (occupied),
 * "WTE" (hours). */
const char *fc_activity_cap_unit(int basis);

/* A service's drivers as fc_activity_year writes them: drv[k * FC_ACTIVITY_NDRV + i]. */
enum {
    FC_ACTIVITY_DRV_BASE = 0,        /* base-year activity before shifts */
    FC_ACTIVITY_DRV_DEMOGRAPHIC = 1, /* population change at base rates */
    FC_ACTIVITY_DRV_GROWTH = 2,      /* non-demographic growth */
    FC_ACTIVITY_DRV_HEALTH = 3,      /* health-status adjustment */
    FC_ACTIVITY_DRV_SHIFT = 4,       /* shifts between settings (net) */
    FC_ACTIVITY_DRV_INTERACTION = 5, /* the rest: the parts sum to the projected value */
    FC_ACTIVITY_DRV_FINAL = 6,       /* the projected activity */
    FC_ACTIVITY_NDRV = 7
};

/* What fc_activity_year needs besides the populations (every array borrowed). */
typedef struct fc_activity_year_model {
    size_t nk, ng, narea;   /* services (or measures), age groups of one sex, areas */
    const double *rate;     /* [nk][narea][2][ng] base-year rates, events per person a year */
    int base_year, step;    /* the base year; years between projected years */
    size_t nt;              /* projected years from the base year on (for gf_cache) */
    int hsa;                /* nonzero: the health-status adjustment is on */
    double hsa_fraction;    /* its share of life-expectancy gains in good health, [0, 1] */
    double hsa_start_age;   /* first age group adjusted */
    const double *gf_cache; /* [nk][nt] growth factors, or NULL: from pct */
    const double *base_cache; /* [narea][nk] base-year activity, or NULL: computed (needed
                                 NULL when drivers are asked for) */
    const fc_shift *shift;  /* [nshift] shifts between services */
    size_t nshift;
    const fc_activity_cap *cap; /* [nres][narea] capacity */
    size_t nres;
} fc_activity_year_model;

/* Scratch for fc_activity_year, for nk services and ng age groups: returns new, or NULL when
 * out of memory; free with fc_activity_year_ws_free (NULL is fine). */
typedef struct fc_activity_year_ws fc_activity_year_ws;
fc_activity_year_ws *fc_activity_year_ws_alloc(size_t nk, size_t ng);
void fc_activity_year_ws_free(fc_activity_year_ws *w);

/* The activity of area a in `year`, the formula at the top of this file: from the base-year
 * and this year's populations Pb, Pt ([sex][group] persons), the growth pct[nk] (% a year,
 * unless gf_cache) and, with the health-status adjustment, ex ([sex][0 base, 1 this
 * year][group] life expectancy; 0 in both outside the adjusted ages), writes act[nk] (after
 * every driver) and, each when not NULL: drv[nk][FC_ACTIVITY_NDRV] (the change from the
 * base year decomposed by fc_activity_decompose, with shifts), leave[nshift] and
 * arrive[nshift] (units moved), required[nres] (capacity in area a), demog[nk] (this year's
 * population at base-year rates, as baseline + demographic effect). The adjusted rates are
 * fc_activity_hsa_rates' (linear between age groups, clamped), found once per sex and group
 * for every service; each sum is a dot product taken in age order. FC_EDOM for a fraction
 * outside [0, 1] or non-finite life expectancy; errors of the shift, decomposition and
 * capacity steps. */
fc_status fc_activity_year(const fc_activity_year_model *m, fc_activity_year_ws *w, size_t a,
                           int year, const double pct[], const double Pb[], const double Pt[],
                           const double ex[], double act[], double drv[], double leave[],
                           double arrive[], double required[], double demog[], fc_err *err);

/* ---------------------------------------------------------------- shifts between settings */

/* Share of sh->from moved in `year`: 0 before year_start; sh->share (k + 1) / (m + 1) in the
 * k-th year from year_start, m = year_end - year_start; sh->share from year_end on. */
double fc_activity_shift_share(const fc_shift *sh, int year);

/* Applies shifts in the order given to act[service][year] (in place; year index y is the
 * calendar year first_year + y). For shift k and year y:
 *   leaving[k][y] = s_k(year) act[from][y],  act[from][y] -= leaving,
 *   arriving[k][y] = ratio leaving[k][y],    act[to][y] += arriving.
 * A later shift sees the activity left by earlier ones. Total activity after the shifts is
 * total before - sum leaving + sum arriving (conservation after conversion).
 *   leaving, arriving: [n_shift][n_year] in units of `from` and `to`, or NULL.
 * FC_EINVAL for a service index out of range, from == to, year_end < year_start or NULL act;
 * FC_EDOM for a share outside [0, 1], a negative or non-finite ratio, or negative activity.
 * Everything is checked first: on failure nothing is written. */
fc_status fc_activity_shift_apply(const fc_shift sh[], size_t n_shift, size_t n_service,
                                  size_t n_year, int first_year, double act[], double leaving[],
                                  double arriving[], fc_err *err);

/* ---------------------------------------------------------------- capacity */

/* Units of capacity from occupied days: units[i] = days[i] / (365 occupancy): beds from bed
 * days, or care-home places from occupied place days, at a target occupancy in (0, 1].
 * FC_EDOM for an occupancy outside (0, 1] or negative days. units may alias days. */
fc_status fc_activity_capacity_units(size_t n, const double days[], double occupancy,
                                     double units[], fc_err *err);

/* Staff whole-time equivalents: wte[i] = hours[i] / hours_per_wte (hours a year per WTE,
 * > 0, e.g. 37.5 x 42 weeks). FC_EDOM for hours_per_wte <= 0 or negative hours. */
fc_status fc_activity_capacity_wte(size_t n, const double hours[], double hours_per_wte,
                                   double wte[], fc_err *err);

/* Gap to current capacity: gap[i] = required[i] - current (positive = shortfall). current is
 * in the same units (beds, places, WTE), >= 0. FC_EDOM for a negative or non-finite current. */
fc_status fc_activity_capacity_gap(size_t n, const double required[], double current, double gap[],
                                   fc_err *err);

/* ---------------------------------------------------------------- decomposition */

/* Splits the change from the base year into simple effects plus an interaction (the NHP
 * "step counts" convention):
 *   effect[k] = only[k] - base                       for k < n_driver
 *   effect[n_driver] = (final - base) - sum_k effect[k]    (interaction)
 * so the parts sum to final - base (exactly, up to rounding). only[k] is the activity in the
 * target year with driver k alone applied to the base year (e.g. target-year population with
 * base rates; base population with rates x g_t; base population with HSA rates; base
 * activity with the year's shifts). With the drivers of fc_driver, n_driver = FC_DRIVER_N.
 * effect has n_driver + 1 entries. FC_EINVAL for NULL arrays, FC_EDOM for non-finite values. */
fc_status fc_activity_decompose(double base, double final, const double only[], size_t n_driver,
                                double effect[], fc_err *err);

/* ---------------------------------------------------------------- standardisation */

/* Directly standardised rate with the Dobson et al. (1991) interval:
 *   DSR = per sum_x w_x c_x / n_x / sum_x w_x,  w = std_pop,  O = sum_x c_x,
 *   var = per^2 sum_x w_x^2 c_x / n_x^2 / (sum_x w_x)^2,
 *   limits = DSR + sqrt(var / O) (O_lim - O), O_lim the Poisson limits of O (Byar or exact).
 *   count: events per age; pop: person-years per age; std_pop: standard population weights;
 *   per: rate multiplier (100000 for per 100,000); conf: confidence level in (0, 1), 0.95.
 * FC_EINVAL for n_age = 0 or NULL arrays; FC_EDOM for negative or non-finite values, an age
 * with events but no population, a zero standard population, conf outside (0, 1), or no
 * events at all (the Dobson interval is undefined); FC_EGSL when a quantile fails. */
fc_status fc_activity_dsr(size_t n_age, const double count[], const double pop[],
                          const double std_pop[], double per, double conf, fc_ci_method method,
                          fc_std_result *result, fc_err *err);

/* Standardised ratio (indirect standardisation): E = sum_x pop_x std_rate_x, SMR = O / E,
 * limits = Poisson limits of O (Byar or exact) / E.
 *   observed: total events O (>= 0); pop: person-years per age; std_rate: the standard's
 *   rates, events per person per year.
 * FC_EDOM for negative or non-finite values, E = 0, or conf outside (0, 1). */
fc_status fc_activity_smr(size_t n_age, double observed, const double pop[],
                          const double std_rate[], double conf, fc_ci_method method,
                          fc_std_result *result, fc_err *err);

/* Poisson confidence limits for an observed count o >= 0 at level conf (Byar's
 * approximation, or exact: chi2(a/2; 2o)/2 and chi2(1 - a/2; 2o + 2)/2); lower = 0 at o = 0.
 * FC_EDOM for a negative or non-finite o or conf outside (0, 1); FC_EGSL on quantile failure. */
fc_status fc_activity_poisson_limits(double o, double conf, fc_ci_method method, double *lower,
                                     double *upper, fc_err *err);

#endif /* FC_MODELS_ACTIVITY_H */
