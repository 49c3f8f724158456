/*
 * gif.h — animated GIF (GIF89a) for date ranges: each frame quantised to its
 * own 256-colour palette (the --png8 palette) and LZW-compressed on the
 * worker thread that drew it, then written in order. Part of out/: libc and
 * the palette of png.h.
 */
#ifndef MALIMAP_GIF_H
#define MALIMAP_GIF_H

#include <stddef.h>

#include "malimap/mem.h"
#include "malimap/raster.h"

/*
 * One frame as a GIF image block (graphic control extension with the delay
 * in hundredths of a second, image descriptor, local colour table, LZW data),
 * appended to out. With prev (the previous frame's image, same size), only
 * the rectangle that changed is stored, its unchanged pixels transparent so
 * the previous frame shows through (frames are never disposed); prev NULL:
 * the whole frame.
 */
void mm_gif_frame(const mm_image *img, const mm_image *prev, int delay_cs, mm_buf *out);

/*
 * The whole animation into out: header for width x height, looping forever,
 * then the frames' blocks in order, then the trailer.
 */
void mm_gif_write(int width, int height, const mm_buf *frames, size_t n, mm_buf *out);

#endif
