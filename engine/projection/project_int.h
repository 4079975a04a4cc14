/* project_int.h: the projection job's loaded inputs, shared by engine/projection/project.c (the job)
 * and engine/draws/draws_project.c (the same projection for each Monte Carlo draw). Not a public
 * header. */
#ifndef FC_ENGINE_PROJECT_INT_H
#define FC_ENGINE_PROJECT_INT_H

#include "engine/projection/project.h"

typedef struct fc_proj_job {
    const fc_projspec *spec;
    fc_popin pop;
    fc_ratein fert, mort, mig;
    fc_ctlin ctl;
    int has_ctl;
    fc_ages mgrid;            /* the mortality table's own age grid */
    fc_lt_kind lt_kind;
    size_t first[FC_AGE_MAX + 1];
    size_t narea, nage, nstep;
    int step, horizon;
    fc_variant var[FC_MAX_VARIANTS + 1]; /* the principal first */
    size_t nvar;
} fc_proj_job;

/* Reads and checks every input of spec into j (as the projection job does before it
 * projects). Free with fc_proj_job_fini, also after a failure. */
fc_status fc_proj_job_load(fc_proj_job *j, const fc_projspec *spec, fc_warnings *warn,
                           fc_err *err);
void fc_proj_job_fini(fc_proj_job *j);

/* shared by the files split from project.c */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/projection/projection.h"
#include "engine/chain/chain.h"
typedef struct var_ctx {
    fc_projspec *spec;
} var_ctx;
enum { VC_NAME, VC_FERT, VC_MORT, VC_MIG, VC_PROB, VC_N };
/* Per-variant inputs: rate arrays per distinct rate year, pointer tables per step. */
typedef struct vinputs {
    double *s, *s0, *asfr, *mig;   /* [nyear_of_table][...] */
    const double **ps, **ps0, **pasfr, **pmig, **pctl;
    fc_lifetable **lt;             /* [mort year][area][sex] for lifetables.csv */
} vinputs;
typedef struct labels {
    char (*age)[16];
    char (*mage)[16];
} labels;
/* projection.csv rows are most of a run's output: areas are formatted in parallel into memory
 * (shortest round-trip formatting dominates), then written in order, so the bytes do not
 * depend on the number of threads. */
typedef struct fmt_task fmt_task;
typedef void (*fmt_fn)(fc_writer *w, const fmt_task *t);
enum { NT = 2, CHUNK = 24 };

void pj_job_fini(fc_proj_job *j);

fc_status pj_load(fc_proj_job *j, fc_warnings *warn, fc_err *err);

void pj_vinputs_fini(vinputs *v, size_t nlt);

fc_status pj_build_inputs(fc_proj_job *j, const fc_variant *var, vinputs *v, fc_err *err);

#endif /* FC_ENGINE_PROJECT_INT_H */
