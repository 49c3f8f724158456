/*
 * svgicon.c — SVG icons as scene paths: a small XML tokenizer, the elements
 * and paint icons draw with, curves flattened at the size they are drawn.
 * Part of draw/: calls core/ (memory, errors), style/ (CSS colours, number
 * syntax) and the scene; libc otherwise. The file may be hostile: every read
 * is bounds-checked, sizes are limited (svgicon.h), and a problem is an error
 * at file:line:col, never a crash.
 */
#include "malimap/svgicon.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/expr.h"
#include "malimap/mem.h"
#include "malimap/text.h"

/* Numbers beyond this are refused: no icon needs them, and products of a few
 * (nested transforms) stay finite. */
#define MAX_NUMBER 1e9
/* Largest icon, in CSS pixels on a side. */
#define MAX_SIZE_PX 16384.0
/* What 1 em and 1 ex are (no fonts in icons: the CSS initial 16 px). */
#define EM_PX 16.0

enum {
    MAX_ATTRS = 256,       /* attributes of one element */
    MAX_CSS_RULES = 1000,  /* rules of <style> sheets (more are ignored) */
    MAX_HREF_HOPS = 16,    /* gradients inheriting stops from gradients */
    MAX_CUBIC_STEPS = 512, /* lines a curve is flattened into */
    MAX_NUM_TEXT = 128     /* characters of one number */
};

/* ---- the parsed icon ---- */

typedef enum seg_kind { SEG_MOVE, SEG_LINE, SEG_CUBIC, SEG_CLOSE } seg_kind;

/* A segment in icon pixels: MOVE and LINE go to p[0]; CUBIC has control
 * points p[0] and p[1] and ends at p[2]. */
typedef struct seg {
    seg_kind kind;
    mm_xy p[3];
} seg;

/* One SVG shape element with its computed paint. */
typedef struct shape {
    size_t first, nsegs; /* into segs; the first is a MOVE */
    bool has_fill, has_stroke, nonzero;
    mm_rgba fill, stroke; /* opacities multiplied in */
    double stroke_px;     /* icon pixels */
    mm_line_cap cap;
    mm_line_join join;
    double dash[MM_DASH_MAX]; /* icon pixels */
    int ndash;
    size_t first_sub, nsubs; /* the flattened outline: into subs */
} shape;

/* A flattened subpath: points [first, first + n) of flat. */
typedef struct subpath {
    size_t first, n;
    bool closed;
} subpath;

struct mm_svgicon {
    double width_px, height_px;
    seg *segs;
    size_t nsegs, segs_cap;
    shape *shapes;
    size_t nshapes, shapes_cap;
    double flat_tol; /* the tolerance the outline was flattened for; 0 = not yet */
    mm_xy *flat;
    size_t nflat, flat_cap;
    subpath *subs;
    size_t nsubs, subs_cap;
};

void mm_svgicon_destroy(mm_svgicon *icon)
{
    if (!icon) {
        return;
    }
    mm_free(icon->segs);
    mm_free(icon->shapes);
    mm_free(icon->flat);
    mm_free(icon->subs);
    mm_free(icon);
}

double mm_svgicon_width(const mm_svgicon *icon)
{
    return icon->width_px;
}

double mm_svgicon_height(const mm_svgicon *icon)
{
    return icon->height_px;
}

/* ---- the parser's state ---- */

typedef enum paint_kind { PAINT_NONE, PAINT_COLOR, PAINT_CURRENT, PAINT_REF } paint_kind;

typedef struct paint {
    paint_kind kind;
    mm_rgba color;     /* COLOR; REF: the fallback */
    bool has_fallback; /* REF: "url(#g) red" */
    const char *ref;   /* REF: the id (parser's arena) */
} paint;

/* What an element does with its content. */
typedef enum mode {
    M_RENDER,   /* drawn */
    M_DEFS,     /* not drawn, but gradients and <style> inside count */
    M_SKIP,     /* ignored, content and all (text, filters, unknown elements) */
    M_GRADIENT, /* a gradient: its <stop>s give it a colour */
    M_STYLE     /* a <style> sheet: its text is CSS */
} mode;

/* What an element passes on to its children (the inherited properties). */
typedef struct state {
    paint fill, stroke;
    double fill_opacity, stroke_opacity;
    double alpha;    /* the opacity of the element times its ancestors' */
    double stroke_w; /* user units */
    mm_line_cap cap;
    mm_line_join join;
    bool nonzero, hidden;
    mm_rgba color; /* for currentColor */
    double dash[MM_DASH_MAX];
    int ndash;
    double m[6]; /* user space to icon pixels: x' = a x + c y + e, y' = b x + d y + f */
    mode mode;
    size_t gradient; /* M_GRADIENT: index into gradients */
} state;

/* A gradient, drawn in the mean colour of its stops. */
typedef struct gradient {
    const char *id;
    const char *href;  /* the gradient whose stops it uses when it has none */
    double r, g, b, a; /* sums of the stops' premultiplied channels */
    int nstops;
    size_t order; /* in the file: of two with one id, the first counts */
} gradient;

/* A simple CSS rule: "*", "tag", ".class", "#id", "tag.class" or "tag#id". */
typedef struct css_rule {
    const char *tag, *cls, *id; /* NULL: any */
    const char *decls;
    int specificity;
    size_t order;
} css_rule;

/* A shape's paint that names a gradient, resolved once the whole file is read. */
typedef struct pending {
    size_t shape;
    bool stroke;
    const char *ref;
    bool has_fallback;
    mm_rgba fallback;
    double alpha;
} pending;

typedef struct attr {
    const char *name;
    const char *value;
    size_t off; /* byte offset of the name in the file */
} attr;

typedef struct element {
    const char *name;  /* as written ("svg:path") */
    const char *local; /* after any prefix ("path") */
    size_t off;
    attr attrs[MAX_ATTRS];
    int nattrs;
} element;

typedef struct parser {
    const char *path;
    const char *text;
    size_t len;
    size_t pos;
    mm_error *err;
    mm_svgicon *icon;
    mm_arena *keep; /* ids, names of open elements, CSS: for the whole parse */
    mm_arena *tmp;  /* one element's attributes */
    state stack[MM_SVGICON_MAX_DEPTH + 1];
    const char *open[MM_SVGICON_MAX_DEPTH + 1];
    size_t open_off[MM_SVGICON_MAX_DEPTH + 1];
    int depth;
    size_t nelements;
    bool root_done;
    double vw, vh; /* what 100% is across and down (the viewBox) */
    element el;
    gradient *grads;
    size_t ngrads, grads_cap;
    css_rule *rules;
    size_t nrules, rules_cap;
    pending *pend;
    size_t npend, pend_cap;
    mm_buf css;
} parser;

/* ---- errors ---- */

static void locate(const parser *P, size_t off, long *line, long *col)
{
    long l = 1, c = 1;
    for (size_t i = 0; i < off && i < P->len; i++) {
        if (P->text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

__attribute__((format(printf, 4, 5))) static mm_status fail(parser *P, size_t off, mm_status status,
                                                            const char *fmt, ...)
{
    char msg[MM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long line, col;
    locate(P, off, &line, &col);
    return MM_ERR(P->err, status, P->path, line, col, "%s", msg);
}

/* ---- small text helpers ---- */

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static const char *skip_ws(const char *s)
{
    while (is_ws(*s)) {
        s++;
    }
    return s;
}

/* Whitespace with at most one comma in it (the separator of SVG number lists). */
static const char *skip_sep(const char *s)
{
    s = skip_ws(s);
    if (*s == ',') {
        s = skip_ws(s + 1);
    }
    return s;
}

static bool name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

static bool name_char(unsigned char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool ascii_eq_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) {
            return false;
        }
    }
    return *a == *b;
}

/* The first occurrence of needle (nn bytes) in hay (n bytes), or NULL. */
static const char *find_bytes(const char *hay, size_t n, const char *needle, size_t nn)
{
    for (size_t i = 0; nn <= n && i <= n - nn; i++) {
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, nn)) {
            return hay + i;
        }
    }
    return NULL;
}

/*
 * The number at *s in SVG syntax ("-1.5e3", ".5", "1."), advancing *s past
 * it. Returns NULL, or what is wrong.
 */
static const char *scan_number(const char **s, double *out)
{
    size_t n = mm_expr_number_length(*s);
    if (n == 0) {
        return "expected a number";
    }
    if (n >= MAX_NUM_TEXT) {
        return "number too long";
    }
    char tmp[MAX_NUM_TEXT];
    memcpy(tmp, *s, n);
    tmp[n] = '\0';
    double v = strtod(tmp, NULL);
    if (!isfinite(v) || fabs(v) > MAX_NUMBER) {
        return "number out of range";
    }
    *s += n;
    *out = v;
    return NULL;
}

/* ---- entities ---- */

/*
 * Text s (n bytes, at byte off of the file) with its references replaced:
 * &amp; &lt; &gt; &quot; &apos; &#N; &#xN;. A reference to an entity of a
 * DTD stays as written (malimap reads no DTD). NULL after an error.
 */
