/* sensitivity.c: the Sensitivity section of the analysis appendix (appendix_int.h): which
 * assumption matters, as tornado charts of the funding gap and of the best set's net benefit
 * (from sensitivity.csv), and the switching values (switching_values.csv). */
#include "engine/appendix/appendix_int.h"

/* One row of sensitivity.csv. */
typedef struct sens_row {
    const char *param, *outcome;
    double lo_x, hi_x, c, lo, hi, swing;
} sens_row;

typedef struct sens_rows {
    job *j;
    sens_row *r;
    size_t n, cap;
} sens_rows;

static fc_status
srow_read(void *ctx, const fc_csv_row *row, fc_err *err)
{
    sens_rows *s = ctx;
    sens_row *r;
    fc_status st;
    if (fc_grow((void **)&s->r, &s->cap, s->n, sizeof *s->r) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    r = &s->r[s->n];
    if ((r->param = apx_jstr(s->j, "%s", row->field[0])) == NULL ||
        (r->outcome = apx_jstr(s->j, "%s", row->field[3])) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = fc_csv_double(row, 1, &r->lo_x, err)) != FC_OK ||
        (st = fc_csv_double(row, 2, &r->hi_x, err)) != FC_OK)
        return st;
    /* (NA, where no set met an end's budget, reads as not a number) */
    r->c = r->lo = r->hi = r->swing = (double)NAN;
    if (strcmp(row->field[4], "NA") && (st = fc_csv_double(row, 4, &r->c, err)) != FC_OK)
        return st;
    if (strcmp(row->field[5], "NA") && (st = fc_csv_double(row, 5, &r->lo, err)) != FC_OK)
        return st;
    if (strcmp(row->field[6], "NA") && (st = fc_csv_double(row, 6, &r->hi, err)) != FC_OK)
        return st;
    if (strcmp(row->field[7], "NA") && (st = fc_csv_double(row, 7, &r->swing, err)) != FC_OK)
        return st;
    s->n++;
    return FC_OK;
}

/* A parameter and its two values, as a row label: "projection.srb (1.03 to 1.07)". */
static const char *
label_of(job *j, const sens_row *r)
{
    return apx_jstr(j, "%s (%.4g to %.4g)", r->param, r->lo_x, r->hi_x);
}

/* The tornado chart of one outcome: its rows by swing, largest first, at most 12. */
static fc_status
tornado(job *j, const sens_rows *s, const char *outcome, const char *id, const char *what,
        fc_axis_fmt_kind fmt, const char *unit_note)
{
    enum { MAXROW = 12 };
    const sens_row *pick[MAXROW];
    const char *lab[MAXROW];
    double lo[MAXROW], hi[MAXROW];
    size_t n = 0;
    fc_writer *w;
    fc_plot pl;
    fc_status st;

    for (size_t i = 0; i < s->n; i++) { /* insertion by swing, largest first; ties in order */
        const sens_row *r = &s->r[i];
        size_t k;
        if (strcmp(r->outcome, outcome) != 0 || isnan(r->lo) || isnan(r->hi) || isnan(r->c))
            continue;
        if (n == MAXROW && !(r->swing > pick[n - 1]->swing))
            continue;
        k = n < MAXROW ? n++ : MAXROW - 1;
        for (; k > 0 && pick[k - 1]->swing < r->swing; k--)
            pick[k] = pick[k - 1];
        pick[k] = r;
    }
    if (n == 0)
        return FC_OK;
    if ((st = apx_chart_csv(j, id, &w)) != FC_OK)
        return st;
    fc_w_str(w, "parameter,value_low,value_high,central,at_low,at_high,swing\n");
    for (size_t i = 0; i < n; i++) {
        lab[i] = label_of(j, pick[i]);
        lo[i] = pick[i]->lo;
        hi[i] = pick[i]->hi;
        fc_w_row(w, FC_S(pick[i]->param), FC_D(pick[i]->lo_x), FC_D(pick[i]->hi_x),
                 FC_D(pick[i]->c), FC_D(lo[i]), FC_D(hi[i]), FC_D(pick[i]->swing));
    }
    memset(&pl, 0, sizeof pl);
    pl.kind = FC_PLOT_TORNADO;
    pl.u.tornado.text.title =
        pick[0]->swing > 0
            ? apx_jstr(j, "%s moves %s most", pick[0]->param, what)
            : apx_jstr(j, "No uncertain number moves %s", what);
    pl.u.tornado.text.subtitle =
        apx_jstr(j, "%s: %s with each uncertain number at its p10 and at its p90, the others "
                    "at their medians; largest swing first",
                 j->scn->name, unit_note);
    pl.u.tornado.text.x_title =
        apx_jstr(j, "Change from the central %s", apx_jfmt(j, fmt, pick[0]->c, -1, 0));
    pl.u.tornado.text.source = "Source: Fulcrum one-way sensitivity (sensitivity.csv).";
    pl.u.tornado.n = n;
    pl.u.tornado.labels = lab;
    pl.u.tornado.low = lo;
    pl.u.tornado.high = hi;
    pl.u.tornado.central = pick[0]->c;
    pl.u.tornado.fmt = fmt;
    return apx_chart_out(j, id, &pl,
                         apx_jstr(j, "What moves %s: each uncertain number at its p10 and p90",
                                  what));
}

