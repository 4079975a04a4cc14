/* text.c: chart text with Pango: measuring, drawing and spreading labels apart (chart_int.h). */
#include "plots/chart_int.h"

/* ================================================================================ text */

static double
role_size(const fc_chart *c, fc_ck_role role)
{
    switch (role) {
    case FC_CK_TICK:
        return c->font_pt;
    case FC_CK_LABEL:
        return c->font_pt * 1.05;
    case FC_CK_SUB:
        return c->font_pt * 1.1;
    case FC_CK_TITLE:
        return c->font_pt * 1.45;
    case FC_CK_NOTE:
        return c->font_pt;
    }
    return c->font_pt;
}

void
fc_ck_text_set_bold(fc_chart *c, const char *s, fc_ck_role role, double wrap_w, int align, int bold)
{
    pango_font_description_set_absolute_size(c->desc, role_size(c, role) * PANGO_SCALE);
    pango_font_description_set_weight(c->desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(c->layout, c->desc);
    pango_layout_set_text(c->layout, s ? s : "", -1);
    pango_layout_set_width(c->layout, wrap_w > 0 ? (int)(wrap_w * PANGO_SCALE) : -1);
    pango_layout_set_wrap(c->layout, PANGO_WRAP_WORD_CHAR);
    /* wrapped text takes at most a few lines, the rest cut with an ellipsis, so that a long
     * name (an area code of 256 characters) shortens a title or a legend key instead of
     * crowding out the plot; wrapped category labels are laid out by the axes (frame.c) */
    {
        const int lines = wrap_w <= 0 || role == FC_CK_TICK || c->page ? 0
                          : role == FC_CK_LABEL                  ? 2
                                                                 : 3;
        pango_layout_set_ellipsize(c->layout, lines ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
        pango_layout_set_height(c->layout, lines ? -lines : -1);
    }
    pango_layout_set_alignment(c->layout, align == 1   ? PANGO_ALIGN_CENTER
                                          : align == 2 ? PANGO_ALIGN_RIGHT
                                                       : PANGO_ALIGN_LEFT);
}

void
fc_ck_text_set(fc_chart *c, const char *s, fc_ck_role role, double wrap_w, int align)
{
    fc_ck_text_set_bold(c, s, role, wrap_w, align, role == FC_CK_TITLE);
}

void
fc_ck_text_size(fc_chart *c, double *w, double *h)
{
    PangoRectangle logical;
    pango_layout_get_extents(c->layout, NULL, &logical);
    if (w)
        *w = (double)logical.width / PANGO_SCALE;
    if (h)
        *h = (double)logical.height / PANGO_SCALE;
}

double
fc_ck_text_width(fc_chart *c, const char *s, fc_ck_role role)
{
    double w;
    fc_ck_text_set(c, s, role, 0, 0);
    fc_ck_text_size(c, &w, NULL);
    return w;
}

double
fc_ck_text_width_bold(fc_chart *c, const char *s, fc_ck_role role)
{
    double w;
    fc_ck_text_set_bold(c, s, role, 0, 0, 1);
    fc_ck_text_size(c, &w, NULL);
    return w;
}

fc_rgb
fc_ck_ink_of(fc_rgb col)
{
    /* relative luminance (sRGB weights, ignoring gamma: enough to rank hues) */
    double lum = 0.2126 * col.r + 0.7152 * col.g + 0.0722 * col.b, f;
    f = lum > 0.45 ? 0.45 / lum : 0.9;
    col.r *= f;
    col.g *= f;
    col.b *= f;
    return col;
}

fc_rgb
fc_ck_line_of(fc_rgb col)
{
    double lum = 0.2126 * col.r + 0.7152 * col.g + 0.0722 * col.b;
    if (lum > 0.75) {
        col.r *= 0.75;
        col.g *= 0.75;
        col.b *= 0.75;
    }
    return col;
}

void
fc_ck_text_show(fc_chart *c, double x, double y, double ax, double ay, double angle, fc_rgb col)
{
    PangoRectangle logical;
    double w, h;
    pango_layout_get_extents(c->layout, NULL, &logical);
    w = (double)logical.width / PANGO_SCALE;
    h = (double)logical.height / PANGO_SCALE;
    cairo_save(c->cr);
    cairo_translate(c->cr, c->ox + x, c->oy + y);
    if (angle != 0)
        cairo_rotate(c->cr, angle);
    /* the logical box may start right of the layout origin when text is aligned */
    cairo_move_to(c->cr, -ax * w - (double)logical.x / PANGO_SCALE, -ay * h);
    cairo_set_source_rgb(c->cr, col.r, col.g, col.b);
    pango_cairo_show_layout(c->cr, c->layout);
    cairo_restore(c->cr);
}

void
fc_ck_text_halo(fc_chart *c, double x, double y, double ax, double ay, fc_rgb col)
{
    PangoRectangle logical;
    double w, h;
    pango_layout_get_extents(c->layout, NULL, &logical);
    w = (double)logical.width / PANGO_SCALE;
    h = (double)logical.height / PANGO_SCALE;
    cairo_save(c->cr);
    cairo_new_path(c->cr);
    cairo_move_to(c->cr, c->ox + x - ax * w - (double)logical.x / PANGO_SCALE, c->oy + y - ay * h);
    pango_cairo_layout_path(c->cr, c->layout);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_set_line_width(c->cr, 3);
    cairo_set_line_join(c->cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(c->cr);
    cairo_restore(c->cr);
    fc_ck_text_show(c, x, y, ax, ay, 0, col);
}

void
fc_ck_text(fc_chart *c, const char *s, fc_ck_role role, double x, double y, double ax, double ay,
           fc_rgb col)
{
    fc_ck_text_set(c, s, role, 0, 0);
    fc_ck_text_show(c, x, y, ax, ay, 0, col);
}

/* ====================================================================== label spreading */

void
fc_ck_spread(const double y[], double out[], size_t n, double h, double lo, double hi)
{
    size_t *ord, i, j, pass;
    if (n == 0)
        return;
    ord = calloc(n, sizeof *ord);
    for (i = 0; i < n; i++)
        out[i] = y[i];
    if (ord == NULL)
        return;
    for (i = 0; i < n; i++)
        ord[i] = i;
    for (i = 1; i < n; i++) /* insertion sort by wanted position */
        for (j = i; j > 0 && y[ord[j]] < y[ord[j - 1]]; j--) {
            size_t t = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = t;
        }
    /* relax: push apart downwards, then pull back inside [lo, hi] upwards */
    for (pass = 0; pass < 4; pass++) {
        for (i = 0; i < n; i++) {
            double *p = &out[ord[i]];
            if (*p < lo + h / 2)
                *p = lo + h / 2;
            if (i > 0 && *p < out[ord[i - 1]] + h)
                *p = out[ord[i - 1]] + h;
        }
        for (i = n; i-- > 0;) {
            double *p = &out[ord[i]];
            if (*p > hi - h / 2)
                *p = hi - h / 2;
            if (i + 1 < n && *p > out[ord[i + 1]] - h)
                *p = out[ord[i + 1]] - h;
        }
    }
    free(ord);
}

