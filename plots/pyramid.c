/* pyramid.c: the population pyramid (see pyramid.h): filled base-year bars either side of a
 * shared zero, the comparison year as a step outline, ages top-coded as the caller labels them.
 */
#include "plots/pyramid.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plots/chart_int.h"

static fc_status
check(const fc_pyramid *p, fc_err *err)
{
    size_t i;
    if (p == NULL || p->n_age == 0 || p->male == NULL || p->female == NULL ||
        p->age_labels == NULL || (p->male_cmp == NULL) != (p->female_cmp == NULL))
        return FC_FAIL(err, FC_EINVAL, "pyramid needs ages, male and female arrays");
    for (i = 0; i < p->n_age; i++) {
        double v[4] = {p->male[i], p->female[i], p->male_cmp ? p->male_cmp[i] : 0,
                       p->female_cmp ? p->female_cmp[i] : 0};
        size_t k;
        for (k = 0; k < 4; k++)
            if (!isfinite(v[k]) || v[k] < 0)
                return FC_FAIL(err, FC_EDATA,
                               "pyramid count %g at age '%s' is not a "
                               "non-negative number",
                               v[k], p->age_labels[i] ? p->age_labels[i] : "?");
    }
    return FC_OK;
}

static double
total(const double *m, const double *f, size_t n)
{
    double t = 0;
    size_t i;
    for (i = 0; i < n; i++)
        t += m[i] + f[i];
    return t;
}

/* The outline of one side: a step path hugging the comparison counts, band by band. */
static void
outline(fc_chart *c, const fc_ck_xy *g, const double *v, size_t n, double sign, double scale)
{
    cairo_t *cr = c->cr;
    size_t i;
    double x0 = fc_ck_pos(&g->x, 0);
    cairo_new_path(cr);
    for (i = 0; i < n; i++) {
        double j = (double)(n - 1 - i); /* category index: oldest at the top */
        double yb = fc_ck_pos(&g->y, j) + g->y.band / 2, yt = yb - g->y.band;
        double x = fc_ck_pos(&g->x, sign * v[i] * scale);
        if (i == 0)
            cairo_move_to(cr, c->ox + x0, c->oy + yb);
        cairo_line_to(cr, c->ox + x, c->oy + yb);
        cairo_line_to(cr, c->ox + x, c->oy + yt);
        if (i + 1 == n)
            cairo_line_to(cr, c->ox + x0, c->oy + yt);
    }
    cairo_set_line_width(cr, 1.4);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    fc_ck_rgb(c, fc_rgb_hex(FC_CK_INK));
    cairo_stroke(cr);
}

fc_status
fc_pyramid_draw(fc_chart *c, const fc_pyramid *p, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key keys[3];
    char k0[128], k1[128];
    const char **cats = NULL;
    double sb = 1, sc = 1, m = 0, th, fill_h;
    fc_rgb male, female;
    size_t i, nk = 0;
    fc_status st;

    if ((st = check(p, err)) != FC_OK)
        return st;
    if (p->percent) {
        double tb = total(p->male, p->female, p->n_age);
        double tc = p->male_cmp ? total(p->male_cmp, p->female_cmp, p->n_age) : 1;
        if (tb <= 0 || tc <= 0)
            return FC_FAIL(err, FC_EDATA, "pyramid total population is zero");
        sb = 1 / tb;
        sc = 1 / tc;
    }
    for (i = 0; i < p->n_age; i++) {
        m = fmax(m, fmax(p->male[i], p->female[i]) * sb);
        if (p->male_cmp)
            m = fmax(m, fmax(p->male_cmp[i], p->female_cmp[i]) * sc);
    }
    if (m <= 0)
        m = 1;
    cats = calloc(p->n_age, sizeof *cats);
    if (cats == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory drawing a pyramid");
    for (i = 0; i < p->n_age; i++)
        cats[p->n_age - 1 - i] = p->age_labels[i];

    male = fc_palette_get(c->pal, "Male");
    female = fc_palette_get(c->pal, "Female");
    b = fc_ck_frame(c, &p->text);
    keys[nk++] = (fc_ck_key){"Male", fc_ck_tint(male, 0.2), FC_KEY_FILL, 0, 0};
    keys[nk++] = (fc_ck_key){"Female", fc_ck_tint(female, 0.2), FC_KEY_FILL, 0, 0};
    if (p->male_cmp)
        keys[nk++] = (fc_ck_key){p->cmp_label ? p->cmp_label : "Comparison year",
                                 fc_rgb_hex(FC_CK_INK), FC_KEY_OUTLINE, 0, 0};
    if (p->base_label) {
        /* name the bars' year in the first two keys: "Male 2022" */
        snprintf(k0, sizeof k0, "Male %s", p->base_label);
        snprintf(k1, sizeof k1, "Female %s", p->base_label);
        keys[0].label = k0;
        keys[1].label = k1;
    }
    fc_ck_legend(c, &b, keys, nk);
    /* a row for the side headings above the bars */
    fc_ck_text_set(c, "Male", FC_CK_LABEL, 0, 0);
    fc_ck_text_size(c, NULL, &th);
    b.y0 += th + 2;

    g.x.lo = -m;
    g.x.hi = m;
    g.x.fk = p->percent ? FC_FMT_PERCENT : FC_FMT_NUMBER;
    g.x.grid = 1;
    g.x.abs_labels = 1;
    g.x.title = p->text.x_title;
    g.y.cat = 1;
    g.y.ncat = p->n_age;
    g.y.cats = cats;
    g.y.title = p->text.y_title;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        goto done;
    fc_ck_text_set_bold(c, "Male", FC_CK_LABEL, 0, 0, 1);
    fc_ck_text_show(c, (g.plot.x0 + fc_ck_pos(&g.x, 0)) / 2, g.plot.y0 - 2, 0.5, 1, 0,
                    fc_rgb_hex(FC_CK_INK));
    fc_ck_text_set_bold(c, "Female", FC_CK_LABEL, 0, 0, 1);
    fc_ck_text_show(c, (g.plot.x1 + fc_ck_pos(&g.x, 0)) / 2, g.plot.y0 - 2, 0.5, 1, 0,
                    fc_rgb_hex(FC_CK_INK));
    fc_ck_xy_grid(c, &g);

    fill_h = g.y.band * (p->n_age > 40 ? 1.0 : 0.86);
    for (i = 0; i < p->n_age; i++) {
        double yc = fc_ck_pos(&g.y, (double)(p->n_age - 1 - i));
        double x0 = fc_ck_pos(&g.x, 0);
        double xm = fc_ck_pos(&g.x, -p->male[i] * sb);
        double xf = fc_ck_pos(&g.x, p->female[i] * sb);
        cairo_rectangle(c->cr, c->ox + xm, c->oy + yc - fill_h / 2, x0 - xm, fill_h);
        fc_ck_rgb(c, fc_ck_tint(male, 0.2));
        cairo_fill(c->cr);
        cairo_rectangle(c->cr, c->ox + x0, c->oy + yc - fill_h / 2, xf - x0, fill_h);
        fc_ck_rgb(c, fc_ck_tint(female, 0.2));
        cairo_fill(c->cr);
    }
    if (p->male_cmp) {
        outline(c, &g, p->male_cmp, p->n_age, -1, sc);
        outline(c, &g, p->female_cmp, p->n_age, 1, sc);
    }
    fc_ck_xy_axes(c, &g);
    st = fc_ck_status(c, "cannot draw pyramid", err);
done:
    free(cats);
    return st;
}
