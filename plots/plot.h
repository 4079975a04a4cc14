/* plot.h: one value for any chart type (a tagged union of the chart records), so the engine
 * can build a chart once and write it as PNG, SVG and PDF and place it in the appendix.
 */
#ifndef FC_PLOTS_PLOT_H
#define FC_PLOTS_PLOT_H

#include "models/status.h"
#include "plots/chart.h"
#include "plots/ceac.h"
#include "plots/ceplane.h"
#include "plots/gap.h"
#include "plots/ladder.h"
#include "plots/tornado.h"
#include "plots/heatmap.h"
#include "plots/lines.h"
#include "plots/probbar.h"
#include "plots/pyramid.h"
#include "plots/rank.h"
#include "plots/stack.h"
#include "plots/waterfall.h"

typedef enum fc_plot_kind {
    FC_PLOT_PYRAMID = 0,
    FC_PLOT_LINES, /* projection lines and fan charts */
    FC_PLOT_STACK, /* stacked area or bars */
    FC_PLOT_WATERFALL,
    FC_PLOT_GAP,
    FC_PLOT_RANK,
    FC_PLOT_LADDER,
    FC_PLOT_CEPLANE,
    FC_PLOT_CEAC,
    FC_PLOT_PROB, /* probability of being funded, per option */
    FC_PLOT_TORNADO, /* one-way sensitivity: each parameter's low and high outcome */
    FC_PLOT_HEATMAP  /* two-way sensitivity: a grid of two parameters' values */
} fc_plot_kind;

/* A chart of any kind; the member named by kind is used. All data are borrowed. */
typedef struct fc_plot {
    fc_plot_kind kind;
    union {
        fc_pyramid pyramid;
        fc_lines lines;
        fc_stack stack;
        fc_waterfall waterfall;
        fc_gap gap;
        fc_rank rank;
        fc_ladder ladder;
        fc_ceplane ceplane;
        fc_ceac ceac;
        fc_probbar prob;
        fc_tornado tornado;
        fc_heatmap heatmap;
    } u;
} fc_plot;

/* The chart's text (title, axis titles, source) whatever its kind. */
const fc_chart_text *fc_plot_text(const fc_plot *p);

/* A canvas height (pt) at which p's rows fit: charts with a row per option or driver (ranked
 * options, ladder, waterfall, probabilities) grow with their rows; every other chart returns 300. */
double fc_plot_height_hint(const fc_plot *p);

/* Draws p on c with the chart type's draw function; returns its status (FC_EINVAL for an
 * unknown kind). */
fc_status fc_plot_draw(fc_chart *c, const fc_plot *p, fc_err *err);

/* Writes a plain-text alternative for p into buf (title, what the chart shows with its key
 * figures, source), like snprintf: always NUL-terminated when n > 0, returns the length
 * needed. The figures use the chart's own label formats. Used for the SVG <desc>, the PNG
 * Description text chunk and the appendix caption when none is given. */
size_t fc_plot_describe(const fc_plot *p, char *buf, size_t n);

/* The key figures of p alone (no title, subtitle or source), as in fc_plot_describe(); the
 * appendix uses it as a figure's caption when none is given. */
size_t fc_plot_summary(const fc_plot *p, char *buf, size_t n);

/* Draws p in format fmt (opts and pal as for fc_chart_alloc), with its title and
 * fc_plot_describe() text embedded as accessible metadata, and hands the encoded file to sink
 * (borrowed; plots/ never opens files). FC_EINVAL without a sink; FC_EIO when the sink fails;
 * the draw function's status otherwise. */
fc_status fc_plot_write(const fc_plot *p, fc_chart_format fmt, const fc_sink *sink,
                        const fc_chart_opts *opts, fc_palette *pal, fc_err *err);

#endif /* FC_PLOTS_PLOT_H */
