/* pbma_budget.c: the best set of options within a budget (0/1 MIP solved by GLPK), the
 * shadow price of the budget (LP-relaxation duals), the greedy league-table set it is compared
 * with, and the portfolio PSA (P(option funded) over seeded draws).
 *
 * MIP: max sum_i v_i x_i  s.t.  sum_i c_iy x_i <= B_y (each period y),  sum_{i in G} x_i <= 1
 * (each exclusive group G),  x_i - x_j <= 0 (i requires j),  x_i in {0,1};  v_i = b_i, or
 * v_i = K b_i - sum_y c_iy at threshold K (Stinnett & Paltiel 1996; Epstein et al. 2007).
 */
#include "models/pbma.h"

#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "models/rng.h"

struct fc_pbma_ws {
    size_t n, nyear, nreq, ngrouprow;
    double *budget;  /* [nyear] */
    size_t *req_from, *req_to; /* [nreq] */
    long *group;     /* [n], -1 = none */
    double threshold;
    glp_prob *lp;
    int *ind;        /* [n+1] GLPK 1-based column indices */
    double *val;     /* [n+1] */
    /* scratch for greedy and the portfolio PSA: no allocation per draw */
    double *rem;     /* [nyear] */
    double *ctot;    /* [n] */
    size_t *order;   /* [n] */
    unsigned char *locked; /* [n] */
    unsigned char *x_opt, *x_greedy; /* [n] */
    double *cost_d;  /* [n*nyear] */
    double *benefit_d; /* [n] */
    gsl_rng *rng;
};

/* ------------------------------------------------------------------------ structure */

fc_status
fc_pbma_problem_check(const fc_pbma_problem *p, size_t *bad, fc_err *err)
{
    size_t *indeg = NULL, *queue = NULL, head = 0, tail = 0;
    fc_status st = FC_OK;

    if (bad)
        *bad = SIZE_MAX;
    if (p->n == 0 || p->nyear == 0)
        return FC_FAIL(err, FC_EINVAL, "a budgeting problem needs options and periods");
    for (size_t y = 0; y < p->nyear; y++)
        if (!isfinite(p->budget[y]))
            return FC_FAIL(err, FC_EDATA, "the budget is not a finite number");
    if (!(p->threshold >= 0.0) || !isfinite(p->threshold))
        return FC_FAIL(err, FC_EDATA, "the threshold must be a finite number >= 0");
    for (size_t r = 0; r < p->nreq; r++) {
        size_t i = p->req_from[r], j = p->req_to[r];
        if (i >= p->n || j >= p->n)
            return FC_FAIL(err, FC_EINVAL, "requirement %zu names an option out of range", r);
        if (bad)
            *bad = i;
        if (i == j)
            return FC_FAIL(err, FC_EDATA, "an option cannot require itself");
        if (p->group && p->group[i] >= 0 && p->group[i] == p->group[j])
            return FC_FAIL(err, FC_EDATA, "an option cannot require another option of its own "
                           "exclusive group (the two can never both be funded)");
    }
    /* Kahn's algorithm on edges i -> j (i requires j): what is left is on or behind a cycle. */
    indeg = calloc(p->n, sizeof *indeg);
    queue = calloc(p->n, sizeof *queue);
    if (!indeg || !queue) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < p->nreq; r++)
        indeg[p->req_to[r]]++;
    for (size_t i = 0; i < p->n; i++)
        if (indeg[i] == 0)
            queue[tail++] = i;
    while (head < tail) {
        size_t i = queue[head++];
        for (size_t r = 0; r < p->nreq; r++)
            if (p->req_from[r] == i && --indeg[p->req_to[r]] == 0)
                queue[tail++] = p->req_to[r];
    }
    if (tail < p->n) {
        /* Every node left has a predecessor that is left too; walking predecessors n times
         * from any of them lands on a cycle. */
        size_t v = SIZE_MAX;
        for (size_t i = 0; i < p->n && v == SIZE_MAX; i++)
            if (indeg[i] > 0)
                v = i;
        for (size_t step = 0; step < p->n; step++)
            for (size_t r = 0; r < p->nreq; r++)
                if (p->req_to[r] == v && indeg[p->req_from[r]] > 0) {
                    v = p->req_from[r];
                    break;
                }
        if (bad)
            *bad = v;
        st = FC_FAIL(err, FC_EDATA, "requirements form a cycle");
        goto done;
    }
    if (bad)
        *bad = SIZE_MAX;
