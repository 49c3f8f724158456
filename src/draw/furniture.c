/*
 * furniture.c — title, legend, scale bar, north arrow, inset and credits:
 * built in local coordinates, laid out where they cover the least of the
 * country, drawn over the map. Part of draw/.
 */
#include "malimap/furniture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "malimap/draw.h"
#include "malimap/mem.h"

typedef struct item {
    char *id;
    mm_pos pos;
    double w, h;
    mm_scene *content; /* in local coordinates, origin at the top left */
    mm_bbox box;       /* placed */
} item;

struct mm_furniture {
    int width, height;
    double margin;
    item *items;
    size_t n, cap;
    double scale_km, scale_px;
};

bool mm_pos_parse(const char *s, mm_pos *out)
{
    static const char *const NAMES[] = {"auto", "top-left", "top-right", "bottom-left",
                                        "bottom-right"};
    for (int i = 0; i < 5; i++) {
        if (s && !strcmp(s, NAMES[i])) {
            *out = (mm_pos)i;
            return true;
        }
    }
    return false;
}

mm_furniture *mm_furniture_create(int width_px, int height_px, double margin_px)
{
    mm_furniture *f = mm_calloc(1, sizeof *f);
    f->width = width_px;
    f->height = height_px;
    f->margin = margin_px;
    return f;
}

void mm_furniture_destroy(mm_furniture *f)
{
    if (!f) {
        return;
    }
    for (size_t i = 0; i < f->n; i++) {
        mm_free(f->items[i].id);
        mm_scene_destroy(f->items[i].content);
    }
    mm_free(f->items);
    mm_free(f);
}

static item *new_item(mm_furniture *f, const char *id, mm_pos pos)
{
    f->items = mm_grow(f->items, &f->cap, f->n + 1, sizeof *f->items);
    item *it = &f->items[f->n++];
    memset(it, 0, sizeof *it);
    it->id = mm_strdup(id);
    it->pos = pos;
    it->content = mm_scene_create(1, 1);
    it->box = mm_bbox_empty();
    return it;
}

/* ---- text ---- */

static double line_height(const mm_text_style *ts)
{
    return ts->font.size_px * 1.3;
}

/* One line at (x, baseline y); returns its width. */
static double put_text(mm_scene *s, const char *text, const mm_text_style *ts, double x, double y,
                       mm_text_anchor anchor)
{
    mm_text_extent e = mm_text_measure(text, &ts->font);
    mm_op *op = mm_draw_text(s, text, &ts->font, ts->color, ts->halo, ts->halo_px);
    mm_op_text *t = &op->u.text;
    t->pos = (mm_xy){x, y};
    t->anchor = anchor;
    double x0 = anchor == MM_TEXT_START ? x : anchor == MM_TEXT_END ? x - e.width : x - e.width / 2;
    t->box = (mm_bbox){x0, y - e.ascent, x0 + e.width, y + e.descent};
    return e.width;
}

/* Greedy wrapping at spaces; returns the number of lines written into out. */
static size_t wrap(const char *text, const mm_text_style *ts, double max_w, char **out,
                   size_t max_lines, double *widest)
{
    size_t n = 0;
    *widest = 0;
    const char *p = text;
    while (*p && n < max_lines) {
        while (*p == ' ') {
            p++;
        }
        const char *best = NULL;
        double best_w = 0;
        const char *q = p;
        for (;;) {
            const char *sp = strchr(q, ' ');
            const char *nl = strchr(q, '\n');
            const char *cut = sp && (!nl || sp < nl) ? sp : nl ? nl : q + strlen(q);
            char *cand = mm_strndup(p, (size_t)(cut - p));
            double w = mm_text_measure(cand, &ts->font).width;
            mm_free(cand);
            if (best && max_w > 0 && w > max_w) {
                break;
            }
            best = cut;
            best_w = w;
            if (*cut != ' ') {
                break;
            }
            q = cut + 1;
        }
        out[n++] = mm_strndup(p, (size_t)(best - p));
        *widest = fmax(*widest, best_w);
        p = *best == '\n' ? best + 1 : best;
    }
    return n;
}

