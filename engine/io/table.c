/* table.c: typed input tables: base population, rate tables, control totals (see table.h). */
#include "engine/io/table.h"
#include "engine/io/grow.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FINE (FC_AGE_MAX + 2) /* single ages 0..FC_AGE_MAX, then one cell for all older ages */

static const char *const sex_name[2] = {"F", "M"};

/* ---------------------------------------------------------------- growable arrays */


/* ---------------------------------------------------------------- age grids */

const char *
fc_ages_label(const fc_ages *a, size_t g, char *buf)
{
    if (a->hi[g] == FC_AGE_OPEN)
        snprintf(buf, 16, "%d+", a->lo[g]);
    else if (a->hi[g] == a->lo[g])
        snprintf(buf, 16, "%d", a->lo[g]);
    else
        snprintf(buf, 16, "%d-%d", a->lo[g], a->hi[g]);
    return buf;
}

static void
band_label(int lo, int hi, char *buf)
{
    fc_ages a;
    a.lo[0] = lo;
    a.hi[0] = hi;
    fc_ages_label(&a, 0, buf);
}

fc_status
fc_ages_from_bands(const int lo[], const int hi[], size_t n, const char *path, fc_ages *out,
                   fc_err *err)
{
    /* start[x] = hi+1 (or FC_AGE_OPEN) of the band starting at age x, or -2 when none */
    int end[FC_AGE_MAX + 1];
    char b1[16], b2[16];
    size_t i;
    int x, w1 = 1, w5 = 1;

    for (x = 0; x <= FC_AGE_MAX; x++)
        end[x] = -2;
    for (i = 0; i < n; i++) {
        if (lo[i] < 0 || lo[i] > FC_AGE_MAX || hi[i] > FC_AGE_MAX)
            return fc_err_at(err, FC_EDATA, path, 0, 0, "age %d is outside 0..%d",
                             lo[i] > FC_AGE_MAX ? lo[i] : hi[i], FC_AGE_MAX);
        if (end[lo[i]] != -2 && end[lo[i]] != hi[i]) {
            band_label(lo[i], end[lo[i]], b1);
            band_label(lo[i], hi[i], b2);
            return fc_err_at(err, FC_EDATA, path, 0, 0, "age bands '%s' and '%s' overlap", b1, b2);
        }
        end[lo[i]] = hi[i];
    }
    memset(out, 0, sizeof *out);
    x = 0;
    for (;;) {
        if (x > FC_AGE_MAX || end[x] == -2) {
            /* find what comes next, to name the gap */
            int y = x;
            while (y <= FC_AGE_MAX && end[y] == -2)
                y++;
            if (y > FC_AGE_MAX)
                return fc_err_at(err, FC_EDATA, path, 0, 0, "the ages stop at %d without an "
                                 "open-ended group such as '%d+'", x - 1, x > 0 ? x : 0);
            return fc_err_at(err, FC_EDATA, path, 0, 0, "ages %d to %d are missing (a gap in "
                             "the age bands)", x, y - 1);
        }
        out->lo[out->n] = x;
        out->hi[out->n] = end[x];
        out->n++;
        if (end[x] == FC_AGE_OPEN)
            break;
        if (end[x] - x + 1 != 1)
            w1 = 0;
        if (end[x] - x + 1 != 5)
            w5 = 0;
        x = end[x] + 1;
    }
    /* a band that starts inside a group overlaps it (beyond the open group, or inside a
     * closed one: 0-4 with 2 or with 3-7); the walk above only visited group starts */
    for (int y = 1, g = 0; y <= FC_AGE_MAX; y++) {
        while ((size_t)g + 1 < out->n && out->lo[g + 1] <= y)
            g++;
        if (end[y] == -2 || out->lo[g] == y)
            continue;
        band_label(y, end[y], b1);
        band_label(out->lo[g], out->hi[g], b2);
        if (out->hi[g] == FC_AGE_OPEN)
            return fc_err_at(err, FC_EDATA, path, 0, 0, "age band '%s' lies inside the "
                             "open-ended group '%s' (the open group must be last)", b1, b2);
        return fc_err_at(err, FC_EDATA, path, 0, 0, "age bands '%s' and '%s' overlap", b2, b1);
    }
    if (out->n < 2)
        return fc_err_at(err, FC_EDATA, path, 0, 0, "need at least two age groups");
    out->width = w1 ? 1 : (w5 ? 5 : 0);
    return FC_OK;
}

