/* fuzz_fin_shifts.c: fuzz target: finance inputs: resource shifts (money or activity, phasing,
 * lags, release, transition cost). */
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run("finance --activity %B/fin_activity.csv --services %B/fin_services.csv --budgets "
           "%B/fin_budgets.csv --uplifts %B/fin_uplifts.csv --inflation %B/fin_inflation.csv "
           "--efficiency %B/fin_efficiency.csv --shifts @ --base-year 2022 --horizon 2032 --out "
           "%OUT",
           "fin_shifts.csv", data, size);
    return 0;
}
