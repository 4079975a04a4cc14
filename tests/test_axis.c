/* test_axis.c: known-answer tests of the scale, tick and label maths in plots/axis. */
#include "plots/axis.h"

#include <math.h>
#include <string.h>

#include "tests/test_util.h"

static void
assert_label(const fc_axis_fmt *f, double v, const char *want)
{
    char buf[FC_AXIS_LABEL_MAX];
    size_t len = fc_axis_fmt_value(f, v, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        print_error("label of %.17g is '%s', expected '%s'\n", v, buf, want);
    assert_string_equal(buf, want);
    assert_int_equal(len, strlen(want));
}

static void
test_fc_axis_scale_map_linear(void **state)
{
    fc_axis_scale s;
    fc_err err = {0};
    (void)state;
    /* y axis: data 0..2.385 onto 300..20 (upwards); 1.1925 is the middle -> 160 */
    assert_int_equal(fc_axis_scale_init(&s, FC_AXIS_LINEAR, 0, 2.385, 300, 20, &err), FC_OK);
    assert_close(fc_axis_scale_map(&s, 1.1925), 160, 1e-12, 1e-12);
    assert_close(fc_axis_scale_map(&s, 2.385), 20, 1e-12, 1e-12);
    assert_close(fc_axis_scale_invert(&s, 160), 1.1925, 1e-12, 1e-12);
}

static void
test_fc_axis_scale_map_log(void **state)
{
    fc_axis_scale s;
    fc_err err = {0};
    (void)state;
    /* 10..1000 onto 0..200: 100 is the middle decade -> 100; 316.23 -> 150 */
    assert_int_equal(fc_axis_scale_init(&s, FC_AXIS_LOG, 10, 1000, 0, 200, &err), FC_OK);
    assert_close(fc_axis_scale_map(&s, 100), 100, 1e-12, 1e-9);
    assert_close(fc_axis_scale_map(&s, pow(10, 2.5)), 150, 1e-12, 1e-9);
    assert_close(fc_axis_scale_invert(&s, 150), pow(10, 2.5), 1e-12, 0);
}

static void
test_fc_axis_scale_init_errors(void **state)
{
    fc_axis_scale s;
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_axis_scale_init(&s, FC_AXIS_LINEAR, 3, 3, 0, 1, &err), FC_EINVAL);
    assert_err(&err, FC_EINVAL, "fulcrum: error: scale domain is empty");
    fc_err_clear(&err);
    assert_int_equal(fc_axis_scale_init(&s, FC_AXIS_LOG, 0, 10, 0, 1, &err), FC_EINVAL);
    assert_err(&err, FC_EINVAL, "fulcrum: error: log scale domain must be positive");
    fc_err_clear(&err);
    assert_int_equal(fc_axis_scale_init(&s, FC_AXIS_LINEAR, 0, (double)NAN, 0, 1, &err), FC_EINVAL);
}

static void
test_fc_axis_nice_step_known(void **state)
{
    (void)state;
    /* span/target: 100/5 = 20 -> 20; 7.3/5 = 1.46 -> 2; 0.0137/5 = 0.00274 -> 0.005;
     * 2385/10 = 238.5 -> 250; 9e6/5 = 1.8e6 -> 2e6 */
    assert_close(fc_axis_nice_step(100, 5), 20, 1e-12, 0);
    assert_close(fc_axis_nice_step(7.3, 5), 2, 1e-12, 0);
    assert_close(fc_axis_nice_step(0.0137, 5), 0.005, 1e-12, 0);
    assert_close(fc_axis_nice_step(2385, 10), 250, 1e-12, 0);
    assert_close(fc_axis_nice_step(9e6, 5), 2e6, 1e-12, 0);
    assert_close(fc_axis_nice_step(-1, 5), 0, 0, 0);
    assert_close(fc_axis_nice_step(1, 0), 0, 0, 0);
}

