/* appendix.c: the plan's analysis appendix (issue 6): the `appendix` stage of the chain and
 * `fulcrum appendix`: the job, chart output, provenance and running (each section of the
 * appendix has a file of its own: appendix_int.h lists them). Charts are fed only by the
 * tables earlier stages published: the stage reads them back from this run's output
 * transaction (fc_out_tmp_path) or, with --from, from a finished output folder, so the
 * appendix depends on nothing but those tables. Each chart is
 * written as charts/<id>.png and .svg beside charts/<id>.csv (the data it plots), and all of
 * them go into appendix.pdf with tables, the assumptions used and a provenance page.
 *
 *   [appendix]  title, organisation, source* (each key that starts with "source": where
 *               the data come from, a line each on the title page), data_date (YYYY-MM-DD),
 *               dpi (PNG, default 150),
 *               png, svg (yes|no), area_pyramids (default 4)
 */
#include "engine/appendix/appendix_int.h"

#include <ctype.h>
#include <errno.h>
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
#include "engine/cli/opts.h"
#include "engine/io/grow.h"
#include "engine/io/intern.h"
#include "engine/io/sink.h"
#include "engine/chain/chain.h"
#include "engine/io/table.h"
#include "engine/cli/version.h"
#include "plots/appendix.h"
#include "plots/plot.h"


/* ============================================================================ the job */



char *
apx_jstr(job *j, const char *fmt, ...)
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
const char *
apx_jfmt(job *j, fc_axis_fmt_kind kind, double v, int decimals, int sign)
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
    return apx_jstr(j, "%s", buf);
}

/* A money amount on the scale of ref, so that figures quoted together share a unit
 * ("£2.53m and £0.95m", not "£2.53m and £950k"). */
const char *
apx_jgbp(job *j, double v, double ref, int sign)
{
    fc_axis_fmt f;
    char buf[FC_AXIS_LABEL_MAX];
    fc_axis_fmt_choose(&f, FC_FMT_GBP, fabs(ref), 0);
    f.decimals = f.div >= 1e6 && fabs(ref) / f.div < 100 ? 2 : 0;
    f.sign = sign;
    fc_axis_fmt_value(&f, v, buf, sizeof buf);
    return apx_jstr(j, "%s", buf);
}

const char *
apx_fyear(job *j, int year)
{
    return apx_jstr(j, "%d/%02d", year, (year + 1) % 100);
}

const char *
apx_jgbp_m(job *j, double v, int sign)
{
    fc_axis_fmt f;
    char buf[FC_AXIS_LABEL_MAX];
    fc_axis_fmt_choose(&f, FC_FMT_GBP, 1e6, 0); /* the millions' prefix and suffix */
    f.div = 1e6;
    f.suffix = "m";
    f.decimals = 2;
    f.sign = sign;
    fc_axis_fmt_value(&f, v, buf, sizeof buf);
    return apx_jstr(j, "%s", buf);
}

/* A code name as a reader would write it: underscores as spaces, the first letter capital
 * ("community_nursing_contacts" -> "Community nursing contacts"). Codes with capitals or
 * digits only (area codes such as "EP01") are kept as they are. */
const char *
apx_pretty(job *j, const char *name)
{
    char *s;
    int lower = 0;
    for (const char *q = name; *q; q++)
        lower |= islower((unsigned char)*q);
    if (!lower || (s = apx_jstr(j, "%s", name)) == NULL)
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
        return apx_jstr(j, "%s", out);
    }
}

/* name with its first letter in lower case, for use inside a sentence. */
const char *
apx_lowered(job *j, const char *name)
{
    char *s = apx_jstr(j, "%s", name);
    if (s == NULL)
        return name;
    if (isupper((unsigned char)s[0]) && !(s[1] && isupper((unsigned char)s[1])))
        s[0] = (char)tolower((unsigned char)s[0]);
    return s;
}

/* Gives a family of series (areas, variants, age groups) the Okabe-Ito colours in order, so
 * each chart's series are told apart and a series keeps its colour in every chart. */
void
apx_family(job *j, const char *const *names, size_t n)
{
    static const unsigned cols[8] = {FC_RGB_ORANGE, FC_RGB_SKY,    FC_RGB_GREEN,  FC_RGB_BLUE,
                                     FC_RGB_VERMILLION, FC_RGB_PURPLE, FC_RGB_YELLOW, FC_RGB_BLACK};
    for (size_t i = 0; i < n; i++)
        fc_palette_set(j->pal, names[i], fc_rgb_hex(cols[i % 8]), NULL);
}

