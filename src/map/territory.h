/*
 * territory.h — the "malimap:territory" source inside map/: areas derived
 * from place control on a date, computed in an equal-area projection and
 * delivered in the map's CRS. Private to map/.
 */
#ifndef MM_MAP_TERRITORY_H
#define MM_MAP_TERRITORY_H

#include "malimap/date.h"
#include "malimap/error.h"
#include "malimap/feature.h"
#include "malimap/proj.h"
#include "malimap/timeline.h"

typedef struct territory territory;

/*
 * Prepares territory for a map: the equal-area projection centred on
 * centre_lonlat, the clip outline (lon/lat polygons; may be NULL) simplified
 * to tolerance_m, the radius. Borrows tl and map_proj (lon/lat → map CRS).
 */
mm_status territory_create(const mm_timeline *tl, const mm_places *places, mm_xy centre_lonlat,
                           const mm_features *clip_lonlat, double radius_km, double tolerance_m,
                           const char *map_crs, territory **out, mm_error *err);
void territory_destroy(territory *t);

/*
 * A territory for another thread: its own GEOS handle and PROJ contexts,
 * sharing the read-only clip outline and sites of t (which must outlive it).
 */
mm_status territory_clone(const territory *t, territory **out, mm_error *err);

/*
 * The areas held on date d, one feature per controller (and per contested
 * controller and challenger) with controller, controller_name, status
 * ("held" or "contested"), previous_controller and area_km2, in map
 * coordinates. Caller destroys the set.
 */
mm_status territory_compute(territory *t, mm_date d, mm_features **out, mm_error *err);

/*
 * The areas each controller holds on d and did not hold on d0 (status
 * "gained"), one feature per controller, in map coordinates.
 */
mm_status territory_changes(territory *t, mm_date d0, mm_date d, mm_features **out, mm_error *err);

/* Area in km² per controller on d (held and contested together). */
typedef struct territory_area {
    const char *controller;
    double km2;
} territory_area;

/* Fills up to max areas, largest controllers in no particular order; returns the count. */
size_t territory_areas(territory *t, mm_date d, territory_area *out, size_t max, mm_error *err);

#endif
