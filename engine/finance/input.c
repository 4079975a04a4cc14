/* input.c: the finance job's inputs: the activity table, services and unit costs and
 * programme budgets (the year-keyed tables are rates.c), each validated with located errors
 * (path:line:col) and resolved onto the job's programmes, services and years.
 */
#include "engine/finance/finance_int.h"
#include "engine/io/grow.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/io/table.h"


char *
fi_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int
fc_finjob_parse_year(const char *s, long *year)
{
    char *end;
    long y, y2;

    while (isspace((unsigned char)*s))
        s++;
    errno = 0;
    y = strtol(s, &end, 10);
    if (end == s || errno == ERANGE || end - s != 4)
        return -1;
    if (*end == '/' || *end == '-') {
        const char *p = end + 1;
        y2 = strtol(p, &end, 10);
        if (end - p != 2 || y2 != (y + 1) % 100)
            return -1;
    }
    while (isspace((unsigned char)*end))
        end++;
    if (*end != '\0' || y < FI_MIN_YEAR || y > FI_MAX_YEAR)
        return -1;
    *year = y;
    return 0;
}

/* a financial year field: "2025" or "2025/26" */
fc_status
fi_field_year(const fc_csv_row *row, size_t i, long *out, fc_err *err)
{
    if (fc_finjob_parse_year(row->field[i], out) != 0)
        return fc_csv_fail(row, i, err, "'%s' is not a year (write 2025 or 2025/26)",
                           row->field[i]);
    return FC_OK;
}

/* an optional field: absent column or empty cell */
int
fi_given(const fc_csv_row *row, size_t i)
{
    return row->field[i] != NULL && row->field[i][0] != '\0';
}

fc_status
fi_field_name(const fc_csv_row *row, size_t i, fc_err *err)
{
    if (!fi_given(row, i))
        return fc_csv_fail(row, i, err, "missing value");
    return FC_OK;
}

/* ------------------------------------------------------------------------ budgets */


static int
parse_cost_type(const char *s)
{
    if (strcasecmp(s, "pay") == 0)
        return FC_FIN_PAY;
    if (strcasecmp(s, "non_pay") == 0 || strcasecmp(s, "non-pay") == 0 ||
        strcasecmp(s, "nonpay") == 0)
        return FC_FIN_NON_PAY;
    return -1;
}

static fc_status
budget_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    budget_ctx *c = ctx;
    fc_finjob *j = c->j;
    size_t n = j->nline, prog, funder;
    const char *fname = "all";
    double b;
    int ct;
    fc_status st;

    if ((st = fi_field_name(row, 0, err)) != FC_OK || (st = fi_field_name(row, 1, err)) != FC_OK)
        return st;
    if (strcmp(row->field[0], "total") == 0 || strcmp(row->field[0], "*") == 0)
        return fc_csv_fail(row, 0, err, "'%s' is reserved (the gap table's total row)",
                           row->field[0]);
    if ((ct = parse_cost_type(row->field[1])) < 0)
        return fc_csv_fail(row, 1, err, "'%s' is not a cost type (pay or non_pay)", row->field[1]);
    if ((st = fc_csv_double(row, 2, &b, err)) != FC_OK)
        return st;
    if (b < 0)
        return fc_csv_fail(row, 2, err, "budget '%s' is negative", row->field[2]);
    if (b > FC_FIN_MAX_GBP)
        return fc_csv_fail(row, 2, err, "budget '%s' is above GBP %g, the largest money value",
                           row->field[2], FC_FIN_MAX_GBP);
    if (row->pos[3]) {
        if ((st = fi_field_name(row, 3, err)) != FC_OK)
            return st;
        if (strcmp(row->field[3], "*") == 0)
            return fc_csv_fail(row, 3, err, "'*' is not a funder name");
        fname = row->field[3];
    }
    if (row->pos[4] && fi_given(row, 4)) {
        long y;
        if ((st = fi_field_year(row, 4, &y, err)) != FC_OK)
            return st;
        if (y != c->base_year)
            return fc_csv_fail(row, 4, err,
                               "year %ld is outside the projection: budgets are for the base "
                               "year %d (uplifts project them)",
                               y, c->base_year);
    }
    if ((st = fc_intern_add(j->progs, row->field[0], &prog, err)) != FC_OK ||
        (st = fc_intern_add(j->funders, fname, &funder, err)) != FC_OK)
        return st;
    for (size_t l = 0; l < n; l++)
        if (j->line_prog[l] == prog && j->line_ct[l] == ct && j->line_funder[l] == funder)
            return fc_err_at(err, FC_EDATA, row->path, row->line, 0,
                             "duplicate budget for programme '%s', %s, funder '%s' (first "
                             "given on line %zu)",
                             row->field[0], ct == FC_FIN_PAY ? "pay" : "non_pay", fname,
                             j->line_line[l]);
    if (n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        size_t *a = realloc(j->line_prog, cap * sizeof *a);
        if (a)
            j->line_prog = a;
        size_t *f = realloc(j->line_funder, cap * sizeof *f);
        if (f)
            j->line_funder = f;
        size_t *li = realloc(j->line_line, cap * sizeof *li);
        if (li)
            j->line_line = li;
        int *t = realloc(j->line_ct, cap * sizeof *t);
        if (t)
            j->line_ct = t;
        double *bb = realloc(j->line_budget, cap * sizeof *bb);
        if (bb)
            j->line_budget = bb;
        if (!a || !f || !li || !t || !bb)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        c->cap = cap;
    }
    j->line_prog[n] = prog;
    j->line_funder[n] = funder;
    j->line_line[n] = row->line;
    j->line_budget_col = row->pos[2];
    j->line_ct[n] = ct;
    j->line_budget[n] = b;
    j->nline++;
    return FC_OK;
}

