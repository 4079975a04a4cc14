/* commands.c: `fulcrum finance` and `fulcrum shift` (the what-if of one more resource shift) (finance_int.h). */
#include "engine/finance/finance_int.h"

/* ------------------------------------------------------------------------ fulcrum finance */

#define FIN_NOPT 18

/* The options `fulcrum finance` takes (the tables and parameters of [finance], --variant and
 * --out) into sp and out; every option but --variant and --out counts in *nin. opts has room
 * for FIN_NOPT entries and the end. */
static void
finance_opts(fc_opt opts[FIN_NOPT + 1], fc_finjob_spec *sp, const char **out, int *nin)
{
    const fc_opt t[FIN_NOPT + 1] = {
        {.name = "activity", .type = FC_OPT_STR, .dst = &sp->activity, .seen = nin},
        {.name = "drivers", .type = FC_OPT_STR, .dst = &sp->drivers, .seen = nin},
        {.name = "services", .type = FC_OPT_STR, .dst = &sp->services, .seen = nin},
        {.name = "budgets", .type = FC_OPT_STR, .dst = &sp->budgets, .seen = nin},
        {.name = "uplifts", .type = FC_OPT_STR, .dst = &sp->uplifts, .seen = nin},
        {.name = "inflation", .type = FC_OPT_STR, .dst = &sp->inflation, .seen = nin},
        {.name = "efficiency", .type = FC_OPT_STR, .dst = &sp->efficiency, .seen = nin},
        {.name = "shifts", .type = FC_OPT_STR, .dst = &sp->shifts, .seen = nin},
        {.name = "base-year", .type = FC_OPT_INT, .dst = &sp->base_year, .lo = 1900, .hi = 3000,
         .seen = nin},
        {.name = "horizon", .type = FC_OPT_INT, .dst = &sp->horizon, .lo = 1900, .hi = 3000,
         .seen = nin},
        {.name = "discount-rate", .type = FC_OPT_DOUBLE, .dst = &sp->discount_pct, .min = -50,
         .max = 100, .seen = nin},
        {.name = "uplift-pct", .type = FC_OPT_DOUBLE, .dst = &sp->uplift_pct, .min = -99.99,
         .max = 1000, .seen = nin},
        {.name = "efficiency-pct", .type = FC_OPT_DOUBLE, .dst = &sp->efficiency_pct,
         .min = -1000, .max = 99.99, .seen = nin},
        {.name = "pay-pct", .type = FC_OPT_DOUBLE, .dst = &sp->pay_pct, .min = -99.99,
         .max = 1000, .seen = nin},
        {.name = "prices-pct", .type = FC_OPT_DOUBLE, .dst = &sp->prices_pct, .min = -99.99,
         .max = 1000, .seen = nin},
        {.name = "deflator-pct", .type = FC_OPT_DOUBLE, .dst = &sp->deflator_pct, .min = -99.99,
         .max = 1000, .seen = nin},
        FC_OPT_STR_("variant", &sp->variant),
        FC_OPT_STR_("out", out),
        FC_OPT_END,
    };
    memcpy(opts, t, sizeof t);
}

/* The default output folder of a scenario: [run] out, else out/<name>. */
static const char *
scenario_out(const fc_scenario *scn, char *buf, size_t n)
{
    if (scn->out)
        return scn->out;
    snprintf(buf, n, "out/%s", scn->name);
    return buf;
}

