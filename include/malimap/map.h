/*
 * map.h — runs the pipeline for one map: load the layers, project them, fit
 * the view, build the scene. Part of map/: may use every module to its left.
 */
#ifndef MALIMAP_MAP_H
#define MALIMAP_MAP_H

#include <stdbool.h>

#include "malimap/error.h"
#include "malimap/scene.h"
#include "malimap/types.h"

typedef struct mm_map_opts {
    int width_px;
    int height_px;
    double scale;    /* device pixels per scene pixel (2 = retina) */
    const char *crs; /* NULL: the default equal-area projection */
    bool has_bbox;
    mm_bbox bbox;         /* lon/lat extent to show (W, S, E, N) */
    const char *data_dir; /* folder holding shapes/ and styles/ */
} mm_map_opts;

/* Builds the scene of the map. Caller destroys *out with mm_scene_destroy(). */
mm_status mm_map_render(const mm_map_opts *o, mm_scene **out, mm_error *err);

#endif
