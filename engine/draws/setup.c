/* setup.c: setting up a run of the draws: each draw's parameters, variant, growth and age groups (draws_run.h). */
#include "engine/draws/draws_run.h"

/* ---------------------------------------------------------------- setting up */

fc_status
dr_setup_parameters(mc *m, fc_err *err)
{
    const size_t N = m->N, nu = m->nunc;
    gsl_rng *r = fc_rng_alloc();
    if (r == NULL || (m->pv = malloc((N + 1) * (nu ? nu : 1) * sizeof *m->pv)) == NULL ||
        (m->var = calloc(N + 1, sizeof *m->var)) == NULL) {
        if (r)
            gsl_rng_free(r);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < nu; k++) {
        const fc_scn_unc *u = &m->unc[k];
        uint64_t slot = fc_rng_slot(u->name);
        m->pv[k] = u->central;
        for (size_t d = 1; d <= N; d++) {
            double x;
            fc_rng_seed(r, m->seed, d, slot);
            x = fc_dist_sample(&u->dist, r);
            m->pv[d * nu + k] = x < u->lo ? u->lo : x > u->hi ? u->hi : x;
        }
    }
    gsl_rng_free(r);
    return FC_OK;
}

/* Variant probabilities: when any variant has one, a draw takes variant v with probability
 * p_v (the principal's, when not given, is what the others leave); otherwise every draw
 * takes the principal. */
