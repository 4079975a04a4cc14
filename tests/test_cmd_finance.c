/* test_cmd_finance.c: `fulcrum finance` and `fulcrum shift` end to end: the hand-worked
 * two-programme example of tests/test_finance.c read through the loaders (two areas summed,
 * financial years written "2023/24", a cost type written "non-pay", indices as rates or
 * levels), a few costed cells of the shipped example checked by hand against the National
 * Cost Collection figures, exact sums in the written tables, a budget-neutral what-if, and
 * every bad-input fixture (tests/data/bad/fin_*) with its status, its "path:line:" prefix
 * and no output written.
 */
#include "engine/cli/cli.h"

#include "tests/test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_errno.h>

#include "engine/finance/finance.h"

#define F(name) fc_fixture("finance/" name)

/* Runs a subcommand with a NULL-terminated argument list; returns its status. */
static fc_status
run(const fc_cmd *cmd, fc_err *err, ...)
{
    char *argv[48];
    int argc = 0;
    va_list ap;
    fc_status st;
    fc_warnings warn = {0};

    argv[argc++] = strdup(cmd->name);
    va_start(ap, err);
    for (const char *a; (a = va_arg(ap, const char *)) != NULL && argc < 47;)
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

/* The line of a CSV text that starts with prefix (a copy in buf), or fails the test. */
static const char *
line_of(const char *text, const char *prefix, char *buf, size_t n)
{
    size_t k = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, prefix, k) == 0) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            if (len >= n)
                len = n - 1;
            memcpy(buf, p, len);
            buf[len] = '\0';
            return buf;
        }
    }
    fail_msg("no line starting '%s'", prefix);
    return NULL;
}

/* Field i (0-based) of a CSV line without quotes, as a number. */
static double
field(const char *line, int i)
{
    const char *p = line;
    for (int k = 0; k < i; k++) {
        p = strchr(p, ',');
        assert_non_null(p);
        p++;
    }
    return strtod(p, NULL);
}

/* Field i as text (static buffer). */
static const char *
field_str(const char *line, int i)
{
    static char b[256];
    const char *p = line, *e;
    for (int k = 0; k < i; k++) {
        p = strchr(p, ',');
        assert_non_null(p);
        p++;
    }
    e = strchr(p, ',');
    snprintf(b, sizeof b, "%.*s", e ? (int)(e - p) : (int)strlen(p), p);
    return b;
}

static char *
slurp_out(const char *dir, const char *name)
{
    char path[700];
    char *t;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    t = fc_slurp(path, NULL);
    if (t == NULL)
        fail_msg("cannot read %s", path);
    return t;
}

static int
exists(const char *dir, const char *name)
{
    char path[700];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &sb) == 0;
}

/* ------------------------------------------------------------------------ the hand example */

/* The model test's example through the loaders: same numbers (see tests/test_finance.c for
 * the derivation): total gap 2024..2026 5,200.00, 11,789.22, 15,639.36; real gap 2026
 * 15,032.07; present value 2026 14,032.60, cumulative 25,199.81; acute bridge 2025 with the
 * one-penny residual on inflation. */
