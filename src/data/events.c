/*
 * events.c — conflict events from ACLED-format CSV or GeoJSON points. Both
 * sources hand each record to one checker as text fields; rows are packed
 * (dates as day numbers, repeated strings as ids in a string table, notes and
 * ids packed in its blocks), geocoding is cached per location, and the rows
 * are put in date order at the end by sorting 8-byte keys and applying the
 * permutation in place. Part of data/: calls csv, columns, json, places, core/.
 */
#include "malimap/events.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/columns.h"
#include "malimap/intern.h"
#include "malimap/mem.h"
#include "malimap/text.h"

enum {
    C_ID,
    C_DATE,
    C_END,
    C_TYPE,
    C_SUB,
    C_ACTOR1,
    C_ACTOR2,
    C_LOCATION,
    C_LAT,
    C_LON,
    C_FATAL,
    C_NOTES,
    C_SOURCE,
    C_URL,
    C_GEOP,
    C_TIMEP,
    NCOLS
};

static const mm_column_spec SPEC[NCOLS] = {
    [C_ID] = {"event_id_cnty", false},   [C_DATE] = {"event_date", true},
    [C_END] = {"end_date", false},       [C_TYPE] = {"event_type", true},
    [C_SUB] = {"sub_event_type", false}, [C_ACTOR1] = {"actor1", false},
    [C_ACTOR2] = {"actor2", false},      [C_LOCATION] = {"location", true},
    [C_LAT] = {"latitude", true},        [C_LON] = {"longitude", true},
    [C_FATAL] = {"fatalities", false},   [C_NOTES] = {"notes", false},
    [C_SOURCE] = {"source", false},      [C_URL] = {"source_url", false},
    [C_GEOP] = {"geo_precision", false}, [C_TIMEP] = {"time_precision", false},
};

static const char *const TYPE_NAMES[MM_EVENT_TYPE_COUNT] = {
    "Battles",  "Violence against civilians", "Explosions/Remote violence", "Riots",
    "Protests", "Strategic developments",
};

/* One packed event. Strings other than id and notes are ids in the string table. */
typedef struct row {
    double lat;
    double lon;
    const char *id;
    const char *notes;
    int32_t date;
    int32_t end;
    uint32_t sub, actor1, actor2, location, source, url;
    uint32_t line;
    int32_t fatalities;
    uint8_t type;
    uint8_t geo;
    uint8_t time;
    uint8_t geocoded;
} row;

struct mm_events {
    char *path;
    mm_intern *strings;
    row *rows;       /* in file order */
    uint32_t *order; /* the rows in date order (file order within a day); NULL when the file was */
    size_t n;
    size_t cap;
    int32_t max_span;
    mm_date latest;
};

enum { GEO_UNRESOLVED = -1, GEO_UNKNOWN = -2 };

#define NO_HINT UINT32_MAX

/* What is known of a location: its place (or GEO_UNRESOLVED / GEO_UNKNOWN) and,
 * when unknown, the id of its hint in reader.hints (NO_HINT until needed). */
typedef struct geo_entry {
    int32_t place;
    uint32_t hint;
} geo_entry;

/* A record as text, with where each field is (col 0 for CSV). */
typedef struct record {
    mm_csv_field f[NCOLS];
    long line[NCOLS];
    long col[NCOLS];
    long rec_line;
    bool has_point; /* lon/lat from a GeoJSON geometry */
    double lon;
    double lat;
} record;

/* State while reading one file. */
typedef struct reader {
    mm_events *ev;
    const mm_places *places;
    bool drop_notes;
    mm_diag *diag;
    mm_error *err;
    geo_entry *geo; /* by location id */
    size_t geo_n;
    size_t geo_cap;
    mm_intern *hints; /* "did you mean" texts of unknown locations, made once each */
    record csv_in;    /* the current CSV record (col 0 for every field) */
} reader;

const char *mm_event_type_name(mm_event_type t)
{
    return (unsigned)t < MM_EVENT_TYPE_COUNT ? TYPE_NAMES[t] : "?";
}

