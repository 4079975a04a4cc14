/* passes.c: the projection's draws in memory-bounded passes, with need and activity per draw (draws_run.h). */
#include "engine/draws/draws_run.h"

/* ---------------------------------------------------------------- projection and activity */



static void
pass_ws_free(void *arg)
{
    pass_ws *w = arg;
    if (w == NULL)
        return;
    fc_mcp_ws_free(w->pw);
    free(w->buf);
    free(w->acts);
    free(w->dems);
    free(w->reqs);
    free(w->ex);
    for (int kind = 0; kind < 2; kind++)
        fc_act_ws_free(w->aw[kind]);
    free(w);
}

static void *
pass_ws_new(void *arg)
{
    const pass *ps = arg;
    const mc *m = ps->m;
    pass_ws *w = calloc(1, sizeof *w);
    size_t nproj = m->proj.coupled ? m->na : 1, nk = 0, nres = 0;
    if (w == NULL)
        return NULL;
    w->pw = fc_mcp_ws_alloc(&m->proj);
    /* in huge pages where the kernel has them: pass_keep reads a chunk's draws across it,
     * one row a draw */
    w->buf = fc_huge_alloc(m->chunk * nproj * m->ny * m->bcell * sizeof *w->buf);
    if (!w->pw || !w->buf) {
        pass_ws_free(w);
        return NULL;
    }
    if (!m->have_need && !m->have_act)
        return w;
    for (int kind = 0; kind < 2; kind++) {
        const mc_act *ma = &m->part[kind];
        if (!dr_part_on(m, kind))
            continue;
        nk = ma->nk > nk ? ma->nk : nk;
        nres = ma->nres > nres ? ma->nres : nres;
        w->aw[kind] = fc_act_ws_alloc(&ma->am);
        if (!w->aw[kind]) {
            pass_ws_free(w);
            return NULL;
        }
    }
    w->acts = malloc((nk + 1) * sizeof *w->acts);
    w->dems = malloc((nk + 1) * sizeof *w->dems);
    w->reqs = malloc((nres + 1) * sizeof *w->reqs);
    w->ex = calloc(4 * m->ng, sizeof *w->ex);
    if (!w->acts || !w->dems || !w->reqs || !w->ex) {
        pass_ws_free(w);
        return NULL;
    }
    return w;
}

/* Need or activity (kind) of area a in projection year t (>= the stage's base year) for draw
 * d, from the draw's populations P ([year][sex][group] of that area), added to the draw's
 * sums. */
static fc_status
area_activity(const mc *m, pass_ws *w, fc_act_kind kind, size_t d, size_t a, size_t ar,
              const double *P, size_t t, fc_err *err)
{
    const mc_act *ma = &m->part[kind];
    const fc_act_model *am = &ma->am;
    const size_t ng = m->ng, nk = ma->nk, nt = ma->nt, tb0 = am->tb0, ta = t - tb0;
    fc_act_model md = *am;
    fc_status st;

    md.spec = &ma->dspec[d];
    md.gf_cache = ma->gf + d * nk * nt;
    md.base_cache = ma->base;
    if (am->hsa) /* (activity only) */
        for (int sx = 0; sx < 2; sx++) {
            const double *eb, *et;
            if (m->aproj->ex && ma->spec->lifetables) { /* a life table file: as the stage */
                const fc_projection *p = m->aproj;
                size_t v = m->var[d];
                eb = p->ex + (fc_projection_block(p, v, a, tb0) * 2 + (size_t)sx) * ng;
                et = p->ex + (fc_projection_block(p, v, a, t) * 2 + (size_t)sx) * ng;
            } else {
                eb = fc_mcp_ex(&m->proj, w->pw, ar, tb0, sx);
                et = fc_mcp_ex(&m->proj, w->pw, ar, t, sx);
            }
            fc_act_hsa_window(md.spec, am->ages, eb, et, w->ex + (size_t)sx * 2 * ng,
                              w->ex + ((size_t)sx * 2 + 1) * ng);
        }
    st = fc_act_year(&md, &ma->rates, &ma->ares, w->aw[kind], a,
                     am->base_year + (int)ta * am->step, ma->pct + d * nk, P + tb0 * m->bcell,
                     P + t * m->bcell, w->ex, w->acts, NULL, NULL, NULL,
                     ma->nres ? w->reqs : NULL, ma->dem ? w->dems : NULL, err);
    if (st != FC_OK)
        return st;
    for (size_t k = 0; k < nk; k++)
        ma->act[(d * nk + k) * nt + ta] += w->acts[k];
    for (size_t k = 0; ma->dem && k < nk; k++)
        ma->dem[(d * nk + k) * nt + ta] += w->dems[k];
    for (size_t i = 0; i < ma->nres; i++)
        ma->req[(d * ma->nres + i) * nt + ta] += w->reqs[i];
    return FC_OK;
}