void mm_furniture_add_text(mm_furniture *f, const char *id, mm_pos pos, const char *text,
                           const mm_text_style *ts, double max_width_px)
{
    if (!text || !text[0]) {
        return;
    }
    item *it = new_item(f, id, pos);
    char *lines[16];
    double widest;
    size_t n = wrap(text, ts, max_width_px, lines, 16, &widest);
    mm_text_extent e = mm_text_measure("Xg", &ts->font);
    double lh = line_height(ts);
    /* right-hand corners align text to the right */
    bool right = pos == MM_POS_TOP_RIGHT || pos == MM_POS_BOTTOM_RIGHT;
    for (size_t k = 0; k < n; k++) {
        put_text(it->content, lines[k], ts, right ? widest : 0, e.ascent + (double)k * lh,
                 right ? MM_TEXT_END : MM_TEXT_START);
        mm_free(lines[k]);
    }
    it->w = widest;
    it->h = (double)(n ? n - 1 : 0) * lh + e.ascent + e.descent;
}

/* ---- legend ---- */

enum { SWATCH_W = 26, SWATCH_H = 16 };

static mm_op *rect(mm_scene *s, double x, double y, double w, double h, bool closed)
{
    mm_op *op = mm_scene_add(s, MM_OP_PATH);
    mm_xy *p = mm_scene_alloc_points(s, 5);
    uint32_t *parts = mm_scene_alloc_parts(s, 1);
    p[0] = (mm_xy){x, y};
    p[1] = (mm_xy){x + w, y};
    p[2] = (mm_xy){x + w, y + h};
    p[3] = (mm_xy){x, y + h};
    p[4] = (mm_xy){x, y};
    parts[0] = 0;
    parts[1] = closed ? 4 : 5;
    op->u.path = (mm_op_path){.nparts = 1, .parts = parts, .pts = p, .closed = closed};
    return op;
}

static void swatch(mm_scene *s, mm_style *style, const mm_legend_row *row, double x, double y,
                   mm_arena *scratch)
{
    for (size_t k = 0; k < row->nlayers; k++) {
        const mm_style_layer *l = row->layers[k];
        const mm_features *fs = row->fs[k];
        size_t i = row->feature[k];
        /* patterns are shared by layers: bind to this row's features now */
        mm_style_bind(style, row->layer_index[k], fs);
        mm_xy c = {x + SWATCH_W / 2.0, y + SWATCH_H / 2.0};
        switch (l->type) {
        case MM_LAYER_FILL: {
            mm_op *op = rect(s, x, y, SWATCH_W, SWATCH_H, true);
            mm_draw_paint_fill(op, style, l, fs, i, scratch);
            break;
        }
        case MM_LAYER_LINE: {
            mm_op *op;
            if (row->polygon) {
                op = rect(s, x, y, SWATCH_W, SWATCH_H, true);
            } else {
                op = mm_scene_add(s, MM_OP_PATH);
                mm_xy *p = mm_scene_alloc_points(s, 2);
                uint32_t *parts = mm_scene_alloc_parts(s, 1);
                p[0] = (mm_xy){x, c.y};
                p[1] = (mm_xy){x + SWATCH_W, c.y};
                parts[0] = 0;
                parts[1] = 2;
                op->u.path = (mm_op_path){.nparts = 1, .parts = parts, .pts = p};
            }
            mm_draw_paint_line(op, l, fs, i, scratch);
            op->u.path.has_fill = false;
            break;
        }
        case MM_LAYER_CIRCLE: {
            mm_op *op = mm_draw_circle(s, l, fs, i, c, scratch);
            op->u.marker.radius_px = fmin(op->u.marker.radius_px, SWATCH_H / 2.0 + 1);
            break;
        }
        case MM_LAYER_SYMBOL: {
            int shape = mm_draw_marker_shape(mm_style_string(l, MM_P_ICON_IMAGE, fs, i, scratch));
            if (shape < 0) {
                break;
            }
            mm_rgba fill = mm_style_color(l, MM_P_ICON_COLOR, fs, i, scratch);
            mm_rgba halo = mm_style_color(l, MM_P_ICON_HALO_COLOR, fs, i, scratch);
            double hw = mm_style_number(l, MM_P_ICON_HALO_WIDTH, fs, i, scratch);
            mm_op *op = mm_scene_add(s, MM_OP_MARKER);
            op->u.marker = (mm_op_marker){.shape = (mm_marker_shape)shape,
                                          .center = c,
                                          .radius_px = 6.5,
                                          .has_fill = fill.a > 0,
                                          .fill = fill,
                                          .has_stroke = hw > 0 && halo.a > 0,
                                          .stroke = {.color = halo, .width_px = hw}};
            break;
        }
        default:
            break;
        }
    }
}

