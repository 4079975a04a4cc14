/* columns.c: every output table's columns with their types and units (see columns.h). */
#include "engine/io/columns.h"

#include <string.h>

/* One table: its file name, and its columns as "name|kind|unit; ..." (kind: T text, Y year,
 * FY financial year starting, I whole number, P persons, N number in the unit given, M money
 * GBP, PCT percent, SH share 0..1, B boolean). A unit left out is the kind's own. The order is
 * the file's; columns that appear only sometimes (variant) are listed all the same. */
static const struct {
    const char *file, *cols, *about;
} tables[] = {
    /* projection */
    {"projection.csv", "variant|T; area|T; year|Y|mid-year; sex|T|F or M; age|T|single year "
     "or group, the last open (90+); population|P",
     "the projected population by area, year, sex and age"},
    {"components.csv", "variant|T; area|T; year|Y|start of the step; sex|T; population_start|P; "
     "births|P|live births in the step; deaths|P|in the step, of those born in it too; "
     "inflow|P|in-migrants and arrivals from other areas; outflow|P|out-migrants and departures "
     "to other areas; net_migration|P|inflow - outflow + net counts applied; adjustment|P|made "
     "by control totals; population_end|P",
     "the components of change of each step: population_end = population_start + births - "
     "deaths + net_migration + adjustment"},
    {"lifetables.csv", "variant|T; area|T; year|Y; sex|T; age|T|the mortality table's ages; "
     "mx|N|deaths per person-year; ax|N|years lived in the interval by those dying; qx|SH|"
     "probability of dying in the interval; lx|N|survivors of 100,000 births; dx|N|deaths of "
     "the 100,000; Lx|N|person-years lived in the interval; Tx|N|person-years lived above the "
     "age; ex|N|life expectancy in years",
     "the life tables the projection used"},
    /* need and activity */
    {"need.csv", "variant|T; area|T; year|Y; measure|T; need|P|people in need",
     "people in need by measure"},
    {"need_drivers.csv", "variant|T; area|T; year|Y; measure|T; baseline|P|base year; "
     "demographic|P; non_demographic|P; interaction|P; projected|P",
     "the change in need split into its drivers: baseline + the parts = projected"},
    {"activity.csv", "variant|T; area|T; year|Y; service|T; activity|N|the service's unit a "
     "year (admissions, bed days, contacts, hours, places)",
     "service activity after every driver and shift"},
    {"drivers.csv", "variant|T; area|T; year|Y; service|T; baseline|N|activity units, base "
     "year before shifts; demographic|N|activity units; non_demographic|N|activity units; "
     "health_status|N|activity units; shifts|N|activity units; interaction|N|activity units; "
     "projected|N|activity units",
     "the change in activity split into its drivers: baseline + the parts = projected"},
    {"shifts.csv", "variant|T; area|T; year|Y; from|T|service; to|T|service; share|SH|of "
     "from's activity moved; leaving|N|units of from; arriving|N|units of to",
     "activity moved between settings"},
    {"capacity.csv", "variant|T; area|T; year|Y; resource|T; service|T; unit|T|what required, "
     "current and gap count: beds or places, places, or WTE; activity|N|activity units; "
     "required|N|in the unit; current|N|in the unit; gap|N|required - current, positive a "
     "shortfall",
     "capacity required against current capacity"},
    /* standardised rates */
    {"dsr.csv", "area|T; year|Y; sex|T|F, M or P (persons); measure|T; observed|N|events; "
     "population|P|person-years; crude_rate|N|per --per person-years; dsr|N|per --per "
     "person-years; lower95|N; upper95|N; lower998|N; upper998|N; note|T",
     "directly age-standardised rates with Dobson's limits"},
    {"smr.csv", "area|T; year|Y; sex|T; measure|T; observed|N|events; expected|N|events; "
     "smr|N|observed / expected; lower95|N; upper95|N; lower998|N; upper998|N; method|T|byar "
     "or exact; note|T",
     "indirectly standardised ratios"},
    /* money */
    {"budget.csv", "variant|T; year|FY; programme|T; cost_type|T|pay or non_pay; budget|M; "
     "virement|M; envelope|M; cost_of_demand|M; shifts|M; cost|M; gap|M|cost - envelope, "
     "positive a shortfall; envelope_real|M|base-year prices; cost_real|M|base-year prices; "
     "gap_real|M|base-year prices",
     "each budget line's envelope, cost and gap"},
    {"gap.csv", "variant|T; year|FY; programme|T|or total; envelope|M; cost|M; gap|M|cost - "
     "envelope, positive a shortfall; cumulative_gap|M|plan years to this one; deflator|N|"
     "price index, base year 1; envelope_real|M|base-year prices; cost_real|M|base-year "
     "prices; gap_real|M|base-year prices; cumulative_gap_real|M|base-year prices; "
     "discount_factor|N; pv_gap|M|present value; cumulative_pv_gap|M|present value",
     "the funding gap by programme and year"},
    {"gap_totals.csv", "variant|T; measure|T; value|N|as the unit column says; unit|T",
     "the funding gap's headline totals, each with its unit"},
    {"bridge.csv", "variant|T; year|FY; programme|T|or total; baseline|M|the base year's cost; "
     "demography|M; non_demographic|M; inflation|M; efficiency|M; shifts|M; projected|M",
     "the cost bridge: baseline + the steps = projected"},
    {"envelope.csv", "year|FY; funder|T; uplift_pct|PCT|a year; envelope|M; "
     "envelope_real|M|base-year prices",
     "each funder's envelope"},
    {"service_costs.csv", "variant|T; year|FY; programme|T; service|T; activity|N|activity "
     "units; unit_cost|M|per activity unit, after efficiency; cost_pay|M; cost_non_pay|M; "
     "cost|M",
     "each service's cost"},
    {"resource_shifts.csv", "variant|T; year|FY; shift|T; from|T|programme; to|T|programme; "
     "moved|M; invested|M; released|M; transition|M|double running; net_cost|M",
     "the resource shifts and what they cost"},
    {"resource_shift_activity.csv", "variant|T; year|FY; shift|T; side|T|from or to; "
     "programme|T; service|T; activity|N|activity units, bought + released -; "
     "unit_cost|M|per activity unit",
     "the activity each resource shift buys and releases"},
    {"shift_gap.csv", "variant|T; year|FY; envelope|M; cost_before|M; cost_after|M; "
     "gap_before|M; gap_after|M; change|M; cumulative_gap_before|M; cumulative_gap_after|M; "
     "gap_real_before|M|base-year prices; gap_real_after|M|base-year prices; "
     "cumulative_pv_gap_before|M|present value; cumulative_pv_gap_after|M|present value",
     "fulcrum shift: the gap before and after a what-if shift"},
    {"shift_whatif.csv", "variant|T; year|FY; shift|T; from|T; to|T; moved|M; invested|M; "
     "released|M; transition|M; net_cost|M",
     "fulcrum shift: the what-if shift"},
    {"shift_whatif_activity.csv", "variant|T; year|FY; shift|T; side|T; programme|T; "
     "service|T; activity|N|activity units; unit_cost|M",
     "fulcrum shift: the activity the what-if shift moves"},
    /* PBMA */
    {"options.csv", "league_rank|I; option|T; programme|T; kind|T|investment or "
     "disinvestment; cost|M|a year, negative a release; benefit|N|QALYs or score a year; "
     "benefit_per_gbp|N|benefit per GBP; nmb|M|net monetary benefit at the threshold; funded|B; "
     "greedy_funded|B; p_funded|SH|over the draws; p_greedy_funded|SH; p_cost_effective|SH; "
     "reason|T",
     "the PBMA options: league table, the best set and why"},
    {"investments.csv", "rank|I; option|T; cost|M; benefit|N; benefit_per_gbp|N; "
     "cumulative_cost|M; cumulative_benefit|N",
     "the investments, ranked"},
    {"disinvestments.csv", "rank|I; option|T; released_gbp|M; benefit_lost|N; "
     "benefit_lost_per_gbp|N; cumulative_released|M; cumulative_benefit_lost|N",
     "the disinvestments, ranked"},
    {"swaps.csv", "investment|T; disinvestment|T; gain_per_gbp|N|benefit per GBP; "
     "loss_per_gbp|N|benefit per GBP; net_cost|M; net_benefit|N; budget_neutral|B; gains|B",
     "budget-neutral swaps"},
    {"pbma_budget.csv", "year|FY|NA for one budget; budget|M; optimal_cost|M; greedy_cost|M; "
     "shadow_price|N|benefit per GBP",
     "the budget each year and the best set's cost"},
    {"summary.csv", "measure|T; value|N|as the unit column says; unit|T",
     "the PBMA headline figures, each with its unit"},
    {"scores.csv", "option|T; criterion|T; score|N|the option's value on the criterion; min|N; "
     "max|N; direction|T|benefit or harm; value|N|0..100 on [min, max]; weight|SH; weighted|N",
     "the MCDA scores"},
    {"group_icers.csv", "group|T; strategy|T; cost|M; effect|N; inc_cost|M; inc_effect|N; "
     "icer|N|GBP per unit of effect; status|T",
     "incremental analysis within each exclusive group"},
    {"ceac.csv", "wtp|M|per unit of effect; strategy|T; proportion|SH; on_frontier|B",
     "fulcrum psa: cost-effectiveness acceptability"},
    {"evpi.csv", "wtp|M|per unit of effect; evpi|M", "fulcrum psa: expected value of "
     "perfect information"},
    {"expected_loss.csv", "wtp|M|per unit of effect; strategy|T; expected_loss|M; "
     "on_frontier|B", "fulcrum psa: expected loss"},
    {"evppi.csv", "wtp|M|per unit of effect; parameter|T|a column of --parameters, or a group "
     "a+b; evppi|M; evpi|M; share_of_evpi|SH", "fulcrum psa --parameters: expected value of "
     "partial perfect information, beside the EVPI"},
    {"info_rank.csv", "rank|I; parameter|T; wtp|M|per unit of effect; share_of_evpi|SH",
     "fulcrum psa --parameters: the info-rank chart's numbers, at the threshold where the EVPI "
     "is largest"},
    {"pbma_evppi.csv", "parameter|T|an uncertain number (section.key) or an option's drawn "
     "cost or benefit; evppi|M|GBP a year; evpi|M; share_of_evpi|SH; draws|I; candidate_sets|I|"
     "the best sets compared (the principal's and the most frequent, at most 16)",
     "which unknown is worth researching: the EVPPI for the PBMA decision, from 50 draws or "
     "more"},
    /* one-way sensitivity */
    {"sensitivity.csv", "parameter|T|section.key, as --set takes it, or variant NAME.probability; "
     "value_low|N|its p10 (an interval's low end; a variant: 0, the principal); value_high|N|its "
     "p90 (a variant: 1, the variant taken); outcome|T|gap, gap.PROGRAMME (GBP, cash, the "
     "last finance year), net_benefit (GBP: the best set's threshold x benefit - cost), "
     "people_75plus (the projection's last year), funded.OPTION (1 funded, 0 not); central|N; "
     "at_low|N; at_high|N; swing|N|abs(at_high - at_low)",
     "each uncertain parameter at its p10 and p90, the others central (--sensitivity)"},
    {"switching_values.csv", "parameter|T|section.key; outcome|T|funded.OPTION, gap or "
     "gap.PROGRAMME; range_low|N|the parameter's p1, in the key's range; range_high|N|its p99; "
     "central_value|N|its median; switching_value|N|where the outcome changes side, nearest "
     "the median (NA: no switch in the range); below|T|funded, not funded, shortfall or "
     "headroom: the state below it (with no switch, throughout); above|T|the state above it",
     "where each option enters or leaves the best set, and each gap changes sign "
     "(--sensitivity)"},
    {"sensitivity_grid.csv", "parameter_x|T|section.key; value_x|N; parameter_y|T; value_y|N; "
     "gap|M|all programmes, the last finance year; net_benefit|M|the best set's; best_set|T|"
     "its options, a;b;c, or none within the budget; same_set_as_central|B",
     "the two-way grid of [run] sensitivity_grid, x varying fastest (--sensitivity)"},
    /* draws */
    {"uncertainty.csv", "measure|T; value|N|as the unit column says; unit|T",
     "how the draws were made"},
    {"parameters_summary.csv", "parameter|T|section.key; distribution|T; central|N; mean|N; "
     "p10|N; p50|N; p90|N", "each uncertain parameter over the draws"},
    {"variants_summary.csv", "variant|T; probability|SH; share|SH|of the draws",
     "the variants the draws took"},
    {"projection_summary.csv", "area|T|or total; year|Y; sex|T; age|T; principal|P; mean|P; "
     "p10|P; p50|P; p90|P", "the population over the draws"},
    {"population_summary.csv", "area|T|or total; year|Y; age_group|T; principal|P; mean|P; "
     "p10|P; p50|P; p90|P", "the population by age group over the draws"},
    {"need_summary.csv", "year|Y; measure|T; principal|P; mean|P; p10|P; p50|P; p90|P",
     "need over the draws, all areas"},
    {"activity_summary.csv", "year|Y; service|T; principal|N|activity units; mean|N; p10|N; "
     "p50|N; p90|N", "activity over the draws, all areas"},
    {"capacity_summary.csv", "year|Y; resource|T; service|T; current|N|beds, places or WTE; "
     "principal|N|required; mean|N; p10|N; p50|N; p90|N", "capacity required over the draws"},
    {"gap_summary.csv", "year|FY; programme|T; measure|T|cost, envelope or gap; principal|M; "
     "mean|M; p10|M; p50|M; p90|M", "the money over the draws"},
    {"pbma_summary.csv", "option|T; funded|B|in the principal's best set; p_funded|SH",
     "how often each option is funded"},
    {"projection_draws.csv", "draw|I; area|T; year|Y; sex|T; age|T; population|P",
     "--raw-draws: every draw's population"},
    {"parameters_draws.csv", "draw|I; variant|T; *|N|the parameter's value",
     "--raw-draws: every draw's parameters (a column per parameter)"},
    {"need_draws.csv", "draw|I; year|Y; measure|T; need|P", "--raw-draws"},
    {"activity_draws.csv", "draw|I; year|Y; service|T; activity|N|activity units",
     "--raw-draws"},
    {"capacity_draws.csv", "draw|I; year|Y; resource|T; required|N|beds, places or WTE",
     "--raw-draws"},
    {"gap_draws.csv", "draw|I; year|FY; programme|T; cost|M; envelope|M; gap|M",
     "--raw-draws"},
    {"pbma_draws.csv", "draw|I; option|T; funded|B", "--raw-draws"},
};

