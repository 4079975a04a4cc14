/* pbma.h: programme budgeting and marginal analysis (PBMA): incremental cost-effectiveness of
 * mutually exclusive strategies, MCDA weighted benefit, marginal-analysis lists, the best set
 * of options within a budget (0/1 MIP with GLPK) against the greedy league table, and
 * probabilistic sensitivity analysis (CEAC, CEAF, EVPI, expected loss, P(funded)).
 *
 * Methods (see shared/docs/PBMA-METHODS.md):
 *  - incremental analysis follows dampack calculate_icers (Hunink et al. 2014): sort by cost
 *    ascending then effect descending; strategy j is strongly dominated (D) when an earlier
 *    strategy has effect >= effect_j; ICER_i = (C_i - C_{i-1}) / (E_i - E_{i-1}) along the
 *    survivors; every i with ICER_i > ICER_{i+1} is extendedly dominated (ED) and the pass is
 *    repeated until the ICERs increase (collinear points, equal ICERs, stay ND);
 *  - net monetary benefit NMB = wtp * effect - cost (GBP); EVPI(wtp) = E_s[max_j NMB_sj] -
 *    max_j E_s[NMB_sj] = min_j (expected loss of j), loss_sj = max_k NMB_sk - NMB_sj;
 *  - MCDA: additive value model V_i = sum_j w_j v_j(x_ij), weights normalised to sum 1,
 *    v_j linear interval scaling to 0..100 between the criterion's min and max (harm criteria
 *    reversed: v = 100 (max - x) / (max - min)), so V is in points 0..100;
 *  - budget: maximise sum_i b_i x_i subject to sum_i c_iy x_i <= B_y for every year y,
 *    sum_{i in G} x_i <= 1 for every exclusive group G, x_i <= x_j when i requires j,
 *    x_i in {0,1} (Stinnett & Paltiel 1996; Epstein et al. 2007). Disinvestments have
 *    c < 0 (funds released) and b < 0 (benefit lost).
 * Units: costs in GBP per year (negative = released), effects in QALYs or natural units,
 * MCDA benefit in points, wtp and threshold in GBP per unit of benefit.
 */
#ifndef FC_MODELS_PBMA_H
#define FC_MODELS_PBMA_H

#include <stddef.h>
#include <stdint.h>

#include "models/status.h"

/* ------------------------------------------------------------------------ constants */

/* z such that an 80% central interval of a Normal is mean +- z sd: width = 2 z sd. */
#define FC_PBMA_Z80 1.2815515655446004
#define FC_PBMA_SD_PER_WIDTH80 (1.0 / (2.0 * FC_PBMA_Z80)) /* sd = (hi - lo) / 2.5631 */

/* Dominance status from incremental analysis. */
typedef enum fc_pbma_dom {
    FC_PBMA_ND = 0, /* non-dominated: on the efficient frontier */
    FC_PBMA_ED = 1, /* extendedly dominated (by a mix of its frontier neighbours) */
    FC_PBMA_D = 2   /* strongly dominated (costs at least as much, no more effective) */
} fc_pbma_dom;

/* Flags for fc_pbma_icers(). */
#define FC_PBMA_TIES_SHARE 1u /* an exact duplicate (same cost and effect) of a frontier
                                 strategy is ND too (heemod); default: D (dampack) */

/* Kind of an option by the signs of its total cost and benefit (the CE-plane quadrant). */
typedef enum fc_pbma_kind {
    FC_PBMA_INVEST = 0,    /* cost > 0, benefit > 0 (NE quadrant) */
    FC_PBMA_DISINVEST = 1, /* cost < 0, benefit < 0 (SW quadrant: releases funds, loses benefit) */
    FC_PBMA_DOMINANT = 2,  /* cost <= 0, benefit >= 0, not both 0 (SE: saves and gains) */
    FC_PBMA_DOMINATED = 3, /* cost >= 0, benefit <= 0, not both 0 (NW: costs and loses) */
    FC_PBMA_NULL = 4       /* cost = 0 and benefit = 0 */
} fc_pbma_kind;

/* ------------------------------------------------------------------------ incremental analysis */

/* One row of an incremental (ICER) table. */
typedef struct fc_pbma_icer {
    size_t strategy;   /* index into the input arrays */
    double inc_cost;   /* GBP, minus the previous frontier strategy; (double)NAN when not defined */
    double inc_effect; /* effect units, same; (double)NAN when not defined */
    double icer;       /* GBP per unit effect, inc_cost / inc_effect; (double)NAN when not defined */
    fc_pbma_dom status;
} fc_pbma_icer;

