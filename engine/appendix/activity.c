/* activity.c: the need and activity section of the analysis appendix (appendix_int.h). */
#include "engine/appendix/appendix_int.h"

/* ==================================================================== need and activity */




void
apx_cube_fini(cube *c)
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
    fc_status st;
    /* the principal projection only (the tables write a variant column): the table's first
     * variant, "principal" in Fulcrum's own, or a published projection's principal's name */
    if (r->field[0]) {
        if (c->variant[0] == '\0')
            snprintf(c->variant, sizeof c->variant, "%s", r->field[0]);
        else if (strcmp(r->field[0], c->variant) != 0)
            return FC_OK;
    }
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
    x.year = (int)r->num[2];
    if ((st = fc_intern_add(c->cat, r->field[3], &idx, err)))
        return st;
    x.cat = (unsigned)idx;
    for (size_t k = 0; k < c->nval; k++)
        x.v[k] = r->num[4 + k];
    if ((st = apx_year_add(c->years, &c->nyear, x.year, r, err)) != FC_OK)
        return st;
    c->row[c->n++] = x;
    return FC_OK;
}

fc_status
apx_cube_read(job *j, const char *name, int *have, const char *catcol, const char *const *vals, size_t nval,
          cube *c)
{
    /* area is optional: the money tables are by programme for the whole partnership */
    fc_csv_col cols[4 + CUBE_MAXV] = {{"variant", 0}, {"area", 0}, {"year", FC_COL_REQUIRED | FC_COL_YEAR},
                                      {catcol, FC_COL_REQUIRED}};
    memset(c, 0, sizeof *c);
    c->nval = nval;
    for (size_t k = 0; k < nval; k++)
        cols[4 + k] = (fc_csv_col){vals[k], FC_COL_REQUIRED | FC_COL_NUM};
    c->cat = fc_intern_alloc();
    c->area = fc_intern_alloc();
    if (!c->cat || !c->area)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    return apx_read(j, name, cols, 4 + nval, 1, cube_row, c, have);
}

size_t
apx_cube_year(const cube *c, int year)
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
            s[r->cat * c->nyear + apx_cube_year(c, r->year)] += r->v[k];
    }
    return s;
}

/* The services of activity.csv ranked by their change, largest first. */
typedef struct ranked {
    const cube *act;
    const double *sa;           /* [service][year] all areas, principal */
    const char *const *names;   /* codes, by change */
    const char *const *shown;   /* as a reader writes them */
    size_t k, t1;               /* services ranked; the last year's index */
} ranked;