done:
    free(indeg);
    free(queue);
    return st;
}

void
fc_pbma_ws_free(fc_pbma_ws *w)
{
    if (w == NULL)
        return;
    if (w->lp)
        glp_delete_prob(w->lp);
    if (w->rng)
        gsl_rng_free(w->rng);
    free(w->budget);
    free(w->req_from);
    free(w->req_to);
    free(w->group);
    free(w->ind);
    free(w->val);
    free(w->rem);
    free(w->ctot);
    free(w->order);
    free(w->locked);
    free(w->x_opt);
    free(w->x_greedy);
    free(w->cost_d);
    free(w->benefit_d);
    free(w);
}

fc_status
fc_pbma_ws_alloc(const fc_pbma_problem *p, fc_pbma_ws **result, size_t *bad, fc_err *err)
{
    fc_pbma_ws *w = NULL;
    fc_status st;
    size_t n = p->n, ng = 0;
    long gmax = -1;

    if ((st = fc_pbma_problem_check(p, bad, err)) != FC_OK)
        return st;
    if ((w = calloc(1, sizeof *w)) == NULL)
        goto nomem;
    w->n = n;
    w->nyear = p->nyear;
    w->nreq = p->nreq;
    w->threshold = p->threshold;
    w->budget = calloc(p->nyear, sizeof *w->budget);
    w->req_from = calloc(p->nreq ? p->nreq : 1, sizeof *w->req_from);
    w->req_to = calloc(p->nreq ? p->nreq : 1, sizeof *w->req_to);
    w->group = calloc(n, sizeof *w->group);
    w->ind = calloc(n + 1, sizeof *w->ind);
    w->val = calloc(n + 1, sizeof *w->val);
    w->rem = calloc(p->nyear, sizeof *w->rem);
    w->ctot = calloc(n, sizeof *w->ctot);
    w->order = calloc(n, sizeof *w->order);
    w->locked = calloc(n, sizeof *w->locked);
    w->x_opt = calloc(n, sizeof *w->x_opt);
    w->x_greedy = calloc(n, sizeof *w->x_greedy);
    w->cost_d = calloc(n * p->nyear, sizeof *w->cost_d);
    w->benefit_d = calloc(n, sizeof *w->benefit_d);
    w->rng = fc_rng_alloc();
    if (!w->budget || !w->req_from || !w->req_to || !w->group || !w->ind || !w->val ||
        !w->rem || !w->ctot || !w->order || !w->locked || !w->x_opt || !w->x_greedy ||
        !w->cost_d || !w->benefit_d || !w->rng)
        goto nomem;
    memcpy(w->budget, p->budget, p->nyear * sizeof *w->budget);
    if (p->nreq) {
        memcpy(w->req_from, p->req_from, p->nreq * sizeof *w->req_from);
        memcpy(w->req_to, p->req_to, p->nreq * sizeof *w->req_to);
    }
    for (size_t i = 0; i < n; i++) {
        w->group[i] = p->group ? p->group[i] : -1;
        if (w->group[i] > gmax)
            gmax = w->group[i];
    }

    /* GLPK problem: rows = budgets, one row per non-empty group, one per requirement. */
    if ((w->lp = glp_create_prob()) == NULL)
        goto nomem;
    glp_set_obj_dir(w->lp, GLP_MAX);
    glp_add_cols(w->lp, (int)n);
    for (size_t i = 0; i < n; i++)
        glp_set_col_kind(w->lp, (int)i + 1, GLP_BV);
    glp_add_rows(w->lp, (int)p->nyear);
    for (size_t y = 0; y < p->nyear; y++)
        glp_set_row_bnds(w->lp, (int)y + 1, GLP_UP, 0.0, p->budget[y]);
    for (long g = 0; g <= gmax; g++) {
        int k = 0, row;
        for (size_t i = 0; i < n; i++)
            if (w->group[i] == g) {
                w->ind[++k] = (int)i + 1;
                w->val[k] = 1.0;
            }
        if (k < 2)
            continue;
        row = glp_add_rows(w->lp, 1);
        glp_set_mat_row(w->lp, row, k, w->ind, w->val);
        glp_set_row_bnds(w->lp, row, GLP_UP, 0.0, 1.0);
        ng++;
    }
    w->ngrouprow = ng;
    for (size_t r = 0; r < p->nreq; r++) {
        int row = glp_add_rows(w->lp, 1);
        w->ind[1] = (int)p->req_from[r] + 1;
        w->val[1] = 1.0;
        w->ind[2] = (int)p->req_to[r] + 1;
        w->val[2] = -1.0;
        glp_set_mat_row(w->lp, row, 2, w->ind, w->val);
        glp_set_row_bnds(w->lp, row, GLP_UP, 0.0, 0.0);
    }
    *result = w;
    return FC_OK;
nomem:
    fc_pbma_ws_free(w);
    return FC_FAIL(err, FC_ENOMEM, "out of memory");
}

