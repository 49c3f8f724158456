/*
 * test_expr.c — style expressions: every operator, compile-time type checks
 * and their messages with line:col, legacy filters, constant detection,
 * binding to feature sets with different schemas, number formatting, and the
 * CSS colour parser. Expressions are written with ' for " to stay readable.
 */
#include <stdint.h>
#include <stdio.h>

#include "harness.h"
#include "malimap/expr.h"

typedef struct fx {
    mm_arena *arena;
    mm_arena *scratch;
    mm_json_doc *doc;
    mm_error err;
    char text[4096];
    char out[2048];
} fx;

static void fx_init(fx *f)
{
    memset(f, 0, sizeof *f);
    f->arena = mm_arena_create(0);
    f->scratch = mm_arena_create(0);
}

static void fx_fini(fx *f)
{
    mm_json_destroy(f->doc);
    mm_arena_destroy(f->arena);
    mm_arena_destroy(f->scratch);
}

/* Parses src (with ' standing for ") and compiles it; NULL on error (see f->err). */
static mm_expr *compile_as(fx *f, const char *src, unsigned want, bool filter)
{
    size_t n = strlen(src);
    if (n + 2 > sizeof f->text) {
        mm_test_fail(__FILE__, __LINE__, "expression too long");
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        f->text[k] = src[k] == '\'' ? '"' : src[k];
    }
    /* a newline, as a file has: json-c wants one after a bare number or true */
    memcpy(f->text + n, "\n", 2);
    mm_json_destroy(f->doc);
    f->doc = NULL;
    mm_error_clear(&f->err);
    if (mm_json_parse("t.json", f->text, strlen(f->text), NULL, &f->doc, &f->err) != MM_OK) {
        return NULL;
    }
    mm_expr *e = NULL;
    const mm_json *root = mm_json_root(f->doc);
    mm_status st = filter ? mm_expr_compile_filter(f->arena, f->doc, root, &e, &f->err)
                          : mm_expr_compile(f->arena, f->doc, root, want, &e, &f->err);
    if (st != MM_OK) {
        CHECK(e == NULL);
        CHECK_INT(st, MM_E_STYLE);
        return NULL;
    }
    return e;
}

static mm_expr *compile(fx *f, const char *src, unsigned want)
{
    return compile_as(f, src, want, false);
}

/* The error message of compiling src, "" if it compiled. */
static const char *compile_error(fx *f, const char *src, unsigned want)
{
    if (compile(f, src, want)) {
        return "";
    }
    mm_error_format(&f->err, f->out, sizeof f->out);
    return f->out;
}

/* A value in words: 'string', 12.5, true, null, rgba(…), [..], error. */
static const char *describe(fx *f, mm_xval v)
{
    switch (v.type) {
    case MM_X_ERROR:
        return "error";
    case MM_X_NULL:
        return "null";
    case MM_X_STRING:
        snprintf(f->out, sizeof f->out, "'%s'", v.u.str);
        return f->out;
    default:
        snprintf(f->out, sizeof f->out, "%s", mm_xval_to_string(v, f->scratch));
        return f->out;
    }
}

/* Compiles src, binds it to fs, evaluates it for feature i and describes the result. */
static const char *ev(fx *f, const char *src, unsigned want, const mm_features *fs, size_t i)
{
    mm_expr *e = compile(f, src, want);
    if (!e) {
        mm_error_format(&f->err, f->out, sizeof f->out);
        return f->out;
    }
    mm_expr_bind(e, fs);
    return describe(f, mm_expr_eval(e, fs, i, f->scratch));
}

/* A constant expression's value. */
static const char *cv(fx *f, const char *src, unsigned want)
{
    return ev(f, src, want, NULL, 0);
}

/* Which features of fs pass the filter, as "101"; or the compile error. */
static const char *filter_of(fx *f, const char *src, const mm_features *fs)
{
    mm_expr *e = compile_as(f, src, MM_X_BOOL, true);
    if (!e) {
        mm_error_format(&f->err, f->out, sizeof f->out);
        return f->out;
    }
    mm_expr_bind(e, fs);
    size_t n = mm_features_count(fs);
    for (size_t i = 0; i < n && i + 1 < sizeof f->out; i++) {
        f->out[i] = mm_expr_filter(e, fs, i, f->scratch) ? '1' : '0';
        f->out[i + 1] = '\0';
    }
    return f->out;
}

/*
 * Three features:
 *   0 Point       name Bamako  pop 2000000   flag true   kind city    code 1
 *   1 LineString  name Niger   pop (null)    flag false  kind river   code 2
 *   2 Polygon     name Mopti   pop 120000.5  flag (null) kind region  code "3"
 */
static mm_features *make_features(void)
{
    static const mm_xy pts[4] = {{0, 0}, {1, 0}, {1, 1}, {0, 0}};
    static const uint32_t p1[2] = {0, 1}, p2[2] = {0, 2}, p4[2] = {0, 4};
    mm_features *fs = mm_features_create();
    int name = mm_features_add_field(fs, "name");
    int pop = mm_features_add_field(fs, "pop");
    int flag = mm_features_add_field(fs, "flag");
    int kind = mm_features_add_field(fs, "kind");
    int code = mm_features_add_field(fs, "code");
    size_t a = mm_features_add(fs, MM_GEOM_POINT, 1, p1, NULL, 1, pts);
    size_t b = mm_features_add(fs, MM_GEOM_LINE, 1, p2, NULL, 2, pts);
    size_t c = mm_features_add(fs, MM_GEOM_POLYGON, 1, p4, NULL, 4, pts);
    mm_features_set(fs, a, name, mm_value_string("Bamako"));
    mm_features_set(fs, a, pop, mm_value_number(2000000));
    mm_features_set(fs, a, flag, mm_value_bool(true));
    mm_features_set(fs, a, kind, mm_value_string("city"));
    mm_features_set(fs, a, code, mm_value_number(1));
    mm_features_set(fs, b, name, mm_value_string("Niger"));
    mm_features_set(fs, b, flag, mm_value_bool(false));
    mm_features_set(fs, b, kind, mm_value_string("river"));
    mm_features_set(fs, b, code, mm_value_number(2));
    mm_features_set(fs, c, name, mm_value_string("Mopti"));
    mm_features_set(fs, c, pop, mm_value_number(120000.5));
    mm_features_set(fs, c, kind, mm_value_string("region"));
    mm_features_set(fs, c, code, mm_value_string("3"));
    return fs;
}