/* Need by condition, indexed to the base year: a chart and a table. */
static fc_status
need_conditions(job *j, const cube *need)
{
    double *sn = NULL;
    fc_status st = FC_OK;
    size_t t1;
    fc_plot pl;
    fc_writer *w;

    if (need->nyear >= 2 && (sn = cube_sum(need, 0, (size_t)-1)) != NULL) {
        size_t nc = fc_intern_count(need->cat), fastest = 0, k = 0;
        double *idx = calloc(nc * need->nyear + 1, sizeof *idx), x[512];
        fc_series *s = calloc(nc + 1, sizeof *s);
        const char **names = calloc(nc + 1, sizeof *names);
        static const char *const head[4] = {"Condition", "Base", "Horizon", "Change, %"};
        const char **cells = calloc(4 * nc + 1, sizeof *cells);
        t1 = need->nyear - 1;
        if (!idx || !s || !names || !cells) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        } else {
            for (size_t t = 0; t < need->nyear; t++)
                x[t] = need->years[t];
            for (size_t c = 0; c < nc; c++)
                names[c] = apx_pretty(j, fc_intern_name(need->cat, c));
            apx_family(j, names, nc);
            for (size_t c = 0; c < nc; c++) {
                double b0 = sn[c * need->nyear];
                if (!(b0 > 0))
                    continue;
                for (size_t t = 0; t < need->nyear; t++)
                    idx[k * need->nyear + t] = 100 * sn[c * need->nyear + t] / b0;
                s[k].name = names[c];
                s[k].y = idx + k * need->nyear;
                cells[4 * k] = names[c];
                cells[4 * k + 1] = apx_jfmt(j, FC_FMT_NUMBER, b0, 0, 0);
                cells[4 * k + 2] = apx_jfmt(j, FC_FMT_NUMBER, sn[c * need->nyear + t1], 0, 0);
                cells[4 * k + 3] = apx_jfmt(j, FC_FMT_NUMBER, s[k].y[t1] - 100, 1, 1);
                if (s[k].y[t1] > s[fastest].y[t1])
                    fastest = k;
                k++;
            }
            if (k > 0 && (st = apx_chart_csv(j, "need_conditions", &w)) == FC_OK) {
                fc_w_str(w, "measure,year,need,index\n");
                for (size_t c = 0, q = 0; c < nc; c++) {
                    if (!(sn[c * need->nyear] > 0))
                        continue;
                    for (size_t t = 0; t < need->nyear; t++) {
                        fc_w_row(w, FC_S(fc_intern_name(need->cat, c)), FC_I(need->years[t]),
                                 FC_D(sn[c * need->nyear + t]), FC_D(s[q].y[t]));
                    }
                    q++;
                }
                memset(&pl, 0, sizeof pl);
                pl.kind = FC_PLOT_LINES;
                pl.u.lines.text.title =
                    apx_jstr(j, "Need grows fastest for %s: %s%% by %d", apx_lowered(j, s[fastest].name),
                         apx_jfmt(j, FC_FMT_NUMBER, s[fastest].y[t1] - 100, 0, 1), need->years[t1]);
                pl.u.lines.text.subtitle = apx_jstr(
                    j, "%s, all areas: people with each condition, index %d = 100, principal",
                    j->scn->name, need->years[0]);
                pl.u.lines.text.x_title = "Year";
                pl.u.lines.text.y_title = apx_jstr(j, "Index, %d = 100", need->years[0]);
                pl.u.lines.text.source = "Source: Fulcrum need model (need.csv).";
                apx_year_lines(&pl, x, need->nyear, s, k);
                st = apx_chart_out(j, "need_conditions", &pl, "People in need by condition");
            }
            if (st == FC_OK && k > 0)
                st = apx_add_table(j,
                               apx_jstr(j, "People in need by condition, %d and %d, principal",
                                    need->years[0], need->years[t1]),
                               k, 4, head, cells, "People, all areas.");
        }
        free(idx);
        free(s);
        free(names);
        free(cells);
    }
    free(sn);
    return st;
}

/* The fastest-growing service by area, stacked bars every few years. */
static fc_status
activity_by_area(job *j, const ranked *r)
{
    fc_status st = FC_OK;
    fc_plot pl;
    fc_writer *w;

    if (r->k > 0 && r->act->nyear >= 2) {
        size_t c = fc_intern_find(r->act->cat, r->names[0]), na = fc_intern_count(r->act->area);
        size_t every = r->act->nyear > 12 ? 5 : 1, nb = 0;
        double xb[512], *vals = calloc(na * r->act->nyear + 1, sizeof *vals);
        const char **an = calloc(na + 1, sizeof *an);
        if (!vals || !an) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        } else {
            for (size_t t = 0; t < r->act->nyear; t++)
                if (t % every == 0 || t == r->t1)
                    xb[nb++] = r->act->years[t];
            for (size_t a = 0; a < na; a++)
                an[a] = fc_intern_name(r->act->area, a);
            apx_family(j, an, na);
            for (size_t i = 0; i < r->act->n; i++) {
                const crow *x = &r->act->row[i];
                for (size_t b = 0; b < nb; b++)
                    if (x->cat == c && x->year == (int)xb[b])
                        vals[x->area * nb + b] += x->v[0];
            }
            if ((st = apx_chart_csv(j, "activity_by_area", &w)) == FC_OK) {
                fc_w_str(w, "service,area,year,activity\n");
                for (size_t a = 0; a < na; a++)
                    for (size_t b = 0; b < nb; b++) {
                        fc_w_row(w, FC_S(r->names[0]), FC_S(an[a]), FC_I((long)xb[b]),
                                 FC_D(vals[a * nb + b]));
                    }
                memset(&pl, 0, sizeof pl);
                pl.kind = FC_PLOT_STACK;
                pl.u.stack.text.title =
                    apx_jstr(j, "%s by area: %s a year by %d", r->shown[0],
                         apx_jfmt(j, FC_FMT_NUMBER, r->sa[c * r->act->nyear + r->t1], 0, 0),
                         r->act->years[r->t1]);
                pl.u.stack.text.subtitle =
                    apx_jstr(j, "%s: the fastest-growing service by area, principal",
                         j->scn->name);
                pl.u.stack.text.x_title = "Year";
                pl.u.stack.text.y_title = apx_jstr(j, "%s a year", r->shown[0]);
                pl.u.stack.text.source = "Source: Fulcrum activity model (activity.csv).";
                apx_year_bars(&pl, xb, nb, an, na, vals, FC_FMT_NUMBER);
                st = apx_chart_out(j, "activity_by_area", &pl,
                               apx_jstr(j, "%s by area", r->shown[0]));
            }
        }
        free(vals);
        free(an);
    }
    return st;
}

