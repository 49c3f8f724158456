/*
 * style.c — loads and validates MapLibre GL style files (a subset of version
 * 8) and evaluates their properties per feature. Part of style/: uses the
 * JSON tree (data/json.h) and expressions (expr.h). Every problem is reported
 * at its line and column before anything is drawn.
 */
#include "malimap/style.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "malimap/date.h"
#include "malimap/mem.h"
#include "malimap/text.h"

/* ---- the property table ---- */

typedef struct prop_def {
    const char *name;
    mm_layer_type layer;
    bool layout;
    unsigned type;             /* MM_X_* bits the value may have */
    mm_xval def;               /* type MM_X_NULL: no default (the property is off) */
    const char *const *values; /* allowed strings for enumerations */
} prop_def;

static const char *const CAPS[] = {"butt", "round", "square", NULL};
static const char *const JOINS[] = {"bevel", "round", "miter", NULL};
static const char *const ANCHORS[] = {"center",       "left",     "right",     "top",
                                      "bottom",       "top-left", "top-right", "bottom-left",
                                      "bottom-right", NULL};
static const char *const TRANSFORMS[] = {"none", "uppercase", "lowercase", NULL};
static const char *const PLACEMENTS[] = {"point", "line", "line-center", NULL};
static const char *const JUSTIFY[] = {"auto", "left", "center", "right", NULL};

#define L_BG MM_LAYER_BACKGROUND
#define L_FILL MM_LAYER_FILL
#define L_LINE MM_LAYER_LINE
#define L_CIRCLE MM_LAYER_CIRCLE
#define L_SYM MM_LAYER_SYMBOL
static const mm_xval FONT_DEFAULT[] = {{.type = MM_X_STRING, .u.str = "Noto Sans Regular"},
                                       {.type = MM_X_STRING, .u.str = "DejaVu Sans Book"}};
static const mm_xval ZERO2[] = {{.type = MM_X_NUMBER, .u.num = 0},
                                {.type = MM_X_NUMBER, .u.num = 0}};

#define D_NONE                                                                                     \
    {                                                                                              \
        .type = MM_X_NULL                                                                          \
    }
#define D_NUM(x)                                                                                   \
    {                                                                                              \
        .type = MM_X_NUMBER, .u.num = (x)                                                          \
    }
#define D_STR(x)                                                                                   \
    {                                                                                              \
        .type = MM_X_STRING, .u.str = (x)                                                          \
    }
#define D_BOOL(x)                                                                                  \
    {                                                                                              \
        .type = MM_X_BOOL, .u.b = (x)                                                              \
    }
#define D_BLACK                                                                                    \
    {                                                                                              \
        .type = MM_X_COLOR, .u.color = { 0, 0, 0, 1 }                                              \
    }
#define D_CLEAR                                                                                    \
    {                                                                                              \
        .type = MM_X_COLOR, .u.color = { 0, 0, 0, 0 }                                              \
    }
#define D_ARR(a)                                                                                   \
    {                                                                                              \
        .type = MM_X_ARRAY, .u.arr = {(a), sizeof(a) / sizeof((a)[0]) }                            \
    }

#define NUM MM_X_NUMBER
#define COL MM_X_COLOR
#define STR MM_X_STRING
#define BOOL MM_X_BOOL
#define ARR MM_X_ARRAY

