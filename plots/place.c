/* place.c: where point labels go: beside their marks where they can, clear of every mark,
 * line, caption and other label, and further out with a leader line where they cannot
 * (chart_int.h). Pure geometry on boxes and segments, so its promises are tested directly. */
#include "plots/chart_int.h"

/* Area (pt^2) shared by two boxes. */
double
fc_ck_box_overlap(const fc_ck_box *a, const fc_ck_box *b)
{
    double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0), h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
    return w > 0 && h > 0 ? w * h : 0;
}

/* 1 when the segment s passes through the inside of box b (Liang-Barsky clipping). */
int
fc_ck_seg_hits(const fc_ck_box *b, const fc_ck_seg *s)
{
    double t0 = 0, t1 = 1, dx = s->x1 - s->x0, dy = s->y1 - s->y0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {s->x0 - b->x0, b->x1 - s->x0, s->y0 - b->y0, b->y1 - s->y0};
    for (int k = 0; k < 4; k++) {
        if (p[k] == 0) {
            if (q[k] <= 0)
                return 0; /* parallel to this edge and outside (or on) it */
            continue;
        }
        double r = q[k] / p[k];
        if (p[k] < 0) {
            if (r > t0)
                t0 = r;
        } else if (r < t1)
            t1 = r;
        if (t0 >= t1)
            return 0;
    }
    return 1;
}

