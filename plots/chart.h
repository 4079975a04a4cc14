/* chart.h: the chart kit: a canvas that draws the same way to PNG (at a chosen DPI), SVG and
 * PDF, the colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008) with a
 * stable series-name -> colour mapping, and the text every chart carries (title, subtitle with
 * variant or price base, axis titles with units, source line). Units on the canvas are
 * points (1/72 inch); text is laid out by Pango so every label is measured before it is
 * placed. Chart types (one file each: pyramid, lines, stack, waterfall, gap, rank, ladder,
 * ceplane, ceac, probbar) draw on it.
 */
#ifndef FC_PLOTS_CHART_H
#define FC_PLOTS_CHART_H

#include <stddef.h>

#include <cairo.h>

#include "models/status.h"

typedef enum fc_chart_format { FC_CHART_PNG = 0, FC_CHART_SVG, FC_CHART_PDF } fc_chart_format;

/* A colour, each channel 0..1. */
typedef struct fc_rgb {
    double r, g, b;
} fc_rgb;

/* Okabe-Ito, in the order categories take them (black last). */
#define FC_OKABE_ITO_N 8
#define FC_RGB_ORANGE 0xE69F00u
#define FC_RGB_SKY 0x56B4E9u
#define FC_RGB_GREEN 0x009E73u
#define FC_RGB_YELLOW 0xF0E442u
#define FC_RGB_BLUE 0x0072B2u
#define FC_RGB_VERMILLION 0xD55E00u
#define FC_RGB_PURPLE 0xCC79A7u
#define FC_RGB_BLACK 0x000000u

/* The text of a chart. Every pointer is borrowed for the duration of the draw call; only
 * title is required. Units belong in the axis titles ("£m, 2025/26 prices"). */
typedef struct fc_chart_text {
    const char *title;    /* states the finding; wrapped to the chart width */
    const char *subtitle; /* scenario, variant, price base */
    const char *x_title;  /* with units */
    const char *y_title;  /* with units */
    const char *source;   /* "Source: ... (date)"; notes such as "90+ is top-coded" */
} fc_chart_text;

/* Canvas options; zeroed fields take the defaults shown. */
typedef struct fc_chart_opts {
    double width_pt;  /* 482 (A4 text width, 170 mm) */
    double height_pt; /* 300 */
    double dpi;       /* PNG only: 150 */
    double font_pt;   /* base (tick label) size: 9; others scale from it */
    const char *font; /* fontconfig family: "DejaVu Sans" */
    const char *date; /* PDF metadata date, ISO 8601, e.g. "2026-03-31T00:00:00"; NULL
                         gives "2000-01-01T00:00:00" so output never carries the clock */
} fc_chart_opts;

typedef struct fc_palette fc_palette;
typedef struct fc_chart fc_chart;

/* Where a finished chart's or appendix's bytes go. plots/ never opens a file (only the engine
 * touches files): the engine passes a sink that appends to a file of its output transaction
 * (engine/io/out.h), so a chart appears only when the run commits; tests pass a memory buffer.
 * write() gets the bytes in order, possibly in many pieces, and returns 0 on success or
 * nonzero on failure (reported as FC_EIO). */
typedef struct fc_sink {
    int (*write)(void *closure, const unsigned char *data, size_t n);
    void *closure;
} fc_sink;

/* ------------------------------------------------------------------------------ colours */

/* Converts 0xRRGGBB. */
fc_rgb fc_rgb_hex(unsigned hex);

/* The sequential single-hue ramp (light to dark blue) at t in [0, 1]; used for bands. */
fc_rgb fc_rgb_ramp(double t);

/* WCAG 2.x relative luminance of an sRGB colour (0 black .. 1 white) and the contrast ratio
 * of two colours (1 .. 21); text should reach 4.5 against its ground. */
double fc_rgb_luminance(fc_rgb c);
double fc_rgb_contrast(fc_rgb a, fc_rgb b);

/* Returns a new palette in *out (free with fc_palette_free()). A palette maps series names to
 * colours: a name keeps the colour it got first, so charts sharing one palette colour the same
 * series the same way. "Male"/"Female" are preset (blue/orange, never red/green).
 * FC_ENOMEM when out of memory. */
fc_status fc_palette_alloc(fc_palette **out, fc_err *err);
void fc_palette_free(fc_palette *pal);

