/*
 * svg.c — scene to SVG. Part of out/. Paths use relative coordinates at 0.1
 * pixel; paint shared by every path of a group is written once on the group.
 */
#include "malimap/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void mm_svg_escape(mm_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            mm_buf_puts(out, "&amp;");
            break;
        case '<':
            mm_buf_puts(out, "&lt;");
            break;
        case '>':
            mm_buf_puts(out, "&gt;");
            break;
        case '"':
            mm_buf_puts(out, "&quot;");
            break;
        case '\'':
            mm_buf_puts(out, "&apos;");
            break;
        default:
            /* XML 1.0 forbids most control characters, even escaped */
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' && *s != '\r') {
                mm_buf_putc(out, ' ');
            } else {
                mm_buf_putc(out, *s);
            }
        }
    }
}

/* A number with at most one decimal, no trailing ".0", no "-0". */
static void num(mm_buf *out, double v)
{
    long t = lround(v * 10);
    if (t == 0) {
        mm_buf_putc(out, '0');
        return;
    }
    if (t < 0) {
        mm_buf_putc(out, '-');
        t = -t;
    }
    mm_buf_printf(out, "%ld", t / 10);
    if (t % 10) {
        mm_buf_printf(out, ".%ld", t % 10);
    }
}

static void color_attr(mm_buf *out, const char *name, mm_rgba c, double opacity)
{
    int r = (int)lround(c.r * 255), g = (int)lround(c.g * 255), b = (int)lround(c.b * 255);
    mm_buf_printf(out, " %s=\"#%02x%02x%02x\"", name, r, g, b);
    double a = c.a * opacity;
    if (a < 0.999) {
        mm_buf_printf(out, " %s-opacity=\"%.3g\"", name, a);
    }
}

static void attrs(mm_buf *out, const mm_op *op)
{
    for (uint32_t i = 0; i < op->nattrs; i++) {
        mm_buf_printf(out, " data-%s=\"", op->attrs[i].key);
        mm_svg_escape(out, op->attrs[i].value);
        mm_buf_putc(out, '"');
    }
}

/* Every character an XML id may hold; others become '-'. */
static void id_attr(mm_buf *out, const char *id)
{
    mm_buf_puts(out, "id=\"");
    if (!((*id >= 'A' && *id <= 'Z') || (*id >= 'a' && *id <= 'z') || *id == '_')) {
        mm_buf_puts(out, "layer-");
    }
    for (const char *p = id; *p; p++) {
        char c = *p;
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        mm_buf_putc(out, ok ? c : '-');
    }
    mm_buf_putc(out, '"');
}

static void path_data(mm_buf *out, const mm_op_path *p)
{
    mm_buf_puts(out, " d=\"");
    long px = 0, py = 0; /* current point in tenths of a pixel */
    for (uint32_t k = 0; k < p->nparts; k++) {
        uint32_t a = p->parts[k], b = p->parts[k + 1];
        if (b <= a) {
            continue;
        }
        long x = lround(p->pts[a].x * 10), y = lround(p->pts[a].y * 10);
        mm_buf_putc(out, 'M');
        num(out, x / 10.0);
        mm_buf_putc(out, ' ');
        num(out, y / 10.0);
        px = x;
        py = y;
        bool first = true;
        for (uint32_t v = a + 1; v < b; v++) {
            long nx = lround(p->pts[v].x * 10), ny = lround(p->pts[v].y * 10);
            if (nx == px && ny == py) {
                continue; /* same point at this precision */
            }
            if (first) {
                mm_buf_putc(out, 'l');
            } else if (nx - px >= 0) {
                mm_buf_putc(out, ' ');
            }
            first = false;
            num(out, (nx - px) / 10.0);
            if (ny - py >= 0) {
                mm_buf_putc(out, ' '); /* a minus sign separates by itself */
            }
            num(out, (ny - py) / 10.0);
            px = nx;
            py = ny;
        }
        if (p->closed) {
            mm_buf_putc(out, 'z');
        }
    }
    mm_buf_putc(out, '"');
}

