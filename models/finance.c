/* finance.c: programme budgets, envelope, cost of demand, funding gap, resource shifts and the
 * bridge (see finance.h for the equations and the money rounding rule).
 *
 * Cost of demand = activity x unit cost x pay or price index ratio x cumulative efficiency;
 * envelope = budget x cumulative uplift; real = nominal / deflator; present value at the HM
 * Treasury Green Book rate (The Green Book, 2022, section A6: 3.5% a year).
 */
#include "models/finance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* [i][j][k] in an array shaped [ni][nj][nk] */
#define IX3(i, j, k, nj, nk) ((((i) * (nj)) + (j)) * (nk) + (k))

/* ------------------------------------------------------------------------ lifecycle */

void
fc_fin_result_free(fc_fin_result *r)
{
    if (r == NULL)
        return;
    free(r->unit_cost);
    free(r->eff_factor);
    free(r->svc_cost);
    free(r->demand);
    free(r->shift_cost);
    free(r->cost);
    free(r->budget_env);
    free(r->virement);
    free(r->envelope);
    free(r->envelope_real);
    free(r->cost_real);
    free(r->line_env);
    free(r->funder_env);
    free(r->funder_env_real);
    free(r->deflator);
    free(r->discount);
    free(r->pv_gap);
    free(r->work);
    free(r->bridge);
    free(r->sh_moved);
    free(r->sh_invested);
    free(r->sh_released);
    free(r->sh_transition);
    free(r->sh_bought);
    free(r->sh_released_units);
    free(r);
}

/* calloc that tolerates a zero count (returns a 1-byte block, so NULL always means failure) */
static void *
zalloc(size_t n, size_t size)
{
    return calloc(n ? n : 1, size);
}

