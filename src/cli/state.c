/*
 * state.c — `malimap state`: who holds each place on a date, what changed
 * since another date, and the events of the window before it; as aligned
 * text, CSV or JSON. Part of cli/.
 */
#include <getopt.h>
#include <math.h>
#include <string.h>

#include "cli.h"
#include "malimap/map.h"
#include "malimap/mem.h"
#include "malimap/text.h"
#include "malimap/timeline.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: malimap state [options]\n"
               "\n"
               "Prints who holds each place on a date, with the status, the date of the row in\n"
               "force, its confidence and source, then the events of the window before it.\n"
               "\n"
               "options:\n"
               "      --date D        the date (YYYY-MM-DD or '14 November 2023'; default: the\n"
               "                      latest date in the data)\n"
               "      --since D0      also list the places whose holder or status changed\n"
               "                      between D0 and the date, and those whose holder a\n"
               "                      newer source in between says again\n"
               "      --window W      events of the W before the date: 30d, 2w, 1m, 1y\n"
               "                      (default 30d)\n"
               "      --format F      text, csv or json (default text); csv prints one table\n"
               "                      per section, separated by a blank line\n"
               "      --events F      events file, ACLED CSV or GeoJSON (default: bundled)\n"
               "      --control F     control timeline file (default: bundled)\n"
               "      --places F      places file (default: bundled)\n"
               "      --actors F      actors file (default: bundled)\n"
               "      --style FILE    style whose derived territory gives the areas per\n"
               "                      controller (default: the bundled styles/default.json)\n"
               "      --radius KM     how far a town's control reaches (default: the style's)\n"
               "  -h, --help          show this help\n");
}

typedef enum out_format { FMT_TEXT, FMT_CSV, FMT_JSON } out_format;

/* What to print: the dataset, the dates and the answers to the queries. */
typedef struct area_row {
    const char *controller;
    double km2;
    double km2_since; /* with --since; -1 when the controller held nothing then */
} area_row;

typedef struct report {
    const cli_dataset *ds;
    const mm_timeline *tl;
    mm_date date;
    mm_date window_after; /* the window is (window_after, date] */
    bool has_since;
    mm_date since;
    mm_change *changes;
    size_t nchanges;
    mm_change *reaffirmed; /* same holder, a newer row in force */
    size_t nreaffirmed;
    mm_window_event *events;
    size_t nevents;
    area_row *areas; /* derived territory per controller */
    size_t nareas;
    double radius_km;
} report;

static const char *controller_name(const report *r, const char *code)
{
    return mm_actors_display_name(r->ds->actors, code);
}

/* ---- text ---- */

/* Prints s left-aligned in width columns (counting UTF-8 characters, not bytes). */
static void pad(const char *s, size_t width)
{
    size_t n = mm_utf8_length(s, strlen(s));
    fputs(s, stdout);
    for (; n < width; n++) {
        fputc(' ', stdout);
    }
}

static size_t name_width(const report *r)
{
    size_t w = 5;
    for (size_t p = 0; p < mm_places_count(r->ds->places); p++) {
        const char *name = mm_places_get(r->ds->places, p)->name;
        size_t n = mm_utf8_length(name, strlen(name));
        w = n > w ? n : w;
    }
    return w;
}

