/* test_population.c: the cohort-component step on a hand-derived case, and its invariants;
 * the rates a projection steps with (models/projrates). */
#include "models/population.h"
#include "models/projrates.h"

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
    fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa, .mig = pm, .ctl = NULL};
    fc_ccm_result r = {.pop = out, .births = b, .deaths = d, .migration = m, .adjust = adj};
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
    double dM = st[3] * (1 - s[3]) + (st[4] + st[5]) * (1 - s[5]) + BM * (1 - s0[1]);
    assert_close(d[0], dF, 1e-12, 0);
    assert_close(d[1], dM, 1e-12, 0);
    assert_close(m[0], mig[0] + mig[1] + mig[2], 1e-14, 0);
    assert_close(m[1], mig[3] + mig[4] + mig[5], 1e-14, 0);
    /* no control totals: nothing adjusted, for either sex */
    assert_close(adj[0], 0, 0, 0);
    assert_close(adj[1], 0, 0, 0);
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
    fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa, .mig = pm, .ctl = NULL};
    fc_ccm_result r = {.pop = out, .births = NULL, .deaths = NULL, .migration = NULL, .adjust = NULL};
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
    fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa, .mig = pm, .ctl = pc};
    fc_ccm_result r = {.pop = out, .births = comp[0], .deaths = comp[1], .migration = comp[2], .adjust = comp[3]};
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

/* Out-migration by rates: with no mortality and no births, one annual step at a uniform rate r
 * leaves exactly (1 - r) of each cohort (aged on a year), whatever the timing. */
static void
test_ccm_outflow_rate_exact(void **state)
{
    (void)state;
    const double r_ = 0.07;
    double pop0[6] = {100, 200, 300, 110, 220, 330}, one[6] = {1, 1, 1, 1, 1, 1}, s0[2] = {1, 1};
    double asfr[3] = {0, 0, 0}, o[6], out[12], b[2], d[2], m[2], adj[2], in_[2], ou[2];
    const double *ps[1] = {one}, *ps0[1] = {s0}, *pa[1] = {asfr}, *po[1] = {o};
    for (int i = 0; i < 6; i++)
        o[i] = r_;
    for (int timing = 0; timing < 2; timing++) {
        fc_ccm_params p = {1, 3, 1, 1.0, 1.05, timing ? FC_MIG_END : FC_MIG_HALF, FC_CTL_NONE};
        fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa, .out = po};
        fc_ccm_result r = {.pop = out, .births = b, .deaths = d, .migration = m, .adjust = adj,
                           .inflow = in_, .outflow = ou};
        fc_err err;
        fc_err_clear(&err);
        assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_OK);
        for (int sx = 0; sx < 2; sx++) {
            const double *P = pop0 + 3 * sx, *N = out + 6 + 3 * sx;
            assert_close(N[0], 0.0, 0, 0);
            assert_close(N[1], 0.93 * P[0], 1e-15, 0);
            assert_close(N[2], 0.93 * (P[1] + P[2]), 1e-15, 0);
            assert_close(ou[sx], 0.07 * (P[0] + P[1] + P[2]), 1e-14, 0);
            assert_close(m[sx], -ou[sx], 1e-14, 0);
            assert_close(in_[sx], 0.0, 0, 0);
            assert_close(d[sx], 0.0, 0, 1e-12);
        }
    }
}

/* Rates, in-migrants and mortality together, half at the start (h = 1/2), derived by hand:
 *   start_x = P_x - h o_x P_x + h I_x;  N_{x+1} = start_x s_x - (1-h) o_x P_x s_x + (1-h) I_{x+1}
 *   outflow = sum h o P + (1-h) o P s;   deaths = sum start_x (1 - s_x) (no births). */
