/* cmd_finance.c: the money job (compute every activity variant, write the tables), the
 * `fulcrum finance` and `fulcrum shift` commands and the [finance] scenario stage.
 * Money is written from the model's whole pence (int64) with two decimals, never via double.
 */
#include "engine/finance/finance_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/cli/log.h"
#include "engine/chain/chain.h"
#include "engine/io/scenario.h"
#include "engine/io/table.h"

#define IX3(i, j, k, nj, nk) ((((i) * (nj)) + (j)) * (nk) + (k))

static const char *const step_col[FC_FIN_NSTEP] = {
    "baseline", "demography", "non_demographic", "inflation", "efficiency", "shifts", "projected"};

void
fc_fin_spec_init(fc_fin_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->base_year = FC_NO_YEAR;
    spec->discount_pct = FC_FIN_GREEN_BOOK_RATE;
    spec->uplift_pct = spec->efficiency_pct = (double)NAN;
    spec->pay_pct = spec->prices_pct = spec->deflator_pct = (double)NAN;
}

void
fc_fin_whatif_init(fc_fin_whatif *w)
{
    memset(w, 0, sizeof *w);
    w->amount_gbp = w->units = (double)NAN;
    w->ratio = 1.0;
    w->phase_years = 1;
    w->release_pct = 100.0;
}

/* ------------------------------------------------------------------------ the job */

void
fc_fin_job_free(fc_fin_job *j)
{
    if (j == NULL)
        return;
    if (j->own_act)
        fc_fin_activity_fini(&j->act_own);
    if (j->own_drv)
        fc_fin_activity_fini(&j->drv_own);
    fc_intern_free(j->progs);
    fc_intern_free(j->servs);
    fc_intern_free(j->funders);
    free(j->serv_prog);
    free(j->unit_cost);
    free(j->pay_share);
    free(j->price_year);
    free(j->serv_line);
    free(j->line_prog);
    free(j->line_funder);
    free(j->line_line);
    free(j->line_ct);
    free(j->line_budget);
    free(j->pay_idx);
    free(j->prices_idx);
    free(j->defl_idx);
    free(j->eff_pct);
    free(j->uplift_pct);
    for (size_t k = 0; k < j->nshift; k++)
        free(j->shift_name[k]);
    free(j->shift_name);
    free(j->shift);
    free(j->shift_line);
    free(j->var);
    free(j->activity);
    free(j->demog);
    if (j->res)
        for (size_t k = 0; k < j->nvar; k++)
            fc_fin_result_free(j->res[k]);
    free(j->res);
    free(j->prog_names);
    free(j->serv_names);
    free(j);
}

fc_status
fc_fin_job_load(const fc_fin_spec *spec, const fc_fin_activity *act, const fc_fin_activity *drv,
                fc_fin_job **result, fc_warnings *warn, fc_err *err)
{
    fc_fin_job *j;
    fc_status st = FC_OK;

    *result = NULL;
    if ((j = calloc(1, sizeof *j)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    j->spec = *spec;
    j->warn = warn;
    j->progs = fc_intern_alloc();
    j->servs = fc_intern_alloc();
    j->funders = fc_intern_alloc();
    if (!j->progs || !j->servs || !j->funders) {
        fc_fin_job_free(j);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    if (act) {
        j->act = act;
    } else if (spec->activity == NULL) {
        st = FC_FAIL(err, FC_EDATA, "finance needs the projected activity (an activity table)");
    } else {
        j->own_act = 1;
        st = fc_fin_activity_read(spec->activity, 0, &j->act_own, warn, err);
        j->act = &j->act_own;
    }
    if (st == FC_OK && drv) {
        j->drv = drv;
    } else if (st == FC_OK && spec->drivers) {
        j->own_drv = 1;
        st = fc_fin_activity_read(spec->drivers, 1, &j->drv_own, warn, err);
        j->drv = &j->drv_own;
    }
    if (st == FC_OK && j->drv == NULL)
        fc_warn(warn, "finance: no drivers table, so the bridge shows the whole change in "
                      "activity as demography");
    if (st == FC_OK)
        st = fc_fin_load_inputs(j, err);
    if (st != FC_OK) {
        fc_fin_job_free(j);
        return st;
    }
    *result = j;
    return FC_OK;
}

/* Places a model error on the shift's row (the model knows no files). */
static void
locate_shift_error(const fc_fin_job *j, size_t k, const char *variant, fc_err *err)
{
    if (k < j->nshift && j->shift_line[k] > 0 && err->path[0] == '\0') {
        snprintf(err->path, sizeof err->path, "%s", j->spec.shifts);
        err->line = j->shift_line[k];
        err->col = 0;
    }
    if (variant && variant[0]) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n, " (variant '%s')", variant);
    }
}

fc_status
fc_fin_job_compute(fc_fin_job *j, fc_err *err)
{
    size_t ns = j->nserv, ny = j->nyear;
    fc_fin_problem *p = &j->prob;
    fc_status st;

    if (j->res)
        for (size_t k = 0; k < j->nvar; k++) {
            fc_fin_result_free(j->res[k]);
            j->res[k] = NULL;
        }
    else if ((j->res = calloc(j->nvar, sizeof *j->res)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    memset(p, 0, sizeof *p);
    if (j->prog_names == NULL) {
        size_t np = fc_intern_count(j->progs);
        j->prog_names = calloc(np ? np : 1, sizeof *j->prog_names);
        j->serv_names = calloc(ns ? ns : 1, sizeof *j->serv_names);
        if (!j->prog_names || !j->serv_names)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t q = 0; q < np; q++)
            j->prog_names[q] = fc_intern_name(j->progs, q);
        for (size_t s = 0; s < ns; s++)
            j->serv_names[s] = fc_intern_name(j->servs, s);
    }
    p->prog_name = j->prog_names;
    p->serv_name = j->serv_names;
    p->n_prog = fc_intern_count(j->progs);
    p->n_serv = ns;
    p->n_year = ny;
    p->n_funder = fc_intern_count(j->funders);
    p->n_line = j->nline;
    p->n_shift = j->nshift;
    p->base_year = j->base_year;
    p->serv_prog = j->serv_prog;
    p->unit_cost = j->unit_cost;
    p->price_year = j->price_year;
    p->pay_share = j->pay_share;
    p->index_first_year = j->index_first;
    p->n_index = j->nindex;
    p->pay_index = j->pay_idx;
    p->prices_index = j->prices_idx;
    p->deflator_index = j->defl_idx;
    p->efficiency_pct = j->eff_pct;
    p->line_prog = j->line_prog;
    p->line_cost_type = j->line_ct;
    p->line_funder = j->line_funder;
    p->line_budget = j->line_budget;
    p->uplift_pct = j->uplift_pct;
    p->shift = j->shift;
    p->discount_pct = j->spec.discount_pct;
    for (size_t k = 0; k < j->nvar; k++) {
        const char *vname = fc_intern_name(j->act->variants, j->var[k]);
        p->activity = j->activity + k * ns * ny;
        p->activity_demog = j->demog ? j->demog + k * ns * ny : NULL;
        if ((st = fc_fin_result_alloc(p, &j->res[k], err)) != FC_OK)
            return st;
        if ((st = fc_fin_compute(p, j->res[k], err)) != FC_OK) {
            if (st == FC_EDOM)
                st = FC_EDATA; /* an input that cannot be costed: a data problem */
            err->status = st;
            locate_shift_error(j, j->res[k]->fail_shift, j->act->has_variant ? vname : NULL, err);
            return st;
        }
    }
    return FC_OK;
}

/* ------------------------------------------------------------------------ writing */

/* Whole pence as GBP with two decimals, exactly. */
static void
w_pence(fc_writer *w, int64_t p)
{
    char b[32], *q = b + sizeof b;
    unsigned long long u = p < 0 ? 0ULL - (unsigned long long)p : (unsigned long long)p;
    *--q = (char)('0' + u % 10), u /= 10;
    *--q = (char)('0' + u % 10), u /= 10;
    *--q = '.';
    do {
        *--q = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (p < 0)
        *--q = '-';
    fc_w_raw(w, q, (size_t)(b + sizeof b - q));
}

static void
w_money_col(fc_writer *w, int64_t p)
{
    fc_w_comma(w);
    w_pence(w, p);
}

/* the leading "variant," field when the activity has variants */
static void
w_variant(const fc_fin_job *j, fc_writer *w, size_t k)
{
    if (j->act->has_variant) {
        fc_w_field(w, fc_intern_name(j->act->variants, j->var[k]));
        fc_w_comma(w);
    }
}

static void
w_header(const fc_fin_job *j, fc_writer *w, const char *cols)
{
    if (j->act->has_variant)
        fc_w_str(w, "variant,");
    fc_w_str(w, cols);
    fc_w_eol(w);
}

static fc_status
write_budget(fc_fin_job *j, fc_out *o, fc_err *err)
{
    static const char *const ct_name[2] = {"pay", "non_pay"};
    size_t np = fc_intern_count(j->progs), ny = j->nyear;
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "budget.csv", &w, err)) != FC_OK)
        return st;
    w_header(j, w,
             "programme,cost_type,year,budget,virement,envelope,cost_of_demand,shifts,"
             "cost,gap,envelope_real,cost_real,gap_real");
    for (size_t k = 0; k < j->nvar; k++) {
        const fc_fin_result *r = j->res[k];
        for (size_t q = 0; q < np; q++)
            for (size_t c = 0; c < FC_FIN_NCOST; c++)
                for (size_t t = 0; t < ny; t++) {
                    size_t i = IX3(q, c, t, FC_FIN_NCOST, ny);
                    w_variant(j, w, k);
                    fc_w_field(w, fc_intern_name(j->progs, q));
                    fc_w_comma(w);
                    fc_w_str(w, ct_name[c]);
                    fc_w_comma(w);
                    fc_w_int(w, j->base_year + (long)t);
                    w_money_col(w, r->budget_env[i]);
                    w_money_col(w, r->virement[i]);
                    w_money_col(w, r->envelope[i]);
                    w_money_col(w, r->demand[i]);
                    w_money_col(w, r->shift_cost[i]);
                    w_money_col(w, r->cost[i]);
                    w_money_col(w, r->cost[i] - r->envelope[i]);
                    w_money_col(w, r->envelope_real[i]);
                    w_money_col(w, r->cost_real[i]);
                    w_money_col(w, r->cost_real[i] - r->envelope_real[i]);
                    fc_w_eol(w);
                }
    }
    return FC_OK;
}