/* Incremental analysis of n mutually exclusive strategies with costs cost[] (GBP) and
 * effects effect[]. Writes n rows to result (caller-allocated, n entries) in dampack's order:
 * frontier (ND) rows by cost, then ED rows, then D rows, each by cost then effect descending
 * (ties in input order). The first frontier row and every ED/D row have (double)NAN incremental
 * columns; with a single strategy, or when one strategy dominates all, that strategy is ND
 * with (double)NAN columns. *n_frontier (may be NULL) receives the number of ND rows. flags: 0 or
 * FC_PBMA_TIES_SHARE (then a duplicate of a frontier point is ND with inc_cost = inc_effect =
 * 0 and icer (double)NAN, right after its twin). Returns FC_EINVAL when n is 0 or a value is not
 * finite, FC_ENOMEM. Borrows the inputs. */
fc_status fc_pbma_icers(const double cost[], const double effect[], size_t n, unsigned flags,
                        fc_pbma_icer result[], size_t *n_frontier, fc_err *err);

/* The index of the strategy with the highest net monetary benefit wtp * effect - cost (GBP),
 * ties to the first in input order (the optimal strategy at threshold wtp; it is always on the
 * frontier). n must be > 0. */
size_t fc_pbma_best_at(const double cost[], const double effect[], size_t n, double wtp);

/* The quadrant of an option with total cost (GBP) and benefit. */
fc_pbma_kind fc_pbma_classify(double cost, double benefit);

/* ------------------------------------------------------------------------ PSA summaries */

/* Summary of a PSA over nstrat strategies and nwtp thresholds. Arrays indexed [w*nstrat + j]
 * are per threshold and strategy. */
typedef struct fc_pbma_psa {
    size_t nstrat, nwtp;
    double *p_best;    /* [nwtp*nstrat] share of samples in which j has the highest NMB, ties
                          to the first strategy in input order (CEAC, multi-option) */
    double *mean_nmb;  /* [nwtp*nstrat] expected NMB, GBP */
    double *exp_loss;  /* [nwtp*nstrat] expected loss E_s[max_k NMB_sk - NMB_sj], GBP */
    size_t *best_mean; /* [nwtp] strategy with the highest expected NMB, ties to the first
                          (the CEAF strategy: "on_frontier") */
    double *evpi;      /* [nwtp] E_s[max_j NMB_sj] - max_j E_s[NMB_sj], GBP per person */
} fc_pbma_psa;

/* Allocates a summary for nstrat strategies and nwtp thresholds. Returns new; free with
 * fc_pbma_psa_free(). FC_EINVAL when a size is 0, FC_ENOMEM. */
fc_status fc_pbma_psa_alloc(size_t nstrat, size_t nwtp, fc_pbma_psa **result, fc_err *err);
void fc_pbma_psa_free(fc_pbma_psa *p);

/* Fills result from nsim samples: cost[s*nstrat + j] (GBP) and effect[s*nstrat + j] of
 * strategy j in sample s, at the nwtp thresholds wtp[] (GBP per unit effect). Sums are
 * compensated (Neumaier), so results do not depend on the size of nsim beyond rounding.
 * Returns FC_EINVAL when sizes disagree with result or nsim is 0. Borrows the inputs. */
fc_status fc_pbma_psa_compute(const double cost[], const double effect[], size_t nsim,
                              size_t nstrat, const double wtp[], size_t nwtp,
                              fc_pbma_psa *result, fc_err *err);

/* Pairwise comparison of reference ref against comparator comp (BCEA's convention:
 * delta = ref minus comp). For each of the nwtp thresholds writes eib[w] = mean over samples
 * of wtp*(e_ref - e_comp) - (c_ref - c_comp) and p_ib_pos[w] = share of samples with that
 * incremental benefit > 0 (strict). Either output may be NULL. FC_EINVAL on bad indices. */
fc_status fc_pbma_psa_pairwise(const double cost[], const double effect[], size_t nsim,
                               size_t nstrat, size_t ref, size_t comp, const double wtp[],
                               size_t nwtp, double eib[], double p_ib_pos[], fc_err *err);

/* ------------------------------------------------------------------------ MCDA */

typedef struct fc_pbma_criterion {
    double weight; /* >= 0, any scale: normalised to sum 1 */
    int harm;      /* 0: more is better; 1: less is better (a harm or cost criterion) */
    double min;    /* score worth 0 points (100 points for a harm criterion) */
    double max;    /* score worth 100 points (0 for a harm criterion); max > min */
} fc_pbma_criterion;

