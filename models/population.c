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

size_t
fc_ccm_work_size(const fc_ccm_params *p)
{
    return 3 * p->n_area * 2 * p->n_age;
}

static fc_status
check_params(const fc_ccm_params *p, const fc_ccm_inputs *in, const fc_ccm_result *result,
             fc_err *err)
{
    if (p->n_age < 3 || p->n_area == 0)
        return FC_FAIL(err, FC_EINVAL, "projection needs at least one area and 3 age groups");
    if (!(p->width > 0.0) || !(p->srb > 0.0) || !isfinite(p->srb))
        return FC_FAIL(err, FC_EINVAL, "projection step and sex ratio at birth must be > 0");
    if (in->pop0 == NULL || (p->n_step && (!in->s || !in->s0 || !in->asfr)))
        return FC_FAIL(err, FC_EINVAL, "projection inputs missing");
    for (size_t t = 0; t < p->n_step; t++)
        if (in->flows && in->flows[t] && result->work == NULL)
            return FC_FAIL(err, FC_EINVAL, "flows between areas need a workspace");
    for (size_t t = 0; t < p->n_step; t++)
        if (in->out && in->out[t])
            for (size_t k = 0, n = p->n_area * 2 * p->n_age; k < n; k++)
                if (!(in->out[t][k] >= 0.0 && in->out[t][k] <= 1.0))
                    return FC_FAIL(err, FC_EDOM, "out-migration share %g of a cohort over a "
                                   "step is not in 0..1", in->out[t][k]);
    for (size_t i = 0, n = p->n_area * 2 * p->n_age; i < n; i++)
        if (!(in->pop0[i] >= 0.0) || !isfinite(in->pop0[i]))
            return FC_FAIL(err, FC_EDOM, "base population must be finite and >= 0");
    return FC_OK;
}

/* One area's inputs for one step: P [sex][age] at t; s, s0, asfr its rates; M net migrants,
 * I in-migrants, O shares leaving (with the flows' departures), As, Ae arrivals from other
 * areas at the start and the end (timing applied); each of M..Ae may be NULL. */
typedef struct area_in {
    const double *P, *s, *s0, *asfr, *M, *I, *O, *As, *Ae;
} area_in;

/* One area's components for one step, by sex. */
typedef struct area_comp {
    double b[2], d[2], m[2], in[2], out[2];
} area_comp;

/* The cohort in cell k at the start of the step after the flows' start halves (net migrants
 * not yet added); adds what moved to *in and *out. */
static inline __attribute__((always_inline)) double
start_flows(const area_in *ai, size_t k, double h, double *in, double *out)
{
    double cur = ai->P[k];
    if (ai->O) {
        double o = h * ai->O[k] * ai->P[k];
        cur -= o;
        *out += o;
    }
    if (ai->I) {
        double i = h * ai->I[k];
        cur += i;
        *in += i;
    }
    if (ai->As) {
        cur += ai->As[k];
        *in += ai->As[k];
    }
    return cur;
}

/* The survival ratio that takes the cohort aged x at the start to the end of the step (the
 * last two groups share the open group's). */
static inline double
cohort_survival(const double *ss, size_t x, size_t w)
{
    return x + 1 < w ? ss[x] : ss[w];
}

/* The flows' end halves for one sex: out-migrants who survived to the end leave, in-migrants
 * and arrivals come. Ns is the end population before them. */
static void
end_flows(const fc_ccm_params *p, const area_in *ai, int sx, double h, double *Ns,
          double *in, double *out, double *unmet)
{
    const size_t na = p->n_age, w = na - 1, o = (size_t)sx * na;
    const double *ss = ai->s + o;
    for (size_t y = 0; y < na; y++) {
        if (ai->O && y > 0) {
            double e = ai->O[o + y - 1] * ai->P[o + y - 1];
            if (y == w)
                e += ai->O[o + w] * ai->P[o + w];
            e *= (1.0 - h) * cohort_survival(ss, y - 1, w);
            if (Ns[y] - e < 0.0) { /* only when net migrants took the cohort first */
                if (unmet)
                    unmet[o + y] += e - Ns[y];
                e = Ns[y];
            }
            Ns[y] -= e;
            *out += e;
        }
        if (ai->I) {
            double i = (1.0 - h) * ai->I[o + y];
            Ns[y] += i;
            *in += i;
        }
        if (ai->Ae) {
            Ns[y] += ai->Ae[o + y];
            *in += ai->Ae[o + y];
        }
    }
}

/* One step for one area into N: [sex][age] at t+w. With comp 0 the deaths and migration sums
 * (components only) are skipped: the populations are the same to the bit, and the loops lose
 * the serial additions that bound their speed (the Monte Carlo draws,
 * engine/draws/draws_project.c, want populations only). */
