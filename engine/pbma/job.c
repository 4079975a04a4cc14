/* job.c: the PBMA job: scores, marginal-analysis lists, the best set within the budget and
 * P(funded); its tables are write.c (pbma_int.h). */
#include "engine/pbma/pbma_int.h"

/* ------------------------------------------------------------------------ the PBMA job */


void
pb_job_fini(job *j)
{
    pb_opt_fini(&j->ot);
    pb_crit_fini(&j->ct);
    free(j->bt.year);
    free(j->bt.budget);
    free(j->bt.line);
    free(j->years);
    free(j->budget);
    free(j->cost);
    free(j->cost_lo);
    free(j->cost_hi);
    free(j->ctot);
    free(j->benefit);
    free(j->ben_lo);
    free(j->ben_hi);
    free(j->score);
    free(j->value);
    free(j->weighted);
    free(j->req_from);
    free(j->req_to);
    free(j->group);
    pb_names_fini(&j->groups);
    fc_pbma_ws_free(j->ws);
    free(j->x_opt);
    free(j->x_greedy);
    free(j->shadow);
    free(j->league);
    free(j->rank);
    free(j->p_funded);
    free(j->p_greedy);
    free(j->p_ce);
    free(j->obj_draws);
}

static int
cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Raises a located error at option i's first row, column j of the options table, with the
 * message of a model-level error. */
static fc_status
opt_fail(job *j, size_t i, size_t col, fc_status st, const char *msg, fc_err *err)
{
    return fc_err_at(err, st, j->opt_path, j->ot.name.line[i], j->ot.pos[col], "%s", msg);
}