typedef struct paint_key {
    bool fill, stroke;
    mm_fill f;
    mm_stroke s;
    double opacity;
    int pattern; /* index of the <pattern> in defs, -1 none */
} paint_key;

static bool same_rgba(mm_rgba a, mm_rgba b)
{
    return fabs(a.r - b.r) < 1e-6 && fabs(a.g - b.g) < 1e-6 && fabs(a.b - b.b) < 1e-6 &&
           fabs(a.a - b.a) < 1e-6;
}

static bool same_fill(const mm_fill *a, const mm_fill *b)
{
    return a->pattern == b->pattern && same_rgba(a->color, b->color) &&
           same_rgba(a->color2, b->color2) && a->angle_deg == b->angle_deg &&
           a->spacing_px == b->spacing_px && a->line_px == b->line_px;
}

static bool same_stroke(const mm_stroke *a, const mm_stroke *b)
{
    if (!same_rgba(a->color, b->color) || a->width_px != b->width_px || a->cap != b->cap ||
        a->join != b->join || a->ndash != b->ndash) {
        return false;
    }
    for (int i = 0; i < a->ndash; i++) {
        if (a->dash[i] != b->dash[i]) {
            return false;
        }
    }
    return true;
}

static paint_key key_of(const mm_op *op, int pattern)
{
    paint_key k = {.fill = op->u.path.has_fill && op->u.path.closed,
                   .stroke = op->u.path.has_stroke && op->u.path.stroke.width_px > 0,
                   .opacity = op->opacity,
                   .pattern = pattern};
    if (k.fill) {
        k.f = op->u.path.fill;
    }
    if (k.stroke) {
        k.s = op->u.path.stroke;
    }
    return k;
}

static bool same_key(const paint_key *a, const paint_key *b)
{
    return a->fill == b->fill && a->stroke == b->stroke && a->opacity == b->opacity &&
           a->pattern == b->pattern && (!a->fill || same_fill(&a->f, &b->f)) &&
           (!a->stroke || same_stroke(&a->s, &b->s));
}

static void paint_attrs(mm_buf *out, const paint_key *k)
{
    if (k->fill) {
        if (k->pattern >= 0) {
            mm_buf_printf(out, " fill=\"url(#hatch%d)\"", k->pattern);
            if (k->opacity < 0.999) {
                mm_buf_printf(out, " fill-opacity=\"%.3g\"", k->opacity);
            }
        } else {
            color_attr(out, "fill", k->f.color, k->opacity);
        }
        mm_buf_puts(out, " fill-rule=\"evenodd\"");
    } else {
        mm_buf_puts(out, " fill=\"none\"");
    }
    if (k->stroke) {
        color_attr(out, "stroke", k->s.color, k->opacity);
        mm_buf_puts(out, " stroke-width=\"");
        mm_buf_printf(out, "%.3g\"", k->s.width_px);
        if (k->s.cap != MM_CAP_BUTT) {
            mm_buf_puts(out, k->s.cap == MM_CAP_ROUND ? " stroke-linecap=\"round\""
                                                      : " stroke-linecap=\"square\"");
        }
        if (k->s.join != MM_JOIN_MITER) {
            mm_buf_puts(out, k->s.join == MM_JOIN_ROUND ? " stroke-linejoin=\"round\""
                                                        : " stroke-linejoin=\"bevel\"");
        }
        if (k->s.ndash) {
            mm_buf_puts(out, " stroke-dasharray=\"");
            for (int i = 0; i < k->s.ndash; i++) {
                mm_buf_printf(out, "%s%.3g", i ? " " : "", k->s.dash[i]);
            }
            mm_buf_putc(out, '"');
        }
    }
}

/* ---- patterns ---- */

typedef struct patterns {
    mm_fill *list;
    size_t n, cap;
} patterns;

static int pattern_index(patterns *pt, const mm_fill *f)
{
    if (f->pattern != MM_PATTERN_HATCH) {
        return -1;
    }
    for (size_t i = 0; i < pt->n; i++) {
        if (same_fill(&pt->list[i], f)) {
            return (int)i;
        }
    }
    pt->list = mm_grow(pt->list, &pt->cap, pt->n + 1, sizeof *pt->list);
    pt->list[pt->n] = *f;
    return (int)pt->n++;
}

