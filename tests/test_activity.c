/* test_activity.c: activity from rates, its drivers, capacity, decomposition and
 * standardisation on hand-derived cases, plus invariants and provoked errors. */
#include "models/activity.h"

#include <math.h>
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

/* One area, 2 years, 3 ages. total[y] = sum_s sum_x rate[s][x] pop[y][s][x]:
 * year 0: 0.0137*1000 + 0.0521*800 + 0.2385*200 + 0.0114*900 + 0.0487*700 + 0.2719*150
 *       = 13.7 + 41.68 + 47.7 + 10.26 + 34.09 + 40.785 = 188.215
 * year 1: pop x 1.1 everywhere -> 207.0365 */
static void
test_activity_apply_hand(void **state)
{
    (void)state;
    double rate[6] = {0.0137, 0.0521, 0.2385, 0.0114, 0.0487, 0.2719};
    double pop[12] = {1000, 800, 200, 900, 700, 150, 1100, 880, 220, 990, 770, 165};
    double total[2], cells[12];
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_apply(1, 2, 3, rate, 0, pop, total, cells, &err), FC_OK);
    assert_close(total[0], 188.215, 1e-14, 0);
    assert_close(total[1], 207.0365, 1e-14, 0);
    assert_close(cells[2], 47.7, 1e-14, 0);
    assert_close(cells[6 + 5], 0.2719 * 165, 1e-15, 0);

    /* Rates by year: year 1 rates doubled -> 2 x 207.0365 */
    double ry[12];
    for (int i = 0; i < 6; i++)
        ry[i] = rate[i], ry[6 + i] = 2.0 * rate[i];
    assert_int_equal(fc_activity_apply(1, 2, 3, ry, 1, pop, total, NULL, &err), FC_OK);
    assert_close(total[0], 188.215, 1e-14, 0);
    assert_close(total[1], 414.073, 1e-14, 0);
}

/* All drivers neutral (0% growth, fraction 0, shift share 0): activity is rate x population
 * bit for bit. */
static void
test_activity_neutral_exact(void **state)
{
    (void)state;
    enum { NA = 3, NY = 4, NG = 5 };
    double rate[2 * NG], adj[2 * NG], ex0[NG], ex1[NG], pop[NA * NY * 2 * NG];
    double total[NA * NY], ref[NA * NY], g;
    unsigned seed = 777;
    for (int i = 0; i < 2 * NG; i++)
        rate[i] = 0.0137 * (i + 1) + 0.001 * (i % 3);
    for (int i = 0; i < NG; i++)
        ex0[i] = 80.0 - i * 1.7, ex1[i] = ex0[i] + 0.9;
    for (int i = 0; i < NA * NY * 2 * NG; i++) {
        seed = seed * 1103515245u + 12345u;
        pop[i] = 10.0 + (seed >> 16) % 997 * 2.385;
    }
    fc_err err;
    fc_err_clear(&err);
    /* reference: plain rate x population, summed in the same order */
    for (int c = 0; c < NA * NY; c++) {
        double s = 0.0;
        for (int k = 0; k < 2 * NG; k++)
            s += rate[k] * pop[c * 2 * NG + k];
        ref[c] = s;
    }
    assert_int_equal(fc_activity_growth_factor(0.0, 2020, 2031, &g, &err), FC_OK);
    assert_true(g == 1.0);
    for (int s = 0; s < 2; s++)
        assert_int_equal(
            fc_activity_hsa_rates(NG, 2.0, 0.0, rate + s * NG, ex0, ex1, adj + s * NG, &err),
            FC_OK);
    for (int k = 0; k < 2 * NG; k++)
        adj[k] *= g;
    assert_int_equal(fc_activity_apply(NA, NY, NG, adj, 0, pop, total, NULL, &err), FC_OK);
    fc_shift sh = {0, 1, 0.0, 3.0, 2020, 2023};
    double act[2 * NY];
    for (int y = 0; y < NY; y++)
        act[y] = total[y], act[NY + y] = total[NY + y];
    assert_int_equal(fc_activity_shift_apply(&sh, 1, 2, NY, 2020, act, NULL, NULL, &err), FC_OK);
    for (int c = 0; c < NA * NY; c++)
        assert_true(total[c] == ref[c]);
    for (int y = 0; y < NY; y++)
        assert_true(act[y] == ref[y] && act[NY + y] == ref[NY + y]);
}

