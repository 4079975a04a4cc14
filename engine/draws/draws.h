/* draws.h: Monte Carlo draws through the whole chain (issue 7), the `draws` stage of
 * `fulcrum run` (engine/draws/draws.c).
 *
 *   [run]  draws = N              Monte Carlo draws after the principal (0: none)
 *          raw_draws = yes|no     also write every draw (*_draws.csv; default no)
 *          summary_memory_mb = M  memory for the projection's draws in each pass (default
 *                                 256, or one area's draws when more: see passes.c)
 *   fulcrum run SCENARIO --draws N --seed S [--threads T] [--raw-draws]
 *
 * Run 0 is the principal: every stage as usual, each uncertain parameter (engine/io/scenario.h,
 * fc_scn_unc) at its median. Draws 1..N each take every uncertain parameter from its own
 * stream (seed, draw, parameter) (models/rng.h), a population variant when the variants
 * have probabilities, the need and activity growth tables' and the PBMA options' 80%
 * intervals from streams of their own, and carry them through projection, need, activity,
 * money and the PBMA portfolio, all computed in memory. Summaries (principal, mean, p10, p50,
 * p90; exact type-7 quantiles) go to projection_summary.csv, population_summary.csv (persons
 * by area and age group, and over areas), need_summary.csv, activity_summary.csv,
 * capacity_summary.csv, gap_summary.csv, pbma_summary.csv and parameters_summary.csv; see
 * docs/uncertainty.md for columns.
 * Results are the same bytes for any number of threads.
 */
#ifndef FC_ENGINE_MC_H
#define FC_ENGINE_MC_H

#include "models/status.h"

/* Threads the draws use (--threads; 0 = every core, the default). Set before runs start. */
void fc_mc_set_threads(long n);

#endif /* FC_ENGINE_MC_H */
