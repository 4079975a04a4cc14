/* fuzz_projection.c: fuzz target: a projection table as need and activity read it (ragged years,
 * variants). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("need --projection @ --rates %B/need_rates.csv --growth %B/need_growth.csv --out %OUT",
           "projection.csv", data, size);
    return 0;
}