static void text_places(const report *r)
{
    char day[11], longday[32];
    mm_date_format(r->date, day);
    mm_date_format_long(r->date, longday, sizeof longday);
    printf("control on %s (%s)\n\n", day, longday);
    size_t w = name_width(r);
    pad("place", w + 2);
    printf("%-12s %-10s %-10s %5s  %-10s  %s\n", "controller", "status", "since", "days",
           "confidence", "source");
    size_t unknown = 0;
    for (size_t p = 0; p < mm_places_count(r->ds->places); p++) {
        mm_place_state s;
        mm_timeline_state(r->tl, p, r->date, &s);
        if (!s.known && !s.row) {
            unknown++;
            continue;
        }
        if (!s.known) {
            /* a sourced row says nobody is known to hold it from that date */
            mm_date_format(s.since, day);
            pad(mm_places_get(r->ds->places, p)->name, w + 2);
            printf("%-12s %-10s %-10s %5d  %-10s  %s\n", "-", "unknown", day,
                   (int)(r->date.day - s.since.day), "-", s.source);
            continue;
        }
        mm_date_format(s.since, day);
        pad(mm_places_get(r->ds->places, p)->name, w + 2);
        printf("%-12s %-10s %-10s %5d  %-10s  %s\n", s.controller, mm_control_status_name(s.status),
               day, (int)s.days_since_change, s.confidence ? mm_confidence_name(s.confidence) : "-",
               s.source);
    }
    if (unknown) {
        printf("(%zu place%s with no row on or before this date)\n", unknown,
               unknown == 1 ? "" : "s");
    }
}

static void text_changes(const report *r)
{
    char d0[11], d1[11];
    mm_date_format(r->since, d0);
    mm_date_format(r->date, d1);
    printf("\nchanges from %s to %s: %zu\n", d0, d1, r->nchanges);
    if (!r->nchanges) {
        return;
    }
    size_t w = name_width(r);
    for (size_t i = 0; i < r->nchanges; i++) {
        const mm_change *c = &r->changes[i];
        char from[64], to[64], when[11];
        snprintf(from, sizeof from, "%s %s", c->from.known ? c->from.controller : "unknown",
                 c->from.known ? mm_control_status_name(c->from.status) : "");
        snprintf(to, sizeof to, "%s %s", c->to.known ? c->to.controller : "unknown",
                 c->to.known ? mm_control_status_name(c->to.status) : "");
        mm_date_format(c->to.since, when);
        pad(mm_places_get(r->ds->places, c->place)->name, w + 2);
        printf("%-22s -> %-22s since %s\n", from, to, c->to.known ? when : "-");
    }
    if (!r->nreaffirmed) {
        return;
    }
    printf("\nsame holder, newer source: %zu\n", r->nreaffirmed);
    for (size_t i = 0; i < r->nreaffirmed; i++) {
        const mm_change *c = &r->reaffirmed[i];
        char held[64], when[11];
        snprintf(held, sizeof held, "%s %s", c->to.controller,
                 mm_control_status_name(c->to.status));
        mm_date_format(c->to.since, when);
        pad(mm_places_get(r->ds->places, c->place)->name, w + 2);
        printf("%-22s    again from %s\n", held, when);
    }
}

static void text_events(const report *r)
{
    char a[11], b[11];
    mm_date_format((mm_date){r->window_after.day + 1}, a);
    mm_date_format(r->date, b);
    printf("\nevents from %s to %s (%d days): %zu\n", a, b,
           (int)(r->date.day - r->window_after.day), r->nevents);
    if (!r->nevents) {
        return;
    }
    printf("%-10s %4s  %-26s %-16s %10s  %s\n", "date", "age", "event_type", "location",
           "fatalities", "actors");
    for (size_t i = 0; i < r->nevents; i++) {
        mm_event e;
        mm_events_get(r->ds->events, r->events[i].index, &e);
        mm_date_format(e.date, a);
        char fat[16] = "-";
        if (e.fatalities >= 0) {
            snprintf(fat, sizeof fat, "%d", (int)e.fatalities);
        }
        printf("%-10s %4d  ", a, (int)r->events[i].age_days);
        pad(mm_event_type_name(e.type), 27);
        pad(e.location, 17);
        printf("%10s  %s%s%s\n", fat, e.actor1, e.actor2[0] ? " / " : "", e.actor2);
    }
}

/* ---- CSV ---- */

