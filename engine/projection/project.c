/* project.c: the projection job and the `fulcrum project` subcommand (see project.h). */
#include "engine/projection/project.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/projection/project_int.h"
#include "engine/projection/projection.h"
#include "engine/chain/chain.h"

void
fc_projspec_init(fc_projspec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->base_year = FC_NO_YEAR;
    spec->srb = 1.05;
    spec->mig_timing = FC_MIG_HALF;
    spec->a0_rule = FC_A0_COALE_DEMENY;
}

/* ---------------------------------------------------------------- variants file */


static const fc_csv_col var_cols[VC_N] = {
    {"variant", 1}, {"fertility_scale", 0}, {"mortality_scale", 0}, {"migration_scale", 0},
    {"probability", 0}, {"inflow_scale", 0}, {"outflow_scale", 0},
};

static fc_status
var_row_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    fc_projspec *sp = ((var_ctx *)ctx)->spec;
    fc_variant *v;
    const char *name = row->field[VC_NAME];

    if (name[0] == '\0' || strlen(name) >= sizeof v->name || strpbrk(name, ",\"\n"))
        return fc_csv_fail(row, VC_NAME, err, "a variant name must be 1 to %zu characters "
                           "without commas or quotes", sizeof v->name - 1);
    for (size_t i = 0; i < sp->nvariant; i++)
        if (strcmp(sp->variant[i].name, name) == 0)
            return fc_csv_fail(row, VC_NAME, err, "duplicate variant '%s'", name);
    if (sp->nvariant == FC_MAX_VARIANTS)
        return fc_csv_fail(row, VC_NAME, err, "more than %d variants", FC_MAX_VARIANTS);
    v = &sp->variant[sp->nvariant];
    snprintf(v->name, sizeof v->name, "%s", name);
    v->fertility_scale = v->mortality_scale = v->migration_scale = 1.0;
    v->inflow_scale = v->outflow_scale = 1.0;
    v->probability = (double)NAN;
    v->given = 0;
    if (row->field[VC_FERT] && fc_csv_nonneg(row, VC_FERT, &v->fertility_scale, err))
        return FC_EDATA;
    if (row->field[VC_MORT] && fc_csv_nonneg(row, VC_MORT, &v->mortality_scale, err))
        return FC_EDATA;
    if (row->field[VC_MIG] && fc_csv_double(row, VC_MIG, &v->migration_scale, err))
        return FC_EDATA;
    if (row->field[VC_IN] && fc_csv_nonneg(row, VC_IN, &v->inflow_scale, err))
        return FC_EDATA;
    if (row->field[VC_OUT] && fc_csv_nonneg(row, VC_OUT, &v->outflow_scale, err))
        return FC_EDATA;
    if (row->field[VC_PROB] && row->field[VC_PROB][0] != '\0') {
        if (fc_csv_nonneg(row, VC_PROB, &v->probability, err))
            return FC_EDATA;
        if (v->probability > 1.0)
            return fc_csv_fail(row, VC_PROB, err, "a probability must be in 0..1");
    }
    sp->nvariant++;
    return FC_OK;
}

void
fc_variant_override(fc_variant *dst, const fc_variant *src, int with_probability)
{
    if (src->given & FC_VAR_FERT)
        dst->fertility_scale = src->fertility_scale;
    if (src->given & FC_VAR_MORT)
        dst->mortality_scale = src->mortality_scale;
    if (src->given & FC_VAR_MIG)
        dst->migration_scale = src->migration_scale;
    if (src->given & FC_VAR_IN)
        dst->inflow_scale = src->inflow_scale;
    if (src->given & FC_VAR_OUT)
        dst->outflow_scale = src->outflow_scale;
    if (with_probability && (src->given & FC_VAR_PROB))
        dst->probability = src->probability;
}

/* ---------------------------------------------------------------- the job */

void
fc_proj_inputs_fini(job *j)
{
    fc_popin_fini(&j->pop);
    fc_ratein_fini(&j->fert);
    fc_ratein_fini(&j->mort);
    fc_ratein_fini(&j->mig);
    fc_ratein_fini(&j->inm);
    fc_ratein_fini(&j->outm);
    fc_ratein_fini(&j->flw);
    free(j->inr);
    free(j->outr);
    free(j->ii);
    free(j->oi);
    free(j->ffrom);
    free(j->fto);
    free(j->fcell);
    free(j->frate);
    fc_ctlin_fini(&j->ctl);
    free(j->mx);
    free(j->asfr);
    free(j->migr);
    free(j->mi);
    free(j->fi);
    free(j->gi);
    free(j->exi);
    free(j->pctl);
    memset(j, 0, sizeof *j);
}

