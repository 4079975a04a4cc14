/* mc.c: the `draws` stage: Monte Carlo draws through projection, need, activity, money and the
 * PBMA portfolio, summarised per output cell (see mc.h; the design is in docs/DESIGN.md,
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
#define _DEFAULT_SOURCE /* madvise(MADV_HUGEPAGE) */
#include "engine/draws/draws.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
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

#define CHUNK_MAX 64       /* draws a thread takes at a time, at most */
#define MAX_THREADS 256
#define HUGE_PAGE (2u << 20)

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
    if (n <= 0) {
        n = sysconf(_SC_NPROCESSORS_ONLN);
        if (n <= 0)
            n = 1;
    }
    return (unsigned)(n > MAX_THREADS ? MAX_THREADS : n);
}

/* ---------------------------------------------------------------- the stage's spec */

typedef struct mc_spec {
    long draws;
    int raw;
    long memory_mb;
} mc_spec;

/* What a uncertain parameter's address belongs to. */
typedef struct stage_specs {
    fc_projspec *P;
    fc_act_spec *N; /* [need] (kind FC_ACT_NEED) */
    fc_act_spec *A; /* [activity] */
    fc_fin_spec *F;
    fc_pbma_spec *B;
} stage_specs;

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

static fc_status
stage_configure(fc_chain *ch, void **out, fc_err *err)
{
    static const char *const yesno[] = {"no", "yes", NULL};
    fc_scenario *s = ch->scn;
    mc_spec *sp;
    long draws = 0, mem = 256;
    int raw = 0;
    fc_status st;
    stage_specs ss;

    /* read only when given, so that runs without draws record no defaults for them */
    if ((fc_scn_get(s, "run", "draws") &&
         (st = fc_scn_long(s, "run", "draws", 0, 10000000, &draws, err)) != FC_OK) ||
        (fc_scn_get(s, "run", "raw_draws") &&
         (st = fc_scn_choice(s, "run", "raw_draws", yesno, &raw, err)) != FC_OK) ||
        (fc_scn_get(s, "run", "summary_memory_mb") &&
         (st = fc_scn_long(s, "run", "summary_memory_mb", 1, 1048576, &mem, err)) != FC_OK))
        return st;
    if (draws == 0)
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
        return fc_scn_fail(fc_scn_get(s, "run", "draws"), err, "draws need a [projection], "
                           "[activity], [finance] or [pbma] section");
    if ((sp = calloc(1, sizeof *sp)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    sp->draws = draws;
    sp->raw = raw;
    sp->memory_mb = mem;
    *out = sp;
    return FC_OK;
}

/* ---------------------------------------------------------------- the run's state */

/* The need or the activity stage in the draws (the same model, fc_act_year): what
 * fc_act_prepare loaded, each draw's growth, and each draw's sums over areas. */
typedef struct mc_act {
    const fc_act_spec *spec; /* the stage's (borrowed) */
    fc_act_model am;
    fc_act_rates rates;
    fc_act_result ares;
    size_t nk, nt, nres;  /* measures or services, years from the base year, resources */
    double *pct;          /* [N+1][nk] growth % a year */
    double *gf;           /* [N+1][nk][nt] growth factors */
    double *base;         /* [na][nk] base-year activity (the base population is every
                             draw's), or NULL when the base year is later */
    double *act;          /* [N+1][nk][nt] activity, or people in need */
    double *dem;          /* [N+1][nk][nt] baseline + demographic (activity only, for money) */
    double *req;          /* [N+1][nres][nt] capacity required */
    fc_act_spec *dspec;   /* [N+1] the stage's spec of each draw */
} mc_act;

typedef struct mc {
    fc_chain *ch;
    const mc_spec *sp;
    stage_specs ss;
    size_t N;          /* draws 1..N (and 0, the principal) */
    fc_variant *dvar;  /* [N+1] each draw's variant (the projection stage's spec) */
    double *dsrb;      /* [N+1] each draw's sex ratio at birth */
    uint64_t seed;
    unsigned nthread;
    /* parameters: values[d][k] for draws 0..N */
    size_t nunc;
    const fc_scn_unc *unc;
    double *pv;
    size_t *var;       /* [N+1] the variant (index into the job's) each draw takes */
    int mixture;       /* variants have probabilities */
    double *prob;      /* [nvar] */
    /* projection */
    int have_proj;
    fc_mcp proj;
    size_t na, ny, ng, bcell; /* areas, years, groups, cells per (area, year) = 2 ng */
    size_t passes;
    /* population_summary.csv: persons of each age group the grid can form */
    size_t npg;           /* groups written */
    size_t pg[6];         /* their index in age_groups[] */
    size_t pg0[6], pg1[6]; /* the grid's groups [pg0, pg1) each sums */
    double *ptot;         /* [N+1][ny][npg] sums over areas (in area order) */
    size_t chunk;      /* draws a thread takes at a time (work sharing only: the results do
                          not depend on it) */
    /* need and activity: per draw, sums over areas */
    int have_need, have_act;
    fc_projection *aproj; /* the chain's projection (borrowed): areas, ages, years */
    mc_act part[2];       /* by fc_act_kind: [FC_ACT_NEED], [FC_ACT_ACTIVITY] */
    /* money */
    int have_fin;
    size_t nprog, nyf;
    int fin_base;
    char **prog;          /* [nprog + 1] names, the last "total" */
    double *money;        /* [N+1][nprog+1][nyf][3]: cost, envelope, gap (GBP, cash) */
    /* PBMA */
    int have_pbma;
    fc_pbma_model *pm;
    fc_pbma_problem pp;
    fc_pbma_uncertain pu;
    size_t nopt;
    int budget_uncertain;
    size_t gap_at;         /* budget_from = finance: the index of its gap in a draw's money */
    unsigned char *funded; /* [N+1][nopt]; 2 = the draw had no feasible set */
    /* outputs */
    fc_writer *wproj, *wprojraw, *wpop;
} mc;

/* The need (FC_ACT_NEED) or activity stage is drawn. */
static int
part_on(const mc *m, int kind)
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

/* Stage st's spec for draw d, through the stage's own spec_for_draw (new: free with free()). */
static fc_status
draw_spec(const mc *m, const fc_stage *st, const void *spec, size_t d, void **copy, fc_err *err)
{
    const fc_draw dr = {m, d, NULL};
    return st->spec_for_draw(spec, &dr, copy, err);
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
            (st = fc_stages[i]->spec_for_draw(m->ch->specs[i], &dr, &copy, err)) == FC_OK)
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
        if ((st = draw_spec(m, &fc_stage_projection, m->ss.P, d, &copy, err)) != FC_OK)
            break;
        Pd = copy;
        *v = m->proj.j.var[m->var[d]];
        m->dsrb[d] = Pd->srb;
        for (size_t k = 0; k < Pd->nvariant; k++) {
            const fc_variant *sv = &Pd->variant[k];
            if (strcmp(sv->name, v->name) != 0)
                continue;
            if (sv->given & FC_VAR_FERT)
                v->fertility_scale = sv->fertility_scale;
            if (sv->given & FC_VAR_MORT)
                v->mortality_scale = sv->mortality_scale;
            if (sv->given & FC_VAR_MIG)
                v->migration_scale = sv->migration_scale;
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
        if ((st = draw_spec(m, stage, ma->spec, d, &copy, err)) == FC_OK)
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
    fc_pbma_model_free(m->pm);
    free(m->funded);
}

/* ---------------------------------------------------------------- threads */

/* Runs fn(ctx, ws, item) for items 0..n-1 on nthread threads, each with its own workspace
 * (ws_new/ws_free). Items are taken in order; after a failure no new item starts, and the
 * error returned is that of the lowest failing item, so it does not depend on timing. */
typedef struct pool {
    void *ctx;
    size_t n, next;
    fc_status (*fn)(void *ctx, void *ws, size_t item, fc_err *err);
    void *(*ws_new)(void *ctx);
    void (*ws_free)(void *ws);
    pthread_mutex_t mu;
    int stop;
    size_t fail_item;
    fc_err fail;
} pool;

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

static fc_status
run_pool(unsigned nthread, size_t n, void *ctx,
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
static fc_status
in_draw(fc_status st, size_t d, fc_err *err)
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
static void
summarise(const double *x, size_t stride, size_t N, double *scratch, double out[4])
{
    for (size_t d = 1; d <= N; d++)
        scratch[d - 1] = x[d * stride];
    fc_summary4(scratch, N, scratch + N, out);
}

static void
w_stats(fc_writer *w, double principal, const double s[4])
{
    fc_w_comma(w);
    fc_w_num(w, principal);
    fc_w_nums(w, s, 4);
    fc_w_eol(w);
}

/* ---------------------------------------------------------------- setting up */

static fc_status
setup_parameters(mc *m, fc_err *err)
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
static fc_status
setup_variants(mc *m, fc_err *err)
{
    const fc_proj_job *j = &m->proj.j;
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
    if (ma->am.pct_lo == NULL)
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

/* The age groups of population_summary.csv: persons aged [lo, hi) (hi < 0: and over). */
static const struct {
    const char *name;
    int lo, hi;
} age_groups[] = {
    {"all", 0, -1}, {"0-14", 0, 15}, {"15-64", 15, 65}, {"65+", 65, -1}, {"75+", 75, -1},
    {"85+", 85, -1},
};

/* The age groups the population's grid can form: both ends must be first ages of the grid's
 * groups (with an open group 80+ there is no 85+; five-year groups form them all), else the
 * group is left out for every area and year rather than written as part of a band. */
static fc_status
setup_age_groups(mc *m, fc_err *err)
{
    const fc_ages *ages = &m->proj.j.pop.ages;
    for (size_t i = 0; i < sizeof age_groups / sizeof age_groups[0]; i++) {
        size_t g0 = ages->n, g1 = age_groups[i].hi < 0 ? ages->n : ages->n + 1;
        for (size_t g = 0; g < ages->n; g++) {
            if (ages->lo[g] == age_groups[i].lo)
                g0 = g;
            if (ages->lo[g] == age_groups[i].hi)
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
            const double *P = m->proj.j.pop.pop + a * 2 * ng;
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
static fc_status
setup_act(mc *m, fc_act_kind kind, const fc_act_spec *spec, fc_warnings *warn, fc_err *err)
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

/* ---------------------------------------------------------------- projection and activity */

typedef struct pass {
    mc *m;
    size_t u0, u1;     /* (area, year) blocks [u0, u1) */
    size_t a0, a1;     /* areas they cover */
    double *store;     /* [(u1 - u0) * bcell][N]: draws 1..N of each cell */
    double *prin;      /* [(u1 - u0) * bcell]: draw 0 */
    double *sum;       /* [(u1 - u0) * bcell][4]: mean, p10, p50, p90 */
    double *grp;       /* [u1 - u0][npg][N + 1]: persons of each age group, draws 0..N
                          (each written by the thread that projected the draw) */
    double *gsum;      /* [u1 - u0][npg][4]: their mean, p10, p50, p90 */
} pass;

typedef struct pass_ws {
    fc_mcp_ws *pw;
    fc_act_ws *aw[2];  /* by fc_act_kind, as mc's parts */
    double *buf;       /* [chunk][areas projected][ny][2][ng] */
    double *acts, *dems, *reqs, *ex;
} pass_ws;

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
    {
        /* in huge pages where the kernel has them: pass_keep reads a chunk's draws across
         * it, one row a draw */
        size_t bytes = m->chunk * nproj * m->ny * m->bcell * sizeof *w->buf;
        bytes = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        if (posix_memalign((void **)&w->buf, HUGE_PAGE, bytes) != 0)
            w->buf = NULL;
#ifdef MADV_HUGEPAGE
        else
            madvise(w->buf, bytes, MADV_HUGEPAGE);
#endif
    }
    if (!w->pw || !w->buf) {
        pass_ws_free(w);
        return NULL;
    }
    if (!m->have_need && !m->have_act)
        return w;
    for (int kind = 0; kind < 2; kind++) {
        const mc_act *ma = &m->part[kind];
        if (!part_on(m, kind))
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
        if (!part_on(m, kind))
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
    const size_t N = m->N, bc = m->bcell, acell = m->ny * bc, c0 = ps->u0 * bc;
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
                ps->store[(cell - c0) * N + d - 1] = src[cell - off];
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
    const size_t N = m->N, ny = m->ny, ng = m->ng, bc = m->bcell, npg = m->npg;
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
                ps->grp[(i * npg + k) * (N + 1) + d] = x[j];
            }
        }
    }
}

static fc_status
project_draw(const mc *m, pass_ws *w, size_t d, size_t a0, size_t a1, double *P, fc_err *err)
{
    return in_draw(fc_mcp_project(&m->proj, w->pw, &m->dvar[d], m->dsrb[d], a0, a1, P, err), d,
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
    const size_t N = m->N, acell = m->ny * m->bcell;
    const size_t d0 = c * m->chunk, d1 = d0 + m->chunk < N + 1 ? d0 + m->chunk : N + 1;
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
                    return in_draw(st, d, err);
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
                return in_draw(st, d, err);
        }
        pass_keep(ps, w, d0, d1, a);
    }
    return FC_OK;
}

/* Summaries of a block of 64 cells of a pass (ws: scratch of 4N doubles). */
static fc_status
pass_summary(void *arg, void *ws, size_t b, fc_err *err)
{
    pass *ps = arg;
    const size_t N = ps->m->N, nc = (ps->u1 - ps->u0) * ps->m->bcell;
    (void)err;
    for (size_t i = b * 64; i < nc && i < (b + 1) * 64; i++)
        fc_summary4(ps->store + i * N, N, ws, ps->sum + i * 4);
    return FC_OK;
}

/* The summaries of the age groups' persons in (area, year) block u0 + i of a pass, from the
 * sums pass_group_sums left (ws: scratch of 4N doubles). */
static fc_status
pass_groups(void *arg, void *ws, size_t i, fc_err *err)
{
    pass *ps = arg;
    const mc *m = ps->m;
    const size_t N = m->N, npg = m->npg;
    double *scratch = ws;
    (void)err;
    for (size_t k = 0; k < npg; k++) {
        memcpy(scratch, ps->grp + (i * npg + k) * (N + 1) + 1, N * sizeof *scratch);
        fc_summary4(scratch, N, scratch + N, ps->gsum + (i * npg + k) * 4);
    }
    return FC_OK;
}

static void *
scratch_new(void *arg)
{
    const pass *ps = arg;
    return malloc(4 * ps->m->N * sizeof(double));
}

static void
w_cell_key(fc_writer *w, const mc *m, size_t cell)
{
    const fc_proj_job *j = &m->proj.j;
    const size_t ng = m->ng, acell = m->ny * m->bcell;
    size_t a = cell / acell, t = cell % acell / m->bcell, sex = cell % m->bcell / ng;
    char lab[16];
    fc_w_field(w, fc_intern_name(j->pop.areas, a));
    fc_w_comma(w);
    fc_w_int(w, j->pop.year + (int)t * j->step);
    fc_w_raw(w, sex ? ",M," : ",F,", 3);
    fc_w_str(w, fc_ages_label(&j->pop.ages, cell % ng, lab));
}

/* A pass's rows of population_summary.csv, and its blocks' draws added to the sums over
 * areas (by this thread, in area order, as the passes follow each other). */
static void
pass_groups_out(mc *m, const pass *ps)
{
    const size_t N = m->N, ny = m->ny, npg = m->npg;
    const fc_proj_job *j = &m->proj.j;
    for (size_t u = ps->u0; u < ps->u1; u++) {
        const size_t i = u - ps->u0, t = u % ny;
        for (size_t k = 0; k < npg; k++) {
            const double *x = ps->grp + (i * npg + k) * (N + 1);
            fc_w_field(m->wpop, fc_intern_name(j->pop.areas, u / ny));
            fc_w_comma(m->wpop);
            fc_w_int(m->wpop, j->pop.year + (int)t * j->step);
            fc_w_comma(m->wpop);
            fc_w_str(m->wpop, age_groups[m->pg[k]].name);
            w_stats(m->wpop, x[0], ps->gsum + (i * npg + k) * 4);
            for (size_t d = 0; d <= N; d++)
                m->ptot[(d * ny + t) * npg + k] += x[d];
        }
    }
}

/* The rows of population_summary.csv for area `total`: the sums over areas of each draw. */
static fc_status
write_group_totals(mc *m, fc_err *err)
{
    const size_t N = m->N, ny = m->ny, npg = m->npg;
    const fc_proj_job *j = &m->proj.j;
    double *scratch = malloc(3 * N * sizeof *scratch), s[4];
    if (scratch == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t t = 0; t < ny; t++)
        for (size_t k = 0; k < npg; k++) {
            summarise(m->ptot + t * npg + k, ny * npg, N, scratch, s);
            fc_w_str(m->wpop, "total,");
            fc_w_int(m->wpop, j->pop.year + (int)t * j->step);
            fc_w_comma(m->wpop);
            fc_w_str(m->wpop, age_groups[m->pg[k]].name);
            w_stats(m->wpop, m->ptot[t * npg + k], s);
        }
    free(scratch);
    return FC_OK;
}

static fc_status
run_passes(mc *m, fc_err *err)
{
    const size_t N = m->N, bc = m->bcell, nunit = m->na * m->ny;
    const size_t bytes = bc * N * sizeof(double);
    size_t per = (size_t)m->sp->memory_mb * 1048576u / (bytes ? bytes : 1);
    fc_status st = FC_OK;

    double *store = NULL;
    size_t cap;

    if (per == 0)
        per = 1;
    if (m->proj.coupled) /* whole areas, so that each area's activity is summed once */
        per = per < m->ny ? m->ny : per - per % m->ny;
    else if (per >= m->ny) /* whole areas when one fits: an area cut by a pass's end is
                              projected again in the next pass */
        per -= per % m->ny;
    if (per > nunit)
        per = nunit;
    /* chunks of draws: enough for every thread to have several, at most CHUNK_MAX (each
     * cell's draws are copied CHUNK_MAX at a time, in whole cache lines) */
    m->chunk = (N + 1) / (4 * (size_t)m->nthread);
    m->chunk = m->chunk < 1 ? 1 : m->chunk > CHUNK_MAX ? CHUNK_MAX : m->chunk;
    if (m->proj.coupled && m->chunk > 4)
        m->chunk = 4; /* (a chunk holds every area) */
    /* one store for every pass, in huge pages where the kernel has them: the cells' rows of
     * draws are written a chunk at a time all over it */
    cap = per * bc * N * sizeof *store;
    cap = (cap + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    if (posix_memalign((void **)&store, HUGE_PAGE, cap) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory for the projection's draws (%zu cells x "
                       "%zu draws): lower [run] summary_memory_mb", per * bc, N);
#ifdef MADV_HUGEPAGE
    madvise(store, cap, MADV_HUGEPAGE);
#endif
    for (size_t u0 = 0; u0 < nunit && st == FC_OK; u0 += per) {
        pass ps;
        size_t u1 = u0 + per < nunit ? u0 + per : nunit, nc = (u1 - u0) * bc;
        memset(&ps, 0, sizeof ps);
        ps.m = m;
        ps.u0 = u0;
        ps.u1 = u1;
        ps.a0 = u0 / m->ny; /* (with control totals every area is projected, and these
                               kept and summed) */
        ps.a1 = (u1 - 1) / m->ny + 1;
        ps.store = store;
        ps.prin = malloc(nc * sizeof *ps.prin);
        ps.sum = malloc(nc * 4 * sizeof *ps.sum);
        ps.grp = malloc(((u1 - u0) * m->npg * (N + 1) + 1) * sizeof *ps.grp);
        ps.gsum = malloc(((u1 - u0) * m->npg * 4 + 1) * sizeof *ps.gsum);
        if (!ps.prin || !ps.sum || !ps.grp || !ps.gsum) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory for the projection's draws (%zu "
                         "cells x %zu draws): lower [run] summary_memory_mb", nc, N);
        } else {
            st = run_pool(m->nthread, (N + m->chunk) / m->chunk, &ps, pass_chunk, pass_ws_new,
                          pass_ws_free, err);
        }
        if (st == FC_OK && m->wprojraw) {
            for (size_t i = 0; i < nc; i++)
                for (size_t d = 1; d <= N; d++) {
                    w_cell_key(m->wprojraw, m, u0 * bc + i);
                    fc_w_comma(m->wprojraw);
                    fc_w_int(m->wprojraw, (long)d);
                    fc_w_comma(m->wprojraw);
                    fc_w_num(m->wprojraw, ps.store[i * N + d - 1]);
                    fc_w_eol(m->wprojraw);
                }
        }
        if (st == FC_OK && m->npg)
            st = run_pool(m->nthread, u1 - u0, &ps, pass_groups, scratch_new, free, err);
        if (st == FC_OK)
            st = run_pool(m->nthread, (nc + 63) / 64, &ps, pass_summary, scratch_new, free, err);
        if (st == FC_OK)
            for (size_t i = 0; i < nc; i++) {
                w_cell_key(m->wproj, m, u0 * bc + i);
                fc_w_comma(m->wproj);
                fc_w_num(m->wproj, ps.prin[i]);
                fc_w_nums(m->wproj, ps.sum + i * 4, 4);
                fc_w_eol(m->wproj);
            }
        if (st == FC_OK)
            pass_groups_out(m, &ps);
        free(ps.prin);
        free(ps.sum);
        free(ps.grp);
        free(ps.gsum);
        m->passes++;
        fc_log_tick(m->ch->log, u1, nunit);
    }
    free(store);
    if (st == FC_OK)
        st = write_group_totals(m, err);
    return st;
}

/* ---------------------------------------------------------------- money */

typedef struct fin_ws {
    fc_fin_spec Fd;
    fc_warnings warn; /* the principal has reported the inputs' warnings already */
    fc_fin_gap_row *g;
} fin_ws;

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
fin_tables(const mc *m, size_t d, fc_fin_activity *a, fc_fin_activity *dv, fc_err *err)
{
    const mc_act *A = &m->part[FC_ACT_ACTIVITY];
    const size_t nk = A->nk, nt = A->nt;
    fc_status st;
    if ((st = fc_fin_activity_init(a, NULL, err)) != FC_OK ||
        (st = fc_fin_activity_init(dv, NULL, err)) != FC_OK)
        return st;
    for (size_t k = 0; k < nk; k++) {
        const char *name = fc_intern_name(A->rates.keys, k);
        for (size_t t = 0; t < nt; t++) {
            int year = A->am.base_year + (int)t * A->am.step;
            if ((st = fc_fin_activity_add(a, NULL, NULL, year, name,
                                          A->act[(d * nk + k) * nt + t], 0, err)) != FC_OK ||
                (st = fc_fin_activity_add(dv, NULL, NULL, year, name,
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
    const fc_fin_spec *F = m->ss.F;
    fc_fin_activity a, dv;
    fc_fin_job *job = NULL;
    const fc_fin_result *r;
    int chain = m->have_act && F->activity == NULL;
    fc_status st;

    memset(&a, 0, sizeof a);
    memset(&dv, 0, sizeof dv);
    {
        void *copy = NULL;
        if ((st = draw_spec(m, &fc_stage_finance, F, d, &copy, err)) != FC_OK)
            return st;
        w->Fd = *(const fc_fin_spec *)copy;
        free(copy);
    }
    if (chain)
        st = fin_tables(m, d, &a, &dv, err);
    else
        st = FC_OK;
    if (st == FC_OK)
        st = fc_fin_job_load(&w->Fd, chain ? &a : NULL, chain && !F->drivers ? &dv : NULL, &job,
                             &w->warn, err);
    if (st == FC_OK)
        st = fc_fin_job_compute(job, err);
    if (st == FC_OK && (r = fc_fin_job_result(job, 0)) != NULL) {
        if (probe) {
            m->nprog = fc_fin_job_nprog(job);
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
                if ((m->prog[q] = strdup(q < m->nprog ? fc_fin_job_prog(job, q) : "total")) ==
                    NULL) {
                    st = FC_FAIL(err, FC_ENOMEM, "out of memory");
                    goto done;
                }
        }
        if (fc_fin_job_nprog(job) != m->nprog || r->n_year != m->nyf) {
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
    fc_fin_job_free(job);
    fc_fin_activity_fini(&a);
    fc_fin_activity_fini(&dv);
    return in_draw(st, d, err);
}

static fc_status
fin_item(void *arg, void *ws, size_t i, fc_err *err)
{
    return fin_one(arg, ws, i + 1, 0, err);
}

static fc_status
run_money(mc *m, fc_err *err)
{
    fin_ws *w = fin_ws_new(m);
    fc_status st;
    if (w == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    st = fin_one(m, w, 0, 1, err);
    fin_ws_free(w);
    if (st == FC_OK && m->N > 0)
        st = run_pool(m->nthread, m->N, m, fin_item, fin_ws_new, fin_ws_free, err);
    return st;
}

/* ---------------------------------------------------------------- the PBMA portfolio */

typedef struct pb_ws {
    fc_pbma_ws *w;
    gsl_rng *r;
    double *cd, *bd, *budget;
    unsigned char *x;
    fc_pbma_spec Bd;
} pb_ws;

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
pb_item(void *arg, void *ws, size_t d, fc_err *err)
{
    mc *m = arg;
    pb_ws *w = ws;
    const size_t n = m->nopt, ny = m->pp.nyear;
    fc_pbma_solution so = {w->x, 0, 0, 0};
    unsigned char *f = m->funded + d * n;
    fc_status st;

    fc_pbma_draw(&m->pu, m->seed, d, w->r, w->cd, w->bd);
    {
        void *copy = NULL;
        if ((st = draw_spec(m, &fc_stage_pbma, m->ss.B, d, &copy, err)) != FC_OK)
            return in_draw(st, d, err);
        w->Bd = *(const fc_pbma_spec *)copy;
        free(copy);
    }
    for (size_t y = 0; y < ny; y++) {
        if (w->Bd.budget_from_finance) /* the draw's own headroom */
            w->budget[y] = -m->money[d * (m->nprog + 1) * m->nyf * 3 + m->gap_at] *
                           w->Bd.budget_share;
        else
            w->budget[y] = m->budget_uncertain ? w->Bd.budget : m->pp.budget[y];
    }
    if ((st = fc_pbma_ws_set(w->w, w->budget, w->Bd.threshold, err)) != FC_OK)
        return in_draw(st, d, err);
    st = fc_pbma_solve(w->w, w->cd, w->bd, &so, err);
    if (st == FC_EDATA && d > 0) { /* no set meets this draw's budget: counted, not fatal */
        memset(f, 2, n);
        fc_err_clear(err);
        return FC_OK;
    }
    if (st != FC_OK)
        return in_draw(st, d, err);
    memcpy(f, w->x, n);
    return FC_OK;
}

static fc_status
run_pbma(mc *m, fc_err *err)
{
    const fc_pbma_spec *B = m->ss.B;
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
    if ((m->funded = calloc((m->N + 1) * m->nopt, 1)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    return run_pool(m->nthread, m->N + 1, m, pb_item, pb_ws_new, pb_ws_free, err);
}

/* ---------------------------------------------------------------- the small tables */

static fc_status
write_small(mc *m, fc_err *err)
{
    const size_t N = m->N;
    fc_out *o = m->ch->o;
    fc_writer *w;
    double *scratch = malloc(5 * N * sizeof *scratch), s[4];
    fc_status st = FC_OK;

    if (scratch == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    /* parameters */
    if (m->nunc) {
        if ((st = fc_out_file(o, "parameters_summary.csv", &w, err)) != FC_OK)
            goto done;
        fc_w_str(w, "parameter,distribution,central,mean,p10,p50,p90\n");
        for (size_t k = 0; k < m->nunc; k++) {
            summarise(m->pv + k, m->nunc, N, scratch, s);
            fc_w_field(w, m->unc[k].name);
            fc_w_comma(w);
            fc_w_str(w, fc_dist_name(m->unc[k].dist.kind));
            w_stats(w, m->pv[k], s);
        }
    }
    if (m->mixture) {
        const fc_proj_job *j = &m->proj.j;
        if ((st = fc_out_file(o, "variants_summary.csv", &w, err)) != FC_OK)
            goto done;
        fc_w_str(w, "variant,probability,share\n");
        for (size_t v = 0; v < j->nvar; v++) {
            size_t c = 0;
            for (size_t d = 1; d <= N; d++)
                c += m->var[d] == v;
            fc_w_field(w, j->var[v].name);
            fc_w_comma(w);
            fc_w_num(w, m->prob[v]);
            fc_w_comma(w);
            fc_w_num(w, (double)c / (double)N);
            fc_w_eol(w);
        }
    }
    /* need, activity and capacity, summed over areas */
    for (int kind = 0; kind < 2; kind++) {
        const mc_act *A = &m->part[kind];
        const size_t nk = A->nk, nt = A->nt;
        if (!part_on(m, kind))
            continue;
        if ((st = fc_out_file(o, kind == FC_ACT_NEED ? "need_summary.csv"
                                                      : "activity_summary.csv", &w, err)))
            goto done;
        fc_w_str(w, kind == FC_ACT_NEED ? "measure" : "service");
        fc_w_str(w, ",year,principal,mean,p10,p50,p90\n");
        for (size_t k = 0; k < nk; k++)
            for (size_t t = 0; t < nt; t++) {
                summarise(A->act + k * nt + t, nk * nt, N, scratch, s);
                fc_w_field(w, fc_intern_name(A->rates.keys, k));
                fc_w_comma(w);
                fc_w_int(w, A->am.base_year + (int)t * A->am.step);
                w_stats(w, A->act[k * nt + t], s);
            }
        if (A->nres) {
            if ((st = fc_out_file(o, "capacity_summary.csv", &w, err)) != FC_OK)
                goto done;
            fc_w_str(w, "resource,service,year,current,principal,mean,p10,p50,p90\n");
            for (size_t i = 0; i < A->nres; i++) {
                const fc_act_cap *c = &A->ares.cap[i * m->na];
                double cur = 0.0;
                for (size_t a = 0; a < m->na; a++)
                    cur += A->ares.cap[i * m->na + a].current;
                for (size_t t = 0; t < nt; t++) {
                    summarise(A->req + i * nt + t, A->nres * nt, N, scratch, s);
                    fc_w_field(w, A->ares.res_name[i]);
                    fc_w_comma(w);
                    fc_w_field(w, fc_intern_name(A->rates.keys, c->service));
                    fc_w_comma(w);
                    fc_w_int(w, A->am.base_year + (int)t * A->am.step);
                    fc_w_comma(w);
                    fc_w_num(w, cur);
                    w_stats(w, A->req[i * nt + t], s);
                }
            }
        }
    }
    /* money */
    if (m->have_fin) {
        static const char *const measure[3] = {"cost", "envelope", "gap"};
        const size_t stride = (m->nprog + 1) * m->nyf * 3;
        if ((st = fc_out_file(o, "gap_summary.csv", &w, err)) != FC_OK)
            goto done;
        fc_w_str(w, "programme,year,measure,principal,mean,p10,p50,p90\n");
        for (size_t q = 0; q <= m->nprog; q++)
            for (size_t y = 0; y < m->nyf; y++)
                for (int k = 0; k < 3; k++) {
                    size_t off = (q * m->nyf + y) * 3 + (size_t)k;
                    summarise(m->money + off, stride, N, scratch, s);
                    fc_w_field(w, m->prog[q]);
                    fc_w_comma(w);
                    fc_w_int(w, m->fin_base + (int)y);
                    fc_w_comma(w);
                    fc_w_str(w, measure[k]);
                    w_stats(w, m->money[off], s);
                }
    }
    /* the PBMA portfolio */
    if (m->have_pbma) {
        if ((st = fc_out_file(o, "pbma_summary.csv", &w, err)) != FC_OK)
            goto done;
        fc_w_str(w, "option,funded,p_funded\n");
        for (size_t i = 0; i < m->nopt; i++) {
            size_t c = 0;
            for (size_t d = 1; d <= N; d++)
                c += m->funded[d * m->nopt + i] == 1;
            fc_w_field(w, fc_pbma_model_option(m->pm, i));
            fc_w_comma(w);
            fc_w_int(w, m->funded[i] == 1);
            fc_w_comma(w);
            fc_w_num(w, (double)c / (double)N);
            fc_w_eol(w);
        }
    }
    /* the run */
    if ((st = fc_out_file(o, "uncertainty.csv", &w, err)) != FC_OK)
        goto done;
    fc_w_str(w, "measure,value\n");
    {
        const mc_act *need = &m->part[FC_ACT_NEED], *act = &m->part[FC_ACT_ACTIVITY];
        size_t infeasible = 0;
        for (size_t d = 1; m->have_pbma && d <= N; d++)
            infeasible += m->nopt && m->funded[d * m->nopt] == 2;
        const struct {
            const char *name;
            double v;
        } row[] = {
            {"draws", (double)N},
            {"seed", (double)m->seed},
            {"uncertain_parameters", (double)m->nunc},
            {"variant_mixture", (double)m->mixture},
            {"growth_intervals", (double)(m->have_act && act->am.pct_lo != NULL)},
            {"projection_passes", (double)m->passes},
            {"summary_memory_mb", (double)m->sp->memory_mb},
            {"pbma_infeasible_draws", (double)infeasible},
            {"need_growth_intervals", (double)(m->have_need && need->am.pct_lo != NULL)},
        };
        for (size_t k = 0; k < sizeof row / sizeof row[0]; k++) {
            fc_w_str(w, row[k].name);
            fc_w_comma(w);
            fc_w_num(w, row[k].v);
            fc_w_eol(w);
        }
    }
done:
    free(scratch);
    return st;
}

/* Every draw of the small tables (--raw-draws). */
static fc_status
write_raw(mc *m, fc_err *err)
{
    const size_t N = m->N;
    fc_out *o = m->ch->o;
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "parameters_draws.csv", &w, err)) != FC_OK)
        return st;
    fc_w_str(w, "draw");
    if (m->mixture)
        fc_w_str(w, ",variant");
    for (size_t k = 0; k < m->nunc; k++) {
        fc_w_comma(w);
        fc_w_field(w, m->unc[k].name);
    }
    fc_w_eol(w);
    for (size_t d = 1; d <= N; d++) {
        fc_w_int(w, (long)d);
        if (m->mixture) {
            fc_w_comma(w);
            fc_w_field(w, m->proj.j.var[m->var[d]].name);
        }
        fc_w_nums(w, m->pv + d * m->nunc, m->nunc);
        fc_w_eol(w);
    }
    for (int kind = 0; kind < 2; kind++) {
        const mc_act *A = &m->part[kind];
        const size_t nk = A->nk, nt = A->nt;
        if (!part_on(m, kind))
            continue;
        if ((st = fc_out_file(o, kind == FC_ACT_NEED ? "need_draws.csv" : "activity_draws.csv",
                              &w, err)) != FC_OK)
            return st;
        fc_w_str(w, kind == FC_ACT_NEED ? "draw,measure,year,need\n"
                                        : "draw,service,year,activity\n");
        for (size_t d = 1; d <= N; d++)
            for (size_t k = 0; k < nk; k++)
                for (size_t t = 0; t < nt; t++) {
                    fc_w_int(w, (long)d);
                    fc_w_comma(w);
                    fc_w_field(w, fc_intern_name(A->rates.keys, k));
                    fc_w_comma(w);
                    fc_w_int(w, A->am.base_year + (int)t * A->am.step);
                    fc_w_comma(w);
                    fc_w_num(w, A->act[(d * nk + k) * nt + t]);
                    fc_w_eol(w);
                }
        if (A->nres) {
            if ((st = fc_out_file(o, "capacity_draws.csv", &w, err)) != FC_OK)
                return st;
            fc_w_str(w, "draw,resource,year,required\n");
            for (size_t d = 1; d <= N; d++)
                for (size_t i = 0; i < A->nres; i++)
                    for (size_t t = 0; t < nt; t++) {
                        fc_w_int(w, (long)d);
                        fc_w_comma(w);
                        fc_w_field(w, A->ares.res_name[i]);
                        fc_w_comma(w);
                        fc_w_int(w, A->am.base_year + (int)t * A->am.step);
                        fc_w_comma(w);
                        fc_w_num(w, A->req[(d * A->nres + i) * nt + t]);
                        fc_w_eol(w);
                    }
        }
    }
    if (m->have_fin) {
        if ((st = fc_out_file(o, "gap_draws.csv", &w, err)) != FC_OK)
            return st;
        fc_w_str(w, "draw,programme,year,cost,envelope,gap\n");
        for (size_t d = 1; d <= N; d++)
            for (size_t q = 0; q <= m->nprog; q++)
                for (size_t y = 0; y < m->nyf; y++) {
                    fc_w_int(w, (long)d);
                    fc_w_comma(w);
                    fc_w_field(w, m->prog[q]);
                    fc_w_comma(w);
                    fc_w_int(w, m->fin_base + (int)y);
                    fc_w_nums(w, m->money + ((d * (m->nprog + 1) + q) * m->nyf + y) * 3, 3);
                    fc_w_eol(w);
                }
    }
    if (m->have_pbma) {
        if ((st = fc_out_file(o, "pbma_draws.csv", &w, err)) != FC_OK)
            return st;
        fc_w_str(w, "draw,option,funded\n");
        for (size_t d = 1; d <= N; d++)
            for (size_t i = 0; i < m->nopt; i++) {
                unsigned char f = m->funded[d * m->nopt + i];
                fc_w_int(w, (long)d);
                fc_w_comma(w);
                fc_w_field(w, fc_pbma_model_option(m->pm, i));
                fc_w_comma(w);
                fc_w_str(w, f == 2 ? "NA" : f ? "1" : "0");
                fc_w_eol(w);
            }
    }
    return FC_OK;
}

/* ---------------------------------------------------------------- the stage */

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    const mc_spec *sp = spec;
    fc_warnings warn = {0};
    fc_status st;
    double t[4] = {0};
    mc m;

    memset(&m, 0, sizeof m);
    m.ch = ch;
    m.sp = sp;
    find_specs(ch, &m.ss);
    m.N = (size_t)sp->draws;
    m.seed = ch->seed;
    m.nthread = thread_count();
    m.unc = ch->scn->unc;
    m.nunc = ch->scn->nunc;
    if ((st = setup_parameters(&m, err)) != FC_OK || (st = check_claims(&m, err)) != FC_OK)
        goto done;
    if (m.ss.P) {
        m.have_proj = 1;
        if ((st = fc_mcp_load(&m.proj, m.ss.P, &warn, err)) != FC_OK ||
            (st = setup_variants(&m, err)) != FC_OK || (st = setup_draw_variants(&m, err)) != FC_OK)
            goto done;
        m.na = m.proj.na;
        m.ny = m.proj.ny;
        m.ng = m.proj.ng;
        m.bcell = 2 * m.ng;
        if ((st = setup_age_groups(&m, err)) != FC_OK)
            goto done;
    }
    if (m.ss.N) {
        if ((st = setup_act(&m, FC_ACT_NEED, m.ss.N, &warn, err)) != FC_OK ||
            (st = setup_draw_act(&m, &m.part[FC_ACT_NEED], &fc_stage_need, err)) != FC_OK)
            goto done;
        m.have_need = 1;
    }
    if (m.ss.A) {
        if ((st = setup_act(&m, FC_ACT_ACTIVITY, m.ss.A, &warn, err)) != FC_OK ||
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
        if ((st = fc_pbma_model_load(m.ss.B, &m.pm, &warn, err)) != FC_OK)
            goto done;
        fc_pbma_model_get(m.pm, &m.pp, &m.pu);
        m.nopt = m.pp.n;
        m.have_pbma = 1;
        for (size_t k = 0; k < m.nunc; k++)
            m.budget_uncertain |= strcasecmp(m.unc[k].name, "pbma.budget") == 0;
    }

    t[0] = now();
    if (m.have_proj) {
        if ((st = fc_out_file(ch->o, "projection_summary.csv", &m.wproj, err)) != FC_OK)
            goto done;
        fc_w_str(m.wproj, "area,year,sex,age,principal,mean,p10,p50,p90\n");
        if (sp->raw) {
            if ((st = fc_out_file(ch->o, "projection_draws.csv", &m.wprojraw, err)) != FC_OK)
                goto done;
            fc_w_str(m.wprojraw, "area,year,sex,age,draw,population\n");
        }
        if ((st = fc_out_file(ch->o, "population_summary.csv", &m.wpop, err)) != FC_OK)
            goto done;
        fc_w_str(m.wpop, "area,year,age_group,principal,mean,p10,p50,p90\n");
        if ((st = run_passes(&m, err)) != FC_OK)
            goto done;
    }
    t[1] = now();
    if (m.have_fin && (st = run_money(&m, err)) != FC_OK)
        goto done;
    t[2] = now();
    if (m.have_pbma && (st = run_pbma(&m, err)) != FC_OK)
        goto done;
    t[3] = now();
    if ((st = write_small(&m, err)) == FC_OK && sp->raw)
        st = write_raw(&m, err);
    fc_log_verbose("draws: %zu draws on %u threads: projection, need and activity %.2f s (%zu "
                   "passes), money %.2f s, PBMA %.2f s, small tables %.2f s", m.N, m.nthread,
                   t[1] - t[0], m.passes, t[2] - t[1], t[3] - t[2], now() - t[3]);
done:
    mc_fini(&m);
    fc_warnings_fini(&warn);
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

const fc_stage fc_stage_draws = {"draws", stage_sections, stage_configure, stage_run, free,
                                 stage_check, NULL};