static void
test_fc_axis_ticks_linear_known(void **state)
{
    fc_axis_ticks t;
    fc_err err = {0};
    size_t i;
    (void)state;
    /* 13.7..92.1 with 5 ticks: span 78.4 -> step 20; ticks 0, 20, .., 100 */
    assert_int_equal(fc_axis_ticks_linear(13.7, 92.1, 5, &t, &err), FC_OK);
    assert_int_equal(t.n, 6);
    for (i = 0; i < t.n; i++)
        assert_close(t.v[i], 20.0 * (double)i, 0, 1e-12);
    assert_close(t.lo, 0, 0, 0);
    assert_close(t.hi, 100, 0, 0);
    /* 0.3..0.7 with 4 ticks: step 0.1, ticks exactly 0.3..0.7 (no drift to 0.30000000000000004
     * beyond rounding); the domain must not grow past the data */
    assert_int_equal(fc_axis_ticks_linear(0.3, 0.7, 4, &t, &err), FC_OK);
    assert_int_equal(t.n, 5);
    assert_close(t.lo, 0.3, 1e-12, 0);
    assert_close(t.hi, 0.7, 1e-12, 0);
    /* negative to positive: -2.385..4.12, 6 ticks -> step 1 (6.505/6=1.08 -> 2) */
    assert_int_equal(fc_axis_ticks_linear(-2.385, 4.12, 6, &t, &err), FC_OK);
    assert_close(t.step, 2, 0, 0);
    assert_close(t.lo, -4, 0, 0);
    assert_close(t.hi, 6, 0, 0);
    assert_close(t.v[2], 0, 0, 0);
    assert_false(signbit(t.v[2])); /* a clean zero, never -0 */
}

static void
test_fc_axis_ticks_linear_degenerate(void **state)
{
    fc_axis_ticks t;
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_axis_ticks_linear(0, 0, 5, &t, &err), FC_OK);
    assert_true(t.lo < 0 && t.hi > 0);
    assert_int_equal(fc_axis_ticks_linear(250, 250, 5, &t, &err), FC_OK);
    assert_true(t.lo <= 225 && t.hi >= 275);
    assert_int_equal(fc_axis_ticks_linear(2, 1, 5, &t, &err), FC_EINVAL);
    fc_err_clear(&err);
    assert_int_equal(fc_axis_ticks_linear(0, 1, 0, &t, &err), FC_EINVAL);
}

static void
test_fc_axis_ticks_linear_invariants(void **state)
{
    /* For many ranges: ticks ascend by step, cover [lo, hi], and never exceed target + 2. */
    fc_axis_ticks t;
    fc_err err = {0};
    double lo, span;
    size_t target, i;
    (void)state;
    for (lo = -1234.5; lo < 2000; lo += 317.3) {
        for (span = 0.0137; span < 1e7; span *= 7.9) {
            for (target = 2; target <= 10; target += 4) {
                assert_int_equal(fc_axis_ticks_linear(lo, lo + span, target, &t, &err), FC_OK);
                assert_true(t.n >= 2 && t.n <= target + 2);
                assert_true(t.lo <= lo + 1e-9 * fabs(lo) && t.hi >= lo + span - 1e-9 * span);
                for (i = 1; i < t.n; i++)
                    assert_close(t.v[i] - t.v[i - 1], t.step, 1e-9, 1e-9 * fabs(t.v[i]));
            }
        }
    }
}

static void
test_fc_axis_ticks_log_known(void **state)
{
    fc_axis_ticks t;
    fc_err err = {0};
    static const double want[] = {10, 20, 50, 100, 200, 500, 1000};
    size_t i;
    (void)state;
    /* 13.7..913: two decades -> 1-2-5 ticks 10..1000 */
    assert_int_equal(fc_axis_ticks_log(13.7, 913, &t, &err), FC_OK);
    assert_int_equal(t.n, 7);
    for (i = 0; i < t.n; i++)
        assert_close(t.v[i], want[i], 1e-12, 0);
    /* 0.5..2e5: six decades -> decades only: 0.1 .. 1e6 (8 ticks) */
    assert_int_equal(fc_axis_ticks_log(0.5, 2e5, &t, &err), FC_OK);
    assert_int_equal(t.n, 8);
    assert_close(t.lo, 0.1, 1e-12, 0);
    assert_close(t.hi, 1e6, 1e-12, 0);
    assert_int_equal(fc_axis_ticks_log(0, 10, &t, &err), FC_EINVAL);
}

