/* pbma.h: the PBMA exercise as a job that `fulcrum pbma` and the scenario runner share
 * (engine/pbma/pbma.c). */
#ifndef FC_ENGINE_PBMA_JOB_H
#define FC_ENGINE_PBMA_JOB_H

#include "engine/io/csvin.h"
#include "engine/io/out.h"

typedef struct fc_pbmajob_spec {
    const char *options;   /* options table (required) */
    const char *criteria;  /* criteria table or NULL */
    const char *budgets;   /* year,budget table or NULL */
    double budget;         /* one budget for every year; NaN when not given */
    double threshold;      /* GBP per unit of benefit for NMB; 0 = maximise benefit */
    long draws;            /* Monte Carlo draws from the options' intervals (0 = none) */
    unsigned long seed;
    /* [pbma] budget_from = finance: the budget (every year) is budget_share x the headroom
     * (envelope - cost, cash GBP; negative: a savings target) of programme budget_programme
     * (NULL: the total) in financial year budget_year of the money stage's gap table */
    int budget_from_finance;
    long budget_year;
    const char *budget_programme;
    double budget_share;
} fc_pbmajob_spec;

/* Reads, solves and writes the PBMA tables into o (not committed here). Every input error is
 * located; nothing is written to o before the inputs are all valid. */
fc_status fc_pbmajob_run(const fc_pbmajob_spec *spec, fc_out *o, fc_warnings *warn, fc_err *err);

struct fc_finjob_gaps;

/* budget_from = finance: the budget, -budget_share x the gap of spec->budget_programme (or
 * "total") in spec->budget_year for the principal, from the gaps the money stage handed over.
 * FC_EDATA when it has no such programme and year. */
fc_status fc_pbmajob_budget_from_gap(const struct fc_finjob_gaps *gaps, const fc_pbmajob_spec *spec,
                                  double *budget, fc_err *err);

/* The PBMA exercise's inputs, read and resolved once, for the Monte Carlo draws of the
 * scenario runner (engine/draws/draws.c): each draw solves the same problem with its own option
 * draws, budget and threshold. */
typedef struct fc_pbmajob_model fc_pbmajob_model;
struct fc_pbma_problem;
struct fc_pbma_uncertain;

/* Reads and checks the tables of spec (as fc_pbmajob_run does). Returns new; free with
 * fc_pbmajob_model_free. Errors located as fc_pbmajob_run's. */
fc_status fc_pbmajob_model_load(const fc_pbmajob_spec *spec, fc_pbmajob_model **result, fc_warnings *warn,
                             fc_err *err);
void fc_pbmajob_model_free(fc_pbmajob_model *m);

/* The problem (budget per year, requirements, groups, threshold) and the options' point
 * values and intervals, as models/pbma.h takes them (arrays borrowed from m). */
void fc_pbmajob_model_get(const fc_pbmajob_model *m, struct fc_pbma_problem *p,
                       struct fc_pbma_uncertain *u);

/* The name of option i. */
const char *fc_pbmajob_model_option(const fc_pbmajob_model *m, size_t i);

#endif /* FC_ENGINE_PBMA_JOB_H */
