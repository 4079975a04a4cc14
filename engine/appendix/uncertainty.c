/* uncertainty.c: the Uncertainty section (draws) of the analysis appendix (appendix_int.h). */
#include "engine/appendix/appendix_int.h"

/* ======================================================================== uncertainty */

/* A number for a table cell, with the precision a reader needs. */
static const char *
jnum(job *j, double v)
{
    if (!isfinite(v))
        return "";
    if (fabs(v) >= 1000)
        return apx_jfmt(j, FC_FMT_NUMBER, v, 0, 0);
    return apx_jstr(j, "%.4g", v);
}


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
            *c = apx_jstr(u->j, "%s", f);
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
    fc_status st = FC_OK;

    if ((st = apx_read(j, "parameters_summary.csv", pcols, 6, 0, ucells_row, &x, NULL)) ==
            FC_OK && x.n > 0)
        st = apx_add_table(j, "The uncertain numbers of the scenario: each draw takes its own value",
                       x.n, 6, phead, x.c,
                       "Central: the value of the principal run (the distribution's median). "
                       "P10, P50, P90: percentiles of the values the draws took, after "
                       "clamping to the parameter's valid range.");
    free(x.c);
    x = (ucells){j, NULL, 0, 0, 3, 1};
    if (st == FC_OK &&
        (st = apx_read(j, "variants_summary.csv", vcols, 3, 0, ucells_row, &x, NULL)) == FC_OK &&
        x.n > 0)
        st = apx_add_table(j, "Population variants: the chance a draw takes each", x.n, 3, vhead,
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
    fc_status st = apx_chart_csv(j, id, &w);
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
    apx_year_lines(pl, x, nyear, s, ns);
    pl->u.lines.band_label = apx_jstr(j, "P10-P90 of %ld draws", j->ndraw);
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
    st = apx_stab_read(j, "population_summary.csv", "area", "age_group", "total", &s, &have);
    if (st != FC_OK || !have || s.nyear < 2)
        goto done;
    t1 = s.nyear - 1;
    for (size_t t = 0; t < s.nyear; t++)
        x[t] = s.years[t];
    for (size_t g = 0; g < 6; g++) {
        fan f;
        if (!apx_fan_get(&s, "total", grp[g], &f))
            continue;
        cells[6 * nrow] = g == 0 ? "All ages" : grp[g];
        cells[6 * nrow + 1] = apx_jfmt(j, FC_FMT_NUMBER, f.y[0], 0, 0);
        cells[6 * nrow + 2] = apx_jfmt(j, FC_FMT_NUMBER, f.y[t1], 0, 0);
        cells[6 * nrow + 3] = apx_jfmt(j, FC_FMT_NUMBER, f.lo[t1], 0, 0);
        cells[6 * nrow + 4] = apx_jfmt(j, FC_FMT_NUMBER, f.mid[t1], 0, 0);
        cells[6 * nrow + 5] = apx_jfmt(j, FC_FMT_NUMBER, f.hi[t1], 0, 0);
        nrow++;
        if (g < 3 || !apx_fan_index(&f, s.nyear, &idx[n]))
            continue;
        lvl[n] = f;
        names[n] = apx_jstr(j, "Aged %s", grp[g]);
        ser[n].name = names[n];
        ser[n].y = idx[n].y;
        ser[n].lo = idx[n].lo;
        ser[n].hi = idx[n].hi;
        if (idx[n].y[t1] > idx[fast].y[t1])
            fast = n;
        n++;
    }
    if (n > 0) {
        apx_family(j, names, n);
        if ((st = fan_csv(j, "uncertainty_older_people", "age_group", names, lvl, idx, n,
                          s.years, s.nyear)) != FC_OK)
            goto done;
        fan_lines(j, &pl, x, s.nyear, ser, n);
        pl.u.lines.text.title =
            apx_jstr(j, "%s: %s%% by %d, %s%% in 8 draws out of 10", names[fast],
                 apx_jfmt(j, FC_FMT_NUMBER, idx[fast].y[t1] - 100, 0, 1), s.years[t1],
                 apx_jrange(j, FC_FMT_NUMBER, idx[fast].lo[t1] - 100, idx[fast].hi[t1] - 100, 0, 1));
        pl.u.lines.text.subtitle =
            apx_jstr(j, "%s, all areas: older people, index %d = 100; principal projection (line) "
                 "and the middle 80%% of the draws (band)", j->scn->name, s.years[0]);
        pl.u.lines.text.x_title = "Year (mid-year)";
        pl.u.lines.text.y_title = apx_jstr(j, "Index, %d = 100", s.years[0]);
        pl.u.lines.text.source = "Source: Fulcrum Monte Carlo projection "
                                 "(population_summary.csv).";
        if ((st = apx_chart_out(j, "uncertainty_older_people", &pl,
                            "Older people: principal projection and the spread of the draws")) !=
            FC_OK)
            goto done;
    }
    if (nrow > 0)
        st = apx_add_table(j, apx_jstr(j, "Population by age group in %d: principal and the draws' "
                              "percentiles, all areas", s.years[t1]),
                       nrow, 6, head, cells, "Base: the base year's population, which every "
                       "draw shares.");
done:
    apx_stab_fini(&s);
    free(lvl);
    free(idx);
    return st;
}


