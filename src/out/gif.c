/*
 * gif.c — GIF89a encoding: palette from png.c's quantiser, variable-length
 * LZW codes (GIF's flavour: clear code, 12-bit limit, little-endian bit
 * packing in 255-byte sub-blocks). Part of out/.
 */
#include "malimap/gif.h"

#include <string.h>

#include "malimap/png.h"

typedef struct bits {
    mm_buf *out;
    unsigned char block[255];
    int nblock;
    uint32_t acc;
    int nacc;
} bits;

static void put_byte(bits *b, unsigned char c)
{
    b->block[b->nblock++] = c;
    if (b->nblock == 255) {
        mm_buf_putc(b->out, (char)255);
        mm_buf_append(b->out, b->block, 255);
        b->nblock = 0;
    }
}

static void put_code(bits *b, unsigned code, int width)
{
    b->acc |= (uint32_t)code << b->nacc;
    b->nacc += width;
    while (b->nacc >= 8) {
        put_byte(b, (unsigned char)(b->acc & 0xff));
        b->acc >>= 8;
        b->nacc -= 8;
    }
}

static void flush_bits(bits *b)
{
    if (b->nacc > 0) {
        put_byte(b, (unsigned char)(b->acc & 0xff));
    }
    if (b->nblock) {
        mm_buf_putc(b->out, (char)b->nblock);
        mm_buf_append(b->out, b->block, (size_t)b->nblock);
    }
    mm_buf_putc(b->out, 0); /* block terminator */
}

enum { HASH = 5003 * 2 };

/* LZW of n indices of min_bits each, with a hash table of (prefix, byte) → code. */
static void lzw(const unsigned char *idx, size_t n, int min_bits, mm_buf *out)
{
    unsigned clear = 1u << min_bits, end = clear + 1, next = end + 1;
    int width = min_bits + 1;
    static const unsigned EMPTY = 0xffffffffu;
    uint32_t *keys = mm_array_alloc(HASH, sizeof *keys);
    uint16_t *codes = mm_array_alloc(HASH, sizeof *codes);
    memset(keys, 0xff, HASH * sizeof *keys);
    bits b = {.out = out};
    put_code(&b, clear, width);
    unsigned prefix = n ? idx[0] : 0;
    for (size_t i = 1; i < n; i++) {
        unsigned c = idx[i];
        uint32_t key = (uint32_t)prefix << 8 | c;
        size_t h = (key * 2654435761u) % HASH;
        while (keys[h] != EMPTY && keys[h] != key) {
            h = (h + 1) % HASH;
        }
        if (keys[h] == key) {
            prefix = codes[h];
            continue;
        }
        put_code(&b, prefix, width);
        if (next < 4096) {
            keys[h] = key;
            codes[h] = (uint16_t)next;
            if (next == (1u << width) && width < 12) {
                width++;
            }
            next++;
        } else {
            /* table full: start again */
            put_code(&b, clear, width);
            memset(keys, 0xff, HASH * sizeof *keys);
            next = end + 1;
            width = min_bits + 1;
        }
        prefix = c;
    }
    if (n) {
        put_code(&b, prefix, width);
    }
    put_code(&b, end, width);
    flush_bits(&b);
    mm_free(keys);
    mm_free(codes);
}

static void le16(mm_buf *out, int v)
{
    mm_buf_putc(out, (char)(v & 0xff));
    mm_buf_putc(out, (char)((v >> 8) & 0xff));
}

void mm_gif_frame(const mm_image *img, const mm_image *prev, int delay_cs, mm_buf *out)
{
    /* what changed since the previous frame, its unchanged pixels transparent */
    int box[4] = {0, 0, img->width, img->height};
    if (prev && !mm_image_changed_box(img, prev, box)) {
        box[2] = box[0] + 1; /* nothing changed: one transparent pixel */
        box[3] = box[1] + 1;
    }
    mm_image part;
    bool keeps;
    mm_image_crop_changes(img, prev, box, &part, &keeps);
    uint32_t pal[256];
    unsigned char *idx = NULL;
    int npal = mm_png_quantize(&part, pal, &idx);
    int transparent = -1;
    for (int k = 0; keeps && k < npal; k++) {
        if (pal[k] == 0) {
            transparent = k;
        }
    }
    size_t n = (size_t)part.width * (size_t)part.height;
    for (size_t i = 0; transparent >= 0 && i < n; i++) {
        if (part.pixels[i] != 0 && idx[i] == transparent) {
            transparent = -1; /* a changed pixel would not show */
        }
    }
    if (keeps && transparent < 0) {
        /* too few kept pixels for an exact palette entry: store them all */
        mm_free(idx);
        mm_image_fini(&part);
        mm_image_crop_changes(img, NULL, box, &part, &keeps);
        npal = mm_png_quantize(&part, pal, &idx);
    }
    int bits_pp = 1;
    while ((1 << bits_pp) < npal) {
        bits_pp++;
    }
    /* graphic control extension: delay, keep the frame under the next one,
     * and the transparent index that lets it show through */
    const unsigned char gce[] = {0x21, 0xf9, 4};
    mm_buf_append(out, gce, sizeof gce);
    mm_buf_putc(out, (char)(0x04 | (transparent >= 0 ? 1 : 0)));
    le16(out, delay_cs);
    mm_buf_putc(out, (char)(transparent >= 0 ? transparent : 0));
    mm_buf_putc(out, 0);
    /* image descriptor with a local colour table */
    mm_buf_putc(out, 0x2c);
    le16(out, box[0]);
    le16(out, box[1]);
    le16(out, part.width);
    le16(out, part.height);
    mm_buf_putc(out, (char)(0x80 | (bits_pp - 1)));
    for (int k = 0; k < (1 << bits_pp); k++) {
        uint32_t c = k < npal ? pal[k] : 0;
        /* GIF has no partial transparency: composite on white */
        unsigned a = c & 0xff;
        for (int sh = 24; sh >= 8; sh -= 8) {
            unsigned v = (c >> sh) & 0xff;
            mm_buf_putc(out, (char)((v * a + 255 * (255 - a) + 127) / 255));
        }
    }
    int min_bits = bits_pp < 2 ? 2 : bits_pp;
    mm_buf_putc(out, (char)min_bits);
    lzw(idx, (size_t)part.width * (size_t)part.height, min_bits, out);
    mm_free(idx);
    mm_image_fini(&part);
}

void mm_gif_write(int width, int height, const mm_buf *frames, size_t n, mm_buf *out)
{
    mm_buf_puts(out, "GIF89a");
    le16(out, width);
    le16(out, height);
    mm_buf_putc(out, 0); /* no global colour table */
    mm_buf_putc(out, 0);
    mm_buf_putc(out, 0);
    /* NETSCAPE2.0: loop forever */
    const unsigned char loop[] = {0x21, 0xff, 11,  'N', 'E', 'T', 'S', 'C', 'A', 'P',
                                  'E',  '2',  '.', '0', 3,   1,   0,   0,   0};
    mm_buf_append(out, loop, sizeof loop);
    for (size_t i = 0; i < n; i++) {
        mm_buf_append(out, frames[i].data, frames[i].len);
    }
    mm_buf_putc(out, 0x3b);
}