static char *decode(parser *P, const char *s, size_t n, size_t off, mm_arena *a)
{
    /* a reference is never shorter than what it stands for */
    char *out = mm_arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '&') {
            out[o++] = s[i++];
            continue;
        }
        size_t room = n - i < 40 ? n - i : 40;
        const char *semi = memchr(s + i, ';', room);
        if (!semi) {
            fail(P, off + i, MM_E_DATA, "'&' does not start a reference (write &amp;)");
            return NULL;
        }
        const char *ref = s + i + 1;
        size_t rn = (size_t)(semi - ref);
        if (rn > 0 && ref[0] == '#') {
            bool hex = rn > 1 && ref[1] == 'x';
            size_t k = hex ? 2 : 1;
            unsigned long cp = 0;
            bool ok = k < rn;
            for (; ok && k < rn; k++) {
                char c = ref[k];
                int d = c >= '0' && c <= '9'          ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                      : -1;
                ok = d >= 0 && cp <= 0x10FFFF;
                cp = cp * (hex ? 16 : 10) + (unsigned long)(d < 0 ? 0 : d);
            }
            if (!ok || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                fail(P, off + i, MM_E_DATA, "bad character reference '&%.*s;'", (int)rn, ref);
                return NULL;
            }
            o += mm_utf8_encode((unsigned)cp, out + o);
        } else {
            static const char *const NAMES[] = {"amp", "lt", "gt", "quot", "apos"};
            static const char CHARS[] = "&<>\"'";
            int hit = -1;
            for (int k = 0; k < 5; k++) {
                if (strlen(NAMES[k]) == rn && !memcmp(ref, NAMES[k], rn)) {
                    hit = k;
                }
            }
            bool name_ok = rn > 0 && name_start((unsigned char)ref[0]);
            for (size_t k = 1; name_ok && k < rn; k++) {
                name_ok = name_char((unsigned char)ref[k]);
            }
            if (hit >= 0) {
                out[o++] = CHARS[hit];
            } else if (name_ok) {
                memcpy(out + o, s + i, rn + 2);
                o += rn + 2;
            } else {
                fail(P, off + i, MM_E_DATA, "'&' does not start a reference (write &amp;)");
                return NULL;
            }
        }
        i += rn + 2;
    }
    out[o] = '\0';
    return out;
}

/* ---- transforms ---- */

static void mat_mul(double m[6], const double t[6])
{
    double r[6] = {m[0] * t[0] + m[2] * t[1],        m[1] * t[0] + m[3] * t[1],
                   m[0] * t[2] + m[2] * t[3],        m[1] * t[2] + m[3] * t[3],
                   m[0] * t[4] + m[2] * t[5] + m[4], m[1] * t[4] + m[3] * t[5] + m[5]};
    memcpy(m, r, sizeof r);
}

static mm_xy mat_apply(const double m[6], mm_xy p)
{
    return (mm_xy){m[0] * p.x + m[2] * p.y + m[4], m[1] * p.x + m[3] * p.y + m[5]};
}

/* How much the matrix scales lengths (the square root of its area factor). */
static double mat_scale(const double m[6])
{
    return sqrt(fabs(m[0] * m[3] - m[1] * m[2]));
}

/* Multiplies the transform list of attribute a into m. */
static bool parse_transform(parser *P, const attr *a, double m[6])
{
    const char *s = a->value;
    for (;;) {
        s = skip_sep(s);
        if (!*s) {
            return true;
        }
        const char *name = s;
        while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
            s++;
        }
        size_t nn = (size_t)(s - name);
        s = skip_ws(s);
        if (nn == 0 || *s != '(') {
            fail(P, a->off, MM_E_DATA, "transform: expected a function such as translate(…)");
            return false;
        }
        s = skip_ws(s + 1);
        double v[6];
        int n = 0;
        while (*s != ')') {
            const char *why = n < 6 ? scan_number(&s, &v[n]) : "too many numbers";
            if (why) {
                fail(P, a->off, MM_E_DATA, "transform: %s in %.*s()", why, (int)nn, name);
                return false;
            }
            n++;
            s = skip_sep(s);
        }
        s++;
        double t[6] = {1, 0, 0, 1, 0, 0};
        bool ok;
        if (nn == 6 && !memcmp(name, "matrix", 6)) {
            ok = n == 6;
            memcpy(t, v, sizeof t);
        } else if (nn == 9 && !memcmp(name, "translate", 9)) {
            ok = n == 1 || n == 2;
            t[4] = v[0];
            t[5] = n == 2 ? v[1] : 0;
        } else if (nn == 5 && !memcmp(name, "scale", 5)) {
            ok = n == 1 || n == 2;
            t[0] = v[0];
            t[3] = n == 2 ? v[1] : v[0];
        } else if (nn == 6 && !memcmp(name, "rotate", 6)) {
            ok = n == 1 || n == 3;
            double r = v[0] * M_PI / 180, c = cos(r), sn = sin(r);
            double cx = n == 3 ? v[1] : 0, cy = n == 3 ? v[2] : 0;
            /* translate(cx, cy) rotate(a) translate(-cx, -cy) */
            t[0] = c;
            t[1] = sn;
            t[2] = -sn;
            t[3] = c;
            t[4] = cx - c * cx + sn * cy;
            t[5] = cy - sn * cx - c * cy;
        } else if (nn == 5 && (!memcmp(name, "skewX", 5) || !memcmp(name, "skewY", 5))) {
            ok = n == 1;
            double k = tan(v[0] * M_PI / 180);
            if (!isfinite(k) || fabs(k) > MAX_NUMBER) {
                fail(P, a->off, MM_E_DATA, "transform: %.*s(%g) is degenerate", (int)nn, name,
                     v[0]);
                return false;
            }
            t[name[4] == 'X' ? 2 : 1] = k;
        } else {
            fail(P, a->off, MM_E_DATA, "transform: unknown function '%.*s'", (int)nn, name);
            return false;
        }
        if (!ok) {
            fail(P, a->off, MM_E_DATA, "transform: %.*s() does not take %d number%s", (int)nn, name,
                 n, n == 1 ? "" : "s");
            return false;
        }
        mat_mul(m, t);
    }
}

/* ---- geometry: segments in icon pixels ---- */

typedef struct builder {
    parser *P;
    const double *m;
    size_t off;  /* the attribute being read, for errors */
    mm_xy start; /* user space */
    mm_xy cur;   /* user space */
    bool open;   /* a subpath is under way */
} builder;

static bool add_seg(builder *b, seg_kind kind, const mm_xy *pts, int n)
{
    mm_svgicon *icon = b->P->icon;
    if (icon->nsegs >= MM_SVGICON_MAX_SEGMENTS) {
        fail(b->P, b->off, MM_E_LIMIT, "more than %d path segments", MM_SVGICON_MAX_SEGMENTS);
        return false;
    }
    seg s = {.kind = kind};
    for (int i = 0; i < n; i++) {
        s.p[i] = mat_apply(b->m, pts[i]);
        if (!isfinite(s.p[i].x) || !isfinite(s.p[i].y) || fabs(s.p[i].x) > MAX_NUMBER ||
            fabs(s.p[i].y) > MAX_NUMBER) {
            fail(b->P, b->off, MM_E_DATA, "coordinates out of range");
            return false;
        }
    }
    icon->segs = mm_grow(icon->segs, &icon->segs_cap, icon->nsegs + 1, sizeof *icon->segs);
    icon->segs[icon->nsegs++] = s;
    return true;
}

static bool move_to(builder *b, mm_xy p)
{
    b->start = b->cur = p;
    b->open = true;
    return add_seg(b, SEG_MOVE, &p, 1);
}

/* After a close, drawing goes on from the start of the closed subpath. */
static bool ensure_open(builder *b)
{
    return b->open || move_to(b, b->cur);
}

static bool line_to(builder *b, mm_xy p)
{
    if (!ensure_open(b)) {
        return false;
    }
    b->cur = p;
    return add_seg(b, SEG_LINE, &p, 1);
}

static bool cubic_to(builder *b, mm_xy c1, mm_xy c2, mm_xy p)
{
    if (!ensure_open(b)) {
        return false;
    }
    mm_xy pts[3] = {c1, c2, p};
    b->cur = p;
    return add_seg(b, SEG_CUBIC, pts, 3);
}

static bool quad_to(builder *b, mm_xy q, mm_xy p)
{
    mm_xy s = b->cur;
    mm_xy c1 = {s.x + 2.0 / 3 * (q.x - s.x), s.y + 2.0 / 3 * (q.y - s.y)};
    mm_xy c2 = {p.x + 2.0 / 3 * (q.x - p.x), p.y + 2.0 / 3 * (q.y - p.y)};
    return cubic_to(b, c1, c2, p);
}

static bool close_path(builder *b)
{
    if (!b->open) {
        return true;
    }
    b->open = false;
    b->cur = b->start;
    return add_seg(b, SEG_CLOSE, NULL, 0);
}

/* The signed angle from u to v (radians). */
static double angle_between(double ux, double uy, double vx, double vy)
{
    return atan2(ux * vy - uy * vx, ux * vx + uy * vy);
}

/*
 * An elliptical arc to p as cubic Béziers: endpoint to centre
 * parameterisation as in the SVG implementation notes (F.6.5, with the
 * radii scaled up when too small, F.6.6), then at most a quarter turn per
 * curve, whose control points lie at 4/3 tan(δ/4) along the tangents.
 */
