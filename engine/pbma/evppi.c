/* evppi.c: `fulcrum psa --parameters`: the sampled parameters read, the groups parsed, and
 * the EVPPI of each parameter and group beside the EVPI (models/evppi; pbma_int.h). */
#include "engine/pbma/pbma_int.h"

#include <ctype.h>
#include <strings.h>

#include "engine/io/sink.h"
#include "models/evppi.h"
#include "plots/plot.h"

/* The parameters table: sim plus one numeric column a parameter. */
typedef struct params {
    names name;    /* parameter names, file order */
    size_t nsim;   /* the PSA's samples: sims 1..nsim */
    double *v;     /* [nsim*npar] */
    unsigned char *seen;
} params;

static fc_status
param_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    params *p = ctx;
    fc_status st;
    long sim;
    if ((st = fc_csv_int(row, 0, 1, 100000000, &sim, err)) != FC_OK)
        return st;
    if ((size_t)sim > p->nsim)
        return fc_csv_fail(row, 0, err, "sim %ld is not one of the PSA's samples 1..%zu", sim,
                           p->nsim);
    if (p->seen[sim - 1])
        return fc_csv_fail(row, 0, err, "a second row for sim %ld", sim);
    p->seen[sim - 1] = 1;
    for (size_t j = 0; j < p->name.n; j++)
        p->v[(size_t)(sim - 1) * p->name.n + j] = row->num[j + 1];
    return FC_OK;
}

/* The header's names, split at commas (quotes taken off); "sim" is not a parameter. */
static fc_status
param_names(const char *path, names *out, fc_err *err)
{
    char line[65536], *p, *e;
    const char *why = NULL;
    int wrong = 0;
    size_t n = 0;
    FILE *fp = fc_fopen_input(path, &why, &wrong);
    if (fp == NULL && wrong)
        return fc_err_at(err, FC_EIO, path, 0, 0, "%s, not a CSV file", why);
    if (fp == NULL)
        return fc_err_at(err, FC_EIO, path, 0, 0, "cannot open: %s", why);
    p = fgets(line, sizeof line, fp);
    fclose(fp);
    if (p == NULL)
        return fc_err_at(err, FC_EDATA, path, 1, 0, "no header (an empty file)");
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3;
    p[strcspn(p, "\r\n")] = '\0';
    for (;; p = e + 1) {
        char *s = p, *t;
        fc_status st;
        e = strchr(p, ',');
        if (e)
            *e = '\0';
        while (isspace((unsigned char)*s) || *s == '"')
            s++;
        t = s + strlen(s);
        while (t > s && (isspace((unsigned char)t[-1]) || t[-1] == '"'))
            *--t = '\0';
        n++;
        if (*s == '\0')
            return fc_err_at(err, FC_EDATA, path, 1, n, "column %zu has no name", n);
        if (strcasecmp(s, "sim") != 0) {
            for (size_t j = 0; j < out->n; j++)
                if (strcasecmp(out->s[j], s) == 0)
                    return fc_err_at(err, FC_EDATA, path, 1, n,
                                     "column '%s' appears twice (columns %zu and %zu)", s,
                                     out->line[j], n);
            if ((st = pb_names_add(out, s, n, err)) != FC_OK)
                return st;
        }
        if (!e)
            break;
    }
    if (out->n == 0)
        return fc_err_at(err, FC_EDATA, path, 1, 0, "no parameter columns beside 'sim'");
    return FC_OK;
}