void mm_furniture_add_legend(mm_furniture *f, mm_pos pos, mm_style *style, const char *title,
                             const mm_legend_section *sections, size_t nsections, const char *note,
                             const mm_text_style *title_ts, const mm_text_style *text_ts,
                             const mm_text_style *note_ts, mm_rgba panel, double max_width_px,
                             mm_arena *scratch)
{
    size_t rows = 0;
    for (size_t k = 0; k < nsections; k++) {
        rows += sections[k].nrows;
    }
    if (!rows) {
        return;
    }
    item *it = new_item(f, "legend", pos);
    const double pad = 10, gap = 8;
    double lh = fmax(line_height(text_ts), SWATCH_H + 5);
    /* the panel is as wide as its widest line, at most max_width_px */
    double inner = title ? mm_text_measure(title, &title_ts->font).width : 0;
    for (size_t k = 0; k < nsections; k++) {
        if (sections[k].title) {
            inner = fmax(inner, mm_text_measure(sections[k].title, &title_ts->font).width);
        }
        for (size_t r = 0; r < sections[k].nrows; r++) {
            inner =
                fmax(inner, SWATCH_W + gap +
                                mm_text_measure(sections[k].rows[r].label, &text_ts->font).width);
        }
    }
    inner = fmin(inner, max_width_px - 2 * pad);
    char *note_lines[12];
    double note_w = 0;
    size_t nnote = note ? wrap(note, note_ts, inner, note_lines, 12, &note_w) : 0;
    /* content first, panel drawn under it afterwards */
    mm_scene *body = mm_scene_create(1, 1);
    double y = pad;
    mm_text_extent te = mm_text_measure("Xg", &title_ts->font);
    if (title) {
        put_text(body, title, title_ts, pad, y + te.ascent, MM_TEXT_START);
        y += line_height(title_ts) + 2;
    }
    mm_text_extent xe = mm_text_measure("Xg", &text_ts->font);
    for (size_t k = 0; k < nsections; k++) {
        if (!sections[k].nrows) {
            continue;
        }
        if (sections[k].title) {
            y += 3;
            put_text(body, sections[k].title, title_ts, pad, y + te.ascent, MM_TEXT_START);
            y += line_height(title_ts);
        }
        for (size_t r = 0; r < sections[k].nrows; r++) {
            const mm_legend_row *row = &sections[k].rows[r];
            /* a long label wraps beside its swatch */
            char *lines[4];
            double widest;
            size_t nl = wrap(row->label, text_ts, inner - SWATCH_W - gap, lines, 4, &widest);
            double row_h = fmax(lh, (double)nl * line_height(text_ts) + 4);
            swatch(body, style, row, pad, y + (fmin(row_h, lh) - SWATCH_H) / 2, scratch);
            double base = y + lh / 2 + (xe.ascent - xe.descent) / 2;
            for (size_t q = 0; q < nl; q++) {
                put_text(body, lines[q], text_ts, pad + SWATCH_W + gap,
                         base + (double)q * line_height(text_ts), MM_TEXT_START);
                mm_free(lines[q]);
            }
            y += row_h;
        }
    }
    if (nnote) {
        y += 4;
        mm_text_extent ne = mm_text_measure("Xg", &note_ts->font);
        for (size_t k = 0; k < nnote; k++) {
            put_text(body, note_lines[k], note_ts, pad, y + ne.ascent, MM_TEXT_START);
            y += line_height(note_ts);
            mm_free(note_lines[k]);
        }
    }
    it->w = inner + 2 * pad;
    it->h = y + pad - 2;
    if (panel.a > 0) {
        mm_op *bg = rect(it->content, 0, 0, it->w, it->h, true);
        bg->u.path.has_fill = true;
        bg->u.path.fill.color = panel;
        bg->u.path.has_stroke = true;
        bg->u.path.stroke = (mm_stroke){.color = {0.55, 0.55, 0.55, 0.9}, .width_px = 0.8};
    }
    mm_scene_append(it->content, body);
    mm_scene_destroy(body);
}

/* ---- scale bar ---- */

