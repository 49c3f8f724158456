/*
 * geom.c — GEOS through its reentrant API: conversion between mm_geom and
 * GEOS geometries, label points, areas, territory. Part of geo/: the only
 * file that includes <geos_c.h>; GEOS messages are captured by a handler
 * with a user pointer and turned into mm_error here.
 */
#include "malimap/geom.h"

#include <geos_c.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/mem.h"

struct mm_geos {
    GEOSContextHandle_t h;
    char msg[512];
};

static void on_message(const char *message, void *userdata)
{
    mm_geos *g = userdata;
    if (!g->msg[0]) {
        snprintf(g->msg, sizeof g->msg, "%s", message);
    }
}

mm_geos *mm_geos_create(void)
{
    mm_geos *g = mm_calloc(1, sizeof *g);
    g->h = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(g->h, on_message, g);
    return g;
}

void mm_geos_destroy(mm_geos *g)
{
    if (!g) {
        return;
    }
    GEOS_finish_r(g->h);
    mm_free(g);
}

/* ---- conversion ---- */

static GEOSGeometry *ring(mm_geos *g, const mm_xy *pts, uint32_t n)
{
    /* GEOS wants closed rings of at least 4 points */
    bool closed = n > 0 && pts[0].x == pts[n - 1].x && pts[0].y == pts[n - 1].y;
    uint32_t m = closed ? n : n + 1;
    if (m < 4) {
        return NULL;
    }
    double *buf = mm_array_alloc(m, 2 * sizeof(double));
    memcpy(buf, pts, n * sizeof *pts);
    if (!closed) {
        buf[2 * n] = pts[0].x;
        buf[2 * n + 1] = pts[0].y;
    }
    GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(g->h, buf, m, 0, 0);
    mm_free(buf);
    return seq ? GEOSGeom_createLinearRing_r(g->h, seq) : NULL;
}

/* A polygon mm_geom (outer rings each followed by their holes) as a GEOS
 * MultiPolygon, made valid. NULL when nothing is left. */
static GEOSGeometry *to_geos(mm_geos *g, const mm_geom *p)
{
    if (p->type != MM_GEOM_POLYGON) {
        return NULL;
    }
    GEOSGeometry **polys = mm_array_alloc(p->nparts ? p->nparts : 1, sizeof *polys);
    GEOSGeometry **holes = mm_array_alloc(p->nparts ? p->nparts : 1, sizeof *holes);
    size_t np = 0;
    for (uint32_t k = 0; k < p->nparts;) {
        GEOSGeometry *shell = ring(g, p->pts + p->parts[k], p->parts[k + 1] - p->parts[k]);
        uint32_t q = k + 1, nh = 0;
        while (q < p->nparts && p->hole[q]) {
            GEOSGeometry *h = ring(g, p->pts + p->parts[q], p->parts[q + 1] - p->parts[q]);
            if (h) {
                holes[nh++] = h;
            }
            q++;
        }
        if (shell) {
            polys[np++] = GEOSGeom_createPolygon_r(g->h, shell, holes, nh);
        } else {
            for (uint32_t i = 0; i < nh; i++) {
                GEOSGeom_destroy_r(g->h, holes[i]);
            }
        }
        k = q;
    }
    mm_free(holes);
    GEOSGeometry *multi = GEOSGeom_createCollection_r(g->h, GEOS_MULTIPOLYGON, polys, (unsigned)np);
    mm_free(polys);
    if (!multi) {
        return NULL;
    }
    if (GEOSisValid_r(g->h, multi) != 1) {
        GEOSGeometry *fixed = GEOSMakeValid_r(g->h, multi);
        GEOSGeom_destroy_r(g->h, multi);
        multi = fixed;
    }
    return multi;
}

typedef struct collector {
    mm_xy *pts;
    size_t npts, pts_cap;
    uint32_t *parts;
    size_t nparts, parts_cap;
    uint8_t *hole;
    size_t hole_cap;
} collector;

