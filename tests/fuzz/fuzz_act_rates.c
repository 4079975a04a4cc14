/* fuzz_act_rates.c: fuzz target: utilisation rates for activity. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("activity --projection %B/projection.csv --rates @ --shifts %B/act_shifts.csv --out "
           "%OUT",
           "rates.csv", data, size);
    return 0;
}
