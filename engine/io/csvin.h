/* csvin.h: streaming tidy-CSV reader on libcsv (SCHEMAS.md), with located errors.
 *
 * The caller names the columns it wants, and may type them; the reader matches the header
 * case-insensitively, in any order, parses the typed columns (a bad value is an error at its
 * line and column, before the callback sees the row) and hands each data row to a callback
 * with the wanted fields in the caller's order (NULL for an absent optional column) and the
 * typed columns' values. It is the one reader of every input table and of the appendix's
 * tables (engine/appendix: a run's own, from memory, and --from DIR's). Lines are counted with the header as line 1;
 * a quoted field holding a newline is rejected, so a record number is always a file line.
 * A leading UTF-8 BOM and CRLF line ends are accepted; UTF-16, NUL bytes, bytes that are not
 * UTF-8, a BOM after the start and bare-CR line ends are rejected.
 */
#ifndef FC_ENGINE_CSVIN_H
#define FC_ENGINE_CSVIN_H

#include <stddef.h>
#include <stdio.h>

#include "models/status.h"

#define FC_CSV_MAX_FIELDS 4096        /* fields in one record */
#define FC_CSV_MAX_FIELD_LEN 65536    /* bytes in one field */
#define FC_CSV_MAX_ABS 1e15           /* largest magnitude fc_csv_double accepts */

/* A column's flags: FC_COL_REQUIRED, and at most one type; a typed column's empty cell is an
 * error unless FC_COL_EMPTY_NA (then NaN, as is an absent column). */
enum {
    FC_COL_REQUIRED = 1u, /* a missing column is an error */
    FC_COL_NUM = 2u,      /* a finite number (fc_csv_double) */
    FC_COL_NONNEG = 4u,   /* a finite number >= 0 (fc_csv_nonneg) */
    FC_COL_YEAR = 8u,     /* a whole year in 1000..3100 (fc_csv_int) */
    FC_COL_EMPTY_NA = 16u, /* with a type: an empty cell is NaN */
    FC_COL_WIDE_YEAR = 32u,  /* the year of a table that may come wide: when the header has
                                neither this column nor the FC_COL_WIDE_VALUE one but has
                                columns named as years (ONS's "2018", "2019", ...), each row
                                is read as one row per year column, with this field the
                                column's year and the FC_COL_WIDE_VALUE field its cell */
    FC_COL_WIDE_VALUE = 64u, /* the value of such a table */
    FC_COL_ONLY_IF = 128u,   /* the rows are read only when this column is in the header:
                                without it the reader stops after the header and returns
                                FC_OK with no rows (an optional value of a table read once
                                per value column: a read for an absent one costs nothing) */
    FC_COL_TYPES = FC_COL_NUM | FC_COL_NONNEG | FC_COL_YEAR
};

typedef struct fc_csv_col {
    const char *name; /* column name, matched case-insensitively; "a|b|c" lists the spellings
                         published tables use (any one, not two, may appear) */
    unsigned flags;   /* FC_COL_*: 1 (FC_COL_REQUIRED) or 0 for an untyped column */
} fc_csv_col;

/* One data row as the callback sees it. */
typedef struct fc_csv_row {
    const char *path;    /* the file, for error messages */
    size_t line;         /* 1-based line of this record */
    size_t ncol;         /* number of wanted columns */
    const char **field;  /* field[i]: NUL-terminated value of wanted column i, or NULL */
    const size_t *pos;   /* pos[i]: 1-based position of wanted column i in the file, 0 if absent */
    const fc_csv_col *cols;
    const double *num;   /* num[i]: typed column i's value (NaN when absent or empty); NULL
                            when no column is typed */
    const char *const *name; /* name[i]: wanted column i as the file spells it, or NULL (for
                                messages); NULL when not known */
} fc_csv_row;

/* Row callback: returns FC_OK to go on, anything else (with err set) to stop. */
typedef fc_status (*fc_csv_row_fn)(void *ctx, const fc_csv_row *row, fc_err *err);

/* A list of warnings (e.g. ignored columns) for main() to print. */
typedef struct fc_warnings {
    char **msg;
    size_t n, cap;
} fc_warnings;