static bool arc_to(builder *b, double rx, double ry, double phi_deg, bool large, bool sweep,
                   mm_xy p)
{
    mm_xy p0 = b->cur;
    if (p0.x == p.x && p0.y == p.y) {
        return ensure_open(b); /* an arc to where it starts draws nothing */
    }
    rx = fabs(rx);
    ry = fabs(ry);
    if (rx == 0 || ry == 0) {
        return line_to(b, p);
    }
    double phi = fmod(phi_deg, 360) * M_PI / 180, cp = cos(phi), sp = sin(phi);
    double dx = (p0.x - p.x) / 2, dy = (p0.y - p.y) / 2;
    double x1 = cp * dx + sp * dy, y1 = -sp * dx + cp * dy;
    double lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
    if (!isfinite(lambda)) {
        /* radii so small their squares vanish: scaled up as any too small */
        double ratio = ry / rx;
        if (!isfinite(ratio) || ratio == 0) {
            return line_to(b, p);
        }
        rx = hypot(x1, y1 / ratio);
        ry = rx * ratio;
        lambda = 1;
    }
    if (lambda > 1) {
        double k = sqrt(lambda);
        rx *= k;
        ry *= k;
    }
    double num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
    double den = rx * rx * y1 * y1 + ry * ry * x1 * x1;
    double co = den > 0 && num > 0 ? sqrt(num / den) : 0;
    if (large == sweep) {
        co = -co;
    }
    double cx1 = co * rx * y1 / ry, cy1 = -co * ry * x1 / rx;
    double cx = cp * cx1 - sp * cy1 + (p0.x + p.x) / 2;
    double cy = sp * cx1 + cp * cy1 + (p0.y + p.y) / 2;
    double ux = (x1 - cx1) / rx, uy = (y1 - cy1) / ry;
    double vx = (-x1 - cx1) / rx, vy = (-y1 - cy1) / ry;
    double theta = atan2(uy, ux);
    double delta = angle_between(ux, uy, vx, vy);
    if (!sweep && delta > 0) {
        delta -= 2 * M_PI;
    } else if (sweep && delta < 0) {
        delta += 2 * M_PI;
    }
    int n = (int)ceil(fabs(delta) / (M_PI / 2) - 1e-9);
    n = n < 1 ? 1 : n > 4 ? 4 : n;
    double step = delta / n, k = 4.0 / 3 * tan(step / 4);
    for (int i = 0; i < n; i++) {
        double a0 = theta + i * step, a1 = a0 + step;
        double e[4][2] = {{cos(a0), sin(a0)},
                          {cos(a0) - k * sin(a0), sin(a0) + k * cos(a0)},
                          {cos(a1) + k * sin(a1), sin(a1) - k * cos(a1)},
                          {cos(a1), sin(a1)}};
        mm_xy q[4];
        for (int j = 1; j < 4; j++) {
            double ex = rx * e[j][0], ey = ry * e[j][1];
            q[j] = (mm_xy){cp * ex - sp * ey + cx, sp * ex + cp * ey + cy};
        }
        if (i == n - 1) {
            q[3] = p; /* exactly where the arc was asked to end */
        }
        if (!cubic_to(b, q[1], q[2], q[3])) {
            return false;
        }
    }
    return true;
}

/* ---- path data ---- */

static bool path_number(builder *b, const char **s, double *out)
{
    *s = skip_sep(*s);
    const char *why = scan_number(s, out);
    if (why) {
        fail(b->P, b->off, MM_E_DATA, "path data: %s at '%.12s'", why, *s);
        return false;
    }
    return true;
}

static bool path_flag(builder *b, const char **s, bool *out)
{
    *s = skip_sep(*s);
    if (**s != '0' && **s != '1') {
        fail(b->P, b->off, MM_E_DATA, "path data: an arc flag must be 0 or 1 at '%.12s'", *s);
        return false;
    }
    *out = **s == '1';
    (*s)++;
    return true;
}

/* Follows the path data of attribute a (M m L l H h V v C c S s Q q T t A a Z z). */
static bool parse_path(builder *b, const attr *a)
{
    const char *s = skip_ws(a->value);
    char cmd = 0;
    mm_xy ctrl = {0, 0}; /* last control point, for S and T */
    char last = 0;       /* the previous command, upper case */
    for (s = skip_ws(s); *s; s = skip_ws(s)) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
            cmd = *s++;
            if (!strchr("MmLlHhVvCcSsQqTtAaZz", cmd)) {
                fail(b->P, b->off, MM_E_DATA, "path data: unknown command '%c'", cmd);
                return false;
            }
            if (last == 0 && cmd != 'M' && cmd != 'm') {
                fail(b->P, b->off, MM_E_DATA, "path data must begin with a moveto (M or m)");
                return false;
            }
        } else if (cmd == 0 || cmd == 'Z' || cmd == 'z') {
            fail(b->P, b->off, MM_E_DATA, "path data: expected a command at '%.12s'", s);
            return false;
        } else if (*s == ',' && last != 0) {
            s++; /* a comma between repeated argument groups */
        }
        bool rel = cmd >= 'a';
        char up = (char)(rel ? cmd - 32 : cmd);
        mm_xy o = rel ? b->cur : (mm_xy){0, 0};
        double v[7];
        bool ok = true;
        int need = up == 'M' || up == 'L' || up == 'T' ? 2
                   : up == 'H' || up == 'V'            ? 1
                   : up == 'C'                         ? 6
                   : up == 'S' || up == 'Q'            ? 4
                   : up == 'A'                         ? 7
                                                       : 0;
        for (int i = 0; ok && i < need; i++) {
            if (up == 'A' && (i == 3 || i == 4)) {
                bool f;
                ok = path_flag(b, &s, &f);
                v[i] = f;
            } else {
                ok = path_number(b, &s, &v[i]);
            }
        }
        if (!ok) {
            return false;
        }
        mm_xy cur = b->cur;
        switch (up) {
        case 'M':
            ok = move_to(b, (mm_xy){o.x + v[0], o.y + v[1]});
            cmd = rel ? 'l' : 'L'; /* further pairs are lines */
            break;
        case 'L':
            ok = line_to(b, (mm_xy){o.x + v[0], o.y + v[1]});
            break;
        case 'H':
            ok = line_to(b, (mm_xy){o.x + v[0], cur.y});
            break;
        case 'V':
            ok = line_to(b, (mm_xy){cur.x, o.y + v[0]});
            break;
        case 'C':
            ctrl = (mm_xy){o.x + v[2], o.y + v[3]};
            ok =
                cubic_to(b, (mm_xy){o.x + v[0], o.y + v[1]}, ctrl, (mm_xy){o.x + v[4], o.y + v[5]});
            break;
        case 'S': {
            mm_xy c1 =
                last == 'C' || last == 'S' ? (mm_xy){2 * cur.x - ctrl.x, 2 * cur.y - ctrl.y} : cur;
            ctrl = (mm_xy){o.x + v[0], o.y + v[1]};
            ok = cubic_to(b, c1, ctrl, (mm_xy){o.x + v[2], o.y + v[3]});
            break;
        }
        case 'Q':
            ctrl = (mm_xy){o.x + v[0], o.y + v[1]};
            ok = quad_to(b, ctrl, (mm_xy){o.x + v[2], o.y + v[3]});
            break;
        case 'T':
            ctrl =
                last == 'Q' || last == 'T' ? (mm_xy){2 * cur.x - ctrl.x, 2 * cur.y - ctrl.y} : cur;
            ok = quad_to(b, ctrl, (mm_xy){o.x + v[0], o.y + v[1]});
            break;
        case 'A':
            ok = arc_to(b, v[0], v[1], v[2], v[3] != 0, v[4] != 0, (mm_xy){o.x + v[5], o.y + v[6]});
            break;
        default: /* Z */
            ok = close_path(b);
            break;
        }
        if (!ok) {
            return false;
        }
        last = up;
    }
    return true;
}

/* ---- lengths, lists, paint ---- */

/*
 * A length with an optional unit (px, pt, pc, mm, cm, in, em, ex, %) in
 * user units, advancing *s; pct_of is what 100% is. NULL or what is wrong.
 */
static const char *scan_length(const char **s, double pct_of, double *out)
{
    double v;
    const char *why = scan_number(s, &v);
    if (why) {
        return why;
    }
    static const struct {
        const char *unit;
        double px;
    } UNITS[] = {{"px", 1},         {"pt", 4.0 / 3}, {"pc", 16},    {"mm", 96 / 25.4},
                 {"cm", 96 / 2.54}, {"in", 96},      {"em", EM_PX}, {"ex", EM_PX / 2}};
    double f = 1;
    if (**s == '%') {
        f = pct_of / 100;
        (*s)++;
    } else if ((**s >= 'a' && **s <= 'z') || (**s >= 'A' && **s <= 'Z')) {
        f = 0;
        for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++) {
            if (!strncmp(*s, UNITS[i].unit, 2)) {
                f = UNITS[i].px;
            }
        }
        if (f == 0 || ((*s)[2] >= 'a' && (*s)[2] <= 'z')) {
            return "unknown unit";
        }
        *s += 2;
    }
    *out = v * f;
    return fabs(*out) > MAX_NUMBER ? "number out of range" : NULL;
}

/* A whole attribute value that is one length. */
static bool length_value(const char *text, double pct_of, double *out)
{
    const char *s = skip_ws(text);
    return !scan_length(&s, pct_of, out) && !*skip_ws(s);
}

static const attr *attr_get(const element *e, const char *name)
{
    for (int i = 0; i < e->nattrs; i++) {
        if (!strcmp(e->attrs[i].name, name)) {
            return &e->attrs[i];
        }
    }
    return NULL;
}

/* Length attribute name of e in user units, def when absent; false after an error. */
static bool attr_length(parser *P, const element *e, const char *name, double pct_of, double def,
                        double *out)
{
    const attr *a = attr_get(e, name);
    *out = def;
    if (!a) {
        return true;
    }
    const char *s = skip_ws(a->value);
    const char *why = scan_length(&s, pct_of, out);
    if (!why && *skip_ws(s)) {
        why = "unexpected text after the length";
    }
    if (why) {
        fail(P, a->off, MM_E_DATA, "%s: %s in '%.40s'", name, why, a->value);
        return false;
    }
    return true;
}

/* A number or a percentage, clamped to 0..1 (opacities). */
static bool fraction_value(const char *text, double *out)
{
    const char *s = skip_ws(text);
    double v;
    if (scan_number(&s, &v)) {
        return false;
    }
    if (*s == '%') {
        v /= 100;
        s++;
    }
    if (*skip_ws(s)) {
        return false;
    }
    *out = v < 0 ? 0 : v > 1 ? 1 : v;
    return true;
}

static bool parse_paint(parser *P, const char *v, paint *out)
{
    if (!strcmp(v, "none")) {
        *out = (paint){.kind = PAINT_NONE};
        return true;
    }
    if (ascii_eq_nocase(v, "currentColor")) {
        *out = (paint){.kind = PAINT_CURRENT};
        return true;
    }
    if (!strncmp(v, "url(", 4)) {
        const char *close = strchr(v, ')');
        if (!close) {
            return false;
        }
        const char *id = skip_ws(v + 4);
        size_t n = (size_t)(close - id);
        while (n > 0 && (is_ws(id[n - 1]) || id[n - 1] == '"' || id[n - 1] == '\'')) {
            n--;
        }
        if (n > 0 && (*id == '"' || *id == '\'')) {
            id++;
            n--;
        }
        if (n == 0 || *id != '#') {
            return false;
        }
        paint p = {.kind = PAINT_REF, .ref = mm_arena_strndup(P->keep, id + 1, n - 1)};
        const char *fb = skip_ws(close + 1);
        if (*fb) {
            p.has_fallback = true;
            if (strcmp(fb, "none") && !mm_color_parse(fb, &p.color)) {
                p.has_fallback = false; /* a fallback we cannot read: none */
            }
        }
        *out = p;
        return true;
    }
    mm_rgba c;
    if (!mm_color_parse(v, &c)) {
        return false;
    }
    *out = (paint){.kind = PAINT_COLOR, .color = c};
    return true;
}

