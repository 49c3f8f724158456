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

/*
 * A diagnostics sink, for readers that can either stop at the first problem or
 * report every problem and go on (`malimap check`). A reader takes an
 * `mm_diag *diag` next to its `mm_error *err`: with diag == NULL the first
 * problem is recorded in err and the reader stops; otherwise each problem is
 * passed to fn (with ctx), counted, and the reader skips the bad record and
 * carries on. fn may be NULL to only count. Callers own the struct (init with
 * mm_diag_init or a designated initialiser with count 0).
 */
typedef void (*mm_diag_fn)(void *ctx, const mm_error *problem);

typedef struct mm_diag {
    mm_diag_fn fn;
    void *ctx;
    size_t count; /* problems reported so far */
} mm_diag;

/* Sets fn and ctx and a count of 0. */
void mm_diag_init(mm_diag *d, mm_diag_fn fn, void *ctx);

/*
 * Hands a fully described problem on. With d == NULL copies it into err (the
 * first error wins) and returns problem->status, so the caller stops; with a
 * sink calls d->fn, counts it and returns MM_OK, so the caller goes on.
 */
mm_status mm_diag_report(mm_diag *d, const mm_error *problem, mm_error *err);

/*
 * Describes a problem (like mm_error_set) and reports it with
 * mm_diag_report(). Returns status to stop (d == NULL) or MM_OK to go on.
 */
mm_status mm_diag_error(mm_diag *d, mm_error *err, mm_status status, const char *path, long line,
                        long col, const char *src_file, int src_line, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

#define MM_ERR(e, status, path, line, col, ...)                                                    \
    mm_error_set((e), (status), (path), (line), (col), __FILE__, __LINE__, __VA_ARGS__)
#define MM_ERR_RECORD(e, status, path, record, ...)                                                \
    mm_error_set_record((e), (status), (path), (record), __FILE__, __LINE__, __VA_ARGS__)

/* Reports a problem to a diagnostics sink (see mm_diag_error). */
#define MM_DIAG(d, e, status, path, line, col, ...)                                                \
    mm_diag_error((d), (e), (status), (path), (line), (col), __FILE__, __LINE__, __VA_ARGS__)

#endif
