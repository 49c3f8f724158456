/*
 * map.h — runs the pipeline: a map is opened once (style loaded, files read
 * and projected, view fitted) and then drawn for one date or many. Part of
 * map/: may use every module to its left.
 */
#ifndef MALIMAP_MAP_H
#define MALIMAP_MAP_H

#include <stdbool.h>

#include <signal.h>

#include "malimap/date.h"
#include "malimap/error.h"
#include "malimap/raster.h"
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
    bool no_events;   /* leave the events out (a map opened only for its areas) */
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
/* The map's title (the style's drawn title, else its name) and data credit. */
const char *mm_map_title(const mm_map *m);
const char *mm_map_credits(const mm_map *m);

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

/* One frame of a range, handed to the caller as soon as it is drawn. */
typedef struct mm_frame {
    size_t index; /* 0-based position in the dates given */
    int worker;   /* the thread that drew it, 0 to jobs - 1 (per-thread state) */
    mm_date date;
    bool changed;             /* who holds what (or the events) differ from the previous frame */
    const mm_scene *scene;    /* vector frames: the whole map; NULL for raster frames */
    const mm_image *image;    /* raster frames: the map at the map's scale; NULL otherwise */
    const mm_image *previous; /* with opts->previous: frame index - 1's image (NULL for
                                 the first), for animations that store only what changed */
    const char *alt_text;     /* the frame's alt text (mm_map_describe); also the
                                 scene's "description" */
} mm_frame;

/* Receives a frame, on the worker thread that drew it (calls may overlap). */
typedef mm_status (*mm_frame_fn)(void *ctx, const mm_frame *f, mm_error *err);

typedef struct mm_frames_opts {
    int jobs;      /* worker threads, at least 1 */
    bool raster;   /* deliver images (PNG, GIF) rather than scenes (SVG, PDF) */
    bool previous; /* raster: also deliver the previous frame's image (drawn again by a
                      worker whose last frame was another one) */
    const volatile sig_atomic_t *stop; /* when it becomes non-zero, no new frame starts */
} mm_frames_opts;

/*
 * Draws the map for each date on jobs threads, each with its own PROJ
 * context, GEOS handle and copy of the style; the layers that do not depend
 * on the date are drawn once and composited, and their labels stay put. A
 * frame whose state equals the previous frame's reuses that frame's map and
 * only redraws what shows the date. Frames are handed to fn as they finish
 * (not in order); the output of a frame does not depend on jobs. Stops at
 * the first error (MM_E_INTERRUPTED when *stop was raised).
 */
mm_status mm_map_render_frames(mm_map *m, const mm_date *dates, size_t n,
                               const mm_frames_opts *opts, mm_frame_fn fn, void *ctx,
                               mm_error *err);

/* A grid of small multiples: one panel per date on one sheet. */
typedef struct mm_grid_opts {
    int cols, rows; /* at least as many panels as dates */
    int jobs;       /* worker threads drawing the panels */
    const volatile sig_atomic_t *stop;
} mm_grid_opts;

/*
 * Draws dates (in order, row by row) as the panels of a grid on one sheet the
 * size of the map: the style's title, a subtitle with the dates' span, one
 * legend for everything the panels show, one scale bar and the credits; each
 * panel shows its date. Fills *out (caller destroys). The map is left drawing
 * panels: close it afterwards. A sheet too small for cols x rows readable
 * panels is a usage error.
 */
mm_status mm_map_render_grid(mm_map *m, const mm_date *dates, size_t n, const mm_grid_opts *g,
                             mm_scene **out, mm_error *err);

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
