/* write.c: the projection's tables: projection.csv, components.csv and lifetables.csv, formatted by worker threads in area order (project_int.h). */
#include "engine/projection/project_int.h"

#include "engine/cli/log.h"
#include "engine/io/huge.h"


/* ---------------------------------------------------------------- writing */


static void
w_key(fc_writer *w, const job *j, size_t v, size_t a, int year, int sex)
{
    if (j->nvar > 1) {
        fc_w_str(w, j->var[v].name);
        fc_w_comma(w);
    }
    fc_w_field(w, fc_intern_name(j->pop.areas, a));
    fc_w_comma(w);
    fc_w_int(w, year);
    fc_w_raw(w, sex ? ",M," : ",F,", 3);
}

struct fmt_task {
    const job *j;
    size_t v;
    const double *pop;
    const labels *lb;
    const void *extra;  /* components result or life tables */
    size_t a0, a1;
    fc_writer *mem;
    fmt_fn fn;
};

static void
format_projection(fc_writer *w, const job *j, size_t v, const double *pop, const labels *lb,
                  size_t a0, size_t a1)
{
    const size_t ng = j->nage;
    char prefix[256];
    size_t alen[FC_AGE_MAX + 1]; /* ng <= FC_AGE_MAX + 1 groups */
    for (size_t g = 0; g < ng; g++)
        alen[g] = strlen(lb->age[g]);
    for (size_t a = a0; a < a1; a++)
        for (size_t t = 0; t <= j->nstep; t++)
            for (int sex = 0; sex < 2; sex++) {
                const double *P = pop + ((a * (j->nstep + 1) + t) * 2 + (size_t)sex) * ng;
                int n = snprintf(prefix, sizeof prefix, "%s%s%s,%d,%c,",
                                 j->nvar > 1 ? j->var[v].name : "", j->nvar > 1 ? "," : "",
                                 fc_intern_name(j->pop.areas, a), j->pop.year + (int)t * j->step,
                                 sex ? 'M' : 'F');
                if (n < 0 || (size_t)n >= sizeof prefix) {
                    /* an absurdly long area code: fall back to the quoting writer */
                    for (size_t g = 0; g < ng; g++) {
                        w_key(w, j, v, a, j->pop.year + (int)t * j->step, sex);
                        fc_w_str(w, lb->age[g]);
                        fc_w_comma(w);
                        fc_w_num(w, P[g]);
                        fc_w_eol(w);
                    }
                    continue;
                }
                /* one row = prefix, age label, comma, number, newline, formatted in place */
                for (size_t g = 0; g < ng; g++) {
                    double x = P[g] == 0.0 ? 0.0 : P[g];
                    size_t la = alen[g];
                    char *d = fc_w_reserve(w, (size_t)n + la + 34);
                    if (d == NULL)
                        return; /* sticky error, reported at commit */
                    memcpy(d, prefix, (size_t)n);
                    memcpy(d + n, lb->age[g], la);
                    d[(size_t)n + la] = ',';
                    size_t k = (size_t)n + la + 1;
                    k += fc_w_format(w, x, d + k);
                    d[k++] = '\n';
                    fc_w_advance(w, k);
                }
            }
}

static void
format_projection_task(fc_writer *w, const fmt_task *t)
{
    format_projection(w, t->j, t->v, t->pop, t->lb, t->a0, t->a1);
}

static void *
format_task(void *arg)
{
    fmt_task *t = arg;
    t->fn(t->mem, t);
    return NULL;
}

/* Formats areas in chunks on NT worker threads into memory while the calling thread writes the
 * previous chunks (double buffering); chunks are written in area order, so the bytes never
 * depend on threads or timing. */
