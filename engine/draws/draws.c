/* draws.c: the `draws` stage: Monte Carlo draws through projection, need, activity, money and the
 * PBMA portfolio, summarised per output cell (see draws.h; the design is in docs/DESIGN.md,
 * "Uncertainty").
 *
 * Order of work. The projection's summaries are the large output (area x year x sex x age),
 * so its draws are kept in passes: a pass holds every draw of a run of (area, year) blocks,
 * as many as the memory budget allows, exact quantiles are taken per cell (and per area and
 * age group, of each draw's sum over the group's cells) and the rows are written before the
 * next pass; each draw's age-group totals are added over areas for the `total` rows. Each
 * area is projected in the pass that holds it (with control totals, which couple the areas,
 * every pass projects every area: exact still, at the cost of recomputing). Need, activity,
 * capacity and the draw's demographic split are summed over areas per draw as the areas go
 * by; money and the PBMA portfolio then run per draw on those sums. Draws are shared among
 * threads in fixed chunks; every sum is taken in area or draw order by one thread, so the
 * bytes never depend on the thread count.
 */
#include "engine/draws/draws_run.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>

#include "engine/activity/activity.h"
#include "engine/finance/finance.h"
#include "engine/cli/log.h"
#include "engine/draws/draws_int.h"
#include "engine/pbma/pbma.h"
#include "engine/projection/projection.h"
#include "engine/chain/chain.h"
#include "models/finance.h"
#include "models/pbma.h"
#include "models/quantile.h"
#include "models/rng.h"

#define MAX_THREADS 256

static long mc_threads; /* --threads; 0 = every core (set before any run starts) */

void
fc_mc_set_threads(long n)
{
    mc_threads = n;
}

static unsigned
thread_count(void)
{
    long n = mc_threads;
    if (n <= 0) { /* the cores, shared among the ranks on this machine (fulcrum-mpi) */
        n = sysconf(_SC_NPROCESSORS_ONLN) / fc_par_local_size();
        if (n <= 0)
            n = 1;
    }
    return (unsigned)(n > MAX_THREADS ? MAX_THREADS : n);
}

/* ---------------------------------------------------------------- the stage's spec */



static void
find_specs(const fc_chain *ch, stage_specs *ss)
{
    memset(ss, 0, sizeof *ss);
    if (ch->specs == NULL)
        return;
    for (size_t i = 0; fc_stages[i]; i++) {
        void *sp = ch->specs[i];
        if (fc_stages[i] == &fc_stage_projection)
            ss->P = sp;
        else if (fc_stages[i] == &fc_stage_need)
            ss->N = sp;
        else if (fc_stages[i] == &fc_stage_activity)
            ss->A = sp;
        else if (fc_stages[i] == &fc_stage_finance)
            ss->F = sp;
        else if (fc_stages[i] == &fc_stage_pbma)
            ss->B = sp;
    }
}

static void
stage_spec_free(void *spec)
{
    mc_spec *sp = spec;
    if (sp) {
        free(sp->grid[0]);
        free(sp->grid[1]);
    }
    free(sp);
}

