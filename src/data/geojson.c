/*
 * geojson.c — GeoJSON and point-CSV readers producing feature sets.
 * Part of data/.
 */
#include "malimap/geojson.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/csv.h"
#include "malimap/json.h"
#include "malimap/mem.h"
#include "malimap/text.h"

typedef struct builder {
    const mm_json_doc *doc;
    mm_error *err;
    mm_xy *pts;
    size_t npts, pts_cap;
    uint32_t *parts;
    size_t nparts, parts_cap;
    uint8_t *hole;
    size_t hole_cap;
} builder;

static mm_status bad(builder *b, const mm_json *j, const char *what)
{
    return mm_json_error(b->doc, j->line, j->col, b->err, MM_E_DATA, "%s", what);
}

static mm_status position(builder *b, const mm_json *j, mm_xy *out)
{
    if (j->type != MM_JSON_ARRAY || j->u.arr.n < 2 || j->u.arr.items[0]->type != MM_JSON_NUMBER ||
        j->u.arr.items[1]->type != MM_JSON_NUMBER) {
        return bad(b, j, "a position must be an array [longitude, latitude]");
    }
    double lon = j->u.arr.items[0]->u.num, lat = j->u.arr.items[1]->u.num;
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "position [%g, %g] is outside longitude -180..180 or latitude "
                 "-90..90",
                 lon, lat);
        return bad(b, j, msg);
    }
    *out = (mm_xy){lon, lat};
    return MM_OK;
}

static mm_status positions(builder *b, const mm_json *j, size_t min, bool ring, bool is_hole)
{
    if (j->type != MM_JSON_ARRAY) {
        return bad(b, j, "expected an array of positions");
    }
    if (j->u.arr.n < min) {
        return bad(b, j,
                   ring ? "a linear ring needs at least 4 positions"
                        : "a line needs at least 2 positions");
    }
    size_t start = b->npts;
    b->pts = mm_grow(b->pts, &b->pts_cap, b->npts + j->u.arr.n, sizeof *b->pts);
    for (size_t i = 0; i < j->u.arr.n; i++) {
        mm_status st = position(b, j->u.arr.items[i], &b->pts[b->npts]);
        if (st != MM_OK) {
            return st;
        }
        b->npts++;
    }
    if (ring) {
        /* RFC 7946 wants outer rings counter-clockwise, but many files get it
         * wrong; normalise to the shapefile convention the drawing expects. */
        double a = mm_ring_signed_area(b->pts + start, b->npts - start);
        if ((a > 0) != is_hole) {
            for (size_t p = start, q = b->npts - 1; p < q; p++, q--) {
                mm_xy t = b->pts[p];
                b->pts[p] = b->pts[q];
                b->pts[q] = t;
            }
        }
    }
    b->parts = mm_grow(b->parts, &b->parts_cap, b->nparts + 2, sizeof *b->parts);
    b->hole = mm_grow(b->hole, &b->hole_cap, b->nparts + 1, 1);
    b->parts[b->nparts] = (uint32_t)start;
    b->hole[b->nparts] = is_hole;
    b->nparts++;
    return MM_OK;
}

static mm_status polygon(builder *b, const mm_json *j)
{
    if (j->type != MM_JSON_ARRAY || j->u.arr.n == 0) {
        return bad(b, j, "a polygon must be an array of linear rings");
    }
    for (size_t r = 0; r < j->u.arr.n; r++) {
        mm_status st = positions(b, j->u.arr.items[r], 4, true, r > 0);
        if (st != MM_OK) {
            return st;
        }
    }
    return MM_OK;
}

