/* rates.c: the finance job's year-keyed tables: uplifts and efficiency, inflation (rates or indices), and resource shifts (finance_int.h). */
#include "engine/finance/finance_int.h"

/* ------------------------------------------------------------------------ year-keyed rates */



static fc_status
rate_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    rate_ctx *c = ctx;
    fc_finjob *j = c->j;
    size_t key = FC_INTERN_NONE;
    long y;
    double v;
    fc_status st;

    if ((st = fi_field_name(row, 0, err)) != FC_OK || (st = fi_field_year(row, 1, &y, err)) != FC_OK ||
        (st = fc_csv_double(row, 2, &v, err)) != FC_OK)
        return st;
    if (strcmp(row->field[0], "*") != 0 &&
        (key = fc_intern_find(c->keys, row->field[0])) == FC_INTERN_NONE)
        return fc_csv_fail(row, 0, err, "unknown %s '%s' (not in the budgets table)", c->what,
                           row->field[0]);
    if (y <= j->base_year || y > j->act_last)
        return fc_csv_fail(row, 1, err,
                           "year %ld is outside the projection: rates apply to the years "
                           "after the base year, %d..%d",
                           y, j->base_year + 1, j->act_last);
    if (c->strict_below_100 ? !(v < 100) : !(v > -100))
        return fc_csv_fail(row, 2, err, "%s %s%% is not %s", c->rate_col, row->field[2],
                           c->strict_below_100 ? "below 100" : "above -100");
    if (c->strict_below_100 ? v < -1000 : v > 1000) /* as the scenario's own keys */
        return fc_csv_fail(row, 2, err, "%s %s%% is %s a year (a typing error?)", c->rate_col,
                           row->field[2], c->strict_below_100 ? "below -1000%" : "above 1000%");
    for (size_t i = 0; i < c->n; i++)
        if (c->r[i].key == key && c->r[i].year == (int)y)
            return fc_err_at(err, FC_EDATA, row->path, row->line, 0,
                             "duplicate row for %s '%s', year %ld (first given on line %zu)",
                             c->what, row->field[0], y, c->r[i].line);
    if (fc_grow((void **)&c->r, &c->cap, c->n, sizeof *c->r) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->r[c->n].key = key;
    c->r[c->n].year = (int)y;
    c->r[c->n].pct = v;
    c->r[c->n].line = row->line;
    c->n++;
    return FC_OK;
}

/* Resolves a rate table onto out[nkey][nyear] (t = 0 unused): a key uses its own rows when it
 * has any, else the '*' rows; the rate for year y is the row of the latest year <= y (carried
 * forward); before the first row the default applies (dflt, or an error when NaN and
 * need_cover). */
static fc_status
rate_resolve(fc_finjob *j, const rate_ctx *c, size_t nkey, double dflt, int need_cover,
             const char *path, double out[], fc_err *err)
{
    size_t ny = j->nyear;
    for (size_t k = 0; k < nkey; k++) {
        size_t use = FC_INTERN_NONE;
        for (size_t i = 0; i < c->n; i++)
            if (c->r[i].key == k)
                use = k;
        for (size_t t = 1; t < ny; t++) {
            int y = j->base_year + (int)t, best = -1;
            double v = dflt;
            for (size_t i = 0; i < c->n; i++)
                if (c->r[i].key == use && c->r[i].year <= y &&
                    (best < 0 || c->r[i].year > c->r[(size_t)best].year))
                    best = (int)i;
            if (best >= 0) {
                v = c->r[best].pct;
            } else if (isnan(v)) {
                if (!need_cover) {
                    v = 0;
                } else {
                    return fc_err_at(err, FC_EDATA, path, 0, 0,
                                     "no %s for %s '%s' in %d: give a row for %s or '*' from "
                                     "%d (or a default %s in the scenario)",
                                     c->rate_col, c->what, fc_intern_name(c->keys, k), y, c->what,
                                     j->base_year + 1, c->rate_col);
                }
            }
            out[k * ny + t] = v;
        }
    }
    return FC_OK;
}

