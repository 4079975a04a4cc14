/* scenario.h: the scenario file (INI, parsed with libinih): run settings and input paths for
 * every stage. Paths are relative to the scenario file's folder. Later stages add sections.
 *
 *   [run]         name, out (default out/<scenario name>), seed
 *   [projection]  population, fertility, mortality, migration, control, variants,
 *                 base_year, horizon, srb, migration_timing (half|end), a0 (cd|ak)
 *   [variant NAME] fertility_scale, mortality_scale, migration_scale
 *   [pbma]        options, criteria, budgets, budget, threshold, draws (seed from [run])
 */
#ifndef FC_ENGINE_SCENARIO_H
#define FC_ENGINE_SCENARIO_H

#include "engine/pbma_job.h"
#include "engine/project.h"

#define FC_SCN_PATH_MAX 1024

typedef struct fc_scenario {
    char path[FC_SCN_PATH_MAX];     /* the scenario file */
    char name[128];
    char out[FC_SCN_PATH_MAX];
    unsigned long seed;
    /* [projection] paths, resolved against the scenario's folder */
    char population[FC_SCN_PATH_MAX], fertility[FC_SCN_PATH_MAX], mortality[FC_SCN_PATH_MAX],
        migration[FC_SCN_PATH_MAX], control[FC_SCN_PATH_MAX], variants[FC_SCN_PATH_MAX];
    fc_projspec proj;
    int has_projection;
    char pbma_options[FC_SCN_PATH_MAX], pbma_criteria[FC_SCN_PATH_MAX],
        pbma_budgets[FC_SCN_PATH_MAX];
    fc_pbma_spec pbma;
    int has_pbma;
} fc_scenario;

/* Reads a scenario file. Unknown sections or keys, bad values and missing required keys are
 * FC_EDATA errors naming the file and line. */
fc_status fc_scenario_read(const char *path, fc_scenario *scn, fc_err *err);

#endif /* FC_ENGINE_SCENARIO_H */
