/*
 * places.h — the gazetteer (places.csv): named points with alternate names,
 * looked up by a folded key that ignores case, accents and punctuation
 * ("Niafunke" = "Niafunké", "Tombouctou" → Timbuktu, "Tin-Zaouatene" →
 * Tinzaouatene), with "did you mean" suggestions. Part of data/: uses csv,
 * columns and core/. Events, control rows and the timeline refer to places by
 * their index in the table.
 */
#ifndef MALIMAP_PLACES_H
#define MALIMAP_PLACES_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/csv.h"
#include "malimap/error.h"
#include "malimap/mem.h"

/* One place; strings are owned by the table, "" when the column is empty or absent. */
typedef struct mm_place {
    const char *name;
    const char *alt_names; /* as written: ';'-separated */
    double lat_deg;
    double lon_deg;
    const char *admin1;
    const char *kind;
    int rank; /* display priority, 1 = most important; 0 when not given */
    const char *coord_precision;
    const char *source;
    const char *note;
    long line; /* line of the record in the file */
} mm_place;

typedef struct mm_places mm_places;

/*
 * Reads a gazetteer from an open CSV reader (which stays the caller's) by
 * column names, in any order, extra columns ignored: name, lat, lon are
 * required; alt_names, admin1, kind, rank, coord_precision, source, note are
 * optional. Each record is checked: name not empty and with letters or digits,
 * lat within -90..90 and lon within -180..180 as decimal numbers, rank a whole
 * number 1..99; and no two places may share a name or alternate name once
 * folded. Each problem is reported through diag (mm_diag in error.h): with
 * diag == NULL the first one is returned as MM_E_DATA ("path:line: error:
 * ..."); with a sink every problem is reported, bad records are left out and
 * the function returns MM_OK with the rest (a duplicate name keeps the first
 * place). A missing column or unreadable file is always an error and *out is
 * NULL. Caller destroys *out with mm_places_destroy().
 */
mm_status mm_places_read(mm_csv *csv, mm_diag *diag, mm_places **out, mm_error *err);

/* Opens path and reads it with mm_places_read(). */
mm_status mm_places_load(const char *path, mm_diag *diag, mm_places **out, mm_error *err);

/* Accepts NULL. */
void mm_places_destroy(mm_places *p);

/* The path or name of the file read (NULL if the reader had none). */
const char *mm_places_path(const mm_places *p);

/* Number of places, in file order. */
size_t mm_places_count(const mm_places *p);
/* Place i (< count). */
const mm_place *mm_places_get(const mm_places *p, size_t i);

/*
 * Finds a place by name or alternate name, ignoring case, accents and
 * punctuation (mm_text_fold), by binary search over the folded keys. On a
 * match sets *out to the place's index and returns true.
 */
bool mm_places_lookup(const mm_places *p, const char *name, size_t len, size_t *out);

/*
 * Up to max places whose names (or alternate names) are nearest to name by
 * edit distance between folded keys, best first (ties: lower rank number,
 * then file order). Returns the number written to out. *close (if not NULL)
 * tells whether the best one is near enough to be a likely typo (distance at
 * most a third of the name's length, and at least 2 allowed).
 */
size_t mm_places_suggest(const mm_places *p, const char *name, size_t *out, size_t max,
                         bool *close);

/*
 * Appends the hint for an unknown name to out: " (did you mean 'Tonka'?)"
 * (or 'A' or 'B' for equally near names) when a near name exists, else
 * " (nearest names: 'A', 'B', 'C')"; nothing for an empty table.
 */
void mm_places_hint(const mm_places *p, const char *name, mm_buf *out);

/*
 * Places whose folded name or an alternate name contains the folded query,
 * best first: exact name, exact alternate name, name prefix, alternate
 * prefix, then other substrings; ties by rank then file order. Writes up to
 * max indices to out and returns how many. An empty folded query matches
 * nothing.
 */
size_t mm_places_search(const mm_places *p, const char *query, size_t *out, size_t max);

#endif
