/* population.c: the population projection section of the analysis appendix (appendix_int.h). */
#include "engine/appendix/appendix_int.h"

/* ============================================================== population projection */


static const int broad_lo[NBROAD] = {0, 15, 65, 75, 85};
static const char *const broad_name[NBROAD] = {"0-14", "15-64", "65-74", "75-84", "85+"};


void
apx_proj_fini(proj *p)
{
    fc_intern_free(p->var);
    fc_intern_free(p->area);
    free(p->row);
    free(p->pop);
    free(p->broad);
}

static fc_status
proj_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    proj *p = ctx;
    prow x = {0};
    size_t idx;
    fc_status st;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 65536;
        prow *q = realloc(p->row, cap * sizeof *q);
        if (q == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory reading '%s'", r->path);
        p->row = q;
        p->cap = cap;
    }
    if ((st = fc_intern_add(p->var, r->field[0] ? r->field[0] : "principal", &idx, err)))
        return st;
    x.v = (unsigned)idx;
    if ((st = fc_intern_add(p->area, r->field[1], &idx, err)))
        return st;
    x.a = (unsigned)idx;
    if ((st = fc_csv_sex(r, 3, 0, &x.sex, err)) || (st = fc_csv_age(r, 4, &x.lo, &x.hi, err)))
        return st;
    x.year = (int)r->num[2];
    x.pop = r->num[5];
    p->row[p->n++] = x;
    return FC_OK;
}

/* The run's projection cube as the rows projection.csv holds, in its order (variant, area,
 * year, sex, age: sums over them then take the same bits as from the table). */
static fc_status
proj_from_cube(job *j, const fc_projection *c, proj *p)
{
    const size_t nv = fc_projection_nvariant(c), na = fc_projection_narea(c), ng = c->ages.n;
    size_t idx;
    fc_status st;
    for (size_t v = 0; v < nv; v++)
        if ((st = fc_intern_add(p->var, fc_intern_name(c->variants, v), &idx, j->err)))
            return st;
    for (size_t a = 0; a < na; a++)
        if ((st = fc_intern_add(p->area, fc_intern_name(c->areas, a), &idx, j->err)))
            return st;
    p->n = p->cap = nv * na * c->nyear * 2 * ng;
    if ((p->row = malloc((p->n ? p->n : 1) * sizeof *p->row)) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    p->n = 0;
    for (size_t v = 0; v < nv; v++)
        for (size_t a = 0; a < na; a++)
            for (size_t t = 0; t < c->nyear; t++) {
                size_t b = fc_projection_block(c, v, a, t);
                if (!c->have[b])
                    continue;
                for (int sex = 0; sex < 2; sex++)
                    for (size_t g = 0; g < ng; g++)
                        p->row[p->n++] = (prow){(unsigned)v, (unsigned)a, c->year0 + (int)t * c->step,
                                                sex, c->ages.lo[g], c->ages.hi[g],
                                                c->pop[(b * 2 + (size_t)sex) * ng + g]};
            }
    snprintf(j->path, sizeof j->path, "the run's projection");
    return FC_OK;
}

static size_t
year_index(const proj *p, int year)
{
    for (size_t t = 0; t < p->nyear; t++)
        if (p->years[t] == year)
            return t;
    return (size_t)-1;
}

static size_t
band_of(const proj *p, int lo)
{
    size_t b = lo >= p->open_lo ? p->nband - 1 : (size_t)(lo / 5);
    return b < p->nband ? b : p->nband - 1;
}

static size_t
broad_of(int lo)
{
    size_t g = 0;
    while (g + 1 < NBROAD && lo >= broad_lo[g + 1])
        g++;
    return g;
}

static double *
P(const proj *p, size_t v, size_t a, size_t t, int sex)
{
    return p->pop + (((v * p->na + a) * p->nyear + t) * 2 + (size_t)sex) * p->nband;
}

static double *
B(const proj *p, size_t v, size_t a, size_t t)
{
    return p->broad + ((v * p->na + a) * p->nyear + t) * NBROAD;
}

fc_status
apx_proj_read(job *j, proj *p, int *have)
{
    static const fc_csv_col cols[6] = {{"variant", 0},          {"area", FC_COL_REQUIRED},
                                       {"year", FC_COL_REQUIRED | FC_COL_YEAR}, {"sex", FC_COL_REQUIRED},
                                       {"age", FC_COL_REQUIRED},           {"population", FC_COL_REQUIRED | FC_COL_NUM}};
    fc_status st;
    memset(p, 0, sizeof *p);
    p->var = fc_intern_alloc();
    p->area = fc_intern_alloc();
    if (!p->var || !p->area)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    if (j->cube) {
        *have = 1;
        if ((st = proj_from_cube(j, j->cube, p)) != FC_OK)
            return st;
    } else if ((st = apx_read(j, "projection.csv", cols, 6, 1, proj_row, p, have)) != FC_OK ||
               !*have) {
        return st;
    }
    p->open_lo = 0;
    for (size_t i = 0; i < p->n; i++) {
        const prow *r = &p->row[i];
        if (r->hi == FC_AGE_OPEN && r->lo > p->open_lo)
            p->open_lo = r->lo;
        if (year_index(p, r->year) == (size_t)-1) {
            size_t k = p->nyear;
            if (k == sizeof p->years / sizeof p->years[0])
                return fc_err_at(j->err, FC_ELIMIT, j->path, 0, 0, "more than %zu years", k);
            while (k > 0 && p->years[k - 1] > r->year) {
                p->years[k] = p->years[k - 1];
                k--;
            }
            p->years[k] = r->year;
            p->nyear++;
        }
    }
    if (p->open_lo == 0 || p->nyear < 2)
        return fc_err_at(j->err, FC_EDATA, j->path, 0, 0,
                         "the appendix needs an open age group and at least two years");
    p->nband = (size_t)(p->open_lo + 4) / 5 + 1;
    if (p->nband > 64)
        p->nband = 64;
    for (size_t b = 0; b + 1 < p->nband; b++) {
        int lo = (int)b * 5, hi = lo + 4 < p->open_lo - 1 ? lo + 4 : p->open_lo - 1;
        snprintf(p->band[b], sizeof p->band[b], "%d-%d", lo, hi);
    }
    snprintf(p->band[p->nband - 1], sizeof p->band[0], "%d+", p->open_lo);
    p->nv = fc_intern_count(p->var);
    p->na = fc_intern_count(p->area);
    p->pop = calloc(p->nv * p->na * p->nyear * 2 * p->nband, sizeof *p->pop);
    p->broad = calloc(p->nv * p->na * p->nyear * NBROAD, sizeof *p->broad);
    if (!p->pop || !p->broad)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < p->n; i++) {
        const prow *r = &p->row[i];
        size_t t = year_index(p, r->year);
        P(p, r->v, r->a, t, r->sex)[band_of(p, r->lo)] += r->pop;
        B(p, r->v, r->a, t)[broad_of(r->lo)] += r->pop;
    }
    free(p->row);
    p->row = NULL;
    return FC_OK;
}

