/* population.c: the cohort-component projection (equations in population.h). */
#include "models/population.h"

#include <math.h>
#include <string.h>

size_t
fc_ccm_pop_size(const fc_ccm_params *p)
{
    return p->n_area * (p->n_step + 1) * 2 * p->n_age;
}

size_t
fc_ccm_comp_size(const fc_ccm_params *p)
{
    return p->n_area * p->n_step * 2;
}

static fc_status
check_params(const fc_ccm_params *p, const fc_ccm_inputs *in, fc_err *err)
{
    if (p->n_age < 3 || p->n_area == 0)
        return FC_FAIL(err, FC_EINVAL, "projection needs at least one area and 3 age groups");
    if (!(p->width > 0.0) || !(p->srb > 0.0) || !isfinite(p->srb))
        return FC_FAIL(err, FC_EINVAL, "projection step and sex ratio at birth must be > 0");
    if (in->pop0 == NULL || (p->n_step && (!in->s || !in->s0 || !in->asfr)))
        return FC_FAIL(err, FC_EINVAL, "projection inputs missing");
    for (size_t i = 0, n = p->n_area * 2 * p->n_age; i < n; i++)
        if (!(in->pop0[i] >= 0.0) || !isfinite(in->pop0[i]))
            return FC_FAIL(err, FC_EDOM, "base population must be finite and >= 0");
    return FC_OK;
}

/* One step for one area. P: [sex][age] at t; N: [sex][age] at t+w (written). With comp 0
 * the deaths and migration sums (components only) are skipped: the populations are the same
 * to the bit, and the loops lose the serial additions that bound their speed (the Monte Carlo
 * draws, engine/draws/draws_project.c, want populations only). */
static inline __attribute__((always_inline)) void
step_area(const fc_ccm_params *p, const double *P, const double *s, const double *s0,
          const double *asfr, const double *M, double *N, double comp_b[2], double comp_d[2],
          double comp_m[2], double *unmet, const int comp)
{
    const size_t na = p->n_age, w = na - 1;
    const double h = p->mig_timing == FC_MIG_HALF ? 0.5 : 0.0;
    double births = 0.0;

    for (int sx = 0; sx < 2; sx++) {
        const double *Ps = P + (size_t)sx * na, *ss = s + (size_t)sx * na;
        const double *Ms = M ? M + (size_t)sx * na : NULL;
        double *Ns = N + (size_t)sx * na;
        double dead = 0.0, mig = 0.0, prev = 0.0, cur;

        /* survive the start population (with the start-half of migrants) into age x+1 */
        for (size_t x = 0; x < w; x++) {
            cur = Ps[x];
            if (Ms) {
                double m = h * Ms[x];
                if (cur + m < 0.0) { /* cannot lose more people than there are */
                    if (unmet)
                        unmet[(size_t)sx * na + x] -= cur + m;
                    m = -cur;
                }
                cur += m;
                if (comp)
                    mig += m;
            }
            if (x > 0) {
                Ns[x] = prev * ss[x - 1];
                if (comp)
                    dead += prev - Ns[x];
            }
            prev = cur;
        }
        cur = Ps[w];
        if (Ms) {
            double m = h * Ms[w];
            if (cur + m < 0.0) {
                if (unmet)
                    unmet[(size_t)sx * na + w] -= cur + m;
                m = -cur;
            }
            cur += m;
            if (comp)
                mig += m;
        }
        Ns[w] = (prev + cur) * ss[w];
        if (comp)
            dead += prev + cur - Ns[w];
        Ns[0] = 0.0;

        if (sx == 0) {
            /* births on the average of start (incl. start migrants) and end female cohorts */
            for (size_t x = 1; x < w; x++)
                if (asfr[x] != 0.0) {
                    double st = Ps[x] + (Ms ? h * Ms[x] : 0.0);
                    if (st < 0.0)
                        st = 0.0;
                    births += asfr[x] * (st + Ns[x]);
                }
            if (asfr[w] != 0.0) {
                double st = Ps[w] + (Ms ? h * Ms[w] : 0.0);
                births += asfr[w] * ((st < 0.0 ? 0.0 : st) + Ns[w]);
            }
            if (asfr[0] != 0.0) {
                double st = Ps[0] + (Ms ? h * Ms[0] : 0.0);
                births += asfr[0] * (st < 0.0 ? 0.0 : st);
            }
            births *= 0.5 * p->width;
        }
        comp_d[sx] = dead;
        comp_m[sx] = mig;
    }

    /* births by sex, survived to group 0 */
    {
        double bm = births * p->srb / (1.0 + p->srb), bf = births - bm;
        double b[2] = {bf, bm};
        for (int sx = 0; sx < 2; sx++) {
            double *Ns = N + (size_t)sx * na;
            Ns[0] = b[sx] * s0[sx];
            comp_b[sx] = b[sx];
            comp_d[sx] += b[sx] - Ns[0];
        }
    }

    /* end migrants, without mortality */
    if (M && h < 1.0) {
        for (int sx = 0; sx < 2; sx++) {
            const double *Ms = M + (size_t)sx * na;
            double *Ns = N + (size_t)sx * na, mig = 0.0;
            for (size_t x = 0; x < na; x++) {
                double m = (1.0 - h) * Ms[x];
                if (Ns[x] + m < 0.0) {
                    if (unmet)
                        unmet[(size_t)sx * na + x] -= Ns[x] + m;
                    m = -Ns[x];
                }
                Ns[x] += m;
                if (comp)
                    mig += m;
            }
            comp_m[sx] += mig;
        }
    }
}

