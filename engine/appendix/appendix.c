/* appendix_job.c: the plan's analysis appendix (issue 6): the `appendix` stage of the chain and
 * `fulcrum appendix`. Charts are fed only by the tables earlier stages published: the stage
 * reads them back from this run's output transaction (fc_out_tmp_path) or, with --from, from a
 * finished output folder, so the appendix depends on nothing but those tables. Each chart is
 * written as charts/<id>.png and .svg beside charts/<id>.csv (the data it plots), and all of
 * them go into appendix.pdf with tables, the assumptions used and a provenance page.
 *
 *   [appendix]  title, organisation, data_date (YYYY-MM-DD), dpi (PNG, default 150),
 *               png, svg (yes|no), area_pyramids (default 4)
 */
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

/* ============================================================================ the job */

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
    kv unc;                          /* uncertainty.csv: what the draws were */
    long ndraw;                      /* Monte Carlo draws (uncertainty.csv), 0: none */
} job;

/* A string owned by the job until the end of the run. NULL when out of memory. */
static char *
jstr(job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *
jstr(job *j, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;
    if (j->npool == j->cappool) {
        size_t cap = j->cappool ? 2 * j->cappool : 256;
        char **p = realloc(j->pool, cap * sizeof *p);
        if (p == NULL)
            return NULL;
        j->pool = p;
        j->cappool = cap;
    }
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    j->pool[j->npool++] = s;
    return s;
}

/* A number formatted like the chart labels ("1,234", "£1.25m", "12.5%"); sig: 1 for a sign. */
static const char *
jfmt(job *j, fc_axis_fmt_kind kind, double v, int decimals, int sign)
{
    fc_axis_fmt f;
    char buf[FC_AXIS_LABEL_MAX];
    if (!isfinite(v))
        return "";
    fc_axis_fmt_choose(&f, kind, fabs(v), 0);
    if (kind == FC_FMT_NUMBER || kind == FC_FMT_PERCENT) {
        f.decimals = decimals;
    } else if (decimals >= 0) {
        f.decimals = decimals;
    }
    f.sign = sign;
    fc_axis_fmt_value(&f, v, buf, sizeof buf);
    return jstr(j, "%s", buf);
}

/* A money amount on the scale of ref, so that figures quoted together share a unit
 * ("£2.53m and £0.95m", not "£2.53m and £950k"). */
static const char *
jgbp(job *j, double v, double ref, int sign)
{
    fc_axis_fmt f;
    char buf[FC_AXIS_LABEL_MAX];
    fc_axis_fmt_choose(&f, FC_FMT_GBP, fabs(ref), 0);
    f.decimals = f.div >= 1e6 && fabs(ref) / f.div < 100 ? 2 : 0;
    f.sign = sign;
    fc_axis_fmt_value(&f, v, buf, sizeof buf);
    return jstr(j, "%s", buf);
}

/* A code name as a reader would write it: underscores as spaces, the first letter capital
 * ("community_nursing_contacts" -> "Community nursing contacts"). Codes with capitals or
 * digits only (area codes such as "EP01") are kept as they are. */
static const char *
pretty(job *j, const char *name)
{
    char *s;
    int lower = 0;
    for (const char *q = name; *q; q++)
        lower |= islower((unsigned char)*q);
    if (!lower || (s = jstr(j, "%s", name)) == NULL)
        return name;
    for (char *q = s; *q; q++)
        if (*q == '_')
            *q = ' ';
    s[0] = (char)toupper((unsigned char)s[0]);
    {
        /* health and care acronyms written as such */
        static const char *const acr[][2] = {
            {"ae", "A&E"}, {"copd", "COPD"}, {"llti", "LLTI"}, {"gp", "GP"}, {"nhs", "NHS"},
            {"chd", "CHD"}, {"ckd", "CKD"}, {"icu", "ICU"}, {"ed", "ED"}, {"af", "AF"},
            {"hes", "HES"}, {"mh", "MH"}, {"ld", "LD"}, {"dtoc", "DTOC"}, {"los", "LOS"}};
        char out[256];
        size_t len = 0;
        for (char *w = s; *w && len + 8 < sizeof out;) {
            size_t n = strcspn(w, " "), k;
            for (k = 0; k < sizeof acr / sizeof acr[0]; k++)
                if (strlen(acr[k][0]) == n && strncasecmp(w, acr[k][0], n) == 0)
                    break;
            len += (size_t)snprintf(out + len, sizeof out - len, "%.*s",
                                    k < sizeof acr / sizeof acr[0] ? (int)strlen(acr[k][1])
                                                                   : (int)n,
                                    k < sizeof acr / sizeof acr[0] ? acr[k][1] : w);
            w += n;
            if (*w == ' ' && len + 1 < sizeof out) {
                out[len++] = ' ';
                w++;
            }
        }
        out[len < sizeof out ? len : sizeof out - 1] = '\0';
        return jstr(j, "%s", out);
    }
}

/* name with its first letter in lower case, for use inside a sentence. */
static const char *
lowered(job *j, const char *name)
{
    char *s = jstr(j, "%s", name);
    if (s == NULL)
        return name;
    if (isupper((unsigned char)s[0]) && !(s[1] && isupper((unsigned char)s[1])))
        s[0] = (char)tolower((unsigned char)s[0]);
    return s;
}

/* Gives a family of series (areas, variants, age groups) the Okabe-Ito colours in order, so
 * each chart's series are told apart and a series keeps its colour in every chart. */
static void
family(job *j, const char *const *names, size_t n)
{
    static const unsigned cols[8] = {FC_RGB_ORANGE, FC_RGB_SKY,    FC_RGB_GREEN,  FC_RGB_BLUE,
                                     FC_RGB_VERMILLION, FC_RGB_PURPLE, FC_RGB_YELLOW, FC_RGB_BLACK};
    for (size_t i = 0; i < n; i++)
        fc_palette_set(j->pal, names[i], fc_rgb_hex(cols[i % 8]), NULL);
}

/* The path of a published table: this run's temporary file, else the --from folder's file;
 * NULL when neither has it. */
static const char *
table(job *j, const char *name)
{
    const char *p = fc_out_tmp_path(j->o, name);
    if (p)
        return p;
    if (j->spec->from == NULL)
        return NULL;
    snprintf(j->path, sizeof j->path, "%s/%s", j->spec->from, name);
    return access(j->path, R_OK) == 0 ? jstr(j, "%s", j->path) : NULL; /* each its own copy */
}

/* ----------------------------------------------------------------------- chart output */

static int
writer_sink(void *closure, const unsigned char *data, size_t n)
{
    fc_w_raw(closure, (const char *)data, n); /* errors are sticky: reported at commit */
    return 0;
}

/* Starts charts/<id>.csv (the chart's data); the caller writes it. */
static fc_status
chart_csv(job *j, const char *id, fc_writer **w)
{
    char name[128];
    snprintf(name, sizeof name, "%s.csv", id);
    return fc_out_file_in(j->o, "charts", name, w, j->err);
}

/* Writes p as charts/<id>.png and .svg and places it in the appendix with caption (the
 * chart's table is named after it). */
static fc_status
chart_out(job *j, const char *id, const fc_plot *p, const char *caption)
{
    static const char *const ext[2] = {"png", "svg"};
    static const fc_chart_format fmt[2] = {FC_CHART_PNG, FC_CHART_SVG};
    const int on[2] = {j->spec->png, j->spec->svg};
    fc_chart_opts opts = j->copts;
    char name[128], cap[1024];
    fc_status st = FC_OK;

    opts.height_pt = fmax(300, fc_plot_height_hint(p));
    for (int f = 0; f < 2 && st == FC_OK; f++) {
        fc_writer *w;
        fc_sink sink;
        if (!on[f])
            continue;
        snprintf(name, sizeof name, "%s.%s", id, ext[f]);
        if ((st = fc_out_file_in(j->o, "charts", name, &w, j->err)) != FC_OK)
            break;
        sink.write = writer_sink;
        sink.closure = w;
        st = fc_plot_write(p, fmt[f], &sink, &opts, j->pal, j->err);
    }
    snprintf(cap, sizeof cap, "%s (table: charts/%s.csv)", caption, id);
    if (st == FC_OK)
        st = fc_appendix_plot_add(j->a, p, opts.height_pt, cap, j->err);
    return st;
}

/* Adds a table of preformatted cells (numbers right-aligned). */
static fc_status
add_table(job *j, const char *title, size_t nrow, size_t ncol, const char *const *head,
          const char *const *cells, const char *note)
{
    fc_appendix_table t = {0};
    t.title = title;
    t.nrow = nrow;
    t.ncol = ncol;
    t.header = head;
    t.cells = cells;
    t.note = note;
    return fc_appendix_table_add(j->a, &t, j->err);
}

/* The scenario entries of the sections a stage reads, as an "Assumptions used" table. */
static fc_status
assumptions(job *j, const char *stage)
{
    static const char *const head[3] = {"Parameter", "Value", "Where set"};
    const fc_stage *sg = NULL;
    const char **cells;
    size_t n = 0;
    fc_status st;

    for (size_t i = 0; fc_stages[i]; i++)
        if (strcmp(fc_stages[i]->name, stage) == 0)
            sg = fc_stages[i];
    if (sg == NULL)
        return FC_OK;
    if ((cells = calloc(3 * j->scn->n + 1, sizeof *cells)) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < j->scn->n; i++) {
        const fc_scn_entry *e = &j->scn->e[i];
        int mine = 0, later = 0;
        for (size_t k = 0; sg->sections[k]; k++) {
            size_t len = strlen(sg->sections[k]);
            if (sg->sections[k][len - 1] == ' ' ? strncasecmp(e->section, sg->sections[k], len) == 0
                                                : strcasecmp(e->section, sg->sections[k]) == 0)
                mine = 1;
        }
        if (!mine || strcasecmp(e->key, "include") == 0)
            continue;
        /* an entry overridden later is not what the model used */
        for (size_t k = i + 1; k < j->scn->n && !later; k++)
            later = strcasecmp(j->scn->e[k].section, e->section) == 0 &&
                    strcasecmp(j->scn->e[k].key, e->key) == 0;
        if (later)
            continue;
        cells[3 * n] = strcasecmp(e->section, sg->sections[0]) == 0
                           ? e->key
                           : jstr(j, "[%s] %s", e->section, e->key);
        cells[3 * n + 1] = e->value;
        cells[3 * n + 2] = jstr(j, "%s:%d", e->file, e->line);
        n++;
    }
    st = n ? add_table(j, jstr(j, "Assumptions used: the [%s] section of the scenario", stage),
                       n, 3, head, cells,
                       "Keys not listed take the defaults documented in docs/scenario.md.")
           : FC_OK;
    free(cells);
    return st;
}

/* Adds year to the ascending list years[0..*n) (at most 512) unless it is there already. */
static fc_status
year_add(int years[512], size_t *n, int year, const fc_csv_row *r, fc_err *err)
{
    size_t t;
    for (t = 0; t < *n && years[t] != year; t++)
        ;
    if (t < *n)
        return FC_OK;
    if (*n == 512)
        return fc_err_at(err, FC_ELIMIT, r->path, r->line, 0, "more than 512 years");
    t = (*n)++;
    while (t > 0 && years[t - 1] > year) {
        years[t] = years[t - 1];
        t--;
    }
    years[t] = year;
    return FC_OK;
}

/* ================================================================ Monte Carlo summaries */

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

static void
stab_fini(stab *s)
{
    fc_intern_free(s->k0);
    fc_intern_free(s->k1);
    free(s->row);
    memset(s, 0, sizeof *s);
}

static fc_status
stab_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    stab *s = ctx;
    srow x;
    size_t idx, c = s->two ? 2 : 1;
    long year;
    fc_status st;
    if (s->only && strcmp(r->field[0], s->only) != 0)
        return FC_OK;
    if (fc_grow((void **)&s->row, &s->cap, s->n, sizeof *s->row) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory reading '%s'", r->path);
    memset(&x, 0, sizeof x);
    if ((st = fc_intern_add(s->k0, r->field[0], &idx, err)) != FC_OK)
        return st;
    x.k0 = (unsigned)idx;
    if (s->two) {
        if ((st = fc_intern_add(s->k1, r->field[1], &idx, err)) != FC_OK)
            return st;
        x.k1 = (unsigned)idx;
    }
    if ((st = fc_csv_int(r, c, 1000, 3100, &year, err)) != FC_OK)
        return st;
    x.year = (int)year;
    for (size_t k = 0; k < S_NV; k++) {
        x.v[k] = (double)NAN;
        if (r->field[c + 1 + k] && r->field[c + 1 + k][0] &&
            (st = fc_csv_double(r, c + 1 + k, &x.v[k], err)) != FC_OK)
            return st;
    }
    if ((st = year_add(s->years, &s->nyear, x.year, r, err)) != FC_OK)
        return st;
    s->row[s->n++] = x;
    return FC_OK;
}

/* Reads the summary table name (absent: *have = 0) keyed by key0 (and key1 when not NULL)
 * and year, keeping the rows whose key0 is only (NULL: all). */
static fc_status
stab_read(job *j, const char *name, const char *key0, const char *key1, const char *only,
          stab *s, int *have)
{
    fc_csv_col cols[9] = {{key0, 1}, {key1, 1}};
    static const fc_csv_col vals[S_NV] = {{"principal", 1}, {"mean", 1}, {"p10", 1},
                                          {"p50", 1},       {"p90", 1},  {"current", 0}};
    const char *tp = table(j, name);
    size_t c = key1 ? 2 : 1;
    memset(s, 0, sizeof *s);
    *have = tp != NULL;
    if (tp == NULL)
        return FC_OK;
    cols[c] = (fc_csv_col){"year", 1};
    for (size_t k = 0; k < S_NV; k++)
        cols[c + 1 + k] = vals[k];
    s->two = key1 != NULL;
    s->only = only;
    s->k0 = fc_intern_alloc();
    s->k1 = fc_intern_alloc();
    if (!s->k0 || !s->k1)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    return fc_csv_read(tp, cols, c + 1 + S_NV, 0, stab_row, s, NULL, j->err);
}

/* out[t] (nyear values, NaN where absent) of value v for keys k0 (and k1); 0 when the keys
 * are not in the table. */
static int
stab_series(const stab *s, const char *k0, const char *k1, size_t v, double *out)
{
    size_t i0 = fc_intern_find(s->k0, k0), i1 = k1 ? fc_intern_find(s->k1, k1) : 0;
    int any = 0;
    for (size_t t = 0; t < s->nyear; t++)
        out[t] = (double)NAN;
    if (i0 == FC_INTERN_NONE || i1 == FC_INTERN_NONE)
        return 0;
    for (size_t i = 0; i < s->n; i++) {
        const srow *r = &s->row[i];
        if (r->k0 == i0 && (!s->two || r->k1 == i1)) {
            for (size_t t = 0; t < s->nyear; t++)
                if (s->years[t] == r->year)
                    out[t] = r->v[v];
            any = 1;
        }
    }
    return any;
}

/* A fan: principal, p10, p50 and p90 of one summary row over the years. */
typedef struct fan {
    double y[512], lo[512], hi[512], mid[512];
} fan;

static int
fan_get(const stab *s, const char *k0, const char *k1, fan *f)
{
    return stab_series(s, k0, k1, S_PRIN, f->y) && stab_series(s, k0, k1, S_P10, f->lo) &&
           stab_series(s, k0, k1, S_P90, f->hi) && stab_series(s, k0, k1, S_P50, f->mid);
}

/* f's first n years as an index, its first year's principal = 100 (the base year, which
 * every draw shares, so the index's percentiles are the level's); 0 when that is not > 0. */
static int
fan_index(const fan *f, size_t n, fan *out)
{
    double b = f->y[0];
    if (!(b > 0))
        return 0;
    for (size_t t = 0; t < n; t++) {
        out->y[t] = f->y[t] * (100 / b);
        out->lo[t] = f->lo[t] * (100 / b);
        out->hi[t] = f->hi[t] * (100 / b);
        out->mid[t] = f->mid[t] * (100 / b);
    }
    return 1;
}

/* The "p10 to p90" range of a figure, for titles and tables. */
static const char *
jrange(job *j, fc_axis_fmt_kind kind, double lo, double hi, int decimals, int sign)
{
    return jstr(j, "%s to %s", jfmt(j, kind, lo, decimals, sign), jfmt(j, kind, hi, decimals, sign));
}

/* A table's rows as the cells of an appendix table: text columns copied, columns from
 * numeric_from on formatted as numbers. */
/* ============================================================== population projection */

typedef struct prow {
    unsigned v, a;
    int year, sex, lo, hi;
    double pop;
} prow;

#define NBROAD 5
static const int broad_lo[NBROAD] = {0, 15, 65, 75, 85};
static const char *const broad_name[NBROAD] = {"0-14", "15-64", "65-74", "75-84", "85+"};

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

static void
proj_fini(proj *p)
{
    fc_intern_free(p->var);
    fc_intern_free(p->area);
    free(p->row);
    free(p->pop);
    free(p->broad);
}

static fc_status
proj_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    proj *p = ctx;
    prow x = {0};
    size_t idx;
    long year;
    fc_status st;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 65536;
        prow *q = realloc(p->row, cap * sizeof *q);
        if (q == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory reading '%s'", r->path);
        p->row = q;
        p->cap = cap;
    }
    if ((st = fc_intern_add(p->var, r->field[0] ? r->field[0] : "principal", &idx, err)))
        return st;
    x.v = (unsigned)idx;
    if ((st = fc_intern_add(p->area, r->field[1], &idx, err)))
        return st;
    x.a = (unsigned)idx;
    if ((st = fc_csv_int(r, 2, 1000, 3100, &year, err)) ||
        (st = fc_csv_sex(r, 3, 0, &x.sex, err)) || (st = fc_csv_age(r, 4, &x.lo, &x.hi, err)) ||
        (st = fc_csv_double(r, 5, &x.pop, err)))
        return st;
    x.year = (int)year;
    p->row[p->n++] = x;
    return FC_OK;
}

