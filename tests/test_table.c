/* test_table.c: the typed input tables (engine/table): base population grids and their rules,
 * rate tables resolved by specificity onto age grids (rates and counts), control totals, and
 * the string interning they rest on. Expected values are derived by hand in the comments.
 */
#include "engine/io/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_util.h"

/* ------------------------------------------------------------------------ helpers */

/* Checks err against "<fixture path><want>", e.g. want = ":3:5: error: column ...". */
static void
check_err(const fc_err *err, fc_status st, const char *rel, const char *want)
{
    char prefix[1024];
    snprintf(prefix, sizeof prefix, "%s%s", fc_fixture(rel), want);
    assert_err(err, st, prefix);
}

/* The areas of pop_single.csv: S12000033 (0) and S12000034 (1). */
static fc_intern *
two_areas(void)
{
    fc_intern *t = fc_intern_alloc();
    size_t i;
    fc_err err = {0};
    assert_non_null(t);
    assert_int_equal(fc_intern_add(t, "S12000033", &i, &err), FC_OK);
    assert_int_equal(i, 0);
    assert_int_equal(fc_intern_add(t, "S12000034", &i, &err), FC_OK);
    assert_int_equal(i, 1);
    return t;
}

/* A grid of single years 0..open-1 and the open group open+. */
static void
single_grid(int open, fc_ages *g)
{
    int lo[FC_AGE_MAX + 1], hi[FC_AGE_MAX + 1];
    fc_err err = {0};
    for (int x = 0; x <= open; x++)
        lo[x] = x, hi[x] = x < open ? x : FC_AGE_OPEN;
    assert_int_equal(fc_ages_from_bands(lo, hi, (size_t)open + 1, "grid", g, &err), FC_OK);
}

/* A grid of five-year groups 0-4.. and the open group open+ (open a multiple of 5). */
static void
five_grid(int open, fc_ages *g)
{
    int lo[FC_AGE_MAX + 1], hi[FC_AGE_MAX + 1];
    size_t n = 0;
    fc_err err = {0};
    for (int x = 0; x <= open; x += 5, n++)
        lo[n] = x, hi[n] = x < open ? x + 4 : FC_AGE_OPEN;
    assert_int_equal(fc_ages_from_bands(lo, hi, n, "grid", g, &err), FC_OK);
}

static const fc_rate_spec mort_spec = {"mx", NULL, 1, 0, 0, 0.0, 0, -1, 0, NULL};
static const fc_rate_spec fert_spec = {"asfr", NULL, 0, 0, 0, 0.0, 10, 54, 0, NULL};
static const fc_rate_spec mig_spec = {"net", NULL, 1, 0, 1, 0.0, 0, -1, 0, NULL};

/* Reads fixture rel with spec over two_areas(); fails the test unless it reads. */
static void
read_rates(const char *rel, const fc_rate_spec *spec, const fc_intern *areas, fc_ratein *r)
{
    fc_err err = {0};
    fc_status st = fc_ratein_read(fc_fixture(rel), spec, areas, r, NULL, &err);
    if (st != FC_OK)
        print_error("%s: %s\n", err.path, err.msg);
    assert_int_equal(st, FC_OK);
}

/* Expands rel onto g (year index 0) and checks the error. */
static void
check_expand_err(const char *rel, const fc_rate_spec *spec, const fc_ages *g, size_t nsex,
                 fc_expand_mode mode, const char *want)
{
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_err err = {0};
    double *out = calloc(2 * nsex * g->n, sizeof *out);
    assert_non_null(out);
    read_rates(rel, spec, areas, &r);
    assert_int_equal(fc_ratein_expand(&r, 0, g, 2, nsex, mode, out, &err), FC_EDATA);
    check_err(&err, FC_EDATA, rel, want);
    free(out);
    fc_ratein_fini(&r);
    fc_intern_free(areas);
}

/* ------------------------------------------------------------------------ age grids */