static fc_status
write_parallel(fc_writer *w, const job *j, size_t v, const double *pop, const labels *lb,
               const void *extra, fmt_fn fn, fc_err *err)
{
        fmt_task task[2][NT];
    pthread_t th[NT];
    int started[NT] = {0};
    fc_status st = FC_OK;
    size_t round = 0;

    for (int b = 0; b < 2; b++)
        for (int i = 0; i < NT; i++)
            if ((task[b][i].mem = fc_mem_writer_alloc()) == NULL)
                st = FC_FAIL(err, FC_ENOMEM, "out of memory");
            else
                fc_w_set_digits(task[b][i].mem, fc_w_digits(w));
    for (size_t a0 = 0; st == FC_OK; a0 += NT * CHUNK, round++) {
        fmt_task *cur = task[round % 2], *prev = task[(round + 1) % 2];
        int more = a0 < j->narea;
        for (int i = 0; more && i < NT; i++) {
            size_t lo = a0 + (size_t)i * CHUNK, hi = lo + CHUNK;
            cur[i] = (fmt_task){j, v, pop, lb, extra, lo < j->narea ? lo : j->narea,
                                hi < j->narea ? hi : j->narea, cur[i].mem, fn};
            started[i] = pthread_create(&th[i], NULL, format_task, &cur[i]) == 0;
            if (!started[i])
                format_task(&cur[i]);
        }
        if (round > 0)
            for (int i = 0; i < NT; i++) {
                if (fc_mem_writer_failed(prev[i].mem))
                    st = FC_FAIL(err, FC_ENOMEM, "out of memory formatting outputs");
                fc_w_append(w, prev[i].mem);
            }
        for (int i = 0; more && i < NT; i++)
            if (started[i])
                pthread_join(th[i], NULL);
        if (!more)
            break;
    }
    for (int b = 0; b < 2; b++)
        for (int i = 0; i < NT; i++)
            fc_mem_writer_free(task[b][i].mem);
    return st;
}

static fc_status
write_projection(fc_writer *w, const job *j, size_t v, const double *pop, const labels *lb,
                 fc_err *err)
{
    /* area names that need CSV quoting take the plain path */
    for (size_t a = 0; a < j->narea; a++) {
        if (strpbrk(fc_intern_name(j->pop.areas, a), ",\"\r\n")) {
            for (a = 0; a < j->narea; a++)
                for (size_t t = 0; t <= j->nstep; t++)
                    for (int sex = 0; sex < 2; sex++)
                        for (size_t g = 0; g < j->nage; g++) {
                            w_key(w, j, v, a, j->pop.year + (int)t * j->step, sex);
                            fc_w_str(w, lb->age[g]);
                            fc_w_comma(w);
                            fc_w_num(w, pop[((a * (j->nstep + 1) + t) * 2 + (size_t)sex) *
                                                j->nage + g]);
                            fc_w_eol(w);
                        }
            return FC_OK;
        }
    }
    return write_parallel(w, j, v, pop, lb, NULL, format_projection_task, err);
}

static void
write_components(fc_writer *w, const fmt_task *tk)
{
    const job *j = tk->j;
    const size_t ng = j->nage, v = tk->v;
    const double *pop = tk->pop;
    const fc_ccm_result *r = tk->extra;
    for (size_t a = tk->a0; a < tk->a1; a++)
        for (size_t t = 0; t < j->nstep; t++)
            for (int sex = 0; sex < 2; sex++) {
                const double *P0 = pop + ((a * (j->nstep + 1) + t) * 2 + (size_t)sex) * ng;
                const double *P1 = P0 + 2 * ng;
                double s0 = 0.0, s1 = 0.0;
                size_t k = (a * j->nstep + t) * 2 + (size_t)sex;
                for (size_t g = 0; g < ng; g++)
                    s0 += P0[g], s1 += P1[g];
                const double col[] = {r->births[k], r->deaths[k],  r->inflow[k],
                                      r->outflow[k], r->migration[k], r->adjust[k], s1};
                w_key(w, j, v, a, j->pop.year + (int)t * j->step, sex);
                fc_w_num(w, s0);
                fc_w_nums(w, col, sizeof col / sizeof col[0]);
                fc_w_eol(w);
            }
}

