/* table.h: the typed input tables of SCHEMAS.md: base population (which fixes the areas and the
 * age grid), rate tables (fertility, mortality, migration, and the need/activity rates of later
 * stages), and control totals. Every row keeps its line until validation ends, so a later
 * check can still point at the file and line that caused it.
 *
 * Rate tables are resolved onto a target age grid through a single-year "fine" grid: each row's
 * band is laid over the ages it covers, more specific rows (a named area over '*', a named sex
 * over '*') win over less specific ones, and two rows of equal specificity covering the same
 * age are an overlap error. Rates are then read per target group (a group must be covered by
 * one band, so a rate is never silently averaged); counts are spread evenly over a band's
 * single years and summed per group.
 */
#ifndef FC_ENGINE_TABLE_H
#define FC_ENGINE_TABLE_H

#include <limits.h>
#include <stddef.h>

#include "engine/io/csvin.h"
#include "engine/io/intern.h"
#include "models/status.h"

#define FC_AGE_OPEN (-1)     /* hi of an open-ended band */
#define FC_AGE_MAX 200       /* highest age accepted in any table */
#define FC_NO_YEAR INT_MIN   /* a row of a table without a year column */
#define FC_ANY (-1)          /* '*' for area or sex */
#define FC_MAX_PERSONS 1e10  /* more people than live on Earth: a count above it in any cell
                                (population, control total, net migration) is a typing or
                                unit error, refused at its line before it can overflow later
                                arithmetic such as the money */

/* An age grid: n contiguous groups from 0, the last one open. */
typedef struct fc_ages {
    size_t n;          /* groups, including the open one */
    int width;         /* 1 or 5 for a population grid; 0 for an irregular grid */
    int lo[FC_AGE_MAX + 1]; /* first age of each group */
    int hi[FC_AGE_MAX + 1]; /* last age, FC_AGE_OPEN for the last group */
} fc_ages;

/* Writes the label of group g as SCHEMAS.md spells it ("67", "65-69", "90+") into buf (>= 16
 * bytes) and returns buf. */
const char *fc_ages_label(const fc_ages *a, size_t g, char *buf);

/* Builds a grid from band bounds (lo[i], hi[i]), i < n, in any order and with repeats: the
 * distinct bands must tile 0..open without gaps or overlaps and the open band must be last.
 * width is set to 1 or 5 when every closed band has that width, else 0. FC_EDATA naming path
 * when the bands do not tile (line 0: the message names the bands). */
fc_status fc_ages_from_bands(const int lo[], const int hi[], size_t n, const char *path,
                             fc_ages *out, fc_err *err);

/* ---------------------------------------------------------------- base population */

typedef struct fc_popin {
    fc_intern *areas;  /* area codes, in order of first appearance */
    fc_ages ages;      /* the grid: single years or five-year groups */
    int year;          /* base year (mid-year) */
    double *pop;       /* [area][sex][age] persons; sex 0 = F, 1 = M */
} fc_popin;

/* Reads a base population (area, year?, sex, age, population). base_year (or FC_NO_YEAR)
 * is required when the table has no year column and must agree with it when it has one.
 * Errors: missing/duplicate rows, gaps or overlaps in ages, a grid that is neither single
 * years nor five-year groups, several years, negative counts. Fills out (free with
 * fc_popin_fini). */
fc_status fc_popin_read(const char *path, int base_year, fc_popin *out, fc_warnings *warn,
                        fc_err *err);
/* Same, with the table's columns renamed by colmap ("file_name=our_name,...", fc_csv_read_as). */
fc_status fc_popin_read_as(const char *path, const char *colmap, int base_year, fc_popin *out,
                           fc_warnings *warn, fc_err *err);
void fc_popin_fini(fc_popin *p);

/* ---------------------------------------------------------------- rate tables */

typedef struct fc_rate_row {
    int year;        /* FC_NO_YEAR when the table has no year column */
    int area;        /* area index, or FC_ANY */
    int sex;         /* 0, 1, or FC_ANY */
    int key;         /* index into keys (service/measure), 0 when the table has none */
    int lo, hi;      /* age band; hi = FC_AGE_OPEN for an open band */
    double v;        /* the value */
    size_t line;     /* file line */
} fc_rate_row;