/* Need or activity, all areas: the keys whose 80% range is widest at the horizon, indexed to
 * the base year with their bands, and every key's horizon figures. */
static fc_status
uncertainty_measures(job *j, const ukind *u)
{
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
    st = apx_stab_read(j, u->table, u->keycol, NULL, NULL, &s, &have);
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
    /* the NFAN widest ranges at the horizon, relative to the apx_principal (ties: table order) */
    for (size_t k = 0; k < nk; k++) {
        const char *name = fc_intern_name(s.k0, k);
        fan f, fi;
        double wdt;
        size_t at;
        if (!apx_fan_get(&s, name, NULL, &f))
            continue;
        cells[7 * nrow] = apx_pretty(j, name);
        cells[7 * nrow + 1] = jnum(j, f.y[0]);
        cells[7 * nrow + 2] = jnum(j, f.y[t1]);
        cells[7 * nrow + 3] = jnum(j, f.lo[t1]);
        cells[7 * nrow + 4] = jnum(j, f.mid[t1]);
        cells[7 * nrow + 5] = jnum(j, f.hi[t1]);
        cells[7 * nrow + 6] =
            f.y[t1] > 0 ? apx_jfmt(j, FC_FMT_NUMBER, 100 * (f.hi[t1] - f.lo[t1]) / f.y[t1], 1, 0) : "";
        nrow++;
        if (!apx_fan_index(&f, s.nyear, &fi))
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
            names[q] = apx_pretty(j, raw[q]);
            ser[q].name = names[q];
            ser[q].y = idx[q].y;
            ser[q].lo = idx[q].lo;
            ser[q].hi = idx[q].hi;
        }
        if ((st = fan_csv(j, u->id, u->keycol, raw, lvl, idx, n, s.years, s.nyear)) != FC_OK)
            goto done;
        fan_lines(j, &pl, x, s.nyear, ser, n);
        pl.u.lines.text.title = apx_jstr(
            j, "%s is the least certain: %s%% by %d in 8 draws out of 10", names[0],
            apx_jrange(j, FC_FMT_NUMBER, idx[0].lo[t1] - 100, idx[0].hi[t1] - 100, 0, 1),
            s.years[t1]);
        pl.u.lines.text.subtitle =
            apx_jstr(j, "%s, all areas: the %s%s with the widest 80%% range, index %d = 100; "
                 "principal (line) and the middle 80%% of the draws (band)", j->scn->name,
                 n < nrow ? apx_jstr(j, "%zu ", n) : "", u->things, s.years[0]);
        pl.u.lines.text.x_title = "Year";
        pl.u.lines.text.y_title = apx_jstr(j, "Index, %d = 100", s.years[0]);
        pl.u.lines.text.source = apx_jstr(j, "Source: Fulcrum Monte Carlo draws (%s).", u->table);
        if ((st = apx_chart_out(j, u->id, &pl, u->caption)) != FC_OK)
            goto done;
    }
    if (nrow > 0)
        st = apx_add_table(j, apx_jstr(j, "%s in %d: principal and the draws' percentiles, all areas",
                               u->table_title, s.years[t1]),
                       nrow, 7, head, cells, u->note);