static const char *const kind_unit[] = {
    [FC_COLK_TEXT] = "", [FC_COLK_YEAR] = "calendar year", [FC_COLK_FYEAR] =
    "financial year, by its first calendar year (2024 = 2024/25)", [FC_COLK_INT] = "count",
    [FC_COLK_PERSONS] = "persons", [FC_COLK_NUM] = "", [FC_COLK_MONEY] = "GBP",
    [FC_COLK_PCT] = "%", [FC_COLK_SHARE] = "0..1", [FC_COLK_BOOL] = "TRUE or FALSE",
};
static const char *const kind_code[] = {
    [FC_COLK_TEXT] = "T", [FC_COLK_YEAR] = "Y", [FC_COLK_FYEAR] = "FY", [FC_COLK_INT] = "I",
    [FC_COLK_PERSONS] = "P", [FC_COLK_NUM] = "N", [FC_COLK_MONEY] = "M", [FC_COLK_PCT] = "PCT",
    [FC_COLK_SHARE] = "SH", [FC_COLK_BOOL] = "B",
};
static const char *const kind_name[] = {
    [FC_COLK_TEXT] = "text", [FC_COLK_YEAR] = "year", [FC_COLK_FYEAR] = "financial year",
    [FC_COLK_INT] = "whole number", [FC_COLK_PERSONS] = "number", [FC_COLK_NUM] = "number",
    [FC_COLK_MONEY] = "money", [FC_COLK_PCT] = "percent", [FC_COLK_SHARE] = "share",
    [FC_COLK_BOOL] = "boolean",
};

