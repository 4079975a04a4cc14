/* projection.c: the in-memory projection cube and its readers (see projection.h). */
#include "engine/projection/projection.h"
#include "engine/io/grow.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const sex_name[2] = {"F", "M"};


/* ---------------------------------------------------------------- lifecycle */

fc_projection *
fc_projection_new(void)
{
    fc_projection *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->areas = fc_intern_alloc();
    p->variants = fc_intern_alloc();
    if (!p->areas || !p->variants) {
        fc_projection_free(p);
        return NULL;
    }
    return p;
}

void
fc_projection_free(fc_projection *p)
{
    if (p == NULL)
        return;
    fc_intern_free(p->areas);
    fc_intern_free(p->variants);
    free(p->pop);
    free(p->have);
    free(p->ex);
    free(p);
}

fc_status
fc_projection_shape(fc_projection *p, const fc_ages *ages, int year0, int step, size_t nyear,
                    int with_ex, fc_err *err)
{
    size_t nv = fc_intern_count(p->variants), na = fc_intern_count(p->areas);
    if (nv == 0 || na == 0 || nyear == 0 || ages->n == 0 || step < 1)
        return FC_FAIL(err, FC_EINVAL, "projection: empty shape (%zu variants, %zu areas, %zu "
                       "years, %zu ages)", nv, na, nyear, ages->n);
    free(p->pop);
    free(p->have);
    free(p->ex);
    p->ex = NULL;
    p->ages = *ages;
    p->year0 = year0;
    p->step = step;
    p->nyear = nyear;
    size_t nblock = nv * na * nyear, ncell = nblock * 2 * ages->n;
    p->pop = calloc(ncell, sizeof *p->pop);
    p->have = calloc(nblock, sizeof *p->have);
    if (with_ex && (p->ex = malloc(ncell * sizeof *p->ex)) != NULL)
        for (size_t i = 0; i < ncell; i++)
            p->ex[i] = (double)NAN;
    if (!p->pop || !p->have || (with_ex && !p->ex))
        return FC_FAIL(err, FC_ENOMEM, "out of memory for a projection of %zu cells", ncell);
    return FC_OK;
}

/* ---------------------------------------------------------------- reading a projection */

typedef struct prow {
    uint32_t area;
    uint16_t var;
    int16_t lo, hi;
    uint8_t sex;
    uint8_t merged;  /* summed into the common open group (mixed open ages) */
    int32_t year;
    double v;
    size_t line;
} prow;

typedef struct pctx {
    fc_projection *p;
    const fc_projection_opts *opts;
    prow *row;
    size_t n, cap;
    size_t both;          /* rows for both sexes together, dropped */
    char both_as[16];     /* how the first of them spelt the sex */
    size_t all_ages;      /* rows for all ages together, dropped */
} pctx;

/* The columns, with the spellings of published tables (ONS, NRS): `persons` or `value` for
 * the population, `age_label` (which writes the open group "90+") before `age`, and
 * `projection`, which with `variant` names the variant. */
enum { PJ_VARIANT, PJ_AREA, PJ_AREA_CODE, PJ_YEAR, PJ_SEX, PJ_AGE, PJ_POP, PJ_DRAW, PJ_PROJ,
       PJ_AGE_LABEL, PJ_POP_K, PJ_N };
static const fc_csv_col proj_cols[PJ_N] = {
    {"variant", 0}, {"area", 0},  {"area_code", 0}, {"year", FC_COL_REQUIRED | FC_COL_WIDE_YEAR},
    {"sex", 1},     {"age", 0},
    {"population|persons|value", FC_COL_WIDE_VALUE}, {"draw", 0},
    {"projection", 0}, {"age_label|age_group", 0},
    {"value_thousands|population_thousands|persons_thousands", 0},
};

