/* fuzz_pbma_options.c: fuzz target: PBMA options (requires, groups, intervals, years, draws). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("pbma @ --budget 200000 --draws 3 --out %OUT", "options.csv", data, size);
    return 0;
}