/* Appends the geometry's parts; *kind receives its kind (all parts one kind). */
static mm_status geometry(builder *b, const mm_json *g, mm_geom_type *kind)
{
    if (g->type == MM_JSON_NULL) {
        return MM_OK;
    }
    const mm_json *type = mm_json_get(g, "type");
    if (g->type != MM_JSON_OBJECT || !type || type->type != MM_JSON_STRING) {
        return bad(b, g, "a geometry must be an object with a \"type\"");
    }
    const char *t = type->u.str.s;
    if (!strcmp(t, "GeometryCollection")) {
        const mm_json *gs = mm_json_get(g, "geometries");
        if (!gs || gs->type != MM_JSON_ARRAY) {
            return bad(b, g, "a GeometryCollection needs a \"geometries\" array");
        }
        for (size_t i = 0; i < gs->u.arr.n; i++) {
            mm_geom_type k = MM_GEOM_NONE;
            size_t before = b->nparts;
            mm_status st = geometry(b, gs->u.arr.items[i], &k);
            if (st != MM_OK) {
                return st;
            }
            if (k != MM_GEOM_NONE && *kind != MM_GEOM_NONE && k != *kind) {
                b->nparts = before; /* mixed kinds: keep the first kind only */
                continue;
            }
            if (k != MM_GEOM_NONE) {
                *kind = k;
            }
        }
        return MM_OK;
    }
    const mm_json *c = mm_json_get(g, "coordinates");
    if (!c || c->type != MM_JSON_ARRAY) {
        return bad(b, g, "a geometry needs a \"coordinates\" array");
    }
    mm_status st = MM_OK;
    if (!strcmp(t, "Point")) {
        *kind = MM_GEOM_POINT;
        b->pts = mm_grow(b->pts, &b->pts_cap, b->npts + 1, sizeof *b->pts);
        st = position(b, c, &b->pts[b->npts]);
        if (st == MM_OK) {
            b->parts = mm_grow(b->parts, &b->parts_cap, b->nparts + 2, sizeof *b->parts);
            b->parts[b->nparts++] = (uint32_t)b->npts++;
        }
    } else if (!strcmp(t, "MultiPoint")) {
        *kind = MM_GEOM_POINT;
        for (size_t i = 0; i < c->u.arr.n && st == MM_OK; i++) {
            b->pts = mm_grow(b->pts, &b->pts_cap, b->npts + 1, sizeof *b->pts);
            st = position(b, c->u.arr.items[i], &b->pts[b->npts]);
            if (st == MM_OK) {
                b->parts = mm_grow(b->parts, &b->parts_cap, b->nparts + 2, sizeof *b->parts);
                b->parts[b->nparts++] = (uint32_t)b->npts++;
            }
        }
    } else if (!strcmp(t, "LineString")) {
        *kind = MM_GEOM_LINE;
        st = positions(b, c, 2, false, false);
    } else if (!strcmp(t, "MultiLineString")) {
        *kind = MM_GEOM_LINE;
        for (size_t i = 0; i < c->u.arr.n && st == MM_OK; i++) {
            st = positions(b, c->u.arr.items[i], 2, false, false);
        }
    } else if (!strcmp(t, "Polygon")) {
        *kind = MM_GEOM_POLYGON;
        st = polygon(b, c);
    } else if (!strcmp(t, "MultiPolygon")) {
        *kind = MM_GEOM_POLYGON;
        for (size_t i = 0; i < c->u.arr.n && st == MM_OK; i++) {
            st = polygon(b, c->u.arr.items[i]);
        }
    } else {
        return bad(b, type,
                   "unknown geometry type (expected Point, MultiPoint, LineString, "
                   "MultiLineString, Polygon, MultiPolygon or GeometryCollection)");
    }
    return st;
}

static void properties(mm_features *fs, size_t i, const mm_json *props, mm_buf *scratch)
{
    if (!props || props->type != MM_JSON_OBJECT) {
        return;
    }
    for (size_t k = 0; k < props->u.obj.n; k++) {
        const mm_json_member *m = &props->u.obj.members[k];
        int col = mm_features_add_field(fs, m->key);
        const mm_json *v = m->value;
        switch (v->type) {
        case MM_JSON_BOOL:
            mm_features_set(fs, i, col, mm_value_bool(v->u.b));
            break;
        case MM_JSON_NUMBER:
            mm_features_set(fs, i, col, mm_value_number(v->u.num));
            break;
        case MM_JSON_STRING:
            mm_features_set(fs, i, col, mm_value_string(v->u.str.s));
            break;
        case MM_JSON_ARRAY:
        case MM_JSON_OBJECT:
            mm_buf_reset(scratch);
            mm_json_write(v, scratch);
            mm_features_set(fs, i, col, mm_value_string(scratch->data));
            break;
        case MM_JSON_NULL:
            break;
        }
    }
}

