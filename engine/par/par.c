/* par.c: one rank (`fulcrum`): every collective step of par.h is the identity. `fulcrum-mpi`
 * links par_mpi.c in its place (the linker then never takes this file from the library). */
#include "engine/par/par.h"

#include <string.h>

int
fc_par_init(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

void
fc_par_finalize(void)
{
}

int
fc_par_is_mpi(void)
{
    return 0;
}

int
fc_par_rank(void)
{
    return 0;
}

int
fc_par_size(void)
{
    return 1;
}

int
fc_par_world_rank(void)
{
    return 0;
}

int
fc_par_world_size(void)
{
    return 1;
}

int
fc_par_local_size(void)
{
    return 1;
}

void
fc_par_set_solo(int on)
{
    (void)on;
}

void
fc_par_block(size_t n, size_t lead, int r, size_t *lo, size_t *hi)
{
    (void)r;
    *lo = 0;
    *hi = lead + n;
}

fc_status
fc_par_agree(fc_status st, fc_err *err)
{
    (void)err;
    return st;
}

size_t
fc_par_min(size_t x)
{
    return x;
}

fc_status
fc_par_allgather(void *buf, size_t lead, size_t n, size_t size, fc_err *err)
{
    (void)buf, (void)lead, (void)n, (void)size, (void)err;
    return FC_OK;
}

fc_status
fc_par_transpose(const double *in, size_t nrows, size_t ncols, size_t lead, double *out,
                 fc_err *err)
{
    (void)in, (void)nrows, (void)ncols, (void)lead, (void)out, (void)err;
    return FC_OK; /* (in holds every row: the caller reads it) */
}

fc_status
fc_par_gather_to(const double *own, size_t nrows, size_t width, double *all, fc_err *err)
{
    (void)err;
    if (all && all != own)
        memcpy(all, own, nrows * width * sizeof *all);
    return FC_OK;
}

void
fc_par_world_max(int *x, size_t n)
{
    (void)x, (void)n;
}

void
fc_par_world_warnings(fc_warnings *w)
{
    (void)w;
}
