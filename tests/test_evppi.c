/* test_evppi.c: the EVPPI by nonparametric regression (models/evppi) against closed forms.
 *
 * Two strategies, doing nothing (net benefit 0) and an option whose net benefit is linear in
 * three independent standard normal parameters, NB = a + b1 X1 + b2 X2 (X3 plays no part).
 * Learning X1 leaves NB | X1 ~ N(a + b1 X1, b2^2), and the decision is the sign of its mean,
 * so with m = a and s = |b1| (Strong, Oakley and Brennan 2014; the normal's partial moment):
 *   EVPPI(X1) = E[max(0, a + b1 X1)] - max(0, a) = a Phi(a/s) + s phi(a/s) - max(0, a),
 * and likewise EVPPI(X2) with s = |b2|, EVPI with s = sqrt(b1^2 + b2^2).
 */
#include "models/evppi.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "tests/test_util.h"

enum { S = 10000, D = 2, P = 3 };
static const double a = 0.5, b1 = 2.0, b2 = 1.0;

/* E[max(0, N(m, s^2))] - max(0, m) */
static double
closed(double m, double s)
{
    return m * gsl_cdf_ugaussian_P(m / s) + s * gsl_ran_ugaussian_pdf(m / s) -
           fmax(0, m);
}

/* The samples: par[s*P + j] ~ N(0, 1) independent; nb[s*D] = 0, nb[s*D + 1] = f(par). */
static void
draw(double *par, double *nb, int quadratic)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20140301);
    for (size_t s = 0; s < S; s++) {
        for (size_t j = 0; j < P; j++)
            par[s * P + j] = gsl_ran_ugaussian(r);
        nb[s * D] = 0;
        nb[s * D + 1] = quadratic ? a - 1.2 * par[s * P] * par[s * P] + 2 * par[s * P] +
                                        b2 * par[s * P + 1]
                                  : a + b1 * par[s * P] + b2 * par[s * P + 1];
    }
    gsl_rng_free(r);
}

/* The same-sample oracle: the exact conditional mean m(s) of the option's net benefit given
 * the parameters learnt, put through the estimator's formula, mean_s max(0, m(s)) -
 * max(0, mean_s NB): what a perfect regression would give on these samples. */
static double
oracle(const double *nb, const double *m)
{
    double e = 0, mean = 0;
    for (size_t s = 0; s < S; s++) {
        e += fmax(0, m[s]);
        mean += nb[s * D + 1];
    }
    return e / S - fmax(0, mean / S);
}