/* Drivers of change: a bridge for the two services that change most. */
static fc_status
activity_drivers(job *j, const ranked *r)
{
    static const char *const dv[7] = {"baseline",      "demographic", "non_demographic",
                                      "health_status", "shifts",      "interaction",
                                      "projected"};
    cube drv = {0};
    int have;
    fc_status st = FC_OK;
    fc_plot pl;
    fc_writer *w;

    if ((st = apx_cube_read(j, "drivers.csv", &have, "service", dv, 7, &drv)) == FC_OK &&
        have && drv.nyear >= 1) {
        size_t td = drv.nyear - 1;
        for (size_t q = 0; q < r->k && q < 2 && st == FC_OK; q++) {
            size_t c = fc_intern_find(drv.cat, r->names[q]);
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
            if ((st = apx_chart_csv(j, id, &w)) != FC_OK)
                break;
            fc_w_str(w, "service,year,step,value\n");
            for (size_t m = 0; m < 7; m++) {
                fc_w_row(w, FC_S(r->names[q]), FC_I(drv.years[td]), FC_R(dv[m]), FC_D(d[m]));
            }
            memset(&pl, 0, sizeof pl);
            pl.kind = FC_PLOT_WATERFALL;
            pl.u.waterfall.text.title =
                apx_jstr(j, "%s: what drives the change to %d", r->shown[q], drv.years[td]);
            pl.u.waterfall.text.subtitle =
                apx_jstr(j, "%s, all areas, principal projection", j->scn->name);
            pl.u.waterfall.text.x_title = apx_jstr(j, "%s a year", r->shown[q]);
            pl.u.waterfall.text.source =
                "Source: Fulcrum activity model (drivers.csv). The interaction is "
                "the part no single driver explains.";
            pl.u.waterfall.start_label = apx_jstr(j, "Baseline %d", drv.years[0]);
            pl.u.waterfall.start = d[0];
            pl.u.waterfall.n_step = 5;
            pl.u.waterfall.step_labels = steps;
            pl.u.waterfall.steps = d + 1;
            pl.u.waterfall.end_label = apx_jstr(j, "Projection %d", drv.years[td]);
            pl.u.waterfall.end = d[6];
            pl.u.waterfall.fmt = FC_FMT_NUMBER;
            st = apx_chart_out(j, apx_jstr(j, "%s", id), &pl,
                           apx_jstr(j, "Drivers of the change in %s", r->shown[q]));
        }
    }
    apx_cube_fini(&drv);
    return st;
}

/* The unit a service's activity counts, read from its code's last words
 * ("community_nursing_contacts" -> "contacts", "emergency_bed_days" -> "bed days",
 * "outpatient_first" -> "appointments"); "activities" when the code names no unit. */
static const char *
unit_of(const char *code)
{
    static const char *const unit[][2] = {
        {"bed_days", "bed days"},       {"bed_nights", "bed nights"},
        {"daycases", "day cases"},      {"day_cases", "day cases"},
        {"contacts", "contacts"},       {"attendances", "attendances"},
        {"admissions", "admissions"},   {"hours", "hours"},
        {"places", "places"},           {"visits", "visits"},
        {"appointments", "appointments"}, {"episodes", "episodes"},
        {"referrals", "referrals"},     {"packages", "packages"},
        {"weeks", "weeks"},             {"spells", "spells"},
        {"procedures", "procedures"},   {"calls", "calls"},
        {"prescriptions", "prescriptions"}, {"assessments", "assessments"},
        {"beds", "beds"},               {"cases", "cases"}};
    size_t n = strlen(code);
    for (size_t i = 0; i < sizeof unit / sizeof unit[0]; i++) {
        size_t m = strlen(unit[i][0]);
        if (n >= m && strcmp(code + n - m, unit[i][0]) == 0 &&
            (n == m || code[n - m - 1] == '_'))
            return unit[i][1];
    }
    if (strncmp(code, "outpatient", 10) == 0)
        return "appointments";
    return "activities";
}

/* Activity: the change by service (a diverging bar per service, in per cent), the fastest-
 * growing service by area, a table, and what drives the two that change most. */
