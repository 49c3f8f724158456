/*
 * test_events.c — events: ACLED columns in any order with extra columns,
 * ACLED dates, geocoding by folded names and alternate names, every check
 * with its line, date order, GeoJSON points with line:col errors, the string
 * table underneath, and a compactness check (bytes per row, no timing).
 */
#include <stdio.h>

#include "harness.h"
#include "malimap/events.h"
#include "malimap/intern.h"

static void collect(void *ctx, const mm_error *e)
{
    char line[1200];
    mm_error_format(e, line, sizeof line);
    mm_buf_printf(ctx, "%s\n", line);
}

static mm_places *gazetteer(void)
{
    static const char *text = "name,alt_names,lat,lon\n"
                              "Kidal,,18.4389,1.4083\n"
                              "Tonka,,16.1339,-3.7486\n"
                              "Timbuktu,Tombouctou,16.7667,-3\n"
                              "Niafunké,Niafunke,15.9311,-3.99\n";
    mm_csv *csv = NULL;
    mm_places *p = NULL;
    mm_error err;
    mm_error_clear(&err);
    mm_csv_open_mem("places.csv", text, strlen(text), NULL, &csv, &err);
    mm_places_read(csv, NULL, &p, &err);
    mm_csv_close(csv);
    return p;
}

/* Reads events from CSV text; problems (if not NULL) collects every problem. */
static mm_events *read_csv_text(const char *text, const mm_places *places,
                                const mm_events_opts *opts, mm_buf *problems, mm_error *err)
{
    mm_csv *csv = NULL;
    mm_events *ev = NULL;
    mm_diag d;
    mm_diag_init(&d, collect, problems);
    mm_error_clear(err);
    mm_csv_open_mem("events.csv", text, strlen(text), NULL, &csv, err);
    mm_events_read_csv(csv, places, opts, problems ? &d : NULL, &ev, err);
    mm_csv_close(csv);
    return ev;
}

static const char *error_text(const mm_error *err)
{
    static char line[1200];
    mm_error_format(err, line, sizeof line);
    return line;
}

static const char *iso(mm_date d)
{
    static char buf[11];
    mm_date_format(d, buf);
    return buf;
}

/* An ACLED export header (2024 layout) and a row of it. */
static const char *ACLED =
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp\r\n"
    "MLI31001,14 November 2023,2023,1,Political violence,Battles,Government regains territory,"
    "Military Forces of Mali (2021-),Wagner Group,1,CSP-PSD,,2,12,,466,Western Africa,Mali,"
    "Kidal,Kidal,Kidal,Kidal,18.4411,1.4078,1,Reuters,International,"
    "\"Army took Kidal, rebels say they withdrew.\",0,,1700000000\r\n"
    "MLI31000,13 November 2023,2023,2,Political violence,Explosions/Remote violence,"
    "Air/drone strike,Military Forces of Mali (2021-),,1,Civilians (Mali),,7,17,Civilian "
    "targeting,466,Western Africa,Mali,Kidal,Kidal,Kidal,Kidal,,,1,AFP,International,"
    "Drone strike.,5,,1700000000\r\n";

static void test_acled_export(void)
{
    mm_places *places = gazetteer();
    mm_error err;
    mm_events *ev = read_csv_text(ACLED, places, NULL, NULL, &err);
    CHECK(ev != NULL);
    if (ev) {
        CHECK_INT(mm_events_count(ev), 2);
        mm_event e;
        mm_events_get(ev, 0, &e); /* sorted by date: 13 Nov first */
        CHECK_STR(e.id, "MLI31000");
        CHECK_STR(iso(e.date), "2023-11-13");
        CHECK_STR(iso(e.end_date), "2023-11-13");
        CHECK_INT(e.type, MM_EVENT_EXPLOSIONS);
        CHECK(e.geocoded);
        CHECK_NEAR(e.lat_deg, 18.4389, 1e-9);
        CHECK_NEAR(e.lon_deg, 1.4083, 1e-9);
        CHECK_INT(e.fatalities, 5);
        CHECK_INT(e.time_precision, 2);
        CHECK_INT(e.line, 3);
        mm_events_get(ev, 1, &e);
        CHECK_STR(e.id, "MLI31001");
        CHECK_INT(e.type, MM_EVENT_BATTLES);
        CHECK_STR(e.sub_event_type, "Government regains territory");
        CHECK_STR(e.actor1, "Military Forces of Mali (2021-)");
        CHECK_STR(e.actor2, "CSP-PSD");
        CHECK_STR(e.location, "Kidal");
        CHECK(!e.geocoded);
        CHECK_NEAR(e.lat_deg, 18.4411, 1e-9);
        CHECK_STR(e.notes, "Army took Kidal, rebels say they withdrew.");
        CHECK_STR(e.source, "Reuters");
        CHECK_STR(e.source_url, "");
        CHECK_INT(e.geo_precision, 1);
        CHECK_INT(e.line, 2);
        CHECK_STR(iso(mm_events_latest(ev)), "2023-11-14");
    }
    mm_events_destroy(ev);
    mm_places_destroy(places);
}

