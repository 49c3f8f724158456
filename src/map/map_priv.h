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
#include "malimap/labels.h"
#include "malimap/raster.h"
#include "malimap/style.h"
#include "malimap/view.h"
#include "graticule.h"
#include "territory.h"

typedef struct source {
    const mm_style_source *def;
    mm_features *fs; /* file sources: loaded and projected once */
} source;

/*
 * What one render mutates, so several renders can run on several threads:
 * a copy of the style (expressions are bound to the features they read), a
 * PROJ context, a GEOS handle for territory, the computed sources of the
 * date being drawn, and what the last render placed.
 */
typedef struct map_worker {
    mm_style *style;
    mm_proj *proj;
    territory *terr;  /* NULL without derived territory */
    bool owns;        /* style, proj and terr are this worker's own */
    mm_features **dated; /* per source: the date's features (computed sources) */
    mm_date dated_for;   /* the date they were computed for */
    mm_furniture *furniture; /* of the last render, for placement queries */
    void *labels;            /* mm_labels of the last render */
} map_worker;

/* One run of consecutive style layers: static (files) or dynamic (dated). */
typedef struct layer_run {
    size_t first, last; /* layer indices, inclusive */
    bool dynamic;
    mm_scene *scene;    /* static runs: drawn once */
    mm_image image;     /* static runs: rasterised once (when frames need it) */
    double image_scale;
} layer_run;

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
    map_worker main;     /* the worker of mm_map_render (shares style, proj, terr) */
    /* what does not change from date to date, drawn once (map_prepare) */
    layer_run *runs;
    size_t nruns;
    void *static_labels; /* mm_labels of the static symbol layers */
    bool prepared;
    /* what the furniture of every date shares (map_prepare_furniture) */
    mm_scene *inset_scene; /* the locator inset */
    double inset_w, inset_h;
    uint8_t *occ;          /* cells the country covers, for placing furniture */
    int occ_cols, occ_rows;
    mm_bbox extent; /* what the view fits, in map coordinates */
    bool panel;     /* a panel of a grid: its only furniture is the date */
};


/* The features a style layer draws on the date the worker is drawing. */
const mm_features *map_features_for(const mm_map *m, const map_worker *w, const mm_style_layer *l);

/* Reads a .shp, .geojson/.json or .csv file into lon/lat features. */
mm_status map_read_file(const char *path, mm_features **out, mm_error *err);

/*
 * Builds the furniture of the style for date (legend from what the map shows
 * on that date) and lays it out around the focus. Caller destroys it.
 */
mm_status map_furniture(mm_map *m, map_worker *w, mm_date date, mm_furniture **out,
                        mm_error *err);

/*
 * The furniture of a grid's sheet (width x height): title, subtitle with the
 * dates' span, one legend for all the dates (at most legend_max_px wide when
 * positive), scale bar of m's panels, credits. Caller destroys it.
 */
mm_furniture *map_sheet_furniture(mm_map *m, map_worker *w, const mm_date *dates, size_t n,
                                  int width, int height, double legend_max_px);

/* Prepares once for the map's size what the furniture of every date shares:
 * the locator inset (none for panels) and the cells the country covers. */
void map_prepare_furniture(mm_map *m);

/* Computes the date's features of every computed source into the worker. */
mm_status map_compute_sources(mm_map *m, map_worker *w, mm_date date, mm_error *err);

/* A worker for another thread (own style, PROJ context, GEOS handle). */
mm_status map_worker_init(mm_map *m, map_worker *w, mm_error *err);
void map_worker_fini(map_worker *w, size_t nsources);

/*
 * Draws once what does not depend on the date (the static runs and their
 * labels), making room for the furniture and symbols of the dates given.
 */
mm_status map_prepare(mm_map *m, const mm_date *dates, size_t ndates, mm_error *err);

/* Places the worker's date's symbols around furniture f and the static labels. */
mm_labels *map_place_dynamic(mm_map *m, map_worker *w, const mm_furniture *f,
                                    mm_arena *scratch);

/* Draws a dynamic run of layers with its placed symbols into s. */
void map_draw_dynamic_run(mm_map *m, map_worker *w, const layer_run *run, mm_labels *lb,
                          mm_scene *s, mm_arena *scratch);

/* Sets the scene's title and credits metadata for date. */
void map_set_meta(mm_map *m, mm_scene *s);

/* The data credit the map carries: the style's, or the bundled data's. */
const char *map_credits(const mm_map *m);

#endif
