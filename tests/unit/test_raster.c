/*
 * test_raster.c — cairo replay of scenes: a group's clip rectangle cuts what
 * the group draws and ends with it; texts kept between draws give the same
 * pixels as texts drawn afresh; an inset's map stays inside its frame.
 */
#include <string.h>

#include "harness.h"
#include "malimap/furniture.h"
#include "malimap/raster.h"

static void square(mm_scene *s, mm_bbox b, mm_rgba c)
{
    mm_op *op = mm_scene_add(s, MM_OP_PATH);
    mm_xy *p = mm_scene_alloc_points(s, 4);
    mm_xy pts[4] = {{b.minx, b.miny}, {b.maxx, b.miny}, {b.maxx, b.maxy}, {b.minx, b.maxy}};
    memcpy(p, pts, sizeof pts);
    uint32_t *parts = mm_scene_alloc_parts(s, 1);
    parts[0] = 0;
    parts[1] = 4;
    op->u.path = (mm_op_path){.nparts = 1, .parts = parts, .pts = p, .closed = true,
                              .has_fill = true, .fill = {.color = c}};
}

/* The pixel at x, y as 0xAARRGGBB. */
static uint32_t at(const mm_image *img, int x, int y)
{
    return img->pixels[(size_t)y * (img->stride / 4) + (size_t)x];
}

static void test_clip_groups(void)
{
    mm_scene *s = mm_scene_create(50, 50);
    mm_scene_set_background(s, (mm_rgba){1, 1, 1, 1});
    mm_scene_begin_clip_group(s, "panel", NULL, (mm_bbox){10, 10, 30, 30});
    mm_scene_begin_group(s, "inner", NULL);
    square(s, (mm_bbox){0, 0, 50, 50}, (mm_rgba){1, 0, 0, 1});
    mm_scene_end_group(s);
    mm_scene_end_group(s);
    square(s, (mm_bbox){40, 40, 50, 50}, (mm_rgba){0, 0, 1, 1}); /* after the group: not cut */
    mm_image img;
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_raster_draw(s, 1, &img, &err), MM_OK);
    CHECK(at(&img, 5, 5) == 0xffffffffu);
    CHECK(at(&img, 20, 20) == 0xffff0000u);
    CHECK(at(&img, 35, 20) == 0xffffffffu);
    CHECK(at(&img, 45, 45) == 0xff0000ffu);
    mm_image_fini(&img);
    /* at scale 2 the clip scales with the drawing */
    CHECK_INT(mm_raster_draw(s, 2, &img, &err), MM_OK);
    CHECK(at(&img, 21, 21) == 0xffff0000u);
    CHECK(at(&img, 61, 30) == 0xffffffffu);
    mm_image_fini(&img);
    mm_scene_destroy(s);
}


static void text(mm_scene *s, const char *str, double x, double y, double angle, int weight)
{
    mm_op *op = mm_scene_add(s, MM_OP_TEXT);
    op->opacity = 1;
    op->u.text = (mm_op_text){.text = mm_scene_strdup(s, str),
                              .font_family = "DejaVu Sans",
                              .weight = weight,
                              .size_px = 14,
                              .color = {0.1, 0.1, 0.1, 1},
                              .halo = {1, 1, 1, 0.9},
                              .halo_px = 2,
                              .pos = {x, y},
                              .anchor = MM_TEXT_MIDDLE,
                              .angle_deg = angle};
}

/* A map under the texts: a field and a square at sx. */
static mm_image under(double sx, double scale)
{
    mm_scene *s = mm_scene_create(160, 80);
    mm_scene_set_background(s, (mm_rgba){0.85, 0.9, 0.8, 1});
    square(s, (mm_bbox){sx, 10, sx + 30, 60}, (mm_rgba){0.8, 0.3, 0.2, 1});
    mm_image img;
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_raster_draw(s, scale, &img, &err), MM_OK);
    mm_scene_destroy(s);
    return img;
}

/* Draws texts over the map at sx with the cache and without: same pixels. */
static void check_text_cache(mm_raster_cache *c, double sx, const char *second, double gao_x,
                             double scale)
{
    mm_scene *t = mm_scene_create(160, 80);
    text(t, "Kidal", 40, 30, 0, 400);
    text(t, second, 100, 50, -30, 400);
    text(t, "Gao", gao_x, 70, 0, 700);
    text(t, "", 10, 10, 0, 400);
    mm_image a = under(sx, scale), b = under(sx, scale);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_raster_draw_over_cached(t, scale, &a, c, &err), MM_OK);
    CHECK_INT(mm_raster_draw_over(t, scale, &b, &err), MM_OK);
    CHECK(memcmp(a.pixels, b.pixels, (size_t)a.height * a.stride) == 0);
    mm_image plain = under(sx, scale);
    CHECK(memcmp(a.pixels, plain.pixels, (size_t)a.height * a.stride) != 0); /* texts drawn */
    mm_image_fini(&plain);
    mm_image_fini(&a);
    mm_image_fini(&b);
    mm_scene_destroy(t);
}

