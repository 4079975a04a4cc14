/* csvin.c: the streaming tidy-CSV reader (see csvin.h).
 *
 * Input is fed to libcsv one line piece at a time (split at '\n'), so the reader always knows
 * the current file line without libcsv having to track lines itself.
 */
#include "engine/io/csvin.h"
#include "engine/io/intern.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>


#define READ_CHUNK (1u << 20)

/* ------------------------------------------------------------------------ warnings */

void
fc_warn(fc_warnings *w, const char *fmt, ...)
{
    va_list ap;
    char buf[1024];

    if (w == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 8;
        char **m = realloc(w->msg, cap * sizeof *m);
        if (m == NULL)
            return;
        w->msg = m;
        w->cap = cap;
    }
    if ((w->msg[w->n] = strdup(buf)) != NULL)
        w->n++;
}

void
fc_warnings_fini(fc_warnings *w)
{
    if (w == NULL)
        return;
    for (size_t i = 0; i < w->n; i++)
        free(w->msg[i]);
    free(w->msg);
    memset(w, 0, sizeof *w);
}

void
fc_warn_merge(fc_warnings *dst, const fc_warnings *src)
{
    for (size_t i = 0; dst && i < src->n; i++) {
        int seen = 0;
        for (size_t k = 0; k < dst->n && !seen; k++)
            seen = strcmp(dst->msg[k], src->msg[i]) == 0;
        if (!seen)
            fc_warn(dst, "%s", src->msg[i]);
    }
}

/* ------------------------------------------------------------------------ reader state */

typedef struct reader {
    const char *path;
    const fc_csv_col *cols;
    size_t ncol;
    fc_csv_row_fn fn;
    void *ctx;
    fc_warnings *warn;
    fc_err *err;
    fc_status st;

    size_t line;        /* current file line (1-based) */
    size_t nrows;       /* data rows delivered */
    size_t cr_line;     /* line where the last record ended with a CR, else 0 */
    int have_header;
    int skip_rest;      /* a FC_COL_ONLY_IF column is absent: the rows are not read */
    size_t nheader;     /* fields in the header */
    size_t *map;        /* map[file field] = wanted column index, or SIZE_MAX */
    size_t *pos;        /* pos[wanted] = 1-based file position, 0 if absent */
    const char **field; /* field[wanted] */
    double *num;        /* num[wanted]: typed columns' values, or NULL when none is typed */
    const char **hname; /* hname[wanted]: the header's spelling of it (in hbuf), or NULL */
    char *hbuf;         /* the header's names */
    size_t *wide;       /* a wide table (FC_COL_WIDE_YEAR): the file positions (0-based) of
                           its year columns, nwide of them; NULL when long */
    const char **wide_name; /* their names (in hbuf) */
    const char *colmap;     /* "file_name=our_name,..." (fc_csv_read_as), or NULL */
    size_t nwide, wide_year, wide_value; /* ... and the wanted columns they fill */

    /* the current record: fields concatenated with NULs */
    char *buf;
    size_t buflen, bufcap;
    size_t *off;
    size_t nfield, offcap;

    /* the first bytes, held back until a BOM can be recognised whatever the chunk size */
    unsigned char head[3];
    size_t nhead;
    int head_done;
} reader;

