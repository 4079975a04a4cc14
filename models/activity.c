/* activity.c: activity from rates, non-demographic growth, health-status adjustment, shifts
 * between settings, capacity, the driver decomposition and age standardisation.
 * Equations and sources are in activity.h. No allocation, no I/O, no global state.
 */
#include "models/activity.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

/* ------------------------------------------------------------------------ helpers */

static int
bad_value(double v)
{
    return !isfinite(v) || v < 0.0;
}

/* Index of the first negative or non-finite entry of x[0..n-1], or n when all are fine. */
static size_t
first_bad(const double x[], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (bad_value(x[i]))
            return i;
    return n;
}

/* ------------------------------------------------------------------------ rates */

fc_status
fc_activity_apply(size_t n_area, size_t n_year, size_t n_age, const double rate[], int rate_by_year,
                  const double pop[], double total[], double cells[], fc_err *err)
{
    if (n_area == 0 || n_year == 0 || n_age == 0)
        return FC_FAIL(err, FC_EINVAL, "activity: empty cube (%zu areas, %zu years, %zu ages)",
                       n_area, n_year, n_age);
    if (!rate || !pop || !total)
        return FC_FAIL(err, FC_EINVAL, "activity: NULL rate, population or total array");
    size_t n_cell = 2 * n_age, n_rate = rate_by_year ? n_year * n_cell : n_cell;
    size_t n_pop = n_area * n_year * n_cell, i;
    if ((i = first_bad(rate, n_rate)) < n_rate)
        return FC_FAIL(err, FC_EDOM, "activity: rate %g at index %zu is negative or not finite",
                       rate[i], i);
    if ((i = first_bad(pop, n_pop)) < n_pop)
        return FC_FAIL(err, FC_EDOM,
                       "activity: population %g at index %zu is negative or not finite", pop[i], i);

    for (size_t a = 0; a < n_area; a++) {
        for (size_t y = 0; y < n_year; y++) {
            const double *r = rate_by_year ? rate + y * n_cell : rate;
            size_t off = (a * n_year + y) * n_cell;
            const double *p = pop + off;
            double sum = 0.0;
            for (size_t k = 0; k < n_cell; k++) {
                double v = r[k] * p[k];
                if (cells)
                    cells[off + k] = v;
                sum += v;
            }
            total[a * n_year + y] = sum;
        }
    }
    return FC_OK;
}

fc_status
fc_activity_growth_factor(double growth_pct, int base_year, int year, double *factor, fc_err *err)
{
    if (!factor)
        return FC_FAIL(err, FC_EINVAL, "growth: NULL factor");
    if (!isfinite(growth_pct) || growth_pct <= -100.0)
        return FC_FAIL(err, FC_EDOM, "growth: annual growth %g%% must be finite and above -100%%",
                       growth_pct);
    /* Repeated multiplication would accumulate rounding; pow() is correctly compounded. */
    *factor = pow(1.0 + growth_pct / 100.0, (double)(year - base_year));
    return FC_OK;
}