/* Where a published table comes from: this run's writer, which keeps the bytes of every table
 * the stage declares in fc_stage_appendix.reads, else the --from folder. 1: there is one (at
 * *path; in memory when *bytes is set), 0: none, -1: this run's writes to it failed (errno).
 * j->path keeps the table's path for later messages. */
static int
table_source(job *j, const char *name, const char **bytes, size_t *len, const char **path)
{
    int rc, e;
    *path = NULL;
    *bytes = NULL;
    rc = fc_out_kept(j->o, name, bytes, len, path);
    e = errno;
    if (rc == 0 || e != ENOENT) { /* a failed write: the error the commit would report */
        snprintf(j->path, sizeof j->path, "%s", *path);
        errno = e;
        return rc == 0 ? 1 : -1;
    }
    if (j->spec->from == NULL)
        return 0;
    snprintf(j->path, sizeof j->path, "%s/%s", j->spec->from, name);
    *path = j->path;
    return access(j->path, R_OK) == 0;
}

int
apx_has(job *j, const char *name)
{
    const char *bytes, *path;
    size_t len;
    return table_source(j, name, &bytes, &len, &path) != 0;
}

fc_status
apx_read(job *j, const char *name, const fc_csv_col *cols, size_t ncol, size_t min_rows,
         fc_csv_row_fn fn, void *ctx, int *have)
{
    const char *bytes, *path;
    size_t len;
    int src = table_source(j, name, &bytes, &len, &path);
    if (have)
        *have = src != 0;
    if (src < 0)
        return fc_err_at(j->err, FC_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (src == 0)
        return FC_OK;
    return bytes ? fc_csv_read_mem(path, bytes, len, 0, cols, ncol, min_rows, fn, ctx, NULL,
                                   j->err)
                 : fc_csv_read(path, cols, ncol, min_rows, fn, ctx, NULL, j->err);
}

/* ----------------------------------------------------------------------- chart output */

/* Starts charts/<id>.csv (the chart's data); the caller writes it. */
fc_status
apx_chart_csv(job *j, const char *id, fc_writer **w)
{
    char name[128];
    if (j->layout_only) { /* the first rendering: the table goes nowhere */
        if (fc_grow((void **)&j->scratch, &j->capscratch, j->nscratch, sizeof *j->scratch) ||
            (*w = fc_mem_writer_alloc()) == NULL)
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        j->scratch[j->nscratch++] = *w;
        return FC_OK;
    }
    snprintf(name, sizeof name, "%s.csv", id);
    return fc_out_file_in(j->o, "charts", name, w, j->err);
}

/* Writes p as charts/<id>.png and .svg and places it in the appendix with caption (the
 * chart's table is named after it). */
fc_status
apx_chart_out(job *j, const char *id, const fc_plot *p, const char *caption)
{
    static const char *const ext[2] = {"png", "svg"};
    static const fc_chart_format fmt[2] = {FC_CHART_PNG, FC_CHART_SVG};
    const int on[2] = {j->spec->png, j->spec->svg};
    fc_chart_opts opts = j->copts;
    char name[128], cap[1024];
    fc_status st = FC_OK;

    opts.height_pt = fmax(300, fc_plot_height_hint(p));
    for (int f = 0; f < 2 && st == FC_OK && !j->layout_only; f++) {
        fc_writer *w;
        fc_sink sink;
        if (!on[f])
            continue;
        snprintf(name, sizeof name, "%s.%s", id, ext[f]);
        if ((st = fc_out_file_in(j->o, "charts", name, &w, j->err)) != FC_OK)
            break;
        sink = fc_w_sink(w);
        st = fc_plot_write(p, fmt[f], &sink, &opts, j->pal, j->err);
    }
    snprintf(cap, sizeof cap, "%s (table: charts/%s.csv)", caption, id);
    if (st == FC_OK)
        st = fc_appendix_plot_add(j->a, p, opts.height_pt, cap, j->err);
    return st;
}

void
apx_year_lines(fc_plot *pl, const double *x, size_t n, const fc_series *s, size_t ns)
{
    pl->u.lines.n_x = n;
    pl->u.lines.x = x;
    pl->u.lines.n_series = ns;
    pl->u.lines.series = s;
    pl->u.lines.x_fmt = FC_FMT_YEAR;
    pl->u.lines.y_fmt = FC_FMT_NUMBER;
}

void
apx_year_bars(fc_plot *pl, const double *x, size_t n, const char *const *names, size_t ncat,
              const double *vals, fc_axis_fmt_kind y_fmt)
{
    pl->u.stack.n_x = n;
    pl->u.stack.x = x;
    pl->u.stack.n_cat = ncat;
    pl->u.stack.cat_names = names;
    pl->u.stack.values = vals;
    pl->u.stack.bars = 1;
    pl->u.stack.totals = 1;
    pl->u.stack.x_fmt = FC_FMT_YEAR;
    pl->u.stack.y_fmt = y_fmt;
}

/* Adds a table of preformatted cells (numbers right-aligned). */
fc_status
apx_add_table(job *j, const char *title, size_t nrow, size_t ncol, const char *const *head,
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
fc_status
apx_assumptions(job *j, const char *stage)
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
                           : apx_jstr(j, "[%s] %s", e->section, e->key);
        cells[3 * n + 1] = e->value;
        cells[3 * n + 2] = apx_jstr(j, "%s:%d", e->file, e->line);
        n++;
    }
    st = n ? apx_add_table(j, apx_jstr(j, "Assumptions used: the [%s] section of the scenario", stage),
                       n, 3, head, cells,
                       "Keys not listed take the defaults documented in docs/scenario.md.")
           : FC_OK;
    free(cells);
    return st;
}