static fc_status
rfail(reader *r, fc_status st, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static fc_status
rfail(reader *r, fc_status st, size_t line, size_t col, const char *fmt, ...)
{
    char msg[FC_ERR_MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->st == FC_OK)
        r->st = fc_err_at(r->err, st, r->path, line, col, "%s", msg);
    return r->st;
}

/* Rejects bytes that are not UTF-8 (a Latin-1 or Windows-1252 export) and a byte-order mark
 * anywhere but the start of the file (two files concatenated), at the current field. s[0..n)
 * runs from the field's first non-ASCII byte to its end. */
static void
check_utf8(reader *r, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned char c = u[i];
        size_t k;
        unsigned long cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            k = 1, cp = c & 0x1Fu;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 2, cp = c & 0x0Fu;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3, cp = c & 0x07u;
        else
            goto bad;
        if (n - i <= k)
            goto bad;
        for (size_t j = 1; j <= k; j++) {
            if ((u[i + j] & 0xC0) != 0x80)
                goto bad;
            cp = cp << 6 | (u[i + j] & 0x3Fu);
        }
        /* overlong forms, UTF-16 surrogates and code points past U+10FFFF */
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        if (cp == 0xFEFF) {
            rfail(r, FC_EDATA, r->line, r->nfield + 1, "a byte-order mark (U+FEFF) inside the "
                  "file (were two files joined together?)");
            return;
        }
        i += k + 1;
    }
    return;
bad:
    rfail(r, FC_EDATA, r->line, r->nfield + 1, "byte 0x%02X is not UTF-8 (is the file Latin-1 or "
          "Windows-1252? save it as UTF-8 CSV)", u[i]);
}

static void
on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    const char *f = s ? s : "";

    if (r->st != FC_OK || r->skip_rest)
        return;
    if (s == NULL)
        len = 0;
    if (r->nfield >= FC_CSV_MAX_FIELDS) {
        rfail(r, FC_ELIMIT, r->line, r->nfield + 1, "more than %d fields in one record",
              FC_CSV_MAX_FIELDS);
        return;
    }
    if (len > FC_CSV_MAX_FIELD_LEN) {
        rfail(r, FC_ELIMIT, r->line, r->nfield + 1, "a field longer than %d bytes",
              FC_CSV_MAX_FIELD_LEN);
        return;
    }
    /* a record that starts on the line where the previous one ended with a bare CR */
    if (r->cr_line == r->line) {
        rfail(r, FC_EDATA, r->line, 0, "a carriage return not followed by a line feed ends a "
              "record (classic Mac line ends?): save the file with LF or CRLF line ends");
        return;
    }
    /* (a line feed inside quotes is caught in feed_body, at the line where it occurs) */
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)f[k];
        if (c == '\n' || c == '\r') {
            rfail(r, FC_EDATA, r->line, r->nfield + 1,
                  "quoted field contains a line break (not allowed: records must be one line)");
            return;
        }
        if (c >= 0x80) {
            check_utf8(r, f + k, len - k);
            if (r->st != FC_OK)
                return;
            break;
        }
    }
    if (r->nfield == r->offcap) {
        size_t cap = r->offcap ? 2 * r->offcap : 32;
        size_t *o = realloc(r->off, cap * sizeof *o);
        if (o == NULL) {
            rfail(r, FC_ENOMEM, 0, 0, "out of memory reading fields");
            return;
        }
        r->off = o;
        r->offcap = cap;
    }
    if (r->buflen + len + 1 > r->bufcap) {
        size_t cap = r->bufcap ? r->bufcap : 256;
        while (cap < r->buflen + len + 1)
            cap *= 2;
        char *b = realloc(r->buf, cap);
        if (b == NULL) {
            rfail(r, FC_ENOMEM, 0, 0, "out of memory reading fields");
            return;
        }
        r->buf = b;
        r->bufcap = cap;
    }
    r->off[r->nfield++] = r->buflen;
    memcpy(r->buf + r->buflen, f, len);
    r->buf[r->buflen + len] = '\0';
    r->buflen += len + 1;
}

/* Columns that published tables carry to describe a row for people (ONS, NRS, WPP and
 * POPGROUP files: the area's name, an age's printed label, a period's label): no table reads
 * them, and they are passed over without a warning. A column that changes what a row means
 * (`projection`, `variant`, ...) is not one of them. docs: "Input tables". */
static const char *const descriptive_cols[] = {
    "area_name", "area_label", "name", "region_name", "la_name", "lad_name", "hb_name",
    "ca_name", "geography", "geography_name", "country", "country_name", "age_label",
    "age_group", "age_band_label", "sex_label", "sex_name", "period", "period_label", "notes",
    "note", "comment", "source", "component",
};

static int
descriptive(const char *name)
{
    for (size_t i = 0; i < sizeof descriptive_cols / sizeof *descriptive_cols; i++)
        if (strcasecmp(name, descriptive_cols[i]) == 0)
            return 1;
    return 0;
}

