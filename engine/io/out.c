/* out.c: the atomic output directory: a set of files published whole or not at all, its
 * kept tables, digests and facts (see out.h; the writers are in write.c). */
#include "engine/io/out_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#define MAX_OPEN_SETS 16

/* Temporary paths of open sets, for the SIGINT/SIGTERM handler: fixed storage so that the
 * handler needs no allocation. Each set writes only its own slot; claiming a slot takes
 * registry_mu. */
#define MAX_TMP 256 /* files per set: the appendix adds three per chart */
static char tmp_registry[MAX_OPEN_SETS][MAX_TMP][1024];
static volatile sig_atomic_t tmp_used[MAX_OPEN_SETS];
static size_t tmp_dirlen[MAX_OPEN_SETS]; /* the length of each set's folder path */
static volatile sig_atomic_t tmp_made[MAX_OPEN_SETS]; /* the set made its folder */
static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t sets_committed; /* sets published by this process */

/* The handler and the threads that create or rename files exclude each other: a thread
 * creating a temporary (register, then open) or publishing a set (the renames) holds `busy`
 * with the handled signals blocked in itself, and stops for good once `aborting` is set; the
 * handler, on another thread, sets `aborting`, waits for `busy` to drain, and only then
 * removes what the registry names. Without it, a run of a batch could create a temporary just
 * after the handler had removed the others, and leave it behind (seen under load in
 * tests/cli/faults.sh). Lock-free atomics are async-signal-safe. */
static atomic_int busy, aborting;

static void
critical_enter(sigset_t *old)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, old);
    atomic_fetch_add(&busy, 1);
    if (atomic_load(&aborting)) { /* the process is exiting: create or publish nothing */
        atomic_fetch_sub(&busy, 1);
        for (;;)
            pause();
    }
}

static void
critical_leave(const sigset_t *old)
{
    atomic_fetch_sub(&busy, 1);
    pthread_sigmask(SIG_SETMASK, old, NULL);
}


static char *
join(const char *dir, const char *name, const char *prefix, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(prefix) + strlen(suffix) + 3;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s%s", dir, prefix, name, suffix);
    return p;
}

static int
mkdir_p(const char *dir)
{
    char *p = strdup(dir), *s;
    int rc = 0;
    if (p == NULL || p[0] == '\0') { /* (an empty path: the loop below would start past it) */
        free(p);
        errno = ENOENT;
        return -1;
    }
    for (s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                rc = -1;
                break;
            }
            *s = '/';
        }
    }
    if (rc == 0 && mkdir(p, 0777) == 0)
        rc = 1; /* made the folder itself */
    else if (rc == 0 && errno != EEXIST)
        rc = -1;
    free(p);
    return rc;
}

size_t
fc_out_cleaned(const fc_out *o)
{
    return o->cleaned;
}

