/* par_mpi.c: the ranks of `fulcrum-mpi` on Open MPI (par.h). Built only into fulcrum-mpi, with
 * the flags of `pkg-config ompi-c` (the Makefile's mpi target); `fulcrum` links par.c.
 *
 * Only the main thread of a rank calls MPI (MPI_THREAD_FUNNELED): the draws' threads compute,
 * and the collective steps run between their pools. Counts passed to MPI are in rows or items
 * (derived datatypes), so that a large pass's doubles never overflow MPI's int counts.
 */
#include "engine/par/par.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

static int world_rank, world_size = 1, local_size = 1, solo, started;

int
fc_par_init(int *argc, char ***argv)
{
    int provided = 0;
    MPI_Comm local;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "fulcrum-mpi: error: MPI cannot start\n");
        return -1;
    }
    started = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, world_rank, MPI_INFO_NULL,
                            &local) == MPI_SUCCESS) {
        MPI_Comm_size(local, &local_size);
        MPI_Comm_free(&local);
    }
    return 0;
}

void
fc_par_finalize(void)
{
    if (started)
        MPI_Finalize();
    started = 0;
}

int
fc_par_is_mpi(void)
{
    return 1;
}

int
fc_par_rank(void)
{
    return solo ? 0 : world_rank;
}

int
fc_par_size(void)
{
    return solo ? 1 : world_size;
}

int
fc_par_world_rank(void)
{
    return world_rank;
}

int
fc_par_world_size(void)
{
    return world_size;
}

int
fc_par_local_size(void)
{
    return local_size > 0 ? local_size : 1;
}

void
fc_par_set_solo(int on)
{
    solo = on;
}

void
fc_par_block(size_t n, size_t lead, int r, size_t *lo, size_t *hi)
{
    const size_t P = (size_t)fc_par_size(), ur = (size_t)r;
    const size_t base = n / P, rem = n % P;
    *lo = lead + ur * base + (ur < rem ? ur : rem);
    *hi = *lo + base + (ur < rem ? 1 : 0);
    if (r == 0)
        *lo = 0;
}

fc_status
fc_par_agree(fc_status st, fc_err *err)
{
    struct {
        int st;
        fc_err e;
    } msg;
    int mine, first;
    if (fc_par_size() == 1)
        return st;
    mine = st != FC_OK ? world_rank : world_size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == world_size)
        return FC_OK;
    memset(&msg, 0, sizeof msg);
    if (first == world_rank) {
        msg.st = (int)st;
        if (err)
            msg.e = *err;
        msg.e.src_file = NULL; /* (an address in this process only) */
    }
    MPI_Bcast(&msg, (int)sizeof msg, MPI_BYTE, first, MPI_COMM_WORLD);
    if (err && first != world_rank) {
        const char *here = err->src_file;
        *err = msg.e;
        err->src_file = msg.e.src_line ? "(another rank)" : here;
    }
    return (fc_status)msg.st;
}

size_t
fc_par_min(size_t x)
{
    unsigned long long v = x, m = x;
    if (fc_par_size() > 1)
        MPI_Allreduce(&v, &m, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, MPI_COMM_WORLD);
    return (size_t)m;
}

/* A datatype of `count` elements of `base` (an item or a row); MPI_DATATYPE_NULL when count
 * does not fit an int. */
static MPI_Datatype
row_type(size_t count, MPI_Datatype base)
{
    MPI_Datatype t = MPI_DATATYPE_NULL;
    if (count == 0 || count > INT_MAX ||
        MPI_Type_contiguous((int)count, base, &t) != MPI_SUCCESS)
        return MPI_DATATYPE_NULL;
    MPI_Type_commit(&t);
    return t;
}

static fc_status
too_big(fc_err *err)
{
    return FC_FAIL(err, FC_ENOMEM, "a block of draws is too large to send between ranks: "
                   "lower [run] summary_memory_mb");
}

/* Every rank's block of n items (after lead, as fc_par_block): counts and displacements,
 * in items (new arrays of world_size ints), or -1 when they do not fit an int. */
static int
blocks(size_t n, size_t lead, int **cnt, int **dsp)
{
    const int P = fc_par_size();
    *cnt = malloc((size_t)P * sizeof **cnt);
    *dsp = malloc((size_t)P * sizeof **dsp);
    if (*cnt == NULL || *dsp == NULL || lead + n > INT_MAX) {
        free(*cnt), free(*dsp);
        *cnt = *dsp = NULL;
        return -1;
    }
    for (int r = 0; r < P; r++) {
        size_t lo, hi;
        fc_par_block(n, lead, r, &lo, &hi);
        (*cnt)[r] = (int)(hi - lo);
        (*dsp)[r] = (int)lo;
    }
    return 0;
}

fc_status
fc_par_allgather(void *buf, size_t lead, size_t n, size_t size, fc_err *err)
{
    MPI_Datatype t;
    int *cnt, *dsp, rc;
    if (fc_par_size() == 1 || n == 0 || size == 0)
        return FC_OK;
    if ((t = row_type(size, MPI_BYTE)) == MPI_DATATYPE_NULL || blocks(n, lead, &cnt, &dsp) < 0) {
        if (t != MPI_DATATYPE_NULL)
            MPI_Type_free(&t);
        return too_big(err);
    }
    rc = MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, buf, cnt, dsp, t, MPI_COMM_WORLD);
    MPI_Type_free(&t);
    free(cnt), free(dsp);
    return rc == MPI_SUCCESS ? FC_OK : FC_FAIL(err, FC_EIO, "MPI_Allgatherv failed");
}

