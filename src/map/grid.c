/*
 * grid.c — small multiples: the map drawn for several dates as the panels of
 * one sheet, around which the sheet carries a single title, legend, scale bar
 * and credits. The panels are frames of a range, drawn in parallel. Part of
 * map/.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "malimap/mem.h"
#include "map_priv.h"

/* Panels smaller than this cannot show the country legibly. */
enum { MIN_PANEL_W = 160, MIN_PANEL_H = 120 };

typedef struct panels {
    mm_scene **scenes; /* by date */
    int width, height;
} panels;

static mm_status keep_panel(void *ctx, const mm_frame *f, mm_error *err)
{
    (void)err;
    panels *p = ctx;
    mm_scene *s = mm_scene_create(p->width, p->height);
    mm_scene_append(s, f->scene);
    p->scenes[f->index] = s; /* each index is written by one worker only */
    return MM_OK;
}

/* The box of furniture piece id, or an empty box. */
static mm_bbox piece(const mm_furniture *f, const char *id)
{
    for (size_t i = 0; i < mm_furniture_count(f); i++) {
        if (!strcmp(mm_furniture_id(f, i), id)) {
            return mm_furniture_box(f, i);
        }
    }
    return mm_bbox_empty();
}

/* The rectangle left for the panels once the sheet's furniture is placed. */
static mm_bbox panel_area(const mm_furniture *f, int width, int height, double margin, double gap)
{
    mm_bbox a = {margin, margin, width - margin, height - margin};
    mm_bbox head = mm_bbox_union(piece(f, "title"), piece(f, "subtitle"));
    if (!mm_bbox_is_empty(head)) {
        a.miny = head.maxy + gap;
    }
    mm_bbox legend = piece(f, "legend");
    if (!mm_bbox_is_empty(legend)) {
        a.maxx = legend.minx - gap;
    }
    mm_bbox foot = mm_bbox_union(piece(f, "scale-bar"), piece(f, "credits"));
    if (!mm_bbox_is_empty(foot)) {
        a.maxy = foot.miny - gap;
    }
    return a;
}

/* Fits the map's view to a width x height panel. */
static void resize(mm_map *m, int width, int height)
{
    m->width = width;
    m->height = height;
    m->view = mm_view_fit(m->extent, width, height, 0);
    /* what was prepared for the old size */
    mm_free(m->occ);
    m->occ = NULL;
    mm_scene_destroy(m->inset_scene);
    m->inset_scene = NULL;
}

static void panel_frame(mm_scene *s, mm_bbox r, double width_px)
{
    mm_op *op = mm_scene_add(s, MM_OP_PATH);
    mm_op_path *p = &op->u.path;
    p->nparts = 1;
    p->parts = mm_scene_alloc_parts(s, 1);
    p->parts[0] = 0;
    p->parts[1] = 5;
    p->pts = mm_scene_alloc_points(s, 5);
    mm_xy c[5] = {
        {r.minx, r.miny}, {r.maxx, r.miny}, {r.maxx, r.maxy}, {r.minx, r.maxy}, {r.minx, r.miny}};
    memcpy(p->pts, c, sizeof c);
    p->closed = true;
    p->has_stroke = true;
    p->stroke =
        (mm_stroke){.color = {0.45, 0.45, 0.45, 1}, .width_px = width_px, .join = MM_JOIN_MITER};
}

mm_status mm_map_render_grid(mm_map *m, const mm_date *dates, size_t n, const mm_grid_opts *g,
                             mm_scene **out, mm_error *err)
{
    *out = NULL;
    if (g->cols < 1 || g->rows < 1 || (size_t)g->cols * (size_t)g->rows < n || n == 0) {
        int count = g->cols * g->rows;
        return MM_ERR(err, MM_E_USAGE, NULL, 0, 0,
                      "a %dx%d grid has %d panel%s for %zu dates: give a larger --grid", g->cols,
                      g->rows, count, count == 1 ? "" : "s", n);
    }
    int width = m->width, height = m->height;
    double s = sqrt((double)width * height / (1600.0 * 1200.0));
    s = s < 0.75 ? 0.75 : s > 2 ? 2 : s;
    double margin = 16 * s, gap = 12 * s;
    m->panel = true;
    /* first the sheet's furniture, to see the room it leaves */
    mm_furniture *f = map_sheet_furniture(m, &m->main, dates, n, width, height, 0);
    mm_bbox area = panel_area(f, width, height, margin, gap);
    mm_bbox legend = piece(f, "legend");
    mm_furniture_destroy(f);
    int pw = (int)floor((area.maxx - area.minx - (g->cols - 1) * gap) / g->cols);
    int ph = (int)floor((area.maxy - area.miny - (g->rows - 1) * gap) / g->rows);
    if (pw < MIN_PANEL_W || ph < MIN_PANEL_H) {
        return MM_ERR(err, MM_E_USAGE, NULL, 0, 0,
                      "a %dx%d grid on a %dx%d sheet leaves panels of %dx%d pixels (at least "
                      "%dx%d needed): give a larger --size or fewer panels",
                      g->cols, g->rows, width, height, pw < 0 ? 0 : pw, ph < 0 ? 0 : ph,
                      MIN_PANEL_W, MIN_PANEL_H);
    }
    resize(m, pw, ph);
    /* then again for the panels' scale, the legend kept to its column */
    double column = mm_bbox_is_empty(legend) ? 0 : width - margin - legend.minx;
    f = map_sheet_furniture(m, &m->main, dates, n, width, height, column);

    panels p = {.width = pw, .height = ph};
    p.scenes = mm_calloc(n, sizeof *p.scenes);
    mm_frames_opts fo = {.jobs = g->jobs, .raster = false, .stop = g->stop};
    mm_status st = mm_map_render_frames(m, dates, n, &fo, keep_panel, &p, err);
    if (st == MM_OK) {
        mm_scene *sheet = mm_scene_create(width, height);
        mm_scene_set_background(sheet, (mm_rgba){1, 1, 1, 1});
        const char *name = mm_style_name(m->style);
        char title[256], a[32], b[32];
        mm_date_format_long(dates[0], a, sizeof a);
        mm_date_format_long(dates[n - 1], b, sizeof b);
        snprintf(title, sizeof title, "%s, %s to %s", name ? name : "Mali", a, b);
        mm_scene_set_meta(sheet, "title", title);
        mm_scene_set_meta(sheet, "credits", map_credits(m));
        /* the panels centred in their area */
        double used_w = g->cols * pw + (g->cols - 1) * gap;
        double x0 = area.minx + floor((area.maxx - area.minx - used_w) / 2);
        for (size_t k = 0; k < n; k++) {
            double x = x0 + (double)(k % (size_t)g->cols) * (pw + gap);
            double y = area.miny + (double)(k / (size_t)g->cols) * (ph + gap);
            mm_bbox r = {x, y, x + pw, y + ph};
            char id[32], label[32];
            char iso[11];
            mm_date_format(dates[k], iso);
            snprintf(id, sizeof id, "panel-%s", iso);
            mm_date_format_long(dates[k], label, sizeof label);
            mm_scene_begin_clip_group(sheet, id, label, r);
            mm_scene_append_moved(sheet, p.scenes[k], x, y);
            panel_frame(sheet, r, 0.8 * s);
            mm_scene_end_group(sheet);
        }
        mm_furniture_emit(f, sheet);
        *out = sheet;
    }
    for (size_t k = 0; k < n; k++) {
        mm_scene_destroy(p.scenes[k]);
    }
    mm_free(p.scenes);
    mm_furniture_destroy(f);
    return st;
}
