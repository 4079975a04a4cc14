/* test_cmd_pbma.c: the `fulcrum icers`, `psa` and `pbma` subcommands end to end: reference
 * cases through the CLI, a hand-derived PBMA exercise, and every bad-input fixture
 * (tests/data/bad/pbma_*) with its status, its exact "path:line:" prefix and no output written.
 */
#include "engine/cli/cli.h"

#include "tests/test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_errno.h>

#include "engine/io/csvin.h"

/* Runs a subcommand with a NULL-terminated argument list; returns its status. */
static fc_status
run(const fc_cmd *cmd, fc_err *err, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    fc_status st;
    fc_warnings warn = {0};

    argv[argc++] = strdup(cmd->name);
    va_start(ap, err);
    for (const char *a; (a = va_arg(ap, const char *)) != NULL && argc < 31;)
        argv[argc++] = strdup(a);
    va_end(ap);
    argv[argc] = NULL;
    fc_err_clear(err);
    st = cmd->fn(argc, argv, &warn, err);
    fc_warnings_fini(&warn);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    return st;
}

static int
exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* ------------------------------------------------------------------------ table reader */

typedef struct table {
    size_t nrow, ncol;
    char **cell;
} table;

static fc_status
table_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    table *t = ctx;
    char **c = realloc(t->cell, (t->nrow + 1) * t->ncol * sizeof *c);
    (void)err;
    assert_non_null(c);
    t->cell = c;
    for (size_t j = 0; j < t->ncol; j++)
        c[t->nrow * t->ncol + j] = strdup(row->field[j] ? row->field[j] : "");
    t->nrow++;
    return FC_OK;
}

static void
table_load(table *t, const char *path, const char *const names[], size_t ncol)
{
    fc_csv_col cols[16];
    fc_err err;
    memset(t, 0, sizeof *t);
    fc_err_clear(&err);
    t->ncol = ncol;
    for (size_t j = 0; j < ncol; j++) {
        cols[j].name = names[j];
        cols[j].flags = FC_COL_REQUIRED;
    }
    assert_int_equal(fc_csv_read(path, cols, ncol, 0, table_row, t, NULL, &err), FC_OK);
}

static void
table_free(table *t)
{
    for (size_t i = 0; i < t->nrow * t->ncol; i++)
        free(t->cell[i]);
    free(t->cell);
}

static const char *
cell(const table *t, size_t i, size_t j)
{
    return t->cell[i * t->ncol + j];
}

static double
num(const table *t, size_t i, size_t j)
{
    const char *s = cell(t, i, j);
    return strcmp(s, "NA") == 0 ? (double)NAN : strtod(s, NULL);
}

static size_t
find_row(const table *t, size_t col, const char *key)
{
    for (size_t i = 0; i < t->nrow; i++)
        if (strcmp(cell(t, i, col), key) == 0)
            return i;
    fail_msg("no row '%s'", key);
    return 0;
}

/* ------------------------------------------------------------------------ icers and psa */

static void
test_cmd_icers_herc6(void **state)
{
    static const char *const cols[] = {"strategy", "cost", "effect", "inc_cost", "inc_effect",
                                       "icer", "status"};
    const char *in = fc_shared_path("data/pbma/cases/dampack_herc6/input.csv");
    char out[600], exp_path[600];
    table a, e;
    fc_err err;
    (void)state;
    if (in == NULL)
        fc_skip_shared("data/pbma/cases/dampack_herc6/input.csv");
    snprintf(exp_path, sizeof exp_path, "%s", in);
    strcpy(strrchr(exp_path, '/') + 1, "expected_icers.csv");
    snprintf(out, sizeof out, "%s/icers.csv", fc_tmpdir());
    assert_int_equal(run(&fc_cmd_def_icers, &err, in, "--out", out, NULL), FC_OK);
    table_load(&a, out, cols, 7);
    table_load(&e, exp_path, cols, 7);
    assert_int_equal(a.nrow, e.nrow);
    for (size_t r = 0; r < a.nrow; r++) {
        assert_string_equal(cell(&a, r, 0), cell(&e, r, 0));
        assert_string_equal(cell(&a, r, 6), cell(&e, r, 6));
        for (size_t j = 1; j <= 5; j++) {
            if (isnan(num(&e, r, j)))
                assert_string_equal(cell(&a, r, j), "NA");
            else
                assert_close(num(&a, r, j), num(&e, r, j), 1e-12, 0);
        }
    }
    table_free(&a);
    table_free(&e);
}

