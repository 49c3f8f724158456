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
 * One frame, losslessly, as the payload of a VP8L chunk (signature, size,
 * prefix codes, pixels), appended to out. Pixels are stored un-premultiplied
 * exactly as the PNG writer stores them, fully transparent ones as 0. Keeps
 * no state between calls: several threads may encode frames at once.
 * Errors: MM_E_LIMIT if a side exceeds MM_WEBP_MAX_SIDE (out is untouched).
 */
mm_status mm_webp_frame(const mm_image *img, mm_buf *out, mm_error *err);

/*
 * The whole animation into out: RIFF header; VP8X for a width x height canvas
 * with the animation flag (and the alpha flag when a frame uses alpha); ANIM
 * with a white background, looping forever; then one ANMF per frame in order,
 * each covering the whole canvas for delay_ms (clamped to 0..16777215), not
 * blended with the previous frame, not disposed. frames hold mm_webp_frame()
 * payloads of width x height images; n may be 0. Errors: MM_E_LIMIT if the
 * file would outgrow RIFF's 32-bit sizes (out is untouched).
 */
mm_status mm_webp_write(int width, int height, const mm_buf *frames, size_t n, int delay_ms,
                        mm_buf *out, mm_error *err);

#endif