/* Appends a formatted warning; silently drops it when out of memory. w may be NULL. */
void fc_warn(fc_warnings *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void fc_warnings_fini(fc_warnings *w);
/* Appends to dst (NULL: nothing) each warning of src that dst does not hold yet (a base
 * scenario's warning is printed once, however many runs share it). Not thread-safe. */
void fc_warn_merge(fc_warnings *dst, const fc_warnings *src);

/* Reads path, calling fn(ctx, row, err) for every data row. cols lists the ncol wanted
 * columns. Unknown columns produce one warning (in warn, which may be NULL). Returns FC_OK,
 * FC_EIO (cannot open or read), FC_EDATA (malformed CSV, missing column, duplicate column,
 * no data rows when min_rows > 0, UTF-16, NUL bytes), FC_ELIMIT (too many fields), FC_ENOMEM,
 * or whatever fn returned. Borrows everything. */
fc_status fc_csv_read(const char *path, const fc_csv_col *cols, size_t ncol, size_t min_rows,
                      fc_csv_row_fn fn, void *ctx, fc_warnings *warn, fc_err *err);

/* Same, with the table's columns renamed by colmap, "file_name=our_name,..." (case-insensitive;
 * NULL: none): the user's mapping for a table whose spellings Fulcrum does not know.
 * A mapping onto a name the table's reader does not take is a located error. */
fc_status fc_csv_read_as(const char *path, const char *colmap, const fc_csv_col *cols,
                         size_t ncol, size_t min_rows, fc_csv_row_fn fn, void *ctx,
                         fc_warnings *warn, fc_err *err);
/* Is colmap well formed (NULL is)? 0 with the reason in why when not. */
int fc_csv_colmap_ok(const char *colmap, char *why, size_t n);

/* Same, reading from an in-memory buffer (path names it in messages). Feeds libcsv in chunks
 * of at most chunk bytes (0 = whole buffer): the tests call it at every chunk size. */
fc_status fc_csv_read_mem(const char *path, const char *buf, size_t len, size_t chunk,
                          const fc_csv_col *cols, size_t ncol, size_t min_rows,
                          fc_csv_row_fn fn, void *ctx, fc_warnings *warn, fc_err *err);

/* ---- field parsers: each raises a located FC_EDATA error naming the column -------------- */

/* The one number rule of every input, tables, scenario files and the command line alike: a
 * decimal number (no hex floats, NaN or infinities, no overflow such as 1e400; an underflow is
 * 0) of magnitude at most FC_CSV_MAX_ABS. fc_number_why gives the words for a status. */
typedef enum fc_num_status { FC_NUM_OK, FC_NUM_BAD, FC_NUM_INFINITE, FC_NUM_LARGE } fc_num_status;
fc_num_status fc_number(const char *s, double *out);
const char *fc_number_why(fc_num_status st);

/* s for a message: control bytes as \xNN, cut to n bytes with "..." (n >= 8). Returns out. */
const char *fc_show(const char *s, char *out, size_t n);

/* A finite double by fc_number's rule. */
fc_status fc_csv_double(const fc_csv_row *row, size_t i, double *out, fc_err *err);
/* A finite double >= 0. */
fc_status fc_csv_nonneg(const fc_csv_row *row, size_t i, double *out, fc_err *err);
/* An integer in [lo, hi]. */
fc_status fc_csv_int(const fc_csv_row *row, size_t i, long lo, long hi, long *out, fc_err *err);

/* A boolean as every output writes it, TRUE or FALSE (any case; 1 and 0 too) -> 1 or 0. */
fc_status fc_csv_bool(const fc_csv_row *row, size_t i, int *out, fc_err *err);

/* Sex: F/M/female/male (any case) -> 0/1; when allow_both, '*', 'P' and 'persons' -> -1. */
fc_status fc_csv_sex(const fc_csv_row *row, size_t i, int allow_both, int *out, fc_err *err);

/* Age: "67" -> [67,67]; "65-69" -> [65,69]; "90+" -> [90,-1] (hi = -1 means open). */
fc_status fc_csv_age(const fc_csv_row *row, size_t i, int *lo, int *hi, fc_err *err);

/* Raises a located FC_EDATA error at wanted column i of row ("column 'x': ..."). */
fc_status fc_csv_fail(const fc_csv_row *row, size_t i, fc_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Opens path for reading, never blocking: a FIFO, a socket, a device or a directory is refused
 * by its type (stat first; the open itself is O_NONBLOCK, so a FIFO made in between cannot
 * hang either), as is an empty path. Returns the stream (binary), or NULL with *why set to a
 * short reason ("is a FIFO (named pipe)", "is a directory", or strerror's words) and
 * *wrong_type to 1 when the path exists but is not a regular file. Every input file,
 * scenario and include is opened through it. */
FILE *fc_fopen_input(const char *path, const char **why, int *wrong_type);

/* Exact decimal-to-double for a plain decimal filling s[0..n) (engine/io/dtoa.cc, fast_float):
 * 1 with *out set, or 0 for anything else (the caller falls back to strtod and its errors). */
int fc_atod(const char *s, size_t n, double *out);

#endif /* FC_ENGINE_CSVIN_H */
