/*
 * png.h — the PNG writer (libpng). Part of out/: the only module that
 * includes <png.h>. Writes truecolour (RGB when the image is opaque, else
 * RGBA) or a palette, with pHYs from the DPI and tEXt/iTXt chunks for the
 * metadata.
 */
#ifndef MALIMAP_PNG_H
#define MALIMAP_PNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "malimap/error.h"
#include "malimap/mem.h"
#include "malimap/raster.h"

typedef struct mm_png_text {
    const char *key;   /* "Title", "Description", "Source", "Software", "Creation Time" */
    const char *value; /* UTF-8 */
} mm_png_text;

/*
 * What a series of images of one size (the frames of a date range) keeps
 * between encodings: the image data is compressed in independent bands of
 * rows (a zlib stream restarted at every band, as pigz does), and a band
 * whose pixels equal the band of the previous image keeps its compressed
 * bytes. The bytes written never depend on what the cache held: a band's
 * compressed form is a function of its pixels alone. One cache per thread.
 */
typedef struct mm_png_cache mm_png_cache;

mm_png_cache *mm_png_cache_create(void);
void mm_png_cache_destroy(mm_png_cache *c);

typedef struct mm_png_opts {
    double dpi;              /* 0 = no pHYs chunk */
    const mm_png_text *text; /* ntext entries */
    size_t ntext;
    int compression; /* zlib level 0..9, -1 = the writer's default */
    /*
     * Palette PNG (colour type 3, 1 to 8 bits per pixel, tRNS when not
     * opaque): lossless when the image has at most 256 colours. With more,
     * colours covering at least 1/1000 of the image stay exact (up to 128)
     * and median cut shares the remaining slots among the others (the
     * anti-aliased edges); no dithering.
     */
    bool palette;
    /* Truecolour images only (not with palette): encode in bands, reusing
     * the unchanged ones; NULL = one zlib stream, which is a little smaller. */
    mm_png_cache *cache;
} mm_png_opts;

/* Encodes img into out (appended). */
mm_status mm_png_encode(const mm_image *img, const mm_png_opts *opts, mm_buf *out, mm_error *err);

/*
 * The --png8 palette of an image for other palette formats (GIF): at most
 * 256 colours as straight RGBA words (r << 24 | g << 16 | b << 8 | a) in pal,
 * one palette index per pixel, row by row, in *indices (caller frees with
 * mm_free). Returns the number of colours.
 */
int mm_png_quantize(const mm_image *img, uint32_t pal[256], unsigned char **indices);

#endif
