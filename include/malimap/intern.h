/*
 * intern.h — a string table: each distinct string is stored once and named by
 * a small integer id, so millions of rows that repeat the same location, actor
 * or source cost four bytes each. Part of core/: libc only. Strings are packed
 * end to end in large blocks (no per-string allocation or alignment padding).
 */
#ifndef MALIMAP_INTERN_H
#define MALIMAP_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mm_intern mm_intern;

/* An empty table whose id 0 is the empty string. Caller destroys with mm_intern_destroy(). */
mm_intern *mm_intern_create(void);
void mm_intern_destroy(mm_intern *in);

/*
 * The id of s[0..len) (which may contain no NUL), adding a copy if it is new.
 * The empty string is always id 0. Amortised O(len); never allocates for a
 * string already in the table.
 */
uint32_t mm_intern_add(mm_intern *in, const char *s, size_t len);

/* The id of s[0..len) if present (true), without adding it. */
bool mm_intern_find(const mm_intern *in, const char *s, size_t len, uint32_t *out);

/* The NUL-terminated string of an id (valid until the table is destroyed). */
const char *mm_intern_str(const mm_intern *in, uint32_t id);
/* Length in bytes of the string of an id. */
size_t mm_intern_len(const mm_intern *in, uint32_t id);

/* Number of distinct strings, the empty string included. */
size_t mm_intern_count(const mm_intern *in);

/*
 * Copies s[0..len) into the table's packed storage without interning it (for
 * strings that rarely repeat: notes, row ids) and returns the NUL-terminated
 * copy, valid until the table is destroyed.
 */
const char *mm_intern_copy(mm_intern *in, const char *s, size_t len);

/* Bytes held by the table (storage, ids and hash index), for benchmarks. */
size_t mm_intern_bytes(const mm_intern *in);

#endif
