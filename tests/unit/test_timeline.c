/*
 * test_timeline.c — the as-of-date model: the state of a place the day
 * before a change, on the day of it and before its first row; two rows on one
 * day; rows out of date order; changes between two dates, and the same
 * holder said again by a newer row; the events window
 * at its boundaries, multi-day events and their age; the feature sets built
 * for the renderer; and the acceptance dates of the bundled dataset.
 */
#include <stdio.h>

#include "harness.h"
#include "malimap/timeline.h"

typedef struct world {
    mm_places *places;
    mm_actors *actors;
    mm_control *control;
    mm_events *events;
    mm_timeline *tl;
} world;

static mm_csv *open_text(const char *name, const char *text)
{
    mm_csv *csv = NULL;
    mm_error err;
    mm_error_clear(&err);
    mm_csv_open_mem(name, text, strlen(text), NULL, &csv, &err);
    return csv;
}

static const char *PLACES = "name,alt_names,lat,lon,admin1,kind,rank\n"
                            "Kidal,,18.4389,1.4083,Kidal,regional_capital,2\n"
                            "Ber,Bér,16.83,-2.52,Tombouctou,town,3\n"
                            "Bourem,,16.9461,-0.3131,Gao,town,\n"
                            "Bamako,,12.65,-8,Bamako,capital,1\n";

static const char *ACTORS = "code,name\nFAMA,Malian army\nCSP,CSP rebels\nCMA,CMA\n";

static const char *CONTROL = "date,place,controller,status,confidence,source\n"
                             "2023-08-12,Ber,CMA,,medium,s1\n"
                             "2023-08-13,Ber,FAMA,held,high,s2\n"
                             "2023-09-12,Bourem,CSP,contested,low,s3\n"
                             "2023-09-12,Bourem,FAMA,held,medium,s4\n"
                             "2023-10-31,Kidal,CSP,held,high,s5\n"
                             "2023-11-14,Kidal,FAMA,held,high,s6\n"
                             "2014-05-21,Kidal,CMA,held,high,s7\n";

static const char *EVENTS = "event_id_cnty,event_date,end_date,event_type,location,latitude,"
                            "longitude,fatalities,notes\n"
                            "e1,2023-11-14,,Battles,Kidal,,,0,n1\n"
                            "e2,2023-11-11,2023-11-13,Battles,Kidal,,,,\n"
                            "e3,2023-10-15,,Riots,Ber,,,1,\n"
                            "e4,2023-10-16,,Protests,Ber,,,2,\n"
                            "e5,2023-10-01,2023-10-20,Strategic developments,Bourem,,,,\n"
                            "e6,2023-10-01,2023-10-15,Riots,Bourem,,,,\n"
                            "e7,2023-11-15,,Riots,Bourem,,,,\n";

/* The world of the fixtures above, with control from control_csv. */
static void build_with(world *w, const char *control_csv)
{
    memset(w, 0, sizeof *w);
    mm_error err;
    mm_error_clear(&err);
    mm_csv *c = open_text("places.csv", PLACES);
    CHECK_INT(mm_places_read(c, NULL, &w->places, &err), MM_OK);
    mm_csv_close(c);
    c = open_text("actors.csv", ACTORS);
    CHECK_INT(mm_actors_read(c, NULL, &w->actors, &err), MM_OK);
    mm_csv_close(c);
    c = open_text("control.csv", control_csv);
    CHECK_INT(mm_control_read(c, w->places, w->actors, NULL, &w->control, &err), MM_OK);
    mm_csv_close(c);
    c = open_text("events.csv", EVENTS);
    CHECK_INT(mm_events_read_csv(c, w->places, NULL, NULL, &w->events, &err), MM_OK);
    mm_csv_close(c);
    w->tl = mm_timeline_create(w->places, w->control, w->events, w->actors);
}

static void build(world *w)
{
    build_with(w, CONTROL);
}

static void destroy(world *w)
{
    mm_timeline_destroy(w->tl);
    mm_events_destroy(w->events);
    mm_control_destroy(w->control);
    mm_actors_destroy(w->actors);
    mm_places_destroy(w->places);
}

static mm_date day(const char *s)
{
    mm_date d = MM_DATE_NONE;
    CHECK(mm_date_parse(s, strlen(s), &d, NULL));
    return d;
}

