/* appendix.h: the analysis appendix as the last stage of the chain: every chart as PNG and
 * SVG beside the CSV table it plots (DIR/charts/), and one multi-page PDF (DIR/appendix.pdf),
 * all drawn from what earlier stages published, and written through the same output
 * transaction (nothing appears before the commit). See engine/appendix/appendix.c.
 */
#ifndef FC_ENGINE_APPENDIX_JOB_H
#define FC_ENGINE_APPENDIX_JOB_H

#include "engine/io/csvin.h"
#include "engine/io/out.h"
#include "engine/io/scenario.h"
#include "engine/projection/projection.h"

/* The [appendix] section (engine/appendix/appendix.c documents the keys). */
typedef struct fc_appendix_spec {
    const char *title;        /* NULL: "Analysis appendix" */
    const char *organisation; /* NULL: none */
    const char *sources;      /* where the data come from, printed on the title page; NULL */
    char *sources_buf;        /* (owned: the source* keys joined) */
    char data_date[11];       /* ISO yyyy-mm-dd, "" when not given */
    double dpi;               /* PNG resolution, default 150 */
    int png, svg;             /* formats written beside each table (default both) */
    long area_pyramids;       /* a pyramid per area when there are at most this many areas */
    const char *from;         /* read tables from this finished output folder instead of the
                                 run's own transaction (`fulcrum appendix --from`) */
} fc_appendix_spec;

/* Renders the appendix of scenario scn into o: the population from the run's projection cube
 * (pcube; NULL: projection.csv and lifetables.csv instead), the other tables as this run's
 * writer kept them in memory (fc_out_kept), or failing that from spec->from. A section is
 * drawn for each stage whose tables exist. FC_EIO when a table cannot be read, FC_EDATA when
 * one is malformed (located), FC_ENOMEM. */
fc_status fc_appendix_job_run(const fc_appendix_spec *spec, fc_scenario *scn, fc_out *o,
                              const fc_projection *pcube, fc_warnings *warn, fc_err *err);

#endif /* FC_ENGINE_APPENDIX_JOB_H */