fc_status
fc_activity_hsa_rates(size_t n_age, double start_age, double fraction, const double rate_base[],
                      const double ex_base[], const double ex_year[], double rate_out[],
                      fc_err *err)
{
    if (n_age < 2)
        return FC_FAIL(err, FC_EINVAL, "health status: need at least 2 ages, got %zu", n_age);
    if (!rate_base || !ex_base || !ex_year || !rate_out)
        return FC_FAIL(err, FC_EINVAL, "health status: NULL array");
    if (rate_out == rate_base)
        return FC_FAIL(err, FC_EINVAL, "health status: output aliases the base rates");
    if (!isfinite(fraction) || fraction < 0.0 || fraction > 1.0)
        return FC_FAIL(err, FC_EDOM, "health status: fraction %g is outside [0, 1]", fraction);
    if (!isfinite(start_age))
        return FC_FAIL(err, FC_EDOM, "health status: start age is not finite");
    size_t i;
    if ((i = first_bad(rate_base, n_age)) < n_age)
        return FC_FAIL(err, FC_EDOM, "health status: rate %g at age %zu is negative or not finite",
                       rate_base[i], i);
    for (i = 0; i < n_age; i++)
        if (!isfinite(ex_base[i]) || !isfinite(ex_year[i]))
            return FC_FAIL(err, FC_EDOM, "health status: life expectancy at age %zu is not finite",
                           i);

    double top = (double)(n_age - 1);
    for (size_t x = 0; x < n_age; x++) {
        if ((double)x < start_age) {
            rate_out[x] = rate_base[x];
            continue;
        }
        double xa = (double)x - fraction * (ex_year[x] - ex_base[x]);
        if (xa <= 0.0) {
            rate_out[x] = rate_base[0];
        } else if (xa >= top) {
            rate_out[x] = rate_base[n_age - 1];
        } else {
            size_t lo = (size_t)xa;
            double w = xa - (double)lo;
            rate_out[x] = (1.0 - w) * rate_base[lo] + w * rate_base[lo + 1];
        }
    }
    return FC_OK;
}

/* ------------------------------------------------------------------------ shifts */

double
fc_activity_shift_share(const fc_shift *sh, int year)
{
    if (year < sh->year_start)
        return 0.0;
    if (year >= sh->year_end)
        return sh->share;
    double k = (double)(year - sh->year_start), m = (double)(sh->year_end - sh->year_start);
    return sh->share * (k + 1.0) / (m + 1.0);
}

fc_status
fc_activity_shift_apply(const fc_shift sh[], size_t n_shift, size_t n_service, size_t n_year,
                        int first_year, double act[], double leaving[], double arriving[],
                        fc_err *err)
{
    if (n_shift == 0)
        return FC_OK;
    if (!sh || !act)
        return FC_FAIL(err, FC_EINVAL, "shift: NULL shifts or activity");
    for (size_t k = 0; k < n_shift; k++) {
        const fc_shift *s = &sh[k];
        if (s->from >= n_service || s->to >= n_service)
            return FC_FAIL(err, FC_EINVAL, "shift %zu: service index out of range (%zu services)",
                           k, n_service);
        if (s->from == s->to)
            return FC_FAIL(err, FC_EINVAL, "shift %zu: moves a service to itself", k);
        if (s->year_end < s->year_start)
            return FC_FAIL(err, FC_EINVAL, "shift %zu: end year %d is before start year %d", k,
                           s->year_end, s->year_start);
        if (!isfinite(s->share) || s->share < 0.0 || s->share > 1.0)
            return FC_FAIL(err, FC_EDOM, "shift %zu: share %g is outside [0, 1]", k, s->share);
        if (bad_value(s->ratio))
            return FC_FAIL(err, FC_EDOM, "shift %zu: ratio %g is negative or not finite", k,
                           s->ratio);
    }
    size_t n = n_service * n_year, i;
    if ((i = first_bad(act, n)) < n)
        return FC_FAIL(err, FC_EDOM, "shift: activity %g of service %zu is negative or not finite",
                       act[i], i / (n_year ? n_year : 1));

    for (size_t k = 0; k < n_shift; k++) {
        const fc_shift *s = &sh[k];
        double *from = act + s->from * n_year, *to = act + s->to * n_year;
        for (size_t y = 0; y < n_year; y++) {
            double out = fc_activity_shift_share(s, first_year + (int)y) * from[y];
            double in = s->ratio * out;
            from[y] -= out;
            to[y] += in;
            if (leaving)
                leaving[k * n_year + y] = out;
            if (arriving)
                arriving[k * n_year + y] = in;
        }
    }
    return FC_OK;
}

/* ------------------------------------------------------------------------ capacity */

