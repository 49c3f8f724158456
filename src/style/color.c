/*
 * color.c — CSS colours: hex forms, rgb()/rgba()/hsl()/hsla() in the comma and
 * the space syntax, the 148 CSS named colours and "transparent". Part of
 * style/: calls core/ (text) and libc only. Style properties and expressions
 * share it; out-of-range or malformed input is rejected rather than clamped,
 * so a typo in a style is reported instead of silently drawn.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/expr.h"

/* A named colour as 0xRRGGBB, sorted by name for bsearch. */
typedef struct named {
    const char *name;
    uint32_t rgb;
} named;

static const named NAMED[] = {
    {"aliceblue", 0xf0f8ff},
    {"antiquewhite", 0xfaebd7},
    {"aqua", 0x00ffff},
    {"aquamarine", 0x7fffd4},
    {"azure", 0xf0ffff},
    {"beige", 0xf5f5dc},
    {"bisque", 0xffe4c4},
    {"black", 0x000000},
    {"blanchedalmond", 0xffebcd},
    {"blue", 0x0000ff},
    {"blueviolet", 0x8a2be2},
    {"brown", 0xa52a2a},
    {"burlywood", 0xdeb887},
    {"cadetblue", 0x5f9ea0},
    {"chartreuse", 0x7fff00},
    {"chocolate", 0xd2691e},
    {"coral", 0xff7f50},
    {"cornflowerblue", 0x6495ed},
    {"cornsilk", 0xfff8dc},
    {"crimson", 0xdc143c},
    {"cyan", 0x00ffff},
    {"darkblue", 0x00008b},
    {"darkcyan", 0x008b8b},
    {"darkgoldenrod", 0xb8860b},
    {"darkgray", 0xa9a9a9},
    {"darkgreen", 0x006400},
    {"darkgrey", 0xa9a9a9},
    {"darkkhaki", 0xbdb76b},
    {"darkmagenta", 0x8b008b},
    {"darkolivegreen", 0x556b2f},
    {"darkorange", 0xff8c00},
    {"darkorchid", 0x9932cc},
    {"darkred", 0x8b0000},
    {"darksalmon", 0xe9967a},
    {"darkseagreen", 0x8fbc8f},
    {"darkslateblue", 0x483d8b},
    {"darkslategray", 0x2f4f4f},
    {"darkslategrey", 0x2f4f4f},
    {"darkturquoise", 0x00ced1},
    {"darkviolet", 0x9400d3},
    {"deeppink", 0xff1493},
    {"deepskyblue", 0x00bfff},
    {"dimgray", 0x696969},
    {"dimgrey", 0x696969},
    {"dodgerblue", 0x1e90ff},
    {"firebrick", 0xb22222},
    {"floralwhite", 0xfffaf0},
    {"forestgreen", 0x228b22},
    {"fuchsia", 0xff00ff},
    {"gainsboro", 0xdcdcdc},
    {"ghostwhite", 0xf8f8ff},
    {"gold", 0xffd700},
    {"goldenrod", 0xdaa520},
    {"gray", 0x808080},
    {"green", 0x008000},
    {"greenyellow", 0xadff2f},
    {"grey", 0x808080},
    {"honeydew", 0xf0fff0},
    {"hotpink", 0xff69b4},
    {"indianred", 0xcd5c5c},
    {"indigo", 0x4b0082},
    {"ivory", 0xfffff0},
    {"khaki", 0xf0e68c},
    {"lavender", 0xe6e6fa},
    {"lavenderblush", 0xfff0f5},
    {"lawngreen", 0x7cfc00},
    {"lemonchiffon", 0xfffacd},
    {"lightblue", 0xadd8e6},
    {"lightcoral", 0xf08080},
    {"lightcyan", 0xe0ffff},
    {"lightgoldenrodyellow", 0xfafad2},
    {"lightgray", 0xd3d3d3},
    {"lightgreen", 0x90ee90},
    {"lightgrey", 0xd3d3d3},
    {"lightpink", 0xffb6c1},
    {"lightsalmon", 0xffa07a},
    {"lightseagreen", 0x20b2aa},
    {"lightskyblue", 0x87cefa},
    {"lightslategray", 0x778899},
    {"lightslategrey", 0x778899},
    {"lightsteelblue", 0xb0c4de},
    {"lightyellow", 0xffffe0},
    {"lime", 0x00ff00},
    {"limegreen", 0x32cd32},
    {"linen", 0xfaf0e6},
    {"magenta", 0xff00ff},
    {"maroon", 0x800000},
    {"mediumaquamarine", 0x66cdaa},
    {"mediumblue", 0x0000cd},
    {"mediumorchid", 0xba55d3},
    {"mediumpurple", 0x9370db},
    {"mediumseagreen", 0x3cb371},
    {"mediumslateblue", 0x7b68ee},
    {"mediumspringgreen", 0x00fa9a},
    {"mediumturquoise", 0x48d1cc},
    {"mediumvioletred", 0xc71585},
    {"midnightblue", 0x191970},
    {"mintcream", 0xf5fffa},
    {"mistyrose", 0xffe4e1},
    {"moccasin", 0xffe4b5},
    {"navajowhite", 0xffdead},
    {"navy", 0x000080},
    {"oldlace", 0xfdf5e6},
    {"olive", 0x808000},
    {"olivedrab", 0x6b8e23},
    {"orange", 0xffa500},
    {"orangered", 0xff4500},
    {"orchid", 0xda70d6},
    {"palegoldenrod", 0xeee8aa},
    {"palegreen", 0x98fb98},
    {"paleturquoise", 0xafeeee},
    {"palevioletred", 0xdb7093},
    {"papayawhip", 0xffefd5},
    {"peachpuff", 0xffdab9},
    {"peru", 0xcd853f},
    {"pink", 0xffc0cb},
    {"plum", 0xdda0dd},
    {"powderblue", 0xb0e0e6},
    {"purple", 0x800080},
    {"rebeccapurple", 0x663399},
    {"red", 0xff0000},
    {"rosybrown", 0xbc8f8f},
    {"royalblue", 0x4169e1},
    {"saddlebrown", 0x8b4513},
    {"salmon", 0xfa8072},
    {"sandybrown", 0xf4a460},
    {"seagreen", 0x2e8b57},
    {"seashell", 0xfff5ee},
    {"sienna", 0xa0522d},
    {"silver", 0xc0c0c0},
    {"skyblue", 0x87ceeb},
    {"slateblue", 0x6a5acd},
    {"slategray", 0x708090},
    {"slategrey", 0x708090},
    {"snow", 0xfffafa},
    {"springgreen", 0x00ff7f},
    {"steelblue", 0x4682b4},
    {"tan", 0xd2b48c},
    {"teal", 0x008080},
    {"thistle", 0xd8bfd8},
    {"tomato", 0xff6347},
    {"turquoise", 0x40e0d0},
    {"violet", 0xee82ee},
    {"wheat", 0xf5deb3},
    {"white", 0xffffff},
    {"whitesmoke", 0xf5f5f5},
    {"yellow", 0xffff00},
    {"yellowgreen", 0x9acd32},
};

