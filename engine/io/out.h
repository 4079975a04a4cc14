/* out.h: atomic output directory and fast exact CSV writing.
 *
 * A run opens one fc_out on its output directory; every file is written to a hidden temporary
 * name in that directory and renamed into place only by fc_out_commit(), after the whole run
 * succeeded. fc_out_abort() (also called by fc_out_free() on an uncommitted set) removes the
 * temporaries, so a failed or interrupted run leaves no half-written output.
 * Numbers are written in the shortest form that reads back to the same double (Google's
 * double-conversion), so downstream tools reproduce them exactly.
 */
#ifndef FC_ENGINE_OUT_H
#define FC_ENGINE_OUT_H

#include <stddef.h>

#include "models/status.h"

typedef struct fc_out fc_out;
typedef struct fc_writer fc_writer;

/* Opens (creating it, and its parents, if needed) the output directory dir. Returns new;
 * free with fc_out_free(). FC_EIO when dir cannot be made or written. */
fc_status fc_out_open(const char *dir, fc_out **result, fc_err *err);

/* A set that writes nothing: its writers take bytes as usual (checksums and kept tables too)
 * and drop them; commit and abort touch no file. For the ranks of `fulcrum-mpi` other than
 * rank 0, which run the chain alongside it (engine/par/par.h). */
fc_status fc_out_open_discard(fc_out **result, fc_err *err);
/* Is o a discarding set? (Stages that only publish, such as the appendix, skip it.) */
int fc_out_discards(const fc_out *o);

/* Starts output file `name` (a plain file name inside the directory). The writer belongs to
 * o and stays valid until fc_out_commit/abort/free. FC_EIO, FC_ENOMEM. */
fc_status fc_out_file(fc_out *o, const char *name, fc_writer **result, fc_err *err);

/* Flushes and closes every file, then renames each into place. FC_EIO on any failure (then
 * the temporaries are removed and nothing is renamed... except files already renamed when a
 * rename itself fails midway, which is reported). */
fc_status fc_out_commit(fc_out *o, fc_err *err);

/* Removes every temporary file. Safe to call twice. */
void fc_out_abort(fc_out *o);

/* Aborts if not committed, then frees. Accepts NULL. */
void fc_out_free(fc_out *o);

/* The directory path, and the final path of file i (for manifests). */
const char *fc_out_dir(const fc_out *o);
size_t fc_out_nfiles(const fc_out *o);
const char *fc_out_name(const fc_out *o, size_t i);

/* Files started in o from now on whose name ("name", or "sub/name") is in the NULL-terminated
 * list names (borrowed; up to 8 lists) keep a copy of every byte written to them, so that a
 * later stage of the same run can take the table from memory instead of reading the file
 * back (the chain calls it with each stage's fc_stage.reads: the appendix's tables). */
void fc_out_keep(fc_out *o, const char *const *names);

/* The bytes output `name` holds so far (its pending bytes included) and its final path, for
 * messages (the path is set on a write error too). They belong to o and stay valid until the next write to that file. Returns 0, or
 * -1 with errno set: ENOENT when o has no such output or does not keep it, or the error of
 * its writes (ENOSPC, ENOMEM...). */
int fc_out_kept(fc_out *o, const char *name, const char **bytes, size_t *len,
                const char **path);

/* Keeps in memory every top-level table (NAME.csv) started from now on, while it is at most
 * max_bytes (fc_out_kept then fails with EFBIG for one that grew past); 0 stops. For the
 * workbook, which is made from the run's tables. */
void fc_out_keep_tables(fc_out *o, size_t max_bytes);

/* An output that a library writes by file name: *tmp is the temporary path to write (part of
 * the set: renamed at commit, removed on failure or a signal); call fc_out_external_done when
 * the library has closed it, for its checksum. */
fc_status fc_out_external(fc_out *o, const char *name, const char **tmp, fc_err *err);
fc_status fc_out_external_done(fc_out *o, const char *name, fc_err *err);

/* A number the run found that its manifest records under "facts" (e.g. the people a net
 * outflow could not remove): key (up to 95 bytes) = v, replacing an earlier value. At most 32
 * keys; later ones are dropped. */
void fc_out_fact(fc_out *o, const char *key, double v);
/* The i-th fact (in the order first set): 0, or -1 past the last. */
int fc_out_fact_get(const fc_out *o, size_t i, const char **key, double *v);

/* Files started in o from now on keep the SHA-256 of what is written to them (for a manifest;
 * off by default, as hashing costs about 5% of a large projection's CPU). */
void fc_out_digests(fc_out *o);

/* The SHA-256 and size of what output `name` holds so far (its pending bytes flushed), taken
 * as the bytes were written, so nothing is read back: for the manifest. Returns 0, or -1 with
 * errno set: the file's write error, ENOENT when no such output, EINVAL when it was started
 * before fc_out_digests, ENOMEM. */
int fc_out_digest(fc_out *o, const char *name, unsigned char sha256[32],
                  unsigned long long *bytes);

/* Like fc_out_file, for file `name` inside the folder `sub` of the output directory (one
 * plain level, created if needed; e.g. the appendix's "charts"). The file is named
 * "sub/name" in the set and renamed into place at commit like every other. FC_EINVAL for a
 * bad name or a file started twice, FC_EIO, FC_ENOMEM. */
