/* test_util.c: helpers shared by the cmocka tests (see test_util.h). */
#include "tests/test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
fc_assert_close(double actual, double expected, double rtol, double atol, const char *what,
                const char *file, int line)
{
    double tol = atol + rtol * fabs(expected);
    if (!(fabs(actual - expected) <= tol) || isnan(actual)) {
        print_error("%s = %.17g, expected %.17g (|diff| %.3g > tol %.3g)\n", what, actual,
                    expected, fabs(actual - expected), tol);
        _fail(file, line);
    }
}

void
fc_format_err(const fc_err *err, char *buf, size_t n)
{
    if (err->path[0] && err->line && err->col)
        snprintf(buf, n, "%s:%zu:%zu: error: %s", err->path, err->line, err->col, err->msg);
    else if (err->path[0] && err->line)
        snprintf(buf, n, "%s:%zu: error: %s", err->path, err->line, err->msg);
    else if (err->path[0])
        snprintf(buf, n, "%s: error: %s", err->path, err->msg);
    else
        snprintf(buf, n, "fulcrum: error: %s", err->msg);
}

void
fc_assert_err(const fc_err *err, fc_status st, const char *prefix, const char *file, int line)
{
    char buf[2048];
    fc_format_err(err, buf, sizeof buf);
    if (err->status != st) {
        print_error("status %d (%s), expected %d (%s): %s\n", err->status,
                    fc_strerror(err->status), st, fc_strerror(st), buf);
        _fail(file, line);
    }
    if (prefix && strncmp(buf, prefix, strlen(prefix)) != 0) {
        print_error("error '%s' does not start with '%s'\n", buf, prefix);
        _fail(file, line);
    }
}

const char *
fc_shared_path(const char *rel)
{
    static char buf[4096];
    const char *dir = getenv("FC_SHARED_DIR");
    struct stat sb;
    snprintf(buf, sizeof buf, "%s/%s", dir && dir[0] ? dir : "../shared", rel);
    return stat(buf, &sb) == 0 ? buf : NULL;
}

int
fc_require_shared(void)
{
    const char *v = getenv("FC_REQUIRE_SHARED");
    return v && strcmp(v, "1") == 0;
}

const char *
fc_fixture(const char *rel)
{
    static char buf[8][4096];
    static int slot;
    const char *dir = getenv("FC_TEST_DATA");
    char *b = buf[slot++ % 8];
    snprintf(b, 4096, "%s/%s", dir && dir[0] ? dir : "tests/data", rel);
    return b;
}

static const char *
tmproot(void)
{
    static char root[256];
    if (!root[0]) {
        snprintf(root, sizeof root, "/tmp/fulcrum-test-%ld", (long)getpid());
        mkdir(root, 0700);
    }
    return root;
}

const char *
fc_tmpfile(const char *name, const char *text)
{
    static char buf[8][512];
    static int slot, seq;
    char *b = buf[slot++ % 8];
    snprintf(b, 512, "%s/%d-%s", tmproot(), seq++, name);
    FILE *fp = fopen(b, "wb");
    if (fp == NULL)
        return NULL;
    fputs(text, fp);
    fclose(fp);
    return b;
}

const char *
fc_tmpdir(void)
{
    static char buf[8][512];
    static int slot, seq;
    char *b = buf[slot++ % 8];
    snprintf(b, 512, "%s/dir%d", tmproot(), seq++);
    mkdir(b, 0700);
    return b;
}

char *
fc_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (fp == NULL)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
            free(buf);
            buf = NULL;
        } else {
            buf[n] = '\0';
            if (len)
                *len = (size_t)n;
        }
    }
    fclose(fp);
    return buf;
}
