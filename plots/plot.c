/* plot.c: dispatch from the tagged chart record to each chart type (see plot.h). */
#include "plots/plot.h"

#include <stddef.h>

const fc_chart_text *
fc_plot_text(const fc_plot *p)
{
    switch (p->kind) {
    case FC_PLOT_PYRAMID: return &p->u.pyramid.text;
    case FC_PLOT_LINES: return &p->u.lines.text;
    case FC_PLOT_STACK: return &p->u.stack.text;
    case FC_PLOT_WATERFALL: return &p->u.waterfall.text;
    case FC_PLOT_GAP: return &p->u.gap.text;
    case FC_PLOT_RANK: return &p->u.rank.text;
    case FC_PLOT_LADDER: return &p->u.ladder.text;
    case FC_PLOT_CEPLANE: return &p->u.ceplane.text;
    case FC_PLOT_CEAC: return &p->u.ceac.text;
    }
    return NULL;
}

double
fc_plot_height_hint(const fc_plot *p)
{
    double rows = 0, h;
    if (p == NULL)
        return 300;
    switch (p->kind) {
    case FC_PLOT_RANK: rows = (double)p->u.rank.n; break;
    case FC_PLOT_LADDER: rows = (double)p->u.ladder.n; break;
    case FC_PLOT_WATERFALL: rows = (double)p->u.waterfall.n_step + 3; break;
    default: break;
    }
    /* about 130 pt of title, legend, axis and source, and 24 pt per row (two lines of
     * 9 pt labels) */
    h = 130 + 24 * rows;
    return h > 300 ? h : 300;
}

fc_status
fc_plot_draw(fc_chart *c, const fc_plot *p, fc_err *err)
{
    if (c == NULL || p == NULL)
        return FC_FAIL(err, FC_EINVAL, "no chart or plot to draw");
    switch (p->kind) {
    case FC_PLOT_PYRAMID: return fc_pyramid_draw(c, &p->u.pyramid, err);
    case FC_PLOT_LINES: return fc_lines_draw(c, &p->u.lines, err);
    case FC_PLOT_STACK: return fc_stack_draw(c, &p->u.stack, err);
    case FC_PLOT_WATERFALL: return fc_waterfall_draw(c, &p->u.waterfall, err);
    case FC_PLOT_GAP: return fc_gap_draw(c, &p->u.gap, err);
    case FC_PLOT_RANK: return fc_rank_draw(c, &p->u.rank, err);
    case FC_PLOT_LADDER: return fc_ladder_draw(c, &p->u.ladder, err);
    case FC_PLOT_CEPLANE: return fc_ceplane_draw(c, &p->u.ceplane, err);
    case FC_PLOT_CEAC: return fc_ceac_draw(c, &p->u.ceac, err);
    }
    return FC_FAIL(err, FC_EINVAL, "unknown plot kind %d", (int)p->kind);
}

fc_status
fc_plot_write(const fc_plot *p, fc_chart_format fmt, const char *path,
              const fc_chart_opts *opts, fc_palette *pal, fc_err *err)
{
    fc_chart *c = NULL;
    fc_status st = fc_chart_alloc(&c, fmt, path, opts, pal, err);
    if (st == FC_OK)
        st = fc_plot_draw(c, p, err);
    if (st == FC_OK)
        st = fc_chart_finish(c, err);
    fc_chart_free(c);
    return st;
}
