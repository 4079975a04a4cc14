/* fuzz_fin_uplifts.c: fuzz target: finance inputs: funding uplifts by funder and year. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("finance --activity %B/fin_activity.csv --services %B/fin_services.csv --budgets "
           "%B/fin_budgets.csv --uplifts @ --inflation %B/fin_inflation.csv --efficiency "
           "%B/fin_efficiency.csv --shifts %B/fin_shifts.csv --base-year 2022 --horizon 2032 "
           "--out %OUT",
           "fin_uplifts.csv", data, size);
    return 0;
}
