/* activity.c: activity from rates, non-demographic growth, health-status adjustment, shifts
 * between settings, capacity, the driver decomposition and age standardisation.
 * Equations and sources are in activity.h. No allocation, no I/O, no global state.
 */
#include "models/activity.h"

#include <math.h>
#include <stdlib.h>

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

const char *
fc_activity_cap_unit(int basis)
{
    return basis == 0 ? "beds or places" : basis == 1 ? "places" : "WTE";
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

/* ---------------------------------------------------------------- one area and year */

struct fc_activity_year_ws {
    double *pre, *sb, *gf, *only; /* [nk] (only: [nk][FC_DRIVER_N]) */
    double *hw0, *hw1; /* [2][group] the health-status adjustment's interpolation */
    size_t *h0, *h1;
    unsigned char *hid; /* [2][group] the adjusted rate is the rate itself */
};

fc_activity_year_ws *
fc_activity_year_ws_alloc(size_t nk, size_t ng)
{
    fc_activity_year_ws *w = calloc(1, sizeof *w);
    nk = nk ? nk : 1;
    ng = ng ? ng : 1;
    if (w == NULL)
        return NULL;
    w->pre = malloc(nk * sizeof *w->pre);
    w->sb = malloc(nk * sizeof *w->sb);
    w->gf = malloc(nk * sizeof *w->gf);
    w->only = malloc(nk * FC_DRIVER_N * sizeof *w->only);
    w->hw0 = malloc(2 * ng * sizeof *w->hw0);
    w->hw1 = malloc(2 * ng * sizeof *w->hw1);
    w->h0 = malloc(2 * ng * sizeof *w->h0);
    w->h1 = malloc(2 * ng * sizeof *w->h1);
    w->hid = malloc(2 * ng);
    if (!w->pre || !w->sb || !w->gf || !w->only || !w->hw0 || !w->hw1 || !w->h0 || !w->h1 ||
        !w->hid) {
        fc_activity_year_ws_free(w);
        return NULL;
    }
    return w;
}

void
fc_activity_year_ws_free(fc_activity_year_ws *w)
{
    if (w == NULL)
        return;
    free(w->pre);
    free(w->sb);
    free(w->gf);
    free(w->only);
    free(w->hw0);
    free(w->hw1);
    free(w->h0);
    free(w->h1);
    free(w->hid);
    free(w);
}

/* The health-status adjustment's interpolation weights (fc_activity_hsa_rates' arithmetic):
 * the adjusted age of each group depends on the area, sex and year but not on the service,
 * so they are found once, for every service. ex: [sex][base, target][group]. */
static fc_status
hsa_weights(const fc_activity_year_model *m, fc_activity_year_ws *w, const double ex[],
            fc_err *err)
{
    const size_t ng = m->ng;

    const double f = m->hsa_fraction, start = m->hsa_start_age;
    const double top = (double)(ng - 1);
    if (!isfinite(f) || f < 0.0 || f > 1.0)
        return FC_FAIL(err, FC_EDOM, "health status: fraction %g is outside [0, 1]", f);
    for (size_t s = 0; s < 2; s++)
        for (size_t x = 0; x < ng; x++) {
            const double eb = ex[s * 2 * ng + x], et = ex[(s * 2 + 1) * ng + x];
            size_t i = s * ng + x, lo;
            double xa, wt;
            if (!isfinite(eb) || !isfinite(et))
                return FC_FAIL(err, FC_EDOM, "health status: life expectancy at age %zu is "
                               "not finite", x);
            w->hid[i] = 0;
            if ((double)x < start) {
                w->h0[i] = w->h1[i] = x;
                w->hw0[i] = 1.0, w->hw1[i] = 0.0;
                w->hid[i] = 1;
                continue;
            }
            xa = (double)x - f * (et - eb);
            if (xa <= 0.0 || xa >= top) {
                w->h0[i] = w->h1[i] = xa <= 0.0 ? 0 : ng - 1;
                w->hw0[i] = 1.0, w->hw1[i] = 0.0;
                continue;
            }
            lo = (size_t)xa;
            wt = xa - (double)lo;
            w->h0[i] = lo;
            w->h1[i] = lo + 1;
            w->hw0[i] = 1.0 - wt;
            w->hw1[i] = wt;
            w->hid[i] = lo == x && wt == 0.0; /* the rate itself, to the bit */
        }
    return FC_OK;
}

/* The sums of four services at a time, from k0: each sum is still taken in the order of a plain
 * dot product (the same bits), but the four chains of additions overlap. Where the
 * adjusted rate is the rate itself (w == 0: below the adjusted ages, above them, or no
 * change in life expectancy) the product is shared. Without drivers (the draws) the
 * health-status-only sum is skipped, and the base-year sums and growth factors may come
 * from the model's caches. */
static fc_status
sum_four(const fc_activity_year_model *m, fc_activity_year_ws *w, size_t a, int year,
         const double pct[], const double Pb[], const double Pt[], size_t k0, double drv[],
         double demog[], fc_err *err)
{
    const size_t nk = m->nk, ng = m->ng, na = m->narea;
    double *pre = w->pre, *sb = w->sb, *only = w->only, *gf = w->gf;
    fc_status st;

    const size_t nb = nk - k0 < 4 ? nk - k0 : 4;
    const double *r0, *r1, *r2, *r3;
    const int need_b = drv || !m->base_cache, need_h = drv != NULL;
    double b0 = 0.0, b1 = 0.0, b2 = 0.0, b3 = 0.0, d0 = 0.0, d1 = 0.0, d2 = 0.0, d3 = 0.0;
    double h0 = 0.0, h1 = 0.0, h2 = 0.0, h3 = 0.0, e0 = 0.0, e1 = 0.0, e2 = 0.0, e3 = 0.0;
    /* (a short block repeats its last service) */
    r0 = m->rate + ((k0 + 0) * na + a) * 2 * ng;
    r1 = m->rate + ((k0 + (nb > 1 ? 1 : 0)) * na + a) * 2 * ng;
    r2 = m->rate + ((k0 + (nb > 2 ? 2 : nb - 1)) * na + a) * 2 * ng;
    r3 = m->rate + ((k0 + (nb > 3 ? 3 : nb - 1)) * na + a) * 2 * ng;
    for (size_t i = 0; i < 2 * ng; i++) {
        const double pb = Pb[i], pt = Pt[i];
        const double t0 = pt * r0[i], t1 = pt * r1[i], t2 = pt * r2[i], t3 = pt * r3[i];
        d0 += t0, d1 += t1, d2 += t2, d3 += t3;
        if (need_b) {
            const double u0 = pb * r0[i], u1 = pb * r1[i], u2 = pb * r2[i], u3 = pb * r3[i];
            b0 += u0, b1 += u1, b2 += u2, b3 += u3;
            if (need_h && !(m->hsa && !w->hid[i]))
                h0 += u0, h1 += u1, h2 += u2, h3 += u3;
        }
        if (!m->hsa)
            continue;
        if (w->hid[i]) {
            e0 += t0, e1 += t1, e2 += t2, e3 += t3;
        } else {
            const size_t off = i < ng ? 0 : ng, i0 = w->h0[i] + off, i1 = w->h1[i] + off;
            const double c0 = w->hw0[i], c1 = w->hw1[i];
            const double v0 = c0 * r0[i0] + c1 * r0[i1], v1 = c0 * r1[i0] + c1 * r1[i1];
            const double v2 = c0 * r2[i0] + c1 * r2[i1], v3 = c0 * r3[i0] + c1 * r3[i1];
            e0 += pt * v0, e1 += pt * v1, e2 += pt * v2, e3 += pt * v3;
            if (need_h)
                h0 += pb * v0, h1 += pb * v1, h2 += pb * v2, h3 += pb * v3;
        }
    }
    if (!m->hsa)
        h0 = b0, h1 = b1, h2 = b2, h3 = b3, e0 = d0, e1 = d1, e2 = d2, e3 = d3;
    const double base[4] = {b0, b1, b2, b3}, D[4] = {d0, d1, d2, d3};
    const double H[4] = {h0, h1, h2, h3}, DH[4] = {e0, e1, e2, e3};
    for (size_t j = 0; j < nb; j++) {
        size_t k = k0 + j;
        double bk = need_b ? base[j] : m->base_cache[a * nk + k];
        if (m->gf_cache)
            gf[k] = m->gf_cache[k * m->nt + (size_t)(year - m->base_year) / (size_t)m->step];
        else if ((st = fc_activity_growth_factor(pct[k], m->base_year, year, &gf[k], err)))
            return st;
        pre[k] = DH[j] * gf[k];
        sb[k] = bk;
        double *o = only + k * FC_DRIVER_N;
        o[FC_DRIVER_DEMOGRAPHIC] = D[j];
        o[FC_DRIVER_GROWTH] = bk * gf[k];
        o[FC_DRIVER_HEALTH] = H[j];
        if (drv)
            drv[k * FC_ACTIVITY_NDRV + FC_ACTIVITY_DRV_BASE] = bk;
        if (demog) /* as drivers.csv's baseline + demographic, the split money reads */
            demog[k] = bk + (D[j] - bk);
    }
    return FC_OK;
}

fc_status
fc_activity_year(const fc_activity_year_model *m, fc_activity_year_ws *w, size_t a, int year,
                 const double pct[], const double Pb[], const double Pt[], const double ex[],
                 double act[], double drv[], double leave[], double arrive[], double required[],
                 double demog[], fc_err *err)
{
    const size_t nk = m->nk, ns = m->nshift, na = m->narea;
    double *pre = w->pre, *sb = w->sb, *only = w->only;
    fc_status st;

    if (m->hsa && (st = hsa_weights(m, w, ex, err)) != FC_OK)
        return st;
    for (size_t k0 = 0; k0 < nk; k0 += 4)
        if ((st = sum_four(m, w, a, year, pct, Pb, Pt, k0, drv, demog, err)) != FC_OK)
            return st;
    if (ns) {
        if ((st = fc_activity_shift_apply(m->shift, ns, nk, 1, year, pre, leave, arrive,
                                          err)) ||
            (drv && (st = fc_activity_shift_apply(m->shift, ns, nk, 1, year, sb, NULL, NULL,
                                                  err))))
            return st;
    }
    for (size_t k = 0; k < nk; k++) {
        if (drv) {
            double *d = drv + k * FC_ACTIVITY_NDRV;
            double eff[FC_DRIVER_N + 1];
            only[k * FC_DRIVER_N + FC_DRIVER_SHIFT] = sb[k];
            if ((st = fc_activity_decompose(d[FC_ACTIVITY_DRV_BASE], pre[k], only + k * FC_DRIVER_N,
                                            FC_DRIVER_N, eff, err)))
                return st;
            d[FC_ACTIVITY_DRV_DEMOGRAPHIC] = eff[FC_DRIVER_DEMOGRAPHIC];
            d[FC_ACTIVITY_DRV_GROWTH] = eff[FC_DRIVER_GROWTH];
            d[FC_ACTIVITY_DRV_HEALTH] = eff[FC_DRIVER_HEALTH];
            d[FC_ACTIVITY_DRV_SHIFT] = eff[FC_DRIVER_SHIFT];
            d[FC_ACTIVITY_DRV_INTERACTION] = eff[FC_DRIVER_INTERACTION];
            d[FC_ACTIVITY_DRV_FINAL] = pre[k];
        }
        act[k] = pre[k];
    }
    for (size_t i = 0; i < m->nres && required; i++) {
        const fc_activity_cap *c = &m->cap[i * na + a];
        double x = pre[c->service], *q = &required[i];
        if (c->basis == 0)
            st = fc_activity_capacity_units(1, &x, c->param, q, err);
        else /* occupied units / occupancy, hours / hours per WTE: x / param */
            st = fc_activity_capacity_wte(1, &x, c->param, q, err);
        if (st)
            return st;
    }
    return FC_OK;
}
