/*
 * style.h — style files: a subset of the MapLibre GL style specification
 * (version 8) that drives every colour, width, font, filter and the order of
 * layers, plus malimap's own settings under "metadata" keys prefixed
 * "malimap:". Part of style/: depends on core/, data/ (JSON, features) and
 * expressions. Loading validates everything and reports the first problem
 * as "file:line:col: error: …" with the line quoted, before anything draws.
 */
#ifndef MALIMAP_STYLE_H
#define MALIMAP_STYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/error.h"
#include "malimap/expr.h"
#include "malimap/feature.h"
#include "malimap/json.h"
#include "malimap/types.h"

typedef enum mm_layer_type {
    MM_LAYER_BACKGROUND,
    MM_LAYER_FILL,
    MM_LAYER_LINE,
    MM_LAYER_CIRCLE,
    MM_LAYER_SYMBOL
} mm_layer_type;

/* Every paint and layout property malimap draws with. */
typedef enum mm_prop {
    MM_P_BACKGROUND_COLOR,
    MM_P_BACKGROUND_OPACITY,
    MM_P_FILL_COLOR,
    MM_P_FILL_OPACITY,
    MM_P_FILL_OUTLINE_COLOR,
    MM_P_FILL_PATTERN,
    MM_P_FILL_SORT_KEY,
    MM_P_LINE_COLOR,
    MM_P_LINE_WIDTH,
    MM_P_LINE_OPACITY,
    MM_P_LINE_DASHARRAY,
    MM_P_LINE_CAP,
    MM_P_LINE_JOIN,
    MM_P_LINE_SORT_KEY,
    MM_P_CIRCLE_RADIUS,
    MM_P_CIRCLE_COLOR,
    MM_P_CIRCLE_OPACITY,
    MM_P_CIRCLE_STROKE_WIDTH,
    MM_P_CIRCLE_STROKE_COLOR,
    MM_P_CIRCLE_STROKE_OPACITY,
    MM_P_CIRCLE_SORT_KEY,
    MM_P_SYMBOL_PLACEMENT,
    MM_P_SYMBOL_SORT_KEY,
    MM_P_TEXT_FIELD,
    MM_P_TEXT_FONT,
    MM_P_TEXT_SIZE,
    MM_P_TEXT_ANCHOR,
    MM_P_TEXT_VARIABLE_ANCHOR,
    MM_P_TEXT_OFFSET,
    MM_P_TEXT_RADIAL_OFFSET,
    MM_P_TEXT_TRANSFORM,
    MM_P_TEXT_PADDING,
    MM_P_TEXT_ALLOW_OVERLAP,
    MM_P_TEXT_IGNORE_PLACEMENT,
    MM_P_TEXT_OPTIONAL,
    MM_P_TEXT_LETTER_SPACING,
    MM_P_TEXT_MAX_WIDTH,
    MM_P_TEXT_LINE_HEIGHT,
    MM_P_TEXT_JUSTIFY,
    MM_P_ICON_IMAGE,
    MM_P_ICON_SIZE,
    MM_P_ICON_ALLOW_OVERLAP,
    MM_P_ICON_IGNORE_PLACEMENT,
    MM_P_ICON_OPTIONAL,
    MM_P_ICON_OFFSET,
    MM_P_TEXT_COLOR,
    MM_P_TEXT_OPACITY,
    MM_P_TEXT_HALO_COLOR,
    MM_P_TEXT_HALO_WIDTH,
    MM_P_ICON_COLOR,
    MM_P_ICON_OPACITY,
    MM_P_ICON_HALO_COLOR,
    MM_P_ICON_HALO_WIDTH,
    MM_P__COUNT
} mm_prop;

/* The property's name as the style spec spells it ("fill-color"). */
const char *mm_prop_name(mm_prop p);

typedef enum mm_source_kind {
    MM_SOURCE_FILE,    /* a .shp, .geojson/.json or .csv file */
    MM_SOURCE_COMPUTED /* "malimap:places", "malimap:events", … computed for each date */
} mm_source_kind;