/* Persons in variant v, area a (SIZE_MAX: all), year index t. */
double
apx_total(const proj *p, size_t v, size_t a, size_t t)
{
    double s = 0;
    for (size_t k = 0; k < p->na; k++)
        if (a == (size_t)-1 || a == k)
            for (size_t g = 0; g < NBROAD; g++)
                s += B(p, v, k, t)[g];
    return s;
}

size_t
apx_principal(const proj *p)
{
    size_t v = fc_intern_find(p->var, "principal");
    return v == FC_INTERN_NONE ? 0 : v;
}

/* Pyramid of area a (SIZE_MAX: all areas), base year against the last year, principal. */
static fc_status
pyramid_chart(job *j, const proj *p, size_t a, const char *id)
{
    size_t v = apx_principal(p), nb = p->nband, t1 = p->nyear - 1;
    double m0[64] = {0}, f0[64] = {0}, m1[64] = {0}, f1[64] = {0}, old0 = 0, old1 = 0, n0 = 0,
           n1 = 0;
    const char *labels[64];
    const char *area = a == (size_t)-1 ? "all areas" : fc_intern_name(p->area, a);
    fc_writer *w;
    fc_plot pl = {0};
    fc_status st;

    for (size_t k = 0; k < p->na; k++) {
        if (a != (size_t)-1 && a != k)
            continue;
        for (size_t b = 0; b < nb; b++) {
            f0[b] += P(p, v, k, 0, 0)[b];
            m0[b] += P(p, v, k, 0, 1)[b];
            f1[b] += P(p, v, k, t1, 0)[b];
            m1[b] += P(p, v, k, t1, 1)[b];
        }
    }
    for (size_t b = 0; b < nb; b++) {
        labels[b] = p->band[b];
        n0 += f0[b] + m0[b];
        n1 += f1[b] + m1[b];
        if ((int)b * 5 >= 65)
            old0 += f0[b] + m0[b], old1 += f1[b] + m1[b];
    }
    if ((st = apx_chart_csv(j, id, &w)) != FC_OK)
        return st;
    fc_w_str(w, "age,sex,year,population\n");
    for (int y = 0; y < 2; y++)
        for (int s = 0; s < 2; s++)
            for (size_t b = 0; b < nb; b++) {
                const double *src = y ? (s ? m1 : f1) : (s ? m0 : f0);
                fc_w_str(w, p->band[b]);
                fc_w_str(w, s ? ",M," : ",F,");
                fc_w_int(w, p->years[y ? t1 : 0]);
                fc_w_comma(w);
                fc_w_num(w, src[b]);
                fc_w_eol(w);
            }
    pl.kind = FC_PLOT_PYRAMID;
    pl.u.pyramid.text.title =
        apx_jstr(j, "People aged 65 and over: %.1f%% of the population in %d, %.1f%% in %d",
             100 * old0 / n0, p->years[0], 100 * old1 / n1, p->years[t1]);
    pl.u.pyramid.text.subtitle =
        apx_jstr(j, "%s, %s: persons by sex and five-year age group, %s projection", j->scn->name,
             area, fc_intern_name(p->var, v));
    pl.u.pyramid.text.x_title = "Persons";
    pl.u.pyramid.text.source =
        apx_jstr(j, "Source: Fulcrum cohort-component projection (projection.csv). %s is the "
                "open age group.",
             p->band[nb - 1]);
    pl.u.pyramid.n_age = nb;
    pl.u.pyramid.age_labels = labels;
    pl.u.pyramid.male = m0;
    pl.u.pyramid.female = f0;
    pl.u.pyramid.male_cmp = m1;
    pl.u.pyramid.female_cmp = f1;
    pl.u.pyramid.base_label = apx_jstr(j, "%d (base)", p->years[0]);
    pl.u.pyramid.cmp_label = apx_jstr(j, "%d (%s)", p->years[t1], fc_intern_name(p->var, v));
    return apx_chart_out(j, id, &pl,
                     apx_jstr(j, "Population pyramid of %s, %d (bars) and %d (outline)", area,
                          p->years[0], p->years[t1]));
}


