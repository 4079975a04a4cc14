/* scenario.c: the scenario file reader on libinih (see scenario.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "engine/io/scenario.h"
#include "engine/io/csvin.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct scn_ctx {
    fc_scenario *s;
    fc_err *err;
    const char *file;  /* the file being parsed (owned by s->files) */
    int *kv_line;      /* file line of the k-th key/value line (Debian's inih reports none) */
    size_t nkv, ikv;
    int depth;
    char real[FC_SCN_PATH_MAX];   /* realpath of file, for include cycles */
    const struct scn_ctx *parent; /* the including file's context */
} scn_ctx;

static fc_status vfail(fc_err *err, const char *file, int line, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static fc_status
vfail(fc_err *err, const char *file, int line, const char *fmt, va_list ap)
{
    char msg[FC_ERR_MSG_MAX];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return fc_err_at(err, FC_EDATA, file, (size_t)(line > 0 ? line : 0), 0, "%s", msg);
}

fc_status
fc_scn_fail(const fc_scn_entry *e, fc_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* (a caller with no entry to blame still reports the error rather than crash) */
    fc_status st = vfail(err, e ? e->file : "scenario", e ? e->line : 0, fmt, ap);
    va_end(ap);
    return st;
}

fc_status
fc_scn_fail_file(const fc_scenario *s, fc_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fc_status st = vfail(err, s->path, 0, fmt, ap);
    va_end(ap);
    return st;
}

/* Is the NUL-terminated s well-formed UTF-8 (no overlong forms, surrogates or byte-order
 * marks after the start)? */
static int
utf8_ok(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned long cp;
        size_t k;
        if (*u < 0x80) {
            u++;
            continue;
        }
        if (*u >= 0xC2 && *u <= 0xDF)
            k = 1, cp = *u & 0x1Fu;
        else if (*u >= 0xE0 && *u <= 0xEF)
            k = 2, cp = *u & 0x0Fu;
        else if (*u >= 0xF0 && *u <= 0xF4)
            k = 3, cp = *u & 0x07u;
        else
            return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((u[j] & 0xC0) != 0x80) /* (also stops at the NUL) */
                return 0;
            cp = cp << 6 | (u[j] & 0x3Fu);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFEFF)
            return 0;
        u += k + 1;
    }
    return 1;
}

/* inih calls the handler once per key/value line, in file order: record which file lines
 * those are so that errors can name them. Continuation lines (leading blanks) are refused
 * here, as inih would otherwise join them silently. */
/* Reads one line (with its line feed) into buf, at most cap - 1 bytes, NUL-terminated;
 * returns its length, 0 at the end of the file. A longer line is cut there, so that no input
 * (a device that never ends a line, /dev/zero) can make the reader grow without bound. */
static size_t
read_line(FILE *fp, char *buf, size_t cap)
{
    size_t n = 0;
    int ch;
    while (n + 1 < cap && (ch = getc(fp)) != EOF) {
        buf[n++] = (char)ch;
        if (ch == '\n')
            break;
    }
    buf[n] = '\0';
    return n;
}

