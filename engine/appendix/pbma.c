/* pbma.c: the PBMA section of the analysis appendix (appendix_int.h). */
#include "engine/appendix/appendix_int.h"

/* ======================================================================== PBMA section */



static fc_status
opt_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    opt_tab *s = ctx;
    opt *o;
    fc_status st;
    if (s->n == sizeof s->o / sizeof s->o[0])
        return fc_err_at(err, FC_ELIMIT, r->path, r->line, 0, "more than %zu options",
                         sizeof s->o / sizeof s->o[0]);
    o = &s->o[s->n];
    memset(o, 0, sizeof *o);
    if ((st = fc_csv_int(r, 0, 0, 1000000, &o->rank, err)))
        return st;
    o->cost = r->num[3];
    o->benefit = r->num[4];
    snprintf(o->name, sizeof o->name, "%s", r->field[1]);
    snprintf(o->kind, sizeof o->kind, "%s", r->field[2]);
    o->funded = r->field[5] && strcasecmp(r->field[5], "TRUE") == 0;
    o->p_funded = r->num[6];
    s->n++;
    return FC_OK;
}

fc_status
apx_kv_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    kv *s = ctx;
    (void)err;
    if (s->n < 64) {
        snprintf(s->key[s->n], sizeof s->key[0], "%s", r->field[0]);
        s->val[s->n] = r->field[1] ? strtod(r->field[1], NULL) : (double)NAN;
        s->n++;
    }
    return FC_OK;
}

double
apx_kv_get(const kv *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->key[i], key) == 0)
            return s->val[i];
    return (double)NAN;
}


static fc_status
budget_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    budgets *b = ctx;
    (void)err;
    if (isnan(b->budget) && r->field[0])
        b->budget = strtod(r->field[0], NULL);
    return FC_OK;
}


static fc_status
ceac_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    ceacin *c = ctx;
    const double w = r->num[0], p = r->num[2];
    size_t wi, k;
    (void)err;
    for (wi = 0; wi < c->nw && c->wtp[wi] != w; wi++)
        ;
    if (wi == c->nw) {
        if (c->nw == 512 || (c->nw > 0 && w < c->wtp[c->nw - 1]))
            return FC_OK;
        c->wtp[c->nw++] = w;
    }
    for (k = 0; k < c->nn && strcmp(c->name[k], r->field[1]) != 0; k++)
        ;
    if (k == c->nn) {
        if (c->nn == 16)
            return FC_OK;
        snprintf(c->name[c->nn++], sizeof c->name[0], "%s", r->field[1]);
    }
    c->prob[k][wi] = p;
    return FC_OK;
}


/* Reads options.csv (absent: *have = 0), summary.csv and pbma_budget.csv. */
fc_status
apx_pbma_load(job *j, pbma *b, int *have)
{
    static const fc_csv_col ocols[7] = {
        {"league_rank", FC_COL_REQUIRED}, {"option", FC_COL_REQUIRED}, {"kind", FC_COL_REQUIRED}, {"cost", FC_COL_REQUIRED | FC_COL_NUM},
        {"benefit", FC_COL_REQUIRED | FC_COL_NUM}, {"funded", FC_COL_REQUIRED}, {"p_funded", FC_COL_NUM | FC_COL_EMPTY_NA}};
    static const fc_csv_col kcols[2] = {{"measure", 1}, {"value", 1}};
    static const fc_csv_col bcols[1] = {{"budget", 1}};
    fc_status st;

    memset(b, 0, sizeof *b);
    b->bud.budget = (double)NAN;
    if ((st = apx_read(j, "options.csv", ocols, 7, 1, opt_row, &b->os, have)) != FC_OK ||
        !*have ||
        (st = apx_read(j, "summary.csv", kcols, 2, 0, apx_kv_row, &b->sum, NULL)) != FC_OK ||
        (st = apx_read(j, "pbma_budget.csv", bcols, 1, 0, budget_row, &b->bud, NULL)) != FC_OK)
        return st;
    if (isnan(b->bud.budget))
        b->bud.budget = apx_kv_get(&b->sum, "budget_total");
    b->thr = apx_kv_get(&b->sum, "threshold_gbp_per_unit");
    {
        size_t nfund = 0, len = strlen(j->findings);
        double inv = 0, rel = 0;
        for (size_t i = 0; i < b->os.n; i++)
            if (b->os.o[i].funded) {
                nfund++;
                if (b->os.o[i].cost >= 0)
                    inv += b->os.o[i].cost;
                else
                    rel -= b->os.o[i].cost;
            }
        snprintf(j->findings + len, sizeof j->findings - len,
                 "The programme budgeting and marginal analysis of %zu options puts %zu in the "
                 "best set, investing %s a year and releasing %s%s%s.",
                 b->os.n, nfund, apx_jfmt(j, FC_FMT_GBP, inv, -1, 0), apx_jfmt(j, FC_FMT_GBP, rel, -1, 0),
                 isnan(b->bud.budget) ? "" : ", against a budget of ",
                 isnan(b->bud.budget) ? "" : apx_jfmt(j, FC_FMT_GBP, b->bud.budget, -1, 0));
    }
    return FC_OK;
}

