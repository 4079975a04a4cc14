/* test_pbma.c: unit tests of models/pbma: the peer reference cases (dampack, heemod, BCEA) in
 * ../shared/data/pbma/cases, hand-derived knapsack, MCDA and greedy cases, a brute-force
 * property test of the GLPK optimum, and invariants (cost scaling, EVPI = min expected loss).
 */
#include "models/pbma.h"
#include "models/rng.h"

#include "tests/test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "engine/io/csvin.h"

/* ------------------------------------------------------------------------ a tiny table reader */

typedef struct table {
    size_t nrow, ncol;
    char **cell; /* [nrow*ncol] */
} table;

static fc_status
table_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    table *t = ctx;
    char **c = realloc(t->cell, (t->nrow + 1) * t->ncol * sizeof *c);
    (void)err;
    assert_non_null(c);
    t->cell = c;
    for (size_t j = 0; j < t->ncol; j++)
        c[t->nrow * t->ncol + j] = strdup(row->field[j] ? row->field[j] : "");
    t->nrow++;
    return FC_OK;
}

/* Reads the named columns of a shared case file; returns 0 (and skips) when absent. */
static int
table_load(table *t, const char *rel, const char *const names[], size_t ncol)
{
    fc_csv_col cols[16];
    fc_err err;
    const char *path = fc_shared_path(rel);
    memset(t, 0, sizeof *t);
    if (path == NULL)
        return 0;
    fc_err_clear(&err);
    t->ncol = ncol;
    for (size_t j = 0; j < ncol; j++) {
        cols[j].name = names[j];
        cols[j].flags = FC_COL_REQUIRED;
    }
    assert_int_equal(fc_csv_read(path, cols, ncol, 1, table_row, t, NULL, &err), FC_OK);
    return 1;
}

static void
table_free(table *t)
{
    for (size_t i = 0; i < t->nrow * t->ncol; i++)
        free(t->cell[i]);
    free(t->cell);
    memset(t, 0, sizeof *t);
}

static const char *
cell(const table *t, size_t i, size_t j)
{
    return t->cell[i * t->ncol + j];
}

static double
num(const table *t, size_t i, size_t j)
{
    const char *s = cell(t, i, j);
    if (strcmp(s, "NA") == 0)
        return (double)NAN;
    if (strcmp(s, "TRUE") == 0)
        return 1.0;
    if (strcmp(s, "FALSE") == 0)
        return 0.0;
    return strtod(s, NULL);
}

/* Compares two numbers where NA (NaN) must match NA. */
static void
assert_na_close(double actual, double expected, double rtol)
{
    if (isnan(expected)) {
        if (!isnan(actual))
            fail_msg("expected NA, got %.17g", actual);
        return;
    }
    assert_close(actual, expected, rtol, 1e-12);
}

static const char *const STATUS[] = {"ND", "ED", "D"};

/* Long PSA samples (sim,strategy,cost,effect) -> matrices [sim][strategy] with the
 * strategies in order of first appearance. */
typedef struct psa_data {
    size_t nsim, nstrat;
    char *names[16];
    double *cost, *effect;
} psa_data;

static int
psa_load(psa_data *p, const char *rel)
{
    static const char *const cols[] = {"sim", "strategy", "cost", "effect"};
    table t;
    size_t maxsim = 0;
    memset(p, 0, sizeof *p);
    if (!table_load(&t, rel, cols, 4))
        return 0;
    for (size_t i = 0; i < t.nrow; i++) {
        size_t s = (size_t)strtoul(cell(&t, i, 0), NULL, 10), j;
        if (s > maxsim)
            maxsim = s;
        for (j = 0; j < p->nstrat; j++)
            if (strcmp(p->names[j], cell(&t, i, 1)) == 0)
                break;
        if (j == p->nstrat) {
            assert_true(p->nstrat < 16);
            p->names[p->nstrat++] = strdup(cell(&t, i, 1));
        }
    }
    p->nsim = maxsim;
    assert_int_equal(p->nsim * p->nstrat, t.nrow);
    p->cost = calloc(t.nrow, sizeof *p->cost);
    p->effect = calloc(t.nrow, sizeof *p->effect);
    for (size_t i = 0; i < t.nrow; i++) {
        size_t s = (size_t)strtoul(cell(&t, i, 0), NULL, 10) - 1, j;
        for (j = 0; strcmp(p->names[j], cell(&t, i, 1)) != 0; j++)
            ;
        p->cost[s * p->nstrat + j] = num(&t, i, 2);
        p->effect[s * p->nstrat + j] = num(&t, i, 3);
    }
    table_free(&t);
    return 1;
}

static void
psa_free(psa_data *p)
{
    for (size_t j = 0; j < p->nstrat; j++)
        free(p->names[j]);
    free(p->cost);
    free(p->effect);
}

static size_t
psa_index(const psa_data *p, const char *name)
{
    for (size_t j = 0; j < p->nstrat; j++)
        if (strcmp(p->names[j], name) == 0)
            return j;
    fail_msg("unknown strategy '%s'", name);
    return 0;
}

/* ------------------------------------------------------------------------ incremental analysis */

/* Runs fc_pbma_icers on case/input.csv and compares the whole table, row by row and in
 * dampack's row order, with case/expected_icers.csv. */
static void
check_icers_case(const char *name, double rtol)
{
    static const char *const in_cols[] = {"strategy", "cost", "effect"};
    static const char *const ex_cols[] = {"strategy", "cost", "effect", "inc_cost",
                                          "inc_effect", "icer", "status"};
    char rel_in[256], rel_ex[256];
    table in, ex;
    double *c, *e;
    fc_pbma_icer *res;
    size_t nf;
    fc_err err;

    snprintf(rel_in, sizeof rel_in, "data/pbma/cases/%s/input.csv", name);
    snprintf(rel_ex, sizeof rel_ex, "data/pbma/cases/%s/expected_icers.csv", name);
    if (!table_load(&in, rel_in, in_cols, 3))
        fc_skip_shared(rel_in);
    assert_true(table_load(&ex, rel_ex, ex_cols, 7));
    assert_int_equal(in.nrow, ex.nrow);
    c = calloc(in.nrow, sizeof *c);
    e = calloc(in.nrow, sizeof *e);
    res = calloc(in.nrow, sizeof *res);
    for (size_t i = 0; i < in.nrow; i++) {
        c[i] = num(&in, i, 1);
        e[i] = num(&in, i, 2);
    }
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_icers(c, e, in.nrow, 0, res, &nf, &err), FC_OK);
    for (size_t r = 0; r < ex.nrow; r++) {
        const fc_pbma_icer *x = &res[r];
        assert_string_equal(cell(&in, x->strategy, 0), cell(&ex, r, 0));
        assert_string_equal(STATUS[x->status], cell(&ex, r, 6));
        assert_close(c[x->strategy], num(&ex, r, 1), 1e-14, 0);
        assert_na_close(x->inc_cost, num(&ex, r, 3), rtol);
        assert_na_close(x->inc_effect, num(&ex, r, 4), rtol);
        assert_na_close(x->icer, num(&ex, r, 5), rtol);
        if (x->status == FC_PBMA_ND)
            assert_true(r < nf);
    }
    free(c);
    free(e);
    free(res);
    table_free(&in);
    table_free(&ex);
}

