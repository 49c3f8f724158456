/*
 * test_proj.c — projection: known values, round trips, bounds, densifying,
 * fitting the view, errors; .prj definitions of WGS 84 lon/lat taken as they
 * are (the same as through PROJ, without its cost).
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "malimap/proj.h"
#include "malimap/view.h"

static mm_proj *make(const char *dst)
{
    mm_error err;
    mm_error_clear(&err);
    mm_proj *p = NULL;
    CHECK_INT(mm_proj_create(NULL, dst, "--crs", &p, &err), MM_OK);
    return p;
}

static void test_mercator_known_values(void)
{
    mm_proj *p = make("EPSG:3857");
    if (!p) {
        return;
    }
    /* x = R * lon, y = R * ln(tan(pi/4 + lat/2)) with R = 6378137 */
    mm_xy pt = {1, 10};
    CHECK_INT(mm_proj_forward(p, &pt, 1), 0);
    CHECK_NEAR(pt.x, 111319.49079327357, 1e-6);
    CHECK_NEAR(pt.y, 1118889.9748579597, 1e-6);
    CHECK(!mm_proj_target_is_geographic(p));
    mm_proj_destroy(p);
}

static void test_default_laea_round_trip(void)
{
    mm_proj *p = make(MM_PROJ_DEFAULT_CRS);
    if (!p) {
        return;
    }
    mm_xy centre = {-4, 17.5};
    mm_proj_forward(p, &centre, 1);
    CHECK_NEAR(centre.x, 0, 1e-6);
    CHECK_NEAR(centre.y, 0, 1e-6);
    mm_xy pts[] = {{-12.2, 10.1}, {4.3, 25.0}, {1.4083, 18.4389}, {-8.0029, 12.6392}};
    mm_xy orig[4];
    memcpy(orig, pts, sizeof pts);
    CHECK_INT(mm_proj_forward(p, pts, 4), 0);
    /* Kidal is east and north of the centre, Bamako west and south */
    CHECK(pts[2].x > 0 && pts[2].y > 0);
    CHECK(pts[3].x < 0 && pts[3].y < 0);
    CHECK_INT(mm_proj_inverse(p, pts, 4), 0);
    for (int i = 0; i < 4; i++) {
        /* PROJ's ellipsoidal inverse is good to about 1e-8 degrees (1 mm) */
        CHECK_NEAR(pts[i].x, orig[i].x, 1e-7);
        CHECK_NEAR(pts[i].y, orig[i].y, 1e-7);
    }
    mm_proj_destroy(p);
}

static void test_equal_area(void)
{
    /* Two 1x1 degree cells at different places of Mali have projected areas
     * in the ratio of their areas on the ellipsoid (cos of latitude, nearly). */
    mm_proj *p = make(MM_PROJ_DEFAULT_CRS);
    if (!p) {
        return;
    }
    double area[2];
    double lat0[2] = {11, 24};
    for (int k = 0; k < 2; k++) {
        mm_xy ring[5] = {{-10, lat0[k]}, {-10, lat0[k] + 1}, {-9, lat0[k] + 1},
                         {-9, lat0[k]}, {-10, lat0[k]}};
        mm_features *fs = mm_features_create();
        uint32_t parts[2] = {0, 5};
        mm_features_add(fs, MM_GEOM_POLYGON, 1, parts, NULL, 5, ring);
        mm_proj_features(p, fs, 0.01);
        const mm_geom *g = mm_features_geom(fs, 0);
        area[k] = fabs(mm_ring_signed_area(g->pts, g->npts));
        mm_features_destroy(fs);
    }
    double want = sin((24 + 1) * M_PI / 180) - sin(24 * M_PI / 180);
    want /= sin((11 + 1) * M_PI / 180) - sin(11 * M_PI / 180);
    CHECK_NEAR(area[1] / area[0], want, 0.003);
    mm_proj_destroy(p);
}