static const fc_rate_spec fert_spec = {"asfr", NULL, 0, 0, 0, 1.0, 10, 54, 0, NULL};
static const fc_rate_spec mort_spec = {"mx", NULL, 1, 0, 0, 0.0, 0, -1, 0, NULL};
/* The migration table's three value columns, each optional (one at least). */
static const char *const mig_cols[] = {"net", "inflow", "outflow_rate", NULL};
static const fc_rate_spec mig_spec = {"net", NULL, 1, 0, 1, FC_MAX_PERSONS, 0, -1, 1, mig_cols};
static const fc_rate_spec in_spec = {"inflow", NULL, 1, 0, 0, FC_MAX_PERSONS, 0, -1, 1, mig_cols};
static const fc_rate_spec out_spec = {"outflow_rate", NULL, 1, 0, 0, 1.0, 0, -1, 1, mig_cols};
static const fc_rate_spec flow_spec = {"rate", "destination", 1, 0, 0, 1.0, 0, -1, 0, NULL};

/* Maps population groups onto the mortality grid: first[g] = life-table row of group g. */
static fc_status
map_grids(job *j, fc_err *err)
{
    const fc_ages *p = &j->pop.ages, *m = &j->mgrid;
    size_t k = 0;
    int widths_ok = 1;

    for (size_t i = 0; i + 1 < m->n; i++)
        if (m->hi[i] - m->lo[i] + 1 != 1)
            widths_ok = 0;
    if (widths_ok) {
        j->base.lt_kind = FC_LT_SINGLE;
    } else {
        int abr = m->n >= 7 && m->lo[1] == 1 && m->hi[1] == 4;
        for (size_t i = 2; abr && i + 1 < m->n; i++)
            abr = m->hi[i] - m->lo[i] + 1 == 5;
        if (!abr || m->hi[0] != 0)
            return fc_err_at(err, FC_EDATA, j->mort.path, 0, 0, "mortality ages must be single "
                             "years (0, 1, ..., 100+) or abridged (0, 1-4, 5-9, ..., 100+)");
        j->base.lt_kind = FC_LT_ABRIDGED;
    }
    for (size_t g = 0; g < p->n; g++) {
        while (k < m->n && m->lo[k] < p->lo[g])
            k++;
        if (k == m->n || m->lo[k] != p->lo[g]) {
            char lab[16];
            return fc_err_at(err, FC_EDATA, j->mort.path, 0, 0, "the mortality age bands do "
                             "not line up with the population's age group '%s'",
                             fc_ages_label(p, g, lab));
        }
        j->first[g] = k;
    }
    /* the population's open group must not be finer than the mortality's */
    if (m->hi[m->n - 1] == FC_AGE_OPEN && m->lo[m->n - 1] < p->lo[p->n - 1])
        return fc_err_at(err, FC_EDATA, j->mort.path, 0, 0, "the mortality open group '%d+' "
                         "starts below the population's open group '%d+'", m->lo[m->n - 1],
                         p->lo[p->n - 1]);
    return FC_OK;
}

/* The migration table: net counts, in-migrant counts and out-migration rates, any of them
 * (read once each; warnings once). */
static fc_status
load_migration(job *j, fc_warnings *warn, fc_err *err)
{
    const char *path = j->spec->migration;
    fc_status st;
    if ((st = fc_ratein_read(path, &mig_spec, j->pop.areas, &j->mig, warn, err)) ||
        (st = fc_ratein_read(path, &in_spec, j->pop.areas, &j->inm, NULL, err)) ||
        (st = fc_ratein_read(path, &out_spec, j->pop.areas, &j->outm, NULL, err)))
        return st;
    if (j->mig.nyear + j->inm.nyear + j->outm.nyear == 0)
        return fc_err_at(err, FC_EDATA, path, 1, 0, "a migration table gives 'net' migrants, "
                         "'inflow' (in-migrants) or 'outflow_rate' (out-migration rates), "
                         "and this one gives none");
    return FC_OK;
}

/* Flows between the areas of the run: rates a year from (area, sex, age) to a destination
 * area, made a list of the non-zero moves on the population's grid. */