/* Reads path's parameter values for sims 1..nsim (every one needed). */
static fc_status
read_params(const char *path, size_t nsim, params *p, fc_warnings *warn, fc_err *err)
{
    fc_csv_col *cols = NULL;
    fc_status st;

    memset(p, 0, sizeof *p);
    p->nsim = nsim;
    if ((st = param_names(path, &p->name, err)) != FC_OK)
        return st;
    cols = calloc(p->name.n + 1, sizeof *cols);
    p->v = calloc(nsim * p->name.n, sizeof *p->v);
    p->seen = calloc(nsim, 1);
    if (!cols || !p->v || !p->seen) {
        free(cols);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    cols[0] = (fc_csv_col){"sim", FC_COL_REQUIRED};
    for (size_t j = 0; j < p->name.n; j++)
        cols[j + 1] = (fc_csv_col){p->name.s[j], FC_COL_REQUIRED | FC_COL_NUM};
    st = fc_csv_read(path, cols, p->name.n + 1, 1, param_row, p, warn, err);
    free(cols);
    for (size_t s = 0; st == FC_OK && s < nsim; s++)
        if (!p->seen[s])
            st = fc_err_at(err, FC_EDATA, path, 0, 0,
                           "no row for sim %zu (every sample of the PSA needs its parameters)",
                           s + 1);
    return st;
}

static void
params_fini(params *p)
{
    pb_names_fini(&p->name);
    free(p->v);
    free(p->seen);
}

/* The groups of --groups "a+b;c": each a list of parameter indices; idx holds them end to
 * end, start[g]..start[g+1] group g's. */
static fc_status
parse_groups(const char *spec, const names *pn, size_t **idx, size_t **start, size_t *ng,
             fc_err *err)
{
    size_t cap = strlen(spec) + 2, n = 0, g = 0;
    char *copy = pb_xstrdup(spec), *tok, *save = NULL;
    *idx = calloc(cap, sizeof **idx);
    *start = calloc(cap + 1, sizeof **start);
    if (!copy || !*idx || !*start) {
        free(copy);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    for (tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        char *save2 = NULL, *name;
        (*start)[g] = n;
        for (name = strtok_r(tok, "+", &save2); name; name = strtok_r(NULL, "+", &save2)) {
            size_t j;
            while (isspace((unsigned char)*name))
                name++;
            for (char *t = name + strlen(name); t > name && isspace((unsigned char)t[-1]);)
                *--t = '\0';
            if ((j = pb_names_find(pn, name)) == SIZE_MAX) {
                fc_status st = FC_FAIL(err, FC_EUSAGE,
                                       "--groups: '%s' is not a column of the parameters file",
                                       name);
                free(copy);
                return st;
            }
            for (size_t k = (*start)[g]; k < n; k++)
                if ((*idx)[k] == j) {
                    free(copy);
                    return FC_FAIL(err, FC_EUSAGE, "--groups: '%s' twice in one group", name);
                }
            (*idx)[n++] = j;
        }
        if (n == (*start)[g]) {
            free(copy);
            return FC_FAIL(err, FC_EUSAGE, "--groups: an empty group in '%s'", spec);
        }
        g++;
    }
    (*start)[g] = n;
    *ng = g;
    free(copy);
    if (g == 0)
        return FC_FAIL(err, FC_EUSAGE, "--groups: no group in '%s'", spec);
    return FC_OK;
}

/* The info-rank chart (BCEA's info.rank): each parameter's EVPPI as a share of the EVPI at
 * one threshold, largest first, as info_rank.png and .svg, its numbers in info_rank.csv. */
static fc_status
info_rank(fc_out *o, const params *p, const double *share, double wtp, double evpi, fc_err *err)
{
    const size_t n = p->name.n;
    size_t *ord = calloc(n, sizeof *ord);
    const char **lab = calloc(n, sizeof *lab);
    double *val = calloc(n, sizeof *val);
    char title[256], sub[512];
    fc_writer *w;
    fc_plot pl;
    fc_status st = FC_OK;
    static const char *const ext[2] = {"info_rank.png", "info_rank.svg"};
    static const fc_chart_format fmt[2] = {FC_CHART_PNG, FC_CHART_SVG};

    if (!ord || !lab || !val) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) { /* by share, largest first; ties in file order */
        size_t k = i;
        for (; k > 0 && share[ord[k - 1]] < share[i]; k--)
            ord[k] = ord[k - 1];
        ord[k] = i;
    }
    for (size_t i = 0; i < n; i++) {
        lab[i] = p->name.s[ord[i]];
        val[i] = share[ord[i]];
    }
    if ((st = fc_out_file(o, "info_rank.csv", &w, err)) != FC_OK)
        goto done;
    fc_w_str(w, "rank,parameter,wtp,share_of_evpi\n");
    for (size_t i = 0; i < n; i++)
        fc_w_row(w, FC_I(i + 1), FC_S(lab[i]), FC_D(wtp), FC_D(val[i]));
    snprintf(title, sizeof title, "Learning %s is worth most: %.0f%% of the EVPI", lab[0],
             100 * val[0]);
    {
        char ev[FC_AXIS_LABEL_MAX], th[FC_AXIS_LABEL_MAX];
        fc_axis_fmt f;
        fc_axis_fmt_choose(&f, FC_FMT_GBP, evpi, 0);
        fc_axis_fmt_value(&f, evpi, ev, sizeof ev);
        fc_axis_fmt_choose(&f, FC_FMT_GBP, wtp, 0);
        fc_axis_fmt_value(&f, wtp, th, sizeof th);
        snprintf(sub, sizeof sub,
                 "EVPPI of each parameter as a share of the EVPI (%s a person) at a threshold "
                 "of %s a unit of effect, where the EVPI is largest",
                 ev, th);
    }
    memset(&pl, 0, sizeof pl);
    pl.kind = FC_PLOT_LADDER;
    pl.u.ladder = fc_ladder_info_rank(title, sub,
                                      "Source: Fulcrum psa (evppi.csv); EVPPI by penalised "
                                      "regression splines (Strong, Oakley and Brennan 2014).",
                                      n, lab, val);
    for (int f = 0; f < 2 && st == FC_OK; f++) {
        fc_chart_opts opts = {482, 0, 150, 9, NULL, "2000-01-01T00:00:00"};
        fc_sink sink;
        opts.height_pt = fmax(300, fc_plot_height_hint(&pl));
        if ((st = fc_out_file(o, ext[f], &w, err)) != FC_OK)
            break;
        sink = fc_w_sink(w);
        st = fc_plot_write(&pl, fmt[f], &sink, &opts, NULL, err);
    }
done:
    free(ord);
    free(lab);
    free(val);
    return st;
}

fc_status
pb_psa_evppi(const char *path, const char *groups, const double *cost, const double *effect,
             size_t nsim, size_t nstrat, const double *wtp, const double *evpi, size_t nwtp,
             fc_out *o, fc_warnings *warn, fc_err *err)
{
    params p;
    size_t *gidx = NULL, *gstart = NULL, ng = 0;
    double *nb = NULL, *share = NULL;
    size_t kr = 0;
    char label[4096];
    fc_writer *w;
    fc_status st;

    if ((st = read_params(path, nsim, &p, warn, err)) != FC_OK)
        goto done;
    if (groups && (st = parse_groups(groups, &p.name, &gidx, &gstart, &ng, err)) != FC_OK)
        goto done;
    nb = calloc(nsim * nstrat, sizeof *nb);
    share = calloc(p.name.n, sizeof *share);
    if (nb == NULL || share == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = fc_out_file(o, "evppi.csv", &w, err)) != FC_OK)
        goto done;
    fc_w_str(w, "wtp,parameter,evppi,evpi,share_of_evpi\n");
    /* the info-rank chart is drawn at the threshold where the EVPI is largest */
    for (size_t k = 1; k < nwtp; k++)
        if (evpi[k] > evpi[kr])
            kr = k;
    for (size_t k = 0; k < nwtp && st == FC_OK; k++) {
        for (size_t i = 0; i < nsim * nstrat; i++)
            nb[i] = wtp[k] * effect[i] - cost[i];
        /* each parameter alone, then each group */
        for (size_t j = 0; j < p.name.n + ng && st == FC_OK; j++) {
            const size_t *ix = j < p.name.n ? &j : gidx + gstart[j - p.name.n];
            size_t nix = j < p.name.n ? 1 : gstart[j - p.name.n + 1] - gstart[j - p.name.n];
            double v;
            if ((st = fc_evppi(nb, nsim, nstrat, p.v, p.name.n, ix, nix, &v, NULL, err)) != FC_OK)
                break;
            v = fmin(v, evpi[k]); /* beside evpi.csv's EVPI, never above it */
            if (k == kr && j < p.name.n)
                share[j] = evpi[k] > 0 ? v / evpi[k] : 0;
            label[0] = '\0';
            for (size_t q = 0; q < nix; q++)
                snprintf(label + strlen(label), sizeof label - strlen(label), "%s%s",
                         q ? "+" : "", p.name.s[ix[q]]);
            if (evpi[k] > 0)
                fc_w_row(w, FC_D(wtp[k]), FC_S(label), FC_D(v), FC_D(evpi[k]),
                         FC_D(v / evpi[k]));
            else
                fc_w_row(w, FC_D(wtp[k]), FC_S(label), FC_D(v), FC_D(evpi[k]), FC_R("NA"));
        }
    }
    if (st == FC_OK)
        st = info_rank(o, &p, share, wtp[kr], evpi[kr], err);
done:
    params_fini(&p);
    free(share);
    free(gidx);
    free(gstart);
    free(nb);
    return st;
}