enum { MAX_COLOR_TEXT = 128 };

/* One numeric component of a colour function: value and its unit. */
typedef struct comp {
    double v;
    bool pct;
    bool deg;
} comp;

static int cmp_named(const void *key, const void *elem)
{
    return strcmp(key, ((const named *)elem)->name);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static const char *skip_space(const char *p)
{
    while (is_space(*p)) {
        p++;
    }
    return p;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* "#rgb", "#rgba", "#rrggbb", "#rrggbbaa" (s lowercased, after the '#'). */
static bool parse_hex(const char *s, mm_rgba *out)
{
    size_t len = strlen(s);
    if (len != 3 && len != 4 && len != 6 && len != 8) {
        return false;
    }
    size_t step = len <= 4 ? 1 : 2;
    double ch[4] = {1, 1, 1, 1};
    for (size_t i = 0; i * step < len; i++) {
        int v = 0;
        for (size_t k = 0; k < 2; k++) {
            /* a short form repeats its digit: #f80 is #ff8800 */
            int d = hex_digit(s[i * step + (step == 2 ? k : 0)]);
            if (d < 0) {
                return false;
            }
            v = v * 16 + d;
        }
        ch[i] = v / 255.0;
    }
    *out = (mm_rgba){ch[0], ch[1], ch[2], ch[3]};
    return true;
}

size_t mm_expr_number_length(const char *s)
{
    const char *p = s;
    size_t digits = 0;
    p += *p == '+' || *p == '-';
    for (; *p >= '0' && *p <= '9'; p++) {
        digits++;
    }
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            digits++;
        }
    }
    if (digits == 0) {
        return 0;
    }
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        q += *q == '+' || *q == '-';
        if (*q >= '0' && *q <= '9') {
            for (p = q; *p >= '0' && *p <= '9'; p++) {
            }
        }
    }
    return (size_t)(p - s);
}

/* A number followed by an optional '%' or "deg" (a component of rgb() or hsl()). */
static const char *scan_comp(const char *p, comp *out)
{
    char tmp[64];
    size_t len = mm_expr_number_length(p);
    if (len == 0 || len >= sizeof tmp) {
        return NULL;
    }
    memcpy(tmp, p, len);
    tmp[len] = '\0';
    p += len;
    out->v = strtod(tmp, NULL);
    out->pct = false;
    out->deg = false;
    if (!isfinite(out->v)) {
        return NULL;
    }
    if (*p == '%') {
        out->pct = true;
        p++;
    } else if (strncmp(p, "deg", 3) == 0) {
        out->deg = true;
        p += 3;
    }
    return p;
}

/*
 * The arguments of a colour function up to ')': three components separated by
 * commas with an optional fourth (alpha), or by spaces with an optional
 * "/ alpha". Returns the number of components (3 or 4), 0 if malformed.
 */
