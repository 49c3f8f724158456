/*
 * test_draw.c — paths at output resolution and what the image backend
 * leaves out: vertices that cannot show are dropped (Douglas-Peucker at a
 * tenth of a pixel after the radial filter), corners that can show stay;
 * rings and lines that reach out of the image draw inside it exactly what
 * they drew when cairo got every vertex; an image drawn in two bands of rows
 * by two threads is the same, pixel for pixel, as one drawn whole.
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "malimap/draw.h"
#include "malimap/raster.h"

/* A view of 1 map unit per pixel, origin at the top left. */
static mm_view unit_view(int w, int h)
{
    return (mm_view){.width_px = w, .height_px = h, .scale = 1, .x0 = 0, .y0 = h};
}

static mm_op *line_path(mm_scene *s, const mm_view *v, const mm_xy *pts, uint32_t n)
{
    mm_features *fs = mm_features_create();
    uint32_t parts[2] = {0, n};
    mm_features_add(fs, MM_GEOM_LINE, 1, parts, NULL, n, pts);
    mm_op *op = mm_draw_path(s, v, mm_features_geom(fs, 0), 0.25, 1);
    mm_features_destroy(fs);
    return op;
}

static void test_straight_wiggle_is_two_points(void)
{
    /* 400 points along a line, each off it by 0.05 px: nothing visible */
    static mm_xy pts[400];
    for (int i = 0; i < 400; i++) {
        pts[i] = (mm_xy){10 + i * 0.5, 100 + (i % 2 ? 0.05 : -0.05)};
    }
    mm_view v = unit_view(300, 200);
    mm_scene *s = mm_scene_create(300, 200);
    mm_op *op = line_path(s, &v, pts, 400);
    CHECK(op != NULL);
    CHECK_INT(op ? mm_draw_path_vertices(op) : 0, 2);
    mm_scene_destroy(s);
}

static void test_corners_stay(void)
{
    /* a zigzag of 2 px teeth keeps every tooth; a 0.15 px bump stays, the
     * points 0.075 px off the lines to it go */
    mm_xy zig[21];
    for (int i = 0; i < 21; i++) {
        zig[i] = (mm_xy){10 + i * 3, 50 + (i % 2) * 2};
    }
    mm_view v = unit_view(300, 200);
    mm_scene *s = mm_scene_create(300, 200);
    mm_op *op = line_path(s, &v, zig, 21);
    CHECK_INT(op ? mm_draw_path_vertices(op) : 0, 21);
    mm_xy bump[] = {{10, 20}, {20, 20}, {30, 20.15}, {40, 20}, {50, 20}};
    op = line_path(s, &v, bump, 5);
    CHECK_INT(op ? mm_draw_path_vertices(op) : 0, 3);
    mm_scene_destroy(s);
}