/* Draw d's need and activity in the pass's years of area a (P: its populations, ar its index
 * among the areas the workspace projected). */
static fc_status
pass_activity(const pass *ps, pass_ws *w, size_t d, size_t a, size_t ar, const double *P,
              fc_err *err)
{
    const mc *m = ps->m;
    const size_t ny = m->ny;
    fc_status st;
    for (int kind = 0; kind < 2; kind++) {
        const mc_act *ma = &m->part[kind];
        size_t t0 = ps->u0 > a * ny ? ps->u0 - a * ny : 0;
        size_t t1 = ps->u1 < (a + 1) * ny ? ps->u1 - a * ny : ny;
        if (!dr_part_on(m, kind))
            continue;
        if (t0 < ma->am.tb0)
            t0 = ma->am.tb0;
        for (size_t t = t0; t < t1; t++)
            if ((st = area_activity(m, w, (fc_act_kind)kind, d, a, ar, P, t, err)) != FC_OK)
                return st;
    }
    return FC_OK;
}

/* The pass's cells of area a for draws [d0, d1) from the workspace's buffer into the store
 * (each cell's draws contiguous). */
static void
pass_keep(pass *ps, const pass_ws *w, size_t d0, size_t d1, size_t a)
{
    const mc *m = ps->m;
    const size_t bc = m->bcell, acell = m->ny * bc, c0 = ps->u0 * bc;
    const size_t stride = (m->proj.coupled ? m->na : 1) * acell;
    const size_t off = m->proj.coupled ? 0 : a * acell; /* cell -> index in the buffer */
    size_t lo = a * acell > c0 ? a * acell : c0;
    size_t hi = (a + 1) * acell < ps->u1 * bc ? (a + 1) * acell : ps->u1 * bc;
    size_t e0 = d0;
    if (d0 == 0) { /* the principal */
        for (size_t cell = lo; cell < hi; cell++)
            ps->prin[cell - c0] = w->buf[cell - off];
        e0 = 1;
    }
    /* in tiles of 8 cells (a cache line of each draw's row) by the chunk's draws */
    for (size_t cb = lo; cb < hi; cb += 8) {
        const size_t ce = cb + 8 < hi ? cb + 8 : hi;
        for (size_t d = e0; d < d1; d++) {
            const double *src = w->buf + (d - d0) * stride;
            for (size_t cell = cb; cell < ce; cell++)
                ps->store[(cell - c0) * ps->sw + d - ps->sd0] = src[cell - off];
        }
    }
}

/* Draw d's persons in each age group of area a in the pass's years, from its populations P
 * ([year][sex][group]) while they are in cache (reading the store again would cost as much
 * as the copy into it). Each sum is taken over the cells in their order (females by age,
 * then males), so the bytes depend on neither the pass nor the thread, and the principal's
 * is the sum of its projection.csv rows in file order. Four years at a time: each sum is a
 * chain of dependent additions, and four years' chains overlap. */
