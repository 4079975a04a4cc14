/* quantile.h: exact sample quantiles by selection, for the Monte Carlo summaries.
 *
 * The p-quantile is Hyndman and Fan's (1996) type 7, R's and numpy's default: with the
 * sample sorted, x_(0) <= ... <= x_(n-1), and h = (n - 1) p,
 *   Q(p) = x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)).
 * The order statistics needed are found without sorting: from 64 draws, by bucket selection
 * (distributive partitioning: count the draws into 1,024 equal-width buckets between their
 * minimum and maximum, find the bucket where the running count passes each wanted rank,
 * gather and sort that bucket's few draws; a crowded bucket, from clustered draws, falls to
 * selection), in three passes over the draws; below 64, and in crowded buckets, by Hoare's
 * FIND (Floyd and Rivest's sampled pivot above 600 elements, a branch-free out-of-place
 * partition), recursing on the ranks left and right of each one placed. Exact either way,
 * so summarising a million cells of a thousand draws stays cheap (make bench prints the
 * cost a draw).
 */
#ifndef FC_MODELS_QUANTILE_H
#define FC_MODELS_QUANTILE_H

#include <stddef.h>

/* Writes the type-7 quantiles out[k] of x[0..n) at the probabilities p[k] (0 <= p <= 1,
 * in any order, np <= 8). x may be reordered; w is scratch of 2n doubles. n must be > 0. */
void fc_quantiles(double x[], size_t n, const double p[], size_t np, double w[], double out[]);

/* The Monte Carlo summary of one output cell over n draws: out[0] = the mean, computed as
 * x[0] + sum_i (x[i] - x[0]) / n, the sum taken as four running sums over i = 1, 5, 9, ...;
 * i = 2, 6, ...; ... (in that fixed order) added as (s0 + s1) + (s2 + s3): exact when every
 * draw is equal, and the same bits whatever the threads,
 * out[1..3] = the 10%, 50% and 90% quantiles (type 7). x may be reordered; w is scratch of
 * 2n doubles. */
void fc_summary4(double x[], size_t n, double w[], double out[4]);

#endif /* FC_MODELS_QUANTILE_H */
