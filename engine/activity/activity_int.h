/* activity_int.h: what the need and activity stages' files share (engine/activity/): activity.c
 * (computing, the commands, the stages), input.c (rates, growth, shifts, capacity), write.c
 * (the tables). Not a public header.
 */
#ifndef FC_ENGINE_ACTIVITY_ACTIVITY_INT_H
#define FC_ENGINE_ACTIVITY_ACTIVITY_INT_H

#include "engine/activity/activity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/finance/finance.h"
#include "engine/chain/chain.h"

typedef struct growth_ctx {
    const fc_intern *keys;
    const char *what;
    double *pct, *lo, *hi;
    size_t *line; /* [nkey + 1]: the last is '*' */
} growth_ctx;
enum { GC_KEY, GC_PCT, GC_LO, GC_HI, GC_N };
typedef struct shift_ctx {
    const fc_intern *keys;
    fc_shift *sh;
    size_t n, cap;
} shift_ctx;
enum { SC_FROM, SC_TO, SC_SHARE, SC_RATIO, SC_Y0, SC_Y1, SC_N };
typedef struct cap_row {
    size_t res, service, line;
    int area, basis;
    double param, current;
} cap_row;
typedef struct cap_ctx {
    const fc_intern *keys, *areas;
    fc_intern *res;
    cap_row *row;
    size_t n, cap;
} cap_ctx;
enum { CP_RES, CP_SERVICE, CP_BASIS, CP_OCC, CP_HOURS, CP_CURRENT, CP_AREA, CP_N };

extern const char *const ac_key_col[2];
extern const char *const ac_sex_name[2];
extern const fc_csv_col ac_shift_cols[SC_N];

int ac_reserve(void **p, size_t *cap, size_t n, size_t size);

/* Annual non-demographic growth (%) per key: `service` (or `measure`), `growth_pct`, and an
 * optional 80% interval `growth_lo`, `growth_hi` (drawn in Monte Carlo runs); '*' sets every
 * key without a row of its own. Keys without a row grow 0%. Fills m->pct and, when the table
 * gives any interval, m->pct_lo and m->pct_hi (NaN for keys without one). */
fc_status ac_growth_load(const char *path, fc_act_kind kind, const fc_intern *keys, fc_act_model *m,
            fc_warnings *warn, fc_err *err);

fc_status ac_shift_row_fn(void *ctx, const fc_csv_row *row, fc_err *err);

fc_status ac_capacity_load(const char *path, const fc_intern *keys, const fc_intern *areas, fc_act_result *res,
              fc_warnings *warn, fc_err *err);

/* fc_act_run, and when act is not NULL, the activity handed over for finance (hand_over). */
fc_status ac_act_run(const fc_act_spec *spec, fc_projection *proj, fc_out *o, fc_warnings *warn,
        fc_finjob_activity **act, fc_finjob_activity **dem, fc_err *err);

#endif /* FC_ENGINE_ACTIVITY_ACTIVITY_INT_H */