/* A count of people: a finite number from 0 to FC_MAX_PERSONS. */
static fc_status
persons(const fc_csv_row *row, size_t i, double *out, fc_err *err)
{
    if (fc_csv_nonneg(row, i, out, err) != FC_OK)
        return FC_EDATA;
    if (*out > FC_MAX_PERSONS)
        return fc_csv_fail(row, i, err, "%s people is more than live on Earth (at most %g in a "
                           "cell): a typing or unit error?", row->field[i], FC_MAX_PERSONS);
    return FC_OK;
}

/* ---------------------------------------------------------------- base population */

typedef struct pop_row {
    int area, sex, lo, hi, year;
    double v;
    size_t line;
} pop_row;

typedef struct pop_ctx {
    fc_popin *p;
    pop_row *row;
    size_t n, cap;
    size_t both; /* rows for both sexes together, dropped */
} pop_ctx;

/* With the spellings of published tables (ONS and NRS mid-year estimates): area_code,
 * persons or value, age_label for the open group "90+". */
enum { PC_AREA, PC_YEAR, PC_SEX, PC_AGE, PC_POP, PC_AGE_LABEL };
static const fc_csv_col pop_cols[] = {
    {"area|area_code", 1}, {"year", 0}, {"sex", 1}, {"age", 1}, {"population|persons|value", 1},
    {"age_label", 0},
};

static fc_status
pop_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    pop_ctx *c = ctx;
    pop_row r;
    size_t ai;
    long y = FC_NO_YEAR;

    if (row->field[PC_AREA][0] == '\0' || strcmp(row->field[PC_AREA], "*") == 0)
        return fc_csv_fail(row, PC_AREA, err, "a population row needs an area code");
    if (fc_csv_sex(row, PC_SEX, 1, &r.sex, err))
        return FC_EDATA;
    if (r.sex < 0) { /* both sexes together: a projection is by sex */
        c->both++;
        return FC_OK;
    }
    if (fc_csv_age(row, row->field[PC_AGE_LABEL] ? PC_AGE_LABEL : PC_AGE, &r.lo, &r.hi, err) ||
        persons(row, PC_POP, &r.v, err))
        return FC_EDATA;
    if (row->field[PC_YEAR] && fc_csv_int(row, PC_YEAR, 1000, 3000, &y, err))
        return FC_EDATA;
    if (fc_intern_add(c->p->areas, row->field[PC_AREA], &ai, err) != FC_OK)
        return err->status; /* a name too long, or no memory */
    if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    r.area = (int)ai;
    r.year = (int)y;
    r.line = row->line;
    c->row[c->n++] = r;
    return FC_OK;
}

/* Overlapping age bands, named with the lines that give them (fc_ages_from_bands finds them
 * too, but cannot say where). Every row's band must be a group of the grid, or filling the
 * grid below would have no group for it. */
static fc_status
pop_overlaps(const pop_ctx *c, const char *path, fc_err *err)
{
    size_t first[FC_AGE_MAX + 1], prev = SIZE_MAX;
    char b1[16], b2[16];
    int x;

    for (x = 0; x <= FC_AGE_MAX; x++)
        first[x] = SIZE_MAX;
    for (size_t i = 0; i < c->n; i++) {
        const pop_row *r = &c->row[i], *f;
        if (r->lo > FC_AGE_MAX)
            continue; /* fc_ages_from_bands names it */
        if (first[r->lo] == SIZE_MAX) {
            first[r->lo] = i;
            continue;
        }
        f = &c->row[first[r->lo]];
        if (f->hi != r->hi) {
            band_label(r->lo, r->hi, b1);
            band_label(f->lo, f->hi, b2);
            return fc_err_at(err, FC_EDATA, path, r->line, 0, "age band '%s' overlaps '%s' "
                             "given on line %zu", b1, b2, f->line);
        }
    }
    for (x = 0; x <= FC_AGE_MAX; x++) {
        if (first[x] == SIZE_MAX)
            continue;
        if (prev != SIZE_MAX) {
            const pop_row *r = &c->row[first[x]], *o = &c->row[prev];
            band_label(r->lo, r->hi, b1);
            band_label(o->lo, o->hi, b2);
            if (o->hi == FC_AGE_OPEN)
                return fc_err_at(err, FC_EDATA, path, r->line, 0, "age band '%s' lies inside "
                                 "the open-ended group '%s' given on line %zu (the open group "
                                 "must be last)", b1, b2, o->line);
            if (o->hi >= x)
                return fc_err_at(err, FC_EDATA, path, r->line, 0, "age band '%s' overlaps '%s' "
                                 "given on line %zu", b1, b2, o->line);
        }
        prev = first[x];
    }
    return FC_OK;
}

