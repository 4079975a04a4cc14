/* evppi.c: EVPPI by penalised regression splines fitted by generalised cross-validation
 * (see evppi.h). */
#include "models/evppi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_bspline.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#define ORDER 4      /* cubic */
#define NLAMBDA 31   /* smoothing weights tried: 10^-7.5 .. 10^7.5 times the scale */

/* The design: for each sample, its row's nonzero basis values and their columns; and the
 * penalty. */
typedef struct design {
    size_t nsim, K, nz; /* samples, coefficients, nonzeros a row */
    size_t *col;        /* [nsim*nz] */
    double *val;        /* [nsim*nz] */
    double *P;          /* [K*K] penalty */
} design;

static void
design_free(design *d)
{
    free(d->col);
    free(d->val);
    free(d->P);
}

/* The second-difference penalty D'D of n coefficients, added at offset off (stride K). */
static void
add_penalty(double *P, size_t K, size_t off, size_t n, size_t stride_in, size_t repeat,
            size_t rstride)
{
    /* for r in 0..repeat: coefficients off + r*rstride + i*stride_in, i = 0..n-1 */
    for (size_t r = 0; r < repeat; r++)
        for (size_t i = 0; i + 2 < n; i++) {
            const size_t c[3] = {off + r * rstride + i * stride_in,
                                 off + r * rstride + (i + 1) * stride_in,
                                 off + r * rstride + (i + 2) * stride_in};
            const double w[3] = {1, -2, 1};
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    P[c[a] * K + c[b]] += w[a] * w[b];
        }
}

/* One parameter's cubic B-spline values at every sample: its 4 nonzero values and the first
 * column, on nseg equal intervals over [lo, hi]. */
static fc_status
basis_1d(const double *par, size_t npar, size_t j, size_t nsim, size_t nseg, size_t *first,
         double *vals, fc_err *err)
{
    gsl_bspline_workspace *w = gsl_bspline_alloc(ORDER, nseg + 1);
    gsl_vector *B = gsl_vector_alloc(ORDER);
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    fc_status st = FC_OK;
    if (w == NULL || B == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t s = 0; s < nsim; s++) {
        lo = fmin(lo, par[s * npar + j]);
        hi = fmax(hi, par[s * npar + j]);
    }
    gsl_bspline_knots_uniform(lo, hi, w);
    for (size_t s = 0; s < nsim; s++) {
        size_t i0, i1;
        if (gsl_bspline_eval_nonzero(par[s * npar + j], B, &i0, &i1, w) != GSL_SUCCESS) {
            st = FC_FAIL(err, FC_EDOM, "EVPPI: cannot evaluate the spline basis");
            goto done;
        }
        first[s] = i0;
        for (size_t k = 0; k < ORDER; k++)
            vals[s * ORDER + k] = gsl_vector_get(B, k);
    }
done:
    gsl_vector_free(B);
    if (w)
        gsl_bspline_free(w);
    return st;
}

/* The design for the parameters idx[0..n) that vary (n >= 1). */
static fc_status
design_build(const double *par, size_t npar, size_t nsim, const size_t *idx, size_t n,
             design *d, fc_err *err)
{
    const size_t nseg = n == 1 ? 20 : n == 2 ? 8 : 12, K1 = nseg + ORDER - 1;
    size_t *first = calloc(nsim * n, sizeof *first);
    double *vals = calloc(nsim * n * ORDER, sizeof *vals);
    fc_status st = FC_OK;

    memset(d, 0, sizeof *d);
    d->nsim = nsim;
    d->K = n == 2 ? K1 * K1 : n * K1;
    d->nz = n == 2 ? ORDER * ORDER : n * ORDER;
    d->col = calloc(nsim * d->nz, sizeof *d->col);
    d->val = calloc(nsim * d->nz, sizeof *d->val);
    d->P = calloc(d->K * d->K, sizeof *d->P);
    if (!first || !vals || !d->col || !d->val || !d->P) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory estimating the EVPPI");
        goto done;
    }
    for (size_t g = 0; g < n && st == FC_OK; g++)
        st = basis_1d(par, npar, idx[g], nsim, nseg, first + g * nsim, vals + g * nsim * ORDER,
                      err);
    if (st != FC_OK)
        goto done;
    for (size_t s = 0; s < nsim; s++) {
        size_t *c = d->col + s * d->nz;
        double *v = d->val + s * d->nz;
        if (n == 2) { /* tensor product: column (a, b) is a*K1 + b */
            for (size_t a = 0; a < ORDER; a++)
                for (size_t b = 0; b < ORDER; b++) {
                    c[a * ORDER + b] = (first[s] + a) * K1 + first[nsim + s] + b;
                    v[a * ORDER + b] = vals[s * ORDER + a] * vals[(nsim + s) * ORDER + b];
                }
        } else { /* one smooth, or the sum of one a parameter */
            for (size_t g = 0; g < n; g++)
                for (size_t a = 0; a < ORDER; a++) {
                    c[g * ORDER + a] = g * K1 + first[g * nsim + s] + a;
                    v[g * ORDER + a] = vals[(g * nsim + s) * ORDER + a];
                }
        }
    }
    if (n == 2) { /* second differences along each direction of the surface */
        add_penalty(d->P, d->K, 0, K1, 1, K1, K1);  /* along b, for every a */
        add_penalty(d->P, d->K, 0, K1, K1, K1, 1);  /* along a, for every b */
    } else
        for (size_t g = 0; g < n; g++)
            add_penalty(d->P, d->K, g * K1, K1, 1, 1, 0);
