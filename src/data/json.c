/*
 * json.c — JSON through json-c, converted into malimap's positioned tree.
 * Part of data/: the only file that includes json-c. json-c parses, checks
 * and decodes; it keeps no positions, so a second, structural pass over the
 * (already validated) text records where each value and key starts, and the
 * two are matched up: arrays by index, object members by key.
 */
#include "malimap/json.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "malimap/text.h"

struct mm_json_doc {
    mm_arena *arena;
    char *path;
    const char *text; /* borrowed during parsing only */
    size_t len;
    size_t *line_start; /* offsets where lines begin */
    size_t nlines;
    char *owned_text; /* kept for quoting lines in later errors */
    mm_json *root;
    /* json-c lets these through: the first NaN, Infinity or overflowing number
     * (bad_number) and the first string or key that is not UTF-8 (bad_utf8),
     * by offset in the text, SIZE_MAX for none */
    size_t bad_number;
    size_t bad_utf8;
};

/* ---- positions ---- */

typedef struct skel skel;
struct skel {
    size_t off;
    size_t n; /* children */
    skel *kids;
    size_t *key_off; /* objects: where each key's opening quote is */
    size_t *key_len; /* raw length between the quotes */
};

typedef struct scanner {
    const char *s;
    size_t len;
    size_t pos;
    mm_arena *arena;
    size_t bad; /* offset of a single-quoted string json-c let through, or SIZE_MAX */
} scanner;

static void skip_ws(scanner *sc)
{
    while (sc->pos < sc->len) {
        char c = sc->s[sc->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            break;
        }
        sc->pos++;
    }
}

static void skip_string(scanner *sc)
{
    if (sc->s[sc->pos] != '"' && sc->bad == SIZE_MAX) {
        sc->bad = sc->pos; /* json-c 0.16 accepts 'strings' even when strict */
    }
    char q = sc->s[sc->pos];
    sc->pos++; /* opening quote */
    while (sc->pos < sc->len && sc->s[sc->pos] != q) {
        sc->pos += sc->s[sc->pos] == '\\' ? 2 : 1;
    }
    sc->pos++; /* closing quote */
}

/* Grows an arena-backed array by copying (scanning happens once, so the
 * waste is bounded by a factor of two). */
static void *grow(mm_arena *a, void *old, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap) {
        return old;
    }
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = mm_arena_array(a, ncap, elem);
    if (old) {
        memcpy(p, old, n * elem);
    }
    *cap = ncap;
    return p;
}

static void scan_value(scanner *sc, skel *out)
{
    skip_ws(sc);
    memset(out, 0, sizeof *out);
    out->off = sc->pos;
    if (sc->pos >= sc->len) {
        return;
    }
    char c = sc->s[sc->pos];
    if (c == '"' || c == '\'') {
        skip_string(sc);
    } else if (c == '[' || c == '{') {
        bool obj = c == '{';
        char close = obj ? '}' : ']';
        size_t cap = 0, kcap = 0, kcap2 = 0;
        sc->pos++;
        skip_ws(sc);
        if (sc->pos < sc->len && sc->s[sc->pos] == close) {
            sc->pos++;
            return;
        }
        while (sc->pos < sc->len) {
            if (obj) {
                skip_ws(sc);
                out->key_off = grow(sc->arena, out->key_off, out->n, &kcap, sizeof(size_t));
                out->key_len = grow(sc->arena, out->key_len, out->n, &kcap2, sizeof(size_t));
                size_t k0 = sc->pos;
                skip_string(sc);
                out->key_off[out->n] = k0;
                out->key_len[out->n] = sc->pos - k0 - 2;
                skip_ws(sc);
                sc->pos++; /* ':' */
            }
            out->kids = grow(sc->arena, out->kids, out->n, &cap, sizeof(skel));
            scan_value(sc, &out->kids[out->n]);
            out->n++;
            skip_ws(sc);
            if (sc->pos < sc->len && sc->s[sc->pos] == ',') {
                sc->pos++;
                continue;
            }
            sc->pos++; /* close */
            break;
        }
    } else {
        /* number or literal */
        while (sc->pos < sc->len) {
            c = sc->s[sc->pos];
            if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' ||
                c == '\t') {
                break;
            }
            sc->pos++;
        }
    }
}