static fc_status
stage_configure(fc_chain *ch, void **out, fc_err *err)
{
    static const char *const yesno[] = {"no", "yes", NULL};
    fc_scenario *s = ch->scn;
    mc_spec *sp;
    long draws = 0, mem = 0; /* 0: sized from the machine (dr_run_passes) */
    int raw = 0, sens = 0;
    fc_status st;
    stage_specs ss;

    /* read only when given, so that runs without draws record no defaults for them */
    if ((fc_scn_get(s, "run", "draws") &&
         (st = fc_scn_long(s, "run", "draws", 0, 10000000, &draws, err)) != FC_OK) ||
        (fc_scn_get(s, "run", "raw_draws") &&
         (st = fc_scn_choice(s, "run", "raw_draws", yesno, &raw, err)) != FC_OK) ||
        (fc_scn_get(s, "run", "summary_memory_mb") &&
         (st = fc_scn_long(s, "run", "summary_memory_mb", 1, 1048576, &mem, err)) != FC_OK) ||
        (fc_scn_get(s, "run", "sensitivity") &&
         (st = fc_scn_choice(s, "run", "sensitivity", yesno, &sens, err)) != FC_OK))
        return st;
    if (draws == 0 && !sens)
        return FC_OK;
    find_specs(ch, &ss); /* (which numbers may vary: fc_chain_configure, once all are read) */
    for (int kind = 0; kind < 2; kind++) {
        const fc_act_spec *as = kind == FC_ACT_NEED ? ss.N : ss.A;
        const char *sec = kind == FC_ACT_NEED ? "need" : "activity";
        if (as && as->projection) /* (the draws have no other population to apply it to) */
            return fc_scn_fail(fc_scn_get(s, sec, "projection"), err, "Monte Carlo draws "
                               "project the population themselves: leave out [%s] projection "
                               "(the [projection] stage's projection is used)", sec);
    }
    if (!ss.P && !ss.A && !ss.F && !ss.B)
        return fc_scn_fail(fc_scn_get(s, "run", draws ? "draws" : "sensitivity"), err,
                           "%s need a [projection], [activity], [finance] or [pbma] section",
                           draws ? "draws" : "a sensitivity analysis and its reruns");
    if ((sp = calloc(1, sizeof *sp)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    sp->draws = draws;
    sp->raw = raw;
    sp->memory_mb = mem;
    sp->sensitivity = sens;
    sp->grid_size = 9;
    if (fc_scn_get(s, "run", "sensitivity_grid")) {
        const fc_scn_entry *e = fc_scn_get(s, "run", "sensitivity_grid");
        const char *comma = strchr(e->value, ',');
        if (!sens || comma == NULL || strchr(comma + 1, ',')) {
            free(sp);
            return fc_scn_fail(e, err, !sens ? "a two-way grid is part of the sensitivity "
                                              "analysis: add sensitivity = yes (--sensitivity)"
                                            : "sensitivity_grid names two uncertain numbers, "
                                              "section.key, separated by a comma");
        }
        for (int g = 0; g < 2; g++) {
            const char *a = g ? comma + 1 : e->value, *b = g ? a + strlen(a) : comma;
            while (a < b && (*a == ' ' || *a == '\t'))
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            if ((sp->grid[g] = strndup(a, (size_t)(b - a))) == NULL) {
                stage_spec_free(sp);
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            }
        }
        if ((st = fc_scn_long(s, "run", "sensitivity_grid_size", 3, 51, &sp->grid_size, err)) !=
            FC_OK) {
            stage_spec_free(sp);
            return st;
        }
    }
    *out = sp;
    return FC_OK;
}

/* ---------------------------------------------------------------- the run's state */



/* The need (FC_ACT_NEED) or activity stage is drawn. */
int
dr_part_on(const mc *m, int kind)
{
    return kind == FC_ACT_NEED ? m->have_need : m->have_act;
}

/* ---------------------------------------------------------------- each draw's specs */

/* A draw as fc_draw_num sees it: the run, the draw, and (when checking) the numbers claimed. */
struct fc_draw {
    const mc *m;
    size_t d;
    unsigned char *claimed; /* [nunc], or NULL */
};

void
fc_draw_num(const fc_draw *dr, const char *section, const char *key, double *dst)
{
    const mc *m = dr->m;
    char name[256];
    snprintf(name, sizeof name, "%s.%s", section, key);
    for (size_t k = 0; k < m->nunc; k++)
        if (strcasecmp(m->unc[k].name, name) == 0) {
            *dst = m->pv[dr->d * m->nunc + k];
            if (dr->claimed)
                dr->claimed[k] = 1;
            return;
        }
}

/* A copy of spec with draw dr's values (new: free with free()). */
static fc_status
spec_copy(const fc_stage *st, const void *spec, const fc_draw *dr, void **copy, fc_err *err)
{
    if ((*copy = malloc(st->spec_size)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    memcpy(*copy, spec, st->spec_size);
    st->spec_for_draw(*copy, dr);
    return FC_OK;
}

/* Stage st's spec for draw d, through the stage's own spec_for_draw (new: free with free()). */
fc_status
dr_draw_spec(const mc *m, const fc_stage *st, const void *spec, size_t d, void **copy, fc_err *err)
{
    const fc_draw dr = {m, d, NULL};
    return spec_copy(st, spec, &dr, copy, err);
}

/* Every uncertain number must be one that a stage's spec_for_draw asks for: draw 0 is made
 * through every hook, and a number none claimed is an error at its entry (the stage reads it
 * but cannot vary it). */
static fc_status
check_claims(const mc *m, fc_err *err)
{
    unsigned char *claimed = calloc(m->nunc + 1, 1);
    const fc_draw dr = {m, 0, claimed};
    fc_status st = claimed ? FC_OK : FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; fc_stages[i] && st == FC_OK; i++) {
        void *copy = NULL;
        if (fc_stages[i]->spec_for_draw && m->ch->specs[i] &&
            (st = spec_copy(fc_stages[i], m->ch->specs[i], &dr, &copy, err)) == FC_OK)
            free(copy);
    }
    for (size_t k = 0; k < m->nunc && st == FC_OK; k++)
        if (!claimed[k]) {
            const fc_scn_entry *e = &m->ch->scn->e[m->unc[k].entry];
            st = fc_scn_fail(e, err, "'%s' cannot vary across draws: the [%s] stage has no "
                             "Monte Carlo path for it (give one number)", e->key, e->section);
        }
    free(claimed);
    return st;
}

/* Each draw's variant: the job's variant it takes, with the values the scenario's [variant
 * NAME] sections give it in that draw, and its sex ratio at birth (the projection stage's
 * spec for the draw), once per draw. */
static fc_status
setup_draw_variants(mc *m, fc_err *err)
{
    fc_status st = FC_OK;
    if ((m->dvar = calloc(m->N + 1, sizeof *m->dvar)) == NULL ||
        (m->dsrb = calloc(m->N + 1, sizeof *m->dsrb)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t d = 0; d <= m->N && st == FC_OK; d++) {
        void *copy = NULL;
        const fc_projspec *Pd;
        fc_variant *v = &m->dvar[d];
        if ((st = dr_draw_spec(m, &fc_stage_projection, m->ss.P, d, &copy, err)) != FC_OK)
            break;
        Pd = copy;
        *v = m->proj.in.var[m->var[d]];
        m->dsrb[d] = Pd->srb;
        for (size_t k = 0; k < Pd->nvariant; k++) {
            const fc_variant *sv = &Pd->variant[k];
            if (strcmp(sv->name, v->name) != 0)
                continue;
            fc_variant_override(v, sv, 0);
        }
        free(copy);
    }
    return st;
}

/* Each draw's need or activity spec (its health-status fraction), once per draw. */
static fc_status
setup_draw_act(mc *m, mc_act *ma, const fc_stage *stage, fc_err *err)
{
    fc_status st = FC_OK;
    if ((ma->dspec = calloc(m->N + 1, sizeof *ma->dspec)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t d = 0; d <= m->N && st == FC_OK; d++) {
        void *copy = NULL;
        if ((st = dr_draw_spec(m, stage, ma->spec, d, &copy, err)) == FC_OK)
            ma->dspec[d] = *(const fc_act_spec *)copy;
        free(copy);
    }
    return st;
}

static void
mc_fini(mc *m)
{
    free(m->pv);
    free(m->var);
    free(m->prob);
    free(m->dvar);
    free(m->dsrb);
    if (m->have_proj)
        fc_mcp_fini(&m->proj);
    free(m->ptot);
    for (int kind = 0; kind < 2; kind++) {
        mc_act *ma = &m->part[kind];
        fc_act_model_fini(&ma->am);
        fc_act_rates_fini(&ma->rates);
        fc_act_result_fini(&ma->ares);
        free(ma->pct);
        free(ma->gf);
        free(ma->base);
        free(ma->act);
        free(ma->dem);
        free(ma->req);
        free(ma->dspec);
    }
    if (m->prog)
        for (size_t q = 0; q <= m->nprog; q++)
            free(m->prog[q]);
    free(m->prog);
    free(m->money);
    fc_pbmajob_model_free(m->pm);
    free(m->funded);
    free(m->set_nb);
    free(m->ocost);
    free(m->oben);
    free(m->othr);
}

/* ---------------------------------------------------------------- threads */


static void *
pool_worker(void *arg)
{
    pool *p = arg;
    void *ws = p->ws_new ? p->ws_new(p->ctx) : NULL;
    if (p->ws_new && ws == NULL) {
        pthread_mutex_lock(&p->mu);
        if (p->fail_item == SIZE_MAX) {
            p->fail_item = 0;
            fc_err_clear(&p->fail);
            FC_FAIL(&p->fail, FC_ENOMEM, "out of memory");
        }
        p->stop = 1;
        pthread_mutex_unlock(&p->mu);
    }
    for (;;) {
        size_t i;
        fc_err e;
        fc_status st;
        pthread_mutex_lock(&p->mu);
        i = p->stop ? p->n : p->next++;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->n)
            break;
        fc_err_clear(&e);
        if ((st = p->fn(p->ctx, ws, i, &e)) != FC_OK) {
            pthread_mutex_lock(&p->mu);
            if (p->fail_item == SIZE_MAX || i < p->fail_item) {
                p->fail_item = i;
                p->fail = e;
                p->fail.status = st;
            }
            p->stop = 1;
            pthread_mutex_unlock(&p->mu);
        }
    }
    if (p->ws_free)
        p->ws_free(ws);
    fc_pbma_thread_end();
    return NULL;
}

fc_status
dr_run_pool(unsigned nthread, size_t n, void *ctx,
         fc_status (*fn)(void *ctx, void *ws, size_t item, fc_err *err),
         void *(*ws_new)(void *ctx), void (*ws_free)(void *ws), fc_err *err)
{
    pool p;
    pthread_t th[MAX_THREADS];
    unsigned nt = 0;

    memset(&p, 0, sizeof p);
    p.ctx = ctx;
    p.n = n;
    p.fn = fn;
    p.ws_new = ws_new;
    p.ws_free = ws_free;
    p.fail_item = SIZE_MAX;
    pthread_mutex_init(&p.mu, NULL);
    if (nthread > n)
        nthread = n ? (unsigned)n : 1;
    for (nt = 0; nt < nthread; nt++)
        if (pthread_create(&th[nt], NULL, pool_worker, &p) != 0)
            break;
    if (nt == 0) { /* no thread could start: a thread of our own still frees GLPK's state */
        pthread_mutex_destroy(&p.mu);
        return FC_FAIL(err, FC_ENOMEM, "cannot start a thread for the draws");
    }
    for (unsigned i = 0; i < nt; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_destroy(&p.mu);
    if (p.fail_item != SIZE_MAX) {
        fc_status st = p.fail.status;
        p.fail.status = FC_OK; /* (so that it can be raised into err) */
        if (err && err->status == FC_OK) {
            *err = p.fail;
            err->status = st;
        }
        return st;
    }
    return FC_OK;
}

/* Names the draw in a message raised by a model ("draw 12: ..."). */
fc_status
dr_in_draw(fc_status st, size_t d, fc_err *err)
{
    if (st != FC_OK && d > 0) {
        char msg[FC_ERR_MSG_MAX], pre[32];
        int n = snprintf(pre, sizeof pre, "draw %zu: ", d);
        memcpy(msg, err->msg, sizeof msg);
        memcpy(err->msg, pre, (size_t)n);
        memcpy(err->msg + n, msg, sizeof err->msg - (size_t)n - 1);
        err->msg[sizeof err->msg - 1] = '\0';
    }
    return st;
}

/* Summary over draws 1..N of x[d * stride] into out[4] (mean, p10, p50, p90). */
void
dr_summarise(const double *x, size_t stride, size_t N, double *scratch, double out[4])
{
    for (size_t d = 1; d <= N; d++)
        scratch[d - 1] = x[d * stride];
    fc_summary4(scratch, N, scratch + N, out);
}

void
dr_w_stats(fc_writer *w, double principal, const double s[4])
{
    fc_w_comma(w);
    fc_w_num(w, principal);
    fc_w_nums(w, s, 4);
    fc_w_eol(w);
}

/* ---------------------------------------------------------------- the stage */

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The designed draws' parameters: draw i + 1 has pts[i], every other number central. */
static fc_status
design_parameters(mc *m, fc_err *err)
{
    const size_t N = m->N, nu = m->nunc;
    if ((m->pv = malloc((N + 1) * nu * sizeof *m->pv)) == NULL ||
        (m->var = calloc(N + 1, sizeof *m->var)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t d = 0; d <= N; d++)
        for (size_t k = 0; k < nu; k++)
            m->pv[d * nu + k] = m->unc[k].central;
    for (size_t i = 0; i < N; i++) {
        m->var[i + 1] = m->pts[i].var;
        m->pv[(i + 1) * nu + m->pts[i].k] = m->pts[i].x;
        if (m->pts[i].k2 != SIZE_MAX)
            m->pv[(i + 1) * nu + m->pts[i].k2] = m->pts[i].x2;
    }
    return FC_OK;
}

void
dr_outcomes_fini(dr_outcomes *o)
{
    for (size_t q = 0; o->prog && q < o->nprog; q++)
        free(o->prog[q]);
    for (size_t i = 0; o->opt && i < o->nopt; i++)
        free(o->opt[i]);
    for (size_t v = 0; o->varname && v < o->nvar; v++)
        free(o->varname[v]);
    free(o->varname);
    free(o->varprob);
    free(o->prog);
    free(o->opt);
    free(o->gap);
    free(o->funded);
    free(o->nb);
    free(o->p75);
    memset(o, 0, sizeof *o);
}

/* The designed draws' outcomes, taken from the run before it is freed. */
static fc_status
take_outcomes(const mc *m, dr_outcomes *o, fc_err *err)
{
    const size_t n = m->N + 1;
    size_t g75 = m->npg;
    memset(o, 0, sizeof *o);
    o->n = n;
    o->have_fin = m->have_fin;
    o->have_pbma = m->have_pbma;
    for (size_t g = 0; g < m->npg; g++)
        if (strcmp(dr_age_groups[m->pg[g]].name, "75+") == 0)
            g75 = g;
    o->have_p75 = m->have_proj && g75 < m->npg;
    if (o->have_fin) {
        o->nprog = m->nprog;
        if ((o->prog = calloc(m->nprog + 1, sizeof *o->prog)) == NULL ||
            (o->gap = malloc(n * (m->nprog + 1) * sizeof *o->gap)) == NULL)
            goto nomem;
        for (size_t q = 0; q < m->nprog; q++)
            if ((o->prog[q] = strdup(m->prog[q])) == NULL)
                goto nomem;
        for (size_t d = 0; d < n; d++)
            for (size_t q = 0; q <= m->nprog; q++)
                o->gap[d * (m->nprog + 1) + q] =
                    m->money[((d * (m->nprog + 1) + q) * m->nyf + m->nyf - 1) * 3 + 2];
    }
    if (o->have_pbma) {
        o->nopt = m->nopt;
        if ((o->opt = calloc(m->nopt + 1, sizeof *o->opt)) == NULL ||
            (o->funded = malloc(n * m->nopt + 1)) == NULL ||
            (o->nb = malloc(n * sizeof *o->nb)) == NULL)
            goto nomem;
        for (size_t i = 0; i < m->nopt; i++)
            if ((o->opt[i] = strdup(fc_pbmajob_model_option(m->pm, i))) == NULL)
                goto nomem;
        memcpy(o->funded, m->funded, n * m->nopt);
        memcpy(o->nb, m->set_nb, n * sizeof *o->nb);
    }
    if (m->have_proj) {
        const fc_proj_inputs *j = &m->proj.in;
        o->nvar = j->nvar;
        if ((o->varname = calloc(j->nvar + 1, sizeof *o->varname)) == NULL ||
            (o->varprob = calloc(j->nvar + 1, sizeof *o->varprob)) == NULL)
            goto nomem;
        for (size_t v = 0; v < j->nvar; v++) {
            if ((o->varname[v] = strdup(j->var[v].name)) == NULL)
                goto nomem;
            o->varprob[v] = j->var[v].probability;
        }
    }
    if (o->have_p75) {
        if ((o->p75 = malloc(n * sizeof *o->p75)) == NULL)
            goto nomem;
        for (size_t d = 0; d < n; d++)
            o->p75[d] = m->ptot[(d * m->ny + m->ny - 1) * m->npg + g75];
    }
    return FC_OK;
nomem:
    dr_outcomes_fini(o);
    return FC_FAIL(err, FC_ENOMEM, "out of memory");
}

/* The Monte Carlo draws (pts NULL: draws 1..[run] draws, random, summarised and written) or
 * the designed draws pts[0..n) (their outcomes into *out), through the same repeat of the
 * stages. */
static fc_status
mc_run(fc_chain *ch, const mc_spec *sp, const dr_point *pts, size_t n, dr_outcomes *out,
       fc_err *err)
{
    const int sens = pts != NULL;
    fc_warnings warn = {0};
    fc_status st;
    double t[4] = {0};
    mc m;

    memset(&m, 0, sizeof m);
    m.ch = ch;
    m.sp = sp;
    m.sens = sens;
    m.pts = pts;
    find_specs(ch, &m.ss);
    m.N = sens ? n : (size_t)sp->draws;
    fc_par_block(m.N, 1, fc_par_rank(), &m.dlo, &m.dhi); /* this rank's draws */
    m.seed = ch->seed;
    m.nthread = thread_count();
    m.unc = ch->scn->unc;
    m.nunc = ch->scn->nunc;
    if ((st = sens ? design_parameters(&m, err) : dr_setup_parameters(&m, err)) != FC_OK ||
        (st = check_claims(&m, err)) != FC_OK)
        goto done;
    if (m.ss.P) {
        m.have_proj = 1;
        if ((st = fc_mcp_load(&m.proj, m.ss.P, &warn, err)) != FC_OK ||
            (!sens && (st = dr_setup_variants(&m, err)) != FC_OK) ||
            (st = setup_draw_variants(&m, err)) != FC_OK)
            goto done;
        m.na = m.proj.na;
        m.ny = m.proj.ny;
        m.ng = m.proj.ng;
        m.bcell = 2 * m.ng;
        if ((st = dr_setup_age_groups(&m, err)) != FC_OK)
            goto done;
    }
    if (m.ss.N) {
        if ((st = dr_setup_act(&m, FC_ACT_NEED, m.ss.N, &warn, err)) != FC_OK ||
            (st = setup_draw_act(&m, &m.part[FC_ACT_NEED], &fc_stage_need, err)) != FC_OK)
            goto done;
        m.have_need = 1;
    }
    if (m.ss.A) {
        if ((st = dr_setup_act(&m, FC_ACT_ACTIVITY, m.ss.A, &warn, err)) != FC_OK ||
            (st = setup_draw_act(&m, &m.part[FC_ACT_ACTIVITY], &fc_stage_activity, err)) != FC_OK)
            goto done;
        m.have_act = 1;
    }
    if (m.ss.F) {
        if (m.ss.F->activity == NULL && !m.have_act) {
            st = fc_scn_fail_file(ch->scn, err, "Monte Carlo draws of [finance] need its "
                                  "activity: an [activity] section, or activity = FILE");
            goto done;
        }
        m.have_fin = 1;
    }
    if (m.ss.B) {
        if ((st = fc_pbmajob_model_load(m.ss.B, &m.pm, &warn, err)) != FC_OK)
            goto done;
        fc_pbmajob_model_get(m.pm, &m.pp, &m.pu);
        m.nopt = m.pp.n;
        m.have_pbma = 1;
        for (size_t k = 0; k < m.nunc; k++)
            m.budget_uncertain |= strcasecmp(m.unc[k].name, "pbma.budget") == 0;
    }

    t[0] = now();
    if (m.have_proj && sens) { /* the projection's summaries over designed draws mean nothing:
                                  they go to scratch memory */
        m.wproj = fc_mem_writer_alloc();
        m.wpop = fc_mem_writer_alloc();
        if (m.wproj == NULL || m.wpop == NULL) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
            goto done;
        }
        if ((st = dr_run_passes(&m, err)) != FC_OK)
            goto done;
    } else if (m.have_proj) {
        if ((st = fc_out_file(ch->o, "projection_summary.csv", &m.wproj, err)) != FC_OK)
            goto done;
        fc_w_str(m.wproj, "area,year,sex,age,principal,mean,p10,p50,p90\n");
        if (sp->raw) {
            if ((st = fc_out_file(ch->o, "projection_draws.csv", &m.wprojraw, err)) != FC_OK)
                goto done;
            fc_w_str(m.wprojraw, "draw,area,year,sex,age,population\n");
        }
        if ((st = fc_out_file(ch->o, "population_summary.csv", &m.wpop, err)) != FC_OK)
            goto done;
        fc_w_str(m.wpop, "area,year,age_group,principal,mean,p10,p50,p90\n");
        if ((st = dr_run_passes(&m, err)) != FC_OK)
            goto done;
    }
    t[1] = now();
    if (m.have_fin && (st = dr_run_money(&m, err)) != FC_OK)
        goto done;
    t[2] = now();
    if (m.have_pbma && (st = dr_run_pbma(&m, err)) != FC_OK)
        goto done;
    t[3] = now();
    if (sens)
        st = take_outcomes(&m, out, err);
    else if (fc_par_rank() > 0)
        ; /* every rank has every draw's results now; rank 0 writes the tables */
    else if ((st = dr_write_small(&m, err)) == FC_OK && sp->raw)
        st = dr_write_raw(&m, err);
    if (st == FC_OK && !sens && m.have_pbma && fc_par_rank() == 0)
        st = dr_pbma_evppi(&m, err);
    fc_log_verbose("%s: %zu draws on %u threads (%d ranks): projection, need and activity %.2f s (%zu "
                   "passes), money %.2f s, PBMA %.2f s, tables %.2f s",
                   sens ? "designed draws" : "draws", m.N, m.nthread, fc_par_size(), t[1] - t[0], m.passes,
                   t[2] - t[1], t[3] - t[2], now() - t[3]);
done:
    if (sens) {
        fc_mem_writer_free(m.wproj);
        fc_mem_writer_free(m.wpop);
    }
    mc_fini(&m);
    fc_warnings_fini(&warn);
    return st;
}

fc_status
dr_evaluate(fc_chain *ch, const mc_spec *sp, const dr_point *pts, size_t n, dr_outcomes *out,
            fc_err *err)
{
    return mc_run(ch, sp, pts, n, out, err);
}

static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    const mc_spec *sp = spec;
    fc_status st = FC_OK;
    if (sp->draws > 0)
        st = mc_run(ch, sp, NULL, 0, NULL, err);
    if (st == FC_OK && sp->sensitivity)
        st = dr_sensitivity(ch, sp, err);
    return st;
}

static fc_status
stage_check(fc_chain *ch, void *spec, fc_err *err)
{
    (void)ch;
    (void)spec;
    (void)err;
    return FC_OK; /* the draws read the same inputs as the stages they repeat */
}

static const char *const stage_sections[] = {NULL}; /* [run] draws, raw_draws, ... */

const fc_stage fc_stage_draws = {
    .name = "draws", .sections = stage_sections, .configure = stage_configure,
    .run = stage_run, .check = stage_check, .spec_free = stage_spec_free};

