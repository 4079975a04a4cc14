/* fuzz_fin_budgets.c: fuzz target: finance inputs: base-year budgets by programme, cost type and
 * funder. */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("finance --activity %B/fin_activity.csv --services %B/fin_services.csv --budgets @ "
           "--uplifts %B/fin_uplifts.csv --inflation %B/fin_inflation.csv --efficiency "
           "%B/fin_efficiency.csv --shifts %B/fin_shifts.csv --base-year 2022 --horizon 2032 "
           "--out %OUT",
           "fin_budgets.csv", data, size);
    return 0;
}
