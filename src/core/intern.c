/*
 * intern.c — the string table: an open-addressing hash index (linear probing,
 * power-of-two size, at most half full) over ids, ids naming packed strings.
 * Part of core/: libc only (through mem.h).
 */
#include "malimap/intern.h"

#include <string.h>

#include "malimap/mem.h"

enum { BLOCK = 1 << 20, FIRST_SLOTS = 64 };

#define EMPTY_SLOT UINT32_MAX

/* A block of packed strings; blocks form a list, newest first. */
typedef struct block {
    struct block *next;
    size_t size;
    size_t used;
    char data[];
} block;

typedef struct entry {
    const char *s;
    uint32_t len;
    uint32_t hash;
} entry;

struct mm_intern {
    block *blocks;
    size_t block_bytes;
    entry *entries; /* by id */
    size_t n;
    size_t cap;
    uint32_t *slots; /* ids, EMPTY_SLOT when free */
    size_t nslots;   /* power of two */
};

/* FNV-1a: short keys, good enough spread, no alignment requirements. */
static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static char *store(mm_intern *in, const char *s, size_t len)
{
    block *b = in->blocks;
    if (!b || b->size - b->used < len + 1) {
        size_t size = len + 1 > BLOCK / 4 ? len + 1 : BLOCK;
        block *fresh = mm_malloc(sizeof(block) + size);
        fresh->size = size;
        fresh->used = 0;
        if (b && size != BLOCK) {
            /* An outsized string gets its own block behind the current one. */
            fresh->next = b->next;
            b->next = fresh;
        } else {
            fresh->next = b;
            in->blocks = fresh;
        }
        in->block_bytes += sizeof(block) + size;
        b = fresh;
    }
    char *d = b->data + b->used;
    memcpy(d, s, len);
    d[len] = '\0';
    b->used += len + 1;
    return d;
}

static void rehash(mm_intern *in, size_t nslots)
{
    mm_free(in->slots);
    in->slots = mm_array_alloc(nslots, sizeof *in->slots);
    memset(in->slots, 0xff, nslots * sizeof *in->slots);
    in->nslots = nslots;
    for (size_t id = 0; id < in->n; id++) {
        size_t i = in->entries[id].hash & (nslots - 1);
        while (in->slots[i] != EMPTY_SLOT) {
            i = (i + 1) & (nslots - 1);
        }
        in->slots[i] = (uint32_t)id;
    }
}

static uint32_t append(mm_intern *in, const char *s, size_t len, uint32_t h)
{
    in->entries = mm_grow(in->entries, &in->cap, in->n + 1, sizeof *in->entries);
    in->entries[in->n] = (entry){store(in, s, len), (uint32_t)len, h};
    return (uint32_t)in->n++;
}

mm_intern *mm_intern_create(void)
{
    mm_intern *in = mm_calloc(1, sizeof *in);
    append(in, "", 0, hash_bytes("", 0));
    rehash(in, FIRST_SLOTS);
    return in;
}

void mm_intern_destroy(mm_intern *in)
{
    if (!in) {
        return;
    }
    block *b = in->blocks;
    while (b) {
        block *next = b->next;
        mm_free(b);
        b = next;
    }
    mm_free(in->entries);
    mm_free(in->slots);
    mm_free(in);
}

/* The slot holding s, or the free slot where it would go. */
static size_t probe(const mm_intern *in, const char *s, size_t len, uint32_t h)
{
    size_t mask = in->nslots - 1;
    size_t i = h & mask;
    for (;;) {
        uint32_t id = in->slots[i];
        if (id == EMPTY_SLOT) {
            return i;
        }
        const entry *e = &in->entries[id];
        if (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0) {
            return i;
        }
        i = (i + 1) & mask;
    }
}

uint32_t mm_intern_add(mm_intern *in, const char *s, size_t len)
{
    if (len == 0) {
        return 0;
    }
    uint32_t h = hash_bytes(s, len);
    size_t i = probe(in, s, len, h);
    if (in->slots[i] != EMPTY_SLOT) {
        return in->slots[i];
    }
    uint32_t id = append(in, s, len, h);
    if (2 * in->n > in->nslots) {
        rehash(in, in->nslots * 2);
    } else {
        in->slots[i] = id;
    }
    return id;
}

bool mm_intern_find(const mm_intern *in, const char *s, size_t len, uint32_t *out)
{
    uint32_t h = hash_bytes(s, len);
    size_t i = probe(in, s, len, h);
    if (in->slots[i] == EMPTY_SLOT) {
        return false;
    }
    *out = in->slots[i];
    return true;
}

const char *mm_intern_str(const mm_intern *in, uint32_t id)
{
    return in->entries[id].s;
}

size_t mm_intern_len(const mm_intern *in, uint32_t id)
{
    return in->entries[id].len;
}

size_t mm_intern_count(const mm_intern *in)
{
    return in->n;
}

const char *mm_intern_copy(mm_intern *in, const char *s, size_t len)
{
    if (len == 0) {
        return in->entries[0].s;
    }
    return store(in, s, len);
}

size_t mm_intern_bytes(const mm_intern *in)
{
    return in->block_bytes + in->cap * sizeof *in->entries + in->nslots * sizeof *in->slots;
}
