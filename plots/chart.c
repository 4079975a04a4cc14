/* chart.c: the chart kit: canvases on PNG/SVG/PDF surfaces, the palette, Pango text, the
 * chart frame, legends and the measured x/y axis layout (see chart.h and chart_int.h).
 */
#include "plots/chart_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

/* ============================================================================= colours */

fc_rgb
fc_rgb_hex(unsigned hex)
{
    fc_rgb c;
    c.r = (double)((hex >> 16) & 0xFFu) / 255.0;
    c.g = (double)((hex >> 8) & 0xFFu) / 255.0;
    c.b = (double)(hex & 0xFFu) / 255.0;
    return c;
}

fc_rgb
fc_rgb_ramp(double t)
{
    /* single-hue blue ramp (ColorBrewer Blues end points): #DEEBF7 -> #08519C */
    fc_rgb a = fc_rgb_hex(0xDEEBF7u), b = fc_rgb_hex(0x08519Cu), c;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    c.r = a.r + (b.r - a.r) * t;
    c.g = a.g + (b.g - a.g) * t;
    c.b = a.b + (b.b - a.b) * t;
    return c;
}

fc_rgb
fc_ck_tint(fc_rgb col, double t)
{
    col.r += (1 - col.r) * t;
    col.g += (1 - col.g) * t;
    col.b += (1 - col.b) * t;
    return col;
}

static const unsigned okabe_ito[FC_OKABE_ITO_N] = {
    FC_RGB_ORANGE,     FC_RGB_SKY,    FC_RGB_GREEN, FC_RGB_BLUE,
    FC_RGB_VERMILLION, FC_RGB_PURPLE, FC_RGB_BLACK, FC_RGB_YELLOW,
};

typedef struct pal_entry {
    char *name;
    fc_rgb col;
} pal_entry;

struct fc_palette {
    pal_entry *e;
    size_t n, cap;
    size_t next; /* next Okabe-Ito index to hand out */
};

void
fc_palette_free(fc_palette *pal)
{
    size_t i;
    if (pal == NULL)
        return;
    for (i = 0; i < pal->n; i++)
        free(pal->e[i].name);
    free(pal->e);
    free(pal);
}

static pal_entry *
pal_find(fc_palette *pal, const char *name)
{
    size_t i;
    for (i = 0; i < pal->n; i++)
        if (strcmp(pal->e[i].name, name) == 0)
            return &pal->e[i];
    return NULL;
}

static int
pal_used(const fc_palette *pal, fc_rgb col)
{
    size_t i;
    for (i = 0; i < pal->n; i++)
        if (pal->e[i].col.r == col.r && pal->e[i].col.g == col.g && pal->e[i].col.b == col.b)
            return 1;
    return 0;
}

static int
pal_add(fc_palette *pal, const char *name, fc_rgb col)
{
    pal_entry *e;
    if (pal->n == pal->cap) {
        size_t cap = pal->cap ? pal->cap * 2 : 16;
        e = realloc(pal->e, cap * sizeof *e);
        if (e == NULL)
            return -1;
        pal->e = e;
        pal->cap = cap;
    }
    e = &pal->e[pal->n];
    e->name = malloc(strlen(name) + 1);
    if (e->name == NULL)
        return -1;
    strcpy(e->name, name);
    e->col = col;
    pal->n++;
    return 0;
}