done:
    apx_stab_fini(&s);
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

    st = apx_stab_read(j, "capacity_summary.csv", "resource", "service", NULL, &c, &chave);
    if (st == FC_OK && chave && c.nyear > 0) {
        size_t nr = fc_intern_count(c.k0), m = 0, tc = c.nyear - 1;
        const char **cc = calloc(7 * (c.n + 1), sizeof *cc);
        if (cc == NULL) {
            apx_stab_fini(&c);
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < c.n; i++) {
            const srow *r = &c.row[i];
            if (r->year != c.years[tc] || r->k0 >= nr)
                continue;
            cc[7 * m] = apx_pretty(j, fc_intern_name(c.k0, r->k0));
            cc[7 * m + 1] = jnum(j, r->v[S_CUR]);
            cc[7 * m + 2] = jnum(j, r->v[S_PRIN]);
            cc[7 * m + 3] = jnum(j, r->v[S_P10]);
            cc[7 * m + 4] = jnum(j, r->v[S_P50]);
            cc[7 * m + 5] = jnum(j, r->v[S_P90]);
            cc[7 * m + 6] = isnan(r->v[S_CUR])
                                ? ""
                                : apx_jfmt(j, FC_FMT_NUMBER, r->v[S_P90] - r->v[S_CUR], 0, 1);
            m++;
        }
        if (m > 0)
            st = apx_add_table(j, apx_jstr(j, "Capacity required in %d: principal and the draws' "
                                   "percentiles, all areas", c.years[tc]),
                           m, 7, chead, cc, "Gap at P90: what would be needed, beyond current "
                           "capacity, to cover 9 draws in 10.");
        free(cc);
    }
    apx_stab_fini(&c);
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
    st = apx_stab_read(j, "gap_summary.csv", "programme", "measure", NULL, &s, &have);
    if (st != FC_OK || !have || s.nyear < 2 || !apx_fan_get(&s, "total", "gap", f))
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
        apx_jstr(j, "The funding gap in %s is %s to %s in 8 draws out of 10 (principal %s)",
             apx_jfmt(j, FC_FMT_FYEAR, s.years[t1], -1, 0), apx_jgbp(j, f->lo[t1], f->hi[t1], 0),
             apx_jgbp(j, f->hi[t1], f->hi[t1], 0), apx_jgbp(j, f->y[t1], f->hi[t1], 0));
    pl.u.lines.text.subtitle =
        apx_jstr(j, "%s: cost of demand minus the envelope, all programmes, cash; principal "
             "(line) and the middle 80%% of the draws (band); below zero is headroom",
             j->scn->name);
    pl.u.lines.text.x_title = "Financial year";
    pl.u.lines.text.y_title = "GBP a year, cash";
    pl.u.lines.text.source = "Source: Fulcrum Monte Carlo draws (gap_summary.csv).";
    if ((st = apx_chart_out(j, "uncertainty_gap", &pl,
                        "The funding gap: principal and the spread of the draws")) != FC_OK)
        goto done;
    for (size_t t = 0; t < s.nyear; t++) {
        cells[5 * t] = apx_jfmt(j, FC_FMT_FYEAR, s.years[t], -1, 0);
        cells[5 * t + 1] = apx_jgbp(j, f->y[t], f->hi[t1], 0);
        cells[5 * t + 2] = apx_jgbp(j, f->lo[t], f->hi[t1], 0);
        cells[5 * t + 3] = apx_jgbp(j, f->mid[t], f->hi[t1], 0);
        cells[5 * t + 4] = apx_jgbp(j, f->hi[t], f->hi[t1], 0);
    }
    if ((st = apx_add_table(j, "The funding gap by year: principal and the draws' percentiles",
                        s.nyear, 5, head, cells,
                        "Cash terms, all programmes. A negative gap is headroom. Percentiles "
                        "are of each year's gap over the draws, not of its parts.")) != FC_OK)
        goto done;
    {
        size_t np = fc_intern_count(s.k0), m = 0;
        for (size_t q = 0; q < np; q++) {
            const char *name = fc_intern_name(s.k0, q);
            fan g;
            if (strcmp(name, "total") == 0 || !apx_fan_get(&s, name, "gap", &g))
                continue;
            cells[5 * m] = apx_pretty(j, name);
            cells[5 * m + 1] = apx_jgbp(j, g.y[t1], f->hi[t1], 0);
            cells[5 * m + 2] = apx_jgbp(j, g.lo[t1], f->hi[t1], 0);
            cells[5 * m + 3] = apx_jgbp(j, g.mid[t1], f->hi[t1], 0);
            cells[5 * m + 4] = apx_jgbp(j, g.hi[t1], f->hi[t1], 0);
            m++;
        }
        if (m > 1)
            st = apx_add_table(j, apx_jstr(j, "The funding gap by programme in %s",
                                   apx_jfmt(j, FC_FMT_FYEAR, s.years[t1], -1, 0)),
                           m, 5, phead, cells, "Programmes' percentiles do not add up to the "
                           "total's: each is taken over the draws of that programme.");
    }
