/*
 * layout.c — the map's furniture from the style's "malimap:" metadata:
 * title and subtitle with the date, a legend of what the map shows on that
 * date, scale bar, north arrow, locator inset and credits, laid out where
 * they cover the least of the country. Part of map/.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/draw.h"
#include "malimap/mem.h"
#include "map_priv.h"

#define DEFAULT_CREDITS                                                                            \
    "Boundaries: \u00a9 OpenStreetMap contributors (ODbL 1.0), Natural Earth (public domain); "    \
    "rivers and lakes: GSHHG 2.3.7, \u00a9 The GMT Team (LGPL-3.0+)"

enum { CELL = 8 };

typedef struct ctx {
    mm_map *m;
    map_worker *w;
    mm_date date;
    double s;     /* furniture scale for the map's size */
    double width; /* of the map, or of the sheet of a grid */
    /* a grid's dates: {first}, {last} and {count} */
    mm_date first, last;
    size_t count;
    mm_arena *scratch;
} ctx;

static const mm_json *meta(const ctx *c, const char *key)
{
    return mm_style_meta(c->w->style, key);
}

static const char *str_of(const mm_json *obj, const char *key, const char *fallback)
{
    const mm_json *v = mm_json_get(obj, key);
    return v && v->type == MM_JSON_STRING ? v->u.str.s : fallback;
}

static double num_of(const mm_json *obj, const char *key, double fallback)
{
    const mm_json *v = mm_json_get(obj, key);
    return v && v->type == MM_JSON_NUMBER ? v->u.num : fallback;
}

static mm_rgba color_of(const mm_json *obj, const char *key, mm_rgba fallback)
{
    mm_rgba c;
    const char *s = str_of(obj, key, NULL);
    return s && mm_color_parse(s, &c) ? c : fallback;
}

static mm_pos pos_of(const mm_json *obj, mm_pos fallback)
{
    mm_pos p;
    return mm_pos_parse(str_of(obj, "position", NULL), &p) ? p : fallback;
}

/* A text style from "font" (names), "size", "color", "halo-color",
 * "halo-width", "letter-spacing" (em), scaled by c->s. */
static mm_text_style text_style(const ctx *c, const mm_json *obj, const char *const *fonts,
                                double size, mm_rgba color)
{
    const char *names[8];
    size_t n = 0;
    const mm_json *f = mm_json_get(obj, "font");
    if (f && f->type == MM_JSON_ARRAY) {
        for (size_t i = 0; i < f->u.arr.n && n < 8; i++) {
            if (f->u.arr.items[i]->type == MM_JSON_STRING) {
                names[n++] = f->u.arr.items[i]->u.str.s;
            }
        }
    }
    if (!n) {
        while (fonts[n] && n < 8) {
            names[n] = fonts[n];
            n++;
        }
    }
    mm_text_style ts;
    double px = num_of(obj, "size", size) * c->s;
    mm_font_from_names(names, n, px, c->scratch, &ts.font);
    ts.font.letter_spacing_px = num_of(obj, "letter-spacing", 0) * px;
    ts.color = color_of(obj, "color", color);
    ts.halo = color_of(obj, "halo-color", (mm_rgba){1, 1, 1, 0.85});
    ts.halo_px = num_of(obj, "halo-width", 0) * c->s;
    return ts;
}

static const char *const REGULAR[] = {"Noto Sans Regular", "DejaVu Sans Book", NULL};
static const char *const BOLD[] = {"Noto Sans Bold", "DejaVu Sans Bold", NULL};
static const char *const ITALIC[] = {"Noto Sans Italic", "DejaVu Sans Oblique", NULL};
#define INK ((mm_rgba){0.1, 0.1, 0.1, 1})

/* Replaces {date}, {since}, {window}, {radius}, and a grid's {first}, {last}
 * and {count} in text. */