fc_status
fi_load_rates(fc_finjob *j, const char *path, const fc_intern *keys, const char *what,
           const char *key_col, const char *rate_col, int below_100, double dflt, int need_cover,
           double out[], fc_err *err)
{
    fc_csv_col cols[3] = {{key_col, 1}, {"year", 1}, {rate_col, 1}};
    rate_ctx c;
    fc_status st;
    size_t nkey = fc_intern_count(keys);

    memset(&c, 0, sizeof c);
    c.j = j;
    c.keys = keys;
    c.what = what;
    c.rate_col = rate_col;
    c.strict_below_100 = below_100;
    if (path == NULL) {
        if (isnan(dflt) && need_cover)
            return FC_FAIL(err, FC_EDATA,
                           "no %s given: give a table of %s by %s and year, or "
                           "one rate for every %s and year",
                           rate_col, rate_col, what, what);
        for (size_t k = 0; k < nkey; k++)
            for (size_t t = 1; t < j->nyear; t++)
                out[k * j->nyear + t] = isnan(dflt) ? 0 : dflt;
        return FC_OK;
    }
    st = fc_csv_read(path, cols, 3, 0, rate_row_fn, &c, j->warn, err);
    if (st == FC_OK)
        st = rate_resolve(j, &c, nkey, dflt, need_cover, path, out, err);
    free(c.r);
    return st;
}

/* ------------------------------------------------------------------------ inflation */

static const char *const ser_name[NSER] = {"pay", "prices", "deflator"};


static fc_status
infl_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    infl_ctx *c = ctx;
    long y;
    fc_status st;

    if (c->n == 0) {
        for (int s = 0; s < NSER; s++) {
            size_t pp = row->pos[1 + 2 * s], pi = row->pos[2 + 2 * s];
            if (pp && pi)
                return fc_err_at(err, FC_EDATA, row->path, 1, pi,
                                 "both '%s_pct' and '%s_index' columns: give one", ser_name[s],
                                 ser_name[s]);
            c->mode[s] = pp ? 0 : pi ? 1 : -1;
        }
        if (c->mode[SER_PAY] < 0 && c->mode[SER_PRICES] < 0 && c->mode[SER_DEFL] < 0)
            return fc_err_at(err, FC_EDATA, row->path, 1, 0,
                             "no index columns: give pay_pct, prices_pct, deflator_pct (annual "
                             "%% into each year) or pay_index, prices_index, deflator_index");
    }
    if ((st = fi_field_year(row, 0, &y, err)) != FC_OK)
        return st;
    if (y > c->j->act_last)
        return fc_csv_fail(row, 0, err, "year %ld is outside the projection (it ends in %d)", y,
                           c->j->act_last);
    for (size_t i = 0; i < c->n; i++)
        if (c->year[i] == (int)y)
            return fc_csv_fail(row, 0, err, "duplicate year %ld (first given on line %zu)", y,
                               c->line[i]);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        int *yy = realloc(c->year, cap * sizeof *yy);
        if (yy)
            c->year = yy;
        size_t *li = realloc(c->line, cap * sizeof *li);
        if (li)
            c->line = li;
        int ok = yy && li;
        for (int s = 0; s < NSER; s++) {
            double *v = realloc(c->v[s], cap * sizeof *v);
            if (v)
                c->v[s] = v;
            ok = ok && v;
        }
        if (!ok)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        c->cap = cap;
    }
    for (int s = 0; s < NSER; s++) {
        size_t i = (size_t)(1 + 2 * s + (c->mode[s] == 1));
        double v = (double)NAN;
        if (c->mode[s] >= 0) {
            if ((st = fc_csv_double(row, i, &v, err)) != FC_OK)
                return st;
            if (c->mode[s] == 0 && !(v > -100))
                return fc_csv_fail(row, i, err, "rate %s%% is not above -100", row->field[i]);
            if (c->mode[s] == 0 && v > 1000)
                return fc_csv_fail(row, i, err, "rate %s%% is above 1000%% a year (a typing "
                                   "error?)", row->field[i]);
            if (c->mode[s] == 1 && !(v > 0))
                return fc_csv_fail(row, i, err, "index %s is not positive", row->field[i]);
            if (c->mode[s] == 1 && v > 1e6)
                return fc_csv_fail(row, i, err, "index %s is above 1e6 (an index is a level "
                                   "such as 100 in the reference year)", row->field[i]);
        }
        c->v[s][c->n] = v;
    }
    c->year[c->n] = (int)y;
    c->line[c->n] = row->line;
    c->n++;
    return FC_OK;
}

