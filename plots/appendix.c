/* appendix.c: the multi-page PDF appendix (see appendix.h): A4 pages with a running header and
 * page numbers, numbered sections with bookmarks, figures placed at text width, paginated
 * Pango tables, assumptions and provenance. Pages are emitted as they fill.
 */
#include "plots/appendix.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "plots/chart_int.h"

#define PAGE_W 595.276 /* A4, pt */
#define PAGE_H 841.890
#define MARGIN 56.693 /* 20 mm */
#define HEAD_H 28.0   /* running header band inside the top margin */
#define FC_APPENDIX_LANG "en-GB" /* the appendix's words are British English */

struct fc_appendix {
    cairo_surface_t *surface;
    cairo_t *cr;
    fc_chart *pg;    /* text canvas over the whole page (borrows cr) */
    fc_palette *pal; /* borrowed */
    fc_chart_opts opts;
    fc_sink sink;    /* borrowed closure: where the PDF's bytes go */
    int sink_failed; /* the sink returned an error */
    int discard;     /* freed unfinished: Cairo's last bytes are dropped */
    char *title, *scenario, *organisation, *sources, *data_date, *version, *pdf_date, *font;
    size_t page;   /* pages begun */
    int page_open; /* something drawn on the current page */
    double y;      /* cursor, pt from the top */
    size_t section, figure, table;
    int outline;   /* the current section's outline entry (its figures hang below it) */
    size_t cpages; /* contents pages after the title page */
    double tw;     /* the width of the table being drawn: its rules and shading span it */
    fc_appendix_entry *ent; /* the headings, figures and tables placed (texts owned) */
    size_t nent, capent;
    char **alt;             /* each figure's text alternative, in order (owned) */
    size_t nalt, capalt;
    char *pdf;              /* Cairo's PDF, kept until qpdf adds what Cairo cannot */
    size_t pdf_len, pdf_cap;
    int finished;
};

static char *
dup(const char *s)
{
    char *d;
    if (s == NULL)
        return NULL;
    d = malloc(strlen(s) + 1);
    if (d)
        strcpy(d, s);
    return d;
}

static double
text_w(void)
{
    return PAGE_W - 2 * MARGIN;
}

static double
bottom(void)
{
    return PAGE_H - MARGIN;
}

/* ================================================================================ pages */

static void
page_furniture(fc_appendix *a)
{
    fc_chart *c = a->pg;
    char buf[512];
    double ow = 0;
    if (a->organisation) {
        /* one line each: the organisation keeps up to 45% of the width, the rest is cut
         * with an ellipsis rather than wrapped over the rule */
        fc_ck_text_set(c, a->organisation, FC_CK_TICK, 0, 0);
        fc_ck_text_size(c, &ow, NULL);
        ow = fmin(ow, text_w() * 0.45);
        fc_ck_text_set(c, a->organisation, FC_CK_TICK, ow, 2);
        pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_END);
        fc_ck_text_show(c, PAGE_W - MARGIN, MARGIN - HEAD_H + 6, 1, 0, 0, fc_rgb_hex(FC_CK_INK2));
    }
    snprintf(buf, sizeof buf, "%s \xc2\xb7 %s", a->scenario, a->title);
    fc_ck_text_set(c, buf, FC_CK_TICK, text_w() - ow - 12, 0);
    pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_END);
    fc_ck_text_show(c, MARGIN, MARGIN - HEAD_H + 6, 0, 0, 0, fc_rgb_hex(FC_CK_INK2));
    pango_layout_set_ellipsize(c->layout, PANGO_ELLIPSIZE_NONE);
    cairo_set_line_width(a->cr, 0.5);
    fc_ck_rgb(c, fc_rgb_hex(0xBBBBBBu));
    cairo_move_to(a->cr, MARGIN, MARGIN - 6);
    cairo_line_to(a->cr, PAGE_W - MARGIN, MARGIN - 6);
    cairo_stroke(a->cr);
    snprintf(buf, sizeof buf, "Page %zu", a->page);
    fc_ck_text(c, buf, FC_CK_TICK, PAGE_W - MARGIN, PAGE_H - MARGIN + 18, 1, 0,
               fc_rgb_hex(FC_CK_INK2));
    if (a->version)
        fc_ck_text(c, a->version, FC_CK_TICK, MARGIN, PAGE_H - MARGIN + 18, 0, 0,
                   fc_rgb_hex(FC_CK_INK2));
}

static void
new_page(fc_appendix *a)
{
    if (a->page > 0)
        cairo_show_page(a->cr);
    a->page++;
    a->y = MARGIN;
    a->page_open = 0;
    if (a->page > 1)
        page_furniture(a);
}

/* Makes room for h pt: a new page when the cursor would pass the bottom margin. */
static void
need(fc_appendix *a, double h)
{
    if (a->page_open && a->y + h > bottom())
        new_page(a);
    a->page_open = 1;
}