static const char *iso(mm_date d)
{
    static char buf[11];
    mm_date_format(d, buf);
    return buf;
}

/* The controller of place p on date s, "-" when unknown. */
static const char *holder(const world *w, size_t p, const char *s)
{
    mm_place_state st;
    mm_timeline_state(w->tl, p, day(s), &st);
    return st.known ? st.controller : "-";
}

static void test_state_at_boundaries(void)
{
    world w;
    build(&w);
    enum { KIDAL, BER, BOUREM, BAMAKO };
    CHECK_STR(holder(&w, KIDAL, "2023-11-13"), "CSP");
    CHECK_STR(holder(&w, KIDAL, "2023-11-14"), "FAMA");
    CHECK_STR(holder(&w, KIDAL, "2030-01-01"), "FAMA");
    CHECK_STR(holder(&w, KIDAL, "2014-05-20"), "-"); /* before the first row (out of order) */
    CHECK_STR(holder(&w, KIDAL, "2014-05-21"), "CMA");
    CHECK_STR(holder(&w, KIDAL, "2023-10-30"), "CMA");
    CHECK_STR(holder(&w, BER, "2023-08-11"), "-");
    CHECK_STR(holder(&w, BER, "2023-08-12"), "CMA");
    CHECK_STR(holder(&w, BER, "2023-08-13"), "FAMA");
    CHECK_STR(holder(&w, BAMAKO, "2023-08-13"), "-");
    /* Two rows on one day: the later in the file wins. */
    mm_place_state s;
    mm_timeline_state(w.tl, BOUREM, day("2023-09-12"), &s);
    CHECK_STR(s.controller, "FAMA");
    CHECK_INT(s.status, MM_CONTROL_HELD);
    CHECK_STR(s.source, "s4");
    CHECK_STR(s.previous, "CSP");
    mm_timeline_state(w.tl, KIDAL, day("2023-11-20"), &s);
    CHECK(s.known);
    CHECK_STR(iso(s.since), "2023-11-14");
    CHECK_INT(s.days_since_change, 6);
    CHECK_INT(s.confidence, MM_CONFIDENCE_HIGH);
    CHECK_STR(s.previous, "CSP");
    CHECK_INT(s.row->line, 7);
    mm_timeline_state(w.tl, KIDAL, day("2023-11-01"), &s);
    CHECK_STR(s.previous, "CMA");
    mm_timeline_state(w.tl, BER, day("2023-08-12"), &s);
    CHECK(s.previous == NULL);
    CHECK_INT(s.status, MM_CONTROL_HELD); /* empty status = held */
    mm_timeline_state(w.tl, BAMAKO, day("2023-08-12"), &s);
    CHECK(!s.known && s.row == NULL && s.controller == NULL && mm_date_is_none(s.since));
    CHECK_STR(iso(mm_timeline_latest(w.tl)), "2023-11-15");
    destroy(&w);
}

static void test_unknown_holder_rows(void)
{
    /* a sourced row can say that nobody is known to hold a place any more */
    mm_error err;
    mm_error_clear(&err);
    mm_places *places = NULL;
    mm_control *control = NULL;
    mm_csv *c = open_text("places.csv", PLACES);
    CHECK_INT(mm_places_read(c, NULL, &places, &err), MM_OK);
    mm_csv_close(c);
    c = open_text("control.csv", "date,place,controller,status,confidence,source\n"
                                 "2023-08-12,Ber,CMA,,medium,s1\n"
                                 "2023-08-13,Ber,FAMA,held,high,s2\n"
                                 "2023-09-20,Ber,,unknown,low,s3\n"
                                 "2023-10-01,Ber,FAMA,held,low,s4\n");
    CHECK_INT(mm_control_read(c, places, NULL, NULL, &control, &err), MM_OK);
    mm_csv_close(c);
    if (!places || !control) {
        mm_places_destroy(places);
        mm_control_destroy(control);
        return;
    }
    mm_timeline *tl = mm_timeline_create(places, control, NULL, NULL);
    mm_place_state s;
    mm_timeline_state(tl, 1, day("2023-09-19"), &s);
    CHECK(s.known);
    CHECK_STR(s.controller, "FAMA");
    mm_timeline_state(tl, 1, day("2023-09-20"), &s);
    CHECK(!s.known);
    CHECK(s.controller == NULL);
    CHECK(s.row != NULL);
    CHECK_STR(iso(s.since), "2023-09-20");
    CHECK_STR(s.source, "s3");
    mm_timeline_state(tl, 1, day("2023-10-01"), &s);
    CHECK(s.known);
    CHECK_STR(s.controller, "FAMA");
    CHECK_STR(s.previous, "CMA"); /* the unknown spell names nobody */
    mm_change ch[4];
    CHECK_INT(mm_timeline_changes(tl, day("2023-09-01"), day("2023-09-25"), ch, 4), 1);
    mm_timeline_destroy(tl);
    mm_control_destroy(control);
    mm_places_destroy(places);
}