static size_t
year_index(const proj *p, int year)
{
    for (size_t t = 0; t < p->nyear; t++)
        if (p->years[t] == year)
            return t;
    return (size_t)-1;
}

static size_t
band_of(const proj *p, int lo)
{
    size_t b = lo >= p->open_lo ? p->nband - 1 : (size_t)(lo / 5);
    return b < p->nband ? b : p->nband - 1;
}

static size_t
broad_of(int lo)
{
    size_t g = 0;
    while (g + 1 < NBROAD && lo >= broad_lo[g + 1])
        g++;
    return g;
}

static double *
P(const proj *p, size_t v, size_t a, size_t t, int sex)
{
    return p->pop + (((v * p->na + a) * p->nyear + t) * 2 + (size_t)sex) * p->nband;
}

static double *
B(const proj *p, size_t v, size_t a, size_t t)
{
    return p->broad + ((v * p->na + a) * p->nyear + t) * NBROAD;
}

static fc_status
proj_read(job *j, const char *path, proj *p)
{
    static const fc_csv_col cols[6] = {{"variant", 0}, {"area", 1}, {"year", 1},
                                       {"sex", 1},     {"age", 1},  {"population", 1}};
    fc_status st;
    memset(p, 0, sizeof *p);
    p->var = fc_intern_alloc();
    p->area = fc_intern_alloc();
    if (!p->var || !p->area)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if ((st = fc_csv_read(path, cols, 6, 1, proj_row, p, NULL, j->err)) != FC_OK)
        return st;
    p->open_lo = 0;
    for (size_t i = 0; i < p->n; i++) {
        const prow *r = &p->row[i];
        if (r->hi == FC_AGE_OPEN && r->lo > p->open_lo)
            p->open_lo = r->lo;
        if (year_index(p, r->year) == (size_t)-1) {
            size_t k = p->nyear;
            if (k == sizeof p->years / sizeof p->years[0])
                return fc_err_at(j->err, FC_ELIMIT, path, 0, 0, "more than %zu years", k);
            while (k > 0 && p->years[k - 1] > r->year) {
                p->years[k] = p->years[k - 1];
                k--;
            }
            p->years[k] = r->year;
            p->nyear++;
        }
    }
    if (p->open_lo == 0 || p->nyear < 2)
        return fc_err_at(j->err, FC_EDATA, path, 0, 0,
                         "the appendix needs an open age group and at least two years");
    p->nband = (size_t)(p->open_lo + 4) / 5 + 1;
    if (p->nband > 64)
        p->nband = 64;
    for (size_t b = 0; b + 1 < p->nband; b++) {
        int lo = (int)b * 5, hi = lo + 4 < p->open_lo - 1 ? lo + 4 : p->open_lo - 1;
        snprintf(p->band[b], sizeof p->band[b], "%d-%d", lo, hi);
    }
    snprintf(p->band[p->nband - 1], sizeof p->band[0], "%d+", p->open_lo);
    p->nv = fc_intern_count(p->var);
    p->na = fc_intern_count(p->area);
    p->pop = calloc(p->nv * p->na * p->nyear * 2 * p->nband, sizeof *p->pop);
    p->broad = calloc(p->nv * p->na * p->nyear * NBROAD, sizeof *p->broad);
    if (!p->pop || !p->broad)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < p->n; i++) {
        const prow *r = &p->row[i];
        size_t t = year_index(p, r->year);
        P(p, r->v, r->a, t, r->sex)[band_of(p, r->lo)] += r->pop;
        B(p, r->v, r->a, t)[broad_of(r->lo)] += r->pop;
    }
    free(p->row);
    p->row = NULL;
    return FC_OK;
}

/* Persons in variant v, area a (SIZE_MAX: all), year index t. */
static double
total(const proj *p, size_t v, size_t a, size_t t)
{
    double s = 0;
    for (size_t k = 0; k < p->na; k++)
        if (a == (size_t)-1 || a == k)
            for (size_t g = 0; g < NBROAD; g++)
                s += B(p, v, k, t)[g];
    return s;
}

static size_t
principal(const proj *p)
{
    size_t v = fc_intern_find(p->var, "principal");
    return v == FC_INTERN_NONE ? 0 : v;
}

/* Pyramid of area a (SIZE_MAX: all areas), base year against the last year, principal. */
static fc_status
pyramid_chart(job *j, const proj *p, size_t a, const char *id)
{
    size_t v = principal(p), nb = p->nband, t1 = p->nyear - 1;
    double m0[64] = {0}, f0[64] = {0}, m1[64] = {0}, f1[64] = {0}, old0 = 0, old1 = 0, n0 = 0,
           n1 = 0;
    const char *labels[64];
    const char *area = a == (size_t)-1 ? "all areas" : fc_intern_name(p->area, a);
    fc_writer *w;
    fc_plot pl = {0};
    fc_status st;

    for (size_t k = 0; k < p->na; k++) {
        if (a != (size_t)-1 && a != k)
            continue;
        for (size_t b = 0; b < nb; b++) {
            f0[b] += P(p, v, k, 0, 0)[b];
            m0[b] += P(p, v, k, 0, 1)[b];
            f1[b] += P(p, v, k, t1, 0)[b];
            m1[b] += P(p, v, k, t1, 1)[b];
        }
    }
    for (size_t b = 0; b < nb; b++) {
        labels[b] = p->band[b];
        n0 += f0[b] + m0[b];
        n1 += f1[b] + m1[b];
        if ((int)b * 5 >= 65)
            old0 += f0[b] + m0[b], old1 += f1[b] + m1[b];
    }
    if ((st = chart_csv(j, id, &w)) != FC_OK)
        return st;
    fc_w_str(w, "age,sex,year,population\n");
    for (int y = 0; y < 2; y++)
        for (int s = 0; s < 2; s++)
            for (size_t b = 0; b < nb; b++) {
                const double *src = y ? (s ? m1 : f1) : (s ? m0 : f0);
                fc_w_str(w, p->band[b]);
                fc_w_str(w, s ? ",M," : ",F,");
                fc_w_int(w, p->years[y ? t1 : 0]);
                fc_w_comma(w);
                fc_w_num(w, src[b]);
                fc_w_eol(w);
            }
    pl.kind = FC_PLOT_PYRAMID;
    pl.u.pyramid.text.title =
        jstr(j, "People aged 65 and over: %.1f%% of the population in %d, %.1f%% in %d",
             100 * old0 / n0, p->years[0], 100 * old1 / n1, p->years[t1]);
    pl.u.pyramid.text.subtitle =
        jstr(j, "%s, %s: persons by sex and five-year age group, %s projection", j->scn->name,
             area, fc_intern_name(p->var, v));
    pl.u.pyramid.text.x_title = "Persons";
    pl.u.pyramid.text.source =
        jstr(j, "Source: Fulcrum cohort-component projection (projection.csv). %s is the "
                "open age group.",
             p->band[nb - 1]);
    pl.u.pyramid.n_age = nb;
    pl.u.pyramid.age_labels = labels;
    pl.u.pyramid.male = m0;
    pl.u.pyramid.female = f0;
    pl.u.pyramid.male_cmp = m1;
    pl.u.pyramid.female_cmp = f1;
    pl.u.pyramid.base_label = jstr(j, "%d (base)", p->years[0]);
    pl.u.pyramid.cmp_label = jstr(j, "%d (%s)", p->years[t1], fc_intern_name(p->var, v));
    return chart_out(j, id, &pl,
                     jstr(j, "Population pyramid of %s, %d (bars) and %d (outline)", area,
                          p->years[0], p->years[t1]));
}

/* Births, deaths and net migration by year (all areas, principal) from components.csv. */
typedef struct comp {
    const proj *p;
    size_t v;
    double births[512], deaths[512], mig[512];
    int seen[512];
} comp;

static fc_status
comp_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    comp *c = ctx;
    long year;
    double b, d, m;
    size_t t;
    fc_status st;
    if (strcmp(r->field[0] ? r->field[0] : "principal", fc_intern_name(c->p->var, c->v)) != 0)
        return FC_OK;
    if ((st = fc_csv_int(r, 1, 1000, 3100, &year, err)) || (st = fc_csv_double(r, 2, &b, err)) ||
        (st = fc_csv_double(r, 3, &d, err)) || (st = fc_csv_double(r, 4, &m, err)))
        return st;
    if ((t = year_index(c->p, (int)year)) == (size_t)-1)
        return FC_OK;
    c->births[t] += b;
    c->deaths[t] += d;
    c->mig[t] += m;
    c->seen[t] = 1;
    return FC_OK;
}

static fc_status
components_chart(job *j, const proj *p, const char *path)
{
    static const fc_csv_col cols[5] = {
        {"variant", 0}, {"year", 1}, {"births", 1}, {"deaths", 1}, {"net_migration", 1}};
    comp c; /* not static: runs of a batch make appendices at the same time */
    double x[512], sb = 0, sd = 0, sm = 0;
    size_t n = 0, idx[512];
    fc_series s[3];
    fc_plot pl = {0};
    fc_writer *w;
    fc_status st;

    memset(&c, 0, sizeof c);
    c.p = p;
    c.v = principal(p);
    if ((st = fc_csv_read(path, cols, 5, 1, comp_row, &c, NULL, j->err)) != FC_OK)
        return st;
    for (size_t t = 0; t < p->nyear; t++)
        if (c.seen[t]) {
            idx[n] = t;
            x[n] = p->years[t];
            c.births[n] = c.births[t];
            c.deaths[n] = c.deaths[t];
            c.mig[n] = c.mig[t];
            sb += c.births[n], sd += c.deaths[n], sm += c.mig[n];
            n++;
        }
    (void)idx;
    if (n < 2)
        return FC_OK;
    if ((st = chart_csv(j, "population_components", &w)) != FC_OK)
        return st;
    fc_w_str(w, "year,births,deaths,net_migration\n");
    for (size_t i = 0; i < n; i++) {
        fc_w_int(w, (long)x[i]);
        fc_w_comma(w);
        fc_w_num(w, c.births[i]);
        fc_w_comma(w);
        fc_w_num(w, c.deaths[i]);
        fc_w_comma(w);
        fc_w_num(w, c.mig[i]);
        fc_w_eol(w);
    }
    memset(s, 0, sizeof s);
    {
        static const char *const cn[3] = {"Births", "Deaths", "Net migration"};
        family(j, cn, 3);
    }
    s[0].name = "Births";
    s[0].y = c.births;
    s[1].name = "Deaths";
    s[1].y = c.deaths;
    s[2].name = "Net migration";
    s[2].y = c.mig;
    pl.kind = FC_PLOT_LINES;
    pl.u.lines.text.title =
        sd > sb ? (sm > sd - sb ? jstr(j, "Deaths outnumber births; net migration more than "
                                          "makes up the difference")
                                : jstr(j, "Deaths outnumber births and migration does not "
                                          "make up the difference"))
                : jstr(j, "Births outnumber deaths over the projection");
    pl.u.lines.text.subtitle =
        jstr(j, "%s, all areas: components of change per year, %s projection", j->scn->name,
             fc_intern_name(p->var, c.v));
    pl.u.lines.text.x_title = "Year starting mid-year";
    pl.u.lines.text.y_title = "Persons per year";
    pl.u.lines.text.source = "Source: Fulcrum cohort-component projection (components.csv).";
    pl.u.lines.n_x = n;
    pl.u.lines.x = x;
    pl.u.lines.n_series = 3;
    pl.u.lines.series = s;
    pl.u.lines.x_fmt = FC_FMT_YEAR;
    pl.u.lines.y_fmt = FC_FMT_NUMBER;
    pl.u.lines.y_from_zero = sm >= 0;
    return chart_out(j, "population_components", &pl,
                     jstr(j, "Births, deaths and net migration per year, %d to %d (%s a year "
                             "on average from migration)",
                          (int)x[0], (int)x[n - 1], jfmt(j, FC_FMT_NUMBER, sm / (double)n, 0, 1)));
}

/* Life expectancy at birth in the base year by area and sex (principal), from lifetables. */
typedef struct lex {
    const proj *p;
    size_t v;
    int year;
    double ex[2][256];
} lex;

static fc_status
lex_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    lex *l = ctx;
    long year;
    int sex, lo, hi;
    size_t a;
    double ex;
    fc_status st;
    if (strcmp(r->field[0] ? r->field[0] : "principal", fc_intern_name(l->p->var, l->v)) != 0)
        return FC_OK;
    if ((st = fc_csv_int(r, 2, 1000, 3100, &year, err)) || (st = fc_csv_age(r, 4, &lo, &hi, err)))
        return st;
    if (year != l->year || lo != 0)
        return FC_OK;
    if ((a = fc_intern_find(l->p->area, r->field[1])) == FC_INTERN_NONE || a >= 256)
        return FC_OK;
    if ((st = fc_csv_sex(r, 3, 0, &sex, err)) || (st = fc_csv_double(r, 5, &ex, err)))
        return st;
    l->ex[sex][a] = ex;
    return FC_OK;
}

static fc_status
lex_table(job *j, const proj *p, const char *path)
{
    static const fc_csv_col cols[6] = {{"variant", 0}, {"area", 1}, {"year", 1},
                                       {"sex", 1},     {"age", 1},  {"ex", 1}};
    static const char *const head[3] = {"Area", "Females", "Males"};
    lex l; /* not static: concurrent runs */
    const char **cells;
    size_t n = 0;
    fc_status st;

    memset(&l, 0, sizeof l);
    l.p = p;
    l.v = principal(p);
    l.year = p->years[0];
    /* lifetables.csv as written: its lx and Lx are not columns this reader asks for */
    if ((st = fc_csv_read(path, cols, 6, 1, lex_row, &l, NULL, j->err)) != FC_OK)
        return st;
    if ((cells = calloc(3 * p->na + 1, sizeof *cells)) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t a = 0; a < p->na && a < 256; a++) {
        if (l.ex[0][a] <= 0 && l.ex[1][a] <= 0)
            continue;
        cells[3 * n] = fc_intern_name(p->area, a);
        cells[3 * n + 1] = jstr(j, "%.1f", l.ex[0][a]);
        cells[3 * n + 2] = jstr(j, "%.1f", l.ex[1][a]);
        n++;
    }
    st = n ? add_table(j, jstr(j, "Life expectancy at birth in %d, years", l.year), n, 3, head,
                       cells, "Period life expectancy from the base-year death rates.")
           : FC_OK;
    free(cells);
    return st;
}

/* The headline of the projection for the title page. */
static void
projection_findings(job *j, const proj *p)
{
    size_t v = principal(p), t1 = p->nyear - 1, n = strlen(j->findings);
    double tot0 = total(p, v, (size_t)-1, 0), tot1 = total(p, v, (size_t)-1, t1);
    snprintf(j->findings + n, sizeof j->findings - n,
             "Under the principal projection the population changes from %s in %d to %s in %d "
             "(%s%%). ",
             jfmt(j, FC_FMT_NUMBER, tot0, 0, 0), p->years[0], jfmt(j, FC_FMT_NUMBER, tot1, 0, 0),
             p->years[t1], jfmt(j, FC_FMT_NUMBER, 100 * (tot1 / tot0 - 1), 1, 1));
}