static fc_status
load_flows(job *j, fc_warnings *warn, fc_err *err)
{
    fc_ratein *f = &j->flw;
    const size_t na = j->narea, ng = j->nage;
    size_t nd, *dest = NULL;
    double *dense = NULL;
    fc_status st;

    if ((st = fc_ratein_read(j->spec->flows, &flow_spec, j->pop.areas, f, warn, err)))
        return st;
    if (f->has_year)
        return fc_err_at(err, FC_EDATA, f->path, 1, 0, "flows between areas are the same "
                         "every year: drop the 'year' column");
    nd = fc_intern_count(f->keys);
    for (size_t i = 0; i < f->nrow; i++) {
        const char *d = fc_intern_name(f->keys, (size_t)f->row[i].key);
        if (fc_intern_find(j->pop.areas, d) == FC_INTERN_NONE)
            return fc_err_at(err, FC_EDATA, f->path, f->row[i].line, 0, "destination '%s' is "
                             "not an area of the base population", d);
        if (f->row[i].area != FC_ANY && strcmp(fc_intern_name(j->pop.areas,
                                                              (size_t)f->row[i].area), d) == 0)
            return fc_err_at(err, FC_EDATA, f->path, f->row[i].line, 0, "a flow from area "
                             "'%s' to itself", d);
    }
    dense = malloc(nd * na * 2 * ng * sizeof *dense);
    dest = malloc(nd * sizeof *dest);
    if (!dense || !dest) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t d = 0; d < nd; d++)
        dest[d] = fc_intern_find(j->pop.areas, fc_intern_name(f->keys, d));
    if ((st = fc_ratein_expand(f, 0, &j->pop.ages, na, 2, FC_EXPAND_RATE0, dense, err)))
        goto done;
    for (int pass = 0; pass < 2; pass++) { /* count the moves, then list them */
        size_t n = 0;
        for (size_t d = 0; d < nd; d++)
            for (size_t a = 0; a < na; a++)
                for (size_t k = 0; k < 2 * ng; k++) {
                    double v = dense[(d * na + a) * 2 * ng + k];
                    if (v == 0.0 || a == dest[d]) /* '*' rows reach the destination itself */
                        continue;
                    if (pass == 1) {
                        j->ffrom[n] = a;
                        j->fto[n] = dest[d];
                        j->fcell[n] = k;
                        j->frate[n] = v;
                    }
                    n++;
                }
        if (pass == 0) {
            j->nflow = n;
            j->ffrom = malloc((n ? n : 1) * sizeof *j->ffrom);
            j->fto = malloc((n ? n : 1) * sizeof *j->fto);
            j->fcell = malloc((n ? n : 1) * sizeof *j->fcell);
            j->frate = malloc((n ? n : 1) * sizeof *j->frate);
            if (!j->ffrom || !j->fto || !j->fcell || !j->frate) {
                st = FC_FAIL(err, FC_ENOMEM, "out of memory");
                goto done;
            }
        }
    }
done:
    free(dense);
    free(dest);
    return st;
}

/* A rate table read on a thread of its own (the mortality table, while the main thread reads
 * fertility and migration: they only look areas up in the population's list). */
typedef struct rate_read {
    const char *path;
    const fc_rate_spec *spec;
    const fc_intern *areas;
    fc_ratein *out;
    fc_warnings warn;
    fc_err err;
    fc_status st;
} rate_read;

static void *
rate_read_run(void *arg)
{
    rate_read *r = arg;
    r->st = fc_ratein_read(r->path, r->spec, r->areas, r->out, &r->warn, &r->err);
    return NULL;
}

/* Fertility, mortality, migration and flows, the mortality table on a second thread (the
 * largest with the migration table); the warnings and the error reported are those of
 * reading them one after the other, in that order. */
static fc_status
load_rates(job *j, fc_warnings *warn, fc_err *err)
{
    const fc_projspec *sp = j->spec;
    rate_read mr = {sp->mortality, &mort_spec, j->pop.areas, &j->mort, {0}, {0}, FC_OK};
    fc_warnings mw = {0};
    fc_err e2;
    pthread_t th;
    int started;
    fc_status st, sm = FC_OK;
    fc_err_clear(&mr.err);
    fc_err_clear(&e2);
    started = pthread_create(&th, NULL, rate_read_run, &mr) == 0;
    if (!started)
        rate_read_run(&mr);
    st = fc_ratein_read(sp->fertility, &fert_spec, j->pop.areas, &j->fert, warn, err);
    if (st == FC_OK && sp->migration)
        sm = load_migration(j, &mw, &e2);
    if (st == FC_OK && sm == FC_OK && sp->flows)
        sm = load_flows(j, &mw, &e2);
    if (started)
        pthread_join(th, NULL);
    if (st == FC_OK) { /* then the mortality table's, then migration's */
        fc_warn_merge(warn, &mr.warn);
        if (mr.st != FC_OK) {
            *err = mr.err;
            st = mr.st;
        } else {
            fc_warn_merge(warn, &mw);
            if (sm != FC_OK) {
                *err = e2;
                st = sm;
            }
        }
    }
    fc_warnings_fini(&mr.warn);
    fc_warnings_fini(&mw);
    return st;
}

