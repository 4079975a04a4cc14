/* test_cmd_activity.c: the need and activity jobs at the engine level: the projection reader,
 * rate resolution with population-weighted bands, growth, shifts, capacity, the health-status
 * adjustment and the decomposition on hand-derived cases, invariants, and located errors. */
#include "engine/activity/activity.h"

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

/* One area A, single years 0, 1, 2+, years 2020-2022; 2021 is 1.1 x 2020, 2022 is 1.2 x. */
static const char *P1 =
    "area,year,sex,age,population\n"
    "A,2020,F,0,100\nA,2020,F,1,200\nA,2020,F,2+,50\n"
    "A,2020,M,0,80\nA,2020,M,1,150\nA,2020,M,2+,40\n"
    "A,2021,F,0,110\nA,2021,F,1,220\nA,2021,F,2+,55\n"
    "A,2021,M,0,88\nA,2021,M,1,165\nA,2021,M,2+,44\n"
    "A,2022,F,0,120\nA,2022,F,1,240\nA,2022,F,2+,60\n"
    "A,2022,M,0,96\nA,2022,M,1,180\nA,2022,M,2+,48\n";

/* s1 by sex and single age; s2 for both sexes, its open band 1+ wider than the population's 2+.
 * base s1 = 100*0.0137 + 200*0.0521 + 50*0.2385 + 80*0.0114 + 150*0.0487 + 40*0.2719
 *         = 1.37 + 10.42 + 11.925 + 0.912 + 7.305 + 10.876 = 42.808
 * base s2 = (100 + 80) 0.5 + (200 + 50 + 150 + 40) 2 = 90 + 880 = 970 */
static const char *R1 =
    "service,sex,age,rate\n"
    "s1,F,0,0.0137\ns1,F,1,0.0521\ns1,F,2+,0.2385\n"
    "s1,M,0,0.0114\ns1,M,1,0.0487\ns1,M,2+,0.2719\n"
    "s2,*,0,0.5\ns2,*,1+,2\n";

static fc_status
compute(fc_act_spec *sp, fc_projection **p, fc_act_rates *rates, fc_act_result *res, fc_err *err)
{
    fc_warnings warn = {0};
    fc_status st = fc_act_compute(sp, NULL, p, rates, res, &warn, err);
    fc_warnings_fini(&warn);
    return st;
}

static void
done(fc_projection *p, fc_act_rates *rates, fc_act_result *res)
{
    fc_act_result_fini(res);
    fc_act_rates_fini(rates);
    fc_projection_free(p);
}

static double
act(const fc_act_result *r, size_t v, size_t a, size_t t, size_t k)
{
    return r->act[((v * r->narea + a) * r->nyear + t) * r->nkey + k];
}

static const double *
drv(const fc_act_result *r, size_t v, size_t a, size_t t, size_t k)
{
    return r->drv + (((v * r->narea + a) * r->nyear + t) * r->nkey + k) * FC_ACT_NDRV;
}

/* ---------------------------------------------------------------- projection reader */