static void
pass_group_sums(pass *ps, size_t d, size_t a, const double *P)
{
    const mc *m = ps->m;
    const size_t ny = m->ny, ng = m->ng, bc = m->bcell, npg = m->npg;
    size_t t0 = ps->u0 > a * ny ? ps->u0 - a * ny : 0;
    size_t t1 = ps->u1 < (a + 1) * ny ? ps->u1 - a * ny : ny;
    for (size_t t = t0; t < t1; t += 4) {
        const size_t nb = t1 - t < 4 ? t1 - t : 4;
        const double *P0 = P + t * bc, *P1 = P + (t + (nb > 1 ? 1 : 0)) * bc;
        const double *P2 = P + (t + (nb > 2 ? 2 : 0)) * bc, *P3 = P + (t + (nb > 3 ? 3 : 0)) * bc;
        for (size_t k = 0; k < npg; k++) { /* (a short block repeats its first year) */
            double x[4] = {0.0, 0.0, 0.0, 0.0};
            for (size_t c0 = 0; c0 < bc; c0 += ng)
                for (size_t c = c0 + m->pg0[k]; c < c0 + m->pg1[k]; c++) {
                    x[0] += P0[c];
                    x[1] += P1[c];
                    x[2] += P2[c];
                    x[3] += P3[c];
                }
            for (size_t j = 0; j < nb; j++) {
                const size_t i = a * ny + t + j - ps->u0;
                ps->grp[(i * npg + k) * ps->gw + d - m->dlo] = x[j];
            }
        }
    }
}

static fc_status
project_draw(const mc *m, pass_ws *w, size_t d, size_t a0, size_t a1, double *P, fc_err *err)
{
    return dr_in_draw(fc_mcp_project(&m->proj, w->pw, &m->dvar[d], m->dsrb[d], a0, a1, P, err), d,
                   err);
}

/* One chunk of draws through the areas of a pass: area by area (each draw's life tables are
 * used by its activity before the next draw's are built); with control totals, draw by draw
 * over every area. */
static fc_status
pass_chunk(void *arg, void *wsarg, size_t c, fc_err *err)
{
    pass *ps = arg;
    pass_ws *w = wsarg;
    const mc *m = ps->m;
    const size_t acell = m->ny * m->bcell;
    const size_t d0 = m->dlo + c * m->chunk, d1 = d0 + m->chunk < m->dhi ? d0 + m->chunk : m->dhi;
    fc_status st;

    if (m->proj.coupled) {
        for (size_t d = d0; d < d1; d++) {
            double *P = w->buf + (d - d0) * m->na * acell;
            if ((st = project_draw(m, w, d, 0, m->na, P, err)) != FC_OK)
                return st;
            for (size_t a = ps->a0; a < ps->a1; a++)
                pass_group_sums(ps, d, a, P + a * acell);
            for (size_t a = ps->a0; a < ps->a1 && (m->have_need || m->have_act); a++)
                if ((st = pass_activity(ps, w, d, a, a, P + a * acell, err)) != FC_OK)
                    return dr_in_draw(st, d, err);
        }
        for (size_t a = ps->a0; a < ps->a1; a++)
            pass_keep(ps, w, d0, d1, a);
        return FC_OK;
    }
    for (size_t a = ps->a0; a < ps->a1; a++) {
        for (size_t d = d0; d < d1; d++) {
            double *P = w->buf + (d - d0) * acell;
            if ((st = project_draw(m, w, d, a, a + 1, P, err)) != FC_OK)
                return st;
            pass_group_sums(ps, d, a, P);
            if ((m->have_need || m->have_act) &&
                (st = pass_activity(ps, w, d, a, 0, P, err)) != FC_OK)
                return dr_in_draw(st, d, err);
        }
        pass_keep(ps, w, d0, d1, a);
    }
    return FC_OK;
}

/* Rows of every draw (draws 1..N, or 0..N when lead is 1) a rank summarises: row i of a pass's
 * cells, or of its (block, age group) sums, is rows + i * (N + lead). */
typedef struct rows_job {
    double *rows;      /* (reordered by the summary: fc_summary4) */
    size_t n, N, lead;
    double *out; /* [n][4] */
} rows_job;

