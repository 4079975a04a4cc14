/* projrates.c: the rates a projection steps with, for one variant (see projrates.h). */
#include "models/projrates.h"

#include <stdlib.h>
#include <string.h>

void
fc_prates_free(fc_prates *r)
{
    if (r == NULL)
        return;
    if (r->lt)
        for (size_t i = 0; r->lt[i]; i++)
            fc_lifetable_free(r->lt[i]);
    free(r->lt);
    fc_lifetable_free(r->scratch);
    free(r->mx);
    free(r->s);
    free(r->s0);
    free(r->ex);
    free(r->asfr);
    free(r->mig);
    free(r->ps);
    free(r->ps0);
    free(r->pasfr);
    free(r->pmig);
    free(r->inflow);
    free(r->out);
    free(r->fshare);
    free(r->pin);
    free(r->pout);
    free(r->pflows);
    free(r);
}

fc_prates *
fc_prates_alloc(const fc_prates_base *b, size_t max_areas, int keep_tables)
{
    fc_prates *r = calloc(1, sizeof *r);
    const size_t c = max_areas, ng = b->ng, ns = b->nstep + 1, nlt = b->nmy * c * 2;
    if (r == NULL)
        return NULL;
    r->cap = c;
    r->s = malloc(b->nmy * c * 2 * ng * sizeof *r->s);
    r->s0 = malloc(b->nmy * c * 2 * sizeof *r->s0);
    r->ex = malloc(b->nmy * c * 2 * ng * sizeof *r->ex);
    r->asfr = malloc(b->nfy * c * ng * sizeof *r->asfr);
    r->mig = b->ngy ? malloc(b->ngy * c * 2 * ng * sizeof *r->mig) : NULL;
    r->ps = calloc(ns, sizeof *r->ps);
    r->ps0 = calloc(ns, sizeof *r->ps0);
    r->pasfr = calloc(ns, sizeof *r->pasfr);
    r->pmig = calloc(ns, sizeof *r->pmig);
    r->mx = malloc((b->nm ? b->nm : 1) * sizeof *r->mx);
    r->inflow = b->niy ? malloc(b->niy * c * 2 * ng * sizeof *r->inflow) : NULL;
    r->out = b->noy ? malloc(b->noy * c * 2 * ng * sizeof *r->out) : NULL;
    r->fshare = b->nflow ? malloc(b->nflow * sizeof *r->fshare) : NULL;
    r->pin = b->niy ? calloc(ns, sizeof *r->pin) : NULL;
    r->pout = b->noy || b->nflow ? calloc(ns, sizeof *r->pout) : NULL;
    r->pflows = b->nflow ? calloc(ns, sizeof *r->pflows) : NULL;
    if ((b->niy && (!r->inflow || !r->pin)) || (b->noy && !r->out) ||
        ((b->noy || b->nflow) && !r->pout) || (b->nflow && (!r->fshare || !r->pflows))) {
        fc_prates_free(r);
        return NULL;
    }
    if (keep_tables) { /* NULL-terminated, so that free knows how many were made */
        if ((r->lt = calloc(nlt + 1, sizeof *r->lt)) != NULL)
            for (size_t i = 0; i < nlt; i++)
                if ((r->lt[i] = fc_lifetable_alloc(b->nm)) == NULL) {
                    fc_prates_free(r);
                    return NULL;
                }
    } else {
        r->scratch = fc_lifetable_alloc(b->nm);
    }
    if (!r->s || !r->s0 || !r->ex || !r->asfr || (b->ngy && !r->mig) || !r->ps || !r->ps0 ||
        !r->pasfr || !r->pmig || !r->mx || (keep_tables ? !r->lt : !r->scratch)) {
        fc_prates_free(r);
        return NULL;
    }
    return r;
}

/* Life tables, survival ratios and life expectancies of areas [a0, a1) at mortality factor
 * scale. */
static fc_status
mortality(const fc_prates_base *b, fc_prates *r, double scale, size_t a0, size_t a1,
          size_t *bad, fc_err *err)
{
    const size_t na = b->na, nm = b->nm, ng = b->ng, nb = a1 - a0;
    double *mx = r->mx;
    fc_status st;

    r->valid = 0;
    for (size_t y = 0; y < b->nmy; y++)
        for (size_t a = a0; a < a1; a++)
            for (int sex = 0; sex < 2; sex++) {
                const double *src = b->mx + ((y * na + a) * 2 + (size_t)sex) * nm;
                size_t k = (y * nb + (a - a0)) * 2 + (size_t)sex;
                fc_lifetable *lt = r->lt ? r->lt[k] : r->scratch;
                for (size_t i = 0; i < nm; i++)
                    mx[i] = src[i] * scale;
                st = fc_lifetable_compute(lt, mx, b->lt_kind, sex, b->a0_rule, err);
                if (st == FC_OK)
                    st = fc_lifetable_survival(lt, b->first, ng, b->step, &r->s0[k],
                                               &r->s[k * ng], err);
                if (st != FC_OK) {
                    *bad = a * 2 + (size_t)sex;
                    return FC_EDATA;
                }
                for (size_t g = 0; g < ng; g++)
                    r->ex[k * ng + g] = lt->ex[b->first[g]];
            }
    r->valid = 1;
    r->a0 = a0;
    r->a1 = a1;
    r->mscale = scale;
    return FC_OK;
}