/* The dampack example PSA through `fulcrum psa`: CEAC within 5e-4 (see its README), the
 * CEAF flag exactly, EVPI within 1e-6 relative. */
static void
test_cmd_psa_dampack_example(void **state)
{
    static const char *const ccols[] = {"wtp", "strategy", "proportion", "on_frontier"};
    static const char *const ecols[] = {"wtp", "evpi"};
    const char *rel = "data/pbma/cases/dampack_example_psa/psa_samples_long.csv";
    const char *in = fc_shared_path(rel), *dir;
    char path[1200], base[600];
    table a, e;
    fc_err err;
    (void)state;
    if (in == NULL)
        fc_skip_shared(rel);
    snprintf(base, sizeof base, "%s", in);
    *strrchr(base, '/') = '\0';
    dir = fc_tmpdir();
    snprintf(path, sizeof path, "%s/out", dir);
    assert_int_equal(run(&fc_cmd_def_psa, &err, in, "--wtp", "1000:141000:10000", "--out", path,
                         NULL), FC_OK);
    snprintf(path, sizeof path, "%s/out/ceac.csv", dir);
    table_load(&a, path, ccols, 4);
    snprintf(path, sizeof path, "%s/expected_ceac.csv", base);
    table_load(&e, path, ccols, 4);
    assert_int_equal(a.nrow, e.nrow);
    for (size_t r = 0; r < a.nrow; r++) {
        assert_close(num(&a, r, 0), num(&e, r, 0), 0, 0);
        assert_string_equal(cell(&a, r, 1), cell(&e, r, 1));
        assert_close(num(&a, r, 2), num(&e, r, 2), 0, 5e-4);
        assert_string_equal(cell(&a, r, 3), cell(&e, r, 3));
    }
    table_free(&a);
    table_free(&e);
    snprintf(path, sizeof path, "%s/out/evpi.csv", dir);
    table_load(&a, path, ecols, 2);
    snprintf(path, sizeof path, "%s/expected_evpi.csv", base);
    table_load(&e, path, ecols, 2);
    assert_int_equal(a.nrow, 15);
    for (size_t r = 0; r < a.nrow; r++)
        assert_close(num(&a, r, 1), num(&e, r, 1), 1e-6, 0);
    table_free(&a);
    table_free(&e);
}

static void
test_cmd_psa_usage(void **state)
{
    fc_err err;
    (void)state;
    assert_int_equal(run(&fc_cmd_def_psa, &err, "x.csv", "--out", "/tmp/x", NULL), FC_EUSAGE);
    assert_int_equal(run(&fc_cmd_def_psa, &err, "x.csv", "--wtp", "5:1:1", "--out", "/tmp/x",
                         NULL), FC_EUSAGE);
    assert_int_equal(run(&fc_cmd_def_psa, &err, "x.csv", "--wtp", "1,abc", "--out", "/tmp/x",
                         NULL), FC_EUSAGE);
    assert_int_equal(run(&fc_cmd_def_pbma, &err, "x.csv", "--budget", "1", "--budgets", "y.csv",
                         "--out", "/tmp/x", NULL), FC_EUSAGE);
    assert_int_equal(run(&fc_cmd_def_icers, &err, NULL), FC_EUSAGE);
}

/* ------------------------------------------------------------------------ pbma */

/* tests/data/pbma/options.csv with budget 100,000 (derivation): closing ward 7 releases 80k
 * (losing 20) and digital letters save 5k (gaining 1), so 185k is available. Falls clinic
 * (60k, 66), memory service (50k, 50) and carers' breaks (50k, 50) use 160k; of the 25k left
 * basic telecare (20k, 12) fits, the app (8k, needs basic) does not, telecare plus is in
 * basic's group. Benefit 66+50+50+12-20+1 = 159 at cost 95k. Without the closure at most
 * 105k: memory + carers + letters = 101 < 159. The league table finds the same set. */
