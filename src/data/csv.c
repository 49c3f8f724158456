/*
 * csv.c — an RFC 4180 CSV reader for the event, place and control files.
 * Part of data/: calls core/ (errors, memory, UTF-8 checks) and libc only.
 * Input goes through one 64 KiB chunk (read from a file or copied from
 * memory) and each record is copied field by field into one reusable buffer,
 * so memory stays bounded by the longest record, not by the file.
 */
#include "malimap/csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "malimap/mem.h"
#include "malimap/text.h"

enum { CHUNK = 64 * 1024, DEFAULT_MAX_FIELD = 1024 * 1024 - 1, DEFAULT_MAX_FIELDS = 4096 };

#define NO_RESUME UINT64_MAX

/* Bytes that end a run of field data outside quotes, and inside quotes. NUL
 * stops both: it is either the sentinel after the chunk or an error. */
static const unsigned char stop_plain[256] = {[','] = 1, ['\n'] = 1, ['\r'] = 1, [0] = 1};
static const unsigned char stop_quoted[256] = {['"'] = 1, ['\n'] = 1, [0] = 1};

/* How a field ended. */
typedef enum field_end { END_COMMA, END_LINE, END_INPUT, END_BROKEN } field_end;

/* The first problem of the current record, reported when the record is done. */
typedef enum problem {
    NO_PROBLEM,
    /* The record's structure is intact: it is read to its end, then reported. */
    BAD_UTF8, /* arg: byte offset in the field */
    BAD_NUL,
    BAD_FIELDS,
    /* Parsing stops where these are found: see resynchronise(). */
    TOO_LONG,
    BAD_QUOTE,
    UNTERMINATED, /* arg: line where the quote opened */
} problem;

struct mm_csv {
    char *path;
    FILE *file; /* NULL when reading from memory */
    const char *mem;
    size_t mem_len;
    uint64_t src_pos;   /* source offset of the next byte to read */
    uint64_t chunk_pos; /* source offset of chunk[0] */
    char *chunk;        /* CHUNK bytes, then a NUL after the last byte read */
    const char *p;      /* next unread byte in chunk */
    const char *end;    /* end of the bytes read; *end == '\0' */
    bool eof;
    bool started;
    int read_errno;
    long line; /* line of *p */
    long rec_line;
    mm_csv_limits lim;
    char *rec; /* the fields of the current record, each followed by NUL */
    size_t rec_len;
    size_t rec_cap;
    mm_csv_field *fields;
    size_t nfields;
    size_t fields_cap;
    problem bad;      /* first problem of the record: the one reported */
    size_t bad_field; /* 1-based */
    uint64_t bad_arg;
    problem broken; /* TOO_LONG, BAD_QUOTE or UNTERMINATED when parsing stopped */
};

/* ---- input ---- */

/* Replaces the chunk with the next bytes of the input; false at its end or on a read error. */
static bool refill(mm_csv *c)
{
    if (c->eof) {
        return false;
    }
    size_t n;
    if (c->file) {
        n = fread(c->chunk, 1, CHUNK, c->file);
        if (n < CHUNK && ferror(c->file)) {
            c->read_errno = errno ? errno : EIO;
            n = 0;
        }
    } else {
        size_t left = c->mem_len - (size_t)c->src_pos;
        n = left < CHUNK ? left : CHUNK;
        memcpy(c->chunk, c->mem + c->src_pos, n);
    }
    c->chunk_pos = c->src_pos;
    c->src_pos += n;
    c->chunk[n] = '\0';
    c->p = c->chunk;
    c->end = c->chunk + n;
    c->eof = n == 0;
    return n > 0;
}

/* The next byte without consuming it, or -1 at the end of the input. */
static int peek(mm_csv *c)
{
    if (c->p == c->end && !refill(c)) {
        return -1;
    }
    return (unsigned char)*c->p;
}

/* Consumes the rest of the physical line, up to and including its LF. */
static void skip_line(mm_csv *c)
{
    for (;;) {
        if (c->p == c->end && !refill(c)) {
            return;
        }
        const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
        if (nl) {
            c->p = nl + 1;
            c->line++;
            return;
        }
        c->p = c->end;
    }
}