static fc_status
comp_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    comp *c = ctx;
    size_t t;
    (void)err;
    if (strcmp(r->field[0] ? r->field[0] : "principal", fc_intern_name(c->p->var, c->v)) != 0)
        return FC_OK;
    if ((t = year_index(c->p, (int)r->num[1])) == (size_t)-1)
        return FC_OK;
    c->births[t] += r->num[2];
    c->deaths[t] += r->num[3];
    c->mig[t] += r->num[4];
    c->seen[t] = 1;
    return FC_OK;
}

static fc_status
components_chart(job *j, const proj *p)
{
    static const fc_csv_col cols[5] = {
        {"variant", 0}, {"year", FC_COL_REQUIRED | FC_COL_YEAR}, {"births", FC_COL_REQUIRED | FC_COL_NUM}, {"deaths", FC_COL_REQUIRED | FC_COL_NUM},
        {"net_migration", FC_COL_REQUIRED | FC_COL_NUM}};
    comp c; /* not static: runs of a batch make appendices at the same time */
    double x[512], sb = 0, sd = 0, sm = 0;
    size_t n = 0, idx[512];
    fc_series s[3];
    fc_plot pl = {0};
    fc_writer *w;
    fc_status st;
    int have;

    memset(&c, 0, sizeof c);
    c.p = p;
    c.v = apx_principal(p);
    if ((st = apx_read(j, "components.csv", cols, 5, 1, comp_row, &c, &have)) != FC_OK || !have)
        return st;
    for (size_t t = 0; t < p->nyear; t++)
        if (c.seen[t]) {
            idx[n] = t;
            x[n] = p->years[t];
            c.births[n] = c.births[t];
            c.deaths[n] = c.deaths[t];
            c.mig[n] = c.mig[t];
            sb += c.births[n], sd += c.deaths[n], sm += c.mig[n];
            n++;
        }
    (void)idx;
    if (n < 2)
        return FC_OK;
    if ((st = apx_chart_csv(j, "population_components", &w)) != FC_OK)
        return st;
    fc_w_str(w, "year,births,deaths,net_migration\n");
    for (size_t i = 0; i < n; i++) {
        fc_w_row(w, FC_I((long)x[i]), FC_D(c.births[i]), FC_D(c.deaths[i]), FC_D(c.mig[i]));
    }
    memset(s, 0, sizeof s);
    {
        static const char *const cn[3] = {"Births", "Deaths", "Net migration"};
        apx_family(j, cn, 3);
    }
    s[0].name = "Births";
    s[0].y = c.births;
    s[1].name = "Deaths";
    s[1].y = c.deaths;
    s[2].name = "Net migration";
    s[2].y = c.mig;
    pl.kind = FC_PLOT_LINES;
    pl.u.lines.text.title =
        sd > sb ? (sm > sd - sb ? apx_jstr(j, "Deaths outnumber births; net migration more than "
                                          "makes up the difference")
                                : apx_jstr(j, "Deaths outnumber births and migration does not "
                                          "make up the difference"))
                : apx_jstr(j, "Births outnumber deaths over the projection");
    pl.u.lines.text.subtitle =
        apx_jstr(j, "%s, all areas: components of change per year, %s projection", j->scn->name,
             fc_intern_name(p->var, c.v));
    pl.u.lines.text.x_title = "Year starting mid-year";
    pl.u.lines.text.y_title = "Persons per year";
    pl.u.lines.text.source = "Source: Fulcrum cohort-component projection (components.csv).";
    apx_year_lines(&pl, x, n, s, 3);
    pl.u.lines.y_from_zero = sm >= 0;
    return apx_chart_out(j, "population_components", &pl,
                     apx_jstr(j, "Births, deaths and net migration per year, %d to %d (%s a year "
                             "on average from migration)",
                          (int)x[0], (int)x[n - 1], apx_jfmt(j, FC_FMT_NUMBER, sm / (double)n, 0, 1)));
}


