/*
 * names.h — an index of folded names: each name (or alternate name) of an
 * item, folded with mm_text_fold, maps to the item's id; lookups are a binary
 * search over the sorted keys. Part of core/: used by the places and actors
 * tables, which report a name shared by two items from mm_names_build().
 */
#ifndef MALIMAP_NAMES_H
#define MALIMAP_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mm_names mm_names;

/* One entry: the folded key, the text as given, the item and which of its names. */
typedef struct mm_name {
    const char *key;
    const char *text;
    uint32_t id;
    uint32_t alt; /* 0 for the main name, else 1-based among the alternates */
} mm_name;

/* Two items with one folded name: the entry that lost (later id) and the one kept. */
typedef struct mm_name_clash {
    mm_name dropped;
    mm_name kept;
} mm_name_clash;

/* An empty index. Caller destroys with mm_names_destroy(). */
mm_names *mm_names_create(void);
/* Accepts NULL. */
void mm_names_destroy(mm_names *n);

/*
 * Adds text[0..len) as a name of item id (text is copied). Returns false,
 * adding nothing, when it folds to an empty key (no letters or digits).
 */
bool mm_names_add(mm_names *n, const char *text, size_t len, uint32_t id, uint32_t alt);
/* Removes every entry of id added since the last mm_names_build() (a record rejected late). */
void mm_names_remove_last(mm_names *n, uint32_t id);

/*
 * Sorts the entries and removes repeats: the same key twice for one item is
 * silently merged; the same key for two items keeps the lower id and is
 * returned in *clashes (caller frees with mm_free(); sorted by the dropped
 * id, then its alt) with their number. Call after the last mm_names_add().
 */
size_t mm_names_build(mm_names *n, mm_name_clash **clashes);

/* The item named name[0..len) (folded), by binary search. */
bool mm_names_find(const mm_names *n, const char *name, size_t len, uint32_t *out);

/* Number of entries and entry i, in key order (after mm_names_build()). */
size_t mm_names_count(const mm_names *n);
const mm_name *mm_names_get(const mm_names *n, size_t i);

#endif
