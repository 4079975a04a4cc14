/* verify.c: `fulcrum verify DIR`: checks that the inputs DIR/manifest.json records are
 * unchanged, reruns the run it describes into a temporary folder, and confirms that every
 * output has the recorded SHA-256, naming each file that differs. */
#define _XOPEN_SOURCE 700 /* nftw, mkdtemp */
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/chain/batch.h"
#include "engine/cli/cli.h"
#include "engine/cli/log.h"
#include "engine/cli/opts.h"
#include "engine/io/manifest.h"
#include "engine/io/out.h"
#include "engine/cli/version.h"

static char *
join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

/* The first line at which two files differ (1-based), or 0 when one cannot be read. */
static size_t
first_diff_line(const char *a, const char *b)
{
    const char *why;
    int wrong;
    FILE *fa = fc_fopen_input(a, &why, &wrong), *fb = fc_fopen_input(b, &why, &wrong);
    size_t line = 0;
    if (fa && fb) {
        int ca, cb;
        line = 1;
        do {
            ca = getc(fa);
            cb = getc(fb);
            if (ca != cb)
                break;
            if (ca == '\n')
                line++;
        } while (ca != EOF);
        if (ca == cb)
            line = 0;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return line;
}

static const fc_manifest_file *
find_file(const fc_manifest_file *f, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].path, path) == 0)
            return &f[i];
    return NULL;
}

typedef struct tally {
    size_t n;
    fc_status first;
    char names[512];
} tally;

