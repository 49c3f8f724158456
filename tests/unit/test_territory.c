/*
 * test_territory.c — derived territory on small synthetic cases: two
 * controllers split a country, the radius limits a claim, clipping keeps
 * areas inside the outline, all areas together never exceed the country,
 * sites of one controller merge into one area.
 */
#include "harness.h"
#include "malimap/geom.h"

/* A square "country" of side 1000 km centred on the origin (metres). */
static mm_features *country(void)
{
    mm_features *fs = mm_features_create();
    double h = 500e3;
    mm_xy ring[5] = {{-h, -h}, {-h, h}, {h, h}, {h, -h}, {-h, -h}}; /* clockwise */
    uint32_t parts[2] = {0, 5};
    mm_features_add(fs, MM_GEOM_POLYGON, 1, parts, NULL, 5, ring);
    return fs;
}

static double sum_areas(const mm_features *fs)
{
    double a = 0;
    for (size_t i = 0; i < mm_features_count(fs); i++) {
        a += mm_features_get_named(fs, i, "area").u.num;
    }
    return a;
}

static void test_two_controllers_split_the_country(void)
{
    mm_geos *g = mm_geos_create();
    mm_features *c = country(), *out = mm_features_create();
    mm_site s[2] = {{{-250e3, 0}, 0}, {{250e3, 0}, 1}};
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_geos_territory(g, s, 2, 5000e3, mm_features_geom(c, 0), out, &err), MM_OK);
    CHECK_INT(mm_features_count(out), 2);
    double total = 1000e3 * 1000e3;
    CHECK_NEAR(mm_features_get_named(out, 0, "area").u.num, total / 2, total * 1e-6);
    CHECK_NEAR(mm_features_get_named(out, 1, "area").u.num, total / 2, total * 1e-6);
    /* the west half belongs to group 0: its box ends at x = 0 */
    CHECK_NEAR(mm_features_geom(out, 0)->bbox.maxx, 0, 1);
    CHECK_NEAR(mm_features_geom(out, 1)->bbox.minx, 0, 1);
    CHECK_NEAR(mm_features_get_named(out, 1, "group").u.num, 1, 0);
    mm_features_destroy(out);
    mm_features_destroy(c);
    mm_geos_destroy(g);
}

static void test_radius_limits_a_claim(void)
{
    mm_geos *g = mm_geos_create();
    mm_features *c = country(), *out = mm_features_create();
    mm_site s[1] = {{{0, 0}, 7}};
    mm_error err;
    mm_error_clear(&err);
    double r = 100e3;
    CHECK_INT(mm_geos_territory(g, s, 1, r, mm_features_geom(c, 0), out, &err), MM_OK);
    CHECK_INT(mm_features_count(out), 1);
    /* a disc of radius r, drawn with 64 segments: 32 r^2 sin(2 pi / 64) */
    double want = 32 * r * r * sin(2 * M_PI / 64);
    CHECK_NEAR(mm_features_get_named(out, 0, "area").u.num, want, want * 1e-3);
    mm_bbox b = mm_features_geom(out, 0)->bbox;
    CHECK_NEAR(b.maxx, r, r * 1e-3);
    CHECK_NEAR(b.miny, -r, r * 1e-3);
    /* two sites of one controller near each other give one area, not two */
    mm_features *two = mm_features_create();
    mm_site s2[2] = {{{-50e3, 0}, 3}, {{50e3, 0}, 3}};
    CHECK_INT(mm_geos_territory(g, s2, 2, r, mm_features_geom(c, 0), two, &err), MM_OK);
    CHECK_INT(mm_features_count(two), 1);
    CHECK_INT(mm_features_geom(two, 0)->nparts, 1);
    mm_features_destroy(two);
    mm_features_destroy(out);
    mm_features_destroy(c);
    mm_geos_destroy(g);
}

static void test_clipping_keeps_areas_inside(void)
{
    mm_geos *g = mm_geos_create();
    mm_features *c = country(), *out = mm_features_create();
    /* sites near the border with a radius reaching far beyond it */
    mm_site s[4] = {{{450e3, 450e3}, 0}, {{-450e3, 400e3}, 1}, {{0, -480e3}, 2}, {{10e3, 0}, 0}};
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_geos_territory(g, s, 4, 300e3, mm_features_geom(c, 0), out, &err), MM_OK);
    mm_bbox outline = mm_features_geom(c, 0)->bbox;
    for (size_t i = 0; i < mm_features_count(out); i++) {
        mm_bbox b = mm_features_geom(out, i)->bbox;
        CHECK(b.minx >= outline.minx - 1 && b.maxx <= outline.maxx + 1);
        CHECK(b.miny >= outline.miny - 1 && b.maxy <= outline.maxy + 1);
        CHECK_NEAR(mm_geos_area(g, mm_features_geom(out, i)),
                   mm_features_get_named(out, i, "area").u.num, 1);
    }
    /* groups 0 (two sites), 1 and 2 */
    CHECK_INT(mm_features_count(out), 3);
    mm_features_destroy(out);
    mm_features_destroy(c);
    mm_geos_destroy(g);
}

