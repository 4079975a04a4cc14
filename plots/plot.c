/* plot.c: the registry of chart types: from the tagged chart record to each type's text,
 * height, drawing and text alternative (see plot.h). */
#include "plots/plot.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================== descriptions */

typedef struct sbuf {
    char *buf;
    size_t n, len;
} sbuf;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
cat(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    int k;
    va_start(ap, fmt);
    k = vsnprintf(b->len < b->n ? b->buf + b->len : NULL, b->len < b->n ? b->n - b->len : 0, fmt,
                  ap);
    va_end(ap);
    if (k > 0)
        b->len += (size_t)k;
}

/* A value as the chart labels it (three significant figures, the kind's suffix). */
static const char *
val(char *out, fc_axis_fmt_kind kind, double v, double scale, int sign)
{
    fc_axis_fmt f;
    fc_axis_fmt_choose(&f, kind, fabs(scale) > 0 ? scale : v, 0);
    f.sign = sign;
    fc_axis_fmt_value(&f, v, out, FC_AXIS_LABEL_MAX);
    return out;
}

/* A round value (a budget, a threshold) with only the decimals it needs. */
static const char *
exact(char *out, fc_axis_fmt_kind kind, double v)
{
    fc_axis_fmt f;
    fc_axis_fmt_choose(&f, kind, fabs(v), fabs(v) > 0 ? fabs(v) : 1);
    fc_axis_fmt_value(&f, v, out, FC_AXIS_LABEL_MAX);
    return out;
}

static const char *
xval(char *out, fc_axis_fmt_kind kind, double v)
{
    fc_axis_fmt f;
    fc_axis_fmt_choose(&f, kind, fabs(v), kind == FC_FMT_YEAR || kind == FC_FMT_FYEAR ? 1 : 0);
    fc_axis_fmt_value(&f, v, out, FC_AXIS_LABEL_MAX);
    return out;
}

static void
describe_lines(sbuf *b, const fc_lines *l)
{
    char a[FC_AXIS_LABEL_MAX], c[FC_AXIS_LABEL_MAX], d[FC_AXIS_LABEL_MAX], e[FC_AXIS_LABEL_MAX];
    size_t k, i, i0, i1;
    if (l->n_x == 0 || l->x == NULL)
        return;
    cat(b, " Line chart, %s to %s.", xval(a, l->x_fmt, l->x[0]),
        xval(c, l->x_fmt, l->x[l->n_x - 1]));
    for (k = 0; k < l->n_series && k < 12; k++) {
        const fc_series *s = &l->series[k];
        for (i0 = 0; i0 < l->n_x && isnan(s->y[i0]); i0++)
            ;
        for (i1 = l->n_x; i1 > i0 && isnan(s->y[i1 - 1]); i1--)
            ;
        if (i0 >= i1)
            continue;
        i1--;
        cat(b, " %s: %s in %s, %s in %s", s->name ? s->name : "series",
            val(a, l->y_fmt, s->y[i0], s->y[i1], 0), xval(c, l->x_fmt, l->x[i0]),
            val(d, l->y_fmt, s->y[i1], s->y[i1], 0), xval(e, l->x_fmt, l->x[i1]));
        if (s->lo && !isnan(s->lo[i1]) && !isnan(s->hi[i1]))
            cat(b, "; %s %s to %s", l->band_label ? l->band_label : "P10\xe2\x80\x93P90",
                val(a, l->y_fmt, s->lo[i1], s->y[i1], 0), val(c, l->y_fmt, s->hi[i1], s->y[i1], 0));
        cat(b, ".");
    }
    (void)i;
}

static void
describe_pyramid_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX], c[FC_AXIS_LABEL_MAX], d[FC_AXIS_LABEL_MAX];
    size_t i;
    const fc_pyramid *y = &p->u.pyramid;
    double m = 0, f = 0, m2 = 0, f2 = 0;
    for (i = 0; i < y->n_age && y->male && y->female; i++) {
        m += y->male[i];
        f += y->female[i];
        if (y->male_cmp) {
            m2 += y->male_cmp[i];
            f2 += y->female_cmp[i];
        }
    }
    if (y->n_age == 0 || y->age_labels == NULL)
        return;
    cat(b,
        " Population pyramid, %zu age bands from %s to %s. %s: %s people (%s male, %s "
        "female).",
        y->n_age, y->age_labels[0], y->age_labels[y->n_age - 1],
        y->base_label ? y->base_label : "Base year", val(a, FC_FMT_NUMBER, m + f, m + f, 0),
        val(c, FC_FMT_NUMBER, m, m, 0), val(d, FC_FMT_NUMBER, f, f, 0));
    if (y->male_cmp)
        cat(b, " %s (outline): %s people.", y->cmp_label ? y->cmp_label : "Comparison",
            val(a, FC_FMT_NUMBER, m2 + f2, m2 + f2, 0));
}

