/* job.c: the standardisation job: strata from the standard's bands, directly standardised rates and indirectly standardised ratios with their limits (standardise_int.h). */
#include "engine/standardise/standardise_int.h"

/* ---------------------------------------------------------------- the job */


#define CIDX(J, m, t, a, s) (((((m) * (J)->ny + (t)) * (J)->na + (a)) * 2 + (size_t)(s)) * (J)->nb)
#define NIDX(J, t, a, s)                                                                           \
    (((((J)->pop_has_year ? (t) : 0) * (J)->na + (a)) * 2 + (size_t)(s)) * (J)->nb)
#define RIDX(J, m, t, s) ((((m) * (J)->ny + (t)) * 2 + (size_t)(s)) * (J)->nb)

void
sd_job_fini(job *j)
{
    free(j->cnt.row);
    free(j->cnt.mode);
    free(j->cnt.mode_line);
    fc_intern_free(j->cnt.areas);
    fc_intern_free(j->cnt.measures);
    free(j->year);
    free(j->c);
    free(j->n);
    free(j->ref);
    memset(j, 0, sizeof *j);
}

static size_t
year_index(const job *j, int y)
{
    for (size_t t = 0; t < j->ny; t++)
        if (j->year[t] == y)
            return t;
    return SIZE_MAX;
}

/* Reads the counts: areas, measures, years; sorts them and rejects overlapping bands. */
fc_status
sd_load_counts(job *j)
{
    const fc_stdz_spec *sp = j->sp;
    cctx *c = &j->cnt;
    fc_status st;
    char b1[24], b2[24];

    c->std = &j->std;
    c->areas = fc_intern_alloc();
    c->measures = fc_intern_alloc();
    if (!c->areas || !c->measures)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if ((st = fc_csv_read(sp->counts, sd_count_cols, CT_N, 1, sd_count_row_fn, c, j->warn, j->err)))
        return st;
    if (c->frac_line)
        fc_warn(j->warn,
                "%s:%zu: a count that is not a whole number: the confidence limits "
                "treat counts as numbers of events",
                sp->counts, c->frac_line);
    qsort(c->row, c->n, sizeof *c->row, sd_cmp_crow);
    for (size_t i = 1; i < c->n; i++) {
        const crow *p = &c->row[i - 1], *r = &c->row[i];
        if (p->measure != r->measure || p->year != r->year || p->area != r->area ||
            p->sex != r->sex || r->lo > sd_hi_eff(p->hi))
            continue;
        if (p->lo == r->lo && p->hi == r->hi)
            return fc_err_at(j->err, FC_EDATA, sp->counts, r->line, 0,
                             "duplicate row for area "
                             "'%s', measure '%s', sex %s, age '%s' (first given on line %zu)",
                             fc_intern_name(c->areas, r->area),
                             fc_intern_name(c->measures, r->measure), sd_sex_name[r->sex],
                             sd_blabel(r->lo, r->hi, b1), p->line);
        return fc_err_at(j->err, FC_EDATA, sp->counts, r->line > p->line ? r->line : p->line, 0,
                         "age band '%s' overlaps '%s' (lines %zu and %zu)",
                         sd_blabel(r->lo, r->hi, b1), sd_blabel(p->lo, p->hi, b2),
                         r->line < p->line ? r->line : p->line,
                         r->line > p->line ? r->line : p->line);
    }
    j->nm = fc_intern_count(c->measures);
    j->na = fc_intern_count(c->areas);
    j->nb = j->std.nb;
    if (c->has_year) {
        unsigned char seen[3101 - 1000] = {0};
        for (size_t i = 0; i < c->n; i++)
            seen[c->row[i].year - 1000] = 1;
        if ((j->year = malloc(sizeof seen * sizeof *j->year)) == NULL)
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        for (int y = 1000; y <= 3100; y++)
            if (seen[y - 1000])
                j->year[j->ny++] = y;
        j->has_year = 1;
    } else {
        if ((j->year = malloc(sizeof *j->year)) == NULL)
            return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        j->year[0] = FC_NO_YEAR;
        j->ny = 1;
    }
    return FC_OK;
}

