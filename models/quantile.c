/* quantile.c: type-7 sample quantiles by multiple selection (see quantile.h). */
#include "models/quantile.h"

#include <math.h>
#include <string.h>

static void
swap(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Partitions x[lo..hi-1) around pivot (kept in x[hi-1]) through w: afterwards x[lo..j) <
 * pivot = x[j] <= x[j+1..hi). Each element is stored to both ends of w and only the count
 * that matches moves, so there is neither a branch on the data nor a chain of loads through
 * a moving index (the in-place Lomuto scheme's limit); returns j. */
static size_t
partition(double x[], size_t lo, size_t hi, double w[])
{
    const double pivot = x[hi - 1];
    const size_t m = hi - 1 - lo;
    size_t nl = 0, nr = 0;
    for (size_t i = 0; i < m; i++) {
        double v = x[lo + i];
        size_t b = v < pivot;
        w[nl] = v;
        w[m - 1 - nr] = v;
        nl += b;
        nr += 1 - b;
    }
    memcpy(x + lo, w, nl * sizeof *x);
    x[lo + nl] = pivot;
    memcpy(x + lo + nl + 1, w + nl, (m - nl) * sizeof *x);
    return lo + nl;
}

/* Places the k-th smallest of x[lo..hi) at x[k], smaller-or-equal ones before it and
 * greater-or-equal ones after it (lo <= k < hi; w: scratch of hi - lo doubles).
 * Quickselect (Hoare's FIND); above 600 elements the pivot is found as Floyd and Rivest
 * (1975, CACM 18:165) do, by first selecting k within a sample-sized window around it, so
 * that one partition leaves little to do; below, the median of three. A run of keys equal
 * to the pivot is split off when nothing fell below it, so ties cannot make it quadratic.
 * The smallest and largest ranks are a plain scan. */
static void
select_k(double x[], size_t lo, size_t hi, size_t k, double w[])
{
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, j, lo0 = lo;
        double pivot;
        if (k == lo || k == hi - 1) { /* the minimum or maximum: one scan */
            size_t mi = lo;
            if (k == lo) {
                for (size_t i = lo + 1; i < hi; i++)
                    mi = x[i] < x[mi] ? i : mi;
            } else {
                for (size_t i = lo + 1; i < hi; i++)
                    mi = x[i] >= x[mi] ? i : mi;
            }
            swap(&x[mi], &x[k]);
            return;
        }
        if (hi - lo > 600) {
            double n = (double)(hi - lo), i = (double)(k - lo), z = log(n);
            double ss = 0.5 * exp(2.0 * z / 3.0);
            double sd = 0.5 * sqrt(z * ss * (n - ss) / n) * (i < n / 2 ? -1.0 : 1.0);
            double l = (double)k - i * ss / n + sd, r = (double)k + (n - i) * ss / n + sd;
            size_t wl = l > (double)lo ? (size_t)l : lo;
            size_t wr = r < (double)(hi - 1) ? (size_t)r : hi - 1;
            if (wl > k)
                wl = k;
            if (wr < k)
                wr = k;
            select_k(x, wl, wr + 1, k, w);
            swap(&x[k], &x[hi - 1]);
        } else {
            /* median of three, moved to x[hi-1] */
            if (x[mid] < x[lo])
                swap(&x[mid], &x[lo]);
            if (x[hi - 1] < x[lo])
                swap(&x[hi - 1], &x[lo]);
            if (x[mid] < x[hi - 1])
                swap(&x[mid], &x[hi - 1]);
        }
        pivot = x[hi - 1];
        j = partition(x, lo, hi, w);
        if (k == j)
            return;
        if (k < j) {
            hi = j;
            continue;
        }
        lo = j + 1;
        if (j == lo0) {
            /* keys equal to the pivot first: nothing below it may mean a long run of ties */
            size_t e = lo;
            for (size_t i = lo; i < hi; i++) {
                double v = x[i];
                x[i] = x[e];
                x[e] = v;
                e += v == pivot;
            }
            if (k < e)
                return;
            lo = e;
        }
    }
}

/* Places every rank of r[0..nr) (sorted, distinct, within [lo, hi)) at its position. */
static void
select_ranks(double x[], size_t lo, size_t hi, const size_t r[], size_t nr, double w[])
{
    size_t m;
    if (nr == 0)
        return;
    m = nr / 2;
    select_k(x, lo, hi, r[m], w);
    select_ranks(x, lo, r[m], r, m, w);
    select_ranks(x, r[m] + 1, hi, r + m + 1, nr - m - 1, w);
}

/* Bands: with a sample of 64 of the draws, sorted, each probability's two order statistics
 * are bracketed by sample values a few places either side; one pass counts the draws below
 * each bracket and copies those inside it, and the ranks are selected within the brackets
 * (some 15% of the draws), falling back to the whole sample when a bracket misses. Returns
 * 0 when every quantile was found so. */
#define NSAMPLE 64
#define REACH 6

static int
banded(const double x[], size_t n, const double p[], size_t np, double w[], double out[])
{
    double smp[NSAMPLE], lo[8] = {0}, hi[8] = {0};
    size_t below[8] = {0}, cnt[8] = {0}, f[8];
    double *band[8] = {NULL};
    for (size_t i = 0; i < NSAMPLE; i++) { /* evenly spaced (draws come in random order) */
        double v = x[i * n / NSAMPLE];
        size_t j = i;
        while (j > 0 && smp[j - 1] > v) {
            smp[j] = smp[j - 1];
            j--;
        }
        smp[j] = v;
    }
    for (size_t k = 0; k < np; k++) {
        double h = (double)(n - 1) * p[k];
        long c = (long)(p[k] * NSAMPLE);
        f[k] = (size_t)floor(h);
        lo[k] = c - REACH < 0 ? -(double)HUGE_VAL : smp[c - REACH];
        hi[k] = c + REACH + 1 >= NSAMPLE ? (double)HUGE_VAL : smp[c + REACH + 1];
        band[k] = w + k * n;
    }
    /* counts first (a loop the compiler can vectorise), then the few draws inside each
     * bracket */
    for (size_t k = 0; k < np; k++) {
        const double l = lo[k], u = hi[k];
        size_t e = 0, c = 0;
        for (size_t i = 0; i < n; i++) {
            e += x[i] < l;
            c += x[i] <= u;
        }
        below[k] = e;
        cnt[k] = c - e;
    }
    for (size_t k = 0; k < np; k++) {
        size_t r0 = f[k], r1 = f[k] + 1 < n ? f[k] + 1 : f[k];
        if (r0 < below[k] || r1 >= below[k] + cnt[k])
            return -1;
    }
    for (size_t k = 0; k < np; k++) {
        const double l = lo[k], u = hi[k];
        double *bk = band[k];
        size_t c = 0;
        for (size_t i = 0; i < n; i++) {
            double v = x[i];
            bk[c] = v;
            c += (v >= l) & (v <= u);
        }
    }
    for (size_t k = 0; k < np; k++) {
        double h = (double)(n - 1) * p[k], a, b;
        size_t i0 = f[k] - below[k], i1 = (f[k] + 1 < n ? f[k] + 1 : f[k]) - below[k];
        double *bw = w + np * n; /* scratch after the bands */
        select_k(band[k], 0, cnt[k], i0, bw);
        a = band[k][i0];
        if (i1 != i0) {
            select_k(band[k], i0 + 1, cnt[k], i1, bw); /* the smallest of those above */
            b = band[k][i1];
        } else {
            b = a;
        }
        out[k] = a + (h - (double)f[k]) * (b - a);
    }
    return 0;
}

void
fc_quantiles(double x[], size_t n, const double p[], size_t np, double w[], double out[])
{
    size_t r[16] = {0}, nr = 0;
    if (np > 8)
        np = 8;
    if (n >= 256 && np <= 3 && banded(x, n, p, np, w, out) == 0)
        return;
    if (np > 8)
        np = 8;
    /* the ranks needed: floor h and floor h + 1 for each p, sorted and distinct */
    for (size_t k = 0; k < np; k++) {
        double h = (double)(n - 1) * p[k];
        size_t f = (size_t)floor(h);
        size_t want[2] = {f, f + 1 < n ? f + 1 : f};
        for (int u = 0; u < 2; u++) {
            size_t i = nr;
            int dup = 0;
            for (size_t q = 0; q < nr; q++)
                dup |= r[q] == want[u];
            if (dup)
                continue;
            while (i > 0 && r[i - 1] > want[u]) {
                r[i] = r[i - 1];
                i--;
            }
            r[i] = want[u];
            nr++;
        }
    }
    select_ranks(x, 0, n, r, nr, w);
    for (size_t k = 0; k < np; k++) {
        double h = (double)(n - 1) * p[k];
        size_t f = (size_t)floor(h);
        double lo = x[f], hi = f + 1 < n ? x[f + 1] : x[f];
        out[k] = lo + (h - (double)f) * (hi - lo);
    }
}

void
fc_summary4(double x[], size_t n, double w[], double out[4])
{
    static const double p[3] = {0.1, 0.5, 0.9};
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    /* shifted by the first value: exact when every draw is the same, and no cancellation
     * for cells whose draws vary little around a large value; four running sums (draws i
     * with i mod 4 = j), so that the additions overlap */
    size_t i = 1;
    for (; i + 4 <= n; i += 4)
        for (int j = 0; j < 4; j++)
            s[j] += x[i + (size_t)j] - x[0];
    for (int j = 0; i < n; i++, j++)
        s[j] += x[i] - x[0];
    out[0] = x[0] + ((s[0] + s[1]) + (s[2] + s[3])) / (double)n;
    fc_quantiles(x, n, p, 3, w, out + 1);
}