static void
test_cmd_pbma_hand(void **state)
{
    static const char *const scols[] = {"measure", "value"};
    static const char *const ocols[] = {"option", "kind", "funded", "greedy_funded", "p_funded",
                                        "reason"};
    const char *dir = fc_tmpdir();
    char out[600], path[700];
    table s, o;
    fc_err err;
    (void)state;
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(run(&fc_cmd_def_pbma, &err, fc_fixture("pbma/options.csv"), "--budget",
                         "100000", "--draws", "50", "--seed", "7", "--out", out, NULL), FC_OK);
    /* the per-period table is pbma_budget.csv: budget.csv is the finance stage's name */
    snprintf(path, sizeof path, "%s/pbma_budget.csv", out);
    assert_true(exists(path));
    snprintf(path, sizeof path, "%s/budget.csv", out);
    assert_false(exists(path));
    snprintf(path, sizeof path, "%s/summary.csv", out);
    table_load(&s, path, scols, 2);
    assert_close(num(&s, find_row(&s, 0, "optimal_benefit"), 1), 159.0, 1e-12, 0);
    assert_close(num(&s, find_row(&s, 0, "optimal_cost"), 1), 95000.0, 1e-12, 0);
    assert_close(num(&s, find_row(&s, 0, "greedy_benefit"), 1), 159.0, 1e-12, 0);
    assert_close(num(&s, find_row(&s, 0, "objective_lost_by_greedy"), 1), 0.0, 0, 1e-9);
    /* LP relaxation (x in [0,1]): the letters (dominant) and the ward closure (keeping it
     * is worth 0.25 per kGBP, less than anything else) free 185k; falls, memory, carers take
     * 160k; for the last 25k the best use is the bundle basic + app (x_app <= x_basic):
     * (12 + 9) / 28k = 0.75 per kGBP, better than basic alone (0.6) then 5/8 of the app
     * (17.625 < 18.75). The budget's dual is that marginal ratio: 0.00075 per GBP. */
    assert_close(num(&s, find_row(&s, 0, "shadow_price_lp"), 1), 21.0 / 28000.0, 1e-9, 0);
    snprintf(path, sizeof path, "%s/options.csv", out);
    table_load(&o, path, ocols, 6);
    assert_int_equal(o.nrow, 8);
    {
        const char *funded[] = {"falls_clinic", "memory_service", "carers_breaks",
                                "telecare_basic", "close_ward_7", "digital_letters"};
        const char *unfunded[] = {"telecare_plus", "telecare_app"};
        for (size_t k = 0; k < 6; k++)
            assert_string_equal(cell(&o, find_row(&o, 0, funded[k]), 2), "TRUE");
        for (size_t k = 0; k < 2; k++)
            assert_string_equal(cell(&o, find_row(&o, 0, unfunded[k]), 2), "FALSE");
        assert_string_equal(cell(&o, find_row(&o, 0, "close_ward_7"), 1), "disinvestment");
        assert_string_equal(cell(&o, find_row(&o, 0, "digital_letters"), 1), "dominant");
        assert_non_null(strstr(cell(&o, find_row(&o, 0, "telecare_plus"), 5),
                               "'telecare_basic' of exclusive group 'telecare'"));
        /* the saving that also gains is funded in every draw */
        assert_close(num(&o, find_row(&o, 0, "digital_letters"), 4), 1.0, 0, 0);
    }
    table_free(&s);
    table_free(&o);
}

/* MCDA through the CLI: weights 3:1 -> 0.75/0.25; hip fast track (6 on 0..10, 10 weeks on a
 * 0..40 harm scale) = 0.75*60 + 0.25*75 = 63.75 points. */
static void
test_cmd_pbma_mcda(void **state)
{
    static const char *const ocols[] = {"option", "benefit", "funded"};
    static const char *const scols[] = {"option", "criterion", "value", "weight", "weighted"};
    const char *dir = fc_tmpdir();
    char out[600], path[700];
    table o, s;
    fc_err err;
    (void)state;
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(run(&fc_cmd_def_pbma, &err, fc_fixture("pbma/options_mcda.csv"),
                         "--criteria", fc_fixture("pbma/criteria.csv"), "--budget", "50000",
                         "--out", out, NULL), FC_OK);
    snprintf(path, sizeof path, "%s/options.csv", out);
    table_load(&o, path, ocols, 3);
    assert_close(num(&o, find_row(&o, 0, "hip_fast_track"), 1), 63.75, 1e-14, 0);
    assert_close(num(&o, find_row(&o, 0, "close_daycentre"), 1), -25.0, 1e-14, 0);
    /* 50k + 30k released: hip (40k) + stroke (55k) = 95k > 80k; hip alone is best */
    assert_string_equal(cell(&o, find_row(&o, 0, "hip_fast_track"), 2), "TRUE");
    assert_string_equal(cell(&o, find_row(&o, 0, "stroke_esd"), 2), "FALSE");
    assert_string_equal(cell(&o, find_row(&o, 0, "close_daycentre"), 2), "FALSE");
    snprintf(path, sizeof path, "%s/scores.csv", out);
    table_load(&s, path, scols, 5);
    assert_int_equal(s.nrow, 6);
    assert_close(num(&s, 1, 2), 75.0, 1e-14, 0);
    assert_close(num(&s, 1, 3), 0.25, 1e-15, 0);
    assert_close(num(&s, 1, 4), 18.75, 1e-14, 0);
    table_free(&o);
    table_free(&s);
}

