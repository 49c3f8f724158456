/*
 * mem.h — allocation wrappers, overflow-checked array sizes, growable arrays,
 * a byte buffer and an arena. Part of core/: libc only. Allocation failure is
 * fatal (the wrappers abort, naming the size), so callers never test for NULL.
 */
#ifndef MALIMAP_MEM_H
#define MALIMAP_MEM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *mm_malloc(size_t n);
void *mm_calloc(size_t n, size_t size);
void *mm_realloc(void *p, size_t n);
/* n * size bytes, aborting if the product overflows. */
void *mm_array_alloc(size_t n, size_t size);
void *mm_array_realloc(void *p, size_t n, size_t size);
char *mm_strdup(const char *s);
char *mm_strndup(const char *s, size_t n);
void mm_free(void *p);

/* true (and *out untouched) if a*b overflows size_t. */
bool mm_mul_overflows(size_t a, size_t b, size_t *out);

/*
 * Makes room for at least `need` elements of `elem` bytes in *p, whose
 * capacity is *cap elements; grows geometrically. Returns the new pointer.
 */
void *mm_grow(void *p, size_t *cap, size_t need, size_t elem);

/* A growable NUL-terminated byte string; a value type (init/fini). */
typedef struct mm_buf {
    char *data;
    size_t len;
    size_t cap;
} mm_buf;

void mm_buf_init(mm_buf *b);
void mm_buf_fini(mm_buf *b);
void mm_buf_reset(mm_buf *b);
void mm_buf_append(mm_buf *b, const void *data, size_t n);
void mm_buf_puts(mm_buf *b, const char *s);
void mm_buf_putc(mm_buf *b, char c);
void mm_buf_printf(mm_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mm_buf_vprintf(mm_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Takes the data out of b (caller frees with mm_free) and leaves b empty. */
char *mm_buf_steal(mm_buf *b);

/*
 * A bump allocator for long-lived data that is freed all at once (geometry of
 * a dataset) or reset per frame. Allocations are 16-byte aligned.
 */
typedef struct mm_arena mm_arena;

/* Caller destroys with mm_arena_destroy(). chunk is a size hint (0 = 64 KiB). */
mm_arena *mm_arena_create(size_t chunk);
void mm_arena_destroy(mm_arena *a);
void *mm_arena_alloc(mm_arena *a, size_t n);
void *mm_arena_array(mm_arena *a, size_t n, size_t size);
char *mm_arena_strdup(mm_arena *a, const char *s);
char *mm_arena_strndup(mm_arena *a, const char *s, size_t n);
/* Frees everything allocated since creation but keeps the first chunk. */
void mm_arena_reset(mm_arena *a);
/* Bytes handed out (for tests and benchmarks). */
size_t mm_arena_used(const mm_arena *a);

#endif
