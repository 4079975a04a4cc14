/* fuzz_csv.c: fuzz target: the CSV reader (fc_csv_read_mem: BOM, UTF-16, quoting, line ends,
 * limits) fed in chunks of every size the first byte picks, and every field parser (number,
 * integer, sex, age) on every field of every row. */
#include "tests/fuzz/fuzz.h"

static fc_status
on_row(void *ctx, const fc_csv_row *row, fc_err *err)
{
    size_t *nrow = ctx;
    for (size_t i = 0; i < row->ncol; i++) {
        fc_err e;
        double d;
        long l;
        int a, b;
        if (row->field[i] == NULL)
            continue;
        fc_err_clear(&e);
        (void)fc_csv_double(row, i, &d, &e);
        fc_err_clear(&e);
        (void)fc_csv_nonneg(row, i, &d, &e);
        fc_err_clear(&e);
        (void)fc_csv_int(row, i, 1000, 3100, &l, &e);
        fc_err_clear(&e);
        (void)fc_csv_sex(row, i, 1, &a, &e);
        fc_err_clear(&e);
        (void)fc_csv_age(row, i, &a, &b, &e);
    }
    /* stop at the 100th row with an error, as a loader rejecting a row does */
    if (++*nrow == 100)
        return fc_csv_fail(row, 0, err, "enough");
    return FC_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fc_csv_col cols[] = {{"area", 0}, {"year", 0}, {"sex", 0},
                                      {"age", 0},  {"mx", 0},   {"population", 0}};
    /* the same columns typed, as the appendix reads its tables */
    static const fc_csv_col typed[] = {{"area", 0}, {"year", FC_COL_YEAR}, {"sex", 0},
                                       {"age", 0},  {"mx", FC_COL_NONNEG | FC_COL_EMPTY_NA},
                                       {"population", FC_COL_NUM}};
    fc_warnings warn = {0};
    fc_err err;
    size_t nrow = 0, chunk = size ? (size_t)data[0] % 17 : 0;

    gsl_set_error_handler_off();
    fc_err_clear(&err);
    (void)fc_csv_read_mem("fuzz.csv", (const char *)data, size, chunk, cols,
                          sizeof cols / sizeof cols[0], 1, on_row, &nrow, &warn, &err);
    nrow = 0;
    fc_err_clear(&err);
    (void)fc_csv_read_mem("fuzz.csv", (const char *)data, size, chunk, typed,
                          sizeof typed / sizeof typed[0], 1, on_row, &nrow, &warn, &err);
    fc_warnings_fini(&warn);
    return 0;
}