/* Goes back to input offset pos, which starts line `line`; false if the file cannot seek. */
static bool rewind_to(mm_csv *c, uint64_t pos, long line)
{
    if (c->read_errno) {
        return false;
    }
    if (pos >= c->chunk_pos && pos <= c->chunk_pos + (uint64_t)(c->end - c->chunk)) {
        c->p = c->chunk + (pos - c->chunk_pos);
    } else {
        if (c->file && (pos > INT64_MAX || fseeko(c->file, (off_t)pos, SEEK_SET) != 0)) {
            return false;
        }
        c->src_pos = pos;
        c->eof = false;
        c->chunk[0] = '\0';
        c->p = c->end = c->chunk;
    }
    c->line = line;
    return true;
}

/* ---- one record ---- */

static void note(mm_csv *c, problem what, size_t field, uint64_t arg)
{
    if (c->bad == NO_PROBLEM) {
        c->bad = what;
        c->bad_field = field;
        c->bad_arg = arg;
    }
}

/* Notes a problem after which the record cannot be parsed on. */
static void broken(mm_csv *c, problem what, size_t field, uint64_t arg)
{
    c->broken = what;
    note(c, what, field, arg);
}

static void rec_append(mm_csv *c, const char *s, size_t n)
{
    if (c->rec_cap - c->rec_len <= n) {
        c->rec = mm_grow(c->rec, &c->rec_cap, c->rec_len + n + 1, 1);
    }
    memcpy(c->rec + c->rec_len, s, n);
    c->rec_len += n;
}

/* Consumes what follows a field: a comma, a line end (LF, CRLF or a lone CR) or nothing. */
static field_end field_terminator(mm_csv *c)
{
    switch (peek(c)) {
    case -1:
        return END_INPUT;
    case ',':
        c->p++;
        return END_COMMA;
    case '\r':
        c->p++;
        if (peek(c) == '\n') {
            c->p++;
        }
        c->line++;
        return END_LINE;
    case '\n':
        c->p++;
        c->line++;
        return END_LINE;
    default:
        return END_BROKEN;
    }
}

/*
 * Copies a run of field data ending before the next stop byte into the
 * record (when keep) and adds it to *flen; false (with TOO_LONG noted) if the
 * field grows beyond the limit. The hot loop of the reader.
 */
static bool take_run(mm_csv *c, const unsigned char *stop, bool keep, size_t field, size_t *flen)
{
    const unsigned char *q = (const unsigned char *)c->p;
    while (!stop[*q]) {
        q++;
    }
    size_t n = (size_t)((const char *)q - c->p);
    if (n > c->lim.max_field_bytes - *flen) {
        c->p = (const char *)q;
        broken(c, TOO_LONG, field, 0);
        return false;
    }
    *flen += n;
    if (keep) {
        rec_append(c, c->p, n);
    }
    c->p = (const char *)q;
    return true;
}

/* At a NUL byte: true if it is the end of the input. Otherwise the next
 * chunk is read, or a NUL byte in the data noted and skipped. */
static bool input_ends(mm_csv *c, size_t field)
{
    if (c->p == c->end) {
        return !refill(c);
    }
    note(c, BAD_NUL, field, 0);
    c->p++;
    return false;
}

static field_end plain_field(mm_csv *c, bool keep, size_t field)
{
    size_t flen = 0;
    for (;;) {
        if (!take_run(c, stop_plain, keep, field, &flen)) {
            return END_BROKEN;
        }
        if (*c->p != '\0') {
            return field_terminator(c);
        }
        if (input_ends(c, field)) {
            return END_INPUT;
        }
    }
}

/*
 * A field that starts with a quote (at *c->p). *opened is the line of the
 * quote; *resume the input offset of the line after it once the field spans
 * lines (where reading goes on if the quote turns out to be unterminated).
 */