/* 2.385% a year: 3 years after the base 1.02385^3 = 1.0732700339166248; base year 1;
 * one year before 1/1.02385 = 0.976705572105289. */
static void
test_activity_growth_hand(void **state)
{
    (void)state;
    double f;
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_growth_factor(2.385, 2022, 2025, &f, &err), FC_OK);
    assert_close(f, 1.0732700339166248, 1e-14, 0);
    assert_int_equal(fc_activity_growth_factor(2.385, 2022, 2022, &f, &err), FC_OK);
    assert_true(f == 1.0);
    assert_int_equal(fc_activity_growth_factor(2.385, 2022, 2021, &f, &err), FC_OK);
    assert_close(f, 0.976705572105289, 1e-14, 0);
}

/* Ages 0..3 (3 open), start age 2, fraction 0.5.
 *   x=2: gain 10.8-10.0 = 0.8, x' = 2 - 0.4 = 1.6: 0.4*0.0214 + 0.6*0.0583 = 0.04354
 *   x=3: gain 7.1-6.5 = 0.6,  x' = 3 - 0.3 = 2.7: 0.3*0.0583 + 0.7*0.1172 = 0.09953
 * ages 0, 1 unchanged. A loss of life expectancy moves x' up, clamped at the open age. */
static void
test_activity_hsa_hand(void **state)
{
    (void)state;
    double r[4] = {0.0137, 0.0214, 0.0583, 0.1172};
    double e0[4] = {20.0, 15.0, 10.0, 6.5}, e1[4] = {20.9, 15.6, 10.8, 7.1}, out[4];
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_hsa_rates(4, 2.0, 0.5, r, e0, e1, out, &err), FC_OK);
    assert_true(out[0] == r[0] && out[1] == r[1]);
    assert_close(out[2], 0.04354, 1e-14, 0);
    assert_close(out[3], 0.09953, 1e-14, 0);
    /* life expectancy falls by 2 at age 3: x' = 3 + 1 -> clamped to 3 */
    e1[3] = 4.5;
    assert_int_equal(fc_activity_hsa_rates(4, 2.0, 0.5, r, e0, e1, out, &err), FC_OK);
    assert_true(out[3] == r[3]);
}

/* Share 0.2 phased 2021..2023 (0.2/3, 0.4/3, 0.2), ratio 3 (1 bed day -> 3 hours).
 * Years 2020..2024, A = 100, 110, 120, 130, 140 bed days, B = 500 hours each year.
 *   2022: leaving = 120 * 0.4/3 = 16, arriving 48, A = 104, B = 548. */
static void
test_activity_shift_hand(void **state)
{
    (void)state;
    double act[10] = {100, 110, 120, 130, 140, 500, 500, 500, 500, 500};
    double before[10], lv[5], ar[5];
    memcpy(before, act, sizeof act);
    fc_shift sh = {0, 1, 0.2, 3.0, 2021, 2023};
    assert_true(fc_activity_shift_share(&sh, 2020) == 0.0);
    assert_close(fc_activity_shift_share(&sh, 2021), 0.2 / 3.0, 1e-15, 0);
    assert_true(fc_activity_shift_share(&sh, 2024) == 0.2);
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_shift_apply(&sh, 1, 2, 5, 2020, act, lv, ar, &err), FC_OK);
    assert_true(lv[0] == 0.0 && ar[0] == 0.0 && act[0] == 100.0 && act[5] == 500.0);
    assert_close(lv[2], 16.0, 1e-14, 0);
    assert_close(ar[2], 48.0, 1e-14, 0);
    assert_close(act[2], 104.0, 1e-14, 0);
    assert_close(act[7], 548.0, 1e-14, 0);
    assert_close(lv[4], 28.0, 1e-14, 0); /* 140 * 0.2 */
    /* conservation after the ratio, every year: A + B/ratio is unchanged */
    for (int y = 0; y < 5; y++) {
        assert_close(act[y] + lv[y], before[y], 1e-14, 0);
        assert_close(act[5 + y] - ar[y], before[5 + y], 1e-14, 0);
        assert_close(ar[y], 3.0 * lv[y], 1e-14, 0);
        assert_close(act[y] + act[5 + y] / 3.0, before[y] + before[5 + y] / 3.0, 1e-14, 0);
    }
}