static fc_status
section_projection(job *j, proj *pp)
{
    proj p = *pp;
    const char *tp;
    fc_status st;
    size_t v = principal(&p), t1 = p.nyear - 1;
    double tot0 = total(&p, v, (size_t)-1, 0), tot1 = total(&p, v, (size_t)-1, t1);

    st = fc_appendix_section_begin(
        j->a, "Population projection",
        jstr(j,
             "The cohort-component projection of %s by area, sex and age from %d to %d: "
             "the principal projection and %zu variant%s. Figures are persons at mid-year.",
             j->scn->name, p.years[0], p.years[t1], p.nv - 1, p.nv == 2 ? "" : "s"),
        j->err);

    /* total population by variant */
    if (st == FC_OK) {
        double *x = calloc(p.nyear, sizeof *x), *y = calloc(p.nv * p.nyear, sizeof *y);
        double *lo = calloc(p.nyear, sizeof *lo), *hi = calloc(p.nyear, sizeof *hi);
        fc_series *s = calloc(p.nv, sizeof *s);
        const char **rawn = calloc(p.nv, sizeof *rawn);
        stab sum;
        fan *band = NULL;
        fc_plot pl = {0};
        fc_writer *w = NULL;
        memset(&sum, 0, sizeof sum);
        if (!x || !y || !lo || !hi || !s || !rawn) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        } else {
            size_t k = 0;
            for (size_t t = 0; t < p.nyear; t++)
                x[t] = p.years[t];
            /* principal first, then the variants in their order */
            {
                const char *vn[64];
                size_t nv = 0;
                for (size_t vv = 0; vv < p.nv && nv < 64; vv++)
                    if (vv != v)
                        vn[nv++] = pretty(j, fc_intern_name(p.var, vv));
                family(j, vn, nv);
                fc_palette_set(j->pal, pretty(j, fc_intern_name(p.var, v)),
                               fc_rgb_hex(FC_RGB_BLACK), NULL);
            }
            for (size_t vv = 0; vv < p.nv; vv++) {
                size_t src = vv == 0 ? v : (vv <= v ? vv - 1 : vv);
                for (size_t t = 0; t < p.nyear; t++)
                    y[k * p.nyear + t] = total(&p, src, (size_t)-1, t);
                s[k].name = pretty(j, fc_intern_name(p.var, src));
                rawn[k] = fc_intern_name(p.var, src);
                s[k].y = y + k * p.nyear;
                s[k].dashed = k > 0;
                k++;
            }
            /* with Monte Carlo draws, the principal's band: the draws' p10-p90 of the total */
            if (st == FC_OK && j->ndraw > 0) {
                int have = 0;
                if ((st = stab_read(j, "population_summary.csv", "area", "age_group", "total",
                                    &sum, &have)) == FC_OK &&
                    have && (band = calloc(1, sizeof *band)) != NULL &&
                    fan_get(&sum, "total", "all", band)) {
                    for (size_t t = 0; t < p.nyear; t++) { /* onto the projection's years */
                        size_t u = 0;
                        while (u < sum.nyear && sum.years[u] != p.years[t])
                            u++;
                        lo[t] = u < sum.nyear ? band->lo[u] : (double)NAN;
                        hi[t] = u < sum.nyear ? band->hi[u] : (double)NAN;
                    }
                    s[0].lo = lo;
                    s[0].hi = hi;
                }
            }
            if (st == FC_OK)
                st = chart_csv(j, "population_total", &w);
            if (st == FC_OK) {
                fc_w_str(w, s[0].lo ? "variant,year,population,p10,p90\n"
                                    : "variant,year,population\n");
                for (size_t i = 0; i < p.nv; i++)
                    for (size_t t = 0; t < p.nyear; t++) {
                        fc_w_field(w, rawn[i]);
                        fc_w_comma(w);
                        fc_w_int(w, p.years[t]);
                        fc_w_comma(w);
                        fc_w_num(w, s[i].y[t]);
                        if (s[0].lo && i == 0 && !isnan(lo[t]))
                            fc_w_nums(w, (const double[2]){lo[t], hi[t]}, 2);
                        else if (s[0].lo)
                            fc_w_str(w, ",,");
                        fc_w_eol(w);
                    }
            }
            pl.kind = FC_PLOT_LINES;
            pl.u.lines.text.title =
                jstr(j, "The population %s by %s%% to %s by %d%s", tot1 >= tot0 ? "grows" : "falls",
                     jfmt(j, FC_FMT_NUMBER, 100 * fabs(tot1 - tot0) / tot0, 1, 0),
                     jfmt(j, FC_FMT_NUMBER, tot1, 0, 0), p.years[t1],
                     s[0].lo && !isnan(lo[t1])
                         ? jstr(j, " (%s in 8 draws out of 10)",
                                jrange(j, FC_FMT_NUMBER, lo[t1], hi[t1], 0, 0))
                         : "");
            pl.u.lines.text.subtitle =
                s[0].lo ? jstr(j, "%s, all areas: principal projection (solid) with the middle "
                               "80%% of %ld Monte Carlo draws (band), and variants (dashed)",
                               j->scn->name, j->ndraw)
                        : jstr(j, "%s, all areas: principal projection (solid) and variants "
                               "(dashed)", j->scn->name);
            if (s[0].lo)
                pl.u.lines.band_label = jstr(j, "P10-P90 of %ld draws", j->ndraw);
            pl.u.lines.text.x_title = "Year (mid-year)";
            pl.u.lines.text.y_title = "Persons";
            pl.u.lines.text.source = "Source: Fulcrum cohort-component projection "
                                     "(projection.csv).";
            pl.u.lines.n_x = p.nyear;
            pl.u.lines.x = x;
            pl.u.lines.n_series = p.nv;
            pl.u.lines.series = s;
            pl.u.lines.x_fmt = FC_FMT_YEAR;
            pl.u.lines.y_fmt = FC_FMT_NUMBER;
            if (st == FC_OK)
                st = chart_out(j, "population_total", &pl,
                               "Total population by projection variant");
        }
        free(x);
        free(y);
        free(lo);
        free(hi);
        free(s);
        free(rawn);
        free(band);
        stab_fini(&sum);
    }
    if (st == FC_OK)
        st = pyramid_chart(j, &p, (size_t)-1, "population_pyramid");

    /* growth by broad age group, indexed to the base year */
    if (st == FC_OK) {
        double x[512], idx[NBROAD][512], lvl[NBROAD][512];
        fc_series s[NBROAD];
        size_t ns = 0, gi[NBROAD], fastest = 0;
        fc_plot pl = {0};
        fc_writer *w;
        memset(s, 0, sizeof s);
        family(j, broad_name, NBROAD);
        for (size_t t = 0; t < p.nyear; t++)
            x[t] = p.years[t];
        for (size_t g = 0; g < NBROAD; g++) {
            double b0 = 0;
            for (size_t t = 0; t < p.nyear; t++) {
                double s_ = 0;
                for (size_t a = 0; a < p.na; a++)
                    s_ += B(&p, v, a, t)[g];
                lvl[g][t] = s_;
            }
            b0 = lvl[g][0];
            if (b0 <= 0)
                continue;
            for (size_t t = 0; t < p.nyear; t++)
                idx[g][t] = 100 * lvl[g][t] / b0;
            gi[ns] = g;
            s[ns].name = broad_name[g];
            s[ns].y = idx[g];
            if (idx[g][t1] > idx[gi[fastest]][t1])
                fastest = ns;
            ns++;
        }
        if ((st = chart_csv(j, "population_age_groups", &w)) == FC_OK) {
            fc_w_str(w, "age_group,year,population,index\n");
            for (size_t i = 0; i < ns; i++)
                for (size_t t = 0; t < p.nyear; t++) {
                    fc_w_str(w, broad_name[gi[i]]);
                    fc_w_comma(w);
                    fc_w_int(w, p.years[t]);
                    fc_w_comma(w);
                    fc_w_num(w, lvl[gi[i]][t]);
                    fc_w_comma(w);
                    fc_w_num(w, idx[gi[i]][t]);
                    fc_w_eol(w);
                }
        }
        pl.kind = FC_PLOT_LINES;
        pl.u.lines.text.title =
            jstr(j, "People aged %s increase fastest: %s%% by %d", broad_name[gi[fastest]],
                 jfmt(j, FC_FMT_NUMBER, idx[gi[fastest]][t1] - 100, 0, 1), p.years[t1]);
        pl.u.lines.text.subtitle =
            jstr(j, "%s, all areas: persons by age group, index %d = 100, %s projection",
                 j->scn->name, p.years[0], fc_intern_name(p.var, v));
        pl.u.lines.text.x_title = "Year (mid-year)";
        pl.u.lines.text.y_title = jstr(j, "Index, %d = 100", p.years[0]);
        pl.u.lines.text.source = "Source: Fulcrum cohort-component projection "
                                 "(projection.csv).";
        pl.u.lines.n_x = p.nyear;
        pl.u.lines.x = x;
        pl.u.lines.n_series = ns;
        pl.u.lines.series = s;
        pl.u.lines.x_fmt = FC_FMT_YEAR;
        pl.u.lines.y_fmt = FC_FMT_NUMBER;
        if (st == FC_OK && ns > 0)
            st = chart_out(j, "population_age_groups", &pl,
                           "Growth of the population by broad age group");
        /* table: age groups at the base year and horizon */
        if (st == FC_OK && ns > 0) {
            static const char *const head[5] = {"Age group", "Base", "Horizon", "Change",
                                                "Change, %"};
            const char *cells[NBROAD * 5];
            for (size_t i = 0; i < ns; i++) {
                size_t g = gi[i];
                cells[5 * i] = broad_name[g];
                cells[5 * i + 1] = jfmt(j, FC_FMT_NUMBER, lvl[g][0], 0, 0);
                cells[5 * i + 2] = jfmt(j, FC_FMT_NUMBER, lvl[g][t1], 0, 0);
                cells[5 * i + 3] = jfmt(j, FC_FMT_NUMBER, lvl[g][t1] - lvl[g][0], 0, 1);
                cells[5 * i + 4] = jfmt(j, FC_FMT_NUMBER, idx[g][t1] - 100, 1, 1);
            }
            st = add_table(j,
                           jstr(j, "Population by age group, %d (base) and %d (horizon), %s",
                                p.years[0], p.years[t1], fc_intern_name(p.var, v)),
                           ns, 5, head, cells, NULL);
        }
    }

    /* population by area */
    if (st == FC_OK && p.na > 1) {
        double *x = calloc(p.nyear, sizeof *x), *y = calloc(p.na * p.nyear, sizeof *y);
        fc_series *s = calloc(p.na, sizeof *s);
        const char **cells = calloc(5 * (p.na + 1), sizeof *cells);
        static const char *const head[5] = {"Area", "Base", "Horizon", "Change", "Change, %"};
        fc_plot pl = {0};
        fc_writer *w;
        size_t best = 0;
        if (!x || !y || !s || !cells) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        } else {
            for (size_t t = 0; t < p.nyear; t++)
                x[t] = p.years[t];
            for (size_t a = 0; a < p.na; a++)
                cells[a] = fc_intern_name(p.area, a);
            family(j, cells, p.na);
            for (size_t a = 0; a < p.na; a++) {
                for (size_t t = 0; t < p.nyear; t++)
                    y[a * p.nyear + t] = total(&p, v, a, t);
                s[a].name = fc_intern_name(p.area, a);
                s[a].y = y + a * p.nyear;
                if (y[a * p.nyear + t1] / y[a * p.nyear] > y[best * p.nyear + t1] / y[best * p.nyear])
                    best = a;
                cells[5 * a] = s[a].name;
                cells[5 * a + 1] = jfmt(j, FC_FMT_NUMBER, y[a * p.nyear], 0, 0);
                cells[5 * a + 2] = jfmt(j, FC_FMT_NUMBER, y[a * p.nyear + t1], 0, 0);
                cells[5 * a + 3] =
                    jfmt(j, FC_FMT_NUMBER, y[a * p.nyear + t1] - y[a * p.nyear], 0, 1);
                cells[5 * a + 4] = jfmt(
                    j, FC_FMT_NUMBER, 100 * (y[a * p.nyear + t1] / y[a * p.nyear] - 1), 1, 1);
            }
            cells[5 * p.na] = "All areas";
            cells[5 * p.na + 1] = jfmt(j, FC_FMT_NUMBER, tot0, 0, 0);
            cells[5 * p.na + 2] = jfmt(j, FC_FMT_NUMBER, tot1, 0, 0);
            cells[5 * p.na + 3] = jfmt(j, FC_FMT_NUMBER, tot1 - tot0, 0, 1);
            cells[5 * p.na + 4] = jfmt(j, FC_FMT_NUMBER, 100 * (tot1 / tot0 - 1), 1, 1);
            if (p.na <= 12) {
                if ((st = chart_csv(j, "population_areas", &w)) == FC_OK) {
                    fc_w_str(w, "area,year,population\n");
                    for (size_t a = 0; a < p.na; a++)
                        for (size_t t = 0; t < p.nyear; t++) {
                            fc_w_field(w, s[a].name);
                            fc_w_comma(w);
                            fc_w_int(w, p.years[t]);
                            fc_w_comma(w);
                            fc_w_num(w, s[a].y[t]);
                            fc_w_eol(w);
                        }
                }
                pl.kind = FC_PLOT_LINES;
                pl.u.lines.text.title = jstr(
                    j, "%s changes most: %s%% by %d", s[best].name,
                    jfmt(j, FC_FMT_NUMBER,
                         100 * (y[best * p.nyear + t1] / y[best * p.nyear] - 1), 1, 1),
                    p.years[t1]);
                pl.u.lines.text.subtitle = jstr(j, "%s: persons by area, %s projection",
                                                j->scn->name, fc_intern_name(p.var, v));
                pl.u.lines.text.x_title = "Year (mid-year)";
                pl.u.lines.text.y_title = "Persons";
                pl.u.lines.text.source = "Source: Fulcrum cohort-component projection "
                                         "(projection.csv).";
                pl.u.lines.n_x = p.nyear;
                pl.u.lines.x = x;
                pl.u.lines.n_series = p.na;
                pl.u.lines.series = s;
                pl.u.lines.x_fmt = FC_FMT_YEAR;
                pl.u.lines.y_fmt = FC_FMT_NUMBER;
                if (st == FC_OK)
                    st = chart_out(j, "population_areas", &pl, "Population by area");
            }
            if (st == FC_OK)
                st = add_table(j,
                               jstr(j, "Population by area, %d (base) and %d (horizon), %s",
                                    p.years[0], p.years[t1], fc_intern_name(p.var, v)),
                               p.na + 1, 5, head, cells, NULL);
        }
        free(x);
        free(y);
        free(s);
        free(cells);
    }
    if (st == FC_OK && (tp = table(j, "components.csv")) != NULL)
        st = components_chart(j, &p, tp);
    if (st == FC_OK && (tp = table(j, "lifetables.csv")) != NULL)
        st = lex_table(j, &p, tp);
    if (st == FC_OK && p.na > 1 && (long)p.na <= j->spec->area_pyramids)
        for (size_t a = 0; a < p.na && st == FC_OK; a++) {
            char id[96];
            snprintf(id, sizeof id, "population_pyramid_%zu", a + 1);
            st = pyramid_chart(j, &p, a, jstr(j, "%s", id));
        }
    if (st == FC_OK)
        st = assumptions(j, "projection");
    return st;
}

/* ==================================================================== need and activity */

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
} cube;

static void
cube_fini(cube *c)
{
    fc_intern_free(c->cat);
    fc_intern_free(c->area);
    fc_intern_free(c->sub);
    free(c->row);
    memset(c, 0, sizeof *c);
}

static fc_status
cube_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    cube *c = ctx;
    crow x = {0};
    size_t idx;
    long year;
    fc_status st;
    /* the principal projection only (the tables write a variant column) */
    if (r->field[0] && strcmp(r->field[0], "principal") != 0)
        return FC_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4096;
        crow *q = realloc(c->row, cap * sizeof *q);
        if (q == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory reading '%s'", r->path);
        c->row = q;
        c->cap = cap;
    }
    if ((st = fc_intern_add(c->area, r->field[1] ? r->field[1] : "all", &idx, err)))
        return st;
    x.area = (unsigned)idx;
    if ((st = fc_csv_int(r, 2, 1000, 3100, &year, err)))
        return st;
    x.year = (int)year;
    if ((st = fc_intern_add(c->cat, r->field[3], &idx, err)))
        return st;
    x.cat = (unsigned)idx;
    for (size_t k = 0; k < c->nval; k++)
        if ((st = fc_csv_double(r, 4 + k, &x.v[k], err)))
            return st;
    if ((st = year_add(c->years, &c->nyear, x.year, r, err)) != FC_OK)
        return st;
    c->row[c->n++] = x;
    return FC_OK;
}

/* Reads table path with keys variant, area, year, catcol and the value columns vals. */
static fc_status
cube_read(job *j, const char *path, const char *catcol, const char *const *vals, size_t nval,
          cube *c)
{
    /* area is optional: the money tables are by programme for the whole partnership */
    fc_csv_col cols[4 + CUBE_MAXV] = {{"variant", 0}, {"area", 0}, {"year", 1}, {catcol, 1}};
    memset(c, 0, sizeof *c);
    c->nval = nval;
    for (size_t k = 0; k < nval; k++)
        cols[4 + k] = (fc_csv_col){vals[k], 1};
    c->cat = fc_intern_alloc();
    c->area = fc_intern_alloc();
    if (!c->cat || !c->area)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    return fc_csv_read(path, cols, 4 + nval, 1, cube_row, c, NULL, j->err);
}

static size_t
cube_year(const cube *c, int year)
{
    for (size_t t = 0; t < c->nyear; t++)
        if (c->years[t] == year)
            return t;
    return (size_t)-1;
}

/* sum[cat][year] of value k over areas (area == SIZE_MAX) or one area; caller frees. */
static double *
cube_sum(const cube *c, size_t k, size_t area)
{
    size_t nc = fc_intern_count(c->cat);
    double *s = calloc(nc * c->nyear + 1, sizeof *s);
    if (s == NULL)
        return NULL;
    for (size_t i = 0; i < c->n; i++) {
        const crow *r = &c->row[i];
        if (area == (size_t)-1 || area == r->area)
            s[r->cat * c->nyear + cube_year(c, r->year)] += r->v[k];
    }
    return s;
}

