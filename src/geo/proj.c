/*
 * proj.c — coordinate transforms through PROJ. Part of geo/: the only file
 * that includes <proj.h>. PROJ errors are translated here into mm_error.
 */
#include "malimap/proj.h"

#include <math.h>
#include <proj.h>
#include <string.h>

#include "malimap/mem.h"

struct mm_proj {
    PJ_CONTEXT *ctx;
    PJ *pj;
    char *src;
    char *dst;
    bool geographic;
};

#define LONLAT_CRS "+proj=longlat +datum=WGS84 +no_defs +type=crs"

static void quiet_log(void *data, int level, const char *msg)
{
    (void)data;
    (void)level;
    (void)msg;
}

static mm_status proj_fail(PJ_CONTEXT *ctx, const char *what, const char *crs, mm_error *err)
{
    int code = proj_context_errno(ctx);
    const char *why = code ? proj_context_errno_string(ctx, code) : NULL;
    return MM_ERR(err, MM_E_PROJ, what, 0, 0, "cannot use CRS '%.200s'%s%s", crs, why ? ": " : "",
                  why ? why : "");
}

/* Makes a CRS object from a user string; PROJ strings get "+type=crs". */
static PJ *make_crs(PJ_CONTEXT *ctx, const char *def)
{
    const char *s = def;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
        s++;
    }
    if (*s == '+' && !strstr(s, "+type=crs")) {
        size_t n = strlen(s);
        char *with = mm_malloc(n + 12);
        memcpy(with, s, n);
        memcpy(with + n, " +type=crs", 11);
        PJ *crs = proj_create(ctx, with);
        mm_free(with);
        return crs;
    }
    return proj_create(ctx, s);
}

static bool crs_is_geographic(PJ_CONTEXT *ctx, PJ *crs)
{
    PJ_TYPE t = proj_get_type(crs);
    if (t == PJ_TYPE_BOUND_CRS) {
        PJ *base = proj_get_source_crs(ctx, crs);
        bool g = base && crs_is_geographic(ctx, base);
        proj_destroy(base);
        return g;
    }
    return t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
           t == PJ_TYPE_GEOGRAPHIC_CRS;
}

mm_status mm_proj_create(const char *src, const char *dst, const char *what, mm_proj **out,
                         mm_error *err)
{
    PJ_CONTEXT *ctx = proj_context_create();
    proj_log_func(ctx, NULL, quiet_log);
    PJ *s = NULL, *d = NULL, *op = NULL, *norm = NULL;
    mm_status st = MM_OK;
    const char *src_def = src ? src : LONLAT_CRS;
    s = make_crs(ctx, src_def);
    if (!s) {
        st = proj_fail(ctx, what, src_def, err);
        goto out;
    }
    d = make_crs(ctx, dst);
    if (!d) {
        st = proj_fail(ctx, what, dst, err);
        goto out;
    }
    if (!proj_is_crs(d)) {
        st = MM_ERR(err, MM_E_PROJ, what, 0, 0, "'%.200s' is not a coordinate reference system",
                    dst);
        goto out;
    }
    op = proj_create_crs_to_crs_from_pj(ctx, s, d, NULL, NULL);
    if (!op) {
        st = proj_fail(ctx, what, dst, err);
        goto out;
    }
    norm = proj_normalize_for_visualization(ctx, op);
    if (!norm) {
        st = proj_fail(ctx, what, dst, err);
        goto out;
    }
    mm_proj *p = mm_calloc(1, sizeof *p);
    p->ctx = ctx;
    p->pj = norm;
    p->src = src ? mm_strdup(src) : NULL;
    p->dst = mm_strdup(dst);
    p->geographic = crs_is_geographic(ctx, d);
    norm = NULL;
    ctx = NULL;
    *out = p;
out:
    proj_destroy(norm);
    proj_destroy(op);
    proj_destroy(d);
    proj_destroy(s);
    if (ctx) {
        proj_context_destroy(ctx);
    }
    return st;
}

mm_status mm_proj_clone(const mm_proj *p, mm_proj **out, mm_error *err)
{
    return mm_proj_create(p->src, p->dst, "clone", out, err);
}

void mm_proj_destroy(mm_proj *p)
{
    if (!p) {
        return;
    }
    proj_destroy(p->pj);
    proj_context_destroy(p->ctx);
    mm_free(p->src);
    mm_free(p->dst);
    mm_free(p);
}

