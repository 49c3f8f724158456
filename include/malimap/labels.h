/*
 * labels.h — symbol placement: text and icons of symbol layers placed around
 * their features with candidate anchors, kept apart by one collision index
 * shared by every label, icon, obstacle (town dots, map furniture) and the
 * frame. Priorities: upper layers first, then symbol-sort-key ascending, then
 * feature order. Part of draw/. Placement happens before the scene is built,
 * so each symbol layer is drawn at its place in the layer order.
 */
#ifndef MALIMAP_LABELS_H
#define MALIMAP_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/feature.h"
#include "malimap/scene.h"
#include "malimap/style.h"
#include "malimap/view.h"

typedef struct mm_labels mm_labels;

/* What tests and the SVG writer can know of a label. */
typedef struct mm_label_info {
    const char *layer; /* layer id */
    const char *text;  /* the label text (after text-transform), NULL for icon-only */
    mm_bbox box;       /* text box in pixels (empty when no text placed) */
    mm_bbox icon_box;  /* icon box (empty when no icon placed) */
    bool placed;       /* something of it is on the map */
    size_t feature;
} mm_label_info;

/* A placement for a width x height image. Caller destroys with mm_labels_destroy(). */
mm_labels *mm_labels_create(int width_px, int height_px);
void mm_labels_destroy(mm_labels *lb);

/*
 * A box labels must avoid (furniture, a town dot). A label anchored within
 * 1 px of an obstacle's centre ignores it (its own dot).
 */
void mm_labels_add_obstacle(mm_labels *lb, mm_bbox box);

/* Adds the circles a circle layer will draw as obstacles. */
void mm_labels_add_circles(mm_labels *lb, mm_style *style, size_t layer, const mm_features *fs,
                           const mm_view *v, mm_arena *scratch);

/*
 * Collects the symbols of a symbol layer from its projected features. Text
 * and paint are evaluated here; nothing is placed yet.
 */
void mm_labels_collect(mm_labels *lb, mm_style *style, size_t layer, const mm_features *fs,
                       const mm_view *v, mm_arena *scratch);

/* Places everything collected, by priority. */
void mm_labels_place(mm_labels *lb);

/* Draws the placed symbols of one layer into s as a group (icons below text). */
void mm_labels_emit(mm_labels *lb, mm_scene *s, const mm_style *style, size_t layer);

/*
 * Whether icon, an icon-image name of style, can be drawn: a built-in marker
 * ("malimap:star"), or a PNG or SVG file relative to the style's folder that
 * can be read (SVG icons are parsed). Rendering draws nothing for an icon
 * that cannot; `malimap check` says why: MM_OK, or an error without a
 * location whose message names the icon and the problem (with the SVG
 * file's path:line:col for a malformed SVG).
 */
mm_status mm_labels_check_icon(const mm_style *style, const char *icon, mm_error *err);

size_t mm_labels_count(const mm_labels *lb);
mm_label_info mm_labels_get(const mm_labels *lb, size_t i);

#endif