static void text_areas(const report *r)
{
    printf("\narea per controller, km\u00b2 (estimated from town control within %.0f km; not front "
           "lines)\n",
           r->radius_km);
    for (size_t i = 0; i < r->nareas; i++) {
        const area_row *a = &r->areas[i];
        printf("%-12s %10.0f", a->controller, a->km2);
        if (r->has_since) {
            char since[11];
            mm_date_format(r->since, since);
            printf("   %+.0f since %s", a->km2 - (a->km2_since < 0 ? 0 : a->km2_since), since);
        }
        printf("\n");
    }
}

static void csv_field(const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', stdout);
        for (; *s; s++) {
            if (*s == '"') {
                fputc('"', stdout);
            }
            fputc(*s, stdout);
        }
        fputc('"', stdout);
    } else {
        fputs(s, stdout);
    }
    fputc(last ? '\n' : ',', stdout);
}

static void csv_number(double v, bool last)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.10g", v);
    csv_field(buf, last);
}

static void csv_places(const report *r)
{
    printf("place,lat,lon,admin1,controller,controller_name,status,since,days_since_change,"
           "confidence,source\n");
    for (size_t p = 0; p < mm_places_count(r->ds->places); p++) {
        mm_place_state s;
        mm_timeline_state(r->tl, p, r->date, &s);
        if (!s.known) {
            continue;
        }
        const mm_place *pl = mm_places_get(r->ds->places, p);
        char since[11];
        mm_date_format(s.since, since);
        csv_field(pl->name, false);
        csv_number(pl->lat_deg, false);
        csv_number(pl->lon_deg, false);
        csv_field(pl->admin1, false);
        csv_field(s.controller, false);
        csv_field(controller_name(r, s.controller), false);
        csv_field(mm_control_status_name(s.status), false);
        csv_field(since, false);
        csv_number(s.days_since_change, false);
        csv_field(mm_confidence_name(s.confidence), false);
        csv_field(s.source, true);
    }
}

static void csv_changes(const report *r)
{
    printf("\nplace,from_controller,from_status,to_controller,to_status,since\n");
    for (size_t i = 0; i < r->nchanges; i++) {
        const mm_change *c = &r->changes[i];
        char since[11] = "";
        if (c->to.known) {
            mm_date_format(c->to.since, since);
        }
        csv_field(mm_places_get(r->ds->places, c->place)->name, false);
        csv_field(c->from.known ? c->from.controller : "", false);
        csv_field(c->from.known ? mm_control_status_name(c->from.status) : "", false);
        csv_field(c->to.known ? c->to.controller : "", false);
        csv_field(c->to.known ? mm_control_status_name(c->to.status) : "", false);
        csv_field(since, true);
    }
    printf("\nplace,controller,status,since,previous_since,source\n");
    for (size_t i = 0; i < r->nreaffirmed; i++) {
        const mm_change *c = &r->reaffirmed[i];
        char since[11], before[11];
        mm_date_format(c->to.since, since);
        mm_date_format(c->from.since, before);
        csv_field(mm_places_get(r->ds->places, c->place)->name, false);
        csv_field(c->to.controller, false);
        csv_field(mm_control_status_name(c->to.status), false);
        csv_field(since, false);
        csv_field(before, false);
        csv_field(c->to.source, true);
    }
}

static void csv_areas(const report *r)
{
    printf("\ncontroller,area_km2%s\n", r->has_since ? ",area_km2_since" : "");
    for (size_t i = 0; i < r->nareas; i++) {
        csv_field(r->areas[i].controller, false);
        csv_number(round(r->areas[i].km2), !r->has_since);
        if (r->has_since) {
            csv_number(r->areas[i].km2_since < 0 ? 0 : round(r->areas[i].km2_since), true);
        }
    }
}

