/* cmd_standardise.c: `fulcrum standardise` and the [standardise] stage (standardise_job.h):
 * directly standardised rates with Dobson limits and indirectly standardised ratios with
 * Byar's or exact limits, by area, year, measure and sex. Inputs are read and checked here
 * (located errors, nothing written on failure); the numerics are models/activity.c.
 */
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

static const char *const sex_name[3] = {"F", "M", "P"};
static const double level[2] = {0.95, 0.998}; /* the two confidence levels written */

void
fc_stdz_spec_init(fc_stdz_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->method = FC_STDZ_PHE;
    spec->per = 100000.0;
    spec->min_count = 10;
    spec->year = FC_NO_YEAR;
    spec->open_age = FC_PROJ_NO_OPEN_AGE;
}


/* "67", "65-69" or "90+" into buf (>= 24 bytes). */
static const char *
blabel(int lo, int hi, char *buf)
{
    if (hi == FC_AGE_OPEN)
        snprintf(buf, 24, "%d+", lo);
    else if (hi == lo)
        snprintf(buf, 24, "%d", lo);
    else
        snprintf(buf, 24, "%d-%d", lo, hi);
    return buf;
}

static int
hi_eff(int hi)
{
    return hi == FC_AGE_OPEN ? FC_AGE_MAX : hi;
}

/* ---------------------------------------------------------------- the standard population */

typedef struct stdpop {
    size_t nb; /* bands, contiguous from lo[0] */
    int lo[NB_MAX], hi[NB_MAX];
    double w[2][NB_MAX];     /* weight of each band, by sex (equal without a sex column) */
    int by_sex;              /* the table gives weights by sex */
    int jof[FC_AGE_MAX + 1]; /* the band of each single age, -1 outside the standard */
} stdpop;

/* The standard band holding every age of [lo, hi], FIT_OUTSIDE or FIT_SPLIT. */
static int
fit(const stdpop *s, int lo, int hi)
{
    int he = hi_eff(hi), top = hi_eff(s->hi[s->nb - 1]);
    if (he < s->lo[0] || lo > top)
        return FIT_OUTSIDE;
    if (lo < s->lo[0] || he > top || s->jof[lo] != s->jof[he])
        return FIT_SPLIT;
    return s->jof[lo];
}

static const char *
sband(const stdpop *s, size_t j, char *buf)
{
    return blabel(s->lo[j], s->hi[j], buf);
}

/* Locates a band that does not fit the standard at column i of row. */
static fc_status
misfit(const stdpop *s, const fc_csv_row *row, size_t i, int lo, int hi, int how, fc_err *err)
{
    char b[24], f[24], l[24];
    sband(s, 0, f);
    sband(s, s->nb - 1, l);
    if (how == FIT_OUTSIDE)
        return fc_csv_fail(row, i, err,
                           "age '%s' is outside the standard population's ages "
                           "('%s' to '%s'): leave those rows out, or use a standard that "
                           "covers them",
                           blabel(lo, hi, b), f, l);
    return fc_csv_fail(row, i, err,
                       "age band '%s' does not lie inside one of the standard's "
                       "bands ('%s', ... '%s'): give it in the standard's bands or narrower ones",
                       blabel(lo, hi, b), f, l);
}

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
static const fc_csv_col std_cols[ST_N] = {{"age", 1}, {"population", 1}, {"sex", 0}};

static fc_status
std_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    sctx *c = ctx;
    srow r = {0, 0, -1, 0.0, row->line};
    if (fc_csv_age(row, ST_AGE, &r.lo, &r.hi, err) || fc_csv_nonneg(row, ST_POP, &r.w, err))
        return FC_EDATA;
    if (r.lo > FC_AGE_MAX || r.hi > FC_AGE_MAX)
        return fc_csv_fail(row, ST_AGE, err, "ages above %d are not accepted", FC_AGE_MAX);
    if (row->field[ST_SEX] && fc_csv_sex(row, ST_SEX, 1, &r.sex, err))
        return FC_EDATA;
    c->has_sex |= r.sex >= 0;
    if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->row[c->n++] = r;
    return FC_OK;
}