static void
describe_lines_plot(sbuf *b, const fc_plot *p)
{
    describe_lines(b, &p->u.lines);
}

static void
describe_stack_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX], c[FC_AXIS_LABEL_MAX];
    size_t k;
    const fc_stack *s = &p->u.stack;
    double t0 = 0, t1 = 0;
    if (s->n_x == 0 || s->values == NULL)
        return;
    for (k = 0; k < s->n_cat; k++) {
        t0 += s->values[k * s->n_x];
        t1 += s->values[k * s->n_x + s->n_x - 1];
    }
    cat(b, " Stacked %s of %zu categories (bottom to top:", s->bars ? "bars" : "areas",
        s->n_cat);
    for (k = 0; k < s->n_cat; k++)
        cat(b, "%s %s", k ? "," : "", s->cat_names[k]);
    cat(b, "). Total %s in %s", val(a, s->y_fmt, t0, t1, 0), xval(c, s->x_fmt, s->x[0]));
    cat(b, " and %s in %s.", val(a, s->y_fmt, t1, t1, 0), xval(c, s->x_fmt, s->x[s->n_x - 1]));
}

static void
describe_waterfall_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX];
    size_t i;
    const fc_waterfall *w = &p->u.waterfall;
    double scale = 0, sum = w->start;
    /* the chart's precision: three significant figures of the largest step */
    for (i = 0; i < w->n_step && w->steps; i++)
        scale = fmax(scale, fabs(w->steps[i]));
    if (scale == 0)
        scale = fabs(w->start);
    cat(b, " Bridge from %s %s", w->start_label ? w->start_label : "baseline",
        val(a, w->fmt, w->start, scale, 0));
    for (i = 0; i < w->n_step && w->steps; i++) {
        cat(b, "%s %s %s", i ? ";" : ":", w->step_labels[i],
            val(a, w->fmt, w->steps[i], scale, 1));
        sum += w->steps[i];
    }
    if (!isnan(w->end) && fabs(w->end - sum) > 1e-9 * (scale > 0 ? scale : 1))
        cat(b, "; %s %s", w->interaction_label ? w->interaction_label : "Interaction",
            val(a, w->fmt, w->end - sum, scale, 1));
    cat(b, "; to %s %s.", w->end_label ? w->end_label : "projection",
        val(a, w->fmt, isnan(w->end) ? sum : w->end, scale, 0));
}

static void
describe_gap_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX], c[FC_AXIS_LABEL_MAX], d[FC_AXIS_LABEL_MAX];
    size_t i;
    const fc_gap *g = &p->u.gap;
    size_t n = g->n_year, worst = 0;
    if (n == 0 || g->year == NULL)
        return;
    for (i = 1; i < n; i++)
        if (g->requirement[i] - g->envelope[i] > g->requirement[worst] - g->envelope[worst])
            worst = i;
    cat(b, " %s against %s, %s to %s.", g->req_label ? g->req_label : "Requirement",
        g->env_label ? g->env_label : "envelope", xval(a, g->x_fmt, g->year[0]),
        xval(c, g->x_fmt, g->year[n - 1]));
    cat(b, " In %s the requirement is %s and the envelope %s",
        xval(d, g->x_fmt, g->year[n - 1]),
        val(a, g->y_fmt, g->requirement[n - 1], g->requirement[n - 1], 0),
        val(c, g->y_fmt, g->envelope[n - 1], g->requirement[n - 1], 0));
    cat(b, ", a gap of %s.",
        val(a, g->y_fmt, g->requirement[n - 1] - g->envelope[n - 1],
            g->requirement[n - 1] - g->envelope[n - 1], 1));
    if (worst != n - 1)
        cat(b, " The largest gap is %s in %s.",
            val(a, g->y_fmt, g->requirement[worst] - g->envelope[worst], 0, 1),
            xval(c, g->x_fmt, g->year[worst]));
}

