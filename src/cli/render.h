/*
 * render.h — what `malimap render` and its article bundle share: output
 * formats, encoding a scene, drawing one map with its alt text. Part of cli/:
 * private to render.c and bundle.c.
 */
#ifndef MALIMAP_CLI_RENDER_H
#define MALIMAP_CLI_RENDER_H

#include <stdbool.h>

#include "malimap/date.h"
#include "malimap/error.h"
#include "malimap/map.h"
#include "malimap/mem.h"
#include "malimap/scene.h"

typedef enum out_format { FMT_NONE, FMT_PNG, FMT_SVG, FMT_PDF } out_format;

/* How a scene becomes file bytes. */
typedef struct encoding {
    out_format fmt;
    double scale;     /* PNG: device pixels per scene pixel */
    double dpi;       /* PNG: recorded resolution at scale 1 */
    bool png8;        /* PNG: palette */
    double page_w_pt; /* PDF page; 0: the scene's size at 96 pixels per inch */
    double page_h_pt;
} encoding;

/* Encodes s (with its "title", "description" and "credits" metadata) into out. */
mm_status render_encode(const mm_scene *s, const encoding *e, mm_buf *out, mm_error *err);

/*
 * Opens the map of o, draws it for date (the latest date of its data when
 * none) with its alt text as the scene's "description". Fills *out_scene
 * (caller destroys) and appends the alt text to alt; *dpi gets the style's
 * dpi (0 if unset) and *drawn the date drawn.
 */
mm_status render_map(const mm_map_opts *o, mm_date date, mm_scene **out_scene, mm_buf *alt,
                     double *dpi, mm_date *drawn, mm_error *err);

/* The options of an article bundle. */
typedef struct bundle_opts {
    const char *dir;
    const int *widths; /* ascending, distinct */
    int nwidths;
    bool png8;
    double dpi;           /* 0: the style's, else 96 */
    const char *alt_path; /* also write the alt text here, or NULL */
} bundle_opts;

/*
 * Writes the bundle: per width W, the map drawn W pixels wide (the height
 * keeping the aspect ratio of o's size or the style's) as DIR/map-W.png and
 * DIR/map-W@2x.png; the widest as DIR/map.svg; DIR/alt.txt; DIR/embed.html.
 * Everything is drawn before the first file is written, each file atomically.
 */
mm_status render_bundle(const mm_map_opts *o, mm_date date, const bundle_opts *b, mm_error *err);

/* A range of dates drawn to one file per frame, an animation, a player. */
typedef struct frames_opts {
    const mm_date *dates;
    size_t ndates;
    const char *output; /* template with {date} / {n}, or the .gif or .webp */
    encoding enc;       /* PNG, SVG or PDF frames */
    bool gif;           /* an animated GIF instead of files */
    bool webp;          /* an animated lossless WebP instead of files */
    int delay_ms;       /* GIF and WebP frame delay and player speed */
    const char *html;   /* also write an HTML player here, or NULL */
    int jobs;
    bool quiet;
    const char *title;  /* for metadata and the player */
    const char *credits;
    int grid_cols, grid_rows; /* small multiples: one image of cols x rows panels */
} frames_opts;

/* True when an output name can name one file per frame. */
bool frames_template_ok(const char *t);

/* Draws every date of fo into its files (see frames.c). */
mm_status render_frames(const mm_map_opts *o, const frames_opts *fo, mm_error *err);

/* Draws the dates of fo as the panels of one image, fo->output. */
mm_status render_grid(const mm_map_opts *o, const frames_opts *fo, mm_error *err);

/* Writes the alt text (with a final newline) to path atomically, '-' for standard output. */
mm_status render_write_text(const char *path, const mm_buf *text, mm_error *err);

#endif