static fc_status
lex_row(void *ctx, const fc_csv_row *r, fc_err *err)
{
    lex *l = ctx;
    int sex, lo, hi;
    size_t a;
    fc_status st;
    if (strcmp(r->field[0] ? r->field[0] : "principal", fc_intern_name(l->p->var, l->v)) != 0)
        return FC_OK;
    if ((st = fc_csv_age(r, 4, &lo, &hi, err)))
        return st;
    if ((int)r->num[2] != l->year || lo != 0)
        return FC_OK;
    if ((a = fc_intern_find(l->p->area, r->field[1])) == FC_INTERN_NONE || a >= 256)
        return FC_OK;
    if ((st = fc_csv_sex(r, 3, 0, &sex, err)))
        return st;
    l->ex[sex][a] = r->num[5];
    return FC_OK;
}

static fc_status
lex_table(job *j, const proj *p)
{
    static const fc_csv_col cols[6] = {{"variant", 0},          {"area", FC_COL_REQUIRED},
                                       {"year", FC_COL_REQUIRED | FC_COL_YEAR}, {"sex", FC_COL_REQUIRED},
                                       {"age", FC_COL_REQUIRED},           {"ex", FC_COL_REQUIRED | FC_COL_NUM}};
    static const char *const head[3] = {"Area", "Females", "Males"};
    lex l; /* not static: concurrent runs */
    const char **cells;
    size_t n = 0;
    fc_status st;
    int have;

    memset(&l, 0, sizeof l);
    l.p = p;
    l.v = apx_principal(p);
    l.year = p->years[0];
    if (j->cube && j->cube->ex) {
        /* the run's cube holds the life expectancy at each group's first age in force each
         * year: at birth in the base year is lifetables.csv's figure */
        const fc_projection *c = j->cube;
        size_t v = fc_intern_find(c->variants, fc_intern_name(p->var, l.v));
        for (size_t a = 0; a < p->na && a < 256 && v != FC_INTERN_NONE; a++)
            for (size_t sex = 0; sex < 2; sex++)
                l.ex[sex][a] = c->ex[(fc_projection_block(c, v, a, 0) * 2 + sex) * c->ages.n];
    } else if ((st = apx_read(j, "lifetables.csv", cols, 6, 1, lex_row, &l, &have)) != FC_OK ||
               !have) {
        /* lifetables.csv as written: its lx and Lx are not columns this reader asks for */
        return st;
    }
    if ((cells = calloc(3 * p->na + 1, sizeof *cells)) == NULL)
        return FC_FAIL(j->err, FC_ENOMEM, "out of memory");
    for (size_t a = 0; a < p->na && a < 256; a++) {
        if (l.ex[0][a] <= 0 && l.ex[1][a] <= 0)
            continue;
        cells[3 * n] = fc_intern_name(p->area, a);
        cells[3 * n + 1] = apx_jstr(j, "%.1f", l.ex[0][a]);
        cells[3 * n + 2] = apx_jstr(j, "%.1f", l.ex[1][a]);
        n++;
    }
    st = n ? apx_add_table(j, apx_jstr(j, "Life expectancy at birth in %d, years", l.year), n, 3, head,
                       cells, "Period life expectancy from the base-year death rates.")
           : FC_OK;
    free(cells);
    return st;
}