static void test_icers_dampack_herc6(void **state) { (void)state; check_icers_case("dampack_herc6", 1e-9); }
static void test_icers_dampack_cdiff11(void **state) { (void)state; check_icers_case("dampack_cdiff11", 1e-9); }
static void test_icers_dampack_tie3(void **state) { (void)state; check_icers_case("dampack_tie3", 1e-9); }
static void test_icers_dampack_hiv5(void **state) { (void)state; check_icers_case("dampack_hiv5", 1e-9); }
static void test_icers_dampack_hund100(void **state) { (void)state; check_icers_case("dampack_hund100", 1e-9); }
static void test_icers_dampack_negcost5(void **state) { (void)state; check_icers_case("dampack_negcost5", 1e-9); }

/* heemod's 13 frontier cases: with FC_PBMA_TIES_SHARE the frontier equals heemod's published
 * sets (all 13, test7's duplicates included); by default the statuses equal dampack's. */
static void
test_icers_heemod_frontier13(void **state)
{
    static const char *const in_cols[] = {"case", "strategy", "cost", "effect"};
    static const char *const fr_cols[] = {"case", "strategy", "on_frontier"};
    static const char *const dp_cols[] = {"case", "strategy", "dampack_status", "dampack_icer"};
    const char *rel = "data/pbma/cases/heemod_frontier13/input.csv";
    table in, fr, dp;
    (void)state;
    if (!table_load(&in, rel, in_cols, 4))
        fc_skip_shared(rel);
    assert_true(table_load(&fr, "data/pbma/cases/heemod_frontier13/expected_frontier.csv",
                           fr_cols, 3));
    assert_true(table_load(&dp, "data/pbma/cases/heemod_frontier13/dampack_status_same_inputs.csv",
                           dp_cols, 4));
    for (size_t a = 0; a < in.nrow;) {
        size_t b = a, n, ncase = 0;
        double c[32], e[32];
        fc_pbma_icer res[32], res2[32];
        fc_err err;
        while (b < in.nrow && strcmp(cell(&in, b, 0), cell(&in, a, 0)) == 0)
            b++;
        n = b - a;
        assert_true(n <= 32);
        for (size_t i = 0; i < n; i++) {
            c[i] = num(&in, a + i, 2);
            e[i] = num(&in, a + i, 3);
        }
        fc_err_clear(&err);
        assert_int_equal(fc_pbma_icers(c, e, n, FC_PBMA_TIES_SHARE, res, NULL, &err), FC_OK);
        assert_int_equal(fc_pbma_icers(c, e, n, 0, res2, NULL, &err), FC_OK);
        for (size_t r = 0; r < n; r++) {
            const char *s = cell(&in, a + res[r].strategy, 1);
            for (size_t k = 0; k < fr.nrow; k++)
                if (!strcmp(cell(&fr, k, 0), cell(&in, a, 0)) && !strcmp(cell(&fr, k, 1), s)) {
                    if ((res[r].status == FC_PBMA_ND) != (num(&fr, k, 2) == 1.0))
                        fail_msg("%s %s: frontier %d, heemod says %s", cell(&in, a, 0), s,
                                 res[r].status == FC_PBMA_ND, cell(&fr, k, 2));
                    ncase++;
                }
            s = cell(&in, a + res2[r].strategy, 1);
            for (size_t k = 0; k < dp.nrow; k++)
                if (!strcmp(cell(&dp, k, 0), cell(&in, a, 0)) && !strcmp(cell(&dp, k, 1), s)) {
                    /* dampack labels a lone strategy "ND(single)" */
                    if (strcmp(cell(&dp, k, 2), "ND(single)") == 0)
                        assert_true(n == 1 && res2[r].status == FC_PBMA_ND);
                    else
                        assert_string_equal(STATUS[res2[r].status], cell(&dp, k, 2));
                    assert_na_close(res2[r].icer, num(&dp, k, 3), 1e-9);
                }
        }
        assert_int_equal(ncase, n);
        a = b;
    }
    table_free(&in);
    table_free(&fr);
    table_free(&dp);
}

/* Hand cases: single strategy; identical strategies; SW quadrant; ties in cost. */
static void
test_icers_hand_edges(void **state)
{
    fc_pbma_icer r[4];
    size_t nf;
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    {
        double c[] = {1234.5}, e[] = {2.385};
        assert_int_equal(fc_pbma_icers(c, e, 1, 0, r, &nf, &err), FC_OK);
        assert_int_equal(nf, 1);
        assert_int_equal(r[0].status, FC_PBMA_ND);
        assert_true(isnan(r[0].icer) && isnan(r[0].inc_cost));
    }
    {
        /* identical pair: dampack marks the later one D; ties-share keeps both ND */
        double c[] = {500.0, 500.0, 800.0}, e[] = {1.25, 1.25, 1.5};
        assert_int_equal(fc_pbma_icers(c, e, 3, 0, r, &nf, &err), FC_OK);
        assert_int_equal(nf, 2);
        assert_int_equal(r[0].strategy, 0);
        assert_int_equal(r[1].strategy, 2);
        assert_close(r[1].icer, 300.0 / 0.25, 1e-15, 0); /* 1200 */
        assert_int_equal(r[2].strategy, 1);
        assert_int_equal(r[2].status, FC_PBMA_D);
        assert_int_equal(fc_pbma_icers(c, e, 3, FC_PBMA_TIES_SHARE, r, &nf, &err), FC_OK);
        assert_int_equal(nf, 3);
        assert_int_equal(r[1].strategy, 1);
        assert_int_equal(r[1].status, FC_PBMA_ND);
        assert_close(r[1].inc_cost, 0.0, 0, 0);
        assert_int_equal(r[2].strategy, 2);
        assert_close(r[2].icer, 1200.0, 1e-15, 0);
    }
    {
        /* SW quadrant: a disinvestment (-300, -0.2) vs status quo (0, 0) and an investment
         * (450, 0.3). Sorted: -300, 0, 450; ICERs 0->: 300/0.2 = 1500 (GBP saved per unit
         * lost when read backwards), 450/0.3 = 1500: collinear, so all three stay ND. */
        double c[] = {0.0, -300.0, 450.0}, e[] = {0.0, -0.2, 0.3};
        assert_int_equal(fc_pbma_icers(c, e, 3, 0, r, &nf, &err), FC_OK);
        assert_int_equal(nf, 3);
        assert_int_equal(r[0].strategy, 1);
        assert_close(r[1].icer, 1500.0, 1e-12, 0);
        assert_close(r[2].icer, 1500.0, 1e-12, 0);
        /* best at wtp 1000 < 1500: the disinvestment; at 2000: the investment */
        assert_int_equal(fc_pbma_best_at(c, e, 3, 1000.0), 1);
        assert_int_equal(fc_pbma_best_at(c, e, 3, 2000.0), 2);
    }
    {
        double c[] = {1.0, (double)NAN}, e[] = {1.0, 2.0};
        assert_int_equal(fc_pbma_icers(c, e, 2, 0, r, &nf, &err), FC_EINVAL);
    }
}

