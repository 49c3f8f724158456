/*
 * webp.c — WebP written by hand: the lossless VP8L bitstream of a frame (RFC
 * 9649) and the RIFF container of an animation. A frame is straight ARGB,
 * parsed greedily (one step of lazy matching) into LZ77 copies found through
 * hash chains and the short 2-D distance codes (the pixel to the left, the
 * pixel above), colour-cache hits and literals, then written with five
 * length-limited canonical prefix codes. Part of out/: libc only.
 */
#include "malimap/webp.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    NUM_LITERALS = 256,
    NUM_LENGTH_CODES = 24,
    NUM_DIST_CODES = 40,
    NUM_PLANE_CODES = 120, /* distance codes 1..120 name nearby pixels */
    NUM_CL_CODES = 19,     /* the alphabet of the code that sends code lengths */
    MAX_BITS = 15,         /* longest prefix code */
    MAX_CL_BITS = 7,       /* longest code-length code (its lengths are sent in 3 bits) */
    MAX_COPY = 4096,       /* longest backward reference */
    MIN_COPY = 2,          /* shorter matches go out as literals */
    CACHE_BITS = 11,       /* colour cache of 2048 entries, the most the format allows */
    HASH_BITS = 18,
    WINDOW_BITS = 20, /* the hash chains remember this many pixels back at most */
    CHAIN = 32,       /* candidates tried per position */
    NICE = 128,       /* a match this long is taken without looking further */
};

/* Distance codes carry distance + 120 up to 2^20. */
#define MAX_DIST ((size_t)(1 << 20) - NUM_PLANE_CODES)
#define GREEN_SIZE (NUM_LITERALS + NUM_LENGTH_CODES + (1 << CACHE_BITS))

/* (dx, dy) of distance codes 1..120: the pixel dx to the left and dy rows up. */
static const signed char plane_codes[NUM_PLANE_CODES][2] = {
    {0, 1},  {1, 0},  {1, 1},  {-1, 1}, {0, 2},  {2, 0},  {1, 2},  {-1, 2}, {2, 1},  {-2, 1},
    {2, 2},  {-2, 2}, {0, 3},  {3, 0},  {1, 3},  {-1, 3}, {3, 1},  {-3, 1}, {2, 3},  {-2, 3},
    {3, 2},  {-3, 2}, {0, 4},  {4, 0},  {1, 4},  {-1, 4}, {4, 1},  {-4, 1}, {3, 3},  {-3, 3},
    {2, 4},  {-2, 4}, {4, 2},  {-4, 2}, {0, 5},  {3, 4},  {-3, 4}, {4, 3},  {-4, 3}, {5, 0},
    {1, 5},  {-1, 5}, {5, 1},  {-5, 1}, {2, 5},  {-2, 5}, {5, 2},  {-5, 2}, {4, 4},  {-4, 4},
    {3, 5},  {-3, 5}, {5, 3},  {-5, 3}, {0, 6},  {6, 0},  {1, 6},  {-1, 6}, {6, 1},  {-6, 1},
    {2, 6},  {-2, 6}, {6, 2},  {-6, 2}, {4, 5},  {-4, 5}, {5, 4},  {-5, 4}, {3, 6},  {-3, 6},
    {6, 3},  {-6, 3}, {0, 7},  {7, 0},  {1, 7},  {-1, 7}, {5, 5},  {-5, 5}, {7, 1},  {-7, 1},
    {4, 6},  {-4, 6}, {6, 4},  {-6, 4}, {2, 7},  {-2, 7}, {7, 2},  {-7, 2}, {3, 7},  {-3, 7},
    {7, 3},  {-7, 3}, {5, 6},  {-5, 6}, {6, 5},  {-6, 5}, {8, 0},  {4, 7},  {-4, 7}, {7, 4},
    {-7, 4}, {8, 1},  {8, 2},  {6, 6},  {-6, 6}, {8, 3},  {5, 7},  {-5, 7}, {7, 5},  {-7, 5},
    {8, 4},  {6, 7},  {-6, 7}, {7, 6},  {-7, 6}, {8, 5},  {7, 7},  {-7, 7}, {8, 6},  {8, 7},
};

