/* chart.c: the chart canvas: its lifecycle on PNG/SVG/PDF surfaces, accessors, drawing and
 * legends (see chart.h). The palette is palette.c, the encoders encode.c, Pango text text.c
 * and the measured x/y axis layout frame.c; chart_int.h is what they share.
 */
#include "plots/chart_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

/* =========================================================================== lifecycle */

static void
opts_defaults(fc_chart *c, const fc_chart_opts *opts, double *w, double *h, double *dpi)
{
    const char *font = opts && opts->font ? opts->font : "DejaVu Sans";
    const char *date = opts && opts->date ? opts->date : "2000-01-01T00:00:00";
    *w = opts && opts->width_pt > 0 ? opts->width_pt : 482;
    *h = opts && opts->height_pt > 0 ? opts->height_pt : 300;
    *dpi = opts && opts->dpi > 0 ? opts->dpi : 150;
    c->font_pt = opts && opts->font_pt > 0 ? opts->font_pt : 9;
    snprintf(c->font, sizeof c->font, "%s", font);
    snprintf(c->date, sizeof c->date, "%s", date);
}

/* Pango context with hinting off, so text measures the same on every surface and scale. */
static fc_status
text_init(fc_chart *c, fc_err *err)
{
    cairo_font_options_t *fo;
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    c->pctx = pango_font_map_create_context(fm);
    if (c->pctx == NULL)
        return FC_FAIL(err, FC_ENOMEM, "cannot create a Pango context");
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(c->pctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(c->pctx, 72.0);
    pango_context_set_round_glyph_positions(c->pctx, FALSE);
    c->layout = pango_layout_new(c->pctx);
    c->desc = pango_font_description_new();
    if (c->layout == NULL || c->desc == NULL)
        return FC_FAIL(err, FC_ENOMEM, "cannot create a Pango layout");
    pango_font_description_set_family(c->desc, c->font);
    return FC_OK;
}


static fc_status
chart_new(fc_chart **out, fc_palette *pal, fc_chart **cp, fc_err *err)
{
    fc_chart *c = calloc(1, sizeof *c);
    fc_status st;
    (void)out;
    if (c == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory allocating a chart");
    c->pal = pal;
    if (pal == NULL) {
        if ((st = fc_palette_alloc(&c->own_pal, err)) != FC_OK) {
            free(c);
            return st;
        }
        c->pal = c->own_pal;
    }
    *cp = c;
    return FC_OK;
}

fc_status
fc_chart_alloc(fc_chart **out, fc_chart_format format, const fc_sink *sink,
               const fc_chart_opts *opts, fc_palette *pal, fc_err *err)
{
    fc_chart *c = NULL;
    double w, h, dpi;
    fc_status st;
    cairo_status_t cs;

    if (out == NULL || ((sink == NULL || sink->write == NULL) && format != FC_CHART_PNG))
        return FC_FAIL(err, FC_EINVAL, "a vector chart needs a sink for its bytes");
    if ((st = chart_new(out, pal, &c, err)) != FC_OK)
        return st;
    opts_defaults(c, opts, &w, &h, &dpi);
    if (!(w >= 36 && w <= 14400 && h >= 36 && h <= 14400 && dpi >= 36 && dpi <= 1200)) {
        st = FC_FAIL(err, FC_EINVAL, "chart size %gx%g pt at %g dpi is out of range", w, h, dpi);
        goto fail;
    }
    c->format = format;
    c->w = w;
    c->h = h;
    c->scale = 1;
    if (sink)
        c->sink = *sink;
    switch (format) {
    case FC_CHART_PNG:
        c->scale = dpi / 72.0;
        c->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)lround(w * c->scale),
                                                (int)lround(h * c->scale));
        break;
    case FC_CHART_SVG:
        c->surface = cairo_svg_surface_create_for_stream(fc_ck_out_write, c, w, h);
        if (cairo_surface_status(c->surface) == CAIRO_STATUS_SUCCESS)
            cairo_svg_surface_restrict_to_version(c->surface, CAIRO_SVG_VERSION_1_1);
        break;
    case FC_CHART_PDF:
        c->surface = cairo_pdf_surface_create_for_stream(fc_ck_sink_write, c, w, h);
        if (cairo_surface_status(c->surface) == CAIRO_STATUS_SUCCESS) {
            cairo_pdf_surface_set_metadata(c->surface, CAIRO_PDF_METADATA_CREATE_DATE, c->date);
            cairo_pdf_surface_set_metadata(c->surface, CAIRO_PDF_METADATA_MOD_DATE, c->date);
            cairo_pdf_surface_set_metadata(c->surface, CAIRO_PDF_METADATA_CREATOR, "Fulcrum");
        }
        break;
    default:
        st = FC_FAIL(err, FC_EINVAL, "unknown chart format %d", (int)format);
        goto fail;
    }
    cs = cairo_surface_status(c->surface);
    if (cs != CAIRO_STATUS_SUCCESS) {
        st = FC_FAIL(err, FC_EIO, "cannot create the chart surface: %s",
                     cairo_status_to_string(cs));
        goto fail;
    }
    c->cr = cairo_create(c->surface);
    if (c->scale != 1)
        cairo_scale(c->cr, c->scale, c->scale);
    if ((st = text_init(c, err)) != FC_OK)
        goto fail;
    if ((st = fc_ck_status(c, "create chart", err)) != FC_OK)
        goto fail;
    *out = c;
    return FC_OK;
fail:
    fc_chart_free(c);
    return st;
}