static const char *expand(const ctx *c, const char *text)
{
    if (!text) {
        return NULL;
    }
    mm_buf b;
    mm_buf_init(&b);
    for (const char *p = text; *p;) {
        char tmp[64] = "";
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        size_t klen = close ? (size_t)(close - p - 1) : 0;
        if (close && klen == 4 && !strncmp(p + 1, "date", 4) && !mm_date_is_none(c->date)) {
            mm_date_format_long(c->date, tmp, sizeof tmp);
        } else if (close && klen == 5 && !strncmp(p + 1, "since", 5) &&
                   !mm_date_is_none(c->m->opts.since)) {
            mm_date_format_long(c->m->opts.since, tmp, sizeof tmp);
        } else if (close && klen == 6 && !strncmp(p + 1, "window", 6)) {
            snprintf(tmp, sizeof tmp, "%d", c->m->window_days);
        } else if (close && klen == 6 && !strncmp(p + 1, "radius", 6)) {
            snprintf(tmp, sizeof tmp, "%.0f", mm_map_radius_km(c->m));
        } else if (close && klen == 5 && !strncmp(p + 1, "first", 5) && c->count) {
            mm_date_format_long(c->first, tmp, sizeof tmp);
        } else if (close && klen == 4 && !strncmp(p + 1, "last", 4) && c->count) {
            mm_date_format_long(c->last, tmp, sizeof tmp);
        } else if (close && klen == 5 && !strncmp(p + 1, "count", 5) && c->count) {
            snprintf(tmp, sizeof tmp, "%zu", c->count);
        } else {
            mm_buf_putc(&b, *p++);
            continue;
        }
        mm_buf_puts(&b, tmp);
        p = close + 1;
    }
    const char *out = mm_arena_strdup(c->scratch, b.data ? b.data : "");
    mm_buf_fini(&b);
    return out;
}

/* ---- legend ---- */

static int layer_index(const mm_style *s, const char *id)
{
    for (size_t i = 0; i < mm_style_layer_count(s); i++) {
        if (!strcmp(mm_style_layer_at(s, i)->id, id)) {
            return (int)i;
        }
    }
    return -1;
}

/* The string value of a property (numbers formatted), or NULL. */
static const char *value_text(const mm_features *fs, size_t i, const char *prop, mm_arena *a)
{
    mm_value v = mm_features_get_named(fs, i, prop);
    if (v.type == MM_VAL_STRING) {
        return v.u.str[0] ? v.u.str : NULL;
    }
    if (v.type == MM_VAL_NUMBER) {
        char buf[32];
        snprintf(buf, sizeof buf, "%g", v.u.num);
        return mm_arena_strdup(a, buf);
    }
    return NULL;
}

/* Whether a feature shows anywhere in the map's frame. */
static bool on_map(const ctx *c, const mm_features *fs, size_t i)
{
    return mm_bbox_intersects(mm_view_extent(&c->m->view), mm_features_geom(fs, i)->bbox);
}

/* The first feature of layer l (passing its filter) whose prop equals value
 * (any feature when prop is NULL); -1 when none. */
static long sample(ctx *c, size_t layer, const char *prop, const char *value)
{
    const mm_style_layer *l = mm_style_layer_at(c->w->style, layer);
    if (!l->visible) {
        return -1;
    }
    const mm_features *fs = map_features_for(c->m, c->w, l);
    mm_style_bind(c->w->style, layer, fs);
    for (size_t i = 0; i < mm_features_count(fs); i++) {
        if (!on_map(c, fs, i) || !mm_style_filter(l, fs, i, c->scratch)) {
            continue;
        }
        const char *v = prop ? value_text(fs, i, prop, c->scratch) : NULL;
        if (!prop || (v && value && !strcmp(v, value))) {
            return (long)i;
        }
    }
    return -1;
}

typedef struct row_list {
    mm_legend_row *items;
    size_t n, cap;
} row_list;

