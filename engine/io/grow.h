/* grow.h: the one growable-array helper the engine's loaders share. */
#ifndef FC_ENGINE_GROW_H
#define FC_ENGINE_GROW_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/io/huge.h"

/* From this size on, fc_grow moves an array into huge pages (huge.h) as it doubles: for the
 * 1,000-area projection the readers' rows took a third of the run's page faults, and realloc
 * copied them on the heap anyway. */
#define FC_GROW_HUGE ((size_t)2 << 20)

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
    if (c * size >= FC_GROW_HUGE) {
        if ((q = fc_huge_alloc(c * size)) == NULL)
            return -1;
        if (*p)
            memcpy(q, *p, *cap * size);
        free(*p);
    } else if ((q = realloc(*p, c * size)) == NULL) {
        return -1;
    }
    *p = q;
    *cap = c;
    return 0;
}

#endif /* FC_ENGINE_GROW_H */
