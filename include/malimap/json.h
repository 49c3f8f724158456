/*
 * json.h — JSON documents parsed by json-c into malimap's own tree, with the
 * line and column of every value and object key, so style and GeoJSON errors
 * can point at the exact place. Part of data/: the only module that includes
 * json-c. The tree is read-only and owned by the document (one arena).
 */
#ifndef MALIMAP_JSON_H
#define MALIMAP_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/error.h"
#include "malimap/mem.h"

typedef enum mm_json_type {
    MM_JSON_NULL,
    MM_JSON_BOOL,
    MM_JSON_NUMBER,
    MM_JSON_STRING,
    MM_JSON_ARRAY,
    MM_JSON_OBJECT
} mm_json_type;

typedef struct mm_json mm_json;

/* One member of an object: its key (with the key's position) and value. */
typedef struct mm_json_member {
    const char *key;
    int line;
    int col;
    const mm_json *value;
} mm_json_member;

struct mm_json {
    mm_json_type type;
    int line; /* 1-based position of the value's first character */
    int col;  /* 1-based, in bytes */
    union {
        bool b;
        double num;
        struct {
            const char *s; /* NUL-terminated UTF-8 (may contain no NUL) */
            size_t len;
        } str;
        struct {
            const mm_json **items;
            size_t n;
        } arr;
        struct {
            const mm_json_member *members; /* in document order; duplicate keys: last wins, once */
            size_t n;
        } obj;
    } u;
};

typedef struct mm_json_doc mm_json_doc;

typedef struct mm_json_limits {
    int max_depth;    /* default 64 */
    size_t max_bytes; /* default 256 MiB */
} mm_json_limits;

/*
 * Parses text (len bytes) named path in messages. Errors (MM_E_DATA) say
 * path:line:col and what json-c expected, with the offending line quoted.
 * Caller destroys *out with mm_json_destroy().
 */
mm_status mm_json_parse(const char *path, const char *text, size_t len, const mm_json_limits *lim,
                        mm_json_doc **out, mm_error *err);
/* Reads and parses a file. */
mm_status mm_json_load(const char *path, const mm_json_limits *lim, mm_json_doc **out,
                       mm_error *err);
void mm_json_destroy(mm_json_doc *doc);

const mm_json *mm_json_root(const mm_json_doc *doc);
const char *mm_json_path(const mm_json_doc *doc);

/* Member of an object by key, NULL if absent or j is not an object. */
const mm_json *mm_json_get(const mm_json *j, const char *key);
/* The member record (for the key's position), NULL if absent. */
const mm_json_member *mm_json_member_get(const mm_json *j, const char *key);

/* Name of a type for messages: "a string", "an array"… */
const char *mm_json_type_name(mm_json_type t);

/*
 * Records an error at j's position in doc, quoting the source line.
 * Returns status.
 */
mm_status mm_json_error(const mm_json_doc *doc, int line, int col, mm_error *err, mm_status status,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Serialises j compactly into out (for messages and data- attributes). */
void mm_json_write(const mm_json *j, mm_buf *out);

#endif