fc_status
fc_chart_alloc_cairo(fc_chart **out, cairo_t *cr, double x, double y, double w, double h,
                     const fc_chart_opts *opts, fc_palette *pal, fc_err *err)
{
    fc_chart *c = NULL;
    double w0, h0, dpi;
    fc_status st;

    if (out == NULL || cr == NULL || !(w >= 36 && h >= 36))
        return FC_FAIL(err, FC_EINVAL, "bad chart region %gx%g pt", w, h);
    if ((st = chart_new(out, pal, &c, err)) != FC_OK)
        return st;
    opts_defaults(c, opts, &w0, &h0, &dpi);
    c->format = FC_CHART_PDF;
    c->cr = cr;
    c->borrowed = 1;
    c->ox = x;
    c->oy = y;
    c->w = w;
    c->h = h;
    c->scale = 1;
    if ((st = text_init(c, err)) != FC_OK)
        goto fail;
    *out = c;
    return FC_OK;
fail:
    fc_chart_free(c);
    return st;
}

fc_status
fc_ck_status(fc_chart *c, const char *what, fc_err *err)
{
    cairo_status_t cs = cairo_status(c->cr);
    if (c->sink_failed) /* a PDF streams while drawing: the sink's failure comes first */
        return FC_FAIL(err, FC_EIO, "cannot write the PDF chart");
    if (cs == CAIRO_STATUS_SUCCESS && c->surface)
        cs = cairo_surface_status(c->surface);
    if (cs != CAIRO_STATUS_SUCCESS)
        return FC_FAIL(err, FC_EIO, "%s: %s", what, cairo_status_to_string(cs));
    return FC_OK;
}

fc_status
fc_chart_finish(fc_chart *c, fc_err *err)
{
    fc_status st;
    cairo_status_t cs;

    if (c == NULL)
        return FC_FAIL(err, FC_EINVAL, "no chart to finish");
    if ((st = fc_ck_status(c, "cannot draw chart", err)) != FC_OK || c->borrowed)
        return st;
    if (c->format == FC_CHART_PNG) {
        cairo_surface_flush(c->surface);
        if (c->sink.write) {
            c->out_len = 0;
            cs = cairo_surface_write_to_png_stream(c->surface, fc_ck_out_write, c);
            if (c->out_nomem)
                return FC_FAIL(err, FC_ENOMEM, "out of memory encoding the PNG chart");
            if (cs != CAIRO_STATUS_SUCCESS)
                return FC_FAIL(err, FC_EIO, "cannot encode the PNG chart: %s",
                               cairo_status_to_string(cs));
            return fc_ck_png_save(c, err);
        }
        return FC_OK;
    }
    cairo_show_page(c->cr);
    if ((st = fc_ck_status(c, "cannot draw chart", err)) != FC_OK)
        return st;
    cairo_surface_finish(c->surface);
    cs = cairo_surface_status(c->surface);
    if (c->out_nomem)
        return FC_FAIL(err, FC_ENOMEM, "out of memory encoding the SVG chart");
    if (c->sink_failed)
        return FC_FAIL(err, FC_EIO, "cannot write the PDF chart");
    if (cs != CAIRO_STATUS_SUCCESS)
        return FC_FAIL(err, FC_EIO, "cannot finish the chart: %s", cairo_status_to_string(cs));
    if (c->format == FC_CHART_SVG)
        return fc_ck_svg_save(c, err);
    return FC_OK;
}