static fc_status
cmd_finance(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    fc_finjob_spec sp;
    fc_opt opts[FIN_NOPT + 1];
    const char *out = NULL, *scn_path = NULL, *pos[2];
    fc_status st = FC_OK;
    size_t npos;
    int nopt = 0;

    fc_finjob_spec_init(&sp);
    finance_opts(opts, &sp, &out, &nopt);
    if ((st = fc_opts_parse(argc, argv, opts, pos, 2, &npos, err)) != FC_OK)
        return st;
    if (npos == 1)
        scn_path = pos[0];
    else if (npos > 1)
        return FC_FAIL(err, FC_EUSAGE, "one scenario file at a time");
    if (scn_path) {
        fc_scenario scn;
        fc_finjob_activity act, drv;
        fc_finjob *j = NULL;
        fc_out *o = NULL;
        char dflt[FC_SCN_PATH_MAX + 8];
        if (nopt)
            return FC_FAIL(err, FC_EUSAGE,
                           "with a SCENARIO only --out and --variant apply "
                           "(the inputs come from its [finance] section)");
        memset(&act, 0, sizeof act);
        memset(&drv, 0, sizeof drv);
        memset(&scn, 0, sizeof scn);
        st = fi_scenario_job(scn_path, sp.variant, &j, &scn, &act, &drv, warn, err);
        if (st == FC_OK && (st = fc_finjob_compute(j, err)) == FC_OK &&
            (st = fc_out_open(out ? out : scenario_out(&scn, dflt, sizeof dflt), &o, err)) ==
                FC_OK &&
            (st = fc_finjob_write(j, o, err)) == FC_OK)
            st = fc_out_commit(o, err);
        fc_out_free(o);
        fc_finjob_free(j);
        fc_finjob_activity_fini(&act);
        fc_finjob_activity_fini(&drv);
        fc_scenario_free(&scn);
        return st;
    }
    if (!sp.activity || !sp.services || !sp.budgets || !out)
        return FC_FAIL(err, FC_EUSAGE,
                       "give a SCENARIO, or --activity, --services, --budgets "
                       "and --out");
    {
        fc_finjob *j = NULL;
        fc_out *o = NULL;
        if ((st = fc_finjob_load(&sp, NULL, NULL, &j, warn, err)) == FC_OK &&
            (st = fc_finjob_compute(j, err)) == FC_OK &&
            (st = fc_out_open(out, &o, err)) == FC_OK &&
            (st = fc_finjob_write(j, o, err)) == FC_OK)
            st = fc_out_commit(o, err);
        fc_out_free(o);
        fc_finjob_free(j);
    }
    return st;
}

const fc_cmd fc_cmd_def_finance = {
    "finance",
    cmd_finance,
    "budgets, envelope, cost of demand, funding gap, shifts and bridge",
    "fulcrum finance SCENARIO [--out DIR] [--variant V]\n"
    "       fulcrum finance --activity F --services F --budgets F [--drivers F] [--uplifts F]\n"
    "           [--inflation F] [--efficiency F] [--shifts F] [--uplift-pct P] [--pay-pct P]\n"
    "           [--prices-pct P] [--deflator-pct P] [--efficiency-pct P] [--base-year Y]\n"
    "           [--horizon Y] [--discount-rate R] [--variant V] --out DIR",
    "Costs the projected activity and sets it against the resources expected. With a SCENARIO\n"
    "the inputs come from its [finance] section (the activity from its [activity] stage when\n"
    "[finance] names no activity table). Tables (see docs/inputs.md, 'Finance'):\n"
    "  activity    area, variant, year, service, activity (the activity stage's activity.csv)\n"
    "  drivers     area, variant, year, service, baseline, demographic (its drivers.csv):\n"
    "              splits the bridge's activity change into demography and the rest\n"
    "  services    service, programme, unit_cost, price_year (+ pay_share, unit)\n"
    "  budgets     programme, cost_type (pay|non_pay), budget (+ funder): base-year GBP\n"
    "  uplifts     funder, year, uplift_pct (or --uplift-pct for every funder and year)\n"
    "  inflation   year, pay_pct, prices_pct, deflator_pct (or *_index columns; or the\n"
    "              --pay-pct, --prices-pct, --deflator-pct constants)\n"
    "  efficiency  programme, year, efficiency_pct (or --efficiency-pct)\n"
    "  shifts      shift, from, to, start_year, amount | activity (+ ratio, phase_years,\n"
    "              lag_years, release_pct, transition_cost, transition_years)\n"
    "Years are financial years by their first year (2025 = 2025/26; '2025/26' is accepted).\n"
    "Writes budget.csv, gap.csv, bridge.csv, envelope.csv, service_costs.csv,\n"
    "gap_totals.csv and, with shifts, resource_shifts.csv and resource_shift_activity.csv.\n"
    "Money is in GBP to\n"
    "the penny: each cell is rounded to whole pence and every total is the sum of its cells.\n"
    "The discount rate defaults to 3.5% (HM Treasury Green Book); the horizon to base + 10.\n\n"
    "example:\n"
    "  fulcrum finance datasets/example.ini --out out/finance\n",
};

/* ------------------------------------------------------------------------ fulcrum shift */

/* GBP with thousands separators, from pence. */
static const char *
fmt_money(int64_t p, char *buf, size_t n)
{
    char digits[32];
    unsigned long long u = p < 0 ? 0ULL - (unsigned long long)p : (unsigned long long)p;
    int len, k = 0;
    size_t o = 0;

    len = snprintf(digits, sizeof digits, "%llu", u / 100);
    if (p < 0 && o < n - 1)
        buf[o++] = '-';
    for (int i = 0; i < len && o < n - 1; i++) {
        buf[o++] = digits[i];
        k = len - i - 1;
        if (k > 0 && k % 3 == 0 && o < n - 1)
            buf[o++] = ',';
    }
    snprintf(buf + o, n - o, ".%02llu", u % 100);
    return buf;
}

