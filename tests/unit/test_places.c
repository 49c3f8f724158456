/*
 * test_places.c — the gazetteer: columns by name in any order, CSV edge cases
 * (quoted commas, CRLF, BOM), validation messages, folded lookup of names and
 * alternate names, duplicate names, suggestions and substring search; also
 * the diagnostics sink and the bundled places.csv.
 */
#include "harness.h"
#include "malimap/places.h"

/* Diagnostics sink that appends each problem as one GNU-style line. */
static void collect(void *ctx, const mm_error *e)
{
    char line[1200];
    mm_error_format(e, line, sizeof line);
    mm_buf_printf(ctx, "%s\n", line);
}

/* Reads places from text; with problems != NULL every problem goes there. */
static mm_places *read_text(const char *text, mm_buf *problems, mm_error *err)
{
    mm_csv *csv = NULL;
    mm_places *p = NULL;
    mm_diag d;
    mm_diag_init(&d, collect, problems);
    mm_error_clear(err);
    mm_csv_open_mem("p.csv", text, strlen(text), NULL, &csv, err);
    mm_places_read(csv, problems ? &d : NULL, &p, err);
    mm_csv_close(csv);
    return p;
}

static const char *error_text(const mm_error *err)
{
    static char line[1200];
    mm_error_format(err, line, sizeof line);
    return line;
}

static size_t find(const mm_places *p, const char *name)
{
    size_t i = (size_t)-1;
    mm_places_lookup(p, name, strlen(name), &i);
    return i;
}

static void test_columns_any_order_and_extras(void)
{
    const char *text = "\xEF\xBB\xBFlon,extra,lat,name,alt_names,rank\r\n"
                       "-3,x,16.7667,Timbuktu,\"Tombouctou;Tin Buqt\",2\r\n"
                       "\"-3.99\",\"a, b\",15.9311,Niafunké,Niafunke,3\r\n";
    mm_error err;
    mm_places *p = read_text(text, NULL, &err);
    CHECK(p != NULL);
    if (!p) {
        return;
    }
    CHECK_INT(mm_places_count(p), 2);
    const mm_place *t = mm_places_get(p, 0);
    CHECK_STR(t->name, "Timbuktu");
    CHECK_NEAR(t->lat_deg, 16.7667, 1e-12);
    CHECK_NEAR(t->lon_deg, -3, 1e-12);
    CHECK_INT(t->rank, 2);
    CHECK_STR(t->alt_names, "Tombouctou;Tin Buqt");
    CHECK_STR(t->admin1, "");
    CHECK_INT(t->line, 2);
    CHECK_NEAR(mm_places_get(p, 1)->lon_deg, -3.99, 1e-12);
    CHECK_INT(mm_places_get(p, 1)->line, 3);
    mm_places_destroy(p);
}

static void test_folded_lookup(void)
{
    const char *text = "name,alt_names,lat,lon\n"
                       "Timbuktu,Tombouctou;Tin Buqt,16.7667,-3\n"
                       "Niafunké,Niafunke;Niafounké,15.9311,-3.99\n"
                       "Tinzaouatene,Tin-Zaouatene;Tinzaouatène,19.9486,2.9678\n"
                       "Ber,Bér,16.83,-2.52\n";
    mm_error err;
    mm_places *p = read_text(text, NULL, &err);
    CHECK(p != NULL);
    if (!p) {
        return;
    }
    CHECK_INT(find(p, "Niafunke"), 1);
    CHECK_INT(find(p, "NIAFUNKÉ"), 1);
    CHECK_INT(find(p, "niafounke"), 1);
    CHECK_INT(find(p, "Tombouctou"), 0);
    CHECK_INT(find(p, "tin buqt"), 0);
    CHECK_INT(find(p, "Tin-Zaouatene"), 2);
    CHECK_INT(find(p, "TIN ZAOUATENE"), 2);
    CHECK_INT(find(p, "Ber"), 3);
    CHECK_INT(find(p, "Berr"), (size_t)-1);
    CHECK_INT(find(p, ""), (size_t)-1);
    CHECK_INT(find(p, "--"), (size_t)-1);
    mm_places_destroy(p);
}

static void test_first_problem_stops(void)
{
    mm_error err;
    mm_places *p = read_text("name,lat,lon\nA,1,2\nB,123,2\nC,x,2\n", NULL, &err);
    CHECK(p == NULL);
    CHECK_STR(error_text(&err), "p.csv:3: error: invalid lat '123': must be within -90..90");
    mm_places_destroy(p);
}