static void add_row(ctx *c, row_list *out, const mm_json *layers, const char *label,
                    const char *prop, const char *value)
{
    mm_legend_row row;
    memset(&row, 0, sizeof row);
    row.label = label;
    for (size_t k = 0; k < layers->u.arr.n && row.nlayers < 4; k++) {
        if (layers->u.arr.items[k]->type != MM_JSON_STRING) {
            continue;
        }
        int li = layer_index(c->w->style, layers->u.arr.items[k]->u.str.s);
        if (li < 0) {
            continue;
        }
        const mm_style_layer *l = mm_style_layer_at(c->w->style, (size_t)li);
        const mm_features *fs = map_features_for(c->m, c->w, l);
        /* the other layers of the swatch follow the first one's group */
        long i = sample(c, (size_t)li, prop && mm_features_field_index(fs, prop) >= 0 ? prop : NULL,
                        value);
        if (i < 0) {
            if (row.nlayers == 0) {
                return; /* nothing of this row is on the map */
            }
            continue;
        }
        row.layers[row.nlayers] = l;
        row.layer_index[row.nlayers] = (size_t)li;
        row.fs[row.nlayers] = fs;
        row.feature[row.nlayers] = (size_t)i;
        row.polygon = row.polygon || mm_features_geom(fs, (size_t)i)->type == MM_GEOM_POLYGON;
        row.nlayers++;
    }
    if (!row.nlayers) {
        return;
    }
    out->items = mm_grow(out->items, &out->cap, out->n + 1, sizeof *out->items);
    out->items[out->n++] = row;
}

static int by_label(const void *a, const void *b)
{
    return strcmp(((const mm_legend_row *)a)->label, ((const mm_legend_row *)b)->label);
}

/* The rows of one legend section: one per value of "group-by" on the map, or
 * one row labelled "label" when the first layer draws anything. */
static void section_rows(ctx *c, const mm_json *sec, row_list *out)
{
    const mm_json *layers = mm_json_get(sec, "layers");
    if (!layers || layers->type != MM_JSON_ARRAY || !layers->u.arr.n ||
        layers->u.arr.items[0]->type != MM_JSON_STRING) {
        return;
    }
    const char *group = str_of(sec, "group-by", NULL);
    const char *key = str_of(sec, "label-by", group);
    if (!group) {
        add_row(c, out, layers, expand(c, str_of(sec, "label", "")), NULL, NULL);
        return;
    }
    int li = layer_index(c->w->style, layers->u.arr.items[0]->u.str.s);
    if (li < 0) {
        return;
    }
    const mm_style_layer *l = mm_style_layer_at(c->w->style, (size_t)li);
    if (!l->visible) {
        return;
    }
    const mm_features *fs = map_features_for(c->m, c->w, l);
    mm_style_bind(c->w->style, (size_t)li, fs);
    size_t first = out->n;
    for (size_t i = 0; i < mm_features_count(fs); i++) {
        if (!on_map(c, fs, i) || !mm_style_filter(l, fs, i, c->scratch)) {
            continue;
        }
        const char *v = value_text(fs, i, group, c->scratch);
        if (!v) {
            continue;
        }
        bool seen = false;
        for (size_t r = first; r < out->n && !seen; r++) {
            seen = !strcmp(out->items[r].label, v) ||
                   !strcmp(
                       value_text(out->items[r].fs[0], out->items[r].feature[0], group, c->scratch),
                       v);
        }
        if (!seen) {
            const char *label = value_text(fs, i, key, c->scratch);
            add_row(c, out, layers, label ? label : v, group, v);
        }
    }
    qsort(out->items + first, out->n - first, sizeof *out->items, by_label);
}

static bool has_label(const row_list *l, const char *label)
{
    for (size_t r = 0; r < l->n; r++) {
        if (!strcmp(l->items[r].label, label)) {
            return true;
        }
    }
    return false;
}

/*
 * The legend of what the map shows: on the worker's date (ndates 0), or on
 * any of a grid's dates, whose sources are computed in turn and kept until
 * the legend has drawn its swatches from them. max_width_px 0: the style's.
 */