static const char *
fmt_fy(int y, char *buf, size_t n)
{
    snprintf(buf, n, "%d/%02d", y, (y + 1) % 100);
    return buf;
}

/* The last year's gap of the what-if's two programmes (variant k) into out[from, to]. */
static fc_status
side_gaps(const fc_finjob *j, size_t k, const fc_finjob_whatif *w, int64_t out[2], fc_err *err)
{
    const char *name[2] = {w->from, w->to};
    fc_fin_gap_row *g = calloc(j->nyear, sizeof *g);
    fc_status st = FC_OK;

    if (g == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (int i = 0; i < 2 && st == FC_OK; i++) {
        size_t prog, serv;
        out[i] = 0;
        if (fc_finjob_endpoint(j, name[i], &prog, &serv) > 0 &&
            (st = fc_fin_gap(j->res[k], prog, g, err)) == FC_OK)
            out[i] = g[j->nyear - 1].gap;
    }
    free(g);
    return st;
}

static fc_status
print_whatif(const fc_finjob *j, const fc_finjob_whatif *w, size_t k, const fc_fin_gap_row *b,
             const fc_fin_gap_row *a, int64_t side[2][2])
{
    size_t ny = j->nyear, ns = j->nserv, h = j->nshift - 1;
    const fc_fin_result *r = j->res[k];
    char m[7][40], fy[16], fy2[16];

    if (!isnan(w->amount_gbp)) {
        int64_t p = (int64_t)llround(w->amount_gbp * 100.0);
        printf("Shift of GBP %s a year from '%s' to '%s' from %s", fmt_money(p, m[0], 40), w->from,
               w->to, fmt_fy(w->start_year, fy, sizeof fy));
    } else {
        printf("Shift of %g units a year of '%s' to '%s' (x %g) from %s", w->units, w->from, w->to,
               w->ratio, fmt_fy(w->start_year, fy, sizeof fy));
    }
    if (j->act->has_variant)
        printf(", variant '%s'", fc_intern_name(j->act->variants, j->var[k]));
    printf(":\nphased over %d year%s, %g%% released after %d year%s, transition GBP %s a year "
           "for %d year%s.\n\n",
           w->phase_years, w->phase_years == 1 ? "" : "s", w->release_pct, w->lag_years,
           w->lag_years == 1 ? "" : "s",
           fmt_money((int64_t)llround(w->transition_gbp * 100.0), m[0], 40),
           j->shift[h].transition_years, j->shift[h].transition_years == 1 ? "" : "s");
    printf("%-9s %18s %18s %18s %18s %18s %16s\n", "year", "envelope", "cost before", "cost after",
           "gap before", "gap after", "change");
    for (size_t t = 0; t < ny; t++)
        printf("%-9s %18s %18s %18s %18s %18s %16s\n", fmt_fy(a[t].year, fy, sizeof fy),
               fmt_money(a[t].envelope, m[0], 40), fmt_money(b[t].cost, m[1], 40),
               fmt_money(a[t].cost, m[2], 40), fmt_money(b[t].gap, m[3], 40),
               fmt_money(a[t].gap, m[4], 40), fmt_money(a[t].gap - b[t].gap, m[5], 40));
    printf("\ncumulative gap %s to %s: before %s, after %s, change %s\n",
           fmt_fy(j->base_year + 1, fy, sizeof fy), fmt_fy(j->last_year, fy2, sizeof fy2),
           fmt_money(b[ny - 1].cum_gap, m[0], 40), fmt_money(a[ny - 1].cum_gap, m[1], 40),
           fmt_money(a[ny - 1].cum_gap - b[ny - 1].cum_gap, m[2], 40));
    printf("present value of the real gap at %g%%: before %s, after %s, change %s\n",
           j->spec.discount_pct, fmt_money(b[ny - 1].cum_pv_gap, m[0], 40),
           fmt_money(a[ny - 1].cum_pv_gap, m[1], 40),
           fmt_money(a[ny - 1].cum_pv_gap - b[ny - 1].cum_pv_gap, m[2], 40));
    {
        size_t pf, pt, sf, stt;
        if (fc_finjob_endpoint(j, w->from, &pf, &sf) > 0 && fc_finjob_endpoint(j, w->to, &pt, &stt) > 0)
            printf("gap in %s of programme '%s': before %s, after %s; of '%s': before %s, after "
                   "%s\n",
                   fmt_fy(j->last_year, fy, sizeof fy), fc_intern_name(j->progs, pf),
                   fmt_money(side[0][0], m[0], 40), fmt_money(side[1][0], m[1], 40),
                   fc_intern_name(j->progs, pt), fmt_money(side[0][1], m[2], 40),
                   fmt_money(side[1][1], m[3], 40));
    }
    printf("in %s the shift buys", fmt_fy(j->last_year, fy, sizeof fy));
    for (int to = 1; to >= 0; to--) {
        int any = 0;
        if (to == 0)
            printf("; it releases");
        for (size_t s = 0; s < ns; s++) {
            double u = to ? r->sh_bought[((h * ny) + ny - 1) * ns + s]
                          : r->sh_released_units[((h * ny) + ny - 1) * ns + s];
            if (u == 0)
                continue;
            printf("%s %.1f %s", any ? "," : "", u, fc_intern_name(j->servs, s));
            any = 1;
        }
        if (!any)
            printf(" nothing");
    }
    printf(".\n");
    return fflush(stdout) == 0 && !ferror(stdout) ? FC_OK : FC_EIO;
}

static fc_status
write_whatif_gap(const fc_finjob *j, fc_out *o, fc_fin_gap_row *const before[],
                 fc_fin_gap_row *const after[], fc_err *err)
{
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(o, "shift_gap.csv", &w, err)) != FC_OK)
        return st;
    fi_w_header(j, w,
             "year,envelope,cost_before,cost_after,gap_before,gap_after,change,"
             "cumulative_gap_before,cumulative_gap_after,gap_real_before,gap_real_after,"
             "cumulative_pv_gap_before,cumulative_pv_gap_after");
    for (size_t k = 0; k < j->nvar; k++)
        for (size_t t = 0; t < j->nyear; t++) {
            const fc_fin_gap_row *b = &before[k][t], *a = &after[k][t];
            fi_w_variant(j, w, k);
            fc_w_int(w, a->year);
            fi_w_money_col(w, a->envelope);
            fi_w_money_col(w, b->cost);
            fi_w_money_col(w, a->cost);
            fi_w_money_col(w, b->gap);
            fi_w_money_col(w, a->gap);
            fi_w_money_col(w, a->gap - b->gap);
            fi_w_money_col(w, b->cum_gap);
            fi_w_money_col(w, a->cum_gap);
            fi_w_money_col(w, b->gap_real);
            fi_w_money_col(w, a->gap_real);
            fi_w_money_col(w, b->cum_pv_gap);
            fi_w_money_col(w, a->cum_pv_gap);
            fc_w_eol(w);
        }
    return FC_OK;
}

