/* cmd_activity.c: the need and activity jobs (activity_job.h), `fulcrum need`, `fulcrum
 * activity`, and the [need] / [activity] scenario stages. Inputs are read and checked here
 * (located errors, nothing written on failure); the numerics are models/activity.c.
 */
#include "engine/activity/activity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/finance/finance.h"
#include "engine/chain/chain.h"

static const char *const key_col[2] = {"measure", "service"};
static const char *const sex_name[2] = {"F", "M"};

void
fc_act_spec_init(fc_act_spec *spec, fc_act_kind kind)
{
    memset(spec, 0, sizeof *spec);
    spec->kind = kind;
    spec->open_age = FC_PROJ_NO_OPEN_AGE;
    spec->base_year = FC_NO_YEAR;
    spec->hsa_fraction = -1.0;
    spec->hsa_start_age = 55;
    spec->hsa_end_age = 90;
}

static int
reserve(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? 2 * *cap : 16;
    void *q = realloc(*p, c * size);
    if (q == NULL)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* ---------------------------------------------------------------- rates */

void
fc_act_rates_fini(fc_act_rates *r)
{
    if (r == NULL)
        return;
    fc_intern_free(r->keys);
    free(r->r);
    memset(r, 0, sizeof *r);
}

/* The common refinement of the population grid and the bands of the given tables: a group
 * starts at every age where a population group or a band starts; the last group is open from
 * the highest start. */
static void
refine(const fc_ages *pg, const fc_ratein *const t[], size_t nt, fc_ages *f)
{
    unsigned char start[FC_AGE_MAX + 1] = {0};
    int top = 0;
    for (size_t g = 0; g < pg->n; g++)
        start[pg->lo[g]] = 1;
    for (size_t k = 0; k < nt; k++)
        for (size_t i = 0; t[k] && i < t[k]->nrow; i++)
            start[t[k]->row[i].lo] = 1;
    for (int x = 0; x <= FC_AGE_MAX; x++)
        if (start[x])
            top = x;
    memset(f, 0, sizeof *f);
    for (int x = 0; x <= top; x++) {
        if (!start[x])
            continue;
        if (f->n > 0)
            f->hi[f->n - 1] = x - 1;
        f->lo[f->n] = x;
        f->hi[f->n] = FC_AGE_OPEN;
        f->n++;
    }
}

fc_status
fc_act_rates_load(const char *path, fc_act_kind kind, const fc_projection *p,
                  const char *weights, fc_act_rates *out, fc_warnings *warn, fc_err *err)
{
    const fc_rate_spec rspec = {"rate", key_col[kind], 1, 1, 0, kind == FC_ACT_NEED ? 1.0 : 0.0,
                                0, -1};
    static const fc_rate_spec wspec = {"population", NULL, 1, 1, 0, 0.0, 0, -1};
    const size_t na = fc_projection_narea(p), ng = p->ages.n;
    fc_ratein rt, wt;
    fc_ages f;
    double *rf = NULL, *wf = NULL;
    fc_status st;

    memset(out, 0, sizeof *out);
    memset(&wt, 0, sizeof wt);
    if ((st = fc_ratein_read(path, &rspec, p->areas, &rt, warn, err)) != FC_OK)
        return st;
    if (rt.has_year) {
        st = fc_err_at(err, FC_EDATA, path, rt.row[0].line, 0, "rates hold the base year only "
                       "(no 'year' column): give trends as non-demographic growth");
        goto done;
    }
    out->nkey = fc_intern_count(rt.keys);
    out->narea = na;
    out->ng = ng;
    if ((out->r = calloc(out->nkey * na * 2 * ng, sizeof *out->r)) == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    if (weights && (st = fc_ratein_read(weights, &wspec, p->areas, &wt, warn, err)) != FC_OK)
        goto done;
    if (weights && wt.has_year) {
        st = fc_err_at(err, FC_EDATA, weights, wt.row[0].line, 0, "the reference population "
                       "holds one year: drop the 'year' column");
        goto done;
    }
    {
        const fc_ratein *tabs[2] = {&rt, weights ? &wt : NULL};
        refine(&p->ages, tabs, 1, &f);
    }
    if (f.n == ng) {
        /* every band boundary is a population group boundary: no weighting needed */
        st = fc_ratein_expand(&rt, 0, &p->ages, na, 2, FC_EXPAND_RATE, out->r, err);
        goto done;
    }
    if (!weights) {
        /* name the first population group that holds a band boundary */
        for (size_t i = 0; i < rt.nrow; i++) {
            for (size_t g = 0; g < ng; g++) {
                int hi = p->ages.hi[g] == FC_AGE_OPEN ? FC_AGE_MAX + 1 : p->ages.hi[g];
                if (rt.row[i].lo > p->ages.lo[g] && rt.row[i].lo <= hi) {
                    char lab[16];
                    st = fc_err_at(err, FC_EDATA, path, rt.row[i].line, 0, "the age band "
                                   "starting at %d splits the population's age group '%s': "
                                   "give a reference population (weights) to population-weight "
                                   "the rates within that group, or use the population's bands",
                                   rt.row[i].lo, fc_ages_label(&p->ages, g, lab));
                    goto done;
                }
            }
        }
    }
    {
        const fc_ratein *tabs[2] = {&rt, &wt};
        refine(&p->ages, tabs, 2, &f);
    }
    rf = malloc(out->nkey * na * 2 * f.n * sizeof *rf);
    wf = malloc(na * 2 * f.n * sizeof *wf);
    if (!rf || !wf) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = fc_ratein_expand(&rt, 0, &f, na, 2, FC_EXPAND_RATE, rf, err)) != FC_OK ||
        (st = fc_ratein_expand(&wt, 0, &f, na, 2, FC_EXPAND_COUNT, wf, err)) != FC_OK)
        goto done;
    for (size_t k = 0; k < out->nkey; k++)
        for (size_t a = 0; a < na; a++)
            for (size_t s = 0; s < 2; s++) {
                const double *r = rf + ((k * na + a) * 2 + s) * f.n;
                const double *w = wf + (a * 2 + s) * f.n;
                double *o = out->r + ((k * na + a) * 2 + s) * ng;
                size_t j = 0;
                for (size_t g = 0; g < ng; g++) {
                    size_t j0 = j;
                    int same = 1;
                    double sw = 0.0, srw = 0.0;
                    while (j < f.n && (g + 1 == ng || f.lo[j] < p->ages.lo[g + 1])) {
                        same &= r[j] == r[j0];
                        sw += w[j];
                        srw += r[j] * w[j];
                        j++;
                    }
                    if (same) {
                        o[g] = r[j0];
                    } else if (sw > 0.0) {
                        o[g] = srw / sw;
                    } else {
                        char lab[16];
                        st = fc_err_at(err, FC_EDATA, weights, 0, 0, "the reference population "
                                       "is zero in age group '%s' for area '%s', sex %s, so "
                                       "the rates within it cannot be weighted",
                                       fc_ages_label(&p->ages, g, lab),
                                       fc_intern_name(p->areas, a), sex_name[s]);
                        goto done;
                    }
                }
            }
done:
    free(rf);
    free(wf);
    if (st == FC_OK) {
        out->keys = rt.keys;
        rt.keys = NULL;
    }
    fc_ratein_fini(&rt);
    fc_ratein_fini(&wt);
    if (st != FC_OK)
        fc_act_rates_fini(out);
    return st;
}