/* Adds year to the ascending list years[0..*n) (at most 512) unless it is there already. */
fc_status
apx_year_add(int years[512], size_t *n, int year, const fc_csv_row *r, fc_err *err)
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
        in[n].sha256 = apx_jstr(j, "%s", hex);
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

static int
discard_sink(void *closure, const unsigned char *data, size_t n)
{
    (void)closure, (void)data, (void)n;
    return 0;
}

/* The appendix from its title page to its provenance, into sink. */
static fc_status
render(job *j, const fc_sink *sink, const fc_appendix_meta *meta, proj *p, pbma *pb)
{
    fc_status st;
    if ((st = fc_appendix_alloc(&j->a, sink, meta, &j->copts, j->pal, j->err)) != FC_OK)
        return st;
    if (p)
        st = apx_section_projection(j, p);
    if (st == FC_OK)
        st = apx_section_activity(j);
    if (st == FC_OK)
        st = apx_section_money(j);
    if (st == FC_OK && pb)
        st = apx_section_pbma(j, pb);
    if (st == FC_OK && j->ndraw > 0)
        st = apx_section_uncertainty(j);
    if (st == FC_OK && apx_has(j, "sensitivity.csv"))
        st = apx_section_sensitivity(j);
    if (st == FC_OK)
        st = provenance(j);
    if (st == FC_OK)
        st = fc_appendix_finish(j->a, j->err);
    return st;
}

/* The first rendering's headings, figures and tables, copied for the second's contents (their
 * texts into the job's pool). */
static fc_status
keep_entries(job *j, fc_appendix_meta *meta)
{
    const fc_appendix_entry *e;
    size_t n = fc_appendix_entries(j->a, &e);
    fc_appendix_entry *c = n ? malloc(n * sizeof *c) : NULL;
    if (n && c == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        c[i] = e[i];
        if ((c[i].text = apx_jstr(j, "%s", e[i].text)) == NULL) {
            free(c);
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        }
    }
    meta->contents = c;
    meta->ncontents = n;
    return FC_OK;
}

fc_status
fc_appendix_job_run(const fc_appendix_spec *spec, fc_scenario *scn, fc_out *o,
                    const fc_projection *pcube, fc_warnings *warn, fc_err *err)
{
    job j;
    fc_appendix_meta meta = {0};
    fc_writer *w;
    fc_sink sink;
    char printed[64] = "", pdf_date[32] = "2000-01-01T00:00:00", version[64];
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
    j.cube = pcube;
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
    meta.sources = spec->sources;
    meta.data_date = printed[0] ? printed : NULL;
    meta.version = version;
    meta.pdf_date = pdf_date;

    /* the tables are read first, so the title page can state the findings */
    {
        static const fc_csv_col kcols[2] = {{"measure", 1}, {"value", 1}};
        double n;
        if ((st = apx_read(&j, "uncertainty.csv", kcols, 2, 0, apx_kv_row, &j.unc, NULL)) !=
            FC_OK)
            goto done;
        n = j.unc.n ? apx_kv_get(&j.unc, "draws") : 0;
        j.ndraw = n >= 1 && n <= 1e9 ? (long)n : 0;
    }
    if ((st = apx_proj_read(&j, &p, &have_proj)) != FC_OK)
        goto done;
    if (have_proj)
        apx_projection_findings(&j, &p);
    if ((st = apx_pbma_load(&j, pb, &have_pbma)) != FC_OK)
        goto done;
    if (j.ndraw > 0 && (st = apx_uncertainty_findings(&j)) != FC_OK)
        goto done;
    if ((st = fc_palette_alloc(&j.pal, err)) != FC_OK)
        goto done;
    meta.summary = j.findings[0] ? j.findings : NULL;
    /* rendered twice: first for the pages of every heading, figure and table, then for good
     * with the contents page that lists them (the layout is the same after the contents) */
    sink.write = discard_sink;
    sink.closure = NULL;
    j.layout_only = 1;
    if ((st = render(&j, &sink, &meta, have_proj ? &p : NULL, have_pbma ? pb : NULL)) != FC_OK ||
        (st = keep_entries(&j, &meta)) != FC_OK)
        goto done;
    fc_appendix_free(j.a);
    j.a = NULL;
    j.layout_only = 0;
    if ((st = fc_out_file(o, "appendix.pdf", &w, err)) != FC_OK)
        goto done;
    sink = fc_w_sink(w);
    st = render(&j, &sink, &meta, have_proj ? &p : NULL, have_pbma ? pb : NULL);
done:
    fc_appendix_free(j.a);
    for (size_t i = 0; i < j.nscratch; i++)
        fc_mem_writer_free(j.scratch[i]);
    free(j.scratch);
    free((void *)(uintptr_t)meta.contents);
    fc_palette_free(j.pal);
    apx_proj_fini(&p);
    free(pb);
    for (size_t i = 0; i < j.npool; i++)
        free(j.pool[i]);
    free(j.pool);
    return st;
}