static fc_status
cmd_shift(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    fc_finjob_whatif w;
    const char *out = NULL, *variant = NULL;
    fc_scenario scn;
    fc_finjob_activity act, drv;
    fc_finjob *j = NULL;
    fc_fin_gap_row **before = NULL, **after = NULL;
    fc_out *o = NULL;
    fc_status st = FC_OK;
    size_t nvar = 0, kp = 0;
    int64_t side[2][2] = {{0, 0}, {0, 0}}; /* [before, after][from, to] last-year gaps */
    int have_year = 0;
    const char *pos[2];
    size_t npos;
    char dflt[FC_SCN_PATH_MAX + 8];

    fc_finjob_whatif_init(&w);
    const fc_opt opts[] = {
        FC_OPT_STR_("from", &w.from),
        FC_OPT_STR_("to", &w.to),
        FC_OPT_DOUBLE_("amount", &w.amount_gbp),
        FC_OPT_DOUBLE_("activity", &w.units),
        FC_OPT_DOUBLE_("ratio", &w.ratio),
        FC_OPT_DOUBLE_("release-pct", &w.release_pct),
        FC_OPT_DOUBLE_("transition-cost", &w.transition_gbp),
        {.name = "from-year", .type = FC_OPT_INT, .dst = &w.start_year, .lo = 1900, .hi = 3000,
         .seen = &have_year},
        FC_OPT_INT_("phase-years", &w.phase_years, 1, 100),
        FC_OPT_INT_("lag-years", &w.lag_years, 0, 100),
        FC_OPT_INT_("transition-years", &w.transition_years, 0, 100),
        FC_OPT_STR_("variant", &variant),
        FC_OPT_STR_("out", &out),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, pos, 2, &npos, err)) != FC_OK)
        return st;
    if (npos != 1)
        return FC_FAIL(err, FC_EUSAGE, "expected one SCENARIO (with a [finance] section)");
    if (!w.from || !w.to || !have_year)
        return FC_FAIL(err, FC_EUSAGE,
                       "a shift needs --from, --to, --from-year and --amount "
                       "or --activity");
    memset(&act, 0, sizeof act);
    memset(&drv, 0, sizeof drv);
    memset(&scn, 0, sizeof scn);
    /* before: the scenario as it is; after: with the what-if shift */
    st = fi_scenario_job(pos[0], variant, &j, &scn, &act, &drv, warn, err);
    if (st == FC_OK && (st = fc_finjob_compute(j, err)) == FC_OK) {
        nvar = j->nvar;
        before = calloc(nvar, sizeof *before);
        after = calloc(nvar, sizeof *after);
        if (!before || !after)
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t k = 0; k < nvar && st == FC_OK; k++) {
            before[k] = calloc(j->nyear, sizeof **before);
            after[k] = calloc(j->nyear, sizeof **after);
            if (!before[k] || !after[k])
                st = FC_FAIL(err, FC_ENOMEM, "out of memory");
            else
                st = fc_fin_gap(j->res[k], FC_FIN_ALL, before[k], err);
        }
        /* the variant printed: 'principal' if there is one, else the first (or the chosen) */
        for (size_t k = 0; k < nvar; k++)
            if (strcmp(fc_intern_name(j->act->variants, j->var[k]), "principal") == 0)
                kp = k;
        if (st == FC_OK)
            st = side_gaps(j, kp, &w, side[0], err);
    }
    if (st == FC_OK && (st = fc_finjob_add_whatif(j, &w, err)) == FC_OK &&
        (st = fc_finjob_compute(j, err)) == FC_OK) {
        for (size_t k = 0; k < nvar && st == FC_OK; k++)
            st = fc_fin_gap(j->res[k], FC_FIN_ALL, after[k], err);
        if (st == FC_OK)
            st = side_gaps(j, kp, &w, side[1], err);
    }
    if (st == FC_OK &&
        (st = fc_out_open(out ? out : scenario_out(&scn, dflt, sizeof dflt), &o, err)) == FC_OK &&
        (st = write_whatif_gap(j, o, before, after, err)) == FC_OK &&
        (st = fi_write_shifts(j, o, j->nshift - 1, j->nshift, "shift_whatif.csv",
                           "shift_whatif_activity.csv", err)) == FC_OK)
        st = fc_out_commit(o, err);
    if (st == FC_OK) {
        if (nvar > 1)
            fc_log_note("the table shows variant '%s'; shift_gap.csv has all %zu variants",
                        fc_intern_name(j->act->variants, j->var[kp]), nvar);
        if (print_whatif(j, &w, kp, before[kp], after[kp], side) != FC_OK)
            st = FC_FAIL(err, FC_EIO, "cannot write to standard output");
    }
    fc_out_free(o);
    for (size_t k = 0; k < nvar; k++) {
        if (before)
            free(before[k]);
        if (after)
            free(after[k]);
    }
    free(before);
    free(after);
    fc_finjob_free(j);
    fc_finjob_activity_fini(&act);
    fc_finjob_activity_fini(&drv);
    fc_scenario_free(&scn);
    return st;
}

