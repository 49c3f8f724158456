/*
 * fuzz_control_places.c — the gazetteer, actors and control readers, and the
 * timeline built from them. The input holds up to three files separated by
 * a line "#--": places.csv, actors.csv, control.csv. Each is read once
 * stopping at the first problem and once collecting every problem; lookups,
 * suggestions and searches run on names taken from the input.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "malimap/actors.h"
#include "malimap/control.h"
#include "malimap/places.h"
#include "malimap/timeline.h"

static const char FALLBACK_PLACES[] = "name,lat,lon\nGao,16.27,-0.04\nKidal,18.44,1.41\n";

static void count_problem(void *ctx, const mm_error *problem)
{
    (void)problem;
    (*(size_t *)ctx)++;
}

static mm_places *read_places(fuzz_part p, bool collect)
{
    mm_error err;
    mm_error_clear(&err);
    size_t problems = 0;
    mm_diag diag;
    mm_diag_init(&diag, count_problem, &problems);
    mm_csv *csv = NULL;
    mm_places *out = NULL;
    mm_csv_open_mem("places.csv", p.data, p.len, NULL, &csv, &err);
    mm_places_read(csv, collect ? &diag : NULL, &out, &err);
    mm_csv_close(csv);
    return out;
}

static mm_actors *read_actors(fuzz_part p, bool collect)
{
    mm_error err;
    mm_error_clear(&err);
    size_t problems = 0;
    mm_diag diag;
    mm_diag_init(&diag, count_problem, &problems);
    mm_csv *csv = NULL;
    mm_actors *out = NULL;
    mm_csv_open_mem("actors.csv", p.data, p.len, NULL, &csv, &err);
    mm_actors_read(csv, collect ? &diag : NULL, &out, &err);
    mm_csv_close(csv);
    return out;
}

static mm_control *read_control(fuzz_part p, const mm_places *places, const mm_actors *actors,
                                bool collect)
{
    mm_error err;
    mm_error_clear(&err);
    size_t problems = 0;
    mm_diag diag;
    mm_diag_init(&diag, count_problem, &problems);
    mm_csv *csv = NULL;
    mm_control *out = NULL;
    mm_csv_open_mem("control.csv", p.data, p.len, NULL, &csv, &err);
    mm_control_read(csv, places, actors, collect ? &diag : NULL, &out, &err);
    mm_csv_close(csv);
    return out;
}

/* Lookups with the first line of a part (at most 64 bytes) as the name. */
static void lookups(const mm_places *places, const mm_actors *actors, fuzz_part p)
{
    char name[65];
    size_t n = 0;
    while (n < p.len && n < 64 && p.data[n] != '\n') {
        name[n] = p.data[n] ? p.data[n] : '?';
        n++;
    }
    name[n] = '\0';
    size_t idx[4], one;
    bool close;
    mm_places_lookup(places, name, n, &one);
    mm_places_suggest(places, name, idx, 4, &close);
    mm_places_search(places, name, idx, 4);
    mm_buf hint;
    mm_buf_init(&hint);
    mm_places_hint(places, name, &hint);
    mm_buf_fini(&hint);
    if (actors) {
        mm_actors_lookup(actors, name, &one);
        mm_actors_find_code(actors, name, &one);
        mm_actors_display_name(actors, name);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_part part[3] = {{"", 0}, {"", 0}, {"", 0}};
    fuzz_split(data, size, "\n#--\n", part, 3);
    for (int collect = 0; collect < 2; collect++) {
        mm_places *places = read_places(part[0], collect);
        if (!places) {
            places = read_places((fuzz_part){FALLBACK_PLACES, sizeof FALLBACK_PLACES - 1}, false);
        }
        mm_actors *actors = read_actors(part[1], collect);
        mm_control *control = read_control(part[2], places, actors, collect);
        lookups(places, actors, part[2]);
        lookups(places, actors, part[0]);
        if (control) {
            mm_timeline *tl = mm_timeline_create(places, control, NULL, actors);
            mm_date latest = mm_timeline_latest(tl);
            if (mm_date_is_none(latest)) {
                mm_date_from_ymd(2023, 11, 14, &latest);
            }
            mm_date dates[3] = {latest, {latest.day - 30}, MM_DATE_NONE};
            for (size_t p = 0; p < mm_places_count(places); p++) {
                mm_place_state s;
                mm_timeline_state(tl, p, dates[0], &s);
                mm_timeline_state(tl, p, dates[1], &s);
            }
            mm_change changes[8];
            mm_timeline_changes(tl, dates[1], dates[0], changes, 8);
            mm_features_destroy(mm_timeline_place_features(tl, dates[0], dates[1]));
            mm_features_destroy(mm_timeline_place_features(tl, dates[0], dates[2]));
            mm_timeline_destroy(tl);
        }
        mm_control_destroy(control);
        mm_actors_destroy(actors);
        mm_places_destroy(places);
    }
    return 0;
}
