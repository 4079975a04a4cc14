/* input.c: the inputs of a standardisation: the standard population, the observed counts, the population at risk and the reference rates (standardise_int.h). */
#include "engine/standardise/standardise_int.h"

/* ---------------------------------------------------------------- the standard population */


/* The standard band holding every age of [lo, hi], FIT_OUTSIDE or FIT_SPLIT. */
int
sd_fit(const stdpop *s, int lo, int hi)
{
    int he = sd_hi_eff(hi), top = sd_hi_eff(s->hi[s->nb - 1]);
    if (he < s->lo[0] || lo > top)
        return FIT_OUTSIDE;
    if (lo < s->lo[0] || he > top || s->jof[lo] != s->jof[he])
        return FIT_SPLIT;
    return s->jof[lo];
}

const char *
sd_sband(const stdpop *s, size_t j, char *buf)
{
    return sd_blabel(s->lo[j], s->hi[j], buf);
}

/* Locates a band that does not fit the standard at column i of row. */
static fc_status
misfit(const stdpop *s, const fc_csv_row *row, size_t i, int lo, int hi, int how, fc_err *err)
{
    char b[24], f[24], l[24];
    sd_sband(s, 0, f);
    sd_sband(s, s->nb - 1, l);
    if (how == FIT_OUTSIDE)
        return fc_csv_fail(row, i, err,
                           "age '%s' is outside the standard population's ages "
                           "('%s' to '%s'): leave those rows out, or use a standard that "
                           "covers them",
                           sd_blabel(lo, hi, b), f, l);
    return fc_csv_fail(row, i, err,
                       "age band '%s' does not lie inside one of the standard's "
                       "bands ('%s', ... '%s'): give it in the standard's bands or narrower ones",
                       sd_blabel(lo, hi, b), f, l);
}



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
fc_status
sd_std_load(const char *path, stdpop *s, fc_warnings *warn, fc_err *err)
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
                               sd_blabel(r->lo, r->hi, b1), sd_blabel(s->lo[k], s->hi[k], b2), l0, l1);
                goto done;
            }
            if (s->nb > 0 && r->lo > s->hi[k] + 1) {
                char b3[24];
                st = fc_err_at(err, FC_EDATA, path, r->line, 0,
                               "the standard has no band for "
                               "ages %s (between '%s' and '%s')",
                               sd_blabel(s->hi[k] + 1, r->lo - 1, b1), sd_blabel(s->lo[k], s->hi[k], b2),
                               sd_blabel(r->lo, r->hi, b3));
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
                           sd_blabel(r->lo, r->hi, b1), sd_blabel(s->lo[k], s->hi[k], b2), bline[k]);
            goto done;
        }
        for (int x = 0; x < 2; x++) {
            if (r->sex >= 0 && r->sex != x)
                continue;
            if (wline[x][k]) {
                st = fc_err_at(err, FC_EDATA, path, r->line, 0,
                               "the standard population for "
                               "sex %s, age '%s' is already given on line %zu",
                               sd_sex_name[x], sd_blabel(r->lo, r->hi, b1), wline[x][k]);
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
                               sd_sex_name[x], sd_blabel(s->lo[k], s->hi[k], b1));
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
        for (int x = s->lo[k]; x <= sd_hi_eff(s->hi[k]); x++)
            s->jof[x] = (int)k;
done:
    free(c.row);
    return st;
}

/* ---------------------------------------------------------------- observed counts */



const fc_csv_col sd_count_cols[CT_N] = {
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

fc_status
sd_count_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
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
    if ((r.j = sd_fit(c->std, r.lo, r.hi)) < 0)
        return misfit(c->std, row, CT_AGE, r.lo, r.hi, r.j, err);
    if (!c->frac_line && r.v != floor(r.v))
        c->frac_line = row->line;
    if (fc_intern_add(c->areas, row->field[ac], &idx, err) != FC_OK)
        return err->status; /* a name too long, or no memory */
    if (idx >= UINT32_MAX)
        return fc_csv_fail(row, ac, err, "too many areas");
    r.area = (uint32_t)idx;
    if (fc_intern_add(c->measures, row->field[CT_MEASURE] ? row->field[CT_MEASURE] : "all", &idx,
                      err) != FC_OK)
        return err->status; /* a name too long, or no memory */
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

int
sd_cmp_crow(const void *a, const void *b)
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

const fc_csv_col sd_pop_cols[PQ_N] = {
    {"variant", 0}, {"area", 0}, {"area_code", 0},  {"year", 0},
    {"sex", 1},     {"age", 1},  {"population", 1},
};

fc_status
sd_pop_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
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
    if (fc_intern_add(c->variants, c->has_var ? row->field[PQ_VARIANT] : "principal", &idx, err) != FC_OK)
        return err->status; /* a name too long, or no memory */
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
fc_status
sd_pop_from_projection(const fc_projection *p, qctx *c, fc_err *err)
{
    size_t nv = fc_projection_nvariant(p), na = fc_projection_narea(p), ng = p->ages.n;
    c->has_var = p->has_variant;
    c->has_year = 1;
    for (size_t v = 0; v < nv; v++) {
        size_t idx;
        if (fc_intern_add(c->variants, fc_intern_name(p->variants, v), &idx, err) != FC_OK)
            return err->status; /* a name too long, or no memory */
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

int
sd_cmp_qrow(const void *a, const void *b)
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



const fc_csv_col sd_ref_cols[RF_N] = {
    {"measure", 0}, {"year", 0}, {"sex", 1}, {"age", 1}, {"rate", 1},
};

fc_status
sd_ref_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
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