/* Invariant: scaling every cost by a positive factor leaves statuses and order unchanged
 * (ICERs scale by the factor). */
static void
test_icers_cost_scaling_invariant(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    (void)state;
    for (int rep = 0; rep < 50; rep++) {
        double c[20], e[20], c2[20], k;
        fc_pbma_icer a[20], b[20];
        fc_err err;
        size_t n = 2 + (size_t)rep % 18;
        gsl_rng_set(rng, 1000u + (unsigned)rep);
        k = 0.37 + 5.0 * gsl_rng_uniform(rng);
        for (size_t i = 0; i < n; i++) {
            c[i] = 10000.0 * gsl_rng_uniform(rng) - 2000.0;
            e[i] = gsl_rng_uniform(rng);
            c2[i] = k * c[i];
        }
        fc_err_clear(&err);
        assert_int_equal(fc_pbma_icers(c, e, n, 0, a, NULL, &err), FC_OK);
        assert_int_equal(fc_pbma_icers(c2, e, n, 0, b, NULL, &err), FC_OK);
        for (size_t r = 0; r < n; r++) {
            assert_int_equal(a[r].strategy, b[r].strategy);
            assert_int_equal(a[r].status, b[r].status);
            if (!isnan(a[r].icer))
                assert_close(b[r].icer, k * a[r].icer, 1e-12, 0);
        }
    }
    gsl_rng_free(rng);
}

/* ------------------------------------------------------------------------ PSA */

static void
test_psa_dampack_example(void **state)
{
    static const char *const ceac_cols[] = {"wtp", "strategy", "proportion", "on_frontier"};
    static const char *const evpi_cols[] = {"wtp", "evpi"};
    static const char *const loss_cols[] = {"wtp", "strategy", "expected_loss", "on_frontier"};
    const char *rel = "data/pbma/cases/dampack_example_psa/psa_samples_long.csv";
    psa_data p;
    table ceac, evpi, loss;
    double wtp[32];
    fc_pbma_psa *s;
    fc_err err;
    (void)state;
    if (!psa_load(&p, rel))
        fc_skip_shared(rel);
    assert_int_equal(p.nsim, 10000);
    assert_true(table_load(&evpi, "data/pbma/cases/dampack_example_psa/expected_evpi.csv",
                           evpi_cols, 2));
    assert_true(table_load(&ceac, "data/pbma/cases/dampack_example_psa/expected_ceac.csv",
                           ceac_cols, 4));
    assert_true(table_load(&loss, "data/pbma/cases/dampack_example_psa/expected_loss.csv",
                           loss_cols, 4));
    assert_true(evpi.nrow > 0 && evpi.nrow <= sizeof wtp / sizeof wtp[0]);
    for (size_t w = 0; w < evpi.nrow; w++)
        wtp[w] = num(&evpi, w, 0);
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_psa_alloc(p.nstrat, evpi.nrow, &s, &err), FC_OK);
    assert_int_equal(fc_pbma_psa_compute(p.cost, p.effect, p.nsim, p.nstrat, wtp, evpi.nrow, s,
                                         &err), FC_OK);
    for (size_t w = 0; w < evpi.nrow; w++) {
        double minloss = (double)HUGE_VAL;
        assert_close(s->evpi[w], num(&evpi, w, 1), 1e-6, 0);
        for (size_t j = 0; j < p.nstrat; j++)
            minloss = fmin(minloss, s->exp_loss[w * p.nstrat + j]);
        assert_close(s->evpi[w], minloss, 1e-12, 1e-9);
    }
    for (size_t r = 0; r < ceac.nrow; r++) {
        size_t w, j = psa_index(&p, cell(&ceac, r, 1));
        for (w = 0; w < evpi.nrow && wtp[w] != num(&ceac, r, 0); w++)
            ;
        assert_true(w < evpi.nrow); /* the CEAC's threshold is one of the EVPI's */
        assert_close(s->p_best[w * p.nstrat + j], num(&ceac, r, 2), 0, 5e-4);
        assert_int_equal(s->best_mean[w] == j, (int)num(&ceac, r, 3));
    }
    for (size_t r = 0; r < loss.nrow; r++) {
        size_t w, j = psa_index(&p, cell(&loss, r, 1));
        for (w = 0; w < evpi.nrow && wtp[w] != num(&loss, r, 0); w++)
            ;
        assert_true(w < evpi.nrow);
        assert_close(s->exp_loss[w * p.nstrat + j], num(&loss, r, 2), 1e-6, 0);
    }
    /* ICERs of the means (calculate_icers_psa) */
    {
        double mc[3] = {0}, me[3] = {0};
        fc_pbma_icer res[3];
        for (size_t i = 0; i < p.nsim; i++)
            for (size_t j = 0; j < 3; j++) {
                mc[j] += p.cost[i * 3 + j] / (double)p.nsim;
                me[j] += p.effect[i * 3 + j] / (double)p.nsim;
            }
        assert_int_equal(fc_pbma_icers(mc, me, 3, 0, res, NULL, &err), FC_OK);
        assert_string_equal(p.names[res[0].strategy], "Radio");
        assert_string_equal(p.names[res[1].strategy], "Chemo");
        assert_close(res[1].icer, 38491.9106481067, 1e-9, 0);
        assert_string_equal(p.names[res[2].strategy], "Surgery");
        assert_int_equal(res[2].status, FC_PBMA_ED);
    }
    fc_pbma_psa_free(s);
    table_free(&ceac);
    table_free(&evpi);
    table_free(&loss);
    psa_free(&p);
}

/* BCEA cases: p_best (ties to first), ceaf = max p_best, best, EVPI, pairwise EIB and CEAC,
 * kstar, and the ICER against the reference, all to rtol 1e-9. */