typedef struct fc_rate_spec {
    const char *value;     /* value column, e.g. "mx" */
    const char *key;       /* key column ("service", "measure") or NULL */
    int has_sex;           /* the table has a sex column */
    int area_optional;     /* a missing area column means '*' */
    int allow_negative;    /* values may be negative (net migration) */
    double max_value;      /* values above are errors (0 = no limit) */
    int age_lo, age_hi;    /* ages outside are errors (hi -1 = no limit) */
    int value_optional;    /* the value column may be missing, and rows with an empty value
                              are skipped (the table then may have no rows: nyear 0) */
    const char *const *others; /* NULL-terminated: other value columns the table may carry,
                                  read by other specs (not reported as unknown), or NULL */
} fc_rate_spec;

typedef struct fc_ratein {
    char *path;
    fc_rate_row *row;
    size_t nrow;
    int has_year;
    int *years;        /* distinct years, ascending (one FC_NO_YEAR entry without a year column) */
    size_t nyear;
    fc_intern *keys;   /* distinct keys (NULL when spec->key is NULL) */
    const fc_intern *areas; /* borrowed: the population's areas */
} fc_ratein;

/* Reads a rate table. Areas must be in `areas` (or '*'). Fills out; free with
 * fc_ratein_fini. */
fc_status fc_ratein_read(const char *path, const fc_rate_spec *spec, const fc_intern *areas,
                         fc_ratein *out, fc_warnings *warn, fc_err *err);
void fc_ratein_fini(fc_ratein *r);

/* How fc_ratein_expand fills the target grid. */
typedef enum fc_expand_mode {
    FC_EXPAND_RATE = 0,   /* each target group lies inside one band; every group covered */
    FC_EXPAND_COUNT = 1,  /* counts spread evenly over single years and summed; all covered */
    FC_EXPAND_RATE0 = 2   /* as RATE, but uncovered groups are 0 (fertility) */
} fc_expand_mode;

/* Resolves year index yi of r onto grid g for every key, area and sex: out is
 * [key][area][sex][group] (nsex = 2, or 1 with sex ignored when the spec had no sex column).
 * FC_EDATA naming r->path (and a line where one row is to blame) for overlaps, gaps, a band
 * that splits a group, or an area/sex/age not covered. */
fc_status fc_ratein_expand(const fc_ratein *r, size_t yi, const fc_ages *g, size_t narea,
                           size_t nsex, fc_expand_mode mode, double *out, fc_err *err);

/* The year index in r that applies to the step starting in `year`: the last table year <=
 * year (a table without years: 0). FC_EDATA when the table starts after `year`. */
fc_status fc_ratein_year_index(const fc_ratein *r, int year, size_t *yi, fc_err *err);

/* The grid formed by the bands of r (e.g. the mortality table's own ages: single years, or
 * abridged 0, 1-4, 5-9, ...). FC_EDATA when its bands do not tile the ages. */
fc_status fc_ratein_grid(const fc_ratein *r, fc_ages *out, fc_err *err);

/* ---------------------------------------------------------------- control totals */

typedef struct fc_ctlin {
    int kind;          /* fc_ctl_kind: 1 total, 2 by sex, 3 by sex and age */
    size_t nyear;
    int *years;        /* ascending */
    double *value;     /* [year][cell], cells: 1, 2 or 2*n_age */
    size_t ncell;
} fc_ctlin;

/* Reads control totals (year, population, sex?, age?) for the grid g. Ages must match the
 * population's groups exactly. Years must be projection years (base < year <= horizon, on a
 * step). Every cell of a year that appears must be given. */
fc_status fc_ctlin_read(const char *path, const fc_ages *g, int base_year, int horizon,
                        int step, fc_ctlin *out, fc_warnings *warn, fc_err *err);
void fc_ctlin_fini(fc_ctlin *c);

#endif /* FC_ENGINE_TABLE_H */
