/*
 * fuzz_geojson.c — the JSON document layer and the GeoJSON and point-CSV
 * readers. The input is parsed as JSON (and must survive a write and a
 * second parse unchanged), read as GeoJSON features and as a CSV of points;
 * every feature's geometry and properties are walked.
 */

#include "fuzz.h"
#include "malimap/geojson.h"
#include "malimap/json.h"

static void walk(const mm_features *fs)
{
    for (size_t i = 0; i < mm_features_count(fs); i++) {
        const mm_geom *g = mm_features_geom(fs, i);
        for (uint32_t k = 0; k < g->nparts; k++) {
            if (g->parts[k] > g->parts[k + 1] || g->parts[k + 1] > g->npts) {
                __builtin_trap(); /* parts must index the vertices in order */
            }
        }
        for (size_t c = 0; c < mm_features_field_count(fs); c++) {
            mm_features_get(fs, i, (int)c);
        }
    }
    mm_features_bbox(fs);
}

/* Writing a document and parsing it again must give the same document. */
static void round_trip(const mm_json_doc *doc)
{
    mm_buf a, b;
    mm_buf_init(&a);
    mm_buf_init(&b);
    mm_json_write(mm_json_root(doc), &a);
    mm_json_doc *again = NULL;
    mm_error err;
    mm_error_clear(&err);
    if (mm_json_parse("again.json", a.data, a.len, NULL, &again, &err) != MM_OK) {
        __builtin_trap(); /* malimap wrote JSON it cannot read */
    }
    mm_json_write(mm_json_root(again), &b);
    mm_json_doc *third = NULL;
    if (mm_json_parse("third.json", b.data, b.len, NULL, &third, &err) != MM_OK) {
        __builtin_trap();
    }
    mm_buf c;
    mm_buf_init(&c);
    mm_json_write(mm_json_root(third), &c);
    if (b.len != c.len || memcmp(b.data, c.data, b.len) != 0) {
        __builtin_trap(); /* a second round trip changed the document */
    }
    mm_buf_fini(&c);
    mm_json_destroy(third);
    mm_json_destroy(again);
    mm_buf_fini(&a);
    mm_buf_fini(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    mm_error err;
    mm_error_clear(&err);
    mm_json_doc *doc = NULL;
    if (mm_json_parse("fuzz.json", text, size, NULL, &doc, &err) == MM_OK) {
        round_trip(doc);
        mm_json_destroy(doc);
    }
    mm_features *fs = NULL;
    mm_error_clear(&err);
    if (mm_geojson_parse("fuzz.geojson", text, size, &fs, &err) == MM_OK) {
        walk(fs);
        mm_features_destroy(fs);
    }
    fs = NULL;
    mm_error_clear(&err);
    if (mm_csv_points_parse("fuzz.csv", text, size, &fs, &err) == MM_OK) {
        walk(fs);
        mm_features_destroy(fs);
    }
    return 0;
}