static mm_status add_feature(builder *b, mm_features *fs, const mm_json *geom, const mm_json *props,
                             mm_buf *scratch)
{
    b->npts = 0;
    b->nparts = 0;
    mm_geom_type kind = MM_GEOM_NONE;
    mm_status st = geom ? geometry(b, geom, &kind) : MM_OK;
    if (st != MM_OK) {
        return st;
    }
    b->parts = mm_grow(b->parts, &b->parts_cap, b->nparts + 1, sizeof *b->parts);
    b->parts[b->nparts] = (uint32_t)b->npts;
    size_t i = mm_features_add(fs, kind, (uint32_t)b->nparts, b->parts,
                               kind == MM_GEOM_POLYGON ? b->hole : NULL, (uint32_t)b->npts, b->pts);
    properties(fs, i, props, scratch);
    return MM_OK;
}

/* Features of a parsed document; destroys doc. */
static mm_status read_doc(mm_json_doc *doc, mm_features **out, mm_error *err)
{
    mm_status st = MM_OK;
    builder b = {.doc = doc, .err = err};
    mm_features *fs = mm_features_create();
    mm_buf scratch;
    mm_buf_init(&scratch);
    const mm_json *root = mm_json_root(doc);
    const mm_json *type = mm_json_get(root, "type");
    if (!type || type->type != MM_JSON_STRING) {
        st = bad(&b, root, "not GeoJSON: the top level needs a \"type\"");
    } else if (!strcmp(type->u.str.s, "FeatureCollection")) {
        const mm_json *feats = mm_json_get(root, "features");
        if (!feats || feats->type != MM_JSON_ARRAY) {
            st = bad(&b, root, "a FeatureCollection needs a \"features\" array");
        }
        for (size_t i = 0; st == MM_OK && i < feats->u.arr.n; i++) {
            const mm_json *f = feats->u.arr.items[i];
            const mm_json *ft = mm_json_get(f, "type");
            if (!ft || ft->type != MM_JSON_STRING || strcmp(ft->u.str.s, "Feature")) {
                st = bad(&b, f, "expected a Feature");
                break;
            }
            st = add_feature(&b, fs, mm_json_get(f, "geometry"), mm_json_get(f, "properties"),
                             &scratch);
        }
    } else if (!strcmp(type->u.str.s, "Feature")) {
        st = add_feature(&b, fs, mm_json_get(root, "geometry"), mm_json_get(root, "properties"),
                         &scratch);
    } else {
        st = add_feature(&b, fs, root, NULL, &scratch);
    }
    mm_buf_fini(&scratch);
    mm_free(b.pts);
    mm_free(b.parts);
    mm_free(b.hole);
    mm_json_destroy(doc);
    if (st != MM_OK) {
        mm_features_destroy(fs);
        return st;
    }
    *out = fs;
    return MM_OK;
}

/* Nesting a GeoJSON file needs: collection, feature, geometry, multipolygon rings. */
static const mm_json_limits GEOJSON_LIMITS = {.max_depth = 32, .max_bytes = (size_t)1 << 30};

mm_status mm_geojson_read(const char *path, mm_features **out, mm_error *err)
{
    mm_json_doc *doc = NULL;
    mm_status st = mm_json_load(path, &GEOJSON_LIMITS, &doc, err);
    return st == MM_OK ? read_doc(doc, out, err) : st;
}

mm_status mm_geojson_parse(const char *name, const char *text, size_t len, mm_features **out,
                           mm_error *err)
{
    mm_json_doc *doc = NULL;
    mm_status st = mm_json_parse(name, text, len, &GEOJSON_LIMITS, &doc, err);
    return st == MM_OK ? read_doc(doc, out, err) : st;
}

/* ---- CSV points ---- */

static bool is_name(const char *field, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        if (!mm_text_casecmp(field, names[i])) {
            return true;
        }
    }
    return false;
}

