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

#endif /* FC_ENGINE_PROJECT_INT_H */
