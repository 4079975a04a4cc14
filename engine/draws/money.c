/* money.c: money and the PBMA portfolio of each draw (draws_run.h). */
#include "engine/draws/draws_run.h"

/* ---------------------------------------------------------------- money */


static void
fin_ws_free(void *arg)
{
    fin_ws *w = arg;
    if (w == NULL)
        return;
    fc_warnings_fini(&w->warn);
    free(w->g);
    free(w);
}

static void *
fin_ws_new(void *arg)
{
    const mc *m = arg;
    fin_ws *w = calloc(1, sizeof *w);
    if (w && (w->g = calloc(m->nyf ? m->nyf : 1, sizeof *w->g)) == NULL) {
        free(w);
        return NULL;
    }
    return w;
}

/* Draw d's activity sums as the tables money reads (activity, and baseline + demographic). */
static fc_status
fin_tables(const mc *m, size_t d, fc_finjob_activity *a, fc_finjob_activity *dv, fc_err *err)
{
    const mc_act *A = &m->part[FC_ACT_ACTIVITY];
    const size_t nk = A->nk, nt = A->nt;
    fc_status st;
    if ((st = fc_finjob_activity_init(a, NULL, err)) != FC_OK ||
        (st = fc_finjob_activity_init(dv, NULL, err)) != FC_OK)
        return st;
    for (size_t k = 0; k < nk; k++) {
        const char *name = fc_intern_name(A->rates.keys, k);
        for (size_t t = 0; t < nt; t++) {
            int year = A->am.base_year + (int)t * A->am.step;
            if ((st = fc_finjob_activity_add(a, NULL, NULL, year, name,
                                          A->act[(d * nk + k) * nt + t], 0, err)) != FC_OK ||
                (st = fc_finjob_activity_add(dv, NULL, NULL, year, name,
                                          A->dem[(d * nk + k) * nt + t], 0, err)) != FC_OK)
                return st;
        }
    }
    return FC_OK;
}

/* Money for draw d: cost, envelope and gap by programme (and in total) and year. With
 * probe set (draw 0, first), also learns the programmes and years and allocates m->money. */
static fc_status
fin_one(mc *m, fin_ws *w, size_t d, int probe, fc_err *err)
{
    const fc_finjob_spec *F = m->ss.F;
    fc_finjob_activity a, dv;
    fc_finjob *job = NULL;
    const fc_fin_result *r;
    int chain = m->have_act && F->activity == NULL;
    fc_status st;

    memset(&a, 0, sizeof a);
    memset(&dv, 0, sizeof dv);
    {
        void *copy = NULL;
        if ((st = dr_draw_spec(m, &fc_stage_finance, F, d, &copy, err)) != FC_OK)
            return st;
        w->Fd = *(const fc_finjob_spec *)copy;
        free(copy);
    }
    if (chain)
        st = fin_tables(m, d, &a, &dv, err);
    else
        st = FC_OK;
    if (st == FC_OK)
        st = fc_finjob_load(&w->Fd, chain ? &a : NULL, chain && !F->drivers ? &dv : NULL, &job,
                             &w->warn, err);
    if (st == FC_OK)
        st = fc_finjob_compute(job, err);
    if (st == FC_OK && (r = fc_finjob_result(job, 0)) != NULL) {
        if (probe) {
            m->nprog = fc_finjob_nprog(job);
            m->nyf = r->n_year;
            m->fin_base = r->base_year;
            m->prog = calloc(m->nprog + 1, sizeof *m->prog);
            m->money = calloc((m->N + 1) * (m->nprog + 1) * m->nyf * 3, sizeof *m->money);
            free(w->g);
            w->g = calloc(m->nyf, sizeof *w->g);
            if (!m->prog || !m->money || !w->g) {
                st = FC_FAIL(err, FC_ENOMEM, "out of memory");
                goto done;
            }
            for (size_t q = 0; q <= m->nprog; q++)
                if ((m->prog[q] = strdup(q < m->nprog ? fc_finjob_prog(job, q) : "total")) ==
                    NULL) {
                    st = FC_FAIL(err, FC_ENOMEM, "out of memory");
                    goto done;
                }
        }
        if (fc_finjob_nprog(job) != m->nprog || r->n_year != m->nyf) {
            st = FC_FAIL(err, FC_EINVAL, "money: the programmes or years changed in a draw");
            goto done;
        }
        for (size_t q = 0; q <= m->nprog && st == FC_OK; q++) {
            double *o = m->money + ((d * (m->nprog + 1) + q) * m->nyf) * 3;
            st = fc_fin_gap(r, q < m->nprog ? q : FC_FIN_ALL, w->g, err);
            for (size_t y = 0; y < m->nyf && st == FC_OK; y++) {
                o[y * 3] = (double)w->g[y].cost / 100.0;
                o[y * 3 + 1] = (double)w->g[y].envelope / 100.0;
                o[y * 3 + 2] = (double)w->g[y].gap / 100.0;
            }
        }
    }
done:
    fc_finjob_free(job);
    fc_finjob_activity_fini(&a);
    fc_finjob_activity_fini(&dv);
    return dr_in_draw(st, d, err);
}