/* Summaries of a block of 64 rows (ws: scratch of 2N doubles). */
static fc_status
rows_summary(void *arg, void *ws, size_t b, fc_err *err)
{
    const rows_job *j = arg;
    (void)err;
    for (size_t i = b * 64; i < j->n && i < (b + 1) * 64; i++)
        fc_summary4(j->rows + i * (j->N + j->lead) + j->lead, j->N, ws, j->out + i * 4);
    return FC_OK;
}

static void *
scratch_new(void *arg)
{
    const rows_job *j = arg;
    return malloc((2 * j->N + 1) * sizeof(double));
}

/* The draws of nrows rows split among the ranks by columns (in: [nrows][this rank's draws],
 * draw 0 first when lead is 1), brought together by rows where they are summarised: this
 * rank's rows, every draw ([own rows][N + lead]), in tbuf; with one rank, in itself. */
static double *
bring_rows(const mc *m, double *in, size_t nrows, size_t lead, double *tbuf, fc_status *st,
           fc_err *err)
{
    *st = fc_par_transpose(in, nrows, m->N + lead, lead, tbuf, err);
    return fc_par_size() > 1 ? tbuf : in;
}

/* The summaries (mean, p10, p50, p90) of this rank's rows t (as bring_rows left them, draw 0
 * left out when lead is 1; the draws are reordered) of nrows, into all ([nrows][4], rank
 * 0's). */
static fc_status
summarise_rows(const mc *m, double *t, size_t nrows, size_t lead, double *all, fc_err *err)
{
    const int many = fc_par_size() > 1; /* (else this rank's rows are every row) */
    double *own = all;
    size_t r0, r1;
    rows_job j;
    fc_status st = FC_OK;
    fc_par_block(nrows, 0, fc_par_rank(), &r0, &r1);
    if (many && (own = malloc(((r1 - r0) * 4 + 1) * sizeof *own)) == NULL)
        st = FC_FAIL(err, FC_ENOMEM, "out of memory for the draws' summaries");
    if (st == FC_OK) {
        j.rows = t;
        j.n = r1 - r0;
        j.N = m->N;
        j.lead = lead;
        j.out = own;
        st = dr_run_pool(m->nthread, (j.n + 63) / 64, &j, rows_summary, scratch_new, free, err);
    }
    st = fc_par_agree(st, err);
    if (st == FC_OK)
        st = fc_par_gather_to(own, nrows, 4, all, err);
    if (many)
        free(own);
    return st;
}

static void
w_cell_key(fc_writer *w, const mc *m, size_t cell)
{
    const fc_proj_inputs *j = &m->proj.in;
    const size_t ng = m->ng, acell = m->ny * m->bcell;
    size_t a = cell / acell, t = cell % acell / m->bcell, sex = cell % m->bcell / ng;
    char lab[16];
    fc_w_field(w, fc_intern_name(j->pop.areas, a));
    fc_w_comma(w);
    fc_w_int(w, j->pop.year + (int)t * j->step);
    fc_w_raw(w, sex ? ",M," : ",F,", 3);
    fc_w_str(w, fc_ages_label(&j->pop.ages, cell % ng, lab));
}

/* A pass's blocks' draws (this rank's) added to the sums over areas (by this thread, in area
 * order, as the passes follow each other). */
static void
pass_group_totals(mc *m, const pass *ps)
{
    const size_t ny = m->ny, npg = m->npg;
    for (size_t u = ps->u0; u < ps->u1; u++) {
        const size_t i = u - ps->u0, t = u % ny;
        for (size_t k = 0; k < npg; k++) {
            const double *x = ps->grp + (i * npg + k) * ps->gw;
            for (size_t d = m->dlo; d < m->dhi; d++)
                m->ptot[(d * ny + t) * npg + k] += x[d - m->dlo];
        }
    }
}

