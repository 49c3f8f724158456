/*
 * layers.c — draws background, fill, line and circle layers from a style and
 * a projected feature set. Part of draw/. Constant paint is evaluated once per
 * layer; data-driven paint once per feature.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/draw.h"

static mm_line_cap cap_of(const char *s)
{
    return !s                     ? MM_CAP_BUTT
           : !strcmp(s, "round")  ? MM_CAP_ROUND
           : !strcmp(s, "square") ? MM_CAP_SQUARE
                                  : MM_CAP_BUTT;
}

static mm_line_join join_of(const char *s)
{
    return !s                    ? MM_JOIN_MITER
           : !strcmp(s, "round") ? MM_JOIN_ROUND
           : !strcmp(s, "bevel") ? MM_JOIN_BEVEL
                                 : MM_JOIN_MITER;
}

static const char *const MARKERS[] = {"malimap:circle",  "malimap:square", "malimap:triangle",
                                      "malimap:diamond", "malimap:cross",  "malimap:star"};

int mm_draw_marker_shape(const char *icon)
{
    if (!icon) {
        return -1;
    }
    for (size_t i = 0; i < sizeof MARKERS / sizeof MARKERS[0]; i++) {
        if (!strcmp(icon, MARKERS[i])) {
            return (int)i; /* same order as mm_marker_shape */
        }
    }
    return -1;
}

/* Properties worth carrying into SVG as data- attributes, and their names there. */
static const char *const ATTR_PROPS[][2] = {
    {"name", "name"},         {"controller", "controller"},  {"status", "status"},
    {"since", "since"},       {"event_id_cnty", "event-id"}, {"event_id", "event-id"},
    {"event_date", "date"},   {"event_type", "event-type"},  {"fatalities", "fatalities"},
    {"location", "place"},    {"iso3166_2", "iso"},          {"valid_from", "valid-from"},
    {"valid_to", "valid-to"},
};

void mm_draw_attach_attrs(mm_scene *s, mm_op *op, const mm_features *fs, size_t i)
{
    enum { N = sizeof ATTR_PROPS / sizeof ATTR_PROPS[0] };
    mm_attr attrs[N];
    char num[N][32];
    size_t n = 0;
    for (size_t k = 0; k < N; k++) {
        mm_value v = mm_features_get_named(fs, i, ATTR_PROPS[k][0]);
        const char *text = NULL;
        if (v.type == MM_VAL_STRING && v.u.str[0]) {
            text = v.u.str;
        } else if (v.type == MM_VAL_NUMBER) {
            snprintf(num[n], sizeof num[n], "%.10g", v.u.num);
            text = num[n];
        }
        if (text) {
            attrs[n].key = ATTR_PROPS[k][1];
            attrs[n].value = text;
            n++;
        }
    }
    if (n) {
        mm_scene_set_attrs(s, op, attrs, n);
    }
}

static void dash_of(mm_xval v, double width, mm_stroke *st)
{
    st->ndash = 0;
    if (v.type != MM_X_ARRAY) {
        return;
    }
    /* MapLibre dash lengths are in line widths */
    double w = width > 0 ? width : 1;
    double total = 0;
    for (size_t k = 0; k < v.u.arr.n && k < MM_DASH_MAX; k++) {
        double d = v.u.arr.items[k].type == MM_X_NUMBER ? v.u.arr.items[k].u.num : 0;
        st->dash[st->ndash++] = d * w;
        total += d;
    }
    if (total <= 0) {
        st->ndash = 0;
    }
}

static void draw_background(mm_scene *s, const mm_style_layer *l, const mm_draw_ctx *ctx)
{
    mm_rgba c = mm_style_color(l, MM_P_BACKGROUND_COLOR, NULL, 0, ctx->scratch);
    c.a *= mm_style_number(l, MM_P_BACKGROUND_OPACITY, NULL, 0, ctx->scratch);
    mm_op *op = mm_scene_add(s, MM_OP_PATH);
    mm_xy *pts = mm_scene_alloc_points(s, 4);
    uint32_t *parts = mm_scene_alloc_parts(s, 1);
    double w = ctx->view->width_px, h = ctx->view->height_px;
    pts[0] = (mm_xy){0, 0};
    pts[1] = (mm_xy){w, 0};
    pts[2] = (mm_xy){w, h};
    pts[3] = (mm_xy){0, h};
    parts[0] = 0;
    parts[1] = 4;
    op->u.path = (mm_op_path){.nparts = 1,
                              .parts = parts,
                              .pts = pts,
                              .closed = true,
                              .has_fill = true,
                              .fill = {.color = c}};
}