static void
check_bcea_case(const char *name, const char *ref_name, double rtol)
{
    static const char *const pw_cols[] = {"k", "comparator", "eib", "ceac"};
    static const char *const ic_cols[] = {"reference", "comparator", "mean_delta_e",
                                          "mean_delta_c", "icer"};
    static const char *const ks_cols[] = {"kstar"};
    const char *bk_cols[12] = {"k", "best", "evpi", "ceaf"};
    char rel[256], names[8][32];
    psa_data p;
    table bk, pw, ic, ks;
    double *k;
    fc_pbma_psa *s;
    fc_err err;
    size_t ref, nk, nks = 0;

    snprintf(rel, sizeof rel, "data/pbma/cases/%s/psa_samples_long.csv", name);
    if (!psa_load(&p, rel))
        fc_skip_shared(rel);
    for (size_t j = 0; j < p.nstrat; j++) {
        snprintf(names[j], sizeof names[j], "p_best_%zu", j + 1);
        bk_cols[4 + j] = names[j];
    }
    snprintf(rel, sizeof rel, "data/pbma/cases/%s/expected_by_k.csv", name);
    assert_true(table_load(&bk, rel, bk_cols, 4 + p.nstrat));
    snprintf(rel, sizeof rel, "data/pbma/cases/%s/expected_pairwise_by_k.csv", name);
    assert_true(table_load(&pw, rel, pw_cols, 4));
    snprintf(rel, sizeof rel, "data/pbma/cases/%s/expected_icer_vs_reference.csv", name);
    assert_true(table_load(&ic, rel, ic_cols, 5));
    snprintf(rel, sizeof rel, "data/pbma/cases/%s/expected_kstar.csv", name);
    assert_true(table_load(&ks, rel, ks_cols, 1));
    ref = psa_index(&p, ref_name);
    nk = bk.nrow;
    k = calloc(nk, sizeof *k);
    for (size_t w = 0; w < nk; w++)
        k[w] = num(&bk, w, 0);
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_psa_alloc(p.nstrat, nk, &s, &err), FC_OK);
    assert_int_equal(fc_pbma_psa_compute(p.cost, p.effect, p.nsim, p.nstrat, k, nk, s, &err),
                     FC_OK);
    for (size_t w = 0; w < nk; w++) {
        double ceaf = 0.0;
        for (size_t j = 0; j < p.nstrat; j++) {
            assert_close(s->p_best[w * p.nstrat + j], num(&bk, w, 4 + j), rtol, 1e-12);
            ceaf = fmax(ceaf, s->p_best[w * p.nstrat + j]);
        }
        assert_close(ceaf, num(&bk, w, 3), rtol, 1e-12);
        assert_string_equal(p.names[s->best_mean[w]], cell(&bk, w, 1));
        assert_close(s->evpi[w], num(&bk, w, 2), rtol, 1e-12);
        if (w > 0 && s->best_mean[w] != s->best_mean[w - 1]) {
            assert_true(nks < ks.nrow);
            assert_close(k[w], num(&ks, nks, 0), 0, 0);
            nks++;
        }
    }
    assert_int_equal(nks, ks.nrow);
    for (size_t r = 0; r < pw.nrow; r++) {
        size_t comp = psa_index(&p, cell(&pw, r, 1));
        double kk = num(&pw, r, 0), eib, pos;
        assert_int_equal(fc_pbma_psa_pairwise(p.cost, p.effect, p.nsim, p.nstrat, ref, comp,
                                              &kk, 1, &eib, &pos, &err), FC_OK);
        assert_close(eib, num(&pw, r, 2), rtol, 1e-12);
        assert_close(pos, num(&pw, r, 3), rtol, 1e-12);
    }
    for (size_t r = 0; r < ic.nrow; r++) {
        size_t comp = psa_index(&p, cell(&ic, r, 1));
        double de = 0.0, dc = 0.0;
        assert_string_equal(cell(&ic, r, 0), ref_name);
        for (size_t i = 0; i < p.nsim; i++) {
            de += p.effect[i * p.nstrat + ref] - p.effect[i * p.nstrat + comp];
            dc += p.cost[i * p.nstrat + ref] - p.cost[i * p.nstrat + comp];
        }
        assert_close(de / (double)p.nsim, num(&ic, r, 2), rtol, 0);
        assert_close(dc / (double)p.nsim, num(&ic, r, 3), rtol, 0);
        assert_close(dc / de, num(&ic, r, 4), rtol, 0);
    }
    fc_pbma_psa_free(s);
    free(k);
    table_free(&bk);
    table_free(&pw);
    table_free(&ic);
    table_free(&ks);
    psa_free(&p);
}

static void test_psa_bcea_vaccine(void **state) { (void)state; check_bcea_case("bcea_vaccine", "Vaccination", 1e-9); }
static void test_psa_bcea_smoking(void **state) { (void)state; check_bcea_case("bcea_smoking", "Group counselling", 1e-9); }

/* bcea_ib_tiny: incremental benefits with cost savings; published IB values. */
static void
test_psa_bcea_ib_tiny(void **state)
{
    static const char *const cols[] = {"comparator", "k", "eib", "ceac", "evpi"};
    const char *rel = "data/pbma/cases/bcea_ib_tiny/psa_samples_long.csv";
    psa_data p;
    table ex;
    fc_err err;
    (void)state;
    if (!psa_load(&p, rel))
        fc_skip_shared(rel);
    assert_true(table_load(&ex, "data/pbma/cases/bcea_ib_tiny/expected_summary.csv", cols, 5));
    fc_err_clear(&err);
    for (size_t r = 0; r < ex.nrow; r++) {
        size_t comp = psa_index(&p, cell(&ex, r, 0));
        double k = num(&ex, r, 1), eib, pos;
        fc_pbma_psa *s;
        assert_int_equal(fc_pbma_psa_pairwise(p.cost, p.effect, p.nsim, p.nstrat, 0, comp, &k, 1,
                                              &eib, &pos, &err), FC_OK);
        assert_close(eib, num(&ex, r, 2), 1e-12, 0);
        assert_close(pos, num(&ex, r, 3), 0, 0);
        assert_int_equal(fc_pbma_psa_alloc(p.nstrat, 1, &s, &err), FC_OK);
        assert_int_equal(fc_pbma_psa_compute(p.cost, p.effect, p.nsim, p.nstrat, &k, 1, s, &err),
                         FC_OK);
        assert_close(s->evpi[0], num(&ex, r, 4), 0, 1e-12);
        assert_int_equal(s->best_mean[0], 0);
        fc_pbma_psa_free(s);
    }
    /* published literal IB: comparator 2 at k = 5: sims 95 and 20 -> EIB 57.5 */
    {
        double k = 5.0, eib;
        assert_int_equal(fc_pbma_psa_pairwise(p.cost, p.effect, p.nsim, p.nstrat, 0, 1, &k, 1,
                                              &eib, NULL, &err), FC_OK);
        assert_close(eib, (95.0 + 20.0) / 2.0, 1e-15, 0);
    }
    table_free(&ex);
    psa_free(&p);
}