fc_status
fc_popin_read(const char *path, int base_year, fc_popin *out, fc_warnings *warn, fc_err *err)
{
    return fc_popin_read_as(path, NULL, base_year, out, warn, err);
}

fc_status
fc_popin_read_as(const char *path, const char *colmap, int base_year, fc_popin *out,
                 fc_warnings *warn, fc_err *err)
{
    pop_ctx c = {out, NULL, 0, 0, 0};
    fc_status st;
    int *lo = NULL, *hi = NULL;
    size_t *first_line = NULL, na, ng, i;
    char lab[16];

    memset(out, 0, sizeof *out);
    if ((out->areas = fc_intern_alloc()) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    st = fc_csv_read_as(path, colmap, pop_cols, sizeof pop_cols / sizeof pop_cols[0], 1,
                        pop_row_fn, &c, warn, err);
    if (st != FC_OK)
        goto fail;
    if (c.both)
        fc_warn(warn, "%s: %zu rows for both sexes together were dropped: a population is "
                "read by sex", path, c.both);
    if (c.n == 0) {
        st = fc_err_at(err, FC_EDATA, path, 0, 0, "no rows by sex (female, male)");
        goto fail;
    }

    /* one base year */
    for (i = 0; i < c.n; i++) {
        int y = c.row[i].year;
        if (y == FC_NO_YEAR)
            continue;
        if (base_year == FC_NO_YEAR)
            base_year = y;
        if (y != base_year) {
            st = fc_err_at(err, FC_EDATA, path, c.row[i].line, 0,
                           "year %d differs from the base year %d: a base population holds one "
                           "year", y, base_year);
            goto fail;
        }
    }
    if (base_year == FC_NO_YEAR) {
        st = fc_err_at(err, FC_EDATA, path, 0, 0, "no 'year' column: give the base year with "
                       "--base-year or in the scenario");
        goto fail;
    }
    out->year = base_year;

    /* the age grid */
    lo = malloc(c.n * sizeof *lo);
    hi = malloc(c.n * sizeof *hi);
    if (!lo || !hi) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto fail;
    }
    for (i = 0; i < c.n; i++)
        lo[i] = c.row[i].lo, hi[i] = c.row[i].hi;
    if ((st = pop_overlaps(&c, path, err)) != FC_OK)
        goto fail;
    if ((st = fc_ages_from_bands(lo, hi, c.n, path, &out->ages, err)) != FC_OK)
        goto fail;
    if (out->ages.width != 1 && out->ages.width != 5) {
        st = fc_err_at(err, FC_EDATA, path, 0, 0, "a population must use single years of age "
                       "(0, 1, ..., 90+) or five-year groups (0-4, 5-9, ..., 100+)");
        goto fail;
    }

    /* fill, with duplicate and coverage checks */
    na = fc_intern_count(out->areas);
    ng = out->ages.n;
    out->pop = calloc(na * 2 * ng, sizeof *out->pop);
    first_line = calloc(na * 2 * ng, sizeof *first_line);
    if (!out->pop || !first_line) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto fail;
    }
    {
        int gidx[FC_AGE_MAX + 1];
        for (size_t g = 0; g < ng; g++)
            gidx[out->ages.lo[g]] = (int)g;
        for (i = 0; i < c.n; i++) {
            const pop_row *r = &c.row[i];
            size_t k = ((size_t)r->area * 2 + (size_t)r->sex) * ng + (size_t)gidx[r->lo];
            if (first_line[k]) {
                st = fc_err_at(err, FC_EDATA, path, r->line, 0, "duplicate row for area '%s', "
                               "sex %s, age '%s' (first given on line %zu)",
                               fc_intern_name(out->areas, (size_t)r->area), sex_name[r->sex],
                               fc_ages_label(&out->ages, (size_t)gidx[r->lo], lab), first_line[k]);
                goto fail;
            }
            first_line[k] = r->line;
            out->pop[k] = r->v;
        }
    }
    for (i = 0; i < na * 2 * ng; i++) {
        if (!first_line[i]) {
            size_t a = i / (2 * ng), s = (i / ng) % 2, g = i % ng;
            st = fc_err_at(err, FC_EDATA, path, 0, 0, "no row for area '%s', sex %s, age '%s'",
                           fc_intern_name(out->areas, a), sex_name[s],
                           fc_ages_label(&out->ages, g, lab));
            goto fail;
        }
    }
    free(first_line);
    free(lo);
    free(hi);
    free(c.row);
    return FC_OK;
