/*
 * test_svgicon.c — SVG icons read into scene paths: every path command in
 * its absolute and relative form, smooth curves, arcs against the circles
 * they draw, the basic shapes, transforms, style attributes and <style>
 * rules, inheritance, viewBox scaling, entities, fill rules as the raster
 * backend draws them; and malformed files (truncated, unclosed, garbage and
 * huge numbers, deep nesting, limits) refused with a located error, never a
 * crash, including every truncation and many mutations of real icons.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "malimap/raster.h"
#include "malimap/svgicon.h"

#define SVG(body)                                                                                  \
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">" body "</svg>"

static mm_svgicon *parse(const char *text, mm_error *err)
{
    mm_error_clear(err);
    mm_svgicon *icon = NULL;
    mm_svgicon_parse("t.svg", text, strlen(text), &icon, err);
    return icon;
}

/* The icon drawn at its own size (one icon pixel to one scene pixel) into a new scene. */
static mm_scene *draw_at(const char *text, double scale, double tolerance_px)
{
    mm_error err;
    mm_svgicon *icon = parse(text, &err);
    if (!icon) {
        mm_test_fail(__FILE__, __LINE__, "parse failed: %ld:%ld: %s", err.line, err.col, err.msg);
        return mm_scene_create(1, 1);
    }
    double w = mm_svgicon_width(icon) * scale, h = mm_svgicon_height(icon) * scale;
    mm_scene *s = mm_scene_create((int)ceil(w), (int)ceil(h));
    mm_svgicon_emit(icon, s, (mm_bbox){0, 0, w, h}, 1, tolerance_px);
    mm_svgicon_destroy(icon);
    return s;
}

static mm_scene *draw(const char *text)
{
    return draw_at(text, 1, 0.01);
}

static const mm_op *op_at(const mm_scene *s, size_t i)
{
    static const mm_op none = {.kind = MM_OP_GROUP_END};
    return i < mm_scene_count(s) ? mm_scene_op(s, i) : &none;
}

static uint32_t npoints(const mm_op *op)
{
    return op->kind == MM_OP_PATH ? op->u.path.parts[op->u.path.nparts] : 0;
}

