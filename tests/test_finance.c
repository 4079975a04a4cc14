/* test_finance.c: models/finance: a two-programme, three-year example worked by hand (cost of
 * demand, envelope, gap, real terms, present value, bridge with its residual rule, shifts),
 * the invariants (budget-neutral shifts conserve spend to the penny, bridge rows sum exactly,
 * real = nominal / deflator, no inflation or efficiency gives cost = activity x unit cost) and
 * the domain errors.
 */
#include "models/finance.h"

#include "tests/test_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#define NY 3
#define NP 2
#define NS 2
#define IX(q, c, t) (((q)*FC_FIN_NCOST + (c)) * NY + (t))

/* ------------------------------------------------------------------------ the hand example
 *
 * Base year 2024 (= 2024/25), plan years 2025 and 2026. Two programmes:
 *   acute (0):     service bed_days (0), unit cost 400.00 at 2023/24 prices, pay share 0.6
 *   community (1): service contacts (1), unit cost 50.00 at 2024/25 prices, pay share 0.8
 * Activity 2024..2026: bed_days 1000, 1030, 1060 (from demography alone 1000, 1020, 1040);
 *   contacts 2000, 2100, 2205 (demography alone 2000, 2050, 2100).
 * Pay inflation into 2024, 2025, 2026: 5%, 3%, 2%: P = 1, 1.05, 1.0815, 1.10313 (2023 = 1).
 * Price inflation 2%, 2%, 1%: Q = 1, 1.02, 1.0404, 1.050804. Deflator 2% a year:
 *   D(y)/D(2024) = 1, 1.02, 1.0404.
 * Efficiency 2% a year in acute (E = 1, 0.98, 0.9604), 1% in community (1, 0.99, 0.9801).
 * Budgets 2024: acute pay 250,000 and non-pay 160,000 (funder nhs), community pay 80,000
 *   (nhs) and non-pay 20,000 (council). Uplifts: nhs 3% then 2.5%; council 2% then 2%.
 *
 * Unit cost parts (cash, before efficiency): bed day pay 240 P(y), non-pay 160 Q(y):
 *   2024: 252 + 163.2; 2025: 259.56 + 166.464; 2026: 264.7512 + 168.12864.
 *   Contact pay 40 P(y)/1.05, non-pay 10 Q(y)/1.02: 2024: 40 + 10; 2025: 41.2 + 10.2;
 *   2026: 42.024 + 10.302.
 * Cost leaves = activity x part x E, rounded to pence:
 *   acute pay     2024: 1000 x 252 = 252,000.00
 *                 2025: 1030 x 259.56 x 0.98 = 261,999.864 -> 261,999.86
 *                 2026: 1060 x 264.7512 x 0.9604 = 269,523.0756 -> 269,523.08
 *   acute non-pay 2024: 163,200.00; 2025: 1030 x 166.464 x 0.98 = 168,028.7616 -> 168,028.76;
 *                 2026: 1060 x 168.12864 x 0.9604 = 171,158.9906 -> 171,158.99
 *   comm. pay     2024: 80,000.00; 2025: 2100 x 41.2 x 0.99 = 85,654.80;
 *                 2026: 2205 x 42.024 x 0.9801 = 90,818.9279 -> 90,818.93
 *   comm. non-pay 2024: 20,000.00; 2025: 2100 x 10.2 x 0.99 = 21,205.80;
 *                 2026: 2205 x 10.302 x 0.9801 = 22,263.8634 -> 22,263.86
 *   total cost: 515,200.00; 536,889.22; 553,764.86.
 * Envelope: acute pay 250,000 -> 257,500 -> 263,937.50; acute non-pay 160,000 -> 164,800 ->
 *   168,920; community pay 80,000 -> 82,400 -> 84,460; community non-pay 20,000 -> 20,400 ->
 *   20,808. Total 510,000.00; 525,100.00; 538,125.50.
 * Gap = cost - envelope: 5,200.00; 11,789.22; 15,639.36; cumulative over the plan years
 *   (2025 on): 0; 11,789.22; 27,428.58.
 * Real terms: the total is round(nominal total / deflator), the leaves apportioned to it by
 *   largest remainders. 2025: cost 536,889.22 / 1.02 = 526,361.9804 -> 526,361.98 (leaves
 *   256,862.6078, 164,734.0784, 83,975.2941, 20,790 -> .61, .08, .29, .00, which already sum);
 *   envelope 525,100 / 1.02 = 514,803.9216 -> 514,803.92; real gap 11,558.06.
 *   2026: cost 553,764.86 / 1.0404 = 532,261.4956 -> 532,261.50; envelope 538,125.50 /
 *   1.0404 = 517,229.4310 -> 517,229.43, whose leaves 253,688.4852, 162,360.6305,
 *   81,180.3153, 20,000 floor to .48, .63, .31, .00 = 517,229.42; the penny left goes to the
 *   largest remainder in pence (0.52, 0.05, 0.53, 0), community pay: 81,180.32, so the acute
 *   pay leaf stays 253,688.48 (plain rounding, .49, would break the sum). Real gap
 *   532,261.50 - 517,229.43 = 15,032.07.
 * Present value at 3.5%: 2025: 11,558.06 / 1.035 = 11,167.2077 -> 11,167.21; 2026:
 *   15,032.07 / 1.071225 = 14,032.5982 -> 14,032.60; cumulative 25,199.81. Over programmes
 *   (real gaps 2025: acute 7,577.08, community 3,980.98; 2026: 7,520.74 and 7,511.33) the
 *   present values 7,320.8502 + 3,846.3575 and 7,020.6913 + 7,011.9069 floor to a penny
 *   short each year, which goes to community (remainders 0.75 > 0.02, 0.69 > 0.13):
 *   2025: 7,320.85 + 3,846.36; 2026: 7,020.69 + 7,011.91.
 * Bridge, acute 2025 (base-year unit cost 415.20, 2025 cash unit cost 426.024):
 *   demography (1020 - 1000) x 415.2 = 8,304.00; growth (30 - 20) x 415.2 = 4,152.00;
 *   inflation 1030 x (426.024 - 415.2) = 11,148.72; efficiency 1030 x 426.024 x -0.02 =
 *   -8,776.0944 -> -8,776.09. Baseline 415,200.00 + steps = 430,028.63, but the projected
 *   spend is the sum of the rounded leaves, 261,999.86 + 168,028.76 = 430,028.62: the residual
 *   -0.01 goes to the largest step, inflation: 11,148.71.
 * Community 2025: demography 50 x 50 = 2,500.00; growth 50 x 50 = 2,500.00; inflation
 *   2100 x 1.4 = 2,940.00; efficiency 2100 x 51.4 x -0.01 = -1,079.40; 100,000 + 6,860.60 =
 *   106,860.60 (no residual).
 */