/* Invariant on random PSAs: EVPI >= 0, EVPI = min expected loss, p_best sums to 1; and a
 * hand case: two samples, two strategies, wtp 10: NMB s1 = (10*1 - 3, 10*2 - 20) = (7, 0),
 * s2 = (10*1 - 5, 10*3 - 10) = (5, 20): E[max] = (7+20)/2 = 13.5, means (6, 10) -> EVPI 3.5. */
static void
test_psa_evpi_invariants(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    fc_pbma_psa *s;
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    {
        double c[] = {3, 20, 5, 10}, e[] = {1, 2, 1, 3}, k = 10.0;
        assert_int_equal(fc_pbma_psa_alloc(2, 1, &s, &err), FC_OK);
        assert_int_equal(fc_pbma_psa_compute(c, e, 2, 2, &k, 1, s, &err), FC_OK);
        assert_close(s->evpi[0], 3.5, 1e-15, 0);
        assert_close(s->exp_loss[0], 7.5, 1e-15, 0);
        assert_close(s->exp_loss[1], 3.5, 1e-15, 0);
        assert_close(s->p_best[0], 0.5, 0, 0);
        assert_int_equal(s->best_mean[0], 1);
        fc_pbma_psa_free(s);
    }
    for (int rep = 0; rep < 20; rep++) {
        size_t nsim = 200, ns = 2 + (size_t)rep % 5;
        double c[200 * 6], e[200 * 6], wtp[] = {0.0, 1500.0, 20000.0, 1e6};
        gsl_rng_set(rng, 77u + (unsigned)rep);
        for (size_t i = 0; i < nsim * ns; i++) {
            c[i] = 1000.0 * gsl_rng_uniform(rng);
            e[i] = gsl_rng_uniform(rng);
        }
        assert_int_equal(fc_pbma_psa_alloc(ns, 4, &s, &err), FC_OK);
        assert_int_equal(fc_pbma_psa_compute(c, e, nsim, ns, wtp, 4, s, &err), FC_OK);
        for (size_t w = 0; w < 4; w++) {
            double minloss = (double)HUGE_VAL, tot = 0.0;
            assert_true(s->evpi[w] >= 0.0);
            for (size_t j = 0; j < ns; j++) {
                minloss = fmin(minloss, s->exp_loss[w * ns + j]);
                tot += s->p_best[w * ns + j];
            }
            assert_close(s->evpi[w], minloss, 1e-12, 1e-9);
            assert_close(s->exp_loss[w * ns + s->best_mean[w]], minloss, 1e-12, 1e-9);
            assert_close(tot, 1.0, 1e-12, 0);
        }
        fc_pbma_psa_free(s);
    }
    gsl_rng_free(rng);
}

/* ------------------------------------------------------------------------ MCDA */

/* Two criteria: health gain (benefit, 0..10, weight 3) and waiting time (harm, 0..40 weeks,
 * weight 1) -> normalised weights 0.75 and 0.25. Option A scores (6, 10): values 60 and
 * 100*(40-10)/40 = 75 -> 0.75*60 + 0.25*75 = 63.75. Option B (a disinvestment, sign -1)
 * scores (2.5, 30): values 25 and 25 -> 25 points lost -> -25. */
static void
test_mcda_hand(void **state)
{
    fc_pbma_criterion cr[2] = {{3.0, 0, 0.0, 10.0}, {1.0, 1, 0.0, 40.0}};
    double sc[4] = {6.0, 10.0, 2.5, 30.0}, v[4], wv[4], b[2];
    int sign[2] = {1, -1};
    size_t bo, bc;
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_mcda(sc, 2, cr, 2, sign, v, wv, b, &bo, &bc, &err), FC_OK);
    assert_close(v[0], 60.0, 1e-15, 0);
    assert_close(v[1], 75.0, 1e-15, 0);
    assert_close(wv[0], 45.0, 1e-15, 0);
    assert_close(wv[1], 18.75, 1e-15, 0);
    assert_close(b[0], 63.75, 1e-15, 0);
    assert_close(b[1], -25.0, 1e-15, 0);
    /* scaling all weights leaves the result unchanged */
    cr[0].weight = 0.3;
    cr[1].weight = 0.1;
    assert_int_equal(fc_pbma_mcda(sc, 2, cr, 2, sign, NULL, NULL, b, &bo, &bc, &err), FC_OK);
    assert_close(b[0], 63.75, 1e-14, 0);
    /* bad inputs */
    cr[1].weight = -0.1;
    assert_int_equal(fc_pbma_mcda(sc, 2, cr, 2, sign, NULL, NULL, b, &bo, &bc, &err), FC_EDATA);
    assert_int_equal(bc, 1);
    assert_int_equal(bo, SIZE_MAX);
    cr[1].weight = 0.1;
    sc[3] = 41.0;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_mcda(sc, 2, cr, 2, sign, NULL, NULL, b, &bo, &bc, &err), FC_EDATA);
    assert_int_equal(bo, 1);
    assert_int_equal(bc, 1);
    sc[3] = 30.0;
    cr[0].weight = cr[1].weight = 0.0;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_mcda(sc, 2, cr, 2, sign, NULL, NULL, b, &bo, &bc, &err), FC_EDATA);
}

/* ------------------------------------------------------------------------ budgeted portfolio */

static fc_pbma_ws *
make_ws(size_t n, size_t nyear, const double *budget, size_t nreq, const size_t *rf,
        const size_t *rt, const long *group, double threshold)
{
    fc_pbma_problem p = {n, nyear, budget, nreq, rf, rt, group, threshold};
    fc_pbma_ws *w = NULL;
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_ws_alloc(&p, &w, NULL, &err), FC_OK);
    return w;
}

/* Classic case where the league table is beaten: budget 100; A cost 60 benefit 66 (1.1/GBP),
 * B cost 50 benefit 50 (1.0), C cost 50 benefit 50 (1.0). Greedy funds A (60), then neither
 * B nor C fits (40 left): benefit 66. Optimum: B + C = 100 for 100. Benefit lost by greedy 34.
 * LP relaxation: A fully (60) then 40/50 of B -> shadow price = B's ratio 1.0. */