/* beds = 25550 bed days / (365 x 0.85) = 70 / 0.85 = 82.352941176470588;
 * WTE = 2385 hours / 1575 = 1.5142857142857142; gap to 80 beds = 2.3529411764705883. */
static void
test_activity_capacity_hand(void **state)
{
    (void)state;
    double days[2] = {25550.0, 0.0}, beds[2], hours[1] = {2385.0}, wte[1], gap[2];
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_capacity_units(2, days, 0.85, beds, &err), FC_OK);
    assert_close(beds[0], 82.352941176470588, 1e-14, 0);
    assert_true(beds[1] == 0.0);
    assert_int_equal(fc_activity_capacity_units(1, days, 1.0, beds, &err), FC_OK);
    assert_close(beds[0], 70.0, 1e-15, 0);
    assert_int_equal(fc_activity_capacity_wte(1, hours, 1575.0, wte, &err), FC_OK);
    assert_close(wte[0], 1.5142857142857142, 1e-14, 0);
    assert_int_equal(fc_activity_capacity_units(2, days, 0.85, beds, &err), FC_OK);
    assert_int_equal(fc_activity_capacity_gap(2, beds, 80.0, gap, &err), FC_OK);
    assert_close(gap[0], 2.3529411764705883, 1e-13, 0);
    assert_close(gap[1], -80.0, 1e-15, 0);
}

/* Base 100; demographic x1.1 -> 110, growth x1.05 -> 105, health x0.97 -> 97, shift 10% out
 * -> 90; all together 100 x 1.1 x 1.05 x 0.97 x 0.9 = 100.8315. Effects 10, 5, -3, -10;
 * interaction 0.8315 - 2 = -1.1685. */
static void
test_activity_decompose_hand(void **state)
{
    (void)state;
    double only[FC_DRIVER_N] = {110.0, 105.0, 97.0, 90.0}, eff[FC_DRIVER_N + 1];
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_decompose(100.0, 100.8315, only, FC_DRIVER_N, eff, &err), FC_OK);
    assert_close(eff[FC_DRIVER_DEMOGRAPHIC], 10.0, 1e-14, 0);
    assert_close(eff[FC_DRIVER_GROWTH], 5.0, 1e-14, 0);
    assert_close(eff[FC_DRIVER_HEALTH], -3.0, 1e-14, 0);
    assert_close(eff[FC_DRIVER_SHIFT], -10.0, 1e-14, 0);
    assert_close(eff[FC_DRIVER_INTERACTION], -1.1685, 1e-12, 0);
}

/* End to end on a small cube: one area, base and target year, 4 ages, two services (A bed
 * days, B hours), every driver on. The parts of the change in A and in B sum to the total. */
