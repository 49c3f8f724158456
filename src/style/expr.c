/*
 * expr.c — MapLibre style expressions and legacy filters. Compiling turns the
 * JSON once into a tree of typed nodes: operators are checked against type
 * sets, colours parsed, constant parts folded and property names replaced by
 * slots that mm_expr_bind maps to columns. Evaluation then walks the tree per
 * feature with no name lookups and no malloc (strings go to a scratch arena).
 * Part of style/: calls core/ (memory, errors, text) and data/ (JSON, features).
 */
#include "malimap/expr.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/text.h"

typedef enum opcode {
    OP_LITERAL,
    OP_GET,
    OP_HAS,
    OP_GEOMETRY_TYPE,
    OP_EQ,
    OP_NE,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
    OP_ALL,
    OP_ANY,
    OP_NOT,
    OP_IN,
    OP_MATCH,
    OP_CASE,
    OP_COALESCE,
    OP_STEP,
    OP_INTERPOLATE,
    OP_TO_STRING,
    OP_TO_NUMBER,
    OP_TO_BOOLEAN,
    OP_TO_COLOR,
    OP_CONCAT,
    OP_UPCASE,
    OP_DOWNCASE,
    OP_ASSERT, /* ["number", …], ["string", …], ["boolean", …] */
    OP_COERCE  /* added by the compiler: lets the wanted types through, parses colours */
} opcode;

enum {
    SCALAR = MM_X_NULL | MM_X_BOOL | MM_X_NUMBER | MM_X_STRING,
    INTERPOLATABLE = MM_X_NUMBER | MM_X_COLOR | MM_X_ARRAY,
    MSG_MAX = 512
};

/* A match label or a value of a constant `in` list, sorted for binary search. */
typedef struct key {
    mm_xval v;
    size_t out;   /* match: index in args of the label's output */
    size_t order; /* position in the source (the later of two duplicates is reported) */
    int line;
    int col;
} key;

typedef struct node node;
struct node {
    opcode op;
    unsigned type;   /* the types the node can produce */
    unsigned accept; /* OP_ASSERT, OP_COERCE: the types let through */
    bool legacy;     /* comparisons from legacy filters: false, not an error, on mixed types */
    bool keyed;      /* OP_IN: the haystack is the constant list keys */
    int slot;        /* OP_GET, OP_HAS: index into the expression's property table */
    size_t n;
    node **args;
    mm_xval val;         /* OP_LITERAL */
    const double *stops; /* OP_STEP, OP_INTERPOLATE: increasing stop inputs */
    const key *keys;     /* OP_MATCH, OP_IN */
    size_t nkeys;
    int line; /* where it was written, for errors found when folding */
    int col;
};

struct mm_expr {
    node *root;
    const char **props; /* property names read by get/has, one slot each */
    int *cols;          /* column of each slot in the bound schema, -1 if absent */
    size_t nprops;
    size_t cap;
    bool constant;
};

/* Compilation state. */
typedef struct cctx {
    mm_arena *arena;
    const mm_json_doc *doc;
    mm_error *err;
    mm_expr *e;
} cctx;

/* Evaluation state; msgs is set when folding, so errors carry a message. */
typedef struct ectx {
    const int *cols;
    const mm_features *fs;
    size_t i;
    mm_arena *scratch;
    bool msgs;
} ectx;

typedef struct opdef {
    const char *name;
    opcode op;
    int min; /* argument counts; -1: no limit */
    int max;
    unsigned accept; /* operators whose arguments are alike: what each may be */
    unsigned result; /* and the type they give (0: the union of the arguments') */
} opdef;

/*
 * case, match, step and interpolate check their own shapes (min 0, max -1);
 * the operators with accept 0 are compiled by their own functions.
 */
static const opdef OPS[] = {
    {"literal", OP_LITERAL, 1, 1, 0, 0},
    {"get", OP_GET, 1, 1, 0, 0},
    {"has", OP_HAS, 1, 1, 0, 0},
    {"geometry-type", OP_GEOMETRY_TYPE, 0, 0, 0, 0},
    {"==", OP_EQ, 2, 2, 0, 0},
    {"!=", OP_NE, 2, 2, 0, 0},
    {"<", OP_LT, 2, 2, 0, 0},
    {"<=", OP_LE, 2, 2, 0, 0},
    {">", OP_GT, 2, 2, 0, 0},
    {">=", OP_GE, 2, 2, 0, 0},
    {"all", OP_ALL, 0, -1, MM_X_BOOL, MM_X_BOOL},
    {"any", OP_ANY, 0, -1, MM_X_BOOL, MM_X_BOOL},
    {"!", OP_NOT, 1, 1, MM_X_BOOL, MM_X_BOOL},
    {"in", OP_IN, 2, 2, 0, 0},
    {"match", OP_MATCH, 0, -1, 0, 0},
    {"case", OP_CASE, 0, -1, 0, 0},
    {"coalesce", OP_COALESCE, 1, -1, 0, 0},
    {"step", OP_STEP, 0, -1, 0, 0},
    {"interpolate", OP_INTERPOLATE, 0, -1, 0, 0},
    {"to-string", OP_TO_STRING, 1, 1, MM_X_ANY, MM_X_STRING},
    {"to-number", OP_TO_NUMBER, 1, -1, MM_X_ANY, MM_X_NUMBER},
    {"to-boolean", OP_TO_BOOLEAN, 1, 1, MM_X_ANY, MM_X_BOOL},
    {"to-color", OP_TO_COLOR, 1, -1, MM_X_ANY, MM_X_COLOR},
    {"concat", OP_CONCAT, 0, -1, MM_X_ANY, MM_X_STRING},
    {"upcase", OP_UPCASE, 1, 1, MM_X_STRING, MM_X_STRING},
    {"downcase", OP_DOWNCASE, 1, 1, MM_X_STRING, MM_X_STRING},
    {"number", OP_ASSERT, 1, -1, MM_X_NUMBER, MM_X_NUMBER},
    {"string", OP_ASSERT, 1, -1, MM_X_STRING, MM_X_STRING},
    {"boolean", OP_ASSERT, 1, -1, MM_X_BOOL, MM_X_BOOL},
};

/* MapLibre operators malimap does not implement: named as such, not as typos. */
static const char *const UNSUPPORTED[] = {
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "abs",
    "acos",
    "array",
    "asin",
    "at",
    "atan",
    "ceil",
    "collator",
    "cos",
    "distance",
    "e",
    "elevation",
    "feature-state",
    "floor",
    "format",
    "global-state",
    "heatmap-density",
    "id",
    "image",
    "index-of",
    "interpolate-hcl",
    "interpolate-lab",
    "is-supported-script",
    "length",
    "let",
    "line-progress",
    "ln",
    "ln2",
    "log10",
    "log2",
    "max",
    "min",
    "number-format",
    "object",
    "pi",
    "properties",
    "resolved-locale",
    "rgb",
    "rgba",
    "round",
    "sin",
    "slice",
    "split",
    "sqrt",
    "tan",
    "to-rgba",
    "typeof",
    "var",
    "within",
    "zoom",
};

static mm_xval eval(const node *nd, const ectx *c);
static node *compile(cctx *c, const mm_json *j, unsigned expect);

/* ---- values ---- */

static mm_xval x_null(void)
{
    return (mm_xval){.type = MM_X_NULL};
}

static mm_xval x_bool(bool b)
{
    return (mm_xval){.type = MM_X_BOOL, .u.b = b};
}

static mm_xval x_num(double v)
{
    return (mm_xval){.type = MM_X_NUMBER, .u.num = v};
}

static mm_xval x_str(const char *s)
{
    return (mm_xval){.type = MM_X_STRING, .u.str = s};
}

static mm_xval x_color(mm_rgba c)
{
    return (mm_xval){.type = MM_X_COLOR, .u.color = c};
}

static const char *type_name(unsigned bit)
{
    switch (bit) {
    case MM_X_NULL:
        return "null";
    case MM_X_BOOL:
        return "a boolean";
    case MM_X_NUMBER:
        return "a number";
    case MM_X_STRING:
        return "a string";
    case MM_X_COLOR:
        return "a colour";
    case MM_X_ARRAY:
        return "an array";
    default:
        return "an error";
    }
}

/* A type set in words: "a number", "a number or a string", "any value". */
static void type_phrase(unsigned set, char *buf, size_t n)
{
    static const unsigned order[] = {MM_X_NUMBER, MM_X_STRING, MM_X_BOOL,
                                     MM_X_COLOR,  MM_X_ARRAY,  MM_X_NULL};
    size_t count = 0, done = 0, len = 0;
    set &= MM_X_ANY;
    if (set == MM_X_ANY) {
        snprintf(buf, n, "any value");
        return;
    }
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        count += (set & order[k]) != 0;
    }
    buf[0] = '\0';
    for (size_t k = 0; k < sizeof order / sizeof order[0] && len < n; k++) {
        if (!(set & order[k])) {
            continue;
        }
        const char *sep = done == 0 ? "" : done + 1 == count ? " or " : ", ";
        int w = snprintf(buf + len, n - len, "%s%s", sep, type_name(order[k]));
        len += w > 0 ? (size_t)w : 0;
        done++;
    }
}

