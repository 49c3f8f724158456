/*
 * territory.c — areas derived from who holds which place: Voronoi claims
 * within a radius, merged per controller, clipped to the country, computed
 * in an equal-area projection so areas are true. Part of map/.
 */
#include "territory.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "malimap/geom.h"
#include "malimap/mem.h"

typedef struct group_key {
    const char *controller;
    const char *previous; /* challenger of a contested area, NULL for held */
    bool contested;
} group_key;

struct territory {
    const mm_timeline *tl;
    const mm_places *places;
    mm_geos *geos;
    mm_proj *to_ea;    /* lon/lat → equal-area */
    mm_proj *ea_map;   /* equal-area → map CRS (NULL when they are the same) */
    mm_features *clip; /* one polygon feature, equal-area, or none */
    double radius_m;
    mm_xy *site_ea; /* each place in equal-area metres (NaN when not used) */
    bool shared;    /* clip and site_ea belong to the territory this was cloned from */
    /* the last computation: its sites and group keys, and what GEOS made of
     * them (dates with the same holders give the same areas; frames ask for
     * many such dates in a row) */
    mm_site *last_sites;
    size_t last_ns;
    group_key *last_keys;
    size_t last_nkeys;
    mm_features *last_raw;
};

static void forget_last(territory *t)
{
    mm_free(t->last_sites);
    mm_free(t->last_keys);
    mm_features_destroy(t->last_raw);
    t->last_sites = NULL;
    t->last_keys = NULL;
    t->last_raw = NULL;
    t->last_ns = t->last_nkeys = 0;
}

void territory_destroy(territory *t)
{
    if (!t) {
        return;
    }
    forget_last(t);
    mm_geos_destroy(t->geos);
    mm_proj_destroy(t->to_ea);
    mm_proj_destroy(t->ea_map);
    if (!t->shared) {
        mm_features_destroy(t->clip);
        mm_free(t->site_ea);
    }
    mm_free(t);
}

/* All polygons of a set as one geometry (rings concatenated). */
static size_t merge_polygons(const mm_features *fs, mm_features *out)
{
    size_t npts = 0, nparts = 0;
    for (size_t i = 0; i < mm_features_count(fs); i++) {
        const mm_geom *g = mm_features_geom(fs, i);
        if (g->type == MM_GEOM_POLYGON) {
            npts += g->npts;
            nparts += g->nparts;
        }
    }
    if (!nparts) {
        return 0;
    }
    mm_xy *pts = mm_array_alloc(npts, sizeof *pts);
    uint32_t *parts = mm_array_alloc(nparts + 1, sizeof *parts);
    uint8_t *hole = mm_malloc(nparts);
    size_t v = 0, p = 0;
    for (size_t i = 0; i < mm_features_count(fs); i++) {
        const mm_geom *g = mm_features_geom(fs, i);
        if (g->type != MM_GEOM_POLYGON) {
            continue;
        }
        for (uint32_t k = 0; k < g->nparts; k++) {
            parts[p] = (uint32_t)v;
            hole[p++] = g->hole[k];
            uint32_t n = g->parts[k + 1] - g->parts[k];
            memcpy(pts + v, g->pts + g->parts[k], n * sizeof *pts);
            v += n;
        }
    }
    parts[p] = (uint32_t)v;
    mm_features_add(out, MM_GEOM_POLYGON, (uint32_t)p, parts, hole, (uint32_t)v, pts);
    mm_free(pts);
    mm_free(parts);
    mm_free(hole);
    return 1;
}

