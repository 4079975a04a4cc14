/* rng.h: per-draw random streams and the distributions of uncertain parameters.
 *
 * Every random number Fulcrum uses comes from a stream named by (seed, draw, slot): the run's
 * seed, the Monte Carlo draw (1..N; draw 0 is the principal and draws nothing) and a slot
 * naming what the numbers are for (a scenario parameter, the PBMA options' intervals, ...).
 * The stream is SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
 * generators", OOPSLA; the generator of Java's SplittableRandom): a 64-bit counter advanced
 * by the golden-ratio increment and mixed by a bijective finaliser, started at a key made by
 * mixing seed, draw and slot in turn with that finaliser. A draw's numbers are therefore a
 * function of (seed, draw, slot) only: results never depend on thread count or order, and a
 * parameter keeps its draws when other parameters are added (common random numbers).
 * The stream is exposed as a gsl_rng, so GSL's samplers are used as they are.
 *
 * Distributions (fc_dist): Normal(mean, sd); an 80% interval [lo, hi] is the Normal with mean
 * (lo + hi) / 2 and sd (hi - lo) / 2.5631 (2 z_0.9, z_0.9 = 1.2815515655446004); lognormal
 * (meanlog, sdlog); gamma(shape, scale); beta(a, b); triangular(min, mode, max), drawn by
 * inverse CDF. The central value used by the principal is the median (for a parameter an
 * output rises or falls with, the principal is then the p50 of the draws).
 */
#ifndef FC_MODELS_RNG_H
#define FC_MODELS_RNG_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/status.h"

/* z_0.9 of the standard Normal: an 80% central interval is mean +- z sd. */
#define FC_RNG_Z80 1.2815515655446004

/* ------------------------------------------------------------------------ streams */

/* The key (start state) of stream (seed, draw, slot): the SplitMix64 finaliser applied to
 * the seed, then to the result plus the draw, then plus the slot (each addition offset by
 * a distinct odd constant), so that different triples give unrelated streams. */
uint64_t fc_rng_key(uint64_t seed, uint64_t draw, uint64_t slot);

/* A slot number from a name (64-bit FNV-1a of the name, case-folded to lower case), e.g.
 * "projection.srb" for the scenario parameter [projection] srb. */
uint64_t fc_rng_slot(const char *name);

/* Slots of the streams that are not scenario parameters. */
#define FC_RNG_SLOT_VARIANT 1u  /* the choice of a population variant */
#define FC_RNG_SLOT_PBMA 2u     /* the PBMA options' 80% intervals */
#define FC_RNG_SLOT_GROWTH 3u   /* the activity growth table's 80% intervals */
#define FC_RNG_SLOT_NEED_GROWTH 4u /* the need growth table's 80% intervals */

/* The GSL generator type of the streams ("fulcrum-splitmix64": gsl_rng_get returns the high
 * 32 bits of each 64-bit output, gsl_rng_uniform uses its high 53 bits; gsl_rng_set(r, s)
 * starts the plain SplitMix64 sequence from state s, as the reference code does). */
const gsl_rng_type *fc_rng_type(void);

/* A new generator of that type (gsl_rng_alloc(fc_rng_type())); free with gsl_rng_free().
 * NULL when out of memory. */
gsl_rng *fc_rng_alloc(void);

/* Starts r (from fc_rng_alloc) on stream (seed, draw, slot). */
void fc_rng_seed(gsl_rng *r, uint64_t seed, uint64_t draw, uint64_t slot);

/* ------------------------------------------------------------------------ distributions */

typedef enum fc_dist_kind {
    FC_DIST_NORMAL = 0,     /* p[0] mean, p[1] sd >= 0 */
    FC_DIST_INTERVAL = 1,   /* p[0] lo < p[1] hi: the 80% interval, Normal as above */
    FC_DIST_LOGNORMAL = 2,  /* p[0] meanlog, p[1] sdlog > 0: exp(Normal(meanlog, sdlog)) */
    FC_DIST_GAMMA = 3,      /* p[0] shape > 0, p[1] scale > 0: mean shape x scale */
    FC_DIST_BETA = 4,       /* p[0] a > 0, p[1] b > 0: on [0, 1], mean a / (a + b) */
    FC_DIST_TRIANGULAR = 5  /* p[0] min <= p[1] mode <= p[2] max, min < max */
} fc_dist_kind;

typedef struct fc_dist {
    fc_dist_kind kind;
    double p[3]; /* parameters, in the units of the quantity (see fc_dist_kind) */
} fc_dist;

/* Number of parameters of a kind (2, or 3 for triangular), and its name as written in a
 * scenario ("normal", "interval", "lognormal", "gamma", "beta", "triangular"). */
size_t fc_dist_nparam(fc_dist_kind kind);
const char *fc_dist_name(fc_dist_kind kind);

/* Checks the parameters: FC_EDOM with a message naming the one at fault (a non-finite
 * value, sd < 0, sdlog, shape, scale, a or b <= 0, lo >= hi, mode outside [min, max]). */
fc_status fc_dist_check(const fc_dist *d, fc_err *err);

/* The p-quantile, 0 < p < 1 (inverse CDF; GSL's for all but the triangular). */
double fc_dist_quantile(const fc_dist *d, double p);

/* The median: the central value a principal run uses. */
double fc_dist_median(const fc_dist *d);

/* One draw from r: gsl_ran_gaussian_ziggurat, gsl_ran_lognormal, gsl_ran_gamma (Marsaglia and
 * Tsang), gsl_ran_beta, or the triangular inverse CDF of gsl_rng_uniform. */
double fc_dist_sample(const fc_dist *d, const gsl_rng *r);

/* Triangular(min, mode, max) at probability u in [0, 1] (inverse CDF):
 *   x = min + sqrt(u (max - min)(mode - min))          for u <= (mode - min) / (max - min),
 *   x = max - sqrt((1 - u)(max - min)(max - mode))     otherwise. */
double fc_ran_triangular_q(double u, double min, double mode, double max);

#endif /* FC_MODELS_RNG_H */
