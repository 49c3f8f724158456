/*
 * names.c — the folded-name index: entries in an array sorted by key, keys
 * and texts in an arena. Part of core/: calls text folding and memory only.
 */
#include "malimap/names.h"

#include <stdlib.h>
#include <string.h>

#include "malimap/mem.h"
#include "malimap/text.h"

struct mm_names {
    mm_arena *arena;
    mm_name *items;
    size_t n;
    size_t cap;
    mm_buf fold; /* scratch for adding */
};

mm_names *mm_names_create(void)
{
    mm_names *n = mm_calloc(1, sizeof *n);
    n->arena = mm_arena_create(0);
    mm_buf_init(&n->fold);
    return n;
}

void mm_names_destroy(mm_names *n)
{
    if (!n) {
        return;
    }
    mm_buf_fini(&n->fold);
    mm_free(n->items);
    mm_arena_destroy(n->arena);
    mm_free(n);
}

bool mm_names_add(mm_names *n, const char *text, size_t len, uint32_t id, uint32_t alt)
{
    mm_buf_reset(&n->fold);
    mm_text_fold(text, len, &n->fold);
    if (n->fold.len == 0) {
        return false;
    }
    n->items = mm_grow(n->items, &n->cap, n->n + 1, sizeof *n->items);
    n->items[n->n++] = (mm_name){mm_arena_strndup(n->arena, n->fold.data, n->fold.len),
                                 mm_arena_strndup(n->arena, text, len), id, alt};
    return true;
}

void mm_names_remove_last(mm_names *n, uint32_t id)
{
    while (n->n > 0 && n->items[n->n - 1].id == id) {
        n->n--;
    }
}

static int cmp_name(const void *a, const void *b)
{
    const mm_name *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) {
        return c;
    }
    if (x->id != y->id) {
        return x->id < y->id ? -1 : 1;
    }
    return x->alt < y->alt ? -1 : x->alt > y->alt;
}

static int cmp_clash(const void *a, const void *b)
{
    const mm_name *x = &((const mm_name_clash *)a)->dropped;
    const mm_name *y = &((const mm_name_clash *)b)->dropped;
    if (x->id != y->id) {
        return x->id < y->id ? -1 : 1;
    }
    return x->alt < y->alt ? -1 : x->alt > y->alt;
}

size_t mm_names_build(mm_names *n, mm_name_clash **clashes)
{
    if (n->n > 1) {
        qsort(n->items, n->n, sizeof *n->items, cmp_name);
    }
    mm_name_clash *c = NULL;
    size_t nc = 0, cap = 0, w = 0;
    for (size_t r = 0; r < n->n; r++) {
        if (w > 0 && strcmp(n->items[w - 1].key, n->items[r].key) == 0) {
            if (n->items[w - 1].id != n->items[r].id) {
                c = mm_grow(c, &cap, nc + 1, sizeof *c);
                c[nc++] = (mm_name_clash){n->items[r], n->items[w - 1]};
            }
            continue;
        }
        n->items[w++] = n->items[r];
    }
    n->n = w;
    if (nc > 1) {
        qsort(c, nc, sizeof *c, cmp_clash);
    }
    *clashes = c;
    return nc;
}

bool mm_names_find(const mm_names *n, const char *name, size_t len, uint32_t *out)
{
    mm_buf fold;
    mm_buf_init(&fold);
    mm_text_fold(name, len, &fold);
    size_t lo = 0, hi = n->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(n->items[mid].key, fold.data) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    bool found = fold.len > 0 && lo < n->n && strcmp(n->items[lo].key, fold.data) == 0;
    if (found) {
        *out = n->items[lo].id;
    }
    mm_buf_fini(&fold);
    return found;
}

size_t mm_names_count(const mm_names *n)
{
    return n->n;
}

const mm_name *mm_names_get(const mm_names *n, size_t i)
{
    return &n->items[i];
}