/* Draws wrapped text at the cursor and advances it. */
static void
para(fc_appendix *a, const char *s, fc_ck_role role, int bold, fc_rgb col, double after)
{
    double h;
    fc_ck_text_set_bold(a->pg, s, role, text_w(), 0, bold);
    fc_ck_text_size(a->pg, NULL, &h);
    need(a, h);
    fc_ck_text_set_bold(a->pg, s, role, text_w(), 0, bold);
    cairo_tag_begin(a->cr, "P", NULL);
    fc_ck_text_show(a->pg, MARGIN, a->y, 0, 0, 0, col);
    cairo_tag_end(a->cr, "P");
    a->y += h + after;
}

/* Records a heading, figure or table for the contents (a failed copy is left out: the
 * contents are an aid, the document is complete without them). */
static void
record(fc_appendix *a, int kind, const char *text)
{
    char *t;
    if (a->nent == a->capent) {
        size_t cap = a->capent ? 2 * a->capent : 64;
        fc_appendix_entry *e = realloc(a->ent, cap * sizeof *e);
        if (e == NULL)
            return;
        a->ent = e;
        a->capent = cap;
    }
    if ((t = dup(text)) == NULL)
        return;
    if (strstr(t, " (table: ") != NULL) /* the contents list the figure, not its table */
        *strstr(t, " (table: ") = '\0';
    a->ent[a->nent++] = (fc_appendix_entry){kind, t, a->page - a->cpages};
}

size_t
fc_appendix_entries(const fc_appendix *a, const fc_appendix_entry **entries)
{
    *entries = a ? a->ent : NULL;
    return a ? a->nent : 0;
}

/* One line of the contents: the text, cut to one line, and its page number at the right,
 * the whole line a link to that page. draw 0 only measures. Returns the line's height. */