static size_t transform(mm_proj *p, PJ_DIRECTION dir, mm_xy *pts, size_t n)
{
    if (n == 0) {
        return 0;
    }
    proj_trans_generic(p->pj, dir, &pts[0].x, sizeof *pts, n, &pts[0].y, sizeof *pts, n, NULL, 0, 0,
                       NULL, 0, 0);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(pts[i].x) || !isfinite(pts[i].y) || fabs(pts[i].x) > 1e30 ||
            fabs(pts[i].y) > 1e30) {
            pts[i].x = NAN;
            pts[i].y = NAN;
            bad++;
        }
    }
    proj_errno_reset(p->pj);
    return bad;
}

size_t mm_proj_forward(mm_proj *p, mm_xy *pts, size_t n)
{
    return transform(p, PJ_FWD, pts, n);
}

size_t mm_proj_inverse(mm_proj *p, mm_xy *pts, size_t n)
{
    return transform(p, PJ_INV, pts, n);
}

mm_status mm_proj_bounds(mm_proj *p, mm_bbox src, mm_bbox *out, mm_error *err)
{
    double xmin, ymin, xmax, ymax;
    if (!proj_trans_bounds(p->ctx, p->pj, PJ_FWD, src.minx, src.miny, src.maxx, src.maxy, &xmin,
                           &ymin, &xmax, &ymax, 21)) {
        return proj_fail(p->ctx, "bounds", p->dst, err);
    }
    *out = (mm_bbox){xmin, ymin, xmax, ymax};
    return MM_OK;
}

bool mm_proj_target_is_geographic(const mm_proj *p)
{
    return p->geographic;
}

/*
 * The definitions of WGS 84 longitude/latitude in degrees that shapefiles'
 * .prj files and GeoJSON carry, compared without white space and case. For
 * these the transform to LONLAT_CRS is the identity (axis order is
 * normalised for visualisation either way), and recognising them spares
 * PROJ's WKT parser and operation search: about 6 ms a file, most of a small
 * map's set-up (tests/bench/RESULTS.md). Anything else goes through PROJ.
 */
