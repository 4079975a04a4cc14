/* chart_int.h: helpers shared inside plots/ (never installed): the canvas record, Pango text,
 * the chart frame (title, subtitle, source line), legends and the x/y axis layout that
 * measures every tick label before placing it; the canvas is chart.c, with palette.c,
 * encode.c, text.c and frame.c beside it. Not part of the public API.
 */
#ifndef FC_PLOTS_CHART_INT_H
#define FC_PLOTS_CHART_INT_H

#include <pango/pangocairo.h>

#include "plots/axis.h"
#include "plots/chart.h"

/* House colours for the frame and guides. */
#define FC_CK_INK 0x222222u
#define FC_CK_INK2 0x505050u
#define FC_CK_GRID 0xDDDDDDu
#define FC_CK_AXIS 0x444444u
#define FC_CK_TOTAL 0x6B6B6Bu
#define FC_CK_PAD 6.0 /* pt between blocks */
#define FC_CK_PI 3.14159265358979323846

struct fc_chart {
    fc_chart_format format;
    fc_sink sink;             /* where the encoded file goes; write NULL: in-memory PNG or a
                                 borrowed context */
    int sink_failed;          /* the sink returned an error */
    cairo_surface_t *surface; /* owned unless borrowed */
    cairo_t *cr;              /* owned unless borrowed */
    int borrowed;             /* 1: cr belongs to the caller (appendix pages) */
    int page;                 /* 1: the appendix's page text (paragraphs are never cut short) */
    double ox, oy;            /* origin of the canvas on a borrowed context, pt */
    double w, h;              /* canvas size, pt */
    double scale;             /* device pixels per pt (PNG) */
    double font_pt;           /* base text size, pt */
    char font[64];            /* fontconfig family */
    char date[32];            /* PDF metadata date */
    PangoContext *pctx;
    PangoLayout *layout;
    PangoFontDescription *desc;
    char *meta_title, *meta_desc; /* accessible metadata (fc_chart_describe) */
    char *out;                    /* SVG or PNG bytes from Cairo's stream, written at finish */
    size_t out_len, out_cap;
    int out_nomem;
    fc_chart_box *boxes;          /* every text and mark drawn (fc_chart_boxes) */
    size_t nbox, boxcap;
    int labelling;                /* 1: text drawn now is a data label */
    char *svgt;                   /* SVG: the chart's text as <text> elements (text.c) */
    size_t svgt_len, svgt_cap;
    fc_palette *pal; /* borrowed, or own_pal */
    fc_palette *own_pal;
    int drawn;                 /* a chart has set the scales below */
    fc_axis_scale sx, sy;      /* last chart's scales: data (or category index) -> pt */
    double px0, py0, px1, py1; /* last chart's plot area, pt */
};

typedef struct fc_ck_box {
    double x0, y0, x1, y1; /* pt */
} fc_ck_box;

/* ------------------------------------------------------------------------------- text */

/* Text roles: sizes are multiples of the base size. */
typedef enum fc_ck_role {
    FC_CK_TICK = 0, /* tick and data labels */
    FC_CK_LABEL,    /* axis titles, legend, direct labels */
    FC_CK_SUB,      /* subtitle */
    FC_CK_TITLE,    /* bold title */
    FC_CK_NOTE      /* source line */
} fc_ck_role;

/* Loads s into the canvas layout with the role's font, wrapped at wrap_w pt (<= 0: no
 * wrapping), aligned 0 left, 1 centre, 2 right. */
void fc_ck_text_set(fc_chart *c, const char *s, fc_ck_role role, double wrap_w, int align);
/* Same with bold forced on or off. */
void fc_ck_text_set_bold(fc_chart *c, const char *s, fc_ck_role role, double wrap_w, int align,
                         int bold);
/* Logical size of the loaded text, pt. */
void fc_ck_text_size(fc_chart *c, double *w, double *h);
/* Width of s in the role's font, pt. */
double fc_ck_text_width(fc_chart *c, const char *s, fc_ck_role role);
/* Width of s in the role's font, bold, pt. */
double fc_ck_text_width_bold(fc_chart *c, const char *s, fc_ck_role role);
/* A text colour for labels in a series' hue: darkened until it reaches WCAG's 4.5:1 on white. */
fc_rgb fc_ck_ink_of(fc_rgb col);
/* A line colour in a series' hue: very light hues (Okabe-Ito yellow) are darkened so a
 * 2 pt line still shows on white. */
fc_rgb fc_ck_line_of(fc_rgb col);
/* Draws the loaded text with its box anchored at (x, y): ax, ay are fractions of the box (0
 * left/top, 0.5 centre, 1 right/bottom). angle (radians) rotates about the anchor. */
void fc_ck_text_show(fc_chart *c, double x, double y, double ax, double ay, double angle,
                     fc_rgb col);
