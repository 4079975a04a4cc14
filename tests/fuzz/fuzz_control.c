/* fuzz_control.c: fuzz target: control totals (by year, by sex, by sex and age). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("project --population %B/pop.csv --fertility %B/fert.csv --mortality %B/mort.csv "
           "--control @ --horizon 2032 --out %OUT",
           "ctl.csv", data, size);
    return 0;
}
