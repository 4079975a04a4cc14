/* test_dtoa.c: fc_dtoa (Dragonbox from libfmt, our layout) against an independent oracle,
 * Google's double-conversion ToShortest with the same layout settings (tests/dtoa_oracle.cc):
 * byte-identical on hand-picked edge cases and on millions of doubles drawn across the whole
 * bit space and across the ranges Fulcrum writes; and every string reads back to the same
 * double. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/io/csvin.h"
#include "engine/io/out.h"

size_t fc_dtoa_oracle(double x, char *buf);

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t
next(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static void
check(double x)
{
    char a[64], b[64];
    size_t na = fc_dtoa(x, a), nb = fc_dtoa_oracle(x, b);
    if (na != nb || memcmp(a, b, na) != 0) {
        print_error("%.17g (%a): fc_dtoa '%s', oracle '%s'\n", x, x, a, b);
        fail();
    }
    assert_int_equal(strlen(a), na);
    if (strtod(a, NULL) != x || signbit(strtod(a, NULL)) != signbit(x)) {
        print_error("'%s' does not read back to %a\n", a, x);
        fail();
    }
}

static void
test_dtoa_edges(void **state)
{
    (void)state;
    const double xs[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1.0 / 3.0, 100.0, 123.25,
                         1e-6, 1e-7, 1.5e-7, 9.999999e-7, 0.000001234, 1e20, 1e21, 9.99e20,
                         123456789012345678901.0, 1e15, 1e16, 1e17, 5e-324, DBL_MIN, DBL_MAX,
                         4.35, 2.675, 0.30000000000000004, 69273600.0, 1234567.8901234567,
                         9007199254740993.0, 1e-300, 1e300};
    char buf[64];
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        check(xs[i]);
        check(-xs[i]);
    }
    /* the layout itself, by hand */
    fc_dtoa(0.000001, buf);
    assert_string_equal(buf, "0.000001");
    fc_dtoa(1.5e-7, buf);
    assert_string_equal(buf, "1.5e-7");
    fc_dtoa(1e20, buf);
    assert_string_equal(buf, "100000000000000000000");
    fc_dtoa(1e21, buf);
    assert_string_equal(buf, "1e21");
    fc_dtoa(-0.0, buf);
    assert_string_equal(buf, "-0");
    fc_dtoa(123.25, buf);
    assert_string_equal(buf, "123.25");
}

static void
test_dtoa_random_bits(void **state)
{
    (void)state;
    /* (FC_VALGRIND: memcheck runs them some 50 times slower; a sample is enough there) */
    long n = getenv("FC_FULL") ? 50000000L : getenv("FC_VALGRIND") ? 20000L : 1000000L;
    for (long i = 0; i < n; i++) {
        uint64_t r = next();
        double x;
        memcpy(&x, &r, sizeof x);
        if (isfinite(x))
            check(x);
    }
}

static void
test_dtoa_working_ranges(void **state)
{
    (void)state;
    long n = getenv("FC_FULL") ? 20000000L : getenv("FC_VALGRIND") ? 8000L : 400000L;
    for (long i = 0; i < n; i++) {
        double u = (double)(next() >> 11) * 0x1p-53;
        check(u * 5000.0);                          /* populations */
        check(u * 1e-3);                            /* rates */
        check((double)(next() % 100000000) / 100.0); /* money in pence */
        check(ldexp(u, (int)(next() % 200) - 100));  /* any scale */
    }
}

/* fc_atod (fast_float) agrees with glibc strtod on every plain decimal, reads fc_dtoa's
 * output back exactly, and declines what it must leave to strtod's error path. */
static void
test_atod(void **state)
{
    (void)state;
    char buf[64];
    double v;
    for (long i = 0, count = getenv("FC_VALGRIND") ? 6000L : 300000L; i < count; i++) {
        uint64_t r = next();
        double x;
        memcpy(&x, &r, sizeof x);
        if (!isfinite(x))
            continue;
        size_t n = fc_dtoa(x, buf);
        assert_true(fc_atod(buf, n, &v));
        assert_true(v == x);
        /* random decimals with up to 25 digits, some with exponents */
        int k = snprintf(buf, sizeof buf, "%s%llu.%llue%d", r & 1 ? "-" : "",
                         (unsigned long long)(next() % 100000000000ULL),
                         (unsigned long long)next(), (int)(next() % 80) - 40);
        assert_true(fc_atod(buf, (size_t)k, &v));
        assert_true(v == strtod(buf, NULL));
    }
    const char *no[] = {"+1", " 1", "1 ", "0x1p3", "inf", "nan", "1e400", "-1e999", "1,5", "",
                        "1.2.3", "e5", "--1"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(fc_atod(no[i], strlen(no[i]), &v));
    assert_true(fc_atod("1e-400", 6, &v) && v == 0.0); /* underflow: zero, as strtod */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dtoa_edges),
        cmocka_unit_test(test_dtoa_random_bits),
        cmocka_unit_test(test_dtoa_working_ranges),
        cmocka_unit_test(test_atod),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