static void
describe_rank_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX];
    size_t i;
    const fc_rank *r = &p->u.rank;
    double cum = 0, tot = 0;
    size_t nf = 0;
    for (i = 0; i < r->n; i++)
        tot += r->cost[i];
    cat(b, " %zu options in rank order, cumulative cost %s", r->n,
        val(a, FC_FMT_GBP, tot, tot, 0));
    if (!isnan(r->budget))
        cat(b, " against a budget of %s", exact(a, FC_FMT_GBP, r->budget));
    cat(b, ". Funded:");
    for (i = 0; i < r->n; i++) {
        int funded;
        cum += r->cost[i];
        funded = r->funded ? r->funded[i] : (isnan(r->budget) || cum <= r->budget + 1e-9);
        if (funded)
            cat(b, "%s %s", nf++ ? "," : "", r->labels[i]);
    }
    cat(b, "%s.", nf ? "" : " none");
}

static void
describe_ladder_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX], c[FC_AXIS_LABEL_MAX], d[FC_AXIS_LABEL_MAX];
    size_t i;
    const fc_ladder *l = &p->u.ladder;
    double inv = 0, dis = 0;
    for (i = 0; i < l->n; i++) {
        if (l->amount[i] >= 0)
            inv += l->amount[i];
        else
            dis += l->amount[i];
    }
    cat(b, " %zu changes: investments %s, disinvestments %s, net %s.", l->n,
        val(a, l->fmt, inv, inv, 1), val(c, l->fmt, dis, inv, 1),
        val(d, l->fmt, inv + dis, inv, 1));
}

static void
describe_ceplane_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX], c[FC_AXIS_LABEL_MAX];
    size_t i;
    const fc_ceplane *e = &p->u.ceplane;
    size_t *idx = calloc(e->n + 1, sizeof *idx), nf = 0;
    cat(b, " Cost-effectiveness plane of %zu options:", e->n);
    for (i = 0; i < e->n; i++)
        cat(b, "%s %s %s QALYs, %s", i ? ";" : "", e->labels[i],
            val(a, FC_FMT_NUMBER, e->effect[i], e->effect[i], 1),
            val(c, FC_FMT_GBP, e->cost[i], e->cost[i], 1));
    cat(b, ".");
    if (idx && !e->no_frontier && e->frontier == NULL &&
        fc_ceplane_frontier(e->effect, e->cost, e->n, idx, &nf, NULL) == FC_OK && nf > 0) {
        cat(b, " Frontier:");
        for (i = 0; i < nf; i++)
            cat(b, "%s %s", i ? "," : "", e->labels[idx[i]]);
        cat(b, ".");
    }
    free(idx);
}

static void
describe_ceac_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX];
    size_t i, k;
    const fc_ceac *e = &p->u.ceac;
    for (k = 0; k < e->n_ref && e->n_wtp > 0; k++) {
        size_t j = 0;
        for (i = 1; i < e->n_wtp; i++) /* the nearest computed WTP */
            if (fabs(e->wtp[i] - e->ref[k]) < fabs(e->wtp[j] - e->ref[k]))
                j = i;
        cat(b, " At %s per QALY:", exact(a, FC_FMT_GBP, e->wtp[j]));
        for (i = 0; i < e->n_opt; i++)
            cat(b, "%s %s %.0f%%", i ? "," : "", e->labels[i], 100 * e->prob[i * e->n_wtp + j]);
        cat(b, ".");
    }
}

static void
describe_prob_plot(sbuf *b, const fc_plot *p)
{
    size_t i;
    const fc_probbar *e = &p->u.prob;
    cat(b, " Probability of being funded, %zu options:", e->n);
    for (i = 0; i < e->n; i++)
        cat(b, "%s %s %.0f%%%s", i ? ";" : "", e->labels[i], 100 * e->prob[i],
            e->in_set && e->in_set[i] ? " (in the central plan)" : "");
    cat(b, ".");
}

static void
describe_tornado_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX], c[FC_AXIS_LABEL_MAX], d[FC_AXIS_LABEL_MAX];
    const fc_tornado *t = &p->u.tornado;
    size_t i;
    cat(b, " %zu parameters, each at its low and high value, the others central (%s):", t->n,
        val(a, t->fmt, t->central, t->central, 0));
    for (i = 0; i < t->n; i++)
        cat(b, "%s %s: %s low, %s high", i ? ";" : "", t->labels[i],
            val(c, t->fmt, t->low[i], t->central, 0), val(d, t->fmt, t->high[i], t->central, 0));
    cat(b, ".");
}

