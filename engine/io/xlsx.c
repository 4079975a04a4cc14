/* xlsx.c: the run's tables as one Excel workbook (see xlsx.h). */
#include "engine/io/xlsx.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "engine/io/columns.h"
#include "engine/io/csvin.h"

#define MAX_ROWS 1048576u /* an Excel sheet's rows, the header included */
#define MAX_COLS 256u

/* The formats every sheet shares. */
typedef struct formats {
    lxw_format *head, *money, *pct, *share, *persons, *whole, *wrap;
} formats;

/* One table being laid into its sheet. */
typedef struct sheet {
    lxw_worksheet *ws;
    const formats *f;
    const char *file;
    char *field[MAX_COLS];   /* the current row's fields (owned copies) */
    size_t nfield, ncol;
    fc_column col[MAX_COLS]; /* the header's columns, typed by the registry */
    int known[MAX_COLS];
    int unit_col;            /* a long form's unit column, or -1 */
    double width[MAX_COLS];
    lxw_row_t row;
    int err;                 /* lxw_error or -1 for memory */
} sheet;

static void
on_field(void *s, size_t len, void *data)
{
    sheet *sh = data;
    char *f;
    if (sh->nfield == MAX_COLS || (f = malloc(len + 1)) == NULL) {
        sh->err = sh->err ? sh->err : -1;
        return;
    }
    memcpy(f, s, len);
    f[len] = '\0';
    sh->field[sh->nfield++] = f;
}

static int
is_money_unit(const char *u)
{
    return u && strncmp(u, "GBP", 3) == 0 && strstr(u, " per ") == NULL;
}

/* Writes field k of the current row into its cell. */
static lxw_error
put(sheet *sh, size_t k)
{
    const char *v = sh->field[k];
    const fc_column *c = &sh->col[k];
    const formats *f = sh->f;
    lxw_col_t col = (lxw_col_t)k;
    double x;
    fc_column_kind kind = sh->known[k] ? c->kind : FC_COLK_NUM;

    if (v[0] == '\0' || strcmp(v, "NA") == 0)
        return LXW_NO_ERROR; /* missing: an empty cell */
    if (kind == FC_COLK_BOOL && (strcmp(v, "TRUE") == 0 || strcmp(v, "FALSE") == 0))
        return worksheet_write_boolean(sh->ws, sh->row, col, v[0] == 'T', NULL);
    if (kind == FC_COLK_TEXT || fc_number(v, &x) != FC_NUM_OK)
        return worksheet_write_string(sh->ws, sh->row, col, v, NULL);
    if (kind == FC_COLK_NUM && sh->unit_col >= 0 && (size_t)sh->unit_col < sh->nfield) {
        const char *u = sh->field[sh->unit_col]; /* a long form: the row's unit says */
        if (is_money_unit(u))
            kind = FC_COLK_MONEY;
        else if (u[0] == '%')
            kind = FC_COLK_PCT;
        else if (strncmp(u, "financial year", 14) == 0)
            kind = FC_COLK_FYEAR;
    }
    switch (kind) {
    case FC_COLK_FYEAR: {
        char fy[16];
        long y = (long)x;
        if ((double)y != x || y < 1000 || y > 9998)
            return worksheet_write_number(sh->ws, sh->row, col, x, NULL);
        snprintf(fy, sizeof fy, "%ld/%02ld", y, (y + 1) % 100);
        return worksheet_write_string(sh->ws, sh->row, col, fy, NULL);
    }
    case FC_COLK_MONEY:
        return worksheet_write_number(sh->ws, sh->row, col, x, f->money);
    case FC_COLK_PCT:
        return worksheet_write_number(sh->ws, sh->row, col, x / 100.0, f->pct);
    case FC_COLK_SHARE:
        return worksheet_write_number(sh->ws, sh->row, col, x, f->share);
    case FC_COLK_PERSONS:
        return worksheet_write_number(sh->ws, sh->row, col, x, f->persons);
    case FC_COLK_YEAR:
    case FC_COLK_INT:
        return worksheet_write_number(sh->ws, sh->row, col, x, f->whole);
    default:
        return worksheet_write_number(sh->ws, sh->row, col, x, NULL);
    }
}

