/* appendix.h: the plan's analysis appendix as one multi-page A4 PDF: a title page (scenario,
 * date of the data, version), numbered sections with charts and captions, compact tables laid
 * out with Pango and paginated (header row repeated), the assumptions used and a provenance
 * page (inputs with checksums, seed). Pages are written as they fill; the PDF carries a
 * bookmark per section. Output is reproducible: the metadata dates come from the caller, so
 * the same inputs give the same bytes.
 */
#ifndef FC_PLOTS_APPENDIX_H
#define FC_PLOTS_APPENDIX_H

#include <stddef.h>
#include <stdint.h>

#include "models/status.h"
#include "plots/chart.h"
#include "plots/plot.h"

typedef struct fc_appendix fc_appendix;

/* A heading, figure or table of the appendix and the page it is on: what the contents page
 * lists (fc_appendix_entries of a first, layout-only rendering). */
typedef struct fc_appendix_entry {
    int kind;          /* 0 section, 1 figure, 2 table */
    const char *text;  /* "1  Population projection", "Figure 1.2. ...", "Table 1.1: ..." */
    size_t page;       /* 1-based, counting the title page, without contents pages */
} fc_appendix_entry;

/* What the title page and running header say. All borrowed during fc_appendix_alloc() only
 * (copied). */
typedef struct fc_appendix_meta {
    const char *title;        /* NULL: "Analysis appendix" */
    const char *scenario;     /* scenario name (required) */
    const char *organisation; /* e.g. the partnership's name; NULL: none */
    const char *sources;      /* the data's sources and attribution, a paragraph; NULL: none */
    const char *data_date;    /* date of the data, as printed, e.g. "31 March 2026" */
    const char *version;      /* e.g. "Fulcrum 0.1.0" */
    const char *pdf_date;     /* ISO 8601 metadata date, e.g. "2026-03-31T00:00:00"; NULL:
                                 "2000-01-01T00:00:00" (never the clock) */
    const char *summary;      /* optional paragraph on the title page */
    const fc_appendix_entry *contents; /* when given (n of them): a contents page, and lists
                                          of figures and tables, after the title page, each
                                          line a link to its page (entries of a first
                                          rendering of the same document) */
    size_t ncontents;
} fc_appendix_meta;

/* A table of preformatted cells (the caller formats numbers, e.g. with fc_axis_fmt_value).
 * Borrowed for the call. */
typedef struct fc_appendix_table {
    const char *title; /* "Table 3.1: <title>" is printed above it */
    size_t nrow, ncol;
    const char *const *header; /* ncol column names */
    const char *const *cells;  /* row-major nrow * ncol; NULL cells print empty */
    const int *align;          /* per column 0 left, 1 right; NULL: numbers right */
    const char *note;          /* printed under the table; NULL: none */
    int mono_col;              /* 1-based column set in a monospace font (checksums);
                                  0: none */
} fc_appendix_table;

/* One input file for the provenance page. */
typedef struct fc_appendix_input {
    const char *path;   /* as given to the engine */
    const char *sha256; /* hex digest */
    size_t rows;        /* data rows read */
} fc_appendix_input;

/* Starts the PDF and writes the title page. The PDF's bytes go to sink (its closure is
 * borrowed until fc_appendix_free(); plots/ never opens files) as pages fill. opts sets the
 * font and base size (width, height and dpi are ignored); pal is borrowed (NULL: a private
 * palette). Returns new in *out; free with fc_appendix_free(). FC_EINVAL without a sink or a
 * scenario name; FC_EIO when the sink fails. */
fc_status fc_appendix_alloc(fc_appendix **out, const fc_sink *sink, const fc_appendix_meta *meta,
                            const fc_chart_opts *opts, fc_palette *pal, fc_err *err);

/* Starts numbered section title on a new page, with an optional intro paragraph, and adds a
 * PDF bookmark. */
fc_status fc_appendix_section_begin(fc_appendix *a, const char *title, const char *intro,
                                    fc_err *err);

/* A paragraph of body text (wrapped, may break across pages between lines' blocks). */
fc_status fc_appendix_text_add(fc_appendix *a, const char *text, fc_err *err);

/* Places a chart at full text width (height_pt tall; <= 0: 300; raised to
 * fc_plot_height_hint() so every row fits, capped at a page) with "Figure s.n" and the
 * caption below it (NULL: the chart's key figures, fc_plot_summary()); starts a new page
 * when it does not fit. Returns the chart's draw status. */
fc_status fc_appendix_plot_add(fc_appendix *a, const fc_plot *p, double height_pt,
                               const char *caption, fc_err *err);

/* A table, paginated with its header row repeated. FC_EINVAL for ncol == 0 or NULL arrays. */
fc_status fc_appendix_table_add(fc_appendix *a, const fc_appendix_table *t, fc_err *err);

/* The assumptions used: a three-column table (parameter, value, source) of n rows under its
 * own section. sources may be NULL. */
fc_status fc_appendix_assumptions_add(fc_appendix *a, size_t n, const char *const *names,
                                      const char *const *values, const char *const *sources,
                                      fc_err *err);

/* The provenance section: inputs with their rows and SHA-256 checksums, the seed, and the
 * version and data date from the title page. */
fc_status fc_appendix_provenance_add(fc_appendix *a, const fc_appendix_input *inputs, size_t n,
                                     uint64_t seed, fc_err *err);

/* Finishes the last page and the file; checks Cairo's status. FC_EIO on failure. */
fc_status fc_appendix_finish(fc_appendix *a, fc_err *err);

/* The headings, figures and tables placed so far, with their pages (borrowed from a; valid
 * until the next call that adds content, or fc_appendix_free). */
size_t fc_appendix_entries(const fc_appendix *a, const fc_appendix_entry **entries);

/* Number of pages written so far (after finish: the total). */
size_t fc_appendix_pages(const fc_appendix *a);

/* Frees the appendix; an unfinished one sends nothing more to the sink. Accepts NULL. */
void fc_appendix_free(fc_appendix *a);

#endif /* FC_PLOTS_APPENDIX_H */