static int
cmp_srow(const void *a, const void *b)
{
    const srow *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Reads the standard: age bands contiguous from the first (which may be above 0; the last
 * may be open or closed), a weight for every band and sex ('*' or no sex column: both). */
static fc_status
std_load(const char *path, stdpop *s, fc_warnings *warn, fc_err *err)
{
    sctx c = {NULL, 0, 0, 0};
    size_t bline[NB_MAX], wline[2][NB_MAX];
    double total = 0.0;
    char b1[24], b2[24];
    fc_status st;

    memset(s, 0, sizeof *s);
    if ((st = fc_csv_read(path, std_cols, ST_N, 1, std_row_fn, &c, warn, err)) != FC_OK)
        goto done;
    qsort(c.row, c.n, sizeof *c.row, cmp_srow);
    memset(wline, 0, sizeof wline);
    for (size_t i = 0; i < c.n; i++) {
        const srow *r = &c.row[i];
        size_t k = s->nb ? s->nb - 1 : 0;
        if (s->nb == 0 || r->lo != s->lo[k]) {
            if (s->nb > 0 && (s->hi[k] == FC_AGE_OPEN || r->lo <= s->hi[k])) {
                size_t l1 = bline[k] > r->line ? bline[k] : r->line;
                size_t l0 = bline[k] > r->line ? r->line : bline[k];
                st = fc_err_at(err, FC_EDATA, path, l1, 0,
                               "age band '%s' overlaps '%s' (the "
                               "bands are on lines %zu and %zu)",
                               blabel(r->lo, r->hi, b1), blabel(s->lo[k], s->hi[k], b2), l0, l1);
                goto done;
            }
            if (s->nb > 0 && r->lo > s->hi[k] + 1) {
                char b3[24];
                st = fc_err_at(err, FC_EDATA, path, r->line, 0,
                               "the standard has no band for "
                               "ages %s (between '%s' and '%s')",
                               blabel(s->hi[k] + 1, r->lo - 1, b1), blabel(s->lo[k], s->hi[k], b2),
                               blabel(r->lo, r->hi, b3));
                goto done;
            }
            k = s->nb++;
            s->lo[k] = r->lo;
            s->hi[k] = r->hi;
            bline[k] = r->line;
        } else if (r->hi != s->hi[k]) {
            st = fc_err_at(err, FC_EDATA, path, r->line, 0,
                           "age band '%s' overlaps '%s' given "
                           "on line %zu",
                           blabel(r->lo, r->hi, b1), blabel(s->lo[k], s->hi[k], b2), bline[k]);
            goto done;
        }
        for (int x = 0; x < 2; x++) {
            if (r->sex >= 0 && r->sex != x)
                continue;
            if (wline[x][k]) {
                st = fc_err_at(err, FC_EDATA, path, r->line, 0,
                               "the standard population for "
                               "sex %s, age '%s' is already given on line %zu",
                               sex_name[x], blabel(r->lo, r->hi, b1), wline[x][k]);
                goto done;
            }
            wline[x][k] = r->line;
            s->w[x][k] = r->w;
            total += r->w;
        }
    }
    for (size_t k = 0; k < s->nb; k++)
        for (int x = 0; x < 2; x++)
            if (!wline[x][k]) {
                st = fc_err_at(err, FC_EDATA, path, 0, 0,
                               "no standard population for sex %s, "
                               "age '%s' (give both sexes, or '*', for every band)",
                               sex_name[x], blabel(s->lo[k], s->hi[k], b1));
                goto done;
            }
    if (!(total > 0.0)) {
        st = fc_err_at(err, FC_EDATA, path, 0, 0, "the standard population is zero");
        goto done;
    }
    s->by_sex = c.has_sex;
    for (int x = 0; x <= FC_AGE_MAX; x++)
        s->jof[x] = -1;
    for (size_t k = 0; k < s->nb; k++)
        for (int x = s->lo[k]; x <= hi_eff(s->hi[k]); x++)
            s->jof[x] = (int)k;
done:
    free(c.row);
    return st;
}

/* ---------------------------------------------------------------- observed counts */

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
static const fc_csv_col count_cols[CT_N] = {
    {"area", 0}, {"area_code", 0}, {"measure", 0}, {"year", 0},
    {"sex", 1},  {"age", 1},       {"count", 1},
};

/* The area column of a row (`area` or `area_code`), checked on the first row. */
static fc_status
area_field(const fc_csv_row *row, size_t ia, size_t ic, int first, size_t *col, fc_err *err)
{
    if (first) {
        if (!row->pos[ia] && !row->pos[ic])
            return fc_err_at(err, FC_EDATA, row->path, 1, 0, "missing required column 'area'");
        if (row->pos[ia] && row->pos[ic])
            return fc_err_at(err, FC_EDATA, row->path, 1, row->pos[ic],
                             "columns 'area' and "
                             "'area_code' both given: keep one");
    }
    *col = row->field[ia] ? ia : ic;
    const char *a = row->field[*col];
    if (a[0] == '\0' || strcmp(a, "*") == 0)
        return fc_csv_fail(row, *col, err, "a row needs an area code");
    return FC_OK;
}

static fc_status
count_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    cctx *c = ctx;
    crow r;
    size_t ac, idx;
    long y = FC_NO_YEAR;
    int sex;

    if (c->n == 0)
        c->has_year = row->pos[CT_YEAR] != 0;
    if (area_field(row, CT_AREA, CT_AREA_CODE, c->n == 0, &ac, err))
        return FC_EDATA;
    if (row->field[CT_MEASURE] && row->field[CT_MEASURE][0] == '\0')
        return fc_csv_fail(row, CT_MEASURE, err, "empty measure name");
    if ((c->has_year && fc_csv_int(row, CT_YEAR, 1000, 3100, &y, err)) ||
        fc_csv_sex(row, CT_SEX, 1, &sex, err) || fc_csv_age(row, CT_AGE, &r.lo, &r.hi, err) ||
        fc_csv_nonneg(row, CT_COUNT, &r.v, err))
        return FC_EDATA;
    if (r.lo > FC_AGE_MAX || r.hi > FC_AGE_MAX)
        return fc_csv_fail(row, CT_AGE, err, "ages above %d are not accepted", FC_AGE_MAX);
    if ((r.j = fit(c->std, r.lo, r.hi)) < 0)
        return misfit(c->std, row, CT_AGE, r.lo, r.hi, r.j, err);
    if (!c->frac_line && r.v != floor(r.v))
        c->frac_line = row->line;
    if (fc_intern_add(c->areas, row->field[ac], &idx, err))
        return FC_ENOMEM;
    if (idx >= UINT32_MAX)
        return fc_csv_fail(row, ac, err, "too many areas");
    r.area = (uint32_t)idx;
    if (fc_intern_add(c->measures, row->field[CT_MEASURE] ? row->field[CT_MEASURE] : "all", &idx,
                      err))
        return FC_ENOMEM;
    if (idx >= UINT32_MAX)
        return fc_csv_fail(row, CT_MEASURE, err, "too many measures");
    r.measure = (uint32_t)idx;
    r.year = (int)y;
    r.sex = sex < 0 ? 2 : sex;
    r.line = row->line;
    if (idx >= c->nmode) {
        if (fc_grow((void **)&c->mode, &c->mode_cap, idx, 1)) /* cap grows with mode */
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        size_t *ml = realloc(c->mode_line, c->mode_cap * sizeof *ml);
        if (ml == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        c->mode_line = ml;
        c->mode[idx] = 0;
        c->mode_line[idx] = 0;
        c->nmode = idx + 1;
    }
    {
        unsigned char bit = (unsigned char)(1u << r.sex), m = c->mode[r.measure];
        if (m && ((bit == 4) != (m == 4)))
            return fc_csv_fail(row, CT_SEX, err,
                               "measure '%s' has counts for persons ('P' or "
                               "'*') and by sex (line %zu): give one or the other",
                               fc_intern_name(c->measures, r.measure), c->mode_line[r.measure]);
        if (!m)
            c->mode_line[r.measure] = row->line;
        c->mode[r.measure] = (unsigned char)(m | bit);
    }
    if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->row[c->n++] = r;
    return FC_OK;
}

static int
cmp_crow(const void *a, const void *b)
{
    const crow *x = a, *y = b;
    if (x->measure != y->measure)
        return x->measure < y->measure ? -1 : 1;
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    if (x->area != y->area)
        return x->area < y->area ? -1 : 1;
    if (x->sex != y->sex)
        return x->sex < y->sex ? -1 : 1;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* ---------------------------------------------------------------- the population at risk */

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

/* Is year y one the job needs (the counts' years, or the chosen one)? Tracks the range. */
static int
keep_year(qctx *c, int y)
{
    if (c->ylo == 0 || y < c->ylo)
        c->ylo = y;
    if (y > c->yhi)
        c->yhi = y;
    return c->want_year == NULL || c->want_year[y - 1000];
}

enum { PQ_VARIANT, PQ_AREA, PQ_AREA_CODE, PQ_YEAR, PQ_SEX, PQ_AGE, PQ_POP, PQ_N };
static const fc_csv_col pop_cols[PQ_N] = {
    {"variant", 0}, {"area", 0}, {"area_code", 0},  {"year", 0},
    {"sex", 1},     {"age", 1},  {"population", 1},
};

static fc_status
pop_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    qctx *c = ctx;
    qrow r;
    size_t ac, idx;
    long y = FC_NO_YEAR;
    int open = c->sp->open_age;

    if (c->nread++ == 0) {
        c->has_var = row->pos[PQ_VARIANT] != 0;
        c->has_year = row->pos[PQ_YEAR] != 0;
    }
    if (area_field(row, PQ_AREA, PQ_AREA_CODE, c->nread == 1, &ac, err))
        return FC_EDATA;
    if ((c->has_year && fc_csv_int(row, PQ_YEAR, 1000, 3100, &y, err)) ||
        fc_csv_sex(row, PQ_SEX, 0, &r.sex, err) || fc_csv_age(row, PQ_AGE, &r.lo, &r.hi, err) ||
        fc_csv_nonneg(row, PQ_POP, &r.v, err))
        return FC_EDATA;
    if (r.lo > FC_AGE_MAX || r.hi > FC_AGE_MAX)
        return fc_csv_fail(row, PQ_AGE, err, "ages above %d are not accepted", FC_AGE_MAX);
    if (open != FC_PROJ_NO_OPEN_AGE) {
        if (r.lo == open && r.hi == r.lo)
            r.hi = FC_AGE_OPEN;
        else if (r.lo > open || (r.lo < open && r.hi == FC_AGE_OPEN))
            return fc_csv_fail(row, PQ_AGE, err,
                               "age '%s' does not fit the open age %d (which "
                               "stands for '%d+')",
                               row->field[PQ_AGE], open, open);
    }
    if (c->has_var && row->field[PQ_VARIANT][0] == '\0')
        return fc_csv_fail(row, PQ_VARIANT, err, "empty variant name");
    if (fc_intern_add(c->variants, c->has_var ? row->field[PQ_VARIANT] : "principal", &idx, err))
        return FC_ENOMEM;
    r.var = (uint32_t)idx;
    if (c->has_year && !keep_year(c, (int)y))
        return FC_OK; /* a year not needed */
    if (c->sp->variant && strcmp(fc_intern_name(c->variants, idx), c->sp->variant) != 0)
        return FC_OK; /* another variant */
    if ((idx = fc_intern_find(c->areas, row->field[ac])) == FC_INTERN_NONE)
        return FC_OK; /* an area without counts */
    r.area = (uint32_t)idx;
    r.year = (int)y;
    r.line = row->line;
    r.j = -1;
    r.t = 0;
    if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->row[c->n++] = r;
    return FC_OK;
}

/* The chain's projection as population rows (areas without counts left out). */
static fc_status
pop_from_projection(const fc_projection *p, qctx *c, fc_err *err)
{
    size_t nv = fc_projection_nvariant(p), na = fc_projection_narea(p), ng = p->ages.n;
    c->has_var = p->has_variant;
    c->has_year = 1;
    for (size_t v = 0; v < nv; v++) {
        size_t idx;
        if (fc_intern_add(c->variants, fc_intern_name(p->variants, v), &idx, err))
            return FC_ENOMEM;
    }
    for (size_t v = 0; v < nv; v++)
        for (size_t a = 0; a < na; a++) {
            size_t ca = fc_intern_find(c->areas, fc_intern_name(p->areas, a));
            if (ca == FC_INTERN_NONE)
                continue;
            for (size_t t = 0; t < p->nyear; t++) {
                size_t b = fc_projection_block(p, v, a, t);
                if (!p->have[b] || !keep_year(c, p->year0 + (int)t * p->step))
                    continue;
                for (int s = 0; s < 2; s++)
                    for (size_t g = 0; g < ng; g++) {
                        qrow r = {(uint32_t)v,
                                  (uint32_t)ca,
                                  p->year0 + (int)t * p->step,
                                  s,
                                  p->ages.lo[g],
                                  p->ages.hi[g],
                                  -1,
                                  0,
                                  p->pop[(b * 2 + (size_t)s) * ng + g],
                                  0};
                        if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
                            return FC_FAIL(err, FC_ENOMEM, "out of memory");
                        c->row[c->n++] = r;
                    }
            }
        }
    return FC_OK;
}

static int
cmp_qrow(const void *a, const void *b)
{
    const qrow *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->area != y->area)
        return x->area < y->area ? -1 : 1;
    if (x->sex != y->sex)
        return x->sex < y->sex ? -1 : 1;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* ---------------------------------------------------------------- reference rates */

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
static const fc_csv_col ref_cols[RF_N] = {
    {"measure", 0}, {"year", 0}, {"sex", 1}, {"age", 1}, {"rate", 1},
};

static fc_status
ref_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    rctx *c = ctx;
    rrow r = {-1, FC_NO_YEAR, -1, 0, 0, 0.0, row->line};
    long y;
    if (c->nread++ == 0)
        c->has_year = row->pos[RF_YEAR] != 0;
    if ((c->has_year && fc_csv_int(row, RF_YEAR, 1000, 3100, &y, err)) ||
        fc_csv_sex(row, RF_SEX, 1, &r.sex, err) || fc_csv_age(row, RF_AGE, &r.lo, &r.hi, err) ||
        fc_csv_nonneg(row, RF_RATE, &r.v, err))
        return FC_EDATA;
    if (r.lo > FC_AGE_MAX || r.hi > FC_AGE_MAX)
        return fc_csv_fail(row, RF_AGE, err, "ages above %d are not accepted", FC_AGE_MAX);
    if (c->has_year)
        r.year = (int)y;
    if (row->field[RF_MEASURE] && strcmp(row->field[RF_MEASURE], "*") != 0) {
        size_t m = fc_intern_find(c->measures, row->field[RF_MEASURE]);
        if (m == FC_INTERN_NONE)
            return FC_OK; /* a measure without counts */
        r.measure = (int)m;
    }
    if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->row[c->n++] = r;
    return FC_OK;
}

