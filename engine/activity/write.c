/* write.c: the need and activity tables: need.csv or activity.csv, the drivers, shifts and capacity (activity_int.h). */
#include "engine/activity/activity_int.h"

/* ---------------------------------------------------------------- writing */

/* The key columns, in the order of every output: variant, area, year (then the measure,
 * service or resource). */
static void
w_key(fc_writer *w, const fc_projection *p, size_t a, size_t v, int year)
{
    fc_w_field(w, fc_intern_name(p->variants, v));
    fc_w_comma(w);
    fc_w_field(w, fc_intern_name(p->areas, a));
    fc_w_comma(w);
    fc_w_int(w, year);
    fc_w_comma(w);
}

static fc_status
write_outputs(const fc_act_spec *sp, const fc_projection *p, const fc_act_rates *rates,
              const fc_act_result *res, fc_out *o, fc_err *err)
{
    const int need = sp->kind == FC_ACT_NEED;
    const char *kc = ac_key_col[sp->kind];
    fc_writer *wa, *wd, *ws = NULL, *wc = NULL;
    fc_status st;
    size_t nk = res->nkey, ns = res->nshift, nr = res->nres;

    if ((st = fc_out_file(o, need ? "need.csv" : "activity.csv", &wa, err)) ||
        (st = fc_out_file(o, need ? "need_drivers.csv" : "drivers.csv", &wd, err)) ||
        (ns && (st = fc_out_file(o, "shifts.csv", &ws, err))) ||
        (nr && (st = fc_out_file(o, "capacity.csv", &wc, err))))
        return st;
    fc_w_str(wa, need ? "variant,area,year,measure,need\n" : "variant,area,year,service,"
                                                             "activity\n");
    fc_w_str(wd, "variant,area,year,");
    fc_w_str(wd, kc);
    fc_w_str(wd, need ? ",baseline,demographic,non_demographic,interaction,projected\n"
                      : ",baseline,demographic,non_demographic,health_status,shifts,"
                        "interaction,projected\n");
    if (ws)
        fc_w_str(ws, "variant,area,year,from,to,share,leaving,arriving\n");
    if (wc)
        fc_w_str(wc, "variant,area,year,resource,service,unit,activity,required,current,gap\n");
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
                    fc_w_comma(wc);
                    fc_w_str(wc, fc_activity_cap_unit(c->basis));
                    const double col[] = {res->act[rb * nk + c->service], req, c->current, gap};
                    fc_w_nums(wc, col, 4);
                    fc_w_eol(wc);
                }
            }
    return FC_OK;
}

/* The activity as finance costs it, in the rows and order activity.csv has: the activity
 * after every driver (act), and baseline + demographic, the activity from demography alone
 * (dem). Both new, on success; free with fc_finjob_activity_free. */
static fc_status
hand_over(const fc_projection *p, const fc_act_rates *rates, const fc_act_result *res,
          fc_finjob_activity **act, fc_finjob_activity **dem, fc_err *err)
{
    fc_finjob_activity *a = calloc(1, sizeof *a), *d = calloc(1, sizeof *d);
    fc_status st = a && d ? FC_OK : FC_FAIL(err, FC_ENOMEM, "out of memory");
    size_t nk = res->nkey;

    if (st == FC_OK && (st = fc_finjob_activity_init(a, NULL, err)) == FC_OK)
        st = fc_finjob_activity_init(d, NULL, err);
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
                        st = fc_finjob_activity_add(a, area, var, year, key,
                                                 res->act[rb * nk + k], 0, err);
                    if (st == FC_OK)
                        st = fc_finjob_activity_add(d, area, var, year, key, dem_v, 0, err);
                }
            }
    if (st != FC_OK) {
        fc_finjob_activity_free(a);
        fc_finjob_activity_free(d);
        return st;
    }
    *act = a;
    *dem = d;
    return FC_OK;
}

/* fc_act_run, and when act is not NULL, the activity handed over for finance (hand_over). */
fc_status
ac_act_run(const fc_act_spec *spec, fc_projection *proj, fc_out *o, fc_warnings *warn,
        fc_finjob_activity **act, fc_finjob_activity **dem, fc_err *err)
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
    return ac_act_run(spec, proj, o, warn, NULL, NULL, err);
}