void mm_draw_paint_fill(mm_op *op, mm_style *style, const mm_style_layer *l, const mm_features *fs,
                        size_t i, mm_arena *scratch)
{
    mm_op_path *p = &op->u.path;
    p->has_fill = true;
    p->fill.color = mm_style_color(l, MM_P_FILL_COLOR, fs, i, scratch);
    op->opacity = mm_style_number(l, MM_P_FILL_OPACITY, fs, i, scratch);
    const char *pattern = mm_style_string(l, MM_P_FILL_PATTERN, fs, i, scratch);
    const mm_style_pattern *pat = pattern ? mm_style_pattern_find(style, pattern) : NULL;
    if (pat) {
        mm_xval c = mm_expr_eval(pat->color, fs, i, scratch);
        mm_xval b = pat->background ? mm_expr_eval(pat->background, fs, i, scratch)
                                    : (mm_xval){.type = MM_X_NULL};
        p->fill.pattern = MM_PATTERN_HATCH;
        p->fill.color = c.type == MM_X_COLOR ? c.u.color : p->fill.color;
        p->fill.color2 = b.type == MM_X_COLOR ? b.u.color : (mm_rgba){0, 0, 0, 0};
        p->fill.angle_deg = pat->angle_deg;
        p->fill.spacing_px = pat->spacing_px;
        p->fill.line_px = pat->width_px;
    }
    if (l->prop[MM_P_FILL_OUTLINE_COLOR]) {
        p->has_stroke = true;
        p->stroke.color = mm_style_color(l, MM_P_FILL_OUTLINE_COLOR, fs, i, scratch);
        p->stroke.width_px = 1;
        p->stroke.join = MM_JOIN_ROUND;
    }
}

static void draw_fill(mm_scene *s, mm_style *style, const mm_style_layer *l, const mm_features *fs,
                      size_t i, const mm_draw_ctx *ctx)
{
    mm_op *op = mm_draw_path(s, ctx->view, mm_features_geom(fs, i), ctx->tolerance_px, 2);
    if (!op || !op->u.path.closed) {
        if (op) {
            op->u.path.has_fill = false; /* a line in a fill layer draws nothing */
        }
        return;
    }
    mm_draw_paint_fill(op, style, l, fs, i, ctx->scratch);
    mm_draw_attach_attrs(s, op, fs, i);
}

bool mm_draw_paint_line(mm_op *op, const mm_style_layer *l, const mm_features *fs, size_t i,
                        mm_arena *scratch)
{
    double width = mm_style_number(l, MM_P_LINE_WIDTH, fs, i, scratch);
    mm_op_path *p = &op->u.path;
    p->has_stroke = width > 0;
    p->stroke.color = mm_style_color(l, MM_P_LINE_COLOR, fs, i, scratch);
    p->stroke.width_px = width;
    p->stroke.cap = cap_of(mm_style_string(l, MM_P_LINE_CAP, fs, i, scratch));
    p->stroke.join = join_of(mm_style_string(l, MM_P_LINE_JOIN, fs, i, scratch));
    dash_of(mm_style_value(l, MM_P_LINE_DASHARRAY, fs, i, scratch), width, &p->stroke);
    op->opacity = mm_style_number(l, MM_P_LINE_OPACITY, fs, i, scratch);
    return width > 0;
}

static void draw_line(mm_scene *s, const mm_style_layer *l, const mm_features *fs, size_t i,
                      const mm_draw_ctx *ctx)
{
    double width = mm_style_number(l, MM_P_LINE_WIDTH, fs, i, ctx->scratch);
    if (width <= 0) {
        return;
    }
    mm_op *op = mm_draw_path(s, ctx->view, mm_features_geom(fs, i), ctx->tolerance_px, width);
    if (!op) {
        return;
    }
    mm_draw_paint_line(op, l, fs, i, ctx->scratch);
    op->u.path.has_fill = false;
    mm_draw_attach_attrs(s, op, fs, i);
}