static fc_status
load(job *j, fc_warnings *warn, fc_err *err)
{
    const fc_projspec *sp = j->spec;
    fc_status st;

    if ((st = fc_popin_read_as(sp->population, sp->columns, sp->base_year, &j->pop, warn, err)))
        return st;
    j->narea = fc_intern_count(j->pop.areas);
    j->nage = j->pop.ages.n;
    j->step = j->pop.ages.width;
    j->horizon = sp->horizon ? sp->horizon : j->pop.year + 25;
    if ((j->horizon <= j->pop.year || (j->horizon - j->pop.year) % j->step != 0) &&
        sp->horizon_file) /* a scenario value: bad input data, at its line */
        return fc_err_at(err, FC_EDATA, sp->horizon_file, (size_t)sp->horizon_line, 0,
                         "horizon %d must be after the base year %d by a whole number of "
                         "%d-year steps", j->horizon, j->pop.year, j->step);
    if (j->horizon <= j->pop.year || (j->horizon - j->pop.year) % j->step != 0)
        return FC_FAIL(err, FC_EUSAGE, "horizon %d must be after the base year %d by a whole "
                       "number of %d-year steps", j->horizon, j->pop.year, j->step);
    j->nstep = (size_t)((j->horizon - j->pop.year) / j->step);
    if ((st = load_rates(j, warn, err)))
        return st;
    if ((st = fc_ratein_grid(&j->mort, &j->mgrid, err)) || (st = map_grids(j, err)))
        return st;
    if (sp->control) {
        st = fc_ctlin_read(sp->control, &j->pop.ages, j->pop.year, j->horizon, j->step, &j->ctl,
                           warn, err);
        if (st)
            return st;
        j->has_ctl = 1;
    }
    /* variants: the principal first, then the file's, with the spec's (a scenario's
     * [variant NAME] sections) overriding the values they give, or added */
    j->var[0] = (fc_variant){"principal", 1.0, 1.0, 1.0, 1.0, 1.0, (double)NAN, 0};
    j->nvar = 1;
    {
        fc_projspec tmp = *sp;
        if (sp->variants) {
            var_ctx vc = {&tmp};
            tmp.nvariant = 0;
            if ((st = fc_csv_read(sp->variants, var_cols, VC_N, 1, var_row_fn, &vc, warn, err)))
                return st;
            for (size_t k = 0; k < sp->nvariant; k++) {
                const fc_variant *sv = &sp->variant[k];
                fc_variant *fv = NULL;
                for (size_t i = 0; i < tmp.nvariant && !fv; i++)
                    if (strcmp(tmp.variant[i].name, sv->name) == 0)
                        fv = &tmp.variant[i];
                if (fv == NULL) {
                    if (tmp.nvariant == FC_MAX_VARIANTS)
                        return fc_err_at(err, FC_EDATA, sp->variants, 0, 0, "more than %d "
                                         "variants with the scenario's", FC_MAX_VARIANTS);
                    tmp.variant[tmp.nvariant++] = *sv;
                    continue;
                }
                fc_variant_override(fv, sv, 1);
            }
        }
        for (size_t i = 0; i < tmp.nvariant; i++) {
            if (strcmp(tmp.variant[i].name, "principal") == 0)
                j->var[0] = tmp.variant[i];
            else
                j->var[j->nvar++] = tmp.variant[i];
        }
    }
    return FC_OK;
}


/* Resolves the rate tables onto the grids (mortality on its own, unscaled) and the table
 * year of every step: the base every variant's rates are built from. */
