/* fuzz_pbma_budgets.c: fuzz target: PBMA budgets by year. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const argv[] = {"pbma", "%B/options_years.csv", "--budgets", "@", "--out",
        "%OUT", NULL};
    fz_run(argv, "budgets.csv", data, size);
    return 0;
}
