/* pbma.c: the PBMA stage and `fulcrum pbma`: the option table's helpers, the command, the
 * scenario stage (budget = finance from the money stage's gaps) and the model the draws
 * solve; the job is job.c, its input tables tables.c, and `fulcrum icers` / `fulcrum psa`
 * compare.c (pbma_int.h). Every input is read and validated before the output directory is
 * touched.
 */
#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/pbma/pbma_int.h"
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

char *
pb_xstrdup(const char *s)
{
    return strdup(s ? s : "");
}


size_t
pb_names_find(const names *t, const char *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->s[i], s) == 0)
            return i;
    return SIZE_MAX;
}

fc_status
pb_names_add(names *t, const char *s, size_t line, fc_err *err)
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
    if ((t->s[t->n] = pb_xstrdup(s)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    t->line[t->n++] = line;
    return FC_OK;
}

void
pb_names_fini(names *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->s[i]);
    free(t->s);
    free(t->line);
    memset(t, 0, sizeof *t);
}

/* Grows a double array to hold at least n entries. */
fc_status
pb_grow(double **a, size_t *cap, size_t n, fc_err *err)
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

int
pb_empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

void
pb_w_num_or_na(fc_writer *w, double x)
{
    if (isnan(x))
        fc_w_str(w, "NA");
    else
        fc_w_num(w, x);
}

/* Parses --wtp: a comma-separated list, or FROM:TO:STEP (inclusive of TO within 1e-9). */
fc_status
pb_parse_wtp(const char *s, double **out, size_t *n, fc_err *err)
{
    double *v = NULL;
    size_t cap = 0, k = 0;
    char *copy = pb_xstrdup(s), *tok, *save = NULL;
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
            if ((st = pb_grow(&v, &cap, k + 1, err)))
                goto done;
            v[k++] = x;
        }
    } else {
        for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if ((st = pb_grow(&v, &cap, k + 1, err)) || (st = fc_opt_double("--wtp", tok, &v[k], err)))
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
    st = pb_job_load(&j, warn, err);
    if (st == FC_OK)
        st = pb_job_solve(&j, err);
    if (st == FC_OK)
        st = fc_out_open(out, &o, err);
    if (st == FC_OK)
        st = pb_job_write(&j, o, err);
    if (st == FC_OK)
        st = fc_out_commit(o, err);
    fc_out_free(o);
    pb_job_fini(&j);
    return st;
}

/* Reads and validates the inputs (run = 0, for `fulcrum check`), or the whole exercise. */
static fc_status
job_do(const fc_pbmajob_spec *spec, fc_out *o, int run, fc_warnings *warn, fc_err *err)
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
    st = pb_job_load(&j, warn, err);
    if (st == FC_OK && run)
        st = pb_job_solve(&j, err);
    if (st == FC_OK && run)
        st = pb_job_write(&j, o, err);
    pb_job_fini(&j);
    return st;
}

fc_status
fc_pbmajob_run(const fc_pbmajob_spec *spec, fc_out *o, fc_warnings *warn, fc_err *err)
{
    return job_do(spec, o, 1, warn, err);
}

/* ------------------------------------------------------------------------ definitions */

