/* batch.c: expanding scenario files and sweeps into runs, making a run, and `fulcrum run`
 * spreading a batch over threads (see batch.h). */
#include "engine/chain/batch_int.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/io/xlsx.h"
#include "models/pbma.h"
#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/cli/log.h"
#include "engine/io/manifest.h"
#include "engine/draws/draws.h"
#include "engine/io/out.h"
#include "engine/chain/chain.h"

#define MAX_JOBS 16 /* fc_out's signal-safe registry holds 16 open output sets */

size_t
fc_stage_count(void)
{
    size_t n = 0;
    while (fc_stages[n])
        n++;
    return n;
}

/* ------------------------------------------------------------------------ the batch */

static fc_run_plan *
plan_new(fc_batch *b, const char *scenario, const char *const *set, size_t nset)
{
    fc_run_plan *r;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 8;
        fc_run_plan *v = realloc(b->run, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        b->run = v;
        b->cap = cap;
    }
    r = &b->run[b->n];
    memset(r, 0, sizeof *r);
    if ((r->scenario = strdup(scenario)) == NULL)
        return NULL;
    r->set = set;
    r->nset = nset;
    b->n++;
    return r;
}

fc_status
fc_batch_add(fc_batch *b, const char *scenario, const char *const *set, size_t nset, fc_err *err)
{
    fc_scenario s;
    sweep w;
    fc_err e;
    fc_run_plan *r;
    fc_status st;

    fc_err_clear(&e);
    memset(&w, 0, sizeof w);
    st = fc_scenario_read(scenario, &s, &e);
    if (st == FC_OK)
        st = bt_apply_sets(&s, set, nset, &e);
    if (st == FC_OK)
        st = fc_scn_settle(&s, &e);
    if (st == FC_OK)
        st = bt_sweep_read(&s, &w, &e);
    if (st != FC_OK || w.n == 0) {
        /* one run, or one failed run carrying the error */
        if ((r = plan_new(b, scenario, set, nset)) == NULL)
            goto nomem;
        if (st == FC_OK) {
            snprintf(r->name, sizeof r->name, "%s", s.name);
            if (s.out && (r->scn_out = strdup(s.out)) == NULL)
                goto nomem;
        } else {
            const char *slash = strrchr(scenario, '/'), *base = slash ? slash + 1 : scenario;
            snprintf(r->name, sizeof r->name, "%.*s", (int)strcspn(base, "."), base);
            r->err = e;
        }
    } else {
        for (size_t i = 0; i < w.n; i++) {
            if ((r = plan_new(b, scenario, set, nset)) == NULL)
                goto nomem;
            if (!bt_sweep_name(r->name, sizeof r->name, s.name, &w, i)) {
                snprintf(r->name, sizeof r->name, "%.100s-%zu", s.name, i + 1);
                fc_scn_fail(w.names ? w.names : w.values, &r->err,
                            "the run name for value %zu is longer than %zu characters", i + 1,
                            sizeof r->name - 1);
            }
            r->sweep_index = i;
            if ((r->sweep_param = strdup(w.param->value)) == NULL ||
                (r->sweep_value = strdup(w.value[i])) == NULL)
                goto nomem;
        }
    }
    bt_sweep_fini(&w);
    fc_scenario_free(&s);
    return FC_OK;
nomem:
    bt_sweep_fini(&w);
    fc_scenario_free(&s);
    return FC_FAIL(err, FC_ENOMEM, "out of memory");
}

fc_status
fc_batch_place(fc_batch *b, const char *out, fc_err *err)
{
    for (size_t i = 0; i < b->n; i++) {
        fc_run_plan *r = &b->run[i];
        size_t len;
        free(r->out);
        r->out = NULL;
        if (b->n == 1 && r->sweep_param == NULL) {
            const char *dir = out ? out : r->scn_out;
            if (dir) {
                r->out = strdup(dir);
            } else {
                len = strlen(r->name) + 5;
                if ((r->out = malloc(len)) != NULL)
                    snprintf(r->out, len, "out/%s", r->name);
            }
        } else {
            const char *base = out ? out : "out";
            len = strlen(base) + strlen(r->name) + 2;
            if ((r->out = malloc(len)) != NULL)
                snprintf(r->out, len, "%s/%s", base, r->name);
        }
        if (r->out == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        for (size_t k = 0; k < i; k++)
            if (strcmp(b->run[k].name, r->name) == 0)
                return FC_FAIL(err, FC_EUSAGE,
                               "two runs are named '%s' ('%s' and '%s'): give "
                               "each scenario its own [run] name",
                               r->name, b->run[k].scenario, r->scenario);
    }
    return FC_OK;
}

void
fc_batch_fini(fc_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->run[i].scenario);
        free(b->run[i].out);
        free(b->run[i].scn_out);
        free(b->run[i].sweep_param);
        free(b->run[i].sweep_value);
    }
    free(b->run);
    memset(b, 0, sizeof *b);
}

