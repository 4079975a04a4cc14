/* test_scenario.c: the scenario reader: entries, includes and overrides, located errors,
 * typed getters, and the unused-key check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/io/scenario.h"
#include "tests/test_util.h"

static const char *const known[] = {"run", "projection", "pbma", "variant ", NULL};

/* Writes text to dir/name and returns the path (static, 8 slots). */
static const char *
put(const char *dir, const char *name, const char *text)
{
    static char buf[8][1024];
    static int slot;
    char *p = buf[slot++ % 8];
    snprintf(p, 1024, "%s/%s", dir, name);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

static void
test_entries_and_getters(void **state)
{
    (void)state;
    const char *d = fc_tmpdir();
    const char *p = put(d, "a.ini",
                        "; comment\n[run]\nname = trial\nseed = 42\n\n[projection]\n"
                        "population = pop.csv\nhorizon = 2040\nsrb = 1.06\n"
                        "migration_timing = end\n");
    fc_scenario s;
    fc_err err = {0};
    const char *path = NULL, *str = NULL;
    double srb = 0;
    long hz = 0;
    int timing = -1;
    static const char *const timings[] = {"half", "end", NULL};
    char want[2048];

    assert_int_equal(fc_scenario_read(p, &s, &err), FC_OK);
    assert_string_equal(s.name, "trial");
    assert_int_equal(s.seed, 42);
    assert_int_equal(s.n, 6);
    assert_true(fc_scn_has(&s, "projection"));
    assert_true(fc_scn_has(&s, "PROJECTION"));
    assert_false(fc_scn_has(&s, "pbma"));
    assert_int_equal(fc_scn_path(&s, "projection", "population", &path, &err), FC_OK);
    snprintf(want, sizeof want, "%s/pop.csv", d);
    assert_string_equal(path, want);
    assert_int_equal(fc_scn_long(&s, "projection", "horizon", 1000, 3100, &hz, &err), FC_OK);
    assert_int_equal(hz, 2040);
    assert_int_equal(fc_scn_num(&s, "projection", "srb", 0.5, 2, &srb, &err), FC_OK);
    assert_true(srb == 1.06);
    assert_int_equal(fc_scn_choice(&s, "projection", "migration_timing", timings, &timing, &err),
                     FC_OK);
    assert_int_equal(timing, 1);
    /* absent keys leave the default */
    str = "dflt";
    assert_int_equal(fc_scn_str(&s, "projection", "nothing", &str, &err), FC_OK);
    assert_string_equal(str, "dflt");
    assert_int_equal(fc_scn_unused(&s, known, &err), FC_OK);
    fc_scenario_free(&s);
}

static void
test_getter_errors_are_located(void **state)
{
    (void)state;
    const char *d = fc_tmpdir();
    const char *p = put(d, "a.ini",
                        "[projection]\nsrb = 1,05\nhorizon = 2040.5\nsrb2 = 9\n"
                        "timing = sideways\n");
    fc_scenario s;
    fc_err err = {0};
    double v = 0;
    long l = 0;
    int k = 0;
    static const char *const words[] = {"half", "end", NULL};
    char want[2048];

    assert_int_equal(fc_scenario_read(p, &s, &err), FC_OK);
    assert_int_equal(fc_scn_num(&s, "projection", "srb", 0.5, 2, &v, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:2: error: '1,05' is not a number for 'srb'", p);
    assert_err(&err, FC_EDATA, want);
    memset(&err, 0, sizeof err);
    assert_int_equal(fc_scn_long(&s, "projection", "horizon", 1000, 3100, &l, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:3: error: '2040.5' is not a whole number", p);
    assert_err(&err, FC_EDATA, want);
    memset(&err, 0, sizeof err);
    assert_int_equal(fc_scn_num(&s, "projection", "srb2", 0.5, 2, &v, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:4: error: 'srb2' = 9 is outside 0.5..2", p);
    assert_err(&err, FC_EDATA, want);
    memset(&err, 0, sizeof err);
    assert_int_equal(fc_scn_choice(&s, "projection", "timing", words, &k, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:5: error: timing must be 'half' or 'end', not 'sideways'", p);
    assert_err(&err, FC_EDATA, want);
    fc_scenario_free(&s);
}

static void
test_include_and_override(void **state)
{
    (void)state;
    const char *d = fc_tmpdir();
    char sub[1024];
    snprintf(sub, sizeof sub, "%s/base", d);
    assert_int_equal(mkdir(sub, 0700), 0);
    put(sub, "base.ini", "[projection]\npopulation = pop.csv\nhorizon = 2040\n[pbma]\n"
                         "budget = 100\n");
    const char *p = put(d, "top.ini", "[run]\ninclude = base/base.ini\n[projection]\n"
                                      "horizon = 2030\n");
    fc_scenario s;
    fc_err err = {0};
    const char *path = NULL;
    long hz = 0;
    double b = 0;
    char want[2048];

    assert_int_equal(fc_scenario_read(p, &s, &err), FC_OK);
    assert_int_equal(s.nfiles, 2);
    /* the base's relative path resolves against the base's folder */
    assert_int_equal(fc_scn_path(&s, "projection", "population", &path, &err), FC_OK);
    snprintf(want, sizeof want, "%s/base/pop.csv", d);
    assert_string_equal(path, want);
    /* the including file overrides */
    assert_int_equal(fc_scn_long(&s, "projection", "horizon", 1000, 3100, &hz, &err), FC_OK);
    assert_int_equal(hz, 2030);
    /* and both entries count as used */
    assert_int_equal(fc_scn_num(&s, "pbma", "budget", 0, 1e9, &b, &err), FC_OK);
    assert_true(b == 100);
    assert_int_equal(fc_scn_unused(&s, known, &err), FC_OK);
    /* a --set style override wins over both */
    assert_int_equal(fc_scn_set(&s, "projection", "horizon", "2050", &err), FC_OK);
    assert_int_equal(fc_scn_long(&s, "projection", "horizon", 1000, 3100, &hz, &err), FC_OK);
    assert_int_equal(hz, 2050);
    fc_scenario_free(&s);
}

static void
test_include_errors(void **state)
{
    (void)state;
    const char *d = fc_tmpdir();
    fc_scenario s;
    fc_err err = {0};
    char want[2048];

    /* a cycle a -> b -> a, named at the include line */
    put(d, "a.ini", "[run]\nname = a\ninclude = b.ini\n");
    const char *b = put(d, "b.ini", "[run]\ninclude = a.ini\n");
    assert_int_equal(fc_scenario_read(put(d, "top.ini", "[run]\ninclude = a.ini\n"), &s, &err),
                     FC_EDATA);
    snprintf(want, sizeof want, "%s:2: error: include cycle", b);
    assert_err(&err, FC_EDATA, want);
    fc_scenario_free(&s);

    /* a file including itself */
    memset(&err, 0, sizeof err);
    const char *self = put(d, "self.ini", "[run]\n\ninclude = self.ini\n");
    assert_int_equal(fc_scenario_read(self, &s, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:3: error: include cycle", self);
    assert_err(&err, FC_EDATA, want);
    fc_scenario_free(&s);

    /* a missing include is an I/O error at the include line */
    memset(&err, 0, sizeof err);
    const char *m = put(d, "m.ini", "[run]\ninclude = nowhere.ini\n");
    assert_int_equal(fc_scenario_read(m, &s, &err), FC_EIO);
    snprintf(want, sizeof want, "%s:2: error: cannot open included", m);
    assert_err(&err, FC_EIO, want);
    fc_scenario_free(&s);

    /* the same base twice side by side is not a cycle */
    memset(&err, 0, sizeof err);
    put(d, "leaf.ini", "[pbma]\nbudget = 1\n");
    const char *two = put(d, "two.ini", "[run]\ninclude = leaf.ini\n[pbma]\ninclude = leaf.ini\n");
    assert_int_equal(fc_scenario_read(two, &s, &err), FC_OK);
    fc_scenario_free(&s);
}

static void
test_syntax_errors(void **state)
{
    (void)state;
    const char *d = fc_tmpdir();
    fc_scenario s;
    fc_err err = {0};
    char want[2048];
    struct {
        const char *text;
        int line;
        const char *msg;
    } cases[] = {
        {"[run]\nname = a\n[projection\n", 3, "cannot parse this line"},
        {"[run]\nname = a\nname = b\n", 3, "'name' is given twice in [run] (first at line 2)"},
        {"name = a\n", 1, "'name' is outside any section"},
        {"[run]\nname = a\n  continued\n", 3, "indented line"},
        {"[run]\nseed = -1\n", 2, "'seed' = -1 is outside 0..4294967295"},
        {"[run]\nname = a/b\n", 2, "name must be under"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *p = put(d, "s.ini", cases[i].text);
        memset(&err, 0, sizeof err);
        assert_int_equal(fc_scenario_read(p, &s, &err), FC_EDATA);
        snprintf(want, sizeof want, "%s:%d: error: %s", p, cases[i].line, cases[i].msg);
        assert_err(&err, FC_EDATA, want);
        fc_scenario_free(&s);
    }
}

static void
test_unused_keys_and_sections(void **state)
{
    (void)state;
    const char *d = fc_tmpdir();
    fc_scenario s;
    fc_err err = {0};
    char want[2048];
    const char *p = put(d, "u.ini", "[run]\nname = x\n[variant high]\nfertility_scale = 1.1\n"
                                    "[projecton]\nhorizon = 2030\n");
    assert_int_equal(fc_scenario_read(p, &s, &err), FC_OK);
    /* nothing read the variant's key yet: unknown key (its section is known by prefix) */
    assert_int_equal(fc_scn_unused(&s, known, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:4: error: unknown key 'fertility_scale' in section "
             "'[variant high]'", p);
    assert_err(&err, FC_EDATA, want);
    fc_scn_get(&s, "variant high", "fertility_scale");
    memset(&err, 0, sizeof err);
    assert_int_equal(fc_scn_unused(&s, known, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:6: error: unknown section '[projecton]'", p);
    assert_err(&err, FC_EDATA, want);
    fc_scenario_free(&s);
}

static void
test_missing_file(void **state)
{
    (void)state;
    fc_scenario s;
    fc_err err = {0};
    assert_int_equal(fc_scenario_read("/nonexistent/x.ini", &s, &err), FC_EIO);
    assert_err(&err, FC_EIO, "/nonexistent/x.ini: error: cannot open");
    fc_scenario_free(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries_and_getters),
        cmocka_unit_test(test_getter_errors_are_located),
        cmocka_unit_test(test_include_and_override),
        cmocka_unit_test(test_include_errors),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_unused_keys_and_sections),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
