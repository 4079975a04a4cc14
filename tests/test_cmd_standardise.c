/* test_cmd_standardise.c: `fulcrum standardise` at the engine level: directly and indirectly
 * standardised rates on hand-derived cases (Dobson's method with Byar's limits, PHE's
 * formulas), exact limits against the published table of Poisson limits, persons rows
 * (age-sex standardised), counts for persons only, reference tables, invariants, and every
 * bad input as a located error. */
#include "engine/standardise/standardise.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "tests/test_util.h"

static int
setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* Writes text to a fresh temporary file; returns a path that stays valid (static pool). */
static const char *
tmp(const char *name, const char *text)
{
    static char pool[64][512];
    static int n;
    char *b = pool[n++ % 64];
    snprintf(b, sizeof pool[0], "%s", fc_tmpfile(name, text));
    return b;
}

/* z for 95% and 99.8% two-sided: the 97.5th and 99.9th percentiles of the standard normal. */
#define Z95 1.959963984540054
#define Z998 3.090232306167813

/* Byar's limits for an observed count o (PHE Technical Guide: Confidence Intervals, App. 1):
 *   lower = o (1 - 1/(9 o) - z / (3 sqrt o))^3,
 *   upper = (o + 1) (1 - 1/(9 (o + 1)) + z / (3 sqrt(o + 1)))^3 */
static void
byar(double o, double z, double *lo, double *hi)
{
    double a = 1.0 - 1.0 / (9.0 * o) - z / (3.0 * sqrt(o));
    double b = 1.0 - 1.0 / (9.0 * (o + 1.0)) + z / (3.0 * sqrt(o + 1.0));
    *lo = o * a * a * a;
    *hi = (o + 1.0) * b * b * b;
}

/* Standard: 0-39 50000, 40-64 30000, 65+ 20000 (total 100,000). */
static const char *STD = "age,population\n0-39,50000\n40-64,30000\n65+,20000\n";

/* Area A: females in bands 0-19/20-39 (2500 + 3500 = 6000), 40-64 5000, 65-84/85+
 * (2200 + 300 = 2500); males 0-19/20-39 (3000 + 3200 = 6200), 40-64 4800, 65-84/85+
 * (1800 + 200 = 2000). Area B in the standard's bands: F 4000, 5000, 1000; M 4000, 4000, 1000.
 * Area C has no counts: it is ignored. */
static const char *POP =
    "area,sex,age,population\n"
    "A,F,0-19,2500\nA,F,20-39,3500\nA,F,40-64,5000\nA,F,65-84,2200\nA,F,85+,300\n"
    "A,M,0-19,3000\nA,M,20-39,3200\nA,M,40-64,4800\nA,M,65-84,1800\nA,M,85+,200\n"
    "B,F,0-39,4000\nB,F,40-64,5000\nB,F,65+,1000\nB,M,0-39,4000\nB,M,40-64,4000\nB,M,65+,1000\n"
    "C,F,0+,10\nC,M,0+,10\n";

/* Counts, measure 'adm': A F 12, 30, 45 (the first band as 0-19 and 20-39: 5 + 7); A M 8, 25,
 * 30; B F 4, 20, 15; B M none (absent rows: no events). */
static const char *CNT = "area,measure,sex,age,count\n"
                         "A,adm,F,0-19,5\nA,adm,F,20-39,7\nA,adm,F,40-64,30\nA,adm,F,65+,45\n"
                         "A,adm,M,0-39,8\nA,adm,M,40-64,25\nA,adm,M,65-74,20\nA,adm,M,75+,10\n"
                         "B,adm,F,0-39,4\nB,adm,F,40-64,20\nB,adm,F,65+,15\n";

static fc_status
compute(fc_stdz_spec *sp, fc_stdz_result *res, fc_err *err)
{
    fc_warnings warn = {0};
    fc_status st = fc_stdz_compute(sp, NULL, res, &warn, err);
    fc_warnings_fini(&warn);
    return st;
}

