/*
 * control.c — the control timeline file: rows read by column name, checked
 * against the places and actors tables, controllers interned.
 * Part of data/: calls csv, columns, places, actors and core/.
 */
#include "malimap/control.h"

#include <string.h>

#include "malimap/columns.h"
#include "malimap/intern.h"
#include "malimap/mem.h"
#include "malimap/text.h"

enum { C_DATE, C_PLACE, C_CONTROLLER, C_STATUS, C_CONFIDENCE, C_SOURCE, C_NOTE, NCOLS };

static const mm_column_spec SPEC[NCOLS] = {
    [C_DATE] = {"date", true},
    [C_PLACE] = {"place", true},
    [C_CONTROLLER] = {"controller", true},
    [C_STATUS] = {"status", false},
    [C_CONFIDENCE] = {"confidence", false},
    [C_SOURCE] = {"source", true},
    [C_NOTE] = {"note", false},
};

static const char *const STATUS_NAMES[] = {"held", "contested", "besieged", "unknown"};
static const char *const CONFIDENCE_NAMES[] = {"", "high", "medium", "low"};

struct mm_control {
    const mm_places *places;
    const mm_actors *actors; /* only while reading */
    mm_intern *strings;
    mm_control_row *rows;
    size_t n;
    size_t cap;
    mm_date latest;
};

/* Index of f among names[from..n) compared ASCII case-insensitively, -1 if absent. */
static int find_word(mm_csv_field f, const char *const *names, int from, int n)
{
    char buf[16];
    if (f.len >= sizeof buf) {
        return -1;
    }
    memcpy(buf, f.data, f.len);
    buf[f.len] = '\0';
    for (int i = from; i < n; i++) {
        if (mm_text_casecmp(buf, names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

/* The problem with a controller code that is not in the actors table. */
static mm_status unknown_controller(const mm_actors *actors, mm_csv_field f, const char *path,
                                    long line, mm_diag *diag, mm_error *err)
{
    char q[96];
    mm_columns_quote(f, q, sizeof q);
    size_t i;
    if (mm_actors_lookup(actors, q, &i)) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                       "unknown controller '%s': not an actor code (did you mean '%s'?)", q,
                       mm_actors_get(actors, i)->code);
    }
    return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                   "unknown controller '%s': not an actor code", q);
}

static mm_status read_record(void *ctx, mm_csv *csv, const int *col, mm_diag *diag, mm_error *err)
{
    mm_control *c = ctx;
    const mm_actors *actors = c->actors;
    const char *path = mm_csv_path(csv);
    long line = mm_csv_line(csv);
    mm_csv_field f[NCOLS];
    for (int k = 0; k < NCOLS; k++) {
        f[k] = mm_columns_get(csv, col[k]);
    }
    char q[96];
    mm_date date;
    const char *why;
    if (f[C_DATE].len == 0) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "empty date");
    }
    if (!mm_columns_date(f[C_DATE], &date, &why)) {
        mm_columns_quote(f[C_DATE], q, sizeof q);
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "invalid date '%s': %s", q, why);
    }
    size_t place;
    if (f[C_PLACE].len == 0) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "empty place");
    }
    if (!mm_places_lookup(c->places, f[C_PLACE].data, f[C_PLACE].len, &place)) {
        mm_columns_quote(f[C_PLACE], q, sizeof q);
        mm_buf hint;
        mm_buf_init(&hint);
        mm_places_hint(c->places, q, &hint);
        mm_status st = MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "unknown place '%s'%s", q,
                               hint.data ? hint.data : "");
        mm_buf_fini(&hint);
        return st;
    }
    int status = f[C_STATUS].len ? find_word(f[C_STATUS], STATUS_NAMES, 0, 4) : 0;
    if (status < 0) {
        mm_columns_quote(f[C_STATUS], q, sizeof q);
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                       "invalid status '%s': expected held, contested, besieged or unknown", q);
    }
    if (status == MM_CONTROL_UNKNOWN && f[C_CONTROLLER].len) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                       "status unknown needs an empty controller (nobody is known to hold it)");
    }
    if (status != MM_CONTROL_UNKNOWN && f[C_CONTROLLER].len == 0) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                       "empty controller (use status unknown when nobody is known to hold it)");
    }
    if (actors && f[C_CONTROLLER].len) {
        mm_columns_quote(f[C_CONTROLLER], q, sizeof q);
        size_t i;
        if (!mm_actors_find_code(actors, q, &i)) {
            return unknown_controller(actors, f[C_CONTROLLER], path, line, diag, err);
        }
    }
    int conf = f[C_CONFIDENCE].len ? find_word(f[C_CONFIDENCE], CONFIDENCE_NAMES, 1, 4) : 0;
    if (conf < 0) {
        mm_columns_quote(f[C_CONFIDENCE], q, sizeof q);
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                       "invalid confidence '%s': expected high, medium, low or nothing", q);
    }
    if (f[C_SOURCE].len == 0) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "no source: every row must cite one");
    }
    c->rows = mm_grow(c->rows, &c->cap, c->n + 1, sizeof *c->rows);
    c->rows[c->n++] = (mm_control_row){
        .date = date,
        .place = place,
        .controller = mm_intern_str(
            c->strings, mm_intern_add(c->strings, f[C_CONTROLLER].data, f[C_CONTROLLER].len)),
        .status = (mm_control_status)status,
        .confidence = (mm_confidence)conf,
        .source =
            mm_intern_str(c->strings, mm_intern_add(c->strings, f[C_SOURCE].data, f[C_SOURCE].len)),
        .note = mm_intern_copy(c->strings, f[C_NOTE].data, f[C_NOTE].len),
        .line = line,
    };
    if (date.day > c->latest.day) {
        c->latest = date;
    }
    return MM_OK;
}

mm_status mm_control_read(mm_csv *csv, const mm_places *places, const mm_actors *actors,
                          mm_diag *diag, mm_control **out, mm_error *err)
{
    *out = NULL;
    mm_control *c = mm_calloc(1, sizeof *c);
    c->places = places;
    c->actors = actors;
    c->strings = mm_intern_create();
    c->latest = MM_DATE_NONE;
    mm_status st = mm_columns_read(csv, SPEC, NCOLS, read_record, c, diag, err);
    c->actors = NULL;
    if (st != MM_OK) {
        mm_control_destroy(c);
        return st;
    }
    *out = c;
    return MM_OK;
}

mm_status mm_control_load(const char *path, const mm_places *places, const mm_actors *actors,
                          mm_diag *diag, mm_control **out, mm_error *err)
{
    mm_csv *csv;
    *out = NULL;
    mm_status st = mm_csv_open(path, NULL, &csv, err);
    if (st == MM_OK) {
        st = mm_control_read(csv, places, actors, diag, out, err);
    }
    mm_csv_close(csv);
    return st;
}

void mm_control_destroy(mm_control *c)
{
    if (!c) {
        return;
    }
    mm_free(c->rows);
    mm_intern_destroy(c->strings);
    mm_free(c);
}

size_t mm_control_count(const mm_control *c)
{
    return c->n;
}

const mm_control_row *mm_control_get(const mm_control *c, size_t i)
{
    return &c->rows[i];
}

const mm_places *mm_control_places(const mm_control *c)
{
    return c->places;
}

mm_date mm_control_latest(const mm_control *c)
{
    return c->latest;
}

const char *mm_control_status_name(mm_control_status s)
{
    return (unsigned)s < 4 ? STATUS_NAMES[s] : "?";
}

const char *mm_confidence_name(mm_confidence c)
{
    return (unsigned)c < 4 ? CONFIDENCE_NAMES[c] : "?";
}