/* Weighted benefit of n options scored on ncrit criteria: score[i*ncrit + j] is option i's
 * raw score on criterion j, which must lie in [min_j, max_j]. Writes value[i*ncrit + j]
 * (0..100 points, after reversing harm criteria), weighted[i*ncrit + j] = w_j value (points,
 * w normalised to sum 1) and benefit[i] = sign[i] * sum_j weighted (points; sign[i] = -1
 * for a disinvestment, whose scores describe the benefit lost; sign may be NULL = all +1).
 * value and weighted may be NULL. On FC_EDATA (a negative or non-finite weight, all weights
 * 0, min >= max, a score outside [min, max]) *bad_option (SIZE_MAX when the criterion itself
 * is at fault) and *bad_crit name the culprit; they may be NULL. Borrows the inputs. */
fc_status fc_pbma_mcda(const double score[], size_t n, const fc_pbma_criterion crit[],
                       size_t ncrit, const int sign[], double value[], double weighted[],
                       double benefit[], size_t *bad_option, size_t *bad_crit, fc_err *err);

/* ------------------------------------------------------------------------ budgeted portfolio */

/* The structure of a budgeting problem: what stays fixed across PSA draws. */
typedef struct fc_pbma_problem {
    size_t n;             /* options */
    size_t nyear;         /* budget periods, >= 1 */
    const double *budget; /* [nyear] GBP available in each period (may be < 0: a savings
                             target that disinvestments must meet) */
    size_t nreq;          /* number of requirements */
    const size_t *req_from; /* [nreq] option i ... */
    const size_t *req_to;   /* [nreq] ... may be funded only if option j is (x_i <= x_j) */
    const long *group;    /* [n] exclusive group id >= 0, or -1; may be NULL (no groups) */
    double threshold;     /* 0: maximise total benefit; > 0: maximise net monetary benefit
                             threshold * benefit - total cost (GBP per unit benefit) */
} fc_pbma_problem;

/* The result of one solve. x (n entries) is caller-allocated. */
typedef struct fc_pbma_solution {
    unsigned char *x;  /* [n] 1 = option funded (for a disinvestment: carried out) */
    double objective;  /* total benefit, or NMB (GBP) when threshold > 0 */
    double benefit;    /* total benefit of the set */
    double cost;       /* total cost of the set over all periods, GBP */
} fc_pbma_solution;

typedef struct fc_pbma_ws fc_pbma_ws;

/* Checks the structure of p: requirement indices < n, no option requiring itself or another
 * in its own group, no requirement cycle. On FC_EDATA *bad (may be NULL) is the index of an
 * option at fault (a member of the cycle, or the requiring option). Borrows p. */
fc_status fc_pbma_problem_check(const fc_pbma_problem *p, size_t *bad, fc_err *err);

/* Releases the solver's state of the calling thread (GLPK keeps an environment per thread
 * that would outlive it): every thread that solved calls it as it ends. */
void fc_pbma_thread_end(void);

/* The solver library's version (GLPK's), for the manifest. */
const char *fc_pbma_solver_version(void);

/* Allocates a solver workspace for the structure p (checked with fc_pbma_problem_check; the
 * workspace copies everything it needs, so p may go away). Returns new; free with
 * fc_pbma_ws_free(). FC_EINVAL (n or nyear 0), FC_EDATA (see check), FC_ENOMEM. */
fc_status fc_pbma_ws_alloc(const fc_pbma_problem *p, fc_pbma_ws **result, size_t *bad,
                           fc_err *err);
void fc_pbma_ws_free(fc_pbma_ws *w);

/* Sets the budget of every period (budget[nyear], GBP) and the threshold of a workspace, for
 * a draw in which they are uncertain; the structure stays. FC_EDATA for a non-finite budget or
 * a threshold that is negative or not finite. */
fc_status fc_pbma_ws_set(fc_pbma_ws *w, const double budget[], double threshold, fc_err *err);

/* The exact optimum: solves the 0/1 MIP with GLPK for option costs cost[i*nyear + y] (GBP)
 * and benefits benefit[i]. Exactly one optimum is reported; among equal-objective sets GLPK's
 * choice is kept. Re-usable for every PSA draw (the workspace keeps the GLPK problem; GLPK
 * allocates internally, the caller does not). Returns FC_EDATA when no set meets the budget
 * (possible only with a negative budget), FC_EINVAL on non-finite inputs, FC_ENOCONV when
 * GLPK fails. Borrows cost and benefit. */
