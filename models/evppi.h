/* evppi.h: the expected value of partial perfect information by nonparametric regression
 * (Strong, Oakley and Brennan 2014, "Estimating multiparameter partial expected value of
 * perfect information from a probabilistic sensitivity analysis sample", Medical Decision
 * Making 34(3):311-26; the method of BCEA's evppi and dampack's calc_evppi).
 *
 * From S samples of the net benefit NB_d(s) of D strategies (at one willingness to pay) and
 * of the parameters phi(s) they were drawn with, the incremental net benefit of each strategy
 * over the first, y_d = NB_d - NB_0, is regressed on the parameters of interest, giving the
 * fitted values g_d(s), estimates of E[y_d | phi_s]; then
 *   EVPPI = mean_s max_d g_d(s) - max_d mean_s g_d(s)      (g_0 = 0),
 * the value of learning those parameters before deciding. It is at most the EVPI.
 *
 * The smoother is a penalised regression spline (P-spline, Eilers and Marx 1996): cubic
 * B-splines (GSL's gsl_bspline) on equally spaced knots over the sample's range, a penalty
 * on the second differences of the coefficients (which leaves straight lines unpenalised),
 * and the smoothing weight chosen by generalised cross-validation over a grid, strategy by
 * strategy. One parameter: 20 knot intervals. Two: the tensor product of two 8-interval
 * bases with the penalty in each direction (an interaction surface, as mgcv's te()). Three or
 * more: an additive model, the sum of one 12-interval smooth a parameter (as mgcv's
 * s(a) + s(b) + s(c)); it cannot see interactions between them, so it can understate a
 * group's EVPPI when parameters act jointly (documented in docs/uncertainty.md).
 */
#ifndef FC_MODELS_EVPPI_H
#define FC_MODELS_EVPPI_H

#include <stddef.h>

#include "models/status.h"

/* EVPPI of the parameters idx[0..nidx) (columns of par) for the decision between nstrat
 * strategies: nb[s*nstrat + d] is strategy d's net benefit in sample s (any unit, e.g. GBP),
 * par[s*npar + j] parameter j's value in sample s, nsim samples. Writes *evppi (clamped at 0;
 * and at the EVPI of the same samples, which a partial value cannot exceed; in nb's unit) and,
 * when evpi is not NULL, that EVPI. FC_EINVAL for
 * bad sizes, nidx 0 or an index out of range, nsim below 50; FC_EDOM for a non-finite
 * value; FC_ENOMEM. A parameter that takes one value in every sample carries no information:
 * its EVPPI is 0. */
fc_status fc_evppi(const double nb[], size_t nsim, size_t nstrat, const double par[],
                   size_t npar, const size_t idx[], size_t nidx, double *evppi, double *evpi,
                   fc_err *err);

#endif /* FC_MODELS_EVPPI_H */
