/*
 * mem.c — allocation wrappers (abort on exhaustion, naming the size), overflow
 * checks, growable arrays, byte buffers and arenas. Part of core/: libc only.
 */
#include "malimap/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
    /* Not an input error: the machine is out of memory. Report and stop. */
    fprintf(stderr, "malimap: fatal: out of memory allocating %zu bytes\n", n);
    abort();
}

void *mm_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        out_of_memory(n);
    }
    return p;
}

void *mm_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        size_t total;
        out_of_memory(mm_mul_overflows(n, size, &total) ? SIZE_MAX : total);
    }
    return p;
}

void *mm_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        out_of_memory(n);
    }
    return q;
}

bool mm_mul_overflows(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a) {
        return true;
    }
    *out = a * b;
    return false;
}

void *mm_array_alloc(size_t n, size_t size)
{
    size_t total;
    if (mm_mul_overflows(n, size, &total)) {
        out_of_memory(SIZE_MAX);
    }
    return mm_malloc(total);
}

void *mm_array_realloc(void *p, size_t n, size_t size)
{
    size_t total;
    if (mm_mul_overflows(n, size, &total)) {
        out_of_memory(SIZE_MAX);
    }
    return mm_realloc(p, total);
}

char *mm_strdup(const char *s)
{
    return mm_strndup(s, strlen(s));
}

char *mm_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = mm_malloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void mm_free(void *p)
{
    free(p);
}

void *mm_grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) {
        return p;
    }
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2) {
            n = need;
            break;
        }
        n *= 2;
    }
    p = mm_array_realloc(p, n, elem);
    *cap = n;
    return p;
}

/* ---- byte buffer ---- */

void mm_buf_init(mm_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void mm_buf_fini(mm_buf *b)
{
    if (!b) {
        return;
    }
    mm_free(b->data);
    mm_buf_init(b);
}

void mm_buf_reset(mm_buf *b)
{
    b->len = 0;
    if (b->data) {
        b->data[0] = '\0';
    }
}

static void buf_reserve(mm_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1) {
        out_of_memory(SIZE_MAX);
    }
    b->data = mm_grow(b->data, &b->cap, b->len + extra + 1, 1);
}

void mm_buf_append(mm_buf *b, const void *data, size_t n)
{
    buf_reserve(b, n);
    if (n) {
        memcpy(b->data + b->len, data, n);
    }
    b->len += n;
    b->data[b->len] = '\0';
}

void mm_buf_puts(mm_buf *b, const char *s)
{
    mm_buf_append(b, s, strlen(s));
}

void mm_buf_putc(mm_buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void mm_buf_vprintf(mm_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        return;
    }
    if ((size_t)n < sizeof small) {
        mm_buf_append(b, small, (size_t)n);
        return;
    }
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void mm_buf_printf(mm_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mm_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *mm_buf_steal(mm_buf *b)
{
    char *d = b->data;
    if (!d) {
        d = mm_strdup("");
    }
    mm_buf_init(b);
    return d;
}

/* ---- arena ---- */

typedef struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    max_align_t data[];
} chunk;

struct mm_arena {
    chunk *head;
    size_t chunk_size;
    size_t used;
};

static chunk *chunk_new(size_t size)
{
    chunk *c = mm_malloc(sizeof(chunk) + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

mm_arena *mm_arena_create(size_t chunk_size)
{
    mm_arena *a = mm_malloc(sizeof *a);
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    a->head = chunk_new(a->chunk_size);
    a->used = 0;
    return a;
}

void mm_arena_destroy(mm_arena *a)
{
    if (!a) {
        return;
    }
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        mm_free(c);
        c = next;
    }
    mm_free(a);
}

void *mm_arena_alloc(mm_arena *a, size_t n)
{
    if (n > SIZE_MAX - 32) {
        out_of_memory(n);
    }
    n = (n + 15) & ~(size_t)15;
    chunk *c = a->head;
    if (c->size - c->used < n) {
        size_t size = n > a->chunk_size / 4 ? n : a->chunk_size;
        chunk *fresh = chunk_new(size);
        if (size == n) {
            /* A big block gets its own chunk behind the current one, so the
             * remaining space of the current chunk is not wasted. */
            fresh->next = c->next;
            c->next = fresh;
            fresh->used = n;
            a->used += n;
            return fresh->data;
        }
        fresh->next = c;
        a->head = fresh;
        c = fresh;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    a->used += n;
    return p;
}

void *mm_arena_array(mm_arena *a, size_t n, size_t size)
{
    size_t total;
    if (mm_mul_overflows(n, size, &total)) {
        out_of_memory(SIZE_MAX);
    }
    return mm_arena_alloc(a, total);
}

char *mm_arena_strndup(mm_arena *a, const char *s, size_t n)
{
    char *d = mm_arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *mm_arena_strdup(mm_arena *a, const char *s)
{
    return mm_arena_strndup(a, s, strlen(s));
}

void mm_arena_reset(mm_arena *a)
{
    /* Keep one chunk of the standard size; free the rest. */
    chunk *keep = NULL;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        if (!keep && c->size == a->chunk_size) {
            keep = c;
        } else {
            mm_free(c);
        }
        c = next;
    }
    if (!keep) {
        keep = chunk_new(a->chunk_size);
    }
    keep->next = NULL;
    keep->used = 0;
    a->head = keep;
    a->used = 0;
}

size_t mm_arena_used(const mm_arena *a)
{
    return a->used;
}
