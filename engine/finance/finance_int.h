/* finance_int.h: the finance job's state and the helpers its files share: input.c,
 * activity.c and rates.c (the loaders), finance.c (compute, the stage), write.c (the tables), commands.c
 * (`fulcrum finance`, `fulcrum shift`). Not a public header.
 */
#ifndef FC_ENGINE_FINANCE_INT_H
#define FC_ENGINE_FINANCE_INT_H

#include "engine/finance/finance.h"

struct fc_finjob {
    fc_finjob_spec spec;
    fc_warnings *warn;
    /* activity: borrowed from the caller or owned (own_act, own_drv) */
    const fc_finjob_activity *act, *drv;
    fc_finjob_activity act_own, drv_own;
    int own_act, own_drv;
    /* names */
    fc_intern *progs, *servs, *funders;
    /* services, [nserv] */
    size_t nserv;
    size_t *serv_prog;
    double *unit_cost, *pay_share;
    int *price_year;
    size_t *serv_line;
    size_t serv_cost_col;  /* the position of the services table's unit_cost column */
    /* budget lines, [nline] */
    size_t nline;
    size_t *line_prog, *line_funder, *line_line;
    size_t line_budget_col; /* the position of the budgets table's budget column */
    int *line_ct;
    double *line_budget;
    /* years: base_year .. last_year (the horizon); act_last: the activity's last year */
    int base_year, last_year, act_first, act_last;
    size_t nyear;
    /* indices over index_first .. + nindex - 1 */
    int index_first;
    size_t nindex;
    double *pay_idx, *prices_idx, *defl_idx;
    double *eff_pct;    /* [nprog][nyear] */
    double *uplift_pct; /* [nfunder][nyear] */
    /* shifts */
    size_t nshift, capshift;
    fc_fin_shift *shift;
    char **shift_name;  /* [nshift] owned */
    size_t *shift_line; /* [nshift] line in spec.shifts, 0 for a what-if */
    size_t nwhatif;     /* the last nwhatif shifts came from the command line */
    /* variants computed: indices into act->variants */
    size_t nvar;
    size_t *var;
    double *activity;                      /* [nvar][nserv][nyear] */
    double *demog;                         /* [nvar][nserv][nyear] or NULL */
    fc_fin_result **res;                   /* [nvar] */
    const char **prog_names, **serv_names; /* for the model's messages (borrowed strings) */
    fc_fin_problem prob;
};

/* Reads every table of j->spec (the activity already set in j->act / j->drv) and fills j. */
fc_status fc_finjob_load_inputs(fc_finjob *j, fc_err *err);

/* Resolves a programme or service name to (prog, serv); serv FC_FIN_ALL for a programme.
 * Returns 0 when unknown, -1 when the name is both a programme and a service. */
int fc_finjob_endpoint(const fc_finjob *j, const char *name, size_t *prog, size_t *serv);

/* Parses a financial year: "2025", "2025/26" or "2025-26" (the second part must be the next
 * year). Returns 0 on success. */
int fc_finjob_parse_year(const char *s, long *year);

/* the index of cell (i, j, k) of an [ni][nj][nk] array */
#define IX3(i, j, k, nj, nk) ((((i) * (nj)) + (j)) * (nk) + (k))

/* shared by the files split from finance.c */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/cli/log.h"
#include "engine/chain/chain.h"
#include "engine/io/scenario.h"
#include "engine/io/table.h"
typedef struct svc_list {
    fc_finjob_activity *a;
    int first, last;
} svc_list;
enum { MAXST = 64 };

/* Loads the job for a scenario: [finance], with the activity read from its file or projected
 * by the scenario's own stages. */
fc_status fi_scenario_job(const char *path, const char *variant, fc_finjob **job, fc_scenario *scn,
             fc_finjob_activity *act, fc_finjob_activity *drv, fc_warnings *warn, fc_err *err);

void fi_w_money_col(fc_writer *w, int64_t p);

/* the leading "variant," field when the activity has variants */
void fi_w_variant(const fc_finjob *j, fc_writer *w, size_t k);

void fi_w_header(const fc_finjob *j, fc_writer *w, const char *cols);

fc_status fi_write_shifts(fc_finjob *j, fc_out *o, size_t k0, size_t k1, const char *name, const char *act_name,
             fc_err *err);

/* fc_finjob_run, leaving the gaps on the chain when ch is not NULL. */
fc_status fi_job_run(const fc_finjob_spec *spec, const fc_finjob_activity *act, const fc_finjob_activity *drv,
        fc_out *o, fc_warnings *warn, fc_chain *ch, fc_err *err);

/* shared by the files split from input.c */
#include "engine/io/grow.h"
#include <ctype.h>
#include <errno.h>
typedef struct act_ctx {
    fc_finjob_activity *a;
    int demographic;
} act_ctx;
typedef struct keyrow {
    unsigned long long key;
    size_t row;
} keyrow;
typedef struct budget_ctx {
    fc_finjob *j;
    size_t cap;
    int base_year;
} budget_ctx;
typedef struct serv_ctx {
    fc_finjob *j;
    size_t cap;
    char **prog_name; /* [nserv] programme as written, resolved after budgets */
} serv_ctx;
/* One row of a (key, year, rate) table. */
typedef struct rate_row {
    size_t key; /* FC_INTERN_NONE for '*' */
    int year;
    double pct;
    size_t line;
} rate_row;
typedef struct rate_ctx {
    fc_finjob *j;
    const fc_intern *keys; /* programmes or funders */
    const char *what;      /* "programme" / "funder" */
    const char *rate_col;
    int strict_below_100; /* efficiency: < 100; uplift: > -100 */
    rate_row *r;
    size_t n, cap;
} rate_ctx;
enum { SER_PAY = 0, SER_PRICES = 1, SER_DEFL = 2, NSER = 3 };
typedef struct infl_ctx {
    fc_finjob *j;
    int mode[NSER]; /* -1 absent, 0 pct column, 1 index column */
    int *year;
    double *v[NSER];
    size_t *line;
    size_t n, cap;
} infl_ctx;
enum {
    SH_NAME,
    SH_FROM,
    SH_TO,
    SH_START,
    SH_AMOUNT,
    SH_ACTIVITY,
    SH_RATIO,
    SH_PHASE,
    SH_LAG,
    SH_RELEASE,
    SH_TCOST,
    SH_TYEARS,
    SH_NCOL
};

/* The years finance accepts in its own tables. */
#define FI_MIN_YEAR 1900
#define FI_MAX_YEAR 3000

char * fi_xstrdup(const char *s);

/* a financial year field: "2025" or "2025/26" */
fc_status fi_field_year(const fc_csv_row *row, size_t i, long *out, fc_err *err);

/* an optional field: absent column or empty cell */
int fi_given(const fc_csv_row *row, size_t i);

fc_status fi_field_name(const fc_csv_row *row, size_t i, fc_err *err);

fc_status fi_load_rates(fc_finjob *j, const char *path, const fc_intern *keys, const char *what,
           const char *key_col, const char *rate_col, int below_100, double dflt, int need_cover,
           double out[], fc_err *err);

fc_status fi_load_inflation(fc_finjob *j, fc_err *err);

fc_status fi_shift_row(void *ctx, const fc_csv_row *row, fc_err *err);

#endif /* FC_ENGINE_FINANCE_INT_H */