/* A pass's rows of population_summary.csv (rank 0: the principal is its draw). */
static void
pass_groups_out(mc *m, const pass *ps)
{
    const size_t ny = m->ny, npg = m->npg;
    const fc_proj_inputs *j = &m->proj.in;
    for (size_t u = ps->u0; u < ps->u1; u++) {
        const size_t i = u - ps->u0, t = u % ny;
        for (size_t k = 0; k < npg; k++) {
            fc_w_field(m->wpop, fc_intern_name(j->pop.areas, u / ny));
            fc_w_comma(m->wpop);
            fc_w_int(m->wpop, j->pop.year + (int)t * j->step);
            fc_w_comma(m->wpop);
            fc_w_str(m->wpop, dr_age_groups[m->pg[k]].name);
            dr_w_stats(m->wpop, ps->grp[(i * npg + k) * ps->gw], ps->gsum + (i * npg + k) * 4);
        }
    }
}

/* The rows of population_summary.csv for area `total`: the sums over areas of each draw. */
static fc_status
write_group_totals(mc *m, fc_err *err)
{
    const size_t N = m->N, ny = m->ny, npg = m->npg;
    const fc_proj_inputs *j = &m->proj.in;
    double *scratch = malloc(3 * N * sizeof *scratch), s[4];
    if (scratch == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t t = 0; t < ny; t++)
        for (size_t k = 0; k < npg; k++) {
            dr_summarise(m->ptot + t * npg + k, ny * npg, N, scratch, s);
            fc_w_str(m->wpop, "total,");
            fc_w_int(m->wpop, j->pop.year + (int)t * j->step);
            fc_w_comma(m->wpop);
            fc_w_str(m->wpop, dr_age_groups[m->pg[k]].name);
            dr_w_stats(m->wpop, m->ptot[t * npg + k], s);
        }
    free(scratch);
    return FC_OK;
}

/* The memory for the projection's draws, MiB: [run] summary_memory_mb when given; else 256
 * MiB, or more when one area's draws need more (so that an area is never projected twice,
 * however many the draws: the cost grows linearly with them), up to a quarter of the memory
 * available now. area_mb: one area's draws. The log states the choice. */
static size_t
budget_mb(const mc *m, size_t area_mb)
{
    unsigned long long avail_kb = 0;
    char line[256];
    FILE *fp;
    size_t mb, cap;
    if (m->sp->memory_mb > 0)
        return (size_t)m->sp->memory_mb;
    if ((fp = fopen("/proc/meminfo", "r")) != NULL) {
        while (fgets(line, sizeof line, fp))
            if (sscanf(line, "MemAvailable: %llu kB", &avail_kb) == 1)
                break;
        fclose(fp);
    }
    if (avail_kb == 0) {
        long pages = sysconf(_SC_AVPHYS_PAGES), size = sysconf(_SC_PAGESIZE);
        if (pages > 0 && size > 0)
            avail_kb = (unsigned long long)pages * (unsigned long long)size / 1024;
    }
    cap = (size_t)(avail_kb / 4 / 1024);
    mb = area_mb > 256 ? area_mb : 256;
    if (cap >= 256 && mb > cap)
        mb = cap; /* (an area larger than that is projected once for each pass holding it) */
    fc_log_verbose("draws: memory budget for the projection's draws %zu MiB (one area's draws "
                   "need %zu MiB; %llu MiB available)",
                   mb, area_mb, avail_kb / 1024);
    return mb;
}

/* Every draw of a pass's cells to projection_draws.csv, from this rank's rows t as
 * bring_rows left them (rank 0: the rows come together there first). */
static fc_status
pass_raw(mc *m, const pass *ps, const double *t, fc_err *err)
{
    const size_t N = m->N, bc = m->bcell, nc = (ps->u1 - ps->u0) * bc;
    const int many = fc_par_size() > 1;
    double *all = NULL;
    fc_status st = FC_OK;
    if (many && fc_par_rank() == 0 && (all = malloc((nc * N + 1) * sizeof *all)) == NULL)
        st = FC_FAIL(err, FC_ENOMEM, "out of memory for the raw draws of a pass");
    if ((st = fc_par_agree(st, err)) == FC_OK && many)
        st = fc_par_gather_to(t, nc, N, all, err);
    for (size_t i = 0; st == FC_OK && fc_par_rank() == 0 && i < nc; i++)
        for (size_t d = 1; d <= N; d++) {
            fc_w_int(m->wprojraw, (long)d);
            fc_w_comma(m->wprojraw);
            w_cell_key(m->wprojraw, m, ps->u0 * bc + i);
            fc_w_comma(m->wprojraw);
            fc_w_num(m->wprojraw, (many ? all : t)[i * N + d - 1]);
            fc_w_eol(m->wprojraw);
        }
    free(all);
    return st;
}

