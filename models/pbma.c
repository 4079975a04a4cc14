/* pbma.c: incremental cost-effectiveness (dominance, extended dominance, ICERs), PSA
 * summaries (CEAC, CEAF, EVPI, expected loss, BCEA-style pairwise comparisons), MCDA weighted
 * benefit and the seeded draws of uncertain option inputs. See pbma.h for the methods; the
 * budgeted portfolio lives in pbma_budget.c.
 */
#include "models/pbma.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/rng.h"

/* ------------------------------------------------------------------------ helpers */

/* Neumaier's compensated sum: adds x to (*s, *c). */
static inline void
ksum_add(double *s, double *c, double x)
{
    double t = *s + x;
    if (fabs(*s) >= fabs(x))
        *c += (*s - t) + x;
    else
        *c += (x - t) + *s;
    *s = t;
}

fc_pbma_kind
fc_pbma_classify(double cost, double benefit)
{
    if (cost == 0.0 && benefit == 0.0)
        return FC_PBMA_NULL;
    if (cost <= 0.0 && benefit >= 0.0)
        return FC_PBMA_DOMINANT;
    if (cost >= 0.0 && benefit <= 0.0)
        return FC_PBMA_DOMINATED;
    return cost > 0.0 ? FC_PBMA_INVEST : FC_PBMA_DISINVEST;
}

size_t
fc_pbma_best_at(const double cost[], const double effect[], size_t n, double wtp)
{
    size_t best = 0;
    double bv = wtp * effect[0] - cost[0];
    for (size_t j = 1; j < n; j++) {
        double v = wtp * effect[j] - cost[j];
        if (v > bv) {
            bv = v;
            best = j;
        }
    }
    return best;
}

/* ------------------------------------------------------------------------ incremental analysis */

/* Sorts idx[0..n) by cost ascending, then effect descending, then input index (a stable
 * insertion sort: n is small and ties must keep input order). */
static void
sort_cost_effect(size_t idx[], size_t n, const double cost[], const double effect[])
{
    for (size_t i = 1; i < n; i++) {
        size_t v = idx[i], k = i;
        while (k > 0) {
            size_t u = idx[k - 1];
            int before = cost[v] < cost[u] || (cost[v] == cost[u] && effect[v] > effect[u]) ||
                         (cost[v] == cost[u] && effect[v] == effect[u] && v < u);
            if (!before)
                break;
            idx[k] = u;
            k--;
        }
        idx[k] = v;
    }
}

