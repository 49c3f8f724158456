/*
 * test_control.c — the control timeline file: columns by name, defaults,
 * places resolved by folded names, controllers checked against actors,
 * every problem with its line; and the actors table it relies on.
 */
#include "harness.h"
#include "malimap/actors.h"
#include "malimap/control.h"

static void collect(void *ctx, const mm_error *e)
{
    char line[1200];
    mm_error_format(e, line, sizeof line);
    mm_buf_printf(ctx, "%s\n", line);
}

static const char *PLACES = "name,alt_names,lat,lon\n"
                            "Kidal,,18.4389,1.4083\n"
                            "Tonka,,16.1339,-3.7486\n"
                            "Anéfis,Anefis,18.05,0.6\n";

static const char *ACTORS = "code,name,kind,aliases\n"
                            "FAMA,Malian Armed Forces,state,Military Forces of Mali (2021-);FAMa\n"
                            "CSP,Permanent Strategic Framework,rebel,CSP-PSD;CSP-DPA\n"
                            "PLATFORM,Platform,militia,GATIA;MSA\n";

/* Tables read from text for one test; free with fini(). */
typedef struct fixture {
    mm_places *places;
    mm_actors *actors;
    mm_control *control;
    mm_buf problems;
    mm_error err;
} fixture;

static mm_status read_csv(const char *name, const char *text, int which, fixture *f,
                          bool collect_all)
{
    mm_csv *csv = NULL;
    mm_diag d;
    mm_diag_init(&d, collect, &f->problems);
    mm_diag *diag = collect_all ? &d : NULL;
    mm_error_clear(&f->err);
    mm_csv_open_mem(name, text, strlen(text), NULL, &csv, &f->err);
    mm_status st;
    if (which == 0) {
        st = mm_places_read(csv, diag, &f->places, &f->err);
    } else if (which == 1) {
        st = mm_actors_read(csv, diag, &f->actors, &f->err);
    } else {
        st = mm_control_read(csv, f->places, f->actors, diag, &f->control, &f->err);
    }
    mm_csv_close(csv);
    return st;
}

static void setup(fixture *f)
{
    memset(f, 0, sizeof *f);
    mm_buf_init(&f->problems);
    CHECK_INT(read_csv("places.csv", PLACES, 0, f, false), MM_OK);
    CHECK_INT(read_csv("actors.csv", ACTORS, 1, f, false), MM_OK);
}

static void fini(fixture *f)
{
    mm_control_destroy(f->control);
    mm_actors_destroy(f->actors);
    mm_places_destroy(f->places);
    mm_buf_fini(&f->problems);
}

static const char *error_text(const mm_error *err)
{
    static char line[1200];
    mm_error_format(err, line, sizeof line);
    return line;
}

static void test_rows_and_defaults(void)
{
    fixture f;
    setup(&f);
    const char *text = "note,source,status,controller,place,date,confidence,extra\n"
                       "first,src1,,CSP,Kidal,2023-10-31,high,x\n"
                       "\"with, comma\",src2,CONTESTED,FAMA,anefis,7 October 2023,,y\r\n"
                       "n,src3,besieged,FAMA,KIDAL,14-November-2023,Low,z\n";
    CHECK_INT(read_csv("control.csv", text, 2, &f, false), MM_OK);
    if (f.control) {
        CHECK_INT(mm_control_count(f.control), 3);
        const mm_control_row *r = mm_control_get(f.control, 0);
        CHECK_INT(r->place, 0);
        CHECK_STR(r->controller, "CSP");
        CHECK_INT(r->status, MM_CONTROL_HELD);
        CHECK_INT(r->confidence, MM_CONFIDENCE_HIGH);
        CHECK_STR(r->source, "src1");
        CHECK_STR(r->note, "first");
        CHECK_INT(r->line, 2);
        r = mm_control_get(f.control, 1);
        CHECK_INT(r->place, 2);
        CHECK_INT(r->status, MM_CONTROL_CONTESTED);
        CHECK_INT(r->confidence, MM_CONFIDENCE_NONE);
        CHECK_STR(r->note, "with, comma");
        char d[11];
        mm_date_format(r->date, d);
        CHECK_STR(d, "2023-10-07");
        r = mm_control_get(f.control, 2);
        CHECK_INT(r->status, MM_CONTROL_BESIEGED);
        CHECK_INT(r->confidence, MM_CONFIDENCE_LOW);
        CHECK(r->controller == mm_control_get(f.control, 1)->controller); /* interned */
        mm_date_format(mm_control_latest(f.control), d);
        CHECK_STR(d, "2023-11-14");
        CHECK(mm_control_places(f.control) == f.places);
    }
    CHECK_STR(mm_control_status_name(MM_CONTROL_CONTESTED), "contested");
    CHECK_STR(mm_confidence_name(MM_CONFIDENCE_NONE), "");
    CHECK_STR(mm_confidence_name(MM_CONFIDENCE_MEDIUM), "medium");
    fini(&f);
}