typedef struct example {
    const char *prog_name[NP];
    const char *serv_name[NS];
    size_t serv_prog[NS];
    double unit_cost[NS], pay_share[NS];
    int price_year[NS];
    double activity[NS * NY], demog[NS * NY];
    double pay[4], prices[4], defl[4];
    double eff[NP * NY];
    size_t line_prog[4], line_funder[4];
    int line_ct[4];
    double line_budget[4];
    double uplift[2 * NY];
    fc_fin_shift shift[4];
    fc_fin_problem p;
} example;

static void
example_init(example *x)
{
    static const double pay_pct[4] = {0, 5, 3, 2}, prices_pct[4] = {0, 2, 2, 1},
                        defl_pct[4] = {0, 2, 2, 2};
    fc_err err;
    memset(x, 0, sizeof *x);
    x->prog_name[0] = "acute", x->prog_name[1] = "community";
    x->serv_name[0] = "bed_days", x->serv_name[1] = "contacts";
    x->serv_prog[0] = 0, x->serv_prog[1] = 1;
    x->unit_cost[0] = 400, x->unit_cost[1] = 50;
    x->pay_share[0] = 0.6, x->pay_share[1] = 0.8;
    x->price_year[0] = 2023, x->price_year[1] = 2024;
    {
        const double a[NS * NY] = {1000, 1030, 1060, 2000, 2100, 2205};
        const double d[NS * NY] = {1000, 1020, 1040, 2000, 2050, 2100};
        memcpy(x->activity, a, sizeof a);
        memcpy(x->demog, d, sizeof d);
    }
    fc_err_clear(&err);
    assert_int_equal(fc_fin_index_from_rates(4, pay_pct, x->pay, &err), FC_OK);
    assert_int_equal(fc_fin_index_from_rates(4, prices_pct, x->prices, &err), FC_OK);
    assert_int_equal(fc_fin_index_from_rates(4, defl_pct, x->defl, &err), FC_OK);
    for (size_t t = 1; t < NY; t++) {
        x->eff[0 * NY + t] = 2;
        x->eff[1 * NY + t] = 1;
    }
    {
        const size_t lp[4] = {0, 0, 1, 1}, lf[4] = {0, 0, 0, 1};
        const int lc[4] = {FC_FIN_PAY, FC_FIN_NON_PAY, FC_FIN_PAY, FC_FIN_NON_PAY};
        const double lb[4] = {250000, 160000, 80000, 20000};
        memcpy(x->line_prog, lp, sizeof lp);
        memcpy(x->line_funder, lf, sizeof lf);
        memcpy(x->line_ct, lc, sizeof lc);
        memcpy(x->line_budget, lb, sizeof lb);
    }
    x->uplift[0 * NY + 1] = 3, x->uplift[0 * NY + 2] = 2.5;
    x->uplift[1 * NY + 1] = 2, x->uplift[1 * NY + 2] = 2;

    x->p.n_prog = NP, x->p.n_serv = NS, x->p.n_year = NY, x->p.n_funder = 2, x->p.n_line = 4;
    x->p.base_year = 2024;
    x->p.prog_name = x->prog_name;
    x->p.serv_name = x->serv_name;
    x->p.serv_prog = x->serv_prog;
    x->p.unit_cost = x->unit_cost;
    x->p.price_year = x->price_year;
    x->p.pay_share = x->pay_share;
    x->p.activity = x->activity;
    x->p.activity_demog = x->demog;
    x->p.index_first_year = 2023;
    x->p.n_index = 4;
    x->p.pay_index = x->pay;
    x->p.prices_index = x->prices;
    x->p.deflator_index = x->defl;
    x->p.efficiency_pct = x->eff;
    x->p.line_prog = x->line_prog;
    x->p.line_cost_type = x->line_ct;
    x->p.line_funder = x->line_funder;
    x->p.line_budget = x->line_budget;
    x->p.uplift_pct = x->uplift;
    x->p.shift = x->shift;
    x->p.discount_pct = FC_FIN_GREEN_BOOK_RATE;
}

