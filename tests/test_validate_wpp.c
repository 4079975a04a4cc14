/* test_validate_wpp.c: real-data validation against UN WPP 2019 (shared/data/demography):
 * life expectancy at birth from the published mx, and one five-year cohort-component step of
 * the United Kingdom 2020 -> 2025 against the published medium projection. Skips with a
 * printed reason when ../shared is absent. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_util.h"
#include "engine/io/csvin.h"
#include "models/lifetable.h"
#include "models/population.h"

/* collects value[sex][age index] for rows whose filter columns match */
typedef struct grab {
    const char *want[4]; /* wanted values for filter columns 0..3 (NULL = any) */
    double v[2][128];
    int seen[2][128];
    int age_of[128];
} grab;

/* columns: filters..., sex, age, value */
static fc_status
grab_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    grab *g = ctx;
    size_t nf = row->ncol - 3;
    for (size_t i = 0; i < nf; i++)
        if (g->want[i] && strcmp(row->field[i], g->want[i]) != 0)
            return FC_OK;
    int sex = 0;
    if (row->field[nf] && strcmp(row->field[nf], "male") == 0)
        sex = 1;
    long age;
    double v;
    if (fc_csv_int(row, nf + 1, 0, 130, &age, err) || fc_csv_double(row, nf + 2, &v, err))
        return FC_EDATA;
    g->v[sex][age] = v;
    g->seen[sex][age] = 1;
    return FC_OK;
}

static double
indicator(const char *path, const char *period, const char *name)
{
    FILE *fp = fopen(path, "r");
    char line[512];
    double v = -1;
    assert_non_null(fp);
    while (fgets(line, sizeof line, fp)) {
        char code[16], nm[64], per[16], ind[64];
        if (sscanf(line, "%15[^,],%63[^,],%15[^,],%*[^,],%*[^,],%63[^,],%*[^,],%lf", code, nm,
                   per, ind, &v) == 5 &&
            strcmp(code, "826") == 0 && strcmp(per, period) == 0 && strcmp(ind, name) == 0) {
            fclose(fp);
            return v;
        }
    }
    fclose(fp);
    fail_msg("indicator %s for %s not found", name, period);
    return v;
}

static const double *
mx_uk(grab *g, const char *period)
{
    const char *rel = "data/demography/wpp2019_mx_abridged_5y.csv";
    const char *path = fc_shared_path(rel);
    fc_csv_col cols[] = {{"area_code", 1}, {"period", 1}, {"sex", 1}, {"age", 1}, {"mx", 1}};
    fc_err err;
    fc_err_clear(&err);
    memset(g, 0, sizeof *g);
    g->want[0] = "826";
    g->want[1] = period;
    assert_int_equal(fc_csv_read(path, cols, 5, 1, grab_row, g, NULL, &err), FC_OK);
    return NULL;
}

/* abridged mx in table order (0, 1, 5, ..., 100) for sex s */
static void
abridged(const grab *g, int s, double mx[22])
{
    mx[0] = g->v[s][0];
    mx[1] = g->v[s][1];
    for (int i = 2; i < 22; i++) {
        assert_true(g->seen[s][5 * (i - 1)]);
        mx[i] = g->v[s][5 * (i - 1)];
    }
}

static void
test_e0_wpp2019_uk(void **state)
{
    (void)state;
    const char *rel = "data/demography/wpp2019_period_indicators.csv";
    if (!fc_shared_path(rel) || !fc_shared_path("data/demography/wpp2019_mx_abridged_5y.csv"))
        fc_skip_shared(rel);
    char ind[4096];
    snprintf(ind, sizeof ind, "%s", fc_shared_path(rel));
    grab g;
    mx_uk(&g, "2020-2025");
    const char *names[2] = {"e0_female", "e0_male"};
    for (int s = 0; s < 2; s++) {
        double mx[22];
        fc_err err;
        fc_err_clear(&err);
        abridged(&g, s, mx);
        fc_lifetable *lt = fc_lifetable_alloc(22);
        assert_int_equal(fc_lifetable_compute(lt, mx, FC_LT_ABRIDGED, s, FC_A0_COALE_DEMENY,
                                              &err), FC_OK);
        double e0_un = indicator(ind, "2020-2025", names[s]);
        /* published: male 80.22, female 83.28 */
        assert_close(e0_un, s ? 80.22 : 83.28, 0, 1e-9);
        assert_close(lt->ex[0], e0_un, 0, 0.02);
        fc_lifetable_free(lt);
    }
}

static void
read_pop(const char *variant, const char *year, double pop[2][21])
{
    const char *path = fc_shared_path("data/demography/wpp2019_population_5y.csv");
    fc_csv_col cols[] = {{"area_code", 1}, {"year", 1}, {"variant", 1}, {"sex", 1}, {"age", 1},
                         {"value_thousands", 1}};
    grab g;
    fc_err err;
    fc_err_clear(&err);
    memset(&g, 0, sizeof g);
    g.want[0] = "826";
    g.want[1] = year;
    g.want[2] = variant;
    assert_int_equal(fc_csv_read(path, cols, 6, 1, grab_row, &g, NULL, &err), FC_OK);
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < 21; i++) {
            assert_true(g.seen[s][5 * i]);
            pop[s][i] = g.v[s][5 * i] * 1000.0;
        }
}

