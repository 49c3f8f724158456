/*
 * view.h — the mapping from map coordinates (projected metres, y up) to
 * output pixels (y down): fitting an extent into an image with margins.
 * Part of geo/: libc only.
 */
#ifndef MALIMAP_VIEW_H
#define MALIMAP_VIEW_H

#include "malimap/types.h"

typedef struct mm_view {
    int width_px;
    int height_px;
    double scale; /* pixels per map unit */
    double x0;    /* map x at the left edge */
    double y0;    /* map y at the top edge */
} mm_view;

/*
 * Fits extent (map units) into width x height pixels, centred, keeping the
 * aspect ratio, leaving at least margin_px on every side.
 */
mm_view mm_view_fit(mm_bbox extent, int width_px, int height_px, double margin_px);

static inline mm_xy mm_view_to_px(const mm_view *v, mm_xy m)
{
    return (mm_xy){(m.x - v->x0) * v->scale, (v->y0 - m.y) * v->scale};
}

static inline mm_xy mm_view_to_map(const mm_view *v, mm_xy px)
{
    return (mm_xy){v->x0 + px.x / v->scale, v->y0 - px.y / v->scale};
}

/* The visible map extent. */
mm_bbox mm_view_extent(const mm_view *v);

#endif
