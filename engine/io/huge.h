/* huge.h: large buffers in transparent huge pages, where the kernel offers them. */
#ifndef FC_ENGINE_HUGE_H
#define FC_ENGINE_HUGE_H

#include <stddef.h>

/* A buffer of at least `bytes` bytes (rounded up to whole 2 MiB pages), aligned to 2 MiB and
 * advised as huge pages (madvise MADV_HUGEPAGE: the kernel's "madvise" mode of transparent
 * huge pages, Debian's default). Touching a large buffer then costs one page fault per 2 MiB
 * instead of per 4 KiB: for the projection's cube of 1,000 areas, page faults were a fifth of
 * the run's CPU time. Not zeroed. Free with free(). NULL when out of memory. */
void *fc_huge_alloc(size_t bytes);

/* Grows p (malloc'd or fc_huge_alloc'd; NULL: none) to `bytes`, the first `keep` bytes kept:
 * past FC_HUGE_GROW bytes into a new huge-page buffer (a copy, then p freed), below it by
 * realloc. For arrays that double as they fill: past 2 MiB, their pages fault once per 2 MiB.
 * NULL when out of memory (p unchanged then). */
#define FC_HUGE_GROW ((size_t)2 << 20)
void *fc_huge_realloc(void *p, size_t keep, size_t bytes);

#endif /* FC_ENGINE_HUGE_H */