static void
w_gap_rows(const fc_fin_job *j, fc_writer *w, size_t k, const char *prog, const fc_fin_gap_row *g)
{
    for (size_t t = 0; t < j->nyear; t++) {
        w_variant(j, w, k);
        fc_w_field(w, prog);
        fc_w_comma(w);
        fc_w_int(w, g[t].year);
        w_money_col(w, g[t].envelope);
        w_money_col(w, g[t].cost);
        w_money_col(w, g[t].gap);
        w_money_col(w, g[t].cum_gap);
        fc_w_comma(w);
        fc_w_num(w, g[t].deflator);
        w_money_col(w, g[t].envelope_real);
        w_money_col(w, g[t].cost_real);
        w_money_col(w, g[t].gap_real);
        w_money_col(w, g[t].cum_gap_real);
        fc_w_comma(w);
        fc_w_num(w, g[t].discount_factor);
        w_money_col(w, g[t].pv_gap);
        w_money_col(w, g[t].cum_pv_gap);
        fc_w_eol(w);
    }
}

static fc_status
write_gap(fc_fin_job *j, fc_out *o, fc_fin_gap_row *g, fc_err *err)
{
    size_t np = fc_intern_count(j->progs);
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "gap.csv", &w, err)) != FC_OK)
        return st;
    w_header(j, w,
             "programme,year,envelope,cost,gap,cumulative_gap,deflator,envelope_real,"
             "cost_real,gap_real,cumulative_gap_real,discount_factor,pv_gap,"
             "cumulative_pv_gap");
    for (size_t k = 0; k < j->nvar; k++) {
        for (size_t q = 0; q <= np; q++) {
            size_t prog = q < np ? q : FC_FIN_ALL;
            if ((st = fc_fin_gap(j->res[k], prog, g, err)) != FC_OK)
                return st;
            w_gap_rows(j, w, k, q < np ? fc_intern_name(j->progs, q) : "total", g);
        }
    }
    return FC_OK;
}

static fc_status
write_summary(fc_fin_job *j, fc_out *o, fc_fin_gap_row *g, fc_err *err)
{
    static const int horizons[2] = {5, 10};
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "gap_totals.csv", &w, err)) != FC_OK)
        return st;
    w_header(j, w, "measure,value");
    for (size_t k = 0; k < j->nvar; k++) {
        if ((st = fc_fin_gap(j->res[k], FC_FIN_ALL, g, err)) != FC_OK)
            return st;
        w_variant(j, w, k);
        fc_w_str(w, "base_year,");
        fc_w_int(w, j->base_year);
        fc_w_eol(w);
        w_variant(j, w, k);
        fc_w_str(w, "last_year,");
        fc_w_int(w, j->last_year);
        fc_w_eol(w);
        w_variant(j, w, k);
        fc_w_str(w, "discount_rate_pct,");
        fc_w_num(w, j->spec.discount_pct);
        fc_w_eol(w);
        w_variant(j, w, k);
        fc_w_str(w, "gap_base_year,");
        w_pence(w, g[0].gap);
        fc_w_eol(w);
        for (int h = 0; h < 2; h++) {
            static const char *const what[4] = {"cumulative_gap", "cumulative_gap_real", "pv_gap",
                                                "gap_final_year"};
            size_t t = (size_t)horizons[h];
            for (int m = 0; m < 4; m++) {
                w_variant(j, w, k);
                fc_w_str(w, what[m]);
                fc_w_str(w, h == 0 ? "_5y," : "_10y,");
                if (t >= j->nyear) {
                    fc_w_str(w, "NA"); /* the plan is shorter than this horizon */
                } else {
                    int64_t v = m == 0   ? g[t].cum_gap
                                : m == 1 ? g[t].cum_gap_real
                                : m == 2 ? g[t].cum_pv_gap
                                         : g[t].gap;
                    w_pence(w, v);
                }
                fc_w_eol(w);
            }
        }
    }
    return FC_OK;
}