/* The points of op are exactly want (to 1e-9). */
static void check_points(const mm_op *op, const mm_xy *want, size_t n, int line)
{
    if (npoints(op) != n) {
        mm_test_fail(__FILE__, line, "%u points, expected %zu", npoints(op), n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        mm_xy p = op->u.path.pts[i];
        if (fabs(p.x - want[i].x) > 1e-9 || fabs(p.y - want[i].y) > 1e-9) {
            mm_test_fail(__FILE__, line, "point %zu is %g,%g, expected %g,%g", i, p.x, p.y,
                         want[i].x, want[i].y);
            return;
        }
    }
}

#define CHECK_POINTS(op, ...)                                                                      \
    do {                                                                                           \
        static const mm_xy want_[] = {__VA_ARGS__};                                                \
        check_points((op), want_, sizeof want_ / sizeof want_[0], __LINE__);                       \
    } while (0)

/* Two ops have the same points (to eps). */
static bool same_points(const mm_op *a, const mm_op *b, double eps)
{
    if (npoints(a) != npoints(b) || a->u.path.nparts != b->u.path.nparts) {
        return false;
    }
    for (uint32_t i = 0; i < npoints(a); i++) {
        if (fabs(a->u.path.pts[i].x - b->u.path.pts[i].x) > eps ||
            fabs(a->u.path.pts[i].y - b->u.path.pts[i].y) > eps) {
            return false;
        }
    }
    return true;
}

/* Every point of op lies at distance r from c (within eps); returns the point count. */
static uint32_t on_circle(const mm_op *op, mm_xy c, double r, double eps, int line)
{
    for (uint32_t i = 0; i < npoints(op); i++) {
        mm_xy p = op->u.path.pts[i];
        double d = hypot(p.x - c.x, p.y - c.y);
        if (fabs(d - r) > eps) {
            mm_test_fail(__FILE__, line, "point %u (%g,%g) is %g from the centre, expected %g", i,
                         p.x, p.y, d, r);
            break;
        }
    }
    return npoints(op);
}

static bool same_rgba(mm_rgba a, mm_rgba b)
{
    return fabs(a.r - b.r) < 1e-6 && fabs(a.g - b.g) < 1e-6 && fabs(a.b - b.b) < 1e-6 &&
           fabs(a.a - b.a) < 1e-6;
}

#define CHECK_RGBA(c, R, G, B, A) CHECK(same_rgba((c), (mm_rgba){(R), (G), (B), (A)}))

/* ---- path commands ---- */

static void test_lines_absolute_and_relative(void)
{
    mm_scene *s = draw(SVG("<path d='M10 10 L20 10 l0 10 H10 h5 V30 v-5 Z'/>"
                           "<path d='m 10,10 20,0 0,20 z m 5 5 h 2 v 2 Z'/>"
                           "<path d='M1-2-3.5.5.25e1,1e-1'/>"));
    CHECK_INT(mm_scene_count(s), 3);
    const mm_op *a = op_at(s, 0);
    CHECK(a->u.path.closed && a->u.path.has_fill && a->u.path.nonzero);
    CHECK_POINTS(a, {10, 10}, {20, 10}, {20, 20}, {10, 20}, {15, 20}, {15, 30}, {15, 25});
    /* an implicit lineto after m; after z a relative move starts from the subpath's start */
    const mm_op *b = op_at(s, 1);
    CHECK_INT(b->u.path.nparts, 2);
    CHECK_POINTS(b, {10, 10}, {30, 10}, {30, 30}, {15, 15}, {17, 15}, {17, 17});
    /* numbers run together: signs and a second dot separate them */
    CHECK_POINTS(op_at(s, 2), {1, -2}, {-3.5, 0.5}, {2.5, 0.1});
    mm_scene_destroy(s);
}

static void test_drawing_after_close_starts_at_the_subpath(void)
{
    mm_scene *s = draw(SVG("<path d='M10 10 h10 v10 z l5 0' stroke='black' fill='none'/>"));
    /* the closed square, then a line from its start point as an open subpath */
    CHECK_INT(mm_scene_count(s), 2);
    CHECK(op_at(s, 0)->u.path.closed);
    CHECK_POINTS(op_at(s, 0), {10, 10}, {20, 10}, {20, 20});
    CHECK(!op_at(s, 1)->u.path.closed);
    CHECK_POINTS(op_at(s, 1), {10, 10}, {15, 10});
    mm_scene_destroy(s);
}

static void test_smooth_curves_reflect_their_control_points(void)
{
    mm_scene *s = draw(SVG("<path d='M0 50 C 0 60 10 60 10 50 S 20 40 20 50'/>"
                           "<path d='M0 50 C 0 60 10 60 10 50 C 10 40 20 40 20 50'/>"
                           "<path d='m0 50 c 0 10 10 10 10 0 s 10 -10 10 0'/>"
                           "<path d='M0 50 Q 5 60 10 50 T 20 50'/>"
                           "<path d='M0 50 Q 5 60 10 50 Q 15 40 20 50'/>"
                           "<path d='m0 50 q 5 10 10 0 t 10 0'/>"
                           "<path d='M0 50 S 5 60 10 50'/>"
                           "<path d='M0 50 C 0 50 5 60 10 50'/>"));
    CHECK_INT(mm_scene_count(s), 8);
    CHECK(npoints(op_at(s, 0)) > 10);
    CHECK(same_points(op_at(s, 0), op_at(s, 1), 1e-9));
    CHECK(same_points(op_at(s, 0), op_at(s, 2), 1e-9));
    CHECK(same_points(op_at(s, 3), op_at(s, 4), 1e-9));
    CHECK(same_points(op_at(s, 3), op_at(s, 5), 1e-9));
    /* S after no curve: its first control point is the current point */
    CHECK(same_points(op_at(s, 6), op_at(s, 7), 1e-9));
    /* the quadratic from (0,50) through control (5,60) to (10,50) is the
     * parabola y = 50 + 2x - x²/5 */
    const mm_op *q = op_at(s, 4);
    for (uint32_t i = 0; i < npoints(q); i++) {
        mm_xy p = q->u.path.pts[i];
        if (p.x <= 10) {
            CHECK_NEAR(p.y, 50 + 2 * p.x - p.x * p.x / 5, 1e-9);
        }
    }
    mm_scene_destroy(s);
}

static void test_flattened_curves_stay_within_the_tolerance(void)
{
    /* a cubic approximating a quarter circle of radius 40 around (50,50) */
    const char *svg = SVG("<path d='M90 50 C 90 72.0914 72.0914 90 50 90'/>");
    mm_scene *fine = draw_at(svg, 1, 0.01), *coarse = draw_at(svg, 1, 0.5);
    mm_scene *big = draw_at(svg, 4, 0.01);
    const mm_op *f = op_at(fine, 0), *c = op_at(coarse, 0);
    CHECK(npoints(f) > 2 * npoints(c));
    CHECK(npoints(op_at(big, 0)) > npoints(f)); /* drawn larger: more points */
    /* the chords' midpoints stay within the tolerance of the curve (itself
     * within 0.011 of the circle) */
    for (uint32_t i = 1; i < npoints(f); i++) {
        mm_xy a = f->u.path.pts[i - 1], b = f->u.path.pts[i];
        CHECK_NEAR(hypot((a.x + b.x) / 2 - 50, (a.y + b.y) / 2 - 50), 40, 0.01 + 0.011);
    }
    mm_scene_destroy(fine);
    mm_scene_destroy(coarse);
    mm_scene_destroy(big);
}

/* ---- arcs ---- */

static void test_arcs_draw_circles(void)
{
    mm_scene *s = draw(SVG("<path d='M60 50 A10 10 0 1 1 40 50 A 10 10 0 1 1 60 50 Z'/>"
                           "<path d='M0 80 A 1 1 0 0 1 20 80'/>"
                           "<path d='M0 80 A 1 1 0 0 0 20 80'/>"
                           "<path d='M0 80a10 10 0 0020 0'/>"
                           "<path d='M0 80 A 1e-300 1e-300 0 0 1 20 80'/>"));
    /* two half circles: every flattened point on the circle (cubic error
     * 2.7e-4 r plus the 0.01 flattening tolerance) */
    CHECK(on_circle(op_at(s, 0), (mm_xy){50, 50}, 10, 0.013, __LINE__) >= 24);
    /* known points: the top and bottom of the circle are reached */
    double miny = 1e9, maxy = -1e9;
    for (uint32_t i = 0; i < npoints(op_at(s, 0)); i++) {
        miny = fmin(miny, op_at(s, 0)->u.path.pts[i].y);
        maxy = fmax(maxy, op_at(s, 0)->u.path.pts[i].y);
    }
    CHECK_NEAR(miny, 40, 0.01);
    CHECK_NEAR(maxy, 60, 0.01);
    /* radii too small are scaled up to a half circle through both ends; the
     * sweep flag picks the side (1: clockwise on screen, above the chord) */
    const mm_op *up = op_at(s, 1), *down = op_at(s, 2);
    on_circle(up, (mm_xy){10, 80}, 10, 0.013, __LINE__);
    on_circle(down, (mm_xy){10, 80}, 10, 0.013, __LINE__);
    for (uint32_t i = 0; i < npoints(up); i++) {
        CHECK(up->u.path.pts[i].y <= 80 + 1e-9);
        CHECK(down->u.path.pts[i].y >= 80 - 1e-9);
    }
    CHECK(npoints(up) > 0 && fabs(up->u.path.pts[npoints(up) - 1].x - 20) < 1e-9);
    /* flags written without separators: "0020 0" is 0, 0, 20, 0 */
    CHECK(same_points(op_at(s, 3), down, 1e-9));
    /* radii whose squares vanish are scaled up alike */
    CHECK(same_points(op_at(s, 4), up, 1e-9));
    mm_scene_destroy(s);
}

static void test_rotated_elliptical_arc(void)
{
    /* half an ellipse with radii 20 and 10 turned by 30°, centred on (50,50) */
    double a = M_PI / 6, x0 = 50 + 20 * cos(a), y0 = 50 + 20 * sin(a);
    double x1 = 50 - 20 * cos(a), y1 = 50 - 20 * sin(a);
    char svg[512];
    snprintf(svg, sizeof svg, SVG("<path d='M%.12f %.12f A 20 10 30 0 1 %.12f %.12f'/>"), x0, y0,
             x1, y1);
    mm_scene *s = draw(svg);
    const mm_op *op = op_at(s, 0);
    CHECK(npoints(op) > 10);
    for (uint32_t i = 0; i < npoints(op); i++) {
        double dx = op->u.path.pts[i].x - 50, dy = op->u.path.pts[i].y - 50;
        double u = dx * cos(a) + dy * sin(a), v = -dx * sin(a) + dy * cos(a);
        CHECK_NEAR(u * u / 400 + v * v / 100, 1, 0.003);
    }
    mm_scene_destroy(s);
}

/* ---- shapes ---- */

static void test_basic_shapes(void)
{
    mm_scene *s = draw(SVG("<rect x='10' y='20' width='30' height='40'/>"
                           "<rect x='10' y='20' width='30' height='40' rx='5'/>"
                           "<circle cx='50' cy='50' r='20'/>"
                           "<ellipse cx='50' cy='50' rx='20' ry='10'/>"
                           "<line x1='1' y1='2' x2='3' y2='4' stroke='black'/>"
                           "<polyline points='0,0 10,0 10,10' stroke='red'/>"
                           "<polygon points='0 0,10 0 10 10'/>"
                           "<rect width='0' height='10'/><circle r='0'/><line x1='5' y1='5'/>"));
    CHECK_POINTS(op_at(s, 0), {10, 20}, {40, 20}, {40, 60}, {10, 60});
    /* rounded corners: the box is kept, its corners are cut */
    const mm_op *r = op_at(s, 1);
    for (uint32_t i = 0; i < npoints(r); i++) {
        mm_xy p = r->u.path.pts[i];
        CHECK(p.x >= 10 - 1e-9 && p.x <= 40 + 1e-9 && p.y >= 20 - 1e-9 && p.y <= 60 + 1e-9);
        CHECK(hypot(p.x - 10, p.y - 20) > 1.4); /* 5 (√2 - 1) ≈ 2.07 from the corner */
    }
    on_circle(op_at(s, 2), (mm_xy){50, 50}, 20, 0.016, __LINE__);
    const mm_op *e = op_at(s, 3);
    for (uint32_t i = 0; i < npoints(e); i++) {
        double dx = e->u.path.pts[i].x - 50, dy = e->u.path.pts[i].y - 50;
        CHECK_NEAR(dx * dx / 400 + dy * dy / 100, 1, 0.002);
    }
    /* a line is stroked, never filled (nothing to fill) */
    const mm_op *l = op_at(s, 4);
    CHECK(!l->u.path.closed && !l->u.path.has_fill && l->u.path.has_stroke);
    CHECK_POINTS(l, {1, 2}, {3, 4});
    /* a polyline is filled as if closed, and stroked open */
    CHECK(op_at(s, 5)->u.path.closed && op_at(s, 5)->u.path.has_fill);
    CHECK(!op_at(s, 5)->u.path.has_stroke);
    CHECK(!op_at(s, 6)->u.path.closed && op_at(s, 6)->u.path.has_stroke);
    CHECK_POINTS(op_at(s, 6), {0, 0}, {10, 0}, {10, 10});
    CHECK(op_at(s, 7)->u.path.closed && op_at(s, 7)->u.path.has_fill);
    /* empty shapes and a line without a stroke draw nothing */
    CHECK_INT(mm_scene_count(s), 8);
    mm_scene_destroy(s);
}

static void test_rounded_rect_radii(void)
{
    /* ry alone sets rx; then each radius is clamped to half its side */
    mm_scene *s = draw(SVG("<rect width='20' height='10' ry='3'/>"
                           "<rect width='20' height='10' rx='3' ry='3'/>"
                           "<rect width='20' height='10' rx='50'/>"
                           "<rect width='20' height='10' rx='10' ry='5'/>"));
    CHECK(same_points(op_at(s, 0), op_at(s, 1), 1e-9));
    CHECK(same_points(op_at(s, 2), op_at(s, 3), 1e-9));
    mm_scene_destroy(s);
}

/* ---- transforms ---- */

static void test_transforms(void)
{
    mm_scene *s = draw(
        SVG("<g transform='translate(10,20) scale(2)'><rect x='1' y='1' width='2' height='2'/></g>"
            "<rect x='60' y='50' width='1' height='1' transform='rotate(90, 50, 50)'/>"
            "<rect x='0' y='10' width='1' height='1' transform='skewX(45)'/>"
            "<rect x='10' y='0' width='1' height='1' transform='skewY(45)'/>"
            "<rect width='1' height='1' transform='matrix(1 0 0 1 5 6)'/>"
            "<g transform='translate(100 0)'><g transform='scale(-1 1)'>"
            "<rect x='10' width='5' height='1' transform='translate(1)'/></g></g>"
            "<rect width='1' height='1' transform='translate(3)scale(2,3),rotate(0)'/>"));
    CHECK_POINTS(op_at(s, 0), {12, 22}, {16, 22}, {16, 26}, {12, 26});
    const mm_op *r = op_at(s, 1);
    CHECK_NEAR(r->u.path.pts[0].x, 50, 1e-9);
    CHECK_NEAR(r->u.path.pts[0].y, 60, 1e-9);
    CHECK_POINTS(op_at(s, 2), {10, 10}, {11, 10}, {12, 11}, {11, 11});
    CHECK_POINTS(op_at(s, 3), {10, 10}, {11, 11}, {11, 12}, {10, 11});
    CHECK_POINTS(op_at(s, 4), {5, 6}, {6, 6}, {6, 7}, {5, 7});
    /* nested: the outer transform applies last */
    CHECK_POINTS(op_at(s, 5), {89, 0}, {84, 0}, {84, 1}, {89, 1});
    CHECK_POINTS(op_at(s, 6), {3, 0}, {5, 0}, {5, 3}, {3, 3});
    mm_scene_destroy(s);
}

static void test_stroke_width_scales_with_transforms(void)
{
    mm_scene *s = draw(SVG("<g transform='scale(3)'><path d='M0 0 h10' stroke='black' "
                           "stroke-width='2' stroke-dasharray='1 2 3' fill='none'/></g>"));
    const mm_op *op = op_at(s, 0);
    CHECK_NEAR(op->u.path.stroke.width_px, 6, 1e-9);
    /* an odd dash list repeats, scaled too */
    CHECK_INT(op->u.path.stroke.ndash, 6);
    CHECK_NEAR(op->u.path.stroke.dash[0], 3, 1e-9);
    CHECK_NEAR(op->u.path.stroke.dash[3], 3, 1e-9);
    CHECK_NEAR(op->u.path.stroke.dash[5], 9, 1e-9);
    mm_scene_destroy(s);
}

/* ---- paint ---- */

static void test_style_attribute(void)
{
    mm_scene *s = draw(
        SVG("<rect width='10' height='10' fill='green' style='fill: red ; stroke:#00F;"
            "stroke-width: 3px;fill-opacity:.5; stroke-linejoin : round; stroke-linecap:square;"
            "unknown-thing: 4; fill-rule:evenodd'/>"
            "<rect width='10' height='10' style='FILL: rgb(0, 128, 255) !important' fill='red'/>"
            "<rect width='10' height='10' style='fill:not-a-colour' fill='#abc'/>"
            "<rect width='10' height='10' fill='none' stroke='currentColor' color='lime'/>"
            "<rect width='10' height='10' fill='transparent'/>"
            "<rect width='10' height='10' fill='hsl(120, 100%, 25%)' opacity='50%'/>"));
    const mm_op *a = op_at(s, 0);
    CHECK(a->u.path.has_fill && a->u.path.has_stroke && !a->u.path.nonzero);
    CHECK_RGBA(a->u.path.fill.color, 1, 0, 0, 0.5);
    CHECK_RGBA(a->u.path.stroke.color, 0, 0, 1, 1);
    CHECK_NEAR(a->u.path.stroke.width_px, 3, 1e-9);
    CHECK_INT(a->u.path.stroke.join, MM_JOIN_ROUND);
    CHECK_INT(a->u.path.stroke.cap, MM_CAP_SQUARE);
    CHECK_RGBA(op_at(s, 1)->u.path.fill.color, 0, 128 / 255.0, 1, 1);
    CHECK_RGBA(op_at(s, 2)->u.path.fill.color, 0xaa / 255.0, 0xbb / 255.0, 0xcc / 255.0, 1);
    const mm_op *d = op_at(s, 3);
    CHECK(!d->u.path.has_fill && d->u.path.has_stroke);
    CHECK_RGBA(d->u.path.stroke.color, 0, 1, 0, 1);
    /* transparent draws nothing at all */
    CHECK_RGBA(op_at(s, 4)->u.path.fill.color, 0, 0.5, 0, 0.5);
    CHECK_INT(mm_scene_count(s), 5);
    mm_scene_destroy(s);
}

static void test_inheritance_through_groups(void)
{
    mm_scene *s =
        draw(SVG("<g fill='blue' stroke='red' stroke-width='2' opacity='0.5'>"
                 "<rect width='10' height='10'/>"
                 "<g fill-opacity='0.5' stroke='none'><rect width='10' height='10' fill='lime'/>"
                 "<rect width='10' height='10' fill='inherit' opacity='0.5'/></g>"
                 "<g display='none'><rect width='10' height='10'/></g>"
                 "<rect width='10' height='10' style='display:none'/>"
                 "<g visibility='hidden'><rect width='10' height='10'/>"
                 "<rect width='10' height='10' visibility='visible' fill='black'/></g>"
                 "</g>"));
    CHECK_INT(mm_scene_count(s), 4);
    const mm_op *a = op_at(s, 0);
    CHECK_RGBA(a->u.path.fill.color, 0, 0, 1, 0.5);
    CHECK_RGBA(a->u.path.stroke.color, 1, 0, 0, 0.5);
    CHECK_NEAR(a->u.path.stroke.width_px, 2, 1e-9);
    CHECK(!op_at(s, 1)->u.path.has_stroke);
    CHECK_RGBA(op_at(s, 1)->u.path.fill.color, 0, 1, 0, 0.25);
    CHECK_RGBA(op_at(s, 2)->u.path.fill.color, 0, 0, 1, 0.125);
    /* a visible child of a hidden group still draws */
    CHECK_RGBA(op_at(s, 3)->u.path.fill.color, 0, 0, 0, 0.5);
    mm_scene_destroy(s);
}

static void test_style_sheet_rules(void)
{
    mm_scene *s = draw(
        SVG("<defs><style><![CDATA[ /* a comment { } */ @import url(x.css);"
            " @media print { rect { fill: black } }"
            " rect { fill: #111 } .a { fill: #222 } #b { fill: #333 } rect.c, .d { fill: #444 }"
            " g > rect { fill: red } :hover { fill: red } ]]></style></defs>"
            "<rect width='1' height='1'/><rect class='x a' width='1' height='1'/>"
            "<rect class='a' id='b' width='1' height='1'/><rect class='c' width='1' height='1'/>"
            "<rect class='a' width='1' height='1' style='fill:#555'/>"
            "<rect class='a' width='1' height='1' fill='#666'/>"));
    CHECK_INT(mm_scene_count(s), 6);
    static const double grey[] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x22};
    for (size_t i = 0; i < 6; i++) {
        mm_rgba c = op_at(s, i)->u.path.fill.color;
        CHECK_NEAR(c.r, grey[i] / 255, 1e-9);
    }
    mm_scene_destroy(s);
}

