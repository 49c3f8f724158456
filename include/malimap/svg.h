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
 * Appends the SVG document for s to out: one viewBox of the scene's size in
 * pixels; each scene group becomes a <g> whose id is the group's id (a style
 * layer id) and whose inkscape:label is its label. An id that is not an XML
 * NCName is made into one (mm_svg_ncname) and ids that would repeat get "-2",
 * "-3"…, so group ids always keep their names when they can and the document
 * stays valid. Coordinates are rounded to 0.1 scene pixel, sizes to three
 * significant digits. <title>, <desc> and Dublin Core <metadata> come from the
 * scene's "title", "description" (alt text) and "credits" metadata. Never
 * fails today; returns mm_status for backends that may.
 */
mm_status mm_svg_write(const mm_scene *s, mm_buf *out, mm_error *err);

/*
 * Appends s with XML escaping (&, <, >, ", ') to out. Characters XML 1.0
 * forbids become spaces (controls) or U+FFFD (bytes that are not UTF-8).
 */
void mm_svg_escape(mm_buf *out, const char *s);

/*
 * Appends an XML NCName made from s: characters a name may hold are kept
 * (letters of any script, digits, '-', '.', '_'), others become '-', and
 * "layer-" goes in front when the first one may not start a name ("1st" →
 * "layer-1st", "a b" → "a-b", "x:y" → "x-y", "" → "layer").
 */
void mm_svg_ncname(const char *s, mm_buf *out);

#endif