static const prop_def PROPS[MM_P__COUNT] = {
    [MM_P_BACKGROUND_COLOR] = {"background-color", L_BG, false, COL, D_BLACK, NULL},
    [MM_P_BACKGROUND_OPACITY] = {"background-opacity", L_BG, false, NUM, D_NUM(1), NULL},
    [MM_P_FILL_COLOR] = {"fill-color", L_FILL, false, COL, D_BLACK, NULL},
    [MM_P_FILL_OPACITY] = {"fill-opacity", L_FILL, false, NUM, D_NUM(1), NULL},
    [MM_P_FILL_OUTLINE_COLOR] = {"fill-outline-color", L_FILL, false, COL, D_NONE, NULL},
    [MM_P_FILL_PATTERN] = {"fill-pattern", L_FILL, false, STR, D_NONE, NULL},
    [MM_P_FILL_SORT_KEY] = {"fill-sort-key", L_FILL, true, NUM, D_NONE, NULL},
    [MM_P_LINE_COLOR] = {"line-color", L_LINE, false, COL, D_BLACK, NULL},
    [MM_P_LINE_WIDTH] = {"line-width", L_LINE, false, NUM, D_NUM(1), NULL},
    [MM_P_LINE_OPACITY] = {"line-opacity", L_LINE, false, NUM, D_NUM(1), NULL},
    [MM_P_LINE_DASHARRAY] = {"line-dasharray", L_LINE, false, ARR, D_NONE, NULL},
    [MM_P_LINE_CAP] = {"line-cap", L_LINE, true, STR, D_STR("butt"), CAPS},
    [MM_P_LINE_JOIN] = {"line-join", L_LINE, true, STR, D_STR("miter"), JOINS},
    [MM_P_LINE_SORT_KEY] = {"line-sort-key", L_LINE, true, NUM, D_NONE, NULL},
    [MM_P_CIRCLE_RADIUS] = {"circle-radius", L_CIRCLE, false, NUM, D_NUM(5), NULL},
    [MM_P_CIRCLE_COLOR] = {"circle-color", L_CIRCLE, false, COL, D_BLACK, NULL},
    [MM_P_CIRCLE_OPACITY] = {"circle-opacity", L_CIRCLE, false, NUM, D_NUM(1), NULL},
    [MM_P_CIRCLE_STROKE_WIDTH] = {"circle-stroke-width", L_CIRCLE, false, NUM, D_NUM(0), NULL},
    [MM_P_CIRCLE_STROKE_COLOR] = {"circle-stroke-color", L_CIRCLE, false, COL, D_BLACK, NULL},
    [MM_P_CIRCLE_STROKE_OPACITY] = {"circle-stroke-opacity", L_CIRCLE, false, NUM, D_NUM(1), NULL},
    [MM_P_CIRCLE_SORT_KEY] = {"circle-sort-key", L_CIRCLE, true, NUM, D_NONE, NULL},
    [MM_P_SYMBOL_PLACEMENT] = {"symbol-placement", L_SYM, true, STR, D_STR("point"), PLACEMENTS},
    [MM_P_SYMBOL_SORT_KEY] = {"symbol-sort-key", L_SYM, true, NUM, D_NONE, NULL},
    [MM_P_TEXT_FIELD] = {"text-field", L_SYM, true, STR | NUM | BOOL | MM_X_NULL, D_STR(""), NULL},
    [MM_P_TEXT_FONT] = {"text-font", L_SYM, true, ARR, D_ARR(FONT_DEFAULT), NULL},
    [MM_P_TEXT_SIZE] = {"text-size", L_SYM, true, NUM, D_NUM(16), NULL},
    [MM_P_TEXT_ANCHOR] = {"text-anchor", L_SYM, true, STR, D_STR("center"), ANCHORS},
    [MM_P_TEXT_VARIABLE_ANCHOR] = {"text-variable-anchor", L_SYM, true, ARR, D_NONE, NULL},
    [MM_P_TEXT_OFFSET] = {"text-offset", L_SYM, true, ARR, D_ARR(ZERO2), NULL},
    [MM_P_TEXT_RADIAL_OFFSET] = {"text-radial-offset", L_SYM, true, NUM, D_NUM(0), NULL},
    [MM_P_TEXT_TRANSFORM] = {"text-transform", L_SYM, true, STR, D_STR("none"), TRANSFORMS},
    [MM_P_TEXT_PADDING] = {"text-padding", L_SYM, true, NUM, D_NUM(2), NULL},
    [MM_P_TEXT_ALLOW_OVERLAP] = {"text-allow-overlap", L_SYM, true, BOOL, D_BOOL(false), NULL},
    [MM_P_TEXT_IGNORE_PLACEMENT] = {"text-ignore-placement", L_SYM, true, BOOL, D_BOOL(false),
                                    NULL},
    [MM_P_TEXT_OPTIONAL] = {"text-optional", L_SYM, true, BOOL, D_BOOL(false), NULL},
    [MM_P_TEXT_LETTER_SPACING] = {"text-letter-spacing", L_SYM, true, NUM, D_NUM(0), NULL},
    [MM_P_TEXT_MAX_WIDTH] = {"text-max-width", L_SYM, true, NUM, D_NUM(10), NULL},
    [MM_P_TEXT_LINE_HEIGHT] = {"text-line-height", L_SYM, true, NUM, D_NUM(1.2), NULL},
    [MM_P_TEXT_JUSTIFY] = {"text-justify", L_SYM, true, STR, D_STR("center"), JUSTIFY},
    [MM_P_ICON_IMAGE] = {"icon-image", L_SYM, true, STR, D_NONE, NULL},
    [MM_P_ICON_SIZE] = {"icon-size", L_SYM, true, NUM, D_NUM(1), NULL},
    [MM_P_ICON_ALLOW_OVERLAP] = {"icon-allow-overlap", L_SYM, true, BOOL, D_BOOL(false), NULL},
    [MM_P_ICON_IGNORE_PLACEMENT] = {"icon-ignore-placement", L_SYM, true, BOOL, D_BOOL(false),
                                    NULL},
    [MM_P_ICON_OPTIONAL] = {"icon-optional", L_SYM, true, BOOL, D_BOOL(false), NULL},
    [MM_P_ICON_OFFSET] = {"icon-offset", L_SYM, true, ARR, D_ARR(ZERO2), NULL},
    [MM_P_TEXT_COLOR] = {"text-color", L_SYM, false, COL, D_BLACK, NULL},
    [MM_P_TEXT_OPACITY] = {"text-opacity", L_SYM, false, NUM, D_NUM(1), NULL},
    [MM_P_TEXT_HALO_COLOR] = {"text-halo-color", L_SYM, false, COL, D_CLEAR, NULL},
    [MM_P_TEXT_HALO_WIDTH] = {"text-halo-width", L_SYM, false, NUM, D_NUM(0), NULL},
    [MM_P_ICON_COLOR] = {"icon-color", L_SYM, false, COL, D_BLACK, NULL},
    [MM_P_ICON_OPACITY] = {"icon-opacity", L_SYM, false, NUM, D_NUM(1), NULL},
    [MM_P_ICON_HALO_COLOR] = {"icon-halo-color", L_SYM, false, COL, D_CLEAR, NULL},
    [MM_P_ICON_HALO_WIDTH] = {"icon-halo-width", L_SYM, false, NUM, D_NUM(0), NULL},
};

/* MapLibre properties malimap accepts but does not draw (a static map has no
 * use for them). They are valid, so a style written for MapLibre loads. */
static const char *const IGNORED[] = {"fill-antialias",
                                      "fill-translate",
                                      "fill-translate-anchor",
                                      "line-translate",
                                      "line-translate-anchor",
                                      "line-gap-width",
                                      "line-offset",
                                      "line-blur",
                                      "line-gradient",
                                      "line-pattern",
                                      "line-miter-limit",
                                      "line-round-limit",
                                      "circle-blur",
                                      "circle-translate",
                                      "circle-translate-anchor",
                                      "circle-pitch-scale",
                                      "circle-pitch-alignment",
                                      "text-halo-blur",
                                      "text-translate",
                                      "text-translate-anchor",
                                      "icon-halo-blur",
                                      "icon-translate",
                                      "icon-translate-anchor",
                                      "symbol-spacing",
                                      "symbol-avoid-edges",
                                      "symbol-z-order",
                                      "icon-rotation-alignment",
                                      "icon-text-fit",
                                      "icon-text-fit-padding",
                                      "icon-rotate",
                                      "icon-padding",
                                      "icon-keep-upright",
                                      "icon-pitch-alignment",
                                      "icon-anchor",
                                      "text-pitch-alignment",
                                      "text-rotation-alignment",
                                      "text-rotate",
                                      "text-keep-upright",
                                      "text-max-angle",
                                      "text-writing-mode",
                                      "text-variable-anchor-offset",
                                      "background-pattern",
                                      NULL};

static const char *const LAYER_TYPES[] = {"background", "fill", "line", "circle", "symbol", NULL};

