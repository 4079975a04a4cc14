/* sensitivity.c: one-way sensitivity and switching values through the whole chain
 * (draws_run.h).
 *
 * Each uncertain number of the scenario is set to its p10 and then its p90 (an interval's
 * ends exactly), every other number held at its median, the variant the principal and the
 * input tables' ranges (growth, the PBMA options) at their point values: designed draws,
 * repeated through the stages exactly as the Monte Carlo draws are, so a value here is what a
 * run with `--set section.key=value` gives. sensitivity.csv holds each parameter's outcomes at
 * the centre and at each end, and the swing between the ends.
 *
 * Switching values: over each parameter's wider range (its p1 to p99, inside the key's valid
 * range) a grid of 17 values brackets where an option enters or leaves the best set, or where
 * the funding gap (of all programmes, or of one) changes sign; the bracket nearest the median
 * is then closed by GSL's root solvers through the chain (Brent for a gap, which moves
 * smoothly; bisection for a set's membership, which jumps), each step one designed draw. */
#include "engine/draws/draws_run.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#define GRID 17      /* values a parameter's wider range is scanned at */
#define MAX_ITER 60  /* root-solver steps */

/* A parameter's p-quantile (an interval's ends for p = 0.1 and 0.9), in the key's range. */
static double
quantile_of(const fc_scn_unc *u, double p)
{
    double x;
    if (u->dist.kind == FC_DIST_INTERVAL && (p == 0.1 || p == 0.9))
        x = p == 0.1 ? u->dist.p[0] : u->dist.p[1];
    else
        x = fc_dist_quantile(&u->dist, p);
    return x < u->lo ? u->lo : x > u->hi ? u->hi : x;
}

/* One row: parameter k's ends, the outcome's name and its values at the centre and at each
 * end, and the swing |high - low| (NA where an end has no value; money to the penny). */
static void
sens_row(fc_writer *w, const char *param, double lo_x, double hi_x, const char *outcome,
         double c, double lo, double hi)
{
    const int money = strncmp(outcome, "gap", 3) == 0;
    fc_w_field(w, param);
    fc_w_comma(w);
    fc_w_num(w, lo_x);
    fc_w_comma(w);
    fc_w_num(w, hi_x);
    fc_w_comma(w);
    fc_w_field(w, outcome);
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

static double
funded_value(unsigned char f)
{
    return f == 2 ? (double)NAN : f;
}

/* The rows of one parameter (param, at lo_x and hi_x): the outcomes of o's draws c (the
 * centre), lo and hi. */
static void
param_rows(fc_writer *w, const dr_outcomes *o, const char *param, double lo_x, double hi_x,
           size_t c, size_t lo, size_t hi)
{
    const size_t G = o->nprog + 1;
    char name[512];
    if (o->have_fin) {
        sens_row(w, param, lo_x, hi_x, "gap", o->gap[c * G + o->nprog], o->gap[lo * G + o->nprog],
                 o->gap[hi * G + o->nprog]);
        for (size_t q = 0; q < o->nprog; q++) {
            snprintf(name, sizeof name, "gap.%s", o->prog[q]);
            sens_row(w, param, lo_x, hi_x, name, o->gap[c * G + q], o->gap[lo * G + q],
                     o->gap[hi * G + q]);
        }
    }
    if (o->have_pbma)
        sens_row(w, param, lo_x, hi_x, "net_benefit", o->nb[c], o->nb[lo], o->nb[hi]);
    if (o->have_p75)
        sens_row(w, param, lo_x, hi_x, "people_75plus", o->p75[c], o->p75[lo], o->p75[hi]);
    /* the funded set: every option funded at one end and not at the centre, or the other way
     * round (1 funded, 0 not, NA where no set met that end's budget) */
    for (size_t i = 0; o->have_pbma && i < o->nopt; i++) {
        unsigned char fc = o->funded[c * o->nopt + i], a = o->funded[lo * o->nopt + i],
                      b = o->funded[hi * o->nopt + i];
        if (a == fc && b == fc)
            continue;
        snprintf(name, sizeof name, "funded.%s", o->opt[i]);
        sens_row(w, param, lo_x, hi_x, name, funded_value(fc), funded_value(a), funded_value(b));
    }
}

/* The variants with a probability: each as a parameter, its low end the principal (0: the
 * variant not taken) and its high end the variant taken (1), through the same chain. */
static fc_status
variant_rows(fc_chain *ch, const mc_spec *sp, const dr_outcomes *o, fc_writer *w, fc_err *err)
{
    dr_point *pts = calloc(o->nvar + 1, sizeof *pts);
    size_t *vi = calloc(o->nvar + 1, sizeof *vi), n = 0;
    dr_outcomes ov = {0};
    fc_status st = FC_OK;
    char name[128];
    if (!pts || !vi) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t v = 1; v < o->nvar; v++)
        if (!isnan(o->varprob[v])) {
            pts[n] = (dr_point){0, ch->scn->unc[0].central, SIZE_MAX, 0, v};
            vi[n++] = v;
        }
    if (n == 0 || (st = dr_evaluate(ch, sp, pts, n, &ov, err)) != FC_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "variant %s.probability", o->varname[vi[i]]);
        param_rows(w, &ov, name, 0, 1, 0, 0, i + 1);
    }
