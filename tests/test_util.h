/* test_util.h: helpers shared by the cmocka tests (include after <cmocka.h>'s prerequisites). */
#ifndef FC_TESTS_TEST_UTIL_H
#define FC_TESTS_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "models/status.h"

/* Fails the test unless |actual - expected| <= atol + rtol * |expected|; prints %.17g. */
#define assert_close(actual, expected, rtol, atol) \
    fc_assert_close((actual), (expected), (rtol), (atol), #actual, __FILE__, __LINE__)
void fc_assert_close(double actual, double expected, double rtol, double atol, const char *what,
                     const char *file, int line);

/* Fails unless err holds status st and, when prefix is not NULL, the formatted location
 * "path:line:" or "path:line:col:" (as main prints it) starts with prefix. */
#define assert_err(err, st, prefix) fc_assert_err((err), (st), (prefix), __FILE__, __LINE__)
void fc_assert_err(const fc_err *err, fc_status st, const char *prefix, const char *file,
                   int line);

/* Formats err as main() prints it ("path:line:col: error: msg") into buf. */
void fc_format_err(const fc_err *err, char *buf, size_t n);

/* The shared data folder (FC_SHARED_DIR, default ../shared) joined with rel, or NULL when the
 * file is absent: the caller then skips with a printed reason (fc_skip_shared). Static buf. */
const char *fc_shared_path(const char *rel);
/* Skips the test with a printed reason; under FC_REQUIRE_SHARED=1 (CI and check-full) the
 * absence is a failure instead, so a suite that needs the shared data cannot pass without it. */
#define fc_skip_shared(rel) \
    do { \
        if (fc_require_shared()) { \
            print_error("%s: shared data '%s' is absent and FC_REQUIRE_SHARED=1\n", __func__, \
                        (rel)); \
            fail(); \
        } \
        print_message("[  SKIP    ] %s: shared data '%s' is absent\n", __func__, (rel)); \
        skip(); \
    } while (0)
/* 1 when FC_REQUIRE_SHARED=1: whatever a test needs must be there. */
int fc_require_shared(void);

/* Path of a test fixture below tests/data (FC_TEST_DATA, default tests/data). Static buf. */
const char *fc_fixture(const char *rel);

/* Writes text to a fresh temporary file and returns its path (static buffer, reused per
 * call slot: up to 8 live paths). */
const char *fc_tmpfile(const char *name, const char *text);

/* Makes a fresh empty temporary directory; returns its path (static, 8 slots). */
const char *fc_tmpdir(void);

/* Reads a whole file into a new NUL-terminated buffer (free()); NULL when unreadable. */
char *fc_slurp(const char *path, size_t *len);

#endif /* FC_TESTS_TEST_UTIL_H */
