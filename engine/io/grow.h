/* grow.h: the one growable-array helper the engine's loaders share. */
#ifndef FC_ENGINE_GROW_H
#define FC_ENGINE_GROW_H

#include <stdint.h>
#include <stdlib.h>

#include "engine/io/huge.h"

/* Makes room for element n (0-based) of an array of `size`-byte elements at *p holding *cap,
 * doubling (16 at first). Returns 0, or -1 when out of memory or the size would overflow
 * (*p and *cap unchanged then). */
static inline int
fc_grow(void **p, size_t *cap, size_t n, size_t size)
{
    size_t c;
    void *q;
    if (n < *cap)
        return 0;
    c = *cap ? 2 * *cap : 16;
    if (c <= n)
        c = n + 1;
    if (size != 0 && c > SIZE_MAX / size)
        return -1;
    /* (past 2 MiB into huge pages: for the 1,000-area projection the readers' rows took a
     * third of the run's page faults, and realloc copied them on the heap anyway) */
    if ((q = fc_huge_realloc(*p, *cap * size, c * size)) == NULL)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

#endif /* FC_ENGINE_GROW_H */
