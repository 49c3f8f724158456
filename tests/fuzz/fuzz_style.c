/*
 * fuzz_style.c — the style parser and the expression evaluator. The input is
 * a style file parsed from memory; every layer is then bound to a small set of
 * features (a point, a line and a polygon with string, number, boolean and
 * missing properties) and its filter and every property evaluated on each,
 * through each typed accessor, with the fill patterns the layer names.
 */
#include "fuzz.h"
#include "malimap/style.h"

static mm_features *sample_features(void)
{
    mm_features *fs = mm_features_create();
    int name = mm_features_add_field(fs, "name");
    int rank = mm_features_add_field(fs, "rank");
    int flag = mm_features_add_field(fs, "flag");
    int controller = mm_features_add_field(fs, "controller");
    int age = mm_features_add_field(fs, "age_days");
    mm_features_add_field(fs, "empty");
    mm_xy pts[5] = {{-3, 16}, {-2, 16}, {-2, 17}, {-3, 17}, {-3, 16}};
    uint32_t one[2] = {0, 1}, line[2] = {0, 2}, ring[2] = {0, 5};
    uint8_t outer = 0;
    size_t a = mm_features_add(fs, MM_GEOM_POINT, 1, one, NULL, 1, pts);
    size_t b = mm_features_add(fs, MM_GEOM_LINE, 1, line, NULL, 2, pts);
    size_t c = mm_features_add(fs, MM_GEOM_POLYGON, 1, ring, &outer, 5, pts);
    mm_features_add(fs, MM_GEOM_NONE, 0, NULL, NULL, 0, NULL);
    mm_features_set(fs, a, name, mm_value_string("Timbuktu"));
    mm_features_set(fs, a, rank, mm_value_number(1));
    mm_features_set(fs, a, flag, mm_value_bool(true));
    mm_features_set(fs, a, controller, mm_value_string("JNIM"));
    mm_features_set(fs, a, age, mm_value_number(12.5));
    mm_features_set(fs, b, name, mm_value_string("Niger"));
    mm_features_set(fs, b, rank, mm_value_string("2"));
    mm_features_set(fs, b, flag, mm_value_bool(false));
    mm_features_set(fs, c, name, mm_value_string("Kidal région"));
    mm_features_set(fs, c, rank, mm_value_number(-1e308));
    mm_features_set(fs, c, controller, mm_value_string("#ff0000"));
    mm_features_set(fs, c, age, mm_value_number(1e9));
    return fs;
}

static void evaluate(mm_style *s, size_t li, const mm_features *fs, mm_arena *scratch)
{
    mm_style_bind(s, li, fs);
    const mm_style_layer *l = mm_style_layer_at(s, li);
    for (size_t i = 0; i < mm_features_count(fs); i++) {
        mm_style_filter(l, fs, i, scratch);
        for (int p = 0; p < MM_P__COUNT; p++) {
            mm_style_value(l, (mm_prop)p, fs, i, scratch);
            mm_style_number(l, (mm_prop)p, fs, i, scratch);
            mm_style_color(l, (mm_prop)p, fs, i, scratch);
            mm_style_bool(l, (mm_prop)p, fs, i, scratch);
            const char *str = mm_style_string(l, (mm_prop)p, fs, i, scratch);
            mm_style_is_constant(l, (mm_prop)p);
            if (p == MM_P_FILL_PATTERN && str) {
                const mm_style_pattern *pat = mm_style_pattern_find(s, str);
                if (pat) {
                    mm_expr_eval(pat->color, fs, i, scratch);
                    if (pat->background) {
                        mm_expr_eval(pat->background, fs, i, scratch);
                    }
                }
            }
            if (l->prop[p]) {
                size_t n;
                mm_expr_properties(l->prop[p], &n);
                mm_xval v = mm_expr_eval(l->prop[p], fs, i, scratch);
                mm_xval_to_string(v, scratch);
            }
        }
        mm_arena_reset(scratch);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mm_error err;
    mm_error_clear(&err);
    mm_style *s = NULL;
    /* relative to styles/, the bundled styles find their shapefiles (run from the top) */
    if (mm_style_parse("fuzz.json", (const char *)data, size, "styles", &s, &err) != MM_OK) {
        char line[2048];
        mm_error_format(&err, line, sizeof line);
        return 0;
    }
    mm_style_settings_get(s);
    mm_features *fs = sample_features();
    mm_features *empty = mm_features_create();
    mm_arena *scratch = mm_arena_create(0);
    for (size_t li = 0; li < mm_style_layer_count(s); li++) {
        evaluate(s, li, fs, scratch);
        evaluate(s, li, empty, scratch);
    }
    mm_arena_destroy(scratch);
    mm_features_destroy(empty);
    mm_features_destroy(fs);
    mm_style_destroy(s);
    return 0;
}