/* The order in which the code-length code's own lengths are sent. */
static const unsigned char cl_order[NUM_CL_CODES] = {17, 18, 0, 1,  2,  3,  4,  5,  16, 6,
                                                     7,  8,  9, 10, 11, 12, 13, 14, 15};

/* ---- bits, least significant first ---- */

typedef struct bitw {
    mm_buf *out;
    uint64_t acc;
    int n;
} bitw;

static void put_bits(bitw *w, uint32_t v, int nbits)
{
    assert(nbits <= 32 && (nbits == 32 || v >> nbits == 0));
    w->acc |= (uint64_t)v << w->n;
    w->n += nbits;
    if (w->n >= 32) {
        unsigned char b[4] = {(unsigned char)w->acc, (unsigned char)(w->acc >> 8),
                              (unsigned char)(w->acc >> 16), (unsigned char)(w->acc >> 24)};
        mm_buf_append(w->out, b, 4);
        w->acc >>= 32;
        w->n -= 32;
    }
}

static void flush_bits(bitw *w)
{
    while (w->n > 0) {
        mm_buf_putc(w->out, (char)(w->acc & 0xff));
        w->acc >>= 8;
        w->n -= 8;
    }
    w->acc = 0;
    w->n = 0;
}

/* ---- canonical prefix codes ---- */

typedef struct huff {
    int n;          /* alphabet size */
    uint32_t *freq; /* n each */
    uint8_t *len;   /* code lengths as sent */
    uint8_t *bits;  /* bits written per symbol: len, or 0 for a code's only symbol */
    uint16_t *code; /* canonical codes, bit-reversed for writing least significant first */
} huff;

typedef struct leaf {
    uint64_t weight;
    int sym;
} leaf;

static int leaf_cmp(const void *a, const void *b)
{
    const leaf *x = a, *y = b;
    if (x->weight != y->weight) {
        return x->weight < y->weight ? -1 : 1;
    }
    return x->sym - y->sym;
}

/*
 * Huffman code lengths for the m leaves (sorted by weight): the two-queue
 * construction, then depths from the root down. Returns the longest.
 */
static int tree_depths(const leaf *leaves, int m, int *depth)
{
    int nodes = 2 * m - 1;
    uint64_t *weight = mm_array_alloc((size_t)nodes, sizeof *weight);
    int *parent = mm_array_alloc((size_t)nodes, sizeof *parent);
    for (int k = 0; k < m; k++) {
        weight[k] = leaves[k].weight;
    }
    int next_leaf = 0, next_inner = m;
    for (int made = m; made < nodes; made++) {
        int pick[2];
        for (int j = 0; j < 2; j++) {
            bool take_leaf =
                next_leaf < m && (next_inner >= made || weight[next_leaf] <= weight[next_inner]);
            pick[j] = take_leaf ? next_leaf++ : next_inner++;
        }
        weight[made] = weight[pick[0]] + weight[pick[1]];
        parent[pick[0]] = parent[pick[1]] = made;
    }
    int longest = 0;
    depth[nodes - 1] = 0;
    for (int k = nodes - 2; k >= 0; k--) {
        depth[k] = depth[parent[k]] + 1;
        if (depth[k] > longest) {
            longest = depth[k];
        }
    }
    mm_free(weight);
    mm_free(parent);
    return longest;
}

/*
 * Code lengths of at most limit bits for h->freq, then the canonical codes.
 * Lengths longer than the limit are avoided by raising the rarest symbols'
 * weights (doubling a floor) until the tree is shallow enough. A lone used
 * symbol gets length 1 and is written with no bits, as decoders expect.
 */
