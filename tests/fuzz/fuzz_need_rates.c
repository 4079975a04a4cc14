/* fuzz_need_rates.c: fuzz target: prevalence rates for need (key, sex, age bands, 0..1). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const argv[] = {"need", "--projection", "%B/projection.csv", "--rates", "@",
        "--out", "%OUT", NULL};
    fz_run(argv, "rates.csv", data, size);
    return 0;
}
