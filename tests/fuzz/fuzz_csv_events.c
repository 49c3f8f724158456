/*
 * fuzz_csv_events.c — the CSV reader and the events reader. The input is read
 * as CSV with the default limits and with tiny ones (every record walked), as
 * an ACLED events file against a small places table (stopping at the first
 * problem, then collecting them all), and as GeoJSON events.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "malimap/csv.h"
#include "malimap/events.h"
#include "malimap/json.h"
#include "malimap/places.h"

static const char PLACES[] = "name,alt_names,lat,lon,admin1,kind,rank\n"
                             "Timbuktu,Tombouctou;Tumbutu,16.7735,-3.0074,Tombouctou,city,1\n"
                             "Tonka,,16.1167,-3.9833,Tombouctou,town,3\n"
                             "Niafunké,Niafunke,15.9322,-3.9906,Tombouctou,town,2\n"
                             "Kidal,,18.4411,1.4078,Kidal,city,1\n";

static void count_problem(void *ctx, const mm_error *problem)
{
    (void)problem;
    (*(size_t *)ctx)++;
}

static void walk_csv(const char *data, size_t len, const mm_csv_limits *lim)
{
    mm_csv *csv = NULL;
    mm_error err;
    mm_error_clear(&err);
    mm_csv_open_mem("fuzz.csv", data, len, lim, &csv, &err);
    for (int guard = 0; guard < 1000000; guard++) {
        bool has = false;
        mm_error_clear(&err);
        mm_status st = mm_csv_next(csv, &has, &err);
        if (st != MM_OK && st != MM_E_DATA) {
            break;
        }
        if (st == MM_OK && !has) {
            break;
        }
        const mm_csv_field *f = mm_csv_fields(csv);
        for (size_t i = 0; i < mm_csv_count(csv); i++) {
            if (f[i].data[f[i].len] != '\0') {
                __builtin_trap(); /* the reader promises a terminator */
            }
        }
    }
    mm_csv_close(csv);
}

static void walk_events(const mm_events *ev)
{
    if (!ev) {
        return;
    }
    size_t n = mm_events_count(ev);
    for (size_t i = 0; i < n; i++) {
        mm_event e;
        mm_events_get(ev, i, &e);
        if (i > 0 && mm_events_date(ev, i - 1).day > e.date.day) {
            __builtin_trap(); /* rows must be in date order */
        }
        mm_events_lower_bound(ev, e.date);
    }
    mm_events_latest(ev);
    mm_events_max_span_days(ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    walk_csv(text, size, NULL);
    walk_csv(text, size, &(mm_csv_limits){.max_field_bytes = 16, .max_fields = 4});

    mm_error err;
    mm_error_clear(&err);
    mm_csv *pcsv = NULL;
    mm_places *places = NULL;
    mm_csv_open_mem("places.csv", PLACES, sizeof PLACES - 1, NULL, &pcsv, &err);
    mm_places_read(pcsv, NULL, &places, &err);
    mm_csv_close(pcsv);

    for (int pass = 0; pass < 2; pass++) {
        size_t problems = 0;
        mm_diag diag;
        mm_diag_init(&diag, count_problem, &problems);
        mm_csv *csv = NULL;
        mm_events *ev = NULL;
        mm_error_clear(&err);
        mm_csv_open_mem("events.csv", text, size, NULL, &csv, &err);
        mm_events_opts opts = {.drop_notes = pass == 1};
        mm_events_read_csv(csv, pass ? places : NULL, &opts, pass ? &diag : NULL, &ev, &err);
        walk_events(ev);
        mm_events_destroy(ev);
        mm_csv_close(csv);
    }

    mm_json_doc *doc = NULL;
    mm_error_clear(&err);
    if (mm_json_parse("events.geojson", text, size, NULL, &doc, &err) == MM_OK) {
        size_t problems = 0;
        mm_diag diag;
        mm_diag_init(&diag, count_problem, &problems);
        mm_events *ev = NULL;
        mm_events_read_geojson(doc, places, NULL, &diag, &ev, &err);
        walk_events(ev);
        mm_events_destroy(ev);
        mm_json_destroy(doc);
    }
    mm_places_destroy(places);
    return 0;
}
