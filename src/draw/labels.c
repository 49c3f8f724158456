/*
 * labels.c — symbol placement with a grid collision index. Part of draw/.
 */
#include "malimap/labels.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/draw.h"
#include "malimap/geom.h"
#include "malimap/svgicon.h"
#include "malimap/text.h"
#include "malimap/text_measure.h"

enum { CELL = 32, MAX_LINES = 8, MAX_ANCHORS = 9 };

/* How far an SVG icon's flattened curves may stray from the true outline, in
 * scene pixels: invisible at 2x. */
#define ICON_TOLERANCE_PX 0.05

typedef enum anchor {
    A_CENTER,
    A_LEFT,
    A_RIGHT,
    A_TOP,
    A_BOTTOM,
    A_TOP_LEFT,
    A_TOP_RIGHT,
    A_BOTTOM_LEFT,
    A_BOTTOM_RIGHT
} anchor;

static const char *const ANCHOR_NAMES[] = {"center",    "left",        "right",
                                           "top",       "bottom",      "top-left",
                                           "top-right", "bottom-left", "bottom-right"};

typedef struct line {
    const char *text;
    double width;
} line;

typedef struct symbol {
    size_t layer;
    const char *layer_id;
    const mm_features *fs; /* alive until the scene is built */
    size_t feature;
    double sort_key;
    size_t seq;
    mm_xy at; /* anchor point, pixels */
    /* text */
    const char *text;
    line lines[MAX_LINES];
    int nlines;
    mm_font font;
    double width, height, line_h, ascent, descent;
    anchor anchors[MAX_ANCHORS];
    int nanchors;
    double offset_x, offset_y; /* pixels */
    double radial;             /* pixels, 0 = use offset */
    double padding;
    bool text_allow_overlap, text_ignore, text_optional;
    int justify; /* -1 auto, 0 left, 1 center, 2 right */
    mm_rgba color, halo;
    double halo_w, text_opacity;
    /* icon */
    bool has_icon;
    int marker; /* mm_marker_shape, or -1 for an image */
    const char *image;
    mm_svgicon *svg; /* an SVG image, drawn as paths (owned by the labels' cache) */
    double icon_w, icon_h;
    mm_xy icon_offset;
    mm_rgba icon_color, icon_halo;
    double icon_halo_w, icon_opacity;
    bool icon_allow_overlap, icon_ignore, icon_optional;
    /* areas: the label must fit the largest circle inside (pixels) */
    double fit_radius;
    /* lines: the path in pixels the text follows */
    mm_xy *path;
    size_t npath;
    double angle_deg; /* chosen rotation of a line label */
    /* result */
    bool text_placed, icon_placed;
    anchor chosen;
    mm_bbox box, icon_box;
} symbol;

typedef struct obstacle {
    mm_bbox box;
    mm_xy centre;
} obstacle;

/* An SVG icon file, read once per labels run however many symbols show it. */
typedef struct svg_file {
    char *path;
    mm_svgicon *icon; /* NULL: the file cannot be read or drawn */
} svg_file;

struct mm_labels {
    int width, height;
    mm_arena *arena;
    symbol *syms;
    size_t nsyms, syms_cap;
    obstacle *boxes;
    size_t nboxes, boxes_cap;
    int cols, rows;
    size_t **cells; /* per cell: indices into boxes */
    size_t *cell_n, *cell_cap;
    mm_geos *geos; /* for label points of areas, created when first needed */
    svg_file *svgs;
    size_t nsvgs, svgs_cap;
};

mm_labels *mm_labels_create(int width_px, int height_px)
{
    mm_labels *lb = mm_calloc(1, sizeof *lb);
    lb->width = width_px;
    lb->height = height_px;
    lb->arena = mm_arena_create(0);
    lb->cols = width_px / CELL + 1;
    lb->rows = height_px / CELL + 1;
    size_t ncells = (size_t)lb->cols * (size_t)lb->rows;
    lb->cells = mm_calloc(ncells, sizeof *lb->cells);
    lb->cell_n = mm_calloc(ncells, sizeof *lb->cell_n);
    lb->cell_cap = mm_calloc(ncells, sizeof *lb->cell_cap);
    return lb;
}

void mm_labels_destroy(mm_labels *lb)
{
    if (!lb) {
        return;
    }
    size_t ncells = (size_t)lb->cols * (size_t)lb->rows;
    for (size_t i = 0; i < ncells; i++) {
        mm_free(lb->cells[i]);
    }
    mm_free(lb->cells);
    mm_free(lb->cell_n);
    mm_free(lb->cell_cap);
    mm_free(lb->syms);
    mm_free(lb->boxes);
    mm_geos_destroy(lb->geos);
    for (size_t i = 0; i < lb->nsvgs; i++) {
        mm_free(lb->svgs[i].path);
        mm_svgicon_destroy(lb->svgs[i].icon);
    }
    mm_free(lb->svgs);
    mm_arena_destroy(lb->arena);
    mm_free(lb);
}

/* ---- collision index ---- */