/* A key column naming a service or measure that must have rates. */
static fc_status
csv_key(const fc_csv_row *row, size_t i, const fc_intern *keys, const char *what, int allow_any,
        size_t *out, fc_err *err)
{
    const char *s = row->field[i];
    if (allow_any && strcmp(s, "*") == 0) {
        *out = FC_INTERN_NONE;
        return FC_OK;
    }
    if ((*out = fc_intern_find(keys, s)) == FC_INTERN_NONE)
        return fc_csv_fail(row, i, err, "%s '%s' has no rates", what, s);
    return FC_OK;
}

/* ---------------------------------------------------------------- growth */

typedef struct growth_ctx {
    const fc_intern *keys;
    const char *what;
    double *pct, *lo, *hi;
    size_t *line; /* [nkey + 1]: the last is '*' */
} growth_ctx;

enum { GC_KEY, GC_PCT, GC_LO, GC_HI, GC_N };

static fc_status
growth_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    growth_ctx *c = ctx;
    size_t k, nk = fc_intern_count(c->keys);
    double v, lo = (double)NAN, hi = (double)NAN;
    int has_lo = row->field[GC_LO] && row->field[GC_LO][0] != '\0';
    int has_hi = row->field[GC_HI] && row->field[GC_HI][0] != '\0';
    if (csv_key(row, GC_KEY, c->keys, c->what, 1, &k, err) || fc_csv_double(row, GC_PCT, &v, err))
        return FC_EDATA;
    if (v <= -100.0)
        return fc_csv_fail(row, GC_PCT, err, "%s%% a year would make activity negative or zero "
                           "(growth must be above -100%%)", row->field[GC_PCT]);
    if (has_lo != has_hi)
        return fc_csv_fail(row, has_lo ? GC_HI : GC_LO, err, "give both growth_lo and "
                           "growth_hi (an 80%% interval), or neither");
    if (has_lo) {
        if (fc_csv_double(row, GC_LO, &lo, err) || fc_csv_double(row, GC_HI, &hi, err))
            return FC_EDATA;
        if (!(lo < hi))
            return fc_csv_fail(row, GC_HI, err, "growth_hi %s is not above growth_lo %s",
                               row->field[GC_HI], row->field[GC_LO]);
        if (lo <= -100.0)
            return fc_csv_fail(row, GC_LO, err, "growth_lo must be above -100%%");
        if (v < lo || v > hi)
            return fc_csv_fail(row, GC_PCT, err, "growth_pct %s is outside its interval %s..%s",
                               row->field[GC_PCT], row->field[GC_LO], row->field[GC_HI]);
    }
    size_t slot = k == FC_INTERN_NONE ? nk : k;
    if (c->line[slot])
        return fc_csv_fail(row, GC_KEY, err, "growth for '%s' already given on line %zu",
                           row->field[GC_KEY], c->line[slot]);
    c->line[slot] = row->line;
    for (size_t i = 0; i < nk; i++) {
        if (k == FC_INTERN_NONE ? c->line[i] != 0 : i != k)
            continue;
        c->pct[i] = v;
        c->lo[i] = lo;
        c->hi[i] = hi;
    }
    return FC_OK;
}

/* Annual non-demographic growth (%) per key: `service` (or `measure`), `growth_pct`, and an
 * optional 80% interval `growth_lo`, `growth_hi` (drawn in Monte Carlo runs); '*' sets every
 * key without a row of its own. Keys without a row grow 0%. Fills m->pct and, when the table
 * gives any interval, m->pct_lo and m->pct_hi (NaN for keys without one). */
static fc_status
growth_load(const char *path, fc_act_kind kind, const fc_intern *keys, fc_act_model *m,
            fc_warnings *warn, fc_err *err)
{
    size_t nk = fc_intern_count(keys);
    const fc_csv_col cols[GC_N] = {{key_col[kind], 1}, {"growth_pct", 1}, {"growth_lo", 0},
                                   {"growth_hi", 0}};
    growth_ctx c = {keys, key_col[kind], m->pct, calloc(nk + 1, sizeof(double)),
                    calloc(nk + 1, sizeof(double)), calloc(nk + 1, sizeof(size_t))};
    int any = 0;
    fc_status st;
    if (!c.line || !c.lo || !c.hi) {
        free(c.line);
        free(c.lo);
        free(c.hi);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nk; i++) {
        m->pct[i] = 0.0;
        c.lo[i] = c.hi[i] = (double)NAN;
    }
    st = fc_csv_read(path, cols, GC_N, 1, growth_row_fn, &c, warn, err);
    for (size_t i = 0; i < nk; i++)
        any |= !isnan(c.lo[i]);
    free(c.line);
    if (st == FC_OK && any) {
        m->pct_lo = c.lo;
        m->pct_hi = c.hi;
    } else {
        free(c.lo);
        free(c.hi);
    }
    return st;
}

/* ---------------------------------------------------------------- shifts */

typedef struct shift_ctx {
    const fc_intern *keys;
    fc_shift *sh;
    size_t n, cap;
} shift_ctx;

enum { SC_FROM, SC_TO, SC_SHARE, SC_RATIO, SC_Y0, SC_Y1, SC_N };
static const fc_csv_col shift_cols[SC_N] = {
    {"from", 1}, {"to", 1}, {"share", 1}, {"ratio", 1}, {"year_start", 1}, {"year_end", 1},
};

static fc_status
shift_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    shift_ctx *c = ctx;
    fc_shift s;
    long y0, y1;
    if (csv_key(row, SC_FROM, c->keys, "service", 0, &s.from, err) ||
        csv_key(row, SC_TO, c->keys, "service", 0, &s.to, err) ||
        fc_csv_nonneg(row, SC_SHARE, &s.share, err) || fc_csv_nonneg(row, SC_RATIO, &s.ratio, err) ||
        fc_csv_int(row, SC_Y0, 1000, 3100, &y0, err) || fc_csv_int(row, SC_Y1, 1000, 3100, &y1, err))
        return FC_EDATA;
    if (s.from == s.to)
        return fc_csv_fail(row, SC_TO, err, "a shift from '%s' to itself", row->field[SC_TO]);
    if (s.share > 1.0)
        return fc_csv_fail(row, SC_SHARE, err, "share %s is above 1 (a share of the activity, "
                           "0..1)", row->field[SC_SHARE]);
    if (y1 < y0)
        return fc_csv_fail(row, SC_Y1, err, "year_end %ld is before year_start %ld", y1, y0);
    s.year_start = (int)y0;
    s.year_end = (int)y1;
    if (reserve((void **)&c->sh, &c->cap, c->n, sizeof *c->sh))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->sh[c->n++] = s;
    return FC_OK;
}