static const fc_stdz_row *
find(const fc_stdz_result *res, const char *area, int sex)
{
    for (size_t i = 0; i < res->nrow; i++)
        if (res->row[i].sex == sex &&
            strcmp(fc_intern_name(res->areas, res->row[i].area), area) == 0)
            return &res->row[i];
    fail_msg("no row for area '%s', sex %d", area, sex);
    return NULL;
}

static void
spec3(fc_stdz_spec *sp, const char *cnt, const char *pop, const char *std)
{
    fc_stdz_spec_init(sp);
    sp->counts = tmp("cnt.csv", cnt);
    sp->population = tmp("pop.csv", pop);
    sp->standard = tmp("std.csv", std);
}

/* A, females: rates 12/6000 = 0.002, 30/5000 = 0.006, 45/2500 = 0.018;
 *   DSR = 1e5 (50000 x 0.002 + 30000 x 0.006 + 20000 x 0.018) / 1e5 = 100 + 180 + 360 = 640
 *   var = 1e10 (50000^2 12/6000^2 + 30000^2 30/5000^2 + 20000^2 45/2500^2) / 1e10
 *       = 833.3333... + 1080 + 2880 = 4793.3333...;  O = 87
 *   limits = 640 + sqrt(var / 87) (O_lim - 87), O_lim Byar's limits of 87 (Dobson et al. 1991)
 *   crude = 1e5 x 87 / 13500 = 644.444...
 * B, females: DSR = 50000 x 0.001 + 30000 x 0.004 + 20000 x 0.015 = 50 + 120 + 300 = 470.
 * Reference (all areas): 0-39 (12 + 4) / 10000 = 0.0016, 40-64 50 / 10000 = 0.005,
 *   65+ 60 / 3500; E_A = 9.6 + 25 + 2500 x 60/3500 = 77.457142857..., SMR_A = 87 / E_A;
 *   E_B = 6.4 + 25 + 1000 x 60/3500 = 48.542857..., and E_A + E_B = 126 = O_A + O_B. */
static void
test_stdz_dsr_smr_hand(void **state)
{
    (void)state;
    fc_stdz_spec sp;
    fc_stdz_result res;
    fc_err err;
    double lo, hi;
    fc_err_clear(&err);
    spec3(&sp, CNT, POP, STD);
    assert_int_equal(compute(&sp, &res, &err), FC_OK);
    /* rows A F, M, P and B F, M, P (B's male counts are absent: zero events) */
    const fc_stdz_row *af = find(&res, "A", 0), *bf = find(&res, "B", 0);
    assert_non_null(af);
    assert_non_null(bf);
    assert_close(af->observed, 87.0, 0, 0);
    assert_close(af->population, 13500.0, 0, 0);
    assert_close(af->crude, 1e5 * 87.0 / 13500.0, 1e-14, 0);
    assert_close(af->dsr, 640.0, 1e-13, 0);
    double var = 2.5e9 * 12.0 / 3.6e7 + 9e8 * 30.0 / 2.5e7 + 4e8 * 45.0 / 6.25e6, k;
    k = sqrt(var / 87.0);
    byar(87.0, Z95, &lo, &hi);
    assert_close(af->lo95, 640.0 + k * (lo - 87.0), 1e-12, 0);
    assert_close(af->hi95, 640.0 + k * (hi - 87.0), 1e-12, 0);
    byar(87.0, Z998, &lo, &hi);
    assert_close(af->lo998, 640.0 + k * (lo - 87.0), 1e-12, 0);
    assert_close(af->hi998, 640.0 + k * (hi - 87.0), 1e-12, 0);
    assert_int_equal(af->dsr_note, FC_STDZ_NOTE_NONE);
    assert_close(bf->dsr, 470.0, 1e-13, 0);

    double ea = 9.6 + 25.0 + 2500.0 * 60.0 / 3500.0, eb = 6.4 + 25.0 + 1000.0 * 60.0 / 3500.0;
    assert_close(af->expected, ea, 1e-14, 0);
    assert_close(bf->expected, eb, 1e-14, 0);
    assert_close(af->expected + bf->expected, 126.0, 1e-14, 0);
    assert_close(af->smr, 87.0 / ea, 1e-14, 0);
    byar(87.0, Z95, &lo, &hi); /* PHE: Byar's from 10 events */
    assert_false(af->smr_exact);
    assert_close(af->slo95, lo / ea, 1e-12, 0);
    assert_close(af->shi95, hi / ea, 1e-12, 0);
    byar(39.0, Z998, &lo, &hi);
    assert_close(bf->slo998, lo / eb, 1e-12, 0);
    assert_close(bf->shi998, hi / eb, 1e-12, 0);
    fc_stdz_result_fini(&res);
}