static bool xval_equal(mm_xval a, mm_xval b)
{
    if (a.type != b.type) {
        return false;
    }
    switch (a.type) {
    case MM_X_BOOL:
        return a.u.b == b.u.b;
    case MM_X_NUMBER:
        return a.u.num == b.u.num;
    case MM_X_STRING:
        return strcmp(a.u.str, b.u.str) == 0;
    case MM_X_COLOR:
        return a.u.color.r == b.u.color.r && a.u.color.g == b.u.color.g &&
               a.u.color.b == b.u.color.b && a.u.color.a == b.u.color.a;
    case MM_X_ARRAY:
        if (a.u.arr.n != b.u.arr.n) {
            return false;
        }
        for (size_t k = 0; k < a.u.arr.n; k++) {
            if (!xval_equal(a.u.arr.items[k], b.u.arr.items[k])) {
                return false;
            }
        }
        return true;
    default:
        return true;
    }
}

/* Total order on scalars (by type first) for the sorted key lists. */
static int xval_order(mm_xval a, mm_xval b)
{
    if (a.type != b.type) {
        return a.type < b.type ? -1 : 1;
    }
    switch (a.type) {
    case MM_X_BOOL:
        return (int)a.u.b - (int)b.u.b;
    case MM_X_NUMBER:
        return a.u.num < b.u.num ? -1 : a.u.num > b.u.num;
    case MM_X_STRING:
        return strcmp(a.u.str, b.u.str);
    default:
        return 0;
    }
}

static int key_cmp(const void *pa, const void *pb)
{
    const key *a = pa, *b = pb;
    int r = xval_order(a->v, b->v);
    if (r != 0) {
        return r;
    }
    return a->order < b->order ? -1 : a->order > b->order;
}

static const key *find_key(const key *keys, size_t n, mm_xval v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = xval_order(keys[mid].v, v);
        if (r == 0) {
            return &keys[mid];
        }
        if (r < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

/* ---- strings ---- */

/* A string being built in an arena (grows by copying; the arena is reset anyway). */
typedef struct sbuf {
    mm_arena *arena;
    char *p;
    size_t len;
    size_t cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        char *p = mm_arena_alloc(b->arena, cap);
        if (b->len) {
            memcpy(p, b->p, b->len);
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

size_t mm_expr_format_number(double v, char *buf, size_t n)
{
    char tmp[40], out[64];
    int w;
    if (isnan(v)) {
        w = snprintf(buf, n, "NaN");
        return w > 0 ? (size_t)w : 0;
    }
    if (isinf(v)) {
        w = snprintf(buf, n, "%s", v < 0 ? "-Infinity" : "Infinity");
        return w > 0 ? (size_t)w : 0;
    }
    if (v == 0) {
        w = snprintf(buf, n, "0");
        return w > 0 ? (size_t)w : 0;
    }
    /* the fewest significant digits that read back as exactly v */
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        if (strtod(tmp, NULL) == v) {
            break;
        }
    }
    const char *p = tmp;
    bool neg = *p == '-';
    p += neg;
    char dig[24];
    size_t nd = 0;
    while (*p != 'e' && nd < sizeof dig) {
        if (*p != '.') {
            dig[nd++] = *p;
        }
        p++;
    }
    long np = strtol(p + 1, NULL, 10) + 1; /* v = 0.d1d2… × 10^np */
    while (nd > 1 && dig[nd - 1] == '0') {
        nd--;
    }
    long k = (long)nd;
    size_t o = 0;
    if (neg) {
        out[o++] = '-';
    }
    /* the cases of ECMAScript's Number::toString */
    if (k <= np && np <= 21) {
        memcpy(out + o, dig, nd);
        o += nd;
        for (long z = 0; z < np - k; z++) {
            out[o++] = '0';
        }
    } else if (0 < np && np <= 21) {
        memcpy(out + o, dig, (size_t)np);
        o += (size_t)np;
        out[o++] = '.';
        memcpy(out + o, dig + np, nd - (size_t)np);
        o += nd - (size_t)np;
    } else if (-6 < np && np <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (long z = 0; z < -np; z++) {
            out[o++] = '0';
        }
        memcpy(out + o, dig, nd);
        o += nd;
    } else {
        out[o++] = dig[0];
        if (nd > 1) {
            out[o++] = '.';
            memcpy(out + o, dig + 1, nd - 1);
            o += nd - 1;
        }
        o += (size_t)snprintf(out + o, sizeof out - o, "e%c%ld", np - 1 < 0 ? '-' : '+',
                              labs(np - 1));
    }
    out[o] = '\0';
    w = snprintf(buf, n, "%s", out);
    return w > 0 ? (size_t)w : 0;
}

static int channel_255(double v)
{
    if (!(v > 0)) {
        return 0;
    }
    return v >= 1 ? 255 : (int)floor(v * 255 + 0.5);
}

static void put_json_string(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        char esc[8];
        if (ch == '"' || ch == '\\') {
            esc[0] = '\\';
            esc[1] = (char)ch;
            sb_put(b, esc, 2);
        } else if (ch < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            sb_puts(b, esc);
        } else {
            sb_put(b, s, 1);
        }
    }
    sb_put(b, "\"", 1);
}

/* Appends v as to-string shows it; inside arrays, as JSON. */
static void put_value(sbuf *b, mm_xval v, bool json)
{
    char tmp[96];
    switch (v.type) {
    case MM_X_NULL:
        sb_puts(b, json ? "null" : "");
        break;
    case MM_X_BOOL:
        sb_puts(b, v.u.b ? "true" : "false");
        break;
    case MM_X_NUMBER:
        mm_expr_format_number(v.u.num, tmp, sizeof tmp);
        sb_puts(b, tmp);
        break;
    case MM_X_STRING:
        if (json) {
            put_json_string(b, v.u.str);
        } else {
            sb_puts(b, v.u.str);
        }
        break;
    case MM_X_COLOR: {
        char a[40];
        mm_expr_format_number(v.u.color.a, a, sizeof a);
        snprintf(tmp, sizeof tmp, "rgba(%d,%d,%d,%s)", channel_255(v.u.color.r),
                 channel_255(v.u.color.g), channel_255(v.u.color.b), a);
        if (json) {
            put_json_string(b, tmp);
        } else {
            sb_puts(b, tmp);
        }
        break;
    }
    case MM_X_ARRAY:
        sb_put(b, "[", 1);
        for (size_t k = 0; k < v.u.arr.n; k++) {
            if (k) {
                sb_put(b, ",", 1);
            }
            put_value(b, v.u.arr.items[k], true);
        }
        sb_put(b, "]", 1);
        break;
    default:
        break;
    }
}

const char *mm_xval_to_string(mm_xval v, mm_arena *scratch)
{
    switch (v.type) {
    case MM_X_STRING:
        return v.u.str;
    case MM_X_BOOL:
        return v.u.b ? "true" : "false";
    case MM_X_NULL:
    case MM_X_ERROR:
        return "";
    default: {
        sbuf b = {scratch, NULL, 0, 0};
        put_value(&b, v, false);
        return b.p ? b.p : "";
    }
    }
}

/* Simple case mappings outside ASCII: Malian letters and a few others, as capital/small. */
static const unsigned CASE_PAIRS[][2] = {
    {0x181, 0x253}, {0x186, 0x254}, {0x189, 0x256}, {0x18a, 0x257}, {0x190, 0x25b},
    {0x194, 0x263}, {0x19d, 0x272}, {0x1b7, 0x292}, {0x178, 0xff},
};

/* Latin Extended-A: true when cp is a capital whose small letter is cp + 1. */
static bool ext_a_capital(unsigned cp)
{
    if ((cp >= 0x100 && cp <= 0x12f) || (cp >= 0x132 && cp <= 0x137) ||
        (cp >= 0x14a && cp <= 0x177)) {
        return cp % 2 == 0;
    }
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e)) {
        return cp % 2 == 1;
    }
    return false;
}

/*
 * Upper- or lower-cases one code point: ASCII, Latin-1, Latin Extended-A,
 * the Malian orthography letters, basic Greek and Cyrillic. Every mapping
 * keeps the UTF-8 length, so strings are converted in place.
 */