static void take_ring(mm_geos *g, collector *c, const GEOSGeometry *r, bool is_hole)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(g->h, r);
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(g->h, seq, &n) || n < 4) {
        return;
    }
    c->pts = mm_grow(c->pts, &c->pts_cap, c->npts + n, sizeof *c->pts);
    GEOSCoordSeq_copyToBuffer_r(g->h, seq, &c->pts[c->npts].x, 0, 0);
    /* shapefile convention: outer rings clockwise, holes counter-clockwise */
    double a = mm_ring_signed_area(c->pts + c->npts, n);
    if ((a > 0) != is_hole) {
        for (size_t i = c->npts, j = c->npts + n - 1; i < j; i++, j--) {
            mm_xy t = c->pts[i];
            c->pts[i] = c->pts[j];
            c->pts[j] = t;
        }
    }
    c->parts = mm_grow(c->parts, &c->parts_cap, c->nparts + 2, sizeof *c->parts);
    c->hole = mm_grow(c->hole, &c->hole_cap, c->nparts + 1, 1);
    c->parts[c->nparts] = (uint32_t)c->npts;
    c->hole[c->nparts] = is_hole;
    c->nparts++;
    c->npts += n;
}

static void take(mm_geos *g, collector *c, const GEOSGeometry *geom)
{
    int type = GEOSGeomTypeId_r(g->h, geom);
    if (type == GEOS_POLYGON) {
        take_ring(g, c, GEOSGetExteriorRing_r(g->h, geom), false);
        int nh = GEOSGetNumInteriorRings_r(g->h, geom);
        for (int i = 0; i < nh; i++) {
            take_ring(g, c, GEOSGetInteriorRingN_r(g->h, geom, i), true);
        }
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(g->h, geom);
        for (int i = 0; i < n; i++) {
            take(g, c, GEOSGetGeometryN_r(g->h, geom, i));
        }
    }
}

/* Appends geom's polygons as one feature; returns its index or (size_t)-1. */
static size_t append(mm_geos *g, mm_features *out, const GEOSGeometry *geom)
{
    collector c = {0};
    take(g, &c, geom);
    size_t i = (size_t)-1;
    if (c.nparts) {
        c.parts[c.nparts] = (uint32_t)c.npts;
        i = mm_features_add(out, MM_GEOM_POLYGON, (uint32_t)c.nparts, c.parts, c.hole,
                            (uint32_t)c.npts, c.pts);
    }
    mm_free(c.pts);
    mm_free(c.parts);
    mm_free(c.hole);
    return i;
}

static mm_status geos_fail(mm_geos *g, mm_error *err, const char *what)
{
    return MM_ERR(err, MM_E_GEOM, NULL, 0, 0, "%s failed%s%s", what, g->msg[0] ? ": " : "", g->msg);
}

/* ---- label points and areas ---- */

bool mm_geos_label_point(mm_geos *g, const mm_geom *poly, const mm_bbox *clip, double tolerance,
                         mm_xy *out, double *radius)
{
    GEOSGeometry *geom = to_geos(g, poly);
    if (geom && clip) {
        GEOSGeometry *part =
            GEOSClipByRect_r(g->h, geom, clip->minx, clip->miny, clip->maxx, clip->maxy);
        GEOSGeom_destroy_r(g->h, geom);
        geom = part;
    }
    if (!geom || GEOSisEmpty_r(g->h, geom)) {
        if (geom) {
            GEOSGeom_destroy_r(g->h, geom);
        }
        return false;
    }
    GEOSGeometry *mic = GEOSMaximumInscribedCircle_r(g->h, geom, tolerance);
    bool ok = false;
    if (mic) {
        const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(g->h, mic);
        double x0, y0, x1, y1;
        if (seq && GEOSCoordSeq_getXY_r(g->h, seq, 0, &x0, &y0) &&
            GEOSCoordSeq_getXY_r(g->h, seq, 1, &x1, &y1)) {
            *out = (mm_xy){x0, y0};
            if (radius) {
                *radius = hypot(x1 - x0, y1 - y0);
            }
            ok = true;
        }
        GEOSGeom_destroy_r(g->h, mic);
    }
    GEOSGeom_destroy_r(g->h, geom);
    return ok;
}

