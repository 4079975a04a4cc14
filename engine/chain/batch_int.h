/* batch_int.h: what `fulcrum run`'s files share (engine/chain/): batch.c (the batch, one run, the
 * command) and sweep.c (--set overrides and [sweep] runs). Not a public header.
 */
#ifndef FC_ENGINE_CHAIN_BATCH_INT_H
#define FC_ENGINE_CHAIN_BATCH_INT_H

#include "engine/chain/batch.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "models/pbma.h"
#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/cli/log.h"
#include "engine/io/manifest.h"
#include "engine/draws/draws.h"
#include "engine/io/out.h"
#include "engine/par/par.h"
#include "engine/chain/chain.h"

#define MAX_SWEEP 10000
typedef struct pool {
    fc_batch *b;
    const char *const *argv;
    size_t argc;
    pthread_mutex_t mu;
    size_t next;
    fc_status *st;
    fc_err *err;
    fc_warnings *warn; /* shared, deduplicated */
    int report;        /* print each failure as it happens (several runs) */
    size_t rank, nrank; /* runs i with i mod nrank == rank are this process's (fulcrum-mpi) */
} pool;
/* Options shared by run and check. */
typedef struct run_opts {
    const char *out;
    long jobs;
    const char **set;
    size_t nset;
    const char **scn;
    size_t nscn;
    fc_log_level level;
    char *own[5]; /* --draws, --seed, --raw-draws, --xlsx, --sensitivity as run.KEY=VALUE
                     overrides (owned): one each, as run_override refuses a second */
    size_t nown;
} run_opts;
typedef struct sweep {
    const fc_scn_entry *param, *values, *names;
    char section[256], key[256];
    char **value, **label; /* n each (label NULL without names) */
    size_t n;
} sweep;

/* Sets section.key = value as the last entry, located at file:line for its errors (paths in
 * the value are then relative to file's folder). */
fc_status bt_set_at(fc_scenario *s, const char *section, const char *key, const char *value, const char *file,
       int line, fc_err *err);

fc_status bt_apply_sets(fc_scenario *s, const char *const *set, size_t nset, fc_err *err);


void bt_sweep_fini(sweep *w);

/* Reads [sweep] (marking its keys used). w->n = 0 when the scenario has none. */
fc_status bt_sweep_read(fc_scenario *s, sweep *w, fc_err *err);

/* name-label, or name-value with unsafe characters replaced; 0 when it does not fit. */
int bt_sweep_name(char *out, size_t cap, const char *name, const sweep *w, size_t i);

#endif /* FC_ENGINE_CHAIN_BATCH_INT_H */