static void
test_activity_decompose_invariant(void **state)
{
    (void)state;
    enum { NG = 4 };
    double rA[2 * NG] = {0.0137, 0.0214, 0.0583, 0.1172, 0.0151, 0.0233, 0.0611, 0.1304};
    double rB[2 * NG] = {0.52, 0.91, 2.385, 6.1, 0.47, 0.88, 2.2, 5.7};
    double pb[2 * NG] = {1000, 800, 500, 200, 950, 760, 430, 150};
    double pt[2 * NG] = {1010, 790, 560, 260, 960, 750, 490, 205};
    double e0[NG] = {20.0, 15.0, 10.0, 6.5}, e1[NG] = {20.9, 15.6, 10.8, 7.1};
    const double growth[2] = {1.7, 2.385};
    const double *rates[2] = {rA, rB};
    fc_shift sh = {0, 1, 0.15, 3.0, 2023, 2027};
    fc_err err;
    fc_err_clear(&err);
    double base[2], dem[2], gro[2], hsa[2], fin[2], adj[2 * NG], grw[2 * NG], both[2 * NG];
    for (int v = 0; v < 2; v++) {
        double g;
        assert_int_equal(fc_activity_growth_factor(growth[v], 2022, 2027, &g, &err), FC_OK);
        for (int s = 0; s < 2; s++)
            assert_int_equal(
                fc_activity_hsa_rates(NG, 2.0, 0.7, rates[v] + s * NG, e0, e1, adj + s * NG, &err),
                FC_OK);
        for (int k = 0; k < 2 * NG; k++)
            grw[k] = rates[v][k] * g, both[k] = adj[k] * g;
        assert_int_equal(fc_activity_apply(1, 1, NG, rates[v], 0, pb, &base[v], NULL, &err), FC_OK);
        assert_int_equal(fc_activity_apply(1, 1, NG, rates[v], 0, pt, &dem[v], NULL, &err), FC_OK);
        assert_int_equal(fc_activity_apply(1, 1, NG, grw, 0, pb, &gro[v], NULL, &err), FC_OK);
        assert_int_equal(fc_activity_apply(1, 1, NG, adj, 0, pb, &hsa[v], NULL, &err), FC_OK);
        assert_int_equal(fc_activity_apply(1, 1, NG, both, 0, pt, &fin[v], NULL, &err), FC_OK);
    }
    double shifted_base[2] = {base[0], base[1]};
    assert_int_equal(fc_activity_shift_apply(&sh, 1, 2, 1, 2027, shifted_base, NULL, NULL, &err),
                     FC_OK);
    assert_int_equal(fc_activity_shift_apply(&sh, 1, 2, 1, 2027, fin, NULL, NULL, &err), FC_OK);
    for (int v = 0; v < 2; v++) {
        double only[FC_DRIVER_N] = {dem[v], gro[v], hsa[v], shifted_base[v]};
        double eff[FC_DRIVER_N + 1], sum = 0.0;
        assert_int_equal(fc_activity_decompose(base[v], fin[v], only, FC_DRIVER_N, eff, &err),
                         FC_OK);
        for (int k = 0; k <= FC_DRIVER_N; k++)
            sum += eff[k];
        assert_close(sum, fin[v] - base[v], 1e-12, 1e-12);
        assert_true(eff[FC_DRIVER_SHIFT] < 0.0 ? v == 0 : v == 1);
    }
}

/* Poisson limits for 10 events at 95%: exact (Garwood) 4.7954, 18.3904; Byar
 * 10 (1 - 1/90 - z/(3 sqrt 10))^3 = 4.7877 and 11 (1 - 1/99 + z/(3 sqrt 11))^3 = 18.3905. */
static void
test_activity_poisson_limits_hand(void **state)
{
    (void)state;
    double lo, hi;
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_poisson_limits(10.0, 0.95, FC_CI_EXACT, &lo, &hi, &err), FC_OK);
    assert_close(lo, 4.7954, 2e-5, 0);
    assert_close(hi, 18.3904, 2e-5, 0);
    assert_int_equal(fc_activity_poisson_limits(10.0, 0.95, FC_CI_BYAR, &lo, &hi, &err), FC_OK);
    assert_close(lo, 4.7877, 1e-4, 0);
    assert_close(hi, 18.3905, 1e-4, 0);
    assert_int_equal(fc_activity_poisson_limits(0.0, 0.95, FC_CI_EXACT, &lo, &hi, &err), FC_OK);
    assert_true(lo == 0.0);
    assert_close(hi, 3.6889, 1e-4, 0); /* -ln(0.025) = 3.68888 */
}