/* Does the header's name match a column's name, one of its spellings "a|b|c"? */
static int
name_matches(const char *spellings, const char *name)
{
    for (const char *s = spellings;;) {
        size_t n = strcspn(s, "|");
        if (strlen(name) == n && strncasecmp(s, name, n) == 0)
            return 1;
        if (s[n] == '\0')
            return 0;
        s += n + 1;
    }
}

/* The name a header's column goes by under the mapping "file_name=our_name,...": our_name
 * (copied into buf), or name itself when the mapping does not mention it. */
static const char *
mapped(const char *map, const char *name, char *buf, size_t n)
{
    for (const char *p = map; p && *p;) {
        size_t len = strcspn(p, ","), eq = strcspn(p, "=");
        if (eq < len && eq == strlen(name) && strncasecmp(p, name, eq) == 0 &&
            len - eq - 1 < n) {
            memcpy(buf, p + eq + 1, len - eq - 1);
            buf[len - eq - 1] = '\0';
            return buf;
        }
        p += len + (p[len] == ',');
    }
    return name;
}

int
fc_csv_colmap_ok(const char *map, char *why, size_t n)
{
    if (map == NULL)
        return 1;
    for (const char *p = map;;) {
        size_t len = strcspn(p, ","), eq = strcspn(p, "=");
        if (eq == 0 || eq >= len || eq + 1 == len || memchr(p + eq + 1, '=', len - eq - 1) ||
            len > FC_NAME_MAX) {
            snprintf(why, n, "'%.*s' is not FILE_COLUMN=COLUMN (e.g. persons=population)",
                     (int)(len > 64 ? 64 : len), p);
            return 0;
        }
        if (p[len] == '\0')
            return 1;
        p += len + 1;
    }
}

/* Is the header's name a year ("2018")? */
static int
year_name(const char *s)
{
    return strlen(s) == 4 && strspn(s, "0123456789") == 4 && atoi(s) >= 1000 && atoi(s) <= 3100;
}

/* A wide table: the wanted year and value columns both absent and columns named as years
 * present. Those columns are then known, not "unknown". */
static fc_status
wide_layout(reader *r)
{
    size_t wy = SIZE_MAX, wv = SIZE_MAX, n = 0;
    for (size_t i = 0; i < r->ncol; i++) {
        if ((r->cols[i].flags & FC_COL_WIDE_YEAR) && r->pos[i] == 0)
            wy = i;
        if ((r->cols[i].flags & FC_COL_WIDE_VALUE) && r->pos[i] == 0)
            wv = i;
    }
    if (wy == SIZE_MAX || wv == SIZE_MAX)
        return FC_OK;
    for (size_t j = 0; j < r->nfield; j++)
        n += r->map[j] == SIZE_MAX && year_name(r->buf + r->off[j]);
    if (n == 0)
        return FC_OK;
    if ((r->wide = malloc(n * sizeof *r->wide)) == NULL || r->hbuf == NULL ||
        (r->wide_name = malloc(n * sizeof *r->wide_name)) == NULL)
        return rfail(r, FC_ENOMEM, 0, 0, "out of memory reading the header");
    for (size_t j = 0; j < r->nfield; j++)
        if (r->map[j] == SIZE_MAX && year_name(r->buf + r->off[j])) {
            r->wide_name[r->nwide] = r->hbuf + r->off[j];
            r->wide[r->nwide++] = j;
        }
    r->wide_year = wy;
    r->wide_value = wv;
    return FC_OK;
}