static void huff_build(huff *h, int limit)
{
    memset(h->len, 0, (size_t)h->n);
    memset(h->bits, 0, (size_t)h->n);
    memset(h->code, 0, (size_t)h->n * sizeof *h->code);
    leaf *leaves = mm_array_alloc((size_t)h->n, sizeof *leaves);
    int m = 0;
    for (int s = 0; s < h->n; s++) {
        if (h->freq[s]) {
            leaves[m++] = (leaf){h->freq[s], s};
        }
    }
    if (m == 1) {
        h->len[leaves[0].sym] = 1;
    } else if (m > 1) {
        int *depth = mm_array_alloc((size_t)(2 * m - 1), sizeof *depth);
        for (uint64_t floor = 1;; floor *= 2) {
            for (int k = 0; k < m; k++) {
                uint64_t f = h->freq[leaves[k].sym];
                leaves[k].weight = f < floor ? floor : f;
            }
            qsort(leaves, (size_t)m, sizeof *leaves, leaf_cmp);
            if (tree_depths(leaves, m, depth) <= limit) {
                break;
            }
        }
        for (int k = 0; k < m; k++) {
            h->len[leaves[k].sym] = (uint8_t)depth[k];
        }
        mm_free(depth);
        /* canonical codes, as in DEFLATE: shorter first, then by symbol */
        int count[MAX_BITS + 1] = {0};
        for (int s = 0; s < h->n; s++) {
            count[h->len[s]]++;
        }
        count[0] = 0;
        unsigned next[MAX_BITS + 1] = {0};
        unsigned c = 0;
        for (int b = 1; b <= MAX_BITS; b++) {
            c = (c + (unsigned)count[b - 1]) << 1;
            next[b] = c;
        }
        for (int s = 0; s < h->n; s++) {
            int b = h->len[s];
            if (b) {
                unsigned v = next[b]++, r = 0;
                for (int k = 0; k < b; k++) {
                    r = r << 1 | ((v >> k) & 1);
                }
                h->code[s] = (uint16_t)r;
                h->bits[s] = (uint8_t)b;
            }
        }
    }
    mm_free(leaves);
}

static void put_symbol(bitw *w, const huff *h, int s)
{
    put_bits(w, h->code[s], h->bits[s]);
}

/* A code length (0..15) or a repeat code (16..18) with its extra bits. */
typedef struct cl_token {
    uint8_t sym, extra;
} cl_token;

static int cl_extra_bits(int sym)
{
    return sym == 16 ? 2 : sym == 17 ? 3 : sym == 18 ? 7 : 0;
}

/* h->len run-length coded: 16 repeats the last non-zero length, 17 and 18 zeros. */
static int cl_tokens(const huff *h, cl_token *out)
{
    int nt = 0, prev = 8; /* 16 before any non-zero length repeats 8 */
    for (int i = 0; i < h->n;) {
        int v = h->len[i], run = 1;
        while (i + run < h->n && h->len[i + run] == v) {
            run++;
        }
        i += run;
        if (v == 0) {
            while (run >= 3) {
                int r = run > 138 ? 138 : run;
                if (r >= 11) {
                    out[nt++] = (cl_token){18, (uint8_t)(r - 11)};
                } else {
                    out[nt++] = (cl_token){17, (uint8_t)(r - 3)};
                }
                run -= r;
            }
        } else {
            if (v != prev) {
                out[nt++] = (cl_token){(uint8_t)v, 0};
                prev = v;
                run--;
            }
            while (run >= 3) {
                int r = run > 6 ? 6 : run;
                out[nt++] = (cl_token){16, (uint8_t)(r - 3)};
                run -= r;
            }
        }
        while (run-- > 0) {
            out[nt++] = (cl_token){(uint8_t)v, 0};
        }
    }
    return nt;
}