static field_end quoted_field(mm_csv *c, bool keep, size_t field, long *opened, uint64_t *resume)
{
    size_t flen = 0;
    *opened = c->line;
    *resume = NO_RESUME;
    c->p++;
    for (;;) {
        if (!take_run(c, stop_quoted, keep, field, &flen)) {
            return END_BROKEN;
        }
        char ch = *c->p;
        if (ch == '\0') {
            if (input_ends(c, field)) {
                broken(c, UNTERMINATED, field, (uint64_t)*opened);
                return END_BROKEN;
            }
            continue;
        }
        c->p++;
        if (ch == '"' && peek(c) != '"') {
            field_end e = field_terminator(c);
            if (e == END_BROKEN) {
                broken(c, BAD_QUOTE, field, 0);
            }
            return e;
        }
        /* A doubled quote or a newline: one byte of data. */
        if (flen == c->lim.max_field_bytes) {
            broken(c, TOO_LONG, field, 0);
            return END_BROKEN;
        }
        flen++;
        if (keep) {
            rec_append(c, &ch, 1);
        }
        if (ch == '"') {
            c->p++;
        } else {
            c->line++;
            if (*resume == NO_RESUME) {
                *resume = c->chunk_pos + (uint64_t)(c->p - c->chunk);
            }
        }
    }
}

/* Ends a stored field: checks its UTF-8 and records its length. */
static void finish_field(mm_csv *c, size_t index, size_t start)
{
    size_t len = c->rec_len - start;
    size_t bad_at;
    if (c->bad == NO_PROBLEM && !mm_utf8_valid(c->rec + start, len, &bad_at)) {
        note(c, BAD_UTF8, index + 1, bad_at);
    }
    if (index >= c->fields_cap) {
        c->fields = mm_grow(c->fields, &c->fields_cap, index + 1, sizeof *c->fields);
    }
    c->fields[index].len = len;
    if (c->rec_len == c->rec_cap) {
        c->rec = mm_grow(c->rec, &c->rec_cap, c->rec_len + 1, 1);
    }
    c->rec[c->rec_len++] = '\0';
}

/* Skips the rest of a broken record so that reading can go on; see mm_csv_next(). */
static void resynchronise(mm_csv *c, long opened, uint64_t resume)
{
    if (c->broken == UNTERMINATED || (c->broken == TOO_LONG && resume != NO_RESUME)) {
        if (resume != NO_RESUME && rewind_to(c, resume, opened + 1)) {
            return;
        }
        if (c->broken == UNTERMINATED) {
            return; /* already at the end of the input */
        }
    }
    skip_line(c);
}

static mm_status report(const mm_csv *c, mm_error *err)
{
    const char *path = c->path;
    long line = c->rec_line;
    size_t f = c->bad_field;
    switch (c->bad) {
    case BAD_UTF8:
        return MM_ERR(err, MM_E_DATA, path, line, 0,
                      "invalid UTF-8 in field %zu (byte offset %llu)", f,
                      (unsigned long long)c->bad_arg);
    case BAD_NUL:
        return MM_ERR(err, MM_E_DATA, path, line, 0, "NUL byte in field %zu", f);
    case BAD_FIELDS:
        return MM_ERR(err, MM_E_DATA, path, line, 0, "more than %zu fields", c->lim.max_fields);
    case TOO_LONG:
        return MM_ERR(err, MM_E_DATA, path, line, 0, "field %zu is longer than %zu bytes", f,
                      c->lim.max_field_bytes);
    case BAD_QUOTE:
        return MM_ERR(err, MM_E_DATA, path, line, 0,
                      "unexpected character after closing quote in field %zu", f);
    case UNTERMINATED:
        return MM_ERR(err, MM_E_DATA, path, line, 0,
                      "unterminated quoted field (opened on line %llu)",
                      (unsigned long long)c->bad_arg);
    case NO_PROBLEM:
        break;
    }
    return MM_OK;
}

