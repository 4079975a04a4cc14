/* mc_project.c: the projection of one Monte Carlo draw (see mc_int.h). The arithmetic is
 * the projection job's (engine/projection/project.c, build_inputs): scaled death rates -> life tables ->
 * survival ratios, scaled fertility and migration, then fc_ccm_project. */
#include "engine/draws/draws_int.h"

#include <stdlib.h>
#include <string.h>

void
fc_mcp_fini(fc_mcp *m)
{
    fc_proj_job_fini(&m->j);
    free(m->mx);
    free(m->asfr);
    free(m->mig);
    free(m->mi);
    free(m->fi);
    free(m->gi);
    free(m->exi);
    free(m->pctl);
    memset(m, 0, sizeof *m);
}

fc_status
fc_mcp_load(fc_mcp *m, const fc_projspec *spec, fc_warnings *warn, fc_err *err)
{
    fc_proj_job *j = &m->j;
    fc_status st;
    size_t na, ng, nm;

    memset(m, 0, sizeof *m);
    if ((st = fc_proj_job_load(j, spec, warn, err)) != FC_OK)
        return st;
    na = m->na = j->narea;
    ng = m->ng = j->nage;
    nm = m->nm = j->mgrid.n;
    m->nstep = j->nstep;
    m->ny = j->nstep + 1;
    m->nmy = j->mort.nyear;
    m->nfy = j->fert.nyear;
    m->ngy = j->mig.nyear;
    m->coupled = j->has_ctl;
    m->mx = malloc(m->nmy * na * 2 * nm * sizeof *m->mx);
    m->asfr = malloc(m->nfy * na * ng * sizeof *m->asfr);
    m->mig = m->ngy ? malloc(m->ngy * na * 2 * ng * sizeof *m->mig) : NULL;
    m->mi = calloc(m->nstep + 1, sizeof *m->mi);
    m->fi = calloc(m->nstep + 1, sizeof *m->fi);
    m->gi = calloc(m->nstep + 1, sizeof *m->gi);
    m->exi = calloc(m->ny, sizeof *m->exi);
    m->pctl = calloc(m->nstep + 1, sizeof *m->pctl);
    if (!m->mx || !m->asfr || (m->ngy && !m->mig) || !m->mi || !m->fi || !m->gi || !m->exi ||
        !m->pctl)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t y = 0; y < m->nmy; y++)
        if ((st = fc_ratein_expand(&j->mort, y, &j->mgrid, na, 2, FC_EXPAND_RATE,
                                   m->mx + y * na * 2 * nm, err)))
            return st;
    for (size_t y = 0; y < m->nfy; y++)
        if ((st = fc_ratein_expand(&j->fert, y, &j->pop.ages, na, 1, FC_EXPAND_RATE0,
                                   m->asfr + y * na * ng, err)))
            return st;
    for (size_t y = 0; y < m->ngy; y++)
        if ((st = fc_ratein_expand(&j->mig, y, &j->pop.ages, na, 2, FC_EXPAND_COUNT,
                                   m->mig + y * na * 2 * ng, err)))
            return st;
    for (size_t t = 0; t < m->nstep; t++) {
        int year = j->pop.year + (int)t * j->step;
        if ((st = fc_ratein_year_index(&j->mort, year, &m->mi[t], err)) ||
            (st = fc_ratein_year_index(&j->fert, year, &m->fi[t], err)) ||
            (m->ngy && (st = fc_ratein_year_index(&j->mig, year, &m->gi[t], err))))
            return st;
        if (j->has_ctl)
            for (size_t c = 0; c < j->ctl.nyear; c++)
                if (j->ctl.years[c] == year + j->step)
                    m->pctl[t] = j->ctl.value + c * j->ctl.ncell;
    }
    for (size_t t = 0; t < m->ny; t++)
        if ((st = fc_ratein_year_index(&j->mort, j->pop.year + (int)t * j->step, &m->exi[t],
                                       err)))
            return st;
    return FC_OK;
}

struct fc_mcp_ws {
    size_t cap;                    /* areas the arrays hold */
    fc_lifetable *lt;
    double *s, *s0, *ex;           /* [nmy][area][2][ng], [nmy][area][2], [nmy][area][2][ng] */
    double *asfr, *mig;            /* [nfy][area][ng], [ngy][area][2][ng] */
    const double **ps, **ps0, **pasfr, **pmig;
    int valid;                     /* s, s0 and ex hold the life tables of: */
    size_t ca0, ca1;               /* areas [ca0, ca1) */
    double cscale;                 /* at this mortality factor */
};

void
fc_mcp_ws_free(fc_mcp_ws *w)
{
    if (w == NULL)
        return;
    fc_lifetable_free(w->lt);
    free(w->s);
    free(w->s0);
    free(w->ex);
    free(w->asfr);
    free(w->mig);
    free(w->ps);
    free(w->ps0);
    free(w->pasfr);
    free(w->pmig);
    free(w);
}

