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
#include "map_priv.h"

enum { MAX_LISTED = 12, MAX_CHANGES = 6, MAX_NAMED = 64 };

/* A description being written: the map, the text, the actors named so far. */
typedef struct desc {
    const mm_map *m;
    mm_buf *out;
    const char *named[MAX_NAMED]; /* actor codes already written in full */
    size_t nnamed;
} desc;

/* One place as the description names it. */
typedef struct item {
    size_t place;
    mm_place_state st;
} item;

static bool holder_known(const mm_place_state *st)
{
    return st->known && st->controller && st->controller[0] && st->status != MM_CONTROL_UNKNOWN;
}

static const char *place_name(const desc *d, size_t place)
{
    return mm_places_get(d->m->data.places, place)->name;
}

/*
 * An actor's display name the first time ("Malian Armed Forces (FAMa)"),
 * then the short name in its last parentheses ("FAMa") when it has one.
 */
static void actor(desc *d, const char *code)
{
    const char *name = mm_timeline_actor_name(d->m->data.timeline, code);
    bool again = false;
    for (size_t i = 0; i < d->nnamed; i++) {
        again |= !strcmp(d->named[i], code);
    }
    const char *open = strrchr(name, '(');
    size_t len = strlen(name);
    if (again && open && open > name && len > 0 && name[len - 1] == ')') {
        mm_buf_append(d->out, open + 1, (size_t)(name + len - 1 - (open + 1)));
        return;
    }
    mm_buf_puts(d->out, name);
    if (!again && d->nnamed < MAX_NAMED) {
        d->named[d->nnamed++] = code;
    }
}

static void day(mm_buf *out, mm_date date)
{
    char buf[32];
    mm_date_format_long(date, buf, sizeof buf);
    mm_buf_puts(out, buf);
}

/* ", " between items and " and " before the last of n. */
static void separator(mm_buf *out, size_t i, size_t n)
{
    if (i > 0) {
        mm_buf_puts(out, i + 1 == n ? " and " : ", ");
    }
}

static void place_with_status(desc *d, const item *it)
{
    mm_buf_puts(d->out, place_name(d, it->place));
    if (holder_known(&it->st) && it->st.status != MM_CONTROL_HELD) {
        mm_buf_printf(d->out, " (%s)", mm_control_status_name(it->st.status));
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
static void holders(desc *d, const item *items, size_t n)
{
    bool *done = mm_calloc(n ? n : 1, sizeof *done);
    bool first_group = true;
    for (;;) {
        /* the largest group not yet written (ties: the first met); unknown last */
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
            if (best == n || (known && !holder_known(&items[best].st)) ||
                (known == holder_known(&items[best].st) && count > best_count)) {
                best = i;
                best_count = count;
            }
        }
        if (best == n) {
            break;
        }
        mm_buf_puts(d->out, first_group ? "" : "; ");
        first_group = false;
        const item ref = items[best];
        bool known = holder_known(&ref.st);
        if (!known) {
            mm_buf_puts(d->out, "no holder is known for ");
        }
        size_t written = 0;
        for (size_t k = 0; k < n; k++) {
            if (!done[k] && same_holder(&ref, &items[k])) {
                separator(d->out, written++, best_count);
                place_with_status(d, &items[k]);
                done[k] = true;
            }
        }
        if (known) {
            mm_buf_printf(d->out, " %s held by ", best_count > 1 ? "are" : "is");
            actor(d, ref.st.controller);
        }
    }
    mm_free(done);
}

/* The main towns: places of rank 1 and 2 (or of the best rank the file uses). */
static size_t main_towns(const desc *d, mm_date date, item *out, size_t max)
{
    const mm_places *pl = d->m->data.places;
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
                mm_timeline_state(d->m->data.timeline, i, date, &out[n].st);
                n++;
            }
        }
    }
    return n;
}

