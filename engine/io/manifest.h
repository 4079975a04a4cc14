/* manifest.h: DIR/manifest.json, the record that lets a reviewer rerun a plan and get the same
 * bytes.
 *
 * Written with jansson (sorted keys, two-space indent, no timestamps), so the same run gives
 * the same bytes: Fulcrum's version and build (compiler, mode, the versions of the libraries
 * that shape the numbers and charts), the command line, how the run was made (scenario file,
 * --set overrides, sweep value), the resolved scenario (every section, key and value after
 * includes and overrides, the last one winning, paths as resolved) and the defaults the stages
 * used, the seed, and the size and SHA-256 (OpenSSL libcrypto) of every input file (the
 * scenario files and every path a stage resolved) and every output file. `fulcrum verify`
 * reads it back (fc_manifest_read) and reruns the run it describes.
 */
#ifndef FC_ENGINE_MANIFEST_H
#define FC_ENGINE_MANIFEST_H

#include <stddef.h>

#include "engine/io/out.h"
#include "engine/io/scenario.h"
#include "models/status.h"

#define FC_MANIFEST_NAME "manifest.json"
#define FC_MANIFEST_FORMAT 1 /* "manifest" key: raised when the layout changes */
#define FC_SHA256_HEX 65     /* 64 lowercase hex digits and a NUL */

/* How a run was made: enough to make it again. Everything is borrowed. */
typedef struct fc_manifest_run {
    const char *name;       /* the run's name (output folder in a batch) */
    const char *scenario;   /* the scenario file as given on the command line */
    const char *const *set; /* --set overrides "section.key=value", in order */
    size_t nset;
    const char *sweep_param; /* "section.key" when a member of a [sweep], else NULL */
    const char *sweep_value; /* its value in this run */
    size_t sweep_index;      /* 0-based position in the sweep's values */
    const char *const *argv; /* the command line, argv[0] = "fulcrum" */
    size_t argc;
} fc_manifest_run;

/* One file a manifest lists. */
typedef struct fc_manifest_file {
    char *path;                 /* input: as the run resolved it; output: name inside DIR */
    char sha256[FC_SHA256_HEX]; /* "" when not a regular file (not checked) */
    unsigned long long bytes;
} fc_manifest_file;

/* A manifest read back (fc_manifest_read); free with fc_manifest_fini. */
typedef struct fc_manifest {
    int format;
    char *version, *compiler, *mode;
    char *name, *scenario;
    char **set;
    size_t nset;
    char *sweep_param, *sweep_value; /* NULL when not a sweep member */
    size_t sweep_index;
    char **argv;
    size_t argc;
    unsigned long seed;
    fc_manifest_file *inputs, *outputs; /* sorted by path */
    size_t ninput, noutput;
} fc_manifest;

/* SHA-256 of the file at path as lowercase hex (hex must hold FC_SHA256_HEX), and its size in
 * *bytes (may be NULL). FC_EIO naming path when it cannot be opened or read; a directory or
 * other non-regular file is FC_EIO too. */
fc_status fc_sha256_file(const char *path, char hex[FC_SHA256_HEX], unsigned long long *bytes,
                         fc_err *err);

/* SHA-256 of n bytes at p, as hex. */
void fc_sha256_mem(const void *p, size_t n, char hex[FC_SHA256_HEX]);

/* Writes manifest.json into o (through the transaction, committed with the rest): hashes the
 * scenario's files and every input a stage resolved (entries with a resolved path, except
 * [run] out), and every file written into o so far (call it after the last stage). s and run
 * are borrowed. FC_EIO naming an unreadable input or output, FC_ENOMEM. */
fc_status fc_manifest_write(fc_out *o, const fc_scenario *s, const fc_manifest_run *run,
                            fc_err *err);

/* What the manifest would record, but its outputs, as rows for a reader (the workbook's
 * first sheet): fn(ctx, dotted key, text or NULL, is_number, number) for every value, keys
 * sorted; fn returns nonzero to stop (then FC_ENOMEM). */
typedef int (*fc_manifest_row_fn)(void *ctx, const char *key, const char *text, int is_number,
                                  double number);
fc_status fc_manifest_rows(fc_out *o, const fc_scenario *s, const fc_manifest_run *run,
                           fc_manifest_row_fn fn, void *ctx, fc_err *err);

/* Reads DIR's manifest at path into m (zeroed first). FC_EIO when it cannot be read;
 * FC_EDATA located at its line and column when it is not JSON or lacks a field verify needs.
 * Free with fc_manifest_fini (also after a failure). */
fc_status fc_manifest_read(const char *path, fc_manifest *m, fc_err *err);
void fc_manifest_fini(fc_manifest *m);

/* The compiler and build mode ("debug", "release", "asan") this binary was built with, and
 * one line naming the library versions; static strings. */
const char *fc_build_compiler(void);
const char *fc_build_mode(void);
const char *fc_build_libraries(void);

#endif /* FC_ENGINE_MANIFEST_H */