static void
test_fc_ages_from_bands(void **state)
{
    /* abridged bands in any order with repeats: 0, 1-4, 5-9, 10+ (width 0) */
    static const int lo[] = {5, 0, 10, 1, 0, 5}, hi[] = {9, 0, -1, 4, 0, 9};
    fc_ages g;
    fc_err err = {0};
    char lab[16];
    (void)state;
    assert_int_equal(fc_ages_from_bands(lo, hi, 6, "x.csv", &g, &err), FC_OK);
    assert_int_equal(g.n, 4);
    assert_int_equal(g.width, 0);
    assert_string_equal(fc_ages_label(&g, 0, lab), "0");
    assert_string_equal(fc_ages_label(&g, 1, lab), "1-4");
    assert_string_equal(fc_ages_label(&g, 3, lab), "10+");
    five_grid(100, &g);
    assert_int_equal(g.n, 21);
    assert_int_equal(g.width, 5);
    single_grid(90, &g);
    assert_int_equal(g.n, 91);
    assert_int_equal(g.width, 1);
}

static void
test_fc_ages_from_bands_errors(void **state)
{
    /* '2' starts inside '0-4': it used to be skipped silently (the walk only visits group
     * starts), leaving a band that fits no group */
    static const int lo1[] = {0, 5, 2}, hi1[] = {4, -1, 2};
    static const int lo2[] = {0, 3, 1}, hi2[] = {0, 3, -1};
    static const int lo3[] = {0, 0, 5}, hi3[] = {4, 3, -1};
    static const int lo4[] = {0, 3}, hi4[] = {1, -1};
    static const int lo5[] = {0}, hi5[] = {-1};
    fc_ages g;
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_ages_from_bands(lo1, hi1, 3, "x.csv", &g, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "x.csv: error: age bands '0-4' and '2' overlap");
    fc_err_clear(&err);
    assert_int_equal(fc_ages_from_bands(lo2, hi2, 3, "x.csv", &g, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "x.csv: error: age band '3' lies inside the open-ended group "
                               "'1+' (the open group must be last)");
    fc_err_clear(&err);
    assert_int_equal(fc_ages_from_bands(lo3, hi3, 3, "x.csv", &g, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "x.csv: error: age bands '0-4' and '0-3' overlap");
    fc_err_clear(&err);
    assert_int_equal(fc_ages_from_bands(lo4, hi4, 2, "x.csv", &g, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "x.csv: error: ages 2 to 2 are missing (a gap in the age bands)");
    fc_err_clear(&err);
    assert_int_equal(fc_ages_from_bands(lo5, hi5, 1, "x.csv", &g, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "x.csv: error: need at least two age groups");
}

/* ------------------------------------------------------------------------ base population */

static void
test_fc_popin_read_single(void **state)
{
    /* pop_single.csv: areas S12000033, S12000034; single years 0, 1, 2, 3+; year 2021; an
     * unknown 'area_name' column. pop is [area][sex][age]: S12000034 M 2 is index
     * (1*2+1)*4+2 = 14 -> 537.5; S12000033 F 3+ is index 3 -> 41250.75. */
    fc_popin p;
    fc_warnings w = {0};
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_popin_read(fc_fixture("pop_single.csv"), FC_NO_YEAR, &p, &w, &err),
                     FC_OK);
    assert_int_equal(p.year, 2021);
    assert_int_equal(fc_intern_count(p.areas), 2);
    assert_string_equal(fc_intern_name(p.areas, 1), "S12000034");
    assert_int_equal(p.ages.n, 4);
    assert_int_equal(p.ages.width, 1);
    assert_int_equal(p.ages.hi[3], FC_AGE_OPEN);
    assert_close(p.pop[14], 537.5, 0, 0);
    assert_close(p.pop[3], 41250.75, 0, 0);
    assert_close(p.pop[4], 1261.0, 0, 0); /* S12000033 M 0 */
    /* area_name, a descriptive column that published tables carry, is passed over quietly */
    assert_int_equal(w.n, 0);
    fc_warnings_fini(&w);
    fc_popin_fini(&p);
    fc_popin_fini(&p);
    /* the base year given agrees with the table's */
    assert_int_equal(fc_popin_read(fc_fixture("pop_single.csv"), 2021, &p, NULL, &err), FC_OK);
    assert_int_equal(p.year, 2021);
    fc_popin_fini(&p);
}

static void
test_fc_popin_read_five(void **state)
{
    /* pop_five.csv: one area, 0-4, 5-9, 10+, no year column: the year comes from the caller;
     * M 5-9 is index 1*3+1 = 4 -> 6301.75 */
    fc_popin p;
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_popin_read(fc_fixture("pop_five.csv"), 2019, &p, NULL, &err), FC_OK);
    assert_int_equal(p.year, 2019);
    assert_int_equal(p.ages.n, 3);
    assert_int_equal(p.ages.width, 5);
    assert_close(p.pop[4], 6301.75, 0, 0);
    assert_close(p.pop[2], 40210.0, 0, 0);
    fc_popin_fini(&p);
}

static void
test_fc_popin_read_base_year(void **state)
{
    fc_popin p;
    fc_err err = {0};
    (void)state;
    /* no year column and no base year */
    assert_int_equal(fc_popin_read(fc_fixture("pop_five.csv"), FC_NO_YEAR, &p, NULL, &err),
                     FC_EDATA);
    check_err(&err, FC_EDATA, "pop_five.csv", ": error: no 'year' column: give the base year "
                                              "with --base-year or in the scenario");
    assert_null(p.pop);
    assert_null(p.areas);
    /* a year column that disagrees with the base year: the first row is to blame */
    fc_err_clear(&err);
    assert_int_equal(fc_popin_read(fc_fixture("pop_single.csv"), 2020, &p, NULL, &err), FC_EDATA);
    check_err(&err, FC_EDATA, "pop_single.csv",
              ":2: error: year 2021 differs from the base year 2020");
    /* several years in one table */
    fc_err_clear(&err);
    assert_int_equal(fc_popin_read(fc_fixture("bad/pop_years.csv"), FC_NO_YEAR, &p, NULL, &err),
                     FC_EDATA);
    check_err(&err, FC_EDATA, "bad/pop_years.csv", ":5: error: year 2022 differs from the base "
                                                   "year 2021: a base population holds one year");
}

/* Reads bad/<name> as a population (base year 2021) and checks the error. */
static void
check_pop_bad(const char *rel, fc_status st, const char *want)
{
    fc_popin p;
    fc_err err = {0};
    assert_int_equal(fc_popin_read(fc_fixture(rel), 2021, &p, NULL, &err), st);
    check_err(&err, st, rel, want);
    assert_null(p.pop);
}

static void
test_fc_popin_read_errors(void **state)
{
    (void)state;
    check_pop_bad("bad/pop_duplicate.csv", FC_EDATA,
                  ":10: error: duplicate row for area 'S1', sex M, age '1' (first given on line "
                  "7)");
    check_pop_bad("bad/pop_gap.csv", FC_EDATA,
                  ": error: ages 3 to 4 are missing (a gap in the age bands)");
    /* '7' lies inside '5-9': before the fix this read an uninitialised group index */
    check_pop_bad("bad/pop_overlap.csv", FC_EDATA,
                  ":8: error: age band '7' overlaps '5-9' given on line 3");
    check_pop_bad("bad/pop_overlap_start.csv", FC_EDATA,
                  ":5: error: age band '0' overlaps '0-4' given on line 2");
    check_pop_bad("bad/pop_open_not_last.csv", FC_EDATA,
                  ":5: error: age band '3' lies inside the open-ended group '2+' given on line 4 "
                  "(the open group must be last)");
    check_pop_bad("bad/pop_negative.csv", FC_EDATA,
                  ":3:5: error: column 'population': '-3' is negative");
    check_pop_bad("bad/pop_missing_row.csv", FC_EDATA,
                  ": error: no row for area 'S1', sex M, age '2'");
    check_pop_bad("bad/pop_no_open.csv", FC_EDATA,
                  ": error: the ages stop at 3 without an open-ended group such as '4+'");
    check_pop_bad("bad/pop_irregular.csv", FC_EDATA,
                  ": error: a population must use single years of age (0, 1, ..., 90+) or "
                  "five-year groups (0-4, 5-9, ..., 100+)");
    check_pop_bad("bad/pop_star_area.csv", FC_EDATA,
                  ":3:1: error: column 'area': a population row needs an area code");
    check_pop_bad("bad/csv_empty.csv", FC_EDATA, ": error: empty file: expected a header row");
}

/* ------------------------------------------------------------------------ rate tables */

static void
test_fc_ratein_expand_specificity(void **state)
{
    /* rate_star.csv on single years 0, 1, 2, 3+:
     *   line 2  *,*,0-2   0.0137   (level 0)
     *   line 3  *,*,3+    0.2385   (level 0)
     *   line 4  *,M,0-2   0.0152   (level 1: beats line 2 for men)
     *   line 5  S12000034,*,1  0.0041  (level 2: beats lines 2 and 4 at age 1)
     *   line 6  S12000034,F,2  0.0029  (level 3)
     * The 0-2 bands each cover three groups and are replicated into them. */
    static const double want[2][2][4] = {
        {{0.0137, 0.0137, 0.0137, 0.2385}, {0.0152, 0.0152, 0.0152, 0.2385}},
        {{0.0137, 0.0041, 0.0029, 0.2385}, {0.0152, 0.0041, 0.0152, 0.2385}},
    };
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_ages g;
    fc_err err = {0};
    double out[16];
    size_t yi = 7;
    (void)state;
    single_grid(3, &g);
    read_rates("rate_star.csv", &mort_spec, areas, &r);
    assert_int_equal(r.nrow, 5);
    assert_int_equal(r.has_year, 0);
    assert_int_equal(fc_ratein_year_index(&r, 1900, &yi, &err), FC_OK);
    assert_int_equal(yi, 0);
    assert_int_equal(fc_ratein_expand(&r, 0, &g, 2, 2, FC_EXPAND_RATE, out, &err), FC_OK);
    for (size_t a = 0; a < 2; a++)
        for (size_t s = 0; s < 2; s++)
            for (size_t x = 0; x < 4; x++)
                assert_close(out[(a * 2 + s) * 4 + x], want[a][s][x], 0, 0);
    fc_ratein_fini(&r);
    fc_ratein_fini(&r);
    fc_intern_free(areas);
}

static void
test_fc_ratein_expand_overlap(void **state)
{
    /* S12000033 F: '0-2' (line 3) and '2-3' (line 4) share age 2 at equal specificity */
    fc_ages g;
    (void)state;
    single_grid(3, &g);
    check_expand_err("bad/rate_overlap.csv", &mort_spec, &g, 2, FC_EXPAND_RATE,
                     ":4: error: age band '2-3' overlaps '0-2' given on line 3 for the same area "
                     "and sex");
}

static void
test_fc_ratein_expand_band_splits_group(void **state)
{
    /* '0-6' (line 2) and '7+' (line 3) on 0-4, 5-9, 10+: 0-4 lies in 0-6, but 5-9 is split */
    fc_ages g;
    (void)state;
    five_grid(10, &g);
    check_expand_err("bad/rate_split.csv", &mort_spec, &g, 2, FC_EXPAND_RATE,
                     ":3: error: age bands '0-6' (line 2) and '7+' fall in one age group '5-9' "
                     "of the population: give one rate per group");
}

static void
test_fc_ratein_expand_band_over_groups(void **state)
{
    /* the same split table is fine on single years: 0-6 -> 0.0137 for 0..6, 7+ -> 0.0412 */
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_ages g;
    fc_err err = {0};
    double out[2 * 2 * 9];
    (void)state;
    single_grid(8, &g);
    read_rates("bad/rate_split.csv", &mort_spec, areas, &r);
    assert_int_equal(fc_ratein_expand(&r, 0, &g, 2, 2, FC_EXPAND_RATE, out, &err), FC_OK);
    assert_close(out[6], 0.0137, 0, 0);
    assert_close(out[7], 0.0412, 0, 0);
    assert_close(out[3 * 9 + 8], 0.0412, 0, 0);
    fc_ratein_fini(&r);
    fc_intern_free(areas);
}

static void
test_fc_ratein_expand_uncovered(void **state)
{
    fc_ages g;
    (void)state;
    single_grid(3, &g);
    check_expand_err("bad/rate_gap_age.csv", &mort_spec, &g, 2, FC_EXPAND_RATE,
                     ": error: no value for area 'S12000033', sex F, age '2': the table must "
                     "cover every area, sex and age of the population");
    check_expand_err("bad/rate_no_male.csv", &mort_spec, &g, 2, FC_EXPAND_RATE,
                     ": error: no value for area 'S12000033', sex M, age '0'");
    check_expand_err("bad/rate_one_area.csv", &mort_spec, &g, 2, FC_EXPAND_RATE,
                     ": error: no value for area 'S12000034', sex F, age '0'");
}

static void
test_fc_ratein_read_unknown_area(void **state)
{
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_err err = {0};
    (void)state;
    assert_int_equal(fc_ratein_read(fc_fixture("bad/rate_unknown_area.csv"), &mort_spec, areas,
                                    &r, NULL, &err),
                     FC_EDATA);
    check_err(&err, FC_EDATA, "bad/rate_unknown_area.csv",
              ":3:1: error: column 'area': area 'S99' is not in the base population");
    assert_null(r.row);
    fc_intern_free(areas);
}

static void
test_fc_ratein_read_age_limits(void **state)
{
    /* fertility ages are limited to 10..54, so an open band is refused */
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_err err = {0};
    const char *path = fc_tmpfile("fert_old.csv", "area,age,asfr\n*,15-19,0.0137\n*,50+,0.0002\n");
    char want[512];
    (void)state;
    assert_non_null(path);
    assert_int_equal(fc_ratein_read(path, &fert_spec, areas, &r, NULL, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:3:2: error: column 'age': age '50+' is outside 10..54 "
                                "allowed for 'asfr'", path);
    assert_err(&err, FC_EDATA, want);
    fc_intern_free(areas);
}

static void
test_fc_ratein_expand_rate0(void **state)
{
    /* fert.csv (no sex column): '*' 15-19 0.0137, '*' 20-24 0.0821, S12000034 20-24 0.0764, on
     * 0-4 .. 25-29, 30+: groups outside 15..24 are 0 */
    static const double want[2][7] = {{0, 0, 0, 0.0137, 0.0821, 0, 0},
                                      {0, 0, 0, 0.0137, 0.0764, 0, 0}};
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_ages g;
    fc_err err = {0};
    double out[14];
    (void)state;
    five_grid(30, &g);
    read_rates("fert.csv", &fert_spec, areas, &r);
    assert_int_equal(fc_ratein_expand(&r, 0, &g, 2, 1, FC_EXPAND_RATE0, out, &err), FC_OK);
    for (size_t a = 0; a < 2; a++)
        for (size_t x = 0; x < 7; x++)
            assert_close(out[a * 7 + x], want[a][x], 0, 0);
    fc_ratein_fini(&r);
    fc_intern_free(areas);
    /* a band covering part of a group */
    check_expand_err("bad/fert_partial.csv", &fert_spec, &g, 1, FC_EXPAND_RATE0,
                     ":2: error: age band '15-17' covers only part of the population's age "
                     "group '15-19'");
}

static void
test_fc_ratein_expand_count_bands(void **state)
{
    /* count_bands.csv on single years 0..24, 25+: '0-19' 4.0 -> 0.2 per year; '20-24' 10 -> 2
     * per year; '25+' 3.1 once; S12000034 M '20-24' -2.385 -> -0.477 per year. Each sex and
     * area keeps its total: 4 + 10 + 3.1 = 17.1 (S12000034 M: 4 - 2.385 + 3.1 = 4.715). */
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_ages g;
    fc_err err = {0};
    double out[2 * 2 * 26];
    (void)state;
    single_grid(25, &g);
    read_rates("count_bands.csv", &mig_spec, areas, &r);
    assert_int_equal(fc_ratein_expand(&r, 0, &g, 2, 2, FC_EXPAND_COUNT, out, &err), FC_OK);
    for (size_t k = 0; k < 4; k++) {
        double sum = 0;
        const double *o = out + k * 26;
        for (size_t x = 0; x < 26; x++)
            sum += o[x];
        assert_close(o[7], 0.2, 1e-15, 0);
        assert_close(o[25], 3.1, 0, 0);
        if (k == 3) { /* S12000034 M */
            assert_close(o[22], -0.477, 1e-14, 0);
            assert_close(sum, 4.715, 1e-14, 0);
        } else {
            assert_close(o[20], 2.0, 0, 0);
            assert_close(o[24], 2.0, 0, 0);
            assert_close(sum, 17.1, 1e-14, 0);
        }
    }
    fc_ratein_fini(&r);
    fc_intern_free(areas);
}

static void
test_fc_ratein_expand_count_single(void **state)
{
    /* count_single.csv: single years 0..9 and 10+, summed into 0-4, 5-9, 10+:
     *   0-4: 0.5 + 1.25 + 2.0 + 0.75 + 1.5 = 6.0;  5-9: 0.3 + 0.4 + 0.5 + 0.6 + 0.7 = 2.5;
     *   10+: 4.2 */
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_ages g;
    fc_err err = {0};
    double out[12];
    (void)state;
    five_grid(10, &g);
    read_rates("count_single.csv", &mig_spec, areas, &r);
    assert_int_equal(fc_ratein_expand(&r, 0, &g, 2, 2, FC_EXPAND_COUNT, out, &err), FC_OK);
    for (size_t k = 0; k < 4; k++) {
        assert_close(out[k * 3 + 0], 6.0, 1e-15, 0);
        assert_close(out[k * 3 + 1], 2.5, 1e-15, 0);
        assert_close(out[k * 3 + 2], 4.2, 0, 0);
    }
    fc_ratein_fini(&r);
    fc_intern_free(areas);
}

static void
test_fc_ratein_expand_count_open_below(void **state)
{
    /* '10+' (line 3) cannot be split over 10-14 and 15+ */
    fc_ages g;
    (void)state;
    five_grid(15, &g);
    check_expand_err("bad/count_open_below.csv", &mig_spec, &g, 2, FC_EXPAND_COUNT,
                     ":3: error: the open band '10+' starts below the population's open group "
                     "'15+': a count cannot be split over an open band");
}

static void
test_fc_ratein_year_index(void **state)
{
    /* rate_years.csv holds 2021 (lines 2-3) and 2019 (lines 4-5), sorted to 2019, 2021 */
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_ages g;
    fc_err err = {0};
    size_t yi = 7;
    double out[16];
    (void)state;
    single_grid(3, &g);
    read_rates("rate_years.csv", &mort_spec, areas, &r);
    assert_int_equal(r.has_year, 1);
    assert_int_equal(r.nyear, 2);
    assert_int_equal(r.years[0], 2019);
    assert_int_equal(fc_ratein_year_index(&r, 2019, &yi, &err), FC_OK);
    assert_int_equal(yi, 0);
    assert_int_equal(fc_ratein_year_index(&r, 2020, &yi, &err), FC_OK);
    assert_int_equal(yi, 0);
    assert_int_equal(fc_ratein_year_index(&r, 2021, &yi, &err), FC_OK);
    assert_int_equal(yi, 1);
    assert_int_equal(fc_ratein_year_index(&r, 2046, &yi, &err), FC_OK); /* carried forward */
    assert_int_equal(yi, 1);
    assert_int_equal(fc_ratein_expand(&r, 0, &g, 2, 2, FC_EXPAND_RATE, out, &err), FC_OK);
    assert_close(out[2], 0.0151, 0, 0);
    assert_close(out[15], 0.2512, 0, 0);
    assert_int_equal(fc_ratein_expand(&r, 1, &g, 2, 2, FC_EXPAND_RATE, out, &err), FC_OK);
    assert_close(out[2], 0.0137, 0, 0);
    assert_close(out[15], 0.2385, 0, 0);
    yi = 7;
    assert_int_equal(fc_ratein_year_index(&r, 2018, &yi, &err), FC_EDATA);
    check_err(&err, FC_EDATA, "rate_years.csv",
              ": error: rates start in 2019, after the year 2018 that they are needed for");
    assert_int_equal(yi, 7);
    fc_ratein_fini(&r);
    fc_intern_free(areas);
}

static void
test_fc_ratein_grid(void **state)
{
    fc_intern *areas = two_areas();
    fc_ratein r;
    fc_ages g;
    fc_err err = {0};
    (void)state;
    read_rates("rate_abridged.csv", &mort_spec, areas, &r);
    assert_int_equal(fc_ratein_grid(&r, &g, &err), FC_OK);
    assert_int_equal(g.n, 4);
    assert_int_equal(g.width, 0);
    assert_int_equal(g.lo[1], 1);
    assert_int_equal(g.hi[1], 4);
    fc_ratein_fini(&r);
    /* rate_star's '1' (S12000034) starts inside its '0-2' */
    read_rates("rate_star.csv", &mort_spec, areas, &r);
    assert_int_equal(fc_ratein_grid(&r, &g, &err), FC_EDATA);
    check_err(&err, FC_EDATA, "rate_star.csv", ": error: age bands '0-2' and '1' overlap");
    fc_ratein_fini(&r);
    fc_intern_free(areas);
}

/* ------------------------------------------------------------------------ control totals */

static void
test_fc_ctlin_read_kinds(void **state)
{
    /* grid 0, 1, 2, 3+; base 2021, horizon 2031, step 5: projected years 2026 and 2031 */
    fc_ctlin c;
    fc_ages g;
    fc_err err = {0};
    (void)state;
    single_grid(3, &g);
    /* totals only, given out of order */
    assert_int_equal(fc_ctlin_read(fc_fixture("ctl_total.csv"), &g, 2021, 2031, 5, &c, NULL,
                                   &err),
                     FC_OK);
    assert_int_equal(c.kind, 1);
    assert_int_equal(c.ncell, 1);
    assert_int_equal(c.nyear, 2);
    assert_int_equal(c.years[0], 2026);
    assert_int_equal(c.years[1], 2031);
    assert_close(c.value[0], 51230.5, 0, 0);
    assert_close(c.value[1], 52301.25, 0, 0);
    fc_ctlin_fini(&c);
    fc_ctlin_fini(&c);
    /* by sex, 2031 only: [F, M] */
    assert_int_equal(fc_ctlin_read(fc_fixture("ctl_sex.csv"), &g, 2021, 2031, 5, &c, NULL, &err),
                     FC_OK);
    assert_int_equal(c.kind, 2);
    assert_int_equal(c.nyear, 1);
    assert_int_equal(c.years[0], 2031);
    assert_close(c.value[0], 26650.75, 0, 0);
    assert_close(c.value[1], 25650.5, 0, 0);
    fc_ctlin_fini(&c);
    /* by sex and age, 2026: cell sex*4 + group; M '2' is cell 6 -> 1242.25 */
    assert_int_equal(fc_ctlin_read(fc_fixture("ctl_age.csv"), &g, 2021, 2031, 5, &c, NULL, &err),
                     FC_OK);
    assert_int_equal(c.kind, 3);
    assert_int_equal(c.ncell, 8);
    assert_int_equal(c.nyear, 1);
    assert_close(c.value[6], 1242.25, 0, 0);
    assert_close(c.value[3], 41300.75, 0, 0);
    fc_ctlin_fini(&c);
    assert_int_equal(err.status, FC_OK);
}

static void
check_ctl_bad(const char *rel, const char *want)
{
    fc_ctlin c;
    fc_ages g;
    fc_err err = {0};
    single_grid(3, &g);
    assert_int_equal(fc_ctlin_read(fc_fixture(rel), &g, 2021, 2031, 5, &c, NULL, &err), FC_EDATA);
    check_err(&err, FC_EDATA, rel, want);
    assert_null(c.value);
}

static void
test_fc_ctlin_read_errors(void **state)
{
    (void)state;
    check_ctl_bad("bad/ctl_incomplete.csv",
                  ": error: control totals for 2026 are incomplete: 1 of 2 sex/age cells given");
    check_ctl_bad("bad/ctl_not_projection_year.csv",
                  ":3:1: error: column 'year': 2028 is not a projected year (2026 to 2031 in "
                  "steps of 5 after the base year 2021)");
    check_ctl_bad("bad/ctl_duplicate.csv",
                  ":4: error: duplicate control total (first given on line 2)");
    check_ctl_bad("bad/ctl_age_not_group.csv",
                  ":2:3: error: column 'age': '0-4' is not an age group of the population");
    check_ctl_bad("bad/ctl_age_no_sex.csv",
                  ":1:2: error: control totals by age need a 'sex' column too");
}

/* ------------------------------------------------------------------------ interning */

static void
test_fc_intern_add_many(void **state)
{
    /* 5000 codes force several rehashes; indices stay dense and in order of first appearance */
    fc_intern *t = fc_intern_alloc();
    fc_err err = {0};
    char s[32];
    size_t i, k;
    (void)state;
    assert_non_null(t);
    assert_int_equal(fc_intern_find(t, "S12000033"), FC_INTERN_NONE);
    for (i = 0; i < 5000; i++) {
        snprintf(s, sizeof s, "E0%07zu", i * 7919 % 100003);
        assert_int_equal(fc_intern_add(t, s, &k, &err), FC_OK);
        assert_int_equal(k, i);
    }
    for (i = 0; i < 5000; i += 37) {
        snprintf(s, sizeof s, "E0%07zu", i * 7919 % 100003);
        assert_int_equal(fc_intern_find(t, s), i);
        assert_string_equal(fc_intern_name(t, i), s);
        assert_int_equal(fc_intern_add(t, s, &k, &err), FC_OK);
        assert_int_equal(k, i);
    }
    assert_int_equal(fc_intern_count(t), 5000);
    assert_int_equal(fc_intern_find(t, "E0"), FC_INTERN_NONE);
    assert_int_equal(fc_intern_find(t, ""), FC_INTERN_NONE);
    fc_intern_free(t);
    fc_intern_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fc_ages_from_bands),
        cmocka_unit_test(test_fc_ages_from_bands_errors),
        cmocka_unit_test(test_fc_popin_read_single),
        cmocka_unit_test(test_fc_popin_read_five),
        cmocka_unit_test(test_fc_popin_read_base_year),
        cmocka_unit_test(test_fc_popin_read_errors),
        cmocka_unit_test(test_fc_ratein_expand_specificity),
        cmocka_unit_test(test_fc_ratein_expand_overlap),
        cmocka_unit_test(test_fc_ratein_expand_band_splits_group),
        cmocka_unit_test(test_fc_ratein_expand_band_over_groups),
        cmocka_unit_test(test_fc_ratein_expand_uncovered),
        cmocka_unit_test(test_fc_ratein_read_unknown_area),
        cmocka_unit_test(test_fc_ratein_read_age_limits),
        cmocka_unit_test(test_fc_ratein_expand_rate0),
        cmocka_unit_test(test_fc_ratein_expand_count_bands),
        cmocka_unit_test(test_fc_ratein_expand_count_single),
        cmocka_unit_test(test_fc_ratein_expand_count_open_below),
        cmocka_unit_test(test_fc_ratein_year_index),
        cmocka_unit_test(test_fc_ratein_grid),
        cmocka_unit_test(test_fc_ctlin_read_kinds),
        cmocka_unit_test(test_fc_ctlin_read_errors),
        cmocka_unit_test(test_fc_intern_add_many),
    };
    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