static double
contents_line(fc_appendix *a, const fc_appendix_entry *e, size_t shift, int draw)
{
    char num[32], link[64];
    double h, indent = e->kind == 0 ? 0 : 14;
    snprintf(num, sizeof num, "%zu", e->page + shift);
    fc_ck_text_set_bold(a->pg, e->text, FC_CK_LABEL, text_w() - indent - 40, 0, e->kind == 0);
    pango_layout_set_ellipsize(a->pg->layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(a->pg->layout, 0); /* one line */
    fc_ck_text_size(a->pg, NULL, &h);
    if (draw) {
        snprintf(link, sizeof link, "page=%zu pos=[%.0f %.0f]", e->page + shift, MARGIN, MARGIN);
        cairo_tag_begin(a->cr, "TOCI", NULL);
        cairo_tag_begin(a->cr, CAIRO_TAG_LINK, link);
        fc_ck_text_show(a->pg, MARGIN + indent, a->y, 0, 0, 0, fc_rgb_hex(FC_CK_INK));
        fc_ck_text_set_bold(a->pg, num, FC_CK_LABEL, 0, 0, e->kind == 0);
        fc_ck_text_show(a->pg, PAGE_W - MARGIN, a->y, 1, 0, 0, fc_rgb_hex(FC_CK_INK));
        cairo_tag_end(a->cr, CAIRO_TAG_LINK);
        cairo_tag_end(a->cr, "TOCI");
    }
    pango_layout_set_ellipsize(a->pg->layout, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_height(a->pg->layout, -1);
    return h + (e->kind == 0 ? 6 : 3);
}

/* The contents pages: sections, then the lists of figures and of tables, each line a link.
 * Measured first (draw 0) so the page numbers they print count the contents' own pages. */
static size_t
contents(fc_appendix *a, const fc_appendix_entry *e, size_t n, size_t shift, int draw)
{
    static const char *const head[3] = {"Contents", "Figures", "Tables"};
    size_t pages = 0;
    double y = 0;
    for (int kind = 0; kind < 3; kind++) {
        double hh;
        if (kind == 0 || y + 60 > bottom()) { /* a heading with room for a few lines */
            pages++;
            y = MARGIN;
            if (draw) {
                new_page(a);
                a->page_open = 1;
            }
        }
        fc_ck_text_set_bold(a->pg, head[kind], FC_CK_SUB, text_w(), 0, 1);
        fc_ck_text_size(a->pg, NULL, &hh);
        if (draw) {
            a->y = y;
            cairo_tag_begin(a->cr, kind == 0 ? "H1" : "H2", NULL);
            fc_ck_text_show(a->pg, MARGIN, y, 0, 0, 0, fc_rgb_hex(FC_CK_INK));
            cairo_tag_end(a->cr, kind == 0 ? "H1" : "H2");
            cairo_tag_begin(a->cr, "TOC", NULL);
        }
        y += hh + 8;
        for (size_t i = 0; i < n; i++) {
            double h;
            if (e[i].kind != kind)
                continue;
            h = contents_line(a, &e[i], shift, 0);
            if (y + h > bottom()) {
                pages++;
                y = MARGIN;
                if (draw)
                    new_page(a), a->page_open = 1;
            }
            if (draw) {
                a->y = y;
                contents_line(a, &e[i], shift, 1);
            }
            y += h;
        }
        if (draw)
            cairo_tag_end(a->cr, "TOC");
        y += 14;
    }
    return pages;
}

/* ============================================================================ lifecycle */

void
fc_appendix_free(fc_appendix *a)
{
    if (a == NULL)
        return;
    a->discard = !a->finished;
    fc_chart_free(a->pg);
    if (a->cr)
        cairo_destroy(a->cr);
    if (a->surface)
        cairo_surface_destroy(a->surface);
    free(a->title);
    free(a->scenario);
    free(a->organisation);
    free(a->sources);
    for (size_t i = 0; i < a->nent; i++)
        free((char *)(uintptr_t)a->ent[i].text);
    free(a->ent);
    for (size_t i = 0; i < a->nalt; i++)
        free(a->alt[i]);
    free(a->alt);
    free(a->pdf);
    free(a->data_date);
    free(a->version);
    free(a->pdf_date);
    free(a->font);
    free(a);
}

static fc_status
title_page(fc_appendix *a, const fc_appendix_meta *m)
{
    fc_chart *c = a->pg;
    char buf[512];
    double h;

    a->y = PAGE_H * 0.28;
    cairo_rectangle(a->cr, MARGIN, a->y - 24, 60, 5);
    fc_ck_rgb(c, fc_rgb_hex(FC_RGB_BLUE));
    cairo_fill(a->cr);
    pango_font_description_set_absolute_size(c->desc, 26 * PANGO_SCALE);
    pango_font_description_set_weight(c->desc, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(c->layout, c->desc);
    pango_layout_set_text(c->layout, a->title, -1);
    pango_layout_set_width(c->layout, (int)(text_w() * PANGO_SCALE));
    fc_ck_text_size(c, NULL, &h);
    cairo_tag_begin(a->cr, "H1", NULL);
    fc_ck_text_show(c, MARGIN, a->y, 0, 0, 0, fc_rgb_hex(FC_CK_INK));
    cairo_tag_end(a->cr, "H1");
    a->y += h + 10;
    pango_font_description_set_absolute_size(c->desc, 16 * PANGO_SCALE);
    pango_font_description_set_weight(c->desc, PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(c->layout, c->desc);
    snprintf(buf, sizeof buf, "Scenario: %s", a->scenario);
    pango_layout_set_text(c->layout, buf, -1);
    fc_ck_text_size(c, NULL, &h);
    cairo_tag_begin(a->cr, "P", NULL);
    fc_ck_text_show(c, MARGIN, a->y, 0, 0, 0, fc_rgb_hex(FC_CK_INK));
    cairo_tag_end(a->cr, "P");
    a->y += h + 24;
    if (a->organisation)
        para(a, a->organisation, FC_CK_SUB, 1, fc_rgb_hex(FC_CK_INK), 6);
    if (a->data_date) {
        snprintf(buf, sizeof buf, "Data as at %s", a->data_date);
        para(a, buf, FC_CK_SUB, 0, fc_rgb_hex(FC_CK_INK2), 4);
    }
    if (a->version) {
        snprintf(buf, sizeof buf, "Produced with %s", a->version);
        para(a, buf, FC_CK_SUB, 0, fc_rgb_hex(FC_CK_INK2), 4);
    }
    if (a->sources) {
        a->y += 8;
        para(a, a->sources, FC_CK_LABEL, 0, fc_rgb_hex(FC_CK_INK2), 4);
    }
    a->y += 18;
    if (m->summary)
        para(a, m->summary, FC_CK_LABEL, 0, fc_rgb_hex(FC_CK_INK), 8);
    para(a,
         "Every chart in this appendix is drawn from a CSV table written beside it in the "
         "output folder, and the document is reproducible: the same inputs and scenario "
         "give the same file, byte for byte. The provenance section lists each input with "
         "its checksum and the random seed.",
         FC_CK_TICK, 0, fc_rgb_hex(FC_CK_INK2), 0);
    return fc_ck_status(c, "cannot draw the appendix title page", NULL);
}

/* Cairo's PDF stream callback: the document collects in memory, for qpdf to finish at
 * fc_appendix_finish (the language and the figures' alternative texts). */
static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int length)
{
    fc_appendix *a = closure;
    if (a->discard)
        return CAIRO_STATUS_SUCCESS;
    if (!fc_ck_buf_add(&a->pdf, &a->pdf_len, &a->pdf_cap, 1u << 20, data, length)) {
        a->sink_failed = 1;
        return CAIRO_STATUS_NO_MEMORY;
    }
    return CAIRO_STATUS_SUCCESS;
}

fc_status
fc_appendix_alloc(fc_appendix **out, const fc_sink *sink, const fc_appendix_meta *meta,
                  const fc_chart_opts *opts, fc_palette *pal, fc_err *err)
{
    fc_appendix *a;
    fc_status st;
    cairo_status_t cs;

    if (out == NULL || sink == NULL || sink->write == NULL || meta == NULL ||
        meta->scenario == NULL)
        return FC_FAIL(err, FC_EINVAL, "the appendix needs a sink and a scenario name");
    a = calloc(1, sizeof *a);
    if (a == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory starting the appendix");
    if (opts)
        a->opts = *opts;
    a->font = dup(opts && opts->font ? opts->font : "DejaVu Sans"); /* copied, like the rest */
    a->opts.font = a->font;
    a->pal = pal;
    a->sink = *sink;
    a->title = dup(meta->title ? meta->title : "Analysis appendix");
    a->scenario = dup(meta->scenario);
    a->organisation = dup(meta->organisation);
    a->sources = dup(meta->sources);
    a->data_date = dup(meta->data_date);
    a->version = dup(meta->version);
    a->pdf_date = dup(meta->pdf_date ? meta->pdf_date : "2000-01-01T00:00:00");
    if (!a->title || !a->scenario || !a->pdf_date || !a->font ||
        (meta->organisation && !a->organisation) || (meta->data_date && !a->data_date) ||
        (meta->sources && !a->sources) ||
        (meta->version && !a->version)) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory starting the appendix");
        goto fail;
    }
    a->opts.date = a->pdf_date;
    a->surface = cairo_pdf_surface_create_for_stream(sink_write, a, PAGE_W, PAGE_H);
    cs = cairo_surface_status(a->surface);
    if (cs != CAIRO_STATUS_SUCCESS) {
        st = FC_FAIL(err, FC_EIO, "cannot create the appendix PDF: %s",
                     cairo_status_to_string(cs));
        goto fail;
    }
    cairo_pdf_surface_set_metadata(a->surface, CAIRO_PDF_METADATA_TITLE, a->title);
    cairo_pdf_surface_set_metadata(a->surface, CAIRO_PDF_METADATA_SUBJECT, a->scenario);
    cairo_pdf_surface_set_metadata(a->surface, CAIRO_PDF_METADATA_CREATOR,
                                   a->version ? a->version : "Fulcrum");
    cairo_pdf_surface_set_metadata(a->surface, CAIRO_PDF_METADATA_CREATE_DATE, a->pdf_date);
    cairo_pdf_surface_set_metadata(a->surface, CAIRO_PDF_METADATA_MOD_DATE, a->pdf_date);
    a->cr = cairo_create(a->surface);
    if ((st = fc_chart_alloc_cairo(&a->pg, a->cr, 0, 0, PAGE_W, PAGE_H, &a->opts, pal, err)) !=
        FC_OK)
        goto fail;
    a->pg->page = 1;
    if (a->pal == NULL)
        a->pal = a->pg->pal;
    /* a tagged PDF: the structure (headings, paragraphs, figures with their captions, tables
     * by row and cell) in reading order, for screen readers and reflow */
    cairo_tag_begin(a->cr, "Document", NULL);
    new_page(a);
    if ((st = title_page(a, meta)) != FC_OK) {
        st = fc_ck_status(a->pg, "cannot draw the appendix title page", err);
        goto fail;
    }
    if (meta->contents && meta->ncontents) {
        a->cpages = contents(a, meta->contents, meta->ncontents, 0, 0);
        contents(a, meta->contents, meta->ncontents, a->cpages, 1);
        if ((st = fc_ck_status(a->pg, "cannot draw the appendix contents", err)) != FC_OK)
            goto fail;
    }
    *out = a;
    return FC_OK;
fail:
    fc_appendix_free(a);
    return st;
}

size_t
fc_appendix_pages(const fc_appendix *a)
{
    return a ? a->page : 0;
}

fc_status
fc_appendix_finish(fc_appendix *a, fc_err *err)
{
    fc_status st;
    cairo_status_t cs;
    if (a == NULL || a->finished)
        return FC_FAIL(err, FC_EINVAL, "no open appendix to finish");
    cairo_tag_end(a->cr, "Document");
    cairo_show_page(a->cr);
    if ((st = fc_ck_status(a->pg, "cannot draw the appendix", err)) != FC_OK)
        return st;
    cairo_surface_finish(a->surface);
    a->finished = 1;
    cs = cairo_surface_status(a->surface);
    if (a->sink_failed)
        return FC_FAIL(err, FC_ENOMEM, "out of memory writing the appendix PDF");
    if (cs != CAIRO_STATUS_SUCCESS)
        return FC_FAIL(err, FC_EIO, "cannot write the appendix PDF: %s",
                       cairo_status_to_string(cs));
    /* the language and every figure's alternative text, which Cairo 1.16 cannot write */
    {
        size_t nfig = 0;
        if ((st = fc_pdf_accessible((const unsigned char *)a->pdf, a->pdf_len, FC_APPENDIX_LANG, a->alt, a->nalt,
                                    &a->sink, &nfig, err)) != FC_OK)
            return st;
        if (nfig != a->nalt)
            return FC_FAIL(err, FC_EIO, "the appendix PDF has %zu figures in its structure, "
                                        "not %zu",
                           nfig, a->nalt);
    }
    return FC_OK;
}

/* ============================================================================= content */

fc_status
fc_appendix_section_begin(fc_appendix *a, const char *title, const char *intro, fc_err *err)
{
    char buf[512], link[64];
    if (a == NULL || title == NULL || a->finished)
        return FC_FAIL(err, FC_EINVAL, "a section needs an open appendix and a title");
    a->section++;
    a->figure = 0;
    a->table = 0;
    new_page(a);
    snprintf(buf, sizeof buf, "%zu  %s", a->section, title);
    snprintf(link, sizeof link, "page=%zu pos=[%.0f %.0f]", a->page, MARGIN, MARGIN);
    a->outline = cairo_pdf_surface_add_outline(a->surface, CAIRO_PDF_OUTLINE_ROOT, buf, link, 0);
    record(a, 0, buf);
    pango_font_description_set_absolute_size(a->pg->desc, 17 * PANGO_SCALE);
    pango_font_description_set_weight(a->pg->desc, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(a->pg->layout, a->pg->desc);
    pango_layout_set_text(a->pg->layout, buf, -1);
    pango_layout_set_width(a->pg->layout, (int)(text_w() * PANGO_SCALE));
    {
        double h;
        fc_ck_text_size(a->pg, NULL, &h);
        cairo_tag_begin(a->cr, "H1", NULL);
        fc_ck_text_show(a->pg, MARGIN, a->y, 0, 0, 0, fc_rgb_hex(FC_CK_INK));
        cairo_tag_end(a->cr, "H1");
        a->y += h + 10;
        a->page_open = 1;
    }
    if (intro)
        para(a, intro, FC_CK_LABEL, 0, fc_rgb_hex(FC_CK_INK), 12);
    return fc_ck_status(a->pg, "cannot draw the appendix", err);
}

fc_status
fc_appendix_text_add(fc_appendix *a, const char *text, fc_err *err)
{
    if (a == NULL || text == NULL || a->finished)
        return FC_FAIL(err, FC_EINVAL, "no appendix or text");
    para(a, text, FC_CK_LABEL, 0, fc_rgb_hex(FC_CK_INK), 10);
    return fc_ck_status(a->pg, "cannot draw the appendix", err);
}

fc_status
fc_appendix_plot_add(fc_appendix *a, const fc_plot *p, double height_pt, const char *caption,
                     fc_err *err)
{
    fc_chart *c = NULL;
    char buf[4096], alt[4000];
    double ch;
    fc_status st;

    if (a == NULL || p == NULL || a->finished)
        return FC_FAIL(err, FC_EINVAL, "no appendix or plot");
    if (caption == NULL) {
        /* no caption given: the chart's key figures, as its text alternative */
        fc_plot_summary(p, alt, sizeof alt);
        caption = alt;
    }
    if (height_pt <= 0)
        height_pt = 300;
    /* tall enough for every row, but never taller than a page's text area */
    height_pt = fmax(height_pt, fc_plot_height_hint(p));
    height_pt = fmin(height_pt, bottom() - MARGIN - 60);
    a->figure++;
    snprintf(buf, sizeof buf, "Figure %zu.%zu%s%s", a->section, a->figure, caption ? ". " : "",
             caption ? caption : "");
    fc_ck_text_set(a->pg, buf, FC_CK_TICK, text_w(), 0);
    fc_ck_text_size(a->pg, NULL, &ch);
    {
        /* pages are packed: a chart up to 30% too tall for the space left is shrunk to fit
         * rather than moved on, leaving half a page empty; never below 210 pt, nor below
         * 80% of what a chart of many rows asks for */
        double room = bottom() - a->y - ch - 18;
        if (a->page_open && room < height_pt &&
            room >= fmax(fmax(0.70 * height_pt, 210),
                         fc_plot_height_hint(p) > 300 ? 0.8 * fc_plot_height_hint(p) : 0))
            height_pt = room;
    }
    need(a, height_pt + ch + 18);
    {   /* the figure in the outline, under its section */
        char name[96], link[64];
        snprintf(name, sizeof name, "Figure %zu.%zu", a->section, a->figure);
        snprintf(link, sizeof link, "page=%zu pos=[%.0f %.0f]", a->page, MARGIN, a->y);
        cairo_pdf_surface_add_outline(a->surface, a->section ? a->outline
                                                               : CAIRO_PDF_OUTLINE_ROOT,
                                      name, link, 0);
    }
    record(a, 1, buf);
    { /* its alternative text: the chart's key figures, as in the SVG's <desc> */
        char *t;
        if (a->nalt == a->capalt) {
            size_t cap = a->capalt ? 2 * a->capalt : 32;
            char **p2 = realloc(a->alt, cap * sizeof *p2);
            if (p2 == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory adding a figure");
            a->alt = p2;
            a->capalt = cap;
        }
        fc_plot_summary(p, alt, sizeof alt);
        if ((t = dup(alt)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory adding a figure");
        a->alt[a->nalt++] = t;
    }
    cairo_tag_begin(a->cr, "Figure", NULL);
    cairo_save(a->cr);
    cairo_rectangle(a->cr, MARGIN, a->y, text_w(), height_pt);
    cairo_clip(a->cr);
    st = fc_chart_alloc_cairo(&c, a->cr, MARGIN, a->y, text_w(), height_pt, &a->opts, a->pal, err);
    if (st == FC_OK)
        st = fc_plot_draw(c, p, err);
    if (st == FC_OK)
        st = fc_chart_finish(c, err);
    fc_chart_free(c);
    cairo_restore(a->cr);
    if (st != FC_OK) {
        cairo_tag_end(a->cr, "Figure");
        return st;
    }
    /* a hairline frame keeps each figure a unit on the page */
    cairo_rectangle(a->cr, MARGIN - 0.25, a->y - 0.25, text_w() + 0.5, height_pt + 0.5);
    cairo_set_line_width(a->cr, 0.5);
    fc_ck_rgb(a->pg, fc_rgb_hex(0xCCCCCCu));
    cairo_stroke(a->cr);
    a->y += height_pt + 4;
    fc_ck_text_set(a->pg, buf, FC_CK_TICK, text_w(), 0);
    cairo_tag_begin(a->cr, "Caption", NULL); /* the chart's text alternative */
    fc_ck_text_show(a->pg, MARGIN, a->y, 0, 0, 0, fc_rgb_hex(FC_CK_INK2));
    cairo_tag_end(a->cr, "Caption");
    cairo_tag_end(a->cr, "Figure");
    a->y += ch + 14;
    return fc_ck_status(a->pg, "cannot draw the appendix", err);
}

/* ================================================================================ tables */

static int
numeric_cell(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return 1;
    return (s[0] >= '0' && s[0] <= '9') || s[0] == '+' || s[0] == '-' ||
           strncmp(s, "\xc2\xa3", 2) == 0 || strncmp(s, "\xe2\x88\x92", 3) == 0;
}

/* Sets a cell's text in the table font. */
static void
cell_set(fc_appendix *a, const char *s, double w, int align, int bold, int mono)
{
    fc_chart *c = a->pg;
    pango_font_description_set_family(c->desc, mono ? "DejaVu Sans Mono" : c->font);
    pango_font_description_set_absolute_size(c->desc,
                                             (mono ? 0.74 : 0.95) * c->font_pt * PANGO_SCALE);
    pango_font_description_set_weight(c->desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(c->layout, c->desc);
    pango_font_description_set_family(c->desc, c->font);
    pango_layout_set_text(c->layout, s ? s : "", -1);
    pango_layout_set_width(c->layout, w > 0 ? (int)(w * PANGO_SCALE) : -1);
    pango_layout_set_wrap(c->layout, PANGO_WRAP_WORD_CHAR);
    if (w > 0 && s && !mono && strchr(s, ' ') == NULL && pango_layout_get_line_count(c->layout) > 1) {
        /* a file name or code too wide for its column breaks after a separator (/ _ - .),
         * marked by a zero-width space, not inside a word */
        char buf[1024];
        size_t k = 0;
        for (const char *p = s; *p && k + 4 < sizeof buf; p++) {
            buf[k++] = *p;
            if ((*p == '/' || *p == '_' || *p == '-' || *p == '.') && p[1] != '\0') {
                memcpy(buf + k, "\xe2\x80\x8b", 3);
                k += 3;
            }
        }
        buf[k] = '\0';
        pango_layout_set_text(c->layout, buf, -1);
    }
    pango_layout_set_alignment(c->layout, align ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
}

static double
row_height(fc_appendix *a, const char *const *cells, size_t ncol, const double *w, const int *al,
           int bold, int mono_col)
{
    double h = 0, ch;
    size_t j;
    for (j = 0; j < ncol; j++) {
        cell_set(a, cells[j], w[j], al[j], bold, (int)j + 1 == mono_col);
        fc_ck_text_size(a->pg, NULL, &ch);
        h = fmax(h, ch);
    }
    return h + 5;
}

static void
row_draw(fc_appendix *a, const char *const *cells, size_t ncol, const double *w, const int *al,
         int bold, int mono_col, double h, int shade)
{
    double x = MARGIN;
    size_t j;
    if (shade) {
        cairo_rectangle(a->cr, MARGIN, a->y, a->tw > 0 ? a->tw : text_w(), h);
        cairo_set_source_rgb(a->cr, 0.955, 0.955, 0.955);
        cairo_fill(a->cr);
    }
    cairo_tag_begin(a->cr, "TR", NULL);
    for (j = 0; j < ncol; j++) {
        cell_set(a, cells[j], w[j], al[j], bold, (int)j + 1 == mono_col);
        cairo_tag_begin(a->cr, bold ? "TH" : "TD", NULL);
        cairo_move_to(a->cr, x + 3, a->y + 2.5);
        fc_ck_rgb(a->pg, fc_rgb_hex(FC_CK_INK));
        pango_cairo_show_layout(a->cr, a->pg->layout);
        cairo_tag_end(a->cr, bold ? "TH" : "TD");
        x += w[j] + 6;
    }
    cairo_tag_end(a->cr, "TR");
    a->y += h;
}

static void
rule(fc_appendix *a, double width)
{
    cairo_move_to(a->cr, MARGIN, a->y);
    cairo_line_to(a->cr, MARGIN + (a->tw > 0 ? a->tw : text_w()), a->y);
    cairo_set_line_width(a->cr, width);
    fc_ck_rgb(a->pg, fc_rgb_hex(FC_CK_AXIS));
    cairo_stroke(a->cr);
}

/* The columns' widths w (natural widths nat, shrunk until the table fits the text width: the
 * widest wrap) and alignments al (the caller's, else numbers right-aligned). */
static void
table_widths(fc_appendix *a, const fc_appendix_table *t, double *w, double *nat, int *al)
{
    double total = 0, avail;
    size_t i, j;

    /* natural widths; alignment from the caller or from the cells */
    for (j = 0; j < t->ncol; j++) {
        int num = t->nrow > 0;
        double cw;
        cell_set(a, t->header[j], 0, 0, 1, 0);
        fc_ck_text_size(a->pg, &nat[j], NULL);
        for (i = 0; i < t->nrow; i++) {
            const char *s = t->cells[i * t->ncol + j];
            cell_set(a, s, 0, 0, 0, (int)j + 1 == t->mono_col);
            fc_ck_text_size(a->pg, &cw, NULL);
            nat[j] = fmax(nat[j], cw);
            num &= numeric_cell(s);
        }
        al[j] = t->align ? t->align[j] : (j > 0 && num);
        total += nat[j];
    }
    /* shrink the widest columns until the table fits the text width (they wrap) */
    avail = text_w() - 6 * (double)t->ncol;
    for (j = 0; j < t->ncol; j++)
        w[j] = nat[j];
    if (total > avail) {
        /* a monospace column (checksums) keeps its width when it can; the others share
         * what is left under one cap, found by bisection, so only the widest wrap */
        double lo = 0, hi = avail, cap = avail, fixed = 0;
        int it;
        size_t mj = t->mono_col > 0 ? (size_t)t->mono_col - 1 : t->ncol;
        if (mj < t->ncol && nat[mj] <= avail * 0.7)
            fixed = nat[mj];
        else
            mj = t->ncol;
        for (it = 0; it < 40; it++) {
            double s = fixed;
            cap = (lo + hi) / 2;
            for (j = 0; j < t->ncol; j++)
                if (j != mj)
                    s += fmin(nat[j], cap);
            if (s > avail)
                hi = cap;
            else
                lo = cap;
        }
        for (j = 0; j < t->ncol; j++)
            w[j] = j == mj ? nat[j] : fmin(nat[j], lo);
    }
}

fc_status
fc_appendix_table_add(fc_appendix *a, const fc_appendix_table *t, fc_err *err)
{
    double *w = NULL, *nat = NULL, hh, th;
    int *al = NULL;
    const char **row = NULL;
    char title[512];
    size_t i, j;
    fc_status st = FC_OK;

    if (a == NULL || t == NULL || t->ncol == 0 || t->header == NULL ||
        (t->nrow > 0 && t->cells == NULL) || a->finished)
        return FC_FAIL(err, FC_EINVAL, "a table needs columns, a header and cells");
    w = calloc(t->ncol, sizeof *w);
    nat = calloc(t->ncol, sizeof *nat);
    al = calloc(t->ncol, sizeof *al);
    row = calloc(t->ncol, sizeof *row);
    if (w == NULL || nat == NULL || al == NULL || row == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory laying out a table");
        goto done;
    }
    table_widths(a, t, w, nat, al);
    a->tw = 0; /* the rules span the table, not the page: a narrow table is not left in the
                  left half of a full-width rule */
    for (j = 0; j < t->ncol; j++)
        a->tw += w[j] + 6;
    a->tw = fmin(a->tw, text_w());
    a->table++;
    snprintf(title, sizeof title, "Table %zu.%zu%s%s", a->section, a->table, t->title ? ": " : "",
             t->title ? t->title : "");
    fc_ck_text_set_bold(a->pg, title, FC_CK_LABEL, text_w(), 0, 1);
    fc_ck_text_size(a->pg, NULL, &th);
    hh = row_height(a, t->header, t->ncol, w, al, 1, 0);
    {
        /* the title, header and first row stay together; a table that fits on a page of its
         * own is not split (a few rows carried over look like a stray fragment) */
        double whole = th + 4 + hh + 8, first = 0;
        for (i = 0; i < t->nrow; i++) {
            double rh = row_height(a, t->cells + i * t->ncol, t->ncol, w, al, 0, t->mono_col);
            if (i == 0)
                first = rh;
            whole += rh;
        }
        need(a, whole <= bottom() - MARGIN - 24 ? whole : th + 4 + hh + first);
    }
    fc_ck_text_set_bold(a->pg, title, FC_CK_LABEL, text_w(), 0, 1);
    record(a, 2, title);
    cairo_tag_begin(a->cr, "Table", NULL);
    cairo_tag_begin(a->cr, "Caption", NULL);
    fc_ck_text_show(a->pg, MARGIN, a->y, 0, 0, 0, fc_rgb_hex(FC_CK_INK));
    cairo_tag_end(a->cr, "Caption");
    a->y += th + 4;
    rule(a, 0.8);
    row_draw(a, t->header, t->ncol, w, al, 1, 0, hh, 0);
    rule(a, 0.5);
    for (i = 0; i < t->nrow; i++) {
        double rh;
        for (j = 0; j < t->ncol; j++)
            row[j] = t->cells[i * t->ncol + j];
        rh = row_height(a, row, t->ncol, w, al, 0, t->mono_col);
        if (a->y + rh > bottom()) {
            /* continue on a new page under a repeated header */
            rule(a, 0.8);
            new_page(a);
            a->page_open = 1;
            snprintf(title, sizeof title, "Table %zu.%zu (continued)", a->section, a->table);
            fc_ck_text_set_bold(a->pg, title, FC_CK_LABEL, text_w(), 0, 1);
            fc_ck_text_show(a->pg, MARGIN, a->y, 0, 0, 0, fc_rgb_hex(FC_CK_INK));
            a->y += th + 4;
            rule(a, 0.8);
            row_draw(a, t->header, t->ncol, w, al, 1, 0, hh, 0);
            rule(a, 0.5);
        }
        row_draw(a, row, t->ncol, w, al, 0, t->mono_col, rh, i % 2 == 1);
    }
    rule(a, 0.8);
    cairo_tag_end(a->cr, "Table");
    a->tw = 0;
    a->y += 4;
    if (t->note)
        para(a, t->note, FC_CK_TICK, 0, fc_rgb_hex(FC_CK_INK2), 0);
    a->y += 12;
    st = fc_ck_status(a->pg, "cannot draw the appendix", err);
done:
    free(w);
    free(nat);
    free(al);
    free(row);
    return st;
}

fc_status
fc_appendix_assumptions_add(fc_appendix *a, size_t n, const char *const *names,
                            const char *const *values, const char *const *sources, fc_err *err)
{
    static const char *const head[3] = {"Parameter", "Value", "Source"};
    static const int align[3] = {0, 0, 0};
    const char **cells;
    fc_appendix_table t = {0};
    size_t i;
    fc_status st;

    if (a == NULL || (n > 0 && (names == NULL || values == NULL)))
        return FC_FAIL(err, FC_EINVAL, "assumptions need names and values");
    cells = calloc(n * 3 + 1, sizeof *cells);
    if (cells == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory listing assumptions");
    for (i = 0; i < n; i++) {
        cells[i * 3] = names[i];
        cells[i * 3 + 1] = values[i];
        cells[i * 3 + 2] = sources ? sources[i] : "";
    }
    st = fc_appendix_section_begin(a, "Assumptions used",
                                   "Every parameter of the scenario after "
                                   "defaults were resolved, as the model used it.",
                                   err);
    t.title = "Scenario parameters";
    t.nrow = n;
    t.ncol = 3;
    t.header = head;
    t.cells = cells;
    t.align = align;
    if (st == FC_OK)
        st = fc_appendix_table_add(a, &t, err);
    free(cells);
    return st;
}

fc_status
fc_appendix_provenance_add(fc_appendix *a, const fc_appendix_input *inputs, size_t n, uint64_t seed,
                           fc_err *err)
{
    static const char *const head[3] = {"Input file", "Rows", "SHA-256"};
    static const int align[3] = {0, 1, 0};
    char **rows = NULL, buf[512];
    const char **cells = NULL;
    fc_appendix_table t = {0};
    size_t i;
    fc_status st;

    if (a == NULL || (n > 0 && inputs == NULL))
        return FC_FAIL(err, FC_EINVAL, "provenance needs its inputs");
    cells = calloc(n * 3 + 1, sizeof *cells);
    rows = calloc(n + 1, sizeof *rows);
    if (cells == NULL || rows == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory listing inputs");
        goto done;
    }
    snprintf(buf, sizeof buf,
             "How this appendix was produced. Random seed: %" PRIu64
             ". Scenario: %s. Data as at: %s. Software: %s.",
             seed, a->scenario, a->data_date ? a->data_date : "not stated",
             a->version ? a->version : "Fulcrum");
    st = fc_appendix_section_begin(a, "Provenance", buf, err);
    for (i = 0; i < n && st == FC_OK; i++) {
        fc_axis_fmt f;
        rows[i] = malloc(FC_AXIS_LABEL_MAX);
        if (rows[i] == NULL) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory listing inputs");
            goto done;
        }
        fc_axis_fmt_choose(&f, FC_FMT_NUMBER, (double)inputs[i].rows, 1);
        fc_axis_fmt_value(&f, (double)inputs[i].rows, rows[i], FC_AXIS_LABEL_MAX);
        cells[i * 3] = inputs[i].path;
        cells[i * 3 + 1] = rows[i];
        cells[i * 3 + 2] = inputs[i].sha256;
    }
    t.title = "Inputs and checksums";
    t.nrow = n;
    t.ncol = 3;
    t.header = head;
    t.cells = cells;
    t.align = align;
    t.mono_col = 3;
    t.note = "Check an input with: sha256sum <file>. A different checksum means the charts "
             "and tables here were not produced from that file.";
    if (st == FC_OK)
        st = fc_appendix_table_add(a, &t, err);
done:
    if (rows)
        for (i = 0; i < n; i++)
            free(rows[i]);
    free(rows);
    free(cells);
    return st;
}