double mm_geos_area(mm_geos *g, const mm_geom *poly)
{
    GEOSGeometry *geom = to_geos(g, poly);
    double a = 0;
    if (geom) {
        GEOSArea_r(g->h, geom, &a);
        GEOSGeom_destroy_r(g->h, geom);
    }
    return a;
}

mm_status mm_geos_simplify(mm_geos *g, const mm_geom *poly, double tolerance, mm_features *out,
                           mm_error *err)
{
    g->msg[0] = '\0';
    GEOSGeometry *geom = to_geos(g, poly);
    if (!geom) {
        return geos_fail(g, err, "reading a polygon");
    }
    /* Douglas-Peucker first: ten times cheaper on an outline like Mali's; the
     * topology-preserving variant only when that made the polygon invalid */
    GEOSGeometry *s = GEOSSimplify_r(g->h, geom, tolerance);
    if (s && GEOSisValid_r(g->h, s) != 1) {
        GEOSGeom_destroy_r(g->h, s);
        s = NULL;
    }
    if (!s) {
        s = GEOSTopologyPreserveSimplify_r(g->h, geom, tolerance);
    }
    GEOSGeom_destroy_r(g->h, geom);
    if (!s) {
        return geos_fail(g, err, "simplifying a polygon");
    }
    append(g, out, s);
    GEOSGeom_destroy_r(g->h, s);
    return MM_OK;
}

/* ---- territory ---- */

/* True when every vertex of a cell lies within radius of pt. */
static bool within_radius(GEOSContextHandle_t h, const GEOSGeometry *cell, mm_xy pt, double radius)
{
    const GEOSGeometry *ring = GEOSGetExteriorRing_r(h, cell);
    const GEOSCoordSequence *seq = ring ? GEOSGeom_getCoordSeq_r(h, ring) : NULL;
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n)) {
        return false;
    }
    for (unsigned i = 0; i < n; i++) {
        double x, y;
        GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
        if ((x - pt.x) * (x - pt.x) + (y - pt.y) * (y - pt.y) > radius * radius) {
            return false;
        }
    }
    return true;
}

typedef struct cell {
    int site;
    GEOSGeometry *geom;
} cell;

static int by_group(const void *a, const void *b)
{
    const int *x = a, *y = b;
    return (*x > *y) - (*x < *y);
}