static void add_legend(ctx *c, mm_furniture *f, const mm_date *dates, size_t ndates,
                       double max_width_px)
{
    const mm_json *lg = meta(c, "malimap:legend");
    const mm_json *secs = mm_json_get(lg, "sections");
    if (!lg || !secs || secs->type != MM_JSON_ARRAY) {
        return;
    }
    size_t nsec = secs->u.arr.n;
    mm_legend_section *sections = mm_calloc(nsec + 1, sizeof *sections);
    row_list *all = mm_calloc(nsec + 1, sizeof *all);
    mm_features **kept = NULL;
    size_t nkept = 0, keptcap = 0;
    for (size_t d = 0; d < (ndates ? ndates : 1); d++) {
        if (ndates) {
            mm_error e;
            mm_error_clear(&e);
            if (map_compute_sources(c->m, c->w, dates[d], &e) != MM_OK) {
                continue; /* the panel itself reports it */
            }
            c->date = dates[d];
        }
        for (size_t k = 0; k < nsec; k++) {
            const mm_json *sec = secs->u.arr.items[k];
            if (c->width < num_of(sec, "min-map-width", 0)) {
                continue; /* a small map keeps only the essential sections */
            }
            row_list one = {0};
            section_rows(c, sec, &one);
            for (size_t r = 0; r < one.n; r++) {
                if (!has_label(&all[k], one.items[r].label)) {
                    all[k].items =
                        mm_grow(all[k].items, &all[k].cap, all[k].n + 1, sizeof *all[k].items);
                    all[k].items[all[k].n++] = one.items[r];
                }
            }
            mm_free(one.items);
            if (ndates > 1 && str_of(sec, "group-by", NULL)) {
                qsort(all[k].items, all[k].n, sizeof *all[k].items, by_label);
            }
        }
        for (size_t i = 0; ndates && i < c->m->nsources; i++) {
            if (c->w->dated[i]) {
                kept = mm_grow(kept, &keptcap, nkept + 1, sizeof *kept);
                kept[nkept++] = c->w->dated[i];
                c->w->dated[i] = NULL;
            }
        }
    }
    if (ndates) {
        c->w->dated_for = MM_DATE_NONE;
        c->date = MM_DATE_NONE;
    }
    size_t ns = 0;
    for (size_t k = 0; k < nsec; k++) {
        if (all[k].n) {
            sections[ns].title = expand(c, str_of(secs->u.arr.items[k], "title", NULL));
            sections[ns].rows = all[k].items;
            sections[ns].nrows = all[k].n;
            ns++;
        }
    }
    mm_text_style title = text_style(c, mm_json_get(lg, "title-font"), BOLD, 12.5, INK);
    mm_text_style text = text_style(c, lg, REGULAR, 11.5, INK);
    mm_text_style note =
        text_style(c, mm_json_get(lg, "note-font"), ITALIC, 10.5, (mm_rgba){0.27, 0.27, 0.27, 1});
    double style_max = num_of(lg, "max-width", 300) * c->s;
    mm_furniture_add_legend(
        f, ndates ? MM_POS_TOP_RIGHT : pos_of(lg, MM_POS_AUTO), c->w->style,
        expand(c, str_of(lg, "title", NULL)), sections, ns, expand(c, str_of(lg, "note", NULL)),
        &title, &text, &note, color_of(lg, "panel-color", (mm_rgba){1, 1, 1, 0.88}),
        max_width_px > 0 && max_width_px < style_max ? max_width_px : style_max, c->scratch);
    for (size_t k = 0; k < nsec; k++) {
        mm_free(all[k].items);
    }
    for (size_t i = 0; i < nkept; i++) {
        mm_features_destroy(kept[i]);
    }
    mm_free(kept);
    mm_free(all);
    mm_free(sections);
}

/* ---- scale bar and north arrow ---- */

/* Kilometres per pixel along the horizontal through the map centre, and the
 * direction of north there (degrees clockwise from up). */
static bool centre_geometry(mm_map *m, mm_proj *proj, double *km_per_px, double *north_deg)
{
    mm_xy c_px = {m->width / 2.0, m->height / 2.0};
    mm_xy pts[3] = {mm_view_to_map(&m->view, c_px),
                    mm_view_to_map(&m->view, (mm_xy){c_px.x + 100, c_px.y})};
    if (mm_proj_inverse(proj, pts, 2)) {
        return false;
    }
    *km_per_px = mm_proj_distance_m(proj, pts[0], pts[1]) / 1000 / 100;
    pts[2] = (mm_xy){pts[0].x, pts[0].y + 0.05};
    mm_xy a = pts[0], b = pts[2];
    mm_proj_forward(proj, &a, 1);
    mm_proj_forward(proj, &b, 1);
    mm_xy pa = mm_view_to_px(&m->view, a), pb = mm_view_to_px(&m->view, b);
    *north_deg = atan2(pb.x - pa.x, pa.y - pb.y) * 180 / M_PI;
    return isfinite(*km_per_px) && isfinite(*north_deg);
}