static unsigned case_map(unsigned cp, bool upper)
{
    for (size_t k = 0; k < sizeof CASE_PAIRS / sizeof CASE_PAIRS[0]; k++) {
        if (cp == CASE_PAIRS[k][upper ? 1 : 0]) {
            return CASE_PAIRS[k][upper ? 0 : 1];
        }
    }
    if (upper) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 0xe0 && cp <= 0xfe && cp != 0xf7) ||
            (cp >= 0x3b1 && cp <= 0x3c9 && cp != 0x3c2) || (cp >= 0x430 && cp <= 0x44f)) {
            return cp - 0x20;
        }
        if (cp == 0x3c2) {
            return 0x3a3; /* final sigma */
        }
        if (cp >= 0x450 && cp <= 0x45f) {
            return cp - 0x50;
        }
        return cp > 0x100 && ext_a_capital(cp - 1) ? cp - 1 : cp;
    }
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7) ||
        (cp >= 0x391 && cp <= 0x3a9 && cp != 0x3a2) || (cp >= 0x410 && cp <= 0x42f)) {
        return cp + 0x20;
    }
    if (cp >= 0x400 && cp <= 0x40f) {
        return cp + 0x50;
    }
    return ext_a_capital(cp) ? cp + 1 : cp;
}

static const char *change_case(const char *s, bool upper, mm_arena *scratch)
{
    size_t len = strlen(s);
    char *out = mm_arena_alloc(scratch, len + 1);
    size_t i = 0;
    while (i < len) {
        unsigned cp;
        size_t used = mm_utf8_decode(s + i, len - i, &cp);
        if (used == 0) {
            out[i] = s[i]; /* invalid byte: copied as it is */
            i++;
            continue;
        }
        char enc[4];
        size_t w = mm_utf8_encode(case_map(cp, upper), enc);
        memcpy(out + i, w == used ? enc : s + i, used);
        i += used;
    }
    out[len] = '\0';
    return out;
}

/*
 * JavaScript's Number(s): surrounding white space ignored, "" is 0, decimal
 * with optional sign and exponent, "Infinity", 0x/0o/0b integers.
 */
static bool js_number(const char *s, double *out)
{
    while (*s == ' ' || (*s >= '\t' && *s <= '\r')) {
        s++;
    }
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || (s[len - 1] >= '\t' && s[len - 1] <= '\r'))) {
        len--;
    }
    if (len == 0) {
        *out = 0;
        return true;
    }
    char tmp[128];
    if (len >= sizeof tmp) {
        return false;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    const char *p = tmp;
    if (p[0] == '0' &&
        (p[1] == 'x' || p[1] == 'X' || p[1] == 'o' || p[1] == 'O' || p[1] == 'b' || p[1] == 'B')) {
        int base = p[1] == 'x' || p[1] == 'X' ? 16 : p[1] == 'o' || p[1] == 'O' ? 8 : 2;
        double v = 0;
        if (p[2] == '\0') {
            return false;
        }
        for (p += 2; *p; p++) {
            int d = *p >= '0' && *p <= '9'   ? *p - '0'
                    : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
                    : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10
                                             : 99;
            if (d >= base) {
                return false;
            }
            v = v * base + d;
        }
        *out = v;
        return true;
    }
    bool neg = *p == '-';
    p += *p == '+' || *p == '-';
    if (strcmp(p, "Infinity") == 0) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (mm_expr_number_length(tmp) != len) {
        return false;
    }
    *out = strtod(tmp, NULL);
    return true;
}

/* ---- evaluation ---- */