/* ---------------------------------------------------------------- the job */

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

#define CIDX(J, m, t, a, s) (((((m) * (J)->ny + (t)) * (J)->na + (a)) * 2 + (size_t)(s)) * (J)->nb)
#define NIDX(J, t, a, s)                                                                           \
    (((((J)->pop_has_year ? (t) : 0) * (J)->na + (a)) * 2 + (size_t)(s)) * (J)->nb)
#define RIDX(J, m, t, s) ((((m) * (J)->ny + (t)) * 2 + (size_t)(s)) * (J)->nb)

static void
job_fini(job *j)
{
    free(j->cnt.row);
    free(j->cnt.mode);
    free(j->cnt.mode_line);
    fc_intern_free(j->cnt.areas);
    fc_intern_free(j->cnt.measures);
    free(j->year);
    free(j->c);
    free(j->n);
    free(j->ref);
    memset(j, 0, sizeof *j);
}

static size_t
year_index(const job *j, int y)
{
    for (size_t t = 0; t < j->ny; t++)
        if (j->year[t] == y)
            return t;
    return SIZE_MAX;
}

/* Reads the counts: areas, measures, years; sorts them and rejects overlapping bands. */
static fc_status
load_counts(job *j)
{
    const fc_stdz_spec *sp = j->sp;
    cctx *c = &j->cnt;
    fc_status st;
    char b1[24], b2[24];

    c->std = &j->std;
    c->areas = fc_intern_alloc();
    c->measures = fc_intern_alloc();
    if (!c->areas || !c->measures)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if ((st = fc_csv_read(sp->counts, count_cols, CT_N, 1, count_row_fn, c, j->warn, j->err)))
        return st;
    if (c->frac_line)
        fc_warn(j->warn,
                "%s:%zu: a count that is not a whole number: the confidence limits "
                "treat counts as numbers of events",
                sp->counts, c->frac_line);
    qsort(c->row, c->n, sizeof *c->row, cmp_crow);
    for (size_t i = 1; i < c->n; i++) {
        const crow *p = &c->row[i - 1], *r = &c->row[i];
        if (p->measure != r->measure || p->year != r->year || p->area != r->area ||
            p->sex != r->sex || r->lo > hi_eff(p->hi))
            continue;
        if (p->lo == r->lo && p->hi == r->hi)
            return fc_err_at(j->err, FC_EDATA, sp->counts, r->line, 0,
                             "duplicate row for area "
                             "'%s', measure '%s', sex %s, age '%s' (first given on line %zu)",
                             fc_intern_name(c->areas, r->area),
                             fc_intern_name(c->measures, r->measure), sex_name[r->sex],
                             blabel(r->lo, r->hi, b1), p->line);
        return fc_err_at(j->err, FC_EDATA, sp->counts, r->line > p->line ? r->line : p->line, 0,
                         "age band '%s' overlaps '%s' (lines %zu and %zu)",
                         blabel(r->lo, r->hi, b1), blabel(p->lo, p->hi, b2),
                         r->line < p->line ? r->line : p->line,
                         r->line > p->line ? r->line : p->line);
    }
    j->nm = fc_intern_count(c->measures);
    j->na = fc_intern_count(c->areas);
    j->nb = j->std.nb;
    if (c->has_year) {
        unsigned char seen[3101 - 1000] = {0};
        for (size_t i = 0; i < c->n; i++)
            seen[c->row[i].year - 1000] = 1;
        if ((j->year = malloc(sizeof seen * sizeof *j->year)) == NULL)
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        for (int y = 1000; y <= 3100; y++)
            if (seen[y - 1000])
                j->year[j->ny++] = y;
        j->has_year = 1;
    } else {
        if ((j->year = malloc(sizeof *j->year)) == NULL)
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        j->year[0] = FC_NO_YEAR;
        j->ny = 1;
    }
    return FC_OK;
}

