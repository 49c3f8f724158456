/*
 * png.h — the PNG writer (libpng). Part of out/: the only module that
 * includes <png.h>. Writes truecolour (RGB when the image is opaque, else
 * RGBA) with pHYs from the DPI and tEXt/iTXt chunks for the metadata.
 */
#ifndef MALIMAP_PNG_H
#define MALIMAP_PNG_H

#include <stddef.h>

#include "malimap/error.h"
#include "malimap/mem.h"
#include "malimap/raster.h"

typedef struct mm_png_text {
    const char *key;   /* "Title", "Description", "Source", "Software", "Creation Time" */
    const char *value; /* UTF-8 */
} mm_png_text;

typedef struct mm_png_opts {
    double dpi;              /* 0 = no pHYs chunk */
    const mm_png_text *text; /* ntext entries */
    size_t ntext;
    int compression; /* zlib level 0..9, -1 = the writer's default */
} mm_png_opts;

/* Encodes img into out (appended). */
mm_status mm_png_encode(const mm_image *img, const mm_png_opts *opts, mm_buf *out, mm_error *err);

#endif
