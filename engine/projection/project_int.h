/* project_int.h: what the projection job's files share (engine/projection/project.c: the
 * inputs, the stage and the command; write.c: projecting and writing the tables). Not a
 * public header: the draws use project.h. */
#ifndef FC_ENGINE_PROJECT_INT_H
#define FC_ENGINE_PROJECT_INT_H

#include "engine/projection/project.h"

/* shared by the files split from project.c */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/projection/projection.h"
#include "engine/chain/chain.h"
typedef struct var_ctx {
    fc_projspec *spec;
} var_ctx;
enum { VC_NAME, VC_FERT, VC_MORT, VC_MIG, VC_PROB, VC_IN, VC_OUT, VC_N };
typedef fc_proj_inputs job;
typedef struct labels {
    char (*age)[16];
    char (*mage)[16];
} labels;
/* projection.csv rows are most of a run's output: areas are formatted in parallel into memory
 * (shortest round-trip formatting dominates), then written in order, so the bytes do not
 * depend on the number of threads. */
typedef struct fmt_task fmt_task;
typedef void (*fmt_fn)(fc_writer *w, const fmt_task *t);
enum { NT = 2, CHUNK = 24 };


#endif /* FC_ENGINE_PROJECT_INT_H */
