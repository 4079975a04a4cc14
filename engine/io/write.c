/* write.c: the buffered writers: a file's, or one in memory that grows (see out.h). */
#include "engine/io/out_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/io/huge.h"


void
fc_w_flush(fc_writer *w)
{
    size_t off = 0;
    if (w->md && w->len && EVP_DigestUpdate(w->md, w->buf, w->len) != 1)
        w->err = w->err ? w->err : EIO;
    if (w->keep && w->keep_max && w->nkept + w->len > w->keep_max) {
        free(w->kept); /* too big to keep: the reader is told so (fc_out_kept) */
        w->kept = NULL;
        w->nkept = w->capkept = 0;
        w->keep = 0;
        w->over = 1;
    }
    if (w->keep && w->len && w->err == 0) {
        if (w->nkept + w->len > w->capkept) {
            size_t cap = w->capkept ? w->capkept : WBUF;
            while (cap < w->nkept + w->len)
                cap *= 2;
            char *k = realloc(w->kept, cap);
            if (k == NULL) {
                w->err = ENOMEM;
                w->len = 0;
                return;
            }
            w->kept = k;
            w->capkept = cap;
        }
        memcpy(w->kept + w->nkept, w->buf, w->len);
        w->nkept += w->len;
    }
    w->bytes += w->len;
    while (off < w->len && w->err == 0 && !w->discard) {
        ssize_t k = write(w->fd, w->buf + off, w->len - off);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            w->err = errno;
        } else {
            off += (size_t)k;
        }
    }
    w->len = 0;
}

/* Makes room for n more bytes in an in-memory writer: 0, or -1 (ENOMEM, sticky). */
static int
mem_grow(fc_writer *w, size_t n)
{
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 4096;
        while (cap < w->len + n)
            cap *= 2;
        char *b = fc_huge_realloc(w->buf, w->len, cap); /* (formatting chunks: past 2 MiB in
                                                           huge pages, fewer page faults) */
        if (b == NULL) {
            w->err = ENOMEM;
            return -1;
        }
        w->buf = b;
        w->cap = cap;
    }
    return 0;
}

char *
fc_w_reserve(fc_writer *w, size_t n)
{
    if (w->err)
        return NULL;
    if (w->mem) {
        if (mem_grow(w, n) != 0)
            return NULL;
    } else if (w->len + n > WBUF) {
        fc_w_flush(w);
        if (w->err)
            return NULL;
    }
    return w->buf + w->len;
}

void
fc_w_advance(fc_writer *w, size_t n)
{
    w->len += n;
}

void
fc_w_raw(fc_writer *w, const char *s, size_t n)
{
    if (w->err)
        return;
    if (w->mem) {
        if (mem_grow(w, n) != 0)
            return;
        memcpy(w->buf + w->len, s, n);
        w->len += n;
        return;
    }
    if (w->len + n > WBUF) {
        fc_w_flush(w);
        if (n > WBUF) {
            size_t off = 0;
            while (off < n && w->err == 0) {
                size_t k = n - off < WBUF ? n - off : WBUF;
                memcpy(w->buf, s + off, k);
                w->len = k;
                fc_w_flush(w);
                off += k;
            }
            return;
        }
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

void
fc_w_str(fc_writer *w, const char *s)
{
    fc_w_raw(w, s, strlen(s));
}

void
fc_w_field(fc_writer *w, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && s[0] != '\0') {
        fc_w_str(w, s);
        return;
    }
    if (s[0] == '\0')
        return;
    fc_w_raw(w, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fc_w_raw(w, "\"", 1);
        fc_w_raw(w, p, 1);
    }
    fc_w_raw(w, "\"", 1);
}

void
fc_w_num(fc_writer *w, double x)
{
    char *p;
    if (!isfinite(x)) { /* inputs are bounded, so this is a bug: fail the commit, write nothing */
        if (w->err == 0)
            w->err = EDOM;
        return;
    }
    if (x == 0.0)
        x = 0.0; /* no "-0" in outputs */
    if ((p = fc_w_reserve(w, 32)) != NULL) /* format in place: no copy */
        w->len += fc_w_format(w, x, p);
}

size_t
fc_w_format(const fc_writer *w, double x, char *p)
{
    if (w->digits > 0 && x != 0.0 && isfinite(x)) {
        /* x rounded to the significant digits asked for (decimal rounding, by printf), then
         * written in the shortest form that reads back to that: 308885701.54 at 4 digits
         * is 308900000, not 3.089e+08 */
        char b[40];
        snprintf(b, sizeof b, "%.*e", w->digits - 1, x);
        x = strtod(b, NULL);
    }
    return fc_dtoa(x, p);
}

void
fc_w_set_digits(fc_writer *w, int digits)
{
    w->digits = digits;
}

int
fc_w_digits(const fc_writer *w)
{
    return w->digits;
}

void
fc_out_digits(fc_out *o, int digits)
{
    o->digits = digits;
}

void
fc_w_nums(fc_writer *w, const double x[], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fc_w_comma(w);
        fc_w_num(w, x[i]);
    }
}

void
fc_w_int(fc_writer *w, long x)
{
    char b[24], *p = b + sizeof b;
    unsigned long u = x < 0 ? 0UL - (unsigned long)x : (unsigned long)x;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (x < 0)
        *--p = '-';
    fc_w_raw(w, p, (size_t)(b + sizeof b - p));
}

void
fc_w_cellv(fc_writer *w, const fc_cell *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fc_w_comma(w);
        switch (c[i].t) {
        case FC_CELL_FIELD: fc_w_field(w, c[i].s); break;
        case FC_CELL_RAW: fc_w_str(w, c[i].s); break;
        case FC_CELL_INT: fc_w_int(w, c[i].i); break;
        case FC_CELL_NUM: fc_w_num(w, c[i].d); break;
        case FC_CELL_MONEY: fc_w_money(w, c[i].d); break;
        }
    }
    fc_w_eol(w);
}

void
fc_w_money(fc_writer *w, double pounds)
{
    char b[64];
    /* values are already rounded to whole pence by the finance model; %.2f prints them */
    int n = snprintf(b, sizeof b, "%.2f", pounds == 0.0 ? 0.0 : pounds);
    if (strcmp(b, "-0.00") == 0)
        n = snprintf(b, sizeof b, "0.00");
    fc_w_raw(w, b, (size_t)n);
}

/* ------------------------------------------------------------------------ memory writers */

fc_writer *
fc_mem_writer_alloc(void)
{
    fc_writer *w = calloc(1, sizeof *w);
    if (w) {
        w->mem = 1;
        w->fd = -1;
    }
    return w;
}

void
fc_mem_writer_free(fc_writer *w)
{
    if (w) {
        free(w->buf);
        free(w);
    }
}

int
fc_mem_writer_failed(const fc_writer *w)
{
    return w->err != 0;
}

void
fc_w_append(fc_writer *w, fc_writer *mem)
{
    if (!w->mem && w->err == 0 && mem->len >= WBUF / 2) {
        /* a big chunk goes straight from mem's buffer to the file, without a copy */
        fc_w_flush(w);
        size_t len = w->len;
        char *buf = w->buf;
        w->buf = mem->buf;
        w->len = mem->len;
        fc_w_flush(w);
        w->buf = buf;
        w->len = len;
    } else {
        fc_w_raw(w, mem->buf ? mem->buf : "", mem->len);
    }
    mem->len = 0;
}