static void write_patterns(mm_buf *out, const patterns *pt)
{
    if (!pt->n) {
        return;
    }
    mm_buf_puts(out, "<defs>\n");
    for (size_t i = 0; i < pt->n; i++) {
        const mm_fill *f = &pt->list[i];
        double s = f->spacing_px > 0.5 ? f->spacing_px : 0.5;
        mm_buf_printf(out,
                      "<pattern id=\"hatch%zu\" patternUnits=\"userSpaceOnUse\" width=\"%.3g\" "
                      "height=\"%.3g\" patternTransform=\"rotate(%.3g)\">",
                      i, s, s, f->angle_deg);
        if (f->color2.a > 0) {
            mm_buf_printf(out, "<rect width=\"%.3g\" height=\"%.3g\"", s, s);
            color_attr(out, "fill", f->color2, 1);
            mm_buf_puts(out, "/>");
        }
        mm_buf_printf(out, "<rect y=\"0\" width=\"%.3g\" height=\"%.3g\"", s,
                      f->line_px > 0 ? f->line_px : 1);
        color_attr(out, "fill", f->color, 1);
        mm_buf_puts(out, "/></pattern>\n");
    }
    mm_buf_puts(out, "</defs>\n");
}

/* ---- markers, text, images ---- */

static void marker(mm_buf *out, const mm_op *op)
{
    const mm_op_marker *m = &op->u.marker;
    double x = m->center.x, y = m->center.y, r = m->radius_px;
    if (m->shape == MM_MARKER_CIRCLE) {
        mm_buf_puts(out, "<circle cx=\"");
        num(out, x);
        mm_buf_puts(out, "\" cy=\"");
        num(out, y);
        mm_buf_puts(out, "\" r=\"");
        mm_buf_printf(out, "%.3g\"", r);
    } else {
        /* the same outlines as the cairo backend draws */
        mm_xy p[12];
        int n = 0;
        switch (m->shape) {
        case MM_MARKER_SQUARE:
            p[n++] = (mm_xy){x - r * 0.886, y - r * 0.886};
            p[n++] = (mm_xy){x + r * 0.886, y - r * 0.886};
            p[n++] = (mm_xy){x + r * 0.886, y + r * 0.886};
            p[n++] = (mm_xy){x - r * 0.886, y + r * 0.886};
            break;
        case MM_MARKER_TRIANGLE:
            p[n++] = (mm_xy){x, y - r * 1.2};
            p[n++] = (mm_xy){x + r * 1.04, y + r * 0.6};
            p[n++] = (mm_xy){x - r * 1.04, y + r * 0.6};
            break;
        case MM_MARKER_DIAMOND:
            p[n++] = (mm_xy){x, y - r * 1.25};
            p[n++] = (mm_xy){x + r * 1.25, y};
            p[n++] = (mm_xy){x, y + r * 1.25};
            p[n++] = (mm_xy){x - r * 1.25, y};
            break;
        case MM_MARKER_CROSS: {
            double w = r * 0.35;
            mm_xy c[12] = {{x - w, y - r}, {x + w, y - r}, {x + w, y - w}, {x + r, y - w},
                           {x + r, y + w}, {x + w, y + w}, {x + w, y + r}, {x - w, y + r},
                           {x - w, y + w}, {x - r, y + w}, {x - r, y - w}, {x - w, y - w}};
            memcpy(p, c, sizeof c);
            n = 12;
            break;
        }
        case MM_MARKER_STAR:
        default:
            for (int k = 0; k < 10; k++) {
                double a = -M_PI / 2 + k * M_PI / 5, rr = (k % 2) ? r * 0.5 : r * 1.25;
                p[n++] = (mm_xy){x + rr * cos(a), y + rr * sin(a)};
            }
            break;
        }
        mm_buf_puts(out, "<path d=\"M");
        for (int k = 0; k < n; k++) {
            if (k) {
                mm_buf_putc(out, 'L');
            }
            num(out, p[k].x);
            mm_buf_putc(out, ' ');
            num(out, p[k].y);
        }
        mm_buf_puts(out, "z\"");
    }
    if (m->has_fill) {
        color_attr(out, "fill", m->fill, op->opacity);
    } else {
        mm_buf_puts(out, " fill=\"none\"");
    }
    if (m->has_stroke) {
        color_attr(out, "stroke", m->stroke.color, op->opacity);
        mm_buf_printf(out, " stroke-width=\"%.3g\"", m->stroke.width_px);
    }
    attrs(out, op);
    mm_buf_puts(out, "/>\n");
}

