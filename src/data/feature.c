/*
 * feature.c — the feature set: geometry and properties in one arena.
 * Part of data/: depends on core/ only.
 */
#include "malimap/feature.h"

#include <string.h>

#include "malimap/mem.h"

typedef struct feature {
    mm_geom geom;
    mm_value *vals;
    uint32_t nvals;
} feature;

struct mm_features {
    mm_arena *arena;
    feature *items;
    size_t n;
    size_t cap;
    char **fields;
    size_t nfields;
    size_t fields_cap;
    char *crs;
    mm_bbox bbox;
};

mm_features *mm_features_create(void)
{
    mm_features *fs = mm_calloc(1, sizeof *fs);
    fs->arena = mm_arena_create(256 * 1024);
    fs->bbox = mm_bbox_empty();
    return fs;
}

void mm_features_destroy(mm_features *fs)
{
    if (!fs) {
        return;
    }
    for (size_t i = 0; i < fs->nfields; i++) {
        mm_free(fs->fields[i]);
    }
    mm_free(fs->fields);
    mm_free(fs->items);
    mm_free(fs->crs);
    mm_arena_destroy(fs->arena);
    mm_free(fs);
}

mm_features *mm_features_copy(const mm_features *fs)
{
    mm_features *c = mm_features_create();
    for (size_t k = 0; k < fs->nfields; k++) {
        mm_features_add_field(c, fs->fields[k]);
    }
    for (size_t i = 0; i < fs->n; i++) {
        const mm_geom *g = mm_features_geom(fs, i);
        size_t f = mm_features_add(c, g->type, g->nparts, g->parts, g->hole, g->npts, g->pts);
        for (size_t k = 0; k < fs->nfields; k++) {
            mm_features_set(c, f, (int)k, mm_features_get(fs, i, (int)k));
        }
    }
    if (fs->crs) {
        mm_features_set_crs(c, fs->crs);
    }
    return c;
}

size_t mm_features_count(const mm_features *fs)
{
    return fs->n;
}