static void
test_fc_axis_ticks_year_known(void **state)
{
    fc_axis_ticks t;
    fc_err err = {0};
    (void)state;
    /* 2022..2043 with at most 6 intervals: step 5 -> 2025, 2030, 2035, 2040 */
    assert_int_equal(fc_axis_ticks_year(2022, 2043, 6, &t, &err), FC_OK);
    assert_int_equal(t.n, 4);
    assert_close(t.v[0], 2025, 0, 0);
    assert_close(t.v[3], 2040, 0, 0);
    assert_close(t.lo, 2022, 0, 0);
    assert_close(t.hi, 2043, 0, 0);
    /* 2024..2029 with 8: every year */
    assert_int_equal(fc_axis_ticks_year(2024, 2029, 8, &t, &err), FC_OK);
    assert_int_equal(t.n, 6);
    assert_close(t.step, 1, 0, 0);
    /* 1991..2091 with 5 -> step 10 gives 10 ticks, step 20 gives 2000..2080 (5 ticks) */
    assert_int_equal(fc_axis_ticks_year(1991, 2091, 5, &t, &err), FC_OK);
    assert_close(t.step, 20, 0, 0);
    assert_int_equal(t.n, 5);
    assert_int_equal(fc_axis_ticks_year(2030, 2020, 5, &t, &err), FC_EINVAL);
}

static void
test_fc_axis_fmt_value_number(void **state)
{
    fc_axis_fmt f;
    (void)state;
    fc_axis_fmt_choose(&f, FC_FMT_NUMBER, 2500000, 500000);
    assert_label(&f, 1234567, "1,234,567");
    assert_label(&f, 0, "0");
    assert_label(&f, -1000,
                 "\xe2\x88\x92"
                 "1,000");
    assert_label(&f, 999, "999");
    fc_axis_fmt_choose(&f, FC_FMT_NUMBER, 1, 0.25);
    assert_int_equal(f.decimals, 2);
    assert_label(&f, 0.75, "0.75");
    assert_label(&f, 1234.5, "1,234.50");
}

static void
test_fc_axis_fmt_value_gbp(void **state)
{
    fc_axis_fmt f;
    (void)state;
    /* ticks 0..1.5m step 0.25m -> "m" with 2 decimals */
    fc_axis_fmt_choose(&f, FC_FMT_GBP, 1.5e6, 2.5e5);
    assert_label(&f, 1.25e6,
                 "\xc2\xa3"
                 "1.25m");
    assert_label(&f, 0,
                 "\xc2\xa3"
                 "0");
    /* billions step 0.5bn */
    fc_axis_fmt_choose(&f, FC_FMT_GBP, 2.4e9, 5e8);
    assert_label(&f, 2.5e9,
                 "\xc2\xa3"
                 "2.5bn");
    /* thousands step 20k */
    fc_axis_fmt_choose(&f, FC_FMT_GBP, 85000, 20000);
    assert_label(&f, 60000,
                 "\xc2\xa3"
                 "60k");
    /* below 10k: whole pounds with separators */
    fc_axis_fmt_choose(&f, FC_FMT_GBP, 9000, 2000);
    assert_label(&f, 6000,
                 "\xc2\xa3"
                 "6,000");
    /* signed data labels, 3 significant figures: max 12.3m -> 1 decimal */
    fc_axis_fmt_choose(&f, FC_FMT_GBP, 12.3e6, 0);
    f.sign = 1;
    assert_label(&f, 4.137e6,
                 "+\xc2\xa3"
                 "4.1m");
    assert_label(&f, -0.862e6,
                 "\xe2\x88\x92\xc2\xa3"
                 "0.9m");
    /* large number of millions keeps the separator */
    fc_axis_fmt_choose(&f, FC_FMT_GBP, 999e6, 250e6);
    assert_label(&f, 750e6,
                 "\xc2\xa3"
                 "750m");
}

