/* fuzz_act_shifts.c: fuzz target: shifts between settings. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("activity --projection %B/projection.csv --rates %B/act_rates.csv --shifts @ --out "
           "%OUT",
           "shifts.csv", data, size);
    return 0;
}
