/* projection.h: a population projection held in memory, for the need and activity stages.
 *
 * The cube holds persons by variant, area, year, sex and age group: Fulcrum's own projection
 * (handed over by the projection stage of `fulcrum run`) or any table in the projection.csv
 * format of SCHEMAS.md that a user brings, such as an ONS or NRS projection with its
 * `variant` column. A variant need not have every area or year (the ONS file's `v0` holds
 * the base year only): each (variant, area) holds a contiguous run of years, recorded in
 * `have`. Life expectancy by age (for the health-status adjustment) is optional.
 */
#ifndef FC_ENGINE_PROJECTION_H
#define FC_ENGINE_PROJECTION_H

#include <stddef.h>

#include "engine/io/csvin.h"
#include "engine/io/intern.h"
#include "engine/io/table.h"
#include "models/status.h"

#define FC_PROJ_NO_OPEN_AGE (-1)

typedef struct fc_projection {
    fc_intern *areas;    /* area codes, in order of first appearance */
    fc_intern *variants; /* variant names, in order of first appearance ("principal" when the
                            table has no variant column) */
    int has_variant;     /* the table had a variant column (or the run had variants) */
    fc_ages ages;        /* the age grid (any bands tiling 0..open, the last group open) */
    int year0;           /* first year in the table (mid-year) */
    int step;            /* years between consecutive years of the cube (1 when one year) */
    size_t nyear;        /* years year0, year0 + step, ..., year0 + (nyear - 1) step */
    double *pop;         /* [variant][area][year][sex][age] persons; sex 0 = F, 1 = M */
    unsigned char *have; /* [variant][area][year]: 1 where the table gives that year */
    double *ex;          /* NULL, or [variant][area][year][sex][age] life expectancy in years
                            at the first age of each group (NaN where unknown) */
} fc_projection;

/* Options for reading a projection table. */
typedef struct fc_projection_opts {
    int open_age; /* a single age that means "this age and over" (ONS: 100 = 100+), or
                     FC_PROJ_NO_OPEN_AGE */
    const char *columns; /* "file_name=our_name,..." for spellings Fulcrum does not know,
                            or NULL (fc_csv_read_as) */
} fc_projection_opts;

/* Returns a new empty projection with its interning tables (NULL when out of memory); free
 * with fc_projection_free. */
fc_projection *fc_projection_new(void);
void fc_projection_free(fc_projection *p);

/* Allocates the cube for the areas and variants already interned in p, on the grid `ages`
 * with nyear years from year0 in steps of `step`; with_ex also allocates ex (filled with NaN).
 * pop is zeroed and have cleared. FC_EINVAL for an empty shape, FC_ENOMEM. */
fc_status fc_projection_shape(fc_projection *p, const fc_ages *ages, int year0, int step,
                              size_t nyear, int with_ex, fc_err *err);

static inline size_t
fc_projection_narea(const fc_projection *p)
{
    return fc_intern_count(p->areas);
}
static inline size_t
fc_projection_nvariant(const fc_projection *p)
{
    return fc_intern_count(p->variants);
}
/* Index of the (variant, area, year) block: pop + block * 2 * ages.n is its [sex][age]. */
static inline size_t
fc_projection_block(const fc_projection *p, size_t v, size_t a, size_t t)
{
    return (v * fc_intern_count(p->areas) + a) * p->nyear + t;
}

/* Reads a projection table: `area` (or `area_code`), `year`, `sex`, `age`, `population`, and
 * optional `variant`. Sex is F/M (female/male, any case); ages are single years or bands with
 * the last group open ("90+"), or, with opts->open_age, the single age open_age stands for the
 * open group. Every (variant, area, year) given must have every sex and age group of the grid;
 * the years of each (variant, area) must follow each other on the table's step. Errors
 * (FC_EDATA, located at the file and line): a missing column, a bad value, a duplicate row,
 * a missing cell, ages that do not tile, a year off the step or a gap in a variant's years.
 * Returns new in *out; free with fc_projection_free. */
fc_status fc_projection_read(const char *path, const fc_projection_opts *opts,
                             fc_projection **out, fc_warnings *warn, fc_err *err);

/* Reads life expectancy into p->ex: a table with `year`, `sex`, `age`, `ex` and optional
 * `variant` and `area` (absent or '*': every variant or area), such as Fulcrum's own
 * lifetables.csv as written (its `lx` and `Lx` columns are ignored, not taken for one column
 * twice). A row gives ex at the first age of its band; a projection year t uses the last
 * table year <= t (a table without earlier years leaves t unknown, NaN). A variant or area
 * not in the projection is an error naming the line. */
fc_status fc_projection_read_ex(fc_projection *p, const char *path, fc_warnings *warn,
                                fc_err *err);

#endif /* FC_ENGINE_PROJECTION_H */
