/*
 * describe.c — the alt text of a map: a plain-language description of what
 * it shows on a date (who holds the main towns and the places of the region
 * where control last changed, changes since the map's since date, the events
 * of the window, the sources), for the SVG <desc>, the PNG Description chunk,
 * the PDF subject and --alt-text. Part of map/: reads the map's dataset
 * through map_priv.h; may use every module to its left.
 */
#include <stdlib.h>
#include <string.h>

#include "malimap/map.h"
#include "malimap/text.h"
#include "map_priv.h"

enum { MAX_LISTED = 12, MAX_CHANGES = 6 };

/* One place as the description names it. */
typedef struct item {
    size_t place;
    mm_place_state st;
} item;

static bool holder_known(const mm_place_state *st)
{
    return st->known && st->controller && st->controller[0] && st->status != MM_CONTROL_UNKNOWN;
}

static const char *place_name(const mm_map *m, size_t place)
{
    return mm_places_get(m->data.places, place)->name;
}

static const char *actor(const mm_map *m, const char *code)
{
    return mm_timeline_actor_name(m->data.timeline, code);
}

static void day(mm_buf *out, mm_date d)
{
    char buf[32];
    mm_date_format_long(d, buf, sizeof buf);
    mm_buf_puts(out, buf);
}

/* ", " between items and " and " before the last of n. */
static void separator(mm_buf *out, size_t i, size_t n)
{
    if (i > 0) {
        mm_buf_puts(out, i + 1 == n ? " and " : ", ");
    }
}

static void place_with_status(mm_buf *out, const mm_map *m, const item *it)
{
    mm_buf_puts(out, place_name(m, it->place));
    if (holder_known(&it->st) && it->st.status != MM_CONTROL_HELD) {
        mm_buf_printf(out, " (%s)", mm_control_status_name(it->st.status));
    }
}

static bool same_holder(const item *a, const item *b)
{
    bool ka = holder_known(&a->st), kb = holder_known(&b->st);
    return ka == kb && (!ka || !strcmp(a->st.controller, b->st.controller));
}

/*
 * "A, B and C are held by X; D is held by Y (contested); no holder is known
 * for E", the largest group first, places in the order given.
 */
static void holders(mm_buf *out, const mm_map *m, const item *items, size_t n)
{
    bool *done = mm_calloc(n ? n : 1, sizeof *done);
    bool first_group = true;
    for (;;) {
        /* the largest group not yet written (ties: the first met) */
        size_t best = n, best_count = 0;
        for (size_t i = 0; i < n; i++) {
            if (done[i]) {
                continue;
            }
            size_t count = 0;
            for (size_t k = 0; k < n; k++) {
                count += !done[k] && same_holder(&items[i], &items[k]);
            }
            bool known = holder_known(&items[i].st);
            /* groups with a holder before "no holder is known" */
            if (best == n || (known && !holder_known(&items[best].st)) ||
                (known == holder_known(&items[best].st) && count > best_count)) {
                best = i;
                best_count = count;
            }
        }
        if (best == n) {
            break;
        }
        if (!first_group) {
            mm_buf_puts(out, "; ");
        }
        first_group = false;
        bool known = holder_known(&items[best].st);
        if (!known) {
            mm_buf_puts(out, "no holder is known for ");
        }
        size_t written = 0;
        const item ref = items[best];
        for (size_t k = 0; k < n; k++) {
            if (!done[k] && same_holder(&ref, &items[k])) {
                separator(out, written++, best_count);
                place_with_status(out, m, &items[k]);
                done[k] = true;
            }
        }
        if (known) {
            mm_buf_printf(out, " %s held by %s", best_count > 1 ? "are" : "is",
                          actor(m, ref.st.controller));
        }
    }
    mm_free(done);
}

/* The main towns: places of rank 1 and 2 (or of the best rank the file uses). */
static size_t main_towns(const mm_map *m, mm_date date, item *out, size_t max)
{
    const mm_places *pl = m->data.places;
    int best = 0;
    for (size_t i = 0; i < mm_places_count(pl); i++) {
        int r = mm_places_get(pl, i)->rank;
        best = r > 0 && (best == 0 || r < best) ? r : best;
    }
    int limit = best > 2 ? best : 2;
    size_t n = 0;
    for (int r = 1; r <= limit; r++) {
        for (size_t i = 0; i < mm_places_count(pl) && n < max; i++) {
            if (mm_places_get(pl, i)->rank == r) {
                out[n].place = i;
                mm_timeline_state(m->data.timeline, i, date, &out[n].st);
                n++;
            }
        }
    }
    return n;
}

/* The latest control row on or before date (its place and state), false without one. */
static bool latest_change(const mm_map *m, mm_date date, item *out)
{
    const mm_control *c = m->data.control;
    const mm_control_row *best = NULL;
    for (size_t i = 0; i < mm_control_count(c); i++) {
        const mm_control_row *r = mm_control_get(c, i);
        if (r->date.day <= date.day && (!best || r->date.day >= best->date.day)) {
            best = r;
        }
    }
    if (!best) {
        return false;
    }
    out->place = best->place;
    mm_timeline_state(m->data.timeline, best->place, date, &out->st);
    return true;
}