static void test_gradients_and_unknown_paint(void)
{
    mm_scene *s =
        draw("<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
             "width='10' height='10'>"
             "<rect width='1' height='1' fill='url(#late)'/>"
             "<defs><linearGradient id='base'><stop offset='0' stop-color='#f00'/>"
             "<stop offset='1' style='stop-color:#00f; stop-opacity:0.5'/></linearGradient>"
             "<radialGradient id='late' xlink:href='#base'/>"
             "<linearGradient id='loop1' href='#loop2'/><linearGradient id='loop2' href='#loop1'/>"
             "</defs>"
             "<rect width='1' height='1' fill='url(#missing) #0f0'/>"
             "<rect width='1' height='1' fill='url(\"#missing\")'/>"
             "<rect width='1' height='1' fill='url(#loop1) none' stroke='url(#base)'/>"
             "<linearGradient id='dup'><stop stop-color='lime'/></linearGradient>"
             "<linearGradient id='dup'><stop stop-color='red'/></linearGradient>"
             "<rect width='1' height='1' fill='url(#dup)'/>"
             "</svg>");
    CHECK_INT(mm_scene_count(s), 4);
    CHECK_RGBA(op_at(s, 3)->u.path.fill.color, 0, 1, 0, 1); /* the first of one id */
    /* the mean of the stops, weighted by their opacity */
    mm_rgba c = op_at(s, 0)->u.path.fill.color;
    CHECK_NEAR(c.r, 1 / 1.5, 1e-9);
    CHECK_NEAR(c.b, 0.5 / 1.5, 1e-9);
    CHECK_NEAR(c.a, 0.75, 1e-9);
    CHECK_RGBA(op_at(s, 1)->u.path.fill.color, 0, 1, 0, 1);
    /* a missing or looping reference without a fallback paints nothing */
    CHECK(!op_at(s, 2)->u.path.has_fill && op_at(s, 2)->u.path.has_stroke);
    mm_scene_destroy(s);
}

