/* test_lifetable.c: life tables and survival ratios on hand-derived small cases. */
#include "models/lifetable.h"

#include <math.h>
#include <stdlib.h>

#include "tests/test_util.h"

/* Single-year table, ages 0, 1, 2+, female, Coale-Demeny:
 *   a0 = 0.053 + 2.8 m0;  q0 = m0 / (1 + (1 - a0) m0);  l1 = 1 - q0;  L0 = l1 + a0 (1 - l1)
 *   q1 = m1 / (1 + 0.5 m1);  l2 = l1 (1 - q1);  L1 = l2 + 0.5 (l1 - l2);  L2 = l2 / m2
 *   T2 = L2, T1 = L1 + L2, T0 = L0 + T1;  e0 = T0 */
static void
test_lifetable_single_hand(void **state)
{
    (void)state;
    const double m[3] = {0.0137, 0.0021, 0.385};
    fc_err err;
    fc_err_clear(&err);
    fc_lifetable *lt = fc_lifetable_alloc(3);
    assert_int_equal(fc_lifetable_compute(lt, m, FC_LT_SINGLE, 0, FC_A0_COALE_DEMENY, &err), FC_OK);
    double a0 = 0.053 + 2.8 * 0.0137;
    double q0 = 0.0137 / (1 + (1 - a0) * 0.0137), l1 = 1 - q0, L0 = l1 + a0 * (1 - l1);
    double q1 = 0.0021 / (1 + 0.5 * 0.0021), l2 = l1 * (1 - q1), L1 = l2 + 0.5 * (l1 - l2);
    double L2 = l2 / 0.385;
    assert_close(lt->ax[0], a0, 1e-14, 0);
    assert_close(lt->qx[0], q0, 1e-14, 0);
    assert_close(lt->lx[2], l2, 1e-14, 0);
    assert_close(lt->Lx[0], L0, 1e-14, 0);
    assert_close(lt->Lx[1], L1, 1e-14, 0);
    assert_close(lt->Lx[2], L2, 1e-14, 0);
    assert_close(lt->ex[0], L0 + L1 + L2, 1e-14, 0);
    assert_close(lt->ex[1], (L1 + L2) / l1, 1e-14, 0);
    assert_close(lt->qx[2], 1.0, 0, 0);

    /* survival on the same grid: s0 = L0, s[0] = L1/L0, open = L2/(L1+L2) */
    size_t first[3] = {0, 1, 2};
    double s0, s[3];
    assert_int_equal(fc_lifetable_survival(lt, first, 3, 1.0, &s0, s, &err), FC_OK);
    assert_close(s0, L0, 1e-14, 0);
    assert_close(s[0], L1 / L0, 1e-14, 0);
    assert_close(s[1], L2 / (L1 + L2), 1e-14, 0);
    assert_close(s[2], L2 / (L1 + L2), 1e-14, 0);
    fc_lifetable_free(lt);
}

/* Andreev-Kingkade a0 for a male with m0 = 0.0137 (< 0.0230): 0.14929 - 1.99545 m0 */
static void
test_lifetable_a0_ak(void **state)
{
    (void)state;
    const double m[3] = {0.0137, 0.0021, 0.385};
    fc_err err;
    fc_err_clear(&err);
    fc_lifetable *lt = fc_lifetable_alloc(3);
    assert_int_equal(fc_lifetable_compute(lt, m, FC_LT_SINGLE, 1, FC_A0_ANDREEV_KINGKADE, &err),
                     FC_OK);
    assert_close(lt->ax[0], 0.14929 - 1.99545 * 0.0137, 1e-14, 0);
    fc_lifetable_free(lt);
}

/* Abridged: ax rules. m = Gompertz-like; check 1a0, 4a1 (CD male), 2.5 at 5-9 and 10-14,
 * Greville at 15-19 with k = 0.1 ln(m20/m10) and at the last closed group with the open
 * group's rate, floor 0.97 at 40+. */
static void
test_lifetable_abridged_ax(void **state)
{
    (void)state;
    double m[12];
    fc_err err;
    fc_err_clear(&err);
    m[0] = 0.0043;
    m[1] = 0.00021;
    for (int i = 2; i < 12; i++)
        m[i] = 0.0003 * exp(0.45 * (i - 2));
    fc_lifetable *lt = fc_lifetable_alloc(12);
    assert_int_equal(fc_lifetable_compute(lt, m, FC_LT_ABRIDGED, 1, FC_A0_COALE_DEMENY, &err),
                     FC_OK);
    assert_close(lt->ax[0], 0.045 + 2.684 * 0.0043, 1e-14, 0);
    assert_close(lt->ax[1], 1.651 - 2.816 * 0.0043, 1e-14, 0);
    assert_close(lt->ax[2], 2.5, 0, 0);
    assert_close(lt->ax[3], 2.5, 0, 0);
    double k = 0.1 * log(m[5] / m[3]);
    assert_close(lt->ax[4], 2.5 - 25.0 / 12.0 * (m[4] - k), 1e-14, 0);
    assert_true(lt->ax[10] >= 0.97);
    /* the last closed group takes k from the open group's rate (m11), then the floor */
    k = 0.1 * log(m[11] / m[9]);
    assert_close(lt->ax[10], fmax(2.5 - 25.0 / 12.0 * (m[10] - k), 0.97), 1e-14, 0);
    assert_close(lt->qx[1], 4 * m[1] / (1 + (4 - lt->ax[1]) * m[1]), 1e-14, 0);
    assert_close(lt->Lx[11], lt->lx[11] / m[11], 1e-14, 0);
    /* survival to a 5-year grid: group 0 = rows 0 and 1 */
    size_t first[11] = {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    double s0, s[11];
    assert_int_equal(fc_lifetable_survival(lt, first, 11, 5.0, &s0, s, &err), FC_OK);
    assert_close(s0, (lt->Lx[0] + lt->Lx[1]) / 5.0, 1e-14, 0);
    assert_close(s[0], lt->Lx[2] / (lt->Lx[0] + lt->Lx[1]), 1e-14, 0);
    fc_lifetable_free(lt);
}

static void
test_lifetable_errors(void **state)
{
    (void)state;
    const double neg[3] = {0.01, -0.002, 0.3}, zero_open[3] = {0.01, 0.002, 0.0};
    fc_err err;
    fc_lifetable *lt = fc_lifetable_alloc(3);
    fc_err_clear(&err);
    assert_int_equal(fc_lifetable_compute(lt, neg, FC_LT_SINGLE, 0, FC_A0_COALE_DEMENY, &err),
                     FC_EDOM);
    fc_err_clear(&err);
    assert_int_equal(fc_lifetable_compute(lt, zero_open, FC_LT_SINGLE, 0, 0, &err), FC_EDOM);
    fc_err_clear(&err);
    assert_int_equal(fc_lifetable_compute(lt, neg, FC_LT_ABRIDGED, 0, 0, &err), FC_EINVAL);
    fc_lifetable_free(lt);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lifetable_single_hand),
        cmocka_unit_test(test_lifetable_a0_ak),
        cmocka_unit_test(test_lifetable_abridged_ax),
        cmocka_unit_test(test_lifetable_errors),
    };
    return cmocka_run_group_tests_name("lifetable", tests, NULL, NULL);
}