/* Builds one series' levels over j->index_first .. + nindex - 1. */
static fc_status
infl_series(fc_finjob *j, const infl_ctx *c, int s, double scalar, const char *path,
            double level[], fc_err *err)
{
    int y0 = j->index_first;
    size_t n = j->nindex;

    if (c && c->mode[s] >= 0 && !isnan(scalar))
        return fc_err_at(err, FC_EDATA, path, 1, 0,
                         "%s inflation is both in this table and given as %s_pct: give one",
                         ser_name[s], ser_name[s]);
    if (c == NULL || c->mode[s] < 0) {
        if (isnan(scalar))
            return c ? fc_err_at(err, FC_EDATA, path, 1, 0,
                                 "no %s column: add %s_pct or %s_index, or give %s_pct in the "
                                 "scenario",
                                 ser_name[s], ser_name[s], ser_name[s], ser_name[s])
                     : FC_FAIL(err, FC_EDATA, "no %s inflation: give an inflation table or %s_pct",
                               ser_name[s], ser_name[s]);
        if (!(scalar > -100))
            return FC_FAIL(err, FC_EDATA, "%s_pct %g is not above -100", ser_name[s], scalar);
        level[0] = 1.0;
        for (size_t t = 1; t < n; t++)
            level[t] = level[t - 1] * (1.0 + scalar / 100.0);
        return FC_OK;
    }
    if (c->mode[s] == 1) {
        /* index levels: every needed year must be in the table */
        for (size_t t = 0; t < n; t++) {
            int y = y0 + (int)t, found = 0;
            for (size_t i = 0; i < c->n; i++)
                if (c->year[i] == y) {
                    level[t] = c->v[s][i];
                    found = 1;
                }
            if (!found)
                return fc_err_at(err, FC_EDATA, path, 0, 0,
                                 "no %s_index for %d (the index must cover the price years "
                                 "and the plan, %d..%d)",
                                 ser_name[s], y, y0, y0 + (int)n - 1);
        }
        return FC_OK;
    }
    /* annual rates into each year: consecutive years, the last carried forward */
    {
        int ymin = 0, ymax = 0;
        for (size_t i = 0; i < c->n; i++) {
            if (i == 0 || c->year[i] < ymin)
                ymin = c->year[i];
            if (i == 0 || c->year[i] > ymax)
                ymax = c->year[i];
        }
        if ((size_t)(ymax - ymin + 1) != c->n)
            for (int y = ymin; y <= ymax; y++) {
                int found = 0;
                for (size_t i = 0; i < c->n; i++)
                    found |= c->year[i] == y;
                if (!found)
                    return fc_err_at(err, FC_EDATA, path, 0, 0,
                                     "no row for %d: the years must run without a gap (the "
                                     "table runs %d..%d)",
                                     y, ymin, ymax);
            }
        level[0] = 1.0;
        for (size_t t = 1; t < n; t++) {
            int y = y0 + (int)t, yy = y > ymax ? ymax : y;
            double r = (double)NAN;
            if (y < ymin)
                return fc_err_at(err, FC_EDATA, path, 0, 0,
                                 "no %s_pct for %d: the table starts in %d, and the price "
                                 "years and plan need rates from %d",
                                 ser_name[s], y, ymin, y0 + 1);
            for (size_t i = 0; i < c->n; i++)
                if (c->year[i] == yy)
                    r = c->v[s][i];
            level[t] = level[t - 1] * (1.0 + r / 100.0);
        }
    }
    return FC_OK;
}

