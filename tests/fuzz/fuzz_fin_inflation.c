/* fuzz_fin_inflation.c: fuzz target: finance inputs: pay and price inflation and the deflator
 * (rates or indices). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("finance --activity %B/fin_activity.csv --services %B/fin_services.csv --budgets "
           "%B/fin_budgets.csv --uplifts %B/fin_uplifts.csv --inflation @ --efficiency "
           "%B/fin_efficiency.csv --shifts %B/fin_shifts.csv --base-year 2022 --horizon 2032 "
           "--out %OUT",
           "fin_inflation.csv", data, size);
    return 0;
}