static void test_unknown_place_stops(void)
{
    fixture f;
    setup(&f);
    const char *text = "date,place,controller,source\n"
                       "2023-11-12,Tonkaa,FAMA,s\n"
                       "2023-11-13,Kidal,FAMA,\n";
    CHECK_INT(read_csv("control.csv", text, 2, &f, false), MM_E_DATA);
    CHECK(f.control == NULL);
    CHECK_STR(error_text(&f.err),
              "control.csv:2: error: unknown place 'Tonkaa' (did you mean 'Tonka'?)");
    fini(&f);
}

static void test_every_problem(void)
{
    fixture f;
    setup(&f);
    const char *text = "date,place,controller,status,confidence,source\n"
                       "2023-02-30,Kidal,FAMA,held,high,s\n"
                       "2023-11-13,Kidal,FAMA,held,high,\n"
                       "2023-11-13,Gao,FAMA,held,high,s\n"
                       "2023-11-13,Kidal,GATIA,held,high,s\n"
                       "2023-11-13,Kidal,Wagner,held,high,s\n"
                       "2023-11-13,Kidal,FAMA,occupied,high,s\n"
                       "2023-11-13,Kidal,FAMA,held,sure,s\n"
                       "2023-11-13,,FAMA,held,high,s\n"
                       "2023-11-13,Kidal,,held,high,s\n"
                       ",Kidal,FAMA,held,high,s\n"
                       "2023-11-14,Kidal,FAMA,held,high,ok\n";
    CHECK_INT(read_csv("control.csv", text, 2, &f, true), MM_OK);
    CHECK_STR(f.problems.data,
              "control.csv:2: error: invalid date '2023-02-30': day does not exist in that "
              "month\n"
              "control.csv:3: error: no source: every row must cite one\n"
              "control.csv:4: error: unknown place 'Gao' (nearest names: 'Kidal', 'Tonka', "
              "'Anéfis')\n"
              "control.csv:5: error: unknown controller 'GATIA': not an actor code (did you "
              "mean 'PLATFORM'?)\n"
              "control.csv:6: error: unknown controller 'Wagner': not an actor code\n"
              "control.csv:7: error: invalid status 'occupied': expected held, contested, "
              "besieged or unknown\n"
              "control.csv:8: error: invalid confidence 'sure': expected high, medium, low or "
              "nothing\n"
              "control.csv:9: error: empty place\n"
              "control.csv:10: error: empty controller (use status unknown when nobody is known "
              "to hold it)\n"
              "control.csv:11: error: empty date\n");
    CHECK(f.control != NULL);
    if (f.control) {
        CHECK_INT(mm_control_count(f.control), 1);
        CHECK_INT(mm_control_get(f.control, 0)->line, 12);
    }
    fini(&f);
}

static void test_without_actors_any_code(void)
{
    fixture f;
    setup(&f);
    mm_actors_destroy(f.actors);
    f.actors = NULL;
    CHECK_INT(read_csv("control.csv", "date,place,controller,source\n2020-01-01,Kidal,XYZ,s\n", 2,
                       &f, false),
              MM_OK);
    CHECK(f.control && !strcmp(mm_control_get(f.control, 0)->controller, "XYZ"));
    fini(&f);
}