static fc_status
write_bridge(fc_fin_job *j, fc_out *o, fc_err *err)
{
    size_t np = fc_intern_count(j->progs), ny = j->nyear;
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "bridge.csv", &w, err)) != FC_OK)
        return st;
    if (j->act->has_variant)
        fc_w_str(w, "variant,");
    fc_w_str(w, "programme,year");
    for (int k = 0; k < FC_FIN_NSTEP; k++) {
        fc_w_comma(w);
        fc_w_str(w, step_col[k]);
    }
    fc_w_eol(w);
    for (size_t k = 0; k < j->nvar; k++) {
        const fc_fin_result *r = j->res[k];
        for (size_t q = 0; q <= np; q++)
            for (size_t t = 0; t < ny; t++) {
                int64_t b[FC_FIN_NSTEP] = {0};
                for (size_t qq = 0; qq < np; qq++)
                    if (q == np || qq == q)
                        for (int s = 0; s < FC_FIN_NSTEP; s++)
                            b[s] += r->bridge[(qq * ny + t) * FC_FIN_NSTEP + (size_t)s];
                w_variant(j, w, k);
                fc_w_field(w, q < np ? fc_intern_name(j->progs, q) : "total");
                fc_w_comma(w);
                fc_w_int(w, j->base_year + (long)t);
                for (int s = 0; s < FC_FIN_NSTEP; s++)
                    w_money_col(w, b[s]);
                fc_w_eol(w);
            }
    }
    return FC_OK;
}

static fc_status
write_envelope(fc_fin_job *j, fc_out *o, fc_err *err)
{
    size_t nf = fc_intern_count(j->funders), ny = j->nyear;
    const fc_fin_result *r = j->res[0]; /* the envelope does not depend on activity */
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "envelope.csv", &w, err)) != FC_OK)
        return st;
    fc_w_str(w, "funder,year,uplift_pct,envelope,envelope_real\n");
    for (size_t f = 0; f < nf; f++)
        for (size_t t = 0; t < ny; t++) {
            fc_w_field(w, fc_intern_name(j->funders, f));
            fc_w_comma(w);
            fc_w_int(w, j->base_year + (long)t);
            fc_w_comma(w);
            if (t == 0)
                fc_w_str(w, "NA");
            else
                fc_w_num(w, j->uplift_pct[f * ny + t]);
            w_money_col(w, r->funder_env[f * ny + t]);
            w_money_col(w, r->funder_env_real[f * ny + t]);
            fc_w_eol(w);
        }
    return FC_OK;
}

static fc_status
write_service_costs(fc_fin_job *j, fc_out *o, fc_err *err)
{
    size_t ns = j->nserv, ny = j->nyear;
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "service_costs.csv", &w, err)) != FC_OK)
        return st;
    w_header(j, w, "programme,service,year,activity,unit_cost,cost_pay,cost_non_pay,cost");
    for (size_t k = 0; k < j->nvar; k++) {
        const fc_fin_result *r = j->res[k];
        for (size_t s = 0; s < ns; s++)
            for (size_t t = 0; t < ny; t++) {
                int64_t pay = r->svc_cost[IX3(s, FC_FIN_PAY, t, FC_FIN_NCOST, ny)];
                int64_t npay = r->svc_cost[IX3(s, FC_FIN_NON_PAY, t, FC_FIN_NCOST, ny)];
                w_variant(j, w, k);
                fc_w_field(w, fc_intern_name(j->progs, j->serv_prog[s]));
                fc_w_comma(w);
                fc_w_field(w, fc_intern_name(j->servs, s));
                fc_w_comma(w);
                fc_w_int(w, j->base_year + (long)t);
                fc_w_comma(w);
                fc_w_num(w, j->activity[(k * ns + s) * ny + t]);
                fc_w_comma(w);
                fc_w_num(w, r->unit_cost[s * ny + t]);
                w_money_col(w, pay);
                w_money_col(w, npay);
                w_money_col(w, pay + npay);
                fc_w_eol(w);
            }
    }
    return FC_OK;
}

static const char *
endpoint_name(const fc_fin_job *j, size_t prog, size_t serv)
{
    return serv == FC_FIN_ALL ? fc_intern_name(j->progs, prog) : fc_intern_name(j->servs, serv);
}

static fc_status
write_shifts(fc_fin_job *j, fc_out *o, size_t k0, size_t k1, const char *name, const char *act_name,
             fc_err *err)
{
    size_t ny = j->nyear, ns = j->nserv;
    fc_writer *w, *a;
    fc_status st;

    if ((st = fc_out_file(o, name, &w, err)) != FC_OK ||
        (st = fc_out_file(o, act_name, &a, err)) != FC_OK)
        return st;
    w_header(j, w, "shift,year,from,to,moved,invested,released,transition,net_cost");
    w_header(j, a, "shift,year,side,programme,service,activity,unit_cost");
    for (size_t k = 0; k < j->nvar; k++) {
        const fc_fin_result *r = j->res[k];
        for (size_t h = k0; h < k1; h++) {
            const fc_fin_shift *sh = &j->shift[h];
            for (size_t t = 0; t < ny; t++) {
                size_t i = h * ny + t;
                w_variant(j, w, k);
                fc_w_field(w, j->shift_name[h]);
                fc_w_comma(w);
                fc_w_int(w, j->base_year + (long)t);
                fc_w_comma(w);
                fc_w_field(w, endpoint_name(j, sh->from_prog, sh->from_serv));
                fc_w_comma(w);
                fc_w_field(w, endpoint_name(j, sh->to_prog, sh->to_serv));
                w_money_col(w, r->sh_moved[i]);
                w_money_col(w, r->sh_invested[i]);
                w_money_col(w, r->sh_released[i]);
                w_money_col(w, r->sh_transition[i]);
                w_money_col(w, r->sh_invested[i] + r->sh_transition[i] - r->sh_released[i]);
                fc_w_eol(w);
                for (int side = 0; side < 2; side++)
                    for (size_t s = 0; s < ns; s++) {
                        double u =
                            side ? r->sh_bought[i * ns + s] : r->sh_released_units[i * ns + s];
                        if (u == 0)
                            continue;
                        w_variant(j, a, k);
                        fc_w_field(a, j->shift_name[h]);
                        fc_w_comma(a);
                        fc_w_int(a, j->base_year + (long)t);
                        fc_w_str(a, side ? ",to," : ",from,");
                        fc_w_field(a, fc_intern_name(j->progs, j->serv_prog[s]));
                        fc_w_comma(a);
                        fc_w_field(a, fc_intern_name(j->servs, s));
                        fc_w_comma(a);
                        fc_w_num(a, side ? u : -u);
                        fc_w_comma(a);
                        fc_w_num(a, r->unit_cost[s * ny + t]);
                        fc_w_eol(a);
                    }
            }
        }
    }
    return FC_OK;
}

fc_status
fc_fin_job_write(fc_fin_job *j, fc_out *o, fc_err *err)
{
    fc_fin_gap_row *g;
    fc_status st;

    if ((g = calloc(j->nyear, sizeof *g)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = write_budget(j, o, err)) == FC_OK && (st = write_gap(j, o, g, err)) == FC_OK &&
        (st = write_bridge(j, o, err)) == FC_OK && (st = write_envelope(j, o, err)) == FC_OK &&
        (st = write_service_costs(j, o, err)) == FC_OK &&
        (st = write_summary(j, o, g, err)) == FC_OK && j->nshift > 0)
        st = write_shifts(j, o, 0, j->nshift, "resource_shifts.csv", "resource_shift_activity.csv",
                          err);
    free(g);
    return st;
}