static fc_status
resolve(job *j, fc_err *err)
{
    fc_prates_base *b = &j->base;
    const size_t na = j->narea, ng = j->nage, nm = j->mgrid.n;
    fc_status st;

    b->na = na;
    b->ng = ng;
    b->nm = nm;
    b->nstep = j->nstep;
    b->step = (double)j->step;
    b->nmy = j->mort.nyear;
    b->nfy = j->fert.nyear;
    b->ngy = j->mig.nyear;
    b->first = j->first;
    b->a0_rule = j->spec->a0_rule;
    j->mx = malloc(b->nmy * na * 2 * nm * sizeof *j->mx);
    j->asfr = malloc(b->nfy * na * ng * sizeof *j->asfr);
    j->migr = b->ngy ? malloc(b->ngy * na * 2 * ng * sizeof *j->migr) : NULL;
    j->mi = calloc(j->nstep + 1, sizeof *j->mi);
    j->fi = calloc(j->nstep + 1, sizeof *j->fi);
    j->gi = calloc(j->nstep + 1, sizeof *j->gi);
    j->exi = calloc(j->nstep + 1, sizeof *j->exi);
    j->pctl = calloc(j->nstep + 1, sizeof *j->pctl);
    b->niy = j->inm.nyear;
    b->noy = j->outm.nyear;
    j->inr = b->niy ? malloc(b->niy * na * 2 * ng * sizeof *j->inr) : NULL;
    j->outr = b->noy ? malloc(b->noy * na * 2 * ng * sizeof *j->outr) : NULL;
    j->ii = calloc(j->nstep + 1, sizeof *j->ii);
    j->oi = calloc(j->nstep + 1, sizeof *j->oi);
    if (!j->mx || !j->asfr || (b->ngy && !j->migr) || !j->mi || !j->fi || !j->gi || !j->exi ||
        !j->pctl || (b->niy && !j->inr) || (b->noy && !j->outr) || !j->ii || !j->oi)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    b->inflow = j->inr;
    b->outrate = j->outr;
    b->ii = b->niy ? j->ii : NULL;
    b->oi = b->noy ? j->oi : NULL;
    b->nflow = j->nflow;
    b->ffrom = j->ffrom;
    b->fto = j->fto;
    b->fcell = j->fcell;
    b->frate = j->frate;
    for (size_t y = 0; y < b->niy; y++)
        if ((st = fc_ratein_expand(&j->inm, y, &j->pop.ages, na, 2, FC_EXPAND_COUNT,
                                   j->inr + y * na * 2 * ng, err)))
            return st;
    for (size_t y = 0; y < b->noy; y++)
        if ((st = fc_ratein_expand(&j->outm, y, &j->pop.ages, na, 2, FC_EXPAND_RATE,
                                   j->outr + y * na * 2 * ng, err)))
            return st;
    b->mx = j->mx;
    b->asfr = j->asfr;
    b->mig = j->migr;
    b->mi = j->mi;
    b->fi = j->fi;
    b->gi = b->ngy ? j->gi : NULL;
    for (size_t y = 0; y < b->nmy; y++)
        if ((st = fc_ratein_expand(&j->mort, y, &j->mgrid, na, 2, FC_EXPAND_RATE,
                                   j->mx + y * na * 2 * nm, err)))
            return st;
    for (size_t y = 0; y < b->nfy; y++)
        if ((st = fc_ratein_expand(&j->fert, y, &j->pop.ages, na, 1, FC_EXPAND_RATE0,
                                   j->asfr + y * na * ng, err)))
            return st;
    for (size_t y = 0; y < b->ngy; y++)
        if ((st = fc_ratein_expand(&j->mig, y, &j->pop.ages, na, 2, FC_EXPAND_COUNT,
                                   j->migr + y * na * 2 * ng, err)))
            return st;
    for (size_t t = 0; t < j->nstep; t++) {
        int year = j->pop.year + (int)t * j->step;
        if ((st = fc_ratein_year_index(&j->mort, year, &j->mi[t], err)) ||
            (st = fc_ratein_year_index(&j->fert, year, &j->fi[t], err)) ||
            (b->ngy && (st = fc_ratein_year_index(&j->mig, year, &j->gi[t], err))) ||
            (b->niy && (st = fc_ratein_year_index(&j->inm, year, &j->ii[t], err))) ||
            (b->noy && (st = fc_ratein_year_index(&j->outm, year, &j->oi[t], err))))
            return st;
        if (j->has_ctl)
            for (size_t c = 0; c < j->ctl.nyear; c++)
                if (j->ctl.years[c] == year + j->step)
                    j->pctl[t] = j->ctl.value + c * j->ctl.ncell;
    }
    for (size_t t = 0; t <= j->nstep; t++)
        if ((st = fc_ratein_year_index(&j->mort, j->pop.year + (int)t * j->step, &j->exi[t],
                                       err)))
            return st;
    return FC_OK;
}

fc_status
fc_proj_inputs_load(job *j, const fc_projspec *spec, fc_warnings *warn, fc_err *err)
{
    fc_status st;
    memset(j, 0, sizeof *j);
    j->spec = spec;
    if ((st = load(j, warn, err)) != FC_OK)
        return st;
    return resolve(j, err);
}

fc_status
fc_proj_rates(const job *j, fc_prates *r, const fc_variant *v, size_t a0, size_t a1,
              fc_err *err)
{
    fc_prates_scale sc = {v->mortality_scale, v->fertility_scale, v->migration_scale,
                          v->inflow_scale, v->outflow_scale};
    size_t bad = 0;
    fc_err e2;
    fc_status st;
    fc_err_clear(&e2);
    if ((st = fc_prates_build(&j->base, r, sc, a0, a1, &bad, &e2)) == FC_EDATA)
        return fc_err_at(err, FC_EDATA, j->mort.path, 0, 0, "life table for area '%s', sex "
                         "%s: %s", fc_intern_name(j->pop.areas, bad / 2), bad % 2 ? "M" : "F",
                         e2.msg);
    if (st != FC_OK && err && err->status == FC_OK)
        *err = e2;
    if (st == FC_OK && (j->base.noy || j->base.nflow)) {
        size_t at, y;
        double big = fc_prates_max_out(&j->base, r, &at, &y);
        if (big > 1.0 + 1e-12) {
            char lab[16];
            const size_t ng = j->nage;
            return fc_err_at(err, FC_EDATA, j->base.nflow ? j->spec->flows : j->spec->migration,
                             0, 0, "%s %.4g of the people of area '%s', sex %s, age '%s' over a "
                             "%d-year step%s%s%s: more than everyone (rates are a year)",
                             j->base.nflow && j->base.noy ? "out-migration and flows take"
                             : j->base.nflow ? "flows take" : "out-migration takes", big,
                             fc_intern_name(j->pop.areas, a0 + at / (2 * ng)),
                             at / ng % 2 ? "M" : "F", fc_ages_label(&j->pop.ages, at % ng, lab),
                             j->step, j->nvar > 1 ? " (variant '" : "",
                             j->nvar > 1 ? v->name : "", j->nvar > 1 ? "')" : "");
        }
        (void)y;
    }
    return st;
}