static void test_densify_curves_lines(void)
{
    mm_proj *p = make(MM_PROJ_DEFAULT_CRS);
    if (!p) {
        return;
    }
    mm_xy line[2] = {{-14, 25}, {6, 25}};
    uint32_t parts[2] = {0, 2};
    mm_features *fs = mm_features_create();
    mm_features_add(fs, MM_GEOM_LINE, 1, parts, NULL, 2, line);
    mm_proj_features(p, fs, 0.5);
    const mm_geom *g = mm_features_geom(fs, 0);
    CHECK_INT(g->npts, 41);
    /* north of the centre a parallel is an arc around the pole: its middle
     * sags south of the chord between its ends (by about 29 km here) */
    mm_xy a = g->pts[0], b = g->pts[40], mid = g->pts[20];
    CHECK(mid.y < (a.y + b.y) / 2 - 20000);
    mm_features_destroy(fs);
    mm_proj_destroy(p);
}

static void test_bounds_cover_edges(void)
{
    mm_proj *p = make(MM_PROJ_DEFAULT_CRS);
    if (!p) {
        return;
    }
    mm_error err;
    mm_error_clear(&err);
    mm_bbox box = {-12.5, 10, 4.5, 25.2}, out;
    CHECK_INT(mm_proj_bounds(p, box, &out, &err), MM_OK);
    mm_xy probe[] = {{-4, 25.2}, {-4, 10}, {-12.5, 17.5}, {4.5, 17.5}, {-12.5, 10}, {4.5, 25.2}};
    mm_proj_forward(p, probe, 6);
    for (int i = 0; i < 6; i++) {
        CHECK(probe[i].x >= out.minx - 1e-6 && probe[i].x <= out.maxx + 1e-6);
        CHECK(probe[i].y >= out.miny - 1e-6 && probe[i].y <= out.maxy + 1e-6);
    }
    /* the bottom edge's middle lies south of its corners: corners alone would cut it */
    CHECK(probe[1].y < probe[4].y);
    mm_proj_destroy(p);
}

static void test_bad_crs(void)
{
    mm_error err;
    mm_error_clear(&err);
    mm_proj *p = NULL;
    CHECK_INT(mm_proj_create(NULL, "EPSG:999999", "--crs", &p, &err), MM_E_PROJ);
    CHECK(p == NULL);
    CHECK_STR(err.path, "--crs");
    CHECK(strstr(err.msg, "cannot use CRS 'EPSG:999999'") == err.msg);
    mm_error_clear(&err);
    CHECK_INT(mm_proj_create(NULL, "+proj=nonsense", "--crs", &p, &err), MM_E_PROJ);
    mm_error_clear(&err);
    CHECK_INT(mm_proj_create(NULL, "hello", "--crs", &p, &err), MM_E_PROJ);
}

static void test_clone_is_independent(void)
{
    mm_proj *p = make("EPSG:32630");
    if (!p) {
        return;
    }
    mm_error err;
    mm_error_clear(&err);
    mm_proj *q = NULL;
    CHECK_INT(mm_proj_clone(p, &q, &err), MM_OK);
    mm_xy a = {-3, 0}, b = {-3, 0};
    mm_proj_forward(p, &a, 1);
    mm_proj_destroy(p);
    mm_proj_forward(q, &b, 1);
    CHECK_NEAR(a.x, 500000, 1e-6);
    CHECK_NEAR(b.x, a.x, 1e-9);
    CHECK_NEAR(b.y, a.y, 1e-9);
    mm_proj_destroy(q);
}

static void test_view_fit(void)
{
    mm_view v = mm_view_fit((mm_bbox){0, 0, 200, 100}, 400, 400, 0);
    CHECK_NEAR(v.scale, 2, 1e-12);
    mm_xy tl = mm_view_to_px(&v, (mm_xy){0, 100});
    mm_xy br = mm_view_to_px(&v, (mm_xy){200, 0});
    CHECK_NEAR(tl.x, 0, 1e-9);
    CHECK_NEAR(tl.y, 100, 1e-9); /* centred vertically: 100 px above and below */
    CHECK_NEAR(br.x, 400, 1e-9);
    CHECK_NEAR(br.y, 300, 1e-9);
    mm_xy back = mm_view_to_map(&v, br);
    CHECK_NEAR(back.x, 200, 1e-9);
    CHECK_NEAR(back.y, 0, 1e-9);
    v = mm_view_fit((mm_bbox){0, 0, 100, 100}, 300, 200, 20);
    CHECK_NEAR(v.scale, 1.6, 1e-12);
}

