/* fields.c: the field parsers of the table reader, the one number rule, showing a value in a
 * message, and opening an input without blocking (see csvin.h). */
#include "engine/io/csvin.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

const char *
fc_show(const char *s, char *out, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        size_t w = *p < 0x20 || *p == 0x7f ? 4 : 1; /* a control byte as \xNN */
        if (k + w + 4 > n) {
            memcpy(out + k, "...", 4);
            return out;
        }
        if (w == 4) {
            out[k++] = '\\', out[k++] = 'x', out[k++] = hex[*p >> 4], out[k++] = hex[*p & 15];
        } else {
            out[k++] = (char)*p;
        }
    }
    out[k] = '\0';
    return out;
}

/* ------------------------------------------------------------------------ field parsers */

fc_status
fc_csv_fail(const fc_csv_row *row, size_t i, fc_err *err, const char *fmt, ...)
{
    char msg[FC_ERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (row->name && row->name[i])
        return fc_err_at(err, FC_EDATA, row->path, row->line, row->pos[i], "column '%s': %s",
                         row->name[i], msg);
    return fc_err_at(err, FC_EDATA, row->path, row->line, row->pos[i], "column '%.*s': %s",
                     (int)strcspn(row->cols[i].name, "|"), row->cols[i].name, msg);
}

static const char *
need(const fc_csv_row *row, size_t i, fc_err *err)
{
    const char *s = row->field[i];
    if (s == NULL || s[0] == '\0') {
        fc_csv_fail(row, i, err, "empty value");
        return NULL;
    }
    return s;
}

fc_num_status
fc_number(const char *s, double *out)
{
    char *end;
    double v;

    if (fc_atod(s, strlen(s), &v)) /* the fast exact path for plain decimals */
        goto done;
    errno = 0;
    v = strtod(s, &end);
    /* strtod also reads C99 hex floats ("0x1p3"), which no spreadsheet writes */
    if (end == s || *end != '\0' || strpbrk(s, "xX"))
        return FC_NUM_BAD;
    if (isnan(v) || isinf(v) || (errno == ERANGE && fabs(v) > 1.0))
        return FC_NUM_INFINITE;
    if (errno == ERANGE)
        v = 0.0; /* underflow to a subnormal or zero is harmless */
done:
    if (fabs(v) > FC_CSV_MAX_ABS) /* typing or unit errors; sums of them would overflow */
        return FC_NUM_LARGE;
    *out = v;
    return FC_NUM_OK;
}

const char *
fc_number_why(fc_num_status st)
{
    return st == FC_NUM_BAD        ? "is not a number"
           : st == FC_NUM_INFINITE ? "is not a finite number"
                                   : "is larger in magnitude than 1e+15, the largest value "
                                     "accepted";
}

fc_status
fc_csv_double(const fc_csv_row *row, size_t i, double *out, fc_err *err)
{
    const char *s = need(row, i, err);
    char q[48];
    fc_num_status ns;

    if (s == NULL)
        return FC_EDATA;
    if ((ns = fc_number(s, out)) != FC_NUM_OK)
        return fc_csv_fail(row, i, err, "'%s' %s", fc_show(s, q, sizeof q), fc_number_why(ns));
    return FC_OK;
}

fc_status
fc_csv_nonneg(const fc_csv_row *row, size_t i, double *out, fc_err *err)
{
    double v;
    char q[48];
    if (fc_csv_double(row, i, &v, err) != FC_OK)
        return FC_EDATA;
    if (v < 0.0)
        return fc_csv_fail(row, i, err, "'%s' is negative", fc_show(row->field[i], q, sizeof q));
    *out = v;
    return FC_OK;
}

fc_status
fc_csv_int(const fc_csv_row *row, size_t i, long lo, long hi, long *out, fc_err *err)
{
    const char *s = need(row, i, err);
    char *end, q[48];
    long v;

    if (s == NULL)
        return FC_EDATA;
    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE)
        return fc_csv_fail(row, i, err, "'%s' is not an integer", fc_show(s, q, sizeof q));
    if (v < lo || v > hi)
        return fc_csv_fail(row, i, err, "%ld is outside %ld..%ld", v, lo, hi);
    *out = v;
    return FC_OK;
}

