/* lifetable.c: life tables from mx and projection survival ratios (see lifetable.h for the
 * equations and sources). */
#include "models/lifetable.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

fc_lifetable *
fc_lifetable_alloc(size_t n)
{
    fc_lifetable *lt;
    double *block;

    if (n < 2 || (lt = calloc(1, sizeof *lt)) == NULL)
        return NULL;
    if ((block = calloc(11 * n, sizeof *block)) == NULL) {
        free(lt);
        return NULL;
    }
    lt->n = n;
    lt->age = block;
    lt->width = block + n;
    lt->mx = block + 2 * n;
    lt->ax = block + 3 * n;
    lt->qx = block + 4 * n;
    lt->lx = block + 5 * n;
    lt->dx = block + 6 * n;
    lt->Lx = block + 7 * n;
    lt->Tx = block + 8 * n;
    lt->ex = block + 9 * n;
    return lt;
}

void
fc_lifetable_free(fc_lifetable *lt)
{
    if (lt == NULL)
        return;
    free(lt->age);
    free(lt);
}

/* a0 and 4a1 (Coale-Demeny as re-estimated on m0, Preston et al. 2001 p.48; Andreev-Kingkade
 * for a0 only). sex 0 female, 1 male. */
static void
a0_a1(double m0, int sex, fc_a0_rule rule, double *a0, double *a1)
{
    if (sex == 0) {
        *a0 = m0 < 0.107 ? 0.053 + 2.8 * m0 : 0.35;
        *a1 = m0 < 0.107 ? 1.522 - 1.518 * m0 : 1.361;
    } else {
        *a0 = m0 < 0.107 ? 0.045 + 2.684 * m0 : 0.33;
        *a1 = m0 < 0.107 ? 1.651 - 2.816 * m0 : 1.352;
    }
    if (rule == FC_A0_ANDREEV_KINGKADE) {
        if (sex == 0)
            *a0 = m0 < 0.01724 ? 0.14903 - 2.05527 * m0
                               : (m0 < 0.06891 ? 0.04667 + 3.88089 * m0 : 0.31411);
        else
            *a0 = m0 < 0.0230 ? 0.14929 - 1.99545 * m0
                              : (m0 < 0.08307 ? 0.02832 + 3.26021 * m0 : 0.29915);
    }
}

static double
greville_k(double m_next, double m_prev)
{
    return 0.1 * log(fmax(m_next / fmax(m_prev, DBL_MIN), DBL_MIN));
}

