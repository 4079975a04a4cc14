/* quantile.c: type-7 sample quantiles by multiple selection (see quantile.h). */
#include "models/quantile.h"

#include <math.h>

static void
swap(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Places the k-th smallest of x[lo..hi) at x[k], smaller-or-equal ones before it and
 * greater-or-equal ones after it (Hoare's FIND; lo <= k < hi). */
static void
select_k(double x[], size_t lo, size_t hi, size_t k)
{
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, i, j;
        double pivot;
        /* median of three to x[mid], with x[lo] <= x[mid] <= x[hi-1] */
        if (x[mid] < x[lo])
            swap(&x[mid], &x[lo]);
        if (x[hi - 1] < x[lo])
            swap(&x[hi - 1], &x[lo]);
        if (x[hi - 1] < x[mid])
            swap(&x[hi - 1], &x[mid]);
        if (hi - lo <= 3)
            return;
        pivot = x[mid];
        i = lo;
        j = hi - 1;
        /* Hoare partition: stops on equal keys, so runs of ties split evenly */
        for (;;) {
            do
                i++;
            while (x[i] < pivot);
            do
                j--;
            while (pivot < x[j]);
            if (i >= j)
                break;
            swap(&x[i], &x[j]);
        }
        /* now x[lo..j] <= pivot <= x[j+1..hi) */
        if (k <= j)
            hi = j + 1;
        else
            lo = j + 1;
    }
}

/* Places every rank of r[0..nr) (sorted, distinct, within [lo, hi)) at its position. */
static void
select_ranks(double x[], size_t lo, size_t hi, const size_t r[], size_t nr)
{
    size_t m;
    if (nr == 0)
        return;
    m = nr / 2;
    select_k(x, lo, hi, r[m]);
    select_ranks(x, lo, r[m], r, m);
    select_ranks(x, r[m] + 1, hi, r + m + 1, nr - m - 1);
}

void
fc_quantiles(double x[], size_t n, const double p[], size_t np, double out[])
{
    size_t r[16] = {0}, nr = 0; /* zeroed: gcc -O1 cannot see select_ranks reads only nr */
    if (np > 8)
        np = 8;
    /* the ranks needed: floor h and floor h + 1 for each p, sorted and distinct */
    for (size_t k = 0; k < np; k++) {
        double h = (double)(n - 1) * p[k];
        size_t f = (size_t)floor(h);
        size_t want[2] = {f, f + 1 < n ? f + 1 : f};
        for (int w = 0; w < 2; w++) {
            size_t i = nr;
            int dup = 0;
            for (size_t q = 0; q < nr; q++)
                dup |= r[q] == want[w];
            if (dup)
                continue;
            while (i > 0 && r[i - 1] > want[w]) {
                r[i] = r[i - 1];
                i--;
            }
            r[i] = want[w];
            nr++;
        }
    }
    select_ranks(x, 0, n, r, nr);
    for (size_t k = 0; k < np; k++) {
        double h = (double)(n - 1) * p[k];
        size_t f = (size_t)floor(h);
        double lo = x[f], hi = f + 1 < n ? x[f + 1] : x[f];
        out[k] = lo + (h - (double)f) * (hi - lo);
    }
}

void
fc_summary4(double x[], size_t n, double out[4])
{
    static const double p[3] = {0.1, 0.5, 0.9};
    double s = 0.0;
    /* shifted by the first value: exact when every draw is the same, and no cancellation
     * for cells whose draws vary little around a large value */
    for (size_t i = 1; i < n; i++)
        s += x[i] - x[0];
    out[0] = x[0] + s / (double)n;
    fc_quantiles(x, n, p, 3, out + 1);
}