/* Males of A: 8/6200, 25/4800, 30/2000 (65-74 and 75+ counts summed into 65+);
 *   DSR_M = 50000 x 8/6200 + 30000 x 25/4800 + 20000 x 30/2000 = 64.516... + 156.25 + 300
 * Persons (age-sex standardised, the standard's weights for each sex, total 200,000):
 *   DSR_P = (640 + DSR_M) / 2; var_P = (var_F + var_M) / 4, var_M = 2.5e9 8/6200^2 +
 *   9e8 25/4800^2 + 4e8 30/2000^2; O = 150. B has no male counts: its males are zero events
 *   (a row for B M and B P, with 0 observed; B P has 39 events). */
static void
test_stdz_persons_age_sex(void **state)
{
    (void)state;
    fc_stdz_spec sp;
    fc_stdz_result res;
    fc_err err;
    double lo, hi;
    fc_err_clear(&err);
    spec3(&sp, CNT, POP, STD);
    assert_int_equal(compute(&sp, &res, &err), FC_OK);
    assert_int_equal(res.nrow, 6); /* A F M P, B F M P */
    const fc_stdz_row *am = find(&res, "A", 1), *ap = find(&res, "A", 2), *bm = find(&res, "B", 1);
    double dm = 50000.0 * 8.0 / 6200.0 + 30000.0 * 25.0 / 4800.0 + 20000.0 * 30.0 / 2000.0;
    assert_close(am->dsr, dm, 1e-13, 0);
    assert_close(ap->dsr, (640.0 + dm) / 2.0, 1e-13, 0);
    double vf = 2.5e9 * 12.0 / 3.6e7 + 9e8 * 30.0 / 2.5e7 + 4e8 * 45.0 / 6.25e6;
    double vm = 2.5e9 * 8.0 / (6200.0 * 6200.0) + 9e8 * 25.0 / (4800.0 * 4800.0) + 4e8 * 30.0 / 4e6;
    double k = sqrt((vf + vm) / 4.0 / 150.0);
    byar(150.0, Z95, &lo, &hi);
    assert_close(ap->observed, 150.0, 0, 0);
    assert_close(ap->population, 13500.0 + 13000.0, 0, 0);
    assert_close(ap->lo95, ap->dsr + k * (lo - 150.0), 1e-12, 0);
    assert_close(ap->hi95, ap->dsr + k * (hi - 150.0), 1e-12, 0);
    /* B males: no events, so no DSR (fewer than 10) but a ratio of 0 with an exact upper limit
     * -ln(0.025) = 3.6889 events (published tables: 3.689) over E */
    assert_close(bm->observed, 0.0, 0, 0);
    assert_true(isnan(bm->dsr));
    assert_int_equal(bm->dsr_note, FC_STDZ_NOTE_FEW);
    assert_true(bm->smr_exact);
    assert_close(bm->smr, 0.0, 0, 0);
    assert_close(bm->slo95, 0.0, 0, 0);
    assert_close(bm->shi95 * bm->expected, -log(0.025), 1e-9, 0);
    /* the ratios' expected events sum to the observed events over the areas, for each sex */
    assert_close(am->expected + bm->expected, 63.0, 1e-13, 0);
    fc_stdz_result_fini(&res);

    /* a standard by sex: females 50000/30000/20000, males 40000/40000/20000;
     * DSR_M = 40000 x 8/6200 + 40000 x 25/4800 + 20000 x 30/2000 (per 100,000 men), and
     * DSR_P = 1e5 (640 + DSR_M) / 2e5 */
    sp.standard = tmp("std2.csv", "age,sex,population\n0-39,F,50000\n40-64,F,30000\n65+,F,20000\n"
                                  "0-39,M,40000\n40-64,M,40000\n65+,M,20000\n");
    assert_int_equal(compute(&sp, &res, &err), FC_OK);
    dm = 40000.0 * 8.0 / 6200.0 + 40000.0 * 25.0 / 4800.0 + 20000.0 * 30.0 / 2000.0;
    assert_close(find(&res, "A", 0)->dsr, 640.0, 1e-13, 0);
    assert_close(find(&res, "A", 1)->dsr, dm, 1e-13, 0);
    assert_close(find(&res, "A", 2)->dsr, (640.0 + dm) / 2.0, 1e-13, 0);
    fc_stdz_result_fini(&res);
}