static void test_what_is_not_drawn(void)
{
    mm_scene *s = draw(
        SVG("<title>t</title><desc>d</desc><metadata><x:y xmlns:x='u'>z</x:y></metadata>"
            "<defs><rect id='r' width='5' height='5'/></defs>"
            "<symbol id='s'><rect width='5' height='5'/></symbol>"
            "<clipPath id='c'><rect width='5' height='5'/></clipPath>"
            "<mask id='m'><rect width='5' height='5'/></mask>"
            "<text x='1' y='1'>hello <tspan>there</tspan></text>"
            "<use href='#r'/><image href='x.png' width='5' height='5'/>"
            "<filter id='f'><feGaussianBlur stdDeviation='2'/></filter>"
            "<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>html</div></foreignObject>"
            "<rect width='5' height='5' filter='url(#f)' clip-path='url(#c)' mask='url(#m)'/>"
            "<path/><path d=''/><polygon/><path d='M1 1 z'/><path d='M1 1' stroke='red'/>"));
    CHECK_INT(mm_scene_count(s), 1);
    mm_scene_destroy(s);
}

/* ---- size and viewBox ---- */

static void check_size(const char *text, double w, double h, int line)
{
    mm_error err;
    mm_svgicon *icon = parse(text, &err);
    if (!icon) {
        mm_test_fail(__FILE__, line, "parse failed: %s", err.msg);
        return;
    }
    if (fabs(mm_svgicon_width(icon) - w) > 1e-9 || fabs(mm_svgicon_height(icon) - h) > 1e-9) {
        mm_test_fail(__FILE__, line, "size %g x %g, expected %g x %g", mm_svgicon_width(icon),
                     mm_svgicon_height(icon), w, h);
    }
    mm_svgicon_destroy(icon);
}

