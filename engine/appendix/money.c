/* money.c: the money section of the analysis appendix (appendix_int.h). */
#include "engine/appendix/appendix_int.h"

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
            s[apx_cube_year(c, c->row[i].year)] += c->row[i].v[k];
    return s;
}

/* Cost against the envelope, and the gap: a chart and a table by year. */
static fc_status
money_gap(job *j)
{
    static const char *const gv[4] = {"envelope", "cost", "gap", "cumulative_gap"};
    cube gap = {0};
    double *env = NULL, *cost = NULL, *g = NULL, *cg = NULL;
    fc_status st;
    fc_plot pl;
    fc_writer *w;
    int have;

    if ((st = apx_cube_read(j, "gap.csv", &have, "programme", gv, 4, &gap)) == FC_OK && have &&
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
        if ((st = apx_chart_csv(j, "money_gap", &w)) != FC_OK)
            goto done;
        fc_w_str(w, "year,envelope,cost,gap\n");
        for (size_t t = 0; t < gap.nyear; t++) {
            fc_w_row(w, FC_I(gap.years[t]), FC_D(env[t]), FC_D(cost[t]), FC_D(g[t]));
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_GAP;
        pl.u.gap.text.title =
            g[t1] > 0 ? apx_jstr(j, "The funding gap reaches %s a year by %s",
                             apx_jgbp(j, g[t1], g[t1], 0), apx_fyear(j, gap.years[t1]))
                      : apx_jstr(j, "The money available covers the cost: %s to spare in %s",
                             apx_jgbp(j, -g[t1], -g[t1], 0), apx_fyear(j, gap.years[t1]));
        pl.u.gap.text.subtitle =
            apx_jstr(j, "%s, all programmes: cost minus the envelope each year, cash, principal; "
                        "%s cost %s against an envelope of %s",
                     j->scn->name, apx_fyear(j, gap.years[t1]),
                     apx_jgbp(j, cost[t1], cost[t1], 0), apx_jgbp(j, env[t1], cost[t1], 0));
        pl.u.gap.text.x_title = "Financial year";
        pl.u.gap.text.y_title = "\xc2\xa3 a year, cash";
        pl.u.gap.text.source = "Source: Fulcrum money model (gap.csv).";
        pl.u.gap.n_year = gap.nyear;
        pl.u.gap.year = x;
        pl.u.gap.requirement = cost;
        pl.u.gap.envelope = env;
        pl.u.gap.req_label = "Cost";
        pl.u.gap.env_label = "Envelope";
        pl.u.gap.x_fmt = FC_FMT_FYEAR;
        pl.u.gap.y_fmt = FC_FMT_GBP;
        if ((st = apx_chart_out(j, "money_gap", &pl, "The funding gap each year: cost minus the envelope")) !=
            FC_OK)
            goto done;
        {
            static const char *const head[5] = {"Financial year", "Envelope", "Cost", "Gap",
                                                "Cumulative gap"};
            const char **cells = calloc(5 * gap.nyear + 1, sizeof *cells);
            if (cells == NULL) {
                st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
                goto done;
            }
            for (size_t t = 0; t < gap.nyear; t++) {
                /* to GBP 0.01m: a finance officer reads the gap to the ten thousand */
                cells[5 * t] = apx_fyear(j, gap.years[t]);
                cells[5 * t + 1] = apx_jgbp_m(j, env[t], 0);
                cells[5 * t + 2] = apx_jgbp_m(j, cost[t], 0);
                cells[5 * t + 3] = apx_jgbp_m(j, g[t], 1);
                cells[5 * t + 4] = apx_jgbp_m(j, cg[t], 1);
            }
            st = apx_add_table(j, "The funding gap by year, all programmes, cash", gap.nyear, 5, head,
                           cells, apx_jstr(j, "Gap = cost - envelope; positive is a shortfall. The "
                                              "cumulative gap adds the plan years after the base "
                                              "year %s, up to and including that row's.",
                                           apx_fyear(j, gap.years[0])));
            free(cells);
            if (st != FC_OK)
                goto done;
        }
    }
done:
    free(env);
    free(cost);
    free(g);
    free(cg);
    apx_cube_fini(&gap);
    return st;
}

/* Cost by programme, stacked bars every few years. */
static fc_status
money_by_programme(job *j)
{
    static const char *const cv[1] = {"cost"};
    cube bud = {0};
    fc_status st;
    fc_plot pl;
    fc_writer *w;
    int have;

    if ((st = apx_cube_read(j, "budget.csv", &have, "programme", cv, 1, &bud)) == FC_OK && have &&
        bud.nyear >= 2) {
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
            names[q] = apx_pretty(j, fc_intern_name(bud.cat, q));
        apx_family(j, names, np);
        for (size_t i = 0; i < bud.n; i++)
            for (size_t b = 0; b < nb; b++)
                if (bud.row[i].year == (int)xb[b])
                    vals[bud.row[i].cat * nb + b] += bud.row[i].v[0];
        for (size_t q = 0; q < np; q++)
            tot += vals[q * nb + nb - 1];
        if ((st = apx_chart_csv(j, "money_by_programme", &w)) == FC_OK) {
            fc_w_str(w, "programme,year,cost\n");
            for (size_t q = 0; q < np; q++)
                for (size_t b = 0; b < nb; b++) {
                    fc_w_row(w, FC_S(fc_intern_name(bud.cat, q)), FC_I((long)xb[b]),
                             FC_D(vals[q * nb + b]));
                }
            memset(&pl, 0, sizeof pl);
            pl.kind = FC_PLOT_STACK;
            pl.u.stack.text.title =
                apx_jstr(j, "Cost by programme: %s a year by %s", apx_jgbp(j, tot, tot, 0),
                     apx_fyear(j, (int)xb[nb - 1]));
            pl.u.stack.text.subtitle =
                apx_jstr(j, "%s: cost of meeting need by programme, cash, principal", j->scn->name);
            pl.u.stack.text.x_title = "Financial year";
            pl.u.stack.text.y_title = "\xc2\xa3 a year, cash";
            pl.u.stack.text.source = "Source: Fulcrum money model (budget.csv).";
            apx_year_bars(&pl, xb, nb, names, np, vals, FC_FMT_GBP);
            pl.u.stack.x_fmt = FC_FMT_FYEAR;
            st = apx_chart_out(j, "money_by_programme", &pl, "Cost by programme");
        }
        free(vals);
        free(names);
        if (st != FC_OK)
            goto done;
    }
done:
    apx_cube_fini(&bud);
    return st;
}

/* The bridge from the baseline cost to the last year's. */
static fc_status
money_bridge(job *j)
{
    static const char *const bv[7] = {"baseline",   "demography", "non_demographic", "inflation",
                                      "efficiency", "shifts",     "projected"};
    cube br = {0};
    fc_status st;
    fc_plot pl;
    fc_writer *w;
    int have;

    if ((st = apx_cube_read(j, "bridge.csv", &have, "programme", bv, 7, &br)) == FC_OK && have &&
        br.nyear >= 1) {
        static const char *const steps[5] = {"Demography", "Other growth", "Inflation",
                                             "Efficiency", "Shifts"};
        size_t t1 = br.nyear - 1, tot = fc_intern_find(br.cat, "total");
        double d[7] = {0};
        for (size_t i = 0; i < br.n; i++)
            if ((tot == FC_INTERN_NONE || br.row[i].cat == tot) && br.row[i].year == br.years[t1])
                for (size_t m = 0; m < 7; m++)
                    d[m] += br.row[i].v[m];
        if ((st = apx_chart_csv(j, "money_bridge", &w)) != FC_OK)
            goto done;
        fc_w_str(w, "year,step,value\n");
        for (size_t m = 0; m < 7; m++) {
            fc_w_row(w, FC_I(br.years[t1]), FC_R(bv[m]), FC_D(d[m]));
        }
        memset(&pl, 0, sizeof pl);
        pl.kind = FC_PLOT_WATERFALL;
        pl.u.waterfall.text.title =
            apx_jstr(j, "Cost rises from %s to %s a year by %s", apx_jgbp(j, d[0], d[6], 0),
                 apx_jgbp(j, d[6], d[6], 0), apx_fyear(j, br.years[t1]));
        pl.u.waterfall.text.subtitle =
            apx_jstr(j, "%s, all programmes: \xc2\xa3 a year, cash, principal", j->scn->name);
        pl.u.waterfall.text.x_title = "\xc2\xa3 a year, cash";
        pl.u.waterfall.text.source = "Source: Fulcrum money model (bridge.csv).";
        pl.u.waterfall.start_label = apx_jstr(j, "Baseline %s", apx_fyear(j, br.years[0]));
        pl.u.waterfall.start = d[0];
        pl.u.waterfall.n_step = 5;
        pl.u.waterfall.step_labels = steps;
        pl.u.waterfall.steps = d + 1;
        pl.u.waterfall.end_label = apx_jstr(j, "Projection %s", apx_fyear(j, br.years[t1]));
        pl.u.waterfall.end = d[6];
        pl.u.waterfall.fmt = FC_FMT_GBP;
        st = apx_chart_out(j, "money_bridge", &pl, "Bridge from the baseline cost to the projection");
    }
done:
    apx_cube_fini(&br);
    return st;
}

fc_status
apx_section_money(job *j)
{
    fc_status st;

    if (!apx_has(j, "gap.csv") && !apx_has(j, "bridge.csv"))
        return FC_OK;
    st = fc_appendix_section_begin(
        j->a, "Money",
        "The cost of meeting the projected activity against the money available, year by year, "
        "and what drives the cost from the baseline. Cash terms unless a chart says otherwise.",
        j->err);
    if (st == FC_OK)
        st = money_gap(j);
    if (st == FC_OK)
        st = money_by_programme(j);
    if (st == FC_OK)
        st = money_bridge(j);
    if (st == FC_OK)
        st = apx_assumptions(j, "finance");
    if (st == FC_OK)
        st = apx_assumptions(j, "money");
    return st;
}