fc_status
fc_fin_job_gaps(const fc_fin_job *j, fc_fin_gaps **result, fc_err *err)
{
    size_t np = fc_intern_count(j->progs), k = 0;
    fc_fin_gap_row *rows = NULL;
    fc_fin_gaps *g = calloc(1, sizeof *g);
    fc_status st = FC_OK;

    *result = NULL;
    if (g == NULL || (g->prog = calloc(np + 1, sizeof *g->prog)) == NULL) {
        free(g);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    g->nprog = np;
    g->base_year = j->base_year;
    for (size_t q = 0; q <= np && st == FC_OK; q++)
        if ((g->prog[q] = strdup(q < np ? fc_intern_name(j->progs, q) : "total")) == NULL)
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
    if (j->act->has_variant) /* gap.csv's rows of variant "principal" */
        while (k < j->nvar && strcmp(fc_intern_name(j->act->variants, j->var[k]), "principal"))
            k++;
    if (st == FC_OK && k < j->nvar) {
        g->nyear = j->nyear;
        if ((g->gap = calloc((np + 1) * j->nyear, sizeof *g->gap)) == NULL ||
            (rows = calloc(j->nyear, sizeof *rows)) == NULL)
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t q = 0; q <= np && st == FC_OK; q++) {
            st = fc_fin_gap(j->res[k], q < np ? q : FC_FIN_ALL, rows, err);
            for (size_t t = 0; t < j->nyear && st == FC_OK; t++)
                g->gap[q * j->nyear + t] = (double)rows[t].gap / 100.0;
        }
    }
    free(rows);
    if (st != FC_OK) {
        fc_fin_gaps_free(g);
        return st;
    }
    *result = g;
    return FC_OK;
}

void
fc_fin_gaps_free(fc_fin_gaps *g)
{
    if (g == NULL)
        return;
    for (size_t q = 0; g->prog && q <= g->nprog; q++)
        free(g->prog[q]);
    free(g->prog);
    free(g->gap);
    free(g);
}

/* fc_fin_job_run, leaving the gaps on the chain when ch is not NULL. */
static fc_status
job_run(const fc_fin_spec *spec, const fc_fin_activity *act, const fc_fin_activity *drv,
        fc_out *o, fc_warnings *warn, fc_chain *ch, fc_err *err)
{
    fc_fin_job *j = NULL;
    fc_status st;

    if ((st = fc_fin_job_load(spec, act, drv, &j, warn, err)) == FC_OK &&
        (st = fc_fin_job_compute(j, err)) == FC_OK &&
        (st = fc_fin_job_write(j, o, err)) == FC_OK && ch) {
        fc_fin_gaps_free(ch->gaps);
        ch->gaps = NULL;
        st = fc_fin_job_gaps(j, &ch->gaps, err);
    }
    fc_fin_job_free(j);
    return st;
}

fc_status
fc_fin_job_run(const fc_fin_spec *spec, const fc_fin_activity *act, const fc_fin_activity *drv,
               fc_out *o, fc_warnings *warn, fc_err *err)
{
    return job_run(spec, act, drv, o, warn, NULL, err);
}

/* ------------------------------------------------------------------------ scenario */

/* Reads [finance] into spec (paths resolved by the scenario). FC_OK with *present = 0 when
 * the scenario has no [finance] section. */
