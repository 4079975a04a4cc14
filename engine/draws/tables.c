/* tables.c: the draws' small summary tables (need, activity, capacity, money, PBMA, parameters) (draws_run.h). */
#include "engine/draws/draws_run.h"

/* ---------------------------------------------------------------- the small tables */

/* parameters_summary.csv: each uncertain number's draws. */
static fc_status
write_parameters(mc *m, double *scratch, fc_err *err)
{
    const size_t N = m->N;
    fc_out *o = m->ch->o;
    fc_writer *w;
    double s[4];
    fc_status st = FC_OK;

    if (m->nunc) {
        if ((st = fc_out_file(o, "parameters_summary.csv", &w, err)) != FC_OK)
            return st;
        fc_w_str(w, "parameter,distribution,central,mean,p10,p50,p90\n");
        for (size_t k = 0; k < m->nunc; k++) {
            dr_summarise(m->pv + k, m->nunc, N, scratch, s);
            fc_w_field(w, m->unc[k].name);
            fc_w_comma(w);
            fc_w_str(w, fc_dist_name(m->unc[k].dist.kind));
            dr_w_stats(w, m->pv[k], s);
        }
    }
    return st;
}

/* variants_summary.csv: each variant's probability and share of the draws. */
static fc_status
write_variants(mc *m, fc_err *err)
{
    const size_t N = m->N;
    fc_out *o = m->ch->o;
    fc_writer *w;
    fc_status st = FC_OK;

    if (m->mixture) {
        const fc_proj_inputs *j = &m->proj.in;
        if ((st = fc_out_file(o, "variants_summary.csv", &w, err)) != FC_OK)
            return st;
        fc_w_str(w, "variant,probability,share\n");
        for (size_t v = 0; v < j->nvar; v++) {
            size_t c = 0;
            for (size_t d = 1; d <= N; d++)
                c += m->var[d] == v;
            fc_w_row(w, FC_S(j->var[v].name), FC_D(m->prob[v]), FC_D((double)c / (double)N));
        }
    }
    return st;
}

/* need_summary.csv, activity_summary.csv and capacity_summary.csv, summed over areas. */
static fc_status
write_activity(mc *m, double *scratch, fc_err *err)
{
    const size_t N = m->N;
    fc_out *o = m->ch->o;
    fc_writer *w;
    double s[4];
    fc_status st = FC_OK;

    for (int kind = 0; kind < 2; kind++) {
        const mc_act *A = &m->part[kind];
        const size_t nk = A->nk, nt = A->nt;
        if (!dr_part_on(m, kind))
            continue;
        if ((st = fc_out_file(o, kind == FC_ACT_NEED ? "need_summary.csv"
                                                      : "activity_summary.csv", &w, err)))
            return st;
        fc_w_str(w, kind == FC_ACT_NEED ? "year,measure" : "year,service");
        fc_w_str(w, ",principal,mean,p10,p50,p90\n");
        for (size_t k = 0; k < nk; k++)
            for (size_t t = 0; t < nt; t++) {
                dr_summarise(A->act + k * nt + t, nk * nt, N, scratch, s);
                fc_w_int(w, A->am.base_year + (int)t * A->am.step);
                fc_w_comma(w);
                fc_w_field(w, fc_intern_name(A->rates.keys, k));
                dr_w_stats(w, A->act[k * nt + t], s);
            }
        if (A->nres) {
            if ((st = fc_out_file(o, "capacity_summary.csv", &w, err)) != FC_OK)
                return st;
            fc_w_str(w, "year,resource,service,current,principal,mean,p10,p50,p90\n");
            for (size_t i = 0; i < A->nres; i++) {
                const fc_act_cap *c = &A->ares.cap[i * m->na];
                double cur = 0.0;
                for (size_t a = 0; a < m->na; a++)
                    cur += A->ares.cap[i * m->na + a].current;
                for (size_t t = 0; t < nt; t++) {
                    dr_summarise(A->req + i * nt + t, A->nres * nt, N, scratch, s);
                    fc_w_int(w, A->am.base_year + (int)t * A->am.step);
                    fc_w_comma(w);
                    fc_w_field(w, A->ares.res_name[i]);
                    fc_w_comma(w);
                    fc_w_field(w, fc_intern_name(A->rates.keys, c->service));
                    fc_w_comma(w);
                    fc_w_num(w, cur);
                    dr_w_stats(w, A->req[i * nt + t], s);
                }
            }
        }
    }
    return st;
}

