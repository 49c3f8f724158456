/*
 * places.c — the gazetteer: places.csv read by column name, validated, and
 * indexed by folded name and alternate names in one sorted array (binary
 * search), with edit-distance suggestions and substring search.
 * Part of data/: calls csv, columns and core/ (text folding, memory).
 */
#include "malimap/places.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/columns.h"
#include "malimap/names.h"
#include "malimap/text.h"

enum { C_NAME, C_ALT, C_LAT, C_LON, C_ADMIN1, C_KIND, C_RANK, C_PREC, C_SOURCE, C_NOTE, NCOLS };

static const mm_column_spec SPEC[NCOLS] = {
    [C_NAME] = {"name", true},      [C_ALT] = {"alt_names", false},
    [C_LAT] = {"lat", true},        [C_LON] = {"lon", true},
    [C_ADMIN1] = {"admin1", false}, [C_KIND] = {"kind", false},
    [C_RANK] = {"rank", false},     [C_PREC] = {"coord_precision", false},
    [C_SOURCE] = {"source", false}, [C_NOTE] = {"note", false},
};

struct mm_places {
    char *path;
    mm_arena *arena;
    mm_place *items;
    size_t n;
    size_t cap;
    mm_names *names;
};

static const char *dup_field(mm_places *p, mm_csv_field f)
{
    return mm_arena_strndup(p->arena, f.data, f.len);
}

/* Checks and stores the current record; MM_OK to go on (also after a reported problem). */
static mm_status read_record(void *ctx, mm_csv *csv, const int *col, mm_diag *diag, mm_error *err)
{
    mm_places *p = ctx;
    const char *path = mm_csv_path(csv);
    long line = mm_csv_line(csv);
    mm_csv_field f[NCOLS];
    for (int c = 0; c < NCOLS; c++) {
        f[c] = mm_columns_get(csv, col[c]);
    }
    char q[96];
    if (f[C_NAME].len == 0) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "empty name");
    }
    double lat, lon;
    const char *why;
    if (!mm_columns_degrees(f[C_LAT], MM_AXIS_LAT, &lat, &why)) {
        mm_columns_quote(f[C_LAT], q, sizeof q);
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "invalid lat '%s': %s", q, why);
    }
    if (!mm_columns_degrees(f[C_LON], MM_AXIS_LON, &lon, &why)) {
        mm_columns_quote(f[C_LON], q, sizeof q);
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "invalid lon '%s': %s", q, why);
    }
    long rank = 0;
    if (f[C_RANK].len && !mm_columns_long(f[C_RANK], 1, 99, &rank)) {
        mm_columns_quote(f[C_RANK], q, sizeof q);
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                       "invalid rank '%s': expected a whole number from 1 to 99", q);
    }
    uint32_t i = (uint32_t)p->n;
    if (!mm_names_add(p->names, f[C_NAME].data, f[C_NAME].len, i, 0)) {
        mm_columns_quote(f[C_NAME], q, sizeof q);
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "name '%s' has no letters or digits",
                       q);
    }
    /* Alternate names: ';'-separated, each trimmed; empty items are ignored. */
    const char *s = f[C_ALT].data, *end = s + f[C_ALT].len;
    uint32_t alt = 0;
    while (s < end) {
        const char *semi = memchr(s, ';', (size_t)(end - s));
        const char *stop = semi ? semi : end;
        mm_csv_field item = {s, (size_t)(stop - s)};
        while (item.len && (item.data[0] == ' ')) {
            item.data++;
            item.len--;
        }
        while (item.len && item.data[item.len - 1] == ' ') {
            item.len--;
        }
        if (item.len && !mm_names_add(p->names, item.data, item.len, i, ++alt)) {
            mm_names_remove_last(p->names, i);
            mm_columns_quote(item, q, sizeof q);
            return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                           "alternate name '%s' has no letters or digits", q);
        }
        s = stop + 1;
    }
    p->items = mm_grow(p->items, &p->cap, p->n + 1, sizeof *p->items);
    p->items[p->n++] = (mm_place){
        .name = dup_field(p, f[C_NAME]),
        .alt_names = dup_field(p, f[C_ALT]),
        .lat_deg = lat,
        .lon_deg = lon,
        .admin1 = dup_field(p, f[C_ADMIN1]),
        .kind = dup_field(p, f[C_KIND]),
        .rank = (int)rank,
        .coord_precision = dup_field(p, f[C_PREC]),
        .source = dup_field(p, f[C_SOURCE]),
        .note = dup_field(p, f[C_NOTE]),
        .line = line,
    };
    return MM_OK;
}

/* Indexes the names and reports each name shared by two places at the later one. */
static mm_status index_names(mm_places *p, mm_diag *diag, mm_error *err)
{
    mm_name_clash *clashes;
    size_t nclash = mm_names_build(p->names, &clashes);
    mm_status st = MM_OK;
    for (size_t i = 0; i < nclash && st == MM_OK; i++) {
        const mm_name *a = &clashes[i].dropped, *b = &clashes[i].kept;
        const mm_place *other = &p->items[b->id];
        if (b->alt == 0) {
            st = MM_DIAG(diag, err, MM_E_DATA, p->path, p->items[a->id].line, 0,
                         "duplicate place name '%s': '%s' on line %ld has the same name", a->text,
                         other->name, other->line);
        } else {
            st = MM_DIAG(diag, err, MM_E_DATA, p->path, p->items[a->id].line, 0,
                         "duplicate place name '%s': '%s' on line %ld has the alternate name "
                         "'%s'",
                         a->text, other->name, other->line, b->text);
        }
    }
    mm_free(clashes);
    return st;
}