static void test_geocoding_alternate_names(void)
{
    mm_places *places = gazetteer();
    const char *text = "\xEF\xBB\xBFlocation,longitude,latitude,event_type,event_date\n"
                       "TOMBOUCTOU,,,battles,2023-09-07\n"
                       "Niafunke,,,PROTESTS,2023-11-24\n"
                       "Nia-funké,,,riots,2023-11-25\n";
    mm_error err;
    mm_events *ev = read_csv_text(text, places, NULL, NULL, &err);
    CHECK(ev != NULL);
    if (ev) {
        mm_event e;
        mm_events_get(ev, 0, &e);
        CHECK_NEAR(e.lat_deg, 16.7667, 1e-9);
        CHECK_STR(e.location, "TOMBOUCTOU");
        CHECK_INT(e.type, MM_EVENT_BATTLES);
        CHECK_INT(e.fatalities, -1);
        CHECK_INT(e.geo_precision, 0);
        mm_events_get(ev, 1, &e);
        CHECK_NEAR(e.lon_deg, -3.99, 1e-9);
        CHECK_INT(e.type, MM_EVENT_PROTESTS);
        mm_events_get(ev, 2, &e);
        CHECK_NEAR(e.lon_deg, -3.99, 1e-9);
    }
    mm_events_destroy(ev);
    mm_places_destroy(places);
}

static void test_unknown_place_names_nearest(void)
{
    mm_places *places = gazetteer();
    const char *text = "event_date,event_type,location,latitude,longitude\n"
                       "2023-11-12,Battles,Kidal,,\n"
                       "2023-11-12,Battles,Tonkaa,,\n";
    mm_error err;
    mm_events *ev = read_csv_text(text, places, NULL, NULL, &err);
    CHECK(ev == NULL);
    CHECK_STR(error_text(&err),
              "events.csv:3: error: unknown place 'Tonkaa' (did you mean 'Tonka'?)");
    /* Without a places table empty coordinates cannot be filled in. */
    ev = read_csv_text(text, NULL, NULL, NULL, &err);
    CHECK(ev == NULL);
    CHECK_STR(error_text(&err), "events.csv:2: error: no coordinates for 'Kidal' and no places "
                                "table to look it up");
    mm_places_destroy(places);
}

