/*
 * events.h — conflict events: ACLED-format CSV (any column order, extra
 * columns ignored, so a real ACLED export loads as it is) or GeoJSON points,
 * held compactly (about 80 bytes a row plus interned strings and the notes)
 * and sorted by date for the time model's binary searches. Part of data/:
 * uses csv, columns, json, places and core/.
 */
#ifndef MALIMAP_EVENTS_H
#define MALIMAP_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "malimap/csv.h"
#include "malimap/date.h"
#include "malimap/error.h"
#include "malimap/json.h"
#include "malimap/places.h"

/* ACLED's six event types. */
typedef enum mm_event_type {
    MM_EVENT_BATTLES = 0,
    MM_EVENT_VIOLENCE_AGAINST_CIVILIANS,
    MM_EVENT_EXPLOSIONS,
    MM_EVENT_RIOTS,
    MM_EVENT_PROTESTS,
    MM_EVENT_STRATEGIC_DEVELOPMENTS,
    MM_EVENT_TYPE_COUNT
} mm_event_type;

/* One event, unpacked by mm_events_get(); strings owned by the set ("" when empty). */
typedef struct mm_event {
    const char *id; /* event_id_cnty */
    mm_date date;
    mm_date end_date; /* the last day: equal to date for a one-day event */
    mm_event_type type;
    const char *sub_event_type;
    const char *actor1;
    const char *actor2;
    const char *location;
    double lat_deg;
    double lon_deg;
    bool geocoded;      /* the coordinates came from the places table */
    int32_t fatalities; /* -1 when not given */
    int geo_precision;  /* 1..3, 0 when not given */
    int time_precision; /* 1..3, 0 when not given */
    const char *notes;  /* "" when dropped (mm_events_opts.drop_notes) */
    const char *source;
    const char *source_url;
    long line; /* line of the CSV record, or of the GeoJSON feature */
} mm_event;

typedef struct mm_events_opts {
    bool drop_notes; /* do not keep notes (saves about their size in memory) */
} mm_events_opts;

typedef struct mm_events mm_events;

/*
 * Reads events from an open CSV reader by ACLED column names: event_date,
 * event_type, location, latitude and longitude are required (the coordinates
 * may be empty); event_id_cnty, sub_event_type, actor1, actor2, fatalities,
 * notes, source, source_url, geo_precision, time_precision and end_date are
 * optional. Each record is checked: dates as "2023-11-14" or "14 November
 * 2023" and end_date not before event_date; event_type one of ACLED's six
 * (case-insensitive); location not empty; latitude -90..90 and longitude
 * -180..180, or both empty: then the coordinates are looked up in places
 * (may be NULL) by location, and an unknown location is "unknown place 'X'
 * (did you mean 'Y'?)"; fatalities a whole number >= 0; precisions 1, 2 or 3.
 * Problems go through diag as for mm_places_read(); with a sink bad rows are
 * left out. opts may be NULL. places is only used while reading. Rows are
 * sorted by date (stable: file order within a day). Caller destroys *out with
 * mm_events_destroy().
 */
mm_status mm_events_read_csv(mm_csv *csv, const mm_places *places, const mm_events_opts *opts,
                             mm_diag *diag, mm_events **out, mm_error *err);

/*
 * Reads events from a GeoJSON document (RFC 7946): a FeatureCollection whose
 * features have Point geometry ([lon, lat]) or null geometry (then the
 * properties latitude/longitude, or geocoding by location, as for CSV), and
 * properties with the same names and checks as the CSV columns (strings, or
 * numbers where a number is meant). Errors point at path:line:col of the
 * offending value. An event's line is the line of its feature object.
 */
mm_status mm_events_read_geojson(const mm_json_doc *doc, const mm_places *places,
                                 const mm_events_opts *opts, mm_diag *diag, mm_events **out,
                                 mm_error *err);

/*
 * Reads a file: GeoJSON when the name ends in .geojson or .json (any case),
 * otherwise CSV.
 */
mm_status mm_events_load(const char *path, const mm_places *places, const mm_events_opts *opts,
                         mm_diag *diag, mm_events **out, mm_error *err);

/* Accepts NULL. */
void mm_events_destroy(mm_events *ev);

/* Number of events. */
size_t mm_events_count(const mm_events *ev);
/* Event i in date order (i < count). */
void mm_events_get(const mm_events *ev, size_t i, mm_event *out);
/* Start date of event i, without unpacking the rest. */
mm_date mm_events_date(const mm_events *ev, size_t i);
/* End date of event i (its date for a one-day event). */
mm_date mm_events_end_date(const mm_events *ev, size_t i);
/* Index of the first event dated on or after d (count if none), by binary search. */
size_t mm_events_lower_bound(const mm_events *ev, mm_date d);
/* The longest end_date - event_date in days (0 when no event spans days). */
int32_t mm_events_max_span_days(const mm_events *ev);
/* The latest end date, MM_DATE_NONE when there are no events. */
mm_date mm_events_latest(const mm_events *ev);

/* ACLED's spelling of a type: "Battles", "Explosions/Remote violence"… */
const char *mm_event_type_name(mm_event_type t);
/* Parses a type name, ASCII case-insensitively. */
bool mm_event_type_parse(const char *s, size_t len, mm_event_type *out);

/* Bytes held (rows, strings, notes), for benchmarks and tests. */
size_t mm_events_bytes(const mm_events *ev);

#endif
