/* write.c: the finance job's output tables: budget, gap, bridge, envelope, service costs, totals and shifts (finance_int.h). */
#include "engine/finance/finance_int.h"

static const char *const step_col[FC_FIN_NSTEP] = {
    "baseline", "demography", "non_demographic", "inflation", "efficiency", "shifts", "projected"};

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

void
fi_w_money_col(fc_writer *w, int64_t p)
{
    fc_w_comma(w);
    w_pence(w, p);
}

/* the leading "variant," field when the activity has variants */
void
fi_w_variant(const fc_finjob *j, fc_writer *w, size_t k)
{
    if (j->act->has_variant) {
        fc_w_field(w, fc_intern_name(j->act->variants, j->var[k]));
        fc_w_comma(w);
    }
}

void
fi_w_header(const fc_finjob *j, fc_writer *w, const char *cols)
{
    if (j->act->has_variant)
        fc_w_str(w, "variant,");
    fc_w_str(w, cols);
    fc_w_eol(w);
}

static fc_status
write_budget(fc_finjob *j, fc_out *o, fc_err *err)
{
    static const char *const ct_name[2] = {"pay", "non_pay"};
    size_t np = fc_intern_count(j->progs), ny = j->nyear;
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "budget.csv", &w, err)) != FC_OK)
        return st;
    fi_w_header(j, w,
             "year,programme,cost_type,budget,virement,envelope,cost_of_demand,shifts,"
             "cost,gap,envelope_real,cost_real,gap_real");
    for (size_t k = 0; k < j->nvar; k++) {
        const fc_fin_result *r = j->res[k];
        for (size_t q = 0; q < np; q++)
            for (size_t c = 0; c < FC_FIN_NCOST; c++)
                for (size_t t = 0; t < ny; t++) {
                    size_t i = IX3(q, c, t, FC_FIN_NCOST, ny);
                    fi_w_variant(j, w, k);
                    fc_w_int(w, j->base_year + (long)t);
                    fc_w_comma(w);
                    fc_w_field(w, fc_intern_name(j->progs, q));
                    fc_w_comma(w);
                    fc_w_str(w, ct_name[c]);
                    fi_w_money_col(w, r->budget_env[i]);
                    fi_w_money_col(w, r->virement[i]);
                    fi_w_money_col(w, r->envelope[i]);
                    fi_w_money_col(w, r->demand[i]);
                    fi_w_money_col(w, r->shift_cost[i]);
                    fi_w_money_col(w, r->cost[i]);
                    fi_w_money_col(w, r->cost[i] - r->envelope[i]);
                    fi_w_money_col(w, r->envelope_real[i]);
                    fi_w_money_col(w, r->cost_real[i]);
                    fi_w_money_col(w, r->cost_real[i] - r->envelope_real[i]);
                    fc_w_eol(w);
                }
    }
    return FC_OK;
}

static void
w_gap_rows(const fc_finjob *j, fc_writer *w, size_t k, const char *prog, const fc_fin_gap_row *g)
{
    for (size_t t = 0; t < j->nyear; t++) {
        fi_w_variant(j, w, k);
        fc_w_int(w, g[t].year);
        fc_w_comma(w);
        fc_w_field(w, prog);
        fi_w_money_col(w, g[t].envelope);
        fi_w_money_col(w, g[t].cost);
        fi_w_money_col(w, g[t].gap);
        fi_w_money_col(w, g[t].cum_gap);
        fc_w_comma(w);
        fc_w_num(w, g[t].deflator);
        fi_w_money_col(w, g[t].envelope_real);
        fi_w_money_col(w, g[t].cost_real);
        fi_w_money_col(w, g[t].gap_real);
        fi_w_money_col(w, g[t].cum_gap_real);
        fc_w_comma(w);
        fc_w_num(w, g[t].discount_factor);
        fi_w_money_col(w, g[t].pv_gap);
        fi_w_money_col(w, g[t].cum_pv_gap);
        fc_w_eol(w);
    }
}

