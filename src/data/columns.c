/*
 * columns.c — CSV by column name: header mapping and typed fields.
 * Part of data/: calls csv.c and core/ only.
 */
#include "malimap/columns.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "malimap/mem.h"
#include "malimap/text.h"

static mm_csv_field trim(mm_csv_field f)
{
    while (f.len && (f.data[0] == ' ' || f.data[0] == '\t')) {
        f.data++;
        f.len--;
    }
    while (f.len && (f.data[f.len - 1] == ' ' || f.data[f.len - 1] == '\t')) {
        f.len--;
    }
    return f;
}

static bool name_equals(mm_csv_field f, const char *name)
{
    size_t n = strlen(name);
    if (f.len != n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)f.data[i], b = (unsigned char)name[i];
        if ((a >= 'A' && a <= 'Z' ? a + 32 : a) != (b >= 'A' && b <= 'Z' ? b + 32 : b)) {
            return false;
        }
    }
    return true;
}

/* Reads the header record and maps spec to it (see mm_columns_read). */
static mm_status read_header(mm_csv *csv, const mm_column_spec *spec, size_t n, int *idx,
                             size_t *ncols, mm_error *err)
{
    const char *path = mm_csv_path(csv);
    bool has = false;
    mm_status st = mm_csv_next(csv, &has, err);
    if (st != MM_OK) {
        return st;
    }
    mm_buf names;
    mm_buf_init(&names);
    for (size_t i = 0; i < n; i++) {
        mm_buf_printf(&names, "%s%s", i ? ", " : "", spec[i].name);
    }
    if (!has) {
        st = MM_ERR(err, MM_E_DATA, path, 1, 0,
                    "empty file: expected a header line with the columns %s", names.data);
        mm_buf_fini(&names);
        return st;
    }
    mm_buf_reset(&names);
    long line = mm_csv_line(csv);
    const mm_csv_field *fields = mm_csv_fields(csv);
    size_t nf = mm_csv_count(csv);
    size_t missing = 0;
    for (size_t i = 0; i < n && st == MM_OK; i++) {
        idx[i] = -1;
        for (size_t k = 0; k < nf; k++) {
            if (!name_equals(trim(fields[k]), spec[i].name)) {
                continue;
            }
            if (idx[i] >= 0) {
                st = MM_ERR(err, MM_E_DATA, path, line, 0,
                            "column '%s' appears twice (fields %d and %zu)", spec[i].name,
                            idx[i] + 1, k + 1);
                break;
            }
            idx[i] = (int)k;
        }
        if (idx[i] < 0 && spec[i].required) {
            mm_buf_printf(&names, "%s'%s'", missing++ ? ", " : "", spec[i].name);
        }
    }
    if (st == MM_OK && missing) {
        st = MM_ERR(err, MM_E_DATA, path, line, 0, "missing column%s %s", missing > 1 ? "s" : "",
                    names.data);
    }
    mm_buf_fini(&names);
    *ncols = nf;
    return st;
}

/* The next good data record (*has_record false at the end); see mm_columns_read. */
static mm_status next_record(mm_csv *csv, size_t ncols, mm_diag *diag, bool *has_record,
                             mm_error *err)
{
    for (;;) {
        /* Only the status needs clearing: the reader fills the rest on an error
         * (a full clear is a 2.6 KB memset per record). */
        mm_error problem;
        problem.status = MM_OK;
        mm_status st = mm_csv_next(csv, has_record, &problem);
        if (st == MM_E_DATA) {
            *has_record = false;
            st = mm_diag_report(diag, &problem, err);
            if (st != MM_OK) {
                return st;
            }
            continue; /* the reader resynchronised: go on with the next record */
        }
        if (st != MM_OK) {
            *has_record = false;
            return mm_diag_report(NULL, &problem, err);
        }
        if (!*has_record || mm_csv_count(csv) == ncols) {
            return MM_OK;
        }
        st = MM_DIAG(diag, err, MM_E_DATA, mm_csv_path(csv), mm_csv_line(csv), 0,
                     "record has %zu field%s, the header has %zu", mm_csv_count(csv),
                     mm_csv_count(csv) == 1 ? "" : "s", ncols);
        if (st != MM_OK) {
            *has_record = false;
            return st;
        }
    }
}

mm_status mm_columns_read(mm_csv *csv, const mm_column_spec *spec, size_t n, mm_columns_fn fn,
                          void *ctx, mm_diag *diag, mm_error *err)
{
    assert(n <= MM_COLUMNS_MAX);
    int col[MM_COLUMNS_MAX];
    size_t ncols = 0;
    mm_status st = read_header(csv, spec, n, col, &ncols, err);
    while (st == MM_OK) {
        bool has;
        st = next_record(csv, ncols, diag, &has, err);
        if (st != MM_OK || !has) {
            break;
        }
        st = fn(ctx, csv, col, diag, err);
    }
    return st;
}

mm_csv_field mm_columns_get(const mm_csv *csv, int col)
{
    if (col < 0 || (size_t)col >= mm_csv_count(csv)) {
        return (mm_csv_field){"", 0};
    }
    return trim(mm_csv_fields(csv)[col]);
}

/* Copies a trimmed field into buf for strtod/strtol, which need a terminator
 * right after the text; false when it does not fit. */
static bool to_cstr(mm_csv_field f, char *buf, size_t n)
{
    if (f.len == 0 || f.len >= n) {
        return false;
    }
    memcpy(buf, f.data, f.len);
    buf[f.len] = '\0';
    return true;
}

bool mm_columns_double(mm_csv_field f, double *out)
{
    char buf[64];
    if (!to_cstr(f, buf, sizeof buf)) {
        return false;
    }
    /* strtod also takes hex floats, "inf" and "nan": only plain decimals are data. */
    for (size_t i = 0; i < f.len; i++) {
        char c = buf[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
            return false;
        }
    }
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        return false;
    }
    *out = v;
    return true;
}

bool mm_columns_long(mm_csv_field f, long min, long max, long *out)
{
    char buf[32];
    if (!to_cstr(f, buf, sizeof buf)) {
        return false;
    }
    if (!((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '-' || buf[0] == '+')) {
        return false;
    }
    char *end;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (end == buf || *end != '\0' || errno == ERANGE || v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

bool mm_columns_degrees(mm_csv_field f, mm_axis axis, double *out, const char **why)
{
    double limit = axis == MM_AXIS_LAT ? 90 : 180;
    double v;
    if (!mm_columns_double(f, &v)) {
        *why = "expected a number in decimal degrees";
        return false;
    }
    if (v < -limit || v > limit) {
        *why = axis == MM_AXIS_LAT ? "must be within -90..90" : "must be within -180..180";
        return false;
    }
    *out = v;
    return true;
}

bool mm_columns_date(mm_csv_field f, mm_date *out, const char **why)
{
    return mm_date_parse(f.data, f.len, out, why);
}

void mm_columns_quote(mm_csv_field f, char *buf, size_t n)
{
    enum { MAX_QUOTE = 60 };
    size_t len = f.len;
    bool cut = false;
    if (len > MAX_QUOTE) {
        len = MAX_QUOTE;
        while (len > 0 && ((unsigned char)f.data[len] & 0xC0) == 0x80) {
            len--; /* do not split a UTF-8 sequence */
        }
        cut = true;
    }
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < n; i++) {
        unsigned char c = (unsigned char)f.data[i];
        buf[o++] = (char)(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (cut && o + 4 < n) {
        memcpy(buf + o, "\xe2\x80\xa6", 3); /* … */
        o += 3;
    }
    if (n) {
        buf[o < n ? o : n - 1] = '\0';
    }
}