/* The variant of the population to use: --variant, else 'principal', else the only one. */
static fc_status
choose_variant(job *j, const qctx *q, const char *path, size_t *v)
{
    const fc_stdz_spec *sp = j->sp;
    size_t nv = fc_intern_count(q->variants);
    if (sp->variant) {
        if (!q->has_var)
            return fc_err_at(j->err, FC_EDATA, path, 1, 0,
                             "a variant ('%s') is chosen but the "
                             "population has no 'variant' column",
                             sp->variant);
        if ((*v = fc_intern_find(q->variants, sp->variant)) == FC_INTERN_NONE)
            return fc_err_at(j->err, FC_EDATA, path, 0, 0,
                             "the population has no variant '%s' "
                             "(it has '%s'%s)",
                             sp->variant, fc_intern_name(q->variants, 0), nv > 1 ? ", ..." : "");
        return FC_OK;
    }
    if ((*v = fc_intern_find(q->variants, "principal")) != FC_INTERN_NONE)
        return FC_OK;
    if (nv == 1) {
        *v = 0;
        return FC_OK;
    }
    return fc_err_at(j->err, FC_EUSAGE, path, 0, 0,
                     "the population holds %zu variants ('%s', "
                     "'%s', ...): choose one (--variant, or 'variant' in [standardise])",
                     nv, fc_intern_name(q->variants, 0), fc_intern_name(q->variants, 1));
}

/* The population's year when the counts have none: the chosen year, or its only one. */
static fc_status
population_years(job *j, const qctx *q, size_t v, const char *path)
{
    const fc_stdz_spec *sp = j->sp;
    size_t i;
    fc_status st = FC_OK;

    if (j->has_year) {
        /* the counts' years: a year missing shows as an area without rows below */
    } else if (q->has_year) {
        int lo = 0, hi = 0, any = 0, found = 0;
        for (i = 0; i < q->n; i++) {
            const qrow *r = &q->row[i];
            if (r->var != v)
                continue;
            if (!any || r->year < lo)
                lo = r->year;
            if (!any || r->year > hi)
                hi = r->year;
            any = 1;
            found |= sp->year == r->year;
        }
        if (sp->year != FC_NO_YEAR && !found) {
            st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                           "the population has no year %d (it "
                           "holds %d to %d)",
                           sp->year, lo, hi);
            return st;
        }
        if (sp->year == FC_NO_YEAR && lo != hi) {
            st = fc_err_at(j->err, FC_EUSAGE, path, 0, 0,
                           "the population holds the years %d "
                           "to %d and the counts have no year column: choose the year (--year, "
                           "or 'year' in [standardise])",
                           lo, hi);
            return st;
        }
        j->year[0] = sp->year != FC_NO_YEAR ? sp->year : lo;
        j->has_year = 1;
    } else if (sp->year != FC_NO_YEAR) {
        st = fc_err_at(j->err, FC_EDATA, path, 1, 0,
                       "a year (%d) is chosen but the population "
                       "has no 'year' column",
                       sp->year);
        return st;
    }
    return st;
}

/* Keeps the chosen variant and the years needed, each band fitted into the standard's
 * (rows outside it dropped); *nk: the rows kept, at the front of q->row. */
static fc_status
keep_rows(job *j, qctx *q, size_t v, const char *path, size_t *nk_out)
{
    size_t nk = 0;
    char b1[24], b2[24];
    fc_status st = FC_OK;

    for (size_t i = 0; i < q->n; i++) {
        qrow r = q->row[i];
        if (r.var != v)
            continue;
        if (q->has_year && (r.t = year_index(j, r.year)) == SIZE_MAX)
            continue;
        if ((r.j = sd_fit(&j->std, r.lo, r.hi)) == FIT_OUTSIDE)
            continue;
        if (r.j == FIT_SPLIT) {
            char b3[24];
            st = fc_err_at(j->err, FC_EDATA, path, r.line, 0,
                           "population age band '%s' does "
                           "not lie inside one of the standard's bands ('%s', ... '%s'), so the "
                           "people in it cannot be assigned",
                           sd_blabel(r.lo, r.hi, b1), sd_sband(&j->std, 0, b2),
                           sd_sband(&j->std, j->nb - 1, b3));
            return st;
        }
        q->row[nk++] = r;
    }
    *nk_out = nk;
    return st;
}

