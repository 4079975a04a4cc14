/* fuzz_pbma_criteria.c: fuzz target: MCDA criteria. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("pbma %B/options_mcda.csv --criteria @ --budget 60000 --out %OUT", "criteria.csv", data,
           size);
    return 0;
}