/* Two ages: counts 12, 30; population 4000, 2500; standard 6000, 4000; per 1000.
 *   DSR = 1000 (1.5 x 12 + 1.6 x 30) / 10000 = 6.6
 *   sd = 1000 sqrt(1.5^2 12 + 1.6^2 30) / 10000 = 0.1 sqrt(103.8); O = 42
 *   Byar limits of 42: 30.26671718788297, 56.773238740434095
 *   lower = 6.6 + sd/sqrt(42) (30.2667 - 42), upper = 6.6 + sd/sqrt(42) (56.7732 - 42) */
static void
test_activity_dsr_hand(void **state)
{
    (void)state;
    double c[2] = {12, 30}, n[2] = {4000, 2500}, w[2] = {6000, 4000};
    fc_std_result r;
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_dsr(2, c, n, w, 1000.0, 0.95, FC_CI_BYAR, &r, &err), FC_OK);
    double k = 0.1 * sqrt(103.8) / sqrt(42.0);
    assert_close(r.value, 6.6, 1e-14, 0);
    assert_close(r.observed, 42.0, 0, 0);
    assert_close(r.lower, 6.6 + k * (30.26671718788297 - 42.0), 1e-9, 0);
    assert_close(r.upper, 6.6 + k * (56.773238740434095 - 42.0), 1e-9, 0);
    assert_true(r.lower < r.value && r.value < r.upper);
    /* the exact method gives a slightly different but also bracketing interval */
    assert_int_equal(fc_activity_dsr(2, c, n, w, 1000.0, 0.95, FC_CI_EXACT, &r, &err), FC_OK);
    assert_true(r.lower < 6.6 && 6.6 < r.upper);
    assert_close(r.lower, 6.6 + k * (30.26671718788297 - 42.0), 1e-3, 0);
    /* a standard equal to the local population gives the crude rate: 42/6500 per 1000 */
    assert_int_equal(fc_activity_dsr(2, c, n, n, 1000.0, 0.95, FC_CI_BYAR, &r, &err), FC_OK);
    assert_close(r.value, 1000.0 * 42.0 / 6500.0, 1e-14, 0);
}

/* E = 1000 x 0.0137 + 500 x 0.0321 = 13.7 + 16.05 = 29.75; SMR = 30 / 29.75;
 * Byar limits of 30 divided by E. */
static void
test_activity_smr_hand(void **state)
{
    (void)state;
    double n[2] = {1000, 500}, rs[2] = {0.0137, 0.0321}, lo, hi;
    fc_std_result r;
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_smr(2, 30.0, n, rs, 0.95, FC_CI_BYAR, &r, &err), FC_OK);
    assert_close(r.expected, 29.75, 1e-14, 0);
    assert_close(r.value, 30.0 / 29.75, 1e-14, 0);
    assert_int_equal(fc_activity_poisson_limits(30.0, 0.95, FC_CI_BYAR, &lo, &hi, &err), FC_OK);
    assert_close(r.lower, lo / 29.75, 1e-14, 0);
    assert_close(r.upper, hi / 29.75, 1e-14, 0);
    assert_true(r.lower < r.value && r.value < r.upper);
    assert_int_equal(fc_activity_smr(2, 30.0, n, rs, 0.95, FC_CI_EXACT, &r, &err), FC_OK);
    assert_true(r.lower < r.value && r.value < r.upper);
}