done:
    dr_outcomes_fini(&ov);
    free(pts);
    free(vi);
    return st;
}

static fc_status
write_sensitivity(fc_chain *ch, const mc_spec *sp, const dr_outcomes *o, const double *x,
                  fc_err *err)
{
    const fc_scenario *s = ch->scn;
    fc_writer *w;
    fc_status st;

    if ((st = fc_out_file(ch->o, "sensitivity.csv", &w, err)) != FC_OK)
        return st;
    fc_w_str(w, "parameter,value_low,value_high,outcome,central,at_low,at_high,swing\n");
    for (size_t k = 0; k < s->nunc; k++)
        param_rows(w, o, s->unc[k].name, x[2 * k], x[2 * k + 1], 0, 2 * k + 1, 2 * k + 2);
    return variant_rows(ch, sp, o, w, err);
}

/* ------------------------------------------------------------------ switching values */

/* A target: option i's membership of the best set (q == SIZE_MAX), or programme q's gap (q ==
 * nprog: all of them). */
typedef struct target {
    size_t i, q;
} target;

/* The target's value in draw d of o: +0.5 funded / -0.5 not (NaN: no set), or the gap. */
static double
target_value(const dr_outcomes *o, const target *t, size_t d)
{
    if (t->q == SIZE_MAX) {
        unsigned char f = o->funded[d * o->nopt + t->i];
        return f == 2 ? (double)NAN : f ? 0.5 : -0.5;
    }
    return o->gap[d * (o->nprog + 1) + t->q];
}

/* What a root solver evaluates: the target at parameter k = x, one designed draw. */
typedef struct solve_ctx {
    fc_chain *ch;
    const mc_spec *sp;
    size_t k;
    target t;
    fc_status st;
    fc_err err;
} solve_ctx;

static double
solve_f(double x, void *arg)
{
    solve_ctx *c = arg;
    dr_point pt = {c->k, x, SIZE_MAX, 0, 0};
    dr_outcomes o;
    double v;
    if (c->st != FC_OK)
        return (double)NAN;
    if ((c->st = dr_evaluate(c->ch, c->sp, &pt, 1, &o, &c->err)) != FC_OK)
        return (double)NAN;
    v = target_value(&o, &c->t, 1);
    dr_outcomes_fini(&o);
    return v;
}

/* Closes the bracket [a, b] (the target's sign differs at its ends) with GSL's Brent (a gap)
 * or bisection (a membership) solver; *x gets the root, within 1e-7 of the range's width. */
static fc_status
solve(solve_ctx *c, double a, double b, double width, double *x)
{
    gsl_function F = {solve_f, c};
    gsl_root_fsolver *s =
        gsl_root_fsolver_alloc(c->t.q == SIZE_MAX ? gsl_root_fsolver_bisection
                                                  : gsl_root_fsolver_brent);
    int status = GSL_CONTINUE;
    if (s == NULL)
        return FC_ENOMEM;
    if (gsl_root_fsolver_set(s, &F, a, b) != GSL_SUCCESS) {
        gsl_root_fsolver_free(s);
        return c->st != FC_OK ? c->st : FC_EDOM;
    }
    for (int it = 0; it < MAX_ITER && status == GSL_CONTINUE && c->st == FC_OK; it++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            break;
        status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s),
                                        gsl_root_fsolver_x_upper(s), 1e-7 * width, 0);
    }
    *x = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    return c->st;
}

static const char *
state_name(const target *t, double v)
{
    if (isnan(v))
        return "no set within the budget";
    if (t->q == SIZE_MAX)
        return v > 0 ? "funded" : "not funded";
    return v > 0 ? "shortfall" : "headroom";
}

/* For every parameter and target: the switch nearest the median within the wider range, or
 * none; one row each into w. */