/* A money shift with the usual defaults: full phase at once, no lag, all released. */
static fc_fin_shift
money_shift(size_t from_prog, size_t from_serv, size_t to_prog, size_t to_serv, double gbp,
            int start)
{
    fc_fin_shift sh;
    memset(&sh, 0, sizeof sh);
    sh.name = "test_shift";
    sh.kind = FC_FIN_SHIFT_MONEY;
    sh.from_prog = from_prog, sh.from_serv = from_serv;
    sh.to_prog = to_prog, sh.to_serv = to_serv;
    sh.amount_gbp = gbp;
    sh.start_year = start;
    sh.phase_years = 1;
    sh.release_pct = 100;
    return sh;
}

static fc_fin_result *
solve(const fc_fin_problem *p)
{
    fc_fin_result *r = NULL;
    fc_err err;
    fc_err_clear(&err);
    assert_int_equal(fc_fin_result_alloc(p, &r, &err), FC_OK);
    if (fc_fin_compute(p, r, &err) != FC_OK)
        fail_msg("fc_fin_compute: %s", err.msg);
    return r;
}

static int64_t
prog_sum(const int64_t *a, size_t q, size_t t)
{
    return a[IX(q, FC_FIN_PAY, t)] + a[IX(q, FC_FIN_NON_PAY, t)];
}

/* ------------------------------------------------------------------------ hand example */

static void
test_fin_hand_costs(void **state)
{
    example x;
    fc_fin_result *r;
    (void)state;
    example_init(&x);
    r = solve(&x.p);
    /* cost leaves, pence */
    assert_int_equal(r->demand[IX(0, FC_FIN_PAY, 0)], 25200000);
    assert_int_equal(r->demand[IX(0, FC_FIN_PAY, 1)], 26199986);
    assert_int_equal(r->demand[IX(0, FC_FIN_PAY, 2)], 26952308);
    assert_int_equal(r->demand[IX(0, FC_FIN_NON_PAY, 0)], 16320000);
    assert_int_equal(r->demand[IX(0, FC_FIN_NON_PAY, 1)], 16802876);
    assert_int_equal(r->demand[IX(0, FC_FIN_NON_PAY, 2)], 17115899);
    assert_int_equal(r->demand[IX(1, FC_FIN_PAY, 1)], 8565480);
    assert_int_equal(r->demand[IX(1, FC_FIN_PAY, 2)], 9081893);
    assert_int_equal(r->demand[IX(1, FC_FIN_NON_PAY, 1)], 2120580);
    assert_int_equal(r->demand[IX(1, FC_FIN_NON_PAY, 2)], 2226386);
    /* unit costs after efficiency: bed day 2025 = 426.024 x 0.98 */
    assert_close(r->unit_cost[0 * NY + 1], 426.024 * 0.98, 1e-14, 0);
    assert_close(r->unit_cost[1 * NY + 2], 52.326 * 0.9801, 1e-14, 0);
    /* envelope lines and funders */
    assert_int_equal(r->envelope[IX(0, FC_FIN_PAY, 2)], 26393750);
    assert_int_equal(r->envelope[IX(1, FC_FIN_NON_PAY, 2)], 2080800);
    assert_int_equal(r->funder_env[0 * NY + 2], 26393750 + 16892000 + 8446000);
    assert_int_equal(r->funder_env[1 * NY + 1], 2040000);
    /* no shifts: cost is the cost of demand */
    for (size_t i = 0; i < NP * FC_FIN_NCOST * NY; i++)
        assert_int_equal(r->cost[i], r->demand[i]);
    fc_fin_result_free(r);
}