/* Sends h's code lengths: the simple form for one or two symbols below 256, else the normal one. */
static void put_code_lengths(bitw *w, const huff *h)
{
    int used[3], nused = 0;
    for (int s = 0; s < h->n && nused < 3; s++) {
        if (h->len[s]) {
            used[nused++] = s;
        }
    }
    if (nused == 0) {
        used[nused++] = 0; /* never read: any one symbol will do */
    }
    if (nused <= 2 && used[nused - 1] < NUM_LITERALS) {
        put_bits(w, 1, 1); /* simple */
        put_bits(w, (uint32_t)nused - 1, 1);
        bool wide = used[0] > 1;
        put_bits(w, wide, 1);
        put_bits(w, (uint32_t)used[0], wide ? 8 : 1);
        if (nused == 2) {
            put_bits(w, (uint32_t)used[1], 8);
        }
        return;
    }
    cl_token *tok = mm_array_alloc((size_t)h->n, sizeof *tok);
    int nt = cl_tokens(h, tok);
    uint32_t freq[NUM_CL_CODES] = {0};
    uint8_t len[NUM_CL_CODES], bits[NUM_CL_CODES];
    uint16_t code[NUM_CL_CODES];
    for (int k = 0; k < nt; k++) {
        freq[tok[k].sym]++;
    }
    huff cl = {NUM_CL_CODES, freq, len, bits, code};
    huff_build(&cl, MAX_CL_BITS);
    int ncl = NUM_CL_CODES;
    while (ncl > 4 && len[cl_order[ncl - 1]] == 0) {
        ncl--;
    }
    put_bits(w, 0, 1); /* normal */
    put_bits(w, (uint32_t)ncl - 4, 4);
    for (int k = 0; k < ncl; k++) {
        put_bits(w, len[cl_order[k]], 3);
    }
    put_bits(w, 0, 1); /* lengths for the whole alphabet follow */
    for (int k = 0; k < nt; k++) {
        put_symbol(w, &cl, tok[k].sym);
        put_bits(w, tok[k].extra, cl_extra_bits(tok[k].sym));
    }
    mm_free(tok);
}

/* ---- LZ77 parse ---- */

enum { GREEN, RED, BLUE, ALPHA, DIST, NUM_CODES };

typedef enum tok_kind { TOK_LITERAL, TOK_CACHE, TOK_COPY } tok_kind;

/* What the parse makes: tokens, and the symbol counts of the five codes. */
typedef struct parse {
    uint32_t *val; /* ARGB, cache index, or (length - 1) << 20 | (distance code - 1) */
    uint8_t *kind; /* tok_kind */
    size_t n;
    huff codes[NUM_CODES];
} parse;

/* A length or distance code value (1..) as its prefix symbol and extra bits. */
static int prefix_encode(uint32_t v, int *nextra, uint32_t *extra)
{
    uint32_t x = v - 1;
    if (x < 4) {
        *nextra = 0;
        *extra = 0;
        return (int)x;
    }
    int h = 2;
    while (x >> (h + 1)) {
        h++;
    }
    *nextra = h - 1;
    *extra = x & ((1u << (h - 1)) - 1);
    return 2 * h + (int)((x >> (h - 1)) & 1);
}

typedef struct matcher {
    const uint32_t *px;
    size_t n, width;
    uint8_t *plane; /* distance → smallest plane code naming it, 0 for none */
    size_t plane_max;
    int32_t *head; /* hash of two pixels → latest position, -1 for none */
    int32_t *prev; /* position (mod window) → previous one with the same hash */
    size_t wmask;
    uint32_t *cache;
    bool *cached;
} matcher;

static uint32_t hash2(uint32_t a, uint32_t b)
{
    return ((a * 0x1e35a7bdu) ^ (b * 0x9e3779b1u)) >> (32 - HASH_BITS);
}

static uint32_t cache_key(uint32_t argb)
{
    return (argb * 0x1e35a7bdu) >> (32 - CACHE_BITS);
}

