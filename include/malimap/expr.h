/*
 * expr.h — MapLibre GL style expressions (and legacy filters): compiled from
 * JSON once, type-checked when the style loads, evaluated per feature.
 * Part of style/: depends on core/ and data/ (JSON, features). Also parses
 * CSS colours, which style properties and expressions share.
 *
 * Supported: literal values, ["literal", v], get, has, geometry-type, ==, !=,
 * <, <=, >, >=, all, any, !, in, match, case, coalesce, step, interpolate
 * (["linear"]), to-string, to-number, to-boolean, to-color, concat, upcase,
 * downcase, number/string/boolean assertions, and the legacy filter syntax
 * (["==", "key", v], ["in", "key", a, b], ["has", "key"], "none", "!in"…).
 */
#ifndef MALIMAP_EXPR_H
#define MALIMAP_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/error.h"
#include "malimap/feature.h"
#include "malimap/json.h"
#include "malimap/mem.h"
#include "malimap/types.h"

/* Types as a bit set: a compile-time type is the set of types a value may have. */
enum {
    MM_X_NULL = 1,
    MM_X_BOOL = 2,
    MM_X_NUMBER = 4,
    MM_X_STRING = 8,
    MM_X_COLOR = 16,
    MM_X_ARRAY = 32,
    MM_X_ANY = 63,
    MM_X_ERROR = 64 /* only in evaluated values: evaluation failed */
};

typedef struct mm_xval mm_xval;
struct mm_xval {
    unsigned type; /* exactly one bit */
    union {
        bool b;
        double num;
        const char *str; /* MM_X_STRING; for MM_X_ERROR a message or NULL */
        mm_rgba color;
        struct {
            const mm_xval *items;
            size_t n;
        } arr;
    } u;
};

typedef struct mm_expr mm_expr;

/*
 * Compiles j (from the document doc, for positions) into an expression whose
 * result must be one of the types in want (a bit set). Strings where a colour
 * is wanted are parsed as colours at compile time. Errors (MM_E_STYLE) point
 * at the offending element: unknown operator (with a suggestion), wrong
 * number of arguments, a type that cannot match ("expected a number but found
 * a string"), a bad colour. Memory comes from arena (the style's).
 * Where the type is only known at run time (["get", "x"]) the result is
 * checked when evaluated: a string is parsed where only a colour is wanted,
 * any other mismatch gives MM_X_ERROR. Constant parts are folded, and one
 * that always fails (["to-number", "abc"]) is a compile error. Where an array
 * is wanted, a list of strings that names no operator (["Noto Sans Bold"]) is
 * a constant, as in MapLibre property values.
 */
mm_status mm_expr_compile(mm_arena *arena, const mm_json_doc *doc, const mm_json *j, unsigned want,
                          mm_expr **out, mm_error *err);

/*
 * Compiles a layer filter: an expression yielding a boolean, or a legacy
 * filter (told apart as MapLibre's isExpressionFilter does). JSON null means
 * no filter (always true). In legacy filters "$type" is the geometry type
 * ("Point", "LineString", "Polygon") and "$id" is null: features have no ids.
 */
mm_status mm_expr_compile_filter(mm_arena *arena, const mm_json_doc *doc, const mm_json *j,
                                 mm_expr **out, mm_error *err);

/* The set of types the expression can produce. */
unsigned mm_expr_type(const mm_expr *e);

/* True when the value does not depend on the feature (evaluate it once). */
bool mm_expr_is_constant(const mm_expr *e);

/*
 * Resolves property names to columns of fs's schema; call before evaluating
 * on features of fs or of any set with the same field order.
 */
void mm_expr_bind(mm_expr *e, const mm_features *fs);

/*
 * Evaluates for feature i of fs (fs may be NULL for constant expressions).
 * Temporary strings and arrays are allocated in scratch (reset it between
 * features or frames). A runtime failure (to-number of "abc", a string that
 * is not a colour) gives a value of type MM_X_ERROR; the caller then uses the
 * property's default, as MapLibre does.
 */
mm_xval mm_expr_eval(const mm_expr *e, const mm_features *fs, size_t i, mm_arena *scratch);

/*
 * Evaluates a filter for feature i: true only when the result is the boolean
 * true. A runtime error (["<", ["get", "pop"], 5] on a feature without pop)
 * excludes the feature, as in MapLibre.
 */
bool mm_expr_filter(const mm_expr *e, const mm_features *fs, size_t i, mm_arena *scratch);

/* Property names the expression reads (for diagnostics); n set to count. */
const char *const *mm_expr_properties(const mm_expr *e, size_t *n);

/*
 * Parses a CSS colour: #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(), rgba(), hsl(),
 * hsla() (commas or spaces, percentages), the CSS named colours and
 * "transparent". Case-insensitive. False if s is not a colour.
 */
bool mm_color_parse(const char *s, mm_rgba *out);
/* Formats as "#rrggbb" or "rgba(r,g,b,a)" when not opaque (buf >= 32 bytes). */
void mm_color_format(mm_rgba c, char *buf, size_t n);

/* Converts a value to a string as ["to-string", v] does (arena-allocated). */
const char *mm_xval_to_string(mm_xval v, mm_arena *scratch);

/*
 * Formats a number as JavaScript's String(v) does, so labels match MapLibre:
 * integers without ".0", otherwise the shortest form that reads back exactly
 * (0.1, 1e+21, 1e-7). Returns the length snprintf would give.
 */
size_t mm_expr_format_number(double v, char *buf, size_t n);

/*
 * Length of the decimal number at the start of s (sign, digits, fraction,
 * exponent: "-1.5e3"), 0 if none. Colours and to-number check text with it
 * before strtod, which would also take hex, "inf" and "nan".
 */
size_t mm_expr_number_length(const char *s);

#endif