static void
check_hand_outputs(const char *out)
{
    char b[1024];
    char *gap = slurp_out(out, "gap.csv"), *br = slurp_out(out, "bridge.csv"),
         *bu = slurp_out(out, "budget.csv"), *sc = slurp_out(out, "service_costs.csv");
    const char *l;

    assert_non_null(strstr(gap, "variant,year,programme,envelope,cost,gap,cumulative_gap,"));
    l = line_of(gap, "principal,2024,total,", b, sizeof b);
    assert_string_equal(l, "principal,2024,total,510000.00,515200.00,5200.00,0.00,1,510000.00,"
                           "515200.00,5200.00,0.00,1,5200.00,0.00");
    l = line_of(gap, "principal,2025,total,", b, sizeof b);
    assert_string_equal(field_str(l, 5), "11789.22");
    l = line_of(gap, "principal,2026,total,", b, sizeof b);
    assert_string_equal(field_str(l, 3), "538125.50");
    assert_string_equal(field_str(l, 4), "553764.86");
    assert_string_equal(field_str(l, 5), "15639.36");
    assert_string_equal(field_str(l, 6), "27428.58");
    assert_string_equal(field_str(l, 7), "1.0404");
    assert_string_equal(field_str(l, 10), "15032.07");
    assert_string_equal(field_str(l, 13), "14032.60");
    assert_string_equal(field_str(l, 14), "25199.81");
    l = line_of(br, "principal,2025,acute,", b, sizeof b);
    assert_string_equal(l, "principal,2025,acute,415200.00,8304.00,4152.00,11148.71,-8776.09,"
                           "0.00,430028.62");
    l = line_of(br, "principal,2025,total,", b, sizeof b);
    assert_string_equal(l, "principal,2025,total,515200.00,10804.00,6652.00,14088.71,-9855.49,"
                           "0.00,536889.22");
    l = line_of(bu, "principal,2026,acute,non_pay,", b, sizeof b);
    assert_string_equal(field_str(l, 4), "168920.00");
    assert_string_equal(field_str(l, 7), "171158.99");
    l = line_of(sc, "principal,2026,community,contacts,", b, sizeof b);
    assert_string_equal(field_str(l, 4), "2205");
    assert_close(field(l, 5), 52.326 * 0.9801, 1e-14, 0);
    assert_string_equal(field_str(l, 8), "113082.79");
    free(gap);
    free(br);
    free(bu);
    free(sc);
}

static void
test_cmd_finance_hand(void **state)
{
    const char *dir = fc_tmpdir();
    char out[600], out2[600];
    char *a, *b;
    fc_err err;
    (void)state;
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(run(&fc_cmd_def_finance, &err, "--activity", F("activity.csv"), "--drivers",
                         F("drivers.csv"), "--services", F("services.csv"), "--budgets",
                         F("budgets.csv"), "--uplifts", F("uplifts.csv"), "--inflation",
                         F("inflation.csv"), "--efficiency", F("efficiency.csv"), "--horizon",
                         "2026", "--out", out, NULL),
                     FC_OK);
    check_hand_outputs(out);
    assert_false(exists(out, "resource_shifts.csv"));
    /* the same indices given as levels: the same bytes */
    snprintf(out2, sizeof out2, "%s/out_index", dir);
    assert_int_equal(run(&fc_cmd_def_finance, &err, "--activity", F("activity.csv"), "--drivers",
                         F("drivers.csv"), "--services", F("services.csv"), "--budgets",
                         F("budgets.csv"), "--uplifts", F("uplifts.csv"), "--inflation",
                         F("inflation_index.csv"), "--efficiency", F("efficiency.csv"), "--horizon",
                         "2026", "--out", out2, NULL),
                     FC_OK);
    a = slurp_out(out, "budget.csv");
    b = slurp_out(out2, "budget.csv");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* The lagged shift of the model test through the shifts table: +9,000.00 a year on the
 * total cost in 2025 and 2026; the table shows the virement, the investment, the release
 * and the transition cost; the bridge's shifts step is the net cost. */
static void
test_cmd_finance_shift_table(void **state)
{
    const char *dir = fc_tmpdir();
    char out[600], b[1024];
    char *gap, *sh, *br, *act;
    const char *l;
    fc_err err;
    (void)state;
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(run(&fc_cmd_def_finance, &err, "--activity", F("activity.csv"), "--drivers",
                         F("drivers.csv"), "--services", F("services.csv"), "--budgets",
                         F("budgets.csv"), "--uplifts", F("uplifts.csv"), "--inflation",
                         F("inflation.csv"), "--efficiency", F("efficiency.csv"), "--shifts",
                         F("shifts.csv"), "--horizon", "2026", "--out", out, NULL),
                     FC_OK);
    gap = slurp_out(out, "gap.csv");
    sh = slurp_out(out, "resource_shifts.csv");
    br = slurp_out(out, "bridge.csv");
    act = slurp_out(out, "resource_shift_activity.csv");
    assert_string_equal(field_str(line_of(gap, "principal,2025,total,", b, sizeof b), 5),
                        "20789.22");
    assert_string_equal(field_str(line_of(gap, "principal,2026,total,", b, sizeof b), 5),
                        "24639.36");
    l = line_of(sh, "principal,2025,step_down,", b, sizeof b);
    assert_string_equal(l, "principal,2025,step_down,acute,contacts,6000.00,6000.00,0.00,"
                           "3000.00,9000.00");
    l = line_of(sh, "principal,2026,step_down,", b, sizeof b);
    assert_string_equal(l, "principal,2026,step_down,acute,contacts,12000.00,12000.00,3000.00,"
                           "0.00,9000.00");
    assert_string_equal(field_str(line_of(br, "principal,2026,total,", b, sizeof b), 8), "9000.00");
    /* 2026: 12,000 buys 12,000 / 51.2847126 = 233.98786 contacts */
    l = line_of(act, "principal,2026,step_down,to,community,contacts,", b, sizeof b);
    assert_close(field(l, 6), 12000 / 51.2847126, 1e-9, 0);
    free(gap);
    free(sh);
    free(br);
    free(act);
}

/* ------------------------------------------------------------------------ shipped example */

/* Sums over the lines of a CSV text that start with prefix, column col, in pence. */
static long long
sum_pence(const char *text, const char *prefix, int col)
{
    long long s = 0;
    size_t k = strlen(prefix);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, prefix, k) == 0)
            s += llround(field(p, col) * 100.0);
    return s;
}