static bool parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    while (*s == ' ') {
        s++;
    }
    if (!*s) {
        return false;
    }
    double v = strtod(s, &end);
    while (*end == ' ') {
        end++;
    }
    if (*end || errno == ERANGE || !isfinite(v)) {
        return false;
    }
    *out = v;
    return true;
}

/* Reads the points of an open CSV reader (and closes it). */
static mm_status read_points(mm_csv *csv, mm_features **out, mm_error *err)
{
    static const char *const LAT[] = {"latitude", "lat", "y", NULL};
    static const char *const LON[] = {"longitude", "lon", "lng", "long", "x", NULL};
    const char *path = mm_csv_path(csv);
    mm_features *fs = mm_features_create();
    bool has = false;
    mm_status st = mm_csv_next(csv, &has, err);
    int lat = -1, lon = -1;
    size_t ncols = 0;
    int *cols = NULL;
    if (st == MM_OK && !has) {
        st = MM_ERR(err, MM_E_DATA, path, 1, 0, "empty file: expected a header row");
    }
    if (st == MM_OK) {
        ncols = mm_csv_count(csv);
        const mm_csv_field *f = mm_csv_fields(csv);
        cols = mm_array_alloc(ncols ? ncols : 1, sizeof *cols);
        for (size_t k = 0; k < ncols; k++) {
            cols[k] = -1;
            if (lat < 0 && is_name(f[k].data, LAT)) {
                lat = (int)k;
            } else if (lon < 0 && is_name(f[k].data, LON)) {
                lon = (int)k;
            } else {
                cols[k] = mm_features_add_field(fs, f[k].data);
            }
        }
        if (lat < 0 || lon < 0) {
            st = MM_ERR(err, MM_E_DATA, path, 1, 0,
                        "no %s column: a CSV source needs latitude and longitude columns",
                        lat < 0 ? "latitude" : "longitude");
        }
    }
    while (st == MM_OK) {
        st = mm_csv_next(csv, &has, err);
        if (st != MM_OK || !has) {
            break;
        }
        const mm_csv_field *f = mm_csv_fields(csv);
        size_t n = mm_csv_count(csv);
        long line = mm_csv_line(csv);
        double y, x;
        if ((size_t)lat >= n || (size_t)lon >= n || !parse_number(f[lat].data, &y) ||
            !parse_number(f[lon].data, &x)) {
            st = MM_ERR(err, MM_E_DATA, path, line, 0, "missing or malformed coordinates");
            break;
        }
        if (y < -90 || y > 90 || x < -180 || x > 180) {
            st = MM_ERR(err, MM_E_DATA, path, line, 0,
                        "coordinates %g, %g are outside latitude -90..90 or longitude -180..180", y,
                        x);
            break;
        }
        mm_xy p = {x, y};
        uint32_t parts[2] = {0, 1};
        size_t i = mm_features_add(fs, MM_GEOM_POINT, 1, parts, NULL, 1, &p);
        for (size_t k = 0; k < n && k < ncols; k++) {
            if (cols[k] < 0 || f[k].len == 0) {
                continue;
            }
            double v;
            mm_features_set(fs, i, cols[k],
                            parse_number(f[k].data, &v) ? mm_value_number(v)
                                                        : mm_value_string(f[k].data));
        }
    }
    mm_free(cols);
    mm_csv_close(csv);
    if (st != MM_OK) {
        mm_features_destroy(fs);
        return st;
    }
    *out = fs;
    return MM_OK;
}

mm_status mm_csv_points_read(const char *path, mm_features **out, mm_error *err)
{
    mm_csv *csv = NULL;
    mm_status st = mm_csv_open(path, NULL, &csv, err);
    return st == MM_OK ? read_points(csv, out, err) : st;
}

mm_status mm_csv_points_parse(const char *name, const char *data, size_t len, mm_features **out,
                              mm_error *err)
{
    mm_csv *csv = NULL;
    mm_status st = mm_csv_open_mem(name, data, len, NULL, &csv, err);
    return st == MM_OK ? read_points(csv, out, err) : st;
}
