/* write.c: the PBMA job's tables, one writer each: options, the marginal-analysis lists, swaps, scores, the budget by period, the summary and the groups' ICERs (pbma_int.h). */
#include "engine/pbma/pbma_int.h"
#include "models/quantile.h"


/* options.csv: every option in league order with the decision and its reason */
static fc_status
write_options(job *j, fc_out *o, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    size_t n = j->n;
    char buf[1024];

    if ((st = fc_out_file(o, "options.csv", &w, err)))
        return st;
    fc_w_str(w, "league_rank,option,programme,kind,cost,benefit,benefit_per_gbp,nmb,funded,"
                "greedy_funded,p_funded,p_greedy_funded,p_cost_effective,reason\n");
    for (size_t k = 0; k < n; k++) {
        size_t i = j->league[k];
        double c = j->ctot[i], b = j->benefit[i];
        fc_w_int(w, (long)(k + 1));
        fc_w_comma(w);
        fc_w_field(w, j->ot.name.s[i]);
        fc_w_comma(w);
        fc_w_field(w, pb_attr(&j->ot, i, O_PROGRAMME));
        fc_w_comma(w);
        fc_w_str(w, pb_kind_name(fc_pbma_classify(c, b)));
        fc_w_comma(w);
        fc_w_num(w, c);
        fc_w_comma(w);
        fc_w_num(w, b);
        fc_w_comma(w);
        /* a ratio is only meaningful in the NE and SW quadrants (negative ICERs mislead) */
        {
            fc_pbma_kind kd = fc_pbma_classify(c, b);
            pb_w_num_or_na(w, kd == FC_PBMA_INVEST || kd == FC_PBMA_DISINVEST ? b / c
                                                                            : (double)NAN);
        }
        fc_w_comma(w);
        pb_w_num_or_na(w, j->threshold > 0.0 ? j->threshold * b - c : (double)NAN);
        fc_w_comma(w);
        pb_w_bool(w, j->x_opt[i]);
        fc_w_comma(w);
        pb_w_bool(w, j->x_greedy[i]);
        fc_w_comma(w);
        pb_w_num_or_na(w, j->p_funded ? j->p_funded[i] : (double)NAN);
        fc_w_comma(w);
        pb_w_num_or_na(w, j->p_greedy ? j->p_greedy[i] : (double)NAN);
        fc_w_comma(w);
        pb_w_num_or_na(w, j->p_ce && j->threshold > 0.0 ? j->p_ce[i] : (double)NAN);
        fc_w_comma(w);
        pb_reason(j, i, buf, sizeof buf);
        fc_w_field(w, buf);
        fc_w_eol(w);
    }
    return FC_OK;
}

/* investments.csv and disinvestments.csv: the marginal-analysis lists */
static fc_status
write_lists(job *j, fc_out *o, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    size_t n = j->n;

    if ((st = fc_out_file(o, "investments.csv", &w, err)))
        return st;
    fc_w_str(w, "rank,option,cost,benefit,benefit_per_gbp,cumulative_cost,cumulative_benefit\n");
    {
        double cc = 0.0, cb = 0.0;
        size_t r = 0;
        for (size_t k = 0; k < n; k++) {
            size_t i = j->league[k];
            fc_pbma_kind kd = fc_pbma_classify(j->ctot[i], j->benefit[i]);
            if (kd != FC_PBMA_INVEST && kd != FC_PBMA_DOMINANT)
                continue;
            cc += j->ctot[i];
            cb += j->benefit[i];
            fc_w_int(w, (long)++r);
            fc_w_comma(w);
            fc_w_field(w, j->ot.name.s[i]);
            fc_w_comma(w);
            fc_w_num(w, j->ctot[i]);
            fc_w_comma(w);
            fc_w_num(w, j->benefit[i]);
            fc_w_comma(w);
            pb_w_num_or_na(w, kd == FC_PBMA_DOMINANT ? (double)NAN : j->benefit[i] / j->ctot[i]);
            fc_w_nums(w, (const double[]){cc, cb}, 2);
            fc_w_eol(w);
        }
    }
    if ((st = fc_out_file(o, "disinvestments.csv", &w, err)))
        return st;
    fc_w_str(w, "rank,option,released_gbp,benefit_lost,benefit_lost_per_gbp,cumulative_released,"
                "cumulative_benefit_lost\n");
    {
        double cc = 0.0, cb = 0.0;
        size_t r = 0;
        /* ascending benefit lost per GBP released: the league order reversed */
        for (size_t k = n; k-- > 0;) {
            size_t i = j->league[k];
            if (fc_pbma_classify(j->ctot[i], j->benefit[i]) != FC_PBMA_DISINVEST)
                continue;
            cc -= j->ctot[i];
            cb -= j->benefit[i];
            fc_w_int(w, (long)++r);
            fc_w_comma(w);
            const double col[] = {-j->ctot[i], -j->benefit[i], j->benefit[i] / j->ctot[i], cc,
                                  cb};
            fc_w_field(w, j->ot.name.s[i]);
            fc_w_nums(w, col, sizeof col / sizeof col[0]);
            fc_w_eol(w);
        }
    }
    return FC_OK;
}