/* Records a drawn box for fc_chart_boxes; 0 (and none recorded) when memory runs out. */
int fc_ck_note_box(fc_chart *c, double x0, double y0, double x1, double y1, int mark);
/* Appends n bytes to the growing buffer *buf (*len used of *cap, first bytes at the first
 * growth, doubling after), keeping a NUL byte after them so text stays searchable. 1, or 0
 * (the buffer untouched) when memory runs out. */
int fc_ck_buf_add(char **buf, size_t *len, size_t *cap, size_t first, const void *data,
                  size_t n);
/* SVG: the loaded text as <text> elements, one a line, in the canvas's <text> list (set
 * out_nomem when memory runs out); the layout's top-left corner is at (x, y) after a
 * rotation by angle about (tx, ty). */
void fc_ck_svg_text(fc_chart *c, double tx, double ty, double angle, double x, double y,
                    fc_rgb col, int halo);
/* Draws the loaded text (no rotation) over a white halo, so it reads across lines. */
void fc_ck_text_halo(fc_chart *c, double x, double y, double ax, double ay, fc_rgb col);
/* Convenience: set (no wrap) and show. */
void fc_ck_text(fc_chart *c, const char *s, fc_ck_role role, double x, double y, double ax,
                double ay, fc_rgb col);

/* ------------------------------------------------------------------------------ drawing */

void fc_ck_rgb(fc_chart *c, fc_rgb col);
void fc_ck_rgba(fc_chart *c, fc_rgb col, double alpha);
/* Mixes col towards white by t (0..1). */
fc_rgb fc_ck_tint(fc_rgb col, double t);
/* Draws a marker of the given shape (0 circle, 1 square, 2 triangle, 3 diamond, 4 triangle
 * down, cycling) centred at (x, y) with radius r, filled col with a white edge. */
void fc_ck_marker(fc_chart *c, int shape, double x, double y, double r, fc_rgb col);

/* Clears the canvas to white, draws title, subtitle and source line, and returns the box
 * left for the legend and plot. */
fc_ck_box fc_ck_frame(fc_chart *c, const fc_chart_text *t);

/* ------------------------------------------------------------------------------- legend */

typedef enum fc_ck_key_kind {
    FC_KEY_FILL = 0,
    FC_KEY_LINE,
    FC_KEY_DASH,
    FC_KEY_OUTLINE,
    FC_KEY_BAND,
    FC_KEY_POINT
} fc_ck_key_kind;

typedef struct fc_ck_key {
    const char *label;
    fc_rgb col;
    fc_ck_key_kind kind;
    double alpha; /* band and fill opacity (0 = 1) */
    int shape;    /* marker shape for FC_KEY_POINT */
} fc_ck_key;

/* Draws the keys as rows that wrap across the top of *b and shrinks *b below them, so a
 * legend never covers data. */
void fc_ck_legend(fc_chart *c, fc_ck_box *b, const fc_ck_key *keys, size_t n);

/* ---------------------------------------------------------------------------------- axes */

typedef struct fc_ck_axis {
    /* set by the chart */
    int cat; /* 1: categorical (labels below) */
    size_t ncat;
    const char *const *cats; /* category labels, borrowed */
    double lo, hi;           /* value axis: data range to cover */
    fc_axis_fmt_kind fk;     /* label format */
    int log;                 /* log scale */
    int exact;               /* 1: the domain is exactly [lo, hi] (years) */
    int grid;                /* draw gridlines at ticks */
    int wrap_cats;           /* y categorical: wrap labels at this % of the width */
    int abs_labels;          /* label |v| (pyramids: both sides count upwards) */
    int one_line;            /* set by layout: wrapped labels did not fit their rows, so
                                each is one line cut with an ellipsis */
    const char *title;       /* axis title with units */
    /* set by fc_ck_xy_layout */
    fc_axis_ticks ticks;
    fc_axis_fmt fmt;
    fc_axis_scale s;
    size_t stride;  /* label every stride-th tick or category */
    double label_w; /* widest label, pt */
    double band;    /* category band width, pt */
} fc_ck_axis;

typedef struct fc_ck_xy {
    fc_ck_axis x, y;
    double right_pad; /* pt kept free right of the plot (direct labels) */
    double left_pad;  /* pt kept free left of the plot area inside the y labels */
    fc_ck_box plot;   /* result: the plot area */
} fc_ck_xy;

/* Measures the tick labels of both axes, places the axis titles and computes the plot area and
 * the scales inside b; records them on the canvas for fc_chart_map(). FC_EINVAL for an empty
 * or non-finite axis range. */
fc_status fc_ck_xy_layout(fc_chart *c, fc_ck_xy *g, fc_ck_box b, fc_err *err);
/* Gridlines (before data). */
void fc_ck_xy_grid(fc_chart *c, const fc_ck_xy *g);
/* Axis lines, tick labels and axis titles (after data). */
void fc_ck_xy_axes(fc_chart *c, const fc_ck_xy *g);
/* Position of category i (centre) or value v on an axis. */
double fc_ck_pos(const fc_ck_axis *a, double v);
/* Clips drawing to the plot area (cairo_save first; cairo_restore to undo). */
void fc_ck_clip(fc_chart *c, const fc_ck_xy *g);

