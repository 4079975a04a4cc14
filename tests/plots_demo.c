/* plots_demo.c: renders every Fulcrum chart type with realistic made-up data (an imaginary
 * partnership of about 400,000 people) to PNG, SVG and PDF in a directory, and a sample
 * appendix PDF, so the charts can be looked at.   usage: plots_demo [OUTDIR]
 * The bench (tests/bench/bench_plots.c) and the appendix test include this file with
 * FC_PLOTS_DEMO_NO_MAIN defined, to render the same appendix.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "plots/appendix.h"
#include "plots/plot.h"
#include "tests/plots_sink.h"

/* ========================================================================= made-up data */

#define DEMO_NAGE 19
#define DEMO_NHIST 11 /* 2012..2022 */
#define DEMO_NPOP 32  /* 2012..2043 */
#define DEMO_NY 11    /* 2024/25..2034/35 */
#define DEMO_NWTP 51

typedef struct demo {
    const char *ages[DEMO_NAGE];
    char age_buf[DEMO_NAGE][16];
    double male[DEMO_NAGE], female[DEMO_NAGE], male2[DEMO_NAGE], female2[DEMO_NAGE];
    double year[DEMO_NPOP], pop[DEMO_NPOP], p10[DEMO_NPOP], p90[DEMO_NPOP], p25[DEMO_NPOP],
        p75[DEMO_NPOP], low[DEMO_NPOP];
    fc_series pop_series[2];
    double nyear[DEMO_NY];
    double need[4][DEMO_NY];
    fc_series need_series[4];
    double fy[DEMO_NY], beddays[4 * DEMO_NY], spend[4 * DEMO_NY];
    double req[DEMO_NY], env[DEMO_NY];
    double wtp[DEMO_NWTP], prob[4 * DEMO_NWTP];
    char rows[DEMO_NY][5][32];
    const char *cells[DEMO_NY * 5];
    fc_plot plots[11];
    size_t nplot;
} demo;

static const char *const demo_settings[4] = {"Acute hospital", "Community hospital", "Care home",
                                             "Care at home"};
static const char *const demo_steps[6] = {"Demographic growth",     "Changes in health status",
                                          "Non-demographic growth", "Activity avoidance",
                                          "Efficiency savings",     "Shift to community settings"};
static const double demo_step_val[6] = {38.24e6, -6.13e6, 12.41e6, -9.87e6, -14.32e6, 3.18e6};
static const char *const demo_opts[9] = {"Falls prevention for people aged 65+",
                                         "Community respiratory team",
                                         "Reablement at discharge",
                                         "Close a 20-bed ward (replace with home care)",
                                         "Social prescribing in primary care",
                                         "Digital remote monitoring",
                                         "Step-down intermediate care beds",
                                         "Dementia post-diagnostic support",
                                         "Extended out-of-hours GP service"};
static const double demo_opt_cost[9] = {0.42e6, 0.65e6, 0.88e6, -0.54e6, 0.31e6,
                                        0.72e6, 1.14e6, 0.57e6, 0.93e6};
static const double demo_opt_icer[9] = {4200,  7900,  9800,  (double)NAN, 12400,
                                        16800, 21500, 24300, 38900};
static const char *const demo_ladder[8] = {
    "Reablement at discharge",         "Community respiratory team", "Falls prevention",
    "Digital remote monitoring",       "Reduce agency nursing",      "Close a 20-bed ward",
    "Review of low-value prescribing", "Merge two day centres"};
static const double demo_ladder_val[8] = {0.88e6,  0.65e6,  0.42e6,  0.72e6,
                                          -0.61e6, -0.54e6, -0.38e6, -0.22e6};
static const char *const demo_ce[6] = {"Falls prevention",  "Respiratory team", "Reablement",
                                       "Remote monitoring", "Step-down beds",   "Ward closure"};
static const double demo_ce_eff[6] = {41.2, 62.8, 88.5, 35.1, 47.6, -8.3};
static const double demo_ce_cost[6] = {0.21e6, 0.55e6, 1.36e6, 0.92e6, 1.74e6, -0.54e6};
static const double demo_wtp_ref[2] = {20000, 30000};