static void cell_range(const mm_labels *lb, mm_bbox b, int *c0, int *r0, int *c1, int *r1)
{
    *c0 = (int)floor(b.minx / CELL);
    *r0 = (int)floor(b.miny / CELL);
    *c1 = (int)floor(b.maxx / CELL);
    *r1 = (int)floor(b.maxy / CELL);
    *c0 = *c0 < 0 ? 0 : *c0 >= lb->cols ? lb->cols - 1 : *c0;
    *c1 = *c1 < 0 ? 0 : *c1 >= lb->cols ? lb->cols - 1 : *c1;
    *r0 = *r0 < 0 ? 0 : *r0 >= lb->rows ? lb->rows - 1 : *r0;
    *r1 = *r1 < 0 ? 0 : *r1 >= lb->rows ? lb->rows - 1 : *r1;
}

static void index_box(mm_labels *lb, mm_bbox b, mm_xy centre)
{
    lb->boxes = mm_grow(lb->boxes, &lb->boxes_cap, lb->nboxes + 1, sizeof *lb->boxes);
    size_t id = lb->nboxes++;
    lb->boxes[id] = (obstacle){b, centre};
    int c0, r0, c1, r1;
    cell_range(lb, b, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++) {
        for (int c = c0; c <= c1; c++) {
            size_t k = (size_t)r * (size_t)lb->cols + (size_t)c;
            lb->cells[k] =
                mm_grow(lb->cells[k], &lb->cell_cap[k], lb->cell_n[k] + 1, sizeof **lb->cells);
            lb->cells[k][lb->cell_n[k]++] = id;
        }
    }
}

/* Interiors overlap (boxes that only touch do not collide). */
static bool overlaps(mm_bbox a, mm_bbox b)
{
    return a.minx < b.maxx && b.minx < a.maxx && a.miny < b.maxy && b.miny < a.maxy;
}

static bool collides(const mm_labels *lb, mm_bbox b, mm_xy own)
{
    int c0, r0, c1, r1;
    cell_range(lb, b, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++) {
        for (int c = c0; c <= c1; c++) {
            size_t k = (size_t)r * (size_t)lb->cols + (size_t)c;
            for (size_t q = 0; q < lb->cell_n[k]; q++) {
                const obstacle *o = &lb->boxes[lb->cells[k][q]];
                if (fabs(o->centre.x - own.x) <= 1 && fabs(o->centre.y - own.y) <= 1) {
                    continue; /* the feature's own dot */
                }
                if (overlaps(o->box, b)) {
                    return true;
                }
            }
        }
    }
    return false;
}

static bool inside_frame(const mm_labels *lb, mm_bbox b)
{
    return b.minx >= 1 && b.miny >= 1 && b.maxx <= lb->width - 1 && b.maxy <= lb->height - 1;
}

void mm_labels_add_obstacle(mm_labels *lb, mm_bbox box)
{
    /* centre far away: no label can claim it as its own */
    index_box(lb, box, (mm_xy){-1e9, -1e9});
}

void mm_labels_add_circles(mm_labels *lb, mm_style *style, size_t layer, const mm_features *fs,
                           const mm_view *v, mm_arena *scratch)
{
    const mm_style_layer *l = mm_style_layer_at(style, layer);
    if (!l->visible || l->type != MM_LAYER_CIRCLE) {
        return;
    }
    mm_style_bind(style, layer, fs);
    size_t n = mm_features_count(fs);
    for (size_t i = 0; i < n; i++) {
        const mm_geom *g = mm_features_geom(fs, i);
        if (g->type != MM_GEOM_POINT || !mm_style_filter(l, fs, i, scratch)) {
            continue;
        }
        double r = mm_style_number(l, MM_P_CIRCLE_RADIUS, fs, i, scratch) +
                   mm_style_number(l, MM_P_CIRCLE_STROKE_WIDTH, fs, i, scratch) / 2;
        for (uint32_t k = 0; k < g->npts; k++) {
            mm_xy c = mm_view_to_px(v, g->pts[k]);
            if (isnan(c.x)) {
                continue;
            }
            index_box(lb, (mm_bbox){c.x - r, c.y - r, c.x + r, c.y + r}, c);
        }
    }
}

/* ---- collecting ---- */

static anchor anchor_of(const char *s)
{
    for (int i = 0; i < MAX_ANCHORS; i++) {
        if (s && !strcmp(s, ANCHOR_NAMES[i])) {
            return (anchor)i;
        }
    }
    return A_CENTER;
}

static const char *transform(const char *s, const char *how, mm_arena *a)
{
    if (!how || !strcmp(how, "none")) {
        return mm_arena_strdup(a, s);
    }
    /* ASCII case mapping plus Latin-1 letters; other scripts are kept */
    bool up = !strcmp(how, "uppercase");
    size_t n = strlen(s);
    char *out = mm_arena_alloc(a, n + 1);
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (up && c >= 'a' && c <= 'z') {
            c = (unsigned char)(c - 32);
        } else if (!up && c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c + 32);
        } else if (c == 0xc3 && i + 1 < n) {
            unsigned char d = (unsigned char)s[i + 1];
            /* à..þ (0xa0..0xbe) <-> À..Þ (0x80..0x9e), not ÷ × */
            if (up && d >= 0xa0 && d <= 0xbe && d != 0xb7) {
                d = (unsigned char)(d - 0x20);
            } else if (!up && d >= 0x80 && d <= 0x9e && d != 0x97) {
                d = (unsigned char)(d + 0x20);
            }
            out[i++] = (char)c;
            out[i] = (char)d;
            continue;
        }
        out[i] = (char)c;
    }
    return out;
}