static void test_areas_never_exceed_the_country(void)
{
    mm_geos *g = mm_geos_create();
    mm_features *c = country();
    double total = mm_geos_area(g, mm_features_geom(c, 0));
    CHECK_NEAR(total, 1e12, 1);
    /* many sites of five controllers on a grid, with duplicates */
    mm_site s[60];
    size_t n = 0;
    for (int y = -3; y < 3; y++) {
        for (int x = -5; x < 5; x++) {
            s[n++] = (mm_site){{x * 90e3 + (y % 2) * 30e3, y * 140e3}, (x * 7 + y * 3 + 50) % 5};
        }
    }
    s[1] = s[0]; /* the same point twice counts once */
    double radii[] = {50e3, 200e3, 2000e3};
    for (size_t k = 0; k < 3; k++) {
        mm_features *out = mm_features_create();
        mm_error err;
        mm_error_clear(&err);
        CHECK_INT(mm_geos_territory(g, s, n, radii[k], mm_features_geom(c, 0), out, &err), MM_OK);
        double sum = sum_areas(out);
        CHECK(sum <= total * (1 + 1e-9));
        /* no slivers left along the edges where claims were cut to their radius */
        for (size_t f = 0; f < mm_features_count(out); f++) {
            const mm_geom *geo = mm_features_geom(out, f);
            for (uint32_t p = 0; p < geo->nparts; p++) {
                double a = fabs(mm_ring_signed_area(geo->pts + geo->parts[p],
                                                    geo->parts[p + 1] - geo->parts[p]));
                if (a < 1e6) {
                    mm_test_fail(__FILE__, __LINE__, "radius %g: a sliver ring of %g m2",
                                 radii[k], a);
                }
            }
        }
        CHECK(sum > 0);
        if (k == 2) {
            /* a radius wider than the country: every point is claimed */
            CHECK_NEAR(sum, total, total * 1e-6);
        }
        mm_features_destroy(out);
    }
    mm_features_destroy(c);
    mm_geos_destroy(g);
}

static void test_label_point_is_inside(void)
{
    mm_geos *g = mm_geos_create();
    /* an L-shaped region: its centroid lies outside, its pole inside */
    mm_features *fs = mm_features_create();
    mm_xy ring[7] = {{0, 0}, {0, 100}, {20, 100}, {20, 20}, {100, 20}, {100, 0}, {0, 0}};
    uint32_t parts[2] = {0, 7};
    mm_features_add(fs, MM_GEOM_POLYGON, 1, parts, NULL, 7, ring);
    mm_xy p;
    double r = 0;
    CHECK(mm_geos_label_point(g, mm_features_geom(fs, 0), NULL, 0.5, &p, &r));
    /* clipped to its lower arm only, the circle moves right */
    mm_bbox arm = {30, -10, 110, 30};
    mm_xy q;
    double rq = 0;
    CHECK(mm_geos_label_point(g, mm_features_geom(fs, 0), &arm, 0.5, &q, &rq));
    CHECK(q.x > 30 && q.y < 20);
    CHECK_NEAR(rq, 10, 0.6);
    /* the largest circle sits in the elbow, touching both outer walls and the
     * inner corner (20, 20): c = r = 20 sqrt 2 / (1 + sqrt 2) = 11.716 */
    CHECK_NEAR(p.x, 11.716, 0.6);
    CHECK_NEAR(p.y, 11.716, 0.6);
    CHECK_NEAR(r, 11.716, 0.6);
    mm_features_destroy(fs);
    mm_geos_destroy(g);
}

MM_TESTS("territory", {"two_controllers_split_the_country", test_two_controllers_split_the_country},
         {"radius_limits_a_claim", test_radius_limits_a_claim},
         {"clipping_keeps_areas_inside", test_clipping_keeps_areas_inside},
         {"areas_never_exceed_the_country", test_areas_never_exceed_the_country},
         {"label_point_is_inside", test_label_point_is_inside})