static void test_every_problem(void)
{
    mm_places *places = gazetteer();
    const char *text = "event_date,event_type,location,latitude,longitude,fatalities,geo_precision,"
                       "time_precision,end_date\n"
                       "2023-02-30,Battles,Kidal,18,1,0,1,1,\n"
                       "2023-11-14,Battle,Kidal,18,1,0,1,1,\n"
                       "2023-11-14,Battles,Kidal,123,1,0,1,1,\n"
                       "2023-11-14,Battles,Kidal,18,200,0,1,1,\n"
                       "2023-11-14,Battles,Kidal,18,,0,1,1,\n"
                       "2023-11-14,Battles,Kidal,18,1,-3,1,1,\n"
                       "2023-11-14,Battles,Kidal,18,1,2.5,1,1,\n"
                       "2023-11-14,Battles,Kidal,18,1,0,4,1,\n"
                       "2023-11-14,Battles,Kidal,18,1,0,1,x,\n"
                       "2023-11-14,Battles,Kidal,18,1,0,1,1,2023-11-13\n"
                       "2023-11-14,Battles,,18,1,0,1,1,\n"
                       "2023-11-14,Battles,Gao,,,0,1,1,\n"
                       "\"2023-11-14,Battles,Kidal,18,1,0,1,1,\n"
                       "2023-11-14,Battles,Kidal,18,1,0,1,1,2023-11-16\n"
                       "2023-11-14,Battles,Kidal,18\n"
                       "Nov 14 2023,Battles,Kidal,18,1,0,1,1,\n"
                       ",Battles,Kidal,18,1,0,1,1,\n"
                       "2023-11-14,Battles,Kidal,18,1,,,,14 November 2023\n";
    mm_buf problems;
    mm_buf_init(&problems);
    mm_error err;
    mm_events *ev = read_csv_text(text, places, NULL, &problems, &err);
    CHECK(ev != NULL);
    CHECK_STR(problems.data,
              "events.csv:2: error: invalid event_date '2023-02-30': day does not exist in "
              "that month\n"
              "events.csv:3: error: invalid event_type 'Battle': expected Battles, Violence "
              "against civilians, Explosions/Remote violence, Riots, Protests or Strategic "
              "developments\n"
              "events.csv:4: error: invalid latitude '123': must be within -90..90\n"
              "events.csv:5: error: invalid longitude '200': must be within -180..180\n"
              "events.csv:6: error: empty longitude: give both coordinates or neither\n"
              "events.csv:7: error: invalid fatalities '-3': expected a whole number, 0 or more\n"
              "events.csv:8: error: invalid fatalities '2.5': expected a whole number, 0 or "
              "more\n"
              "events.csv:9: error: invalid geo_precision '4': expected 1, 2 or 3\n"
              "events.csv:10: error: invalid time_precision 'x': expected 1, 2 or 3\n"
              "events.csv:11: error: end_date '2023-11-13' is before event_date\n"
              "events.csv:12: error: empty location\n"
              "events.csv:13: error: unknown place 'Gao' (nearest names: 'Kidal', 'Tonka', "
              "'Niafunké')\n"
              "events.csv:14: error: unterminated quoted field (opened on line 14)\n"
              "events.csv:16: error: record has 4 fields, the header has 9\n"
              "events.csv:17: error: invalid event_date 'Nov 14 2023': expected YYYY-MM-DD or DD "
              "Month YYYY\n"
              "events.csv:18: error: empty event_date\n");
    if (ev) {
        CHECK_INT(mm_events_count(ev), 2);
        mm_event e;
        mm_events_get(ev, 0, &e);
        CHECK_INT(e.line, 15);
        CHECK_STR(iso(e.end_date), "2023-11-16");
        CHECK_INT(mm_events_max_span_days(ev), 2);
        mm_events_get(ev, 1, &e);
        CHECK_INT(e.line, 19);
        CHECK_INT(e.fatalities, -1);
    }
    mm_events_destroy(ev);
    mm_buf_fini(&problems);
    mm_places_destroy(places);
}

static void test_missing_columns(void)
{
    mm_error err;
    mm_events *ev = read_csv_text("event_date,location,latitude,longitude\n2023-01-01,Kidal,1,1\n",
                                  NULL, NULL, NULL, &err);
    CHECK(ev == NULL);
    CHECK_STR(error_text(&err), "events.csv:1: error: missing column 'event_type'");
}

static void test_sorted_by_date_stable(void)
{
    const char *text = "event_id_cnty,event_date,event_type,location,latitude,longitude\n"
                       "e1,2023-11-14,Battles,A,1,1\n"
                       "e2,2012-01-17,Battles,B,1,1\n"
                       "e3,2023-11-14,Riots,C,1,1\n"
                       "e4,2020-05-01,Riots,D,1,1\n"
                       "e5,2012-01-17,Riots,E,1,1\n";
    mm_error err;
    mm_events *ev = read_csv_text(text, NULL, NULL, NULL, &err);
    CHECK(ev != NULL);
    if (!ev) {
        return;
    }
    const char *want[] = {"e2", "e5", "e4", "e1", "e3"};
    for (size_t i = 0; i < 5; i++) {
        mm_event e;
        mm_events_get(ev, i, &e);
        CHECK_STR(e.id, want[i]);
    }
    mm_date d;
    mm_date_parse("2020-05-01", 10, &d, NULL);
    CHECK_INT(mm_events_lower_bound(ev, d), 2);
    d.day++;
    CHECK_INT(mm_events_lower_bound(ev, d), 3);
    d.day = 0;
    CHECK_INT(mm_events_lower_bound(ev, d), 0);
    mm_date_parse("2030-01-01", 10, &d, NULL);
    CHECK_INT(mm_events_lower_bound(ev, d), 5);
    CHECK_INT(mm_events_max_span_days(ev), 0);
    mm_events_destroy(ev);
}