/* The headline of the projection for the title page. */
void
apx_projection_findings(job *j, const proj *p)
{
    size_t v = apx_principal(p), t1 = p->nyear - 1, n = strlen(j->findings);
    double tot0 = apx_total(p, v, (size_t)-1, 0), tot1 = apx_total(p, v, (size_t)-1, t1);
    snprintf(j->findings + n, sizeof j->findings - n,
             "Under the principal projection the population changes from %s in %d to %s in %d "
             "(%s%%). ",
             apx_jfmt(j, FC_FMT_NUMBER, tot0, 0, 0), p->years[0], apx_jfmt(j, FC_FMT_NUMBER, tot1, 0, 0),
             p->years[t1], apx_jfmt(j, FC_FMT_NUMBER, 100 * (tot1 / tot0 - 1), 1, 1));
}

/* The total population by variant, with the draws' band around the principal. */
static fc_status
population_total(job *j, const proj *p)
{
    const size_t v = apx_principal(p), t1 = p->nyear - 1;
    const double tot0 = apx_total(p, v, (size_t)-1, 0), tot1 = apx_total(p, v, (size_t)-1, t1);
    fc_status st = FC_OK;

    {
        double *x = calloc(p->nyear, sizeof *x), *y = calloc(p->nv * p->nyear, sizeof *y);
        double *lo = calloc(p->nyear, sizeof *lo), *hi = calloc(p->nyear, sizeof *hi);
        fc_series *s = calloc(p->nv, sizeof *s);
        const char **rawn = calloc(p->nv, sizeof *rawn);
        stab sum;
        fan *band = NULL;
        fc_plot pl = {0};
        fc_writer *w = NULL;
        memset(&sum, 0, sizeof sum);
        if (!x || !y || !lo || !hi || !s || !rawn) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        } else {
            size_t k = 0;
            for (size_t t = 0; t < p->nyear; t++)
                x[t] = p->years[t];
            /* principal first, then the variants in their order */
            {
                const char *vn[64];
                size_t nv = 0;
                for (size_t vv = 0; vv < p->nv && nv < 64; vv++)
                    if (vv != v)
                        vn[nv++] = apx_pretty(j, fc_intern_name(p->var, vv));
                apx_family(j, vn, nv);
                fc_palette_set(j->pal, apx_pretty(j, fc_intern_name(p->var, v)),
                               fc_rgb_hex(FC_RGB_BLACK), NULL);
            }
            for (size_t vv = 0; vv < p->nv; vv++) {
                size_t src = vv == 0 ? v : (vv <= v ? vv - 1 : vv);
                for (size_t t = 0; t < p->nyear; t++)
                    y[k * p->nyear + t] = apx_total(p, src, (size_t)-1, t);
                s[k].name = apx_pretty(j, fc_intern_name(p->var, src));
                rawn[k] = fc_intern_name(p->var, src);
                s[k].y = y + k * p->nyear;
                s[k].dashed = k > 0;
                k++;
            }
            /* with Monte Carlo draws, the principal's band: the draws' p10-p90 of the total */
            if (st == FC_OK && j->ndraw > 0) {
                int have = 0;
                if ((st = apx_stab_read(j, "population_summary.csv", "area", "age_group", "total",
                                    &sum, &have)) == FC_OK &&
                    have && (band = calloc(1, sizeof *band)) != NULL &&
                    apx_fan_get(&sum, "total", "all", band)) {
                    for (size_t t = 0; t < p->nyear; t++) { /* onto the projection's years */
                        size_t u = 0;
                        while (u < sum.nyear && sum.years[u] != p->years[t])
                            u++;
                        lo[t] = u < sum.nyear ? band->lo[u] : (double)NAN;
                        hi[t] = u < sum.nyear ? band->hi[u] : (double)NAN;
                    }
                    s[0].lo = lo;
                    s[0].hi = hi;
                }
            }
            if (st == FC_OK)
                st = apx_chart_csv(j, "population_total", &w);
            if (st == FC_OK) {
                fc_w_str(w, s[0].lo ? "variant,year,population,p10,p90\n"
                                    : "variant,year,population\n");
                for (size_t i = 0; i < p->nv; i++)
                    for (size_t t = 0; t < p->nyear; t++) {
                        fc_w_field(w, rawn[i]);
                        fc_w_comma(w);
                        fc_w_int(w, p->years[t]);
                        fc_w_comma(w);
                        fc_w_num(w, s[i].y[t]);
                        if (s[0].lo && i == 0 && !isnan(lo[t]))
                            fc_w_nums(w, (const double[2]){lo[t], hi[t]}, 2);
                        else if (s[0].lo)
                            fc_w_str(w, ",,");
                        fc_w_eol(w);
                    }
            }
            pl.kind = FC_PLOT_LINES;
            pl.u.lines.text.title =
                apx_jstr(j, "The population %s by %s%% to %s by %d%s", tot1 >= tot0 ? "grows" : "falls",
                     apx_jfmt(j, FC_FMT_NUMBER, 100 * fabs(tot1 - tot0) / tot0, 1, 0),
                     apx_jfmt(j, FC_FMT_NUMBER, tot1, 0, 0), p->years[t1],
                     s[0].lo && !isnan(lo[t1])
                         ? apx_jstr(j, " (%s in 8 draws out of 10)",
                                apx_jrange(j, FC_FMT_NUMBER, lo[t1], hi[t1], 0, 0))
                         : "");
            pl.u.lines.text.subtitle =
                s[0].lo ? apx_jstr(j, "%s, all areas: principal projection (solid) with the middle "
                               "80%% of %ld Monte Carlo draws (band), and variants (dashed)",
                               j->scn->name, j->ndraw)
                        : apx_jstr(j, "%s, all areas: principal projection (solid) and variants "
                               "(dashed)", j->scn->name);
            if (s[0].lo)
                pl.u.lines.band_label = apx_jstr(j, "P10-P90 of %ld draws", j->ndraw);
            pl.u.lines.text.x_title = "Year (mid-year)";
            pl.u.lines.text.y_title = "Persons";
            pl.u.lines.text.source = "Source: Fulcrum cohort-component projection "
                                     "(projection.csv).";
            apx_year_lines(&pl, x, p->nyear, s, p->nv);
            if (st == FC_OK)
                st = apx_chart_out(j, "population_total", &pl,
                               "Total population by projection variant");
        }
        free(x);
        free(y);
        free(lo);
        free(hi);
        free(s);
        free(rawn);
        free(band);
        apx_stab_fini(&sum);
    }
    return st;
}

