/* test_csvin.c: the streaming tidy-CSV reader (engine/csvin): header matching, quoting, line
 * numbers, every malformed-input error with its exact "path:line:col:" prefix, the field
 * parsers, and identical results whatever the chunk size libcsv is fed.
 */
#include "engine/io/csvin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_util.h"

/* ------------------------------------------------------------------------ helpers */

/* The columns most tests want: four required, one optional that the fixtures lack. */
static const fc_csv_col cols4[] = {
    {"area", 1}, {"sex", 1}, {"age", 1}, {"mx", 1}, {"year", 0},
};

/* Records every row as "line:f0|f1|...;" (absent fields as "-") so whole reads compare as
 * one string. fail_line: the callback rejects the row on this line (0 = never). */
typedef struct rows {
    char text[8192];
    size_t n;
    size_t fail_line;
} rows;

static fc_status
rows_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    rows *c = ctx;
    size_t used = strlen(c->text);
    if (row->line == c->fail_line)
        return fc_csv_fail(row, 0, err, "rejected by the test");
    used += (size_t)snprintf(c->text + used, sizeof c->text - used, "%zu:", row->line);
    for (size_t i = 0; i < row->ncol; i++)
        used += (size_t)snprintf(c->text + used, sizeof c->text - used, "%s%s", i ? "|" : "",
                                 row->field[i] ? row->field[i] : "-");
    snprintf(c->text + used, sizeof c->text - used, ";");
    c->n++;
    return FC_OK;
}

/* Reads an in-memory text named "mem.csv" in one chunk. */
static fc_status
read_text(const char *text, const fc_csv_col *cols, size_t ncol, size_t min_rows, rows *r,
          fc_warnings *warn, fc_err *err)
{
    memset(r, 0, sizeof *r);
    return fc_csv_read_mem("mem.csv", text, strlen(text), 0, cols, ncol, min_rows, rows_fn, r,
                           warn, err);
}

/* Reads fixture rel (below tests/data) with cols4 and checks the status and the start of the
 * formatted error: want is what follows "path" (e.g. ":3:2: error: ..."). */
static void
check_bad(const char *rel, size_t min_rows, fc_status st, const char *want)
{
    char prefix[1024];
    const char *path = fc_fixture(rel);
    fc_err err = {0};
    rows r = {{0}, 0, 0};
    snprintf(prefix, sizeof prefix, "%s%s", path, want);
    assert_int_equal(fc_csv_read(path, cols4, 5, min_rows, rows_fn, &r, NULL, &err), st);
    assert_err(&err, st, prefix);
}

/* ------------------------------------------------------------------------ reading */

static void
test_fc_csv_read_valid_fixture(void **state)
{
    /* BOM, mixed-case header in another order with a descriptive and an unknown column, CRLF then LF, a blank
     * line (3) and a line of empty fields (5) skipped, quoted fields with commas and doubled
     * quotes; the optional 'year' column is absent (NULL) */
    const char *path = fc_fixture("csv_valid.csv");
    fc_warnings w = {0};
    fc_err err = {0};
    rows r = {{0}, 0, 0};
    char want[512];
    (void)state;
    assert_int_equal(fc_csv_read(path, cols4, 5, 1, rows_fn, &r, &w, &err), FC_OK);
    assert_string_equal(r.text, "2:S12000049|F|67|0.0137|-;"
                                "4:S12000047|m|65-69|2.385e-2|-;"
                                "6:S12000036|female|90+|0.2385|-;");
    assert_int_equal(r.n, 3);
    /* the unknown column is named in one warning; a descriptive column that published
     * tables carry (area_name) is passed over quietly */
    assert_int_equal(w.n, 1);
    snprintf(want, sizeof want, "%s: ignoring 1 unknown column: 'remarks'", path);
    assert_string_equal(w.msg[0], want);
    fc_warnings_fini(&w);
    fc_warnings_fini(&w); /* a finished list can be finished again */
}

static void
test_fc_csv_read_quoting(void **state)
{
    /* RFC 4180: a comma inside quotes, doubled quotes, an empty quoted field, spaces kept
     * inside quotes */
    static const fc_csv_col cols[] = {{"name", 1}, {"value", 1}};
    rows r;
    fc_err err = {0};
    (void)state;
    assert_int_equal(read_text("Value,NAME\n"
                               "1,\"a,b\"\n"
                               "2,\"say \"\"hi\"\"\"\n"
                               "\"3\",\" x \"\n"
                               "4,\"\"\n",
                               cols, 2, 1, &r, NULL, &err),
                     FC_OK);
    assert_string_equal(r.text, "2:a,b|1;3:say \"hi\"|2;4: x |3;5:|4;");
}