static void
test_projection_read_variants_open_age(void **state)
{
    (void)state;
    /* ONS style: area_code, variant, lower-case sex, the single age 2 meaning 2+; variant v0
     * holds the base year only */
    const char *path = tmp("ons.csv", "area_code,variant,year,age,sex,population\n"
                                      "E1,v0,2018,0,f,10\nE1,v0,2018,1,f,11\nE1,v0,2018,2,f,12\n"
                                      "E1,v0,2018,0,m,13\nE1,v0,2018,1,m,14\nE1,v0,2018,2,m,15\n"
                                      "E1,v1,2018,0,f,10\nE1,v1,2018,1,f,11\nE1,v1,2018,2,f,12\n"
                                      "E1,v1,2018,0,m,13\nE1,v1,2018,1,m,14\nE1,v1,2018,2,m,15\n"
                                      "E1,v1,2019,0,f,20\nE1,v1,2019,1,f,21\nE1,v1,2019,2,f,22\n"
                                      "E1,v1,2019,0,m,23\nE1,v1,2019,1,m,24\nE1,v1,2019,2,m,25\n");
    fc_projection_opts o = {2, NULL};
    fc_projection *p = NULL;
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_projection_read(path, &o, &p, NULL, &err), FC_OK);
    assert_int_equal(fc_projection_nvariant(p), 2);
    assert_int_equal(fc_projection_narea(p), 1);
    assert_int_equal(p->nyear, 2);
    assert_int_equal(p->year0, 2018);
    assert_int_equal(p->ages.n, 3);
    assert_int_equal(p->ages.hi[2], FC_AGE_OPEN);
    assert_true(p->has_variant);
    assert_int_equal(p->have[fc_projection_block(p, 0, 0, 0)], 1);
    assert_int_equal(p->have[fc_projection_block(p, 0, 0, 1)], 0); /* v0: 2018 only */
    assert_int_equal(p->have[fc_projection_block(p, 1, 0, 1)], 1);
    /* v1, 2019, M, age 2+ = 25 */
    assert_close(p->pop[(fc_projection_block(p, 1, 0, 1) * 2 + 1) * 3 + 2], 25.0, 0, 0);
    fc_projection_free(p);

    /* without the open age the same table is an error that says what to do */
    assert_int_equal(fc_projection_read(path, NULL, &p, NULL, &err), FC_EDATA);
    assert_non_null(strstr(err.msg, "--open-age 2"));
    assert_null(p);
}

