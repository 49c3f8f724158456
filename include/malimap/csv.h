/*
 * csv.h — an RFC 4180 CSV reader. Part of data/: depends on core/ only.
 * Handles quoted fields with embedded commas, doubled quotes and newlines,
 * CRLF or LF line ends, a UTF-8 byte order mark, and reports invalid UTF-8,
 * NUL bytes, unterminated quotes and over-long fields with the line number.
 * Reads from memory or a file; the whole file is read in chunks so a 1 GB
 * file never needs 1 GB at once.
 */
#ifndef MALIMAP_CSV_H
#define MALIMAP_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/error.h"

typedef struct mm_csv mm_csv;

/* One field of the current record: not NUL-terminated inside the record
 * buffer, but data[len] is always '\0' for convenience. */
typedef struct mm_csv_field {
    const char *data;
    size_t len;
} mm_csv_field;

typedef struct mm_csv_limits {
    size_t max_field_bytes; /* default 1 MiB - 1: a longer field is an error */
    size_t max_fields;      /* default 4096 */
} mm_csv_limits;

/*
 * Opens a file for reading. path is used in error messages as given. limits
 * may be NULL, and a member left 0 takes its default. Caller destroys with
 * mm_csv_close(). Returns MM_E_IO "cannot open: <strerror>" naming path (also
 * for a directory), with *out set to NULL.
 */
mm_status mm_csv_open(const char *path, const mm_csv_limits *limits, mm_csv **out, mm_error *err);

/* Reads from memory (not copied: data must outlive the reader). name is used
 * in messages and may be NULL. Always returns MM_OK. */
mm_status mm_csv_open_mem(const char *name, const char *data, size_t len,
                          const mm_csv_limits *limits, mm_csv **out, mm_error *err);

/* Closes the file and frees the reader; accepts NULL. */
void mm_csv_close(mm_csv *csv);

/*
 * Reads the next record. Returns MM_OK and sets *has_record = true with the
 * fields available through mm_csv_fields(); at end of input *has_record =
 * false. Blank lines (a line with nothing on it) are skipped. Lines end with
 * LF, CRLF or a lone CR; whitespace is kept; a quote inside an unquoted field
 * is data. On a malformed record returns MM_E_DATA naming path:line (the line
 * where the record starts, col 0) with one of: "invalid UTF-8 in field N
 * (byte offset K)" (K within the field's value), "NUL byte in field N",
 * "more than M fields", "field N is longer than M bytes", "unexpected
 * character after closing quote in field N", "unterminated quoted field
 * (opened on line L)"; the first problem of a record is the one reported and
 * mm_csv_count() is 0. Reading then goes on so callers that collect every
 * problem (malimap check) can continue: after the first three, with the next
 * record (the record's quoting is intact); after the others, at the next
 * physical line after the problem, except that an unterminated quote or a
 * too-long quoted field that spans lines sends reading back to the line after
 * the one where its quote opened, so one stray quote does not hide the rest
 * of the file (from a pipe, which cannot seek back, an unterminated quote
 * ends the input and a too-long field skips its line). A read error returns
 * MM_E_IO "read error: <strerror>" and ends the input.
 */
mm_status mm_csv_next(mm_csv *csv, bool *has_record, mm_error *err);

/* Fields of the current record (valid until the next mm_csv_next() or mm_csv_close()). */
size_t mm_csv_count(const mm_csv *csv);
const mm_csv_field *mm_csv_fields(const mm_csv *csv);
/* 1-based line number where the current record starts. */
long mm_csv_line(const mm_csv *csv);
/* The path or name given when opening (NULL if the name was NULL). */
const char *mm_csv_path(const mm_csv *csv);

#endif
