/*
 * svg.c — scene to layered SVG. Part of out/: libc and core/ only. Paths use
 * relative coordinates at 0.1 pixel; paint and font settings shared by every
 * element of a group are written once on the group. Every id written is a
 * unique XML NCName (layer ids are kept as they are when they already are one).
 */
#include "malimap/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "malimap/draw.h"
#include "malimap/text.h"

/* ---- text and names ---- */

/* True for a character XML 1.0 allows in a document. */
static bool xml_char(unsigned cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void mm_svg_escape(mm_buf *out, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
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
                mm_buf_putc(out, xml_char(c) ? (char)c : ' ');
            }
            i++;
            continue;
        }
        unsigned cp;
        size_t n = mm_utf8_decode(s + i, len - i, &cp);
        if (n == 0 || !xml_char(cp)) {
            mm_buf_puts(out, "\xef\xbf\xbd"); /* U+FFFD for bytes that are not UTF-8 */
            i += n ? n : 1;
        } else {
            mm_buf_append(out, s + i, n);
            i += n;
        }
    }
}

static bool name_start_char(unsigned c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
           (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
           (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
           (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
           (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0xEFFFF);
}

static bool name_char(unsigned c)
{
    return name_start_char(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
           (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

void mm_svg_ncname(const char *s, mm_buf *out)
{
    size_t len = strlen(s), start = out->len;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = mm_utf8_decode(s + i, len - i, &cp);
        bool ok = n > 0 && name_char(cp); /* not: space, ':', '/', '#', quotes, bad bytes */
        if (out->len == start && !(ok && name_start_char(cp))) {
            mm_buf_puts(out, "layer-"); /* "1st", "-x" ("été" is fine as it is) */
        }
        if (ok) {
            mm_buf_append(out, s + i, n);
        } else {
            mm_buf_putc(out, '-');
        }
        i += n ? n : 1;
    }
    if (out->len == start) {
        mm_buf_puts(out, "layer");
    }
}

/* The ids already written (a handful per map: one per layer, patterns). */
typedef struct idset {
    char **ids;
    size_t n, cap;
} idset;

static bool id_taken(const idset *ids, const char *id)
{
    for (size_t i = 0; i < ids->n; i++) {
        if (!strcmp(ids->ids[i], id)) {
            return true;
        }
    }
    return false;
}

/* Makes a unique NCName from want ("x", else "x-2", "x-3"…), records and returns it. */
static const char *id_claim(idset *ids, const char *want)
{
    mm_buf b;
    mm_buf_init(&b);
    mm_svg_ncname(want, &b);
    size_t base = b.len;
    for (int k = 2; id_taken(ids, b.data); k++) {
        b.len = base;
        mm_buf_printf(&b, "-%d", k);
    }
    ids->ids = mm_grow(ids->ids, &ids->cap, ids->n + 1, sizeof *ids->ids);
    ids->ids[ids->n] = mm_buf_steal(&b);
    return ids->ids[ids->n++];
}

static void idset_fini(idset *ids)
{
    for (size_t i = 0; i < ids->n; i++) {
        mm_free(ids->ids[i]);
    }
    mm_free(ids->ids);
}

/* ---- numbers and paint ---- */

/* A number with at most one decimal, no trailing ".0", no "-0", no leading "0." (".5"). */
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
    if (t >= 10) {
        mm_buf_printf(out, "%ld", t / 10);
    }
    if (t % 10) {
        mm_buf_printf(out, ".%ld", t % 10);
    }
}

/* A size or width: three significant digits are more than the eye sees. */
static void size_attr(mm_buf *out, const char *name, double v)
{
    mm_buf_printf(out, " %s=\"%.3g\"", name, v);
}

static void color_attr(mm_buf *out, const char *name, mm_rgba c, double opacity)
{
    int r = (int)lround(c.r * 255), g = (int)lround(c.g * 255), b = (int)lround(c.b * 255);
    if (r % 17 == 0 && g % 17 == 0 && b % 17 == 0) {
        mm_buf_printf(out, " %s=\"#%x%x%x\"", name, r / 17, g / 17, b / 17);
    } else {
        mm_buf_printf(out, " %s=\"#%02x%02x%02x\"", name, r, g, b);
    }
    double a = c.a * opacity;
    if (a < 0.999) {
        mm_buf_printf(out, " %s-opacity=\"%.3g\"", name, a);
    }
}

static void data_attrs(mm_buf *out, const mm_op *op)
{
    for (uint32_t i = 0; i < op->nattrs; i++) {
        mm_buf_puts(out, " data-");
        /* keys are the fixed names of draw/layers.c; keep them names all the same */
        for (const char *k = op->attrs[i].key; *k; k++) {
            char c = *k;
            bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            mm_buf_putc(out, ok ? c : c >= 'A' && c <= 'Z' ? (char)(c + 32) : '-');
        }
        mm_buf_puts(out, "=\"");
        mm_svg_escape(out, op->attrs[i].value);
        mm_buf_putc(out, '"');
    }
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
    bool fill, stroke, nonzero;
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
        k.nonzero = op->u.path.nonzero;
    }
    if (k.stroke) {
        k.s = op->u.path.stroke;
    }
    return k;
}

static bool same_key(const paint_key *a, const paint_key *b)
{
    return a->fill == b->fill && a->stroke == b->stroke && a->nonzero == b->nonzero &&
           a->opacity == b->opacity && a->pattern == b->pattern &&
           (!a->fill || same_fill(&a->f, &b->f)) && (!a->stroke || same_stroke(&a->s, &b->s));
}

typedef struct pattern {
    mm_fill fill; /* a hatch */
    double opacity;
    const char *id;
} pattern;

typedef struct doc {
    mm_buf *out;
    idset ids;
    pattern *patterns; /* written in <defs> */
    size_t npatterns, patterns_cap;
} doc;

static void paint_attrs(doc *d, const paint_key *k)
{
    mm_buf *out = d->out;
    if (k->fill) {
        if (k->pattern >= 0) {
            mm_buf_printf(out, " fill=\"url(#%s)\"", d->patterns[k->pattern].id);
            /* the opacity is in the pattern's paint, as cairo blends each stripe */
        } else {
            color_attr(out, "fill", k->f.color, k->opacity);
        }
        if (!k->nonzero) {
            mm_buf_puts(out, " fill-rule=\"evenodd\"");
        }
    } else {
        mm_buf_puts(out, " fill=\"none\"");
    }
    if (k->stroke) {
        color_attr(out, "stroke", k->s.color, k->opacity);
        size_attr(out, "stroke-width", k->s.width_px);
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

static int pattern_find(const doc *d, const mm_fill *f, double opacity)
{
    if (f->pattern != MM_PATTERN_HATCH) {
        return -1;
    }
    for (size_t i = 0; i < d->npatterns; i++) {
        if (same_fill(&d->patterns[i].fill, f) && d->patterns[i].opacity == opacity) {
            return (int)i;
        }
    }
    return -1;
}

static void pattern_add(doc *d, const mm_fill *f, double opacity)
{
    if (f->pattern != MM_PATTERN_HATCH || pattern_find(d, f, opacity) >= 0) {
        return;
    }
    d->patterns = mm_grow(d->patterns, &d->patterns_cap, d->npatterns + 1, sizeof *d->patterns);
    d->patterns[d->npatterns++] = (pattern){.fill = *f, .opacity = opacity};
}

/*
 * Stripes centred on the lines where (x, y)·(-sin a, cos a) is a multiple of
 * the spacing, as the cairo backend draws them (out/raster.c): the tile's
 * stripe runs from 0 to the line width, shifted up by half of it. Like cairo,
 * the background and then the stripes are each laid with the op's opacity.
 */
static void write_patterns(doc *d)
{
    mm_buf *out = d->out;
    if (!d->npatterns) {
        return;
    }
    mm_buf_puts(out, "<defs>\n");
    for (size_t i = 0; i < d->npatterns; i++) {
        const mm_fill *f = &d->patterns[i].fill;
        double o = d->patterns[i].opacity;
        double s = f->spacing_px > 0.5 ? f->spacing_px : 0.5;
        double lw = f->line_px > 0 ? f->line_px : 1;
        mm_buf_printf(out, "<pattern id=\"%s\" patternUnits=\"userSpaceOnUse\"", d->patterns[i].id);
        size_attr(out, "width", s);
        size_attr(out, "height", s);
        mm_buf_printf(out, " patternTransform=\"rotate(%.3g) translate(0 %.3g)\">", f->angle_deg,
                      -lw / 2);
        if (f->color2.a > 0) {
            mm_buf_puts(out, "<rect");
            size_attr(out, "width", s);
            size_attr(out, "height", s);
            color_attr(out, "fill", f->color2, o);
            mm_buf_puts(out, "/>");
        }
        mm_buf_puts(out, "<rect");
        size_attr(out, "width", s);
        size_attr(out, "height", lw);
        color_attr(out, "fill", f->color, o);
        mm_buf_puts(out, "/></pattern>\n");
    }
    mm_buf_puts(out, "</defs>\n");
}

/* ---- markers and images ---- */

static void marker(mm_buf *out, const mm_op *op)
{
    const mm_op_marker *m = &op->u.marker;
    double x = m->center.x, y = m->center.y, r = m->radius_px;
    if (m->shape == MM_MARKER_CIRCLE) {
        mm_buf_puts(out, "<circle cx=\"");
        num(out, x);
        mm_buf_puts(out, "\" cy=\"");
        num(out, y);
        mm_buf_putc(out, '"');
        size_attr(out, "r", r);
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
    if (m->has_stroke && m->stroke.width_px > 0) {
        color_attr(out, "stroke", m->stroke.color, op->opacity);
        size_attr(out, "stroke-width", m->stroke.width_px);
        if (m->stroke.join == MM_JOIN_ROUND) {
            mm_buf_puts(out, " stroke-linejoin=\"round\"");
        }
    }
    data_attrs(out, op);
    mm_buf_puts(out, "/>\n");
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
        return; /* the cairo backend draws nothing for it either */
    }
    mm_buf data;
    mm_buf_init(&data);
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && data.len < (4u << 20)) {
        mm_buf_append(&data, chunk, got);
    }
    fclose(f);
    const char *dot = strrchr(im->path, '.');
    bool svg = dot && !mm_text_casecmp(dot, ".svg");
    mm_buf_puts(out, "<image x=\"");
    num(out, im->box.minx);
    mm_buf_puts(out, "\" y=\"");
    num(out, im->box.miny);
    mm_buf_puts(out, "\" width=\"");
    num(out, im->box.maxx - im->box.minx);
    mm_buf_puts(out, "\" height=\"");
    num(out, im->box.maxy - im->box.miny);
    mm_buf_puts(out, "\" preserveAspectRatio=\"none\"");
    if (op->opacity < 0.999) {
        mm_buf_printf(out, " opacity=\"%.3g\"", op->opacity);
    }
    mm_buf_printf(out, " href=\"data:image/%s;base64,", svg ? "svg+xml" : "png");
    base64(out, (const unsigned char *)data.data, data.len);
    mm_buf_puts(out, "\"");
    data_attrs(out, op);
    mm_buf_puts(out, "/>\n");
    mm_buf_fini(&data);
}

/* ---- text ---- */

enum {
    T_FAMILY = 1 << 0,
    T_SIZE = 1 << 1,
    T_WEIGHT = 1 << 2,
    T_ITALIC = 1 << 3,
    T_SPACING = 1 << 4,
    T_ANCHOR = 1 << 5,
    T_FILL = 1 << 6,
    T_HALO = 1 << 7,
    T_FONT = T_FAMILY | T_SIZE | T_WEIGHT | T_ITALIC | T_SPACING | T_ANCHOR, /* text only */
    T_ALL = T_FONT | T_FILL | T_HALO
};

static const char *family_of(const mm_op_text *t)
{
    return t->font_family && t->font_family[0] ? t->font_family : "sans-serif";
}

static bool has_halo(const mm_op *op)
{
    return op->u.text.halo_px > 0 && op->u.text.halo.a > 0;
}

/* Which text settings a and b have in common (T_ bits). */
static unsigned text_common(const mm_op *a, const mm_op *b)
{
    const mm_op_text *x = &a->u.text, *y = &b->u.text;
    unsigned m = 0;
    m |= !strcmp(family_of(x), family_of(y)) ? T_FAMILY : 0;
    m |= x->size_px == y->size_px ? T_SIZE : 0;
    m |= x->weight == y->weight ? T_WEIGHT : 0;
    m |= x->italic == y->italic ? T_ITALIC : 0;
    m |= x->letter_spacing_px == y->letter_spacing_px ? T_SPACING : 0;
    m |= x->anchor == y->anchor ? T_ANCHOR : 0;
    m |= same_rgba(x->color, y->color) && a->opacity == b->opacity ? T_FILL : 0;
    bool ha = has_halo(a), hb = has_halo(b);
    m |= ha == hb && (!ha || (same_rgba(x->halo, y->halo) && x->halo_px == y->halo_px &&
                              a->opacity == b->opacity))
             ? T_HALO
             : 0;
    return m;
}

static bool generic_family(const char *s, size_t n)
{
    static const char *const G[] = {"serif",   "sans-serif", "monospace",
                                    "cursive", "fantasy",    "system-ui"};
    for (size_t i = 0; i < sizeof G / sizeof G[0]; i++) {
        if (strlen(G[i]) == n && !strncmp(s, G[i], n)) {
            return true;
        }
    }
    return false;
}

/*
 * font-family as CSS wants it: names quoted, generic families bare, and a
 * generic fallback at the end (sans-serif unless the list has one), so a
 * viewer without the fonts still draws readable text.
 */
static void font_family(mm_buf *out, const char *list)
{
    mm_buf_puts(out, " font-family=\"");
    bool generic = false, first = true;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        const char *end = e ? e : p + strlen(p);
        const char *a = p, *b = end;
        while (a < b && (*a == ' ' || *a == '"' || *a == '\'')) {
            a++;
        }
        while (b > a && (b[-1] == ' ' || b[-1] == '"' || b[-1] == '\'')) {
            b--;
        }
        if (b > a) {
            mm_buf_puts(out, first ? "" : ",");
            first = false;
            char *name = mm_strndup(a, (size_t)(b - a));
            if (generic_family(a, (size_t)(b - a))) {
                generic = true;
                mm_buf_puts(out, name);
            } else {
                mm_buf_putc(out, '\'');
                mm_svg_escape(out, name);
                mm_buf_putc(out, '\'');
            }
            mm_free(name);
        }
        p = e ? e + 1 : end;
    }
    if (!generic) {
        mm_buf_puts(out, first ? "sans-serif" : ",sans-serif");
    }
    mm_buf_putc(out, '"');
}

/* Writes the settings of t named by mask (those not inherited from the group). */
static void text_attrs(mm_buf *out, const mm_op *op, unsigned mask)
{
    const mm_op_text *t = &op->u.text;
    if (mask & T_FAMILY) {
        font_family(out, family_of(t));
    }
    if (mask & T_SIZE) {
        size_attr(out, "font-size", t->size_px);
    }
    if ((mask & T_WEIGHT) && t->weight != 400) {
        mm_buf_printf(out, " font-weight=\"%d\"", t->weight);
    }
    if ((mask & T_ITALIC) && t->italic) {
        mm_buf_puts(out, " font-style=\"italic\"");
    }
    if ((mask & T_SPACING) && t->letter_spacing_px != 0) {
        size_attr(out, "letter-spacing", t->letter_spacing_px);
    }
    if ((mask & T_ANCHOR) && t->anchor != MM_TEXT_START) {
        mm_buf_puts(out, t->anchor == MM_TEXT_MIDDLE ? " text-anchor=\"middle\""
                                                     : " text-anchor=\"end\"");
    }
    if (mask & T_FILL) {
        color_attr(out, "fill", t->color, op->opacity);
    }
    if (mask & T_HALO) {
        if (has_halo(op)) {
            /* the halo is a stroke under the fill, as wide as cairo's */
            color_attr(out, "stroke", t->halo, op->opacity);
            size_attr(out, "stroke-width", 2 * t->halo_px);
            mm_buf_puts(out, " stroke-linejoin=\"round\" paint-order=\"stroke\"");
        }
    }
}

static void text(mm_buf *out, const mm_op *op, unsigned inherited)
{
    const mm_op_text *t = &op->u.text;
    mm_buf_puts(out, "<text x=\"");
    /* Pango puts half the letter spacing before the first letter and half
     * after the last; SVG all of it after each letter. */
    num(out, t->pos.x + t->letter_spacing_px / 2);
    mm_buf_puts(out, "\" y=\"");
    num(out, t->pos.y);
    mm_buf_putc(out, '"');
    text_attrs(out, op, T_ALL & ~inherited);
    if (t->angle_deg != 0) {
        mm_buf_printf(out, " transform=\"rotate(%.3g ", t->angle_deg);
        num(out, t->pos.x);
        mm_buf_putc(out, ' ');
        num(out, t->pos.y);
        mm_buf_puts(out, ")\"");
    }
    data_attrs(out, op);
    mm_buf_putc(out, '>');
    mm_svg_escape(out, t->text ? t->text : "");
    mm_buf_puts(out, "</text>\n");
}

/* ---- groups ---- */

/* What the elements of one group share, so it is written once on the <g>. */
typedef struct group_share {
    bool paths; /* every element is a path with the same paint: path_paint */
    paint_key path_paint;
    unsigned text_mask; /* text settings every text element shares (T_ bits) */
    const mm_op *text_sample;
} group_share;

static group_share shared_of(const doc *d, const mm_scene *s, size_t i)
{
    group_share g = {0};
    size_t n = mm_scene_count(s);
    bool only_paths = true, only_text = true, any = false;
    unsigned mask = T_ALL;
    for (size_t k = i + 1; k < n; k++) {
        const mm_op *op = mm_scene_op(s, k);
        if (op->kind == MM_OP_GROUP_BEGIN) {
            return (group_share){0}; /* a nested group: its elements write their own */
        }
        if (op->kind == MM_OP_GROUP_END) {
            break;
        }
        any = true;
        only_paths &= op->kind == MM_OP_PATH;
        only_text &= op->kind == MM_OP_TEXT;
        if (op->kind == MM_OP_PATH && only_paths) {
            paint_key key = key_of(op, pattern_find(d, &op->u.path.fill, op->opacity));
            if (k == i + 1) {
                g.path_paint = key;
            } else if (!same_key(&g.path_paint, &key)) {
                only_paths = false;
            }
        }
        if (op->kind == MM_OP_TEXT) {
            if (!g.text_sample) {
                g.text_sample = op;
            } else {
                mask &= text_common(g.text_sample, op);
            }
        }
    }
    g.paths = any && only_paths;
    if (g.text_sample) {
        /* paint on the group would reach markers and paths too */
        g.text_mask = only_text ? mask : mask & T_FONT;
    }
    return g;
}

static void group_begin(doc *d, const mm_op *op, const char *id, const group_share *g)
{
    mm_buf *out = d->out;
    if (op->u.group.has_clip) {
        mm_bbox c = op->u.group.clip;
        mm_buf_printf(out,
                      "<clipPath id=\"%s-clip\"><rect x=\"%g\" y=\"%g\" width=\"%g\" "
                      "height=\"%g\"/></clipPath>\n",
                      id, c.minx, c.miny, c.maxx - c.minx, c.maxy - c.miny);
    }
    mm_buf_printf(out, "<g id=\"%s\" inkscape:groupmode=\"layer\" inkscape:label=\"", id);
    mm_svg_escape(out, op->u.group.label ? op->u.group.label : op->u.group.id);
    mm_buf_putc(out, '"');
    if (op->u.group.has_clip) {
        mm_buf_printf(out, " clip-path=\"url(#%s-clip)\"", id);
    }
    if (g->paths) {
        paint_attrs(d, &g->path_paint);
    }
    if (g->text_sample) {
        text_attrs(out, g->text_sample, g->text_mask);
    }
    mm_buf_puts(out, ">\n");
}

/* ---- clipping to the frame ---- */

/*
 * Paths are cut to the frame widened by a margin (wider than any stroke), as
 * cairo cuts them when it draws: a neighbouring country's outline or a river
 * mostly outside the map then costs nothing. Rings go through
 * Sutherland-Hodgman (the edges it adds run outside the visible frame); lines
 * keep every segment whose bounding box meets the frame and are split where
 * they leave it.
 */
typedef struct clipper {
    mm_bbox r;
    mm_clip_buf clip; /* scratch ring */
    mm_xy *pts;       /* the clipped path */
    uint32_t *parts;
    size_t npts, ptscap, nparts, partscap;
    bool *keep; /* simplification scratch */
    size_t *stack;
    size_t keepcap, stackcap;
} clipper;

/* How far simplified paths may stray from the scene's: below what 1x shows. */
#define SIMPLIFY_PX 0.15

static void clip_push(mm_xy **v, size_t *cap, size_t *n, mm_xy p)
{
    *v = mm_grow(*v, cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = p;
}

static void clip_ring(clipper *c, const mm_xy *in, size_t n)
{
    size_t na = mm_draw_clip_ring(&c->clip, in, n, c->r);
    if (na < 3) {
        return;
    }
    c->parts = mm_grow(c->parts, &c->partscap, c->nparts + 1, sizeof *c->parts);
    c->parts[c->nparts++] = (uint32_t)c->npts;
    for (size_t i = 0; i < na; i++) {
        clip_push(&c->pts, &c->ptscap, &c->npts, c->clip.a[i]);
    }
}

static bool segment_meets(mm_xy p, mm_xy q, mm_bbox r)
{
    return fmin(p.x, q.x) <= r.maxx && fmax(p.x, q.x) >= r.minx && fmin(p.y, q.y) <= r.maxy &&
           fmax(p.y, q.y) >= r.miny;
}

static void clip_line(clipper *c, const mm_xy *in, size_t n)
{
    bool open = false;
    for (size_t i = 0; i + 1 < n; i++) {
        if (!segment_meets(in[i], in[i + 1], c->r)) {
            open = false;
            continue;
        }
        if (!open) {
            c->parts = mm_grow(c->parts, &c->partscap, c->nparts + 1, sizeof *c->parts);
            c->parts[c->nparts++] = (uint32_t)c->npts;
            clip_push(&c->pts, &c->ptscap, &c->npts, in[i]);
            open = true;
        }
        clip_push(&c->pts, &c->ptscap, &c->npts, in[i + 1]);
    }
}

/* p cut to the frame (into c's arrays); false when nothing of it is left. */
static bool clip_path(clipper *c, const mm_op_path *p, mm_op_path *out)
{
    c->npts = c->nparts = 0;
    for (uint32_t k = 0; k < p->nparts; k++) {
        uint32_t a = p->parts[k], b = p->parts[k + 1];
        if (b > a) {
            (p->closed ? clip_ring : clip_line)(c, p->pts + a, b - a);
        }
    }
    if (c->nparts == 0) {
        return false;
    }
    c->parts = mm_grow(c->parts, &c->partscap, c->nparts + 1, sizeof *c->parts);
    c->parts[c->nparts] = (uint32_t)c->npts;
    /* then thinned to what 0.1 pixel coordinates can show */
    c->keep = mm_grow(c->keep, &c->keepcap, c->npts, sizeof *c->keep);
    c->stack = mm_grow(c->stack, &c->stackcap, 2 * c->npts + 4, sizeof *c->stack);
    size_t m = 0;
    for (size_t k = 0; k < c->nparts; k++) {
        uint32_t a = c->parts[k], b = c->parts[k + 1];
        size_t kept = mm_draw_simplify(c->pts + a, b - a, SIMPLIFY_PX, c->stack, c->keep);
        if (m != a) {
            memmove(c->pts + m, c->pts + a, kept * sizeof *c->pts);
        }
        c->parts[k] = (uint32_t)m;
        m += kept;
    }
    c->parts[c->nparts] = (uint32_t)m;
    c->npts = m;
    *out = *p;
    out->pts = c->pts;
    out->parts = c->parts;
    out->nparts = (uint32_t)c->nparts;
    return true;
}

static void clipper_fini(clipper *c)
{
    mm_clip_buf_fini(&c->clip);
    mm_free(c->pts);
    mm_free(c->parts);
    mm_free(c->keep);
    mm_free(c->stack);
}

/* ---- document ---- */

static void metadata(mm_buf *out, const char *title, const char *desc, const char *credits)
{
    mm_buf_puts(out, "<metadata><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                     "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><rdf:Description>");
    if (title) {
        mm_buf_puts(out, "<dc:title>");
        mm_svg_escape(out, title);
        mm_buf_puts(out, "</dc:title>");
    }
    if (desc) {
        mm_buf_puts(out, "<dc:description>");
        mm_svg_escape(out, desc);
        mm_buf_puts(out, "</dc:description>");
    }
    if (credits) {
        mm_buf_puts(out, "<dc:source>");
        mm_svg_escape(out, credits);
        mm_buf_puts(out, "</dc:source>");
    }
    mm_buf_puts(out, "<dc:creator>malimap</dc:creator></rdf:Description></rdf:RDF></metadata>\n");
}

mm_status mm_svg_write(const mm_scene *s, mm_buf *out, mm_error *err)
{
    (void)err;
    doc d = {.out = out};
    int w = mm_scene_width(s), h = mm_scene_height(s);
    size_t n = mm_scene_count(s);
    /* layer ids first, so they keep their names; everything else makes way */
    const char **group_ids = mm_array_alloc(n ? n : 1, sizeof *group_ids);
    for (size_t i = 0; i < n; i++) {
        const mm_op *op = mm_scene_op(s, i);
        group_ids[i] = op->kind == MM_OP_GROUP_BEGIN
                           ? id_claim(&d.ids, op->u.group.id ? op->u.group.id : "layer")
                           : NULL;
        if (op->kind == MM_OP_PATH && op->u.path.has_fill && op->u.path.closed) {
            pattern_add(&d, &op->u.path.fill, op->opacity);
        }
    }
    for (size_t i = 0; i < d.npatterns; i++) {
        d.patterns[i].id = id_claim(&d.ids, "hatch");
    }
    const char *title_id = id_claim(&d.ids, "map-title");
    const char *desc_id = id_claim(&d.ids, "map-desc");

    const char *title = mm_scene_meta(s, "title");
    const char *desc = mm_scene_meta(s, "description");
    const char *credits = mm_scene_meta(s, "credits");
    mm_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    mm_buf_printf(out,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" "
                  "version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
                  "aria-labelledby=\"%s\"%s%s%s>\n",
                  w, h, w, h, title_id, desc ? " aria-describedby=\"" : "", desc ? desc_id : "",
                  desc ? "\"" : "");
    mm_buf_printf(out, "<title id=\"%s\">", title_id);
    mm_svg_escape(out, title ? title : "Map");
    mm_buf_puts(out, "</title>\n");
    if (desc) {
        mm_buf_printf(out, "<desc id=\"%s\">", desc_id);
        mm_svg_escape(out, desc);
        mm_buf_puts(out, "</desc>\n");
    }
    metadata(out, title, desc, credits);
    write_patterns(&d);
    mm_rgba bg = mm_scene_background(s);
    if (bg.a > 0) {
        mm_buf_printf(out, "<rect width=\"%d\" height=\"%d\"", w, h);
        color_attr(out, "fill", bg, 1);
        mm_buf_puts(out, "/>\n");
    }
    group_share none = {0}, g = none;
    clipper clip = {0};
    int depth = 0;
    /* the visible rectangle inside each open group: the frame cut by clips */
    enum { MAX_DEPTH = 64 };
    mm_bbox shown[MAX_DEPTH + 1];
    shown[0] = (mm_bbox){0, 0, w, h};
    for (size_t i = 0; i < n; i++) {
        const mm_op *op = mm_scene_op(s, i);
        switch (op->kind) {
        case MM_OP_GROUP_BEGIN:
            g = shared_of(&d, s, i); /* none when it holds a nested group */
            group_begin(&d, op, group_ids[i], &g);
            depth++;
            if (depth <= MAX_DEPTH) {
                shown[depth] = shown[depth - 1];
                if (op->u.group.has_clip) {
                    shown[depth] = mm_bbox_intersection(shown[depth], op->u.group.clip);
                }
            }
            break;
        case MM_OP_GROUP_END:
            if (depth > 0) {
                mm_buf_puts(out, "</g>\n");
                depth--;
            }
            g = none; /* what follows a nested group writes all its own settings */
            break;
        case MM_OP_PATH: {
            mm_op_path cut;
            double margin = 4 + (op->u.path.has_stroke ? op->u.path.stroke.width_px : 0);
            mm_bbox r = shown[depth < MAX_DEPTH ? depth : MAX_DEPTH];
            clip.r = (mm_bbox){r.minx - margin, r.miny - margin, r.maxx + margin, r.maxy + margin};
            if (!clip_path(&clip, &op->u.path, &cut)) {
                break;
            }
            mm_buf_puts(out, "<path");
            path_data(out, &cut);
            if (!g.paths) {
                paint_key k = key_of(op, pattern_find(&d, &op->u.path.fill, op->opacity));
                paint_attrs(&d, &k);
            }
            data_attrs(out, op);
            mm_buf_puts(out, "/>\n");
            break;
        }
        case MM_OP_MARKER:
            marker(out, op);
            break;
        case MM_OP_TEXT:
            text(out, op, g.text_sample ? g.text_mask : 0);
            break;
        case MM_OP_IMAGE:
            image(out, op);
            break;
        }
    }
    for (; depth > 0; depth--) {
        mm_buf_puts(out, "</g>\n");
    }
    mm_buf_puts(out, "</svg>\n");
    clipper_fini(&clip);
    mm_free(group_ids);
    mm_free(d.patterns);
    idset_fini(&d.ids);
    return MM_OK;
}
