/*
 * scene.h — a display list in output pixels: groups (one per style layer),
 * filled and stroked paths, markers, text and images, each optionally tagged
 * with data attributes. Part of draw/: draw/ builds scenes; every canvas
 * backend in out/ replays them, so a map looks the same in every format. The
 * scene owns all its memory (one arena).
 */
#ifndef MALIMAP_SCENE_H
#define MALIMAP_SCENE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "malimap/mem.h"
#include "malimap/types.h"

typedef enum mm_line_cap { MM_CAP_BUTT, MM_CAP_ROUND, MM_CAP_SQUARE } mm_line_cap;
typedef enum mm_line_join { MM_JOIN_MITER, MM_JOIN_ROUND, MM_JOIN_BEVEL } mm_line_join;

enum { MM_DASH_MAX = 8 };

typedef struct mm_stroke {
    mm_rgba color;
    double width_px;
    double dash[MM_DASH_MAX]; /* lengths in pixels */
    int ndash;
    mm_line_cap cap;
    mm_line_join join;
} mm_stroke;

typedef enum mm_pattern_kind {
    MM_PATTERN_NONE,
    MM_PATTERN_HATCH /* stripes: color, color2 (may be transparent), angle, spacing */
} mm_pattern_kind;

typedef struct mm_fill {
    mm_rgba color;
    mm_pattern_kind pattern;
    mm_rgba color2;
    double angle_deg;
    double spacing_px;
    double line_px;
} mm_fill;

typedef enum mm_marker_shape {
    MM_MARKER_CIRCLE,
    MM_MARKER_SQUARE,
    MM_MARKER_TRIANGLE,
    MM_MARKER_DIAMOND,
    MM_MARKER_CROSS,
    MM_MARKER_STAR
} mm_marker_shape;

typedef enum mm_text_anchor { MM_TEXT_START, MM_TEXT_MIDDLE, MM_TEXT_END } mm_text_anchor;

/* A key/value pair written as a data- attribute by the SVG backend. */
typedef struct mm_attr {
    const char *key;
    const char *value;
} mm_attr;

typedef enum mm_op_kind {
    MM_OP_GROUP_BEGIN,
    MM_OP_GROUP_END,
    MM_OP_PATH,
    MM_OP_MARKER,
    MM_OP_TEXT,
    MM_OP_IMAGE
} mm_op_kind;

typedef struct mm_op_path {
    uint32_t nparts;
    uint32_t *parts; /* nparts + 1 offsets into pts */
    mm_xy *pts;
    bool closed;  /* rings (filled with the even-odd rule) */
    bool nonzero; /* fill with the non-zero winding rule instead (SVG icons) */
    bool has_fill;
    bool has_stroke;
    mm_fill fill;
    mm_stroke stroke;
} mm_op_path;

typedef struct mm_op_marker {
    mm_marker_shape shape;
    mm_xy center;
    double radius_px;
    bool has_fill;
    bool has_stroke;
    mm_rgba fill;
    mm_stroke stroke;
} mm_op_marker;

/*
 * One line of text whose baseline passes through pos; anchor says which end
 * of the line (or its middle) sits at pos.x. A halo is drawn under the text.
 * box is the ink-free layout box in pixels (for collision tests and SVG).
 * angle_deg rotates the line about pos (for text along lines).
 */
typedef struct mm_op_text {
    const char *text;
    const char *font_family; /* comma-separated fallback list */
    int weight;              /* 400 normal, 700 bold */
    bool italic;
    double size_px;
    double letter_spacing_px;
    mm_rgba color;
    mm_rgba halo;
    double halo_px;
    mm_xy pos;
    mm_text_anchor anchor;
    double angle_deg;
    mm_bbox box;
} mm_op_text;

typedef struct mm_op_image {
    const char *path; /* PNG or SVG file */
    mm_bbox box;
} mm_op_image;

typedef struct mm_op {
    mm_op_kind kind;
    double opacity;
    const mm_attr *attrs;
    uint32_t nattrs;
    union {
        struct {
            const char *id;
            const char *label;
            bool has_clip; /* what the group draws shows only inside clip */
            mm_bbox clip;
        } group;
        mm_op_path path;
        mm_op_marker marker;
        mm_op_text text;
        mm_op_image image;
    } u;
} mm_op;

typedef struct mm_scene mm_scene;

/* An empty scene of width x height pixels. Caller destroys with mm_scene_destroy(). */
mm_scene *mm_scene_create(int width_px, int height_px);
void mm_scene_destroy(mm_scene *s);
int mm_scene_width(const mm_scene *s);
int mm_scene_height(const mm_scene *s);
mm_arena *mm_scene_arena(mm_scene *s);

/* Map metadata carried to the outputs (title, alt text, credits…); strings copied. */
void mm_scene_set_meta(mm_scene *s, const char *key, const char *value);
const char *mm_scene_meta(const mm_scene *s, const char *key);
/* Background colour (transparent if never set). */
void mm_scene_set_background(mm_scene *s, mm_rgba color);
mm_rgba mm_scene_background(const mm_scene *s);

void mm_scene_begin_group(mm_scene *s, const char *id, const char *label);
/* A group whose drawing is cut to the rectangle clip (a panel of a sheet). */
void mm_scene_begin_clip_group(mm_scene *s, const char *id, const char *label, mm_bbox clip);
void mm_scene_end_group(mm_scene *s);

/*
 * Appends an op (copied) and returns it so the caller can fill it in place.
 * Pointers inside ops must point into the scene's arena (use the helpers).
 */
mm_op *mm_scene_add(mm_scene *s, mm_op_kind kind);
mm_xy *mm_scene_alloc_points(mm_scene *s, size_t n);
uint32_t *mm_scene_alloc_parts(mm_scene *s, size_t nparts);
const char *mm_scene_strdup(mm_scene *s, const char *str);
/* Copies n attributes (keys and values) into the scene and attaches them to op. */
void mm_scene_set_attrs(mm_scene *s, mm_op *op, const mm_attr *attrs, size_t n);

size_t mm_scene_count(const mm_scene *s);
const mm_op *mm_scene_op(const mm_scene *s, size_t i);

/* Appends all ops of src (deep copy), e.g. cached static layers into a frame. */
void mm_scene_append(mm_scene *dst, const mm_scene *src);

/* Appends all ops of src moved by (dx, dy) pixels. */
void mm_scene_append_moved(mm_scene *dst, const mm_scene *src, double dx, double dy);

#endif