static void test_simplified_within_a_tenth_of_a_pixel(void)
{
    /* a circle of radius 50 px drawn with 2000 points: every input point is
     * within 0.1 px (plus the radial filter's 0.25) of the simplified ring */
    enum { N = 2000 };
    static mm_xy pts[N + 1];
    for (int i = 0; i <= N; i++) {
        double a = 2 * M_PI * i / N;
        pts[i] = (mm_xy){100 + 50 * cos(a), 100 + 50 * sin(a)};
    }
    mm_features *fs = mm_features_create();
    uint32_t parts[2] = {0, N + 1};
    mm_features_add(fs, MM_GEOM_POLYGON, 1, parts, NULL, N + 1, pts);
    mm_view v = unit_view(200, 200);
    mm_scene *s = mm_scene_create(200, 200);
    mm_op *op = mm_draw_path(s, &v, mm_features_geom(fs, 0), 0.25, 2);
    CHECK(op != NULL);
    size_t n = op ? mm_draw_path_vertices(op) : 0;
    CHECK(n > 20 && n < 400);
    double worst = 0;
    for (int i = 0; op && i <= N; i++) {
        mm_xy p = mm_view_to_px(&v, pts[i]);
        double best = INFINITY;
        for (size_t k = 0; k + 1 < n; k++) {
            mm_xy a = op->u.path.pts[k], b = op->u.path.pts[k + 1];
            double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
            double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            best = fmin(best, hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
        }
        worst = fmax(worst, best);
    }
    CHECK(worst <= 0.35 + 1e-9);
    mm_scene_destroy(s);
    mm_features_destroy(fs);
}

/* ---- the raster backend leaves out what lies outside the image ---- */

static mm_op *add_path(mm_scene *s, const mm_xy *pts, const uint32_t *parts, uint32_t nparts,
                       bool closed)
{
    mm_op *op = mm_scene_add(s, MM_OP_PATH);
    uint32_t n = parts[nparts];
    mm_xy *p = mm_scene_alloc_points(s, n);
    uint32_t *pp = mm_scene_alloc_parts(s, nparts);
    for (uint32_t i = 0; i < n; i++) {
        p[i] = pts[i];
    }
    for (uint32_t k = 0; k <= nparts; k++) {
        pp[k] = parts[k];
    }
    op->opacity = 1;
    op->u.path = (mm_op_path){.nparts = nparts, .parts = pp, .pts = p, .closed = closed};
    return op;
}

static uint32_t pixel(const mm_image *img, int x, int y)
{
    return img->pixels[(size_t)y * img->stride / 4 + (size_t)x];
}

static void test_ring_around_the_image_with_a_hole(void)
{
    /* a ring far larger than the 60x40 image, with a hole whose left part
     * is out of the image: inside the image, red everywhere but the hole */
    mm_xy pts[] = {{-5000, -4000}, {5000, -4000}, {5000, 4000}, {-5000, 4000}, {-5000, -4000},
                   {-30, 10},      {20, 10},      {20, 30},     {-30, 30},     {-30, 10}};
    uint32_t parts[] = {0, 5, 10};
    mm_scene *s = mm_scene_create(60, 40);
    mm_scene_set_background(s, (mm_rgba){1, 1, 1, 1});
    mm_op *op = add_path(s, pts, parts, 2, true);
    op->u.path.has_fill = true;
    op->u.path.fill.color = (mm_rgba){1, 0, 0, 1};
    mm_image img;
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_raster_draw(s, 1, &img, &err), MM_OK);
    CHECK_INT(pixel(&img, 0, 0), 0xffff0000);
    CHECK_INT(pixel(&img, 59, 39), 0xffff0000);
    CHECK_INT(pixel(&img, 30, 20), 0xffff0000);
    CHECK_INT(pixel(&img, 0, 20), 0xffffffff);  /* the hole reaches the left edge */
    CHECK_INT(pixel(&img, 19, 29), 0xffffffff); /* up to x = 20 */
    CHECK_INT(pixel(&img, 20, 20), 0xffff0000);
    mm_image_fini(&img);
    mm_scene_destroy(s);
}

static void test_line_leaving_and_coming_back(void)
{
    /* a 2 px black line across the image, out of it (far to the right and
     * back), and across again lower down: both visible runs are drawn */
    mm_xy pts[] = {{5, 10}, {55, 10}, {3000, 10}, {3000, 30}, {55, 30}, {5, 30}};
    uint32_t parts[] = {0, 6};
    mm_scene *s = mm_scene_create(60, 40);
    mm_scene_set_background(s, (mm_rgba){1, 1, 1, 1});
    mm_op *op = add_path(s, pts, parts, 1, false);
    op->u.path.has_stroke = true;
    op->u.path.stroke = (mm_stroke){.color = {0, 0, 0, 1}, .width_px = 2};
    mm_image img;
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_raster_draw(s, 1, &img, &err), MM_OK);
    CHECK_INT(pixel(&img, 30, 9), 0xff000000);
    CHECK_INT(pixel(&img, 30, 10), 0xff000000);
    CHECK_INT(pixel(&img, 59, 9), 0xff000000); /* runs on out of the image */
    CHECK_INT(pixel(&img, 30, 29), 0xff000000);
    CHECK_INT(pixel(&img, 30, 20), 0xffffffff);
    CHECK_INT(pixel(&img, 2, 9), 0xffffffff); /* butt caps: starts at x = 5 */
    mm_image_fini(&img);
    mm_scene_destroy(s);
}