fail:
    free(first_line);
    free(lo);
    free(hi);
    free(c.row);
    fc_popin_fini(out);
    return st;
}

void
fc_popin_fini(fc_popin *p)
{
    if (p == NULL)
        return;
    fc_intern_free(p->areas);
    free(p->pop);
    memset(p, 0, sizeof *p);
}

/* ---------------------------------------------------------------- rate tables */

typedef struct rate_ctx {
    fc_ratein *r;
    const fc_rate_spec *spec;
    const fc_intern *areas;
    size_t cap;
} rate_ctx;

enum { RC_YEAR, RC_AREA, RC_SEX, RC_KEY, RC_AGE, RC_VALUE, RC_N };

static fc_status
rate_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    rate_ctx *c = ctx;
    const fc_rate_spec *sp = c->spec;
    fc_rate_row r;
    long y = FC_NO_YEAR;
    char lab[16];

    r.line = row->line;
    r.key = 0;
    r.sex = FC_ANY;
    r.area = FC_ANY;
    if (row->field[RC_YEAR] && fc_csv_int(row, RC_YEAR, 1000, 3000, &y, err))
        return FC_EDATA;
    r.year = (int)y;
    if (row->field[RC_AREA]) {
        const char *a = row->field[RC_AREA];
        if (a[0] == '\0')
            return fc_csv_fail(row, RC_AREA, err, "empty value (use '*' for every area)");
        if (strcmp(a, "*") != 0) {
            size_t ai = fc_intern_find(c->areas, a);
            if (ai == FC_INTERN_NONE)
                return fc_csv_fail(row, RC_AREA, err, "area '%s' is not in the base population",
                                   a);
            r.area = (int)ai;
        }
    }
    if (sp->has_sex && fc_csv_sex(row, RC_SEX, 1, &r.sex, err))
        return FC_EDATA;
    if (sp->key) {
        size_t k;
        if (row->field[RC_KEY][0] == '\0')
            return fc_csv_fail(row, RC_KEY, err, "empty value");
        if (fc_intern_add(c->r->keys, row->field[RC_KEY], &k, err) != FC_OK)
            return err->status; /* a name too long, or no memory */
        r.key = (int)k;
    }
    if (fc_csv_age(row, RC_AGE, &r.lo, &r.hi, err))
        return FC_EDATA;
    if (r.lo > FC_AGE_MAX || r.hi > FC_AGE_MAX)
        return fc_csv_fail(row, RC_AGE, err, "ages above %d are not accepted", FC_AGE_MAX);
    if (r.lo < sp->age_lo || (sp->age_hi >= 0 && (r.hi == FC_AGE_OPEN || r.hi > sp->age_hi))) {
        band_label(r.lo, r.hi, lab);
        return fc_csv_fail(row, RC_AGE, err, "age '%s' is outside %d..%d allowed for '%s'", lab,
                           sp->age_lo, sp->age_hi, sp->value);
    }
    if (sp->value_optional && (!row->field[RC_VALUE] || row->field[RC_VALUE][0] == '\0'))
        return FC_OK; /* not given on this row */
    if (sp->allow_negative ? fc_csv_double(row, RC_VALUE, &r.v, err)
                           : fc_csv_nonneg(row, RC_VALUE, &r.v, err))
        return FC_EDATA;
    if (sp->max_value > 0.0 && r.v > sp->max_value)
        return fc_csv_fail(row, RC_VALUE, err, "%s is above the largest allowed value %g",
                           row->field[RC_VALUE], sp->max_value);
    if (sp->max_value > 0.0 && r.v < -sp->max_value) /* net migration: the same bound below */
        return fc_csv_fail(row, RC_VALUE, err, "%s is below the smallest allowed value %g",
                           row->field[RC_VALUE], -sp->max_value);
    if (fc_grow((void **)&c->r->row, &c->cap, c->r->nrow, sizeof *c->r->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->r->row[c->r->nrow++] = r;
    return FC_OK;
}

static int
cmp_rate_row(const void *pa, const void *pb)
{
    const fc_rate_row *a = pa, *b = pb;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->area != b->area)
        return a->area < b->area ? -1 : 1;
    if (a->sex != b->sex)
        return a->sex < b->sex ? -1 : 1;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return a->line < b->line ? -1 : (a->line > b->line);
}