/* Reads the criteria (if any), then the options table, whose columns the criteria name. */
static fc_status
read_options(job *j, fc_warnings *warn, fc_err *err)
{
    static const fc_csv_col fixed[O_NFIXED] = {
        {"option", 1}, {"programme", 0}, {"cost", 1}, {"effect", 0}, {"cost_lo", 0},
        {"cost_hi", 0}, {"effect_lo", 0}, {"effect_hi", 0}, {"requires", 0}, {"group", 0},
        {"year", 0}};
    static const fc_csv_col ccols[C_NCOL] = {
        {"criterion", 1}, {"weight", 1}, {"direction", 0}, {"min", 0}, {"max", 0}};
    opt_tab *t = &j->ot;
    fc_status st;
    if (j->crit_path) {
        j->ct.path = j->crit_path;
        if ((st = fc_csv_read(j->crit_path, ccols, C_NCOL, 1, pb_crit_row, &j->ct, warn, err)))
            return st;
        if (j->ct.name.n > 64)
            return fc_err_at(err, FC_ELIMIT, j->crit_path, 0, 0, "at most 64 criteria");
    }
    j->ncrit = j->ct.name.n;
    t->path = j->opt_path;
    t->ncrit = j->ncrit;
    t->use_criteria = j->ncrit > 0;
    t->ncol = O_NFIXED + j->ncrit;
    if ((t->cols = calloc(t->ncol, sizeof *t->cols)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    memcpy(t->cols, fixed, sizeof fixed);
    t->cols[O_EFFECT].flags = !t->use_criteria;
    for (size_t k = 0; k < j->ncrit; k++) {
        t->cols[O_NFIXED + k].name = j->ct.name.s[k];
        t->cols[O_NFIXED + k].flags = FC_COL_REQUIRED;
    }
    /* whether the table has a year column is known at its first row (pb_opt_row) */
    if ((st = fc_csv_read(j->opt_path, t->cols, t->ncol, 1, pb_opt_row, t, warn, err)))
        return st;
    return FC_OK;
}

/* The distinct years of the options' costs (one year without a year column). */
static fc_status
load_years(job *j, fc_err *err)
{
    const opt_tab *t = &j->ot;
    if (t->have_year) {
        long *ys = calloc(t->nrows, sizeof *ys);
        size_t m = 0;
        if (ys == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t r = 0; r < t->nrows; r++)
            ys[r] = t->rows[r].year;
        qsort(ys, t->nrows, sizeof *ys, cmp_long);
        for (size_t r = 0; r < t->nrows; r++)
            if (m == 0 || ys[m - 1] != ys[r])
                ys[m++] = ys[r];
        j->years = ys;
        j->nyear = m;
    } else {
        if ((j->years = calloc(1, sizeof *j->years)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        j->nyear = 1;
    }
    return FC_OK;
}

/* The model arrays, and each option's cost by year and in total. */
static fc_status
load_costs(job *j, fc_err *err)
{
    const opt_tab *t = &j->ot;
    const size_t n = j->n, ny = j->nyear;
    j->cost = calloc(n * ny, sizeof *j->cost);
    j->cost_lo = calloc(n * ny, sizeof *j->cost_lo);
    j->cost_hi = calloc(n * ny, sizeof *j->cost_hi);
    j->ctot = calloc(n, sizeof *j->ctot);
    j->benefit = calloc(n, sizeof *j->benefit);
    j->ben_lo = calloc(n, sizeof *j->ben_lo);
    j->ben_hi = calloc(n, sizeof *j->ben_hi);
    j->group = calloc(n, sizeof *j->group);
    j->budget = calloc(ny, sizeof *j->budget);
    j->shadow = calloc(ny, sizeof *j->shadow);
    j->x_opt = calloc(n, 1);
    j->x_greedy = calloc(n, 1);
    j->league = calloc(n, sizeof *j->league);
    j->rank = calloc(n, sizeof *j->rank);
    if (!j->cost || !j->cost_lo || !j->cost_hi || !j->ctot || !j->benefit || !j->ben_lo ||
        !j->ben_hi || !j->group || !j->budget || !j->shadow || !j->x_opt || !j->x_greedy ||
        !j->league || !j->rank)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t k = 0; k < n * ny; k++)
        j->cost_lo[k] = j->cost_hi[k] = (double)NAN;
    for (size_t r = 0; r < t->nrows; r++) {
        const cost_row *cr = &t->rows[r];
        size_t y = 0;
        while (t->have_year && j->years[y] != cr->year)
            y++;
        j->cost[cr->opt * ny + y] = cr->cost;
        j->cost_lo[cr->opt * ny + y] = cr->lo;
        j->cost_hi[cr->opt * ny + y] = cr->hi;
    }
    for (size_t i = 0; i < n; i++) {
        double c = 0.0;
        for (size_t y = 0; y < ny; y++)
            c += j->cost[i * ny + y];
        j->ctot[i] = c;
    }
    return FC_OK;
}

/* Each option's benefit: its effect, or its MCDA weighted score from the criteria. */
static fc_status
load_benefit(job *j, fc_err *err)
{
    opt_tab *t = &j->ot;
    const size_t n = j->n;
    fc_status st;
    if (j->ncrit == 0) {
        for (size_t i = 0; i < n; i++) {
            j->benefit[i] = strtod(pb_attr(t, i, O_EFFECT), NULL);
            j->ben_lo[i] = pb_empty(pb_attr(t, i, O_EFFECT_LO)) ? (double)NAN
                                                           : strtod(pb_attr(t, i, O_EFFECT_LO), NULL);
            j->ben_hi[i] = pb_empty(pb_attr(t, i, O_EFFECT_HI)) ? (double)NAN
                                                           : strtod(pb_attr(t, i, O_EFFECT_HI), NULL);
        }
    } else {
        size_t nc = j->ncrit, bo, bc;
        int *sign = calloc(n, sizeof *sign);
        fc_err e2;
        j->score = calloc(n * nc, sizeof *j->score);
        j->value = calloc(n * nc, sizeof *j->value);
        j->weighted = calloc(n * nc, sizeof *j->weighted);
        if (!sign || !j->score || !j->value || !j->weighted) {
            free(sign);
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < n; i++) {
            sign[i] = j->ctot[i] < 0.0 ? -1 : 1;
            j->ben_lo[i] = j->ben_hi[i] = (double)NAN;
            for (size_t k = 0; k < nc; k++)
                j->score[i * nc + k] = strtod(pb_attr(t, i, O_NFIXED + k), NULL);
        }
        /* default scale: min 0 (or the lowest score when negative), max the highest score */
        for (size_t k = 0; k < nc; k++) {
            double lo = 0.0, hi = -(double)HUGE_VAL;
            for (size_t i = 0; i < n; i++) {
                lo = fmin(lo, j->score[i * nc + k]);
                hi = fmax(hi, j->score[i * nc + k]);
            }
            if (!j->ct.has_min[k])
                j->ct.c[k].min = lo;
            if (!j->ct.has_max[k])
                j->ct.c[k].max = hi;
        }
        fc_err_clear(&e2);
        st = fc_pbma_mcda(j->score, n, j->ct.c, nc, sign, j->value, j->weighted, j->benefit,
                          &bo, &bc, &e2);
        free(sign);
        if (st != FC_OK) {
            if (bo != SIZE_MAX)
                return fc_err_at(err, st, j->opt_path, t->name.line[bo], t->pos[O_NFIXED + bc],
                                 "column '%s': %s", j->ct.name.s[bc], e2.msg);
            if (bc != SIZE_MAX)
                return fc_err_at(err, st, j->crit_path, j->ct.name.line[bc], 0,
                                 "criterion '%s': %s%s", j->ct.name.s[bc], e2.msg,
                                 (j->ct.has_min[bc] && j->ct.has_max[bc]) ? ""
                                 : " (min defaults to 0, max to the highest score)");
            return fc_err_at(err, st, j->crit_path, 0, 0, "%s", e2.msg);
        }
    }
    return FC_OK;
}

/* The exclusive groups. */
static fc_status
load_groups(job *j, fc_err *err)
{
    const opt_tab *t = &j->ot;
    const size_t n = j->n;
    fc_status st;
    for (size_t i = 0; i < n; i++) {
        const char *g = pb_attr(t, i, O_GROUP);
        size_t gi;
        if (pb_empty(g)) {
            j->group[i] = -1;
            continue;
        }
        if ((gi = pb_names_find(&j->groups, g)) == SIZE_MAX) {
            if ((st = pb_names_add(&j->groups, g, t->name.line[i], err)))
                return st;
            gi = j->groups.n - 1;
        }
        j->group[i] = (long)gi;
    }
    return FC_OK;
}

/* The requirements between options ('requires': a list separated by ';'). */
static fc_status
load_requires(job *j, fc_err *err)
{
    const opt_tab *t = &j->ot;
    const size_t n = j->n;
    fc_status st;
    {
        size_t cap = 0;
        for (size_t i = 0; i < n; i++) {
            char *list = pb_xstrdup(pb_attr(t, i, O_REQUIRES)), *tok, *save = NULL;
            if (list == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            for (tok = strtok_r(list, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
                size_t k;
                while (*tok == ' ')
                    tok++;
                for (size_t e = strlen(tok); e > 0 && tok[e - 1] == ' ';)
                    tok[--e] = '\0';
                if (*tok == '\0')
                    continue;
                if ((k = pb_names_find(&t->name, tok)) == SIZE_MAX) {
                    st = fc_err_at(err, FC_EDATA, j->opt_path, t->name.line[i], t->pos[O_REQUIRES],
                                   "column 'requires': unknown option '%s'", tok);
                    free(list);
                    return st;
                }
                if (j->nreq == cap) {
                    size_t nc = cap ? 2 * cap : 16;
                    size_t *a = realloc(j->req_from, nc * sizeof *a), *b;
                    if (a == NULL) {
                        free(list);
                        return FC_FAIL(err, FC_ENOMEM, "out of memory");
                    }
                    j->req_from = a;
                    if ((b = realloc(j->req_to, nc * sizeof *b)) == NULL) {
                        free(list);
                        return FC_FAIL(err, FC_ENOMEM, "out of memory");
                    }
                    j->req_to = b;
                    cap = nc;
                }
                j->req_from[j->nreq] = i;
                j->req_to[j->nreq++] = k;
            }
            free(list);
        }
    }
    return FC_OK;
}

/* The budget of each year: the budget table, one budget for all years, or none (a limit that
 * never binds). */
static fc_status
load_budgets(job *j, fc_warnings *warn, fc_err *err)
{
    static const fc_csv_col bcols[2] = {{"year", 1}, {"budget", 1}};
    const opt_tab *t = &j->ot;
    const size_t n = j->n, ny = j->nyear;
    fc_status st;
    if (j->budget_path) {
        if ((st = fc_csv_read(j->budget_path, bcols, 2, 1, pb_budget_row, &j->bt, warn, err)))
            return st;
        if (!t->have_year && j->bt.n != 1)
            return fc_err_at(err, FC_EDATA, j->budget_path, 0, 0, "the options table has no "
                             "'year' column, so the budget table must have exactly one row");
        for (size_t y = 0; y < ny; y++) {
            size_t k = 0;
            if (t->have_year) {
                while (k < j->bt.n && j->bt.year[k] != j->years[y])
                    k++;
                if (k == j->bt.n)
                    return fc_err_at(err, FC_EDATA, j->budget_path, 0, 0, "no budget for year "
                                     "%ld, which the options table uses", j->years[y]);
            }
            j->budget[y] = j->bt.budget[k];
        }
        j->have_budget = 1;
    } else if (!isnan(j->budget_all)) {
        for (size_t y = 0; y < ny; y++)
            j->budget[y] = j->budget_all;
        j->have_budget = 1;
    } else {
        /* no budget: a limit that never binds (everything worth funding is funded) */
        for (size_t y = 0; y < ny; y++) {
            double s = 1.0;
            for (size_t i = 0; i < n; i++)
                s += fabs(j->cost[i * ny + y]);
            j->budget[y] = s;
        }
    }
    return FC_OK;
}

/* Reads the criteria, options and budget tables and resolves them into model arrays. */
fc_status
pb_job_load(job *j, fc_warnings *warn, fc_err *err)
{
    fc_status st;
    if ((st = read_options(j, warn, err)) != FC_OK)
        return st;
    j->n = j->ot.name.n;
    if ((st = load_years(j, err)) != FC_OK || (st = load_costs(j, err)) != FC_OK ||
        (st = load_benefit(j, err)) != FC_OK || (st = load_groups(j, err)) != FC_OK ||
        (st = load_requires(j, err)) != FC_OK)
        return st;
    return load_budgets(j, warn, err);
}

/* Builds the solver, solves the optimum, greedy, shadow price and the draws. */
fc_status
pb_job_solve(job *j, fc_err *err)
{
    fc_pbma_problem p = {j->n, j->nyear, j->budget, j->nreq, j->req_from, j->req_to, j->group,
                         j->threshold};
    size_t bad, n = j->n, ny = j->nyear;
    fc_err e2;
    fc_status st;

    fc_err_clear(&e2);
    if ((st = fc_pbma_ws_alloc(&p, &j->ws, &bad, &e2)) != FC_OK) {
        if (st == FC_EDATA && bad != SIZE_MAX) {
            char msg[FC_ERR_MSG_MAX + 64];
            snprintf(msg, sizeof msg, "column 'requires': option '%s': %s", j->ot.name.s[bad],
                     e2.msg);
            return opt_fail(j, bad, O_REQUIRES, st, msg, err);
        }
        return fc_err_raise(err, st, NULL, 0, 0, __FILE__, __LINE__, "%s", e2.msg);
    }
    j->opt.x = j->x_opt;
    j->greedy.x = j->x_greedy;
    fc_err_clear(&e2);
    if ((st = fc_pbma_solve(j->ws, j->cost, j->benefit, &j->opt, &e2)) != FC_OK) {
        if (st == FC_EDATA)
            return fc_err_at(err, st, j->budget_path ? j->budget_path : NULL, 0, 0,
                             "infeasible budget: %s", e2.msg);
        return fc_err_raise(err, st, NULL, 0, 0, __FILE__, __LINE__, "%s", e2.msg);
    }
    if ((st = fc_pbma_greedy(j->ws, j->cost, j->benefit, &j->greedy, &j->greedy_feasible, err)))
        return st;
    if ((st = fc_pbma_shadow_price(j->ws, j->cost, j->benefit, j->shadow, err)))
        return st;
    fc_pbma_league(j->ctot, j->benefit, n, j->league);
    for (size_t k = 0; k < n; k++)
        j->rank[j->league[k]] = k + 1;
    /* the value of 10% more budget, by re-solving */
    j->gain_10pct = (double)NAN;
    if (j->have_budget) {
        double *b2 = calloc(ny, sizeof *b2);
        unsigned char *x2 = calloc(n, 1);
        fc_pbma_ws *w2 = NULL;
        fc_pbma_solution s2 = {x2, 0, 0, 0};
        if (!b2 || !x2) {
            free(b2);
            free(x2);
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        }
        for (size_t y = 0; y < ny; y++)
            b2[y] = j->budget[y] + 0.1 * fabs(j->budget[y]);
        p.budget = b2;
        st = fc_pbma_ws_alloc(&p, &w2, NULL, err);
        if (st == FC_OK)
            st = fc_pbma_solve(w2, j->cost, j->benefit, &s2, err);
        if (st == FC_OK)
            j->gain_10pct = s2.objective - j->opt.objective;
        fc_pbma_ws_free(w2);
        free(b2);
        free(x2);
        if (st)
            return st;
    }
    if (j->ndraw > 0) {
        fc_pbma_uncertain u = {n, ny, j->cost, j->cost_lo, j->cost_hi, j->benefit, j->ben_lo,
                               j->ben_hi};
        double *cd, *bd;
        gsl_rng *r;
        j->p_funded = calloc(n, sizeof *j->p_funded);
        j->p_greedy = calloc(n, sizeof *j->p_greedy);
        j->p_ce = calloc(n, sizeof *j->p_ce);
        j->obj_draws = calloc((size_t)j->ndraw, sizeof *j->obj_draws);
        if (!j->p_funded || !j->p_greedy || !j->p_ce || !j->obj_draws)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        fc_err_clear(&e2);
        st = fc_pbma_portfolio_psa(j->ws, &u, (size_t)j->ndraw, j->seed, j->p_funded,
                                   j->p_greedy, j->obj_draws, NULL, &e2);
        if (st == FC_EDATA)
            return fc_err_at(err, st, j->budget_path, 0, 0, "infeasible budget in a PSA draw: "
                             "%s", e2.msg);
        if (st)
            return fc_err_raise(err, st, NULL, 0, 0, __FILE__, __LINE__, "%s", e2.msg);
        /* P(cost-effective): NMB = threshold * benefit - cost > 0 (benefit > 0 for a
         * disinvestment: the money released is worth more than the benefit lost) */
        cd = calloc(n * ny, sizeof *cd);
        bd = calloc(n, sizeof *bd);
        r = fc_rng_alloc();
        if (!cd || !bd || !r) {
            free(cd);
            free(bd);
            if (r)
                gsl_rng_free(r);
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        }
        for (long d = 1; d <= j->ndraw; d++) {
            fc_pbma_draw(&u, j->seed, (uint64_t)d, r, cd, bd);
            for (size_t i = 0; i < n; i++) {
                double c = 0.0;
                for (size_t y = 0; y < ny; y++)
                    c += cd[i * ny + y];
                if (j->threshold * bd[i] - c > 0.0)
                    j->p_ce[i] += 1.0;
            }
        }
        for (size_t i = 0; i < n; i++)
            j->p_ce[i] /= (double)j->ndraw;
        free(cd);
        free(bd);
        gsl_rng_free(r);
    }
    return FC_OK;
}

const char *
pb_kind_name(fc_pbma_kind k)
{
    static const char *const s[] = {"investment", "disinvestment", "dominant", "dominated",
                                    "null"};
    return s[k];
}

/* A sum of money for people: whole pounds with thousands separated ("1,200,000"). */
static const char *
gbp_words(double v, char buf[40])
{
    char d[32];
    int n = snprintf(d, sizeof d, "%.0f", fabs(v)), k = 0;
    if (v < 0 && strcmp(d, "0") != 0)
        buf[k++] = '-';
    for (int i = 0; i < n && k < 38; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = d[i];
    }
    buf[k] = '\0';
    return buf;
}

/* The audit-trail sentence for option i, its numbers written for people (benefit per GBP
 * 1m rather than 9.048e-05 per GBP). */
void
pb_reason(const job *j, size_t i, char *buf, size_t len)
{
    fc_pbma_kind k = fc_pbma_classify(j->ctot[i], j->benefit[i]);
    double c = j->ctot[i], b = j->benefit[i];
    char g[40];
    size_t o = 0;
    int funded = j->x_opt[i], gfunded = j->x_greedy[i];

#define ADD(...) \
    do { \
        if (o < len) \
            o += (size_t)snprintf(buf + o, len - o, __VA_ARGS__); \
    } while (0)
    switch (k) {
    case FC_PBMA_INVEST:
        ADD("investment: %.3g benefit per GBP 1m (league rank %zu of %zu)", 1e6 * b / c,
            j->rank[i], j->n);
        break;
    case FC_PBMA_DISINVEST:
        ADD("disinvestment: releases GBP %s losing %.4g, %.3g benefit lost per GBP 1m "
            "released (league rank %zu of %zu)", gbp_words(-c, g), -b, 1e6 * b / c, j->rank[i],
            j->n);
        break;
    case FC_PBMA_DOMINANT:
        ADD("dominant: saves GBP %s and gains %.4g", gbp_words(-c, g), b);
        break;
    case FC_PBMA_DOMINATED:
        ADD("dominated: costs GBP %s and gains %.4g, never worth funding", gbp_words(c, g), b);
        break;
    default:
        ADD("no cost and no benefit");
        break;
    }
    if (k == FC_PBMA_DISINVEST) {
        if (funded)
            ADD("; carried out in the optimal set: the money buys more elsewhere");
        else
            ADD("; kept in the optimal set: what it provides is worth more than what the money "
                "would buy elsewhere");
    } else if (funded) {
        ADD("; funded in the optimal set");
    } else {
        int why = 0;
        for (size_t r = 0; r < j->nreq && !why; r++)
            if (j->req_from[r] == i && !j->x_opt[j->req_to[r]]) {
                ADD("; not funded: requires '%s', which is not funded", j->ot.name.s[j->req_to[r]]);
                why = 1;
            }
        for (size_t m = 0; m < j->n && !why; m++)
            if (m != i && j->group[i] >= 0 && j->group[m] == j->group[i] && j->x_opt[m]) {
                ADD("; not funded: '%s' of exclusive group '%s' is funded instead",
                    j->ot.name.s[m], j->groups.s[j->group[i]]);
                why = 1;
            }
        if (!why && j->threshold > 0.0 && j->threshold * b - c <= 0.0) {
            ADD("; not funded: net monetary benefit %.6g <= 0 at the threshold",
                j->threshold * b - c);
            why = 1;
        }
        if (!why && (k == FC_PBMA_INVEST || k == FC_PBMA_DOMINANT))
            ADD("; not funded: the budget buys more benefit with other options");
    }
    if (funded != gfunded)
        ADD("; the league table would %s it", gfunded ? (k == FC_PBMA_DISINVEST ? "carry out"
                                                                                  : "fund")
                                                      : (k == FC_PBMA_DISINVEST ? "keep"
                                                                                  : "not fund"));
#undef ADD
}

void
pb_w_bool(fc_writer *w, int b)
{
    fc_w_str(w, b ? "TRUE" : "FALSE");
}

/* ---------------------------------------------------------------- writing */
