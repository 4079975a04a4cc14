/* scenario.h: the scenario file (INI, parsed with libinih) and the chain `fulcrum run` drives.
 *
 * A scenario is read into a flat list of entries (section, key, value, file, line), in file
 * order, with `include = FILE` (any section) splicing the entries of another scenario file in
 * at that point. Later entries override earlier ones with the same section and key, so a
 * scenario can include a base and override a few values. Each stage reads its own section
 * with the getters below, which validate, locate errors at the entry's file and line, and
 * mark entries used; `fc_scn_unused` then reports any key no stage asked for (a typo must not
 * be silently ignored).
 *
 * Sections (each documented by the stage that reads it):
 *   [run]          name, out (default out/<scenario name>), seed, include
 *   [projection]   engine/projection/project.c       [variant NAME]  engine/projection/project.c
 *   [pbma]         engine/pbma/pbma.c
 *   [need], [activity]                    engine/activity/activity.c  (issue 3)
 *   [finance]                             engine/finance/finance.c   (issue 4)
 * Paths are relative to the folder of the file the entry came from.
 */
#ifndef FC_ENGINE_SCENARIO_H
#define FC_ENGINE_SCENARIO_H

#include <stddef.h>

#include "models/rng.h"
#include "models/status.h"

#define FC_SCN_PATH_MAX 1024
#define FC_SCN_INCLUDE_DEPTH 16

typedef struct fc_scn_entry {
    char *section;   /* as written, e.g. "variant high" */
    char *key;
    char *value;
    const char *file; /* the file it came from (owned by the scenario) */
    int line;
    int used;        /* a getter asked for it (or an overriding entry) */
    char *resolved;  /* fc_scn_path's resolved path, allocated on first use */
} fc_scn_entry;

/* An uncertain parameter: a number written as an 80% interval `[lo, hi]` or a distribution
 * `normal(mean, sd)`, `lognormal(meanlog, sdlog)`, `gamma(shape, scale)`, `beta(a, b)`,
 * `triangular(min, mode, max)` (engine/draws/draws.c draws it; models/rng.h defines them). */
typedef struct fc_scn_unc {
    char *name;         /* "section.key", as the getter named them */
    size_t entry;       /* index in s->e of the entry that gave it (for located errors) */
    fc_dist dist;
    double lo, hi;      /* the key's valid range: every draw is clamped to it */
    double central;     /* the median: the value the principal (and *out) gets */
} fc_scn_unc;

/* A value a stage used for a key the scenario leaves out (for the manifest). */
typedef struct fc_scn_default {
    char *section, *key, *value;
} fc_scn_default;

typedef struct fc_scenario {
    char path[FC_SCN_PATH_MAX]; /* the top scenario file */
    char name[128];             /* [run] name, else the file name without extension */
    const char *out;            /* [run] out resolved, or NULL */
    unsigned long seed;         /* [run] seed, default 1 */
    int xlsx;                   /* [run] xlsx = yes: also write outputs.xlsx (engine/io/xlsx.h) */
    int digits;                 /* [output] digits: significant digits of numbers, 0 shortest */
    fc_scn_entry *e;
    size_t n, cap;
    char **files;               /* every file read (top first, then includes), owned */
    size_t nfiles;
    fc_scn_default *dflt;       /* defaults the getters saw, in order of first use (owned) */
    size_t ndflt;
    fc_scn_unc *unc;            /* uncertain parameters, in order of first reading (owned) */
    size_t nunc;
} fc_scenario;

/* Reads a scenario file and its includes. Syntax errors, include cycles, unreadable files and
 * bad [run] values are errors naming the file and line. Free with fc_scenario_free (also after
 * a failure). */
fc_status fc_scenario_read(const char *path, fc_scenario *scn, fc_err *err);

/* Reads [run] name and seed into scn (again, after overrides such as --set may have changed
 * them); the name is kept when [run] gives none. Located errors. */
fc_status fc_scn_settle(fc_scenario *scn, fc_err *err);
void fc_scenario_free(fc_scenario *scn);

/* Sets section.key = value as if written at the end of the scenario (sweeps, --set). */
fc_status fc_scn_set(fc_scenario *s, const char *section, const char *key, const char *value,
                     fc_err *err);

/* Does any entry belong to this section (case-insensitive)? */
int fc_scn_has(const fc_scenario *s, const char *section);

/* The entry for section.key that wins (the last), or NULL. Marks every entry for that key
 * used. */
const fc_scn_entry *fc_scn_get(fc_scenario *s, const char *section, const char *key);

/* Typed getters. Each leaves *out untouched when the key is absent, so callers set defaults
 * first; a present but bad value is an FC_EDATA error at the entry's file and line. When the
 * key is absent, fc_scn_num, fc_scn_long and fc_scn_choice record the default found in *out
 * in s->dflt (numbers only when inside lo..hi: a value outside means "automatic", such as a
 * horizon of 0 for "base year + 25", and is not a parameter anyone chose). */
fc_status fc_scn_str(fc_scenario *s, const char *section, const char *key, const char **out,
                     fc_err *err);
fc_status fc_scn_path(fc_scenario *s, const char *section, const char *key, const char **out,
                      fc_err *err);
fc_status fc_scn_num(fc_scenario *s, const char *section, const char *key, double lo, double hi,
                     double *out, fc_err *err);
/* fc_scn_num also accepts an uncertain value (see fc_scn_unc): *out receives its median, which
 * must lie in lo..hi (as must both ends of an interval), and the parameter is recorded in
 * s->unc by its name "section.key"; the draws give each stage its values through the stage's
 * spec_for_draw (engine/chain/chain.h). A bad distribution
 * (`lognormal(1)`, `[5, 1]`, `beta(-1, 2)`, an unknown name) is FC_EDATA at the entry. */
fc_status fc_scn_long(fc_scenario *s, const char *section, const char *key, long lo, long hi,
                      long *out, fc_err *err);
/* names: NULL-terminated list of accepted words; *out = index of the one given. */
fc_status fc_scn_choice(fc_scenario *s, const char *section, const char *key,
                        const char *const names[], int *out, fc_err *err);

/* Raises FC_EDATA located at an entry (for checks a stage makes across keys). */
fc_status fc_scn_fail(const fc_scn_entry *e, fc_err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Raises FC_EDATA located at the top scenario file (for a missing required key). */
fc_status fc_scn_fail_file(const fc_scenario *s, fc_err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The first entry no stage asked for, as an FC_EDATA error naming it, or FC_OK: "unknown
 * section" when its section is not in `known` (NULL-terminated; a name ending in a space,
 * like "variant ", is a prefix), else "unknown key". */
fc_status fc_scn_unused(const fc_scenario *s, const char *const known[], fc_err *err);

#endif /* FC_ENGINE_SCENARIO_H */
