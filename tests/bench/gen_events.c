/*
 * gen_events.c — writes an ACLED-format events CSV for benchmarks:
 *   gen_events N PLACES.csv OUT.csv
 * N rows (event_id_cnty, event_date, year, time_precision, event_type,
 * sub_event_type, actor1, actor2, admin1, location, latitude, longitude,
 * geo_precision, source, notes, fatalities, timestamp), locations drawn from
 * the places file, dates uniform over 2012-2025 and not in order, half of
 * them written the ACLED way ("14 November 2023"), a quarter of the rows with
 * empty coordinates (geocoded on load), notes of about 80 characters. The
 * sequence is fixed (a seeded xorshift generator), so runs are comparable.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/date.h"
#include "malimap/places.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static const char *pick(const char *const *list, size_t n)
{
    return list[next() % n];
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: gen_events N PLACES.csv OUT.csv\n");
        return 2;
    }
    char *end;
    errno = 0;
    long n = strtol(argv[1], &end, 10);
    if (*end || errno || n < 1 || n > 100000000) {
        fprintf(stderr, "gen_events: bad row count '%s'\n", argv[1]);
        return 2;
    }
    mm_error err;
    mm_error_clear(&err);
    mm_places *places = NULL;
    if (mm_places_load(argv[2], NULL, &places, &err) != MM_OK) {
        char line[2048];
        mm_error_format(&err, line, sizeof line);
        fprintf(stderr, "gen_events: %s\n", line);
        return 1;
    }
    FILE *f = fopen(argv[3], "w");
    if (!f) {
        perror(argv[3]);
        mm_places_destroy(places);
        return 1;
    }
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    static const char *const types[][2] = {
        {"Battles", "Armed clash"},
        {"Battles", "Government regains territory"},
        {"Violence against civilians", "Attack"},
        {"Violence against civilians", "Abduction/forced disappearance"},
        {"Explosions/Remote violence", "Air/drone strike"},
        {"Explosions/Remote violence", "Remote explosive/landmine/IED"},
        {"Strategic developments", "Looting/property destruction"},
        {"Protests", "Peaceful protest"},
        {"Riots", "Violent demonstration"},
    };
    static const char *const actors[] = {"Military Forces of Mali (2021-)",
                                         "JNIM",
                                         "Islamic State (Sahel)",
                                         "Wagner Group",
                                         "CSP-PSD",
                                         "Dan Na Ambassagou",
                                         "Unidentified Armed Group (Mali)"};
    static const char *const victims[] = {"Civilians (Mali)", "Military Forces of Mali (2021-)",
                                          "JNIM", ""};
    static const char *const sources[] = {"Le Monde", "AFP", "Reuters; AFP", "Studio Tamani",
                                          "Maliweb",  "RFI", "MINUSMA"};
    static const char *const words[] = {
        "clashes", "near",   "the",    "town",    "reported", "army",    "convoy", "attack",
        "camp",    "market", "killed", "wounded", "local",    "sources", "said",   "fighters"};
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    mm_date first, last;
    mm_date_from_ymd(2012, 1, 1, &first);
    mm_date_from_ymd(2025, 12, 31, &last);
    size_t np = mm_places_count(places);
    fputs("event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,"
          "admin1,location,latitude,longitude,geo_precision,source,notes,fatalities,"
          "timestamp\n",
          f);
    for (long i = 0; i < n; i++) {
        mm_date d = {first.day + (int32_t)(next() % (uint32_t)(last.day - first.day + 1))};
        int y, m, dd;
        mm_date_to_ymd(d, &y, &m, &dd);
        char date[32];
        if (next() & 1) {
            snprintf(date, sizeof date, "%d %s %d", dd, months[m - 1], y);
        } else {
            snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dd);
        }
        const mm_place *p = mm_places_get(places, next() % np);
        size_t t = next() % COUNT(types);
        char notes[160];
        size_t len = 0;
        while (len < 76) {
            int w = snprintf(notes + len, sizeof notes - len, "%s%s", len ? " " : "On ",
                             pick(words, COUNT(words)));
            len += (size_t)w;
        }
        char coords[64] = ",";
        if (next() % 4) {
            snprintf(coords, sizeof coords, "%.4f,%.4f", p->lat_deg, p->lon_deg);
        }
        fprintf(f, "MLI%ld,%s,%d,%u,%s,%s,%s,%s,%s,%s,%s,%u,%s,\"%s.\",%u,%u\n", i + 1, date, y,
                1 + next() % 3, types[t][0], types[t][1], pick(actors, COUNT(actors)),
                pick(victims, COUNT(victims)), p->admin1, p->name, coords, 1 + next() % 3,
                pick(sources, COUNT(sources)), notes, next() % 10 == 0 ? next() % 50 : 0,
                1600000000u + next() % 100000000u);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        perror(argv[3]);
        mm_places_destroy(places);
        return 1;
    }
    mm_places_destroy(places);
    return 0;
}