/* Days close together (sorted by counting, where the wide span above sorts by keys). */
static void test_sorted_by_date_counting(void)
{
    const char *text = "event_id_cnty,event_date,event_type,location,latitude,longitude\n"
                       "e1,2023-11-14,Battles,A,1,1\n"
                       "e2,2023-11-10,Battles,B,1,1\n"
                       "e3,2023-11-14,Riots,C,1,1\n"
                       "e4,2023-11-12,Riots,D,1,1\n"
                       "e5,2023-11-10,Riots,E,1,1\n"
                       "e6,2023-11-13,Riots,F,1,1\n";
    mm_error err;
    mm_events *ev = read_csv_text(text, NULL, NULL, NULL, &err);
    CHECK(ev != NULL);
    if (!ev) {
        return;
    }
    const char *want[] = {"e2", "e5", "e4", "e6", "e1", "e3"};
    for (size_t i = 0; i < 6; i++) {
        mm_event e;
        mm_events_get(ev, i, &e);
        CHECK_STR(e.id, want[i]);
        CHECK_INT(mm_events_date(ev, i).day, e.date.day);
    }
    mm_date d;
    mm_date_parse("2023-11-13", 10, &d, NULL);
    CHECK_INT(mm_events_lower_bound(ev, d), 3);
    mm_date_parse("2023-11-11", 10, &d, NULL);
    CHECK_INT(mm_events_lower_bound(ev, d), 2);
    mm_events_destroy(ev);
}

static const char *GEOJSON =
    "{\"type\": \"FeatureCollection\", \"features\": [\n"
    "  {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1.4, "
    "18.4]},\n"
    "   \"properties\": {\"event_date\": \"2023-11-14\", \"event_type\": \"Battles\",\n"
    "                  \"location\": \"Kidal\", \"fatalities\": 3, \"notes\": \"n\"}},\n"
    "  {\"type\": \"Feature\", \"geometry\": null,\n"
    "   \"properties\": {\"event_date\": \"12 November 2023\", \"event_type\": \"Violence "
    "against civilians\", \"location\": \"Tonka\", \"geo_precision\": 2}},\n"
    "  {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1.4, "
    "123]},\n"
    "   \"properties\": {\"event_date\": \"2023-11-14\", \"event_type\": \"Battles\", "
    "\"location\": \"Kidal\"}},\n"
    "  {\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", \"coordinates\": []},\n"
    "   \"properties\": {}},\n"
    "  {\"type\": \"Feature\", \"geometry\": null,\n"
    "   \"properties\": {\"event_date\": \"2023-11-31\", \"event_type\": \"Battles\", "
    "\"location\": \"Kidal\"}},\n"
    "  {\"type\": \"Feature\", \"geometry\": null,\n"
    "   \"properties\": {\"event_date\": \"2023-11-13\", \"event_type\": true, "
    "\"location\": \"Kidal\"}},\n"
    "  {\"type\": \"Feature\", \"geometry\": null,\n"
    "   \"properties\": {\"event_date\": \"2023-11-13\", \"event_type\": \"Riots\", "
    "\"location\": \"Tonkaa\"}}\n"
    "]}\n";