static void
test_ccm_flows_hand(void **state)
{
    (void)state;
    double pop0[6] = {101.3, 98.7, 250.4, 99.1, 97.2, 230.8};
    double s[6] = {0.9913, 0.9871, 0.8512, 0.9902, 0.9844, 0.8137}, s0[2] = {0.9958, 0.9951};
    double asfr[3] = {0, 0, 0}, o[6] = {0.02, 0.05, 0.01, 0.03, 0.04, 0.0};
    double I[6] = {3.1, 5.2, 1.7, 2.2, 6.3, 0.5}, out[12], b[2], d[2], m[2], adj[2], in_[2], ou[2];
    const double *ps[1] = {s}, *ps0[1] = {s0}, *pa[1] = {asfr}, *po[1] = {o}, *pi[1] = {I};
    fc_ccm_params p = {1, 3, 1, 1.0, 1.05, FC_MIG_HALF, FC_CTL_NONE};
    fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa, .out = po, .inflow = pi};
    fc_ccm_result r = {.pop = out, .births = b, .deaths = d, .migration = m, .adjust = adj,
                       .inflow = in_, .outflow = ou};
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_OK);
    for (int sx = 0; sx < 2; sx++) {
        const double *P = pop0 + 3 * sx, *S = s + 3 * sx, *O = o + 3 * sx, *J = I + 3 * sx;
        const double *N = out + 6 + 3 * sx;
        double st0 = P[0] - 0.5 * O[0] * P[0] + 0.5 * J[0];
        double st1 = P[1] - 0.5 * O[1] * P[1] + 0.5 * J[1];
        double st2 = P[2] - 0.5 * O[2] * P[2] + 0.5 * J[2];
        double e1 = 0.5 * O[0] * P[0] * S[0], e2 = 0.5 * (O[1] * P[1] + O[2] * P[2]) * S[2];
        assert_close(N[0], 0.5 * J[0], 1e-14, 0); /* no births: only the end in-migrants */
        assert_close(N[1], st0 * S[0] - e1 + 0.5 * J[1], 1e-13, 0);
        assert_close(N[2], (st1 + st2) * S[2] - e2 + 0.5 * J[2], 1e-13, 0);
        assert_close(ou[sx], 0.5 * (O[0] * P[0] + O[1] * P[1] + O[2] * P[2]) + e1 + e2, 1e-13,
                     0);
        assert_close(in_[sx], J[0] + J[1] + J[2], 1e-13, 0);
        assert_close(d[sx], st0 * (1 - S[0]) + (st1 + st2) * (1 - S[2]), 1e-12, 0);
        assert_close(m[sx], in_[sx] - ou[sx], 1e-13, 0);
    }
    /* without in-migrants, a cohort that leaves at a rate ends (1 - o) P s whatever the
     * timing */
    in.inflow = NULL;
    for (int timing = 0; timing < 2; timing++) {
        p.mig_timing = timing ? FC_MIG_END : FC_MIG_HALF;
        assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_OK);
        for (int sx = 0; sx < 2; sx++) {
            const double *P = pop0 + 3 * sx, *S = s + 3 * sx, *O = o + 3 * sx;
            assert_close(out[6 + 3 * sx + 1], (1 - O[0]) * P[0] * S[0], 1e-13, 0);
            assert_close(out[6 + 3 * sx + 2], ((1 - O[1]) * P[1] + (1 - O[2]) * P[2]) * S[2],
                         1e-13, 0);
        }
    }
}

/* Flows between areas: 20% of area 0's women aged 1 move to area 1 over the step. Half leave
 * at the start (10 people, then exposed to area 1's mortality 0.8), half at the end after
 * surviving area 0's (0.5 * 20 * 0.9 = 9): area 1 gains 8 + 9 = 17 at age 2+, area 0 keeps
 * (100 - 20) * 0.9 = 72. With no mortality, the sum over three areas with moves in every
 * direction is unchanged. */
