/*
 * actors.h — the actors table (actors.csv): short codes (FAMA, CSP, JNIM…)
 * with a display name, a kind and the aliases under which they appear in event
 * files (ACLED actor names), so any of those names maps to one code. Part of
 * data/: uses csv, columns and core/.
 */
#ifndef MALIMAP_ACTORS_H
#define MALIMAP_ACTORS_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/csv.h"
#include "malimap/error.h"

/* One actor; strings owned by the table, "" when empty. */
typedef struct mm_actor {
    const char *code; /* letters, digits and '_' */
    const char *name; /* display name; the code when the file leaves it empty */
    const char *kind;
    const char *aliases; /* as written: ';'-separated */
    long line;
} mm_actor;

typedef struct mm_actors mm_actors;

/*
 * Reads an actors table from an open CSV reader by column names: code is
 * required; name, kind, aliases are optional. Checks: code present, made of
 * letters, digits and '_', and unique; no name or alias (folded as in
 * mm_text_fold) may stand for two different codes. Problems go through diag as
 * for mm_places_read(); with a sink a bad record is left out (an ambiguous
 * alias keeps its first actor). Caller destroys *out with mm_actors_destroy().
 */
mm_status mm_actors_read(mm_csv *csv, mm_diag *diag, mm_actors **out, mm_error *err);
/* Opens path and reads it with mm_actors_read(). */
mm_status mm_actors_load(const char *path, mm_diag *diag, mm_actors **out, mm_error *err);
/* Accepts NULL. */
void mm_actors_destroy(mm_actors *a);

size_t mm_actors_count(const mm_actors *a);
const mm_actor *mm_actors_get(const mm_actors *a, size_t i);

/* The actor whose code is exactly code (case-sensitive), by binary search. */
bool mm_actors_find_code(const mm_actors *a, const char *code, size_t *out);

/*
 * The actor known by name: its code, display name or an alias, ignoring case,
 * accents and punctuation ("Military Forces of Mali (2021-)" → FAMA).
 */
bool mm_actors_lookup(const mm_actors *a, const char *name, size_t *out);

/* The display name for a code, or the code itself when unknown (a may be NULL). */
const char *mm_actors_display_name(const mm_actors *a, const char *code);

#endif