static void change_phrase(mm_buf *out, const mm_map *m, const mm_change *c)
{
    mm_buf_puts(out, place_name(m, c->place));
    bool was = holder_known(&c->from), is = holder_known(&c->to);
    if (!is) {
        mm_buf_puts(out, ": no holder known any more");
        return;
    }
    if (!was) {
        mm_buf_printf(out, " to %s", actor(m, c->to.controller));
    } else if (strcmp(c->from.controller, c->to.controller)) {
        mm_buf_printf(out, " from %s", actor(m, c->from.controller));
        mm_buf_printf(out, " to %s", actor(m, c->to.controller));
    } else {
        mm_buf_printf(out, " %s by %s", c->to.status == MM_CONTROL_HELD ? "now held" : "now",
                      actor(m, c->to.controller));
        if (c->to.status != MM_CONTROL_HELD) {
            mm_buf_printf(out, " but %s", mm_control_status_name(c->to.status));
        }
        return;
    }
    if (c->to.status != MM_CONTROL_HELD) {
        mm_buf_printf(out, " (%s)", mm_control_status_name(c->to.status));
    }
}

static void changes_since(mm_buf *out, const mm_map *m, mm_date since, mm_date date)
{
    size_t n = mm_timeline_changes(m->data.timeline, since, date, NULL, 0);
    mm_buf_puts(out, since.day <= date.day ? " Since " : " Between ");
    day(out, since);
    if (since.day > date.day) {
        mm_buf_puts(out, " and this date");
    }
    if (n == 0) {
        mm_buf_puts(out, ", no place changed hands.");
        return;
    }
    mm_change *ch = mm_array_alloc(n, sizeof *ch);
    mm_timeline_changes(m->data.timeline, since, date, ch, n);
    mm_buf_printf(out, ", %zu place%s changed hands or status: ", n, n == 1 ? "" : "s");
    size_t shown = n > MAX_CHANGES ? MAX_CHANGES : n;
    for (size_t i = 0; i < shown; i++) {
        separator(out, i, shown + (n > shown));
        change_phrase(out, m, &ch[i]);
    }
    if (n > shown) {
        mm_buf_printf(out, " and %zu more", n - shown);
    }
    mm_buf_putc(out, '.');
    mm_free(ch);
}

/* Plain names of event types: singular and plural. */
static const char *const EVENT_WORDS[MM_EVENT_TYPE_COUNT][2] = {
    [MM_EVENT_BATTLES] = {"battle", "battles"},
    [MM_EVENT_VIOLENCE_AGAINST_CIVILIANS] = {"attack on civilians", "attacks on civilians"},
    [MM_EVENT_EXPLOSIONS] = {"explosion or remote attack", "explosions or remote attacks"},
    [MM_EVENT_RIOTS] = {"riot", "riots"},
    [MM_EVENT_PROTESTS] = {"protest", "protests"},
    [MM_EVENT_STRATEGIC_DEVELOPMENTS] = {"strategic development", "strategic developments"},
};

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct non-empty strings among n (sorts them). */
static size_t distinct(const char **s, size_t n)
{
    qsort(s, n, sizeof *s, by_string);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        k += s[i][0] && (i == 0 || strcmp(s[i], s[i - 1]));
    }
    return k;
}

/* Events of the map's window; returns how many sources they cite. */
static size_t events_window(mm_buf *out, const mm_map *m, mm_date date)
{
    const mm_events *ev = m->data.events;
    mm_date after;
    if (!ev || m->window_days <= 0 ||
        !mm_date_add(date, (mm_duration){m->window_days, MM_DUR_DAY}, -1, &after)) {
        return 0;
    }
    size_t n = mm_timeline_events(m->data.timeline, after, date, NULL, 0);
    if (n == 0) {
        mm_buf_printf(out, " No events were recorded in the %d days up to ", m->window_days);
        day(out, date);
        mm_buf_putc(out, '.');
        return 0;
    }
    mm_buf_printf(out, " %zu event%s recorded in the %d days up to ", n,
                  n == 1 ? " was" : "s were", m->window_days);
    day(out, date);
    mm_window_event *we = mm_array_alloc(n, sizeof *we);
    mm_timeline_events(m->data.timeline, after, date, we, n);
    size_t per_type[MM_EVENT_TYPE_COUNT] = {0};
    long dead = 0;
    bool any_dead = false;
    const char **sources = mm_array_alloc(n, sizeof *sources);
    for (size_t i = 0; i < n; i++) {
        mm_event e;
        mm_events_get(ev, we[i].index, &e);
        if ((unsigned)e.type < MM_EVENT_TYPE_COUNT) {
            per_type[e.type]++;
        }
        if (e.fatalities >= 0) {
            dead += e.fatalities;
            any_dead = true;
        }
        sources[i] = e.source;
    }
    size_t ntypes = 0;
    for (int t = 0; t < MM_EVENT_TYPE_COUNT; t++) {
        ntypes += per_type[t] > 0;
    }
    mm_buf_puts(out, ": ");
    size_t written = 0;
    for (int t = 0; t < MM_EVENT_TYPE_COUNT; t++) {
        if (per_type[t]) {
            separator(out, written++, ntypes);
            mm_buf_printf(out, "%zu %s", per_type[t], EVENT_WORDS[t][per_type[t] > 1]);
        }
    }
    if (any_dead) {
        mm_buf_printf(out, ", with %ld reported death%s", dead, dead == 1 ? "" : "s");
    }
    mm_buf_putc(out, '.');
    size_t nsources = distinct(sources, n);
    mm_free(sources);
    mm_free(we);
    return nsources;
}

