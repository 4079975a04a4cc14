/* test_population.c: the cohort-component step on a hand-derived case, and its invariants. */
#include "models/population.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_util.h"

/* One area, ages 0, 1, 2+, one annual step, half the migrants at the start.
 * start_x = P_x + M_x/2;  N1 = start0 s0;  N2 = (start1 + start2) s2
 * B = sum_x asfr_x (startF_x + NF_x)/2 (x = 1 here);  B_M = B srb/(1+srb)
 * N0 = B_s sb_s;  then + M_x/2 at the end. */
static void
test_ccm_project_hand(void **state)
{
    (void)state;
    double pop0[6] = {101.3, 98.7, 250.4, 99.1, 97.2, 230.8};    /* F 0,1,2+ ; M 0,1,2+ */
    double s[6] = {0.9913, 0.9871, 0.8512, 0.9902, 0.9844, 0.8137};
    double s0[2] = {0.9958, 0.9951};
    double asfr[3] = {0.0, 0.0137, 0.0};
    double mig[6] = {2.385, -1.17, 4.02, 1.5, 0.83, -2.2};
    double out[12], b[2], d[2], m[2], adj[2];
    const double *ps[1] = {s}, *ps0[1] = {s0}, *pa[1] = {asfr}, *pm[1] = {mig};
    fc_ccm_params p = {1, 3, 1, 1.0, 1.05, FC_MIG_HALF, FC_CTL_NONE};
    fc_ccm_inputs in = {pop0, ps, ps0, pa, pm, NULL};
    fc_ccm_result r = {out, b, d, m, adj};
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_OK);

    double st[6];
    for (int i = 0; i < 6; i++)
        st[i] = pop0[i] + 0.5 * mig[i];
    double NF1 = st[0] * s[0], NF2 = (st[1] + st[2]) * s[2];
    double NM1 = st[3] * s[3], NM2 = (st[4] + st[5]) * s[5];
    double B = 0.0137 * (st[1] + NF1) / 2.0, BM = B * 1.05 / 2.05, BF = B - BM;
    assert_close(out[6 + 0], BF * s0[0] + 0.5 * mig[0], 1e-14, 0);
    assert_close(out[6 + 1], NF1 + 0.5 * mig[1], 1e-14, 0);
    assert_close(out[6 + 2], NF2 + 0.5 * mig[2], 1e-14, 0);
    assert_close(out[6 + 3], BM * s0[1] + 0.5 * mig[3], 1e-14, 0);
    assert_close(out[6 + 4], NM1 + 0.5 * mig[4], 1e-14, 0);
    assert_close(out[6 + 5], NM2 + 0.5 * mig[5], 1e-14, 0);
    assert_close(b[0], BF, 1e-14, 0);
    assert_close(b[1], BM, 1e-14, 0);
    assert_close(b[1] / b[0], 1.05, 1e-12, 0);
    /* deaths: start cohorts times (1 - s) plus births times (1 - s0) */
    double dF = st[0] * (1 - s[0]) + (st[1] + st[2]) * (1 - s[2]) + BF * (1 - s0[0]);
    assert_close(d[0], dF, 1e-12, 0);
    assert_close(m[0], mig[0] + mig[1] + mig[2], 1e-14, 0);
}

/* "All at end": migrants are not exposed to mortality and not in the births' exposure. */
static void
test_ccm_project_mig_end(void **state)
{
    (void)state;
    double pop0[6] = {101.3, 98.7, 250.4, 99.1, 97.2, 230.8};
    double s[6] = {0.9913, 0.9871, 0.8512, 0.9902, 0.9844, 0.8137};
    double s0[2] = {0.9958, 0.9951}, asfr[3] = {0.0, 0.0137, 0.0};
    double mig[6] = {2.385, -1.17, 4.02, 1.5, 0.83, -2.2}, out[12];
    const double *ps[1] = {s}, *ps0[1] = {s0}, *pa[1] = {asfr}, *pm[1] = {mig};
    fc_ccm_params p = {1, 3, 1, 1.0, 1.05, FC_MIG_END, FC_CTL_NONE};
    fc_ccm_inputs in = {pop0, ps, ps0, pa, pm, NULL};
    fc_ccm_result r = {out, NULL, NULL, NULL, NULL};
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_OK);
    double NF1 = pop0[0] * s[0];
    double B = 0.0137 * (pop0[1] + NF1) / 2.0, BF = B - B * 1.05 / 2.05;
    assert_close(out[6 + 1], NF1 + mig[1], 1e-14, 0);
    assert_close(out[6 + 0], BF * s0[0] + mig[0], 1e-14, 0);
}

