/* columns.h: every output table's columns, with their types and units, in one registry. The
 * Excel workbook formats its cells by it (engine/io/xlsx.c), `fulcrum columns` prints it as
 * the manual's docs/columns.md, and tests/cli/columns.sh checks that every column any run
 * writes is in it, so the documentation cannot drift from the files. */
#ifndef FC_ENGINE_COLUMNS_H
#define FC_ENGINE_COLUMNS_H

#include <stddef.h>

typedef enum fc_column_kind {
    FC_COLK_TEXT,    /* a name or a label */
    FC_COLK_YEAR,    /* a calendar year */
    FC_COLK_FYEAR,   /* a financial year, by its first calendar year (2024 = 2024/25) */
    FC_COLK_INT,     /* a whole number: a rank, a draw, a count */
    FC_COLK_PERSONS, /* people */
    FC_COLK_NUM,     /* a number in the unit given */
    FC_COLK_MONEY,   /* GBP */
    FC_COLK_PCT,     /* percent (3.5 = 3.5%) */
    FC_COLK_SHARE,   /* a share or probability, 0..1 */
    FC_COLK_BOOL,    /* TRUE or FALSE */
    FC_COLK_N
} fc_column_kind;

typedef struct fc_column {
    const char *name;      /* not NUL-terminated: name_len bytes ("*": any other column) */
    size_t name_len;
    fc_column_kind kind;
    const char *kind_name; /* "money", "year", ... */
    const char *unit;      /* unit_len bytes, maybe 0 */
    size_t unit_len;
    const char *note;      /* note_len bytes (0: none): more on a unit the kind fixes */
    size_t note_len;
} fc_column;

/* The tables, by index: file name (NULL past the last) and a sentence on what it holds. */
size_t fc_columns_ntables(void);
const char *fc_columns_table(size_t i, const char **about);

/* Column k of table i into c: 0, or -1 past the last. */
int fc_columns_get(size_t table, size_t k, fc_column *c);

/* The column `column` of output `file` into c: 0, or -1 when the registry has no such. */
int fc_columns_find(const char *file, const char *column, fc_column *c);

#endif /* FC_ENGINE_COLUMNS_H */