static void
describe_heatmap_plot(sbuf *b, const fc_plot *p)
{
    char a[FC_AXIS_LABEL_MAX], c[FC_AXIS_LABEL_MAX];
    const fc_heatmap *h = &p->u.heatmap;
    size_t npos = 0, nneg = 0, nchange = 0, n = h->nx * h->ny;
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(h->z[i])) {
            npos += h->z[i] > 0;
            nneg += h->z[i] < 0;
            lo = fmin(lo, h->z[i]);
            hi = fmax(hi, h->z[i]);
        }
        if (h->group && h->group[i] != h->group[0])
            nchange++;
    }
    cat(b, " A grid of %zu by %zu values: %zu cells with a shortfall, %zu with headroom", h->nx,
        h->ny, npos, nneg);
    if (lo <= hi)
        cat(b, ", from %s to %s", val(a, h->z_fmt, lo, hi, 0), val(c, h->z_fmt, hi, hi, 0));
    if (h->group)
        cat(b, "; the decision differs from the first cell's in %zu cells", nchange);
    cat(b, ".");
}

/* ======================================================================== the chart types */

/* Accessors of each chart type's record in fc_plot's union: its text and its draw function
 * (PLOT_TYPE(member, draw) defines text_<member> and draw_<member>). */
#define PLOT_TYPE(member, drawfn)                                                               \
    static const fc_chart_text *text_##member(const fc_plot *p)                                 \
    {                                                                                           \
        return &p->u.member.text;                                                               \
    }                                                                                           \
    static fc_status draw_##member(fc_chart *c, const fc_plot *p, fc_err *err)                  \
    {                                                                                           \
        return drawfn(c, &p->u.member, err);                                                    \
    }
PLOT_TYPE(pyramid, fc_pyramid_draw)
PLOT_TYPE(lines, fc_lines_draw)
PLOT_TYPE(stack, fc_stack_draw)
PLOT_TYPE(waterfall, fc_waterfall_draw)
PLOT_TYPE(gap, fc_gap_draw)
PLOT_TYPE(rank, fc_rank_draw)
PLOT_TYPE(ladder, fc_ladder_draw)
PLOT_TYPE(ceplane, fc_ceplane_draw)
PLOT_TYPE(ceac, fc_ceac_draw)
PLOT_TYPE(prob, fc_probbar_draw)
PLOT_TYPE(tornado, fc_tornado_draw)
PLOT_TYPE(heatmap, fc_heatmap_draw)
#undef PLOT_TYPE

/* Charts with a row per option or driver grow with their rows (fc_plot_height_hint). */
static double
rows_rank(const fc_plot *p)
{
    return (double)p->u.rank.n;
}

static double
rows_ladder(const fc_plot *p)
{
    return (double)p->u.ladder.n;
}

static double
rows_prob(const fc_plot *p)
{
    return (double)p->u.prob.n;
}

static double
rows_tornado(const fc_plot *p)
{
    return 1.5 * (double)p->u.tornado.n; /* two bars and two labels a row */
}

static double
rows_waterfall(const fc_plot *p)
{
    return (double)p->u.waterfall.n_step + 3;
}

/* The registry of chart types, by fc_plot_kind: its text, the rows its height grows with
 * (NULL: a fixed height), how it is drawn and how it is put into words (the text
 * alternative). A chart type is its file (plots/NAME.{c,h}: the record and its draw
 * function), its kind and union member in plot.h, and one entry here. */
typedef struct plot_type {
    const fc_chart_text *(*text)(const fc_plot *p);
    double (*rows)(const fc_plot *p);
    fc_status (*draw)(fc_chart *c, const fc_plot *p, fc_err *err);
    void (*describe)(sbuf *b, const fc_plot *p);
} plot_type;