static fc_status
section_activity(job *j)
{
    static const char *const av[1] = {"activity"}, *const nv[1] = {"need"};
    static const char *const dv[7] = {"baseline",      "demographic", "non_demographic",
                                      "health_status", "shifts",      "interaction",
                                      "projected"};
    static const char *const cv[3] = {"required", "current", "gap"};
    const char *tp_act = table(j, "activity.csv"), *tp;
    cube act = {0}, need = {0}, drv = {0}, capc = {0};
    double *sa = NULL, *sn = NULL;
    fc_status st = FC_OK;
    size_t t1;
    fc_plot pl;
    fc_writer *w;

    if (tp_act == NULL && table(j, "need.csv") == NULL)
        return FC_OK;
    if (tp_act && (st = cube_read(j, tp_act, "service", av, 1, &act)) != FC_OK)
        goto done;
    if ((tp = table(j, "need.csv")) != NULL &&
        (st = cube_read(j, tp, "measure", nv, 1, &need)) != FC_OK)
        goto done;
    st = fc_appendix_section_begin(
        j->a, "Need and activity",
        "People in need by condition, and the health and care activity the population implies "
        "once demographic change, other growth, health status and planned shifts between "
        "services are applied. Each service keeps its own unit (attendances, admissions, bed "
        "days, hours, places), so services are compared by their change, not added up.",
        j->err);

    /* need by condition, indexed to the base year */
    if (st == FC_OK && need.nyear >= 2 && (sn = cube_sum(&need, 0, (size_t)-1)) != NULL) {
        size_t nc = fc_intern_count(need.cat), fastest = 0, k = 0;
        double *idx = calloc(nc * need.nyear + 1, sizeof *idx), x[512];
        fc_series *s = calloc(nc + 1, sizeof *s);
        const char **names = calloc(nc + 1, sizeof *names);
        static const char *const head[4] = {"Condition", "Base", "Horizon", "Change, %"};
        const char **cells = calloc(4 * nc + 1, sizeof *cells);
        t1 = need.nyear - 1;
        if (!idx || !s || !names || !cells) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        } else {
            for (size_t t = 0; t < need.nyear; t++)
                x[t] = need.years[t];
            for (size_t c = 0; c < nc; c++)
                names[c] = pretty(j, fc_intern_name(need.cat, c));
            family(j, names, nc);
            for (size_t c = 0; c < nc; c++) {
                double b0 = sn[c * need.nyear];
                if (!(b0 > 0))
                    continue;
                for (size_t t = 0; t < need.nyear; t++)
                    idx[k * need.nyear + t] = 100 * sn[c * need.nyear + t] / b0;
                s[k].name = names[c];
                s[k].y = idx + k * need.nyear;
                cells[4 * k] = names[c];
                cells[4 * k + 1] = jfmt(j, FC_FMT_NUMBER, b0, 0, 0);
                cells[4 * k + 2] = jfmt(j, FC_FMT_NUMBER, sn[c * need.nyear + t1], 0, 0);
                cells[4 * k + 3] = jfmt(j, FC_FMT_NUMBER, s[k].y[t1] - 100, 1, 1);
                if (s[k].y[t1] > s[fastest].y[t1])
                    fastest = k;
                k++;
            }
            if (k > 0 && (st = chart_csv(j, "need_conditions", &w)) == FC_OK) {
                fc_w_str(w, "measure,year,need,index\n");
                for (size_t c = 0, q = 0; c < nc; c++) {
                    if (!(sn[c * need.nyear] > 0))
                        continue;
                    for (size_t t = 0; t < need.nyear; t++) {
                        fc_w_field(w, fc_intern_name(need.cat, c));
                        fc_w_comma(w);
                        fc_w_int(w, need.years[t]);
                        fc_w_comma(w);
                        fc_w_num(w, sn[c * need.nyear + t]);
                        fc_w_comma(w);
                        fc_w_num(w, s[q].y[t]);
                        fc_w_eol(w);
                    }
                    q++;
                }
                memset(&pl, 0, sizeof pl);
                pl.kind = FC_PLOT_LINES;
                pl.u.lines.text.title =
                    jstr(j, "Need grows fastest for %s: %s%% by %d", lowered(j, s[fastest].name),
                         jfmt(j, FC_FMT_NUMBER, s[fastest].y[t1] - 100, 0, 1), need.years[t1]);
                pl.u.lines.text.subtitle = jstr(
                    j, "%s, all areas: people with each condition, index %d = 100, principal",
                    j->scn->name, need.years[0]);
                pl.u.lines.text.x_title = "Year";
                pl.u.lines.text.y_title = jstr(j, "Index, %d = 100", need.years[0]);
                pl.u.lines.text.source = "Source: Fulcrum need model (need.csv).";
                pl.u.lines.n_x = need.nyear;
                pl.u.lines.x = x;
                pl.u.lines.n_series = k;
                pl.u.lines.series = s;
                pl.u.lines.x_fmt = FC_FMT_YEAR;
                pl.u.lines.y_fmt = FC_FMT_NUMBER;
                st = chart_out(j, "need_conditions", &pl, "People in need by condition");
            }
            if (st == FC_OK && k > 0)
                st = add_table(j,
                               jstr(j, "People in need by condition, %d and %d, principal",
                                    need.years[0], need.years[t1]),
                               k, 4, head, cells, "People, all areas.");
        }
        free(idx);
        free(s);
        free(names);
        free(cells);
    }

    /* activity: change by service (a diverging bar per service, in per cent) */
    if (st == FC_OK && act.nyear >= 2 && (sa = cube_sum(&act, 0, (size_t)-1)) != NULL) {
        size_t nc = fc_intern_count(act.cat), k = 0, top = 0;
        const char **names = calloc(nc + 1, sizeof *names);
        const char **shown = calloc(nc + 1, sizeof *shown);
        double *pct = calloc(nc + 1, sizeof *pct);
        static const char *const head[4] = {"Service", "Base", "Horizon", "Change, %"};
        const char **cells = calloc(4 * nc + 1, sizeof *cells);
        t1 = act.nyear - 1;
        if (!names || !shown || !pct || !cells) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        } else {
            /* services sorted by their change, largest first */
            for (size_t c = 0; c < nc; c++) {
                double b0 = sa[c * act.nyear], p;
                size_t q;
                if (!(b0 > 0))
                    continue;
                p = sa[c * act.nyear + t1] / b0 - 1;
                for (q = k++; q > 0 && pct[q - 1] < p; q--) {
                    pct[q] = pct[q - 1];
                    names[q] = names[q - 1];
                }
                pct[q] = p;
                names[q] = fc_intern_name(act.cat, c);
            }
            for (size_t q = 0; q < k; q++)
                shown[q] = pretty(j, names[q]);
            for (size_t q = 0; q < k; q++) {
                size_t c = fc_intern_find(act.cat, names[q]);
                cells[4 * q] = shown[q];
                cells[4 * q + 1] = jfmt(j, FC_FMT_NUMBER, sa[c * act.nyear], 0, 0);
                cells[4 * q + 2] = jfmt(j, FC_FMT_NUMBER, sa[c * act.nyear + t1], 0, 0);
                cells[4 * q + 3] = jfmt(j, FC_FMT_NUMBER, 100 * pct[q], 1, 1);
            }
            if (k > 0 && (st = chart_csv(j, "activity_change", &w)) == FC_OK) {
                fc_w_str(w, "service,base_year,horizon,activity_base,activity_horizon,change\n");
                for (size_t q = 0; q < k; q++) {
                    size_t c = fc_intern_find(act.cat, names[q]);
                    fc_w_field(w, names[q]);
                    fc_w_comma(w);
                    fc_w_int(w, act.years[0]);
                    fc_w_comma(w);
                    fc_w_int(w, act.years[t1]);
                    fc_w_comma(w);
                    fc_w_num(w, sa[c * act.nyear]);
                    fc_w_comma(w);
                    fc_w_num(w, sa[c * act.nyear + t1]);
                    fc_w_comma(w);
                    fc_w_num(w, pct[q]);
                    fc_w_eol(w);
                }
                memset(&pl, 0, sizeof pl);
                pl.kind = FC_PLOT_LADDER;
                pl.u.ladder.text.title =
                    jstr(j, "%s grows most: %s%% by %d", shown[0],
                         jfmt(j, FC_FMT_NUMBER, 100 * pct[0], 0, 1), act.years[t1]);
                pl.u.ladder.text.subtitle =
                    jstr(j, "%s, all areas: change in activity by service, %d to %d, principal",
                         j->scn->name, act.years[0], act.years[t1]);
                pl.u.ladder.text.x_title = jstr(j, "Change from %d", act.years[0]);
                pl.u.ladder.text.source = "Source: Fulcrum activity model (activity.csv), "
                                          "after every driver and shift.";
                pl.u.ladder.n = k;
                pl.u.ladder.labels = shown;
                pl.u.ladder.amount = pct;
                pl.u.ladder.fmt = FC_FMT_PERCENT;
                pl.u.ladder.pos_label = "Increase";
                pl.u.ladder.neg_label = "Decrease";
                pl.u.ladder.no_net = 1;
                st = chart_out(j, "activity_change", &pl, "Change in activity by service");
            }
            top = 0;
            /* the fastest-growing service by area, stacked bars every few years */
            if (st == FC_OK && k > 0 && act.nyear >= 2) {
                size_t c = fc_intern_find(act.cat, names[top]), na = fc_intern_count(act.area);
                size_t every = act.nyear > 12 ? 5 : 1, nb = 0;
                double xb[512], *vals = calloc(na * act.nyear + 1, sizeof *vals);
                const char **an = calloc(na + 1, sizeof *an);
                if (!vals || !an) {
                    st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
                } else {
                    for (size_t t = 0; t < act.nyear; t++)
                        if (t % every == 0 || t == t1)
                            xb[nb++] = act.years[t];
                    for (size_t a = 0; a < na; a++)
                        an[a] = fc_intern_name(act.area, a);
                    family(j, an, na);
                    for (size_t i = 0; i < act.n; i++) {
                        const crow *r = &act.row[i];
                        for (size_t b = 0; b < nb; b++)
                            if (r->cat == c && r->year == (int)xb[b])
                                vals[r->area * nb + b] += r->v[0];
                    }
                    if ((st = chart_csv(j, "activity_by_area", &w)) == FC_OK) {
                        fc_w_str(w, "service,area,year,activity\n");
                        for (size_t a = 0; a < na; a++)
                            for (size_t b = 0; b < nb; b++) {
                                fc_w_field(w, names[top]);
                                fc_w_comma(w);
                                fc_w_field(w, an[a]);
                                fc_w_comma(w);
                                fc_w_int(w, (long)xb[b]);
                                fc_w_comma(w);
                                fc_w_num(w, vals[a * nb + b]);
                                fc_w_eol(w);
                            }
                        memset(&pl, 0, sizeof pl);
                        pl.kind = FC_PLOT_STACK;
                        pl.u.stack.text.title =
                            jstr(j, "%s by area: %s a year by %d", shown[top],
                                 jfmt(j, FC_FMT_NUMBER, sa[c * act.nyear + t1], 0, 0),
                                 act.years[t1]);
                        pl.u.stack.text.subtitle =
                            jstr(j, "%s: the fastest-growing service by area, principal",
                                 j->scn->name);
                        pl.u.stack.text.x_title = "Year";
                        pl.u.stack.text.y_title = jstr(j, "%s a year", shown[top]);
                        pl.u.stack.text.source = "Source: Fulcrum activity model (activity.csv).";
                        pl.u.stack.n_x = nb;
                        pl.u.stack.x = xb;
                        pl.u.stack.n_cat = na;
                        pl.u.stack.cat_names = an;
                        pl.u.stack.values = vals;
                        pl.u.stack.bars = 1;
                        pl.u.stack.totals = 1;
                        pl.u.stack.x_fmt = FC_FMT_YEAR;
                        pl.u.stack.y_fmt = FC_FMT_NUMBER;
                        st = chart_out(j, "activity_by_area", &pl,
                                       jstr(j, "%s by area", shown[top]));
                    }
                }
                free(vals);
                free(an);
            }
            if (st == FC_OK && k > 0)
                st = add_table(j,
                               jstr(j, "Activity by service, %d and %d, principal",
                                    act.years[0], act.years[t1]),
                               k, 4, head, cells,
                               "All areas, each service in its own unit a year.");
            /* drivers of change: a bridge for the two services that change most */
            if (st == FC_OK && (tp = table(j, "drivers.csv")) != NULL &&
                (st = cube_read(j, tp, "service", dv, 7, &drv)) == FC_OK && drv.nyear >= 1) {
                size_t td = drv.nyear - 1;
                for (size_t q = 0; q < k && q < 2 && st == FC_OK; q++) {
                    size_t c = fc_intern_find(drv.cat, names[q]);
                    double d[7] = {0};
                    static const char *const steps[5] = {"Demographic change", "Other growth",
                                                         "Health status", "Shifts between services",
                                                         "Interaction"};
                    char id[32];
                    if (c == FC_INTERN_NONE)
                        continue;
                    for (size_t i = 0; i < drv.n; i++)
                        if (drv.row[i].cat == c && drv.row[i].year == drv.years[td])
                            for (size_t m = 0; m < 7; m++)
                                d[m] += drv.row[i].v[m];
                    snprintf(id, sizeof id, "activity_drivers_%zu", q + 1);
                    if ((st = chart_csv(j, id, &w)) != FC_OK)
                        break;
                    fc_w_str(w, "service,year,step,value\n");
                    for (size_t m = 0; m < 7; m++) {
                        fc_w_field(w, names[q]);
                        fc_w_comma(w);
                        fc_w_int(w, drv.years[td]);
                        fc_w_comma(w);
                        fc_w_str(w, dv[m]);
                        fc_w_comma(w);
                        fc_w_num(w, d[m]);
                        fc_w_eol(w);
                    }
                    memset(&pl, 0, sizeof pl);
                    pl.kind = FC_PLOT_WATERFALL;
                    pl.u.waterfall.text.title =
                        jstr(j, "%s: what drives the change to %d", shown[q], drv.years[td]);
                    pl.u.waterfall.text.subtitle =
                        jstr(j, "%s, all areas, principal projection", j->scn->name);
                    pl.u.waterfall.text.x_title = jstr(j, "%s a year", shown[q]);
                    pl.u.waterfall.text.source =
                        "Source: Fulcrum activity model (drivers.csv). The interaction is "
                        "the part no single driver explains.";
                    pl.u.waterfall.start_label = jstr(j, "Baseline %d", drv.years[0]);
                    pl.u.waterfall.start = d[0];
                    pl.u.waterfall.n_step = 5;
                    pl.u.waterfall.step_labels = steps;
                    pl.u.waterfall.steps = d + 1;
                    pl.u.waterfall.end_label = jstr(j, "Projection %d", drv.years[td]);
                    pl.u.waterfall.end = d[6];
                    pl.u.waterfall.fmt = FC_FMT_NUMBER;
                    st = chart_out(j, jstr(j, "%s", id), &pl,
                                   jstr(j, "Drivers of the change in %s", shown[q]));
                }
            }
        }
        free(names);
        free(shown);
        free(pct);
        free(cells);
    }

    /* capacity at the horizon */
    if (st == FC_OK && (tp = table(j, "capacity.csv")) != NULL) {
        /* keys: resource is the category; service rides along in the area slot's place */
        static const char *const head[4] = {"Resource", "Current", "Required", "Gap"};
        if ((st = cube_read(j, tp, "resource", cv, 3, &capc)) == FC_OK && capc.nyear >= 1) {
            size_t nc = fc_intern_count(capc.cat), tc = capc.nyear - 1;
            const char **cells = calloc(4 * nc + 1, sizeof *cells);
            double *sum = calloc(3 * nc + 1, sizeof *sum);
            if (!cells || !sum) {
                st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
            } else {
                for (size_t i = 0; i < capc.n; i++)
                    if (capc.row[i].year == capc.years[tc])
                        for (size_t m = 0; m < 3; m++)
                            sum[capc.row[i].cat * 3 + m] += capc.row[i].v[m];
                for (size_t c = 0; c < nc; c++) {
                    cells[4 * c] = pretty(j, fc_intern_name(capc.cat, c));
                    cells[4 * c + 1] = jfmt(j, FC_FMT_NUMBER, sum[3 * c + 1], 0, 0);
                    cells[4 * c + 2] = jfmt(j, FC_FMT_NUMBER, sum[3 * c], 0, 0);
                    cells[4 * c + 3] = jfmt(j, FC_FMT_NUMBER, sum[3 * c + 2], 0, 1);
                }
                st = add_table(j, jstr(j, "Capacity needed in %d, principal", capc.years[tc]),
                               nc, 4, head, cells,
                               "All areas. Gap = required - current; positive is a shortfall.");
            }
            free(cells);
            free(sum);
        }
    }
    if (st == FC_OK)
        st = assumptions(j, "need");
    if (st == FC_OK)
        st = assumptions(j, "activity");
done:
    free(sa);
    free(sn);
    cube_fini(&act);
    cube_fini(&need);
    cube_fini(&drv);
    cube_fini(&capc);
    return st;
}

/* ============================================================================== money */

/* Rows of programme "total" (or the sum over programmes when a table has none) by year. */
static double *
cube_total(const cube *c, size_t k)
{
    size_t tot = fc_intern_find(c->cat, "total");
    double *s = calloc(c->nyear + 1, sizeof *s);
    if (s == NULL)
        return NULL;
    for (size_t i = 0; i < c->n; i++)
        if (tot == FC_INTERN_NONE || c->row[i].cat == tot)
            s[cube_year(c, c->row[i].year)] += c->row[i].v[k];
    return s;
}