fc_status fc_pbma_solve(fc_pbma_ws *w, const double cost[], const double benefit[],
                        fc_pbma_solution *result, fc_err *err);

/* Shadow price of each period's budget, GBP -> benefit (or NMB) per extra GBP, from the dual
 * values of the LP relaxation (0 <= x <= 1) of the same problem: shadow[y] (nyear entries).
 * For a single period this is the ratio of the marginal (fractional) option, the threshold
 * implied by the budget. FC_EDATA when the relaxation is infeasible. */
fc_status fc_pbma_shadow_price(fc_pbma_ws *w, const double cost[], const double benefit[],
                               double shadow[], fc_err *err);

/* The greedy league-table answer (STAR's value-for-money curve): options are walked in the
 * order of fc_pbma_league(); every disinvestment starts carried out (its funds released and
 * its benefit lost), and walking the list funds an investment, or keeps (reverses) a
 * disinvestment, whenever that fits every period's remaining budget and respects groups and
 * requirements (a requirement must already be met when the option is reached). Dominant
 * options come first, dominated ones are never funded. result->x receives the set; the
 * return is FC_OK even when the greedy set breaks a requirement it could not repair, which
 * *feasible (may be NULL) reports as 0. Borrows cost and benefit. */
fc_status fc_pbma_greedy(fc_pbma_ws *w, const double cost[], const double benefit[],
                         fc_pbma_solution *result, int *feasible, fc_err *err);

/* League-table order of n options with total costs cost_total[] (GBP) and benefits[]:
 * dominant options first (by benefit descending), then investments and disinvestments
 * together by benefit per GBP descending (for a disinvestment, benefit lost per GBP
 * released: keeping it is an investment of |cost| for |benefit|), then null and dominated
 * options. Ties keep input order. Writes a permutation to order[] (n entries). */
void fc_pbma_league(const double cost_total[], const double benefit[], size_t n,
                    size_t order[]);

/* ------------------------------------------------------------------------ draws */

/* The key of draw d's stream of option draws: fc_rng_key(seed, draw, FC_RNG_SLOT_PBMA)
 * (models/rng.h), so that results depend neither on order nor on threads, and the scenario
 * runner's Monte Carlo draws (engine/draws/draws.c) use the same numbers as `fulcrum pbma --draws`. */
uint64_t fc_pbma_draw_seed(uint64_t seed, uint64_t draw);

/* Uncertain option inputs: point values plus optional 80% intervals ((double)NAN = no interval). */
typedef struct fc_pbma_uncertain {
    size_t n, nyear;
    const double *cost;       /* [n*nyear] GBP, point value (draw 0) */
    const double *cost_lo;    /* [n*nyear] or NULL */
    const double *cost_hi;    /* [n*nyear] or NULL */
    const double *benefit;    /* [n] point value */
    const double *benefit_lo; /* [n] or NULL */
    const double *benefit_hi; /* [n] or NULL */
} fc_pbma_uncertain;

/* Draw d of the inputs into cost_out[n*nyear] and benefit_out[n]: draw 0 is the point
 * values; draw d >= 1 draws each value with an interval from a Normal with mean (lo+hi)/2
 * and sd (hi-lo)/2.5631, from stream (seed, d, FC_RNG_SLOT_PBMA) of models/rng.h (values in
 * the order: every cost, then every benefit). rng_state is a caller-allocated gsl_rng (void *
 * to keep GSL out of this header) from fc_rng_alloc(); another GSL generator is seeded with
 * gsl_rng_set(r, fc_pbma_draw_seed(seed, d)) instead. */
void fc_pbma_draw(const fc_pbma_uncertain *u, uint64_t seed, uint64_t d, void *rng_state,
                  double cost_out[], double benefit_out[]);

/* Portfolio PSA: for draws d = 1..ndraw, draws the inputs, solves the optimum and the greedy
 * set and counts how often each option is funded. Writes p_funded[n] and p_greedy[n]
 * (either may be NULL) and, per draw, opt_obj[d-1] and greedy_obj[d-1] (objective values;
 * either may be NULL). Uses w's scratch arrays, no allocation per draw (GLPK's own aside).
 * Returns what fc_pbma_solve returns (FC_EDATA: a draw with no feasible set) or FC_ENOMEM. */
fc_status fc_pbma_portfolio_psa(fc_pbma_ws *w, const fc_pbma_uncertain *u, size_t ndraw,
                                uint64_t seed, double p_funded[], double p_greedy[],
                                double opt_obj[], double greedy_obj[], fc_err *err);

#endif /* FC_MODELS_PBMA_H */