/* Curvy lines, dashed lines and rings all over a 400x300 image: 24000
 * vertices, enough to be drawn in two bands (on two cores or more). */
static mm_scene *busy_scene(bool lead_with_text)
{
    mm_scene *s = mm_scene_create(400, 300);
    mm_scene_set_background(s, (mm_rgba){0.9, 0.95, 1, 1});
    if (lead_with_text) {
        /* an empty text first: nothing is drawn before it, so no bands */
        mm_op *t = mm_scene_add(s, MM_OP_TEXT);
        t->opacity = 1;
        t->u.text = (mm_op_text){.text = "", .size_px = 10};
    }
    mm_scene_begin_group(s, "lines", "lines");
    enum { LINES = 120, N = 200 };
    static mm_xy pts[N];
    for (int k = 0; k < LINES; k++) {
        for (int i = 0; i < N; i++) {
            double t = (double)i / (N - 1);
            pts[i] = (mm_xy){-20 + 440 * t, 150 + 140 * sin(k * 0.7 + t * (3 + k % 5)) +
                                                  (k % 7) * cos(t * 40)};
        }
        uint32_t parts[2] = {0, N};
        bool ring = k % 4 == 0;
        mm_op *op = add_path(s, pts, parts, 1, ring);
        op->u.path.has_stroke = true;
        op->u.path.stroke = (mm_stroke){.color = {k % 3 / 2.0, 0.2, 0.5, 1},
                                         .width_px = 0.5 + k % 4,
                                         .join = MM_JOIN_ROUND};
        if (k % 3 == 1) {
            op->u.path.stroke.dash[0] = 4;
            op->u.path.stroke.dash[1] = 2;
            op->u.path.stroke.ndash = 2;
        }
        if (ring) {
            op->u.path.has_fill = true;
            op->u.path.fill.color = (mm_rgba){0.2, 0.6, 0.3, 0.3};
            op->opacity = 0.8;
        }
    }
    mm_scene_end_group(s);
    return s;
}

static void test_bands_draw_the_same_pixels(void)
{
    mm_scene *whole = busy_scene(true), *banded = busy_scene(false);
    mm_image a, b;
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_raster_draw(whole, 1, &a, &err), MM_OK);
    CHECK_INT(mm_raster_draw(banded, 1, &b, &err), MM_OK);
    size_t differ = 0;
    for (int y = 0; y < a.height; y++) {
        differ += memcmp((char *)a.pixels + (size_t)y * a.stride,
                         (char *)b.pixels + (size_t)y * b.stride, (size_t)a.width * 4) != 0;
    }
    CHECK_INT(differ, 0);
    mm_image_fini(&a);
    mm_image_fini(&b);
    mm_image c;
    CHECK_INT(mm_raster_draw(banded, 2, &c, &err), MM_OK); /* retina: bands in device rows */
    CHECK_INT(c.height, 600);
    mm_image_fini(&c);
    mm_scene_destroy(whole);
    mm_scene_destroy(banded);
}

MM_TESTS("draw", {"straight_wiggle_is_two_points", test_straight_wiggle_is_two_points},
         {"corners_stay", test_corners_stay},
         {"simplified_within_a_tenth_of_a_pixel", test_simplified_within_a_tenth_of_a_pixel},
         {"ring_around_the_image_with_a_hole", test_ring_around_the_image_with_a_hole},
         {"line_leaving_and_coming_back", test_line_leaving_and_coming_back},
         {"bands_draw_the_same_pixels", test_bands_draw_the_same_pixels})