static fc_status
scenario_spec(fc_scenario *s, fc_fin_spec *sp, int *present, fc_err *err)
{
    static const char *const S = "finance";
    long by = FC_NO_YEAR, hz = 0;
    fc_status st;

    fc_fin_spec_init(sp);
    *present = fc_scn_has(s, S);
    if (!*present)
        return FC_OK;
    struct {
        const char *k;
        const char **dst;
    } paths[] = {
        {"activity", &sp->activity},     {"drivers", &sp->drivers}, {"services", &sp->services},
        {"budgets", &sp->budgets},       {"uplifts", &sp->uplifts}, {"inflation", &sp->inflation},
        {"efficiency", &sp->efficiency}, {"shifts", &sp->shifts},
    };
    struct {
        const char *k;
        double lo, hi, *dst;
    } nums[] = {
        {"discount_rate", -50, 100, &sp->discount_pct},
        {"uplift_pct", -99.99, 1000, &sp->uplift_pct},
        {"efficiency_pct", -1000, 99.99, &sp->efficiency_pct},
        {"pay_pct", -99.99, 1000, &sp->pay_pct},
        {"prices_pct", -99.99, 1000, &sp->prices_pct},
        {"deflator_pct", -99.99, 1000, &sp->deflator_pct},
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if ((st = fc_scn_path(s, S, paths[i].k, paths[i].dst, err)) != FC_OK)
            return st;
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if ((st = fc_scn_num(s, S, nums[i].k, nums[i].lo, nums[i].hi, nums[i].dst, err)) != FC_OK)
            return st;
    if ((st = fc_scn_long(s, S, "base_year", 1900, 3000, &by, err)) != FC_OK ||
        (st = fc_scn_long(s, S, "horizon", 1900, 3000, &hz, err)) != FC_OK ||
        (st = fc_scn_str(s, S, "variant", &sp->variant, err)) != FC_OK)
        return st;
    sp->base_year = (int)by;
    sp->horizon = (int)hz;
    if (!sp->services || !sp->budgets)
        return fc_scn_fail_file(s, err, "[finance] needs services (unit costs) and budgets");
    return FC_OK;
}

static fc_status
stage_configure(fc_chain *ch, void **out, fc_err *err)
{
    fc_fin_spec *sp;
    int present;
    fc_status st;

    if (!fc_scn_has(ch->scn, "finance"))
        return FC_OK;
    if ((sp = malloc(sizeof *sp)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    *out = sp;
    if ((st = scenario_spec(ch->scn, sp, &present, err)) != FC_OK)
        return st;
    return FC_OK;
}

/* In `fulcrum run` the activity comes from the [activity] stage earlier in the chain, handed
 * over in memory (its demographic part too, unless [finance] names a drivers table), unless
 * [finance] names an activity table. */
static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    const fc_fin_spec *sp = spec;

    if (sp->activity)
        return job_run(sp, NULL, NULL, ch->o, ch->warn, ch, err);
    if (ch->activity == NULL)
        return fc_scn_fail_file(ch->scn, err,
                                "[finance] needs activity = FILE, or an "
                                "[activity] section to project it");
    return job_run(sp, ch->activity, sp->drivers ? NULL : ch->activity_demographic, ch->o,
                   ch->warn, ch, err);
}

typedef struct svc_list {
    fc_fin_activity *a;
    int first, last;
} svc_list;

static fc_status
svc_list_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    svc_list *c = ctx;
    fc_status st = FC_OK;
    if (row->field[0] == NULL || row->field[0][0] == '\0')
        return FC_OK; /* the full load names the problem */
    for (int y = c->first; y <= c->last && st == FC_OK; y++)
        st = fc_fin_activity_add(c->a, NULL, NULL, y, row->field[0], 0.0, 0, err);
    return st;
}

/* `fulcrum check`: loads and validates every finance table without running anything. With no
 * activity table (it comes from the [activity] stage) the tables are checked against a stand-in
 * activity covering every costed service over base_year .. horizon (needs base_year). */
static fc_status
stage_check(fc_chain *ch, void *spec, fc_err *err)
{
    static const fc_csv_col cols[1] = {{"service", 1}};
    const fc_fin_spec *sp = spec;
    fc_fin_activity act;
    fc_fin_job *j = NULL;
    svc_list c;
    fc_status st;

    (void)ch;
    if (sp->activity) {
        st = fc_fin_job_load(sp, NULL, NULL, &j, NULL, err);
        fc_fin_job_free(j);
        return st;
    }
    if (sp->base_year == FC_NO_YEAR)
        return FC_OK; /* the years come from the activity the chain projects */
    if ((st = fc_fin_activity_init(&act, NULL, err)) != FC_OK)
        return st;
    c.a = &act;
    c.first = sp->base_year;
    c.last = sp->horizon ? sp->horizon : sp->base_year + 10;
    st = fc_csv_read(sp->services, cols, 1, 1, svc_list_row, &c, NULL, err);
    if (st == FC_OK)
        st = fc_fin_job_load(sp, &act, NULL, &j, NULL, err);
    fc_fin_job_free(j);
    fc_fin_activity_fini(&act);
    return st;
}

/* The draws: the discount rate and the constant rates. */
static fc_status
stage_spec_for_draw(const void *spec, const fc_draw *dr, void **copy, fc_err *err)
{
    fc_fin_spec *c = malloc(sizeof *c);
    if (c == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    *c = *(const fc_fin_spec *)spec;
    fc_draw_num(dr, "finance", "discount_rate", &c->discount_pct);
    fc_draw_num(dr, "finance", "uplift_pct", &c->uplift_pct);
    fc_draw_num(dr, "finance", "efficiency_pct", &c->efficiency_pct);
    fc_draw_num(dr, "finance", "pay_pct", &c->pay_pct);
    fc_draw_num(dr, "finance", "prices_pct", &c->prices_pct);
    fc_draw_num(dr, "finance", "deflator_pct", &c->deflator_pct);
    *copy = c;
    return FC_OK;
}

static const char *const stage_sections[] = {"finance", NULL};

const fc_stage fc_stage_finance = {"finance",  stage_sections, stage_configure,
                                   stage_run,  free,           stage_check,
                                   stage_spec_for_draw};

/* Runs the scenario's projection and activity stages and takes the activity they hand over
 * (for `fulcrum finance|shift SCENARIO` when [finance] names no activity table). Their tables
 * go to a scratch folder that is never committed (removed with it). */
static fc_status
scratch_activity(fc_scenario *scn, fc_warnings *warn, fc_fin_activity *act, fc_fin_activity *drv,
                 fc_err *err)
{
    enum { MAXST = 64 };
    void *specs[MAXST];
    fc_chain ch;
    char dir[1024];
    const char *tmp = getenv("TMPDIR");
    fc_status st;
    size_t act_stage = FC_FIN_ALL;

    memset(&ch, 0, sizeof ch);
    memset(specs, 0, sizeof specs);
    ch.scn = scn;
    ch.warn = warn;
    ch.seed = scn->seed;
    if ((st = fc_chain_configure(&ch, specs, err)) != FC_OK) {
        fc_chain_fini(&ch, specs);
        return st;
    }
    for (size_t i = 0; fc_stages[i]; i++)
        if (strcmp(fc_stages[i]->name, "activity") == 0 && specs[i])
            act_stage = i;
    if (act_stage == FC_FIN_ALL) {
        fc_chain_fini(&ch, specs);
        return fc_scn_fail_file(scn, err,
                                "[finance] needs activity = FILE, or an [activity] "
                                "section to project it");
    }
    snprintf(dir, sizeof dir, "%s/fulcrum-finance-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        fc_chain_fini(&ch, specs);
        return fc_err_at(err, FC_EIO, dir, 0, 0, "cannot make a scratch folder");
    }
    if ((st = fc_out_open(dir, &ch.o, err)) == FC_OK) {
        for (size_t i = 0; fc_stages[i] && i <= act_stage && st == FC_OK; i++)
            if (specs[i] && (i == act_stage || strcmp(fc_stages[i]->name, "projection") == 0))
                st = fc_stages[i]->run(&ch, specs[i], err);
        if (st == FC_OK) { /* the chain's tables become the caller's */
            *act = *ch.activity;
            *drv = *ch.activity_demographic;
            memset(ch.activity, 0, sizeof *ch.activity);
            memset(ch.activity_demographic, 0, sizeof *ch.activity_demographic);
        }
        fc_out_free(ch.o); /* never committed: the scratch tables are removed */
    }
    rmdir(dir);
    fc_chain_fini(&ch, specs);
    return st;
}

/* Loads the job for a scenario: [finance], with the activity read from its file or projected
 * by the scenario's own stages. */
static fc_status
scenario_job(const char *path, const char *variant, fc_fin_job **job, fc_scenario *scn,
             fc_fin_activity *act, fc_fin_activity *drv, fc_warnings *warn, fc_err *err)
{
    fc_fin_spec sp;
    int present;
    fc_status st;

    *job = NULL;
    if ((st = fc_scenario_read(path, scn, err)) != FC_OK)
        return st;
    if ((st = scenario_spec(scn, &sp, &present, err)) != FC_OK)
        return st;
    if (!present)
        return fc_scn_fail_file(scn, err, "no [finance] section");
    if (variant)
        sp.variant = variant;
    if (sp.activity == NULL) {
        if ((st = scratch_activity(scn, warn, act, drv, err)) != FC_OK)
            return st;
        return fc_fin_job_load(&sp, act, drv->services ? drv : NULL, job, warn, err);
    }
    return fc_fin_job_load(&sp, NULL, NULL, job, warn, err);
}

/* ------------------------------------------------------------------------ fulcrum finance */

#define FIN_NOPT 18

/* The options `fulcrum finance` takes (the tables and parameters of [finance], --variant and
 * --out) into sp and out; every option but --variant and --out counts in *nin. opts has room
 * for FIN_NOPT entries and the end. */
static void
finance_opts(fc_opt opts[FIN_NOPT + 1], fc_fin_spec *sp, const char **out, int *nin)
{
    const fc_opt t[FIN_NOPT + 1] = {
        {.name = "activity", .type = FC_OPT_STR, .dst = &sp->activity, .seen = nin},
        {.name = "drivers", .type = FC_OPT_STR, .dst = &sp->drivers, .seen = nin},
        {.name = "services", .type = FC_OPT_STR, .dst = &sp->services, .seen = nin},
        {.name = "budgets", .type = FC_OPT_STR, .dst = &sp->budgets, .seen = nin},
        {.name = "uplifts", .type = FC_OPT_STR, .dst = &sp->uplifts, .seen = nin},
        {.name = "inflation", .type = FC_OPT_STR, .dst = &sp->inflation, .seen = nin},
        {.name = "efficiency", .type = FC_OPT_STR, .dst = &sp->efficiency, .seen = nin},
        {.name = "shifts", .type = FC_OPT_STR, .dst = &sp->shifts, .seen = nin},
        {.name = "base-year", .type = FC_OPT_INT, .dst = &sp->base_year, .lo = 1900, .hi = 3000,
         .seen = nin},
        {.name = "horizon", .type = FC_OPT_INT, .dst = &sp->horizon, .lo = 1900, .hi = 3000,
         .seen = nin},
        {.name = "discount-rate", .type = FC_OPT_DOUBLE, .dst = &sp->discount_pct, .min = -50,
         .max = 100, .seen = nin},
        {.name = "uplift-pct", .type = FC_OPT_DOUBLE, .dst = &sp->uplift_pct, .min = -99.99,
         .max = 1000, .seen = nin},
        {.name = "efficiency-pct", .type = FC_OPT_DOUBLE, .dst = &sp->efficiency_pct,
         .min = -1000, .max = 99.99, .seen = nin},
        {.name = "pay-pct", .type = FC_OPT_DOUBLE, .dst = &sp->pay_pct, .min = -99.99,
         .max = 1000, .seen = nin},
        {.name = "prices-pct", .type = FC_OPT_DOUBLE, .dst = &sp->prices_pct, .min = -99.99,
         .max = 1000, .seen = nin},
        {.name = "deflator-pct", .type = FC_OPT_DOUBLE, .dst = &sp->deflator_pct, .min = -99.99,
         .max = 1000, .seen = nin},
        FC_OPT_STR_("variant", &sp->variant),
        FC_OPT_STR_("out", out),
        FC_OPT_END,
    };
    memcpy(opts, t, sizeof t);
}

/* The default output folder of a scenario: [run] out, else out/<name>. */
static const char *
scenario_out(const fc_scenario *scn, char *buf, size_t n)
{
    if (scn->out)
        return scn->out;
    snprintf(buf, n, "out/%s", scn->name);
    return buf;
}

static fc_status
cmd_finance(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    fc_fin_spec sp;
    fc_opt opts[FIN_NOPT + 1];
    const char *out = NULL, *scn_path = NULL, *pos[2];
    fc_status st = FC_OK;
    size_t npos;
    int nopt = 0;

    fc_fin_spec_init(&sp);
    finance_opts(opts, &sp, &out, &nopt);
    if ((st = fc_opts_parse(argc, argv, opts, pos, 2, &npos, err)) != FC_OK)
        return st;
    if (npos == 1)
        scn_path = pos[0];
    else if (npos > 1)
        return FC_FAIL(err, FC_EUSAGE, "one scenario file at a time");
    if (scn_path) {
        fc_scenario scn;
        fc_fin_activity act, drv;
        fc_fin_job *j = NULL;
        fc_out *o = NULL;
        char dflt[FC_SCN_PATH_MAX + 8];
        if (nopt)
            return FC_FAIL(err, FC_EUSAGE,
                           "with a SCENARIO only --out and --variant apply "
                           "(the inputs come from its [finance] section)");
        memset(&act, 0, sizeof act);
        memset(&drv, 0, sizeof drv);
        memset(&scn, 0, sizeof scn);
        st = scenario_job(scn_path, sp.variant, &j, &scn, &act, &drv, warn, err);
        if (st == FC_OK && (st = fc_fin_job_compute(j, err)) == FC_OK &&
            (st = fc_out_open(out ? out : scenario_out(&scn, dflt, sizeof dflt), &o, err)) ==
                FC_OK &&
            (st = fc_fin_job_write(j, o, err)) == FC_OK)
            st = fc_out_commit(o, err);
        fc_out_free(o);
        fc_fin_job_free(j);
        fc_fin_activity_fini(&act);
        fc_fin_activity_fini(&drv);
        fc_scenario_free(&scn);
        return st;
    }
    if (!sp.activity || !sp.services || !sp.budgets || !out)
        return FC_FAIL(err, FC_EUSAGE,
                       "give a SCENARIO, or --activity, --services, --budgets "
                       "and --out");
    {
        fc_fin_job *j = NULL;
        fc_out *o = NULL;
        if ((st = fc_fin_job_load(&sp, NULL, NULL, &j, warn, err)) == FC_OK &&
            (st = fc_fin_job_compute(j, err)) == FC_OK &&
            (st = fc_out_open(out, &o, err)) == FC_OK &&
            (st = fc_fin_job_write(j, o, err)) == FC_OK)
            st = fc_out_commit(o, err);
        fc_out_free(o);
        fc_fin_job_free(j);
    }
    return st;
}

const fc_cmd fc_cmd_def_finance = {
    "finance",
    cmd_finance,
    "budgets, envelope, cost of demand, funding gap, shifts and bridge",
    "fulcrum finance SCENARIO [--out DIR] [--variant V]\n"
    "       fulcrum finance --activity F --services F --budgets F [--drivers F] [--uplifts F]\n"
    "           [--inflation F] [--efficiency F] [--shifts F] [--uplift-pct P] [--pay-pct P]\n"
    "           [--prices-pct P] [--deflator-pct P] [--efficiency-pct P] [--base-year Y]\n"
    "           [--horizon Y] [--discount-rate R] [--variant V] --out DIR",
    "Costs the projected activity and sets it against the resources expected. With a SCENARIO\n"
    "the inputs come from its [finance] section (the activity from its [activity] stage when\n"
    "[finance] names no activity table). Tables (see docs/inputs.md, 'Finance'):\n"
    "  activity    area, variant, year, service, activity (the activity stage's activity.csv)\n"
    "  drivers     area, variant, year, service, baseline, demographic (its drivers.csv):\n"
    "              splits the bridge's activity change into demography and the rest\n"
    "  services    service, programme, unit_cost, price_year (+ pay_share, unit)\n"
    "  budgets     programme, cost_type (pay|non_pay), budget (+ funder): base-year GBP\n"
    "  uplifts     funder, year, uplift_pct (or --uplift-pct for every funder and year)\n"
    "  inflation   year, pay_pct, prices_pct, deflator_pct (or *_index columns; or the\n"
    "              --pay-pct, --prices-pct, --deflator-pct constants)\n"
    "  efficiency  programme, year, efficiency_pct (or --efficiency-pct)\n"
    "  shifts      shift, from, to, start_year, amount | activity (+ ratio, phase_years,\n"
    "              lag_years, release_pct, transition_cost, transition_years)\n"
    "Years are financial years by their first year (2025 = 2025/26; '2025/26' is accepted).\n"
    "Writes budget.csv, gap.csv, bridge.csv, envelope.csv, service_costs.csv,\n"
    "gap_totals.csv and, with shifts, resource_shifts.csv and resource_shift_activity.csv.\n"
    "Money is in GBP to\n"
    "the penny: each cell is rounded to whole pence and every total is the sum of its cells.\n"
    "The discount rate defaults to 3.5% (HM Treasury Green Book); the horizon to base + 10.\n\n"
    "example:\n"
    "  fulcrum finance datasets/example.ini --out out/finance\n",
};

/* ------------------------------------------------------------------------ fulcrum shift */

/* GBP with thousands separators, from pence. */
static const char *
fmt_money(int64_t p, char *buf, size_t n)
{
    char digits[32];
    unsigned long long u = p < 0 ? 0ULL - (unsigned long long)p : (unsigned long long)p;
    int len, k = 0;
    size_t o = 0;

    len = snprintf(digits, sizeof digits, "%llu", u / 100);
    if (p < 0 && o < n - 1)
        buf[o++] = '-';
    for (int i = 0; i < len && o < n - 1; i++) {
        buf[o++] = digits[i];
        k = len - i - 1;
        if (k > 0 && k % 3 == 0 && o < n - 1)
            buf[o++] = ',';
    }
    snprintf(buf + o, n - o, ".%02llu", u % 100);
    return buf;
}

static const char *
fmt_fy(int y, char *buf, size_t n)
{
    snprintf(buf, n, "%d/%02d", y, (y + 1) % 100);
    return buf;
}

/* The last year's gap of the what-if's two programmes (variant k) into out[from, to]. */
static fc_status
side_gaps(const fc_fin_job *j, size_t k, const fc_fin_whatif *w, int64_t out[2], fc_err *err)
{
    const char *name[2] = {w->from, w->to};
    fc_fin_gap_row *g = calloc(j->nyear, sizeof *g);
    fc_status st = FC_OK;

    if (g == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (int i = 0; i < 2 && st == FC_OK; i++) {
        size_t prog, serv;
        out[i] = 0;
        if (fc_fin_endpoint(j, name[i], &prog, &serv) > 0 &&
            (st = fc_fin_gap(j->res[k], prog, g, err)) == FC_OK)
            out[i] = g[j->nyear - 1].gap;
    }
    free(g);
    return st;
}

static fc_status
print_whatif(const fc_fin_job *j, const fc_fin_whatif *w, size_t k, const fc_fin_gap_row *b,
             const fc_fin_gap_row *a, int64_t side[2][2])
{
    size_t ny = j->nyear, ns = j->nserv, h = j->nshift - 1;
    const fc_fin_result *r = j->res[k];
    char m[7][40], fy[16], fy2[16];

    if (!isnan(w->amount_gbp)) {
        int64_t p = (int64_t)llround(w->amount_gbp * 100.0);
        printf("Shift of GBP %s a year from '%s' to '%s' from %s", fmt_money(p, m[0], 40), w->from,
               w->to, fmt_fy(w->start_year, fy, sizeof fy));
    } else {
        printf("Shift of %g units a year of '%s' to '%s' (x %g) from %s", w->units, w->from, w->to,
               w->ratio, fmt_fy(w->start_year, fy, sizeof fy));
    }
    if (j->act->has_variant)
        printf(", variant '%s'", fc_intern_name(j->act->variants, j->var[k]));
    printf(":\nphased over %d year%s, %g%% released after %d year%s, transition GBP %s a year "
           "for %d year%s.\n\n",
           w->phase_years, w->phase_years == 1 ? "" : "s", w->release_pct, w->lag_years,
           w->lag_years == 1 ? "" : "s",
           fmt_money((int64_t)llround(w->transition_gbp * 100.0), m[0], 40),
           j->shift[h].transition_years, j->shift[h].transition_years == 1 ? "" : "s");
    printf("%-9s %18s %18s %18s %18s %18s %16s\n", "year", "envelope", "cost before", "cost after",
           "gap before", "gap after", "change");
    for (size_t t = 0; t < ny; t++)
        printf("%-9s %18s %18s %18s %18s %18s %16s\n", fmt_fy(a[t].year, fy, sizeof fy),
               fmt_money(a[t].envelope, m[0], 40), fmt_money(b[t].cost, m[1], 40),
               fmt_money(a[t].cost, m[2], 40), fmt_money(b[t].gap, m[3], 40),
               fmt_money(a[t].gap, m[4], 40), fmt_money(a[t].gap - b[t].gap, m[5], 40));
    printf("\ncumulative gap %s to %s: before %s, after %s, change %s\n",
           fmt_fy(j->base_year + 1, fy, sizeof fy), fmt_fy(j->last_year, fy2, sizeof fy2),
           fmt_money(b[ny - 1].cum_gap, m[0], 40), fmt_money(a[ny - 1].cum_gap, m[1], 40),
           fmt_money(a[ny - 1].cum_gap - b[ny - 1].cum_gap, m[2], 40));
    printf("present value of the real gap at %g%%: before %s, after %s, change %s\n",
           j->spec.discount_pct, fmt_money(b[ny - 1].cum_pv_gap, m[0], 40),
           fmt_money(a[ny - 1].cum_pv_gap, m[1], 40),
           fmt_money(a[ny - 1].cum_pv_gap - b[ny - 1].cum_pv_gap, m[2], 40));
    {
        size_t pf, pt, sf, stt;
        if (fc_fin_endpoint(j, w->from, &pf, &sf) > 0 && fc_fin_endpoint(j, w->to, &pt, &stt) > 0)
            printf("gap in %s of programme '%s': before %s, after %s; of '%s': before %s, after "
                   "%s\n",
                   fmt_fy(j->last_year, fy, sizeof fy), fc_intern_name(j->progs, pf),
                   fmt_money(side[0][0], m[0], 40), fmt_money(side[1][0], m[1], 40),
                   fc_intern_name(j->progs, pt), fmt_money(side[0][1], m[2], 40),
                   fmt_money(side[1][1], m[3], 40));
    }
    printf("in %s the shift buys", fmt_fy(j->last_year, fy, sizeof fy));
    for (int to = 1; to >= 0; to--) {
        int any = 0;
        if (to == 0)
            printf("; it releases");
        for (size_t s = 0; s < ns; s++) {
            double u = to ? r->sh_bought[((h * ny) + ny - 1) * ns + s]
                          : r->sh_released_units[((h * ny) + ny - 1) * ns + s];
            if (u == 0)
                continue;
            printf("%s %.1f %s", any ? "," : "", u, fc_intern_name(j->servs, s));
            any = 1;
        }
        if (!any)
            printf(" nothing");
    }
    printf(".\n");
    return fflush(stdout) == 0 && !ferror(stdout) ? FC_OK : FC_EIO;
}

static fc_status
write_whatif_gap(const fc_fin_job *j, fc_out *o, fc_fin_gap_row *const before[],
                 fc_fin_gap_row *const after[], fc_err *err)
{
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "shift_gap.csv", &w, err)) != FC_OK)
        return st;
    w_header(j, w,
             "year,envelope,cost_before,cost_after,gap_before,gap_after,change,"
             "cumulative_gap_before,cumulative_gap_after,gap_real_before,gap_real_after,"
             "cumulative_pv_gap_before,cumulative_pv_gap_after");
    for (size_t k = 0; k < j->nvar; k++)
        for (size_t t = 0; t < j->nyear; t++) {
            const fc_fin_gap_row *b = &before[k][t], *a = &after[k][t];
            w_variant(j, w, k);
            fc_w_int(w, a->year);
            w_money_col(w, a->envelope);
            w_money_col(w, b->cost);
            w_money_col(w, a->cost);
            w_money_col(w, b->gap);
            w_money_col(w, a->gap);
            w_money_col(w, a->gap - b->gap);
            w_money_col(w, b->cum_gap);
            w_money_col(w, a->cum_gap);
            w_money_col(w, b->gap_real);
            w_money_col(w, a->gap_real);
            w_money_col(w, b->cum_pv_gap);
            w_money_col(w, a->cum_pv_gap);
            fc_w_eol(w);
        }
    return FC_OK;
}