/* ------------------------------------------------------------------------ one run */

fc_status
fc_run_scenario(const fc_run_plan *r, fc_scenario *s, fc_err *err)
{
    fc_status st;
    sweep w;

    if (r->err.status != FC_OK) {
        memset(s, 0, sizeof *s);
        *err = r->err;
        return r->err.status;
    }
    if ((st = fc_scenario_read(r->scenario, s, err)) != FC_OK ||
        (st = bt_apply_sets(s, r->set, r->nset, err)) != FC_OK)
        return st;
    if (r->sweep_param) {
        if ((st = bt_sweep_read(s, &w, err)) != FC_OK)
            return st;
        if (w.n <= r->sweep_index || strcmp(w.value[r->sweep_index], r->sweep_value) != 0 ||
            strcmp(w.param->value, r->sweep_param) != 0) {
            bt_sweep_fini(&w);
            return fc_scn_fail_file(s, err, "the [sweep] no longer has %s = %s at position %zu",
                                    r->sweep_param, r->sweep_value, r->sweep_index + 1);
        }
        st = bt_set_at(s, w.section, w.key, r->sweep_value, w.values->file, w.values->line, err);
        bt_sweep_fini(&w);
        if (st != FC_OK)
            return st;
    }
    if ((st = fc_scn_settle(s, err)) != FC_OK)
        return st;
    snprintf(s->name, sizeof s->name, "%s", r->name);
    return FC_OK;
}

/* Is name one of the files o wrote? */
static int
wrote(const fc_out *o, const char *name)
{
    for (size_t i = 0; i < fc_out_nfiles(o); i++)
        if (strcmp(fc_out_name(o, i), name) == 0)
            return 1;
    return 0;
}

/* Files in the output folder, or in a subfolder the run wrote into, that the run did not
 * write: left by an earlier run with other stages, they are not in the manifest; say so. */
static void
warn_stale(const fc_out *o, fc_warnings *warn)
{
    const char *dir = fc_out_dir(o);
    char list[512] = "";
    size_t n = 0, k = 0, nf = fc_out_nfiles(o);

    for (size_t f = 0; f <= nf; f++) {
        char sub[256] = "", path[FC_SCN_PATH_MAX + 512];
        DIR *d;
        struct dirent *de;
        if (f < nf) { /* the subfolder of file f, the first time a file names it */
            const char *nm = fc_out_name(o, f), *slash = strchr(nm, '/');
            int seen = 0;
            if (slash == NULL || (size_t)(slash - nm) >= sizeof sub)
                continue;
            snprintf(sub, sizeof sub, "%.*s", (int)(slash - nm), nm);
            for (size_t g = 0; g < f && !seen; g++)
                seen = strncmp(fc_out_name(o, g), nm, (size_t)(slash - nm) + 1) == 0;
            if (seen)
                continue;
        }
        snprintf(path, sizeof path, "%s%s%s", dir, sub[0] ? "/" : "", sub);
        if ((d = opendir(path)) == NULL)
            continue;
        while ((de = readdir(d)) != NULL) {
            char name[600];
            struct stat sb;
            if (de->d_name[0] == '.')
                continue; /* ".", "..", and the hidden temporaries of runs under way */
            snprintf(name, sizeof name, "%s%s%s", sub, sub[0] ? "/" : "", de->d_name);
            snprintf(path, sizeof path, "%s/%s", dir, name);
            if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
                strcmp(name, FC_MANIFEST_NAME) == 0 || wrote(o, name))
                continue;
            if (n < 4) {
                int w = snprintf(list + k, sizeof list - k, "%s'%s'", n ? ", " : "", name);
                if (w > 0 && (size_t)w < sizeof list - k)
                    k += (size_t)w;
            }
            n++;
        }
        closedir(d);
    }
    if (n)
        fc_warn(warn, "%s: %zu file%s not written by this run (not in its manifest): %s%s", dir, n,
                n > 1 ? "s" : "", list, n > 4 ? ", ..." : "");
}