/* dst[y][a - a0][cells] = src[y][a][cells] * f for areas [a0, a0 + nb). */
static void
scale_cells(const double *src, double *dst, size_t ny, size_t na, size_t nb, size_t a0,
            size_t cells, double f)
{
    for (size_t y = 0; y < ny; y++)
        for (size_t a = 0; a < nb; a++) {
            const double *s = src + (y * na + a0 + a) * cells;
            double *d = dst + (y * nb + a) * cells;
            for (size_t k = 0; k < cells; k++)
                d[k] = s[k] * f;
        }
}

double
fc_prates_max_out(const fc_prates_base *b, const fc_prates *r, size_t *at, size_t *year_at)
{
    const size_t nb = r->a1 - r->a0, cells = nb * 2 * b->ng, ny = b->noy ? b->noy : 1;
    double big = -1.0, *fl = b->nflow ? calloc(cells, sizeof *fl) : NULL;
    *at = *year_at = 0;
    for (size_t i = 0; fl && i < b->nflow; i++)
        fl[b->ffrom[i] * 2 * b->ng + b->fcell[i]] += r->fshare[i];
    for (size_t y = 0; y < ny; y++)
        for (size_t k = 0; k < cells; k++) {
            double o = b->noy ? r->out[y * cells + k] : 0.0;
            if (fl)
                o += fl[k];
            else /* no memory for the sums: the slow way */
                for (size_t i = 0; i < b->nflow; i++)
                    if (b->ffrom[i] * 2 * b->ng + b->fcell[i] == k)
                        o += r->fshare[i];
            if (o > big)
                big = o, *at = k, *year_at = y;
        }
    free(fl);
    return big;
}

fc_status
fc_prates_build(const fc_prates_base *b, fc_prates *r, fc_prates_scale sc, size_t a0,
                size_t a1, size_t *bad, fc_err *err)
{
    const size_t na = b->na, ng = b->ng, nb = a1 - a0;
    const double mscale = sc.migration * b->step; /* per year -> per step */
    fc_status st;

    if (a0 >= a1 || a1 > na || nb > r->cap || (b->nflow && nb != na))
        return FC_FAIL(err, FC_EINVAL, "projection rates: bad area range [%zu, %zu)", a0, a1);
    if (!(r->valid && r->a0 == a0 && r->a1 == a1 && r->mscale == sc.mortality) &&
        (st = mortality(b, r, sc.mortality, a0, a1, bad, err)) != FC_OK)
        return st;
    for (size_t y = 0; y < b->nfy; y++)
        for (size_t a = a0; a < a1; a++) {
            const double *src = b->asfr + (y * na + a) * ng;
            double *dst = r->asfr + (y * nb + (a - a0)) * ng;
            for (size_t g = 0; g < ng; g++)
                dst[g] = src[g] * sc.fertility;
        }
    for (size_t y = 0; y < b->ngy; y++)
        for (size_t a = a0; a < a1; a++) {
            const double *src = b->mig + (y * na + a) * 2 * ng;
            double *dst = r->mig + (y * nb + (a - a0)) * 2 * ng;
            for (size_t g = 0; g < 2 * ng; g++)
                dst[g] = src[g] * mscale;
        }
    scale_cells(b->inflow, r->inflow, b->niy, na, nb, a0, 2 * ng, sc.inflow * b->step);
    scale_cells(b->outrate, r->out, b->noy, na, nb, a0, 2 * ng, sc.outflow * b->step);
    for (size_t i = 0; i < b->nflow; i++)
        r->fshare[i] = b->frate[i] * sc.outflow * b->step;
    r->flows = (fc_ccm_flows){b->nflow, b->ffrom, b->fto, b->fcell, r->fshare};
    for (size_t t = 0; t < b->nstep; t++) {
        if (r->pin)
            r->pin[t] = r->inflow + b->ii[t] * nb * 2 * ng;
        if (r->pout)
            r->pout[t] = b->noy ? r->out + b->oi[t] * nb * 2 * ng : NULL;
        if (r->pflows)
            r->pflows[t] = &r->flows;
        r->ps[t] = r->s + b->mi[t] * nb * 2 * ng;
        r->ps0[t] = r->s0 + b->mi[t] * nb * 2;
        r->pasfr[t] = r->asfr + b->fi[t] * nb * ng;
        r->pmig[t] = b->ngy ? r->mig + b->gi[t] * nb * 2 * ng : NULL;
    }
    r->a0 = a0;
    r->a1 = a1;
    return FC_OK;
}