/* One pass: its draws projected (this rank's), their need and activity summed, the cells'
 * and age groups' summaries taken and written (rank 0). */
static fc_status
run_pass(mc *m, pass *ps, fc_err *err)
{
    const size_t N = m->N, bc = m->bcell, nc = (ps->u1 - ps->u0) * bc;
    const size_t ngr = (ps->u1 - ps->u0) * m->npg, chunks = (ps->gw + m->chunk - 1) / m->chunk;
    const int root = fc_par_rank() == 0;
    double *t;
    fc_status st = FC_OK;
    ps->prin = malloc((nc + 1) * sizeof *ps->prin);
    ps->sum = root ? malloc((nc * 4 + 1) * sizeof *ps->sum) : NULL;
    ps->grp = malloc((ngr * ps->gw + 1) * sizeof *ps->grp);
    ps->gsum = root ? malloc((ngr * 4 + 1) * sizeof *ps->gsum) : NULL;
    if (!ps->prin || !ps->grp || (root && (!ps->sum || !ps->gsum)))
        st = FC_FAIL(err, FC_ENOMEM, "out of memory for the projection's draws (%zu cells x "
                     "%zu draws): lower [run] summary_memory_mb", nc, N);
    else
        st = dr_run_pool(m->nthread, chunks, ps, pass_chunk, pass_ws_new, pass_ws_free, err);
    if ((st = fc_par_agree(st, err)) != FC_OK)
        return st;
    pass_group_totals(m, ps);
    if (m->npg) { /* (first: the cells' draws then take the shared buffer) */
        t = bring_rows(m, ps->grp, ngr, 1, ps->tbuf, &st, err);
        if (st != FC_OK || (st = summarise_rows(m, t, ngr, 1, ps->gsum, err)) != FC_OK)
            return st;
    }
    t = bring_rows(m, ps->store, nc, 0, ps->tbuf, &st, err);
    if (st == FC_OK && m->wprojraw) /* (before the summaries reorder the draws) */
        st = pass_raw(m, ps, t, err);
    if (st != FC_OK || (st = summarise_rows(m, t, nc, 0, ps->sum, err)) != FC_OK)
        return st;
    if (!root)
        return FC_OK;
    for (size_t i = 0; i < nc; i++) {
        w_cell_key(m->wproj, m, ps->u0 * bc + i);
        fc_w_comma(m->wproj);
        fc_w_num(m->wproj, ps->prin[i]);
        fc_w_nums(m->wproj, ps->sum + i * 4, 4);
        fc_w_eol(m->wproj);
    }
    pass_groups_out(m, ps);
    return FC_OK;
}

/* The draws' sums over areas that money and the tables read, from every rank to every rank
 * (each rank filled its own draws' rows). */
static fc_status
gather_sums(mc *m, fc_err *err)
{
    fc_status st = fc_par_allgather(m->ptot, 1, m->N, m->ny * m->npg * sizeof *m->ptot, err);
    for (int kind = 0; kind < 2 && st == FC_OK; kind++) {
        mc_act *ma = &m->part[kind];
        if (!dr_part_on(m, kind))
            continue;
        st = fc_par_allgather(ma->act, 1, m->N, ma->nk * ma->nt * sizeof *ma->act, err);
        if (st == FC_OK && ma->dem)
            st = fc_par_allgather(ma->dem, 1, m->N, ma->nk * ma->nt * sizeof *ma->dem, err);
        if (st == FC_OK && ma->nres)
            st = fc_par_allgather(ma->req, 1, m->N, ma->nres * ma->nt * sizeof *ma->req, err);
    }
    return st;
}