static fc_status
write_gap(fc_finjob *j, fc_out *o, fc_fin_gap_row *g, fc_err *err)
{
    size_t np = fc_intern_count(j->progs);
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "gap.csv", &w, err)) != FC_OK)
        return st;
    fi_w_header(j, w,
             "year,programme,envelope,cost,gap,cumulative_gap,deflator,envelope_real,"
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
write_summary(fc_finjob *j, fc_out *o, fc_fin_gap_row *g, fc_err *err)
{
    static const int horizons[2] = {5, 10};
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "gap_totals.csv", &w, err)) != FC_OK)
        return st;
    /* a tidy long form: each measure with its unit (years, a per cent and pounds do not share
     * one column without saying which is which) */
    fi_w_header(j, w, "measure,value,unit");
    for (size_t k = 0; k < j->nvar; k++) {
        if ((st = fc_fin_gap(j->res[k], FC_FIN_ALL, g, err)) != FC_OK)
            return st;
        fi_w_variant(j, w, k);
        fc_w_row(w, FC_R("base_year"), FC_I(j->base_year), FC_R("financial year starting"));
        fi_w_variant(j, w, k);
        fc_w_row(w, FC_R("last_year"), FC_I(j->last_year), FC_R("financial year starting"));
        fi_w_variant(j, w, k);
        fc_w_row(w, FC_R("discount_rate_pct"), FC_D(j->spec.discount_pct), FC_R("% a year"));
        fi_w_variant(j, w, k);
        fc_w_str(w, "gap_base_year,");
        w_pence(w, g[0].gap);
        fc_w_str(w, ",GBP\n");
        for (int h = 0; h < 2; h++) {
            static const char *const what[4] = {"cumulative_gap", "cumulative_gap_real", "pv_gap",
                                                "gap_final_year"};
            static const char *const unit[4] = {"GBP, cash", "GBP, base-year prices",
                                                "GBP, present value", "GBP, cash"};
            size_t t = (size_t)horizons[h];
            for (int m = 0; m < 4; m++) {
                fi_w_variant(j, w, k);
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
                fc_w_comma(w);
                fc_w_field(w, unit[m]);
                fc_w_eol(w);
            }
        }
    }
    return FC_OK;
}

static fc_status
write_bridge(fc_finjob *j, fc_out *o, fc_err *err)
{
    size_t np = fc_intern_count(j->progs), ny = j->nyear;
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "bridge.csv", &w, err)) != FC_OK)
        return st;
    if (j->act->has_variant)
        fc_w_str(w, "variant,");
    fc_w_str(w, "year,programme");
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
                fi_w_variant(j, w, k);
                fc_w_int(w, j->base_year + (long)t);
                fc_w_comma(w);
                fc_w_field(w, q < np ? fc_intern_name(j->progs, q) : "total");
                for (int s = 0; s < FC_FIN_NSTEP; s++)
                    fi_w_money_col(w, b[s]);
                fc_w_eol(w);
            }
    }
    return FC_OK;
}

static fc_status
write_envelope(fc_finjob *j, fc_out *o, fc_err *err)
{
    size_t nf = fc_intern_count(j->funders), ny = j->nyear;
    const fc_fin_result *r = j->res[0]; /* the envelope does not depend on activity */
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "envelope.csv", &w, err)) != FC_OK)
        return st;
    fc_w_str(w, "year,funder,uplift_pct,envelope,envelope_real\n");
    for (size_t f = 0; f < nf; f++)
        for (size_t t = 0; t < ny; t++) {
            fc_w_int(w, j->base_year + (long)t);
            fc_w_comma(w);
            fc_w_field(w, fc_intern_name(j->funders, f));
            fc_w_comma(w);
            if (t == 0)
                fc_w_str(w, "NA");
            else
                fc_w_num(w, j->uplift_pct[f * ny + t]);
            fi_w_money_col(w, r->funder_env[f * ny + t]);
            fi_w_money_col(w, r->funder_env_real[f * ny + t]);
            fc_w_eol(w);
        }
    return FC_OK;
}

static fc_status
write_service_costs(fc_finjob *j, fc_out *o, fc_err *err)
{
    size_t ns = j->nserv, ny = j->nyear;
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "service_costs.csv", &w, err)) != FC_OK)
        return st;
    fi_w_header(j, w, "year,programme,service,activity,unit_cost,cost_pay,cost_non_pay,cost");
    for (size_t k = 0; k < j->nvar; k++) {
        const fc_fin_result *r = j->res[k];
        for (size_t s = 0; s < ns; s++)
            for (size_t t = 0; t < ny; t++) {
                int64_t pay = r->svc_cost[IX3(s, FC_FIN_PAY, t, FC_FIN_NCOST, ny)];
                int64_t npay = r->svc_cost[IX3(s, FC_FIN_NON_PAY, t, FC_FIN_NCOST, ny)];
                fi_w_variant(j, w, k);
                fc_w_int(w, j->base_year + (long)t);
                fc_w_comma(w);
                fc_w_field(w, fc_intern_name(j->progs, j->serv_prog[s]));
                fc_w_comma(w);
                fc_w_field(w, fc_intern_name(j->servs, s));
                fc_w_comma(w);
                fc_w_num(w, j->activity[(k * ns + s) * ny + t]);
                fc_w_comma(w);
                fc_w_num(w, r->unit_cost[s * ny + t]);
                fi_w_money_col(w, pay);
                fi_w_money_col(w, npay);
                fi_w_money_col(w, pay + npay);
                fc_w_eol(w);
            }
    }
    return FC_OK;
}

static const char *
endpoint_name(const fc_finjob *j, size_t prog, size_t serv)
{
    return serv == FC_FIN_ALL ? fc_intern_name(j->progs, prog) : fc_intern_name(j->servs, serv);
}

