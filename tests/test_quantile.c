/* test_quantile.c: type-7 quantiles by selection (models/quantile.h) against a sort and
 * against hand values, with ties, tiny samples and any order of probabilities. */
#include "models/quantile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>

#include "models/rng.h"
#include "tests/test_util.h"

/* R: quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(0.1, 0.5, 0.9)) = 1.0 3.5 6.9 */
static void
test_hand_values(void **state)
{
    (void)state;
    double x[] = {3, 1, 4, 1, 5, 9, 2, 6}, q[3], s[4], w[32];
    const double p[3] = {0.9, 0.1, 0.5};
    fc_quantiles(x, 8, p, 3, w, q);
    assert_close(q[0], 6.9, 1e-15, 0);
    assert_close(q[1], 1.0, 0, 0);
    assert_close(q[2], 3.5, 0, 0);
    double y[] = {3, 1, 4, 1, 5, 9, 2, 6};
    fc_summary4(y, 8, w, s);
    assert_close(s[0], 31.0 / 8, 1e-15, 0);
    assert_close(s[3], 6.9, 1e-15, 0);
    double same[3] = {0.1, 0.1, 0.1};
    fc_summary4(same, 3, w, s);
    assert_true(s[0] == 0.1); /* exact: a plain sum / 3 gives 0.10000000000000002 */
    double one[] = {42}, two[] = {5, -5}, r1[3], r2[3];
    const double pp[3] = {0.1, 0.5, 0.9};
    fc_quantiles(one, 1, pp, 3, w, r1);
    fc_quantiles(two, 2, pp, 3, w, r2);
    assert_close(r1[0], 42, 0, 0);
    assert_close(r1[2], 42, 0, 0);
    assert_close(r2[0], -4, 1e-15, 0); /* -5 + 0.1 x 10 */
    assert_close(r2[1], 0, 0, 1e-15);
    assert_close(r2[2], 4, 1e-15, 0);
}

/* Samples of sizes 1..5000, random, with many ties, sorted, reversed, all equal: equal to
 * the sorted formula (the large ones take the Floyd-Rivest path). */
static void
test_against_sort(void **state)
{
    (void)state;
    gsl_rng *r = fc_rng_alloc();
    const double p[5] = {0.1, 0.5, 0.9, 0.0, 1.0};
    enum { NMAX = 5000 };
    double *x = malloc(NMAX * sizeof *x), *y = malloc(NMAX * sizeof *y);
    double *w = malloc(4 * NMAX * sizeof *w);
    assert_non_null(x);
    assert_non_null(y);
    assert_non_null(w);
    for (size_t rep = 0; rep < 2300; rep++) {
        size_t n = 1 + gsl_rng_uniform_int(r, rep < 1000 ? 12 : rep < 2000 ? 300 : NMAX);
        int kind = (int)(rep % 5);
        double q[5];
        for (size_t i = 0; i < n; i++)
            x[i] = kind == 0   ? (double)gsl_rng_uniform_int(r, 4)
                   : kind == 1 ? gsl_rng_uniform(r) - 0.3
                   : kind == 2 ? (double)i
                   : kind == 3 ? -(double)i
                   : rep % 10 == 4 ? 7.0 : gsl_rng_uniform(r) * 1e6;
        memcpy(y, x, n * sizeof *x);
        gsl_sort(y, 1, n);
        if (rep % 2) { /* three probabilities: the banded path from 256 draws */
            double q3[3];
            memcpy(w, x, n * sizeof *x); /* (w is scratch: use y's copy below) */
            memcpy(y, x, n * sizeof *x);
            fc_quantiles(y, n, p, 3, w, q3);
            memcpy(y, x, n * sizeof *x);
            gsl_sort(y, 1, n);
            for (int k = 0; k < 3; k++) {
                double h = (double)(n - 1) * p[k];
                size_t f = (size_t)floor(h);
                double e = y[f] + (h - (double)f) * ((f + 1 < n ? y[f + 1] : y[f]) - y[f]);
                if (q3[k] != e)
                    fail_msg("rep %zu n %zu p %g (3): %.17g, expected %.17g", rep, n, p[k],
                             q3[k], e);
            }
        }
        fc_quantiles(x, n, p, 5, w, q);
        for (int k = 0; k < 5; k++) {
            double h = (double)(n - 1) * p[k];
            size_t f = (size_t)floor(h);
            double e = y[f] + (h - (double)f) * ((f + 1 < n ? y[f + 1] : y[f]) - y[f]);
            if (q[k] != e)
                fail_msg("rep %zu n %zu p %g: %.17g, expected %.17g", rep, n, p[k], q[k], e);
        }
        /* a permutation of the input */
        gsl_sort(x, 1, n);
        assert_memory_equal(x, y, n * sizeof *x);
    }
    gsl_rng_free(r);
    free(x);
    free(y);
    free(w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_values),
        cmocka_unit_test(test_against_sort),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
