/* fuzz_psa.c: fuzz target: PSA samples (sim, strategy, cost, effect). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("psa @ --wtp 0:40000:10000 --out %OUT", "psa.csv", data, size);
    return 0;
}