/* The region of the latest change: its places that are not main towns. */
static void focus_region(mm_buf *out, const mm_map *m, mm_date date, const item *change,
                         const item *main, size_t nmain)
{
    const char *region = mm_places_get(m->data.places, change->place)->admin1;
    if (!region[0]) {
        return;
    }
    item items[MAX_LISTED];
    size_t n = 0, more = 0;
    for (size_t i = 0; i < mm_places_count(m->data.places); i++) {
        if (strcmp(mm_places_get(m->data.places, i)->admin1, region)) {
            continue;
        }
        bool listed = false;
        for (size_t k = 0; k < nmain; k++) {
            listed |= main[k].place == i;
        }
        if (listed) {
            continue;
        }
        if (n == MAX_LISTED) {
            more++;
            continue;
        }
        items[n].place = i;
        mm_timeline_state(m->data.timeline, i, date, &items[n].st);
        n++;
    }
    if (n == 0) {
        return;
    }
    mm_buf_printf(out, " In the %s region, ", region);
    holders(out, m, items, n);
    if (more) {
        mm_buf_printf(out, " (and %zu other place%s)", more, more == 1 ? "" : "s");
    }
    mm_buf_putc(out, '.');
}

static void latest(mm_buf *out, const mm_map *m, const item *c)
{
    if (!holder_known(&c->st)) {
        return;
    }
    mm_buf_puts(out, " The latest change: ");
    mm_buf_puts(out, place_name(m, c->place));
    if (c->st.previous && strcmp(c->st.previous, c->st.controller)) {
        mm_buf_printf(out, " passed from %s to %s", actor(m, c->st.previous),
                      actor(m, c->st.controller));
    } else {
        mm_buf_printf(out, " %s by %s",
                      c->st.status == MM_CONTROL_HELD
                          ? "held"
                          : mm_control_status_name(c->st.status),
                      actor(m, c->st.controller));
    }
    mm_buf_puts(out, " on ");
    day(out, c->st.since);
    mm_buf_putc(out, '.');
}

/* Sources cited by the control rows in force up to date. */
static size_t control_sources(const mm_map *m, mm_date date)
{
    const mm_control *c = m->data.control;
    size_t n = 0, total = mm_control_count(c);
    const char **s = mm_array_alloc(total ? total : 1, sizeof *s);
    for (size_t i = 0; i < total; i++) {
        const mm_control_row *r = mm_control_get(c, i);
        if (r->date.day <= date.day) {
            s[n++] = r->source;
        }
    }
    size_t k = distinct(s, n);
    mm_free(s);
    return k;
}

mm_status mm_map_describe(mm_map *m, mm_date date, mm_buf *out, mm_error *err)
{
    (void)err;
    const char *title = mm_style_name(m->style);
    mm_buf_printf(out, "Map: %s", title && title[0] ? title : "control of places");
    if (!m->has_data || mm_date_is_none(date)) {
        mm_buf_puts(out, ". Sources: ");
        mm_buf_puts(out, map_credits(m));
        return MM_OK;
    }
    mm_buf_puts(out, ", ");
    day(out, date);
    mm_buf_puts(out, ". Colours show who holds each place");
    if (m->terr) {
        mm_buf_puts(out, " and the areas around them (estimates derived from the places, not "
                         "front lines)");
    }
    mm_buf_putc(out, '.');
    item main[MAX_LISTED];
    size_t nmain = main_towns(m, date, main, MAX_LISTED);
    if (nmain) {
        mm_buf_puts(out, " Main towns: ");
        holders(out, m, main, nmain);
        mm_buf_putc(out, '.');
    }
    item change;
    if (latest_change(m, date, &change)) {
        focus_region(out, m, date, &change, main, nmain);
        if (mm_date_is_none(m->opts.since)) {
            latest(out, m, &change);
        }
    }
    if (!mm_date_is_none(m->opts.since)) {
        changes_since(out, m, m->opts.since, date);
    }
    size_t event_sources = events_window(out, m, date);
    size_t nc = control_sources(m, date);
    mm_buf_printf(out, " Sources: control of places from %zu cited source%s", nc,
                  nc == 1 ? "" : "s");
    if (event_sources) {
        mm_buf_printf(out, ", events from %zu source%s", event_sources,
                      event_sources == 1 ? "" : "s");
    }
    mm_buf_puts(out, ". ");
    mm_buf_puts(out, map_credits(m));
    size_t len = out->len;
    if (len && out->data[len - 1] != '.') {
        mm_buf_putc(out, '.');
    }
    return MM_OK;
}
