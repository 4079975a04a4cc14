/* evppi.c: which unknown is worth researching: the EVPPI of each uncertain number of the
 * scenario for the PBMA decision, from the Monte Carlo draws themselves (draws_run.h).
 *
 * The decision is which set of options to commit to. The candidates are the sets the draws
 * found best (the principal's first, then the most frequent, at most 16): in each draw, a
 * candidate's net benefit is the sum over its options of the draw's threshold x benefit -
 * cost (first year), the options' values drawn as the draw drew them. The EVPI is what
 * knowing the draw's world before committing would be worth; each number's EVPPI (models/
 * evppi: nonparametric regression on the draws' values of that number) what knowing that one
 * would be worth. The draws' own option intervals and variant are noise to every number: they
 * leave EVPI that no single number explains: so each option's drawn cost and benefit are
 * numbers to learn too, after the scenario's. A committed set's value ignores the budget once
 * committed (the budget decides which sets the draws find best, and so the candidates), so a
 * scenario number that moves only the budget is worth little here: the options' own values
 * usually dominate. */
#include "engine/draws/draws_run.h"

#include "models/evppi.h"

#define MAX_SETS 16

fc_status
dr_pbma_evppi(mc *m, fc_err *err)
{
    const size_t N = m->N, n = m->nopt, nu = m->nunc;
    const size_t np_all = nu + 2 * n; /* the scenario's numbers, then each option's cost and
                                         benefit */
    size_t *rep = NULL, *count = NULL, ns = 0, *pick = NULL, np = 0;
    double *nb = NULL, *par = NULL, evpi = 0;
    char name[512];
    fc_writer *w;
    fc_status st = FC_OK;

    if (N < 50 || nu == 0 || n == 0) /* the regression needs 50 draws and a number to learn */
        return FC_OK;
    rep = calloc(N + 1, sizeof *rep);
    count = calloc(N + 1, sizeof *count);
    pick = calloc(MAX_SETS, sizeof *pick);
    if (!rep || !count || !pick) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    /* the distinct best sets (a draw stands for its set), in order of first sight */
    for (size_t d = 0; d <= N; d++) {
        const unsigned char *f = m->funded + d * n;
        size_t s = 0;
        if (memchr(f, 2, n))
            continue; /* no set met this draw's budget */
        while (s < ns && memcmp(m->funded + rep[s] * n, f, n) != 0)
            s++;
        if (s == ns)
            rep[ns++] = d;
        count[s]++;
    }
    /* the principal's set, then the most frequent (ties in order of first sight) */
    for (size_t s = 0; s < ns && np < MAX_SETS; s++) {
        size_t best = SIZE_MAX;
        for (size_t t = 0; t < ns; t++) {
            int taken = 0;
            for (size_t q = 0; q < np; q++)
                taken |= pick[q] == t;
            if (!taken && (best == SIZE_MAX || (rep[t] == 0) > (rep[best] == 0) ||
                           ((rep[t] == 0) == (rep[best] == 0) && count[t] > count[best])))
                best = t;
        }
        if (best == SIZE_MAX)
            break;
        pick[np++] = best;
    }
    if (np < 2) /* one set whatever the world: nothing is worth learning */
        goto write;
    if ((nb = malloc(N * np * sizeof *nb)) == NULL ||
        (par = malloc(N * np_all * sizeof *par)) == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t d = 1; d <= N; d++) {
        double *row = par + (d - 1) * np_all;
        memcpy(row, m->pv + d * nu, nu * sizeof *row);
        for (size_t i = 0; i < n; i++) {
            row[nu + 2 * i] = m->ocost[d * n + i];
            row[nu + 2 * i + 1] = m->oben[d * n + i];
        }
    }
    for (size_t d = 1; d <= N; d++)
        for (size_t q = 0; q < np; q++) {
            const unsigned char *f = m->funded + rep[pick[q]] * n;
            double v = 0;
            for (size_t i = 0; i < n; i++)
                if (f[i])
                    v += m->othr[d] * m->oben[d * n + i] - m->ocost[d * n + i];
            nb[(d - 1) * np + q] = v;
        }
write:
    if ((st = fc_out_file(m->ch->o, "pbma_evppi.csv", &w, err)) != FC_OK)
        goto done;
    fc_w_str(w, "parameter,evppi,evpi,share_of_evpi,draws,candidate_sets\n");
    for (size_t k = 0; k < np_all && st == FC_OK; k++) {
        double v = 0;
        if (np >= 2 && (st = fc_evppi(nb, N, np, par, np_all, &k, 1, &v, &evpi, err)) != FC_OK)
            break;
        if (k < nu)
            snprintf(name, sizeof name, "%s", m->unc[k].name);
        else
            snprintf(name, sizeof name, "option %s %s",
                     fc_pbmajob_model_option(m->pm, (k - nu) / 2),
                     (k - nu) % 2 ? "benefit" : "cost");
        fc_w_field(w, name);
        fc_w_comma(w);
        fc_w_num(w, v);
        fc_w_comma(w);
        fc_w_num(w, evpi);
        fc_w_comma(w);
        if (evpi > 0)
            fc_w_num(w, v / evpi);
        else
            fc_w_str(w, "NA");
        fc_w_comma(w);
        fc_w_int(w, (long)N);
        fc_w_comma(w);
        fc_w_int(w, (long)np);
        fc_w_eol(w);
    }
done:
    free(rep);
    free(count);
    free(pick);
    free(nb);
    free(par);
    return st;
}
