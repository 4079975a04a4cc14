/* check.c: `fulcrum check`: validates scenarios, their parameters and their input tables
 * without running anything, listing every problem found (each stage's first, every unknown
 * key), each located. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/chain/batch.h"
#include "engine/cli/cli.h"
#include "engine/cli/log.h"
#include "engine/chain/chain.h"

typedef struct seen {
    char **msg; /* problems printed so far (a base file's problem is printed once, however
                   many runs include it) */
    size_t n, cap;
    size_t nproblem;
    fc_status first;
} seen;

static void
on_problem(void *ctx, const char *stage, const fc_err *err)
{
    seen *s = ctx;
    char buf[FC_ERR_MSG_MAX + FC_ERR_PATH_MAX + 64];
    (void)stage;
    fc_log_format_err(err, buf, sizeof buf);
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->msg[i], buf) == 0)
            return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        char **m = realloc(s->msg, cap * sizeof *m);
        if (m == NULL)
            return;
        s->msg = m;
        s->cap = cap;
    }
    if ((s->msg[s->n] = strdup(buf)) != NULL)
        s->n++;
    if (s->first == FC_OK)
        s->first = err->status;
    s->nproblem++;
    fc_log_error(err, NULL);
}

/* Input files of a configured scenario: its own files and every path a stage resolved. */
static size_t
count_inputs(const fc_scenario *s)
{
    size_t n = s->nfiles;
    for (size_t i = 0; i < s->n; i++)
        n += s->e[i].resolved &&
             !(strcasecmp(s->e[i].section, "run") == 0 && strcmp(s->e[i].key, "out") == 0);
    return n;
}

static void
check_run(const fc_run_plan *r, seen *sn, fc_warnings *warn)
{
    size_t nstage = fc_stage_count(), before = sn->nproblem;
    void **specs = calloc(nstage + 1, sizeof *specs);
    fc_warnings w = {0};
    fc_scenario s;
    fc_chain ch;
    fc_err err;
    char stages[256] = "";

    fc_err_clear(&err);
    memset(&ch, 0, sizeof ch);
    if (specs == NULL) {
        FC_FAIL(&err, FC_ENOMEM, "out of memory");
        on_problem(sn, NULL, &err);
        return;
    }
    if (fc_run_scenario(r, &s, &err) != FC_OK) {
        on_problem(sn, NULL, &err);
    } else {
        ch.scn = &s;
        ch.warn = &w;
        ch.seed = s.seed;
        fc_chain_check(&ch, specs, on_problem, sn);
        for (size_t i = 0; i < nstage; i++) {
            size_t k = strlen(stages);
            if (specs[i])
                snprintf(stages + k, sizeof stages - k, "%s%s", k ? ", " : "", fc_stages[i]->name);
        }
        if (sn->nproblem == before)
            fc_log_note("%s (%s): ok: %s; %zu input files", r->name, r->scenario, stages,
                        count_inputs(&s));
    }
    fc_chain_fini(&ch, specs);
    fc_scenario_free(&s);
    free(specs);
    fc_warn_merge(warn, &w);
    fc_warnings_fini(&w);
}

static fc_status
cmd_check(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const char **set = calloc((size_t)argc + 1, sizeof *set);
    fc_batch b = {0};
    seen sn;
    fc_status st = FC_OK;
    fc_log_level level = FC_LOG_NORMAL;
    size_t nset = 0, nscn = 0;

    memset(&sn, 0, sizeof sn);
    if (set == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    /* options first (so that --set applies to every scenario), then the scenarios */
    for (int i = 1; i < argc && st == FC_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            level = FC_LOG_QUIET;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            level = FC_LOG_VERBOSE;
        } else if (strcmp(a, "--set") == 0 || strncmp(a, "--set=", 6) == 0) {
            char buf[2048];
            const char *x, *y, *z, *v = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : NULL);
            if (v == NULL)
                st = FC_FAIL(err, FC_EUSAGE, "option '--set' needs a value");
            else if ((st = fc_set_split(v, buf, sizeof buf, &x, &y, &z, err)) == FC_OK)
                set[nset++] = v;
        } else if (a[0] == '-' && a[1]) {
            st = FC_FAIL(err, FC_EUSAGE, "unknown option '%s'", a);
        } else {
            nscn++;
        }
    }
    if (st == FC_OK && nscn == 0)
        st = FC_FAIL(err, FC_EUSAGE, "missing the scenario file");
    fc_log_setup(level);
    for (int i = 1; i < argc && st == FC_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--set") == 0)
            i++;
        else if (a[0] != '-' || a[1] == '\0')
            st = fc_batch_add(&b, a, set, nset, err);
    }
    for (size_t i = 0; i < b.n && st == FC_OK; i++)
        check_run(&b.run[i], &sn, warn);
    if (st == FC_OK && sn.nproblem) {
        st = sn.first;
        FC_FAIL(err, st, "%zu problem%s found", sn.nproblem, sn.nproblem > 1 ? "s" : "");
    }
    for (size_t i = 0; i < sn.n; i++)
        free(sn.msg[i]);
    free(sn.msg);
    fc_batch_fini(&b);
    free(set);
    return st;
}

const fc_cmd fc_cmd_def_check = {
    "check",
    cmd_check,
    "validate scenarios, parameters and input tables without running anything",
    "fulcrum check SCENARIO... [--set SECTION.KEY=VALUE]... [-q | -v]",
    "Reads each scenario (with its includes, --set overrides and every run of a [sweep]),\n"
    "configures every stage and reads and validates every input table the stages name, as\n"
    "`fulcrum run` would before computing anything, but runs nothing and writes nothing. It\n"
    "goes on after a problem, so one pass lists them all: the first problem of each stage\n"
    "(input tables are read in order, and later tables are checked against earlier ones) and\n"
    "every unknown section or key, each as file:line[:column]: error: message. A problem\n"
    "shared by several runs (a base scenario's) is listed once.\n\n"
    "options:\n"
    "  --set S.K=V   override key K of section S, as for `fulcrum run` (repeatable)\n"
    "  --quiet, -q   print only the problems (no 'ok' lines)\n\n"
    "exit status: 0 no problem; otherwise the code of the first problem (2 usage, 3 bad\n"
    "input data or scenario, 4 an input cannot be read)\n\n"
    "examples:\n"
    "  fulcrum check datasets/example.ini\n"
    "  fulcrum check datasets/example.ini datasets/example_sweep.ini --set pbma.draws=10\n",
};