/* The variant of the population to use: --variant, else 'principal', else the only one. */
static fc_status
choose_variant(job *j, const qctx *q, const char *path, size_t *v)
{
    const fc_stdz_spec *sp = j->sp;
    size_t nv = fc_intern_count(q->variants);
    if (sp->variant) {
        if (!q->has_var)
            return fc_err_at(j->err, FC_EDATA, path, 1, 0,
                             "a variant ('%s') is chosen but the "
                             "population has no 'variant' column",
                             sp->variant);
        if ((*v = fc_intern_find(q->variants, sp->variant)) == FC_INTERN_NONE)
            return fc_err_at(j->err, FC_EDATA, path, 0, 0,
                             "the population has no variant '%s' "
                             "(it has '%s'%s)",
                             sp->variant, fc_intern_name(q->variants, 0), nv > 1 ? ", ..." : "");
        return FC_OK;
    }
    if ((*v = fc_intern_find(q->variants, "principal")) != FC_INTERN_NONE)
        return FC_OK;
    if (nv == 1) {
        *v = 0;
        return FC_OK;
    }
    return fc_err_at(j->err, FC_EUSAGE, path, 0, 0,
                     "the population holds %zu variants ('%s', "
                     "'%s', ...): choose one (--variant, or 'variant' in [standardise])",
                     nv, fc_intern_name(q->variants, 0), fc_intern_name(q->variants, 1));
}

/* Reads the population (a file, or the chain's projection), keeps the chosen variant and the
 * years the counts need, sums it into the standard's bands and checks that every area, year
 * and sex covers every age of the standard exactly once. */
static fc_status
load_population(job *j, const fc_projection *proj)
{
    const fc_stdz_spec *sp = j->sp;
    const char *path = sp->population; /* NULL: the chain's projection */
    qctx q;
    size_t v, nk = 0, i;
    fc_status st;
    char b1[24], b2[24];

    if (j->has_year && sp->year != FC_NO_YEAR)
        return fc_err_at(j->err, FC_EUSAGE, sp->counts, 1, 0,
                         "the counts have a year column: a population year (--year, or 'year' in "
                         "[standardise]) is only for counts without one");
    memset(&q, 0, sizeof q);
    q.sp = sp;
    q.areas = j->cnt.areas;
    /* only the years needed are kept (a projection of many years need not be held) */
    unsigned char want[3101 - 1000];
    if (j->has_year || sp->year != FC_NO_YEAR) {
        memset(want, 0, sizeof want);
        for (size_t t = 0; j->has_year && t < j->ny; t++)
            want[j->year[t] - 1000] = 1;
        if (sp->year != FC_NO_YEAR)
            want[sp->year - 1000] = 1;
        q.want_year = want;
    }
    if ((q.variants = fc_intern_alloc()) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if (path)
        st = fc_csv_read(path, pop_cols, PQ_N, 1, pop_row_fn, &q, j->warn, j->err);
    else if (proj)
        st = pop_from_projection(proj, &q, j->err);
    else
        st = FC_FAIL(j->err, FC_EUSAGE, "no population at risk: give a population table");
    if (st || (st = choose_variant(j, &q, path, &v)))
        goto done;
    j->pop_has_year = q.has_year;
    for (i = 0; i < q.n && q.row[i].var != v; i++)
        ;
    if (i == q.n && q.has_year && sp->year != FC_NO_YEAR) {
        st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                       "the population has no year %d for the counts' areas (its years are %d "
                       "to %d)",
                       sp->year, q.ylo, q.yhi);
        goto done;
    }
    if (i == q.n) {
        st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                       "the population has none of the counts' "
                       "areas ('%s'%s)",
                       fc_intern_name(j->cnt.areas, 0), j->na > 1 ? ", ..." : "");
        goto done;
    }

    /* the years */
    if (j->has_year) {
        /* the counts' years: a year missing shows as an area without rows below */
    } else if (q.has_year) {
        int lo = 0, hi = 0, any = 0, found = 0;
        for (i = 0; i < q.n; i++) {
            const qrow *r = &q.row[i];
            if (r->var != v)
                continue;
            if (!any || r->year < lo)
                lo = r->year;
            if (!any || r->year > hi)
                hi = r->year;
            any = 1;
            found |= sp->year == r->year;
        }
        if (sp->year != FC_NO_YEAR && !found) {
            st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                           "the population has no year %d (it "
                           "holds %d to %d)",
                           sp->year, lo, hi);
            goto done;
        }
        if (sp->year == FC_NO_YEAR && lo != hi) {
            st = fc_err_at(j->err, FC_EUSAGE, path, 0, 0,
                           "the population holds the years %d "
                           "to %d and the counts have no year column: choose the year (--year, "
                           "or 'year' in [standardise])",
                           lo, hi);
            goto done;
        }
        j->year[0] = sp->year != FC_NO_YEAR ? sp->year : lo;
        j->has_year = 1;
    } else if (sp->year != FC_NO_YEAR) {
        st = fc_err_at(j->err, FC_EDATA, path, 1, 0,
                       "a year (%d) is chosen but the population "
                       "has no 'year' column",
                       sp->year);
        goto done;
    }
    j->npt = q.has_year ? j->ny : 1;

    /* keep the variant and the years needed; fit each band into the standard's */
    for (i = 0; i < q.n; i++) {
        qrow r = q.row[i];
        if (r.var != v)
            continue;
        if (q.has_year && (r.t = year_index(j, r.year)) == SIZE_MAX)
            continue;
        if ((r.j = fit(&j->std, r.lo, r.hi)) == FIT_OUTSIDE)
            continue;
        if (r.j == FIT_SPLIT) {
            char b3[24];
            st = fc_err_at(j->err, FC_EDATA, path, r.line, 0,
                           "population age band '%s' does "
                           "not lie inside one of the standard's bands ('%s', ... '%s'), so the "
                           "people in it cannot be assigned",
                           blabel(r.lo, r.hi, b1), sband(&j->std, 0, b2),
                           sband(&j->std, j->nb - 1, b3));
            goto done;
        }
        q.row[nk++] = r;
    }
    qsort(q.row, nk, sizeof *q.row, cmp_qrow);
    if ((j->n = calloc(j->npt * j->na * 2 * j->nb, sizeof *j->n)) == NULL) {
        st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        goto done;
    }
    /* walk every (year, area, sex) in order: the kept rows must tile the standard's ages
     * for each sex the counts need (both for persons counts) */
    int need[2] = {0, 0};
    for (size_t m = 0; m < j->nm; m++) {
        need[0] |= (j->cnt.mode[m] & 5) != 0;
        need[1] |= (j->cnt.mode[m] & 6) != 0;
    }
    i = 0;
    for (size_t t = 0; t < j->npt; t++)
        for (size_t a = 0; a < j->na; a++)
            for (int s = 0; s < 2; s++) {
                int next = j->std.lo[0], open = 0;
                if (!need[s]) {
                    while (i < nk && q.row[i].t == t && q.row[i].area == a && q.row[i].sex == s)
                        i++;
                    continue;
                }
                size_t prev = SIZE_MAX;
                char where[160];
                if (q.has_year)
                    snprintf(where, sizeof where, "area '%s', year %d, sex %s",
                             fc_intern_name(j->cnt.areas, a), j->year[t], sex_name[s]);
                else
                    snprintf(where, sizeof where, "area '%s', sex %s",
                             fc_intern_name(j->cnt.areas, a), sex_name[s]);
                for (; i < nk && q.row[i].t == t && q.row[i].area == a && q.row[i].sex == s;
                     prev = i++) {
                    const qrow *r = &q.row[i];
                    if (open || r->lo < next) {
                        const qrow *p = &q.row[prev];
                        st = fc_err_at(j->err, FC_EDATA, path,
                                       r->line > p->line ? r->line : p->line, 0,
                                       "%s: age band "
                                       "'%s' overlaps '%s' (lines %zu and %zu)",
                                       where, blabel(r->lo, r->hi, b1), blabel(p->lo, p->hi, b2),
                                       r->line < p->line ? r->line : p->line,
                                       r->line > p->line ? r->line : p->line);
                        goto done;
                    }
                    if (r->lo > next)
                        break;
                    j->n[NIDX(j, t, a, s) + (size_t)r->j] += r->v;
                    open = r->hi == FC_AGE_OPEN;
                    next = open ? FC_AGE_MAX + 1 : r->hi + 1;
                }
                int top = j->std.hi[j->nb - 1];
                if (prev == SIZE_MAX &&
                    (i >= nk || q.row[i].t != t || q.row[i].area != a || q.row[i].sex != s)) {
                    st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                                   "the population has no rows for "
                                   "%s",
                                   where);
                    goto done;
                }
                if (i < nk && q.row[i].t == t && q.row[i].area == a && q.row[i].sex == s) {
                    st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                                   "the population has no row for "
                                   "%s, ages %s",
                                   where, blabel(next, q.row[i].lo - 1, b1));
                    goto done;
                }
                if (top == FC_AGE_OPEN && !open) {
                    st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                                   "the population for %s stops "
                                   "at age %d, but the standard's last band '%s' is open-ended: "
                                   "give an open group ('%d+'), or, when %d means '%d and over' "
                                   "(ONS files), the open age (--open-age %d)",
                                   where, next - 1, sband(&j->std, j->nb - 1, b1), next, next - 1,
                                   next - 1, next - 1);
                    goto done;
                }
                if (top != FC_AGE_OPEN && next <= top) {
                    st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                                   "the population has no row for "
                                   "%s, ages %s",
                                   where, blabel(next, top, b1));
                    goto done;
                }
            }
