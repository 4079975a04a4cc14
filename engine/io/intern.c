/* intern.c: string interning (see intern.h). */
#include "engine/io/intern.h"
#include "engine/io/grow.h"

#include <stdlib.h>
#include <string.h>

struct fc_intern {
    char **name;    /* [n] in order of first appearance */
    size_t n, cap;
    size_t *slot;   /* hash slots holding index+1, 0 = empty */
    size_t nslot;   /* power of two */
};

static uint64_t
fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

fc_intern *
fc_intern_alloc(void)
{
    fc_intern *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->nslot = 64;
    if ((t->slot = calloc(t->nslot, sizeof *t->slot)) == NULL) {
        free(t);
        return NULL;
    }
    return t;
}

void
fc_intern_free(fc_intern *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->name[i]);
    free(t->name);
    free(t->slot);
    free(t);
}

size_t
fc_intern_find(const fc_intern *t, const char *s)
{
    size_t mask = t->nslot - 1, i = (size_t)fnv1a(s) & mask;
    while (t->slot[i]) {
        if (strcmp(t->name[t->slot[i] - 1], s) == 0)
            return t->slot[i] - 1;
        i = (i + 1) & mask;
    }
    return FC_INTERN_NONE;
}

static int
grow(fc_intern *t)
{
    size_t nslot = t->nslot * 2, mask = nslot - 1;
    size_t *slot = calloc(nslot, sizeof *slot);
    if (slot == NULL)
        return -1;
    for (size_t k = 0; k < t->n; k++) {
        size_t i = (size_t)fnv1a(t->name[k]) & mask;
        while (slot[i])
            i = (i + 1) & mask;
        slot[i] = k + 1;
    }
    free(t->slot);
    t->slot = slot;
    t->nslot = nslot;
    return 0;
}

fc_status
fc_intern_add(fc_intern *t, const char *s, size_t *idx, fc_err *err)
{
    size_t k, mask, i, len = strlen(s);
    if (len > FC_NAME_MAX)
        return FC_FAIL(err, FC_EDATA, "the name '%.24s...' is %zu bytes long: names (areas, "
                       "services, measures, options, variants) are at most %d", s, len,
                       FC_NAME_MAX);
    if ((k = fc_intern_find(t, s)) != FC_INTERN_NONE) {
        *idx = k;
        return FC_OK;
    }
    if (2 * (t->n + 1) > t->nslot && grow(t) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if (fc_grow((void **)&t->name, &t->cap, t->n, sizeof *t->name) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((t->name[t->n] = strdup(s)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    mask = t->nslot - 1;
    i = (size_t)fnv1a(s) & mask;
    while (t->slot[i])
        i = (i + 1) & mask;
    t->slot[i] = ++t->n;
    *idx = t->n - 1;
    return FC_OK;
}

size_t
fc_intern_count(const fc_intern *t)
{
    return t->n;
}

const char *
fc_intern_name(const fc_intern *t, size_t i)
{
    return t->name[i];
}