fc_status
dr_run_passes(mc *m, fc_err *err)
{
    const size_t N = m->N, bc = m->bcell, nunit = m->na * m->ny;
    const size_t bytes = bc * N * sizeof(double);
    size_t per = budget_mb(m, m->ny * bytes / 1048576u + 1) * 1048576u / (bytes ? bytes : 1);
    const size_t sd0 = dr_first(m), sw = m->dhi > sd0 ? m->dhi - sd0 : 0;
    fc_status st = FC_OK;

    double *store = NULL, *tbuf = NULL;

    if (per == 0)
        per = 1;
    if (m->proj.coupled) /* whole areas, so that each area's activity is summed once */
        per = per < m->ny ? m->ny : per - per % m->ny;
    else if (per >= m->ny) /* whole areas when one fits: an area cut by a pass's end is
                              projected again in the next pass */
        per -= per % m->ny;
    if (per > nunit)
        per = nunit;
    per = fc_par_min(per); /* (every rank's passes alike: they exchange draws per pass) */
    /* chunks of draws: enough for every thread to have several, at most CHUNK_MAX (each
     * cell's draws are copied CHUNK_MAX at a time, in whole cache lines) */
    m->chunk = (m->dhi - m->dlo) / (4 * (size_t)m->nthread);
    m->chunk = m->chunk < 1 ? 1 : m->chunk > CHUNK_MAX ? CHUNK_MAX : m->chunk;
    if (m->proj.coupled && m->chunk > 4)
        m->chunk = 4; /* (a chunk holds every area) */
    if (fc_par_size() > 1) {
        /* with several ranks: the buffer each pass's cells come together in, for the
         * summaries (this rank's rows of the largest pass, every draw), in huge pages and
         * reused, so that its pages are touched once rather than once a pass */
        size_t lo, hi, lo2, hi2, n1, n2;
        fc_par_block(per * bc, 0, fc_par_rank(), &lo, &hi);
        fc_par_block(per * m->npg, 0, fc_par_rank(), &lo2, &hi2);
        n1 = (hi - lo) * N;
        n2 = (hi2 - lo2) * (N + 1);
        if ((tbuf = fc_huge_alloc((n1 > n2 ? n1 : n2) * sizeof *tbuf)) == NULL)
            st = FC_FAIL(err, FC_ENOMEM, "out of memory for the projection's draws: lower "
                         "[run] summary_memory_mb");
    }
    /* one store for every pass, in huge pages where the kernel has them: the cells' rows of
     * draws are written a chunk at a time all over it (this rank's draws: with several ranks,
     * each holds its share) */
    if (st == FC_OK && (store = fc_huge_alloc(per * bc * sw * sizeof *store)) == NULL)
        st = FC_FAIL(err, FC_ENOMEM, "out of memory for the projection's draws (%zu cells x "
                     "%zu draws): lower [run] summary_memory_mb", per * bc, N);
    st = fc_par_agree(st, err);
    for (size_t u0 = 0; u0 < nunit && st == FC_OK; u0 += per) {
        pass ps;
        memset(&ps, 0, sizeof ps);
        ps.m = m;
        ps.u0 = u0;
        ps.u1 = u0 + per < nunit ? u0 + per : nunit;
        ps.a0 = u0 / m->ny; /* (with control totals every area is projected, and these
                               kept and summed) */
        ps.a1 = (ps.u1 - 1) / m->ny + 1;
        ps.store = store;
        ps.sw = sw;
        ps.sd0 = sd0;
        ps.gw = m->dhi - m->dlo;
        ps.tbuf = tbuf;
        st = run_pass(m, &ps, err);
        free(ps.prin);
        free(ps.sum);
        free(ps.grp);
        free(ps.gsum);
        m->passes++;
        fc_log_tick(m->ch->log, ps.u1, nunit);
    }
    free(store);
    free(tbuf);
    if (st == FC_OK)
        st = gather_sums(m, err);
    if (st == FC_OK && fc_par_rank() == 0)
        st = write_group_totals(m, err);
    return st;
}
