/*
 * draw.h — turning projected features into scene ops: map-to-pixel transform,
 * culling outside the view, simplification to output resolution. Part of
 * draw/: depends on core/, data/ (features), geo/ (view) and the scene.
 */
#ifndef MALIMAP_DRAW_H
#define MALIMAP_DRAW_H

#include <stdbool.h>

#include "malimap/feature.h"
#include "malimap/scene.h"
#include "malimap/view.h"

/*
 * Builds a path op in pixels from a projected geometry, or returns NULL when
 * nothing of it is visible. Vertices closer than tolerance_px to the last
 * kept vertex are dropped (0.25 px is invisible at any antialiasing); margin_px
 * widens the culling box (for stroke widths). closed is set for polygons.
 */
mm_op *mm_draw_path(mm_scene *s, const mm_view *v, const mm_geom *g, double tolerance_px,
                    double margin_px);

/* Number of vertices a path op holds (for tests and statistics). */
size_t mm_draw_path_vertices(const mm_op *op);

#endif
