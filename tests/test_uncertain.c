/* test_uncertain.c: uncertain scenario values (engine/io/scenario.c): intervals and named
 * distributions give their median to the getter and are recorded for the draws; bad syntax
 * and bad parameters are errors located at the scenario line. */
#include "engine/io/scenario.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "tests/test_util.h"

static const char *
scn(const char *body)
{
    return fc_tmpfile("u.ini", body);
}

static void
test_values_and_registry(void **state)
{
    (void)state;
    fc_scenario s;
    fc_err err;
    double srb = 1.05, hsa = -1, g = 0, t = 0, plain = 0, absent = 7;
    const char *path = scn("[run]\nseed = 3\n[projection]\nsrb = [1.03, 1.09]\n"
                           "[activity]\nhsa_fraction = beta(2, 6)\ng = gamma(4, 0.5)\n"
                           "t = triangular(1, 2, 6)\nplain = 2.5\n");
    fc_err_clear(&err);
    assert_int_equal(fc_scenario_read(path, &s, &err), FC_OK);
    assert_int_equal(fc_scn_num(&s, "projection", "srb", 0.5, 2, &srb, &err), FC_OK);
    assert_int_equal(fc_scn_num(&s, "activity", "hsa_fraction", 0, 1, &hsa, &err), FC_OK);
    assert_int_equal(fc_scn_num(&s, "activity", "g", 0, 100, &g, &err), FC_OK);
    assert_int_equal(fc_scn_num(&s, "activity", "t", 0, 100, &t, &err), FC_OK);
    assert_int_equal(fc_scn_num(&s, "activity", "plain", 0, 100, &plain, &err), FC_OK);
    assert_int_equal(fc_scn_num(&s, "activity", "absent", 0, 100, &absent, &err), FC_OK);
    /* medians: interval midpoint; triangular(1, 2, 6): F(2) = 1/5, so the median is
     * 6 - sqrt(0.5 x 5 x 4) = 6 - sqrt(10) */
    assert_close(srb, 1.06, 1e-15, 0);
    assert_close(t, 6 - sqrt(10.0), 1e-15, 0);
    assert_true(hsa > 0.2 && hsa < 0.25); /* beta(2, 6): mean 0.25, median 0.2285 */
    assert_true(g > 1.6 && g < 2.0);      /* gamma(4, 0.5): mean 2, median 1.836 */
    assert_close(plain, 2.5, 0, 0);
    assert_close(absent, 7, 0, 0);
    assert_int_equal(s.nunc, 4);
    assert_string_equal(s.unc[0].name, "projection.srb");
    assert_int_equal(s.unc[0].dist.kind, FC_DIST_INTERVAL);
    assert_close(s.unc[0].lo, 0.5, 0, 0);
    assert_close(s.unc[0].hi, 2, 0, 0);
    assert_string_equal(s.e[s.unc[0].entry].key, "srb");
    assert_int_equal(s.unc[1].dist.kind, FC_DIST_BETA);
    assert_int_equal(s.unc[3].dist.kind, FC_DIST_TRIANGULAR);
    /* read again (as `fulcrum check` does after a problem): recorded once */
    assert_int_equal(fc_scn_num(&s, "projection", "srb", 0.5, 2, &srb, &err), FC_OK);
    assert_int_equal(s.nunc, 4);
    /* a --set override to a plain number makes it certain again for a later reader */
    assert_int_equal(fc_scn_set(&s, "projection", "srb", "1.04", &err), FC_OK);
    assert_int_equal(fc_scn_num(&s, "projection", "srb", 0.5, 2, &srb, &err), FC_OK);
    assert_close(srb, 1.04, 0, 0);
    assert_int_equal(s.nunc, 3);
    assert_string_equal(s.unc[0].name, "activity.hsa_fraction");
    fc_scenario_free(&s);
}

/* Every bad value is an FC_EDATA error at the scenario's line 3, naming the key. */
static void
test_bad_values_located(void **state)
{
    (void)state;
    static const struct {
        const char *value, *msg;
    } bad[] = {
        {"lognormal(1)", "'x' = lognormal(1): lognormal needs 2 numbers (meanlog, sdlog), not 1"},
        {"[5, 1]", "'x' = [5, 1]: the interval's low end 5 is not below its high end 1"},
        {"[2, 2]", "'x' = [2, 2]: the interval's low end 2 is not below its high end 2"},
        {"beta(-1, 2)", "'x' = beta(-1, 2): beta: shape a -1 must be above 0"},
        {"gamma(2, 0)", "'x' = gamma(2, 0): gamma: scale 0 must be above 0"},
        {"normal(1, -0.1)", "'x' = normal(1, -0.1): normal: sd -0.1 is negative"},
        {"triangular(1, 5, 3)", "'x' = triangular(1, 5, 3): triangular: mode 5 is outside "
                                "min..max (1..3)"},
        {"triangular(1, 2)", "'x' = triangular(1, 2): triangular needs 3 numbers (min, mode, "
                             "max), not 2"},
        {"weibull(1, 2)", "'x' = weibull(1, 2): unknown distribution 'weibull': use [lo, hi] "
                          "(an 80% interval), normal, lognormal, gamma, beta or triangular"},
        {"[1, 2", "'x' = [1, 2: missing ']'"},
        {"[1; 2]", "'x' = [1; 2]: expected ',' or ']' at '; 2]'"},
        {"[1 2]", "'x' = [1 2]: expected ',' or ']' at '2]'"},
        {"[a, 2]", "'x' = [a, 2]: expected a number at 'a, 2]'"},
        {"gamma(2, 3) x", "'x' = gamma(2, 3) x: unexpected 'x' after the closing ')'"},
        {"[0.5, 20]", "'x' = [0.5, 20]: 20 is outside 0..10"},
        {"lognormal(5, 1)", "'x' = lognormal(5, 1): its median 148.413 is outside 0..10"},
        {"normal(1)", "'x' = normal(1): normal needs 2 numbers (mean, sd), not 1"},
        {"beta()", "'x' = beta(): beta needs 2 numbers (a, b), not 0"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256], where[64];
        fc_scenario s;
        fc_err err;
        double x = 1;
        snprintf(text, sizeof text, "[run]\n[a]\nx = %s\n", bad[i].value);
        const char *path = scn(text);
        fc_err_clear(&err);
        assert_int_equal(fc_scenario_read(path, &s, &err), FC_OK);
        assert_int_equal(fc_scn_num(&s, "a", "x", 0, 10, &x, &err), FC_EDATA);
        snprintf(where, sizeof where, "%s:3:", path);
        assert_err(&err, FC_EDATA, where);
        if (strcmp(err.msg, bad[i].msg) != 0)
            fail_msg("value %s: got \"%s\", expected \"%s\"", bad[i].value, err.msg, bad[i].msg);
        assert_close(x, 1, 0, 0); /* untouched */
        fc_scenario_free(&s);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_and_registry),
        cmocka_unit_test(test_bad_values_located),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