/* Exact limits against the published table of 95% Poisson limits (e.g. Documenta Geigy;
 * Daly 1992, Table 2): 5 events 1.6235 to 11.668, 3 events 0.6187 to 8.7673. With reference
 * rates of 0.001 a person-year and 2000 person-years, E = 2. */
static void
test_stdz_exact_small_counts(void **state)
{
    (void)state;
    fc_stdz_spec sp;
    fc_stdz_result res;
    fc_err err;
    fc_err_clear(&err);
    spec3(&sp, "area,sex,age,count\nA,F,0-39,2\nA,F,65+,3\nB,F,40-64,3\n",
          "area,sex,age,population\nA,F,0+,2000\nB,F,0-64,1500\nB,F,65+,500\n",
          "age,population\n0-39,1\n40-64,1\n65+,1\n");
    sp.reference = tmp("ref.csv", "sex,age,rate\n*,0+,0.001\n");
    assert_int_equal(compute(&sp, &res, &err), FC_EDATA);
    /* A's population band 0+ spans the standard's bands */
    assert_non_null(strstr(err.msg, "population age band '0+' does not lie inside"));
    fc_err_clear(&err);
    spec3(&sp, "area,sex,age,count\nA,F,0-39,2\nA,F,65+,3\nB,F,40-64,3\n",
          "area,sex,age,population\nA,F,0-39,800\nA,F,40-64,700\nA,F,65+,500\n"
          "A,M,0-39,1\nA,M,40-64,1\nA,M,65+,1\n"
          "B,F,0-39,1000\nB,F,40-64,500\nB,F,65+,500\nB,M,0-39,1\nB,M,40-64,1\nB,M,65+,1\n",
          "age,population\n0-39,1\n40-64,1\n65+,1\n");
    sp.reference = tmp("ref.csv", "sex,age,rate\n*,0+,0.001\n");
    assert_int_equal(compute(&sp, &res, &err), FC_OK);
    const fc_stdz_row *a = find(&res, "A", 0), *b = find(&res, "B", 0);
    assert_close(a->expected, 2.0, 1e-15, 0);
    assert_true(a->smr_exact);
    assert_close(a->smr, 2.5, 1e-15, 0);
    assert_close(a->slo95, 1.6235 / 2.0, 1e-4, 0);
    assert_close(a->shi95, 11.668 / 2.0, 1e-4, 0);
    assert_close(b->slo95, 0.6187 / 2.0, 1e-4, 0);
    assert_close(b->shi95, 8.7673 / 2.0, 1e-4, 0);
    assert_true(isnan(a->dsr) && a->dsr_note == FC_STDZ_NOTE_FEW);
    assert_close(a->crude, 1e5 * 5.0 / 2000.0, 1e-14, 0);
    fc_stdz_result_fini(&res);

    /* --method byar: Byar's limits even below 10 events; --min-count 1: the DSR is given */
    sp.method = FC_STDZ_BYAR;
    sp.min_count = 1;
    assert_int_equal(compute(&sp, &res, &err), FC_OK);
    a = find(&res, "A", 0);
    double lo, hi;
    byar(5.0, Z95, &lo, &hi);
    assert_false(a->smr_exact);
    assert_close(a->slo95, lo / 2.0, 1e-13, 0);
    assert_close(a->shi95, hi / 2.0, 1e-13, 0);
    /* DSR with equal weights: 1e5 (2/800 + 0 + 3/500) / 3 */
    assert_close(a->dsr, 1e5 * (2.0 / 800.0 + 3.0 / 500.0) / 3.0, 1e-13, 0);
    fc_stdz_result_fini(&res);

    /* --method exact: exact limits for the DSR too (Dobson with exact Poisson limits) */
    sp.method = FC_STDZ_EXACT;
    assert_int_equal(compute(&sp, &res, &err), FC_OK);
    a = find(&res, "A", 0);
    double v = 1e10 * (2.0 / 640000.0 + 3.0 / 250000.0) / 9.0, k = sqrt(v / 5.0);
    assert_close(a->lo95, a->dsr + k * (1.6235 - 5.0), 1e-4, 0);
    assert_close(a->hi95, a->dsr + k * (11.668 - 5.0), 1e-4, 0);
    fc_stdz_result_fini(&res);
}