static fc_status
cmd_shift(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    fc_fin_whatif w;
    const char *out = NULL, *variant = NULL;
    fc_scenario scn;
    fc_fin_activity act, drv;
    fc_fin_job *j = NULL;
    fc_fin_gap_row **before = NULL, **after = NULL;
    fc_out *o = NULL;
    fc_status st = FC_OK;
    size_t nvar = 0, kp = 0;
    int64_t side[2][2] = {{0, 0}, {0, 0}}; /* [before, after][from, to] last-year gaps */
    int have_year = 0;
    const char *pos[2];
    size_t npos;
    char dflt[FC_SCN_PATH_MAX + 8];

    fc_fin_whatif_init(&w);
    const fc_opt opts[] = {
        FC_OPT_STR_("from", &w.from),
        FC_OPT_STR_("to", &w.to),
        FC_OPT_DOUBLE_("amount", &w.amount_gbp),
        FC_OPT_DOUBLE_("activity", &w.units),
        FC_OPT_DOUBLE_("ratio", &w.ratio),
        FC_OPT_DOUBLE_("release-pct", &w.release_pct),
        FC_OPT_DOUBLE_("transition-cost", &w.transition_gbp),
        {.name = "from-year", .type = FC_OPT_INT, .dst = &w.start_year, .lo = 1900, .hi = 3000,
         .seen = &have_year},
        FC_OPT_INT_("phase-years", &w.phase_years, 1, 100),
        FC_OPT_INT_("lag-years", &w.lag_years, 0, 100),
        FC_OPT_INT_("transition-years", &w.transition_years, 0, 100),
        FC_OPT_STR_("variant", &variant),
        FC_OPT_STR_("out", &out),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, pos, 2, &npos, err)) != FC_OK)
        return st;
    if (npos != 1)
        return FC_FAIL(err, FC_EUSAGE, "expected one SCENARIO (with a [finance] section)");
    if (!w.from || !w.to || !have_year)
        return FC_FAIL(err, FC_EUSAGE,
                       "a shift needs --from, --to, --from-year and --amount "
                       "or --activity");
    memset(&act, 0, sizeof act);
    memset(&drv, 0, sizeof drv);
    memset(&scn, 0, sizeof scn);
    /* before: the scenario as it is; after: with the what-if shift */
    st = scenario_job(pos[0], variant, &j, &scn, &act, &drv, warn, err);
    if (st == FC_OK && (st = fc_fin_job_compute(j, err)) == FC_OK) {
        nvar = j->nvar;
        before = calloc(nvar, sizeof *before);
        after = calloc(nvar, sizeof *after);
        if (!before || !after)
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t k = 0; k < nvar && st == FC_OK; k++) {
            before[k] = calloc(j->nyear, sizeof **before);
            after[k] = calloc(j->nyear, sizeof **after);
            if (!before[k] || !after[k])
                st = FC_FAIL(err, FC_ENOMEM, "out of memory");
            else
                st = fc_fin_gap(j->res[k], FC_FIN_ALL, before[k], err);
        }
        /* the variant printed: 'principal' if there is one, else the first (or the chosen) */
        for (size_t k = 0; k < nvar; k++)
            if (strcmp(fc_intern_name(j->act->variants, j->var[k]), "principal") == 0)
                kp = k;
        if (st == FC_OK)
            st = side_gaps(j, kp, &w, side[0], err);
    }
    if (st == FC_OK && (st = fc_fin_job_add_whatif(j, &w, err)) == FC_OK &&
        (st = fc_fin_job_compute(j, err)) == FC_OK) {
        for (size_t k = 0; k < nvar && st == FC_OK; k++)
            st = fc_fin_gap(j->res[k], FC_FIN_ALL, after[k], err);
        if (st == FC_OK)
            st = side_gaps(j, kp, &w, side[1], err);
    }
    if (st == FC_OK &&
        (st = fc_out_open(out ? out : scenario_out(&scn, dflt, sizeof dflt), &o, err)) == FC_OK &&
        (st = write_whatif_gap(j, o, before, after, err)) == FC_OK &&
        (st = write_shifts(j, o, j->nshift - 1, j->nshift, "shift_whatif.csv",
                           "shift_whatif_activity.csv", err)) == FC_OK)
        st = fc_out_commit(o, err);
    if (st == FC_OK) {
        if (nvar > 1)
            fc_log_note("the table shows variant '%s'; shift_gap.csv has all %zu variants",
                        fc_intern_name(j->act->variants, j->var[kp]), nvar);
        if (print_whatif(j, &w, kp, before[kp], after[kp], side) != FC_OK)
            st = FC_FAIL(err, FC_EIO, "cannot write to standard output");
    }
    fc_out_free(o);
    for (size_t k = 0; k < nvar; k++) {
        if (before)
            free(before[k]);
        if (after)
            free(after[k]);
    }
    free(before);
    free(after);
    fc_fin_job_free(j);
    fc_fin_activity_fini(&act);
    fc_fin_activity_fini(&drv);
    fc_scenario_free(&scn);
    return st;
}

