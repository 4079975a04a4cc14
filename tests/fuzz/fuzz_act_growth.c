/* fuzz_act_growth.c: fuzz target: non-demographic growth (activity and need share the loader). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const argv[] = {"activity", "--projection", "%B/projection.csv", "--rates",
        "%B/act_rates.csv", "--growth", "@", "--out", "%OUT", NULL};
    fz_run(argv, "growth.csv", data, size);
    return 0;
}