done:
    free(first);
    free(vals);
    if (st != FC_OK)
        design_free(d);
    return st;
}

/* Fits y on the design by penalised least squares, the weight chosen by GCV; writes the
 * fitted values to fit[nsim]. G = B'B. Work: A, Ainv of K*K, beta and c of K. */
static fc_status
fit_gcv(const design *d, const double *G, const double *y, double *fit, double *A, double *c,
        double *beta, double *best_beta, fc_err *err)
{
    const size_t K = d->K, S = d->nsim;
    double yy = 0, trG = 0, trP = 0, best = HUGE_VAL, ridge;
    gsl_matrix_view Am = gsl_matrix_view_array(A, K, K);
    gsl_vector_view bv = gsl_vector_view_array(beta, K), cv = gsl_vector_view_array(c, K);
    int found = 0;

    memset(c, 0, K * sizeof *c);
    for (size_t s = 0; s < S; s++) {
        yy += y[s] * y[s];
        for (size_t k = 0; k < d->nz; k++)
            c[d->col[s * d->nz + k]] += d->val[s * d->nz + k] * y[s];
    }
    for (size_t k = 0; k < K; k++) {
        trG += G[k * K + k];
        trP += d->P[k * K + k];
    }
    /* the additive model's smooths share the constant: a whisker of ridge makes A definite */
    ridge = 1e-10 * trG / (double)K;
    for (int l = 0; l < NLAMBDA; l++) {
        const double lambda = pow(10, -7.5 + 0.5 * l) * trG / (trP > 0 ? trP : 1);
        double tr = 0, rss, bGb = 0, bc = 0, gcv;
        for (size_t i = 0; i < K * K; i++)
            A[i] = G[i] + lambda * d->P[i];
        for (size_t k = 0; k < K; k++)
            A[k * K + k] += ridge;
        if (gsl_linalg_cholesky_decomp1(&Am.matrix) != GSL_SUCCESS)
            continue;
        gsl_linalg_cholesky_solve(&Am.matrix, &cv.vector, &bv.vector);
        gsl_linalg_cholesky_invert(&Am.matrix); /* A now holds A^-1 */
        for (size_t i = 0; i < K; i++)
            for (size_t j = 0; j < K; j++)
                tr += A[i * K + j] * G[j * K + i];
        for (size_t i = 0; i < K; i++) {
            double gb = 0;
            for (size_t j = 0; j < K; j++)
                gb += G[i * K + j] * beta[j];
            bGb += beta[i] * gb;
            bc += beta[i] * c[i];
        }
        rss = fmax(yy - 2 * bc + bGb, 0);
        if (!((double)S - tr > 0.5))
            continue;
        gcv = (double)S * rss / (((double)S - tr) * ((double)S - tr));
        if (gcv < best) {
            best = gcv;
            memcpy(best_beta, beta, K * sizeof *beta);
            found = 1;
        }
    }
    if (!found)
        return FC_FAIL(err, FC_EDOM, "EVPPI: the regression could not be fitted");
    for (size_t s = 0; s < S; s++) {
        double f = 0;
        for (size_t k = 0; k < d->nz; k++)
            f += d->val[s * d->nz + k] * best_beta[d->col[s * d->nz + k]];
        fit[s] = f;
    }
    return FC_OK;
}

