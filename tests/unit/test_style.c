/*
 * test_style.c — loading styles: what is accepted, the located error
 * messages for what is not, defaults, evaluation per feature.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "malimap/style.h"

static mm_style *load(const char *text, mm_error *err)
{
    mm_error_clear(err);
    mm_style *s = NULL;
    mm_style_parse("t.json", text, strlen(text), "shapes", &s, err);
    return s;
}

#define HEAD                                                                                       \
    "{\"version\": 8, \"sources\": {\"r\": {\"type\": \"geojson\", \"data\": "                     \
    "\"mali_adm1.shp\"}},\n"

static void test_valid_style(void)
{
    mm_error err;
    mm_style *s =
        load(HEAD "\"metadata\": {\"malimap:bounds\": [-12, 10, 4, 25], \"malimap:size\": "
                  "[800, 600], \"other:key\": 1},\n"
                  "\"layers\": [{\"id\": \"bg\", \"type\": \"background\", \"paint\": "
                  "{\"background-color\": \"#d6e4ec\"}},\n"
                  "{\"id\": \"f\", \"type\": \"fill\", \"source\": \"r\", \"filter\": "
                  "[\"==\", \"name\", \"Kidal\"], \"paint\": {\"fill-color\": \"red\", "
                  "\"fill-antialias\": true}},\n"
                  "{\"id\": \"l\", \"type\": \"line\", \"source\": \"r\", \"layout\": "
                  "{\"line-cap\": \"round\", \"visibility\": \"none\"}, \"paint\": "
                  "{\"line-width\": [\"step\", [\"get\", \"pop\"], 1, 10, 2]}}]}",
             &err);
    CHECK(s != NULL);
    if (!s) {
        printf("# %s\n", err.msg);
        return;
    }
    CHECK_INT(mm_style_layer_count(s), 3);
    CHECK_INT(mm_style_source_count(s), 1);
    CHECK_STR(mm_style_source_at(s, 0)->path, "shapes/mali_adm1.shp");
    const mm_style_settings *set = mm_style_settings_get(s);
    CHECK(set->has_bounds);
    CHECK_NEAR(set->bounds.minx, -12, 0);
    CHECK_INT(set->width_px, 800);
    CHECK_NEAR(set->territory_radius_km, 150, 0);
    const mm_style_layer *l = mm_style_layer_at(s, 2);
    CHECK(!l->visible);
    CHECK_STR(l->id, "l");

    /* evaluation with defaults */
    mm_features *fs = mm_features_create();
    mm_xy p = {0, 0};
    uint32_t parts[2] = {0, 1};
    size_t i = mm_features_add(fs, MM_GEOM_POINT, 1, parts, NULL, 1, &p);
    mm_features_set(fs, i, mm_features_add_field(fs, "name"), mm_value_string("Kidal"));
    mm_features_set(fs, i, mm_features_add_field(fs, "pop"), mm_value_number(25));
    mm_arena *a = mm_arena_create(0);
    for (size_t k = 0; k < 3; k++) {
        mm_style_bind(s, k, fs);
    }
    CHECK(mm_style_filter(mm_style_layer_at(s, 1), fs, 0, a));
    mm_rgba c = mm_style_color(mm_style_layer_at(s, 1), MM_P_FILL_COLOR, fs, 0, a);
    CHECK_NEAR(c.r, 1, 1e-9);
    CHECK_NEAR(c.g, 0, 1e-9);
    CHECK_NEAR(mm_style_number(l, MM_P_LINE_WIDTH, fs, 0, a), 2, 0);
    CHECK_NEAR(mm_style_number(l, MM_P_LINE_OPACITY, fs, 0, a), 1, 0); /* default */
    CHECK_STR(mm_style_string(l, MM_P_LINE_CAP, fs, 0, a), "round");
    CHECK_STR(mm_style_string(l, MM_P_LINE_JOIN, fs, 0, a), "miter"); /* default */
    CHECK(!mm_style_is_constant(l, MM_P_LINE_WIDTH));
    CHECK(mm_style_is_constant(l, MM_P_LINE_CAP));
    mm_arena_destroy(a);
    mm_features_destroy(fs);
    mm_style_destroy(s);
}

typedef struct bad_case {
    const char *text;
    int line, col;
    const char *msg;
} bad_case;