fc_ccm_inputs
fc_proj_ccm_inputs(const job *j, const fc_prates *r, size_t a0, int ctl)
{
    return (fc_ccm_inputs){
        .pop0 = j->pop.pop + a0 * 2 * j->nage, .s = r->ps, .s0 = r->ps0, .asfr = r->pasfr,
        .mig = j->mig.nyear ? r->pmig : NULL, .ctl = ctl ? j->pctl : NULL,
        .inflow = r->pin, .out = r->pout, .flows = r->pflows};
}

/* ---------------------------------------------------------------- `fulcrum project` */

static fc_status
cmd_project(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    fc_projspec spec;
    const char *out = NULL;
    fc_out *o = NULL;
    fc_status st;
    size_t npos;

    fc_projspec_init(&spec);
    const fc_opt opts[] = {
        FC_OPT_STR_("population", &spec.population),
        FC_OPT_STR_("fertility", &spec.fertility),
        FC_OPT_STR_("mortality", &spec.mortality),
        FC_OPT_STR_("migration", &spec.migration),
        FC_OPT_STR_("flows", &spec.flows),
        FC_OPT_STR_("columns", &spec.columns),
        FC_OPT_STR_("control", &spec.control),
        FC_OPT_STR_("variants", &spec.variants),
        FC_OPT_STR_("out", &out),
        FC_OPT_INT_("base-year", &spec.base_year, 1000, 3000),
        FC_OPT_INT_("horizon", &spec.horizon, 1000, 3100),
        FC_OPT_DOUBLE_("srb", &spec.srb),
        FC_OPT_CHOICE_("migration-timing", &spec.mig_timing, "half,end",
                       ((const int[]){FC_MIG_HALF, FC_MIG_END})),
        FC_OPT_CHOICE_("a0", &spec.a0_rule, "cd/coale-demeny,ak/andreev-kingkade",
                       ((const int[]){FC_A0_COALE_DEMENY, FC_A0_ANDREEV_KINGKADE})),
        FC_OPT_CHOICE_("lifetables", &spec.lifetables, "auto,yes,no",
                       ((const int[]){FC_LT_AUTO, FC_LT_YES, FC_LT_NO})),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, NULL, 0, &npos, err)) != FC_OK)
        return st;
    {
        char why[160];
        if (!fc_csv_colmap_ok(spec.columns, why, sizeof why))
            return FC_FAIL(err, FC_EUSAGE, "--columns: %s", why);
    }
    if (!(spec.srb > 0.5 && spec.srb < 2.0))
        return FC_FAIL(err, FC_EUSAGE, "--srb %g is not a plausible sex ratio at birth "
                       "(0.5..2)", spec.srb);
    if (!spec.population || !spec.fertility || !spec.mortality || !out)
        return FC_FAIL(err, FC_EUSAGE, "--population, --fertility, --mortality and --out are "
                       "required");
    if ((st = fc_out_open(out, &o, err)))
        return st;
    st = fc_project_run(&spec, o, warn, err);
    if (st == FC_OK)
        st = fc_out_commit(o, err);
    fc_out_free(o);
    return st;
}

const fc_cmd fc_cmd_def_project = {
    "project",
    cmd_project,
    "cohort-component population projection from CSV inputs",
    "fulcrum project --population F --fertility F --mortality F [--migration F]\n"
    "                [--flows F] [--control F] [--variants F] [--base-year Y] [--horizon Y]\n"
    "                [--srb R] [--columns MAP]\n"
    "                [--migration-timing half|end] [--a0 cd|ak] [--lifetables auto|yes|no]\n"
    "                --out DIR",
    "Projects every area by sex and age (single years with annual steps, or five-year groups\n"
    "with five-year steps, as the population table uses) and writes DIR/projection.csv,\n"
    "DIR/components.csv and DIR/lifetables.csv (by default only up to 100 areas: see\n"
    "--lifetables). Nothing is written if any input is bad.\n\n"
    "options:\n"
    "  --population F   base population: area,year,sex,age,population\n"
    "  --fertility F    area,age,asfr[,year]  births per woman per year (ages 10..54)\n"
    "  --mortality F    area,sex,age,mx[,year]  central death rates (single or abridged ages)\n"
    "  --migration F    area,sex,age[,year] and any of: net (net migrants a year, may be\n"
    "                   negative), inflow (in-migrants a year), outflow_rate (out-migrants\n"
    "                   a year per person at the start of the step, 0..1)\n"
    "  --flows F        area,destination,sex,age,rate  moves between the areas a year per\n"
    "                   person in the origin (0..1)\n"
    "  --columns MAP    the population table's columns by other names: FILE=OURS,...\n"
    "                   (e.g. All_persons=population,LAD=area)\n"
    "  --control F      year,population[,sex[,age]]  totals the areas are scaled to\n"
    "  --variants F     variant[,fertility_scale,mortality_scale,migration_scale,\n"
    "                   inflow_scale,outflow_scale,probability]\n"
    "  --base-year Y    needed when the population table has no year column\n"
    "  --horizon Y      last projected year (default base year + 25)\n"
    "  --srb R          sex ratio at birth, male per female births (default 1.05)\n"
    "  --migration-timing half|end   half the migrants at the start of each step and\n"
    "                   half at the end (default), or all at the end\n"
    "  --a0 cd|ak       infant ax rule: Coale-Demeny (default) or Andreev-Kingkade\n"
    "  --lifetables auto|yes|no   write lifetables.csv: auto (the default) writes it for\n"
    "                   at most 100 areas (at 1,000 areas it is 28 MB), yes always, no never\n"
    "  --out DIR        output directory (created if needed)\n\n"
    "example:\n"
    "  fulcrum project --population datasets/demography_population.csv \\\n"
    "      --fertility datasets/demography_fertility.csv \\\n"
    "      --mortality datasets/demography_mortality.csv \\\n"
    "      --migration datasets/demography_migration.csv --horizon 2042 --out out/proj\n",
};

