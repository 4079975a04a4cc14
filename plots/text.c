/* text.c: chart text with Pango: measuring, drawing and spreading labels apart (chart_int.h). */
#include <stdarg.h>

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
    /* the series' hue darkened in steps until it reaches WCAG's 4.5:1 against white, with a
     * margin for the 8-bit rounding of the PNG (a colour already that dark is kept) */
    for (int k = 0; k < 64 && fc_rgb_contrast(col, fc_rgb_hex(0xFFFFFFu)) < 4.6; k++) {
        col.r *= 0.94;
        col.g *= 0.94;
        col.b *= 0.94;
    }
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
    { /* the box as drawn: rotated text's upright bounding box */
        const double ca = fabs(cos(angle)), sa = fabs(sin(angle));
        const double cx = (0.5 - ax) * w, cy = (0.5 - ay) * h;
        const double mx = x + cx * cos(angle) - cy * sin(angle);
        const double my = y + cx * sin(angle) + cy * cos(angle);
        const double hw = 0.5 * (ca * w + sa * h), hh = 0.5 * (sa * w + ca * h);
        if (w > 0 && h > 0 && fc_ck_note_box(c, mx - hw, my - hh, mx + hw, my + hh, 0))
            c->boxes[c->nbox - 1].ink = col;
    }
    cairo_save(c->cr);
    cairo_translate(c->cr, c->ox + x, c->oy + y);
    if (angle != 0)
        cairo_rotate(c->cr, angle);
    /* the logical box may start right of the layout origin when text is aligned */
    cairo_move_to(c->cr, -ax * w - (double)logical.x / PANGO_SCALE, -ay * h);
    cairo_set_source_rgb(c->cr, col.r, col.g, col.b);
    if (c->format == FC_CHART_SVG && !c->borrowed)
        fc_ck_svg_text(c, c->ox + x, c->oy + y, angle, -ax * w - (double)logical.x / PANGO_SCALE,
                       -ay * h, col, 0);
    else
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
    if (c->format == FC_CHART_SVG && !c->borrowed) { /* the halo is the text's own stroke */
        fc_ck_svg_text(c, c->ox + x, c->oy + y, 0, -ax * w - (double)logical.x / PANGO_SCALE,
                       -ay * h, col, 1);
        return;
    }
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

/* ============================================================================ SVG text */

/* Appends n bytes to the canvas's <text> list; 0 (and out_nomem set) when memory runs out. */
static int
svgt_put(fc_chart *c, const char *s, size_t n)
{
    if (c->out_nomem)
        return 0;
    if (!fc_ck_buf_add(&c->svgt, &c->svgt_len, &c->svgt_cap, 4096, s, n))
        c->out_nomem = 1;
    return !c->out_nomem;
}

static int svgt_fmt(fc_chart *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
svgt_fmt(fc_chart *c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < sizeof buf && svgt_put(c, buf, (size_t)n);
}

/* Appends s[0..n) with XML's special characters escaped. */
static int
svgt_xml(fc_chart *c, const char *s, size_t n)
{
    size_t i, run = 0;
    for (i = 0; i < n; i++) {
        const char *e = s[i] == '&'   ? "&amp;"
                        : s[i] == '<' ? "&lt;"
                        : s[i] == '>' ? "&gt;"
                        : s[i] == '"' ? "&quot;"
                                      : NULL;
        if (e && !(svgt_put(c, s + run, i - run) && svgt_put(c, e, strlen(e))))
            return 0;
        if (e)
            run = i + 1;
    }
    return svgt_put(c, s + run, n - run);
}

/* The text Pango shows on one laid-out line: its runs' slices of the layout text, with an
 * ellipsis where Pango cut the text short; trailing spaces dropped. */
static int
svgt_line(fc_chart *c, PangoLayoutLine *line, const char *text)
{
    GSList *r;
    for (r = line->runs; r; r = r->next) {
        const PangoGlyphItem *run = r->data;
        const PangoItem *item = run->item;
        if (item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS) {
            if (!svgt_put(c, "\xE2\x80\xA6", 3))
                return 0;
        } else {
            size_t n = (size_t)item->length;
            if (r->next == NULL)
                while (n > 0 && text[item->offset + (int)n - 1] == ' ')
                    n--;
            if (!svgt_xml(c, text + item->offset, n))
                return 0;
        }
    }
    return 1;
}

void
fc_ck_svg_text(fc_chart *c, double tx, double ty, double angle, double x, double y, fc_rgb col,
               int halo)
{
    const char *text = pango_layout_get_text(c->layout);
    const double size = (double)pango_font_description_get_size(c->desc) / PANGO_SCALE;
    const int bold = pango_font_description_get_weight(c->desc) >= PANGO_WEIGHT_BOLD;
    PangoLayoutIter *it;
    int ok = 1;

    if (angle == 0) {
        x += tx;
        y += ty;
    }
    it = pango_layout_get_iter(c->layout);
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle lr;
        if (line == NULL || line->length == 0)
            continue;
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        ok = svgt_fmt(c, "<text x=\"%.2f\" y=\"%.2f\"", x + (double)lr.x / PANGO_SCALE,
                      y + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE) &&
             (angle == 0 ||
              svgt_fmt(c, " transform=\"translate(%.2f %.2f) rotate(%.2f)\"", tx, ty,
                       angle * 180 / FC_CK_PI)) &&
             svgt_put(c, " font-family=\"", 14) && svgt_xml(c, c->font, strlen(c->font)) &&
             svgt_fmt(c, ", sans-serif\" font-size=\"%.2f\"%s fill=\"#%02x%02x%02x\"%s>", size,
                      bold ? " font-weight=\"bold\"" : "", (unsigned)lround(col.r * 255),
                      (unsigned)lround(col.g * 255), (unsigned)lround(col.b * 255),
                      halo ? " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\""
                             " paint-order=\"stroke\""
                           : "") &&
             svgt_line(c, line, text) && svgt_put(c, "</text>\n", 8);
    } while (ok && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
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


void
fc_ck_side_labels(fc_chart *c, const fc_ck_xy *g, const char *const *names, const double *want,
                  double *placed, size_t n, double hi)
{
    double th;
    fc_ck_text_set(c, "Ag", FC_CK_LABEL, 0, 0);
    fc_ck_text_size(c, NULL, &th);
    fc_ck_spread(want, placed, n, th, g->plot.y0, hi);
    for (size_t k = 0; k < n; k++) {
        fc_rgb col = fc_palette_get(c->pal, names[k]);
        if (fabs(placed[k] - want[k]) > 2) {
            cairo_move_to(c->cr, c->ox + g->plot.x1 + 1, c->oy + want[k]);
            cairo_line_to(c->cr, c->ox + g->plot.x1 + 6, c->oy + placed[k]);
            cairo_set_line_width(c->cr, 0.6);
            fc_ck_rgb(c, fc_rgb_hex(FC_CK_INK2));
            cairo_stroke(c->cr);
        }
        fc_ck_text_set_bold(c, names[k], FC_CK_LABEL, 0, 0, 1);
        fc_ck_text_show(c, g->plot.x1 + 8, placed[k], 0, 0.5, 0, fc_ck_ink_of(col));
    }
}
