/* test_rng.c: per-draw streams (models/rng.h): the reference SplitMix64 sequence, streams
 * keyed by (seed, draw, slot), uniformity, and the distributions' quantiles recovered from
 * seeded samples within their standard errors. */
#include "models/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>

#include "tests/test_util.h"

/* gsl_rng_set(r, 0) gives the reference sequence of Vigna's splitmix64.c from x = 0:
 * e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f ..., of which gsl_rng_get returns the
 * high 32 bits. */
static void
test_reference_sequence(void **state)
{
    (void)state;
    gsl_rng *r = fc_rng_alloc();
    assert_non_null(r);
    assert_string_equal(gsl_rng_name(r), "fulcrum-splitmix64");
    assert_int_equal(gsl_rng_max(r), 0xFFFFFFFFul);
    gsl_rng_set(r, 0);
    assert_int_equal(gsl_rng_get(r), 0xe220a839ul);
    assert_int_equal(gsl_rng_get(r), 0x6e789e6aul);
    assert_int_equal(gsl_rng_get(r), 0x06c45d18ul);
    /* the uniform is the high 53 bits of the next output over 2^53 */
    gsl_rng_set(r, 0);
    assert_true(gsl_rng_uniform(r) == (double)(0xe220a8397b1dcdafull >> 11) * 0x1.0p-53);
    gsl_rng_free(r);
}

/* A stream is a function of (seed, draw, slot) only; neighbouring keys give different
 * streams; slots are case-folded names. */