done:
    free(q.row);
    fc_intern_free(q.variants);
    return st;
}

/* The counts into the cube; events where the population at risk is zero are errors. */
static fc_status
fill_counts(job *j)
{
    const cctx *c = &j->cnt;
    char b1[24];
    if ((j->c = calloc(j->nm * j->ny * j->na * 2 * j->nb, sizeof *j->c)) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->n; i++) {
        const crow *r = &c->row[i];
        size_t t = j->cnt.has_year ? year_index(j, r->year) : 0;
        int s = r->sex == 2 ? 0 : r->sex;
        const double *n = j->n + NIDX(j, t, r->area, 0);
        double at_risk =
            r->sex == 2 ? n[r->j] + n[j->nb + (size_t)r->j] : n[(size_t)s * j->nb + (size_t)r->j];
        if (r->v > 0.0 && !(at_risk > 0.0))
            return fc_err_at(j->err, FC_EDATA, j->sp->counts, r->line, 0,
                             "%g events but no "
                             "population at risk (area '%s', sex %s, the standard's band '%s')",
                             r->v, fc_intern_name(c->areas, r->area), sex_name[r->sex],
                             sband(&j->std, (size_t)r->j, b1));
        j->c[CIDX(j, r->measure, t, r->area, s) + (size_t)r->j] += r->v;
    }
    return FC_OK;
}

/* Reference rates: the given table, or the counts' areas together (events / person-years by
 * measure, year, sex and band; for persons counts, one rate for both sexes). */