static const char *const META_KEYS[] = {"malimap:crs",
                                        "malimap:bounds",
                                        "malimap:size",
                                        "malimap:dpi",
                                        "malimap:territory-radius-km",
                                        "malimap:territory-clip",
                                        "malimap:events-window",
                                        "malimap:graticule-step",
                                        "malimap:data",
                                        "malimap:patterns",
                                        "malimap:title",
                                        "malimap:subtitle",
                                        "malimap:legend",
                                        "malimap:scale-bar",
                                        "malimap:inset",
                                        "malimap:north-arrow",
                                        "malimap:credits",
                                        "malimap:palette",
                                        "malimap:margin",
                                        "malimap:panel-date",
                                        NULL};

static const char *const COMPUTED[] = {"places", "events",    "territory", "changes",
                                       "zones",  "graticule", NULL};

const char *mm_prop_name(mm_prop p)
{
    return p < MM_P__COUNT ? PROPS[p].name : "?";
}

/* ---- the style object ---- */

struct mm_style {
    mm_json_doc *doc;
    mm_arena *arena;
    char *path;
    char *dir;
    const char *name;
    mm_style_source *sources;
    size_t nsources;
    mm_style_layer *layers;
    size_t nlayers;
    mm_style_pattern *patterns;
    size_t npatterns;
    mm_style_settings settings;
    const mm_json *clip_json; /* where malimap:territory-clip is, for messages */
};

typedef struct loader {
    mm_style *s;
    const mm_json_doc *doc;
    mm_error *err;
} loader;

static mm_status fail_at(loader *ld, const mm_json *j, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static mm_status fail_at(loader *ld, const mm_json *j, const char *fmt, ...)
{
    char msg[MM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mm_json_error(ld->doc, j ? j->line : 1, j ? j->col : 1, ld->err, MM_E_STYLE, "%s", msg);
}

static mm_status fail_key(loader *ld, const mm_json_member *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static mm_status fail_key(loader *ld, const mm_json_member *m, const char *fmt, ...)
{
    char msg[MM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mm_json_error(ld->doc, m->line, m->col, ld->err, MM_E_STYLE, "%s", msg);
}

/* The closest name in a NULL-terminated list, if it is close enough to be a typo. */
static const char *suggest(const char *word, const char *const *names)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; names[i]; i++) {
        size_t d = mm_text_distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    size_t len = strlen(word);
    return best && best_d <= (len < 6 ? 1 : len / 3 + 1) ? best : NULL;
}

static const char *did_you_mean(char *buf, size_t n, const char *s)
{
    if (!s) {
        return "";
    }
    snprintf(buf, n, " (did you mean '%s'?)", s);
    return buf;
}

static const char *join_names(char *buf, size_t n, const char *const *names)
{
    size_t k = 0;
    buf[0] = '\0';
    size_t count = 0;
    while (names[count]) {
        count++;
    }
    for (size_t i = 0; i < count && k < n; i++) {
        int w = snprintf(buf + k, n - k, "%s%s",
                         i == 0           ? ""
                         : i + 1 == count ? " or "
                                          : ", ",
                         names[i]);
        if (w < 0) {
            break;
        }
        k += (size_t)w;
    }
    return buf;
}

static int find_prop(const char *name)
{
    for (int p = 0; p < MM_P__COUNT; p++) {
        if (!strcmp(PROPS[p].name, name)) {
            return p;
        }
    }
    return -1;
}

static bool in_list(const char *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++) {
        if (!strcmp(list[i], name)) {
            return true;
        }
    }
    return false;
}

/* ---- paths ---- */

/* Drops "dir/.." pairs from a joined path where dir is a real folder (not a
 * symbolic link, whose ".." would lead elsewhere), so messages name
 * "shapes/x.shp" rather than "styles/../shapes/x.shp". */
static void tidy(char *p)
{
    for (;;) {
        char *dots = strstr(p, "/../");
        if (!dots) {
            return;
        }
        char *start = dots;
        while (start > p && start[-1] != '/') {
            start--;
        }
        size_t seg = (size_t)(dots - start);
        if (seg == 0 || (seg == 2 && !strncmp(start, "..", 2)) || (seg == 1 && *start == '.')) {
            return;
        }
        char saved = *dots;
        *dots = '\0';
        struct stat st;
        bool real_dir = lstat(p, &st) == 0 && S_ISDIR(st.st_mode);
        *dots = saved;
        if (!real_dir) {
            return;
        }
        memmove(start, dots + 4, strlen(dots + 4) + 1);
    }
}

static char *resolve(loader *ld, const char *rel)
{
    if (rel[0] == '/' || !ld->s->dir[0]) {
        return mm_arena_strdup(ld->s->arena, rel);
    }
    size_t n = strlen(ld->s->dir) + strlen(rel) + 2;
    char *p = mm_arena_alloc(ld->s->arena, n);
    snprintf(p, n, "%s/%s", ld->s->dir, rel);
    tidy(p);
    return p;
}

static bool readable_file(const char *path, int *why)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        *why = errno;
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = EISDIR;
        return false;
    }
    return true;
}

/* ---- sources ---- */