/* Growth by broad age group, indexed to the base year: a chart and a table. */
static fc_status
population_age_groups(job *j, const proj *p)
{
    const size_t v = apx_principal(p), t1 = p->nyear - 1;
    fc_status st = FC_OK;

    {
        double x[512], idx[NBROAD][512], lvl[NBROAD][512];
        fc_series s[NBROAD];
        size_t ns = 0, gi[NBROAD], fastest = 0;
        fc_plot pl = {0};
        fc_writer *w;
        memset(s, 0, sizeof s);
        apx_family(j, broad_name, NBROAD);
        for (size_t t = 0; t < p->nyear; t++)
            x[t] = p->years[t];
        for (size_t g = 0; g < NBROAD; g++) {
            double b0 = 0;
            for (size_t t = 0; t < p->nyear; t++) {
                double s_ = 0;
                for (size_t a = 0; a < p->na; a++)
                    s_ += B(p, v, a, t)[g];
                lvl[g][t] = s_;
            }
            b0 = lvl[g][0];
            if (b0 <= 0)
                continue;
            for (size_t t = 0; t < p->nyear; t++)
                idx[g][t] = 100 * lvl[g][t] / b0;
            gi[ns] = g;
            s[ns].name = broad_name[g];
            s[ns].y = idx[g];
            if (idx[g][t1] > idx[gi[fastest]][t1])
                fastest = ns;
            ns++;
        }
        if ((st = apx_chart_csv(j, "population_age_groups", &w)) == FC_OK) {
            fc_w_str(w, "age_group,year,population,index\n");
            for (size_t i = 0; i < ns; i++)
                for (size_t t = 0; t < p->nyear; t++) {
                    fc_w_row(w, FC_R(broad_name[gi[i]]), FC_I(p->years[t]), FC_D(lvl[gi[i]][t]),
                             FC_D(idx[gi[i]][t]));
                }
        }
        pl.kind = FC_PLOT_LINES;
        pl.u.lines.text.title =
            apx_jstr(j, "People aged %s increase fastest: %s%% by %d", broad_name[gi[fastest]],
                 apx_jfmt(j, FC_FMT_NUMBER, idx[gi[fastest]][t1] - 100, 0, 1), p->years[t1]);
        pl.u.lines.text.subtitle =
            apx_jstr(j, "%s, all areas: persons by age group, index %d = 100, %s projection",
                 j->scn->name, p->years[0], fc_intern_name(p->var, v));
        pl.u.lines.text.x_title = "Year (mid-year)";
        pl.u.lines.text.y_title = apx_jstr(j, "Index, %d = 100", p->years[0]);
        pl.u.lines.text.source = "Source: Fulcrum cohort-component projection "
                                 "(projection.csv).";
        apx_year_lines(&pl, x, p->nyear, s, ns);
        if (st == FC_OK && ns > 0)
            st = apx_chart_out(j, "population_age_groups", &pl,
                           "Growth of the population by broad age group");
        /* table: age groups at the base year and horizon */
        if (st == FC_OK && ns > 0) {
            static const char *const head[5] = {"Age group", "Base", "Horizon", "Change",
                                                "Change, %"};
            const char *cells[NBROAD * 5];
            for (size_t i = 0; i < ns; i++) {
                size_t g = gi[i];
                cells[5 * i] = broad_name[g];
                cells[5 * i + 1] = apx_jfmt(j, FC_FMT_NUMBER, lvl[g][0], 0, 0);
                cells[5 * i + 2] = apx_jfmt(j, FC_FMT_NUMBER, lvl[g][t1], 0, 0);
                cells[5 * i + 3] = apx_jfmt(j, FC_FMT_NUMBER, lvl[g][t1] - lvl[g][0], 0, 1);
                cells[5 * i + 4] = apx_jfmt(j, FC_FMT_NUMBER, idx[g][t1] - 100, 1, 1);
            }
            st = apx_add_table(j,
                           apx_jstr(j, "Population by age group, %d (base) and %d (horizon), %s",
                                p->years[0], p->years[t1], fc_intern_name(p->var, v)),
                           ns, 5, head, cells, NULL);
        }
    }
    return st;
}

