/* tables.c: the PBMA inputs: the criteria, options and budgets tables (pbma_int.h). */
#include "engine/pbma/pbma_int.h"

/* ------------------------------------------------------------------------ criteria table */



fc_status
pb_crit_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    crit_tab *t = ctx;
    fc_pbma_criterion cr = {0, 0, 0, 0};
    const char *d = row->field[C_DIRECTION];
    fc_status st;

    if (pb_empty(row->field[C_CRITERION]))
        return fc_csv_fail(row, C_CRITERION, err, "empty criterion name");
    if (pb_names_find(&t->name, row->field[C_CRITERION]) != SIZE_MAX)
        return fc_csv_fail(row, C_CRITERION, err, "duplicate criterion '%s'",
                           row->field[C_CRITERION]);
    if ((st = fc_csv_nonneg(row, C_WEIGHT, &cr.weight, err)))
        return st;
    if (!pb_empty(d)) {
        if (!strcasecmp(d, "benefit") || !strcasecmp(d, "max") || !strcasecmp(d, "more"))
            cr.harm = 0;
        else if (!strcasecmp(d, "harm") || !strcasecmp(d, "min") || !strcasecmp(d, "less"))
            cr.harm = 1;
        else
            return fc_csv_fail(row, C_DIRECTION, err, "'%s' is not 'benefit' (more is better) "
                               "or 'harm' (less is better)", d);
    }
    if (t->name.n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        fc_pbma_criterion *nc = realloc(t->c, cap * sizeof *nc);
        unsigned char *a, *b;
        if (nc == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->c = nc;
        if ((a = realloc(t->has_min, cap)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->has_min = a;
        if ((b = realloc(t->has_max, cap)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->has_max = b;
        t->cap = cap;
    }
    t->has_min[t->name.n] = !pb_empty(row->field[C_MIN]);
    t->has_max[t->name.n] = !pb_empty(row->field[C_MAX]);
    if (t->has_min[t->name.n] && (st = fc_csv_double(row, C_MIN, &cr.min, err)))
        return st;
    if (t->has_max[t->name.n] && (st = fc_csv_double(row, C_MAX, &cr.max, err)))
        return st;
    if (t->has_min[t->name.n] && t->has_max[t->name.n] && !(cr.min < cr.max))
        return fc_csv_fail(row, C_MAX, err, "max %g must be above min %g", cr.max, cr.min);
    t->pos_weight = row->pos[C_WEIGHT];
    t->pos_min = row->pos[C_MIN];
    t->c[t->name.n] = cr;
    return pb_names_add(&t->name, row->field[C_CRITERION], row->line, err);
}

void
pb_crit_fini(crit_tab *t)
{
    pb_names_fini(&t->name);
    free(t->c);
    free(t->has_min);
    free(t->has_max);
}

/* ------------------------------------------------------------------------ options table */




static int
is_cost_col(size_t j)
{
    return j == O_COST || j == O_COST_LO || j == O_COST_HI || j == O_YEAR;
}

/* Parses an optional interval pair (lo, hi) around point; (double)NAN when both are absent. */
fc_status
pb_interval(const fc_csv_row *row, size_t ilo, size_t ihi, double point, double *lo, double *hi,
         fc_err *err)
{
    fc_status st;
    int a = !pb_empty(row->field[ilo]), b = !pb_empty(row->field[ihi]);
    *lo = *hi = (double)NAN;
    if (!a && !b)
        return FC_OK;
    if (a != b)
        return fc_csv_fail(row, a ? ihi : ilo, err, "give both ends of the 80%% interval or "
                           "neither");
    if ((st = fc_csv_double(row, ilo, lo, err)) || (st = fc_csv_double(row, ihi, hi, err)))
        return st;
    if (*lo > *hi)
        return fc_csv_fail(row, ihi, err, "%g is below the interval's low end %g", *hi, *lo);
    if (point < *lo || point > *hi)
        return fc_csv_fail(row, ilo, err, "the point value %g is outside the interval %g..%g",
                           point, *lo, *hi);
    return FC_OK;
}

fc_status
pb_opt_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    opt_tab *t = ctx;
    const char *name = row->field[O_OPTION];
    cost_row cr;
    size_t i;
    fc_status st;

    if (t->nrows == 0) {
        for (size_t j = 0; j < t->ncol && j < O_NFIXED + 64; j++)
            t->pos[j] = row->pos[j];
        t->have_year = row->pos[O_YEAR] != 0;
    }
    if (pb_empty(name))
        return fc_csv_fail(row, O_OPTION, err, "empty option name");
    memset(&cr, 0, sizeof cr);
    cr.line = row->line;
    if (t->have_year && (st = fc_csv_int(row, O_YEAR, 1000, 3000, &cr.year, err)))
        return st;
    if ((st = fc_csv_double(row, O_COST, &cr.cost, err)) ||
        (st = pb_interval(row, O_COST_LO, O_COST_HI, cr.cost, &cr.lo, &cr.hi, err)))
        return st;
    i = pb_names_find(&t->name, name);
    if (i != SIZE_MAX) {
        if (!t->have_year)
            return fc_csv_fail(row, O_OPTION, err, "duplicate option '%s' (first on line %zu)",
                               name, t->name.line[i]);
        for (size_t r = 0; r < t->nrows; r++)
            if (t->rows[r].opt == i && t->rows[r].year == cr.year)
                return fc_csv_fail(row, O_YEAR, err, "duplicate year %ld for option '%s' "
                                   "(first on line %zu)", cr.year, name, t->rows[r].line);
        /* the option's other columns must repeat the first row's values or be empty */
        for (size_t j = 0; j < t->ncol; j++) {
            const char *f = row->field[j], *first = t->attr[i * t->ncol + j];
            if (is_cost_col(j) || j == O_OPTION || pb_empty(f))
                continue;
            if (strcmp(f, first) != 0)
                return fc_csv_fail(row, j, err, "'%s' differs from the value '%s' on the "
                                   "option's first row (line %zu)", f, first, t->name.line[i]);
        }
    } else {
        if ((st = pb_names_add(&t->name, name, row->line, err)))
            return st;
        i = t->name.n - 1;
        if (t->name.n * t->ncol > t->attr_cap) {
            size_t cap = t->attr_cap ? 2 * t->attr_cap : 64 * t->ncol;
            char **a = realloc(t->attr, cap * sizeof *a);
            if (a == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            t->attr = a;
            t->attr_cap = cap;
        }
        for (size_t j = 0; j < t->ncol; j++)
            t->attr[i * t->ncol + j] = NULL;
        for (size_t j = 0; j < t->ncol; j++)
            if ((t->attr[i * t->ncol + j] = pb_xstrdup(row->field[j])) == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
        /* per-option numbers are checked here, on their own row */
        {
            double e = 0.0, lo, hi, s;
            if (!t->use_criteria || !pb_empty(row->field[O_EFFECT])) {
                if ((st = fc_csv_double(row, O_EFFECT, &e, err)) ||
                    (st = pb_interval(row, O_EFFECT_LO, O_EFFECT_HI, e, &lo, &hi, err)))
                    return st;
            }
            for (size_t k = 0; k < t->ncrit; k++)
                if ((st = fc_csv_double(row, O_NFIXED + k, &s, err)))
                    return st;
        }
    }
    cr.opt = i;
    if (t->nrows == t->rows_cap) {
        size_t cap = t->rows_cap ? 2 * t->rows_cap : 64;
        cost_row *nr = realloc(t->rows, cap * sizeof *nr);
        if (nr == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->rows = nr;
        t->rows_cap = cap;
    }
    t->rows[t->nrows++] = cr;
    return FC_OK;
}

void
pb_opt_fini(opt_tab *t)
{
    if (t->attr)
        for (size_t i = 0; i < t->name.n * t->ncol; i++)
            free(t->attr[i]);
    free(t->attr);
    free(t->rows);
    free(t->cols);
    pb_names_fini(&t->name);
}

const char *
pb_attr(const opt_tab *t, size_t i, size_t j)
{
    const char *s = t->attr[i * t->ncol + j];
    return s ? s : "";
}

/* ------------------------------------------------------------------------ budgets table */


fc_status
pb_budget_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    budget_tab *t = ctx;
    long y;
    double b;
    fc_status st;

    if ((st = fc_csv_int(row, 0, 1000, 3000, &y, err)) || (st = fc_csv_double(row, 1, &b, err)))
        return st;
    for (size_t k = 0; k < t->n; k++)
        if (t->year[k] == y)
            return fc_csv_fail(row, 0, err, "duplicate year %ld (first on line %zu)", y,
                               t->line[k]);
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        long *ny = realloc(t->year, cap * sizeof *ny);
        double *nb;
        size_t *nl;
        if (ny == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->year = ny;
        if ((nb = realloc(t->budget, cap * sizeof *nb)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->budget = nb;
        if ((nl = realloc(t->line, cap * sizeof *nl)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->line = nl;
        t->cap = cap;
    }
    t->year[t->n] = y;
    t->budget[t->n] = b;
    t->line[t->n++] = row->line;
    return FC_OK;
}