static void csv_events(const report *r)
{
    printf("\nevent_id_cnty,event_date,end_date,age_days,event_type,sub_event_type,actor1,"
           "actor2,location,latitude,longitude,fatalities,source\n");
    for (size_t i = 0; i < r->nevents; i++) {
        mm_event e;
        mm_events_get(r->ds->events, r->events[i].index, &e);
        char d[11], end[11] = "", fat[16] = "";
        mm_date_format(e.date, d);
        if (e.end_date.day != e.date.day) {
            mm_date_format(e.end_date, end);
        }
        if (e.fatalities >= 0) {
            snprintf(fat, sizeof fat, "%d", (int)e.fatalities);
        }
        csv_field(e.id, false);
        csv_field(d, false);
        csv_field(end, false);
        csv_number(r->events[i].age_days, false);
        csv_field(mm_event_type_name(e.type), false);
        csv_field(e.sub_event_type, false);
        csv_field(e.actor1, false);
        csv_field(e.actor2, false);
        csv_field(e.location, false);
        csv_number(e.lat_deg, false);
        csv_number(e.lon_deg, false);
        csv_field(fat, false);
        csv_field(e.source, true);
    }
}

/* ---- JSON (printed directly; strings escaped per RFC 8259) ---- */

static void json_string(const char *s)
{
    fputc('"', stdout);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            fputc('\\', stdout);
            fputc(*p, stdout);
        } else if (*p == '\n') {
            fputs("\\n", stdout);
        } else if (*p == '\t') {
            fputs("\\t", stdout);
        } else if (*p == '\r') {
            fputs("\\r", stdout);
        } else if (*p < 0x20 || *p == 0x7f) {
            printf("\\u%04x", *p);
        } else {
            fputc(*p, stdout);
        }
    }
    fputc('"', stdout);
}

/* "key": "value" with a leading separator; NULL or "" value prints null. */
static void json_kv(const char *sep, const char *key, const char *value)
{
    printf("%s\"%s\": ", sep, key);
    if (value && value[0]) {
        json_string(value);
    } else {
        fputs("null", stdout);
    }
}

static void json_kn(const char *sep, const char *key, double v)
{
    printf("%s\"%s\": %.10g", sep, key, v);
}

static void json_date(const char *sep, const char *key, mm_date d)
{
    char buf[11];
    mm_date_format(d, buf);
    json_kv(sep, key, mm_date_is_none(d) ? NULL : buf);
}

static void json_places(const report *r)
{
    printf("  \"places\": [");
    const char *sep = "\n";
    for (size_t p = 0; p < mm_places_count(r->ds->places); p++) {
        mm_place_state s;
        mm_timeline_state(r->tl, p, r->date, &s);
        if (!s.known) {
            continue;
        }
        const mm_place *pl = mm_places_get(r->ds->places, p);
        printf("%s    {", sep);
        json_kv("", "name", pl->name);
        json_kn(", ", "lat", pl->lat_deg);
        json_kn(", ", "lon", pl->lon_deg);
        json_kv(", ", "admin1", pl->admin1);
        json_kv(", ", "controller", s.controller);
        json_kv(", ", "controller_name", controller_name(r, s.controller));
        json_kv(", ", "status", mm_control_status_name(s.status));
        json_date(", ", "since", s.since);
        json_kn(", ", "days_since_change", s.days_since_change);
        json_kv(", ", "confidence", mm_confidence_name(s.confidence));
        json_kv(", ", "previous_controller", s.previous);
        json_kv(", ", "source", s.source);
        json_kv(", ", "note", s.note);
        printf("}");
        sep = ",\n";
    }
    printf("\n  ],\n  \"unknown_places\": [");
    sep = "";
    for (size_t p = 0; p < mm_places_count(r->ds->places); p++) {
        mm_place_state s;
        mm_timeline_state(r->tl, p, r->date, &s);
        if (!s.known) {
            fputs(sep, stdout);
            json_string(mm_places_get(r->ds->places, p)->name);
            sep = ", ";
        }
    }
    printf("],\n");
}