mm_status mm_geos_territory(mm_geos *g, const mm_site *sites, size_t n, double radius,
                            const mm_geom *clip, mm_features *out, mm_error *err)
{
    g->msg[0] = '\0';
    int col_group = mm_features_add_field(out, "group");
    int col_area = mm_features_add_field(out, "area");
    if (n == 0) {
        return MM_OK;
    }
    mm_status st = MM_OK;
    GEOSContextHandle_t h = g->h;
    GEOSGeometry *clip_geom = NULL, *voronoi = NULL;
    const GEOSPreparedGeometry *prepared = NULL;
    cell *cells = NULL;
    size_t ncells = 0;
    int *groups = NULL;

    /* one site per point */
    int *uniq = mm_array_alloc(n, sizeof *uniq);
    size_t nu = 0;
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t k = 0; k < nu && !dup; k++) {
            dup = sites[uniq[k]].pt.x == sites[i].pt.x && sites[uniq[k]].pt.y == sites[i].pt.y;
        }
        if (!dup && isfinite(sites[i].pt.x) && isfinite(sites[i].pt.y)) {
            uniq[nu++] = (int)i;
        }
    }
    if (clip) {
        clip_geom = to_geos(g, clip);
        if (!clip_geom) {
            st = geos_fail(g, err, "reading the clipping outline");
            goto out;
        }
        prepared = GEOSPrepare_r(h, clip_geom);
    }
    cells = mm_calloc(nu, sizeof *cells);
    if (nu == 1) {
        /* one site claims its whole disc */
        cells[0].site = uniq[0];
        cells[0].geom = NULL;
        ncells = 1;
    } else {
        GEOSGeometry **pts = mm_array_alloc(nu, sizeof *pts);
        for (size_t k = 0; k < nu; k++) {
            pts[k] = GEOSGeom_createPointFromXY_r(h, sites[uniq[k]].pt.x, sites[uniq[k]].pt.y);
        }
        GEOSGeometry *multi = GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts, (unsigned)nu);
        mm_free(pts);
        /* the diagram must reach every site's radius */
        double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
        for (size_t k = 0; k < nu; k++) {
            mm_xy p = sites[uniq[k]].pt;
            x0 = fmin(x0, p.x);
            y0 = fmin(y0, p.y);
            x1 = fmax(x1, p.x);
            y1 = fmax(y1, p.y);
        }
        GEOSGeometry *env = GEOSGeom_createRectangle_r(h, x0 - radius * 1.5, y0 - radius * 1.5,
                                                       x1 + radius * 1.5, y1 + radius * 1.5);
        voronoi = GEOSVoronoiDiagram_r(h, multi, env, 0, 0);
        GEOSGeom_destroy_r(h, env);
        GEOSGeom_destroy_r(h, multi);
        if (!voronoi) {
            st = geos_fail(g, err, "the Voronoi diagram");
            goto out;
        }
        int nv = GEOSGetNumGeometries_r(h, voronoi);
        for (int v = 0; v < nv && ncells < nu; v++) {
            const GEOSGeometry *vc = GEOSGetGeometryN_r(h, voronoi, v);
            /* every point of a cell is nearest its own site: find the site
             * nearest a point inside the cell */
            GEOSGeometry *inside = GEOSPointOnSurface_r(h, vc);
            double px = 0, py = 0;
            bool ok = inside && GEOSGeomGetX_r(h, inside, &px) && GEOSGeomGetY_r(h, inside, &py);
            if (inside) {
                GEOSGeom_destroy_r(h, inside);
            }
            if (!ok) {
                continue;
            }
            int best = -1;
            double bd = INFINITY;
            for (size_t k = 0; k < nu; k++) {
                double dx = sites[uniq[k]].pt.x - px, dy = sites[uniq[k]].pt.y - py;
                double d = dx * dx + dy * dy;
                if (d < bd) {
                    bd = d;
                    best = uniq[k];
                }
            }
            cells[ncells].site = best;
            cells[ncells].geom = GEOSGeom_clone_r(h, vc);
            ncells++;
        }
    }
    /* Each site claims its cell within its radius. Where a cell reaches
     * beyond the radius (sparse areas), remember the part outside the disc:
     * a group's area is then the union of its cells (a coverage: cells share
     * their edges exactly, so the union is quick and seamless) less those
     * parts. A point of a cell beyond its site's radius is farther still from
     * every other site, so nobody else claims it either. */
    GEOSGeometry **outside = mm_calloc(ncells ? ncells : 1, sizeof *outside);
    for (size_t c = 0; c < ncells; c++) {
        const mm_site *site = &sites[cells[c].site];
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, site->pt.x, site->pt.y);
        if (!cells[c].geom) {
            cells[c].geom = GEOSBuffer_r(h, pt, radius, 16); /* a single site */
        } else if (!within_radius(h, cells[c].geom, site->pt, radius)) {
            GEOSGeometry *disc = GEOSBuffer_r(h, pt, radius, 16);
            outside[c] = disc ? GEOSDifferencePrec_r(h, cells[c].geom, disc, 1.0) : NULL;
            if (disc) {
                GEOSGeom_destroy_r(h, disc);
            }
        }
        GEOSGeom_destroy_r(h, pt);
    }
    groups = mm_array_alloc(ncells ? ncells : 1, sizeof *groups);
    size_t ng = 0;
    for (size_t c = 0; c < ncells; c++) {
        groups[ng++] = sites[cells[c].site].group;
    }
    qsort(groups, ng, sizeof *groups, by_group);
    GEOSGeometry **parts = mm_array_alloc(ncells ? ncells : 1, sizeof *parts);
    GEOSGeometry **cuts = mm_array_alloc(ncells ? ncells : 1, sizeof *cuts);
    for (size_t gi = 0; gi < ng && st == MM_OK; gi++) {
        if (gi > 0 && groups[gi] == groups[gi - 1]) {
            continue;
        }
        unsigned np = 0, nc = 0;
        for (size_t c = 0; c < ncells; c++) {
            if (!cells[c].geom || sites[cells[c].site].group != groups[gi]) {
                continue;
            }
            parts[np++] = GEOSGeom_clone_r(h, cells[c].geom);
            if (outside[c] && !GEOSisEmpty_r(h, outside[c])) {
                cuts[nc++] = GEOSGeom_clone_r(h, outside[c]);
            }
        }
        if (!np) {
            continue;
        }
        GEOSGeometry *coll = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, np);
        GEOSGeometry *area_geom = coll ? GEOSCoverageUnion_r(h, coll) : NULL;
        if (coll && !area_geom) {
            g->msg[0] = '\0';
            area_geom = GEOSUnaryUnionPrec_r(h, coll, 1.0); /* not a clean coverage */
        }
        if (coll) {
            GEOSGeom_destroy_r(h, coll);
        }
        if (area_geom && nc) {
            GEOSGeometry *cc = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, cuts, nc);
            GEOSGeometry *cut = cc ? GEOSUnaryUnionPrec_r(h, cc, 1.0) : NULL;
            /* on a 1 m grid, so the seams along the cut edges vanish */
            GEOSGeometry *less = cut ? GEOSDifferencePrec_r(h, area_geom, cut, 1.0) : NULL;
            if (cc) {
                GEOSGeom_destroy_r(h, cc);
            }
            if (cut) {
                GEOSGeom_destroy_r(h, cut);
            }
            GEOSGeom_destroy_r(h, area_geom);
            area_geom = less;
        } else {
            for (unsigned k = 0; k < nc; k++) {
                GEOSGeom_destroy_r(h, cuts[k]);
            }
        }
        if (area_geom && prepared && GEOSPreparedContains_r(h, prepared, area_geom) != 1) {
            GEOSGeometry *clipped = GEOSIntersection_r(h, area_geom, clip_geom);
            GEOSGeom_destroy_r(h, area_geom);
            area_geom = clipped;
        }
        if (!area_geom) {
            st = geos_fail(g, err, "deriving territory");
            break;
        }
        double area = 0;
        GEOSArea_r(h, area_geom, &area);
        size_t f = area > 0 ? append(g, out, area_geom) : (size_t)-1;
        GEOSGeom_destroy_r(h, area_geom);
        if (f != (size_t)-1) {
            mm_features_set(out, f, col_group, mm_value_number(groups[gi]));
            mm_features_set(out, f, col_area, mm_value_number(area));
        }
    }
    mm_free(parts);
    mm_free(cuts);
    for (size_t c = 0; c < ncells; c++) {
        if (outside[c]) {
            GEOSGeom_destroy_r(h, outside[c]);
        }
    }
    mm_free(outside);