/* "none" or a list of lengths; odd lists repeat; lists past MM_DASH_MAX draw solid. */
static bool parse_dashes(const char *text, double pct_of, double *dash, int *ndash)
{
    const char *s = skip_ws(text);
    if (!strcmp(s, "none")) {
        *ndash = 0;
        return true;
    }
    double d[MM_DASH_MAX];
    int n = 0;
    double sum = 0;
    while (*s) {
        if (n == MM_DASH_MAX) {
            *ndash = 0;
            return true;
        }
        if (scan_length(&s, pct_of, &d[n]) || d[n] < 0) {
            return false;
        }
        sum += d[n++];
        s = skip_sep(s);
    }
    if (n == 0 || sum <= 0) {
        *ndash = 0;
        return n > 0;
    }
    int total = n % 2 ? 2 * n : n;
    if (total > MM_DASH_MAX) {
        *ndash = 0;
        return true;
    }
    for (int i = 0; i < total; i++) {
        dash[i] = d[i % n];
    }
    *ndash = total;
    return true;
}

/* ---- properties ---- */

/* An element's own properties while they are worked out (the state is what
 * it passes on; opacity and display are not inherited). */
typedef struct props {
    state *st;
    double opacity;
    bool display_none;
    mm_rgba stop_color;
    double stop_opacity;
    bool stop_current;
} props;

static double diagonal(const parser *P)
{
    return sqrt((P->vw * P->vw + P->vh * P->vh) / 2);
}

/* Sets one property from a presentation attribute or a CSS declaration.
 * Values that do not parse are ignored, as browsers do. */
static void apply_prop(parser *P, props *pr, const char *name, const char *raw)
{
    static const char *const PROPS[] = {"fill",
                                        "stroke",
                                        "fill-opacity",
                                        "stroke-opacity",
                                        "opacity",
                                        "stop-opacity",
                                        "stop-color",
                                        "color",
                                        "stroke-width",
                                        "fill-rule",
                                        "stroke-linecap",
                                        "stroke-linejoin",
                                        "stroke-dasharray",
                                        "display",
                                        "visibility"};
    bool known = false;
    for (size_t i = 0; i < sizeof PROPS / sizeof PROPS[0] && !known; i++) {
        known = !strcmp(name, PROPS[i]);
    }
    if (!known) {
        return; /* geometry, ids and what malimap does not draw */
    }
    char buf[512];
    snprintf(buf, sizeof buf, "%s", raw);
    char *v = buf;
    while (is_ws(*v)) {
        v++;
    }
    char *imp = strstr(v, "!important");
    if (imp) {
        *imp = '\0';
    }
    size_t n = strlen(v);
    while (n > 0 && is_ws(v[n - 1])) {
        v[--n] = '\0';
    }
    state *st = pr->st;
    double d;
    if (!strcmp(v, "inherit")) {
        return; /* the state already holds the parent's value */
    }
    if (!strcmp(name, "fill") || !strcmp(name, "stroke")) {
        paint p;
        if (parse_paint(P, v, &p)) {
            *(name[0] == 'f' ? &st->fill : &st->stroke) = p;
        }
    } else if (!strcmp(name, "fill-opacity") && fraction_value(v, &d)) {
        st->fill_opacity = d;
    } else if (!strcmp(name, "stroke-opacity") && fraction_value(v, &d)) {
        st->stroke_opacity = d;
    } else if (!strcmp(name, "opacity") && fraction_value(v, &d)) {
        pr->opacity = d;
    } else if (!strcmp(name, "stop-opacity") && fraction_value(v, &d)) {
        pr->stop_opacity = d;
    } else if (!strcmp(name, "stop-color")) {
        pr->stop_current = ascii_eq_nocase(v, "currentColor");
        if (!pr->stop_current) {
            mm_color_parse(v, &pr->stop_color);
        }
    } else if (!strcmp(name, "color")) {
        mm_color_parse(v, &st->color);
    } else if (!strcmp(name, "stroke-width")) {
        if (length_value(v, diagonal(P), &d) && d >= 0) {
            st->stroke_w = d;
        }
    } else if (!strcmp(name, "fill-rule")) {
        if (!strcmp(v, "nonzero") || !strcmp(v, "evenodd")) {
            st->nonzero = v[0] == 'n';
        }
    } else if (!strcmp(name, "stroke-linecap")) {
        st->cap = !strcmp(v, "round")    ? MM_CAP_ROUND
                  : !strcmp(v, "square") ? MM_CAP_SQUARE
                  : !strcmp(v, "butt")   ? MM_CAP_BUTT
                                         : st->cap;
    } else if (!strcmp(name, "stroke-linejoin")) {
        st->join = !strcmp(v, "round")                             ? MM_JOIN_ROUND
                   : !strcmp(v, "bevel")                           ? MM_JOIN_BEVEL
                   : !strncmp(v, "miter", 5) || !strcmp(v, "arcs") ? MM_JOIN_MITER
                                                                   : st->join;
    } else if (!strcmp(name, "stroke-dasharray")) {
        double dash[MM_DASH_MAX];
        int nd;
        if (parse_dashes(v, diagonal(P), dash, &nd)) {
            memcpy(st->dash, dash, sizeof dash);
            st->ndash = nd;
        }
    } else if (!strcmp(name, "display")) {
        pr->display_none = !strcmp(v, "none");
    } else if (!strcmp(name, "visibility")) {
        if (!strcmp(v, "visible") || !strcmp(v, "hidden") || !strcmp(v, "collapse")) {
            st->hidden = v[0] != 'v';
        }
    }
}

/* "name: value; name: value" (a style attribute or the body of a CSS rule). */
static void apply_decls(parser *P, props *pr, const char *decls)
{
    const char *s = decls;
    while (*s) {
        const char *end = strchr(s, ';');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        const char *colon = memchr(s, ':', n);
        if (colon) {
            char name[64];
            const char *a = skip_ws(s);
            size_t nn = (size_t)(colon - a);
            while (nn > 0 && is_ws(a[nn - 1])) {
                nn--;
            }
            if (nn > 0 && nn < sizeof name) {
                for (size_t i = 0; i < nn; i++) {
                    name[i] = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
                }
                name[nn] = '\0';
                char *value = mm_arena_strndup(P->tmp, colon + 1, (size_t)(s + n - colon - 1));
                apply_prop(P, pr, name, value);
            }
        }
        s += n;
        if (*s == ';') {
            s++;
        }
    }
}

/* ---- <style> sheets ---- */

static const char *css_name(const char *s, const char *end)
{
    while (s < end && (name_char((unsigned char)*s) && *s != '.' && *s != ':')) {
        s++;
    }
    return s;
}

/* One selector of a rule: what malimap can match, or nothing. */
static void css_add_rule(parser *P, const char *sel, size_t n, const char *decls)
{
    if (P->nrules >= MAX_CSS_RULES) {
        return;
    }
    const char *s = sel, *end = sel + n;
    css_rule r = {.decls = decls, .order = P->nrules};
    if (s < end && *s == '*') {
        s++;
    } else {
        const char *e = css_name(s, end);
        if (e > s) {
            r.tag = mm_arena_strndup(P->keep, s, (size_t)(e - s));
            r.specificity += 1;
            s = e;
        }
    }
    if (s < end && (*s == '.' || *s == '#')) {
        char kind = *s++;
        const char *e = css_name(s, end);
        if (e == s) {
            return;
        }
        const char *name = mm_arena_strndup(P->keep, s, (size_t)(e - s));
        if (kind == '.') {
            r.cls = name;
            r.specificity += 10;
        } else {
            r.id = name;
            r.specificity += 100;
        }
        s = e;
    }
    if (s != end || s == sel) {
        return; /* combinators, pseudo-classes, attribute selectors: not matched */
    }
    P->rules = mm_grow(P->rules, &P->rules_cap, P->nrules + 1, sizeof *P->rules);
    P->rules[P->nrules++] = r;
}

/* Reads simple rules from the text of a <style> element; at-rules are skipped. */
static void css_parse(parser *P, const char *text, size_t len)
{
    /* without comments */
    char *css = mm_arena_alloc(P->keep, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '/' && i + 1 < len && text[i + 1] == '*') {
            const char *e = i + 2 < len ? find_bytes(text + i + 2, len - i - 2, "*/", 2) : NULL;
            if (!e) {
                break;
            }
            i = (size_t)(e - text) + 1;
            continue;
        }
        css[n++] = text[i] ? text[i] : ' ';
    }
    css[n] = '\0';
    const char *s = css;
    while (*(s = skip_ws(s))) {
        if (*s == '@') {
            const char *semi = strchr(s, ';'), *brace = strchr(s, '{');
            if (semi && (!brace || semi < brace)) {
                s = semi + 1;
                continue;
            }
            if (!brace) {
                return;
            }
            int depth = 0;
            for (s = brace; *s; s++) {
                depth += *s == '{' ? 1 : *s == '}' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            s += *s != '\0';
            continue;
        }
        const char *brace = strchr(s, '{');
        const char *close = brace ? strchr(brace, '}') : NULL;
        if (!close) {
            return;
        }
        const char *decls = mm_arena_strndup(P->keep, brace + 1, (size_t)(close - brace - 1));
        const char *sel = s;
        while (sel < brace) {
            const char *comma = memchr(sel, ',', (size_t)(brace - sel));
            const char *e = comma ? comma : brace;
            const char *a = sel, *b = e;
            while (a < b && is_ws(*a)) {
                a++;
            }
            while (b > a && is_ws(b[-1])) {
                b--;
            }
            css_add_rule(P, a, (size_t)(b - a), decls);
            sel = e + 1;
        }
        s = close + 1;
    }
}