/* ---- inset ---- */

/* Draws the locator inset: the continent, the country highlighted, the main
 * map's extent outlined. NULL without one. */
static mm_scene *draw_inset(ctx *c, double *width_px, double *height_px)
{
    const mm_json *in = meta(c, "malimap:inset");
    if (!in || !c->m->inset) {
        return NULL;
    }
    mm_error err;
    mm_error_clear(&err);
    const mm_json *b = mm_json_get(in, "bounds");
    mm_bbox ll = {-19, -36, 53, 38}; /* Africa */
    if (b && b->type == MM_JSON_ARRAY && b->u.arr.n == 4) {
        ll = (mm_bbox){b->u.arr.items[0]->u.num, b->u.arr.items[1]->u.num, b->u.arr.items[2]->u.num,
                       b->u.arr.items[3]->u.num};
    }
    char crs[160];
    snprintf(crs, sizeof crs, "+proj=laea +lat_0=%.3f +lon_0=%.3f +datum=WGS84 +units=m +no_defs",
             (ll.miny + ll.maxy) / 2, (ll.minx + ll.maxx) / 2);
    mm_proj *p = NULL;
    if (mm_proj_create(NULL, crs, "inset", &p, &err) != MM_OK) {
        return NULL;
    }
    mm_bbox ext;
    if (mm_proj_bounds(p, ll, &ext, &err) != MM_OK) {
        mm_proj_destroy(p);
        return NULL;
    }
    double w = num_of(in, "width", 200) * c->s;
    double h = w * (ext.maxy - ext.miny) / (ext.maxx - ext.minx);
    mm_view v = mm_view_fit(ext, (int)lround(w), (int)lround(h), 2);
    /* the features: a projected copy, so the lon/lat originals stay for later renders */
    mm_features *fs = mm_features_create();
    const mm_features *src = c->m->inset;
    int col = mm_features_add_field(fs, "highlight");
    const char *code = str_of(in, "highlight", "MLI");
    const char *key = str_of(in, "highlight-field", "iso_a3");
    for (size_t i = 0; i < mm_features_count(src); i++) {
        const mm_geom *g = mm_features_geom(src, i);
        size_t k = mm_features_add(fs, g->type, g->nparts, g->parts, g->hole, g->npts, g->pts);
        mm_value hv = mm_features_get_named(src, i, key);
        mm_features_set(fs, k, col,
                        mm_value_bool(hv.type == MM_VAL_STRING && !strcmp(hv.u.str, code)));
    }
    mm_proj_features(p, fs, 0.5);
    mm_scene *sc = mm_scene_create((int)w, (int)h);
    mm_rgba sea = color_of(in, "background", (mm_rgba){0.87, 0.92, 0.95, 1});
    mm_rgba land = color_of(in, "land", (mm_rgba){0.92, 0.9, 0.86, 1});
    mm_rgba hi = color_of(in, "highlight-color", (mm_rgba){0.35, 0.35, 0.35, 1});
    mm_rgba border = color_of(in, "border", (mm_rgba){1, 1, 1, 1});
    mm_op *bg = mm_scene_add(sc, MM_OP_PATH);
    mm_xy *q = mm_scene_alloc_points(sc, 4);
    uint32_t *parts = mm_scene_alloc_parts(sc, 1);
    q[0] = (mm_xy){0, 0};
    q[1] = (mm_xy){w, 0};
    q[2] = (mm_xy){w, h};
    q[3] = (mm_xy){0, h};
    parts[0] = 0;
    parts[1] = 4;
    bg->u.path = (mm_op_path){.nparts = 1,
                              .parts = parts,
                              .pts = q,
                              .closed = true,
                              .has_fill = true,
                              .fill = {.color = sea}};
    for (size_t i = 0; i < mm_features_count(fs); i++) {
        mm_op *op = mm_draw_path(sc, &v, mm_features_geom(fs, i), 0.5, 1);
        if (!op) {
            continue;
        }
        bool h_on = mm_features_get(fs, i, col).u.b;
        op->u.path.has_fill = true;
        op->u.path.fill.color = h_on ? hi : land;
        op->u.path.has_stroke = true;
        op->u.path.stroke = (mm_stroke){.color = border, .width_px = 0.5, .join = MM_JOIN_ROUND};
    }
    /* the main map's extent, outlined */
    enum { N = 64 };
    mm_xy ring[4 * N + 1];
    for (int k = 0; k < 4 * N; k++) {
        double t = (double)(k % N) / N;
        int side = k / N;
        mm_xy px = side == 0   ? (mm_xy){t * c->m->width, 0}
                   : side == 1 ? (mm_xy){c->m->width, t * c->m->height}
                   : side == 2 ? (mm_xy){(1 - t) * c->m->width, c->m->height}
                               : (mm_xy){0, (1 - t) * c->m->height};
        ring[k] = mm_view_to_map(&c->m->view, px);
    }
    ring[4 * N] = ring[0];
    mm_proj_inverse(c->w->proj, ring, 4 * N + 1);
    mm_proj_forward(p, ring, 4 * N + 1);
    mm_op *ex = mm_scene_add(sc, MM_OP_PATH);
    mm_xy *rp = mm_scene_alloc_points(sc, 4 * N + 1);
    uint32_t *rparts = mm_scene_alloc_parts(sc, 1);
    for (int k = 0; k <= 4 * N; k++) {
        rp[k] = mm_view_to_px(&v, ring[k]);
    }
    rparts[0] = 0;
    rparts[1] = 4 * N + 1;
    ex->u.path =
        (mm_op_path){.nparts = 1,
                     .parts = rparts,
                     .pts = rp,
                     .has_stroke = true,
                     .stroke = {.color = color_of(in, "extent-color", (mm_rgba){0.8, 0.1, 0.1, 1}),
                                .width_px = 1.5,
                                .join = MM_JOIN_ROUND}};
    mm_features_destroy(fs);
    mm_proj_destroy(p);
    *width_px = w;
    *height_px = h;
    return sc;
}

