/* test_reference.c: the models against the cases worked by hand in tests/data/reference
 * (their derivations are in its README.md): extended dominance, a tiny PSA (EVPI, CEAC,
 * expected loss), a two-step projection with both sexes, and the health-status adjustment.
 * They need nothing outside the project, so a fresh clone proves these promises. */
#include "models/activity.h"
#include "models/pbma.h"
#include "models/population.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_util.h"

/* A small CSV file read whole: a header and up to 64 rows of up to 12 fields. */
typedef struct ref {
    char head[12][32];
    char cell[64][12][48];
    size_t nrow, ncol;
} ref;

static void
ref_load(ref *r, const char *name)
{
    char line[1024];
    FILE *f = fopen(fc_fixture(name), "r");
    size_t row = 0;
    if (f == NULL)
        print_error("cannot open %s\n", fc_fixture(name));
    assert_non_null(f);
    memset(r, 0, sizeof *r);
    while (fgets(line, sizeof line, f)) {
        size_t col = 0;
        char *p = line, *e;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0')
            continue;
        for (;;) {
            e = strchr(p, ',');
            if (e)
                *e = '\0';
            assert_true(col < 12 && strlen(p) < 32);
            if (row == 0)
                memcpy(r->head[col], p, strlen(p) + 1);
            else
                memcpy(r->cell[row - 1][col], p, strlen(p) + 1);
            col++;
            if (!e)
                break;
            p = e + 1;
        }
        if (row == 0)
            r->ncol = col;
        else
            assert_int_equal(col, r->ncol);
        row++;
        assert_true(row <= 65);
    }
    fclose(f);
    r->nrow = row - 1;
    assert_true(r->nrow > 0);
}

/* The field of row i under the header name. */
static const char *
ref_str(const ref *r, size_t i, const char *name)
{
    for (size_t j = 0; j < r->ncol; j++)
        if (strcmp(r->head[j], name) == 0)
            return r->cell[i][j];
    print_error("no column %s\n", name);
    fail();
    return NULL;
}

static double
ref_num(const ref *r, size_t i, const char *name)
{
    const char *s = ref_str(r, i, name);
    char *end;
    double v = strtod(s, &end);
    if (s[0] == '\0' || *end != '\0') {
        print_error("'%s' under %s is not a number\n", s, name);
        fail();
    }
    return v;
}

/* ---------------------------------------------------------------- extended dominance */

static void
test_reference_dominance(void **state)
{
    ref r;
    double cost[8], effect[8];
    fc_pbma_icer out[8];
    size_t n, nf, i, k, seen = 0;
    fc_err err = {0};
    (void)state;
    ref_load(&r, "reference/dominance.csv");
    n = r.nrow;
    for (i = 0; i < n; i++) {
        cost[i] = ref_num(&r, i, "cost");
        effect[i] = ref_num(&r, i, "effect");
    }
    assert_int_equal(fc_pbma_icers(cost, effect, n, 0, out, &nf, &err), FC_OK);
    assert_int_equal(nf, 3);
    for (k = 0; k < n; k++) {
        const char *want = ref_str(&r, out[k].strategy, "status");
        const char *got = out[k].status == FC_PBMA_ND   ? "ND"
                          : out[k].status == FC_PBMA_ED ? "ED"
                                                        : "D";
        if (strcmp(want, got) != 0)
            print_error("option %s: %s, expected %s\n", ref_str(&r, out[k].strategy, "option"),
                        got, want);
        assert_string_equal(got, want);
        if (ref_str(&r, out[k].strategy, "icer")[0] != '\0') {
            assert_close(out[k].icer, ref_num(&r, out[k].strategy, "icer"), 1e-12, 0);
            seen++;
        } else
            assert_true(isnan(out[k].icer));
    }
    assert_int_equal(seen, 2);
}

/* ------------------------------------------------------------------------- tiny PSA */

static void
test_reference_psa(void **state)
{
    ref in, ex;
    double cost[6], effect[6], wtp[3] = {0};
    size_t nsim = 3, nstrat = 2, i, nw = 0;
    fc_pbma_psa *s = NULL;
    fc_err err = {0};
    (void)state;
    ref_load(&in, "reference/psa.csv");
    ref_load(&ex, "reference/psa_expected.csv");
    assert_int_equal(in.nrow, nsim * nstrat);
    for (i = 0; i < in.nrow; i++) {
        size_t smp = (size_t)ref_num(&in, i, "sample") - 1, j = (size_t)ref_num(&in, i, "strategy");
        cost[smp * nstrat + j] = ref_num(&in, i, "cost");
        effect[smp * nstrat + j] = ref_num(&in, i, "effect");
    }
    for (i = 0; i < ex.nrow; i++)
        if (nw == 0 || wtp[nw - 1] != ref_num(&ex, i, "wtp"))
            wtp[nw++] = ref_num(&ex, i, "wtp");
    assert_int_equal(nw, 3);
    assert_int_equal(fc_pbma_psa_alloc(nstrat, nw, &s, &err), FC_OK);
    assert_int_equal(fc_pbma_psa_compute(cost, effect, nsim, nstrat, wtp, nw, s, &err), FC_OK);
    for (i = 0; i < ex.nrow; i++) {
        size_t w = i / nstrat, j = (size_t)ref_num(&ex, i, "strategy");
        assert_close(s->p_best[w * nstrat + j], ref_num(&ex, i, "p_best"), 1e-15, 1e-15);
        assert_close(s->mean_nmb[w * nstrat + j], ref_num(&ex, i, "mean_nmb"), 1e-15, 1e-12);
        assert_close(s->exp_loss[w * nstrat + j], ref_num(&ex, i, "exp_loss"), 1e-14, 1e-12);
        assert_close(s->evpi[w], ref_num(&ex, i, "evpi"), 1e-14, 1e-12);
        assert_int_equal(s->best_mean[w], (size_t)ref_num(&ex, i, "best_mean"));
    }
    fc_pbma_psa_free(s);
}

