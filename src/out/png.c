/*
 * png.c — PNG encoding with libpng. Part of out/: the only file that
 * includes <png.h>. Converts cairo's premultiplied ARGB to straight RGB(A)
 * row by row, so no second full-size buffer is needed. Palette PNGs keep
 * every colour when there are at most 256; otherwise the flat colours stay
 * exact and median cut shares the other slots among the rest (anti-aliased
 * edges), each pixel taking its nearest palette colour, without dithering.
 * Truecolour image data is deflated by zlib here rather than row by row in
 * libpng, in pieces that do not refer to each other: two halves of a single
 * image on two threads, or, with a cache (frames), bands of 16 rows so that an
 * unchanged band keeps its bytes. The IDAT chunks are then written through
 * libpng's png_write_chunk; palettes go through libpng's own rows.
 */
#include "malimap/png.h"

#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

enum { DEFAULT_LEVEL = 5 }; /* zlib level when the caller leaves it to the writer */

typedef struct sink {
    mm_buf *out;
    char msg[256];
} sink;

static void on_write(png_structp png, png_bytep data, png_size_t len)
{
    sink *s = png_get_io_ptr(png);
    mm_buf_append(s->out, data, len);
}

static void on_flush(png_structp png)
{
    (void)png;
}

static void on_error(png_structp png, png_const_charp msg)
{
    sink *s = png_get_error_ptr(png);
    snprintf(s->msg, sizeof s->msg, "%s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Every alpha byte 255: the AND of a row's pixels, eight at a time in four
 * 64-bit lanes (a test per pixel took 8.4% of a frame's time, this 3.0%). */
static bool is_opaque(const mm_image *img)
{
    const uint64_t alpha = 0xff000000ff000000u;
    for (int y = 0; y < img->height; y++) {
        const uint32_t *row =
            (const uint32_t *)((const char *)img->pixels + (size_t)y * img->stride);
        uint64_t all[4] = {UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX};
        int x = 0;
        for (; x + 8 <= img->width; x += 8) {
            uint64_t w[4];
            memcpy(w, row + x, sizeof w);
            all[0] &= w[0];
            all[1] &= w[1];
            all[2] &= w[2];
            all[3] &= w[3];
        }
        uint64_t acc = all[0] & all[1] & all[2] & all[3];
        for (; x < img->width; x++) {
            acc &= (uint64_t)row[x] << 32 | row[x];
        }
        if ((acc & alpha) != alpha) {
            return false;
        }
    }
    return true;
}

static bool is_ascii(const char *s)
{
    for (; *s; s++) {
        if ((unsigned char)*s >= 0x80) {
            return false;
        }
    }
    return true;
}

static void convert_row(const uint32_t *src, unsigned char *dst, int width, bool alpha)
{
    for (int x = 0; x < width; x++) {
        uint32_t p = src[x];
        unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (alpha) {
            if (a != 0 && a != 255) {
                /* un-premultiply with rounding */
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            *dst++ = (unsigned char)r;
            *dst++ = (unsigned char)g;
            *dst++ = (unsigned char)b;
            *dst++ = (unsigned char)a;
        } else {
            *dst++ = (unsigned char)r;
            *dst++ = (unsigned char)g;
            *dst++ = (unsigned char)b;
        }
    }
}

/* A pixel as straight (not premultiplied) RGBA packed R<<24 | G<<16 | B<<8 | A. */
static uint32_t straight(uint32_t p)
{
    uint32_t s = mm_argb_straight(p);
    return s << 8 | s >> 24;
}

/* ---- the colours of an image: an open-addressing table, colour → count, index ---- */

typedef struct hist_entry {
    uint32_t rgba;
    uint32_t count; /* 0: empty slot */
    int index;      /* palette index */
} hist_entry;

typedef struct hist {
    hist_entry *slots;
    size_t cap; /* a power of two */
    size_t n;
} hist;

static size_t hist_slot(const hist *h, uint32_t rgba)
{
    size_t i = (size_t)(rgba * 2654435761u) & (h->cap - 1);
    while (h->slots[i].count && h->slots[i].rgba != rgba) {
        i = (i + 1) & (h->cap - 1);
    }
    return i;
}

static void hist_add(hist *h, uint32_t rgba)
{
    if (2 * (h->n + 1) > h->cap) {
        hist old = *h;
        h->cap = old.cap ? old.cap * 2 : 1024;
        h->slots = mm_array_alloc(h->cap, sizeof *h->slots);
        memset(h->slots, 0, h->cap * sizeof *h->slots);
        for (size_t i = 0; i < old.cap; i++) {
            if (old.slots[i].count) {
                h->slots[hist_slot(h, old.slots[i].rgba)] = old.slots[i];
            }
        }
        mm_free(old.slots);
    }
    hist_entry *e = &h->slots[hist_slot(h, rgba)];
    if (!e->count) {
        e->rgba = rgba;
        h->n++;
    }
    e->count++;
}

static const hist_entry *hist_find(const hist *h, uint32_t rgba)
{
    return &h->slots[hist_slot(h, rgba)];
}

static int channel(uint32_t rgba, int c)
{
    return (int)(rgba >> (24 - 8 * c)) & 0xff;
}

static int by_count_desc(const void *a, const void *b)
{
    const hist_entry *x = *(const hist_entry *const *)a, *y = *(const hist_entry *const *)b;
    return x->count != y->count ? (x->count < y->count ? 1 : -1)
                                : (x->rgba < y->rgba ? -1 : x->rgba > y->rgba);
}

/* Orders n entries by one channel: a counting sort (stable, no shared state). */
static void sort_by_channel(hist_entry **e, size_t n, int c)
{
    size_t start[257] = {0};
    for (size_t i = 0; i < n; i++) {
        start[channel(e[i]->rgba, c) + 1]++;
    }
    for (int v = 0; v < 256; v++) {
        start[v + 1] += start[v];
    }
    hist_entry **tmp = mm_array_alloc(n, sizeof *tmp);
    for (size_t i = 0; i < n; i++) {
        tmp[start[channel(e[i]->rgba, c)]++] = e[i];
    }
    memcpy(e, tmp, n * sizeof *e);
    mm_free(tmp);
}

typedef struct box {
    size_t first, n; /* a run of the sorted entries */
    int range, axis; /* the widest channel and its range */
    double pop;
} box;

static void box_measure(box *b, hist_entry **e)
{
    int lo[4] = {255, 255, 255, 255}, hi[4] = {0, 0, 0, 0};
    b->pop = 0;
    for (size_t i = b->first; i < b->first + b->n; i++) {
        for (int c = 0; c < 4; c++) {
            int v = channel(e[i]->rgba, c);
            lo[c] = v < lo[c] ? v : lo[c];
            hi[c] = v > hi[c] ? v : hi[c];
        }
        b->pop += e[i]->count;
    }
    b->range = -1;
    for (int c = 0; c < 4; c++) {
        if (hi[c] - lo[c] > b->range) {
            b->range = hi[c] - lo[c];
            b->axis = c;
        }
    }
}

static uint32_t box_mean(const box *b, hist_entry **e)
{
    double sum[4] = {0, 0, 0, 0};
    for (size_t i = b->first; i < b->first + b->n; i++) {
        for (int c = 0; c < 4; c++) {
            sum[c] += (double)channel(e[i]->rgba, c) * e[i]->count;
        }
    }
    uint32_t v = 0;
    for (int c = 0; c < 4; c++) {
        v = v << 8 | (uint32_t)(sum[c] / b->pop + 0.5);
    }
    return v;
}

static long distance2(uint32_t a, uint32_t b)
{
    long d = 0;
    for (int c = 0; c < 4; c++) {
        long k = channel(a, c) - channel(b, c);
        d += k * k;
    }
    return d;
}

/*
 * Chooses at most 256 colours for the image's histogram and sets each
 * entry's index. Colours that cover at least 1/1000 of the image (the flat
 * colours of a map) are kept exactly, up to 128 of them; median cut splits
 * the others into the remaining slots.
 */
static int choose_palette(hist *h, size_t npixels, uint32_t *pal)
{
    hist_entry **e = mm_array_alloc(h->n, sizeof *e);
    size_t n = 0;
    for (size_t i = 0; i < h->cap; i++) {
        if (h->slots[i].count) {
            e[n++] = &h->slots[i];
        }
    }
    qsort(e, n, sizeof *e, by_count_desc);
    int npal = 0;
    if (n <= 256) {
        for (size_t i = 0; i < n; i++) {
            e[i]->index = npal;
            pal[npal++] = e[i]->rgba;
        }
        mm_free(e);
        return npal;
    }
    size_t fixed = 0;
    while (fixed < n && fixed < 128 && e[fixed]->count * 1000.0 >= (double)npixels) {
        pal[npal++] = e[fixed]->rgba;
        fixed++;
    }
    box boxes[256];
    int nbox = 1;
    boxes[0] = (box){.first = fixed, .n = n - fixed};
    box_measure(&boxes[0], e);
    while (npal + nbox < 256) {
        int best = -1;
        double score = 0;
        for (int i = 0; i < nbox; i++) {
            double sc = boxes[i].range * boxes[i].pop;
            if (boxes[i].n > 1 && boxes[i].range > 0 && sc > score) {
                score = sc;
                best = i;
            }
        }
        if (best < 0) {
            break;
        }
        box *b = &boxes[best];
        sort_by_channel(e + b->first, b->n, b->axis);
        double half = b->pop / 2, acc = 0;
        size_t cut = 0;
        while (cut + 1 < b->n && acc + e[b->first + cut]->count < half) {
            acc += e[b->first + cut]->count;
            cut++;
        }
        cut = cut ? cut : 1;
        boxes[nbox] = (box){.first = b->first + cut, .n = b->n - cut};
        b->n = cut;
        box_measure(b, e);
        box_measure(&boxes[nbox], e);
        nbox++;
    }
    for (int i = 0; i < nbox; i++) {
        pal[npal++] = box_mean(&boxes[i], e);
    }
    /* every colour takes its nearest palette entry (the fixed ones themselves) */
    for (size_t i = 0; i < n; i++) {
        long best = -1;
        for (int k = 0; k < npal; k++) {
            long d = distance2(e[i]->rgba, pal[k]);
            if (best < 0 || d < best) {
                best = d;
                e[i]->index = k;
            }
        }
    }
    mm_free(e);
    return npal;
}

/* Bits per index for a palette of n colours: 1, 2, 4 or 8. */
static int index_depth(int n)
{
    return n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
}

static void palette_row(const uint32_t *src, const hist *h, unsigned char *dst, int width,
                        int depth)
{
    int per_byte = 8 / depth;
    memset(dst, 0, ((size_t)width * (size_t)depth + 7) / 8);
    for (int x = 0; x < width; x++) {
        unsigned idx = (unsigned)hist_find(h, straight(src[x]))->index;
        int shift = 8 - depth * (x % per_byte + 1);
        dst[x / per_byte] |= (unsigned char)(idx << shift);
    }
}

/* ---- truecolour in independent bands (mm_png_cache) ---- */

/* Rows a band: 97% of the bands of consecutive daily frames of the default
 * map are unchanged at 16 rows, 95% at 64; the restarts cost about 1% in size. */
enum { BAND_ROWS = 16 };

typedef struct band {
    uint32_t *pixels; /* the band's pixels when it was compressed, rows packed */
    unsigned char *z; /* its raw deflate blocks, ending byte-aligned (sync flush) */
    size_t zlen, zcap;
    uLong adler;  /* Adler-32 of its filtered rows */
    uLong rawlen; /* their length */
    bool valid;
} band;

struct mm_png_cache {
    int width, height;
    bool alpha;
    int level;
    size_t nbands;
    band *bands;
    z_stream zs;
    bool zs_ready;
    unsigned char *rows; /* one band's filtered rows */
    mm_buf idat;         /* the zlib stream of the image */
};

mm_png_cache *mm_png_cache_create(void)
{
    return mm_calloc(1, sizeof(mm_png_cache));
}

static void drop_bands(mm_png_cache *c)
{
    for (size_t i = 0; i < c->nbands; i++) {
        mm_free(c->bands[i].pixels);
        mm_free(c->bands[i].z);
    }
    mm_free(c->bands);
    mm_free(c->rows);
    c->bands = NULL;
    c->rows = NULL;
    c->nbands = 0;
}

void mm_png_cache_destroy(mm_png_cache *c)
{
    if (!c) {
        return;
    }
    drop_bands(c);
    if (c->zs_ready) {
        deflateEnd(&c->zs);
    }
    mm_buf_fini(&c->idat);
    mm_free(c);
}

/* Makes the cache fit this image and level; a change forgets every band. */
static mm_status cache_fit(mm_png_cache *c, const mm_image *img, bool alpha, int level,
                           mm_error *err)
{
    if (c->zs_ready && c->level != level) {
        deflateEnd(&c->zs);
        c->zs_ready = false;
    }
    if (!c->zs_ready) {
        memset(&c->zs, 0, sizeof c->zs);
        if (deflateInit2(&c->zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            return MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "cannot set up zlib for the PNG encoder");
        }
        c->zs_ready = true;
        c->level = level;
        drop_bands(c);
    }
    if (c->bands && (c->width != img->width || c->height != img->height || c->alpha != alpha)) {
        drop_bands(c);
    }
    if (!c->bands) {
        c->width = img->width;
        c->height = img->height;
        c->alpha = alpha;
        c->nbands = ((size_t)img->height + BAND_ROWS - 1) / BAND_ROWS;
        c->bands = mm_array_alloc(c->nbands, sizeof *c->bands);
        memset(c->bands, 0, c->nbands * sizeof *c->bands);
        c->rows = mm_array_alloc(BAND_ROWS, 1 + (size_t)img->width * (alpha ? 4 : 3));
    }
    return MM_OK;
}

static const uint32_t *image_row(const mm_image *img, int y)
{
    return (const uint32_t *)((const char *)img->pixels + (size_t)y * img->stride);
}

static bool band_unchanged(const band *b, const mm_image *img, int y0, int y1)
{
    if (!b->valid) {
        return false;
    }
    size_t rowbytes = (size_t)img->width * 4;
    for (int y = y0; y < y1; y++) {
        if (memcmp(image_row(img, y), (const char *)b->pixels + (size_t)(y - y0) * rowbytes,
                   rowbytes) != 0) {
            return false;
        }
    }
    return true;
}

/* Filters (type None) and deflates rows y0..y1 into b, on a fresh window. */
static mm_status compress_band(mm_png_cache *c, band *b, const mm_image *img, int y0, int y1,
                               mm_error *err)
{
    size_t rowbytes = (size_t)img->width * 4;
    size_t rawrow = 1 + (size_t)img->width * (c->alpha ? 4 : 3);
    size_t rawlen = rawrow * (size_t)(y1 - y0);
    if (!b->pixels) {
        b->pixels = mm_array_alloc(BAND_ROWS, rowbytes);
    }
    for (int y = y0; y < y1; y++) {
        unsigned char *dst = c->rows + (size_t)(y - y0) * rawrow;
        dst[0] = PNG_FILTER_VALUE_NONE;
        convert_row(image_row(img, y), dst + 1, img->width, c->alpha);
        memcpy((char *)b->pixels + (size_t)(y - y0) * rowbytes, image_row(img, y), rowbytes);
    }
    b->valid = false;
    b->rawlen = (uLong)rawlen;
    b->adler = adler32(adler32(0L, Z_NULL, 0), c->rows, (uInt)rawlen);
    size_t need = deflateBound(&c->zs, (uLong)rawlen) + 16;
    if (b->zcap < need) {
        mm_free(b->z);
        b->z = mm_malloc(need);
        b->zcap = need;
    }
    if (deflateReset(&c->zs) != Z_OK) {
        return MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "zlib failed in the PNG encoder");
    }
    c->zs.next_in = c->rows;
    c->zs.avail_in = (uInt)rawlen;
    c->zs.next_out = b->z;
    c->zs.avail_out = (uInt)b->zcap;
    int zst = deflate(&c->zs, Z_SYNC_FLUSH);
    if (zst != Z_OK || c->zs.avail_in != 0 || c->zs.avail_out == 0) {
        return MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "zlib failed in the PNG encoder");
    }
    b->zlen = b->zcap - c->zs.avail_out;
    b->valid = true;
    return MM_OK;
}

/* A zlib stream made of raw deflate pieces that each end byte-aligned: the
 * header, the pieces (by zpiece), an empty final block, the Adler-32 of all
 * the uncompressed data. */
static void stream_begin(mm_buf *z)
{
    static const unsigned char header[2] = {0x78, 0x01}; /* deflate, 32 KiB window */
    z->len = 0;
    mm_buf_append(z, header, sizeof header);
}

static void stream_end(mm_buf *z, uLong adler)
{
    static const unsigned char last[2] = {0x03, 0x00}; /* final empty fixed block */
    mm_buf_append(z, last, sizeof last);
    unsigned char tail[4] = {(unsigned char)(adler >> 24), (unsigned char)(adler >> 16),
                             (unsigned char)(adler >> 8), (unsigned char)adler};
    mm_buf_append(z, tail, sizeof tail);
}

/* The image data in c->idat, unchanged bands as they were. */
static mm_status encode_bands(mm_png_cache *c, const mm_image *img, mm_error *err)
{
    stream_begin(&c->idat);
    uLong adler = adler32(0L, Z_NULL, 0);
    for (size_t i = 0; i < c->nbands; i++) {
        band *b = &c->bands[i];
        int y0 = (int)i * BAND_ROWS;
        int y1 = y0 + BAND_ROWS < img->height ? y0 + BAND_ROWS : img->height;
        if (!band_unchanged(b, img, y0, y1)) {
            mm_status st = compress_band(c, b, img, y0, y1, err);
            if (st != MM_OK) {
                return st;
            }
        }
        mm_buf_append(&c->idat, b->z, b->zlen);
        adler = adler32_combine(adler, b->adler, (z_off_t)b->rawlen);
    }
    stream_end(&c->idat, adler);
    return MM_OK;
}

/* ---- one image in parts deflated at once ---- */

/*
 * A single image is deflated in two halves of rows by two threads, each
 * half a raw deflate stream on its own window: the 1600x1200 reference map
 * at level 5 in 11 ms instead of 21, 0.1% larger. Small images, or one core:
 * one part on this thread.
 */
enum { PART_MIN_ROWS = 256 };

typedef struct part {
    const mm_image *img;
    bool alpha;
    int level;
    int y0, y1;
    mm_buf z; /* raw deflate, ending byte-aligned */
    uLong adler, rawlen;
    bool ok;
} part;

static void *deflate_part(void *arg)
{
    part *p = arg;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, p->level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return NULL;
    }
    size_t rawrow = 1 + (size_t)p->img->width * (p->alpha ? 4 : 3);
    unsigned char *rows = mm_array_alloc(BAND_ROWS, rawrow);
    unsigned char out[64 * 1024];
    uLong adler = adler32(0L, Z_NULL, 0);
    bool ok = true;
    for (int y = p->y0; y < p->y1 && ok; y += BAND_ROWS) {
        int n = p->y1 - y < BAND_ROWS ? p->y1 - y : BAND_ROWS;
        for (int k = 0; k < n; k++) {
            unsigned char *dst = rows + (size_t)k * rawrow;
            dst[0] = PNG_FILTER_VALUE_NONE;
            convert_row(image_row(p->img, y + k), dst + 1, p->img->width, p->alpha);
        }
        uInt len = (uInt)(rawrow * (size_t)n);
        adler = adler32(adler, rows, len);
        p->rawlen += len;
        zs.next_in = rows;
        zs.avail_in = len;
        int flush = y + n >= p->y1 ? Z_SYNC_FLUSH : Z_NO_FLUSH;
        do {
            zs.next_out = out;
            zs.avail_out = sizeof out;
            if (deflate(&zs, flush) == Z_STREAM_ERROR) {
                ok = false;
                break;
            }
            mm_buf_append(&p->z, out, sizeof out - zs.avail_out);
        } while (zs.avail_out == 0);
    }
    deflateEnd(&zs);
    mm_free(rows);
    p->adler = adler;
    p->ok = ok;
    return NULL;
}

static mm_status encode_parts(const mm_image *img, bool alpha, int level, mm_buf *z, mm_error *err)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int nparts = cores >= 2 && img->height >= 2 * PART_MIN_ROWS ? 2 : 1;
    part parts[2];
    memset(parts, 0, sizeof parts);
    for (int k = 0; k < nparts; k++) {
        parts[k] = (part){.img = img,
                          .alpha = alpha,
                          .level = level,
                          .y0 = img->height * k / nparts,
                          .y1 = img->height * (k + 1) / nparts};
        mm_buf_init(&parts[k].z);
    }
    pthread_t t;
    bool threaded = nparts == 2 && pthread_create(&t, NULL, deflate_part, &parts[1]) == 0;
    deflate_part(&parts[0]);
    if (threaded) {
        pthread_join(t, NULL);
    } else if (nparts == 2) {
        deflate_part(&parts[1]);
    }
    stream_begin(z);
    uLong adler = adler32(0L, Z_NULL, 0);
    bool ok = true;
    for (int k = 0; k < nparts; k++) {
        ok &= parts[k].ok;
        mm_buf_append(z, parts[k].z.data, parts[k].z.len);
        adler = adler32_combine(adler, parts[k].adler, (z_off_t)parts[k].rawlen);
        mm_buf_fini(&parts[k].z);
    }
    stream_end(z, adler);
    return ok ? MM_OK : MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "zlib failed in the PNG encoder");
}