static fc_status
activity_services(job *j, const cube *act)
{
    double *sa = NULL;
    fc_status st = FC_OK;
    size_t t1;
    fc_plot pl;
    fc_writer *w;

    if (act->nyear >= 2 && (sa = cube_sum(act, 0, (size_t)-1)) != NULL) {
        size_t nc = fc_intern_count(act->cat), k = 0;
        const char **names = calloc(nc + 1, sizeof *names);
        const char **shown = calloc(nc + 1, sizeof *shown);
        double *pct = calloc(nc + 1, sizeof *pct);
        static const char *const head[5] = {"Service", "Unit", "Base", "Horizon", "Change, %"};
        const char **cells = calloc(5 * nc + 1, sizeof *cells);
        t1 = act->nyear - 1;
        if (!names || !shown || !pct || !cells) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        } else {
            /* services sorted by their change, largest first */
            for (size_t c = 0; c < nc; c++) {
                double b0 = sa[c * act->nyear], p;
                size_t q;
                if (!(b0 > 0))
                    continue;
                p = sa[c * act->nyear + t1] / b0 - 1;
                for (q = k++; q > 0 && pct[q - 1] < p; q--) {
                    pct[q] = pct[q - 1];
                    names[q] = names[q - 1];
                }
                pct[q] = p;
                names[q] = fc_intern_name(act->cat, c);
            }
            for (size_t q = 0; q < k; q++)
                shown[q] = apx_pretty(j, names[q]);
            for (size_t q = 0; q < k; q++) {
                size_t c = fc_intern_find(act->cat, names[q]);
                cells[5 * q] = shown[q];
                cells[5 * q + 1] = unit_of(names[q]);
                cells[5 * q + 2] = apx_jfmt(j, FC_FMT_NUMBER, sa[c * act->nyear], 0, 0);
                cells[5 * q + 3] = apx_jfmt(j, FC_FMT_NUMBER, sa[c * act->nyear + t1], 0, 0);
                cells[5 * q + 4] = apx_jfmt(j, FC_FMT_NUMBER, 100 * pct[q], 1, 1);
            }
            if (k > 0 && (st = apx_chart_csv(j, "activity_change", &w)) == FC_OK) {
                fc_w_str(w, "service,base_year,horizon,activity_base,activity_horizon,change\n");
                for (size_t q = 0; q < k; q++) {
                    size_t c = fc_intern_find(act->cat, names[q]);
                    fc_w_row(w, FC_S(names[q]), FC_I(act->years[0]), FC_I(act->years[t1]),
                             FC_D(sa[c * act->nyear]), FC_D(sa[c * act->nyear + t1]), FC_D(pct[q]));
                }
                memset(&pl, 0, sizeof pl);
                pl.kind = FC_PLOT_LADDER;
                pl.u.ladder.text.title =
                    apx_jstr(j, "%s grows most: %s%% by %d", shown[0],
                         apx_jfmt(j, FC_FMT_NUMBER, 100 * pct[0], 0, 1), act->years[t1]);
                pl.u.ladder.text.subtitle =
                    apx_jstr(j, "%s, all areas: change in activity by service, %d to %d, principal",
                         j->scn->name, act->years[0], act->years[t1]);
                pl.u.ladder.text.x_title = apx_jstr(j, "Change from %d", act->years[0]);
                pl.u.ladder.text.source = "Source: Fulcrum activity model (activity.csv), "
                                          "after every driver and shift.";
                pl.u.ladder.n = k;
                pl.u.ladder.labels = shown;
                pl.u.ladder.amount = pct;
                pl.u.ladder.fmt = FC_FMT_PERCENT;
                pl.u.ladder.pos_label = "Increase";
                pl.u.ladder.neg_label = "Decrease";
                pl.u.ladder.no_net = 1;
                st = apx_chart_out(j, "activity_change", &pl, "Change in activity by service");
            }
            if (st == FC_OK) {
                const ranked r = {act, sa, names, shown, k, t1};
                st = activity_by_area(j, &r);
                if (st == FC_OK && k > 0)
                    st = apx_add_table(j,
                               apx_jstr(j, "Activity by service, %d and %d, principal",
                                    act->years[0], act->years[t1]),
                               k, 5, head, cells,
                               "All areas; each service in its own unit, a year (the unit as "
                               "its code names it).");
                if (st == FC_OK)
                    st = activity_drivers(j, &r);
            }
        }
        free(names);
        free(shown);
        free(pct);
        free(cells);
    }
    free(sa);
    return st;
}