/* Lon/lat points in a feature set carrying crs; to_lonlat applied. */
static mm_features *to_lonlat(const char *crs, const mm_xy *pts, uint32_t n)
{
    mm_features *fs = mm_features_create();
    uint32_t parts[2] = {0, n};
    mm_features_add(fs, MM_GEOM_LINE, 1, parts, NULL, n, pts);
    mm_features_set_crs(fs, crs);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_proj_features_to_lonlat(fs, "test.prj", &err), MM_OK);
    CHECK(mm_features_crs(fs) == NULL);
    return fs;
}

static const char ESRI_WGS84[] =
    "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
    "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

static void test_wgs84_prj_as_it_is(void)
{
    const mm_xy pts[] = {{-4, 17.5}, {-12.25, 10.1}, {4.3, 25}, {179.9, -89.9}};
    /* the bundled shapes' .prj, GDAL's WKT1 laid out on lines, OGC CRS84 */
    const char *defs[] = {
        ESRI_WGS84,
        "GEOGCS[\"WGS 84\",\n  DATUM[\"WGS_1984\",\n    SPHEROID[\"WGS 84\",6378137,298.257223563,\n"
        "      AUTHORITY[\"EPSG\",\"7030\"]],\n    AUTHORITY[\"EPSG\",\"6326\"]],\n"
        "  PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],\n"
        "  UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],\n"
        "  AUTHORITY[\"EPSG\",\"4326\"]]\n",
        "OGC:CRS84",
    };
    /* the same CRS spelled so that it goes through PROJ (an explicit
     * TOWGS84 of zeros): PROJ's answer is the identity too */
    const char *through_proj =
        "GEOGCS[\"WGS 84 (test)\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,"
        "298.257223563],TOWGS84[0,0,0,0,0,0,0]],PRIMEM[\"Greenwich\",0],"
        "UNIT[\"degree\",0.0174532925199433]]";
    mm_features *ref = to_lonlat(through_proj, pts, 4);
    for (size_t d = 0; d < sizeof defs / sizeof defs[0]; d++) {
        mm_features *fs = to_lonlat(defs[d], pts, 4);
        for (int i = 0; i < 4; i++) {
            CHECK(mm_features_geom(fs, 0)->pts[i].x == pts[i].x);
            CHECK(mm_features_geom(fs, 0)->pts[i].y == pts[i].y);
            CHECK_NEAR(mm_features_geom(ref, 0)->pts[i].x, pts[i].x, 1e-9);
            CHECK_NEAR(mm_features_geom(ref, 0)->pts[i].y, pts[i].y, 1e-9);
        }
        mm_features_destroy(fs);
    }
    mm_features_destroy(ref);
}

static void test_other_geographic_prj_still_projected(void)
{
    /* WGS 84, but in grads: 100 grad = 90 degrees */
    const char *grads =
        "GEOGCS[\"WGS 84 in grads\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,"
        "298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"grad\",0.01570796326794897]]";
    const mm_xy pts[] = {{10, 50}};
    mm_features *fs = to_lonlat(grads, pts, 1);
    CHECK_NEAR(mm_features_geom(fs, 0)->pts[0].x, 9, 1e-9);
    CHECK_NEAR(mm_features_geom(fs, 0)->pts[0].y, 45, 1e-9);
    mm_features_destroy(fs);
}

static void test_wgs84_prj_costs_nothing(void)
{
    /* through PROJ, parsing this WKT and finding the operation took about
     * 6 ms a file: 200 files would take over a second */
    const mm_xy pts[] = {{-4, 17.5}};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 200; i++) {
        mm_features_destroy(to_lonlat(ESRI_WGS84, pts, 1));
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    CHECK(ms < 100);
}

MM_TESTS("proj", {"mercator_known_values", test_mercator_known_values},
         {"default_laea_round_trip", test_default_laea_round_trip},
         {"equal_area", test_equal_area}, {"densify_curves_lines", test_densify_curves_lines},
         {"bounds_cover_edges", test_bounds_cover_edges}, {"bad_crs", test_bad_crs},
         {"clone_is_independent", test_clone_is_independent}, {"view_fit", test_view_fit},
         {"wgs84_prj_as_it_is", test_wgs84_prj_as_it_is},
         {"other_geographic_prj_still_projected", test_other_geographic_prj_still_projected},
         {"wgs84_prj_costs_nothing", test_wgs84_prj_costs_nothing})