mm_status territory_create(const mm_timeline *tl, const mm_places *places, mm_xy centre_lonlat,
                           const mm_features *clip_lonlat, double radius_km, double tolerance_m,
                           const char *map_crs, territory **out, mm_error *err)
{
    territory *t = mm_calloc(1, sizeof *t);
    t->tl = tl;
    t->places = places;
    t->radius_m = radius_km * 1000;
    t->geos = mm_geos_create();
    char ea[256];
    snprintf(ea, sizeof ea, "+proj=laea +lat_0=%.6f +lon_0=%.6f +datum=WGS84 +units=m +no_defs",
             centre_lonlat.y, centre_lonlat.x);
    mm_status st = mm_proj_create(NULL, ea, "territory", &t->to_ea, err);
    if (st == MM_OK && strcmp(ea, map_crs) != 0) {
        st = mm_proj_create(ea, map_crs, "territory", &t->ea_map, err);
    }
    if (st == MM_OK && clip_lonlat) {
        mm_features *merged = mm_features_create();
        if (merge_polygons(clip_lonlat, merged)) {
            mm_proj_features(t->to_ea, merged, 0.1);
            t->clip = mm_features_create();
            st = mm_geos_simplify(t->geos, mm_features_geom(merged, 0), tolerance_m, t->clip, err);
        }
        mm_features_destroy(merged);
    }
    if (st == MM_OK) {
        size_t n = mm_places_count(places);
        t->site_ea = mm_array_alloc(n ? n : 1, sizeof *t->site_ea);
        for (size_t p = 0; p < n; p++) {
            const mm_place *pl = mm_places_get(places, p);
            t->site_ea[p] = (mm_xy){pl->lon_deg, pl->lat_deg};
            /* a proxy coordinate is another place's: it must not claim land */
            if (pl->coord_precision && !strcmp(pl->coord_precision, "proxy")) {
                t->site_ea[p] = (mm_xy){NAN, NAN};
            }
        }
        mm_proj_forward(t->to_ea, t->site_ea, n);
    }
    if (st != MM_OK) {
        territory_destroy(t);
        return st;
    }
    *out = t;
    return MM_OK;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int group_of(group_key *keys, size_t *nkeys, group_key k)
{
    for (size_t i = 0; i < *nkeys; i++) {
        if (same(keys[i].controller, k.controller) && keys[i].contested == k.contested &&
            same(keys[i].previous, k.previous)) {
            return (int)i;
        }
    }
    keys[*nkeys] = k;
    return (int)(*nkeys)++;
}

/* The same sites in the same groups as the last computation. */
static bool same_sites(const territory *t, const mm_site *sites, size_t ns, const group_key *keys,
                       size_t nkeys)
{
    if (ns != t->last_ns || nkeys != t->last_nkeys) {
        return false;
    }
    for (size_t i = 0; i < ns; i++) {
        if (sites[i].pt.x != t->last_sites[i].pt.x || sites[i].pt.y != t->last_sites[i].pt.y ||
            sites[i].group != t->last_sites[i].group) {
            return false;
        }
    }
    for (size_t i = 0; i < nkeys; i++) {
        const group_key *a = &keys[i], *b = &t->last_keys[i];
        if (!same(a->controller, b->controller) || !same(a->previous, b->previous) ||
            a->contested != b->contested) {
            return false;
        }
    }
    return true;
}

/* The territory of date d in equal-area coordinates: features with "group"
 * and "area", and the key of each group (keys has room for every place). */
static mm_status compute_ea(territory *t, mm_date d, mm_features **out, group_key *keys,
                            size_t *nkeys, mm_error *err)
{
    size_t n = mm_places_count(t->places);
    mm_site *sites = mm_array_alloc(n ? n : 1, sizeof *sites);
    size_t ns = 0;
    *nkeys = 0;
    for (size_t p = 0; p < n; p++) {
        mm_place_state s;
        mm_timeline_state(t->tl, p, d, &s);
        if (!s.known || !s.controller || isnan(t->site_ea[p].x)) {
            continue;
        }
        bool contested = s.status == MM_CONTROL_CONTESTED;
        group_key k = {s.controller, contested ? s.previous : NULL, contested};
        sites[ns].pt = t->site_ea[p];
        sites[ns].group = group_of(keys, nkeys, k);
        ns++;
    }
    if (t->last_raw && same_sites(t, sites, ns, keys, *nkeys)) {
        mm_free(sites);
        *out = mm_features_copy(t->last_raw);
        return MM_OK;
    }
    mm_features *raw = mm_features_create();
    const mm_geom *clip =
        t->clip && mm_features_count(t->clip) ? mm_features_geom(t->clip, 0) : NULL;
    mm_status st = mm_geos_territory(t->geos, sites, ns, t->radius_m, clip, raw, err);
    if (st != MM_OK) {
        mm_free(sites);
        mm_features_destroy(raw);
        return st;
    }
    forget_last(t);
    t->last_sites = sites;
    t->last_ns = ns;
    t->last_keys = mm_array_alloc(*nkeys ? *nkeys : 1, sizeof *keys);
    memcpy(t->last_keys, keys, *nkeys * sizeof *keys);
    t->last_nkeys = *nkeys;
    t->last_raw = mm_features_copy(raw);
    *out = raw;
    return MM_OK;
}

/* A new set in map coordinates with the territory fields. */
static mm_features *new_output(void)
{
    mm_features *fs = mm_features_create();
    mm_features_add_field(fs, "controller");
    mm_features_add_field(fs, "controller_name");
    mm_features_add_field(fs, "status");
    mm_features_add_field(fs, "previous_controller");
    mm_features_add_field(fs, "area_km2");
    return fs;
}

/* Appends an equal-area geometry to out in map coordinates with its fields. */
static void output(territory *t, mm_features *out, const mm_geom *g, const char *controller,
                   const char *status, const char *previous, double area_m2)
{
    size_t f = mm_features_add(out, g->type, g->nparts, g->parts, g->hole, g->npts, g->pts);
    mm_features_set(out, f, 0, mm_value_string(controller));
    mm_features_set(out, f, 1, mm_value_string(mm_timeline_actor_name(t->tl, controller)));
    mm_features_set(out, f, 2, mm_value_string(status));
    if (previous) {
        mm_features_set(out, f, 3, mm_value_string(previous));
    }
    mm_features_set(out, f, 4, mm_value_number(round(area_m2 / 1e6)));
    if (t->ea_map) {
        mm_geom *mg = mm_features_geom_mut(out, f);
        mm_proj_forward(t->ea_map, mg->pts, mg->npts);
    }
}

mm_status territory_compute(territory *t, mm_date d, mm_features **out, mm_error *err)
{
    size_t n = mm_places_count(t->places);
    group_key *keys = mm_array_alloc(n ? n : 1, sizeof *keys);
    size_t nkeys = 0;
    mm_features *raw = NULL;
    mm_status st = compute_ea(t, d, &raw, keys, &nkeys, err);
    if (st == MM_OK) {
        mm_features *fs = new_output();
        for (size_t i = 0; i < mm_features_count(raw); i++) {
            const group_key *k = &keys[(int)mm_features_get_named(raw, i, "group").u.num];
            output(t, fs, mm_features_geom(raw, i), k->controller,
                   k->contested ? "contested" : "held", k->previous,
                   mm_features_get_named(raw, i, "area").u.num);
        }
        mm_features_update_bbox(fs);
        *out = fs;
    }
    mm_features_destroy(raw);
    mm_free(keys);
    return st;
}

/* The polygons of raw whose group's controller is c, as one geometry in tmp. */
static const mm_geom *controller_area(const mm_features *raw, const group_key *keys, const char *c,
                                      mm_features *tmp)
{
    mm_features *subset = mm_features_create();
    for (size_t i = 0; i < mm_features_count(raw); i++) {
        const group_key *k = &keys[(int)mm_features_get_named(raw, i, "group").u.num];
        if (same(k->controller, c)) {
            const mm_geom *g = mm_features_geom(raw, i);
            mm_features_add(subset, g->type, g->nparts, g->parts, g->hole, g->npts, g->pts);
        }
    }
    size_t before = mm_features_count(tmp);
    merge_polygons(subset, tmp);
    mm_features_destroy(subset);
    return mm_features_count(tmp) > before ? mm_features_geom(tmp, before) : NULL;
}

mm_status territory_changes(territory *t, mm_date d0, mm_date d, mm_features **out, mm_error *err)
{
    size_t n = mm_places_count(t->places);
    group_key *k0 = mm_array_alloc(n ? n : 1, sizeof *k0);
    group_key *k1 = mm_array_alloc(n ? n : 1, sizeof *k1);
    size_t n0 = 0, n1 = 0;
    mm_features *t0 = NULL, *t1 = NULL, *tmp = mm_features_create(), *gained = NULL;
    mm_status st = compute_ea(t, d0, &t0, k0, &n0, err);
    if (st == MM_OK) {
        st = compute_ea(t, d, &t1, k1, &n1, err);
    }
    mm_features *fs = new_output();
    for (size_t g = 0; st == MM_OK && g < n1; g++) {
        /* each controller once: skip a key whose controller came earlier */
        bool seen = false;
        for (size_t q = 0; q < g; q++) {
            seen |= same(k1[q].controller, k1[g].controller);
        }
        if (seen) {
            continue;
        }
        const mm_geom *now = controller_area(t1, k1, k1[g].controller, tmp);
        const mm_geom *then = controller_area(t0, k0, k1[g].controller, tmp);
        gained = mm_features_create();
        double area = 0;
        st = mm_geos_difference(t->geos, now, then, gained, &area, err);
        if (st == MM_OK && mm_features_count(gained)) {
            output(t, fs, mm_features_geom(gained, 0), k1[g].controller, "gained", NULL, area);
        }
        mm_features_destroy(gained);
        gained = NULL;
    }
    mm_features_destroy(t0);
    mm_features_destroy(t1);
    mm_features_destroy(tmp);
    mm_free(k0);
    mm_free(k1);
    if (st != MM_OK) {
        mm_features_destroy(fs);
        return st;
    }
    mm_features_update_bbox(fs);
    *out = fs;
    return MM_OK;
}

size_t territory_areas(territory *t, mm_date d, territory_area *out, size_t max, mm_error *err)
{
    size_t n = mm_places_count(t->places);
    group_key *keys = mm_array_alloc(n ? n : 1, sizeof *keys);
    size_t nkeys = 0, count = 0;
    mm_features *raw = NULL;
    if (compute_ea(t, d, &raw, keys, &nkeys, err) == MM_OK) {
        for (size_t i = 0; i < mm_features_count(raw); i++) {
            const char *c = keys[(int)mm_features_get_named(raw, i, "group").u.num].controller;
            double km2 = mm_features_get_named(raw, i, "area").u.num / 1e6;
            size_t k = 0;
            while (k < count && k < max && !same(out[k].controller, c)) {
                k++;
            }
            if (k < count) {
                out[k].km2 += km2;
            } else if (count < max) {
                out[count++] = (territory_area){c, km2};
            }
        }
    }
    mm_features_destroy(raw);
    mm_free(keys);
    return count;
}

mm_status territory_clone(const territory *t, territory **out, mm_error *err)
{
    territory *c = mm_calloc(1, sizeof *c);
    *c = *t;
    c->shared = true;
    c->last_sites = NULL;
    c->last_keys = NULL;
    c->last_raw = NULL;
    c->last_ns = c->last_nkeys = 0;
    c->geos = mm_geos_create();
    c->to_ea = NULL;
    c->ea_map = NULL;
    mm_status st = mm_proj_clone(t->to_ea, &c->to_ea, err);
    if (st == MM_OK && t->ea_map) {
        st = mm_proj_clone(t->ea_map, &c->ea_map, err);
    }
    if (st != MM_OK) {
        territory_destroy(c);
        return st;
    }
    *out = c;
    return MM_OK;
}