/* The rows of one (year t, area a, sex s), from row *ip on: their bands must tile the
 * standard's ages when the counts need that sex (need). Adds them into the cube and moves
 * *ip past them. */
static fc_status
tile_cell(job *j, const qctx *q, size_t nk, size_t *ip, size_t t, size_t a, int s, int need,
          const char *path)
{
    size_t i = *ip;
    char b1[24], b2[24];
    fc_status st = FC_OK;

    int next = j->std.lo[0], open = 0;
    if (!need) {
        while (i < nk && q->row[i].t == t && q->row[i].area == a && q->row[i].sex == s)
            i++;
        *ip = i;
        return FC_OK;
    }
    size_t prev = SIZE_MAX;
    char where[160];
    if (q->has_year)
        snprintf(where, sizeof where, "area '%s', year %d, sex %s",
                 fc_intern_name(j->cnt.areas, a), j->year[t], sd_sex_name[s]);
    else
        snprintf(where, sizeof where, "area '%s', sex %s",
                 fc_intern_name(j->cnt.areas, a), sd_sex_name[s]);
    for (; i < nk && q->row[i].t == t && q->row[i].area == a && q->row[i].sex == s;
         prev = i++) {
        const qrow *r = &q->row[i];
        if (open || r->lo < next) {
            const qrow *p = &q->row[prev];
            st = fc_err_at(j->err, FC_EDATA, path,
                           r->line > p->line ? r->line : p->line, 0,
                           "%s: age band "
                           "'%s' overlaps '%s' (lines %zu and %zu)",
                           where, sd_blabel(r->lo, r->hi, b1), sd_blabel(p->lo, p->hi, b2),
                           r->line < p->line ? r->line : p->line,
                           r->line > p->line ? r->line : p->line);
            return st;
        }
        if (r->lo > next)
            break;
        j->n[NIDX(j, t, a, s) + (size_t)r->j] += r->v;
        open = r->hi == FC_AGE_OPEN;
        next = open ? FC_AGE_MAX + 1 : r->hi + 1;
    }
    int top = j->std.hi[j->nb - 1];
    if (prev == SIZE_MAX &&
        (i >= nk || q->row[i].t != t || q->row[i].area != a || q->row[i].sex != s)) {
        st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                       "the population has no rows for "
                       "%s",
                       where);
        return st;
    }
    if (i < nk && q->row[i].t == t && q->row[i].area == a && q->row[i].sex == s) {
        st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                       "the population has no row for "
                       "%s, ages %s",
                       where, sd_blabel(next, q->row[i].lo - 1, b1));
        return st;
    }
    if (top == FC_AGE_OPEN && !open) {
        st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                       "the population for %s stops "
                       "at age %d, but the standard's last band '%s' is open-ended: "
                       "give an open group ('%d+'), or, when %d means '%d and over' "
                       "(ONS files), the open age (--open-age %d)",
                       where, next - 1, sd_sband(&j->std, j->nb - 1, b1), next, next - 1,
                       next - 1, next - 1);
        return st;
    }
    if (top != FC_AGE_OPEN && next <= top) {
        st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                       "the population has no row for "
                       "%s, ages %s",
                       where, sd_blabel(next, top, b1));
        return st;
    }
    *ip = i;
    return st;
}

/* Reads the population (a file, or the chain's projection), keeps the chosen variant and the
 * years the counts need, sums it into the standard's bands and checks that every area, year
 * and sex covers every age of the standard exactly once. */