static fc_status
scan_lines(FILE *fp, scn_ctx *c)
{
    char buf[INI_MAX_LINE + 1];
    size_t cap = 0, len;
    int line = 0;
    while ((len = read_line(fp, buf, sizeof buf)) > 0) {
        char *p = buf;
        line++;
        /* what a text editor or spreadsheet may have done to the file */
        if (line == 1 && len >= 2 &&
            (((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE) ||
             ((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF)))
            return fc_err_at(c->err, FC_EDATA, c->file, 1, 0,
                             "file is UTF-16 encoded; save it as UTF-8 text");
        if (memchr(buf, '\0', len))
            return fc_err_at(c->err, FC_EDATA, c->file, (size_t)line, 0,
                             "file contains a NUL byte (is it UTF-16 or a binary file?)");
        /* libinih reads lines into INI_MAX_LINE bytes and takes the rest of a longer one as
         * a line of its own, so such a line would be cut and misread */
        if (len == sizeof buf - 1 && buf[len - 1] != '\n' && ungetc(getc(fp), fp) != EOF)
            return fc_err_at(c->err, FC_EDATA, c->file, (size_t)line, 0, "line longer than %d "
                             "characters (the scenario reader's limit)", INI_MAX_LINE - 2);
        if (line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
            (unsigned char)p[2] == 0xBF)
            p += 3;
        if (!utf8_ok(p))
            return fc_err_at(c->err, FC_EDATA, c->file, (size_t)line, 0,
                             "the line is not UTF-8 text (is the file Latin-1 or Windows-1252?)");
        size_t blank = strspn(p, " \t\r\n");
        if (p[blank] == '\0' || p[blank] == ';' || p[blank] == '#' || p[blank] == '[')
            continue;
        if (blank > 0 && c->nkv > 0)
            return fc_err_at(c->err, FC_EDATA, c->file, (size_t)line, 0,
                             "indented line: a value must be on one line ('key = value')");
        if (c->nkv == cap) {
            cap = cap ? 2 * cap : 64;
            int *l = realloc(c->kv_line, cap * sizeof *l);
            if (l == NULL)
                return FC_FAIL(c->err, FC_ENOMEM, "out of memory");
            c->kv_line = l;
        }
        c->kv_line[c->nkv++] = line;
    }
    if (ferror(fp))
        return fc_err_at(c->err, FC_EIO, c->file, 0, 0, "cannot read: %s", strerror(errno));
    rewind(fp);
    return FC_OK;
}

static char *
dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static fc_status
add_entry(fc_scenario *s, const char *section, const char *key, const char *value,
          const char *file, int line, fc_err *err)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 32;
        fc_scn_entry *e = realloc(s->e, cap * sizeof *e);
        if (e == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        s->e = e;
        s->cap = cap;
    }
    fc_scn_entry *e = &s->e[s->n];
    memset(e, 0, sizeof *e);
    e->section = dup(section);
    e->key = dup(key);
    e->value = dup(value);
    e->file = file;
    e->line = line;
    if (!e->section || !e->key || !e->value) {
        free(e->section);
        free(e->key);
        free(e->value);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    s->n++;
    return FC_OK;
}

/* The folder of `file` joined to `rel` (absolute paths as given). */
static int
resolve(const char *file, const char *rel, char *out, size_t cap)
{
    const char *slash = strrchr(file, '/');
    int n;
    if (rel[0] == '/' || slash == NULL)
        n = snprintf(out, cap, "%s", rel);
    else
        n = snprintf(out, cap, "%.*s/%s", (int)(slash - file), file, rel);
    return n >= 0 && (size_t)n < cap;
}

static fc_status parse_file(fc_scenario *s, const char *path, const scn_ctx *parent,
                            int from_line, fc_err *err);

static int
on_kv(void *user, const char *section, const char *key, const char *val)
{
    scn_ctx *c = user;
    int line = c->ikv < c->nkv ? c->kv_line[c->ikv] : 0;
    c->ikv++;
    if (section[0] == '\0') {
        fc_err_at(c->err, FC_EDATA, c->file, (size_t)line, 0,
                  "'%s' is outside any section (start with '[run]')", key);
        return 0;
    }
    if (strcmp(key, "include") == 0) {
        char path[FC_SCN_PATH_MAX];
        if (val[0] == '\0' || !resolve(c->file, val, path, sizeof path)) {
            fc_err_at(c->err, FC_EDATA, c->file, (size_t)line, 0, "bad include path '%s'", val);
            return 0;
        }
        return parse_file(c->s, path, c, line, c->err) == FC_OK;
    }
    /* the same key twice in one section of one file is a slip; overriding is what includes
     * are for */
    for (size_t i = 0; i < c->s->n; i++) {
        const fc_scn_entry *e = &c->s->e[i];
        if (e->file == c->file && strcasecmp(e->section, section) == 0 &&
            strcmp(e->key, key) == 0) {
            fc_err_at(c->err, FC_EDATA, c->file, (size_t)line, 0,
                      "'%s' is given twice in [%s] (first at line %d)", key, section, e->line);
            return 0;
        }
    }
    return add_entry(c->s, section, key, val, c->file, line, c->err) == FC_OK;
}

static fc_status
parse_file(fc_scenario *s, const char *path, const scn_ctx *parent, int from_line, fc_err *err)
{
    scn_ctx c;
    FILE *fp;
    char **files;
    const char *why;
    int rc, type;
    fc_status st;

    memset(&c, 0, sizeof c);
    c.s = s;
    c.err = err;
    c.parent = parent;
    c.depth = parent ? parent->depth + 1 : 0;
    if ((fp = fc_fopen_input(path, &why, &type)) == NULL) {
        if (parent && type)
            return fc_err_at(err, FC_EIO, parent->file, (size_t)from_line, 0,
                             "included '%s' %s, not a scenario file", path, why);
        if (parent)
            return fc_err_at(err, FC_EIO, parent->file, (size_t)from_line, 0,
                             "cannot open included '%s': %s", path, why);
        if (type)
            return fc_err_at(err, FC_EIO, path, 0, 0, "%s, not a scenario file", why);
        return fc_err_at(err, FC_EIO, path, 0, 0, "cannot open: %s", why);
    }
    if (realpath(path, c.real) == NULL)
        snprintf(c.real, sizeof c.real, "%s", path);
    for (const scn_ctx *p = parent; p; p = p->parent) {
        if (strcmp(p->real, c.real) == 0) {
            fclose(fp);
            return fc_err_at(err, FC_EDATA, parent->file, (size_t)from_line, 0,
                             "include cycle: '%s' includes itself (through '%s')", path,
                             parent->file);
        }
    }
    if (c.depth > FC_SCN_INCLUDE_DEPTH) {
        fclose(fp);
        return fc_err_at(err, FC_EDATA, parent->file, (size_t)from_line, 0,
                         "includes nested more than %d deep", FC_SCN_INCLUDE_DEPTH);
    }
    if ((files = realloc(s->files, (s->nfiles + 1) * sizeof *files)) == NULL ||
        (files[s->nfiles] = dup(path)) == NULL) {
        if (files)
            s->files = files;
        fclose(fp);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    s->files = files;
    c.file = files[s->nfiles++];
    if ((st = scan_lines(fp, &c)) != FC_OK) {
        fclose(fp);
        free(c.kv_line);
        return st;
    }
    rc = ini_parse_file(fp, on_kv, &c);
    fclose(fp);
    free(c.kv_line);
    if (err->status != FC_OK)
        return err->status;
    if (rc > 0)
        return fc_err_at(err, FC_EDATA, c.file, (size_t)rc, 0,
                         "cannot parse this line (expected '[section]' or 'key = value')");
    if (rc < 0)
        return fc_err_at(err, FC_EIO, c.file, 0, 0, "cannot read the scenario file");
    return FC_OK;
}

void
fc_scenario_free(fc_scenario *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->e[i].section);
        free(s->e[i].key);
        free(s->e[i].value);
        free(s->e[i].resolved);
    }
    free(s->e);
    for (size_t i = 0; i < s->nfiles; i++)
        free(s->files[i]);
    free(s->files);
    for (size_t i = 0; i < s->ndflt; i++) {
        free(s->dflt[i].section);
        free(s->dflt[i].key);
        free(s->dflt[i].value);
    }
    free(s->dflt);
    s->dflt = NULL;
    s->ndflt = 0;
    for (size_t i = 0; i < s->nunc; i++)
        free(s->unc[i].name);
    free(s->unc);
    s->unc = NULL;
    s->nunc = 0;
    s->e = NULL;
    s->files = NULL;
    s->n = s->cap = s->nfiles = 0;
}

/* ---------------------------------------------------------------- getters */

/* Records section.key = value as a default (once per key); out of memory only loses it. */
static void
note_default(fc_scenario *s, const char *section, const char *key, const char *value)
{
    fc_scn_default *d;
    for (size_t i = 0; i < s->ndflt; i++)
        if (strcasecmp(s->dflt[i].section, section) == 0 && strcmp(s->dflt[i].key, key) == 0)
            return;
    if ((d = realloc(s->dflt, (s->ndflt + 1) * sizeof *d)) == NULL)
        return;
    s->dflt = d;
    d += s->ndflt;
    d->section = dup(section);
    d->key = dup(key);
    d->value = dup(value);
    if (d->section && d->key && d->value) {
        s->ndflt++;
    } else {
        free(d->section);
        free(d->key);
        free(d->value);
    }
}

int
fc_scn_has(const fc_scenario *s, const char *section)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcasecmp(s->e[i].section, section) == 0)
            return 1;
    return 0;
}