static void test_literals(void)
{
    fx f;
    fx_init(&f);
    CHECK_STR(cv(&f, "42", MM_X_NUMBER), "42");
    CHECK_STR(cv(&f, "'hello'", MM_X_STRING), "'hello'");
    CHECK_STR(cv(&f, "true", MM_X_BOOL), "true");
    CHECK_STR(cv(&f, "null", MM_X_ANY), "null");
    CHECK_STR(cv(&f, "[2, 1]", MM_X_ARRAY), "[2,1]");
    CHECK_STR(cv(&f, "[]", MM_X_ARRAY), "[]");
    CHECK_STR(cv(&f, "['literal', ['a', 'b']]", MM_X_ARRAY), "[\"a\",\"b\"]");
    CHECK_STR(cv(&f, "['literal', 'get']", MM_X_STRING), "'get'");
    /* a constant list of strings (text-font) is a value where an array is wanted */
    CHECK_STR(cv(&f, "['Noto Sans Bold', 'Noto Sans Regular']", MM_X_ARRAY),
              "[\"Noto Sans Bold\",\"Noto Sans Regular\"]");
    /* strings are colours where a colour is wanted */
    CHECK_STR(cv(&f, "'#ff0000'", MM_X_COLOR), "rgba(255,0,0,1)");
    CHECK_STR(cv(&f, "['literal', 'navy']", MM_X_COLOR), "rgba(0,0,128,1)");
    CHECK_STR(cv(&f, "'#ff0000'", MM_X_COLOR | MM_X_STRING), "'#ff0000'");
    mm_expr *e = compile(&f, "[0.5, 'a', null, true]", MM_X_ARRAY);
    CHECK(e && mm_expr_is_constant(e));
    CHECK(e && mm_expr_type(e) == MM_X_ARRAY);
    CHECK(compile(&f, "{'a': 1}", MM_X_ANY) == NULL);
    CHECK_STR(compile_error(&f, "{'a': 1}", MM_X_ANY),
              "t.json:1:1: error: objects are not supported as values");
    fx_fini(&f);
}