static bool has_class(const char *list, const char *cls)
{
    size_t n = strlen(cls);
    for (const char *s = skip_ws(list); *s; s = skip_ws(s)) {
        const char *e = s;
        while (*e && !is_ws(*e)) {
            e++;
        }
        if ((size_t)(e - s) == n && !memcmp(s, cls, n)) {
            return true;
        }
        s = e;
    }
    return false;
}

static int by_specificity(const void *a, const void *b)
{
    const css_rule *x = *(const css_rule *const *)a, *y = *(const css_rule *const *)b;
    if (x->specificity != y->specificity) {
        return x->specificity < y->specificity ? -1 : 1;
    }
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The element's properties: presentation attributes, then the <style> rules
 * that match it (least specific first), then its style attribute. */
static void element_props(parser *P, const element *e, props *pr)
{
    for (int i = 0; i < e->nattrs; i++) {
        apply_prop(P, pr, e->attrs[i].name, e->attrs[i].value);
    }
    if (P->nrules) {
        const attr *cls = attr_get(e, "class"), *id = attr_get(e, "id");
        const css_rule **hit = mm_arena_array(P->tmp, P->nrules, sizeof *hit);
        size_t n = 0;
        for (size_t i = 0; i < P->nrules; i++) {
            const css_rule *r = &P->rules[i];
            if ((!r->tag || !strcmp(r->tag, e->local)) &&
                (!r->cls || (cls && has_class(cls->value, r->cls))) &&
                (!r->id || (id && !strcmp(id->value, r->id)))) {
                hit[n++] = r;
            }
        }
        qsort(hit, n, sizeof *hit, by_specificity);
        for (size_t i = 0; i < n; i++) {
            apply_decls(P, pr, hit[i]->decls);
        }
    }
    const attr *style = attr_get(e, "style");
    if (style) {
        apply_decls(P, pr, style->value);
    }
}

/* ---- shapes ---- */

static void shape_paint(parser *P, shape *sh, const state *st, bool stroke)
{
    const paint *p = stroke ? &st->stroke : &st->fill;
    double alpha = (stroke ? st->stroke_opacity : st->fill_opacity) * st->alpha;
    mm_rgba c = {0, 0, 0, 0};
    bool on = false;
    if (p->kind == PAINT_COLOR || p->kind == PAINT_CURRENT) {
        c = p->kind == PAINT_COLOR ? p->color : st->color;
        c.a *= alpha;
        on = c.a > 0;
    } else if (p->kind == PAINT_REF) {
        P->pend = mm_grow(P->pend, &P->pend_cap, P->npend + 1, sizeof *P->pend);
        P->pend[P->npend++] = (pending){.shape = P->icon->nshapes,
                                        .stroke = stroke,
                                        .ref = p->ref,
                                        .has_fallback = p->has_fallback,
                                        .fallback = p->color,
                                        .alpha = alpha};
    }
    if (stroke) {
        sh->has_stroke = on;
        sh->stroke = c;
    } else {
        sh->has_fill = on;
        sh->fill = c;
    }
}

/* Reads a points attribute ("x,y x,y …") into a polyline or polygon. */
static bool parse_points(builder *b, const attr *a, bool close)
{
    const char *s = skip_ws(a->value);
    size_t n = 0;
    mm_xy p = {0, 0};
    while (*s) {
        double v;
        const char *why = scan_number(&s, &v);
        if (why) {
            fail(b->P, a->off, MM_E_DATA, "points: %s at '%.12s'", why, s);
            return false;
        }
        if (n % 2 == 0) {
            p.x = v;
        } else {
            p.y = v;
            if (!(n == 1 ? move_to(b, p) : line_to(b, p))) {
                return false;
            }
        }
        n++;
        s = skip_sep(s);
    }
    if (n % 2) {
        fail(b->P, a->off, MM_E_DATA, "points: an odd number of coordinates");
        return false;
    }
    return !close || close_path(b);
}

/* An ellipse (or circle) as four quarter arcs, clockwise on screen from its right end. */
static bool ellipse(builder *b, double cx, double cy, double rx, double ry)
{
    return move_to(b, (mm_xy){cx + rx, cy}) &&
           arc_to(b, rx, ry, 0, false, true, (mm_xy){cx, cy + ry}) &&
           arc_to(b, rx, ry, 0, false, true, (mm_xy){cx - rx, cy}) &&
           arc_to(b, rx, ry, 0, false, true, (mm_xy){cx, cy - ry}) &&
           arc_to(b, rx, ry, 0, false, true, (mm_xy){cx + rx, cy}) && close_path(b);
}

static bool rect(parser *P, builder *b, const element *e)
{
    double x, y, w, h, rx, ry;
    if (!attr_length(P, e, "x", P->vw, 0, &x) || !attr_length(P, e, "y", P->vh, 0, &y) ||
        !attr_length(P, e, "width", P->vw, 0, &w) || !attr_length(P, e, "height", P->vh, 0, &h) ||
        !attr_length(P, e, "rx", P->vw, -1, &rx) || !attr_length(P, e, "ry", P->vh, -1, &ry)) {
        return false;
    }
    if (w <= 0 || h <= 0) {
        return true; /* not drawn */
    }
    /* a missing (or negative) radius takes the other's value */
    rx = rx < 0 ? (ry < 0 ? 0 : ry) : rx;
    ry = ry < 0 ? rx : ry;
    rx = fmin(rx, w / 2);
    ry = fmin(ry, h / 2);
    if (rx == 0 || ry == 0) {
        return move_to(b, (mm_xy){x, y}) && line_to(b, (mm_xy){x + w, y}) &&
               line_to(b, (mm_xy){x + w, y + h}) && line_to(b, (mm_xy){x, y + h}) && close_path(b);
    }
    return move_to(b, (mm_xy){x + rx, y}) && line_to(b, (mm_xy){x + w - rx, y}) &&
           arc_to(b, rx, ry, 0, false, true, (mm_xy){x + w, y + ry}) &&
           line_to(b, (mm_xy){x + w, y + h - ry}) &&
           arc_to(b, rx, ry, 0, false, true, (mm_xy){x + w - rx, y + h}) &&
           line_to(b, (mm_xy){x + rx, y + h}) &&
           arc_to(b, rx, ry, 0, false, true, (mm_xy){x, y + h - ry}) &&
           line_to(b, (mm_xy){x, y + ry}) &&
           arc_to(b, rx, ry, 0, false, true, (mm_xy){x + rx, y}) && close_path(b);
}

typedef enum ekind {
    E_SVG,
    E_G,
    E_PATH,
    E_RECT,
    E_CIRCLE,
    E_ELLIPSE,
    E_LINE,
    E_POLYLINE,
    E_POLYGON,
    E_DEFS,
    E_GRADIENT,
    E_STOP,
    E_STYLE,
    E_SKIP
} ekind;

static ekind kind_of(const char *local)
{
    static const struct {
        const char *name;
        ekind kind;
    } KINDS[] = {{"svg", E_SVG},
                 {"g", E_G},
                 {"a", E_G},
                 {"switch", E_G},
                 {"path", E_PATH},
                 {"rect", E_RECT},
                 {"circle", E_CIRCLE},
                 {"ellipse", E_ELLIPSE},
                 {"line", E_LINE},
                 {"polyline", E_POLYLINE},
                 {"polygon", E_POLYGON},
                 {"defs", E_DEFS},
                 {"symbol", E_DEFS},
                 {"clipPath", E_DEFS},
                 {"mask", E_DEFS},
                 {"pattern", E_DEFS},
                 {"marker", E_DEFS},
                 {"linearGradient", E_GRADIENT},
                 {"radialGradient", E_GRADIENT},
                 {"stop", E_STOP},
                 {"style", E_STYLE}};
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
        if (!strcmp(local, KINDS[i].name)) {
            return KINDS[i].kind;
        }
    }
    return E_SKIP; /* text, use, image, filter, foreignObject, metadata, title, … */
}

/* Adds the shape element e drawn with state st. */
static bool add_shape(parser *P, const element *e, ekind k, const state *st)
{
    mm_svgicon *icon = P->icon;
    shape sh = {.first = icon->nsegs,
                .nonzero = st->nonzero,
                .cap = st->cap,
                .join = st->join,
                .ndash = st->ndash};
    double scale = mat_scale(st->m);
    sh.stroke_px = st->stroke_w * scale;
    for (int i = 0; i < st->ndash; i++) {
        sh.dash[i] = st->dash[i] * scale;
    }
    builder b = {.P = P, .m = st->m, .off = e->off};
    bool ok = true;
    const attr *a;
    double x1, y1, x2, y2, r, ry;
    switch (k) {
    case E_PATH:
        a = attr_get(e, "d");
        if (a) {
            b.off = a->off;
            ok = parse_path(&b, a);
        }
        break;
    case E_RECT:
        ok = rect(P, &b, e);
        break;
    case E_CIRCLE:
        ok = attr_length(P, e, "cx", P->vw, 0, &x1) && attr_length(P, e, "cy", P->vh, 0, &y1) &&
             attr_length(P, e, "r", diagonal(P), 0, &r);
        if (ok && r > 0) {
            ok = ellipse(&b, x1, y1, r, r);
        }
        break;
    case E_ELLIPSE:
        ok = attr_length(P, e, "cx", P->vw, 0, &x1) && attr_length(P, e, "cy", P->vh, 0, &y1) &&
             attr_length(P, e, "rx", P->vw, 0, &r) && attr_length(P, e, "ry", P->vh, 0, &ry);
        if (ok && r > 0 && ry > 0) {
            ok = ellipse(&b, x1, y1, r, ry);
        }
        break;
    case E_LINE:
        ok = attr_length(P, e, "x1", P->vw, 0, &x1) && attr_length(P, e, "y1", P->vh, 0, &y1) &&
             attr_length(P, e, "x2", P->vw, 0, &x2) && attr_length(P, e, "y2", P->vh, 0, &y2);
        if (ok) {
            ok = move_to(&b, (mm_xy){x1, y1}) && line_to(&b, (mm_xy){x2, y2});
        }
        break;
    case E_POLYLINE:
    case E_POLYGON:
        a = attr_get(e, "points");
        if (a) {
            b.off = a->off;
            ok = parse_points(&b, a, k == E_POLYGON);
        }
        break;
    default:
        break;
    }
    if (!ok) {
        return false;
    }
    sh.nsegs = icon->nsegs - sh.first;
    if (sh.nsegs == 0 || st->hidden) {
        icon->nsegs = sh.first;
        return true;
    }
    if (k != E_LINE) { /* a line has nothing to fill */
        shape_paint(P, &sh, st, false);
    }
    if (st->stroke_w > 0) {
        shape_paint(P, &sh, st, true);
    } else {
        sh.has_stroke = false;
    }
    icon->shapes =
        mm_grow(icon->shapes, &icon->shapes_cap, icon->nshapes + 1, sizeof *icon->shapes);
    icon->shapes[icon->nshapes++] = sh;
    return true;
}