/* The inset, drawn once per map and size (map_prepare_furniture) and reused. */
static void add_inset(ctx *c, mm_furniture *f)
{
    const mm_json *in = meta(c, "malimap:inset");
    double w = c->m->inset_w, h = c->m->inset_h;
    mm_scene *own = c->m->inset_scene ? NULL : draw_inset(c, &w, &h);
    const mm_scene *sc = c->m->inset_scene ? c->m->inset_scene : own;
    if (sc) {
        mm_furniture_add_inset(f, pos_of(in, MM_POS_AUTO), sc, w, h,
                               color_of(in, "frame", (mm_rgba){0.4, 0.4, 0.4, 1}));
    }
    mm_scene_destroy(own);
}

/* ---- the country's footprint ---- */

/* Cells of CELL pixels covered by the focus polygons, by scanlines. */
static uint8_t *occupancy(mm_map *m, int *cols, int *rows)
{
    *cols = m->width / CELL + 1;
    *rows = m->height / CELL + 1;
    uint8_t *occ = mm_calloc((size_t)*cols * (size_t)*rows, 1);
    if (!m->focus) {
        return occ;
    }
    double *xs = NULL;
    size_t cap = 0;
    for (int r = 0; r < *rows; r++) {
        double y = (r + 0.5) * CELL;
        for (size_t i = 0; i < mm_features_count(m->focus); i++) {
            const mm_geom *g = mm_features_geom(m->focus, i);
            if (g->type != MM_GEOM_POLYGON) {
                continue;
            }
            size_t nx = 0;
            for (uint32_t k = 0; k < g->nparts; k++) {
                for (uint32_t v = g->parts[k]; v + 1 < g->parts[k + 1]; v++) {
                    mm_xy a = mm_view_to_px(&m->view, g->pts[v]);
                    mm_xy b = mm_view_to_px(&m->view, g->pts[v + 1]);
                    if ((a.y > y) != (b.y > y)) {
                        xs = mm_grow(xs, &cap, nx + 1, sizeof *xs);
                        xs[nx++] = a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y);
                    }
                }
            }
            /* insertion sort: few crossings per scanline */
            for (size_t p = 1; p < nx; p++) {
                for (size_t q = p; q > 0 && xs[q - 1] > xs[q]; q--) {
                    double t = xs[q];
                    xs[q] = xs[q - 1];
                    xs[q - 1] = t;
                }
            }
            for (size_t p = 0; p + 1 < nx; p += 2) {
                int c0 = (int)floor(xs[p] / CELL), c1 = (int)floor(xs[p + 1] / CELL);
                for (int cc = c0 < 0 ? 0 : c0; cc <= c1 && cc < *cols; cc++) {
                    occ[(size_t)r * (size_t)*cols + (size_t)cc] = 1;
                }
            }
        }
    }
    mm_free(xs);
    return occ;
}

