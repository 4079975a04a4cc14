/* finance.h: money for a plan: programme budgets, the envelope, the cost of demand, the funding
 * gap, resource shifts between programmes or services, and the bridge from baseline spend.
 * Pure numerics on dense caller-owned arrays; no I/O.
 *
 * Years are financial years named by their first calendar year (2025 = 2025/26); year index
 * t = 0 .. n_year-1 is year base_year + t, t = 0 being the base year.
 *   Index factor of service s into year y (relative to its unit cost's price year Y_s):
 *     I_pay(s, y) = P(y) / P(Y_s),  I_np(s, y) = Q(y) / Q(Y_s)   (P pay, Q prices indices)
 *   Efficiency of programme p: E_p(y) = prod_{t = base+1..y} (1 - e_p(t) / 100), E_p(base) = 1
 *   Cost of demand, leaf cells (service s, cost type c):
 *     pay(s, y) = A(s, y) u_s w_s I_pay(s, y) E_p(y),  non_pay = A u_s (1 - w_s) I_np E_p
 *   Envelope: each budget line (programme, cost type, funder) B_l U_f(y), with
 *     U_f(y) = prod_{t = base+1..y} (1 + uplift_f(t) / 100); plus virements from shifts.
 *   Real terms: x_real(y) = x(y) / (D(y) / D(base))   (D the deflator, e.g. the GDP deflator)
 *   Gap = cost - envelope (positive = shortfall); present value of the real gap at the
 *   discount rate r (HM Treasury Green Book, 3.5%): pv(y) = gap_real(y) / (1 + r)^(y - base).
 *
 * MONEY ROUNDING RULE. Everything is computed in double. Each reported money cell is a whole
 * number of pence (int64): leaf cells are rounded half away from zero, round(x * 100), at the
 * finest level (service x cost type x year for the cost of demand; budget line x year for the
 * envelope; shift x year for each shift amount; then split over cost types as
 * pay = round(x w), non_pay = x - pay so the split is exact). Every total is the exact integer
 * sum of its leaves; every difference (gap, cumulative gap) is taken between rounded cells.
 * Real terms: each year's total is round(nominal total / deflator) and the leaves are
 * apportioned to it by the largest-remainder method (each leaf is floor(nominal leaf /
 * deflator) plus one penny for the largest remainders), so they sum exactly to the total and
 * each lies within a penny of nominal / deflator; a budget-neutral shift therefore leaves the
 * real totals unchanged too. Present values are apportioned the same way over programmes:
 * the year's total is round(real gap x discount factor). Bridge steps are
 * computed in double per programme and year and rounded; the residual (projected - baseline -
 * sum of rounded steps, a few pence at most) is added to the step of largest magnitude among
 * demography, non-demographic growth, inflation and efficiency (the earliest on a tie), so
 * every bridge row sums exactly. The shifts step is exact (a sum of leaves).
 */
#ifndef FC_MODELS_FINANCE_H
#define FC_MODELS_FINANCE_H

#include <stddef.h>
#include <stdint.h>

#include "models/status.h"

#define FC_FIN_ALL ((size_t)-1)    /* "the whole programme" as a shift endpoint; all programmes */
#define FC_FIN_MAX_GBP 1e13        /* largest money value accepted (GBP 10 trillion) */
#define FC_FIN_GREEN_BOOK_RATE 3.5 /* HM Treasury Green Book discount rate, % a year */

/* Cost types (the second index of the [prog][cost type][year] arrays). */
enum { FC_FIN_PAY = 0, FC_FIN_NON_PAY = 1, FC_FIN_NCOST = 2 };

/* Bridge columns, in order: baseline + the five steps = projected. */
typedef enum fc_fin_step {
    FC_FIN_BASELINE = 0, /* base-year cost of demand (base-year prices) */
    FC_FIN_DEMOGRAPHY,   /* change in activity from demography alone, at base-year prices */
    FC_FIN_GROWTH,       /* the rest of the change in activity, at base-year prices */
    FC_FIN_INFLATION,    /* pay and price inflation from the base year */
    FC_FIN_EFFICIENCY,   /* efficiency (negative) */
    FC_FIN_SHIFTS,       /* net cost of resource shifts */
    FC_FIN_PROJECTED,    /* projected spend (cost of demand after efficiency and shifts) */
    FC_FIN_NSTEP
} fc_fin_step;

typedef enum fc_fin_shift_kind {
    FC_FIN_SHIFT_MONEY = 0,   /* amount_gbp a year moves */
    FC_FIN_SHIFT_ACTIVITY = 1 /* units of the `from` service a year move (ratio converts) */
} fc_fin_shift_kind;

