/* fuzz_need_rates.c: fuzz target: prevalence rates for need (key, sex, age bands, 0..1). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("need --projection %B/projection.csv --rates @ --out %OUT", "rates.csv", data, size);
    return 0;
}