static fc_status
section_money(job *j)
{
    static const char *const gv[4] = {"envelope", "cost", "gap", "cumulative_gap"};
    static const char *const bv[7] = {"baseline",   "demography", "non_demographic", "inflation",
                                      "efficiency", "shifts",     "projected"};
    static const char *const cv[1] = {"cost"};
    const char *tg = table(j, "gap.csv"), *tb = table(j, "bridge.csv"), *tc = table(j, "budget.csv");
    cube gap = {0}, br = {0}, bud = {0};
    double *env = NULL, *cost = NULL, *g = NULL, *cg = NULL;
    fc_status st = FC_OK;
    fc_plot pl;
    fc_writer *w;

    if (tg == NULL && tb == NULL)
        return FC_OK;
    st = fc_appendix_section_begin(
        j->a, "Money",
        "The cost of meeting the projected activity against the money available, year by year, "
        "and what drives the cost from the baseline. Cash terms unless a chart says otherwise.",
        j->err);
    if (st == FC_OK && tg && (st = cube_read(j, tg, "programme", gv, 4, &gap)) == FC_OK &&
        gap.nyear >= 2) {
        size_t t1 = gap.nyear - 1;
        double x[512];
        env = cube_total(&gap, 0);
        cost = cube_total(&gap, 1);
        g = cube_total(&gap, 2);
        cg = cube_total(&gap, 3);
        if (!env || !cost || !g || !cg) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t t = 0; t < gap.nyear; t++)
            x[t] = gap.years[t];
        if ((st = chart_csv(j, "money_gap", &w)) != FC_OK)
            goto done;
        fc_w_str(w, "year,envelope,cost,gap\n");
        for (size_t t = 0; t < gap.nyear; t++) {
            fc_w_int(w, gap.years[t]);
            fc_w_comma(w);
            fc_w_num(w, env[t]);
            fc_w_comma(w);
            fc_w_num(w, cost[t]);
            fc_w_comma(w);
            fc_w_num(w, g[t]);
            fc_w_eol(w);
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_GAP;
        pl.u.gap.text.title =
            g[t1] > 0 ? jstr(j, "The funding gap reaches %s a year by %d",
                             jgbp(j, g[t1], g[t1], 0), gap.years[t1])
                      : jstr(j, "The money available covers the cost: %s to spare in %d",
                             jgbp(j, -g[t1], -g[t1], 0), gap.years[t1]);
        pl.u.gap.text.subtitle =
            jstr(j, "%s, all programmes: cost against the envelope, cash, principal",
                 j->scn->name);
        pl.u.gap.text.x_title = "Year";
        pl.u.gap.text.y_title = "\xc2\xa3 a year, cash";
        pl.u.gap.text.source = "Source: Fulcrum money model (gap.csv).";
        pl.u.gap.n_year = gap.nyear;
        pl.u.gap.year = x;
        pl.u.gap.requirement = cost;
        pl.u.gap.envelope = env;
        pl.u.gap.req_label = "Cost";
        pl.u.gap.env_label = "Envelope";
        pl.u.gap.x_fmt = FC_FMT_YEAR;
        pl.u.gap.y_fmt = FC_FMT_GBP;
        if ((st = chart_out(j, "money_gap", &pl, "Cost against the envelope, and the gap")) !=
            FC_OK)
            goto done;
        {
            static const char *const head[5] = {"Year", "Envelope", "Cost", "Gap",
                                                "Cumulative gap"};
            const char **cells = calloc(5 * gap.nyear + 1, sizeof *cells);
            double ref = fmax(fabs(env[t1]), fabs(cost[t1]));
            if (cells == NULL) {
                st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
                goto done;
            }
            for (size_t t = 0; t < gap.nyear; t++) {
                cells[5 * t] = jstr(j, "%d", gap.years[t]);
                cells[5 * t + 1] = jgbp(j, env[t], ref, 0);
                cells[5 * t + 2] = jgbp(j, cost[t], ref, 0);
                cells[5 * t + 3] = jgbp(j, g[t], ref, 1);
                cells[5 * t + 4] = jgbp(j, cg[t], ref, 1);
            }
            st = add_table(j, "The funding gap by year, all programmes, cash", gap.nyear, 5, head,
                           cells, "Gap = cost - envelope; positive is a shortfall.");
            free(cells);
            if (st != FC_OK)
                goto done;
        }
    }
    /* cost by programme, stacked */
    if (tc && (st = cube_read(j, tc, "programme", cv, 1, &bud)) == FC_OK && bud.nyear >= 2) {
        size_t np = fc_intern_count(bud.cat), every = bud.nyear > 12 ? 5 : 1, nb = 0,
               t1 = bud.nyear - 1;
        double xb[512], *vals = calloc(np * bud.nyear + 1, sizeof *vals), tot = 0;
        const char **names = calloc(np + 1, sizeof *names);
        if (!vals || !names) {
            free(vals);
            free(names);
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t t = 0; t < bud.nyear; t++)
            if (t % every == 0 || t == t1)
                xb[nb++] = bud.years[t];
        for (size_t q = 0; q < np; q++)
            names[q] = pretty(j, fc_intern_name(bud.cat, q));
        family(j, names, np);
        for (size_t i = 0; i < bud.n; i++)
            for (size_t b = 0; b < nb; b++)
                if (bud.row[i].year == (int)xb[b])
                    vals[bud.row[i].cat * nb + b] += bud.row[i].v[0];
        for (size_t q = 0; q < np; q++)
            tot += vals[q * nb + nb - 1];
        if ((st = chart_csv(j, "money_by_programme", &w)) == FC_OK) {
            fc_w_str(w, "programme,year,cost\n");
            for (size_t q = 0; q < np; q++)
                for (size_t b = 0; b < nb; b++) {
                    fc_w_field(w, fc_intern_name(bud.cat, q));
                    fc_w_comma(w);
                    fc_w_int(w, (long)xb[b]);
                    fc_w_comma(w);
                    fc_w_num(w, vals[q * nb + b]);
                    fc_w_eol(w);
                }
            memset(&pl, 0, sizeof pl);
            pl.kind = FC_PLOT_STACK;
            pl.u.stack.text.title =
                jstr(j, "Cost by programme: %s a year by %d", jgbp(j, tot, tot, 0),
                     (int)xb[nb - 1]);
            pl.u.stack.text.subtitle =
                jstr(j, "%s: cost of meeting need by programme, cash, principal", j->scn->name);
            pl.u.stack.text.x_title = "Year";
            pl.u.stack.text.y_title = "\xc2\xa3 a year, cash";
            pl.u.stack.text.source = "Source: Fulcrum money model (budget.csv).";
            pl.u.stack.n_x = nb;
            pl.u.stack.x = xb;
            pl.u.stack.n_cat = np;
            pl.u.stack.cat_names = names;
            pl.u.stack.values = vals;
            pl.u.stack.bars = 1;
            pl.u.stack.totals = 1;
            pl.u.stack.x_fmt = FC_FMT_YEAR;
            pl.u.stack.y_fmt = FC_FMT_GBP;
            st = chart_out(j, "money_by_programme", &pl, "Cost by programme");
        }
        free(vals);
        free(names);
        if (st != FC_OK)
            goto done;
    }
    /* the bridge from the baseline to the last year */
    if (tb && (st = cube_read(j, tb, "programme", bv, 7, &br)) == FC_OK && br.nyear >= 1) {
        static const char *const steps[5] = {"Demography", "Other growth", "Inflation",
                                             "Efficiency", "Shifts"};
        size_t t1 = br.nyear - 1, tot = fc_intern_find(br.cat, "total");
        double d[7] = {0};
        for (size_t i = 0; i < br.n; i++)
            if ((tot == FC_INTERN_NONE || br.row[i].cat == tot) && br.row[i].year == br.years[t1])
                for (size_t m = 0; m < 7; m++)
                    d[m] += br.row[i].v[m];
        if ((st = chart_csv(j, "money_bridge", &w)) != FC_OK)
            goto done;
        fc_w_str(w, "year,step,value\n");
        for (size_t m = 0; m < 7; m++) {
            fc_w_int(w, br.years[t1]);
            fc_w_comma(w);
            fc_w_str(w, bv[m]);
            fc_w_comma(w);
            fc_w_num(w, d[m]);
            fc_w_eol(w);
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_WATERFALL;
        pl.u.waterfall.text.title =
            jstr(j, "Cost rises from %s to %s a year by %d", jgbp(j, d[0], d[6], 0),
                 jgbp(j, d[6], d[6], 0), br.years[t1]);
        pl.u.waterfall.text.subtitle =
            jstr(j, "%s, all programmes: \xc2\xa3 a year, cash, principal", j->scn->name);
        pl.u.waterfall.text.x_title = "\xc2\xa3 a year, cash";
        pl.u.waterfall.text.source = "Source: Fulcrum money model (bridge.csv).";
        pl.u.waterfall.start_label = jstr(j, "Baseline %d", br.years[0]);
        pl.u.waterfall.start = d[0];
        pl.u.waterfall.n_step = 5;
        pl.u.waterfall.step_labels = steps;
        pl.u.waterfall.steps = d + 1;
        pl.u.waterfall.end_label = jstr(j, "Projection %d", br.years[t1]);
        pl.u.waterfall.end = d[6];
        pl.u.waterfall.fmt = FC_FMT_GBP;
        st = chart_out(j, "money_bridge", &pl, "Bridge from the baseline cost to the projection");
    }
    if (st == FC_OK)
        st = assumptions(j, "finance");
    if (st == FC_OK)
        st = assumptions(j, "money");
done:
    free(env);
    free(cost);
    free(g);
    free(cg);
    cube_fini(&gap);
    cube_fini(&br);
    cube_fini(&bud);
    return st;
}

/* ======================================================================== PBMA section */

typedef struct opt {
    char name[96], kind[16];
    double cost, benefit;
    int funded;
    double p_funded;
    long rank;
} opt;

typedef struct opts {
    opt o[256];
    size_t n;
} opts;

static fc_status
opt_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    opts *s = ctx;
    opt *o;
    fc_status st;
    if (s->n == sizeof s->o / sizeof s->o[0])
        return fc_err_at(err, FC_ELIMIT, r->path, r->line, 0, "more than %zu options",
                         sizeof s->o / sizeof s->o[0]);
    o = &s->o[s->n];
    memset(o, 0, sizeof *o);
    if ((st = fc_csv_int(r, 0, 0, 1000000, &o->rank, err)) ||
        (st = fc_csv_double(r, 3, &o->cost, err)) || (st = fc_csv_double(r, 4, &o->benefit, err)))
        return st;
    snprintf(o->name, sizeof o->name, "%s", r->field[1]);
    snprintf(o->kind, sizeof o->kind, "%s", r->field[2]);
    o->funded = r->field[5] && strcasecmp(r->field[5], "TRUE") == 0;
    o->p_funded = (double)NAN;
    if (r->field[6] && r->field[6][0] && (st = fc_csv_double(r, 6, &o->p_funded, err)))
        return st;
    s->n++;
    return FC_OK;
}

static fc_status
kv_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    kv *s = ctx;
    (void)err;
    if (s->n < 64) {
        snprintf(s->key[s->n], sizeof s->key[0], "%s", r->field[0]);
        s->val[s->n] = r->field[1] ? strtod(r->field[1], NULL) : (double)NAN;
        s->n++;
    }
    return FC_OK;
}

static double
kv_get(const kv *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->key[i], key) == 0)
            return s->val[i];
    return (double)NAN;
}

typedef struct budgets {
    double budget;
} budgets;

static fc_status
budget_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    budgets *b = ctx;
    (void)err;
    if (isnan(b->budget) && r->field[0])
        b->budget = strtod(r->field[0], NULL);
    return FC_OK;
}

typedef struct ceacin {
    double wtp[512];
    size_t nw;
    char name[16][96];
    size_t nn;
    double prob[16][512];
} ceacin;

static fc_status
ceac_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    ceacin *c = ctx;
    double w, p;
    size_t wi, k;
    fc_status st;
    if ((st = fc_csv_double(r, 0, &w, err)) || (st = fc_csv_double(r, 2, &p, err)))
        return st;
    for (wi = 0; wi < c->nw && c->wtp[wi] != w; wi++)
        ;
    if (wi == c->nw) {
        if (c->nw == 512 || (c->nw > 0 && w < c->wtp[c->nw - 1]))
            return FC_OK;
        c->wtp[c->nw++] = w;
    }
    for (k = 0; k < c->nn && strcmp(c->name[k], r->field[1]) != 0; k++)
        ;
    if (k == c->nn) {
        if (c->nn == 16)
            return FC_OK;
        snprintf(c->name[c->nn++], sizeof c->name[0], "%s", r->field[1]);
    }
    c->prob[k][wi] = p;
    return FC_OK;
}

typedef struct pbma {
    opts os;
    kv sum;
    budgets bud;
    double thr;
} pbma;

/* Reads options.csv (absent: *have = 0), summary.csv and pbma_budget.csv. */
static fc_status
pbma_load(job *j, pbma *b, int *have)
{
    static const fc_csv_col ocols[7] = {{"league_rank", 1}, {"option", 1}, {"kind", 1},
                                        {"cost", 1},        {"benefit", 1}, {"funded", 1},
                                        {"p_funded", 0}};
    static const fc_csv_col kcols[2] = {{"measure", 1}, {"value", 1}};
    static const fc_csv_col bcols[1] = {{"budget", 1}};
    const char *tp = table(j, "options.csv");
    fc_status st;

    memset(b, 0, sizeof *b);
    b->bud.budget = (double)NAN;
    *have = tp != NULL;
    if (tp == NULL)
        return FC_OK;
    if ((st = fc_csv_read(tp, ocols, 7, 1, opt_row, &b->os, NULL, j->err)) != FC_OK)
        return st;
    if ((tp = table(j, "summary.csv")) != NULL &&
        (st = fc_csv_read(tp, kcols, 2, 0, kv_row, &b->sum, NULL, j->err)) != FC_OK)
        return st;
    if ((tp = table(j, "pbma_budget.csv")) != NULL &&
        (st = fc_csv_read(tp, bcols, 1, 0, budget_row, &b->bud, NULL, j->err)) != FC_OK)
        return st;
    if (isnan(b->bud.budget))
        b->bud.budget = kv_get(&b->sum, "budget_total");
    b->thr = kv_get(&b->sum, "threshold_gbp_per_unit");
    {
        size_t nfund = 0, len = strlen(j->findings);
        double inv = 0, rel = 0;
        for (size_t i = 0; i < b->os.n; i++)
            if (b->os.o[i].funded) {
                nfund++;
                if (b->os.o[i].cost >= 0)
                    inv += b->os.o[i].cost;
                else
                    rel -= b->os.o[i].cost;
            }
        snprintf(j->findings + len, sizeof j->findings - len,
                 "The programme budgeting and marginal analysis of %zu options puts %zu in the "
                 "best set, investing %s a year and releasing %s%s%s.",
                 b->os.n, nfund, jfmt(j, FC_FMT_GBP, inv, -1, 0), jfmt(j, FC_FMT_GBP, rel, -1, 0),
                 isnan(b->bud.budget) ? "" : ", against a budget of ",
                 isnan(b->bud.budget) ? "" : jfmt(j, FC_FMT_GBP, b->bud.budget, -1, 0));
    }
    return FC_OK;
}