static void
demo_fill(demo *d)
{
    size_t i, k;
    memset(d, 0, sizeof *d);
    for (i = 0; i < DEMO_NAGE; i++) {
        double a = 5.0 * (double)i + 2.5, shape, old;
        if (i + 1 < DEMO_NAGE)
            snprintf(d->age_buf[i], sizeof d->age_buf[i], "%zu\xe2\x80\x93%zu", 5 * i, 5 * i + 4);
        else
            snprintf(d->age_buf[i], sizeof d->age_buf[i], "90+");
        d->ages[i] = d->age_buf[i];
        shape = 1.0 + 0.12 * sin(0.55 * (double)i) + (a > 20 && a < 35 ? 0.18 : 0);
        old = a > 55 ? exp(-pow((a - 55) / 24.0, 2)) : 1.0;
        d->male[i] = 11800 * shape * old * (a > 60 ? 0.93 : 1.0);
        d->female[i] = 11300 * shape * old * (a > 60 ? 1.08 : 1.0);
        if (i + 1 == DEMO_NAGE) {
            d->male[i] *= 1.6;
            d->female[i] *= 2.3;
        }
        /* 20 years on: fewer children, many more people over 70 */
        d->male2[i] = d->male[i] * (a < 20 ? 0.9 : a < 60 ? 0.98 : 1.0 + (a - 60) / 45.0);
        d->female2[i] = d->female[i] * (a < 20 ? 0.9 : a < 60 ? 0.99 : 1.0 + (a - 60) / 50.0);
    }
    for (i = 0; i < DEMO_NPOP; i++) {
        double t = (double)i - (DEMO_NHIST - 1), spread;
        d->year[i] = 2012 + (double)i;
        d->pop[i] = 392000 + 1650 * (double)i + 900 * sin(0.9 * (double)i);
        if (t <= 0) {
            d->p10[i] = d->p90[i] = d->p25[i] = d->p75[i] = (double)NAN;
            d->low[i] = (double)NAN;
            continue;
        }
        spread = 520 * pow(t, 1.25);
        d->p10[i] = d->pop[i] - spread * 1.1;
        d->p90[i] = d->pop[i] + spread;
        d->p25[i] = d->pop[i] - spread * 0.55;
        d->p75[i] = d->pop[i] + spread * 0.5;
        d->low[i] = d->pop[i] - 700 * t;
    }
    d->low[DEMO_NHIST - 1] = d->pop[DEMO_NHIST - 1];
    d->pop_series[0] = (fc_series){"Principal", d->pop, d->p10, d->p90, d->p25, d->p75, 0};
    d->pop_series[1] = (fc_series){"Low migration", d->low, NULL, NULL, NULL, NULL, 1};
    for (i = 0; i < DEMO_NY; i++) {
        double t = (double)i;
        d->nyear[i] = 2024 + t;
        d->fy[i] = 2024 + t;
        d->need[0][i] = 7150 * pow(1.032, t);  /* dementia */
        d->need[1][i] = 24800 * pow(1.018, t); /* diabetes */
        d->need[2][i] = 9900 * pow(1.021, t);  /* COPD */
        d->need[3][i] = 15600 * pow(1.026, t); /* frailty, moderate or severe */
        d->beddays[0 * DEMO_NY + i] = 412000 * pow(1.012, t);
        d->beddays[1 * DEMO_NY + i] = 61000 * pow(1.02, t);
        d->beddays[2 * DEMO_NY + i] = 298000 * pow(1.028, t);
        d->beddays[3 * DEMO_NY + i] = 176000 * pow(1.035, t);
        d->spend[0 * DEMO_NY + i] = 214e6 * pow(1.031, t);
        d->spend[1 * DEMO_NY + i] = 38e6 * pow(1.035, t);
        d->spend[2 * DEMO_NY + i] = 96e6 * pow(1.042, t);
        d->spend[3 * DEMO_NY + i] = 64.5e6 * pow(1.047, t);
        d->req[i] = 0;
        for (k = 0; k < 4; k++)
            d->req[i] += d->spend[k * DEMO_NY + i];
        d->env[i] = 418e6 * pow(1.028, t) - (i < 2 ? 0 : 0);
    }
    d->env[0] = d->req[0] + 4.2e6; /* a small surplus in the first year */
    d->need_series[0] = (fc_series){"Dementia", d->need[0], NULL, NULL, NULL, NULL, 0};
    d->need_series[1] = (fc_series){"Diabetes", d->need[1], NULL, NULL, NULL, NULL, 0};
    d->need_series[2] = (fc_series){"COPD", d->need[2], NULL, NULL, NULL, NULL, 0};
    d->need_series[3] = (fc_series){"Frailty", d->need[3], NULL, NULL, NULL, NULL, 0};
    for (i = 0; i < DEMO_NWTP; i++) {
        double w = 1000.0 * (double)i, e[4], s = 0;
        d->wtp[i] = w;
        e[0] = exp(-w / 9000.0) * 3.0;                 /* usual care: best when WTP is low */
        e[1] = 1.0 / (1 + exp(-(w - 12000) / 3500.0)); /* reablement */
        e[2] = 0.8 / (1 + exp(-(w - 26000) / 5000.0)); /* remote monitoring */
        e[3] = 0.35 / (1 + exp(-(w - 18000) / 8000.0));
        for (k = 0; k < 4; k++)
            s += e[k];
        for (k = 0; k < 4; k++)
            d->prob[k * DEMO_NWTP + i] = e[k] / s;
    }
}