static void
on_record(int c, void *data)
{
    sheet *sh = data;
    (void)c;
    if (sh->err == 0 && sh->row == 0) { /* the header: type each column */
        sh->ncol = sh->nfield;
        sh->unit_col = -1;
        for (size_t k = 0; k < sh->nfield; k++) {
            sh->known[k] = fc_columns_find(sh->file, sh->field[k], &sh->col[k]) == 0;
            if (strcmp(sh->field[k], "unit") == 0)
                sh->unit_col = (int)k;
            sh->width[k] = (double)strlen(sh->field[k]) + 2.0;
            lxw_error e = worksheet_write_string(sh->ws, 0, (lxw_col_t)k, sh->field[k],
                                                 sh->f->head);
            if (e != LXW_NO_ERROR)
                sh->err = (int)e;
        }
    } else if (sh->err == 0) {
        for (size_t k = 0; k < sh->nfield && sh->err == 0; k++) {
            lxw_error e = put(sh, k);
            double w = (double)strlen(sh->field[k]) + 2.0;
            if (e != LXW_NO_ERROR)
                sh->err = (int)e;
            if (w > sh->width[k])
                sh->width[k] = w > 60.0 ? 60.0 : w;
        }
    }
    for (size_t k = 0; k < sh->nfield; k++)
        free(sh->field[k]);
    sh->nfield = 0;
    sh->row++;
}

/* A table's sheet: its file name without ".csv", cut to Excel's 31 characters. */
static void
sheet_name(const char *file, char name[32])
{
    size_t n = strlen(file) - 4;
    snprintf(name, 32, "%.*s", (int)(n < 31 ? n : 31), file);
}

/* Lays the table file (its CSV bytes) into a new sheet. */
static int
lay_table(lxw_workbook *wb, const formats *f, const char *file, const char *bytes, size_t len)
{
    char name[32];
    struct csv_parser p;
    sheet *sh = calloc(1, sizeof *sh);
    int rc;
    if (sh == NULL)
        return -1;
    sheet_name(file, name);
    sh->ws = workbook_add_worksheet(wb, name);
    sh->f = f;
    sh->file = file;
    if (sh->ws == NULL || csv_init(&p, CSV_APPEND_NULL) != 0) {
        free(sh);
        return -1;
    }
    if (csv_parse(&p, bytes, len, on_field, on_record, sh) != len)
        sh->err = sh->err ? sh->err : -1;
    csv_fini(&p, on_field, on_record, sh);
    csv_free(&p);
    for (size_t k = 0; k < sh->ncol; k++)
        worksheet_set_column(sh->ws, (lxw_col_t)k, (lxw_col_t)k, sh->width[k], NULL);
    worksheet_freeze_panes(sh->ws, 1, 0);
    if (sh->ncol && sh->row > 1)
        worksheet_autofilter(sh->ws, 0, 0, sh->row - 1, (lxw_col_t)(sh->ncol - 1));
    rc = sh->err;
    free(sh);
    return rc;
}

/* ---------------------------------------------------------------- the About sheet */

typedef struct about {
    lxw_worksheet *ws;
    const formats *f;
    lxw_row_t row;
    int err;
} about;

static int
about_row(void *ctx, const char *key, const char *text, int is_number, double number)
{
    about *a = ctx;
    lxw_error e = worksheet_write_string(a->ws, a->row, 0, key, NULL);
    if (e == LXW_NO_ERROR)
        e = is_number ? worksheet_write_number(a->ws, a->row, 1, number, NULL)
                      : worksheet_write_string(a->ws, a->row, 1, text, a->f->wrap);
    a->row++;
    if (e != LXW_NO_ERROR)
        a->err = (int)e;
    return e != LXW_NO_ERROR;
}

static size_t
count_rows(const char *b, size_t len)
{
    size_t n = 0;
    for (const char *p = b, *end = b + len; (p = memchr(p, '\n', (size_t)(end - p))) != NULL;
         p++)
        n++;
    return n;
}

/* ---------------------------------------------------------------- the workbook */

/* The workbook's date: the scenario's [appendix] data_date (YYYY-MM-DD), else 2000-01-01. */
static time_t
workbook_date(fc_scenario *s)
{
    const fc_scn_entry *e = fc_scn_get(s, "appendix", "data_date");
    int y = 2000, m = 1, d = 1;
    if (e && sscanf(e->value, "%4d-%2d-%2d", &y, &m, &d) != 3)
        y = 2000, m = 1, d = 1;
    /* days from the civil date (Howard Hinnant's algorithm), so the clock's zone plays no
     * part */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (time_t)((era * 146097 + doe - 719468) * 86400L);
}