const fc_cmd fc_cmd_def_icers = {
    "icers",
    pb_cmd_icers,
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
    pb_cmd_psa,
    "CEAC, CEAF, EVPI and expected loss from probabilistic sensitivity analysis samples",
    "fulcrum psa FILE --wtp LIST|FROM:TO:STEP [--parameters P.csv [--groups G]] --out DIR",
    "Reads FILE (columns sim,strategy,cost,effect; sims numbered 1..N, one row per sim and\n"
    "strategy) and, at each willingness to pay (GBP per unit effect), writes\n"
    "  DIR/ceac.csv           wtp,strategy,proportion,on_frontier: share of samples in which\n"
    "                         the strategy has the highest NMB = wtp*effect - cost (ties to the\n"
    "                         first strategy in input order); on_frontier is TRUE for the\n"
    "                         strategy with the highest expected NMB (the CEAF)\n"
    "  DIR/evpi.csv           wtp,evpi: E[max NMB] - max E[NMB], per person\n"
    "  DIR/expected_loss.csv  wtp,strategy,expected_loss,on_frontier: E[max NMB - NMB]; its\n"
    "                         minimum over strategies equals the EVPI\n"
    "With --parameters, the values each sample was drawn with (P.csv: sim, then one column a\n"
    "parameter), also\n"
    "  DIR/evppi.csv          wtp,parameter,evppi,evpi,share_of_evpi: the expected value of\n"
    "                         partial perfect information of each parameter, then of each\n"
    "                         group of --groups, beside the EVPI: what learning it before\n"
    "                         deciding is worth, by nonparametric regression (penalised\n"
    "                         splines; Strong, Oakley and Brennan 2014)\n"
    "  DIR/info_rank.png, .svg, .csv   each parameter's EVPPI as a share of the EVPI,\n"
    "                         largest first, at the threshold where the EVPI is largest\n\n"
    "options:\n"
    "  --wtp LIST       comma-separated thresholds, or FROM:TO:STEP (TO included)\n"
    "  --parameters F   the sampled parameters, for the EVPPI (at least 50 samples)\n"
    "  --groups G       groups of parameters learnt together: \"a+b;c+d+e\" (two: a smooth\n"
    "                   surface; three or more: the sum of one smooth a parameter)\n"
    "  --out DIR        output directory (created if needed)\n\n"
    "exit status: 0 ok, 1 model failure, 2 usage, 3 bad input data, 4 I/O error\n\n"
    "example:\n"
    "  fulcrum psa datasets/pbma_psa.csv --wtp 0:50000:1000 \\\n"
    "      --parameters datasets/pbma_psa_parameters.csv --out out/psa\n",
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
    "optimum and by the league table, P(funded), the pb_reason), investments.csv,\n"
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
    fc_pbmajob_spec *spec;
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
fc_pbmajob_budget_from_gap(const fc_finjob_gaps *g, const fc_pbmajob_spec *spec, double *budget,
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
    const fc_pbmajob_spec *sp = spec;
    if (sp->budget_from_finance) {
        fc_pbmajob_spec s2 = *sp;
        fc_status st;
        if (ch->gaps == NULL)
            return fc_scn_fail(fc_scn_get(ch->scn, "pbma", "budget_from"), err,
                               "budget_from = finance: the money stage wrote no gap table");
        if ((st = fc_pbmajob_budget_from_gap(ch->gaps, sp, &s2.budget, err)) != FC_OK)
            return st;
        return fc_pbmajob_run(&s2, ch->o, ch->warn, err);
    }
    return fc_pbmajob_run(spec, ch->o, ch->warn, err);
}

static fc_status
stage_check(fc_chain *ch, void *spec, fc_err *err)
{
    return job_do(spec, NULL, 0, ch->warn, err);
}

/* The draws: the budget, the threshold and the share of the headroom. */
static void
stage_spec_for_draw(void *copy, const fc_draw *dr)
{
    fc_pbmajob_spec *c = copy;
    fc_draw_num(dr, "pbma", "budget", &c->budget);
    fc_draw_num(dr, "pbma", "threshold", &c->threshold);
    fc_draw_num(dr, "pbma", "budget_share", &c->budget_share);
}

static const char *const stage_sections[] = {"pbma", NULL};

const fc_stage fc_stage_pbma = {
    .name = "pbma", .sections = stage_sections, .configure = stage_configure,
    .run = stage_run, .check = stage_check,
    .spec_for_draw = stage_spec_for_draw, .spec_size = sizeof(fc_pbmajob_spec)};

/* ------------------------------------------------------------------------ for the draws */

struct fc_pbmajob_model {
    job j;
};

fc_status
fc_pbmajob_model_load(const fc_pbmajob_spec *spec, fc_pbmajob_model **result, fc_warnings *warn,
                   fc_err *err)
{
    fc_pbmajob_model *m = calloc(1, sizeof *m);
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
    if ((st = pb_job_load(&m->j, warn, err)) != FC_OK) {
        fc_pbmajob_model_free(m);
        return st;
    }
    *result = m;
    return FC_OK;
}

void
fc_pbmajob_model_free(fc_pbmajob_model *m)
{
    if (m == NULL)
        return;
    pb_job_fini(&m->j);
    free(m);
}

void
fc_pbmajob_model_get(const fc_pbmajob_model *m, fc_pbma_problem *p, fc_pbma_uncertain *u)
{
    const job *j = &m->j;
    *p = (fc_pbma_problem){j->n, j->nyear, j->budget, j->nreq, j->req_from, j->req_to,
                           j->group, j->threshold};
    *u = (fc_pbma_uncertain){j->n, j->nyear, j->cost, j->cost_lo, j->cost_hi, j->benefit,
                             j->ben_lo, j->ben_hi};
}

const char *
fc_pbmajob_model_option(const fc_pbmajob_model *m, size_t i)
{
    return m->j.ot.name.s[i];
}

