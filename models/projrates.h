/* projrates.h: the rates a cohort-component projection steps with, built from its inputs and
 * a variant's factors (models/population.h projects with them).
 *
 * For each distinct year of the mortality table, each area and sex: the death rates times the
 * variant's mortality factor give a life table (models/lifetable.h), whose survival ratios on
 * the population's age groups and survival of births are what a step applies. Fertility is
 * scaled by the fertility factor; net migrants a year are scaled by the migration factor and
 * made counts over a step (times the step's years); in-migrants a year likewise by the inflow
 * factor; out-migration rates a year and the rates of flows between areas by the outflow
 * factor, made shares of a cohort leaving over a step (rate times the step's years). Per-step pointer tables then say which
 * table year each step uses, in the shape fc_ccm_inputs wants.
 *
 * The projection job builds every area at once and keeps the life tables for lifetables.csv;
 * a Monte Carlo draw builds one area (or every area when control totals couple them) and
 * keeps only the life expectancy at each group's first age. Both use these functions, so the
 * draw with the central values reproduces the job's projection to the bit.
 */
#ifndef FC_MODELS_PROJRATES_H
#define FC_MODELS_PROJRATES_H

#include <stddef.h>

#include "models/lifetable.h"
#include "models/population.h"
#include "models/status.h"

/* A projection's inputs on its grids, unscaled (borrowed by every function below). */
typedef struct fc_prates_base {
    size_t na, ng, nm;           /* areas, population age groups, mortality age groups */
    size_t nstep;                /* steps */
    double step;                 /* years a step (1 or 5) */
    size_t nmy, nfy, ngy;        /* distinct years of the mortality, fertility and migration
                                    tables (ngy 0: no migration) */
    const double *mx;            /* [nmy][na][2][nm] death rates on the mortality grid */
    const double *asfr;          /* [nfy][na][ng] births per woman a year */
    const double *mig;           /* [ngy][na][2][ng] net migrants a year, or NULL */
    const size_t *mi, *fi, *gi;  /* [nstep] the table year each step uses (gi NULL: none) */
    size_t niy, noy;             /* distinct years of the in-migrant and out-migration rate
                                    columns (0: none) */
    const double *inflow;        /* [niy][na][2][ng] in-migrants a year, or NULL */
    const double *outrate;       /* [noy][na][2][ng] out-migration rates a year, or NULL */
    const size_t *ii, *oi;       /* [nstep] the year of each they use (NULL: none) */
    size_t nflow;                /* flows between areas (every step the same): */
    const size_t *ffrom, *fto, *fcell; /* [nflow] origin, destination, sex * ng + group */
    const double *frate;         /* [nflow] share of the cohort moving a year */
    const size_t *first;         /* [ng] the mortality group each population group starts */
    fc_lt_kind lt_kind;
    fc_a0_rule a0_rule;
} fc_prates_base;

/* A variant's factors. */
typedef struct fc_prates_scale {
    double mortality, fertility, migration; /* migration: net counts */
    double inflow, outflow;      /* in-migrants; out-migration rates and flows */
} fc_prates_scale;

/* The rates of areas [a0, a1) (nb = a1 - a0 of them) for one variant. */
typedef struct fc_prates {
    size_t cap;                  /* areas the arrays hold */
    size_t a0, a1;
    double *s, *s0;              /* [nmy][nb][2][ng] survival ratios, [nmy][nb][2] of births */
    double *ex;                  /* [nmy][nb][2][ng] life expectancy at each group's first age */
    double *asfr, *mig;          /* [nfy][nb][ng] scaled; [ngy][nb][2][ng] a step, or NULL */
    double *inflow, *out;        /* [niy][nb][2][ng], [noy][nb][2][ng] a step, or NULL */
    double *fshare;              /* [nflow] shares a step */
    fc_ccm_flows flows;          /* the flows over a step (every area built) */
    const double **ps, **ps0, **pasfr, **pmig; /* [nstep] for fc_ccm_inputs (pmig NULL
                                                  entries without migration) */
    const double **pin, **pout;  /* [nstep] likewise, or NULL without them */
    const fc_ccm_flows **pflows; /* [nstep], or NULL without flows */
    fc_lifetable **lt;           /* [nmy][nb][2] the life tables, when kept; else NULL */
    fc_lifetable *scratch;       /* the one life table used when they are not kept */
    double *mx;                  /* [nm] scaled death rates of one area and sex */
    int valid;                   /* s, s0, ex hold areas [a0, a1) at mortality factor: */
    double mscale;
} fc_prates;

/* Rates for up to max_areas areas at a time; keep_tables: keep every life table (r->lt).
 * NULL when out of memory. */
fc_prates *fc_prates_alloc(const fc_prates_base *b, size_t max_areas, int keep_tables);
void fc_prates_free(fc_prates *r);

/* Builds the rates of areas [a0, a1) at the factors sc (flows between areas need every area). The life tables are built again only
 * when the areas or the mortality factor changed since the last call (a draw's variants often
 * share it). FC_EINVAL for a bad range; FC_EDATA when a life table cannot be built: err says
 * why and *bad is the failing area's index (in the base) * 2 + sex. */
fc_status fc_prates_build(const fc_prates_base *b, fc_prates *r, fc_prates_scale sc, size_t a0,
                          size_t a1, size_t *bad, fc_err *err);

/* The largest share of a cohort that leaves over a step under r (out-migration and flows
 * together), and its cell in *at ([area][sex][group] of the built areas) and the step's
 * table year in *year_at (an index into the out-migration years, 0 without them). */
double fc_prates_max_out(const fc_prates_base *b, const fc_prates *r, size_t *at,
                         size_t *year_at);

#endif /* FC_MODELS_PROJRATES_H */