static void
test_fin_hand_gap(void **state)
{
    example x;
    fc_fin_result *r;
    fc_fin_gap_row g[NY];
    fc_err err;
    (void)state;
    example_init(&x);
    r = solve(&x.p);
    fc_err_clear(&err);
    assert_int_equal(fc_fin_gap(r, FC_FIN_ALL, g, &err), FC_OK);
    assert_int_equal(g[0].year, 2024);
    assert_int_equal(g[0].cost, 51520000);
    assert_int_equal(g[1].cost, 53688922);
    assert_int_equal(g[2].cost, 55376486);
    assert_int_equal(g[0].envelope, 51000000);
    assert_int_equal(g[1].envelope, 52510000);
    assert_int_equal(g[2].envelope, 53812550);
    assert_int_equal(g[0].gap, 520000);
    assert_int_equal(g[1].gap, 1178922);
    assert_int_equal(g[2].gap, 1563936);
    assert_int_equal(g[0].cum_gap, 0);
    assert_int_equal(g[1].cum_gap, 1178922);
    assert_int_equal(g[2].cum_gap, 2742858);
    assert_int_equal(g[1].cost_real, 52636198);
    assert_int_equal(g[1].envelope_real, 51480392);
    assert_int_equal(g[1].gap_real, 1155806);
    assert_int_equal(g[2].cost_real, 53226150);
    assert_int_equal(g[2].envelope_real, 51722943);
    assert_int_equal(g[2].gap_real, 1503207);
    assert_close(g[2].deflator, 1.0404, 1e-15, 0);
    assert_close(g[1].discount_factor, 1 / 1.035, 1e-15, 0);
    assert_int_equal(g[1].pv_gap, 1116721);
    assert_int_equal(g[2].pv_gap, 1403260);
    assert_int_equal(g[2].cum_pv_gap, 1116721 + 1403260);
    assert_int_equal(g[2].cum_gap_real, 1155806 + 1503207);
    assert_int_equal(r->envelope_real[IX(0, FC_FIN_PAY, 2)], 25368848);
    assert_int_equal(r->envelope_real[IX(1, FC_FIN_PAY, 2)], 8118032);
    assert_int_equal(r->pv_gap[0 * NY + 1], 732085);
    assert_int_equal(r->pv_gap[1 * NY + 1], 384636);
    assert_int_equal(r->pv_gap[0 * NY + 2], 702069);
    assert_int_equal(r->pv_gap[1 * NY + 2], 701191);
    /* one programme: community 2026 = 113,082.79 - (84,460 + 20,808) */
    assert_int_equal(fc_fin_gap(r, 1, g, &err), FC_OK);
    assert_int_equal(g[2].gap, 11308279 - 10526800);
    fc_fin_result_free(r);
}

static void
test_fin_hand_bridge(void **state)
{
    example x;
    fc_fin_result *r;
    const int64_t *b;
    (void)state;
    example_init(&x);
    r = solve(&x.p);
    b = r->bridge + (0 * NY + 1) * FC_FIN_NSTEP; /* acute 2025 */
    assert_int_equal(b[FC_FIN_BASELINE], 41520000);
    assert_int_equal(b[FC_FIN_DEMOGRAPHY], 830400);
    assert_int_equal(b[FC_FIN_GROWTH], 415200);
    assert_int_equal(b[FC_FIN_INFLATION], 1114871); /* 11,148.72 less the 1p residual */
    assert_int_equal(b[FC_FIN_EFFICIENCY], -877609);
    assert_int_equal(b[FC_FIN_SHIFTS], 0);
    assert_int_equal(b[FC_FIN_PROJECTED], 43002862);
    b = r->bridge + (1 * NY + 1) * FC_FIN_NSTEP; /* community 2025 */
    assert_int_equal(b[FC_FIN_BASELINE], 10000000);
    assert_int_equal(b[FC_FIN_DEMOGRAPHY], 250000);
    assert_int_equal(b[FC_FIN_GROWTH], 250000);
    assert_int_equal(b[FC_FIN_INFLATION], 294000);
    assert_int_equal(b[FC_FIN_EFFICIENCY], -107940);
    assert_int_equal(b[FC_FIN_PROJECTED], 10686060);
    /* community 2026: growth (205 - 100) x 50 = 5,250.00; inflation 2205 x (52.326 - 50) =
     * 5,128.83; efficiency 2205 x 52.326 x (0.9801 - 1) = -2,296.0387 -> -2,296.04 */
    b = r->bridge + (1 * NY + 2) * FC_FIN_NSTEP;
    assert_int_equal(b[FC_FIN_DEMOGRAPHY], 500000);
    assert_int_equal(b[FC_FIN_GROWTH], 525000);
    assert_int_equal(b[FC_FIN_INFLATION], 512883);
    assert_int_equal(b[FC_FIN_EFFICIENCY], -229604);
    /* the base year row is all baseline */
    b = r->bridge + (0 * NY + 0) * FC_FIN_NSTEP;
    assert_int_equal(b[FC_FIN_PROJECTED], b[FC_FIN_BASELINE]);
    for (int j = FC_FIN_DEMOGRAPHY; j <= FC_FIN_SHIFTS; j++)
        assert_int_equal(b[j], 0);
    fc_fin_result_free(r);
}

/* Without a demographic split the whole change in activity counts as demography: acute 2025
 * 30 x 415.2 = 12,456.00, now the largest step, so it takes the -0.01 residual (inflation
 * keeps its 11,148.72). */
static void
test_fin_bridge_no_demog(void **state)
{
    example x;
    fc_fin_result *r;
    const int64_t *b;
    (void)state;
    example_init(&x);
    x.p.activity_demog = NULL;
    r = solve(&x.p);
    b = r->bridge + (0 * NY + 1) * FC_FIN_NSTEP;
    assert_int_equal(b[FC_FIN_DEMOGRAPHY], 1245599);
    assert_int_equal(b[FC_FIN_GROWTH], 0);
    assert_int_equal(b[FC_FIN_INFLATION], 1114872);
    fc_fin_result_free(r);
}

