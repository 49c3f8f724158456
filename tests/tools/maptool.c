/*
 * maptool.c — what the output tests need to know about a map, straight from
 * the library, to compare the files malimap writes against:
 *
 *   maptool layers STYLE              the ids of the style's visible layers
 *   maptool texts [OPTS]              "group<TAB>text" for every text the scene draws
 *   maptool cairo-svg FILE [OPTS]     the map through cairo's own SVG surface
 *
 * OPTS: --style FILE (default styles/default.json), --date YYYY-MM-DD,
 * --size WxH. Exit 0, 1 on a library error, 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/map.h"
#include "malimap/output.h"
#include "malimap/raster.h"
#include "malimap/style.h"

static int fail(const mm_error *err)
{
    char line[2048];
    mm_error_format(err, line, sizeof line);
    fprintf(stderr, "maptool: %s\n", line);
    return 1;
}

static int layers(const char *path)
{
    mm_error err;
    mm_error_clear(&err);
    mm_style *style = NULL;
    if (mm_style_load(path, &style, &err) != MM_OK) {
        return fail(&err);
    }
    for (size_t i = 0; i < mm_style_layer_count(style); i++) {
        const mm_style_layer *l = mm_style_layer_at(style, i);
        if (l->visible) {
            printf("%s\n", l->id);
        }
    }
    mm_style_destroy(style);
    return 0;
}

/* Renders the map the options describe; NULL (after a message) on failure. */
static mm_scene *render(int argc, char **argv, int *status)
{
    mm_map_opts mo = {.style_path = "styles/default.json", .scale = 1, .since = MM_DATE_NONE};
    mm_date date = MM_DATE_NONE;
    *status = 2;
    for (int i = 0; i + 1 < argc; i += 2) {
        const char *v = argv[i + 1];
        if (!strcmp(argv[i], "--style")) {
            mo.style_path = v;
        } else if (!strcmp(argv[i], "--date")) {
            if (!mm_date_parse(v, strlen(v), &date, NULL)) {
                fprintf(stderr, "maptool: bad --date '%s'\n", v);
                return NULL;
            }
        } else if (!strcmp(argv[i], "--size")) {
            if (sscanf(v, "%dx%d", &mo.width_px, &mo.height_px) != 2) {
                fprintf(stderr, "maptool: bad --size '%s'\n", v);
                return NULL;
            }
        } else {
            fprintf(stderr, "maptool: unknown option '%s'\n", argv[i]);
            return NULL;
        }
    }
    if (argc % 2) {
        fprintf(stderr, "maptool: option '%s' needs a value\n", argv[argc - 1]);
        return NULL;
    }
    mm_error err;
    mm_error_clear(&err);
    mm_map *map = NULL;
    mm_scene *scene = NULL;
    mm_status st = mm_map_open(&mo, &map, &err);
    if (st == MM_OK) {
        if (mm_date_is_none(date)) {
            date = mm_map_latest_date(map);
        }
        st = mm_map_render(map, date, &scene, &err);
    }
    mm_map_close(map);
    if (st != MM_OK) {
        *status = fail(&err);
        return NULL;
    }
    *status = 0;
    return scene;
}

static int texts(int argc, char **argv)
{
    int status;
    mm_scene *s = render(argc, argv, &status);
    if (!s) {
        return status;
    }
    const char *group = "";
    for (size_t i = 0; i < mm_scene_count(s); i++) {
        const mm_op *op = mm_scene_op(s, i);
        if (op->kind == MM_OP_GROUP_BEGIN) {
            group = op->u.group.id;
        } else if (op->kind == MM_OP_TEXT && op->u.text.text && op->u.text.text[0]) {
            printf("%s\t%s\n", group, op->u.text.text);
        }
    }
    mm_scene_destroy(s);
    mm_raster_shutdown();
    return 0;
}

static int cairo_svg(const char *path, int argc, char **argv)
{
    int status;
    mm_scene *s = render(argc, argv, &status);
    if (!s) {
        return status;
    }
    mm_error err;
    mm_error_clear(&err);
    mm_buf out;
    mm_buf_init(&out);
    mm_status st = mm_raster_cairo_svg(s, &out, &err);
    if (st == MM_OK) {
        st = mm_output_write(path, out.data, out.len, &err);
    }
    mm_buf_fini(&out);
    mm_scene_destroy(s);
    mm_raster_shutdown();
    return st == MM_OK ? 0 : fail(&err);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "layers")) {
        return layers(argv[2]);
    }
    if (argc >= 2 && !strcmp(argv[1], "texts")) {
        return texts(argc - 2, argv + 2);
    }
    if (argc >= 3 && !strcmp(argv[1], "cairo-svg")) {
        return cairo_svg(argv[2], argc - 3, argv + 3);
    }
    fprintf(stderr, "usage: maptool layers STYLE | texts [OPTS] | cairo-svg FILE [OPTS]\n");
    return 2;
}