/* ---- the root element: size and viewBox ---- */

static bool parse_viewbox(const char *text, double vb[4])
{
    const char *s = skip_ws(text);
    for (int i = 0; i < 4; i++) {
        if (scan_number(&s, &vb[i])) {
            return false;
        }
        s = skip_sep(s);
    }
    return !*s;
}

/* A root width or height: a length, or absent (also when a percentage). */
static bool root_length(parser *P, const element *e, const char *name, double *out)
{
    const attr *a = attr_get(e, name);
    *out = 0;
    if (!a || strchr(a->value, '%') || !strcmp(skip_ws(a->value), "auto")) {
        return true;
    }
    if (!length_value(a->value, 0, out)) {
        fail(P, a->off, MM_E_DATA, "%s: not a length: '%.40s'", name, a->value);
        return false;
    }
    if (*out <= 0) {
        fail(P, a->off, MM_E_DATA, "%s must be positive", name);
        return false;
    }
    return true;
}

static bool open_root(parser *P, const element *e, state *st)
{
    double w, h, vb[4] = {0, 0, 0, 0};
    if (!root_length(P, e, "width", &w) || !root_length(P, e, "height", &h)) {
        return false;
    }
    const attr *v = attr_get(e, "viewBox");
    if (v && !parse_viewbox(v->value, vb)) {
        fail(P, v->off, MM_E_DATA, "viewBox: expected four numbers, not '%.40s'", v->value);
        return false;
    }
    if (v && (vb[2] <= 0 || vb[3] <= 0)) {
        fail(P, v->off, MM_E_DATA, "viewBox: width and height must be positive");
        return false;
    }
    if (!v && (w == 0 || h == 0)) {
        fail(P, e->off, MM_E_DATA, "<svg> needs width and height or a viewBox to have a size");
        return false;
    }
    if (w == 0 && h == 0) {
        w = vb[2];
        h = vb[3];
    } else if (w == 0) {
        w = h * vb[2] / vb[3];
    } else if (h == 0) {
        h = w * vb[3] / vb[2];
    }
    if (w > MAX_SIZE_PX || h > MAX_SIZE_PX) {
        fail(P, e->off, MM_E_LIMIT, "an icon may not be larger than %g px on a side", MAX_SIZE_PX);
        return false;
    }
    P->icon->width_px = w;
    P->icon->height_px = h;
    P->vw = v ? vb[2] : w;
    P->vh = v ? vb[3] : h;
    if (v) {
        /* preserveAspectRatio: [defer] <align> [meet | slice], xMidYMid meet by default */
        const attr *par = attr_get(e, "preserveAspectRatio");
        const char *s = par ? skip_ws(par->value) : "";
        if (!strncmp(s, "defer", 5)) {
            s = skip_ws(s + 5);
        }
        double sx = w / vb[2], sy = h / vb[3], ax = 0.5, ay = 0.5;
        if (!strncmp(s, "none", 4)) {
            ax = ay = 0;
        } else {
            if (strlen(s) >= 8 && s[0] == 'x' && s[4] == 'Y') {
                ax = !strncmp(s + 1, "Min", 3) ? 0 : !strncmp(s + 1, "Max", 3) ? 1 : 0.5;
                ay = !strncmp(s + 5, "Min", 3) ? 0 : !strncmp(s + 5, "Max", 3) ? 1 : 0.5;
            }
            bool slice = strstr(s, "slice") != NULL;
            sx = sy = slice ? fmax(sx, sy) : fmin(sx, sy);
        }
        double t[6] = {
            sx, 0, 0, sy, (w - vb[2] * sx) * ax - vb[0] * sx, (h - vb[3] * sy) * ay - vb[1] * sy};
        memcpy(st->m, t, sizeof t);
    }
    return true;
}

/* ---- elements ---- */

static void add_gradient(parser *P, const element *e, state *st)
{
    const attr *id = attr_get(e, "id");
    const attr *href = attr_get(e, "xlink:href");
    if (!href) {
        href = attr_get(e, "href");
    }
    P->grads = mm_grow(P->grads, &P->grads_cap, P->ngrads + 1, sizeof *P->grads);
    gradient *g = &P->grads[P->ngrads];
    memset(g, 0, sizeof *g);
    g->id = id ? mm_arena_strdup(P->keep, id->value) : "";
    g->href = href && href->value[0] == '#' ? mm_arena_strdup(P->keep, href->value + 1) : NULL;
    st->mode = M_GRADIENT;
    g->order = P->ngrads;
    st->gradient = P->ngrads++;
}

static void add_stop(parser *P, const element *e, const state *parent)
{
    state tmp = *parent;
    props pr = {.st = &tmp, .opacity = 1, .stop_color = {0, 0, 0, 1}, .stop_opacity = 1};
    element_props(P, e, &pr);
    mm_rgba c = pr.stop_current ? tmp.color : pr.stop_color;
    double a = c.a * pr.stop_opacity;
    gradient *g = &P->grads[parent->gradient];
    g->r += c.r * a;
    g->g += c.g * a;
    g->b += c.b * a;
    g->a += a;
    g->nstops++;
}

static mm_status open_element(parser *P, const element *e)
{
    if (P->depth >= MM_SVGICON_MAX_DEPTH) {
        return fail(P, e->off, MM_E_LIMIT, "elements nested deeper than %d", MM_SVGICON_MAX_DEPTH);
    }
    const state *parent = &P->stack[P->depth];
    state *st = &P->stack[P->depth + 1];
    *st = *parent;
    P->depth++;
    P->open[P->depth] = mm_arena_strdup(P->keep, e->name);
    P->open_off[P->depth] = e->off;
    if (parent->mode == M_SKIP || parent->mode == M_STYLE) {
        st->mode = M_SKIP;
        return MM_OK;
    }
    ekind k = kind_of(e->local);
    if (parent->mode == M_GRADIENT) {
        if (k == E_STOP) {
            add_stop(P, e, parent);
        }
        st->mode = M_SKIP;
        return MM_OK;
    }
    switch (k) {
    case E_SKIP:
    case E_STOP:
        st->mode = M_SKIP;
        return MM_OK;
    case E_STYLE:
        st->mode = M_STYLE;
        mm_buf_reset(&P->css);
        return MM_OK;
    case E_GRADIENT:
        add_gradient(P, e, st);
        return MM_OK;
    case E_DEFS:
        st->mode = M_DEFS;
        return MM_OK;
    default:
        break;
    }
    if (k == E_SVG && P->depth == 1 && !open_root(P, e, st)) {
        return P->err->status;
    }
    props pr = {.st = st, .opacity = 1};
    element_props(P, e, &pr);
    st->alpha *= pr.opacity;
    if (pr.display_none) {
        st->mode = M_SKIP;
        return MM_OK;
    }
    if (k == E_SVG && P->depth > 1) {
        /* a nested <svg>: placed at x, y (its own viewBox is not applied) */
        double x, y;
        if (!attr_length(P, e, "x", P->vw, 0, &x) || !attr_length(P, e, "y", P->vh, 0, &y)) {
            return P->err->status;
        }
        double t[6] = {1, 0, 0, 1, x, y};
        mat_mul(st->m, t);
    }
    const attr *tr = attr_get(e, "transform");
    if (tr && !parse_transform(P, tr, st->m)) {
        return P->err->status;
    }
    if (st->mode == M_RENDER && k != E_SVG && k != E_G && !add_shape(P, e, k, st)) {
        return P->err->status;
    }
    return MM_OK;
}

static void close_element(parser *P)
{
    if (P->stack[P->depth].mode == M_STYLE) {
        css_parse(P, P->css.data ? P->css.data : "", P->css.len);
    }
    P->depth--;
    if (P->depth == 0) {
        P->root_done = true;
    }
}

/* ---- the tokenizer ---- */

static bool at(const parser *P, const char *s)
{
    size_t n = strlen(s);
    return P->len - P->pos >= n && !memcmp(P->text + P->pos, s, n);
}

/* Moves past the next occurrence of s; false when there is none. */
static bool skip_past(parser *P, const char *s)
{
    size_t n = strlen(s);
    const char *hit = find_bytes(P->text + P->pos, P->len - P->pos, s, n);
    if (!hit) {
        return false;
    }
    P->pos = (size_t)(hit - P->text) + n;
    return true;
}

static size_t scan_name(const parser *P, size_t i)
{
    if (i >= P->len || !name_start((unsigned char)P->text[i])) {
        return i;
    }
    while (i < P->len && name_char((unsigned char)P->text[i])) {
        i++;
    }
    return i;
}

static size_t skip_ws_at(const parser *P, size_t i)
{
    while (i < P->len && is_ws(P->text[i])) {
        i++;
    }
    return i;
}

