/* standardise_int.h: what the standardisation stage's files share (engine/standardise/): standardise.c
 * (helpers, writing, the command and the stage), input.c (the standard, counts, population
 * and reference tables), job.c (strata and the rates and ratios).
 */
#ifndef FC_ENGINE_STANDARDISE_STANDARDISE_INT_H
#define FC_ENGINE_STANDARDISE_STANDARDISE_INT_H

#include "engine/standardise/standardise.h"

#include "engine/io/grow.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/chain/chain.h"
#include "engine/io/table.h"
#include "models/activity.h"

#define NB_MAX (FC_AGE_MAX + 1) /* most bands a standard can have */
#define FIT_OUTSIDE (-1)        /* no age of the band is in the standard */
#define FIT_SPLIT (-2)          /* the band crosses a boundary of the standard's bands */
#define PHE_EXACT_BELOW 10.0    /* PHE ratios: exact limits below 10 events, Byar's from 10 */
typedef struct stdpop {
    size_t nb; /* bands, contiguous from lo[0] */
    int lo[NB_MAX], hi[NB_MAX];
    double w[2][NB_MAX];     /* weight of each band, by sex (equal without a sex column) */
    int by_sex;              /* the table gives weights by sex */
    int jof[FC_AGE_MAX + 1]; /* the band of each single age, -1 outside the standard */
} stdpop;
typedef struct srow {
    int lo, hi, sex; /* sex -1: both */
    double w;
    size_t line;
} srow;
typedef struct sctx {
    srow *row;
    size_t n, cap;
    int has_sex;
} sctx;
enum { ST_AGE, ST_POP, ST_SEX, ST_N };
typedef struct crow {
    uint32_t area, measure;
    int year;
    int sex;       /* 0 F, 1 M, 2 persons */
    int lo, hi, j; /* the row's band and the standard band holding it */
    double v;
    size_t line;
} crow;
typedef struct cctx {
    const stdpop *std;
    fc_intern *areas, *measures;
    crow *row;
    size_t n, cap;
    int has_year;
    size_t frac_line;    /* first count that is not a whole number */
    unsigned char *mode; /* per measure: bit 0 F, bit 1 M, bit 2 persons */
    size_t *mode_line;   /* per measure: the line that set the first bit */
    size_t nmode, mode_cap;
} cctx;
enum { CT_AREA, CT_AREA_CODE, CT_MEASURE, CT_YEAR, CT_SEX, CT_AGE, CT_COUNT, CT_N };
typedef struct qrow {
    uint32_t var, area; /* area: index among the counts' areas */
    int year;
    int sex, lo, hi, j;
    size_t t; /* index of the output year (0 for a population without years) */
    double v;
    size_t line;
} qrow;
typedef struct qctx {
    const fc_stdz_spec *sp;
    const fc_intern *areas; /* the counts' areas: other areas are skipped */
    fc_intern *variants;
    const unsigned char *want_year; /* [3101 - 1000]: the years kept, or NULL for all */
    qrow *row;
    size_t n, cap, nread;
    int has_var, has_year;
    int ylo, yhi; /* the years of the whole table */
} qctx;
enum { PQ_VARIANT, PQ_AREA, PQ_AREA_CODE, PQ_YEAR, PQ_SEX, PQ_AGE, PQ_POP, PQ_N };
typedef struct rrow {
    int measure; /* index among the counts' measures; -1: every measure */
    int year, sex, lo, hi;
    double v;
    size_t line;
} rrow;
typedef struct rctx {
    const fc_intern *measures;
    rrow *row;
    size_t n, cap, nread;
    int has_year;
} rctx;
enum { RF_MEASURE, RF_YEAR, RF_SEX, RF_AGE, RF_RATE, RF_N };
typedef struct job {
    const fc_stdz_spec *sp;
    fc_warnings *warn;
    fc_err *err;
    stdpop std;
    cctx cnt;
    size_t nm, na, ny, nb, npt; /* measures, areas, output years, bands, population years */
    int *year;                  /* [ny] the output years (FC_NO_YEAR: none) */
    int has_year;               /* the outputs have a year column */
    int pop_has_year;
    double *c;   /* [m][t][a][sex][j] events (persons counts in sex 0) */
    double *n;   /* [t'][a][sex][j] person-years */
    double *ref; /* [m][t][sex][j] reference rates, events per person-year */
} job;

extern const char *const sd_sex_name[3];
extern const double sd_level[2];
extern const fc_csv_col sd_count_cols[CT_N];
extern const fc_csv_col sd_pop_cols[PQ_N];
extern const fc_csv_col sd_ref_cols[RF_N];

/* "67", "65-69" or "90+" into buf (>= 24 bytes). */
const char * sd_blabel(int lo, int hi, char *buf);

int sd_hi_eff(int hi);

/* The standard band holding every age of [lo, hi], FIT_OUTSIDE or FIT_SPLIT. */
int sd_fit(const stdpop *s, int lo, int hi);

const char * sd_sband(const stdpop *s, size_t j, char *buf);

/* Reads the standard: age bands contiguous from the first (which may be above 0; the last
 * may be open or closed), a weight for every band and sex ('*' or no sex column: both). */
fc_status sd_std_load(const char *path, stdpop *s, fc_warnings *warn, fc_err *err);

fc_status sd_count_row_fn(void *ctx, const fc_csv_row *row, fc_err *err);

int sd_cmp_crow(const void *a, const void *b);

fc_status sd_pop_row_fn(void *ctx, const fc_csv_row *row, fc_err *err);

/* The chain's projection as population rows (areas without counts left out). */
fc_status sd_pop_from_projection(const fc_projection *p, qctx *c, fc_err *err);

int sd_cmp_qrow(const void *a, const void *b);

fc_status sd_ref_row_fn(void *ctx, const fc_csv_row *row, fc_err *err);

void sd_job_fini(job *j);

/* Reads the counts: areas, measures, years; sorts them and rejects overlapping bands. */
fc_status sd_load_counts(job *j);

#endif /* FC_ENGINE_STANDARDISE_STANDARDISE_INT_H */
