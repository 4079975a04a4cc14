/* huge.c: large buffers in transparent huge pages (huge.h). */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include "engine/io/huge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *
fc_huge_alloc(size_t bytes)
{
    void *p = NULL;
    if (bytes > SIZE_MAX - HUGE_PAGE)
        return NULL;
    bytes = ((bytes ? bytes : 1) + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE; /* whole pages */
    if (posix_memalign(&p, HUGE_PAGE, bytes) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE); /* advice: where it is refused, small pages serve */
#endif
    return p;
}

void *
fc_huge_realloc(void *p, size_t keep, size_t bytes)
{
    void *q;
    if (bytes < FC_HUGE_GROW)
        return realloc(p, bytes);
    if ((q = fc_huge_alloc(bytes)) == NULL)
        return NULL;
    if (p && keep)
        memcpy(q, p, keep < bytes ? keep : bytes);
    free(p);
    return q;
}