static void
test_step_2020_2025_uk(void **state)
{
    (void)state;
    const char *need[] = {"data/demography/wpp2019_population_5y.csv",
                          "data/demography/wpp2019_fertility_5y.csv",
                          "data/demography/wpp2019_mx_abridged_5y.csv",
                          "data/demography/wpp2019_period_indicators.csv",
                          "data/demography/wpp2024_net_migration_by_age_1y.csv"};
    for (size_t i = 0; i < 5; i++)
        if (!fc_shared_path(need[i]))
            fc_skip_shared(need[i]);
    double P0[2][21], P1[2][21], s[2][21], s0[2], asfr[21] = {0}, M[2][21] = {{0}};
    fc_err err;
    fc_err_clear(&err);
    read_pop("estimate", "2020", P0);
    read_pop("medium", "2025", P1);

    /* survival from the abridged life tables */
    grab g;
    mx_uk(&g, "2020-2025");
    size_t first[21];
    first[0] = 0;
    for (size_t i = 1; i < 21; i++)
        first[i] = i + 1; /* group 0-4 = rows 0 and 1-4; then one row per group */
    for (int sx = 0; sx < 2; sx++) {
        double mx[22];
        abridged(&g, sx, mx);
        fc_lifetable *lt = fc_lifetable_alloc(22);
        assert_int_equal(fc_lifetable_compute(lt, mx, FC_LT_ABRIDGED, sx, FC_A0_COALE_DEMENY,
                                              &err), FC_OK);
        assert_int_equal(fc_lifetable_survival(lt, first, 21, 5.0, &s0[sx], s[sx], &err), FC_OK);
        fc_lifetable_free(lt);
    }

    /* fertility: annual asfr by five-year group 15-19 .. 45-49 */
    {
        char ind[4096];
        snprintf(ind, sizeof ind, "%s", fc_shared_path(need[1]));
        FILE *fp = fopen(ind, "r");
        char line[512];
        assert_non_null(fp);
        while (fgets(line, sizeof line, fp)) {
            char code[16], per[16];
            int age;
            double v;
            if (sscanf(line, "%15[^,],%*[^,],%15[^,],%*[^,],%*[^,],%d,%*[^,],%*[^,],%*[^,],%*[^,],"
                       "%lf", code, per, &age, &v) == 4 &&
                strcmp(code, "826") == 0 && strcmp(per, "2020-2025") == 0)
                asfr[age / 5] = v;
        }
        fclose(fp);
        assert_true(asfr[3] > 0.0 && asfr[9] > 0.0);
    }

    /* migration: the 5-year total spread with the WPP2024 2023+2024 single-year pattern */
    {
        char path[4096];
        snprintf(path, sizeof path, "%s", fc_shared_path(need[4]));
        FILE *fp = fopen(path, "r");
        char line[512];
        double sum = 0.0;
        assert_non_null(fp);
        while (fgets(line, sizeof line, fp)) {
            char code[16], sexs[16];
            int year, age;
            double v;
            if (sscanf(line, "%15[^,],%*[^,],%d,%15[^,],%d,%*[^,],%lf", code, &year, sexs, &age,
                       &v) == 5 &&
                strcmp(code, "826") == 0 && (year == 2023 || year == 2024)) {
                int sx = strcmp(sexs, "male") == 0;
                M[sx][age / 5 > 20 ? 20 : age / 5] += v;
                sum += v;
            }
        }
        fclose(fp);
        double total;
        snprintf(path, sizeof path, "%s", fc_shared_path(need[3]));
        total = indicator(path, "2020-2025", "net_migration_thousands_5y_total") * 1000.0;
        assert_true(sum != 0.0);
        for (int sx = 0; sx < 2; sx++)
            for (int i = 0; i < 21; i++)
                M[sx][i] *= total / sum;
    }
    char ind[4096];
    snprintf(ind, sizeof ind, "%s", fc_shared_path(need[3]));
    double srb = indicator(ind, "2020-2025", "srb_male_per_female");

    /* inputs in the model's layout: [area][sex][age] with one area */
    double pop0[42], sv[42], s0v[2], mig[42], out[2 * 42];
    for (int sx = 0; sx < 2; sx++)
        for (int i = 0; i < 21; i++) {
            pop0[sx * 21 + i] = P0[sx][i];
            sv[sx * 21 + i] = s[sx][i];
            mig[sx * 21 + i] = M[sx][i];
        }
    s0v[0] = s0[0];
    s0v[1] = s0[1];
    const double *ps[1] = {sv}, *ps0[1] = {s0v}, *pa[1] = {asfr}, *pm[1] = {mig};
    fc_ccm_params p = {1, 21, 1, 5.0, srb, FC_MIG_HALF, FC_CTL_NONE};
    fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa, .mig = pm};
    fc_ccm_result r = {.pop = out};
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_OK);

    double tot = 0.0, tot_un = 0.0, worst = 0.0;
    for (int sx = 0; sx < 2; sx++)
        for (int i = 0; i < 21; i++) {
            double got = out[42 + sx * 21 + i], un = P1[sx][i];
            double rel = fabs(got - un) / un;
            tot += got;
            tot_un += un;
            if (rel > worst)
                worst = rel;
            if (getenv("FC_VERBOSE"))
                print_message("sex %d group %2d: %.1f vs %.1f (%+.3f%%)\n", sx, i, got, un, 100 * (got - un) / un);
            /* every age-sex group within 2%, 100+ included (the last closed group's ax takes
             * Greville's k from the open group's rate: see models/lifetable.c) */
            assert_close(got, un, 0.02, 0.0);
        }
    print_message("UK 2025: %.1fk vs UN %.1fk (%.4f%%), worst group %.2f%%\n", tot / 1000,
                  tot_un / 1000, 100 * (tot - tot_un) / tot_un, 100 * worst);
    assert_close(tot, tot_un, 0.0005, 0.0); /* total within 0.05% */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_e0_wpp2019_uk),
        cmocka_unit_test(test_step_2020_2025_uk),
    };
    return cmocka_run_group_tests_name("validate_wpp", tests, NULL, NULL);
}