static void
test_activity_errors(void **state)
{
    (void)state;
    fc_err err;
    double rate[2] = {0.0137, -0.01}, pop[2] = {100, 200}, total[1], out[4], f;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_apply(1, 1, 1, rate, 0, pop, total, NULL, &err), FC_EDOM);
    assert_err(&err, FC_EDOM, NULL);
    total[0] = 2.385;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_apply(1, 1, 0, rate, 0, pop, total, NULL, &err), FC_EINVAL);
    assert_true(total[0] == 2.385); /* untouched on failure */
    fc_err_clear(&err);
    assert_int_equal(fc_activity_growth_factor(-100.0, 2020, 2021, &f, &err), FC_EDOM);

    double r[4] = {0.1, 0.2, 0.3, 0.4}, e[4] = {4, 3, 2, 1};
    fc_err_clear(&err);
    assert_int_equal(fc_activity_hsa_rates(4, 2.0, 1.5, r, e, e, out, &err), FC_EDOM);
    fc_err_clear(&err);
    assert_int_equal(fc_activity_hsa_rates(4, 2.0, 0.5, r, e, e, r, &err), FC_EINVAL);
    r[1] = -0.2;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_hsa_rates(4, 2.0, 0.5, r, e, e, out, &err), FC_EDOM);

    double act[4] = {10, 20, 30, 40};
    fc_shift sh = {0, 1, 1.2, 3.0, 2020, 2021};
    fc_err_clear(&err);
    assert_int_equal(fc_activity_shift_apply(&sh, 1, 2, 2, 2020, act, NULL, NULL, &err), FC_EDOM);
    assert_true(act[0] == 10.0 && act[2] == 30.0);
    sh.share = 0.5, sh.to = 0;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_shift_apply(&sh, 1, 2, 2, 2020, act, NULL, NULL, &err), FC_EINVAL);
    sh.to = 2;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_shift_apply(&sh, 1, 2, 2, 2020, act, NULL, NULL, &err), FC_EINVAL);
    sh.to = 1, sh.ratio = -3.0;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_shift_apply(&sh, 1, 2, 2, 2020, act, NULL, NULL, &err), FC_EDOM);

    double days[1] = {1000};
    fc_err_clear(&err);
    assert_int_equal(fc_activity_capacity_units(1, days, 0.0, out, &err), FC_EDOM);
    fc_err_clear(&err);
    assert_int_equal(fc_activity_capacity_units(1, days, 1.01, out, &err), FC_EDOM);
    fc_err_clear(&err);
    assert_int_equal(fc_activity_capacity_units(1, days, (double)NAN, out, &err), FC_EDOM);
    fc_err_clear(&err);
    assert_int_equal(fc_activity_capacity_wte(1, days, 0.0, out, &err), FC_EDOM);
    fc_err_clear(&err);
    assert_int_equal(fc_activity_capacity_gap(1, days, -1.0, out, &err), FC_EDOM);

    double only[1] = {HUGE_VAL}, eff[2];
    fc_err_clear(&err);
    assert_int_equal(fc_activity_decompose(1.0, 2.0, only, 1, eff, &err), FC_EDOM);

    double c[2] = {0, 0}, n[2] = {100, 100}, w[2] = {1, 1};
    fc_std_result res;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_dsr(2, c, n, w, 1e5, 0.95, FC_CI_BYAR, &res, &err), FC_EDOM);
    c[0] = 3, n[0] = 0;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_dsr(2, c, n, w, 1e5, 0.95, FC_CI_BYAR, &res, &err), FC_EDOM);
    n[0] = 100;
    fc_err_clear(&err);
    assert_int_equal(fc_activity_dsr(2, c, n, w, 1e5, 1.0, FC_CI_BYAR, &res, &err), FC_EDOM);
    double zr[2] = {0, 0};
    fc_err_clear(&err);
    assert_int_equal(fc_activity_smr(2, 5.0, n, zr, 0.95, FC_CI_BYAR, &res, &err), FC_EDOM);
}

/* ---------------------------------------------------------------- fc_activity_year */

/* One area, two services, two age groups a sex, base year 2020, year 2022.
 *   Pb = F (10, 20), M (30, 40); Pt = F (11, 23), M (29, 44)
 *   rates s0 = F (0.1, 0.2), M (0.3, 0.4); s1 = F (0.0137, 0.025), M (0.05, 0.1)
 *   s0: base = 1 + 4 + 9 + 16 = 30, this year D = 1.1 + 4.6 + 8.7 + 17.6 = 32, no growth
 *   s1: base = 0.137 + 0.5 + 1.5 + 4 = 6.137, D = 0.1507 + 0.575 + 1.45 + 4.4 = 6.5757,
 *       growth 2% a year: g = 1.02^2 = 1.0404, act = 6.5757 x 1.0404 = 6.84135828;
 *       demographic effect D - base = 0.4387, growth effect base (g - 1) = 0.2479348,
 *       interaction (D - base)(g - 1) = 0.4387 x 0.0404 = 0.01772348
 *   capacity of s1 on a 'days' basis at 80% occupancy: 6.84135828 / (365 x 0.8). */