static const char *const WGS84_LONLAT[] = {
    /* ESRI, as written by ArcGIS, QGIS and shapelib-based tools */
    "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
    "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]",
    "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137,"
    "298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"Degree\",0.017453292519943295]]",
    /* OGC WKT1, as written by GDAL */
    "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
    "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
    "AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,"
    "AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]",
    "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
    "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
    "AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,"
    "AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],"
    "AUTHORITY[\"EPSG\",\"4326\"]]",
    "EPSG:4326",
    "OGC:CRS84",
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "+proj=longlat +datum=WGS84 +no_defs",
    "+proj=longlat +datum=WGS84 +no_defs +type=crs",
    NULL,
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* a and b are equal once white space is dropped and letters folded to lower case */
static bool same_definition(const char *a, const char *b)
{
    for (;;) {
        while (is_space(*a)) {
            a++;
        }
        while (is_space(*b)) {
            b++;
        }
        if (!*a || !*b) {
            return !*a && !*b;
        }
        if (lower(*a++) != lower(*b++)) {
            return false;
        }
    }
}

static bool is_wgs84_lonlat(const char *crs)
{
    for (size_t i = 0; crs && WGS84_LONLAT[i]; i++) {
        if (same_definition(crs, WGS84_LONLAT[i])) {
            return true;
        }
    }
    return false;
}

mm_status mm_proj_features_to_lonlat(mm_features *fs, const char *path, mm_error *err)
{
    const char *crs = mm_features_crs(fs);
    if (!crs) {
        return MM_OK;
    }
    if (is_wgs84_lonlat(crs)) {
        mm_features_set_crs(fs, NULL); /* already in LONLAT_CRS */
        return MM_OK;
    }
    mm_proj *p = NULL;
    mm_status st = mm_proj_create(crs, LONLAT_CRS, path, &p, err);
    if (st != MM_OK) {
        return st;
    }
    size_t n = mm_features_count(fs);
    for (size_t i = 0; i < n; i++) {
        mm_geom *g = mm_features_geom_mut(fs, i);
        mm_proj_forward(p, g->pts, g->npts);
    }
    mm_proj_destroy(p);
    mm_features_set_crs(fs, NULL);
    mm_features_update_bbox(fs);
    return MM_OK;
}

/* Copies part [a, b) of g into out, inserting points every max_step degrees. */
static void densify_part(const mm_xy *pts, uint32_t a, uint32_t b, double max_step, mm_xy **out,
                         size_t *n, size_t *cap)
{
    for (uint32_t v = a; v < b; v++) {
        if (v > a && max_step > 0) {
            mm_xy p0 = pts[v - 1], p1 = pts[v];
            double d = fmax(fabs(p1.x - p0.x), fabs(p1.y - p0.y));
            if (d > max_step) {
                int steps = (int)ceil(d / max_step);
                if (steps > 10000) {
                    steps = 10000;
                }
                *out = mm_grow(*out, cap, *n + (size_t)steps, sizeof **out);
                for (int k = 1; k < steps; k++) {
                    double t = (double)k / steps;
                    (*out)[(*n)++] = (mm_xy){p0.x + (p1.x - p0.x) * t, p0.y + (p1.y - p0.y) * t};
                }
            }
        }
        *out = mm_grow(*out, cap, *n + 1, sizeof **out);
        (*out)[(*n)++] = pts[v];
    }
}

void mm_proj_features(mm_proj *p, mm_features *fs, double max_step_deg)
{
    size_t nf = mm_features_count(fs);
    mm_xy *pts = NULL;
    size_t cap = 0;
    uint32_t *parts = NULL;
    size_t parts_cap = 0;
    for (size_t i = 0; i < nf; i++) {
        mm_geom *g = mm_features_geom_mut(fs, i);
        if (g->type == MM_GEOM_NONE || g->npts == 0) {
            continue;
        }
        bool dense = g->type != MM_GEOM_POINT && max_step_deg > 0;
        if (dense) {
            /* only rebuild when some edge is too long */
            bool need = false;
            for (uint32_t k = 0; k < g->nparts && !need; k++) {
                for (uint32_t v = g->parts[k] + 1; v < g->parts[k + 1]; v++) {
                    if (fabs(g->pts[v].x - g->pts[v - 1].x) > max_step_deg ||
                        fabs(g->pts[v].y - g->pts[v - 1].y) > max_step_deg) {
                        need = true;
                        break;
                    }
                }
            }
            dense = need;
        }
        size_t n = 0;
        if (dense) {
            parts = mm_grow(parts, &parts_cap, (size_t)g->nparts + 1, sizeof *parts);
            for (uint32_t k = 0; k < g->nparts; k++) {
                parts[k] = (uint32_t)n;
                densify_part(g->pts, g->parts[k], g->parts[k + 1], max_step_deg, &pts, &n, &cap);
            }
            parts[g->nparts] = (uint32_t)n;
        } else {
            pts = mm_grow(pts, &cap, g->npts, sizeof *pts);
            memcpy(pts, g->pts, g->npts * sizeof *pts);
            n = g->npts;
            parts = mm_grow(parts, &parts_cap, (size_t)g->nparts + 1, sizeof *parts);
            memcpy(parts, g->parts, ((size_t)g->nparts + 1) * sizeof *parts);
        }
        size_t bad = mm_proj_forward(p, pts, n);
        if (bad) {
            /* drop unprojectable vertices, keeping part boundaries */
            size_t w = 0;
            uint32_t np = g->nparts;
            for (uint32_t k = 0; k < np; k++) {
                uint32_t a = parts[k], b = parts[k + 1];
                parts[k] = (uint32_t)w;
                for (uint32_t v = a; v < b; v++) {
                    if (!isnan(pts[v].x)) {
                        pts[w++] = pts[v];
                    }
                }
            }
            parts[np] = (uint32_t)w;
            n = w;
        }
        if (dense || bad) {
            uint8_t *hole = g->hole;
            mm_features_replace_geom(fs, i, g->type, g->nparts, parts, hole, (uint32_t)n, pts);
        } else {
            memcpy(g->pts, pts, n * sizeof *pts);
        }
    }
    mm_free(pts);
    mm_free(parts);
    mm_features_update_bbox(fs);
}

double mm_proj_distance_m(mm_proj *p, mm_xy a, mm_xy b)
{
    PJ_COORD ca = proj_coord(a.x * M_PI / 180, a.y * M_PI / 180, 0, 0);
    PJ_COORD cb = proj_coord(b.x * M_PI / 180, b.y * M_PI / 180, 0, 0);
    return proj_lp_dist(p->pj, ca, cb);
}