static void test_get_has_geometry_type(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    CHECK_STR(ev(&f, "['get', 'name']", MM_X_ANY, fs, 0), "'Bamako'");
    CHECK_STR(ev(&f, "['get', 'pop']", MM_X_ANY, fs, 2), "120000.5");
    CHECK_STR(ev(&f, "['get', 'pop']", MM_X_ANY, fs, 1), "null");
    CHECK_STR(ev(&f, "['get', 'flag']", MM_X_ANY, fs, 1), "false");
    CHECK_STR(ev(&f, "['get', 'nope']", MM_X_ANY, fs, 0), "null");
    CHECK_STR(ev(&f, "['get', ['concat', 'na', 'me']]", MM_X_ANY, fs, 1), "'Niger'");
    CHECK_STR(ev(&f, "['has', 'pop']", MM_X_BOOL, fs, 0), "true");
    CHECK_STR(ev(&f, "['has', 'pop']", MM_X_BOOL, fs, 1), "false");
    CHECK_STR(ev(&f, "['has', 'nope']", MM_X_BOOL, fs, 0), "false");
    CHECK_STR(ev(&f, "['geometry-type']", MM_X_STRING, fs, 0), "'Point'");
    CHECK_STR(ev(&f, "['geometry-type']", MM_X_STRING, fs, 1), "'LineString'");
    CHECK_STR(ev(&f, "['geometry-type']", MM_X_STRING, fs, 2), "'Polygon'");
    CHECK_STR(compile_error(&f, "['get', 'a', {'b': 1}]", MM_X_ANY),
              "t.json:1:14: error: 'get' with an object argument is not supported");
    CHECK_STR(compile_error(&f, "['get', ['get', 'a']]", MM_X_ANY),
              "t.json:1:9: error: the property name must be a constant string");
    CHECK_STR(compile_error(&f, "['get', 1]", MM_X_ANY),
              "t.json:1:9: error: expected a string but found a number");
    CHECK_STR(compile_error(&f, "['get']", MM_X_ANY),
              "t.json:1:1: error: 'get' takes 1 argument, not 0");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_comparisons(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    CHECK_STR(ev(&f, "['==', ['get', 'kind'], 'city']", MM_X_BOOL, fs, 0), "true");
    CHECK_STR(ev(&f, "['==', ['get', 'kind'], 'city']", MM_X_BOOL, fs, 1), "false");
    CHECK_STR(ev(&f, "['!=', ['get', 'kind'], 'city']", MM_X_BOOL, fs, 1), "true");
    /* == across types is false, not an error; null equals only null */
    CHECK_STR(ev(&f, "['==', ['get', 'code'], 3]", MM_X_BOOL, fs, 2), "false");
    CHECK_STR(ev(&f, "['==', ['get', 'code'], '3']", MM_X_BOOL, fs, 2), "true");
    CHECK_STR(ev(&f, "['==', ['get', 'pop'], null]", MM_X_BOOL, fs, 1), "true");
    CHECK_STR(ev(&f, "['==', ['get', 'pop'], null]", MM_X_BOOL, fs, 0), "false");
    CHECK_STR(ev(&f, "['!=', ['get', 'pop'], null]", MM_X_BOOL, fs, 0), "true");
    CHECK_STR(ev(&f, "['<', ['get', 'pop'], 1000000]", MM_X_BOOL, fs, 0), "false");
    CHECK_STR(ev(&f, "['<', ['get', 'pop'], 1000000]", MM_X_BOOL, fs, 2), "true");
    /* ordering a null or mixed types is an error at run time (a filter then excludes) */
    CHECK_STR(ev(&f, "['<', ['get', 'pop'], 1000000]", MM_X_BOOL, fs, 1), "error");
    CHECK_STR(ev(&f, "['>', ['get', 'code'], 0]", MM_X_BOOL, fs, 2), "error");
    CHECK_STR(ev(&f, "['<=', ['get', 'code'], 1]", MM_X_BOOL, fs, 0), "true");
    CHECK_STR(ev(&f, "['>=', ['get', 'code'], 2]", MM_X_BOOL, fs, 0), "false");
    CHECK_STR(ev(&f, "['>', ['get', 'name'], 'M']", MM_X_BOOL, fs, 1), "true");
    CHECK_STR(cv(&f, "['<', 'abc', 'abd']", MM_X_BOOL), "true");
    CHECK_STR(cv(&f, "['<=', 2, 2]", MM_X_BOOL), "true");
    CHECK_STR(cv(&f, "['>', 3, 2]", MM_X_BOOL), "true");
    CHECK_STR(cv(&f, "['>=', 1, 2]", MM_X_BOOL), "false");
    CHECK_STR(cv(&f, "['==', null, null]", MM_X_BOOL), "true");
    CHECK_STR(compile_error(&f, "['<', 1, 'a']", MM_X_BOOL),
              "t.json:1:10: error: cannot compare a number with a string");
    CHECK_STR(compile_error(&f, "['==', 1, null]", MM_X_BOOL),
              "t.json:1:11: error: cannot compare a number with null");
    CHECK_STR(compile_error(&f, "['<', ['get', 'a'], true]", MM_X_BOOL),
              "t.json:1:21: error: expected a number or a string but found a boolean");
    CHECK_STR(compile_error(&f, "['==', 'a', 'b', ['collator', {}]]", MM_X_BOOL),
              "t.json:1:18: error: collators are not supported");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_logic(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    CHECK_STR(cv(&f, "['all']", MM_X_BOOL), "true");
    CHECK_STR(cv(&f, "['any']", MM_X_BOOL), "false");
    CHECK_STR(cv(&f, "['all', true, false]", MM_X_BOOL), "false");
    CHECK_STR(cv(&f, "['any', false, true]", MM_X_BOOL), "true");
    CHECK_STR(cv(&f, "['!', false]", MM_X_BOOL), "true");
    CHECK_STR(ev(&f, "['all', ['get', 'flag'], ['has', 'pop']]", MM_X_BOOL, fs, 0), "true");
    CHECK_STR(ev(&f, "['any', ['get', 'flag'], ['has', 'pop']]", MM_X_BOOL, fs, 1), "false");
    CHECK_STR(ev(&f, "['!', ['get', 'flag']]", MM_X_BOOL, fs, 1), "true");
    /* a property that is not a boolean is an error; any stops at the first true */
    CHECK_STR(ev(&f, "['!', ['get', 'flag']]", MM_X_BOOL, fs, 2), "error");
    CHECK_STR(ev(&f, "['any', true, ['get', 'name']]", MM_X_BOOL, fs, 0), "true");
    CHECK_STR(ev(&f, "['all', true, ['get', 'name']]", MM_X_BOOL, fs, 0), "error");
    CHECK_STR(compile_error(&f, "['!', true, false]", MM_X_BOOL),
              "t.json:1:1: error: '!' takes 1 argument, not 2");
    CHECK_STR(compile_error(&f, "['all', true, 1]", MM_X_BOOL),
              "t.json:1:15: error: expected a boolean but found a number");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_in(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    const char *in_list = "['in', ['get', 'kind'], ['literal', ['city', 'region', 'town']]]";
    CHECK_STR(ev(&f, in_list, MM_X_BOOL, fs, 0), "true");
    CHECK_STR(ev(&f, in_list, MM_X_BOOL, fs, 1), "false");
    CHECK_STR(ev(&f, in_list, MM_X_BOOL, fs, 2), "true");
    /* numbers and strings are different values */
    const char *in_nums = "['in', ['get', 'code'], ['literal', [1, 3, 5]]]";
    CHECK_STR(ev(&f, in_nums, MM_X_BOOL, fs, 0), "true");
    CHECK_STR(ev(&f, in_nums, MM_X_BOOL, fs, 2), "false");
    CHECK_STR(ev(&f, "['in', ['get', 'pop'], ['literal', [null]]]", MM_X_BOOL, fs, 1), "true");
    /* a string haystack is a substring test */
    CHECK_STR(cv(&f, "['in', 'ak', 'Bamako']", MM_X_BOOL), "true");
    CHECK_STR(cv(&f, "['in', 'x', 'Bamako']", MM_X_BOOL), "false");
    CHECK_STR(ev(&f, "['in', 'ige', ['get', 'name']]", MM_X_BOOL, fs, 1), "true");
    CHECK_STR(ev(&f, "['in', 'ige', ['get', 'pop']]", MM_X_BOOL, fs, 0), "error");
    CHECK_STR(ev(&f, "['in', ['get', 'code'], 'a1b']", MM_X_BOOL, fs, 0), "true");
    CHECK_STR(compile_error(&f, "['in', 'a', 5]", MM_X_BOOL),
              "t.json:1:13: error: expected a string or an array but found a number");
    CHECK_STR(compile_error(&f, "['in', 'a', ['a', 'b']]", MM_X_BOOL),
              "t.json:1:14: error: unknown expression operator 'a' (write a list of strings as "
              "[\"literal\", [...]])");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_match(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    const char *m = "['match', ['get', 'kind'], ['city', 'town'], 1, 'river', 2, 0]";
    CHECK_STR(ev(&f, m, MM_X_NUMBER, fs, 0), "1");
    CHECK_STR(ev(&f, m, MM_X_NUMBER, fs, 1), "2");
    CHECK_STR(ev(&f, m, MM_X_NUMBER, fs, 2), "0");
    const char *num = "['match', ['get', 'code'], 1, 'one', [2, 3], 'two or three', 'other']";
    CHECK_STR(ev(&f, num, MM_X_STRING, fs, 0), "'one'");
    CHECK_STR(ev(&f, num, MM_X_STRING, fs, 1), "'two or three'");
    /* the string "3" is not the label 3: the fallback */
    CHECK_STR(ev(&f, num, MM_X_STRING, fs, 2), "'other'");
    const char *colors = "['match', ['get', 'kind'], 'city', 'red', 'river', '#00f', 'grey']";
    CHECK_STR(ev(&f, colors, MM_X_COLOR, fs, 1), "rgba(0,0,255,1)");
    CHECK_STR(ev(&f, colors, MM_X_COLOR, fs, 2), "rgba(128,128,128,1)");
    CHECK_STR(cv(&f, "['match', 'b', 'a', 1, 'b', 2, 3]", MM_X_NUMBER), "2");
    CHECK_STR(compile_error(&f, "['match', 'a', 'x', 1, ['y', 'x'], 2, 0]", MM_X_NUMBER),
              "t.json:1:30: error: duplicate match label 'x'");
    CHECK_STR(compile_error(&f, "['match', ['get', 'k'], 1, 1, 1, 2, 0]", MM_X_NUMBER),
              "t.json:1:31: error: duplicate match label 1");
    CHECK_STR(compile_error(&f, "['match', ['get', 'k'], 'a', 1, 2, 2, 0]", MM_X_NUMBER),
              "t.json:1:33: error: expected a string but found a number");
    CHECK_STR(compile_error(&f, "['match', ['to-string', 1], 1, 1, 0]", MM_X_NUMBER),
              "t.json:1:29: error: expected a string but found a number");
    CHECK_STR(compile_error(&f, "['match', ['get', 'k'], 1.5, 1, 0]", MM_X_NUMBER),
              "t.json:1:25: error: numeric match labels must be integers, not 1.5");
    CHECK_STR(compile_error(&f, "['match', ['get', 'k'], [], 1, 0]", MM_X_NUMBER),
              "t.json:1:25: error: a match label array needs at least one label");
    CHECK_STR(compile_error(&f, "['match', ['get', 'k'], 'a', 1]", MM_X_NUMBER),
              "t.json:1:1: error: 'match' needs an input, label/output pairs and a fallback");
    CHECK_STR(compile_error(&f, "['match', ['get', 'k'], 'a', '#12', 'red']", MM_X_COLOR),
              "t.json:1:30: error: '#12' is not a colour");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_case_coalesce(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    const char *c =
        "['case', ['==', ['get', 'kind'], 'city'], 'big', ['has', 'pop'], 'some', 'none']";
    CHECK_STR(ev(&f, c, MM_X_STRING, fs, 0), "'big'");
    CHECK_STR(ev(&f, c, MM_X_STRING, fs, 1), "'none'");
    CHECK_STR(ev(&f, c, MM_X_STRING, fs, 2), "'some'");
    CHECK_STR(cv(&f, "['case', false, 1, 2]", MM_X_NUMBER), "2");
    /* the condition must be a boolean at run time */
    CHECK_STR(ev(&f, "['case', ['get', 'name'], 1, 2]", MM_X_NUMBER, fs, 0), "error");
    CHECK_STR(compile_error(&f, "['case', true, 1]", MM_X_NUMBER),
              "t.json:1:1: error: 'case' needs an odd number of arguments: condition/output "
              "pairs and a fallback");
    CHECK_STR(compile_error(&f,
                            "[\n"
                            "  'case',\n"
                            "  ['get', 'flag'], 1,\n"
                            "  'x', 2,\n"
                            "  0\n"
                            "]",
                            MM_X_NUMBER),
              "t.json:4:3: error: expected a boolean but found a string");
    /* coalesce skips nulls */
    const char *co = "['coalesce', ['get', 'pop'], ['get', 'nope'], 7]";
    CHECK_STR(ev(&f, co, MM_X_NUMBER, fs, 0), "2000000");
    CHECK_STR(ev(&f, co, MM_X_NUMBER, fs, 1), "7");
    CHECK_STR(ev(&f, "['coalesce', ['get', 'nope'], ['get', 'pop']]", MM_X_ANY, fs, 1), "null");
    CHECK_STR(cv(&f, "['coalesce', null, 'a', 'b']", MM_X_STRING), "'a'");
    CHECK_STR(compile_error(&f, "['coalesce']", MM_X_ANY),
              "t.json:1:1: error: 'coalesce' takes at least 1 argument");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_step(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    const char *s = "['step', ['get', 'code'], 'low', 2, 'mid', 3, 'high']";
    CHECK_STR(ev(&f, s, MM_X_STRING, fs, 0), "'low'"); /* below the first stop */
    CHECK_STR(ev(&f, s, MM_X_STRING, fs, 1), "'mid'"); /* exactly at a stop */
    CHECK_STR(ev(&f, s, MM_X_STRING, fs, 2), "error"); /* "3" is a string */
    CHECK_STR(cv(&f, "['step', 99, 'low', 2, 'mid', 3, 'high']", MM_X_STRING), "'high'");
    CHECK_STR(cv(&f, "['step', 2.5, 0, 1, 10, 2, 20, 3, 30]", MM_X_NUMBER), "20");
    CHECK_STR(compile_error(&f, "['step', 5, 0, 10, 1, 10, 2]", MM_X_NUMBER),
              "t.json:1:23: error: stop inputs must increase, but 10 follows 10");
    CHECK_STR(compile_error(&f, "['step', 5, 0, 10, 1, 3, 2]", MM_X_NUMBER),
              "t.json:1:23: error: stop inputs must increase, but 3 follows 10");
    CHECK_STR(compile_error(&f, "['step', 5, 0, '10', 1]", MM_X_NUMBER),
              "t.json:1:16: error: expected a number but found a string");
    CHECK_STR(compile_error(&f, "['step', 5, 0, ['get', 'a'], 1]", MM_X_NUMBER),
              "t.json:1:16: error: stop inputs must be literal numbers, not expressions");
    CHECK_STR(compile_error(&f, "['step', 5, 0]", MM_X_NUMBER),
              "t.json:1:1: error: 'step' needs an input, an output, then stop/output pairs");
    CHECK_STR(compile_error(&f, "['step', 'a', 0, 1, 1]", MM_X_NUMBER),
              "t.json:1:10: error: expected a number but found a string");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_interpolate(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    const char *n = "['interpolate', ['linear'], ['get', 'code'], 1, 10, 2, 20, 4, 60]";
    CHECK_STR(ev(&f, n, MM_X_NUMBER, fs, 0), "10");
    CHECK_STR(ev(&f, n, MM_X_NUMBER, fs, 1), "20");
    CHECK_STR(cv(&f, "['interpolate', ['linear'], 3, 1, 10, 2, 20, 4, 60]", MM_X_NUMBER), "40");
    CHECK_STR(cv(&f, "['interpolate', ['linear'], 0, 1, 10, 2, 20]", MM_X_NUMBER), "10");
    CHECK_STR(cv(&f, "['interpolate', ['linear'], 9, 1, 10, 2, 20]", MM_X_NUMBER), "20");
    CHECK_STR(cv(&f, "['interpolate', ['exponential', 1], 1.5, 1, 10, 2, 20]", MM_X_NUMBER), "15");
    /* colours interpolate in straight RGB, alpha included */
    mm_expr *e = compile(&f,
                         "['interpolate', ['linear'], ['get', 'code'], 0, '#000000', 4, "
                         "'rgba(255, 255, 255, 0.5)']",
                         MM_X_COLOR);
    CHECK(e != NULL);
    if (e) {
        CHECK(mm_expr_type(e) == MM_X_COLOR);
        mm_expr_bind(e, fs);
        mm_xval v = mm_expr_eval(e, fs, 0, f.scratch);
        CHECK_INT(v.type, MM_X_COLOR);
        CHECK_NEAR(v.u.color.r, 0.25, 1e-12);
        CHECK_NEAR(v.u.color.g, 0.25, 1e-12);
        CHECK_NEAR(v.u.color.a, 0.875, 1e-12);
    }
    CHECK_STR(cv(&f, "['interpolate', ['linear'], 0.5, 0, 'red', 1, 'blue']", MM_X_COLOR),
              "rgba(128,0,128,1)");
    CHECK_STR(cv(&f, "['interpolate', ['linear'], 0.5, 0, [0, 10], 1, [10, 30]]", MM_X_ARRAY),
              "[5,20]");
    CHECK_STR(compile_error(&f, "['interpolate', ['exponential', 2], 1, 0, 0, 1, 1]", MM_X_NUMBER),
              "t.json:1:17: error: only linear interpolation is supported, not 'exponential'");
    CHECK_STR(compile_error(&f, "['interpolate', ['cubic-bezier', 0, 0, 1, 1], 1, 0, 0, 1, 1]",
                            MM_X_NUMBER),
              "t.json:1:17: error: only linear interpolation is supported, not 'cubic-bezier'");
    CHECK_STR(compile_error(&f, "['interpolate', ['smooth'], 1, 0, 0, 1, 1]", MM_X_NUMBER),
              "t.json:1:17: error: unknown interpolation type 'smooth'");
    CHECK_STR(compile_error(&f, "['interpolate', ['linear'], 1, 0, 0, 0, 1]", MM_X_NUMBER),
              "t.json:1:38: error: stop inputs must increase, but 0 follows 0");
    CHECK_STR(compile_error(&f, "['interpolate', ['linear'], 1, 0, 0, 1, 'red']", MM_X_ANY),
              "t.json:1:41: error: expected a number but found a string");
    CHECK_STR(compile_error(&f, "['interpolate', ['linear'], 1, 0, 'a', 1, 'b']", MM_X_STRING),
              "t.json:1:1: error: expected a string but found a number, a colour or an array");
    CHECK_STR(compile_error(&f, "['interpolate', ['linear'], 1, 0, [1], 1, [1, 2]]", MM_X_ARRAY),
              "t.json:1:43: error: arrays to interpolate must have the same length (1, not 2)");
    CHECK_STR(compile_error(&f, "['interpolate', ['linear'], 1, 0]", MM_X_NUMBER),
              "t.json:1:1: error: 'interpolate' needs an interpolation type, an input, then "
              "stop/output pairs");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_to_string_and_numbers(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    CHECK_STR(cv(&f, "['to-string', 1]", MM_X_STRING), "'1'");
    CHECK_STR(cv(&f, "['to-string', -2.5]", MM_X_STRING), "'-2.5'");
    CHECK_STR(cv(&f, "['to-string', 0.1]", MM_X_STRING), "'0.1'");
    CHECK_STR(cv(&f, "['to-string', 1e21]", MM_X_STRING), "'1e+21'");
    CHECK_STR(cv(&f, "['to-string', 1e-7]", MM_X_STRING), "'1e-7'");
    CHECK_STR(cv(&f, "['to-string', 0.000001]", MM_X_STRING), "'0.000001'");
    CHECK_STR(cv(&f, "['to-string', 123456789012]", MM_X_STRING), "'123456789012'");
    CHECK_STR(cv(&f, "['to-string', true]", MM_X_STRING), "'true'");
    CHECK_STR(cv(&f, "['to-string', null]", MM_X_STRING), "''");
    CHECK_STR(cv(&f, "['to-string', ['to-color', 'purple']]", MM_X_STRING), "'rgba(128,0,128,1)'");
    CHECK_STR(cv(&f, "['to-string', ['literal', [1, 'a', null]]]", MM_X_STRING),
              "'[1,\"a\",null]'");
    CHECK_STR(ev(&f, "['to-string', ['get', 'pop']]", MM_X_STRING, fs, 2), "'120000.5'");
    CHECK_STR(ev(&f, "['to-string', ['get', 'pop']]", MM_X_STRING, fs, 1), "''");
    char buf[64];
    mm_expr_format_number(0.1 + 0.2, buf, sizeof buf);
    CHECK_STR(buf, "0.30000000000000004");
    mm_expr_format_number(-0.0, buf, sizeof buf);
    CHECK_STR(buf, "0");
    mm_expr_format_number(1.5e300, buf, sizeof buf);
    CHECK_STR(buf, "1.5e+300");
    mm_expr_format_number(100, buf, sizeof buf);
    CHECK_STR(buf, "100");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_conversions(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    CHECK_STR(cv(&f, "['to-number', ' 12.5 ']", MM_X_NUMBER), "12.5");
    CHECK_STR(cv(&f, "['to-number', '']", MM_X_NUMBER), "0");
    CHECK_STR(cv(&f, "['to-number', '0x1F']", MM_X_NUMBER), "31");
    CHECK_STR(cv(&f, "['to-number', '-1e3']", MM_X_NUMBER), "-1000");
    CHECK_STR(cv(&f, "['to-number', null]", MM_X_NUMBER), "0");
    CHECK_STR(cv(&f, "['to-number', true]", MM_X_NUMBER), "1");
    CHECK_STR(cv(&f, "['to-number', 'abc', '12x', 5]", MM_X_NUMBER), "5");
    CHECK_STR(ev(&f, "['to-number', ['get', 'code']]", MM_X_NUMBER, fs, 2), "3");
    CHECK_STR(ev(&f, "['to-number', ['get', 'name'], 5]", MM_X_NUMBER, fs, 0), "5");
    CHECK_STR(ev(&f, "['to-number', ['get', 'name']]", MM_X_NUMBER, fs, 0), "error");
    /* a conversion that always fails is reported when the style loads */
    CHECK_STR(compile_error(&f, "['to-number', 'abc']", MM_X_NUMBER),
              "t.json:1:1: error: cannot convert 'abc' to a number");
    CHECK_STR(cv(&f, "['to-boolean', '']", MM_X_BOOL), "false");
    CHECK_STR(cv(&f, "['to-boolean', 'false']", MM_X_BOOL), "true");
    CHECK_STR(cv(&f, "['to-boolean', 0]", MM_X_BOOL), "false");
    CHECK_STR(cv(&f, "['to-boolean', 2]", MM_X_BOOL), "true");
    CHECK_STR(ev(&f, "['to-boolean', ['get', 'pop']]", MM_X_BOOL, fs, 1), "false");
    CHECK_STR(cv(&f, "['to-color', 'RED']", MM_X_COLOR), "rgba(255,0,0,1)");
    CHECK_STR(cv(&f, "['to-color', ['literal', [0, 0, 255, 0.5]]]", MM_X_COLOR),
              "rgba(0,0,255,0.5)");
    CHECK_STR(ev(&f, "['to-color', ['get', 'name'], 'blue']", MM_X_COLOR, fs, 0),
              "rgba(0,0,255,1)");
    CHECK_STR(ev(&f, "['to-color', ['get', 'name']]", MM_X_COLOR, fs, 0), "error");
    CHECK_STR(compile_error(&f, "['to-color', '#12']", MM_X_COLOR),
              "t.json:1:1: error: '#12' is not a colour");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_strings(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    CHECK_STR(ev(&f, "['concat', ['get', 'name'], ' (', ['get', 'code'], ')']", MM_X_STRING, fs, 0),
              "'Bamako (1)'");
    CHECK_STR(ev(&f, "['concat', ['get', 'name'], ['get', 'pop'], true]", MM_X_STRING, fs, 1),
              "'Nigertrue'");
    CHECK_STR(cv(&f, "['concat']", MM_X_STRING), "''");
    CHECK_STR(ev(&f, "['upcase', ['get', 'name']]", MM_X_STRING, fs, 2), "'MOPTI'");
    CHECK_STR(ev(&f, "['downcase', ['get', 'name']]", MM_X_STRING, fs, 2), "'mopti'");
    CHECK_STR(cv(&f, "['upcase', 'Ségou ɛ ɔ ɲ ŋ']", MM_X_STRING), "'SÉGOU Ɛ Ɔ Ɲ Ŋ'");
    CHECK_STR(cv(&f, "['downcase', 'TOMBOUCTOU ÉÈ ƐƆƝŊ']", MM_X_STRING), "'tombouctou éè ɛɔɲŋ'");
    CHECK_STR(ev(&f, "['upcase', ['get', 'pop']]", MM_X_STRING, fs, 0), "error");
    CHECK_STR(compile_error(&f, "['upcase', 5]", MM_X_STRING),
              "t.json:1:12: error: expected a string but found a number");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_assertions(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    CHECK_STR(ev(&f, "['number', ['get', 'pop']]", MM_X_NUMBER, fs, 0), "2000000");
    CHECK_STR(ev(&f, "['number', ['get', 'pop']]", MM_X_NUMBER, fs, 1), "error");
    CHECK_STR(ev(&f, "['number', ['get', 'code'], ['get', 'pop'], 0]", MM_X_NUMBER, fs, 2),
              "120000.5");
    CHECK_STR(ev(&f, "['string', ['get', 'pop'], 'none']", MM_X_STRING, fs, 0), "'none'");
    CHECK_STR(ev(&f, "['string', ['get', 'kind']]", MM_X_STRING, fs, 0), "'city'");
    CHECK_STR(ev(&f, "['boolean', ['get', 'flag']]", MM_X_BOOL, fs, 1), "false");
    CHECK_STR(ev(&f, "['boolean', ['get', 'flag']]", MM_X_BOOL, fs, 2), "error");
    CHECK_STR(compile_error(&f, "['number', 'a']", MM_X_NUMBER),
              "t.json:1:12: error: expected a number but found a string");
    /* the top-level type is checked at run time when get can give anything */
    CHECK_STR(ev(&f, "['get', 'pop']", MM_X_NUMBER, fs, 0), "2000000");
    CHECK_STR(ev(&f, "['get', 'name']", MM_X_NUMBER, fs, 0), "error");
    mm_features *colors = mm_features_create();
    static const mm_xy pt = {0, 0};
    static const uint32_t parts[2] = {0, 1};
    int col = mm_features_add_field(colors, "c");
    mm_features_add(colors, MM_GEOM_POINT, 1, parts, NULL, 1, &pt);
    mm_features_add(colors, MM_GEOM_POINT, 1, parts, NULL, 1, &pt);
    mm_features_set(colors, 0, col, mm_value_string("teal"));
    mm_features_set(colors, 1, col, mm_value_string("nope"));
    /* strings from the data are parsed where a colour is wanted */
    CHECK_STR(ev(&f, "['get', 'c']", MM_X_COLOR, colors, 0), "rgba(0,128,128,1)");
    CHECK_STR(ev(&f, "['get', 'c']", MM_X_COLOR, colors, 1), "error");
    CHECK_STR(ev(&f, "['concat', '#', 'f00']", MM_X_COLOR, NULL, 0), "rgba(255,0,0,1)");
    mm_features_destroy(colors);
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_compile_errors(void)
{
    fx f;
    fx_init(&f);
    CHECK_STR(compile_error(&f, "['intepolate', ['linear'], 1, 0, 0, 1, 1]", MM_X_NUMBER),
              "t.json:1:2: error: unknown expression operator 'intepolate' (did you mean "
              "'interpolate'?)");
    CHECK_STR(compile_error(&f, "{'x': ['concat', ['uppcase', 'a']]}", MM_X_STRING),
              "t.json:1:1: error: objects are not supported as values");
    CHECK_STR(compile_error(&f, "[\n  'concat',\n  ['uppcase', 'a']\n]", MM_X_STRING),
              "t.json:3:4: error: unknown expression operator 'uppcase' (did you mean "
              "'upcase'?)");
    CHECK_STR(compile_error(&f, "['zoom']", MM_X_NUMBER),
              "t.json:1:2: error: the expression operator 'zoom' is not supported");
    CHECK_STR(compile_error(&f, "['frobnicate', ['get', 'a']]", MM_X_NUMBER),
              "t.json:1:2: error: unknown expression operator 'frobnicate'");
    /* the whole expression's type against the property's */
    CHECK_STR(compile_error(&f, "['to-number', ['get', 'a']]", MM_X_COLOR),
              "t.json:1:1: error: expected a colour but found a number");
    CHECK_STR(compile_error(&f, "  ['upcase', 'a']", MM_X_NUMBER | MM_X_BOOL),
              "t.json:1:3: error: expected a number or a boolean but found a string");
    CHECK_STR(compile_error(&f, "'#12'", MM_X_COLOR), "t.json:1:1: error: '#12' is not a colour");
    CHECK_STR(compile_error(&f, "['to-string']", MM_X_STRING),
              "t.json:1:1: error: 'to-string' takes 1 argument, not 0");
    CHECK_STR(compile_error(&f, "['geometry-type', 1]", MM_X_STRING),
              "t.json:1:1: error: 'geometry-type' takes 0 arguments, not 1");
    /* the quoted line comes with the error */
    CHECK(compile(&f, "['upcase', 5]", MM_X_STRING) == NULL);
    CHECK_STR(f.err.quote, "[\"upcase\", 5]");
    CHECK_INT(f.err.status, MM_E_STYLE);
    fx_fini(&f);
}

static void test_legacy_filters(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    CHECK_STR(filter_of(&f, "['==', 'kind', 'city']", fs), "100");
    CHECK_STR(filter_of(&f, "['!=', 'kind', 'city']", fs), "011");
    CHECK_STR(filter_of(&f, "['<', 'pop', 1000000]", fs), "001");
    CHECK_STR(filter_of(&f, "['<=', 'pop', 120000.5]", fs), "001");
    CHECK_STR(filter_of(&f, "['>', 'name', 'M']", fs), "011");
    /* compared only when the types match: "3" is not >= 2 */
    CHECK_STR(filter_of(&f, "['>=', 'code', 2]", fs), "010");
    CHECK_STR(filter_of(&f, "['==', 'code', '3']", fs), "001");
    CHECK_STR(filter_of(&f, "['!=', 'pop', null]", fs), "101");
    CHECK_STR(filter_of(&f, "['in', 'kind', 'city', 'river']", fs), "110");
    CHECK_STR(filter_of(&f, "['in', 'code', 1, '3']", fs), "101");
    CHECK_STR(filter_of(&f, "['in', 'kind']", fs), "000");
    CHECK_STR(filter_of(&f, "['!in', 'kind', 'city', 'river']", fs), "001");
    CHECK_STR(filter_of(&f, "['has', 'pop']", fs), "101");
    CHECK_STR(filter_of(&f, "['!has', 'pop']", fs), "010");
    CHECK_STR(filter_of(&f, "['has', '$type']", fs), "111");
    CHECK_STR(filter_of(&f, "['!has', '$id']", fs), "111");
    CHECK_STR(filter_of(&f, "['==', '$type', 'Polygon']", fs), "001");
    CHECK_STR(filter_of(&f, "['!=', '$type', 'Point']", fs), "011");
    CHECK_STR(filter_of(&f, "['in', '$type', 'Point', 'LineString']", fs), "110");
    CHECK_STR(filter_of(&f, "['==', '$id', 1]", fs), "000");
    CHECK_STR(filter_of(&f, "['all', ['==', '$type', 'Point'], ['has', 'name']]", fs), "100");
    CHECK_STR(filter_of(&f, "['any', ['==', 'kind', 'river'], ['<', 'pop', 200000]]", fs), "011");
    CHECK_STR(filter_of(&f, "['none', ['==', 'kind', 'city'], ['==', 'kind', 'river']]", fs),
              "001");
    CHECK_STR(filter_of(&f, "['all']", fs), "111");
    CHECK_STR(filter_of(&f, "['none']", fs), "111");
    CHECK_STR(filter_of(&f, "['any', false, ['==', 'code', 2]]", fs), "010");
    /* expression filters, and errors counting as false */
    CHECK_STR(filter_of(&f, "['==', ['get', 'kind'], 'city']", fs), "100");
    CHECK_STR(filter_of(&f, "['<', ['get', 'pop'], 1000000]", fs), "001");
    CHECK_STR(filter_of(&f, "['in', ['get', 'code'], ['literal', [2, 3]]]", fs), "010");
    CHECK_STR(filter_of(&f, "['==', ['geometry-type'], 'LineString']", fs), "010");
    CHECK_STR(filter_of(&f, "['all', ['has', 'pop'], ['>', ['get', 'pop'], 1000000]]", fs), "100");
    CHECK_STR(filter_of(&f, "['get', 'flag']", fs), "100");
    CHECK_STR(filter_of(&f, "true", fs), "111");
    CHECK_STR(filter_of(&f, "false", fs), "000");
    CHECK_STR(filter_of(&f, "null", fs), "111");
    CHECK_STR(filter_of(&f, "['!in', 'kind']", fs), "111");
    CHECK_STR(filter_of(&f, "['==', 'kind']", fs),
              "t.json:1:1: error: '==' takes 2 arguments, not 1");
    CHECK_STR(filter_of(&f, "['has']", fs), "t.json:1:1: error: 'has' takes 1 argument, not 0");
    CHECK_STR(filter_of(&f, "['==', 1, 2]", fs),
              "t.json:1:8: error: expected a property name (a string) but found a number");
    CHECK_STR(filter_of(&f, "['all', ['==', 'a', 1], ['get', 'a']]", fs), "000");
    CHECK_STR(filter_of(&f, "['all', ['==', 'a', 1], 5]", fs),
              "t.json:1:25: error: expected a filter such as [\"==\", \"key\", value] but "
              "found a number");
    CHECK_STR(filter_of(&f, "['to-string', 1]", fs),
              "t.json:1:1: error: expected a boolean but found a string");
    CHECK_STR(filter_of(&f, "'kind'", fs),
              "t.json:1:1: error: expected a filter such as [\"==\", \"key\", value] but "
              "found a string");
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void test_constant_detection(void)
{
    fx f;
    fx_init(&f);
    static const struct {
        const char *src;
        bool constant;
        bool filter;
    } cases[] = {
        {"['concat', 'a', ['to-string', 1]]", true, false},
        {"['get', 'a']", false, false},
        {"['has', 'a']", false, false},
        {"['geometry-type']", false, false},
        {"['case', ['has', 'a'], 1, 2]", false, false},
        {"['match', 'x', 'x', 1, 2]", true, false},
        {"['coalesce', 1, ['get', 'a']]", false, false},
        {"['==', '$type', 'Point']", false, true},
        {"['==', 'kind', 'city']", false, true},
        {"['all']", true, true},
        {"true", true, true},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mm_expr *e = compile_as(&f, cases[k].src, MM_X_ANY, cases[k].filter);
        CHECK(e != NULL);
        if (e && mm_expr_is_constant(e) != cases[k].constant) {
            mm_test_fail(__FILE__, __LINE__, "constant(%s) != %d", cases[k].src, cases[k].constant);
        }
    }
    /* constants are folded: no feature needed, the value is ready */
    mm_expr *e = compile(&f, "['upcase', ['concat', 'a', 'b']]", MM_X_STRING);
    CHECK(e && mm_expr_type(e) == MM_X_STRING);
    if (e) {
        CHECK_STR(describe(&f, mm_expr_eval(e, NULL, 0, f.scratch)), "'AB'");
    }
    e = compile(&f, "['get', 'a']", MM_X_ANY);
    CHECK(e && mm_expr_type(e) == MM_X_ANY);
    e = compile(&f, "['case', ['get', 'a'], 1, 'x']", MM_X_ANY);
    CHECK(e && mm_expr_type(e) == (MM_X_NUMBER | MM_X_STRING));
    fx_fini(&f);
}

static void test_bind_two_schemas(void)
{
    fx f;
    fx_init(&f);
    static const mm_xy pt = {0, 0};
    static const uint32_t parts[2] = {0, 1};
    mm_features *a = mm_features_create();
    mm_features *b = mm_features_create();
    int a_name = mm_features_add_field(a, "name"), a_pop = mm_features_add_field(a, "pop");
    int b_extra = mm_features_add_field(b, "extra"), b_pop = mm_features_add_field(b, "pop");
    int b_name = mm_features_add_field(b, "name");
    mm_features_add(a, MM_GEOM_POINT, 1, parts, NULL, 1, &pt);
    mm_features_add(b, MM_GEOM_POINT, 1, parts, NULL, 1, &pt);
    mm_features_set(a, 0, a_name, mm_value_string("Kayes"));
    mm_features_set(a, 0, a_pop, mm_value_number(127368));
    mm_features_set(b, 0, b_extra, mm_value_string("x"));
    mm_features_set(b, 0, b_name, mm_value_string("Gao"));
    mm_features_set(b, 0, b_pop, mm_value_number(86633));
    mm_expr *e = compile(&f, "['concat', ['get', 'name'], ': ', ['get', 'pop'], ['has', 'extra']]",
                         MM_X_STRING);
    CHECK(e != NULL);
    if (e) {
        size_t n = 0;
        const char *const *props = mm_expr_properties(e, &n);
        CHECK_INT(n, 3);
        if (n == 3) {
            CHECK_STR(props[0], "name");
            CHECK_STR(props[1], "pop");
            CHECK_STR(props[2], "extra");
        }
        mm_expr_bind(e, a);
        CHECK_STR(describe(&f, mm_expr_eval(e, a, 0, f.scratch)), "'Kayes: 127368false'");
        mm_expr_bind(e, b);
        CHECK_STR(describe(&f, mm_expr_eval(e, b, 0, f.scratch)), "'Gao: 86633true'");
        mm_expr_bind(e, a);
        CHECK_STR(describe(&f, mm_expr_eval(e, a, 0, f.scratch)), "'Kayes: 127368false'");
        /* unbound or without features, properties are absent */
        mm_expr_bind(e, NULL);
        CHECK_STR(describe(&f, mm_expr_eval(e, NULL, 0, f.scratch)), "': false'");
    }
    mm_features_destroy(a);
    mm_features_destroy(b);
    fx_fini(&f);
}

/* Evaluating numbers, booleans and stored strings takes nothing from the scratch arena. */
static void test_eval_does_not_allocate(void)
{
    fx f;
    fx_init(&f);
    mm_features *fs = make_features();
    static const char *const srcs[] = {
        "['match', ['get', 'kind'], ['city', 'town'], 1, 'river', 2, 0]",
        "['interpolate', ['linear'], ['to-number', ['get', 'code']], 1, 10, 2, 20]",
        "['step', ['coalesce', ['get', 'pop'], 0], 'a', 1000, 'b']",
        "['all', ['has', 'pop'], ['in', ['get', 'kind'], ['literal', ['city', 'region']]]]",
        "['case', ['==', ['get', 'kind'], 'city'], ['get', 'name'], 'x']",
    };
    mm_arena_reset(f.scratch);
    size_t before = mm_arena_used(f.scratch);
    for (size_t k = 0; k < sizeof srcs / sizeof srcs[0]; k++) {
        mm_expr *e = compile(&f, srcs[k], MM_X_ANY);
        CHECK(e != NULL);
        if (!e) {
            continue;
        }
        mm_expr_bind(e, fs);
        for (size_t i = 0; i < mm_features_count(fs); i++) {
            CHECK(mm_expr_eval(e, fs, i, f.scratch).type != MM_X_ERROR);
        }
    }
    CHECK_INT(mm_arena_used(f.scratch), before);
    mm_features_destroy(fs);
    fx_fini(&f);
}

static void check_color(const char *s, double r, double g, double b, double a)
{
    mm_rgba c = {-1, -1, -1, -1};
    if (!mm_color_parse(s, &c)) {
        mm_test_fail(__FILE__, __LINE__, "'%s' should be a colour", s);
        return;
    }
    if (fabs(c.r - r) > 1e-9 || fabs(c.g - g) > 1e-9 || fabs(c.b - b) > 1e-9 ||
        fabs(c.a - a) > 1e-9) {
        mm_test_fail(__FILE__, __LINE__, "'%s' gave (%g, %g, %g, %g)", s, c.r, c.g, c.b, c.a);
    }
}

static void test_colors(void)
{
    check_color("red", 1, 0, 0, 1);
    check_color("RebeccaPurple", 0x66 / 255.0, 0x33 / 255.0, 0.6, 1);
    check_color("grey", 128 / 255.0, 128 / 255.0, 128 / 255.0, 1);
    check_color("GRAY", 128 / 255.0, 128 / 255.0, 128 / 255.0, 1);
    check_color("darkslategrey", 0x2f / 255.0, 0x4f / 255.0, 0x4f / 255.0, 1);
    check_color("lightgoldenrodyellow", 0xfa / 255.0, 0xfa / 255.0, 0xd2 / 255.0, 1);
    check_color("aliceblue", 0xf0 / 255.0, 0xf8 / 255.0, 1, 1);
    check_color("yellowgreen", 0x9a / 255.0, 0xcd / 255.0, 0x32 / 255.0, 1);
    check_color(" transparent ", 0, 0, 0, 0);
    check_color("#f80", 1, 0x88 / 255.0, 0, 1);
    check_color("#F808", 1, 0x88 / 255.0, 0, 0x88 / 255.0);
    check_color("#ff8000", 1, 0x80 / 255.0, 0, 1);
    check_color("#ff800080", 1, 0x80 / 255.0, 0, 0x80 / 255.0);
    check_color("rgb(255, 128, 0)", 1, 128 / 255.0, 0, 1);
    check_color("rgb(255,128,0,0.5)", 1, 128 / 255.0, 0, 0.5);
    check_color("rgba(255, 128, 0, 50%)", 1, 128 / 255.0, 0, 0.5);
    check_color("RGBA(100%, 50%, 0%, .25)", 1, 0.5, 0, 0.25);
    check_color("rgb(255 128 0)", 1, 128 / 255.0, 0, 1);
    check_color("rgb(255 128 0 / 0.5)", 1, 128 / 255.0, 0, 0.5);
    check_color("rgba(0,0,0,0)", 0, 0, 0, 0);
    check_color("hsl(120, 100%, 50%)", 0, 1, 0, 1);
    check_color("hsl(0, 100%, 25%)", 0.5, 0, 0, 1);
    check_color("hsla(240deg, 100%, 50%, 0.5)", 0, 0, 1, 0.5);
    check_color("hsl(480 100% 50% / 25%)", 0, 1, 0, 0.25);
    check_color("hsl(-120, 100%, 50%)", 0, 0, 1, 1);
    check_color("hsl(0, 0%, 50%)", 0.5, 0.5, 0.5, 1);
    static const char *const bad[] = {
        "",
        "   ",
        "#12",
        "#12345",
        "#ggg",
        "#1234567890",
        "notacolour",
        "reds",
        "rgb(256, 0, 0)",
        "rgb(-1, 0, 0)",
        "rgb(1, 2)",
        "rgb(1, 2, 3, 4, 5)",
        "rgb(10%, 0, 0)",
        "rgb(101%, 0%, 0%)",
        "rgb(1 2, 3)",
        "rgb(1, 2, 3 / 1)",
        "rgb(1,2,3)x",
        "rgb(1,2,3",
        "rgb(0x10, 0, 0)",
        "rgb(inf, 0, 0)",
        "rgb(, 1, 2)",
        "rgba(0, 0, 0, 1.5)",
        "rgba(0, 0, 0, 101%)",
        "hsl(0, 100, 50%)",
        "hsl(0, 100%, 150%)",
        "hsl(0%, 100%, 50%)",
        "hsv(0, 100%, 50%)",
        "rgb(1e, 2, 3)",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        mm_rgba c;
        if (mm_color_parse(bad[k], &c)) {
            mm_test_fail(__FILE__, __LINE__, "'%s' should not be a colour", bad[k]);
        }
    }
    CHECK(!mm_color_parse(NULL, &(mm_rgba){0, 0, 0, 0}));
}

static void test_color_format(void)
{
    char buf[32];
    mm_color_format((mm_rgba){1, 0.5, 0, 1}, buf, sizeof buf);
    CHECK_STR(buf, "#ff8000");
    mm_color_format((mm_rgba){0, 0, 1, 0.5}, buf, sizeof buf);
    CHECK_STR(buf, "rgba(0,0,255,0.5)");
    mm_color_format((mm_rgba){0, 0, 0, 0}, buf, sizeof buf);
    CHECK_STR(buf, "rgba(0,0,0,0)");
    mm_rgba c;
    CHECK(mm_color_parse("#336699", &c));
    mm_color_format(c, buf, sizeof buf);
    CHECK_STR(buf, "#336699");
    CHECK(mm_color_parse(buf, &c));
    CHECK_NEAR(c.g, 0x66 / 255.0, 1e-12);
}

MM_TESTS("expr", {"literals", test_literals}, {"get_has_geometry_type", test_get_has_geometry_type},
         {"comparisons", test_comparisons}, {"logic", test_logic}, {"in", test_in},
         {"match", test_match}, {"case_coalesce", test_case_coalesce}, {"step", test_step},
         {"interpolate", test_interpolate}, {"to_string_and_numbers", test_to_string_and_numbers},
         {"conversions", test_conversions}, {"strings", test_strings},
         {"assertions", test_assertions}, {"compile_errors", test_compile_errors},
         {"legacy_filters", test_legacy_filters}, {"constant_detection", test_constant_detection},
         {"bind_two_schemas", test_bind_two_schemas},
         {"eval_does_not_allocate", test_eval_does_not_allocate}, {"colors", test_colors},
         {"color_format", test_color_format})