/* gap_summary.csv: cost, envelope and gap by programme and year. */
static fc_status
write_money(mc *m, double *scratch, fc_err *err)
{
    const size_t N = m->N;
    fc_out *o = m->ch->o;
    fc_writer *w;
    double s[4];
    fc_status st = FC_OK;

    if (m->have_fin) {
        static const char *const measure[3] = {"cost", "envelope", "gap"};
        const size_t stride = (m->nprog + 1) * m->nyf * 3;
        if ((st = fc_out_file(o, "gap_summary.csv", &w, err)) != FC_OK)
            return st;
        fc_w_str(w, "year,programme,measure,principal,mean,p10,p50,p90\n");
        for (size_t q = 0; q <= m->nprog; q++)
            for (size_t y = 0; y < m->nyf; y++)
                for (int k = 0; k < 3; k++) {
                    size_t off = (q * m->nyf + y) * 3 + (size_t)k;
                    dr_summarise(m->money + off, stride, N, scratch, s);
                    fc_w_int(w, m->fin_base + (int)y);
                    fc_w_comma(w);
                    fc_w_field(w, m->prog[q]);
                    fc_w_comma(w);
                    fc_w_str(w, measure[k]);
                    dr_w_stats(w, m->money[off], s);
                }
    }
    return st;
}

/* pbma_summary.csv: how often each option is in the best set. */
static fc_status
write_portfolio(mc *m, fc_err *err)
{
    const size_t N = m->N;
    fc_out *o = m->ch->o;
    fc_writer *w;
    fc_status st = FC_OK;

    if (m->have_pbma) {
        if ((st = fc_out_file(o, "pbma_summary.csv", &w, err)) != FC_OK)
            return st;
        fc_w_str(w, "option,funded,p_funded\n");
        for (size_t i = 0; i < m->nopt; i++) {
            size_t c = 0;
            for (size_t d = 1; d <= N; d++)
                c += m->funded[d * m->nopt + i] == 1;
            /* booleans as every output writes them: TRUE / FALSE */
            fc_w_row(w, FC_S(fc_pbmajob_model_option(m->pm, i)),
                     FC_R(m->funded[i] == 1 ? "TRUE" : "FALSE"), FC_D((double)c / (double)N));
        }
    }
    return st;
}

/* uncertainty.csv: what the draws were. */
static fc_status
write_run(mc *m, fc_err *err)
{
    const size_t N = m->N;
    fc_out *o = m->ch->o;
    fc_writer *w;
    fc_status st = FC_OK;

    if ((st = fc_out_file(o, "uncertainty.csv", &w, err)) != FC_OK)
        return st;
    fc_w_str(w, "measure,value,unit\n");
    {
        const mc_act *need = &m->part[FC_ACT_NEED], *act = &m->part[FC_ACT_ACTIVITY];
        size_t infeasible = 0;
        for (size_t d = 1; m->have_pbma && d <= N; d++)
            infeasible += m->nopt && m->funded[d * m->nopt] == 2;
        const struct {
            const char *name;
            double v;
            const char *unit;
        } row[] = { /* numbers only, each with its unit (no 1/0 flags: counts of things) */
            {"draws", (double)N, "draws"},
            {"seed", (double)m->seed, "seed"},
            {"uncertain_parameters", (double)m->nunc, "parameters"},
            {"variants_drawn", m->mixture ? (double)m->proj.in.nvar : 1.0, "variants"},
            {"growth_intervals", (double)(m->have_act && act->am.pct_lo != NULL),
             "activity growth tables with intervals"},
            {"pbma_infeasible_draws", (double)infeasible, "draws"},
            {"need_growth_intervals", (double)(m->have_need && need->am.pct_lo != NULL),
             "need growth tables with intervals"},
        };
        for (size_t k = 0; k < sizeof row / sizeof row[0]; k++)
            fc_w_row(w, FC_S(row[k].name), FC_D(row[k].v), FC_S(row[k].unit));
    }
    return st;
}