/* A resource shift. Phase in year y: phi(y) = 0 before start_year, then
 * min(1, (y - start_year + 1) / phase_years). For year y:
 *   money:    moved = invested = amount phi(y);  released = amount (release_pct/100) phi(y - lag)
 *   activity: bought = units ratio phi(y) of `to`, invested = bought x unit cost of `to`;
 *             released units = units (release_pct/100) phi(y - lag), released = units x unit
 *             cost of `from`; moved = units phi(y) x unit cost of `from`
 *   transition = transition_gbp in each of the transition_years years from start_year.
 * `moved` is a virement: the `from` programme's envelope falls and the `to` programme's rises
 * by it (total envelope unchanged). The `to` side's cost rises by invested + transition, the
 * `from` side's falls by released. Unit costs are the year's cash unit costs after efficiency.
 * A programme endpoint (service FC_FIN_ALL) spreads money over its services in proportion to
 * their cost that year; activity bought or released on each side is that money over each
 * service's own unit cost. A money shift with release_pct = 100, lag 0 and no transition
 * cost is budget-neutral: total spend is unchanged to the penny. */
typedef struct fc_fin_shift {
    const char *name; /* for messages (borrowed), may be NULL */
    fc_fin_shift_kind kind;
    size_t from_prog, to_prog; /* programme indices */
    size_t from_serv, to_serv; /* service indices in those programmes, or FC_FIN_ALL (money
                                  shifts only: the whole programme) */
    double amount_gbp;         /* money: cash GBP a year at full phase, > 0 */
    double units;              /* activity: units of `from` a year at full phase, > 0 */
    double ratio;              /* activity: units of `to` per unit of `from`, >= 0 */
    int start_year;            /* first year of the shift (> base year) */
    int phase_years;           /* years to full phase, >= 1 */
    int lag_years;             /* years before the release follows the investment, >= 0 */
    double release_pct;        /* share of the moved money (or units) released, % >= 0 */
    double transition_gbp;     /* double-running cost, cash GBP a year, >= 0 */
    int transition_years;      /* years it is paid from start_year, >= 0 */
} fc_fin_shift;

/* Everything the model needs; arrays are borrowed. */
typedef struct fc_fin_problem {
    size_t n_prog, n_serv, n_year, n_funder, n_line, n_shift;
    int base_year;
    const char *const *prog_name; /* [n_prog] for messages, may be NULL */
    const char *const *serv_name; /* [n_serv] for messages, may be NULL */
    /* services */
    const size_t *serv_prog; /* [n_serv] programme of each service */
    const double *unit_cost; /* [n_serv] GBP per unit at price_year prices, >= 0 */
    const int *price_year;   /* [n_serv] price year of each unit cost */
    const double *pay_share; /* [n_serv] share of the unit cost that is pay, [0, 1] */
    /* activity (units a year) */
    const double *activity;       /* [n_serv][n_year] >= 0 */
    const double *activity_demog; /* [n_serv][n_year] activity from demography alone, or NULL
                                     (then the whole change counts as demography) */
    /* indices, levels for years index_first_year .. + n_index - 1 (any base; only ratios
       are used); they must cover every price year and the base year .. last year */
    int index_first_year;
    size_t n_index;
    const double *pay_index, *prices_index, *deflator_index; /* [n_index] > 0 */
    /* efficiency, % a year into year t (entry t = 0 unused), < 100 */
    const double *efficiency_pct; /* [n_prog][n_year] */
    /* budget lines (base year, cash GBP) and the funders' uplifts */
    const size_t *line_prog;   /* [n_line] */
    const int *line_cost_type; /* [n_line] FC_FIN_PAY or FC_FIN_NON_PAY */
    const size_t *line_funder; /* [n_line] */
    const double *line_budget; /* [n_line] >= 0 */
    const double *uplift_pct;  /* [n_funder][n_year], % into year t (t = 0 unused), > -100 */
    /* shifts */
    const fc_fin_shift *shift; /* [n_shift] */
    double discount_pct;       /* % a year for present values (FC_FIN_GREEN_BOOK_RATE), > -100 */
} fc_fin_problem;