static fc_status
section_pbma(job *j, pbma *b)
{
    const char *tp;
    const char *labels[256], *rlabels[256], *rraw[256];
    double cost[256], metric[256], eff[256], amount[256], inv = 0, rel = 0, thr = b->thr;
    int funded[256];
    size_t n, nl = 0, nfund = 0;
    budgets bud = b->bud;
    fc_plot pl;
    fc_writer *w;
    fc_status st;

    n = b->os.n;
    for (size_t i = 0; i < n; i++) {
        const opt *o = &b->os.o[i];
        labels[i] = pretty(j, o->name);
        cost[i] = o->cost;
        funded[i] = o->funded;
        eff[i] = o->benefit;
        metric[i] = o->cost > 0 && o->benefit > 0 ? o->cost / o->benefit : (double)NAN;
        if (o->funded) {
            nfund++;
            if (o->cost >= 0)
                inv += o->cost;
            else
                rel -= o->cost;
        }
    }
    /* the ladder: funded investments, largest first, then disinvestments carried out */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            const opt *o = &b->os.o[i];
            if (o->funded && ((pass == 0) == (o->cost >= 0))) {
                size_t k = nl++;
                while (k > 0 && (pass == 0 ? amount[k - 1] < o->cost : amount[k - 1] > o->cost) &&
                       (amount[k - 1] >= 0) == (o->cost >= 0)) {
                    amount[k] = amount[k - 1];
                    rlabels[k] = rlabels[k - 1];
                    rraw[k] = rraw[k - 1];
                    k--;
                }
                amount[k] = o->cost;
                rlabels[k] = pretty(j, o->name);
                rraw[k] = o->name;
            }
        }
    st = fc_appendix_section_begin(
        j->a, "Programme budgeting and marginal analysis",
        jstr(j,
             "The %zu options the panel considered, ranked by benefit per pound, the best set "
             "within the budget (exact optimisation) and the changes it implies.%s%s%s",
             n, isnan(thr) || thr <= 0 ? "" : " Options are valued at ",
             isnan(thr) || thr <= 0 ? "" : jfmt(j, FC_FMT_GBP, thr, 0, 0),
             isnan(thr) || thr <= 0 ? "" : " per unit of benefit."),
        j->err);

    family(j, labels, n);
    /* ranked options */
    if (st == FC_OK && (st = chart_csv(j, "pbma_ranked", &w)) == FC_OK) {
        double cum = 0;
        fc_w_str(w, "rank,option,cost,cumulative_cost,funded,cost_per_unit_benefit,budget\n");
        for (size_t i = 0; i < n; i++) {
            if (funded[i]) /* the running total of the best set, as drawn */
                cum += cost[i];
            fc_w_int(w, b->os.o[i].rank);
            fc_w_comma(w);
            fc_w_field(w, b->os.o[i].name);
            fc_w_comma(w);
            fc_w_num(w, cost[i]);
            fc_w_comma(w);
            fc_w_num(w, cum);
            fc_w_str(w, funded[i] ? ",TRUE," : ",FALSE,");
            if (!isnan(metric[i]))
                fc_w_num(w, metric[i]);
            fc_w_comma(w);
            if (!isnan(bud.budget))
                fc_w_num(w, bud.budget);
            fc_w_eol(w);
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_RANK;
        pl.u.rank.text.title =
            jstr(j, "%zu of %zu options are in the best set within the budget", nfund, n);
        pl.u.rank.text.subtitle =
            jstr(j, "%s: options in league-table order, bars from the cumulative cost before "
                    "to after each option",
                 j->scn->name);
        pl.u.rank.text.x_title = "Cumulative cost, \xc2\xa3 a year";
        pl.u.rank.text.source = "Source: Fulcrum PBMA (options.csv, pbma_budget.csv). "
                                "Disinvestments release money.";
        pl.u.rank.n = n;
        pl.u.rank.labels = labels;
        pl.u.rank.cost = cost;
        pl.u.rank.funded = funded;
        pl.u.rank.budget = bud.budget;
        pl.u.rank.metric = metric;
        pl.u.rank.metric_fmt = FC_FMT_GBP;
        pl.u.rank.metric_title = "\xc2\xa3 per unit of benefit";
        st = chart_out(j, "pbma_ranked", &pl, "Options ranked, with cumulative cost and the budget");
    }
    /* ladder */
    if (st == FC_OK && nl > 0 && (st = chart_csv(j, "pbma_ladder", &w)) == FC_OK) {
        fc_w_str(w, "option,amount\n");
        for (size_t i = 0; i < nl; i++) {
            fc_w_field(w, rraw[i]);
            fc_w_comma(w);
            fc_w_num(w, amount[i]);
            fc_w_eol(w);
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_LADDER;
        double ref = fmax(inv, rel);
        pl.u.ladder.text.title =
            jstr(j, "Invest %s and release %s: net %s a year", jgbp(j, inv, ref, 0),
                 jgbp(j, rel, ref, 0), jgbp(j, inv - rel, ref, 1));
        pl.u.ladder.text.subtitle =
            jstr(j, "%s: the changes in the best set, \xc2\xa3 a year", j->scn->name);
        pl.u.ladder.text.x_title = "\xc2\xa3 a year";
        pl.u.ladder.text.source = "Source: Fulcrum PBMA (options.csv).";
        pl.u.ladder.n = nl;
        pl.u.ladder.labels = rlabels;
        pl.u.ladder.amount = amount;
        pl.u.ladder.fmt = FC_FMT_GBP;
        st = chart_out(j, "pbma_ladder", &pl, "Invest and disinvest ladder of the best set");
    }
    /* cost-effectiveness plane */
    if (st == FC_OK && (st = chart_csv(j, "pbma_ce_plane", &w)) == FC_OK) {
        double wtp[2] = {thr, 0};
        size_t fr[256], nf = 0;
        fc_ceplane_frontier(eff, cost, n, fr, &nf, NULL);
        fc_w_str(w, "option,benefit,cost,on_frontier\n");
        for (size_t i = 0; i < n; i++) {
            int on = 0;
            for (size_t k = 0; k < nf; k++)
                on |= fr[k] == i;
            fc_w_field(w, b->os.o[i].name);
            fc_w_comma(w);
            fc_w_num(w, eff[i]);
            fc_w_comma(w);
            fc_w_num(w, cost[i]);
            fc_w_str(w, on ? ",TRUE\n" : ",FALSE\n");
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_CEPLANE;
        pl.u.ceplane.text.title =
            jstr(j, "%zu options on the cost-effectiveness frontier", nf);
        pl.u.ceplane.text.subtitle =
            jstr(j, "%s: each option against doing nothing%s%s%s", j->scn->name,
                 thr > 0 ? "; threshold " : "", thr > 0 ? jfmt(j, FC_FMT_GBP, thr, 0, 0) : "",
                 thr > 0 ? " per unit of benefit" : "");
        pl.u.ceplane.text.x_title = "Benefit (units of benefit a year)";
        pl.u.ceplane.text.y_title = "Cost, \xc2\xa3 a year";
        pl.u.ceplane.text.source = "Source: Fulcrum PBMA (options.csv).";
        pl.u.ceplane.n = n;
        pl.u.ceplane.labels = labels;
        pl.u.ceplane.effect = eff;
        pl.u.ceplane.cost = cost;
        pl.u.ceplane.n_wtp = thr > 0 ? 1 : 0;
        pl.u.ceplane.wtp = wtp;
        pl.u.ceplane.wtp_unit = " per unit";
        st = chart_out(j, "pbma_ce_plane", &pl, "Cost-effectiveness plane of the options");
    }
    /* CEAC, when a PSA table is present */
    if (st == FC_OK && (tp = table(j, "ceac.csv")) != NULL) {
        static const fc_csv_col ccols[3] = {{"wtp", 1}, {"strategy", 1}, {"proportion", 1}};
        ceacin c; /* not static: concurrent runs (about 140 KB of stack) */
        double prob[16 * 512];
        const char *names[16];
        memset(&c, 0, sizeof c);
        if ((st = fc_csv_read(tp, ccols, 3, 1, ceac_row, &c, NULL, j->err)) == FC_OK &&
            c.nw >= 2 && (st = chart_csv(j, "pbma_ceac", &w)) == FC_OK) {
            fc_w_str(w, "wtp,option,probability\n");
            for (size_t k = 0; k < c.nn; k++) {
                names[k] = c.name[k];
                for (size_t i = 0; i < c.nw; i++) {
                    prob[k * c.nw + i] = c.prob[k][i];
                    fc_w_num(w, c.wtp[i]);
                    fc_w_comma(w);
                    fc_w_field(w, c.name[k]);
                    fc_w_comma(w);
                    fc_w_num(w, c.prob[k][i]);
                    fc_w_eol(w);
                }
            }
            memset(&pl, 0, sizeof pl);
            pl.kind = FC_PLOT_CEAC;
            pl.u.ceac.text.title = "Probability each option is the cost-effective choice";
            pl.u.ceac.text.subtitle = j->scn->name;
            pl.u.ceac.text.x_title = "Willingness to pay, \xc2\xa3 per unit of benefit";
            pl.u.ceac.text.y_title = "Probability cost-effective";
            pl.u.ceac.text.source = "Source: Fulcrum probabilistic analysis (ceac.csv).";
            pl.u.ceac.n_wtp = c.nw;
            pl.u.ceac.wtp = c.wtp;
            pl.u.ceac.n_opt = c.nn;
            pl.u.ceac.labels = names;
            pl.u.ceac.prob = prob;
            pl.u.ceac.n_ref = thr > 0 ? 1 : 0;
            pl.u.ceac.ref = &thr;
            st = chart_out(j, "pbma_ceac", &pl, "Cost-effectiveness acceptability curves");
        }
    }
    /* the options table */
    if (st == FC_OK) {
        static const char *const head[7] = {"Rank",      "Option", "Cost, \xc2\xa3", "Benefit",
                                            "\xc2\xa3 per unit", "Decision", "P(in best set)"};
        const char **cells = calloc(7 * n + 1, sizeof *cells);
        if (cells == NULL)
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) {
            const opt *o = &b->os.o[i];
            int dis = o->cost < 0;
            cells[7 * i] = jstr(j, "%ld", o->rank);
            cells[7 * i + 1] = labels[i];
            cells[7 * i + 2] = jfmt(j, FC_FMT_NUMBER, o->cost, 0, 0);
            cells[7 * i + 3] = jfmt(j, FC_FMT_NUMBER, o->benefit, 1, 0);
            cells[7 * i + 4] = isnan(metric[i]) ? "" : jfmt(j, FC_FMT_NUMBER, metric[i], 0, 0);
            cells[7 * i + 5] = o->funded ? (dis ? "disinvest" : "fund") : (dis ? "keep" : "not funded");
            cells[7 * i + 6] = isnan(o->p_funded) ? "" : jfmt(j, FC_FMT_PERCENT, o->p_funded, 0, 0);
        }
        st = add_table(j, "Options, decisions and the probability each is in the best set", n, 7,
                       head, cells,
                       "Cost in \xc2\xa3 a year; negative for a disinvestment (money released). "
                       "P(in best set): share of Monte Carlo draws from the options' ranges in "
                       "which the option is in the optimal set.");
        free(cells);
    }
    /* key measures */
    if (st == FC_OK && b->sum.n > 0) {
        static const struct {
            const char *key, *label;
            fc_axis_fmt_kind kind;
        } m[] = {{"budget_total", "Budget", FC_FMT_GBP},
                 {"optimal_cost", "Cost of the best set", FC_FMT_GBP},
                 {"optimal_benefit", "Benefit of the best set", FC_FMT_NUMBER},
                 {"greedy_cost", "Cost of the league-table answer", FC_FMT_GBP},
                 {"greedy_benefit", "Benefit of the league-table answer", FC_FMT_NUMBER},
                 {"objective_lost_by_greedy", "Net benefit lost by the league table",
                  FC_FMT_GBP},
                 {"shadow_price_lp", "Shadow price of the budget", FC_FMT_NUMBER},
                 {"draws", "Monte Carlo draws", FC_FMT_NUMBER},
                 {"optimal_objective_p10", "Net benefit of the best set, P10", FC_FMT_GBP},
                 {"optimal_objective_p90", "Net benefit of the best set, P90", FC_FMT_GBP}};
        static const char *const head[2] = {"Measure", "Value"};
        const char *cells[2 * sizeof m / sizeof m[0]];
        size_t k = 0;
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
            double x = kv_get(&b->sum, m[i].key);
            if (isnan(x))
                continue;
            cells[2 * k] = m[i].label;
            cells[2 * k + 1] = m[i].kind == FC_FMT_GBP ? jfmt(j, FC_FMT_GBP, x, -1, 0)
                                                       : jfmt(j, FC_FMT_NUMBER, x, 0, 0);
            k++;
        }
        if (k)
            st = add_table(j, "Key measures of the exercise", k, 2, head, cells, NULL);
    }
    if (st == FC_OK)
        st = assumptions(j, "pbma");
    return st;
}

/* ======================================================================== uncertainty */

/* A number for a table cell, with the precision a reader needs. */
static const char *
jnum(job *j, double v)
{
    if (!isfinite(v))
        return "";
    if (fabs(v) >= 1000)
        return jfmt(j, FC_FMT_NUMBER, v, 0, 0);
    return jstr(j, "%.4g", v);
}

typedef struct ucells {
    job *j;
    const char **c;
    size_t n, cap, ncol, numeric_from;
} ucells;