/* The outputs of the earlier run that dir's manifest records (read before this run commits
 * over it), or none: *have = 0. */
static void
earlier_run(const char *dir, fc_manifest *old, int *have, fc_warnings *warn)
{
    char path[FC_SCN_PATH_MAX + 64];
    fc_err e;
    *have = 0;
    memset(old, 0, sizeof *old);
    snprintf(path, sizeof path, "%s/%s", dir, FC_MANIFEST_NAME);
    if (access(path, F_OK) != 0)
        return;
    fc_err_clear(&e);
    if (fc_manifest_read(path, old, &e) == FC_OK)
        *have = 1;
    else
        fc_warn(warn, "%s: the earlier run's manifest cannot be read (%s): its files are kept",
                dir, e.msg);
}

/* After this run's commit, the earlier run's outputs that this run did not write again are
 * removed, so the folder holds one run (files the manifest never listed are a user's and
 * stay; warn_stale names them). Only plain names and "sub/name" are touched. */
static void
remove_earlier(const fc_out *o, const fc_manifest *old)
{
    const char *dir = fc_out_dir(o);
    size_t n = 0;
    for (size_t i = 0; i < old->noutput; i++) {
        const char *nm = old->outputs[i].path, *slash = strchr(nm, '/');
        char path[FC_SCN_PATH_MAX + 600];
        if (nm[0] == '\0' || nm[0] == '/' || nm[0] == '.' || strstr(nm, "..") ||
            (slash && strchr(slash + 1, '/')) || strcmp(nm, FC_MANIFEST_NAME) == 0 ||
            wrote(o, nm))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, nm);
        if (unlink(path) == 0)
            n++;
        if (slash) { /* its folder, when that leaves it empty */
            snprintf(path, sizeof path, "%s/%.*s", dir, (int)(slash - nm), nm);
            rmdir(path);
        }
    }
    if (n)
        fc_log_note("%s: removed %zu file%s of the earlier run there that this run does not "
                    "write", dir, n, n > 1 ? "s" : "");
}

fc_status
fc_run_make(const fc_run_plan *r, const char *out, const char *const *argv, size_t argc,
            size_t index, fc_warnings *warn, fc_err *err)
{
    fc_manifest old;
    int have_old = 0, xlsx = 0;
    size_t nstage = fc_stage_count(), nspec = 0;
    void **specs = calloc(nstage + 1, sizeof *specs);
    fc_scenario s;
    fc_chain ch;
    fc_status st;

    memset(&ch, 0, sizeof ch);
    memset(&s, 0, sizeof s);
    memset(&old, 0, sizeof old);
    if (specs == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        fc_progress_run_end(fc_progress_run(index, r->name, 0), 0);
        return st;
    }
    if ((st = fc_run_scenario(r, &s, err)) == FC_OK) {
        ch.scn = &s;
        ch.warn = warn;
        ch.seed = s.seed;
        st = fc_chain_configure(&ch, specs, err);
    }
    for (size_t i = 0; i < nstage; i++)
        nspec += specs[i] != NULL;
    ch.log = fc_progress_run(index, r->name, st == FC_OK ? nspec : 0);
    if (st == FC_OK) {
        fc_manifest_run mr = {r->name,        r->scenario,    r->set, r->nset, r->sweep_param,
                              r->sweep_value, r->sweep_index, argv,   argc};
        xlsx = s.xlsx;
        if (fc_par_rank() > 0) { /* fulcrum-mpi: rank 0 writes; the others run alongside */
            st = fc_out_open_discard(&ch.o, err);
            xlsx = 0;
        } else if ((st = fc_out_open(out ? out : r->out, &ch.o, err)) == FC_OK) {
            fc_out_digests(ch.o); /* the manifest's checksums, taken as the files are written */
            fc_out_digits(ch.o, s.digits);
            if (xlsx) /* the workbook is made from the tables, kept as they are written */
                fc_out_keep_tables(ch.o, FC_XLSX_KEEP_MAX);
            if (fc_out_cleaned(ch.o))
                fc_log_note("%s: removed %zu temporary file%s left by an interrupted run",
                            fc_out_dir(ch.o), fc_out_cleaned(ch.o),
                            fc_out_cleaned(ch.o) > 1 ? "s" : "");
            earlier_run(fc_out_dir(ch.o), &old, &have_old, warn);
        }
        st = fc_par_agree(st, err);
        if (st == FC_OK && (st = fc_chain_run(&ch, specs, err)) == FC_OK &&
            (!xlsx || (st = fc_xlsx_write(ch.o, &s, &mr, err)) == FC_OK) &&
            (fc_out_discards(ch.o) || (st = fc_manifest_write(ch.o, &s, &mr, err)) == FC_OK) &&
            (st = fc_out_commit(ch.o, err)) == FC_OK && !fc_out_discards(ch.o)) {
            if (have_old)
                remove_earlier(ch.o, &old);
            warn_stale(ch.o, warn);
        }
        fc_out_free(ch.o);
        ch.o = NULL;
    }
    st = fc_par_agree(st, err); /* (rank 0's commit) */
    fc_progress_run_end(ch.log, st == FC_OK);
    fc_chain_fini(&ch, specs);
    fc_scenario_free(&s);
    fc_manifest_fini(&old);
    free(specs);
    return st;
}