/* The largest 1, 2 or 5 times a power of ten that is at most x. */
static double round_down_nice(double x)
{
    double p = pow(10, floor(log10(x)));
    double m = x / p;
    return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

static void format_km(char *buf, size_t n, double km)
{
    if (km >= 1) {
        snprintf(buf, n, "%.0f", km);
    } else {
        snprintf(buf, n, "%g", km);
    }
}

void mm_furniture_add_scale_bar(mm_furniture *f, mm_pos pos, double km_per_px, double max_width_px,
                                const mm_text_style *ts)
{
    if (!(km_per_px > 0) || !isfinite(km_per_px)) {
        return;
    }
    double km = round_down_nice(km_per_px * max_width_px);
    double px = km / km_per_px;
    f->scale_km = km;
    f->scale_px = px;
    item *it = new_item(f, "scale-bar", pos);
    mm_text_extent e = mm_text_measure("0", &ts->font);
    double top = e.ascent + e.descent + 3, bar_h = 6;
    /* two segments for 1 and 5 multiples read 0 / half / whole; four for 2 */
    double lead = km / pow(10, floor(log10(km)));
    int segs = lead == 2 ? 4 : 2;
    double label_w = mm_text_measure("0000 km", &ts->font).width / 2;
    double x0 = label_w / 2 + 2;
    for (int k = 0; k < segs; k++) {
        mm_op *op = rect(it->content, x0 + px * k / segs, top, px / segs, bar_h, true);
        op->u.path.has_fill = true;
        op->u.path.fill.color = k % 2 ? (mm_rgba){1, 1, 1, 1} : ts->color;
        op->u.path.has_stroke = true;
        op->u.path.stroke = (mm_stroke){.color = ts->color, .width_px = 1};
    }
    char buf[32];
    for (int k = 0; k <= segs; k += segs == 4 ? 2 : 1) {
        double v = km * k / segs;
        format_km(buf, sizeof buf, v);
        if (k == segs) {
            strcat(buf, " km");
        }
        put_text(it->content, buf, ts, x0 + px * k / segs, e.ascent, MM_TEXT_MIDDLE);
    }
    it->w = x0 + px + mm_text_measure(" km", &ts->font).width + label_w;
    it->h = top + bar_h + 1;
}

void mm_furniture_scale_bar(const mm_furniture *f, double *km, double *px)
{
    *km = f->scale_km;
    *px = f->scale_px;
}

/* ---- north arrow ---- */

void mm_furniture_add_north_arrow(mm_furniture *f, mm_pos pos, double angle_deg, double size_px,
                                  const mm_text_style *ts)
{
    item *it = new_item(f, "north-arrow", pos);
    double r = size_px / 2, a = angle_deg * M_PI / 180;
    mm_xy c = {r + 2, r + 2 + ts->font.size_px};
    /* an arrowhead pointing to north, split into a dark and a light half */
    mm_xy tip = {0, -r}, left = {-r * 0.45, r * 0.75}, notch = {0, r * 0.35},
          right = {r * 0.45, r * 0.75};
    mm_xy half[2][3] = {{tip, left, notch}, {tip, notch, right}};
    for (int h = 0; h < 2; h++) {
        mm_op *op = mm_scene_add(it->content, MM_OP_PATH);
        mm_xy *p = mm_scene_alloc_points(it->content, 3);
        uint32_t *parts = mm_scene_alloc_parts(it->content, 1);
        for (int k = 0; k < 3; k++) {
            mm_xy q = half[h][k];
            p[k] = (mm_xy){c.x + q.x * cos(a) - q.y * sin(a), c.y + q.x * sin(a) + q.y * cos(a)};
        }
        parts[0] = 0;
        parts[1] = 3;
        op->u.path =
            (mm_op_path){.nparts = 1,
                         .parts = parts,
                         .pts = p,
                         .closed = true,
                         .has_fill = true,
                         .fill = {.color = h ? (mm_rgba){1, 1, 1, 1} : ts->color},
                         .has_stroke = true,
                         .stroke = {.color = ts->color, .width_px = 1, .join = MM_JOIN_ROUND}};
    }
    mm_xy n = {c.x - (r + 4) * sin(-a), c.y - (r + 4) * cos(-a)};
    put_text(it->content, "N", ts, n.x, n.y, MM_TEXT_MIDDLE);
    it->w = 2 * r + 4;
    it->h = 2 * r + 4 + ts->font.size_px;
}

/* ---- inset ---- */

void mm_furniture_add_inset(mm_furniture *f, mm_pos pos, const mm_scene *content, double width_px,
                            double height_px, mm_rgba frame)
{
    item *it = new_item(f, "inset", pos);
    /* the main extent's outline may reach far past the inset (a world map) */
    mm_scene_begin_clip_group(it->content, "inset-map", NULL, (mm_bbox){0, 0, width_px, height_px});
    mm_scene_append(it->content, content);
    mm_scene_end_group(it->content);
    mm_op *op = rect(it->content, 0, 0, width_px, height_px, true);
    op->u.path.has_stroke = true;
    op->u.path.stroke = (mm_stroke){.color = frame, .width_px = 1};
    it->w = width_px;
    it->h = height_px;
}

/* ---- layout ---- */

static int occupied_cells(const uint8_t *occ, int cols, int rows, int cell, mm_bbox b)
{
    if (!occ) {
        return 0;
    }
    int c0 = (int)floor(b.minx / cell), c1 = (int)floor(b.maxx / cell);
    int r0 = (int)floor(b.miny / cell), r1 = (int)floor(b.maxy / cell);
    int n = 0;
    for (int r = r0 < 0 ? 0 : r0; r <= r1 && r < rows; r++) {
        for (int c = c0 < 0 ? 0 : c0; c <= c1 && c < cols; c++) {
            n += occ[(size_t)r * (size_t)cols + (size_t)c] != 0;
        }
    }
    return n;
}

/* Where the next piece goes in a corner, given the pieces already there. */
static mm_bbox slot(const mm_furniture *f, mm_pos pos, double w, double h)
{
    const double gap = 10;
    bool top = pos == MM_POS_TOP_LEFT || pos == MM_POS_TOP_RIGHT;
    bool left = pos == MM_POS_TOP_LEFT || pos == MM_POS_BOTTOM_LEFT;
    double y = top ? f->margin : f->height - f->margin;
    for (size_t i = 0; i < f->n; i++) {
        const item *o = &f->items[i];
        if (mm_bbox_is_empty(o->box) || o->pos != pos) {
            continue;
        }
        y = top ? fmax(y, o->box.maxy + gap) : fmin(y, o->box.miny - gap);
    }
    double x = left ? f->margin : f->width - f->margin - w;
    double y0 = top ? y : y - h;
    return (mm_bbox){x, y0, x + w, y0 + h};
}

static bool overlaps_placed(const mm_furniture *f, mm_bbox b)
{
    for (size_t i = 0; i < f->n; i++) {
        mm_bbox o = f->items[i].box;
        if (!mm_bbox_is_empty(o) && b.minx < o.maxx && o.minx < b.maxx && b.miny < o.maxy &&
            o.miny < b.maxy) {
            return true;
        }
    }
    return false;
}

void mm_furniture_layout(mm_furniture *f, const uint8_t *occupied, int cols, int rows, int cell)
{
    /* pieces given a corner first, in the order added; then the others */
    for (size_t i = 0; i < f->n; i++) {
        item *it = &f->items[i];
        if (it->pos != MM_POS_AUTO) {
            it->box = slot(f, it->pos, it->w, it->h);
        }
    }
    for (size_t i = 0; i < f->n; i++) {
        item *it = &f->items[i];
        if (!mm_bbox_is_empty(it->box)) {
            continue;
        }
        double best = INFINITY;
        mm_pos best_pos = MM_POS_TOP_LEFT;
        for (int p = MM_POS_TOP_LEFT; p <= MM_POS_BOTTOM_RIGHT; p++) {
            mm_bbox b = slot(f, (mm_pos)p, it->w, it->h);
            double score = occupied_cells(occupied, cols, rows, cell, b);
            /* spread pieces over the free corners rather than piling them up */
            for (size_t k = 0; k < f->n; k++) {
                if (k != i && f->items[k].pos == (mm_pos)p && !mm_bbox_is_empty(f->items[k].box)) {
                    score += 4;
                }
            }
            if (b.minx < 0 || b.miny < 0 || b.maxx > f->width || b.maxy > f->height) {
                score += 1e6;
            }
            if (overlaps_placed(f, b)) {
                score += 1e6;
            }
            if (score < best) {
                best = score;
                best_pos = (mm_pos)p;
            }
        }
        it->pos = best_pos;
        it->box = slot(f, best_pos, it->w, it->h);
    }
}

size_t mm_furniture_count(const mm_furniture *f)
{
    return f->n;
}

const char *mm_furniture_id(const mm_furniture *f, size_t i)
{
    return f->items[i].id;
}

mm_bbox mm_furniture_box(const mm_furniture *f, size_t i)
{
    return f->items[i].box;
}

void mm_furniture_emit(const mm_furniture *f, mm_scene *s)
{
    for (size_t i = 0; i < f->n; i++) {
        const item *it = &f->items[i];
        if (mm_bbox_is_empty(it->box)) {
            continue;
        }
        mm_scene_begin_group(s, it->id, it->id);
        mm_scene_append_moved(s, it->content, it->box.minx, it->box.miny);
        mm_scene_end_group(s);
    }
}