fc_status
dr_write_small(mc *m, fc_err *err)
{
    double *scratch = malloc(5 * m->N * sizeof *scratch);
    fc_status st = FC_OK;

    if (scratch == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = write_parameters(m, scratch, err)) != FC_OK ||
        (st = write_variants(m, err)) != FC_OK ||
        (st = write_activity(m, scratch, err)) != FC_OK ||
        (st = write_money(m, scratch, err)) != FC_OK ||
        (st = write_portfolio(m, err)) != FC_OK)
        goto done;
    st = write_run(m, err);
done:
    free(scratch);
    return st;
}

/* Every draw of the small tables (--raw-draws). */
fc_status
dr_write_raw(mc *m, fc_err *err)
{
    const size_t N = m->N;
    fc_out *o = m->ch->o;
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "parameters_draws.csv", &w, err)) != FC_OK)
        return st;
    fc_w_str(w, "draw");
    if (m->mixture)
        fc_w_str(w, ",variant");
    for (size_t k = 0; k < m->nunc; k++) {
        fc_w_comma(w);
        fc_w_field(w, m->unc[k].name);
    }
    fc_w_eol(w);
    for (size_t d = 1; d <= N; d++) {
        fc_w_int(w, (long)d);
        if (m->mixture) {
            fc_w_comma(w);
            fc_w_field(w, m->proj.in.var[m->var[d]].name);
        }
        fc_w_nums(w, m->pv + d * m->nunc, m->nunc);
        fc_w_eol(w);
    }
    for (int kind = 0; kind < 2; kind++) {
        const mc_act *A = &m->part[kind];
        const size_t nk = A->nk, nt = A->nt;
        if (!dr_part_on(m, kind))
            continue;
        if ((st = fc_out_file(o, kind == FC_ACT_NEED ? "need_draws.csv" : "activity_draws.csv",
                              &w, err)) != FC_OK)
            return st;
        fc_w_str(w, kind == FC_ACT_NEED ? "draw,year,measure,need\n"
                                        : "draw,year,service,activity\n");
        for (size_t d = 1; d <= N; d++)
            for (size_t k = 0; k < nk; k++)
                for (size_t t = 0; t < nt; t++) {
                    fc_w_row(w, FC_I((long)d), FC_I(A->am.base_year + (int)t * A->am.step),
                             FC_S(fc_intern_name(A->rates.keys, k)),
                             FC_D(A->act[(d * nk + k) * nt + t]));
                }
        if (A->nres) {
            if ((st = fc_out_file(o, "capacity_draws.csv", &w, err)) != FC_OK)
                return st;
            fc_w_str(w, "draw,year,resource,required\n");
            for (size_t d = 1; d <= N; d++)
                for (size_t i = 0; i < A->nres; i++)
                    for (size_t t = 0; t < nt; t++) {
                        fc_w_row(w, FC_I((long)d), FC_I(A->am.base_year + (int)t * A->am.step),
                                 FC_S(A->ares.res_name[i]),
                                 FC_D(A->req[(d * A->nres + i) * nt + t]));
                    }
        }
    }
    if (m->have_fin) {
        if ((st = fc_out_file(o, "gap_draws.csv", &w, err)) != FC_OK)
            return st;
        fc_w_str(w, "draw,year,programme,cost,envelope,gap\n");
        for (size_t d = 1; d <= N; d++)
            for (size_t q = 0; q <= m->nprog; q++)
                for (size_t y = 0; y < m->nyf; y++) {
                    fc_w_int(w, (long)d);
                    fc_w_comma(w);
                    fc_w_int(w, m->fin_base + (int)y);
                    fc_w_comma(w);
                    fc_w_field(w, m->prog[q]);
                    fc_w_nums(w, m->money + ((d * (m->nprog + 1) + q) * m->nyf + y) * 3, 3);
                    fc_w_eol(w);
                }
    }
    if (m->have_pbma) {
        if ((st = fc_out_file(o, "pbma_draws.csv", &w, err)) != FC_OK)
            return st;
        fc_w_str(w, "draw,option,funded\n");
        for (size_t d = 1; d <= N; d++)
            for (size_t i = 0; i < m->nopt; i++) {
                unsigned char f = m->funded[d * m->nopt + i];
                fc_w_row(w, FC_I((long)d), FC_S(fc_pbmajob_model_option(m->pm, i)),
                         FC_R(f == 2 ? "NA" : f ? "TRUE" : "FALSE"));
            }
    }
    return FC_OK;
}