/* capacity.csv's unit of each resource */
typedef struct cap_units {
    char res[32][64], unit[32][32];
    size_t n;
} cap_units;

static fc_status
cap_unit_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    cap_units *u = ctx;
    size_t i = 0;
    (void)err;
    if (r->field[1] == NULL)
        return FC_OK;
    while (i < u->n && strcmp(u->res[i], r->field[0]) != 0)
        i++;
    if (i == u->n && u->n < 32) {
        snprintf(u->res[i], sizeof u->res[i], "%s", r->field[0]);
        snprintf(u->unit[i], sizeof u->unit[i], "%s", r->field[1]);
        u->n++;
    }
    return FC_OK;
}

/* Capacity at the horizon, as a table. */
static fc_status
capacity_table(job *j)
{
    static const char *const cv[3] = {"required", "current", "gap"};
    cube capc = {0};
    fc_status st = FC_OK;

    if (apx_has(j, "capacity.csv")) {
        /* keys: resource is the category; service rides along in the area slot's place */
        static const char *const head[5] = {"Resource", "Unit", "Current", "Required", "Gap"};
        static const fc_csv_col ucols[2] = {{"resource", 1}, {"unit", 0}};
        cap_units un = {0};
        if ((st = apx_read(j, "capacity.csv", ucols, 2, 0, cap_unit_row, &un, NULL)) == FC_OK &&
            (st = apx_cube_read(j, "capacity.csv", NULL, "resource", cv, 3, &capc)) == FC_OK &&
            capc.nyear >= 1) {
            size_t nc = fc_intern_count(capc.cat), tc = capc.nyear - 1;
            const char **cells = calloc(5 * nc + 1, sizeof *cells);
            double *sum = calloc(3 * nc + 1, sizeof *sum);
            if (!cells || !sum) {
                st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
            } else {
                for (size_t i = 0; i < capc.n; i++)
                    if (capc.row[i].year == capc.years[tc])
                        for (size_t m = 0; m < 3; m++)
                            sum[capc.row[i].cat * 3 + m] += capc.row[i].v[m];
                for (size_t c = 0; c < nc; c++) {
                    const char *name = fc_intern_name(capc.cat, c), *unit = "";
                    for (size_t i = 0; i < un.n; i++)
                        if (strcmp(un.res[i], name) == 0)
                            unit = un.unit[i];
                    cells[5 * c] = apx_pretty(j, name);
                    cells[5 * c + 1] = unit;
                    cells[5 * c + 2] = apx_jfmt(j, FC_FMT_NUMBER, sum[3 * c + 1], 0, 0);
                    cells[5 * c + 3] = apx_jfmt(j, FC_FMT_NUMBER, sum[3 * c], 0, 0);
                    cells[5 * c + 4] = apx_jfmt(j, FC_FMT_NUMBER, sum[3 * c + 2], 0, 1);
                }
                st = apx_add_table(j, apx_jstr(j, "Capacity needed in %d, principal", capc.years[tc]),
                               nc, 5, head, cells,
                               "All areas. Gap = required - current; positive is a shortfall.");
            }
            free(cells);
            free(sum);
        }
    }
    apx_cube_fini(&capc);
    return st;
}

fc_status
apx_section_activity(job *j)
{
    static const char *const av[1] = {"activity"}, *const nv[1] = {"need"};
    int have_act;
    cube act = {0}, need = {0};
    fc_status st = FC_OK;

    if (!apx_has(j, "activity.csv") && !apx_has(j, "need.csv"))
        return FC_OK;
    if ((st = apx_cube_read(j, "activity.csv", &have_act, "service", av, 1, &act)) != FC_OK ||
        (st = apx_cube_read(j, "need.csv", NULL, "measure", nv, 1, &need)) != FC_OK)
        goto done;
    st = fc_appendix_section_begin(
        j->a, "Need and activity",
        "People in need by condition, and the health and care activity the population implies "
        "once demographic change, other growth, health status and planned shifts between "
        "services are applied. Each service keeps its own unit (attendances, admissions, bed "
        "days, hours, places), so services are compared by their change, not added up.",
        j->err);
    if (st == FC_OK)
        st = need_conditions(j, &need);
    if (st == FC_OK)
        st = activity_services(j, &act);
    if (st == FC_OK)
        st = capacity_table(j);
    if (st == FC_OK)
        st = apx_assumptions(j, "need");
    if (st == FC_OK)
        st = apx_assumptions(j, "activity");
done:
    apx_cube_fini(&act);
    apx_cube_fini(&need);
    return st;
}