/* Invariants over many areas and steps: accounting, non-negativity (large emigration), and
 * control totals met exactly by proportional scaling. */
static void
test_ccm_project_invariants(void **state)
{
    (void)state;
    enum { NA = 7, NG = 12, NS = 9 };
    static double pop0[NA * 2 * NG], s[NA * 2 * NG], s0[NA * 2], asfr[NA * NG], mig[NA * 2 * NG];
    static double out[NA * (NS + 1) * 2 * NG], comp[4][NA * NS * 2];
    double ctl[NS];
    const double *ps[NS], *ps0[NS], *pa[NS], *pm[NS], *pc[NS];
    unsigned seed = 12345;
    for (int i = 0; i < NA * 2 * NG; i++) {
        seed = seed * 1103515245u + 12345u;
        pop0[i] = 50.0 + (seed >> 16) % 1000 * 0.37;
        s[i] = 0.80 + (double)((seed >> 8) % 200) / 1000.0;
        mig[i] = ((double)((seed >> 4) % 400) - 250.0) * 0.21; /* some big outflows */
    }
    for (int i = 0; i < NA * 2; i++)
        s0[i] = 0.9953;
    for (int i = 0; i < NA * NG; i++)
        asfr[i] = (i % NG >= 3 && i % NG <= 8) ? 0.0613 : 0.0;
    for (int t = 0; t < NS; t++) {
        ps[t] = s, ps0[t] = s0, pa[t] = asfr, pm[t] = mig;
        ctl[t] = 9000.0 + 137.0 * t;
        pc[t] = t % 2 ? &ctl[t] : NULL; /* constrain every other year */
    }
    fc_ccm_params p = {NA, NG, NS, 1.0, 1.051, FC_MIG_HALF, FC_CTL_TOTAL};
    fc_ccm_inputs in = {pop0, ps, ps0, pa, pm, pc};
    fc_ccm_result r = {out, comp[0], comp[1], comp[2], comp[3]};
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_OK);
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++)
        assert_true(out[i] >= 0.0);
    for (int t = 0; t < NS; t++) {
        double total = 0.0;
        for (int a = 0; a < NA; a++)
            for (int sx = 0; sx < 2; sx++) {
                const double *P0 = out + ((a * (NS + 1) + t) * 2 + sx) * NG, *P1 = P0 + 2 * NG;
                double s_0 = 0, s_1 = 0;
                for (int g = 0; g < NG; g++)
                    s_0 += P0[g], s_1 += P1[g];
                int k = (a * NS + t) * 2 + sx;
                assert_close(s_1, s_0 + comp[0][k] - comp[1][k] + comp[2][k] + comp[3][k], 1e-12,
                             1e-9);
                total += s_1;
                if (!pc[t])
                    assert_close(comp[3][k], 0.0, 0, 0);
            }
        if (pc[t])
            assert_close(total, ctl[t], 1e-13, 0);
    }
}

static void
test_ccm_project_errors(void **state)
{
    (void)state;
    double pop0[6] = {1, 2, 3, 4, 5, -6}, s[6] = {0.9, 0.9, 0.9, 0.9, 0.9, 0.9}, s0[2] = {1, 1};
    double asfr[3] = {0}, out[12];
    const double *ps[1] = {s}, *ps0[1] = {s0}, *pa[1] = {asfr};
    fc_ccm_params p = {1, 3, 1, 1.0, 1.05, FC_MIG_HALF, FC_CTL_NONE};
    fc_ccm_inputs in = {pop0, ps, ps0, pa, NULL, NULL};
    fc_ccm_result r = {out, NULL, NULL, NULL, NULL};
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_EDOM);
    pop0[5] = 6;
    p.n_age = 2;
    fc_err_clear(&err);
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ccm_project_hand),
        cmocka_unit_test(test_ccm_project_mig_end),
        cmocka_unit_test(test_ccm_project_invariants),
        cmocka_unit_test(test_ccm_project_errors),
    };
    return cmocka_run_group_tests_name("population", tests, NULL, NULL);
}