static void offset_to_linecol(const mm_json_doc *d, size_t off, int *line, int *col)
{
    size_t lo = 0, hi = d->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (d->line_start[mid] <= off) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    *line = (int)lo + 1;
    *col = (int)(off - d->line_start[lo]) + 1;
}

static void index_lines(mm_json_doc *d)
{
    size_t n = 1;
    for (size_t i = 0; i < d->len; i++) {
        n += d->text[i] == '\n';
    }
    d->line_start = mm_array_alloc(n, sizeof *d->line_start);
    d->nlines = 0;
    d->line_start[d->nlines++] = 0;
    for (size_t i = 0; i < d->len; i++) {
        if (d->text[i] == '\n') {
            d->line_start[d->nlines++] = i + 1;
        }
    }
}

/* ---- conversion ---- */

/* A raw key with escapes (len bytes between its quotes) decoded by json-c;
 * caller frees. NULL if json-c does not read it as a string. */
static char *decode_key(const char *raw, size_t len)
{
    char *quoted = mm_malloc(len + 3);
    quoted[0] = '"';
    memcpy(quoted + 1, raw, len);
    quoted[len + 1] = '"';
    quoted[len + 2] = '\0';
    json_object *o = json_tokener_parse(quoted);
    mm_free(quoted);
    char *key =
        o && json_object_is_type(o, json_type_string) ? mm_strdup(json_object_get_string(o)) : NULL;
    json_object_put(o);
    return key;
}

/* Whether a raw key (as written, between its quotes) is key once decoded. */
static bool raw_key_equals(const char *raw, size_t len, const char *key)
{
    if (!memchr(raw, '\\', len)) {
        return strlen(key) == len && memcmp(raw, key, len) == 0;
    }
    char *decoded = decode_key(raw, len);
    bool eq = decoded && strcmp(decoded, key) == 0;
    mm_free(decoded);
    return eq;
}

/* The keys of an object as written, decoded, sorted by text then position. */
typedef struct key_entry {
    const char *s;
    size_t len;
    size_t at; /* index among the object's members in the text */
} key_entry;

typedef struct key_index {
    key_entry *e;
    size_t n;
    char **decoded; /* keys with escapes, decoded by json-c */
    size_t ndecoded;
} key_index;

static int cmp_key_entry(const void *pa, const void *pb)
{
    const key_entry *a = pa, *b = pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, n);
    if (c != 0) {
        return c;
    }
    if (a->len != b->len) {
        return a->len < b->len ? -1 : 1;
    }
    return a->at < b->at ? -1 : a->at > b->at;
}

static key_index *key_index_build(const mm_json_doc *d, const skel *sk)
{
    key_index *x = mm_calloc(1, sizeof *x);
    x->e = mm_array_alloc(sk->n ? sk->n : 1, sizeof *x->e);
    x->decoded = mm_array_alloc(sk->n ? sk->n : 1, sizeof *x->decoded);
    for (size_t q = 0; q < sk->n; q++) {
        const char *raw = d->text + sk->key_off[q] + 1;
        size_t len = sk->key_len[q];
        x->e[q] = (key_entry){raw, len, q};
        char *dec = memchr(raw, '\\', len) ? decode_key(raw, len) : NULL;
        if (dec) {
            x->decoded[x->ndecoded++] = dec;
            x->e[q].s = dec;
            x->e[q].len = strlen(dec);
        }
    }
    x->n = sk->n;
    qsort(x->e, x->n, sizeof *x->e, cmp_key_entry);
    return x;
}

/* Position of the last occurrence of key (the one json-c kept); none if absent. */
static size_t key_index_find(const key_index *x, const char *key, size_t none)
{
    key_entry want = {key, strlen(key), SIZE_MAX};
    size_t lo = 0, hi = x->n; /* first entry after every occurrence */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_key_entry(&x->e[mid], &want) <= 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0 || x->e[lo - 1].len != want.len || memcmp(x->e[lo - 1].s, key, want.len) != 0) {
        return none;
    }
    return x->e[lo - 1].at;
}

static void key_index_free(key_index *x)
{
    if (!x) {
        return;
    }
    for (size_t i = 0; i < x->ndecoded; i++) {
        mm_free(x->decoded[i]);
    }
    mm_free(x->decoded);
    mm_free(x->e);
    mm_free(x);
}