done:
    apx_stab_fini(&s);
    free(f);
    free(cells);
    return st;
}


static fc_status
pfund_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    pfund *s = ctx;
    fc_status st;
    int in;
    if (s->n == sizeof s->p / sizeof s->p[0])
        return FC_OK; /* (the chart shows the first 64; the table says how many there are) */
    snprintf(s->name[s->n], sizeof s->name[0], "%s", r->field[0]);
    if ((st = fc_csv_bool(r, 1, &in, err)) != FC_OK)
        return st;
    s->p[s->n] = r->num[2];
    s->in[s->n++] = in;
    return FC_OK;
}

static fc_status
uncertainty_pbma(job *j, double infeasible)
{
    const fc_scn_entry *bf = fc_scn_get(j->scn, "pbma", "budget_from");
    const fc_scn_entry *bb = fc_scn_get(j->scn, "pbma", "budget");
    const int from_finance = (bf != NULL && strcasecmp(bf->value, "finance") == 0) ||
                             (bb != NULL && strcasecmp(bb->value, "finance") == 0);
    static const fc_csv_col cols[3] = {{"option", FC_COL_REQUIRED}, {"funded", FC_COL_REQUIRED},
                                       {"p_funded", FC_COL_REQUIRED | FC_COL_NUM}};
    static const char *const head[3] = {"Option", "In the central plan", "Funded in, % of draws"};
    static const double ref[1] = {0.5};
    pfund *s = calloc(1, sizeof *s);
    const char *labels[64], *cells[64 * 3];
    size_t ord[64], robust = 0, central = 0, fragile = 0, weakest = 0;
    double p[64];
    int in[64];
    fc_plot pl;
    fc_writer *w;
    fc_status st = FC_OK;

    if (s == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if ((st = apx_read(j, "pbma_summary.csv", cols, 3, 0, pfund_row, s, NULL)) != FC_OK ||
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
        labels[i] = apx_pretty(j, s->name[o]);
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
        cells[3 * i + 2] = apx_jfmt(j, FC_FMT_PERCENT, p[i], 0, 0);
    }
    if ((st = apx_chart_csv(j, "pbma_probability_funded", &w)) != FC_OK)
        goto done;
    fc_w_str(w, "option,funded,p_funded\n");
    for (size_t i = 0; i < s->n; i++) {
        fc_w_field(w, s->name[ord[i]]);
        fc_w_str(w, in[i] ? ",TRUE" : ",FALSE");
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
            apx_jstr(j, "%zu of the central plan's %zu options %s funded in fewer than half the "
                 "draws: %s in %s", fragile, central, fragile == 1 ? "is" : "are",
                 apx_lowered(j, labels[weakest]), apx_jfmt(j, FC_FMT_PERCENT, p[weakest], 0, 0));
    else
        pl.u.prob.text.title =
            apx_jstr(j, "%zu of the central plan's %zu options %s funded in at least 8 draws out "
                 "of 10", robust, central, robust == 1 ? "is" : "are");
    pl.u.prob.text.subtitle =
        apx_jstr(j, "%s: the share of %ld draws in which each option is in the best set within the "
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
    if ((st = apx_chart_out(j, "pbma_probability_funded", &pl,
                        "How likely each option is to be funded")) != FC_OK)
        goto done;
    st = apx_add_table(j, "Options: in the central plan's best set, and how often funded over the "
                   "draws", s->n, 3, head, cells,
                   infeasible > 0
                       ? apx_jstr(j, "%.0f draws had no set within their budget; they count as "
                              "funding no option.", infeasible)
                       : "In the central plan: the principal run's optimal set.");
done:
    free(s);
    return st;
}

/* The title page's finding from the draws: the range of the last year's funding gap. */
fc_status
apx_uncertainty_findings(job *j)
{
    stab s;
    fan *f = calloc(1, sizeof *f);
    int have = 0;
    fc_status st;
    if (f == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    st = apx_stab_read(j, "gap_summary.csv", "programme", "measure", "total", &s, &have);
    if (st == FC_OK && have && s.nyear > 0 && apx_fan_get(&s, "total", "gap", f)) {
        size_t t1 = s.nyear - 1, n = strlen(j->findings);
        snprintf(j->findings + n, sizeof j->findings - n,
                 " Over %ld Monte Carlo draws of the uncertain numbers, the funding gap in %s "
                 "lies between %s and %s in 8 draws out of 10.",
                 j->ndraw, apx_jfmt(j, FC_FMT_FYEAR, s.years[t1], -1, 0),
                 apx_jgbp(j, f->lo[t1], f->hi[t1], 0), apx_jgbp(j, f->hi[t1], f->hi[t1], 0));
    }
    apx_stab_fini(&s);
    free(f);
    return st;
}

/* The section: what was drawn, and how sure each stage's answer is. */
fc_status
apx_section_uncertainty(job *j)
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
    double npar = apx_kv_get(u, "uncertain_parameters"), seed = apx_kv_get(u, "seed");
    double inf = apx_kv_get(u, "pbma_infeasible_draws");
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
            n += (size_t)(on[i] = apx_has(j, tabs[i]));
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
        apx_jstr(j, "How sure the plan's figures are. %ld Monte Carlo draws (seed %.0f) each take "
             "their own value of every uncertain number (%.0f scenario parameter%s%s%s) and "
             "carry it through %s%s, so every output of a draw comes from the same world. Lines "
             "are the principal run, every uncertain number at its median; bands hold the "
             "middle 80%% of the draws (their 10th to 90th percentiles). The draws are "
             "reproducible from the seed, whatever the number of threads.%s",
             j->ndraw, seed, npar, npar == 1 ? "" : "s",
             apx_kv_get(u, "growth_intervals") > 0 || apx_kv_get(u, "need_growth_intervals") > 0
                 ? ", growth beyond demography"
                 : "",
             apx_kv_get(u, "variants_drawn") > 1 ? ", the population variant" : "", chain,
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
    if (st == FC_OK && apx_has(j, "pbma_evppi.csv"))
        st = apx_evppi_chart(j);
    return st;
}