/* A lagged, phased money shift with a transition cost: GBP 12,000 a year from the acute
 * programme to the contacts service from 2025, phased over 2 years, released 1 year later,
 * half of it released, GBP 3,000 of double running in 2025.
 *   2025: phase 0.5: moved = invested = 6,000; released = 12,000 x 0.5 x phase(2024) = 0;
 *         transition 3,000; net cost +9,000.
 *   2026: phase 1: moved = invested = 12,000; released = 12,000 x 0.5 x phase(2025) = 3,000;
 *         net cost +9,000.
 * Activity bought 2026: 12,000 / (52.326 x 0.9801) = 12,000 / 51.2847126 = 233.98786 contacts;
 * released 2026: 3,000 / (432.87984 x 0.9604) = 3,000 / 415.737798 = 7.2161 bed days. */
static void
test_fin_shift_lag(void **state)
{
    example x;
    fc_fin_result *r, *r0;
    fc_fin_gap_row g[NY], g0[NY];
    fc_err err;
    (void)state;
    example_init(&x);
    r0 = solve(&x.p);
    x.shift[0] = money_shift(0, FC_FIN_ALL, 1, 1, 12000, 2025);
    x.shift[0].phase_years = 2;
    x.shift[0].lag_years = 1;
    x.shift[0].release_pct = 50;
    x.shift[0].transition_gbp = 3000;
    x.shift[0].transition_years = 1;
    x.p.n_shift = 1;
    r = solve(&x.p);
    assert_int_equal(r->sh_moved[1], 600000);
    assert_int_equal(r->sh_invested[1], 600000);
    assert_int_equal(r->sh_released[1], 0);
    assert_int_equal(r->sh_transition[1], 300000);
    assert_int_equal(r->sh_moved[2], 1200000);
    assert_int_equal(r->sh_released[2], 300000);
    assert_int_equal(r->sh_transition[2], 0);
    assert_close(r->sh_bought[(0 * NY + 2) * NS + 1], 12000 / 51.2847126, 1e-9, 0);
    assert_close(r->sh_released_units[(0 * NY + 2) * NS + 0], 3000 / 415.737798336, 1e-9, 0);
    assert_close(r->sh_bought[(0 * NY + 2) * NS + 0], 0, 0, 0);
    fc_err_clear(&err);
    assert_int_equal(fc_fin_gap(r, FC_FIN_ALL, g, &err), FC_OK);
    assert_int_equal(fc_fin_gap(r0, FC_FIN_ALL, g0, &err), FC_OK);
    assert_int_equal(g[1].cost - g0[1].cost, 900000);
    assert_int_equal(g[2].cost - g0[2].cost, 900000);
    assert_int_equal(g[1].envelope, g0[1].envelope); /* a virement moves, never adds */
    /* programme level: acute envelope down by the virement, community up */
    assert_int_equal(prog_sum(r->envelope, 0, 2) - prog_sum(r0->envelope, 0, 2), -1200000);
    assert_int_equal(prog_sum(r->envelope, 1, 2) - prog_sum(r0->envelope, 1, 2), 1200000);
    assert_int_equal(prog_sum(r->cost, 0, 2) - prog_sum(r0->cost, 0, 2), -300000);
    assert_int_equal(prog_sum(r->cost, 1, 2) - prog_sum(r0->cost, 1, 2), 1200000);
    assert_int_equal(prog_sum(r->shift_cost, 1, 1), 900000);
    /* the bridge's shifts step is the programme's net shift cost */
    assert_int_equal(r->bridge[(1 * NY + 1) * FC_FIN_NSTEP + FC_FIN_SHIFTS], 900000);
    assert_int_equal(r->bridge[(0 * NY + 2) * FC_FIN_NSTEP + FC_FIN_SHIFTS], -300000);
    fc_fin_result_free(r);
    fc_fin_result_free(r0);
}

/* An activity shift: 100 bed days a year to 3 contacts each (ratio 3) from 2026, all released:
 * bought 300 contacts at 51.2847126 = 15,385.41; released 100 bed days at 415.737798 =
 * 41,573.78; moved (virement) 41,573.78. */
static void
test_fin_shift_activity(void **state)
{
    example x;
    fc_fin_result *r;
    (void)state;
    example_init(&x);
    x.shift[0] = money_shift(0, 0, 1, 1, 0, 2026);
    x.shift[0].kind = FC_FIN_SHIFT_ACTIVITY;
    x.shift[0].units = 100;
    x.shift[0].ratio = 3;
    x.p.n_shift = 1;
    r = solve(&x.p);
    assert_int_equal(r->sh_invested[2], 1538541);
    assert_int_equal(r->sh_released[2], 4157378);
    assert_int_equal(r->sh_moved[2], 4157378);
    assert_close(r->sh_bought[(0 * NY + 2) * NS + 1], 300, 0, 0);
    assert_close(r->sh_released_units[(0 * NY + 2) * NS + 0], 100, 0, 0);
    assert_int_equal(r->sh_invested[1], 0);
    fc_fin_result_free(r);
}

/* ------------------------------------------------------------------------ invariants */

/* A budget-neutral money shift (released = invested, no lag, no transition) leaves total
 * spend and the total envelope unchanged to the penny in every year, for several amounts
 * whose pay/non-pay splits round differently on the two sides, and for programme and service
 * endpoints, several shifts at once. */