/* ---------------------------------------------------------------- capacity */

typedef struct cap_row {
    size_t res, service, line;
    int area, basis;
    double param, current;
} cap_row;

typedef struct cap_ctx {
    const fc_intern *keys, *areas;
    fc_intern *res;
    cap_row *row;
    size_t n, cap;
} cap_ctx;

enum { CP_RES, CP_SERVICE, CP_BASIS, CP_OCC, CP_HOURS, CP_CURRENT, CP_AREA, CP_N };
static const fc_csv_col cap_cols[CP_N] = {
    {"resource", 1}, {"service", 1}, {"basis", 1}, {"occupancy", 0},
    {"hours_per_wte", 0}, {"current", 1}, {"area", 0},
};

static fc_status
cap_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    static const char *const basis[] = {"days", "occupied", "hours"};
    cap_ctx *c = ctx;
    cap_row r = {0, 0, row->line, FC_ANY, -1, 0.0, 0.0};
    if (row->field[CP_RES][0] == '\0')
        return fc_csv_fail(row, CP_RES, err, "empty resource name");
    if (csv_key(row, CP_SERVICE, c->keys, "service", 0, &r.service, err) ||
        fc_csv_nonneg(row, CP_CURRENT, &r.current, err))
        return FC_EDATA;
    for (int i = 0; i < 3; i++)
        if (strcasecmp(row->field[CP_BASIS], basis[i]) == 0)
            r.basis = i;
    if (r.basis < 0)
        return fc_csv_fail(row, CP_BASIS, err, "'%s' is not a basis: use days (bed or place "
                           "days / 365 / occupancy), occupied (occupied units / occupancy) or "
                           "hours (hours / hours_per_wte)", row->field[CP_BASIS]);
    if (r.basis < 2) {
        if (!row->field[CP_OCC] || row->field[CP_OCC][0] == '\0')
            return fc_err_at(err, FC_EDATA, row->path, row->line, 0, "basis '%s' needs an "
                             "occupancy", basis[r.basis]);
        if (fc_csv_double(row, CP_OCC, &r.param, err))
            return FC_EDATA;
        if (!(r.param > 0.0 && r.param <= 1.0))
            return fc_csv_fail(row, CP_OCC, err, "occupancy %s is outside (0, 1]",
                               row->field[CP_OCC]);
    } else {
        if (!row->field[CP_HOURS] || row->field[CP_HOURS][0] == '\0')
            return fc_err_at(err, FC_EDATA, row->path, row->line, 0, "basis 'hours' needs "
                             "hours_per_wte");
        if (fc_csv_double(row, CP_HOURS, &r.param, err))
            return FC_EDATA;
        if (!(r.param > 0.0))
            return fc_csv_fail(row, CP_HOURS, err, "hours per WTE %s must be above 0",
                               row->field[CP_HOURS]);
    }
    if (row->field[CP_AREA] && strcmp(row->field[CP_AREA], "*") != 0) {
        size_t a = fc_intern_find(c->areas, row->field[CP_AREA]);
        if (a == FC_INTERN_NONE)
            return fc_csv_fail(row, CP_AREA, err, "area '%s' is not in the projection",
                               row->field[CP_AREA]);
        r.area = (int)a;
    }
    if (fc_intern_add(c->res, row->field[CP_RES], &r.res, err))
        return FC_ENOMEM;
    for (size_t i = 0; i < c->n; i++) {
        const cap_row *o = &c->row[i];
        if (o->res != r.res)
            continue;
        if (o->area == r.area)
            return fc_csv_fail(row, CP_RES, err, "resource '%s' for %s%s%s already given on "
                               "line %zu", row->field[CP_RES], r.area == FC_ANY ? "every area"
                               : "area '", r.area == FC_ANY ? "" : row->field[CP_AREA],
                               r.area == FC_ANY ? "" : "'", o->line);
        if (o->service != r.service || o->basis != r.basis)
            return fc_csv_fail(row, CP_SERVICE, err, "resource '%s' is given with another "
                               "service or basis on line %zu", row->field[CP_RES], o->line);
    }
    if (reserve((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->row[c->n++] = r;
    return FC_OK;
}

static fc_status
capacity_load(const char *path, const fc_intern *keys, const fc_intern *areas, fc_act_result *res,
              fc_warnings *warn, fc_err *err)
{
    cap_ctx c = {keys, areas, fc_intern_alloc(), NULL, 0, 0};
    size_t na = fc_intern_count(areas);
    fc_status st;
    if (c.res == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    st = fc_csv_read(path, cap_cols, CP_N, 1, cap_row_fn, &c, warn, err);
    if (st == FC_OK) {
        res->nres = fc_intern_count(c.res);
        res->res_name = calloc(res->nres, sizeof *res->res_name);
        res->cap = calloc(res->nres * na, sizeof *res->cap);
        unsigned char *set = calloc(res->nres * na, 1);
        if (!res->res_name || !res->cap || !set)
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t i = 0; st == FC_OK && i < res->nres; i++)
            if ((res->res_name[i] = strdup(fc_intern_name(c.res, i))) == NULL)
                st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        /* '*' rows first, then named areas override */
        for (int pass = 0; st == FC_OK && pass < 2; pass++)
            for (size_t i = 0; i < c.n; i++) {
                const cap_row *r = &c.row[i];
                if ((r->area == FC_ANY) != (pass == 0))
                    continue;
                for (size_t a = 0; a < na; a++) {
                    if (r->area != FC_ANY && (size_t)r->area != a)
                        continue;
                    res->cap[r->res * na + a] = (fc_act_cap){r->service, r->basis, r->param,
                                                             r->current};
                    set[r->res * na + a] = 1;
                }
            }
        for (size_t k = 0; st == FC_OK && k < res->nres * na; k++)
            if (!set[k])
                st = fc_err_at(err, FC_EDATA, path, 0, 0, "resource '%s' has no row for area "
                               "'%s' (add one, or a row with area '*')", res->res_name[k / na],
                               fc_intern_name(areas, k % na));
        free(set);
    }
    free(c.row);
    fc_intern_free(c.res);
    return st;
}

/* ---------------------------------------------------------------- computing */

void
fc_act_result_fini(fc_act_result *res)
{
    if (res == NULL)
        return;
    free(res->have);
    free(res->act);
    free(res->drv);
    free(res->shift);
    free(res->leave);
    free(res->arrive);
    for (size_t i = 0; res->res_name && i < res->nres; i++)
        free(res->res_name[i]);
    free(res->res_name);
    free(res->cap);
    free(res->required);
    memset(res, 0, sizeof *res);
}

void
fc_act_hsa_window(const fc_act_spec *sp, const fc_ages *ages, const double eb[],
                  const double et[], double exb[], double ext[])
{
    for (size_t g = 0; g < ages->n; g++) {
        int x = ages->lo[g];
        if (x < sp->hsa_start_age || x > sp->hsa_end_age) {
            exb[g] = ext[g] = 0.0;
            continue;
        }
        exb[g] = eb[g];
        ext[g] = et[g];
    }
}

/* Life expectancy of one (variant, area, year, sex) at every single age, with the ages
 * outside [start, end] set to the base year's (no adjustment there). */
static fc_status
hsa_ex(const fc_act_spec *sp, const fc_projection *p, size_t v, size_t a, size_t tb, size_t t,
       int sex, double *exb, double *ext, fc_err *err)
{
    const size_t ng = p->ages.n;
    const double *eb = p->ex + (fc_projection_block(p, v, a, tb) * 2 + (size_t)sex) * ng;
    const double *et = p->ex + (fc_projection_block(p, v, a, t) * 2 + (size_t)sex) * ng;
    for (size_t g = 0; g < ng; g++) {
        int x = p->ages.lo[g];
        if (x < sp->hsa_start_age || x > sp->hsa_end_age)
            continue;
        if (isnan(eb[g]) || isnan(et[g])) {
            int year = p->year0 + (int)(isnan(eb[g]) ? tb : t) * p->step;
            return fc_err_at(err, FC_EDATA, sp->lifetables, 0, 0, "no life expectancy for "
                             "%s%s%sarea '%s', year %d, sex %s, age %d (the health-status "
                             "adjustment covers ages %d to %d)",
                             p->has_variant ? "variant '" : "",
                             p->has_variant ? fc_intern_name(p->variants, v) : "",
                             p->has_variant ? "', " : "", fc_intern_name(p->areas, a), year,
                             sex_name[sex], x, sp->hsa_start_age, sp->hsa_end_age);
        }
    }
    fc_act_hsa_window(sp, &p->ages, eb, et, exb, ext);
    return FC_OK;
}

void
fc_act_model_fini(fc_act_model *m)
{
    if (m == NULL)
        return;
    free(m->pct);
    free(m->pct_lo);
    free(m->pct_hi);
    memset(m, 0, sizeof *m);
}

fc_act_ws *
fc_act_ws_alloc(const fc_act_model *m)
{
    return fc_activity_year_ws_alloc(m->nk, m->ng);
}

void
fc_act_ws_free(fc_act_ws *w)
{
    fc_activity_year_ws_free(w);
}

fc_status
fc_act_prepare(const fc_act_spec *sp, fc_projection *proj, fc_projection **proj_out,
               fc_act_rates *rates, fc_act_result *res, fc_act_model *m, fc_warnings *warn,
               fc_err *err)
{
    fc_projection *p = proj;
    size_t nk;
    fc_status st = FC_OK;

    memset(res, 0, sizeof *res);
    memset(rates, 0, sizeof *rates);
    memset(m, 0, sizeof *m);
    *proj_out = NULL;
    m->spec = sp;
    m->hsa = sp->kind == FC_ACT_ACTIVITY && sp->hsa_fraction >= 0.0;
    if (p == NULL) {
        fc_projection_opts po = {sp->open_age};
        if (!sp->projection)
            return FC_FAIL(err, FC_EUSAGE, "no projection to apply the rates to");
        if ((st = fc_projection_read(sp->projection, &po, &p, warn, err)) != FC_OK)
            return st;
    }
    *proj_out = p;
    m->narea = fc_projection_narea(p);
    m->ng = p->ages.n;
    m->ages = &p->ages;

    /* the base year */
    {
        int by = sp->base_year == FC_NO_YEAR ? p->year0 : sp->base_year;
        int last = p->year0 + (int)(p->nyear - 1) * p->step;
        if (by < p->year0 || by > last || (by - p->year0) % p->step != 0) {
            st = fc_err_at(err, FC_EDATA, sp->projection, 0, 0, "base year %d is not a year of "
                           "the projection (%d to %d in steps of %d)", by, p->year0, last,
                           p->step);
            goto done;
        }
        m->tb0 = (size_t)((by - p->year0) / p->step);
        m->base_year = res->base_year = by;
        m->step = res->step = p->step;
        m->nt = p->nyear - m->tb0;
    }
    if (m->hsa) {
        if (p->ages.width != 1) {
            st = FC_FAIL(err, FC_EDATA, "the health-status adjustment needs a projection by "
                         "single years of age");
            goto done;
        }
        if (sp->lifetables && (st = fc_projection_read_ex(p, sp->lifetables, warn, err)))
            goto done;
        if (p->ex == NULL) {
            st = FC_FAIL(err, FC_EDATA, "the health-status adjustment needs life expectancy: "
                         "give life tables (year, sex, age, ex), or run it after Fulcrum's "
                         "own projection stage");
            goto done;
        }
    }
    if ((st = fc_act_rates_load(sp->rates, sp->kind, p, sp->weights, rates, warn, err)))
        goto done;
    nk = m->nk = rates->nkey;
    if ((m->pct = calloc(nk ? nk : 1, sizeof *m->pct)) == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    if (sp->growth && (st = growth_load(sp->growth, sp->kind, rates->keys, m, warn, err)))
        goto done;
    if (sp->kind == FC_ACT_ACTIVITY && sp->shifts) {
        shift_ctx c = {rates->keys, NULL, 0, 0};
        st = fc_csv_read(sp->shifts, shift_cols, SC_N, 1, shift_row_fn, &c, warn, err);
        res->shift = c.sh;
        res->nshift = c.n;
        if (st)
            goto done;
    }
    if (sp->kind == FC_ACT_ACTIVITY && sp->capacity &&
        (st = capacity_load(sp->capacity, rates->keys, p->areas, res, warn, err)))
        goto done;
done:
    if (st != FC_OK) {
        /* nothing half-built is handed back */
        fc_act_result_fini(res);
        fc_act_rates_fini(rates);
        fc_act_model_fini(m);
        if (p != proj)
            fc_projection_free(p);
        *proj_out = NULL;
    }
    return st;
}

fc_status
fc_act_year(const fc_act_model *m, const fc_act_rates *rates, const fc_act_result *res,
            fc_act_ws *w, size_t a, int year, const double pct[], const double Pb[],
            const double Pt[], const double ex[], double act[], double drv[], double leave[],
            double arrive[], double required[], double demog[], fc_err *err)
{
    const fc_activity_year_model y = {
        .nk = m->nk, .ng = m->ng, .narea = m->narea, .rate = rates->r,
        .base_year = m->base_year, .step = m->step, .nt = m->nt, .hsa = m->hsa,
        .hsa_fraction = m->spec->hsa_fraction, .hsa_start_age = (double)m->spec->hsa_start_age,
        .gf_cache = m->gf_cache, .base_cache = m->base_cache, .shift = res->shift,
        .nshift = res->nshift, .cap = res->cap, .nres = res->nres};
    return fc_activity_year(&y, w, a, year, pct, Pb, Pt, ex, act, drv, leave, arrive, required,
                            demog, err);
}

fc_status
fc_act_compute(const fc_act_spec *sp, fc_projection *proj, fc_projection **proj_out,
               fc_act_rates *rates, fc_act_result *res, fc_warnings *warn, fc_err *err)
{
    fc_projection *p;
    fc_act_model m;
    fc_act_ws *w = NULL;
    double *ex = NULL;
    size_t tb0, nv, na, ng, nk, nt, ns;
    fc_status st;

    if ((st = fc_act_prepare(sp, proj, proj_out, rates, res, &m, warn, err)) != FC_OK)
        return st;
    p = *proj_out;
    nv = fc_projection_nvariant(p);
    na = m.narea;
    ng = m.ng;
    nk = m.nk;
    nt = m.nt;
    tb0 = m.tb0;
    res->nvar = nv;
    res->narea = na;
    res->nkey = nk;
    res->nyear = nt;
    ns = res->nshift;
    {
        size_t nb = nv * na * nt;
        res->have = calloc(nb, 1);
        res->act = calloc(nb * nk, sizeof *res->act);
        res->drv = calloc(nb * nk * FC_ACT_NDRV, sizeof *res->drv);
        res->leave = ns ? calloc(nb * ns, sizeof *res->leave) : NULL;
        res->arrive = ns ? calloc(nb * ns, sizeof *res->arrive) : NULL;
        res->required = res->nres ? calloc(nb * res->nres, sizeof *res->required) : NULL;
        w = fc_act_ws_alloc(&m);
        ex = malloc(4 * ng * sizeof *ex);
        if (!res->have || !res->act || !res->drv || (ns && (!res->leave || !res->arrive)) ||
            (res->nres && !res->required) || !w || !ex) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
            goto done;
        }
    }

    for (size_t v = 0; v < nv; v++)
        for (size_t a = 0; a < na; a++) {
            const double *Pb = p->pop + fc_projection_block(p, v, a, tb0) * 2 * ng;
            if (!p->have[fc_projection_block(p, v, a, tb0)]) {
                int any = 0;
                for (size_t t = 0; t < p->nyear; t++)
                    any |= p->have[fc_projection_block(p, v, a, t)];
                if (any)
                    fc_warn(warn, "%s%s%sarea '%s' has no population for the base year %d: "
                            "left out", p->has_variant ? "variant '" : "",
                            p->has_variant ? fc_intern_name(p->variants, v) : "",
                            p->has_variant ? "', " : "", fc_intern_name(p->areas, a),
                            res->base_year);
                continue;
            }
            for (size_t t = 0; t < nt; t++) {
                size_t pb = fc_projection_block(p, v, a, tb0 + t), rb = (v * na + a) * nt + t;
                int year = res->base_year + (int)t * p->step;
                const double *Pt = p->pop + pb * 2 * ng;
                if (!p->have[pb])
                    continue;
                res->have[rb] = 1;
                /* life expectancy of the base year and this year, both sexes, for every
                 * service: ex[sex][0] base, ex[sex][1] this year */
                for (int sx = 0; m.hsa && sx < 2; sx++)
                    if ((st = hsa_ex(sp, p, v, a, tb0, tb0 + t, sx, ex + (size_t)sx * 2 * ng,
                                     ex + ((size_t)sx * 2 + 1) * ng, err)))
                        goto done;
                if ((st = fc_act_year(&m, rates, res, w, a, year, m.pct, Pb, Pt, ex,
                                      res->act + rb * nk, res->drv + rb * nk * FC_ACT_NDRV,
                                      ns ? res->leave + rb * ns : NULL,
                                      ns ? res->arrive + rb * ns : NULL,
                                      res->nres ? res->required + rb * res->nres : NULL, NULL,
                                      err)))
                    goto done;
            }
        }
done:
    fc_act_ws_free(w);
    free(ex);
    fc_act_model_fini(&m);
    if (st != FC_OK) {
        /* nothing half-built is handed back */
        fc_act_result_fini(res);
        fc_act_rates_fini(rates);
        if (p != proj)
            fc_projection_free(p);
        *proj_out = NULL;
    }
    return st;
}

/* ---------------------------------------------------------------- writing */

static void
w_key(fc_writer *w, const fc_projection *p, size_t a, size_t v, int year)
{
    fc_w_field(w, fc_intern_name(p->areas, a));
    fc_w_comma(w);
    fc_w_field(w, fc_intern_name(p->variants, v));
    fc_w_comma(w);
    fc_w_int(w, year);
    fc_w_comma(w);
}

static fc_status
write_outputs(const fc_act_spec *sp, const fc_projection *p, const fc_act_rates *rates,
              const fc_act_result *res, fc_out *o, fc_err *err)
{
    const int need = sp->kind == FC_ACT_NEED;
    const char *kc = key_col[sp->kind];
    fc_writer *wa, *wd, *ws = NULL, *wc = NULL;
    fc_status st;
    size_t nk = res->nkey, ns = res->nshift, nr = res->nres;

    if ((st = fc_out_file(o, need ? "need.csv" : "activity.csv", &wa, err)) ||
        (st = fc_out_file(o, need ? "need_drivers.csv" : "drivers.csv", &wd, err)) ||
        (ns && (st = fc_out_file(o, "shifts.csv", &ws, err))) ||
        (nr && (st = fc_out_file(o, "capacity.csv", &wc, err))))
        return st;
    fc_w_str(wa, need ? "area,variant,year,measure,need\n" : "area,variant,year,service,"
                                                             "activity\n");
    fc_w_str(wd, "area,variant,year,");
    fc_w_str(wd, kc);
    fc_w_str(wd, need ? ",baseline,demographic,non_demographic,interaction,projected\n"
                      : ",baseline,demographic,non_demographic,health_status,shifts,"
                        "interaction,projected\n");
    if (ws)
        fc_w_str(ws, "area,variant,year,from,to,share,leaving,arriving\n");
    if (wc)
        fc_w_str(wc, "area,variant,year,resource,service,activity,required,current,gap\n");
    for (size_t a = 0; a < res->narea; a++)
        for (size_t v = 0; v < res->nvar; v++)
            for (size_t t = 0; t < res->nyear; t++) {
                size_t rb = (v * res->narea + a) * res->nyear + t;
                int year = res->base_year + (int)t * res->step;
                if (!res->have[rb])
                    continue;
                for (size_t k = 0; k < nk; k++) {
                    const double *d = res->drv + (rb * nk + k) * FC_ACT_NDRV;
                    w_key(wa, p, a, v, year);
                    fc_w_field(wa, fc_intern_name(rates->keys, k));
                    fc_w_comma(wa);
                    fc_w_num(wa, res->act[rb * nk + k]);
                    fc_w_eol(wa);
                    w_key(wd, p, a, v, year);
                    fc_w_field(wd, fc_intern_name(rates->keys, k));
                    if (need) {
                        const double col[] = {d[FC_ACT_DRV_BASE], d[FC_ACT_DRV_DEMOGRAPHIC],
                                              d[FC_ACT_DRV_GROWTH], d[FC_ACT_DRV_INTERACTION],
                                              d[FC_ACT_DRV_FINAL]};
                        fc_w_nums(wd, col, 5);
                    } else {
                        fc_w_nums(wd, d, FC_ACT_NDRV);
                    }
                    fc_w_eol(wd);
                }
                for (size_t i = 0; i < ns; i++) {
                    const fc_shift *s = &res->shift[i];
                    w_key(ws, p, a, v, year);
                    fc_w_field(ws, fc_intern_name(rates->keys, s->from));
                    fc_w_comma(ws);
                    fc_w_field(ws, fc_intern_name(rates->keys, s->to));
                    const double col[] = {fc_activity_shift_share(s, year),
                                          res->leave[rb * ns + i], res->arrive[rb * ns + i]};
                    fc_w_nums(ws, col, 3);
                    fc_w_eol(ws);
                }
                for (size_t i = 0; i < nr; i++) {
                    const fc_act_cap *c = &res->cap[i * res->narea + a];
                    double req = res->required[rb * nr + i], gap;
                    fc_err e2;
                    fc_err_clear(&e2);
                    if (fc_activity_capacity_gap(1, &req, c->current, &gap, &e2))
                        return FC_FAIL(err, FC_EDATA, "%s", e2.msg);
                    w_key(wc, p, a, v, year);
                    fc_w_field(wc, res->res_name[i]);
                    fc_w_comma(wc);
                    fc_w_field(wc, fc_intern_name(rates->keys, c->service));
                    const double col[] = {res->act[rb * nk + c->service], req, c->current, gap};
                    fc_w_nums(wc, col, 4);
                    fc_w_eol(wc);
                }
            }
    return FC_OK;
}

/* The activity as finance costs it, in the rows and order activity.csv has: the activity
 * after every driver (act), and baseline + demographic, the activity from demography alone
 * (dem). Both new, on success; free with fc_fin_activity_free. */
static fc_status
hand_over(const fc_projection *p, const fc_act_rates *rates, const fc_act_result *res,
          fc_fin_activity **act, fc_fin_activity **dem, fc_err *err)
{
    fc_fin_activity *a = calloc(1, sizeof *a), *d = calloc(1, sizeof *d);
    fc_status st = a && d ? FC_OK : FC_FAIL(err, FC_ENOMEM, "out of memory");
    size_t nk = res->nkey;

    if (st == FC_OK && (st = fc_fin_activity_init(a, NULL, err)) == FC_OK)
        st = fc_fin_activity_init(d, NULL, err);
    if (st == FC_OK) /* activity.csv has both columns */
        a->has_area = a->has_variant = d->has_area = d->has_variant = 1;
    for (size_t ar = 0; ar < res->narea && st == FC_OK; ar++)
        for (size_t v = 0; v < res->nvar && st == FC_OK; v++)
            for (size_t t = 0; t < res->nyear && st == FC_OK; t++) {
                size_t rb = (v * res->narea + ar) * res->nyear + t;
                int year = res->base_year + (int)t * res->step;
                const char *area = fc_intern_name(p->areas, ar);
                const char *var = fc_intern_name(p->variants, v);
                if (!res->have[rb])
                    continue;
                for (size_t k = 0; k < nk && st == FC_OK; k++) {
                    const double *dv = res->drv + (rb * nk + k) * FC_ACT_NDRV;
                    const char *key = fc_intern_name(rates->keys, k);
                    double dem_v = dv[FC_ACT_DRV_BASE] + dv[FC_ACT_DRV_DEMOGRAPHIC];
                    if (dv[FC_ACT_DRV_BASE] < 0 || dem_v < 0)
                        st = FC_FAIL(err, FC_EDATA, "activity of '%s' in area '%s', variant "
                                     "'%s', year %d: baseline + demographic is negative (%g)",
                                     key, area, var, year, dem_v);
                    if (st == FC_OK)
                        st = fc_fin_activity_add(a, area, var, year, key,
                                                 res->act[rb * nk + k], 0, err);
                    if (st == FC_OK)
                        st = fc_fin_activity_add(d, area, var, year, key, dem_v, 0, err);
                }
            }
    if (st != FC_OK) {
        fc_fin_activity_free(a);
        fc_fin_activity_free(d);
        return st;
    }
    *act = a;
    *dem = d;
    return FC_OK;
}

/* fc_act_run, and when act is not NULL, the activity handed over for finance (hand_over). */
static fc_status
act_run(const fc_act_spec *spec, fc_projection *proj, fc_out *o, fc_warnings *warn,
        fc_fin_activity **act, fc_fin_activity **dem, fc_err *err)
{
    fc_projection *p = NULL;
    fc_act_rates rates;
    fc_act_result res;
    fc_status st = fc_act_compute(spec, proj, &p, &rates, &res, warn, err);
    if (st == FC_OK)
        st = write_outputs(spec, p, &rates, &res, o, err);
    if (st == FC_OK && act)
        st = hand_over(p, &rates, &res, act, dem, err);
    fc_act_result_fini(&res);
    fc_act_rates_fini(&rates);
    if (p != proj)
        fc_projection_free(p);
    return st;
}

fc_status
fc_act_run(const fc_act_spec *spec, fc_projection *proj, fc_out *o, fc_warnings *warn,
           fc_err *err)
{
    return act_run(spec, proj, o, warn, NULL, NULL, err);
}

/* ---------------------------------------------------------------- `fulcrum need|activity` */

/* `fulcrum need` refuses the options of `fulcrum activity` by name */
static fc_status
for_activity(void *ctx, const char *opt, const char *val, fc_err *err)
{
    (void)ctx, (void)val;
    return FC_FAIL(err, FC_EUSAGE, "option '%s' is for 'fulcrum activity'", opt);
}

static fc_status
opt_hsa(void *ctx, const char *opt, const char *val, fc_err *err)
{
    fc_act_spec *spec = ctx;
    fc_status st = fc_opt_double(opt, val, &spec->hsa_fraction, err);
    if (st == FC_OK && !(spec->hsa_fraction >= 0.0 && spec->hsa_fraction <= 1.0))
        st = FC_FAIL(err, FC_EUSAGE, "--hsa %s: the share of life-expectancy gains spent in "
                     "good health must be in 0..1", val);
    return st;
}

static fc_status
opt_hsa_ages(void *ctx, const char *opt, const char *val, fc_err *err)
{
    fc_act_spec *spec = ctx;
    int a0, a1, n = 0;
    (void)opt;
    if (sscanf(val, "%d-%d%n", &a0, &a1, &n) != 2 || val[n] != '\0' || a0 < 0 || a1 < a0 ||
        a1 > FC_AGE_MAX)
        return FC_FAIL(err, FC_EUSAGE, "--hsa-ages '%s' must be a band such as 55-90", val);
    spec->hsa_start_age = a0;
    spec->hsa_end_age = a1;
    return FC_OK;
}

static fc_status
cmd_common(fc_act_kind kind, int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    fc_act_spec spec;
    const char *out = NULL;
    fc_out *o = NULL;
    fc_status st;
    size_t npos;
    const int act = kind == FC_ACT_ACTIVITY;

    fc_act_spec_init(&spec, kind);
    const fc_opt opts[] = {
        FC_OPT_STR_("projection", &spec.projection),
        FC_OPT_STR_("rates", &spec.rates),
        FC_OPT_INT_("base-year", &spec.base_year, 1000, 3100),
        FC_OPT_STR_("growth", &spec.growth),
        FC_OPT_STR_("weights", &spec.weights),
        FC_OPT_INT_("open-age", &spec.open_age, 1, FC_AGE_MAX),
        FC_OPT_STR_("out", &out),
        act ? (fc_opt)FC_OPT_STR_("shifts", &spec.shifts)
            : (fc_opt)FC_OPT_CALL_("shifts", for_activity, NULL),
        act ? (fc_opt)FC_OPT_STR_("capacity", &spec.capacity)
            : (fc_opt)FC_OPT_CALL_("capacity", for_activity, NULL),
        act ? (fc_opt)FC_OPT_STR_("lifetables", &spec.lifetables)
            : (fc_opt)FC_OPT_CALL_("lifetables", for_activity, NULL),
        FC_OPT_CALL_("hsa", act ? opt_hsa : for_activity, &spec),
        FC_OPT_CALL_("hsa-ages", act ? opt_hsa_ages : for_activity, &spec),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, NULL, 0, &npos, err)) != FC_OK)
        return st;
    if (!spec.projection || !spec.rates || !out)
        return FC_FAIL(err, FC_EUSAGE, "--projection, --rates and --out are required");
    if (spec.lifetables && spec.hsa_fraction < 0.0)
        return FC_FAIL(err, FC_EUSAGE, "--lifetables is for the health-status adjustment: give "
                       "--hsa FRACTION too");
    if ((st = fc_out_open(out, &o, err)))
        return st;
    st = fc_act_run(&spec, NULL, o, warn, err);
    if (st == FC_OK)
        st = fc_out_commit(o, err);
    fc_out_free(o);
    return st;
}