static void json_state(const char *key, const mm_place_state *s)
{
    printf(", \"%s\": ", key);
    if (!s->known) {
        fputs("null", stdout);
        return;
    }
    printf("{");
    json_kv("", "controller", s->controller);
    json_kv(", ", "status", mm_control_status_name(s->status));
    json_date(", ", "since", s->since);
    printf("}");
}

static void json_changes(const report *r)
{
    printf("  \"changes\": [");
    const char *sep = "\n";
    for (size_t i = 0; i < r->nchanges; i++) {
        const mm_change *c = &r->changes[i];
        printf("%s    {", sep);
        json_kv("", "place", mm_places_get(r->ds->places, c->place)->name);
        json_state("from", &c->from);
        json_state("to", &c->to);
        printf("}");
        sep = ",\n";
    }
    printf("%s],\n", r->nchanges ? "\n  " : "");
    printf("  \"reaffirmed\": [");
    sep = "\n";
    for (size_t i = 0; i < r->nreaffirmed; i++) {
        const mm_change *c = &r->reaffirmed[i];
        printf("%s    {", sep);
        json_kv("", "place", mm_places_get(r->ds->places, c->place)->name);
        json_kv(", ", "controller", c->to.controller);
        json_kv(", ", "status", mm_control_status_name(c->to.status));
        json_date(", ", "since", c->to.since);
        json_date(", ", "previous_since", c->from.since);
        json_kv(", ", "source", c->to.source);
        json_kv(", ", "note", c->to.note ? c->to.note : "");
        printf("}");
        sep = ",\n";
    }
    printf("%s],\n", r->nreaffirmed ? "\n  " : "");
}

static void json_areas(const report *r)
{
    printf("  \"areas\": {");
    json_kn("", "radius_km", r->radius_km);
    printf(", \"note\": \"estimated from town control, not front lines\", \"controllers\": [");
    const char *sep = "\n";
    for (size_t i = 0; i < r->nareas; i++) {
        printf("%s    {", sep);
        json_kv("", "controller", r->areas[i].controller);
        json_kn(", ", "km2", round(r->areas[i].km2));
        if (r->has_since) {
            json_kn(", ", "km2_since",
                    r->areas[i].km2_since < 0 ? 0 : round(r->areas[i].km2_since));
        }
        printf("}");
        sep = ",\n";
    }
    printf("%s]},\n", r->nareas ? "\n  " : "");
}

static void json_events(const report *r)
{
    printf("  \"events\": [");
    const char *sep = "\n";
    for (size_t i = 0; i < r->nevents; i++) {
        mm_event e;
        mm_events_get(r->ds->events, r->events[i].index, &e);
        printf("%s    {", sep);
        json_kv("", "event_id", e.id);
        json_date(", ", "event_date", e.date);
        json_date(", ", "end_date", e.end_date);
        json_kn(", ", "age_days", r->events[i].age_days);
        json_kv(", ", "event_type", mm_event_type_name(e.type));
        json_kv(", ", "sub_event_type", e.sub_event_type);
        json_kv(", ", "actor1", e.actor1);
        json_kv(", ", "actor2", e.actor2);
        json_kv(", ", "location", e.location);
        json_kn(", ", "latitude", e.lat_deg);
        json_kn(", ", "longitude", e.lon_deg);
        if (e.fatalities >= 0) {
            json_kn(", ", "fatalities", e.fatalities);
        } else {
            json_kv(", ", "fatalities", NULL);
        }
        json_kv(", ", "source", e.source);
        json_kv(", ", "notes", e.notes);
        printf("}");
        sep = ",\n";
    }
    printf("%s]\n", r->nevents ? "\n  " : "");
}

static void json_begin(const report *r)
{
    printf("{\n");
    json_date("  ", "date", r->date);
    json_date(",\n  ", "since", r->has_since ? r->since : MM_DATE_NONE);
    printf(",\n  \"window\": {");
    json_date("", "from", (mm_date){r->window_after.day + 1});
    json_date(", ", "to", r->date);
    json_kn(", ", "days", r->date.day - r->window_after.day);
    printf("},\n");
}

