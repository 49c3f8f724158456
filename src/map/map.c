/*
 * map.c — one map: load the bundled layers, project, fit, draw.
 * Part of map/.
 */
#include "malimap/map.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "malimap/draw.h"
#include "malimap/mem.h"
#include "malimap/proj.h"
#include "malimap/shapefile.h"
#include "malimap/view.h"

typedef struct layer_def {
    const char *id;
    const char *file;
    bool fill;
    mm_rgba fill_color;
    bool stroke;
    mm_rgba stroke_color;
    double width_px;
} layer_def;

#define RGB(r, g, b) ((mm_rgba){(r) / 255.0, (g) / 255.0, (b) / 255.0, 1})

static const layer_def LAYERS[] = {
    {"neighbors", "neighbors_adm0", true, RGB(0xec, 0xe9, 0xe2), true, RGB(0xb9, 0xb3, 0xa8), 0.8},
    {"regions", "mali_adm1", true, RGB(0xfd, 0xfb, 0xf6), true, RGB(0xa8, 0xa2, 0x98), 0.7},
    {"lakes", "lakes", true, RGB(0xa9, 0xcc, 0xe3), false, RGB(0, 0, 0), 0},
    {"rivers", "rivers", false, RGB(0, 0, 0), true, RGB(0x7f, 0xb2, 0xd6), 0.9},
    {"outline", "mali_adm0", false, RGB(0, 0, 0), true, RGB(0x44, 0x44, 0x44), 1.6},
};

#define CREDITS                                                                                    \
    "Boundaries: \u00a9 OpenStreetMap contributors (ODbL 1.0), Natural Earth (public domain); "    \
    "rivers and lakes: GSHHG 2.3.7, \u00a9 The GMT Team (LGPL-3.0+)"

mm_status mm_map_render(const mm_map_opts *o, mm_scene **out, mm_error *err)
{
    enum { NLAYERS = sizeof LAYERS / sizeof LAYERS[0] };
    mm_features *sets[NLAYERS] = {0};
    mm_proj *proj = NULL;
    mm_scene *s = NULL;
    mm_status st = MM_OK;

    for (size_t i = 0; i < NLAYERS; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/shapes/%s.shp", o->data_dir, LAYERS[i].file);
        st = mm_shapefile_read(path, &sets[i], err);
        if (st == MM_OK) {
            st = mm_proj_features_to_lonlat(sets[i], path, err);
        }
        if (st != MM_OK) {
            goto out;
        }
    }
    mm_bbox lonlat = o->has_bbox ? o->bbox : mm_bbox_grow(mm_features_bbox(sets[NLAYERS - 1]), 0.4);
    st = mm_proj_create(NULL, o->crs ? o->crs : MM_PROJ_DEFAULT_CRS, "--crs", &proj, err);
    if (st != MM_OK) {
        goto out;
    }
    mm_bbox extent;
    st = mm_proj_bounds(proj, lonlat, &extent, err);
    if (st != MM_OK) {
        goto out;
    }
    mm_view view = mm_view_fit(extent, o->width_px, o->height_px, 0);
    s = mm_scene_create(o->width_px, o->height_px);
    mm_scene_set_background(s, RGB(0xd7, 0xe6, 0xef));
    mm_scene_set_meta(s, "title", "Mali");
    mm_scene_set_meta(s, "credits", CREDITS);
    double tol = 0.25 / (o->scale > 0 ? o->scale : 1);
    for (size_t i = 0; i < NLAYERS; i++) {
        const layer_def *L = &LAYERS[i];
        mm_proj_features(proj, sets[i], 0.1);
        mm_scene_begin_group(s, L->id, L->id);
        size_t n = mm_features_count(sets[i]);
        for (size_t f = 0; f < n; f++) {
            mm_op *op = mm_draw_path(s, &view, mm_features_geom(sets[i], f), tol, L->width_px);
            if (!op) {
                continue;
            }
            op->u.path.has_fill = L->fill;
            op->u.path.fill.color = L->fill_color;
            op->u.path.has_stroke = L->stroke;
            op->u.path.stroke.color = L->stroke_color;
            op->u.path.stroke.width_px = L->width_px;
            if (!strcmp(L->id, "rivers")) {
                /* main named rivers stand out; intermittent ones recede */
                mm_value name = mm_features_get_named(sets[i], f, "name");
                mm_value cls = mm_features_get_named(sets[i], f, "class");
                double c = cls.type == MM_VAL_NUMBER ? cls.u.num : 4;
                bool named = name.type == MM_VAL_STRING && name.u.str[0];
                op->u.path.stroke.width_px = named ? 1.8 : c <= 2 ? 1.0 : c <= 4 ? 0.6 : 0.4;
                if (c >= 5) {
                    op->opacity = 0.6;
                }
            }
            op->u.path.stroke.join = MM_JOIN_ROUND;
            op->u.path.stroke.cap = MM_CAP_ROUND;
        }
        mm_scene_end_group(s);
    }
    /* the data credit every map carries (shapes/SOURCES.md) */
    mm_scene_begin_group(s, "credits", "credits");
    mm_op *t = mm_scene_add(s, MM_OP_TEXT);
    t->u.text.text = mm_scene_strdup(s, CREDITS);
    t->u.text.font_family = mm_scene_strdup(s, "Noto Sans, DejaVu Sans, sans-serif");
    t->u.text.weight = 400;
    t->u.text.size_px = 11;
    t->u.text.color = RGB(0x55, 0x55, 0x55);
    t->u.text.halo = (mm_rgba){1, 1, 1, 0.8};
    t->u.text.halo_px = 1.5;
    t->u.text.pos = (mm_xy){o->width_px - 8.0, o->height_px - 8.0};
    t->u.text.anchor = MM_TEXT_END;
    mm_scene_end_group(s);
    *out = s;
    s = NULL;
out:
    mm_scene_destroy(s);
    mm_proj_destroy(proj);
    for (size_t i = 0; i < NLAYERS; i++) {
        mm_features_destroy(sets[i]);
    }
    return st;
}