fc_status
fc_pbma_icers(const double cost[], const double effect[], size_t n, unsigned flags,
              fc_pbma_icer result[], size_t *n_frontier, fc_err *err)
{
    size_t *ord, *nd, nnd, nrow = 0, nfront = 0;
    unsigned char *st;
    double *icer;
    double maxeff;

    if (n == 0)
        return FC_FAIL(err, FC_EINVAL, "incremental analysis needs at least one strategy");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(cost[i]) || !isfinite(effect[i]))
            return FC_FAIL(err, FC_EINVAL, "strategy %zu has a cost or effect that is not "
                           "a finite number", i + 1);
    ord = calloc(n, sizeof *ord);
    nd = calloc(n, sizeof *nd);
    st = calloc(n, sizeof *st);
    icer = calloc(n, sizeof *icer);
    if (!ord || !nd || !st || !icer) {
        free(ord);
        free(nd);
        free(st);
        free(icer);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        ord[i] = i;
    sort_cost_effect(ord, n, cost, effect);

    /* Strong dominance: after the sort, j is D when an earlier strategy has effect >= its
     * own (dampack's test effect_j <= effect_i). */
    maxeff = effect[ord[0]];
    for (size_t k = 1; k < n; k++) {
        size_t j = ord[k];
        if (effect[j] <= maxeff)
            st[j] = FC_PBMA_D;
        else
            maxeff = effect[j];
    }

    /* Extended dominance: mark every i with ICER_i > ICER_{i+1} in one pass; repeat. */
    for (;;) {
        size_t nnew = 0;
        nnd = 0;
        for (size_t k = 0; k < n; k++)
            if (st[ord[k]] == FC_PBMA_ND)
                nd[nnd++] = ord[k];
        if (nnd <= 2)
            break;
        for (size_t k = 1; k < nnd; k++)
            icer[k] = (cost[nd[k]] - cost[nd[k - 1]]) / (effect[nd[k]] - effect[nd[k - 1]]);
        for (size_t k = 1; k + 1 < nnd; k++)
            if (icer[k] > icer[k + 1]) {
                st[nd[k]] = FC_PBMA_ED;
                nnew++;
            }
        if (nnew == 0)
            break;
    }

    /* Frontier rows (with duplicates of frontier points right after their twin when asked),
     * then ED, then D, each in the sorted order. */
    for (size_t k = 0; k < nnd; k++) {
        fc_pbma_icer *r = &result[nrow++];
        r->strategy = nd[k];
        r->status = FC_PBMA_ND;
        if (k == 0) {
            r->inc_cost = r->inc_effect = r->icer = (double)NAN;
        } else {
            r->inc_cost = cost[nd[k]] - cost[nd[k - 1]];
            r->inc_effect = effect[nd[k]] - effect[nd[k - 1]];
            r->icer = r->inc_cost / r->inc_effect;
        }
        nfront++;
        if (flags & FC_PBMA_TIES_SHARE) {
            for (size_t m = 0; m < n; m++) {
                size_t j = ord[m];
                if (st[j] == FC_PBMA_D && cost[j] == cost[nd[k]] &&
                    effect[j] == effect[nd[k]]) {
                    st[j] = 3; /* taken: a tie of a frontier point */
                    r = &result[nrow++];
                    r->strategy = j;
                    r->status = FC_PBMA_ND;
                    r->inc_cost = r->inc_effect = 0.0;
                    r->icer = (double)NAN;
                    nfront++;
                }
            }
        }
    }
    for (int s = FC_PBMA_ED; s <= FC_PBMA_D; s++)
        for (size_t k = 0; k < n; k++)
            if (st[ord[k]] == s) {
                fc_pbma_icer *r = &result[nrow++];
                r->strategy = ord[k];
                r->status = (fc_pbma_dom)s;
                r->inc_cost = r->inc_effect = r->icer = (double)NAN;
            }
    if (n_frontier)
        *n_frontier = nfront;
    free(ord);
    free(nd);
    free(st);
    free(icer);
    return FC_OK;
}

/* ------------------------------------------------------------------------ PSA summaries */

void
fc_pbma_psa_free(fc_pbma_psa *p)
{
    if (p == NULL)
        return;
    free(p->p_best);
    free(p->mean_nmb);
    free(p->exp_loss);
    free(p->best_mean);
    free(p->evpi);
    free(p);
}

fc_status
fc_pbma_psa_alloc(size_t nstrat, size_t nwtp, fc_pbma_psa **result, fc_err *err)
{
    fc_pbma_psa *p;

    if (nstrat == 0 || nwtp == 0)
        return FC_FAIL(err, FC_EINVAL, "a PSA summary needs strategies and thresholds");
    if ((p = calloc(1, sizeof *p)) == NULL)
        goto fail;
    p->nstrat = nstrat;
    p->nwtp = nwtp;
    p->p_best = calloc(nstrat * nwtp, sizeof *p->p_best);
    p->mean_nmb = calloc(nstrat * nwtp, sizeof *p->mean_nmb);
    p->exp_loss = calloc(nstrat * nwtp, sizeof *p->exp_loss);
    p->best_mean = calloc(nwtp, sizeof *p->best_mean);
    p->evpi = calloc(nwtp, sizeof *p->evpi);
    if (!p->p_best || !p->mean_nmb || !p->exp_loss || !p->best_mean || !p->evpi)
        goto fail;
    *result = p;
    return FC_OK;
fail:
    fc_pbma_psa_free(p);
    return FC_FAIL(err, FC_ENOMEM, "out of memory");
}

