/* draws_int.h: the projection of one Monte Carlo draw (engine/draws/draws_project.c), for the
 * draws stage (engine/draws/draws.c). Not a public header.
 *
 * The inputs are read and resolved onto the population's grid once, by the projection
 * stage's own loader (fc_proj_inputs_load, engine/projection/project.h); a draw then builds
 * its rates with its variant's factors (fc_proj_rates: models/projrates) and projects one
 * area (or, with control totals, which couple the areas, every area) with the same arithmetic
 * as the projection job, so that the draw with the central values reproduces projection.csv
 * to the bit.
 */
#ifndef FC_ENGINE_MC_INT_H
#define FC_ENGINE_MC_INT_H

#include "engine/projection/project.h"

typedef struct fc_mcp {
    fc_proj_inputs in;
    size_t na, ng, nstep, ny;      /* areas, age groups, steps, years */
    int coupled;                   /* control totals: every area is projected together */
} fc_mcp;

/* Loads the inputs of spec (paths and settings; its variants are the caller's business).
 * Free with fc_mcp_fini, also after a failure. */
fc_status fc_mcp_load(fc_mcp *m, const fc_projspec *spec, fc_warnings *warn, fc_err *err);
void fc_mcp_fini(fc_mcp *m);

/* A thread's workspace: the rates of the areas it projects, whose life tables are kept while
 * the next draw uses the same mortality factor. */
typedef fc_prates fc_mcp_ws;
fc_mcp_ws *fc_mcp_ws_alloc(const fc_mcp *m);
void fc_mcp_ws_free(fc_mcp_ws *w);

/* Projects areas [a0, a1) (all areas when m->coupled) with variant var's factors and sex
 * ratio srb into pop[(a - a0)][year][sex][group] ((a1 - a0) * ny * 2 * ng doubles). Errors as
 * the projection job's (a life table that cannot be built is FC_EDATA naming the area). */
fc_status fc_mcp_project(const fc_mcp *m, fc_mcp_ws *w, const fc_variant *var, double srb,
                         size_t a0, size_t a1, double *pop, fc_err *err);

/* After fc_mcp_project: life expectancy at the first age of each population group
 * ([group], ng values) of area a0 + ar, sex, in projection year index t. */
const double *fc_mcp_ex(const fc_mcp *m, const fc_mcp_ws *w, size_t ar, size_t t, int sex);

#endif /* FC_ENGINE_MC_INT_H */