static fc_status
proj_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    pctx *c = ctx;
    prow r;
    size_t idx;
    long y;
    int sex, lo, hi;
    size_t ac = row->field[PJ_AREA] ? PJ_AREA : PJ_AREA_CODE;
    const char *area = row->field[ac];

    if (c->n == 0) {
        c->p->has_variant = row->pos[PJ_VARIANT] != 0;
        if (row->pos[PJ_DRAW])
            return fc_err_at(err, FC_EDATA, row->path, 1, row->pos[PJ_DRAW], "a stochastic "
                             "projection (column 'draw') cannot be read here: give one draw or "
                             "the summary as a variant");
        if (!row->pos[PJ_AREA] && !row->pos[PJ_AREA_CODE])
            return fc_err_at(err, FC_EDATA, row->path, 1, 0, "missing required column 'area'");
        if (row->pos[PJ_AREA] && row->pos[PJ_AREA_CODE])
            return fc_err_at(err, FC_EDATA, row->path, 1, row->pos[PJ_AREA_CODE], "columns "
                             "'area' and 'area_code' both given: keep one");
        if (!row->pos[PJ_AGE] && !row->pos[PJ_AGE_LABEL])
            return fc_err_at(err, FC_EDATA, row->path, 1, 0, "missing required column 'age' "
                             "(or 'age_label', 'age_group')");
        if (!row->pos[PJ_POP] && !row->pos[PJ_POP_K])
            return fc_err_at(err, FC_EDATA, row->path, 1, 0, "missing required column "
                             "'population' (or 'persons', 'value', 'value_thousands')");
    }
    if (area[0] == '\0' || strcmp(area, "*") == 0)
        return fc_csv_fail(row, ac, err, "a projection row needs an area code");
    if (fc_csv_sex(row, PJ_SEX, 1, &sex, err))
        return FC_EDATA;
    if (sex < 0) { /* both sexes together: the projection is by sex */
        if (c->both++ == 0)
            snprintf(c->both_as, sizeof c->both_as, "%.15s", row->field[PJ_SEX]);
        return FC_OK;
    }
    {   /* a total over ages (ONS's "All ages" rows): the projection is by age */
        const char *ag = row->field[row->field[PJ_AGE_LABEL] ? PJ_AGE_LABEL : PJ_AGE];
        if (strcasecmp(ag, "all ages") == 0 || strcasecmp(ag, "all") == 0 ||
            strcasecmp(ag, "total") == 0) {
            c->all_ages++;
            return FC_OK;
        }
    }
    if (fc_csv_int(row, PJ_YEAR, 1000, 3100, &y, err) ||
        fc_csv_age(row, row->field[PJ_AGE_LABEL] ? PJ_AGE_LABEL : PJ_AGE, &lo, &hi, err) ||
        fc_csv_nonneg(row, row->field[PJ_POP] ? PJ_POP : PJ_POP_K, &r.v, err))
        return FC_EDATA;
    if (!row->field[PJ_POP]) /* published in thousands (UN WPP) */
        r.v *= 1000.0;
    if (lo > FC_AGE_MAX || hi > FC_AGE_MAX)
        return fc_csv_fail(row, PJ_AGE, err, "ages above %d are not accepted", FC_AGE_MAX);
    if (c->opts->open_age != FC_PROJ_NO_OPEN_AGE) {
        if (lo == c->opts->open_age && hi == lo)
            hi = FC_AGE_OPEN;
        else if (lo > c->opts->open_age || (lo < c->opts->open_age && hi == FC_AGE_OPEN))
            return fc_csv_fail(row, PJ_AGE, err, "age '%s' does not fit the open age %d "
                               "(which stands for '%d+')", row->field[PJ_AGE],
                               c->opts->open_age, c->opts->open_age);
    }
    if (fc_intern_add(c->p->areas, area, &idx, err) != FC_OK)
        return err->status; /* a name too long, or no memory */
    if (idx > UINT32_MAX - 1)
        return fc_csv_fail(row, ac, err, "too many areas");
    r.area = (uint32_t)idx;
    {
        /* the variant: `variant`, or a published `projection` (with its `variant`) */
        char pv[2 * FC_NAME_MAX + 4];
        const char *vn = row->field[PJ_VARIANT] ? row->field[PJ_VARIANT] : "principal";
        if (row->field[PJ_PROJ] && row->field[PJ_PROJ][0]) {
            snprintf(pv, sizeof pv, "%.*s%s%.*s", FC_NAME_MAX, row->field[PJ_PROJ],
                     row->field[PJ_VARIANT] ? ": " : "", FC_NAME_MAX,
                     row->field[PJ_VARIANT] ? row->field[PJ_VARIANT] : "");
            vn = pv;
        }
        if (vn[0] == '\0')
            return fc_csv_fail(row, PJ_VARIANT, err, "empty variant name");
        if (fc_intern_add(c->p->variants, vn, &idx, err) != FC_OK)
            return err->status; /* a name too long, or no memory */
        if (idx >= UINT16_MAX)
            return fc_csv_fail(row, PJ_VARIANT, err, "more than %d variants", UINT16_MAX - 1);
        r.var = (uint16_t)idx;
    }
    r.lo = (int16_t)lo;
    r.hi = (int16_t)hi;
    r.sex = (uint8_t)sex;
    r.merged = 0;
    r.year = (int32_t)y;
    r.line = row->line;
    if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->row[c->n++] = r;
    return FC_OK;
}