static mm_xval fail(const ectx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A runtime error; the message is only formatted when someone will read it. */
static mm_xval fail(const ectx *c, const char *fmt, ...)
{
    mm_xval v = {.type = MM_X_ERROR, .u.str = NULL};
    if (c->msgs) {
        char buf[MSG_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        v.u.str = mm_arena_strdup(c->scratch, buf);
    }
    return v;
}

/* A value for an error message: strings quoted ('abc'); "" when no message is wanted. */
static const char *show(const ectx *c, mm_xval v)
{
    if (!c->msgs) {
        return "";
    }
    if (v.type == MM_X_STRING) {
        sbuf b = {c->scratch, NULL, 0, 0};
        sb_puts(&b, "'");
        sb_puts(&b, v.u.str);
        sb_puts(&b, "'");
        return b.p;
    }
    return v.type == MM_X_NULL ? "null" : mm_xval_to_string(v, c->scratch);
}

static mm_xval eval_get(const node *nd, const ectx *c)
{
    int col = c->cols ? c->cols[nd->slot] : -1;
    if (col < 0 || !c->fs) {
        return nd->op == OP_GET ? x_null() : x_bool(false);
    }
    mm_value v = mm_features_get(c->fs, c->i, col);
    if (nd->op == OP_HAS) {
        return x_bool(v.type != MM_VAL_NULL);
    }
    switch (v.type) {
    case MM_VAL_BOOL:
        return x_bool(v.u.b);
    case MM_VAL_NUMBER:
        return x_num(v.u.num);
    case MM_VAL_STRING:
        return x_str(v.u.str);
    default:
        return x_null();
    }
}

static mm_xval eval_geometry_type(const ectx *c)
{
    if (!c->fs) {
        return x_null();
    }
    switch (mm_features_geom(c->fs, c->i)->type) {
    case MM_GEOM_POINT:
        return x_str("Point");
    case MM_GEOM_LINE:
        return x_str("LineString");
    case MM_GEOM_POLYGON:
        return x_str("Polygon");
    default:
        return x_str("Unknown");
    }
}

static mm_xval eval_compare(const node *nd, const ectx *c)
{
    mm_xval a = eval(nd->args[0], c);
    if (a.type == MM_X_ERROR) {
        return a;
    }
    mm_xval b = eval(nd->args[1], c);
    if (b.type == MM_X_ERROR) {
        return b;
    }
    if (nd->op == OP_EQ || nd->op == OP_NE) {
        return x_bool(xval_equal(a, b) == (nd->op == OP_EQ));
    }
    if (a.type != b.type || !(a.type & (MM_X_NUMBER | MM_X_STRING))) {
        if (nd->legacy) {
            return x_bool(false);
        }
        return fail(c, "cannot compare %s with %s", type_name(a.type), type_name(b.type));
    }
    int r = a.type == MM_X_NUMBER ? (a.u.num < b.u.num ? -1 : a.u.num > b.u.num)
                                  : strcmp(a.u.str, b.u.str);
    switch (nd->op) {
    case OP_LT:
        return x_bool(r < 0);
    case OP_LE:
        return x_bool(r <= 0);
    case OP_GT:
        return x_bool(r > 0);
    default:
        return x_bool(r >= 0);
    }
}

/* Evaluates a node that must give a boolean (conditions of all, any, !, case). */
static mm_xval eval_bool(const node *nd, const ectx *c)
{
    mm_xval v = eval(nd, c);
    if (v.type != MM_X_BOOL && v.type != MM_X_ERROR) {
        return fail(c, "expected a boolean but found %s", type_name(v.type));
    }
    return v;
}

static mm_xval eval_in(const node *nd, const ectx *c)
{
    mm_xval needle = eval(nd->args[0], c);
    if (needle.type == MM_X_ERROR) {
        return needle;
    }
    if (!(needle.type & SCALAR)) {
        return fail(c, "expected a string, a number, a boolean or null but found %s",
                    type_name(needle.type));
    }
    if (nd->keyed) {
        return x_bool(find_key(nd->keys, nd->nkeys, needle) != NULL);
    }
    mm_xval hay = eval(nd->args[1], c);
    if (hay.type == MM_X_ERROR) {
        return hay;
    }
    if (hay.type == MM_X_ARRAY) {
        for (size_t k = 0; k < hay.u.arr.n; k++) {
            if (xval_equal(needle, hay.u.arr.items[k])) {
                return x_bool(true);
            }
        }
        return x_bool(false);
    }
    if (hay.type != MM_X_STRING) {
        return fail(c, "expected an array or a string but found %s", type_name(hay.type));
    }
    /* a substring test; other needles are searched for as JavaScript writes them */
    const char *s = needle.type == MM_X_NULL ? "null" : mm_xval_to_string(needle, c->scratch);
    return x_bool(strstr(hay.u.str, s) != NULL);
}

static mm_xval eval_case(const node *nd, const ectx *c)
{
    for (size_t k = 0; k + 1 < nd->n; k += 2) {
        mm_xval cond = eval_bool(nd->args[k], c);
        if (cond.type == MM_X_ERROR) {
            return cond;
        }
        if (cond.u.b) {
            return eval(nd->args[k + 1], c);
        }
    }
    return eval(nd->args[nd->n - 1], c);
}

/* Evaluates a node that must give a number (inputs of step and interpolate). */
static mm_xval eval_number(const node *nd, const ectx *c)
{
    mm_xval v = eval(nd, c);
    if (v.type != MM_X_NUMBER && v.type != MM_X_ERROR) {
        return fail(c, "expected a number but found %s", type_name(v.type));
    }
    return v;
}

/* Number of stops <= v (stops increase). */
static size_t stops_below(const double *stops, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (stops[mid] <= v) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static mm_xval lerp(const ectx *c, mm_xval a, mm_xval b, double t)
{
    if (a.type == MM_X_NUMBER && b.type == MM_X_NUMBER) {
        return x_num(a.u.num + t * (b.u.num - a.u.num));
    }
    if (a.type == MM_X_COLOR && b.type == MM_X_COLOR) {
        /* straight RGB, as MapLibre's default "rgb" interpolation */
        mm_rgba p = a.u.color, q = b.u.color;
        return x_color((mm_rgba){p.r + t * (q.r - p.r), p.g + t * (q.g - p.g),
                                 p.b + t * (q.b - p.b), p.a + t * (q.a - p.a)});
    }
    if (a.type == MM_X_ARRAY && b.type == MM_X_ARRAY && a.u.arr.n == b.u.arr.n) {
        mm_xval *items = mm_arena_array(c->scratch, a.u.arr.n ? a.u.arr.n : 1, sizeof *items);
        for (size_t k = 0; k < a.u.arr.n; k++) {
            mm_xval x = a.u.arr.items[k], y = b.u.arr.items[k];
            if (x.type != MM_X_NUMBER || y.type != MM_X_NUMBER) {
                return fail(c, "only arrays of numbers can be interpolated");
            }
            items[k] = x_num(x.u.num + t * (y.u.num - x.u.num));
        }
        mm_xval v = {.type = MM_X_ARRAY};
        v.u.arr.items = items;
        v.u.arr.n = a.u.arr.n;
        return v;
    }
    return fail(c, "cannot interpolate between %s and %s", type_name(a.type), type_name(b.type));
}

static mm_xval eval_interpolate(const node *nd, const ectx *c)
{
    mm_xval in = eval_number(nd->args[0], c);
    if (in.type == MM_X_ERROR) {
        return in;
    }
    size_t n = nd->n - 1; /* stops; outputs are args[1..n] */
    double v = in.u.num;
    if (!(v > nd->stops[0])) {
        return eval(nd->args[1], c); /* also for NaN */
    }
    if (v >= nd->stops[n - 1]) {
        return eval(nd->args[n], c);
    }
    size_t j = stops_below(nd->stops, n, v) - 1;
    double t = (v - nd->stops[j]) / (nd->stops[j + 1] - nd->stops[j]);
    mm_xval a = eval(nd->args[1 + j], c);
    if (a.type == MM_X_ERROR) {
        return a;
    }
    mm_xval b = eval(nd->args[2 + j], c);
    if (b.type == MM_X_ERROR) {
        return b;
    }
    return lerp(c, a, b, t);
}

static mm_xval eval_to_number(const node *nd, const ectx *c)
{
    mm_xval v = x_null();
    for (size_t k = 0; k < nd->n; k++) {
        v = eval(nd->args[k], c);
        double d;
        switch (v.type) {
        case MM_X_ERROR:
            return v;
        case MM_X_NULL:
            return x_num(0);
        case MM_X_BOOL:
            return x_num(v.u.b ? 1 : 0);
        case MM_X_NUMBER:
            return v;
        case MM_X_STRING:
            if (js_number(v.u.str, &d)) {
                return x_num(d);
            }
            break;
        default:
            break;
        }
    }
    return fail(c, "cannot convert %s to a number", show(c, v));
}

static mm_xval eval_to_boolean(const node *nd, const ectx *c)
{
    mm_xval v = eval(nd->args[0], c);
    switch (v.type) {
    case MM_X_ERROR:
    case MM_X_BOOL:
        return v;
    case MM_X_NULL:
        return x_bool(false);
    case MM_X_NUMBER:
        return x_bool(v.u.num != 0 && !isnan(v.u.num));
    case MM_X_STRING:
        return x_bool(v.u.str[0] != '\0');
    default:
        return x_bool(true);
    }
}

/* A colour from a string, or from [r, g, b] / [r, g, b, a] (0–255, alpha 0–1). */
static bool to_color(mm_xval v, mm_rgba *out)
{
    if (v.type == MM_X_COLOR) {
        *out = v.u.color;
        return true;
    }
    if (v.type == MM_X_STRING) {
        return mm_color_parse(v.u.str, out);
    }
    if (v.type != MM_X_ARRAY || (v.u.arr.n != 3 && v.u.arr.n != 4)) {
        return false;
    }
    double ch[4] = {0, 0, 0, 1};
    for (size_t k = 0; k < v.u.arr.n; k++) {
        mm_xval x = v.u.arr.items[k];
        double max = k == 3 ? 1 : 255;
        if (x.type != MM_X_NUMBER || !(x.u.num >= 0 && x.u.num <= max)) {
            return false;
        }
        ch[k] = x.u.num / max;
    }
    *out = (mm_rgba){ch[0], ch[1], ch[2], ch[3]};
    return true;
}

static mm_xval eval_to_color(const node *nd, const ectx *c)
{
    mm_xval v = x_null();
    for (size_t k = 0; k < nd->n; k++) {
        v = eval(nd->args[k], c);
        mm_rgba col;
        if (v.type == MM_X_ERROR) {
            return v;
        }
        if (to_color(v, &col)) {
            return x_color(col);
        }
    }
    return fail(c, "%s is not a colour", show(c, v));
}

static mm_xval eval_concat(const node *nd, const ectx *c)
{
    sbuf b = {c->scratch, NULL, 0, 0};
    for (size_t k = 0; k < nd->n; k++) {
        mm_xval v = eval(nd->args[k], c);
        if (v.type == MM_X_ERROR) {
            return v;
        }
        put_value(&b, v, false);
    }
    return x_str(b.p ? b.p : "");
}

/* OP_ASSERT: the first argument of the asserted type; OP_COERCE: the result, checked. */
static mm_xval eval_check(const node *nd, const ectx *c)
{
    mm_xval v = x_null();
    for (size_t k = 0; k < nd->n; k++) {
        v = eval(nd->args[k], c);
        if (v.type == MM_X_ERROR || (v.type & nd->accept)) {
            return v;
        }
    }
    mm_rgba col;
    if (nd->op == OP_COERCE && (nd->accept & MM_X_COLOR) && v.type == MM_X_STRING) {
        if (mm_color_parse(v.u.str, &col)) {
            return x_color(col);
        }
        return fail(c, "%s is not a colour", show(c, v));
    }
    char want[96];
    want[0] = '\0';
    if (c->msgs) {
        type_phrase(nd->accept, want, sizeof want);
    }
    return fail(c, "expected %s but found %s", want, type_name(v.type));
}

static mm_xval eval(const node *nd, const ectx *c)
{
    mm_xval v;
    switch (nd->op) {
    case OP_LITERAL:
        return nd->val;
    case OP_GET:
    case OP_HAS:
        return eval_get(nd, c);
    case OP_GEOMETRY_TYPE:
        return eval_geometry_type(c);
    case OP_EQ:
    case OP_NE:
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
        return eval_compare(nd, c);
    case OP_ALL:
    case OP_ANY:
        for (size_t k = 0; k < nd->n; k++) {
            v = eval_bool(nd->args[k], c);
            if (v.type == MM_X_ERROR || v.u.b == (nd->op == OP_ANY)) {
                return v;
            }
        }
        return x_bool(nd->op == OP_ALL);
    case OP_NOT:
        v = eval_bool(nd->args[0], c);
        return v.type == MM_X_ERROR ? v : x_bool(!v.u.b);
    case OP_IN:
        return eval_in(nd, c);
    case OP_MATCH: {
        v = eval(nd->args[0], c);
        if (v.type == MM_X_ERROR) {
            return v;
        }
        const key *k = find_key(nd->keys, nd->nkeys, v);
        return eval(nd->args[k ? k->out : nd->n - 1], c);
    }
    case OP_CASE:
        return eval_case(nd, c);
    case OP_COALESCE:
        v = x_null();
        for (size_t k = 0; k < nd->n && v.type == MM_X_NULL; k++) {
            v = eval(nd->args[k], c);
        }
        return v;
    case OP_STEP:
        v = eval_number(nd->args[0], c);
        if (v.type == MM_X_ERROR) {
            return v;
        }
        return eval(nd->args[1 + stops_below(nd->stops, nd->n - 2, v.u.num)], c);
    case OP_INTERPOLATE:
        return eval_interpolate(nd, c);
    case OP_TO_STRING:
        v = eval(nd->args[0], c);
        return v.type == MM_X_ERROR ? v : x_str(mm_xval_to_string(v, c->scratch));
    case OP_TO_NUMBER:
        return eval_to_number(nd, c);
    case OP_TO_BOOLEAN:
        return eval_to_boolean(nd, c);
    case OP_TO_COLOR:
        return eval_to_color(nd, c);
    case OP_CONCAT:
        return eval_concat(nd, c);
    case OP_UPCASE:
    case OP_DOWNCASE:
        v = eval(nd->args[0], c);
        if (v.type == MM_X_ERROR) {
            return v;
        }
        if (v.type != MM_X_STRING) {
            return fail(c, "expected a string but found %s", type_name(v.type));
        }
        return x_str(change_case(v.u.str, nd->op == OP_UPCASE, c->scratch));
    case OP_ASSERT:
    case OP_COERCE:
        return eval_check(nd, c);
    }
    return fail(c, "unknown node");
}

/* ---- compilation ---- */

static node *fail_pos(cctx *c, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static node *fail_pos(cctx *c, int line, int col, const char *fmt, ...)
{
    char msg[MM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mm_json_error(c->doc, line, col, c->err, MM_E_STYLE, "%s", msg);
    return NULL;
}

#define FAIL_AT(c, j, ...) fail_pos((c), (j)->line, (j)->col, __VA_ARGS__)

static node *type_error(cctx *c, const mm_json *at, unsigned accept, unsigned found)
{
    char a[96], f[96];
    type_phrase(accept, a, sizeof a);
    type_phrase(found, f, sizeof f);
    return FAIL_AT(c, at, "expected %s but found %s", a, f);
}

static node *new_node(cctx *c, opcode o, const mm_json *at, size_t n)
{
    node *nd = mm_arena_alloc(c->arena, sizeof *nd);
    memset(nd, 0, sizeof *nd);
    nd->op = o;
    nd->slot = -1;
    nd->n = n;
    nd->args = n ? mm_arena_array(c->arena, n, sizeof *nd->args) : NULL;
    nd->line = at->line;
    nd->col = at->col;
    return nd;
}

static node *literal_node(cctx *c, const mm_json *at, mm_xval v)
{
    node *nd = new_node(c, OP_LITERAL, at, 0);
    nd->val = v;
    nd->type = v.type;
    return nd;
}

static bool reads_feature(const node *nd)
{
    if (nd->op == OP_GET || nd->op == OP_HAS || nd->op == OP_GEOMETRY_TYPE) {
        return true;
    }
    for (size_t k = 0; k < nd->n; k++) {
        if (reads_feature(nd->args[k])) {
            return true;
        }
    }
    return false;
}

/*
 * Replaces a node whose arguments are all constants by its value. An error
 * there would happen for every feature, so it is reported now, as MapLibre
 * does ("cannot convert 'abc' to a number").
 */
static node *fold(cctx *c, node *nd)
{
    if (nd->op == OP_LITERAL || nd->op == OP_GET || nd->op == OP_HAS ||
        nd->op == OP_GEOMETRY_TYPE) {
        return nd;
    }
    for (size_t k = 0; k < nd->n; k++) {
        if (nd->args[k]->op != OP_LITERAL) {
            return nd;
        }
    }
    ectx ec = {NULL, NULL, 0, c->arena, true};
    mm_xval v = eval(nd, &ec);
    if (v.type == MM_X_ERROR) {
        return fail_pos(c, nd->line, nd->col, "%s", v.u.str ? v.u.str : "invalid expression");
    }
    node *lit = new_node(c, OP_LITERAL, &(mm_json){.line = nd->line, .col = nd->col}, 0);
    lit->val = v;
    lit->type = v.type;
    return lit;
}

/* A JSON value as a constant; a string where only a colour fits is parsed as one. */
static bool json_value(cctx *c, const mm_json *j, unsigned expect, mm_xval *out)
{
    switch (j->type) {
    case MM_JSON_NULL:
        *out = x_null();
        return true;
    case MM_JSON_BOOL:
        *out = x_bool(j->u.b);
        return true;
    case MM_JSON_NUMBER:
        *out = x_num(j->u.num);
        return true;
    case MM_JSON_STRING:
        if ((expect & MM_X_COLOR) && !(expect & MM_X_STRING)) {
            mm_rgba col;
            if (!mm_color_parse(j->u.str.s, &col)) {
                FAIL_AT(c, j, "'%s' is not a colour", j->u.str.s);
                return false;
            }
            *out = x_color(col);
            return true;
        }
        *out = x_str(mm_arena_strndup(c->arena, j->u.str.s, j->u.str.len));
        return true;
    case MM_JSON_ARRAY: {
        size_t n = j->u.arr.n;
        mm_xval *items = mm_arena_array(c->arena, n ? n : 1, sizeof *items);
        for (size_t k = 0; k < n; k++) {
            if (!json_value(c, j->u.arr.items[k], MM_X_ANY, &items[k])) {
                return false;
            }
        }
        *out = (mm_xval){.type = MM_X_ARRAY};
        out->u.arr.items = items;
        out->u.arr.n = n;
        return true;
    }
    case MM_JSON_OBJECT:
        break;
    }
    FAIL_AT(c, j, "objects are not supported as values");
    return false;
}

/*
 * Compiles an argument and checks that it can give one of the accepted types.
 * A string-typed result where only a colour fits is parsed when evaluated.
 */
static node *arg(cctx *c, const mm_json *j, unsigned accept)
{
    node *nd = compile(c, j, accept);
    if (!nd) {
        return NULL;
    }
    unsigned t = nd->type;
    bool to_col = (accept & MM_X_COLOR) && !(accept & MM_X_STRING) && (t & MM_X_STRING);
    if (!(t & accept) && !to_col) {
        return type_error(c, j, accept, t);
    }
    if (to_col) {
        node *co = new_node(c, OP_COERCE, j, 1);
        co->args[0] = nd;
        co->accept = accept;
        co->type = (t | MM_X_COLOR) & accept;
        return fold(c, co);
    }
    return nd;
}

static int prop_slot(cctx *c, const char *name)
{
    mm_expr *e = c->e;
    for (size_t k = 0; k < e->nprops; k++) {
        if (strcmp(e->props[k], name) == 0) {
            return (int)k;
        }
    }
    if (e->nprops == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 8;
        const char **props = mm_arena_array(c->arena, cap, sizeof *props);
        int *cols = mm_arena_array(c->arena, cap, sizeof *cols);
        if (e->nprops) {
            memcpy(props, e->props, e->nprops * sizeof *props);
            memcpy(cols, e->cols, e->nprops * sizeof *cols);
        }
        e->props = props;
        e->cols = cols;
        e->cap = cap;
    }
    e->props[e->nprops] = mm_arena_strdup(c->arena, name);
    e->cols[e->nprops] = -1;
    return (int)e->nprops++;
}

/* A property name: a string, or a constant expression giving one. */
static const char *prop_name(cctx *c, const mm_json *j)
{
    node *nd = arg(c, j, MM_X_STRING);
    if (!nd) {
        return NULL;
    }
    if (nd->op != OP_LITERAL || nd->val.type != MM_X_STRING) {
        FAIL_AT(c, j, "the property name must be a constant string");
        return NULL;
    }
    return nd->val.u.str;
}

static node *c_property(cctx *c, const mm_json *j, opcode o)
{
    const char *name = prop_name(c, j->u.arr.items[1]);
    if (!name) {
        return NULL;
    }
    node *nd = new_node(c, o, j, 0);
    nd->slot = prop_slot(c, name);
    nd->type = o == OP_GET ? MM_X_ANY : MM_X_BOOL;
    return nd;
}

static node *c_compare(cctx *c, const mm_json *j, opcode o)
{
    const mm_json *const *it = j->u.arr.items;
    bool eq = o == OP_EQ || o == OP_NE;
    unsigned accept = eq ? SCALAR : MM_X_NUMBER | MM_X_STRING;
    node *nd = new_node(c, o, j, 2);
    for (size_t k = 0; k < 2; k++) {
        nd->args[k] = arg(c, it[k + 1], accept);
        if (!nd->args[k]) {
            return NULL;
        }
    }
    unsigned ta = nd->args[0]->type & accept, tb = nd->args[1]->type & accept;
    if (!(ta & tb)) {
        char a[96], b[96];
        type_phrase(ta, a, sizeof a);
        type_phrase(tb, b, sizeof b);
        return FAIL_AT(c, it[2], "cannot compare %s with %s", a, b);
    }
    nd->type = MM_X_BOOL;
    return nd;
}

/* Arguments 1.. compiled with the same accepted types; the node's type is their union. */
static node *c_uniform(cctx *c, const mm_json *j, opcode o, unsigned accept)
{
    size_t n = j->u.arr.n - 1;
    node *nd = new_node(c, o, j, n);
    for (size_t k = 0; k < n; k++) {
        nd->args[k] = arg(c, j->u.arr.items[k + 1], accept);
        if (!nd->args[k]) {
            return NULL;
        }
        nd->type |= nd->args[k]->type;
    }
    return nd;
}

static void sort_keys(key *keys, size_t n)
{
    if (n > 1) {
        qsort(keys, n, sizeof *keys, key_cmp);
    }
}

/* The scalar items of a constant array, as sorted keys for OP_IN. */
static void set_keys(cctx *c, node *nd, const mm_xval *items, size_t n)
{
    key *keys = mm_arena_array(c->arena, n ? n : 1, sizeof *keys);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (items[k].type & SCALAR) {
            keys[m] = (key){.v = items[k], .order = k};
            m++;
        }
    }
    sort_keys(keys, m);
    nd->keys = keys;
    nd->nkeys = m;
    nd->keyed = true;
}

static node *c_in(cctx *c, const mm_json *j)
{
    node *nd = new_node(c, OP_IN, j, 2);
    nd->args[0] = arg(c, j->u.arr.items[1], SCALAR);
    nd->args[1] = nd->args[0] ? arg(c, j->u.arr.items[2], MM_X_ARRAY | MM_X_STRING) : NULL;
    if (!nd->args[1]) {
        return NULL;
    }
    const node *hay = nd->args[1];
    if (hay->op == OP_LITERAL && hay->val.type == MM_X_ARRAY) {
        set_keys(c, nd, hay->val.u.arr.items, hay->val.u.arr.n);
    }
    nd->type = MM_X_BOOL;
    return nd;
}

/* One match label: an integer or a string of the same kind as the others. */
static bool add_label(cctx *c, const mm_json *l, unsigned *kind, key *out)
{
    unsigned t = l->type == MM_JSON_NUMBER   ? MM_X_NUMBER
                 : l->type == MM_JSON_STRING ? MM_X_STRING
                                             : 0;
    if (!t) {
        FAIL_AT(c, l, "expected a number or a string but found %s", mm_json_type_name(l->type));
        return false;
    }
    if (!(t & *kind)) {
        type_error(c, l, *kind, t);
        return false;
    }
    *kind = t;
    if (t == MM_X_NUMBER && l->u.num != floor(l->u.num)) {
        char num[32];
        mm_expr_format_number(l->u.num, num, sizeof num);
        FAIL_AT(c, l, "numeric match labels must be integers, not %s", num);
        return false;
    }
    return json_value(c, l, MM_X_ANY, &out->v);
}

static node *c_match(cctx *c, const mm_json *j, unsigned expect)
{
    const mm_json *const *it = j->u.arr.items;
    size_t na = j->u.arr.n - 1;
    if (na < 4 || na % 2 != 0) {
        return FAIL_AT(c, j, "'match' needs an input, label/output pairs and a fallback");
    }
    size_t pairs = (na - 2) / 2, nlabels = 0;
    node *nd = new_node(c, OP_MATCH, j, pairs + 2);
    nd->args[0] = arg(c, it[1], MM_X_NUMBER | MM_X_STRING);
    if (!nd->args[0]) {
        return NULL;
    }
    for (size_t p = 0; p < pairs; p++) {
        const mm_json *l = it[2 + 2 * p];
        if (l->type == MM_JSON_ARRAY && l->u.arr.n == 0) {
            return FAIL_AT(c, l, "a match label array needs at least one label");
        }
        nlabels += l->type == MM_JSON_ARRAY ? l->u.arr.n : 1;
    }
    key *keys = mm_arena_array(c->arena, nlabels, sizeof *keys);
    unsigned kind = nd->args[0]->type & (MM_X_NUMBER | MM_X_STRING);
    size_t m = 0;
    for (size_t p = 0; p < pairs; p++) {
        const mm_json *l = it[2 + 2 * p];
        bool list = l->type == MM_JSON_ARRAY;
        for (size_t k = 0; k < (list ? l->u.arr.n : 1); k++) {
            const mm_json *one = list ? l->u.arr.items[k] : l;
            if (!add_label(c, one, &kind, &keys[m])) {
                return NULL;
            }
            keys[m].out = 1 + p;
            keys[m].order = m;
            keys[m].line = one->line;
            keys[m].col = one->col;
            m++;
        }
        nd->args[1 + p] = arg(c, it[3 + 2 * p], expect);
        if (!nd->args[1 + p]) {
            return NULL;
        }
        nd->type |= nd->args[1 + p]->type;
    }
    nd->args[pairs + 1] = arg(c, it[na], expect);
    if (!nd->args[pairs + 1]) {
        return NULL;
    }
    nd->type |= nd->args[pairs + 1]->type;
    sort_keys(keys, m);
    for (size_t k = 1; k < m; k++) {
        if (xval_order(keys[k - 1].v, keys[k].v) == 0) {
            char label[64];
            if (keys[k].v.type == MM_X_STRING) {
                snprintf(label, sizeof label, "'%s'", keys[k].v.u.str);
            } else {
                mm_expr_format_number(keys[k].v.u.num, label, sizeof label);
            }
            return fail_pos(c, keys[k].line, keys[k].col, "duplicate match label %s", label);
        }
    }
    nd->keys = keys;
    nd->nkeys = m;
    return nd;
}

static node *c_case(cctx *c, const mm_json *j, unsigned expect)
{
    size_t na = j->u.arr.n - 1;
    if (na < 3 || na % 2 == 0) {
        return FAIL_AT(c, j,
                       "'case' needs an odd number of arguments: condition/output pairs "
                       "and a fallback");
    }
    node *nd = new_node(c, OP_CASE, j, na);
    for (size_t k = 0; k < na; k++) {
        bool cond = k % 2 == 0 && k + 1 < na;
        nd->args[k] = arg(c, j->u.arr.items[k + 1], cond ? MM_X_BOOL : expect);
        if (!nd->args[k]) {
            return NULL;
        }
        nd->type |= cond ? 0 : nd->args[k]->type;
    }
    return nd;
}

/*
 * The stop inputs of step and interpolate: literal numbers, strictly
 * increasing, at items first, first + 2, … (count of them).
 */
static double *stop_inputs(cctx *c, const mm_json *j, size_t first, size_t count)
{
    double *stops = mm_arena_array(c->arena, count, sizeof *stops);
    for (size_t k = 0; k < count; k++) {
        const mm_json *s = j->u.arr.items[first + 2 * k];
        if (s->type == MM_JSON_ARRAY) {
            FAIL_AT(c, s, "stop inputs must be literal numbers, not expressions");
            return NULL;
        }
        if (s->type != MM_JSON_NUMBER) {
            type_error(c, s, MM_X_NUMBER,
                       s->type == MM_JSON_STRING ? MM_X_STRING
                       : s->type == MM_JSON_BOOL ? MM_X_BOOL
                                                 : MM_X_NULL);
            return NULL;
        }
        stops[k] = s->u.num;
        if (k > 0 && !(stops[k] > stops[k - 1])) {
            char a[32], b[32];
            mm_expr_format_number(stops[k], a, sizeof a);
            mm_expr_format_number(stops[k - 1], b, sizeof b);
            FAIL_AT(c, s, "stop inputs must increase, but %s follows %s", a, b);
            return NULL;
        }
    }
    return stops;
}

static node *c_step(cctx *c, const mm_json *j, unsigned expect)
{
    const mm_json *const *it = j->u.arr.items;
    size_t na = j->u.arr.n - 1;
    if (na < 4 || na % 2 != 0) {
        return FAIL_AT(c, j, "'step' needs an input, an output, then stop/output pairs");
    }
    size_t nstops = (na - 2) / 2;
    node *nd = new_node(c, OP_STEP, j, nstops + 2);
    nd->args[0] = arg(c, it[1], MM_X_NUMBER);
    if (!nd->args[0] || !(nd->stops = stop_inputs(c, j, 3, nstops))) {
        return NULL;
    }
    for (size_t k = 0; k <= nstops; k++) {
        nd->args[1 + k] = arg(c, it[2 + 2 * k], expect);
        if (!nd->args[1 + k]) {
            return NULL;
        }
        nd->type |= nd->args[1 + k]->type;
    }
    return nd;
}

/* ["linear"] (or ["exponential", 1], which is the same); others are reported. */
static bool interpolation_type(cctx *c, const mm_json *t)
{
    if (t->type != MM_JSON_ARRAY || t->u.arr.n == 0 || t->u.arr.items[0]->type != MM_JSON_STRING) {
        FAIL_AT(c, t, "expected an interpolation type such as [\"linear\"]");
        return false;
    }
    const char *name = t->u.arr.items[0]->u.str.s;
    size_t n = t->u.arr.n;
    if (strcmp(name, "linear") == 0 && n == 1) {
        return true;
    }
    if (strcmp(name, "exponential") == 0 && n == 2 && t->u.arr.items[1]->type == MM_JSON_NUMBER &&
        t->u.arr.items[1]->u.num == 1) {
        return true;
    }
    if (strcmp(name, "linear") == 0) {
        FAIL_AT(c, t, "[\"linear\"] takes no arguments");
    } else if (strcmp(name, "exponential") == 0 || strcmp(name, "cubic-bezier") == 0) {
        FAIL_AT(c, t, "only linear interpolation is supported, not '%s'", name);
    } else {
        FAIL_AT(c, t, "unknown interpolation type '%s'", name);
    }
    return false;
}

static node *c_interpolate(cctx *c, const mm_json *j, unsigned expect)
{
    const mm_json *const *it = j->u.arr.items;
    size_t na = j->u.arr.n - 1;
    if (na < 4 || na % 2 != 0) {
        return FAIL_AT(c, j,
                       "'interpolate' needs an interpolation type, an input, then "
                       "stop/output pairs");
    }
    if (!(expect & INTERPOLATABLE)) {
        return type_error(c, j, expect, INTERPOLATABLE);
    }
    if (!interpolation_type(c, it[1])) {
        return NULL;
    }
    size_t nstops = (na - 2) / 2;
    node *nd = new_node(c, OP_INTERPOLATE, j, nstops + 1);
    nd->args[0] = arg(c, it[2], MM_X_NUMBER);
    if (!nd->args[0] || !(nd->stops = stop_inputs(c, j, 3, nstops))) {
        return NULL;
    }
    unsigned common = expect & INTERPOLATABLE;
    const node *prev_array = NULL;
    for (size_t k = 0; k < nstops; k++) {
        const mm_json *o = it[4 + 2 * k];
        node *out = arg(c, o, common);
        if (!out) {
            return NULL;
        }
        if (!(out->type & common)) {
            return type_error(c, o, common, out->type);
        }
        common &= out->type;
        if (out->op == OP_LITERAL && out->val.type == MM_X_ARRAY) {
            for (size_t e = 0; e < out->val.u.arr.n; e++) {
                if (out->val.u.arr.items[e].type != MM_X_NUMBER) {
                    return FAIL_AT(c, o, "only arrays of numbers can be interpolated");
                }
            }
            if (prev_array && prev_array->val.u.arr.n != out->val.u.arr.n) {
                return FAIL_AT(c, o,
                               "arrays to interpolate must have the same length (%zu, not %zu)",
                               prev_array->val.u.arr.n, out->val.u.arr.n);
            }
            prev_array = out;
        }
        nd->args[1 + k] = out;
    }
    nd->type = common;
    return nd;
}

static const opdef *find_op(const char *name)
{
    for (size_t k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
        if (strcmp(OPS[k].name, name) == 0) {
            return &OPS[k];
        }
    }
    return NULL;
}

static bool all_scalars(const mm_json *j)
{
    for (size_t k = 0; k < j->u.arr.n; k++) {
        mm_json_type t = j->u.arr.items[k]->type;
        if (t == MM_JSON_ARRAY || t == MM_JSON_OBJECT) {
            return false;
        }
    }
    return true;
}

static bool is_unsupported(const char *name)
{
    for (size_t k = 0; k < sizeof UNSUPPORTED / sizeof UNSUPPORTED[0]; k++) {
        if (strcmp(UNSUPPORTED[k], name) == 0) {
            return true;
        }
    }
    return false;
}

/* The operator name is probably a misspelling of (NULL if none is close). */
static const char *suggest(const char *name)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX, len = strlen(name);
    for (size_t k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
        size_t d = mm_text_distance(name, OPS[k].name);
        if (d < best_d) {
            best_d = d;
            best = OPS[k].name;
        }
    }
    return best_d <= (len <= 4 ? 1u : 2u) && best_d < len ? best : NULL;
}

static node *unknown_op(cctx *c, const mm_json *j)
{
    const mm_json *opj = j->u.arr.items[0];
    const char *name = opj->u.str.s;
    if (is_unsupported(name)) {
        return FAIL_AT(c, opj, "the expression operator '%s' is not supported", name);
    }
    const char *best = suggest(name);
    if (best) {
        return FAIL_AT(c, opj, "unknown expression operator '%s' (did you mean '%s'?)", name, best);
    }
    if (all_scalars(j)) {
        return FAIL_AT(c, opj,
                       "unknown expression operator '%s' (write a list of strings as "
                       "[\"literal\", [...]])",
                       name);
    }
    return FAIL_AT(c, opj, "unknown expression operator '%s'", name);
}

static bool check_arity(cctx *c, const mm_json *j, const opdef *d, size_t na)
{
    if ((d->op == OP_GET || d->op == OP_HAS) && na == 2) {
        FAIL_AT(c, j->u.arr.items[2], "'%s' with an object argument is not supported", d->name);
        return false;
    }
    if (d->op >= OP_EQ && d->op <= OP_GE && na == 3) {
        FAIL_AT(c, j->u.arr.items[3], "collators are not supported");
        return false;
    }
    if (na >= (size_t)d->min && (d->max < 0 || na <= (size_t)d->max)) {
        return true;
    }
    if (d->min == d->max) {
        FAIL_AT(c, j, "'%s' takes %d argument%s, not %zu", d->name, d->min, d->min == 1 ? "" : "s",
                na);
    } else {
        FAIL_AT(c, j, "'%s' takes at least %d argument%s", d->name, d->min, d->min == 1 ? "" : "s");
    }
    return false;
}

static node *compile_op(cctx *c, const mm_json *j, const opdef *d, unsigned expect)
{
    node *nd;
    switch (d->op) {
    case OP_LITERAL: {
        mm_xval v;
        return json_value(c, j->u.arr.items[1], expect, &v) ? literal_node(c, j, v) : NULL;
    }
    case OP_GET:
    case OP_HAS:
        return c_property(c, j, d->op);
    case OP_GEOMETRY_TYPE:
        nd = new_node(c, OP_GEOMETRY_TYPE, j, 0);
        nd->type = MM_X_STRING;
        return nd;
    case OP_EQ:
    case OP_NE:
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
        return c_compare(c, j, d->op);
    case OP_IN:
        return c_in(c, j);
    case OP_MATCH:
        return c_match(c, j, expect);
    case OP_CASE:
        return c_case(c, j, expect);
    case OP_COALESCE:
        /* a null argument is allowed: it is what coalesce skips */
        return c_uniform(c, j, OP_COALESCE, expect | MM_X_NULL);
    case OP_STEP:
        return c_step(c, j, expect);
    case OP_INTERPOLATE:
        return c_interpolate(c, j, expect);
    default:
        nd = c_uniform(c, j, d->op, d->accept);
        if (nd) {
            nd->type = d->result;
            nd->accept = d->accept; /* OP_ASSERT lets its type through */
        }
        return nd;
    }
}

/*
 * Compiles j into a node; expect (the types the parent accepts) decides how
 * literal strings read (colours where only a colour fits) and is passed on to
 * the outputs of match, case, coalesce, step and interpolate.
 */
static node *compile(cctx *c, const mm_json *j, unsigned expect)
{
    if (j->type != MM_JSON_ARRAY || j->u.arr.n == 0 || j->u.arr.items[0]->type != MM_JSON_STRING) {
        /* a plain array (["literal", …] in MapLibre) is accepted for [2, 1] and alike */
        mm_xval v;
        return json_value(c, j, expect, &v) ? literal_node(c, j, v) : NULL;
    }
    const opdef *d = find_op(j->u.arr.items[0]->u.str.s);
    if (!d) {
        return unknown_op(c, j);
    }
    if (!check_arity(c, j, d, j->u.arr.n - 1)) {
        return NULL;
    }
    node *nd = compile_op(c, j, d, expect);
    return nd ? fold(c, nd) : NULL;
}

/* ---- legacy filters ---- */

static bool is_string(const mm_json *j, const char *s)
{
    return j->type == MM_JSON_STRING && strcmp(j->u.str.s, s) == 0;
}

static bool is_comparison(const char *op)
{
    return strcmp(op, "==") == 0 || strcmp(op, "!=") == 0 || strcmp(op, "<") == 0 ||
           strcmp(op, "<=") == 0 || strcmp(op, ">") == 0 || strcmp(op, ">=") == 0;
}

/* MapLibre's isExpressionFilter: which syntax a layer filter is written in. */
static bool is_expression_filter(const mm_json *j)
{
    if (j->type == MM_JSON_BOOL) {
        return true;
    }
    if (j->type != MM_JSON_ARRAY || j->u.arr.n == 0) {
        return false;
    }
    const mm_json *const *it = j->u.arr.items;
    size_t n = j->u.arr.n;
    if (it[0]->type != MM_JSON_STRING) {
        return true;
    }
    const char *op = it[0]->u.str.s;
    if (strcmp(op, "has") == 0) {
        return n >= 2 && !is_string(it[1], "$id") && !is_string(it[1], "$type");
    }
    if (strcmp(op, "in") == 0) {
        return n >= 3 && (it[1]->type != MM_JSON_STRING || it[2]->type == MM_JSON_ARRAY);
    }
    if (strcmp(op, "!in") == 0 || strcmp(op, "!has") == 0 || strcmp(op, "none") == 0) {
        return false;
    }
    if (is_comparison(op)) {
        return n != 3 || it[1]->type == MM_JSON_ARRAY || it[2]->type == MM_JSON_ARRAY;
    }
    if (strcmp(op, "any") == 0 || strcmp(op, "all") == 0) {
        for (size_t k = 1; k < n; k++) {
            if (!is_expression_filter(it[k]) && it[k]->type != MM_JSON_BOOL) {
                return false;
            }
        }
        return true;
    }
    return true;
}

static node *wrap_not(cctx *c, const mm_json *j, node *inner)
{
    if (!inner) {
        return NULL;
    }
    node *nd = new_node(c, OP_NOT, j, 1);
    nd->args[0] = inner;
    nd->type = MM_X_BOOL;
    return fold(c, nd);
}

/* The value a legacy filter tests: "$type" is the geometry type; there are no ids. */
static node *legacy_key(cctx *c, const mm_json *k)
{
    if (k->type != MM_JSON_STRING) {
        return FAIL_AT(c, k, "expected a property name (a string) but found %s",
                       mm_json_type_name(k->type));
    }
    const char *name = k->u.str.s;
    node *nd;
    if (strcmp(name, "$type") == 0) {
        nd = new_node(c, OP_GEOMETRY_TYPE, k, 0);
        nd->type = MM_X_STRING;
    } else if (strcmp(name, "$id") == 0) {
        nd = literal_node(c, k, x_null());
    } else {
        nd = new_node(c, OP_GET, k, 0);
        nd->slot = prop_slot(c, name);
        nd->type = MM_X_ANY;
    }
    return nd;
}

static node *legacy(cctx *c, const mm_json *j);

static node *legacy_combine(cctx *c, const mm_json *j, const char *op)
{
    size_t n = j->u.arr.n - 1;
    node *nd = new_node(c, strcmp(op, "all") == 0 ? OP_ALL : OP_ANY, j, n);
    nd->type = MM_X_BOOL;
    for (size_t k = 0; k < n; k++) {
        nd->args[k] = legacy(c, j->u.arr.items[k + 1]);
        if (!nd->args[k]) {
            return NULL;
        }
    }
    nd = fold(c, nd);
    return strcmp(op, "none") == 0 ? wrap_not(c, j, nd) : nd;
}

static node *legacy_in(cctx *c, const mm_json *j, bool negate)
{
    size_t n = j->u.arr.n;
    node *nd = new_node(c, OP_IN, j, 1);
    nd->type = MM_X_BOOL;
    nd->args[0] = legacy_key(c, j->u.arr.items[1]);
    if (!nd->args[0]) {
        return NULL;
    }
    mm_xval *values = mm_arena_array(c->arena, n, sizeof *values);
    for (size_t k = 2; k < n; k++) {
        if (!json_value(c, j->u.arr.items[k], MM_X_ANY, &values[k - 2])) {
            return NULL;
        }
    }
    set_keys(c, nd, values, n - 2);
    nd = fold(c, nd);
    return negate ? wrap_not(c, j, nd) : nd;
}

/* A legacy filter, or an expression where one is nested in all/any/none. */
static node *legacy(cctx *c, const mm_json *j)
{
    if (is_expression_filter(j)) {
        return arg(c, j, MM_X_BOOL);
    }
    if (j->type != MM_JSON_ARRAY || j->u.arr.n == 0 || j->u.arr.items[0]->type != MM_JSON_STRING) {
        return FAIL_AT(c, j, "expected a filter such as [\"==\", \"key\", value] but found %s",
                       mm_json_type_name(j->type));
    }
    const mm_json *const *it = j->u.arr.items;
    const char *op = it[0]->u.str.s;
    size_t na = j->u.arr.n - 1;
    if (strcmp(op, "all") == 0 || strcmp(op, "any") == 0 || strcmp(op, "none") == 0) {
        return legacy_combine(c, j, op);
    }
    bool neg = op[0] == '!';
    if (strcmp(op, "in") == 0 || strcmp(op, "!in") == 0) {
        if (na < 1) {
            return FAIL_AT(c, j, "'%s' needs a property name and values", op);
        }
        return legacy_in(c, j, neg);
    }
    if (strcmp(op, "has") == 0 || strcmp(op, "!has") == 0) {
        if (na != 1) {
            return FAIL_AT(c, j, "'%s' takes 1 argument, not %zu", op, na);
        }
        node *key_node = legacy_key(c, it[1]);
        if (!key_node) {
            return NULL;
        }
        node *nd = key_node;
        if (key_node->op == OP_GET) {
            nd->op = OP_HAS;
            nd->type = MM_X_BOOL;
        } else {
            /* every feature has a geometry type, none has an id */
            nd = literal_node(c, it[1], x_bool(key_node->op == OP_GEOMETRY_TYPE));
        }
        return neg ? wrap_not(c, j, nd) : nd;
    }
    /* a comparison with three elements and no array operand */
    static const struct {
        const char *name;
        opcode op;
    } cmp[] = {{"==", OP_EQ}, {"!=", OP_NE}, {"<", OP_LT},
               {"<=", OP_LE}, {">", OP_GT},  {">=", OP_GE}};
    node *nd = NULL;
    for (size_t k = 0; k < sizeof cmp / sizeof cmp[0]; k++) {
        if (strcmp(op, cmp[k].name) == 0) {
            nd = new_node(c, cmp[k].op, j, 2);
        }
    }
    if (!nd) {
        return FAIL_AT(c, it[0], "unknown filter operator '%s'", op);
    }
    mm_xval v;
    nd->legacy = true;
    nd->type = MM_X_BOOL;
    nd->args[0] = legacy_key(c, it[1]);
    if (!nd->args[0] || !json_value(c, it[2], MM_X_ANY, &v)) {
        return NULL;
    }
    nd->args[1] = literal_node(c, it[2], v);
    return fold(c, nd);
}

/* ---- public ---- */

static mm_expr *new_expr(mm_arena *arena)
{
    mm_expr *e = mm_arena_alloc(arena, sizeof *e);
    memset(e, 0, sizeof *e);
    return e;
}

/* The whole expression: its type must meet want; a broader one is checked when evaluated. */
static mm_status finish(cctx *c, node *root, const mm_json *j, unsigned want, mm_expr **out)
{
    if (!root) {
        return MM_E_STYLE;
    }
    unsigned t = root->type;
    bool to_col = (want & MM_X_COLOR) && !(want & MM_X_STRING) && (t & MM_X_STRING);
    if (!(t & want) && !to_col) {
        type_error(c, j, want, t);
        return MM_E_STYLE;
    }
    if (t & ~want) {
        node *co = new_node(c, OP_COERCE, j, 1);
        co->args[0] = root;
        co->accept = want;
        co->type = (t | (to_col ? MM_X_COLOR : 0)) & want;
        root = fold(c, co);
        if (!root) {
            return MM_E_STYLE;
        }
    }
    c->e->root = root;
    c->e->constant = !reads_feature(root);
    *out = c->e;
    return MM_OK;
}

/* A constant list such as ["Noto Sans Bold"] for text-font: strings not naming an operator. */
static bool is_plain_list(const mm_json *j)
{
    if (j->type != MM_JSON_ARRAY || j->u.arr.n == 0 || j->u.arr.items[0]->type != MM_JSON_STRING) {
        return false;
    }
    const char *first = j->u.arr.items[0]->u.str.s;
    return !find_op(first) && !is_unsupported(first) && !suggest(first) && all_scalars(j);
}

mm_status mm_expr_compile(mm_arena *arena, const mm_json_doc *doc, const mm_json *j, unsigned want,
                          mm_expr **out, mm_error *err)
{
    *out = NULL;
    want &= MM_X_ANY;
    if (!want) {
        want = MM_X_ANY;
    }
    cctx c = {arena, doc, err, new_expr(arena)};
    node *root;
    if ((want & MM_X_ARRAY) && is_plain_list(j)) {
        mm_xval v;
        root = json_value(&c, j, MM_X_ANY, &v) ? literal_node(&c, j, v) : NULL;
    } else {
        root = compile(&c, j, want);
    }
    return finish(&c, root, j, want, out);
}

mm_status mm_expr_compile_filter(mm_arena *arena, const mm_json_doc *doc, const mm_json *j,
                                 mm_expr **out, mm_error *err)
{
    *out = NULL;
    cctx c = {arena, doc, err, new_expr(arena)};
    node *root;
    if (j->type == MM_JSON_NULL) {
        root = literal_node(&c, j, x_bool(true));
    } else if (is_expression_filter(j)) {
        root = compile(&c, j, MM_X_BOOL);
    } else {
        root = legacy(&c, j);
    }
    return finish(&c, root, j, MM_X_BOOL, out);
}

unsigned mm_expr_type(const mm_expr *e)
{
    return e->root->type;
}

bool mm_expr_is_constant(const mm_expr *e)
{
    return e->constant;
}

void mm_expr_bind(mm_expr *e, const mm_features *fs)
{
    for (size_t k = 0; k < e->nprops; k++) {
        e->cols[k] = fs ? mm_features_field_index(fs, e->props[k]) : -1;
    }
}

mm_xval mm_expr_eval(const mm_expr *e, const mm_features *fs, size_t i, mm_arena *scratch)
{
    ectx c = {e->cols, fs, i, scratch, false};
    return eval(e->root, &c);
}

bool mm_expr_filter(const mm_expr *e, const mm_features *fs, size_t i, mm_arena *scratch)
{
    mm_xval v = mm_expr_eval(e, fs, i, scratch);
    return v.type == MM_X_BOOL && v.u.b;
}

const char *const *mm_expr_properties(const mm_expr *e, size_t *n)
{
    *n = e->nprops;
    return e->props;
}