/* ------------------------------------------------------------------------ services */


static fc_status
serv_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    serv_ctx *c = ctx;
    fc_finjob *j = c->j;
    size_t n = j->nserv, idx;
    double u, w = (double)NAN;
    long py;
    fc_status st;

    if ((st = fi_field_name(row, 0, err)) != FC_OK || (st = fi_field_name(row, 1, err)) != FC_OK)
        return st;
    if (!fi_given(row, 2))
        return fc_csv_fail(row, 2, err, "missing unit cost for service '%s'", row->field[0]);
    if ((st = fc_csv_double(row, 2, &u, err)) != FC_OK)
        return st;
    if (u < 0)
        return fc_csv_fail(row, 2, err, "unit cost '%s' is negative", row->field[2]);
    if (!fi_given(row, 3))
        return fc_csv_fail(row, 3, err, "missing price year for service '%s'", row->field[0]);
    if ((st = fi_field_year(row, 3, &py, err)) != FC_OK)
        return st;
    if (fi_given(row, 4)) {
        if ((st = fc_csv_double(row, 4, &w, err)) != FC_OK)
            return st;
        if (w < 0 || w > 1)
            return fc_csv_fail(row, 4, err, "pay share '%s' is outside 0..1", row->field[4]);
    }
    if (fc_intern_find(j->servs, row->field[0]) != FC_INTERN_NONE)
        return fc_csv_fail(row, 0, err, "duplicate service '%s' (first given on line %zu)",
                           row->field[0], j->serv_line[fc_intern_find(j->servs, row->field[0])]);
    if ((st = fc_intern_add(j->servs, row->field[0], &idx, err)) != FC_OK)
        return st;
    if (n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        double *a = realloc(j->unit_cost, cap * sizeof *a);
        if (a)
            j->unit_cost = a;
        double *b = realloc(j->pay_share, cap * sizeof *b);
        if (b)
            j->pay_share = b;
        int *py2 = realloc(j->price_year, cap * sizeof *py2);
        if (py2)
            j->price_year = py2;
        size_t *li = realloc(j->serv_line, cap * sizeof *li);
        if (li)
            j->serv_line = li;
        char **pn = realloc(c->prog_name, cap * sizeof *pn);
        if (pn)
            c->prog_name = pn;
        if (!a || !b || !py2 || !li || !pn)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        c->cap = cap;
    }
    j->unit_cost[n] = u;
    j->pay_share[n] = w;
    j->price_year[n] = (int)py;
    j->serv_line[n] = row->line;
    j->serv_cost_col = row->pos[2];
    if ((c->prog_name[n] = fi_xstrdup(row->field[1])) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    j->nserv++;
    return FC_OK;
}

/* ------------------------------------------------------------------------ all inputs */

