/*
 * test_png.c — the PNG writer, read back with libpng: size, colour type,
 * un-premultiplied pixels, pHYs and text chunks; palette PNGs, exact and
 * reduced; frames through a band cache, which must never change the bytes.
 */
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "malimap/png.h"

typedef struct readback {
    unsigned w, h;
    int color;
    double dpi;
    char title[256];
    char desc[256];
    unsigned char px[4 * 64];
} readback;

static void read_mem(png_structp png, png_bytep out, png_size_t n)
{
    mm_buf *b = png_get_io_ptr(png);
    static size_t pos;
    if (out == NULL) {
        pos = 0;
        return;
    }
    memcpy(out, b->data + pos, n);
    pos += n;
}

static int decode(mm_buf *b, readback *r)
{
    memset(r, 0, sizeof *r);
    read_mem(NULL, NULL, 0);
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    png_set_read_fn(png, b, read_mem);
    png_read_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    r->w = png_get_image_width(png, info);
    r->h = png_get_image_height(png, info);
    r->color = png_get_color_type(png, info);
    png_uint_32 xr, yr;
    int unit;
    if (png_get_pHYs(png, info, &xr, &yr, &unit)) {
        r->dpi = xr * 0.0254;
    }
    png_textp text;
    int nt = 0;
    png_get_text(png, info, &text, &nt);
    for (int i = 0; i < nt; i++) {
        if (!strcmp(text[i].key, "Title")) {
            snprintf(r->title, sizeof r->title, "%s", text[i].text);
        }
        if (!strcmp(text[i].key, "Description")) {
            snprintf(r->desc, sizeof r->desc, "%s", text[i].text);
        }
    }
    png_bytepp rows = png_get_rows(png, info);
    int bpp = r->color == PNG_COLOR_TYPE_RGBA ? 4 : 3;
    for (unsigned y = 0; y < r->h && y < 4; y++) {
        for (unsigned x = 0; x < r->w && x < 16; x++) {
            for (int c = 0; c < bpp; c++) {
                r->px[(y * 16 + x) % 64 * 4 + c] = rows[y][x * bpp + c];
            }
        }
    }
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

static void test_rgba_with_text_and_dpi(void)
{
    uint32_t pix[10 * 7];
    for (int i = 0; i < 70; i++) {
        pix[i] = 0xff204060; /* opaque */
    }
    pix[0] = 0x80800000; /* half-transparent red, premultiplied */
    pix[1] = 0x00000000; /* transparent */
    mm_image img = {.width = 10, .height = 7, .stride = 40, .pixels = pix};
    mm_png_text text[] = {{"Title", "Mali, 14 November 2023"},
                          {"Description", "Niafunk\xc3\xa9 held by the army"}};
    mm_png_opts o = {.dpi = 300, .text = text, .ntext = 2, .compression = 6};
    mm_buf out;
    mm_buf_init(&out);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_png_encode(&img, &o, &out, &err), MM_OK);
    readback r;
    CHECK_INT(decode(&out, &r), 0);
    CHECK_INT(r.w, 10);
    CHECK_INT(r.h, 7);
    CHECK_INT(r.color, PNG_COLOR_TYPE_RGBA);
    CHECK_NEAR(r.dpi, 300, 0.5);
    CHECK_STR(r.title, "Mali, 14 November 2023");
    CHECK_STR(r.desc, "Niafunk\xc3\xa9 held by the army");
    CHECK_INT(r.px[0], 255);
    CHECK_INT(r.px[1], 0);
    CHECK_INT(r.px[3], 128);
    CHECK_INT(r.px[7], 0);
    CHECK_INT(r.px[8], 0x20);
    CHECK_INT(r.px[9], 0x40);
    CHECK_INT(r.px[10], 0x60);
    CHECK_INT(r.px[11], 255);
    mm_buf_fini(&out);
}

static void test_opaque_is_rgb(void)
{
    uint32_t pix[4 * 2];
    for (int i = 0; i < 8; i++) {
        pix[i] = 0xff000000u | (uint32_t)(i * 30) << 16;
    }
    mm_image img = {.width = 4, .height = 2, .stride = 16, .pixels = pix};
    mm_buf out;
    mm_buf_init(&out);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_png_encode(&img, NULL, &out, &err), MM_OK);
    readback r;
    CHECK_INT(decode(&out, &r), 0);
    CHECK_INT(r.color, PNG_COLOR_TYPE_RGB);
    CHECK_NEAR(r.dpi, 0, 0);
    CHECK_INT(r.px[3 * 4], 90);   /* x = 3 */
    CHECK_INT(r.px[16 * 4], 120); /* second row, x = 0 */
    mm_buf_fini(&out);
}