size_t
fc_columns_ntables(void)
{
    return sizeof tables / sizeof tables[0];
}

const char *
fc_columns_table(size_t i, const char **about)
{
    if (i >= fc_columns_ntables())
        return NULL;
    if (about)
        *about = tables[i].about;
    return tables[i].file;
}

/* Parses the k-th entry of a table's column list into c; 0, or -1 past the last. */
static int
entry(const char *cols, size_t k, fc_column *c)
{
    const char *p = cols, *end, *bar1, *bar2;
    while (k-- > 0) {
        if ((p = strchr(p, ';')) == NULL)
            return -1;
        p++;
    }
    while (*p == ' ')
        p++;
    end = strchr(p, ';');
    if (end == NULL)
        end = p + strlen(p);
    bar1 = memchr(p, '|', (size_t)(end - p));
    if (bar1 == NULL)
        return -1;
    bar2 = memchr(bar1 + 1, '|', (size_t)(end - bar1 - 1));
    c->name_len = (size_t)(bar1 - p);
    c->name = p;
    {
        size_t kl = (size_t)((bar2 ? bar2 : end) - bar1 - 1);
        c->kind = FC_COLK_TEXT;
        for (int i = 0; i < FC_COLK_N; i++)
            if (strlen(kind_code[i]) == kl && strncmp(kind_code[i], bar1 + 1, kl) == 0)
                c->kind = (fc_column_kind)i;
    }
    c->unit = kind_unit[c->kind];
    c->unit_len = strlen(c->unit);
    c->note = bar2 ? bar2 + 1 : "";
    c->note_len = bar2 ? (size_t)(end - bar2 - 1) : 0;
    if (c->unit_len == 0) { /* text and plain numbers: the note is the unit */
        c->unit = c->note, c->unit_len = c->note_len;
        c->note = "", c->note_len = 0;
    }
    c->kind_name = kind_name[c->kind];
    return 0;
}