static void
test_fin_budget_neutral(void **state)
{
    static const double amounts[] = {2000000.0 / 300, 12345.67, 0.01, 99999.995, 7777.777};
    example x;
    fc_fin_result *r0, *r;
    (void)state;
    example_init(&x);
    /* larger activity so that GBP 2m-scale moves fit */
    for (size_t i = 0; i < NS * NY; i++)
        x.activity[i] *= 37.3, x.demog[i] *= 37.3;
    r0 = solve(&x.p);
    for (size_t a = 0; a < sizeof amounts / sizeof amounts[0]; a++) {
        x.shift[0] = money_shift(0, FC_FIN_ALL, 1, FC_FIN_ALL, amounts[a], 2025);
        x.shift[1] = money_shift(1, 1, 0, 0, amounts[a] / 3.0, 2026);
        x.shift[2] = money_shift(0, 0, 1, FC_FIN_ALL, amounts[a] * 1.7, 2025);
        x.shift[2].phase_years = 3;
        x.p.n_shift = 3;
        r = solve(&x.p);
        for (size_t t = 0; t < NY; t++) {
            int64_t c0 = 0, c = 0, e0 = 0, e = 0;
            for (size_t q = 0; q < NP; q++) {
                c0 += prog_sum(r0->cost, q, t), c += prog_sum(r->cost, q, t);
                e0 += prog_sum(r0->envelope, q, t), e += prog_sum(r->envelope, q, t);
            }
            assert_int_equal(c, c0);
            assert_int_equal(e, e0);
        }
        /* and so are the real totals and present values */
        {
            fc_fin_gap_row g0[NY], g[NY];
            fc_err err;
            fc_err_clear(&err);
            assert_int_equal(fc_fin_gap(r0, FC_FIN_ALL, g0, &err), FC_OK);
            assert_int_equal(fc_fin_gap(r, FC_FIN_ALL, g, &err), FC_OK);
            for (size_t t = 0; t < NY; t++) {
                assert_int_equal(g[t].cost_real, g0[t].cost_real);
                assert_int_equal(g[t].envelope_real, g0[t].envelope_real);
                assert_int_equal(g[t].cum_pv_gap, g0[t].cum_pv_gap);
            }
        }
        /* and the programmes did change */
        assert_true(prog_sum(r->cost, 1, 2) != prog_sum(r0->cost, 1, 2));
        fc_fin_result_free(r);
    }
    fc_fin_result_free(r0);
}

/* Every bridge row sums exactly (baseline + steps = projected = the programme's cost cells),
 * with and without shifts, over odd activity levels. */
static void
test_fin_bridge_sums(void **state)
{
    example x;
    fc_fin_result *r;
    (void)state;
    example_init(&x);
    for (int rep = 0; rep < 4; rep++) {
        for (size_t i = 0; i < NS * NY; i++)
            x.activity[i] = x.activity[i] * 1.0137 + 0.333, x.demog[i] *= 1.0071;
        x.unit_cost[0] *= 1.0297;
        x.shift[0] = money_shift(0, FC_FIN_ALL, 1, 1, 1234.567 * (rep + 1), 2025);
        x.shift[0].lag_years = rep % 2;
        x.shift[0].release_pct = 80;
        x.shift[0].transition_gbp = 99.999;
        x.shift[0].transition_years = 2;
        x.p.n_shift = (size_t)(rep % 2);
        r = solve(&x.p);
        for (size_t q = 0; q < NP; q++)
            for (size_t t = 0; t < NY; t++) {
                const int64_t *b = r->bridge + (q * NY + t) * FC_FIN_NSTEP;
                int64_t s = 0;
                for (int j = FC_FIN_BASELINE; j < FC_FIN_PROJECTED; j++)
                    s += b[j];
                assert_int_equal(s, b[FC_FIN_PROJECTED]);
                assert_int_equal(b[FC_FIN_PROJECTED], prog_sum(r->cost, q, t));
                assert_int_equal(b[FC_FIN_BASELINE], prog_sum(r->demand, q, 0));
                assert_int_equal(b[FC_FIN_SHIFTS], prog_sum(r->shift_cost, q, t));
            }
        fc_fin_result_free(r);
    }
}

/* real = nominal / deflator: each real total is nominal total / deflator rounded to the
 * penny, each real leaf lies within a penny of nominal leaf / deflator and the leaves sum to
 * the total exactly; the funders' real envelopes sum to the same total; programme present
 * values sum to the total's. Checked on the hand example and with a shift and odd values. */