static void test_size_from_width_height_and_viewbox(void)
{
    check_size("<svg width='24' height='32'/>", 24, 32, __LINE__);
    check_size("<svg viewBox='0 0 48 16'/>", 48, 16, __LINE__);
    check_size("<svg width='24' viewBox='0,0,48,16'/>", 24, 8, __LINE__);
    check_size("<svg height='32px' viewBox='0 0 48 16'/>", 96, 32, __LINE__);
    check_size("<svg width='100%' height='100%' viewBox='0 0 10 20'/>", 10, 20, __LINE__);
    check_size("<svg width='1in' height='12pt'/>", 96, 16, __LINE__);
    check_size("<svg width='2.54cm' height='1em'/>", 96, 16, __LINE__);
}

static void test_viewbox_scaling(void)
{
    const char *rect = "<rect width='10' height='10'/>";
    char svg[512];
    static const struct {
        const char *par;
        double x0, y0, x1, y1;
    } CASES[] = {{"", 12, 0, 36, 24},
                 {"preserveAspectRatio='xMidYMid meet'", 12, 0, 36, 24},
                 {"preserveAspectRatio='xMinYMax'", 0, 0, 24, 24},
                 {"preserveAspectRatio='xMaxYMin meet'", 24, 0, 48, 24},
                 {"preserveAspectRatio='none'", 0, 0, 48, 24},
                 {"preserveAspectRatio='xMinYMin slice'", 0, 0, 48, 48},
                 {"preserveAspectRatio='xMidYMid slice'", 0, -12, 48, 36}};
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        snprintf(svg, sizeof svg, "<svg width='48' height='24' viewBox='0 0 10 10' %s>%s</svg>",
                 CASES[i].par, rect);
        mm_scene *s = draw(svg);
        const mm_op *op = op_at(s, 0);
        CHECK_INT(npoints(op), 4);
        if (npoints(op) == 4) {
            CHECK_NEAR(op->u.path.pts[0].x, CASES[i].x0, 1e-9);
            CHECK_NEAR(op->u.path.pts[0].y, CASES[i].y0, 1e-9);
            CHECK_NEAR(op->u.path.pts[2].x, CASES[i].x1, 1e-9);
            CHECK_NEAR(op->u.path.pts[2].y, CASES[i].y1, 1e-9);
        }
        mm_scene_destroy(s);
    }
    /* a viewBox that does not start at 0; percentages of its size */
    mm_scene *s = draw("<svg width='20' height='20' viewBox='-10 -10 10 10'>"
                       "<rect x='-10' y='-50%' width='50%' height='5' stroke='black' "
                       "stroke-width='10%'/></svg>");
    CHECK_POINTS(op_at(s, 0), {0, 10}, {10, 10}, {10, 20}, {0, 20});
    CHECK_NEAR(op_at(s, 0)->u.path.stroke.width_px, 2, 1e-9);
    mm_scene_destroy(s);
}

static void test_emit_into_a_box(void)
{
    mm_error err;
    mm_svgicon *icon = parse("<svg width='24' height='12'><path d='M0 0 H24 V12' stroke='red' "
                             "stroke-width='2' fill='none'/></svg>",
                             &err);
    CHECK(icon != NULL);
    if (!icon) {
        return;
    }
    mm_scene *s = mm_scene_create(400, 400);
    CHECK_INT(mm_svgicon_emit(icon, s, (mm_bbox){100, 200, 148, 224}, 0.25, 0.05), 1);
    const mm_op *op = op_at(s, 0);
    CHECK_NEAR(op->opacity, 0.25, 0);
    CHECK_POINTS(op, {100, 200}, {148, 200}, {148, 224});
    CHECK_NEAR(op->u.path.stroke.width_px, 4, 1e-9);
    /* again at the same size (the flattened outline is reused), and an empty box */
    CHECK_INT(mm_svgicon_emit(icon, s, (mm_bbox){0, 0, 48, 24}, 1, 0.05), 1);
    CHECK_INT(mm_svgicon_emit(icon, s, (mm_bbox){0, 0, 0, 24}, 1, 0.05), 0);
    CHECK_INT(mm_svgicon_emit(icon, s, (mm_bbox){0, 0, NAN, 24}, 1, 0.05), 0);
    mm_scene_destroy(s);
    mm_svgicon_destroy(icon);
}

/* ---- entities and XML ---- */

static void test_entities_and_xml_forms(void)
{
    mm_scene *s = draw("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                       "<!-- a comment with <svg> in it -->\n"
                       "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
                       "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n"
                       "  <!ENTITY ns_svg \"http://www.w3.org/2000/svg\"> <!ENTITY x '>'>\n"
                       "]>\n"
                       "<svg xmlns=\"&ns_svg;\" width = \"10\"\theight='10' >\n"
                       "<title>A &amp; B &lt;&gt; &#169; &#x263A;</title>\n"
                       "<![CDATA[ <rect width='5' height='5'/> ]]>\n"
                       "<rect width='5' height='5' fill='&#x23;ff0000' id='&quot;&apos;'/>\n"
                       "<rect width='5' height='5' fill=\"&#35;00f\"/>\n"
                       "<svg:rect xmlns:svg='&ns_svg;' width='5' height='5' fill='lime'/>\n"
                       "<?pi inside?></svg>\n<!-- after -->\n<?pi after?>\n");
    CHECK_INT(mm_scene_count(s), 3);
    CHECK_RGBA(op_at(s, 0)->u.path.fill.color, 1, 0, 0, 1);
    CHECK_RGBA(op_at(s, 1)->u.path.fill.color, 0, 0, 1, 1);
    CHECK_RGBA(op_at(s, 2)->u.path.fill.color, 0, 1, 0, 1);
    mm_scene_destroy(s);
}

/* ---- fill rules in the raster backend ---- */

static uint32_t pixel(const mm_image *img, int x, int y)
{
    return img->pixels[(size_t)y * img->stride / 4 + (size_t)x];
}