int
fc_columns_get(size_t table, size_t k, fc_column *c)
{
    if (table >= fc_columns_ntables())
        return -1;
    return entry(tables[table].cols, k, c);
}

int
fc_columns_find(const char *file, const char *column, fc_column *c)
{
    for (size_t t = 0; t < fc_columns_ntables(); t++) {
        if (strcmp(tables[t].file, file) != 0)
            continue;
        for (size_t k = 0; entry(tables[t].cols, k, c) == 0; k++)
            if ((c->name_len == strlen(column) && strncmp(c->name, column, c->name_len) == 0) ||
                (c->name_len == 1 && c->name[0] == '*'))
                return 0;
        return -1;
    }
    return -1;
}

/* ---------------------------------------------------------------- `fulcrum columns` */

#include <stdio.h>

#include "engine/cli/cli.h"
#include "engine/cli/opts.h"

/* Prints the registry as the manual's page (docs/columns.md is exactly this). */
static fc_status
cmd_columns(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const fc_opt opts[] = {FC_OPT_END};
    size_t npos;
    fc_status st;
    (void)warn;
    if ((st = fc_opts_parse(argc, argv, opts, NULL, 0, &npos, err)) != FC_OK)
        return st;
    printf("# Output columns\n\n"
           "<!-- Part of the Fulcrum manual: README.md lists its pages. Made by `fulcrum "
           "columns > docs/columns.md`; tests/cli/columns.sh checks it, and that every column a "
           "run writes is here. -->\n\n"
           "Every table Fulcrum writes, with each column's type and unit. Types: *text*; "
           "*year* (calendar); *financial year* (by its first calendar year: 2024 is 2024/25, "
           "as the workbook and the appendix write it); *whole number*; *number*; *money* "
           "(GBP, two decimals where the finance model rounds to the penny); *percent* (3.5 "
           "is 3.5%%); *share* (0..1; the workbook shows it as a percentage); *boolean* "
           "(TRUE or FALSE). Missing values are `NA`. In `outputs.xlsx` (`--xlsx`) each table "
           "is a sheet with these types: money as GBP with pence, percents and shares as %%, "
           "financial years as 2024/25.\n");
    for (size_t t = 0; t < fc_columns_ntables(); t++) {
        const char *about, *file = fc_columns_table(t, &about);
        fc_column c;
        printf("\n## `%s`\n\n%c%s.\n\n| column | type | unit |\n|---|---|---|\n", file,
               about[0] >= 'a' && about[0] <= 'z' ? about[0] - 'a' + 'A' : about[0],
               about + 1);
        for (size_t k = 0; fc_columns_get(t, k, &c) == 0; k++)
            printf("| `%.*s` | %s | %.*s%s%.*s |\n", (int)c.name_len, c.name, c.kind_name,
                   (int)c.unit_len, c.unit, c.note_len ? "; " : "", (int)c.note_len, c.note);
    }
    return fflush(stdout) == 0 ? FC_OK : FC_FAIL(err, FC_EIO, "cannot write to stdout");
}

const fc_cmd fc_cmd_def_columns = {
    "columns",
    cmd_columns,
    "print every output table's columns with their types and units",
    "fulcrum columns",
    "Prints, as Markdown, every table Fulcrum writes with each column's type and unit: the\n"
    "manual's docs/columns.md.\n\n"
    "example:\n"
    "  fulcrum columns > columns.md\n",
};