static const double yr_rate[] = {0.1, 0.2, 0.3, 0.4, 0.0137, 0.025, 0.05, 0.1};
static const double yr_pb[] = {10, 20, 30, 40}, yr_pt[] = {11, 23, 29, 44};

static void
yr_model(fc_activity_year_model *m)
{
    memset(m, 0, sizeof *m);
    m->nk = 2, m->ng = 2, m->narea = 1, m->rate = yr_rate;
    m->base_year = 2020, m->step = 1, m->nt = 3;
}

static void
test_activity_year_hand(void **state)
{
    static const fc_activity_cap cap = {1, 0, 0.8, 0.01};
    const double pct[2] = {0.0, 2.0};
    double act[2], drv[2 * FC_ACTIVITY_NDRV], demog[2], req[1];
    fc_activity_year_model m;
    fc_activity_year_ws *w = fc_activity_year_ws_alloc(2, 2);
    fc_err err = {0};
    (void)state;
    yr_model(&m);
    m.cap = &cap, m.nres = 1;
    assert_non_null(w);
    assert_int_equal(fc_activity_year(&m, w, 0, 2022, pct, yr_pb, yr_pt, NULL, act, drv, NULL,
                                      NULL, req, demog, &err), FC_OK);
    assert_close(act[0], 32.0, 1e-15, 0);
    assert_close(act[1], 6.84135828, 1e-14, 0);
    const double *d = drv + FC_ACTIVITY_NDRV;
    assert_close(d[FC_ACTIVITY_DRV_BASE], 6.137, 1e-15, 0);
    assert_close(d[FC_ACTIVITY_DRV_DEMOGRAPHIC], 0.4387, 1e-13, 0);
    assert_close(d[FC_ACTIVITY_DRV_GROWTH], 0.2479348, 1e-13, 0);
    assert_close(d[FC_ACTIVITY_DRV_HEALTH], 0.0, 0, 1e-15);
    assert_close(d[FC_ACTIVITY_DRV_SHIFT], 0.0, 0, 1e-15);
    assert_close(d[FC_ACTIVITY_DRV_INTERACTION], 0.01772348, 1e-11, 0);
    assert_close(d[FC_ACTIVITY_DRV_FINAL], act[1], 0, 0);
    assert_close(drv[FC_ACTIVITY_DRV_DEMOGRAPHIC], 2.0, 1e-14, 0); /* s0: 32 - 30 */
    assert_close(demog[1], 6.5757, 1e-15, 0);
    assert_close(req[0], 6.84135828 / (365 * 0.8), 1e-14, 0);
    fc_activity_year_ws_free(w);
}

/* A shift of 10% of s0 to s1 (3 units of s1 per unit of s0), fully in from 2021: in 2022
 * 3.2 of s0's 32 leave and 9.6 units of s1 arrive; s1 = 6.84135828 + 9.6. */
static void
test_activity_year_shift(void **state)
{
    static const fc_shift sh = {0, 1, 0.1, 3.0, 2021, 2021};
    const double pct[2] = {0.0, 2.0};
    double act[2], leave[1], arrive[1];
    fc_activity_year_model m;
    fc_activity_year_ws *w = fc_activity_year_ws_alloc(2, 2);
    fc_err err = {0};
    (void)state;
    yr_model(&m);
    m.shift = &sh, m.nshift = 1;
    assert_int_equal(fc_activity_year(&m, w, 0, 2022, pct, yr_pb, yr_pt, NULL, act, NULL,
                                      leave, arrive, NULL, NULL, &err), FC_OK);
    assert_close(leave[0], 3.2, 1e-14, 0);
    assert_close(arrive[0], 9.6, 1e-14, 0);
    assert_close(act[0], 28.8, 1e-14, 0);
    assert_close(act[1], 6.84135828 + 9.6, 1e-14, 0);
    fc_activity_year_ws_free(w);
}