static const char *extension(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

static mm_status load_sources(loader *ld, const mm_json *sources)
{
    if (!sources) {
        return fail_at(ld, mm_json_root(ld->doc), "the style has no \"sources\" object");
    }
    if (sources->type != MM_JSON_OBJECT) {
        return fail_at(ld, sources, "\"sources\" must be an object, not %s",
                       mm_json_type_name(sources->type));
    }
    mm_style *s = ld->s;
    s->sources =
        mm_arena_array(s->arena, sources->u.obj.n ? sources->u.obj.n : 1, sizeof *s->sources);
    for (size_t i = 0; i < sources->u.obj.n; i++) {
        const mm_json_member *m = &sources->u.obj.members[i];
        const mm_json *src = m->value;
        mm_style_source *out = &s->sources[s->nsources];
        memset(out, 0, sizeof *out);
        out->id = m->key;
        out->json = src;
        if (src->type != MM_JSON_OBJECT) {
            return fail_at(ld, src, "source '%s' must be an object", m->key);
        }
        const mm_json *type = mm_json_get(src, "type");
        if (!type) {
            return fail_at(ld, src, "source '%s' has no \"type\"", m->key);
        }
        if (type->type != MM_JSON_STRING || strcmp(type->u.str.s, "geojson") != 0) {
            return fail_at(ld, type,
                           "source '%s': only \"geojson\" sources are supported (their \"data\" "
                           "may name a .shp, .geojson or .csv file)",
                           m->key);
        }
        const mm_json *data = mm_json_get(src, "data");
        if (!data) {
            return fail_at(ld, src, "source '%s' has no \"data\"", m->key);
        }
        if (data->type != MM_JSON_STRING) {
            return fail_at(ld, data,
                           "source '%s': \"data\" must name a file (inline GeoJSON is not "
                           "supported)",
                           m->key);
        }
        const char *d = data->u.str.s;
        if (!strncmp(d, "malimap:", 8)) {
            if (!in_list(d + 8, COMPUTED)) {
                char names[256], hint[128];
                return fail_at(ld, data, "unknown computed source '%s'%s; malimap computes %s", d,
                               did_you_mean(hint, sizeof hint, suggest(d + 8, COMPUTED)),
                               join_names(names, sizeof names, COMPUTED));
            }
            out->kind = MM_SOURCE_COMPUTED;
            out->computed = d + 8;
        } else {
            const char *ext = extension(d);
            if (mm_text_casecmp(ext, "shp") && mm_text_casecmp(ext, "geojson") &&
                mm_text_casecmp(ext, "json") && mm_text_casecmp(ext, "csv")) {
                return fail_at(ld, data,
                               "source '%s': cannot read '%s': name a .shp, .geojson, .json or "
                               ".csv file",
                               m->key, d);
            }
            out->kind = MM_SOURCE_FILE;
            out->path = resolve(ld, d);
            int why = 0;
            if (!readable_file(out->path, &why)) {
                return fail_at(ld, data, "source '%s': cannot open '%s': %s", m->key, d,
                               strerror(why));
            }
        }
        s->nsources++;
    }
    return MM_OK;
}

static int source_index(const mm_style *s, const char *id)
{
    for (size_t i = 0; i < s->nsources; i++) {
        if (!strcmp(s->sources[i].id, id)) {
            return (int)i;
        }
    }
    return -1;
}

/* ---- properties ---- */

static mm_status check_enum(loader *ld, const prop_def *def, const mm_json *v)
{
    if (!def->values || v->type != MM_JSON_STRING) {
        return MM_OK;
    }
    if (in_list(v->u.str.s, def->values)) {
        return MM_OK;
    }
    char names[256], hint[128];
    return fail_at(ld, v, "%s must be %s, not '%s'%s", def->name,
                   join_names(names, sizeof names, def->values), v->u.str.s,
                   did_you_mean(hint, sizeof hint, suggest(v->u.str.s, def->values)));
}

static mm_status check_array_constant(loader *ld, mm_prop p, const mm_json *v)
{
    if (v->type != MM_JSON_ARRAY) {
        return MM_OK;
    }
    /* a list of font names or anchors never nests arrays; an expression does
     * (or starts with an operator, which other properties' constants never do) */
    bool nested = false;
    for (size_t i = 0; i < v->u.arr.n; i++) {
        nested |= v->u.arr.items[i]->type == MM_JSON_ARRAY;
    }
    bool names = p == MM_P_TEXT_FONT || p == MM_P_TEXT_VARIABLE_ANCHOR;
    if ((names && nested) || (!names && v->u.arr.n && v->u.arr.items[0]->type == MM_JSON_STRING)) {
        return MM_OK; /* an expression: checked by the compiler and at run time */
    }
    const char *name = PROPS[p].name;
    switch (p) {
    case MM_P_TEXT_FONT:
        for (size_t i = 0; i < v->u.arr.n; i++) {
            if (v->u.arr.items[i]->type != MM_JSON_STRING) {
                return fail_at(ld, v->u.arr.items[i], "%s must be an array of font names", name);
            }
        }
        if (v->u.arr.n == 0) {
            return fail_at(ld, v, "%s must name at least one font", name);
        }
        break;
    case MM_P_TEXT_VARIABLE_ANCHOR:
        for (size_t i = 0; i < v->u.arr.n; i++) {
            const mm_json *a = v->u.arr.items[i];
            if (a->type != MM_JSON_STRING) {
                return fail_at(ld, a, "%s must be an array of anchors", name);
            }
            mm_status st = check_enum(ld, &PROPS[MM_P_TEXT_ANCHOR], a);
            if (st != MM_OK) {
                return st;
            }
        }
        break;
    case MM_P_TEXT_OFFSET:
    case MM_P_ICON_OFFSET:
        if (v->u.arr.n != 2 || v->u.arr.items[0]->type != MM_JSON_NUMBER ||
            v->u.arr.items[1]->type != MM_JSON_NUMBER) {
            return fail_at(ld, v, "%s must be two numbers [x, y]", name);
        }
        break;
    case MM_P_LINE_DASHARRAY:
        if (v->u.arr.n > 8) {
            return fail_at(ld, v, "%s may have at most 8 lengths", name);
        }
        for (size_t i = 0; i < v->u.arr.n; i++) {
            const mm_json *a = v->u.arr.items[i];
            if (a->type != MM_JSON_NUMBER || a->u.num < 0) {
                return fail_at(ld, a, "%s must be non-negative numbers", name);
            }
        }
        break;
    default:
        break;
    }
    return MM_OK;
}

static mm_status check_range(loader *ld, mm_prop p, const mm_json *v)
{
    if (v->type != MM_JSON_NUMBER) {
        return MM_OK;
    }
    double x = v->u.num;
    const char *name = PROPS[p].name;
    switch (p) {
    case MM_P_BACKGROUND_OPACITY:
    case MM_P_FILL_OPACITY:
    case MM_P_LINE_OPACITY:
    case MM_P_CIRCLE_OPACITY:
    case MM_P_CIRCLE_STROKE_OPACITY:
    case MM_P_TEXT_OPACITY:
    case MM_P_ICON_OPACITY:
        if (x < 0 || x > 1) {
            return fail_at(ld, v, "%s must be from 0 to 1, not %g", name, x);
        }
        break;
    case MM_P_LINE_WIDTH:
    case MM_P_CIRCLE_RADIUS:
    case MM_P_CIRCLE_STROKE_WIDTH:
    case MM_P_TEXT_SIZE:
    case MM_P_TEXT_HALO_WIDTH:
    case MM_P_ICON_HALO_WIDTH:
    case MM_P_ICON_SIZE:
    case MM_P_TEXT_PADDING:
    case MM_P_TEXT_MAX_WIDTH:
        if (x < 0 || x > 1000) {
            return fail_at(ld, v, "%s must be from 0 to 1000, not %g", name, x);
        }
        break;
    default:
        break;
    }
    return MM_OK;
}

static mm_status compile_prop(loader *ld, mm_style_layer *l, mm_prop p, const mm_json *v)
{
    mm_status st = check_enum(ld, &PROPS[p], v);
    if (st == MM_OK) {
        st = check_array_constant(ld, p, v);
    }
    if (st == MM_OK) {
        st = check_range(ld, p, v);
    }
    if (st != MM_OK) {
        return st;
    }
    st = mm_expr_compile(ld->s->arena, ld->doc, v, PROPS[p].type, &l->prop[p], ld->err);
    if (st != MM_OK) {
        return st;
    }
    return MM_OK;
}

static const char *type_word(mm_layer_type t)
{
    return LAYER_TYPES[t];
}

static mm_status load_props(loader *ld, mm_style_layer *l, const mm_json *obj, bool layout)
{
    const char *block = layout ? "layout" : "paint";
    if (!obj) {
        return MM_OK;
    }
    if (obj->type != MM_JSON_OBJECT) {
        return fail_at(ld, obj, "\"%s\" must be an object", block);
    }
    for (size_t i = 0; i < obj->u.obj.n; i++) {
        const mm_json_member *m = &obj->u.obj.members[i];
        if (layout && !strcmp(m->key, "visibility")) {
            const mm_json *v = m->value;
            if (v->type != MM_JSON_STRING ||
                (strcmp(v->u.str.s, "visible") && strcmp(v->u.str.s, "none"))) {
                return fail_at(ld, v, "visibility must be \"visible\" or \"none\"");
            }
            l->visible = !strcmp(v->u.str.s, "visible");
            continue;
        }
        int p = find_prop(m->key);
        if (p < 0) {
            if (in_list(m->key, IGNORED)) {
                continue;
            }
            /* a typo of a property this layer type has? */
            const char *names[MM_P__COUNT + 1];
            size_t n = 0;
            for (int q = 0; q < MM_P__COUNT; q++) {
                if (PROPS[q].layer == l->type && PROPS[q].layout == layout) {
                    names[n++] = PROPS[q].name;
                }
            }
            names[n] = NULL;
            char hint[128];
            return fail_key(ld, m, "unknown %s property '%s'%s", block, m->key,
                            did_you_mean(hint, sizeof hint, suggest(m->key, names)));
        }
        if (PROPS[p].layer != l->type) {
            return fail_key(ld, m, "'%s' is not a property of %s layers", m->key,
                            type_word(l->type));
        }
        if (PROPS[p].layout != layout) {
            return fail_key(ld, m, "'%s' is a %s property, not a %s property", m->key,
                            layout ? "paint" : "layout", block);
        }
        mm_status st = compile_prop(ld, l, (mm_prop)p, m->value);
        if (st != MM_OK) {
            return st;
        }
    }
    return MM_OK;
}

/* ---- layers ---- */

static mm_status load_layer(loader *ld, const mm_json *j, mm_style_layer *l)
{
    mm_style *s = ld->s;
    memset(l, 0, sizeof *l);
    l->json = j;
    l->visible = true;
    l->source = -1;
    if (j->type != MM_JSON_OBJECT) {
        return fail_at(ld, j, "a layer must be an object");
    }
    const mm_json *id = mm_json_get(j, "id");
    if (!id || id->type != MM_JSON_STRING || !id->u.str.s[0]) {
        return fail_at(ld, id ? id : j, "a layer needs a non-empty string \"id\"");
    }
    l->id = id->u.str.s;
    for (size_t i = 0; i < s->nlayers; i++) {
        if (!strcmp(s->layers[i].id, l->id)) {
            return fail_at(ld, id, "duplicate layer id '%s'", l->id);
        }
    }
    const mm_json *type = mm_json_get(j, "type");
    if (!type || type->type != MM_JSON_STRING) {
        return fail_at(ld, type ? type : j, "layer '%s' needs a \"type\"", l->id);
    }
    int t = -1;
    for (int k = 0; LAYER_TYPES[k]; k++) {
        if (!strcmp(LAYER_TYPES[k], type->u.str.s)) {
            t = k;
        }
    }
    if (t < 0) {
        char names[128], hint[128];
        return fail_at(ld, type, "unknown layer type '%s'%s; malimap draws %s", type->u.str.s,
                       did_you_mean(hint, sizeof hint, suggest(type->u.str.s, LAYER_TYPES)),
                       join_names(names, sizeof names, LAYER_TYPES));
    }
    l->type = (mm_layer_type)t;
    const mm_json *source = mm_json_get(j, "source");
    if (l->type != MM_LAYER_BACKGROUND) {
        if (!source || source->type != MM_JSON_STRING) {
            return fail_at(ld, source ? source : j, "layer '%s' needs a \"source\"", l->id);
        }
        l->source = source_index(s, source->u.str.s);
        if (l->source < 0) {
            return fail_at(ld, source, "layer '%s': source '%s' is not defined in \"sources\"",
                           l->id, source->u.str.s);
        }
    }
    for (size_t i = 0; i < j->u.obj.n; i++) {
        const char *k = j->u.obj.members[i].key;
        static const char *const KNOWN[] = {"id",      "type",     "source", "source-layer",
                                            "filter",  "layout",   "paint",  "minzoom",
                                            "maxzoom", "metadata", NULL};
        if (!in_list(k, KNOWN)) {
            char hint[128];
            return fail_key(ld, &j->u.obj.members[i], "unknown layer member '%s'%s", k,
                            did_you_mean(hint, sizeof hint, suggest(k, KNOWN)));
        }
    }
    const mm_json *filter = mm_json_get(j, "filter");
    if (filter) {
        mm_status st = mm_expr_compile_filter(s->arena, ld->doc, filter, &l->filter, ld->err);
        if (st != MM_OK) {
            return st;
        }
    }
    mm_status st = load_props(ld, l, mm_json_get(j, "layout"), true);
    if (st == MM_OK) {
        st = load_props(ld, l, mm_json_get(j, "paint"), false);
    }
    return st;
}

static mm_status load_layers(loader *ld, const mm_json *layers)
{
    if (!layers) {
        return fail_at(ld, mm_json_root(ld->doc), "the style has no \"layers\" array");
    }
    if (layers->type != MM_JSON_ARRAY) {
        return fail_at(ld, layers, "\"layers\" must be an array");
    }
    mm_style *s = ld->s;
    s->layers = mm_arena_array(s->arena, layers->u.arr.n ? layers->u.arr.n : 1, sizeof *s->layers);
    for (size_t i = 0; i < layers->u.arr.n; i++) {
        mm_status st = load_layer(ld, layers->u.arr.items[i], &s->layers[s->nlayers]);
        if (st != MM_OK) {
            return st;
        }
        s->nlayers++;
    }
    return MM_OK;
}

/* ---- metadata ---- */

static mm_status number_in(loader *ld, const mm_json *v, double lo, double hi, const char *what,
                           double *out)
{
    if (!v || v->type != MM_JSON_NUMBER || !(v->u.num >= lo && v->u.num <= hi)) {
        return fail_at(ld, v, "%s must be a number from %g to %g", what, lo, hi);
    }
    *out = v->u.num;
    return MM_OK;
}

static mm_status load_patterns(loader *ld, const mm_json *pats)
{
    mm_style *s = ld->s;
    if (pats->type != MM_JSON_OBJECT) {
        return fail_at(ld, pats, "malimap:patterns must be an object of named patterns");
    }
    s->patterns = mm_arena_array(s->arena, pats->u.obj.n ? pats->u.obj.n : 1, sizeof *s->patterns);
    for (size_t i = 0; i < pats->u.obj.n; i++) {
        const mm_json_member *m = &pats->u.obj.members[i];
        const mm_json *p = m->value;
        mm_style_pattern *out = &s->patterns[s->npatterns];
        memset(out, 0, sizeof *out);
        out->name = m->key;
        out->angle_deg = 45;
        out->spacing_px = 6;
        out->width_px = 2;
        if (p->type != MM_JSON_OBJECT) {
            return fail_at(ld, p, "pattern '%s' must be an object", m->key);
        }
        const mm_json *type = mm_json_get(p, "type");
        if (!type || type->type != MM_JSON_STRING || strcmp(type->u.str.s, "hatch")) {
            return fail_at(ld, type ? type : p, "pattern '%s': \"type\" must be \"hatch\"", m->key);
        }
        const mm_json *color = mm_json_get(p, "color");
        if (!color) {
            return fail_at(ld, p, "pattern '%s' needs a \"color\"", m->key);
        }
        mm_status st = mm_expr_compile(s->arena, ld->doc, color, MM_X_COLOR, &out->color, ld->err);
        const mm_json *bg = mm_json_get(p, "background");
        if (st == MM_OK && bg) {
            st = mm_expr_compile(s->arena, ld->doc, bg, MM_X_COLOR, &out->background, ld->err);
        }
        const mm_json *v;
        if (st == MM_OK && (v = mm_json_get(p, "angle")) != NULL) {
            st = number_in(ld, v, -360, 360, "a pattern's angle", &out->angle_deg);
        }
        if (st == MM_OK && (v = mm_json_get(p, "spacing")) != NULL) {
            st = number_in(ld, v, 1, 200, "a pattern's spacing", &out->spacing_px);
        }
        if (st == MM_OK && (v = mm_json_get(p, "width")) != NULL) {
            st = number_in(ld, v, 0.1, 200, "a pattern's width", &out->width_px);
        }
        if (st != MM_OK) {
            return st;
        }
        s->npatterns++;
    }
    return MM_OK;
}

static mm_status data_file(loader *ld, const mm_json *data, const char *key, const char **out)
{
    const mm_json *v = mm_json_get(data, key);
    if (!v) {
        return MM_OK;
    }
    if (v->type != MM_JSON_STRING) {
        return fail_at(ld, v, "malimap:data \"%s\" must name a file", key);
    }
    *out = resolve(ld, v->u.str.s);
    int why = 0;
    if (!readable_file(*out, &why)) {
        return fail_at(ld, v, "cannot open '%s': %s", v->u.str.s, strerror(why));
    }
    return MM_OK;
}

static mm_status load_metadata(loader *ld, const mm_json *meta)
{
    mm_style_settings *set = &ld->s->settings;
    set->territory_radius_km = 150;
    set->events_window_days = 30;
    if (!meta) {
        return MM_OK;
    }
    if (meta->type != MM_JSON_OBJECT) {
        return fail_at(ld, meta, "\"metadata\" must be an object");
    }
    for (size_t i = 0; i < meta->u.obj.n; i++) {
        const mm_json_member *m = &meta->u.obj.members[i];
        if (strncmp(m->key, "malimap:", 8) != 0) {
            continue; /* other tools' metadata */
        }
        if (!in_list(m->key, META_KEYS)) {
            char hint[128];
            return fail_key(ld, m, "unknown metadata key '%s'%s", m->key,
                            did_you_mean(hint, sizeof hint, suggest(m->key, META_KEYS)));
        }
    }
    mm_status st = MM_OK;
    const mm_json *v;
    if ((v = mm_json_get(meta, "malimap:crs")) != NULL) {
        if (v->type != MM_JSON_STRING || !v->u.str.s[0]) {
            return fail_at(ld, v, "malimap:crs must be an EPSG code or PROJ string");
        }
        set->crs = v->u.str.s;
    }
    if ((v = mm_json_get(meta, "malimap:bounds")) != NULL) {
        double b[4] = {0};
        if (v->type != MM_JSON_ARRAY || v->u.arr.n != 4) {
            return fail_at(ld, v, "malimap:bounds must be [west, south, east, north] in degrees");
        }
        for (int k = 0; k < 4 && st == MM_OK; k++) {
            st = number_in(ld, v->u.arr.items[k], k % 2 ? -90 : -180, k % 2 ? 90 : 180,
                           k % 2 ? "a latitude" : "a longitude", &b[k]);
        }
        if (st != MM_OK) {
            return st;
        }
        if (b[0] >= b[2] || b[1] >= b[3]) {
            return fail_at(ld, v,
                           "malimap:bounds: west must be less than east and south less "
                           "than north");
        }
        set->has_bounds = true;
        set->bounds = (mm_bbox){b[0], b[1], b[2], b[3]};
    }
    if ((v = mm_json_get(meta, "malimap:size")) != NULL) {
        double w = 0, h = 0;
        if (v->type != MM_JSON_ARRAY || v->u.arr.n != 2) {
            return fail_at(ld, v, "malimap:size must be [width, height] in pixels");
        }
        st = number_in(ld, v->u.arr.items[0], 16, 20000, "a width", &w);
        if (st == MM_OK) {
            st = number_in(ld, v->u.arr.items[1], 16, 20000, "a height", &h);
        }
        if (st != MM_OK) {
            return st;
        }
        set->width_px = (int)w;
        set->height_px = (int)h;
    }
    if ((v = mm_json_get(meta, "malimap:dpi")) != NULL) {
        st = number_in(ld, v, 1, 10000, "malimap:dpi", &set->dpi);
    }
    if (st == MM_OK && (v = mm_json_get(meta, "malimap:territory-radius-km")) != NULL) {
        st = number_in(ld, v, 1, 5000, "malimap:territory-radius-km", &set->territory_radius_km);
    }
    if (st == MM_OK && (v = mm_json_get(meta, "malimap:graticule-step")) != NULL) {
        st = number_in(ld, v, 0.1, 90, "malimap:graticule-step", &set->graticule_step);
    }
    if (st == MM_OK && (v = mm_json_get(meta, "malimap:territory-clip")) != NULL) {
        if (v->type != MM_JSON_STRING) {
            return fail_at(ld, v, "malimap:territory-clip must name a source of polygons");
        }
        set->territory_clip = v->u.str.s;
        ld->s->clip_json = v;
    }
    if (st == MM_OK && (v = mm_json_get(meta, "malimap:events-window")) != NULL) {
        mm_duration d;
        if (v->type != MM_JSON_STRING || !mm_duration_parse(v->u.str.s, &d) ||
            d.unit != MM_DUR_DAY || d.count > 36600) {
            return fail_at(ld, v,
                           "malimap:events-window must be a number of days such as "
                           "\"30d\"");
        }
        set->events_window_days = d.count;
    }
    if (st == MM_OK && (v = mm_json_get(meta, "malimap:data")) != NULL) {
        if (v->type != MM_JSON_OBJECT) {
            return fail_at(ld, v, "malimap:data must be an object naming the dataset files");
        }
        static const char *const FILES[] = {"places", "control", "events", "actors", "zones", NULL};
        for (size_t i = 0; i < v->u.obj.n; i++) {
            if (!in_list(v->u.obj.members[i].key, FILES)) {
                char hint[128];
                return fail_key(
                    ld, &v->u.obj.members[i], "unknown dataset file '%s'%s",
                    v->u.obj.members[i].key,
                    did_you_mean(hint, sizeof hint, suggest(v->u.obj.members[i].key, FILES)));
            }
        }
        st = data_file(ld, v, "places", &set->data_places);
        if (st == MM_OK) {
            st = data_file(ld, v, "control", &set->data_control);
        }
        if (st == MM_OK) {
            st = data_file(ld, v, "events", &set->data_events);
        }
        if (st == MM_OK) {
            st = data_file(ld, v, "actors", &set->data_actors);
        }
        if (st == MM_OK) {
            st = data_file(ld, v, "zones", &set->data_zones);
        }
    }
    if (st == MM_OK && (v = mm_json_get(meta, "malimap:patterns")) != NULL) {
        st = load_patterns(ld, v);
    }
    return st;
}

/* ---- loading ---- */

static mm_status load_root(loader *ld)
{
    const mm_json *root = mm_json_root(ld->doc);
    if (root->type != MM_JSON_OBJECT) {
        return fail_at(ld, root, "a style must be a JSON object");
    }
    const mm_json *version = mm_json_get(root, "version");
    if (!version) {
        return fail_at(ld, root, "the style has no \"version\" (it must be 8)");
    }
    if (version->type != MM_JSON_NUMBER || version->u.num != 8) {
        return fail_at(ld, version, "\"version\" must be 8");
    }
    static const char *const ROOT_KEYS[] = {
        "version",    "name",       "metadata", "sources",        "layers", "glyphs", "sprite",
        "center",     "zoom",       "bearing",  "pitch",          "light",  "sky",    "terrain",
        "transition", "projection", "state",    "centerAltitude", "roll",   NULL};
    for (size_t i = 0; i < root->u.obj.n; i++) {
        const mm_json_member *m = &root->u.obj.members[i];
        if (!in_list(m->key, ROOT_KEYS)) {
            char hint[128];
            return fail_key(ld, m, "unknown style member '%s'%s", m->key,
                            did_you_mean(hint, sizeof hint, suggest(m->key, ROOT_KEYS)));
        }
    }
    const mm_json *name = mm_json_get(root, "name");
    if (name && name->type == MM_JSON_STRING) {
        ld->s->name = name->u.str.s;
    }
    mm_status st = load_metadata(ld, mm_json_get(root, "metadata"));
    if (st == MM_OK) {
        st = load_sources(ld, mm_json_get(root, "sources"));
    }
    if (st == MM_OK && ld->s->clip_json) {
        int k = source_index(ld->s, ld->s->settings.territory_clip);
        if (k < 0 || ld->s->sources[k].kind != MM_SOURCE_FILE) {
            st = fail_at(ld, ld->s->clip_json,
                         "malimap:territory-clip: '%s' is not a file source of this style",
                         ld->s->settings.territory_clip);
        }
    }
    if (st == MM_OK) {
        st = load_layers(ld, mm_json_get(root, "layers"));
    }
    return st;
}

mm_status mm_style_parse(const char *path, const char *text, size_t len, const char *dir,
                         mm_style **out, mm_error *err)
{
    mm_style *s = mm_calloc(1, sizeof *s);
    s->arena = mm_arena_create(0);
    s->path = mm_strdup(path);
    s->dir = mm_strdup(dir ? dir : "");
    mm_json_limits lim = {.max_depth = 64, .max_bytes = 16u << 20};
    mm_status st = mm_json_parse(path, text, len, &lim, &s->doc, err);
    if (st == MM_OK) {
        loader ld = {.s = s, .doc = s->doc, .err = err};
        st = load_root(&ld);
    }
    if (st != MM_OK) {
        if (st == MM_E_DATA) {
            err->status = MM_E_STYLE; /* a JSON syntax error in a style is a style error */
        }
        mm_style_destroy(s);
        return err->status ? err->status : st;
    }
    *out = s;
    return MM_OK;
}

mm_status mm_style_load(const char *path, mm_style **out, mm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return MM_ERR(err, MM_E_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    }
    mm_buf b;
    mm_buf_init(&b);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= (16u << 20)) {
        mm_buf_append(&b, chunk, got);
    }
    bool bad = ferror(f);
    fclose(f);
    mm_status st;
    if (bad) {
        st = MM_ERR(err, MM_E_IO, path, 0, 0, "cannot read: %s", strerror(errno));
    } else if (b.len > (16u << 20)) {
        st = MM_ERR(err, MM_E_LIMIT, path, 0, 0, "a style may not be larger than 16 MiB");
    } else {
        const char *slash = strrchr(path, '/');
        char *dir = slash ? mm_strndup(path, (size_t)(slash - path)) : mm_strdup("");
        if (slash == path) {
            mm_free(dir);
            dir = mm_strdup("/");
        }
        st = mm_style_parse(path, b.data ? b.data : "", b.len, dir, out, err);
        mm_free(dir);
    }
    mm_buf_fini(&b);
    return st;
}