/* Results: money in pence (int64), indexed [prog][cost type][year] unless stated. */
typedef struct fc_fin_result {
    size_t n_prog, n_serv, n_year, n_funder, n_line, n_shift;
    int base_year;
    double *unit_cost;   /* [n_serv][n_year] cash GBP per unit after efficiency */
    double *eff_factor;  /* [n_prog][n_year] cumulative efficiency factor E_p(y) */
    int64_t *svc_cost;   /* [n_serv][2][n_year] cost of demand leaves */
    int64_t *demand;     /* cost of demand after efficiency, before shifts */
    int64_t *shift_cost; /* net cost of shifts (invested + transition - released) */
    int64_t *cost;       /* demand + shift_cost: projected spend */
    int64_t *budget_env; /* envelope from the budget lines and uplifts, before virements */
    int64_t *virement;   /* budget moved by shifts (+ in, - out) */
    int64_t *envelope;   /* budget_env + virement */
    int64_t *envelope_real, *cost_real; /* real terms (base-year prices) */
    int64_t *line_env;                  /* [n_line][n_year] */
    int64_t *funder_env;                /* [n_funder][n_year] */
    int64_t *funder_env_real;           /* [n_funder][n_year] */
    double *deflator;                   /* [n_year] D(y) / D(base) */
    double *discount;                   /* [n_year] 1 / (1 + r)^(y - base) */
    int64_t *pv_gap;                    /* [n_prog][n_year] present value of the real gap */
    int64_t *bridge;                    /* [n_prog][n_year][FC_FIN_NSTEP] */
    int64_t *sh_moved, *sh_invested, *sh_released, *sh_transition; /* [n_shift][n_year] */
    double *sh_bought;         /* [n_shift][n_year][n_serv] units bought on the `to` side */
    double *sh_released_units; /* [n_shift][n_year][n_serv] units released on the `from` side */
    size_t fail_shift;         /* after FC_EDOM: the shift at fault, else FC_FIN_ALL */
    size_t fail_serv;          /* after FC_EDOM: the service whose cost overflowed, the */
    size_t fail_line;          /* budget line whose envelope did (else FC_FIN_ALL), */
    int fail_year;             /* and the year */
    double *work;              /* scratch for the apportioning (internal) */
} fc_fin_result;

/* One row of a gap table (a programme or the total), pence. */
typedef struct fc_fin_gap_row {
    int year;
    int64_t envelope, cost, gap, cum_gap; /* cash */
    int64_t envelope_real, cost_real, gap_real, cum_gap_real;
    double deflator;            /* D(y) / D(base) */
    double discount_factor;     /* 1 / (1 + r)^(y - base) */
    int64_t pv_gap, cum_pv_gap; /* present value of the real gap */
} fc_fin_gap_row;

/* ---------------------------------------------------------------- lifecycle */

/* Allocates a result sized for p (zeroed). Returns new; free with fc_fin_result_free().
 * FC_EINVAL for a zero n_prog, n_serv or n_year; FC_ENOMEM. */
fc_status fc_fin_result_alloc(const fc_fin_problem *p, fc_fin_result **result, fc_err *err);
void fc_fin_result_free(fc_fin_result *r);

/* ---------------------------------------------------------------- operations */

/* Rounds GBP to whole pence, half away from zero: round(gbp x 100) as a double product.
 * FC_EDOM when gbp is not finite or |gbp| > FC_FIN_MAX_GBP. */
fc_status fc_fin_pence(double gbp, int64_t *pence, fc_err *err);

/* Index levels from annual rates: level[0] = 1, level[t] = level[t-1] (1 + pct[t] / 100)
 * (pct[0] unused). FC_EDOM for a rate <= -100 or not finite. level may not alias pct. */
fc_status fc_fin_index_from_rates(size_t n, const double pct[], double level[], fc_err *err);

/* Phase of a shift in year y, in [0, 1] (see fc_fin_shift). */
double fc_fin_shift_phase(const fc_fin_shift *sh, int year);

/* Splits x pence over pay and non-pay: pay = round(x w), non_pay = x - pay (exact). */
void fc_fin_split(int64_t x, double w_pay, int64_t out[2]);

/* Computes everything into r (allocated for p). Checks first: FC_EINVAL for inconsistent
 * sizes, NULL arrays or indices out of range; FC_EDOM for a negative or non-finite activity,
 * unit cost or budget, a pay share outside [0, 1], an index level <= 0 or not covering a
 * needed year, an efficiency >= 100%, an uplift or discount rate <= -100%, a bad shift
 * parameter, a shift
 * that needs a unit cost of 0 or a programme without cost to price activity, a virement
 * larger than the programme's envelope, or spend made negative by releases (then
 * r->fail_shift names the shift when one is at fault). On failure r's contents are
 * unspecified. */
fc_status fc_fin_compute(const fc_fin_problem *p, fc_fin_result *r, fc_err *err);

/* The gap table of programme prog (or FC_FIN_ALL: every programme summed) over the years of
 * r: rows[n_year]. Cumulative and present-value columns sum the plan years base+1 .. y (the
 * base year is the starting position: its cumulative columns are 0). FC_EINVAL for a bad
 * programme. */
fc_status fc_fin_gap(const fc_fin_result *r, size_t prog, fc_fin_gap_row rows[], fc_err *err);

#endif /* FC_MODELS_FINANCE_H */
