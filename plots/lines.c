/* lines.c: projection lines and fan charts (see lines.h): nested bands under each principal
 * line, history darker than projection, lines labelled directly at their right-hand end.
 */
#include "plots/lines.h"

#include <math.h>
#include <stdlib.h>

#include "plots/chart_int.h"

static fc_rgb
darken(fc_rgb c, double f)
{
    c.r *= f;
    c.g *= f;
    c.b *= f;
    return c;
}

static fc_status
check(const fc_lines *l, double *ylo, double *yhi, fc_err *err)
{
    size_t i, k;
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    if (l == NULL || l->x == NULL || l->n_x < 2 || l->n_series == 0 || l->series == NULL)
        return FC_FAIL(err, FC_EINVAL, "line chart needs x values and at least one series");
    for (i = 0; i < l->n_x; i++) {
        if (!isfinite(l->x[i]) || (i > 0 && !(l->x[i] > l->x[i - 1])))
            return FC_FAIL(err, FC_EDATA,
                           "line chart x values must be finite and ascending "
                           "(x[%zu] = %g)",
                           i, l->x[i]);
    }
    for (k = 0; k < l->n_series; k++) {
        const fc_series *s = &l->series[k];
        if (s->y == NULL || (s->lo == NULL) != (s->hi == NULL) ||
            (s->lo2 == NULL) != (s->hi2 == NULL))
            return FC_FAIL(err, FC_EINVAL, "series %zu needs y and paired band arrays", k);
        for (i = 0; i < l->n_x; i++) {
            const double *arr[5] = {s->y, s->lo, s->hi, s->lo2, s->hi2};
            size_t a;
            if (s->lo && s->lo[i] > s->hi[i])
                return FC_FAIL(err, FC_EDATA, "series '%s' band is inverted at x = %g",
                               s->name ? s->name : "?", l->x[i]);
            for (a = 0; a < 5; a++) {
                double v;
                if (arr[a] == NULL)
                    continue;
                v = arr[a][i];
                if (isinf(v))
                    return FC_FAIL(err, FC_EDATA, "series '%s' is infinite at x = %g",
                                   s->name ? s->name : "?", l->x[i]);
                if (isnan(v))
                    continue;
                if (l->log_y && v <= 0)
                    return FC_FAIL(err, FC_EDATA, "series '%s' has %g on a log axis",
                                   s->name ? s->name : "?", v);
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
    }
    if (!(lo <= hi))
        return FC_FAIL(err, FC_EDATA, "line chart has no finite values");
    *ylo = lo;
    *yhi = hi;
    return FC_OK;
}

/* Fills the band between a and b (NaN splits the band). */
static void
band(fc_chart *c, const fc_ck_xy *g, const double *x, const double *a, const double *b, size_t n,
     fc_rgb col, double alpha)
{
    size_t i = 0, j, k;
    while (i < n) {
        while (i < n && (isnan(a[i]) || isnan(b[i])))
            i++;
        j = i;
        while (j < n && !isnan(a[j]) && !isnan(b[j]))
            j++;
        if (j > i) {
            cairo_new_path(c->cr);
            for (k = i; k < j; k++)
                cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, x[k]),
                              c->oy + fc_ck_pos(&g->y, b[k]));
            for (k = j; k-- > i;)
                cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, x[k]),
                              c->oy + fc_ck_pos(&g->y, a[k]));
            cairo_close_path(c->cr);
            fc_ck_rgba(c, col, alpha);
            cairo_fill(c->cr);
        }
        i = j;
    }
}

/* Strokes y over x for x in [xa, xb] (NaN gaps break the line). */
static void
polyline(fc_chart *c, const fc_ck_xy *g, const double *x, const double *y, size_t n, double xa,
         double xb)
{
    size_t i;
    int pen = 0;
    cairo_new_path(c->cr);
    for (i = 0; i < n; i++) {
        if (isnan(y[i]) || x[i] < xa || x[i] > xb) {
            pen = 0;
            continue;
        }
        if (pen)
            cairo_line_to(c->cr, c->ox + fc_ck_pos(&g->x, x[i]), c->oy + fc_ck_pos(&g->y, y[i]));
        else
            cairo_move_to(c->cr, c->ox + fc_ck_pos(&g->x, x[i]), c->oy + fc_ck_pos(&g->y, y[i]));
        pen = 1;
    }
    cairo_stroke(c->cr);
}