/* The health-status adjustment inside fc_activity_year (interpolation weights found once per
 * sex and age for every service) gives the activity of fc_activity_hsa_rates' adjusted rates
 * applied to this year's population: single-year groups 0..6, the adjustment from age 2, half
 * of the gains in good health, life expectancy rising by uneven amounts; no growth or shift. */
static void
test_activity_year_hsa_matches_hsa_rates(void **state)
{
    enum { NG = 7 };
    double rate[2 * NG], pt[2 * NG], pb[2 * NG], ex[2 * 2 * NG], adj[NG], act[1], want = 0;
    const double pct[1] = {0.0};
    fc_activity_year_model m;
    fc_activity_year_ws *w = fc_activity_year_ws_alloc(1, NG);
    fc_err err = {0};
    (void)state;
    for (size_t i = 0; i < 2 * NG; i++) {
        rate[i] = 0.0137 * (double)(i % NG + 1) * (i < NG ? 1.0 : 1.3) + 0.001 * (double)(i % 3);
        pt[i] = 100.0 + 7.0 * (double)i;
        pb[i] = 90.0 + 5.0 * (double)i;
    }
    for (size_t s = 0; s < 2; s++)
        for (size_t x = 0; x < NG; x++) {
            double eb = 80.0 - (double)x, et = eb + 0.37 * (double)(x % 4) + 0.2 * (double)s;
            ex[(s * 2) * NG + x] = x >= 2 ? eb : 0.0;
            ex[(s * 2 + 1) * NG + x] = x >= 2 ? et : 0.0;
        }
    memset(&m, 0, sizeof m);
    m.nk = 1, m.ng = NG, m.narea = 1, m.rate = rate, m.base_year = 2020, m.step = 1, m.nt = 6;
    m.hsa = 1, m.hsa_fraction = 0.5, m.hsa_start_age = 2.0;
    assert_int_equal(fc_activity_year(&m, w, 0, 2025, pct, pb, pt, ex, act, NULL, NULL, NULL,
                                      NULL, NULL, &err), FC_OK);
    for (size_t s = 0; s < 2; s++) {
        assert_int_equal(fc_activity_hsa_rates(NG, 2.0, 0.5, rate + s * NG, ex + s * 2 * NG,
                                               ex + (s * 2 + 1) * NG, adj, &err), FC_OK);
        for (size_t x = 0; x < NG; x++)
            want += pt[s * NG + x] * adj[x];
    }
    assert_close(act[0], want, 1e-13, 0);
    /* a fraction outside [0, 1] is refused */
    m.hsa_fraction = 1.5;
    assert_int_equal(fc_activity_year(&m, w, 0, 2025, pct, pb, pt, ex, act, NULL, NULL, NULL,
                                      NULL, NULL, &err), FC_EDOM);
    fc_activity_year_ws_free(w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_activity_apply_hand),
        cmocka_unit_test(test_activity_neutral_exact),
        cmocka_unit_test(test_activity_growth_hand),
        cmocka_unit_test(test_activity_hsa_hand),
        cmocka_unit_test(test_activity_shift_hand),
        cmocka_unit_test(test_activity_capacity_hand),
        cmocka_unit_test(test_activity_decompose_hand),
        cmocka_unit_test(test_activity_decompose_invariant),
        cmocka_unit_test(test_activity_poisson_limits_hand),
        cmocka_unit_test(test_activity_dsr_hand),
        cmocka_unit_test(test_activity_smr_hand),
        cmocka_unit_test(test_activity_errors),
        cmocka_unit_test(test_activity_year_hand),
        cmocka_unit_test(test_activity_year_shift),
        cmocka_unit_test(test_activity_year_hsa_matches_hsa_rates),
    };
    return cmocka_run_group_tests_name("activity", tests, setup, NULL);
}