/* ------------------------------------------------------------------------ bad inputs */

typedef struct bad_case {
    const char *cmd;
    const char *file;     /* below tests/data */
    const char *criteria; /* or NULL */
    const char *budget;   /* or NULL */
    fc_status st;
    const char *prefix;   /* expected start of the formatted error */
} bad_case;

static void
test_cmd_pbma_bad_inputs(void **state)
{
    static const bad_case cases[] = {
        {"pbma", "bad/pbma_cycle.csv", NULL, NULL, FC_EDATA, "tests/data/bad/pbma_cycle.csv:3:4:"},
        {"pbma", "bad/pbma_unknown_requires.csv", NULL, NULL, FC_EDATA,
         "tests/data/bad/pbma_unknown_requires.csv:3:4: error: column 'requires': unknown option"},
        {"pbma", "bad/pbma_duplicate.csv", NULL, NULL, FC_EDATA,
         "tests/data/bad/pbma_duplicate.csv:4:1: error: column 'option': duplicate option"},
        {"pbma", "bad/pbma_nan.csv", NULL, NULL, FC_EDATA, "tests/data/bad/pbma_nan.csv:2:2:"},
        {"pbma", "bad/pbma_interval.csv", NULL, NULL, FC_EDATA,
         "tests/data/bad/pbma_interval.csv:2:4:"},
        {"pbma", "pbma/options_mcda.csv", "bad/pbma_negative_weight.csv", NULL, FC_EDATA,
         "tests/data/bad/pbma_negative_weight.csv:3:2: error: column 'weight'"},
        {"pbma", "bad/pbma_score_range.csv", "pbma/criteria.csv", NULL, FC_EDATA,
         "tests/data/bad/pbma_score_range.csv:3:3: error: column 'health_gain'"},
        {"pbma", "pbma/options.csv", NULL, "-200000", FC_EDATA,
         "fulcrum: error: infeasible budget"},
        {"psa", "bad/pbma_psa_missing.csv", NULL, NULL, FC_EDATA,
         "tests/data/bad/pbma_psa_missing.csv: error: sim 2 has no row for strategy 'B'"},
        {"icers", "bad/pbma_icers_duplicate.csv", NULL, NULL, FC_EDATA,
         "tests/data/bad/pbma_icers_duplicate.csv:4:1:"},
    };
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const bad_case *c = &cases[k];
        char out[600], file[600], crit[600];
        fc_err err;
        fc_status st;
        snprintf(out, sizeof out, "%s/out", fc_tmpdir());
        snprintf(file, sizeof file, "%s", fc_fixture(c->file));
        if (c->criteria)
            snprintf(crit, sizeof crit, "%s", fc_fixture(c->criteria));
        if (strcmp(c->cmd, "pbma") == 0) {
            if (c->criteria)
                st = run(&fc_cmd_def_pbma, &err, file, "--criteria", crit, "--out", out, NULL);
            else if (c->budget)
                st = run(&fc_cmd_def_pbma, &err, file, "--budget", c->budget, "--out", out,
                         NULL);
            else
                st = run(&fc_cmd_def_pbma, &err, file, "--draws", "10", "--out", out, NULL);
        } else if (strcmp(c->cmd, "psa") == 0) {
            st = run(&fc_cmd_def_psa, &err, file, "--wtp", "0,100", "--out", out, NULL);
        } else {
            st = run(&fc_cmd_def_icers, &err, file, "--out", out, NULL);
        }
        if (st != c->st)
            fail_msg("case %zu (%s): status %d, expected %d: %s", k, c->file, st, c->st,
                     err.msg);
        assert_err(&err, c->st, c->prefix);
        if (exists(out))
            fail_msg("case %zu (%s): output '%s' was written", k, c->file, out);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmd_icers_herc6),
        cmocka_unit_test(test_cmd_psa_dampack_example),
        cmocka_unit_test(test_cmd_psa_usage),
        cmocka_unit_test(test_cmd_pbma_hand),
        cmocka_unit_test(test_cmd_pbma_mcda),
        cmocka_unit_test(test_cmd_pbma_bad_inputs),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests_name("cmd_pbma", tests, NULL, NULL);
}