void mm_style_destroy(mm_style *s)
{
    if (!s) {
        return;
    }
    mm_json_destroy(s->doc);
    mm_arena_destroy(s->arena);
    mm_free(s->path);
    mm_free(s->dir);
    mm_free(s);
}

const char *mm_style_name(const mm_style *s)
{
    return s->name;
}

const char *mm_style_path(const mm_style *s)
{
    return s->path;
}

const mm_json_doc *mm_style_doc(const mm_style *s)
{
    return s->doc;
}

size_t mm_style_source_count(const mm_style *s)
{
    return s->nsources;
}

const mm_style_source *mm_style_source_at(const mm_style *s, size_t i)
{
    return &s->sources[i];
}

size_t mm_style_layer_count(const mm_style *s)
{
    return s->nlayers;
}

const mm_style_layer *mm_style_layer_at(const mm_style *s, size_t i)
{
    return &s->layers[i];
}

const mm_style_pattern *mm_style_pattern_find(const mm_style *s, const char *name)
{
    for (size_t i = 0; i < s->npatterns; i++) {
        if (!strcmp(s->patterns[i].name, name)) {
            return &s->patterns[i];
        }
    }
    return NULL;
}

const mm_json *mm_style_meta(const mm_style *s, const char *key)
{
    return mm_json_get(mm_json_get(mm_json_root(s->doc), "metadata"), key);
}

