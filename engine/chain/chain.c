/* chain.c: the table of stages and the chain that configures, checks and runs them (see
 * chain.h; `fulcrum run` is engine/chain/batch.c). */
#include "engine/chain/chain.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "engine/cli/cli.h"
#include "engine/cli/log.h"
#include "engine/par/par.h"

/* Chain order: later stages may use what earlier ones left on the chain. */
const fc_stage *const fc_stages[] = {
    &fc_stage_projection,
    &fc_stage_need,
    &fc_stage_activity,
    &fc_stage_standardise,
    &fc_stage_finance,
    &fc_stage_pbma,
    &fc_stage_draws,    /* Monte Carlo draws of the stages above (engine/draws/draws.c) */
    &fc_stage_appendix, /* last: draws from every table the stages before it wrote */
    NULL,
};

#define MAX_SECTIONS 64

void
fc_chain_sections(const char *known[], size_t cap)
{
    static const char *const own[] = {"run", "sweep", "output", NULL};
    size_t n = 0;
    for (size_t i = 0; own[i] && n + 1 < cap; i++)
        known[n++] = own[i];
    for (size_t i = 0; fc_stages[i]; i++)
        for (size_t k = 0; fc_stages[i]->sections[k] && n + 1 < cap; k++)
            known[n++] = fc_stages[i]->sections[k];
    known[n] = NULL;
}

/* The stage that reads `section` (its `sections` list; "variant " is a prefix), or -1. */
static int
owner_of(const char *section)
{
    for (size_t i = 0; fc_stages[i]; i++)
        for (const char *const *q = fc_stages[i]->sections; q && *q; q++) {
            size_t n = strlen(*q);
            if ((*q)[n - 1] == ' ' ? strncasecmp(section, *q, n) == 0
                                   : strcasecmp(section, *q) == 0)
                return (int)i;
        }
    return -1;
}

/* With Monte Carlo draws (the draws stage configured), every uncertain number must belong to
 * a configured stage that makes its own spec for a draw (spec_for_draw); a variant's
 * probability is one number. Checked once every stage has read its numbers. */
static fc_status
drawn_numbers(const fc_chain *ch, void *specs[], fc_err *err)
{
    const fc_scenario *s = ch->scn;
    size_t id = 0;
    while (fc_stages[id] && fc_stages[id] != &fc_stage_draws)
        id++;
    if (fc_stages[id] == NULL || specs[id] == NULL)
        return FC_OK;
    for (size_t k = 0; k < s->nunc; k++) {
        const fc_scn_entry *e = &s->e[s->unc[k].entry];
        int o = owner_of(e->section);
        if (o < 0 || fc_stages[o]->spec_for_draw == NULL || specs[o] == NULL)
            return fc_scn_fail(e, err, "'%s' cannot vary across draws: the [%s] stage has "
                               "no Monte Carlo path (give one number)", e->key, e->section);
        if (strncasecmp(e->section, "variant ", 8) == 0 && strcmp(e->key, "probability") == 0)
            return fc_scn_fail(e, err, "a variant's probability must be one number");
    }
    return FC_OK;
}

fc_status
fc_chain_configure(fc_chain *ch, void *specs[], fc_err *err)
{
    const char *known[MAX_SECTIONS];
    size_t nspec = 0;
    fc_status st;

    fc_chain_sections(known, MAX_SECTIONS);
    ch->specs = specs;
    for (size_t i = 0; fc_stages[i]; i++)
        specs[i] = NULL;
    for (size_t i = 0; fc_stages[i]; i++) {
        if ((st = fc_stages[i]->configure(ch, &specs[i], err)) != FC_OK) {
            /* "needs X" (no line) is often a misspelt X: name the misspelling instead */
            fc_err typo = {0};
            if (err->line == 0 && strcmp(err->path, ch->scn->path) == 0 &&
                fc_scn_unused(ch->scn, known, &typo) != FC_OK)
                *err = typo;
            return err->status;
        }
        nspec += specs[i] != NULL;
    }
    if ((st = fc_scn_unused(ch->scn, known, err)) != FC_OK ||
        (st = drawn_numbers(ch, specs, err)) != FC_OK)
        return st;
    if (nspec == 0)
        return fc_scn_fail_file(ch->scn, err, "nothing to run: add a [projection] or [pbma] "
                                "section");
    return FC_OK;
}

/* Frees a stage's spec (NULL: nothing) with its spec_free, else free(). */
static void
spec_free(const fc_stage *sg, void *spec)
{
    if (spec && sg->spec_free)
        sg->spec_free(spec);
    else
        free(spec);
}

fc_status
fc_chain_run(fc_chain *ch, void *specs[], fc_err *err)
{
    fc_status st;
    ch->specs = specs;
    for (size_t i = 0; fc_stages[i]; i++)
        if (specs[i] && fc_stages[i]->reads && ch->o)
            fc_out_keep(ch->o, fc_stages[i]->reads);
    for (size_t i = 0; fc_stages[i]; i++) {
        /* a stage that only publishes is left to the rank that writes (fulcrum-mpi) */
        const int skip = fc_stages[i]->publishes && fc_out_discards(ch->o);
        if (specs[i] == NULL)
            continue;
        fc_log_stage_begin(ch->log, fc_stages[i]->name);
        st = skip ? FC_OK : fc_stages[i]->run(ch, specs[i], err);
        /* with several ranks, every rank runs every stage: a failure on any of them stops
         * all, with its message, before the next stage's collective steps */
        if ((st = fc_par_agree(st, err)) != FC_OK)
            return st;
        fc_log_stage_end(ch->log, fc_stages[i]->name);
    }
    return FC_OK;
}