static const char *const demo_ceac_names[4] = {"Usual care", "Reablement", "Remote monitoring",
                                               "Falls prevention"};

/* Builds every chart; returns the count in d->plots. */
static void
demo_plots(demo *d)
{
    fc_plot *p = d->plots;
    size_t n = 0;

    p[n].kind = FC_PLOT_PYRAMID;
    p[n].u.pyramid =
        (fc_pyramid){{"The population aged 70 and over grows by a third in twenty years",
                      "Example Partnership, principal projection, 2022 (bars) and 2042 (outline)",
                      "People", NULL,
                      "Source: made-up data for the Fulcrum chart demo (NRS-style, mid-2022 "
                      "estimates). Ages 90 and over are top-coded in one band."},
                     DEMO_NAGE,
                     d->ages,
                     d->male,
                     d->female,
                     d->male2,
                     d->female2,
                     "2022",
                     "2042",
                     0};
    n++;
    p[n].kind = FC_PLOT_LINES;
    p[n].u.lines =
        (fc_lines){{"The population keeps growing under every variant, but the range widens",
                    "Example Partnership, all ages; history to 2022, projections from 2023", NULL,
                    "People", "Source: made-up data. Band: 1,000 stochastic runs."},
                   DEMO_NPOP,
                   d->year,
                   2,
                   d->pop_series,
                   FC_FMT_YEAR,
                   FC_FMT_NUMBER,
                   0,
                   0,
                   0,
                   0,
                   2022.0,
                   "80% of runs (P10\xe2\x80\x93P90)",
                   "50% of runs (P25\xe2\x80\x93P75)",
                   0,
                   NULL,
                   NULL};
    n++;
    p[n].kind = FC_PLOT_LINES;
    p[n].u.lines = (fc_lines){
        {"Dementia grows fastest of the four conditions",
         "Example Partnership, principal projection, prevalence held at 2024 rates by age "
         "and sex",
         NULL, "People with the condition", "Source: made-up data."},
        DEMO_NY,
        d->nyear,
        4,
        d->need_series,
        FC_FMT_YEAR,
        FC_FMT_NUMBER,
        1,
        0,
        0,
        0,
        (double)NAN,
        NULL,
        NULL,
        0,
        NULL,
        NULL};
    n++;
    p[n].kind = FC_PLOT_STACK;
    p[n].u.stack =
        (fc_stack){{"Bed days grow most in care homes and care at home",
                    "Example Partnership, principal projection, current pathways", NULL,
                    "Bed days (or equivalent days of care) per year", "Source: made-up data."},
                   DEMO_NY,
                   d->nyear,
                   4,
                   demo_settings,
                   d->beddays,
                   0,
                   0,
                   FC_FMT_YEAR,
                   FC_FMT_NUMBER};
    n++;
    p[n].kind = FC_PLOT_STACK;
    p[n].u.stack = (fc_stack){{"Spend rises from \xc2\xa3"
                               "413m to \xc2\xa3"
                               "591m a year by 2034/35",
                               "Example Partnership, cash terms", NULL, "\xc2\xa3 per year, cash",
                               "Source: made-up data. Totals on top of each bar."},
                              DEMO_NY,
                              d->fy,
                              4,
                              demo_settings,
                              d->spend,
                              1,
                              1,
                              FC_FMT_FYEAR,
                              FC_FMT_GBP};
    n++;
    p[n].kind = FC_PLOT_WATERFALL;
    p[n].u.waterfall = (fc_waterfall){
        {"Demographic growth is the largest driver of the rise in cost",
         "Example Partnership, 2024/25 to 2034/35, \xc2\xa3, 2024/25 prices",
         "\xc2\xa3 a year, 2024/25 prices", NULL,
         "Source: made-up data. The interaction bar is the joint effect of the drivers, so the "
         "steps add up to the projection; labels are rounded."},
        "Baseline 2024/25",
        412.63e6,
        6,
        demo_steps,
        demo_step_val,
        "Projection 2034/35",
        438.77e6,
        "Interaction of drivers",
        FC_FMT_GBP,
        0};
    n++;
    p[n].kind = FC_PLOT_GAP;
    p[n].u.gap =
        (fc_gap){{"The funding gap opens in 2026/27 and reaches \xc2\xa3"
                  "40m by 2034/35",
                  "Example Partnership, cash terms, principal projection", NULL,
                  "\xc2\xa3 a year, cash", "Source: made-up data. Envelope: 2.8% uplift a year."},
                 DEMO_NY,
                 d->fy,
                 d->req,
                 d->env,
                 "Cost requirement",
                 "Available envelope",
                 FC_FMT_FYEAR,
                 FC_FMT_GBP};
    n++;
    p[n].kind = FC_PLOT_RANK;
    p[n].u.rank = (fc_rank){{"Seven of nine options fit the \xc2\xa3"
                             "3.5m development budget",
                             "Options ranked by cost per QALY; bars show the cumulative cost", NULL,
                             NULL, "Source: made-up data from the PBMA panel, March 2026."},
                            9,
                            demo_opts,
                            demo_opt_cost,
                            NULL,
                            3.5e6,
                            demo_opt_icer,
                            FC_FMT_GBP,
                            "/QALY",
                            "Cost per QALY"};
    p[n].u.rank.text.x_title = "Cumulative cost, \xc2\xa3 a year";
    n++;
    p[n].kind = FC_PLOT_LADDER;
    p[n].u.ladder = (fc_ladder){{"Disinvestments release \xc2\xa3"
                                 "1.75m towards \xc2\xa3"
                                 "2.67m of investment",
                                 "Recommended changes, \xc2\xa3 a year, 2025/26 prices",
                                 "Change in spend, \xc2\xa3 a year", NULL,
                                 "Source: made-up data from the PBMA panel."},
                                8,
                                demo_ladder,
                                demo_ladder_val,
                                FC_FMT_GBP,
                                NULL,
                                NULL,
                                0};
    n++;
    p[n].kind = FC_PLOT_CEPLANE;
    p[n].u.ceplane = (fc_ceplane){
        {"Reablement and falls prevention lie on the frontier",
         "Incremental cost and QALYs against current services, 10 years, discounted at 3.5%",
         "Incremental QALYs", "Incremental cost, \xc2\xa3",
         "Source: made-up data. Dashed lines: \xc2\xa3"
         "20,000 and \xc2\xa3"
         "30,000 per QALY."},
        6,
        demo_ce,
        demo_ce_eff,
        demo_ce_cost,
        2,
        demo_wtp_ref,
        0,
        NULL,
        0,
        NULL};
    n++;
    p[n].kind = FC_PLOT_CEAC;
    p[n].u.ceac =
        (fc_ceac){{"Reablement is most likely to be cost-effective above \xc2\xa3"
                   "13,000 per QALY",
                   "Probability each option is the cost-effective choice, 5,000 PSA draws",
                   "Willingness to pay, \xc2\xa3 per QALY", "Probability cost-effective",
                   "Source: made-up data."},
                  DEMO_NWTP,
                  d->wtp,
                  4,
                  demo_ceac_names,
                  d->prob,
                  2,
                  demo_wtp_ref};
    n++;
    d->nplot = n;
}