static fc_status
cmd_need(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    return cmd_common(FC_ACT_NEED, argc, argv, warn, err);
}

static fc_status
cmd_activity(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    return cmd_common(FC_ACT_ACTIVITY, argc, argv, warn, err);
}

const fc_cmd fc_cmd_def_need = {
    "need",
    cmd_need,
    "people in need: prevalence rates applied to a projection",
    "fulcrum need --projection F --rates F [--base-year Y] [--growth F] [--weights F]\n"
    "             [--open-age N] --out DIR",
    "Applies prevalence rates by measure, sex and age band to every variant, area and year of\n"
    "a projection and writes DIR/need.csv (area,variant,year,measure,need: people) and\n"
    "DIR/need_drivers.csv (the change from the base year split into demographic and\n"
    "non-demographic parts plus their interaction). Nothing is written if an input is bad.\n\n"
    "options:\n"
    "  --projection F  a table in projection.csv form: [variant,]area,year,sex,age,population\n"
    "                  (Fulcrum's own, or an official one; 'area_code' is read as 'area')\n"
    "  --rates F       measure,sex,age,rate[,area]  prevalence 0..1; bands must cover every\n"
    "                  age (write explicit zero bands); '*' sex or area means all\n"
    "  --base-year Y   the year the rates describe (default: the projection's first year)\n"
    "  --growth F      measure,growth_pct  annual % change in prevalence ('*' = every measure)\n"
    "  --weights F     sex,age,population[,area]  reference population used to weight rates\n"
    "                  whose bands split a population group (POPPI's 90-94 and 95+ into 90+)\n"
    "  --open-age N    the single age N in the projection means 'N and over' (ONS: 100)\n"
    "  --out DIR       output directory (created if needed)\n\n"
    "example:\n"
    "  fulcrum need --projection out/example/projection.csv \\\n"
    "      --rates datasets/need_prevalence.csv --weights datasets/need_weights.csv \\\n"
    "      --growth datasets/need_growth.csv --out out/need\n",
};