fc_status
fc_pbma_psa_compute(const double cost[], const double effect[], size_t nsim, size_t nstrat,
                    const double wtp[], size_t nwtp, fc_pbma_psa *result, fc_err *err)
{
    double *sum, *comp, *nmb;
    size_t *count;

    if (nsim == 0 || nstrat == 0 || result == NULL || result->nstrat != nstrat ||
        result->nwtp != nwtp)
        return FC_FAIL(err, FC_EINVAL, "PSA sizes do not match the summary");
    sum = calloc(nstrat, sizeof *sum);
    comp = calloc(nstrat, sizeof *comp);
    nmb = calloc(nstrat, sizeof *nmb);
    count = calloc(nstrat, sizeof *count);
    if (!sum || !comp || !nmb || !count) {
        free(sum);
        free(comp);
        free(nmb);
        free(count);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    for (size_t w = 0; w < nwtp; w++) {
        double k = wtp[w], smax = 0.0, cmax = 0.0, emax, bestmean;
        size_t bm = 0;
        memset(sum, 0, nstrat * sizeof *sum);
        memset(comp, 0, nstrat * sizeof *comp);
        memset(count, 0, nstrat * sizeof *count);
        for (size_t s = 0; s < nsim; s++) {
            const double *c = cost + s * nstrat, *e = effect + s * nstrat;
            size_t best = 0;
            for (size_t j = 0; j < nstrat; j++) {
                nmb[j] = k * e[j] - c[j];
                ksum_add(&sum[j], &comp[j], nmb[j]);
                if (nmb[j] > nmb[best])
                    best = j;
            }
            count[best]++;
            ksum_add(&smax, &cmax, nmb[best]);
        }
        emax = (smax + cmax) / (double)nsim;
        for (size_t j = 0; j < nstrat; j++) {
            double m = (sum[j] + comp[j]) / (double)nsim;
            result->mean_nmb[w * nstrat + j] = m;
            result->p_best[w * nstrat + j] = (double)count[j] / (double)nsim;
            if (j == 0 || m > result->mean_nmb[w * nstrat + bm])
                bm = j;
        }
        bestmean = result->mean_nmb[w * nstrat + bm];
        result->best_mean[w] = bm;
        for (size_t j = 0; j < nstrat; j++) {
            double loss = emax - result->mean_nmb[w * nstrat + j];
            result->exp_loss[w * nstrat + j] = loss > 0.0 ? loss : 0.0;
        }
        /* E[max] >= max E by Jensen; clamp rounding noise at the lower bound 0. */
        result->evpi[w] = emax - bestmean > 0.0 ? emax - bestmean : 0.0;
    }
    free(sum);
    free(comp);
    free(nmb);
    free(count);
    return FC_OK;
}

fc_status
fc_pbma_psa_pairwise(const double cost[], const double effect[], size_t nsim, size_t nstrat,
                     size_t ref, size_t comp, const double wtp[], size_t nwtp, double eib[],
                     double p_ib_pos[], fc_err *err)
{
    if (nsim == 0 || ref >= nstrat || comp >= nstrat)
        return FC_FAIL(err, FC_EINVAL, "pairwise comparison: bad strategy index or no samples");
    for (size_t w = 0; w < nwtp; w++) {
        double s = 0.0, c = 0.0;
        size_t pos = 0;
        for (size_t i = 0; i < nsim; i++) {
            double de = effect[i * nstrat + ref] - effect[i * nstrat + comp];
            double dc = cost[i * nstrat + ref] - cost[i * nstrat + comp];
            double ib = wtp[w] * de - dc;
            ksum_add(&s, &c, ib);
            pos += ib > 0.0;
        }
        if (eib)
            eib[w] = (s + c) / (double)nsim;
        if (p_ib_pos)
            p_ib_pos[w] = (double)pos / (double)nsim;
    }
    return FC_OK;
}

/* ------------------------------------------------------------------------ MCDA */

fc_status
fc_pbma_mcda(const double score[], size_t n, const fc_pbma_criterion crit[], size_t ncrit,
             const int sign[], double value[], double weighted[], double benefit[],
             size_t *bad_option, size_t *bad_crit, fc_err *err)
{
    double wsum = 0.0;

    if (bad_option)
        *bad_option = SIZE_MAX;
    if (bad_crit)
        *bad_crit = SIZE_MAX;
    if (ncrit == 0)
        return FC_FAIL(err, FC_EDATA, "no criteria");
    for (size_t j = 0; j < ncrit; j++) {
        if (bad_crit)
            *bad_crit = j;
        if (!isfinite(crit[j].weight) || crit[j].weight < 0.0)
            return FC_FAIL(err, FC_EDATA, "weight %g is negative or not finite", crit[j].weight);
        if (!isfinite(crit[j].min) || !isfinite(crit[j].max) || !(crit[j].min < crit[j].max))
            return FC_FAIL(err, FC_EDATA, "min %g must be below max %g", crit[j].min,
                           crit[j].max);
        wsum += crit[j].weight;
    }
    if (!(wsum > 0.0)) {
        if (bad_crit)
            *bad_crit = 0;
        return FC_FAIL(err, FC_EDATA, "every criterion weight is 0");
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ncrit; j++) {
            double x = score[i * ncrit + j];
            if (!isfinite(x) || x < crit[j].min || x > crit[j].max) {
                if (bad_option)
                    *bad_option = i;
                if (bad_crit)
                    *bad_crit = j;
                return FC_FAIL(err, FC_EDATA, "score %g is outside the criterion's range "
                               "%g..%g", x, crit[j].min, crit[j].max);
            }
        }
    if (bad_crit)
        *bad_crit = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        double b = 0.0;
        for (size_t j = 0; j < ncrit; j++) {
            const fc_pbma_criterion *c = &crit[j];
            double x = score[i * ncrit + j], range = c->max - c->min;
            double v = c->harm ? 100.0 * (c->max - x) / range : 100.0 * (x - c->min) / range;
            double wv = c->weight / wsum * v;
            if (value)
                value[i * ncrit + j] = v;
            if (weighted)
                weighted[i * ncrit + j] = wv;
            b += wv;
        }
        benefit[i] = (sign && sign[i] < 0) ? -b : b;
    }
    return FC_OK;
}

