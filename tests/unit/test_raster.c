/*
 * test_raster.c — cairo replay of scenes: a group's clip rectangle cuts what
 * the group draws and ends with it.
 */
#include <string.h>

#include "harness.h"
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

MM_TESTS("raster", {"clip_groups", test_clip_groups})