/* Decodes a PNG in memory to straight RGBA with libpng's simplified API. */
static unsigned char *decode_rgba(const mm_buf *b, png_image *img)
{
    memset(img, 0, sizeof *img);
    img->version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(img, b->data, b->len)) {
        return NULL;
    }
    img->format = PNG_FORMAT_RGBA;
    unsigned char *px = mm_malloc(PNG_IMAGE_SIZE(*img));
    if (!png_image_finish_read(img, NULL, px, 0, NULL)) {
        mm_free(px);
        return NULL;
    }
    return px;
}

/*
 * Encodes img as a palette PNG, checks its colour type and bit depth, and
 * decodes it to straight RGBA (caller frees with mm_free; NULL on failure).
 */
static unsigned char *palette_roundtrip(const mm_image *img, int depth, png_image *im)
{
    mm_png_opts o = {.compression = -1, .palette = true};
    mm_buf out;
    mm_buf_init(&out);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_png_encode(img, &o, &out, &err), MM_OK);
    CHECK_INT((unsigned char)out.data[25], PNG_COLOR_TYPE_PALETTE); /* IHDR colour type */
    CHECK_INT((unsigned char)out.data[24], depth);
    unsigned char *px = decode_rgba(&out, im);
    CHECK(px != NULL);
    mm_buf_fini(&out);
    return px;
}

static void test_palette_exact_when_few_colours(void)
{
    uint32_t pix[9 * 5];
    const uint32_t colours[3] = {0xff0072b2, 0xfff0e442, 0xff222222};
    for (int i = 0; i < 45; i++) {
        pix[i] = colours[i % 3];
    }
    mm_image img = {.width = 9, .height = 5, .stride = 36, .pixels = pix};
    png_image im;
    unsigned char *px = palette_roundtrip(&img, 2, &im);
    CHECK_INT(im.colormap_entries, 3);
    for (int i = 0; px && i < 45; i++) {
        CHECK_INT(px[4 * i], (colours[i % 3] >> 16) & 0xff);
        CHECK_INT(px[4 * i + 1], (colours[i % 3] >> 8) & 0xff);
        CHECK_INT(px[4 * i + 2], colours[i % 3] & 0xff);
        CHECK_INT(px[4 * i + 3], 255);
    }
    mm_free(px);
}

static void test_palette_keeps_transparency(void)
{
    uint32_t pix[4 * 4];
    for (int i = 0; i < 16; i++) {
        pix[i] = i % 2 ? 0x80400000 : 0; /* half-transparent red (premultiplied), clear */
    }
    mm_image img = {.width = 4, .height = 4, .stride = 16, .pixels = pix};
    png_image im;
    unsigned char *px = palette_roundtrip(&img, 1, &im);
    CHECK_INT(px ? px[3] : -1, 0);
    CHECK_INT(px ? px[4] : -1, 128); /* 0x40 * 255 / 0x80, rounded */
    CHECK_INT(px ? px[7] : -1, 128);
    mm_free(px);
}

static void test_palette_reduces_many_colours(void)
{
    /* a flat colour over most of the image, and a 4096-colour ramp (edges) */
    enum { W = 128, H = 128 };
    static uint32_t pix[W * H];
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            uint32_t v = 0xffa9cbe0;
            if (y < 32) {
                int k = y * W + x;
                v = 0xff000000u | (uint32_t)(k % 16 * 16) << 16 |
                    (uint32_t)(k / 16 % 16 * 16) << 8 | (uint32_t)(k / 256 % 16 * 16);
            }
            pix[y * W + x] = v;
        }
    }
    mm_image img = {.width = W, .height = H, .stride = 4 * W, .pixels = pix};
    png_image im;
    unsigned char *px = palette_roundtrip(&img, 8, &im);
    CHECK(im.colormap_entries <= 256);
    int worst = 0;
    bool flat_exact = true;
    for (int i = 0; px && i < W * H; i++) {
        for (int c = 0; c < 3; c++) {
            int want = (int)(pix[i] >> (16 - 8 * c)) & 0xff;
            int d = abs(px[4 * i + c] - want);
            worst = d > worst ? d : worst;
            flat_exact &= i < 32 * W || d == 0;
        }
    }
    CHECK(flat_exact);
    CHECK(worst <= 40); /* 4096 colours in 255 boxes of a 16-level cube */
    mm_free(px);
}


/* An opaque test image w x h whose pixels depend on x, y and seed. */
static void fill(uint32_t *pix, int w, int h, unsigned seed, bool alpha)
{
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            uint32_t v = (uint32_t)((x / 4 * 37 + y / 3 * 11 + (int)seed) & 0xff);
            uint32_t a = alpha && x % 5 == 0 ? 0x80 : 0xff;
            uint32_t c = v * a / 255;
            pix[y * w + x] = a << 24 | c << 16 | (c / 2) << 8 | (a - c / 3);
        }
    }
}

