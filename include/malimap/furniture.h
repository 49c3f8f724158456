/*
 * furniture.h — the furniture of a finished map: title and subtitle, legend,
 * scale bar, north arrow, locator inset, credits. Each piece is built in its
 * own coordinates, then laid out in the frame where it covers the least of
 * the country (and no other piece), and drawn on top of the map. Part of
 * draw/. The boxes are known before labels are placed, so labels avoid them.
 */
#ifndef MALIMAP_FURNITURE_H
#define MALIMAP_FURNITURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "malimap/feature.h"
#include "malimap/scene.h"
#include "malimap/style.h"
#include "malimap/text_measure.h"

typedef enum mm_pos {
    MM_POS_AUTO,
    MM_POS_TOP_LEFT,
    MM_POS_TOP_RIGHT,
    MM_POS_BOTTOM_LEFT,
    MM_POS_BOTTOM_RIGHT
} mm_pos;

/* "auto", "top-left", "top-right", "bottom-left", "bottom-right". */
bool mm_pos_parse(const char *s, mm_pos *out);

typedef struct mm_text_style {
    mm_font font;
    mm_rgba color;
    mm_rgba halo;
    double halo_px;
} mm_text_style;

/* One row of a legend: a swatch drawn with the paint of style layers for a
 * sample feature, and its label. */
typedef struct mm_legend_row {
    const char *label;
    size_t layer_index[4];           /* the style layers, by index (for binding) */
    const mm_style_layer *layers[4]; /* drawn in order into the swatch */
    const mm_features *fs[4];
    size_t feature[4];
    size_t nlayers;
    bool polygon; /* the features are areas: line layers draw the swatch's outline */
} mm_legend_row;

typedef struct mm_legend_section {
    const char *title; /* NULL: rows only */
    const mm_legend_row *rows;
    size_t nrows;
} mm_legend_section;

typedef struct mm_furniture mm_furniture;

/* Furniture for a width x height map, margin_px from the edges. Caller destroys. */
mm_furniture *mm_furniture_create(int width_px, int height_px, double margin_px);
void mm_furniture_destroy(mm_furniture *f);

/* A block of text wrapped to max_width_px (0: no wrapping). */
void mm_furniture_add_text(mm_furniture *f, const char *id, mm_pos pos, const char *text,
                           const mm_text_style *ts, double max_width_px);

/*
 * A legend panel: title, sections of rows, then a note. Style evaluation
 * happens here (paint of the rows' layers); scratch holds temporaries.
 */
void mm_furniture_add_legend(mm_furniture *f, mm_pos pos, mm_style *style, const char *title,
                             const mm_legend_section *sections, size_t nsections, const char *note,
                             const mm_text_style *title_ts, const mm_text_style *text_ts,
                             const mm_text_style *note_ts, mm_rgba panel, double max_width_px,
                             mm_arena *scratch);

/*
 * A scale bar for km_per_px kilometres per pixel at the map centre: the
 * longest round length (1, 2 or 5 times a power of ten km) no longer than
 * max_width_px, in two or four alternating segments, labelled in km.
 */
void mm_furniture_add_scale_bar(mm_furniture *f, mm_pos pos, double km_per_px, double max_width_px,
                                const mm_text_style *ts);
/* The bar's length in km and pixels once added (for tests). */
void mm_furniture_scale_bar(const mm_furniture *f, double *km, double *px);

/* A north arrow turned by angle_deg (clockwise from straight up). */
void mm_furniture_add_north_arrow(mm_furniture *f, mm_pos pos, double angle_deg, double size_px,
                                  const mm_text_style *ts);

/* A framed mini map already drawn in its own width x height coordinates. */
void mm_furniture_add_inset(mm_furniture *f, mm_pos pos, const mm_scene *content, double width_px,
                            double height_px, mm_rgba frame);

/*
 * Places every piece: explicit corners stack in the order added; "auto"
 * pieces take the corner slot that covers the fewest cells of occupied, a
 * grid of cell x cell pixel cells (cols x rows, row-major, non-zero = the
 * country) and no other piece. occupied may be NULL.
 */
void mm_furniture_layout(mm_furniture *f, const uint8_t *occupied, int cols, int rows, int cell);

size_t mm_furniture_count(const mm_furniture *f);
const char *mm_furniture_id(const mm_furniture *f, size_t i);
mm_bbox mm_furniture_box(const mm_furniture *f, size_t i);

/* Draws every piece into s, each in its own group. */
void mm_furniture_emit(const mm_furniture *f, mm_scene *s);

#endif