fc_status
fi_write_shifts(fc_finjob *j, fc_out *o, size_t k0, size_t k1, const char *name, const char *act_name,
             fc_err *err)
{
    size_t ny = j->nyear, ns = j->nserv;
    fc_writer *w, *a;
    fc_status st;

    if ((st = fc_out_file(o, name, &w, err)) != FC_OK ||
        (st = fc_out_file(o, act_name, &a, err)) != FC_OK)
        return st;
    fi_w_header(j, w, "year,shift,from,to,moved,invested,released,transition,net_cost");
    fi_w_header(j, a, "year,shift,side,programme,service,activity,unit_cost");
    for (size_t k = 0; k < j->nvar; k++) {
        const fc_fin_result *r = j->res[k];
        for (size_t h = k0; h < k1; h++) {
            const fc_fin_shift *sh = &j->shift[h];
            for (size_t t = 0; t < ny; t++) {
                size_t i = h * ny + t;
                fi_w_variant(j, w, k);
                fc_w_int(w, j->base_year + (long)t);
                fc_w_comma(w);
                fc_w_field(w, j->shift_name[h]);
                fc_w_comma(w);
                fc_w_field(w, endpoint_name(j, sh->from_prog, sh->from_serv));
                fc_w_comma(w);
                fc_w_field(w, endpoint_name(j, sh->to_prog, sh->to_serv));
                fi_w_money_col(w, r->sh_moved[i]);
                fi_w_money_col(w, r->sh_invested[i]);
                fi_w_money_col(w, r->sh_released[i]);
                fi_w_money_col(w, r->sh_transition[i]);
                fi_w_money_col(w, r->sh_invested[i] + r->sh_transition[i] - r->sh_released[i]);
                fc_w_eol(w);
                for (int side = 0; side < 2; side++)
                    for (size_t s = 0; s < ns; s++) {
                        double u =
                            side ? r->sh_bought[i * ns + s] : r->sh_released_units[i * ns + s];
                        if (u == 0)
                            continue;
                        fi_w_variant(j, a, k);
                        fc_w_int(a, j->base_year + (long)t);
                        fc_w_comma(a);
                        fc_w_field(a, j->shift_name[h]);
                        fc_w_str(a, side ? ",to," : ",from,");
                        fc_w_row(a, FC_S(fc_intern_name(j->progs, j->serv_prog[s])),
                                 FC_S(fc_intern_name(j->servs, s)), FC_D(side ? u : -u),
                                 FC_D(r->unit_cost[s * ny + t]));
                    }
            }
        }
    }
    return FC_OK;
}

fc_status
fc_finjob_write(fc_finjob *j, fc_out *o, fc_err *err)
{
    fc_fin_gap_row *g;
    fc_status st;

    if ((g = calloc(j->nyear, sizeof *g)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = write_budget(j, o, err)) == FC_OK && (st = write_gap(j, o, g, err)) == FC_OK &&
        (st = write_bridge(j, o, err)) == FC_OK && (st = write_envelope(j, o, err)) == FC_OK &&
        (st = write_service_costs(j, o, err)) == FC_OK &&
        (st = write_summary(j, o, g, err)) == FC_OK && j->nshift > 0)
        st = fi_write_shifts(j, o, 0, j->nshift, "resource_shifts.csv", "resource_shift_activity.csv",
                          err);
    free(g);
    return st;
}

fc_status
fc_finjob_gaps_of(const fc_finjob *j, fc_finjob_gaps **result, fc_err *err)
{
    size_t np = fc_intern_count(j->progs), k = 0;
    fc_fin_gap_row *rows = NULL;
    fc_finjob_gaps *g = calloc(1, sizeof *g);
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
        fc_finjob_gaps_free(g);
        return st;
    }
    *result = g;
    return FC_OK;
}

void
fc_finjob_gaps_free(fc_finjob_gaps *g)
{
    if (g == NULL)
        return;
    for (size_t q = 0; g->prog && q <= g->nprog; q++)
        free(g->prog[q]);
    free(g->prog);
    free(g->gap);
    free(g);
}

/* fc_finjob_run, leaving the gaps on the chain when ch is not NULL. */
fc_status
fi_job_run(const fc_finjob_spec *spec, const fc_finjob_activity *act, const fc_finjob_activity *drv,
        fc_out *o, fc_warnings *warn, fc_chain *ch, fc_err *err)
{
    fc_finjob *j = NULL;
    fc_status st;

    if ((st = fc_finjob_load(spec, act, drv, &j, warn, err)) == FC_OK &&
        (st = fc_finjob_compute(j, err)) == FC_OK &&
        (st = fc_finjob_write(j, o, err)) == FC_OK && ch) {
        fc_finjob_gaps_free(ch->gaps);
        ch->gaps = NULL;
        ch->gaps_free = fc_finjob_gaps_free;
        st = fc_finjob_gaps_of(j, &ch->gaps, err);
    }
    fc_finjob_free(j);
    return st;
}

fc_status
fc_finjob_run(const fc_finjob_spec *spec, const fc_finjob_activity *act, const fc_finjob_activity *drv,
               fc_out *o, fc_warnings *warn, fc_err *err)
{
    return fi_job_run(spec, act, drv, o, warn, NULL, err);
}