static inline __attribute__((always_inline)) void
step_area(const fc_ccm_params *p, const area_in *ai, double *N, area_comp *c, double *unmet,
          const int comp)
{
    const size_t na = p->n_age, w = na - 1;
    const double h = p->mig_timing == FC_MIG_HALF ? 0.5 : 0.0;
    const int flows = ai->O || ai->I || ai->As || ai->Ae;
    const double *asfr = ai->asfr;
    double births = 0.0, fin = 0.0, fout = 0.0;

    for (int sx = 0; sx < 2; sx++) {
        const double *Ps = ai->P + (size_t)sx * na, *ss = ai->s + (size_t)sx * na;
        const double *Ms = ai->M ? ai->M + (size_t)sx * na : NULL;
        double *Ns = N + (size_t)sx * na;
        double dead = 0.0, mig = 0.0, prev = 0.0, cur;

        c->in[sx] = c->out[sx] = 0.0;
        /* survive the start population (with the start-half of migrants) into age x+1 */
        for (size_t x = 0; x < w; x++) {
            cur = flows ? start_flows(ai, (size_t)sx * na + x, h, &c->in[sx], &c->out[sx])
                        : Ps[x];
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
        cur = flows ? start_flows(ai, (size_t)sx * na + w, h, &c->in[sx], &c->out[sx]) : Ps[w];
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
                    double st = (flows ? start_flows(ai, x, h, &fin, &fout) : Ps[x]) +
                                (Ms ? h * Ms[x] : 0.0);
                    if (st < 0.0)
                        st = 0.0;
                    births += asfr[x] * (st + Ns[x]);
                }
            if (asfr[w] != 0.0) {
                double st = (flows ? start_flows(ai, w, h, &fin, &fout) : Ps[w]) +
                            (Ms ? h * Ms[w] : 0.0);
                births += asfr[w] * ((st < 0.0 ? 0.0 : st) + Ns[w]);
            }
            if (asfr[0] != 0.0) {
                double st = (flows ? start_flows(ai, 0, h, &fin, &fout) : Ps[0]) +
                            (Ms ? h * Ms[0] : 0.0);
                births += asfr[0] * (st < 0.0 ? 0.0 : st);
            }
            births *= 0.5 * p->width;
        }
        c->d[sx] = dead;
        c->m[sx] = mig;
    }

    /* births by sex, survived to group 0 */
    {
        double bm = births * p->srb / (1.0 + p->srb), bf = births - bm;
        double b[2] = {bf, bm};
        for (int sx = 0; sx < 2; sx++) {
            double *Ns = N + (size_t)sx * na;
            Ns[0] = b[sx] * ai->s0[sx];
            c->b[sx] = b[sx];
            c->d[sx] += b[sx] - Ns[0];
        }
    }

    /* end migrants, without mortality: the flows' end halves, then net migrants */
    if (flows)
        for (int sx = 0; sx < 2; sx++)
            end_flows(p, ai, sx, h, N + (size_t)sx * na, &c->in[sx], &c->out[sx], unmet);
    if (ai->M && h < 1.0) {
        for (int sx = 0; sx < 2; sx++) {
            const double *Ms = ai->M + (size_t)sx * na;
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
            c->m[sx] += mig;
        }
    }
    if (flows)
        for (int sx = 0; sx < 2; sx++)
            c->m[sx] += c->in[sx] - c->out[sx];
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

/* The step's moves between areas: each area's shares leaving (its own out shares plus what
 * flows send away) into O, and the arrivals at the start and the end into As and Ae (each
 * [area][sex][age], in work). FC_EDOM when more than everyone would leave a cell. */
