/* par.h: the ranks of a run spread over processes (`fulcrum-mpi`, Open MPI), and the few
 * collective steps the chain and the draws take together.
 *
 * `fulcrum` links par.c, where there is one rank and every step below is the identity (no MPI
 * needed to build or run it). `fulcrum-mpi` links par_mpi.c instead (built with Open MPI's
 * flags; see the Makefile), where `mpirun -np N fulcrum-mpi run ...` gives N ranks:
 *
 *   - one scenario: every rank runs the chain; the draws (1..N after the principal) are
 *     split into contiguous blocks, one per rank, and rank 0 also takes the principal (draw
 *     0); each rank carries its draws through every stage, and the ranks then exchange what
 *     the summaries need (fc_par_allgather, fc_par_transpose). Rank 0 alone writes outputs;
 *     the others write into a discarding set (fc_out_open_discard).
 *   - several runs (a batch or a sweep): run i goes whole to rank i mod N ("solo" mode:
 *     every step below is then the identity, as in `fulcrum`).
 *
 * Every collective step is reached by every rank in the same order: a step that can fail
 * locally is followed by fc_par_agree before the next collective, so a failure on one rank
 * stops every rank with that rank's message, never a hang. Results are the same bytes for any
 * number of ranks: every draw is computed whole by one rank, from streams keyed by the draw
 * (models/rng.h), and every sum over draws or areas is taken in the same order as with one
 * rank (docs/DESIGN.md, "Ranks").
 */
#ifndef FC_ENGINE_PAR_H
#define FC_ENGINE_PAR_H

#include <stddef.h>

#include "engine/io/csvin.h"
#include "models/status.h"

/* Starts the ranks (MPI_Init_thread) and ends them; both no-ops in `fulcrum`. fc_par_init
 * returns 0, or -1 when MPI cannot start (a message was printed). */
int fc_par_init(int *argc, char ***argv);
void fc_par_finalize(void);

/* Is this the MPI build? */
int fc_par_is_mpi(void);

/* This process's rank and the number of ranks, as the collective steps see them (0 and 1 in
 * solo mode). */
int fc_par_rank(void);
int fc_par_size(void);
/* The ranks of the whole job, whatever the mode (for splitting a batch's runs). */
int fc_par_world_rank(void);
int fc_par_world_size(void);
/* Ranks on this machine (for the default thread count: the cores are shared among them). */
int fc_par_local_size(void);

/* Solo mode on (1) or off: each rank runs whole runs of its own, and the steps below act as
 * with one rank. Set before runs start. */
void fc_par_set_solo(int on);

/* The block of n items (indices lead + [lo, hi)) that rank r takes: n split into contiguous
 * blocks, the first n % size ranks one longer. Items [0, lead) are rank 0's too (the
 * principal): rank 0's block then starts at 0. */
void fc_par_block(size_t n, size_t lead, int r, size_t *lo, size_t *hi);

/* Agreement after a local step: when any rank failed, every rank returns the failure of the
 * lowest failing rank, with its message (copied into *err); else st (FC_OK). Collective. */
fc_status fc_par_agree(fc_status st, fc_err *err);

/* The smallest of every rank's x (so that ranks size their passes alike). Collective. */
size_t fc_par_min(size_t x);

/* buf holds lead + n items of `size` bytes: the items of this rank's block (fc_par_block(n,
 * lead, rank)) are filled; afterwards every rank has every item. Collective. */
fc_status fc_par_allgather(void *buf, size_t lead, size_t n, size_t size, fc_err *err);

/* The draws of a block of cells brought together where the cells' summary is computed: in is
 * [nrows][ncl] doubles, row i holding this rank's columns of row i (its block of the
 * columns, fc_par_block(ncols - lead, lead, rank): columns [0, lead) are rank 0's); out
 * receives this rank's rows (fc_par_block(nrows, 0, rank)), each with all ncols columns
 * ([own rows][ncols]: the caller's buffer, reused from pass to pass, so that its pages are
 * touched once). With one rank nothing is done: in already holds every row, whole, and the
 * caller reads it. Collective. */
fc_status fc_par_transpose(const double *in, size_t nrows, size_t ncols, size_t lead,
                           double *out, fc_err *err);

/* The rows of a block computed where they were, brought to rank 0: own is [own rows][width]
 * (this rank's block of nrows, fc_par_block(nrows, 0, rank)); rank 0 receives every row into
 * all ([nrows][width]; ignored elsewhere, may be NULL). With one rank, all = own is allowed
 * (then nothing is copied). Collective. */
fc_status fc_par_gather_to(const double *own, size_t nrows, size_t width, double *all,
                           fc_err *err);

/* Element-wise maximum of n ints over every rank of the job (world), in place: the batch's
 * per-run statuses, each set by the rank that ran the run. Collective over the world. */
void fc_par_world_max(int *x, size_t n);

/* Every rank's warnings brought to rank 0's list (deduplicated), in rank order; the others'
 * lists are emptied (so that each is printed once). Collective over the world. */
void fc_par_world_warnings(fc_warnings *w);

#endif /* FC_ENGINE_PAR_H */