static const char *const demo_plot_names[11] = {
    "pyramid",     "fan",       "need_lines",  "stack_area", "stack_bars", "waterfall",
    "funding_gap", "pbma_rank", "pbma_ladder", "ce_plane",   "ceac"};

/* Renders the sample appendix into sink. */
static fc_status
demo_appendix(demo *d, const fc_sink *sink, fc_palette *pal, fc_err *err)
{
    static const char *const head[5] = {"Year", "Requirement", "Envelope", "Gap",
                                        "Gap, % of envelope"};
    static const char *const names[] = {"Base year",
                                        "Projection horizon",
                                        "Population variant",
                                        "Prevalence rates",
                                        "Price base",
                                        "Pay inflation",
                                        "Non-pay inflation",
                                        "Efficiency target",
                                        "Activity avoidance",
                                        "Resource shift",
                                        "Discount rate (costs and QALYs)",
                                        "PSA draws",
                                        "Willingness-to-pay thresholds"};
    static const char *const values[] = {"2024/25",
                                         "2034/35",
                                         "Principal (NRS 2022-based)",
                                         "Held at 2024 by age and sex",
                                         "2024/25 prices",
                                         "3.0% a year",
                                         "2.1% a year",
                                         "1.5% of baseline a year",
                                         "10% of emergency admissions aged 75+ by 2030",
                                         "5% of acute bed days to community",
                                         "3.5%",
                                         "5,000",
                                         "\xc2\xa3"
                                         "20,000 and \xc2\xa3"
                                         "30,000 per QALY"};
    static const char *const sources[] = {"Scenario file",
                                          "Scenario file",
                                          "datasets/demography_variants.csv",
                                          "datasets/need_prevalence.csv",
                                          "HM Treasury GDP deflator, June 2025",
                                          "Pay award assumption",
                                          "OBR forecast",
                                          "Board, 12 March 2026",
                                          "Scenario file",
                                          "Scenario file",
                                          "HM Treasury Green Book",
                                          "Scenario file",
                                          "NICE manual (2022)"};
    static const fc_appendix_input inputs[] = {
        {"datasets/demography_population.csv",
         "3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c", 728},
        {"datasets/demography_mortality.csv",
         "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90", 1456},
        {"datasets/demography_fertility.csv",
         "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", 140},
        {"datasets/need_prevalence.csv",
         "5e4d3c2b1a0f9e8d7c6b5a4938271605e4d3c2b1a0f9e8d7c6b5a49382716054", 312},
        {"datasets/finance_unit_costs.csv",
         "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9", 48}};
    fc_appendix *a = NULL;
    fc_appendix_meta meta = {0};
    fc_appendix_table t = {0};
    fc_axis_fmt f;
    fc_status st;
    size_t i;

    meta.scenario = "Principal, current pathways";
    meta.organisation = "Example Health and Social Care Partnership";
    meta.data_date = "31 March 2026";
    meta.version = "Fulcrum 0.1.0";
    meta.pdf_date = "2026-03-31T00:00:00";
    meta.summary = "This appendix sets out the population projection, the need and activity it "
                   "implies, the money needed to meet it against the funding available, and "
                   "the options the programme budgeting and marginal analysis panel "
                   "considered. All figures are illustrative.";
    fc_axis_fmt_choose(&f, FC_FMT_GBP, 7e8, 0);
    for (i = 0; i < DEMO_NY; i++) {
        fc_axis_fmt g;
        fc_axis_fmt_choose(&g, FC_FMT_FYEAR, 0, 1);
        fc_axis_fmt_value(&g, d->fy[i], d->rows[i][0], 32);
        fc_axis_fmt_value(&f, d->req[i], d->rows[i][1], 32);
        fc_axis_fmt_value(&f, d->env[i], d->rows[i][2], 32);
        f.sign = 1;
        fc_axis_fmt_value(&f, d->req[i] - d->env[i], d->rows[i][3], 32);
        f.sign = 0;
        fc_axis_fmt_choose(&g, FC_FMT_PERCENT, 1, 0.001);
        fc_axis_fmt_value(&g, (d->req[i] - d->env[i]) / d->env[i], d->rows[i][4], 32);
        memcpy(&d->cells[i * 5],
               (const char *[5]){d->rows[i][0], d->rows[i][1], d->rows[i][2], d->rows[i][3],
                                 d->rows[i][4]},
               sizeof(const char *[5]));
    }
    t.title = "Cost requirement and envelope by year, cash";
    t.nrow = DEMO_NY;
    t.ncol = 5;
    t.header = head;
    t.cells = d->cells;
    t.note = "A positive gap means the requirement exceeds the envelope. Figures may not add "
             "because of rounding.";

    st = fc_appendix_alloc(&a, sink, &meta, NULL, pal, err);
    if (st == FC_OK)
        st = fc_appendix_section_begin(a, "Population",
                                       "The base-year population and its "
                                       "projection under the principal and variant "
                                       "assumptions.",
                                       err);
    if (st == FC_OK)
        st = fc_appendix_plot_add(a, &d->plots[0], 330,
                                  "Population pyramid, 2022 and 2042 "
                                  "(table: pyramid.csv).",
                                  err);
    if (st == FC_OK)
        st = fc_appendix_plot_add(a, &d->plots[1], 300,
                                  "Total population with the spread of "
                                  "stochastic runs (table: population_fan.csv).",
                                  err);
    if (st == FC_OK)
        st = fc_appendix_section_begin(a, "Need and activity", NULL, err);
    for (i = 2; i <= 5 && st == FC_OK; i++)
        st = fc_appendix_plot_add(a, &d->plots[i], 300, NULL, err);
    if (st == FC_OK)
        st = fc_appendix_section_begin(a, "Finance",
                                       "Cost requirement against the "
                                       "available envelope.",
                                       err);
    if (st == FC_OK)
        st = fc_appendix_plot_add(a, &d->plots[6], 300,
                                  "Funding gap (table: "
                                  "funding_gap.csv).",
                                  err);
    if (st == FC_OK)
        st = fc_appendix_table_add(a, &t, err);
    if (st == FC_OK)
        st = fc_appendix_section_begin(a, "Options (PBMA)", NULL, err);
    for (i = 7; i <= 10 && st == FC_OK; i++)
        st = fc_appendix_plot_add(a, &d->plots[i], 300, NULL, err);
    if (st == FC_OK)
        st = fc_appendix_assumptions_add(a, sizeof names / sizeof names[0], names, values, sources,
                                         err);
    if (st == FC_OK)
        st =
            fc_appendix_provenance_add(a, inputs, sizeof inputs / sizeof inputs[0], 20260331u, err);
    if (st == FC_OK)
        st = fc_appendix_finish(a, err);
    fc_appendix_free(a);
    return st;
}

