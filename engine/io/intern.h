/* intern.h: string interning (area codes, service names) to dense indices 0..n-1, kept in
 * order of first appearance. Open addressing with FNV-1a hashing. */
#ifndef FC_ENGINE_INTERN_H
#define FC_ENGINE_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "models/status.h"

#define FC_INTERN_NONE SIZE_MAX
#define FC_NAME_MAX 256 /* the longest name (area code, service, measure, option, variant) in
                           bytes: longer is a located error, not a slow run */

typedef struct fc_intern fc_intern;

/* Returns new (NULL when out of memory); free with fc_intern_free(). */
fc_intern *fc_intern_alloc(void);
void fc_intern_free(fc_intern *t);

/* Index of s, or FC_INTERN_NONE. */
size_t fc_intern_find(const fc_intern *t, const char *s);
/* Index of s, adding it when absent. FC_EDATA for a name over FC_NAME_MAX bytes (the table
 * reader locates it at the row), FC_ENOMEM. */
fc_status fc_intern_add(fc_intern *t, const char *s, size_t *idx, fc_err *err);
size_t fc_intern_count(const fc_intern *t);
/* The string with index i (borrowed from t). */
const char *fc_intern_name(const fc_intern *t, size_t i);

#endif /* FC_ENGINE_INTERN_H */