static void
write_lifetables(fc_writer *w, const fmt_task *tk)
{
    const job *j = tk->j;
    const size_t na = j->narea, v = tk->v;
    const fc_prates *in = tk->extra;
    const labels *lb = tk->lb;
    for (size_t y = 0; y < j->mort.nyear; y++) {
        int year = j->mort.years[y] == FC_NO_YEAR || j->mort.years[y] < j->pop.year
                       ? j->pop.year : j->mort.years[y];
        if (year > j->horizon) /* the horizon's own table gives its life expectancy */
            continue;
        for (size_t a = tk->a0; a < tk->a1; a++)
            for (int sex = 0; sex < 2; sex++) {
                const fc_lifetable *lt = in->lt[(y * na + a) * 2 + (size_t)sex];
                for (size_t i = 0; i < lt->n; i++) {
                    w_key(w, j, v, a, year, sex);
                    fc_w_str(w, lb->mage[i]);
                    const double col[] = {lt->mx[i], lt->ax[i], lt->qx[i], lt->lx[i],
                                          lt->dx[i], lt->Lx[i], lt->Tx[i], lt->ex[i]};
                    fc_w_nums(w, col, sizeof col / sizeof col[0]);
                    fc_w_eol(w);
                }
            }
    }
}

/* Copies variant v's projection (and the life expectancy in force each year) into the cube
 * later stages read (need, activity). */
static fc_status
keep_variant(const job *j, size_t v, const double *pop, const fc_prates *in, fc_projection *p,
             fc_err *err)
{
    const size_t na = j->narea, ng = j->nage, ny = j->nstep + 1;
    fc_status st;
    if (v == 0) {
        size_t idx;
        for (size_t a = 0; a < na; a++)
            if ((st = fc_intern_add(p->areas, fc_intern_name(j->pop.areas, a), &idx, err)))
                return st;
        for (size_t k = 0; k < j->nvar; k++)
            if ((st = fc_intern_add(p->variants, j->var[k].name, &idx, err)))
                return st;
        p->has_variant = j->nvar > 1;
        if ((st = fc_projection_shape(p, &j->pop.ages, j->pop.year, j->step, ny, 1, err)))
            return st;
    }
    memcpy(p->pop + fc_projection_block(p, v, 0, 0) * 2 * ng, pop, na * ny * 2 * ng * sizeof *pop);
    for (size_t a = 0; a < na; a++)
        for (size_t t = 0; t < ny; t++) {
            size_t b = fc_projection_block(p, v, a, t), yi = j->exi[t];
            p->have[b] = 1;
            for (size_t sex = 0; sex < 2; sex++)
                memcpy(p->ex + (b * 2 + sex) * ng, in->ex + ((yi * na + a) * 2 + sex) * ng,
                       ng * sizeof *p->ex);
        }
    return FC_OK;
}

/* Says so when a net outflow met a cohort with no one left: the limit that keeps populations
 * from going below zero is not silent. unmet: [area][step][sex][age] (fc_ccm_result). */
static double
warn_unmet(const job *j, size_t v, const double *unmet, fc_warnings *warn)
{
    const size_t ng = j->nage, n = j->narea * j->nstep * 2 * ng;
    double total = 0.0, big = 0.0;
    size_t cells = 0, at = 0;
    char lab[16];
    for (size_t k = 0; k < n; k++)
        if (unmet[k] > 0.0) {
            total += unmet[k];
            cells++;
            if (unmet[k] > big)
                big = unmet[k], at = k;
        }
    if (cells == 0)
        return 0.0;
    {
        const size_t g = at % ng, sex = at / ng % 2, t = at / (2 * ng) % j->nstep,
                     a = at / (2 * ng * j->nstep);
        fc_warn(warn, "%s: net migration could not remove %.0f %s in %zu cell%s: the cohorts "
                "had no one left (largest: %s%s%sarea '%s', sex %s, age '%s', in the step from "
                "%d: %.1f). Give out-migration as rates (outflow_rate), or check the table",
                j->spec->migration, total, total >= 0.5 && total < 1.5 ? "person" : "people",
                cells, cells > 1 ? "s" : "", j->nvar > 1 ? "variant '" : "",
                j->nvar > 1 ? j->var[v].name : "", j->nvar > 1 ? "', " : "",
                fc_intern_name(j->pop.areas, a), sex ? "M" : "F",
                fc_ages_label(&j->pop.ages, g, lab), j->pop.year + (int)t * j->step, big);
    }
    return total;
}