bool mm_event_type_parse(const char *s, size_t len, mm_event_type *out)
{
    for (int t = 0; t < MM_EVENT_TYPE_COUNT; t++) {
        const char *name = TYPE_NAMES[t];
        if (strlen(name) != len) {
            continue;
        }
        size_t i = 0;
        while (i < len) {
            unsigned char a = (unsigned char)s[i], b = (unsigned char)name[i];
            if ((a >= 'A' && a <= 'Z' ? a + 32 : a) != (b >= 'A' && b <= 'Z' ? b + 32 : b)) {
                break;
            }
            i++;
        }
        if (i == len) {
            *out = (mm_event_type)t;
            return true;
        }
    }
    return false;
}

/* Reports "<head> '<field k, quoted>'<sep><tail>" at field k. */
static mm_status problem(reader *r, const record *in, int k, const char *head, const char *sep,
                         const char *tail)
{
    char q[96];
    mm_columns_quote(in->f[k], q, sizeof q);
    return MM_DIAG(r->diag, r->err, MM_E_DATA, r->ev->path, in->line[k], in->col[k], "%s '%s'%s%s",
                   head, q, sep, tail);
}

/* Place index of an interned location, looked up once per distinct location. */
static int32_t geocode(reader *r, uint32_t loc)
{
    if (loc >= r->geo_n) {
        size_t need = (size_t)loc + 1;
        r->geo = mm_grow(r->geo, &r->geo_cap, need, sizeof *r->geo);
        for (size_t i = r->geo_n; i < need; i++) {
            r->geo[i] = (geo_entry){GEO_UNRESOLVED, NO_HINT};
        }
        r->geo_n = need;
    }
    if (r->geo[loc].place == GEO_UNRESOLVED) {
        size_t i;
        const char *s = mm_intern_str(r->ev->strings, loc);
        bool found = mm_places_lookup(r->places, s, mm_intern_len(r->ev->strings, loc), &i);
        r->geo[loc].place = found && i <= INT32_MAX ? (int32_t)i : GEO_UNKNOWN;
    }
    return r->geo[loc].place;
}

/* Reports an unknown location; its hint is computed once, however many rows name it. */
static mm_status unknown_place(reader *r, const record *in, uint32_t loc)
{
    if (!r->places) {
        return problem(r, in, C_LOCATION, "no coordinates for",
                       " and no places table to look it up", "");
    }
    geo_entry *g = &r->geo[loc];
    if (g->hint == NO_HINT) {
        mm_buf hint;
        mm_buf_init(&hint);
        mm_places_hint(r->places, mm_intern_str(r->ev->strings, loc), &hint);
        if (!r->hints) {
            r->hints = mm_intern_create();
        }
        g->hint = mm_intern_add(r->hints, hint.data ? hint.data : "", hint.len);
        mm_buf_fini(&hint);
    }
    return problem(r, in, C_LOCATION, "unknown place", "", mm_intern_str(r->hints, g->hint));
}

/* Reads latitude and longitude (or geocodes); MM_OK with *ok false after a reported problem. */
static mm_status coordinates(reader *r, const record *in, uint32_t loc, row *out, bool *ok)
{
    *ok = false;
    out->geocoded = 0;
    if (in->has_point) {
        out->lat = in->lat;
        out->lon = in->lon;
        *ok = true;
        return MM_OK;
    }
    mm_csv_field lat = in->f[C_LAT], lon = in->f[C_LON];
    if (lat.len == 0 && lon.len == 0) {
        int32_t p = r->places ? geocode(r, loc) : GEO_UNKNOWN;
        if (p < 0) {
            return unknown_place(r, in, loc);
        }
        const mm_place *pl = mm_places_get(r->places, (size_t)p);
        out->lat = pl->lat_deg;
        out->lon = pl->lon_deg;
        out->geocoded = 1;
        *ok = true;
        return MM_OK;
    }
    if (lat.len == 0 || lon.len == 0) {
        int k = lat.len == 0 ? C_LAT : C_LON;
        return MM_DIAG(r->diag, r->err, MM_E_DATA, r->ev->path, in->line[k], in->col[k],
                       "empty %s: give both coordinates or neither", SPEC[k].name);
    }
    const char *why;
    if (!mm_columns_degrees(lat, MM_AXIS_LAT, &out->lat, &why)) {
        return problem(r, in, C_LAT, "invalid latitude", ": ", why);
    }
    if (!mm_columns_degrees(lon, MM_AXIS_LON, &out->lon, &why)) {
        return problem(r, in, C_LON, "invalid longitude", ": ", why);
    }
    *ok = true;
    return MM_OK;
}

static uint32_t intern(reader *r, mm_csv_field f)
{
    return mm_intern_add(r->ev->strings, f.data, f.len);
}