/* Years: the base year (spec or the activity's first) and the horizon. */
static fc_status
resolve_years(fc_finjob *j, fc_err *err)
{
    const fc_finjob_activity *a = j->act;
    int first = FI_MAX_YEAR, last = FI_MIN_YEAR;

    if (a->n == 0)
        return fc_err_at(err, FC_EDATA, a->path, 0, 0, "the activity table has no rows");
    for (size_t i = 0; i < a->n; i++) {
        first = a->year[i] < first ? a->year[i] : first;
        last = a->year[i] > last ? a->year[i] : last;
    }
    j->act_first = first;
    j->act_last = last;
    j->base_year = j->spec.base_year == FC_NO_YEAR ? first : j->spec.base_year;
    if ((j->base_year < first || j->base_year >= last) && j->spec.base_year_at)
        return fc_scn_fail(j->spec.base_year_at, err, "the base year %d is outside the "
                           "projection: the activity runs %d..%d and finance needs the base "
                           "year and at least one year after", j->base_year, first, last);
    if (j->base_year < first || j->base_year >= last)
        return fc_err_at(err, FC_EDATA, a->path, 0, 0,
                         "the base year %d is outside the projection: the activity runs "
                         "%d..%d and finance needs the base year and at least one year after",
                         j->base_year, first, last);
    if (j->spec.horizon == 0) {
        j->last_year = j->base_year + 10 < last ? j->base_year + 10 : last;
    } else {
        j->last_year = j->spec.horizon;
        if ((j->last_year <= j->base_year || j->last_year > last) && j->spec.horizon_at)
            return fc_scn_fail(j->spec.horizon_at, err, "the horizon %d is outside the "
                               "projection: the activity runs %d..%d and the base year is %d",
                               j->last_year, first, last, j->base_year);
        if (j->last_year <= j->base_year || j->last_year > last)
            return fc_err_at(err, FC_EDATA, a->path, 0, 0,
                             "the horizon %d is outside the projection: the activity runs "
                             "%d..%d and the base year is %d",
                             j->last_year, first, last, j->base_year);
    }
    j->nyear = (size_t)(j->last_year - j->base_year + 1);
    return FC_OK;
}

/* Every service and year of variant k must be seen[]: else FC_EDATA naming path and what is
 * missing ("activity", "demographic split"). */
static fc_status
all_seen(const fc_finjob *j, const unsigned char *seen, size_t k, const char *path,
         const char *what, fc_err *err)
{
    const fc_finjob_activity *a = j->act;
    const size_t ns = j->nserv, ny = j->nyear;
    for (size_t s = 0; s < ns; s++)
        for (size_t t = 0; t < ny; t++)
            if (!seen[(k * ns + s) * ny + t])
                return fc_err_at(err, FC_EDATA, path, 0, 0, "no %s for service '%s' in %d%s%s%s",
                                 what, fc_intern_name(j->servs, s), j->base_year + (int)t,
                                 a->has_variant ? " (variant '" : "",
                                 a->has_variant ? fc_intern_name(a->variants, j->var[k]) : "",
                                 a->has_variant ? "')" : "");
    return FC_OK;
}