typedef struct mm_style_source {
    const char *id;
    mm_source_kind kind;
    const char *path;     /* FILE: resolved against the style's folder */
    const char *computed; /* COMPUTED: the part after "malimap:" */
    const mm_json *json;  /* the source object (for positions and options) */
} mm_style_source;

typedef struct mm_style_layer {
    const char *id;
    mm_layer_type type;
    int source; /* index into the sources, -1 for background */
    bool visible;
    mm_expr *filter;            /* NULL: every feature */
    mm_expr *prop[MM_P__COUNT]; /* NULL: the property's default */
    const mm_json *json;        /* the layer object (metadata, positions) */
} mm_style_layer;

/* A named fill pattern from "malimap:patterns" (fill-pattern refers to it). */
typedef struct mm_style_pattern {
    const char *name;
    mm_expr *color;      /* stripe colour */
    mm_expr *background; /* between the stripes; may be NULL (transparent) */
    double angle_deg;
    double spacing_px;
    double width_px;
} mm_style_pattern;

typedef struct mm_style mm_style;

/*
 * Loads and validates a style file. Problems are MM_E_STYLE (or MM_E_IO for
 * an unreadable file) located at path:line:col. Source files are checked to
 * exist but not read (that is map/'s job). Caller destroys with
 * mm_style_destroy().
 */
mm_status mm_style_load(const char *path, mm_style **out, mm_error *err);
/* The same from text in memory; dir is the folder relative paths start from. */
mm_status mm_style_parse(const char *path, const char *text, size_t len, const char *dir,
                         mm_style **out, mm_error *err);
void mm_style_destroy(mm_style *s);

const char *mm_style_name(const mm_style *s);
const char *mm_style_path(const mm_style *s);
const mm_json_doc *mm_style_doc(const mm_style *s);

size_t mm_style_source_count(const mm_style *s);
const mm_style_source *mm_style_source_at(const mm_style *s, size_t i);
size_t mm_style_layer_count(const mm_style *s);
const mm_style_layer *mm_style_layer_at(const mm_style *s, size_t i);
const mm_style_pattern *mm_style_pattern_find(const mm_style *s, const char *name);

/* A "malimap:<key>" member of the root metadata, NULL if absent. */
const mm_json *mm_style_meta(const mm_style *s, const char *key);

/* Settings from the metadata with their defaults filled in. */
typedef struct mm_style_settings {
    const char *crs; /* NULL: malimap's default projection */
    bool has_bounds;
    mm_bbox bounds; /* lon/lat W,S,E,N */
    int width_px;   /* 0: not set */
    int height_px;
    double dpi; /* 0: not set */
    double territory_radius_km;
    const char *territory_clip; /* id of the source whose polygons clip territory, or NULL */
    int events_window_days;
    double graticule_step;   /* degrees between graticule lines; 0: chosen from the bounds */
    const char *data_places; /* dataset files named in "malimap:data", resolved */
    const char *data_control;
    const char *data_events;
    const char *data_actors;
    const char *data_zones;
} mm_style_settings;

const mm_style_settings *mm_style_settings_get(const mm_style *s);

/*
 * Binds the expressions of layer i (and of the patterns) to the schema of
 * the features it draws. Call before evaluating on fs.
 */
void mm_style_bind(mm_style *s, size_t layer, const mm_features *fs);

/* True if the feature passes the layer's filter. */
bool mm_style_filter(const mm_style_layer *l, const mm_features *fs, size_t i, mm_arena *scratch);

/*
 * A property's value for a feature, or its default when unset or when the
 * expression fails for this feature (as MapLibre does).
 */
mm_xval mm_style_value(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                       mm_arena *scratch);
double mm_style_number(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                       mm_arena *scratch);
mm_rgba mm_style_color(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                       mm_arena *scratch);
/* Strings: NULL when the value is empty or null. */
const char *mm_style_string(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                            mm_arena *scratch);
bool mm_style_bool(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                   mm_arena *scratch);
/* True when the property does not depend on the feature (evaluate once per layer). */
bool mm_style_is_constant(const mm_style_layer *l, mm_prop p);

#endif