static const plot_type plot_types[] = {
    [FC_PLOT_PYRAMID] = {text_pyramid, NULL, draw_pyramid, describe_pyramid_plot},
    [FC_PLOT_LINES] = {text_lines, NULL, draw_lines, describe_lines_plot},
    [FC_PLOT_STACK] = {text_stack, NULL, draw_stack, describe_stack_plot},
    [FC_PLOT_WATERFALL] = {text_waterfall, rows_waterfall, draw_waterfall,
                           describe_waterfall_plot},
    [FC_PLOT_GAP] = {text_gap, NULL, draw_gap, describe_gap_plot},
    [FC_PLOT_RANK] = {text_rank, rows_rank, draw_rank, describe_rank_plot},
    [FC_PLOT_LADDER] = {text_ladder, rows_ladder, draw_ladder, describe_ladder_plot},
    [FC_PLOT_CEPLANE] = {text_ceplane, NULL, draw_ceplane, describe_ceplane_plot},
    [FC_PLOT_CEAC] = {text_ceac, NULL, draw_ceac, describe_ceac_plot},
    [FC_PLOT_PROB] = {text_prob, rows_prob, draw_prob, describe_prob_plot},
    [FC_PLOT_TORNADO] = {text_tornado, rows_tornado, draw_tornado, describe_tornado_plot},
    [FC_PLOT_HEATMAP] = {text_heatmap, NULL, draw_heatmap, describe_heatmap_plot},
};

/* p's chart type, or NULL for a kind the registry does not know. */
static const plot_type *
type_of(const fc_plot *p)
{
    size_t k = (size_t)p->kind;
    if (k >= sizeof plot_types / sizeof plot_types[0] || plot_types[k].draw == NULL)
        return NULL;
    return &plot_types[k];
}

const fc_chart_text *
fc_plot_text(const fc_plot *p)
{
    const plot_type *t = type_of(p);
    return t ? t->text(p) : NULL;
}

double
fc_plot_height_hint(const fc_plot *p)
{
    const plot_type *t;
    double rows = 0, h;
    if (p == NULL)
        return 300;
    if ((t = type_of(p)) != NULL && t->rows)
        rows = t->rows(p);
    /* about 130 pt of title, legend, axis and source, and 24 pt per row (two lines of
     * 9 pt labels) */
    h = 130 + 24 * rows;
    return h > 300 ? h : 300;
}

fc_status
fc_plot_draw(fc_chart *c, const fc_plot *p, fc_err *err)
{
    const plot_type *t;
    if (c == NULL || p == NULL)
        return FC_FAIL(err, FC_EINVAL, "no chart or plot to draw");
    if ((t = type_of(p)) == NULL)
        return FC_FAIL(err, FC_EINVAL, "unknown plot kind %d", (int)p->kind);
    return t->draw(c, p, err);
}

/* The chart's figures in words, after its title (the text alternative's body). */
static void
describe(sbuf *b, const fc_plot *p)
{
    const plot_type *t = type_of(p);
    if (t)
        t->describe(b, p);
}

size_t
fc_plot_summary(const fc_plot *p, char *buf, size_t n)
{
    sbuf b = {buf, n, 0};
    if (n > 0)
        buf[0] = '\0';
    if (p == NULL)
        return 0;
    describe(&b, p);
    /* the body starts with a space (it follows the title's full stop): drop it */
    if (n > 0 && buf[0] == ' ') {
        memmove(buf, buf + 1, strlen(buf));
        b.len--;
    }
    return b.len;
}

size_t
fc_plot_describe(const fc_plot *p, char *buf, size_t n)
{
    sbuf b = {buf, n, 0};
    const fc_chart_text *t;
    if (n > 0)
        buf[0] = '\0';
    if (p == NULL || (t = fc_plot_text(p)) == NULL)
        return 0;
    cat(&b, "%s.", t->title ? t->title : "Chart");
    if (t->subtitle)
        cat(&b, " %s.", t->subtitle);
    describe(&b, p);
    if (t->source)
        cat(&b, " %s", t->source);
    return b.len;
}

fc_status
fc_plot_write(const fc_plot *p, fc_chart_format fmt, const fc_sink *sink,
              const fc_chart_opts *opts, fc_palette *pal, fc_err *err)
{
    fc_chart *c = NULL;
    char desc[4096];
    fc_status st;

    if (sink == NULL || sink->write == NULL)
        return FC_FAIL(err, FC_EINVAL, "a chart needs a sink for its bytes");
    st = fc_chart_alloc(&c, fmt, sink, opts, pal, err);
    if (st == FC_OK && p) {
        fc_plot_describe(p, desc, sizeof desc);
        st = fc_chart_describe(c, fc_plot_text(p)->title, desc, err);
    }
    if (st == FC_OK)
        st = fc_plot_draw(c, p, err);
    if (st == FC_OK)
        st = fc_chart_finish(c, err);
    fc_chart_free(c);
    return st;
}