static void test_changes(void)
{
    world w;
    build(&w);
    mm_change ch[4];
    size_t n = mm_timeline_changes(w.tl, day("2023-11-13"), day("2023-11-14"), ch, 4);
    CHECK_INT(n, 1);
    CHECK_INT(ch[0].place, 0);
    CHECK_STR(ch[0].from.controller, "CSP");
    CHECK_STR(ch[0].to.controller, "FAMA");
    /* Unknown → known counts; the status alone counts; a place never known does not. */
    n = mm_timeline_changes(w.tl, day("2023-08-01"), day("2023-11-14"), ch, 4);
    CHECK_INT(n, 3);
    CHECK_INT(ch[1].place, 1);
    CHECK(!ch[1].from.known);
    CHECK_INT(mm_timeline_changes(w.tl, day("2023-09-11"), day("2023-09-12"), ch, 4), 1);
    CHECK_INT(mm_timeline_changes(w.tl, day("2023-11-14"), day("2023-11-20"), ch, 4), 0);
    CHECK_INT(mm_timeline_changes(w.tl, day("2023-08-01"), day("2023-11-14"), ch, 1), 3);
    destroy(&w);
}

/* Kidal: FAMA from the 14th, said again by another source on the 20th. */
static void test_reaffirmed(void)
{
    char control[1024];
    snprintf(control, sizeof control, "%s2023-11-20,Kidal,FAMA,held,medium,s8\n", CONTROL);
    world w;
    build_with(&w, control);
    mm_change ch[4];
    CHECK_INT(mm_timeline_reaffirmed(w.tl, day("2023-11-14"), day("2023-11-20"), ch, 4), 1);
    CHECK_INT(ch[0].place, 0);
    CHECK_STR(ch[0].to.controller, "FAMA");
    CHECK_STR(iso(ch[0].to.since), "2023-11-20");
    CHECK_STR(iso(ch[0].from.since), "2023-11-14");
    CHECK_STR(ch[0].to.source, "s8");
    /* either order; not before the new row; not across a change of hands */
    CHECK_INT(mm_timeline_reaffirmed(w.tl, day("2023-11-21"), day("2023-11-15"), ch, 4), 1);
    CHECK_INT(mm_timeline_reaffirmed(w.tl, day("2023-11-14"), day("2023-11-19"), ch, 4), 0);
    CHECK_INT(mm_timeline_reaffirmed(w.tl, day("2023-11-13"), day("2023-11-20"), ch, 4), 0);
    CHECK_INT(mm_timeline_changes(w.tl, day("2023-11-14"), day("2023-11-20"), ch, 4), 0);
    destroy(&w);
}

static void test_window(void)
{
    world w;
    build(&w);
    mm_window_event out[8];
    /* (2023-10-15, 2023-11-14]: e5 overlaps, e4, e2 (multi-day), e1; not e3, e6 or e7. */
    size_t n = mm_timeline_events(w.tl, day("2023-10-15"), day("2023-11-14"), out, 8);
    CHECK_INT(n, 4);
    const char *want[] = {"e5", "e4", "e2", "e1"};
    const int age[] = {25, 29, 1, 0};
    for (size_t i = 0; i < n && i < 4; i++) {
        mm_event e;
        mm_events_get(w.events, out[i].index, &e);
        CHECK_STR(e.id, want[i]);
        CHECK_INT(out[i].age_days, age[i]);
    }
    /* A multi-day event still going on is 0 days old. */
    n = mm_timeline_events(w.tl, day("2023-11-11"), day("2023-11-12"), out, 8);
    CHECK_INT(n, 1);
    CHECK_INT(out[0].age_days, 0);
    /* A one-day window holds the events of that day only. */
    CHECK_INT(mm_timeline_events(w.tl, day("2023-10-15"), day("2023-10-16"), out, 8), 2);
    CHECK_INT(mm_timeline_events(w.tl, day("2023-11-14"), day("2023-11-14"), out, 8), 0);
    CHECK_INT(mm_timeline_events(w.tl, day("2023-10-15"), day("2023-11-14"), NULL, 0), 4);
    destroy(&w);
}