static void
test_fc_csv_read_line_ends(void **state)
{
    /* the same table with LF, CRLF, no final newline and blank lines gives the same rows,
     * numbered by file line */
    static const fc_csv_col cols[] = {{"a", 1}, {"b", 1}};
    rows r;
    fc_err err = {0};
    (void)state;
    assert_int_equal(read_text("a,b\n1,2\n3,4\n", cols, 2, 1, &r, NULL, &err), FC_OK);
    assert_string_equal(r.text, "2:1|2;3:3|4;");
    assert_int_equal(read_text("a,b\r\n1,2\r\n3,4\r\n", cols, 2, 1, &r, NULL, &err), FC_OK);
    assert_string_equal(r.text, "2:1|2;3:3|4;");
    assert_int_equal(read_text("a,b\r\n1,2\n3,4", cols, 2, 1, &r, NULL, &err), FC_OK);
    assert_string_equal(r.text, "2:1|2;3:3|4;");
    /* blank lines before the header, inside the data and at the end; a line of spaces */
    assert_int_equal(read_text("\n\r\na,b\n\n1,2\n   \n\r\n3,4\n\n\n", cols, 2, 1, &r, NULL,
                               &err),
                     FC_OK);
    assert_string_equal(r.text, "5:1|2;8:3|4;");
    assert_int_equal(err.status, FC_OK);
}

static void
test_fc_csv_read_no_warning_when_all_known(void **state)
{
    static const fc_csv_col cols[] = {{"a", 1}, {"b", 0}};
    fc_warnings w = {0};
    rows r;
    fc_err err = {0};
    (void)state;
    assert_int_equal(read_text("B,A\n2.385,0.0137\n", cols, 2, 1, &r, &w, &err), FC_OK);
    assert_string_equal(r.text, "2:0.0137|2.385;");
    assert_int_equal(w.n, 0);
    fc_warnings_fini(&w);
}

static void
test_fc_csv_read_callback_error(void **state)
{
    /* a row rejected by the callback stops the read with the callback's located error */
    const char *path = fc_fixture("csv_valid.csv");
    char prefix[512];
    fc_err err = {0};
    rows r = {{0}, 0, 4};
    (void)state;
    assert_int_equal(fc_csv_read(path, cols4, 5, 1, rows_fn, &r, NULL, &err), FC_EDATA);
    /* (the column as the file spells it) */
    snprintf(prefix, sizeof prefix, "%s:4:4: error: column 'Area': rejected by the test", path);
    assert_err(&err, FC_EDATA, prefix);
    assert_int_equal(r.n, 1);
}

/* ------------------------------------------------------------------------ malformed input */

static void
test_fc_csv_read_quoted_newline(void **state)
{
    (void)state;
    check_bad("bad/csv_quoted_newline.csv", 1, FC_EDATA,
              ":3:2: error: quoted field contains a line break (not allowed: records must be one "
              "line)");
}