static const char *
band_label(int lo, int hi, char *buf)
{
    fc_ages a;
    a.lo[0] = lo;
    a.hi[0] = hi;
    return fc_ages_label(&a, 0, buf);
}

/* UN WPP publishes the past as variant "estimate" (to 2020) and each projection variant from
 * the next year (2025): every other variant is given the estimates of the years before its
 * own first, so that each reads as one series from the table's first year, with a note. */
static fc_status
estimates_history(pctx *c, const char *path, fc_warnings *warn, fc_err *err)
{
    const size_t nv = fc_intern_count(c->p->variants), n0 = c->n;
    size_t est = FC_INTERN_NONE, added = 0;
    for (size_t v = 0; v < nv; v++)
        if (strcasecmp(fc_intern_name(c->p->variants, v), "estimate") == 0 ||
            strcasecmp(fc_intern_name(c->p->variants, v), "estimates") == 0)
            est = v;
    if (est == FC_INTERN_NONE || nv < 2)
        return FC_OK;
    for (size_t v = 0; v < nv; v++) {
        int32_t first = INT32_MAX;
        if (v == est)
            continue;
        for (size_t i = 0; i < n0; i++)
            if (c->row[i].var == v && c->row[i].year < first)
                first = c->row[i].year;
        for (size_t i = 0; i < n0; i++)
            if (c->row[i].var == est && c->row[i].year < first) {
                if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
                    return FC_FAIL(err, FC_ENOMEM, "out of memory");
                c->row[c->n] = c->row[i];
                c->row[c->n++].var = (uint16_t)v;
                added++;
            }
    }
    if (added)
        fc_warn(warn, "%s: each projection variant starts from the variant '%s' (the years "
                "before its own first): %zu rows", path, fc_intern_name(c->p->variants, est),
                added);
    return FC_OK;
}

/* Variants with different open ages (ONS's 2018-based NPP: the principal 105+, the variants
 * 90+) are brought to the lowest: the ages from it are summed into its open group, with a
 * warning naming the variants. */
