/* test_batch.c: a batch from scenario files: --set parsing, sweeps expanded into named runs,
 * output folders for one and for many runs, duplicate names refused, a run's scenario with its
 * overrides and sweep value applied (errors located at the --set or the [sweep] line), and an
 * unreadable scenario kept as one failed run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chain/batch.h"
#include "tests/test_util.h"

static const char *
put(const char *dir, const char *name, const char *text)
{
    static char buf[8][600];
    static int slot;
    char *p = buf[slot++ % 8];
    snprintf(p, 600, "%s/%s", dir, name);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

static void
test_set_split(void **state)
{
    char buf[64];
    const char *s, *k, *v;
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_set_split("pbma.budget=1e6", buf, sizeof buf, &s, &k, &v, &err), FC_OK);
    assert_string_equal(s, "pbma");
    assert_string_equal(k, "budget");
    assert_string_equal(v, "1e6");
    /* a variant section's name may hold dots; the key never does; the value may hold '=' */
    assert_int_equal(
        fc_set_split("variant v1.5.fertility_scale=a=b", buf, sizeof buf, &s, &k, &v, &err), FC_OK);
    assert_string_equal(s, "variant v1.5");
    assert_string_equal(k, "fertility_scale");
    assert_string_equal(v, "a=b");
    assert_int_equal(fc_set_split("pbma.budget=", buf, sizeof buf, &s, &k, &v, &err), FC_OK);
    assert_string_equal(v, "");
    assert_int_equal(fc_set_split("budget=1", buf, sizeof buf, &s, &k, &v, &err), FC_EUSAGE);
    fc_err_clear(&err);
    assert_int_equal(fc_set_split("pbma.budget", buf, sizeof buf, &s, &k, &v, &err), FC_EUSAGE);
    fc_err_clear(&err);
    assert_int_equal(fc_set_split(".budget=1", buf, sizeof buf, &s, &k, &v, &err), FC_EUSAGE);
    fc_err_clear(&err);
    assert_int_equal(fc_set_split("pbma.=1", buf, sizeof buf, &s, &k, &v, &err), FC_EUSAGE);
}

static void
test_sweep_expands(void **state)
{
    const char *d = fc_tmpdir();
    fc_batch b = {0};
    fc_err err = {0};
    (void)state;
    put(d, "base.ini", "[run]\nname = base\nseed = 3\n[pbma]\noptions = o.csv\nbudget = 7\n");
    const char *p = put(d, "s.ini",
                        "[run]\ninclude = base.ini\n[sweep]\n"
                        "parameter = pbma.budget\nvalues = 10, 2.5e3 , a/b c\n");
    assert_int_equal(fc_batch_add(&b, p, NULL, 0, &err), FC_OK);
    assert_int_equal(b.n, 3);
    assert_string_equal(b.run[0].name, "base-10");
    assert_string_equal(b.run[1].name, "base-2.5e3");
    assert_string_equal(b.run[2].name, "base-a_b_c");   /* '/' and ' ' replaced */
    assert_string_equal(b.run[1].sweep_value, "2.5e3"); /* blanks trimmed */
    assert_int_equal(b.run[2].sweep_index, 2);
    assert_int_equal(fc_batch_place(&b, NULL, &err), FC_OK);
    assert_string_equal(b.run[0].out, "out/base-10");
    assert_int_equal(fc_batch_place(&b, "/x/y", &err), FC_OK);
    assert_string_equal(b.run[2].out, "/x/y/base-a_b_c");

    /* a run's scenario: the swept value wins over the base and is located at the values line */
    fc_scenario s;
    const char *v = NULL;
    assert_int_equal(fc_run_scenario(&b.run[1], &s, &err), FC_OK);
    assert_int_equal(fc_scn_str(&s, "pbma", "budget", &v, &err), FC_OK);
    assert_string_equal(v, "2.5e3");
    assert_string_equal(s.name, "base-2.5e3");
    assert_int_equal(s.seed, 3);
    const fc_scn_entry *e = fc_scn_get(&s, "pbma", "budget");
    assert_string_equal(e->file, p);
    assert_int_equal(e->line, 5);
    fc_scenario_free(&s);
    fc_batch_fini(&b);
}

