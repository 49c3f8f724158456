/*
 * bench_render.c — where one map's time goes, in one process (make bench):
 * opening the map (style, files read and projected), building the scene
 * (layers, labels, furniture), the alt text, drawing it with cairo and
 * encoding the PNG (or writing the SVG). Prints one line per phase with the
 * median of N runs, then the median of a whole map drawn again in the same
 * process with the map kept open (what a loop of frames pays).
 *   bench_render STYLE [N] [png|svg] [--date D] [--events FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "malimap/map.h"
#include "malimap/mem.h"
#include "malimap/png.h"
#include "malimap/raster.h"
#include "malimap/svg.h"

enum { PHASES = 6, MAX_RUNS = 101 };
static const char *const NAMES[PHASES] = {"open", "scene", "describe", "draw", "encode", "total"};

static int fail(const mm_error *err)
{
    fprintf(stderr, "bench_render: %s\n", err->msg);
    return 1;
}

/* Draws and encodes one scene; the encoded size goes to *bytes. */
static mm_status output(const mm_scene *s, bool svg, double *t_draw, double *t_enc, size_t *bytes,
                        mm_error *err)
{
    mm_buf out;
    mm_buf_init(&out);
    mm_status st;
    double t0 = bench_now_ms();
    if (svg) {
        *t_draw = 0;
        st = mm_svg_write(s, &out, err);
    } else {
        mm_image img;
        st = mm_raster_draw(s, 1, &img, err);
        *t_draw = bench_now_ms() - t0;
        t0 = bench_now_ms();
        if (st == MM_OK) {
            mm_png_opts po = {.dpi = 96, .compression = -1};
            st = mm_png_encode(&img, &po, &out, err);
            mm_image_fini(&img);
        }
    }
    *t_enc = bench_now_ms() - t0;
    *bytes = out.len;
    mm_buf_fini(&out);
    return st;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_render STYLE [N] [png|svg] [--date D] [--events FILE]\n");
        return 2;
    }
    mm_map_opts o = {.style_path = argv[1], .scale = 1, .since = MM_DATE_NONE};
    int runs = argc > 2 ? atoi(argv[2]) : 9;
    bool svg = argc > 3 && !strcmp(argv[3], "svg");
    mm_date date = MM_DATE_NONE;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--date")) {
            const char *why;
            if (!mm_date_parse(argv[i + 1], strlen(argv[i + 1]), &date, &why)) {
                fprintf(stderr, "bench_render: bad date '%s'\n", argv[i + 1]);
                return 2;
            }
        } else if (!strcmp(argv[i], "--events")) {
            o.events_path = argv[i + 1];
        }
    }
    runs = runs < 1 ? 1 : runs > MAX_RUNS ? MAX_RUNS : runs;
    static double t[PHASES][MAX_RUNS], again[MAX_RUNS];
    size_t bytes = 0;
    mm_error err;
    mm_error_clear(&err);
    for (int r = 0; r < runs; r++) {
        mm_map *m = NULL;
        mm_scene *s = NULL;
        mm_buf alt;
        mm_buf_init(&alt);
        double t0 = bench_now_ms();
        if (mm_map_open(&o, &m, &err) != MM_OK) {
            return fail(&err);
        }
        double t1 = bench_now_ms();
        mm_date d = mm_date_is_none(date) ? mm_map_latest_date(m) : date;
        if (mm_map_render(m, d, &s, &err) != MM_OK) {
            return fail(&err);
        }
        double t2 = bench_now_ms();
        if (mm_map_describe(m, d, &alt, &err) != MM_OK) {
            return fail(&err);
        }
        double t3 = bench_now_ms();
        if (output(s, svg, &t[3][r], &t[4][r], &bytes, &err) != MM_OK) {
            return fail(&err);
        }
        t[0][r] = t1 - t0;
        t[1][r] = t2 - t1;
        t[2][r] = t3 - t2;
        t[5][r] = bench_now_ms() - t0;
        mm_scene_destroy(s);
        /* the same map again, kept open: scene, draw and encode only */
        double a0 = bench_now_ms();
        double td, te;
        if (mm_map_render(m, d, &s, &err) != MM_OK ||
            output(s, svg, &td, &te, &bytes, &err) != MM_OK) {
            return fail(&err);
        }
        again[r] = bench_now_ms() - a0;
        mm_scene_destroy(s);
        mm_buf_fini(&alt);
        mm_map_close(m);
    }
    printf("phases of one %s map (median of %d, ms):", svg ? "SVG" : "PNG", runs);
    for (int p = 0; p < PHASES; p++) {
        printf(" %s %.1f", NAMES[p], bench_median(t[p], runs));
    }
    printf("; again with the map open %.1f; %zu bytes\n", bench_median(again, runs), bytes);
    mm_raster_shutdown();
    return 0;
}