fc_status
fc_ratein_read(const char *path, const fc_rate_spec *spec, const fc_intern *areas,
               fc_ratein *out, fc_warnings *warn, fc_err *err)
{
    fc_csv_col cols[RC_N + 4] = {
        {"year", 0},          {"area", !spec->area_optional}, {"sex", spec->has_sex},
        {spec->key ? spec->key : "\x01", spec->key != NULL}, {"age", 1},
        {spec->value, spec->value_optional ? FC_COL_ONLY_IF : FC_COL_REQUIRED},
    };
    size_t ncol = RC_N;
    rate_ctx c = {out, spec, areas, 0};
    fc_status st;

    memset(out, 0, sizeof *out);
    out->areas = areas;
    if ((out->path = strdup(path)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if (spec->key && (out->keys = fc_intern_alloc()) == NULL) {
        fc_ratein_fini(out);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; spec->others && spec->others[i] && ncol < RC_N + 4; i++)
        if (strcmp(spec->others[i], spec->value) != 0)
            cols[ncol++] = (fc_csv_col){spec->others[i], 0};
    st = fc_csv_read(path, cols, ncol, 1, rate_row_fn, &c, warn, err);
    if (st != FC_OK) {
        fc_ratein_fini(out);
        return st;
    }
    if (out->nrow == 0) /* an optional value column absent or empty: no table */
        return FC_OK;
    qsort(out->row, out->nrow, sizeof *out->row, cmp_rate_row);
    out->has_year = out->row[0].year != FC_NO_YEAR;
    out->years = malloc(out->nrow * sizeof *out->years);
    if (out->years == NULL) {
        fc_ratein_fini(out);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < out->nrow; i++)
        if (i == 0 || out->row[i].year != out->row[i - 1].year)
            out->years[out->nyear++] = out->row[i].year;
    return FC_OK;
}

void
fc_ratein_fini(fc_ratein *r)
{
    if (r == NULL)
        return;
    free(r->path);
    free(r->row);
    free(r->years);
    fc_intern_free(r->keys);
    memset(r, 0, sizeof *r);
}

fc_status
fc_ratein_year_index(const fc_ratein *r, int year, size_t *yi, fc_err *err)
{
    if (!r->has_year) {
        *yi = 0;
        return FC_OK;
    }
    if (r->years[0] > year)
        return fc_err_at(err, FC_EDATA, r->path, 0, 0, "rates start in %d, after the year %d "
                         "that they are needed for", r->years[0], year);
    size_t i = r->nyear;
    while (i-- > 0)
        if (r->years[i] <= year)
            break;
    *yi = i;
    return FC_OK;
}

fc_status
fc_ratein_grid(const fc_ratein *r, fc_ages *out, fc_err *err)
{
    int *lo = malloc(r->nrow * sizeof *lo), *hi = malloc(r->nrow * sizeof *hi);
    fc_status st;
    if (!lo || !hi) {
        free(lo);
        free(hi);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    /* distinct bands: starts are enough as fc_ages_from_bands accepts repeats */
    for (size_t i = 0; i < r->nrow; i++)
        lo[i] = r->row[i].lo, hi[i] = r->row[i].hi;
    st = fc_ages_from_bands(lo, hi, r->nrow, r->path, out, err);
    free(lo);
    free(hi);
    return st;
}

/* Lays row `ri` over the fine grid of one (key, area, sex). */
static fc_status
lay(const fc_ratein *r, size_t ri, int level, int owner[], signed char lvl[], fc_err *err)
{
    const fc_rate_row *row = &r->row[ri];
    int end = row->hi == FC_AGE_OPEN ? FINE - 1 : row->hi;
    for (int x = row->lo; x <= end; x++) {
        if (owner[x] >= 0 && lvl[x] == level) {
            const fc_rate_row *o = &r->row[owner[x]];
            char b1[16], b2[16];
            band_label(row->lo, row->hi, b1);
            band_label(o->lo, o->hi, b2);
            return fc_err_at(err, FC_EDATA, r->path, row->line, 0, "age band '%s' overlaps "
                             "'%s' given on line %zu for the same area and sex", b1, b2, o->line);
        }
        owner[x] = (int)ri;
        lvl[x] = (signed char)level;
    }
    return FC_OK;
}

static fc_status
uncovered(const fc_ratein *r, int year, const fc_ages *g, size_t grp, const char *area, int sex,
          const char *key, fc_err *err)
{
    char lab[16], yr[32] = "", ky[96] = "";
    if (r->has_year)
        snprintf(yr, sizeof yr, " (year %d)", year);
    if (key)
        snprintf(ky, sizeof ky, "'%s', ", key);
    return fc_err_at(err, FC_EDATA, r->path, 0, 0, "no value for %sarea '%s'%s%s, age '%s'%s: "
                     "the table must cover every area, sex and age of the population", ky, area,
                     sex >= 0 ? ", sex " : "", sex >= 0 ? sex_name[sex] : "",
                     fc_ages_label(g, grp, lab), yr);
}

/* Reads the fine grid of one (key, area, sex) into out[group]. */
static fc_status
collect(const fc_ratein *r, int year, const fc_ages *g, fc_expand_mode mode,
        const int owner[], const char *area, int sex, const char *key, double *out, fc_err *err)
{
    for (size_t grp = 0; grp < g->n; grp++) {
        int lo = g->lo[grp], hi = g->hi[grp] == FC_AGE_OPEN ? FINE - 1 : g->hi[grp];
        int o = owner[lo];
        if (mode != FC_EXPAND_COUNT) {
            for (int x = lo; x <= hi; x++) {
                if (owner[x] == o)
                    continue;
                if (o >= 0 && owner[x] >= 0) {
                    const fc_rate_row *a = &r->row[o], *b = &r->row[owner[x]];
                    char b1[16], b2[16], lab[16];
                    band_label(a->lo, a->hi, b1);
                    band_label(b->lo, b->hi, b2);
                    return fc_err_at(err, FC_EDATA, r->path, b->line, 0, "age bands '%s' (line "
                                     "%zu) and '%s' fall in one age group '%s' of the "
                                     "population: give one rate per group", b1, a->line, b2,
                                     fc_ages_label(g, grp, lab));
                }
                if (mode == FC_EXPAND_RATE)
                    return uncovered(r, year, g, grp, area, sex, key, err);
                /* RATE0: a band that covers only part of a group cannot be placed */
                const fc_rate_row *b = &r->row[o >= 0 ? o : owner[x]];
                char b1[16], lab[16];
                band_label(b->lo, b->hi, b1);
                return fc_err_at(err, FC_EDATA, r->path, b->line, 0, "age band '%s' covers "
                                 "only part of the population's age group '%s'", b1,
                                 fc_ages_label(g, grp, lab));
            }
            if (o < 0 && mode == FC_EXPAND_RATE)
                return uncovered(r, year, g, grp, area, sex, key, err);
            out[grp] = o < 0 ? 0.0 : r->row[o].v;
        } else {
            double sum = 0.0;
            for (int x = lo; x <= hi; x++) {
                if (owner[x] < 0)
                    return uncovered(r, year, g, grp, area, sex, key, err);
                const fc_rate_row *b = &r->row[owner[x]];
                if (b->hi == FC_AGE_OPEN) {
                    if (b->lo < g->lo[g->n - 1]) {
                        char b1[16], lab[16];
                        band_label(b->lo, b->hi, b1);
                        return fc_err_at(err, FC_EDATA, r->path, b->line, 0, "the open band "
                                         "'%s' starts below the population's open group '%s': "
                                         "a count cannot be split over an open band", b1,
                                         fc_ages_label(g, g->n - 1, lab));
                    }
                    if (x == b->lo)
                        sum += b->v;
                } else {
                    sum += b->v / (double)(b->hi - b->lo + 1);
                }
            }
            out[grp] = sum;
        }
    }
    return FC_OK;
}

fc_status
fc_ratein_expand(const fc_ratein *r, size_t yi, const fc_ages *g, size_t narea, size_t nsex,
                 fc_expand_mode mode, double *out, fc_err *err)
{
    int owner[FINE];
    signed char lvl[FINE];
    size_t nkey = r->keys ? fc_intern_count(r->keys) : 1;
    size_t lo = 0, hi, ng = g->n;
    fc_status st;
    int year = r->years[yi];

    while (lo < r->nrow && r->row[lo].year != year)
        lo++;
    for (hi = lo; hi < r->nrow && r->row[hi].year == year; hi++)
        ;
    for (size_t k = 0; k < nkey; k++) {
        size_t k0 = lo, k1, s1;
        while (k0 < hi && r->row[k0].key != (int)k)
            k0++;
        for (k1 = k0; k1 < hi && r->row[k1].key == (int)k; k1++)
            ;
        /* rows [k0, s1) are for every area ('*', sorted first), then area by area */
        for (s1 = k0; s1 < k1 && r->row[s1].area == FC_ANY; s1++)
            ;
        size_t ai = s1;
        for (size_t a = 0; a < narea; a++) {
            size_t a0 = ai;
            while (ai < k1 && r->row[ai].area == (int)a)
                ai++;
            for (size_t s = 0; s < nsex; s++) {
                int sex = nsex == 1 ? FC_ANY : (int)s;
                for (int x = 0; x < FINE; x++)
                    owner[x] = -1, lvl[x] = -1;
                for (size_t i = k0; i < s1; i++)
                    if (r->row[i].sex == FC_ANY || r->row[i].sex == sex)
                        if ((st = lay(r, i, r->row[i].sex != FC_ANY, owner, lvl, err)))
                            return st;
                for (size_t i = a0; i < ai; i++)
                    if (r->row[i].sex == FC_ANY || r->row[i].sex == sex)
                        if ((st = lay(r, i, 2 + (r->row[i].sex != FC_ANY), owner, lvl, err)))
                            return st;
                double *o = out + ((k * narea + a) * nsex + s) * ng;
                st = collect(r, year, g, mode, owner, fc_intern_name(r->areas, a), sex,
                             r->keys ? fc_intern_name(r->keys, k) : NULL, o, err);
                if (st != FC_OK)
                    return st;
            }
        }
    }
    return FC_OK;
}

/* ---------------------------------------------------------------- control totals */

typedef struct ctl_row {
    int year, sex, grp;
    double v;
    size_t line;
} ctl_row;

typedef struct ctl_ctx {
    const fc_ages *g;
    int base, horizon, step;
    ctl_row *row;
    size_t n, cap;
    int has_sex, has_age;
} ctl_ctx;

enum { CC_YEAR, CC_POP, CC_SEX, CC_AGE };
static const fc_csv_col ctl_cols[] = {{"year", 1}, {"population", 1}, {"sex", 0}, {"age", 0}};

static fc_status
ctl_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    ctl_ctx *c = ctx;
    ctl_row r = {0, 0, 0, 0.0, row->line};
    long y;

    c->has_sex = row->pos[CC_SEX] != 0;
    c->has_age = row->pos[CC_AGE] != 0;
    if (c->has_age && !c->has_sex)
        return fc_err_at(err, FC_EDATA, row->path, 1, row->pos[CC_AGE], "control totals by "
                         "age need a 'sex' column too");
    if (fc_csv_int(row, CC_YEAR, 1000, 3000, &y, err) || persons(row, CC_POP, &r.v, err))
        return FC_EDATA;
    if (y <= c->base || y > c->horizon || (y - c->base) % c->step != 0)
        return fc_csv_fail(row, CC_YEAR, err, "%ld is not a projected year (%d to %d in steps of "
                           "%d after the base year %d)", y, c->base + c->step, c->horizon,
                           c->step, c->base);
    r.year = (int)y;
    if (c->has_sex && fc_csv_sex(row, CC_SEX, 0, &r.sex, err))
        return FC_EDATA;
    if (c->has_age) {
        int lo, hi;
        size_t g;
        if (fc_csv_age(row, CC_AGE, &lo, &hi, err))
            return FC_EDATA;
        for (g = 0; g < c->g->n; g++)
            if (c->g->lo[g] == lo && c->g->hi[g] == hi)
                break;
        if (g == c->g->n)
            return fc_csv_fail(row, CC_AGE, err, "'%s' is not an age group of the population",
                               row->field[CC_AGE]);
        r.grp = (int)g;
    }
    if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->row[c->n++] = r;
    return FC_OK;
}

fc_status
fc_ctlin_read(const char *path, const fc_ages *g, int base_year, int horizon, int step,
              fc_ctlin *out, fc_warnings *warn, fc_err *err)
{
    ctl_ctx c = {g, base_year, horizon, step, NULL, 0, 0, 0, 0};
    fc_status st;
    size_t *line = NULL, i, nyslot;

    memset(out, 0, sizeof *out);
    st = fc_csv_read(path, ctl_cols, 4, 1, ctl_row_fn, &c, warn, err);
    if (st != FC_OK)
        goto done;
    out->kind = c.has_age ? 3 : (c.has_sex ? 2 : 1);
    out->ncell = c.has_age ? 2 * g->n : (c.has_sex ? 2 : 1);
    nyslot = (size_t)((horizon - base_year) / step);
    out->years = malloc(nyslot * sizeof *out->years);
    out->value = calloc(nyslot * out->ncell, sizeof *out->value);
    line = calloc(nyslot * out->ncell, sizeof *line);
    if (!out->years || !out->value || !line) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < c.n; i++) {
        const ctl_row *r = &c.row[i];
        size_t ys = (size_t)((r->year - base_year) / step - 1);
        size_t k = ys * out->ncell + (size_t)(c.has_age ? r->sex * (int)g->n + r->grp : r->sex);
        if (line[k]) {
            st = fc_err_at(err, FC_EDATA, path, r->line, 0, "duplicate control total (first "
                           "given on line %zu)", line[k]);
            goto done;
        }
        line[k] = r->line;
        out->value[k] = r->v;
    }
    /* compact to the years given, checking each is complete */
    for (size_t ys = 0; ys < nyslot; ys++) {
        size_t have = 0;
        for (size_t k = 0; k < out->ncell; k++)
            have += line[ys * out->ncell + k] != 0;
        if (have == 0)
            continue;
        if (have != out->ncell) {
            st = fc_err_at(err, FC_EDATA, path, 0, 0, "control totals for %d are incomplete: "
                           "%zu of %zu sex/age cells given", base_year + (int)(ys + 1) * step,
                           have, out->ncell);
            goto done;
        }
        memmove(out->value + out->nyear * out->ncell, out->value + ys * out->ncell,
                out->ncell * sizeof *out->value);
        out->years[out->nyear++] = base_year + (int)(ys + 1) * step;
    }
done:
    free(line);
    free(c.row);
    if (st != FC_OK)
        fc_ctlin_fini(out);
    return st;
}

void
fc_ctlin_fini(fc_ctlin *c)
{
    if (c == NULL)
        return;
    free(c->years);
    free(c->value);
    memset(c, 0, sizeof *c);
}