fc_status fc_out_file_in(fc_out *o, const char *sub, const char *name, fc_writer **result,
                         fc_err *err);

/* Calls fn(ctx, name) for each regular file of dir and of its subfolders one level down
 * ("file" or "sub/file"), hidden files included, in no particular order. Returns 0, or -1
 * when dir cannot be listed. */
int fc_out_walk(const char *dir, void (*fn)(void *ctx, const char *name), void *ctx);

/* Is name (as fc_out_walk gives it) the temporary of a run ("[sub/].NAME.tmp.PID")? Returns
 * the PID, or 0. */
long fc_out_tmp_pid(const char *name);

/* The temporaries of earlier runs that fc_out_open found in the folder and removed (a run
 * killed by SIGKILL cannot remove its own): their number. */
size_t fc_out_cleaned(const fc_out *o);

/* Removes the temporaries of every open fc_out; async-signal-safe (for a SIGINT handler). */
void fc_out_abort_all_signal_safe(void);

/* Has this process published (committed) any set? Async-signal-safe: an interrupted batch keeps
 * the runs that finished, and says so. */
int fc_out_any_committed_signal_safe(void);

/* ---- writing: buffered; I/O errors are sticky and reported by fc_out_commit ------------- */

void fc_w_raw(fc_writer *w, const char *s, size_t n);
void fc_w_str(fc_writer *w, const char *s);          /* raw string */
void fc_w_field(fc_writer *w, const char *s);        /* CSV field, quoted when needed */
void fc_w_num(fc_writer *w, double x);               /* shortest round-trip double */
void fc_w_int(fc_writer *w, long x);
void fc_w_nums(fc_writer *w, const double x[], size_t n); /* ",x0,x1,...": n fields */
void fc_w_money(fc_writer *w, double pounds);        /* fixed 2 decimals (pence) */
/* One cell of a record, typed: FC_S(text) a CSV field (quoted when needed), FC_R(text) raw,
 * FC_I(integer), FC_D(number) as fc_w_num, FC_M(pounds) as fc_w_money. The initialisers
 * convert the argument to the cell's type, as a function's parameter would. */
typedef struct fc_cell {
    enum { FC_CELL_FIELD, FC_CELL_RAW, FC_CELL_INT, FC_CELL_NUM, FC_CELL_MONEY } t;
    const char *s;
    long i;
    double d;
} fc_cell;
#define FC_S(x) {.t = FC_CELL_FIELD, .s = (x)}
#define FC_R(x) {.t = FC_CELL_RAW, .s = (x)}
#define FC_I(x) {.t = FC_CELL_INT, .i = (long)(x)}
#define FC_D(x) {.t = FC_CELL_NUM, .d = (x)}
#define FC_M(x) {.t = FC_CELL_MONEY, .d = (x)}

/* Writes the n cells c as one record: separated by commas, then a newline. */
void fc_w_cellv(fc_writer *w, const fc_cell *c, size_t n);

/* fc_w_row(w, FC_I(year), FC_S(name), FC_D(value)) writes "2030,Acute,1.5\n". */
#define fc_w_row(w, ...)                                                                   \
    fc_w_cellv((w), (const fc_cell[]){__VA_ARGS__},                                        \
               sizeof((const fc_cell[]){__VA_ARGS__}) / sizeof(fc_cell))

static inline void fc_w_comma(fc_writer *w) { fc_w_raw(w, ",", 1); }
static inline void fc_w_eol(fc_writer *w) { fc_w_raw(w, "\n", 1); }

/* In-memory writers, for formatting in worker threads: fc_w_* append to a growing buffer;
 * fc_w_append(w, mem) copies mem's text to w and empties mem. Out of memory is sticky
 * (fc_mem_writer_failed). */
fc_writer *fc_mem_writer_alloc(void);

/* Numbers (fc_w_num) to `digits` significant digits, for those who publish ([output] digits);
 * 0, the default, writes the shortest form that reads back exactly. Money (fc_w_money) and
 * whole numbers (fc_w_int) are not affected. fc_out_digits applies to the files started
 * after it; fc_w_set_digits to one writer (a memory writer formatting for a file). */
void fc_out_digits(fc_out *o, int digits);
void fc_w_set_digits(fc_writer *w, int digits);
int fc_w_digits(const fc_writer *w);
/* x as fc_w_num would write it, into p (32 bytes), returning the length. */
size_t fc_w_format(const fc_writer *w, double x, char *p);
void fc_mem_writer_free(fc_writer *w);
int fc_mem_writer_failed(const fc_writer *w);
void fc_w_append(fc_writer *w, fc_writer *mem);

/* Direct formatting into a writer: fc_w_reserve returns room for n (<= 64 KiB) more bytes at
 * the end of w's buffer, or NULL after an error (sticky, reported at commit); write up to n
 * bytes there, then fc_w_advance(w, bytes_written). */
char *fc_w_reserve(fc_writer *w, size_t n);
void fc_w_advance(fc_writer *w, size_t n);

/* Writes the shortest round-trip form of x into buf (at least 32 bytes); returns its length.
 * Never uses exponent notation for 1e-6 <= |x| < 1e21. */
size_t fc_dtoa(double x, char *buf);

#endif /* FC_ENGINE_OUT_H */
