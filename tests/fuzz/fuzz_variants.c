/* fuzz_variants.c: fuzz target: the variants table. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const argv[] = {"project", "--population", "%B/pop.csv", "--fertility",
        "%B/fert.csv", "--mortality", "%B/mort.csv", "--variants", "@", "--horizon", "2032",
        "--out", "%OUT", NULL};
    fz_run(argv, "variants.csv", data, size);
    return 0;
}