static int scan_args(const char *p, comp out[4])
{
    p = skip_space(p);
    p = scan_comp(p, &out[0]);
    if (!p) {
        return 0;
    }
    const char *q = skip_space(p);
    bool commas = *q == ',';
    int n = 1;
    while (n < 3) {
        if (commas) {
            q = skip_space(p);
            if (*q != ',') {
                return 0;
            }
            p = skip_space(q + 1);
        } else {
            if (!is_space(*p)) {
                return 0;
            }
            p = skip_space(p);
        }
        p = scan_comp(p, &out[n++]);
        if (!p) {
            return 0;
        }
    }
    p = skip_space(p);
    if (*p == (commas ? ',' : '/')) {
        p = scan_comp(skip_space(p + 1), &out[n++]);
        if (!p) {
            return 0;
        }
        p = skip_space(p);
    }
    if (p[0] != ')' || p[1] != '\0') {
        return 0;
    }
    return n;
}

/* Alpha as a number 0..1 or a percentage 0..100%. */
static bool alpha_of(const comp *c, double *out)
{
    double a = c->pct ? c->v / 100 : c->v;
    if (c->deg || a < 0 || a > 1) {
        return false;
    }
    *out = a;
    return true;
}

static bool parse_rgb(const char *args, mm_rgba *out)
{
    comp c[4];
    int n = scan_args(args, c);
    if (n == 0) {
        return false;
    }
    double ch[4] = {0, 0, 0, 1};
    for (int i = 0; i < 3; i++) {
        /* all three channels are numbers 0..255 or all are percentages */
        if (c[i].deg || c[i].pct != c[0].pct) {
            return false;
        }
        double max = c[i].pct ? 100 : 255;
        if (c[i].v < 0 || c[i].v > max) {
            return false;
        }
        ch[i] = c[i].v / max;
    }
    if (n == 4 && !alpha_of(&c[3], &ch[3])) {
        return false;
    }
    *out = (mm_rgba){ch[0], ch[1], ch[2], ch[3]};
    return true;
}

/* CSS Color 4 hsl→rgb: channel n of hue h (degrees), saturation s, lightness l (0..1). */
static double hsl_channel(double n, double h, double s, double l)
{
    double k = fmod(n + h / 30, 12);
    double a = s * fmin(l, 1 - l);
    return l - a * fmax(-1, fmin(fmin(k - 3, 9 - k), 1));
}

static bool parse_hsl(const char *args, mm_rgba *out)
{
    comp c[4];
    int n = scan_args(args, c);
    if (n == 0 || c[0].pct || !c[1].pct || !c[2].pct) {
        return false;
    }
    double s = c[1].v / 100, l = c[2].v / 100, a = 1;
    if (s < 0 || s > 1 || l < 0 || l > 1) {
        return false;
    }
    if (n == 4 && !alpha_of(&c[3], &a)) {
        return false;
    }
    double h = fmod(c[0].v, 360);
    if (h < 0) {
        h += 360;
    }
    *out = (mm_rgba){hsl_channel(0, h, s, l), hsl_channel(8, h, s, l), hsl_channel(4, h, s, l), a};
    return true;
}

bool mm_color_parse(const char *s, mm_rgba *out)
{
    char buf[MAX_COLOR_TEXT];
    if (!s) {
        return false;
    }
    s = skip_space(s);
    size_t len = strlen(s);
    while (len > 0 && is_space(s[len - 1])) {
        len--;
    }
    if (len == 0 || len >= sizeof buf) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        buf[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    buf[len] = '\0';
    if (buf[0] == '#') {
        return parse_hex(buf + 1, out);
    }
    if (strcmp(buf, "transparent") == 0) {
        *out = (mm_rgba){0, 0, 0, 0};
        return true;
    }
    if (strncmp(buf, "rgba(", 5) == 0 || strncmp(buf, "hsla(", 5) == 0) {
        return buf[0] == 'r' ? parse_rgb(buf + 5, out) : parse_hsl(buf + 5, out);
    }
    if (strncmp(buf, "rgb(", 4) == 0 || strncmp(buf, "hsl(", 4) == 0) {
        return buf[0] == 'r' ? parse_rgb(buf + 4, out) : parse_hsl(buf + 4, out);
    }
    const named *nc =
        bsearch(buf, NAMED, sizeof NAMED / sizeof NAMED[0], sizeof NAMED[0], cmp_named);
    if (!nc) {
        return false;
    }
    *out = (mm_rgba){((nc->rgb >> 16) & 0xff) / 255.0, ((nc->rgb >> 8) & 0xff) / 255.0,
                     (nc->rgb & 0xff) / 255.0, 1};
    return true;
}

/* A channel 0..1 as 0..255, rounding halves up as JavaScript's Math.round does. */
static int channel_255(double v)
{
    if (!(v > 0)) {
        return 0;
    }
    if (v >= 1) {
        return 255;
    }
    return (int)floor(v * 255 + 0.5);
}

void mm_color_format(mm_rgba c, char *buf, size_t n)
{
    int r = channel_255(c.r), g = channel_255(c.g), b = channel_255(c.b);
    if (c.a >= 1) {
        snprintf(buf, n, "#%02x%02x%02x", r, g, b);
        return;
    }
    char a[32];
    mm_expr_format_number(c.a > 0 ? c.a : 0, a, sizeof a);
    snprintf(buf, n, "rgba(%d,%d,%d,%s)", r, g, b, a);
}