/* ------------------------------------------------------------------------ `fulcrum run` */


static void
merge_warnings(pool *p, fc_warnings *w)
{
    pthread_mutex_lock(&p->mu);
    fc_warn_merge(p->warn, w);
    pthread_mutex_unlock(&p->mu);
}

static void *
worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i;
        fc_warnings w = {0};
        pthread_mutex_lock(&p->mu);
        i = p->next++;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->b->n)
            break;
        if (i % p->nrank != p->rank)
            continue; /* (fulcrum-mpi with several runs: another rank's) */
        fc_err_clear(&p->err[i]);
        p->st[i] = fc_run_make(&p->b->run[i], NULL, p->argv, p->argc, i, &w, &p->err[i]);
        if (p->st[i] != FC_OK && p->report)
            fc_log_error(&p->err[i], p->b->run[i].name);
        merge_warnings(p, &w);
        fc_warnings_fini(&w);
    }
    return NULL;
}

static void *
worker_thread(void *arg)
{
    worker(arg);
    fc_pbma_thread_end(); /* the solver's per-thread state */
    return NULL;
}

/* The command line as the manifest records it: "fulcrum", then argv without the options that
 * change no output (-j, -q, -v), so that their use does not change manifest.json. */
static const char **
recorded_argv(int argc, char **argv, size_t *n)
{
    const char **v = calloc((size_t)argc + 2, sizeof *v);
    *n = 0;
    if (v == NULL)
        return NULL;
    v[(*n)++] = "fulcrum";
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0 || strcmp(a, "-v") == 0 ||
            strcmp(a, "--verbose") == 0 || strncmp(a, "--jobs=", 7) == 0 ||
            strncmp(a, "--threads=", 10) == 0 || (strncmp(a, "-j", 2) == 0 && a[2] != '\0'))
            continue;
        if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0 || strcmp(a, "--threads") == 0) {
            i++;
            continue;
        }
        if (strcmp(a, "--") == 0)
            continue;
        v[(*n)++] = a;
    }
    return v;
}


/* --draws N, --seed S and --raw-draws are [run] draws, seed and raw_draws: an override
 * "run.KEY=VALUE" after the --set ones (engine/draws/draws.c reads them). */
