/* activity.h: the need and activity jobs (issue 3): rate tables on a projection, growth,
 * health-status adjustment, shifts between settings, capacity and the driver decomposition,
 * read from CSV and written as need.csv / activity.csv, drivers, shifts and capacity tables.
 * Used by `fulcrum need`, `fulcrum activity` and the [need] / [activity] scenario stages.
 * The numerics are models/activity.h; this file owns the inputs and outputs.
 */
#ifndef FC_ENGINE_ACTIVITY_JOB_H
#define FC_ENGINE_ACTIVITY_JOB_H

#include <stddef.h>

#include "engine/io/csvin.h"
#include "engine/io/out.h"
#include "engine/projection/projection.h"
#include "models/activity.h"

typedef enum fc_act_kind {
    FC_ACT_NEED = 0,     /* prevalence by `measure`: need.csv */
    FC_ACT_ACTIVITY = 1  /* utilisation by `service`: activity.csv, capacity, shifts */
} fc_act_kind;

/* What a job reads (paths borrowed; NULL = not given). */
typedef struct fc_act_spec {
    fc_act_kind kind;
    const char *projection; /* projection table; NULL when the chain hands one over */
    int open_age;           /* FC_PROJ_NO_OPEN_AGE, or the single age that means "and over" */
    const char *columns;    /* the projection table's column mapping "file=ours,...", or NULL */
    const char *rates;      /* key, sex, age, rate (+ area) */
    const char *weights;    /* sex, age, population (+ area): reference population */
    const char *growth;     /* key, growth_pct */
    const char *shifts;     /* from, to, share, ratio, year_start, year_end (activity) */
    const char *capacity;   /* resource, service, basis, occupancy, hours_per_wte, current */
    const char *lifetables; /* year, sex, age, ex (+ variant, area): for the HSA */
    int base_year;          /* FC_NO_YEAR: the projection's first year */
    double hsa_fraction;    /* share of life-expectancy gains spent in good health, [0, 1];
                               negative = no health-status adjustment */
    int hsa_start_age;      /* first age adjusted (NHP: 55) */
    int hsa_end_age;        /* last age adjusted (NHP: 90) */
} fc_act_spec;

/* Fills spec with the defaults: no optional tables, base year from the projection, no HSA
 * (ages 55..90 when it is switched on). */
void fc_act_spec_init(fc_act_spec *spec, fc_act_kind kind);

/* Rates resolved onto a projection's age grid. */
typedef struct fc_act_rates {
    fc_intern *keys; /* services or measures, in order of first appearance (owned) */
    size_t nkey, narea, ng;
    double *r;       /* [key][area][sex][group] events (or people in need) per person a year */
} fc_act_rates;

/* Reads a rate table (`service` or `measure`, `sex`, `age`, `rate`, optional `area`) and
 * resolves it onto p's areas and age grid. A population group covered by one band takes that
 * band's rate; a group spanning several bands (e.g. rates for 90-94 and 95+ against a
 * population whose open group is 90+, or the other way round) takes their average weighted by
 * the reference population in `weights` (POPPI's 90+ rule); without weights that is an error.
 * Every area, sex and age must be covered (write explicit zero bands). Prevalence (need) must
 * lie in [0, 1]. Returns FC_EDATA located at the file and line. Free with fc_act_rates_fini. */
fc_status fc_act_rates_load(const char *path, fc_act_kind kind, const fc_projection *p,
                            const char *weights, fc_act_rates *out, fc_warnings *warn,
                            fc_err *err);
void fc_act_rates_fini(fc_act_rates *r);

/* Capacity of one resource in one area. */
typedef fc_activity_cap fc_act_cap; /* models/activity.h */

/* The computed job, over the projection's years from the base year on. */
typedef struct fc_act_result {
    size_t nvar, narea, nkey, nyear; /* nyear: years base, base + step, ... of the projection */
    int base_year, step;
    unsigned char *have;  /* [var][area][year]: the projection has this year (and the base) */
    double *act;          /* [var][area][year][key] activity (or need) after every driver */
    double *drv;          /* [var][area][year][key][FC_ACT_NDRV]: see FC_ACT_DRV_* */
    size_t nshift;
    fc_shift *shift;      /* the shifts read */
    double *leave, *arrive; /* [var][area][year][shift] units of from / to moved */
    size_t nres;
    char **res_name;      /* resource names */
    fc_act_cap *cap;      /* [res][area] */
    double *required;     /* [var][area][year][res] */
} fc_act_result;

