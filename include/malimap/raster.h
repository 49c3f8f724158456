/*
 * raster.h — rasterising a scene with cairo into a pixel buffer, and writing
 * vector PDF. Part of out/: the cairo backend of the canvas; the only out/
 * module that includes cairo and pango.
 */
#ifndef MALIMAP_RASTER_H
#define MALIMAP_RASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "malimap/error.h"
#include "malimap/mem.h"
#include "malimap/scene.h"

/* Premultiplied ARGB, native-endian 32-bit words (cairo's ARGB32). */
typedef struct mm_image {
    int width;
    int height;
    size_t stride; /* bytes per row */
    uint32_t *pixels;
} mm_image;

void mm_image_fini(mm_image *img);

/* A pixel of an image (premultiplied ARGB) as straight ARGB, rounded; 0 when transparent. */
uint32_t mm_argb_straight(uint32_t premultiplied);

/*
 * Draws the scene at scale (1 = one scene pixel per image pixel, 2 = retina)
 * into a new image. Errors: MM_E_LIMIT if the image would be too large,
 * MM_E_RENDER if cairo fails.
 */
mm_status mm_raster_draw(const mm_scene *s, double scale, mm_image *out, mm_error *err);

/*
 * Draws the scene on top of an existing image (for compositing frames over a
 * cached static layer). The image must have the scene's size times scale.
 */
mm_status mm_raster_draw_over(const mm_scene *s, double scale, mm_image *img, mm_error *err);

/*
 * What a series of draws of like scenes (the furniture of consecutive
 * frames) keeps: for the n-th text of a draw, the pixels under it and the
 * pixels it made. When the n-th text of the next draw is the same text at the
 * same place over the same pixels, those pixels are copied instead of drawn
 * (halos are cairo strokes of the glyph outlines, the costliest thing a frame
 * draws). The image is the same as without the cache. One cache per thread.
 */
typedef struct mm_raster_cache mm_raster_cache;

mm_raster_cache *mm_raster_cache_create(void);
void mm_raster_cache_destroy(mm_raster_cache *c);
mm_status mm_raster_draw_over_cached(const mm_scene *s, double scale, mm_image *img,
                                     mm_raster_cache *c, mm_error *err);

/* A copy of img (same size and stride). */
void mm_image_copy(const mm_image *img, mm_image *out);

/*
 * What changed from prev to img (same size): the smallest rectangle [x0, x1)
 * x [y0, y1) holding every pixel that differs, in box as {x0, y0, x1, y1}.
 * False when none does (box untouched).
 */
bool mm_image_changed_box(const mm_image *img, const mm_image *prev, int box[4]);

/*
 * The part of img in box as a new packed image (stride = 4 x width), with
 * the pixels equal to prev's (when prev is not NULL) made 0, transparent:
 * the frame of an animation that keeps the previous one under it. Sets
 * *keeps to whether any pixel was made transparent; when img itself has a
 * pixel that is not opaque there, nothing is made transparent (it would mean
 * two things).
 */
void mm_image_crop_changes(const mm_image *img, const mm_image *prev, const int box[4],
                           mm_image *out, bool *keeps);

/* Paints src over dst (same size): a cached layer composited into a frame. */
void mm_raster_composite(const mm_image *src, mm_image *dst);

/* A transparent image for a scene drawn at scale; MM_E_LIMIT when too large. */
mm_status mm_image_create(const mm_scene *s, double scale, mm_image *out, mm_error *err);

/*
 * Writes the scene as a vector PDF page of width x height points (the scene
 * is scaled to fit). Text stays text; fonts are embedded. The document's
 * title, subject and creation date come from the scene's "title",
 * "description" (alt text) and "created" (ISO 8601, "2023-11-14T22:13:20Z")
 * metadata.
 */
mm_status mm_pdf_write(const mm_scene *s, double width_pt, double height_pt, mm_buf *out,
                       mm_error *err);

/*
 * Writes the scene through cairo's own SVG surface (text as glyph outlines,
 * no layers, no metadata). Not an output format: it exists so tests can
 * compare the native SVG writer (svg.h) with what cairo would write.
 */
mm_status mm_raster_cairo_svg(const mm_scene *s, mm_buf *out, mm_error *err);

/*
 * Frees the font map shared by all renders (call once, at exit, after the
 * last render), so leak checkers see a clean exit.
 */
void mm_raster_shutdown(void);

/* Largest image the raster backend agrees to allocate, in pixels. */
#define MM_RASTER_MAX_PIXELS 150000000LL
/* Memory a raster output needs per pixel, for the estimate: the ARGB surface,
 * the PNG encoder's copy (rows, palette indices) and the encoded file. */
#define MM_RASTER_BYTES_PER_PIXEL 12

/*
 * Checks, before anything is allocated, that an image of width x height
 * device pixels may be drawn: at most 32767 on a side and
 * MM_RASTER_MAX_PIXELS in all, and its memory estimate
 * (MM_RASTER_BYTES_PER_PIXEL a pixel) within the machine's physical memory.
 * MM_E_LIMIT with the sizes in the message otherwise.
 */
mm_status mm_raster_check_size(double width_px, double height_px, mm_error *err);

#endif