mm_status mm_csv_next(mm_csv *c, bool *has_record, mm_error *err)
{
    *has_record = false;
    c->nfields = 0;
    c->rec_len = 0;
    c->bad = NO_PROBLEM;
    c->broken = NO_PROBLEM;
    if (!c->started) {
        c->started = true;
        if (peek(c) == 0xEF && c->end - c->p >= 3 && memcmp(c->p, "\xEF\xBB\xBF", 3) == 0) {
            c->p += 3;
        }
    }
    int ch;
    while ((ch = peek(c)) == '\n' || ch == '\r') {
        field_terminator(c); /* a blank line */
    }
    c->rec_line = c->line;
    field_end e = END_INPUT;
    size_t n = 0;
    long opened = 0;
    uint64_t resume = NO_RESUME;
    while (ch >= 0) {
        bool keep = n < c->lim.max_fields;
        if (!keep) {
            note(c, BAD_FIELDS, n + 1, 0);
        }
        size_t start = c->rec_len;
        resume = NO_RESUME; /* only the field that broke may send reading back */
        if (peek(c) == '"') {
            e = quoted_field(c, keep, n + 1, &opened, &resume);
        } else {
            e = plain_field(c, keep, n + 1);
        }
        if (e == END_BROKEN) {
            break;
        }
        if (keep) {
            finish_field(c, n, start);
        }
        n++;
        if (e != END_COMMA) {
            break;
        }
    }
    if (c->read_errno) {
        c->eof = true;
        return MM_ERR(err, MM_E_IO, c->path, 0, 0, "read error: %s", strerror(c->read_errno));
    }
    if (e == END_BROKEN) {
        resynchronise(c, opened, resume);
    }
    if (c->bad != NO_PROBLEM) {
        return report(c, err);
    }
    if (n == 0) {
        return MM_OK; /* end of input */
    }
    char *data = c->rec;
    for (size_t i = 0; i < n; i++) {
        c->fields[i].data = data;
        data += c->fields[i].len + 1;
    }
    c->nfields = n;
    *has_record = true;
    return MM_OK;
}

/* ---- lifecycle and accessors ---- */

static mm_csv *csv_new(const char *path, const mm_csv_limits *limits)
{
    mm_csv *c = mm_calloc(1, sizeof *c);
    c->path = path ? mm_strdup(path) : NULL;
    c->chunk = mm_malloc(CHUNK + 1);
    c->chunk[0] = '\0';
    c->p = c->end = c->chunk;
    c->line = 1;
    c->lim.max_field_bytes = DEFAULT_MAX_FIELD;
    c->lim.max_fields = DEFAULT_MAX_FIELDS;
    if (limits && limits->max_field_bytes) {
        c->lim.max_field_bytes = limits->max_field_bytes;
    }
    if (limits && limits->max_fields) {
        c->lim.max_fields = limits->max_fields;
    }
    c->rec_cap = 4096;
    c->rec = mm_malloc(c->rec_cap);
    return c;
}

mm_status mm_csv_open(const char *path, const mm_csv_limits *limits, mm_csv **out, mm_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        return MM_ERR(err, MM_E_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return MM_ERR(err, MM_E_IO, path, 0, 0, "cannot open: %s", strerror(EISDIR));
    }
    mm_csv *c = csv_new(path, limits);
    c->file = f;
    *out = c;
    return MM_OK;
}

mm_status mm_csv_open_mem(const char *name, const char *data, size_t len,
                          const mm_csv_limits *limits, mm_csv **out, mm_error *err)
{
    (void)err; /* reading from memory cannot fail to start */
    mm_csv *c = csv_new(name, limits);
    c->mem = data;
    c->mem_len = len;
    *out = c;
    return MM_OK;
}

void mm_csv_close(mm_csv *c)
{
    if (!c) {
        return;
    }
    if (c->file) {
        fclose(c->file);
    }
    mm_free(c->fields);
    mm_free(c->rec);
    mm_free(c->chunk);
    mm_free(c->path);
    mm_free(c);
}

size_t mm_csv_count(const mm_csv *c)
{
    return c->nfields;
}

const mm_csv_field *mm_csv_fields(const mm_csv *c)
{
    return c->fields;
}

long mm_csv_line(const mm_csv *c)
{
    return c->rec_line;
}

const char *mm_csv_path(const mm_csv *c)
{
    return c->path;
}