/* The shaded projected part after x_split and the dashed reference years, each labelled. */
static void
x_markers(fc_chart *c, const fc_lines *l, const fc_ck_xy *g, int have_split)
{
    if (have_split) {
        double xs = fc_ck_pos(&g->x, l->x_split);
        cairo_rectangle(c->cr, c->ox + xs, c->oy + g->plot.y0, g->plot.x1 - xs,
                        g->plot.y1 - g->plot.y0);
        cairo_set_source_rgba(c->cr, 0.5, 0.5, 0.5, 0.07);
        cairo_fill(c->cr);
        fc_ck_vline_dash(c, g, xs, fc_rgb_hex(FC_CK_INK2), 0.8, 3, 3);
        fc_ck_text(c, "Projected \xe2\x86\x92", FC_CK_TICK, xs + 4, g->plot.y0 + 2, 0, 0,
                   fc_rgb_hex(FC_CK_INK2));
    }
    for (size_t i = 0; i < l->n_xref; i++) {
        double xr = fc_ck_pos(&g->x, l->xref[i]);
        if (!(xr >= g->plot.x0 && xr <= g->plot.x1))
            continue;
        fc_ck_dashed_vline(c, g, xr, fc_rgb_hex(FC_CK_INK2), 1);
        if (l->xref_labels && l->xref_labels[i])
            fc_ck_text(c, l->xref_labels[i], FC_CK_TICK, xr + 3, g->plot.y0 + 2, 0, 0,
                       fc_rgb_hex(FC_CK_INK2));
    }
}