static uint32_t dist_code(const matcher *m, size_t d)
{
    return d <= m->plane_max && m->plane[d] ? m->plane[d] : (uint32_t)(d + NUM_PLANE_CODES);
}

static void chain_insert(matcher *m, size_t i)
{
    if (i + 1 < m->n) {
        uint32_t h = hash2(m->px[i], m->px[i + 1]);
        m->prev[i & m->wmask] = m->head[h];
        m->head[h] = (int32_t)i;
    }
}

/* Every pixel goes into the cache once coded, as the decoder does. */
static void cache_add(matcher *m, uint32_t argb)
{
    uint32_t k = cache_key(argb);
    m->cache[k] = argb;
    m->cached[k] = true;
}

typedef struct match {
    size_t len;
    uint32_t code; /* distance code */
} match;

static void consider(const matcher *m, size_t i, size_t d, size_t max, match *best)
{
    const uint32_t *a = m->px + i, *b = a - d;
    if (best->len >= max || a[best->len] != b[best->len]) {
        return;
    }
    size_t len = 0;
    while (len < max && a[len] == b[len]) {
        len++;
    }
    if (len > best->len) {
        *best = (match){len, dist_code(m, d)};
    }
}

/* The longest match at i: the pixel above, the one to the left, then the hash chain. */
static match find_match(const matcher *m, size_t i)
{
    match best = {0, 0};
    size_t max = m->n - i < MAX_COPY ? m->n - i : MAX_COPY;
    if (max < MIN_COPY) {
        return best;
    }
    /* above first: on a tie its code (1) is cheaper than the left pixel's (2) */
    if (i >= m->width) {
        consider(m, i, m->width, max, &best);
    }
    if (i >= 1 && m->width > 1) {
        consider(m, i, 1, max, &best);
    }
    if (best.len >= NICE) {
        return best;
    }
    int32_t c = m->head[hash2(m->px[i], m->px[i + 1])];
    for (int steps = CHAIN; c >= 0 && steps > 0; steps--) {
        size_t d = i - (size_t)c;
        if (d > MAX_DIST || d > m->wmask) {
            break;
        }
        consider(m, i, d, max, &best);
        if (best.len >= NICE || best.len == max) {
            break;
        }
        c = m->prev[(size_t)c & m->wmask];
    }
    return best;
}

static void count_copy(parse *p, size_t len, uint32_t code)
{
    int nextra;
    uint32_t extra;
    p->codes[GREEN].freq[NUM_LITERALS + prefix_encode((uint32_t)len, &nextra, &extra)]++;
    p->codes[DIST].freq[prefix_encode(code, &nextra, &extra)]++;
    p->val[p->n] = (uint32_t)(len - 1) << 20 | (code - 1);
    p->kind[p->n++] = TOK_COPY;
}

static void count_pixel(parse *p, matcher *m, uint32_t argb)
{
    uint32_t k = cache_key(argb);
    bool hit = m->cached[k] && m->cache[k] == argb;
    cache_add(m, argb);
    if (hit) {
        p->codes[GREEN].freq[NUM_LITERALS + NUM_LENGTH_CODES + k]++;
        p->val[p->n] = k;
        p->kind[p->n++] = TOK_CACHE;
        return;
    }
    p->codes[GREEN].freq[(argb >> 8) & 0xff]++;
    p->codes[RED].freq[(argb >> 16) & 0xff]++;
    p->codes[BLUE].freq[argb & 0xff]++;
    p->codes[ALPHA].freq[argb >> 24]++;
    p->val[p->n] = argb;
    p->kind[p->n++] = TOK_LITERAL;
}

/*
 * Greedy LZ77 with one step of lazy matching: a match is put off for a
 * literal when the next position has one longer by two or more.
 */