fc_status
dr_setup_variants(mc *m, fc_err *err)
{
    const fc_proj_inputs *j = &m->proj.in;
    double rest = 1.0;
    int any = 0;
    gsl_rng *r;
    for (size_t v = 0; v < j->nvar; v++)
        any |= !isnan(j->var[v].probability);
    if (!any)
        return FC_OK;
    if ((m->prob = calloc(j->nvar, sizeof *m->prob)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t v = 1; v < j->nvar; v++) {
        m->prob[v] = isnan(j->var[v].probability) ? 0.0 : j->var[v].probability;
        rest -= m->prob[v];
    }
    m->prob[0] = isnan(j->var[0].probability) ? rest : j->var[0].probability;
    {
        double sum = 0.0;
        for (size_t v = 0; v < j->nvar; v++)
            sum += m->prob[v];
        if (m->prob[0] < -1e-9 || fabs(sum - 1.0) > 1e-9)
            return fc_err_at(err, FC_EDATA, j->spec->variants ? j->spec->variants
                                                              : m->ch->scn->path, 0, 0,
                             "the variants' probabilities add up to %g: they must add up to "
                             "1 (the principal takes what the others leave when it has none)",
                             isnan(j->var[0].probability) ? sum - m->prob[0] + 0.0 : sum);
    }
    m->mixture = 1;
    if ((r = fc_rng_alloc()) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t d = 1; d <= m->N; d++) {
        double u, c = 0.0;
        size_t v = 0;
        fc_rng_seed(r, m->seed, d, FC_RNG_SLOT_VARIANT);
        u = gsl_rng_uniform(r);
        for (v = 0; v + 1 < j->nvar; v++) {
            c += m->prob[v];
            if (u < c)
                break;
        }
        while (v > 0 && m->prob[v] == 0.0) /* (rounding at the top end) */
            v--;
        m->var[d] = v;
    }
    gsl_rng_free(r);
    return FC_OK;
}

/* Growth per draw: the growth table's 80% intervals, Normal with mean (lo + hi) / 2 and sd
 * (hi - lo) / 2.5631, each key in order from the draw's stream `slot` (need and activity
 * have slots of their own, so that adding one stage's intervals moves no draw of the
 * other); above -100%. */
static fc_status
setup_growth(mc *m, mc_act *ma, uint64_t slot, fc_err *err)
{
    const size_t nk = ma->nk;
    gsl_rng *r;
    if ((ma->pct = malloc((m->N + 1) * (nk ? nk : 1) * sizeof *ma->pct)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t d = 0; d <= m->N; d++)
        memcpy(ma->pct + d * nk, ma->am.pct, nk * sizeof *ma->pct);
    if (ma->am.pct_lo == NULL || m->sens) /* (one-way sensitivity: the tables' own ranges
                                               stay central) */
        return FC_OK;
    if ((r = fc_rng_alloc()) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t d = 1; d <= m->N; d++) {
        fc_rng_seed(r, m->seed, d, slot);
        for (size_t k = 0; k < nk; k++) {
            double lo = ma->am.pct_lo[k], hi = ma->am.pct_hi[k], x;
            if (isnan(lo))
                continue;
            x = 0.5 * (lo + hi) + gsl_ran_gaussian_ziggurat(r, (hi - lo) / (2.0 * FC_RNG_Z80));
            ma->pct[d * nk + k] = x > -99.999 ? x : -99.999;
        }
    }
    gsl_rng_free(r);
    return FC_OK;
}

const dr_age_group dr_age_groups[DR_NAGE_GROUPS] = {
    {"all", 0, -1}, {"0-14", 0, 15}, {"15-64", 15, 65}, {"65+", 65, -1}, {"75+", 75, -1},
    {"85+", 85, -1},
};

/* The age groups the population's grid can form: both ends must be first ages of the grid's
 * groups (with an open group 80+ there is no 85+; five-year groups form them all), else the
 * group is left out for every area and year rather than written as part of a band. */
fc_status
dr_setup_age_groups(mc *m, fc_err *err)
{
    const fc_ages *ages = &m->proj.in.pop.ages;
    for (size_t i = 0; i < (size_t)DR_NAGE_GROUPS; i++) {
        size_t g0 = ages->n, g1 = dr_age_groups[i].hi < 0 ? ages->n : ages->n + 1;
        for (size_t g = 0; g < ages->n; g++) {
            if (ages->lo[g] == dr_age_groups[i].lo)
                g0 = g;
            if (ages->lo[g] == dr_age_groups[i].hi)
                g1 = g;
        }
        if (g0 >= ages->n || g1 > ages->n)
            continue;
        m->pg[m->npg] = i;
        m->pg0[m->npg] = g0;
        m->pg1[m->npg] = g1;
        m->npg++;
    }
    if ((m->ptot = calloc((m->N + 1) * m->ny * m->npg + 1, sizeof *m->ptot)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    return FC_OK;
}

/* Caches for fc_act_year: each draw's growth factors, and the base-year activity when the
 * base year is the projection's first (whose population every draw shares). */
static fc_status
setup_activity_caches(mc *m, mc_act *ma, fc_err *err)
{
    const size_t nk = ma->nk, nt = ma->nt, ng = m->ng;
    fc_status st;
    if ((ma->gf = malloc((m->N + 1) * nk * nt * sizeof *ma->gf + 1)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t d = 0; d <= m->N; d++)
        for (size_t k = 0; k < nk; k++)
            for (size_t t = 0; t < nt; t++)
                if ((st = fc_activity_growth_factor(ma->pct[d * nk + k], ma->am.base_year,
                                                    ma->am.base_year + (int)t * ma->am.step,
                                                    &ma->gf[(d * nk + k) * nt + t], err)))
                    return st;
    if (ma->am.tb0 != 0)
        return FC_OK;
    if ((ma->base = malloc(m->na * nk * sizeof *ma->base + 1)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t a = 0; a < m->na; a++)
        for (size_t k = 0; k < nk; k++) {
            const double *P = m->proj.in.pop.pop + a * 2 * ng;
            const double *r = ma->rates.r + (k * m->na + a) * 2 * ng;
            double b = 0.0;
            for (size_t i = 0; i < 2 * ng; i++) /* (the order of fc_act_year's sums) */
                b += P[i] * r[i];
            ma->base[a * nk + k] = b;
        }
    return FC_OK;
}

/* The need (kind FC_ACT_NEED) or activity stage of spec as the draws repeat it: its inputs
 * read onto the chain's projection, as the stage read them, each draw's growth and the
 * sums. */
fc_status
dr_setup_act(mc *m, fc_act_kind kind, const fc_act_spec *spec, fc_warnings *warn, fc_err *err)
{
    mc_act *ma = &m->part[kind];
    fc_projection *pout = NULL;
    const size_t N = m->N;
    fc_status st;

    if (!m->have_proj || m->ch->projection == NULL)
        return fc_scn_fail_file(m->ch->scn, err, "Monte Carlo draws of [%s] need the "
                                "[projection] stage", kind == FC_ACT_NEED ? "need" : "activity");
    m->aproj = m->ch->projection;
    if ((st = fc_act_prepare(spec, m->aproj, &pout, &ma->rates, &ma->ares, &ma->am, warn, err)))
        return st;
    if (fc_projection_narea(m->aproj) != m->na || m->aproj->ages.n != m->ng)
        return FC_FAIL(err, FC_EINVAL, "draws: the chain's projection is not the stage's");
    ma->spec = spec;
    ma->nk = ma->am.nk;
    ma->nt = ma->am.nt;
    ma->nres = ma->ares.nres;
    ma->act = calloc((N + 1) * ma->nk * ma->nt + 1, sizeof *ma->act);
    ma->req = calloc((N + 1) * ma->nres * ma->nt + 1, sizeof *ma->req);
    if (kind == FC_ACT_ACTIVITY)
        ma->dem = calloc((N + 1) * ma->nk * ma->nt + 1, sizeof *ma->dem);
    if (!ma->act || !ma->req || (kind == FC_ACT_ACTIVITY && !ma->dem))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = setup_growth(m, ma, kind == FC_ACT_NEED ? FC_RNG_SLOT_NEED_GROWTH
                                                      : FC_RNG_SLOT_GROWTH, err)) != FC_OK)
        return st;
    return setup_activity_caches(m, ma, err);
}