const char *map_credits(const mm_map *m)
{
    return str_of(mm_style_meta(m->style, "malimap:credits"), "text", DEFAULT_CREDITS);
}

/* The furniture scale and margin of a width x height map or sheet. */
static double furniture_scale(int width, int height)
{
    double s = sqrt((double)width * height / (1600.0 * 1200.0));
    return s < 0.75 ? 0.75 : s > 2 ? 2 : s;
}

static double margin_px(const ctx *c)
{
    const mm_json *margin = meta(c, "malimap:margin");
    return (margin && margin->type == MM_JSON_NUMBER ? margin->u.num : 16) * c->s;
}

static void add_title(ctx *c, mm_furniture *f, double text_w)
{
    const mm_json *t = meta(c, "malimap:title");
    if (t) {
        mm_text_style ts = text_style(c, t, BOLD, 26, INK);
        ts.halo_px = num_of(t, "halo-width", 3) * c->s;
        mm_furniture_add_text(
            f, "title", pos_of(t, MM_POS_TOP_LEFT),
            expand(c, t->type == MM_JSON_STRING ? t->u.str.s : str_of(t, "text", NULL)), &ts,
            text_w);
    }
}

/* The subtitle: "text" for one date, "grid-text" for a grid of them. */
static void add_subtitle(ctx *c, mm_furniture *f, double text_w)
{
    const mm_json *t = meta(c, "malimap:title");
    const mm_json *st = meta(c, "malimap:subtitle");
    if (!st && !t) {
        return;
    }
    mm_text_style ts = text_style(c, st, REGULAR, 16, (mm_rgba){0.2, 0.2, 0.2, 1});
    ts.halo_px = num_of(st, "halo-width", 2.5) * c->s;
    const char *text =
        st && st->type == MM_JSON_STRING ? st->u.str.s : str_of(st, "text", "Situation on {date}");
    if (c->count) {
        text = str_of(st, "grid-text", "Situation on {count} dates, {first} to {last}");
    }
    if (c->count || !mm_date_is_none(c->date) || !strstr(text, "{date}")) {
        mm_furniture_add_text(f, "subtitle", pos_of(st, pos_of(t, MM_POS_TOP_LEFT)),
                              expand(c, text), &ts, text_w);
    }
}

static void add_scale_bar(ctx *c, mm_furniture *f, double km_per_px)
{
    const mm_json *sb = meta(c, "malimap:scale-bar");
    if (sb) {
        mm_text_style ts = text_style(c, sb, REGULAR, 11, INK);
        mm_furniture_add_scale_bar(f, pos_of(sb, MM_POS_BOTTOM_LEFT), km_per_px,
                                   num_of(sb, "max-width", 220) * c->s, &ts);
    }
}

static void add_credits(ctx *c, mm_furniture *f, mm_pos pos)
{
    const mm_json *cr = meta(c, "malimap:credits");
    mm_text_style cts = text_style(c, cr, REGULAR, 10, (mm_rgba){0.33, 0.33, 0.33, 1});
    cts.halo_px = num_of(cr, "halo-width", 2) * c->s;
    mm_furniture_add_text(f, "credits", pos_of(cr, pos), expand(c, map_credits(c->m)), &cts,
                          c->width * 0.55);
}