/* 1 when segments a and b cross (proper intersection; touching ends do not count). */
static int
segs_cross(const fc_ck_seg *a, const fc_ck_seg *b)
{
    double d1 = (b->x1 - b->x0) * (a->y0 - b->y0) - (b->y1 - b->y0) * (a->x0 - b->x0);
    double d2 = (b->x1 - b->x0) * (a->y1 - b->y0) - (b->y1 - b->y0) * (a->x1 - b->x0);
    double d3 = (a->x1 - a->x0) * (b->y0 - a->y0) - (a->y1 - a->y0) * (b->x0 - a->x0);
    double d4 = (a->x1 - a->x0) * (b->y1 - a->y0) - (a->y1 - a->y0) * (b->x1 - a->x0);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/* The leader label i would need to box bb: from the edge of its mark to the box's nearest
 * point. */
static fc_ck_seg
leader_of(const fc_ck_place *pl, size_t i, const fc_ck_box *bb)
{
    double px = pl->px[i], py = pl->py[i];
    double qx = fmin(fmax(px, bb->x0), bb->x1), qy = fmin(fmax(py, bb->y0), bb->y1);
    double d = hypot(qx - px, qy - py), r = pl->mark_r + 2;
    if (d <= r)
        return (fc_ck_seg){qx, qy, qx, qy, 0};
    return (fc_ck_seg){px + (qx - px) / d * r, py + (qy - py) / d * r, qx, qy, 0};
}

/* What label i's leader to bb costs: crossing a line a quarter of the line's weight, running through
 * another mark or label as much as covering it. */
static double
leader_cost(const fc_ck_place *pl, size_t i, const fc_ck_box *bb, const fc_ck_box *placed,
            const int *done)
{
    const fc_ck_seg l = leader_of(pl, i, bb);
    const double r = pl->mark_r + 1;
    double sc = 0;
    size_t m;
    for (m = 0; m < pl->n_segs; m++)
        if (segs_cross(&l, &pl->segs[m]))
            sc += 0.25 * pl->segs[m].weight;
    for (m = 0; m < pl->n; m++) {
        fc_ck_box mb = {pl->px[m] - r, pl->py[m] - r, pl->px[m] + r, pl->py[m] + r};
        if (m != i && fc_ck_seg_hits(&mb, &l))
            sc += 1e6;
        if (m != i && done[m] && fc_ck_seg_hits(&placed[m], &l))
            sc += 1e6;
    }
    return sc;
}

/* The penalty of label i's box bb: overlaps with marks, placed labels and captions are
 * forbidden in all but name (1e6 a pt^2 and a step), lines through it cost their weight, and
 * distance from the mark costs a little, so the nearest clear spot wins. */
static double
score(const fc_ck_place *pl, size_t i, const fc_ck_box *bb, const fc_ck_box *placed,
      const int *done, double dist)
{
    const double r = pl->mark_r + 1.5;
    double sc = dist;
    size_t m;
    if (bb->x0 < pl->bounds.x0 || bb->x1 > pl->bounds.x1 || bb->y0 < pl->bounds.y0 ||
        bb->y1 > pl->bounds.y1)
        return HUGE_VAL;
    for (m = 0; m < pl->n; m++) {
        fc_ck_box mb = {pl->px[m] - r, pl->py[m] - r, pl->px[m] + r, pl->py[m] + r};
        double a = fc_ck_box_overlap(bb, &mb);
        if (a > 0)
            sc += 1e6 * (1 + a);
        if (m != i && done[m]) {
            a = fc_ck_box_overlap(bb, &placed[m]);
            if (a > 0)
                sc += 1e6 * (1 + a);
        }
    }
    for (m = 0; m < pl->n_avoid; m++) {
        double a = fc_ck_box_overlap(bb, &pl->avoid[m]);
        if (a > 0)
            sc += 1e6 * (1 + a);
    }
    for (m = 0; m < pl->n_segs; m++)
        if (fc_ck_seg_hits(bb, &pl->segs[m]))
            sc += pl->segs[m].weight;
    return sc;
}

/* Label i's best box: eight spots hugging the mark, then rings further out in 24
 * directions; sets *out and *far (1: off the mark, wants a leader). */
static void
best_spot(const fc_ck_place *pl, size_t i, const fc_ck_box *placed, const int *done,
          fc_ck_box *out, int *far)
{
    /* beside the mark: offset (in units of the gap) and the box's anchor (fractions) */
    static const double near[8][4] = {{1, 0, 0, 0.5},      {-1, 0, 1, 0.5},  {0.6, -0.6, 0, 1},
                                      {0.6, 0.6, 0, 0},    {-0.6, -0.6, 1, 1}, {-0.6, 0.6, 1, 0},
                                      {0, -1, 0.5, 1},     {0, 1, 0.5, 0}};
    static const double ring[] = {16, 26, 38, 52, 70, 90, 115};
    const double gap = pl->mark_r + 3, w = pl->w[i], h = pl->h;
    double best = HUGE_VAL;
    int k, d;
    for (k = 0; k < 8; k++) {
        double bx = pl->px[i] + near[k][0] * gap - near[k][2] * w;
        double by = pl->py[i] + near[k][1] * gap - near[k][3] * h;
        fc_ck_box bb = {bx, by, bx + w, by + h};
        double sc = score(pl, i, &bb, placed, done, 0.05 * k);
        if (sc < best) {
            best = sc;
            *out = bb;
            *far = 0;
        }
    }
    if (best < 1) /* clear of everything beside the mark */
        return;
    for (d = 0; d < (int)(sizeof ring / sizeof ring[0]); d++)
        for (k = 0; k < 24; k++) {
            double a = k * FC_CK_PI / 12, cx = cos(a), cy = sin(a);
            double bx = pl->px[i] + cx * ring[d] - 0.5 * (1 - cx) * w;
            double by = pl->py[i] + cy * ring[d] - 0.5 * (1 - cy) * h;
            fc_ck_box bb = {bx, by, bx + w, by + h};
            /* a leader costs by its length and by what it crosses */
            double sc = score(pl, i, &bb, placed, done, 1.5 + ring[d] / 10);
            if (sc < best)
                sc += leader_cost(pl, i, &bb, placed, done);
            if (sc < best) {
                best = sc;
                *out = bb;
                *far = 1;
            }
        }
}

void
fc_ck_place_labels(const fc_ck_place *pl, fc_ck_box *box, int *far)
{
    int *done;
    size_t i, pass;
    if (pl->n == 0)
        return;
    done = calloc(pl->n, sizeof *done);
    for (i = 0; i < pl->n; i++) { /* where no spot fits the bounds: right of the mark */
        box[i] = (fc_ck_box){pl->px[i] + pl->mark_r + 3, pl->py[i] - pl->h / 2,
                             pl->px[i] + pl->mark_r + 3 + pl->w[i], pl->py[i] + pl->h / 2};
        far[i] = 0;
    }
    /* greedy in order, then twice more each label again with the others fixed, so an early
     * label that took a later one's only clear spot can move */
    for (pass = 0; done && pass < 3; pass++) /* out of memory: right of the marks */
        for (i = 0; i < pl->n; i++) {
            done[i] = 0;
            best_spot(pl, i, box, done, &box[i], &far[i]);
            done[i] = 1;
        }
    free(done);
}

void
fc_ck_leader(fc_chart *c, double px, double py, double r, const fc_ck_box *b, fc_rgb col)
{
    double qx = fmin(fmax(px, b->x0), b->x1), qy = fmin(fmax(py, b->y0), b->y1);
    double dx = qx - px, dy = qy - py, d = hypot(dx, dy);
    if (d <= r + 2)
        return;
    cairo_save(c->cr);
    cairo_new_path(c->cr);
    cairo_set_line_width(c->cr, 0.7);
    fc_ck_rgb(c, col);
    cairo_move_to(c->cr, c->ox + px + dx / d * (r + 1), c->oy + py + dy / d * (r + 1));
    cairo_line_to(c->cr, c->ox + qx - dx / d * 1.5, c->oy + qy - dy / d * 1.5);
    cairo_stroke(c->cr);
    cairo_restore(c->cr);
}
