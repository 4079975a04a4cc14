/* project.h: the projection job: read the demography inputs, build life tables and survival
 * ratios, project every variant, write projection.csv, components.csv and lifetables.csv.
 * Used by `fulcrum project` (options) and `fulcrum run` (scenario file). */
#ifndef FC_ENGINE_PROJECT_H
#define FC_ENGINE_PROJECT_H

#include "engine/io/csvin.h"
#include "engine/io/out.h"
#include "engine/io/table.h"
#include "models/lifetable.h"
#include "models/population.h"
#include "models/projrates.h"

#define FC_MAX_VARIANTS 32

typedef struct fc_variant {
    char name[64];
    double fertility_scale;  /* multiplies every ASFR */
    double mortality_scale;  /* multiplies every mx */
    double migration_scale;  /* multiplies every net migration count */
    double inflow_scale;     /* multiplies every in-migrant count */
    double outflow_scale;    /* multiplies every out-migration rate and flow between areas */
    double probability;      /* chance that a Monte Carlo draw takes this variant (engine/draws/draws.c),
                                0..1; NaN when not given */
    unsigned given;          /* FC_VAR_* bits: the values a scenario's [variant NAME] gave, which
                                override those of a variants file */
} fc_variant;

enum { FC_VAR_FERT = 1u, FC_VAR_MORT = 2u, FC_VAR_MIG = 4u, FC_VAR_PROB = 8u, FC_VAR_IN = 16u,
       FC_VAR_OUT = 32u };

enum { FC_LT_AUTO, FC_LT_YES, FC_LT_NO };
#define FC_LIFETABLES_AUTO_AREAS 100

typedef struct fc_projspec {
    const char *population, *fertility, *mortality, *migration, *control, *variants;
    const char *flows;        /* moves between the areas (origin, destination, sex, age, rate) */
    const char *columns;      /* the population table's column mapping "file=ours,...", or NULL */
    int base_year;            /* FC_NO_YEAR: from the population table */
    int horizon;              /* 0: base year + 25 */
    const char *horizon_file; /* where a scenario set the horizon (for located errors), or NULL */
    int horizon_line;
    double srb;               /* male births per female birth */
    fc_mig_timing mig_timing;
    fc_a0_rule a0_rule;
    int lifetables;           /* lifetables.csv: FC_LT_AUTO (up to FC_LIFETABLES_AUTO_AREAS
                                 areas), FC_LT_YES, FC_LT_NO */
    size_t nvariant;          /* 0: the principal only, read variants from the file if any */
    fc_variant variant[FC_MAX_VARIANTS];
} fc_projspec;

/* Copies onto dst the scales src gives (its `given` bits), and its probability when asked. */
void fc_variant_override(fc_variant *dst, const fc_variant *src, int with_probability);

/* Fills spec with the defaults (srb 1.05, half-and-half migration, Coale-Demeny a0). */
void fc_projspec_init(fc_projspec *spec);

/* The projection's inputs, read, checked and resolved onto the population's grid: what the
 * projection job projects, and what each Monte Carlo draw projects again with its own
 * factors (engine/draws). */
typedef struct fc_proj_inputs {
    const fc_projspec *spec;
    fc_popin pop;
    fc_ratein fert, mort, mig; /* mig: the migration table's net counts */
    fc_ratein inm, outm;       /* ... its in-migrant counts and out-migration rates */
    fc_ratein flw;             /* flows between areas, by destination */
    fc_ctlin ctl;
    int has_ctl;
    fc_ages mgrid;             /* the mortality table's own age grid */
    size_t first[FC_AGE_MAX + 1]; /* the mortality group each population group starts */
    size_t narea, nage, nstep;
    int step, horizon;
    fc_variant var[FC_MAX_VARIANTS + 1]; /* the principal first */
    size_t nvar;
    fc_prates_base base;       /* the tables resolved, unscaled, for fc_prates_build: */
    double *mx, *asfr, *migr;  /* [nmy][area][2][nm], [nfy][area][ng], [ngy][area][2][ng] */
    size_t *mi, *fi, *gi;      /* [nstep] the table year each step uses */
    size_t *exi;               /* [nstep + 1] the mortality year in force each projection year */
    double *inr, *outr;        /* [niy][area][2][ng], [noy][area][2][ng] */
    size_t *ii, *oi;           /* [nstep] the in- and out-migration year each step uses */
    size_t nflow, *ffrom, *fto, *fcell; /* flows between areas (fc_prates_base) */
    double *frate;
    const double **pctl;       /* [nstep] control totals for the end of each step, or NULL */
} fc_proj_inputs;

/* Reads, checks and resolves every input of spec (borrowed) into in. Errors name the input
 * file, line and column. Free with fc_proj_inputs_fini, also after a failure. */
fc_status fc_proj_inputs_load(fc_proj_inputs *in, const fc_projspec *spec, fc_warnings *warn,
                              fc_err *err);
void fc_proj_inputs_fini(fc_proj_inputs *in);

/* The rates of areas [a0, a1) under variant v (fc_prates_build), with a life table that
 * cannot be built reported as FC_EDATA naming the mortality file, the area and the sex. */
fc_status fc_proj_rates(const fc_proj_inputs *in, fc_prates *r, const fc_variant *v, size_t a0,
                        size_t a1, fc_err *err);

/* The inputs fc_ccm_project wants for areas [a0, a1) built into r (fc_proj_rates), with the
 * control totals when ctl. */
fc_ccm_inputs fc_proj_ccm_inputs(const fc_proj_inputs *in, const fc_prates *r, size_t a0,
                                 int ctl);

/* Runs the projection job, writing its tables into o. */
fc_status fc_project_run(const fc_projspec *spec, fc_out *o, fc_warnings *warn, fc_err *err);

/* Same, and when keep is not NULL also returns the projection in memory (every variant, with
 * the life expectancy in force each year) for the need and activity stages: new, free with
 * fc_projection_free (engine/projection/projection.h). */
struct fc_projection;
fc_status fc_project_run_keep(const fc_projspec *spec, fc_out *o, struct fc_projection **keep,
                              fc_warnings *warn, fc_err *err);

#endif /* FC_ENGINE_PROJECT_H */
