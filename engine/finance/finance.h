/* finance.h: the money job (issue 4): reads the finance inputs (services and unit costs,
 * programme budgets, uplifts, inflation, efficiency, resource shifts) and the projected
 * activity, runs models/finance for every activity variant and writes budget.csv, gap.csv,
 * bridge.csv and their companions. Used by `fulcrum finance`, `fulcrum shift` and the
 * [finance] scenario stage. Every input error is located (file:line:col); nothing is written
 * unless every input is valid and every variant computed.
 */
#ifndef FC_ENGINE_FINANCE_JOB_H
#define FC_ENGINE_FINANCE_JOB_H

#include <stddef.h>

#include "engine/io/csvin.h"
#include "engine/io/intern.h"
#include "engine/io/out.h"
#include "models/finance.h"

/* ------------------------------------------------------------------------ activity */

/* Projected activity as a plain table: one row per (area, variant, year, service), what the
 * activity stage writes as activity.csv (`area, variant, year, service, activity`; area and
 * variant optional). value is units a year (>= 0). Finance sums the areas. The same struct
 * holds the activity from demography alone, read from the activity stage's drivers.csv as
 * baseline + demographic. Rows keep their file line for messages (0 when added in memory). */
typedef struct fc_finjob_activity {
    fc_intern *areas, *variants, *services; /* in order of first appearance ("" when absent) */
    int has_area, has_variant;              /* the columns were present */
    size_t n, cap;                          /* rows */
    size_t *area, *variant, *service;       /* [n] indices */
    int *year;                              /* [n] */
    double *value;                          /* [n] */
    size_t *line;                           /* [n] file line, 0 = in memory */
    char *path;                             /* the file, for messages (owned), or NULL */
} fc_finjob_activity;

/* Starts an empty table (path may be NULL: rows added in memory). FC_ENOMEM. Free with
 * fc_finjob_activity_fini (also after a failure). */
fc_status fc_finjob_activity_init(fc_finjob_activity *a, const char *path, fc_err *err);
void fc_finjob_activity_fini(fc_finjob_activity *a);
/* fc_finjob_activity_fini and free for a table on the heap (NULL is fine). */
void fc_finjob_activity_free(fc_finjob_activity *a);

/* Appends a row (area and variant may be NULL or ""). FC_EDATA for a negative or non-finite
 * value (located at path:line when line > 0), FC_ENOMEM. */
fc_status fc_finjob_activity_add(fc_finjob_activity *a, const char *area, const char *variant, int year,
                              const char *service, double value, size_t line, fc_err *err);

/* Reads an activity table: `year, service, activity` (+ `area`, `variant`); or, when
 * demographic is nonzero, a drivers table `year, service, baseline, demographic` (+ `area`,
 * `variant`) whose value is baseline + demographic. Duplicate keys and negative activity are
 * located FC_EDATA errors; FC_EIO when unreadable. Initialises a (fini it also on failure). */
fc_status fc_finjob_activity_read(const char *path, int demographic, fc_finjob_activity *a,
                               fc_warnings *warn, fc_err *err);

/* ------------------------------------------------------------------------ the job */

/* What the job reads (paths borrowed; NULL = not given). NaN scalars = not given. */
typedef struct fc_finjob_spec {
    const char *activity;   /* activity table (required unless activity is handed over) */
    const char *drivers;    /* drivers table (the demographic split of activity), optional */
    const char *services;   /* service, programme, unit_cost, price_year (+ pay_share, unit) */
    const char *budgets;    /* programme, cost_type, budget (+ funder, year) */
    const char *uplifts;    /* funder, year, uplift_pct */
    const char *inflation;  /* year + pay_pct|pay_index, prices_pct|prices_index,
                               deflator_pct|deflator_index */
    const char *efficiency; /* programme, year, efficiency_pct */
    const char *shifts;     /* shift, from, to, start_year, amount|activity, ... */
    int base_year;          /* FC_NO_YEAR: the activity's first year */
    int horizon;            /* 0: base year + 10, or the activity's last year if sooner */
    const struct fc_scn_entry *base_year_at, *horizon_at; /* where a scenario set them (for
                                                              located errors), or NULL */
    double discount_pct;    /* % a year, default FC_FIN_GREEN_BOOK_RATE */
    double uplift_pct;      /* every funder, every year the uplifts table leaves out */
    double efficiency_pct;  /* every programme, every year the efficiency table leaves out */
    double pay_pct, prices_pct, deflator_pct; /* constant rates for series not in the table */
    const char *variant; /* run only this activity variant; NULL = every variant */
} fc_finjob_spec;