/* Writes a zlib stream as IDAT chunks of at most 1 MiB, then IEND. */
static void write_idat(png_structp png, const mm_buf *z)
{
    static const png_byte idat[5] = "IDAT", iend[5] = "IEND";
    size_t chunk = (size_t)1 << 20;
    for (size_t off = 0; off < z->len; off += chunk) {
        size_t n = z->len - off < chunk ? z->len - off : chunk;
        png_write_chunk(png, idat, (png_const_bytep)z->data + off, n);
    }
    png_write_chunk(png, iend, NULL, 0);
}

mm_status mm_png_encode(const mm_image *img, const mm_png_opts *opts, mm_buf *out, mm_error *err)
{
    sink s = {.out = out};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &s, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *volatile row = NULL;
    png_text *volatile texts = NULL;
    hist colors = {0}; /* for a palette; its slots are freed on every path */
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        return MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "cannot set up the PNG encoder");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        mm_free(row);
        mm_free(texts);
        mm_free(colors.slots);
        return MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "PNG encoding failed: %s", s.msg);
    }
    png_set_write_fn(png, &s, on_write, on_flush);
    bool alpha = !is_opaque(img);
    int depth = 8;
    if (opts && opts->palette) {
        for (int y = 0; y < img->height; y++) {
            const uint32_t *src =
                (const uint32_t *)((const char *)img->pixels + (size_t)y * img->stride);
            for (int x = 0; x < img->width; x++) {
                hist_add(&colors, straight(src[x]));
            }
        }
        uint32_t pal[256];
        int npal = choose_palette(&colors, (size_t)img->width * (size_t)img->height, pal);
        png_color plte[256];
        png_byte trns[256];
        for (int i = 0; i < npal; i++) {
            plte[i] = (png_color){(png_byte)(pal[i] >> 24), (png_byte)(pal[i] >> 16),
                                  (png_byte)(pal[i] >> 8)};
            trns[i] = (png_byte)pal[i];
        }
        depth = index_depth(npal);
        png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, depth,
                     PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_set_PLTE(png, info, plte, npal);
        if (alpha) {
            png_set_tRNS(png, info, trns, npal, NULL);
        }
    } else {
        png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
                     alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    }
    /* Chosen by measurement (tests/bench/): on maps (flat fills,
     * anti-aliased edges, text) unfiltered rows deflate smaller than with
     * libpng's adaptive filters, which also spend a third of the time picking
     * a filter per row. The 1600x1200 reference map: adaptive, level 6 (the
     * old setting) 370 KB in 53 ms; unfiltered, level 3 324 KB in 14 ms, 4
     * 303 KB in 21 ms, 5 302 KB in 21 ms, 6 300 KB in 26 ms (MapServer's own
     * PNG of it: 304 KB). The default map: 467 KB in 59 ms before, 396 KB in
     * 24 ms at level 5. Palettes are never filtered either (libpng's advice). */
    int level = opts && opts->compression >= 0 && opts->compression <= 9 ? opts->compression
                                                                         : DEFAULT_LEVEL;
    png_set_compression_level(png, level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_buffer_size(png, 64 * 1024);
    if (opts && opts->dpi > 0) {
        png_uint_32 ppm = (png_uint_32)(opts->dpi / 0.0254 + 0.5);
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    if (opts && opts->ntext) {
        texts = mm_array_alloc(opts->ntext, sizeof *texts);
        memset(texts, 0, opts->ntext * sizeof *texts);
        for (size_t i = 0; i < opts->ntext; i++) {
            texts[i].key = (png_charp)opts->text[i].key;
            texts[i].text = (png_charp)opts->text[i].value;
            texts[i].compression = is_ascii(opts->text[i].value) ? PNG_TEXT_COMPRESSION_NONE
                                                                 : PNG_ITXT_COMPRESSION_NONE;
        }
        png_set_text(png, info, texts, (int)opts->ntext);
    }
    png_write_info(png, info);
    mm_png_cache *cache = opts && !opts->palette ? opts->cache : NULL;
    if (cache) {
        mm_status st = cache_fit(cache, img, alpha, level, err);
        if (st == MM_OK) {
            st = encode_bands(cache, img, err);
        }
        if (st == MM_OK) {
            write_idat(png, &cache->idat);
        }
        png_destroy_write_struct(&png, &info);
        mm_free(texts);
        return st;
    }
    if (!(opts && opts->palette)) {
        mm_buf z;
        mm_buf_init(&z);
        mm_status st = encode_parts(img, alpha, level, &z, err);
        if (st == MM_OK) {
            write_idat(png, &z);
        }
        png_destroy_write_struct(&png, &info);
        mm_free(texts);
        mm_buf_fini(&z);
        return st;
    }
    row = mm_array_alloc((size_t)img->width, 1); /* indices of at most 8 bits */
    for (int y = 0; y < img->height; y++) {
        palette_row(image_row(img, y), &colors, row, img->width, depth);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    mm_free(row);
    mm_free(texts);
    mm_free(colors.slots);
    return MM_OK;
}

int mm_png_quantize(const mm_image *img, uint32_t pal[256], unsigned char **indices)
{
    hist h = {0};
    for (int y = 0; y < img->height; y++) {
        const uint32_t *row =
            (const uint32_t *)((const char *)img->pixels + (size_t)y * img->stride);
        for (int x = 0; x < img->width; x++) {
            hist_add(&h, straight(row[x]));
        }
    }
    size_t npixels = (size_t)img->width * (size_t)img->height;
    int npal = choose_palette(&h, npixels, pal);
    unsigned char *idx = mm_malloc(npixels ? npixels : 1);
    for (int y = 0; y < img->height; y++) {
        const uint32_t *row =
            (const uint32_t *)((const char *)img->pixels + (size_t)y * img->stride);
        for (int x = 0; x < img->width; x++) {
            idx[(size_t)y * (size_t)img->width + (size_t)x] =
                (unsigned char)hist_find(&h, straight(row[x]))->index;
        }
    }
    mm_free(h.slots);
    *indices = idx;
    return npal;
}