fc_status
fc_lifetable_compute(fc_lifetable *lt, const double mx[], fc_lt_kind kind, int sex,
                     fc_a0_rule rule, fc_err *err)
{
    size_t n = lt->n, w = n - 1, i;
    double a0, a1;

    if (kind != FC_LT_SINGLE && kind != FC_LT_ABRIDGED)
        return FC_FAIL(err, FC_EINVAL, "life table kind must be single or abridged");
    if (kind == FC_LT_ABRIDGED && n < 7)
        return FC_FAIL(err, FC_EINVAL, "an abridged life table needs at least 7 age groups");
    for (i = 0; i < n; i++) {
        if (!isfinite(mx[i]) || mx[i] < 0.0)
            return FC_FAIL(err, FC_EDOM, "death rate %g at group %zu is not a finite rate >= 0",
                           mx[i], i);
        lt->mx[i] = mx[i];
    }
    if (!(mx[w] > 0.0))
        return FC_FAIL(err, FC_EDOM, "death rate of the open age group must be positive");
    lt->kind = kind;

    /* ages, widths and ax */
    a0_a1(mx[0], sex, rule, &a0, &a1);
    if (kind == FC_LT_SINGLE) {
        for (i = 0; i < n; i++) {
            lt->age[i] = (double)i;
            lt->width[i] = 1.0;
            lt->ax[i] = 0.5;
        }
        lt->ax[0] = a0;
    } else {
        for (i = 0; i < n; i++) {
            lt->age[i] = i == 0 ? 0.0 : (i == 1 ? 1.0 : 5.0 * (double)(i - 1));
            lt->width[i] = i == 0 ? 1.0 : (i == 1 ? 4.0 : 5.0);
        }
        lt->ax[0] = a0;
        lt->ax[1] = a1;
        lt->ax[2] = 2.5; /* 5-9 and 10-14: "for compatibility with computations at the UN" */
        lt->ax[3] = 2.5;
        /* Greville with the next group's rate, the open group's included for the last
         * closed group. (MortCast reuses the previous k for its last closed group, but it
         * closes at 130, where that group hardly matters; closing at 100+ it costs 2.7% of
         * the UK's 2025 100+ women against WPP2019, while the open group's rate lands within
         * 0.4%: see tests/test_validate_wpp.c.) */
        for (i = 4; i < w; i++) {
            double k = greville_k(mx[i + 1], mx[i - 1]);
            lt->ax[i] = 2.5 - (25.0 / 12.0) * (mx[i] - k);
        }
        for (i = 10; i < w; i++)
            if (lt->ax[i] < 0.97)
                lt->ax[i] = 0.97;
    }
    lt->width[w] = 0.0;

    /* qx, lx, Lx */
    lt->lx[0] = 1.0;
    for (i = 0; i < w; i++) {
        double nw = lt->width[i];
        lt->qx[i] = nw * mx[i] / (1.0 + (nw - lt->ax[i]) * mx[i]);
        if (lt->qx[i] > 1.0)
            lt->qx[i] = 1.0;
        lt->lx[i + 1] = fmax(lt->lx[i] * (1.0 - lt->qx[i]), DBL_MIN);
        lt->Lx[i] = nw * lt->lx[i + 1] + lt->ax[i] * (lt->lx[i] - lt->lx[i + 1]);
        lt->dx[i] = lt->lx[i] - lt->lx[i + 1];
    }
    lt->qx[w] = 1.0;
    lt->Lx[w] = lt->lx[w] / mx[w];
    lt->ax[w] = 1.0 / mx[w];
    lt->dx[w] = lt->lx[w];

    lt->Tx[w] = lt->Lx[w];
    for (i = w; i-- > 0;)
        lt->Tx[i] = lt->Tx[i + 1] + lt->Lx[i];
    for (i = 0; i < n; i++)
        lt->ex[i] = lt->Tx[i] / lt->lx[i];
    return FC_OK;
}

static double
ratio(double num, double den)
{
    return den > 0.0 ? num / den : 0.0;
}

fc_status
fc_lifetable_survival(const fc_lifetable *lt, const size_t first[], size_t npop, double width,
                      double *s0, double s[], fc_err *err)
{
    size_t g, i;
    double Lprev = 0.0, Lcur;

    if (npop < 3 || first[0] != 0 || first[npop - 1] >= lt->n || !(width > 0.0))
        return FC_FAIL(err, FC_EINVAL, "survival: inconsistent age mapping");
    for (g = 1; g < npop; g++)
        if (first[g] <= first[g - 1])
            return FC_FAIL(err, FC_EINVAL, "survival: age mapping is not increasing");

    for (g = 0; g + 1 < npop; g++) {
        Lcur = 0.0;
        for (i = first[g]; i < first[g + 1]; i++)
            Lcur += lt->Lx[i];
        if (g == 0)
            *s0 = Lcur / (width * lt->lx[0]);
        else
            s[g - 1] = ratio(Lcur, Lprev);
        Lprev = Lcur;
    }
    /* Lprev is now L of group npop-2; T(open) = Tx at the open group's first life-table row */
    {
        double Topen = lt->Tx[first[npop - 1]];
        s[npop - 2] = s[npop - 1] = ratio(Topen, Lprev + Topen);
    }
    return FC_OK;
}