static void test_text_cache_same_pixels(void)
{
    mm_raster_cache *c = mm_raster_cache_create();
    check_text_cache(c, 20, "Niafunk\xc3\xa9", 130, 1);
    check_text_cache(c, 20, "Niafunk\xc3\xa9", 130, 1); /* all kept */
    check_text_cache(c, 28, "Niafunk\xc3\xa9", 130, 1); /* the map under Kidal moved */
    check_text_cache(c, 28, "Tessalit", 130, 1);        /* another text */
    check_text_cache(c, 28, "Tessailt", 130, 1);        /* as wide, other letters */
    check_text_cache(c, 28, "Tessalit", 127, 1);        /* moved */
    check_text_cache(c, 28, "Tessalit", 127, 2);        /* another scale and size */
    check_text_cache(c, 28, "Tessalit", 127, 1);
    mm_raster_cache_destroy(c);
}

/* The main extent outlined in an inset can be far larger than the inset (a
 * world map): it must not be drawn over the map outside the inset. */
static void test_inset_keeps_to_its_frame(void)
{
    mm_scene *inset = mm_scene_create(40, 30);
    square(inset, (mm_bbox){-500, -500, 500, 500}, (mm_rgba){1, 0, 0, 1});
    mm_furniture *f = mm_furniture_create(200, 100, 10);
    mm_furniture_add_inset(f, MM_POS_TOP_RIGHT, inset, 40, 30, (mm_rgba){0, 0, 0, 1});
    mm_furniture_layout(f, NULL, 0, 0, 10);
    mm_bbox box = mm_furniture_box(f, 0);
    mm_scene *s = mm_scene_create(200, 100);
    mm_scene_set_background(s, (mm_rgba){1, 1, 1, 1});
    mm_furniture_emit(f, s);
    mm_image img;
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_raster_draw(s, 1, &img, &err), MM_OK);
    CHECK(at(&img, (int)(box.minx + box.maxx) / 2, (int)(box.miny + box.maxy) / 2) == 0xffff0000u);
    CHECK(at(&img, 20, 50) == 0xffffffffu);
    CHECK(at(&img, (int)box.minx - 5, (int)box.maxy + 5) == 0xffffffffu);
    mm_image_fini(&img);
    mm_scene_destroy(s);
    mm_furniture_destroy(f);
    mm_scene_destroy(inset);
}

/* What changed between two frames: the box of the differing pixels, and a
 * crop whose unchanged pixels are transparent, unless the frame itself has
 * transparency there (it would be read as "unchanged"). */
static void test_changed_box_and_crop(void)
{
    enum { W = 20, H = 10 };
    uint32_t a[W * H], b[W * H];
    for (int i = 0; i < W * H; i++) {
        a[i] = b[i] = 0xff102030u + (uint32_t)i;
    }
    mm_image ia = {.width = W, .height = H, .stride = 4 * W, .pixels = a};
    mm_image ib = {.width = W, .height = H, .stride = 4 * W, .pixels = b};
    int box[4] = {-1, -1, -1, -1};
    CHECK(!mm_image_changed_box(&ia, &ib, box));
    CHECK_INT(box[0], -1);
    b[3 * W + 4] = 0xff000000u;
    b[6 * W + 15] = 0xffffffffu;
    b[4 * W + 2] = 0xff0000ffu;
    CHECK(mm_image_changed_box(&ib, &ia, box));
    CHECK_INT(box[0], 2);
    CHECK_INT(box[1], 3);
    CHECK_INT(box[2], 16);
    CHECK_INT(box[3], 7);
    mm_image crop;
    bool keeps;
    mm_image_crop_changes(&ib, &ia, box, &crop, &keeps);
    CHECK(keeps);
    CHECK_INT(crop.width, 14);
    CHECK_INT(crop.height, 4);
    CHECK(crop.pixels[0 * 14 + 2] == 0xff000000u); /* (4, 3) changed */
    CHECK(crop.pixels[0 * 14 + 0] == 0);           /* (2, 3) did not */
    CHECK(crop.pixels[3 * 14 + 13] == 0xffffffffu); /* (15, 6) changed */
    mm_image_fini(&crop);
    b[5 * W + 9] = 0x80400000u; /* half transparent: nothing may mean "unchanged" */
    mm_image_crop_changes(&ib, &ia, box, &crop, &keeps);
    CHECK(!keeps);
    CHECK(crop.pixels[0] == a[3 * W + 2]);
    mm_image_fini(&crop);
}

MM_TESTS("raster", {"clip_groups", test_clip_groups},
         {"text_cache_same_pixels", test_text_cache_same_pixels},
         {"inset_keeps_to_its_frame", test_inset_keeps_to_its_frame},
         {"changed_box_and_crop", test_changed_box_and_crop})