static fc_status
switching(fc_chain *ch, const mc_spec *sp, fc_writer *w, fc_err *err)
{
    const fc_scenario *s = ch->scn;
    const size_t nu = s->nunc;
    dr_point *pts = calloc(nu * GRID + 1, sizeof *pts);
    double *lo = calloc(nu + 1, sizeof *lo), *hi = calloc(nu + 1, sizeof *hi);
    dr_outcomes o = {0};
    target *tg = NULL;
    size_t nt = 0;
    fc_status st;
    char name[512];

    if (!pts || !lo || !hi) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < nu; k++) {
        lo[k] = quantile_of(&s->unc[k], 0.01);
        hi[k] = quantile_of(&s->unc[k], 0.99);
        for (size_t g = 0; g < GRID; g++)
            pts[k * GRID + g] =
                (dr_point){k, lo[k] + (hi[k] - lo[k]) * (double)g / (GRID - 1), SIZE_MAX, 0, 0};
    }
    if ((st = dr_evaluate(ch, sp, pts, nu * GRID, &o, err)) != FC_OK)
        goto done;
    if ((tg = calloc(o.nopt + o.nprog + 2, sizeof *tg)) == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; o.have_pbma && i < o.nopt; i++)
        tg[nt++] = (target){i, SIZE_MAX};
    for (size_t q = 0; o.have_fin && q <= o.nprog; q++)
        tg[nt++] = (target){0, q == o.nprog ? o.nprog : q};
    for (size_t k = 0; k < nu && st == FC_OK; k++) {
        const fc_scn_unc *u = &s->unc[k];
        for (size_t j = 0; j < nt && st == FC_OK; j++) {
            const target *t = &tg[j];
            double best = HUGE_VAL, a = 0, b = 0, va = 0, vb = 0, x = (double)NAN;
            /* the bracket nearest the median where the target changes side */
            for (size_t g = 0; g + 1 < GRID; g++) {
                double v0 = target_value(&o, t, 1 + k * GRID + g);
                double v1 = target_value(&o, t, 1 + k * GRID + g + 1);
                double x0 = pts[k * GRID + g].x, x1 = pts[k * GRID + g + 1].x, dist;
                if (isnan(v0) || isnan(v1) || (v0 > 0) == (v1 > 0))
                    continue;
                dist = fmin(fabs(x0 - u->central), fabs(x1 - u->central));
                if (dist < best) {
                    best = dist;
                    a = x0, b = x1, va = v0, vb = v1;
                }
            }
            if (t->q == SIZE_MAX)
                snprintf(name, sizeof name, "funded.%s", o.opt[t->i]);
            else
                snprintf(name, sizeof name, t->q == o.nprog ? "gap" : "gap.%s",
                         t->q == o.nprog ? "" : o.prog[t->q]);
            if (best < HUGE_VAL) {
                solve_ctx c = {ch, sp, k, *t, FC_OK, {0}};
                if ((st = solve(&c, a, b, hi[k] - lo[k], &x)) != FC_OK) {
                    if (c.st != FC_OK)
                        *err = c.err;
                    else
                        st = FC_FAIL(err, st, "%s: cannot find where %s switches", u->name,
                                     name);
                    break;
                }
            } else {
                va = vb = target_value(&o, t, 1 + k * GRID + (GRID - 1) / 2);
            }
            fc_w_field(w, u->name);
            fc_w_comma(w);
            fc_w_field(w, name);
            {
                const double v[4] = {lo[k], hi[k], u->central, x};
                for (int i = 0; i < 4; i++) {
                    fc_w_comma(w);
                    if (isnan(v[i]))
                        fc_w_str(w, "NA");
                    else
                        fc_w_num(w, v[i]);
                }
            }
            /* the state on each side of the switch; with none, the state throughout */
            fc_w_comma(w);
            fc_w_field(w, state_name(t, va));
            fc_w_comma(w);
            fc_w_field(w, state_name(t, vb));
            fc_w_eol(w);
        }
    }
done:
    dr_outcomes_fini(&o);
    free(tg);
    free(pts);
    free(lo);
    free(hi);
    return st;
}

/* ------------------------------------------------------------------- two-way grid */

/* The set of draw d as "a;b;c" (option names in the options' order), into buf. */
static const char *
set_of(const dr_outcomes *o, size_t d, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < o->nopt; i++) {
        unsigned char f = o->funded[d * o->nopt + i];
        if (f == 2)
            return "none within the budget";
        if (f && n < cap)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ";" : "", o->opt[i]);
    }
    return buf;
}

/* The grid of sp->grid's two numbers over their p1 to p99, grid_size values a side:
 * sensitivity_grid.csv, a row a cell, x varying fastest. */
