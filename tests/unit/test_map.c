/*
 * test_map.c — the finished default map: labels and furniture never overlap,
 * the main towns are labelled, the scale bar measures what it says, areas
 * are inside the frame, a north arrow appears only where north is not up.
 */
#include <stdio.h>

#include "harness.h"
#include "malimap/map.h"
#include "malimap/raster.h"

enum { MAX = 4096 };
static mm_placement placed[MAX];

static mm_map *open_map(const char *style, int w, int h, const char *crs)
{
    mm_map_opts o = {.style_path = style, .width_px = w, .height_px = h, .scale = 1,
                     .since = MM_DATE_NONE, .crs = crs};
    mm_error err;
    mm_error_clear(&err);
    mm_map *m = NULL;
    if (mm_map_open(&o, &m, &err) != MM_OK) {
        mm_test_fail(__FILE__, __LINE__, "open: %s", err.msg);
    }
    return m;
}

static size_t render(mm_map *m, const char *date)
{
    mm_date d;
    CHECK(mm_date_parse(date, strlen(date), &d, NULL));
    mm_error err;
    mm_error_clear(&err);
    mm_scene *s = NULL;
    CHECK_INT(mm_map_render(m, d, &s, &err), MM_OK);
    mm_scene_destroy(s);
    return mm_map_placements(m, placed, MAX);
}

static bool overlap(mm_bbox a, mm_bbox b)
{
    /* interiors overlap by more than a hair */
    return a.minx < b.maxx - 0.01 && b.minx < a.maxx - 0.01 && a.miny < b.maxy - 0.01 &&
           b.miny < a.maxy - 0.01;
}

static void check_no_overlaps(size_t n, int w, int h)
{
    for (size_t i = 0; i < n; i++) {
        if (placed[i].kind == MM_PLACED_ICON) {
            continue; /* event markers may overlap each other by design */
        }
        mm_bbox a = placed[i].box;
        CHECK(a.minx >= 0 && a.miny >= 0 && a.maxx <= w && a.maxy <= h);
        for (size_t k = i + 1; k < n; k++) {
            if (placed[k].kind == MM_PLACED_ICON) {
                continue;
            }
            if (overlap(a, placed[k].box)) {
                mm_test_fail(__FILE__, __LINE__, "'%s' overlaps '%s'", placed[i].name,
                             placed[k].name);
            }
        }
    }
}

static bool labelled(size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        /* a label may carry a second line ("taken 14 Nov 2023") */
        if (placed[i].kind == MM_PLACED_LABEL && placed[i].name &&
            !strncmp(placed[i].name, name, strlen(name)) &&
            (placed[i].name[strlen(name)] == '\0' || placed[i].name[strlen(name)] == '\n')) {
            return true;
        }
    }
    return false;
}

static void test_default_map_labels_and_furniture(void)
{
    mm_map *m = open_map("styles/default.json", 1600, 1200, NULL);
    if (!m) {
        return;
    }
    size_t n = render(m, "2023-11-14");
    CHECK(n > 20 && n < MAX);
    check_no_overlaps(n, 1600, 1200);
    const char *towns[] = {"Bamako", "Kidal", "Gao", "Timbuktu", "Ber", "Tinzaouatene",
                           "Niafunké"};
    for (size_t k = 0; k < sizeof towns / sizeof towns[0]; k++) {
        if (!labelled(n, towns[k])) {
            mm_test_fail(__FILE__, __LINE__, "%s is not labelled", towns[k]);
        }
    }
    const char *pieces[] = {"title", "subtitle", "legend", "scale-bar", "credits"};
    for (size_t k = 0; k < sizeof pieces / sizeof pieces[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < n; i++) {
            found |= placed[i].kind == MM_PLACED_FURNITURE && !strcmp(placed[i].name, pieces[k]);
        }
        if (!found) {
            mm_test_fail(__FILE__, __LINE__, "no %s", pieces[k]);
        }
    }
    mm_map_close(m);
}