static void
test_ccm_flows_between_areas(void **state)
{
    (void)state;
    enum { NA = 3, NG = 3 };
    double pop0[NA * 2 * NG] = {0, 100, 0, 0, 0, 0, /* area 0 */
                                0, 0, 0, 0, 0, 0, /* area 1 */
                                0, 0, 0, 0, 0, 0};
    double s[NA * 2 * NG], s0[NA * 2], asfr[NA * NG] = {0}, out[NA * 2 * 2 * NG];
    double work[3 * NA * 2 * NG], in_[NA * 2], ou[NA * 2], m[NA * 2];
    const size_t from[1] = {0}, to[1] = {1}, cell[1] = {1};
    const double share[1] = {0.2};
    const fc_ccm_flows fl = {1, from, to, cell, share}, *pf[1] = {&fl};
    const double *ps[1] = {s}, *ps0[1] = {s0}, *pa[1] = {asfr};
    fc_ccm_params p = {NA, NG, 1, 1.0, 1.05, FC_MIG_HALF, FC_CTL_NONE};
    fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa, .flows = pf};
    fc_ccm_result r = {.pop = out, .migration = m, .inflow = in_, .outflow = ou, .work = work};
    fc_err err;
    for (int i = 0; i < NA * 2 * NG; i++)
        s[i] = i < 2 * NG ? 0.9 : 0.8;
    for (int i = 0; i < NA * 2; i++)
        s0[i] = 1.0;
    fc_err_clear(&err);
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_OK);
    assert_close(out[(0 * 2 + 1) * 2 * NG + 2], 72.0, 1e-13, 0);
    assert_close(out[(1 * 2 + 1) * 2 * NG + 2], 17.0, 1e-13, 0);
    assert_close(ou[0], 19.0, 1e-13, 0);
    assert_close(in_[2], 19.0, 1e-13, 0); /* area 1, F */
    assert_close(m[0] + m[2], 0.0, 0, 1e-13);
    /* the same flows cannot be projected area by area */
    assert_int_equal(fc_ccm_project_areas(&p, &in, 0, NA, &r, &err), FC_EINVAL);

    /* no mortality, moves every way, three steps: the total never changes */
    {
        enum { NS = 3 };
        static double big[NA * (NS + 1) * 2 * NG];
        const size_t f2[5] = {0, 1, 2, 2, 1}, t2[5] = {1, 2, 0, 1, 0}, c2[5] = {1, 5, 2, 0, 3};
        const double sh2[5] = {0.3, 0.45, 0.2, 0.6, 0.1};
        const fc_ccm_flows fl2 = {5, f2, t2, c2, sh2}, *pf2[NS] = {&fl2, &fl2, &fl2};
        const double *ps3[NS] = {s, s, s}, *ps03[NS] = {s0, s0, s0}, *pa3[NS] = {asfr, asfr, asfr};
        double tot0 = 0.0;
        for (int i = 0; i < NA * 2 * NG; i++) {
            pop0[i] = 10.0 + 7.0 * i;
            tot0 += pop0[i];
            s[i] = 1.0;
        }
        fc_ccm_params p3 = {NA, NG, NS, 1.0, 1.05, FC_MIG_HALF, FC_CTL_NONE};
        fc_ccm_inputs in3 = {.pop0 = pop0, .s = ps3, .s0 = ps03, .asfr = pa3, .flows = pf2};
        fc_ccm_result r3 = {.pop = big, .work = work};
        assert_int_equal(fc_ccm_project(&p3, &in3, &r3, &err), FC_OK);
        for (int t = 0; t <= NS; t++) {
            double tot = 0.0;
            for (int a = 0; a < NA; a++)
                for (int k = 0; k < 2 * NG; k++)
                    tot += big[(a * (NS + 1) + t) * 2 * NG + k];
            assert_close(tot, tot0, 1e-14, 0);
        }
        /* more than everyone leaving a cell is an error */
        const double sh3[5] = {0.3, 0.45, 0.5, 0.6, 0.1}; /* area 2 sends 0.5 + 0.6 of cell 0 */
        const size_t c3[5] = {1, 5, 0, 0, 3};
        const fc_ccm_flows fl3 = {5, f2, t2, c3, sh3}, *pf3[NS] = {&fl3, &fl3, &fl3};
        in3.flows = pf3;
        assert_int_equal(fc_ccm_project(&p3, &in3, &r3, &err), FC_EDOM);
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
    fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa};
    fc_ccm_result r = {.pop = out, .births = NULL, .deaths = NULL, .migration = NULL, .adjust = NULL};
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_EDOM);
    pop0[5] = 6;
    p.n_age = 2;
    fc_err_clear(&err);
    assert_int_equal(fc_ccm_project(&p, &in, &r, &err), FC_EINVAL);
}