static void
test_projection_read_errors(void **state)
{
    (void)state;
    fc_projection *p = NULL;
    char want[600];
    fc_err err;
    const char *path;

    /* a duplicate row names both lines */
    fc_err_clear(&err);
    path = tmp("dup.csv", "area,year,sex,age,population\nA,2020,F,0,1\nA,2020,F,1+,1\n"
                          "A,2020,M,0,1\nA,2020,M,1+,1\nA,2020,F,0,2\n");
    assert_int_equal(fc_projection_read(path, NULL, &p, NULL, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:6:", path);
    assert_err(&err, FC_EDATA, want);
    assert_non_null(strstr(err.msg, "first given on line 2"));

    /* a missing cell */
    fc_err_clear(&err);
    path = tmp("miss.csv", "area,year,sex,age,population\nA,2020,F,0,1\nA,2020,F,1+,1\n"
                           "A,2020,M,0,1\n");
    assert_int_equal(fc_projection_read(path, NULL, &p, NULL, &err), FC_EDATA);
    assert_string_equal(err.msg, "no row for area 'A', year 2020, sex M, age '1+'");

    /* a gap in a variant's years */
    fc_err_clear(&err);
    path = tmp("gap.csv", "area,year,sex,age,population\n"
                          "A,2020,F,0,1\nA,2020,F,1+,1\nA,2020,M,0,1\nA,2020,M,1+,1\n"
                          "B,2020,F,0,1\nB,2020,F,1+,1\nB,2020,M,0,1\nB,2020,M,1+,1\n"
                          "B,2021,F,0,1\nB,2021,F,1+,1\nB,2021,M,0,1\nB,2021,M,1+,1\n"
                          "A,2022,F,0,1\nA,2022,F,1+,1\nA,2022,M,0,1\nA,2022,M,1+,1\n");
    assert_int_equal(fc_projection_read(path, NULL, &p, NULL, &err), FC_EDATA);
    assert_string_equal(err.msg, "area 'A' has a gap in its years before 2022");

    /* a year off the step */
    fc_err_clear(&err);
    path = tmp("step.csv", "area,year,sex,age,population\n"
                           "A,2020,F,0,1\nA,2020,F,1+,1\nA,2020,M,0,1\nA,2020,M,1+,1\n"
                           "A,2025,F,0,1\nA,2025,F,1+,1\nA,2025,M,0,1\nA,2025,M,1+,1\n"
                           "A,2027,F,0,1\nA,2027,F,1+,1\nA,2027,M,0,1\nA,2027,M,1+,1\n");
    assert_int_equal(fc_projection_read(path, NULL, &p, NULL, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:6:", path);
    assert_err(&err, FC_EDATA, want);

    /* a stochastic projection */
    fc_err_clear(&err);
    path = tmp("draw.csv", "area,year,sex,age,population,draw\nA,2020,F,0,1,1\n");
    assert_int_equal(fc_projection_read(path, NULL, &p, NULL, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:1:6:", path);
    assert_err(&err, FC_EDATA, want);
    assert_null(p);
}

/* ---------------------------------------------------------------- activity */

/* All drivers neutral: activity is rate x population, hand-derived, and bit for bit the
 * same sum taken directly over the cells. */
static void
test_activity_neutral_is_rate_times_population(void **state)
{
    (void)state;
    fc_act_spec sp;
    fc_projection *p;
    fc_act_rates rates;
    fc_act_result res;
    fc_err err;
    fc_err_clear(&err);
    fc_act_spec_init(&sp, FC_ACT_ACTIVITY);
    sp.projection = tmp("p1.csv", P1);
    sp.rates = tmp("r1.csv", R1);
    sp.growth = tmp("g0.csv", "service,growth_pct\n*,0\n");
    sp.shifts = tmp("sh0.csv", "from,to,share,ratio,year_start,year_end\ns1,s2,0,3,2020,2022\n");
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_OK);
    assert_int_equal(res.nkey, 2);
    assert_int_equal(res.nyear, 3);
    assert_close(act(&res, 0, 0, 0, 0), 42.808, 1e-15, 0);
    assert_close(act(&res, 0, 0, 1, 0), 42.808 * 1.1, 1e-15, 0);
    assert_close(act(&res, 0, 0, 2, 0), 42.808 * 1.2, 1e-15, 0);
    assert_close(act(&res, 0, 0, 0, 1), 970.0, 0, 0);
    assert_close(act(&res, 0, 0, 2, 1), 1164.0, 1e-15, 0);
    for (size_t t = 0; t < 3; t++)
        for (size_t k = 0; k < 2; k++) {
            const double *P = p->pop + fc_projection_block(p, 0, 0, t) * 6;
            const double *r = rates.r + k * 6;
            double s = 0.0;
            for (int i = 0; i < 6; i++)
                s += P[i] * r[i];
            assert_true(act(&res, 0, 0, t, k) == s); /* exactly */
            const double *d = drv(&res, 0, 0, t, k);
            assert_true(d[FC_ACT_DRV_GROWTH] == 0.0 && d[FC_ACT_DRV_HEALTH] == 0.0 &&
                        d[FC_ACT_DRV_SHIFT] == 0.0);
        }
    done(p, &rates, &res);
}

/* Growth 2.5% a year on s1: factor (1.025)^2 = 1.050625 in 2022.
 *   final = 51.3696 x 1.050625 = 53.970186; demographic = 51.3696 - 42.808 = 8.5616;
 *   growth = 42.808 x 0.050625 = 2.167155; interaction = 8.5616 x 0.050625 = 0.433431 */
static void
test_activity_growth_and_decomposition(void **state)
{
    (void)state;
    fc_act_spec sp;
    fc_projection *p;
    fc_act_rates rates;
    fc_act_result res;
    fc_err err;
    fc_err_clear(&err);
    fc_act_spec_init(&sp, FC_ACT_ACTIVITY);
    sp.projection = tmp("p1.csv", P1);
    sp.rates = tmp("r1.csv", R1);
    sp.growth = tmp("g.csv", "service,growth_pct\ns1,2.5\n");
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_OK);
    const double *d = drv(&res, 0, 0, 2, 0);
    assert_close(d[FC_ACT_DRV_BASE], 42.808, 1e-15, 0);
    assert_close(d[FC_ACT_DRV_FINAL], 53.970186, 1e-14, 0);
    assert_close(d[FC_ACT_DRV_DEMOGRAPHIC], 8.5616, 1e-13, 0);
    assert_close(d[FC_ACT_DRV_GROWTH], 2.167155, 1e-13, 0);
    assert_close(d[FC_ACT_DRV_INTERACTION], 0.433431, 1e-12, 0);
    /* s2 has no growth row: 0% */
    assert_close(act(&res, 0, 0, 2, 1), 1164.0, 1e-15, 0);
    done(p, &rates, &res);
}

/* A shift of 30% of s1 to s2 at 3 units each, phased 2021-2022: share 0.15 in 2021.
 *   leaving = 0.15 x 47.0888 = 7.06332, arriving = 21.18996; s1 = 40.02548,
 *   s2 = 1067 + 21.18996 = 1088.18996. Totals are conserved after the conversion. */
static void
test_activity_shift_conservation(void **state)
{
    (void)state;
    fc_act_spec sp;
    fc_projection *p;
    fc_act_rates rates;
    fc_act_result res;
    fc_err err;
    fc_err_clear(&err);
    fc_act_spec_init(&sp, FC_ACT_ACTIVITY);
    sp.projection = tmp("p1.csv", P1);
    sp.rates = tmp("r1.csv", R1);
    sp.growth = tmp("g.csv", "service,growth_pct\n*,1.7\n");
    sp.shifts = tmp("sh.csv", "from,to,share,ratio,year_start,year_end\ns1,s2,0.3,3,2021,2022\n");
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_OK);
    assert_int_equal(res.nshift, 1);
    fc_act_result_fini(&res);
    fc_act_rates_fini(&rates);
    fc_projection_free(p);

    sp.growth = NULL;
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_OK);
    assert_close(res.leave[1], 7.06332, 1e-14, 0);
    assert_close(res.arrive[1], 21.18996, 1e-14, 0);
    assert_close(act(&res, 0, 0, 1, 0), 40.02548, 1e-14, 0);
    assert_close(act(&res, 0, 0, 1, 1), 1088.18996, 1e-14, 0);
    for (size_t t = 0; t < 3; t++) {
        double before = drv(&res, 0, 0, t, 0)[FC_ACT_DRV_BASE] *
                            (t == 0 ? 1.0 : (t == 1 ? 1.1 : 1.2)),
               after = act(&res, 0, 0, t, 0) + act(&res, 0, 0, t, 1);
        before += drv(&res, 0, 0, t, 1)[FC_ACT_DRV_BASE] * (t == 0 ? 1.0 : (t == 1 ? 1.1 : 1.2));
        assert_close(after, before - res.leave[t] + res.arrive[t], 1e-13, 0);
        /* the shift parts of the two services are the base moved at the year's share */
        assert_close(drv(&res, 0, 0, t, 0)[FC_ACT_DRV_SHIFT],
                     -fc_activity_shift_share(&res.shift[0], 2020 + (int)t) * 42.808, 1e-13,
                     1e-15);
        assert_close(drv(&res, 0, 0, t, 1)[FC_ACT_DRV_SHIFT],
                     3 * fc_activity_shift_share(&res.shift[0], 2020 + (int)t) * 42.808, 1e-13,
                     1e-15);
    }
    done(p, &rates, &res);
}

/* Every row's parts sum to its projected value, with all drivers at once. */
static void
test_activity_decomposition_sums(void **state)
{
    (void)state;
    fc_act_spec sp;
    fc_projection *p;
    fc_act_rates rates;
    fc_act_result res;
    fc_err err;
    fc_err_clear(&err);
    fc_act_spec_init(&sp, FC_ACT_ACTIVITY);
    sp.projection = tmp("p1.csv", P1);
    sp.rates = tmp("r1.csv", R1);
    sp.growth = tmp("g.csv", "service,growth_pct\ns1,3.1\ns2,-1.3\n");
    sp.shifts = tmp("sh.csv", "from,to,share,ratio,year_start,year_end\n"
                              "s1,s2,0.4,2.5,2020,2022\ns2,s1,0.05,0.1,2021,2021\n");
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_OK);
    for (size_t t = 0; t < res.nyear; t++)
        for (size_t k = 0; k < res.nkey; k++) {
            const double *d = drv(&res, 0, 0, t, k);
            double sum = d[0] + d[1] + d[2] + d[3] + d[4] + d[5];
            assert_close(sum, d[FC_ACT_DRV_FINAL], 1e-14, 1e-12);
            assert_true(d[FC_ACT_DRV_FINAL] == act(&res, 0, 0, t, k));
        }
    done(p, &rates, &res);
}

/* Capacity: s2 as bed days at 92% occupancy: 970 / (365 x 0.92) = 2.888624181060155 beds in
 * 2020; s1 as occupied units at 80%: 42.808 / 0.8 = 53.51; s2 as hours at 1500 an WTE:
 * 970 / 1500 = 0.64666... */
static void
test_activity_capacity(void **state)
{
    (void)state;
    fc_act_spec sp;
    fc_projection *p;
    fc_act_rates rates;
    fc_act_result res;
    fc_err err;
    fc_err_clear(&err);
    fc_act_spec_init(&sp, FC_ACT_ACTIVITY);
    sp.projection = tmp("p1.csv", P1);
    sp.rates = tmp("r1.csv", R1);
    sp.capacity = tmp("cap.csv", "resource,service,basis,occupancy,hours_per_wte,current\n"
                                 "beds,s2,days,0.92,,1\nplaces,s1,occupied,0.8,,50\n"
                                 "staff,s2,hours,,1500,0.25\n");
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_OK);
    assert_int_equal(res.nres, 3);
    assert_string_equal(res.res_name[0], "beds");
    assert_close(res.required[0], 2.888624181060155, 1e-15, 0);
    assert_close(res.required[1], 53.51, 1e-15, 0);
    assert_close(res.required[2], 970.0 / 1500.0, 1e-15, 0);
    assert_close(res.cap[0].current, 1.0, 0, 0);
    done(p, &rates, &res);
}