static fc_status
run_override(run_opts *o, const char *key, const char *value, fc_err *err)
{
    size_t n = strlen(key) + strlen(value) + 6;
    char *s;
    for (size_t i = 0; i < o->nown; i++)
        if (strncmp(o->own[i] + 4, key, strlen(key)) == 0 && o->own[i][4 + strlen(key)] == '=')
            return FC_FAIL(err, FC_EUSAGE, "option '--%s' given twice",
                           strcmp(key, "raw_draws") == 0 ? "raw-draws" : key);
    /* (the option names are the keys, but raw-draws) */
    if (o->nown == sizeof o->own / sizeof o->own[0] || (s = malloc(n)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    snprintf(s, n, "run.%s=%s", key, value);
    o->own[o->nown++] = s;
    o->set[o->nset++] = s;
    return FC_OK;
}

static fc_status
opt_set(void *ctx, const char *opt, const char *val, fc_err *err)
{
    run_opts *o = ctx;
    char buf[2048];
    const char *a, *b, *v;
    fc_status st = fc_set_split(val, buf, sizeof buf, &a, &b, &v, err);
    (void)opt;
    if (st == FC_OK)
        o->set[o->nset++] = val;
    return st;
}

static fc_status
opt_draws(void *ctx, const char *opt, const char *val, fc_err *err)
{
    long l;
    fc_status st = fc_opt_long(opt, val, 0, 10000000, &l, err);
    return st == FC_OK ? run_override(ctx, "draws", val, err) : st;
}

static fc_status
opt_seed(void *ctx, const char *opt, const char *val, fc_err *err)
{
    long l;
    fc_status st = fc_opt_long(opt, val, 0, 4294967295L, &l, err);
    return st == FC_OK ? run_override(ctx, "seed", val, err) : st;
}

static fc_status
opt_raw_draws(void *ctx, const char *opt, const char *val, fc_err *err)
{
    (void)opt, (void)val;
    return run_override(ctx, "raw_draws", "yes", err);
}

static fc_status
opt_xlsx(void *ctx, const char *opt, const char *val, fc_err *err)
{
    (void)opt, (void)val;
    return run_override(ctx, "xlsx", "yes", err);
}

static fc_status
opt_sensitivity(void *ctx, const char *opt, const char *val, fc_err *err)
{
    (void)opt, (void)val;
    return run_override(ctx, "sensitivity", "yes", err);
}

static fc_status
opt_threads(void *ctx, const char *opt, const char *val, fc_err *err)
{
    long l;
    fc_status st = fc_opt_long(opt, val, 1, 256, &l, err);
    (void)ctx;
    if (st == FC_OK)
        fc_mc_set_threads(l);
    return st;
}

static fc_status
parse_opts(int argc, char **argv, run_opts *o, fc_err *err)
{
    fc_status st;
    memset(o, 0, sizeof *o);
    o->level = FC_LOG_NORMAL;
    if ((o->set = calloc((size_t)argc + 1, sizeof *o->set)) == NULL ||
        (o->scn = calloc((size_t)argc + 1, sizeof *o->scn)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    const fc_opt opts[] = {
        {.name = "out", .type = FC_OPT_STR, .dst = &o->out, .shortname = 'o'},
        {.name = "jobs", .type = FC_OPT_LONG, .dst = &o->jobs, .lo = 1, .hi = 1024,
         .shortname = 'j'},
        {.name = "quiet", .type = FC_OPT_SET, .dst = &o->level, .lo = FC_LOG_QUIET,
         .shortname = 'q'},
        {.name = "verbose", .type = FC_OPT_SET, .dst = &o->level, .lo = FC_LOG_VERBOSE,
         .shortname = 'v'},
        FC_OPT_CALL_("set", opt_set, o),
        FC_OPT_CALL_("draws", opt_draws, o),
        FC_OPT_CALL_("seed", opt_seed, o),
        FC_OPT_CALL_("threads", opt_threads, o),
        FC_OPT_ACT_("raw-draws", opt_raw_draws, o),
        FC_OPT_ACT_("xlsx", opt_xlsx, o),
        FC_OPT_ACT_("sensitivity", opt_sensitivity, o),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, o->scn, (size_t)argc, &o->nscn, err)) != FC_OK)
        return st;
    if (o->nscn == 0)
        return FC_FAIL(err, FC_EUSAGE, "missing the scenario file");
    fc_log_setup(o->level);
    return FC_OK;
}

static void
opts_fini(run_opts *o)
{
    for (size_t i = 0; i < o->nown; i++)
        free(o->own[i]);
    free(o->set);
    free(o->scn);
}

/* "a, b and 2 more" into buf: the failed runs' names. */
static void
name_list(char *buf, size_t cap, const fc_batch *b, const fc_status *st)
{
    size_t k = 0, shown = 0, left = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < b->n; i++) {
        if (st[i] == FC_OK)
            continue;
        if (shown < 5) {
            int w = snprintf(buf + k, cap - k, "%s%s", shown ? ", " : "", b->run[i].name);
            if (w > 0 && (size_t)w < cap - k)
                k += (size_t)w;
            shown++;
        } else {
            left++;
        }
    }
    if (left && k < cap)
        snprintf(buf + k, cap - k, " and %zu more", left);
}

static fc_status
cmd_run(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    run_opts o;
    fc_batch b = {0};
    pool p;
    pthread_t th[MAX_JOBS];
    size_t nth = 0, nfail = 0, first = 0;
    const char **rec = NULL;
    size_t nrec = 0;
    fc_status st;

    memset(&p, 0, sizeof p);
    /* recorded before the option parser (getopt_long) permutes argv */
    if ((rec = recorded_argv(argc, argv, &nrec)) == NULL) {
        memset(&o, 0, sizeof o);
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = parse_opts(argc, argv, &o, err)) != FC_OK)
        goto done;
    if (fc_par_world_rank() > 0)
        fc_log_setup(FC_LOG_QUIET); /* rank 0 speaks for the job */
    for (size_t i = 0; i < o.nscn && st == FC_OK; i++)
        st = fc_batch_add(&b, o.scn[i], o.set, o.nset, err);
    if (st != FC_OK || (st = fc_batch_place(&b, o.out, err)) != FC_OK)
        goto done;
    if ((p.st = calloc(b.n, sizeof *p.st)) == NULL ||
        (p.err = calloc(b.n, sizeof *p.err)) == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    p.b = &b;
    p.argv = rec;
    p.argc = nrec;
    p.warn = warn;
    p.report = b.n > 1;
    p.rank = 0;
    p.nrank = 1;
    if (fc_par_world_size() > 1 && b.n > 1) {
        /* fulcrum-mpi with several runs: run i is rank (i mod ranks)'s, whole (its draws on
         * that rank's threads) */
        fc_par_set_solo(1);
        p.rank = (size_t)fc_par_world_rank();
        p.nrank = (size_t)fc_par_world_size();
    }
    pthread_mutex_init(&p.mu, NULL);
    if (o.jobs == 0) { /* the cores, shared among the ranks on this machine */
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN) / fc_par_local_size();
        o.jobs = ncpu > 0 ? ncpu : 1;
    }
    if (o.jobs > MAX_JOBS)
        o.jobs = MAX_JOBS;
    fc_progress_begin(b.n);
    if (o.jobs == 1 || b.n == 1) {
        worker(&p);
    } else {
        for (nth = 0; nth < (size_t)o.jobs && nth < b.n; nth++)
            if (pthread_create(&th[nth], NULL, worker_thread, &p) != 0)
                break;
        if (nth == 0)
            worker(&p);
        for (size_t i = 0; i < nth; i++)
            pthread_join(th[i], NULL);
    }
    fc_progress_end();
    pthread_mutex_destroy(&p.mu);
    if (p.nrank > 1) { /* every rank learns every run's status (each set by its own rank) */
        int *code = calloc(b.n, sizeof *code);
        if (code == NULL) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < b.n; i++)
            code[i] = (int)p.st[i];
        fc_par_world_max(code, b.n);
        for (size_t i = 0; i < b.n; i++)
            p.st[i] = (fc_status)code[i];
        free(code);
        fc_par_set_solo(0);
    }

    for (size_t i = b.n; i-- > 0;)
        if (p.st[i] != FC_OK) {
            nfail++;
            first = i;
        }
    if (b.n == 1) {
        st = p.st[0];
        if (st != FC_OK)
            *err = p.err[0];
        else
            fc_log_verbose("wrote %s", b.run[0].out);
    } else if (nfail) {
        char names[512];
        name_list(names, sizeof names, &b, p.st);
        st = p.st[first];
        fc_err_clear(err);
        FC_FAIL(err, st, "%zu of %zu runs failed: %s", nfail, b.n, names);
    } else {
        fc_log_verbose("%zu runs done, in %s", b.n, o.out ? o.out : "out");
    }