/* Prints a problem (located at path) and counts it. */
static void note_problem(tally *t, fc_status st, const char *path, const char *what,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
note_problem(tally *t, fc_status st, const char *path, const char *what, const char *fmt, ...)
{
    fc_err e;
    char msg[FC_ERR_MSG_MAX];
    va_list ap;
    size_t k = strlen(t->names);

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fc_err_clear(&e);
    fc_err_at(&e, st, path, 0, 0, "%s", msg);
    fc_log_error(&e, NULL);
    if (t->n == 0)
        t->first = st;
    if (t->n < 5)
        snprintf(t->names + k, sizeof t->names - k, "%s%s", t->n ? ", " : "", what);
    else if (t->n == 5)
        snprintf(t->names + k, sizeof t->names - k, ", ...");
    t->n++;
}

/* Inputs: each must exist with the recorded bytes. */
static void
check_inputs(const fc_manifest *m, const char *mpath, tally *t)
{
    for (size_t i = 0; i < m->ninput; i++) {
        const fc_manifest_file *f = &m->inputs[i];
        char hex[FC_SHA256_HEX];
        unsigned long long bytes = 0;
        fc_err e;
        fc_err_clear(&e);
        if (fc_sha256_file(f->path, hex, &bytes, &e) != FC_OK) {
            note_problem(t, FC_EIO, f->path, f->path,
                         "input recorded in '%s' cannot be read "
                         "(%s); paths are relative to the folder the run was started in",
                         mpath, e.msg);
        } else if (strcmp(hex, f->sha256) != 0) {
            note_problem(t, FC_EDATA, f->path, f->path,
                         "input changed since the run recorded "
                         "in '%s' (%llu bytes, sha256 %.12s..., now %llu bytes, %.12s...)",
                         mpath, f->bytes, f->sha256, bytes, hex);
        }
    }
}

/* DIR's own outputs: still as the run wrote them? */
static void
check_kept(const fc_manifest *m, const char *dir, tally *t)
{
    for (size_t i = 0; i < m->noutput; i++) {
        const fc_manifest_file *f = &m->outputs[i];
        char hex[FC_SHA256_HEX], *path = join(dir, f->path);
        fc_err e;
        fc_err_clear(&e);
        if (path == NULL)
            continue;
        if (fc_sha256_file(path, hex, NULL, &e) != FC_OK)
            note_problem(t, FC_EIO, path, f->path,
                         "output listed in the manifest is missing or unreadable: %s", e.msg);
        else if (strcmp(hex, f->sha256) != 0)
            note_problem(t, FC_EDOM, path, f->path,
                         "changed after the run: its sha256 is not the manifest's");
        free(path);
    }
}

/* The folder holds one run: a temporary that a killed run left, or a file the manifest does
 * not list (an earlier run's, with other stages), is a problem. Hidden files other than
 * temporaries (".DS_Store") are not Fulcrum's and are ignored. */
typedef struct extra_ctx {
    const fc_manifest *m;
    const char *dir;
    tally *t;
} extra_ctx;

static void
extra_one(void *ctx, const char *name)
{
    const extra_ctx *x = ctx;
    const char *base = strrchr(name, '/');
    char *path;
    base = base ? base + 1 : name;
    if (strcmp(name, FC_MANIFEST_NAME) == 0 || find_file(x->m->outputs, x->m->noutput, name))
        return;
    if (base[0] == '.' && fc_out_tmp_pid(name) == 0)
        return;
    if ((path = join(x->dir, name)) == NULL)
        return;
    if (fc_out_tmp_pid(name))
        note_problem(x->t, FC_EDOM, path, name, "a temporary of an interrupted run: run again "
                     "into this folder (which removes it) or delete it");
    else
        note_problem(x->t, FC_EDOM, path, name, "not in the manifest: the folder mixes this "
                     "run's outputs with another run's (or other files)");
    free(path);
}

static void
check_extra(const fc_manifest *m, const char *dir, tally *t)
{
    extra_ctx x = {m, dir, t};
    fc_out_walk(dir, extra_one, &x);
}

/* The rerun's outputs against the manifest. */
static void
compare(const fc_manifest *m, const fc_manifest *re, const char *dir, const char *tmp, tally *t)
{
    for (size_t i = 0; i < m->noutput; i++) {
        const fc_manifest_file *f = &m->outputs[i];
        const fc_manifest_file *g = find_file(re->outputs, re->noutput, f->path);
        char *path = join(dir, f->path), *again = join(tmp, f->path);
        if (path == NULL || again == NULL) {
            free(path), free(again);
            continue;
        }
        if (g == NULL) {
            note_problem(t, FC_EDOM, path, f->path, "not reproduced: the rerun did not write it");
        } else if (strcmp(g->sha256, f->sha256) != 0) {
            size_t line = first_diff_line(path, again);
            if (line)
                note_problem(t, FC_EDOM, path, f->path,
                             "not reproduced: the rerun's sha256 "
                             "differs (first difference at line %zu)",
                             line);
            else
                note_problem(t, FC_EDOM, path, f->path,
                             "not reproduced: the rerun's sha256 differs (%llu bytes, rerun %llu)",
                             f->bytes, g->bytes);
        }
        free(path);
        free(again);
    }
    for (size_t i = 0; i < re->noutput; i++)
        if (find_file(m->outputs, m->noutput, re->outputs[i].path) == NULL)
            note_problem(t, FC_EDOM, dir, re->outputs[i].path,
                         "the rerun also wrote '%s', which the manifest does not list",
                         re->outputs[i].path);
}

static fc_status
cmd_verify(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const char *dir = NULL;
    char *mpath = NULL, *rpath = NULL, tmp[4096] = "";
    fc_manifest m, re;
    fc_run_plan r;
    tally t;
    fc_status st;
    int level = FC_LOG_NORMAL, keep = 0;
    size_t npos;
    const fc_opt opts[] = {
        {.name = "quiet", .type = FC_OPT_SET, .dst = &level, .lo = FC_LOG_QUIET, .shortname = 'q'},
        {.name = "verbose", .type = FC_OPT_SET, .dst = &level, .lo = FC_LOG_VERBOSE,
         .shortname = 'v'},
        FC_OPT_FLAG_("keep", &keep),
        FC_OPT_END,
    };

    memset(&m, 0, sizeof m);
    memset(&re, 0, sizeof re);
    memset(&t, 0, sizeof t);
    if ((st = fc_opts_parse(argc, argv, opts, &dir, 1, &npos, err)) != FC_OK)
        return st;
    if (npos == 0)
        return FC_FAIL(err, FC_EUSAGE, "missing the output directory to verify");
    fc_log_setup((fc_log_level)level);
    if ((mpath = join(dir, FC_MANIFEST_NAME)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = fc_manifest_read(mpath, &m, err)) != FC_OK)
        goto done;
    if (strcmp(m.version, FC_VERSION) != 0 || !m.compiler || !m.mode ||
        strcmp(m.compiler, fc_build_compiler()) != 0 || strcmp(m.mode, fc_build_mode()) != 0)
        fc_log_note("'%s' was made by fulcrum %s (%s, %s); this is fulcrum %s (%s, %s)", dir,
                    m.version, m.compiler ? m.compiler : "?", m.mode ? m.mode : "?", FC_VERSION,
                    fc_build_compiler(), fc_build_mode());

    /* 1. the inputs: a changed byte makes a rerun meaningless, so stop there */
    check_inputs(&m, mpath, &t);
    if (t.n) {
        st = FC_FAIL(err, t.first, "%zu input%s changed or missing since the run (%s): not rerun",
                     t.n, t.n > 1 ? "s" : "", t.names);
        goto done;
    }
    /* 2. the outputs kept in DIR */
    check_kept(&m, dir, &t);
    check_extra(&m, dir, &t);

    /* 3. the rerun, into a temporary folder beside nothing the user owns */
    {
        const char *base = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/fulcrum-verify-XXXXXX", base && base[0] ? base : "/tmp");
        if (mkdtemp(tmp) == NULL) {
            st = fc_err_at(err, FC_EIO, tmp, 0, 0, "cannot create a temporary folder: %s",
                           strerror(errno));
            tmp[0] = '\0';
            goto done;
        }
    }
    memset(&r, 0, sizeof r);
    r.scenario = m.scenario;
    snprintf(r.name, sizeof r.name, "%s", m.name);
    r.set = (const char *const *)m.set;
    r.nset = m.nset;
    r.sweep_param = m.sweep_param;
    r.sweep_value = m.sweep_value;
    r.sweep_index = m.sweep_index;
    fc_progress_begin(1);
    st = fc_run_make(&r, tmp, (const char *const *)m.argv, m.argc, 0, warn, err);
    fc_progress_end();
    if (st != FC_OK)
        goto done;
    if ((rpath = join(tmp, FC_MANIFEST_NAME)) == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = fc_manifest_read(rpath, &re, err)) != FC_OK)
        goto done;
    if (re.seed != m.seed)
        note_problem(&t, FC_EDOM, mpath, "seed", "the rerun's seed is %lu, the manifest's %lu",
                     re.seed, m.seed);
    compare(&m, &re, dir, tmp, &t);
    if (t.n) {
        /* outputs that differ are a failure to reproduce: exit code 1 */
        st = FC_FAIL(err, FC_EDOM, "%zu of %zu outputs do not match the manifest (%s)", t.n,
                     m.noutput, t.names);
        goto done;
    }
    fc_log_note("verified '%s': %zu inputs unchanged, %zu outputs reproduced byte for byte", dir,
                m.ninput, m.noutput);
done:
    if (tmp[0]) {
        if (keep)
            fc_log_note("the rerun is kept in '%s'", tmp);
        else
            nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    }
    free(mpath);
    free(rpath);
    fc_manifest_fini(&m);
    fc_manifest_fini(&re);
    return st;
}

