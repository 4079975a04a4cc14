/* draws_project.c: the projection of one Monte Carlo draw (see draws_int.h): the projection
 * stage's inputs, the draw's rates (fc_proj_rates), then fc_ccm_project. */
#include "engine/draws/draws_int.h"

#include <stdlib.h>
#include <string.h>

void
fc_mcp_fini(fc_mcp *m)
{
    fc_proj_inputs_fini(&m->in);
    memset(m, 0, sizeof *m);
}

fc_status
fc_mcp_load(fc_mcp *m, const fc_projspec *spec, fc_warnings *warn, fc_err *err)
{
    fc_status st;
    memset(m, 0, sizeof *m);
    if ((st = fc_proj_inputs_load(&m->in, spec, warn, err)) != FC_OK)
        return st;
    m->na = m->in.narea;
    m->ng = m->in.nage;
    m->nstep = m->in.nstep;
    m->ny = m->in.nstep + 1;
    m->coupled = m->in.has_ctl || m->in.nflow; /* control totals and flows couple areas */
    return FC_OK;
}

void
fc_mcp_ws_free(fc_mcp_ws *w)
{
    fc_prates_free(w);
}

fc_mcp_ws *
fc_mcp_ws_alloc(const fc_mcp *m)
{
    return fc_prates_alloc(&m->in.base, m->coupled ? m->na : 1, 0);
}

fc_status
fc_mcp_project(const fc_mcp *m, fc_mcp_ws *w, const fc_variant *var, double srb, size_t a0,
               size_t a1, double *pop, fc_err *err)
{
    const fc_proj_inputs *in = &m->in;
    const size_t ng = m->ng, nb = a1 - a0;
    fc_status st;

    if (a0 >= a1 || a1 > m->na || (m->coupled && nb != m->na))
        return FC_FAIL(err, FC_EINVAL, "projection draw: bad area range");
    if ((st = fc_proj_rates(in, w, var, a0, a1, err)) != FC_OK)
        return st;
    {
        fc_ccm_params p = {nb, ng, m->nstep, (double)in->step, srb, in->spec->mig_timing,
                           m->in.has_ctl ? (fc_ctl_kind)in->ctl.kind : FC_CTL_NONE};
        fc_ccm_inputs ci = fc_proj_ccm_inputs(in, w, a0, m->in.has_ctl);
        fc_ccm_result r = {.pop = pop};
        if (in->nflow && (r.work = malloc(fc_ccm_work_size(&p) * sizeof *r.work)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        st = fc_ccm_project(&p, &ci, &r, err);
        free(r.work);
        return st;
    }
}

const double *
fc_mcp_ex(const fc_mcp *m, const fc_mcp_ws *w, size_t ar, size_t t, int sex)
{
    size_t nb = w->a1 - w->a0;
    return w->ex + ((m->in.exi[t] * nb + ar) * 2 + (size_t)sex) * m->ng;
}