static void test_place_features(void)
{
    world w;
    build(&w);
    mm_features *fs = mm_timeline_place_features(w.tl, day("2023-11-14"), MM_DATE_NONE);
    CHECK_INT(mm_features_count(fs), 4);
    char names[512] = "";
    for (size_t i = 0; i < mm_features_field_count(fs); i++) {
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? "," : "",
                 mm_features_field_name(fs, i));
    }
    CHECK_STR(names, "name,admin1,kind,rank,controller,controller_name,status,since,"
                     "days_since_change,confidence,source,changed,previous_controller,"
                     "coord_precision,since_label");
    const mm_geom *g = mm_features_geom(fs, 0);
    CHECK_INT(g->type, MM_GEOM_POINT);
    CHECK_NEAR(g->pts[0].x, 1.4083, 1e-12);
    CHECK_NEAR(g->pts[0].y, 18.4389, 1e-12);
    CHECK_STR(mm_features_get_named(fs, 0, "controller").u.str, "FAMA");
    CHECK_STR(mm_features_get_named(fs, 0, "controller_name").u.str, "Malian army");
    CHECK_STR(mm_features_get_named(fs, 0, "since").u.str, "2023-11-14");
    CHECK_STR(mm_features_get_named(fs, 0, "status").u.str, "held");
    CHECK_STR(mm_features_get_named(fs, 0, "previous_controller").u.str, "CSP");
    CHECK_NEAR(mm_features_get_named(fs, 0, "days_since_change").u.num, 0, 0);
    CHECK_NEAR(mm_features_get_named(fs, 0, "rank").u.num, 2, 0);
    mm_value changed = mm_features_get_named(fs, 0, "changed");
    CHECK(changed.type == MM_VAL_BOOL && !changed.u.b);
    CHECK_INT(mm_features_get_named(fs, 2, "rank").type, MM_VAL_NULL);
    /* Bamako: no known holder. */
    CHECK_STR(mm_features_get_named(fs, 3, "name").u.str, "Bamako");
    CHECK_INT(mm_features_get_named(fs, 3, "controller").type, MM_VAL_NULL);
    CHECK_INT(mm_features_get_named(fs, 3, "since").type, MM_VAL_NULL);
    CHECK_INT(mm_features_get_named(fs, 3, "changed").type, MM_VAL_BOOL);
    mm_features_destroy(fs);

    fs = mm_timeline_place_features(w.tl, day("2023-11-14"), day("2023-11-01"));
    changed = mm_features_get_named(fs, 0, "changed");
    CHECK(changed.type == MM_VAL_BOOL && changed.u.b);
    CHECK_STR(mm_features_get_named(fs, 0, "previous_controller").u.str, "CSP");
    changed = mm_features_get_named(fs, 1, "changed");
    CHECK(!changed.u.b);
    CHECK_STR(mm_features_get_named(fs, 1, "previous_controller").u.str, "FAMA");
    mm_features_destroy(fs);
    /* Unknown on the since date: not a change. */
    fs = mm_timeline_place_features(w.tl, day("2023-11-14"), day("2023-08-01"));
    CHECK(!mm_features_get_named(fs, 1, "changed").u.b);
    CHECK_INT(mm_features_get_named(fs, 1, "previous_controller").type, MM_VAL_NULL);
    mm_features_destroy(fs);
    destroy(&w);
}