fc_status
fc_activity_capacity_units(size_t n, const double days[], double occupancy, double units[],
                           fc_err *err)
{
    if (!isfinite(occupancy) || occupancy <= 0.0 || occupancy > 1.0)
        return FC_FAIL(err, FC_EDOM, "capacity: occupancy %g is outside (0, 1]", occupancy);
    if (n && (!days || !units))
        return FC_FAIL(err, FC_EINVAL, "capacity: NULL array");
    size_t i;
    if ((i = first_bad(days, n)) < n)
        return FC_FAIL(err, FC_EDOM, "capacity: occupied days %g are negative or not finite",
                       days[i]);
    double denom = FC_ACTIVITY_DAYS_PER_YEAR * occupancy;
    for (i = 0; i < n; i++)
        units[i] = days[i] / denom;
    return FC_OK;
}

fc_status
fc_activity_capacity_wte(size_t n, const double hours[], double hours_per_wte, double wte[],
                         fc_err *err)
{
    if (!isfinite(hours_per_wte) || hours_per_wte <= 0.0)
        return FC_FAIL(err, FC_EDOM, "capacity: hours per WTE %g must be positive", hours_per_wte);
    if (n && (!hours || !wte))
        return FC_FAIL(err, FC_EINVAL, "capacity: NULL array");
    size_t i;
    if ((i = first_bad(hours, n)) < n)
        return FC_FAIL(err, FC_EDOM, "capacity: hours %g are negative or not finite", hours[i]);
    for (i = 0; i < n; i++)
        wte[i] = hours[i] / hours_per_wte;
    return FC_OK;
}

fc_status
fc_activity_capacity_gap(size_t n, const double required[], double current, double gap[],
                         fc_err *err)
{
    if (bad_value(current))
        return FC_FAIL(err, FC_EDOM, "capacity: current capacity %g is negative or not finite",
                       current);
    if (n && (!required || !gap))
        return FC_FAIL(err, FC_EINVAL, "capacity: NULL array");
    for (size_t i = 0; i < n; i++)
        gap[i] = required[i] - current;
    return FC_OK;
}

/* ------------------------------------------------------------------------ decomposition */

fc_status
fc_activity_decompose(double base, double final, const double only[], size_t n_driver,
                      double effect[], fc_err *err)
{
    if (!effect || (n_driver && !only))
        return FC_FAIL(err, FC_EINVAL, "decompose: NULL array");
    if (!isfinite(base) || !isfinite(final))
        return FC_FAIL(err, FC_EDOM, "decompose: base or final activity is not finite");
    for (size_t k = 0; k < n_driver; k++)
        if (!isfinite(only[k]))
            return FC_FAIL(err, FC_EDOM, "decompose: activity with driver %zu alone is not finite",
                           k);
    double sum = 0.0;
    for (size_t k = 0; k < n_driver; k++) {
        effect[k] = only[k] - base;
        sum += effect[k];
    }
    effect[n_driver] = (final - base) - sum;
    return FC_OK;
}

/* ------------------------------------------------------------------------ standardisation */

static fc_status
check_conf(double conf, fc_err *err)
{
    if (!isfinite(conf) || conf <= 0.0 || conf >= 1.0)
        return FC_FAIL(err, FC_EDOM, "confidence level %g is outside (0, 1)", conf);
    return FC_OK;
}

fc_status
fc_activity_poisson_limits(double o, double conf, fc_ci_method method, double *lower, double *upper,
                           fc_err *err)
{
    fc_status st;
    if (!lower || !upper)
        return FC_FAIL(err, FC_EINVAL, "poisson limits: NULL output");
    if (bad_value(o))
        return FC_FAIL(err, FC_EDOM, "poisson limits: count %g is negative or not finite", o);
    if ((st = check_conf(conf, err)) != FC_OK)
        return st;
    double alpha = 1.0 - conf, lo, hi;
    if (method == FC_CI_EXACT) {
        lo = o > 0.0 ? gsl_cdf_chisq_Pinv(alpha / 2.0, 2.0 * o) / 2.0 : 0.0;
        hi = gsl_cdf_chisq_Pinv(1.0 - alpha / 2.0, 2.0 * o + 2.0) / 2.0;
    } else if (method == FC_CI_BYAR) {
        double z = gsl_cdf_ugaussian_Pinv(1.0 - alpha / 2.0);
        if (o > 0.0) {
            double c = 1.0 - 1.0 / (9.0 * o) - z / (3.0 * sqrt(o));
            lo = o * c * c * c;
        } else {
            lo = 0.0;
        }
        double o1 = o + 1.0, c1 = 1.0 - 1.0 / (9.0 * o1) + z / (3.0 * sqrt(o1));
        hi = o1 * c1 * c1 * c1;
    } else {
        return FC_FAIL(err, FC_EINVAL, "poisson limits: unknown method %d", (int)method);
    }
    if (!isfinite(lo) || !isfinite(hi))
        return FC_FAIL(err, FC_EGSL, "poisson limits: quantile failed for count %g", o);
    *lower = lo > 0.0 ? lo : 0.0;
    *upper = hi;
    return FC_OK;
}