static fc_status
ucells_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    ucells *u = ctx;
    if (fc_grow((void **)&u->c, &u->cap, u->n, u->ncol * sizeof *u->c) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory reading '%s'", r->path);
    for (size_t k = 0; k < u->ncol; k++) {
        const char *f = r->field[k] ? r->field[k] : "", **c = &u->c[u->n * u->ncol + k];
        double v;
        fc_status st;
        if (k >= u->numeric_from && f[0]) {
            if ((st = fc_csv_double(r, k, &v, err)) != FC_OK)
                return st;
            *c = jnum(u->j, v);
        } else {
            *c = jstr(u->j, "%s", f);
        }
        if (*c == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    u->n++;
    return FC_OK;
}

/* The uncertain parameters (parameters_summary.csv) and the variants' mixture
 * (variants_summary.csv) as tables. */
static fc_status
uncertainty_inputs(job *j)
{
    static const fc_csv_col pcols[6] = {{"parameter", 1}, {"distribution", 1}, {"central", 1},
                                        {"p10", 1},       {"p50", 1},          {"p90", 1}};
    static const fc_csv_col vcols[3] = {{"variant", 1}, {"probability", 1}, {"share", 1}};
    static const char *const phead[6] = {"Parameter", "Distribution", "Central", "P10", "P50",
                                         "P90"};
    static const char *const vhead[3] = {"Variant", "Probability", "Share of draws"};
    ucells x = {j, NULL, 0, 0, 6, 2};
    const char *tp;
    fc_status st = FC_OK;

    if ((tp = table(j, "parameters_summary.csv")) != NULL &&
        (st = fc_csv_read(tp, pcols, 6, 0, ucells_row, &x, NULL, j->err)) == FC_OK && x.n > 0)
        st = add_table(j, "The uncertain numbers of the scenario: each draw takes its own value",
                       x.n, 6, phead, x.c,
                       "Central: the value of the principal run (the distribution's median). "
                       "P10, P50, P90: percentiles of the values the draws took, after "
                       "clamping to the parameter's valid range.");
    free(x.c);
    x = (ucells){j, NULL, 0, 0, 3, 1};
    if (st == FC_OK && (tp = table(j, "variants_summary.csv")) != NULL &&
        (st = fc_csv_read(tp, vcols, 3, 0, ucells_row, &x, NULL, j->err)) == FC_OK && x.n > 0)
        st = add_table(j, "Population variants: the chance a draw takes each", x.n, 3, vhead,
                       x.c, "Share of draws: the share of the draws that took the variant.");
    free(x.c);
    return st;
}

/* Writes charts/<id>.csv for fans: key, year, then principal, p10, p50, p90 of each level and,
 * when idx is given, of the index plotted. */
static fc_status
fan_csv(job *j, const char *id, const char *keycol, const char *const *keys, const fan *lvl,
        const fan *idx, size_t n, const int *years, size_t nyear)
{
    fc_writer *w;
    fc_status st = chart_csv(j, id, &w);
    if (st != FC_OK)
        return st;
    fc_w_str(w, keycol);
    fc_w_str(w, idx ? ",year,principal,p10,p50,p90,index_principal,index_p10,index_p50,"
                      "index_p90\n"
                    : ",year,principal,p10,p50,p90\n");
    for (size_t k = 0; k < n; k++)
        for (size_t t = 0; t < nyear; t++) {
            const double v[8] = {lvl[k].y[t],   lvl[k].lo[t],  lvl[k].mid[t],
                                 lvl[k].hi[t],  idx ? idx[k].y[t] : 0,
                                 idx ? idx[k].lo[t] : 0, idx ? idx[k].mid[t] : 0,
                                 idx ? idx[k].hi[t] : 0};
            if (isnan(v[0]))
                continue;
            fc_w_field(w, keys[k]);
            fc_w_comma(w);
            fc_w_int(w, years[t]);
            fc_w_nums(w, v, idx ? 8 : 4);
            fc_w_eol(w);
        }
    return FC_OK;
}

/* A fan chart's record: the table's years, the series, and the band's legend. */
static void
fan_lines(job *j, fc_plot *pl, const double *x, size_t nyear, const fc_series *s, size_t ns)
{
    memset(pl, 0, sizeof *pl);
    pl->kind = FC_PLOT_LINES;
    pl->u.lines.n_x = nyear;
    pl->u.lines.x = x;
    pl->u.lines.n_series = ns;
    pl->u.lines.series = s;
    pl->u.lines.x_fmt = FC_FMT_YEAR;
    pl->u.lines.y_fmt = FC_FMT_NUMBER;
    pl->u.lines.band_label = jstr(j, "P10-P90 of %ld draws", j->ndraw);
}

/* Older people, all areas: 65+, 75+ and 85+ indexed to the base year with their bands, and the
 * horizon's figures by age group. */
static fc_status
uncertainty_population(job *j)
{
    static const char *const grp[6] = {"all", "0-14", "15-64", "65+", "75+", "85+"};
    static const char *const head[6] = {"Age group", "Base", "Principal", "P10", "P50", "P90"};
    stab s;
    fan *lvl = calloc(6, sizeof *lvl), *idx = calloc(6, sizeof *idx);
    fc_series ser[6];
    const char *names[6], *cells[6 * 6];
    double x[512];
    size_t n = 0, nrow = 0, fast = 0, t1;
    int have = 0;
    fc_plot pl;
    fc_status st;

    memset(ser, 0, sizeof ser);
    memset(&s, 0, sizeof s);
    if (!lvl || !idx) {
        st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        goto done;
    }
    st = stab_read(j, "population_summary.csv", "area", "age_group", "total", &s, &have);
    if (st != FC_OK || !have || s.nyear < 2)
        goto done;
    t1 = s.nyear - 1;
    for (size_t t = 0; t < s.nyear; t++)
        x[t] = s.years[t];
    for (size_t g = 0; g < 6; g++) {
        fan f;
        if (!fan_get(&s, "total", grp[g], &f))
            continue;
        cells[6 * nrow] = g == 0 ? "All ages" : grp[g];
        cells[6 * nrow + 1] = jfmt(j, FC_FMT_NUMBER, f.y[0], 0, 0);
        cells[6 * nrow + 2] = jfmt(j, FC_FMT_NUMBER, f.y[t1], 0, 0);
        cells[6 * nrow + 3] = jfmt(j, FC_FMT_NUMBER, f.lo[t1], 0, 0);
        cells[6 * nrow + 4] = jfmt(j, FC_FMT_NUMBER, f.mid[t1], 0, 0);
        cells[6 * nrow + 5] = jfmt(j, FC_FMT_NUMBER, f.hi[t1], 0, 0);
        nrow++;
        if (g < 3 || !fan_index(&f, s.nyear, &idx[n]))
            continue;
        lvl[n] = f;
        names[n] = jstr(j, "Aged %s", grp[g]);
        ser[n].name = names[n];
        ser[n].y = idx[n].y;
        ser[n].lo = idx[n].lo;
        ser[n].hi = idx[n].hi;
        if (idx[n].y[t1] > idx[fast].y[t1])
            fast = n;
        n++;
    }
    if (n > 0) {
        family(j, names, n);
        if ((st = fan_csv(j, "uncertainty_older_people", "age_group", names, lvl, idx, n,
                          s.years, s.nyear)) != FC_OK)
            goto done;
        fan_lines(j, &pl, x, s.nyear, ser, n);
        pl.u.lines.text.title =
            jstr(j, "%s: %s%% by %d, %s%% in 8 draws out of 10", names[fast],
                 jfmt(j, FC_FMT_NUMBER, idx[fast].y[t1] - 100, 0, 1), s.years[t1],
                 jrange(j, FC_FMT_NUMBER, idx[fast].lo[t1] - 100, idx[fast].hi[t1] - 100, 0, 1));
        pl.u.lines.text.subtitle =
            jstr(j, "%s, all areas: older people, index %d = 100; principal projection (line) "
                 "and the middle 80%% of the draws (band)", j->scn->name, s.years[0]);
        pl.u.lines.text.x_title = "Year (mid-year)";
        pl.u.lines.text.y_title = jstr(j, "Index, %d = 100", s.years[0]);
        pl.u.lines.text.source = "Source: Fulcrum Monte Carlo projection "
                                 "(population_summary.csv).";
        if ((st = chart_out(j, "uncertainty_older_people", &pl,
                            "Older people: principal projection and the spread of the draws")) !=
            FC_OK)
            goto done;
    }
    if (nrow > 0)
        st = add_table(j, jstr(j, "Population by age group in %d: principal and the draws' "
                              "percentiles, all areas", s.years[t1]),
                       nrow, 6, head, cells, "Base: the base year's population, which every "
                       "draw shares.");
done:
    stab_fini(&s);
    free(lvl);
    free(idx);
    return st;
}

/* What a fan chart of need or activity is about. */
typedef struct ukind {
    const char *table, *keycol; /* need_summary.csv by measure, activity_summary.csv by service */
    const char *id;             /* the chart's id */
    const char *head;           /* the key's column heading */
    const char *things;         /* plural, in sentences: "services", "measures of need" */
    const char *caption, *table_title, *note;
} ukind;

/* Need or activity, all areas: the keys whose 80% range is widest at the horizon, indexed to
 * the base year with their bands, and every key's horizon figures. */
static fc_status
uncertainty_measures(job *j, const ukind *u)
{
    enum { NFAN = 4 };
    const char *head[7] = {u->head, "Base", "Principal", "P10", "P50", "P90",
                           "80% range, % of principal"};
    stab s;
    fan *lvl = NULL, *idx = NULL;
    fc_series ser[NFAN];
    const char *names[NFAN], *raw[NFAN], **cells = NULL;
    double x[512], width[NFAN];
    size_t n = 0, nk, nrow = 0, t1;
    int have = 0;
    fc_plot pl;
    fc_status st;

    memset(ser, 0, sizeof ser);
    st = stab_read(j, u->table, u->keycol, NULL, NULL, &s, &have);
    if (st != FC_OK || !have || s.nyear < 2)
        goto done;
    nk = fc_intern_count(s.k0);
    t1 = s.nyear - 1;
    lvl = calloc(NFAN + 1, sizeof *lvl);
    idx = calloc(NFAN + 1, sizeof *idx);
    cells = calloc(7 * (nk + 1), sizeof *cells);
    if (!lvl || !idx || !cells) {
        st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t t = 0; t < s.nyear; t++)
        x[t] = s.years[t];
    /* the NFAN widest ranges at the horizon, relative to the principal (ties: table order) */
    for (size_t k = 0; k < nk; k++) {
        const char *name = fc_intern_name(s.k0, k);
        fan f, fi;
        double wdt;
        size_t at;
        if (!fan_get(&s, name, NULL, &f))
            continue;
        cells[7 * nrow] = pretty(j, name);
        cells[7 * nrow + 1] = jnum(j, f.y[0]);
        cells[7 * nrow + 2] = jnum(j, f.y[t1]);
        cells[7 * nrow + 3] = jnum(j, f.lo[t1]);
        cells[7 * nrow + 4] = jnum(j, f.mid[t1]);
        cells[7 * nrow + 5] = jnum(j, f.hi[t1]);
        cells[7 * nrow + 6] =
            f.y[t1] > 0 ? jfmt(j, FC_FMT_NUMBER, 100 * (f.hi[t1] - f.lo[t1]) / f.y[t1], 1, 0) : "";
        nrow++;
        if (!fan_index(&f, s.nyear, &fi))
            continue;
        wdt = (fi.hi[t1] - fi.lo[t1]) / fi.y[t1];
        for (at = n; at > 0 && width[at - 1] < wdt; at--)
            ;
        if (at >= NFAN)
            continue;
        for (size_t q = n < NFAN ? n : NFAN - 1; q > at; q--) {
            width[q] = width[q - 1];
            lvl[q] = lvl[q - 1];
            idx[q] = idx[q - 1];
            raw[q] = raw[q - 1];
        }
        width[at] = wdt;
        lvl[at] = f;
        idx[at] = fi;
        raw[at] = name;
        if (n < NFAN)
            n++;
    }
    if (n > 0) {
        for (size_t q = 0; q < n; q++) {
            names[q] = pretty(j, raw[q]);
            ser[q].name = names[q];
            ser[q].y = idx[q].y;
            ser[q].lo = idx[q].lo;
            ser[q].hi = idx[q].hi;
        }
        if ((st = fan_csv(j, u->id, u->keycol, raw, lvl, idx, n, s.years, s.nyear)) != FC_OK)
            goto done;
        fan_lines(j, &pl, x, s.nyear, ser, n);
        pl.u.lines.text.title = jstr(
            j, "%s is the least certain: %s%% by %d in 8 draws out of 10", names[0],
            jrange(j, FC_FMT_NUMBER, idx[0].lo[t1] - 100, idx[0].hi[t1] - 100, 0, 1),
            s.years[t1]);
        pl.u.lines.text.subtitle =
            jstr(j, "%s, all areas: the %s%s with the widest 80%% range, index %d = 100; "
                 "principal (line) and the middle 80%% of the draws (band)", j->scn->name,
                 n < nrow ? jstr(j, "%zu ", n) : "", u->things, s.years[0]);
        pl.u.lines.text.x_title = "Year";
        pl.u.lines.text.y_title = jstr(j, "Index, %d = 100", s.years[0]);
        pl.u.lines.text.source = jstr(j, "Source: Fulcrum Monte Carlo draws (%s).", u->table);
        if ((st = chart_out(j, u->id, &pl, u->caption)) != FC_OK)
            goto done;
    }
    if (nrow > 0)
        st = add_table(j, jstr(j, "%s in %d: principal and the draws' percentiles, all areas",
                               u->table_title, s.years[t1]),
                       nrow, 7, head, cells, u->note);
done:
    stab_fini(&s);
    free(lvl);
    free(idx);
    free(cells);
    return st;
}

/* Capacity required at the horizon, all areas, against what there is. */
static fc_status
uncertainty_capacity(job *j)
{
    static const char *const chead[7] = {"Resource", "Current", "Principal", "P10", "P50",
                                         "P90", "Gap at P90"};
    stab c;
    int chave = 0;
    fc_status st;

    st = stab_read(j, "capacity_summary.csv", "resource", "service", NULL, &c, &chave);
    if (st == FC_OK && chave && c.nyear > 0) {
        size_t nr = fc_intern_count(c.k0), m = 0, tc = c.nyear - 1;
        const char **cc = calloc(7 * (c.n + 1), sizeof *cc);
        if (cc == NULL) {
            stab_fini(&c);
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < c.n; i++) {
            const srow *r = &c.row[i];
            if (r->year != c.years[tc] || r->k0 >= nr)
                continue;
            cc[7 * m] = pretty(j, fc_intern_name(c.k0, r->k0));
            cc[7 * m + 1] = jnum(j, r->v[S_CUR]);
            cc[7 * m + 2] = jnum(j, r->v[S_PRIN]);
            cc[7 * m + 3] = jnum(j, r->v[S_P10]);
            cc[7 * m + 4] = jnum(j, r->v[S_P50]);
            cc[7 * m + 5] = jnum(j, r->v[S_P90]);
            cc[7 * m + 6] = isnan(r->v[S_CUR])
                                ? ""
                                : jfmt(j, FC_FMT_NUMBER, r->v[S_P90] - r->v[S_CUR], 0, 1);
            m++;
        }
        if (m > 0)
            st = add_table(j, jstr(j, "Capacity required in %d: principal and the draws' "
                                   "percentiles, all areas", c.years[tc]),
                           m, 7, chead, cc, "Gap at P90: what would be needed, beyond current "
                           "capacity, to cover 9 draws in 10.");
        free(cc);
    }
    stab_fini(&c);
    return st;
}

/* Money: the total funding gap by financial year with its band, and the gap by programme in
 * the last year. */
static fc_status
uncertainty_money(job *j)
{
    static const char *const head[5] = {"Year", "Principal", "P10", "P50", "P90"};
    static const char *const phead[5] = {"Programme", "Principal", "P10", "P50", "P90"};
    stab s;
    fan *f = calloc(1, sizeof *f);
    fc_series ser[1];
    const char *key[1] = {"gap"}, **cells = NULL;
    double x[512];
    size_t t1;
    int have = 0;
    fc_plot pl;
    fc_status st;

    memset(&s, 0, sizeof s);
    memset(ser, 0, sizeof ser);
    if (f == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    st = stab_read(j, "gap_summary.csv", "programme", "measure", NULL, &s, &have);
    if (st != FC_OK || !have || s.nyear < 2 || !fan_get(&s, "total", "gap", f))
        goto done;
    t1 = s.nyear - 1;
    if ((cells = calloc(5 * (s.nyear + fc_intern_count(s.k0) + 1), sizeof *cells)) == NULL) {
        st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t t = 0; t < s.nyear; t++)
        x[t] = s.years[t];
    fc_palette_set(j->pal, "Funding gap", fc_rgb_hex(FC_RGB_VERMILLION), NULL);
    ser[0].name = "Funding gap";
    ser[0].y = f->y;
    ser[0].lo = f->lo;
    ser[0].hi = f->hi;
    if ((st = fan_csv(j, "uncertainty_gap", "measure", key, f, NULL, 1, s.years, s.nyear)) !=
        FC_OK)
        goto done;
    fan_lines(j, &pl, x, s.nyear, ser, 1);
    pl.u.lines.x_fmt = FC_FMT_FYEAR;
    pl.u.lines.y_fmt = FC_FMT_GBP;
    pl.u.lines.text.title =
        jstr(j, "The funding gap in %s is %s to %s in 8 draws out of 10 (principal %s)",
             jfmt(j, FC_FMT_FYEAR, s.years[t1], -1, 0), jgbp(j, f->lo[t1], f->hi[t1], 0),
             jgbp(j, f->hi[t1], f->hi[t1], 0), jgbp(j, f->y[t1], f->hi[t1], 0));
    pl.u.lines.text.subtitle =
        jstr(j, "%s: cost of demand minus the envelope, all programmes, cash; principal "
             "(line) and the middle 80%% of the draws (band); below zero is headroom",
             j->scn->name);
    pl.u.lines.text.x_title = "Financial year";
    pl.u.lines.text.y_title = "GBP a year, cash";
    pl.u.lines.text.source = "Source: Fulcrum Monte Carlo draws (gap_summary.csv).";
    if ((st = chart_out(j, "uncertainty_gap", &pl,
                        "The funding gap: principal and the spread of the draws")) != FC_OK)
        goto done;
    for (size_t t = 0; t < s.nyear; t++) {
        cells[5 * t] = jfmt(j, FC_FMT_FYEAR, s.years[t], -1, 0);
        cells[5 * t + 1] = jgbp(j, f->y[t], f->hi[t1], 0);
        cells[5 * t + 2] = jgbp(j, f->lo[t], f->hi[t1], 0);
        cells[5 * t + 3] = jgbp(j, f->mid[t], f->hi[t1], 0);
        cells[5 * t + 4] = jgbp(j, f->hi[t], f->hi[t1], 0);
    }
    if ((st = add_table(j, "The funding gap by year: principal and the draws' percentiles",
                        s.nyear, 5, head, cells,
                        "Cash terms, all programmes. A negative gap is headroom. Percentiles "
                        "are of each year's gap over the draws, not of its parts.")) != FC_OK)
        goto done;
    {
        size_t np = fc_intern_count(s.k0), m = 0;
        for (size_t q = 0; q < np; q++) {
            const char *name = fc_intern_name(s.k0, q);
            fan g;
            if (strcmp(name, "total") == 0 || !fan_get(&s, name, "gap", &g))
                continue;
            cells[5 * m] = pretty(j, name);
            cells[5 * m + 1] = jgbp(j, g.y[t1], f->hi[t1], 0);
            cells[5 * m + 2] = jgbp(j, g.lo[t1], f->hi[t1], 0);
            cells[5 * m + 3] = jgbp(j, g.mid[t1], f->hi[t1], 0);
            cells[5 * m + 4] = jgbp(j, g.hi[t1], f->hi[t1], 0);
            m++;
        }
        if (m > 1)
            st = add_table(j, jstr(j, "The funding gap by programme in %s",
                                   jfmt(j, FC_FMT_FYEAR, s.years[t1], -1, 0)),
                           m, 5, phead, cells, "Programmes' percentiles do not add up to the "
                           "total's: each is taken over the draws of that programme.");
    }
done:
    stab_fini(&s);
    free(f);
    free(cells);
    return st;
}

/* PBMA: the probability that each option is in the best set within the budget, over draws
 * that carry population, demand, cost and the options' own uncertainty together. */
typedef struct pfund {
    char name[64][96];
    int in[64];
    double p[64];
    size_t n;
} pfund;

static fc_status
pfund_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    pfund *s = ctx;
    fc_status st;
    long in;
    if (s->n == sizeof s->p / sizeof s->p[0])
        return FC_OK; /* (the chart shows the first 64; the table says how many there are) */
    snprintf(s->name[s->n], sizeof s->name[0], "%s", r->field[0]);
    if ((st = fc_csv_int(r, 1, 0, 1, &in, err)) != FC_OK ||
        (st = fc_csv_double(r, 2, &s->p[s->n], err)) != FC_OK)
        return st;
    s->in[s->n++] = (int)in;
    return FC_OK;
}

static fc_status
uncertainty_pbma(job *j, double infeasible)
{
    const fc_scn_entry *bf = fc_scn_get(j->scn, "pbma", "budget_from");
    const fc_scn_entry *bb = fc_scn_get(j->scn, "pbma", "budget");
    const int from_finance = (bf != NULL && strcasecmp(bf->value, "finance") == 0) ||
                             (bb != NULL && strcasecmp(bb->value, "finance") == 0);
    static const fc_csv_col cols[3] = {{"option", 1}, {"funded", 1}, {"p_funded", 1}};
    static const char *const head[3] = {"Option", "In the central plan", "Funded in, % of draws"};
    static const double ref[1] = {0.5};
    pfund *s = calloc(1, sizeof *s);
    const char *tp = table(j, "pbma_summary.csv"), *labels[64], *cells[64 * 3];
    size_t ord[64], robust = 0, central = 0, fragile = 0, weakest = 0;
    double p[64];
    int in[64];
    fc_plot pl;
    fc_writer *w;
    fc_status st = FC_OK;

    if (s == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if (tp == NULL || (st = fc_csv_read(tp, cols, 3, 0, pfund_row, s, NULL, j->err)) != FC_OK ||
        s->n == 0)
        goto done;
    /* by probability, highest first; ties in the table's order */
    for (size_t i = 0; i < s->n; i++) {
        size_t k = i;
        for (; k > 0 && s->p[ord[k - 1]] < s->p[i]; k--)
            ord[k] = ord[k - 1];
        ord[k] = i;
    }
    for (size_t i = 0; i < s->n; i++) {
        size_t o = ord[i];
        labels[i] = pretty(j, s->name[o]);
        p[i] = s->p[o];
        in[i] = s->in[o];
        central += in[i] != 0;
        robust += in[i] && p[i] >= 0.8;
        if (in[i] && p[i] < 0.5)
            fragile++;
        if (in[i] && (!in[weakest] || p[i] < p[weakest]))
            weakest = i;
        cells[3 * i] = labels[i];
        cells[3 * i + 1] = in[i] ? "Yes" : "No";
        cells[3 * i + 2] = jfmt(j, FC_FMT_PERCENT, p[i], 0, 0);
    }
    if ((st = chart_csv(j, "pbma_probability_funded", &w)) != FC_OK)
        goto done;
    fc_w_str(w, "option,funded,p_funded\n");
    for (size_t i = 0; i < s->n; i++) {
        fc_w_field(w, s->name[ord[i]]);
        fc_w_raw(w, in[i] ? ",1" : ",0", 2);
        fc_w_nums(w, &p[i], 1);
        fc_w_eol(w);
    }
    memset(&pl, 0, sizeof pl);
    pl.kind = FC_PLOT_PROB;
    pl.u.prob.n = s->n;
    pl.u.prob.labels = labels;
    pl.u.prob.prob = p;
    pl.u.prob.in_set = in;
    pl.u.prob.n_ref = 1;
    pl.u.prob.ref = ref;
    if (central == 0)
        pl.u.prob.text.title = "The central plan funds no option";
    else if (fragile > 0)
        pl.u.prob.text.title =
            jstr(j, "%zu of the central plan's %zu options %s funded in fewer than half the "
                 "draws: %s in %s", fragile, central, fragile == 1 ? "is" : "are",
                 lowered(j, labels[weakest]), jfmt(j, FC_FMT_PERCENT, p[weakest], 0, 0));
    else
        pl.u.prob.text.title =
            jstr(j, "%zu of the central plan's %zu options %s funded in at least 8 draws out "
                 "of 10", robust, central, robust == 1 ? "is" : "are");
    pl.u.prob.text.subtitle =
        jstr(j, "%s: the share of %ld draws in which each option is in the best set within the "
             "budget; dashed: half the draws", j->scn->name, j->ndraw);
    pl.u.prob.text.x_title = "Funded in, % of draws";
    /* what the probability carries: the population, demand and cost of each draw only when
     * the budget is that draw's own headroom */
    pl.u.prob.text.source =
        from_finance ? "Source: Fulcrum Monte Carlo draws (pbma_summary.csv). Each draw's budget "
                       "is its own headroom, so the probability carries the uncertainty about "
                       "population, demand and cost as well as the options' own."
                     : "Source: Fulcrum Monte Carlo draws (pbma_summary.csv). The options' costs "
                       "and effects and the budget vary; the budget does not follow the draws' "
                       "population or cost (budget_from = finance would make it).";
    if ((st = chart_out(j, "pbma_probability_funded", &pl,
                        "How likely each option is to be funded")) != FC_OK)
        goto done;
    st = add_table(j, "Options: in the central plan's best set, and how often funded over the "
                   "draws", s->n, 3, head, cells,
                   infeasible > 0
                       ? jstr(j, "%.0f draws had no set within their budget; they count as "
                              "funding no option.", infeasible)
                       : "In the central plan: the principal run's optimal set.");
done:
    free(s);
    return st;
}

/* The title page's finding from the draws: the range of the last year's funding gap. */
static fc_status
uncertainty_findings(job *j)
{
    stab s;
    fan *f = calloc(1, sizeof *f);
    int have = 0;
    fc_status st;
    if (f == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    st = stab_read(j, "gap_summary.csv", "programme", "measure", "total", &s, &have);
    if (st == FC_OK && have && s.nyear > 0 && fan_get(&s, "total", "gap", f)) {
        size_t t1 = s.nyear - 1, n = strlen(j->findings);
        snprintf(j->findings + n, sizeof j->findings - n,
                 " Over %ld Monte Carlo draws of the uncertain numbers, the funding gap in %s "
                 "lies between %s and %s in 8 draws out of 10.",
                 j->ndraw, jfmt(j, FC_FMT_FYEAR, s.years[t1], -1, 0),
                 jgbp(j, f->lo[t1], f->hi[t1], 0), jgbp(j, f->hi[t1], f->hi[t1], 0));
    }
    stab_fini(&s);
    free(f);
    return st;
}

/* The section: what was drawn, and how sure each stage's answer is. */
static fc_status
section_uncertainty(job *j)
{
    static const ukind need = {"need_summary.csv", "measure", "uncertainty_need", "Measure",
                               "measures of need", "Need: the least certain measures",
                               "People in need",
                               "People in need, summed over areas (as need.csv). 80% range: P90 "
                               "- P10, as a share of the principal."};
    static const ukind act = {"activity_summary.csv", "service", "uncertainty_activity",
                              "Service", "services", "Activity: the least certain services",
                              "Activity",
                              "Each service in its own unit (as activity.csv). 80% range: P90 - "
                              "P10, as a share of the principal."};
    const kv *u = &j->unc;
    double npar = kv_get(u, "uncertain_parameters"), seed = kv_get(u, "seed");
    double inf = kv_get(u, "pbma_infeasible_draws");
    char chain[160];
    fc_status st;

    {
        /* the stages the draws went through, as the summaries show them */
        static const char *const tabs[5] = {"projection_summary.csv", "need_summary.csv",
                                            "activity_summary.csv", "gap_summary.csv",
                                            "pbma_summary.csv"};
        static const char *const names[5] = {"the population projection", "need", "activity",
                                             "money", "the PBMA decision"};
        size_t n = 0, len = 0;
        int on[5];
        for (size_t i = 0; i < 5; i++)
            n += (size_t)(on[i] = table(j, tabs[i]) != NULL);
        for (size_t i = 0, k = 0; i < 5; i++)
            if (on[i]) {
                k++;
                len += (size_t)snprintf(chain + len, sizeof chain - len, "%s%s",
                                        k == 1 ? "" : k == n ? " and " : ", ", names[i]);
                if (len >= sizeof chain)
                    len = sizeof chain - 1;
            }
        if (n == 0)
            snprintf(chain, sizeof chain, "the chain");
    }
    st = fc_appendix_section_begin(
        j->a, "Uncertainty",
        jstr(j, "How sure the plan's figures are. %ld Monte Carlo draws (seed %.0f) each take "
             "their own value of every uncertain number (%.0f scenario parameter%s%s%s) and "
             "carry it through %s%s, so every output of a draw comes from the same world. Lines "
             "are the principal run, every uncertain number at its median; bands hold the "
             "middle 80%% of the draws (their 10th to 90th percentiles). The draws are "
             "reproducible from the seed, whatever the number of threads.%s",
             j->ndraw, seed, npar, npar == 1 ? "" : "s",
             kv_get(u, "growth_intervals") > 0 || kv_get(u, "need_growth_intervals") > 0
                 ? ", growth beyond demography"
                 : "",
             kv_get(u, "variant_mixture") > 0 ? ", the population variant" : "", chain,
             strchr(chain, ',') || strstr(chain, " and ") ? " together" : "",
             j->ndraw < 100 ? " With fewer than 100 draws the percentiles are rough: run "
                              "more (--draws) before quoting them."
                            : ""),
        j->err);
    if (st == FC_OK)
        st = uncertainty_inputs(j);
    if (st == FC_OK)
        st = uncertainty_population(j);
    if (st == FC_OK)
        st = uncertainty_measures(j, &need);
    if (st == FC_OK)
        st = uncertainty_measures(j, &act);
    if (st == FC_OK)
        st = uncertainty_capacity(j);
    if (st == FC_OK)
        st = uncertainty_money(j);
    if (st == FC_OK)
        st = uncertainty_pbma(j, isnan(inf) ? 0 : inf);
    return st;
}

/* ========================================================================= provenance */

/* SHA-256 of a file as 64 hex digits, and its number of lines. */
static fc_status
sha256_file(job *j, const char *path, char hex[65], size_t *lines)
{
    unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    FILE *f = fopen(path, "rb");
    size_t k, nl = 0;
    int ok = ctx != NULL && f != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;

    while (ok && (k = fread(buf, 1, sizeof buf, f)) > 0) {
        ok = EVP_DigestUpdate(ctx, buf, k) == 1;
        for (size_t i = 0; i < k; i++)
            nl += buf[i] == '\n';
    }
    ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1;
    if (f)
        fclose(f);
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return fc_err_at(j->err, FC_EIO, path, 0, 0, "cannot read to checksum it");
    for (unsigned i = 0; i < mdlen && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    *lines = nl;
    return FC_OK;
}

static fc_status
provenance(job *j)
{
    fc_appendix_input *in = calloc(j->scn->n + j->scn->nfiles + 1, sizeof *in);
    size_t n = 0;
    fc_status st = FC_OK;

    if (in == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < j->scn->nfiles + j->scn->n && st == FC_OK; i++) {
        const char *p = i < j->scn->nfiles ? j->scn->files[i] : j->scn->e[i - j->scn->nfiles].resolved;
        size_t lines = 0, k;
        char hex[65] = {0};
        const char *ext;
        struct stat sb;
        /* input files only: resolved paths of entries such as [run] out are folders */
        if (p == NULL || stat(p, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        for (k = 0; k < n && strcmp(in[k].path, p) != 0; k++)
            ;
        if (k < n)
            continue;
        if ((st = sha256_file(j, p, hex, &lines)) != FC_OK)
            break;
        ext = strrchr(p, '.');
        in[n].path = p;
        in[n].sha256 = jstr(j, "%s", hex);
        in[n].rows = ext && strcasecmp(ext, ".csv") == 0 && lines > 0 ? lines - 1 : lines;
        n++;
    }
    if (st == FC_OK)
        st = fc_appendix_provenance_add(j->a, in, n, (uint64_t)j->scn->seed, j->err);
    free(in);
    return st;
}

/* ============================================================================ running */

static const char *const months[12] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

fc_status
fc_appendix_job_run(const fc_appendix_spec *spec, fc_scenario *scn, fc_out *o, fc_warnings *warn,
                    fc_err *err)
{
    job j;
    fc_appendix_meta meta = {0};
    fc_writer *w;
    fc_sink sink;
    char printed[64] = "", pdf_date[32] = "2000-01-01T00:00:00", version[64];
    const char *tp;
    proj p;
    pbma *pb = calloc(1, sizeof *pb);
    int have_proj = 0, have_pbma = 0;
    fc_status st = FC_OK;

    memset(&j, 0, sizeof j);
    memset(&p, 0, sizeof p);
    if (pb == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    j.spec = spec;
    j.scn = scn;
    j.o = o;
    j.warn = warn;
    j.err = err;
    j.copts.dpi = spec->dpi;
    if (spec->data_date[0]) {
        int y = 0, m = 0, d = 0;
        sscanf(spec->data_date, "%4d-%2d-%2d", &y, &m, &d);
        snprintf(printed, sizeof printed, "%d %s %d", d, months[m - 1], y);
        snprintf(pdf_date, sizeof pdf_date, "%sT00:00:00", spec->data_date);
    }
    j.copts.date = pdf_date;
    snprintf(version, sizeof version, "Fulcrum %s", FC_VERSION);
    meta.title = spec->title;
    meta.scenario = scn->name;
    meta.organisation = spec->organisation;
    meta.data_date = printed[0] ? printed : NULL;
    meta.version = version;
    meta.pdf_date = pdf_date;

    /* the tables are read first, so the title page can state the findings */
    if ((tp = table(&j, "uncertainty.csv")) != NULL) {
        static const fc_csv_col kcols[2] = {{"measure", 1}, {"value", 1}};
        double n;
        if ((st = fc_csv_read(tp, kcols, 2, 0, kv_row, &j.unc, NULL, err)) != FC_OK)
            goto done;
        n = kv_get(&j.unc, "draws");
        j.ndraw = n >= 1 && n <= 1e9 ? (long)n : 0;
    }
    if ((tp = table(&j, "projection.csv")) != NULL && (st = proj_read(&j, tp, &p)) != FC_OK)
        goto done;
    have_proj = tp != NULL;
    if (have_proj)
        projection_findings(&j, &p);
    if ((st = pbma_load(&j, pb, &have_pbma)) != FC_OK)
        goto done;
    if (j.ndraw > 0 && (st = uncertainty_findings(&j)) != FC_OK)
        goto done;
    if ((st = fc_palette_alloc(&j.pal, err)) != FC_OK)
        goto done;
    if ((st = fc_out_file(o, "appendix.pdf", &w, err)) != FC_OK)
        goto done;
    sink.write = writer_sink;
    sink.closure = w;
    meta.summary = j.findings[0] ? j.findings : NULL;
    if ((st = fc_appendix_alloc(&j.a, &sink, &meta, &j.copts, j.pal, err)) != FC_OK)
        goto done;
    if (have_proj)
        st = section_projection(&j, &p);
    if (st == FC_OK)
        st = section_activity(&j);
    if (st == FC_OK)
        st = section_money(&j);
    if (st == FC_OK && have_pbma)
        st = section_pbma(&j, pb);
    if (st == FC_OK && j.ndraw > 0)
        st = section_uncertainty(&j);
    if (st == FC_OK)
        st = provenance(&j);
    if (st == FC_OK)
        st = fc_appendix_finish(j.a, err);
done:
    fc_appendix_free(j.a);
    fc_palette_free(j.pal);
    proj_fini(&p);
    free(pb);
    for (size_t i = 0; i < j.npool; i++)
        free(j.pool[i]);
    free(j.pool);
    return st;
}

/* ============================================================= the stage and the command */

static fc_status
stage_configure(fc_chain *ch, void **out, fc_err *err)
{
    static const char *const yesno[] = {"no", "yes", NULL};
    fc_scenario *s = ch->scn;
    fc_appendix_spec *spec;
    const char *date = NULL;
    long ap = 4;
    int png = 1, svg = 1;
    fc_status st;

    if (!fc_scn_has(s, "appendix"))
        return FC_OK;
    if ((spec = calloc(1, sizeof *spec)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    *out = spec;
    spec->dpi = 150;
    if ((st = fc_scn_str(s, "appendix", "title", &spec->title, err)) != FC_OK ||
        (st = fc_scn_str(s, "appendix", "organisation", &spec->organisation, err)) != FC_OK ||
        (st = fc_scn_str(s, "appendix", "data_date", &date, err)) != FC_OK ||
        (st = fc_scn_num(s, "appendix", "dpi", 36, 1200, &spec->dpi, err)) != FC_OK ||
        (st = fc_scn_choice(s, "appendix", "png", yesno, &png, err)) != FC_OK ||
        (st = fc_scn_choice(s, "appendix", "svg", yesno, &svg, err)) != FC_OK ||
        (st = fc_scn_long(s, "appendix", "area_pyramids", 0, 64, &ap, err)) != FC_OK)
        return st;
    fc_scn_get(s, "appendix", "enabled"); /* set by `fulcrum appendix`: marks it used */
    spec->png = png;
    spec->svg = svg;
    spec->area_pyramids = ap;
    if (date) {
        int y, m, d, n = 0;
        if (strlen(date) != 10 || sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
            n != 10 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1000)
            return fc_scn_fail(fc_scn_get(s, "appendix", "data_date"), err,
                               "data_date '%s' is not a date YYYY-MM-DD", date);
        memcpy(spec->data_date, date, 11);
    }
    return FC_OK;
}

/* One appendix renders at a time in a process: Cairo, Pango and fontconfig keep process-wide
 * caches (font maps, scaled fonts, subsets) whose state a concurrent render can change, and a
 * batch's appendix.pdf once differed between -j 1 and -j 2. Rendering takes under a second, so
 * batches lose little and the bytes never depend on the thread count. */
static pthread_mutex_t render_mu = PTHREAD_MUTEX_INITIALIZER;

static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    pthread_mutex_lock(&render_mu);
    fc_status st = fc_appendix_job_run(spec, ch->scn, ch->o, ch->warn, err);
    pthread_mutex_unlock(&render_mu);
    return st;
}

static const char *const stage_sections[] = {"appendix", NULL};

const fc_stage fc_stage_appendix = {"appendix", stage_sections, stage_configure, stage_run, free,
                                    NULL, NULL};

/* `fulcrum appendix SCENARIO [--out DIR] [--from DIR]` */
static fc_status
cmd_appendix(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const char *scn_path = NULL, *out = NULL, *from = NULL;
    fc_scenario scn;
    fc_chain ch;
    void *specs[64];
    size_t me = 0;
    fc_status st;

    for (int i = 1; i < argc; i++) {
        const char **dst = strcmp(argv[i], "--out") == 0    ? &out
                           : strcmp(argv[i], "--from") == 0 ? &from
                                                            : NULL;
        if (dst) {
            if (++i == argc)
                return FC_FAIL(err, FC_EUSAGE, "option '%s' needs a value", argv[i - 1]);
            *dst = argv[i];
        } else if (strncmp(argv[i], "--out=", 6) == 0) {
            out = argv[i] + 6;
        } else if (strncmp(argv[i], "--from=", 7) == 0) {
            from = argv[i] + 7;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return FC_FAIL(err, FC_EUSAGE, "unknown option '%s'", argv[i]);
        } else if (scn_path) {
            return FC_FAIL(err, FC_EUSAGE, "one scenario file at a time");
        } else {
            scn_path = argv[i];
        }
    }
    if (scn_path == NULL)
        return FC_FAIL(err, FC_EUSAGE, "missing the scenario file");
    for (me = 0; fc_stages[me] && fc_stages[me] != &fc_stage_appendix; me++)
        ;
    if (fc_stages[me] == NULL || me >= sizeof specs / sizeof specs[0])
        return FC_FAIL(err, FC_EINVAL, "the appendix stage is not in the chain");

    memset(&ch, 0, sizeof ch);
    memset(specs, 0, sizeof specs);
    if ((st = fc_scenario_read(scn_path, &scn, err)) == FC_OK) {
        char dflt[FC_SCN_PATH_MAX + 8];
        snprintf(dflt, sizeof dflt, "out/%s", scn.name);
        if (!out)
            out = from ? from : scn.out ? scn.out : dflt;
        ch.scn = &scn;
        ch.warn = warn;
        ch.seed = scn.seed;
        if (!fc_scn_has(&scn, "appendix"))
            st = fc_scn_set(&scn, "appendix", "enabled", "yes", err);
        if (st == FC_OK && (st = fc_chain_configure(&ch, specs, err)) == FC_OK &&
            (st = fc_out_open(out, &ch.o, err)) == FC_OK) {
            if (from) {
                /* render only: the other stages were configured (checked, inputs resolved
                 * for the provenance page) but their tables come from the finished folder */
                ((fc_appendix_spec *)specs[me])->from = from;
                st = fc_stage_appendix.run(&ch, specs[me], err);
            } else {
                st = fc_chain_run(&ch, specs, err);
            }
            if (st == FC_OK)
                st = fc_out_commit(ch.o, err);
        }
        fc_out_free(ch.o);
    }
    fc_chain_fini(&ch, specs);
    fc_scenario_free(&scn);
    return st;
}

const fc_cmd fc_cmd_def_appendix = {
    "appendix",
    cmd_appendix,
    "render the charts and the PDF analysis appendix of a scenario",
    "fulcrum appendix SCENARIO [--out DIR] [--from DIR]",
    "Runs the scenario's chain (as `fulcrum run` does) and renders its analysis appendix even\n"
    "when the scenario has no [appendix] section: every chart as DIR/charts/<id>.png and .svg\n"
    "beside DIR/charts/<id>.csv (the data it plots), and DIR/appendix.pdf (title page, a\n"
    "section per stage with charts, tables and the assumptions used, and a provenance page\n"
    "with the inputs' SHA-256 checksums and the seed). The same inputs give the same bytes.\n\n"
    "options:\n"
    "  --out DIR    output directory (default: the scenario's [run] out, else out/<name>)\n"
    "  --from DIR   do not run the stages: draw from the tables of a finished run in DIR\n"
    "               (the output goes to DIR too unless --out is given)\n\n"
    "example:\n"
    "  fulcrum appendix datasets/example.ini --out out/example\n",
};
