/*
 * text_measure.h — measuring text with Pango (HarfBuzz shaping, fontconfig
 * fallback) so labels can be placed before anything is drawn. Part of draw/:
 * with out/raster.c the only code that includes pango. Uses pango's per-
 * thread default font map, so each worker thread measures on its own.
 */
#ifndef MALIMAP_TEXT_MEASURE_H
#define MALIMAP_TEXT_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/mem.h"

/* A font request: a comma-separated family list plus weight, style, size. */
typedef struct mm_font {
    const char *family;
    int weight; /* 100..900 */
    bool italic;
    double size_px;
    double letter_spacing_px;
} mm_font;

typedef struct mm_text_extent {
    double width;   /* advance width of the line, pixels */
    double ascent;  /* from the top of the logical box to the baseline */
    double descent; /* from the baseline to the bottom of the logical box */
    int glyphs;     /* shaped glyphs (ligatures and Arabic joining count once) */
    int unknown;    /* characters no installed font could show */
} mm_text_extent;

/*
 * Turns MapLibre text-font names ("Noto Sans Bold", "DejaVu Sans Book") into
 * a font: the families of all names as a fallback list and the weight and
 * style of the first. The family string is allocated in arena.
 */
void mm_font_from_names(const char *const *names, size_t n, double size_px, mm_arena *arena,
                        mm_font *out);

/* Measures one line of UTF-8 text. */
mm_text_extent mm_text_measure(const char *text, const mm_font *font);

/* Releases this thread's measuring context (call before a thread ends). */
void mm_text_measure_release(void);

#endif