static fc_status
load_reference(job *j)
{
    const fc_stdz_spec *sp = j->sp;
    const size_t nb = j->nb;
    rctx rc;
    fc_status st = FC_OK;
    char b1[24], b2[24];

    if ((j->ref = calloc(j->nm * j->ny * 2 * nb, sizeof *j->ref)) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if (!sp->reference) {
        for (size_t m = 0; m < j->nm; m++)
            for (size_t t = 0; t < j->ny; t++)
                for (size_t k = 0; k < nb; k++) {
                    double cs[2] = {0, 0}, ns[2] = {0, 0};
                    for (size_t a = 0; a < j->na; a++)
                        for (int s = 0; s < 2; s++) {
                            cs[s] += j->c[CIDX(j, m, t, a, s) + k];
                            ns[s] += j->n[NIDX(j, t, a, s) + k];
                        }
                    double *r = j->ref + RIDX(j, m, t, 0) + k;
                    if (j->cnt.mode[m] == 4) {
                        r[0] = r[nb] = ns[0] + ns[1] > 0.0 ? cs[0] / (ns[0] + ns[1]) : 0.0;
                    } else {
                        r[0] = ns[0] > 0.0 ? cs[0] / ns[0] : 0.0;
                        r[nb] = ns[1] > 0.0 ? cs[1] / ns[1] : 0.0;
                    }
                }
        return FC_OK;
    }
    memset(&rc, 0, sizeof rc);
    rc.measures = j->cnt.measures;
    if ((st = fc_csv_read(sp->reference, ref_cols, RF_N, 1, ref_row_fn, &rc, j->warn, j->err)))
        goto done;
    for (size_t t = 0; t < j->ny; t++) {
        int yref = FC_NO_YEAR;
        if (rc.has_year) {
            if (j->year[t] == FC_NO_YEAR) {
                st = fc_err_at(j->err, FC_EDATA, sp->reference, 1, 0,
                               "the reference rates have "
                               "a year column, but neither the counts nor the population have "
                               "years");
                goto done;
            }
            for (size_t i = 0; i < rc.n; i++)
                if (rc.row[i].year <= j->year[t] && (yref == FC_NO_YEAR || rc.row[i].year > yref))
                    yref = rc.row[i].year;
            if (yref == FC_NO_YEAR) {
                st = fc_err_at(j->err, FC_EDATA, sp->reference, 0, 0,
                               "the reference rates "
                               "start after %d, the year of the counts",
                               j->year[t]);
                goto done;
            }
        }
        for (size_t m = 0; m < j->nm; m++)
            for (int s = 0; s < 2; s++)
                for (size_t k = 0; k < nb; k++) {
                    int klo = j->std.lo[k], khi = hi_eff(j->std.hi[k]);
                    if (j->cnt.mode[m] != 4 && !(j->cnt.mode[m] & (1u << s)))
                        continue; /* a sex the measure has no counts for */
                    const rrow *best = NULL;
                    int bspec = -1;
                    for (size_t i = 0; i < rc.n; i++) {
                        const rrow *r = &rc.row[i];
                        if ((r->measure >= 0 && (size_t)r->measure != m) ||
                            (rc.has_year && r->year != yref) || (r->sex >= 0 && r->sex != s) ||
                            r->lo > khi || hi_eff(r->hi) < klo)
                            continue;
                        if (r->lo > klo || hi_eff(r->hi) < khi) {
                            st = fc_err_at(j->err, FC_EDATA, sp->reference, r->line, 0,
                                           "age "
                                           "band '%s' splits the standard's band '%s': a rate "
                                           "must hold for every age of a band",
                                           blabel(r->lo, r->hi, b1), sband(&j->std, k, b2));
                            goto done;
                        }
                        int spec = (r->sex >= 0) + 2 * (r->measure >= 0);
                        if (spec == bspec) {
                            const rrow *o = best->line < r->line ? best : r;
                            const rrow *l = best->line < r->line ? r : best;
                            st =
                                fc_err_at(j->err, FC_EDATA, sp->reference, l->line, 0,
                                          "age "
                                          "band '%s' overlaps '%s' given on line %zu for "
                                          "measure '%s', sex %s",
                                          blabel(l->lo, l->hi, b1), blabel(o->lo, o->hi, b2),
                                          o->line, fc_intern_name(j->cnt.measures, m), sex_name[s]);
                            goto done;
                        }
                        if (spec > bspec) {
                            best = r;
                            bspec = spec;
                        }
                    }
                    if (best == NULL) {
                        st = fc_err_at(j->err, FC_EDATA, sp->reference, 0, 0,
                                       "no reference rate "
                                       "for measure '%s', sex %s, the standard's band '%s'",
                                       fc_intern_name(j->cnt.measures, m), sex_name[s],
                                       sband(&j->std, k, b1));
                        goto done;
                    }
                    j->ref[RIDX(j, m, t, s) + k] = best->v;
                }
    }
done:
    free(rc.row);
    return st;
}

/* Poisson-limit method for a DSR (PHE: Byar's) and for a ratio of O events. */
static fc_ci_method
dsr_method(fc_stdz_method m)
{
    return m == FC_STDZ_EXACT ? FC_CI_EXACT : FC_CI_BYAR;
}

static fc_ci_method
smr_method(fc_stdz_method m, double o)
{
    if (m == FC_STDZ_EXACT || (m == FC_STDZ_PHE && o < PHE_EXACT_BELOW))
        return FC_CI_EXACT;
    return FC_CI_BYAR;
}

/* One row: the DSR from ns strata of c events, n person-years and w standard weights; the
 * ratio from the observed total and ne strata of person-years ne_n at reference rates ne_r. */
static fc_status
one_row(job *j, size_t ns, const double *c, const double *n, const double *w, size_t ne,
        const double *ne_n, const double *ne_r, fc_stdz_row *row)
{
    const fc_stdz_spec *sp = j->sp;
    double o = 0.0, pop = 0.0, e = 0.0;
    fc_std_result res[2];
    fc_status st;
    for (size_t k = 0; k < ns; k++) {
        o += c[k];
        pop += n[k];
    }
    for (size_t k = 0; k < ne; k++)
        e += ne_n[k] * ne_r[k];
    row->observed = o;
    row->population = pop;
    row->expected = e;
    row->crude = pop > 0.0 ? sp->per * o / pop : (double)NAN;
    row->dsr = row->lo95 = row->hi95 = row->lo998 = row->hi998 = (double)NAN;
    row->smr = row->slo95 = row->shi95 = row->slo998 = row->shi998 = (double)NAN;
    row->dsr_note = row->smr_note = FC_STDZ_NOTE_NONE;
    row->smr_exact = smr_method(sp->method, o) == FC_CI_EXACT;
    if (!(pop > 0.0)) {
        row->dsr_note = row->smr_note = FC_STDZ_NOTE_NOPOP;
        return FC_OK;
    }
    if (o < (double)sp->min_count) {
        row->dsr_note = FC_STDZ_NOTE_FEW;
    } else {
        for (int l = 0; l < 2; l++)
            if ((st = fc_activity_dsr(ns, c, n, w, sp->per, level[l], dsr_method(sp->method),
                                      &res[l], j->err)))
                return st;
        row->dsr = res[0].value;
        row->lo95 = res[0].lower;
        row->hi95 = res[0].upper;
        row->lo998 = res[1].lower;
        row->hi998 = res[1].upper;
    }
    if (!(e > 0.0)) {
        row->smr_note = FC_STDZ_NOTE_NOEXP;
        return FC_OK;
    }
    for (int l = 0; l < 2; l++)
        if ((st = fc_activity_smr(ne, o, ne_n, ne_r, level[l], smr_method(sp->method, o), &res[l],
                                  j->err)))
            return st;
    row->smr = res[0].value;
    row->slo95 = res[0].lower;
    row->shi95 = res[0].upper;
    row->slo998 = res[1].lower;
    row->shi998 = res[1].upper;
    return FC_OK;
}

static fc_status
compute_rows(job *j, fc_stdz_result *res)
{
    const size_t nb = j->nb;
    double *c = malloc(3 * 2 * nb * sizeof *c), *n = c + 2 * nb, *w = n + 2 * nb;
    size_t cap = 0;
    fc_status st = FC_OK;
    if (c == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t m = 0; m < j->nm; m++)
        for (size_t t = 0; t < j->ny; t++)
            for (size_t a = 0; a < j->na; a++) {
                unsigned mode = j->cnt.mode[m]; /* bit 0 F, bit 1 M, 4 persons */
                const double *cc = j->c + CIDX(j, m, t, a, 0), *nn = j->n + NIDX(j, t, a, 0);
                const double *rr = j->ref + RIDX(j, m, t, 0);
                for (int s = 0; s < 3; s++) {
                    size_t ns = nb, ne = nb;
                    const double *en = nn, *er = rr;
                    if (mode == 4 ? s != 2 : s < 2 ? !(mode & (1u << s)) : mode != 3)
                        continue;
                    if (mode == 4) {
                        /* counts for persons: both sexes' person-years in each band, the
                         * standard's weights for both sexes; expected events from each
                         * sex's person-years at its reference rates */
                        for (size_t k = 0; k < nb; k++) {
                            c[k] = cc[k];
                            n[k] = nn[k] + nn[nb + k];
                            w[k] = j->std.by_sex ? j->std.w[0][k] + j->std.w[1][k] : j->std.w[0][k];
                        }
                        ne = 2 * nb;
                    } else if (s < 2) {
                        memcpy(c, cc + (size_t)s * nb, nb * sizeof *c);
                        memcpy(n, nn + (size_t)s * nb, nb * sizeof *n);
                        memcpy(w, j->std.w[s], nb * sizeof *w);
                        en = nn + (size_t)s * nb;
                        er = rr + (size_t)s * nb;
                    } else {
                        /* persons: age-sex standardised, each sex's strata at its weights */
                        ns = ne = 2 * nb;
                        memcpy(c, cc, ns * sizeof *c);
                        memcpy(n, nn, ns * sizeof *n);
                        memcpy(w, j->std.w[0], nb * sizeof *w);
                        memcpy(w + nb, j->std.w[1], nb * sizeof *w);
                    }
                    if (fc_grow((void **)&res->row, &cap, res->nrow, sizeof *res->row)) {
                        st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
                        goto done;
                    }
                    fc_stdz_row *row = &res->row[res->nrow++];
                    row->measure = m;
                    row->area = a;
                    row->year = j->year[t];
                    row->sex = s;
                    if ((st = one_row(j, ns, c, n, w, ne, en, er, row)))
                        goto done;
                }
            }
done:
    free(c);
    return st;
}

void
fc_stdz_result_fini(fc_stdz_result *res)
{
    if (res == NULL)
        return;
    fc_intern_free(res->measures);
    fc_intern_free(res->areas);
    free(res->row);
    memset(res, 0, sizeof *res);
}

fc_status
fc_stdz_compute(const fc_stdz_spec *sp, const fc_projection *proj, fc_stdz_result *res,
                fc_warnings *warn, fc_err *err)
{
    job j;
    fc_status st;

    memset(res, 0, sizeof *res);
    memset(&j, 0, sizeof j);
    j.sp = sp;
    j.warn = warn;
    j.err = err;
    if (!sp->counts || !sp->standard)
        return FC_FAIL(err, FC_EUSAGE, "counts and a standard population are required");
    if (!(sp->per > 0.0) || sp->min_count < 1)
        return FC_FAIL(err, FC_EUSAGE,
                       "the rate multiplier must be positive and the least "
                       "number of events at least 1");
    if ((st = std_load(sp->standard, &j.std, warn, err)) || (st = load_counts(&j)) ||
        (st = load_population(&j, proj)) || (st = fill_counts(&j)) || (st = load_reference(&j)) ||
        (st = compute_rows(&j, res)))
        goto done;
    res->measures = j.cnt.measures;
    res->areas = j.cnt.areas;
    j.cnt.measures = j.cnt.areas = NULL;
done:
    job_fini(&j);
    if (st != FC_OK)
        fc_stdz_result_fini(res);
    return st;
}

/* ---------------------------------------------------------------- writing */

static void
w_opt(fc_writer *w, double x)
{
    fc_w_comma(w);
    if (!isnan(x))
        fc_w_num(w, x);
}

static void
w_note(fc_writer *w, int note, long min_count)
{
    char buf[64];
    fc_w_comma(w);
    switch (note) {
    case FC_STDZ_NOTE_FEW:
        snprintf(buf, sizeof buf, "fewer than %ld events", min_count);
        fc_w_field(w, buf);
        break;
    case FC_STDZ_NOTE_NOPOP:
        fc_w_str(w, "no population at risk");
        break;
    case FC_STDZ_NOTE_NOEXP:
        fc_w_str(w, "no events expected at the reference rates");
        break;
    default:
        break;
    }
}

static void
w_key(fc_writer *w, const fc_stdz_result *res, const fc_stdz_row *r, int has_year)
{
    fc_w_field(w, fc_intern_name(res->areas, r->area));
    fc_w_comma(w);
    if (has_year) {
        fc_w_int(w, r->year);
        fc_w_comma(w);
    }
    fc_w_field(w, fc_intern_name(res->measures, r->measure));
    fc_w_comma(w);
    fc_w_str(w, sex_name[r->sex]);
    fc_w_comma(w);
    fc_w_num(w, r->observed);
}

fc_status
fc_stdz_run(const fc_stdz_spec *sp, const fc_projection *proj, fc_out *o, fc_warnings *warn,
            fc_err *err)
{
    fc_stdz_result res;
    fc_writer *wd, *ws;
    fc_status st = fc_stdz_compute(sp, proj, &res, warn, err);
    if (st != FC_OK)
        return st;
    if ((st = fc_out_file(o, "dsr.csv", &wd, err)) || (st = fc_out_file(o, "smr.csv", &ws, err)))
        goto done;
    int has_year = res.nrow > 0 && res.row[0].year != FC_NO_YEAR;
    fc_w_str(wd, has_year ? "area,year," : "area,");
    fc_w_str(wd, "measure,sex,observed,population,crude_rate,dsr,lower95,upper95,lower998,"
                 "upper998,note\n");
    fc_w_str(ws, has_year ? "area,year," : "area,");
    fc_w_str(ws, "measure,sex,observed,expected,smr,lower95,upper95,lower998,upper998,method,"
                 "note\n");
    for (size_t i = 0; i < res.nrow; i++) {
        const fc_stdz_row *r = &res.row[i];
        w_key(wd, &res, r, has_year);
        fc_w_comma(wd);
        fc_w_num(wd, r->population);
        w_opt(wd, r->crude);
        w_opt(wd, r->dsr);
        w_opt(wd, r->lo95);
        w_opt(wd, r->hi95);
        w_opt(wd, r->lo998);
        w_opt(wd, r->hi998);
        w_note(wd, r->dsr_note, sp->min_count);
        fc_w_eol(wd);
        w_key(ws, &res, r, has_year);
        fc_w_comma(ws);
        fc_w_num(ws, r->expected);
        w_opt(ws, r->smr);
        w_opt(ws, r->slo95);
        w_opt(ws, r->shi95);
        w_opt(ws, r->slo998);
        w_opt(ws, r->shi998);
        fc_w_comma(ws);
        if (!isnan(r->smr))
            fc_w_str(ws, r->smr_exact ? "exact" : "byar");
        w_note(ws, r->smr_note, sp->min_count);
        fc_w_eol(ws);
    }
done:
    fc_stdz_result_fini(&res);
    return st;
}

/* ---------------------------------------------------------------- `fulcrum standardise` */

static const char *const method_names[] = {"phe", "byar", "exact", NULL}; /* [standardise] */

static fc_status
opt_per(void *ctx, const char *opt, const char *val, fc_err *err)
{
    double *per = ctx;
    fc_status st = fc_opt_double(opt, val, per, err);
    if (st == FC_OK && !(*per > 0.0))
        st = FC_FAIL(err, FC_EUSAGE, "--per %s: the rate multiplier must be above 0", val);
    return st;
}

static fc_status
cmd_standardise(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    fc_stdz_spec spec;
    const char *out = NULL;
    fc_out *o = NULL;
    fc_status st;
    size_t npos;

    fc_stdz_spec_init(&spec);
    const fc_opt opts[] = {
        FC_OPT_STR_("counts", &spec.counts),
        FC_OPT_STR_("population", &spec.population),
        FC_OPT_STR_("standard", &spec.standard),
        FC_OPT_STR_("reference", &spec.reference),
        FC_OPT_STR_("variant", &spec.variant),
        FC_OPT_STR_("out", &out),
        FC_OPT_CHOICE_("method", &spec.method, "phe,byar,exact",
                       ((const int[]){FC_STDZ_PHE, FC_STDZ_BYAR, FC_STDZ_EXACT})),
        FC_OPT_CALL_("per", opt_per, &spec.per),
        FC_OPT_LONG_("min-count", &spec.min_count, 1, 1000000000L),
        FC_OPT_INT_("year", &spec.year, 1000, 3100),
        FC_OPT_INT_("open-age", &spec.open_age, 1, FC_AGE_MAX),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, NULL, 0, &npos, err)) != FC_OK)
        return st;
    if (!spec.counts || !spec.population || !spec.standard || !out)
        return FC_FAIL(err, FC_EUSAGE,
                       "--counts, --population, --standard and --out are "
                       "required");
    if ((st = fc_out_open(out, &o, err)))
        return st;
    st = fc_stdz_run(&spec, NULL, o, warn, err);
    if (st == FC_OK)
        st = fc_out_commit(o, err);
    fc_out_free(o);
    return st;
}