static fc_status
lay_about(lxw_workbook *wb, const formats *f, fc_out *o, fc_scenario *s,
          const fc_manifest_run *run, fc_err *err)
{
    about a = {workbook_add_worksheet(wb, "About"), f, 0, 0};
    fc_status st;
    if (a.ws == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    worksheet_set_column(a.ws, 0, 0, 42, NULL);
    worksheet_set_column(a.ws, 1, 1, 28, NULL);
    worksheet_set_column(a.ws, 2, 2, 80, NULL);
    worksheet_set_column(a.ws, 3, 3, 60, NULL);
    worksheet_write_string(a.ws, a.row++, 0, "Fulcrum run", f->head);
    worksheet_write_string(a.ws, a.row++, 0, run->name ? run->name : "", NULL);
    a.row++;
    worksheet_write_string(a.ws, a.row, 0, "sheet", f->head);
    worksheet_write_string(a.ws, a.row, 1, "file", f->head);
    worksheet_write_string(a.ws, a.row, 2, "what it holds (docs/columns.md gives each column's "
                           "type and unit)", f->head);
    worksheet_write_string(a.ws, a.row++, 3, "note", f->head);
    for (size_t i = 0; i < fc_out_nfiles(o); i++) {
        const char *name = fc_out_name(o, i), *bytes, *path, *what = "";
        size_t len, n = strlen(name);
        if (strchr(name, '/') || n < 5 || strcmp(name + n - 4, ".csv") != 0)
            continue;
        for (size_t t = 0; fc_columns_table(t, NULL); t++)
            if (strcmp(fc_columns_table(t, &what), name) == 0)
                break;
        char sname[32];
        sheet_name(name, sname);
        worksheet_write_string(a.ws, a.row, 0, sname, NULL);
        worksheet_write_string(a.ws, a.row, 1, name, NULL);
        worksheet_write_string(a.ws, a.row, 2, what ? what : "", f->wrap);
        if (fc_out_kept(o, name, &bytes, &len, &path) != 0)
            worksheet_write_string(a.ws, a.row, 3, "not in the workbook: too large to keep "
                                   "for it; see the CSV file", NULL);
        else if (count_rows(bytes, len) > MAX_ROWS)
            worksheet_write_string(a.ws, a.row, 3, "not in the workbook: more rows than a "
                                   "sheet holds (1,048,576); see the CSV file", NULL);
        a.row++;
    }
    a.row++;
    worksheet_write_string(a.ws, a.row, 0, "the run's record (as manifest.json)", f->head);
    worksheet_write_string(a.ws, a.row++, 1, "value", f->head);
    if ((st = fc_manifest_rows(o, s, run, about_row, &a, err)) != FC_OK)
        return st;
    return a.err ? FC_FAIL(err, FC_EIO, "cannot lay out the About sheet: %s",
                           lxw_strerror((lxw_error)a.err))
                 : FC_OK;
}

fc_status
fc_xlsx_write(fc_out *o, fc_scenario *s, const fc_manifest_run *run, fc_err *err)
{
    const char *tmp;
    char path[FC_ERR_PATH_MAX];
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    char title[256], comments[] = "Made by Fulcrum";
    lxw_doc_properties props = {.title = title, .comments = comments,
                                .created = workbook_date(s)}; /* (1.1.4: char *, not const) */
    lxw_workbook *wb;
    formats f;
    fc_status st;
    lxw_error e;
    int rc = 0;

    snprintf(path, sizeof path, "%s/%s", fc_out_dir(o), FC_XLSX_NAME);
    snprintf(title, sizeof title, "%s", run->name ? run->name : "Fulcrum run");
    if ((st = fc_out_external(o, FC_XLSX_NAME, &tmp, err)) != FC_OK)
        return st;
    if ((wb = workbook_new_opt(tmp, &opt)) == NULL)
        return fc_err_at(err, FC_EIO, path, 0, 0, "cannot create the workbook");
    workbook_set_properties(wb, &props);
    f.head = workbook_add_format(wb);
    format_set_bold(f.head);
    format_set_bottom(f.head, LXW_BORDER_THIN);
    f.money = workbook_add_format(wb);
    format_set_num_format(f.money, "\"\xc2\xa3\"#,##0.00;-\"\xc2\xa3\"#,##0.00");
    f.pct = workbook_add_format(wb);
    format_set_num_format(f.pct, "0.00%");
    f.share = workbook_add_format(wb);
    format_set_num_format(f.share, "0.0%");
    f.persons = workbook_add_format(wb);
    format_set_num_format(f.persons, "#,##0");
    f.whole = workbook_add_format(wb);
    format_set_num_format(f.whole, "0");
    f.wrap = workbook_add_format(wb);
    format_set_text_wrap(f.wrap);
    st = lay_about(wb, &f, o, s, run, err);
    for (size_t i = 0; st == FC_OK && rc == 0 && i < fc_out_nfiles(o); i++) {
        const char *name = fc_out_name(o, i), *bytes, *kpath;
        size_t len, n = strlen(name);
        if (strchr(name, '/') || n < 5 || strcmp(name + n - 4, ".csv") != 0 ||
            fc_out_kept(o, name, &bytes, &len, &kpath) != 0 || count_rows(bytes, len) > MAX_ROWS)
            continue;
        rc = lay_table(wb, &f, name, bytes, len);
    }
    e = workbook_close(wb);
    if (st != FC_OK)
        return st;
    if (rc != 0 || e != LXW_NO_ERROR)
        return fc_err_at(err, FC_EIO, path, 0, 0, "cannot write the workbook: %s",
                         rc == -1 ? "out of memory" : lxw_strerror(rc ? (lxw_error)rc : e));
    return fc_out_external_done(o, FC_XLSX_NAME, err);
}
