/* fuzz_act_capacity.c: fuzz target: capacity (beds, places, staff). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("activity --projection %B/projection.csv --rates %B/act_rates.csv --capacity @ --out "
           "%OUT",
           "capacity.csv", data, size);
    return 0;
}