/* mean_s max_d v_d(s) - max_d mean_s v_d(s) over d = 1..D-1 and v_0 = 0: v[d*S + s]. */
static double
value_of(const double *v, size_t S, size_t D)
{
    double emax = 0, maxe = 0;
    for (size_t s = 0; s < S; s++) {
        double m = 0;
        for (size_t d = 1; d < D; d++)
            m = fmax(m, v[d * S + s]);
        emax += m;
    }
    for (size_t d = 1; d < D; d++) {
        double e = 0;
        for (size_t s = 0; s < S; s++)
            e += v[d * S + s];
        maxe = fmax(maxe, e);
    }
    return fmax((emax - maxe) / (double)S, 0);
}

fc_status
fc_evppi(const double nb[], size_t nsim, size_t nstrat, const double par[], size_t npar,
         const size_t idx[], size_t nidx, double *evppi, double *evpi, fc_err *err)
{
    size_t *vary = NULL, nv = 0;
    double *y = NULL, *fit = NULL, *G = NULL, *A = NULL, *work = NULL, full;
    design d = {0};
    fc_status st = FC_OK;

    if (nb == NULL || par == NULL || idx == NULL || evppi == NULL || nstrat == 0 ||
        npar == 0 || nidx == 0 || nidx > npar)
        return FC_FAIL(err, FC_EINVAL, "EVPPI needs net benefits, parameters and a group");
    if (nsim < 50)
        return FC_FAIL(err, FC_EINVAL, "EVPPI needs at least 50 samples, not %zu", nsim);
    for (size_t g = 0; g < nidx; g++)
        if (idx[g] >= npar)
            return FC_FAIL(err, FC_EINVAL, "EVPPI: parameter %zu of %zu", idx[g] + 1, npar);
    for (size_t i = 0; i < nsim * nstrat; i++)
        if (!isfinite(nb[i]))
            return FC_FAIL(err, FC_EDOM, "EVPPI: net benefit %zu is not finite", i);
    for (size_t i = 0; i < nsim * npar; i++)
        if (!isfinite(par[i]))
            return FC_FAIL(err, FC_EDOM, "EVPPI: parameter value %zu is not finite", i);
    y = calloc(nsim * nstrat, sizeof *y);
    fit = calloc(nsim * nstrat, sizeof *fit);
    vary = calloc(nidx, sizeof *vary);
    if (!y || !fit || !vary) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory estimating the EVPPI");
        goto done;
    }
    /* incremental net benefit over the first strategy, strategy by strategy */
    for (size_t k = 1; k < nstrat; k++)
        for (size_t s = 0; s < nsim; s++)
            y[k * nsim + s] = nb[s * nstrat + k] - nb[s * nstrat];
    full = value_of(y, nsim, nstrat);
    if (evpi)
        *evpi = full;
    for (size_t g = 0; g < nidx; g++) { /* a parameter that never varies tells nothing */
        double lo = par[idx[g]], hi = lo;
        for (size_t s = 1; s < nsim; s++) {
            lo = fmin(lo, par[s * npar + idx[g]]);
            hi = fmax(hi, par[s * npar + idx[g]]);
        }
        if (hi > lo)
            vary[nv++] = idx[g];
    }
    *evppi = 0;
    if (nv == 0 || nstrat < 2)
        goto done;
    if ((st = design_build(par, npar, nsim, vary, nv, &d, err)) != FC_OK)
        goto done;
    G = calloc(d.K * d.K, sizeof *G);
    A = calloc(d.K * d.K, sizeof *A);
    work = calloc(3 * d.K, sizeof *work);
    if (!G || !A || !work) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory estimating the EVPPI");
        goto done;
    }
    for (size_t s = 0; s < nsim; s++) /* G = B'B from each row's nonzeros */
        for (size_t a = 0; a < d.nz; a++)
            for (size_t b = 0; b < d.nz; b++)
                G[d.col[s * d.nz + a] * d.K + d.col[s * d.nz + b]] +=
                    d.val[s * d.nz + a] * d.val[s * d.nz + b];
    for (size_t k = 1; k < nstrat && st == FC_OK; k++)
        st = fit_gcv(&d, G, y + k * nsim, fit + k * nsim, A, work, work + d.K, work + 2 * d.K,
                     err);
    /* a partial value cannot exceed the whole: the smoother's overshoot (through rounding in
     * the samples, say) is cut at the EVPI of the same samples */
    if (st == FC_OK)
        *evppi = fmin(value_of(fit, nsim, nstrat), full);
done:
    design_free(&d);
    free(vary);
    free(y);
    free(fit);
    free(G);
    free(A);
    free(work);
    return st;
}
