/*
 * view.c — fitting a map extent into an image. Part of geo/.
 */
#include "malimap/view.h"

#include <math.h>

mm_view mm_view_fit(mm_bbox extent, int width_px, int height_px, double margin_px)
{
    mm_view v = {.width_px = width_px, .height_px = height_px};
    double w = extent.maxx - extent.minx, h = extent.maxy - extent.miny;
    double avail_w = width_px - 2 * margin_px, avail_h = height_px - 2 * margin_px;
    if (avail_w < 1) {
        avail_w = width_px;
    }
    if (avail_h < 1) {
        avail_h = height_px;
    }
    if (!(w > 0)) {
        w = 1;
    }
    if (!(h > 0)) {
        h = 1;
    }
    v.scale = fmin(avail_w / w, avail_h / h);
    double cx = (extent.minx + extent.maxx) / 2, cy = (extent.miny + extent.maxy) / 2;
    v.x0 = cx - width_px / 2.0 / v.scale;
    v.y0 = cy + height_px / 2.0 / v.scale;
    return v;
}

mm_bbox mm_view_extent(const mm_view *v)
{
    return (mm_bbox){v->x0, v->y0 - v->height_px / v->scale, v->x0 + v->width_px / v->scale, v->y0};
}