/* Counts for persons only (sex P or *): the population of both sexes in each band, and the
 * standard's weights by sex summed (25 + 35 = 60 for 0-49, 15 + 25 = 40 for 50+). */
static void
test_stdz_persons_counts_and_reference_table(void **state)
{
    (void)state;
    fc_stdz_spec sp;
    fc_stdz_result res;
    fc_err err;
    fc_err_clear(&err);
    spec3(&sp, "area,measure,sex,age,count\nA,x,P,0-49,4\nA,x,*,50+,16\n",
          "area,sex,age,population\nA,F,0-49,2000\nA,M,0-49,3000\nA,F,50+,1000\nA,M,50+,1000\n",
          "age,sex,population\n0-49,F,25\n0-49,M,35\n50+,F,15\n50+,M,25\n");
    /* female rates overriding '*' for 50+; reference by sex: E = 2000 x 0.001 + 3000 x 0.001
     * + 1000 x 0.01 + 1000 x 0.006 = 2 + 3 + 10 + 6 = 21 */
    sp.reference = tmp("ref.csv", "measure,sex,age,rate\nx,*,0-49,0.001\nx,*,50+,0.006\n"
                                  "x,F,50+,0.01\nother,*,0+,5\n");
    assert_int_equal(compute(&sp, &res, &err), FC_OK);
    assert_int_equal(res.nrow, 1);
    const fc_stdz_row *p = &res.row[0];
    assert_int_equal(p->sex, 2);
    assert_close(p->observed, 20.0, 0, 0);
    assert_close(p->population, 7000.0, 0, 0);
    /* weights 60 and 40: 1e5 (60 x 4/5000 + 40 x 16/2000) / 100 = 48 + 320 */
    assert_close(p->dsr, 368.0, 1e-13, 0);
    assert_close(p->expected, 21.0, 1e-14, 0);
    assert_close(p->smr, 20.0 / 21.0, 1e-14, 0);
    fc_stdz_result_fini(&res);

    /* female counts only, two years, a population without years (used for both) and
     * reference rates by year (the last year at or before each: 2020 for 2021, 2022 for
     * 2022); no male rates are needed. E_2021 = 1500 x 0.01; E_2022 = 1000 x 0.02 + 500 x 0.01 */
    spec3(&sp, "area,year,sex,age,count\nA,2021,F,0-39,12\nA,2022,F,0-39,14\nA,2022,F,40+,3\n",
          "area,sex,age,population\nA,F,0-39,1000\nA,F,40+,500\n",
          "age,population\n0-39,1\n40+,1\n");
    sp.reference = tmp("ref.csv", "year,sex,age,rate\n2020,*,0+,0.01\n2022,F,0-39,0.02\n"
                                  "2022,F,40+,0.01\n2023,F,0+,9\n");
    assert_int_equal(compute(&sp, &res, &err), FC_OK);
    assert_int_equal(res.nrow, 2);
    assert_int_equal(res.row[0].year, 2021);
    assert_int_equal(res.row[1].year, 2022);
    assert_close(res.row[0].expected, 15.0, 1e-14, 0);
    assert_close(res.row[1].expected, 25.0, 1e-14, 0);
    assert_close(res.row[1].crude, 1e5 * 17.0 / 1500.0, 1e-14, 0);
    fc_stdz_result_fini(&res);
    sp.reference = tmp("ref.csv", "year,sex,age,rate\n2022,*,0+,0.01\n");
    assert_int_equal(compute(&sp, &res, &err), FC_EDATA);
    assert_non_null(strstr(err.msg, "the reference rates start after 2021"));
}

