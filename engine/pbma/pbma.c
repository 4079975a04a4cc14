/* cmd_pbma.c: the PBMA subcommands. `fulcrum icers` (incremental analysis of mutually
 * exclusive strategies), `fulcrum psa` (CEAC, CEAF, EVPI and expected loss from PSA samples)
 * and `fulcrum pbma` (options table, MCDA criteria, marginal-analysis lists, the best set
 * within a budget against the greedy league table, and P(funded) over seeded draws).
 * Every input is read and validated before the output directory is touched.
 */
#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/pbma/pbma.h"
#include "engine/chain/chain.h"
#include "engine/finance/finance.h"
#include "engine/io/csvin.h"
#include "engine/io/out.h"
#include "models/pbma.h"
#include "models/rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_rng.h>

/* ------------------------------------------------------------------------ small helpers */

static char *
xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

/* A growable list of names with linear lookup (option and strategy counts are small). */
typedef struct names {
    char **s;
    size_t *line;
    size_t n, cap;
} names;

static size_t
names_find(const names *t, const char *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->s[i], s) == 0)
            return i;
    return SIZE_MAX;
}

static fc_status
names_add(names *t, const char *s, size_t line, fc_err *err)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        char **ns = realloc(t->s, cap * sizeof *ns);
        size_t *nl;
        if (ns == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->s = ns;
        if ((nl = realloc(t->line, cap * sizeof *nl)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->line = nl;
        t->cap = cap;
    }
    if ((t->s[t->n] = xstrdup(s)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    t->line[t->n++] = line;
    return FC_OK;
}

static void
names_fini(names *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->s[i]);
    free(t->s);
    free(t->line);
    memset(t, 0, sizeof *t);
}

/* Grows a double array to hold at least n entries. */
static fc_status
grow(double **a, size_t *cap, size_t n, fc_err *err)
{
    if (n <= *cap)
        return FC_OK;
    {
        size_t c = *cap ? *cap : 64;
        double *p;
        while (c < n)
            c *= 2;
        if ((p = realloc(*a, c * sizeof *p)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        *a = p;
        *cap = c;
    }
    return FC_OK;
}

static int
empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

static void
w_num_or_na(fc_writer *w, double x)
{
    if (isnan(x))
        fc_w_str(w, "NA");
    else
        fc_w_num(w, x);
}

/* Parses --wtp: a comma-separated list, or FROM:TO:STEP (inclusive of TO within 1e-9). */
static fc_status
parse_wtp(const char *s, double **out, size_t *n, fc_err *err)
{
    double *v = NULL;
    size_t cap = 0, k = 0;
    char *copy = xstrdup(s), *tok, *save = NULL;
    fc_status st = FC_OK;

    if (copy == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if (strchr(copy, ':')) {
        double a, b, step;
        char *p1 = strchr(copy, ':'), *p2;
        *p1 = '\0';
        p2 = strchr(p1 + 1, ':');
        if (p2 == NULL) {
            st = FC_FAIL(err, FC_EUSAGE, "--wtp '%s': expected FROM:TO:STEP", s);
            goto done;
        }
        *p2 = '\0';
        if ((st = fc_opt_double("--wtp", copy, &a, err)) ||
            (st = fc_opt_double("--wtp", p1 + 1, &b, err)) ||
            (st = fc_opt_double("--wtp", p2 + 1, &step, err)))
            goto done;
        if (!(step > 0.0) || b < a || (b - a) / step > 1e6) {
            st = FC_FAIL(err, FC_EUSAGE, "--wtp '%s': need FROM <= TO, STEP > 0 and at most a "
                         "million values", s);
            goto done;
        }
        for (size_t i = 0;; i++) {
            double x = a + (double)i * step;
            if (x > b + 1e-9 * (fabs(b) + step))
                break;
            if ((st = grow(&v, &cap, k + 1, err)))
                goto done;
            v[k++] = x;
        }
    } else {
        for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if ((st = grow(&v, &cap, k + 1, err)) || (st = fc_opt_double("--wtp", tok, &v[k], err)))
                goto done;
            k++;
        }
    }
    if (k == 0)
        st = FC_FAIL(err, FC_EUSAGE, "--wtp '%s' has no values", s);
    for (size_t i = 0; st == FC_OK && i < k; i++)
        if (v[i] < 0.0)
            st = FC_FAIL(err, FC_EUSAGE, "--wtp: %g is negative", v[i]);
done:
    free(copy);
    if (st != FC_OK) {
        free(v);
        return st;
    }
    *out = v;
    *n = k;
    return FC_OK;
}

/* ------------------------------------------------------------------------ strategies table */

/* strategy,cost,effect: one row per strategy. */
typedef struct strat_tab {
    names name;
    double *cost, *effect;
    size_t cap_c, cap_e;
} strat_tab;

static fc_status
strat_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    strat_tab *t = ctx;
    fc_status st;
    double c, e;
    const char *s = row->field[0];

    if (empty(s))
        return fc_csv_fail(row, 0, err, "empty strategy name");
    if (names_find(&t->name, s) != SIZE_MAX)
        return fc_csv_fail(row, 0, err, "duplicate strategy '%s' (first on line %zu)", s,
                           t->name.line[names_find(&t->name, s)]);
    if ((st = fc_csv_double(row, 1, &c, err)) || (st = fc_csv_double(row, 2, &e, err)))
        return st;
    if ((st = grow(&t->cost, &t->cap_c, t->name.n + 1, err)) ||
        (st = grow(&t->effect, &t->cap_e, t->name.n + 1, err)))
        return st;
    t->cost[t->name.n] = c;
    t->effect[t->name.n] = e;
    return names_add(&t->name, s, row->line, err);
}

static void
strat_fini(strat_tab *t)
{
    names_fini(&t->name);
    free(t->cost);
    free(t->effect);
}

/* One row strategy,cost,effect,inc_cost,inc_effect,icer,status (shared by icers.csv and
 * group_icers.csv). */
static void
write_icer_row(fc_writer *w, const char *name, double cost, double effect, const fc_pbma_icer *r)
{
    static const char *const status[] = {"ND", "ED", "D"};
    fc_w_field(w, name);
    fc_w_comma(w);
    fc_w_num(w, cost);
    fc_w_comma(w);
    fc_w_num(w, effect);
    fc_w_comma(w);
    w_num_or_na(w, r->inc_cost);
    fc_w_comma(w);
    w_num_or_na(w, r->inc_effect);
    fc_w_comma(w);
    w_num_or_na(w, r->icer);
    fc_w_comma(w);
    fc_w_str(w, status[r->status]);
    fc_w_eol(w);
}

static void
write_icers(fc_writer *w, const char *const name[], const double cost[], const double effect[],
            const fc_pbma_icer r[], size_t n)
{
    fc_w_str(w, "strategy,cost,effect,inc_cost,inc_effect,icer,status\n");
    for (size_t k = 0; k < n; k++)
        write_icer_row(w, name[r[k].strategy], cost[r[k].strategy], effect[r[k].strategy], &r[k]);
}

/* ------------------------------------------------------------------------ `fulcrum icers` */

static fc_status
cmd_icers(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    static const fc_csv_col cols[] = {{"strategy", 1}, {"cost", 1}, {"effect", 1}};
    const char *out = NULL, *in;
    strat_tab t;
    fc_pbma_icer *r = NULL;
    unsigned flags = 0;
    fc_status st;
    int ties = 0;
    const char *pos[1];
    size_t npos;

    const fc_opt opts[] = {
        FC_OPT_STR_("out", &out),
        FC_OPT_CHOICE_("ties", &ties, "dominated,share", NULL),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, pos, 1, &npos, err)) != FC_OK)
        return st;
    if (ties == 1)
        flags = FC_PBMA_TIES_SHARE;
    if (npos != 1)
        return FC_FAIL(err, FC_EUSAGE, "expected exactly one input FILE");
    in = pos[0];
    memset(&t, 0, sizeof t);
    st = fc_csv_read(in, cols, 3, 1, strat_row, &t, warn, err);
    if (st == FC_OK && (r = calloc(t.name.n, sizeof *r)) == NULL)
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
    if (st == FC_OK)
        st = fc_pbma_icers(t.cost, t.effect, t.name.n, flags, r, NULL, err);
    if (st == FC_OK && out == NULL) {
        /* stdout: format through a temporary output set would need a directory; write
         * directly instead, with the same number format. */
        char b[40];
        static const char *const status[] = {"ND", "ED", "D"};
        fputs("strategy,cost,effect,inc_cost,inc_effect,icer,status\n", stdout);
        for (size_t k = 0; k < t.name.n; k++) {
            size_t i = r[k].strategy;
            const char *s = t.name.s[i];
            double v[5] = {t.cost[i], t.effect[i], r[k].inc_cost, r[k].inc_effect, r[k].icer};
            if (strpbrk(s, ",\"\r\n")) {
                putchar('"');
                for (; *s; s++) {
                    if (*s == '"')
                        putchar('"');
                    putchar(*s);
                }
                putchar('"');
            } else {
                fputs(s, stdout);
            }
            for (int j = 0; j < 5; j++) {
                putchar(',');
                if (isnan(v[j]))
                    fputs("NA", stdout);
                else
                    fwrite(b, 1, fc_dtoa(v[j], b), stdout);
            }
            printf(",%s\n", status[r[k].status]);
        }
        if (fflush(stdout) != 0 || ferror(stdout))
            st = FC_FAIL(err, FC_EIO, "cannot write to standard output");
    } else if (st == FC_OK) {
        /* --out FILE: the file's directory is the output set */
        char *dir = xstrdup(out), *slash = strrchr(dir, '/');
        const char *base = out;
        fc_out *o = NULL;
        fc_writer *w;
        if (slash) {
            *slash = '\0';
            base = slash + 1;
            if (dir[0] == '\0')
                strcpy(dir, "/");
        } else {
            strcpy(dir, ".");
        }
        if (base[0] == '\0')
            st = FC_FAIL(err, FC_EUSAGE, "--out '%s' names a directory, not a file", out);
        if (st == FC_OK)
            st = fc_out_open(dir, &o, err);
        if (st == FC_OK)
            st = fc_out_file(o, base, &w, err);
        if (st == FC_OK) {
            write_icers(w, (const char *const *)t.name.s, t.cost, t.effect, r, t.name.n);
            st = fc_out_commit(o, err);
        }
        fc_out_free(o);
        free(dir);
    }
    free(r);
    strat_fini(&t);
    return st;
}

/* ------------------------------------------------------------------------ PSA samples */

/* sim,strategy,cost,effect (long form) -> [sim][strategy] matrices; strategies in order of
 * first appearance, sims numbered 1..N, every (sim, strategy) exactly once. */
typedef struct samples {
    names strat;
    size_t nrow, cap;
    long *sim;
    size_t *sj;
    double *cost, *effect;
    size_t cap_c, cap_e;
    long maxsim;
} samples;

static fc_status
sample_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    samples *t = ctx;
    fc_status st;
    long sim;
    double c, e;
    size_t j;

    if ((st = fc_csv_int(row, 0, 1, 100000000, &sim, err)))
        return st;
    if (empty(row->field[1]))
        return fc_csv_fail(row, 1, err, "empty strategy name");
    if ((st = fc_csv_double(row, 2, &c, err)) || (st = fc_csv_double(row, 3, &e, err)))
        return st;
    if ((j = names_find(&t->strat, row->field[1])) == SIZE_MAX) {
        if ((st = names_add(&t->strat, row->field[1], row->line, err)))
            return st;
        j = t->strat.n - 1;
    }
    if (t->nrow == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 1024;
        long *ns = realloc(t->sim, cap * sizeof *ns);
        size_t *nj;
        if (ns == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->sim = ns;
        if ((nj = realloc(t->sj, cap * sizeof *nj)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->sj = nj;
        t->cap = cap;
    }
    if ((st = grow(&t->cost, &t->cap_c, t->nrow + 1, err)) ||
        (st = grow(&t->effect, &t->cap_e, t->nrow + 1, err)))
        return st;
    t->sim[t->nrow] = sim;
    t->sj[t->nrow] = j;
    t->cost[t->nrow] = c;
    t->effect[t->nrow] = e;
    t->nrow++;
    if (sim > t->maxsim)
        t->maxsim = sim;
    return FC_OK;
}

static void
samples_fini(samples *t)
{
    names_fini(&t->strat);
    free(t->sim);
    free(t->sj);
    free(t->cost);
    free(t->effect);
}

/* Reads path into matrices cost/effect [nsim*nstrat] (new; free()). */
static fc_status
read_samples(const char *path, samples *t, double **cost, double **effect, fc_warnings *warn,
             fc_err *err)
{
    static const fc_csv_col cols[] = {{"sim", 1}, {"strategy", 1}, {"cost", 1}, {"effect", 1}};
    fc_status st;
    size_t ns, nsim, ncell;
    unsigned char *seen = NULL;
    double *c = NULL, *e = NULL;

    memset(t, 0, sizeof *t);
    if ((st = fc_csv_read(path, cols, 4, 1, sample_row, t, warn, err)))
        return st;
    ns = t->strat.n;
    nsim = (size_t)t->maxsim;
    ncell = nsim * ns;
    seen = calloc(ncell, 1);
    c = calloc(ncell, sizeof *c);
    e = calloc(ncell, sizeof *e);
    if (!seen || !c || !e) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t r = 0; r < t->nrow; r++) {
        size_t k = (size_t)(t->sim[r] - 1) * ns + t->sj[r];
        if (seen[k]) {
            st = fc_err_at(err, FC_EDATA, path, r + 2, 0, "duplicate row for sim %ld and "
                           "strategy '%s'", t->sim[r], t->strat.s[t->sj[r]]);
            goto fail;
        }
        seen[k] = 1;
        c[k] = t->cost[r];
        e[k] = t->effect[r];
    }
    for (size_t k = 0; k < ncell; k++)
        if (!seen[k]) {
            st = fc_err_at(err, FC_EDATA, path, 0, 0, "sim %zu has no row for strategy '%s' "
                           "(every sim 1..%zu needs one row per strategy)", k / ns + 1,
                           t->strat.s[k % ns], nsim);
            goto fail;
        }
    free(seen);
    *cost = c;
    *effect = e;
    return FC_OK;
fail:
    free(seen);
    free(c);
    free(e);
    return st;
}

/* ------------------------------------------------------------------------ `fulcrum psa` */

static fc_status
cmd_psa(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const char *out = NULL, *wtps = NULL;
    double *wtp = NULL, *cost = NULL, *effect = NULL;
    size_t nwtp = 0, ns;
    samples t;
    fc_pbma_psa *p = NULL;
    fc_out *o = NULL;
    fc_writer *wc, *we, *wl;
    fc_status st;
    const char *pos[1];
    size_t npos;

    const fc_opt opts[] = {
        FC_OPT_STR_("out", &out),
        FC_OPT_STR_("wtp", &wtps),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, pos, 1, &npos, err)) != FC_OK)
        return st;
    if (npos != 1)
        return FC_FAIL(err, FC_EUSAGE, "expected exactly one input FILE");
    if (wtps == NULL || out == NULL)
        return FC_FAIL(err, FC_EUSAGE, "--wtp and --out are required");
    if ((st = parse_wtp(wtps, &wtp, &nwtp, err)))
        return st;
    st = read_samples(pos[0], &t, &cost, &effect, warn, err);
    ns = t.strat.n;
    if (st == FC_OK)
        st = fc_pbma_psa_alloc(ns, nwtp, &p, err);
    if (st == FC_OK)
        st = fc_pbma_psa_compute(cost, effect, (size_t)t.maxsim, ns, wtp, nwtp, p, err);
    if (st == FC_OK)
        st = fc_out_open(out, &o, err);
    if (st == FC_OK && !(st = fc_out_file(o, "ceac.csv", &wc, err)) &&
        !(st = fc_out_file(o, "evpi.csv", &we, err)) &&
        !(st = fc_out_file(o, "expected_loss.csv", &wl, err))) {
        fc_w_str(wc, "wtp,strategy,proportion,on_frontier\n");
        fc_w_str(we, "wtp,evpi\n");
        fc_w_str(wl, "wtp,strategy,expected_loss,on_frontier\n");
        for (size_t w = 0; w < nwtp; w++) {
            fc_w_num(we, wtp[w]);
            fc_w_comma(we);
            fc_w_num(we, p->evpi[w]);
            fc_w_eol(we);
            for (size_t j = 0; j < ns; j++) {
                const char *fr = p->best_mean[w] == j ? "TRUE" : "FALSE";
                fc_w_num(wc, wtp[w]);
                fc_w_comma(wc);
                fc_w_field(wc, t.strat.s[j]);
                fc_w_comma(wc);
                fc_w_num(wc, p->p_best[w * ns + j]);
                fc_w_comma(wc);
                fc_w_str(wc, fr);
                fc_w_eol(wc);
                fc_w_num(wl, wtp[w]);
                fc_w_comma(wl);
                fc_w_field(wl, t.strat.s[j]);
                fc_w_comma(wl);
                fc_w_num(wl, p->exp_loss[w * ns + j]);
                fc_w_comma(wl);
                fc_w_str(wl, fr);
                fc_w_eol(wl);
            }
        }
        st = fc_out_commit(o, err);
    }
    fc_out_free(o);
    fc_pbma_psa_free(p);
    samples_fini(&t);
    free(cost);
    free(effect);
    free(wtp);
    return st;
}