/* Two areas, ages 0, 1, 2+ (single years, nm = ng = 3), two mortality years, three annual
 * steps. For area a, sex x, table year y the rates must be:
 *   s, s0 = fc_lifetable_survival(life table of mx * mortality factor, width 1)
 *   asfr  = asfr * fertility factor;  mig = net a year * migration factor * step years
 * and the step pointers pick table year mi[t] (fi, gi likewise). */
static const double pr_mx[2 * 2 * 2 * 3] = {
    /* year 0: area 0 F, M; area 1 F, M */
    0.004, 0.0005, 0.09, 0.005, 0.0006, 0.11, 0.006, 0.0007, 0.10, 0.007, 0.0008, 0.12,
    /* year 1 */
    0.003, 0.0004, 0.08, 0.004, 0.0005, 0.10, 0.005, 0.0006, 0.09, 0.006, 0.0007, 0.11};
static const double pr_asfr[2 * 3] = {0, 0.06, 0.01, 0, 0.07, 0.02};
static const double pr_mig[2 * 2 * 3] = {10, -3, 4, 9, -2, 5, 1, 2, 3, -4, 5, -6};
static const size_t pr_first[3] = {0, 1, 2}, pr_mi[3] = {0, 1, 1}, pr_fi[3] = {0, 0, 0},
                    pr_gi[3] = {0, 0, 0};

static fc_prates_base
pr_base(void)
{
    fc_prates_base b = {.na = 2, .ng = 3, .nm = 3, .nstep = 3, .step = 1.0, .nmy = 2, .nfy = 1,
                        .ngy = 1, .mx = pr_mx, .asfr = pr_asfr, .mig = pr_mig, .mi = pr_mi,
                        .fi = pr_fi, .gi = pr_gi, .first = pr_first, .lt_kind = FC_LT_SINGLE,
                        .a0_rule = FC_A0_COALE_DEMENY};
    return b;
}

static void
test_prates_against_hand(void **state)
{
    const fc_prates_base b = pr_base();
    const fc_prates_scale sc = {1.25, 0.8, 1.5, 1.0, 1.0};
    fc_prates *r = fc_prates_alloc(&b, 2, 1);
    fc_lifetable *lt = fc_lifetable_alloc(3);
    fc_err err;
    size_t bad = 99;
    (void)state;
    assert_non_null(r);
    assert_non_null(lt);
    fc_err_clear(&err);
    assert_int_equal(fc_prates_build(&b, r, sc, 0, 2, &bad, &err), FC_OK);
    for (size_t y = 0; y < 2; y++)
        for (size_t k = 0; k < 4; k++) { /* area * 2 + sex */
            double mx[3], s[3], s0;
            for (size_t i = 0; i < 3; i++)
                mx[i] = pr_mx[(y * 4 + k) * 3 + i] * 1.25;
            assert_int_equal(fc_lifetable_compute(lt, mx, FC_LT_SINGLE, (int)(k % 2),
                                                  FC_A0_COALE_DEMENY, &err), FC_OK);
            assert_int_equal(fc_lifetable_survival(lt, pr_first, 3, 1.0, &s0, s, &err), FC_OK);
            assert_true(s0 == r->s0[y * 4 + k]);
            for (size_t g = 0; g < 3; g++) {
                assert_true(s[g] == r->s[(y * 4 + k) * 3 + g]);
                assert_true(lt->ex[g] == r->ex[(y * 4 + k) * 3 + g]);
                assert_true(r->lt[y * 4 + k]->mx[g] == mx[g]); /* the kept tables */
            }
            assert_true(s0 > 0.99 && s0 < 1 && s[0] > 0.99 && s[2] < 0.95);
        }
    /* hand: area 1's ASFR at age 1 is 0.07 * 0.8; area 0 F's net migrants at age 0 are
     * 10 a year * 1.5 = 15, area 1 M's at age 2+ -6 * 1.5 = -9 */
    assert_close(r->asfr[3 + 1], 0.056, 1e-15, 0);
    assert_true(r->mig[0] == 15.0);
    assert_true(r->mig[11] == -9.0);
    /* steps 1 and 2 use mortality year 1; every step the one fertility and migration year */
    assert_ptr_equal(r->ps[0], r->s);
    assert_ptr_equal(r->ps[1], r->s + 4 * 3);
    assert_ptr_equal(r->ps0[2], r->s0 + 4);
    assert_ptr_equal(r->pasfr[2], r->asfr);
    assert_ptr_equal(r->pmig[1], r->mig);
    fc_prates_free(r);
    /* five-year steps: a step's migrants are five years' (10 * 1.5 * 5 = 75) */
    fc_prates_base b5 = pr_base();
    b5.step = 5.0;
    assert_non_null(r = fc_prates_alloc(&b5, 2, 0));
    assert_int_equal(fc_prates_build(&b5, r, sc, 0, 2, &bad, &err), FC_OK);
    assert_true(r->mig[0] == 75.0);
    assert_null(r->lt);
    fc_lifetable_free(lt);
    fc_prates_free(r);
}