/* The variants to run: the one the spec names, else every variant of the activity. */
static fc_status
choose_variants(fc_finjob *j, fc_err *err)
{
    const fc_finjob_activity *a = j->act;
    size_t nv_all = fc_intern_count(a->variants);

    if ((j->var = calloc(nv_all, sizeof *j->var)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if (j->spec.variant) {
        size_t v = fc_intern_find(a->variants, j->spec.variant);
        if (v == FC_INTERN_NONE)
            return fc_err_at(err, FC_EDATA, a->path, 0, 0, "no variant '%s' in the activity",
                             j->spec.variant);
        j->var[j->nvar++] = v;
    } else {
        for (size_t v = 0; v < nv_all; v++)
            j->var[j->nvar++] = v;
    }
    return FC_OK;
}

/* Every service with activity needs a unit cost, and every costed service needs activity.
 * amap: activity service -> job service. */
static fc_status
match_services(fc_finjob *j, const size_t *amap, fc_err *err)
{
    const fc_finjob_activity *a = j->act;
    size_t ns = j->nserv;
    fc_status st = FC_OK;

    for (size_t i = 0; i < a->n && st == FC_OK; i++)
        if (amap[a->service[i]] == FC_INTERN_NONE && a->value[i] != 0)
            st = fc_err_at(err, FC_EDATA, a->path, a->line[i], 0,
                           "service '%s' has activity but no unit cost in %s",
                           fc_intern_name(a->services, a->service[i]), j->spec.services);
    for (size_t s = 0; s < ns && st == FC_OK; s++)
        if (fc_intern_find(a->services, fc_intern_name(j->servs, s)) == FC_INTERN_NONE)
            st = fc_err_at(err, FC_EDATA, j->spec.services, j->serv_line[s], 1,
                           "service '%s' has no activity in %s", fc_intern_name(j->servs, s),
                           a->path ? a->path : "the activity");
    return st;
}

/* Variant k's activity summed over the areas into j->activity; every area that has the
 * variant must give every service and year that another area gives. seen, cnt and has are
 * the caller's scratch. */
static fc_status
sum_variant(fc_finjob *j, size_t k, const size_t *amap, unsigned char *seen, size_t *cnt,
            unsigned char *has, fc_err *err)
{
    const fc_finjob_activity *a = j->act;
    size_t ns = j->nserv, ny = j->nyear, na = fc_intern_count(a->areas);
    fc_status st = FC_OK;

    size_t nhas = 0;
    memset(has, 0, na ? na : 1);
    for (size_t i = 0; i < a->n; i++) {
        size_t s = amap[a->service[i]];
        int y = a->year[i];
        if (a->variant[i] != j->var[k] || s == FC_INTERN_NONE || y < j->base_year ||
            y > j->last_year)
            continue;
        j->activity[(k * ns + s) * ny + (size_t)(y - j->base_year)] += a->value[i];
        seen[(k * ns + s) * ny + (size_t)(y - j->base_year)] = 1;
        cnt[(k * ns + s) * ny + (size_t)(y - j->base_year)]++;
        nhas += !has[a->area[i]];
        has[a->area[i]] = 1;
    }
    /* finance sums the areas: an area missing a year or a service would silently count
     * as none (rows are unique, so a cell's count is its number of areas) */
    for (size_t c = 0; c < ns * ny && st == FC_OK; c++) {
        size_t s = c / ny, t = c % ny, ar;
        if (!seen[k * ns * ny + c] || cnt[k * ns * ny + c] == nhas)
            continue;
        for (ar = 0; ar < na; ar++) {
            size_t i;
            for (i = 0; i < a->n; i++)
                if (a->area[i] == ar && a->variant[i] == j->var[k] &&
                    amap[a->service[i]] == s && a->year[i] == j->base_year + (int)t)
                    break;
            if (has[ar] && i == a->n)
                break;
        }
        st = fc_err_at(err, FC_EDATA, a->path, 0, 0,
                       "no activity for area '%s', service '%s' in %d%s%s%s, which other "
                       "areas have (finance sums the areas)",
                       ar < na ? fc_intern_name(a->areas, ar) : "?",
                       fc_intern_name(j->servs, s), j->base_year + (int)t,
                       a->has_variant ? " (variant '" : "",
                       a->has_variant ? fc_intern_name(a->variants, j->var[k]) : "",
                       a->has_variant ? "')" : "");
    }
    return st != FC_OK ? st : all_seen(j, seen, k, a->path, "activity", err);
}

/* The demographic split, from the drivers table: the same services, variants and years.
 * seen: the caller's scratch. */
static fc_status
resolve_demog(fc_finjob *j, unsigned char *seen, fc_err *err)
{
    const fc_finjob_activity *a = j->act, *d = j->drv;
    size_t ns = j->nserv, ny = j->nyear;
    fc_status st = FC_OK;

    memset(seen, 0, j->nvar * ns * ny);
    if ((j->demog = calloc(j->nvar * ns * ny, sizeof *j->demog)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n; i++) {
        size_t s = fc_intern_find(j->servs, fc_intern_name(d->services, d->service[i]));
        size_t v = fc_intern_find(a->variants, fc_intern_name(d->variants, d->variant[i]));
        int y = d->year[i];
        for (size_t k = 0; k < j->nvar; k++) {
            if (j->var[k] != v || s == FC_INTERN_NONE || y < j->base_year || y > j->last_year)
                continue;
            j->demog[(k * ns + s) * ny + (size_t)(y - j->base_year)] += d->value[i];
            seen[(k * ns + s) * ny + (size_t)(y - j->base_year)] = 1;
        }
    }
    for (size_t k = 0; k < j->nvar && st == FC_OK; k++)
        st = all_seen(j, seen, k, d->path, "demographic split", err);
    return st;
}

/* Checks the activity against the services and builds the dense arrays per variant. */
static fc_status
resolve_activity(fc_finjob *j, fc_err *err)
{
    const fc_finjob_activity *a = j->act, *d = j->drv;
    size_t ns = j->nserv, ny = j->nyear;
    size_t *amap = NULL; /* activity service -> job service */
    unsigned char *seen = NULL;
    size_t na = fc_intern_count(a->areas), *cnt = NULL; /* areas giving each cell */
    unsigned char *has = NULL;                          /* areas of the variant */
    fc_status st = FC_OK;

    if ((st = choose_variants(j, err)) != FC_OK)
        return st;
    if ((amap = calloc(fc_intern_count(a->services), sizeof *amap)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t s = 0; s < fc_intern_count(a->services); s++)
        amap[s] = fc_intern_find(j->servs, fc_intern_name(a->services, s));
    st = match_services(j, amap, err);
    if (st != FC_OK)
        goto done;
    j->activity = calloc(j->nvar * ns * ny, sizeof *j->activity);
    seen = calloc(j->nvar * ns * ny, 1);
    cnt = calloc(j->nvar * ns * ny, sizeof *cnt);
    has = calloc(na ? na : 1, 1);
    if (!j->activity || !seen || !cnt || !has) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < j->nvar && st == FC_OK; k++)
        st = sum_variant(j, k, amap, seen, cnt, has, err);
    if (st != FC_OK || d == NULL)
        goto done;
    st = resolve_demog(j, seen, err);
done:
    free(amap);
    free(seen);
    free(cnt);
    free(has);
    return st;
}

/* The budgets, which fix the programmes (in order of first appearance) and the funders, and
 * the services, each in a programme that has a budget; every programme needs a service. */
static fc_status
read_budgets_services(fc_finjob *j, fc_err *err)
{
    static const fc_csv_col bcols[5] = {
        {"programme", 1}, {"cost_type", 1}, {"budget", 1}, {"funder", 0}, {"year", 0}};
    static const fc_csv_col scols[8] = {{"service", 1},    {"programme", 1},  {"unit_cost", 1},
                                        {"price_year", 1}, {"pay_share", 0},  {"unit", 0},
                                        {"source", 0},     {"description", 0}};
    const fc_finjob_spec *sp = &j->spec;
    budget_ctx bc;
    serv_ctx sc;
    fc_status st;
    size_t np;

    memset(&sc, 0, sizeof sc);
    memset(&bc, 0, sizeof bc);
    bc.j = j;
    bc.base_year = j->base_year;
    if ((st = fc_csv_read(sp->budgets, bcols, 5, 1, budget_row, &bc, j->warn, err)) != FC_OK)
        return st;
    sc.j = j;
    st = fc_csv_read(sp->services, scols, 8, 1, serv_row, &sc, j->warn, err);
    if (st == FC_OK &&
        (j->serv_prog = calloc(j->nserv ? j->nserv : 1, sizeof *j->serv_prog)) == NULL)
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t s = 0; s < j->nserv && st == FC_OK; s++) {
        size_t q = fc_intern_find(j->progs, sc.prog_name[s]);
        if (q == FC_INTERN_NONE)
            st = fc_err_at(err, FC_EDATA, sp->services, j->serv_line[s], 2,
                           "column 'programme': programme '%s' has no budget in %s",
                           sc.prog_name[s], sp->budgets);
        else
            j->serv_prog[s] = q;
    }
    for (size_t s = 0; s < j->nserv; s++)
        free(sc.prog_name[s]);
    free(sc.prog_name);
    if (st != FC_OK)
        return st;
    np = fc_intern_count(j->progs);
    for (size_t q = 0; q < np; q++) {
        int has = 0;
        for (size_t s = 0; s < j->nserv; s++)
            has |= j->serv_prog[s] == q;
        if (!has) {
            size_t l = 0;
            while (j->line_prog[l] != q)
                l++;
            return fc_err_at(err, FC_EDATA, sp->budgets, j->line_line[l], 1,
                             "programme '%s' has no services in %s", fc_intern_name(j->progs, q),
                             sp->services);
        }
    }
    return FC_OK;
}

/* Pay shares: the service's own, else its programme's budget split. */
static fc_status
pay_shares(fc_finjob *j, fc_err *err)
{
    const fc_finjob_spec *sp = &j->spec;

    for (size_t s = 0; s < j->nserv; s++) {
        double pay = 0, tot = 0;
        if (!isnan(j->pay_share[s]))
            continue;
        for (size_t l = 0; l < j->nline; l++)
            if (j->line_prog[l] == j->serv_prog[s]) {
                tot += j->line_budget[l];
                pay += j->line_ct[l] == FC_FIN_PAY ? j->line_budget[l] : 0;
            }
        if (!(tot > 0))
            return fc_err_at(err, FC_EDATA, sp->services, j->serv_line[s], 1,
                             "service '%s' needs a pay_share: its programme '%s' has a zero "
                             "budget to take the pay/non-pay split from",
                             fc_intern_name(j->servs, s),
                             fc_intern_name(j->progs, j->serv_prog[s]));
        j->pay_share[s] = pay / tot;
    }
    return FC_OK;
}

/* The price indices run over min(price years, base) .. horizon. */
static fc_status
index_years(fc_finjob *j, fc_err *err)
{
    const fc_finjob_spec *sp = &j->spec;
    const size_t np = fc_intern_count(j->progs), nf = fc_intern_count(j->funders);
    int pymin;

    pymin = j->base_year;
    for (size_t s = 0; s < j->nserv; s++)
        if (j->price_year[s] < pymin)
            pymin = j->price_year[s];
    for (size_t s = 0; s < j->nserv; s++)
        if (j->price_year[s] > j->last_year)
            return fc_err_at(err, FC_EDATA, sp->services, j->serv_line[s], 4,
                             "column 'price_year': %d is after the plan's last year %d",
                             j->price_year[s], j->last_year);
    j->index_first = pymin;
    j->nindex = (size_t)(j->last_year - pymin + 1);
    j->pay_idx = calloc(j->nindex, sizeof *j->pay_idx);
    j->prices_idx = calloc(j->nindex, sizeof *j->prices_idx);
    j->defl_idx = calloc(j->nindex, sizeof *j->defl_idx);
    j->eff_pct = calloc(np * j->nyear, sizeof *j->eff_pct);
    j->uplift_pct = calloc(nf * j->nyear, sizeof *j->uplift_pct);
    if (!j->pay_idx || !j->prices_idx || !j->defl_idx || !j->eff_pct || !j->uplift_pct)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    return FC_OK;
}

fc_status
fc_finjob_load_inputs(fc_finjob *j, fc_err *err)
{
    static const fc_csv_col shcols[SH_NCOL] = {{"shift", 1},
                                               {"from", 1},
                                               {"to", 1},
                                               {"start_year", 1},
                                               {"amount", 0},
                                               {"activity", 0},
                                               {"ratio", 0},
                                               {"phase_years", 0},
                                               {"lag_years", 0},
                                               {"release_pct", 0},
                                               {"transition_cost", 0},
                                               {"transition_years", 0}};
    const fc_finjob_spec *sp = &j->spec;
    fc_status st;

    if (!sp->services || !sp->budgets)
        return FC_FAIL(err, FC_EDATA,
                       "finance needs a services table (unit costs) and a "
                       "budgets table");
    if ((st = resolve_years(j, err)) != FC_OK)
        return st;
    if ((st = read_budgets_services(j, err)) != FC_OK || (st = pay_shares(j, err)) != FC_OK)
        return st;
    if ((st = resolve_activity(j, err)) != FC_OK)
        return st;
    if ((st = index_years(j, err)) != FC_OK)
        return st;
    if ((st = fi_load_inflation(j, err)) != FC_OK ||
        (st = fi_load_rates(j, sp->efficiency, j->progs, "programme", "programme", "efficiency_pct", 1,
                         sp->efficiency_pct, 0, j->eff_pct, err)) != FC_OK ||
        (st = fi_load_rates(j, sp->uplifts, j->funders, "funder", "funder", "uplift_pct", 0,
                         sp->uplift_pct, 1, j->uplift_pct, err)) != FC_OK)
        return st;
    if (sp->shifts &&
        (st = fc_csv_read(sp->shifts, shcols, SH_NCOL, 0, fi_shift_row, j, j->warn, err)) != FC_OK)
        return st;
    return FC_OK;
}

