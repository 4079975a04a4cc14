/* fuzz_icers.c: fuzz target: strategies for the incremental analysis. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("icers @ --out %OUT/icers.csv", "strategies.csv", data, size);
    return 0;
}