/* Invariant: with counts equal to person-years x one rate per band in every area, each ratio
 * is 1 and each DSR is per x sum(w r) / sum(w) whatever the area's age structure. */
static void
test_stdz_invariants(void **state)
{
    (void)state;
    fc_stdz_spec sp;
    fc_stdz_result res;
    fc_err err;
    fc_err_clear(&err);
    /* rates 0.0137, 0.0521, 0.2385 by band; standard 60/30/10 */
    spec3(&sp,
          "area,year,sex,age,count\n"
          "A,2021,F,0-39,13.7\nA,2021,F,40-64,104.2\nA,2021,F,65+,119.25\n"
          "B,2021,F,0-39,41.1\nB,2021,F,40-64,26.05\nB,2021,F,65+,477\n",
          "area,year,sex,age,population\n"
          "A,2021,F,0-39,1000\nA,2021,F,40-64,2000\nA,2021,F,65+,500\n"
          "A,2021,M,0-39,1\nA,2021,M,40-64,1\nA,2021,M,65+,1\n"
          "B,2021,F,0-39,3000\nB,2021,F,40-64,500\nB,2021,F,65+,2000\n"
          "B,2021,M,0-39,1\nB,2021,M,40-64,1\nB,2021,M,65+,1\n"
          "A,2022,F,0+,1\nA,2022,M,0+,1\n",
          "age,population\n0-39,60\n40-64,30\n65+,10\n");
    assert_int_equal(compute(&sp, &res, &err), FC_OK);
    assert_int_equal(res.nrow, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(res.row[i].year, 2021);
        assert_close(res.row[i].smr, 1.0, 1e-14, 0);
        assert_close(res.row[i].dsr, 1e5 * (60 * 0.0137 + 30 * 0.0521 + 10 * 0.2385) / 100.0, 1e-13,
                     0);
        assert_true(res.row[i].lo95 < res.row[i].dsr && res.row[i].dsr < res.row[i].hi95);
        assert_true(res.row[i].lo998 < res.row[i].lo95 && res.row[i].hi95 < res.row[i].hi998);
    }
    fc_stdz_result_fini(&res);
}

/* expect a located error: status, "path:line:" prefix (line 0: "path:") and a message part */
static void
bad(fc_stdz_spec *sp, fc_status want_st, const char *file, size_t line, const char *part)
{
    fc_stdz_result res;
    fc_err err;
    char want[700], got[900];
    fc_err_clear(&err);
    assert_int_equal(compute(sp, &res, &err), want_st);
    assert_int_equal(res.nrow, 0);
    if (file && line)
        snprintf(want, sizeof want, "%s:%zu:", file, line);
    else if (file)
        snprintf(want, sizeof want, "%s:", file);
    if (file)
        assert_err(&err, want_st, want);
    fc_format_err(&err, got, sizeof got);
    if (!strstr(got, part))
        fail_msg("'%s' lacks '%s'", got, part);
}