static void
test_fc_axis_fmt_value_percent_year(void **state)
{
    fc_axis_fmt f;
    char small[6];
    (void)state;
    fc_axis_fmt_choose(&f, FC_FMT_PERCENT, 1, 0.2);
    assert_label(&f, 0.6, "60%");
    assert_label(&f, 0, "0%");
    fc_axis_fmt_choose(&f, FC_FMT_PERCENT, 0.1, 0.025);
    assert_label(&f, 0.075, "7.5%");
    fc_axis_fmt_choose(&f, FC_FMT_YEAR, 2040, 5);
    assert_label(&f, 2035, "2035");
    fc_axis_fmt_choose(&f, FC_FMT_FYEAR, 2040, 1);
    assert_label(&f, 2025, "2025/26");
    assert_label(&f, 2099, "2099/00");
    /* truncation: snprintf semantics */
    fc_axis_fmt_choose(&f, FC_FMT_NUMBER, 1e6, 1e5);
    assert_int_equal(fc_axis_fmt_value(&f, 1234567, small, sizeof small), 9);
    assert_string_equal(small, "1,234");
    assert_label(&f, (double)NAN, "n/a");
}

static void
test_fc_axis_thin_stride_known(void **state)
{
    /* centres 0, 30, 60, ..., widths 40: neighbours at 30 overlap; every 2nd (60 apart) leaves
     * 20 pt >= gap 6 */
    double c[7], w[7];
    size_t i;
    (void)state;
    for (i = 0; i < 7; i++) {
        c[i] = 30.0 * (double)i;
        w[i] = 40;
    }
    assert_int_equal(fc_axis_thin_stride(c, w, 7, 6), 2);
    assert_int_equal(fc_axis_thin_stride(c, w, 7, 25), 3);
    for (i = 0; i < 7; i++)
        w[i] = 20;
    assert_int_equal(fc_axis_thin_stride(c, w, 7, 6), 1);
    assert_int_equal(fc_axis_thin_stride(c, w, 1, 6), 1);
}

/* Probabilities as charts and tables write them: whole per cents, never a misleading 0% or
 * 100% for what is not certain. */
static void
test_fmt_prob(void **state)
{
    char b[16];
    (void)state;
    static const struct {
        double p;
        const char *want;
    } c[] = {{0.0, "0%"}, {0.004, "<1%"}, {0.005, "<1%"}, {0.0051, "1%"}, {0.37, "37%"},
             {0.9949, "99%"}, {0.995, ">99%"}, {0.999, ">99%"}, {1.0, "100%"}};
    for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
        assert_int_equal(fc_axis_fmt_prob(c[k].p, b, sizeof b), strlen(c[k].want));
        assert_string_equal(b, c[k].want);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_prob),
        cmocka_unit_test(test_fc_axis_scale_map_linear),
        cmocka_unit_test(test_fc_axis_scale_map_log),
        cmocka_unit_test(test_fc_axis_scale_init_errors),
        cmocka_unit_test(test_fc_axis_nice_step_known),
        cmocka_unit_test(test_fc_axis_ticks_linear_known),
        cmocka_unit_test(test_fc_axis_ticks_linear_degenerate),
        cmocka_unit_test(test_fc_axis_ticks_linear_invariants),
        cmocka_unit_test(test_fc_axis_ticks_log_known),
        cmocka_unit_test(test_fc_axis_ticks_year_known),
        cmocka_unit_test(test_fc_axis_fmt_value_number),
        cmocka_unit_test(test_fc_axis_fmt_value_gbp),
        cmocka_unit_test(test_fc_axis_fmt_value_percent_year),
        cmocka_unit_test(test_fc_axis_thin_stride_known),
    };
    return cmocka_run_group_tests_name("axis", tests, NULL, NULL);
}