fc_mcp_ws *
fc_mcp_ws_alloc(const fc_mcp *m)
{
    fc_mcp_ws *w = calloc(1, sizeof *w);
    size_t c, ng = m->ng, ns = m->nstep + 1;
    if (w == NULL)
        return NULL;
    c = w->cap = m->coupled ? m->na : 1;
    w->lt = fc_lifetable_alloc(m->nm);
    w->s = malloc(m->nmy * c * 2 * ng * sizeof *w->s);
    w->s0 = malloc(m->nmy * c * 2 * sizeof *w->s0);
    w->ex = malloc(m->nmy * c * 2 * ng * sizeof *w->ex);
    w->asfr = malloc(m->nfy * c * ng * sizeof *w->asfr);
    w->mig = m->ngy ? malloc(m->ngy * c * 2 * ng * sizeof *w->mig) : NULL;
    w->ps = calloc(ns, sizeof *w->ps);
    w->ps0 = calloc(ns, sizeof *w->ps0);
    w->pasfr = calloc(ns, sizeof *w->pasfr);
    w->pmig = calloc(ns, sizeof *w->pmig);
    if (!w->lt || !w->s || !w->s0 || !w->ex || !w->asfr || (m->ngy && !w->mig) || !w->ps ||
        !w->ps0 || !w->pasfr || !w->pmig) {
        fc_mcp_ws_free(w);
        return NULL;
    }
    return w;
}

/* Life tables and survival ratios of areas [a0, a1) at mortality factor scale. */
static fc_status
life_tables(const fc_mcp *m, fc_mcp_ws *w, double scale, size_t a0, size_t a1, fc_err *err)
{
    const fc_proj_job *j = &m->j;
    const size_t na = m->na, nm = m->nm, ng = m->ng, nb = a1 - a0;
    double mx[FC_AGE_MAX + 2];
    fc_status st;

    w->valid = 0;
    for (size_t y = 0; y < m->nmy; y++)
        for (size_t a = a0; a < a1; a++)
            for (int sex = 0; sex < 2; sex++) {
                const double *src = m->mx + ((y * na + a) * 2 + (size_t)sex) * nm;
                size_t k = (y * nb + (a - a0)) * 2 + (size_t)sex;
                fc_err e2;
                fc_err_clear(&e2);
                for (size_t i = 0; i < nm; i++)
                    mx[i] = src[i] * scale;
                st = fc_lifetable_compute(w->lt, mx, j->lt_kind, sex, j->spec->a0_rule, &e2);
                if (st == FC_OK)
                    st = fc_lifetable_survival(w->lt, j->first, ng, (double)j->step,
                                               &w->s0[k], &w->s[k * ng], &e2);
                if (st != FC_OK)
                    return fc_err_at(err, FC_EDATA, j->mort.path, 0, 0, "life table for area "
                                     "'%s', sex %s: %s", fc_intern_name(j->pop.areas, a),
                                     sex ? "M" : "F", e2.msg);
                for (size_t g = 0; g < ng; g++)
                    w->ex[k * ng + g] = w->lt->ex[j->first[g]];
            }
    w->valid = 1;
    w->ca0 = a0;
    w->ca1 = a1;
    w->cscale = scale;
    return FC_OK;
}

fc_status
fc_mcp_project(const fc_mcp *m, fc_mcp_ws *w, const fc_variant *var, double srb, size_t a0,
               size_t a1, double *pop, fc_err *err)
{
    const fc_proj_job *j = &m->j;
    const size_t na = m->na, ng = m->ng, nb = a1 - a0;
    const double mscale = var->migration_scale * (double)j->step; /* per year -> per step */
    fc_status st;

    if (a0 >= a1 || a1 > na || nb > w->cap || (m->coupled && nb != na))
        return FC_FAIL(err, FC_EINVAL, "projection draw: bad area range");
    if (!(w->valid && w->ca0 == a0 && w->ca1 == a1 && w->cscale == var->mortality_scale) &&
        (st = life_tables(m, w, var->mortality_scale, a0, a1, err)) != FC_OK)
        return st;
    for (size_t y = 0; y < m->nfy; y++)
        for (size_t a = a0; a < a1; a++) {
            const double *src = m->asfr + (y * na + a) * ng;
            double *dst = w->asfr + (y * nb + (a - a0)) * ng;
            for (size_t g = 0; g < ng; g++)
                dst[g] = src[g] * var->fertility_scale;
        }
    for (size_t y = 0; y < m->ngy; y++)
        for (size_t a = a0; a < a1; a++) {
            const double *src = m->mig + (y * na + a) * 2 * ng;
            double *dst = w->mig + (y * nb + (a - a0)) * 2 * ng;
            for (size_t g = 0; g < 2 * ng; g++)
                dst[g] = src[g] * mscale;
        }
    for (size_t t = 0; t < m->nstep; t++) {
        w->ps[t] = w->s + m->mi[t] * nb * 2 * ng;
        w->ps0[t] = w->s0 + m->mi[t] * nb * 2;
        w->pasfr[t] = w->asfr + m->fi[t] * nb * ng;
        w->pmig[t] = m->ngy ? w->mig + m->gi[t] * nb * 2 * ng : NULL;
    }
    {
        fc_ccm_params p = {nb, ng, m->nstep, (double)j->step, srb, j->spec->mig_timing,
                           m->coupled ? (fc_ctl_kind)j->ctl.kind : FC_CTL_NONE};
        fc_ccm_inputs ci = {j->pop.pop + a0 * 2 * ng, w->ps, w->ps0, w->pasfr,
                            m->ngy ? w->pmig : NULL, m->coupled ? m->pctl : NULL};
        fc_ccm_result r = {pop, NULL, NULL, NULL, NULL};
        return fc_ccm_project(&p, &ci, &r, err);
    }
}

const double *
fc_mcp_ex(const fc_mcp *m, const fc_mcp_ws *w, size_t ar, size_t t, int sex)
{
    size_t nb = w->ca1 - w->ca0;
    return w->ex + ((m->exi[t] * nb + ar) * 2 + (size_t)sex) * m->ng;
}
