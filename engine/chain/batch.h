/* batch.h: the runs one `fulcrum run`, `check` or `verify` makes.
 *
 * A batch is the list of runs a command line asks for: each scenario file once, or, when it
 * has a [sweep] section, once per value of the swept parameter:
 *
 *   [sweep]
 *   parameter = pbma.budget              ; section.key (the key's last '.' splits them)
 *   values = 800000, 1000000, 1200000    ; comma-separated, applied with fc_scn_set
 *   names = low, central, high           ; optional: run names <name>-<names[i]>
 *
 * A run applies the command line's --set overrides (in order), then its sweep value, on top
 * of the scenario as read, so both win over the file and its includes. Without names a sweep
 * run is called <name>-<value> (characters other than letters, digits and ._+- become _).
 * One run writes into its output directory (--out, else [run] out, else out/<name>); several
 * write into DIR/<run name> each (DIR: --out, else out). Each run is made in one call
 * (fc_run_make): configure every stage, open the output transaction, run the chain, write
 * manifest.json, commit; runs are independent, so a batch spreads them over threads and the
 * bytes never depend on that.
 */
#ifndef FC_ENGINE_BATCH_H
#define FC_ENGINE_BATCH_H

#include <stddef.h>

#include "engine/io/csvin.h"
#include "engine/io/scenario.h"
#include "models/status.h"

/* One run of a batch. */
typedef struct fc_run_plan {
    char *scenario;         /* the scenario file as given (owned) */
    char name[128];         /* the run's name: [run] name, or the file's, plus the sweep's */
    char *out;              /* output directory (owned; set by fc_batch_place) */
    char *scn_out;          /* [run] out as resolved, or NULL (owned) */
    const char *const *set; /* --set overrides "section.key=value" (borrowed) */
    size_t nset;
    char *sweep_param; /* "section.key" for a sweep member, else NULL (owned) */
    char *sweep_value; /* (owned) */
    size_t sweep_index;
    fc_err err; /* a failure found while expanding (status FC_OK if none) */
} fc_run_plan;

typedef struct fc_batch {
    fc_run_plan *run;
    size_t n, cap;
} fc_batch;

/* Adds the runs of one scenario file (one, or one per sweep value). A scenario that cannot be
 * read or whose [sweep] is bad still adds one run, failed, carrying the error in run->err, so
 * that the rest of a batch goes on. Returns FC_ENOMEM only. */
fc_status fc_batch_add(fc_batch *b, const char *scenario, const char *const *set, size_t nset,
                       fc_err *err);

/* Chooses each run's output directory (see above; out may be NULL). FC_EUSAGE when two runs
 * would share one (same name). */
fc_status fc_batch_place(fc_batch *b, const char *out, fc_err *err);

void fc_batch_fini(fc_batch *b);

/* Reads run r's scenario and applies its overrides and sweep value (errors located at the
 * --set option or the [sweep] values line); re-reads [run] seed and name after them. Free s
 * with fc_scenario_free, also after a failure. */
fc_status fc_run_scenario(const fc_run_plan *r, fc_scenario *s, fc_err *err);

/* Parses "section.key=value" (--set) into its three parts, pointing into buf (cap bytes).
 * FC_EUSAGE when malformed. */
fc_status fc_set_split(const char *arg, char *buf, size_t cap, const char **section,
                       const char **key, const char **value, fc_err *err);

/* Makes run r into out (r->out when NULL): configures every stage, runs the chain into an
 * output transaction, writes manifest.json recording argv (argv[0] "fulcrum"), commits.
 * Progress is reported as run `index` of the current batch (engine/cli/log.h), warnings go to
 * warn. Nothing is left behind on failure. */
fc_status fc_run_make(const fc_run_plan *r, const char *out, const char *const *argv, size_t argc,
                      size_t index, fc_warnings *warn, fc_err *err);


/* Index of the stage table's end (the number of stages). */
size_t fc_stage_count(void);

#endif /* FC_ENGINE_BATCH_H */
