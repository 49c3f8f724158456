/*
 * test_json.c — JSON documents: values, positions of values and keys,
 * duplicate keys, errors with line, column and the quoted line, limits.
 */
#include "harness.h"
#include "malimap/json.h"

static mm_json_doc *parse(const char *text, mm_error *err)
{
    mm_error_clear(err);
    mm_json_doc *d = NULL;
    mm_json_parse("t.json", text, strlen(text), NULL, &d, err);
    return d;
}

static void test_values_and_positions(void)
{
    const char *text = "{\n"
                       "  \"version\": 8,\n"
                       "  \"name\": \"Mali \\u00e9\",\n"
                       "  \"layers\": [ {\"id\": \"a\", \"x\": [1, 2.5, true, null]} ]\n"
                       "}\n";
    mm_error err;
    mm_json_doc *d = parse(text, &err);
    CHECK(d != NULL);
    if (!d) {
        return;
    }
    const mm_json *root = mm_json_root(d);
    CHECK_INT(root->type, MM_JSON_OBJECT);
    CHECK_INT(root->u.obj.n, 3);
    CHECK_STR(root->u.obj.members[0].key, "version");
    CHECK_INT(root->u.obj.members[0].line, 2);
    CHECK_INT(root->u.obj.members[0].col, 3);
    const mm_json *v = mm_json_get(root, "version");
    CHECK_INT(v->type, MM_JSON_NUMBER);
    CHECK_NEAR(v->u.num, 8, 0);
    CHECK_INT(v->line, 2);
    CHECK_INT(v->col, 14);
    CHECK_STR(mm_json_get(root, "name")->u.str.s, "Mali \xc3\xa9");
    const mm_json *layers = mm_json_get(root, "layers");
    CHECK_INT(layers->type, MM_JSON_ARRAY);
    CHECK_INT(layers->line, 4);
    CHECK_INT(layers->col, 13);
    const mm_json *l0 = layers->u.arr.items[0];
    const mm_json *x = mm_json_get(l0, "x");
    CHECK_INT(x->u.arr.n, 4);
    CHECK_INT(x->u.arr.items[1]->col, 36);
    CHECK_NEAR(x->u.arr.items[1]->u.num, 2.5, 0);
    CHECK_INT(x->u.arr.items[2]->type, MM_JSON_BOOL);
    CHECK_INT(x->u.arr.items[3]->type, MM_JSON_NULL);
    CHECK_INT(x->u.arr.items[3]->col, 47);
    const mm_json_member *m = mm_json_member_get(l0, "x");
    CHECK_INT(m->line, 4);
    CHECK_INT(m->col, 27);
    CHECK(mm_json_get(root, "nope") == NULL);
    mm_buf b;
    mm_buf_init(&b);
    mm_json_write(x, &b);
    CHECK_STR(b.data, "[1,2.5,true,null]");
    mm_buf_fini(&b);
    mm_json_destroy(d);
}

static void test_duplicate_keys_last_wins(void)
{
    mm_error err;
    mm_json_doc *d = parse("{\"a\": 1,\n \"b\": 2,\n \"a\": [3]}", &err);
    CHECK(d != NULL);
    if (!d) {
        return;
    }
    const mm_json *a = mm_json_get(mm_json_root(d), "a");
    CHECK_INT(a->type, MM_JSON_ARRAY);
    CHECK_INT(a->line, 3);
    CHECK_INT(a->col, 7);
    mm_json_destroy(d);
}

static void test_escaped_keys(void)
{
    mm_error err;
    mm_json_doc *d = parse("{\"k\\u00e9y\": 1, \"k\\\"q\": 2}", &err);
    CHECK(d != NULL);
    if (!d) {
        return;
    }
    const mm_json_member *m = mm_json_member_get(mm_json_root(d), "k\"q");
    CHECK(m != NULL);
    CHECK(m && m->col == 17);
    CHECK(mm_json_get(mm_json_root(d), "k\xc3\xa9y") != NULL);
    mm_json_destroy(d);
}

static void test_syntax_errors(void)
{
    mm_error err;
    CHECK(parse("{\n  \"a\": 1,\n  \"b\": ]\n}", &err) == NULL);
    CHECK_INT(err.status, MM_E_DATA);
    CHECK_STR(err.path, "t.json");
    CHECK_INT(err.line, 3);
    CHECK_INT(err.col, 8);
    CHECK_STR(err.quote, "  \"b\": ]");
    CHECK(strstr(err.msg, "invalid JSON") == err.msg);

    CHECK(parse("{\"a\": [1, 2", &err) == NULL);
    CHECK(strstr(err.msg, "unexpected end of the file") == err.msg);
    CHECK(parse("", &err) == NULL);
    CHECK(parse("{} x", &err) == NULL);
    CHECK_INT(err.col, 4);
    CHECK(parse("{'a': 1}", &err) == NULL);  /* strict: no single quotes */
    CHECK(parse("[1, 2,]", &err) == NULL);   /* strict: no trailing comma */
}

static void test_depth_limit(void)
{
    char deep[20002];
    for (int i = 0; i < 10000; i++) {
        deep[i] = '[';
        deep[10000 + i] = ']';
    }
    deep[20000] = '\0';
    mm_error err;
    CHECK(parse(deep, &err) == NULL);
    CHECK_INT(err.status, MM_E_LIMIT);
    CHECK_STR(err.msg, "nested more than 64 levels deep");
}

static void test_load_missing_file(void)
{
    mm_error err;
    mm_error_clear(&err);
    mm_json_doc *d = NULL;
    CHECK_INT(mm_json_load("/nonexistent/x.json", NULL, &d, &err), MM_E_IO);
    CHECK_STR(err.msg, "cannot open: No such file or directory");
}

MM_TESTS("json", {"values_and_positions", test_values_and_positions},
         {"duplicate_keys_last_wins", test_duplicate_keys_last_wins},
         {"escaped_keys", test_escaped_keys}, {"syntax_errors", test_syntax_errors},
         {"depth_limit", test_depth_limit}, {"load_missing_file", test_load_missing_file})