static void test_event_features(void)
{
    world w;
    build(&w);
    mm_features *fs = mm_timeline_event_features(w.tl, day("2023-10-15"), day("2023-11-14"));
    CHECK_INT(mm_features_count(fs), 4);
    CHECK_STR(mm_features_field_name(fs, 0), "event_id");
    CHECK_STR(mm_features_field_name(fs, 8), "age_days");
    CHECK_STR(mm_features_get_named(fs, 3, "event_id").u.str, "e1");
    CHECK_STR(mm_features_get_named(fs, 3, "event_date").u.str, "2023-11-14");
    CHECK_STR(mm_features_get_named(fs, 3, "event_type").u.str, "Battles");
    CHECK_STR(mm_features_get_named(fs, 3, "notes").u.str, "n1");
    CHECK_NEAR(mm_features_get_named(fs, 3, "fatalities").u.num, 0, 0);
    CHECK_INT(mm_features_get_named(fs, 2, "fatalities").type, MM_VAL_NULL);
    CHECK_NEAR(mm_features_get_named(fs, 2, "age_days").u.num, 1, 0);
    CHECK_STR(mm_features_get_named(fs, 2, "end_date").u.str, "2023-11-13");
    CHECK_INT(mm_features_get_named(fs, 2, "notes").type, MM_VAL_NULL);
    CHECK_NEAR(mm_features_geom(fs, 3)->pts[0].y, 18.4389, 1e-12);
    mm_features_destroy(fs);
    fs = mm_timeline_event_features(w.tl, day("2000-01-01"), day("2000-02-01"));
    CHECK_INT(mm_features_count(fs), 0);
    CHECK_INT(mm_features_field_count(fs), 14);
    mm_features_destroy(fs);
    destroy(&w);
}

static void test_without_events(void)
{
    world w;
    build(&w);
    mm_timeline *tl = mm_timeline_create(w.places, w.control, NULL, NULL);
    mm_window_event out[2];
    CHECK_INT(mm_timeline_events(tl, day("2023-10-15"), day("2023-11-14"), out, 2), 0);
    CHECK_STR(iso(mm_timeline_latest(tl)), "2023-11-14");
    mm_features *fs = mm_timeline_place_features(tl, day("2023-11-14"), MM_DATE_NONE);
    CHECK_STR(mm_features_get_named(fs, 0, "controller_name").u.str, "FAMA");
    mm_features_destroy(fs);
    mm_timeline_destroy(tl);
    destroy(&w);
}

/* The acceptance dates of issue 4 on the bundled files. */
static void test_bundled_acceptance(void)
{
    world w;
    memset(&w, 0, sizeof w);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_places_load("shapes/places.csv", NULL, &w.places, &err), MM_OK);
    CHECK_INT(mm_actors_load("shapes/actors.csv", NULL, &w.actors, &err), MM_OK);
    if (!w.places || !w.actors) {
        destroy(&w);
        return;
    }
    CHECK_INT(mm_control_load("shapes/control.csv", w.places, w.actors, NULL, &w.control, &err),
              MM_OK);
    CHECK_INT(mm_events_load("shapes/events.csv", w.places, NULL, NULL, &w.events, &err), MM_OK);
    if (!w.control || !w.events) {
        destroy(&w);
        return;
    }
    w.tl = mm_timeline_create(w.places, w.control, w.events, w.actors);
    size_t kidal, ber, anefis, tin;
    CHECK(mm_places_lookup(w.places, "Kidal", 5, &kidal));
    CHECK(mm_places_lookup(w.places, "Ber", 3, &ber));
    CHECK(mm_places_lookup(w.places, "Anefis", 6, &anefis));
    CHECK(mm_places_lookup(w.places, "Tin-Zaouatene", 13, &tin));
    CHECK_STR(holder(&w, kidal, "2023-11-13"), "CSP");
    CHECK_STR(holder(&w, kidal, "2023-11-14"), "FAMA");
    CHECK_STR(holder(&w, ber, "2023-08-12"), "CMA");
    CHECK_STR(holder(&w, ber, "2023-08-13"), "FAMA");
    CHECK_STR(holder(&w, anefis, "2023-10-06"), "CSP");
    CHECK_STR(holder(&w, anefis, "2023-10-07"), "FAMA");
    CHECK_STR(holder(&w, tin, "2024-07-24"), "-");
    CHECK_STR(holder(&w, tin, "2024-08-01"), "CSP");
    destroy(&w);
}

MM_TESTS("timeline", {"state_at_boundaries", test_state_at_boundaries},
         {"reaffirmed", test_reaffirmed},
         {"unknown_holder_rows", test_unknown_holder_rows}, {"changes", test_changes},
         {"window", test_window}, {"place_features", test_place_features},
         {"event_features", test_event_features}, {"without_events", test_without_events},
         {"bundled_acceptance", test_bundled_acceptance}, )