static void test_missing_column(void)
{
    fixture f;
    setup(&f);
    CHECK_INT(
        read_csv("control.csv", "date,place,controller\n2020-01-01,Kidal,FAMA\n", 2, &f, true),
        MM_E_DATA);
    CHECK_STR(error_text(&f.err), "control.csv:1: error: missing column 'source'");
    fini(&f);
}

static void test_actors_lookup(void)
{
    fixture f;
    setup(&f);
    size_t i = 99;
    CHECK(mm_actors_lookup(f.actors, "military forces of mali (2021-)", &i) && i == 0);
    CHECK(mm_actors_lookup(f.actors, "CSP-DPA", &i) && i == 1);
    CHECK(mm_actors_lookup(f.actors, "csp", &i) && i == 1);
    CHECK(mm_actors_lookup(f.actors, "Platform", &i) && i == 2);
    CHECK(!mm_actors_lookup(f.actors, "JNIM", &i));
    CHECK(mm_actors_find_code(f.actors, "PLATFORM", &i) && i == 2);
    CHECK(!mm_actors_find_code(f.actors, "platform", &i));
    CHECK(!mm_actors_find_code(f.actors, "", &i));
    CHECK_STR(mm_actors_display_name(f.actors, "FAMA"), "Malian Armed Forces");
    CHECK_STR(mm_actors_display_name(f.actors, "NOPE"), "NOPE");
    CHECK_STR(mm_actors_display_name(NULL, "FAMA"), "FAMA");
    CHECK_STR(mm_actors_get(f.actors, 1)->kind, "rebel");
    fini(&f);
}

static void test_actors_problems(void)
{
    fixture f;
    memset(&f, 0, sizeof f);
    mm_buf_init(&f.problems);
    const char *text = "code,name,aliases\n"
                       "FAMA,Army,FAMa\n"
                       "FAMA,Again,\n"
                       "BAD CODE,x,\n"
                       ",x,\n"
                       "CSP,CSP,CSP-PSD;fama\n"
                       "X1,,\n";
    CHECK_INT(read_csv("actors.csv", text, 1, &f, true), MM_OK);
    CHECK_STR(f.problems.data,
              "actors.csv:3: error: duplicate code 'FAMA' (first on line 2)\n"
              "actors.csv:4: error: invalid code 'BAD CODE': use letters, digits and '_'\n"
              "actors.csv:5: error: empty code\n"
              "actors.csv:6: error: name 'fama' of CSP is also a name of FAMA (line 2)\n");
    if (f.actors) {
        CHECK_INT(mm_actors_count(f.actors), 3);
        CHECK_STR(mm_actors_get(f.actors, 2)->name, "X1"); /* name defaults to the code */
    }
    fini(&f);
}

static void test_bundled_control(void)
{
    mm_error err;
    mm_error_clear(&err);
    mm_places *p = NULL;
    mm_actors *a = NULL;
    mm_control *c = NULL;
    CHECK_INT(mm_places_load("shapes/places.csv", NULL, &p, &err), MM_OK);
    CHECK_INT(mm_actors_load("shapes/actors.csv", NULL, &a, &err), MM_OK);
    if (p && a) {
        CHECK_INT(mm_control_load("shapes/control.csv", p, a, NULL, &c, &err), MM_OK);
        CHECK(c && mm_control_count(c) == 123);
        CHECK_INT(mm_actors_count(a), 23);
    }
    mm_control_destroy(c);
    mm_actors_destroy(a);
    mm_places_destroy(p);
}

MM_TESTS("control", {"rows_and_defaults", test_rows_and_defaults},
         {"unknown_place_stops", test_unknown_place_stops}, {"every_problem", test_every_problem},
         {"without_actors_any_code", test_without_actors_any_code},
         {"missing_column", test_missing_column}, {"actors_lookup", test_actors_lookup},
         {"actors_problems", test_actors_problems}, {"bundled_control", test_bundled_control}, )