fc_status
fc_activity_dsr(size_t n_age, const double count[], const double pop[], const double std_pop[],
                double per, double conf, fc_ci_method method, fc_std_result *result, fc_err *err)
{
    fc_status st;
    if (n_age == 0 || !count || !pop || !std_pop || !result)
        return FC_FAIL(err, FC_EINVAL, "dsr: no ages or NULL array");
    if (!isfinite(per) || per <= 0.0)
        return FC_FAIL(err, FC_EDOM, "dsr: multiplier %g must be positive", per);
    if ((st = check_conf(conf, err)) != FC_OK)
        return st;
    double wsum = 0.0, o = 0.0, r = 0.0, v = 0.0;
    for (size_t x = 0; x < n_age; x++) {
        if (bad_value(count[x]) || bad_value(pop[x]) || bad_value(std_pop[x]))
            return FC_FAIL(err, FC_EDOM, "dsr: negative or non-finite value at age index %zu", x);
        if (pop[x] == 0.0 && count[x] > 0.0)
            return FC_FAIL(err, FC_EDOM, "dsr: events but no population at age index %zu", x);
        wsum += std_pop[x];
        o += count[x];
        if (pop[x] > 0.0) {
            double w = std_pop[x] / pop[x];
            r += w * count[x];
            v += w * w * count[x];
        }
    }
    if (wsum <= 0.0)
        return FC_FAIL(err, FC_EDOM, "dsr: the standard population is zero");
    if (o <= 0.0)
        return FC_FAIL(err, FC_EDOM, "dsr: no events, so the Dobson interval is undefined");
    double lo, hi;
    if ((st = fc_activity_poisson_limits(o, conf, method, &lo, &hi, err)) != FC_OK)
        return st;
    double dsr = per * r / wsum, sd = per * sqrt(v) / wsum, k = sd / sqrt(o);
    result->value = dsr;
    result->lower = dsr + k * (lo - o);
    result->upper = dsr + k * (hi - o);
    result->observed = o;
    result->expected = 0.0;
    return FC_OK;
}

fc_status
fc_activity_smr(size_t n_age, double observed, const double pop[], const double std_rate[],
                double conf, fc_ci_method method, fc_std_result *result, fc_err *err)
{
    fc_status st;
    if (n_age == 0 || !pop || !std_rate || !result)
        return FC_FAIL(err, FC_EINVAL, "smr: no ages or NULL array");
    if (bad_value(observed))
        return FC_FAIL(err, FC_EDOM, "smr: observed %g is negative or not finite", observed);
    double e = 0.0;
    for (size_t x = 0; x < n_age; x++) {
        if (bad_value(pop[x]) || bad_value(std_rate[x]))
            return FC_FAIL(err, FC_EDOM, "smr: negative or non-finite value at age index %zu", x);
        e += pop[x] * std_rate[x];
    }
    if (e <= 0.0)
        return FC_FAIL(err, FC_EDOM, "smr: no expected events at the standard rates");
    double lo, hi;
    if ((st = fc_activity_poisson_limits(observed, conf, method, &lo, &hi, err)) != FC_OK)
        return st;
    result->value = observed / e;
    result->lower = lo / e;
    result->upper = hi / e;
    result->observed = observed;
    result->expected = e;
    return FC_OK;
}