/* ------------------------------------------------------------------------ draws */

uint64_t
fc_pbma_draw_seed(uint64_t seed, uint64_t draw)
{
    return fc_rng_key(seed, draw, FC_RNG_SLOT_PBMA);
}

static double
draw_one(gsl_rng *r, double point, const double *lo, const double *hi, size_t i)
{
    if (lo == NULL || hi == NULL || isnan(lo[i]) || isnan(hi[i]))
        return point;
    return 0.5 * (lo[i] + hi[i]) +
           gsl_ran_gaussian_ziggurat(r, (hi[i] - lo[i]) * FC_PBMA_SD_PER_WIDTH80);
}

void
fc_pbma_draw(const fc_pbma_uncertain *u, uint64_t seed, uint64_t d, void *rng_state,
             double cost_out[], double benefit_out[])
{
    gsl_rng *r = rng_state;
    size_t nc = u->n * u->nyear;

    if (d == 0) {
        memcpy(cost_out, u->cost, nc * sizeof *cost_out);
        memcpy(benefit_out, u->benefit, u->n * sizeof *benefit_out);
        return;
    }
    /* the stream (seed, d, FC_RNG_SLOT_PBMA) of models/rng.h: 64 bits of key, where the
     * mt19937 used before kept only 32 of a folded seed */
    if (r->type == fc_rng_type())
        fc_rng_seed(r, seed, d, FC_RNG_SLOT_PBMA);
    else
        gsl_rng_set(r, (unsigned long)fc_pbma_draw_seed(seed, d));
    for (size_t i = 0; i < nc; i++)
        cost_out[i] = draw_one(r, u->cost[i], u->cost_lo, u->cost_hi, i);
    for (size_t i = 0; i < u->n; i++)
        benefit_out[i] = draw_one(r, u->benefit[i], u->benefit_lo, u->benefit_hi, i);
}