fc_status
fc_pbma_ws_set(fc_pbma_ws *w, const double budget[], double threshold, fc_err *err)
{
    for (size_t y = 0; y < w->nyear; y++)
        if (!isfinite(budget[y]))
            return FC_FAIL(err, FC_EDATA, "the budget is not a finite number");
    if (!(threshold >= 0.0) || !isfinite(threshold))
        return FC_FAIL(err, FC_EDATA, "the threshold must be a finite number >= 0");
    for (size_t y = 0; y < w->nyear; y++) {
        w->budget[y] = budget[y];
        glp_set_row_bnds(w->lp, (int)y + 1, GLP_UP, 0.0, budget[y]);
    }
    w->threshold = threshold;
    return FC_OK;
}

/* ------------------------------------------------------------------------ exact optimum */

/* Loads the objective and budget rows for this draw. */
static fc_status
load(fc_pbma_ws *w, const double cost[], const double benefit[], fc_err *err)
{
    size_t n = w->n, ny = w->nyear;

    for (size_t i = 0; i < n; i++) {
        double v = benefit[i];
        if (!isfinite(benefit[i]))
            return FC_FAIL(err, FC_EINVAL, "option %zu has a benefit that is not finite", i + 1);
        if (w->threshold > 0.0) {
            double c = 0.0;
            for (size_t y = 0; y < ny; y++)
                c += cost[i * ny + y];
            v = w->threshold * benefit[i] - c;
        }
        glp_set_obj_coef(w->lp, (int)i + 1, v);
    }
    for (size_t y = 0; y < ny; y++) {
        for (size_t i = 0; i < n; i++) {
            double c = cost[i * ny + y];
            if (!isfinite(c))
                return FC_FAIL(err, FC_EINVAL, "option %zu has a cost that is not finite", i + 1);
            w->ind[i + 1] = (int)i + 1;
            w->val[i + 1] = c;
        }
        glp_set_mat_row(w->lp, (int)y + 1, (int)n, w->ind, w->val);
    }
    return FC_OK;
}

static void
fill_solution(const fc_pbma_ws *w, const double cost[], const double benefit[],
              fc_pbma_solution *result)
{
    double b = 0.0, c = 0.0;
    for (size_t i = 0; i < w->n; i++) {
        if (!result->x[i])
            continue;
        b += benefit[i];
        for (size_t y = 0; y < w->nyear; y++)
            c += cost[i * w->nyear + y];
    }
    result->benefit = b;
    result->cost = c;
    result->objective = w->threshold > 0.0 ? w->threshold * b - c : b;
}

fc_status
fc_pbma_solve(fc_pbma_ws *w, const double cost[], const double benefit[],
              fc_pbma_solution *result, fc_err *err)
{
    glp_iocp parm;
    fc_status st;
    int ret, mst;

    if ((st = load(w, cost, benefit, err)) != FC_OK)
        return st;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON; /* no LP basis needed; infeasibility is reported, not fatal */
    ret = glp_intopt(w->lp, &parm);
    mst = glp_mip_status(w->lp);
    if (ret == GLP_ENOPFS || ret == GLP_ENODFS || (ret == 0 && mst == GLP_NOFEAS))
        return FC_FAIL(err, FC_EDATA, "no set of options meets the budget (a negative budget "
                       "must be met by disinvestments)");
    if (ret != 0 || (mst != GLP_OPT && mst != GLP_FEAS))
        return FC_FAIL(err, FC_ENOCONV, "GLPK failed on the budgeting problem (glp_intopt "
                       "returned %d, status %d)", ret, mst);
    for (size_t i = 0; i < w->n; i++)
        result->x[i] = glp_mip_col_val(w->lp, (int)i + 1) > 0.5;
    fill_solution(w, cost, benefit, result);
    return FC_OK;
}

