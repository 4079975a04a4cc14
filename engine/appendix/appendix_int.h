/* appendix_int.h: what the appendix's files share (engine/appendix/): the job, the tables it
 * reads, and the helpers every section uses. Sections: appendix.c (the job, chart output,
 * provenance, running, the stage and the command), summaries.c (Monte Carlo summary tables),
 * population.c, activity.c (need and activity), money.c, pbma.c, uncertainty.c.
 */
#ifndef FC_ENGINE_APPENDIX_INT_H
#define FC_ENGINE_APPENDIX_INT_H

#include "engine/appendix/appendix.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "engine/cli/cli.h"
#include "engine/io/grow.h"
#include "engine/io/intern.h"
#include "engine/chain/chain.h"
#include "engine/io/table.h"
#include "engine/cli/version.h"
#include "plots/appendix.h"
#include "plots/plot.h"

/* A two-column table of measures and values (summary.csv, uncertainty.csv). */
typedef struct kv {
    char key[64][64];
    double val[64];
    size_t n;
} kv;

typedef struct job {
    const fc_appendix_spec *spec;
    fc_scenario *scn;
    fc_out *o;
    fc_warnings *warn;
    fc_err *err;
    fc_palette *pal;
    fc_appendix *a;
    fc_chart_opts copts;
    char path[FC_SCN_PATH_MAX + 64]; /* scratch for table paths in --from */
    char **pool;                     /* strings owned by the job (table cells) */
    size_t npool, cappool;
    char findings[2048];             /* key findings for the title page */
    const fc_projection *cube;       /* the run's projection, or NULL (read the tables) */
    kv unc;                          /* uncertainty.csv: what the draws were */
    long ndraw;                      /* Monte Carlo draws (uncertainty.csv), 0: none */
    int layout_only;                 /* the first of two renderings: pages only, for the
                                        contents (chart files go to scratch memory) */
    fc_writer **scratch;             /* the first rendering's chart tables, discarded */
    size_t nscratch, capscratch;
} job;

/* The Monte Carlo summaries (*_summary.csv, written by the draws stage): rows of one or two
 * keys and a year with the principal, the draws' mean and their p10, p50 and p90. Bands in
 * the charts are p10-p90 of the draws around the principal's line; a p10-p90 band of a total
 * comes from the draws of that total, never from adding the cells' percentiles. */
enum { S_PRIN = 0, S_MEAN, S_P10, S_P50, S_P90, S_CUR, S_NV };

typedef struct srow {
    unsigned k0, k1;
    int year;
    double v[S_NV];
} srow;

typedef struct stab {
    fc_intern *k0, *k1;
    const char *only; /* keep the rows whose first key is this (NULL: every row) */
    int two;          /* a second key column */
    srow *row;
    size_t n, cap;
    int years[512];
    size_t nyear;
} stab;

/* A fan: principal, p10, p50 and p90 of one summary row over the years. */
typedef struct fan {
    double y[512], lo[512], hi[512], mid[512];
} fan;

typedef struct prow {
    unsigned v, a;
    int year, sex, lo, hi;
    double pop;
} prow;

#define NBROAD 5

typedef struct proj {
    fc_intern *var, *area;
    prow *row;
    size_t n, cap;
    int years[512];
    size_t nyear;
    int open_lo;      /* first age of the open group */
    size_t nband;     /* five-year bands for pyramids (the last one open) */
    char band[64][16];
    double *pop;      /* [var][area][year][sex][band] */
    double *broad;    /* [var][area][year][NBROAD] */
    size_t nv, na;
} proj;

/* Births, deaths and net migration by year (all areas, principal) from components.csv. */
typedef struct comp {
    const proj *p;
    size_t v;
    double births[512], deaths[512], mig[512];
    int seen[512];
} comp;

/* Life expectancy at birth in the base year by area and sex (principal), from lifetables. */
typedef struct lex {
    const proj *p;
    size_t v;
    int year;
    double ex[2][256];
} lex;

#define CUBE_MAXV 8

/* A tidy table of the principal variant summed over nothing yet: one row per (category,
 * area, year) with up to CUBE_MAXV value columns. */