const mm_style_settings *mm_style_settings_get(const mm_style *s)
{
    return &s->settings;
}

void mm_style_bind(mm_style *s, size_t layer, const mm_features *fs)
{
    mm_style_layer *l = &s->layers[layer];
    if (l->filter) {
        mm_expr_bind(l->filter, fs);
    }
    for (int p = 0; p < MM_P__COUNT; p++) {
        if (l->prop[p]) {
            mm_expr_bind(l->prop[p], fs);
        }
    }
    for (size_t i = 0; i < s->npatterns; i++) {
        mm_expr_bind(s->patterns[i].color, fs);
        if (s->patterns[i].background) {
            mm_expr_bind(s->patterns[i].background, fs);
        }
    }
}

bool mm_style_filter(const mm_style_layer *l, const mm_features *fs, size_t i, mm_arena *scratch)
{
    if (!l->filter) {
        return true;
    }
    mm_xval v = mm_expr_eval(l->filter, fs, i, scratch);
    return v.type == MM_X_BOOL && v.u.b;
}

mm_xval mm_style_value(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                       mm_arena *scratch)
{
    if (l->prop[p]) {
        mm_xval v = mm_expr_eval(l->prop[p], fs, i, scratch);
        bool ok = v.type != MM_X_ERROR && (v.type & PROPS[p].type);
        if (ok && PROPS[p].values && v.type == MM_X_STRING) {
            ok = in_list(v.u.str, PROPS[p].values);
        }
        if (ok) {
            return v;
        }
    }
    return PROPS[p].def;
}