/* Defaults: nothing given, discount rate 3.5%, every scalar NaN. */
void fc_finjob_spec_init(fc_finjob_spec *spec);

/* A what-if shift named on the command line (`fulcrum shift`): names of programmes or
 * services as written in the services and budgets tables. */
typedef struct fc_finjob_whatif {
    const char *from, *to;
    double amount_gbp; /* money a year, or NaN */
    double units;      /* activity a year, or NaN */
    double ratio;      /* activity shifts, default 1 */
    int start_year;
    int phase_years, lag_years, transition_years;
    double release_pct, transition_gbp;
} fc_finjob_whatif;

void fc_finjob_whatif_init(fc_finjob_whatif *w);

typedef struct fc_finjob fc_finjob;

/* Reads and validates every input. act (and drv) are borrowed when given (the chain hands the
 * activity over); otherwise they are read from spec->activity (and spec->drivers). Returns
 * new; free with fc_finjob_free. Located FC_EDATA for bad inputs, FC_EIO, FC_ENOMEM. */
fc_status fc_finjob_load(const fc_finjob_spec *spec, const fc_finjob_activity *act,
                          const fc_finjob_activity *drv, fc_finjob **result, fc_warnings *warn,
                          fc_err *err);
void fc_finjob_free(fc_finjob *j);

/* Adds a what-if shift after the shifts table's (FC_EUSAGE for an unknown name or a bad
 * value, naming the option). */
fc_status fc_finjob_add_whatif(fc_finjob *j, const fc_finjob_whatif *w, fc_err *err);

/* Computes every variant (FC_EDOM from the model is located at the shift's row when a shift
 * is at fault). */
fc_status fc_finjob_compute(fc_finjob *j, fc_err *err);

/* Writes budget.csv, gap.csv, bridge.csv, envelope.csv, service_costs.csv, gap_totals.csv
 * and, with shifts, resource_shifts.csv and resource_shift_activity.csv into o (not
 * committed). */
fc_status fc_finjob_write(fc_finjob *j, fc_out *o, fc_err *err);

/* Load, compute and write. */
fc_status fc_finjob_run(const fc_finjob_spec *spec, const fc_finjob_activity *act,
                         const fc_finjob_activity *drv, fc_out *o, fc_warnings *warn, fc_err *err);

/* For the Monte Carlo draws (engine/draws/draws.c): the programmes (in the order of the budgets and
 * services tables), and the result of computed variant k (NULL before fc_finjob_compute;
 * fc_fin_gap gives its gap table). */
/* The principal variant's funding gap by programme and year, what gap.csv holds in its `gap`
 * column (GBP to the penny, as (double)pence / 100, which reads back from the CSV to the same
 * double): what the finance stage leaves on the chain for `[pbma] budget_from = finance`. */
typedef struct fc_finjob_gaps {
    size_t nprog;   /* programmes; row nprog is the total ("total") */
    char **prog;    /* [nprog + 1] names (owned) */
    int base_year;  /* financial year of row 0 */
    size_t nyear;   /* 0 when the activity has variants and none is "principal" */
    double *gap;    /* [(nprog + 1) * nyear] GBP, positive a shortfall */
} fc_finjob_gaps;

/* The gaps of a computed job. Returns new; free with fc_finjob_gaps_free. FC_ENOMEM. */
fc_status fc_finjob_gaps_of(const fc_finjob *j, fc_finjob_gaps **result, fc_err *err);
void fc_finjob_gaps_free(fc_finjob_gaps *g);

size_t fc_finjob_nprog(const fc_finjob *j);
const char *fc_finjob_prog(const fc_finjob *j, size_t prog);
size_t fc_finjob_nvar(const fc_finjob *j);
const fc_fin_result *fc_finjob_result(const fc_finjob *j, size_t k);

#endif /* FC_ENGINE_FINANCE_JOB_H */