/* Breaks text into lines no wider than max_px at spaces (and explicit \n). */
static void wrap(symbol *sym, const char *text, double max_px, mm_arena *a)
{
    sym->nlines = 0;
    const char *p = text;
    while (*p && sym->nlines < MAX_LINES) {
        const char *nl = strchr(p, '\n');
        size_t para = nl ? (size_t)(nl - p) : strlen(p);
        const char *start = p, *end = p + para;
        while (start < end && sym->nlines < MAX_LINES) {
            /* grow the line word by word while it fits */
            const char *best = NULL;
            const char *q = start;
            for (;;) {
                const char *sp = memchr(q, ' ', (size_t)(end - q));
                const char *cut = sp ? sp : end;
                char *cand = mm_arena_strndup(a, start, (size_t)(cut - start));
                double w = mm_text_measure(cand, &sym->font).width;
                if (best && w > max_px) {
                    break;
                }
                best = cut;
                sym->lines[sym->nlines].text = cand;
                sym->lines[sym->nlines].width = w;
                if (!sp) {
                    break;
                }
                q = sp + 1;
            }
            sym->nlines++;
            start = best;
            while (start < end && *start == ' ') {
                start++;
            }
        }
        p = nl ? nl + 1 : end;
    }
}

static void collect_text(symbol *sym, const mm_style_layer *l, const mm_features *fs, size_t i,
                         mm_arena *scratch, mm_arena *keep)
{
    const char *field = mm_style_string(l, MM_P_TEXT_FIELD, fs, i, scratch);
    if (!field) {
        return;
    }
    double size = mm_style_number(l, MM_P_TEXT_SIZE, fs, i, scratch);
    if (size <= 0) {
        return;
    }
    const char *names[8];
    size_t nn = 0;
    mm_xval fonts = mm_style_value(l, MM_P_TEXT_FONT, fs, i, scratch);
    for (size_t k = 0; fonts.type == MM_X_ARRAY && k < fonts.u.arr.n && nn < 8; k++) {
        if (fonts.u.arr.items[k].type == MM_X_STRING) {
            names[nn++] = fonts.u.arr.items[k].u.str;
        }
    }
    mm_font_from_names(names, nn, size, keep, &sym->font);
    sym->font.letter_spacing_px =
        mm_style_number(l, MM_P_TEXT_LETTER_SPACING, fs, i, scratch) * size;
    sym->text = transform(field, mm_style_string(l, MM_P_TEXT_TRANSFORM, fs, i, scratch), keep);
    double max_w = mm_style_number(l, MM_P_TEXT_MAX_WIDTH, fs, i, scratch) * size;
    wrap(sym, sym->text, max_w > 0 ? max_w : 1e9, keep);
    mm_text_extent ext = mm_text_measure(sym->text, &sym->font);
    sym->ascent = ext.ascent;
    sym->descent = ext.descent;
    sym->line_h = fmax(mm_style_number(l, MM_P_TEXT_LINE_HEIGHT, fs, i, scratch) * size,
                       ext.ascent + ext.descent);
    sym->width = 0;
    for (int k = 0; k < sym->nlines; k++) {
        sym->width = fmax(sym->width, sym->lines[k].width);
    }
    sym->height = sym->nlines > 1 ? sym->nlines * sym->line_h : ext.ascent + ext.descent;
    mm_xval va = mm_style_value(l, MM_P_TEXT_VARIABLE_ANCHOR, fs, i, scratch);
    sym->nanchors = 0;
    if (va.type == MM_X_ARRAY) {
        for (size_t k = 0; k < va.u.arr.n && sym->nanchors < MAX_ANCHORS; k++) {
            if (va.u.arr.items[k].type == MM_X_STRING) {
                sym->anchors[sym->nanchors++] = anchor_of(va.u.arr.items[k].u.str);
            }
        }
    }
    if (sym->nanchors == 0) {
        sym->anchors[sym->nanchors++] =
            anchor_of(mm_style_string(l, MM_P_TEXT_ANCHOR, fs, i, scratch));
    }
    mm_xval off = mm_style_value(l, MM_P_TEXT_OFFSET, fs, i, scratch);
    if (off.type == MM_X_ARRAY && off.u.arr.n == 2) {
        sym->offset_x = off.u.arr.items[0].u.num * size;
        sym->offset_y = off.u.arr.items[1].u.num * size;
    }
    sym->radial = mm_style_number(l, MM_P_TEXT_RADIAL_OFFSET, fs, i, scratch) * size;
    sym->padding = mm_style_number(l, MM_P_TEXT_PADDING, fs, i, scratch);
    sym->text_allow_overlap = mm_style_bool(l, MM_P_TEXT_ALLOW_OVERLAP, fs, i, scratch);
    sym->text_ignore = mm_style_bool(l, MM_P_TEXT_IGNORE_PLACEMENT, fs, i, scratch);
    sym->text_optional = mm_style_bool(l, MM_P_TEXT_OPTIONAL, fs, i, scratch);
    const char *j = mm_style_string(l, MM_P_TEXT_JUSTIFY, fs, i, scratch);
    sym->justify = !j || !strcmp(j, "center") ? 1
                   : !strcmp(j, "left")       ? 0
                   : !strcmp(j, "right")      ? 2
                                              : -1;
    sym->color = mm_style_color(l, MM_P_TEXT_COLOR, fs, i, scratch);
    sym->halo = mm_style_color(l, MM_P_TEXT_HALO_COLOR, fs, i, scratch);
    sym->halo_w = mm_style_number(l, MM_P_TEXT_HALO_WIDTH, fs, i, scratch);
    sym->text_opacity = mm_style_number(l, MM_P_TEXT_OPACITY, fs, i, scratch);
}

