/* activity.c: the finance stage's activity table (activity.csv or drivers.csv as the
 * activity stage publishes them, or the activity handed over in memory): reading, adding
 * rows, duplicates (finance_int.h). */
#include "engine/finance/finance_int.h"
#include "engine/io/grow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fc_status
fc_finjob_activity_init(fc_finjob_activity *a, const char *path, fc_err *err)
{
    memset(a, 0, sizeof *a);
    a->areas = fc_intern_alloc();
    a->variants = fc_intern_alloc();
    a->services = fc_intern_alloc();
    if (path)
        a->path = fi_xstrdup(path);
    if (!a->areas || !a->variants || !a->services || (path && !a->path))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    return FC_OK;
}

void
fc_finjob_activity_fini(fc_finjob_activity *a)
{
    if (a == NULL)
        return;
    fc_intern_free(a->areas);
    fc_intern_free(a->variants);
    fc_intern_free(a->services);
    free(a->area);
    free(a->variant);
    free(a->service);
    free(a->year);
    free(a->value);
    free(a->line);
    free(a->path);
    memset(a, 0, sizeof *a);
}

void
fc_finjob_activity_free(fc_finjob_activity *a)
{
    if (a == NULL)
        return;
    fc_finjob_activity_fini(a);
    free(a);
}

fc_status
fc_finjob_activity_add(fc_finjob_activity *a, const char *area, const char *variant, int year,
                    const char *service, double value, size_t line, fc_err *err)
{
    fc_status st;
    size_t ia, iv, is;

    if (!isfinite(value) || value < 0)
        return fc_err_at(err, FC_EDATA, a->path, line, 0,
                         "activity %g for service '%s' in %d is negative", value, service, year);
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 256;
        size_t *ar = realloc(a->area, cap * sizeof *ar);
        if (ar)
            a->area = ar;
        size_t *vr = realloc(a->variant, cap * sizeof *vr);
        if (vr)
            a->variant = vr;
        size_t *sr = realloc(a->service, cap * sizeof *sr);
        if (sr)
            a->service = sr;
        int *yr = realloc(a->year, cap * sizeof *yr);
        if (yr)
            a->year = yr;
        double *va = realloc(a->value, cap * sizeof *va);
        if (va)
            a->value = va;
        size_t *li = realloc(a->line, cap * sizeof *li);
        if (li)
            a->line = li;
        if (!ar || !vr || !sr || !yr || !va || !li)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        a->cap = cap;
    }
    if ((st = fc_intern_add(a->areas, area ? area : "", &ia, err)) != FC_OK ||
        (st = fc_intern_add(a->variants, variant ? variant : "", &iv, err)) != FC_OK ||
        (st = fc_intern_add(a->services, service, &is, err)) != FC_OK)
        return st;
    a->area[a->n] = ia;
    a->variant[a->n] = iv;
    a->service[a->n] = is;
    a->year[a->n] = year;
    a->value[a->n] = value;
    a->line[a->n] = line;
    a->n++;
    return FC_OK;
}


static fc_status
act_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    act_ctx *c = ctx;
    long year;
    double v, d = 0;
    fc_status st;

    if (c->a->n == 0) {
        c->a->has_area = row->pos[0] != 0;
        c->a->has_variant = row->pos[1] != 0;
    }
    if ((st = fi_field_name(row, 3, err)) != FC_OK ||
        (st = fc_csv_int(row, 2, FI_MIN_YEAR, FI_MAX_YEAR, &year, err)) != FC_OK)
        return st;
    if (c->demographic) {
        if ((st = fc_csv_nonneg(row, 4, &v, err)) != FC_OK ||
            (st = fc_csv_double(row, 5, &d, err)) != FC_OK)
            return st;
        if (v + d < 0)
            return fc_csv_fail(row, 5, err, "baseline + demographic is negative (%g)", v + d);
        v += d;
    } else if ((st = fc_csv_nonneg(row, 4, &v, err)) != FC_OK) {
        return st;
    }
    return fc_finjob_activity_add(c->a, row->field[0], row->field[1], (int)year, row->field[3], v,
                               row->line, err);
}


static int
keyrow_cmp(const void *x, const void *y)
{
    const keyrow *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* Rejects a second row for the same (area, variant, year, service), naming both lines. */
static fc_status
activity_duplicates(const fc_finjob_activity *a, fc_err *err)
{
    size_t nv = fc_intern_count(a->variants), ns = fc_intern_count(a->services);
    int ymin = FI_MAX_YEAR, ymax = FI_MIN_YEAR;
    keyrow *k;

    if (a->n < 2)
        return FC_OK;
    for (size_t i = 0; i < a->n; i++) {
        ymin = a->year[i] < ymin ? a->year[i] : ymin;
        ymax = a->year[i] > ymax ? a->year[i] : ymax;
    }
    if ((k = calloc(a->n, sizeof *k)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < a->n; i++) {
        unsigned long long key = a->area[i];
        key = key * nv + a->variant[i];
        key = key * ns + a->service[i];
        key = key * (unsigned long long)(ymax - ymin + 1) + (unsigned long long)(a->year[i] - ymin);
        k[i].key = key;
        k[i].row = i;
    }
    qsort(k, a->n, sizeof *k, keyrow_cmp);
    for (size_t i = 1; i < a->n; i++) {
        if (k[i].key == k[i - 1].key) {
            size_t r = k[i].row, r0 = k[i - 1].row;
            fc_status st = fc_err_at(
                err, FC_EDATA, a->path, a->line[r], 0,
                "duplicate row for area '%s', variant '%s', year %d, service '%s' (first given "
                "on line %zu)",
                fc_intern_name(a->areas, a->area[r]), fc_intern_name(a->variants, a->variant[r]),
                a->year[r], fc_intern_name(a->services, a->service[r]), a->line[r0]);
            free(k);
            return st;
        }
    }
    free(k);
    return FC_OK;
}

fc_status
fc_finjob_activity_read(const char *path, int demographic, fc_finjob_activity *a, fc_warnings *warn,
                     fc_err *err)
{
    static const fc_csv_col acols[5] = {
        {"area", 0}, {"variant", 0}, {"year", 1}, {"service", 1}, {"activity", 1}};
    /* the activity stage's drivers.csv; its other driver columns are known but unused */
    static const fc_csv_col dcols[11] = {{"area", 0},
                                         {"variant", 0},
                                         {"year", 1},
                                         {"service", 1},
                                         {"baseline", 1},
                                         {"demographic", 1},
                                         {"non_demographic", 0},
                                         {"health_status", 0},
                                         {"shifts", 0},
                                         {"interaction", 0},
                                         {"projected", 0}};
    act_ctx c;
    fc_status st;

    if ((st = fc_finjob_activity_init(a, path, err)) != FC_OK)
        return st;
    c.a = a;
    c.demographic = demographic;
    if (demographic)
        st = fc_csv_read(path, dcols, 11, 1, act_row, &c, warn, err);
    else
        st = fc_csv_read(path, acols, 5, 1, act_row, &c, warn, err);
    if (st == FC_OK)
        st = activity_duplicates(a, err);
    return st;
}