static void json_end(const report *r)
{
    (void)r;
    printf("}\n");
}

/* One output format: its sections in the order they are printed (NULL: nothing). */
typedef struct writer {
    void (*begin)(const report *r);
    void (*places)(const report *r);
    void (*changes)(const report *r); /* only with --since */
    void (*areas)(const report *r);   /* only with derived territory */
    void (*events)(const report *r);
    void (*end)(const report *r);
} writer;

static const writer WRITERS[] = {
    [FMT_TEXT] = {NULL, text_places, text_changes, text_areas, text_events, NULL},
    [FMT_CSV] = {NULL, csv_places, csv_changes, csv_areas, csv_events, NULL},
    [FMT_JSON] = {json_begin, json_places, json_changes, json_areas, json_events, json_end},
};

static void print_report(const report *r, out_format fmt)
{
    const writer *w = &WRITERS[fmt];
    if (w->begin) {
        w->begin(r);
    }
    w->places(r);
    if (r->has_since) {
        w->changes(r);
    }
    if (r->nareas) {
        w->areas(r);
    }
    w->events(r);
    if (w->end) {
        w->end(r);
    }
}

/* Areas per controller from the style's derived territory (on the date and,
 * with --since, then). The map is opened with the same dataset files, but
 * without the events, which areas do not depend on (and which are loaded
 * already, perhaps a million of them). */
static mm_status derive_areas(report *r, const cli_files *files, const char *style_path,
                              double radius_km, mm_error *err)
{
    char buf[4200];
    if (!style_path) {
        snprintf(buf, sizeof buf, "%s/styles/default.json", cli_data_dir());
        style_path = buf;
    }
    mm_map_opts mo = {.style_path = style_path,
                      .scale = 1,
                      .since = MM_DATE_NONE,
                      .places_path = files->places,
                      .control_path = files->control,
                      .no_events = true,
                      .actors_path = files->actors,
                      .radius_km = radius_km};
    mm_map *m = NULL;
    mm_status st = mm_map_open(&mo, &m, err);
    if (st != MM_OK) {
        return st;
    }
    r->radius_km = mm_map_radius_km(m);
    enum { MAX = 256 };
    mm_map_area now[MAX], then[MAX];
    size_t n = mm_map_areas(m, r->date, now, MAX, err);
    size_t n0 = r->has_since ? mm_map_areas(m, r->since, then, MAX, err) : 0;
    r->areas = mm_array_alloc(n + n0 + 1, sizeof *r->areas);
    for (size_t i = 0; i < n; i++) {
        r->areas[r->nareas++] = (area_row){now[i].controller, now[i].km2, -1};
    }
    /* controllers that held land then but none now */
    for (size_t k = 0; k < n0; k++) {
        size_t i = 0;
        while (i < r->nareas && strcmp(r->areas[i].controller, then[k].controller)) {
            i++;
        }
        if (i == r->nareas) {
            r->areas[r->nareas++] = (area_row){then[k].controller, 0, then[k].km2};
        } else {
            r->areas[i].km2_since = then[k].km2;
        }
    }
    /* the controller strings belong to the map's dataset: keep copies */
    for (size_t i = 0; i < r->nareas; i++) {
        r->areas[i].controller = mm_strdup(r->areas[i].controller);
    }
    mm_map_close(m);
    return MM_OK;
}

