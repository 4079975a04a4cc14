/* fuzz_fin_activity.c: fuzz target: finance inputs: the activity table finance costs (areas
 * summed, every year and service). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("finance --activity @ --services %B/fin_services.csv --budgets %B/fin_budgets.csv "
           "--uplifts %B/fin_uplifts.csv --inflation %B/fin_inflation.csv --efficiency "
           "%B/fin_efficiency.csv --shifts %B/fin_shifts.csv --base-year 2022 --horizon 2032 "
           "--out %OUT",
           "fin_activity.csv", data, size);
    return 0;
}