/* The second half of the areas, projected on a thread of its own. */
typedef struct half {
    const fc_ccm_params *p;
    const fc_ccm_inputs *in;
    fc_ccm_result *r;
    size_t a0, a1;
    fc_err err;
    fc_status st;
} half;

static void *
half_run(void *arg)
{
    half *h = arg;
    h->st = fc_ccm_project_areas(h->p, h->in, h->a0, h->a1, h->r, &h->err);
    return NULL;
}

/* Every area projected: with independent areas (no control totals, no flows between them),
 * each half on a thread of its own (an area's arithmetic is the same either way, so are the
 * bytes; the draws project one area at a time with the same function). */
static fc_status
project_all(const fc_ccm_params *p, const fc_ccm_inputs *in, fc_ccm_result *r,
            int independent, fc_err *err)
{
    half h = {p, in, r, p->n_area / 2, p->n_area, {0}, FC_OK};
    pthread_t th;
    fc_status st;
    if (!independent || p->n_area < 16)
        return fc_ccm_project(p, in, r, err);
    fc_err_clear(&h.err);
    if (pthread_create(&th, NULL, half_run, &h) != 0)
        return fc_ccm_project(p, in, r, err);
    st = fc_ccm_project_areas(p, in, 0, h.a0, r, err);
    pthread_join(th, NULL);
    if (st == FC_OK && h.st != FC_OK) { /* (the first half's error first, as one thread) */
        *err = h.err;
        st = h.st;
    }
    return st;
}

fc_status
fc_project_run(const fc_projspec *spec, fc_out *o, fc_warnings *warn, fc_err *err)
{
    return fc_project_run_keep(spec, o, NULL, warn, err);
}