static void
common_open_age(pctx *c, const char *path, fc_warnings *warn)
{
    const size_t nv = fc_intern_count(c->p->variants);
    int *open, lo = INT32_MAX, hi = -1;
    char list[512] = "";
    size_t k = 0;
    if (nv < 2 || (open = malloc(nv * sizeof *open)) == NULL)
        return; /* (out of memory: the grid's overlap error follows) */
    for (size_t v = 0; v < nv; v++)
        open[v] = -1;
    for (size_t i = 0; i < c->n; i++)
        if (c->row[i].hi == FC_AGE_OPEN)
            open[c->row[i].var] = c->row[i].lo;
    for (size_t v = 0; v < nv; v++)
        if (open[v] >= 0) {
            lo = open[v] < lo ? open[v] : lo;
            hi = open[v] > hi ? open[v] : hi;
        }
    if (hi < 0 || lo == hi) {
        free(open);
        return;
    }
    for (size_t i = 0; i < c->n; i++) {
        prow *r = &c->row[i];
        if (r->lo >= lo && !(r->lo == lo && r->hi == FC_AGE_OPEN)) {
            r->lo = (int16_t)lo;
            r->hi = FC_AGE_OPEN;
            r->merged = 1;
        }
    }
    for (size_t v = 0; v < nv && k + 80 < sizeof list; v++)
        if (open[v] > lo)
            k += (size_t)snprintf(list + k, sizeof list - k, "%s'%s' (%d+)", k ? ", " : "",
                                  fc_intern_name(c->p->variants, v), open[v]);
    fc_warn(warn, "%s: the variants' open ages differ; the ages from %d of %s are summed into "
            "%d+, the open age every variant has", path, lo, list, lo);
    free(open);
}

/* The age grid from the rows' bands, with overlaps named by line. */
static fc_status
proj_grid(const pctx *c, const char *path, fc_ages *g, fc_err *err)
{
    size_t first[FC_AGE_MAX + 1];
    int lo[FC_AGE_MAX + 1], hi[FC_AGE_MAX + 1], has_open = 0;
    size_t nb = 0;
    char b1[16], b2[16];

    for (int x = 0; x <= FC_AGE_MAX; x++)
        first[x] = SIZE_MAX;
    for (size_t i = 0; i < c->n; i++) {
        const prow *r = &c->row[i];
        if (first[r->lo] == SIZE_MAX) {
            first[r->lo] = i;
            lo[nb] = r->lo;
            hi[nb++] = r->hi;
            has_open |= r->hi == FC_AGE_OPEN;
        } else if (c->row[first[r->lo]].hi != r->hi) {
            const prow *f = &c->row[first[r->lo]];
            return fc_err_at(err, FC_EDATA, path, r->line, 0, "age band '%s' overlaps '%s' "
                             "given on line %zu", band_label(r->lo, r->hi, b1),
                             band_label(f->lo, f->hi, b2), f->line);
        }
    }
    if (!has_open) {
        int top = 0;
        for (size_t i = 0; i < nb; i++)
            if (hi[i] > top)
                top = hi[i];
        return fc_err_at(err, FC_EDATA, path, 0, 0, "the ages stop at %d without an open-ended "
                         "group: write '%d+' for the last group, or, when %d means '%d and "
                         "over' (as in ONS projections), give the open age (--open-age %d)",
                         top, top, top, top, top);
    }
    return fc_ages_from_bands(lo, hi, nb, path, g, err);
}

/* The distinct years of the rows (from a bitmap: no sort of rows) and the regular step
 * from the first that they must follow. years: new, free with free(). */