static void
test_fin_real(void **state)
{
    example x;
    fc_fin_result *r;
    fc_fin_gap_row g[NY], gq[NY];
    fc_err err;
    (void)state;
    example_init(&x);
    for (int rep = 0; rep < 3; rep++) {
        x.activity[rep] *= 1.0173;
        x.line_budget[rep] *= 1.00371;
        x.shift[0] = money_shift(0, FC_FIN_ALL, 1, 1, 3333.33 * (rep + 1), 2025);
        x.p.n_shift = (size_t)(rep > 0);
        r = solve(&x.p);
        fc_err_clear(&err);
        assert_int_equal(fc_fin_gap(r, FC_FIN_ALL, g, &err), FC_OK);
        for (size_t t = 0; t < NY; t++) {
            int64_t fe = 0, pv = 0;
            for (size_t q = 0; q < NP; q++)
                for (int c = 0; c < FC_FIN_NCOST; c++) {
                    size_t i = IX(q, (size_t)c, t);
                    assert_close((double)r->cost_real[i], (double)r->cost[i] / r->deflator[t], 0,
                                 1.0);
                    assert_close((double)r->envelope_real[i],
                                 (double)r->envelope[i] / r->deflator[t], 0, 1.0);
                }
            assert_close((double)g[t].cost_real, (double)g[t].cost / g[t].deflator, 0, 0.5);
            assert_close((double)g[t].envelope_real, (double)g[t].envelope / g[t].deflator, 0, 0.5);
            assert_int_equal(g[t].gap_real, g[t].cost_real - g[t].envelope_real);
            assert_close((double)g[t].pv_gap, (double)g[t].gap_real * g[t].discount_factor, 0, 0.5);
            for (size_t f = 0; f < 2; f++)
                fe += r->funder_env_real[f * NY + t];
            assert_int_equal(fe, g[t].envelope_real);
            for (size_t q = 0; q < NP; q++) {
                assert_int_equal(fc_fin_gap(r, q, gq, &err), FC_OK);
                pv += gq[t].pv_gap;
            }
            assert_int_equal(pv, g[t].pv_gap);
        }
        fc_fin_result_free(r);
    }
}

/* No inflation and no efficiency: every cost cell is activity x unit cost. With pay shares of
 * 1 and 0 the pay (or non-pay) leaf alone is round(activity x unit cost): 1234.5 x 87.32 =
 * 107,796.54 and 2000 x 50 = 100,000.00; with a mixed share the two leaves sum to it within a
 * penny. The bridge has only activity steps. */
static void
test_fin_no_inflation(void **state)
{
    example x;
    fc_fin_result *r;
    (void)state;
    example_init(&x);
    for (size_t i = 0; i < 4; i++)
        x.pay[i] = x.prices[i] = 1.0;
    memset(x.eff, 0, sizeof x.eff);
    x.unit_cost[0] = 87.32;
    x.pay_share[0] = 1.0;
    x.pay_share[1] = 0.0;
    x.activity[0 * NY + 2] = 1234.5;
    r = solve(&x.p);
    assert_int_equal(r->demand[IX(0, FC_FIN_PAY, 2)], 10779654);
    assert_int_equal(r->demand[IX(0, FC_FIN_NON_PAY, 2)], 0);
    assert_int_equal(r->demand[IX(1, FC_FIN_NON_PAY, 0)], 10000000);
    assert_int_equal(r->demand[IX(1, FC_FIN_PAY, 0)], 0);
    for (size_t t = 0; t < NY; t++)
        assert_close(r->unit_cost[0 * NY + t], 87.32, 0, 0);
    x.pay_share[0] = 0.37;
    fc_fin_result_free(r);
    r = solve(&x.p);
    assert_close((double)prog_sum(r->demand, 0, 2), 10779654, 0, 1);
    for (size_t q = 0; q < NP; q++)
        for (size_t t = 0; t < NY; t++) {
            const int64_t *b = r->bridge + (q * NY + t) * FC_FIN_NSTEP;
            assert_int_equal(b[FC_FIN_EFFICIENCY], 0);
            assert_true(llabs(b[FC_FIN_INFLATION]) <= 2); /* rounding residual at most */
        }
    fc_fin_result_free(r);
}

/* ------------------------------------------------------------------------ helpers, errors */

static void
test_fin_helpers(void **state)
{
    int64_t p;
    int64_t part[2];
    double lv[3];
    const double pct[3] = {0, 10, -50};
    fc_fin_shift sh;
    fc_err err;
    (void)state;
    fc_err_clear(&err);
    assert_int_equal(fc_fin_pence(1.005 * 1000, &p, &err), FC_OK); /* 1005.00 */
    assert_int_equal(p, 100500);
    assert_int_equal(fc_fin_pence(0.125, &p, &err), FC_OK); /* half away from zero */
    assert_int_equal(p, 13);
    assert_int_equal(fc_fin_pence(-0.125, &p, &err), FC_OK);
    assert_int_equal(p, -13);
    assert_int_equal(fc_fin_pence(2e13, &p, &err), FC_EDOM);
    fc_fin_split(101, 0.5, part); /* 50.5 -> 51 pay, 50 non-pay */
    assert_int_equal(part[0], 51);
    assert_int_equal(part[1], 50);
    fc_fin_split(-101, 0.5, part);
    assert_int_equal(part[0] + part[1], -101);
    fc_err_clear(&err);
    assert_int_equal(fc_fin_index_from_rates(3, pct, lv, &err), FC_OK);
    assert_close(lv[2], 0.55, 1e-15, 0);
    memset(&sh, 0, sizeof sh);
    sh.start_year = 2027, sh.phase_years = 4;
    assert_close(fc_fin_shift_phase(&sh, 2026), 0, 0, 0);
    assert_close(fc_fin_shift_phase(&sh, 2027), 0.25, 0, 0);
    assert_close(fc_fin_shift_phase(&sh, 2029), 0.75, 0, 0);
    assert_close(fc_fin_shift_phase(&sh, 2035), 1, 0, 0);
}

