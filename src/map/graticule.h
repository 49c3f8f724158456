/*
 * graticule.h — the "malimap:graticule" source inside map/. Private to map/.
 */
#ifndef MM_MAP_GRATICULE_H
#define MM_MAP_GRATICULE_H

#include "malimap/feature.h"

/*
 * Meridians and parallels every step degrees (0: a round step giving 3 to 8
 * lines across the larger span of lonlat), as lon/lat lines reaching past
 * lonlat by half its size on each side, with kind ("meridian", "parallel"),
 * degrees (signed) and label ("15°N", "4°W", "0°"). Caller destroys.
 */
mm_features *graticule_lines(mm_bbox lonlat, double step);

/*
 * Once the lines are projected: adds a point where each line meets each side
 * of frame (map units), with the line's properties and edge ("left",
 * "right", "bottom", "top").
 */
void graticule_edges(mm_features *fs, mm_bbox frame);

#endif