static fc_status
fin_item(void *arg, void *ws, size_t i, fc_err *err)
{
    const mc *m = arg;
    return fin_one(arg, ws, dr_first(m) + i, 0, err);
}

fc_status
dr_run_money(mc *m, fc_err *err)
{
    fin_ws *w = fin_ws_new(m);
    const size_t d0 = dr_first(m), n = m->dhi > d0 ? m->dhi - d0 : 0;
    fc_status st;
    if (w == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    /* the principal on every rank: it sizes the table; then this rank's draws */
    st = fin_one(m, w, 0, 1, err);
    fin_ws_free(w);
    if (st == FC_OK && n > 0)
        st = dr_run_pool(m->nthread, n, m, fin_item, fin_ws_new, fin_ws_free, err);
    if ((st = fc_par_agree(st, err)) == FC_OK)
        st = fc_par_allgather(m->money, 1, m->N, (m->nprog + 1) * m->nyf * 3 * sizeof *m->money,
                              err);
    return st;
}

/* ---------------------------------------------------------------- the PBMA portfolio */


static void
pb_ws_free(void *arg)
{
    pb_ws *w = arg;
    if (w == NULL)
        return;
    fc_pbma_ws_free(w->w);
    if (w->r)
        gsl_rng_free(w->r);
    free(w->cd);
    free(w->bd);
    free(w->budget);
    free(w->x);
    free(w);
}

static void *
pb_ws_new(void *arg)
{
    const mc *m = arg;
    pb_ws *w = calloc(1, sizeof *w);
    fc_err e;
    if (w == NULL)
        return NULL;
    fc_err_clear(&e);
    w->r = fc_rng_alloc();
    w->cd = malloc(m->nopt * m->pp.nyear * sizeof *w->cd);
    w->bd = malloc(m->nopt * sizeof *w->bd);
    w->budget = malloc(m->pp.nyear * sizeof *w->budget);
    w->x = malloc(m->nopt);
    if (!w->r || !w->cd || !w->bd || !w->budget || !w->x ||
        fc_pbma_ws_alloc(&m->pp, &w->w, NULL, &e) != FC_OK) {
        pb_ws_free(w);
        return NULL;
    }
    return w;
}

static fc_status
pb_item(void *arg, void *ws, size_t item, fc_err *err)
{
    mc *m = arg;
    pb_ws *w = ws;
    const size_t d = m->dlo + item;
    const size_t n = m->nopt, ny = m->pp.nyear;
    fc_pbma_solution so = {w->x, 0, 0, 0};
    unsigned char *f = m->funded + d * n;
    fc_status st;

    fc_pbma_draw(&m->pu, m->seed, m->sens ? 0 : d, w->r, w->cd, w->bd);
    for (size_t i = 0; i < n; i++) { /* (for the EVPPI: evppi.c) */
        m->ocost[d * n + i] = w->cd[i * ny];
        m->oben[d * n + i] = w->bd[i];
    }
    {
        void *copy = NULL;
        if ((st = dr_draw_spec(m, &fc_stage_pbma, m->ss.B, d, &copy, err)) != FC_OK)
            return dr_in_draw(st, d, err);
        w->Bd = *(const fc_pbmajob_spec *)copy;
        free(copy);
    }
    for (size_t y = 0; y < ny; y++) {
        if (w->Bd.budget_from_finance) /* the draw's own headroom */
            w->budget[y] = -m->money[d * (m->nprog + 1) * m->nyf * 3 + m->gap_at] *
                           w->Bd.budget_share;
        else
            w->budget[y] = m->budget_uncertain ? w->Bd.budget : m->pp.budget[y];
    }
    m->othr[d] = w->Bd.threshold;
    if ((st = fc_pbma_ws_set(w->w, w->budget, w->Bd.threshold, err)) != FC_OK)
        return dr_in_draw(st, d, err);
    st = fc_pbma_solve(w->w, w->cd, w->bd, &so, err);
    if (st == FC_EDATA && d > 0) { /* no set meets this draw's budget: counted, not fatal */
        memset(f, 2, n);
        m->set_nb[d] = (double)NAN;
        fc_err_clear(err);
        return FC_OK;
    }
    if (st != FC_OK)
        return dr_in_draw(st, d, err);
    memcpy(f, w->x, n);
    {
        double nb = 0;
        for (size_t i = 0; i < n; i++)
            if (f[i])
                nb += w->Bd.threshold * w->bd[i] - w->cd[i * ny];
        m->set_nb[d] = nb;
    }
    return FC_OK;
}

fc_status
dr_run_pbma(mc *m, fc_err *err)
{
    const fc_pbmajob_spec *B = m->ss.B;
    fc_status st;
    if (B->budget_from_finance) {
        const char *prog = B->budget_programme ? B->budget_programme : "total";
        size_t q = 0;
        long y = B->budget_year - m->fin_base;
        while (q <= m->nprog && strcmp(m->prog[q], prog) != 0)
            q++;
        if (!m->have_fin || q > m->nprog || y < 0 || (size_t)y >= m->nyf)
            return fc_scn_fail(fc_scn_get(m->ch->scn, "pbma", "budget_from"), err,
                               "budget_from = finance: the money stage has no gap for "
                               "programme '%s' in %ld", prog, B->budget_year);
        m->gap_at = (q * m->nyf + (size_t)y) * 3 + 2;
    }
    if ((m->funded = calloc((m->N + 1) * m->nopt, 1)) == NULL ||
        (m->set_nb = calloc(m->N + 1, sizeof *m->set_nb)) == NULL ||
        (m->ocost = calloc((m->N + 1) * m->nopt + 1, sizeof *m->ocost)) == NULL ||
        (m->oben = calloc((m->N + 1) * m->nopt + 1, sizeof *m->oben)) == NULL ||
        (m->othr = calloc(m->N + 1, sizeof *m->othr)) == NULL)
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
    else
        st = dr_run_pool(m->nthread, m->dhi - m->dlo, m, pb_item, pb_ws_new, pb_ws_free, err);
    if ((st = fc_par_agree(st, err)) != FC_OK ||
        (st = fc_par_allgather(m->funded, 1, m->N, m->nopt, err)) != FC_OK ||
        (st = fc_par_allgather(m->set_nb, 1, m->N, sizeof *m->set_nb, err)) != FC_OK ||
        (st = fc_par_allgather(m->ocost, 1, m->N, m->nopt * sizeof *m->ocost, err)) != FC_OK ||
        (st = fc_par_allgather(m->oben, 1, m->N, m->nopt * sizeof *m->oben, err)) != FC_OK)
        return st;
    return fc_par_allgather(m->othr, 1, m->N, sizeof *m->othr, err);
}

