/*
 * actors.c — the actors table: codes in a string table (exact lookup), names
 * and aliases in a folded-name index. Part of data/: calls csv, columns and
 * core/.
 */
#include "malimap/actors.h"

#include <string.h>

#include "malimap/columns.h"
#include "malimap/intern.h"
#include "malimap/mem.h"
#include "malimap/names.h"

enum { C_CODE, C_NAME, C_KIND, C_ALIASES, NCOLS };

static const mm_column_spec SPEC[NCOLS] = {
    [C_CODE] = {"code", true},
    [C_NAME] = {"name", false},
    [C_KIND] = {"kind", false},
    [C_ALIASES] = {"aliases", false},
};

struct mm_actors {
    char *path;
    mm_intern *codes;   /* the code of actor i has id i + 1 */
    mm_intern *strings; /* names, kinds, aliases */
    mm_actor *items;
    size_t n;
    size_t cap;
    mm_names *names;
};

static bool valid_code(mm_csv_field f)
{
    for (size_t i = 0; i < f.len; i++) {
        char c = f.data[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_')) {
            return false;
        }
    }
    return f.len > 0;
}

static mm_status read_record(void *ctx, mm_csv *csv, const int *col, mm_diag *diag, mm_error *err)
{
    mm_actors *a = ctx;
    const char *path = mm_csv_path(csv);
    long line = mm_csv_line(csv);
    mm_csv_field f[NCOLS];
    for (int c = 0; c < NCOLS; c++) {
        f[c] = mm_columns_get(csv, col[c]);
    }
    char q[96];
    mm_columns_quote(f[C_CODE], q, sizeof q);
    if (f[C_CODE].len == 0) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0, "empty code");
    }
    if (!valid_code(f[C_CODE])) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                       "invalid code '%s': use letters, digits and '_'", q);
    }
    uint32_t id;
    if (mm_intern_find(a->codes, f[C_CODE].data, f[C_CODE].len, &id)) {
        return MM_DIAG(diag, err, MM_E_DATA, path, line, 0,
                       "duplicate code '%s' (first on line %ld)", q, a->items[id - 1].line);
    }
    uint32_t i = (uint32_t)a->n;
    mm_names_add(a->names, f[C_CODE].data, f[C_CODE].len, i, 0);
    mm_names_add(a->names, f[C_NAME].data, f[C_NAME].len, i, 1);
    const char *s = f[C_ALIASES].data, *end = s + f[C_ALIASES].len;
    for (uint32_t alt = 2; s < end; alt++) {
        const char *semi = memchr(s, ';', (size_t)(end - s));
        const char *stop = semi ? semi : end;
        /* An alias that folds to nothing (only punctuation) can never match: skip it. */
        mm_names_add(a->names, s, (size_t)(stop - s), i, alt);
        s = stop + 1;
    }
    a->items = mm_grow(a->items, &a->cap, a->n + 1, sizeof *a->items);
    id = mm_intern_add(a->codes, f[C_CODE].data, f[C_CODE].len);
    mm_csv_field name = f[C_NAME].len ? f[C_NAME] : f[C_CODE];
    a->items[a->n++] = (mm_actor){
        .code = mm_intern_str(a->codes, id),
        .name = mm_intern_copy(a->strings, name.data, name.len),
        .kind = mm_intern_str(a->strings, mm_intern_add(a->strings, f[C_KIND].data, f[C_KIND].len)),
        .aliases = mm_intern_copy(a->strings, f[C_ALIASES].data, f[C_ALIASES].len),
        .line = line,
    };
    return MM_OK;
}

/* Indexes the names; a name standing for two actors is reported at the later one. */
static mm_status index_names(mm_actors *a, mm_diag *diag, mm_error *err)
{
    mm_name_clash *clashes;
    size_t nclash = mm_names_build(a->names, &clashes);
    mm_status st = MM_OK;
    for (size_t i = 0; i < nclash && st == MM_OK; i++) {
        const mm_actor *later = &a->items[clashes[i].dropped.id];
        const mm_actor *first = &a->items[clashes[i].kept.id];
        st = MM_DIAG(diag, err, MM_E_DATA, a->path, later->line, 0,
                     "name '%s' of %s is also a name of %s (line %ld)", clashes[i].dropped.text,
                     later->code, first->code, first->line);
    }
    mm_free(clashes);
    return st;
}

mm_status mm_actors_read(mm_csv *csv, mm_diag *diag, mm_actors **out, mm_error *err)
{
    *out = NULL;
    mm_actors *a = mm_calloc(1, sizeof *a);
    a->path = mm_csv_path(csv) ? mm_strdup(mm_csv_path(csv)) : NULL;
    a->codes = mm_intern_create();
    a->strings = mm_intern_create();
    a->names = mm_names_create();
    mm_status st = mm_columns_read(csv, SPEC, NCOLS, read_record, a, diag, err);
    if (st == MM_OK) {
        st = index_names(a, diag, err);
    }
    if (st != MM_OK) {
        mm_actors_destroy(a);
        return st;
    }
    *out = a;
    return MM_OK;
}

mm_status mm_actors_load(const char *path, mm_diag *diag, mm_actors **out, mm_error *err)
{
    mm_csv *csv;
    *out = NULL;
    mm_status st = mm_csv_open(path, NULL, &csv, err);
    if (st == MM_OK) {
        st = mm_actors_read(csv, diag, out, err);
    }
    mm_csv_close(csv);
    return st;
}

void mm_actors_destroy(mm_actors *a)
{
    if (!a) {
        return;
    }
    mm_free(a->path);
    mm_free(a->items);
    mm_intern_destroy(a->codes);
    mm_names_destroy(a->names);
    mm_intern_destroy(a->strings);
    mm_free(a);
}

size_t mm_actors_count(const mm_actors *a)
{
    return a->n;
}

const mm_actor *mm_actors_get(const mm_actors *a, size_t i)
{
    return &a->items[i];
}

bool mm_actors_find_code(const mm_actors *a, const char *code, size_t *out)
{
    uint32_t id;
    if (!code[0] || !mm_intern_find(a->codes, code, strlen(code), &id)) {
        return false;
    }
    *out = id - 1;
    return true;
}

bool mm_actors_lookup(const mm_actors *a, const char *name, size_t *out)
{
    uint32_t id;
    if (!mm_names_find(a->names, name, strlen(name), &id)) {
        return false;
    }
    *out = id;
    return true;
}

const char *mm_actors_display_name(const mm_actors *a, const char *code)
{
    size_t i;
    if (a && mm_actors_find_code(a, code, &i)) {
        return a->items[i].name;
    }
    return code;
}