static mm_json *convert(mm_json_doc *d, json_object *o, const skel *sk)
{
    mm_json *j = mm_arena_alloc(d->arena, sizeof *j);
    memset(j, 0, sizeof *j);
    offset_to_linecol(d, sk->off, &j->line, &j->col);
    switch (json_object_get_type(o)) {
    case json_type_null:
        j->type = MM_JSON_NULL;
        break;
    case json_type_boolean:
        j->type = MM_JSON_BOOL;
        j->u.b = json_object_get_boolean(o);
        break;
    case json_type_int:
    case json_type_double:
        j->type = MM_JSON_NUMBER;
        j->u.num = json_object_get_double(o);
        /* json-c takes NaN and Infinity even when strict, and 1e400 becomes inf */
        if (!isfinite(j->u.num) && d->bad_number == SIZE_MAX) {
            d->bad_number = sk->off;
        }
        break;
    case json_type_string: {
        j->type = MM_JSON_STRING;
        size_t n = (size_t)json_object_get_string_len(o);
        if (d->bad_utf8 == SIZE_MAX && !mm_utf8_valid(json_object_get_string(o), n, NULL)) {
            d->bad_utf8 = sk->off;
        }
        j->u.str.s = mm_arena_strndup(d->arena, json_object_get_string(o), n);
        j->u.str.len = n;
        break;
    }
    case json_type_array: {
        j->type = MM_JSON_ARRAY;
        size_t n = json_object_array_length(o);
        const mm_json **items = mm_arena_array(d->arena, n ? n : 1, sizeof *items);
        for (size_t i = 0; i < n; i++) {
            static const skel none = {0};
            items[i] =
                convert(d, json_object_array_get_idx(o, i), i < sk->n ? &sk->kids[i] : &none);
        }
        j->u.arr.items = items;
        j->u.arr.n = n;
        break;
    }
    case json_type_object: {
        j->type = MM_JSON_OBJECT;
        size_t n = (size_t)json_object_object_length(o);
        mm_json_member *m = mm_arena_array(d->arena, n ? n : 1, sizeof *m);
        size_t k = 0;
        /* Without duplicate keys json-c keeps the members in document order;
         * with them, keys are looked up in a sorted index of the text's keys. */
        key_index *index = NULL;
        bool in_order = sk->n == n;
        json_object_object_foreach(o, key, val)
        {
            size_t at = sk->n;
            if (in_order && raw_key_equals(d->text + sk->key_off[k] + 1, sk->key_len[k], key)) {
                at = k;
            } else {
                in_order = false;
                if (!index) {
                    index = key_index_build(d, sk);
                }
                at = key_index_find(index, key, sk->n);
            }
            static const skel none = {0};
            if (d->bad_utf8 == SIZE_MAX && !mm_utf8_valid(key, strlen(key), NULL)) {
                d->bad_utf8 = at < sk->n ? sk->key_off[at] : sk->off;
            }
            m[k].key = mm_arena_strdup(d->arena, key);
            if (at < sk->n) {
                offset_to_linecol(d, sk->key_off[at], &m[k].line, &m[k].col);
            } else {
                m[k].line = j->line;
                m[k].col = j->col;
            }
            m[k].value = convert(d, val, at < sk->n ? &sk->kids[at] : &none);
            k++;
        }
        key_index_free(index);
        j->u.obj.members = m;
        j->u.obj.n = k;
        break;
    }
    }
    return j;
}

/* ---- public ---- */

static void quote_line(const mm_json_doc *d, int line, mm_error *err)
{
    if (line < 1 || (size_t)line > d->nlines || !d->text) {
        return;
    }
    size_t a = d->line_start[line - 1];
    size_t b = (size_t)line < d->nlines ? d->line_start[line] - 1 : d->len;
    while (b > a && (d->text[b - 1] == '\r' || d->text[b - 1] == '\n')) {
        b--;
    }
    mm_error_set_quote(err, d->text + a, b - a);
}

