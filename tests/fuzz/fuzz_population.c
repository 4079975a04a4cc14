/* fuzz_population.c: fuzz target: the base population (fc_popin_read: areas, the age grid, one
 * year). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("project --population @ --fertility %B/fert.csv --mortality %B/mort.csv --migration "
           "%B/mig.csv --horizon 2032 --out %OUT",
           "pop.csv", data, size);
    return 0;
}