int mm_features_field_index(const mm_features *fs, const char *name)
{
    for (size_t i = 0; i < fs->nfields; i++) {
        if (strcmp(fs->fields[i], name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

int mm_features_add_field(mm_features *fs, const char *name)
{
    int col = mm_features_field_index(fs, name);
    if (col >= 0) {
        return col;
    }
    fs->fields = mm_grow(fs->fields, &fs->fields_cap, fs->nfields + 1, sizeof *fs->fields);
    fs->fields[fs->nfields] = mm_strdup(name);
    return (int)fs->nfields++;
}

size_t mm_features_field_count(const mm_features *fs)
{
    return fs->nfields;
}

const char *mm_features_field_name(const mm_features *fs, size_t col)
{
    return col < fs->nfields ? fs->fields[col] : NULL;
}

static mm_bbox geom_bbox(const mm_geom *g)
{
    mm_bbox b = mm_bbox_empty();
    for (uint32_t i = 0; i < g->npts; i++) {
        b = mm_bbox_add(b, g->pts[i]);
    }
    return b;
}

static void geom_copy(mm_arena *a, mm_geom *g, mm_geom_type type, uint32_t nparts,
                      const uint32_t *parts, const uint8_t *hole, uint32_t npts, const mm_xy *pts)
{
    g->type = type;
    g->nparts = nparts;
    g->npts = npts;
    g->parts = mm_arena_array(a, (size_t)nparts + 1, sizeof *g->parts);
    if (parts) {
        memcpy(g->parts, parts, ((size_t)nparts + 1) * sizeof *g->parts);
    } else {
        g->parts[0] = 0;
        if (nparts) {
            g->parts[nparts] = npts;
        }
    }
    g->hole = NULL;
    if (type == MM_GEOM_POLYGON) {
        g->hole = mm_arena_alloc(a, nparts ? nparts : 1);
        if (hole) {
            memcpy(g->hole, hole, nparts);
        } else {
            memset(g->hole, 0, nparts);
        }
    }
    g->pts = mm_arena_array(a, npts ? npts : 1, sizeof *g->pts);
    if (npts) {
        memcpy(g->pts, pts, (size_t)npts * sizeof *pts);
    }
    g->bbox = geom_bbox(g);
}

size_t mm_features_add(mm_features *fs, mm_geom_type type, uint32_t nparts, const uint32_t *parts,
                       const uint8_t *hole, uint32_t npts, const mm_xy *pts)
{
    fs->items = mm_grow(fs->items, &fs->cap, fs->n + 1, sizeof *fs->items);
    feature *f = &fs->items[fs->n];
    memset(f, 0, sizeof *f);
    geom_copy(fs->arena, &f->geom, type, nparts, parts, hole, npts, pts);
    fs->bbox = mm_bbox_union(fs->bbox, f->geom.bbox);
    return fs->n++;
}

void mm_features_replace_geom(mm_features *fs, size_t i, mm_geom_type type, uint32_t nparts,
                              const uint32_t *parts, const uint8_t *hole, uint32_t npts,
                              const mm_xy *pts)
{
    geom_copy(fs->arena, &fs->items[i].geom, type, nparts, parts, hole, npts, pts);
}

void mm_features_set(mm_features *fs, size_t i, int col, mm_value v)
{
    if (col < 0) {
        return;
    }
    feature *f = &fs->items[i];
    if ((uint32_t)col >= f->nvals) {
        uint32_t n =
            (uint32_t)fs->nfields > (uint32_t)col ? (uint32_t)fs->nfields : (uint32_t)col + 1;
        mm_value *vals = mm_arena_array(fs->arena, n, sizeof *vals);
        if (f->nvals) {
            memcpy(vals, f->vals, f->nvals * sizeof *vals);
        }
        for (uint32_t k = f->nvals; k < n; k++) {
            vals[k] = mm_value_null();
        }
        f->vals = vals;
        f->nvals = n;
    }
    if (v.type == MM_VAL_STRING) {
        v.u.str = mm_arena_strdup(fs->arena, v.u.str);
    }
    f->vals[col] = v;
}

mm_value mm_features_get(const mm_features *fs, size_t i, int col)
{
    const feature *f = &fs->items[i];
    if (col < 0 || (uint32_t)col >= f->nvals) {
        return mm_value_null();
    }
    return f->vals[col];
}

mm_value mm_features_get_named(const mm_features *fs, size_t i, const char *name)
{
    return mm_features_get(fs, i, mm_features_field_index(fs, name));
}

const mm_geom *mm_features_geom(const mm_features *fs, size_t i)
{
    return &fs->items[i].geom;
}

mm_geom *mm_features_geom_mut(mm_features *fs, size_t i)
{
    return &fs->items[i].geom;
}

void mm_features_update_bbox(mm_features *fs)
{
    fs->bbox = mm_bbox_empty();
    for (size_t i = 0; i < fs->n; i++) {
        fs->items[i].geom.bbox = geom_bbox(&fs->items[i].geom);
        fs->bbox = mm_bbox_union(fs->bbox, fs->items[i].geom.bbox);
    }
}

mm_bbox mm_features_bbox(const mm_features *fs)
{
    return fs->bbox;
}

const char *mm_features_crs(const mm_features *fs)
{
    return fs->crs;
}

void mm_features_set_crs(mm_features *fs, const char *crs)
{
    mm_free(fs->crs);
    fs->crs = crs ? mm_strdup(crs) : NULL;
}

mm_arena *mm_features_arena(mm_features *fs)
{
    return fs->arena;
}

double mm_ring_signed_area(const mm_xy *pts, size_t n)
{
    double a = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        a += pts[i].x * pts[i + 1].y - pts[i + 1].x * pts[i].y;
    }
    if (n > 2 && (pts[0].x != pts[n - 1].x || pts[0].y != pts[n - 1].y)) {
        a += pts[n - 1].x * pts[0].y - pts[0].x * pts[n - 1].y;
    }
    return a / 2;
}
