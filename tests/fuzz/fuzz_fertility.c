/* fuzz_fertility.c: fuzz target: fertility rates (ages 10..54, uncovered ages zero, rates by
 * year). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("project --population %B/pop.csv --fertility @ --mortality %B/mort.csv --horizon 2032 "
           "--out %OUT",
           "fert.csv", data, size);
    return 0;
}