/* Checks the Cairo status of the canvas once; FC_EIO with Cairo's message. */
fc_status fc_ck_status(fc_chart *c, const char *what, fc_err *err);

/* FC_EDATA naming what and the index when one of v[0..n) is not finite. */
fc_status fc_ck_finite(const double *v, size_t n, const char *what, fc_err *err);

/* A dashed vertical line at x across g's plot area: dashes on pt long, off pt apart (5 and 3
 * for fc_ck_dashed_vline). */
void fc_ck_vline_dash(fc_chart *c, const fc_ck_xy *g, double x, fc_rgb col, double width,
                      double on, double off);
void fc_ck_dashed_vline(fc_chart *c, const fc_ck_xy *g, double x, fc_rgb col, double width);

/* Names series beside the plot's right edge (keep g->right_pad for them): name k wanted at
 * want[k] (pt), spread apart within [plot top, hi] into placed[k], bold in the series' ink,
 * with a leader from the plot's edge where it moved. Line ends and stack layers use it. */
void fc_ck_side_labels(fc_chart *c, const fc_ck_xy *g, const char *const *names,
                       const double *want, double *placed, size_t n, double hi);

/* ------------------------------------------------------------------- label placement */

/* A line labels should not cross, with what crossing it costs (FC_CK_STRONG for a
 * threshold, frontier or axis; a gridline much less). */
#define FC_CK_STRONG 12.0 /* as costly as standing 100 pt off the mark with a leader */
typedef struct fc_ck_seg {
    double x0, y0, x1, y1;
    double weight;
} fc_ck_seg;

/* Point labels to place: label i (w[i] x h pt) belongs to the mark centred at (px[i],
 * py[i]) of radius mark_r; none may cover a mark, another label or an avoid box, or leave
 * bounds, and lines crossed cost their weight. */
typedef struct fc_ck_place {
    size_t n;
    const double *px, *py, *w;
    double h, mark_r;
    const fc_ck_box *avoid;
    size_t n_avoid;
    const fc_ck_seg *segs;
    size_t n_segs;
    fc_ck_box bounds;
} fc_ck_place;

/* Area (pt^2) two boxes share. */
double fc_ck_box_overlap(const fc_ck_box *a, const fc_ck_box *b);
/* 1 when segment s passes through the inside of box b. */
int fc_ck_seg_hits(const fc_ck_box *b, const fc_ck_seg *s);
/* Places the labels: box[i] gets label i's box and far[i] 1 when it stands off its mark and
 * wants a leader line. Each label takes the clear spot nearest its mark (eight hugging it,
 * then rings out to 115 pt in 24 directions), three greedy passes. */
void fc_ck_place_labels(const fc_ck_place *pl, fc_ck_box *box, int *far);
/* A thin leader from the mark at (px, py) of radius r to the nearest point of box b. */
void fc_ck_leader(fc_chart *c, double px, double py, double r, const fc_ck_box *b, fc_rgb col);

/* ---------------------------------------------------------------- accessible PDF */

/* Reads the tagged PDF pdf[0..n) and writes it to sink with the catalogue's /Lang set to
 * lang and the i-th /Figure structure element (document order) given /Alt alt[i] (nalt of
 * them; NULL or empty: none); *figures_out gets the figures found. qpdf does the reading
 * and writing, with a deterministic /ID. FC_EIO when either fails. */
fc_status fc_pdf_accessible(const unsigned char *pdf, size_t n, const char *lang,
                            char *const *alt, size_t nalt, const fc_sink *sink,
                            size_t *figures_out, fc_err *err);

/* Places n labels of height h wanted at y[i] (pt, any order) so that none overlap, keeping
 * them inside [lo, hi]; writes the placed centres to out[i]. Used for direct line labels. */
void fc_ck_spread(const double y[], double out[], size_t n, double h, double lo, double hi);

/* shared by the files split from chart.c */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
typedef struct pal_entry {
    char *name;
    fc_rgb col;
} pal_entry;

/* Cairo's SVG stream callback: collects the document in memory. */
cairo_status_t fc_ck_out_write(void *closure, const unsigned char *data, unsigned int length);

/* Cairo's PDF stream callback: hands the bytes straight to the sink. */
cairo_status_t fc_ck_sink_write(void *closure, const unsigned char *data, unsigned int length);

/* Cairo names SVG groups "surface<N>" from a process-wide counter, so two renders in one
 * process differ. Renumbers every "surface<digits>" in order of first appearance (keeping
 * references consistent) and hands the document to the sink: the same drawing gives the
 * same bytes. */
fc_status fc_ck_svg_save(fc_chart *c, fc_err *err);

/* Emits the PNG Cairo produced with a pHYs chunk after IHDR, so word processors place the
 * image at its true size (Cairo records no resolution; 1004 px would otherwise paste as
 * 10.5 inches at 96 dpi). */
fc_status fc_ck_png_save(fc_chart *c, fc_err *err);

#endif /* FC_PLOTS_CHART_INT_H */