fc_status
fi_load_inflation(fc_finjob *j, fc_err *err)
{
    static const fc_csv_col cols[7] = {
        {"year", 1},         {"pay_pct", 0},      {"pay_index", 0},     {"prices_pct", 0},
        {"prices_index", 0}, {"deflator_pct", 0}, {"deflator_index", 0}};
    const fc_finjob_spec *sp = &j->spec;
    const double scalar[NSER] = {sp->pay_pct, sp->prices_pct, sp->deflator_pct};
    double *lv[NSER] = {j->pay_idx, j->prices_idx, j->defl_idx};
    infl_ctx c;
    fc_status st = FC_OK;

    memset(&c, 0, sizeof c);
    c.j = j;
    if (sp->inflation) {
        st = fc_csv_read(sp->inflation, cols, 7, 1, infl_row, &c, j->warn, err);
    }
    for (int s = 0; s < NSER && st == FC_OK; s++)
        st = infl_series(j, sp->inflation ? &c : NULL, s, scalar[s], sp->inflation, lv[s], err);
    free(c.year);
    free(c.line);
    for (int s = 0; s < NSER; s++)
        free(c.v[s]);
    return st;
}

/* ------------------------------------------------------------------------ shifts */

int
fc_finjob_endpoint(const fc_finjob *j, const char *name, size_t *prog, size_t *serv)
{
    size_t p = fc_intern_find(j->progs, name), s = fc_intern_find(j->servs, name);
    if (p != FC_INTERN_NONE && s != FC_INTERN_NONE)
        return -1;
    if (p != FC_INTERN_NONE) {
        *prog = p;
        *serv = FC_FIN_ALL;
        return 1;
    }
    if (s != FC_INTERN_NONE) {
        *prog = j->serv_prog[s];
        *serv = s;
        return 1;
    }
    return 0;
}

