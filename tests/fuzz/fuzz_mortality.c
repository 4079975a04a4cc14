/* fuzz_mortality.c: fuzz target: mortality rates (fc_ratein_read, the table's own age grid, life
 * tables). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("project --population %B/pop.csv --fertility %B/fert.csv --mortality @ --horizon 2032 "
           "--out %OUT",
           "mort.csv", data, size);
    return 0;
}
