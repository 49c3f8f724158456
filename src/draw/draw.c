/*
 * draw.c — projected geometry to pixel paths: culling and simplification at
 * output resolution. Part of draw/.
 */
#include "malimap/draw.h"

#include <math.h>

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
        /* A ring smaller than the tolerance collapses; a line keeps its ends. */
        if (closed && n - start < 3) {
            n = start;
            continue;
        }
        parts[np++] = start;
    }
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

size_t mm_draw_path_vertices(const mm_op *op)
{
    return op->kind == MM_OP_PATH ? op->u.path.parts[op->u.path.nparts] : 0;
}