/* Width and height of a PNG from its header, without decoding it. */
static bool png_size(const char *path, double *w, double *h)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return false;
    }
    unsigned char hdr[24];
    bool ok = fread(hdr, 1, 24, f) == 24 && !memcmp(hdr, "\x89PNG\r\n\x1a\n", 8) &&
              !memcmp(hdr + 12, "IHDR", 4);
    fclose(f);
    if (ok) {
        *w = (double)((uint32_t)hdr[16] << 24 | (uint32_t)hdr[17] << 16 | (uint32_t)hdr[18] << 8 |
                      hdr[19]);
        *h = (double)((uint32_t)hdr[20] << 24 | (uint32_t)hdr[21] << 16 | (uint32_t)hdr[22] << 8 |
                      hdr[23]);
    }
    return ok && *w > 0 && *h > 0;
}

/* The file an icon name stands for: relative to the style's folder. */
static void icon_path(const mm_style *style, const char *icon, char *path, size_t n)
{
    const char *style_path = mm_style_path(style);
    const char *slash = strrchr(style_path, '/');
    if (icon[0] == '/' || !slash) {
        snprintf(path, n, "%s", icon);
    } else {
        snprintf(path, n, "%.*s/%s", (int)(slash - style_path), style_path, icon);
    }
}

static bool is_svg_name(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && !mm_text_casecmp(path + n - 4, ".svg");
}

/* The SVG icon at path, read the first time it is asked for; NULL when it cannot be drawn. */
static mm_svgicon *svg_icon(mm_labels *lb, const char *path)
{
    for (size_t i = 0; i < lb->nsvgs; i++) {
        if (!strcmp(lb->svgs[i].path, path)) {
            return lb->svgs[i].icon;
        }
    }
    mm_error err;
    mm_error_clear(&err);
    mm_svgicon *icon = NULL;
    mm_svgicon_load(path, &icon, &err); /* `malimap check --style` says what is wrong */
    lb->svgs = mm_grow(lb->svgs, &lb->svgs_cap, lb->nsvgs + 1, sizeof *lb->svgs);
    lb->svgs[lb->nsvgs++] = (svg_file){mm_strdup(path), icon};
    return icon;
}

mm_status mm_labels_check_icon(const mm_style *style, const char *icon, mm_error *err)
{
    if (!icon[0] || mm_draw_marker_shape(icon) >= 0) {
        return MM_OK;
    }
    if (!strncmp(icon, "malimap:", 8)) {
        return MM_ERR(err, MM_E_STYLE, NULL, 0, 0, "no built-in marker '%s'", icon);
    }
    char path[2048];
    icon_path(style, icon, path, sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        return MM_ERR(err, MM_E_IO, NULL, 0, 0, "cannot open icon '%s': %s", icon, strerror(errno));
    }
    fclose(f);
    if (is_svg_name(path)) {
        mm_error why;
        mm_error_clear(&why);
        mm_svgicon *svg = NULL;
        mm_status st = mm_svgicon_load(path, &svg, &why);
        mm_svgicon_destroy(svg);
        if (st != MM_OK) {
            if (why.line == 0) {
                return MM_ERR(err, st, NULL, 0, 0, "icon '%s' cannot be drawn: %s: %s", icon,
                              why.path, why.msg);
            }
            return MM_ERR(err, st, NULL, 0, 0, "icon '%s' cannot be drawn: %s:%ld:%ld: %s", icon,
                          why.path, why.line, why.col, why.msg);
        }
        return MM_OK;
    }
    double w, h;
    if (!png_size(path, &w, &h)) {
        return MM_ERR(err, MM_E_DATA, NULL, 0, 0, "icon '%s' is neither a PNG nor an SVG file",
                      icon);
    }
    return MM_OK;
}