/* The bands, then the lines (darker before x_split when there is one), clipped to the plot. */
static void
draw_series(fc_chart *c, const fc_lines *l, const fc_ck_xy *g, int have_split)
{
    fc_ck_clip(c, g);
    for (size_t k = 0; k < l->n_series; k++) {
        const fc_series *s = &l->series[k];
        fc_rgb col = fc_palette_get(c->pal, s->name);
        if (s->lo)
            band(c, g, l->x, s->lo, s->hi, l->n_x, col, 0.20);
        if (s->lo2)
            band(c, g, l->x, s->lo2, s->hi2, l->n_x, col, 0.22);
    }
    cairo_set_line_join(c->cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(c->cr, CAIRO_LINE_CAP_ROUND);
    for (size_t k = 0; k < l->n_series; k++) {
        const fc_series *s = &l->series[k];
        fc_rgb col = fc_ck_line_of(fc_palette_get(c->pal, s->name));
        double dash[] = {6, 3.5};
        cairo_save(c->cr);
        if (s->dashed)
            cairo_set_dash(c->cr, dash, 2, 0);
        cairo_set_line_width(c->cr, 2.0);
        if (have_split) {
            fc_ck_rgb(c, darken(col, 0.6));
            polyline(c, g, l->x, s->y, l->n_x, -HUGE_VAL, l->x_split);
            fc_ck_rgb(c, col);
            polyline(c, g, l->x, s->y, l->n_x, l->x_split, HUGE_VAL);
        } else {
            fc_ck_rgb(c, col);
            polyline(c, g, l->x, s->y, l->n_x, -HUGE_VAL, HUGE_VAL);
        }
        cairo_restore(c->cr);
    }
    cairo_restore(c->cr);
}

/* Each line's name at its last value, beside the plot, spread apart (want: where the lines
 * end, placed: where the names go; scratch of n_series each), with a leader where moved. */
static void
end_labels(fc_chart *c, const fc_lines *l, const fc_ck_xy *g, double *want, double *placed,
           const char **names)
{
    double th;
    fc_ck_text_set(c, "Ag", FC_CK_LABEL, 0, 0);
    fc_ck_text_size(c, NULL, &th);
    for (size_t k = 0; k < l->n_series; k++) {
        const double *y = l->series[k].y;
        want[k] = (double)NAN;
        for (size_t i = l->n_x; i-- > 0;)
            if (!isnan(y[i])) {
                want[k] = fc_ck_pos(&g->y, y[i]);
                break;
            }
        if (isnan(want[k]))
            want[k] = g->plot.y1;
        names[k] = l->series[k].name;
    }
    fc_ck_side_labels(c, g, names, want, placed, l->n_series, g->plot.y1 + th / 2);
}

fc_status
fc_lines_draw(fc_chart *c, const fc_lines *l, fc_err *err)
{
    fc_ck_xy g = {0};
    fc_ck_box b;
    fc_ck_key *keys = NULL;
    double ylo = 0, yhi = 0, lab_w = 0, *want = NULL, *placed = NULL;
    const char **names = NULL;
    int direct, have_split;
    size_t k, nk = 0, first_band = (size_t)-1, first_band2 = (size_t)-1, nbanded = 0;
    fc_status st;

    if ((st = check(l, &ylo, &yhi, err)) != FC_OK)
        return st;
    if (l->y_min < l->y_max) {
        ylo = l->y_min;
        yhi = l->y_max;
    } else if (l->y_from_zero && !l->log_y) {
        ylo = fmin(ylo, 0);
        yhi = fmax(yhi, 0);
    }
    have_split = isfinite(l->x_split) && l->x_split > l->x[0] && l->x_split < l->x[l->n_x - 1];
    want = calloc(l->n_series, sizeof *want);
    placed = calloc(l->n_series, sizeof *placed);
    names = calloc(l->n_series, sizeof *names);
    keys = calloc(l->n_series + 2, sizeof *keys);
    if (want == NULL || placed == NULL || names == NULL || keys == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing lines");
        goto done;
    }
    for (k = 0; k < l->n_series; k++) {
        double w = fc_ck_text_width_bold(c, l->series[k].name, FC_CK_LABEL);
        lab_w = fmax(lab_w, w);
        if (l->series[k].lo && first_band == (size_t)-1)
            first_band = k;
        if (l->series[k].lo2 && first_band2 == (size_t)-1)
            first_band2 = k;
    }
    /* label lines at their ends when the names are short and few enough to stack beside
     * the plot; otherwise a legend above it */
    direct = lab_w <= c->w * 0.26 && (double)l->n_series * c->font_pt * 1.4 <= c->h * 0.45;

    b = fc_ck_frame(c, &l->text);
    if (!direct)
        for (k = 0; k < l->n_series; k++) {
            fc_rgb col = fc_ck_line_of(fc_palette_get(c->pal, l->series[k].name));
            keys[nk++] = (fc_ck_key){l->series[k].name, col,
                                     l->series[k].dashed ? FC_KEY_DASH : FC_KEY_LINE, 0, 0};
        }
    /* a band's key takes its series' hue; with bands in several hues, a neutral grey (each
     * band is drawn in its own line's hue) */
    for (k = 0; k < l->n_series; k++)
        nbanded += l->series[k].lo != NULL || l->series[k].lo2 != NULL;
    if (first_band2 != (size_t)-1)
        keys[nk++] = (fc_ck_key){l->band2_label ? l->band2_label : "P25\xe2\x80\x93P75",
                                 nbanded > 1 ? fc_rgb_hex(FC_CK_TOTAL)
                                             : fc_palette_get(c->pal, l->series[first_band2].name),
                                 FC_KEY_BAND, 0.40, 0};
    if (first_band != (size_t)-1)
        keys[nk++] = (fc_ck_key){l->band_label ? l->band_label : "P10\xe2\x80\x93P90",
                                 nbanded > 1 ? fc_rgb_hex(FC_CK_TOTAL)
                                             : fc_palette_get(c->pal, l->series[first_band].name),
                                 FC_KEY_BAND, 0.20, 0};
    fc_ck_legend(c, &b, keys, nk);

    g.x.lo = l->x[0];
    g.x.hi = l->x[l->n_x - 1];
    g.x.fk = l->x_fmt;
    g.x.exact = l->x_fmt == FC_FMT_YEAR || l->x_fmt == FC_FMT_FYEAR;
    g.x.title = l->text.x_title;
    g.y.lo = ylo;
    g.y.hi = yhi;
    g.y.fk = l->y_fmt;
    g.y.log = l->log_y;
    g.y.grid = 1;
    g.y.title = l->text.y_title;
    if (l->y_min < l->y_max)
        g.y.exact = 1;
    g.right_pad = direct ? lab_w + 12 : 4;
    if ((st = fc_ck_xy_layout(c, &g, b, err)) != FC_OK)
        goto done;
    fc_ck_xy_grid(c, &g);

    x_markers(c, l, &g, have_split);
    draw_series(c, l, &g, have_split);
    if (direct)
        end_labels(c, l, &g, want, placed, names);
    fc_ck_xy_axes(c, &g);
    st = fc_ck_status(c, "cannot draw line chart", err);
done:
    free(keys);
    free(want);
    free(placed);
    free(names);
    return st;
}