fc_status
fc_pbma_shadow_price(fc_pbma_ws *w, const double cost[], const double benefit[],
                     double shadow[], fc_err *err)
{
    glp_smcp parm;
    fc_status st;
    int ret;

    if ((st = load(w, cost, benefit, err)) != FC_OK)
        return st;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF; /* presolve would drop the duals of removed rows */
    glp_std_basis(w->lp);
    ret = glp_simplex(w->lp, &parm);
    if (ret != 0)
        return FC_FAIL(err, FC_ENOCONV, "GLPK failed on the LP relaxation (glp_simplex "
                       "returned %d)", ret);
    if (glp_get_status(w->lp) == GLP_NOFEAS)
        return FC_FAIL(err, FC_EDATA, "no set of options meets the budget, even in part");
    if (glp_get_status(w->lp) != GLP_OPT)
        return FC_FAIL(err, FC_ENOCONV, "the LP relaxation has no optimum (status %d)",
                       glp_get_status(w->lp));
    for (size_t y = 0; y < w->nyear; y++)
        shadow[y] = glp_get_row_dual(w->lp, (int)y + 1);
    return FC_OK;
}

/* ------------------------------------------------------------------------ league table */

static int
league_class(double c, double b)
{
    switch (fc_pbma_classify(c, b)) {
    case FC_PBMA_DOMINANT:
        return 0;
    case FC_PBMA_INVEST:
    case FC_PBMA_DISINVEST:
        return 1;
    case FC_PBMA_NULL:
        return 2;
    default:
        return 3;
    }
}

/* 1 when option u comes before option v in the league table. */
static int
league_before(const double c[], const double b[], size_t u, size_t v)
{
    int cu = league_class(c[u], b[u]), cv = league_class(c[v], b[v]);
    if (cu != cv)
        return cu < cv;
    if (cu == 0 && b[u] != b[v])
        return b[u] > b[v];
    if (cu == 1) {
        /* b_u / c_u > b_v / c_v without dividing: both costs are nonzero; multiply through
         * by c_u c_v, flipping the inequality when that product is negative. */
        double l = b[u] * c[v], r = b[v] * c[u];
        if (l != r)
            return (c[u] * c[v] > 0.0) ? l > r : l < r;
    }
    return u < v;
}

void
fc_pbma_league(const double cost_total[], const double benefit[], size_t n, size_t order[])
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++) {
        size_t v = order[i], k = i;
        while (k > 0 && league_before(cost_total, benefit, v, order[k - 1])) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = v;
    }
}

/* ------------------------------------------------------------------------ greedy */

static int
fits(const fc_pbma_ws *w, const double cost[], size_t i, double sign)
{
    for (size_t y = 0; y < w->nyear; y++) {
        double left = w->rem[y] - sign * cost[i * w->nyear + y];
        if (left < -1e-9 * (1.0 + fabs(w->budget[y])))
            return 0;
    }
    return 1;
}

static void
spend(fc_pbma_ws *w, const double cost[], size_t i, double sign)
{
    for (size_t y = 0; y < w->nyear; y++)
        w->rem[y] -= sign * cost[i * w->nyear + y];
}

static int
group_free(const fc_pbma_ws *w, const unsigned char x[], size_t i)
{
    if (w->group[i] < 0)
        return 1;
    for (size_t k = 0; k < w->n; k++)
        if (k != i && x[k] && w->group[k] == w->group[i])
            return 0;
    return 1;
}

static int
reqs_met(const fc_pbma_ws *w, const unsigned char x[], size_t i)
{
    for (size_t r = 0; r < w->nreq; r++)
        if (w->req_from[r] == i && !x[w->req_to[r]])
            return 0;
    return 1;
}

/* 1 when some funded option requires option i. */
static int
required_by_funded(const fc_pbma_ws *w, const unsigned char x[], size_t i)
{
    for (size_t r = 0; r < w->nreq; r++)
        if (w->req_to[r] == i && x[w->req_from[r]])
            return 1;
    return 0;
}