static void lz77(const uint32_t *px, size_t width, size_t n, parse *p)
{
    matcher m = {.px = px, .n = n, .width = width};
    m.plane_max = 7 * width + 8;
    m.plane = mm_calloc(m.plane_max + 1, 1);
    for (int c = NUM_PLANE_CODES; c >= 1; c--) {
        long d = plane_codes[c - 1][0] + plane_codes[c - 1][1] * (long)width;
        m.plane[d < 1 ? 1 : d] = (uint8_t)c;
    }
    m.head = mm_array_alloc((size_t)1 << HASH_BITS, sizeof *m.head);
    memset(m.head, 0xff, ((size_t)1 << HASH_BITS) * sizeof *m.head);
    size_t window = 1;
    while (window < n && window < ((size_t)1 << WINDOW_BITS)) {
        window <<= 1;
    }
    m.wmask = window - 1;
    m.prev = mm_array_alloc(window, sizeof *m.prev);
    m.cache = mm_calloc((size_t)1 << CACHE_BITS, sizeof *m.cache);
    m.cached = mm_calloc((size_t)1 << CACHE_BITS, sizeof *m.cached);

    match cur = find_match(&m, 0);
    for (size_t i = 0; i < n;) {
        chain_insert(&m, i);
        if (cur.len >= MIN_COPY && cur.len < NICE && i + 1 < n) {
            match next = find_match(&m, i + 1);
            if (next.len > cur.len + 1) {
                count_pixel(p, &m, px[i]);
                i++;
                cur = next;
                continue;
            }
        }
        if (cur.len >= MIN_COPY) {
            count_copy(p, cur.len, cur.code);
            for (size_t k = 0; k < cur.len; k++) {
                cache_add(&m, px[i + k]);
                if (k) {
                    chain_insert(&m, i + k);
                }
            }
            i += cur.len;
        } else {
            count_pixel(p, &m, px[i]);
            i++;
        }
        if (i < n) {
            cur = find_match(&m, i);
        }
    }
    mm_free(m.plane);
    mm_free(m.head);
    mm_free(m.prev);
    mm_free(m.cache);
    mm_free(m.cached);
}

/* ---- a frame ---- */

static void put_pixels(bitw *w, const parse *p)
{
    const huff *c = p->codes;
    for (size_t k = 0; k < p->n; k++) {
        uint32_t v = p->val[k];
        if (p->kind[k] == TOK_LITERAL) {
            put_symbol(w, &c[GREEN], (v >> 8) & 0xff);
            put_symbol(w, &c[RED], (v >> 16) & 0xff);
            put_symbol(w, &c[BLUE], v & 0xff);
            put_symbol(w, &c[ALPHA], v >> 24);
        } else if (p->kind[k] == TOK_CACHE) {
            put_symbol(w, &c[GREEN], NUM_LITERALS + NUM_LENGTH_CODES + (int)v);
        } else {
            int nextra;
            uint32_t extra;
            int sym = prefix_encode((v >> 20) + 1, &nextra, &extra);
            put_symbol(w, &c[GREEN], NUM_LITERALS + sym);
            put_bits(w, extra, nextra);
            sym = prefix_encode((v & 0xfffff) + 1, &nextra, &extra);
            put_symbol(w, &c[DIST], sym);
            put_bits(w, extra, nextra);
        }
    }
}