/* swaps.csv: fund investment i from disinvestment d where i gains more per GBP than d
 * loses per GBP released */
static fc_status
write_swaps(job *j, fc_out *o, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    size_t n = j->n;

    if ((st = fc_out_file(o, "swaps.csv", &w, err)))
        return st;
    fc_w_str(w, "investment,disinvestment,gain_per_gbp,loss_per_gbp,net_cost,net_benefit,"
                "budget_neutral,gains\n");
    for (size_t a = 0; a < n; a++) {
        size_t i = j->league[a];
        if (fc_pbma_classify(j->ctot[i], j->benefit[i]) != FC_PBMA_INVEST)
            continue;
        for (size_t b = n; b-- > 0;) {
            size_t d = j->league[b];
            double gi, ld, nc, nb;
            if (fc_pbma_classify(j->ctot[d], j->benefit[d]) != FC_PBMA_DISINVEST)
                continue;
            gi = j->benefit[i] / j->ctot[i];
            ld = j->benefit[d] / j->ctot[d];
            if (!(gi > ld))
                continue;
            nc = j->ctot[i] + j->ctot[d];
            nb = j->benefit[i] + j->benefit[d];
            fc_w_field(w, j->ot.name.s[i]);
            fc_w_comma(w);
            fc_w_field(w, j->ot.name.s[d]);
            fc_w_comma(w);
            fc_w_num(w, gi);
            fc_w_comma(w);
            fc_w_num(w, ld);
            fc_w_comma(w);
            fc_w_num(w, nc);
            fc_w_comma(w);
            fc_w_num(w, nb);
            fc_w_comma(w);
            pb_w_bool(w, nc <= 0.0);
            fc_w_comma(w);
            pb_w_bool(w, nb > 0.0);
            fc_w_eol(w);
        }
    }
    return FC_OK;
}

/* scores.csv: the MCDA breakdown */
static fc_status
write_scores(job *j, fc_out *o, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    size_t n = j->n;

    if (j->ncrit > 0) {
        double wsum = 0.0;
        for (size_t k = 0; k < j->ncrit; k++)
            wsum += j->ct.c[k].weight;
        if ((st = fc_out_file(o, "scores.csv", &w, err)))
            return st;
        fc_w_str(w, "option,criterion,score,min,max,direction,value,weight,weighted\n");
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < j->ncrit; k++) {
                const fc_pbma_criterion *c = &j->ct.c[k];
                fc_w_row(w, FC_S(j->ot.name.s[i]), FC_S(j->ct.name.s[k]),
                         FC_D(j->score[i * j->ncrit + k]), FC_D(c->min), FC_D(c->max),
                         FC_R(c->harm ? "harm" : "benefit"), FC_D(j->value[i * j->ncrit + k]),
                         FC_D(c->weight / wsum), FC_D(j->weighted[i * j->ncrit + k]));
            }
    }
    return FC_OK;
}

/* pbma_budget.csv: per period (not budget.csv, which is the finance stage's) */
static fc_status
write_pbma_budget(job *j, fc_out *o, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    size_t n = j->n, ny = j->nyear;

    if ((st = fc_out_file(o, "pbma_budget.csv", &w, err)))
        return st;
    fc_w_str(w, "year,budget,optimal_cost,greedy_cost,shadow_price\n");
    for (size_t y = 0; y < ny; y++) {
        double co = 0.0, cg = 0.0;
        for (size_t i = 0; i < n; i++) {
            co += j->x_opt[i] ? j->cost[i * ny + y] : 0.0;
            cg += j->x_greedy[i] ? j->cost[i * ny + y] : 0.0;
        }
        if (j->ot.have_year)
            fc_w_int(w, j->years[y]);
        else
            fc_w_str(w, "NA");
        fc_w_comma(w);
        pb_w_num_or_na(w, j->have_budget ? j->budget[y] : (double)NAN);
        fc_w_comma(w);
        fc_w_row(w, FC_D(co), FC_D(cg), FC_D(j->shadow[y]));
    }
    return FC_OK;
}

