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
#include "malimap/style.h"
#include "malimap/text_measure.h"
#include "malimap/view.h"

/*
 * Builds a path op in pixels from a projected geometry, or returns NULL when
 * nothing of it is visible. Vertices closer than tolerance_px to the last
 * kept vertex are dropped (0.25 px is invisible at any antialiasing), then
 * those within 0.4 * tolerance_px of the line through the vertices kept
 * around them (Douglas-Peucker); margin_px
 * widens the culling box (for stroke widths). closed is set for polygons.
 */
mm_op *mm_draw_path(mm_scene *s, const mm_view *v, const mm_geom *g, double tolerance_px,
                    double margin_px);

/*
 * Douglas-Peucker on pts[0..n), in place: keeps the vertices farther than
 * tolerance from the line through the kept ones around them (from the run's
 * start when it closes on itself); the ends stay. Returns the new count.
 * stack is scratch of 2 * n entries, keep of n.
 */
size_t mm_draw_simplify(mm_xy *pts, size_t n, double tolerance, size_t *stack, bool *keep);

/* Scratch for clipping rings, grown as needed; mm_clip_buf_fini frees it. */
typedef struct mm_clip_buf {
    mm_xy *a, *b;
    size_t cap;
} mm_clip_buf;

/*
 * Sutherland-Hodgman: the ring pts[0..n) clipped to r, left in c->a; returns
 * its length. Within r it covers what the ring covered, with either fill
 * rule; its new edges run along r's border.
 */
size_t mm_draw_clip_ring(mm_clip_buf *c, const mm_xy *pts, size_t n, mm_bbox r);
void mm_clip_buf_fini(mm_clip_buf *c);

/*
 * Adds a text op for text (copied) in font with its colour and halo, at
 * opacity 1; the caller sets its position, anchor, angle and box.
 */
mm_op *mm_draw_text(mm_scene *s, const char *text, const mm_font *font, mm_rgba color,
                    mm_rgba halo, double halo_px);

/* Number of vertices a path op holds (for tests and statistics). */
size_t mm_draw_path_vertices(const mm_op *op);

/* What every layer draw needs to know. */
typedef struct mm_draw_ctx {
    const mm_view *view;
    double tolerance_px; /* simplification tolerance in scene pixels */
    mm_arena *scratch;   /* reset by the caller between layers */
} mm_draw_ctx;

/*
 * Draws a background, fill, line or circle layer of the style into the scene
 * as one group named after the layer: every feature of fs (projected to map
 * coordinates) that passes the filter, with its paint evaluated per feature
 * (or once, when constant). Binds the layer's expressions to fs first.
 * Symbol layers are placed and drawn by labels.h.
 */
void mm_draw_layer(mm_scene *s, mm_style *style, size_t layer, const mm_features *fs,
                   const mm_draw_ctx *ctx);

/* Sets op's fill (colour, opacity, pattern, outline) from a fill layer's paint. */
void mm_draw_paint_fill(mm_op *op, mm_style *style, const mm_style_layer *l, const mm_features *fs,
                        size_t i, mm_arena *scratch);
/* Sets op's stroke from a line layer's paint; false when the width is 0. */
bool mm_draw_paint_line(mm_op *op, const mm_style_layer *l, const mm_features *fs, size_t i,
                        mm_arena *scratch);
/* Adds a circle marker at centre painted by a circle layer. */
mm_op *mm_draw_circle(mm_scene *s, const mm_style_layer *l, const mm_features *fs, size_t i,
                      mm_xy centre, mm_arena *scratch);

/*
 * The marker shape of a built-in icon name ("malimap:triangle"…), or -1 when
 * the name is not a built-in marker.
 */
int mm_draw_marker_shape(const char *icon);

/*
 * Attaches the feature's identifying properties (name, controller, status,
 * since, event id, date…) to op as data attributes for the SVG output.
 */
void mm_draw_attach_attrs(mm_scene *s, mm_op *op, const mm_features *fs, size_t i);

#endif