static void
test_fc_csv_read_quoted_cr(void **state)
{
    static const fc_csv_col cols[] = {{"a", 1}, {"b", 1}};
    rows r;
    fc_err err = {0};
    (void)state;
    assert_int_equal(read_text("a,b\n1,2\n3,\"x\ry\"\n", cols, 2, 1, &r, NULL, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "mem.csv:3:2: error: quoted field contains a line break");
}

static void
test_fc_csv_read_ragged(void **state)
{
    (void)state;
    /* the short row comes after two blank lines: line 5, the first missing field is 4 */
    check_bad("bad/csv_ragged_short.csv", 1, FC_EDATA,
              ":5:4: error: expected 4 fields as in the header, found 3");
    check_bad("bad/csv_ragged_long.csv", 1, FC_EDATA,
              ":3:5: error: expected 4 fields as in the header, found 5");
}

static void
test_fc_csv_read_missing_column(void **state)
{
    (void)state;
    check_bad("bad/csv_missing_column.csv", 1, FC_EDATA,
              ":1: error: missing required column 'mx'");
    check_bad("bad/csv_semicolon.csv", 1, FC_EDATA,
              ":1: error: missing required column 'area' (the header has one field: is the file "
              "separated by ';' or tabs instead of commas?)");
}

static void
test_fc_csv_read_duplicate_column(void **state)
{
    (void)state;
    check_bad("bad/csv_duplicate_column.csv", 1, FC_EDATA,
              ":1:5: error: columns 'Age' (3) and 'AGE' (5) both match 'age' (column names "
              "are case-insensitive)");
}

/* 'lx' and 'Lx' side by side (Fulcrum's own lifetables.csv) read fine when the reader wants
 * neither or one spelled exactly once; the same name twice is always an error. */
static void
test_fc_csv_read_case_twins(void **state)
{
    static const fc_csv_col ex[] = {{"ex", 1}};
    static const fc_csv_col lx[] = {{"lx", 1}};
    rows r;
    fc_err err = {0};
    (void)state;
    assert_int_equal(read_text("lx,Lx,ex\n1,2,3\n", ex, 1, 1, &r, NULL, &err), FC_OK);
    assert_int_equal(read_text("lx,Lx,ex\n1,2,3\n", lx, 1, 1, &r, NULL, &err), FC_EDATA);
    assert_non_null(strstr(err.msg, "columns 'lx' (1) and 'Lx' (2) both match 'lx'"));
    memset(&err, 0, sizeof err);
    assert_int_equal(read_text("ex,q,q\n1,2,3\n", ex, 1, 1, &r, NULL, &err), FC_EDATA);
    assert_non_null(strstr(err.msg, "duplicate column 'q'"));
}

static void
test_fc_csv_read_empty_column_name(void **state)
{
    static const fc_csv_col cols[] = {{"a", 1}};
    rows r;
    fc_err err = {0};
    (void)state;
    assert_int_equal(read_text("a,,c\n1,2,3\n", cols, 1, 1, &r, NULL, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "mem.csv:1:2: error: empty column name in the header");
}

static void
test_fc_csv_read_empty_and_header_only(void **state)
{
    const char *path = fc_fixture("bad/csv_header_only.csv");
    fc_err err = {0};
    rows r = {{0}, 0, 0};
    (void)state;
    check_bad("bad/csv_empty.csv", 1, FC_EDATA, ": error: empty file: expected a header row");
    check_bad("bad/csv_empty.csv", 0, FC_EDATA, ": error: empty file: expected a header row");
    check_bad("bad/csv_header_only.csv", 1, FC_EDATA, ": error: no data rows after the header");
    /* a header alone is fine when no rows are required */
    assert_int_equal(fc_csv_read(path, cols4, 5, 0, rows_fn, &r, NULL, &err), FC_OK);
    assert_int_equal(r.n, 0);
    assert_int_equal(err.status, FC_OK);
}

static void
test_fc_csv_read_only_if(void **state)
{
    /* FC_COL_ONLY_IF (a table read once per optional value column): without the column the
     * reader stops after the header (a row with too many fields is not seen, and min_rows
     * does not apply); with it every row is read and checked as usual */
    static const fc_csv_col cols[] = {{"a", 1}, {"v", FC_COL_ONLY_IF}};
    rows r;
    fc_err err = {0};
    (void)state;
    assert_int_equal(read_text("a,b\n1,2\n1,2,3\n", cols, 2, 1, &r, NULL, &err), FC_OK);
    assert_int_equal(r.n, 0);
    assert_int_equal(read_text("A,V\n1,2\n3,\n", cols, 2, 1, &r, NULL, &err), FC_OK);
    assert_string_equal(r.text, "2:1|2;3:3|;");
    assert_int_equal(read_text("a,v\n1,2\n1,2,3\n", cols, 2, 1, &r, NULL, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "mem.csv:3:3: error: expected 2 fields as in the header, found 3");
    /* the required column is still required */
    fc_err_clear(&err);
    assert_int_equal(read_text("b\n1\n", cols, 2, 1, &r, NULL, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "mem.csv:1: error: missing required column 'a'");
}

static void
test_fc_csv_read_utf16_and_nul(void **state)
{
    (void)state;
    check_bad("bad/csv_utf16.csv", 1, FC_EDATA,
              ":1: error: file is UTF-16 encoded; save it as UTF-8 CSV");
    check_bad("bad/csv_nul.csv", 1, FC_EDATA,
              ":3: error: file contains a NUL byte (is it UTF-16 or a binary file?)");
}

static void
test_fc_csv_read_quotes(void **state)
{
    (void)state;
    /* the last field opens a quote that never closes, at the end of the file */
    check_bad("bad/csv_unterminated_quote.csv", 1, FC_EDATA,
              ":3:4: error: malformed CSV at end of file: error parsing data while strict "
              "checking enabled (unterminated quoted field?)");
    /* a quote inside an unquoted field, after a blank line */
    check_bad("bad/csv_stray_quote.csv", 1, FC_EDATA,
              ":4:3: error: malformed CSV: error parsing data while strict checking enabled "
              "(stray or unbalanced double quote)");
}

static void
test_fc_csv_read_stray_open_quote(void **state)
{
    /* an opening quote never closed, followed by more lines: reported where it opens, not
     * at a line past the end of the file */
    static const fc_csv_col cols[] = {{"a", 1}, {"b", 1}};
    rows r;
    fc_err err = {0};
    (void)state;
    assert_int_equal(read_text("a,b\n1,2\n3,\"4\n5,6\n7,8\n", cols, 2, 1, &r, NULL, &err),
                     FC_EDATA);
    assert_err(&err, FC_EDATA, "mem.csv:3:2: error: quoted field contains a line break");
    assert_string_equal(r.text, "2:1|2;");
}

static void
test_fc_csv_read_too_many_fields(void **state)
{
    /* 4097 header fields: the 4097th is one too many */
    static const fc_csv_col cols[] = {{"c0", 1}};
    size_t n = FC_CSV_MAX_FIELDS + 1, cap = n * 8 + 16, used = 0;
    char *text = malloc(cap);
    rows r;
    fc_err err = {0};
    char prefix[64];
    (void)state;
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, cap - used, "%sc%zu", i ? "," : "", i);
    snprintf(text + used, cap - used, "\n");
    assert_int_equal(read_text(text, cols, 1, 1, &r, NULL, &err), FC_ELIMIT);
    snprintf(prefix, sizeof prefix, "mem.csv:1:%d: error: more than %d fields in one record",
             FC_CSV_MAX_FIELDS + 1, FC_CSV_MAX_FIELDS);
    assert_err(&err, FC_ELIMIT, prefix);
    free(text);
}

static void
test_fc_csv_read_field_too_long(void **state)
{
    static const fc_csv_col cols[] = {{"a", 1}, {"b", 1}};
    size_t n = FC_CSV_MAX_FIELD_LEN + 1;
    char *text = malloc(n + 32);
    rows r;
    fc_err err = {0};
    (void)state;
    assert_non_null(text);
    strcpy(text, "a,b\n1,");
    memset(text + 6, 'x', n);
    strcpy(text + 6 + n, "\n");
    assert_int_equal(read_text(text, cols, 2, 1, &r, NULL, &err), FC_ELIMIT);
    assert_err(&err, FC_ELIMIT, "mem.csv:2:2: error: a field longer than 65536 bytes");
    free(text);
}

static void
test_fc_csv_read_io_errors(void **state)
{
    fc_err err = {0};
    rows r = {{0}, 0, 0};
    (void)state;
    assert_int_equal(fc_csv_read("tests/data/no_such_file.csv", cols4, 5, 1, rows_fn, &r, NULL,
                                 &err),
                     FC_EIO);
    assert_err(&err, FC_EIO, "tests/data/no_such_file.csv: error: cannot open: ");
    fc_err_clear(&err);
    assert_int_equal(fc_csv_read("tests/data", cols4, 5, 1, rows_fn, &r, NULL, &err), FC_EIO);
    assert_err(&err, FC_EIO, "tests/data: error: is a directory, not a CSV file");
}

/* ------------------------------------------------------------------------ chunk sizes */

/* Reads fixture rel at every chunk size from 1 to its length and checks each read gives the
 * rows, status and formatted error of the whole-buffer read. */
static void
check_all_chunks(const char *rel, fc_status want_st)
{
    const char *path = fc_fixture(rel);
    size_t len = 0;
    char *buf = fc_slurp(path, &len);
    rows r0, r;
    fc_err e0 = {0}, e = {0};
    char m0[2048], m[2048];
    fc_status st0;

    assert_non_null(buf);
    assert_true(len > 0);
    memset(&r0, 0, sizeof r0);
    st0 = fc_csv_read_mem(path, buf, len, 0, cols4, 5, 1, rows_fn, &r0, NULL, &e0);
    assert_int_equal(st0, want_st);
    fc_format_err(&e0, m0, sizeof m0);
    for (size_t chunk = 1; chunk <= len; chunk++) {
        fc_warnings w = {0};
        memset(&r, 0, sizeof r);
        fc_err_clear(&e);
        fc_status st = fc_csv_read_mem(path, buf, len, chunk, cols4, 5, 1, rows_fn, &r, &w, &e);
        fc_format_err(&e, m, sizeof m);
        if (st != st0 || strcmp(r.text, r0.text) != 0 || strcmp(m, m0) != 0)
            print_error("chunk %zu: status %d rows '%s' error '%s'; whole: %d '%s' '%s'\n",
                        chunk, st, r.text, m, st0, r0.text, m0);
        assert_int_equal(st, st0);
        assert_string_equal(r.text, r0.text);
        assert_string_equal(m, m0);
        assert_int_equal(w.n, want_st == FC_OK ? 1 : w.n);
        fc_warnings_fini(&w);
    }
    free(buf);
}

static void
test_fc_csv_read_mem_every_chunk_valid(void **state)
{
    (void)state;
    check_all_chunks("csv_valid.csv", FC_OK);
}

static void
test_fc_csv_read_mem_every_chunk_invalid(void **state)
{
    (void)state;
    check_all_chunks("bad/csv_stray_quote.csv", FC_EDATA);
    check_all_chunks("bad/csv_quoted_newline.csv", FC_EDATA);
    check_all_chunks("bad/csv_ragged_short.csv", FC_EDATA);
    check_all_chunks("bad/csv_unterminated_quote.csv", FC_EDATA);
    check_all_chunks("bad/csv_utf16.csv", FC_EDATA);
    check_all_chunks("bad/csv_nul.csv", FC_EDATA);
}

static void
test_fc_csv_read_mem_tiny(void **state)
{
    /* inputs shorter than a BOM, at every chunk size */
    static const fc_csv_col cols[] = {{"a", 1}};
    fc_err err = {0};
    rows r;
    (void)state;
    for (size_t chunk = 0; chunk <= 2; chunk++) {
        memset(&r, 0, sizeof r);
        fc_err_clear(&err);
        assert_int_equal(fc_csv_read_mem("t.csv", "a\n", 2, chunk, cols, 1, 0, rows_fn, &r, NULL,
                                         &err),
                         FC_OK);
        fc_err_clear(&err);
        assert_int_equal(fc_csv_read_mem("t.csv", "\xEF\xBB", 2, chunk, cols, 1, 0, rows_fn, &r,
                                         NULL, &err),
                         FC_EDATA);
        /* a BOM cut short is not UTF-8 */
        assert_err(&err, FC_EDATA, "t.csv:1:1: error: byte 0xEF is not UTF-8");
        fc_err_clear(&err);
        assert_int_equal(fc_csv_read_mem("t.csv", "\xEF\xBB\xBF", 3, chunk, cols, 1, 0, rows_fn,
                                         &r, NULL, &err),
                         FC_EDATA);
        assert_err(&err, FC_EDATA, "t.csv: error: empty file: expected a header row");
    }
}

/* Hostile encodings (issue 9), at every chunk size so a split never hides them: a BOM after
 * the start, bytes that are not UTF-8 (Latin-1, overlong forms, surrogates, a sequence cut
 * short), bare-CR line ends, and the well-formed UTF-8 and CRLF that must still pass. */
static void
test_fc_csv_read_mem_encodings(void **state)
{
    static const fc_csv_col cols[] = {{"a", 1}, {"b", 1}};
    static const struct {
        const char *text, *want; /* want NULL: reads fine */
    } cases[] = {
        {"a,b\r\nx,1\r\ny,2\r\n", NULL},
        {"a,b\nM\xC3\xB4n,1\n\xE2\x82\xAC,\xF0\x9F\x98\x80\n", NULL},
        {"a,b\nx,1\n\xEF\xBB\xBFy,2\n", "t.csv:3:1: error: a byte-order mark (U+FEFF)"},
        {"a,b\nx,1\ny,\"2\xEF\xBB\xBF\"\n", "t.csv:3:2: error: a byte-order mark (U+FEFF)"},
        {"a,b\nYnys M\xF4n,1\n", "t.csv:2:1: error: byte 0xF4 is not UTF-8"},
        {"a,b\nx,\xC0\xAF\n", "t.csv:2:2: error: byte 0xC0 is not UTF-8"},
        {"a,b\nx,\xE0\x80\xAF\n", "t.csv:2:2: error: byte 0xE0 is not UTF-8"},
        {"a,b\nx,\xED\xA0\x80\n", "t.csv:2:2: error: byte 0xED is not UTF-8"},
        {"a,b\nx,\xF4\x90\x80\x80\n", "t.csv:2:2: error: byte 0xF4 is not UTF-8"},
        {"a,b\nx,1\xE2\x82\n", "t.csv:2:2: error: byte 0xE2 is not UTF-8"},
        {"a,b\rx,1\ry,2\r", "t.csv:1: error: a carriage return not followed by a line feed"},
        {"a,b\nx,1\ry,2\n", "t.csv:2: error: a carriage return not followed by a line feed"},
    };
    char got[FC_ERR_MSG_MAX + FC_ERR_PATH_MAX + 64];
    fc_err err;
    rows r;
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t len = strlen(cases[c].text);
        for (size_t chunk = 0; chunk <= len; chunk++) {
            memset(&r, 0, sizeof r);
            fc_err_clear(&err);
            fc_status st = fc_csv_read_mem("t.csv", cases[c].text, len, chunk, cols, 2, 1,
                                           rows_fn, &r, NULL, &err);
            fc_format_err(&err, got, sizeof got);
            if (cases[c].want == NULL) {
                if (st != FC_OK)
                    fail_msg("case %zu, chunk %zu: %s", c, chunk, got);
                assert_int_equal(r.n, 2);
            } else if (st != FC_EDATA || strncmp(got, cases[c].want, strlen(cases[c].want))) {
                fail_msg("case %zu, chunk %zu: got '%s', want '%s...'", c, chunk, got,
                         cases[c].want);
            }
        }
    }
}

/* ------------------------------------------------------------------------ field parsers */

/* A row as a callback sees it: line 7, columns mx (file column 4), age (2), sex (3), n (5). */
static const fc_csv_col pcols[] = {{"mx", 1}, {"age", 1}, {"sex", 1}, {"n", 0}};
static const size_t ppos[] = {4, 2, 3, 5};

static fc_csv_row
prow(const char **field)
{
    fc_csv_row row = {"pop.csv", 7, 4, field, ppos, pcols, NULL, NULL};
    return row;
}

static void
check_double_bad(const char *s, const char *want)
{
    const char *f[4] = {s, NULL, NULL, NULL};
    fc_csv_row row = prow(f);
    fc_err err = {0};
    double v = 2.385;
    assert_int_equal(fc_csv_double(&row, 0, &v, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, want);
    if (strncmp(err.msg, want + strlen("pop.csv:7:4: error: "), 200) != 0)
        fail_msg("message '%s'", err.msg);
    assert_close(v, 2.385, 0, 0); /* untouched */
}

static void
test_fc_csv_double(void **state)
{
    const char *f[4] = {"0.0137", NULL, NULL, NULL};
    fc_csv_row row = prow(f);
    fc_err err = {0};
    double v = 0;
    (void)state;
    assert_int_equal(fc_csv_double(&row, 0, &v, &err), FC_OK);
    assert_close(v, 0.0137, 0, 0);
    f[0] = "-2.385e-3";
    assert_int_equal(fc_csv_double(&row, 0, &v, &err), FC_OK);
    assert_close(v, -0.002385, 1e-15, 0);
    f[0] = "1e-400"; /* underflow is harmless: 0 */
    assert_int_equal(fc_csv_double(&row, 0, &v, &err), FC_OK);
    assert_close(v, 0.0, 0, 0);
    assert_int_equal(err.status, FC_OK);

    check_double_bad("0,0043", "pop.csv:7:4: error: column 'mx': '0,0043' is not a number");
    check_double_bad("nan", "pop.csv:7:4: error: column 'mx': 'nan' is not a finite number");
    check_double_bad("inf", "pop.csv:7:4: error: column 'mx': 'inf' is not a finite number");
    check_double_bad("-Infinity",
                     "pop.csv:7:4: error: column 'mx': '-Infinity' is not a finite number");
    check_double_bad("1e400", "pop.csv:7:4: error: column 'mx': '1e400' is not a finite number");
    check_double_bad("", "pop.csv:7:4: error: column 'mx': empty value");
    check_double_bad("0.5 x", "pop.csv:7:4: error: column 'mx': '0.5 x' is not a number");
    check_double_bad("0x1p-3", "pop.csv:7:4: error: column 'mx': '0x1p-3' is not a number");
    /* absurd magnitudes (FC_CSV_MAX_ABS = 1e15), on both the fast and the strtod path */
    check_double_bad("1000000000000000.5", "pop.csv:7:4: error: column 'mx': "
                     "'1000000000000000.5' is larger in magnitude than 1e+15, the largest "
                     "value accepted");
    check_double_bad("-2e15", "pop.csv:7:4: error: column 'mx': '-2e15' is larger in magnitude "
                     "than 1e+15, the largest value accepted");
    check_double_bad("1.7e308", "pop.csv:7:4: error: column 'mx': '1.7e308' is larger in "
                     "magnitude than 1e+15, the largest value accepted");
    /* a long value is shortened in the message */
    check_double_bad("12345678901234567890123456789012345678901234567890x",
                     "pop.csv:7:4: error: column 'mx': "
                     "'12345678901234567890123456789012345678901234...' is not a number");
    /* an absent optional column reads as empty, at column 0 */
    {
        fc_err e2 = {0};
        double d = 0;
        assert_int_equal(fc_csv_double(&row, 3, &d, &e2), FC_EDATA);
        assert_err(&e2, FC_EDATA, "pop.csv:7:5: error: column 'n': empty value");
    }
}

static void
test_fc_csv_nonneg_and_int(void **state)
{
    const char *f[4] = {"-0.0137", NULL, NULL, "2021"};
    fc_csv_row row = prow(f);
    fc_err err = {0};
    double v = 0;
    long n = 0;
    (void)state;
    assert_int_equal(fc_csv_nonneg(&row, 0, &v, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "pop.csv:7:4: error: column 'mx': '-0.0137' is negative");
    fc_err_clear(&err);
    f[0] = "0";
    assert_int_equal(fc_csv_nonneg(&row, 0, &v, &err), FC_OK);
    assert_int_equal(fc_csv_int(&row, 3, 1000, 3000, &n, &err), FC_OK);
    assert_int_equal(n, 2021);
    f[3] = "2021.5";
    assert_int_equal(fc_csv_int(&row, 3, 1000, 3000, &n, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "pop.csv:7:5: error: column 'n': '2021.5' is not an integer");
    fc_err_clear(&err);
    f[3] = "999";
    assert_int_equal(fc_csv_int(&row, 3, 1000, 3000, &n, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "pop.csv:7:5: error: column 'n': 999 is outside 1000..3000");
    assert_int_equal(n, 2021);
}

static void
check_age(const char *s, int lo, int hi)
{
    const char *f[4] = {NULL, s, NULL, NULL};
    fc_csv_row row = prow(f);
    fc_err err = {0};
    int a = -7, b = -7;
    assert_int_equal(fc_csv_age(&row, 1, &a, &b, &err), FC_OK);
    assert_int_equal(a, lo);
    assert_int_equal(b, hi);
}

static void
check_age_bad(const char *s, const char *want)
{
    const char *f[4] = {NULL, s, NULL, NULL};
    fc_csv_row row = prow(f);
    fc_err err = {0};
    int a = -7, b = -7;
    assert_int_equal(fc_csv_age(&row, 1, &a, &b, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, want);
    assert_int_equal(a, -7);
    assert_int_equal(b, -7);
}

static void
test_fc_csv_age(void **state)
{
    (void)state;
    check_age("67", 67, 67);
    check_age("65-69", 65, 69);
    check_age("90+", 90, -1);
    check_age("0", 0, 0);
    check_age_bad("69-65", "pop.csv:7:2: error: column 'age': age band '69-65' ends before it "
                           "starts");
    check_age_bad("x", "pop.csv:7:2: error: column 'age': 'x' is not an age (expected 67, 65-69 "
                       "or 90+, ages 0..1000)");
    check_age_bad("65-", "pop.csv:7:2: error: column 'age': '65-' is not an age");
    check_age_bad("90+1", "pop.csv:7:2: error: column 'age': '90+1' is not an age");
    check_age_bad("-5", "pop.csv:7:2: error: column 'age': '-5' is not an age");
    check_age_bad("1001", "pop.csv:7:2: error: column 'age': '1001' is not an age");
    check_age_bad("", "pop.csv:7:2: error: column 'age': empty value");
}

static void
check_sex(const char *s, int allow_both, int want)
{
    const char *f[4] = {NULL, NULL, s, NULL};
    fc_csv_row row = prow(f);
    fc_err err = {0};
    int v = 7;
    assert_int_equal(fc_csv_sex(&row, 2, allow_both, &v, &err), FC_OK);
    assert_int_equal(v, want);
}

static void
check_sex_bad(const char *s, int allow_both, const char *want)
{
    const char *f[4] = {NULL, NULL, s, NULL};
    fc_csv_row row = prow(f);
    fc_err err = {0};
    int v = 7;
    assert_int_equal(fc_csv_sex(&row, 2, allow_both, &v, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, want);
    assert_int_equal(v, 7);
}

static void
test_fc_csv_sex(void **state)
{
    (void)state;
    check_sex("F", 0, 0);
    check_sex("female", 0, 0);
    check_sex("FEMALE", 1, 0);
    check_sex("m", 0, 1);
    check_sex("Male", 0, 1);
    check_sex("*", 1, -1);
    check_sex("P", 1, -1);
    check_sex("persons", 1, -1);
    check_sex_bad("*", 0, "pop.csv:7:3: error: column 'sex': '*' is not a sex (expected F or M)");
    check_sex_bad("P", 0, "pop.csv:7:3: error: column 'sex': 'P' is not a sex (expected F or M)");
    check_sex_bad("X", 1, "pop.csv:7:3: error: column 'sex': 'X' is not a sex (expected F or M, "
                          "or * for both)");
    check_sex_bad("", 1, "pop.csv:7:3: error: column 'sex': empty value");
}

static void
test_fc_err_first_wins(void **state)
{
    /* a second error leaves the first in place */
    const char *f[4] = {"x", "y", NULL, NULL};
    fc_csv_row row = prow(f);
    fc_err err = {0};
    double v;
    int a, b;
    (void)state;
    assert_int_equal(fc_csv_double(&row, 0, &v, &err), FC_EDATA);
    assert_int_equal(fc_csv_age(&row, 1, &a, &b, &err), FC_EDATA);
    assert_err(&err, FC_EDATA, "pop.csv:7:4: error: column 'mx': 'x' is not a number");
}

/* Typed columns: the reader parses them before the callback and hands their values in
 * row->num; an absent column and (with FC_COL_EMPTY_NA) an empty cell are NaN; a bad value is
 * an error at its line and column, and the callback never sees that row. */
typedef struct typed_sum {
    double year, v, nn, na_count;
    size_t rows;
} typed_sum;

static fc_status
typed_fn(void *ctx, const fc_csv_row *row, fc_err *err)
{
    typed_sum *t = ctx;
    (void)err;
    assert_non_null(row->num);
    t->year += row->num[1];
    t->v += row->num[2];
    if (isnan(row->num[3]))
        t->na_count += 1;
    else
        t->nn += row->num[3];
    t->na_count += isnan(row->num[4]); /* an absent column */
    t->rows++;
    return FC_OK;
}

static void
test_typed_columns(void **state)
{
    static const fc_csv_col cols[5] = {
        {"key", FC_COL_REQUIRED},
        {"year", FC_COL_REQUIRED | FC_COL_YEAR},
        {"v", FC_COL_REQUIRED | FC_COL_NUM},
        {"n", FC_COL_REQUIRED | FC_COL_NONNEG | FC_COL_EMPTY_NA},
        {"absent", FC_COL_NUM}};
    typed_sum t;
    fc_err err;
    (void)state;
    const char *ok = "key,year,v,n\na,2030,-1.5,2\nb,2031,2.25,\n";
    memset(&t, 0, sizeof t);
    fc_err_clear(&err);
    assert_int_equal(fc_csv_read_mem("t.csv", ok, strlen(ok), 0, cols, 5, 1, typed_fn, &t, NULL,
                                     &err), FC_OK);
    assert_int_equal(t.rows, 2);
    assert_true(t.year == 4061 && t.v == 0.75 && t.nn == 2);
    assert_true(t.na_count == 3); /* b's empty n, and the absent column twice */
    /* bad values, each at its line and column; the callback saw only the rows before */
    static const struct {
        const char *text, *want;
        size_t rows;
    } bad[] = {
        {"key,year,v,n\na,2030,1,1\nb,3101,1,1\n", "t.csv:3:2: error: column 'year': 3101 is outside 1000..3100", 1},
        {"key,year,v,n\na,2030.5,1,1\n", "t.csv:2:2: error: column 'year': '2030.5' is not an integer", 0},
        {"key,v,year,n\na,x,2030,1\n", "t.csv:2:2: error: column 'v': 'x' is not a number", 0},
        {"key,year,v,n\na,2030,,1\n", "t.csv:2:3: error: column 'v': empty value", 0},
        {"key,year,v,n\na,2030,1,-2\n", "t.csv:2:4: error: column 'n': '-2' is negative", 0},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char msg[512];
        memset(&t, 0, sizeof t);
        fc_err_clear(&err);
        assert_int_equal(fc_csv_read_mem("t.csv", bad[k].text, strlen(bad[k].text), 0, cols, 5, 1,
                                         typed_fn, &t, NULL, &err), FC_EDATA);
        fc_format_err(&err, msg, sizeof msg);
        if (strncmp(msg, bad[k].want, strlen(bad[k].want)) != 0)
            fail_msg("case %zu: got '%s', want '%s...'", k, msg, bad[k].want);
        assert_int_equal(t.rows, bad[k].rows);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fc_csv_read_valid_fixture),
        cmocka_unit_test(test_fc_csv_read_quoting),
        cmocka_unit_test(test_fc_csv_read_line_ends),
        cmocka_unit_test(test_fc_csv_read_no_warning_when_all_known),
        cmocka_unit_test(test_fc_csv_read_callback_error),
        cmocka_unit_test(test_fc_csv_read_quoted_newline),
        cmocka_unit_test(test_fc_csv_read_quoted_cr),
        cmocka_unit_test(test_fc_csv_read_ragged),
        cmocka_unit_test(test_fc_csv_read_missing_column),
        cmocka_unit_test(test_fc_csv_read_duplicate_column),
        cmocka_unit_test(test_fc_csv_read_case_twins),
        cmocka_unit_test(test_fc_csv_read_empty_column_name),
        cmocka_unit_test(test_fc_csv_read_empty_and_header_only),
        cmocka_unit_test(test_fc_csv_read_only_if),
        cmocka_unit_test(test_fc_csv_read_utf16_and_nul),
        cmocka_unit_test(test_fc_csv_read_quotes),
        cmocka_unit_test(test_fc_csv_read_stray_open_quote),
        cmocka_unit_test(test_fc_csv_read_too_many_fields),
        cmocka_unit_test(test_fc_csv_read_field_too_long),
        cmocka_unit_test(test_fc_csv_read_io_errors),
        cmocka_unit_test(test_fc_csv_read_mem_every_chunk_valid),
        cmocka_unit_test(test_fc_csv_read_mem_every_chunk_invalid),
        cmocka_unit_test(test_fc_csv_read_mem_tiny),
        cmocka_unit_test(test_fc_csv_read_mem_encodings),
        cmocka_unit_test(test_fc_csv_double),
        cmocka_unit_test(test_fc_csv_nonneg_and_int),
        cmocka_unit_test(test_fc_csv_age),
        cmocka_unit_test(test_fc_csv_sex),
        cmocka_unit_test(test_fc_err_first_wins),
        cmocka_unit_test(test_typed_columns),
    };
    return cmocka_run_group_tests_name("csvin", tests, NULL, NULL);
}
