/*
 * map_priv.h — the map object shared by the files of map/ (loading,
 * drawing, furniture, description). Private to map/.
 */
#ifndef MM_MAP_PRIV_H
#define MM_MAP_PRIV_H

#include "malimap/dataset.h"
#include "malimap/feature.h"
#include "malimap/furniture.h"
#include "malimap/map.h"
#include "malimap/proj.h"
#include "malimap/style.h"
#include "malimap/view.h"
#include "territory.h"

typedef struct source {
    const mm_style_source *def;
    mm_features *fs;    /* file sources: loaded and projected once */
    mm_features *dated; /* computed sources: rebuilt for each date drawn */
} source;

struct mm_map {
    mm_map_opts opts;
    mm_style *style;
    mm_proj *proj;
    mm_view view;
    int width, height;
    source *sources;
    size_t nsources;
    mm_features *empty; /* for computed sources not available */
    mm_dataset data;
    bool has_data;
    int window_days;
    territory *terr;
    char *crs;
    mm_features *zones; /* dated zones, projected; NULL without */
    mm_date *zone_from; /* per zone: first and last day it is valid */
    mm_date *zone_to;
    mm_features *focus;  /* the country furniture should not cover (map coordinates) */
    mm_features *inset;  /* the locator inset's features (lon/lat), or NULL */
    mm_furniture *last_furniture; /* of the last render, for placement queries */
    void *last_labels;            /* mm_labels of the last render */
};


/* The features a style layer draws on the date being drawn. */
const mm_features *map_features_for(mm_map *m, const mm_style_layer *l);

/* Reads a .shp, .geojson/.json or .csv file into lon/lat features. */
mm_status map_read_file(const char *path, mm_features **out, mm_error *err);

/*
 * Builds the furniture of the style for date (legend from what the map shows
 * on that date) and lays it out around the focus. Caller destroys it.
 */
mm_status map_furniture(mm_map *m, mm_date date, mm_furniture **out, mm_error *err);

/* The data credit the map carries: the style's, or the bundled data's. */
const char *map_credits(const mm_map *m);

#endif