fc_status
fc_csv_bool(const fc_csv_row *row, size_t i, int *out, fc_err *err)
{
    const char *s = need(row, i, err);
    char q[48];
    if (s == NULL)
        return FC_EDATA;
    if (strcasecmp(s, "TRUE") == 0 || strcmp(s, "1") == 0)
        *out = 1;
    else if (strcasecmp(s, "FALSE") == 0 || strcmp(s, "0") == 0)
        *out = 0;
    else
        return fc_csv_fail(row, i, err, "'%s' is not TRUE or FALSE", fc_show(s, q, sizeof q));
    return FC_OK;
}

fc_status
fc_csv_sex(const fc_csv_row *row, size_t i, int allow_both, int *out, fc_err *err)
{
    const char *s = need(row, i, err);
    char q[48];

    if (s == NULL)
        return FC_EDATA;
    /* the spellings of published tables too: ONS and NRS code 1 males, 2 females */
    if (strcasecmp(s, "F") == 0 || strcasecmp(s, "female") == 0 ||
        strcasecmp(s, "females") == 0 || strcmp(s, "2") == 0) {
        *out = 0;
    } else if (strcasecmp(s, "M") == 0 || strcasecmp(s, "male") == 0 ||
               strcasecmp(s, "males") == 0 || strcmp(s, "1") == 0) {
        *out = 1;
    } else if (allow_both && (strcmp(s, "*") == 0 || strcasecmp(s, "P") == 0 ||
                              strcasecmp(s, "persons") == 0 || strcasecmp(s, "all") == 0 ||
                              strcmp(s, "0") == 0)) {
        *out = -1;
    } else {
        return fc_csv_fail(row, i, err, "'%s' is not a sex (expected F or M%s)",
                           fc_show(s, q, sizeof q), allow_both ? ", or * for both" : "");
    }
    return FC_OK;
}

static int
parse_uint(const char **p, int *out)
{
    long v = 0;
    const char *s = *p;
    if (*s < '0' || *s > '9')
        return -1;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s - '0');
        if (v > 1000)
            return -1;
        s++;
    }
    *out = (int)v;
    *p = s;
    return 0;
}

fc_status
fc_csv_age(const fc_csv_row *row, size_t i, int *lo, int *hi, fc_err *err)
{
    const char *s = need(row, i, err), *p;
    char q[48];
    int a, b;

    if (s == NULL)
        return FC_EDATA;
    p = s;
    if (parse_uint(&p, &a) != 0)
        goto bad;
    if (*p == '\0') {
        b = a;
    } else if ((*p == '+' && p[1] == '\0') || strcasecmp(p, " and over") == 0 ||
               strcasecmp(p, " and older") == 0) { /* ONS writes "90 and over" */
        b = -1;
    } else if (*p == '-') {
        p++;
        if (parse_uint(&p, &b) != 0 || *p != '\0')
            goto bad;
        if (b < a)
            return fc_csv_fail(row, i, err, "age band '%s' ends before it starts",
                               fc_show(s, q, sizeof q));
    } else {
        goto bad;
    }
    *lo = a;
    *hi = b;
    return FC_OK;
bad:
    return fc_csv_fail(row, i, err, "'%s' is not an age (expected 67, 65-69 or 90+, ages 0..1000)",
                       fc_show(s, q, sizeof q));
}

FILE *
fc_fopen_input(const char *path, const char **why, int *wrong_type)
{
    struct stat sb;
    FILE *fp;
    int fd, fl;

    *wrong_type = 0;
    if (path == NULL || path[0] == '\0') {
        *why = "an empty path";
        errno = ENOENT;
        return NULL;
    }
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        *why = S_ISDIR(sb.st_mode)    ? "is a directory"
               : S_ISFIFO(sb.st_mode) ? "is a FIFO (named pipe)"
               : S_ISSOCK(sb.st_mode) ? "is a socket"
               : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "is a device"
                                                              : "is not a regular file";
        *wrong_type = 1;
        return NULL;
    }
    if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)) < 0) {
        *why = strerror(errno);
        return NULL;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) { /* replaced since the stat */
        close(fd);
        *why = "is not a regular file";
        *wrong_type = 1;
        return NULL;
    }
    if ((fl = fcntl(fd, F_GETFL)) == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1 ||
        (fp = fdopen(fd, "rb")) == NULL) {
        int e = errno;
        close(fd);
        errno = e;
        *why = strerror(e);
        return NULL;
    }
    return fp;
}
