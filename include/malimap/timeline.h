/*
 * timeline.h — the as-of-date model: who holds each place on a date D, what
 * changed between two dates, which events fall in a window before D and how
 * old they are; and the feature sets the renderer's date-aware sources style
 * with expressions. Part of time/: built from data/ tables (places, control,
 * events, actors), which it borrows. Every query is a binary search per place
 * or over the date-sorted events, never a scan of all rows.
 */
#ifndef MALIMAP_TIMELINE_H
#define MALIMAP_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "malimap/actors.h"
#include "malimap/control.h"
#include "malimap/date.h"
#include "malimap/events.h"
#include "malimap/feature.h"
#include "malimap/places.h"

typedef struct mm_timeline mm_timeline;

/*
 * Indexes the control rows per place in date order (rows of one place on one
 * day keep file order, so the later one wins). control must refer to places.
 * events and actors may be NULL (no events; controller names = codes). All
 * four are borrowed and must outlive the timeline. Caller destroys with
 * mm_timeline_destroy().
 */
mm_timeline *mm_timeline_create(const mm_places *places, const mm_control *control,
                                const mm_events *events, const mm_actors *actors);
/* Accepts NULL. */
void mm_timeline_destroy(mm_timeline *tl);

/* The display name of an actor code (the code itself without an actors table). */
const char *mm_timeline_actor_name(const mm_timeline *tl, const char *code);

/* The latest date in the data: last control row or last event day; MM_DATE_NONE if none. */
mm_date mm_timeline_latest(const mm_timeline *tl);

/* The state of one place on a date. */
typedef struct mm_place_state {
    size_t place;
    bool known;                /* false before the place's first row */
    const mm_control_row *row; /* the row in force; NULL when not known */
    const char *controller;    /* actor code; NULL when not known */
    mm_control_status status;  /* MM_CONTROL_HELD when not known */
    mm_date since;             /* date of the row in force; MM_DATE_NONE when not known */
    int32_t days_since_change; /* d - since; 0 when not known */
    mm_confidence confidence;
    const char *source; /* "" when not known */
    const char *note;
    const char *previous; /* the holder before the current one (last earlier row with
                             another controller), NULL when none */
} mm_place_state;

/*
 * The state of place on d: its last row dated on or before d (a change dated
 * d counts on d). Before the first row the holder is unknown (known = false).
 * O(log rows of the place).
 */
void mm_timeline_state(const mm_timeline *tl, size_t place, mm_date d, mm_place_state *out);

/* A place whose controller or status differs between two dates. */
typedef struct mm_change {
    size_t place;
    mm_place_state from; /* on d0 (may be unknown) */
    mm_place_state to;   /* on d */
} mm_change;

/*
 * Places whose controller or status on d differs from d0 (a place unknown on
 * d0 and known on d is a change; d0 may be after d), in places-file order.
 * Writes up to max changes to out and returns how many there are in all.
 */
size_t mm_timeline_changes(const mm_timeline *tl, mm_date d0, mm_date d, mm_change *out,
                           size_t max);

/*
 * Places with the same controller and status on d0 and d whose row in force
 * is another one, dated in between: a newer source says the same holder (a
 * camp handed over by a foreign force, a town retaken after a raid). Same
 * order and return as mm_timeline_changes.
 */
size_t mm_timeline_reaffirmed(const mm_timeline *tl, mm_date d0, mm_date d, mm_change *out,
                              size_t max);

/* An event in a window, by its index in the events set, and its age. */
typedef struct mm_window_event {
    size_t index;
    int32_t age_days;
} mm_window_event;

/*
 * Events in the window (after, until]: a one-day event when after < date <=
 * until; an event with an end_date when its days [event_date, end_date]
 * overlap the window. age_days = until - (the event's last day within the
 * window) = until - min(end_date, until), so an event still going on is 0 days
 * old. In date order. Writes up to max to out and returns how many there are
 * in all. Cost: a binary search, then the events dated in (after - longest
 * event span, until].
 */
size_t mm_timeline_events(const mm_timeline *tl, mm_date after, mm_date until, mm_window_event *out,
                          size_t max);

/*
 * Every place as a point (lon, lat) with, in this order, the properties
 * name, admin1, kind, rank, controller, controller_name (actor display name),
 * status, since (ISO date), days_since_change, confidence, source, changed,
 * previous_controller, coord_precision, since_label ("14 Nov 2023"). A place with no known holder
 * on d has null controller, controller_name, status, since, days_since_change, confidence and
 * source. Empty strings in the files become null; rank is null when not given. With since =
 * MM_DATE_NONE, changed is false and previous_controller is the holder before the current one (null
 * if none). With a since date, changed is true when the place had a known holder on since and
 * another one on d, and previous_controller is the holder on since (null if unknown). Returns a new
 * set in places-file order; caller destroys it with mm_features_destroy().
 */
mm_features *mm_timeline_place_features(const mm_timeline *tl, mm_date d, mm_date since);

/*
 * The events of the window (after, until] (see mm_timeline_events()) as
 * points with, in this order, the properties event_id, event_date (ISO),
 * event_type, sub_event_type, actor1, actor2, location, fatalities (null when
 * not given), age_days, geo_precision, time_precision (null when not given),
 * notes (null when dropped or empty), source, end_date (ISO, the last day).
 * Returns a new set in date order; caller destroys it with
 * mm_features_destroy().
 */
mm_features *mm_timeline_event_features(const mm_timeline *tl, mm_date after, mm_date until);

#endif