fc_status
fc_pbma_greedy(fc_pbma_ws *w, const double cost[], const double benefit[],
               fc_pbma_solution *result, int *feasible, fc_err *err)
{
    size_t n = w->n, ny = w->nyear;
    unsigned char *x = result->x;
    int ok = 1;

    for (size_t i = 0; i < n; i++) {
        double c = 0.0;
        if (!isfinite(benefit[i]))
            return FC_FAIL(err, FC_EINVAL, "option %zu has a benefit that is not finite", i + 1);
        for (size_t y = 0; y < ny; y++) {
            if (!isfinite(cost[i * ny + y]))
                return FC_FAIL(err, FC_EINVAL, "option %zu has a cost that is not finite",
                               i + 1);
            c += cost[i * ny + y];
        }
        w->ctot[i] = c;
    }
    fc_pbma_league(w->ctot, benefit, n, w->order);
    memcpy(w->rem, w->budget, ny * sizeof *w->rem);
    memset(x, 0, n);
    memset(w->locked, 0, n);

    /* Start with every disinvestment carried out (at most one per group: the one lowest in
     * the league, i.e. losing least benefit per GBP released) and its funds released. */
    for (size_t k = n; k-- > 0;) {
        size_t i = w->order[k];
        if (fc_pbma_classify(w->ctot[i], benefit[i]) != FC_PBMA_DISINVEST)
            continue;
        if (!group_free(w, x, i))
            continue;
        x[i] = 1;
        spend(w, cost, i, 1.0);
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = w->order[k];
        switch (fc_pbma_classify(w->ctot[i], benefit[i])) {
        case FC_PBMA_DISINVEST:
            /* keep the service (reverse the disinvestment) when the money allows */
            if (x[i] && !w->locked[i] && !required_by_funded(w, x, i) && fits(w, cost, i, -1.0)) {
                x[i] = 0;
                spend(w, cost, i, -1.0);
            }
            break;
        case FC_PBMA_INVEST:
        case FC_PBMA_DOMINANT:
            if (!x[i] && fits(w, cost, i, 1.0) && group_free(w, x, i) && reqs_met(w, x, i)) {
                x[i] = 1;
                spend(w, cost, i, 1.0);
                for (size_t r = 0; r < w->nreq; r++)
                    if (w->req_from[r] == i)
                        w->locked[w->req_to[r]] = 1;
            }
            break;
        default:
            break;
        }
    }
    /* Repair: a carried-out disinvestment whose own requirement is unmet is reversed when the
     * money allows; anything still broken makes the greedy set infeasible. */
    for (size_t i = 0; i < n; i++)
        if (x[i] && !reqs_met(w, x, i)) {
            if (!required_by_funded(w, x, i) && fits(w, cost, i, -1.0)) {
                x[i] = 0;
                spend(w, cost, i, -1.0);
            } else {
                ok = 0;
            }
        }
    for (size_t y = 0; y < ny; y++)
        if (w->rem[y] < -1e-9 * (1.0 + fabs(w->budget[y])))
            ok = 0;
    fill_solution(w, cost, benefit, result);
    if (feasible)
        *feasible = ok;
    return FC_OK;
}

/* ------------------------------------------------------------------------ portfolio PSA */

fc_status
fc_pbma_portfolio_psa(fc_pbma_ws *w, const fc_pbma_uncertain *u, size_t ndraw, uint64_t seed,
                      double p_funded[], double p_greedy[], double opt_obj[],
                      double greedy_obj[], fc_err *err)
{
    size_t n = w->n;
    fc_pbma_solution so = {w->x_opt, 0, 0, 0}, sg = {w->x_greedy, 0, 0, 0};
    fc_status st;

    if (u->n != n || u->nyear != w->nyear || ndraw == 0)
        return FC_FAIL(err, FC_EINVAL, "portfolio PSA: sizes do not match the workspace");
    if (p_funded)
        memset(p_funded, 0, n * sizeof *p_funded);
    if (p_greedy)
        memset(p_greedy, 0, n * sizeof *p_greedy);
    for (size_t d = 1; d <= ndraw; d++) {
        fc_pbma_draw(u, seed, d, w->rng, w->cost_d, w->benefit_d);
        if ((st = fc_pbma_solve(w, w->cost_d, w->benefit_d, &so, err)) != FC_OK)
            return st;
        if ((st = fc_pbma_greedy(w, w->cost_d, w->benefit_d, &sg, NULL, err)) != FC_OK)
            return st;
        for (size_t i = 0; i < n; i++) {
            if (p_funded)
                p_funded[i] += so.x[i];
            if (p_greedy)
                p_greedy[i] += sg.x[i];
        }
        if (opt_obj)
            opt_obj[d - 1] = so.objective;
        if (greedy_obj)
            greedy_obj[d - 1] = sg.objective;
    }
    for (size_t i = 0; i < n; i++) {
        if (p_funded)
            p_funded[i] /= (double)ndraw;
        if (p_greedy)
            p_greedy[i] /= (double)ndraw;
    }
    return FC_OK;
}

void
fc_pbma_thread_end(void)
{
    glp_free_env();
}

const char *
fc_pbma_solver_version(void)
{
    return glp_version();
}
