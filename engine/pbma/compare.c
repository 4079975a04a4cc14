/* compare.c: `fulcrum icers` and `fulcrum psa`: strategies and PSA samples, read and compared (pbma_int.h). */
#include "engine/pbma/pbma_int.h"

/* ------------------------------------------------------------------------ strategies table */


static fc_status
strat_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    strat_tab *t = ctx;
    fc_status st;
    double c, e;
    const char *s = row->field[0];

    if (pb_empty(s))
        return fc_csv_fail(row, 0, err, "empty strategy name");
    if (pb_names_find(&t->name, s) != SIZE_MAX)
        return fc_csv_fail(row, 0, err, "duplicate strategy '%s' (first on line %zu)", s,
                           t->name.line[pb_names_find(&t->name, s)]);
    if ((st = fc_csv_double(row, 1, &c, err)) || (st = fc_csv_double(row, 2, &e, err)))
        return st;
    if ((st = pb_grow(&t->cost, &t->cap_c, t->name.n + 1, err)) ||
        (st = pb_grow(&t->effect, &t->cap_e, t->name.n + 1, err)))
        return st;
    t->cost[t->name.n] = c;
    t->effect[t->name.n] = e;
    return pb_names_add(&t->name, s, row->line, err);
}

static void
strat_fini(strat_tab *t)
{
    pb_names_fini(&t->name);
    free(t->cost);
    free(t->effect);
}

/* One row strategy,cost,effect,inc_cost,inc_effect,icer,status (shared by icers.csv and
 * group_icers.csv). */
void
pb_write_icer_row(fc_writer *w, const char *name, double cost, double effect, const fc_pbma_icer *r)
{
    static const char *const status[] = {"ND", "ED", "D"};
    fc_w_field(w, name);
    fc_w_comma(w);
    fc_w_num(w, cost);
    fc_w_comma(w);
    fc_w_num(w, effect);
    fc_w_comma(w);
    pb_w_num_or_na(w, r->inc_cost);
    fc_w_comma(w);
    pb_w_num_or_na(w, r->inc_effect);
    fc_w_comma(w);
    pb_w_num_or_na(w, r->icer);
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
        pb_write_icer_row(w, name[r[k].strategy], cost[r[k].strategy], effect[r[k].strategy], &r[k]);
}

/* ------------------------------------------------------------------------ `fulcrum icers` */

fc_status
pb_cmd_icers(int argc, char **argv, fc_warnings *warn, fc_err *err)
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
        char *dir = pb_xstrdup(out), *slash = strrchr(dir, '/');
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
    if (pb_empty(row->field[1]))
        return fc_csv_fail(row, 1, err, "empty strategy name");
    if ((st = fc_csv_double(row, 2, &c, err)) || (st = fc_csv_double(row, 3, &e, err)))
        return st;
    if ((j = pb_names_find(&t->strat, row->field[1])) == SIZE_MAX) {
        if ((st = pb_names_add(&t->strat, row->field[1], row->line, err)))
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
    if ((st = pb_grow(&t->cost, &t->cap_c, t->nrow + 1, err)) ||
        (st = pb_grow(&t->effect, &t->cap_e, t->nrow + 1, err)))
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
    pb_names_fini(&t->strat);
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

fc_status
pb_cmd_psa(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const char *out = NULL, *wtps = NULL, *parfile = NULL, *groups = NULL;
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
        FC_OPT_STR_("parameters", &parfile),
        FC_OPT_STR_("groups", &groups),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, pos, 1, &npos, err)) != FC_OK)
        return st;
    if (npos != 1)
        return FC_FAIL(err, FC_EUSAGE, "expected exactly one input FILE");
    if (wtps == NULL || out == NULL)
        return FC_FAIL(err, FC_EUSAGE, "--wtp and --out are required");
    if (groups && parfile == NULL)
        return FC_FAIL(err, FC_EUSAGE, "--groups needs --parameters");
    if ((st = pb_parse_wtp(wtps, &wtp, &nwtp, err)))
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
                fc_w_row(wc, FC_D(wtp[w]), FC_S(t.strat.s[j]), FC_D(p->p_best[w * ns + j]),
                         FC_R(fr));
                fc_w_row(wl, FC_D(wtp[w]), FC_S(t.strat.s[j]), FC_D(p->exp_loss[w * ns + j]),
                         FC_R(fr));
            }
        }
        if (parfile)
            st = pb_psa_evppi(parfile, groups, cost, effect, (size_t)t.maxsim, ns, wtp, p->evpi,
                              nwtp, o, warn, err);
        if (st == FC_OK)
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