/* ---------------------------------------------------------------- the scenario stage
 *
 *   [projection]   population, fertility, mortality (required), migration, flows, control,
 *                  variants (paths); base_year, horizon, srb, migration_timing (half|end),
 *                  a0 (cd|ak), lifetables (auto|yes|no)
 *   [variant NAME] fertility_scale, mortality_scale, migration_scale, inflow_scale,
 *                  outflow_scale (default 1; over a
 *                  variants file's values for the same name), probability (the chance that a
 *                  Monte Carlo draw takes this variant, engine/draws/draws.c)
 */

static fc_status
stage_configure(fc_chain *ch, void **out, fc_err *err)
{
    static const char *const timings[] = {"half", "end", NULL};
    static const char *const a0s[] = {"cd", "ak", NULL};
    static const char *const lts[] = {"auto", "yes", "no", NULL}; /* (FC_LT_* order) */
    fc_scenario *s = ch->scn;
    fc_projspec *spec;
    fc_status st = FC_OK;
    long by = FC_NO_YEAR, hz = 0;
    int timing = 0, a0 = 0;

    if (!fc_scn_has(s, "projection"))
        return FC_OK;
    if ((spec = malloc(sizeof *spec)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    fc_projspec_init(spec);
    *out = spec;
    struct { const char *k; const char **dst; } paths[] = {
        {"population", &spec->population}, {"fertility", &spec->fertility},
        {"mortality", &spec->mortality},   {"migration", &spec->migration},
        {"control", &spec->control},       {"variants", &spec->variants},
        {"flows", &spec->flows},
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0] && st == FC_OK; i++)
        st = fc_scn_path(s, "projection", paths[i].k, paths[i].dst, err);
    if (st != FC_OK ||
        (st = fc_scn_long(s, "projection", "base_year", 1000, 3100, &by, err)) != FC_OK ||
        (st = fc_scn_long(s, "projection", "horizon", 1000, 3100, &hz, err)) != FC_OK ||
        (st = fc_scn_num(s, "projection", "srb", 0.5, 2.0, &spec->srb, err)) != FC_OK ||
        (st = fc_scn_choice(s, "projection", "migration_timing", timings, &timing, err)) !=
            FC_OK ||
        (st = fc_scn_choice(s, "projection", "a0", a0s, &a0, err)) != FC_OK ||
        (st = fc_scn_choice(s, "projection", "lifetables", lts, &spec->lifetables, err)) !=
            FC_OK ||
        (st = fc_scn_str(s, "projection", "columns", &spec->columns, err)) != FC_OK)
        return st;
    {
        char why[160];
        if (!fc_csv_colmap_ok(spec->columns, why, sizeof why))
            return fc_scn_fail(fc_scn_get(s, "projection", "columns"), err, "columns: %s", why);
    }
    spec->base_year = (int)by;
    spec->horizon = (int)hz;
    {
        const fc_scn_entry *e = fc_scn_get(s, "projection", "horizon");
        if (e && e->line > 0) { /* (--set values have no line: they stay usage errors) */
            spec->horizon_file = e->file;
            spec->horizon_line = e->line;
        }
    }
    spec->mig_timing = timing ? FC_MIG_END : FC_MIG_HALF;
    spec->a0_rule = a0 ? FC_A0_ANDREEV_KINGKADE : FC_A0_COALE_DEMENY;
    if (!spec->population || !spec->fertility || !spec->mortality)
        return fc_scn_fail_file(s, err, "[projection] needs population, fertility and "
                                "mortality");

    /* [variant NAME] sections, in order of first appearance */
    for (size_t i = 0; i < s->n; i++) {
        const char *sec = s->e[i].section, *name = sec + 8;
        fc_variant *var = NULL;
        if (strncasecmp(sec, "variant ", 8) != 0)
            continue;
        for (size_t k = 0; k < spec->nvariant; k++)
            if (strcmp(spec->variant[k].name, name) == 0)
                var = &spec->variant[k];
        if (var)
            continue;
        if (spec->nvariant == FC_MAX_VARIANTS)
            return fc_scn_fail(&s->e[i], err, "more than %d variants", FC_MAX_VARIANTS);
        if (name[0] == '\0' || strlen(name) >= sizeof var->name || strpbrk(name, ",\""))
            return fc_scn_fail(&s->e[i], err, "bad variant name '%s'", name);
        var = &spec->variant[spec->nvariant++];
        snprintf(var->name, sizeof var->name, "%s", name);
        var->fertility_scale = var->mortality_scale = var->migration_scale = 1.0;
        var->inflow_scale = var->outflow_scale = 1.0;
        var->probability = (double)NAN;
        var->given = (fc_scn_get(s, sec, "fertility_scale") ? FC_VAR_FERT : 0u) |
                     (fc_scn_get(s, sec, "mortality_scale") ? FC_VAR_MORT : 0u) |
                     (fc_scn_get(s, sec, "migration_scale") ? FC_VAR_MIG : 0u) |
                     (fc_scn_get(s, sec, "inflow_scale") ? FC_VAR_IN : 0u) |
                     (fc_scn_get(s, sec, "outflow_scale") ? FC_VAR_OUT : 0u) |
                     (fc_scn_get(s, sec, "probability") ? FC_VAR_PROB : 0u);
        if ((st = fc_scn_num(s, sec, "fertility_scale", 0, 10, &var->fertility_scale, err)) !=
                FC_OK ||
            (st = fc_scn_num(s, sec, "mortality_scale", 0, 10, &var->mortality_scale, err)) !=
                FC_OK ||
            (st = fc_scn_num(s, sec, "migration_scale", -10, 10, &var->migration_scale, err)) !=
                FC_OK ||
            (st = fc_scn_num(s, sec, "inflow_scale", 0, 10, &var->inflow_scale, err)) != FC_OK ||
            (st = fc_scn_num(s, sec, "outflow_scale", 0, 10, &var->outflow_scale, err)) != FC_OK ||
            (st = fc_scn_num(s, sec, "probability", 0, 1, &var->probability, err)) != FC_OK)
            return st;
    }
    return FC_OK;
}

static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    /* need, activity, standardise and the appendix use this projection in memory */
    if (fc_scn_has(ch->scn, "need") || fc_scn_has(ch->scn, "activity") ||
        fc_scn_has(ch->scn, "standardise") || fc_scn_has(ch->scn, "appendix")) {
        fc_projection *p = NULL;
        fc_status st = fc_project_run_keep(spec, ch->o, &p, ch->warn, err);
        if (st == FC_OK) {
            if (ch->projection && ch->projection_free)
                ch->projection_free(ch->projection);
            ch->projection = p;
            ch->projection_free = fc_projection_free;
        }
        return st;
    }
    return fc_project_run(spec, ch->o, ch->warn, err);
}

