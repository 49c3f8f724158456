/*
 * feature.h — features: a geometry and typed properties, grouped in a feature
 * set that owns all their memory (one arena). Part of data/: every reader
 * produces an mm_features; geo/ projects it, style/ evaluates expressions on
 * it, draw/ turns it into a scene.
 */
#ifndef MALIMAP_FEATURE_H
#define MALIMAP_FEATURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "malimap/mem.h"
#include "malimap/types.h"

typedef enum mm_geom_type {
    MM_GEOM_NONE = 0,
    MM_GEOM_POINT,  /* one or more points (parts of one vertex each) */
    MM_GEOM_LINE,   /* one or more line strings */
    MM_GEOM_POLYGON /* rings; each outer ring is followed by its holes */
} mm_geom_type;

/*
 * Vertices of part i are pts[parts[i] .. parts[i+1]). For polygons hole[i] is
 * 1 for an inner ring; outer rings are clockwise and holes counter-clockwise
 * in lon/lat (the shapefile convention) after reading, whatever the source.
 */
typedef struct mm_geom {
    mm_geom_type type;
    uint32_t nparts;
    uint32_t npts;
    uint32_t *parts;
    uint8_t *hole;
    mm_xy *pts;
    mm_bbox bbox;
} mm_geom;

typedef enum mm_value_type {
    MM_VAL_NULL = 0,
    MM_VAL_BOOL,
    MM_VAL_NUMBER,
    MM_VAL_STRING
} mm_value_type;

/* A property value. Strings are UTF-8, NUL-terminated, owned by the set. */
typedef struct mm_value {
    mm_value_type type;
    union {
        bool b;
        double num;
        const char *str;
    } u;
} mm_value;

static inline mm_value mm_value_null(void)
{
    return (mm_value){.type = MM_VAL_NULL};
}
static inline mm_value mm_value_number(double v)
{
    return (mm_value){.type = MM_VAL_NUMBER, .u.num = v};
}
static inline mm_value mm_value_bool(bool v)
{
    return (mm_value){.type = MM_VAL_BOOL, .u.b = v};
}
/* Borrows s; mm_features_set() copies it. */
static inline mm_value mm_value_string(const char *s)
{
    return (mm_value){.type = MM_VAL_STRING, .u.str = s};
}

typedef struct mm_features mm_features;

/* An empty set. Caller destroys with mm_features_destroy(). */
mm_features *mm_features_create(void);
void mm_features_destroy(mm_features *fs);
/* A new set with the same fields, features, values and CRS. */
mm_features *mm_features_copy(const mm_features *fs);

/* Number of features. */
size_t mm_features_count(const mm_features *fs);

/* Declares a property name; returns its column (existing column if known). */
int mm_features_add_field(mm_features *fs, const char *name);
/* Column of a property name, -1 if absent. */
int mm_features_field_index(const mm_features *fs, const char *name);
size_t mm_features_field_count(const mm_features *fs);
const char *mm_features_field_name(const mm_features *fs, size_t col);

/*
 * Appends a feature with a copy of the given geometry (parts has nparts+1
 * entries; hole may be NULL). Returns its index. The bbox is computed.
 */
size_t mm_features_add(mm_features *fs, mm_geom_type type, uint32_t nparts, const uint32_t *parts,
                       const uint8_t *hole, uint32_t npts, const mm_xy *pts);

/* Sets a property (strings are copied into the set). */
void mm_features_set(mm_features *fs, size_t i, int col, mm_value v);
mm_value mm_features_get(const mm_features *fs, size_t i, int col);
/* Property by name (NULL value when absent). */
mm_value mm_features_get_named(const mm_features *fs, size_t i, const char *name);

const mm_geom *mm_features_geom(const mm_features *fs, size_t i);
/* Mutable geometry, for in-place reprojection by geo/. */
mm_geom *mm_features_geom_mut(mm_features *fs, size_t i);
/* Replaces feature i's geometry with a copy (used after densifying). */
void mm_features_replace_geom(mm_features *fs, size_t i, mm_geom_type type, uint32_t nparts,
                              const uint32_t *parts, const uint8_t *hole, uint32_t npts,
                              const mm_xy *pts);
/* Recomputes every feature's bbox and the set's bbox. */
void mm_features_update_bbox(mm_features *fs);
mm_bbox mm_features_bbox(const mm_features *fs);

/*
 * The coordinate reference system of the geometry: NULL means WGS84 lon/lat
 * in degrees. Readers set it from a .prj file (WKT); geo/ reprojects and
 * clears it.
 */
const char *mm_features_crs(const mm_features *fs);
void mm_features_set_crs(mm_features *fs, const char *crs);

/* The arena the set allocates from (for readers that build strings). */
mm_arena *mm_features_arena(mm_features *fs);

/* Signed area of a ring by the shoelace formula (positive = counter-clockwise). */
double mm_ring_signed_area(const mm_xy *pts, size_t n);

#endif
