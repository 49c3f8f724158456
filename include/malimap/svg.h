/*
 * svg.h — the native SVG backend of the canvas: writes a scene as layered SVG
 * that Illustrator and Inkscape open with named layers (one <g> per style
 * layer, Inkscape layer attributes), text kept as <text> with a halo drawn by
 * paint-order, data- attributes on features, <title> and <desc> for access.
 * Part of out/: libc only.
 */
#ifndef MALIMAP_SVG_H
#define MALIMAP_SVG_H

#include "malimap/error.h"
#include "malimap/mem.h"
#include "malimap/scene.h"

/*
 * Appends the SVG document for s to out. Coordinates are rounded to 0.1
 * scene pixel; the title and description come from the scene's "title" and
 * "description" metadata.
 */
mm_status mm_svg_write(const mm_scene *s, mm_buf *out, mm_error *err);

/* Writes s with XML escaping (&, <, >, ", ') into out. */
void mm_svg_escape(mm_buf *out, const char *s);

#endif