fc_status
fc_project_run_keep(const fc_projspec *spec, fc_out *o, struct fc_projection **keep,
                    fc_warnings *warn, fc_err *err)
{
    fc_projection *kp = NULL;
    job j;
    fc_status st;
    fc_writer *wp, *wc, *wl;
    fc_prates *rt = NULL;
    double *pop = NULL, *comp = NULL, *unmet = NULL, *work = NULL;
    labels lb = {NULL, NULL};
    const char *vcol;

    if ((st = fc_proj_inputs_load(&j, spec, warn, err)))
        goto done;
    if (keep && (kp = fc_projection_new()) == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    vcol = j.nvar > 1 ? "variant," : "";
    if ((st = fc_out_file(o, "projection.csv", &wp, err)) ||
        (st = fc_out_file(o, "components.csv", &wc, err)))
        goto done;
    fc_w_str(wp, vcol);
    fc_w_str(wp, "area,year,sex,age,population\n");
    fc_w_str(wc, vcol);
    fc_w_str(wc, "area,year,sex,population_start,births,deaths,inflow,outflow,net_migration,"
                 "adjustment,population_end\n");
    /* life tables: on request past FC_LIFETABLES_AUTO_AREAS areas (at 1,000 areas they are
     * 28 MB that a plan rarely reads; the projection's life expectancies stay in memory for
     * the later stages either way) */
    wl = NULL;
    if (spec->lifetables == FC_LT_YES ||
        (spec->lifetables == FC_LT_AUTO && j.narea <= FC_LIFETABLES_AUTO_AREAS)) {
        if ((st = fc_out_file(o, "lifetables.csv", &wl, err)))
            goto done;
        fc_w_str(wl, vcol);
        fc_w_str(wl, "area,year,sex,age,mx,ax,qx,lx,dx,Lx,Tx,ex\n");
    } else if (spec->lifetables == FC_LT_AUTO) {
        fc_log_note("lifetables.csv is not written for %zu areas (more than %d): lifetables = "
                    "yes ([projection]; --lifetables yes) writes it", j.narea,
                    FC_LIFETABLES_AUTO_AREAS);
    }

    lb.age = calloc(j.nage, sizeof *lb.age);
    lb.mage = calloc(j.mgrid.n, sizeof *lb.mage);
    {
        fc_ccm_params p = {j.narea, j.nage, j.nstep, (double)j.step, spec->srb, spec->mig_timing,
                           j.has_ctl ? (fc_ctl_kind)j.ctl.kind : FC_CTL_NONE};
        size_t ncomp = fc_ccm_comp_size(&p);
        /* (the cube and the unmet outflows are large: huge pages spare most page faults) */
        pop = fc_huge_alloc(fc_ccm_pop_size(&p) * sizeof *pop);
        comp = fc_huge_alloc(6 * ncomp * sizeof *comp);
        if ((j.mig.nyear || j.outm.nyear || j.nflow) &&
            (unmet = fc_huge_alloc(ncomp * j.nage * sizeof *unmet)) == NULL) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
            goto done;
        }
        if (j.nflow && (work = malloc(fc_ccm_work_size(&p) * sizeof *work)) == NULL) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
            goto done;
        }
        /* every area; the life tables kept for lifetables.csv (when written) */
        rt = fc_prates_alloc(&j.base, j.narea, wl != NULL);
        if (!pop || !comp || !lb.age || !lb.mage || !rt) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t g = 0; g < j.nage; g++)
            fc_ages_label(&j.pop.ages, g, lb.age[g]);
        for (size_t g = 0; g < j.mgrid.n; g++)
            fc_ages_label(&j.mgrid, g, lb.mage[g]);
        for (size_t v = 0; v < j.nvar && st == FC_OK; v++) {
            fc_ccm_result r = {.pop = pop, .births = comp, .deaths = comp + ncomp,
                               .migration = comp + 2 * ncomp, .adjust = comp + 3 * ncomp,
                               .unmet = unmet, .inflow = comp + 4 * ncomp,
                               .outflow = comp + 5 * ncomp, .work = work};
            st = fc_proj_rates(&j, rt, &j.var[v], 0, j.narea, err);
            if (st == FC_OK) {
                fc_ccm_inputs ci = fc_proj_ccm_inputs(&j, rt, 0, 1);
                st = project_all(&p, &ci, &r, !j.has_ctl && !j.nflow, err);
            }
            if (st == FC_OK && unmet) { /* the manifest records it, 0 too */
                char key[96];
                snprintf(key, sizeof key, "projection.unmet_outflow.%s", j.var[v].name);
                fc_out_fact(o, key, warn_unmet(&j, v, unmet, warn));
            }
            if (st == FC_OK && kp)
                st = keep_variant(&j, v, pop, rt, kp, err);
            if (st == FC_OK) {
                st = write_projection(wp, &j, v, pop, &lb, err);
                if (st == FC_OK)
                    st = write_parallel(wc, &j, v, pop, &lb, &r, write_components, err);
                if (st == FC_OK && wl)
                    st = write_parallel(wl, &j, v, pop, &lb, rt, write_lifetables, err);
            }
        }
    }
done:
    if (st == FC_OK && keep)
        *keep = kp;
    else
        fc_projection_free(kp);
    free(pop);
    free(comp);
    free(unmet);
    free(work);
    free(lb.age);
    free(lb.mage);
    fc_prates_free(rt);
    fc_proj_inputs_fini(&j);
    return st;
}