/* Health-status adjustment, ages 0, 1, 2, 3+ with rates 0.01, 0.02, 0.1, 0.3 (both sexes),
 * adjusted ages 2..3, fraction 0.5. Life expectancy gains 2020 -> 2021: age 2 gains 2 years,
 * age 3 gains 1: x'(2) = 2 - 0.5 x 2 = 1 -> 0.02; x'(3) = 2.5 -> (0.1 + 0.3) / 2 = 0.2.
 * Population 90 in every cell in 2020, 100 in 2021:
 *   base = 2 x 90 x 0.43 = 77.4; demographic only = 2 x 100 x 0.43 = 86;
 *   health only = 2 x 90 x (0.01 + 0.02 + 0.02 + 0.2) = 45; final = 2 x 100 x 0.25 = 50;
 *   parts: demographic 8.6, health -32.4, interaction 50 - 77.4 - 8.6 + 32.4 = -3.6. */
static void
test_activity_health_status(void **state)
{
    (void)state;
    fc_act_spec sp;
    fc_projection *p;
    fc_act_rates rates;
    fc_act_result res;
    fc_err err;
    char buf[2048] = "area,year,sex,age,population\n";
    for (int y = 2020; y <= 2021; y++)
        for (int s = 0; s < 2; s++)
            for (int x = 0; x < 4; x++)
                snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "A,%d,%c,%d%s,%d\n", y,
                         s ? 'M' : 'F', x, x == 3 ? "+" : "", y == 2020 ? 90 : 100);
    fc_err_clear(&err);
    fc_act_spec_init(&sp, FC_ACT_ACTIVITY);
    sp.projection = tmp("p4.csv", buf);
    sp.rates = tmp("r4.csv", "service,sex,age,rate\nh,*,0,0.01\nh,*,1,0.02\nh,*,2,0.1\n"
                             "h,*,3+,0.3\n");
    sp.lifetables = tmp("lt.csv", "year,sex,age,ex\n"
                                  "2020,*,0,80\n2020,*,1,79\n2020,*,2,78\n2020,*,3+,77\n"
                                  "2021,*,0,80.5\n2021,*,1,79.5\n2021,*,2,80\n2021,*,3+,78\n");
    sp.hsa_fraction = 0.5;
    sp.hsa_start_age = 2;
    sp.hsa_end_age = 3;
    /* sex '*' is not a sex of a life table */
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_EDATA);
    fc_err_clear(&err);
    sp.lifetables = tmp("lt.csv", "year,sex,age,ex\n"
                                  "2020,F,0,80\n2020,F,1,79\n2020,F,2,78\n2020,F,3+,77\n"
                                  "2021,F,0,80.5\n2021,F,1,79.5\n2021,F,2,80\n2021,F,3+,78\n"
                                  "2020,M,0,80\n2020,M,1,79\n2020,M,2,78\n2020,M,3+,77\n"
                                  "2021,M,0,80.5\n2021,M,1,79.5\n2021,M,2,80\n2021,M,3+,78\n");
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_OK);
    const double *d = drv(&res, 0, 0, 1, 0);
    assert_close(d[FC_ACT_DRV_BASE], 77.4, 1e-14, 0);
    assert_close(d[FC_ACT_DRV_FINAL], 50.0, 1e-14, 0);
    assert_close(d[FC_ACT_DRV_DEMOGRAPHIC], 8.6, 1e-13, 0);
    assert_close(d[FC_ACT_DRV_HEALTH], -32.4, 1e-13, 0);
    assert_close(d[FC_ACT_DRV_INTERACTION], -3.6, 1e-12, 0);
    /* in the base year nothing is adjusted */
    assert_close(act(&res, 0, 0, 0, 0), 77.4, 1e-14, 0);
    done(p, &rates, &res);

    /* an adjusted age without life expectancy is an error naming it */
    sp.hsa_end_age = 4;
    sp.hsa_start_age = 0;
    sp.lifetables = tmp("lt2.csv", "year,sex,age,ex\n2020,F,0,80\n2021,F,0,80\n");
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_EDATA);
    assert_non_null(strstr(err.msg, "no life expectancy for area 'A', year 2020, sex F, age 1"));
    fc_projection_free(p);
}

