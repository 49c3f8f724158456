/*
 * map.h — runs the pipeline: a map is opened once (style loaded, files read
 * and projected, view fitted) and then drawn for one date or many. Part of
 * map/: may use every module to its left.
 */
#ifndef MALIMAP_MAP_H
#define MALIMAP_MAP_H

#include <stdbool.h>

#include "malimap/date.h"
#include "malimap/error.h"
#include "malimap/scene.h"
#include "malimap/types.h"

typedef struct mm_map_opts {
    const char *style_path; /* required */
    int width_px;           /* 0: from the style, else 1600x1200 */
    int height_px;
    double scale;    /* device pixels per scene pixel (2 = retina) */
    const char *crs; /* NULL: the style's, else malimap's default */
    bool has_bbox;
    mm_bbox bbox; /* lon/lat extent to show (W, S, E, N); else the style's */
    /* dataset files replacing the style's "malimap:data" (NULL: keep) */
    const char *places_path;
    const char *control_path;
    const char *events_path;
    const char *actors_path;
    const char *zones_path;
    double radius_km; /* territory radius; 0: the style's */
    mm_date since;    /* changes since this date are marked; MM_DATE_NONE: none */
} mm_map_opts;

typedef struct mm_map mm_map;

/* Opens a map. Caller destroys with mm_map_close(). */
mm_status mm_map_open(const mm_map_opts *o, mm_map **out, mm_error *err);
void mm_map_close(mm_map *m);

/* The size of the scene mm_map_render draws. */
void mm_map_size(const mm_map *m, int *width_px, int *height_px);
/* The latest date in the map's dataset (MM_DATE_NONE without one). */
mm_date mm_map_latest_date(const mm_map *m);
/* The territory radius in use (the option's, else the style's). */
double mm_map_radius_km(const mm_map *m);

/* The style's dpi setting, 0 when unset. */
double mm_map_style_dpi(const mm_map *m);

/* The area a controller holds on a date, from derived territory. */
typedef struct mm_map_area {
    const char *controller;
    double km2;
} mm_map_area;

/*
 * Areas per controller on date (the style must draw malimap:territory);
 * writes up to max and returns how many. 0 without territory.
 */
size_t mm_map_areas(mm_map *m, mm_date date, mm_map_area *out, size_t max, mm_error *err);

/* What the last render placed: labels, icons and furniture, in pixels. */
typedef enum mm_placement_kind {
    MM_PLACED_LABEL,
    MM_PLACED_ICON,
    MM_PLACED_FURNITURE
} mm_placement_kind;

typedef struct mm_placement {
    mm_placement_kind kind;
    const char *name;  /* label text, or furniture id ("legend", "scale-bar"…) */
    const char *layer; /* style layer of a label or icon */
    mm_bbox box;
} mm_placement;

/*
 * The placements of the last mm_map_render (valid until the next render or
 * close); writes up to max and returns how many there are.
 */
size_t mm_map_placements(const mm_map *m, mm_placement *out, size_t max);

/* The longitude and latitude of a pixel of the map; false outside the projection. */
bool mm_map_px_to_lonlat(const mm_map *m, mm_xy px, mm_xy *out);

/* The last render's scale bar: its length in km and in pixels (0 without one). */
void mm_map_scale_bar(const mm_map *m, double *km, double *px);

/*
 * Draws the map for date (MM_DATE_NONE when the style has no date-aware
 * source). Caller destroys *out with mm_scene_destroy().
 */
mm_status mm_map_render(mm_map *m, mm_date date, mm_scene **out, mm_error *err);

/*
 * Appends the map's alt text for date to out: a plain-language description
 * of what it shows (the title and date; who holds the main towns — rank 1
 * and 2 places — and the other places of the region where control last
 * changed; the places that changed hands since the map's since date, or else
 * the latest change; the events of the style's window by type, with reported
 * deaths; how many sources are cited, and the data credits). One paragraph,
 * UTF-8, no line breaks. A map without a dataset or date gets its title and
 * credits only.
 */
mm_status mm_map_describe(mm_map *m, mm_date date, mm_buf *out, mm_error *err);

#endif
