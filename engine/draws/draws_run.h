/* draws_run.h: the state of one run of the draws stage, shared by its files (engine/draws/):
 * draws.c (the spec, the state, each draw's specs, the thread pool, the stage), setup.c
 * (parameters, variants, growth, age groups), passes.c (the projection's passes with need
 * and activity), money.c (money and the PBMA portfolio per draw), tables.c (the small
 * summary tables). Not a public header.
 */
#ifndef FC_ENGINE_DRAWS_DRAWS_RUN_H
#define FC_ENGINE_DRAWS_DRAWS_RUN_H

#include "engine/draws/draws.h"

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
#include "engine/io/huge.h"
#include "engine/par/par.h"
#include "models/finance.h"
#include "models/pbma.h"
#include "models/quantile.h"
#include "models/rng.h"

#define CHUNK_MAX 64       /* draws a thread takes at a time, at most */
/* The age groups of population_summary.csv: persons aged [lo, hi) (hi < 0: and over). */
#define DR_NAGE_GROUPS 6
typedef struct dr_age_group {
    const char *name;
    int lo, hi;
} dr_age_group;
extern const dr_age_group dr_age_groups[DR_NAGE_GROUPS];

/* A designed draw: uncertain parameter k (index into the scenario's) at value x, and k2 at x2
 * when k2 is not SIZE_MAX (a two-way grid), every other number at its median, the principal
 * variant, the tables' ranges at their point values. */
typedef struct dr_point {
    size_t k;
    double x;
    size_t k2;
    double x2;
    size_t var; /* the population variant (0: the principal) */
} dr_point;

typedef struct mc_spec {
    long draws;
    int raw;
    long memory_mb;
    int sensitivity; /* [run] sensitivity = yes: one-way sensitivity (sensitivity.c) */
    char *grid[2];   /* [run] sensitivity_grid = a, b: the two-way grid's parameters, or NULL */
    long grid_size;  /* [run] sensitivity_grid_size: values a side (default 9) */
} mc_spec;
/* What a uncertain parameter's address belongs to. */
typedef struct stage_specs {
    fc_projspec *P;
    fc_act_spec *N; /* [need] (kind FC_ACT_NEED) */
    fc_act_spec *A; /* [activity] */
    fc_finjob_spec *F;
    fc_pbmajob_spec *B;
} stage_specs;
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
    size_t dlo, dhi;   /* this rank's draws [dlo, dhi) (engine/par/par.h: rank 0's start at
                          the principal; with one rank, every draw) */
    int sens;          /* designed draws (dr_evaluate): draw i + 1 is pts[i] */
    const dr_point *pts;
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
    size_t pg[6];         /* their index in dr_age_groups[] */
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
    fc_pbmajob_model *pm;
    fc_pbma_problem pp;
    fc_pbma_uncertain pu;
    size_t nopt;
    int budget_uncertain;
    size_t gap_at;         /* budget_from = finance: the index of its gap in a draw's money */
    unsigned char *funded; /* [N+1][nopt]; 2 = the draw had no feasible set */
    double *set_nb;        /* [N+1] the best set's net benefit, threshold x benefit - cost
                              (the first year's), at the options' point values; NaN when none */
    double *ocost, *oben;  /* [N+1][nopt] each draw's option costs (first year) and benefits */
    double *othr;          /* [N+1] each draw's threshold */
    /* outputs */
    fc_writer *wproj, *wprojraw, *wpop;
} mc;
/* The EVPPI of each uncertain number for the PBMA decision, from the draws themselves
 * (evppi.c): pbma_evppi.csv. */
fc_status dr_pbma_evppi(mc *m, fc_err *err);

/* ------------------------------------------------------------- designed draws */


/* What a designed draw gives (index 0: the central run, i + 1: point i). */
typedef struct dr_outcomes {
    size_t n;            /* points + 1 */
    int have_fin, have_pbma, have_p75;
    size_t nprog;        /* programmes; gap row nprog is all of them */
    char **prog;         /* [nprog] names (owned) */
    double *gap;         /* [n][nprog + 1] cash gap in the last finance year, GBP */
    size_t nopt;
    char **opt;          /* [nopt] option names (owned) */
    unsigned char *funded; /* [n][nopt]: 1 funded, 0 not, 2 no set met the budget */
    double *nb;          /* [n] the best set's net benefit (NaN: none) */
    double *p75;         /* [n] people aged 75+ in the projection's last year */
    size_t nvar;         /* the projection's variants (0: the principal) */
    char **varname;      /* [nvar] (owned) */
    double *varprob;     /* [nvar] their probabilities (NaN: none given) */
} dr_outcomes;

void dr_outcomes_fini(dr_outcomes *o);

/* Runs the n designed draws pts through the stages as the Monte Carlo draws are run, on every
 * core, and fills *out (new; free with dr_outcomes_fini). */