/* ---------------------------------------------------------------- need and weighting */

/* POPPI's open band: rates 90-94 and 95+ weighted into the population's 90+.
 *   F: (0.2 x 300 + 0.4 x 100) / 400 = 0.25;  M: (0.2 x 150 + 0.4 x 150) / 300 = 0.3
 *   need = (1000 + 900) 0.01 + 40 x 0.25 + 20 x 0.3 = 19 + 10 + 6 = 35 */
static void
test_need_open_band_weighted(void **state)
{
    (void)state;
    fc_act_spec sp;
    fc_projection *p;
    fc_act_rates rates;
    fc_act_result res;
    fc_err err;
    char want[600];
    fc_err_clear(&err);
    fc_act_spec_init(&sp, FC_ACT_NEED);
    sp.projection = tmp("p2.csv", "area,year,sex,age,population\n"
                                  "A,2020,F,0-89,1000\nA,2020,F,90+,40\n"
                                  "A,2020,M,0-89,900\nA,2020,M,90+,20\n");
    sp.rates = tmp("n2.csv", "measure,sex,age,rate\nm,*,0-89,0.01\nm,*,90-94,0.2\n"
                             "m,*,95+,0.4\n");
    sp.weights = tmp("w2.csv", "sex,age,population\nF,0-89,5\nF,90-94,300\nF,95+,100\n"
                               "M,0-89,5\nM,90-94,150\nM,95+,150\n");
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_OK);
    assert_close(rates.r[1], 0.25, 1e-15, 0);
    assert_close(rates.r[3], 0.3, 1e-15, 0);
    assert_close(act(&res, 0, 0, 0, 0), 35.0, 1e-15, 0);
    done(p, &rates, &res);

    /* without weights: an error at the band that splits the group */
    sp.weights = NULL;
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:4:", sp.rates);
    assert_err(&err, FC_EDATA, want);
    assert_non_null(strstr(err.msg, "splits the population's age group '90+'"));
    fc_projection_free(p);

    /* a prevalence above 1 */
    fc_err_clear(&err);
    sp.rates = tmp("n3.csv", "measure,sex,age,rate\nm,*,0-89,0.01\nm,*,90+,1.2\n");
    assert_int_equal(compute(&sp, &p, &rates, &res, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:3:4:", sp.rates);
    assert_err(&err, FC_EDATA, want);
    fc_projection_free(p);
}

/* ---------------------------------------------------------------- bad inputs */

static void
expect_error(fc_act_spec *sp, const char *file, int line, int col, const char *msg)
{
    fc_projection *p = NULL;
    fc_act_rates rates;
    fc_act_result res;
    fc_err err;
    char want[700];
    fc_err_clear(&err);
    assert_int_equal(compute(sp, &p, &rates, &res, &err), FC_EDATA);
    if (col)
        snprintf(want, sizeof want, "%s:%d:%d:", file, line, col);
    else if (line)
        snprintf(want, sizeof want, "%s:%d:", file, line);
    else
        snprintf(want, sizeof want, "%s:", file);
    assert_err(&err, FC_EDATA, want);
    if (msg && strstr(err.msg, msg) == NULL)
        fail_msg("message '%s' lacks '%s'", err.msg, msg);
    fc_projection_free(p);
}

static void
test_activity_bad_inputs(void **state)
{
    (void)state;
    fc_act_spec sp;
    fc_act_spec_init(&sp, FC_ACT_ACTIVITY);
    sp.projection = tmp("p1.csv", P1);

    /* overlapping bands */
    sp.rates = tmp("ov.csv", "service,sex,age,rate\ns1,*,0-1,0.1\ns1,*,1,0.2\ns1,*,2+,0.3\n");
    expect_error(&sp, sp.rates, 3, 0, "age band '1' overlaps '0-1' given on line 2");
    /* a gap */
    sp.rates = tmp("gap.csv", "service,sex,age,rate\ns1,*,0,0.1\ns1,*,2+,0.3\n");
    expect_error(&sp, sp.rates, 0, 0, "no value for 's1', area 'A', sex F, age '1'");
    sp.rates = tmp("r1.csv", R1);
    /* a service in shifts without rates */
    sp.shifts = tmp("sh.csv", "from,to,share,ratio,year_start,year_end\ns1,zz,0.3,3,2021,2022\n");
    expect_error(&sp, sp.shifts, 2, 2, "service 'zz' has no rates");
    /* a share above 1 */
    sp.shifts = tmp("sh.csv", "from,to,share,ratio,year_start,year_end\ns1,s2,1.5,3,2021,2022\n");
    expect_error(&sp, sp.shifts, 2, 3, "share 1.5 is above 1");
    /* end before start */
    sp.shifts = tmp("sh.csv", "from,to,share,ratio,year_start,year_end\ns1,s2,0.5,3,2023,2022\n");
    expect_error(&sp, sp.shifts, 2, 6, NULL);
    sp.shifts = NULL;
    /* an occupancy outside (0, 1] */
    sp.capacity = tmp("cap.csv", "resource,service,basis,occupancy,hours_per_wte,current\n"
                                 "beds,s2,days,1.2,,1\n");
    expect_error(&sp, sp.capacity, 2, 4, "occupancy 1.2 is outside (0, 1]");
    sp.capacity = tmp("cap.csv", "resource,service,basis,occupancy,hours_per_wte,current\n"
                                 "beds,s2,days,0,,1\n");
    expect_error(&sp, sp.capacity, 2, 4, NULL);
    sp.capacity = tmp("cap.csv", "resource,service,basis,occupancy,hours_per_wte,current\n"
                                 "staff,s2,hours,,0,1\n");
    expect_error(&sp, sp.capacity, 2, 5, NULL);
    sp.capacity = tmp("cap.csv", "resource,service,basis,occupancy,hours_per_wte,current\n"
                                 "beds,s2,beds,0.9,,1\n");
    expect_error(&sp, sp.capacity, 2, 3, "is not a basis");
    sp.capacity = NULL;
    /* growth for an unknown service, and a duplicate */
    sp.growth = tmp("g.csv", "service,growth_pct\ns9,1\n");
    expect_error(&sp, sp.growth, 2, 1, "service 's9' has no rates");
    sp.growth = tmp("g.csv", "service,growth_pct\ns1,1\ns1,2\n");
    expect_error(&sp, sp.growth, 3, 1, "already given on line 2");
    sp.growth = NULL;
    /* a base year outside the projection */
    sp.base_year = 2019;
    expect_error(&sp, sp.projection, 0, 0, "base year 2019 is not a year of the projection");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_projection_read_variants_open_age),
        cmocka_unit_test(test_projection_read_errors),
        cmocka_unit_test(test_activity_neutral_is_rate_times_population),
        cmocka_unit_test(test_activity_growth_and_decomposition),
        cmocka_unit_test(test_activity_shift_conservation),
        cmocka_unit_test(test_activity_decomposition_sums),
        cmocka_unit_test(test_activity_capacity),
        cmocka_unit_test(test_activity_health_status),
        cmocka_unit_test(test_need_open_band_weighted),
        cmocka_unit_test(test_activity_bad_inputs),
    };
    return cmocka_run_group_tests_name("cmd_activity", tests, setup, NULL);
}
