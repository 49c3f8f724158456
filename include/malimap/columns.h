/*
 * columns.h — CSV files read by column name: the header record mapped to the
 * columns a reader knows (any order, extra columns ignored), and the typed
 * field parsers the readers share. Part of data/: builds on csv.h.
 */
#ifndef MALIMAP_COLUMNS_H
#define MALIMAP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/csv.h"
#include "malimap/date.h"
#include "malimap/error.h"

/* A column a reader knows. */
typedef struct mm_column_spec {
    const char *name;
    bool required;
} mm_column_spec;

enum { MM_COLUMNS_MAX = 64 };

/*
 * Called for each well-formed data record by mm_columns_read(): col[i] is the
 * field index of spec[i] (-1 when the file has no such column; read fields
 * with mm_columns_get()). Returns MM_OK to go on, anything else to stop.
 */
typedef mm_status (*mm_columns_fn)(void *ctx, mm_csv *csv, const int *col, mm_diag *diag,
                                   mm_error *err);

/*
 * Reads a CSV file by column names: the header record is mapped to spec (n at
 * most MM_COLUMNS_MAX; names compare ASCII case-insensitively, surrounding
 * spaces ignored; extra columns are ignored), then fn is called for each data
 * record. Header errors are fatal for the file and go to err, never to diag
 * (MM_E_DATA at path:line of the header): "empty file: expected a header line
 * with the columns ...", "missing column 'x'" / "missing columns 'x', 'y'",
 * "column 'x' appears twice (fields N and M)", or the CSV reader's error for a
 * malformed header. A malformed record, or one whose field count differs from
 * the header's ("record has N fields, the header has M"), is reported to diag
 * (see mm_diag in error.h): with a sink it is skipped and reading goes on.
 * An I/O error always stops (MM_E_IO). Returns MM_OK at the end of the input.
 */
mm_status mm_columns_read(mm_csv *csv, const mm_column_spec *spec, size_t n, mm_columns_fn fn,
                          void *ctx, mm_diag *diag, mm_error *err);

/* Field col of the current record with surrounding spaces and tabs trimmed;
 * an empty field when col < 0 (column absent). */
mm_csv_field mm_columns_get(const mm_csv *csv, int col);

/* A whole field as a finite double (no trailing text). */
bool mm_columns_double(mm_csv_field f, double *out);
/* A whole field as a decimal integer in [min, max]. */
bool mm_columns_long(mm_csv_field f, long min, long max, long *out);
typedef enum mm_axis { MM_AXIS_LAT, MM_AXIS_LON } mm_axis;

/*
 * A whole field as decimal degrees of latitude (-90..90) or longitude
 * (-180..180). On failure *why says "expected a number in decimal degrees" or
 * "must be within -90..90" / "must be within -180..180".
 */
bool mm_columns_degrees(mm_csv_field f, mm_axis axis, double *out, const char **why);
/* A whole field as a date (mm_date_parse); *why as for mm_date_parse. */
bool mm_columns_date(mm_csv_field f, mm_date *out, const char **why);

/*
 * Appends a field to a message buffer for quoting in an error: at most 60
 * bytes (cut at a UTF-8 boundary, with "…"), control characters shown as '?'.
 */
void mm_columns_quote(mm_csv_field f, char *buf, size_t n);

#endif