static void
test_budget_greedy_beaten(void **state)
{
    double budget = 100.0, c[] = {60.0, 50.0, 50.0}, b[] = {66.0, 50.0, 50.0}, shadow;
    unsigned char x[3], xg[3];
    fc_pbma_solution so = {x, 0, 0, 0}, sg = {xg, 0, 0, 0};
    fc_pbma_ws *w = make_ws(3, 1, &budget, 0, NULL, NULL, NULL, 0.0);
    int feas;
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_solve(w, c, b, &so, &err), FC_OK);
    assert_int_equal(x[0], 0);
    assert_int_equal(x[1], 1);
    assert_int_equal(x[2], 1);
    assert_close(so.objective, 100.0, 1e-12, 0);
    assert_close(so.cost, 100.0, 1e-12, 0);
    assert_int_equal(fc_pbma_greedy(w, c, b, &sg, &feas, &err), FC_OK);
    assert_int_equal(feas, 1);
    assert_int_equal(xg[0], 1);
    assert_int_equal(xg[1] + xg[2], 0);
    assert_close(sg.objective, 66.0, 1e-12, 0);
    assert_int_equal(fc_pbma_shadow_price(w, c, b, &shadow, &err), FC_OK);
    assert_close(shadow, 1.0, 1e-9, 0);
    /* NMB at threshold 2 GBP per point: v = 2b - c = (72, 50, 50); same optimum, NMB 100 */
    fc_pbma_ws_free(w);
    w = make_ws(3, 1, &budget, 0, NULL, NULL, NULL, 2.0);
    assert_int_equal(fc_pbma_solve(w, c, b, &so, &err), FC_OK);
    assert_close(so.objective, 2.0 * 100.0 - 100.0, 1e-12, 0);
    fc_pbma_ws_free(w);
}

/* Disinvestment releases funds: budget 0; D releases 80 losing 20 (0.25 lost per GBP);
 * investment I costs 70 for 42 (0.6 per GBP). Optimum: disinvest D and fund I: net benefit
 * 22, net cost -10. Greedy agrees (keeping D, ratio 0.25, does not fit after I). Requires:
 * J (cost 5, benefit 4) requires I; K (cost 8, benefit 9) is in a group with I. */
static void
test_budget_disinvest_requires_groups(void **state)
{
    double budget = 0.0, c[] = {-80.0, 70.0, 5.0, 8.0}, b[] = {-20.0, 42.0, 4.0, 9.0};
    size_t rf[] = {2}, rt[] = {1};
    long grp[] = {-1, 7, -1, 7};
    unsigned char x[4], xg[4];
    fc_pbma_solution so = {x, 0, 0, 0}, sg = {xg, 0, 0, 0};
    fc_pbma_ws *w = make_ws(4, 1, &budget, 1, rf, rt, grp, 0.0);
    int feas;
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    /* candidate sets within 0 (x: D I J K): {D,I}: -10 -> 22; {D,I,J}: -5 -> 26;
     * {D,K}: -72 -> -11; {D,K} + J impossible (J needs I). Best {D,I,J} = 26. */
    assert_int_equal(fc_pbma_solve(w, c, b, &so, &err), FC_OK);
    assert_int_equal(x[0] + 2 * x[1] + 4 * x[2] + 8 * x[3], 1 + 2 + 4);
    assert_close(so.benefit, 26.0, 1e-12, 0);
    assert_close(so.cost, -5.0, 1e-12, 0);
    assert_int_equal(fc_pbma_greedy(w, c, b, &sg, &feas, &err), FC_OK);
    assert_int_equal(feas, 1);
    /* league: J 0.8 > I 0.6 > D 0.25 (as keep) ... K 1.125 first: K funded (8 of 80),
     * then J needs I (not funded): skipped; I blocked by K's group; D kept? 72 left -> no,
     * keeping D costs 80. Greedy = {D, K}: benefit -11. */
    assert_int_equal(xg[0] + 2 * xg[1] + 4 * xg[2] + 8 * xg[3], 1 + 8);
    assert_close(sg.benefit, -11.0, 1e-12, 0);
    fc_pbma_ws_free(w);
}

/* Budget per year: two years, budgets (100, 50). A costs (60, 60) benefit 10; B (40, 0)
 * benefit 6; C (0, 45) benefit 5. Year 2 rules out A with C and A alone fits (60 > 50? no:
 * A's year-2 cost 60 > 50, so A never fits). Best: B + C = 11. */
static void
test_budget_per_year(void **state)
{
    double budget[] = {100.0, 50.0};
    double c[] = {60.0, 60.0, 40.0, 0.0, 0.0, 45.0}, b[] = {10.0, 6.0, 5.0}, sh[2];
    unsigned char x[3];
    fc_pbma_solution so = {x, 0, 0, 0};
    fc_pbma_ws *w = make_ws(3, 2, budget, 0, NULL, NULL, NULL, 0.0);
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_solve(w, c, b, &so, &err), FC_OK);
    assert_int_equal(x[0], 0);
    assert_int_equal(x[1], 1);
    assert_int_equal(x[2], 1);
    assert_close(so.benefit, 11.0, 1e-12, 0);
    assert_int_equal(fc_pbma_shadow_price(w, c, b, sh, &err), FC_OK);
    assert_true(sh[0] >= 0.0 && sh[1] >= 0.0);
    fc_pbma_ws_free(w);
}

static void
test_budget_bad_structure(void **state)
{
    double budget = 10.0;
    size_t rf[] = {0, 1, 2}, rt[] = {1, 2, 0}, bad;
    long grp[] = {1, 1, -1};
    fc_pbma_problem p = {3, 1, &budget, 3, rf, rt, NULL, 0.0};
    fc_pbma_ws *w = NULL;
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_ws_alloc(&p, &w, &bad, &err), FC_EDATA);
    assert_null(w);
    assert_true(bad < 3);
    /* a chain 0 -> 1 -> 2 is fine; 2 -> 2 is not */
    p.nreq = 2;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_problem_check(&p, &bad, &err), FC_OK);
    rt[0] = 0;
    p.nreq = 1;
    assert_int_equal(fc_pbma_problem_check(&p, &bad, &err), FC_EDATA);
    assert_int_equal(bad, 0);
    /* requiring a member of one's own group */
    rt[0] = 1;
    p.group = grp;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_problem_check(&p, &bad, &err), FC_EDATA);
    assert_int_equal(bad, 0);
    /* a cycle hanging off a tail: 2 -> 0 -> 1 -> 0: the reported option is on the cycle */
    {
        size_t f2[] = {2, 0, 1}, t2[] = {0, 1, 0};
        fc_pbma_problem q = {3, 1, &budget, 3, f2, t2, NULL, 0.0};
        fc_err_clear(&err);
        assert_int_equal(fc_pbma_problem_check(&q, &bad, &err), FC_EDATA);
        assert_true(bad == 0 || bad == 1);
    }
}

