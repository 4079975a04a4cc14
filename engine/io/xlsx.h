/* xlsx.h: outputs.xlsx, the run's tables as one Excel workbook for finance teams (libxlsxwriter).
 *
 * The workbook is made from the tables the run wrote, kept in memory as they were written
 * (fc_out_keep_tables), so it holds exactly the CSV files' values: nothing is computed twice.
 * Its first sheet, "About", says what the run was (the manifest's record: version, command,
 * scenario, defaults, inputs with SHA-256, seed, facts) and lists the sheets; then one sheet
 * per table, in the order the run wrote them. Cells are typed by the column registry
 * (engine/io/columns.h): numbers as numbers, money as GBP with pence, percents and shares as %,
 * financial years as "2024/25", booleans as Excel booleans, NA as an empty cell. The header row
 * is frozen and filtered. The workbook is byte-reproducible: its date is the scenario's
 * [appendix] data_date, else 2000-01-01, never the clock, and libxlsxwriter then stamps every
 * part of the zip with it. A table longer than a sheet (1,048,576 rows) or than the memory cap
 * is left out, and the About sheet says so.
 */
#ifndef FC_ENGINE_XLSX_H
#define FC_ENGINE_XLSX_H

#include "engine/io/manifest.h"
#include "engine/io/out.h"
#include "engine/io/scenario.h"

#define FC_XLSX_NAME "outputs.xlsx"
#define FC_XLSX_KEEP_MAX ((size_t)96 << 20) /* bytes of one table kept for the workbook */

/* Writes outputs.xlsx into o from the tables kept since fc_out_keep_tables. FC_EIO naming the
 * workbook when libxlsxwriter fails; FC_ENOMEM. */
fc_status fc_xlsx_write(fc_out *o, fc_scenario *s, const fc_manifest_run *run,
                        fc_err *err);

#endif /* FC_ENGINE_XLSX_H */
