/* fuzz_pbma_budgets.c: fuzz target: PBMA budgets by year. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("pbma %B/options_years.csv --budgets @ --out %OUT", "budgets.csv", data, size);
    return 0;
}