mm_status mm_places_read(mm_csv *csv, mm_diag *diag, mm_places **out, mm_error *err)
{
    *out = NULL;
    mm_places *p = mm_calloc(1, sizeof *p);
    p->path = mm_csv_path(csv) ? mm_strdup(mm_csv_path(csv)) : NULL;
    p->arena = mm_arena_create(0);
    p->names = mm_names_create();
    mm_status st = mm_columns_read(csv, SPEC, NCOLS, read_record, p, diag, err);
    if (st == MM_OK) {
        st = index_names(p, diag, err);
    }
    if (st != MM_OK) {
        mm_places_destroy(p);
        return st;
    }
    *out = p;
    return MM_OK;
}

mm_status mm_places_load(const char *path, mm_diag *diag, mm_places **out, mm_error *err)
{
    mm_csv *csv;
    *out = NULL;
    mm_status st = mm_csv_open(path, NULL, &csv, err);
    if (st == MM_OK) {
        st = mm_places_read(csv, diag, out, err);
    }
    mm_csv_close(csv);
    return st;
}

void mm_places_destroy(mm_places *p)
{
    if (!p) {
        return;
    }
    mm_free(p->path);
    mm_free(p->items);
    mm_names_destroy(p->names);
    mm_arena_destroy(p->arena);
    mm_free(p);
}

const char *mm_places_path(const mm_places *p)
{
    return p->path;
}

size_t mm_places_count(const mm_places *p)
{
    return p->n;
}

const mm_place *mm_places_get(const mm_places *p, size_t i)
{
    return &p->items[i];
}

bool mm_places_lookup(const mm_places *p, const char *name, size_t len, size_t *out)
{
    uint32_t id;
    if (!mm_names_find(p->names, name, len, &id)) {
        return false;
    }
    *out = id;
    return true;
}

/* A candidate place with its score (lower is better) and rank (0 = unranked, last). */
typedef struct scored {
    size_t place;
    size_t score;
    int rank;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->score != y->score) {
        return x->score < y->score ? -1 : 1;
    }
    int rx = x->rank ? x->rank : 100, ry = y->rank ? y->rank : 100;
    if (rx != ry) {
        return rx < ry ? -1 : 1;
    }
    return x->place < y->place ? -1 : x->place > y->place;
}

/* Sorts the places with a score (SIZE_MAX = no match) and copies up to max to out. */
static size_t best_places(const mm_places *p, scored *s, size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (s[i].score != SIZE_MAX) {
            s[n++] = s[i];
        }
    }
    qsort(s, n, sizeof *s, cmp_scored);
    size_t k = n < max ? n : max;
    for (size_t i = 0; i < k; i++) {
        out[i] = s[i].place;
    }
    return k;
}

static scored *new_scores(const mm_places *p)
{
    scored *s = mm_array_alloc(p->n ? p->n : 1, sizeof *s);
    for (size_t i = 0; i < p->n; i++) {
        s[i] = (scored){i, SIZE_MAX, p->items[i].rank};
    }
    return s;
}

size_t mm_places_suggest(const mm_places *p, const char *name, size_t *out, size_t max, bool *close)
{
    mm_buf fold;
    mm_buf_init(&fold);
    mm_text_fold(name, strlen(name), &fold);
    scored *s = new_scores(p);
    for (size_t k = 0; k < mm_names_count(p->names); k++) {
        const mm_name *nm = mm_names_get(p->names, k);
        size_t d = mm_text_distance(fold.data, nm->key);
        scored *c = &s[nm->id];
        if (d < c->score) {
            c->score = d;
        }
    }
    size_t n = best_places(p, s, out, max);
    if (close) {
        size_t limit = fold.len / 3 > 2 ? fold.len / 3 : 2;
        *close = n > 0 && s[0].score <= limit;
    }
    /* Only equally near names are offered as alternatives to a near one. */
    if (n > 1 && close && *close) {
        size_t k = 1;
        while (k < n && s[k].score == s[0].score) {
            k++;
        }
        n = k;
    }
    mm_free(s);
    mm_buf_fini(&fold);
    return n;
}

void mm_places_hint(const mm_places *p, const char *name, mm_buf *out)
{
    size_t idx[3];
    bool close;
    size_t n = mm_places_suggest(p, name, idx, 3, &close);
    if (n == 0) {
        return;
    }
    mm_buf_puts(out, close ? " (did you mean " : " (nearest names: ");
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : close ? (i + 1 == n ? " or " : ", ") : ", ";
        const char *near = p->items[idx[i]].name;
        char q[96]; /* a name of a megabyte is shown cut, as the unknown one is */
        mm_columns_quote((mm_csv_field){near, strlen(near)}, q, sizeof q);
        mm_buf_printf(out, "%s'%s'", sep, q);
    }
    mm_buf_puts(out, close ? "?)" : ")");
}

size_t mm_places_search(const mm_places *p, const char *query, size_t *out, size_t max)
{
    mm_buf fold;
    mm_buf_init(&fold);
    mm_text_fold(query, strlen(query), &fold);
    size_t n = 0;
    if (fold.len) {
        scored *s = new_scores(p);
        for (size_t k = 0; k < mm_names_count(p->names); k++) {
            const mm_name *nm = mm_names_get(p->names, k);
            const char *hit = strstr(nm->key, fold.data);
            if (!hit) {
                continue;
            }
            size_t score = hit != nm->key ? 4 : nm->key[fold.len] == '\0' ? 0 : 2;
            score += nm->alt != 0;
            if (score < s[nm->id].score) {
                s[nm->id].score = score;
            }
        }
        n = best_places(p, s, out, max);
        mm_free(s);
    }
    mm_buf_fini(&fold);
    return n;
}