const fc_cmd fc_cmd_def_standardise = {
    "standardise",
    cmd_standardise,
    "age-standardised rates (DSR) and ratios (SMR) with confidence limits, by area",
    "fulcrum standardise --counts F --population F --standard F [--reference F]\n"
    "                    [--method phe|byar|exact] [--per N] [--min-count N] [--year Y]\n"
    "                    [--variant NAME] [--open-age N] --out DIR",
    "Compares areas after taking out their age and sex structure (OHID/PHE methods). From\n"
    "observed events by area, sex and age band, the population at risk and a standard\n"
    "population, writes DIR/dsr.csv (directly standardised rates: the rate each area would\n"
    "have with the standard's age structure, with Dobson's 95% and 99.8% limits) and\n"
    "DIR/smr.csv (indirectly standardised ratios: observed / expected events at reference\n"
    "rates, with Poisson limits), one row per area, year, measure and sex, plus persons (P,\n"
    "age-sex standardised: each sex's bands with the standard's weights). Nothing is\n"
    "written if an input is bad.\n\n"
    "options:\n"
    "  --counts F      area,sex,age,count[,measure][,year]  observed events; ages in the\n"
    "                  standard's bands or narrower ones; a row absent is no events; sex\n"
    "                  F/M, or P (or *) for counts of persons by age only\n"
    "  --population F  area,sex,age,population[,year][,variant]  person-years at risk, any\n"
    "                  bands that lie inside the standard's (a projection.csv will do;\n"
    "                  'area_code' is read as 'area'); it must cover the standard's ages\n"
    "  --standard F    age,population[,sex]  the standard population (e.g. the European\n"
    "                  Standard Population 2013); its bands are the strata\n"
    "  --reference F   sex,age,rate[,measure][,year]  reference rates (events per person\n"
    "                  per year) for the expected events; default: the rates of all the\n"
    "                  counts' areas together\n"
    "  --method M      Poisson limits of the events: phe (default: Byar's, but exact for\n"
    "                  ratios of fewer than 10 events), byar, or exact\n"
    "  --per N         rates per N person-years (default 100000)\n"
    "  --min-count N   DSRs of fewer than N events are left blank (default 10, as PHE)\n"
    "  --year Y        the population's year, when the counts have no year column\n"
    "  --variant NAME  the population's variant (default 'principal', or the only one)\n"
    "  --open-age N    the single age N in the population means 'N and over' (ONS: 100)\n"
    "  --out DIR       output directory (created if needed)\n\n"
    "examples:\n"
    "  fulcrum standardise --counts datasets/standardise_admissions.csv \\\n"
    "      --population datasets/demography_population.csv \\\n"
    "      --standard datasets/standardise_esp2013.csv --out out/standardise\n"
    "  fulcrum standardise --counts datasets/standardise_admissions.csv \\\n"
    "      --population datasets/demography_population.csv \\\n"
    "      --standard datasets/standardise_esp2013.csv --method exact --per 1000 \\\n"
    "      --out out/standardise_exact\n",
};