static fc_status
shift_add(fc_finjob *j, const fc_fin_shift *sh, const char *name, size_t line, fc_err *err)
{
    if (j->nshift == j->capshift) {
        size_t cap = j->capshift ? 2 * j->capshift : 8;
        fc_fin_shift *a = realloc(j->shift, cap * sizeof *a);
        if (a)
            j->shift = a;
        char **nm = realloc(j->shift_name, cap * sizeof *nm);
        if (nm)
            j->shift_name = nm;
        size_t *li = realloc(j->shift_line, cap * sizeof *li);
        if (li)
            j->shift_line = li;
        if (!a || !nm || !li)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        j->capshift = cap;
    }
    if ((j->shift_name[j->nshift] = fi_xstrdup(name)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    j->shift[j->nshift] = *sh;
    j->shift[j->nshift].name = NULL; /* set to shift_name once the array stops moving */
    j->shift_line[j->nshift] = line;
    j->nshift++;
    for (size_t k = 0; k < j->nshift; k++)
        j->shift[k].name = j->shift_name[k];
    return FC_OK;
}

static fc_status
endpoint_field(fc_finjob *j, const fc_csv_row *row, size_t i, size_t *prog, size_t *serv,
               fc_err *err)
{
    int r = fc_finjob_endpoint(j, row->field[i], prog, serv);
    if (r < 0)
        return fc_csv_fail(row, i, err, "'%s' is both a programme and a service", row->field[i]);
    if (r == 0)
        return fc_csv_fail(row, i, err, "unknown programme or service '%s'", row->field[i]);
    return FC_OK;
}

static fc_status
opt_int(const fc_csv_row *row, size_t i, long lo, long hi, int dflt, int *out, fc_err *err)
{
    long v;
    fc_status st;
    *out = dflt;
    if (!fi_given(row, i))
        return FC_OK;
    if ((st = fc_csv_int(row, i, lo, hi, &v, err)) != FC_OK)
        return st;
    *out = (int)v;
    return FC_OK;
}

static fc_status
opt_num(const fc_csv_row *row, size_t i, double dflt, double *out, fc_err *err)
{
    fc_status st;
    *out = dflt;
    if (!fi_given(row, i))
        return FC_OK;
    if ((st = fc_csv_double(row, i, out, err)) != FC_OK)
        return st;
    if (*out < 0)
        return fc_csv_fail(row, i, err, "'%s' is negative", row->field[i]);
    return FC_OK;
}


fc_status
fi_shift_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    fc_finjob *j = ctx;
    fc_fin_shift sh;
    long y;
    fc_status st;

    memset(&sh, 0, sizeof sh);
    if ((st = fi_field_name(row, SH_NAME, err)) != FC_OK ||
        (st = fi_field_name(row, SH_FROM, err)) != FC_OK ||
        (st = fi_field_name(row, SH_TO, err)) != FC_OK ||
        (st = endpoint_field(j, row, SH_FROM, &sh.from_prog, &sh.from_serv, err)) != FC_OK ||
        (st = endpoint_field(j, row, SH_TO, &sh.to_prog, &sh.to_serv, err)) != FC_OK)
        return st;
    for (size_t k = 0; k < j->nshift; k++)
        if (strcmp(j->shift_name[k], row->field[SH_NAME]) == 0)
            return fc_csv_fail(row, SH_NAME, err,
                               "duplicate shift '%s' (first given on line "
                               "%zu)",
                               row->field[SH_NAME], j->shift_line[k]);
    if (sh.from_prog == sh.to_prog && sh.from_serv == sh.to_serv)
        return fc_csv_fail(row, SH_TO, err, "shift '%s' moves '%s' to itself", row->field[SH_NAME],
                           row->field[SH_TO]);
    if ((st = fi_field_name(row, SH_START, err)) != FC_OK ||
        (st = fi_field_year(row, SH_START, &y, err)) != FC_OK)
        return st;
    if (y <= j->base_year || y > j->act_last)
        return fc_csv_fail(row, SH_START, err,
                           "year %ld is outside the projection: a shift starts in one of the "
                           "years after the base year, %d..%d",
                           y, j->base_year + 1, j->act_last);
    sh.start_year = (int)y;
    if (fi_given(row, SH_AMOUNT) == fi_given(row, SH_ACTIVITY))
        return fc_err_at(err, FC_EDATA, row->path, row->line, 0,
                         "shift '%s': give either 'amount' (GBP a year) or 'activity' (units a "
                         "year of the from service)",
                         row->field[SH_NAME]);
    if (fi_given(row, SH_AMOUNT)) {
        sh.kind = FC_FIN_SHIFT_MONEY;
        if ((st = fc_csv_double(row, SH_AMOUNT, &sh.amount_gbp, err)) != FC_OK)
            return st;
        if (!(sh.amount_gbp > 0))
            return fc_csv_fail(row, SH_AMOUNT, err, "amount '%s' is not positive",
                               row->field[SH_AMOUNT]);
        if (fi_given(row, SH_RATIO))
            return fc_csv_fail(row, SH_RATIO, err, "a ratio applies to activity shifts only");
    } else {
        sh.kind = FC_FIN_SHIFT_ACTIVITY;
        if ((st = fc_csv_double(row, SH_ACTIVITY, &sh.units, err)) != FC_OK)
            return st;
        if (!(sh.units > 0))
            return fc_csv_fail(row, SH_ACTIVITY, err, "activity '%s' is not positive",
                               row->field[SH_ACTIVITY]);
        if (sh.from_serv == FC_FIN_ALL || sh.to_serv == FC_FIN_ALL)
            return fc_csv_fail(row, sh.from_serv == FC_FIN_ALL ? SH_FROM : SH_TO, err,
                               "an activity shift moves one service's activity to another "
                               "service, and '%s' is a programme",
                               row->field[sh.from_serv == FC_FIN_ALL ? SH_FROM : SH_TO]);
        if ((st = opt_num(row, SH_RATIO, 1.0, &sh.ratio, err)) != FC_OK)
            return st;
    }
    if ((st = opt_int(row, SH_PHASE, 1, 100, 1, &sh.phase_years, err)) != FC_OK ||
        (st = opt_int(row, SH_LAG, 0, 100, 0, &sh.lag_years, err)) != FC_OK ||
        (st = opt_num(row, SH_RELEASE, 100.0, &sh.release_pct, err)) != FC_OK ||
        (st = opt_num(row, SH_TCOST, 0.0, &sh.transition_gbp, err)) != FC_OK ||
        (st = opt_int(row, SH_TYEARS, 0, 100, sh.transition_gbp > 0 ? 1 : 0, &sh.transition_years,
                      err)) != FC_OK)
        return st;
    if (sh.release_pct > 1000)
        return fc_csv_fail(row, SH_RELEASE, err, "release %s%% is above 1000%%",
                           row->field[SH_RELEASE]);
    return shift_add(j, &sh, row->field[SH_NAME], row->line, err);
}

fc_status
fc_finjob_add_whatif(fc_finjob *j, const fc_finjob_whatif *w, fc_err *err)
{
    fc_fin_shift sh;
    int r;
    char name[160];

    memset(&sh, 0, sizeof sh);
    if (w->from == NULL || w->to == NULL)
        return FC_FAIL(err, FC_EUSAGE, "a shift needs --from and --to");
    if ((r = fc_finjob_endpoint(j, w->from, &sh.from_prog, &sh.from_serv)) <= 0)
        return FC_FAIL(err, FC_EUSAGE, "option '--from': '%s' is %s", w->from,
                       r < 0 ? "both a programme and a service" : "not a programme or service");
    if ((r = fc_finjob_endpoint(j, w->to, &sh.to_prog, &sh.to_serv)) <= 0)
        return FC_FAIL(err, FC_EUSAGE, "option '--to': '%s' is %s", w->to,
                       r < 0 ? "both a programme and a service" : "not a programme or service");
    if (sh.from_prog == sh.to_prog && sh.from_serv == sh.to_serv)
        return FC_FAIL(err, FC_EUSAGE, "--from and --to name the same '%s'", w->to);
    if (isnan(w->amount_gbp) == isnan(w->units))
        return FC_FAIL(err, FC_EUSAGE,
                       "give either --amount (GBP a year) or --activity (units "
                       "a year)");
    if (!isnan(w->amount_gbp)) {
        sh.kind = FC_FIN_SHIFT_MONEY;
        sh.amount_gbp = w->amount_gbp;
        if (!(w->amount_gbp > 0) || w->amount_gbp > FC_FIN_MAX_GBP)
            return FC_FAIL(err, FC_EUSAGE, "option '--amount': %g is not a positive amount",
                           w->amount_gbp);
    } else {
        sh.kind = FC_FIN_SHIFT_ACTIVITY;
        sh.units = w->units;
        sh.ratio = w->ratio;
        if (!(w->units > 0))
            return FC_FAIL(err, FC_EUSAGE, "option '--activity': %g is not positive", w->units);
        if (!(w->ratio >= 0))
            return FC_FAIL(err, FC_EUSAGE, "option '--ratio': %g is negative", w->ratio);
        if (sh.from_serv == FC_FIN_ALL || sh.to_serv == FC_FIN_ALL)
            return FC_FAIL(err, FC_EUSAGE,
                           "an activity shift moves one service to another: "
                           "--from and --to must name services");
    }
    if (w->start_year <= j->base_year || w->start_year > j->last_year)
        return FC_FAIL(err, FC_EUSAGE,
                       "option '--from-year': %d is outside the plan years "
                       "%d..%d",
                       w->start_year, j->base_year + 1, j->last_year);
    if (w->phase_years < 1 || w->lag_years < 0 || w->transition_years < 0)
        return FC_FAIL(err, FC_EUSAGE,
                       "--phase-years must be >= 1, --lag-years and "
                       "--transition-years >= 0");
    if (!(w->release_pct >= 0 && w->release_pct <= 1000))
        return FC_FAIL(err, FC_EUSAGE, "option '--release-pct': %g is outside 0..1000",
                       w->release_pct);
    if (!(w->transition_gbp >= 0) || w->transition_gbp > FC_FIN_MAX_GBP)
        return FC_FAIL(err, FC_EUSAGE, "option '--transition-cost': %g is negative",
                       w->transition_gbp);
    sh.start_year = w->start_year;
    sh.phase_years = w->phase_years;
    sh.lag_years = w->lag_years;
    sh.release_pct = w->release_pct;
    sh.transition_gbp = w->transition_gbp;
    sh.transition_years =
        w->transition_years > 0 ? w->transition_years : (w->transition_gbp > 0 ? 1 : 0);
    snprintf(name, sizeof name, "what_if_%s_to_%s", w->from, w->to);
    j->nwhatif++;
    return shift_add(j, &sh, name, 0, err);
}

