/* log.h: everything Fulcrum prints on stderr, in one place and one format.
 *
 * Errors print as `path:line:col: error: message` (or `path:line:`, `path:`, or `fulcrum:`
 * when less is known), warnings as `fulcrum: warning: message`, notes as `fulcrum: message`.
 * main.c sets the level once (fc_log_setup); the engine reports through these functions from
 * any thread (one mutex keeps lines whole). `fulcrum run` also drives a progress display:
 * one line on stderr, redrawn in place (runs, the current stage, an ETA), shown only when
 * stderr is a terminal and the level is not quiet; --verbose logs each stage's timing.
 * Standard output stays the commands' own (tables, help).
 */
#ifndef FC_ENGINE_LOG_H
#define FC_ENGINE_LOG_H

#include <stddef.h>

#include "models/status.h"

typedef enum fc_log_level {
    FC_LOG_QUIET,   /* errors and warnings only */
    FC_LOG_NORMAL,  /* also notes and, on a terminal, the progress display */
    FC_LOG_VERBOSE, /* also per-stage timings and details */
} fc_log_level;

/* Sets the level; the progress display is enabled when stderr is a terminal (or, for tests,
 * when FC_PROGRESS=1 is set in the environment) and level >= FC_LOG_NORMAL. */
void fc_log_setup(fc_log_level level);
fc_log_level fc_log_level_get(void);

/* Formats err in the one error format into buf (always NUL-terminated): "path:line:col:
 * error: msg", with "[src.c:123]" appended in debug builds. */
void fc_log_format_err(const fc_err *err, char *buf, size_t n);

/* Prints err in the error format; when run is not NULL, " (run 'run')" is appended so that
 * a batch names the run an error belongs to. */
void fc_log_error(const fc_err *err, const char *run);

/* "fulcrum: warning: msg". */
void fc_log_warning(const char *msg);

/* "fulcrum: msg" unless quiet. */
void fc_log_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "fulcrum: msg" only when verbose. */
void fc_log_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- progress of a batch of runs ------------------------------------------------------ */

typedef struct fc_log_run fc_log_run;

/* Starts a batch of nrun runs (the clock for ETAs starts here). Call fc_progress_end after. */
void fc_progress_begin(size_t nrun);

/* Run i of the batch (0-based) has begun, under `name`, with nstage stages to run. Returns
 * its handle (owned by the batch; NULL outside a batch, which every function accepts). */
fc_log_run *fc_progress_run(size_t i, const char *name, size_t nstage);

/* A stage of run r starts / ends (its wall time is logged when verbose). */
void fc_log_stage_begin(fc_log_run *r, const char *stage);
void fc_log_stage_end(fc_log_run *r, const char *stage);

/* Within a stage: done of total units (draws, areas) finished; refines the ETA. */
void fc_log_tick(fc_log_run *r, size_t done, size_t total);

/* Run r finished (ok: nonzero when it succeeded); logs its total time when verbose. */
void fc_progress_run_end(fc_log_run *r, int ok);

/* Ends the batch: clears the display and frees the handles. */
void fc_progress_end(void);

/* Erases the progress line if one is drawn; async-signal-safe (for the SIGINT handler, before
 * it says what happened). */
void fc_log_clear_signal_safe(void);

#endif /* FC_ENGINE_LOG_H */