done:
    free(p.st);
    free(p.err);
    free(rec);
    fc_batch_fini(&b);
    opts_fini(&o);
    return st;
}

const fc_cmd fc_cmd_def_run = {
    "run",
    cmd_run,
    "run scenario files and sweeps through the whole chain, in parallel",
    "fulcrum run SCENARIO... [--out DIR] [--set SECTION.KEY=VALUE]... [-j N] [-q | -v]\n"
    "            [--draws N [--seed S] [--threads T] [--raw-draws]] [--sensitivity] [--xlsx]",
    "Reads each scenario file (INI; see docs/scenario.md) and runs every stage it\n"
    "configures, in chain order, writing the outputs and manifest.json. Every section is\n"
    "checked before anything runs; an unknown section or key is an error naming its line.\n"
    "`include = FILE` in any section splices in a base scenario whose values later lines\n"
    "override. Paths are relative to the file they are written in.\n\n"
    "One scenario writes into DIR (default: its [run] out, else out/<name>). Several, or a\n"
    "scenario with a [sweep] section, write into DIR/<run name> each (DIR default: out):\n"
    "  [sweep]\n"
    "  parameter = pbma.budget             ; SECTION.KEY to vary\n"
    "  values = 800000, 1000000, 1200000    ; one run per value\n"
    "  names = low, central, high           ; optional: runs <name>-low, ... (else -<value>)\n"
    "Runs are spread over threads (outputs are byte-identical whatever their number); a run\n"
    "that fails is reported naming it, and the others finish. Outputs are written under\n"
    "temporary names and renamed into place only when the whole run succeeded.\n\n"
    "DIR/manifest.json records the Fulcrum version and build, the command line, the resolved\n"
    "scenario and defaults, the seed and the SHA-256 of every input and output file; `fulcrum\n"
    "verify DIR` reruns it.\n\n"
    "Uncertainty: any number in a scenario may be an 80% interval `[lo, hi]` (Normal, sd\n"
    "(hi - lo) / 2.5631, kept in the key's range) or normal(mean, sd), lognormal(meanlog,\n"
    "sdlog), gamma(shape, scale), beta(a, b), triangular(min, mode, max). The run itself is\n"
    "the principal (every such value at its median); with --draws N, draws 1..N are Monte\n"
    "Carlo runs through projection, activity, money and the PBMA portfolio, summarised in\n"
    "*_summary.csv (principal, mean, p10, p50, p90); see docs/uncertainty.md. With\n"
    "--sensitivity, each uncertain number is set to its p10 and then its p90, the others at\n"
    "their medians, and sensitivity.csv gives the funding gap, each programme's gap, the best\n"
    "set's net benefit, the people aged 75+ and the options that enter or leave the set at\n"
    "each end, and the swing: which assumption matters.\n\n"
    "options:\n"
    "  --out DIR, -o DIR   output directory (created if needed)\n"
    "  --set S.K=V         override key K of section S (repeatable; applied after the file\n"
    "                      and its includes, before a sweep's value)\n"
    "  --jobs N, -j N      runs at a time (default: the number of cores, at most 16)\n"
    "  --quiet, -q         no progress display, notes or timings (errors and warnings stay)\n"
    "  --verbose, -v       log each stage's wall time\n"
    "  --draws N           Monte Carlo draws after the principal ([run] draws; default 0)\n"
    "  --seed S            random seed ([run] seed; default 1)\n"
    "  --threads T         threads for the draws (default: every core); the outputs do not\n"
    "                      depend on it\n"
    "  --raw-draws         also write every draw (*_draws.csv; [run] raw_draws = yes)\n"
    "  --sensitivity       one-way sensitivity: sensitivity.csv ([run] sensitivity = yes)\n"
    "  --xlsx              also write outputs.xlsx, every table as a sheet of one Excel\n"
    "                      workbook ([run] xlsx = yes)\n"
    "A progress line (runs, stage, ETA) is drawn on stderr when it is a terminal.\n\n"
    "exit status: 0 all runs succeeded; otherwise the code of the first failed run (1 model\n"
    "failure, 2 usage, 3 bad input data, 4 I/O error)\n\n"
    "examples:\n"
    "  fulcrum run datasets/example.ini --out out/example\n"
    "  fulcrum run datasets/example.ini --set pbma.budget=1200000 --out out/high-budget\n"
    "  fulcrum run datasets/example_sweep.ini -j 2 --out out/sweep\n"
    "  fulcrum run datasets/example.ini --draws 200 --seed 7 --out out/draws\n"
    "  fulcrum run datasets/example_uncertain.ini --draws 0 --sensitivity --out out/sens\n",
};