static fc_status
flow_step(const fc_ccm_params *p, const fc_ccm_inputs *in, size_t t, const fc_ccm_result *r,
          const double **O, const double **As, const double **Ae, fc_err *err)
{
    const size_t na = p->n_age, w = na - 1, cube = p->n_area * 2 * na;
    const double h = p->mig_timing == FC_MIG_HALF ? 0.5 : 0.0;
    const fc_ccm_flows *f = in->flows[t];
    double *o = r->work, *as = r->work + cube, *ae = r->work + 2 * cube;
    for (size_t k = 0; k < cube; k++) {
        o[k] = in->out && in->out[t] ? in->out[t][k] : 0.0;
        as[k] = ae[k] = 0.0;
    }
    for (size_t i = 0; i < f->n; i++) {
        const size_t a = f->from[i], b = f->to[i], k = f->cell[i], x = k % na;
        const double *P = r->pop + (a * (p->n_step + 1) + t) * 2 * na;
        const double *ss = in->s[t] + a * 2 * na + (k - x);
        double d = f->share[i] * P[k];
        if (a >= p->n_area || b >= p->n_area || a == b || k >= 2 * na ||
            !(f->share[i] >= 0.0) || !isfinite(f->share[i]))
            return FC_FAIL(err, FC_EINVAL, "flow %zu: bad areas, cell or share", i);
        o[a * 2 * na + k] += f->share[i];
        as[b * 2 * na + k] += h * d;
        ae[b * 2 * na + (k - x) + (x < w ? x + 1 : w)] +=
            (1.0 - h) * d * cohort_survival(ss, x, w);
    }
    for (size_t k = 0; k < cube; k++)
        if (o[k] > 1.0 + 1e-12)
            return FC_FAIL(err, FC_EDOM, "out-migration and flows take %g of a cohort over a "
                           "step (area %zu): more than everyone", o[k], k / (2 * na));
    *O = o, *As = as, *Ae = ae;
    return FC_OK;
}

static fc_status
one_step(const fc_ccm_params *p, const fc_ccm_inputs *in, size_t a0, size_t a1, size_t t,
         fc_ccm_result *r, fc_err *err)
{
    const size_t na = p->n_age;
    const int comp = r->births || r->deaths || r->migration || r->adjust;
    const double *O = in->out && in->out[t] ? in->out[t] : NULL, *As = NULL, *Ae = NULL;
    fc_status st;
    if (in->flows && in->flows[t] && (st = flow_step(p, in, t, r, &O, &As, &Ae, err)) != FC_OK)
        return st;
    for (size_t a = a0; a < a1; a++) {
        area_comp c = {{0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}};
        const double z[2] = {0.0, 0.0};
        const size_t o = a * 2 * na;
        area_in ai = {cell(p, r->pop, a, t), in->s[t] + o, in->s0[t] + a * 2,
                      in->asfr[t] + a * na, in->mig && in->mig[t] ? in->mig[t] + o : NULL,
                      in->inflow && in->inflow[t] ? in->inflow[t] + o : NULL,
                      O ? O + o : NULL, As ? As + o : NULL, Ae ? Ae + o : NULL};
        double *u = r->unmet ? r->unmet + (a * p->n_step + t) * 2 * na : NULL;
        if (u)
            for (size_t k = 0; k < 2 * na; k++)
                u[k] = 0.0;
        if (comp)
            step_area(p, &ai, cell(p, r->pop, a, t + 1), &c, u, 1);
        else
            step_area(p, &ai, cell(p, r->pop, a, t + 1), &c, NULL, 0);
        store(r->births, p, a, t, c.b);
        store(r->deaths, p, a, t, c.d);
        store(r->migration, p, a, t, c.m);
        store(r->adjust, p, a, t, z);
        store(r->inflow, p, a, t, c.in);
        store(r->outflow, p, a, t, c.out);
    }
    return FC_OK;
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

    if ((st = check_params(p, in, r, err)) != FC_OK)
        return st;
    if (a1 > p->n_area || a0 > a1)
        return FC_FAIL(err, FC_EINVAL, "area range out of bounds");
    for (size_t a = a0; a < a1; a++)
        memcpy(cell(p, r->pop, a, 0), in->pop0 + a * cube, cube * sizeof(double));
    if (in->flows)
        for (size_t t = 0; t < p->n_step; t++)
            if (in->flows[t])
                return FC_FAIL(err, FC_EINVAL, "flows between areas couple them: project "
                               "every area at once");
    for (size_t t = 0; t < p->n_step; t++)
        if ((st = one_step(p, in, a0, a1, t, r, err)) != FC_OK)
            return st;
    return FC_OK;
}

fc_status
fc_ccm_project(const fc_ccm_params *p, const fc_ccm_inputs *in, fc_ccm_result *r, fc_err *err)
{
    fc_status st;
    const size_t cube = 2 * p->n_age;

    if ((st = check_params(p, in, r, err)) != FC_OK)
        return st;
    for (size_t a = 0; a < p->n_area; a++)
        memcpy(cell(p, r->pop, a, 0), in->pop0 + a * cube, cube * sizeof(double));
    for (size_t t = 0; t < p->n_step; t++) {
        if ((st = one_step(p, in, 0, p->n_area, t, r, err)) != FC_OK)
            return st;
        if (p->ctl_kind != FC_CTL_NONE && in->ctl && in->ctl[t])
            if ((st = constrain(p, in->ctl[t], t, r, err)) != FC_OK)
                return st;
    }
    return FC_OK;
}