/* A negative budget (savings target 100) that the only disinvestment (releases 60) cannot
 * meet is infeasible: FC_EDATA. With a second disinvestment (releases 50) it is met. */
static void
test_budget_infeasible(void **state)
{
    double budget = -100.0, c[] = {-60.0, 30.0, -50.0}, b[] = {-5.0, 9.0, -4.0};
    unsigned char x[3];
    fc_pbma_solution so = {x, 0, 0, 0};
    fc_pbma_ws *w = make_ws(2, 1, &budget, 0, NULL, NULL, NULL, 0.0);
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_solve(w, c, b, &so, &err), FC_EDATA);
    fc_pbma_ws_free(w);
    w = make_ws(3, 1, &budget, 0, NULL, NULL, NULL, 0.0);
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_solve(w, c, b, &so, &err), FC_OK);
    assert_int_equal(x[0] + x[2], 2);
    assert_int_equal(x[1], 0); /* -110 + 30 = -80 > -100 */
    fc_pbma_ws_free(w);
}

/* Property: the GLPK optimum equals the best of all 2^n subsets (feasible under budgets,
 * groups and requirements) for random instances, n = 1..12, fixed seeds; and the greedy set
 * is never better than the optimum. */
static void
test_budget_glpk_equals_enumeration(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    (void)state;
    for (unsigned rep = 0; rep < 120; rep++) {
        size_t n = 1 + rep % 12, ny = 1 + rep % 2, nreq = 0;
        double c[24], b[12], budget[2], best = -(double)HUGE_VAL;
        size_t rf[12], rt[12];
        long grp[12];
        unsigned char x[12], xg[12];
        fc_pbma_solution so = {x, 0, 0, 0}, sg = {xg, 0, 0, 0};
        fc_pbma_ws *w;
        fc_err err;
        int feas;
        double thr = (rep % 3 == 2) ? 1.7 : 0.0;

        gsl_rng_set(rng, 4242u + rep);
        for (size_t i = 0; i < n; i++) {
            int dis = gsl_rng_uniform(rng) < 0.25;
            for (size_t y = 0; y < ny; y++)
                c[i * ny + y] = (dis ? -1.0 : 1.0) * (10.0 + 90.0 * gsl_rng_uniform(rng));
            b[i] = (dis ? -1.0 : 1.0) * (1.0 + 60.0 * gsl_rng_uniform(rng));
            grp[i] = gsl_rng_uniform(rng) < 0.3 ? (long)gsl_rng_uniform_int(rng, 3) : -1;
            /* requirements only to lower-numbered options: acyclic; not within a group */
            if (i > 0 && gsl_rng_uniform(rng) < 0.2) {
                size_t j = gsl_rng_uniform_int(rng, i);
                if (grp[i] < 0 || grp[i] != grp[j]) {
                    rf[nreq] = i;
                    rt[nreq++] = j;
                }
            }
        }
        for (size_t y = 0; y < ny; y++)
            budget[y] = 40.0 * (double)n * gsl_rng_uniform(rng) - 20.0;
        for (unsigned long m = 0; m < (1ul << n); m++) {
            double v = 0.0, cy[2] = {0, 0};
            int ok = 1;
            for (size_t i = 0; i < n && ok; i++) {
                if (!(m >> i & 1))
                    continue;
                for (size_t k = 0; k < i; k++)
                    if ((m >> k & 1) && grp[i] >= 0 && grp[k] == grp[i])
                        ok = 0;
                for (size_t y = 0; y < ny; y++)
                    cy[y] += c[i * ny + y];
                v += thr > 0.0 ? thr * b[i] : b[i];
                if (thr > 0.0)
                    for (size_t y = 0; y < ny; y++)
                        v -= c[i * ny + y];
            }
            for (size_t r = 0; r < nreq && ok; r++)
                if ((m >> rf[r] & 1) && !(m >> rt[r] & 1))
                    ok = 0;
            for (size_t y = 0; y < ny && ok; y++)
                if (cy[y] > budget[y])
                    ok = 0;
            if (ok && v > best)
                best = v;
        }
        w = make_ws(n, ny, budget, nreq, rf, rt, grp, thr);
        fc_err_clear(&err);
        if (best == -(double)HUGE_VAL) {
            assert_int_equal(fc_pbma_solve(w, c, b, &so, &err), FC_EDATA);
        } else {
            assert_int_equal(fc_pbma_solve(w, c, b, &so, &err), FC_OK);
            assert_close(so.objective, best, 1e-9, 1e-9);
            assert_int_equal(fc_pbma_greedy(w, c, b, &sg, &feas, &err), FC_OK);
            if (feas)
                assert_true(sg.objective <= so.objective + 1e-9);
        }
        fc_pbma_ws_free(w);
    }
    gsl_rng_free(rng);
}

/* Invariant: scaling every cost and the budget by k > 0 leaves the league order, the
 * optimum and the greedy set unchanged. */
static void
test_budget_cost_scaling_invariant(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    (void)state;
    for (unsigned rep = 0; rep < 30; rep++) {
        size_t n = 12, o1[12], o2[12];
        double c[12], c2[12], b[12], budget, budget2, k;
        unsigned char x1[12], x2[12], g1[12], g2[12];
        fc_pbma_solution s1 = {x1, 0, 0, 0}, s2 = {x2, 0, 0, 0}, t1 = {g1, 0, 0, 0},
                         t2 = {g2, 0, 0, 0};
        fc_pbma_ws *w1, *w2;
        fc_err err;
        gsl_rng_set(rng, 99u + rep);
        k = 0.013 + 40.0 * gsl_rng_uniform(rng);
        for (size_t i = 0; i < n; i++) {
            int dis = gsl_rng_uniform(rng) < 0.3;
            c[i] = (dis ? -1.0 : 1.0) * (5.0 + 100.0 * gsl_rng_uniform(rng));
            b[i] = (dis ? -1.0 : 1.0) * (1.0 + 10.0 * gsl_rng_uniform(rng));
            c2[i] = k * c[i];
        }
        budget = 200.0 * gsl_rng_uniform(rng);
        budget2 = k * budget;
        fc_pbma_league(c, b, n, o1);
        fc_pbma_league(c2, b, n, o2);
        assert_memory_equal(o1, o2, sizeof o1);
        w1 = make_ws(n, 1, &budget, 0, NULL, NULL, NULL, 0.0);
        w2 = make_ws(n, 1, &budget2, 0, NULL, NULL, NULL, 0.0);
        fc_err_clear(&err);
        assert_int_equal(fc_pbma_solve(w1, c, b, &s1, &err), FC_OK);
        assert_int_equal(fc_pbma_solve(w2, c2, b, &s2, &err), FC_OK);
        assert_close(s2.benefit, s1.benefit, 1e-9, 1e-12);
        assert_int_equal(fc_pbma_greedy(w1, c, b, &t1, NULL, &err), FC_OK);
        assert_int_equal(fc_pbma_greedy(w2, c2, b, &t2, NULL, &err), FC_OK);
        assert_memory_equal(g1, g2, n);
        fc_pbma_ws_free(w1);
        fc_pbma_ws_free(w2);
    }
    gsl_rng_free(rng);
}

