/* plots_sink.h: sinks for the plots tests, demo and bench: a growing memory buffer (optionally
 * failing after a byte budget, to provoke FC_EIO) and a stdio file. plots/ itself never opens
 * files; the engine's sink writes into its output transaction.
 */
#ifndef FC_TESTS_PLOTS_SINK_H
#define FC_TESTS_PLOTS_SINK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/chart.h"

typedef struct fc_membuf {
    unsigned char *p;
    size_t n, cap;
    size_t limit; /* > 0: fail once more than limit bytes would be held */
} fc_membuf;

static inline int
fc_membuf_write(void *closure, const unsigned char *data, size_t n)
{
    fc_membuf *b = closure;
    if (b->limit > 0 && b->n + n > b->limit)
        return -1;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        unsigned char *q;
        while (cap < b->n + n)
            cap *= 2;
        if ((q = realloc(b->p, cap)) == NULL)
            return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
    return 0;
}

static inline fc_sink
fc_membuf_sink(fc_membuf *b)
{
    fc_sink s = {fc_membuf_write, b};
    return s;
}

static inline void
fc_membuf_fini(fc_membuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Writes the buffer to path; returns 0 on success. */
static inline int
fc_membuf_save(const fc_membuf *b, const char *path)
{
    FILE *f = fopen(path, "wb");
    int ok = f != NULL && fwrite(b->p, 1, b->n, f) == b->n;
    if (f && fclose(f) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

static inline int
fc_file_write(void *closure, const unsigned char *data, size_t n)
{
    return fwrite(data, 1, n, (FILE *)closure) == n ? 0 : -1;
}

#endif /* FC_TESTS_PLOTS_SINK_H */