static mm_status start_tag(parser *P)
{
    element *e = &P->el;
    size_t off = P->pos;
    mm_arena_reset(P->tmp);
    size_t ne = scan_name(P, off + 1);
    if (ne == off + 1) {
        return fail(P, off, MM_E_DATA, "'<' must start a tag (write &lt;)");
    }
    e->name = mm_arena_strndup(P->tmp, P->text + off + 1, ne - off - 1);
    const char *colon = strrchr(e->name, ':');
    e->local = colon ? colon + 1 : e->name;
    e->off = off;
    e->nattrs = 0;
    if (P->root_done) {
        return fail(P, off, MM_E_DATA, "<%s> after the end of the root element", e->name);
    }
    if (P->depth == 0 && strcmp(e->local, "svg")) {
        return fail(P, off, MM_E_DATA, "not an SVG file: the root element is <%s>", e->name);
    }
    if (++P->nelements > MM_SVGICON_MAX_ELEMENTS) {
        return fail(P, off, MM_E_LIMIT, "more than %d elements", MM_SVGICON_MAX_ELEMENTS);
    }
    size_t i = ne;
    bool empty = false;
    for (;;) {
        size_t j = skip_ws_at(P, i);
        if (j >= P->len) {
            return fail(P, off, MM_E_DATA, "unexpected end of file in <%s>", e->name);
        }
        char c = P->text[j];
        if (c == '>' || c == '/') {
            if (c == '/' && (j + 1 >= P->len || P->text[j + 1] != '>')) {
                return fail(P, j, MM_E_DATA, "expected '/>' in <%s>", e->name);
            }
            empty = c == '/';
            P->pos = j + (empty ? 2 : 1);
            break;
        }
        size_t na = scan_name(P, j);
        if (na == j) {
            return fail(P, j, MM_E_DATA, "unexpected '%c' in <%s>", c, e->name);
        }
        if (j == i) {
            return fail(P, j, MM_E_DATA, "attributes must be separated by spaces in <%s>", e->name);
        }
        if (e->nattrs >= MAX_ATTRS) {
            return fail(P, j, MM_E_LIMIT, "more than %d attributes in <%s>", MAX_ATTRS, e->name);
        }
        attr *a = &e->attrs[e->nattrs];
        a->name = mm_arena_strndup(P->tmp, P->text + j, na - j);
        a->off = j;
        size_t k = skip_ws_at(P, na);
        if (k >= P->len || P->text[k] != '=') {
            return fail(P, k, MM_E_DATA, "expected '=' after attribute '%s'", a->name);
        }
        k = skip_ws_at(P, k + 1);
        if (k >= P->len || (P->text[k] != '"' && P->text[k] != '\'')) {
            return fail(P, k, MM_E_DATA, "the value of '%s' must be quoted", a->name);
        }
        const char *q = memchr(P->text + k + 1, P->text[k], P->len - k - 1);
        if (!q) {
            return fail(P, k, MM_E_DATA, "unterminated value of attribute '%s'", a->name);
        }
        size_t vlen = (size_t)(q - (P->text + k + 1));
        const char *lt = memchr(P->text + k + 1, '<', vlen);
        if (lt) {
            return fail(P, (size_t)(lt - P->text), MM_E_DATA,
                        "'<' in the value of attribute '%s' (write &lt;)", a->name);
        }
        a->value = decode(P, P->text + k + 1, vlen, k + 1, P->tmp);
        if (!a->value) {
            return P->err->status;
        }
        for (int d = 0; d < e->nattrs; d++) {
            if (!strcmp(e->attrs[d].name, a->name)) {
                return fail(P, j, MM_E_DATA, "duplicate attribute '%s'", a->name);
            }
        }
        e->nattrs++;
        i = (size_t)(q - P->text) + 1;
    }
    mm_status st = open_element(P, e);
    if (st == MM_OK && empty) {
        close_element(P);
    }
    return st;
}

static mm_status end_tag(parser *P)
{
    size_t off = P->pos;
    size_t ne = scan_name(P, off + 2);
    size_t k = skip_ws_at(P, ne);
    if (ne == off + 2 || k >= P->len || P->text[k] != '>') {
        return fail(P, off, MM_E_DATA, "malformed end tag");
    }
    size_t n = ne - off - 2;
    const char *name = P->text + off + 2;
    if (P->depth == 0) {
        return fail(P, off, MM_E_DATA, "</%.*s> closes nothing", (int)n, name);
    }
    const char *open = P->open[P->depth];
    if (strlen(open) != n || memcmp(open, name, n)) {
        long line, col;
        locate(P, P->open_off[P->depth], &line, &col);
        return fail(P, off, MM_E_DATA, "</%.*s> does not close <%s> (line %ld)", (int)n, name, open,
                    line);
    }
    P->pos = k + 1;
    close_element(P);
    return MM_OK;
}

/* Character data between tags: the text of a <style>, or whitespace outside the root. */
static mm_status text_run(parser *P)
{
    size_t off = P->pos;
    const char *lt = memchr(P->text + off, '<', P->len - off);
    size_t end = lt ? (size_t)(lt - P->text) : P->len;
    P->pos = end;
    if (P->depth == 0) {
        for (size_t i = off; i < end; i++) {
            if (!is_ws(P->text[i])) {
                return fail(P, i, MM_E_DATA, "text outside the root element");
            }
        }
        return MM_OK;
    }
    if (P->stack[P->depth].mode == M_STYLE) {
        char *t = decode(P, P->text + off, end - off, off, P->tmp);
        if (!t) {
            return P->err->status;
        }
        mm_buf_puts(&P->css, t);
    }
    return MM_OK;
}