const fc_cmd fc_cmd_def_shift = {
    "shift",
    cmd_shift,
    "what-if: move money or activity between programmes, before/after gap",
    "fulcrum shift --from X --to Y (--amount GBP | --activity UNITS [--ratio R])\n"
    "           --from-year Y [--phase-years N] [--lag-years N] [--release-pct P]\n"
    "           [--transition-cost GBP] [--transition-years N] [--variant V] [--out DIR]\n"
    "           SCENARIO",
    "Runs the scenario's [finance] section twice, as it is and with one more resource shift,\n"
    "prints the funding gap before and after, year by year, and writes the same table as\n"
    "shift_gap.csv (every variant) with the shift's money and activity in shift_whatif.csv\n"
    "and shift_whatif_activity.csv, in DIR (default: the scenario's output folder).\n"
    "  --from, --to   a programme (its services in proportion to their cost) or a service\n"
    "  --amount       GBP a year (cash) at full phase; the budget moves with it (virement),\n"
    "                 the receiving side spends it and the sending side releases it\n"
    "  --activity     units a year of the --from service, converted at --ratio (default 1)\n"
    "                 units of the --to service\n"
    "  --from-year    the first year (2027 = 2027/28)\n"
    "  --phase-years  years to full phase (default 1); --lag-years before the release\n"
    "                 follows (default 0); --release-pct of the money released (default 100)\n"
    "  --transition-cost  double running, GBP a year, for --transition-years (default 1)\n"
    "With the defaults a money shift is budget-neutral: total spend is unchanged to the penny.\n\n"
    "example:\n"
    "  fulcrum shift --from acute --to community --amount 2000000 --from-year 2027 \\\n"
    "      datasets/example.ini --out out/shift\n",
};

