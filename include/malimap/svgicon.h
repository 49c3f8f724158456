/*
 * svgicon.h — icons from SVG files, read into vector shapes and drawn as
 * ordinary scene paths, so PNG, PDF and SVG outputs all draw them the same
 * way. Part of draw/: depends on core/, style/ (CSS colours) and the scene.
 * The reader knows the SVG that icons use (shapes, paths, groups, transforms,
 * presentation attributes, style="" and simple <style> rules). A gradient
 * paints the mean colour of its stops; a paint it cannot resolve uses its
 * fallback colour, else none. What it cannot draw (text, <use>, <image>,
 * filters, masks, clipping, markers) is left out. Opacity of a group is
 * multiplied into the fill and stroke of each shape, and strokes under a
 * non-uniform scale keep one width (the square root of the scale's area).
 */
#ifndef MALIMAP_SVGICON_H
#define MALIMAP_SVGICON_H

#include <stddef.h>

#include "malimap/error.h"
#include "malimap/scene.h"
#include "malimap/types.h"

/* Limits on what an icon file may hold: beyond them it is refused (MM_E_LIMIT). */
enum {
    MM_SVGICON_MAX_BYTES = 1 << 20,   /* file size */
    MM_SVGICON_MAX_ELEMENTS = 10000,  /* elements of any kind */
    MM_SVGICON_MAX_DEPTH = 64,        /* elements open at once */
    MM_SVGICON_MAX_SEGMENTS = 100000, /* path segments (lines, curves, moves) */
    MM_SVGICON_MAX_POINTS = 1 << 20   /* points of the flattened outlines */
};

typedef struct mm_svgicon mm_svgicon;

/*
 * Parses an SVG document of len bytes; path names it in errors. A document
 * that is not well-formed XML, not <svg>, without a size (width/height or a
 * viewBox), with malformed geometry (path data, numbers, transforms) or
 * beyond the limits is refused: MM_E_DATA or MM_E_LIMIT, located at
 * path:line:col. Unknown elements and attributes and paint the reader cannot
 * draw are not errors. Caller destroys *out with mm_svgicon_destroy().
 */
mm_status mm_svgicon_parse(const char *path, const char *text, size_t len, mm_svgicon **out,
                           mm_error *err);

/* Reads and parses a file (MM_E_IO when it cannot be read). */
mm_status mm_svgicon_load(const char *path, mm_svgicon **out, mm_error *err);

void mm_svgicon_destroy(mm_svgicon *icon);

/* The icon's size in CSS pixels: width and height, else those of the viewBox. */
double mm_svgicon_width(const mm_svgicon *icon);
double mm_svgicon_height(const mm_svgicon *icon);

/*
 * Draws the icon stretched over box (scene pixels) as path ops appended to s:
 * per SVG shape a filled path (non-zero or even-odd) and its stroke, in
 * document order. opacity becomes each op's opacity. Curves are flattened to
 * within tolerance_px of the true outline in scene pixels; the flattened
 * outline is kept in the icon for the next call at the same scale, so an icon
 * must not be drawn from two threads at once. Returns the number of ops.
 */
size_t mm_svgicon_emit(mm_svgicon *icon, mm_scene *s, mm_bbox box, double opacity,
                       double tolerance_px);

#endif
