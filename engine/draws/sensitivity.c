/* sensitivity.c: one-way sensitivity through the whole chain (draws_run.h). Each uncertain
 * number of the scenario is set to its p10 and then its p90 (an interval's ends exactly),
 * every other number held at its median, the variant the principal and the input tables'
 * ranges (growth, the PBMA options) at their point values: two designed "draws" a parameter,
 * repeated through the stages exactly as the Monte Carlo draws are, so a value here is what a
 * run with `--set section.key=value` gives. sensitivity.csv then holds, for each parameter,
 * the outcomes at the central value and at each end, and the swing between the ends. */
#include "engine/draws/draws_run.h"

fc_status
dr_sens_parameters(mc *m, fc_err *err)
{
    const size_t N = m->N, nu = m->nunc;
    if ((m->pv = malloc((N + 1) * nu * sizeof *m->pv)) == NULL ||
        (m->var = calloc(N + 1, sizeof *m->var)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t d = 0; d <= N; d++)
        for (size_t k = 0; k < nu; k++)
            m->pv[d * nu + k] = m->unc[k].central;
    for (size_t k = 0; k < nu; k++) {
        const fc_scn_unc *u = &m->unc[k];
        double lo, hi;
        if (u->dist.kind == FC_DIST_INTERVAL) { /* its ends are its p10 and p90 */
            lo = u->dist.p[0];
            hi = u->dist.p[1];
        } else {
            lo = fc_dist_quantile(&u->dist, 0.1);
            hi = fc_dist_quantile(&u->dist, 0.9);
        }
        m->pv[(2 * k + 1) * nu + k] = lo < u->lo ? u->lo : lo > u->hi ? u->hi : lo;
        m->pv[(2 * k + 2) * nu + k] = hi < u->lo ? u->lo : hi > u->hi ? u->hi : hi;
    }
    return FC_OK;
}

/* One row: parameter k's ends, the outcome's name and its values at the centre and at each
 * end, and the swing |high - low| (NA where an end has no value). */
static void
row(fc_writer *w, const mc *m, size_t k, const char *outcome, double c, double lo, double hi)
{
    fc_w_field(w, m->unc[k].name);
    fc_w_comma(w);
    fc_w_num(w, m->pv[(2 * k + 1) * m->nunc + k]);
    fc_w_comma(w);
    fc_w_num(w, m->pv[(2 * k + 2) * m->nunc + k]);
    fc_w_comma(w);
    fc_w_field(w, outcome);
    const int money = strncmp(outcome, "gap", 3) == 0; /* GBP to the penny */
    for (int i = 0; i < 4; i++) {
        double v = i == 0 ? c : i == 1 ? lo : i == 2 ? hi : fabs(hi - lo);
        if (i == 3 && money)
            v = round(100 * v) / 100;
        fc_w_comma(w);
        if (isnan(v))
            fc_w_str(w, "NA");
        else
            fc_w_num(w, v);
    }
    fc_w_eol(w);
}

/* The money outcome of draw d: programme q's (nprog: all) gap in the last finance year. */
static double
gap_of(const mc *m, size_t d, size_t q)
{
    return m->money[((d * (m->nprog + 1) + q) * m->nyf + m->nyf - 1) * 3 + 2];
}

fc_status
dr_sens_write(mc *m, fc_err *err)
{
    fc_writer *w;
    fc_status st;
    size_t g75 = m->npg;
    char name[512];

    for (size_t g = 0; g < m->npg; g++) /* people aged 75 and over */
        if (strcmp(dr_age_groups[m->pg[g]].name, "75+") == 0)
            g75 = g;
    if ((st = fc_out_file(m->ch->o, "sensitivity.csv", &w, err)) != FC_OK)
        return st;
    fc_w_str(w, "parameter,value_low,value_high,outcome,central,at_low,at_high,swing\n");
    for (size_t k = 0; k < m->nunc; k++) {
        const size_t lo = 2 * k + 1, hi = 2 * k + 2;
        if (m->have_fin) {
            row(w, m, k, "gap", gap_of(m, 0, m->nprog), gap_of(m, lo, m->nprog),
                gap_of(m, hi, m->nprog));
            for (size_t q = 0; q < m->nprog; q++) {
                snprintf(name, sizeof name, "gap.%s", m->prog[q]);
                row(w, m, k, name, gap_of(m, 0, q), gap_of(m, lo, q), gap_of(m, hi, q));
            }
        }
        if (m->have_pbma)
            row(w, m, k, "net_benefit", m->set_nb[0], m->set_nb[lo], m->set_nb[hi]);
        if (m->have_proj && g75 < m->npg) {
            const size_t t = m->ny - 1;
            row(w, m, k, "people_75plus", m->ptot[(0 * m->ny + t) * m->npg + g75],
                m->ptot[(lo * m->ny + t) * m->npg + g75], m->ptot[(hi * m->ny + t) * m->npg + g75]);
        }
        /* the funded set: every option funded at one end and not at the centre, or the other
         * way round (1 funded, 0 not, NA where no set met that end's budget) */
        for (size_t i = 0; m->have_pbma && i < m->nopt; i++) {
            unsigned char c = m->funded[i], a = m->funded[lo * m->nopt + i],
                          b = m->funded[hi * m->nopt + i];
            if (a == c && b == c)
                continue;
            snprintf(name, sizeof name, "funded.%s", fc_pbmajob_model_option(m->pm, i));
            row(w, m, k, name, c == 2 ? (double)NAN : c, a == 2 ? (double)NAN : a,
                b == 2 ? (double)NAN : b);
        }
    }
    return FC_OK;
}