/* Checks one record and appends it; MM_OK to go on (also after a reported problem). */
static mm_status add_record(reader *r, const record *in)
{
    const mm_csv_field *f = in->f;
    row w;
    mm_date date, end;
    const char *why;
    if (f[C_DATE].len == 0) {
        return MM_DIAG(r->diag, r->err, MM_E_DATA, r->ev->path, in->line[C_DATE], in->col[C_DATE],
                       "empty event_date");
    }
    if (!mm_date_parse(f[C_DATE].data, f[C_DATE].len, &date, &why)) {
        return problem(r, in, C_DATE, "invalid event_date", ": ", why);
    }
    end = date;
    if (f[C_END].len) {
        if (!mm_date_parse(f[C_END].data, f[C_END].len, &end, &why)) {
            return problem(r, in, C_END, "invalid end_date", ": ", why);
        }
        if (end.day < date.day) {
            return problem(r, in, C_END, "end_date", " is before event_date", "");
        }
    }
    mm_event_type type;
    if (!mm_event_type_parse(f[C_TYPE].data, f[C_TYPE].len, &type)) {
        return problem(r, in, C_TYPE, "invalid event_type", ": ",
                       "expected Battles, Violence against civilians, Explosions/Remote "
                       "violence, Riots, Protests or Strategic developments");
    }
    if (f[C_LOCATION].len == 0) {
        return MM_DIAG(r->diag, r->err, MM_E_DATA, r->ev->path, in->line[C_LOCATION],
                       in->col[C_LOCATION], "empty location");
    }
    w.location = intern(r, f[C_LOCATION]);
    bool ok;
    mm_status st = coordinates(r, in, w.location, &w, &ok);
    if (!ok) {
        return st;
    }
    long fat = -1, geo = 0, tp = 0;
    if (f[C_FATAL].len && !mm_columns_long(f[C_FATAL], 0, INT32_MAX, &fat)) {
        return problem(r, in, C_FATAL, "invalid fatalities", ": ",
                       "expected a whole number, 0 or more");
    }
    if (f[C_GEOP].len && !mm_columns_long(f[C_GEOP], 1, 3, &geo)) {
        return problem(r, in, C_GEOP, "invalid geo_precision", ": ", "expected 1, 2 or 3");
    }
    if (f[C_TIMEP].len && !mm_columns_long(f[C_TIMEP], 1, 3, &tp)) {
        return problem(r, in, C_TIMEP, "invalid time_precision", ": ", "expected 1, 2 or 3");
    }
    mm_events *ev = r->ev;
    if (ev->n >= UINT32_MAX) {
        return MM_ERR(r->err, MM_E_LIMIT, ev->path, in->rec_line, 0,
                      "more than %u events in one file", UINT32_MAX - 1);
    }
    w.date = date.day;
    w.end = end.day;
    w.type = (uint8_t)type;
    w.geo = (uint8_t)geo;
    w.time = (uint8_t)tp;
    w.fatalities = (int32_t)fat;
    w.line = in->rec_line > 0 && in->rec_line < UINT32_MAX ? (uint32_t)in->rec_line : 0;
    w.id = mm_intern_copy(ev->strings, f[C_ID].data, f[C_ID].len);
    w.notes = r->drop_notes ? "" : mm_intern_copy(ev->strings, f[C_NOTES].data, f[C_NOTES].len);
    w.sub = intern(r, f[C_SUB]);
    w.actor1 = intern(r, f[C_ACTOR1]);
    w.actor2 = intern(r, f[C_ACTOR2]);
    w.source = intern(r, f[C_SOURCE]);
    w.url = intern(r, f[C_URL]);
    ev->rows = mm_grow(ev->rows, &ev->cap, ev->n + 1, sizeof *ev->rows);
    ev->rows[ev->n++] = w;
    if (end.day - date.day > ev->max_span) {
        ev->max_span = end.day - date.day;
    }
    if (end.day > ev->latest.day) {
        ev->latest = end;
    }
    return MM_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * Puts the rows in date order, keeping file order within a day: a counting
 * sort of row numbers by day (one pass to count, one to place), so the rows
 * themselves never move. Falls back to sorting keys when the days span much
 * more than there are rows.
 */
static void sort_rows(mm_events *ev)
{
    size_t n = ev->n;
    size_t i = 1;
    while (i < n && ev->rows[i - 1].date <= ev->rows[i].date) {
        i++;
    }
    if (i >= n) {
        return; /* already in order (a common case) */
    }
    int32_t lo = ev->rows[0].date, hi = lo;
    for (i = 1; i < n; i++) {
        lo = ev->rows[i].date < lo ? ev->rows[i].date : lo;
        hi = ev->rows[i].date > hi ? ev->rows[i].date : hi;
    }
    uint32_t *order = mm_array_alloc(n, sizeof *order);
    uint64_t span = (uint64_t)((int64_t)hi - lo) + 1;
    if (span <= 4 * (uint64_t)n + 1024) {
        size_t *start = mm_calloc((size_t)span + 1, sizeof *start);
        for (i = 0; i < n; i++) {
            start[ev->rows[i].date - lo + 1]++;
        }
        for (size_t d = 1; d <= span; d++) {
            start[d] += start[d - 1];
        }
        for (i = 0; i < n; i++) {
            order[start[ev->rows[i].date - lo]++] = (uint32_t)i;
        }
        mm_free(start);
    } else {
        /* key = biased date << 32 | row: sorting the keys sorts stably */
        uint64_t *key = mm_array_alloc(n, sizeof *key);
        for (i = 0; i < n; i++) {
            key[i] = (uint64_t)((uint32_t)ev->rows[i].date ^ 0x80000000u) << 32 | i;
        }
        qsort(key, n, sizeof *key, cmp_u64);
        for (i = 0; i < n; i++) {
            order[i] = (uint32_t)(key[i] & 0xffffffffu);
        }
        mm_free(key);
    }
    ev->order = order;
}

static mm_events *new_events(const char *path)
{
    mm_events *ev = mm_calloc(1, sizeof *ev);
    ev->path = path ? mm_strdup(path) : NULL;
    ev->strings = mm_intern_create();
    ev->latest = MM_DATE_NONE;
    return ev;
}

static void reader_init(reader *r, mm_events *ev, const mm_places *places,
                        const mm_events_opts *opts, mm_diag *diag, mm_error *err)
{
    *r = (reader){.ev = ev,
                  .places = places,
                  .drop_notes = opts && opts->drop_notes,
                  .diag = diag,
                  .err = err};
}

/* Ends a read: sorts and hands the set out, or frees it after a stop. */
static mm_status finish(reader *r, mm_status st, mm_events **out)
{
    mm_free(r->geo);
    mm_intern_destroy(r->hints);
    if (st != MM_OK) {
        mm_events_destroy(r->ev);
        return st;
    }
    sort_rows(r->ev);
    if (r->ev->cap > r->ev->n + r->ev->n / 8) {
        r->ev->rows = mm_array_realloc(r->ev->rows, r->ev->n, sizeof *r->ev->rows);
        r->ev->cap = r->ev->n;
    }
    *out = r->ev;
    return MM_OK;
}

/* A CSV record as text fields for add_record(). */
static mm_status csv_record(void *ctx, mm_csv *csv, const int *col, mm_diag *diag, mm_error *err)
{
    (void)diag; /* the reader's own */
    (void)err;
    reader *r = ctx;
    record *in = &r->csv_in;
    in->rec_line = mm_csv_line(csv);
    for (int k = 0; k < NCOLS; k++) {
        in->f[k] = mm_columns_get(csv, col[k]);
        in->line[k] = in->rec_line;
    }
    return add_record(r, in);
}

mm_status mm_events_read_csv(mm_csv *csv, const mm_places *places, const mm_events_opts *opts,
                             mm_diag *diag, mm_events **out, mm_error *err)
{
    *out = NULL;
    reader r;
    reader_init(&r, new_events(mm_csv_path(csv)), places, opts, diag, err);
    mm_status st = mm_columns_read(csv, SPEC, NCOLS, csv_record, &r, diag, err);
    return finish(&r, st, out);
}

/* ---- GeoJSON ---- */

/* Fills field k from property value v (NULL when absent); numbers are written
 * into num. MM_OK with *ok false after a reported problem. */
static mm_status geojson_field(reader *r, const mm_json *feature, const mm_json *v, int k,
                               char num[32], record *in, bool *ok)
{
    *ok = true;
    in->f[k] = (mm_csv_field){"", 0};
    in->line[k] = v ? v->line : feature->line;
    in->col[k] = v ? v->col : feature->col;
    if (!v || v->type == MM_JSON_NULL) {
        return MM_OK;
    }
    if (v->type == MM_JSON_STRING) {
        in->f[k] = (mm_csv_field){v->u.str.s, v->u.str.len};
        return MM_OK;
    }
    if (v->type == MM_JSON_NUMBER) {
        double d = v->u.num;
        int w = d == floor(d) && fabs(d) < 1e15 ? snprintf(num, 32, "%.0f", d)
                                                : snprintf(num, 32, "%.17g", d);
        in->f[k] = (mm_csv_field){num, w > 0 ? (size_t)w : 0};
        return MM_OK;
    }
    *ok = false;
    return MM_DIAG(r->diag, r->err, MM_E_DATA, r->ev->path, v->line, v->col,
                   "property '%s' must be a string or a number, not %s", SPEC[k].name,
                   mm_json_type_name(v->type));
}

/* Reads a Point geometry into in; MM_OK with *ok false after a reported problem. */
static mm_status geojson_point(reader *r, const mm_json *g, record *in, bool *ok)
{
    *ok = false;
    in->has_point = false;
    if (!g || g->type == MM_JSON_NULL) {
        *ok = true;
        return MM_OK;
    }
    const mm_json *type = mm_json_get(g, "type");
    const mm_json *c = mm_json_get(g, "coordinates");
    const char *path = r->ev->path;
    if (g->type != MM_JSON_OBJECT || !type || type->type != MM_JSON_STRING) {
        return MM_DIAG(r->diag, r->err, MM_E_DATA, path, g->line, g->col,
                       "geometry must be an object with a \"type\"");
    }
    if (strcmp(type->u.str.s, "Point") != 0) {
        return MM_DIAG(r->diag, r->err, MM_E_DATA, path, type->line, type->col,
                       "geometry must be a Point, not a %s", type->u.str.s);
    }
    if (!c || c->type != MM_JSON_ARRAY || c->u.arr.n < 2 ||
        c->u.arr.items[0]->type != MM_JSON_NUMBER || c->u.arr.items[1]->type != MM_JSON_NUMBER) {
        const mm_json *at = c ? c : g;
        return MM_DIAG(r->diag, r->err, MM_E_DATA, path, at->line, at->col,
                       "coordinates must be [longitude, latitude]");
    }
    double lon = c->u.arr.items[0]->u.num, lat = c->u.arr.items[1]->u.num;
    if (!(lon >= -180 && lon <= 180)) {
        const mm_json *at = c->u.arr.items[0];
        return MM_DIAG(r->diag, r->err, MM_E_DATA, path, at->line, at->col,
                       "invalid longitude %g: must be within -180..180", lon);
    }
    if (!(lat >= -90 && lat <= 90)) {
        const mm_json *at = c->u.arr.items[1];
        return MM_DIAG(r->diag, r->err, MM_E_DATA, path, at->line, at->col,
                       "invalid latitude %g: must be within -90..90", lat);
    }
    in->has_point = true;
    in->lon = lon;
    in->lat = lat;
    *ok = true;
    return MM_OK;
}

static mm_status geojson_feature(reader *r, const mm_json *feat)
{
    const char *path = r->ev->path;
    const mm_json *type = mm_json_get(feat, "type");
    if (feat->type != MM_JSON_OBJECT || !type || type->type != MM_JSON_STRING ||
        strcmp(type->u.str.s, "Feature") != 0) {
        return MM_DIAG(r->diag, r->err, MM_E_DATA, path, feat->line, feat->col,
                       "expected a Feature object");
    }
    const mm_json *props = mm_json_get(feat, "properties");
    if (props && props->type != MM_JSON_OBJECT && props->type != MM_JSON_NULL) {
        return MM_DIAG(r->diag, r->err, MM_E_DATA, path, props->line, props->col,
                       "properties must be an object");
    }
    record in;
    char num[NCOLS][32];
    in.rec_line = feat->line;
    bool ok;
    mm_status st = geojson_point(r, mm_json_get(feat, "geometry"), &in, &ok);
    if (!ok) {
        return st;
    }
    for (int k = 0; k < NCOLS; k++) {
        const mm_json *v = props ? mm_json_get(props, SPEC[k].name) : NULL;
        st = geojson_field(r, feat, v, k, num[k], &in, &ok);
        if (!ok) {
            return st; /* a reported problem: skip the feature */
        }
    }
    return add_record(r, &in);
}

mm_status mm_events_read_geojson(const mm_json_doc *doc, const mm_places *places,
                                 const mm_events_opts *opts, mm_diag *diag, mm_events **out,
                                 mm_error *err)
{
    *out = NULL;
    const mm_json *root = mm_json_root(doc);
    const mm_json *type = mm_json_get(root, "type");
    const mm_json *features = mm_json_get(root, "features");
    if (!type || type->type != MM_JSON_STRING || strcmp(type->u.str.s, "FeatureCollection") ||
        !features || features->type != MM_JSON_ARRAY) {
        return mm_json_error(doc, root->line, root->col, err, MM_E_DATA,
                             "expected a GeoJSON FeatureCollection with a \"features\" array");
    }
    reader r;
    reader_init(&r, new_events(mm_json_path(doc)), places, opts, diag, err);
    mm_status st = MM_OK;
    for (size_t i = 0; i < features->u.arr.n && st == MM_OK; i++) {
        st = geojson_feature(&r, features->u.arr.items[i]);
    }
    return finish(&r, st, out);
}

static bool is_json_name(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (mm_text_casecmp(dot, ".geojson") == 0 || mm_text_casecmp(dot, ".json") == 0);
}

mm_status mm_events_load(const char *path, const mm_places *places, const mm_events_opts *opts,
                         mm_diag *diag, mm_events **out, mm_error *err)
{
    *out = NULL;
    mm_status st;
    if (is_json_name(path)) {
        mm_json_doc *doc;
        st = mm_json_load(path, NULL, &doc, err);
        if (st == MM_OK) {
            st = mm_events_read_geojson(doc, places, opts, diag, out, err);
            mm_json_destroy(doc);
        }
        return st;
    }
    mm_csv *csv;
    st = mm_csv_open(path, NULL, &csv, err);
    if (st == MM_OK) {
        st = mm_events_read_csv(csv, places, opts, diag, out, err);
    }
    mm_csv_close(csv);
    return st;
}

void mm_events_destroy(mm_events *ev)
{
    if (!ev) {
        return;
    }
    mm_free(ev->path);
    mm_free(ev->rows);
    mm_free(ev->order);
    mm_intern_destroy(ev->strings);
    mm_free(ev);
}

size_t mm_events_count(const mm_events *ev)
{
    return ev->n;
}

/* The i-th row in date order. */
static const row *row_at(const mm_events *ev, size_t i)
{
    return &ev->rows[ev->order ? ev->order[i] : i];
}

void mm_events_get(const mm_events *ev, size_t i, mm_event *out)
{
    const row *w = row_at(ev, i);
    const mm_intern *s = ev->strings;
    *out = (mm_event){
        .id = w->id,
        .date = {w->date},
        .end_date = {w->end},
        .type = (mm_event_type)w->type,
        .sub_event_type = mm_intern_str(s, w->sub),
        .actor1 = mm_intern_str(s, w->actor1),
        .actor2 = mm_intern_str(s, w->actor2),
        .location = mm_intern_str(s, w->location),
        .lat_deg = w->lat,
        .lon_deg = w->lon,
        .geocoded = w->geocoded != 0,
        .fatalities = w->fatalities,
        .geo_precision = w->geo,
        .time_precision = w->time,
        .notes = w->notes,
        .source = mm_intern_str(s, w->source),
        .source_url = mm_intern_str(s, w->url),
        .line = (long)w->line,
    };
}

mm_date mm_events_date(const mm_events *ev, size_t i)
{
    return (mm_date){row_at(ev, i)->date};
}

mm_date mm_events_end_date(const mm_events *ev, size_t i)
{
    return (mm_date){row_at(ev, i)->end};
}

size_t mm_events_lower_bound(const mm_events *ev, mm_date d)
{
    size_t lo = 0, hi = ev->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (row_at(ev, mid)->date < d.day) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

int32_t mm_events_max_span_days(const mm_events *ev)
{
    return ev->max_span;
}

mm_date mm_events_latest(const mm_events *ev)
{
    return ev->latest;
}

size_t mm_events_bytes(const mm_events *ev)
{
    return sizeof *ev + ev->cap * sizeof *ev->rows + (ev->order ? ev->n * sizeof *ev->order : 0) +
           mm_intern_bytes(ev->strings);
}
