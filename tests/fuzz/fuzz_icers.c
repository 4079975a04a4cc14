/* fuzz_icers.c: fuzz target: strategies for the incremental analysis. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const argv[] = {"icers", "@", "--out", "%OUT/icers.csv", NULL};
    fz_run(argv, "strategies.csv", data, size);
    return 0;
}