static void collect_icon(mm_labels *lb, symbol *sym, const mm_style *style, const mm_style_layer *l,
                         const mm_features *fs, size_t i, mm_arena *scratch, mm_arena *keep)
{
    const char *icon = mm_style_string(l, MM_P_ICON_IMAGE, fs, i, scratch);
    if (!icon) {
        return;
    }
    double size = mm_style_number(l, MM_P_ICON_SIZE, fs, i, scratch);
    if (size <= 0) {
        return;
    }
    sym->marker = mm_draw_marker_shape(icon);
    if (sym->marker >= 0) {
        sym->icon_w = sym->icon_h = 12 * size; /* built-in markers are 12 px across */
    } else {
        /* an image file, relative to the style's folder */
        char path[2048];
        icon_path(style, icon, path, sizeof path);
        double w, h;
        if (is_svg_name(path)) {
            sym->svg = svg_icon(lb, path);
            if (!sym->svg) {
                return; /* drawn as nothing, as a missing image */
            }
            w = mm_svgicon_width(sym->svg);
            h = mm_svgicon_height(sym->svg);
        } else if (!png_size(path, &w, &h)) {
            return; /* missing or not a PNG: MapLibre draws nothing for a missing image */
        }
        sym->image = mm_arena_strdup(keep, path);
        sym->icon_w = w * size;
        sym->icon_h = h * size;
    }
    sym->has_icon = true;
    mm_xval off = mm_style_value(l, MM_P_ICON_OFFSET, fs, i, scratch);
    if (off.type == MM_X_ARRAY && off.u.arr.n == 2) {
        sym->icon_offset =
            (mm_xy){off.u.arr.items[0].u.num * size, off.u.arr.items[1].u.num * size};
    }
    sym->icon_color = mm_style_color(l, MM_P_ICON_COLOR, fs, i, scratch);
    sym->icon_halo = mm_style_color(l, MM_P_ICON_HALO_COLOR, fs, i, scratch);
    sym->icon_halo_w = mm_style_number(l, MM_P_ICON_HALO_WIDTH, fs, i, scratch);
    sym->icon_opacity = mm_style_number(l, MM_P_ICON_OPACITY, fs, i, scratch);
    sym->icon_allow_overlap = mm_style_bool(l, MM_P_ICON_ALLOW_OVERLAP, fs, i, scratch);
    sym->icon_ignore = mm_style_bool(l, MM_P_ICON_IGNORE_PLACEMENT, fs, i, scratch);
    sym->icon_optional = mm_style_bool(l, MM_P_ICON_OPTIONAL, fs, i, scratch);
}

/* Where an area's name goes: the pole of inaccessibility of its part on the
 * map, and how much room there is around it (pixels). */
static bool area_point(mm_labels *lb, const mm_view *v, const mm_geom *g, mm_xy *at, double *radius)
{
    if (!lb->geos) {
        lb->geos = mm_geos_create();
    }
    mm_bbox ext = mm_view_extent(v);
    if (!mm_bbox_intersects(ext, g->bbox)) {
        return false;
    }
    mm_xy p;
    double r = 0;
    if (!mm_geos_label_point(lb->geos, g, &ext, 1 / v->scale, &p, &r)) {
        return false;
    }
    *at = mm_view_to_px(v, p);
    *radius = r * v->scale;
    return true;
}

/* The longest part of a line on the map, in pixels, with vertices closer
 * than 2 px merged. */
static size_t line_path(mm_labels *lb, const mm_view *v, const mm_geom *g, mm_xy **out)
{
    size_t best = 0, best_n = 0;
    double best_len = 0;
    for (uint32_t k = 0; k < g->nparts; k++) {
        double len = 0;
        mm_xy prev = {NAN, NAN};
        for (uint32_t i = g->parts[k]; i < g->parts[k + 1]; i++) {
            mm_xy p = mm_view_to_px(v, g->pts[i]);
            bool inside = p.x >= 0 && p.y >= 0 && p.x <= lb->width && p.y <= lb->height;
            if (inside && !isnan(prev.x)) {
                len += hypot(p.x - prev.x, p.y - prev.y);
            }
            prev = inside ? p : (mm_xy){NAN, NAN};
        }
        if (len > best_len) {
            best_len = len;
            best = k;
        }
    }
    if (best_len < 20) {
        return 0;
    }
    uint32_t a = g->parts[best], b = g->parts[best + 1];
    mm_xy *path = mm_arena_array(lb->arena, b - a, sizeof *path);
    for (uint32_t i = a; i < b; i++) {
        mm_xy p = mm_view_to_px(v, g->pts[i]);
        bool inside = p.x >= 0 && p.y >= 0 && p.x <= lb->width && p.y <= lb->height;
        if (!inside) {
            if (best_n >= 2) {
                break; /* keep the first stretch inside the frame */
            }
            best_n = 0;
            continue;
        }
        if (best_n && hypot(p.x - path[best_n - 1].x, p.y - path[best_n - 1].y) < 2) {
            continue;
        }
        path[best_n++] = p;
    }
    *out = path;
    return best_n;
}