out:
    for (size_t c = 0; c < ncells; c++) {
        if (cells[c].geom) {
            GEOSGeom_destroy_r(h, cells[c].geom);
        }
    }
    mm_free(cells);
    mm_free(groups);
    mm_free(uniq);
    if (voronoi) {
        GEOSGeom_destroy_r(h, voronoi);
    }
    if (prepared) {
        GEOSPreparedGeom_destroy_r(h, prepared);
    }
    if (clip_geom) {
        GEOSGeom_destroy_r(h, clip_geom);
    }
    return st;
}

mm_status mm_geos_difference(mm_geos *g, const mm_geom *a, const mm_geom *b, mm_features *out,
                             double *area, mm_error *err)
{
    g->msg[0] = '\0';
    *area = 0;
    GEOSGeometry *ga = a ? to_geos(g, a) : NULL;
    if (!ga) {
        return MM_OK;
    }
    GEOSGeometry *gb = b ? to_geos(g, b) : NULL;
    GEOSGeometry *d = gb ? GEOSDifference_r(g->h, ga, gb) : GEOSGeom_clone_r(g->h, ga);
    GEOSGeom_destroy_r(g->h, ga);
    if (gb) {
        GEOSGeom_destroy_r(g->h, gb);
    }
    if (!d) {
        return geos_fail(g, err, "comparing areas");
    }
    GEOSArea_r(g->h, d, area);
    if (*area > 0) {
        append(g, out, d);
    }
    GEOSGeom_destroy_r(g->h, d);
    return MM_OK;
}