const fc_cmd fc_cmd_def_activity = {
    "activity",
    cmd_activity,
    "service activity, shifts between settings and capacity from utilisation rates",
    "fulcrum activity --projection F --rates F [--base-year Y] [--growth F] [--shifts F]\n"
    "                 [--capacity F] [--weights F] [--open-age N]\n"
    "                 [--hsa FRACTION [--hsa-ages 55-90] [--lifetables F]] --out DIR",
    "Applies utilisation rates by service, sex and age band to every variant, area and year of\n"
    "a projection, with non-demographic growth, a health-status adjustment and shifts between\n"
    "settings, and writes DIR/activity.csv (area,variant,year,service,activity),\n"
    "DIR/drivers.csv (baseline + demographic + non_demographic + health_status + shifts +\n"
    "interaction = projected), DIR/shifts.csv (activity leaving and arriving) and\n"
    "DIR/capacity.csv (beds, places or WTE required against current capacity).\n"
    "Nothing is written if an input is bad.\n\n"
    "options:\n"
    "  --projection F  a table in projection.csv form: [variant,]area,year,sex,age,population\n"
    "  --rates F       service,sex,age,rate[,area]  events per person per year\n"
    "  --base-year Y   the year the rates describe (default: the projection's first year)\n"
    "  --growth F      service,growth_pct  annual % non-demographic growth, compounding from\n"
    "                  the base year ('*' = every service without its own row)\n"
    "  --shifts F      from,to,share,ratio,year_start,year_end  move `share` of a service to\n"
    "                  another, `ratio` units arriving per unit leaving, phased in linearly\n"
    "  --capacity F    resource,service,basis,occupancy,hours_per_wte,current[,area]\n"
    "                  basis days: units = days/365/occupancy; occupied: units/occupancy;\n"
    "                  hours: WTE = hours/hours_per_wte\n"
    "  --weights F     sex,age,population[,area]  reference population for rate bands that\n"
    "                  split a population group\n"
    "  --open-age N    the single age N in the projection means 'N and over' (ONS: 100)\n"
    "  --hsa FRACTION  health-status adjustment: rates at ages in --hsa-ages (default 55-90)\n"
    "                  are read at age - FRACTION x the gain in life expectancy since the\n"
    "                  base year (Strategy Unit NHP model)\n"
    "  --lifetables F  [variant,][area,]year,sex,age,ex  life expectancy for the adjustment,\n"
    "                  such as the lifetables.csv `fulcrum project` wrote (in `fulcrum run`\n"
    "                  the projection stage's own life tables are used)\n"
    "  --out DIR       output directory (created if needed)\n\n"
    "example:\n"
    "  fulcrum activity --projection out/example/projection.csv \\\n"
    "      --rates datasets/activity_rates.csv --growth datasets/activity_growth.csv \\\n"
    "      --shifts datasets/activity_shifts.csv --capacity datasets/activity_capacity.csv \\\n"
    "      --out out/activity\n",
};

