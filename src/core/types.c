/*
 * types.c — helpers for the small value types (boxes). Part of core/.
 */
#include "malimap/types.h"

#include <math.h>

mm_bbox mm_bbox_empty(void)
{
    return (mm_bbox){INFINITY, INFINITY, -INFINITY, -INFINITY};
}

bool mm_bbox_is_empty(mm_bbox b)
{
    return !(b.minx <= b.maxx && b.miny <= b.maxy);
}

mm_bbox mm_bbox_add(mm_bbox b, mm_xy p)
{
    if (p.x < b.minx) {
        b.minx = p.x;
    }
    if (p.x > b.maxx) {
        b.maxx = p.x;
    }
    if (p.y < b.miny) {
        b.miny = p.y;
    }
    if (p.y > b.maxy) {
        b.maxy = p.y;
    }
    return b;
}

mm_bbox mm_bbox_union(mm_bbox a, mm_bbox b)
{
    if (mm_bbox_is_empty(a)) {
        return b;
    }
    if (mm_bbox_is_empty(b)) {
        return a;
    }
    return (mm_bbox){fmin(a.minx, b.minx), fmin(a.miny, b.miny), fmax(a.maxx, b.maxx),
                     fmax(a.maxy, b.maxy)};
}

bool mm_bbox_intersects(mm_bbox a, mm_bbox b)
{
    return !(a.maxx < b.minx || b.maxx < a.minx || a.maxy < b.miny || b.maxy < a.miny);
}

mm_bbox mm_bbox_intersection(mm_bbox a, mm_bbox b)
{
    mm_bbox r = {a.minx > b.minx ? a.minx : b.minx, a.miny > b.miny ? a.miny : b.miny,
                 a.maxx < b.maxx ? a.maxx : b.maxx, a.maxy < b.maxy ? a.maxy : b.maxy};
    return r.minx > r.maxx || r.miny > r.maxy ? mm_bbox_empty() : r;
}

bool mm_bbox_contains(mm_bbox outer, mm_bbox inner)
{
    return inner.minx >= outer.minx && inner.maxx <= outer.maxx && inner.miny >= outer.miny &&
           inner.maxy <= outer.maxy;
}

mm_bbox mm_bbox_grow(mm_bbox b, double d)
{
    return (mm_bbox){b.minx - d, b.miny - d, b.maxx + d, b.maxy + d};
}