/* Writes every chart as PNG (and SVG and PDF when all_formats) and the appendix into dir. */
static fc_status
demo_render_all(const char *dir, int all_formats, fc_err *err)
{
    static demo d;
    fc_palette *pal = NULL;
    fc_chart_opts opts = {0};
    char path[1024];
    fc_status st;
    size_t i;

    demo_fill(&d);
    demo_plots(&d);
    opts.dpi = 150;
    opts.date = "2026-03-31T00:00:00";
    if ((st = fc_palette_alloc(&pal, err)) != FC_OK)
        return st;
    for (i = 0; i < d.nplot && st == FC_OK; i++) {
        static const char *const ext[3] = {"png", "svg", "pdf"};
        int f;
        for (f = 0; f < (all_formats ? 3 : 1) && st == FC_OK; f++) {
            fc_membuf b = {0};
            fc_sink sink = fc_membuf_sink(&b);
            snprintf(path, sizeof path, "%s/%s.%s", dir, demo_plot_names[i], ext[f]);
            st = fc_plot_write(&d.plots[i], (fc_chart_format)f, &sink, &opts, pal, err);
            if (st == FC_OK && fc_membuf_save(&b, path) != 0)
                st = FC_FAIL(err, FC_EIO, "cannot write '%s'", path);
            fc_membuf_fini(&b);
        }
    }
    if (st == FC_OK) {
        fc_membuf b = {0};
        fc_sink sink = fc_membuf_sink(&b);
        snprintf(path, sizeof path, "%s/appendix.pdf", dir);
        st = demo_appendix(&d, &sink, pal, err);
        if (st == FC_OK && fc_membuf_save(&b, path) != 0)
            st = FC_FAIL(err, FC_EIO, "cannot write '%s'", path);
        fc_membuf_fini(&b);
    }
    fc_palette_free(pal);
    return st;
}

#ifndef FC_PLOTS_DEMO_NO_MAIN
int
main(int argc, char **argv)
{
    fc_err err = {0};
    const char *dir = argc > 1 ? argv[1] : "out/plots_demo";

    mkdir(dir, 0755);
    if (demo_render_all(dir, 1, &err) != FC_OK) {
        fprintf(stderr, "plots_demo: error: %s\n", err.msg);
        return 1;
    }
    printf("plots_demo: charts and appendix.pdf written to %s/\n", dir);
    return 0;
}
#endif