static void test_fill_rules_as_drawn(void)
{
    mm_scene *s = draw(SVG("<path fill='red' d='M0 0 h40 v40 h-40 z m10 10 h20 v20 h-20 z'/>"
                           "<path fill='red' fill-rule='evenodd' "
                           "d='M50 0 h40 v40 h-40 z m10 10 h20 v20 h-20 z'/>"
                           "<path fill='red' d='M0 50 h40 v40 h-40 z m10 10 v20 h20 v-20 z'/>"));
    CHECK(op_at(s, 0)->u.path.nonzero && !op_at(s, 1)->u.path.nonzero);
    mm_scene_set_background(s, (mm_rgba){1, 1, 1, 1});
    mm_image img;
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_raster_draw(s, 1, &img, &err), MM_OK);
    CHECK_INT(pixel(&img, 5, 5), 0xffff0000);
    CHECK_INT(pixel(&img, 20, 20), 0xffff0000); /* non-zero: a same-wound ring fills */
    CHECK_INT(pixel(&img, 70, 20), 0xffffffff); /* even-odd: a hole */
    CHECK_INT(pixel(&img, 20, 70), 0xffffffff); /* non-zero: a counter-wound ring is a hole */
    CHECK_INT(pixel(&img, 5, 70), 0xffff0000);
    mm_image_fini(&img);
    mm_scene_destroy(s);
}

/* ---- malformed files ---- */

static void check_error(const char *text, size_t len, mm_status status, long line, long col,
                        const char *msg, int src_line)
{
    mm_error err;
    mm_error_clear(&err);
    mm_svgicon *icon = (mm_svgicon *)&err; /* must be cleared */
    mm_status st = mm_svgicon_parse("t.svg", text, len, &icon, &err);
    if (st != status || icon != NULL) {
        mm_test_fail(__FILE__, src_line, "status %d, expected %d '%s' (%s)", st, status, msg,
                     err.msg);
        mm_svgicon_destroy(icon == (mm_svgicon *)&err ? NULL : icon);
        return;
    }
    if (err.line != line || err.col != col || !strstr(err.msg, msg)) {
        mm_test_fail(__FILE__, src_line, "%ld:%ld: '%s', expected %ld:%ld: '%s'", err.line, err.col,
                     err.msg, line, col, msg);
    }
}

#define CHECK_ERROR(text, status, line, col, msg)                                                  \
    check_error((text), strlen(text), (status), (line), (col), (msg), __LINE__)

/* A file that must be refused, with where and why. */
typedef struct bad_case {
    const char *text;
    mm_status status;
    long line, col;
    const char *msg; /* part of the message */
} bad_case;

static void check_cases(const bad_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        check_error(c[i].text, strlen(c[i].text), c[i].status, c[i].line, c[i].col, c[i].msg,
                    __LINE__);
    }
}

#define HEAD "<svg width='10' height='10'>\n"

static const bad_case BAD_FILES[] = {
    /* XML */
    {"", MM_E_DATA, 1, 1, "no <svg> element"},
    {"  <!-- nothing -->  ", MM_E_DATA, 1, 21, "no <svg> element"},
    {"<html/>", MM_E_DATA, 1, 1, "not an SVG file: the root element is <html>"},
    {HEAD "<g>\n<path d='M0 0 L 5", MM_E_DATA, 3, 9, "unterminated value of attribute 'd'"},
    {HEAD "<g>\n<rect", MM_E_DATA, 3, 1, "unexpected end of file in <rect>"},
    {HEAD "<g>\n<g>", MM_E_DATA, 3, 4, "unexpected end of file: <g> (line 3) is not closed"},
    {HEAD "<g>\n</svg>", MM_E_DATA, 3, 1, "</svg> does not close <g> (line 2)"},
    {HEAD "</svg></g>", MM_E_DATA, 2, 7, "</g> closes nothing"},
    {HEAD "</svg><svg/>", MM_E_DATA, 2, 7, "<svg> after the end of the root element"},
    {HEAD "</svg>x", MM_E_DATA, 2, 7, "text outside the root element"},
    {"x" HEAD "</svg>", MM_E_DATA, 1, 1, "text outside the root element"},
    {HEAD "<!-- </svg>", MM_E_DATA, 2, 1, "unterminated comment"},
    {HEAD "<![CDATA[ x", MM_E_DATA, 2, 1, "unterminated CDATA section"},
    {HEAD "<?x </svg>", MM_E_DATA, 2, 1, "unterminated processing instruction"},
    {"<!DOCTYPE svg [ <!ENTITY a '>'> ", MM_E_DATA, 1, 1, "unterminated DOCTYPE"},
    {HEAD "<!DOCTYPE svg></svg>", MM_E_DATA, 2, 1, "DOCTYPE may only come before"},
    {HEAD "<!ELEMENT x></svg>", MM_E_DATA, 2, 1, "unexpected markup"},
    {HEAD "< rect/></svg>", MM_E_DATA, 2, 1, "'<' must start a tag"},
    {HEAD "<rect width=5/></svg>", MM_E_DATA, 2, 13, "the value of 'width' must be quoted"},
    {HEAD "<rect width/></svg>", MM_E_DATA, 2, 12, "expected '=' after attribute 'width'"},
    {HEAD "<rect x='1'y='2'/></svg>", MM_E_DATA, 2, 12, "must be separated by spaces"},
    {HEAD "<rect x='1' x='2'/></svg>", MM_E_DATA, 2, 13, "duplicate attribute 'x'"},
    {HEAD "<rect x='<'/></svg>", MM_E_DATA, 2, 10, "'<' in the value of attribute 'x'"},
    {HEAD "<rect / ></svg>", MM_E_DATA, 2, 7, "expected '/>' in <rect>"},
    {HEAD "<rect =''/></svg>", MM_E_DATA, 2, 7, "unexpected '=' in <rect>"},
    {HEAD "</ g></svg>", MM_E_DATA, 2, 1, "malformed end tag"},
    {HEAD "<rect fill='a & b'/></svg>", MM_E_DATA, 2, 15, "'&' does not start a reference"},
    {HEAD "<rect fill='&#xZZ;'/></svg>", MM_E_DATA, 2, 13, "bad character reference '&#xZZ;'"},
    {HEAD "<rect fill='&#0;'/></svg>", MM_E_DATA, 2, 13, "bad character reference"},
    {HEAD "<rect fill='&#xD800;'/></svg>", MM_E_DATA, 2, 13, "bad character reference"},
    {HEAD "<rect fill='&#99999999999999999999;'/></svg>", MM_E_DATA, 2, 13,
     "bad character reference"},
    {HEAD "<rect fill='&1;'/></svg>", MM_E_DATA, 2, 13, "'&' does not start a reference"},
    /* values */
    {"<svg/>", MM_E_DATA, 1, 1, "<svg> needs width and height or a viewBox"},
    {"<svg width='10'/>", MM_E_DATA, 1, 1, "needs width and height or a viewBox"},
    {"<svg\nwidth='-5' height='5'/>", MM_E_DATA, 2, 1, "width must be positive"},
    {"<svg width='5' height='abc'/>", MM_E_DATA, 1, 16, "height: not a length: 'abc'"},
    {"<svg viewBox='0 0 10'/>", MM_E_DATA, 1, 6, "viewBox: expected four numbers"},
    {"<svg viewBox='0 0 10 -1'/>", MM_E_DATA, 1, 6, "must be positive"},
    {"<svg width='20000' height='5'/>", MM_E_LIMIT, 1, 1, "larger than 16384 px"},
    {HEAD "<path d='M 0 0 L abc'/></svg>", MM_E_DATA, 2, 7,
     "path data: expected a number at 'abc'"},
    {HEAD "<path d='L 0 0'/></svg>", MM_E_DATA, 2, 7, "must begin with a moveto"},
    {HEAD "<path d='10 10'/></svg>", MM_E_DATA, 2, 7, "expected a command at '10 10'"},
    {HEAD "<path d='M0 0 z 5 5'/></svg>", MM_E_DATA, 2, 7, "expected a command at '5 5'"},
    {HEAD "<path d='M0 0 X 5 5'/></svg>", MM_E_DATA, 2, 7, "unknown command 'X'"},
    {HEAD "<path d='M0 0 L 5'/></svg>", MM_E_DATA, 2, 7, "expected a number at ''"},
    {HEAD "<path d='M0 0 A 5 5 0 2 1 9 9'/></svg>", MM_E_DATA, 2, 7, "an arc flag must be 0 or 1"},
    {HEAD "<circle r='1x'/></svg>", MM_E_DATA, 2, 9, "r: unknown unit in '1x'"},
    {HEAD "<circle r='1 2'/></svg>", MM_E_DATA, 2, 9, "unexpected text after"},
    {HEAD "<polygon points='1,2 3'/></svg>", MM_E_DATA, 2, 10,
     "points: an odd number of coordinates"},
    {HEAD "<polygon points='1,2 x'/></svg>", MM_E_DATA, 2, 10, "points: expected a number"},
    {HEAD "<path d='M0 0 A 1e-300 1 0 0 1 20 0'/></svg>", MM_E_DATA, 2, 7,
     "coordinates out of range"},
    {HEAD "<g transform='spin(3)'/></svg>", MM_E_DATA, 2, 4, "transform: unknown function 'spin'"},
    {HEAD "<g transform='rotate(1 2)'/></svg>", MM_E_DATA, 2, 4,
     "rotate() does not take 2 numbers"},
    {HEAD "<g transform='matrix(1 2 3 4 5 6 7)'/></svg>", MM_E_DATA, 2, 4, "too many numbers"},
    {HEAD "<g transform='scale(2'/></svg>", MM_E_DATA, 2, 4, "expected a number"},
    {HEAD "<g transform='scale 2'/></svg>", MM_E_DATA, 2, 4, "expected a function"},
    {HEAD "<g transform='skewX(90)'/></svg>", MM_E_DATA, 2, 4, "is degenerate"},
};