double mm_style_number(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                       mm_arena *scratch)
{
    mm_xval v = mm_style_value(l, p, fs, i, scratch);
    return v.type == MM_X_NUMBER && isfinite(v.u.num) ? v.u.num : 0;
}

mm_rgba mm_style_color(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                       mm_arena *scratch)
{
    mm_xval v = mm_style_value(l, p, fs, i, scratch);
    if (v.type == MM_X_STRING) {
        mm_rgba c;
        if (mm_color_parse(v.u.str, &c)) {
            return c;
        }
        v = PROPS[p].def;
    }
    return v.type == MM_X_COLOR ? v.u.color : (mm_rgba){0, 0, 0, 0};
}

const char *mm_style_string(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                            mm_arena *scratch)
{
    mm_xval v = mm_style_value(l, p, fs, i, scratch);
    if (v.type == MM_X_NULL || v.type == MM_X_ARRAY) {
        return NULL;
    }
    const char *str = v.type == MM_X_STRING ? v.u.str : mm_xval_to_string(v, scratch);
    return str && str[0] ? str : NULL;
}

bool mm_style_bool(const mm_style_layer *l, mm_prop p, const mm_features *fs, size_t i,
                   mm_arena *scratch)
{
    mm_xval v = mm_style_value(l, p, fs, i, scratch);
    return v.type == MM_X_BOOL && v.u.b;
}

bool mm_style_is_constant(const mm_style_layer *l, mm_prop p)
{
    return !l->prop[p] || mm_expr_is_constant(l->prop[p]);
}