static void test_small_map_has_fewer_labels_and_no_overlaps(void)
{
    mm_map *big = open_map("styles/default.json", 1600, 1200, NULL);
    mm_map *small = open_map("styles/default.json", 800, 600, NULL);
    if (!big || !small) {
        mm_map_close(big);
        mm_map_close(small);
        return;
    }
    size_t nb = render(big, "2023-11-14"), labels_big = 0;
    for (size_t i = 0; i < nb; i++) {
        labels_big += placed[i].kind == MM_PLACED_LABEL;
    }
    size_t ns = render(small, "2023-11-14"), labels_small = 0;
    for (size_t i = 0; i < ns; i++) {
        labels_small += placed[i].kind == MM_PLACED_LABEL;
    }
    check_no_overlaps(ns, 800, 600);
    CHECK(labels_small < labels_big);
    CHECK(labelled(ns, "Bamako"));
    CHECK(labelled(ns, "Kidal"));
    mm_map_close(big);
    mm_map_close(small);
}

/* Great-circle distance on a sphere of the mean Earth radius: independent of
 * PROJ, and within 0.5 % of the ellipsoid at these latitudes. */
static double haversine_km(double lon1, double lat1, double lon2, double lat2)
{
    double r = M_PI / 180, dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);
    return 6371.0088 * 2 * atan2(sqrt(a), sqrt(1 - a));
}

static void test_scale_bar_matches_the_ground(void)
{
    const char *crs[] = {NULL, "EPSG:32630", "EPSG:3857"};
    for (size_t k = 0; k < 3; k++) {
        mm_map *m = open_map("styles/default.json", 1600, 1200, crs[k]);
        if (!m) {
            return;
        }
        render(m, "2023-11-14");
        double km, px;
        mm_map_scale_bar(m, &km, &px);
        CHECK(km > 0 && px > 20);
        /* the bar's length laid along the horizontal through the centre */
        mm_xy a = {800 - px / 2, 600}, b = {800 + px / 2, 600};
        mm_xy ll[2];
        CHECK(mm_map_px_to_lonlat(m, a, &ll[0]) && mm_map_px_to_lonlat(m, b, &ll[1]));
        double ground = haversine_km(ll[0].x, ll[0].y, ll[1].x, ll[1].y);
        CHECK_NEAR(ground / km, 1, 0.01);
        /* round numbers: 1, 2 or 5 times a power of ten */
        double lead = km / pow(10, floor(log10(km)));
        CHECK(fabs(lead - 1) < 1e-9 || fabs(lead - 2) < 1e-9 || fabs(lead - 5) < 1e-9);
        mm_map_close(m);
    }
}

static void test_north_arrow_only_where_needed(void)
{
    /* the default projection is centred on the map: north is up, no arrow */
    mm_map *m = open_map("styles/default.json", 1600, 1200, NULL);
    if (!m) {
        return;
    }
    size_t n = render(m, "2023-11-14");
    for (size_t i = 0; i < n; i++) {
        CHECK(!(placed[i].kind == MM_PLACED_FURNITURE && !strcmp(placed[i].name, "north-arrow")));
    }
    mm_map_close(m);
    /* a polar stereographic view of Mali turns north well away from up */
    m = open_map("styles/default.json", 1600, 1200, "+proj=stere +lat_0=90 +lon_0=40");
    if (!m) {
        return;
    }
    n = render(m, "2023-11-14");
    bool arrow = false;
    for (size_t i = 0; i < n; i++) {
        arrow |= placed[i].kind == MM_PLACED_FURNITURE && !strcmp(placed[i].name, "north-arrow");
    }
    CHECK(arrow);
    check_no_overlaps(n, 1600, 1200);
    mm_map_close(m);
    mm_raster_shutdown();
}

MM_TESTS("map", {"default_map_labels_and_furniture", test_default_map_labels_and_furniture},
         {"small_map_has_fewer_labels_and_no_overlaps",
          test_small_map_has_fewer_labels_and_no_overlaps},
         {"scale_bar_matches_the_ground", test_scale_bar_matches_the_ground},
         {"north_arrow_only_where_needed", test_north_arrow_only_where_needed})