static fc_scn_entry *
get(fc_scenario *s, const char *section, const char *key)
{
    fc_scn_entry *last = NULL;
    for (size_t i = 0; i < s->n; i++) {
        fc_scn_entry *e = &s->e[i];
        if (strcasecmp(e->section, section) == 0 && strcmp(e->key, key) == 0) {
            e->used = 1;
            last = e;
        }
    }
    return last;
}

const fc_scn_entry *
fc_scn_get(fc_scenario *s, const char *section, const char *key)
{
    return get(s, section, key);
}

fc_status
fc_scn_str(fc_scenario *s, const char *section, const char *key, const char **out, fc_err *err)
{
    const fc_scn_entry *e = fc_scn_get(s, section, key);
    if (e == NULL)
        return FC_OK;
    if (e->value[0] == '\0')
        return fc_scn_fail(e, err, "'%s' is empty", key);
    *out = e->value;
    return FC_OK;
}

fc_status
fc_scn_path(fc_scenario *s, const char *section, const char *key, const char **out, fc_err *err)
{
    fc_scn_entry *e = get(s, section, key);
    if (e == NULL)
        return FC_OK;
    if (e->value[0] == '\0')
        return fc_scn_fail(e, err, "empty path for '%s'", key);
    if (e->resolved == NULL) {
        char buf[FC_SCN_PATH_MAX];
        if (!resolve(e->file, e->value, buf, sizeof buf))
            return fc_scn_fail(e, err, "path '%s' is too long", e->value);
        if ((e->resolved = dup(buf)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    *out = e->resolved;
    return FC_OK;
}

/* ---------------------------------------------------------------- uncertain numbers */

/* Does the value look like an interval or a distribution ("[" or "name(")? */
static int
looks_uncertain(const char *v)
{
    while (*v == ' ' || *v == '\t')
        v++;
    if (*v == '[')
        return 1;
    while ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z'))
        v++;
    while (*v == ' ' || *v == '\t')
        v++;
    return *v == '(';
}

/* Parses "[lo, hi]" or "name(p1, p2[, p3])" into d; a message into msg on failure. */
static int
parse_dist(const char *v, fc_dist *d, char *msg, size_t cap)
{
    static const struct {
        const char *name, *params;
        fc_dist_kind kind;
    } kinds[] = {
        {"normal", "mean, sd", FC_DIST_NORMAL},
        {"lognormal", "meanlog, sdlog", FC_DIST_LOGNORMAL},
        {"gamma", "shape, scale", FC_DIST_GAMMA},
        {"beta", "a, b", FC_DIST_BETA},
        {"triangular", "min, mode, max", FC_DIST_TRIANGULAR},
    };
    char name[32];
    const char *p = v, *params = "lo, hi";
    size_t n = 0, want;
    char close;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '[') {
        d->kind = FC_DIST_INTERVAL;
        close = ']';
        p++;
    } else {
        size_t k = 0, i;
        while (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) && k + 1 < sizeof name)
            name[k++] = *p++;
        name[k] = '\0';
        for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (strcasecmp(name, kinds[i].name) == 0)
                break;
        if (i == sizeof kinds / sizeof kinds[0]) {
            snprintf(msg, cap, "unknown distribution '%s': use [lo, hi] (an 80%% interval), "
                     "normal, lognormal, gamma, beta or triangular", name);
            return -1;
        }
        d->kind = kinds[i].kind;
        params = kinds[i].params;
        while (*p == ' ' || *p == '\t')
            p++;
        p++; /* the '(' (looks_uncertain saw it) */
        close = ')';
    }
    want = fc_dist_nparam(d->kind);
    for (;;) {
        char *end;
        double x;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == close && n == 0)
            break;
        {
            /* the token up to the next separator, by the one number rule */
            char tok[64], q[40];
            size_t len = strspn(p, "0123456789+-.eE");
            end = (char *)(uintptr_t)(p + len);
            if (len == 0 || len >= sizeof tok) {
                snprintf(msg, cap, "expected a number at '%s'", fc_show(p, q, sizeof q));
                return -1;
            }
            memcpy(tok, p, len);
            tok[len] = '\0';
            if (fc_number(tok, &x) != FC_NUM_OK) {
                snprintf(msg, cap, "expected a number at '%s'", fc_show(p, q, sizeof q));
                return -1;
            }
        }
        if (n < 3)
            d->p[n] = x;
        n++;
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p == close)
            break;
        snprintf(msg, cap, *p ? "expected ',' or '%c' at '%.20s'" : "missing '%c'%s", close,
                 *p ? p : "");
        return -1;
    }
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '\0') {
        snprintf(msg, cap, "unexpected '%.20s' after the closing '%c'", p, close);
        return -1;
    }
    if (n != want) {
        snprintf(msg, cap, "%s needs %zu numbers (%s), not %zu",
                 d->kind == FC_DIST_INTERVAL ? "an interval" : fc_dist_name(d->kind), want,
                 params, n);
        return -1;
    }
    {
        fc_err e2;
        fc_err_clear(&e2);
        if (fc_dist_check(d, &e2) != FC_OK) {
            size_t k = strlen(e2.msg) < cap ? strlen(e2.msg) : cap - 1; /* (gcc -O1 warns of */
            memcpy(msg, e2.msg, k);                                     /* a truncating %s) */
            msg[k] = '\0';
            return -1;
        }
    }
    return 0;
}