/* Fixes the colour of name (copied). FC_ENOMEM when out of memory, FC_EINVAL for NULL name. */
fc_status fc_palette_set(fc_palette *pal, const char *name, fc_rgb colour, fc_err *err);

/* Returns the colour of name, giving it the next unused Okabe-Ito colour on first sight
 * (cycling when all eight are taken; black for any name when out of memory). */
fc_rgb fc_palette_get(fc_palette *pal, const char *name);

/* ----------------------------------------------------------------------------- lifecycle */

/* Returns a new canvas in *out (free with fc_chart_free()). sink (copied) receives the encoded
 * file: PNG and SVG are encoded in memory and handed over by fc_chart_finish(); a PDF streams
 * into it as Cairo writes. sink may be NULL for PNG, which then renders in memory only (tests
 * sample its pixels). pal is borrowed (NULL: a private palette). FC_EINVAL for a bad size or
 * format or a vector chart without a sink, FC_EIO when Cairo cannot create the surface. */
fc_status fc_chart_alloc(fc_chart **out, fc_chart_format format, const fc_sink *sink,
                         const fc_chart_opts *opts, fc_palette *pal, fc_err *err);

/* Returns a new canvas that draws into the rectangle (x, y, w, h) pt of cr, which it borrows
 * (the appendix uses this to place charts on its pages). fc_chart_finish() then only checks
 * the status. */
fc_status fc_chart_alloc_cairo(fc_chart **out, cairo_t *cr, double x, double y, double w, double h,
                               const fc_chart_opts *opts, fc_palette *pal, fc_err *err);

/* Finishes the canvas: encodes the PNG or SVG and hands it to the sink, or finishes the PDF;
 * checks the Cairo status of the context and surface. FC_EIO (with Cairo's message) when
 * drawing or the sink fails, FC_ENOMEM when the encoded file does not fit in memory. */
fc_status fc_chart_finish(fc_chart *c, fc_err *err);

/* Records a title and a text alternative (both copied; either may be NULL) written into the
 * file as metadata: SVG <title> and <desc>, PNG iTXt "Title" and "Description", PDF Title
 * and Subject. Call before fc_chart_finish(). FC_ENOMEM when out of memory. */
fc_status fc_chart_describe(fc_chart *c, const char *title, const char *desc, fc_err *err);

/* Frees the canvas (and its surface unless borrowed). Accepts NULL. */
void fc_chart_free(fc_chart *c);

/* ----------------------------------------------------------------------------- accessors */

/* Canvas size in pt. */
double fc_chart_width(const fc_chart *c);
double fc_chart_height(const fc_chart *c);

/* The Cairo surface (borrowed); for in-memory PNG canvases, an image surface. */
cairo_surface_t *fc_chart_surface(const fc_chart *c);

/* Maps data coordinates of the last chart drawn to canvas pt (x right, y down). On a
 * categorical axis the coordinate is the category index: i maps to the centre of category i
 * (0 = first: leftmost, or topmost on a vertical axis). FC_EINVAL before any chart. */
fc_status fc_chart_map(const fc_chart *c, double xv, double yv, double *x_pt, double *y_pt);

/* A box the canvas drew: a run of text (its logical box; rotated text's upright bounding
 * box) or a mark (a point's marker), in canvas pt. */
typedef struct fc_chart_box {
    double x0, y0, x1, y1;
    int mark;       /* 1: a mark; 0: text */
    int data_label; /* text: a label placed beside a mark */
    fc_rgb ink;     /* text: its colour */
} fc_chart_box;

/* Every text and mark box drawn on c so far, in drawing order (*n of them); NULL when none.
 * For layout tests: no two words overprint, no label covers a mark. */
const fc_chart_box *fc_chart_boxes(const fc_chart *c, size_t *n);

/* The plot area of the last chart drawn, in pt. */
void fc_chart_plot_area(const fc_chart *c, double *x0, double *y0, double *x1, double *y1);

/* Reads the colour at (x_pt, y_pt) of a PNG canvas (after drawing).
 * FC_EINVAL for a vector canvas or a point outside it. */
fc_status fc_chart_pixel(fc_chart *c, double x_pt, double y_pt, fc_rgb *out, fc_err *err);

#endif /* FC_PLOTS_CHART_H */