static void
take_header(reader *r)
{
    r->nheader = r->nfield;
    r->map = malloc(r->nfield * sizeof *r->map);
    if (r->map == NULL) {
        rfail(r, FC_ENOMEM, 0, 0, "out of memory reading the header");
        return;
    }
    char unknown[512] = "";
    size_t nunknown = 0;
    int wide_ok = 0; /* year-named columns are the wide layout's (wide_layout), not unknown */
    char mbuf[FC_NAME_MAX + 1];
    for (size_t i = 0; i < r->ncol; i++)
        wide_ok |= (r->cols[i].flags & FC_COL_WIDE_YEAR) != 0;
    for (size_t j = 0; j < r->nfield; j++) {
        const char *name = r->buf + r->off[j];
        r->map[j] = SIZE_MAX;
        if (name[0] == '\0') {
            rfail(r, FC_EDATA, r->line, j + 1, "empty column name in the header");
            return;
        }
        for (size_t k = 0; k < j; k++) {
            if (strcmp(name, r->buf + r->off[k]) == 0) {
                rfail(r, FC_EDATA, r->line, j + 1, "duplicate column '%s' in the header", name);
                return;
            }
        }
        const char *as = mapped(r->colmap, name, mbuf, sizeof mbuf);
        if (as != name) {
            size_t i = 0;
            while (i < r->ncol && !name_matches(r->cols[i].name, as))
                i++;
            if (i == r->ncol) {
                rfail(r, FC_EDATA, r->line, j + 1, "the column mapping takes '%s' for '%s', "
                      "which is not a column of this table", name, as);
                return;
            }
        }
        for (size_t i = 0; i < r->ncol; i++) {
            if (!name_matches(r->cols[i].name, as))
                continue;
            /* names are case-insensitive: 'lx' and 'Lx' side by side (as in a life table)
             * are fine unless the reader wants that name */
            if (r->pos[i] != 0) {
                rfail(r, FC_EDATA, r->line, j + 1, "columns '%s' (%zu) and '%s' (%zu) both "
                      "match '%.*s' (column names are case-insensitive%s)",
                      r->buf + r->off[r->pos[i] - 1], r->pos[i], name, j + 1,
                      (int)strcspn(r->cols[i].name, "|"), r->cols[i].name,
                      strchr(r->cols[i].name, '|') ? "; it has other spellings: keep one" : "");
                return;
            }
            r->map[j] = i;
            r->pos[i] = j + 1;
        }
        if (r->map[j] == SIZE_MAX && !descriptive(name) && !(year_name(name) && wide_ok)) {
            size_t used = strlen(unknown);
            if (used + strlen(name) + 4 < sizeof unknown)
                snprintf(unknown + used, sizeof unknown - used, "%s'%s'", nunknown ? ", " : "",
                         name);
            nunknown++;
        }
    }
    /* the header's spellings, for messages (the record buffer is reused) */
    if ((r->hbuf = malloc(r->buflen + 1)) != NULL &&
        (r->hname = calloc(r->ncol ? r->ncol : 1, sizeof *r->hname)) != NULL) {
        memcpy(r->hbuf, r->buf, r->buflen);
        for (size_t i = 0; i < r->ncol; i++)
            if (r->pos[i])
                r->hname[i] = r->hbuf + r->off[r->pos[i] - 1];
    }
    if (wide_layout(r) != FC_OK)
        return;
    for (size_t i = 0; i < r->ncol; i++) {
        if ((r->cols[i].flags & FC_COL_REQUIRED) && r->pos[i] == 0 &&
            !(r->wide && (i == r->wide_year || i == r->wide_value))) {
            char hint[160] = "";
            if (r->nfield == 1 && strpbrk(r->buf, ";\t|"))
                snprintf(hint, sizeof hint, " (the header has one field: is the file separated "
                                            "by ';' or tabs instead of commas?)");
            char alts[256] = "";
            for (const char *a = strchr(r->cols[i].name, '|'); a; a = strchr(a + 1, '|')) {
                size_t k = strlen(alts);
                snprintf(alts + k, sizeof alts - k, "%s'%.*s'", k ? ", " : " (or ",
                         (int)strcspn(a + 1, "|"), a + 1);
            }
            if (alts[0])
                snprintf(alts + strlen(alts), sizeof alts - strlen(alts), ")");
            rfail(r, FC_EDATA, r->line, 0, "missing required column '%.*s'%s%s",
                  (int)strcspn(r->cols[i].name, "|"), r->cols[i].name, alts, hint);
            return;
        }
    }
    for (size_t i = 0; i < r->ncol; i++)
        if ((r->cols[i].flags & FC_COL_ONLY_IF) && r->pos[i] == 0 && !r->wide)
            r->skip_rest = 1;
    if (nunknown)
        fc_warn(r->warn, "%s: ignoring %zu unknown column%s: %s", r->path, nunknown,
                nunknown > 1 ? "s" : "", unknown);
    r->have_header = 1;
}