/* ---------------------------------------------------------------- scenario stages
 *
 *   [need]      rates (required), projection (default: the [projection] stage's result),
 *               open_age, weights, growth, base_year
 *   [activity]  the same, plus shifts, capacity, hsa_fraction, hsa_start_age, hsa_end_age,
 *               lifetables (default: the projection stage's own life tables)
 */

static fc_status
stage_configure(fc_chain *ch, void **out, fc_act_kind kind, fc_err *err)
{
    const char *sec = kind == FC_ACT_NEED ? "need" : "activity";
    fc_scenario *s = ch->scn;
    fc_act_spec *sp;
    fc_status st;
    long by = FC_NO_YEAR, open = FC_PROJ_NO_OPEN_AGE, a0 = 55, a1 = 90;

    if (!fc_scn_has(s, sec))
        return FC_OK;
    if ((sp = malloc(sizeof *sp)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    fc_act_spec_init(sp, kind);
    *out = sp;
    if ((st = fc_scn_path(s, sec, "projection", &sp->projection, err)) ||
        (st = fc_scn_path(s, sec, "rates", &sp->rates, err)) ||
        (st = fc_scn_path(s, sec, "weights", &sp->weights, err)) ||
        (st = fc_scn_path(s, sec, "growth", &sp->growth, err)) ||
        (st = fc_scn_long(s, sec, "open_age", 1, FC_AGE_MAX, &open, err)) ||
        (st = fc_scn_long(s, sec, "base_year", 1000, 3100, &by, err)))
        return st;
    if (kind == FC_ACT_ACTIVITY &&
        ((st = fc_scn_path(s, sec, "shifts", &sp->shifts, err)) ||
         (st = fc_scn_path(s, sec, "capacity", &sp->capacity, err)) ||
         (st = fc_scn_path(s, sec, "lifetables", &sp->lifetables, err)) ||
         (st = fc_scn_num(s, sec, "hsa_fraction", 0.0, 1.0, &sp->hsa_fraction, err)) ||
         (st = fc_scn_long(s, sec, "hsa_start_age", 0, FC_AGE_MAX, &a0, err)) ||
         (st = fc_scn_long(s, sec, "hsa_end_age", 0, FC_AGE_MAX, &a1, err))))
        return st;
    sp->base_year = (int)by;
    sp->open_age = (int)open;
    sp->hsa_start_age = (int)a0;
    sp->hsa_end_age = (int)a1;
    if (!sp->rates)
        return fc_scn_fail_file(s, err, "[%s] needs a rates table", sec);
    if (!sp->projection && !fc_scn_has(s, "projection"))
        return fc_scn_fail_file(s, err, "[%s] needs a projection: add a [projection] section "
                                "or 'projection = FILE' (a table in projection.csv form)", sec);
    if (a1 < a0) {
        /* at the end age's entry, or the start age's when the end age is the default (as
         * when `fulcrum check` has set a bad end age aside and configures again) */
        const fc_scn_entry *e = fc_scn_get(s, sec, "hsa_end_age");
        return fc_scn_fail(e ? e : fc_scn_get(s, sec, "hsa_start_age"), err,
                           "hsa_end_age %ld is below hsa_start_age %ld", a1, a0);
    }
    if (sp->lifetables && sp->hsa_fraction < 0.0)
        return fc_scn_fail(fc_scn_get(s, sec, "lifetables"), err, "lifetables are for the "
                           "health-status adjustment: set hsa_fraction too");
    return FC_OK;
}

static fc_status
need_configure(fc_chain *ch, void **spec, fc_err *err)
{
    return stage_configure(ch, spec, FC_ACT_NEED, err);
}

static fc_status
activity_configure(fc_chain *ch, void **spec, fc_err *err)
{
    return stage_configure(ch, spec, FC_ACT_ACTIVITY, err);
}

/* The activity stage leaves its activity on the chain for finance (need leaves nothing). */
static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    const fc_act_spec *sp = spec;
    fc_projection *proj = sp->projection ? NULL : ch->projection;
    if (sp->kind == FC_ACT_NEED)
        return act_run(sp, proj, ch->o, ch->warn, NULL, NULL, err);
    fc_fin_activity_free(ch->activity);
    fc_fin_activity_free(ch->activity_demographic);
    ch->activity = ch->activity_demographic = NULL;
    return act_run(sp, proj, ch->o, ch->warn, &ch->activity, &ch->activity_demographic, err);
}

static const char *const need_sections[] = {"need", NULL};
static const char *const activity_sections[] = {"activity", NULL};

/* The draws: the health-status adjustment's share of gains in good health. */
static fc_status
spec_for_draw(const void *spec, const fc_draw *dr, void **copy, fc_err *err)
{
    fc_act_spec *c = malloc(sizeof *c);
    if (c == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    *c = *(const fc_act_spec *)spec;
    fc_draw_num(dr, c->kind == FC_ACT_NEED ? "need" : "activity", "hsa_fraction",
                &c->hsa_fraction);
    *copy = c;
    return FC_OK;
}

const fc_stage fc_stage_need = {"need", need_sections, need_configure, stage_run, free, NULL,
                                spec_for_draw};
const fc_stage fc_stage_activity = {"activity", activity_sections, activity_configure, stage_run,
                                    free, NULL, spec_for_draw};
