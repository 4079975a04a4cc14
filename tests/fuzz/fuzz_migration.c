/* fuzz_migration.c: fuzz target: net migration counts (spread over single years, negative
 * allowed). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("project --population %B/pop.csv --fertility %B/fert.csv --mortality %B/mort.csv "
           "--migration @ --horizon 2032 --out %OUT",
           "mig.csv", data, size);
    return 0;
}
