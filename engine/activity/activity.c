/* activity.c: the need and activity jobs (activity.h): computing, `fulcrum need`, `fulcrum
 * activity` and the [need] / [activity] scenario stages. Inputs are read and checked in
 * input.c (located errors, nothing written on failure), the tables written by write.c; the
 * numerics are models/activity.c.
 */
#include "engine/activity/activity_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/finance/finance.h"
#include "engine/chain/chain.h"

const char *const ac_key_col[2] = {"measure", "service"};
const char *const ac_sex_name[2] = {"F", "M"};

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

int
ac_reserve(void **p, size_t *cap, size_t n, size_t size)
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
                             ac_sex_name[sex], x, sp->hsa_start_age, sp->hsa_end_age);
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
        fc_projection_opts po = {sp->open_age, sp->columns};
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
    if (sp->growth && (st = ac_growth_load(sp->growth, sp->kind, rates->keys, m, warn, err)))
        goto done;
    if (sp->kind == FC_ACT_ACTIVITY && sp->shifts) {
        shift_ctx c = {rates->keys, NULL, 0, 0};
        st = fc_csv_read(sp->shifts, ac_shift_cols, SC_N, 1, ac_shift_row_fn, &c, warn, err);
        res->shift = c.sh;
        res->nshift = c.n;
        if (st)
            goto done;
    }
    if (sp->kind == FC_ACT_ACTIVITY && sp->capacity &&
        (st = ac_capacity_load(sp->capacity, rates->keys, p->areas, res, warn, err)))
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
        FC_OPT_STR_("columns", &spec.columns),
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
    {
        char why[160];
        if (!fc_csv_colmap_ok(spec.columns, why, sizeof why))
            return FC_FAIL(err, FC_EUSAGE, "--columns: %s", why);
    }
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
    "             [--open-age N] [--columns MAP] --out DIR",
    "Applies prevalence rates by measure, sex and age band to every variant, area and year of\n"
    "a projection and writes DIR/need.csv (variant,area,year,measure,need: people) and\n"
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
    "  --columns MAP   the projection's columns by other names: FILE=OURS,... (e.g.\n"
    "                  All_persons=population,LAD=area)\n"
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
    "                 [--capacity F] [--weights F] [--open-age N] [--columns MAP]\n"
    "                 [--hsa FRACTION [--hsa-ages 55-90] [--lifetables F]] --out DIR",
    "Applies utilisation rates by service, sex and age band to every variant, area and year of\n"
    "a projection, with non-demographic growth, a health-status adjustment and shifts between\n"
    "settings, and writes DIR/activity.csv (variant,area,year,service,activity),\n"
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
    "  --columns MAP   the projection's columns by other names: FILE=OURS,... (e.g.\n"
    "                  All_persons=population,LAD=area)\n"
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
        (st = fc_scn_long(s, sec, "base_year", 1000, 3100, &by, err)) ||
        (st = fc_scn_str(s, sec, "columns", &sp->columns, err)))
        return st;
    {
        char why[160];
        if (!fc_csv_colmap_ok(sp->columns, why, sizeof why))
            return fc_scn_fail(fc_scn_get(s, sec, "columns"), err, "columns: %s", why);
    }
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

/* The activity stage leaves its activity on the chain when the scenario has money to cost it
 * (need leaves nothing). */
static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    const fc_act_spec *sp = spec;
    fc_projection *proj = sp->projection ? NULL : ch->projection;
    if (sp->kind == FC_ACT_NEED || !fc_scn_has(ch->scn, "finance"))
        return ac_act_run(sp, proj, ch->o, ch->warn, NULL, NULL, err);
    fc_finjob_activity_free(ch->activity);
    fc_finjob_activity_free(ch->activity_demographic);
    ch->activity = ch->activity_demographic = NULL;
    ch->activity_free = fc_finjob_activity_free;
    return ac_act_run(sp, proj, ch->o, ch->warn, &ch->activity, &ch->activity_demographic, err);
}

static const char *const need_sections[] = {"need", NULL};
static const char *const activity_sections[] = {"activity", NULL};

/* The draws: the health-status adjustment's share of gains in good health. */
static void
spec_for_draw(void *copy, const fc_draw *dr)
{
    fc_act_spec *c = copy;
    fc_draw_num(dr, c->kind == FC_ACT_NEED ? "need" : "activity", "hsa_fraction",
                &c->hsa_fraction);
}

const fc_stage fc_stage_need = {
    .name = "need", .sections = need_sections, .configure = need_configure, .run = stage_run,
    .spec_for_draw = spec_for_draw, .spec_size = sizeof(fc_act_spec)};
const fc_stage fc_stage_activity = {
    .name = "activity", .sections = activity_sections, .configure = activity_configure,
    .run = stage_run, .spec_for_draw = spec_for_draw, .spec_size = sizeof(fc_act_spec)};

