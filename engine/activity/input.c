/* input.c: the need and activity inputs: rates resolved onto the projection's age grid, growth, shifts and capacity (activity_int.h). */
#include "engine/activity/activity_int.h"

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

/* the reference population that weights rate bands within a group */
static const fc_rate_spec wspec = {"population", NULL, 1, 1, 0, FC_MAX_PERSONS, 0, -1, 0, NULL};

fc_status
fc_act_rates_load(const char *path, fc_act_kind kind, const fc_projection *p,
                  const char *weights, fc_act_rates *out, fc_warnings *warn, fc_err *err)
{
    /* need: a share of people; activity: per person a year, at most a million */
    const fc_rate_spec rspec = {"rate", ac_key_col[kind], 1, 1, 0, kind == FC_ACT_NEED ? 1.0 : 1e6,
                                0, -1, 0, NULL};
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
                                       fc_intern_name(p->areas, a), ac_sex_name[s]);
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
fc_status
ac_growth_load(const char *path, fc_act_kind kind, const fc_intern *keys, fc_act_model *m,
            fc_warnings *warn, fc_err *err)
{
    size_t nk = fc_intern_count(keys);
    const fc_csv_col cols[GC_N] = {{ac_key_col[kind], 1}, {"growth_pct", 1}, {"growth_lo", 0},
                                   {"growth_hi", 0}};
    growth_ctx c = {keys, ac_key_col[kind], m->pct, calloc(nk + 1, sizeof(double)),
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


const fc_csv_col ac_shift_cols[SC_N] = {
    {"from", 1}, {"to", 1}, {"share", 1}, {"ratio", 1}, {"year_start", 1}, {"year_end", 1},
};

fc_status
ac_shift_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
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
    if (ac_reserve((void **)&c->sh, &c->cap, c->n, sizeof *c->sh))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->sh[c->n++] = s;
    return FC_OK;
}

/* ---------------------------------------------------------------- capacity */



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
    if (fc_intern_add(c->res, row->field[CP_RES], &r.res, err) != FC_OK)
        return err->status; /* a name too long, or no memory */
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
    if (ac_reserve((void **)&c->row, &c->cap, c->n, sizeof *c->row))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->row[c->n++] = r;
    return FC_OK;
}

fc_status
ac_capacity_load(const char *path, const fc_intern *keys, const fc_intern *areas, fc_act_result *res,
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