mm_status mm_json_error(const mm_json_doc *doc, int line, int col, mm_error *err, mm_status status,
                        const char *fmt, ...)
{
    if (!err || err->status != MM_OK) {
        return status;
    }
    char msg[MM_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mm_error_set(err, status, doc->path, line, col, __FILE__, __LINE__, "%s", msg);
    quote_line(doc, line, err);
    return status;
}

void mm_json_destroy(mm_json_doc *doc)
{
    if (!doc) {
        return;
    }
    mm_arena_destroy(doc->arena);
    mm_free(doc->path);
    mm_free(doc->line_start);
    mm_free(doc->owned_text);
    mm_free(doc);
}

mm_status mm_json_parse(const char *path, const char *text, size_t len, const mm_json_limits *lim,
                        mm_json_doc **out, mm_error *err)
{
    int depth = lim && lim->max_depth > 0 ? lim->max_depth : 64;
    size_t max_bytes = lim && lim->max_bytes ? lim->max_bytes : (size_t)256 << 20;
    if (len > max_bytes) {
        return MM_ERR(err, MM_E_LIMIT, path, 0, 0, "file is larger than %zu MiB", max_bytes >> 20);
    }
    if (len > (size_t)INT32_MAX) {
        return MM_ERR(err, MM_E_LIMIT, path, 0, 0, "file is larger than 2 GiB");
    }
    mm_json_doc *d = mm_calloc(1, sizeof *d);
    d->path = mm_strdup(path);
    d->owned_text = mm_strndup(text, len);
    d->text = text;
    d->len = len;
    index_lines(d);
    mm_status st = MM_OK;
    json_tokener *tok = json_tokener_new_ex(depth);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    /* An empty document is never valid JSON. */
    /* The terminating NUL (owned_text has one) tells json-c the text has
     * ended, so a bare top-level number is complete. */
    json_object *root = len ? json_tokener_parse_ex(tok, d->owned_text, (int)len + 1) : NULL;
    enum json_tokener_error jerr = len ? json_tokener_get_error(tok) : json_tokener_continue;
    size_t end = len ? json_tokener_get_parse_end(tok) : 0;
    if (jerr == json_tokener_continue || (jerr != json_tokener_success && end >= len)) {
        int line, col;
        offset_to_linecol(d, len, &line, &col);
        st = mm_json_error(d, line, col, err, MM_E_DATA, "unexpected end of the file (%s)",
                           len ? "an array, object or string is not closed" : "empty");
    } else if (jerr != json_tokener_success) {
        int line, col;
        size_t at = end < len ? end : len - 1;
        offset_to_linecol(d, at, &line, &col);
        if (jerr == json_tokener_error_depth) {
            st = mm_json_error(d, line, col, err, MM_E_LIMIT, "nested more than %d levels deep",
                               depth);
        } else {
            st = mm_json_error(d, line, col, err, MM_E_DATA, "invalid JSON: %s",
                               json_tokener_error_desc(jerr));
        }
    } else {
        /* nothing but white space may follow the value */
        size_t p = end;
        while (p < len &&
               (text[p] == ' ' || text[p] == '\t' || text[p] == '\n' || text[p] == '\r')) {
            p++;
        }
        if (p < len) {
            int line, col;
            offset_to_linecol(d, p, &line, &col);
            st = mm_json_error(d, line, col, err, MM_E_DATA,
                               "invalid JSON: unexpected text after the end of the document");
        }
    }
    if (st == MM_OK) {
        mm_arena *scratch = mm_arena_create(0);
        scanner sc = {.s = text, .len = len, .arena = scratch, .bad = SIZE_MAX};
        skel top;
        scan_value(&sc, &top);
        if (sc.bad != SIZE_MAX) {
            int line, col;
            offset_to_linecol(d, sc.bad, &line, &col);
            st = mm_json_error(d, line, col, err, MM_E_DATA,
                               "invalid JSON: strings must be in double quotes");
        } else {
            d->arena = mm_arena_create(0);
            d->bad_number = SIZE_MAX;
            d->bad_utf8 = SIZE_MAX;
            d->root = convert(d, root, &top);
            if (d->bad_utf8 != SIZE_MAX &&
                (d->bad_number == SIZE_MAX || d->bad_utf8 < d->bad_number)) {
                int line, col;
                offset_to_linecol(d, d->bad_utf8, &line, &col);
                st = mm_json_error(d, line, col, err, MM_E_DATA,
                                   "invalid JSON: a string that is not valid UTF-8");
            } else if (d->bad_number != SIZE_MAX) {
                int line, col;
                offset_to_linecol(d, d->bad_number, &line, &col);
                size_t n = 0;
                while (d->bad_number + n < len && n < 40 && text[d->bad_number + n] &&
                       strchr("+-.0123456789eEINafinty", text[d->bad_number + n])) {
                    n++;
                }
                st = mm_json_error(d, line, col, err, MM_E_DATA,
                                   "invalid JSON: the number %.*s is not finite (a number must "
                                   "be within +-1.8e308)",
                                   (int)n, text + d->bad_number);
            }
        }
        mm_arena_destroy(scratch);
    }
    json_object_put(root);
    json_tokener_free(tok);
    d->text = d->owned_text;
    if (st != MM_OK) {
        mm_json_destroy(d);
        return st;
    }
    *out = d;
    return MM_OK;
}

mm_status mm_json_load(const char *path, const mm_json_limits *lim, mm_json_doc **out,
                       mm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return MM_ERR(err, MM_E_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    }
    size_t max_bytes = lim && lim->max_bytes ? lim->max_bytes : (size_t)256 << 20;
    mm_buf b;
    mm_buf_init(&b);
    char chunk[65536];
    size_t got;
    mm_status st = MM_OK;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        mm_buf_append(&b, chunk, got);
        if (b.len > max_bytes) {
            st =
                MM_ERR(err, MM_E_LIMIT, path, 0, 0, "file is larger than %zu MiB", max_bytes >> 20);
            break;
        }
    }
    if (st == MM_OK && ferror(f)) {
        st = MM_ERR(err, MM_E_IO, path, 0, 0, "cannot read: %s", strerror(errno));
    }
    fclose(f);
    if (st == MM_OK) {
        st = mm_json_parse(path, b.data ? b.data : "", b.len, lim, out, err);
    }
    mm_buf_fini(&b);
    return st;
}