mm_op *mm_draw_circle(mm_scene *s, const mm_style_layer *l, const mm_features *fs, size_t i,
                      mm_xy centre, mm_arena *scratch)
{
    double r = mm_style_number(l, MM_P_CIRCLE_RADIUS, fs, i, scratch);
    double sw = mm_style_number(l, MM_P_CIRCLE_STROKE_WIDTH, fs, i, scratch);
    mm_rgba fill = mm_style_color(l, MM_P_CIRCLE_COLOR, fs, i, scratch);
    fill.a *= mm_style_number(l, MM_P_CIRCLE_OPACITY, fs, i, scratch);
    mm_rgba stroke = mm_style_color(l, MM_P_CIRCLE_STROKE_COLOR, fs, i, scratch);
    stroke.a *= mm_style_number(l, MM_P_CIRCLE_STROKE_OPACITY, fs, i, scratch);
    mm_op *op = mm_scene_add(s, MM_OP_MARKER);
    op->u.marker = (mm_op_marker){.shape = MM_MARKER_CIRCLE,
                                  .center = centre,
                                  .radius_px = r,
                                  .has_fill = fill.a > 0,
                                  .fill = fill,
                                  .has_stroke = sw > 0 && stroke.a > 0,
                                  .stroke = {.color = stroke, .width_px = sw}};
    return op;
}

static void draw_circle(mm_scene *s, const mm_style_layer *l, const mm_features *fs, size_t i,
                        const mm_draw_ctx *ctx)
{
    const mm_geom *g = mm_features_geom(fs, i);
    if (g->type != MM_GEOM_POINT) {
        return;
    }
    double r = mm_style_number(l, MM_P_CIRCLE_RADIUS, fs, i, ctx->scratch) +
               mm_style_number(l, MM_P_CIRCLE_STROKE_WIDTH, fs, i, ctx->scratch);
    for (uint32_t k = 0; k < g->npts; k++) {
        mm_xy c = mm_view_to_px(ctx->view, g->pts[k]);
        if (isnan(c.x) || c.x < -r || c.y < -r || c.x > ctx->view->width_px + r ||
            c.y > ctx->view->height_px + r) {
            continue;
        }
        mm_op *op = mm_draw_circle(s, l, fs, i, c, ctx->scratch);
        mm_draw_attach_attrs(s, op, fs, i);
    }
}

typedef struct keyed {
    double key;
    size_t index;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key) {
        return x->key < y->key ? -1 : 1;
    }
    return x->index < y->index ? -1 : x->index > y->index; /* stable */
}

/* Drawing order from the layer's sort key (ascending: lower keys are drawn
 * first, below higher ones), or NULL for the features' own order. */
static size_t *sort_order(const mm_style_layer *l, const mm_features *fs, const mm_draw_ctx *ctx)
{
    mm_prop p = l->type == MM_LAYER_FILL     ? MM_P_FILL_SORT_KEY
                : l->type == MM_LAYER_LINE   ? MM_P_LINE_SORT_KEY
                : l->type == MM_LAYER_CIRCLE ? MM_P_CIRCLE_SORT_KEY
                                             : MM_P__COUNT;
    size_t n = mm_features_count(fs);
    if (p == MM_P__COUNT || !l->prop[p] || mm_style_is_constant(l, p) || n < 2) {
        return NULL;
    }
    keyed *k = mm_array_alloc(n, sizeof *k);
    for (size_t i = 0; i < n; i++) {
        k[i].key = mm_style_number(l, p, fs, i, ctx->scratch);
        k[i].index = i;
    }
    qsort(k, n, sizeof *k, by_key);
    size_t *order = mm_array_alloc(n, sizeof *order);
    for (size_t i = 0; i < n; i++) {
        order[i] = k[i].index;
    }
    mm_free(k);
    return order;
}

void mm_draw_layer(mm_scene *s, mm_style *style, size_t layer, const mm_features *fs,
                   const mm_draw_ctx *ctx)
{
    const mm_style_layer *l = mm_style_layer_at(style, layer);
    if (!l->visible || l->type == MM_LAYER_SYMBOL) {
        return;
    }
    mm_scene_begin_group(s, l->id, l->id);
    if (l->type == MM_LAYER_BACKGROUND) {
        draw_background(s, l, ctx);
        mm_scene_end_group(s);
        return;
    }
    mm_style_bind(style, layer, fs);
    size_t n = mm_features_count(fs);
    size_t *order = sort_order(l, fs, ctx);
    for (size_t k = 0; k < n; k++) {
        size_t i = order ? order[k] : k;
        if (!mm_style_filter(l, fs, i, ctx->scratch)) {
            continue;
        }
        switch (l->type) {
        case MM_LAYER_FILL:
            draw_fill(s, style, l, fs, i, ctx);
            break;
        case MM_LAYER_LINE:
            draw_line(s, l, fs, i, ctx);
            break;
        case MM_LAYER_CIRCLE:
            draw_circle(s, l, fs, i, ctx);
            break;
        default:
            break;
        }
    }
    mm_free(order);
    mm_scene_end_group(s);
}