/* Records (or, when the getter reads it again, refreshes) the uncertain parameter
 * section.key given by entry e. */
static fc_status
note_uncertain(fc_scenario *s, const char *section, const char *key, const fc_scn_entry *e,
               const fc_dist *d, double lo, double hi, double central, fc_err *err)
{
    char name[256];
    fc_scn_unc *u = NULL;
    snprintf(name, sizeof name, "%s.%s", section, key);
    for (size_t i = 0; i < s->nunc; i++)
        if (strcasecmp(s->unc[i].name, name) == 0)
            u = &s->unc[i];
    if (u == NULL) {
        fc_scn_unc *a = realloc(s->unc, (s->nunc + 1) * sizeof *a);
        if (a == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        s->unc = a;
        u = &a[s->nunc];
        memset(u, 0, sizeof *u);
        if ((u->name = dup(name)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        s->nunc++;
    }
    u->entry = (size_t)(e - s->e);
    u->dist = *d;
    u->lo = lo;
    u->hi = hi;
    u->central = central;
    return FC_OK;
}

/* Drops section.key from the uncertain parameters (when it was recorded). */
static void
forget_uncertain(fc_scenario *s, const char *section, const char *key)
{
    char name[256];
    snprintf(name, sizeof name, "%s.%s", section, key);
    for (size_t i = 0; i < s->nunc; i++)
        if (strcasecmp(s->unc[i].name, name) == 0) {
            free(s->unc[i].name);
            memmove(&s->unc[i], &s->unc[i + 1], (s->nunc - i - 1) * sizeof *s->unc);
            s->nunc--;
            return;
        }
}

/* An uncertain value for section.key at entry e: its median into *out, recorded. */
static fc_status
uncertain_num(fc_scenario *s, const char *section, const char *key, const fc_scn_entry *e,
              double lo, double hi, double *out, fc_err *err)
{
    fc_dist d;
    char msg[256];
    double c;
    memset(&d, 0, sizeof d);
    if (parse_dist(e->value, &d, msg, sizeof msg) != 0)
        return fc_scn_fail(e, err, "'%s' = %s: %s", key, e->value, msg);
    if (d.kind == FC_DIST_INTERVAL)
        for (int i = 0; i < 2; i++)
            if (d.p[i] < lo || d.p[i] > hi)
                return fc_scn_fail(e, err, "'%s' = %s: %g is outside %g..%g", key, e->value,
                                   d.p[i], lo, hi);
    c = fc_dist_median(&d);
    if (!isfinite(c) || c < lo || c > hi)
        return fc_scn_fail(e, err, "'%s' = %s: its median %g is outside %g..%g", key, e->value,
                           c, lo, hi);
    *out = c;
    return note_uncertain(s, section, key, e, &d, lo, hi, c, err);
}

fc_status
fc_scn_num(fc_scenario *s, const char *section, const char *key, double lo, double hi,
           double *out, fc_err *err)
{
    const fc_scn_entry *e = fc_scn_get(s, section, key);
    fc_num_status ns;
    char q[48];
    double v;
    if (e == NULL) {
        char buf[40];
        if (isfinite(*out) && *out >= lo && *out <= hi) {
            for (int prec = 1; prec <= 17; prec++) { /* the shortest %g that reads back */
                snprintf(buf, sizeof buf, "%.*g", prec, *out);
                if (strtod(buf, NULL) == *out)
                    break;
            }
            note_default(s, section, key, buf);
        }
        return FC_OK;
    }
    if (looks_uncertain(e->value))
        return uncertain_num(s, section, key, e, lo, hi, out, err);
    forget_uncertain(s, section, key); /* (a later override made it one number) */
    if ((ns = fc_number(e->value, &v)) != FC_NUM_OK)
        return fc_scn_fail(e, err, "'%s' %s for '%s'", fc_show(e->value, q, sizeof q),
                           fc_number_why(ns), key);
    if (v < lo || v > hi)
        return fc_scn_fail(e, err, "'%s' = %s is outside %g..%g", key, e->value, lo, hi);
    *out = v;
    return FC_OK;
}

fc_status
fc_scn_long(fc_scenario *s, const char *section, const char *key, long lo, long hi, long *out,
            fc_err *err)
{
    const fc_scn_entry *e = fc_scn_get(s, section, key);
    char *end;
    long v;
    if (e == NULL) {
        char buf[24];
        if (*out >= lo && *out <= hi) {
            snprintf(buf, sizeof buf, "%ld", *out);
            note_default(s, section, key, buf);
        }
        return FC_OK;
    }
    errno = 0;
    v = strtol(e->value, &end, 10);
    if (end == e->value || *end != '\0' || errno == ERANGE)
        return fc_scn_fail(e, err, "'%s' is not a whole number for '%s'", e->value, key);
    if (v < lo || v > hi)
        return fc_scn_fail(e, err, "'%s' = %s is outside %ld..%ld", key, e->value, lo, hi);
    *out = v;
    return FC_OK;
}

fc_status
fc_scn_choice(fc_scenario *s, const char *section, const char *key, const char *const names[],
              int *out, fc_err *err)
{
    const fc_scn_entry *e = fc_scn_get(s, section, key);
    char list[256] = "";
    if (e == NULL) {
        for (int i = 0; names[i]; i++)
            if (i == *out)
                note_default(s, section, key, names[i]);
        return FC_OK;
    }
    for (int i = 0; names[i]; i++) {
        if (strcmp(e->value, names[i]) == 0) {
            *out = i;
            return FC_OK;
        }
        size_t n = strlen(list);
        snprintf(list + n, sizeof list - n, "%s'%s'", i == 0 ? "" : names[i + 1] ? ", " : " or ",
                 names[i]);
    }
    return fc_scn_fail(e, err, "%s must be %s, not '%s'", key, list, e->value);
}

fc_status
fc_scn_set(fc_scenario *s, const char *section, const char *key, const char *value, fc_err *err)
{
    return add_entry(s, section, key, value, s->path, 0, err);
}

static int
known_section(const char *section, const char *const known[])
{
    for (size_t i = 0; known[i]; i++) {
        size_t n = strlen(known[i]);
        if (n > 0 && known[i][n - 1] == ' ' ? strncasecmp(section, known[i], n) == 0
                                             : strcasecmp(section, known[i]) == 0)
            return 1;
    }
    return 0;
}

fc_status
fc_scn_unused(const fc_scenario *s, const char *const known[], fc_err *err)
{
    for (size_t i = 0; i < s->n; i++) {
        const fc_scn_entry *e = &s->e[i];
        if (e->used)
            continue;
        if (!known_section(e->section, known))
            return fc_scn_fail(e, err, "unknown section '[%s]'", e->section);
        return fc_scn_fail(e, err, "unknown key '%s' in section '[%s]'", e->key, e->section);
    }
    return FC_OK;
}

/* ---------------------------------------------------------------- reading */

fc_status
fc_scn_settle(fc_scenario *s, fc_err *err)
{
    static const char *const yesno[] = {"no", "yes", NULL};
    const char *name = NULL;
    long seed = (long)s->seed;
    fc_status st;
    s->xlsx = 0;
    {
        long digits = 0;
        if ((st = fc_scn_long(s, "output", "digits", 1, 17, &digits, err)) != FC_OK)
            return st;
        s->digits = (int)digits;
    }
    if ((st = fc_scn_str(s, "run", "name", &name, err)) != FC_OK ||
        (st = fc_scn_long(s, "run", "seed", 0, 4294967295L, &seed, err)) != FC_OK ||
        (fc_scn_get(s, "run", "xlsx") && /* (no default noted: --xlsx may set it later) */
         (st = fc_scn_choice(s, "run", "xlsx", yesno, &s->xlsx, err)) != FC_OK))
        return st;
    s->seed = (unsigned long)seed;
    if (name) {
        if (strlen(name) >= sizeof s->name || strpbrk(name, "/\\"))
            return fc_scn_fail(fc_scn_get(s, "run", "name"), err,
                               "name must be under %zu characters with no '/'", sizeof s->name);
        snprintf(s->name, sizeof s->name, "%s", name);
    }
    return FC_OK;
}

fc_status
fc_scenario_read(const char *path, fc_scenario *s, fc_err *err)
{
    fc_status st;
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;

    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->seed = 1;
    snprintf(s->name, sizeof s->name, "%.*s", (int)strcspn(base, "."), base);
    if ((st = parse_file(s, path, NULL, 0, err)) != FC_OK ||
        (st = fc_scn_settle(s, err)) != FC_OK ||
        (st = fc_scn_path(s, "run", "out", &s->out, err)) != FC_OK)
        return st;
    return FC_OK;
}