static fc_status
proj_years(const pctx *cp, const char *path, int **years_out, size_t *nyd_out, int *step_out,
           fc_err *err)
{
    const pctx c = *cp;
    int *years;
    size_t nyd = 0;
    fc_status st = FC_OK;

    {
        unsigned char seen[3101 - 1000] = {0};
        if ((years = malloc(sizeof seen * sizeof *years)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t i = 0; i < c.n; i++)
            seen[c.row[i].year - 1000] = 1;
        for (int y = 1000; y <= 3100; y++)
            if (seen[y - 1000])
                years[nyd++] = y;
    }
    int step = 0;
    for (size_t i = 1; i < nyd; i++)
        if (step == 0 || years[i] - years[i - 1] < step)
            step = years[i] - years[i - 1];
    if (step == 0)
        step = 1;
    for (size_t i = 1; i < nyd; i++) {
        if ((years[i] - years[0]) % step != 0) {
            for (size_t k = 0; k < c.n; k++)
                if (c.row[k].year == years[i]) {
                    st = fc_err_at(err, FC_EDATA, path, c.row[k].line, 0, "year %d is not on "
                                   "the %d-year steps from %d that the other years follow",
                                   years[i], step, years[0]);
                    free(years);
                    return st;
                }
        }
    }
    *years_out = years;
    *nyd_out = nyd;
    *step_out = step;
    return st;
}

/* Puts each row into the cube; a cell given twice is an error naming both lines. */
static fc_status
proj_fill(fc_projection *p, const pctx *cp, const fc_ages *gp, const int gidx[],
          unsigned char *filled, const char *path, fc_err *err)
{
    const pctx c = *cp;
    const fc_ages g = *gp;
    const size_t ng = g.n;
    const int step = p->step;
    fc_status st = FC_OK;
    char lab[16];

    for (size_t i = 0; i < c.n; i++) {
        const prow *r = &c.row[i];
        size_t t = (size_t)((r->year - p->year0) / step);
        size_t b = fc_projection_block(p, r->var, r->area, t);
        size_t k = (b * 2 + r->sex) * ng + (size_t)gidx[r->lo];
        if (filled[k] && r->merged) { /* an age above the common open age: summed into it */
            p->pop[k] += r->v;
            continue;
        }
        if (filled[k]) {
            size_t f = 0;
            while (f < i && !(c.row[f].var == r->var && c.row[f].area == r->area &&
                              c.row[f].year == r->year && c.row[f].sex == r->sex &&
                              c.row[f].lo == r->lo))
                f++;
            st = fc_err_at(err, FC_EDATA, path, r->line, 0, "duplicate row for %s%s%sarea '%s', "
                           "year %d, sex %s, age '%s' (first given on line %zu)",
                           p->has_variant ? "variant '" : "",
                           p->has_variant ? fc_intern_name(p->variants, r->var) : "",
                           p->has_variant ? "', " : "", fc_intern_name(p->areas, r->area),
                           (int)r->year, sex_name[r->sex], fc_ages_label(&g, (size_t)gidx[r->lo],
                                                                         lab), c.row[f].line);
            return st;
        }
        filled[k] = 1;
        p->have[b] = 1;
        p->pop[k] = r->v;
    }
    return st;
}

/* Every (variant, area, year) given is complete, and each (variant, area) has no gap. */
static fc_status
proj_complete(const fc_projection *p, const fc_ages *gp, const unsigned char *filled,
              const char *path, fc_err *err)
{
    const fc_ages g = *gp;
    const size_t nv = fc_projection_nvariant(p), na = fc_projection_narea(p), ng = g.n;
    const int step = p->step;
    fc_status st = FC_OK;
    char lab[16];

    for (size_t v = 0; v < nv; v++)
        for (size_t a = 0; a < na; a++) {
            int seen = 0, ended = 0;
            for (size_t t = 0; t < p->nyear; t++) {
                size_t b = fc_projection_block(p, v, a, t);
                if (!p->have[b]) {
                    ended |= seen;
                    continue;
                }
                if (ended) {
                    st = fc_err_at(err, FC_EDATA, path, 0, 0, "%s%s%sarea '%s' has a gap in its "
                                   "years before %d", p->has_variant ? "variant '" : "",
                                   p->has_variant ? fc_intern_name(p->variants, v) : "",
                                   p->has_variant ? "', " : "", fc_intern_name(p->areas, a),
                                   p->year0 + (int)t * step);
                    return st;
                }
                seen = 1;
                for (size_t k = 0; k < 2 * ng; k++)
                    if (!filled[b * 2 * ng + k]) {
                        st = fc_err_at(err, FC_EDATA, path, 0, 0, "no row for %s%s%sarea '%s', "
                                       "year %d, sex %s, age '%s'",
                                       p->has_variant ? "variant '" : "",
                                       p->has_variant ? fc_intern_name(p->variants, v) : "",
                                       p->has_variant ? "', " : "", fc_intern_name(p->areas, a),
                                       p->year0 + (int)t * step, sex_name[k / ng],
                                       fc_ages_label(&g, k % ng, lab));
                        return st;
                    }
            }
        }
    return st;
}

fc_status
fc_projection_read(const char *path, const fc_projection_opts *opts, fc_projection **out,
                   fc_warnings *warn, fc_err *err)
{
    static const fc_projection_opts dflt = {FC_PROJ_NO_OPEN_AGE, NULL};
    fc_projection *p = fc_projection_new();
    pctx c = {p, opts ? opts : &dflt, NULL, 0, 0, 0, "", 0};
    unsigned char *filled = NULL;
    int *years = NULL, gidx[FC_AGE_MAX + 1];
    size_t nyd = 0, nv, na, ng;
    int step = 0;
    fc_ages g;
    fc_status st;

    *out = NULL;
    if (p == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = fc_csv_read_as(path, c.opts->columns, proj_cols, PJ_N, 1, proj_row_fn, &c, warn,
                             err)) != FC_OK)
        goto fail;
    if (c.both)
        fc_warn(warn, "%s: %zu rows for both sexes together (sex '%s') were dropped: the "
                "projection is read by sex", path, c.both, c.both_as);
    if (c.all_ages)
        fc_warn(warn, "%s: %zu rows for all ages together were dropped: the projection is "
                "read by age", path, c.all_ages);
    if (c.n == 0) {
        st = fc_err_at(err, FC_EDATA, path, 0, 0, "no rows by sex (female, male)");
        goto fail;
    }
    if ((st = estimates_history(&c, path, warn, err)) != FC_OK)
        goto fail;
    common_open_age(&c, path, warn);
    if ((st = proj_grid(&c, path, &g, err)) != FC_OK)
        goto fail;
    if ((st = proj_years(&c, path, &years, &nyd, &step, err)) != FC_OK)
        goto fail;
    if ((st = fc_projection_shape(p, &g, years[0], step,
                                  (size_t)((years[nyd - 1] - years[0]) / step) + 1, 0, err)))
        goto fail;
    nv = fc_projection_nvariant(p);
    na = fc_projection_narea(p);
    ng = g.n;
    for (size_t k = 0; k < ng; k++)
        gidx[g.lo[k]] = (int)k;
    if ((filled = calloc(nv * na * p->nyear * 2 * ng, 1)) == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto fail;
    }
    if ((st = proj_fill(p, &c, &g, gidx, filled, path, err)) != FC_OK)
        goto fail;
    if ((st = proj_complete(p, &g, filled, path, err)) != FC_OK)
        goto fail;
    free(filled);
    free(years);
    free(c.row);
    *out = p;
    return FC_OK;
fail:
    free(filled);
    free(years);
    free(c.row);
    fc_projection_free(p);
    return st;
}