static mm_status doctype(parser *P)
{
    size_t off = P->pos;
    if (P->depth > 0 || P->root_done) {
        return fail(P, off, MM_E_DATA, "a DOCTYPE may only come before the root element");
    }
    int brackets = 0;
    char quote = 0;
    for (size_t i = off + 9; i < P->len; i++) {
        char c = P->text[i];
        if (quote) {
            quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[') {
            brackets++;
        } else if (c == ']') {
            brackets--;
        } else if (c == '>' && brackets <= 0) {
            P->pos = i + 1;
            return MM_OK;
        }
    }
    return fail(P, off, MM_E_DATA, "unterminated DOCTYPE");
}

static mm_status parse_document(parser *P)
{
    const char *nul = memchr(P->text, '\0', P->len);
    if (nul) {
        return fail(P, (size_t)(nul - P->text), MM_E_DATA, "a NUL byte: not an SVG file");
    }
    if (at(P, "\xEF\xBB\xBF")) {
        P->pos = 3;
    }
    mm_status st = MM_OK;
    while (st == MM_OK && P->pos < P->len) {
        size_t off = P->pos;
        if (P->text[off] != '<') {
            st = text_run(P);
        } else if (at(P, "<!--") || at(P, "<?")) {
            bool comment = P->text[off + 1] == '!';
            P->pos += comment ? 4 : 2;
            if (!skip_past(P, comment ? "-->" : "?>")) {
                st = fail(P, off, MM_E_DATA, "unterminated %s",
                          comment ? "comment" : "processing instruction");
            }
        } else if (at(P, "<![CDATA[")) {
            P->pos += 9;
            size_t from = P->pos;
            if (P->depth == 0) {
                st = fail(P, off, MM_E_DATA, "CDATA outside the root element");
            } else if (!skip_past(P, "]]>")) {
                st = fail(P, off, MM_E_DATA, "unterminated CDATA section");
            } else if (P->stack[P->depth].mode == M_STYLE) {
                mm_buf_append(&P->css, P->text + from, P->pos - 3 - from);
            }
        } else if (at(P, "<!DOCTYPE")) {
            st = doctype(P);
        } else if (at(P, "</")) {
            st = end_tag(P);
        } else if (at(P, "<!")) {
            st = fail(P, off, MM_E_DATA, "unexpected markup '<!'");
        } else {
            st = start_tag(P);
        }
    }
    if (st != MM_OK) {
        return st;
    }
    if (P->depth > 0) {
        long line, col;
        locate(P, P->open_off[P->depth], &line, &col);
        return fail(P, P->len, MM_E_DATA, "unexpected end of file: <%s> (line %ld) is not closed",
                    P->open[P->depth], line);
    }
    if (!P->root_done) {
        return fail(P, P->len, MM_E_DATA, "not an SVG file: no <svg> element");
    }
    return MM_OK;
}

/* Gives shapes painted with a gradient its mean colour, or their fallback. */
static int by_id(const void *a, const void *b)
{
    const gradient *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

/* The first gradient with this id (grads sorted by_id), or NULL. */
static const gradient *find_gradient(const parser *P, const char *id)
{
    size_t lo = 0, hi = P->ngrads;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(P->grads[mid].id, id) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < P->ngrads && !strcmp(P->grads[lo].id, id) ? &P->grads[lo] : NULL;
}

static void resolve_paint(parser *P)
{
    /* sorted once: a file may hold thousands of gradients and shapes */
    if (P->ngrads > 1) {
        qsort(P->grads, P->ngrads, sizeof *P->grads, by_id);
    }
    for (size_t i = 0; i < P->npend; i++) {
        const pending *q = &P->pend[i];
        const gradient *g = NULL;
        const char *id = q->ref;
        for (int hop = 0; id && hop < MAX_HREF_HOPS; hop++) {
            g = find_gradient(P, id);
            id = g && g->nstops == 0 ? g->href : NULL;
        }
        mm_rgba c = {0, 0, 0, 0};
        if (g && g->nstops > 0) {
            c = g->a > 0 ? (mm_rgba){g->r / g->a, g->g / g->a, g->b / g->a, g->a / g->nstops} : c;
        } else if (q->has_fallback) {
            c = q->fallback;
        }
        c.a *= q->alpha;
        shape *sh = &P->icon->shapes[q->shape];
        if (q->stroke) {
            sh->stroke = c;
            sh->has_stroke = c.a > 0;
        } else {
            sh->fill = c;
            sh->has_fill = c.a > 0;
        }
    }
}

mm_status mm_svgicon_parse(const char *path, const char *text, size_t len, mm_svgicon **out,
                           mm_error *err)
{
    *out = NULL;
    if (len > MM_SVGICON_MAX_BYTES) {
        return MM_ERR(err, MM_E_LIMIT, path, 0, 0, "an SVG icon may not be larger than %d KiB",
                      MM_SVGICON_MAX_BYTES / 1024);
    }
    parser *P = mm_calloc(1, sizeof *P);
    P->path = path;
    P->text = text;
    P->len = len;
    P->err = err;
    P->icon = mm_calloc(1, sizeof *P->icon);
    P->keep = mm_arena_create(0);
    P->tmp = mm_arena_create(0);
    mm_buf_init(&P->css);
    /* the initial values of the properties */
    P->stack[0] = (state){.fill = {.kind = PAINT_COLOR, .color = {0, 0, 0, 1}},
                          .stroke = {.kind = PAINT_NONE},
                          .fill_opacity = 1,
                          .stroke_opacity = 1,
                          .alpha = 1,
                          .stroke_w = 1,
                          .cap = MM_CAP_BUTT,
                          .join = MM_JOIN_MITER,
                          .nonzero = true,
                          .color = {0, 0, 0, 1},
                          .m = {1, 0, 0, 1, 0, 0},
                          .mode = M_RENDER};
    mm_status st = parse_document(P);
    if (st == MM_OK) {
        resolve_paint(P);
        *out = P->icon;
    } else {
        mm_svgicon_destroy(P->icon);
    }
    mm_buf_fini(&P->css);
    mm_arena_destroy(P->keep);
    mm_arena_destroy(P->tmp);
    mm_free(P->grads);
    mm_free(P->rules);
    mm_free(P->pend);
    mm_free(P);
    return st;
}

mm_status mm_svgicon_load(const char *path, mm_svgicon **out, mm_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        return MM_ERR(err, MM_E_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    }
    /* one byte more than allowed tells a file that is too large */
    size_t cap = (size_t)MM_SVGICON_MAX_BYTES + 1;
    char *text = mm_malloc(cap);
    size_t n = fread(text, 1, cap, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    mm_status st;
    if (bad) {
        st = MM_ERR(err, MM_E_IO, path, 0, 0, "cannot read: %s", strerror(errno));
    } else {
        st = mm_svgicon_parse(path, text, n, out, err);
    }
    mm_free(text);
    return st;
}

/* ---- flattening and drawing ---- */

static void flat_push(mm_svgicon *icon, mm_xy p)
{
    icon->flat = mm_grow(icon->flat, &icon->flat_cap, icon->nflat + 1, sizeof *icon->flat);
    icon->flat[icon->nflat++] = p;
}

/* Ends the subpath that started at point first (one point draws nothing). */
static void sub_end(mm_svgicon *icon, size_t first, bool closed)
{
    size_t n = icon->nflat - first;
    if (n < 2) {
        icon->nflat = first;
        return;
    }
    icon->subs = mm_grow(icon->subs, &icon->subs_cap, icon->nsubs + 1, sizeof *icon->subs);
    icon->subs[icon->nsubs++] = (subpath){first, n, closed};
}

/*
 * Lines enough for a cubic to stay within tol of its curve: Wang's formula,
 * n = sqrt(3/4 max|P0 - 2P1 + P2|, |P1 - 2P2 + P3| / tol).
 */
static int cubic_steps(mm_xy p0, mm_xy p1, mm_xy p2, mm_xy p3, double tol)
{
    double d1 = hypot(p0.x - 2 * p1.x + p2.x, p0.y - 2 * p1.y + p2.y);
    double d2 = hypot(p1.x - 2 * p2.x + p3.x, p1.y - 2 * p2.y + p3.y);
    double n = ceil(sqrt(0.75 * fmax(d1, d2) / tol));
    return n < 1 ? 1 : n > MAX_CUBIC_STEPS ? MAX_CUBIC_STEPS : (int)n;
}

/* Flattens every shape within tol icon pixels; false when that takes too many points. */
static bool flatten_at(mm_svgicon *icon, double tol)
{
    icon->nflat = icon->nsubs = 0;
    for (size_t k = 0; k < icon->nshapes; k++) {
        shape *sh = &icon->shapes[k];
        sh->first_sub = icon->nsubs;
        size_t first = 0;
        bool open = false;
        mm_xy cur = {0, 0};
        for (size_t i = sh->first; i < sh->first + sh->nsegs; i++) {
            const seg *s = &icon->segs[i];
            switch (s->kind) {
            case SEG_MOVE:
                if (open) {
                    sub_end(icon, first, false);
                }
                first = icon->nflat;
                open = true;
                flat_push(icon, s->p[0]);
                cur = s->p[0];
                break;
            case SEG_LINE:
                flat_push(icon, s->p[0]);
                cur = s->p[0];
                break;
            case SEG_CUBIC: {
                int n = cubic_steps(cur, s->p[0], s->p[1], s->p[2], tol);
                for (int j = 1; j < n; j++) {
                    double t = (double)j / n, u = 1 - t;
                    double b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
                    flat_push(
                        icon,
                        (mm_xy){b0 * cur.x + b1 * s->p[0].x + b2 * s->p[1].x + b3 * s->p[2].x,
                                b0 * cur.y + b1 * s->p[0].y + b2 * s->p[1].y + b3 * s->p[2].y});
                }
                flat_push(icon, s->p[2]);
                cur = s->p[2];
                break;
            }
            case SEG_CLOSE:
                if (open) {
                    sub_end(icon, first, true);
                }
                open = false;
                break;
            }
            if (icon->nflat > MM_SVGICON_MAX_POINTS) {
                return false;
            }
        }
        if (open) {
            sub_end(icon, first, false);
        }
        sh->nsubs = icon->nsubs - sh->first_sub;
    }
    return true;
}

static void flatten(mm_svgicon *icon, double tol)
{
    /* an outline too detailed for the limit is drawn coarser: curves need
     * ever fewer lines, down to one each, and segments are limited */
    double t = tol;
    while (!flatten_at(icon, t)) {
        t *= 4;
    }
    icon->flat_tol = tol;
}

/* A path op of the shape's subpaths: all of them (want < 0), the open (0) or the closed (1). */
static mm_op *sub_op(const mm_svgicon *icon, mm_scene *s, const shape *sh, int want, mm_bbox box,
                     double sx, double sy)
{
    if (sh->nsubs == 0) {
        return NULL; /* nothing but lone points (and subs may still be NULL) */
    }
    const subpath *subs = icon->subs + sh->first_sub;
    size_t np = 0, nv = 0;
    for (size_t i = 0; i < sh->nsubs; i++) {
        if (want < 0 || subs[i].closed == (want == 1)) {
            np++;
            nv += subs[i].n;
        }
    }
    if (np == 0) {
        return NULL;
    }
    mm_xy *pts = mm_scene_alloc_points(s, nv);
    uint32_t *parts = mm_scene_alloc_parts(s, np);
    size_t v = 0, p = 0;
    for (size_t i = 0; i < sh->nsubs; i++) {
        if (want >= 0 && subs[i].closed != (want == 1)) {
            continue;
        }
        parts[p++] = (uint32_t)v;
        for (size_t j = 0; j < subs[i].n; j++) {
            mm_xy q = icon->flat[subs[i].first + j];
            pts[v++] = (mm_xy){box.minx + q.x * sx, box.miny + q.y * sy};
        }
    }
    parts[np] = (uint32_t)nv;
    mm_op *op = mm_scene_add(s, MM_OP_PATH);
    op->u.path.nparts = (uint32_t)np;
    op->u.path.parts = parts;
    op->u.path.pts = pts;
    op->u.path.closed = want != 0;
    return op;
}

static void set_stroke(mm_op *op, const shape *sh, double scale)
{
    mm_stroke *k = &op->u.path.stroke;
    op->u.path.has_stroke = true;
    *k = (mm_stroke){.color = sh->stroke,
                     .width_px = sh->stroke_px * scale,
                     .ndash = sh->ndash,
                     .cap = sh->cap,
                     .join = sh->join};
    for (int i = 0; i < sh->ndash; i++) {
        k->dash[i] = sh->dash[i] * scale;
    }
}

size_t mm_svgicon_emit(mm_svgicon *icon, mm_scene *s, mm_bbox box, double opacity,
                       double tolerance_px)
{
    double sx = (box.maxx - box.minx) / icon->width_px;
    double sy = (box.maxy - box.miny) / icon->height_px;
    if (!(sx > 0 && sy > 0 && isfinite(sx) && isfinite(sy) && tolerance_px > 0)) {
        return 0;
    }
    double tol = tolerance_px / fmax(sx, sy);
    if (tol != icon->flat_tol) {
        flatten(icon, tol);
    }
    double scale = sqrt(sx * sy);
    size_t nops = 0;
    for (size_t k = 0; k < icon->nshapes; k++) {
        const shape *sh = &icon->shapes[k];
        bool all_closed = true;
        for (size_t i = 0; i < sh->nsubs; i++) {
            all_closed &= icon->subs[sh->first_sub + i].closed;
        }
        bool stroke = sh->has_stroke && sh->stroke_px * scale > 0;
        mm_op *op = sh->has_fill ? sub_op(icon, s, sh, -1, box, sx, sy) : NULL;
        if (op) {
            /* every subpath is filled, open ones as if closed */
            op->opacity = opacity;
            op->u.path.nonzero = sh->nonzero;
            op->u.path.has_fill = true;
            op->u.path.fill.color = sh->fill;
            nops++;
            if (stroke && all_closed) {
                set_stroke(op, sh, scale);
                stroke = false;
            }
        }
        /* strokes: closed subpaths with a join where they close, open ones with caps */
        for (int want = 1; stroke && want >= 0; want--) {
            op = sub_op(icon, s, sh, want, box, sx, sy);
            if (op) {
                op->opacity = opacity;
                set_stroke(op, sh, scale);
                nops++;
            }
        }
    }
    return nops;
}