mm_status mm_webp_vp8l(const mm_image *img, mm_buf *out, mm_error *err)
{
    if (img->width > MM_WEBP_MAX_SIDE || img->height > MM_WEBP_MAX_SIDE) {
        return MM_ERR(err, MM_E_LIMIT, NULL, 0, 0,
                      "a %dx%d image is too large for WebP: at most %d pixels a side", img->width,
                      img->height, MM_WEBP_MAX_SIDE);
    }
    assert(img->width > 0 && img->height > 0);
    size_t width = (size_t)img->width, n = width * (size_t)img->height;
    uint32_t *px = mm_array_alloc(n, sizeof *px);
    bool alpha = false;
    for (size_t y = 0; y < (size_t)img->height; y++) {
        const uint32_t *row = (const uint32_t *)((const char *)img->pixels + y * img->stride);
        uint32_t *dst = px + y * width;
        for (size_t x = 0; x < width; x++) {
            uint32_t s = mm_argb_straight(row[x]);
            alpha |= (s >> 24) != 0xff;
            /* subtract green: grey pixels (text, halos) keep only their green */
            uint32_t g = (s >> 8) & 0xff;
            dst[x] = (s & 0xff00ff00u) | ((((s >> 16) - g) & 0xff) << 16) | ((s - g) & 0xff);
        }
    }
    static const int sizes[NUM_CODES] = {GREEN_SIZE, 256, 256, 256, NUM_DIST_CODES};
    parse p = {.val = mm_array_alloc(n, sizeof *p.val), .kind = mm_array_alloc(n, 1)};
    for (int c = 0; c < NUM_CODES; c++) {
        huff *h = &p.codes[c];
        h->n = sizes[c];
        h->freq = mm_calloc((size_t)h->n, sizeof *h->freq);
        h->len = mm_malloc((size_t)h->n);
        h->bits = mm_malloc((size_t)h->n);
        h->code = mm_array_alloc((size_t)h->n, sizeof *h->code);
    }
    lz77(px, width, n, &p);
    mm_free(px);

    bitw w = {.out = out};
    mm_buf_putc(out, 0x2f); /* signature */
    put_bits(&w, (uint32_t)img->width - 1, 14);
    put_bits(&w, (uint32_t)img->height - 1, 14);
    put_bits(&w, alpha, 1);
    put_bits(&w, 0, 3); /* version */
    put_bits(&w, 1, 1); /* a transform: */
    put_bits(&w, 2, 2); /* subtract green */
    put_bits(&w, 0, 1); /* no more transforms */
    put_bits(&w, 1, 1); /* a colour cache */
    put_bits(&w, CACHE_BITS, 4);
    put_bits(&w, 0, 1); /* one set of prefix codes for the whole image */
    for (int c = 0; c < NUM_CODES; c++) {
        huff_build(&p.codes[c], MAX_BITS);
        put_code_lengths(&w, &p.codes[c]);
    }
    put_pixels(&w, &p);
    flush_bits(&w);
    for (int c = 0; c < NUM_CODES; c++) {
        mm_free(p.codes[c].freq);
        mm_free(p.codes[c].len);
        mm_free(p.codes[c].bits);
        mm_free(p.codes[c].code);
    }
    mm_free(p.val);
    mm_free(p.kind);
    return MM_OK;
}

/* ---- the container ---- */

/* A frame is a 7-byte header (x / 2 and y / 2 of its rectangle in 24 bits,
 * the ANMF flags byte), then its VP8L bitstream. */
enum { FRAME_HEAD = 7, BLEND = 0x00, NO_BLEND = 0x02 };

mm_status mm_webp_frame(const mm_image *img, const mm_image *prev, mm_buf *out, mm_error *err)
{
    int box[4] = {0, 0, img->width, img->height};
    if (prev && !mm_image_changed_box(img, prev, box)) {
        box[2] = box[0] + 1; /* nothing changed: one transparent pixel */
        box[3] = box[1] + 1;
    }
    box[0] &= ~1; /* frames start on even coordinates */
    box[1] &= ~1;
    mm_image part;
    bool keeps;
    mm_image_crop_changes(img, prev, box, &part, &keeps);
    size_t at = out->len;
    unsigned char head[FRAME_HEAD] = {
        (unsigned char)(box[0] / 2),       (unsigned char)(box[0] / 2 >> 8),
        (unsigned char)(box[0] / 2 >> 16), (unsigned char)(box[1] / 2),
        (unsigned char)(box[1] / 2 >> 8),  (unsigned char)(box[1] / 2 >> 16),
        keeps ? BLEND : NO_BLEND};
    mm_buf_append(out, head, sizeof head);
    mm_status st = mm_webp_vp8l(&part, out, err);
    if (st != MM_OK) {
        out->len = at;
    }
    mm_image_fini(&part);
    return st;
}