static char *
dupstr(const char *s)
{
    char *d = s ? malloc(strlen(s) + 1) : NULL;
    if (d)
        strcpy(d, s);
    return d;
}

fc_status
fc_chart_describe(fc_chart *c, const char *title, const char *desc, fc_err *err)
{
    if (c == NULL)
        return FC_FAIL(err, FC_EINVAL, "no chart to describe");
    free(c->meta_title);
    free(c->meta_desc);
    c->meta_title = dupstr(title);
    c->meta_desc = dupstr(desc);
    if ((title && !c->meta_title) || (desc && !c->meta_desc))
        return FC_FAIL(err, FC_ENOMEM, "out of memory describing a chart");
    if (c->format == FC_CHART_PDF && !c->borrowed) {
        if (title)
            cairo_pdf_surface_set_metadata(c->surface, CAIRO_PDF_METADATA_TITLE, title);
        if (desc)
            cairo_pdf_surface_set_metadata(c->surface, CAIRO_PDF_METADATA_SUBJECT, desc);
    }
    return FC_OK;
}

void
fc_chart_free(fc_chart *c)
{
    if (c == NULL)
        return;
    if (c->desc)
        pango_font_description_free(c->desc);
    if (c->layout)
        g_object_unref(c->layout);
    if (c->pctx)
        g_object_unref(c->pctx);
    if (!c->borrowed) {
        if (c->cr)
            cairo_destroy(c->cr);
        if (c->surface)
            cairo_surface_destroy(c->surface);
    }
    fc_palette_free(c->own_pal);
    free(c->out);
    free(c->svgt);
    free(c->boxes);
    free(c->meta_title);
    free(c->meta_desc);
    free(c);
}

/* ============================================================================ accessors */

double
fc_chart_width(const fc_chart *c)
{
    return c->w;
}

double
fc_chart_height(const fc_chart *c)
{
    return c->h;
}

cairo_surface_t *
fc_chart_surface(const fc_chart *c)
{
    return c->surface;
}

const fc_chart_box *
fc_chart_boxes(const fc_chart *c, size_t *n)
{
    *n = c ? c->nbox : 0;
    return c && c->nbox ? c->boxes : NULL;
}

int
fc_ck_note_box(fc_chart *c, double x0, double y0, double x1, double y1, int mark)
{
    if (c->nbox == c->boxcap) {
        size_t cap = c->boxcap ? 2 * c->boxcap : 64;
        fc_chart_box *p = realloc(c->boxes, cap * sizeof *p);
        if (p == NULL)
            return 0;
        c->boxes = p;
        c->boxcap = cap;
    }
    c->boxes[c->nbox++] = (fc_chart_box){x0, y0, x1, y1, mark, !mark && c->labelling, {0, 0, 0}};
    return 1;
}

fc_status
fc_chart_map(const fc_chart *c, double xv, double yv, double *x_pt, double *y_pt)
{
    if (c == NULL || !c->drawn)
        return FC_EINVAL;
    *x_pt = fc_axis_scale_map(&c->sx, xv);
    *y_pt = fc_axis_scale_map(&c->sy, yv);
    return FC_OK;
}

