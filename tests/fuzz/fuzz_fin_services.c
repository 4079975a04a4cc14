/* fuzz_fin_services.c: fuzz target: finance inputs: unit costs by service (programme, price
 * year, pay share). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("finance --activity %B/fin_activity.csv --services @ --budgets %B/fin_budgets.csv "
           "--uplifts %B/fin_uplifts.csv --inflation %B/fin_inflation.csv --efficiency "
           "%B/fin_efficiency.csv --shifts %B/fin_shifts.csv --base-year 2022 --horizon 2032 "
           "--out %OUT",
           "fin_services.csv", data, size);
    return 0;
}