/* A panel of a grid shows only its date; the sheet carries the rest. */
static void add_panel_date(ctx *c, mm_furniture *f)
{
    const mm_json *pd = meta(c, "malimap:panel-date");
    mm_text_style ts = text_style(c, pd, BOLD, 18, INK);
    ts.halo_px = num_of(pd, "halo-width", 3) * c->s;
    char day[32];
    mm_date_format_long(c->date, day, sizeof day);
    mm_furniture_add_text(f, "date", pos_of(pd, MM_POS_TOP_LEFT), day, &ts, 0);
}

mm_status map_furniture(mm_map *m, map_worker *w, mm_date date, mm_furniture **out, mm_error *err)
{
    (void)err;
    ctx c = {.m = m, .w = w, .date = date, .width = m->width, .scratch = mm_arena_create(0)};
    /* furniture shrinks with the map, but not below what stays readable */
    c.s = furniture_scale(m->width, m->height);
    mm_furniture *f = mm_furniture_create(m->width, m->height, margin_px(&c));
    double km_per_px = 0, north = 0;
    bool geo = centre_geometry(m, w->proj, &km_per_px, &north);
    if (m->panel) {
        if (!mm_date_is_none(date)) {
            add_panel_date(&c, f);
        }
    } else {
        add_title(&c, f, m->width * 0.42);
        add_subtitle(&c, f, m->width * 0.42);
        if (meta(&c, "malimap:inset")) {
            add_inset(&c, f);
        }
        add_legend(&c, f, NULL, 0, 0);
        if (geo) {
            add_scale_bar(&c, f, km_per_px);
        }
        const mm_json *na = meta(&c, "malimap:north-arrow");
        if (na && geo) {
            const char *show = str_of(na, "show", "auto");
            if (!strcmp(show, "always") || (!strcmp(show, "auto") && fabs(north) > 0.5)) {
                mm_text_style ts = text_style(&c, na, BOLD, 12, INK);
                mm_furniture_add_north_arrow(f, pos_of(na, MM_POS_TOP_RIGHT), north,
                                             num_of(na, "size", 34) * c.s, &ts);
            }
        }
        add_credits(&c, f, MM_POS_BOTTOM_RIGHT);
    }
    int cols = m->occ_cols, rows = m->occ_rows;
    uint8_t *own = m->occ ? NULL : occupancy(m, &cols, &rows);
    mm_furniture_layout(f, m->occ ? m->occ : own, cols, rows, CELL);
    mm_free(own);
    mm_arena_destroy(c.scratch);
    *out = f;
    return MM_OK;
}

mm_furniture *map_sheet_furniture(mm_map *m, map_worker *w, const mm_date *dates, size_t n,
                                  int width, int height, double legend_max_px)
{
    ctx c = {.m = m,
             .w = w,
             .date = MM_DATE_NONE,
             .width = width,
             .first = dates[0],
             .last = dates[n - 1],
             .count = n,
             .scratch = mm_arena_create(0)};
    c.s = furniture_scale(width, height);
    mm_furniture *f = mm_furniture_create(width, height, margin_px(&c));
    add_title(&c, f, width * 0.6);
    add_subtitle(&c, f, width * 0.6);
    add_legend(&c, f, dates, n, legend_max_px);
    double km_per_px = 0, north = 0;
    if (centre_geometry(m, w->proj, &km_per_px, &north)) {
        add_scale_bar(&c, f, km_per_px);
    }
    add_credits(&c, f, MM_POS_BOTTOM_RIGHT);
    mm_furniture_layout(f, NULL, 0, 0, CELL);
    mm_arena_destroy(c.scratch);
    return f;
}

void map_prepare_furniture(mm_map *m)
{
    mm_scene_destroy(m->inset_scene);
    m->inset_scene = NULL;
    mm_free(m->occ);
    m->occ = occupancy(m, &m->occ_cols, &m->occ_rows);
    if (m->panel) {
        return;
    }
    ctx c = {.m = m,
             .w = &m->main,
             .date = MM_DATE_NONE,
             .width = m->width,
             .scratch = mm_arena_create(0)};
    c.s = furniture_scale(m->width, m->height);
    m->inset_scene = draw_inset(&c, &m->inset_w, &m->inset_h);
    mm_arena_destroy(c.scratch);
}
