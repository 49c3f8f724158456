/*
 * test_limits.c — the library refuses what would exhaust time or memory, and
 * keeps what it reports printable: map and image sizes checked before any
 * allocation, JSON numbers that are not finite and strings that are not
 * UTF-8, object keys matched in linear time, bounded edit distances, error
 * messages without control characters.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "malimap/json.h"
#include "malimap/map.h"
#include "malimap/raster.h"
#include "malimap/text.h"

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_raster_size(void)
{
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_raster_check_size(1600, 1200, &err), MM_OK);
    CHECK_INT(mm_raster_check_size(20000, 20000, &err), MM_E_LIMIT);
    CHECK_STR(err.msg, "an image of 20000x20000 pixels is too large: at most 32767 on a side and "
                       "150 million pixels");
    const double bad[][2] = {{32768, 1}, {0, 100}, {-5, 100}, {NAN, 100}, {100, INFINITY}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mm_error_clear(&err);
        CHECK_INT(mm_raster_check_size(bad[i][0], bad[i][1], &err), MM_E_LIMIT);
    }
}

static void test_map_size(void)
{
    const struct {
        int w, h;
        double scale;
        const char *msg;
    } cases[] = {
        {100000, 100000, 1,
         "a map of 100000x100000 pixels: each side must be from 16 to 32767 "
         "pixels"},
        {-5, 100, 1, "a map of -5x100 pixels: each side must be from 16 to 32767 pixels"},
        {800, 600, NAN, "a scale of nan: it must be from 0.1 to 10"},
        {800, 600, 100, "a scale of 100: it must be from 0.1 to 10"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_map_opts o = {.style_path = "tests/data/styles/minimal.json",
                         .width_px = cases[i].w,
                         .height_px = cases[i].h,
                         .scale = cases[i].scale,
                         .since = MM_DATE_NONE};
        mm_map *m = NULL;
        mm_error err;
        mm_error_clear(&err);
        CHECK_INT(mm_map_open(&o, &m, &err), MM_E_LIMIT);
        CHECK(m == NULL);
        CHECK_STR(err.msg, cases[i].msg);
    }
}

static mm_status parse(const char *text, mm_error *err)
{
    mm_json_doc *doc = NULL;
    mm_error_clear(err);
    mm_status st = mm_json_parse("t.json", text, strlen(text), NULL, &doc, err);
    mm_json_destroy(doc);
    return st;
}

static void test_json_numbers_and_strings(void)
{
    mm_error err;
    CHECK_INT(parse("[1, 2.5, -0, 1e308, 1e-400]", &err), MM_OK);
    CHECK_INT(parse("[1, NaN]", &err), MM_E_DATA);
    CHECK_STR(err.msg, "invalid JSON: the number NaN is not finite (a number must be within "
                       "+-1.8e308)");
    CHECK_INT(err.col, 5);
    CHECK_INT(parse("{\"a\": -Infinity}", &err), MM_E_DATA);
    CHECK_INT(parse("[1e400]", &err), MM_E_DATA);
    CHECK_STR(err.msg, "invalid JSON: the number 1e400 is not finite (a number must be within "
                       "+-1.8e308)");
    CHECK_INT(parse("{\"ok\": \"Niafunk\xc3\xa9\", \"bad\": \"Niafunk\xe9\"}", &err), MM_E_DATA);
    CHECK_STR(err.msg, "invalid JSON: a string that is not valid UTF-8");
    CHECK_INT(err.col, 28);
    CHECK_INT(parse("{\"k\xff\": 1}", &err), MM_E_DATA);
    CHECK_INT(err.col, 2);
    /* the quoted line is printable: the bad byte and a tab become '?' and ' ' */
    CHECK_STR(err.quote, "{\"k?\": 1}");
}

/* 100,000 keys and a duplicate: every member gets its own position, quickly. */
static void test_json_many_keys(void)
{
    enum { N = 100000 };
    mm_buf b;
    mm_buf_init(&b);
    mm_buf_puts(&b, "{");
    for (int i = 0; i < N; i++) {
        mm_buf_printf(&b, "\"k%d\": %d, ", i, i);
    }
    mm_buf_puts(&b, "\"k7\": \"again\"}");
    double t0 = seconds();
    mm_json_doc *doc = NULL;
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_json_parse("t.json", b.data, b.len, NULL, &doc, &err), MM_OK);
    CHECK(seconds() - t0 < 10); /* was minutes: each key searched all the others */
    const mm_json *root = doc ? mm_json_root(doc) : NULL;
    CHECK(root && root->u.obj.n == N);
    const mm_json_member *k7 = mm_json_member_get(root, "k7");
    CHECK(k7 && k7->value->type == MM_JSON_STRING);
    CHECK(k7 && (size_t)k7->col == b.len - strlen("\"k7\": \"again\"}") + 1);
    const mm_json_member *last = mm_json_member_get(root, "k99999");
    CHECK(last && last->value->u.num == 99999);
    mm_json_destroy(doc);
    mm_buf_fini(&b);
}

static void test_distance_bounded(void)
{
    enum { LEN = 300000 };
    char *a = malloc(LEN + 1), *b = malloc(LEN + 1);
    memset(a, 'x', LEN);
    memset(b, 'y', LEN);
    a[LEN] = b[LEN] = '\0';
    double t0 = seconds();
    size_t d = mm_text_distance(a, b);
    CHECK(seconds() - t0 < 1);
    CHECK(d >= LEN && d <= 2 * LEN); /* an upper bound beyond 256 bytes */
    CHECK_INT(mm_text_distance("Tonkaa", "Tonka"), 1);
    free(a);
    free(b);
}

static void test_error_printable(void)
{
    mm_error err;
    mm_error_clear(&err);
    MM_ERR(&err, MM_E_DATA, "bad\x1b]0;x\x07.csv", 1, 0, "unknown place '%s'",
           "Ga\x1b[31mo\xff\xc2\x85!");
    CHECK_STR(err.path, "bad?]0;x?.csv");
    CHECK_STR(err.msg, "unknown place 'Ga?[31mo??"
                       "!'"); /* split, not to be read as a trigraph */
    /* a message cut inside a UTF-8 sequence ends cleanly */
    char longer[MM_ERROR_MSG_MAX + 8];
    memset(longer, 'a', sizeof longer);
    memcpy(longer + MM_ERROR_MSG_MAX - 3, "\xc3\xa9\xc3\xa9", 4);
    longer[sizeof longer - 1] = '\0';
    mm_error_clear(&err);
    MM_ERR(&err, MM_E_DATA, NULL, 0, 0, "%s", longer);
    CHECK(mm_utf8_valid(err.msg, strlen(err.msg), NULL));
}

MM_TESTS("limits", {"raster-size", test_raster_size}, {"map-size", test_map_size},
         {"json-numbers-and-strings", test_json_numbers_and_strings},
         {"json-many-keys", test_json_many_keys}, {"distance-bounded", test_distance_bounded},
         {"error-printable", test_error_printable})