static fc_status typed(const fc_csv_row *row, double *num, fc_err *err);

static void
on_record(int c, void *data)
{
    reader *r = data;

    if (r->st != FC_OK || r->skip_rest)
        return;
    /* a CRLF's LF is skipped by libcsv and ends the line piece; anything else that follows
     * a CR on the same line is a new record there (see on_field) */
    r->cr_line = c == '\r' ? r->line : 0;
    if (!r->have_header) {
        take_header(r);
    } else {
        /* a line holding nothing but empty fields (",,,", as spreadsheets write below the
         * data) is skipped like a blank line */
        int blank = 1;
        for (size_t j = 0; j < r->nfield && blank; j++)
            blank = r->buf[r->off[j]] == '\0';
        if (!blank) {
            if (r->nfield != r->nheader) {
                rfail(r, FC_EDATA, r->line, r->nfield < r->nheader ? r->nfield + 1 : r->nheader + 1,
                      "expected %zu fields as in the header, found %zu", r->nheader, r->nfield);
                return;
            }
            for (size_t i = 0; i < r->ncol; i++)
                r->field[i] = NULL;
            for (size_t j = 0; j < r->nfield; j++)
                if (r->map[j] != SIZE_MAX)
                    r->field[r->map[j]] = r->buf + r->off[j];
            fc_csv_row row = {r->path, r->line, r->ncol, r->field, r->pos, r->cols, r->num,
                              r->hname};
            fc_status st = FC_OK;
            for (size_t k = 0; k < (r->wide ? r->nwide : 1) && st == FC_OK; k++) {
                if (r->wide) { /* one row per year column: its year, its cell */
                    size_t j = r->wide[k];
                    r->field[r->wide_year] = r->wide_name[k];
                    r->field[r->wide_value] = r->buf + r->off[j];
                    r->pos[r->wide_year] = r->pos[r->wide_value] = j + 1;
                    if (r->hname)
                        r->hname[r->wide_year] = r->hname[r->wide_value] = r->field[r->wide_year];
                }
                st = r->num ? typed(&row, r->num, r->err) : FC_OK;
                if (st == FC_OK)
                    st = r->fn(r->ctx, &row, r->err);
            }
            if (st != FC_OK) {
                r->st = st;
                if (r->err && r->err->status == FC_OK)
                    fc_err_at(r->err, st, r->path, r->line, 0, "row rejected");
                else if (r->err && r->err->path[0] == '\0') { /* raised unlocated: at the row */
                    snprintf(r->err->path, sizeof r->err->path, "%s", r->path);
                    r->err->line = r->line;
                }
                return;
            }
            r->nrows++;
        }
    }
    r->nfield = 0;
    r->buflen = 0;
}

/* Feeds bytes that follow the BOM to the parser, line piece by line piece. */
static void
feed_body(reader *r, struct csv_parser *p, const char *buf, size_t len)
{
    size_t i = 0;

    while (i < len && r->st == FC_OK) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (buf + i)) + 1 : len - i;
        if (memchr(buf + i, '\0', n)) {
            rfail(r, FC_EDATA, r->line, 0,
                  "file contains a NUL byte (is it UTF-16 or a binary file?)");
            return;
        }
        if (csv_parse(p, buf + i, n, on_field, on_record, r) != n && r->st == FC_OK) {
            rfail(r, FC_EDATA, r->line, r->nfield + 1, "malformed CSV: %s (stray or unbalanced "
                  "double quote)", csv_strerror(csv_error(p)));
            return;
        }
        if (r->st == FC_OK && p->entry_pos > FC_CSV_MAX_FIELD_LEN)
            rfail(r, FC_ELIMIT, r->line, r->nfield + 1, "a field longer than %d bytes",
                  FC_CSV_MAX_FIELD_LEN);
        /* An unquoted line feed always ends the record, so a parser still inside a record
         * after one is inside a quoted field. Reject it here, at the line where the field
         * opened: waiting for the closing quote would let one stray quote swallow the rest
         * of the file and report a line past its end. (0 is libcsv's ROW_NOT_BEGUN.) */
        if (r->st == FC_OK && nl && p->pstate != 0)
            rfail(r, FC_EDATA, r->line, r->nfield + 1,
                  "quoted field contains a line break (not allowed: records must be one line)");
        if (nl)
            r->line++;
        i += n;
    }
}