/* What the section's charts and tables share: the options as drawn, and the ladder of the
 * best set's changes. */
typedef struct pbview {
    const char *labels[256], *rlabels[256], *rraw[256];
    double cost[256], metric[256], eff[256], amount[256], inv, rel, thr;
    int funded[256];
    size_t n, nl, nfund;
} pbview;

/* Ranked options, with the cumulative cost and the budget. */
static fc_status
pbma_ranked(job *j, const pbma *b, const pbview *v)
{
    const char *const *labels = v->labels;
    const double *cost = v->cost, *metric = v->metric;
    const int *funded = v->funded;
    const size_t n = v->n, nfund = v->nfund;
    const budgets bud = b->bud;
    fc_plot pl;
    fc_writer *w;
    fc_status st = FC_OK;

    if ((st = apx_chart_csv(j, "pbma_ranked", &w)) == FC_OK) {
        double cum = 0;
        fc_w_str(w, "rank,option,cost,cumulative_cost,funded,cost_per_unit_benefit,budget\n");
        for (size_t i = 0; i < n; i++) {
            if (funded[i]) /* the running total of the best set, as drawn */
                cum += cost[i];
            fc_w_int(w, b->os.o[i].rank);
            fc_w_comma(w);
            fc_w_field(w, b->os.o[i].name);
            fc_w_comma(w);
            fc_w_num(w, cost[i]);
            fc_w_comma(w);
            fc_w_num(w, cum);
            fc_w_str(w, funded[i] ? ",TRUE," : ",FALSE,");
            if (!isnan(metric[i]))
                fc_w_num(w, metric[i]);
            fc_w_comma(w);
            if (!isnan(bud.budget))
                fc_w_num(w, bud.budget);
            fc_w_eol(w);
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_RANK;
        pl.u.rank.text.title =
            apx_jstr(j, "%zu of %zu options are in the best set within the budget", nfund, n);
        pl.u.rank.text.subtitle =
            apx_jstr(j, "%s: options in league-table order, bars from the cumulative cost before "
                    "to after each option",
                 j->scn->name);
        pl.u.rank.text.x_title = "Cumulative cost, \xc2\xa3 a year";
        pl.u.rank.text.source = "Source: Fulcrum PBMA (options.csv, pbma_budget.csv). "
                                "Disinvestments release money.";
        pl.u.rank.n = n;
        pl.u.rank.labels = labels;
        pl.u.rank.cost = cost;
        pl.u.rank.funded = funded;
        pl.u.rank.budget = bud.budget;
        pl.u.rank.metric = metric;
        pl.u.rank.metric_fmt = FC_FMT_GBP;
        pl.u.rank.metric_title = "\xc2\xa3 per unit of benefit";
        st = apx_chart_out(j, "pbma_ranked", &pl, "Options ranked, with cumulative cost and the budget");
    }
    return st;
}

/* The invest and disinvest ladder of the best set. */
static fc_status
pbma_ladder(job *j, const pbma *b, const pbview *v)
{
    const char *const *rlabels = v->rlabels, *const *rraw = v->rraw;
    const double *amount = v->amount, inv = v->inv, rel = v->rel;
    const size_t nl = v->nl;
    (void)b;
    fc_plot pl;
    fc_writer *w;
    fc_status st = FC_OK;

    if (nl > 0 && (st = apx_chart_csv(j, "pbma_ladder", &w)) == FC_OK) {
        fc_w_str(w, "option,amount\n");
        for (size_t i = 0; i < nl; i++) {
            fc_w_field(w, rraw[i]);
            fc_w_comma(w);
            fc_w_num(w, amount[i]);
            fc_w_eol(w);
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_LADDER;
        double ref = fmax(inv, rel);
        pl.u.ladder.text.title =
            apx_jstr(j, "Invest %s and release %s: net %s a year", apx_jgbp(j, inv, ref, 0),
                 apx_jgbp(j, rel, ref, 0), apx_jgbp(j, inv - rel, ref, 1));
        pl.u.ladder.text.subtitle =
            apx_jstr(j, "%s: the changes in the best set, \xc2\xa3 a year", j->scn->name);
        pl.u.ladder.text.x_title = "\xc2\xa3 a year";
        pl.u.ladder.text.source = "Source: Fulcrum PBMA (options.csv).";
        pl.u.ladder.n = nl;
        pl.u.ladder.labels = rlabels;
        pl.u.ladder.amount = amount;
        pl.u.ladder.fmt = FC_FMT_GBP;
        st = apx_chart_out(j, "pbma_ladder", &pl, "Invest and disinvest ladder of the best set");
    }
    return st;
}

/* The cost-effectiveness plane of the options. */
static fc_status
pbma_ce_plane(job *j, const pbma *b, const pbview *v)
{
    const char *const *labels = v->labels;
    const double *cost = v->cost, *eff = v->eff, thr = v->thr;
    const size_t n = v->n;
    fc_plot pl;
    fc_writer *w;
    fc_status st = FC_OK;

    if ((st = apx_chart_csv(j, "pbma_ce_plane", &w)) == FC_OK) {
        double wtp[2] = {thr, 0};
        size_t fr[256], nf = 0;
        fc_ceplane_frontier(eff, cost, n, fr, &nf, NULL);
        fc_w_str(w, "option,benefit,cost,on_frontier\n");
        for (size_t i = 0; i < n; i++) {
            int on = 0;
            for (size_t k = 0; k < nf; k++)
                on |= fr[k] == i;
            fc_w_field(w, b->os.o[i].name);
            fc_w_comma(w);
            fc_w_num(w, eff[i]);
            fc_w_comma(w);
            fc_w_num(w, cost[i]);
            fc_w_str(w, on ? ",TRUE\n" : ",FALSE\n");
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_CEPLANE;
        pl.u.ceplane.text.title =
            apx_jstr(j, "%zu options on the cost-effectiveness frontier", nf);
        pl.u.ceplane.text.subtitle =
            apx_jstr(j, "%s: each option against doing nothing%s%s%s", j->scn->name,
                 thr > 0 ? "; threshold " : "", thr > 0 ? apx_jfmt(j, FC_FMT_GBP, thr, 0, 0) : "",
                 thr > 0 ? " per unit of benefit" : "");
        pl.u.ceplane.text.x_title = "Benefit (units of benefit a year)";
        pl.u.ceplane.text.y_title = "Cost, \xc2\xa3 a year";
        pl.u.ceplane.text.source = "Source: Fulcrum PBMA (options.csv).";
        pl.u.ceplane.n = n;
        pl.u.ceplane.labels = labels;
        pl.u.ceplane.effect = eff;
        pl.u.ceplane.cost = cost;
        pl.u.ceplane.n_wtp = thr > 0 ? 1 : 0;
        pl.u.ceplane.wtp = wtp;
        pl.u.ceplane.wtp_unit = " per unit";
        st = apx_chart_out(j, "pbma_ce_plane", &pl, "Cost-effectiveness plane of the options");
    }
    return st;
}

/* Cost-effectiveness acceptability curves, when a PSA table is present. */
static fc_status
pbma_ceac(job *j, const pbma *b, const pbview *v)
{
    double thr = v->thr;
    (void)b;
    fc_plot pl;
    fc_writer *w;
    fc_status st = FC_OK;

    if (apx_has(j, "ceac.csv")) {
        static const fc_csv_col ccols[3] = {{"wtp", FC_COL_REQUIRED | FC_COL_NUM}, {"strategy", FC_COL_REQUIRED},
                                            {"proportion", FC_COL_REQUIRED | FC_COL_NUM}};
        ceacin c; /* not static: concurrent runs (about 140 KB of stack) */
        double prob[16 * 512];
        const char *names[16];
        memset(&c, 0, sizeof c);
        if ((st = apx_read(j, "ceac.csv", ccols, 3, 1, ceac_row, &c, NULL)) == FC_OK &&
            c.nw >= 2 && (st = apx_chart_csv(j, "pbma_ceac", &w)) == FC_OK) {
            fc_w_str(w, "wtp,option,probability\n");
            for (size_t k = 0; k < c.nn; k++) {
                names[k] = c.name[k];
                for (size_t i = 0; i < c.nw; i++) {
                    prob[k * c.nw + i] = c.prob[k][i];
                    fc_w_row(w, FC_D(c.wtp[i]), FC_S(c.name[k]), FC_D(c.prob[k][i]));
                }
            }
            memset(&pl, 0, sizeof pl);
            pl.kind = FC_PLOT_CEAC;
            pl.u.ceac.text.title = "Probability each option is the cost-effective choice";
            pl.u.ceac.text.subtitle = j->scn->name;
            pl.u.ceac.text.x_title = "Willingness to pay, \xc2\xa3 per unit of benefit";
            pl.u.ceac.text.y_title = "Probability cost-effective";
            pl.u.ceac.text.source = "Source: Fulcrum probabilistic analysis (ceac.csv).";
            pl.u.ceac.n_wtp = c.nw;
            pl.u.ceac.wtp = c.wtp;
            pl.u.ceac.n_opt = c.nn;
            pl.u.ceac.labels = names;
            pl.u.ceac.prob = prob;
            pl.u.ceac.n_ref = thr > 0 ? 1 : 0;
            pl.u.ceac.ref = &thr;
            st = apx_chart_out(j, "pbma_ceac", &pl, "Cost-effectiveness acceptability curves");
        }
    }
    return st;
}

/* The options table: decisions and the probability each is in the best set. */
static fc_status
pbma_options_table(job *j, const pbma *b, const pbview *v)
{
    const char *const *labels = v->labels;
    const double *metric = v->metric;
    const size_t n = v->n;
    fc_status st = FC_OK;

    {
        static const char *const head[7] = {"Rank",      "Option", "Cost, \xc2\xa3", "Benefit",
                                            "\xc2\xa3 per unit", "Decision", "P(in best set)"};
        const char **cells = calloc(7 * n + 1, sizeof *cells);
        if (cells == NULL)
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) {
            const opt *o = &b->os.o[i];
            int dis = o->cost < 0;
            cells[7 * i] = apx_jstr(j, "%ld", o->rank);
            cells[7 * i + 1] = labels[i];
            cells[7 * i + 2] = apx_jfmt(j, FC_FMT_NUMBER, o->cost, 0, 0);
            cells[7 * i + 3] = apx_jfmt(j, FC_FMT_NUMBER, o->benefit, 1, 0);
            cells[7 * i + 4] = !isnan(metric[i]) ? apx_jfmt(j, FC_FMT_NUMBER, metric[i], 0, 0)
                               : o->benefit == 0 ? "no benefit"
                               : o->cost <= 0 ? "dominant" : "dominated";
            cells[7 * i + 5] = o->funded ? (dis ? "disinvest" : "fund")
                                         : (dis ? "not in the set (kept)" : "not in the set");
            if (isnan(o->p_funded)) {
                cells[7 * i + 6] = "";
            } else { /* the P(funded) chart's wording */
                char pb[16];
                fc_axis_fmt_prob(o->p_funded, pb, sizeof pb);
                cells[7 * i + 6] = apx_jstr(j, "%s", pb);
            }
        }
        st = apx_add_table(j, "Options, decisions and the probability each is in the best set", n, 7,
                       head, cells,
                       "Cost in \xc2\xa3 a year; negative for a disinvestment (money released). "
                       "\xc2\xa3 per unit: cost per unit of benefit gained, or for a "
                       "disinvestment money released per unit of benefit lost. P(in best set): "
                       "share of Monte Carlo draws from the options' ranges in which the option "
                       "is in the optimal set.");
        free(cells);
    }
    return st;
}

/* The key measures of the exercise (summary.csv). */
static fc_status
pbma_measures(job *j, const pbma *b, const pbview *v)
{
    (void)v;
    fc_status st = FC_OK;

    if (b->sum.n > 0) {
        static const struct {
            const char *key, *label;
            fc_axis_fmt_kind kind;
        } m[] = {{"budget_total", "Budget", FC_FMT_GBP},
                 {"optimal_cost", "Cost of the best set", FC_FMT_GBP},
                 {"optimal_benefit", "Benefit of the best set", FC_FMT_NUMBER},
                 {"greedy_cost", "Cost of the league-table answer", FC_FMT_GBP},
                 {"greedy_benefit", "Benefit of the league-table answer", FC_FMT_NUMBER},
                 {"objective_lost_by_greedy", "Net benefit lost by the league table",
                  FC_FMT_GBP},
                 {"shadow_price_lp", "Shadow price of the budget", FC_FMT_NUMBER},
                 {"draws", "Monte Carlo draws", FC_FMT_NUMBER},
                 {"optimal_objective_p10", "Net benefit of the best set, P10", FC_FMT_GBP},
                 {"optimal_objective_p90", "Net benefit of the best set, P90", FC_FMT_GBP}};
        static const char *const head[2] = {"Measure", "Value"};
        const char *cells[2 * sizeof m / sizeof m[0]];
        size_t k = 0;
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
            double x = apx_kv_get(&b->sum, m[i].key);
            if (isnan(x))
                continue;
            cells[2 * k] = m[i].label;
            cells[2 * k + 1] = m[i].kind == FC_FMT_GBP ? apx_jfmt(j, FC_FMT_GBP, x, -1, 0)
                                                       : apx_jfmt(j, FC_FMT_NUMBER, x, 0, 0);
            k++;
        }
        if (k)
            st = apx_add_table(j, "Key measures of the exercise", k, 2, head, cells, NULL);
    }
    return st;
}

/* The options as the charts show them, and the ladder: funded investments, largest first,
 * then the disinvestments carried out. */
static void
pbma_view(job *j, const pbma *b, pbview *v)
{
    const size_t n = v->n = b->os.n;
    v->thr = b->thr;
    for (size_t i = 0; i < n; i++) {
        const opt *o = &b->os.o[i];
        v->labels[i] = apx_pretty(j, o->name);
        v->cost[i] = o->cost;
        v->funded[i] = o->funded;
        v->eff[i] = o->benefit;
        /* an investment's cost per unit gained; a disinvestment's money released per unit
         * lost (both negative: the same ratio); none when one side has no sign to trade */
        v->metric[i] = (o->cost > 0 && o->benefit > 0) || (o->cost < 0 && o->benefit < 0)
                           ? o->cost / o->benefit : (double)NAN;
        if (o->funded) {
            v->nfund++;
            if (o->cost >= 0)
                v->inv += o->cost;
            else
                v->rel -= o->cost;
        }
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            const opt *o = &b->os.o[i];
            double *amount = v->amount;
            if (o->funded && ((pass == 0) == (o->cost >= 0))) {
                size_t k = v->nl++;
                while (k > 0 && (pass == 0 ? amount[k - 1] < o->cost : amount[k - 1] > o->cost) &&
                       (amount[k - 1] >= 0) == (o->cost >= 0)) {
                    amount[k] = amount[k - 1];
                    v->rlabels[k] = v->rlabels[k - 1];
                    v->rraw[k] = v->rraw[k - 1];
                    k--;
                }
                amount[k] = o->cost;
                v->rlabels[k] = apx_pretty(j, o->name);
                v->rraw[k] = o->name;
            }
        }
}

fc_status
apx_section_pbma(job *j, pbma *b)
{
    pbview v;
    const double thr = b->thr;
    fc_status st;

    memset(&v, 0, sizeof v);
    pbma_view(j, b, &v);
    st = fc_appendix_section_begin(
        j->a, "Programme budgeting and marginal analysis",
        apx_jstr(j,
             "The %zu options the panel considered, ranked by benefit per pound, the best set "
             "within the budget (exact optimisation) and the changes it implies.%s%s%s",
             v.n, isnan(thr) || thr <= 0 ? "" : " Options are valued at ",
             isnan(thr) || thr <= 0 ? "" : apx_jfmt(j, FC_FMT_GBP, thr, 0, 0),
             isnan(thr) || thr <= 0 ? "" : " per unit of benefit."),
        j->err);

    apx_family(j, v.labels, v.n);
    if (st == FC_OK)
        st = pbma_ranked(j, b, &v);
    if (st == FC_OK)
        st = pbma_ladder(j, b, &v);
    if (st == FC_OK)
        st = pbma_ce_plane(j, b, &v);
    if (st == FC_OK)
        st = pbma_ceac(j, b, &v);
    if (st == FC_OK)
        st = pbma_options_table(j, b, &v);
    if (st == FC_OK)
        st = pbma_measures(j, b, &v);
    if (st == FC_OK)
        st = apx_assumptions(j, "pbma");
    return st;
}