/* Does the stage read this section? (a name ending in a space, like "variant ", is a
 * prefix) */
static int
reads_section(const fc_stage *sg, const char *section)
{
    for (size_t k = 0; sg->sections[k]; k++) {
        size_t n = strlen(sg->sections[k]);
        if (n > 0 && sg->sections[k][n - 1] == ' '
                ? strncasecmp(section, sg->sections[k], n) == 0
                : strcasecmp(section, sg->sections[k]) == 0)
            return 1;
    }
    return 0;
}

/* The check of a stage without its own: every path it resolved is a readable file. */
static fc_status
default_check(fc_chain *ch, const fc_stage *sg, fc_err *err)
{
    for (size_t i = 0; i < ch->scn->n; i++) {
        const fc_scn_entry *e = &ch->scn->e[i];
        const char *why;
        int wrong;
        FILE *fp;
        if (e->resolved == NULL || !reads_section(sg, e->section))
            continue;
        if ((fp = fc_fopen_input(e->resolved, &why, &wrong)) == NULL)
            return fc_err_at(err, FC_EIO, e->file, (size_t)(e->line > 0 ? e->line : 0), 0,
                             wrong ? "'%s' (%s) %s, not a file" : "cannot open '%s' (%s): %s",
                             e->value, e->key, why);
        fclose(fp);
    }
    return FC_OK;
}

/* The entry an error is located at (its file and line), or s->n. */
static size_t
entry_at(const fc_scenario *s, const fc_err *err)
{
    if (err->line == 0)
        return s->n;
    for (size_t k = s->n; k-- > 0;)
        if ((size_t)s->e[k].line == err->line && strcmp(s->e[k].file, err->path) == 0)
            return k;
    return s->n;
}

#define MAX_HIDDEN 64
static char hidden_section[] = "\001hidden"; /* matches no section name */

fc_status
fc_chain_check(fc_chain *ch, void *specs[], fc_problem_fn problem, void *ctx)
{
    const char *known[MAX_SECTIONS];
    fc_status first = FC_OK;
    size_t nspec = 0;
    fc_err err;

    fc_chain_sections(known, MAX_SECTIONS);
    ch->specs = specs;
    for (size_t i = 0; fc_stages[i]; i++)
        specs[i] = NULL;
    for (size_t i = 0; fc_stages[i]; i++) {
        const fc_stage *sg = fc_stages[i];
        char *saved[MAX_HIDDEN];
        size_t hidden[MAX_HIDDEN], nhid = 0;
        int asked = 0;
        /* configure; after a problem at an entry, hide that entry (as if the key were not
         * given) and configure again, so that the stage's later keys are read (not reported
         * as unknown) and its further problems found */
        for (;;) {
            fc_err_clear(&err);
            if (sg->configure(ch, &specs[i], &err) == FC_OK)
                break;
            asked = 1;
            problem(ctx, sg->name, &err);
            if (first == FC_OK)
                first = err.status;
            spec_free(sg, specs[i]);
            specs[i] = NULL;
            size_t k = entry_at(ch->scn, &err);
            if (k == ch->scn->n || nhid == MAX_HIDDEN)
                break;
            hidden[nhid] = k;
            saved[nhid++] = ch->scn->e[k].section;
            ch->scn->e[k].section = hidden_section;
        }
        if (specs[i]) {
            fc_err_clear(&err);
            if (sg->check ? sg->check(ch, specs[i], &err) : default_check(ch, sg, &err)) {
                problem(ctx, sg->name, &err);
                if (first == FC_OK)
                    first = err.status;
            }
        }
        while (nhid-- > 0) {
            ch->scn->e[hidden[nhid]].section = saved[nhid];
            ch->scn->e[hidden[nhid]].used = 1; /* reported already */
        }
        nspec += asked || specs[i] != NULL;
    }
    fc_err_clear(&err);
    if (drawn_numbers(ch, specs, &err) != FC_OK) {
        problem(ctx, "draws", &err);
        if (first == FC_OK)
            first = err.status;
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
    ch->specs = NULL;
    for (size_t i = 0; fc_stages[i]; i++) {
        spec_free(fc_stages[i], specs[i]);
        specs[i] = NULL;
    }
    if (ch->projection && ch->projection_free)
        ch->projection_free(ch->projection);
    ch->projection = NULL;
    if (ch->activity_free) {
        ch->activity_free(ch->activity);
        ch->activity_free(ch->activity_demographic);
    }
    ch->activity = ch->activity_demographic = NULL;
    if (ch->gaps && ch->gaps_free)
        ch->gaps_free(ch->gaps);
    ch->gaps = NULL;
}
