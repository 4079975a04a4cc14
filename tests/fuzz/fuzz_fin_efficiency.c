/* fuzz_fin_efficiency.c: fuzz target: finance inputs: efficiency by programme and year. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("finance --activity %B/fin_activity.csv --services %B/fin_services.csv --budgets "
           "%B/fin_budgets.csv --uplifts %B/fin_uplifts.csv --inflation %B/fin_inflation.csv "
           "--efficiency @ --shifts %B/fin_shifts.csv --base-year 2022 --horizon 2032 --out %OUT",
           "fin_efficiency.csv", data, size);
    return 0;
}