static fc_status
load_population(job *j, const fc_projection *proj)
{
    const fc_stdz_spec *sp = j->sp;
    const char *path = sp->population; /* NULL: the chain's projection */
    qctx q;
    size_t v, nk = 0, i;
    fc_status st;

    if (j->has_year && sp->year != FC_NO_YEAR)
        return fc_err_at(j->err, FC_EUSAGE, sp->counts, 1, 0,
                         "the counts have a year column: a population year (--year, or 'year' in "
                         "[standardise]) is only for counts without one");
    memset(&q, 0, sizeof q);
    q.sp = sp;
    q.areas = j->cnt.areas;
    /* only the years needed are kept (a projection of many years need not be held) */
    unsigned char want[3101 - 1000];
    if (j->has_year || sp->year != FC_NO_YEAR) {
        memset(want, 0, sizeof want);
        for (size_t t = 0; j->has_year && t < j->ny; t++)
            want[j->year[t] - 1000] = 1;
        if (sp->year != FC_NO_YEAR)
            want[sp->year - 1000] = 1;
        q.want_year = want;
    }
    if ((q.variants = fc_intern_alloc()) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if (path)
        st = fc_csv_read(path, sd_pop_cols, PQ_N, 1, sd_pop_row_fn, &q, j->warn, j->err);
    else if (proj)
        st = sd_pop_from_projection(proj, &q, j->err);
    else
        st = FC_FAIL(j->err, FC_EUSAGE, "no population at risk: give a population table");
    if (st || (st = choose_variant(j, &q, path, &v)))
        goto done;
    j->pop_has_year = q.has_year;
    for (i = 0; i < q.n && q.row[i].var != v; i++)
        ;
    if (i == q.n && q.has_year && sp->year != FC_NO_YEAR) {
        st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                       "the population has no year %d for the counts' areas (its years are %d "
                       "to %d)",
                       sp->year, q.ylo, q.yhi);
        goto done;
    }
    if (i == q.n) {
        st = fc_err_at(j->err, FC_EDATA, path, 0, 0,
                       "the population has none of the counts' "
                       "areas ('%s'%s)",
                       fc_intern_name(j->cnt.areas, 0), j->na > 1 ? ", ..." : "");
        goto done;
    }

    if ((st = population_years(j, &q, v, path)) != FC_OK)
        goto done;
    j->npt = q.has_year ? j->ny : 1;

    if ((st = keep_rows(j, &q, v, path, &nk)) != FC_OK)
        goto done;
    qsort(q.row, nk, sizeof *q.row, sd_cmp_qrow);
    if ((j->n = calloc(j->npt * j->na * 2 * j->nb, sizeof *j->n)) == NULL) {
        st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        goto done;
    }
    /* walk every (year, area, sex) in order: the kept rows must tile the standard's ages
     * for each sex the counts need (both for persons counts) */
    int need[2] = {0, 0};
    for (size_t m = 0; m < j->nm; m++) {
        need[0] |= (j->cnt.mode[m] & 5) != 0;
        need[1] |= (j->cnt.mode[m] & 6) != 0;
    }
    i = 0;
    for (size_t t = 0; t < j->npt && st == FC_OK; t++)
        for (size_t a = 0; a < j->na && st == FC_OK; a++)
            for (int s = 0; s < 2 && st == FC_OK; s++)
                st = tile_cell(j, &q, nk, &i, t, a, s, need[s], path);
done:
    free(q.row);
    fc_intern_free(q.variants);
    return st;
}

/* The counts into the cube; events where the population at risk is zero are errors. */
static fc_status
fill_counts(job *j)
{
    const cctx *c = &j->cnt;
    char b1[24];
    if ((j->c = calloc(j->nm * j->ny * j->na * 2 * j->nb, sizeof *j->c)) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->n; i++) {
        const crow *r = &c->row[i];
        size_t t = j->cnt.has_year ? year_index(j, r->year) : 0;
        int s = r->sex == 2 ? 0 : r->sex;
        const double *n = j->n + NIDX(j, t, r->area, 0);
        double at_risk =
            r->sex == 2 ? n[r->j] + n[j->nb + (size_t)r->j] : n[(size_t)s * j->nb + (size_t)r->j];
        if (r->v > 0.0 && !(at_risk > 0.0))
            return fc_err_at(j->err, FC_EDATA, j->sp->counts, r->line, 0,
                             "%g events but no "
                             "population at risk (area '%s', sex %s, the standard's band '%s')",
                             r->v, fc_intern_name(c->areas, r->area), sd_sex_name[r->sex],
                             sd_sband(&j->std, (size_t)r->j, b1));
        j->c[CIDX(j, r->measure, t, r->area, s) + (size_t)r->j] += r->v;
    }
    return FC_OK;
}