static void
test_keyed_streams(void **state)
{
    (void)state;
    gsl_rng *a = fc_rng_alloc(), *b = fc_rng_alloc();
    double x[8], y[8];
    fc_rng_seed(a, 7, 3, 11);
    for (int i = 0; i < 8; i++)
        x[i] = gsl_rng_uniform(a);
    fc_rng_seed(b, 1, 1, 1); /* b used elsewhere first */
    (void)gsl_rng_uniform(b);
    fc_rng_seed(b, 7, 3, 11);
    for (int i = 0; i < 8; i++)
        y[i] = gsl_rng_uniform(b);
    assert_memory_equal(x, y, sizeof x);
    assert_true(fc_rng_key(7, 3, 11) != fc_rng_key(7, 4, 11));
    assert_true(fc_rng_key(7, 3, 11) != fc_rng_key(7, 3, 12));
    assert_true(fc_rng_key(7, 3, 11) != fc_rng_key(8, 3, 11));
    assert_true(fc_rng_key(1, 2, 0) != fc_rng_key(2, 1, 0));
    assert_true(fc_rng_slot("Projection.SRB") == fc_rng_slot("projection.srb"));
    assert_true(fc_rng_slot("projection.srb") != fc_rng_slot("projection.src"));
    /* FNV-1a 64 of "a" (published test vector) */
    assert_true(fc_rng_slot("a") == 0xaf63dc4c8601ec8cull);
    /* consecutive draws of one seed are uncorrelated: first uniforms of draws 1..20000 */
    {
        double s = 0.0, sxy = 0.0, prev = 0.5;
        const int n = 20000;
        for (int d = 1; d <= n; d++) {
            fc_rng_seed(a, 42, (uint64_t)d, 5);
            double u = gsl_rng_uniform(a);
            s += u;
            sxy += (u - 0.5) * (prev - 0.5);
            prev = u;
        }
        /* mean 1/2 (se 0.289/sqrt n = 0.002), lag-1 covariance 0 (se 1/12/sqrt n = 0.0006) */
        assert_close(s / n, 0.5, 0.0, 4 * 0.00204);
        assert_close(sxy / n, 0.0, 0.0, 4 * 0.00059);
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* Chi-square over 100 equal bins of 100000 uniforms, and gsl_rng_uniform_int's range. */
static void
test_uniformity(void **state)
{
    (void)state;
    gsl_rng *r = fc_rng_alloc();
    unsigned long cnt[100] = {0};
    const int n = 100000;
    double chi = 0.0;
    fc_rng_seed(r, 2024, 1, 0);
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(r);
        assert_true(u >= 0.0 && u < 1.0);
        cnt[(int)(u * 100)]++;
    }
    for (int k = 0; k < 100; k++) {
        double e = n / 100.0, dlt = (double)cnt[k] - e;
        chi += dlt * dlt / e;
    }
    /* 99 degrees of freedom: the 0.999 quantile is 148.2 */
    assert_true(chi < 148.2);
    for (int i = 0; i < 1000; i++)
        assert_true(gsl_rng_uniform_int(r, 7) < 7);
    gsl_rng_free(r);
}

/* Hand values: the interval's 10% and 90% points are its ends; triangular(0, 1, 4) has
 * F(1) = 1/4 and median 4 - sqrt(6); medians of the named distributions. */
static void
test_quantiles_by_hand(void **state)
{
    (void)state;
    fc_dist iv = {FC_DIST_INTERVAL, {0.9, 1.3, 0}};
    fc_dist tri = {FC_DIST_TRIANGULAR, {0.0, 1.0, 4.0}};
    fc_dist ln = {FC_DIST_LOGNORMAL, {log(2.0), 0.3, 0}};
    fc_dist be = {FC_DIST_BETA, {2.0, 2.0, 0}};
    fc_dist no = {FC_DIST_NORMAL, {5.0, 0.0, 0}};
    assert_close(fc_dist_quantile(&iv, 0.1), 0.9, 1e-12, 0);
    assert_close(fc_dist_quantile(&iv, 0.9), 1.3, 1e-12, 0);
    assert_close(fc_dist_median(&iv), 1.1, 1e-15, 0);
    assert_close(fc_dist_quantile(&tri, 0.25), 1.0, 1e-15, 0);
    assert_close(fc_dist_median(&tri), 4.0 - sqrt(6.0), 1e-15, 0);
    assert_close(fc_ran_triangular_q(0.0, 0, 1, 4), 0.0, 0, 0);
    assert_close(fc_ran_triangular_q(1.0, 0, 1, 4), 4.0, 0, 0);
    assert_close(fc_dist_median(&ln), 2.0, 1e-15, 0);
    assert_close(fc_dist_median(&be), 0.5, 1e-12, 0); /* symmetric */
    assert_close(fc_dist_median(&no), 5.0, 0, 0);
    /* sd 0: a constant */
    {
        gsl_rng *r = fc_rng_alloc();
        assert_true(fc_dist_sample(&no, r) == 5.0);
        gsl_rng_free(r);
    }
}

/* Seeded samples of every distribution recover its 10%, 50% and 90% points within four
 * standard errors, se(q_p) = sqrt(p (1 - p) / n) / f(q_p), and the interval puts 80% of its
 * draws inside [lo, hi]. */
static double
pdf(const fc_dist *d, double x)
{
    switch (d->kind) {
    case FC_DIST_NORMAL:
        return gsl_ran_gaussian_pdf(x - d->p[0], d->p[1]);
    case FC_DIST_INTERVAL:
        return gsl_ran_gaussian_pdf(x - 0.5 * (d->p[0] + d->p[1]),
                                    (d->p[1] - d->p[0]) / (2 * FC_RNG_Z80));
    case FC_DIST_LOGNORMAL:
        return gsl_ran_lognormal_pdf(x, d->p[0], d->p[1]);
    case FC_DIST_GAMMA:
        return gsl_ran_gamma_pdf(x, d->p[0], d->p[1]);
    case FC_DIST_BETA:
        return gsl_ran_beta_pdf(x, d->p[0], d->p[1]);
    case FC_DIST_TRIANGULAR: {
        double a = d->p[0], c = d->p[1], b = d->p[2];
        return x < c ? 2 * (x - a) / ((b - a) * (c - a)) : 2 * (b - x) / ((b - a) * (b - c));
    }
    }
    return 0;
}

static void
test_quantiles_recovered(void **state)
{
    (void)state;
    const fc_dist ds[] = {
        {FC_DIST_NORMAL, {10.0, 2.0, 0}},     {FC_DIST_INTERVAL, {0.95, 1.15, 0}},
        {FC_DIST_LOGNORMAL, {0.1, 0.25, 0}},  {FC_DIST_GAMMA, {3.0, 0.5, 0}},
        {FC_DIST_GAMMA, {0.7, 2.0, 0}},       {FC_DIST_BETA, {2.0, 5.0, 0}},
        {FC_DIST_TRIANGULAR, {1.0, 2.0, 5.0}},
    };
    const size_t n = 20000;
    const double ps[3] = {0.1, 0.5, 0.9};
    double *x = malloc(n * sizeof *x);
    gsl_rng *r = fc_rng_alloc();
    assert_non_null(x);
    for (size_t k = 0; k < sizeof ds / sizeof ds[0]; k++) {
        fc_err err;
        fc_err_clear(&err);
        assert_int_equal(fc_dist_check(&ds[k], &err), FC_OK);
        /* one stream per distribution, one draw per (seed, draw) as the engine does */
        for (size_t i = 0; i < n; i++) {
            fc_rng_seed(r, 99, i + 1, k);
            x[i] = fc_dist_sample(&ds[k], r);
        }
        gsl_sort(x, 1, n);
        for (int q = 0; q < 3; q++) {
            double truth = fc_dist_quantile(&ds[k], ps[q]);
            double h = (double)(n - 1) * ps[q];
            size_t lo = (size_t)h;
            double emp = x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
            double se = sqrt(ps[q] * (1 - ps[q]) / (double)n) / pdf(&ds[k], truth);
            if (fabs(emp - truth) > 4 * se)
                fail_msg("%s: q%g = %g, expected %g (se %g)", fc_dist_name(ds[k].kind), ps[q],
                         emp, truth, se);
        }
        if (ds[k].kind == FC_DIST_INTERVAL) {
            size_t in = 0;
            for (size_t i = 0; i < n; i++)
                in += x[i] >= ds[k].p[0] && x[i] <= ds[k].p[1];
            assert_close((double)in / (double)n, 0.8, 0, 4 * sqrt(0.16 / (double)n));
        }
    }
    gsl_rng_free(r);
    free(x);
}

static void
test_bad_parameters(void **state)
{
    (void)state;
    static const struct {
        fc_dist d;
        const char *msg;
    } bad[] = {
        {{FC_DIST_NORMAL, {0, -1, 0}}, "normal: sd -1 is negative"},
        {{FC_DIST_INTERVAL, {5, 1, 0}}, "the interval's low end 5 is not below its high end 1"},
        {{FC_DIST_INTERVAL, {2, 2, 0}}, "the interval's low end 2 is not below its high end 2"},
        {{FC_DIST_LOGNORMAL, {0, 0, 0}}, "lognormal: sdlog 0 must be above 0"},
        {{FC_DIST_GAMMA, {-1, 1, 0}}, "gamma: shape -1 must be above 0"},
        {{FC_DIST_GAMMA, {1, 0, 0}}, "gamma: scale 0 must be above 0"},
        {{FC_DIST_BETA, {-2, 1, 0}}, "beta: shape a -2 must be above 0"},
        {{FC_DIST_BETA, {1, 0, 0}}, "beta: shape b 0 must be above 0"},
        {{FC_DIST_TRIANGULAR, {3, 1, 2}}, "triangular: min 3 must be below max 2"},
        {{FC_DIST_TRIANGULAR, {0, 5, 2}}, "triangular: mode 5 is outside min..max (0..2)"},
        {{FC_DIST_NORMAL, {(double)NAN, 1, 0}}, "parameter 1 of normal is not a finite number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fc_err err;
        fc_err_clear(&err);
        assert_int_equal(fc_dist_check(&bad[i].d, &err), FC_EDOM);
        assert_string_equal(err.msg, bad[i].msg);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_sequence),  cmocka_unit_test(test_keyed_streams),
        cmocka_unit_test(test_uniformity),          cmocka_unit_test(test_quantiles_by_hand),
        cmocka_unit_test(test_quantiles_recovered), cmocka_unit_test(test_bad_parameters),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
