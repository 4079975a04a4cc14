/* fuzz_scenario.c: fuzz target: scenario files (libinih, includes, every stage's settings) and
 * `fulcrum check` of every input they name. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("check -q @", "scenario.ini", data, size);
    return 0;
}
