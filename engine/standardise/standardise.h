/* standardise.h: age-standardised rates and ratios for comparing areas (issue 3):
 * `fulcrum standardise` and the [standardise] scenario stage. Observed counts by area (and
 * measure, year), sex and age band, the population at risk, and a standard population a user
 * brings (e.g. the European Standard Population 2013) give dsr.csv (directly standardised
 * rates, Dobson limits) and smr.csv (indirectly standardised ratios against reference rates,
 * Byar's or exact Poisson limits), following the OHID/PHE Public Health Data Science methods
 * (PHEindicatormethods: calculate_dsr, calculate_ISRatio). The numerics are models/activity.h.
 */
#ifndef FC_ENGINE_STANDARDISE_JOB_H
#define FC_ENGINE_STANDARDISE_JOB_H

#include <stddef.h>

#include "engine/io/csvin.h"
#include "engine/io/intern.h"
#include "engine/io/out.h"
#include "engine/projection/projection.h"

/* How the Poisson limits of the observed count are found. */
typedef enum fc_stdz_method {
    FC_STDZ_PHE = 0,  /* PHE: Byar's for DSRs; for ratios Byar's from 10 events, exact below */
    FC_STDZ_BYAR = 1, /* Byar's approximation everywhere */
    FC_STDZ_EXACT = 2 /* exact (chi-square) limits everywhere */
} fc_stdz_method;

/* What a job reads (paths borrowed; NULL = not given). */
typedef struct fc_stdz_spec {
    const char *counts;     /* area, sex, age, count (+ measure, year) */
    const char *population; /* area (or area_code), sex, age, population (+ year, variant);
                               NULL: the projection handed over by the chain */
    const char *standard;   /* age, population (+ sex): the standard population */
    const char *reference;  /* sex, age, rate (+ measure, year), events per person per year;
                               NULL: the rates of all the counts' areas together */
    fc_stdz_method method;
    double per;          /* rates per this many person-years (100000) */
    long min_count;      /* DSRs of fewer events are not given (PHE: 10), >= 1 */
    int year;            /* FC_NO_YEAR, or the population year for counts without years */
    const char *variant; /* NULL: 'principal' (or the only variant) */
    int open_age;        /* FC_PROJ_NO_OPEN_AGE, or the single age meaning "and over" */
} fc_stdz_spec;

/* Defaults: PHE method, per 100,000, at least 10 events, no year, variant or open age. */
void fc_stdz_spec_init(fc_stdz_spec *spec);

/* Why a value is not given (the `note` column). */
enum {
    FC_STDZ_NOTE_NONE = 0,  /* given */
    FC_STDZ_NOTE_FEW = 1,   /* DSR: fewer events than min_count (PHE: not reliable below 10) */
    FC_STDZ_NOTE_NOPOP = 2, /* no population at risk in the standard's ages */
    FC_STDZ_NOTE_NOEXP = 3  /* ratio: no events expected at the reference rates */
};

/* One row of dsr.csv and smr.csv: an area, year and measure, for one sex or persons. NaN
 * marks a value that is not given (see the notes). */
typedef struct fc_stdz_row {
    size_t measure, area; /* indices into the result's measures and areas */
    int year;             /* FC_NO_YEAR when neither counts nor population have years */
    int sex;              /* 0 F, 1 M, 2 persons (both sexes' strata, or counts for persons) */
    double observed;      /* events */
    double population;    /* person-years at risk in the standard's ages */
    double crude;         /* per x observed / population */
    double dsr, lo95, hi95, lo998, hi998;     /* per `per` person-years; NaN below min_count */
    double expected;                          /* events expected at the reference rates */
    double smr, slo95, shi95, slo998, shi998; /* observed / expected (1 = as the reference) */
    int smr_exact;                            /* the ratio's limits are exact (else Byar's) */
    int dsr_note;                             /* why the DSR is not given: FC_STDZ_NOTE_* */
    int smr_note;                             /* why the ratio is not given: FC_STDZ_NOTE_* */
} fc_stdz_row;

typedef struct fc_stdz_result {
    fc_intern *measures; /* in order of first appearance in the counts ("all" without a
                            measure column); owned */
    fc_intern *areas;    /* the counts' areas, in order of first appearance; owned */
    size_t nrow;
    fc_stdz_row *row; /* by measure, year, area, then F, M, persons */
} fc_stdz_result;

/* Reads and checks every input and computes the rows. proj is the chain's projection when
 * spec->population is NULL (borrowed). Errors are located at the file, line and column:
 * FC_EDATA for a bad value, a count or population band that does not fit the standard's
 * bands, an overlap, an age the population does not cover, events without a population,
 * a measure mixing persons and sexes, a missing reference rate; FC_EUSAGE when a year or
 * variant must be chosen; FC_EIO, FC_ENOMEM. On failure res is empty. Free with
 * fc_stdz_result_fini. */
fc_status fc_stdz_compute(const fc_stdz_spec *spec, const fc_projection *proj, fc_stdz_result *res,
                          fc_warnings *warn, fc_err *err);
void fc_stdz_result_fini(fc_stdz_result *res);

/* fc_stdz_compute, then dsr.csv and smr.csv written into o (not committed). */
fc_status fc_stdz_run(const fc_stdz_spec *spec, const fc_projection *proj, fc_out *o,
                      fc_warnings *warn, fc_err *err);

#endif /* FC_ENGINE_STANDARDISE_JOB_H */
