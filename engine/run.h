/* run.h: the chain `fulcrum run` drives through a scenario, as a table of stages.
 *
 * Every stage has two steps. `configure` reads the stage's own sections from the scenario
 * (fc_scn_* getters: validated, located, marked used) into a spec it allocates, or leaves
 * *spec NULL when the scenario does not ask for the stage. All stages are configured before
 * any runs, so a typo in the last section fails before minutes of work, and `fulcrum check`
 * can configure without running. `run` then does the work in chain order, writing its tables
 * into ch->o and leaving in-memory results later stages use (the projection for need and
 * activity, activity for money, ...) in the chain.
 *
 * The stage table lives in engine/run.c; a stage's functions live beside its job.
 */
#ifndef FC_ENGINE_RUN_H
#define FC_ENGINE_RUN_H

#include "engine/csvin.h"
#include "engine/out.h"
#include "engine/scenario.h"

struct fc_projection;

typedef struct fc_chain {
    fc_scenario *scn;
    fc_out *o;
    fc_warnings *warn;
    unsigned long seed;                 /* [run] seed */
    /* Results stages leave for later stages (owned by the chain, freed by fc_chain_fini). */
    struct fc_projection *projection;   /* projection stage */
    void (*projection_free)(struct fc_projection *);
} fc_chain;

typedef struct fc_stage {
    const char *name;
    const char *const *sections; /* the sections it reads (NULL-terminated; "variant " is a
                                    prefix), for the unknown-section check */
    fc_status (*configure)(fc_chain *ch, void **spec, fc_err *err);
    fc_status (*run)(fc_chain *ch, void *spec, fc_err *err);
    void (*spec_free)(void *spec);
} fc_stage;

/* The stages, in chain order (engine/run.c). */
extern const fc_stage *const fc_stages[];

/* Stage definitions, each beside its job. */
extern const fc_stage fc_stage_projection; /* engine/project.c */
extern const fc_stage fc_stage_pbma;       /* engine/cmd_pbma.c */
extern const fc_stage fc_stage_need;       /* engine/cmd_activity.c */
extern const fc_stage fc_stage_activity;   /* engine/cmd_activity.c */

/* Configures every stage from the scenario and checks that no key was left unused. On
 * success specs[i] is stage i's spec (NULL: not asked for). At least one stage must be. */
fc_status fc_chain_configure(fc_chain *ch, void *specs[], fc_err *err);

/* Runs the configured stages in order into ch->o (not committed here). */
fc_status fc_chain_run(fc_chain *ch, void *specs[], fc_err *err);

void fc_chain_fini(fc_chain *ch, void *specs[]);

#endif /* FC_ENGINE_RUN_H */