const fc_cmd fc_cmd_def_verify = {
    "verify",
    cmd_verify,
    "rerun a run from DIR/manifest.json and confirm every output checksum",
    "fulcrum verify DIR [--keep] [-q | -v]",
    "Reads DIR/manifest.json (written by `fulcrum run`) and\n"
    "  1. checks every input file it lists (the scenario files and every table the run\n"
    "     read) against the recorded size and SHA-256; a changed or missing input is named\n"
    "     and nothing is rerun. Paths are as the run saw them: run verify from the folder\n"
    "     the run was started in;\n"
    "  2. checks that the outputs in DIR are still the ones the run wrote;\n"
    "  3. reruns the recorded command for this run (scenario, --set overrides, sweep value)\n"
    "     into a temporary folder and compares every output's SHA-256 with the manifest,\n"
    "     naming each file that differs and its first differing line.\n"
    "A manifest made by another version or build is noted, not refused.\n\n"
    "options:\n"
    "  --keep        keep the rerun's folder (its path is printed) instead of removing it\n"
    "  --quiet, -q   print only problems\n\n"
    "exit status: 0 verified; 1 an output was not reproduced or was changed after the run;\n"
    "2 usage; 3 an input changed since the run, or the manifest is malformed; 4 an input or\n"
    "the manifest cannot be read\n\n"
    "examples:\n"
    "  fulcrum run datasets/example.ini --out out/example\n"
    "  fulcrum verify out/example\n",
};
