/*
 * error.c — the error record: first error wins, one-line GNU formatting.
 * Part of core/: libc and the UTF-8 decoder of text.c. Messages quote what
 * users wrote, so the record keeps them printable: control characters (a
 * terminal escape in a file name or a style string) become '?', and so does
 * a byte that is not UTF-8 (also a sequence cut where a message is truncated).
 */
#include "malimap/error.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "malimap/text.h"

/* Makes s printable in place; tabs become spaces when tab_space (quoted
 * lines, where a caret must stay under its column), else '?'. */
static void printable(char *s, bool tab_space)
{
    size_t n = strlen(s), i = 0, o = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            s[o++] = c == '\t' && tab_space ? ' ' : c < 0x20 || c == 0x7f ? '?' : (char)c;
            i++;
            continue;
        }
        unsigned cp = 0;
        size_t k = mm_utf8_decode(s + i, n - i, &cp);
        if (k == 0 || cp < 0xA0) { /* not UTF-8, or a C1 control character */
            s[o++] = '?';
            i += k ? k : 1;
            continue;
        }
        memmove(s + o, s + i, k);
        o += k;
        i += k;
    }
    s[o] = '\0';
}

void mm_error_clear(mm_error *e)
{
    memset(e, 0, sizeof *e);
}

static void set_path(mm_error *e, const char *path)
{
    if (path) {
        snprintf(e->path, sizeof e->path, "%s", path);
    } else {
        e->path[0] = '\0';
    }
}

__attribute__((format(printf, 9, 0))) static void fill(mm_error *e, mm_status status,
                                                       const char *path, long line, long col,
                                                       long record, const char *src_file,
                                                       int src_line, const char *fmt, va_list ap)
{
    e->status = status;
    set_path(e, path);
    e->line = line;
    e->col = col;
    e->record = record;
    e->quote[0] = '\0';
    e->src_file = src_file;
    e->src_line = src_line;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    printable(e->msg, false);
    printable(e->path, false);
}

mm_status mm_error_set(mm_error *e, mm_status status, const char *path, long line, long col,
                       const char *src_file, int src_line, const char *fmt, ...)
{
    if (!e || e->status != MM_OK) {
        return status;
    }
    va_list ap;
    va_start(ap, fmt);
    fill(e, status, path, line, col, 0, src_file, src_line, fmt, ap);
    va_end(ap);
    return status;
}

mm_status mm_error_set_record(mm_error *e, mm_status status, const char *path, long record,
                              const char *src_file, int src_line, const char *fmt, ...)
{
    if (!e || e->status != MM_OK) {
        return status;
    }
    va_list ap;
    va_start(ap, fmt);
    fill(e, status, path, 0, 0, record, src_file, src_line, fmt, ap);
    va_end(ap);
    return status;
}

void mm_error_set_quote(mm_error *e, const char *line_start, size_t len)
{
    if (!e || e->status == MM_OK) {
        return;
    }
    if (len >= sizeof e->quote) {
        len = sizeof e->quote - 1;
    }
    memcpy(e->quote, line_start, len);
    e->quote[len] = '\0';
    printable(e->quote, true);
}

void mm_error_prefix(mm_error *e, const char *fmt, ...)
{
    if (!e || e->status == MM_OK) {
        return;
    }
    char prefix[MM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    size_t np = strlen(prefix), nm = strlen(e->msg);
    if (np >= sizeof e->msg) {
        np = sizeof e->msg - 1;
    }
    if (np + nm >= sizeof e->msg) {
        nm = sizeof e->msg - 1 - np;
    }
    memmove(e->msg + np, e->msg, nm);
    memcpy(e->msg, prefix, np);
    e->msg[np + nm] = '\0';
    printable(e->msg, false);
}

size_t mm_error_format(const mm_error *e, char *buf, size_t n)
{
    int w;
    if (e->path[0] && e->line > 0 && e->col > 0) {
        w = snprintf(buf, n, "%s:%ld:%ld: error: %s", e->path, e->line, e->col, e->msg);
    } else if (e->path[0] && e->line > 0) {
        w = snprintf(buf, n, "%s:%ld: error: %s", e->path, e->line, e->msg);
    } else if (e->path[0] && e->record > 0) {
        w = snprintf(buf, n, "%s: record %ld: error: %s", e->path, e->record, e->msg);
    } else if (e->path[0]) {
        w = snprintf(buf, n, "%s: error: %s", e->path, e->msg);
    } else {
        w = snprintf(buf, n, "error: %s", e->msg);
    }
    if (w < 0) {
        return 0;
    }
    return (size_t)w < n ? (size_t)w : (n ? n - 1 : 0);
}

int mm_status_exit_code(mm_status status)
{
    switch (status) {
    case MM_OK:
        return 0;
    case MM_E_USAGE:
        return 2;
    default:
        return 1;
    }
}

/* ---- diagnostics sink ---- */

void mm_diag_init(mm_diag *d, mm_diag_fn fn, void *ctx)
{
    d->fn = fn;
    d->ctx = ctx;
    d->count = 0;
}

mm_status mm_diag_report(mm_diag *d, const mm_error *problem, mm_error *err)
{
    if (!d) {
        if (err && err->status == MM_OK) {
            *err = *problem;
        }
        return problem->status;
    }
    d->count++;
    if (d->fn) {
        d->fn(d->ctx, problem);
    }
    return MM_OK;
}

mm_status mm_diag_error(mm_diag *d, mm_error *err, mm_status status, const char *path, long line,
                        long col, const char *src_file, int src_line, const char *fmt, ...)
{
    if (!d && (!err || err->status != MM_OK)) {
        return status; /* an earlier error wins: nothing to format */
    }
    mm_error problem;
    va_list ap;
    va_start(ap, fmt);
    fill(&problem, status, path, line, col, 0, src_file, src_line, fmt, ap);
    va_end(ap);
    return mm_diag_report(d, &problem, err);
}
