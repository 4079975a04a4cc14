/* chain.h: the chain `fulcrum run` drives through a scenario, as a table of stages.
 *
 * Every stage has two steps. `configure` reads the stage's own sections from the scenario
 * (fc_scn_* getters: validated, located, marked used) into a spec it allocates, or leaves
 * *spec NULL when the scenario does not ask for the stage. All stages are configured before
 * any runs, so a typo in the last section fails before minutes of work, and `fulcrum check`
 * can configure without running. `run` then does the work in chain order, writing its tables
 * into ch->o and leaving in-memory results later stages use (the projection for need and
 * activity, activity for money, ...) in the chain.
 *
 * The stage table lives in engine/chain/chain.c; a stage's functions live beside its job.
 */
#ifndef FC_ENGINE_RUN_H
#define FC_ENGINE_RUN_H

#include "engine/io/csvin.h"
#include "engine/io/out.h"
#include "engine/io/scenario.h"

struct fc_projection;
struct fc_log_run;
struct fc_finjob_activity;
struct fc_finjob_gaps;

typedef struct fc_chain {
    fc_scenario *scn;
    fc_out *o;
    fc_warnings *warn;
    unsigned long seed;                 /* [run] seed */
    /* Results stages leave for later stages (owned by the chain, freed by fc_chain_fini). */
    struct fc_projection *projection;   /* projection stage */
    void (*projection_free)(struct fc_projection *);
    struct fc_finjob_activity *activity;   /* activity stage: activity by area, variant, year and
                                           service, as finance costs it */
    struct fc_finjob_activity *activity_demographic; /* its baseline + demographic part (the
                                           bridge's demography step) */
    void (*activity_free)(struct fc_finjob_activity *);
    struct fc_finjob_gaps *gaps;           /* finance stage: the principal's funding gap */
    void (*gaps_free)(struct fc_finjob_gaps *); /* (each result's free function is set by the
                                           stage that leaves it, so the chain knows no stage) */
    struct fc_log_run *log;             /* progress and timings (engine/cli/log.h), or NULL */
    void **specs;                       /* every stage's spec (the caller's array), set by
                                           fc_chain_configure/check/run: the draws stage
                                           repeats the others (engine/draws/draws.c) */
} fc_chain;

/* One Monte Carlo draw, as the draws stage hands it to a stage's spec_for_draw (opaque;
 * engine/draws/draws.c). */
typedef struct fc_draw fc_draw;

/* Sets *dst to draw dr's value of the scenario number section.key when that number is
 * uncertain; leaves *dst (the central value) alone otherwise. */
void fc_draw_num(const fc_draw *dr, const char *section, const char *key, double *dst);

typedef struct fc_stage {
    const char *name;
    const char *const *sections; /* the sections it reads (NULL-terminated; "variant " is a
                                    prefix), for the unknown-section check */
    fc_status (*configure)(fc_chain *ch, void **spec, fc_err *err);
    fc_status (*run)(fc_chain *ch, void *spec, fc_err *err);
    void (*spec_free)(void *spec); /* NULL: free() */
    /* Optional, for `fulcrum check` (NULL: configuring is the whole check): loads and
     * validates the stage's inputs without running it or writing anything; returns FC_OK or
     * the first problem, located. It cannot rely on what earlier stages leave on the chain. */
    fc_status (*check)(fc_chain *ch, void *spec, fc_err *err);
    /* Optional, for the Monte Carlo draws (NULL: the stage has no Monte Carlo path, and an
     * uncertain number in its sections is an error): sets the uncertain numbers of copy, a
     * copy of the stage's spec of spec_size bytes that the draws stage made (shallow: its
     * pointers borrow the spec's), to draw dr's values, each asked for by name with
     * fc_draw_num. */
    void (*spec_for_draw)(void *copy, const fc_draw *dr);
    size_t spec_size;
    /* Optional (NULL-terminated): the tables of the run's output this stage takes from
     * earlier stages as published. The chain has the writer keep their bytes in memory
     * (fc_out_keep) before any stage runs; the stage takes them with fc_out_kept. */
    const char *const *reads;
    /* Nonzero: the stage only publishes (the appendix), so a rank that writes nothing
     * (fc_out_discards: the ranks of fulcrum-mpi but rank 0) skips it. */
    int publishes;
} fc_stage;

/* The stages, in chain order (engine/chain/chain.c). */
extern const fc_stage *const fc_stages[];

/* Stage definitions, each beside its job. */
extern const fc_stage fc_stage_projection; /* engine/projection/project.c */
extern const fc_stage fc_stage_pbma;       /* engine/pbma/pbma.c */
extern const fc_stage fc_stage_appendix;   /* engine/appendix/appendix.c (last) */
extern const fc_stage fc_stage_need;       /* engine/activity/activity.c */
extern const fc_stage fc_stage_activity;   /* engine/activity/activity.c */
extern const fc_stage fc_stage_standardise; /* engine/standardise/standardise.c */
extern const fc_stage fc_stage_finance;    /* engine/finance/finance.c */
extern const fc_stage fc_stage_draws;      /* engine/draws/draws.c (after pbma) */

/* Configures every stage from the scenario and checks that no key was left unused. On
 * success specs[i] is stage i's spec (NULL: not asked for). At least one stage must be. */
fc_status fc_chain_configure(fc_chain *ch, void *specs[], fc_err *err);

/* Runs the configured stages in order into ch->o (not committed here). */
fc_status fc_chain_run(fc_chain *ch, void *specs[], fc_err *err);

void fc_chain_fini(fc_chain *ch, void *specs[]);

/* `fulcrum check`: configures every stage and runs each configured stage's check hook, going
 * on after a problem so that one pass lists them all: each stage's first problem, then every
 * key no stage knows. problem(ctx, stage, err) is called for each (stage NULL for scenario-wide
 * problems). Returns FC_OK, or the status of the first problem. specs as for
 * fc_chain_configure (free with fc_chain_fini). */
typedef void (*fc_problem_fn)(void *ctx, const char *stage, const fc_err *err);
fc_status fc_chain_check(fc_chain *ch, void *specs[], fc_problem_fn problem, void *ctx);

/* The sections the stages read (plus [run] and [sweep]), NULL-terminated, into known (cap
 * entries at most), for fc_scn_unused. */
void fc_chain_sections(const char *known[], size_t cap);

#endif /* FC_ENGINE_RUN_H */