/* League order by hand: dominant (-10, +3) first; then by benefit per GBP: I1 (100, 50) 0.5,
 * D1 (-200, -20) 0.1 (keep ratio), I2 (40, 30) 0.75; then null (0, 0); dominated (5, -1). */
static void
test_budget_league_order(void **state)
{
    double c[] = {100.0, -200.0, 5.0, 40.0, -10.0, 0.0}, b[] = {50.0, -20.0, -1.0, 30.0, 3.0, 0.0};
    size_t o[6], want[] = {4, 3, 0, 1, 5, 2};
    (void)state;
    fc_pbma_league(c, b, 6, o);
    assert_memory_equal(o, want, sizeof o);
    assert_int_equal(fc_pbma_classify(-200.0, -20.0), FC_PBMA_DISINVEST);
    assert_int_equal(fc_pbma_classify(-10.0, 3.0), FC_PBMA_DOMINANT);
    assert_int_equal(fc_pbma_classify(5.0, -1.0), FC_PBMA_DOMINATED);
}

/* ------------------------------------------------------------------------ draws */

/* Draws are a function of (seed, draw) only; their moments match the 80% intervals. */
static void
test_draws_seeded_and_calibrated(void **state)
{
    enum { N = 20000 };
    double cost[2] = {100.0, -40.0}, lo[2] = {80.0, (double)NAN}, hi[2] = {130.0, (double)NAN};
    double ben[1] = {2.0}, blo[1] = {1.0}, bhi[1] = {3.0};
    fc_pbma_uncertain u = {1, 2, cost, lo, hi, ben, blo, bhi};
    double c5[2], b5[1], c3[2], b3[1], c5b[2], b5b[1], s = 0.0, ss = 0.0;
    size_t inside = 0;
    gsl_rng *r = fc_rng_alloc();
    (void)state;
    fc_pbma_draw(&u, 2024, 5, r, c5, b5);
    fc_pbma_draw(&u, 2024, 3, r, c3, b3);
    fc_pbma_draw(&u, 2024, 5, r, c5b, b5b);
    assert_memory_equal(c5, c5b, sizeof c5);
    assert_memory_equal(b5, b5b, sizeof b5);
    assert_true(c5[0] != c3[0]);
    assert_close(c5[1], -40.0, 0, 0); /* no interval: the point value */
    fc_pbma_draw(&u, 2024, 0, r, c3, b3);
    assert_close(c3[0], 100.0, 0, 0);
    assert_true(fc_pbma_draw_seed(1, 2) != fc_pbma_draw_seed(2, 1));
    for (size_t d = 1; d <= N; d++) {
        fc_pbma_draw(&u, 7, d, r, c3, b3);
        s += c3[0];
        ss += c3[0] * c3[0];
        inside += c3[0] >= 80.0 && c3[0] <= 130.0;
    }
    /* mean (80+130)/2 = 105 (se 19.5/sqrt(N) = 0.14); 80% of draws inside the interval
     * (se 0.0028) */
    assert_close(s / N, 105.0, 0, 0.6);
    assert_close(sqrt(ss / N - (s / N) * (s / N)), 50.0 / 2.5631031310892007, 0.03, 0);
    assert_close((double)inside / N, 0.8, 0, 0.012);
    gsl_rng_free(r);
}

/* Portfolio PSA: with no intervals every draw equals the point values, so P(funded) is 0 or
 * 1 and equals the deterministic optimum. */
static void
test_portfolio_psa_degenerate(void **state)
{
    double budget = 100.0, c[] = {60.0, 50.0, 50.0}, b[] = {66.0, 50.0, 50.0};
    fc_pbma_uncertain u = {3, 1, c, NULL, NULL, b, NULL, NULL};
    double pf[3], pg[3], obj[10];
    fc_pbma_ws *w = make_ws(3, 1, &budget, 0, NULL, NULL, NULL, 0.0);
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    assert_int_equal(fc_pbma_portfolio_psa(w, &u, 10, 1, pf, pg, obj, NULL, &err), FC_OK);
    assert_close(pf[0], 0.0, 0, 0);
    assert_close(pf[1], 1.0, 0, 0);
    assert_close(pf[2], 1.0, 0, 0);
    assert_close(pg[0], 1.0, 0, 0);
    assert_close(obj[9], 100.0, 1e-12, 0);
    fc_pbma_ws_free(w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_icers_dampack_herc6),
        cmocka_unit_test(test_icers_dampack_cdiff11),
        cmocka_unit_test(test_icers_dampack_tie3),
        cmocka_unit_test(test_icers_dampack_hiv5),
        cmocka_unit_test(test_icers_dampack_hund100),
        cmocka_unit_test(test_icers_dampack_negcost5),
        cmocka_unit_test(test_icers_heemod_frontier13),
        cmocka_unit_test(test_icers_hand_edges),
        cmocka_unit_test(test_icers_cost_scaling_invariant),
        cmocka_unit_test(test_psa_dampack_example),
        cmocka_unit_test(test_psa_bcea_vaccine),
        cmocka_unit_test(test_psa_bcea_smoking),
        cmocka_unit_test(test_psa_bcea_ib_tiny),
        cmocka_unit_test(test_psa_evpi_invariants),
        cmocka_unit_test(test_mcda_hand),
        cmocka_unit_test(test_budget_greedy_beaten),
        cmocka_unit_test(test_budget_disinvest_requires_groups),
        cmocka_unit_test(test_budget_per_year),
        cmocka_unit_test(test_budget_bad_structure),
        cmocka_unit_test(test_budget_infeasible),
        cmocka_unit_test(test_budget_glpk_equals_enumeration),
        cmocka_unit_test(test_budget_cost_scaling_invariant),
        cmocka_unit_test(test_budget_league_order),
        cmocka_unit_test(test_draws_seeded_and_calibrated),
        cmocka_unit_test(test_portfolio_psa_degenerate),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests_name("pbma", tests, NULL, NULL);
}