fc_status
fc_fin_result_alloc(const fc_fin_problem *p, fc_fin_result **result, fc_err *err)
{
    fc_fin_result *r;
    size_t np, ns, ny, nf, nl, nk;

    *result = NULL;
    if (p == NULL || p->n_prog == 0 || p->n_serv == 0 || p->n_year == 0)
        return FC_FAIL(err, FC_EINVAL, "finance problem needs programmes, services and years");
    np = p->n_prog, ns = p->n_serv, ny = p->n_year, nf = p->n_funder, nl = p->n_line;
    nk = p->n_shift;
    if ((r = calloc(1, sizeof *r)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    r->n_prog = np, r->n_serv = ns, r->n_year = ny, r->n_funder = nf, r->n_line = nl;
    r->n_shift = nk;
    r->base_year = p->base_year;
    r->fail_shift = r->fail_serv = r->fail_line = FC_FIN_ALL;
    r->unit_cost = zalloc(ns * ny, sizeof(double));
    r->eff_factor = zalloc(np * ny, sizeof(double));
    r->svc_cost = zalloc(ns * FC_FIN_NCOST * ny, sizeof(int64_t));
    r->demand = zalloc(np * FC_FIN_NCOST * ny, sizeof(int64_t));
    r->shift_cost = zalloc(np * FC_FIN_NCOST * ny, sizeof(int64_t));
    r->cost = zalloc(np * FC_FIN_NCOST * ny, sizeof(int64_t));
    r->budget_env = zalloc(np * FC_FIN_NCOST * ny, sizeof(int64_t));
    r->virement = zalloc(np * FC_FIN_NCOST * ny, sizeof(int64_t));
    r->envelope = zalloc(np * FC_FIN_NCOST * ny, sizeof(int64_t));
    r->envelope_real = zalloc(np * FC_FIN_NCOST * ny, sizeof(int64_t));
    r->cost_real = zalloc(np * FC_FIN_NCOST * ny, sizeof(int64_t));
    r->line_env = zalloc(nl * ny, sizeof(int64_t));
    r->funder_env = zalloc(nf * ny, sizeof(int64_t));
    r->funder_env_real = zalloc(nf * ny, sizeof(int64_t));
    r->deflator = zalloc(ny, sizeof(double));
    r->discount = zalloc(ny, sizeof(double));
    r->pv_gap = zalloc(np * ny, sizeof(int64_t));
    r->work = zalloc(2 * (np * FC_FIN_NCOST + nf), sizeof(double));
    r->bridge = zalloc(np * ny * FC_FIN_NSTEP, sizeof(int64_t));
    r->sh_moved = zalloc(nk * ny, sizeof(int64_t));
    r->sh_invested = zalloc(nk * ny, sizeof(int64_t));
    r->sh_released = zalloc(nk * ny, sizeof(int64_t));
    r->sh_transition = zalloc(nk * ny, sizeof(int64_t));
    r->sh_bought = zalloc(nk * ny * ns, sizeof(double));
    r->sh_released_units = zalloc(nk * ny * ns, sizeof(double));
    if (!r->unit_cost || !r->eff_factor || !r->svc_cost || !r->demand || !r->shift_cost ||
        !r->cost || !r->budget_env || !r->virement || !r->envelope || !r->envelope_real ||
        !r->cost_real || !r->line_env || !r->funder_env || !r->funder_env_real || !r->deflator ||
        !r->discount || !r->pv_gap || !r->work || !r->bridge || !r->sh_moved || !r->sh_invested ||
        !r->sh_released || !r->sh_transition || !r->sh_bought || !r->sh_released_units) {
        fc_fin_result_free(r);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    *result = r;
    return FC_OK;
}

/* ------------------------------------------------------------------------ small helpers */

fc_status
fc_fin_pence(double gbp, int64_t *pence, fc_err *err)
{
    if (!isfinite(gbp) || fabs(gbp) > FC_FIN_MAX_GBP)
        return FC_FAIL(err, FC_EDOM, "money value %g GBP is not finite or exceeds GBP %g", gbp,
                       FC_FIN_MAX_GBP);
    *pence = (int64_t)llround(gbp * 100.0);
    return FC_OK;
}

fc_status
fc_fin_index_from_rates(size_t n, const double pct[], double level[], fc_err *err)
{
    for (size_t t = 1; t < n; t++)
        if (!isfinite(pct[t]) || pct[t] <= -100.0)
            return FC_FAIL(err, FC_EDOM, "annual rate %g%% is not above -100%%", pct[t]);
    if (n > 0)
        level[0] = 1.0;
    for (size_t t = 1; t < n; t++)
        level[t] = level[t - 1] * (1.0 + pct[t] / 100.0);
    return FC_OK;
}

double
fc_fin_shift_phase(const fc_fin_shift *sh, int year)
{
    double f;
    if (year < sh->start_year)
        return 0.0;
    if (sh->phase_years <= 1)
        return 1.0;
    f = (double)(year - sh->start_year + 1) / (double)sh->phase_years;
    return f < 1.0 ? f : 1.0;
}

void
fc_fin_split(int64_t x, double w_pay, int64_t out[2])
{
    out[FC_FIN_PAY] = (int64_t)llround((double)x * w_pay);
    out[FC_FIN_NON_PAY] = x - out[FC_FIN_PAY];
}

static const char *
pname(const fc_fin_problem *p, size_t i)
{
    return p->prog_name ? p->prog_name[i] : "(programme)";
}

static const char *
sname(const fc_fin_problem *p, size_t i)
{
    return p->serv_name ? p->serv_name[i] : "(service)";
}

static const char *
kname(const fc_fin_shift *sh)
{
    return sh->name ? sh->name : "(shift)";
}

/* index level for year y, or NaN when the index does not cover it */
static double
level(const fc_fin_problem *p, const double *idx, int y)
{
    long i = (long)y - p->index_first_year;
    if (i < 0 || (size_t)i >= p->n_index)
        return (double)NAN;
    return idx[i];
}

/* ------------------------------------------------------------------------ validation */

static fc_status
check_shift(const fc_fin_problem *p, size_t k, fc_fin_result *r, fc_err *err)
{
    const fc_fin_shift *sh = &p->shift[k];
    int last = p->base_year + (int)p->n_year - 1;

    if (sh->from_prog >= p->n_prog || sh->to_prog >= p->n_prog ||
        (sh->from_serv != FC_FIN_ALL &&
         (sh->from_serv >= p->n_serv || p->serv_prog[sh->from_serv] != sh->from_prog)) ||
        (sh->to_serv != FC_FIN_ALL &&
         (sh->to_serv >= p->n_serv || p->serv_prog[sh->to_serv] != sh->to_prog)))
        return FC_FAIL(err, FC_EINVAL, "shift '%s': programme or service index out of range",
                       kname(sh));
    r->fail_shift = k;
    if (sh->from_prog == sh->to_prog && sh->from_serv == sh->to_serv)
        return FC_FAIL(err, FC_EDOM, "shift '%s' moves '%s' to itself", kname(sh),
                       sh->from_serv == FC_FIN_ALL ? pname(p, sh->from_prog)
                                                   : sname(p, sh->from_serv));
    if (sh->kind == FC_FIN_SHIFT_MONEY) {
        if (!isfinite(sh->amount_gbp) || sh->amount_gbp <= 0 || sh->amount_gbp > FC_FIN_MAX_GBP)
            return FC_FAIL(err, FC_EDOM, "shift '%s': amount %g GBP is not positive", kname(sh),
                           sh->amount_gbp);
    } else if (sh->kind == FC_FIN_SHIFT_ACTIVITY) {
        if (sh->from_serv == FC_FIN_ALL || sh->to_serv == FC_FIN_ALL)
            return FC_FAIL(err, FC_EDOM,
                           "shift '%s': an activity shift moves one service's "
                           "activity to another service, not a programme",
                           kname(sh));
        if (!isfinite(sh->units) || sh->units <= 0)
            return FC_FAIL(err, FC_EDOM, "shift '%s': activity %g is not positive", kname(sh),
                           sh->units);
        if (!isfinite(sh->ratio) || sh->ratio < 0)
            return FC_FAIL(err, FC_EDOM, "shift '%s': ratio %g is negative", kname(sh), sh->ratio);
    } else {
        return FC_FAIL(err, FC_EINVAL, "shift '%s': unknown kind", kname(sh));
    }
    if (sh->start_year <= p->base_year || sh->start_year > last)
        return FC_FAIL(err, FC_EDOM, "shift '%s' starts in %d, outside the plan years %d..%d",
                       kname(sh), sh->start_year, p->base_year + 1, last);
    if (sh->phase_years < 1 || sh->lag_years < 0 || sh->transition_years < 0)
        return FC_FAIL(err, FC_EDOM,
                       "shift '%s': phase years must be >= 1 and lag and "
                       "transition years >= 0",
                       kname(sh));
    if (!isfinite(sh->release_pct) || sh->release_pct < 0)
        return FC_FAIL(err, FC_EDOM, "shift '%s': release %g%% is negative", kname(sh),
                       sh->release_pct);
    if (!isfinite(sh->transition_gbp) || sh->transition_gbp < 0 ||
        sh->transition_gbp > FC_FIN_MAX_GBP)
        return FC_FAIL(err, FC_EDOM, "shift '%s': transition cost %g is negative", kname(sh),
                       sh->transition_gbp);
    r->fail_shift = FC_FIN_ALL;
    return FC_OK;
}

static fc_status
check(const fc_fin_problem *p, fc_fin_result *r, fc_err *err)
{
    size_t ny = p->n_year;
    int last = p->base_year + (int)ny - 1;
    fc_status st;

    if (r->n_prog != p->n_prog || r->n_serv != p->n_serv || r->n_year != ny ||
        r->n_funder != p->n_funder || r->n_line != p->n_line || r->n_shift != p->n_shift)
        return FC_FAIL(err, FC_EINVAL, "finance result not allocated for this problem");
    if (!p->serv_prog || !p->unit_cost || !p->price_year || !p->pay_share || !p->activity ||
        !p->pay_index || !p->prices_index || !p->deflator_index || !p->efficiency_pct ||
        (p->n_line &&
         (!p->line_prog || !p->line_cost_type || !p->line_funder || !p->line_budget)) ||
        (p->n_funder && !p->uplift_pct) || (p->n_shift && !p->shift) || p->n_index == 0)
        return FC_FAIL(err, FC_EINVAL, "finance problem has a NULL array");
    for (size_t s = 0; s < p->n_serv; s++) {
        if (p->serv_prog[s] >= p->n_prog)
            return FC_FAIL(err, FC_EINVAL, "service %zu: programme index out of range", s);
        if (!isfinite(p->unit_cost[s]) || p->unit_cost[s] < 0)
            return FC_FAIL(err, FC_EDOM, "service '%s': unit cost %g is negative", sname(p, s),
                           p->unit_cost[s]);
        if (!(p->pay_share[s] >= 0 && p->pay_share[s] <= 1))
            return FC_FAIL(err, FC_EDOM, "service '%s': pay share %g is outside 0..1", sname(p, s),
                           p->pay_share[s]);
        if (isnan(level(p, p->pay_index, p->price_year[s])))
            return FC_FAIL(err, FC_EDOM,
                           "service '%s': the indices do not cover its price "
                           "year %d",
                           sname(p, s), p->price_year[s]);
        for (size_t t = 0; t < ny; t++) {
            double a = p->activity[s * ny + t];
            double d = p->activity_demog ? p->activity_demog[s * ny + t] : 0.0;
            if (!isfinite(a) || a < 0 || !isfinite(d) || d < 0)
                return FC_FAIL(err, FC_EDOM,
                               "service '%s': activity in %d is negative or not "
                               "finite",
                               sname(p, s), p->base_year + (int)t);
        }
    }
    for (int y = p->index_first_year; y < p->index_first_year + (int)p->n_index; y++) {
        double a = level(p, p->pay_index, y), b = level(p, p->prices_index, y),
               c = level(p, p->deflator_index, y);
        if (!(a > 0 && b > 0 && c > 0 && isfinite(a) && isfinite(b) && isfinite(c)))
            return FC_FAIL(err, FC_EDOM, "index levels for %d must be positive and finite", y);
    }
    if (isnan(level(p, p->pay_index, p->base_year)) || isnan(level(p, p->pay_index, last)))
        return FC_FAIL(err, FC_EDOM, "the indices do not cover the years %d..%d", p->base_year,
                       last);
    for (size_t q = 0; q < p->n_prog; q++)
        for (size_t t = 1; t < ny; t++) {
            double e = p->efficiency_pct[q * ny + t];
            if (!isfinite(e) || e >= 100)
                return FC_FAIL(err, FC_EDOM,
                               "programme '%s': efficiency %g%% in %d is not "
                               "below 100%%",
                               pname(p, q), e, p->base_year + (int)t);
        }
    for (size_t l = 0; l < p->n_line; l++) {
        if (p->line_prog[l] >= p->n_prog || p->line_funder[l] >= p->n_funder ||
            (p->line_cost_type[l] != FC_FIN_PAY && p->line_cost_type[l] != FC_FIN_NON_PAY))
            return FC_FAIL(err, FC_EINVAL, "budget line %zu: index out of range", l);
        if (!isfinite(p->line_budget[l]) || p->line_budget[l] < 0 ||
            p->line_budget[l] > FC_FIN_MAX_GBP)
            return FC_FAIL(err, FC_EDOM, "programme '%s': budget %g is negative or above GBP %g",
                           pname(p, p->line_prog[l]), p->line_budget[l], FC_FIN_MAX_GBP);
    }
    for (size_t f = 0; f < p->n_funder; f++)
        for (size_t t = 1; t < ny; t++) {
            double u = p->uplift_pct[f * ny + t];
            if (!isfinite(u) || u <= -100)
                return FC_FAIL(err, FC_EDOM, "uplift %g%% in %d is not above -100%%", u,
                               p->base_year + (int)t);
        }
    if (!isfinite(p->discount_pct) || p->discount_pct <= -100)
        return FC_FAIL(err, FC_EDOM, "discount rate %g%% is not above -100%%", p->discount_pct);
    for (size_t k = 0; k < p->n_shift; k++)
        if ((st = check_shift(p, k, r, err)) != FC_OK)
            return st;
    return FC_OK;
}

/* ------------------------------------------------------------------------ cost of demand */

/* Cash unit cost parts of service s in year index t before efficiency: pay and non-pay. */
static void
unit_parts(const fc_fin_problem *p, size_t s, size_t t, double *pay, double *non_pay)
{
    int y = p->base_year + (int)t, ys = p->price_year[s];
    double u = p->unit_cost[s], w = p->pay_share[s];
    *pay = u * w * (level(p, p->pay_index, y) / level(p, p->pay_index, ys));
    *non_pay = u * (1.0 - w) * (level(p, p->prices_index, y) / level(p, p->prices_index, ys));
}

static fc_status
cost_of_demand(const fc_fin_problem *p, fc_fin_result *r, fc_err *err)
{
    size_t ny = p->n_year;
    fc_status st;

    for (size_t q = 0; q < p->n_prog; q++) {
        double e = 1.0;
        for (size_t t = 0; t < ny; t++) {
            if (t > 0)
                e *= 1.0 - p->efficiency_pct[q * ny + t] / 100.0;
            r->eff_factor[q * ny + t] = e;
        }
    }
    for (size_t s = 0; s < p->n_serv; s++) {
        size_t q = p->serv_prog[s];
        for (size_t t = 0; t < ny; t++) {
            double up, unp, e = r->eff_factor[q * ny + t], a = p->activity[s * ny + t];
            int64_t c[2];
            unit_parts(p, s, t, &up, &unp);
            r->unit_cost[s * ny + t] = (up + unp) * e;
            if ((st = fc_fin_pence(a * up * e, &c[FC_FIN_PAY], err)) != FC_OK ||
                (st = fc_fin_pence(a * unp * e, &c[FC_FIN_NON_PAY], err)) != FC_OK) {
                r->fail_serv = s;
                r->fail_year = p->base_year + (int)t;
                return st;
            }
            for (int k = 0; k < FC_FIN_NCOST; k++) {
                r->svc_cost[IX3(s, k, t, FC_FIN_NCOST, ny)] = c[k];
                r->demand[IX3(q, k, t, FC_FIN_NCOST, ny)] += c[k];
            }
        }
    }
    return FC_OK;
}

/* ------------------------------------------------------------------------ envelope */

static fc_status
envelope(const fc_fin_problem *p, fc_fin_result *r, fc_err *err)
{
    size_t ny = p->n_year;
    double d0 = level(p, p->deflator_index, p->base_year);
    fc_status st;

    for (size_t t = 0; t < ny; t++)
        r->deflator[t] = level(p, p->deflator_index, p->base_year + (int)t) / d0;
    for (size_t l = 0; l < p->n_line; l++) {
        size_t f = p->line_funder[l], q = p->line_prog[l];
        int c = p->line_cost_type[l];
        double u = 1.0;
        for (size_t t = 0; t < ny; t++) {
            int64_t x;
            if (t > 0)
                u *= 1.0 + p->uplift_pct[f * ny + t] / 100.0;
            if ((st = fc_fin_pence(p->line_budget[l] * u, &x, err)) != FC_OK) {
                r->fail_line = l;
                r->fail_year = p->base_year + (int)t;
                return st;
            }
            r->line_env[l * ny + t] = x;
            r->funder_env[f * ny + t] += x;
            r->budget_env[IX3(q, c, t, FC_FIN_NCOST, ny)] += x;
        }
    }
    return FC_OK;
}

/* ------------------------------------------------------------------------ shifts */

/* Weights of an endpoint's services in year index t: the pay share of the side's cost that
 * year (*w_pay) and, when alpha is not NULL, each service's share of the side's cost
 * (alpha[n_serv], zero outside the side). Returns 1 when the side has a cost to price money
 * by; 0 when it has none (a programme whose services cost nothing that year, or a service with
 * unit cost 0): then alpha is all zero and *w_pay falls back to the services' pay shares. */
static int
side_weights(const fc_fin_problem *p, const fc_fin_result *r, size_t prog, size_t serv, size_t t,
             double *w_pay, double alpha[])
{
    size_t ny = p->n_year, n = 0;
    double tot = 0, pay = 0, wsum = 0;

    if (alpha)
        memset(alpha, 0, p->n_serv * sizeof *alpha);
    if (serv != FC_FIN_ALL) {
        double up, unp;
        unit_parts(p, serv, t, &up, &unp);
        if (!(up + unp > 0)) {
            *w_pay = p->pay_share[serv];
            return 0;
        }
        *w_pay = up / (up + unp);
        if (alpha)
            alpha[serv] = 1.0;
        return 1;
    }
    for (size_t s = 0; s < p->n_serv; s++) {
        if (p->serv_prog[s] != prog)
            continue;
        tot += (double)(r->svc_cost[IX3(s, FC_FIN_PAY, t, FC_FIN_NCOST, ny)] +
                        r->svc_cost[IX3(s, FC_FIN_NON_PAY, t, FC_FIN_NCOST, ny)]);
        pay += (double)r->svc_cost[IX3(s, FC_FIN_PAY, t, FC_FIN_NCOST, ny)];
        wsum += p->pay_share[s];
        n++;
    }
    if (!(tot > 0)) {
        *w_pay = n ? wsum / (double)n : 0.0;
        return 0;
    }
    *w_pay = pay / tot;
    if (alpha)
        for (size_t s = 0; s < p->n_serv; s++)
            if (p->serv_prog[s] == prog)
                alpha[s] = (double)(r->svc_cost[IX3(s, FC_FIN_PAY, t, FC_FIN_NCOST, ny)] +
                                    r->svc_cost[IX3(s, FC_FIN_NON_PAY, t, FC_FIN_NCOST, ny)]) /
                           tot;
    return 1;
}

static void
add_split(int64_t *a, size_t prog, size_t t, size_t ny, int64_t x, double w_pay, int sign)
{
    int64_t part[2];
    fc_fin_split(x, w_pay, part);
    a[IX3(prog, FC_FIN_PAY, t, FC_FIN_NCOST, ny)] += sign * part[FC_FIN_PAY];
    a[IX3(prog, FC_FIN_NON_PAY, t, FC_FIN_NCOST, ny)] += sign * part[FC_FIN_NON_PAY];
}

static fc_status
shift_side_fail(const fc_fin_problem *p, const fc_fin_shift *sh, size_t prog, size_t serv, int year,
                fc_err *err)
{
    if (serv == FC_FIN_ALL)
        return FC_FAIL(err, FC_EDOM,
                       "shift '%s': programme '%s' has no cost in %d to price "
                       "the money moved",
                       kname(sh), pname(p, prog), year);
    return FC_FAIL(err, FC_EDOM,
                   "shift '%s': service '%s' has a unit cost of 0 in %d, so "
                   "money cannot buy or release its activity",
                   kname(sh), sname(p, serv), year);
}

static fc_status
shifts(const fc_fin_problem *p, fc_fin_result *r, double alpha[], fc_err *err)
{
    size_t ny = p->n_year, ns = p->n_serv;
    fc_status st;

    for (size_t k = 0; k < p->n_shift; k++) {
        const fc_fin_shift *sh = &p->shift[k];
        double rel_share = sh->release_pct / 100.0;
        r->fail_shift = k;
        for (size_t t = 0; t < ny; t++) {
            int y = p->base_year + (int)t;
            double phi = fc_fin_shift_phase(sh, y), sig = fc_fin_shift_phase(sh, y - sh->lag_years);
            double moved, inv, rel, trans, w_from = 0, w_to = 0;
            double *bought = r->sh_bought + (k * ny + t) * ns;
            double *released = r->sh_released_units + (k * ny + t) * ns;
            int64_t mp, ip, rp, tp;

            trans = (y >= sh->start_year && y < sh->start_year + sh->transition_years)
                        ? sh->transition_gbp
                        : 0.0;
            if (phi == 0.0 && sig == 0.0 && trans == 0.0)
                continue;
            if (sh->kind == FC_FIN_SHIFT_MONEY) {
                moved = inv = sh->amount_gbp * phi;
                rel = sh->amount_gbp * rel_share * sig;
            } else {
                double uf = r->unit_cost[sh->from_serv * ny + t];
                double ut = r->unit_cost[sh->to_serv * ny + t];
                double b = sh->units * sh->ratio * phi, ru = sh->units * rel_share * sig;
                bought[sh->to_serv] = b;
                released[sh->from_serv] = ru;
                inv = b * ut;
                rel = ru * uf;
                moved = sh->units * phi * uf;
            }
            if ((st = fc_fin_pence(moved, &mp, err)) != FC_OK ||
                (st = fc_fin_pence(inv, &ip, err)) != FC_OK ||
                (st = fc_fin_pence(rel, &rp, err)) != FC_OK ||
                (st = fc_fin_pence(trans, &tp, err)) != FC_OK)
                return st;
            /* the from side: released money (and the virement out). Money released from a
             * side with no cost cannot be turned into activity released. */
            if (mp != 0 || rp != 0) {
                int priced = side_weights(p, r, sh->from_prog, sh->from_serv, t, &w_from, alpha);
                if (!priced && rp != 0 && sh->kind == FC_FIN_SHIFT_MONEY)
                    return shift_side_fail(p, sh, sh->from_prog, sh->from_serv, y, err);
                if (sh->kind == FC_FIN_SHIFT_MONEY)
                    for (size_t s = 0; s < ns; s++)
                        if (alpha[s] > 0)
                            released[s] = rel * alpha[s] / r->unit_cost[s * ny + t];
                add_split(r->virement, sh->from_prog, t, ny, mp, w_from, -1);
                add_split(r->shift_cost, sh->from_prog, t, ny, rp, w_from, -1);
            }
            /* the to side: the investment, the transition cost and the virement in */
            if (mp != 0 || ip != 0 || tp != 0) {
                int priced = side_weights(p, r, sh->to_prog, sh->to_serv, t, &w_to, alpha);
                if (!priced && ip != 0 && sh->kind == FC_FIN_SHIFT_MONEY)
                    return shift_side_fail(p, sh, sh->to_prog, sh->to_serv, y, err);
                if (sh->kind == FC_FIN_SHIFT_MONEY)
                    for (size_t s = 0; s < ns; s++)
                        if (alpha[s] > 0)
                            bought[s] = inv * alpha[s] / r->unit_cost[s * ny + t];
                add_split(r->virement, sh->to_prog, t, ny, mp, w_to, +1);
                add_split(r->shift_cost, sh->to_prog, t, ny, ip + tp, w_to, +1);
            }
            r->sh_moved[k * ny + t] = mp;
            r->sh_invested[k * ny + t] = ip;
            r->sh_released[k * ny + t] = rp;
            r->sh_transition[k * ny + t] = tp;
        }
    }
    r->fail_shift = FC_FIN_ALL;
    return FC_OK;
}

/* The last shift that takes money out of programme q in year index t (for messages). */
static size_t
culprit(const fc_fin_problem *p, const fc_fin_result *r, size_t q, size_t t, int envelope_side)
{
    size_t ny = p->n_year, found = FC_FIN_ALL;
    for (size_t k = 0; k < p->n_shift; k++)
        if (p->shift[k].from_prog == q &&
            (envelope_side ? r->sh_moved[k * ny + t] : r->sh_released[k * ny + t]) > 0)
            found = k;
    return found;
}

/* ------------------------------------------------------------------------ bridge */

static void
bridge(const fc_fin_problem *p, fc_fin_result *r)
{
    size_t ny = p->n_year;
    static const int adjustable[] = {FC_FIN_DEMOGRAPHY, FC_FIN_GROWTH, FC_FIN_INFLATION,
                                     FC_FIN_EFFICIENCY};

    for (size_t q = 0; q < p->n_prog; q++) {
        int64_t base = r->demand[IX3(q, FC_FIN_PAY, 0, FC_FIN_NCOST, ny)] +
                       r->demand[IX3(q, FC_FIN_NON_PAY, 0, FC_FIN_NCOST, ny)];
        for (size_t t = 0; t < ny; t++) {
            int64_t *b = r->bridge + (q * ny + t) * FC_FIN_NSTEP;
            double step[FC_FIN_NSTEP] = {0};
            double e = r->eff_factor[q * ny + t];
            int64_t sum = 0, resid;
            int big = FC_FIN_DEMOGRAPHY;

            for (size_t s = 0; s < p->n_serv; s++) {
                double a0, at, d0, dt, up, unp, u0, ut;
                if (p->serv_prog[s] != q)
                    continue;
                a0 = p->activity[s * ny], at = p->activity[s * ny + t];
                d0 = p->activity_demog ? p->activity_demog[s * ny] : a0;
                dt = p->activity_demog ? p->activity_demog[s * ny + t] : at;
                unit_parts(p, s, 0, &up, &unp);
                u0 = up + unp;
                unit_parts(p, s, t, &up, &unp);
                ut = up + unp;
                step[FC_FIN_DEMOGRAPHY] += (dt - d0) * u0;
                step[FC_FIN_GROWTH] += ((at - a0) - (dt - d0)) * u0;
                step[FC_FIN_INFLATION] += at * (ut - u0);
                step[FC_FIN_EFFICIENCY] += at * ut * (e - 1.0);
            }
            b[FC_FIN_BASELINE] = base;
            b[FC_FIN_SHIFTS] = r->shift_cost[IX3(q, FC_FIN_PAY, t, FC_FIN_NCOST, ny)] +
                               r->shift_cost[IX3(q, FC_FIN_NON_PAY, t, FC_FIN_NCOST, ny)];
            b[FC_FIN_PROJECTED] = r->cost[IX3(q, FC_FIN_PAY, t, FC_FIN_NCOST, ny)] +
                                  r->cost[IX3(q, FC_FIN_NON_PAY, t, FC_FIN_NCOST, ny)];
            for (size_t i = 0; i < sizeof adjustable / sizeof adjustable[0]; i++) {
                int j = adjustable[i];
                /* the values are bounded by the (already checked) cost cells */
                b[j] = (int64_t)llround(step[j] * 100.0);
                sum += b[j];
                if (llabs(b[j]) > llabs(b[big]))
                    big = j;
            }
            resid = b[FC_FIN_PROJECTED] - b[FC_FIN_BASELINE] - b[FC_FIN_SHIFTS] - sum;
            b[big] += resid;
        }
    }
}

/* ------------------------------------------------------------------------ real terms, PV */

/* Apportions exact pence values x[0..n) to whole pence out[i * stride] summing to target:
 * floor(x[i]) each, then a penny more for the largest remainders (ties: the lower index), the
 * largest-remainder (Hamilton) method. rem is scratch [n]. */
static void
apportion(const double x[], size_t n, int64_t target, int64_t *out, size_t stride, double rem[])
{
    int64_t sum = 0, k;
    size_t big = 0;

    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        double f = floor(x[i]);
        out[i * stride] = (int64_t)f;
        rem[i] = x[i] - f;
        sum += (int64_t)f;
    }
    for (k = target - sum; k > 0; k--) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (rem[i] >= 0 && (best == n || rem[i] > rem[best]))
                best = i;
        if (best == n)
            break;
        out[best * stride] += 1;
        rem[best] = -1.0;
    }
    /* k is 0 unless rounding of the inputs put target outside [sum, sum + n]: the few pence
     * left go to the largest cell, so the sum is still exact */
    if (k != 0) {
        for (size_t i = 1; i < n; i++)
            if (llabs(out[i * stride]) > llabs(out[big * stride]))
                big = i;
        out[big * stride] += k;
    }
}

/* Real terms (apportioned to round(total / deflator)) and present values of the real gap
 * (apportioned over programmes to round(total real gap x discount factor)). */
static void
real_and_pv(const fc_fin_problem *p, fc_fin_result *r)
{
    size_t ny = p->n_year, np = p->n_prog, nf = p->n_funder, nl = np * FC_FIN_NCOST;
    size_t nw = nl > nf ? nl : nf;
    double *x = r->work, *rem = r->work + nw;

    for (size_t t = 0; t < ny; t++) {
        double d = r->deflator[t], df = pow(1.0 + p->discount_pct / 100.0, -(double)t);
        int64_t tc = 0, te = 0, tg = 0;
        for (size_t i = 0; i < nl; i++) {
            tc += r->cost[i * ny + t];
            te += r->envelope[i * ny + t];
        }
        for (size_t i = 0; i < nl; i++)
            x[i] = (double)r->cost[i * ny + t] / d;
        apportion(x, nl, (int64_t)llround((double)tc / d), r->cost_real + t, ny, rem);
        for (size_t i = 0; i < nl; i++)
            x[i] = (double)r->envelope[i * ny + t] / d;
        apportion(x, nl, (int64_t)llround((double)te / d), r->envelope_real + t, ny, rem);
        /* the funders' envelopes sum to the same total (virements only move money) */
        for (size_t f = 0; f < nf; f++)
            x[f] = (double)r->funder_env[f * ny + t] / d;
        apportion(x, nf, (int64_t)llround((double)te / d), r->funder_env_real + t, ny, rem);
        r->discount[t] = df;
        for (size_t q = 0; q < np; q++) {
            int64_t g = 0;
            for (size_t c = 0; c < FC_FIN_NCOST; c++)
                g += r->cost_real[IX3(q, c, t, FC_FIN_NCOST, ny)] -
                     r->envelope_real[IX3(q, c, t, FC_FIN_NCOST, ny)];
            x[q] = (double)g * df;
            tg += g;
        }
        apportion(x, np, (int64_t)llround((double)tg * df), r->pv_gap + t, ny, rem);
    }
}

/* ------------------------------------------------------------------------ compute */

fc_status
fc_fin_compute(const fc_fin_problem *p, fc_fin_result *r, fc_err *err)
{
    size_t ny, n3;
    double *alpha = NULL;
    fc_status st;

    if (p == NULL || r == NULL)
        return FC_FAIL(err, FC_EINVAL, "NULL finance problem or result");
    if ((st = check(p, r, err)) != FC_OK)
        return st;
    ny = p->n_year;
    n3 = p->n_prog * FC_FIN_NCOST * ny;
    r->fail_shift = FC_FIN_ALL;
    memset(r->demand, 0, n3 * sizeof *r->demand);
    memset(r->shift_cost, 0, n3 * sizeof *r->shift_cost);
    memset(r->budget_env, 0, n3 * sizeof *r->budget_env);
    memset(r->virement, 0, n3 * sizeof *r->virement);
    if (p->n_funder)
        memset(r->funder_env, 0, p->n_funder * ny * sizeof *r->funder_env);
    if (p->n_shift) {
        memset(r->sh_bought, 0, p->n_shift * ny * p->n_serv * sizeof *r->sh_bought);
        memset(r->sh_released_units, 0, p->n_shift * ny * p->n_serv * sizeof *r->sh_released_units);
        memset(r->sh_moved, 0, p->n_shift * ny * sizeof *r->sh_moved);
        memset(r->sh_invested, 0, p->n_shift * ny * sizeof *r->sh_invested);
        memset(r->sh_released, 0, p->n_shift * ny * sizeof *r->sh_released);
        memset(r->sh_transition, 0, p->n_shift * ny * sizeof *r->sh_transition);
    }
    if ((st = cost_of_demand(p, r, err)) != FC_OK || (st = envelope(p, r, err)) != FC_OK)
        return st;
    if (p->n_shift) {
        if ((alpha = calloc(p->n_serv, sizeof *alpha)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        st = shifts(p, r, alpha, err);
        free(alpha);
        if (st != FC_OK)
            return st;
    }
    for (size_t i = 0; i < n3; i++) {
        r->cost[i] = r->demand[i] + r->shift_cost[i];
        r->envelope[i] = r->budget_env[i] + r->virement[i];
    }
    /* no programme may end with negative spend or a negative envelope */
    for (size_t q = 0; q < p->n_prog; q++)
        for (size_t t = 0; t < ny; t++) {
            int y = p->base_year + (int)t;
            int64_t c =
                r->cost[IX3(q, 0, t, FC_FIN_NCOST, ny)] + r->cost[IX3(q, 1, t, FC_FIN_NCOST, ny)];
            int64_t e = r->envelope[IX3(q, 0, t, FC_FIN_NCOST, ny)] +
                        r->envelope[IX3(q, 1, t, FC_FIN_NCOST, ny)];
            if (c < 0) {
                r->fail_shift = culprit(p, r, q, t, 0);
                return FC_FAIL(err, FC_EDOM,
                               "shifts release more than programme '%s' costs "
                               "in %d (its spend would be %.2f GBP)",
                               pname(p, q), y, (double)c / 100.0);
            }
            if (e < 0) {
                r->fail_shift = culprit(p, r, q, t, 1);
                return FC_FAIL(err, FC_EDOM,
                               "shifts move more than programme '%s''s envelope "
                               "in %d (it would be %.2f GBP)",
                               pname(p, q), y, (double)e / 100.0);
            }
        }
    real_and_pv(p, r);
    bridge(p, r);
    return FC_OK;
}

/* ------------------------------------------------------------------------ gap */

fc_status
fc_fin_gap(const fc_fin_result *r, size_t prog, fc_fin_gap_row rows[], fc_err *err)
{
    size_t ny;
    int64_t cg = 0, cgr = 0, cpv = 0;

    if (r == NULL || rows == NULL || (prog != FC_FIN_ALL && prog >= r->n_prog))
        return FC_FAIL(err, FC_EINVAL, "bad programme for the gap table");
    ny = r->n_year;
    for (size_t t = 0; t < ny; t++) {
        fc_fin_gap_row *g = &rows[t];
        memset(g, 0, sizeof *g);
        g->year = r->base_year + (int)t;
        for (size_t q = 0; q < r->n_prog; q++) {
            if (prog != FC_FIN_ALL && q != prog)
                continue;
            for (int c = 0; c < FC_FIN_NCOST; c++) {
                size_t i = IX3(q, (size_t)c, t, FC_FIN_NCOST, ny);
                g->envelope += r->envelope[i];
                g->cost += r->cost[i];
                g->envelope_real += r->envelope_real[i];
                g->cost_real += r->cost_real[i];
            }
            g->pv_gap += r->pv_gap[q * ny + t];
        }
        g->gap = g->cost - g->envelope;
        g->gap_real = g->cost_real - g->envelope_real;
        g->deflator = r->deflator[t];
        g->discount_factor = r->discount[t];
        if (t > 0) {
            cg += g->gap;
            cgr += g->gap_real;
            cpv += g->pv_gap;
        }
        g->cum_gap = cg;
        g->cum_gap_real = cgr;
        g->cum_pv_gap = cpv;
    }
    return FC_OK;
}
