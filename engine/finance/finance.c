/* finance.c: the money job (compute every activity variant), the [finance] scenario stage
 * and what the draws need; its tables are written by write.c (from the model's whole pence,
 * never via double), `fulcrum finance` and `fulcrum shift` are commands.c.
 */
#include "engine/finance/finance_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/cli/log.h"
#include "engine/chain/chain.h"
#include "engine/io/scenario.h"
#include "engine/io/table.h"



void
fc_finjob_spec_init(fc_finjob_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->base_year = FC_NO_YEAR;
    spec->discount_pct = FC_FIN_GREEN_BOOK_RATE;
    spec->uplift_pct = spec->efficiency_pct = (double)NAN;
    spec->pay_pct = spec->prices_pct = spec->deflator_pct = (double)NAN;
}

void
fc_finjob_whatif_init(fc_finjob_whatif *w)
{
    memset(w, 0, sizeof *w);
    w->amount_gbp = w->units = (double)NAN;
    w->ratio = 1.0;
    w->phase_years = 1;
    w->release_pct = 100.0;
}

/* ------------------------------------------------------------------------ the job */

void
fc_finjob_free(fc_finjob *j)
{
    if (j == NULL)
        return;
    if (j->own_act)
        fc_finjob_activity_fini(&j->act_own);
    if (j->own_drv)
        fc_finjob_activity_fini(&j->drv_own);
    fc_intern_free(j->progs);
    fc_intern_free(j->servs);
    fc_intern_free(j->funders);
    free(j->serv_prog);
    free(j->unit_cost);
    free(j->pay_share);
    free(j->price_year);
    free(j->serv_line);
    free(j->line_prog);
    free(j->line_funder);
    free(j->line_line);
    free(j->line_ct);
    free(j->line_budget);
    free(j->pay_idx);
    free(j->prices_idx);
    free(j->defl_idx);
    free(j->eff_pct);
    free(j->uplift_pct);
    for (size_t k = 0; k < j->nshift; k++)
        free(j->shift_name[k]);
    free(j->shift_name);
    free(j->shift);
    free(j->shift_line);
    free(j->var);
    free(j->activity);
    free(j->demog);
    if (j->res)
        for (size_t k = 0; k < j->nvar; k++)
            fc_fin_result_free(j->res[k]);
    free(j->res);
    free(j->prog_names);
    free(j->serv_names);
    free(j);
}

