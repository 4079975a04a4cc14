/* summaries.c: the Monte Carlo summary tables the population and uncertainty sections read of the analysis appendix (appendix_int.h). */
#include "engine/appendix/appendix_int.h"

/* ================================================================ Monte Carlo summaries */




void
apx_stab_fini(stab *s)
{
    fc_intern_free(s->k0);
    fc_intern_free(s->k1);
    free(s->row);
    memset(s, 0, sizeof *s);
}

static fc_status
stab_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    stab *s = ctx;
    srow x;
    size_t idx, c = s->two ? 2 : 1;
    fc_status st;
    if (s->only && strcmp(r->field[0], s->only) != 0)
        return FC_OK;
    if (fc_grow((void **)&s->row, &s->cap, s->n, sizeof *s->row) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory reading '%s'", r->path);
    memset(&x, 0, sizeof x);
    if ((st = fc_intern_add(s->k0, r->field[0], &idx, err)) != FC_OK)
        return st;
    x.k0 = (unsigned)idx;
    if (s->two) {
        if ((st = fc_intern_add(s->k1, r->field[1], &idx, err)) != FC_OK)
            return st;
        x.k1 = (unsigned)idx;
    }
    x.year = (int)r->num[c];
    for (size_t k = 0; k < S_NV; k++)
        x.v[k] = r->num[c + 1 + k];
    if ((st = apx_year_add(s->years, &s->nyear, x.year, r, err)) != FC_OK)
        return st;
    s->row[s->n++] = x;
    return FC_OK;
}

/* Reads the summary table name (absent: *have = 0) keyed by key0 (and key1 when not NULL)
 * and year, keeping the rows whose key0 is only (NULL: all). */
fc_status
apx_stab_read(job *j, const char *name, const char *key0, const char *key1, const char *only,
          stab *s, int *have)
{
    fc_csv_col cols[9] = {{key0, FC_COL_REQUIRED}, {key1, FC_COL_REQUIRED}};
    enum { V = FC_COL_REQUIRED | FC_COL_NUM | FC_COL_EMPTY_NA };
    static const fc_csv_col vals[S_NV] = {{"principal", V}, {"mean", V}, {"p10", V},
                                          {"p50", V},       {"p90", V},
                                          {"current", FC_COL_NUM | FC_COL_EMPTY_NA}};
    size_t c = key1 ? 2 : 1;
    memset(s, 0, sizeof *s);
    if (!(*have = apx_has(j, name)))
        return FC_OK;
    cols[c] = (fc_csv_col){"year", FC_COL_REQUIRED | FC_COL_YEAR};
    for (size_t k = 0; k < S_NV; k++)
        cols[c + 1 + k] = vals[k];
    s->two = key1 != NULL;
    s->only = only;
    s->k0 = fc_intern_alloc();
    s->k1 = fc_intern_alloc();
    if (!s->k0 || !s->k1)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    return apx_read(j, name, cols, c + 1 + S_NV, 0, stab_row, s, NULL);
}

/* out[t] (nyear values, NaN where absent) of value v for keys k0 (and k1); 0 when the keys
 * are not in the table. */
static int
stab_series(const stab *s, const char *k0, const char *k1, size_t v, double *out)
{
    size_t i0 = fc_intern_find(s->k0, k0), i1 = k1 ? fc_intern_find(s->k1, k1) : 0;
    int any = 0;
    for (size_t t = 0; t < s->nyear; t++)
        out[t] = (double)NAN;
    if (i0 == FC_INTERN_NONE || i1 == FC_INTERN_NONE)
        return 0;
    for (size_t i = 0; i < s->n; i++) {
        const srow *r = &s->row[i];
        if (r->k0 == i0 && (!s->two || r->k1 == i1)) {
            for (size_t t = 0; t < s->nyear; t++)
                if (s->years[t] == r->year)
                    out[t] = r->v[v];
            any = 1;
        }
    }
    return any;
}


int
apx_fan_get(const stab *s, const char *k0, const char *k1, fan *f)
{
    return stab_series(s, k0, k1, S_PRIN, f->y) && stab_series(s, k0, k1, S_P10, f->lo) &&
           stab_series(s, k0, k1, S_P90, f->hi) && stab_series(s, k0, k1, S_P50, f->mid);
}

/* f's first n years as an index, its first year's principal = 100 (the base year, which
 * every draw shares, so the index's percentiles are the level's); 0 when that is not > 0. */
int
apx_fan_index(const fan *f, size_t n, fan *out)
{
    double b = f->y[0];
    if (!(b > 0))
        return 0;
    for (size_t t = 0; t < n; t++) {
        out->y[t] = f->y[t] * (100 / b);
        out->lo[t] = f->lo[t] * (100 / b);
        out->hi[t] = f->hi[t] * (100 / b);
        out->mid[t] = f->mid[t] * (100 / b);
    }
    return 1;
}

/* The "p10 to p90" range of a figure, for titles and tables. */
const char *
apx_jrange(job *j, fc_axis_fmt_kind kind, double lo, double hi, int decimals, int sign)
{
    return apx_jstr(j, "%s to %s", apx_jfmt(j, kind, lo, decimals, sign), apx_jfmt(j, kind, hi, decimals, sign));
}

/* A table's rows as the cells of an appendix table: text columns copied, columns from
 * numeric_from on formatted as numbers. */