/* `fulcrum check`: reads, validates and resolves every input table without projecting */
static fc_status
stage_check(fc_chain *ch, void *spec, fc_err *err)
{
    job j;
    fc_status st = fc_proj_inputs_load(&j, spec, ch->warn, err);
    fc_proj_inputs_fini(&j);
    return st;
}

/* The draws: the sex ratio at birth and each variant's scales (a variant's probability is
 * one number: the draws choose variants with it). */
static void
stage_spec_for_draw(void *copy, const fc_draw *dr)
{
    fc_projspec *c = copy;
    char sec[sizeof c->variant[0].name + 16];
    fc_draw_num(dr, "projection", "srb", &c->srb);
    for (size_t k = 0; k < c->nvariant; k++) {
        fc_variant *v = &c->variant[k];
        snprintf(sec, sizeof sec, "variant %s", v->name);
        fc_draw_num(dr, sec, "fertility_scale", &v->fertility_scale);
        fc_draw_num(dr, sec, "mortality_scale", &v->mortality_scale);
        fc_draw_num(dr, sec, "migration_scale", &v->migration_scale);
        fc_draw_num(dr, sec, "inflow_scale", &v->inflow_scale);
        fc_draw_num(dr, sec, "outflow_scale", &v->outflow_scale);
    }
}

static const char *const stage_sections[] = {"projection", "variant ", NULL};

const fc_stage fc_stage_projection = {
    .name = "projection", .sections = stage_sections, .configure = stage_configure,
    .run = stage_run, .check = stage_check,
    .spec_for_draw = stage_spec_for_draw, .spec_size = sizeof(fc_projspec)};

