/* finance_int.h: the finance job's state, shared by engine/finance/input.c (the loaders) and
 * engine/finance/finance.c (compute, outputs, commands, stage). Not a public header.
 */
#ifndef FC_ENGINE_FINANCE_INT_H
#define FC_ENGINE_FINANCE_INT_H

#include "engine/finance/finance.h"

struct fc_fin_job {
    fc_fin_spec spec;
    fc_warnings *warn;
    /* activity: borrowed from the caller or owned (own_act, own_drv) */
    const fc_fin_activity *act, *drv;
    fc_fin_activity act_own, drv_own;
    int own_act, own_drv;
    /* names */
    fc_intern *progs, *servs, *funders;
    /* services, [nserv] */
    size_t nserv;
    size_t *serv_prog;
    double *unit_cost, *pay_share;
    int *price_year;
    size_t *serv_line;
    /* budget lines, [nline] */
    size_t nline;
    size_t *line_prog, *line_funder, *line_line;
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
fc_status fc_fin_load_inputs(fc_fin_job *j, fc_err *err);

/* Resolves a programme or service name to (prog, serv); serv FC_FIN_ALL for a programme.
 * Returns 0 when unknown, -1 when the name is both a programme and a service. */
int fc_fin_endpoint(const fc_fin_job *j, const char *name, size_t *prog, size_t *serv);

/* Parses a financial year: "2025", "2025/26" or "2025-26" (the second part must be the next
 * year). Returns 0 on success. */
int fc_fin_parse_year(const char *s, long *year);

#endif /* FC_ENGINE_FINANCE_INT_H */
