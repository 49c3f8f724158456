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

/*
 * Draws the map for date (MM_DATE_NONE when the style has no date-aware
 * source). Caller destroys *out with mm_scene_destroy().
 */
mm_status mm_map_render(mm_map *m, mm_date date, mm_scene **out, mm_error *err);

#endif