/* the drivers' layout (models/activity.h) */
enum {
    FC_ACT_DRV_BASE = FC_ACTIVITY_DRV_BASE,
    FC_ACT_DRV_DEMOGRAPHIC = FC_ACTIVITY_DRV_DEMOGRAPHIC,
    FC_ACT_DRV_GROWTH = FC_ACTIVITY_DRV_GROWTH,
    FC_ACT_DRV_HEALTH = FC_ACTIVITY_DRV_HEALTH,
    FC_ACT_DRV_SHIFT = FC_ACTIVITY_DRV_SHIFT,
    FC_ACT_DRV_INTERACTION = FC_ACTIVITY_DRV_INTERACTION,
    FC_ACT_DRV_FINAL = FC_ACTIVITY_DRV_FINAL,
    FC_ACT_NDRV = FC_ACTIVITY_NDRV
};

/* What an activity computation needs besides the populations, loaded once by
 * fc_act_prepare: fc_act_compute is fc_act_prepare and then fc_act_year for every variant,
 * area and year; the Monte Carlo draws (engine/draws/draws.c) call fc_act_year on each draw's own
 * populations, life expectancy and growth. */
typedef struct fc_act_model {
    const fc_act_spec *spec;  /* borrowed */
    const fc_ages *ages;      /* the projection's age grid (borrowed) */
    size_t nk, ng, narea;     /* keys, age groups, areas */
    size_t tb0, nt;           /* the base year's index among the projection's years; years
                                 from the base year on */
    int base_year, step;
    int hsa;                  /* the health-status adjustment is on */
    double *pct;              /* [nk] non-demographic growth, % a year (owned) */
    double *pct_lo, *pct_hi;  /* [nk] its 80% interval (NaN: none), or NULL when the growth
                                 table gives no interval (owned) */
    /* Optional caches a caller may point to (borrowed; NULL: computed by fc_act_year): */
    const double *gf_cache;   /* [nk][nt] growth factors of each year */
    const double *base_cache; /* [narea][nk] base-year activity (fc_act_year without drv) */
} fc_act_model;
void fc_act_model_fini(fc_act_model *m);

/* Scratch for fc_act_year (sized from m): free with fc_act_ws_free. NULL when out of
 * memory. */
typedef fc_activity_year_ws fc_act_ws; /* the model's (models/activity.h) */
fc_act_ws *fc_act_ws_alloc(const fc_act_model *m);
void fc_act_ws_free(fc_act_ws *w);

/* Reads every input of spec as fc_act_compute does (the projection from spec->projection
 * unless proj is given; rates, growth, shifts and capacity into rates, res and m), without
 * computing. Ownership and failure as fc_act_compute (fini m with fc_act_model_fini). */
fc_status fc_act_prepare(const fc_act_spec *spec, fc_projection *proj, fc_projection **proj_out,
                         fc_act_rates *rates, fc_act_result *res, fc_act_model *m,
                         fc_warnings *warn, fc_err *err);

/* One area and year: models/activity.h's fc_activity_year on the job's rates, shifts and
 * capacity (ex as fc_act_hsa_window leaves it; demog is what money costs as the demography
 * step). The arithmetic is the model's; this only hands it the job's arrays. */
fc_status fc_act_year(const fc_act_model *m, const fc_act_rates *rates, const fc_act_result *res,
                      fc_act_ws *w, size_t a, int year, const double pct[], const double Pb[],
                      const double Pt[], const double ex[], double act[], double drv[],
                      double leave[], double arrive[], double required[], double demog[],
                      fc_err *err);

/* Life expectancy of one sex for the health-status adjustment: exb and ext are eb and et
 * (base year and this year, by age group of ages) inside the adjusted ages of spec, and 0
 * outside them (no adjustment there). */
void fc_act_hsa_window(const fc_act_spec *spec, const fc_ages *ages, const double eb[],
                       const double et[], double exb[], double ext[]);

/* Reads every input of spec (the projection from spec->projection unless proj is given,
 * which is borrowed) and computes *res (free with fc_act_result_fini); *proj_out receives the
 * projection used (borrowed or new: free with fc_projection_free when != proj). Errors as the
 * loaders; FC_EDATA when the HSA is asked for and life expectancy is missing. On failure
 * nothing needs freeing (*proj_out is NULL, rates and res are empty). */
fc_status fc_act_compute(const fc_act_spec *spec, fc_projection *proj,
                         fc_projection **proj_out, fc_act_rates *rates, fc_act_result *res,
                         fc_warnings *warn, fc_err *err);
void fc_act_result_fini(fc_act_result *res);

/* Runs the whole job: compute, then write need.csv and need_drivers.csv (need), or
 * activity.csv, drivers.csv, shifts.csv and capacity.csv (activity, the last two when given)
 * into o. proj may be NULL (read from spec->projection). */
fc_status fc_act_run(const fc_act_spec *spec, fc_projection *proj, fc_out *o, fc_warnings *warn,
                     fc_err *err);

#endif /* FC_ENGINE_ACTIVITY_JOB_H */