/* ---------------------------------------------------------------- life expectancy */

typedef struct exrow {
    int var, area, sex, year, lo;
    double v;
    size_t line;
} exrow;

typedef struct exctx {
    const fc_projection *p;
    exrow *row;
    size_t n, cap;
} exctx;

enum { EX_VARIANT, EX_AREA, EX_YEAR, EX_SEX, EX_AGE, EX_EX, EX_N };
static const fc_csv_col ex_cols[EX_N] = {
    {"variant", 0}, {"area", 0}, {"year", 1}, {"sex", 1}, {"age", 1}, {"ex", 1},
};

static fc_status
ex_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    exctx *c = ctx;
    exrow r = {FC_ANY, FC_ANY, 0, 0, 0, 0.0, row->line};
    long y;
    int hi;

    if (row->field[EX_VARIANT] && strcmp(row->field[EX_VARIANT], "*") != 0) {
        size_t v = fc_intern_find(c->p->variants, row->field[EX_VARIANT]);
        if (v == FC_INTERN_NONE)
            return fc_csv_fail(row, EX_VARIANT, err, "variant '%s' is not in the projection",
                               row->field[EX_VARIANT]);
        r.var = (int)v;
    }
    if (row->field[EX_AREA] && strcmp(row->field[EX_AREA], "*") != 0) {
        size_t a = fc_intern_find(c->p->areas, row->field[EX_AREA]);
        if (a == FC_INTERN_NONE)
            return fc_csv_fail(row, EX_AREA, err, "area '%s' is not in the projection",
                               row->field[EX_AREA]);
        r.area = (int)a;
    }
    if (fc_csv_int(row, EX_YEAR, 1000, 3100, &y, err) || fc_csv_sex(row, EX_SEX, 0, &r.sex, err) ||
        fc_csv_age(row, EX_AGE, &r.lo, &hi, err) || fc_csv_nonneg(row, EX_EX, &r.v, err))
        return FC_EDATA;
    r.year = (int)y;
    if (fc_grow((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->row[c->n++] = r;
    return FC_OK;
}

/* Rows sorted so that later rows override earlier ones: by year, then the general ('*') before
 * the specific, then file order. */
static int
cmp_exrow(const void *pa, const void *pb)
{
    const exrow *a = pa, *b = pb;
    int sa = (a->var != FC_ANY) + (a->area != FC_ANY), sb = (b->var != FC_ANY) + (b->area != FC_ANY);
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    return a->line < b->line ? -1 : (a->line > b->line);
}

fc_status
fc_projection_read_ex(fc_projection *p, const char *path, fc_warnings *warn, fc_err *err)
{
    exctx c = {p, NULL, 0, 0};
    const size_t nv = fc_projection_nvariant(p), na = fc_projection_narea(p), ng = p->ages.n;
    int gidx[FC_AGE_MAX + 1];
    fc_status st;

    if ((st = fc_csv_read(path, ex_cols, EX_N, 1, ex_row_fn, &c, warn, err)) != FC_OK) {
        free(c.row);
        return st;
    }
    if (p->ex == NULL) {
        size_t ncell = nv * na * p->nyear * 2 * ng;
        if ((p->ex = malloc(ncell * sizeof *p->ex)) == NULL) {
            free(c.row);
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        }
    }
    for (size_t i = 0; i < nv * na * p->nyear * 2 * ng; i++)
        p->ex[i] = (double)NAN;
    for (int x = 0; x <= FC_AGE_MAX; x++)
        gidx[x] = -1;
    for (size_t g = 0; g < ng; g++)
        gidx[p->ages.lo[g]] = (int)g;
    qsort(c.row, c.n, sizeof *c.row, cmp_exrow);
    /* Rows in year order (then less specific first): each row sets its cells at the first
     * projection year on or after its year; a forward fill then carries every value on until
     * a later table year overrides it. */
    for (size_t i = 0; i < c.n; i++) {
        const exrow *r = &c.row[i];
        if (r->lo > FC_AGE_MAX || gidx[r->lo] < 0)
            continue; /* not the first age of a population group: not needed */
        size_t v0 = r->var == FC_ANY ? 0 : (size_t)r->var, v1 = r->var == FC_ANY ? nv : v0 + 1;
        size_t a0 = r->area == FC_ANY ? 0 : (size_t)r->area;
        size_t a1 = r->area == FC_ANY ? na : a0 + 1;
        for (size_t v = v0; v < v1; v++) {
            for (size_t a = a0; a < a1; a++) {
                size_t t = 0;
                while (t < p->nyear && p->year0 + (int)t * p->step < r->year)
                    t++;
                if (t == p->nyear)
                    continue;
                size_t b = fc_projection_block(p, v, a, t);
                p->ex[(b * 2 + (size_t)r->sex) * ng + (size_t)gidx[r->lo]] = r->v;
            }
        }
    }
    for (size_t v = 0; v < nv; v++)
        for (size_t a = 0; a < na; a++)
            for (size_t t = 1; t < p->nyear; t++) {
                double *cur = p->ex + fc_projection_block(p, v, a, t) * 2 * ng;
                const double *prev = p->ex + fc_projection_block(p, v, a, t - 1) * 2 * ng;
                for (size_t k = 0; k < 2 * ng; k++)
                    if (isnan(cur[k]))
                        cur[k] = prev[k];
            }
    free(c.row);
    return FC_OK;
}