static void text(mm_buf *out, const mm_op *op)
{
    const mm_op_text *t = &op->u.text;
    mm_buf_puts(out, "<text x=\"");
    num(out, t->pos.x);
    mm_buf_puts(out, "\" y=\"");
    num(out, t->pos.y);
    mm_buf_puts(out, "\" font-family=\"");
    mm_svg_escape(out, t->font_family ? t->font_family : "sans-serif");
    if (!t->font_family || !strstr(t->font_family, "sans-serif")) {
        mm_buf_puts(out, ", sans-serif");
    }
    mm_buf_printf(out, "\" font-size=\"%.3g\"", t->size_px);
    if (t->weight != 400) {
        mm_buf_printf(out, " font-weight=\"%d\"", t->weight);
    }
    if (t->italic) {
        mm_buf_puts(out, " font-style=\"italic\"");
    }
    if (t->letter_spacing_px != 0) {
        mm_buf_printf(out, " letter-spacing=\"%.3g\"", t->letter_spacing_px);
    }
    if (t->anchor != MM_TEXT_START) {
        mm_buf_puts(out, t->anchor == MM_TEXT_MIDDLE ? " text-anchor=\"middle\""
                                                     : " text-anchor=\"end\"");
    }
    color_attr(out, "fill", t->color, op->opacity);
    if (t->halo_px > 0 && t->halo.a > 0) {
        color_attr(out, "stroke", t->halo, op->opacity);
        mm_buf_printf(out,
                      " stroke-width=\"%.3g\" stroke-linejoin=\"round\" "
                      "paint-order=\"stroke\"",
                      2 * t->halo_px);
    }
    if (t->angle_deg != 0) {
        mm_buf_printf(out, " transform=\"rotate(%.3g ", t->angle_deg);
        num(out, t->pos.x);
        mm_buf_putc(out, ' ');
        num(out, t->pos.y);
        mm_buf_puts(out, ")\"");
    }
    attrs(out, op);
    mm_buf_putc(out, '>');
    mm_svg_escape(out, t->text);
    mm_buf_puts(out, "</text>\n");
}

static void base64(mm_buf *out, const unsigned char *d, size_t n)
{
    static const char T[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)d[i] << 16 | (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) |
                     (i + 2 < n ? d[i + 2] : 0);
        mm_buf_putc(out, T[v >> 18 & 63]);
        mm_buf_putc(out, T[v >> 12 & 63]);
        mm_buf_putc(out, i + 1 < n ? T[v >> 6 & 63] : '=');
        mm_buf_putc(out, i + 2 < n ? T[v & 63] : '=');
    }
}

static void image(mm_buf *out, const mm_op *op)
{
    const mm_op_image *im = &op->u.image;
    FILE *f = fopen(im->path, "rb");
    if (!f) {
        return;
    }
    mm_buf data;
    mm_buf_init(&data);
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && data.len < (4u << 20)) {
        mm_buf_append(&data, chunk, got);
    }
    fclose(f);
    mm_buf_puts(out, "<image x=\"");
    num(out, im->box.minx);
    mm_buf_puts(out, "\" y=\"");
    num(out, im->box.miny);
    mm_buf_puts(out, "\" width=\"");
    num(out, im->box.maxx - im->box.minx);
    mm_buf_puts(out, "\" height=\"");
    num(out, im->box.maxy - im->box.miny);
    mm_buf_puts(out, "\"");
    if (op->opacity < 0.999) {
        mm_buf_printf(out, " opacity=\"%.3g\"", op->opacity);
    }
    mm_buf_puts(out, " href=\"data:image/png;base64,");
    base64(out, (const unsigned char *)data.data, data.len);
    mm_buf_puts(out, "\"");
    attrs(out, op);
    mm_buf_puts(out, "/>\n");
    mm_buf_fini(&data);
}