/* Removes name when it is the temporary of a run that is no longer running. */
static void
clean_one(void *ctx, const char *name)
{
    fc_out *o = ctx;
    long pid = fc_out_tmp_pid(name);
    char path[4096];
    if (pid == 0 || pid == (long)getpid() || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
        return; /* not a temporary, ours, or of a run still going */
    if (snprintf(path, sizeof path, "%s/%s", o->dir, name) < (int)sizeof path &&
        unlink(path) == 0)
        o->cleaned++;
}

fc_status
fc_out_open(const char *dir, fc_out **result, fc_err *err)
{
    struct stat sb;
    fc_out *o;
    int made;

    *result = NULL;
    if (dir == NULL || dir[0] == '\0')
        return FC_FAIL(err, FC_EUSAGE, "the output folder is an empty path: give a folder "
                       "name (--out DIR)");
    if ((made = mkdir_p(dir)) < 0 || stat(dir, &sb) != 0)
        return fc_err_at(err, FC_EIO, dir, 0, 0, "cannot create output directory: %s",
                         strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return fc_err_at(err, FC_EIO, dir, 0, 0, "output path exists and is not a directory");
    if (access(dir, W_OK | X_OK) != 0)
        return fc_err_at(err, FC_EIO, dir, 0, 0, "output directory is not writable: %s",
                         strerror(errno));
    if ((o = calloc(1, sizeof *o)) == NULL || (o->dir = strdup(dir)) == NULL) {
        free(o);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    o->slot = -1;
    o->made_dir = made > 0;
    fc_out_walk(dir, clean_one, o); /* temporaries a killed run left */
    /* runs of a batch open their sets from several threads */
    pthread_mutex_lock(&registry_mu);
    for (int i = 0; i < MAX_OPEN_SETS; i++) {
        if (tmp_used[i] == 0) {
            o->slot = i;
            tmp_dirlen[i] = strlen(dir);
            tmp_made[i] = made > 0;
            tmp_registry[i][0][0] = '\0';
            tmp_used[i] = 1;
            break;
        }
    }
    pthread_mutex_unlock(&registry_mu);
    *result = o;
    return FC_OK;
}

fc_status
fc_out_open_discard(fc_out **result, fc_err *err)
{
    fc_out *o;
    *result = NULL;
    if ((o = calloc(1, sizeof *o)) == NULL || (o->dir = strdup("(not written: rank > 0)")) == NULL) {
        free(o);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    o->slot = -1;
    o->discard = 1;
    *result = o;
    return FC_OK;
}

int
fc_out_discards(const fc_out *o)
{
    return o != NULL && o->discard;
}

static void
registry_add(fc_out *o, const char *tmp)
{
    if (o->slot < 0 || o->n > MAX_TMP)
        return;
    snprintf(tmp_registry[o->slot][o->n - 1], sizeof tmp_registry[0][0], "%s", tmp);
    if (o->n < MAX_TMP)
        tmp_registry[o->slot][o->n][0] = '\0';
}
/* Registers w's temporary and creates it, as one step for the signal handler. */
/* The test hook FC_TEST_READY_FD=N (for the signal tests, never set in use): once the run's
 * first temporary output exists, write "ready" to file descriptor N, close it, and wait up
 * to 60 s for a signal. A test interrupts the run at exactly this point, mid-write, instead
 * of sleeping and hoping the run is there; without a signal the run carries on. */
static void
test_ready(void)
{
    static atomic_int done;
    const char *s = getenv("FC_TEST_READY_FD");
    char *end;
    long fd;
    if (s == NULL || atomic_exchange(&done, 1))
        return;
    fd = strtol(s, &end, 10);
    if (*end != '\0' || fd < 3 || fd > 1023)
        return;
    if (write((int)fd, "ready\n", 6) != 6) {
        /* the test went away: carry on */
    }
    close((int)fd);
    for (int i = 0; i < 6000; i++) { /* a handled signal ends the process in its handler */
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
}

static int
create_tmp(fc_out *o, fc_writer *w)
{
    sigset_t old;
    critical_enter(&old);
    registry_add(o, w->tmp);
    w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    critical_leave(&old);
    return w->fd;
}

/* A SHA-256 context started, or NULL when out of memory. */
static EVP_MD_CTX *
digest_new(void)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(md);
        md = NULL;
    }
    return md;
}

fc_status
fc_out_file(fc_out *o, const char *name, fc_writer **result, fc_err *err)
{
    return fc_out_file_in(o, NULL, name, result, err);
}


static void
close_all(fc_out *o)
{
    for (size_t i = 0; i < o->n; i++) {
        fc_writer *w = o->w[i];
        if (w->fd >= 0) {
            fc_w_flush(w);
            if (close(w->fd) != 0 && w->err == 0)
                w->err = errno;
            w->fd = -1;
        }
    }
}

fc_status
fc_out_commit(fc_out *o, fc_err *err)
{
    close_all(o);
    if (o->discard) {
        o->committed = 1;
        return FC_OK;
    }
    for (size_t i = 0; i < o->n; i++) {
        if (o->w[i]->err == EDOM) {
            fc_err_at(err, FC_EDOM, o->w[i]->final, 0, 0, "a computed value is not a finite "
                      "number (NaN or infinity); nothing was written");
            fc_out_abort(o);
            return FC_EDOM;
        }
        if (o->w[i]->err) {
            fc_err_at(err, FC_EIO, o->w[i]->final, 0, 0, "cannot write: %s",
                      strerror(o->w[i]->err));
            fc_out_abort(o);
            return FC_EIO;
        }
    }
    /* A set is published whole or not at all: the signals main() handles wait until the
     * renames are done (a handler on another thread waits for them, see critical_enter), and
     * a failed rename takes back the ones before it. */
    sigset_t old;
    critical_enter(&old);
    for (size_t i = 0; i < o->n; i++) {
        if (rename(o->w[i]->tmp, o->w[i]->final) != 0) {
            int e = errno;
            for (size_t j = 0; j < i; j++)
                unlink(o->w[j]->final);
            fc_err_at(err, FC_EIO, o->w[i]->final, 0, 0, "cannot rename into place: %s%s",
                      strerror(e), i ? " (the files renamed before it were removed)" : "");
            fc_out_abort(o);
            critical_leave(&old);
            return FC_EIO;
        }
        if (o->slot >= 0 && i < MAX_TMP)
            snprintf(tmp_registry[o->slot][i], sizeof tmp_registry[0][0], "%s", o->w[i]->final);
    }
    o->committed = 1;
    sets_committed = 1;
    if (o->slot >= 0) {
        tmp_registry[o->slot][0][0] = '\0';
        tmp_used[o->slot] = 0;
        o->slot = -1;
    }
    critical_leave(&old);
    return FC_OK;
}

void
fc_out_abort(fc_out *o)
{
    if (o == NULL || o->committed)
        return;
    close_all(o);
    if (o->discard)
        return;
    for (size_t i = 0; i < o->n; i++)
        unlink(o->w[i]->tmp);
    /* subfolders fc_out_file_in made (left alone when they hold other files) */
    for (size_t i = 0; i < o->n; i++) {
        char *slash = strrchr(o->w[i]->name, '/') ? strrchr(o->w[i]->final, '/') : NULL;
        if (slash) {
            *slash = '\0';
            rmdir(o->w[i]->final);
            *slash = '/';
        }
    }
    if (o->made_dir) /* the folder itself, made for this run, when nothing else is in it */
        rmdir(o->dir);
}

void
fc_out_free(fc_out *o)
{
    if (o == NULL)
        return;
    fc_out_abort(o);
    if (o->slot >= 0)
        tmp_used[o->slot] = 0;
    for (size_t i = 0; i < o->n; i++) {
        free(o->w[i]->tmp);
        free(o->w[i]->final);
        free(o->w[i]->name);
        free(o->w[i]->buf);
        free(o->w[i]->kept);
        EVP_MD_CTX_free(o->w[i]->md);
        free(o->w[i]);
    }
    free(o->w);
    free(o->dir);
    free(o);
}

const char *
fc_out_dir(const fc_out *o)
{
    return o->dir;
}

size_t
fc_out_nfiles(const fc_out *o)
{
    return o->n;
}

const char *
fc_out_name(const fc_out *o, size_t i)
{
    return o->w[i]->name;
}

int
fc_out_any_committed_signal_safe(void)
{
    return sets_committed != 0;
}

void
fc_out_abort_all_signal_safe(void)
{
    atomic_store(&aborting, 1);
    while (atomic_load(&busy) > 0)
        ; /* a create or a commit on another thread finishes (it cannot be this one's: the
             signals are blocked inside) */
    for (int s = 0; s < MAX_OPEN_SETS; s++) {
        if (!tmp_used[s])
            continue;
        for (int i = 0; i < MAX_TMP && tmp_registry[s][i][0]; i++)
            unlink(tmp_registry[s][i]);
        /* then the subfolders the set wrote into (charts/), when that leaves them empty */
        for (int i = 0; i < MAX_TMP && tmp_registry[s][i][0]; i++) {
            char sub[sizeof tmp_registry[0][0]];
            size_t n = 0, last = 0;
            for (; tmp_registry[s][i][n] && n + 1 < sizeof sub; n++) {
                sub[n] = tmp_registry[s][i][n];
                if (sub[n] == '/')
                    last = n;
            }
            if (last > tmp_dirlen[s]) { /* "dir/sub/.name.tmp.pid" */
                sub[last] = '\0';
                rmdir(sub);
            }
        }
        if (tmp_made[s] && tmp_registry[s][0][0] && tmp_dirlen[s] < sizeof tmp_registry[0][0]) {
            char dir[sizeof tmp_registry[0][0]];
            for (size_t n = 0; n < tmp_dirlen[s]; n++)
                dir[n] = tmp_registry[s][0][n];
            dir[tmp_dirlen[s]] = '\0';
            rmdir(dir);
        }
    }
}


/* ---------------------------------------------- kept tables, digests, subfolders */

void
fc_out_keep(fc_out *o, const char *const *names)
{
    if (o->nkeep < sizeof o->keep / sizeof o->keep[0])
        o->keep[o->nkeep++] = names;
}

int
fc_out_kept(fc_out *o, const char *name, const char **bytes, size_t *len, const char **path)
{
    for (size_t i = 0; o && i < o->n; i++) {
        fc_writer *w = o->w[i];
        if (strcmp(w->name, name) != 0)
            continue;
        if (w->over) {
            errno = EFBIG;
            return -1;
        }
        if (!w->keep)
            break;
        if (w->fd >= 0)
            fc_w_flush(w);
        *path = w->final;
        if (w->err) {
            errno = w->err;
            return -1;
        }
        *bytes = w->kept ? w->kept : "";
        *len = w->nkept;
        return 0;
    }
    errno = ENOENT;
    return -1;
}

void
fc_out_keep_tables(fc_out *o, size_t max_bytes)
{
    o->keep_csv_max = max_bytes;
}

fc_status
fc_out_external(fc_out *o, const char *name, const char **tmp, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    if (o->discard)
        return FC_FAIL(err, FC_EINVAL, "output '%s': a discarding set has no files", name);
    if ((st = fc_out_file_in(o, NULL, name, &w, err)) != FC_OK)
        return st;
    close(w->fd); /* the library opens it by name */
    w->fd = -1;
    w->keep = 0;
    *tmp = w->tmp;
    return FC_OK;
}

fc_status
fc_out_external_done(fc_out *o, const char *name, fc_err *err)
{
    for (size_t i = 0; i < o->n; i++) {
        fc_writer *w = o->w[i];
        char buf[1 << 16];
        ssize_t k;
        int fd;
        if (strcmp(w->name, name) != 0)
            continue;
        /* the checksum for the manifest: the one output hashed after it was written, as its
         * library writes by file name (libxlsxwriter before 1.1.5 has no memory output) */
        if ((fd = open(w->tmp, O_RDONLY | O_CLOEXEC)) < 0)
            return fc_err_at(err, FC_EIO, w->final, 0, 0, "cannot read back: %s",
                             strerror(errno));
        w->bytes = 0;
        while ((k = read(fd, buf, sizeof buf)) > 0) {
            if (w->md && EVP_DigestUpdate(w->md, buf, (size_t)k) != 1)
                k = -1, errno = EIO;
            if (k < 0)
                break;
            w->bytes += (unsigned long long)k;
        }
        int e = errno;
        close(fd);
        if (k < 0)
            return fc_err_at(err, FC_EIO, w->final, 0, 0, "cannot read back: %s", strerror(e));
        return FC_OK;
    }
    return FC_FAIL(err, FC_EINVAL, "no output '%s'", name);
}

void
fc_out_fact(fc_out *o, const char *key, double v)
{
    size_t i = 0;
    while (i < o->nfact && strcmp(o->fact[i].key, key) != 0)
        i++;
    if (i == sizeof o->fact / sizeof o->fact[0])
        return;
    snprintf(o->fact[i].key, sizeof o->fact[i].key, "%s", key);
    o->fact[i].v = v;
    if (i == o->nfact)
        o->nfact++;
}

int
fc_out_fact_get(const fc_out *o, size_t i, const char **key, double *v)
{
    if (i >= o->nfact)
        return -1;
    *key = o->fact[i].key;
    *v = o->fact[i].v;
    return 0;
}

void
fc_out_digests(fc_out *o)
{
    o->digests = 1;
}

int
fc_out_digest(fc_out *o, const char *name, unsigned char sha256[32], unsigned long long *bytes)
{
    for (size_t i = 0; o && i < o->n; i++) {
        fc_writer *w = o->w[i];
        unsigned int len = 0;
        int ok;
        if (strcmp(w->name, name) != 0)
            continue;
        if (w->fd >= 0)
            fc_w_flush(w);
        if (w->err) {
            errno = w->err;
            return -1;
        }
        if (w->md == NULL) { /* started before fc_out_digests */
            errno = EINVAL;
            return -1;
        }
        EVP_MD_CTX *copy = EVP_MD_CTX_new(); /* the writer's own context goes on */
        ok = copy && EVP_MD_CTX_copy_ex(copy, w->md) == 1 &&
             EVP_DigestFinal_ex(copy, sha256, &len) == 1 && len == 32;
        EVP_MD_CTX_free(copy);
        if (!ok) {
            errno = ENOMEM;
            return -1;
        }
        *bytes = w->bytes;
        return 0;
    }
    errno = ENOENT;
    return -1;
}

/* Is name (a plain name, or "sub/name") one of the names the set keeps? */
static int
kept_name(const fc_out *o, const char *name)
{
    for (size_t k = 0; k < o->nkeep; k++)
        for (const char *const *n = o->keep[k]; *n; n++)
            if (strcmp(*n, name) == 0)
                return 1;
    return 0;
}

fc_status
fc_out_file_in(fc_out *o, const char *sub, const char *name, fc_writer **result, fc_err *err)
{
    fc_writer *w;
    char suffix[48], *subdir, *full;
    size_t n;

    *result = NULL;
    if (sub == NULL && strchr(name, '/'))
        return FC_FAIL(err, FC_EINVAL, "output name '%s' must be a plain file name", name);
    if (sub && (sub[0] == '\0' || strchr(sub, '/') || strcmp(sub, ".") == 0 ||
                strcmp(sub, "..") == 0 || strchr(name, '/')))
        return FC_FAIL(err, FC_EINVAL, "output '%s/%s' must be a plain folder and file name",
                       sub, name);
    n = (sub ? strlen(sub) + 1 : 0) + strlen(name) + 1;
    if ((full = malloc(n)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    snprintf(full, n, "%s%s%s", sub ? sub : "", sub ? "/" : "", name);
    for (size_t i = 0; i < o->n; i++) {
        if (strcmp(o->w[i]->name, full) == 0) {
            free(full);
            return FC_FAIL(err, FC_EINVAL, "output '%s' written twice", o->w[i]->name);
        }
    }
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 8;
        fc_writer **ws = realloc(o->w, cap * sizeof *ws);
        if (ws == NULL) {
            free(full);
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        }
        o->w = ws;
        o->cap = cap;
    }
    if ((subdir = sub ? join(o->dir, sub, "", "") : strdup(o->dir)) == NULL) {
        free(full);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    if (sub && !o->discard && mkdir(subdir, 0777) != 0 && errno != EEXIST) {
        fc_err_at(err, FC_EIO, subdir, 0, 0, "cannot create output folder: %s", strerror(errno));
        free(subdir);
        free(full);
        return FC_EIO;
    }
    snprintf(suffix, sizeof suffix, ".tmp.%ld", (long)getpid());
    if ((w = calloc(1, sizeof *w)) == NULL) {
        free(subdir);
        free(full);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    w->fd = -1;
    w->name = full;
    w->tmp = join(subdir, name, ".", suffix);
    w->final = join(subdir, name, "", "");
    w->buf = malloc(WBUF);
    w->md = o->digests ? digest_new() : NULL;
    w->digits = o->digits;
    w->keep = kept_name(o, full);
    if (!w->keep && o->keep_csv_max && !sub && strlen(full) > 4 &&
        strcmp(full + strlen(full) - 4, ".csv") == 0) {
        w->keep = 1;
        w->keep_max = o->keep_csv_max;
    }
    free(subdir);
    if (!w->tmp || !w->final || !w->buf || (o->digests && !w->md)) {
        EVP_MD_CTX_free(w->md);
        free(w->name), free(w->tmp), free(w->final), free(w->buf), free(w);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    o->w[o->n++] = w;
    if (o->discard) {
        w->discard = 1;
        *result = w;
        return FC_OK;
    }
    if (create_tmp(o, w) < 0)
        return fc_err_at(err, FC_EIO, w->final, 0, 0, "cannot create: %s", strerror(errno));
    test_ready();
    *result = w;
    return FC_OK;
}
