/* fuzz_act_rates.c: fuzz target: utilisation rates for activity. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const argv[] = {"activity", "--projection", "%B/projection.csv", "--rates",
        "@", "--shifts", "%B/act_shifts.csv", "--out", "%OUT", NULL};
    fz_run(argv, "rates.csv", data, size);
    return 0;
}