static void test_every_problem_reported(void)
{
    const char *text = "name,lat,lon,rank\n"
                       "A,1,2,1\n"
                       "B,91,2,1\n"
                       ",1,2,\n"
                       "C,1,181,\n"
                       "D,abc,2,\n"
                       "E,1,2,zero\n"
                       "\"F\"x,1,2,\n"
                       "G,1,2\n"
                       "...,1,2,\n"
                       "Á,3,4,\n";
    mm_buf problems;
    mm_buf_init(&problems);
    mm_error err;
    mm_places *p = read_text(text, &problems, &err);
    CHECK(p != NULL);
    CHECK_STR(problems.data,
              "p.csv:3: error: invalid lat '91': must be within -90..90\n"
              "p.csv:4: error: empty name\n"
              "p.csv:5: error: invalid lon '181': must be within -180..180\n"
              "p.csv:6: error: invalid lat 'abc': expected a number in decimal degrees\n"
              "p.csv:7: error: invalid rank 'zero': expected a whole number from 1 to 99\n"
              "p.csv:8: error: unexpected character after closing quote in field 1\n"
              "p.csv:9: error: record has 3 fields, the header has 4\n"
              "p.csv:10: error: name '...' has no letters or digits\n"
              "p.csv:11: error: duplicate place name 'Á': 'A' on line 2 has the same name\n");
    if (p) {
        CHECK_INT(mm_places_count(p), 2); /* A and the duplicate Á (the name keeps A) */
        CHECK_INT(find(p, "a"), 0);
    }
    mm_places_destroy(p);
    mm_buf_fini(&problems);
}

static void test_duplicate_alternate_name(void)
{
    mm_error err;
    mm_places *p =
        read_text("name,alt_names,lat,lon\nGao,,16,0\nX,Gaô;Y,1,1\nZ,,2,2\n", NULL, &err);
    CHECK(p == NULL);
    CHECK_STR(error_text(&err),
              "p.csv:3: error: duplicate place name 'Gaô': 'Gao' on line 2 has the same name");
    p = read_text("name,alt_names,lat,lon\nGao,Gawgaw,16,0\nGaw-gaw,,1,1\n", NULL, &err);
    CHECK(p == NULL);
    CHECK_STR(error_text(&err), "p.csv:3: error: duplicate place name 'Gaw-gaw': 'Gao' on line "
                                "2 has the alternate name 'Gawgaw'");
    /* A place's own spellings may fold alike. */
    p = read_text("name,alt_names,lat,lon\nBer,Bér;BER,16,0\n", NULL, &err);
    CHECK(p != NULL);
    mm_places_destroy(p);
}

static void test_missing_columns_and_empty_file(void)
{
    mm_error err;
    mm_places *p = read_text("name,latitude,lon\nA,1,2\n", NULL, &err);
    CHECK(p == NULL);
    CHECK_STR(error_text(&err), "p.csv:1: error: missing column 'lat'");
    p = read_text("nom,x\n", NULL, &err);
    CHECK_STR(error_text(&err), "p.csv:1: error: missing columns 'name', 'lat', 'lon'");
    p = read_text("", NULL, &err);
    CHECK_STR(error_text(&err), "p.csv:1: error: empty file: expected a header line with the "
                                "columns name, alt_names, lat, lon, admin1, kind, rank, "
                                "coord_precision, source, note");
    p = read_text("name,lat,lon,LAT\n", NULL, &err);
    CHECK_STR(error_text(&err), "p.csv:1: error: column 'lat' appears twice (fields 2 and 4)");
    /* A missing column is fatal even with a sink. */
    mm_buf problems;
    mm_buf_init(&problems);
    p = read_text("name,lat\n", &problems, &err);
    CHECK(p == NULL);
    CHECK_INT(err.status, MM_E_DATA);
    CHECK(problems.data == NULL);
    mm_buf_fini(&problems);
}

static void test_suggestions(void)
{
    const char *text = "name,alt_names,lat,lon,rank\n"
                       "Tonka,,16,-3,4\n"
                       "Timbuktu,Tombouctou,16.7,-3,2\n"
                       "Kidal,,18,1,2\n"
                       "Kati,,12,-8,3\n"
                       "Kita,,13,-9,3\n";
    mm_error err;
    mm_places *p = read_text(text, NULL, &err);
    CHECK(p != NULL);
    if (!p) {
        return;
    }
    mm_buf b;
    mm_buf_init(&b);
    mm_places_hint(p, "Tonkaa", &b);
    CHECK_STR(b.data, " (did you mean 'Tonka'?)");
    mm_buf_reset(&b);
    mm_places_hint(p, "Tombuctou", &b);
    CHECK_STR(b.data, " (did you mean 'Timbuktu'?)");
    mm_buf_reset(&b);
    mm_places_hint(p, "Kata", &b);
    CHECK_STR(b.data, " (did you mean 'Kati' or 'Kita'?)");
    mm_buf_reset(&b);
    mm_places_hint(p, "Ouagadougou", &b);
    CHECK(b.data && strncmp(b.data, " (nearest names: ", 17) == 0);
    size_t idx[4];
    bool close = true;
    CHECK_INT(mm_places_suggest(p, "Zzzzzzzzzzzz", idx, 4, &close), 4);
    CHECK(close == false);
    CHECK_INT(mm_places_suggest(p, "Kidall", idx, 4, &close), 1);
    CHECK(close);
    CHECK_INT(idx[0], 2);
    mm_buf_fini(&b);
    mm_places_destroy(p);
}