static void test_geojson(void)
{
    mm_places *places = gazetteer();
    mm_json_doc *doc = NULL;
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_json_parse("e.geojson", GEOJSON, strlen(GEOJSON), NULL, &doc, &err), MM_OK);
    mm_buf problems;
    mm_buf_init(&problems);
    mm_diag d;
    mm_diag_init(&d, collect, &problems);
    mm_events *ev = NULL;
    CHECK_INT(mm_events_read_geojson(doc, places, NULL, &d, &ev, &err), MM_OK);
    CHECK_STR(problems.data,
              "e.geojson:7:74: error: invalid latitude 123: must be within -90..90\n"
              "e.geojson:9:44: error: geometry must be a Point, not a LineString\n"
              "e.geojson:12:33: error: invalid event_date '2023-11-31': day does not exist in "
              "that month\n"
              "e.geojson:14:61: error: property 'event_type' must be a string or a number, not "
              "a boolean\n"
              "e.geojson:16:82: error: unknown place 'Tonkaa' (did you mean 'Tonka'?)\n");
    if (ev) {
        CHECK_INT(mm_events_count(ev), 2);
        mm_event e;
        mm_events_get(ev, 0, &e);
        CHECK_STR(iso(e.date), "2023-11-12");
        CHECK(e.geocoded);
        CHECK_NEAR(e.lat_deg, 16.1339, 1e-9);
        CHECK_INT(e.geo_precision, 2);
        CHECK_INT(e.line, 5);
        mm_events_get(ev, 1, &e);
        CHECK_NEAR(e.lon_deg, 1.4, 1e-12);
        CHECK_NEAR(e.lat_deg, 18.4, 1e-12);
        CHECK_INT(e.fatalities, 3);
        CHECK_STR(e.notes, "n");
        CHECK_INT(e.line, 2);
    }
    mm_events_destroy(ev);
    mm_buf_fini(&problems);
    /* Without a sink the first problem stops the read. */
    mm_error_clear(&err);
    ev = NULL;
    CHECK_INT(mm_events_read_geojson(doc, places, NULL, NULL, &ev, &err), MM_E_DATA);
    CHECK(ev == NULL);
    CHECK_STR(error_text(&err), "e.geojson:7:74: error: invalid latitude 123: must be within "
                                "-90..90");
    mm_json_destroy(doc);
    mm_places_destroy(places);
}

static void test_geojson_file_and_bad_root(void)
{
    const char *path = mm_test_path("points.geojson");
    const char *text = "[1, 2]";
    CHECK_INT(mm_test_write_file(path, text, strlen(text)), 0);
    mm_error err;
    mm_error_clear(&err);
    mm_events *ev = NULL;
    CHECK_INT(mm_events_load(path, NULL, NULL, NULL, &ev, &err), MM_E_DATA);
    CHECK(strstr(error_text(&err), "points.geojson:1:1: error: expected a GeoJSON "
                                   "FeatureCollection with a \"features\" array") != NULL);
    text = "{\"type\": \"FeatureCollection\", \"features\": []}";
    CHECK_INT(mm_test_write_file(path, text, strlen(text)), 0);
    mm_error_clear(&err);
    CHECK_INT(mm_events_load(path, NULL, NULL, NULL, &ev, &err), MM_OK);
    CHECK(ev && mm_events_count(ev) == 0 && mm_date_is_none(mm_events_latest(ev)));
    mm_events_destroy(ev);
}

static void test_bundled_events(void)
{
    mm_error err;
    mm_error_clear(&err);
    mm_places *p = NULL;
    mm_events *ev = NULL;
    CHECK_INT(mm_places_load("shapes/places.csv", NULL, &p, &err), MM_OK);
    CHECK_INT(mm_events_load("shapes/events.csv", p, NULL, NULL, &ev, &err), MM_OK);
    if (ev) {
        CHECK_INT(mm_events_count(ev), 113);
        size_t geocoded = 0;
        for (size_t i = 0; i < mm_events_count(ev); i++) {
            mm_event e;
            mm_events_get(ev, i, &e);
            geocoded += e.geocoded;
            CHECK(i == 0 || mm_events_date(ev, i - 1).day <= e.date.day);
        }
        CHECK(geocoded > 10); /* about a quarter leave the coordinates empty on purpose */
    }
    mm_events_destroy(ev);
    mm_places_destroy(p);
}

/* Rows of an ACLED-like file with notes of about 80 bytes. */
static char *generated(size_t n, size_t *len)
{
    mm_buf b;
    mm_buf_init(&b);
    mm_buf_puts(&b, "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,"
                    "location,latitude,longitude,fatalities,notes,source\n");
    static const char *const locs[] = {"Kidal", "Tonka", "Timbuktu", "Niafunke"};
    for (size_t i = 0; i < n; i++) {
        mm_buf_printf(&b,
                      "MLI%zu,%04zu-%02zu-%02zu,Battles,Armed clash,Military Forces of Mali "
                      "(2021-),JNIM: Group for Support of Islam and Muslims,%s,,,%zu,"
                      "Clashes reported near the town; several casualties on both sides (%zu).,"
                      "Reuters\n",
                      i, 2012 + i % 13, 1 + i % 12, 1 + i % 28, locs[i % 4], i % 7, i);
    }
    *len = b.len;
    return mm_buf_steal(&b);
}

