/*
 * map.c — one map: the style, its sources loaded and projected once, the
 * view; drawing it for a date. Part of map/.
 */
#include "malimap/map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/dataset.h"
#include "malimap/draw.h"
#include "malimap/furniture.h"
#include "malimap/geojson.h"
#include "malimap/labels.h"
#include "malimap/mem.h"
#include "malimap/proj.h"
#include "malimap/shapefile.h"
#include "malimap/style.h"
#include "malimap/text.h"
#include "malimap/view.h"
#include "map_priv.h"

static const char *extension(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

static void free_runs(mm_map *m);

mm_status map_read_file(const char *path, mm_features **out, mm_error *err)
{
    const char *ext = extension(path);
    mm_status st;
    if (!mm_text_casecmp(ext, "shp")) {
        st = mm_shapefile_read(path, out, err);
        if (st == MM_OK) {
            st = mm_proj_features_to_lonlat(*out, path, err);
            if (st != MM_OK) {
                mm_features_destroy(*out);
                *out = NULL;
            }
        }
    } else if (!mm_text_casecmp(ext, "csv")) {
        st = mm_csv_points_read(path, out, err);
    } else {
        st = mm_geojson_read(path, out, err);
    }
    return st;
}

void mm_map_close(mm_map *m)
{
    if (!m) {
        return;
    }
    for (size_t i = 0; i < m->nsources; i++) {
        mm_features_destroy(m->sources[i].fs);
    }
    mm_free(m->sources);
    mm_features_destroy(m->empty);
    territory_destroy(m->terr);
    mm_features_destroy(m->focus);
    mm_features_destroy(m->inset);
    mm_scene_destroy(m->inset_scene);
    mm_free(m->occ);
    free_runs(m);
    map_worker_fini(&m->main, m->nsources);
    mm_features_destroy(m->zones);
    mm_free(m->zone_from);
    mm_free(m->zone_to);
    mm_dataset_fini(&m->data);
    mm_free(m->crs);
    mm_proj_destroy(m->proj);
    mm_style_destroy(m->style);
    mm_free(m);
}

/* Loads the dataset when a computed source needs it: the style's files
 * ("malimap:data") unless the options replace them. */
static mm_status open_dataset(mm_map *m, mm_error *err)
{
    const mm_style_settings *set = mm_style_settings_get(m->style);
    const mm_map_opts *o = &m->opts;
    m->window_days = set->events_window_days;
    const char *needs = NULL;
    for (size_t i = 0; i < m->nsources; i++) {
        const mm_style_source *d = m->sources[i].def;
        if (d->kind == MM_SOURCE_COMPUTED && strcmp(d->computed, "zones") &&
            strcmp(d->computed, "graticule")) {
            needs = d->id;
        }
    }
    if (!needs) {
        return MM_OK;
    }
    mm_dataset_paths paths = {
        .actors = o->actors_path ? o->actors_path : set->data_actors,
        .places = o->places_path ? o->places_path : set->data_places,
        .control = o->control_path ? o->control_path : set->data_control,
        .events = o->no_events     ? NULL
                  : o->events_path ? o->events_path
                                   : set->data_events,
    };
    if (!paths.places || !paths.control) {
        return MM_ERR(err, MM_E_STYLE, o->style_path, 0, 0,
                      "source '%s' is computed from the dataset, but the style names no %s file "
                      "in \"malimap:data\" (or give --%s)",
                      needs, paths.places ? "control" : "places",
                      paths.places ? "control" : "places");
    }
    mm_status st = mm_dataset_load(&paths, NULL, &m->data, err);
    m->has_data = st == MM_OK;
    return st;
}

/* A zone date property: an ISO date string, or empty/absent for none. */
static mm_status zone_date(const mm_features *fs, size_t i, const char *key, const char *path,
                           bool required, mm_date *out, mm_error *err)
{
    mm_value v = mm_features_get_named(fs, i, key);
    *out = MM_DATE_NONE;
    if (v.type == MM_VAL_NULL || (v.type == MM_VAL_STRING && !v.u.str[0])) {
        if (required) {
            return MM_ERR_RECORD(err, MM_E_DATA, path, (long)i + 1, "zone has no %s date", key);
        }
        return MM_OK;
    }
    const char *why = NULL;
    if (v.type != MM_VAL_STRING || !mm_date_parse(v.u.str, strlen(v.u.str), out, &why)) {
        return MM_ERR_RECORD(err, MM_E_DATA, path, (long)i + 1, "%s '%s' is not a date (%s)", key,
                             v.type == MM_VAL_STRING ? v.u.str : "?",
                             why ? why : "expected YYYY-MM-DD");
    }
    return MM_OK;
}

/* Reads the dated zones when the style draws them. */
static mm_status open_zones(mm_map *m, mm_error *err)
{
    bool wanted = false;
    for (size_t i = 0; i < m->nsources; i++) {
        const mm_style_source *d = m->sources[i].def;
        wanted |= d->kind == MM_SOURCE_COMPUTED && !strcmp(d->computed, "zones");
    }
    const char *path =
        m->opts.zones_path ? m->opts.zones_path : mm_style_settings_get(m->style)->data_zones;
    if (!wanted || !path) {
        return MM_OK;
    }
    mm_status st = map_read_file(path, &m->zones, err);
    if (st != MM_OK) {
        return st;
    }
    size_t n = mm_features_count(m->zones);
    m->zone_from = mm_array_alloc(n ? n : 1, sizeof *m->zone_from);
    m->zone_to = mm_array_alloc(n ? n : 1, sizeof *m->zone_to);
    for (size_t i = 0; i < n && st == MM_OK; i++) {
        mm_value c = mm_features_get_named(m->zones, i, "controller");
        if (c.type != MM_VAL_STRING || !c.u.str[0]) {
            st = MM_ERR_RECORD(err, MM_E_DATA, path, (long)i + 1, "zone has no controller");
            break;
        }
        if (mm_features_geom(m->zones, i)->type != MM_GEOM_POLYGON) {
            st = MM_ERR_RECORD(err, MM_E_DATA, path, (long)i + 1, "a zone must be a polygon");
            break;
        }
        st = zone_date(m->zones, i, "valid_from", path, true, &m->zone_from[i], err);
        if (st == MM_OK) {
            st = zone_date(m->zones, i, "valid_to", path, false, &m->zone_to[i], err);
        }
        if (st == MM_OK && !mm_date_is_none(m->zone_to[i]) &&
            m->zone_to[i].day < m->zone_from[i].day) {
            st = MM_ERR_RECORD(err, MM_E_DATA, path, (long)i + 1, "valid_to is before valid_from");
        }
    }
    if (st == MM_OK) {
        mm_proj_features(m->proj, m->zones, 0.1);
    }
    return st;
}

/* The zones valid on d: valid_from <= d and (no valid_to or d <= valid_to). */
static mm_features *zones_on(const mm_map *m, mm_date d)
{
    mm_features *fs = mm_features_create();
    size_t nf = mm_features_field_count(m->zones);
    for (size_t k = 0; k < nf; k++) {
        mm_features_add_field(fs, mm_features_field_name(m->zones, k));
    }
    for (size_t i = 0; i < mm_features_count(m->zones); i++) {
        if (d.day < m->zone_from[i].day ||
            (!mm_date_is_none(m->zone_to[i]) && d.day > m->zone_to[i].day)) {
            continue;
        }
        const mm_geom *g = mm_features_geom(m->zones, i);
        size_t f = mm_features_add(fs, g->type, g->nparts, g->parts, g->hole, g->npts, g->pts);
        for (size_t k = 0; k < nf; k++) {
            mm_features_set(fs, f, (int)k, mm_features_get(m->zones, i, (int)k));
        }
    }
    return fs;
}

/* The file source with this id, or NULL. */
static const mm_style_source *file_source(const mm_map *m, const char *id)
{
    for (size_t i = 0; id && i < m->nsources; i++) {
        const mm_style_source *d = m->sources[i].def;
        if (!strcmp(d->id, id) && d->kind == MM_SOURCE_FILE) {
            return d;
        }
    }
    return NULL;
}

/* Reads what the furniture needs: the country it must not cover (the
 * territory clip, projected) and the locator inset's features (lon/lat). */
static mm_status open_furniture_sources(mm_map *m, mm_error *err)
{
    const mm_style_settings *set = mm_style_settings_get(m->style);
    const mm_style_source *focus = file_source(m, set->territory_clip);
    mm_status st = MM_OK;
    if (focus) {
        st = map_read_file(focus->path, &m->focus, err);
        if (st == MM_OK) {
            mm_proj_features(m->proj, m->focus, 0.1);
        }
    }
    const mm_json *in = mm_style_meta(m->style, "malimap:inset");
    const mm_json *src = mm_json_get(in, "source");
    const mm_style_source *inset =
        src && src->type == MM_JSON_STRING ? file_source(m, src->u.str.s) : NULL;
    if (st == MM_OK && inset) {
        st = map_read_file(inset->path, &m->inset, err);
    }
    return st;
}

/* Builds the graticule sources once: they do not depend on the date. */
static void open_graticule(mm_map *m, mm_bbox lonlat)
{
    const mm_view *v = &m->view;
    mm_bbox frame = {v->x0, v->y0 - v->height_px / v->scale, v->x0 + v->width_px / v->scale, v->y0};
    for (size_t i = 0; i < m->nsources; i++) {
        source *src = &m->sources[i];
        if (src->def->kind == MM_SOURCE_COMPUTED && !strcmp(src->def->computed, "graticule")) {
            src->fs = graticule_lines(lonlat, mm_style_settings_get(m->style)->graticule_step);
            mm_proj_features(m->proj, src->fs, 0.1);
            graticule_edges(src->fs, frame);
        }
    }
}

/* Sets up derived territory when the style draws it. */
static mm_status open_territory(mm_map *m, mm_bbox lonlat, mm_error *err)
{
    bool wanted = false;
    for (size_t i = 0; i < m->nsources; i++) {
        const mm_style_source *d = m->sources[i].def;
        wanted |= d->kind == MM_SOURCE_COMPUTED &&
                  (!strcmp(d->computed, "territory") || !strcmp(d->computed, "changes"));
    }
    if (!wanted || !m->has_data) {
        return MM_OK;
    }
    const mm_style_settings *set = mm_style_settings_get(m->style);
    mm_features *clip = NULL;
    mm_status st = MM_OK;
    if (set->territory_clip) {
        for (size_t i = 0; i < m->nsources; i++) {
            if (!strcmp(m->sources[i].def->id, set->territory_clip)) {
                st = map_read_file(m->sources[i].def->path, &clip, err);
            }
        }
    }
    mm_xy centre = {(lonlat.minx + lonlat.maxx) / 2, (lonlat.miny + lonlat.maxy) / 2};
    /* half a pixel at the map's scale is as fine as an area outline needs to be */
    double tolerance_m = mm_proj_target_is_geographic(m->proj) ? 500 : 0.5 / m->view.scale;
    double radius = m->opts.radius_km > 0 ? m->opts.radius_km : set->territory_radius_km;
    if (st == MM_OK) {
        st = territory_create(m->data.timeline, m->data.places, centre, clip, radius, tolerance_m,
                              m->crs, &m->terr, err);
    }
    mm_features_destroy(clip);
    return st;
}

/*
 * The library refuses a size the CLI would refuse, before reading any data
 * file (the labels grid and the furniture are sized from it). Pixels and memory
 * are checked by the raster backend before it allocates an image (a PDF or
 * an SVG needs none).
 */
static mm_status check_size(int width, int height, double scale, mm_error *err)
{
    enum { MAP_MIN_SIDE = 16, MAP_MAX_SIDE = 32767 };
    if (width < MAP_MIN_SIDE || height < MAP_MIN_SIDE || width > MAP_MAX_SIDE ||
        height > MAP_MAX_SIDE) {
        return MM_ERR(err, MM_E_LIMIT, NULL, 0, 0,
                      "a map of %dx%d pixels: each side must be from %d to %d pixels", width,
                      height, MAP_MIN_SIDE, MAP_MAX_SIDE);
    }
    if (!(scale >= 0.1 && scale <= 10)) {
        return MM_ERR(err, MM_E_LIMIT, NULL, 0, 0, "a scale of %g: it must be from 0.1 to 10",
                      scale);
    }
    return MM_OK;
}

mm_status mm_map_open(const mm_map_opts *o, mm_map **out, mm_error *err)
{
    mm_map *m = mm_calloc(1, sizeof *m);
    m->opts = *o;
    m->empty = mm_features_create();
    mm_status st = mm_style_load(o->style_path, &m->style, err);
    if (st != MM_OK) {
        goto fail;
    }
    const mm_style_settings *set = mm_style_settings_get(m->style);
    m->width = o->width_px ? o->width_px : set->width_px ? set->width_px : 1600;
    m->height = o->height_px ? o->height_px : set->height_px ? set->height_px : 1200;
    st = check_size(m->width, m->height, o->scale == 0 ? 1 : o->scale, err);
    if (st != MM_OK) {
        goto fail;
    }
    const char *crs = o->crs ? o->crs : set->crs ? set->crs : MM_PROJ_DEFAULT_CRS;
    m->crs = mm_strdup(crs);
    st = mm_proj_create(NULL, crs,
                        o->crs     ? "--crs"
                        : set->crs ? o->style_path
                                   : "--crs",
                        &m->proj, err);
    if (st != MM_OK) {
        goto fail;
    }
    m->nsources = mm_style_source_count(m->style);
    m->sources = mm_calloc(m->nsources ? m->nsources : 1, sizeof *m->sources);
    mm_bbox all = mm_bbox_empty();
    for (size_t i = 0; i < m->nsources; i++) {
        source *src = &m->sources[i];
        src->def = mm_style_source_at(m->style, i);
        if (src->def->kind != MM_SOURCE_FILE) {
            continue;
        }
        st = map_read_file(src->def->path, &src->fs, err);
        if (st != MM_OK) {
            goto fail;
        }
        all = mm_bbox_union(all, mm_features_bbox(src->fs));
        mm_proj_features(m->proj, src->fs, 0.1);
    }
    st = open_dataset(m, err);
    if (st == MM_OK) {
        st = open_zones(m, err);
    }
    if (st != MM_OK) {
        goto fail;
    }
    mm_bbox lonlat = o->has_bbox ? o->bbox : set->has_bounds ? set->bounds : all;
    if (mm_bbox_is_empty(lonlat)) {
        lonlat = (mm_bbox){-12.6, 9.8, 4.6, 25.4}; /* Mali, when nothing says otherwise */
    }
    mm_bbox extent;
    st = mm_proj_bounds(m->proj, lonlat, &extent, err);
    if (st != MM_OK) {
        goto fail;
    }
    m->extent = extent;
    m->view = mm_view_fit(extent, m->width, m->height, 0);
    open_graticule(m, lonlat);
    st = open_furniture_sources(m, err);
    if (st == MM_OK) {
        st = open_territory(m, lonlat, err);
    }
    if (st != MM_OK) {
        goto fail;
    }
    m->main = (map_worker){
        .style = m->style, .proj = m->proj, .terr = m->terr, .dated_for = MM_DATE_NONE};
    m->main.dated = mm_calloc(m->nsources ? m->nsources : 1, sizeof *m->main.dated);
    *out = m;
    return MM_OK;
fail:
    mm_map_close(m);
    return st;
}

void mm_map_size(const mm_map *m, int *width_px, int *height_px)
{
    *width_px = m->width;
    *height_px = m->height;
}

mm_date mm_map_latest_date(const mm_map *m)
{
    return m->has_data ? mm_timeline_latest(m->data.timeline) : MM_DATE_NONE;
}

double mm_map_radius_km(const mm_map *m)
{
    return m->opts.radius_km > 0 ? m->opts.radius_km
                                 : mm_style_settings_get(m->style)->territory_radius_km;
}

double mm_map_style_dpi(const mm_map *m)
{
    return mm_style_settings_get(m->style)->dpi;
}

/* Builds the date's features of every computed source for a worker. */
mm_status map_compute_sources(mm_map *m, map_worker *w, mm_date date, mm_error *err)
{
    w->dated_for = date;
    for (size_t i = 0; i < m->nsources; i++) {
        const source *src = &m->sources[i];
        mm_features_destroy(w->dated[i]);
        w->dated[i] = NULL;
        if (src->def->kind != MM_SOURCE_COMPUTED || mm_date_is_none(date)) {
            continue;
        }
        if (!m->has_data && strcmp(src->def->computed, "zones")) {
            continue;
        }
        const char *what = src->def->computed;
        mm_features **out = &w->dated[i];
        if (!strcmp(what, "places")) {
            *out = mm_timeline_place_features(m->data.timeline, date, m->opts.since);
        } else if (!strcmp(what, "events")) {
            mm_date after;
            if (!mm_date_add(date, (mm_duration){m->window_days, MM_DUR_DAY}, -1, &after)) {
                after = MM_DATE_NONE;
            }
            *out = mm_timeline_event_features(m->data.timeline, after, date);
        } else if (!strcmp(what, "territory") && w->terr) {
            mm_status st = territory_compute(w->terr, date, out, err);
            if (st != MM_OK) {
                return st;
            }
            continue; /* already in map coordinates */
        } else if (!strcmp(what, "changes") && w->terr && !mm_date_is_none(m->opts.since)) {
            mm_status st = territory_changes(w->terr, m->opts.since, date, out, err);
            if (st != MM_OK) {
                return st;
            }
            continue;
        } else if (!strcmp(what, "zones") && m->zones) {
            *out = zones_on(m, date);
            continue; /* projected when read */
        }
        if (*out) {
            mm_proj_features(w->proj, *out, 0);
        }
    }
    return MM_OK;
}

const mm_features *map_features_for(const mm_map *m, const map_worker *w, const mm_style_layer *l)
{
    if (l->source < 0) {
        return m->empty;
    }
    const source *src = &m->sources[l->source];
    return src->fs ? src->fs : w->dated[l->source] ? w->dated[l->source] : m->empty;
}

/* ---- workers ---- */

void map_worker_fini(map_worker *w, size_t nsources)
{
    for (size_t i = 0; w->dated && i < nsources; i++) {
        mm_features_destroy(w->dated[i]);
    }
    mm_free(w->dated);
    mm_furniture_destroy(w->furniture);
    mm_labels_destroy(w->labels);
    if (w->owns) {
        mm_style_destroy(w->style);
        mm_proj_destroy(w->proj);
        territory_destroy(w->terr);
    }
    memset(w, 0, sizeof *w);
}

/* A worker for another thread, with its own style, PROJ context and GEOS. */
mm_status map_worker_init(mm_map *m, map_worker *w, mm_error *err)
{
    memset(w, 0, sizeof *w);
    w->owns = true;
    w->dated = mm_calloc(m->nsources ? m->nsources : 1, sizeof *w->dated);
    w->dated_for = MM_DATE_NONE;
    mm_status st = mm_style_load(m->opts.style_path, &w->style, err);
    if (st == MM_OK) {
        st = mm_proj_clone(m->proj, &w->proj, err);
    }
    if (st == MM_OK && m->terr) {
        st = territory_clone(m->terr, &w->terr, err);
    }
    if (st != MM_OK) {
        map_worker_fini(w, m->nsources);
    }
    return st;
}

/* ---- what does not change from date to date ---- */

/* Drawn from features loaded once (files, the graticule), not the date's. */
static bool layer_is_static(const mm_map *m, const mm_style_layer *l)
{
    return l->source < 0 || m->sources[l->source].fs != NULL;
}

static void free_runs(mm_map *m)
{
    for (size_t r = 0; r < m->nruns; r++) {
        mm_scene_destroy(m->runs[r].scene);
        mm_image_fini(&m->runs[r].image);
    }
    mm_free(m->runs);
    m->runs = NULL;
    m->nruns = 0;
    mm_labels_destroy(m->static_labels);
    m->static_labels = NULL;
    m->prepared = false;
}

static mm_draw_ctx draw_ctx(const mm_map *m, mm_arena *scratch)
{
    return (mm_draw_ctx){.view = &m->view,
                         .tolerance_px = 0.25 / (m->opts.scale > 0 ? m->opts.scale : 1),
                         .scratch = scratch};
}

/* Adds the circles of the dynamic circle layers as label obstacles. */
static void add_dynamic_circles(mm_map *m, map_worker *w, mm_labels *lb, mm_arena *scratch)
{
    for (size_t i = 0; i < mm_style_layer_count(w->style); i++) {
        const mm_style_layer *l = mm_style_layer_at(w->style, i);
        if (l->type == MM_LAYER_CIRCLE && !layer_is_static(m, l)) {
            mm_labels_add_circles(lb, w->style, i, map_features_for(m, w, l), &m->view, scratch);
        }
    }
}

/*
 * Draws once what does not depend on the date: the runs of static layers,
 * with their labels placed around the furniture and the town dots of the
 * dates given (the first and last of a range), so static labels stay put
 * from frame to frame and keep clear of what the frames draw.
 */
mm_status map_prepare(mm_map *m, const mm_date *dates, size_t ndates, mm_error *err)
{
    free_runs(m);
    map_prepare_furniture(m);
    map_worker *w = &m->main;
    mm_style *style = w->style;
    size_t nl = mm_style_layer_count(style);
    m->runs = mm_calloc(nl ? nl : 1, sizeof *m->runs);
    for (size_t i = 0; i < nl; i++) {
        bool dyn = !layer_is_static(m, mm_style_layer_at(style, i));
        if (m->nruns && m->runs[m->nruns - 1].dynamic == dyn) {
            m->runs[m->nruns - 1].last = i;
        } else {
            m->runs[m->nruns++] = (layer_run){.first = i, .last = i, .dynamic = dyn};
        }
    }
    mm_arena *scratch = mm_arena_create(0);
    mm_labels *lb = mm_labels_create(m->width, m->height);
    mm_status st = MM_OK;
    for (size_t d = 0; d < ndates && st == MM_OK; d++) {
        st = map_compute_sources(m, w, dates[d], err);
        mm_furniture *f = NULL;
        if (st == MM_OK) {
            st = map_furniture(m, w, dates[d], &f, err);
        }
        for (size_t k = 0; f && k < mm_furniture_count(f); k++) {
            mm_labels_add_obstacle(lb, mm_furniture_box(f, k));
        }
        mm_furniture_destroy(f);
        if (st == MM_OK) {
            add_dynamic_circles(m, w, lb, scratch);
            /* the date's own symbols compete as they would in a render, so
             * town names keep their priority over the static names */
            for (size_t i = 0; i < mm_style_layer_count(style); i++) {
                const mm_style_layer *l = mm_style_layer_at(style, i);
                if (l->type == MM_LAYER_SYMBOL && !layer_is_static(m, l)) {
                    mm_labels_collect(lb, style, i, map_features_for(m, w, l), &m->view, scratch);
                }
            }
        }
    }
    for (size_t i = 0; i < nl && st == MM_OK; i++) {
        const mm_style_layer *l = mm_style_layer_at(style, i);
        if (layer_is_static(m, l)) {
            if (l->type == MM_LAYER_CIRCLE) {
                mm_labels_add_circles(lb, style, i, map_features_for(m, w, l), &m->view, scratch);
            } else if (l->type == MM_LAYER_SYMBOL) {
                mm_labels_collect(lb, style, i, map_features_for(m, w, l), &m->view, scratch);
            }
        }
    }
    mm_labels_place(lb);
    m->static_labels = lb;
    mm_draw_ctx ctx = draw_ctx(m, scratch);
    for (size_t r = 0; r < m->nruns && st == MM_OK; r++) {
        layer_run *run = &m->runs[r];
        if (run->dynamic) {
            continue;
        }
        run->scene = mm_scene_create(m->width, m->height);
        for (size_t i = run->first; i <= run->last; i++) {
            const mm_style_layer *l = mm_style_layer_at(style, i);
            if (l->type == MM_LAYER_SYMBOL) {
                mm_labels_emit(lb, run->scene, style, i);
            } else {
                mm_draw_layer(run->scene, style, i, map_features_for(m, w, l), &ctx);
            }
            mm_arena_reset(scratch);
        }
    }
    mm_arena_destroy(scratch);
    m->prepared = st == MM_OK;
    return st;
}

/* The date's layers of a run drawn into s (dynamic runs), with their labels. */
void map_draw_dynamic_run(mm_map *m, map_worker *w, const layer_run *run, mm_labels *lb,
                          mm_scene *s, mm_arena *scratch)
{
    mm_draw_ctx ctx = draw_ctx(m, scratch);
    for (size_t i = run->first; i <= run->last; i++) {
        const mm_style_layer *l = mm_style_layer_at(w->style, i);
        if (l->type == MM_LAYER_SYMBOL) {
            mm_labels_emit(lb, s, w->style, i);
        } else {
            mm_draw_layer(s, w->style, i, map_features_for(m, w, l), &ctx);
        }
        mm_arena_reset(scratch);
    }
}

/* Whether a prepared label belongs to a static layer. */
static bool is_static_label(const mm_map *m, const map_worker *w, const mm_label_info *info)
{
    for (size_t i = 0; i < mm_style_layer_count(w->style); i++) {
        const mm_style_layer *l = mm_style_layer_at(w->style, i);
        if (info->layer && !strcmp(l->id, info->layer)) {
            return layer_is_static(m, l);
        }
    }
    return false;
}

/* Places the date's symbols around the furniture, the static labels and the
 * town dots. The worker's sources must hold the date. */
mm_labels *map_place_dynamic(mm_map *m, map_worker *w, const mm_furniture *f, mm_arena *scratch)
{
    mm_labels *lb = mm_labels_create(m->width, m->height);
    for (size_t k = 0; k < mm_furniture_count(f); k++) {
        mm_labels_add_obstacle(lb, mm_furniture_box(f, k));
    }
    const mm_labels *fixed = m->static_labels;
    for (size_t k = 0; fixed && k < mm_labels_count(fixed); k++) {
        mm_label_info info = mm_labels_get(fixed, k);
        if (!is_static_label(m, w, &info)) {
            continue; /* the prepared date's own symbols: drawn by their frames */
        }
        if (!mm_bbox_is_empty(info.box)) {
            mm_labels_add_obstacle(lb, info.box);
        }
        if (!mm_bbox_is_empty(info.icon_box)) {
            mm_labels_add_obstacle(lb, info.icon_box);
        }
    }
    add_dynamic_circles(m, w, lb, scratch);
    for (size_t i = 0; i < mm_style_layer_count(w->style); i++) {
        const mm_style_layer *l = mm_style_layer_at(w->style, i);
        if (l->type == MM_LAYER_SYMBOL && !layer_is_static(m, l)) {
            mm_labels_collect(lb, w->style, i, map_features_for(m, w, l), &m->view, scratch);
        }
    }
    mm_labels_place(lb);
    return lb;
}

/* Outputs' metadata: the style's name as title, and the credits. */
void map_set_meta(mm_map *m, mm_scene *s)
{
    const char *name = mm_style_name(m->style);
    mm_scene_set_meta(s, "title", name ? name : "Mali");
    mm_scene_set_meta(s, "credits", map_credits(m));
}

/*
 * Draws a whole map for date with worker w into a new scene: the static runs
 * (drawn by map_prepare), the date's runs and the furniture.
 */
static mm_status render_scene(mm_map *m, map_worker *w, mm_date date, mm_scene **out, mm_error *err)
{
    mm_status st = map_compute_sources(m, w, date, err);
    mm_furniture *furn = NULL;
    if (st == MM_OK) {
        st = map_furniture(m, w, date, &furn, err);
    }
    if (st != MM_OK) {
        return st;
    }
    mm_scene *s = mm_scene_create(m->width, m->height);
    map_set_meta(m, s);
    mm_arena *scratch = mm_arena_create(0);
    mm_labels *lb = map_place_dynamic(m, w, furn, scratch);
    for (size_t r = 0; r < m->nruns; r++) {
        if (m->runs[r].dynamic) {
            map_draw_dynamic_run(m, w, &m->runs[r], lb, s, scratch);
        } else {
            mm_scene_append(s, m->runs[r].scene);
        }
    }
    mm_furniture_emit(furn, s);
    mm_arena_destroy(scratch);
    mm_furniture_destroy(w->furniture);
    mm_labels_destroy(w->labels);
    w->furniture = furn;
    w->labels = lb;
    *out = s;
    return MM_OK;
}

mm_status mm_map_render(mm_map *m, mm_date date, mm_scene **out, mm_error *err)
{
    /* a single map: its static labels make room for this date's furniture */
    mm_status st = map_prepare(m, &date, 1, err);
    if (st == MM_OK) {
        st = render_scene(m, &m->main, date, out, err);
    }
    return st;
}

size_t mm_map_areas(mm_map *m, mm_date date, mm_map_area *out, size_t max, mm_error *err)
{
    if (!m->terr) {
        return 0;
    }
    territory_area *a = mm_array_alloc(max ? max : 1, sizeof *a);
    size_t n = territory_areas(m->terr, date, a, max, err);
    for (size_t i = 0; i < n; i++) {
        out[i] = (mm_map_area){a[i].controller, a[i].km2};
    }
    mm_free(a);
    return n;
}

size_t mm_map_placements(const mm_map *m, mm_placement *out, size_t max)
{
    size_t n = 0;
    const mm_labels *sets[2] = {m->static_labels, m->main.labels};
    for (int s = 0; s < 2; s++) {
        const mm_labels *lb = sets[s];
        for (size_t i = 0; lb && i < mm_labels_count(lb); i++) {
            mm_label_info info = mm_labels_get(lb, i);
            if (s == 0 && !is_static_label(m, &m->main, &info)) {
                continue; /* placed with the static ones only to keep clear of them */
            }
            if (!mm_bbox_is_empty(info.box)) {
                if (n < max) {
                    out[n] = (mm_placement){MM_PLACED_LABEL, info.text, info.layer, info.box};
                }
                n++;
            }
            if (!mm_bbox_is_empty(info.icon_box)) {
                if (n < max) {
                    out[n] = (mm_placement){MM_PLACED_ICON, info.text, info.layer, info.icon_box};
                }
                n++;
            }
        }
    }
    const mm_furniture *f = m->main.furniture;
    for (size_t i = 0; f && i < mm_furniture_count(f); i++) {
        if (mm_bbox_is_empty(mm_furniture_box(f, i))) {
            continue;
        }
        if (n < max) {
            out[n] = (mm_placement){MM_PLACED_FURNITURE, mm_furniture_id(f, i), NULL,
                                    mm_furniture_box(f, i)};
        }
        n++;
    }
    return n;
}

void mm_map_scale_bar(const mm_map *m, double *km, double *px)
{
    *km = *px = 0;
    if (m->main.furniture) {
        mm_furniture_scale_bar(m->main.furniture, km, px);
    }
}

bool mm_map_px_to_lonlat(const mm_map *m, mm_xy px, mm_xy *out)
{
    mm_xy p = mm_view_to_map(&m->view, px);
    if (mm_proj_inverse(m->proj, &p, 1)) {
        return false;
    }
    *out = p;
    return true;
}

const char *mm_map_title(const mm_map *m)
{
    const mm_json *t = mm_style_meta(m->style, "malimap:title");
    const mm_json *text = t && t->type == MM_JSON_OBJECT ? mm_json_get(t, "text") : t;
    const char *name =
        text && text->type == MM_JSON_STRING ? text->u.str.s : mm_style_name(m->style);
    return name ? name : "Map";
}

const char *mm_map_credits(const mm_map *m)
{
    return map_credits(m);
}