static fc_status
grid(fc_chain *ch, const mc_spec *sp, fc_err *err)
{
    const fc_scenario *s = ch->scn;
    const size_t G = (size_t)sp->grid_size;
    size_t k[2] = {SIZE_MAX, SIZE_MAX};
    dr_point *pts = NULL;
    dr_outcomes o = {0};
    fc_writer *w;
    fc_status st;
    char *buf = NULL, *cbuf = NULL;

    for (int g = 0; g < 2; g++) {
        for (size_t j = 0; j < s->nunc; j++)
            if (strcasecmp(s->unc[j].name, sp->grid[g]) == 0)
                k[g] = j;
        if (k[g] == SIZE_MAX)
            return fc_scn_fail(fc_scn_get(ch->scn, "run", "sensitivity_grid"), err,
                               "'%s' is not an uncertain number of the scenario (an interval "
                               "or a distribution, named section.key)",
                               sp->grid[g]);
    }
    if (k[0] == k[1])
        return fc_scn_fail(fc_scn_get(ch->scn, "run", "sensitivity_grid"), err,
                           "sensitivity_grid names '%s' twice", sp->grid[0]);
    if ((pts = calloc(G * G, sizeof *pts)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    {
        const double a0 = quantile_of(&s->unc[k[0]], 0.01), a1 = quantile_of(&s->unc[k[0]], 0.99);
        const double b0 = quantile_of(&s->unc[k[1]], 0.01), b1 = quantile_of(&s->unc[k[1]], 0.99);
        for (size_t iy = 0; iy < G; iy++)
            for (size_t ix = 0; ix < G; ix++)
                pts[iy * G + ix] = (dr_point){k[0], a0 + (a1 - a0) * (double)ix / (double)(G - 1),
                                              k[1], b0 + (b1 - b0) * (double)iy / (double)(G - 1),
                                              0};
    }
    if ((st = dr_evaluate(ch, sp, pts, G * G, &o, err)) != FC_OK)
        goto done;
    buf = malloc(65536);
    cbuf = malloc(65536);
    if (!buf || !cbuf) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    if ((st = fc_out_file(ch->o, "sensitivity_grid.csv", &w, err)) != FC_OK)
        goto done;
    fc_w_str(w, "parameter_x,value_x,parameter_y,value_y,gap,net_benefit,best_set,"
                "same_set_as_central\n");
    set_of(&o, 0, cbuf, 65536);
    for (size_t i = 0; i < G * G; i++) {
        const size_t d = i + 1;
        const char *set = o.have_pbma ? set_of(&o, d, buf, 65536) : "";
        fc_w_field(w, s->unc[k[0]].name);
        fc_w_comma(w);
        fc_w_num(w, pts[i].x);
        fc_w_comma(w);
        fc_w_field(w, s->unc[k[1]].name);
        fc_w_comma(w);
        fc_w_num(w, pts[i].x2);
        fc_w_comma(w);
        if (o.have_fin)
            fc_w_num(w, o.gap[d * (o.nprog + 1) + o.nprog]);
        else
            fc_w_str(w, "NA");
        fc_w_comma(w);
        if (o.have_pbma && !isnan(o.nb[d]))
            fc_w_num(w, o.nb[d]);
        else
            fc_w_str(w, "NA");
        fc_w_comma(w);
        fc_w_field(w, set);
        fc_w_comma(w);
        fc_w_str(w, !o.have_pbma ? "NA" : strcmp(set, cbuf) == 0 ? "TRUE" : "FALSE");
        fc_w_eol(w);
    }
done:
    dr_outcomes_fini(&o);
    free(pts);
    free(buf);
    free(cbuf);
    return st;
}

fc_status
dr_sensitivity(fc_chain *ch, const mc_spec *sp, fc_err *err)
{
    const fc_scenario *s = ch->scn;
    const size_t nu = s->nunc;
    dr_point *pts;
    double *x;
    dr_outcomes o = {0};
    fc_writer *w;
    fc_status st;

    if (nu == 0)
        return fc_scn_fail(fc_scn_get(ch->scn, "run", "sensitivity"), err,
                           "a sensitivity analysis needs an uncertain number in the scenario "
                           "(an interval [lo, hi] or a distribution)");
    pts = calloc(2 * nu, sizeof *pts);
    x = calloc(2 * nu, sizeof *x);
    if (!pts || !x) {
        free(pts);
        free(x);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < nu; k++) {
        x[2 * k] = quantile_of(&s->unc[k], 0.1);
        x[2 * k + 1] = quantile_of(&s->unc[k], 0.9);
        pts[2 * k] = (dr_point){k, x[2 * k], SIZE_MAX, 0, 0};
        pts[2 * k + 1] = (dr_point){k, x[2 * k + 1], SIZE_MAX, 0, 0};
    }
    if ((st = dr_evaluate(ch, sp, pts, 2 * nu, &o, err)) == FC_OK)
        st = write_sensitivity(ch, sp, &o, x, err);
    dr_outcomes_fini(&o);
    free(pts);
    free(x);
    if (st == FC_OK && (st = fc_out_file(ch->o, "switching_values.csv", &w, err)) == FC_OK) {
        fc_w_str(w, "parameter,outcome,range_low,range_high,central_value,switching_value,"
                    "below,above\n");
        st = switching(ch, sp, w, err);
    }
    if (st == FC_OK && sp->grid[0])
        st = grid(ch, sp, err);
    return st;
}