/* How many of the n pixels a PNG decodes to differ from pix (all when it
 * does not decode). */
static int wrong_pixels(const mm_buf *png, const uint32_t *pix, int n)
{
    png_image im;
    unsigned char *px = decode_rgba(png, &im);
    if (!px) {
        return n;
    }
    int wrong = 0;
    for (int i = 0; i < n; i++) {
        uint32_t s = mm_argb_straight(pix[i]);
        wrong += px[4 * i] != ((s >> 16) & 0xff) || px[4 * i + 1] != ((s >> 8) & 0xff) ||
                 px[4 * i + 2] != (s & 0xff) || px[4 * i + 3] != s >> 24;
    }
    mm_free(px);
    return wrong;
}

/* Encodes with the cache and with a fresh one: the bytes must be the same,
 * and decode to the image's pixels. */
static void check_cached(mm_png_cache *c, const uint32_t *pix, int w, int h)
{
    mm_image img = {.width = w, .height = h, .stride = 4 * (size_t)w, .pixels = (uint32_t *)pix};
    mm_png_text text[] = {{"Title", "frame"}};
    mm_png_opts o = {.text = text, .ntext = 1, .compression = 2, .cache = c};
    mm_buf a, b;
    mm_buf_init(&a);
    mm_buf_init(&b);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_png_encode(&img, &o, &a, &err), MM_OK);
    o.cache = mm_png_cache_create();
    CHECK_INT(mm_png_encode(&img, &o, &b, &err), MM_OK);
    mm_png_cache_destroy(o.cache);
    CHECK_INT(a.len, b.len);
    CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    CHECK_INT(wrong_pixels(&a, pix, w * h), 0);
    readback r;
    CHECK_INT(decode(&a, &r), 0);
    CHECK_STR(r.title, "frame");
    mm_buf_fini(&a);
    mm_buf_fini(&b);
}

static void test_band_cache_never_changes_the_bytes(void)
{
    enum { W = 37, H = 50 }; /* four bands, the last of two rows */
    static uint32_t base[W * H], next[W * H], small[20 * 10];
    fill(base, W, H, 1, false);
    mm_png_cache *c = mm_png_cache_create();
    check_cached(c, base, W, H);
    check_cached(c, base, W, H); /* every band reused */
    int rows[] = {0, 15, 16, 49};  /* either side of a band's edge, the last row */
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        memcpy(next, base, sizeof next);
        next[rows[i] * W + 36] ^= 0x00010203;
        check_cached(c, next, W, H); /* one band changed: not the old bytes */
        check_cached(c, base, W, H);
    }
    fill(small, 20, 10, 7, false);
    check_cached(c, small, 20, 10); /* another size */
    fill(base, W, H, 3, true);
    check_cached(c, base, W, H);    /* RGBA */
    fill(base, W, H, 3, false);
    check_cached(c, base, W, H);    /* RGB again, same pixels where opaque */
    mm_png_cache_destroy(c);
}

/* A tall image is deflated in two halves (on two cores): it must still
 * decode to its pixels, opaque or not, at any level. */
static void test_halves_decode_to_the_image(void)
{
    enum { W = 300, H = 521 };
    static uint32_t pix[W * H];
    for (int alpha = 0; alpha < 2; alpha++) {
        fill(pix, W, H, 5, alpha);
        for (int level = 0; level <= 9; level += 3) {
            mm_image img = {.width = W, .height = H, .stride = 4 * W, .pixels = pix};
            mm_png_opts o = {.compression = level};
            mm_buf out;
            mm_buf_init(&out);
            mm_error err;
            mm_error_clear(&err);
            CHECK_INT(mm_png_encode(&img, &o, &out, &err), MM_OK);
            CHECK_INT(wrong_pixels(&out, pix, W * H), 0);
            mm_buf_fini(&out);
        }
    }
}

MM_TESTS("png", {"rgba_with_text_and_dpi", test_rgba_with_text_and_dpi},
         {"opaque_is_rgb", test_opaque_is_rgb},
         {"palette_exact_when_few_colours", test_palette_exact_when_few_colours},
         {"palette_keeps_transparency", test_palette_keeps_transparency},
         {"palette_reduces_many_colours", test_palette_reduces_many_colours},
         {"band_cache_never_changes_the_bytes", test_band_cache_never_changes_the_bytes},
         {"halves_decode_to_the_image", test_halves_decode_to_the_image})
