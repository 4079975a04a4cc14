/* appendix_job.h: the analysis appendix as the last stage of the chain: every chart as PNG and
 * SVG beside the CSV table it plots (DIR/charts/), and one multi-page PDF (DIR/appendix.pdf),
 * all drawn from the tables earlier stages published, and written through the same output
 * transaction (nothing appears before the commit). See engine/appendix_job.c.
 */
#ifndef FC_ENGINE_APPENDIX_JOB_H
#define FC_ENGINE_APPENDIX_JOB_H

#include "engine/io/csvin.h"
#include "engine/io/out.h"
#include "engine/io/scenario.h"

/* The [appendix] section (engine/appendix/appendix.c documents the keys). */
typedef struct fc_appendix_spec {
    const char *title;        /* NULL: "Analysis appendix" */
    const char *organisation; /* NULL: none */
    char data_date[11];       /* ISO yyyy-mm-dd, "" when not given */
    double dpi;               /* PNG resolution, default 150 */
    int png, svg;             /* formats written beside each table (default both) */
    long area_pyramids;       /* a pyramid per area when there are at most this many areas */
    const char *from;         /* read tables from this finished output folder instead of the
                                 run's own transaction (`fulcrum appendix --from`) */
} fc_appendix_spec;

/* Renders the appendix of scenario scn into o from the tables already written to o in this
 * run (fc_out_tmp_path), or failing that from spec->from. A section is drawn for each stage
 * whose tables exist. FC_EIO when a table cannot be read, FC_EDATA when one is malformed
 * (located), FC_ENOMEM. */
fc_status fc_appendix_job_run(const fc_appendix_spec *spec, fc_scenario *scn, fc_out *o,
                              fc_warnings *warn, fc_err *err);

#endif /* FC_ENGINE_APPENDIX_JOB_H */