/* Reference rates: the given table, or the counts' areas together (events / person-years by
 * measure, year, sex and band; for persons counts, one rate for both sexes). */
static fc_status
load_reference(job *j)
{
    const fc_stdz_spec *sp = j->sp;
    const size_t nb = j->nb;
    rctx rc;
    fc_status st = FC_OK;
    char b1[24], b2[24];

    if ((j->ref = calloc(j->nm * j->ny * 2 * nb, sizeof *j->ref)) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if (!sp->reference) {
        for (size_t m = 0; m < j->nm; m++)
            for (size_t t = 0; t < j->ny; t++)
                for (size_t k = 0; k < nb; k++) {
                    double cs[2] = {0, 0}, ns[2] = {0, 0};
                    for (size_t a = 0; a < j->na; a++)
                        for (int s = 0; s < 2; s++) {
                            cs[s] += j->c[CIDX(j, m, t, a, s) + k];
                            ns[s] += j->n[NIDX(j, t, a, s) + k];
                        }
                    double *r = j->ref + RIDX(j, m, t, 0) + k;
                    if (j->cnt.mode[m] == 4) {
                        r[0] = r[nb] = ns[0] + ns[1] > 0.0 ? cs[0] / (ns[0] + ns[1]) : 0.0;
                    } else {
                        r[0] = ns[0] > 0.0 ? cs[0] / ns[0] : 0.0;
                        r[nb] = ns[1] > 0.0 ? cs[1] / ns[1] : 0.0;
                    }
                }
        return FC_OK;
    }
    memset(&rc, 0, sizeof rc);
    rc.measures = j->cnt.measures;
    if ((st = fc_csv_read(sp->reference, sd_ref_cols, RF_N, 1, sd_ref_row_fn, &rc, j->warn, j->err)))
        goto done;
    for (size_t t = 0; t < j->ny; t++) {
        int yref = FC_NO_YEAR;
        if (rc.has_year) {
            if (j->year[t] == FC_NO_YEAR) {
                st = fc_err_at(j->err, FC_EDATA, sp->reference, 1, 0,
                               "the reference rates have "
                               "a year column, but neither the counts nor the population have "
                               "years");
                goto done;
            }
            for (size_t i = 0; i < rc.n; i++)
                if (rc.row[i].year <= j->year[t] && (yref == FC_NO_YEAR || rc.row[i].year > yref))
                    yref = rc.row[i].year;
            if (yref == FC_NO_YEAR) {
                st = fc_err_at(j->err, FC_EDATA, sp->reference, 0, 0,
                               "the reference rates "
                               "start after %d, the year of the counts",
                               j->year[t]);
                goto done;
            }
        }
        for (size_t m = 0; m < j->nm; m++)
            for (int s = 0; s < 2; s++)
                for (size_t k = 0; k < nb; k++) {
                    int klo = j->std.lo[k], khi = sd_hi_eff(j->std.hi[k]);
                    if (j->cnt.mode[m] != 4 && !(j->cnt.mode[m] & (1u << s)))
                        continue; /* a sex the measure has no counts for */
                    const rrow *best = NULL;
                    int bspec = -1;
                    for (size_t i = 0; i < rc.n; i++) {
                        const rrow *r = &rc.row[i];
                        if ((r->measure >= 0 && (size_t)r->measure != m) ||
                            (rc.has_year && r->year != yref) || (r->sex >= 0 && r->sex != s) ||
                            r->lo > khi || sd_hi_eff(r->hi) < klo)
                            continue;
                        if (r->lo > klo || sd_hi_eff(r->hi) < khi) {
                            st = fc_err_at(j->err, FC_EDATA, sp->reference, r->line, 0,
                                           "age "
                                           "band '%s' splits the standard's band '%s': a rate "
                                           "must hold for every age of a band",
                                           sd_blabel(r->lo, r->hi, b1), sd_sband(&j->std, k, b2));
                            goto done;
                        }
                        int spec = (r->sex >= 0) + 2 * (r->measure >= 0);
                        if (spec == bspec) {
                            const rrow *o = best->line < r->line ? best : r;
                            const rrow *l = best->line < r->line ? r : best;
                            st =
                                fc_err_at(j->err, FC_EDATA, sp->reference, l->line, 0,
                                          "age "
                                          "band '%s' overlaps '%s' given on line %zu for "
                                          "measure '%s', sex %s",
                                          sd_blabel(l->lo, l->hi, b1), sd_blabel(o->lo, o->hi, b2),
                                          o->line, fc_intern_name(j->cnt.measures, m), sd_sex_name[s]);
                            goto done;
                        }
                        if (spec > bspec) {
                            best = r;
                            bspec = spec;
                        }
                    }
                    if (best == NULL) {
                        st = fc_err_at(j->err, FC_EDATA, sp->reference, 0, 0,
                                       "no reference rate "
                                       "for measure '%s', sex %s, the standard's band '%s'",
                                       fc_intern_name(j->cnt.measures, m), sd_sex_name[s],
                                       sd_sband(&j->std, k, b1));
                        goto done;
                    }
                    j->ref[RIDX(j, m, t, s) + k] = best->v;
                }
    }
done:
    free(rc.row);
    return st;
}

/* Poisson-limit method for a DSR (PHE: Byar's) and for a ratio of O events. */
static fc_ci_method
dsr_method(fc_stdz_method m)
{
    return m == FC_STDZ_EXACT ? FC_CI_EXACT : FC_CI_BYAR;
}

static fc_ci_method
smr_method(fc_stdz_method m, double o)
{
    if (m == FC_STDZ_EXACT || (m == FC_STDZ_PHE && o < PHE_EXACT_BELOW))
        return FC_CI_EXACT;
    return FC_CI_BYAR;
}

/* One row: the DSR from ns strata of c events, n person-years and w standard weights; the
 * ratio from the observed total and ne strata of person-years ne_n at reference rates ne_r. */
static fc_status
one_row(job *j, size_t ns, const double *c, const double *n, const double *w, size_t ne,
        const double *ne_n, const double *ne_r, fc_stdz_row *row)
{
    const fc_stdz_spec *sp = j->sp;
    double o = 0.0, pop = 0.0, e = 0.0;
    fc_std_result res[2];
    fc_status st;
    for (size_t k = 0; k < ns; k++) {
        o += c[k];
        pop += n[k];
    }
    for (size_t k = 0; k < ne; k++)
        e += ne_n[k] * ne_r[k];
    row->observed = o;
    row->population = pop;
    row->expected = e;
    row->crude = pop > 0.0 ? sp->per * o / pop : (double)NAN;
    row->dsr = row->lo95 = row->hi95 = row->lo998 = row->hi998 = (double)NAN;
    row->smr = row->slo95 = row->shi95 = row->slo998 = row->shi998 = (double)NAN;
    row->dsr_note = row->smr_note = FC_STDZ_NOTE_NONE;
    row->smr_exact = smr_method(sp->method, o) == FC_CI_EXACT;
    if (!(pop > 0.0)) {
        row->dsr_note = row->smr_note = FC_STDZ_NOTE_NOPOP;
        return FC_OK;
    }
    if (o < (double)sp->min_count) {
        row->dsr_note = FC_STDZ_NOTE_FEW;
    } else {
        for (int l = 0; l < 2; l++)
            if ((st = fc_activity_dsr(ns, c, n, w, sp->per, sd_level[l], dsr_method(sp->method),
                                      &res[l], j->err)))
                return st;
        row->dsr = res[0].value;
        row->lo95 = res[0].lower;
        row->hi95 = res[0].upper;
        row->lo998 = res[1].lower;
        row->hi998 = res[1].upper;
    }
    if (!(e > 0.0)) {
        row->smr_note = FC_STDZ_NOTE_NOEXP;
        return FC_OK;
    }
    for (int l = 0; l < 2; l++)
        if ((st = fc_activity_smr(ne, o, ne_n, ne_r, sd_level[l], smr_method(sp->method, o), &res[l],
                                  j->err)))
            return st;
    row->smr = res[0].value;
    row->slo95 = res[0].lower;
    row->shi95 = res[0].upper;
    row->slo998 = res[1].lower;
    row->shi998 = res[1].upper;
    return FC_OK;
}

static fc_status
compute_rows(job *j, fc_stdz_result *res)
{
    const size_t nb = j->nb;
    double *c = malloc(3 * 2 * nb * sizeof *c), *n = c + 2 * nb, *w = n + 2 * nb;
    size_t cap = 0;
    fc_status st = FC_OK;
    if (c == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t m = 0; m < j->nm; m++)
        for (size_t t = 0; t < j->ny; t++)
            for (size_t a = 0; a < j->na; a++) {
                unsigned mode = j->cnt.mode[m]; /* bit 0 F, bit 1 M, 4 persons */
                const double *cc = j->c + CIDX(j, m, t, a, 0), *nn = j->n + NIDX(j, t, a, 0);
                const double *rr = j->ref + RIDX(j, m, t, 0);
                for (int s = 0; s < 3; s++) {
                    size_t ns = nb, ne = nb;
                    const double *en = nn, *er = rr;
                    if (mode == 4 ? s != 2 : s < 2 ? !(mode & (1u << s)) : mode != 3)
                        continue;
                    if (mode == 4) {
                        /* counts for persons: both sexes' person-years in each band, the
                         * standard's weights for both sexes; expected events from each
                         * sex's person-years at its reference rates */
                        for (size_t k = 0; k < nb; k++) {
                            c[k] = cc[k];
                            n[k] = nn[k] + nn[nb + k];
                            w[k] = j->std.by_sex ? j->std.w[0][k] + j->std.w[1][k] : j->std.w[0][k];
                        }
                        ne = 2 * nb;
                    } else if (s < 2) {
                        memcpy(c, cc + (size_t)s * nb, nb * sizeof *c);
                        memcpy(n, nn + (size_t)s * nb, nb * sizeof *n);
                        memcpy(w, j->std.w[s], nb * sizeof *w);
                        en = nn + (size_t)s * nb;
                        er = rr + (size_t)s * nb;
                    } else {
                        /* persons: age-sex standardised, each sex's strata at its weights */
                        ns = ne = 2 * nb;
                        memcpy(c, cc, ns * sizeof *c);
                        memcpy(n, nn, ns * sizeof *n);
                        memcpy(w, j->std.w[0], nb * sizeof *w);
                        memcpy(w + nb, j->std.w[1], nb * sizeof *w);
                    }
                    if (fc_grow((void **)&res->row, &cap, res->nrow, sizeof *res->row)) {
                        st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
                        goto done;
                    }
                    fc_stdz_row *row = &res->row[res->nrow++];
                    row->measure = m;
                    row->area = a;
                    row->year = j->year[t];
                    row->sex = s;
                    if ((st = one_row(j, ns, c, n, w, ne, en, er, row)))
                        goto done;
                }
            }
done:
    free(c);
    return st;
}

void
fc_stdz_result_fini(fc_stdz_result *res)
{
    if (res == NULL)
        return;
    fc_intern_free(res->measures);
    fc_intern_free(res->areas);
    free(res->row);
    memset(res, 0, sizeof *res);
}

fc_status
fc_stdz_compute(const fc_stdz_spec *sp, const fc_projection *proj, fc_stdz_result *res,
                fc_warnings *warn, fc_err *err)
{
    job j;
    fc_status st;

    memset(res, 0, sizeof *res);
    memset(&j, 0, sizeof j);
    j.sp = sp;
    j.warn = warn;
    j.err = err;
    if (!sp->counts || !sp->standard)
        return FC_FAIL(err, FC_EUSAGE, "counts and a standard population are required");
    if (!(sp->per > 0.0) || sp->min_count < 1)
        return FC_FAIL(err, FC_EUSAGE,
                       "the rate multiplier must be positive and the least "
                       "number of events at least 1");
    if ((st = sd_std_load(sp->standard, &j.std, warn, err)) || (st = sd_load_counts(&j)) ||
        (st = load_population(&j, proj)) || (st = fill_counts(&j)) || (st = load_reference(&j)) ||
        (st = compute_rows(&j, res)))
        goto done;
    res->measures = j.cnt.measures;
    res->areas = j.cnt.areas;
    j.cnt.measures = j.cnt.areas = NULL;
done:
    sd_job_fini(&j);
    if (st != FC_OK)
        fc_stdz_result_fini(res);
    return st;
}