/* A few costed cells of the shipped example by hand, from the NHS National Cost Collection
 * 2023/24 figures (price year 2023/24) and the PSSRU 2024/25 rates (pay 5.11%, prices
 * 2.04%), with the activity the chain projected (read from the same row):
 *   acute pay share from its budget: 181,000,000 / (181,000,000 + 121,500,000);
 *   emergency admission 2024/25 = 2,595.43 (NCC non-elective spells: (23,237,984,709 +
 *     5,033,680,401) / (4,527,849 + 6,365,015)) x (w 1.0511 + (1 - w) 1.0204);
 *   district nurse contact (NCC N02AF, 58.1112), community pay share 12.4 / 16.4, 2024/25;
 *   home-care hour 28.50 (illustrative), pay share 0.75, 2026/27: pay 1.0511 x 1.03 x 1.028,
 *     prices 1.0204 x 1.02 x 1.02, social-care efficiency 1% a year (0.99^2). */
static void
test_cmd_finance_example_cells(void **state)
{
    const char *dir = fc_tmpdir();
    char out[600], b[1024];
    char *sc, *gap, *bu, *br;
    const char *l;
    double w, u, a;
    fc_err err;
    (void)state;
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(run(&fc_cmd_def_finance, &err, "datasets/example.ini", "--out", out, NULL),
                     FC_OK);
    sc = slurp_out(out, "service_costs.csv");
    w = 181000000.0 / 302500000.0;
    l = line_of(sc, "principal,2024,acute,emergency_admissions,", b, sizeof b);
    a = field(l, 4);
    u = 2595.43 * (w * 1.0511 + (1 - w) * 1.0204);
    assert_close(round((23237984709.0 + 5033680401.0) / (4527849.0 + 6365015.0) * 100) / 100,
                 2595.43, 0, 0);
    assert_close(field(l, 5), u, 1e-12, 0);
    assert_close(field(l, 8), round(a * u * 100) / 100, 0, 0.011);
    w = 12.4 / 16.4;
    l = line_of(sc, "principal,2024,community,community_nursing_contacts,", b, sizeof b);
    u = 58.1112 * (w * 1.0511 + (1 - w) * 1.0204);
    assert_close(field(l, 5), u, 1e-12, 0);
    assert_close(field(l, 8), round(field(l, 4) * u * 100) / 100, 0, 0.011);
    l = line_of(sc, "principal,2026,social_care,home_care_hours,", b, sizeof b);
    u = 28.50 * (0.75 * 1.0511 * 1.03 * 1.028 + 0.25 * 1.0204 * 1.02 * 1.02) * 0.99 * 0.99;
    assert_close(field(l, 5), u, 1e-12, 0);
    /* pay and non-pay leaves are rounded separately: within a penny of the whole */
    assert_close(field(l, 8), field(l, 4) * u, 0, 0.01);
    /* emergency bed days are inside the spell cost */
    l = line_of(sc, "principal,2030,acute,emergency_bed_days,", b, sizeof b);
    assert_string_equal(field_str(l, 8), "0.00");

    /* exact sums in the written tables: programme rows add up to the total row, cost types
     * to the programme, and service costs to the cost of demand */
    gap = slurp_out(out, "gap.csv");
    bu = slurp_out(out, "budget.csv");
    br = slurp_out(out, "bridge.csv");
    for (int y = 2024; y <= 2034; y++) {
        char pre[64];
        long long tot[16] = {0}, prog[16] = {0};
        static const char *const progs[3] = {"acute", "community", "social_care"};
        for (int q = 0; q < 3; q++) {
            snprintf(pre, sizeof pre, "principal,%d,%s,", y, progs[q]);
            for (int c = 3; c <= 14; c++)
                if (c != 7 && c != 12)
                    prog[c] += sum_pence(gap, pre, c);
        }
        snprintf(pre, sizeof pre, "principal,%d,total,", y);
        for (int c = 3; c <= 14; c++)
            if (c != 7 && c != 12) {
                tot[c] = sum_pence(gap, pre, c);
                assert_int_equal(prog[c], tot[c]);
            }
        /* bridge: baseline + steps = projected on every row */
        for (int q = 0; q <= 3; q++) {
            const char *name = q < 3 ? progs[q] : "total";
            long long s = 0;
            snprintf(pre, sizeof pre, "principal,%d,%s,", y, name);
            for (int c = 3; c <= 8; c++)
                s += sum_pence(br, pre, c);
            assert_int_equal(s, sum_pence(br, pre, 9));
        }
        /* budget.csv cost = cost_of_demand + shifts, envelope = budget + virement */
        for (int q = 0; q < 3; q++) {
            const char *ct[2] = {"pay", "non_pay"};
            for (int c = 0; c < 2; c++) {
                snprintf(pre, sizeof pre, "principal,%d,%s,%s,", y, progs[q], ct[c]);
                l = line_of(bu, pre, b, sizeof b);
                assert_int_equal(llround(field(l, 9) * 100),
                                 llround(field(l, 7) * 100) + llround(field(l, 8) * 100));
                assert_int_equal(llround(field(l, 6) * 100),
                                 llround(field(l, 4) * 100) + llround(field(l, 5) * 100));
            }
        }
        /* service costs sum to the programmes' cost of demand */
        {
            long long s = 0, d = 0;
            char p2[64];
            for (const char *p = sc; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
                if (strncmp(p, "principal,", 10) == 0 && (int)field(p, 1) == y)
                    s += llround(field(p, 8) * 100);
            for (int q = 0; q < 3; q++)
                for (int c = 0; c < 2; c++) {
                    const char *ct[2] = {"pay", "non_pay"};
                    snprintf(p2, sizeof p2, "principal,%d,%s,%s,", y, progs[q], ct[c]);
                    d += sum_pence(bu, p2, 7);
                }
            assert_int_equal(s, d);
        }
    }
    free(sc);
    free(gap);
    free(bu);
    free(br);
}

/* The what-if: GBP 2m a year from acute to community from 2027 with the defaults is
 * budget-neutral, so every variant's gap is unchanged to the penny, cash and real; with a
 * two-year lag and 80% released, the gap rises by the double running: 2,000,000 in 2027 and
 * 2028, then 2,000,000 x 20% = 400,000 a year. */
static void
test_cmd_shift_whatif(void **state)
{
    const char *dir = fc_tmpdir();
    char out[600], out2[600];
    char *t;
    int rows = 0;
    fc_err err;
    (void)state;
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(run(&fc_cmd_def_shift, &err, "--from", "acute", "--to", "community",
                         "--amount", "2000000", "--from-year", "2027", "datasets/example.ini",
                         "--out", out, NULL),
                     FC_OK);
    t = slurp_out(out, "shift_gap.csv");
    for (const char *p = strchr(t, '\n') + 1; p && *p;
         p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        {
            char g0[256], g1[256]; /* field_str returns at most 255 characters */
            snprintf(g0, sizeof g0, "%s", field_str(p, 5));
            snprintf(g1, sizeof g1, "%s", field_str(p, 6));
            assert_string_equal(g0, g1);
            snprintf(g0, sizeof g0, "%s", field_str(p, 10));
            snprintf(g1, sizeof g1, "%s", field_str(p, 11));
            assert_string_equal(g0, g1);
            assert_string_equal(field_str(p, 7), "0.00");
        }
        rows++;
    }
    assert_int_equal(rows, 5 * 11); /* five variants, 2024..2034 */
    free(t);
    assert_true(exists(out, "shift_whatif.csv"));
    assert_true(exists(out, "shift_whatif_activity.csv"));

    snprintf(out2, sizeof out2, "%s/out2", dir);
    assert_int_equal(run(&fc_cmd_def_shift, &err, "--from", "acute", "--to", "community",
                         "--amount", "2000000", "--from-year", "2027", "--lag-years", "2",
                         "--release-pct", "80", "--variant", "principal", "datasets/example.ini",
                         "--out", out2, NULL),
                     FC_OK);
    t = slurp_out(out2, "shift_gap.csv");
    {
        char b[1024];
        assert_string_equal(field_str(line_of(t, "principal,2026,", b, sizeof b), 7), "0.00");
        assert_string_equal(field_str(line_of(t, "principal,2027,", b, sizeof b), 7), "2000000.00");
        assert_string_equal(field_str(line_of(t, "principal,2028,", b, sizeof b), 7), "2000000.00");
        assert_string_equal(field_str(line_of(t, "principal,2029,", b, sizeof b), 7), "400000.00");
        assert_string_equal(field_str(line_of(t, "principal,2034,", b, sizeof b), 7), "400000.00");
    }
    assert_null(strstr(t, "high_fertility"));
    free(t);
}

/* ------------------------------------------------------------------------ errors */

typedef struct bad_case {
    const char *table; /* the option whose table is replaced */
    const char *file;  /* fixture below tests/data */
    fc_status st;
    const char *prefix; /* as main prints it */
    const char *text;   /* a piece of the message */
} bad_case;

static void
test_cmd_finance_bad_inputs(void **state)
{
    static const bad_case cases[] = {
        {"--budgets", "bad/fin_budgets_noservice.csv", FC_EDATA,
         "tests/data/bad/fin_budgets_noservice.csv:6:1:", "'mental_health' has no services"},
        {"--activity", "bad/fin_activity_unknown.csv", FC_EDATA,
         "tests/data/bad/fin_activity_unknown.csv:18:", "'gp_visits' has activity but no unit"},
        {"--services", "bad/fin_services_nocost.csv", FC_EDATA,
         "tests/data/bad/fin_services_nocost.csv:3:3:", "missing unit cost for service"},
        {"--budgets", "bad/fin_budgets_negative.csv", FC_EDATA,
         "tests/data/bad/fin_budgets_negative.csv:4:4:", "is negative"},
        {"--uplifts", "bad/fin_uplifts_year.csv", FC_EDATA,
         "tests/data/bad/fin_uplifts_year.csv:5:2:", "outside the projection"},
        {"--shifts", "bad/fin_shifts_year.csv", FC_EDATA,
         "tests/data/bad/fin_shifts_year.csv:2:4:", "outside the projection"},
        {"--efficiency", "bad/fin_efficiency_year.csv", FC_EDATA,
         "tests/data/bad/fin_efficiency_year.csv:4:2:", "outside the projection"},
        {"--budgets", "bad/fin_budgets_year.csv", FC_EDATA,
         "tests/data/bad/fin_budgets_year.csv:4:5:", "outside the projection"},
        {"--activity", "bad/fin_activity_dup.csv", FC_EDATA,
         "tests/data/bad/fin_activity_dup.csv:18:", "first given on line 13"},
        {"--shifts", "bad/fin_shifts_release.csv", FC_EDATA,
         "tests/data/bad/fin_shifts_release.csv:2:",
         "release more than programme 'community' costs in 2026"},
        {"--shifts", "bad/fin_shifts_unknown.csv", FC_EDATA,
         "tests/data/bad/fin_shifts_unknown.csv:2:3:", "unknown programme or service"},
        {"--inflation", "bad/fin_inflation_gap.csv", FC_EDATA,
         "tests/data/bad/fin_inflation_gap.csv:", "no row for 2025"},
    };
    static const char *const opts[] = {"--activity", "--drivers",   "--services",  "--budgets",
                                       "--uplifts",  "--inflation", "--efficiency"};
    static const char *const files[] = {"activity.csv",  "drivers.csv", "services.csv",
                                        "budgets.csv",   "uplifts.csv", "inflation.csv",
                                        "efficiency.csv"};
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad_case *c = &cases[i];
        char *argv[24], msg[1200], out[600], path[300];
        int argc = 0;
        fc_warnings warn = {0};
        fc_err err;
        fc_status st;
        snprintf(out, sizeof out, "%s/out", fc_tmpdir());
        argv[argc++] = strdup("finance");
        for (size_t k = 0; k < 7; k++) {
            if (strcmp(opts[k], c->table) == 0)
                snprintf(path, sizeof path, "%s", fc_fixture(c->file));
            else
                snprintf(path, sizeof path, "tests/data/finance/%s", files[k]);
            argv[argc++] = strdup(opts[k]);
            argv[argc++] = strdup(path);
        }
        if (strcmp(c->table, "--shifts") == 0) {
            argv[argc++] = strdup("--shifts");
            argv[argc++] = strdup(fc_fixture(c->file));
        }
        argv[argc++] = strdup("--horizon");
        argv[argc++] = strdup("2026");
        argv[argc++] = strdup("--out");
        argv[argc++] = strdup(out);
        argv[argc] = NULL;
        fc_err_clear(&err);
        st = fc_cmd_def_finance.fn(argc, argv, &warn, &err);
        fc_warnings_fini(&warn);
        for (int k = 0; k < argc; k++)
            free(argv[k]);
        fc_format_err(&err, msg, sizeof msg);
        if (st != c->st || strncmp(msg, c->prefix, strlen(c->prefix)) != 0 ||
            strstr(msg, c->text) == NULL)
            fail_msg("case %s: status %d, message '%s'", c->file, (int)st, msg);
        /* nothing written */
        assert_false(exists(out, "budget.csv"));
        assert_false(exists(out, "gap.csv"));
    }
}