fc_status
fc_par_transpose(const double *in, size_t nrows, size_t ncols, size_t lead, double *out,
                 fc_err *err)
{
    const int P = fc_par_size(), me = world_rank;
    size_t r0, r1, c0, c1, ncl;
    int rc = MPI_SUCCESS;
    if (P == 1)
        return FC_OK;
    fc_par_block(nrows, 0, me, &r0, &r1);
    fc_par_block(ncols - lead, lead, me, &c0, &c1);
    ncl = c1 - c0;
    if (ncols > INT_MAX || nrows > INT_MAX)
        return too_big(err);
    /* this rank's own columns of its own rows */
    for (size_t i = r0; i < r1; i++)
        memcpy(out + (i - r0) * ncols + c0, in + i * ncl, ncl * sizeof *out);
    /* round k: send to rank me + k the rows it owns (contiguous in `in`, rows of ncl), take
     * from rank me - k its columns of my rows (a strided block of out) */
    for (int k = 1; k < P && rc == MPI_SUCCESS; k++) {
        const int to = (me + k) % P, from = (me - k + P) % P;
        size_t s0, s1, f0, f1;
        MPI_Datatype srow = MPI_DATATYPE_NULL, rblock = MPI_DATATYPE_NULL;
        int scount;
        fc_par_block(nrows, 0, to, &s0, &s1);
        fc_par_block(ncols - lead, lead, from, &f0, &f1);
        scount = ncl ? (int)(s1 - s0) : 0;
        if (ncl)
            srow = row_type(ncl, MPI_DOUBLE);
        if (f1 > f0 && r1 > r0) {
            MPI_Type_vector((int)(r1 - r0), (int)(f1 - f0), (int)ncols, MPI_DOUBLE, &rblock);
            MPI_Type_commit(&rblock);
        }
        rc = MPI_Sendrecv(in + s0 * ncl, srow == MPI_DATATYPE_NULL ? 0 : scount,
                          srow == MPI_DATATYPE_NULL ? MPI_DOUBLE : srow, to, 7, out + f0,
                          rblock == MPI_DATATYPE_NULL ? 0 : 1,
                          rblock == MPI_DATATYPE_NULL ? MPI_DOUBLE : rblock, from, 7,
                          MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (srow != MPI_DATATYPE_NULL)
            MPI_Type_free(&srow);
        if (rblock != MPI_DATATYPE_NULL)
            MPI_Type_free(&rblock);
    }
    return rc == MPI_SUCCESS ? FC_OK : FC_FAIL(err, FC_EIO, "MPI_Sendrecv failed");
}

fc_status
fc_par_gather_to(const double *own, size_t nrows, size_t width, double *all, fc_err *err)
{
    MPI_Datatype t;
    int *cnt, *dsp, rc;
    if (fc_par_size() == 1) {
        if (all && all != own && nrows > 0 && width > 0)
            memcpy(all, own, nrows * width * sizeof *all);
        return FC_OK;
    }
    if (nrows == 0 || width == 0)
        return FC_OK;
    if ((t = row_type(width, MPI_DOUBLE)) == MPI_DATATYPE_NULL || blocks(nrows, 0, &cnt, &dsp) < 0) {
        if (t != MPI_DATATYPE_NULL)
            MPI_Type_free(&t);
        return too_big(err);
    }
    rc = MPI_Gatherv(own, cnt[world_rank], t, all, cnt, dsp, t, 0, MPI_COMM_WORLD);
    MPI_Type_free(&t);
    free(cnt), free(dsp);
    return rc == MPI_SUCCESS ? FC_OK : FC_FAIL(err, FC_EIO, "MPI_Gatherv failed");
}

void
fc_par_world_max(int *x, size_t n)
{
    if (world_size > 1 && n > 0 && n <= INT_MAX)
        MPI_Allreduce(MPI_IN_PLACE, x, (int)n, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
}

void
fc_par_world_warnings(fc_warnings *w)
{
    size_t len = 0;
    char *mine, *all = NULL;
    int n, *cnt = NULL, *dsp = NULL, total = 0;
    if (world_size == 1)
        return;
    for (size_t i = 0; i < w->n; i++)
        len += strlen(w->msg[i]) + 1;
    if (len > INT_MAX / 2)
        len = 0;
    mine = malloc(len + 1);
    if (mine == NULL)
        len = 0;
    for (size_t i = 0, k = 0; mine && i < w->n && len; i++) {
        size_t m = strlen(w->msg[i]) + 1;
        memcpy(mine + k, w->msg[i], m);
        k += m;
    }
    n = (int)len;
    if (world_rank == 0) {
        cnt = calloc((size_t)world_size, sizeof *cnt);
        dsp = calloc((size_t)world_size, sizeof *dsp);
    }
    MPI_Gather(&n, 1, MPI_INT, cnt, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (world_rank == 0 && cnt && dsp) {
        for (int r = 0; r < world_size; r++) {
            dsp[r] = total;
            total += cnt[r] < INT_MAX - total ? cnt[r] : 0;
        }
        all = malloc((size_t)total + 1);
    }
    MPI_Gatherv(mine, n, MPI_CHAR, all, cnt, dsp, MPI_CHAR, 0, MPI_COMM_WORLD);
    if (world_rank == 0 && all) {
        fc_warnings got = {0};
        for (int r = 1; r < world_size; r++)
            for (int k = dsp[r]; k < dsp[r] + cnt[r]; k += (int)strlen(all + k) + 1)
                fc_warn(&got, "%s", all + k);
        fc_warn_merge(w, &got);
        fc_warnings_fini(&got);
    } else if (world_rank != 0) {
        fc_warnings_fini(w);
    }
    free(all), free(cnt), free(dsp), free(mine);
}