/* Population by area: a chart (up to 12 areas) and a table. */
static fc_status
population_areas(job *j, const proj *p)
{
    const size_t v = apx_principal(p), t1 = p->nyear - 1;
    const double tot0 = apx_total(p, v, (size_t)-1, 0), tot1 = apx_total(p, v, (size_t)-1, t1);
    fc_status st = FC_OK;

    if (p->na > 1) {
        double *x = calloc(p->nyear, sizeof *x), *y = calloc(p->na * p->nyear, sizeof *y);
        fc_series *s = calloc(p->na, sizeof *s);
        const char **cells = calloc(5 * (p->na + 1), sizeof *cells);
        static const char *const head[5] = {"Area", "Base", "Horizon", "Change", "Change, %"};
        fc_plot pl = {0};
        fc_writer *w;
        size_t best = 0;
        if (!x || !y || !s || !cells) {
            st = FC_FAIL(j->err, FC_ENOMEM, "out of memory");
        } else {
            for (size_t t = 0; t < p->nyear; t++)
                x[t] = p->years[t];
            for (size_t a = 0; a < p->na; a++)
                cells[a] = fc_intern_name(p->area, a);
            apx_family(j, cells, p->na);
            for (size_t a = 0; a < p->na; a++) {
                for (size_t t = 0; t < p->nyear; t++)
                    y[a * p->nyear + t] = apx_total(p, v, a, t);
                s[a].name = fc_intern_name(p->area, a);
                s[a].y = y + a * p->nyear;
                if (y[a * p->nyear + t1] / y[a * p->nyear] > y[best * p->nyear + t1] / y[best * p->nyear])
                    best = a;
                cells[5 * a] = s[a].name;
                cells[5 * a + 1] = apx_jfmt(j, FC_FMT_NUMBER, y[a * p->nyear], 0, 0);
                cells[5 * a + 2] = apx_jfmt(j, FC_FMT_NUMBER, y[a * p->nyear + t1], 0, 0);
                cells[5 * a + 3] =
                    apx_jfmt(j, FC_FMT_NUMBER, y[a * p->nyear + t1] - y[a * p->nyear], 0, 1);
                cells[5 * a + 4] = apx_jfmt(
                    j, FC_FMT_NUMBER, 100 * (y[a * p->nyear + t1] / y[a * p->nyear] - 1), 1, 1);
            }
            cells[5 * p->na] = "All areas";
            cells[5 * p->na + 1] = apx_jfmt(j, FC_FMT_NUMBER, tot0, 0, 0);
            cells[5 * p->na + 2] = apx_jfmt(j, FC_FMT_NUMBER, tot1, 0, 0);
            cells[5 * p->na + 3] = apx_jfmt(j, FC_FMT_NUMBER, tot1 - tot0, 0, 1);
            cells[5 * p->na + 4] = apx_jfmt(j, FC_FMT_NUMBER, 100 * (tot1 / tot0 - 1), 1, 1);
            if (p->na <= 12) {
                if ((st = apx_chart_csv(j, "population_areas", &w)) == FC_OK) {
                    fc_w_str(w, "area,year,population\n");
                    for (size_t a = 0; a < p->na; a++)
                        for (size_t t = 0; t < p->nyear; t++) {
                            fc_w_row(w, FC_S(s[a].name), FC_I(p->years[t]), FC_D(s[a].y[t]));
                        }
                }
                pl.kind = FC_PLOT_LINES;
                pl.u.lines.text.title = apx_jstr(
                    j, "%s changes most: %s%% by %d", s[best].name,
                    apx_jfmt(j, FC_FMT_NUMBER,
                         100 * (y[best * p->nyear + t1] / y[best * p->nyear] - 1), 1, 1),
                    p->years[t1]);
                pl.u.lines.text.subtitle = apx_jstr(j, "%s: persons by area, %s projection",
                                                j->scn->name, fc_intern_name(p->var, v));
                pl.u.lines.text.x_title = "Year (mid-year)";
                pl.u.lines.text.y_title = "Persons";
                pl.u.lines.text.source = "Source: Fulcrum cohort-component projection "
                                         "(projection.csv).";
                apx_year_lines(&pl, x, p->nyear, s, p->na);
                if (st == FC_OK)
                    st = apx_chart_out(j, "population_areas", &pl, "Population by area");
            }
            if (st == FC_OK)
                st = apx_add_table(j,
                               apx_jstr(j, "Population by area, %d (base) and %d (horizon), %s",
                                    p->years[0], p->years[t1], fc_intern_name(p->var, v)),
                               p->na + 1, 5, head, cells, NULL);
        }
        free(x);
        free(y);
        free(s);
        free(cells);
    }
    return st;
}

