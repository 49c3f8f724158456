/*
 * error.h — status codes and the error record every fallible function fills.
 * Part of core/: libc only. A function that can fail returns mm_status and, on
 * failure, describes the problem in an mm_error owned by the caller. The first
 * error recorded wins; later ones are ignored so the root cause is reported.
 */
#ifndef MALIMAP_ERROR_H
#define MALIMAP_ERROR_H

#include <stddef.h>

typedef enum mm_status {
    MM_OK = 0,
    MM_E_USAGE,      /* bad option or argument: exit code 2 */
    MM_E_IO,         /* a file could not be read or written */
    MM_E_DATA,       /* malformed or inconsistent input data */
    MM_E_STYLE,      /* a style file is invalid */
    MM_E_PROJ,       /* a projection could not be set up or applied */
    MM_E_GEOM,       /* geometry processing failed */
    MM_E_RENDER,     /* drawing or encoding failed */
    MM_E_LIMIT,      /* an input or output exceeds a limit */
    MM_E_INTERRUPTED /* stopped by a signal */
} mm_status;

enum { MM_ERROR_MSG_MAX = 1024, MM_ERROR_PATH_MAX = 1024, MM_ERROR_QUOTE_MAX = 512 };

/*
 * Where and what. line, col and record are 0 when unknown (all are 1-based).
 * quote holds the offending source line for style errors (printed with a caret
 * under col). src_file/src_line name the code that raised the error.
 */
typedef struct mm_error {
    mm_status status;
    char msg[MM_ERROR_MSG_MAX];
    char path[MM_ERROR_PATH_MAX];
    long line;
    long col;
    long record;
    char quote[MM_ERROR_QUOTE_MAX];
    const char *src_file;
    int src_line;
} mm_error;

/* Resets e to "no error". */
void mm_error_clear(mm_error *e);

/*
 * Records an error unless one is already recorded (the first error wins).
 * Returns status so callers can write `return MM_ERR(...)`. This is the one
 * place to put a debugger breakpoint. path may be NULL.
 */
mm_status mm_error_set(mm_error *e, mm_status status, const char *path, long line, long col,
                       const char *src_file, int src_line, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* Like mm_error_set for a record (feature) index of a file: "path: record N: error: ...". */
mm_status mm_error_set_record(mm_error *e, mm_status status, const char *path, long record,
                              const char *src_file, int src_line, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Attaches the text of the offending line (for a caret display). No-op without an error. */
void mm_error_set_quote(mm_error *e, const char *line_start, size_t len);

/* Prefixes the message with context ("in layer 'x': "), keeping location. */
void mm_error_prefix(mm_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Formats the one-line GNU form without program name:
 * "path:line:col: error: msg", "path:line: error: msg", "path: record N: error: msg",
 * "path: error: msg" or "error: msg". Returns the number of characters written
 * (truncating to n-1).
 */
size_t mm_error_format(const mm_error *e, char *buf, size_t n);

/* Exit code the CLI uses for a status: 0 ok, 2 usage, 1 everything else. */
int mm_status_exit_code(mm_status status);

#define MM_ERR(e, status, path, line, col, ...)                                                    \
    mm_error_set((e), (status), (path), (line), (col), __FILE__, __LINE__, __VA_ARGS__)
#define MM_ERR_RECORD(e, status, path, record, ...)                                                \
    mm_error_set_record((e), (status), (path), (record), __FILE__, __LINE__, __VA_ARGS__)

#endif