/* summary.csv: measure,value */
static fc_status
write_summary(job *j, fc_out *o, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    size_t n = j->n, ny = j->nyear;

    if ((st = fc_out_file(o, "summary.csv", &w, err)))
        return st;
    /* a tidy long form: each measure with its unit, so that the value column holds one kind of
     * thing (numbers) and a reader knows which */
    fc_w_str(w, "measure,value,unit\n");
    {
        double tb = 0.0;
        for (size_t y = 0; y < ny; y++)
            tb += j->budget[y];
        struct {
            const char *name;
            double v;
            const char *unit;
        } m[] = {
            {"options", (double)n, "count"},
            {"threshold_gbp_per_unit", j->threshold > 0.0 ? j->threshold : (double)NAN,
             "GBP per unit of benefit"},
            {"budget_total", j->have_budget ? tb : (double)NAN, "GBP"},
            {"optimal_benefit", j->opt.benefit, "units of benefit"},
            {"optimal_cost", j->opt.cost, "GBP"},
            {"optimal_objective", j->opt.objective, "GBP (net monetary benefit)"},
            {"greedy_benefit", j->greedy.benefit, "units of benefit"},
            {"greedy_cost", j->greedy.cost, "GBP"},
            {"greedy_objective", j->greedy.objective, "GBP (net monetary benefit)"},
            {"greedy_feasible", (double)j->greedy_feasible, "1 = TRUE, 0 = FALSE"},
            {"objective_lost_by_greedy", j->opt.objective - j->greedy.objective, "GBP"},
            {"shadow_price_lp", ny == 1 ? j->shadow[0] : (double)NAN, "units of benefit per GBP"},
            {"objective_gain_budget_plus_10pct", j->gain_10pct, "GBP"},
            {"draws", (double)j->ndraw, "count"},
            {"seed", (double)j->seed, "number"},
        };
        for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
            fc_w_str(w, m[k].name);
            fc_w_comma(w);
            pb_w_num_or_na(w, m[k].v);
            fc_w_comma(w);
            fc_w_field(w, m[k].unit);
            fc_w_eol(w);
        }
        if (j->ndraw > 0) {
            size_t nd = (size_t)j->ndraw;
            double *s = malloc(3 * nd * sizeof *s), mean = 0.0, qv[3];
            static const double q[] = {0.1, 0.5, 0.9};
            static const char *const qn[] = {"optimal_objective_p10", "optimal_objective_p50",
                                             "optimal_objective_p90"};
            if (s == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            memcpy(s, j->obj_draws, nd * sizeof *s);
            for (size_t d = 0; d < nd; d++)
                mean += s[d] / (double)nd;
            fc_quantiles(s, nd, q, 3, s + nd, qv); /* type 7, as R's default */
            fc_w_row(w, FC_R("optimal_objective_mean"), FC_D(mean), FC_R("GBP"));
            for (size_t k = 0; k < 3; k++)
                fc_w_row(w, FC_R(qn[k]), FC_D(qv[k]), FC_R("GBP"));
            free(s);
        }
    }
    return FC_OK;
}

/* group_icers.csv: incremental analysis within each exclusive group, "do nothing" (0, 0)
 * included */
static fc_status
write_group_icers(job *j, fc_out *o, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    size_t n = j->n;

    if (j->groups.n > 0) {
        if ((st = fc_out_file(o, "group_icers.csv", &w, err)))
            return st;
        fc_w_str(w, "group,strategy,cost,effect,inc_cost,inc_effect,icer,status\n");
        for (size_t g = 0; g < j->groups.n; g++) {
            size_t m = 1, *idx = calloc(n + 1, sizeof *idx);
            double *c = calloc(n + 1, sizeof *c), *e = calloc(n + 1, sizeof *e);
            fc_pbma_icer *r = calloc(n + 1, sizeof *r);
            if (!idx || !c || !e || !r) {
                free(idx);
                free(c);
                free(e);
                free(r);
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            }
            idx[0] = SIZE_MAX;
            for (size_t i = 0; i < n; i++)
                if (j->group[i] == (long)g) {
                    idx[m] = i;
                    c[m] = j->ctot[i];
                    e[m++] = j->benefit[i];
                }
            st = fc_pbma_icers(c, e, m, 0, r, NULL, err);
            for (size_t k = 0; st == FC_OK && k < m; k++) {
                size_t s = r[k].strategy;
                fc_w_field(w, j->groups.s[g]);
                fc_w_comma(w);
                pb_write_icer_row(w, idx[s] == SIZE_MAX ? "do nothing" : j->ot.name.s[idx[s]], c[s],
                               e[s], &r[k]);
            }
            free(idx);
            free(c);
            free(e);
            free(r);
            if (st)
                return st;
        }
    }
    return FC_OK;
}

/* The PBMA job's tables, one writer each. */
fc_status
pb_job_write(job *j, fc_out *o, fc_err *err)
{
    fc_status st;
    if ((st = write_options(j, o, err)) != FC_OK ||
        (st = write_lists(j, o, err)) != FC_OK ||
        (st = write_swaps(j, o, err)) != FC_OK ||
        (st = write_scores(j, o, err)) != FC_OK ||
        (st = write_pbma_budget(j, o, err)) != FC_OK ||
        (st = write_summary(j, o, err)) != FC_OK ||
        (st = write_group_icers(j, o, err)) != FC_OK)
        return st;
    return FC_OK;
}