static void test_malformed_files(void)
{
    check_cases(BAD_FILES, sizeof BAD_FILES / sizeof BAD_FILES[0]);
    check_error(HEAD "<g>\0</g></svg>", 40, MM_E_DATA, 2, 4, "a NUL byte", __LINE__);
}

static void test_huge_numbers(void)
{
    CHECK_ERROR(HEAD "<path d='M 1e400 0'/></svg>", MM_E_DATA, 2, 7, "number out of range");
    CHECK_ERROR(HEAD "<path d='M 1e10 0'/></svg>", MM_E_DATA, 2, 7, "number out of range");
    CHECK_ERROR(HEAD
                "<path d='M 0.00000000000000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000000000000000000000000000000000000000000001 0'/></svg>",
                MM_E_DATA, 2, 7, "number too long");
    CHECK_ERROR(HEAD "<g transform='scale(1e9)'><g transform='scale(1e9)'>"
                     "<rect width='1' height='1'/></g></g></svg>",
                MM_E_DATA, 2, 53, "coordinates out of range");
    CHECK_ERROR(HEAD "<rect width='1e9in' height='1'/></svg>", MM_E_DATA, 2, 7,
                "width: number out of range");
    /* a tiny number is fine */
    mm_error err;
    mm_svgicon *icon = parse(HEAD "<path d='M 1e-300 0 L 1 1'/></svg>", &err);
    CHECK(icon != NULL);
    mm_svgicon_destroy(icon);
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * n + tl + 1);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++) {
        memcpy(s + hl + i * ul, unit, ul);
    }
    memcpy(s + hl + ul * n, tail, tl + 1);
    return s;
}

static void test_limits(void)
{
    /* nesting: 63 groups inside <svg> are fine, 64 are too deep */
    char *open = repeat(HEAD, "<g>", 63, ""), *close = repeat(open, "</g>", 63, "</svg>");
    mm_error err;
    mm_svgicon *icon = parse(close, &err);
    CHECK(icon != NULL);
    mm_svgicon_destroy(icon);
    free(open);
    free(close);
    open = repeat(HEAD, "<g>", 64, "");
    close = repeat(open, "</g>", 64, "</svg>");
    CHECK_ERROR(close, MM_E_LIMIT, 2, 190, "elements nested deeper than 64");
    free(open);
    free(close);
    char *deep = repeat(HEAD, "<g>", 100000, "");
    CHECK_ERROR(deep, MM_E_LIMIT, 2, 190, "elements nested deeper than 64");
    free(deep);
    char *many = repeat(HEAD, "<g/>", 10000, "</svg>");
    CHECK_ERROR(many, MM_E_LIMIT, 2, 39997, "more than 10000 elements");
    free(many);
    char *segs = repeat(HEAD "<path d='M0 0", " 1 1", 100000, "'/></svg>");
    CHECK_ERROR(segs, MM_E_LIMIT, 2, 7, "more than 100000 path segments");
    free(segs);
    char *attrs = malloc(20000);
    int n = snprintf(attrs, 20000, HEAD "<g");
    for (int i = 0; i < 300; i++) {
        n += snprintf(attrs + n, (size_t)(20000 - n), " a%d='1'", i);
    }
    snprintf(attrs + n, (size_t)(20000 - n), "/></svg>");
    CHECK_ERROR(attrs, MM_E_LIMIT, 2, 2198, "more than 256 attributes in <g>");
    free(attrs);
    char *big = repeat(HEAD, "        ", MM_SVGICON_MAX_BYTES / 8, "</svg>");
    check_error(big, strlen(big), MM_E_LIMIT, 0, 0, "larger than 1024 KiB", __LINE__);
    /* the same through a file, and a file that is missing */
    CHECK_INT(mm_test_write_file(mm_test_path("big.svg"), big, strlen(big)), 0);
    mm_error_clear(&err);
    icon = NULL;
    CHECK_INT(mm_svgicon_load(mm_test_path("big.svg"), &icon, &err), MM_E_LIMIT);
    CHECK(icon == NULL);
    free(big);
    mm_error_clear(&err);
    CHECK_INT(mm_svgicon_load(mm_test_path("nope.svg"), &icon, &err), MM_E_IO);
    CHECK_STR(err.msg, "cannot open: No such file or directory");
    /* an outline with more points than allowed is drawn coarser, not refused */
    char *curves =
        repeat("<svg width='16384' height='16384'><path d='M0 0",
               " c 0 16000 16000 16000 16000 0 s -16000 -16000 -16000 0", 15000, "'/></svg>");
    icon = parse(curves, &err);
    CHECK(icon != NULL);
    if (icon) {
        mm_scene *s = mm_scene_create(100, 100);
        CHECK_INT(mm_svgicon_emit(icon, s, (mm_bbox){0, 0, 16384, 16384}, 1, 0.001), 1);
        CHECK(npoints(op_at(s, 0)) <= MM_SVGICON_MAX_POINTS);
        CHECK(npoints(op_at(s, 0)) > 30001); /* more than one line a curve */
        mm_scene_destroy(s);
    }
    mm_svgicon_destroy(icon);
    free(curves);
}