void mm_labels_collect(mm_labels *lb, mm_style *style, size_t layer, const mm_features *fs,
                       const mm_view *v, mm_arena *scratch)
{
    const mm_style_layer *l = mm_style_layer_at(style, layer);
    if (!l->visible || l->type != MM_LAYER_SYMBOL) {
        return;
    }
    mm_style_bind(style, layer, fs);
    size_t n = mm_features_count(fs);
    for (size_t i = 0; i < n; i++) {
        const mm_geom *g = mm_features_geom(fs, i);
        if (g->npts == 0 || g->type == MM_GEOM_NONE || !mm_style_filter(l, fs, i, scratch)) {
            continue;
        }
        mm_xy at;
        double fit = 0;
        mm_xy *path = NULL;
        size_t npath = 0;
        const char *placement = mm_style_string(l, MM_P_SYMBOL_PLACEMENT, fs, i, scratch);
        bool on_line = placement && strcmp(placement, "point") && g->type != MM_GEOM_POINT;
        if (on_line) {
            npath = line_path(lb, v, g, &path);
            if (npath < 2) {
                continue;
            }
            at = path[npath / 2];
        } else if (g->type == MM_GEOM_POLYGON) {
            if (!area_point(lb, v, g, &at, &fit)) {
                continue;
            }
        } else if (g->type == MM_GEOM_LINE) {
            at = mm_view_to_px(v, g->pts[g->parts[0] + (g->parts[1] - g->parts[0]) / 2]);
        } else {
            at = mm_view_to_px(v, g->pts[0]);
        }
        if (isnan(at.x) || at.x < 0 || at.y < 0 || at.x > lb->width || at.y > lb->height) {
            continue;
        }
        symbol sym;
        memset(&sym, 0, sizeof sym);
        sym.layer = layer;
        sym.fit_radius = fit;
        sym.path = path;
        sym.npath = npath;
        sym.layer_id = l->id;
        sym.fs = fs;
        sym.feature = i;
        sym.at = at;
        sym.marker = -1;
        sym.sort_key = l->prop[MM_P_SYMBOL_SORT_KEY]
                           ? mm_style_number(l, MM_P_SYMBOL_SORT_KEY, fs, i, scratch)
                           : 0;
        collect_text(&sym, l, fs, i, scratch, lb->arena);
        collect_icon(lb, &sym, style, l, fs, i, scratch, lb->arena);
        if (!sym.text && !sym.has_icon) {
            continue;
        }
        sym.seq = lb->nsyms;
        lb->syms = mm_grow(lb->syms, &lb->syms_cap, lb->nsyms + 1, sizeof *lb->syms);
        lb->syms[lb->nsyms++] = sym;
    }
}

/* ---- placing ---- */

static mm_bbox text_box(const symbol *s, anchor a)
{
    double dx = s->offset_x, dy = s->offset_y;
    if (s->radial > 0) {
        double r = s->radial, d = r / M_SQRT2;
        static const double dir[][2] = {{0, 0}, {1, 0},  {-1, 0}, {0, 1},  {0, -1},
                                        {1, 1}, {-1, 1}, {1, -1}, {-1, -1}};
        bool corner = a >= A_TOP_LEFT;
        dx = dir[a][0] * (corner ? d : r);
        dy = dir[a][1] * (corner ? d : r);
    }
    double x0, y0;
    switch (a) {
    case A_LEFT:
    case A_TOP_LEFT:
    case A_BOTTOM_LEFT:
        x0 = s->at.x;
        break;
    case A_RIGHT:
    case A_TOP_RIGHT:
    case A_BOTTOM_RIGHT:
        x0 = s->at.x - s->width;
        break;
    default:
        x0 = s->at.x - s->width / 2;
    }
    switch (a) {
    case A_TOP:
    case A_TOP_LEFT:
    case A_TOP_RIGHT:
        y0 = s->at.y;
        break;
    case A_BOTTOM:
    case A_BOTTOM_LEFT:
    case A_BOTTOM_RIGHT:
        y0 = s->at.y - s->height;
        break;
    default:
        y0 = s->at.y - s->height / 2;
    }
    return (mm_bbox){x0 + dx, y0 + dy, x0 + dx + s->width, y0 + dy + s->height};
}