/* Decides on the first (up to 3) bytes: UTF-16 is an error, a UTF-8 BOM is dropped. */
static void
take_head(reader *r, struct csv_parser *p)
{
    const unsigned char *u = r->head;

    r->head_done = 1;
    if (r->nhead >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        rfail(r, FC_EDATA, 1, 0, "file is UTF-16 encoded; save it as UTF-8 CSV");
        return;
    }
    if (r->nhead == 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return;
    if (r->nhead == 3 && ((u[0] == 'P' && u[1] == 'K' && u[2] == 0x03) ||   /* .xlsx: a zip */
                          (u[0] == 0xD0 && u[1] == 0xCF && u[2] == 0x11))) { /* .xls */
        rfail(r, FC_EDATA, 0, 0, "this is an Excel workbook (or another binary file), not a "
              "CSV table: save the sheet as 'CSV UTF-8 (comma delimited)'");
        return;
    }
    feed_body(r, p, (const char *)r->head, r->nhead);
}

/* Feeds one buffer (any size, any split of the input) to the parser. */
static void
feed(reader *r, struct csv_parser *p, const char *buf, size_t len)
{
    size_t i = 0;

    while (!r->head_done && i < len && r->nhead < sizeof r->head)
        r->head[r->nhead++] = (unsigned char)buf[i++];
    if (!r->head_done && r->nhead == sizeof r->head)
        take_head(r, p);
    if (r->head_done && i < len && r->st == FC_OK)
        feed_body(r, p, buf + i, len - i);
}

static fc_status
reader_init(reader *r, struct csv_parser *p, const char *path, const fc_csv_col *cols,
            size_t ncol, fc_csv_row_fn fn, void *ctx, fc_warnings *warn, fc_err *err)
{
    size_t typed_cols = 0;
    memset(r, 0, sizeof *r);
    r->path = path;
    r->cols = cols;
    r->ncol = ncol;
    r->fn = fn;
    r->ctx = ctx;
    r->warn = warn;
    r->err = err;
    r->line = 1;
    r->pos = calloc(ncol ? ncol : 1, sizeof *r->pos);
    r->field = calloc(ncol ? ncol : 1, sizeof *r->field);
    for (size_t i = 0; i < ncol; i++)
        typed_cols += (cols[i].flags & FC_COL_TYPES) != 0;
    if (typed_cols)
        r->num = calloc(ncol, sizeof *r->num);
    if (r->pos == NULL || r->field == NULL || (typed_cols && r->num == NULL))
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    return FC_OK;
}

static fc_status
reader_finish(reader *r, struct csv_parser *p, size_t min_rows)
{
    if (r->st == FC_OK && !r->head_done)
        take_head(r, p); /* a file of fewer than 3 bytes */
    if (r->st == FC_OK && !r->skip_rest && csv_fini(p, on_field, on_record, r) != 0 &&
        r->st == FC_OK)
        rfail(r, FC_EDATA, r->line, r->nfield + 1, "malformed CSV at end of file: %s "
              "(unterminated quoted field?)", csv_strerror(csv_error(p)));
    if (r->st == FC_OK && !r->have_header)
        rfail(r, FC_EDATA, 0, 0, "empty file: expected a header row");
    if (r->st == FC_OK && !r->skip_rest && r->nrows < min_rows)
        rfail(r, FC_EDATA, 0, 0, "no data rows after the header");
    csv_free(p);
    free(r->map);
    free(r->pos);
    free(r->field);
    free(r->num);
    free(r->hname);
    free(r->hbuf);
    free(r->wide);
    free(r->wide_name);
    free(r->buf);
    free(r->off);
    return r->st;
}

fc_status
fc_csv_read_mem(const char *path, const char *buf, size_t len, size_t chunk,
                const fc_csv_col *cols, size_t ncol, size_t min_rows, fc_csv_row_fn fn,
                void *ctx, fc_warnings *warn, fc_err *err)
{
    reader r;
    struct csv_parser p;
    fc_status st;

    memset(&p, 0, sizeof p);
    if ((st = reader_init(&r, &p, path, cols, ncol, fn, ctx, warn, err)) != FC_OK) {
        free(r.pos);
        free(r.field);
        return st;
    }
    if (chunk == 0)
        chunk = len ? len : 1;
    for (size_t i = 0; i < len && r.st == FC_OK; i += chunk)
        feed(&r, &p, buf + i, len - i < chunk ? len - i : chunk);
    return reader_finish(&r, &p, min_rows);
}

fc_status
fc_csv_read(const char *path, const fc_csv_col *cols, size_t ncol, size_t min_rows,
            fc_csv_row_fn fn, void *ctx, fc_warnings *warn, fc_err *err)
{
    return fc_csv_read_as(path, NULL, cols, ncol, min_rows, fn, ctx, warn, err);
}

fc_status
fc_csv_read_as(const char *path, const char *colmap, const fc_csv_col *cols, size_t ncol,
               size_t min_rows, fc_csv_row_fn fn, void *ctx, fc_warnings *warn, fc_err *err)
{
    reader r;
    struct csv_parser p;
    fc_status st;
    FILE *fp;
    char *buf;
    const char *why;
    int wrong;

    if ((fp = fc_fopen_input(path, &why, &wrong)) == NULL) {
        if (wrong)
            return fc_err_at(err, FC_EIO, path, 0, 0, "%s, not a CSV file", why);
        return fc_err_at(err, FC_EIO, path, 0, 0, "cannot open: %s", why);
    }
    if ((buf = malloc(READ_CHUNK)) == NULL) {
        fclose(fp);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    memset(&p, 0, sizeof p);
    if ((st = reader_init(&r, &p, path, cols, ncol, fn, ctx, warn, err)) != FC_OK) {
        free(r.pos);
        free(r.field);
        free(buf);
        fclose(fp);
        return st;
    }
    r.colmap = colmap;
    while (r.st == FC_OK && !r.skip_rest) {
        size_t n = fread(buf, 1, READ_CHUNK, fp);
        if (n > 0)
            feed(&r, &p, buf, n);
        if (n < READ_CHUNK) {
            if (ferror(fp))
                rfail(&r, FC_EIO, 0, 0, "read error: %s", strerror(errno));
            break;
        }
    }
    free(buf);
    fclose(fp);
    return reader_finish(&r, &p, min_rows);
}

/* Parses the typed columns of row into num (see FC_COL_*). */
static fc_status
typed(const fc_csv_row *row, double *num, fc_err *err)
{
    for (size_t i = 0; i < row->ncol; i++) {
        const unsigned f = row->cols[i].flags;
        const char *s = row->field[i];
        long y;
        fc_status st = FC_OK;
        if (!(f & FC_COL_TYPES))
            continue;
        num[i] = (double)NAN;
        if (s == NULL || (s[0] == '\0' && (f & FC_COL_EMPTY_NA)))
            continue;
        if (f & FC_COL_NUM)
            st = fc_csv_double(row, i, &num[i], err);
        else if (f & FC_COL_NONNEG)
            st = fc_csv_nonneg(row, i, &num[i], err);
        else if ((st = fc_csv_int(row, i, 1000, 3100, &y, err)) == FC_OK)
            num[i] = (double)y;
        if (st != FC_OK)
            return st;
    }
    return FC_OK;
}
