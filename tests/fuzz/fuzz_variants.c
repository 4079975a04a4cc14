/* fuzz_variants.c: fuzz target: the variants table. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("project --population %B/pop.csv --fertility %B/fert.csv --mortality %B/mort.csv "
           "--variants @ --horizon 2032 --out %OUT",
           "variants.csv", data, size);
    return 0;
}