/* ---- never a crash: every truncation and mutations of real icons ---- */

static const char *const SAMPLES[] = {
    "<?xml version='1.0'?><!DOCTYPE svg><svg xmlns='http://www.w3.org/2000/svg' width='24' "
    "height='32' viewBox='0 0 24 32' preserveAspectRatio='xMinYMax slice'><!-- pin -->"
    "<path d='M12 30.5C9 25 2.5 18.5 2.5 11.5A9.5 9.5 0 1 1 21.5 11.5c0 7-6.5 13.5-9.5 19z' "
    "fill='#d7301f' stroke='#5a0d07' stroke-width='2' stroke-linejoin='round'/>"
    "<path d='M12 7a4.5 4.5 0 1 0 .001 0zM6 26q3-3 6 0t6 0S1 2 3 4H1V3h1v2L1 1l2 2Q1 1 2 2' "
    "fill='none' stroke='white' stroke-dasharray='1,2' style='opacity:.5;fill-rule:evenodd'/>"
    "</svg>",
    "<svg width='40' height='40' viewBox='-20 -20 40 40'><defs><style>.a{fill:red}#b{stroke:"
    "blue}</style><linearGradient id='g' href='#h'><stop stop-color='red'/></linearGradient>"
    "</defs><g transform='rotate(30) scale(1.2, 0.9)' stroke='black' class='a'><rect x='-14' "
    "y='-14' width='28' height='28' rx='5' fill='url(#g) blue'/><g transform='translate(0,-2) "
    "skewX(-15) matrix(1 0 0 1 0 0)'><ellipse rx='8' ry='5'/><circle cx='6' cy='8' r='3' "
    "id='b' style='fill:#e66101;opacity:0.8'/></g></g><polyline points='-18,18 -12,12 -6,18'/>"
    "<polygon points='1 1 2 2 3 1'/><line x1='10' y1='-18' x2='18' y2='-10' stroke='#c51b7d'/>"
    "<text>&amp;&#65;&#x42;</text><![CDATA[x]]></svg>"};

static void parse_quietly(const char *text, size_t len)
{
    mm_error err;
    mm_error_clear(&err);
    mm_svgicon *icon = NULL;
    mm_status st = mm_svgicon_parse("t.svg", text, len, &icon, &err);
    if (st == MM_OK) {
        CHECK(icon != NULL);
        mm_scene *s = mm_scene_create(64, 64);
        mm_svgicon_emit(icon, s, (mm_bbox){0, 0, 64, 64}, 1, 0.05);
        mm_scene_destroy(s);
    } else {
        CHECK(icon == NULL && err.status == st && err.msg[0]);
    }
    mm_svgicon_destroy(icon);
}

static void test_every_truncation(void)
{
    for (size_t k = 0; k < sizeof SAMPLES / sizeof SAMPLES[0]; k++) {
        size_t n = strlen(SAMPLES[k]);
        parse_quietly(SAMPLES[k], n);
        for (size_t len = 0; len < n; len++) {
            /* an exact-size copy, so AddressSanitizer sees a read past the end */
            char *cut = malloc(len ? len : 1);
            memcpy(cut, SAMPLES[k], len);
            mm_error err;
            mm_error_clear(&err);
            mm_svgicon *icon = NULL;
            mm_status st = mm_svgicon_parse("t.svg", cut, len, &icon, &err);
            if (st == MM_OK) {
                mm_test_fail(__FILE__, __LINE__, "sample %zu cut at %zu parsed", k, len);
            }
            mm_svgicon_destroy(icon);
            free(cut);
        }
    }
}

static void test_mutations(void)
{
    static const char BYTES[] = "<>/='\"&;#:.-+e0123456789 MmLlCcAaZz(),%\n\xff";
    unsigned long seed = 12345;
    for (size_t k = 0; k < sizeof SAMPLES / sizeof SAMPLES[0]; k++) {
        size_t n = strlen(SAMPLES[k]);
        for (int round = 0; round < 3000; round++) {
            char *m = malloc(n);
            memcpy(m, SAMPLES[k], n);
            for (int j = 0; j < 1 + round % 4; j++) {
                seed = seed * 6364136223846793005UL + 1442695040888963407UL;
                size_t at = (size_t)(seed >> 33) % n;
                m[at] = BYTES[(seed >> 13) % (sizeof BYTES - 1)];
            }
            parse_quietly(m, n);
            free(m);
        }
    }
}

MM_TESTS(
    "svgicon", {"lines_absolute_and_relative", test_lines_absolute_and_relative},
    {"drawing_after_close_starts_at_the_subpath", test_drawing_after_close_starts_at_the_subpath},
    {"smooth_curves_reflect_their_control_points", test_smooth_curves_reflect_their_control_points},
    {"flattened_curves_stay_within_the_tolerance", test_flattened_curves_stay_within_the_tolerance},
    {"arcs_draw_circles", test_arcs_draw_circles},
    {"rotated_elliptical_arc", test_rotated_elliptical_arc}, {"basic_shapes", test_basic_shapes},
    {"rounded_rect_radii", test_rounded_rect_radii}, {"transforms", test_transforms},
    {"stroke_width_scales_with_transforms", test_stroke_width_scales_with_transforms},
    {"style_attribute", test_style_attribute},
    {"inheritance_through_groups", test_inheritance_through_groups},
    {"style_sheet_rules", test_style_sheet_rules},
    {"gradients_and_unknown_paint", test_gradients_and_unknown_paint},
    {"what_is_not_drawn", test_what_is_not_drawn},
    {"size_from_width_height_and_viewbox", test_size_from_width_height_and_viewbox},
    {"viewbox_scaling", test_viewbox_scaling}, {"emit_into_a_box", test_emit_into_a_box},
    {"entities_and_xml_forms", test_entities_and_xml_forms},
    {"fill_rules_as_drawn", test_fill_rules_as_drawn}, {"malformed_files", test_malformed_files},
    {"huge_numbers", test_huge_numbers}, {"limits", test_limits},
    {"every_truncation", test_every_truncation}, {"mutations", test_mutations})