const mm_json *mm_json_root(const mm_json_doc *doc)
{
    return doc->root;
}

const char *mm_json_path(const mm_json_doc *doc)
{
    return doc->path;
}

const mm_json_member *mm_json_member_get(const mm_json *j, const char *key)
{
    if (!j || j->type != MM_JSON_OBJECT) {
        return NULL;
    }
    for (size_t i = 0; i < j->u.obj.n; i++) {
        if (!strcmp(j->u.obj.members[i].key, key)) {
            return &j->u.obj.members[i];
        }
    }
    return NULL;
}

const mm_json *mm_json_get(const mm_json *j, const char *key)
{
    const mm_json_member *m = mm_json_member_get(j, key);
    return m ? m->value : NULL;
}

const char *mm_json_type_name(mm_json_type t)
{
    switch (t) {
    case MM_JSON_NULL:
        return "null";
    case MM_JSON_BOOL:
        return "a boolean";
    case MM_JSON_NUMBER:
        return "a number";
    case MM_JSON_STRING:
        return "a string";
    case MM_JSON_ARRAY:
        return "an array";
    case MM_JSON_OBJECT:
        return "an object";
    }
    return "?";
}

static void write_string(const char *s, size_t n, mm_buf *out)
{
    mm_buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            mm_buf_putc(out, '\\');
            mm_buf_putc(out, (char)c);
        } else if (c < 0x20) {
            mm_buf_printf(out, "\\u%04x", c);
        } else {
            mm_buf_putc(out, (char)c);
        }
    }
    mm_buf_putc(out, '"');
}

void mm_json_write(const mm_json *j, mm_buf *out)
{
    switch (j->type) {
    case MM_JSON_NULL:
        mm_buf_puts(out, "null");
        break;
    case MM_JSON_BOOL:
        mm_buf_puts(out, j->u.b ? "true" : "false");
        break;
    case MM_JSON_NUMBER:
        mm_buf_printf(out, "%.17g", j->u.num);
        break;
    case MM_JSON_STRING:
        write_string(j->u.str.s, j->u.str.len, out);
        break;
    case MM_JSON_ARRAY:
        mm_buf_putc(out, '[');
        for (size_t i = 0; i < j->u.arr.n; i++) {
            if (i) {
                mm_buf_putc(out, ',');
            }
            mm_json_write(j->u.arr.items[i], out);
        }
        mm_buf_putc(out, ']');
        break;
    case MM_JSON_OBJECT:
        mm_buf_putc(out, '{');
        for (size_t i = 0; i < j->u.obj.n; i++) {
            if (i) {
                mm_buf_putc(out, ',');
            }
            write_string(j->u.obj.members[i].key, strlen(j->u.obj.members[i].key), out);
            mm_buf_putc(out, ':');
            mm_json_write(j->u.obj.members[i].value, out);
        }
        mm_buf_putc(out, '}');
        break;
    }
}