static fc_status
compute_status(const fc_fin_problem *p, fc_err *err, size_t *fail_shift)
{
    fc_fin_result *r = NULL;
    fc_status st;
    fc_err_clear(err);
    assert_int_equal(fc_fin_result_alloc(p, &r, err), FC_OK);
    st = fc_fin_compute(p, r, err);
    if (fail_shift)
        *fail_shift = r->fail_shift;
    fc_fin_result_free(r);
    return st;
}

static void
test_fin_errors(void **state)
{
    example x;
    fc_err err;
    size_t k;
    (void)state;

    example_init(&x);
    x.activity[3] = -1;
    assert_int_equal(compute_status(&x.p, &err, NULL), FC_EDOM);
    assert_non_null(strstr(err.msg, "'contacts'"));

    example_init(&x);
    x.pay_share[0] = 1.2;
    assert_int_equal(compute_status(&x.p, &err, NULL), FC_EDOM);

    example_init(&x);
    x.price_year[0] = 2022; /* before the indices start */
    assert_int_equal(compute_status(&x.p, &err, NULL), FC_EDOM);
    assert_non_null(strstr(err.msg, "price year 2022"));

    example_init(&x);
    x.p.n_index = 3; /* indices end in 2025 */
    assert_int_equal(compute_status(&x.p, &err, NULL), FC_EDOM);

    example_init(&x);
    x.eff[1 * NY + 2] = 100;
    assert_int_equal(compute_status(&x.p, &err, NULL), FC_EDOM);

    example_init(&x);
    x.line_budget[2] = -5;
    assert_int_equal(compute_status(&x.p, &err, NULL), FC_EDOM);
    assert_non_null(strstr(err.msg, "'community'"));

    example_init(&x);
    x.uplift[NY + 1] = -100;
    assert_int_equal(compute_status(&x.p, &err, NULL), FC_EDOM);

    /* shifts: to itself, outside the plan years, too large to release or to move */
    example_init(&x);
    x.shift[0] = money_shift(0, 0, 0, 0, 10, 2025);
    x.shift[1] = money_shift(0, FC_FIN_ALL, 0, FC_FIN_ALL, 10, 2025);
    x.p.n_shift = 1;
    assert_int_equal(compute_status(&x.p, &err, &k), FC_EDOM);
    assert_int_equal(k, 0);
    x.shift[0] = money_shift(0, FC_FIN_ALL, 1, FC_FIN_ALL, 10, 2024);
    assert_int_equal(compute_status(&x.p, &err, &k), FC_EDOM);
    assert_non_null(strstr(err.msg, "outside the plan years 2025..2026"));
    x.shift[0] = money_shift(0, FC_FIN_ALL, 1, FC_FIN_ALL, 10, 2027);
    assert_int_equal(compute_status(&x.p, &err, &k), FC_EDOM);
    x.shift[0] = money_shift(1, FC_FIN_ALL, 0, FC_FIN_ALL, 100, 2025);
    x.shift[1] = money_shift(1, 1, 0, 0, 150000, 2026);
    x.p.n_shift = 2;
    assert_int_equal(compute_status(&x.p, &err, &k), FC_EDOM);
    assert_int_equal(k, 1);
    assert_non_null(strstr(err.msg, "release more than programme 'community' costs in 2026"));
    /* releasing nothing (release 0%) but moving the budget: the envelope goes negative */
    x.shift[1].release_pct = 0;
    assert_int_equal(compute_status(&x.p, &err, &k), FC_EDOM);
    assert_int_equal(k, 1);
    assert_non_null(strstr(err.msg, "envelope"));
    /* money into a service with a unit cost of 0 cannot buy activity */
    example_init(&x);
    x.unit_cost[1] = 0;
    x.shift[0] = money_shift(0, FC_FIN_ALL, 1, 1, 100, 2025);
    x.p.n_shift = 1;
    assert_int_equal(compute_status(&x.p, &err, &k), FC_EDOM);
    assert_non_null(strstr(err.msg, "unit cost of 0"));
    /* an activity shift needs services at both ends */
    example_init(&x);
    x.shift[0] = money_shift(0, FC_FIN_ALL, 1, 1, 0, 2025);
    x.shift[0].kind = FC_FIN_SHIFT_ACTIVITY;
    x.shift[0].units = 5;
    x.p.n_shift = 1;
    assert_int_equal(compute_status(&x.p, &err, &k), FC_EDOM);
    /* an index out of range is a caller bug */
    example_init(&x);
    x.serv_prog[1] = 7;
    assert_int_equal(compute_status(&x.p, &err, NULL), FC_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fin_hand_costs),     cmocka_unit_test(test_fin_hand_gap),
        cmocka_unit_test(test_fin_hand_bridge),    cmocka_unit_test(test_fin_bridge_no_demog),
        cmocka_unit_test(test_fin_shift_lag),      cmocka_unit_test(test_fin_shift_activity),
        cmocka_unit_test(test_fin_budget_neutral), cmocka_unit_test(test_fin_bridge_sums),
        cmocka_unit_test(test_fin_real),           cmocka_unit_test(test_fin_no_inflation),
        cmocka_unit_test(test_fin_helpers),        cmocka_unit_test(test_fin_errors),
    };
    gsl_set_error_handler_off();
    return cmocka_run_group_tests_name("finance", tests, NULL, NULL);
}