const fc_cmd fc_cmd_def_shift = {
    "shift",
    cmd_shift,
    "what-if: move money or activity between programmes, before/after gap",
    "fulcrum shift --from X --to Y (--amount GBP | --activity UNITS [--ratio R])\n"
    "           --from-year Y [--phase-years N] [--lag-years N] [--release-pct P]\n"
    "           [--transition-cost GBP] [--transition-years N] [--variant V] [--out DIR]\n"
    "           SCENARIO",
    "Runs the scenario's [finance] section twice, as it is and with one more resource shift,\n"
    "prints the funding gap before and after, year by year, and writes the same table as\n"
    "shift_gap.csv (every variant) with the shift's money and activity in shift_whatif.csv\n"
    "and shift_whatif_activity.csv, in DIR (default: the scenario's output folder).\n"
    "  --from, --to   a programme (its services in proportion to their cost) or a service\n"
    "  --amount       GBP a year (cash) at full phase; the budget moves with it (virement),\n"
    "                 the receiving side spends it and the sending side releases it\n"
    "  --activity     units a year of the --from service, converted at --ratio (default 1)\n"
    "                 units of the --to service\n"
    "  --from-year    the first year (2027 = 2027/28)\n"
    "  --phase-years  years to full phase (default 1); --lag-years before the release\n"
    "                 follows (default 0); --release-pct of the money released (default 100)\n"
    "  --transition-cost  double running, GBP a year, for --transition-years (default 1)\n"
    "With the defaults a money shift is budget-neutral: total spend is unchanged to the penny.\n\n"
    "example:\n"
    "  fulcrum shift --from acute --to community --amount 2000000 --from-year 2027 \\\n"
    "      datasets/example.ini --out out/shift\n",
};

/* ------------------------------------------------------------------------ for the draws */

size_t
fc_fin_job_nprog(const fc_fin_job *j)
{
    return fc_intern_count(j->progs);
}

const char *
fc_fin_job_prog(const fc_fin_job *j, size_t prog)
{
    return fc_intern_name(j->progs, prog);
}

size_t
fc_fin_job_nvar(const fc_fin_job *j)
{
    return j->res ? j->nvar : 0;
}

const fc_fin_result *
fc_fin_job_result(const fc_fin_job *j, size_t k)
{
    return j->res && k < j->nvar ? j->res[k] : NULL;
}