/* The size and alpha bit a VP8L bitstream declares. */
static void vp8l_header(const char *v, uint32_t *w, uint32_t *h, bool *alpha)
{
    const unsigned char *u = (const unsigned char *)v;
    uint32_t b = u[1] | (uint32_t)u[2] << 8 | (uint32_t)u[3] << 16 | (uint32_t)u[4] << 24;
    *w = (b & 0x3fff) + 1;
    *h = ((b >> 14) & 0x3fff) + 1;
    *alpha = (b >> 28) & 1;
}

static void put_le(mm_buf *out, uint32_t v, int nbytes)
{
    for (int k = 0; k < nbytes; k++) {
        mm_buf_putc(out, (char)((v >> (8 * k)) & 0xff));
    }
}

static void put_chunk(mm_buf *out, const char *fourcc, uint32_t size)
{
    mm_buf_append(out, fourcc, 4);
    put_le(out, size, 4);
}

mm_status mm_webp_write(int width, int height, const mm_buf *frames, size_t n, int delay_ms,
                        mm_buf *out, mm_error *err)
{
    assert(width > 0 && height > 0 && width <= MM_WEBP_MAX_SIDE && height <= MM_WEBP_MAX_SIDE);
    /* RIFF sizes are 32 bits, and the file size field counts from "WEBP" */
    const uint64_t riff_max = 0xfffffff6u;
    uint64_t riff = 4 + (8 + 10) + (8 + 6);
    bool alpha = false;
    for (size_t k = 0; k < n; k++) {
        assert(frames[k].len > FRAME_HEAD + 5);
        uint64_t len = frames[k].len - FRAME_HEAD;
        riff += 8 + 16 + 8 + len + (len & 1);
        uint32_t w, h;
        bool a;
        vp8l_header(frames[k].data + FRAME_HEAD, &w, &h, &a);
        alpha |= a; /* any frame with alpha, blended or not (webpinfo insists) */
        if (riff > riff_max) {
            return MM_ERR(err, MM_E_LIMIT, NULL, 0, 0,
                          "the animation would be over 4 GiB, more than WebP can hold: draw "
                          "fewer frames or smaller ones");
        }
    }
    uint32_t duration = delay_ms < 0 ? 0 : delay_ms > 0xffffff ? 0xffffff : (uint32_t)delay_ms;
    mm_buf_puts(out, "RIFF");
    put_le(out, (uint32_t)riff, 4);
    mm_buf_puts(out, "WEBP");
    put_chunk(out, "VP8X", 10);
    mm_buf_putc(out, (char)(0x02 | (alpha ? 0x10 : 0))); /* animation, alpha */
    put_le(out, 0, 3);
    put_le(out, (uint32_t)width - 1, 3);
    put_le(out, (uint32_t)height - 1, 3);
    put_chunk(out, "ANIM", 6);
    put_le(out, 0xffffffffu, 4); /* background: opaque white */
    put_le(out, 0, 2);           /* loop forever */
    for (size_t k = 0; k < n; k++) {
        const char *f = frames[k].data;
        uint32_t len = (uint32_t)(frames[k].len - FRAME_HEAD), pad = len & 1;
        uint32_t w, h;
        bool a;
        vp8l_header(f + FRAME_HEAD, &w, &h, &a);
        put_chunk(out, "ANMF", 16 + 8 + len + pad);
        mm_buf_append(out, f, 6); /* x / 2, y / 2 */
        put_le(out, w - 1, 3);
        put_le(out, h - 1, 3);
        put_le(out, duration, 3);
        mm_buf_putc(out, f[6]); /* blend or not; never disposed */
        put_chunk(out, "VP8L", len);
        mm_buf_append(out, f + FRAME_HEAD, len);
        if (pad) {
            mm_buf_putc(out, 0);
        }
    }
    return MM_OK;
}