fc_status
apx_section_projection(job *j, proj *pp)
{
    proj p = *pp;
    fc_status st;
    size_t t1 = p.nyear - 1;

    st = fc_appendix_section_begin(
        j->a, "Population projection",
        apx_jstr(j,
             "The cohort-component projection of %s by area, sex and age from %d to %d: "
             "the principal projection and %zu variant%s. Figures are persons at mid-year.",
             j->scn->name, p.years[0], p.years[t1], p.nv - 1, p.nv == 2 ? "" : "s"),
        j->err);

    if (st == FC_OK)
        st = population_total(j, &p);
    if (st == FC_OK)
        st = pyramid_chart(j, &p, (size_t)-1, "population_pyramid");
    if (st == FC_OK)
        st = population_age_groups(j, &p);
    if (st == FC_OK)
        st = population_areas(j, &p);
    if (st == FC_OK)
        st = components_chart(j, &p);
    if (st == FC_OK)
        st = lex_table(j, &p);
    if (st == FC_OK && p.na > 1 && (long)p.na <= j->spec->area_pyramids)
        for (size_t a = 0; a < p.na && st == FC_OK; a++) {
            char id[96];
            snprintf(id, sizeof id, "population_pyramid_%zu", a + 1);
            st = pyramid_chart(j, &p, a, apx_jstr(j, "%s", id));
        }
    if (st == FC_OK)
        st = apx_assumptions(j, "projection");
    return st;
}