static void
test_stdz_bad_inputs(void **state)
{
    (void)state;
    fc_stdz_spec sp;

    /* a count band across the standard's bands; an age outside the standard */
    spec3(&sp, "area,sex,age,count\nA,F,30-49,3\n", POP, STD);
    bad(&sp, FC_EDATA, sp.counts, 2,
        "column 'age': age band '30-49' does not lie inside one of "
        "the standard's bands ('0-39', ... '65+')");
    spec3(&sp, "area,sex,age,count\nA,F,20-39,3\n", POP,
          "age,population\n40-64,30000\n65+,20000\n");
    bad(&sp, FC_EDATA, sp.counts, 2, "age '20-39' is outside the standard population's ages");
    /* a negative count; events without a population at risk */
    spec3(&sp, "area,sex,age,count\nA,F,0-39,-3\n", POP, STD);
    bad(&sp, FC_EDATA, sp.counts, 2, "column 'count': '-3' is negative");
    spec3(&sp, "area,sex,age,count\nA,F,0-39,0\nA,F,65+,2\n",
          "area,sex,age,population\nA,F,0-39,10\nA,F,40-64,10\nA,F,65+,0\n"
          "A,M,0-39,10\nA,M,40-64,10\nA,M,65+,0\n",
          STD);
    bad(&sp, FC_EDATA, sp.counts, 3,
        "2 events but no population at risk (area 'A', sex F, the "
        "standard's band '65+')");
    /* duplicate and overlapping counts; persons mixed with sexes */
    spec3(&sp, "area,sex,age,count\nA,F,0-39,1\nA,M,0-39,1\nA,F,0-39,2\n", POP, STD);
    bad(&sp, FC_EDATA, sp.counts, 4,
        "duplicate row for area 'A', measure 'all', sex F, age "
        "'0-39' (first given on line 2)");
    spec3(&sp, "area,sex,age,count\nA,F,0-19,1\nA,F,10-39,2\n", POP, STD);
    bad(&sp, FC_EDATA, sp.counts, 3, "age band '10-39' overlaps '0-19' (lines 2 and 3)");
    spec3(&sp, "area,sex,age,count\nA,F,0-39,1\nA,P,40-64,2\n", POP, STD);
    bad(&sp, FC_EDATA, sp.counts, 3,
        "measure 'all' has counts for persons ('P' or '*') and by "
        "sex (line 2)");
    /* the population: a gap, an overlap, no open group, an area missing, a band across */
    spec3(&sp, CNT,
          "area,sex,age,population\nA,F,0-39,1\nA,F,65+,1\nA,M,0-39,1\n"
          "A,M,40-64,1\nA,M,65+,1\n",
          STD);
    bad(&sp, FC_EDATA, sp.population, 0,
        "the population has no row for area 'A', sex F, ages "
        "40-64");
    spec3(&sp, "area,sex,age,count\nA,F,0-39,1\n",
          "area,sex,age,population\nA,F,0-39,1\nA,F,40-64,1\nA,F,60+,1\n"
          "A,M,0-39,1\nA,M,40-64,1\nA,M,65+,1\n",
          STD);
    bad(&sp, FC_EDATA, sp.population, 0, "population age band '60+' does not lie inside");
    spec3(&sp, "area,sex,age,count\nA,F,0-39,1\n",
          "area,sex,age,population\nA,F,0-39,1\nA,F,40-64,1\nA,F,65-69,1\nA,F,67-70,1\n"
          "A,F,71+,1\nA,M,0-39,1\nA,M,40-64,1\nA,M,65+,1\n",
          STD);
    bad(&sp, FC_EDATA, sp.population, 5,
        "area 'A', sex F: age band '67-70' overlaps '65-69' "
        "(lines 4 and 5)");
    spec3(&sp, "area,sex,age,count\nA,F,0-39,1\n",
          "area,sex,age,population\nA,F,0-39,1\nA,F,40-64,1\nA,F,65-100,1\n"
          "A,M,0-39,1\nA,M,40-64,1\nA,M,65+,1\n",
          STD);
    bad(&sp, FC_EDATA, sp.population, 0,
        "stops at age 100, but the standard's last band '65+' "
        "is open-ended");
    spec3(&sp, "area,sex,age,count\nA,F,0-39,1\nZ,F,0-39,1\n",
          "area,sex,age,population\nA,F,0+,1\nA,M,0+,1\n", "age,population\n0+,1\n");
    bad(&sp, FC_EDATA, sp.population, 0, "the population has no rows for area 'Z', sex F");
    /* years and variants that must be chosen */
    spec3(&sp, "area,sex,age,count\nA,F,0+,1\n",
          "area,year,sex,age,population\nA,2020,F,0+,1\nA,2020,M,0+,1\nA,2021,F,0+,1\n"
          "A,2021,M,0+,1\n",
          "age,population\n0+,1\n");
    bad(&sp, FC_EUSAGE, sp.population, 0,
        "holds the years 2020 to 2021 and the counts have no "
        "year column");
    sp.year = 2025;
    bad(&sp, FC_EDATA, sp.population, 0,
        "the population has no year 2025 for the counts' areas (its years are 2020 to 2021)");
    sp.year = 2021; /* chosen: fine */
    {
        fc_stdz_result res;
        fc_err err;
        fc_err_clear(&err);
        assert_int_equal(compute(&sp, &res, &err), FC_OK);
        assert_int_equal(res.row[0].year, 2021);
        fc_stdz_result_fini(&res);
    }
    spec3(&sp, "area,sex,age,count\nA,F,0+,1\n",
          "area,variant,sex,age,population\nA,hi,F,0+,1\nA,hi,M,0+,1\nA,lo,F,0+,1\nA,lo,M,0+,1\n",
          "age,population\n0+,1\n");
    bad(&sp, FC_EUSAGE, sp.population, 0, "the population holds 2 variants ('hi', 'lo', ...)");
    sp.variant = "mid";
    bad(&sp, FC_EDATA, sp.population, 0, "the population has no variant 'mid'");
    /* the standard: a gap, an overlap, a sex missing, zero */
    spec3(&sp, CNT, POP, "age,population\n0-39,1\n45-64,1\n65+,1\n");
    bad(&sp, FC_EDATA, sp.standard, 3, "the standard has no band for ages 40-44");
    spec3(&sp, CNT, POP, "age,population\n0-39,1\n30-64,1\n65+,1\n");
    bad(&sp, FC_EDATA, sp.standard, 3, "age band '30-64' overlaps '0-39'");
    spec3(&sp, CNT, POP, "age,sex,population\n0-39,F,1\n0-39,M,1\n40+,F,1\n");
    bad(&sp, FC_EDATA, sp.standard, 0, "no standard population for sex M, age '40+'");
    spec3(&sp, CNT, POP, "age,sex,population\n0-39,*,1\n0-39,M,1\n40+,*,1\n");
    bad(&sp, FC_EDATA, sp.standard, 3,
        "the standard population for sex M, age '0-39' is "
        "already given on line 2");
    spec3(&sp, CNT, POP, "age,population\n0-39,0\n40+,0\n");
    bad(&sp, FC_EDATA, sp.standard, 0, "the standard population is zero");
    /* the reference: a band that splits the standard's, a band missing */
    spec3(&sp, CNT, POP, STD);
    sp.reference = tmp("ref.csv", "sex,age,rate\n*,0-49,0.1\n*,50+,0.2\n");
    bad(&sp, FC_EDATA, sp.reference, 2, "age band '0-49' splits the standard's band '40-64'");
    sp.reference = tmp("ref.csv", "sex,age,rate\n*,0-64,0.1\nF,65+,0.2\n");
    bad(&sp, FC_EDATA, sp.reference, 0,
        "no reference rate for measure 'adm', sex M, the "
        "standard's band '65+'");
    sp.reference = tmp("ref.csv", "sex,age,rate\n*,0-64,0.1\n*,65+,0.2\nM,65+,0.2\nM,65+,1\n");
    bad(&sp, FC_EDATA, sp.reference, 5, "age band '65+' overlaps '65+' given on line 4");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stdz_dsr_smr_hand),
        cmocka_unit_test(test_stdz_persons_age_sex),
        cmocka_unit_test(test_stdz_exact_small_counts),
        cmocka_unit_test(test_stdz_persons_counts_and_reference_table),
        cmocka_unit_test(test_stdz_invariants),
        cmocka_unit_test(test_stdz_bad_inputs),
    };
    return cmocka_run_group_tests_name("cmd_standardise", tests, setup, NULL);
}