/* ---- document ---- */

/* If every path of the group starting at ops[i] has the same paint, returns it. */
static bool shared_paint(const mm_scene *s, size_t i, patterns *pt, paint_key *out)
{
    size_t n = mm_scene_count(s);
    bool any = false;
    for (size_t k = i + 1; k < n; k++) {
        const mm_op *op = mm_scene_op(s, k);
        if (op->kind == MM_OP_GROUP_END || op->kind == MM_OP_GROUP_BEGIN) {
            break;
        }
        if (op->kind != MM_OP_PATH) {
            return false;
        }
        paint_key key = key_of(op, pattern_index(pt, &op->u.path.fill));
        if (!any) {
            *out = key;
            any = true;
        } else if (!same_key(out, &key)) {
            return false;
        }
    }
    return any;
}

mm_status mm_svg_write(const mm_scene *s, mm_buf *out, mm_error *err)
{
    (void)err;
    int w = mm_scene_width(s), h = mm_scene_height(s);
    const char *title = mm_scene_meta(s, "title");
    const char *desc = mm_scene_meta(s, "description");
    mm_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    mm_buf_printf(out,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" "
                  "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                  "aria-labelledby=\"map-title map-desc\">\n",
                  w, h, w, h);
    mm_buf_puts(out, "<title id=\"map-title\">");
    mm_svg_escape(out, title ? title : "Map");
    mm_buf_puts(out, "</title>\n<desc id=\"map-desc\">");
    mm_svg_escape(out, desc ? desc : "");
    mm_buf_puts(out, "</desc>\n");
    const char *credits = mm_scene_meta(s, "credits");
    if (credits) {
        mm_buf_puts(out, "<metadata>");
        mm_svg_escape(out, credits);
        mm_buf_puts(out, "</metadata>\n");
    }
    /* collect patterns first: they go in <defs> before use */
    patterns pt = {0};
    size_t n = mm_scene_count(s);
    for (size_t i = 0; i < n; i++) {
        const mm_op *op = mm_scene_op(s, i);
        if (op->kind == MM_OP_PATH && op->u.path.has_fill) {
            pattern_index(&pt, &op->u.path.fill);
        }
    }
    write_patterns(out, &pt);
    mm_rgba bg = mm_scene_background(s);
    if (bg.a > 0) {
        mm_buf_printf(out, "<rect width=\"%d\" height=\"%d\"", w, h);
        color_attr(out, "fill", bg, 1);
        mm_buf_puts(out, "/>\n");
    }
    bool group_paint = false;
    for (size_t i = 0; i < n; i++) {
        const mm_op *op = mm_scene_op(s, i);
        switch (op->kind) {
        case MM_OP_GROUP_BEGIN: {
            mm_buf_puts(out, "<g ");
            id_attr(out, op->u.group.id);
            mm_buf_puts(out, " inkscape:groupmode=\"layer\" inkscape:label=\"");
            mm_svg_escape(out, op->u.group.label);
            mm_buf_putc(out, '"');
            paint_key shared;
            group_paint = shared_paint(s, i, &pt, &shared);
            if (group_paint) {
                paint_attrs(out, &shared);
            }
            mm_buf_puts(out, ">\n");
            break;
        }
        case MM_OP_GROUP_END:
            mm_buf_puts(out, "</g>\n");
            group_paint = false;
            break;
        case MM_OP_PATH:
            mm_buf_puts(out, "<path");
            path_data(out, &op->u.path);
            if (!group_paint) {
                paint_key k = key_of(op, pattern_index(&pt, &op->u.path.fill));
                paint_attrs(out, &k);
            }
            attrs(out, op);
            mm_buf_puts(out, "/>\n");
            break;
        case MM_OP_MARKER:
            marker(out, op);
            break;
        case MM_OP_TEXT:
            text(out, op);
            break;
        case MM_OP_IMAGE:
            image(out, op);
            break;
        }
    }
    mm_buf_puts(out, "</svg>\n");
    mm_free(pt.list);
    return MM_OK;
}
