/*
 * types.h — small value types shared by every stage: points, boxes, colours.
 * Part of core/: libc only. Passed and returned by value.
 */
#ifndef MALIMAP_TYPES_H
#define MALIMAP_TYPES_H

#include <stdbool.h>

typedef struct mm_xy {
    double x;
    double y;
} mm_xy;

/* An axis-aligned box; empty when minx > maxx. */
typedef struct mm_bbox {
    double minx;
    double miny;
    double maxx;
    double maxy;
} mm_bbox;

/* Straight (not premultiplied) colour, each channel 0..1. */
typedef struct mm_rgba {
    double r;
    double g;
    double b;
    double a;
} mm_rgba;

mm_bbox mm_bbox_empty(void);
bool mm_bbox_is_empty(mm_bbox b);
mm_bbox mm_bbox_add(mm_bbox b, mm_xy p);
mm_bbox mm_bbox_union(mm_bbox a, mm_bbox b);
bool mm_bbox_intersects(mm_bbox a, mm_bbox b);
/* The common part of a and b (empty when they do not meet). */
mm_bbox mm_bbox_intersection(mm_bbox a, mm_bbox b);
bool mm_bbox_contains(mm_bbox outer, mm_bbox inner);
mm_bbox mm_bbox_grow(mm_bbox b, double d);

#endif