void
fc_chart_plot_area(const fc_chart *c, double *x0, double *y0, double *x1, double *y1)
{
    *x0 = c->px0;
    *y0 = c->py0;
    *x1 = c->px1;
    *y1 = c->py1;
}

fc_status
fc_chart_pixel(fc_chart *c, double x_pt, double y_pt, fc_rgb *out, fc_err *err)
{
    unsigned char *data;
    int px, py, stride;
    uint32_t v;
    double a;

    if (c == NULL || c->format != FC_CHART_PNG || c->borrowed)
        return FC_FAIL(err, FC_EINVAL, "pixels can only be read from a PNG canvas");
    px = (int)floor(x_pt * c->scale);
    py = (int)floor(y_pt * c->scale);
    if (px < 0 || py < 0 || px >= cairo_image_surface_get_width(c->surface) ||
        py >= cairo_image_surface_get_height(c->surface))
        return FC_FAIL(err, FC_EINVAL, "point (%g, %g) pt is outside the chart", x_pt, y_pt);
    cairo_surface_flush(c->surface);
    data = cairo_image_surface_get_data(c->surface);
    stride = cairo_image_surface_get_stride(c->surface);
    memcpy(&v, data + (size_t)py * (size_t)stride + (size_t)px * 4, 4);
    a = (double)((v >> 24) & 0xFFu) / 255.0;
    if (a <= 0) {
        out->r = out->g = out->b = 1; /* transparent reads as the paper */
        return FC_OK;
    }
    out->r = (double)((v >> 16) & 0xFFu) / 255.0 / a;
    out->g = (double)((v >> 8) & 0xFFu) / 255.0 / a;
    out->b = (double)(v & 0xFFu) / 255.0 / a;
    return FC_OK;
}

/* ============================================================================= drawing */

void
fc_ck_rgb(fc_chart *c, fc_rgb col)
{
    cairo_set_source_rgb(c->cr, col.r, col.g, col.b);
}

void
fc_ck_rgba(fc_chart *c, fc_rgb col, double alpha)
{
    cairo_set_source_rgba(c->cr, col.r, col.g, col.b, alpha);
}

void
fc_ck_marker(fc_chart *c, int shape, double x, double y, double r, fc_rgb col)
{
    cairo_t *cr = c->cr;
    x += c->ox;
    y += c->oy;
    cairo_new_path(cr);
    switch (((shape % 5) + 5) % 5) {
    case 0:
        cairo_arc(cr, x, y, r, 0, 2 * FC_CK_PI);
        break;
    case 1:
        cairo_rectangle(cr, x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
        break;
    case 2:
        cairo_move_to(cr, x, y - r * 1.15);
        cairo_line_to(cr, x + r * 1.05, y + r * 0.75);
        cairo_line_to(cr, x - r * 1.05, y + r * 0.75);
        cairo_close_path(cr);
        break;
    case 3:
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r * 1.2, y);
        cairo_line_to(cr, x, y + r * 1.2);
        cairo_line_to(cr, x - r * 1.2, y);
        cairo_close_path(cr);
        break;
    default:
        cairo_move_to(cr, x, y + r * 1.15);
        cairo_line_to(cr, x + r * 1.05, y - r * 0.75);
        cairo_line_to(cr, x - r * 1.05, y - r * 0.75);
        cairo_close_path(cr);
        break;
    }
    fc_ck_rgb(c, col);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    fc_ck_note_box(c, x - c->ox - r * 1.2, y - c->oy - r * 1.2, x - c->ox + r * 1.2,
                   y - c->oy + r * 1.2, 1);
}

