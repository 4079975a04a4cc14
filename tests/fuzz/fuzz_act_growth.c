/* fuzz_act_growth.c: fuzz target: non-demographic growth (activity and need share the loader). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("activity --projection %B/projection.csv --rates %B/act_rates.csv --growth @ --out "
           "%OUT",
           "growth.csv", data, size);
    return 0;
}