int cli_state(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"date", required_argument, NULL, 'd'},
        {"since", required_argument, NULL, 's'},
        {"window", required_argument, NULL, 'w'},
        {"format", required_argument, NULL, 'f'},
        {"events", required_argument, NULL, CLI_OPT_EVENTS},
        {"control", required_argument, NULL, CLI_OPT_CONTROL},
        {"places", required_argument, NULL, CLI_OPT_PLACES},
        {"actors", required_argument, NULL, CLI_OPT_ACTORS},
        {"style", required_argument, NULL, 'S'},
        {"radius", required_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_files files = {0};
    const char *style_path = NULL;
    double radius_km = 0;
    out_format fmt = FMT_TEXT;
    mm_date date = MM_DATE_NONE, since = MM_DATE_NONE;
    mm_duration window = {30, MM_DUR_DAY};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (!cli_parse_date_option("--date", optarg, &date)) {
                return 2;
            }
            break;
        case 's':
            if (!cli_parse_date_option("--since", optarg, &since)) {
                return 2;
            }
            break;
        case 'w':
            if (!mm_duration_parse(optarg, &window)) {
                return cli_usage_error("invalid --window '%s': expected a duration such as 30d, "
                                       "2w, 1m or 1y",
                                       optarg);
            }
            break;
        case 'f':
            if (!strcmp(optarg, "text")) {
                fmt = FMT_TEXT;
            } else if (!strcmp(optarg, "csv")) {
                fmt = FMT_CSV;
            } else if (!strcmp(optarg, "json")) {
                fmt = FMT_JSON;
            } else {
                return cli_usage_error("invalid --format '%s': expected text, csv or json", optarg);
            }
            break;
        case 'S':
            style_path = optarg;
            break;
        case 'R':
            if (!cli_parse_double(optarg, 1, 5000, &radius_km)) {
                return cli_usage_error("invalid --radius '%s': expected kilometres from 1 to 5000",
                                       optarg);
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            if (!cli_files_option(&files, c, optarg)) {
                return cli_option_error(c, "state", argv);
            }
            break;
        }
    }
    if (optind < argc) {
        return cli_usage_error("unexpected argument '%s' (see 'malimap state --help')",
                               argv[optind]);
    }

    mm_error err;
    mm_error_clear(&err);
    cli_dataset ds;
    mm_status st = cli_dataset_load(&files, NULL, &ds, &err);
    if (st != MM_OK) {
        cli_dataset_fini(&ds);
        cli_print_error(&err);
        return mm_status_exit_code(st);
    }
    const mm_timeline *tl = ds.timeline;
    int code = 0;
    if (mm_date_is_none(date)) {
        date = mm_timeline_latest(tl);
    }
    report r = {.ds = &ds, .tl = tl, .date = date, .since = since};
    if (mm_date_is_none(date)) {
        code = cli_usage_error("the data has no dates: give --date");
    } else if (!mm_date_add(date, window, -1, &r.window_after)) {
        code = cli_usage_error("invalid --window: the window would start before the year 1000");
    } else {
        r.has_since = !mm_date_is_none(since);
        if (r.has_since) {
            size_t n = mm_places_count(ds.places);
            r.changes = mm_array_alloc(n ? n : 1, sizeof *r.changes);
            r.nchanges = mm_timeline_changes(tl, since, date, r.changes, n);
            r.reaffirmed = mm_array_alloc(n ? n : 1, sizeof *r.reaffirmed);
            r.nreaffirmed = mm_timeline_reaffirmed(tl, since, date, r.reaffirmed, n);
        }
        r.nevents = mm_timeline_events(tl, r.window_after, date, NULL, 0);
        r.events = mm_array_alloc(r.nevents ? r.nevents : 1, sizeof *r.events);
        mm_timeline_events(tl, r.window_after, date, r.events, r.nevents);
        st = derive_areas(&r, &files, style_path, radius_km, &err);
        if (st != MM_OK) {
            cli_print_error(&err);
            code = mm_status_exit_code(st);
        } else {
            print_report(&r, fmt);
        }
    }
    for (size_t i = 0; i < r.nareas; i++) {
        mm_free((char *)r.areas[i].controller);
    }
    mm_free(r.areas);
    mm_free(r.changes);
    mm_free(r.reaffirmed);
    mm_free(r.events);
    cli_dataset_fini(&ds);
    return code;
}