/* The switching values found (switching_values.csv's rows with a value), as a table. */
typedef struct sw {
    job *j;
    const char **c; /* [n][6] */
    size_t n, cap;
} sw;

static fc_status
sw_read(void *ctx, const fc_csv_row *row, fc_err *err)
{
    sw *s = ctx;
    double x, a, b;
    fc_status st;
    if (strcmp(row->field[3], "NA") == 0) /* no switch in the range */
        return FC_OK;
    if ((st = fc_csv_double(row, 3, &x, err)) != FC_OK ||
        (st = fc_csv_double(row, 6, &a, err)) != FC_OK ||
        (st = fc_csv_double(row, 7, &b, err)) != FC_OK)
        return st;
    if (fc_grow((void **)&s->c, &s->cap, s->n, 6 * sizeof *s->c) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    s->c[6 * s->n] = apx_jstr(s->j, "%s", row->field[0]);
    s->c[6 * s->n + 1] = apx_jstr(s->j, "%s", row->field[1]);
    s->c[6 * s->n + 2] = apx_jstr(s->j, "%.6g", x);
    s->c[6 * s->n + 3] = apx_jstr(s->j, "%s", row->field[4]);
    s->c[6 * s->n + 4] = apx_jstr(s->j, "%s", row->field[5]);
    s->c[6 * s->n + 5] = apx_jstr(s->j, "%.4g to %.4g", a, b);
    for (int k = 0; k < 6; k++)
        if (s->c[6 * s->n + k] == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
    s->n++;
    return FC_OK;
}

/* The two-way grid (sensitivity_grid.csv): its cells in file order, x varying fastest. */
typedef struct grid_cell {
    double x, y, z;
    const char *set;
    int same;
} grid_cell;

typedef struct grid_rows {
    job *j;
    const char *px, *py;
    grid_cell *c;
    size_t n, cap;
} grid_rows;

static fc_status
grid_read(void *ctx, const fc_csv_row *row, fc_err *err)
{
    grid_rows *g = ctx;
    grid_cell *c;
    fc_status st;
    if (fc_grow((void **)&g->c, &g->cap, g->n, sizeof *g->c) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c = &g->c[g->n];
    if (g->n == 0 && ((g->px = apx_jstr(g->j, "%s", row->field[0])) == NULL ||
                      (g->py = apx_jstr(g->j, "%s", row->field[2])) == NULL))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = fc_csv_double(row, 1, &c->x, err)) != FC_OK ||
        (st = fc_csv_double(row, 3, &c->y, err)) != FC_OK)
        return st;
    c->z = (double)NAN;
    if (strcmp(row->field[4], "NA") && (st = fc_csv_double(row, 4, &c->z, err)) != FC_OK)
        return st;
    if ((c->set = apx_jstr(g->j, "%s", row->field[6])) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    c->same = strcmp(row->field[7], "TRUE") == 0;
    g->n++;
    return FC_OK;
}

/* The two-way grid as a heat map of the funding gap with the best set's boundary. */
static fc_status
grid_chart(job *j)
{
    static const fc_csv_col cols[8] = {{"parameter_x", 1}, {"value_x", 1}, {"parameter_y", 1},
                                       {"value_y", 1},     {"gap", 1},     {"net_benefit", 1},
                                       {"best_set", 1},    {"same_set_as_central", 1}};
    grid_rows g = {j, NULL, NULL, NULL, 0, 0};
    double *xs = NULL, *ys = NULL, *zs = NULL;
    int *group = NULL;
    size_t nx = 0, ny, nsame = 0;
    fc_status st;
    fc_plot pl;
    fc_writer *w;

    if ((st = apx_read(j, "sensitivity_grid.csv", cols, 8, 0, grid_read, &g, NULL)) != FC_OK ||
        g.n < 4)
        goto done;
    while (nx < g.n && g.c[nx].y == g.c[0].y)
        nx++;
    ny = g.n / nx;
    xs = malloc(nx * sizeof *xs);
    ys = malloc(ny * sizeof *ys);
    zs = malloc(g.n * sizeof *zs);
    group = malloc(g.n * sizeof *group);
    if (!xs || !ys || !zs || !group || nx * ny != g.n) {
        st = nx * ny != g.n ? FC_FAIL(j->err, FC_EDATA, "sensitivity_grid.csv is not a grid")
                            : FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nx; i++)
        xs[i] = g.c[i].x;
    for (size_t i = 0; i < ny; i++)
        ys[i] = g.c[i * nx].y;
    for (size_t i = 0; i < g.n; i++) { /* the decisions, numbered in order of first sight */
        size_t k = 0;
        while (k < i && strcmp(g.c[k].set, g.c[i].set) != 0)
            k++;
        group[i] = k < i ? group[k] : (int)i;
        nsame += (size_t)g.c[i].same;
        zs[i] = g.c[i].z;
    }
    if ((st = apx_chart_csv(j, "sensitivity_grid", &w)) != FC_OK)
        goto done;
    fc_w_str(w, "value_x,value_y,gap,same_set_as_central\n");
    for (size_t i = 0; i < g.n; i++)
        fc_w_row(w, FC_D(g.c[i].x), FC_D(g.c[i].y), FC_D(g.c[i].z),
                 FC_R(g.c[i].same ? "TRUE" : "FALSE"));
    memset(&pl, 0, sizeof pl);
    pl.kind = FC_PLOT_HEATMAP;
    pl.u.heatmap.text.title =
        apx_jstr(j, "The best set holds in %zu of %zu pairs of %s and %s", nsame, g.n, g.px,
                 g.py);
    pl.u.heatmap.text.subtitle =
        apx_jstr(j, "%s: the funding gap of all programmes in the plan's last year, and where "
                    "the best set within the budget changes, with both numbers between their "
                    "1st and 99th percentiles, the others at their medians",
                 j->scn->name);
    pl.u.heatmap.text.x_title = g.px;
    pl.u.heatmap.text.y_title = g.py;
    pl.u.heatmap.text.source = "Source: Fulcrum two-way sensitivity (sensitivity_grid.csv).";
    pl.u.heatmap.nx = nx;
    pl.u.heatmap.ny = ny;
    pl.u.heatmap.x = xs;
    pl.u.heatmap.y = ys;
    pl.u.heatmap.z = zs;
    pl.u.heatmap.group = group;
    pl.u.heatmap.cx = (double)NAN;
    pl.u.heatmap.cy = (double)NAN;
    pl.u.heatmap.x_fmt = FC_FMT_NUMBER;
    pl.u.heatmap.y_fmt = FC_FMT_NUMBER;
    pl.u.heatmap.z_fmt = FC_FMT_GBP;
    st = apx_chart_out(j, "sensitivity_grid", &pl,
                       apx_jstr(j, "Two-way sensitivity: %s against %s", g.px, g.py));
done:
    free(g.c);
    free(xs);
    free(ys);
    free(zs);
    free(group);
    return st;
}

fc_status
apx_section_sensitivity(job *j)
{
    static const fc_csv_col cols[8] = {{"parameter", 1}, {"value_low", 1}, {"value_high", 1},
                                       {"outcome", 1},   {"central", 1},   {"at_low", 1},
                                       {"at_high", 1},   {"swing", 1}};
    static const fc_csv_col scols[8] = {{"parameter", 1},     {"outcome", 1},
                                        {"central_value", 1}, {"switching_value", 1},
                                        {"below", 1},         {"above", 1},
                                        {"range_low", 1},     {"range_high", 1}};
    static const char *const head[6] = {"Parameter", "Outcome", "Switches at", "Below",
                                        "Above", "Range searched"};
    sens_rows s = {j, NULL, 0, 0};
    sw t = {j, NULL, 0, 0};
    fc_status st;

    st = fc_appendix_section_begin(
        j->a, "Sensitivity",
        "Which assumption matters. Each uncertain number of the scenario is set to its 10th "
        "and then its 90th percentile, every other number at its median, and carried through "
        "the whole chain, so each bar is what a run with that one value gives. The switching "
        "values are where an option enters or leaves the best set, or where a funding gap "
        "turns to headroom, within each number's 1st to 99th percentile.",
        j->err);
    if (st == FC_OK)
        st = apx_read(j, "sensitivity.csv", cols, 8, 0, srow_read, &s, NULL);
    if (st == FC_OK)
        st = tornado(j, &s, "gap", "sensitivity_gap", "the funding gap", FC_FMT_GBP,
                     "the cash funding gap of all programmes in the plan's last year");
    if (st == FC_OK)
        st = tornado(j, &s, "net_benefit", "sensitivity_net_benefit",
                     "the best set's net benefit", FC_FMT_GBP,
                     "the net benefit of the best set within the budget (threshold x benefit - "
                     "cost, a year)");
    if (st == FC_OK)
        st = apx_read(j, "switching_values.csv", scols, 8, 0, sw_read, &t, NULL);
    if (st == FC_OK && t.n > 0)
        st = apx_add_table(j, "Switching values: where a decision or a gap changes", t.n, 6,
                           head, t.c,
                           "funded.OPTION: the option's place in the best set; gap: all "
                           "programmes' funding gap in the plan's last year, gap.PROGRAMME one "
                           "programme's. Below and above: the state on each side of the "
                           "switch. Numbers with no switch in their range are left out "
                           "(switching_values.csv has every one).");
    if (st == FC_OK && apx_has(j, "sensitivity_grid.csv"))
        st = grid_chart(j);
    free(s.r);
    free(t.c);
    return st;
}

/* ------------------------------------------------------------------ EVPPI of the draws */

typedef struct ev_row {
    const char *name;
    double share, evppi;
} ev_row;

typedef struct ev_rows {
    job *j;
    ev_row *r;
    double evpi;
    size_t n, cap;
} ev_rows;

static fc_status
ev_read(void *ctx, const fc_csv_row *row, fc_err *err)
{
    ev_rows *e = ctx;
    ev_row *r;
    fc_status st;
    if (fc_grow((void **)&e->r, &e->cap, e->n, sizeof *e->r) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    r = &e->r[e->n];
    r->share = 0;
    if ((st = fc_csv_double(row, 1, &r->evppi, err)) != FC_OK ||
        (st = fc_csv_double(row, 2, &e->evpi, err)) != FC_OK ||
        (strcmp(row->field[3], "NA") && (st = fc_csv_double(row, 3, &r->share, err)) != FC_OK))
        return st;
    if ((r->name = apx_jstr(e->j, "%s", row->field[0])) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    e->n++;
    return FC_OK;
}

fc_status
apx_evppi_chart(job *j)
{
    enum { MAXROW = 12 };
    static const fc_csv_col cols[4] = {{"parameter", 1}, {"evppi", 1}, {"evpi", 1},
                                       {"share_of_evpi", 1}};
    ev_rows e = {j, NULL, 0, 0, 0};
    const char *lab[MAXROW];
    double val[MAXROW];
    size_t ord[MAXROW], n = 0;
    fc_writer *w;
    fc_plot pl;
    fc_status st;

    if ((st = apx_read(j, "pbma_evppi.csv", cols, 4, 0, ev_read, &e, NULL)) != FC_OK ||
        e.n == 0 || !(e.evpi > 0))
        goto done;
    for (size_t i = 0; i < e.n; i++) { /* the largest shares, largest first */
        size_t k;
        if (n == MAXROW && !(e.r[i].share > e.r[ord[n - 1]].share))
            continue;
        k = n < MAXROW ? n++ : MAXROW - 1;
        for (; k > 0 && e.r[ord[k - 1]].share < e.r[i].share; k--)
            ord[k] = ord[k - 1];
        ord[k] = i;
    }
    if ((st = apx_chart_csv(j, "uncertainty_evppi", &w)) != FC_OK)
        goto done;
    fc_w_str(w, "parameter,evppi,share_of_evpi\n");
    for (size_t i = 0; i < n; i++) {
        lab[i] = e.r[ord[i]].name;
        val[i] = e.r[ord[i]].share;
        fc_w_row(w, FC_S(lab[i]), FC_D(e.r[ord[i]].evppi), FC_D(val[i]));
    }
    memset(&pl, 0, sizeof pl);
    pl.kind = FC_PLOT_LADDER;
    pl.u.ladder = fc_ladder_info_rank(
        apx_jstr(j, "Learning %s first is worth most: %.0f%% of the EVPI", lab[0], 100 * val[0]),
        apx_jstr(j, "%s: what knowing each unknown before choosing the set of options would be "
                    "worth, as a share of knowing everything (EVPI %s a year), from the draws",
                 j->scn->name, apx_jgbp(j, e.evpi, e.evpi, 0)),
        "Source: Fulcrum Monte Carlo draws (pbma_evppi.csv); EVPPI by penalised regression "
        "splines (Strong, Oakley and Brennan 2014).",
        n, lab, val);
    st = apx_chart_out(j, "uncertainty_evppi", &pl,
                       "Which unknown is worth researching: the EVPPI of each, as a share of "
                       "the EVPI");
done:
    free(e.r);
    return st;
}