/* The latest control row on or before date (its place and state), false without one. */
static bool latest_change(const desc *d, mm_date date, item *out)
{
    const mm_control *c = d->m->data.control;
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
    mm_timeline_state(d->m->data.timeline, best->place, date, &out->st);
    return true;
}

/* The places of the region of the latest change that are not main towns. */
static void focus_region(desc *d, mm_date date, const item *change, const item *main, size_t nmain)
{
    const mm_places *pl = d->m->data.places;
    const char *region = mm_places_get(pl, change->place)->admin1;
    if (!region[0]) {
        return;
    }
    item items[MAX_LISTED];
    size_t n = 0, more = 0;
    for (size_t i = 0; i < mm_places_count(pl); i++) {
        if (strcmp(mm_places_get(pl, i)->admin1, region)) {
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
        mm_timeline_state(d->m->data.timeline, i, date, &items[n].st);
        n++;
    }
    if (n == 0) {
        return;
    }
    mm_buf_printf(d->out, " In the %s region, ", region);
    holders(d, items, n);
    if (more) {
        mm_buf_printf(d->out, " (and %zu other place%s)", more, more == 1 ? "" : "s");
    }
    mm_buf_putc(d->out, '.');
}

/* "The latest change: Kidal passed from X to Y on 14 November 2023." */
static void latest(desc *d, const item *c)
{
    if (!holder_known(&c->st)) {
        return;
    }
    mm_buf_puts(d->out, " The latest change: ");
    mm_buf_puts(d->out, place_name(d, c->place));
    if (c->st.previous && strcmp(c->st.previous, c->st.controller)) {
        mm_buf_puts(d->out, " passed from ");
        actor(d, c->st.previous);
        mm_buf_puts(d->out, " to ");
    } else if (c->st.status == MM_CONTROL_HELD) {
        mm_buf_puts(d->out, " held by ");
    } else {
        mm_buf_printf(d->out, " %s, held by ", mm_control_status_name(c->st.status));
    }
    actor(d, c->st.controller);
    mm_buf_puts(d->out, " on ");
    day(d->out, c->st.since);
    mm_buf_putc(d->out, '.');
}

/* "Kidal passed from X to Y", "Ber now held by Y", "Timbuktu became besieged (held by Y)". */
static void change_phrase(desc *d, const mm_change *c)
{
    mm_buf_puts(d->out, place_name(d, c->place));
    bool was = holder_known(&c->from), is = holder_known(&c->to);
    if (!is) {
        mm_buf_puts(d->out, ": no holder known any more");
        return;
    }
    if (was && !strcmp(c->from.controller, c->to.controller)) {
        if (c->to.status != MM_CONTROL_HELD) {
            mm_buf_printf(d->out, " became %s (held by ", mm_control_status_name(c->to.status));
        } else {
            mm_buf_printf(d->out, " no longer %s (held by ",
                          mm_control_status_name(c->from.status));
        }
        actor(d, c->to.controller);
        mm_buf_putc(d->out, ')');
        return;
    }
    if (was) {
        mm_buf_puts(d->out, " passed from ");
        actor(d, c->from.controller);
        mm_buf_puts(d->out, " to ");
    } else {
        mm_buf_puts(d->out, " now held by ");
    }
    actor(d, c->to.controller);
    if (c->to.status != MM_CONTROL_HELD) {
        mm_buf_printf(d->out, " (%s)", mm_control_status_name(c->to.status));
    }
}

static void changes_since(desc *d, mm_date since, mm_date date)
{
    const mm_timeline *tl = d->m->data.timeline;
    size_t n = mm_timeline_changes(tl, since, date, NULL, 0);
    mm_buf_puts(d->out, since.day <= date.day ? " Since " : " Between ");
    day(d->out, since);
    if (since.day > date.day) {
        mm_buf_puts(d->out, " and this date");
    }
    if (n == 0) {
        mm_buf_puts(d->out, ", no place changed hands.");
        return;
    }
    mm_change *ch = mm_array_alloc(n, sizeof *ch);
    mm_timeline_changes(tl, since, date, ch, n);
    mm_buf_printf(d->out, ", %zu place%s changed hands or status: ", n, n == 1 ? "" : "s");
    size_t shown = n > MAX_CHANGES ? MAX_CHANGES : n;
    for (size_t i = 0; i < shown; i++) {
        separator(d->out, i, shown + (n > shown));
        change_phrase(d, &ch[i]);
    }
    if (n > shown) {
        mm_buf_printf(d->out, " and %zu more", n - shown);
    }
    mm_buf_putc(d->out, '.');
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

/* The events of the map's window by type; returns how many sources they cite. */
static size_t events_window(desc *d, mm_date date)
{
    const mm_map *m = d->m;
    const mm_events *ev = m->data.events;
    mm_date after;
    if (!ev || m->window_days <= 0 ||
        !mm_date_add(date, (mm_duration){m->window_days, MM_DUR_DAY}, -1, &after)) {
        return 0;
    }
    size_t n = mm_timeline_events(m->data.timeline, after, date, NULL, 0);
    if (n == 0) {
        mm_buf_printf(d->out, " No events were recorded in the %d days up to ", m->window_days);
        day(d->out, date);
        mm_buf_putc(d->out, '.');
        return 0;
    }
    mm_buf_printf(d->out, " %zu event%s recorded in the %d days up to ", n,
                  n == 1 ? " was" : "s were", m->window_days);
    day(d->out, date);
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
    mm_buf_puts(d->out, ": ");
    size_t written = 0;
    for (int t = 0; t < MM_EVENT_TYPE_COUNT; t++) {
        if (per_type[t]) {
            separator(d->out, written++, ntypes);
            mm_buf_printf(d->out, "%zu %s", per_type[t], EVENT_WORDS[t][per_type[t] > 1]);
        }
    }
    if (any_dead) {
        mm_buf_printf(d->out, ", with %ld reported death%s", dead, dead == 1 ? "" : "s");
    }
    mm_buf_putc(d->out, '.');
    size_t nsources = distinct(sources, n);
    mm_free(sources);
    mm_free(we);
    return nsources;
}

/* Sources cited by the control rows up to date. */
static size_t control_sources(const desc *d, mm_date date)
{
    const mm_control *c = d->m->data.control;
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

/* A final full stop, unless the credits brought one. */
static void end_sentence(mm_buf *out)
{
    if (out->len && out->data[out->len - 1] != '.') {
        mm_buf_putc(out, '.');
    }
}

mm_status mm_map_describe(mm_map *m, mm_date date, mm_buf *out, mm_error *err)
{
    (void)err;
    desc d = {.m = m, .out = out};
    const char *title = mm_style_name(m->style);
    mm_buf_printf(out, "Map: %s", title && title[0] ? title : "control of places");
    if (!m->has_data || mm_date_is_none(date)) {
        mm_buf_printf(out, ". Sources: %s", map_credits(m));
        end_sentence(out);
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
    size_t nmain = main_towns(&d, date, main, MAX_LISTED);
    if (nmain) {
        mm_buf_puts(out, " Main towns: ");
        holders(&d, main, nmain);
        mm_buf_putc(out, '.');
    }
    item change;
    if (latest_change(&d, date, &change)) {
        focus_region(&d, date, &change, main, nmain);
        if (mm_date_is_none(m->opts.since)) {
            latest(&d, &change);
        }
    }
    if (!mm_date_is_none(m->opts.since)) {
        changes_since(&d, m->opts.since, date);
    }
    size_t event_sources = events_window(&d, date);
    size_t nc = control_sources(&d, date);
    mm_buf_printf(out, " Sources: control of places from %zu cited source%s", nc,
                  nc == 1 ? "" : "s");
    if (event_sources) {
        mm_buf_printf(out, ", events from %zu source%s", event_sources,
                      event_sources == 1 ? "" : "s");
    }
    mm_buf_printf(out, ". %s", map_credits(m));
    end_sentence(out);
    return MM_OK;
}