typedef struct crow {
    unsigned cat, area;
    int year;
    double v[CUBE_MAXV];
} crow;

typedef struct cube {
    fc_intern *cat, *area, *sub; /* sub: a second key (capacity's resource), may be unused */
    crow *row;
    size_t n, cap, nval;
    int years[512];
    size_t nyear;
    int has_sub;
    char variant[2 * FC_NAME_MAX + 4]; /* the variant the cube keeps: the table's first (the
                                          principal; a published projection's own name) */
} cube;

typedef struct opt {
    char name[96], kind[16];
    double cost, benefit;
    int funded;
    double p_funded;
    long rank;
} opt;

typedef struct opt_tab {
    opt o[256];
    size_t n;
} opt_tab;

typedef struct budgets {
    double budget;
} budgets;

typedef struct ceacin {
    double wtp[512];
    size_t nw;
    char name[16][96];
    size_t nn;
    double prob[16][512];
} ceacin;

typedef struct pbma {
    opt_tab os;
    kv sum;
    budgets bud;
    double thr;
} pbma;

typedef struct ucells {
    job *j;
    const char **c;
    size_t n, cap, ncol, numeric_from;
} ucells;

/* What a fan chart of need or activity is about. */
typedef struct ukind {
    const char *table, *keycol; /* need_summary.csv by measure, activity_summary.csv by service */
    const char *id;             /* the chart's id */
    const char *head;           /* the key's column heading */
    const char *things;         /* plural, in sentences: "services", "measures of need" */
    const char *caption, *table_title, *note;
} ukind;

enum { NFAN = 4 };

/* PBMA: the probability that each option is in the best set within the budget, over draws
 * that carry population, demand, cost and the options' own uncertainty together. */
typedef struct pfund {
    char name[64][96];
    int in[64];
    double p[64];
    size_t n;
} pfund;