static double *
cell(const fc_ccm_params *p, double *pop, size_t a, size_t t)
{
    return pop + (a * (p->n_step + 1) + t) * 2 * p->n_age;
}

static void
store(double *arr, const fc_ccm_params *p, size_t a, size_t t, const double v[2])
{
    if (arr) {
        arr[(a * p->n_step + t) * 2] = v[0];
        arr[(a * p->n_step + t) * 2 + 1] = v[1];
    }
}

static void
one_step(const fc_ccm_params *p, const fc_ccm_inputs *in, size_t a0, size_t a1, size_t t,
         fc_ccm_result *r)
{
    const size_t na = p->n_age;
    const int comp = r->births || r->deaths || r->migration || r->adjust;
    for (size_t a = a0; a < a1; a++) {
        double b[2], d[2], m[2] = {0.0, 0.0}, z[2] = {0.0, 0.0};
        const double *M = in->mig && in->mig[t] ? in->mig[t] + a * 2 * na : NULL;
        double *u = r->unmet ? r->unmet + (a * p->n_step + t) * 2 * na : NULL;
        if (u)
            for (size_t k = 0; k < 2 * na; k++)
                u[k] = 0.0;
        if (comp)
            step_area(p, cell(p, r->pop, a, t), in->s[t] + a * 2 * na, in->s0[t] + a * 2,
                      in->asfr[t] + a * na, M, cell(p, r->pop, a, t + 1), b, d, m, u, 1);
        else
            step_area(p, cell(p, r->pop, a, t), in->s[t] + a * 2 * na, in->s0[t] + a * 2,
                      in->asfr[t] + a * na, M, cell(p, r->pop, a, t + 1), b, d, m, NULL, 0);
        store(r->births, p, a, t, b);
        store(r->deaths, p, a, t, d);
        store(r->migration, p, a, t, m);
        store(r->adjust, p, a, t, z);
    }
}

/* Scales all areas so that their sum meets the control totals for the end of step t. */
static fc_status
constrain(const fc_ccm_params *p, const double *ctl, size_t t, fc_ccm_result *r, fc_err *err)
{
    const size_t na = p->n_age;
    size_t ncell = p->ctl_kind == FC_CTL_TOTAL ? 1 : (p->ctl_kind == FC_CTL_SEX ? 2 : 2 * na);
    for (size_t c = 0; c < ncell; c++) {
        /* cells of the cube that control cell c covers: [sex][age] ranges */
        size_t s_lo = 0, s_hi = 2, x_lo = 0, x_hi = na;
        if (p->ctl_kind == FC_CTL_SEX) {
            s_lo = c, s_hi = c + 1;
        } else if (p->ctl_kind == FC_CTL_SEX_AGE) {
            s_lo = c / na, s_hi = s_lo + 1, x_lo = c % na, x_hi = x_lo + 1;
        }
        double total = 0.0, f;
        for (size_t a = 0; a < p->n_area; a++) {
            const double *N = cell(p, r->pop, a, t + 1);
            for (size_t sx = s_lo; sx < s_hi; sx++)
                for (size_t x = x_lo; x < x_hi; x++)
                    total += N[sx * na + x];
        }
        if (!isfinite(ctl[c]) || ctl[c] < 0.0)
            return FC_FAIL(err, FC_EDOM, "control total %g is not a finite count >= 0", ctl[c]);
        if (total <= 0.0) {
            if (ctl[c] == 0.0)
                continue;
            return FC_FAIL(err, FC_EDOM, "control total %g for a projected population of 0",
                           ctl[c]);
        }
        f = ctl[c] / total;
        for (size_t a = 0; a < p->n_area; a++) {
            double *N = cell(p, r->pop, a, t + 1);
            for (size_t sx = s_lo; sx < s_hi; sx++) {
                double before = 0.0, after = 0.0;
                for (size_t x = x_lo; x < x_hi; x++) {
                    before += N[sx * na + x];
                    N[sx * na + x] *= f;
                    after += N[sx * na + x];
                }
                if (r->adjust)
                    r->adjust[(a * p->n_step + t) * 2 + sx] += after - before;
            }
        }
    }
    return FC_OK;
}

fc_status
fc_ccm_project_areas(const fc_ccm_params *p, const fc_ccm_inputs *in, size_t a0, size_t a1,
                     fc_ccm_result *r, fc_err *err)
{
    fc_status st;
    const size_t cube = 2 * p->n_age;

    if ((st = check_params(p, in, err)) != FC_OK)
        return st;
    if (a1 > p->n_area || a0 > a1)
        return FC_FAIL(err, FC_EINVAL, "area range out of bounds");
    for (size_t a = a0; a < a1; a++)
        memcpy(cell(p, r->pop, a, 0), in->pop0 + a * cube, cube * sizeof(double));
    for (size_t t = 0; t < p->n_step; t++)
        one_step(p, in, a0, a1, t, r);
    return FC_OK;
}

fc_status
fc_ccm_project(const fc_ccm_params *p, const fc_ccm_inputs *in, fc_ccm_result *r, fc_err *err)
{
    fc_status st;
    const size_t cube = 2 * p->n_age;

    if ((st = check_params(p, in, err)) != FC_OK)
        return st;
    for (size_t a = 0; a < p->n_area; a++)
        memcpy(cell(p, r->pop, a, 0), in->pop0 + a * cube, cube * sizeof(double));
    for (size_t t = 0; t < p->n_step; t++) {
        one_step(p, in, 0, p->n_area, t, r);
        if (p->ctl_kind != FC_CTL_NONE && in->ctl && in->ctl[t])
            if ((st = constrain(p, in->ctl[t], t, r, err)) != FC_OK)
                return st;
    }
    return FC_OK;
}