fc_status
fc_palette_set(fc_palette *pal, const char *name, fc_rgb colour, fc_err *err)
{
    pal_entry *e;
    if (pal == NULL || name == NULL)
        return FC_FAIL(err, FC_EINVAL, "palette and series name must not be NULL");
    e = pal_find(pal, name);
    if (e) {
        e->col = colour;
        return FC_OK;
    }
    if (pal_add(pal, name, colour) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory adding '%s' to the palette", name);
    return FC_OK;
}

fc_status
fc_palette_alloc(fc_palette **out, fc_err *err)
{
    fc_palette *pal = calloc(1, sizeof *pal);
    fc_status st = FC_OK;
    if (pal == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory allocating a palette");
    /* Sex pair: blue and orange, as in the pyramid; never red and green. */
    if ((st = fc_palette_set(pal, "Male", fc_rgb_hex(FC_RGB_BLUE), err)) != FC_OK)
        goto fail;
    if ((st = fc_palette_set(pal, "Female", fc_rgb_hex(FC_RGB_ORANGE), err)) != FC_OK)
        goto fail;
    *out = pal;
    return FC_OK;
fail:
    fc_palette_free(pal);
    return st;
}

fc_rgb
fc_palette_get(fc_palette *pal, const char *name)
{
    pal_entry *e;
    fc_rgb col;
    size_t k;
    if (pal == NULL || name == NULL)
        return fc_rgb_hex(FC_RGB_BLACK);
    e = pal_find(pal, name);
    if (e)
        return e->col;
    /* the next Okabe-Ito colour not yet taken; cycle when all are */
    col = fc_rgb_hex(okabe_ito[pal->next % FC_OKABE_ITO_N]);
    for (k = 0; k < FC_OKABE_ITO_N; k++) {
        fc_rgb cand = fc_rgb_hex(okabe_ito[(pal->next + k) % FC_OKABE_ITO_N]);
        if (!pal_used(pal, cand)) {
            col = cand;
            pal->next += k;
            break;
        }
    }
    pal->next++;
    if (pal_add(pal, name, col) != 0)
        return fc_rgb_hex(FC_RGB_BLACK);
    return col;
}

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

/* Cairo's SVG stream callback: collects the document in memory. */
static cairo_status_t
out_write(void *closure, const unsigned char *data, unsigned int length)
{
    fc_chart *c = closure;
    if (c->out_len + length + 1 > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 65536;
        char *p;
        while (cap < c->out_len + length + 1)
            cap *= 2;
        p = realloc(c->out, cap);
        if (p == NULL) {
            c->out_nomem = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        c->out = p;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, data, length);
    c->out_len += length;
    c->out[c->out_len] = '\0'; /* a spare byte keeps the text searchable */
    return CAIRO_STATUS_SUCCESS;
}

/* Cairo's PDF stream callback: hands the bytes straight to the sink. */
static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int length)
{
    fc_chart *c = closure;
    if (c->sink_failed || c->sink.write(c->sink.closure, data, length) != 0) {
        c->sink_failed = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Hands n bytes to the sink; returns 0 once the sink has failed. */
static int
emit(fc_chart *c, const void *data, size_t n)
{
    if (!c->sink_failed && n > 0 && c->sink.write(c->sink.closure, data, n) != 0)
        c->sink_failed = 1;
    return !c->sink_failed;
}

static int
emit_str(fc_chart *c, const char *s)
{
    return emit(c, s, strlen(s));
}

/* Emits s with XML's special characters escaped; returns 0 on a sink error. */
static int
xml_put(fc_chart *c, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *e = *s == '&'   ? "&amp;"
                        : *s == '<' ? "&lt;"
                        : *s == '>' ? "&gt;"
                        : *s == '"' ? "&quot;"
                                    : NULL;
        if (e && !(emit(c, run, (size_t)(s - run)) && emit_str(c, e)))
            return 0;
        if (e)
            run = s + 1;
    }
    return emit(c, run, (size_t)(s - run));
}

/* Cairo names SVG groups "surface<N>" from a process-wide counter, so two renders in one
 * process differ. Renumbers every "surface<digits>" in order of first appearance (keeping
 * references consistent) and hands the document to the sink: the same drawing gives the
 * same bytes. */
static fc_status
svg_save(fc_chart *c, fc_err *err)
{
    unsigned long seen[64];
    size_t nseen = 0, i = 0, k;
    int ok = 1;
    static const char key[] = "surface";

    /* the accessible title and description go first inside the root <svg> element */
    if (c->meta_title || c->meta_desc) {
        const char *open = c->out_len > 0 ? strstr(c->out, "<svg") : NULL;
        const char *end = open ? strchr(open, '>') : NULL;
        if (end && (size_t)(end - c->out) < c->out_len) {
            i = (size_t)(end - c->out) + 1;
            ok = emit(c, c->out, i);
            if (ok && c->meta_title)
                ok = emit_str(c, "\n<title>") && xml_put(c, c->meta_title) &&
                     emit_str(c, "</title>");
            if (ok && c->meta_desc)
                ok = emit_str(c, "\n<desc>") && xml_put(c, c->meta_desc) &&
                     emit_str(c, "</desc>");
        }
    }

    while (ok && i < c->out_len) {
        const char *hit = NULL;
        size_t j;
        for (j = i; j + sizeof key - 1 < c->out_len; j++)
            if (memcmp(c->out + j, key, sizeof key - 1) == 0 && c->out[j + sizeof key - 1] >= '0' &&
                c->out[j + sizeof key - 1] <= '9') {
                hit = c->out + j;
                break;
            }
        if (hit == NULL) {
            ok = emit(c, c->out + i, c->out_len - i);
            break;
        } else {
            size_t at = (size_t)(hit - c->out) + sizeof key - 1, end = at;
            unsigned long num = 0;
            char buf[32];
            int len;
            while (end < c->out_len && c->out[end] >= '0' && c->out[end] <= '9')
                num = num * 10 + (unsigned long)(c->out[end++] - '0');
            for (k = 0; k < nseen && seen[k] != num; k++)
                ;
            if (k == nseen && nseen < sizeof seen / sizeof seen[0])
                seen[nseen++] = num;
            len = snprintf(buf, sizeof buf, "%s%zu", key, k + 1);
            ok = emit(c, c->out + i, at - (sizeof key - 1) - i) && emit(c, buf, (size_t)len);
            i = end;
        }
    }
    if (!ok)
        return FC_FAIL(err, FC_EIO, "cannot write the SVG chart");
    return FC_OK;
}

/* CRC-32 of PNG chunks (ISO 3309 polynomial, as in the PNG specification, annex D). */
static uint32_t
png_crc(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

static void
put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Emits an uncompressed iTXt chunk (UTF-8 text under a keyword); returns 0 on failure. */
static int
png_itxt(fc_chart *c, const char *key, const char *text)
{
    size_t nk = strlen(key), nt = strlen(text), n = 4 + nk + 5 + nt;
    unsigned char *ch = malloc(n + 8);
    int ok;
    if (ch == NULL)
        return 0;
    put_be32(ch, (uint32_t)(n - 4));
    memcpy(ch + 4, "iTXt", 4);
    memcpy(ch + 8, key, nk);
    memset(ch + 8 + nk, 0, 5); /* NUL, no compression, method 0, no language, no translation */
    memcpy(ch + 8 + nk + 5, text, nt);
    put_be32(ch + 4 + n, png_crc(ch + 4, n));
    ok = emit(c, ch, n + 8);
    free(ch);
    return ok;
}

/* Emits the PNG Cairo produced with a pHYs chunk after IHDR, so word processors place the
 * image at its true size (Cairo records no resolution; 1004 px would otherwise paste as
 * 10.5 inches at 96 dpi). */
static fc_status
png_save(fc_chart *c, fc_err *err)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char chunk[21];
    uint32_t ppm = (uint32_t)lround(c->scale * 72.0 / 0.0254);
    const size_t ihdr_end = 8 + 4 + 4 + 13 + 4;
    int ok;

    if (c->out_len < ihdr_end || memcmp(c->out, sig, 8) != 0 || memcmp(c->out + 12, "IHDR", 4))
        return FC_FAIL(err, FC_EIO, "cannot write the PNG chart: Cairo produced no PNG");
    put_be32(chunk, 9);
    memcpy(chunk + 4, "pHYs", 4);
    put_be32(chunk + 8, ppm);
    put_be32(chunk + 12, ppm);
    chunk[16] = 1; /* unit: metre */
    put_be32(chunk + 17, png_crc(chunk + 4, 13));
    ok = emit(c, c->out, ihdr_end) && emit(c, chunk, sizeof chunk);
    if (ok && c->meta_title)
        ok = png_itxt(c, "Title", c->meta_title);
    if (ok && c->meta_desc)
        ok = png_itxt(c, "Description", c->meta_desc);
    ok = ok && emit(c, c->out + ihdr_end, c->out_len - ihdr_end);
    if (!ok)
        return FC_FAIL(err, FC_EIO, "cannot write the PNG chart");
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
        c->surface = cairo_svg_surface_create_for_stream(out_write, c, w, h);
        if (cairo_surface_status(c->surface) == CAIRO_STATUS_SUCCESS)
            cairo_svg_surface_restrict_to_version(c->surface, CAIRO_SVG_VERSION_1_1);
        break;
    case FC_CHART_PDF:
        c->surface = cairo_pdf_surface_create_for_stream(sink_write, c, w, h);
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
            cs = cairo_surface_write_to_png_stream(c->surface, out_write, c);
            if (c->out_nomem)
                return FC_FAIL(err, FC_ENOMEM, "out of memory encoding the PNG chart");
            if (cs != CAIRO_STATUS_SUCCESS)
                return FC_FAIL(err, FC_EIO, "cannot encode the PNG chart: %s",
                               cairo_status_to_string(cs));
            return png_save(c, err);
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
        return svg_save(c, err);
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
    pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_height(c->layout, -1);
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

/* ================================================================================ axes */

double
fc_ck_pos(const fc_ck_axis *a, double v)
{
    return fc_axis_scale_map(&a->s, v);
}

static fc_status
value_ticks(fc_ck_axis *a, size_t target, fc_err *err)
{
    fc_status st = FC_OK;
    double m;
    if (!isfinite(a->lo) || !isfinite(a->hi) || a->lo > a->hi)
        return FC_FAIL(err, FC_EINVAL, "axis range %g to %g is not valid", a->lo, a->hi);
    if (target < 2)
        target = 2;
    if (a->fk == FC_FMT_YEAR || a->fk == FC_FMT_FYEAR)
        st = fc_axis_ticks_year(a->lo, a->hi, target, &a->ticks, err);
    else if (a->log)
        st = fc_axis_ticks_log(a->lo, a->hi, &a->ticks, err);
    else {
        /* of up to three tick counts, keep the one whose domain wastes least space */
        fc_axis_ticks t;
        double best = -1;
        size_t k;
        for (k = target; k <= target + 2; k++) {
            double cover;
            if ((st = fc_axis_ticks_linear(a->lo, a->hi, k, &t, err)) != FC_OK)
                return st;
            cover = a->hi > a->lo ? (a->hi - a->lo) / (t.hi - t.lo) : 0;
            if (cover > best + 0.02) {
                best = cover;
                a->ticks = t;
            }
        }
    }
    if (st != FC_OK)
        return st;
    if (a->exact && a->lo < a->hi) {
        size_t i, k = 0;
        for (i = 0; i < a->ticks.n; i++)
            if (a->ticks.v[i] >= a->lo - 1e-9 && a->ticks.v[i] <= a->hi + 1e-9)
                a->ticks.v[k++] = a->ticks.v[i];
        a->ticks.n = k;
        a->ticks.lo = a->lo;
        a->ticks.hi = a->hi;
    }
    m = fabs(a->ticks.lo) > fabs(a->ticks.hi) ? fabs(a->ticks.lo) : fabs(a->ticks.hi);
    fc_axis_fmt_choose(&a->fmt, a->fk, m, a->log ? 0 : a->ticks.step);
    if (a->log) {
        /* log ticks: enough decimals for the smallest tick */
        fc_axis_fmt_choose(&a->fmt, a->fk, m, a->ticks.v[0]);
    }
    return FC_OK;
}

static void
tick_label(const fc_ck_axis *a, size_t i, char *buf, size_t n)
{
    if (a->cat) {
        snprintf(buf, n, "%s", a->cats && a->cats[i] ? a->cats[i] : "");
        return;
    }
    if (a->log) {
        /* log ticks span decades: each takes only the decimals it needs (0.1, 1, 10) */
        fc_axis_fmt f;
        double m = fmax(fabs(a->ticks.lo), fabs(a->ticks.hi));
        fc_axis_fmt_choose(&f, a->fk, m, a->ticks.v[i]);
        fc_axis_fmt_value(&f, a->ticks.v[i], buf, n);
        return;
    }
    fc_axis_fmt_value(&a->fmt, a->abs_labels ? fabs(a->ticks.v[i]) : a->ticks.v[i], buf, n);
}

static size_t
axis_count(const fc_ck_axis *a)
{
    return a->cat ? a->ncat : a->ticks.n;
}

fc_status
fc_ck_xy_layout(fc_chart *c, fc_ck_xy *g, fc_ck_box b, fc_err *err)
{
    fc_ck_axis *x = &g->x, *y = &g->y;
    char buf[256];
    double th, tw, ylab_w = 0, ytitle_h = 0, xtitle_h = 0, xlab_h, est_h, plot_w, plot_h;
    double cat_wrap = 0;
    size_t i, n;
    fc_status st = FC_OK;

    /* tick label height (one line) */
    fc_ck_text_set(c, "0", FC_CK_TICK, 0, 0);
    fc_ck_text_size(c, NULL, &th);

    if (y->title && y->title[0]) {
        fc_ck_text_set(c, y->title, FC_CK_LABEL, b.x1 - b.x0, 0);
        fc_ck_text_size(c, NULL, &ytitle_h);
        fc_ck_text_show(c, b.x0, b.y0, 0, 0, 0, fc_rgb_hex(FC_CK_INK2));
        b.y0 += ytitle_h + 2;
    }
    /* the top tick label is centred on the plot's top edge: keep its upper half clear */
    if (!y->cat)
        b.y0 += th / 2 + 2;
    if (x->title && x->title[0]) {
        fc_ck_text_set(c, x->title, FC_CK_LABEL, b.x1 - b.x0, 1);
        fc_ck_text_size(c, NULL, &xtitle_h);
        xtitle_h += 3;
    }
    /* y labels: value ticks sized from an estimate of the plot height */
    est_h = b.y1 - b.y0 - xtitle_h - th - 6;
    if (!y->cat) {
        if ((st = value_ticks(y, (size_t)(est_h / 36 > 2 ? est_h / 36 : 2), err)) != FC_OK)
            return st;
    } else if (y->wrap_cats) {
        /* widen the label column until wrapped labels fit their band (at most half) */
        double band = est_h / (double)(y->ncat ? y->ncat : 1), pct, lh;
        for (pct = (double)y->wrap_cats; pct <= 50; pct += 2) {
            double hmax = 0;
            cat_wrap = (b.x1 - b.x0) * pct / 100.0;
            for (i = 0; i < y->ncat; i++) {
                fc_ck_text_set(c, y->cats[i], FC_CK_TICK, cat_wrap, 2);
                fc_ck_text_size(c, NULL, &lh);
                hmax = fmax(hmax, lh);
            }
            if (hmax <= band - 3)
                break;
        }
        if (pct > 50) {
            /* too many rows for wrapped labels: one line each, cut with an ellipsis */
            y->one_line = 1;
            cat_wrap = (b.x1 - b.x0) * 0.4;
        }
    }
    n = axis_count(y);
    for (i = 0; i < n; i++) {
        tick_label(y, i, buf, sizeof buf);
        fc_ck_text_set(c, buf, FC_CK_TICK, cat_wrap, 2);
        if (y->one_line)
            pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_END);
        fc_ck_text_size(c, &tw, NULL);
        if (tw > ylab_w)
            ylab_w = tw;
    }
    y->label_w = ylab_w;
    g->plot.x0 = b.x0 + ylab_w + 5 + g->left_pad;
    g->plot.x1 = b.x1 - g->right_pad;

    /* x labels: value ticks from the plot width, then thin or rotate until none overlap */
    plot_w = g->plot.x1 - g->plot.x0;
    if (plot_w < 40)
        return FC_FAIL(err, FC_EINVAL, "chart is too narrow for its labels");
    if (!x->cat) {
        if ((st = value_ticks(x, (size_t)(plot_w / 60 > 2 ? plot_w / 60 : 2), err)) != FC_OK)
            return st;
        if ((st = fc_axis_scale_init(&x->s, x->log ? FC_AXIS_LOG : FC_AXIS_LINEAR, x->ticks.lo,
                                     x->ticks.hi, g->plot.x0, g->plot.x1, err)) != FC_OK)
            return st;
    } else {
        if (x->ncat == 0)
            return FC_FAIL(err, FC_EINVAL, "categorical axis has no categories");
        x->band = plot_w / (double)x->ncat;
        if ((st = fc_axis_scale_init(&x->s, FC_AXIS_LINEAR, -0.5, (double)x->ncat - 0.5, g->plot.x0,
                                     g->plot.x1, err)) != FC_OK)
            return st;
    }
    n = axis_count(x);
    x->stride = 1;
    x->label_w = 0;
    if (n > 0) {
        double *cen = calloc(n, sizeof *cen), *wid = calloc(n, sizeof *wid);
        if (cen == NULL || wid == NULL) {
            free(cen);
            free(wid);
            return FC_FAIL(err, FC_ENOMEM, "out of memory laying out an axis");
        }
        for (i = 0; i < n; i++) {
            tick_label(x, i, buf, sizeof buf);
            wid[i] = fc_ck_text_width(c, buf, FC_CK_TICK);
            cen[i] = fc_axis_scale_map(&x->s, x->cat ? (double)i : x->ticks.v[i]);
            if (wid[i] > x->label_w)
                x->label_w = wid[i];
        }
        x->stride = fc_axis_thin_stride(cen, wid, n, 8);
        /* keep the last label inside the canvas */
        if (!x->cat && cen[n - 1] + wid[n - 1] / 2 > b.x1 && g->plot.x1 + wid[n - 1] / 2 > b.x1)
            g->plot.x1 = b.x1 - wid[n - 1] / 2;
        free(cen);
        free(wid);
        if (!x->cat)
            x->s.r1 = g->plot.x1;
        else {
            x->band = (g->plot.x1 - g->plot.x0) / (double)x->ncat;
            x->s.r1 = g->plot.x1;
        }
    }
    xlab_h = th + 4;
    g->plot.y0 = b.y0;
    g->plot.y1 = b.y1 - xlab_h - xtitle_h;
    plot_h = g->plot.y1 - g->plot.y0;
    if (plot_h < 30)
        return FC_FAIL(err, FC_EINVAL, "chart is too short for its text");
    if (x->title && x->title[0]) {
        fc_ck_text_set(c, x->title, FC_CK_LABEL, b.x1 - b.x0, 1);
        fc_ck_text_show(c, (g->plot.x0 + g->plot.x1) / 2, b.y1, 0.5, 1, 0, fc_rgb_hex(FC_CK_INK2));
    }
    if (!y->cat) {
        if ((st = fc_axis_scale_init(&y->s, y->log ? FC_AXIS_LOG : FC_AXIS_LINEAR, y->ticks.lo,
                                     y->ticks.hi, g->plot.y1, g->plot.y0, err)) != FC_OK)
            return st;
    } else {
        if (y->ncat == 0)
            return FC_FAIL(err, FC_EINVAL, "categorical axis has no categories");
        y->band = plot_h / (double)y->ncat;
        if ((st = fc_axis_scale_init(&y->s, FC_AXIS_LINEAR, -0.5, (double)y->ncat - 0.5, g->plot.y0,
                                     g->plot.y1, err)) != FC_OK)
            return st;
    }
    y->stride = 1;
    if (y->cat && !y->wrap_cats && y->band < th + 1)
        y->stride = (size_t)ceil((th + 1) / y->band);
    /* named rows (options, drivers) cannot be thinned: say how tall the chart must be */
    if (y->cat && y->wrap_cats && y->band < th * 0.9)
        return FC_FAIL(err, FC_EINVAL,
                       "%zu rows need a plot area at least %.0f pt tall, but "
                       "the chart leaves %.0f pt (make the chart taller)",
                       y->ncat, ceil(th * 0.9 * (double)y->ncat), plot_h);
    c->sx = x->s;
    c->sy = y->s;
    c->px0 = g->plot.x0;
    c->py0 = g->plot.y0;
    c->px1 = g->plot.x1;
    c->py1 = g->plot.y1;
    c->drawn = 1;
    return FC_OK;
}

void
fc_ck_clip(fc_chart *c, const fc_ck_xy *g)
{
    cairo_save(c->cr);
    cairo_rectangle(c->cr, c->ox + g->plot.x0, c->oy + g->plot.y0 - 1, g->plot.x1 - g->plot.x0,
                    g->plot.y1 - g->plot.y0 + 2);
    cairo_clip(c->cr);
}

void
fc_ck_xy_grid(fc_chart *c, const fc_ck_xy *g)
{
    cairo_t *cr = c->cr;
    size_t i;
    cairo_save(cr);
    cairo_translate(cr, c->ox, c->oy);
    cairo_set_line_width(cr, 0.5);
    fc_ck_rgb(c, fc_rgb_hex(FC_CK_GRID));
    if (!g->y.cat && g->y.grid) {
        for (i = 0; i < g->y.ticks.n; i++) {
            double p = fc_ck_pos(&g->y, g->y.ticks.v[i]);
            cairo_move_to(cr, g->plot.x0, p);
            cairo_line_to(cr, g->plot.x1, p);
        }
    }
    if (!g->x.cat && g->x.grid) {
        for (i = 0; i < g->x.ticks.n; i++) {
            double p = fc_ck_pos(&g->x, g->x.ticks.v[i]);
            cairo_move_to(cr, p, g->plot.y0);
            cairo_line_to(cr, p, g->plot.y1);
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void
fc_ck_xy_axes(fc_chart *c, const fc_ck_xy *g)
{
    cairo_t *cr = c->cr;
    const fc_ck_axis *x = &g->x, *y = &g->y;
    char buf[256];
    size_t i, n;
    double wrap = y->wrap_cats ? y->label_w : 0;

    cairo_save(cr);
    cairo_translate(cr, c->ox, c->oy);
    cairo_set_line_width(cr, 0.8);
    fc_ck_rgb(c, fc_rgb_hex(FC_CK_AXIS));
    /* the baseline: at zero when a value axis spans it, else at the bottom */
    if (!y->cat) {
        double base =
            y->ticks.lo <= 0 && y->ticks.hi >= 0 && !y->log ? fc_ck_pos(y, 0) : g->plot.y1;
        cairo_move_to(cr, g->plot.x0, base);
        cairo_line_to(cr, g->plot.x1, base);
    } else if (!x->cat) {
        double base =
            x->ticks.lo <= 0 && x->ticks.hi >= 0 && !x->log ? fc_ck_pos(x, 0) : g->plot.x0;
        cairo_move_to(cr, base, g->plot.y0);
        cairo_line_to(cr, base, g->plot.y1);
    }
    cairo_stroke(cr);
    cairo_restore(cr);

    n = axis_count(y);
    for (i = 0; i < n; i++) {
        double p = fc_ck_pos(y, y->cat ? (double)i : y->ticks.v[i]);
        /* thinned category labels count from the last (bottom) one */
        if (y->stride > 1 && (n - 1 - i) % y->stride != 0)
            continue;
        tick_label(y, i, buf, sizeof buf);
        fc_ck_text_set(c, buf, FC_CK_TICK, wrap, 2);
        if (y->one_line)
            pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_END);
        fc_ck_text_show(c, g->plot.x0 - 5 - g->left_pad, p, 1, 0.5, 0, fc_rgb_hex(FC_CK_INK));
    }
    n = axis_count(x);
    for (i = 0; i < n; i += x->stride) {
        double p = fc_ck_pos(x, x->cat ? (double)i : x->ticks.v[i]);
        tick_label(x, i, buf, sizeof buf);
        fc_ck_text(c, buf, FC_CK_TICK, p, g->plot.y1 + 4, 0.5, 0, fc_rgb_hex(FC_CK_INK));
    }
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
