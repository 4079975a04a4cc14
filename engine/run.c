/* run.c: the stage table, the chain driver and `fulcrum run` (see run.h). */
#include "engine/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cli.h"
#include "engine/log.h"

/* Chain order: later stages may use what earlier ones left on the chain. */
const fc_stage *const fc_stages[] = {
    &fc_stage_projection,
    &fc_stage_need,
    &fc_stage_activity,
    &fc_stage_pbma,
    &fc_stage_appendix, /* last: draws from every table the stages before it wrote */
    NULL,
};

#define MAX_SECTIONS 64

void
fc_chain_sections(const char *known[], size_t cap)
{
    static const char *const own[] = {"run", "sweep", NULL};
    size_t n = 0;
    for (size_t i = 0; own[i] && n + 1 < cap; i++)
        known[n++] = own[i];
    for (size_t i = 0; fc_stages[i]; i++)
        for (size_t k = 0; fc_stages[i]->sections[k] && n + 1 < cap; k++)
            known[n++] = fc_stages[i]->sections[k];
    known[n] = NULL;
}

fc_status
fc_chain_configure(fc_chain *ch, void *specs[], fc_err *err)
{
    const char *known[MAX_SECTIONS];
    size_t nspec = 0;
    fc_status st;

    fc_chain_sections(known, MAX_SECTIONS);
    for (size_t i = 0; fc_stages[i]; i++)
        specs[i] = NULL;
    for (size_t i = 0; fc_stages[i]; i++) {
        if ((st = fc_stages[i]->configure(ch, &specs[i], err)) != FC_OK) {
            /* "needs X" (no line) is often a misspelt X: name the misspelling instead */
            fc_err typo = {0};
            if (err->line == 0 && fc_scn_unused(ch->scn, known, &typo) != FC_OK)
                *err = typo;
            return err->status;
        }
        nspec += specs[i] != NULL;
    }
    if ((st = fc_scn_unused(ch->scn, known, err)) != FC_OK)
        return st;
    if (nspec == 0)
        return fc_scn_fail_file(ch->scn, err, "nothing to run: add a [projection] or [pbma] "
                                "section");
    return FC_OK;
}

fc_status
fc_chain_run(fc_chain *ch, void *specs[], fc_err *err)
{
    fc_status st;
    for (size_t i = 0; fc_stages[i]; i++) {
        if (specs[i] == NULL)
            continue;
        fc_log_stage_begin(ch->log, fc_stages[i]->name);
        if ((st = fc_stages[i]->run(ch, specs[i], err)) != FC_OK)
            return st;
        fc_log_stage_end(ch->log, fc_stages[i]->name);
    }
    return FC_OK;
}

fc_status
fc_chain_check(fc_chain *ch, void *specs[], fc_problem_fn problem, void *ctx)
{
    const char *known[MAX_SECTIONS];
    fc_status first = FC_OK;
    size_t nspec = 0;
    fc_err err;

    fc_chain_sections(known, MAX_SECTIONS);
    for (size_t i = 0; fc_stages[i]; i++)
        specs[i] = NULL;
    for (size_t i = 0; fc_stages[i]; i++) {
        const fc_stage *sg = fc_stages[i];
        fc_err_clear(&err);
        if (sg->configure(ch, &specs[i], &err) == FC_OK && specs[i] && sg->check)
            sg->check(ch, specs[i], &err);
        if (err.status != FC_OK) {
            problem(ctx, sg->name, &err);
            if (first == FC_OK)
                first = err.status;
            if (specs[i]) {
                sg->spec_free(specs[i]);
                specs[i] = NULL;
            }
            nspec++; /* asked for, though wrongly */
        }
        nspec += specs[i] != NULL;
    }
    /* every unknown key, not just the first: fc_scn_unused names the first unused entry, so
     * mark that one and look again */
    for (;;) {
        size_t k = 0;
        fc_err_clear(&err);
        if (fc_scn_unused(ch->scn, known, &err) == FC_OK)
            break;
        problem(ctx, NULL, &err);
        if (first == FC_OK)
            first = err.status;
        while (k < ch->scn->n && ch->scn->e[k].used)
            k++;
        if (k == ch->scn->n)
            break;
        ch->scn->e[k].used = 1;
    }
    if (nspec == 0 && first == FC_OK) {
        fc_err_clear(&err);
        fc_scn_fail_file(ch->scn, &err, "nothing to run: add a [projection] or [pbma] "
                         "section");
        problem(ctx, NULL, &err);
        first = err.status;
    }
    return first;
}

void
fc_chain_fini(fc_chain *ch, void *specs[])
{
    for (size_t i = 0; fc_stages[i]; i++) {
        if (specs[i])
            fc_stages[i]->spec_free(specs[i]);
        specs[i] = NULL;
    }
    if (ch->projection && ch->projection_free)
        ch->projection_free(ch->projection);
    ch->projection = NULL;
}

/* ---------------------------------------------------------------- `fulcrum run` */

#define MAX_STAGES (sizeof fc_stages / sizeof fc_stages[0])

static fc_status
cmd_run(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const char *scn_path = NULL, *out = NULL;
    fc_scenario scn;
    fc_chain ch;
    void *specs[MAX_STAGES];
    fc_status st;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0) {
            if (++i == argc)
                return FC_FAIL(err, FC_EUSAGE, "option '--out' needs a value");
            out = argv[i];
        } else if (strncmp(argv[i], "--out=", 6) == 0) {
            out = argv[i] + 6;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return FC_FAIL(err, FC_EUSAGE, "unknown option '%s'", argv[i]);
        } else if (scn_path) {
            return FC_FAIL(err, FC_EUSAGE, "one scenario file at a time");
        } else {
            scn_path = argv[i];
        }
    }
    if (scn_path == NULL)
        return FC_FAIL(err, FC_EUSAGE, "missing the scenario file");

    memset(&ch, 0, sizeof ch);
    memset(specs, 0, sizeof specs);
    if ((st = fc_scenario_read(scn_path, &scn, err)) == FC_OK) {
        char dflt[FC_SCN_PATH_MAX + 8];
        snprintf(dflt, sizeof dflt, "out/%s", scn.name);
        if (!out)
            out = scn.out ? scn.out : dflt;
        ch.scn = &scn;
        ch.warn = warn;
        ch.seed = scn.seed;
        if ((st = fc_chain_configure(&ch, specs, err)) == FC_OK &&
            (st = fc_out_open(out, &ch.o, err)) == FC_OK &&
            (st = fc_chain_run(&ch, specs, err)) == FC_OK)
            st = fc_out_commit(ch.o, err);
        fc_out_free(ch.o);
    }
    fc_chain_fini(&ch, specs);
    fc_scenario_free(&scn);
    return st;
}

const fc_cmd fc_cmd_def_run = {
    "run",
    cmd_run,
    "run a scenario file through the whole chain",
    "fulcrum run SCENARIO [--out DIR]",
    "Reads the scenario file (INI; see README 'Scenario files') and runs every stage it\n"
    "configures, in chain order, writing the outputs to DIR (default: the scenario's [run]\n"
    "out, else out/<name>). Every section is checked before anything runs; an unknown\n"
    "section or key is an error. `include = FILE` in any section splices in a base scenario\n"
    "whose values later lines override. Paths are relative to the file they are written in.\n\n"
    "example:\n"
    "  fulcrum run datasets/example.ini --out out/example\n",
};