static int by_priority(const void *a, const void *b)
{
    const symbol *x = a, *y = b;
    if (x->layer != y->layer) {
        return x->layer > y->layer ? -1 : 1; /* upper layers first */
    }
    if (x->sort_key != y->sort_key) {
        return x->sort_key < y->sort_key ? -1 : 1;
    }
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The box of a text of width w and height h centred on c, turned by angle a
 * (radians): the axis-aligned box around the turned rectangle. */
static mm_bbox turned_box(mm_xy c, double w, double h, double a)
{
    double cw = fabs(cos(a)) * w / 2 + fabs(sin(a)) * h / 2;
    double ch = fabs(sin(a)) * w / 2 + fabs(cos(a)) * h / 2;
    return (mm_bbox){c.x - cw, c.y - ch, c.x + cw, c.y + ch};
}

/*
 * A line label: the text laid along a nearly straight stretch of the path as
 * long as the text, trying stretches from the middle of the path outwards.
 */
static bool place_on_line(mm_labels *lb, symbol *s, mm_bbox *out)
{
    size_t n = s->npath;
    double *at = mm_array_alloc(n, sizeof *at); /* distance along the path */
    at[0] = 0;
    for (size_t i = 1; i < n; i++) {
        at[i] = at[i - 1] + hypot(s->path[i].x - s->path[i - 1].x, s->path[i].y - s->path[i - 1].y);
    }
    double need = s->width + 2 * s->padding, total = at[n - 1];
    bool ok = false;
    for (double off = 0; !ok && off <= total / 2; off += 8) {
        for (int side = -1; side <= 1 && !ok; side += 2) {
            double start = total / 2 - need / 2 + side * off;
            if (start < 0 || start + need > total || (off == 0 && side > 0)) {
                continue;
            }
            size_t i0 = 0, i1 = 0;
            while (i0 + 1 < n && at[i0 + 1] <= start) {
                i0++;
            }
            i1 = i0;
            while (i1 + 1 < n && at[i1] < start + need) {
                i1++;
            }
            mm_xy a = s->path[i0], b = s->path[i1];
            double chord = hypot(b.x - a.x, b.y - a.y);
            if (chord < s->width * 0.9) {
                continue; /* too winding */
            }
            /* the stretch must stay close to its chord */
            double dev = 0;
            for (size_t k = i0 + 1; k < i1; k++) {
                double d =
                    fabs((b.x - a.x) * (a.y - s->path[k].y) - (a.x - s->path[k].x) * (b.y - a.y)) /
                    chord;
                dev = fmax(dev, d);
            }
            if (dev > s->font.size_px * 0.45) {
                continue;
            }
            double ang = atan2(b.y - a.y, b.x - a.x);
            if (ang > M_PI / 2) {
                ang -= M_PI; /* keep text upright */
            } else if (ang < -M_PI / 2) {
                ang += M_PI;
            }
            mm_xy c = {(a.x + b.x) / 2, (a.y + b.y) / 2};
            mm_bbox box = turned_box(c, s->width, s->height, ang);
            if (!inside_frame(lb, box) ||
                (!s->text_allow_overlap && collides(lb, mm_bbox_grow(box, s->padding), s->at))) {
                continue;
            }
            s->at = c;
            s->angle_deg = ang * 180 / M_PI;
            *out = box;
            ok = true;
        }
    }
    mm_free(at);
    return ok;
}

void mm_labels_place(mm_labels *lb)
{
    if (lb->nsyms > 1) {
        qsort(lb->syms, lb->nsyms, sizeof *lb->syms, by_priority);
    }
    for (size_t k = 0; k < lb->nsyms; k++) {
        symbol *s = &lb->syms[k];
        bool icon_ok = false, text_ok = false;
        mm_bbox ib = mm_bbox_empty(), tb = mm_bbox_empty();
        if (s->has_icon) {
            double cx = s->at.x + s->icon_offset.x, cy = s->at.y + s->icon_offset.y;
            ib = (mm_bbox){cx - s->icon_w / 2, cy - s->icon_h / 2, cx + s->icon_w / 2,
                           cy + s->icon_h / 2};
            icon_ok = s->icon_allow_overlap || !collides(lb, ib, s->at);
        }
        if (s->text && s->npath >= 2) {
            text_ok = place_on_line(lb, s, &tb);
        } else if (s->text) {
            for (int a = 0; a < s->nanchors && !text_ok; a++) {
                mm_bbox b = text_box(s, s->anchors[a]);
                mm_bbox padded = mm_bbox_grow(b, s->padding);
                if (!inside_frame(lb, b)) {
                    continue;
                }
                /* an area's name must fit inside the area */
                if (s->fit_radius > 0 &&
                    hypot(s->width / 2, s->height / 2) > s->fit_radius * 1.15) {
                    continue;
                }
                if (s->text_allow_overlap ||
                    (!collides(lb, padded, s->at) && !(icon_ok && overlaps(padded, ib)))) {
                    text_ok = true;
                    tb = b;
                    s->chosen = s->anchors[a];
                }
            }
        }
        if (s->text && s->has_icon) {
            if (!text_ok && !s->text_optional) {
                icon_ok = false;
            }
            if (!icon_ok && !s->icon_optional) {
                text_ok = false;
            }
        }
        s->text_placed = text_ok;
        s->icon_placed = icon_ok;
        s->box = text_ok ? tb : mm_bbox_empty();
        s->icon_box = icon_ok ? ib : mm_bbox_empty();
        if (text_ok && !s->text_ignore) {
            index_box(lb, mm_bbox_grow(tb, s->padding), (mm_xy){-1e9, -1e9});
        }
        if (icon_ok && !s->icon_ignore) {
            index_box(lb, ib, (mm_xy){-1e9, -1e9});
        }
    }
}

/* ---- drawing ---- */

static void emit_icon(mm_scene *sc, const symbol *s)
{
    mm_xy c = {(s->icon_box.minx + s->icon_box.maxx) / 2,
               (s->icon_box.miny + s->icon_box.maxy) / 2};
    if (s->marker >= 0) {
        mm_op *op = mm_scene_add(sc, MM_OP_MARKER);
        mm_draw_attach_attrs(sc, op, s->fs, s->feature);
        op->opacity = s->icon_opacity;
        op->u.marker = (mm_op_marker){
            .shape = (mm_marker_shape)s->marker,
            .center = c,
            .radius_px = s->icon_w / 2,
            .has_fill = s->icon_color.a > 0,
            .fill = s->icon_color,
            .has_stroke = s->icon_halo_w > 0 && s->icon_halo.a > 0,
            .stroke = {.color = s->icon_halo, .width_px = s->icon_halo_w, .join = MM_JOIN_ROUND}};
    } else if (s->svg) {
        mm_svgicon_emit(s->svg, sc, s->icon_box, s->icon_opacity, ICON_TOLERANCE_PX);
    } else {
        mm_op *op = mm_scene_add(sc, MM_OP_IMAGE);
        op->opacity = s->icon_opacity;
        op->u.image.path = mm_scene_strdup(sc, s->image);
        op->u.image.box = s->icon_box;
    }
}

/* A text op of the symbol's font, colours and opacity; the caller places it. */
static mm_op *text_op(mm_scene *sc, const symbol *s, const char *text)
{
    mm_op *op = mm_draw_text(sc, text, &s->font, s->color, s->halo, s->halo_w);
    op->opacity = s->text_opacity;
    return op;
}

static void emit_text(mm_scene *sc, const symbol *s)
{
    if (s->npath >= 2) {
        /* along a line: one line of text centred on the chord's midpoint,
         * its baseline moved so the text straddles the line */
        mm_op *op = text_op(sc, s, s->text);
        mm_op_text *t = &op->u.text;
        double a = s->angle_deg * M_PI / 180, shift = (s->ascent - s->descent) / 2;
        t->anchor = MM_TEXT_MIDDLE;
        t->angle_deg = s->angle_deg;
        t->pos = (mm_xy){s->at.x - sin(a) * shift, s->at.y + cos(a) * shift};
        t->box = s->box;
        mm_draw_attach_attrs(sc, op, s->fs, s->feature);
        return;
    }
    int justify = s->justify;
    if (justify < 0) {
        justify =
            (s->chosen == A_LEFT || s->chosen == A_TOP_LEFT || s->chosen == A_BOTTOM_LEFT)      ? 0
            : (s->chosen == A_RIGHT || s->chosen == A_TOP_RIGHT || s->chosen == A_BOTTOM_RIGHT) ? 2
                                                                                                : 1;
    }
    double lead = s->nlines > 1 ? (s->line_h - s->ascent - s->descent) / 2 : 0;
    for (int k = 0; k < s->nlines; k++) {
        mm_op *op = text_op(sc, s, s->lines[k].text);
        mm_op_text *t = &op->u.text;
        double y = s->box.miny + k * s->line_h + lead + s->ascent;
        t->anchor = justify == 0 ? MM_TEXT_START : justify == 2 ? MM_TEXT_END : MM_TEXT_MIDDLE;
        t->pos = (mm_xy){justify == 0   ? s->box.minx
                         : justify == 2 ? s->box.maxx
                                        : (s->box.minx + s->box.maxx) / 2,
                         y};
        double x0 = justify == 0   ? t->pos.x
                    : justify == 2 ? t->pos.x - s->lines[k].width
                                   : t->pos.x - s->lines[k].width / 2;
        t->box = (mm_bbox){x0, y - s->ascent, x0 + s->lines[k].width, y + s->descent};
        mm_draw_attach_attrs(sc, op, s->fs, s->feature);
    }
}

void mm_labels_emit(mm_labels *lb, mm_scene *sc, const mm_style *style, size_t layer)
{
    const mm_style_layer *l = mm_style_layer_at(style, layer);
    if (!l->visible) {
        return;
    }
    mm_scene_begin_group(sc, l->id, l->id);
    /* lowest priority first, so higher-priority symbols are drawn on top */
    for (size_t k = lb->nsyms; k-- > 0;) {
        const symbol *s = &lb->syms[k];
        if (s->layer == layer && s->icon_placed) {
            emit_icon(sc, s);
        }
    }
    for (size_t k = lb->nsyms; k-- > 0;) {
        const symbol *s = &lb->syms[k];
        if (s->layer == layer && s->text_placed) {
            emit_text(sc, s);
        }
    }
    mm_scene_end_group(sc);
}

size_t mm_labels_count(const mm_labels *lb)
{
    return lb->nsyms;
}

mm_label_info mm_labels_get(const mm_labels *lb, size_t i)
{
    const symbol *s = &lb->syms[i];
    return (mm_label_info){.layer = s->layer_id,
                           .text = s->text,
                           .box = s->box,
                           .icon_box = s->icon_box,
                           .placed = s->text_placed || s->icon_placed,
                           .feature = s->feature};
}