/* One area at a time (a draw's workspace): the rates of area 1 alone equal the rates of both
 * areas' second half; the life tables are rebuilt when the factor or the areas change, and
 * a life table that cannot be built names its area and sex. */
static void
test_prates_areas_cache_errors(void **state)
{
    fc_prates_base b = pr_base();
    fc_prates *all = fc_prates_alloc(&b, 2, 0), *one = fc_prates_alloc(&b, 1, 0);
    fc_prates_scale sc = {1.0, 1.0, 1.0, 1.0, 1.0};
    double bad_mx[sizeof pr_mx / sizeof pr_mx[0]];
    fc_err err;
    size_t bad = 99;
    (void)state;
    assert_non_null(all);
    assert_non_null(one);
    fc_err_clear(&err);
    assert_int_equal(fc_prates_build(&b, all, sc, 0, 2, &bad, &err), FC_OK);
    assert_int_equal(fc_prates_build(&b, one, sc, 1, 2, &bad, &err), FC_OK);
    for (size_t g = 0; g < 3; g++) {
        assert_true(one->s[1 * 3 + g] == all->s[(1 * 2 + 1) * 3 + g]);       /* year 0, M */
        assert_true(one->s[(2 + 1) * 3 + g] == all->s[(4 + 3) * 3 + g]);     /* year 1, M */
        assert_true(one->mig[3 + g] == all->mig[3 * 3 + g]);
    }
    /* a mortality factor of 2 changes the survival; back to 1, the first values again */
    double s_at_1 = one->s[0];
    sc.mortality = 2.0;
    assert_int_equal(fc_prates_build(&b, one, sc, 1, 2, &bad, &err), FC_OK);
    assert_true(one->s[0] < s_at_1);
    sc.mortality = 1.0;
    assert_int_equal(fc_prates_build(&b, one, sc, 1, 2, &bad, &err), FC_OK);
    assert_true(one->s[0] == s_at_1);
    /* bad ranges */
    assert_int_equal(fc_prates_build(&b, one, sc, 0, 2, &bad, &err), FC_EINVAL); /* > cap */
    fc_err_clear(&err);
    assert_int_equal(fc_prates_build(&b, one, sc, 1, 1, &bad, &err), FC_EINVAL);
    fc_err_clear(&err);
    /* area 1, M, year 1: a zero rate in the open group cannot close the table */
    memcpy(bad_mx, pr_mx, sizeof bad_mx);
    bad_mx[(4 + 3) * 3 + 2] = 0;
    b.mx = bad_mx;
    sc.mortality = 1.5; /* not cached */
    assert_int_equal(fc_prates_build(&b, all, sc, 0, 2, &bad, &err), FC_EDATA);
    assert_int_equal(bad, 1 * 2 + 1);
    assert_true(err.msg[0] != '\0');
    fc_prates_free(all);
    fc_prates_free(one);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ccm_project_hand),
        cmocka_unit_test(test_ccm_project_mig_end),
        cmocka_unit_test(test_ccm_project_invariants),
        cmocka_unit_test(test_ccm_project_errors),
        cmocka_unit_test(test_ccm_outflow_rate_exact),
        cmocka_unit_test(test_ccm_flows_hand),
        cmocka_unit_test(test_ccm_flows_between_areas),
        cmocka_unit_test(test_prates_against_hand),
        cmocka_unit_test(test_prates_areas_cache_errors),
    };
    return cmocka_run_group_tests_name("population", tests, NULL, NULL);
}
