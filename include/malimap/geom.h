/*
 * geom.h — geometry operations through GEOS (its reentrant API): label points
 * of polygons, areas, and the territory each controller holds derived from
 * the places it controls. Part of geo/: the only module that includes
 * <geos_c.h>. A handle is used by one thread at a time; give each worker its
 * own.
 */
#ifndef MALIMAP_GEOM_H
#define MALIMAP_GEOM_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/error.h"
#include "malimap/feature.h"
#include "malimap/types.h"

typedef struct mm_geos mm_geos;

/* Caller destroys with mm_geos_destroy(). */
mm_geos *mm_geos_create(void);
void mm_geos_destroy(mm_geos *g);

/*
 * The pole of inaccessibility of a polygon geometry (the centre of the
 * largest circle inside it, to within tolerance map units) and that circle's
 * radius: where a region's name sits best. With clip, only the part of the
 * polygon inside that box counts (the part on the map). False when nothing
 * is left.
 */
bool mm_geos_label_point(mm_geos *g, const mm_geom *poly, const mm_bbox *clip, double tolerance,
                         mm_xy *out, double *radius);

/* Area of a polygon geometry in squared map units (0 for other kinds). */
double mm_geos_area(mm_geos *g, const mm_geom *poly);

/* A place that claims territory for its group (a controller, or controller and status). */
typedef struct mm_site {
    mm_xy pt;
    int group;
} mm_site;

/*
 * Derives territory: each site claims the part of its Voronoi cell (among all
 * sites) within radius of it; the claims of one group are merged into one
 * area and clipped to clip (a polygon; NULL: no clipping). Coordinates are
 * map units of an equal-area projection. Appends one polygon feature per
 * group that holds any area to out, with the number property "group" and
 * "area" (squared map units), in ascending group order. Sites at the same
 * point count once (the first one).
 */
mm_status mm_geos_territory(mm_geos *g, const mm_site *sites, size_t n, double radius,
                            const mm_geom *clip, mm_features *out, mm_error *err);

/*
 * Simplifies a polygon geometry with a tolerance in map units, keeping it
 * valid (used to make clip outlines cheap at map resolution). Returns a
 * new geometry in out (a feature set with one feature), or MM_E_GEOM.
 */
mm_status mm_geos_simplify(mm_geos *g, const mm_geom *poly, double tolerance, mm_features *out,
                           mm_error *err);

/*
 * The part of polygon a outside polygon b (either may be NULL: empty),
 * appended to out as one polygon feature; nothing is appended when the
 * difference is empty. Returns the area of the difference in *area.
 */
mm_status mm_geos_difference(mm_geos *g, const mm_geom *a, const mm_geom *b, mm_features *out,
                             double *area, mm_error *err);

#endif