static void test_errors_are_located(void)
{
    static const bad_case cases[] = {
        {"{\"version\": 7, \"sources\": {}, \"layers\": []}", 1, 13, "\"version\" must be 8"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"fill\", \"source\": \"r\",\n"
              "  \"paint\": {\"fill-colour\": \"red\"}}]}",
         3, 13, "unknown paint property 'fill-colour' (did you mean 'fill-color'?)"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"polygon\", \"source\": \"r\"}]}", 2, 32,
         "unknown layer type 'polygon'; malimap draws background, fill, line, circle or symbol"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"fill\", \"source\": \"r\", \"paint\": "
              "{\"fill-color\": \"#12\"}}]}",
         2, 79, "'#12' is not a colour"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"line\", \"source\": \"r\", \"paint\": "
              "{\"line-cap\": \"round\"}}]}",
         2, 65, "'line-cap' is a layout property, not a paint property"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"fill\", \"source\": \"r\", \"paint\": "
              "{\"line-color\": \"red\"}}]}",
         2, 65, "'line-color' is not a property of fill layers"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"line\", \"source\": \"nope\"}]}", 2, 50,
         "layer 'a': source 'nope' is not defined in \"sources\""},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"line\", \"source\": \"r\", \"layout\": "
              "{\"line-cap\": \"rund\"}}]}",
         2, 78, "line-cap must be butt, round or square, not 'rund' (did you mean 'round'?)"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"line\", \"source\": \"r\", \"paint\": "
              "{\"line-width\": \"wide\"}}]}",
         2, 79, "expected a number but found a string"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"line\", \"source\": \"r\", \"paint\": "
              "{\"line-opacity\": 1.5}}]}",
         2, 81, "line-opacity must be from 0 to 1, not 1.5"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"background\"}, {\"id\": \"a\", \"type\": "
              "\"background\"}]}",
         2, 54, "duplicate layer id 'a'"},
        {"{\"version\": 8, \"sources\": {\"r\": {\"type\": \"geojson\", \"data\": "
         "\"nope.shp\"}}, \"layers\": []}",
         1, 61, "source 'r': cannot open 'nope.shp': No such file or directory"},
        {"{\"version\": 8, \"sources\": {\"r\": {\"type\": \"vector\", \"url\": \"x\"}}, "
         "\"layers\": []}",
         1, 42,
         "source 'r': only \"geojson\" sources are supported (their \"data\" may name a "
         ".shp, .geojson or .csv file)"},
        {"{\"version\": 8, \"sources\": {\"r\": {\"type\": \"geojson\", \"data\": "
         "\"malimap:place\"}}, \"layers\": []}",
         1, 61,
         "unknown computed source 'malimap:place' (did you mean 'places'?); malimap computes "
         "places, events, territory, changes, zones or graticule"},
        {HEAD "\"metadata\": {\"malimap:bound\": [1,2,3,4]}, \"layers\": []}", 2, 14,
         "unknown metadata key 'malimap:bound' (did you mean 'malimap:bounds'?)"},
        {HEAD "\"metadata\": {\"malimap:bounds\": [5, 5, 1, 1]}, \"layers\": []}", 2, 32,
         "malimap:bounds: west must be less than east and south less than north"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"fill\", \"source\": \"r\", \"filter\": "
              "[\"==\", [\"get\", \"x\"], 1, 2, 3]}]}",
         2, 65, "'==' takes 2 arguments, not 4"},
        {HEAD "\"layers\": [{\"id\": \"a\", \"type\": \"fill\", \"source\": \"r\", \"paint\": "
              "{\"fill-color\": [\"intepolate\", [\"linear\"], [\"get\", \"x\"], 0, \"red\", 1, "
              "\"blue\"]}}]}",
         2, 80, "unknown expression operator 'intepolate' (did you mean 'interpolate'?)"},
        {HEAD "\"layers\": [\n  {\"id\": \"a\", \"type\": \"fill\", \"source\": \"r\",,}]}", 3, 45,
         NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mm_error err;
        mm_style *s = load(cases[k].text, &err);
        CHECK(s == NULL);
        mm_style_destroy(s);
        if (err.status != MM_E_STYLE || err.line != cases[k].line || err.col != cases[k].col ||
            (cases[k].msg && strcmp(err.msg, cases[k].msg))) {
            mm_test_fail(__FILE__, __LINE__, "case %zu: got %d %ld:%ld '%s'", k, err.status,
                         err.line, err.col, err.msg);
        }
        CHECK(err.quote[0] != '\0');
        if (getenv("SHOW")) {
            printf("%zu: %ld:%ld %s\n  %s\n  %*s^\n", k, err.line, err.col, err.msg, err.quote,
                   (int)err.col - 1, "");
        }
    }
}

static void test_patterns(void)
{
    mm_error err;
    mm_style *s = load(HEAD "\"metadata\": {\"malimap:patterns\": {\"contested\": {\"type\": "
                            "\"hatch\", \"color\": [\"get\", \"c\"], \"background\": \"white\", "
                            "\"angle\": 30, \"spacing\": 8, \"width\": 3}}},\n"
                            "\"layers\": [{\"id\": \"a\", \"type\": \"fill\", \"source\": \"r\", "
                            "\"paint\": {\"fill-pattern\": \"contested\"}}]}",
                       &err);
    CHECK(s != NULL);
    if (!s) {
        return;
    }
    const mm_style_pattern *p = mm_style_pattern_find(s, "contested");
    CHECK(p != NULL);
    CHECK(p && p->angle_deg == 30 && p->spacing_px == 8 && p->width_px == 3);
    CHECK(mm_style_pattern_find(s, "nope") == NULL);
    mm_style_destroy(s);
}

static void test_bundled_styles_load(void)
{
    const char *paths[] = {"styles/default.json", "styles/article.json", "styles/print-bw.json"};
    for (size_t k = 0; k < 3; k++) {
        mm_error err;
        mm_error_clear(&err);
        mm_style *s = NULL;
        if (mm_style_load(paths[k], &s, &err) != MM_OK) {
            mm_test_fail(__FILE__, __LINE__, "%s: %ld:%ld %s", paths[k], err.line, err.col,
                         err.msg);
        }
        mm_style_destroy(s);
    }
}

MM_TESTS("style", {"valid_style", test_valid_style},
         {"errors_are_located", test_errors_are_located}, {"patterns", test_patterns},
         {"bundled_styles_load", test_bundled_styles_load})