fc_status dr_evaluate(fc_chain *ch, const mc_spec *sp, const dr_point *pts, size_t n,
                      dr_outcomes *out, fc_err *err);

/* The one-way sensitivity and the switching values (sensitivity.c): sensitivity.csv and
 * switching_values.csv. */
fc_status dr_sensitivity(fc_chain *ch, const mc_spec *sp, fc_err *err);

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
typedef struct pass {
    mc *m;
    size_t u0, u1;     /* (area, year) blocks [u0, u1) */
    size_t a0, a1;     /* areas they cover */
    double *store;     /* [(u1 - u0) * bcell][sw]: this rank's draws of each cell, from
                          draw sd0 (with one rank, draws 1..N) */
    size_t sw, sd0;
    double *prin;      /* [(u1 - u0) * bcell]: draw 0 (rank 0) */
    double *sum;       /* [(u1 - u0) * bcell][4]: mean, p10, p50, p90 (rank 0's, gathered
                          from the ranks that summarise each block of cells) */
    double *grp;       /* [u1 - u0][npg][gw]: persons of each age group, this rank's draws
                          (each written by the thread that projected the draw) */
    size_t gw;         /* this rank's draws, dhi - dlo (with one rank, N + 1) */
    double *gsum;      /* [u1 - u0][npg][4]: their mean, p10, p50, p90 (as sum) */
    double *tbuf;      /* with several ranks: this rank's rows of cells, every draw, as
                          fc_par_transpose brings them together (NULL with one) */
} pass;
typedef struct pass_ws {
    fc_mcp_ws *pw;
    fc_act_ws *aw[2];  /* by fc_act_kind, as mc's parts */
    double *buf;       /* [chunk][areas projected][ny][2][ng] */
    double *acts, *dems, *reqs, *ex;
} pass_ws;
typedef struct fin_ws {
    fc_finjob_spec Fd;
    fc_warnings warn; /* the principal has reported the inputs' warnings already */
    fc_fin_gap_row *g;
} fin_ws;
typedef struct pb_ws {
    fc_pbma_ws *w;
    gsl_rng *r;
    double *cd, *bd, *budget;
    unsigned char *x;
    fc_pbmajob_spec Bd;
} pb_ws;

/* This rank's first draw after the principal (draw 0 is rank 0's, and is never a Monte
 * Carlo draw): its draws 1..N are [dr_first(m), m->dhi). */
static inline size_t
dr_first(const mc *m)
{
    return m->dlo > 1 ? m->dlo : 1;
}

/* The need (FC_ACT_NEED) or activity stage is drawn. */
int dr_part_on(const mc *m, int kind);

/* Stage st's spec for draw d, through the stage's own spec_for_draw (new: free with free()). */
fc_status dr_draw_spec(const mc *m, const fc_stage *st, const void *spec, size_t d, void **copy, fc_err *err);

fc_status dr_run_pool(unsigned nthread, size_t n, void *ctx,
         fc_status (*fn)(void *ctx, void *ws, size_t item, fc_err *err),
         void *(*ws_new)(void *ctx), void (*ws_free)(void *ws), fc_err *err);

/* Names the draw in a message raised by a model ("draw 12: ..."). */
fc_status dr_in_draw(fc_status st, size_t d, fc_err *err);

/* Summary over draws 1..N of x[d * stride] into out[4] (mean, p10, p50, p90). */
void dr_summarise(const double *x, size_t stride, size_t N, double *scratch, double out[4]);

void dr_w_stats(fc_writer *w, double principal, const double s[4]);

fc_status dr_setup_parameters(mc *m, fc_err *err);

/* Variant probabilities: when any variant has one, a draw takes variant v with probability
 * p_v (the principal's, when not given, is what the others leave); otherwise every draw
 * takes the principal. */
fc_status dr_setup_variants(mc *m, fc_err *err);

/* The age groups the population's grid can form: both ends must be first ages of the grid's
 * groups (with an open group 80+ there is no 85+; five-year groups form them all), else the
 * group is left out for every area and year rather than written as part of a band. */
fc_status dr_setup_age_groups(mc *m, fc_err *err);

/* The need (kind FC_ACT_NEED) or activity stage of spec as the draws repeat it: its inputs
 * read onto the chain's projection, as the stage read them, each draw's growth and the
 * sums. */
fc_status dr_setup_act(mc *m, fc_act_kind kind, const fc_act_spec *spec, fc_warnings *warn, fc_err *err);

fc_status dr_run_passes(mc *m, fc_err *err);

fc_status dr_run_money(mc *m, fc_err *err);

fc_status dr_run_pbma(mc *m, fc_err *err);

fc_status dr_write_small(mc *m, fc_err *err);

/* Every draw of the small tables (--raw-draws). */
fc_status dr_write_raw(mc *m, fc_err *err);

#endif /* FC_ENGINE_DRAWS_DRAWS_RUN_H */