/* ---------------------------------------------------------------- the [standardise] stage
 *
 *   [standardise]  counts, standard (required), population (default: the [projection]
 *                  stage's result), reference, method, per, min_count, year, variant,
 *                  open_age
 */

static fc_status
stage_configure(fc_chain *ch, void **out, fc_err *err)
{
    static const char sec[] = "standardise";
    fc_scenario *s = ch->scn;
    fc_stdz_spec *sp;
    fc_status st;
    int method = FC_STDZ_PHE;
    long year = FC_NO_YEAR, open = FC_PROJ_NO_OPEN_AGE;

    if (!fc_scn_has(s, sec))
        return FC_OK;
    if ((sp = malloc(sizeof *sp)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    fc_stdz_spec_init(sp);
    *out = sp;
    if ((st = fc_scn_path(s, sec, "counts", &sp->counts, err)) ||
        (st = fc_scn_path(s, sec, "population", &sp->population, err)) ||
        (st = fc_scn_path(s, sec, "standard", &sp->standard, err)) ||
        (st = fc_scn_path(s, sec, "reference", &sp->reference, err)) ||
        (st = fc_scn_choice(s, sec, "method", method_names, &method, err)) ||
        (st = fc_scn_num(s, sec, "per", 1e-9, 1e15, &sp->per, err)) ||
        (st = fc_scn_long(s, sec, "min_count", 1, 1000000000L, &sp->min_count, err)) ||
        (st = fc_scn_long(s, sec, "year", 1000, 3100, &year, err)) ||
        (st = fc_scn_str(s, sec, "variant", &sp->variant, err)) ||
        (st = fc_scn_long(s, sec, "open_age", 1, FC_AGE_MAX, &open, err)))
        return st;
    sp->method = (fc_stdz_method)method;
    sp->year = (int)year;
    sp->open_age = (int)open;
    if (!sp->counts)
        return fc_scn_fail_file(s, err,
                                "[standardise] needs counts (observed events by area, "
                                "sex and age)");
    if (!sp->standard)
        return fc_scn_fail_file(s, err, "[standardise] needs a standard population");
    if (!sp->population && !fc_scn_has(s, "projection"))
        return fc_scn_fail_file(s, err,
                                "[standardise] needs a population: add a [projection] "
                                "section or 'population = FILE'");
    return FC_OK;
}

static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    const fc_stdz_spec *sp = spec;
    return fc_stdz_run(sp, sp->population ? NULL : ch->projection, ch->o, ch->warn, err);
}

/* `fulcrum check`: every input read and checked (the counts against the standard only, when
 * the population is the projection stage's) */
static fc_status
stage_check(fc_chain *ch, void *spec, fc_err *err)
{
    const fc_stdz_spec *sp = spec;
    fc_stdz_result res;
    fc_status st;
    if (sp->population == NULL) {
        job *j = calloc(1, sizeof *j);
        if (j == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        j->sp = sp;
        j->warn = ch->warn;
        j->err = err;
        if ((st = std_load(sp->standard, &j->std, ch->warn, err)) == FC_OK)
            st = load_counts(j);
        job_fini(j);
        free(j);
        return st;
    }
    st = fc_stdz_compute(sp, NULL, &res, ch->warn, err);
    fc_stdz_result_fini(&res);
    return st;
}

static const char *const stage_sections[] = {"standardise", NULL};

/* (no spec_for_draw: an uncertain [standardise] number is an error with --draws) */
const fc_stage fc_stage_standardise = {"standardise", stage_sections, stage_configure,
                                       stage_run,     free,           stage_check,
                                       NULL};