static void test_compact_storage(void)
{
    enum { N = 50000 };
    mm_places *places = gazetteer();
    size_t len;
    char *text = generated(N, &len);
    mm_error err;
    mm_events_opts keep = {0}, drop = {.drop_notes = true};
    mm_events *a = read_csv_text(text, places, &keep, NULL, &err);
    mm_events *b = read_csv_text(text, places, &drop, NULL, &err);
    CHECK(a && b);
    if (a && b) {
        CHECK_INT(mm_events_count(a), N);
        double per_row = (double)mm_events_bytes(a) / N;
        double per_row_dropped = (double)mm_events_bytes(b) / N;
        /* 80 bytes packed, a short id, ~75 bytes of notes, and the slack of the last 1 MiB
         * string block; the repeated strings are stored once. */
        CHECK(per_row < 200);
        CHECK(per_row_dropped < 120);
        CHECK(per_row - per_row_dropped > 50);
        mm_event e;
        mm_events_get(b, 0, &e);
        CHECK_STR(e.notes, "");
        printf("  events: %.0f bytes/row with notes, %.0f without\n", per_row, per_row_dropped);
    }
    mm_events_destroy(a);
    mm_events_destroy(b);
    mm_free(text);
    mm_places_destroy(places);
}

static void test_type_names(void)
{
    mm_event_type t;
    CHECK(mm_event_type_parse("explosions/remote VIOLENCE", 26, &t) && t == MM_EVENT_EXPLOSIONS);
    CHECK(mm_event_type_parse("Strategic developments", 22, &t) &&
          t == MM_EVENT_STRATEGIC_DEVELOPMENTS);
    CHECK(!mm_event_type_parse("Battle", 6, &t));
    CHECK(!mm_event_type_parse("", 0, &t));
    CHECK_STR(mm_event_type_name(MM_EVENT_VIOLENCE_AGAINST_CIVILIANS),
              "Violence against civilians");
}

static void test_intern(void)
{
    mm_intern *in = mm_intern_create();
    CHECK_INT(mm_intern_add(in, "", 0), 0);
    CHECK_STR(mm_intern_str(in, 0), "");
    uint32_t ids[5000];
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "name %d", i);
        ids[i] = mm_intern_add(in, buf, (size_t)n);
    }
    CHECK_INT(mm_intern_count(in), 5001);
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "name %d", i);
        uint32_t id = 0;
        CHECK(mm_intern_find(in, buf, (size_t)n, &id) && id == ids[i]);
        CHECK_INT(mm_intern_add(in, buf, (size_t)n), ids[i]);
        CHECK_INT(mm_intern_len(in, ids[i]), n);
    }
    CHECK_STR(mm_intern_str(in, ids[4321]), "name 4321");
    uint32_t id;
    CHECK(!mm_intern_find(in, "name 5000", 9, &id));
    CHECK(mm_intern_find(in, "", 0, &id) && id == 0);
    /* Strings with NUL bytes inside are distinct by length. */
    CHECK(mm_intern_add(in, "a\0b", 3) != mm_intern_add(in, "a", 1));
    /* Copies are not interned; a long one gets its own block. */
    const char *c1 = mm_intern_copy(in, "xyz", 3);
    const char *c2 = mm_intern_copy(in, "xyz", 3);
    CHECK(c1 != c2 && !strcmp(c1, c2));
    char *big = mm_malloc(600000);
    memset(big, 'q', 600000);
    const char *c3 = mm_intern_copy(in, big, 600000);
    CHECK(c3[0] == 'q' && c3[599999] == 'q' && c3[600000] == '\0');
    CHECK(mm_intern_bytes(in) > 600000);
    mm_free(big);
    mm_intern_destroy(in);
    mm_intern_destroy(NULL);
}

MM_TESTS("events", {"acled_export", test_acled_export},
         {"geocoding_alternate_names", test_geocoding_alternate_names},
         {"unknown_place_names_nearest", test_unknown_place_names_nearest},
         {"every_problem", test_every_problem}, {"missing_columns", test_missing_columns},
         {"sorted_by_date_stable", test_sorted_by_date_stable},
         {"sorted_by_date_counting", test_sorted_by_date_counting}, {"geojson", test_geojson},
         {"geojson_file_and_bad_root", test_geojson_file_and_bad_root},
         {"bundled_events", test_bundled_events}, {"compact_storage", test_compact_storage},
         {"type_names", test_type_names}, {"intern", test_intern}, )