static void
test_names_and_places(void **state)
{
    const char *d = fc_tmpdir();
    fc_batch b = {0};
    fc_err err = {0};
    char want[700];
    (void)state;
    const char *a = put(d, "a.ini", "[run]\nname = alpha\nout = res\n[pbma]\noptions = o.csv\n");
    const char *s = put(d, "s.ini",
                        "[run]\ninclude = a.ini\n[sweep]\nparameter = run.seed\n"
                        "values = 1, 2\nnames = one, two\n");
    /* one run alone: --out, else [run] out (resolved), else out/<name> */
    assert_int_equal(fc_batch_add(&b, a, NULL, 0, &err), FC_OK);
    assert_int_equal(fc_batch_place(&b, NULL, &err), FC_OK);
    snprintf(want, sizeof want, "%s/res", d);
    assert_string_equal(b.run[0].out, want);
    assert_int_equal(fc_batch_place(&b, "given", &err), FC_OK);
    assert_string_equal(b.run[0].out, "given");
    /* with a sweep beside it: DIR/<name> each */
    assert_int_equal(fc_batch_add(&b, s, NULL, 0, &err), FC_OK);
    assert_int_equal(b.n, 3);
    assert_string_equal(b.run[1].name, "alpha-one");
    assert_int_equal(fc_batch_place(&b, NULL, &err), FC_OK);
    assert_string_equal(b.run[0].out, "out/alpha");
    assert_string_equal(b.run[2].out, "out/alpha-two");
    fc_scenario sc;
    assert_int_equal(fc_run_scenario(&b.run[2], &sc, &err), FC_OK);
    assert_int_equal(sc.seed, 2); /* [run] seed re-read after the sweep */
    fc_scenario_free(&sc);
    /* the same scenario twice: two runs named alike would share a folder */
    assert_int_equal(fc_batch_add(&b, a, NULL, 0, &err), FC_OK);
    assert_int_equal(fc_batch_place(&b, NULL, &err), FC_EUSAGE);
    assert_non_null(strstr(err.msg, "two runs are named 'alpha'"));
    fc_batch_fini(&b);
}

static void
test_overrides_and_failures(void **state)
{
    const char *d = fc_tmpdir();
    static const char *const set[] = {"run.name=renamed", "pbma.budget=oops"};
    fc_batch b = {0};
    fc_err err = {0};
    fc_scenario s;
    double budget = 0;
    char want[700];
    (void)state;
    const char *a = put(d, "a.ini", "[run]\nname = alpha\n[pbma]\noptions = o.csv\n");
    const char *bad = put(d, "bad.ini", "[run]\nname = x\n[pbma\n");
    assert_int_equal(fc_batch_add(&b, a, set, 2, &err), FC_OK);
    assert_string_equal(b.run[0].name, "renamed"); /* --set run.name names the run */
    assert_int_equal(fc_run_scenario(&b.run[0], &s, &err), FC_OK);
    assert_int_equal(fc_scn_num(&s, "pbma", "budget", 0, 1e9, &budget, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "--set: error: 'oops' is not a number for 'budget'");
    fc_scenario_free(&s);
    /* a scenario that does not parse is one failed run carrying its located error */
    fc_err_clear(&err);
    assert_int_equal(fc_batch_add(&b, bad, NULL, 0, &err), FC_OK);
    assert_int_equal(b.n, 2);
    assert_string_equal(b.run[1].name, "bad");
    snprintf(want, sizeof want, "%s:3:", bad);
    assert_err(&b.run[1].err, FC_EDATA, want);
    assert_int_equal(fc_run_scenario(&b.run[1], &s, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, want);
    fc_scenario_free(&s);
    /* sweep problems are located */
    fc_err_clear(&err);
    const char *sw = put(d, "sw.ini",
                         "[run]\ninclude = a.ini\n[sweep]\nparameter = pbma.budget\n"
                         "values = 1,,3\n");
    assert_int_equal(fc_batch_add(&b, sw, NULL, 0, &err), FC_OK);
    snprintf(want, sizeof want, "%s:5: error: empty item in the list for 'values'", sw);
    assert_err(&b.run[2].err, FC_EDATA, want);
    fc_batch_fini(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_split),
        cmocka_unit_test(test_sweep_expands),
        cmocka_unit_test(test_names_and_places),
        cmocka_unit_test(test_overrides_and_failures),
    };
    return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