fc_ck_box
fc_ck_frame(fc_chart *c, const fc_chart_text *t)
{
    fc_ck_box b;
    double pad = 8, w, h;

    cairo_save(c->cr);
    cairo_rectangle(c->cr, c->ox, c->oy, c->w, c->h);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_fill(c->cr);
    cairo_restore(c->cr);
    if (t && t->title && c->format == FC_CHART_PDF && !c->borrowed)
        cairo_pdf_surface_set_metadata(c->surface, CAIRO_PDF_METADATA_TITLE, t->title);
    b.x0 = pad;
    b.y0 = pad;
    b.x1 = c->w - pad;
    b.y1 = c->h - pad;
    if (t && t->title && t->title[0]) {
        fc_ck_text_set(c, t->title, FC_CK_TITLE, b.x1 - b.x0, 0);
        fc_ck_text_size(c, NULL, &h);
        fc_ck_text_show(c, b.x0, b.y0, 0, 0, 0, fc_rgb_hex(FC_CK_INK));
        b.y0 += h + 2;
    }
    if (t && t->subtitle && t->subtitle[0]) {
        fc_ck_text_set(c, t->subtitle, FC_CK_SUB, b.x1 - b.x0, 0);
        fc_ck_text_size(c, NULL, &h);
        fc_ck_text_show(c, b.x0, b.y0, 0, 0, 0, fc_rgb_hex(FC_CK_INK2));
        b.y0 += h;
    }
    b.y0 += FC_CK_PAD;
    if (t && t->source && t->source[0]) {
        fc_ck_text_set(c, t->source, FC_CK_NOTE, b.x1 - b.x0, 0);
        fc_ck_text_size(c, &w, &h);
        fc_ck_text_show(c, b.x0, b.y1, 0, 1, 0, fc_rgb_hex(FC_CK_INK2));
        b.y1 -= h + FC_CK_PAD;
    }
    return b;
}

/* ============================================================================== legend */

static void
key_swatch(fc_chart *c, const fc_ck_key *k, double x, double y, double sw, double sh)
{
    cairo_t *cr = c->cr;
    double a = k->alpha > 0 ? k->alpha : 1;
    x += c->ox;
    y += c->oy;
    cairo_save(cr);
    switch (k->kind) {
    case FC_KEY_FILL:
    case FC_KEY_BAND:
        cairo_rectangle(cr, x, y + sh * 0.1, sw, sh * 0.8);
        fc_ck_rgba(c, k->col, a);
        cairo_fill(cr);
        break;
    case FC_KEY_OUTLINE:
        cairo_rectangle(cr, x + 0.75, y + sh * 0.1 + 0.75, sw - 1.5, sh * 0.8 - 1.5);
        fc_ck_rgb(c, k->col);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
        break;
    case FC_KEY_LINE:
    case FC_KEY_DASH:
        if (k->kind == FC_KEY_DASH) {
            double d[] = {4, 2.5};
            cairo_set_dash(cr, d, 2, 0);
        }
        cairo_move_to(cr, x, y + sh / 2);
        cairo_line_to(cr, x + sw, y + sh / 2);
        fc_ck_rgb(c, k->col);
        cairo_set_line_width(cr, 2);
        cairo_stroke(cr);
        break;
    case FC_KEY_POINT:
        cairo_restore(cr);
        fc_ck_marker(c, k->shape, x - c->ox + sw / 2, y - c->oy + sh / 2, 3.6, k->col);
        return;
    }
    cairo_restore(cr);
}

void
fc_ck_legend(fc_chart *c, fc_ck_box *b, const fc_ck_key *keys, size_t n)
{
    double x = b->x0, y = b->y0, sw = 14, gap = 5, sep = 14, row_h = 0, tw, th;
    size_t i;
    if (n == 0)
        return;
    for (i = 0; i < n; i++) {
        fc_ck_text_set(c, keys[i].label, FC_CK_LABEL, b->x1 - b->x0 - sw - gap, 0);
        fc_ck_text_size(c, &tw, &th);
        if (x > b->x0 && x + sw + gap + tw > b->x1) {
            x = b->x0;
            y += row_h + 3;
            row_h = 0;
        }
        key_swatch(c, &keys[i], x, y + (th - 10) / 2, sw, 10);
        fc_ck_text_show(c, x + sw + gap, y, 0, 0, 0, fc_rgb_hex(FC_CK_INK));
        x += sw + gap + tw + sep;
        if (th > row_h)
            row_h = th;
    }
    b->y0 = y + row_h + FC_CK_PAD;
}