/* A string owned by the job until the end of the run. NULL when out of memory. */
char *apx_jstr(job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A number formatted like the chart labels ("1,234", "£1.25m", "12.5%"); sig: 1 for a sign. */
const char *apx_jfmt(job *j, fc_axis_fmt_kind kind, double v, int decimals, int sign);

/* A money amount on the scale of ref, so that figures quoted together share a unit
 * ("£2.53m and £0.95m", not "£2.53m and £950k"). */
const char *apx_jgbp(job *j, double v, double ref, int sign);

/* A financial year as every money table, chart and page writes it: 2024 -> "2024/25". */
const char *apx_fyear(job *j, int year);

/* A money amount in GBP millions to two decimals ("£517.23m", "+£7.12m"): a finance
 * officer reads a gap to GBP 0.01m. */
const char *apx_jgbp_m(job *j, double v, int sign);

/* A code name as a reader would write it: underscores as spaces, the first letter capital
 * ("community_nursing_contacts" -> "Community nursing contacts"). Codes with capitals or
 * digits only (area codes such as "EP01") are kept as they are. */
const char *apx_pretty(job *j, const char *name);

/* name with its first letter in lower case, for use inside a sentence. */
const char *apx_lowered(job *j, const char *name);

/* Gives a family of series (areas, variants, age groups) the Okabe-Ito colours in order, so
 * each chart's series are told apart and a series keeps its colour in every chart. */
void apx_family(job *j, const char *const *names, size_t n);

/* Reads the published table name (e.g. "gap.csv") with fc_csv_read's column list and row
 * callback: this run's table as its writer kept it in memory (nothing of the run is read
 * back from disk), else, with --from, the finished folder's file. An absent table is not an
 * error: *have (may be NULL) says whether there was one. A failed write of this run's table
 * is FC_EIO naming it. */
fc_status apx_read(job *j, const char *name, const fc_csv_col *cols, size_t ncol,
                   size_t min_rows, fc_csv_row_fn fn, void *ctx, int *have);

/* Is there a published table name (this run's, or the --from folder's)? */
int apx_has(job *j, const char *name);

/* Starts charts/<id>.csv (the chart's data); the caller writes it. */
fc_status apx_chart_csv(job *j, const char *id, fc_writer **w);

/* Writes p as charts/<id>.png and .svg and places it in the appendix with caption (the
 * chart's table is named after it). */
fc_status apx_chart_out(job *j, const char *id, const fc_plot *p, const char *caption);

/* Sets pl's lines chart to the series s[0..ns) over the years x[0..n), persons or counts on
 * the y axis. */
void apx_year_lines(fc_plot *pl, const double *x, size_t n, const fc_series *s, size_t ns);

/* Sets pl's stack chart to stacked bars of ncat categories (names) over the years x[0..n),
 * values [cat][year], with totals, in y_fmt. */
void apx_year_bars(fc_plot *pl, const double *x, size_t n, const char *const *names, size_t ncat,
                   const double *vals, fc_axis_fmt_kind y_fmt);

/* Adds a table of preformatted cells (numbers right-aligned). */
fc_status apx_add_table(job *j, const char *title, size_t nrow, size_t ncol, const char *const *head,
          const char *const *cells, const char *note);

/* The scenario entries of the sections a stage reads, as an "Assumptions used" table. */
fc_status apx_assumptions(job *j, const char *stage);

/* Adds year to the ascending list years[0..*n) (at most 512) unless it is there already. */
fc_status apx_year_add(int years[512], size_t *n, int year, const fc_csv_row *r, fc_err *err);

void apx_stab_fini(stab *s);

/* Reads the summary table name (absent: *have = 0) keyed by key0 (and key1 when not NULL)
 * and year, keeping the rows whose key0 is only (NULL: all). */
fc_status apx_stab_read(job *j, const char *name, const char *key0, const char *key1, const char *only,
          stab *s, int *have);

int apx_fan_get(const stab *s, const char *k0, const char *k1, fan *f);

/* f's first n years as an index, its first year's principal = 100 (the base year, which
 * every draw shares, so the index's percentiles are the level's); 0 when that is not > 0. */
int apx_fan_index(const fan *f, size_t n, fan *out);

/* The "p10 to p90" range of a figure, for titles and tables. */
const char *apx_jrange(job *j, fc_axis_fmt_kind kind, double lo, double hi, int decimals, int sign);

void apx_proj_fini(proj *p);

/* Reads projection.csv (absent: *have = 0). */
fc_status apx_proj_read(job *j, proj *p, int *have);

/* Persons in variant v, area a (SIZE_MAX: all), year index t. */
double apx_total(const proj *p, size_t v, size_t a, size_t t);

size_t apx_principal(const proj *p);

/* The headline of the projection for the title page. */
void apx_projection_findings(job *j, const proj *p);

fc_status apx_section_projection(job *j, proj *pp);

void apx_cube_fini(cube *c);

/* Reads the table name (absent: *have = 0, may be NULL) with keys variant, area, year, catcol
 * and the value columns vals. */
fc_status apx_cube_read(job *j, const char *name, int *have, const char *catcol, const char *const *vals, size_t nval,
          cube *c);

size_t apx_cube_year(const cube *c, int year);

fc_status apx_section_activity(job *j);

fc_status apx_section_money(job *j);

fc_status apx_kv_row(void *ctx, const fc_csv_row *r, fc_err *err);

double apx_kv_get(const kv *s, const char *key);

/* Reads options.csv (absent: *have = 0), summary.csv and pbma_budget.csv. */
fc_status apx_pbma_load(job *j, pbma *b, int *have);

fc_status apx_section_pbma(job *j, pbma *b);

/* The title page's finding from the draws: the range of the last year's funding gap. */
fc_status apx_uncertainty_findings(job *j);

/* The section: what was drawn, and how sure each stage's answer is. */
fc_status apx_section_uncertainty(job *j);

/* The Sensitivity section (engine/appendix/sensitivity.c): tornado charts of the funding gap
 * and of the best set's net benefit, and the switching values, from sensitivity.csv and
 * switching_values.csv (a run with --sensitivity). */
fc_status apx_section_sensitivity(job *j);

/* Which unknown is worth researching: the info-rank chart of pbma_evppi.csv (the draws'
 * EVPPI for the PBMA decision), in the Uncertainty section (engine/appendix/sensitivity.c). */
fc_status apx_evppi_chart(job *j);

#endif /* FC_ENGINE_APPENDIX_INT_H */
