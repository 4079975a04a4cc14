/* pbma_job.h: the PBMA exercise as a job that `fulcrum pbma` and the scenario runner share
 * (engine/cmd_pbma.c). */
#ifndef FC_ENGINE_PBMA_JOB_H
#define FC_ENGINE_PBMA_JOB_H

#include "engine/csvin.h"
#include "engine/out.h"

typedef struct fc_pbma_spec {
    const char *options;   /* options table (required) */
    const char *criteria;  /* criteria table or NULL */
    const char *budgets;   /* year,budget table or NULL */
    double budget;         /* one budget for every year; NaN when not given */
    double threshold;      /* GBP per unit of benefit for NMB; 0 = maximise benefit */
    long draws;            /* Monte Carlo draws from the options' intervals (0 = none) */
    unsigned long seed;
} fc_pbma_spec;

/* Reads, solves and writes the PBMA tables into o (not committed here). Every input error is
 * located; nothing is written to o before the inputs are all valid. */
fc_status fc_pbma_job_run(const fc_pbma_spec *spec, fc_out *o, fc_warnings *warn, fc_err *err);

#endif /* FC_ENGINE_PBMA_JOB_H */