/* ------------------------------------------------------------------------ criteria table */

typedef struct crit_tab {
    names name;
    fc_pbma_criterion *c;
    unsigned char *has_min, *has_max;
    size_t cap;
    const char *path;
    size_t pos_weight, pos_min;
} crit_tab;

enum { C_CRITERION, C_WEIGHT, C_DIRECTION, C_MIN, C_MAX, C_NCOL };

static fc_status
crit_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    crit_tab *t = ctx;
    fc_pbma_criterion cr = {0, 0, 0, 0};
    const char *d = row->field[C_DIRECTION];
    fc_status st;

    if (empty(row->field[C_CRITERION]))
        return fc_csv_fail(row, C_CRITERION, err, "empty criterion name");
    if (names_find(&t->name, row->field[C_CRITERION]) != SIZE_MAX)
        return fc_csv_fail(row, C_CRITERION, err, "duplicate criterion '%s'",
                           row->field[C_CRITERION]);
    if ((st = fc_csv_nonneg(row, C_WEIGHT, &cr.weight, err)))
        return st;
    if (!empty(d)) {
        if (!strcasecmp(d, "benefit") || !strcasecmp(d, "max") || !strcasecmp(d, "more"))
            cr.harm = 0;
        else if (!strcasecmp(d, "harm") || !strcasecmp(d, "min") || !strcasecmp(d, "less"))
            cr.harm = 1;
        else
            return fc_csv_fail(row, C_DIRECTION, err, "'%s' is not 'benefit' (more is better) "
                               "or 'harm' (less is better)", d);
    }
    if (t->name.n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        fc_pbma_criterion *nc = realloc(t->c, cap * sizeof *nc);
        unsigned char *a, *b;
        if (nc == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->c = nc;
        if ((a = realloc(t->has_min, cap)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->has_min = a;
        if ((b = realloc(t->has_max, cap)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->has_max = b;
        t->cap = cap;
    }
    t->has_min[t->name.n] = !empty(row->field[C_MIN]);
    t->has_max[t->name.n] = !empty(row->field[C_MAX]);
    if (t->has_min[t->name.n] && (st = fc_csv_double(row, C_MIN, &cr.min, err)))
        return st;
    if (t->has_max[t->name.n] && (st = fc_csv_double(row, C_MAX, &cr.max, err)))
        return st;
    if (t->has_min[t->name.n] && t->has_max[t->name.n] && !(cr.min < cr.max))
        return fc_csv_fail(row, C_MAX, err, "max %g must be above min %g", cr.max, cr.min);
    t->pos_weight = row->pos[C_WEIGHT];
    t->pos_min = row->pos[C_MIN];
    t->c[t->name.n] = cr;
    return names_add(&t->name, row->field[C_CRITERION], row->line, err);
}

static void
crit_fini(crit_tab *t)
{
    names_fini(&t->name);
    free(t->c);
    free(t->has_min);
    free(t->has_max);
}

/* ------------------------------------------------------------------------ options table */

enum {
    O_OPTION, O_PROGRAMME, O_COST, O_EFFECT, O_COST_LO, O_COST_HI, O_EFFECT_LO, O_EFFECT_HI,
    O_REQUIRES, O_GROUP, O_YEAR, O_NFIXED
};

/* One CSV row: an option's cost in one year. */
typedef struct cost_row {
    size_t opt;
    long year;
    double cost, lo, hi;
    size_t line;
} cost_row;

typedef struct opt_tab {
    const char *path;
    fc_csv_col *cols;
    size_t ncol, ncrit;
    int have_year, use_criteria;
    names name;         /* option names, line = first row */
    char **attr;        /* [n*ncol] raw fields of the option's first row (non-cost columns) */
    size_t attr_cap;
    cost_row *rows;
    size_t nrows, rows_cap;
    size_t pos[O_NFIXED + 64]; /* column positions in the file (1-based), 0 = absent */
} opt_tab;

static int
is_cost_col(size_t j)
{
    return j == O_COST || j == O_COST_LO || j == O_COST_HI || j == O_YEAR;
}

/* Parses an optional interval pair (lo, hi) around point; (double)NAN when both are absent. */
static fc_status
interval(const fc_csv_row *row, size_t ilo, size_t ihi, double point, double *lo, double *hi,
         fc_err *err)
{
    fc_status st;
    int a = !empty(row->field[ilo]), b = !empty(row->field[ihi]);
    *lo = *hi = (double)NAN;
    if (!a && !b)
        return FC_OK;
    if (a != b)
        return fc_csv_fail(row, a ? ihi : ilo, err, "give both ends of the 80%% interval or "
                           "neither");
    if ((st = fc_csv_double(row, ilo, lo, err)) || (st = fc_csv_double(row, ihi, hi, err)))
        return st;
    if (*lo > *hi)
        return fc_csv_fail(row, ihi, err, "%g is below the interval's low end %g", *hi, *lo);
    if (point < *lo || point > *hi)
        return fc_csv_fail(row, ilo, err, "the point value %g is outside the interval %g..%g",
                           point, *lo, *hi);
    return FC_OK;
}

static fc_status
opt_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    opt_tab *t = ctx;
    const char *name = row->field[O_OPTION];
    cost_row cr;
    size_t i;
    fc_status st;

    if (t->nrows == 0) {
        for (size_t j = 0; j < t->ncol && j < O_NFIXED + 64; j++)
            t->pos[j] = row->pos[j];
        t->have_year = row->pos[O_YEAR] != 0;
    }
    if (empty(name))
        return fc_csv_fail(row, O_OPTION, err, "empty option name");
    memset(&cr, 0, sizeof cr);
    cr.line = row->line;
    if (t->have_year && (st = fc_csv_int(row, O_YEAR, 1000, 3000, &cr.year, err)))
        return st;
    if ((st = fc_csv_double(row, O_COST, &cr.cost, err)) ||
        (st = interval(row, O_COST_LO, O_COST_HI, cr.cost, &cr.lo, &cr.hi, err)))
        return st;
    i = names_find(&t->name, name);
    if (i != SIZE_MAX) {
        if (!t->have_year)
            return fc_csv_fail(row, O_OPTION, err, "duplicate option '%s' (first on line %zu)",
                               name, t->name.line[i]);
        for (size_t r = 0; r < t->nrows; r++)
            if (t->rows[r].opt == i && t->rows[r].year == cr.year)
                return fc_csv_fail(row, O_YEAR, err, "duplicate year %ld for option '%s' "
                                   "(first on line %zu)", cr.year, name, t->rows[r].line);
        /* the option's other columns must repeat the first row's values or be empty */
        for (size_t j = 0; j < t->ncol; j++) {
            const char *f = row->field[j], *first = t->attr[i * t->ncol + j];
            if (is_cost_col(j) || j == O_OPTION || empty(f))
                continue;
            if (strcmp(f, first) != 0)
                return fc_csv_fail(row, j, err, "'%s' differs from the value '%s' on the "
                                   "option's first row (line %zu)", f, first, t->name.line[i]);
        }
    } else {
        if ((st = names_add(&t->name, name, row->line, err)))
            return st;
        i = t->name.n - 1;
        if (t->name.n * t->ncol > t->attr_cap) {
            size_t cap = t->attr_cap ? 2 * t->attr_cap : 64 * t->ncol;
            char **a = realloc(t->attr, cap * sizeof *a);
            if (a == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            t->attr = a;
            t->attr_cap = cap;
        }
        for (size_t j = 0; j < t->ncol; j++)
            t->attr[i * t->ncol + j] = NULL;
        for (size_t j = 0; j < t->ncol; j++)
            if ((t->attr[i * t->ncol + j] = xstrdup(row->field[j])) == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
        /* per-option numbers are checked here, on their own row */
        {
            double e = 0.0, lo, hi, s;
            if (!t->use_criteria || !empty(row->field[O_EFFECT])) {
                if ((st = fc_csv_double(row, O_EFFECT, &e, err)) ||
                    (st = interval(row, O_EFFECT_LO, O_EFFECT_HI, e, &lo, &hi, err)))
                    return st;
            }
            for (size_t k = 0; k < t->ncrit; k++)
                if ((st = fc_csv_double(row, O_NFIXED + k, &s, err)))
                    return st;
        }
    }
    cr.opt = i;
    if (t->nrows == t->rows_cap) {
        size_t cap = t->rows_cap ? 2 * t->rows_cap : 64;
        cost_row *nr = realloc(t->rows, cap * sizeof *nr);
        if (nr == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->rows = nr;
        t->rows_cap = cap;
    }
    t->rows[t->nrows++] = cr;
    return FC_OK;
}

static void
opt_fini(opt_tab *t)
{
    if (t->attr)
        for (size_t i = 0; i < t->name.n * t->ncol; i++)
            free(t->attr[i]);
    free(t->attr);
    free(t->rows);
    free(t->cols);
    names_fini(&t->name);
}

static const char *
attr(const opt_tab *t, size_t i, size_t j)
{
    const char *s = t->attr[i * t->ncol + j];
    return s ? s : "";
}

/* ------------------------------------------------------------------------ budgets table */

typedef struct budget_tab {
    long *year;
    double *budget;
    size_t *line;
    size_t n, cap;
} budget_tab;

static fc_status
budget_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    budget_tab *t = ctx;
    long y;
    double b;
    fc_status st;

    if ((st = fc_csv_int(row, 0, 1000, 3000, &y, err)) || (st = fc_csv_double(row, 1, &b, err)))
        return st;
    for (size_t k = 0; k < t->n; k++)
        if (t->year[k] == y)
            return fc_csv_fail(row, 0, err, "duplicate year %ld (first on line %zu)", y,
                               t->line[k]);
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        long *ny = realloc(t->year, cap * sizeof *ny);
        double *nb;
        size_t *nl;
        if (ny == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->year = ny;
        if ((nb = realloc(t->budget, cap * sizeof *nb)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->budget = nb;
        if ((nl = realloc(t->line, cap * sizeof *nl)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        t->line = nl;
        t->cap = cap;
    }
    t->year[t->n] = y;
    t->budget[t->n] = b;
    t->line[t->n++] = row->line;
    return FC_OK;
}

/* ------------------------------------------------------------------------ the PBMA job */

typedef struct job {
    /* inputs */
    const char *opt_path, *crit_path, *budget_path;
    double budget_all;  /* --budget, (double)NAN when absent */
    double threshold;   /* --threshold, 0 when absent */
    long ndraw;
    unsigned long seed;
    /* resolved */
    opt_tab ot;
    crit_tab ct;
    budget_tab bt;
    size_t n, nyear, ncrit;
    long *years;          /* [nyear], 0 when the table has no year column */
    double *budget;       /* [nyear] */
    int have_budget;
    double *cost, *cost_lo, *cost_hi; /* [n*nyear] */
    double *ctot;         /* [n] */
    double *benefit, *ben_lo, *ben_hi; /* [n] */
    double *score, *value, *weighted; /* [n*ncrit] */
    size_t *req_from, *req_to, nreq;
    long *group;          /* [n] */
    names groups;
    /* results */
    fc_pbma_ws *ws;
    unsigned char *x_opt, *x_greedy;
    fc_pbma_solution opt, greedy;
    int greedy_feasible;
    double *shadow;       /* [nyear] */
    double gain_10pct;    /* objective gain with every budget 10% larger */
    size_t *league;       /* [n] */
    size_t *rank;         /* [n] league position, 1-based */
    double *p_funded, *p_greedy, *p_ce, *obj_draws;
} job;

static void
job_fini(job *j)
{
    opt_fini(&j->ot);
    crit_fini(&j->ct);
    free(j->bt.year);
    free(j->bt.budget);
    free(j->bt.line);
    free(j->years);
    free(j->budget);
    free(j->cost);
    free(j->cost_lo);
    free(j->cost_hi);
    free(j->ctot);
    free(j->benefit);
    free(j->ben_lo);
    free(j->ben_hi);
    free(j->score);
    free(j->value);
    free(j->weighted);
    free(j->req_from);
    free(j->req_to);
    free(j->group);
    names_fini(&j->groups);
    fc_pbma_ws_free(j->ws);
    free(j->x_opt);
    free(j->x_greedy);
    free(j->shadow);
    free(j->league);
    free(j->rank);
    free(j->p_funded);
    free(j->p_greedy);
    free(j->p_ce);
    free(j->obj_draws);
}

static int
cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Raises a located error at option i's first row, column j of the options table, with the
 * message of a model-level error. */
static fc_status
opt_fail(job *j, size_t i, size_t col, fc_status st, const char *msg, fc_err *err)
{
    return fc_err_at(err, st, j->opt_path, j->ot.name.line[i], j->ot.pos[col], "%s", msg);
}

/* Reads the criteria, options and budget tables and resolves them into model arrays. */
static fc_status
job_load(job *j, fc_warnings *warn, fc_err *err)
{
    static const fc_csv_col fixed[O_NFIXED] = {
        {"option", 1}, {"programme", 0}, {"cost", 1}, {"effect", 0}, {"cost_lo", 0},
        {"cost_hi", 0}, {"effect_lo", 0}, {"effect_hi", 0}, {"requires", 0}, {"group", 0},
        {"year", 0}};
    static const fc_csv_col ccols[C_NCOL] = {
        {"criterion", 1}, {"weight", 1}, {"direction", 0}, {"min", 0}, {"max", 0}};
    static const fc_csv_col bcols[2] = {{"year", 1}, {"budget", 1}};
    opt_tab *t = &j->ot;
    fc_status st;
    size_t n, ny;

    if (j->crit_path) {
        j->ct.path = j->crit_path;
        if ((st = fc_csv_read(j->crit_path, ccols, C_NCOL, 1, crit_row, &j->ct, warn, err)))
            return st;
        if (j->ct.name.n > 64)
            return fc_err_at(err, FC_ELIMIT, j->crit_path, 0, 0, "at most 64 criteria");
    }
    j->ncrit = j->ct.name.n;
    t->path = j->opt_path;
    t->ncrit = j->ncrit;
    t->use_criteria = j->ncrit > 0;
    t->ncol = O_NFIXED + j->ncrit;
    if ((t->cols = calloc(t->ncol, sizeof *t->cols)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    memcpy(t->cols, fixed, sizeof fixed);
    t->cols[O_EFFECT].required = !t->use_criteria;
    for (size_t k = 0; k < j->ncrit; k++) {
        t->cols[O_NFIXED + k].name = j->ct.name.s[k];
        t->cols[O_NFIXED + k].required = 1;
    }
    /* whether the table has a year column is known at its first row (opt_row) */
    if ((st = fc_csv_read(j->opt_path, t->cols, t->ncol, 1, opt_row, t, warn, err)))
        return st;
    n = j->n = t->name.n;

    /* years */
    if (t->have_year) {
        long *ys = calloc(t->nrows, sizeof *ys);
        size_t m = 0;
        if (ys == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t r = 0; r < t->nrows; r++)
            ys[r] = t->rows[r].year;
        qsort(ys, t->nrows, sizeof *ys, cmp_long);
        for (size_t r = 0; r < t->nrows; r++)
            if (m == 0 || ys[m - 1] != ys[r])
                ys[m++] = ys[r];
        j->years = ys;
        j->nyear = m;
    } else {
        if ((j->years = calloc(1, sizeof *j->years)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        j->nyear = 1;
    }
    ny = j->nyear;

    j->cost = calloc(n * ny, sizeof *j->cost);
    j->cost_lo = calloc(n * ny, sizeof *j->cost_lo);
    j->cost_hi = calloc(n * ny, sizeof *j->cost_hi);
    j->ctot = calloc(n, sizeof *j->ctot);
    j->benefit = calloc(n, sizeof *j->benefit);
    j->ben_lo = calloc(n, sizeof *j->ben_lo);
    j->ben_hi = calloc(n, sizeof *j->ben_hi);
    j->group = calloc(n, sizeof *j->group);
    j->budget = calloc(ny, sizeof *j->budget);
    j->shadow = calloc(ny, sizeof *j->shadow);
    j->x_opt = calloc(n, 1);
    j->x_greedy = calloc(n, 1);
    j->league = calloc(n, sizeof *j->league);
    j->rank = calloc(n, sizeof *j->rank);
    if (!j->cost || !j->cost_lo || !j->cost_hi || !j->ctot || !j->benefit || !j->ben_lo ||
        !j->ben_hi || !j->group || !j->budget || !j->shadow || !j->x_opt || !j->x_greedy ||
        !j->league || !j->rank)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t k = 0; k < n * ny; k++)
        j->cost_lo[k] = j->cost_hi[k] = (double)NAN;
    for (size_t r = 0; r < t->nrows; r++) {
        const cost_row *cr = &t->rows[r];
        size_t y = 0;
        while (t->have_year && j->years[y] != cr->year)
            y++;
        j->cost[cr->opt * ny + y] = cr->cost;
        j->cost_lo[cr->opt * ny + y] = cr->lo;
        j->cost_hi[cr->opt * ny + y] = cr->hi;
    }
    for (size_t i = 0; i < n; i++) {
        double c = 0.0;
        for (size_t y = 0; y < ny; y++)
            c += j->cost[i * ny + y];
        j->ctot[i] = c;
    }

    /* benefit: effect, or MCDA weighted score */
    if (j->ncrit == 0) {
        for (size_t i = 0; i < n; i++) {
            j->benefit[i] = strtod(attr(t, i, O_EFFECT), NULL);
            j->ben_lo[i] = empty(attr(t, i, O_EFFECT_LO)) ? (double)NAN
                                                           : strtod(attr(t, i, O_EFFECT_LO), NULL);
            j->ben_hi[i] = empty(attr(t, i, O_EFFECT_HI)) ? (double)NAN
                                                           : strtod(attr(t, i, O_EFFECT_HI), NULL);
        }
    } else {
        size_t nc = j->ncrit, bo, bc;
        int *sign = calloc(n, sizeof *sign);
        fc_err e2;
        j->score = calloc(n * nc, sizeof *j->score);
        j->value = calloc(n * nc, sizeof *j->value);
        j->weighted = calloc(n * nc, sizeof *j->weighted);
        if (!sign || !j->score || !j->value || !j->weighted) {
            free(sign);
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < n; i++) {
            sign[i] = j->ctot[i] < 0.0 ? -1 : 1;
            j->ben_lo[i] = j->ben_hi[i] = (double)NAN;
            for (size_t k = 0; k < nc; k++)
                j->score[i * nc + k] = strtod(attr(t, i, O_NFIXED + k), NULL);
        }
        /* default scale: min 0 (or the lowest score when negative), max the highest score */
        for (size_t k = 0; k < nc; k++) {
            double lo = 0.0, hi = -(double)HUGE_VAL;
            for (size_t i = 0; i < n; i++) {
                lo = fmin(lo, j->score[i * nc + k]);
                hi = fmax(hi, j->score[i * nc + k]);
            }
            if (!j->ct.has_min[k])
                j->ct.c[k].min = lo;
            if (!j->ct.has_max[k])
                j->ct.c[k].max = hi;
        }
        fc_err_clear(&e2);
        st = fc_pbma_mcda(j->score, n, j->ct.c, nc, sign, j->value, j->weighted, j->benefit,
                          &bo, &bc, &e2);
        free(sign);
        if (st != FC_OK) {
            if (bo != SIZE_MAX)
                return fc_err_at(err, st, j->opt_path, t->name.line[bo], t->pos[O_NFIXED + bc],
                                 "column '%s': %s", j->ct.name.s[bc], e2.msg);
            if (bc != SIZE_MAX)
                return fc_err_at(err, st, j->crit_path, j->ct.name.line[bc], 0,
                                 "criterion '%s': %s%s", j->ct.name.s[bc], e2.msg,
                                 (j->ct.has_min[bc] && j->ct.has_max[bc]) ? ""
                                 : " (min defaults to 0, max to the highest score)");
            return fc_err_at(err, st, j->crit_path, 0, 0, "%s", e2.msg);
        }
    }

    /* groups and requirements */
    for (size_t i = 0; i < n; i++) {
        const char *g = attr(t, i, O_GROUP);
        size_t gi;
        if (empty(g)) {
            j->group[i] = -1;
            continue;
        }
        if ((gi = names_find(&j->groups, g)) == SIZE_MAX) {
            if ((st = names_add(&j->groups, g, t->name.line[i], err)))
                return st;
            gi = j->groups.n - 1;
        }
        j->group[i] = (long)gi;
    }
    {
        size_t cap = 0;
        for (size_t i = 0; i < n; i++) {
            char *list = xstrdup(attr(t, i, O_REQUIRES)), *tok, *save = NULL;
            if (list == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            for (tok = strtok_r(list, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
                size_t k;
                while (*tok == ' ')
                    tok++;
                for (size_t e = strlen(tok); e > 0 && tok[e - 1] == ' ';)
                    tok[--e] = '\0';
                if (*tok == '\0')
                    continue;
                if ((k = names_find(&t->name, tok)) == SIZE_MAX) {
                    st = fc_err_at(err, FC_EDATA, j->opt_path, t->name.line[i], t->pos[O_REQUIRES],
                                   "column 'requires': unknown option '%s'", tok);
                    free(list);
                    return st;
                }
                if (j->nreq == cap) {
                    size_t nc = cap ? 2 * cap : 16;
                    size_t *a = realloc(j->req_from, nc * sizeof *a), *b;
                    if (a == NULL) {
                        free(list);
                        return FC_FAIL(err, FC_ENOMEM, "out of memory");
                    }
                    j->req_from = a;
                    if ((b = realloc(j->req_to, nc * sizeof *b)) == NULL) {
                        free(list);
                        return FC_FAIL(err, FC_ENOMEM, "out of memory");
                    }
                    j->req_to = b;
                    cap = nc;
                }
                j->req_from[j->nreq] = i;
                j->req_to[j->nreq++] = k;
            }
            free(list);
        }
    }

    /* budgets */
    if (j->budget_path) {
        if ((st = fc_csv_read(j->budget_path, bcols, 2, 1, budget_row, &j->bt, warn, err)))
            return st;
        if (!t->have_year && j->bt.n != 1)
            return fc_err_at(err, FC_EDATA, j->budget_path, 0, 0, "the options table has no "
                             "'year' column, so the budget table must have exactly one row");
        for (size_t y = 0; y < ny; y++) {
            size_t k = 0;
            if (t->have_year) {
                while (k < j->bt.n && j->bt.year[k] != j->years[y])
                    k++;
                if (k == j->bt.n)
                    return fc_err_at(err, FC_EDATA, j->budget_path, 0, 0, "no budget for year "
                                     "%ld, which the options table uses", j->years[y]);
            }
            j->budget[y] = j->bt.budget[k];
        }
        j->have_budget = 1;
    } else if (!isnan(j->budget_all)) {
        for (size_t y = 0; y < ny; y++)
            j->budget[y] = j->budget_all;
        j->have_budget = 1;
    } else {
        /* no budget: a limit that never binds (everything worth funding is funded) */
        for (size_t y = 0; y < ny; y++) {
            double s = 1.0;
            for (size_t i = 0; i < n; i++)
                s += fabs(j->cost[i * ny + y]);
            j->budget[y] = s;
        }
    }
    return FC_OK;
}

/* Builds the solver, solves the optimum, greedy, shadow price and the draws. */
static fc_status
job_solve(job *j, fc_err *err)
{
    fc_pbma_problem p = {j->n, j->nyear, j->budget, j->nreq, j->req_from, j->req_to, j->group,
                         j->threshold};
    size_t bad, n = j->n, ny = j->nyear;
    fc_err e2;
    fc_status st;

    fc_err_clear(&e2);
    if ((st = fc_pbma_ws_alloc(&p, &j->ws, &bad, &e2)) != FC_OK) {
        if (st == FC_EDATA && bad != SIZE_MAX) {
            char msg[FC_ERR_MSG_MAX + 64];
            snprintf(msg, sizeof msg, "column 'requires': option '%s': %s", j->ot.name.s[bad],
                     e2.msg);
            return opt_fail(j, bad, O_REQUIRES, st, msg, err);
        }
        return fc_err_raise(err, st, NULL, 0, 0, __FILE__, __LINE__, "%s", e2.msg);
    }
    j->opt.x = j->x_opt;
    j->greedy.x = j->x_greedy;
    fc_err_clear(&e2);
    if ((st = fc_pbma_solve(j->ws, j->cost, j->benefit, &j->opt, &e2)) != FC_OK) {
        if (st == FC_EDATA)
            return fc_err_at(err, st, j->budget_path ? j->budget_path : NULL, 0, 0,
                             "infeasible budget: %s", e2.msg);
        return fc_err_raise(err, st, NULL, 0, 0, __FILE__, __LINE__, "%s", e2.msg);
    }
    if ((st = fc_pbma_greedy(j->ws, j->cost, j->benefit, &j->greedy, &j->greedy_feasible, err)))
        return st;
    if ((st = fc_pbma_shadow_price(j->ws, j->cost, j->benefit, j->shadow, err)))
        return st;
    fc_pbma_league(j->ctot, j->benefit, n, j->league);
    for (size_t k = 0; k < n; k++)
        j->rank[j->league[k]] = k + 1;
    /* the value of 10% more budget, by re-solving */
    j->gain_10pct = (double)NAN;
    if (j->have_budget) {
        double *b2 = calloc(ny, sizeof *b2);
        unsigned char *x2 = calloc(n, 1);
        fc_pbma_ws *w2 = NULL;
        fc_pbma_solution s2 = {x2, 0, 0, 0};
        if (!b2 || !x2) {
            free(b2);
            free(x2);
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        }
        for (size_t y = 0; y < ny; y++)
            b2[y] = j->budget[y] + 0.1 * fabs(j->budget[y]);
        p.budget = b2;
        st = fc_pbma_ws_alloc(&p, &w2, NULL, err);
        if (st == FC_OK)
            st = fc_pbma_solve(w2, j->cost, j->benefit, &s2, err);
        if (st == FC_OK)
            j->gain_10pct = s2.objective - j->opt.objective;
        fc_pbma_ws_free(w2);
        free(b2);
        free(x2);
        if (st)
            return st;
    }
    if (j->ndraw > 0) {
        fc_pbma_uncertain u = {n, ny, j->cost, j->cost_lo, j->cost_hi, j->benefit, j->ben_lo,
                               j->ben_hi};
        double *cd, *bd;
        gsl_rng *r;
        j->p_funded = calloc(n, sizeof *j->p_funded);
        j->p_greedy = calloc(n, sizeof *j->p_greedy);
        j->p_ce = calloc(n, sizeof *j->p_ce);
        j->obj_draws = calloc((size_t)j->ndraw, sizeof *j->obj_draws);
        if (!j->p_funded || !j->p_greedy || !j->p_ce || !j->obj_draws)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        fc_err_clear(&e2);
        st = fc_pbma_portfolio_psa(j->ws, &u, (size_t)j->ndraw, j->seed, j->p_funded,
                                   j->p_greedy, j->obj_draws, NULL, &e2);
        if (st == FC_EDATA)
            return fc_err_at(err, st, j->budget_path, 0, 0, "infeasible budget in a PSA draw: "
                             "%s", e2.msg);
        if (st)
            return fc_err_raise(err, st, NULL, 0, 0, __FILE__, __LINE__, "%s", e2.msg);
        /* P(cost-effective): NMB = threshold * benefit - cost > 0 (benefit > 0 for a
         * disinvestment: the money released is worth more than the benefit lost) */
        cd = calloc(n * ny, sizeof *cd);
        bd = calloc(n, sizeof *bd);
        r = fc_rng_alloc();
        if (!cd || !bd || !r) {
            free(cd);
            free(bd);
            if (r)
                gsl_rng_free(r);
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        }
        for (long d = 1; d <= j->ndraw; d++) {
            fc_pbma_draw(&u, j->seed, (uint64_t)d, r, cd, bd);
            for (size_t i = 0; i < n; i++) {
                double c = 0.0;
                for (size_t y = 0; y < ny; y++)
                    c += cd[i * ny + y];
                if (j->threshold * bd[i] - c > 0.0)
                    j->p_ce[i] += 1.0;
            }
        }
        for (size_t i = 0; i < n; i++)
            j->p_ce[i] /= (double)j->ndraw;
        free(cd);
        free(bd);
        gsl_rng_free(r);
    }
    return FC_OK;
}

static const char *
kind_name(fc_pbma_kind k)
{
    static const char *const s[] = {"investment", "disinvestment", "dominant", "dominated",
                                    "null"};
    return s[k];
}

/* The audit-trail sentence for option i. */
static void
reason(const job *j, size_t i, char *buf, size_t len)
{
    fc_pbma_kind k = fc_pbma_classify(j->ctot[i], j->benefit[i]);
    double c = j->ctot[i], b = j->benefit[i];
    size_t o = 0;
    int funded = j->x_opt[i], gfunded = j->x_greedy[i];

#define ADD(...) \
    do { \
        if (o < len) \
            o += (size_t)snprintf(buf + o, len - o, __VA_ARGS__); \
    } while (0)
    switch (k) {
    case FC_PBMA_INVEST:
        ADD("investment: %.4g benefit per GBP (league rank %zu of %zu)", b / c, j->rank[i], j->n);
        break;
    case FC_PBMA_DISINVEST:
        ADD("disinvestment: releases GBP %.6g losing %.4g, %.4g benefit lost per GBP released "
            "(league rank %zu of %zu)", -c, -b, b / c, j->rank[i], j->n);
        break;
    case FC_PBMA_DOMINANT:
        ADD("dominant: saves GBP %.6g and gains %.4g", -c, b);
        break;
    case FC_PBMA_DOMINATED:
        ADD("dominated: costs GBP %.6g and gains %.4g, never worth funding", c, b);
        break;
    default:
        ADD("no cost and no benefit");
        break;
    }
    if (k == FC_PBMA_DISINVEST) {
        if (funded)
            ADD("; carried out in the optimal set: the money buys more elsewhere");
        else
            ADD("; kept in the optimal set: what it provides is worth more than what the money "
                "would buy elsewhere");
    } else if (funded) {
        ADD("; funded in the optimal set");
    } else {
        int why = 0;
        for (size_t r = 0; r < j->nreq && !why; r++)
            if (j->req_from[r] == i && !j->x_opt[j->req_to[r]]) {
                ADD("; not funded: requires '%s', which is not funded", j->ot.name.s[j->req_to[r]]);
                why = 1;
            }
        for (size_t m = 0; m < j->n && !why; m++)
            if (m != i && j->group[i] >= 0 && j->group[m] == j->group[i] && j->x_opt[m]) {
                ADD("; not funded: '%s' of exclusive group '%s' is funded instead",
                    j->ot.name.s[m], j->groups.s[j->group[i]]);
                why = 1;
            }
        if (!why && j->threshold > 0.0 && j->threshold * b - c <= 0.0) {
            ADD("; not funded: net monetary benefit %.6g <= 0 at the threshold",
                j->threshold * b - c);
            why = 1;
        }
        if (!why && (k == FC_PBMA_INVEST || k == FC_PBMA_DOMINANT))
            ADD("; not funded: the budget buys more benefit with other options");
    }
    if (funded != gfunded)
        ADD("; the league table would %s it", gfunded ? (k == FC_PBMA_DISINVEST ? "carry out"
                                                                                  : "fund")
                                                      : (k == FC_PBMA_DISINVEST ? "keep"
                                                                                  : "not fund"));
#undef ADD
}

static void
w_bool(fc_writer *w, int b)
{
    fc_w_str(w, b ? "TRUE" : "FALSE");
}

static fc_status
job_write(job *j, fc_out *o, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    size_t n = j->n, ny = j->nyear;
    char buf[1024];

    /* options.csv: every option in league order with the decision and its reason */
    if ((st = fc_out_file(o, "options.csv", &w, err)))
        return st;
    fc_w_str(w, "league_rank,option,programme,kind,cost,benefit,benefit_per_gbp,nmb,funded,"
                "greedy_funded,p_funded,p_greedy_funded,p_cost_effective,reason\n");
    for (size_t k = 0; k < n; k++) {
        size_t i = j->league[k];
        double c = j->ctot[i], b = j->benefit[i];
        fc_w_int(w, (long)(k + 1));
        fc_w_comma(w);
        fc_w_field(w, j->ot.name.s[i]);
        fc_w_comma(w);
        fc_w_field(w, attr(&j->ot, i, O_PROGRAMME));
        fc_w_comma(w);
        fc_w_str(w, kind_name(fc_pbma_classify(c, b)));
        fc_w_comma(w);
        fc_w_num(w, c);
        fc_w_comma(w);
        fc_w_num(w, b);
        fc_w_comma(w);
        /* a ratio is only meaningful in the NE and SW quadrants (negative ICERs mislead) */
        {
            fc_pbma_kind kd = fc_pbma_classify(c, b);
            w_num_or_na(w, kd == FC_PBMA_INVEST || kd == FC_PBMA_DISINVEST ? b / c
                                                                            : (double)NAN);
        }
        fc_w_comma(w);
        w_num_or_na(w, j->threshold > 0.0 ? j->threshold * b - c : (double)NAN);
        fc_w_comma(w);
        w_bool(w, j->x_opt[i]);
        fc_w_comma(w);
        w_bool(w, j->x_greedy[i]);
        fc_w_comma(w);
        w_num_or_na(w, j->p_funded ? j->p_funded[i] : (double)NAN);
        fc_w_comma(w);
        w_num_or_na(w, j->p_greedy ? j->p_greedy[i] : (double)NAN);
        fc_w_comma(w);
        w_num_or_na(w, j->p_ce && j->threshold > 0.0 ? j->p_ce[i] : (double)NAN);
        fc_w_comma(w);
        reason(j, i, buf, sizeof buf);
        fc_w_field(w, buf);
        fc_w_eol(w);
    }

    /* investments.csv and disinvestments.csv: the marginal-analysis lists */
    if ((st = fc_out_file(o, "investments.csv", &w, err)))
        return st;
    fc_w_str(w, "rank,option,cost,benefit,benefit_per_gbp,cumulative_cost,cumulative_benefit\n");
    {
        double cc = 0.0, cb = 0.0;
        size_t r = 0;
        for (size_t k = 0; k < n; k++) {
            size_t i = j->league[k];
            fc_pbma_kind kd = fc_pbma_classify(j->ctot[i], j->benefit[i]);
            if (kd != FC_PBMA_INVEST && kd != FC_PBMA_DOMINANT)
                continue;
            cc += j->ctot[i];
            cb += j->benefit[i];
            fc_w_int(w, (long)++r);
            fc_w_comma(w);
            fc_w_field(w, j->ot.name.s[i]);
            fc_w_comma(w);
            fc_w_num(w, j->ctot[i]);
            fc_w_comma(w);
            fc_w_num(w, j->benefit[i]);
            fc_w_comma(w);
            w_num_or_na(w, kd == FC_PBMA_DOMINANT ? (double)NAN : j->benefit[i] / j->ctot[i]);
            fc_w_nums(w, (const double[]){cc, cb}, 2);
            fc_w_eol(w);
        }
    }
    if ((st = fc_out_file(o, "disinvestments.csv", &w, err)))
        return st;
    fc_w_str(w, "rank,option,released_gbp,benefit_lost,benefit_lost_per_gbp,cumulative_released,"
                "cumulative_benefit_lost\n");
    {
        double cc = 0.0, cb = 0.0;
        size_t r = 0;
        /* ascending benefit lost per GBP released: the league order reversed */
        for (size_t k = n; k-- > 0;) {
            size_t i = j->league[k];
            if (fc_pbma_classify(j->ctot[i], j->benefit[i]) != FC_PBMA_DISINVEST)
                continue;
            cc -= j->ctot[i];
            cb -= j->benefit[i];
            fc_w_int(w, (long)++r);
            fc_w_comma(w);
            const double col[] = {-j->ctot[i], -j->benefit[i], j->benefit[i] / j->ctot[i], cc,
                                  cb};
            fc_w_field(w, j->ot.name.s[i]);
            fc_w_nums(w, col, sizeof col / sizeof col[0]);
            fc_w_eol(w);
        }
    }

    /* swaps.csv: fund investment i from disinvestment d where i gains more per GBP than d
     * loses per GBP released */
    if ((st = fc_out_file(o, "swaps.csv", &w, err)))
        return st;
    fc_w_str(w, "investment,disinvestment,gain_per_gbp,loss_per_gbp,net_cost,net_benefit,"
                "budget_neutral,gains\n");
    for (size_t a = 0; a < n; a++) {
        size_t i = j->league[a];
        if (fc_pbma_classify(j->ctot[i], j->benefit[i]) != FC_PBMA_INVEST)
            continue;
        for (size_t b = n; b-- > 0;) {
            size_t d = j->league[b];
            double gi, ld, nc, nb;
            if (fc_pbma_classify(j->ctot[d], j->benefit[d]) != FC_PBMA_DISINVEST)
                continue;
            gi = j->benefit[i] / j->ctot[i];
            ld = j->benefit[d] / j->ctot[d];
            if (!(gi > ld))
                continue;
            nc = j->ctot[i] + j->ctot[d];
            nb = j->benefit[i] + j->benefit[d];
            fc_w_field(w, j->ot.name.s[i]);
            fc_w_comma(w);
            fc_w_field(w, j->ot.name.s[d]);
            fc_w_comma(w);
            fc_w_num(w, gi);
            fc_w_comma(w);
            fc_w_num(w, ld);
            fc_w_comma(w);
            fc_w_num(w, nc);
            fc_w_comma(w);
            fc_w_num(w, nb);
            fc_w_comma(w);
            w_bool(w, nc <= 0.0);
            fc_w_comma(w);
            w_bool(w, nb > 0.0);
            fc_w_eol(w);
        }
    }

    /* scores.csv: the MCDA breakdown */
    if (j->ncrit > 0) {
        double wsum = 0.0;
        for (size_t k = 0; k < j->ncrit; k++)
            wsum += j->ct.c[k].weight;
        if ((st = fc_out_file(o, "scores.csv", &w, err)))
            return st;
        fc_w_str(w, "option,criterion,score,min,max,direction,value,weight,weighted\n");
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < j->ncrit; k++) {
                const fc_pbma_criterion *c = &j->ct.c[k];
                fc_w_field(w, j->ot.name.s[i]);
                fc_w_comma(w);
                fc_w_field(w, j->ct.name.s[k]);
                fc_w_comma(w);
                fc_w_num(w, j->score[i * j->ncrit + k]);
                fc_w_comma(w);
                fc_w_num(w, c->min);
                fc_w_comma(w);
                fc_w_num(w, c->max);
                fc_w_comma(w);
                fc_w_str(w, c->harm ? "harm" : "benefit");
                fc_w_comma(w);
                fc_w_num(w, j->value[i * j->ncrit + k]);
                fc_w_comma(w);
                fc_w_num(w, c->weight / wsum);
                fc_w_comma(w);
                fc_w_num(w, j->weighted[i * j->ncrit + k]);
                fc_w_eol(w);
            }
    }

    /* pbma_budget.csv: per period (not budget.csv, which is the finance stage's) */
    if ((st = fc_out_file(o, "pbma_budget.csv", &w, err)))
        return st;
    fc_w_str(w, "year,budget,optimal_cost,greedy_cost,shadow_price\n");
    for (size_t y = 0; y < ny; y++) {
        double co = 0.0, cg = 0.0;
        for (size_t i = 0; i < n; i++) {
            co += j->x_opt[i] ? j->cost[i * ny + y] : 0.0;
            cg += j->x_greedy[i] ? j->cost[i * ny + y] : 0.0;
        }
        if (j->ot.have_year)
            fc_w_int(w, j->years[y]);
        else
            fc_w_str(w, "NA");
        fc_w_comma(w);
        w_num_or_na(w, j->have_budget ? j->budget[y] : (double)NAN);
        fc_w_comma(w);
        fc_w_num(w, co);
        fc_w_comma(w);
        fc_w_num(w, cg);
        fc_w_comma(w);
        fc_w_num(w, j->shadow[y]);
        fc_w_eol(w);
    }

    /* summary.csv: measure,value */
    if ((st = fc_out_file(o, "summary.csv", &w, err)))
        return st;
    fc_w_str(w, "measure,value\n");
    {
        double tb = 0.0;
        for (size_t y = 0; y < ny; y++)
            tb += j->budget[y];
        struct {
            const char *name;
            double v;
        } m[] = {
            {"options", (double)n},
            {"threshold_gbp_per_unit", j->threshold > 0.0 ? j->threshold : (double)NAN},
            {"budget_total", j->have_budget ? tb : (double)NAN},
            {"optimal_benefit", j->opt.benefit},
            {"optimal_cost", j->opt.cost},
            {"optimal_objective", j->opt.objective},
            {"greedy_benefit", j->greedy.benefit},
            {"greedy_cost", j->greedy.cost},
            {"greedy_objective", j->greedy.objective},
            {"greedy_feasible", (double)j->greedy_feasible},
            {"objective_lost_by_greedy", j->opt.objective - j->greedy.objective},
            {"shadow_price_lp", ny == 1 ? j->shadow[0] : (double)NAN},
            {"objective_gain_budget_plus_10pct", j->gain_10pct},
            {"draws", (double)j->ndraw},
            {"seed", (double)j->seed},
        };
        for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
            fc_w_str(w, m[k].name);
            fc_w_comma(w);
            w_num_or_na(w, m[k].v);
            fc_w_eol(w);
        }
        if (j->ndraw > 0) {
            size_t nd = (size_t)j->ndraw;
            double *s = malloc(nd * sizeof *s), mean = 0.0;
            if (s == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            memcpy(s, j->obj_draws, nd * sizeof *s);
            for (size_t d = 0; d < nd; d++)
                mean += s[d] / (double)nd;
            /* sort for quantiles (type 7, as R's default) */
            for (size_t a = 1; a < nd; a++) {
                double v = s[a];
                size_t b = a;
                while (b > 0 && s[b - 1] > v) {
                    s[b] = s[b - 1];
                    b--;
                }
                s[b] = v;
            }
            {
                const double q[] = {0.1, 0.5, 0.9};
                const char *qn[] = {"optimal_objective_p10", "optimal_objective_p50",
                                    "optimal_objective_p90"};
                fc_w_str(w, "optimal_objective_mean,");
                fc_w_num(w, mean);
                fc_w_eol(w);
                for (size_t k = 0; k < 3; k++) {
                    double h = (double)(nd - 1) * q[k];
                    size_t lo = (size_t)floor(h);
                    size_t hi = lo + 1 < nd ? lo + 1 : lo;
                    fc_w_str(w, qn[k]);
                    fc_w_comma(w);
                    fc_w_num(w, s[lo] + (h - (double)lo) * (s[hi] - s[lo]));
                    fc_w_eol(w);
                }
            }
            free(s);
        }
    }

    /* group_icers.csv: incremental analysis within each exclusive group, "do nothing" (0, 0)
     * included */
    if (j->groups.n > 0) {
        if ((st = fc_out_file(o, "group_icers.csv", &w, err)))
            return st;
        fc_w_str(w, "group,strategy,cost,effect,inc_cost,inc_effect,icer,status\n");
        for (size_t g = 0; g < j->groups.n; g++) {
            size_t m = 1, *idx = calloc(n + 1, sizeof *idx);
            double *c = calloc(n + 1, sizeof *c), *e = calloc(n + 1, sizeof *e);
            fc_pbma_icer *r = calloc(n + 1, sizeof *r);
            if (!idx || !c || !e || !r) {
                free(idx);
                free(c);
                free(e);
                free(r);
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            }
            idx[0] = SIZE_MAX;
            for (size_t i = 0; i < n; i++)
                if (j->group[i] == (long)g) {
                    idx[m] = i;
                    c[m] = j->ctot[i];
                    e[m++] = j->benefit[i];
                }
            st = fc_pbma_icers(c, e, m, 0, r, NULL, err);
            for (size_t k = 0; st == FC_OK && k < m; k++) {
                size_t s = r[k].strategy;
                fc_w_field(w, j->groups.s[g]);
                fc_w_comma(w);
                write_icer_row(w, idx[s] == SIZE_MAX ? "do nothing" : j->ot.name.s[idx[s]], c[s],
                               e[s], &r[k]);
            }
            free(idx);
            free(c);
            free(e);
            free(r);
            if (st)
                return st;
        }
    }
    return FC_OK;
}

/* ------------------------------------------------------------------------ `fulcrum pbma` */

static fc_status
cmd_pbma(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const char *out = NULL;
    job j;
    fc_out *o = NULL;
    fc_status st;
    long seed = 1;
    const char *pos[1];
    size_t npos;
    int have_threshold = 0;

    memset(&j, 0, sizeof j);
    j.budget_all = (double)NAN;
    j.seed = 1;
    const fc_opt opts[] = {
        FC_OPT_STR_("out", &out),
        FC_OPT_STR_("criteria", &j.crit_path),
        FC_OPT_STR_("budgets", &j.budget_path),
        FC_OPT_DOUBLE_("budget", &j.budget_all),
        {.name = "threshold", .type = FC_OPT_DOUBLE, .dst = &j.threshold,
         .seen = &have_threshold},
        FC_OPT_LONG_("draws", &j.ndraw, 0, 10000000),
        FC_OPT_LONG_("seed", &seed, 0, 2147483647L),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, pos, 1, &npos, err)) != FC_OK)
        return st;
    if (have_threshold && !(j.threshold > 0.0))
        return FC_FAIL(err, FC_EUSAGE, "--threshold must be above 0 (GBP per unit of benefit)");
    j.seed = (unsigned long)seed;
    if (npos != 1)
        return FC_FAIL(err, FC_EUSAGE, "expected exactly one OPTIONS file");
    if (out == NULL)
        return FC_FAIL(err, FC_EUSAGE, "--out is required");
    if (j.budget_path && !isnan(j.budget_all))
        return FC_FAIL(err, FC_EUSAGE, "give --budget or --budgets, not both");
    j.opt_path = pos[0];
    st = job_load(&j, warn, err);
    if (st == FC_OK)
        st = job_solve(&j, err);
    if (st == FC_OK)
        st = fc_out_open(out, &o, err);
    if (st == FC_OK)
        st = job_write(&j, o, err);
    if (st == FC_OK)
        st = fc_out_commit(o, err);
    fc_out_free(o);
    job_fini(&j);
    return st;
}

/* Reads and validates the inputs (run = 0, for `fulcrum check`), or the whole exercise. */
static fc_status
job_do(const fc_pbma_spec *spec, fc_out *o, int run, fc_warnings *warn, fc_err *err)
{
    job j;
    fc_status st;

    memset(&j, 0, sizeof j);
    j.opt_path = spec->options;
    j.crit_path = spec->criteria;
    j.budget_path = spec->budgets;
    j.budget_all = spec->budget;
    j.threshold = spec->threshold;
    j.ndraw = spec->draws;
    j.seed = spec->seed;
    if (j.budget_path && !isnan(j.budget_all))
        return FC_FAIL(err, FC_EDATA, "give a budget or a budgets table, not both");
    st = job_load(&j, warn, err);
    if (st == FC_OK && run)
        st = job_solve(&j, err);
    if (st == FC_OK && run)
        st = job_write(&j, o, err);
    job_fini(&j);
    return st;
}

fc_status
fc_pbma_job_run(const fc_pbma_spec *spec, fc_out *o, fc_warnings *warn, fc_err *err)
{
    return job_do(spec, o, 1, warn, err);
}

/* ------------------------------------------------------------------------ definitions */

const fc_cmd fc_cmd_def_icers = {
    "icers",
    cmd_icers,
    "incremental cost-effectiveness: dominance, extended dominance, ICERs on the frontier",
    "fulcrum icers FILE [--ties dominated|share] [--out FILE]",
    "Reads FILE (columns strategy,cost,effect; one row per mutually exclusive strategy) and\n"
    "prints strategy,cost,effect,inc_cost,inc_effect,icer,status: frontier (ND) rows first in\n"
    "cost order, then extendedly dominated (ED), then dominated (D) rows; NA where a value is\n"
    "not defined. Method as dampack's calculate_icers: sort by cost (then effect descending),\n"
    "remove strongly dominated strategies, then repeatedly remove every strategy whose ICER\n"
    "exceeds the next one's. Increments are this strategy minus the previous frontier one.\n\n"
    "options:\n"
    "  --out FILE       write the table to FILE (atomically) instead of standard output\n"
    "  --ties MODE      'dominated' (default, as dampack): an exact duplicate of a frontier\n"
    "                   strategy is D; 'share' (as heemod): both are ND, the second with\n"
    "                   zero increments and no ICER\n\n"
    "exit status: 0 ok, 1 model failure, 2 usage, 3 bad input data, 4 I/O error\n\n"
    "example:\n"
    "  fulcrum icers datasets/pbma_strategies.csv\n",
};

const fc_cmd fc_cmd_def_psa = {
    "psa",
    cmd_psa,
    "CEAC, CEAF, EVPI and expected loss from probabilistic sensitivity analysis samples",
    "fulcrum psa FILE --wtp LIST|FROM:TO:STEP --out DIR",
    "Reads FILE (columns sim,strategy,cost,effect; sims numbered 1..N, one row per sim and\n"
    "strategy) and, at each willingness to pay (GBP per unit effect), writes\n"
    "  DIR/ceac.csv           wtp,strategy,proportion,on_frontier: share of samples in which\n"
    "                         the strategy has the highest NMB = wtp*effect - cost (ties to the\n"
    "                         first strategy in input order); on_frontier is TRUE for the\n"
    "                         strategy with the highest expected NMB (the CEAF)\n"
    "  DIR/evpi.csv           wtp,evpi: E[max NMB] - max E[NMB], per person\n"
    "  DIR/expected_loss.csv  wtp,strategy,expected_loss,on_frontier: E[max NMB - NMB]; its\n"
    "                         minimum over strategies equals the EVPI\n\n"
    "options:\n"
    "  --wtp LIST       comma-separated thresholds, or FROM:TO:STEP (TO included)\n"
    "  --out DIR        output directory (created if needed)\n\n"
    "exit status: 0 ok, 1 model failure, 2 usage, 3 bad input data, 4 I/O error\n\n"
    "example:\n"
    "  fulcrum psa datasets/pbma_psa.csv --wtp 0:50000:1000 --out out/psa\n",
};

const fc_cmd fc_cmd_def_pbma = {
    "pbma",
    cmd_pbma,
    "PBMA: rank options, choose the best set within a budget, P(funded) under uncertainty",
    "fulcrum pbma OPTIONS [--criteria F] [--budget B | --budgets F] [--threshold K]\n"
    "             [--draws N] [--seed S] --out DIR",
    "Reads the options table OPTIONS, one row per option (or per option and year):\n"
    "  option     name (unique)\n"
    "  programme  programme budget category (optional, reported only)\n"
    "  cost       annual incremental cost, GBP; negative releases funds (a disinvestment)\n"
    "  effect     benefit in QALYs or natural units (negative = benefit lost); needed unless\n"
    "             --criteria is given, when one column per criterion holds the raw scores\n"
    "  cost_lo, cost_hi, effect_lo, effect_hi   optional 80% intervals\n"
    "  requires   option(s) that must also be funded, separated by ';' (optional)\n"
    "  group      mutually exclusive alternatives share a group (doing nothing is implied)\n"
    "  year       optional: then one row per option and year, cost per year; the budget\n"
    "             applies to each year\n"
    "and writes to DIR: options.csv (league order, kind, benefit per GBP, funded by the\n"
    "optimum and by the league table, P(funded), the reason), investments.csv,\n"
    "disinvestments.csv, swaps.csv, pbma_budget.csv, summary.csv, scores.csv (with\n"
    "--criteria) and group_icers.csv (with groups). Nothing is written if any input is bad.\n\n"
    "Benefit with --criteria is an MCDA weighted score in points 0..100: weights are scaled to\n"
    "sum 1, each score is mapped linearly from [min, max] to 0..100 (reversed for 'harm'\n"
    "criteria; min defaults to 0 and max to the highest score), and a disinvestment's scores\n"
    "count as benefit lost. The best set maximises total benefit (or net monetary benefit\n"
    "K*benefit - cost with --threshold) subject to the budget in every year, groups and\n"
    "requirements, by 0/1 integer programming (GLPK); the shadow price is the LP-relaxation\n"
    "dual of the budget. Draws: each value with an 80% interval is Normal with mean (lo+hi)/2\n"
    "and sd (hi-lo)/2.5631, from a stream seeded by (seed, draw).\n\n"
    "options:\n"
    "  --criteria F     criterion,weight[,direction benefit|harm][,min][,max]\n"
    "  --budget B       GBP available (each year); without a budget nothing binds\n"
    "  --budgets F      year,budget: one budget per year of the options table\n"
    "  --threshold K    maximise net monetary benefit at K GBP per unit of benefit\n"
    "  --draws N        PSA draws for P(funded) (default 0)\n"
    "  --seed S         random seed (default 1)\n"
    "  --out DIR        output directory (created if needed)\n\n"
    "exit status: 0 ok, 1 model failure, 2 usage, 3 bad input data, 4 I/O error\n\n"
    "example:\n"
    "  fulcrum pbma datasets/pbma_options.csv --budget 1500000 --threshold 20000 \\\n"
    "      --draws 1000 --out out/pbma\n",
};

/* ------------------------------------------------------------------------ scenario stage
 *
 *   [pbma]  options (required), criteria, budgets (paths); budget, threshold, draws; the seed
 *           is [run] seed. budget_from = finance, or budget = finance (with budget_year,
 *           budget_programme, budget_share): the budget is the plan's headroom in that year
 *           (issue 7).
 */

static fc_status
stage_configure(fc_chain *ch, void **out, fc_err *err)
{
    fc_scenario *s = ch->scn;
    fc_pbma_spec *spec;
    const fc_scn_entry *eb;
    int budget_finance;
    fc_status st;

    if (!fc_scn_has(s, "pbma"))
        return FC_OK;
    if ((spec = calloc(1, sizeof *spec)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    *out = spec;
    spec->budget = (double)NAN;
    spec->seed = ch->seed;
    /* budget = finance is budget_from = finance written as the budget itself, so that it
     * overrides an included plan's fixed budget like any later entry */
    eb = fc_scn_get(s, "pbma", "budget");
    budget_finance = eb != NULL && strcasecmp(eb->value, "finance") == 0;
    if ((st = fc_scn_path(s, "pbma", "options", &spec->options, err)) != FC_OK ||
        (st = fc_scn_path(s, "pbma", "criteria", &spec->criteria, err)) != FC_OK ||
        (st = fc_scn_path(s, "pbma", "budgets", &spec->budgets, err)) != FC_OK ||
        (!budget_finance &&
         (st = fc_scn_num(s, "pbma", "budget", -1e15, 1e15, &spec->budget, err)) != FC_OK) ||
        (st = fc_scn_num(s, "pbma", "threshold", 1e-9, 1e12, &spec->threshold, err)) != FC_OK ||
        (st = fc_scn_long(s, "pbma", "draws", 0, 10000000, &spec->draws, err)) != FC_OK)
        return st;
    if (!spec->options)
        return fc_scn_fail_file(s, err, "[pbma] needs an options table");
    if (spec->budgets && !isnan(spec->budget))
        return fc_scn_fail(fc_scn_get(s, "pbma", "budget"), err,
                           "give a budget or a budgets table, not both");
    if (budget_finance || fc_scn_get(s, "pbma", "budget_from")) {
        static const char *const from[] = {"finance", NULL};
        int which = 0;
        const fc_scn_entry *e = budget_finance ? eb : fc_scn_get(s, "pbma", "budget_from");
        spec->budget_share = 1.0;
        if (budget_finance && fc_scn_get(s, "pbma", "budget_from"))
            return fc_scn_fail(fc_scn_get(s, "pbma", "budget_from"), err,
                               "budget = finance says it already: leave out budget_from");
        if ((!budget_finance &&
             (st = fc_scn_choice(s, "pbma", "budget_from", from, &which, err)) != FC_OK) ||
            (st = fc_scn_long(s, "pbma", "budget_year", 1900, 3000, &spec->budget_year, err)) !=
                FC_OK ||
            (st = fc_scn_str(s, "pbma", "budget_programme", &spec->budget_programme, err)) !=
                FC_OK ||
            (st = fc_scn_num(s, "pbma", "budget_share", 0, 10, &spec->budget_share, err)) !=
                FC_OK)
            return st;
        spec->budget_from_finance = 1;
        if (spec->budgets || !isnan(spec->budget))
            return fc_scn_fail(e, err, "%s = finance sets the budget: leave out %s", e->key,
                               budget_finance ? "budgets" : "budget and budgets");
        if (!fc_scn_has(s, "finance"))
            return fc_scn_fail(e, err, "%s = finance needs a [finance] section", e->key);
        if (spec->budget_year == 0)
            return fc_scn_fail(e, err, "%s = finance needs budget_year (the financial year "
                               "whose headroom funds the options)", e->key);
        spec->budget = 0.0; /* (set from the money stage's gap table when the stage runs) */
    } else if (fc_scn_get(s, "pbma", "budget_year") || fc_scn_get(s, "pbma", "budget_share") ||
               fc_scn_get(s, "pbma", "budget_programme")) {
        const fc_scn_entry *e = fc_scn_get(s, "pbma", "budget_year");
        if (!e)
            e = fc_scn_get(s, "pbma", "budget_share");
        if (!e)
            e = fc_scn_get(s, "pbma", "budget_programme");
        return fc_scn_fail(e, err, "'%s' is for budget = finance", e->key);
    }
    return FC_OK;
}

fc_status
fc_pbma_budget_from_gap(const fc_fin_gaps *g, const fc_pbma_spec *spec, double *budget,
                        fc_err *err)
{
    const char *prog = spec->budget_programme ? spec->budget_programme : "total";
    long t = spec->budget_year - g->base_year;
    size_t q = 0;
    while (q <= g->nprog && strcmp(g->prog[q], prog) != 0)
        q++;
    if (q > g->nprog || t < 0 || (size_t)t >= g->nyear)
        return FC_FAIL(err, FC_EDATA, "budget_from = finance: the money stage has no gap for "
                       "programme '%s' in %ld", prog, spec->budget_year);
    *budget = -g->gap[q * g->nyear + (size_t)t] * spec->budget_share;
    return FC_OK;
}

static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    const fc_pbma_spec *sp = spec;
    if (sp->budget_from_finance) {
        fc_pbma_spec s2 = *sp;
        fc_status st;
        if (ch->gaps == NULL)
            return fc_scn_fail(fc_scn_get(ch->scn, "pbma", "budget_from"), err,
                               "budget_from = finance: the money stage wrote no gap table");
        if ((st = fc_pbma_budget_from_gap(ch->gaps, sp, &s2.budget, err)) != FC_OK)
            return st;
        return fc_pbma_job_run(&s2, ch->o, ch->warn, err);
    }
    return fc_pbma_job_run(spec, ch->o, ch->warn, err);
}

static fc_status
stage_check(fc_chain *ch, void *spec, fc_err *err)
{
    return job_do(spec, NULL, 0, ch->warn, err);
}

/* The draws: the budget, the threshold and the share of the headroom. */
static fc_status
stage_spec_for_draw(const void *spec, const fc_draw *dr, void **copy, fc_err *err)
{
    fc_pbma_spec *c = malloc(sizeof *c);
    if (c == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    *c = *(const fc_pbma_spec *)spec;
    fc_draw_num(dr, "pbma", "budget", &c->budget);
    fc_draw_num(dr, "pbma", "threshold", &c->threshold);
    fc_draw_num(dr, "pbma", "budget_share", &c->budget_share);
    *copy = c;
    return FC_OK;
}

static const char *const stage_sections[] = {"pbma", NULL};

const fc_stage fc_stage_pbma = {"pbma", stage_sections, stage_configure, stage_run, free,
                                stage_check, stage_spec_for_draw};

/* ------------------------------------------------------------------------ for the draws */

struct fc_pbma_model {
    job j;
};

fc_status
fc_pbma_model_load(const fc_pbma_spec *spec, fc_pbma_model **result, fc_warnings *warn,
                   fc_err *err)
{
    fc_pbma_model *m = calloc(1, sizeof *m);
    fc_status st;

    *result = NULL;
    if (m == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    m->j.opt_path = spec->options;
    m->j.crit_path = spec->criteria;
    m->j.budget_path = spec->budgets;
    m->j.budget_all = spec->budget;
    m->j.threshold = spec->threshold;
    m->j.seed = spec->seed;
    if ((st = job_load(&m->j, warn, err)) != FC_OK) {
        fc_pbma_model_free(m);
        return st;
    }
    *result = m;
    return FC_OK;
}

void
fc_pbma_model_free(fc_pbma_model *m)
{
    if (m == NULL)
        return;
    job_fini(&m->j);
    free(m);
}

void
fc_pbma_model_get(const fc_pbma_model *m, fc_pbma_problem *p, fc_pbma_uncertain *u)
{
    const job *j = &m->j;
    *p = (fc_pbma_problem){j->n, j->nyear, j->budget, j->nreq, j->req_from, j->req_to,
                           j->group, j->threshold};
    *u = (fc_pbma_uncertain){j->n, j->nyear, j->cost, j->cost_lo, j->cost_hi, j->benefit,
                             j->ben_lo, j->ben_hi};
}

const char *
fc_pbma_model_option(const fc_pbma_model *m, size_t i)
{
    return m->j.ot.name.s[i];
}