/* ---------------------------------------------------------- two-step projection */

static void
test_reference_projection(void **state)
{
    /* the inputs as the README's table gives them; sex 0 female, 1 male; ages 0, 1, 2+ */
    static const double pop0[6] = {100, 100, 200, 100, 100, 200};
    static const double s[6] = {0.99, 0.98, 0.90, 0.98, 0.97, 0.80};
    static const double s0[2] = {0.995, 0.99};
    static const double asfr[3] = {0, 0.05, 0};
    static const double mig[6] = {10, -4, 6, 8, 0, -2};
    const double *ps[2] = {s, s}, *ps0[2] = {s0, s0}, *pa[2] = {asfr, asfr}, *pm[2] = {mig, mig};
    double pop[3 * 6], b[4], d[4], m[4], adj[4];
    fc_ccm_params p = {1, 3, 2, 1.0, 1.05, FC_MIG_HALF, FC_CTL_NONE};
    fc_ccm_inputs in = {.pop0 = pop0, .s = ps, .s0 = ps0, .asfr = pa, .mig = pm, .ctl = NULL};
    fc_ccm_result res = {.pop = pop, .births = b, .deaths = d, .migration = m, .adjust = adj};
    fc_err err = {0};
    ref ex;
    size_t i;
    (void)state;
    ref_load(&ex, "reference/projection_expected.csv");
    assert_int_equal(ex.nrow, 4);
    assert_int_equal(fc_ccm_project(&p, &in, &res, &err), FC_OK);
    for (i = 0; i < ex.nrow; i++) {
        size_t t = (size_t)ref_num(&ex, i, "step"), x = ref_str(&ex, i, "sex")[0] == 'M';
        const double *end = pop + t * 6 + x * 3;
        assert_close(end[0], ref_num(&ex, i, "pop_0"), 1e-13, 0);
        assert_close(end[1], ref_num(&ex, i, "pop_1"), 1e-13, 0);
        assert_close(end[2], ref_num(&ex, i, "pop_2plus"), 1e-13, 0);
        assert_close(b[(t - 1) * 2 + x], ref_num(&ex, i, "births"), 1e-13, 0);
        assert_close(d[(t - 1) * 2 + x], ref_num(&ex, i, "deaths"), 1e-13, 0);
        assert_close(m[(t - 1) * 2 + x], ref_num(&ex, i, "migration"), 1e-13, 0);
    }
}

/* ------------------------------------------------------- health-status adjustment */

static void
test_reference_hsa(void **state)
{
    ref r;
    size_t i = 0, cases = 0;
    fc_err err = {0};
    (void)state;
    ref_load(&r, "reference/hsa.csv");
    while (i < r.nrow) {
        double rate[8], e0[8], e1[8], out[8];
        size_t n = 0, k;
        const char *name = ref_str(&r, i, "case");
        while (i + n < r.nrow && strcmp(ref_str(&r, i + n, "case"), name) == 0) {
            assert_int_equal((size_t)ref_num(&r, i + n, "age"), n);
            rate[n] = ref_num(&r, i + n, "rate_base");
            e0[n] = ref_num(&r, i + n, "ex_base");
            e1[n] = ref_num(&r, i + n, "ex_year");
            n++;
        }
        assert_int_equal(fc_activity_hsa_rates(n, ref_num(&r, i, "start_age"),
                                               ref_num(&r, i, "fraction"), rate, e0, e1, out, &err),
                         FC_OK);
        for (k = 0; k < n; k++) {
            double want = ref_num(&r, i + k, "rate_out");
            if (fabs(out[k] - want) > 1e-12)
                print_error("case %s, age %zu: %.17g, expected %.17g\n", name, k, out[k], want);
            assert_close(out[k], want, 0, 1e-12);
        }
        i += n;
        cases++;
    }
    assert_int_equal(cases, 5);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_dominance),
        cmocka_unit_test(test_reference_psa),
        cmocka_unit_test(test_reference_projection),
        cmocka_unit_test(test_reference_hsa),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
