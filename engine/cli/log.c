/* log.c: the error format, warnings, notes and the progress display (see log.h). */
#define _DEFAULT_SOURCE /* TIOCGWINSZ */
#include "engine/cli/log.h"
#include "engine/io/csvin.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

struct fc_log_run {
    char name[128];
    char stage[64]; /* the stage running now, "" between stages */
    size_t nstage;  /* stages to run; 0 until known */
    size_t nstage_done;
    double tick;           /* fraction of the current stage done, 0..1 */
    double t_run, t_stage; /* start times, seconds on the monotonic clock */
    int started, done;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static fc_log_level level = FC_LOG_NORMAL;
static int display;                 /* draw the progress line (stderr is a terminal) */
static volatile sig_atomic_t drawn; /* a progress line is on the screen now */
static fc_log_run *runs;
static size_t nrun;
static double t_begin, t_drawn;
static pthread_t ticker;
static int ticker_on, ticker_stop;
static pthread_cond_t ticker_cv = PTHREAD_COND_INITIALIZER;

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void
fc_log_setup(fc_log_level lv)
{
    const char *force = getenv("FC_PROGRESS");
    pthread_mutex_lock(&mu);
    level = lv;
    if (force && (force[0] == '0' || force[0] == '1'))
        display = force[0] == '1';
    else
        display = isatty(STDERR_FILENO);
    if (lv == FC_LOG_QUIET)
        display = 0;
    pthread_mutex_unlock(&mu);
}

fc_log_level
fc_log_level_get(void)
{
    return level;
}

/* ------------------------------------------------------------------------ lines */

/* Removes the progress line before other text is printed; the next redraw restores it. */
static void
clear_line(void)
{
    if (drawn) {
        fputs("\r\033[K", stderr);
        drawn = 0;
    }
}

void
fc_log_format_err(const fc_err *err, char *buf, size_t n)
{
    size_t k;
    if (err->path[0] && err->line && err->col)
        snprintf(buf, n, "%s:%zu:%zu: error: %s", err->path, err->line, err->col, err->msg);
    else if (err->path[0] && err->line)
        snprintf(buf, n, "%s:%zu: error: %s", err->path, err->line, err->msg);
    else if (err->path[0])
        snprintf(buf, n, "%s: error: %s", err->path, err->msg);
    else
        snprintf(buf, n, "fulcrum: error: %s", err->msg);
    /* where the error was raised in Fulcrum's source: for developers (debug builds, -v) */
#ifdef FC_DEBUG
    int where = 1;
#else
    int where = level == FC_LOG_VERBOSE;
#endif
    k = strlen(buf);
    if (where && err->src_file && k < n)
        snprintf(buf + k, n - k, " [%s:%d]", err->src_file, err->src_line);
}

void
fc_log_error(const fc_err *err, const char *run)
{
    char raw[FC_ERR_MSG_MAX + FC_ERR_PATH_MAX + 256], buf[4 * sizeof raw];
    fc_log_format_err(err, raw, sizeof raw);
    fc_show(raw, buf, sizeof buf); /* a control byte from an input shows as \xNN */
    pthread_mutex_lock(&mu);
    clear_line();
    if (run)
        fprintf(stderr, "%s (run '%s')\n", buf, run);
    else
        fprintf(stderr, "%s\n", buf);
    fflush(stderr);
    pthread_mutex_unlock(&mu);
}

void
fc_log_warning(const char *msg)
{
    char buf[4096];
    fc_show(msg, buf, sizeof buf);
    pthread_mutex_lock(&mu);
    clear_line();
    fprintf(stderr, "fulcrum: warning: %s\n", buf);
    fflush(stderr);
    pthread_mutex_unlock(&mu);
}

static void vnote(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

static void
vnote(const char *fmt, va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    pthread_mutex_lock(&mu);
    clear_line();
    fprintf(stderr, "fulcrum: %s\n", buf);
    fflush(stderr);
    pthread_mutex_unlock(&mu);
}

void
fc_log_note(const char *fmt, ...)
{
    va_list ap;
    if (level < FC_LOG_NORMAL)
        return;
    va_start(ap, fmt);
    vnote(fmt, ap);
    va_end(ap);
}

void
fc_log_verbose(const char *fmt, ...)
{
    va_list ap;
    if (level < FC_LOG_VERBOSE)
        return;
    va_start(ap, fmt);
    vnote(fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------------ progress display */

static size_t
term_width(void)
{
    struct winsize ws;
    const char *cols = getenv("COLUMNS");
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    if (cols && atoi(cols) >= 20)
        return (size_t)atoi(cols);
    return 80;
}

static void
fmt_secs(char *buf, size_t n, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

/* Fraction of the batch done: each run weighs the same, each of its stages 1/nstage. */
static double
fraction(size_t *ndone, size_t *nrunning, const fc_log_run **latest)
{
    double f = 0;
    *ndone = *nrunning = 0;
    *latest = NULL;
    for (size_t i = 0; i < nrun; i++) {
        const fc_log_run *r = &runs[i];
        if (r->done) {
            f += 1;
            (*ndone)++;
        } else if (r->started) {
            (*nrunning)++;
            if (r->nstage)
                f += ((double)r->nstage_done + r->tick) / (double)r->nstage;
            if (*latest == NULL || r->t_run > (*latest)->t_run)
                *latest = r;
        }
    }
    return nrun ? f / (double)nrun : 1;
}

/* Draws the progress line (mu held). */
static void
redraw(void)
{
    char line[512], eta[32] = "--:--", bar[32];
    size_t ndone, nrunning, width = term_width(), k;
    const fc_log_run *r;
    double f, el;
    int n;

    if (!display || runs == NULL)
        return;
    f = fraction(&ndone, &nrunning, &r);
    el = now() - t_begin;
    if (f > 0.005 && el > 0.5)
        fmt_secs(eta, sizeof eta, el * (1 - f) / f);
    k = (size_t)(f * 20 + 0.5);
    for (size_t i = 0; i < 20; i++)
        bar[i] = i < k ? '#' : '.';
    bar[20] = '\0';
    n = snprintf(line, sizeof line, "[%s] %3d%%", bar, (int)(f * 100));
    if (nrun > 1 && n > 0 && (size_t)n < sizeof line)
        n += snprintf(line + n, sizeof line - (size_t)n, "  %zu/%zu runs", ndone, nrun);
    if (r && n > 0 && (size_t)n < sizeof line) {
        if (r->stage[0] && r->nstage)
            n += snprintf(line + n, sizeof line - (size_t)n, "  %s: %s (%zu/%zu)", r->name,
                          r->stage, r->nstage_done + 1, r->nstage);
        else
            n += snprintf(line + n, sizeof line - (size_t)n, "  %s", r->name);
        if (nrunning > 1 && n > 0 && (size_t)n < sizeof line)
            n += snprintf(line + n, sizeof line - (size_t)n, " +%zu", nrunning - 1);
    }
    if (n > 0 && (size_t)n < sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, "  ETA %s", eta);
    if (strlen(line) > width - 1)
        line[width - 1] = '\0';
    fprintf(stderr, "\r\033[K%s", line);
    fflush(stderr);
    drawn = 1;
    t_drawn = now();
}

/* Redraws every half second so that the ETA moves during long stages. */
static void *
tick_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    while (!ticker_stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 500000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&ticker_cv, &mu, &ts);
        if (!ticker_stop)
            redraw();
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

void
fc_progress_begin(size_t n)
{
    pthread_mutex_lock(&mu);
    free(runs);
    runs = calloc(n ? n : 1, sizeof *runs);
    nrun = runs ? n : 0;
    t_begin = now();
    ticker_stop = 0;
    if (display && runs && pthread_create(&ticker, NULL, tick_main, NULL) == 0)
        ticker_on = 1;
    pthread_mutex_unlock(&mu);
}

fc_log_run *
fc_progress_run(size_t i, const char *name, size_t nstage)
{
    fc_log_run *r;
    pthread_mutex_lock(&mu);
    if (runs == NULL || i >= nrun) {
        pthread_mutex_unlock(&mu);
        return NULL;
    }
    r = &runs[i];
    snprintf(r->name, sizeof r->name, "%s", name);
    r->nstage = nstage;
    r->started = 1;
    r->t_run = now();
    redraw();
    pthread_mutex_unlock(&mu);
    return r;
}

void
fc_log_stage_begin(fc_log_run *r, const char *stage)
{
    if (r == NULL)
        return;
    pthread_mutex_lock(&mu);
    snprintf(r->stage, sizeof r->stage, "%s", stage);
    r->tick = 0;
    r->t_stage = now();
    redraw();
    pthread_mutex_unlock(&mu);
}

void
fc_log_stage_end(fc_log_run *r, const char *stage)
{
    double dt;
    if (r == NULL)
        return;
    pthread_mutex_lock(&mu);
    dt = now() - r->t_stage;
    r->stage[0] = '\0';
    r->tick = 0;
    r->nstage_done++;
    redraw();
    pthread_mutex_unlock(&mu);
    fc_log_verbose("%s: %s %.2f s", r->name, stage, dt);
}

void
fc_log_tick(fc_log_run *r, size_t done, size_t total)
{
    if (r == NULL || total == 0)
        return;
    pthread_mutex_lock(&mu);
    r->tick = done >= total ? 1 : (double)done / (double)total;
    if (now() - t_drawn > 0.1)
        redraw();
    pthread_mutex_unlock(&mu);
}

void
fc_progress_run_end(fc_log_run *r, int ok)
{
    double dt;
    if (r == NULL)
        return;
    pthread_mutex_lock(&mu);
    r->done = 1;
    r->stage[0] = '\0';
    dt = now() - r->t_run;
    redraw();
    pthread_mutex_unlock(&mu);
    fc_log_verbose("%s: %s in %.2f s", r->name, ok ? "done" : "failed", dt);
}

void
fc_progress_end(void)
{
    pthread_mutex_lock(&mu);
    if (ticker_on) {
        ticker_stop = 1;
        pthread_cond_signal(&ticker_cv);
        pthread_mutex_unlock(&mu);
        pthread_join(ticker, NULL);
        pthread_mutex_lock(&mu);
        ticker_on = 0;
    }
    clear_line();
    fflush(stderr);
    free(runs);
    runs = NULL;
    nrun = 0;
    pthread_mutex_unlock(&mu);
}

void
fc_log_clear_signal_safe(void)
{
    static const char clear[] = "\r\033[K";
    if (drawn && write(STDERR_FILENO, clear, sizeof clear - 1) < 0) {
        /* nothing more can be done in a signal handler */
    }
}