static void test_search(void)
{
    const char *text = "name,alt_names,lat,lon,rank\n"
                       "Timbuktu airport,Aéroport de Tombouctou,16.73,-3.0,5\n"
                       "Timbuktu,Tombouctou,16.7667,-3,2\n"
                       "Niafunké,Niafunke,15.93,-3.99,3\n"
                       "Kidal,,18,1,2\n";
    mm_error err;
    mm_places *p = read_text(text, NULL, &err);
    CHECK(p != NULL);
    if (!p) {
        return;
    }
    size_t idx[4];
    CHECK_INT(mm_places_search(p, "tombouctou", idx, 4), 2);
    CHECK_INT(idx[0], 1); /* exact alternate name before a substring */
    CHECK_INT(idx[1], 0);
    CHECK_INT(mm_places_search(p, "Timbuktu", idx, 4), 2);
    CHECK_INT(idx[0], 1);
    CHECK_INT(mm_places_search(p, "NIAFUNKE", idx, 4), 1);
    CHECK_INT(idx[0], 2);
    CHECK_INT(mm_places_search(p, "dal", idx, 4), 1);
    CHECK_INT(mm_places_search(p, "xyz", idx, 4), 0);
    CHECK_INT(mm_places_search(p, "'", idx, 4), 0);
    CHECK_INT(mm_places_search(p, "t", idx, 1), 1); /* max respected */
    mm_places_destroy(p);
}

static void test_bundled_places(void)
{
    mm_error err;
    mm_error_clear(&err);
    mm_places *p = NULL;
    CHECK_INT(mm_places_load("shapes/places.csv", NULL, &p, &err), MM_OK);
    if (!p) {
        return;
    }
    CHECK_INT(mm_places_count(p), 55);
    size_t i = find(p, "Niafunke");
    CHECK(i != (size_t)-1 && !strcmp(mm_places_get(p, i)->name, "Niafunké"));
    i = find(p, "Tombouctou");
    CHECK(i != (size_t)-1 && !strcmp(mm_places_get(p, i)->name, "Timbuktu"));
    i = find(p, "Tin-Zaouatene");
    CHECK(i != (size_t)-1 && !strcmp(mm_places_get(p, i)->name, "Tinzaouatene"));
    CHECK_STR(mm_places_path(p), "shapes/places.csv");
    mm_places_destroy(p);
}

static void test_load_missing_file(void)
{
    mm_error err;
    mm_error_clear(&err);
    mm_places *p = (mm_places *)&err;
    CHECK_INT(mm_places_load("no/such/places.csv", NULL, &p, &err), MM_E_IO);
    CHECK(p == NULL);
    CHECK(strstr(error_text(&err), "no/such/places.csv: error: cannot open") != NULL);
}

static void test_diag_semantics(void)
{
    mm_error err, problem;
    mm_error_clear(&err);
    /* Without a sink the first problem is kept and the caller told to stop. */
    CHECK_INT(MM_DIAG(NULL, &err, MM_E_DATA, "f", 3, 0, "first"), MM_E_DATA);
    CHECK_INT(MM_DIAG(NULL, &err, MM_E_DATA, "f", 4, 0, "second"), MM_E_DATA);
    CHECK_STR(error_text(&err), "f:3: error: first");
    /* With a sink each problem is passed on and counted, and err stays clean. */
    mm_buf got;
    mm_buf_init(&got);
    mm_diag d;
    mm_diag_init(&d, collect, &got);
    mm_error_clear(&err);
    CHECK_INT(MM_DIAG(&d, &err, MM_E_DATA, "f", 5, 2, "x %d", 1), MM_OK);
    mm_error_clear(&problem);
    MM_ERR(&problem, MM_E_DATA, "g", 1, 0, "y");
    CHECK_INT(mm_diag_report(&d, &problem, &err), MM_OK);
    CHECK_INT(d.count, 2);
    CHECK_INT(err.status, MM_OK);
    CHECK_STR(got.data, "f:5:2: error: x 1\ng:1: error: y\n");
    /* A sink without a callback only counts. */
    mm_diag_init(&d, NULL, NULL);
    CHECK_INT(mm_diag_report(&d, &problem, &err), MM_OK);
    CHECK_INT(d.count, 1);
    mm_buf_fini(&got);
}

MM_TESTS("places", {"columns_any_order_and_extras", test_columns_any_order_and_extras},
         {"folded_lookup", test_folded_lookup}, {"first_problem_stops", test_first_problem_stops},
         {"every_problem_reported", test_every_problem_reported},
         {"duplicate_alternate_name", test_duplicate_alternate_name},
         {"missing_columns_and_empty_file", test_missing_columns_and_empty_file},
         {"suggestions", test_suggestions}, {"search", test_search},
         {"bundled_places", test_bundled_places}, {"load_missing_file", test_load_missing_file},
         {"diag_semantics", test_diag_semantics}, )