fc_status
fc_finjob_load(const fc_finjob_spec *spec, const fc_finjob_activity *act, const fc_finjob_activity *drv,
                fc_finjob **result, fc_warnings *warn, fc_err *err)
{
    fc_finjob *j;
    fc_status st = FC_OK;

    *result = NULL;
    if ((j = calloc(1, sizeof *j)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    j->spec = *spec;
    j->warn = warn;
    j->progs = fc_intern_alloc();
    j->servs = fc_intern_alloc();
    j->funders = fc_intern_alloc();
    if (!j->progs || !j->servs || !j->funders) {
        fc_finjob_free(j);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    if (act) {
        j->act = act;
    } else if (spec->activity == NULL) {
        st = FC_FAIL(err, FC_EDATA, "finance needs the projected activity (an activity table)");
    } else {
        j->own_act = 1;
        st = fc_finjob_activity_read(spec->activity, 0, &j->act_own, warn, err);
        j->act = &j->act_own;
    }
    if (st == FC_OK && drv) {
        j->drv = drv;
    } else if (st == FC_OK && spec->drivers) {
        j->own_drv = 1;
        st = fc_finjob_activity_read(spec->drivers, 1, &j->drv_own, warn, err);
        j->drv = &j->drv_own;
    }
    if (st == FC_OK && j->drv == NULL)
        fc_warn(warn, "finance: no drivers table, so the bridge shows the whole change in "
                      "activity as demography");
    if (st == FC_OK)
        st = fc_finjob_load_inputs(j, err);
    if (st != FC_OK) {
        fc_finjob_free(j);
        return st;
    }
    *result = j;
    return FC_OK;
}

/* err's message becomes m (cut to fit). */
static void
set_msg(fc_err *err, const char *m)
{
    size_t n = strlen(m);
    if (n >= sizeof err->msg)
        n = sizeof err->msg - 1;
    memcpy(err->msg, m, n);
    err->msg[n] = '\0';
}

/* Places a model error at the input to blame (the model knows no files): the shift's row,
 * the service's unit cost or the budget line, as the model names it, and names the variant. */
static void
locate_error(const fc_finjob *j, const fc_fin_result *r, const char *variant, fc_err *err)
{
    size_t k = r->fail_shift;
    if (k < j->nshift && j->shift_line[k] > 0 && err->path[0] == '\0') {
        snprintf(err->path, sizeof err->path, "%s", j->spec.shifts);
        err->line = j->shift_line[k];
        err->col = 0;
    } else if (r->fail_serv < j->nserv && err->path[0] == '\0') {
        /* the cost of a service: its activity times its unit cost (and the prices) */
        char m[3 * FC_ERR_MSG_MAX];
        size_t s = r->fail_serv, t = (size_t)(r->fail_year - j->base_year);
        snprintf(m, sizeof m, "the cost of service '%s' in %d (activity %g a year x unit cost "
                 "%g): %s", fc_intern_name(j->servs, s), r->fail_year,
                 j->prob.activity[s * j->nyear + t], j->unit_cost[s], err->msg);
        set_msg(err, m);
        snprintf(err->path, sizeof err->path, "%s", j->spec.services);
        err->line = j->serv_line[s];
        err->col = j->serv_cost_col;
    } else if (r->fail_line < j->nline && err->path[0] == '\0') {
        char m[2 * FC_ERR_MSG_MAX];
        snprintf(m, sizeof m, "the envelope of this budget line in %d (the budget with its "
                 "uplifts): %s", r->fail_year, err->msg);
        set_msg(err, m);
        snprintf(err->path, sizeof err->path, "%s", j->spec.budgets);
        err->line = j->line_line[r->fail_line];
        err->col = j->line_budget_col;
    }
    if (variant && variant[0]) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n, " (variant '%s')", variant);
    }
}

fc_status
fc_finjob_compute(fc_finjob *j, fc_err *err)
{
    size_t ns = j->nserv, ny = j->nyear;
    fc_fin_problem *p = &j->prob;
    fc_status st;

    if (j->res)
        for (size_t k = 0; k < j->nvar; k++) {
            fc_fin_result_free(j->res[k]);
            j->res[k] = NULL;
        }
    else if ((j->res = calloc(j->nvar, sizeof *j->res)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    memset(p, 0, sizeof *p);
    if (j->prog_names == NULL) {
        size_t np = fc_intern_count(j->progs);
        j->prog_names = calloc(np ? np : 1, sizeof *j->prog_names);
        j->serv_names = calloc(ns ? ns : 1, sizeof *j->serv_names);
        if (!j->prog_names || !j->serv_names)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t q = 0; q < np; q++)
            j->prog_names[q] = fc_intern_name(j->progs, q);
        for (size_t s = 0; s < ns; s++)
            j->serv_names[s] = fc_intern_name(j->servs, s);
    }
    p->prog_name = j->prog_names;
    p->serv_name = j->serv_names;
    p->n_prog = fc_intern_count(j->progs);
    p->n_serv = ns;
    p->n_year = ny;
    p->n_funder = fc_intern_count(j->funders);
    p->n_line = j->nline;
    p->n_shift = j->nshift;
    p->base_year = j->base_year;
    p->serv_prog = j->serv_prog;
    p->unit_cost = j->unit_cost;
    p->price_year = j->price_year;
    p->pay_share = j->pay_share;
    p->index_first_year = j->index_first;
    p->n_index = j->nindex;
    p->pay_index = j->pay_idx;
    p->prices_index = j->prices_idx;
    p->deflator_index = j->defl_idx;
    p->efficiency_pct = j->eff_pct;
    p->line_prog = j->line_prog;
    p->line_cost_type = j->line_ct;
    p->line_funder = j->line_funder;
    p->line_budget = j->line_budget;
    p->uplift_pct = j->uplift_pct;
    p->shift = j->shift;
    p->discount_pct = j->spec.discount_pct;
    for (size_t k = 0; k < j->nvar; k++) {
        const char *vname = fc_intern_name(j->act->variants, j->var[k]);
        p->activity = j->activity + k * ns * ny;
        p->activity_demog = j->demog ? j->demog + k * ns * ny : NULL;
        if ((st = fc_fin_result_alloc(p, &j->res[k], err)) != FC_OK)
            return st;
        if ((st = fc_fin_compute(p, j->res[k], err)) != FC_OK) {
            if (st == FC_EDOM)
                st = FC_EDATA; /* an input that cannot be costed: a data problem */
            err->status = st;
            locate_error(j, j->res[k], j->act->has_variant ? vname : NULL, err);
            return st;
        }
    }
    return FC_OK;
}

/* ------------------------------------------------------------------------ scenario */

/* Reads [finance] into spec (paths resolved by the scenario). FC_OK with *present = 0 when
 * the scenario has no [finance] section. */
static fc_status
scenario_spec(fc_scenario *s, fc_finjob_spec *sp, int *present, fc_err *err)
{
    static const char *const S = "finance";
    long by = FC_NO_YEAR, hz = 0;
    fc_status st;

    fc_finjob_spec_init(sp);
    *present = fc_scn_has(s, S);
    if (!*present)
        return FC_OK;
    struct {
        const char *k;
        const char **dst;
    } paths[] = {
        {"activity", &sp->activity},     {"drivers", &sp->drivers}, {"services", &sp->services},
        {"budgets", &sp->budgets},       {"uplifts", &sp->uplifts}, {"inflation", &sp->inflation},
        {"efficiency", &sp->efficiency}, {"shifts", &sp->shifts},
    };
    struct {
        const char *k;
        double lo, hi, *dst;
    } nums[] = {
        {"discount_rate", -50, 100, &sp->discount_pct},
        {"uplift_pct", -99.99, 1000, &sp->uplift_pct},
        {"efficiency_pct", -1000, 99.99, &sp->efficiency_pct},
        {"pay_pct", -99.99, 1000, &sp->pay_pct},
        {"prices_pct", -99.99, 1000, &sp->prices_pct},
        {"deflator_pct", -99.99, 1000, &sp->deflator_pct},
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if ((st = fc_scn_path(s, S, paths[i].k, paths[i].dst, err)) != FC_OK)
            return st;
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if ((st = fc_scn_num(s, S, nums[i].k, nums[i].lo, nums[i].hi, nums[i].dst, err)) != FC_OK)
            return st;
    if ((st = fc_scn_long(s, S, "base_year", 1900, 3000, &by, err)) != FC_OK ||
        (st = fc_scn_long(s, S, "horizon", 1900, 3000, &hz, err)) != FC_OK ||
        (st = fc_scn_str(s, S, "variant", &sp->variant, err)) != FC_OK)
        return st;
    sp->base_year = (int)by;
    sp->horizon = (int)hz;
    sp->base_year_at = fc_scn_get(s, S, "base_year");
    sp->horizon_at = fc_scn_get(s, S, "horizon");
    if (!sp->services || !sp->budgets)
        return fc_scn_fail_file(s, err, "[finance] needs services (unit costs) and budgets");
    return FC_OK;
}

static fc_status
stage_configure(fc_chain *ch, void **out, fc_err *err)
{
    fc_finjob_spec *sp;
    int present;
    fc_status st;

    if (!fc_scn_has(ch->scn, "finance"))
        return FC_OK;
    if ((sp = malloc(sizeof *sp)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    *out = sp;
    if ((st = scenario_spec(ch->scn, sp, &present, err)) != FC_OK)
        return st;
    return FC_OK;
}

/* In `fulcrum run` the activity comes from the [activity] stage earlier in the chain, handed
 * over in memory (its demographic part too, unless [finance] names a drivers table), unless
 * [finance] names an activity table. */
static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    const fc_finjob_spec *sp = spec;

    if (sp->activity)
        return fi_job_run(sp, NULL, NULL, ch->o, ch->warn, ch, err);
    if (ch->activity == NULL)
        return fc_scn_fail_file(ch->scn, err,
                                "[finance] needs activity = FILE, or an "
                                "[activity] section to project it");
    return fi_job_run(sp, ch->activity, sp->drivers ? NULL : ch->activity_demographic, ch->o,
                   ch->warn, ch, err);
}


static fc_status
svc_list_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    svc_list *c = ctx;
    fc_status st = FC_OK;
    if (row->field[0] == NULL || row->field[0][0] == '\0')
        return FC_OK; /* the full load names the problem */
    for (int y = c->first; y <= c->last && st == FC_OK; y++)
        st = fc_finjob_activity_add(c->a, NULL, NULL, y, row->field[0], 0.0, 0, err);
    return st;
}

/* `fulcrum check`: loads and validates every finance table without running anything. With no
 * activity table (it comes from the [activity] stage) the tables are checked against a stand-in
 * activity covering every costed service over base_year .. horizon (needs base_year). */
static fc_status
stage_check(fc_chain *ch, void *spec, fc_err *err)
{
    static const fc_csv_col cols[1] = {{"service", 1}};
    const fc_finjob_spec *sp = spec;
    fc_finjob_activity act;
    fc_finjob *j = NULL;
    svc_list c;
    fc_status st;

    (void)ch;
    if (sp->activity) {
        st = fc_finjob_load(sp, NULL, NULL, &j, NULL, err);
        fc_finjob_free(j);
        return st;
    }
    if (sp->base_year == FC_NO_YEAR)
        return FC_OK; /* the years come from the activity the chain projects */
    if ((st = fc_finjob_activity_init(&act, NULL, err)) != FC_OK)
        return st;
    c.a = &act;
    c.first = sp->base_year;
    c.last = sp->horizon ? sp->horizon : sp->base_year + 10;
    st = fc_csv_read(sp->services, cols, 1, 1, svc_list_row, &c, NULL, err);
    if (st == FC_OK)
        st = fc_finjob_load(sp, &act, NULL, &j, NULL, err);
    fc_finjob_free(j);
    fc_finjob_activity_fini(&act);
    return st;
}

/* The draws: the discount rate and the constant rates. */
static void
stage_spec_for_draw(void *copy, const fc_draw *dr)
{
    fc_finjob_spec *c = copy;
    fc_draw_num(dr, "finance", "discount_rate", &c->discount_pct);
    fc_draw_num(dr, "finance", "uplift_pct", &c->uplift_pct);
    fc_draw_num(dr, "finance", "efficiency_pct", &c->efficiency_pct);
    fc_draw_num(dr, "finance", "pay_pct", &c->pay_pct);
    fc_draw_num(dr, "finance", "prices_pct", &c->prices_pct);
    fc_draw_num(dr, "finance", "deflator_pct", &c->deflator_pct);
}

static const char *const stage_sections[] = {"finance", NULL};

const fc_stage fc_stage_finance = {
    .name = "finance", .sections = stage_sections, .configure = stage_configure,
    .run = stage_run, .check = stage_check,
    .spec_for_draw = stage_spec_for_draw, .spec_size = sizeof(fc_finjob_spec)};

/* Runs the scenario's projection and activity stages and takes the activity they hand over
 * (for `fulcrum finance|shift SCENARIO` when [finance] names no activity table). Their tables
 * go to a scratch folder that is never committed (removed with it). */
static fc_status
scratch_activity(fc_scenario *scn, fc_warnings *warn, fc_finjob_activity *act, fc_finjob_activity *drv,
                 fc_err *err)
{
        void *specs[MAXST];
    fc_chain ch;
    char dir[1024];
    const char *tmp = getenv("TMPDIR");
    fc_status st;
    size_t act_stage = FC_FIN_ALL;

    memset(&ch, 0, sizeof ch);
    memset(specs, 0, sizeof specs);
    ch.scn = scn;
    ch.warn = warn;
    ch.seed = scn->seed;
    if ((st = fc_chain_configure(&ch, specs, err)) != FC_OK) {
        fc_chain_fini(&ch, specs);
        return st;
    }
    for (size_t i = 0; fc_stages[i]; i++)
        if (strcmp(fc_stages[i]->name, "activity") == 0 && specs[i])
            act_stage = i;
    if (act_stage == FC_FIN_ALL) {
        fc_chain_fini(&ch, specs);
        return fc_scn_fail_file(scn, err,
                                "[finance] needs activity = FILE, or an [activity] "
                                "section to project it");
    }
    snprintf(dir, sizeof dir, "%s/fulcrum-finance-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        fc_chain_fini(&ch, specs);
        return fc_err_at(err, FC_EIO, dir, 0, 0, "cannot make a scratch folder");
    }
    if ((st = fc_out_open(dir, &ch.o, err)) == FC_OK) {
        for (size_t i = 0; fc_stages[i] && i <= act_stage && st == FC_OK; i++)
            if (specs[i] && (i == act_stage || strcmp(fc_stages[i]->name, "projection") == 0))
                st = fc_stages[i]->run(&ch, specs[i], err);
        if (st == FC_OK) { /* the chain's tables become the caller's */
            *act = *ch.activity;
            *drv = *ch.activity_demographic;
            memset(ch.activity, 0, sizeof *ch.activity);
            memset(ch.activity_demographic, 0, sizeof *ch.activity_demographic);
        }
        fc_out_free(ch.o); /* never committed: the scratch tables are removed */
    }
    rmdir(dir);
    fc_chain_fini(&ch, specs);
    return st;
}

/* Loads the job for a scenario: [finance], with the activity read from its file or projected
 * by the scenario's own stages. */
fc_status
fi_scenario_job(const char *path, const char *variant, fc_finjob **job, fc_scenario *scn,
             fc_finjob_activity *act, fc_finjob_activity *drv, fc_warnings *warn, fc_err *err)
{
    fc_finjob_spec sp;
    int present;
    fc_status st;

    *job = NULL;
    if ((st = fc_scenario_read(path, scn, err)) != FC_OK)
        return st;
    if ((st = scenario_spec(scn, &sp, &present, err)) != FC_OK)
        return st;
    if (!present)
        return fc_scn_fail_file(scn, err, "no [finance] section");
    if (variant)
        sp.variant = variant;
    if (sp.activity == NULL) {
        if ((st = scratch_activity(scn, warn, act, drv, err)) != FC_OK)
            return st;
        return fc_finjob_load(&sp, act, drv->services ? drv : NULL, job, warn, err);
    }
    return fc_finjob_load(&sp, NULL, NULL, job, warn, err);
}

/* ------------------------------------------------------------------------ for the draws */

size_t
fc_finjob_nprog(const fc_finjob *j)
{
    return fc_intern_count(j->progs);
}

const char *
fc_finjob_prog(const fc_finjob *j, size_t prog)
{
    return fc_intern_name(j->progs, prog);
}

size_t
fc_finjob_nvar(const fc_finjob *j)
{
    return j->res ? j->nvar : 0;
}

const fc_fin_result *
fc_finjob_result(const fc_finjob *j, size_t k)
{
    return j->res && k < j->nvar ? j->res[k] : NULL;
}

