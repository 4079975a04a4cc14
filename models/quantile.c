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

/* Bucket selection (distributive partitioning): the draws are counted into buckets (about one
 * a draw, at most NB) of equal width between their minimum and maximum; the index
 * floor((v - min) scale) never decreases as v grows, so every draw of a bucket is at most
 * every draw of the next, and a rank lies in the bucket where the running count passes it. One more pass gathers the few
 * draws of the buckets holding the wanted ranks, which are then sorted (or, when a bucket is
 * crowded, bucketed again). Three passes over the draws, no data-dependent branches in the
 * first two, and exact: the values returned are the sample's order statistics. */
#define NB 1024

static void
insertion_sort(double x[], size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double v = x[i];
        size_t j = i;
        while (j > 0 && x[j - 1] > v) {
            x[j] = x[j - 1];
            j--;
        }
        x[j] = v;
    }
}

/* The values of ranks r[0..nr) (ascending, distinct, < n) of x[0..n) into v[0..nr); x is not
 * changed; w: scratch of 2n doubles. */
static void
bucket_ranks(const double x[], size_t n, const size_t r[], size_t nr, double w[], double v[])
{
    unsigned cnt[NB + 1];
    size_t start[NB + 1], want[16], nw = 0, bk[16];
    double mn = x[0], mx = x[0], scale;
    /* about one draw a bucket, up to NB: fewer draws need fewer buckets, and clearing and
     * scanning them would otherwise cost more than the draws themselves (at 100 draws, 10
     * times as much) */
    size_t nb = 64;
    while (nb < n && nb < NB)
        nb *= 2;

    for (size_t i = 1; i < n; i++) {
        mn = x[i] < mn ? x[i] : mn;
        mx = x[i] > mx ? x[i] : mx;
    }
    if (!(mx > mn)) { /* every draw the same */
        for (size_t q = 0; q < nr; q++)
            v[q] = mn;
        return;
    }
    scale = (double)nb / (mx - mn);
    memset(cnt, 0, nb * sizeof cnt[0]);
    for (size_t i = 0; i < n; i++) {
        size_t j = (size_t)((x[i] - mn) * scale);
        cnt[j < nb ? j : nb - 1]++;
    }
    /* the bucket of each rank: start[j] = draws in buckets before j */
    start[0] = 0;
    for (size_t j = 0; j < nb; j++)
        start[j + 1] = start[j] + cnt[j];
    for (size_t q = 0, j = 0; q < nr; q++) {
        while (start[j + 1] <= r[q])
            j++;
        bk[q] = j;
        if (nw == 0 || want[nw - 1] != j)
            want[nw++] = j;
    }
    /* gather those buckets' draws, each bucket at its own offset in w */
    {
        size_t off[16], fill[16] = {0};
        unsigned char mark[NB];
        memset(mark, 0, nb);
        for (size_t q = 0; q < nw; q++) {
            off[q] = q == 0 ? 0 : off[q - 1] + cnt[want[q - 1]];
            mark[want[q]] = (unsigned char)(q + 1);
        }
        for (size_t i = 0; i < n; i++) {
            size_t j = (size_t)((x[i] - mn) * scale);
            j = j < nb ? j : nb - 1;
            if (mark[j]) {
                size_t q = mark[j] - 1u;
                w[off[q] + fill[q]++] = x[i];
            }
        }
        for (size_t q = 0, k = 0; q < nr; q++) {
            while (want[k] != bk[q])
                k++;
            double *b = w + off[k];
            size_t m = cnt[want[k]], rr = r[q] - start[want[k]];
            if (q == 0 || bk[q - 1] != bk[q]) { /* first use of this bucket: order it */
                if (m <= 32) {
                    insertion_sort(b, m);
                } else { /* crowded (clustered draws): its ranks by selection */
                    size_t sub[16], ns = 0;
                    for (size_t t = q; t < nr && bk[t] == bk[q]; t++)
                        sub[ns++] = r[t] - start[want[k]];
                    select_ranks(b, 0, m, sub, ns, w + n);
                    for (size_t t = 0; t < ns; t++)
                        v[q + t] = b[sub[t]];
                    q += ns - 1;
                    continue;
                }
            }
            v[q] = b[rr];
        }
    }
}

void
fc_quantiles(double x[], size_t n, const double p[], size_t np, double w[], double out[])
{
    size_t r[16] = {0}, nr = 0;
    if (np > 8)
        np = 8;
    if (n >= 64) {
        size_t rk[16] = {0}, nk = 0;
        double val[16];
        for (size_t k = 0; k < np; k++) {
            size_t f = (size_t)floor((double)(n - 1) * p[k]);
            size_t want[2] = {f, f + 1 < n ? f + 1 : f};
            for (int u = 0; u < 2; u++) {
                size_t i = nk;
                int dup = 0;
                for (size_t q = 0; q < nk; q++)
                    dup |= rk[q] == want[u];
                if (dup)
                    continue;
                while (i > 0 && rk[i - 1] > want[u]) {
                    rk[i] = rk[i - 1];
                    i--;
                }
                rk[i] = want[u];
                nk++;
            }
        }
        bucket_ranks(x, n, rk, nk, w, val);
        for (size_t k = 0; k < np; k++) {
            double h = (double)(n - 1) * p[k], lo, hi;
            size_t f = (size_t)floor(h), f1 = f + 1 < n ? f + 1 : f, i = 0;
            while (rk[i] != f)
                i++;
            lo = val[i];
            while (rk[i] != f1)
                i++;
            hi = val[i];
            out[k] = lo + (h - (double)f) * (hi - lo);
        }
        return;
    }
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
