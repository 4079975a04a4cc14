/* pbma_int.h: what the PBMA stage's files share (engine/pbma/): the job, its tables and
 * helpers. pbma.c: helpers, `fulcrum pbma`, the stage and the draws' model; compare.c:
 * `fulcrum icers` and `fulcrum psa`; tables.c: the criteria, options and budgets tables;
 * job.c: the job; write.c: its tables.
 */
#ifndef FC_ENGINE_PBMA_PBMA_INT_H
#define FC_ENGINE_PBMA_PBMA_INT_H

#include "engine/pbma/pbma.h"

#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/chain/chain.h"
#include "engine/finance/finance.h"
#include "engine/io/csvin.h"
#include "engine/io/out.h"
#include "models/pbma.h"
#include "models/rng.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gsl/gsl_rng.h>

/* A growable list of names with linear lookup (option and strategy counts are small). */
typedef struct names {
    char **s;
    size_t *line;
    size_t n, cap;
} names;
/* strategy,cost,effect: one row per strategy. */
typedef struct strat_tab {
    names name;
    double *cost, *effect;
    size_t cap_c, cap_e;
} strat_tab;
/* sim,strategy,cost,effect (long form) -> [sim][strategy] matrices; strategies in order of
 * first appearance, sims numbered 1..N, every (sim, strategy) exactly once. */
typedef struct samples {
    names strat;
    size_t nrow, cap;
    long *sim;
    size_t *sj;
    double *cost, *effect;
    size_t cap_c, cap_e;
    long maxsim;
} samples;
typedef struct crit_tab {
    names name;
    fc_pbma_criterion *c;
    unsigned char *has_min, *has_max;
    size_t cap;
    const char *path;
    size_t pos_weight, pos_min;
} crit_tab;
enum { C_CRITERION, C_WEIGHT, C_DIRECTION, C_MIN, C_MAX, C_NCOL };
enum {
    O_OPTION, O_PROGRAMME, O_COST, O_EFFECT, O_COST_LO, O_COST_HI, O_EFFECT_LO, O_EFFECT_HI,
    O_REQUIRES, O_GROUP, O_YEAR, O_NFIXED
};
/* One CSV row: an option's cost in one year. */
typedef struct cost_row {
    size_t opt;
    long year;
    double cost, lo, hi;
    size_t line;
} cost_row;
typedef struct opt_tab {
    const char *path;
    fc_csv_col *cols;
    size_t ncol, ncrit;
    int have_year, use_criteria;
    names name;         /* option names, line = first row */
    char **attr;        /* [n*ncol] raw fields of the option's first row (non-cost columns) */
    size_t attr_cap;
    cost_row *rows;
    size_t nrows, rows_cap;
    size_t pos[O_NFIXED + 64]; /* column positions in the file (1-based), 0 = absent */
} opt_tab;
typedef struct budget_tab {
    long *year;
    double *budget;
    size_t *line;
    size_t n, cap;
} budget_tab;
typedef struct job {
    /* inputs */
    const char *opt_path, *crit_path, *budget_path;
    double budget_all;  /* --budget, (double)NAN when absent */
    double threshold;   /* --threshold, 0 when absent */
    long ndraw;
    unsigned long seed;
    /* resolved */
    opt_tab ot;
    crit_tab ct;
    budget_tab bt;
    size_t n, nyear, ncrit;
    long *years;          /* [nyear], 0 when the table has no year column */
    double *budget;       /* [nyear] */
    int have_budget;
    double *cost, *cost_lo, *cost_hi; /* [n*nyear] */
    double *ctot;         /* [n] */
    double *benefit, *ben_lo, *ben_hi; /* [n] */
    double *score, *value, *weighted; /* [n*ncrit] */
    size_t *req_from, *req_to, nreq;
    long *group;          /* [n] */
    names groups;
    /* results */
    fc_pbma_ws *ws;
    unsigned char *x_opt, *x_greedy;
    fc_pbma_solution opt, greedy;
    int greedy_feasible;
    double *shadow;       /* [nyear] */
    double gain_10pct;    /* objective gain with every budget 10% larger */
    size_t *league;       /* [n] */
    size_t *rank;         /* [n] league position, 1-based */
    double *p_funded, *p_greedy, *p_ce, *obj_draws;
} job;

char * pb_xstrdup(const char *s);

size_t pb_names_find(const names *t, const char *s);

fc_status pb_names_add(names *t, const char *s, size_t line, fc_err *err);

void pb_names_fini(names *t);

/* Grows a double array to hold at least n entries. */
fc_status pb_grow(double **a, size_t *cap, size_t n, fc_err *err);

int pb_empty(const char *s);

void pb_w_num_or_na(fc_writer *w, double x);

/* Parses --wtp: a comma-separated list, or FROM:TO:STEP (inclusive of TO within 1e-9). */
fc_status pb_parse_wtp(const char *s, double **out, size_t *n, fc_err *err);

/* One row strategy,cost,effect,inc_cost,inc_effect,icer,status (shared by icers.csv and
 * group_icers.csv). */
void pb_write_icer_row(fc_writer *w, const char *name, double cost, double effect, const fc_pbma_icer *r);

fc_status pb_cmd_icers(int argc, char **argv, fc_warnings *warn, fc_err *err);

fc_status pb_cmd_psa(int argc, char **argv, fc_warnings *warn, fc_err *err);

/* `fulcrum psa --parameters PATH [--groups G]`: reads the sampled parameters (sim plus a
 * column each, for sims 1..nsim) and writes evppi.csv to o: at each threshold, the EVPPI of
 * each parameter, then of each group of G ("a+b;c"), beside evpi[k], the EVPI at wtp[k]
 * (evpi.csv's). cost and effect are [nsim*nstrat]. */
fc_status pb_psa_evppi(const char *path, const char *groups, const double *cost,
                       const double *effect, size_t nsim, size_t nstrat, const double *wtp,
                       const double *evpi, size_t nwtp, fc_out *o, fc_warnings *warn,
                       fc_err *err);

fc_status pb_crit_row(void *ctx, const fc_csv_row *row, fc_err *err);

void pb_crit_fini(crit_tab *t);

/* Parses an optional interval pair (lo, hi) around point; (double)NAN when both are absent. */
fc_status pb_interval(const fc_csv_row *row, size_t ilo, size_t ihi, double point, double *lo, double *hi,
         fc_err *err);

fc_status pb_opt_row(void *ctx, const fc_csv_row *row, fc_err *err);

void pb_opt_fini(opt_tab *t);

const char * pb_attr(const opt_tab *t, size_t i, size_t j);

fc_status pb_budget_row(void *ctx, const fc_csv_row *row, fc_err *err);

void pb_job_fini(job *j);

/* Reads the criteria, options and budget tables and resolves them into model arrays. */
fc_status pb_job_load(job *j, fc_warnings *warn, fc_err *err);

/* Builds the solver, solves the optimum, greedy, shadow price and the draws. */
fc_status pb_job_solve(job *j, fc_err *err);

/* The audit-trail sentence for option i. */
void pb_reason(const job *j, size_t i, char *buf, size_t len);

fc_status pb_job_write(job *j, fc_out *o, fc_err *err);

/* shared by the files split from job.c */

const char * pb_kind_name(fc_pbma_kind k);

void pb_w_bool(fc_writer *w, int b);

#endif /* FC_ENGINE_PBMA_PBMA_INT_H */
