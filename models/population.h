/* population.h: multi-area, two-sex cohort-component projection.
 *
 * One step of `width` years (= the age-group width, 1 or 5) from t to t+width, per area and sex
 * (UN WPP / bayesPop conventions, shared/docs/DEMOGRAPHY-METHODS.md section 7):
 *   start_x = P_x(t) + h M_x          h = 1/2 ("half at start, half at end") or 0 ("all at end")
 *   P_{x+1}(t+w) = start_x s_x        for x < w-1 (w = open group index)
 *   P_w(t+w) = (start_{w-1} + start_w) s_w
 *   B = width * sum_x asfr_x (start^F_x + P^F_x(t+w)) / 2           (before end migrants)
 *   B_M = B srb / (1 + srb),  B_F = B - B_M,  P_0(t+w) = B_s s0_s
 *   P_x(t+w) += (1 - h) M_x           (end migrants, no mortality)
 * Net migrants M_x are counts over the whole step, indexed by age at migration. A negative
 * flow larger than the people there is limited so that no cell goes below zero, and the
 * migration actually applied is what the components report. After each step, optional
 * control totals scale every area proportionally. Components satisfy exactly (to rounding)
 *   P(t+w) = P(t) + births - deaths + migration + adjustment   per area, step and sex.
 *
 * Migration by flows (beside or instead of net counts), with o_x the share of the cohort aged
 * x at the start of the step that leaves over the step (out-migration rate a year times w,
 * plus the shares that flows send to the other areas of the run) and sv_x the survival ratio
 * that takes that cohort to the end of the step:
 *   out-migrants:  h o_x P_x(t) leave at the start; (1 - h) o_x P_x(t) sv_x leave at the end
 *                  (the second half is first exposed to mortality), so the cohort ends with
 *                  (1 - o_x) P_x(t) sv_x whatever the timing, and with no mortality exactly
 *                  (1 - o_x) of its people;
 *   in-migrants:   counts I_x over the step, h at the start (exposed), (1 - h) at the end,
 *                  like positive net migrants;
 *   between areas: what leaves area a for area b arrives there at the same moments: h o P at
 *                  the start of the step (then exposed to b's mortality), (1 - h) o P sv_a at
 *                  the end, so the sum over areas is unchanged by the moves.
 * Births of the step are not exposed to out-migration in it. The components then report
 * inflow (counts and arrivals), outflow (by rates and departures), and migration = inflow -
 * outflow + the net counts applied.
 */
#ifndef FC_MODELS_POPULATION_H
#define FC_MODELS_POPULATION_H

#include <stddef.h>

#include "models/status.h"

typedef enum fc_mig_timing {
    FC_MIG_HALF = 0, /* half at the start (exposed to mortality), half at the end (default) */
    FC_MIG_END = 1   /* all at the end of the step */
} fc_mig_timing;

typedef enum fc_ctl_kind {
    FC_CTL_NONE = 0,
    FC_CTL_TOTAL = 1,   /* one total over all areas, sexes and ages */
    FC_CTL_SEX = 2,     /* [sex] */
    FC_CTL_SEX_AGE = 3  /* [sex][age] */
} fc_ctl_kind;

/* Moves between the areas of a run over one step: entry i sends the share share[i] of the
 * cohort cell[i] (= sex * n_age + age, at the start of the step) of area from[i] to area
 * to[i] (from != to). */
typedef struct fc_ccm_flows {
    size_t n;
    const size_t *from, *to, *cell;
    const double *share;
} fc_ccm_flows;

typedef struct fc_ccm_params {
    size_t n_area;   /* areas */
    size_t n_age;    /* age groups including the open group (>= 3) */
    size_t n_step;   /* steps to project */
    double width;    /* years per step and per age group (1 or 5) */
    double srb;      /* sex ratio at birth, male births per female birth (> 0) */
    fc_mig_timing mig_timing;
    fc_ctl_kind ctl_kind;
} fc_ccm_params;

/* Inputs for every step t (0 <= t < n_step). Arrays indexed [t] are pointer tables, so that
 * steps sharing the same rates share storage. Sex index 0 = female, 1 = male. */
typedef struct fc_ccm_inputs {
    const double *pop0;         /* [area][sex][age] persons at the base date */
    const double *const *s;     /* s[t]: [area][sex][age] survival ratios (fc_lifetable_survival) */
    const double *const *s0;    /* s0[t]: [area][sex] survival of births to group 0 */
    const double *const *asfr;  /* asfr[t]: [area][age] births per woman per year */
    const double *const *mig;   /* mig[t]: [area][sex][age] net migrants over the step, or
                                   NULL (the table or an entry) for none */
    const double *const *ctl;   /* ctl[t]: totals for the end of step t (shape by ctl_kind),
                                   or NULL (the table or an entry) for no constraint */
    const double *const *inflow; /* inflow[t]: [area][sex][age] in-migrants over the step
                                    (>= 0), or NULL (the table or an entry) for none */
    const double *const *out;   /* out[t]: [area][sex][age] share of the cohort that leaves
                                   the run's areas over the step (0..1), or NULL for none */
    const fc_ccm_flows *const *flows; /* flows[t]: moves between areas, or NULL for none;
                                         needs result->work */
} fc_ccm_inputs;

/* Caller-owned results. pop must hold n_area*(n_step+1)*2*n_age doubles; each component
 * n_area*n_step*2 (any component pointer may be NULL when not wanted); unmet
 * n_area*n_step*2*n_age. */
typedef struct fc_ccm_result {
    double *pop;       /* [area][step 0..n_step][sex][age] persons */
    double *births;    /* [area][step][sex] live births in the step, by sex of child */
    double *deaths;    /* [area][step][sex] deaths in the step (including of those born in it) */
    double *migration; /* [area][step][sex] net migrants actually added in the step */
    double *adjust;    /* [area][step][sex] change made by the control totals */
    double *unmet;     /* optional, with the components: [area][step][sex][age] the people a
                          net outflow could not remove because the cohort had none left (the
                          limit above); NULL: not wanted */
    double *inflow;    /* optional: [area][step][sex] in-migrants (counts and arrivals) */
    double *outflow;   /* optional: [area][step][sex] out-migrants (by rates and departures) */
    double *work;      /* fc_ccm_work_size doubles when inputs give flows; else unused */
} fc_ccm_result;

/* Size of the pop array and of each component array, in doubles. */
size_t fc_ccm_pop_size(const fc_ccm_params *p);
size_t fc_ccm_comp_size(const fc_ccm_params *p);
/* Size of the workspace that flows between areas need, in doubles. */
size_t fc_ccm_work_size(const fc_ccm_params *p);

/* Projects every area n_step steps. FC_EINVAL for bad parameters, FC_EDOM for a negative or
 * non-finite input, a control total for a population that is zero, or shares leaving a cell
 * (out plus flows) above 1. Borrows the inputs;
 * fills result. Reentrant: no allocation, no global state. */
fc_status fc_ccm_project(const fc_ccm_params *p, const fc_ccm_inputs *in, fc_ccm_result *result,
                         fc_err *err);

/* Projects areas [a0, a1) only, without control totals (for callers that split areas over
 * threads; control totals then need fc_ccm_constrain after each step, so use this only when
 * ctl_kind is FC_CTL_NONE). Flows between areas couple them: FC_EINVAL when given. */
fc_status fc_ccm_project_areas(const fc_ccm_params *p, const fc_ccm_inputs *in, size_t a0,
                               size_t a1, fc_ccm_result *result, fc_err *err);

#endif /* FC_MODELS_POPULATION_H */
