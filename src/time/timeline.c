/*
 * timeline.c — the as-of-date model. The control rows are indexed per place
 * (compressed rows: the rows of place p are order[start[p] .. start[p+1]),
 * sorted by date, with their dates copied alongside for the binary search),
 * and each row knows the last earlier holder of its place that differs from
 * its own. Events are searched in the date-sorted events set.
 * Part of time/: calls data/ (places, control, events, actors, features).
 */
#include "malimap/timeline.h"

#include <stdio.h>
#include <string.h>

#include "malimap/mem.h"

struct mm_timeline {
    const mm_places *places;
    const mm_control *control;
    const mm_events *events;
    const mm_actors *actors;
    size_t nplaces;
    uint32_t *start;       /* nplaces + 1 offsets into order */
    uint32_t *order;       /* control row indices, by place then date then file order */
    int32_t *dates;        /* the date of each entry of order */
    const char **previous; /* per entry of order: the holder before, NULL if none */
    mm_date latest;
};

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

mm_timeline *mm_timeline_create(const mm_places *places, const mm_control *control,
                                const mm_events *events, const mm_actors *actors)
{
    mm_timeline *tl = mm_calloc(1, sizeof *tl);
    tl->places = places;
    tl->control = control;
    tl->events = events;
    tl->actors = actors;
    tl->nplaces = mm_places_count(places);
    size_t n = control ? mm_control_count(control) : 0;
    tl->start = mm_array_alloc(tl->nplaces + 1, sizeof *tl->start);
    tl->order = mm_array_alloc(n ? n : 1, sizeof *tl->order);
    tl->dates = mm_array_alloc(n ? n : 1, sizeof *tl->dates);
    tl->previous = mm_array_alloc(n ? n : 1, sizeof *tl->previous);
    memset(tl->start, 0, (tl->nplaces + 1) * sizeof *tl->start);
    /* Counting sort by place (stable), then insertion sort by date within each
     * place: a place has few rows, and they usually come in date order. */
    for (size_t i = 0; i < n; i++) {
        tl->start[mm_control_get(control, i)->place + 1]++;
    }
    for (size_t p = 0; p < tl->nplaces; p++) {
        tl->start[p + 1] += tl->start[p];
    }
    uint32_t *fill = mm_array_alloc(tl->nplaces + 1, sizeof *fill);
    memcpy(fill, tl->start, (tl->nplaces + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        const mm_control_row *r = mm_control_get(control, i);
        uint32_t k = fill[r->place]++;
        tl->order[k] = (uint32_t)i;
        tl->dates[k] = r->date.day;
    }
    mm_free(fill);
    for (size_t p = 0; p < tl->nplaces; p++) {
        for (uint32_t k = tl->start[p] + 1; k < tl->start[p + 1]; k++) {
            uint32_t o = tl->order[k];
            int32_t d = tl->dates[k];
            uint32_t j = k;
            while (j > tl->start[p] && tl->dates[j - 1] > d) {
                tl->order[j] = tl->order[j - 1];
                tl->dates[j] = tl->dates[j - 1];
                j--;
            }
            tl->order[j] = o;
            tl->dates[j] = d;
        }
        const char *before = NULL, *current = NULL;
        for (uint32_t k = tl->start[p]; k < tl->start[p + 1]; k++) {
            const char *c = mm_control_get(control, tl->order[k])->controller;
            if (!c || !c[0]) {
                tl->previous[k] = before; /* an unknown spell names nobody */
                continue;
            }
            if (current && !same(c, current)) {
                before = current;
            }
            current = c;
            tl->previous[k] = before;
        }
    }
    tl->latest = control ? mm_control_latest(control) : MM_DATE_NONE;
    if (events && mm_events_count(events) && mm_events_latest(events).day > tl->latest.day) {
        tl->latest = mm_events_latest(events);
    }
    return tl;
}

void mm_timeline_destroy(mm_timeline *tl)
{
    if (!tl) {
        return;
    }
    mm_free(tl->start);
    mm_free(tl->order);
    mm_free(tl->dates);
    mm_free(tl->previous);
    mm_free(tl);
}

mm_date mm_timeline_latest(const mm_timeline *tl)
{
    return tl->latest;
}

void mm_timeline_state(const mm_timeline *tl, size_t place, mm_date d, mm_place_state *out)
{
    *out = (mm_place_state){.place = place, .since = MM_DATE_NONE, .source = "", .note = ""};
    /* The first entry of the place dated after d; the one before it is in force. */
    uint32_t lo = tl->start[place], hi = tl->start[place + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (tl->dates[mid] <= d.day) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == tl->start[place]) {
        return;
    }
    const mm_control_row *r = mm_control_get(tl->control, tl->order[lo - 1]);
    out->row = r;
    if (r->status == MM_CONTROL_UNKNOWN) {
        /* a row saying the holder is no longer known: dated and sourced, but
         * no controller; the place reads as unknown from here on */
        out->since = r->date;
        out->source = r->source;
        out->note = r->note;
        return;
    }
    out->known = true;
    out->controller = r->controller;
    out->status = r->status;
    out->since = r->date;
    out->days_since_change = d.day - r->date.day;
    out->confidence = r->confidence;
    out->source = r->source;
    out->note = r->note;
    out->previous = tl->previous[lo - 1];
}

size_t mm_timeline_changes(const mm_timeline *tl, mm_date d0, mm_date d, mm_change *out, size_t max)
{
    size_t n = 0;
    for (size_t p = 0; p < tl->nplaces; p++) {
        if (tl->start[p] == tl->start[p + 1]) {
            continue; /* never known */
        }
        mm_change c = {.place = p};
        mm_timeline_state(tl, p, d0, &c.from);
        mm_timeline_state(tl, p, d, &c.to);
        if (c.from.known == c.to.known && same(c.from.controller, c.to.controller) &&
            c.from.status == c.to.status) {
            continue;
        }
        if (n < max) {
            out[n] = c;
        }
        n++;
    }
    return n;
}

size_t mm_timeline_reaffirmed(const mm_timeline *tl, mm_date d0, mm_date d, mm_change *out,
                              size_t max)
{
    size_t n = 0;
    for (size_t p = 0; p < tl->nplaces; p++) {
        if (tl->start[p] == tl->start[p + 1]) {
            continue;
        }
        mm_change c = {.place = p};
        mm_timeline_state(tl, p, d0, &c.from);
        mm_timeline_state(tl, p, d, &c.to);
        if (!c.from.known || !c.to.known || c.from.row == c.to.row ||
            !same(c.from.controller, c.to.controller) || c.from.status != c.to.status) {
            continue;
        }
        if (n < max) {
            out[n] = c;
        }
        n++;
    }
    return n;
}

size_t mm_timeline_events(const mm_timeline *tl, mm_date after, mm_date until, mm_window_event *out,
                          size_t max)
{
    const mm_events *ev = tl->events;
    if (!ev || until.day <= after.day) {
        return 0;
    }
    /* An event overlapping the window starts after (after - longest span). */
    int64_t from = (int64_t)after.day + 1 - mm_events_max_span_days(ev);
    mm_date first = {from < INT32_MIN + 1 ? INT32_MIN + 1 : (int32_t)from};
    size_t n = 0, count = mm_events_count(ev);
    for (size_t i = mm_events_lower_bound(ev, first); i < count; i++) {
        mm_date start = mm_events_date(ev, i);
        if (start.day > until.day) {
            break;
        }
        mm_date end = mm_events_end_date(ev, i);
        if (end.day <= after.day) {
            continue;
        }
        if (n < max) {
            int32_t last = end.day < until.day ? end.day : until.day;
            out[n] = (mm_window_event){i, until.day - last};
        }
        n++;
    }
    return n;
}

/* ---- feature sets for the date-aware style sources ---- */

static const char *const PLACE_FIELDS[] = {"name",
                                           "admin1",
                                           "kind",
                                           "rank",
                                           "controller",
                                           "controller_name",
                                           "status",
                                           "since",
                                           "days_since_change",
                                           "confidence",
                                           "source",
                                           "changed",
                                           "previous_controller",
                                           "coord_precision",
                                           "since_label"};

static const char *const EVENT_FIELDS[] = {
    "event_id",   "event_date", "event_type",    "sub_event_type", "actor1", "actor2", "location",
    "fatalities", "age_days",   "geo_precision", "time_precision", "notes",  "source", "end_date",
};

static mm_features *new_set(const char *const *fields, size_t n)
{
    mm_features *fs = mm_features_create();
    for (size_t i = 0; i < n; i++) {
        mm_features_add_field(fs, fields[i]);
    }
    return fs;
}

/* A string property: null when empty or NULL. */
static mm_value text(const char *s)
{
    return s && s[0] ? mm_value_string(s) : mm_value_null();
}

static mm_value date_value(mm_date d, char buf[static 11])
{
    mm_date_format(d, buf);
    return mm_value_string(buf);
}

static size_t add_point(mm_features *fs, double lon, double lat)
{
    uint32_t parts[2] = {0, 1};
    mm_xy pt = {lon, lat};
    return mm_features_add(fs, MM_GEOM_POINT, 1, parts, NULL, 1, &pt);
}

mm_features *mm_timeline_place_features(const mm_timeline *tl, mm_date d, mm_date since)
{
    enum {
        NAME,
        ADMIN1,
        KIND,
        RANK,
        CTRL,
        CTRL_NAME,
        STATUS,
        SINCE,
        DAYS,
        CONF,
        SOURCE,
        CHANGED,
        PREVIOUS,
        PRECISION,
        SINCE_LABEL
    };
    mm_features *fs = new_set(PLACE_FIELDS, sizeof PLACE_FIELDS / sizeof *PLACE_FIELDS);
    for (size_t p = 0; p < tl->nplaces; p++) {
        const mm_place *pl = mm_places_get(tl->places, p);
        size_t i = add_point(fs, pl->lon_deg, pl->lat_deg);
        mm_place_state s;
        mm_timeline_state(tl, p, d, &s);
        mm_features_set(fs, i, NAME, text(pl->name));
        mm_features_set(fs, i, ADMIN1, text(pl->admin1));
        mm_features_set(fs, i, KIND, text(pl->kind));
        mm_features_set(fs, i, RANK, pl->rank ? mm_value_number(pl->rank) : mm_value_null());
        mm_features_set(fs, i, PRECISION, text(pl->coord_precision));
        const char *previous = s.previous;
        bool changed = false;
        if (!mm_date_is_none(since)) {
            mm_place_state then;
            mm_timeline_state(tl, p, since, &then);
            previous = then.controller;
            changed = then.known && s.known && !same(then.controller, s.controller);
        }
        mm_features_set(fs, i, CHANGED, mm_value_bool(changed));
        mm_features_set(fs, i, PREVIOUS, text(previous));
        if (!s.known) {
            continue; /* the other properties stay null */
        }
        char buf[11];
        mm_features_set(fs, i, CTRL, text(s.controller));
        mm_features_set(fs, i, CTRL_NAME, text(mm_actors_display_name(tl->actors, s.controller)));
        mm_features_set(fs, i, STATUS, mm_value_string(mm_control_status_name(s.status)));
        mm_features_set(fs, i, SINCE, date_value(s.since, buf));
        char label[32];
        int y, mo, dd;
        mm_date_to_ymd(s.since, &y, &mo, &dd);
        static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        snprintf(label, sizeof label, "%d %s %d", dd, MONTHS[(mo - 1) % 12], y);
        mm_features_set(fs, i, SINCE_LABEL, mm_value_string(label));
        mm_features_set(fs, i, DAYS, mm_value_number(s.days_since_change));
        mm_features_set(fs, i, CONF, text(mm_confidence_name(s.confidence)));
        mm_features_set(fs, i, SOURCE, text(s.source));
    }
    return fs;
}

mm_features *mm_timeline_event_features(const mm_timeline *tl, mm_date after, mm_date until)
{
    enum {
        ID,
        DATE,
        TYPE,
        SUB,
        ACTOR1,
        ACTOR2,
        LOCATION,
        FATALITIES,
        AGE,
        GEOP,
        TIMEP,
        NOTES,
        SOURCE,
        END
    };
    mm_features *fs = new_set(EVENT_FIELDS, sizeof EVENT_FIELDS / sizeof *EVENT_FIELDS);
    size_t n = mm_timeline_events(tl, after, until, NULL, 0);
    mm_window_event *w = mm_array_alloc(n ? n : 1, sizeof *w);
    mm_timeline_events(tl, after, until, w, n);
    for (size_t k = 0; k < n; k++) {
        mm_event e;
        mm_events_get(tl->events, w[k].index, &e);
        size_t i = add_point(fs, e.lon_deg, e.lat_deg);
        char buf[11];
        mm_features_set(fs, i, ID, text(e.id));
        mm_features_set(fs, i, DATE, date_value(e.date, buf));
        mm_features_set(fs, i, TYPE, mm_value_string(mm_event_type_name(e.type)));
        mm_features_set(fs, i, SUB, text(e.sub_event_type));
        mm_features_set(fs, i, ACTOR1, text(e.actor1));
        mm_features_set(fs, i, ACTOR2, text(e.actor2));
        mm_features_set(fs, i, LOCATION, text(e.location));
        mm_features_set(fs, i, FATALITIES,
                        e.fatalities >= 0 ? mm_value_number(e.fatalities) : mm_value_null());
        mm_features_set(fs, i, AGE, mm_value_number(w[k].age_days));
        mm_features_set(fs, i, GEOP,
                        e.geo_precision ? mm_value_number(e.geo_precision) : mm_value_null());
        mm_features_set(fs, i, TIMEP,
                        e.time_precision ? mm_value_number(e.time_precision) : mm_value_null());
        mm_features_set(fs, i, NOTES, text(e.notes));
        mm_features_set(fs, i, SOURCE, text(e.source));
        mm_features_set(fs, i, END, date_value(e.end_date, buf));
    }
    mm_free(w);
    return fs;
}

const char *mm_timeline_actor_name(const mm_timeline *tl, const char *code)
{
    return mm_actors_display_name(tl->actors, code);
}