static void
test_cmd_finance_usage(void **state)
{
    fc_err err;
    (void)state;
    assert_int_equal(run(&fc_cmd_def_finance, &err, "--services", "x.csv", NULL), FC_EUSAGE);
    assert_int_equal(
        run(&fc_cmd_def_finance, &err, "datasets/example.ini", "--services", "x.csv", NULL),
        FC_EUSAGE);
    assert_int_equal(run(&fc_cmd_def_finance, &err, "--discount-rate", "abc", NULL), FC_EUSAGE);
    assert_int_equal(run(&fc_cmd_def_shift, &err, "--from", "acute", "datasets/example.ini", NULL),
                     FC_EUSAGE);
    assert_int_equal(run(&fc_cmd_def_shift, &err, "--from", "acute", "--to", "nowhere", "--amount",
                         "1", "--from-year", "2027", "datasets/example.ini", "--out", fc_tmpdir(),
                         NULL),
                     FC_EUSAGE);
    assert_non_null(strstr(err.msg, "'nowhere' is not a programme or service"));
    assert_int_equal(run(&fc_cmd_def_shift, &err, "--from", "acute", "--to", "community",
                         "--amount", "1", "--from-year", "2050", "datasets/example.ini", "--out",
                         fc_tmpdir(), NULL),
                     FC_EUSAGE);
    assert_non_null(strstr(err.msg, "outside the plan years 2025..2034"));
    assert_int_equal(run(&fc_cmd_def_shift, &err, "--from", "acute", "--to", "community",
                         "--amount", "1", "--activity", "3", "--from-year", "2027",
                         "datasets/example.ini", "--out", fc_tmpdir(), NULL),
                     FC_EUSAGE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmd_finance_hand),
        cmocka_unit_test(test_cmd_finance_shift_table),
        cmocka_unit_test(test_cmd_finance_example_cells),
        cmocka_unit_test(test_cmd_shift_whatif),
        cmocka_unit_test(test_cmd_finance_bad_inputs),
        cmocka_unit_test(test_cmd_finance_usage),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests_name("cmd_finance", tests, NULL, NULL);
}