static void
test_evppi_linear_normal(void **state)
{
    double *par = malloc(S * P * sizeof *par), *nb = malloc(S * D * sizeof *nb);
    double *m = malloc(S * sizeof *m), v, evpi, sd = 0, mean = 0;
    fc_err err = {0};
    const size_t x1 = 0, x2 = 1, x3 = 2, both[2] = {0, 1}, all[3] = {0, 1, 2};
    (void)state;
    draw(par, nb, 0);

    /* X1: against the same-sample oracle and against the closed form (0.572689...). The
     * regression's own error is that of a fit through noise of sd |b2| = 1 from 10,000
     * samples: its intercept and slope are off by about 0.01 each, so the estimate by about
     * as much (seeds tried: -2.2% and +0.7% from the oracle); the tolerance is 0.03, three
     * times that, and for the closed form four standard errors of the sample mean more. A
     * wrong parameter (X2: 0.198) or no information (0) is far outside either. */
    assert_int_equal(fc_evppi(nb, S, D, par, P, &x1, 1, &v, &evpi, &err), FC_OK);
    for (size_t s = 0; s < S; s++) {
        m[s] = a + b1 * par[s * P];
        mean += fmax(0, m[s]);
    }
    mean /= S;
    for (size_t s = 0; s < S; s++)
        sd += (fmax(0, m[s]) - mean) * (fmax(0, m[s]) - mean);
    sd = sqrt(sd / (S - 1));
    assert_close(closed(a, fabs(b1)), 0.5726894, 0, 1e-6); /* the formula, worked by hand */
    assert_close(v, closed(a, fabs(b1)), 0, 4 * sd / sqrt(S) + 0.03);
    assert_close(v, oracle(nb, m), 0, 0.03);
    /* the EVPI from the same samples, against its closed form (0.664271...) */
    assert_close(closed(a, hypot(b1, b2)), 0.6642711, 0, 1e-6);
    assert_close(evpi, closed(a, hypot(b1, b2)), 0, 0.03);
    assert_true(v <= evpi);

    /* X2: 0.197796... */
    assert_int_equal(fc_evppi(nb, S, D, par, P, &x2, 1, &v, NULL, &err), FC_OK);
    for (size_t s = 0; s < S; s++)
        m[s] = a + b2 * par[s * P + 1];
    assert_close(v, oracle(nb, m), 0, 0.03);
    assert_close(v, closed(a, fabs(b2)), 0, 0.04);

    /* X3 has nothing to do with the net benefit: an EVPPI near zero, below 2% of the EVPI */
    assert_int_equal(fc_evppi(nb, S, D, par, P, &x3, 1, &v, NULL, &err), FC_OK);
    assert_true(v >= 0 && v < 0.02 * evpi);

    /* X1 and X2 together fix the net benefit: the EVPPI is the EVPI (the tensor-product
     * spline reproduces a plane exactly); with X3 as well, through the additive model */
    assert_int_equal(fc_evppi(nb, S, D, par, P, both, 2, &v, NULL, &err), FC_OK);
    assert_close(v, evpi, 1e-6, 1e-9);
    assert_int_equal(fc_evppi(nb, S, D, par, P, all, 3, &v, NULL, &err), FC_OK);
    assert_close(v, evpi, 1e-6, 1e-9);
    free(par);
    free(nb);
    free(m);
}

static void
test_evppi_nonlinear(void **state)
{
    /* NB = 0.5 - 1.2 X1^2 + 2 X1 + X2: the conditional mean given X1 is a parabola, which
     * the spline must follow; against the same-sample oracle within 0.03, as above (a
     * straight-line fit would give 0.40 here) */
    double *par = malloc(S * P * sizeof *par), *nb = malloc(S * D * sizeof *nb);
    double *m = malloc(S * sizeof *m), v, o;
    fc_err err = {0};
    const size_t x1 = 0;
    (void)state;
    draw(par, nb, 1);
    for (size_t s = 0; s < S; s++)
        m[s] = a - 1.2 * par[s * P] * par[s * P] + 2 * par[s * P];
    assert_int_equal(fc_evppi(nb, S, D, par, P, &x1, 1, &v, NULL, &err), FC_OK);
    o = oracle(nb, m);
    assert_true(o > 0.3); /* a case where the information is worth something */
    assert_close(v, o, 0, 0.03);
    free(par);
    free(nb);
    free(m);
}

static void
test_evppi_errors(void **state)
{
    double nb[100 * 2] = {0}, par[100] = {0}, v = -1;
    const size_t j0 = 0, j1 = 1;
    fc_err err = {0};
    (void)state;
    for (size_t s = 0; s < 100; s++)
        nb[s * 2 + 1] = (double)s - 50;
    /* a parameter that never varies tells nothing: 0 */
    assert_int_equal(fc_evppi(nb, 100, 2, par, 1, &j0, 1, &v, NULL, &err), FC_OK);
    assert_close(v, 0, 0, 0);
    assert_int_equal(fc_evppi(nb, 49, 2, par, 1, &j0, 1, &v, NULL, &err), FC_EINVAL);
    fc_err_clear(&err);
    assert_int_equal(fc_evppi(nb, 100, 2, par, 1, &j1, 1, &v, NULL, &err), FC_EINVAL);
    fc_err_clear(&err);
    par[7] = NAN;
    assert_int_equal(fc_evppi(nb, 100, 2, par, 1, &j0, 1, &v, NULL, &err), FC_EDOM);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evppi_linear_normal),
        cmocka_unit_test(test_evppi_nonlinear),
        cmocka_unit_test(test_evppi_errors),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