/* ============================================================= the stage and the command */

/* The [appendix] keys that start with "source", in the order given, joined a line each
 * (a scenario line is short, and a plan names several sources). */
static fc_status
sources(fc_scenario *s, fc_appendix_spec *spec, fc_err *err)
{
    size_t n = 0, len = 0;
    for (size_t i = 0; i < s->n; i++)
        if (strcasecmp(s->e[i].section, "appendix") == 0 &&
            strncasecmp(s->e[i].key, "source", 6) == 0 &&
            fc_scn_get(s, "appendix", s->e[i].key) == &s->e[i]) /* the entry in force */
            len += strlen(s->e[i].value) + 1, n++;
    if (n == 0)
        return FC_OK;
    if ((spec->sources_buf = malloc(len)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    spec->sources_buf[0] = '\0';
    for (size_t i = 0; i < s->n; i++)
        if (strcasecmp(s->e[i].section, "appendix") == 0 &&
            strncasecmp(s->e[i].key, "source", 6) == 0 &&
            fc_scn_get(s, "appendix", s->e[i].key) == &s->e[i]) {
            if (spec->sources_buf[0])
                strcat(spec->sources_buf, "\n");
            strcat(spec->sources_buf, s->e[i].value);
        }
    spec->sources = spec->sources_buf;
    return FC_OK;
}

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
        (st = sources(s, spec, err)) != FC_OK ||
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
    fc_status st = fc_appendix_job_run(spec, ch->scn, ch->o, ch->projection, ch->warn, err);
    pthread_mutex_unlock(&render_mu);
    return st;
}

static const char *const stage_sections[] = {"appendix", NULL};

/* The tables the appendix draws from, as the earlier stages published them (the projection
 * and the life tables, the largest, come from the projection cube instead). */
static const char *const stage_reads[] = {
    "components.csv", "need.csv", "activity.csv",
    "drivers.csv", "capacity.csv", "gap.csv", "bridge.csv", "budget.csv", "options.csv",
    "summary.csv", "pbma_budget.csv", "ceac.csv", "uncertainty.csv", "parameters_summary.csv",
    "variants_summary.csv", "projection_summary.csv", "population_summary.csv",
    "need_summary.csv", "activity_summary.csv", "capacity_summary.csv", "gap_summary.csv",
    "pbma_summary.csv", "sensitivity.csv", "switching_values.csv", "sensitivity_grid.csv", "pbma_evppi.csv", NULL};

static void
stage_spec_free(void *spec)
{
    fc_appendix_spec *sp = spec;
    if (sp)
        free(sp->sources_buf);
    free(sp);
}

const fc_stage fc_stage_appendix = {
    .name = "appendix", .sections = stage_sections, .configure = stage_configure,
    .run = stage_run, .reads = stage_reads, .publishes = 1, .spec_free = stage_spec_free};

/* `fulcrum appendix SCENARIO [--out DIR] [--from DIR]` */
static fc_status
cmd_appendix(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const char *scn_path = NULL, *out = NULL, *from = NULL;
    const fc_opt opts[] = {FC_OPT_STR_("out", &out), FC_OPT_STR_("from", &from), FC_OPT_END};
    fc_scenario scn;
    fc_chain ch;
    void *specs[64];
    size_t me = 0, npos;
    fc_status st;

    if ((st = fc_opts_parse(argc, argv, opts, &scn_path, 1, &npos, err)) != FC_OK)
        return st;
    if (npos == 0)
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

