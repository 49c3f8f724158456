/*
 * webp.h — animated lossless WebP for date ranges: each frame encoded as a
 * VP8L bitstream (RFC 9649) on the worker thread that drew it, then wrapped
 * in order in the RIFF container (VP8X, ANIM, one ANMF per frame). Written by
 * hand: no libwebp. Part of out/: libc only.
 */
#ifndef MALIMAP_WEBP_H
#define MALIMAP_WEBP_H

#include <stddef.h>

#include "malimap/error.h"
#include "malimap/mem.h"
#include "malimap/raster.h"

/* The longest side a VP8L bitstream can describe, in pixels. */
#define MM_WEBP_MAX_SIDE 16384

/*
 * One image, losslessly, as the payload of a VP8L chunk (signature, size,
 * prefix codes, pixels), appended to out. Pixels are stored un-premultiplied
 * exactly as the PNG writer stores them, fully transparent ones as 0. Keeps
 * no state between calls: several threads may encode at once.
 * Errors: MM_E_LIMIT if a side exceeds MM_WEBP_MAX_SIDE (out is untouched).
 */
mm_status mm_webp_vp8l(const mm_image *img, mm_buf *out, mm_error *err);

/*
 * One frame of an animation, appended to out for mm_webp_write. With prev
 * (the previous frame's image, same size), only the rectangle that changed
 * is stored (from even coordinates, as WebP wants), its unchanged pixels
 * transparent and the frame alpha-blended over the previous one; prev NULL:
 * the whole frame, not blended. Errors as mm_webp_vp8l.
 */
mm_status mm_webp_frame(const mm_image *img, const mm_image *prev, mm_buf *out, mm_error *err);

/*
 * The whole animation into out: RIFF header; VP8X for a width x height canvas
 * with the animation flag (and the alpha flag when a frame has alpha, as
 * the blended frames of an animation that keeps unchanged pixels do); ANIM with a white background,
 * looping forever; then one ANMF per frame in order, for delay_ms each (clamped to 0..16777215),
 * never disposed. frames hold mm_webp_frame() results for width x height images; n may be 0.
 * Errors: MM_E_LIMIT if the file would outgrow RIFF's 32-bit sizes (out is untouched).
 */
mm_status mm_webp_write(int width, int height, const mm_buf *frames, size_t n, int delay_ms,
                        mm_buf *out, mm_error *err);

#endif
