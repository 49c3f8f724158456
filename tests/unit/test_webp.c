/*
 * test_webp.c — the hand-written WebP encoder, read back by libwebp's own
 * tools (dwebp, webpinfo, webpmux from Debian's webp package): every pixel
 * must come back exactly (lossless, un-premultiplied like the PNG writer) for
 * 1x1, odd and extreme sizes, noise, flat areas, every level of every channel,
 * transparency, deep prefix codes and copies from far back; the animation
 * container is checked field by field.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "malimap/webp.h"

/* ---- images ---- */

/* Pixels in rows of stride bytes, with padding, so the encoder must honour the stride. */
static mm_image image_new(int w, int h)
{
    mm_image img = {w, h, (size_t)w * 4 + 12, NULL};
    img.pixels = mm_calloc(img.stride / 4 * (size_t)h, 4);
    return img;
}

static uint32_t *pixel(const mm_image *img, int x, int y)
{
    return (uint32_t *)((char *)img->pixels + (size_t)y * img->stride) + x;
}

/* Cairo's premultiplied ARGB from straight a, r, g, b. */
static uint32_t premul(unsigned a, unsigned r, unsigned g, unsigned b)
{
    r = (r * a + 127) / 255;
    g = (g * a + 127) / 255;
    b = (b * a + 127) / 255;
    return (uint32_t)a << 24 | r << 16 | g << 8 | b;
}

/* What the file should hold for a premultiplied pixel: the PNG writer's un-premultiplying. */
static void expect_rgba(uint32_t p, unsigned char out[4])
{
    unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
    if (a == 0) {
        r = g = b = 0;
    } else if (a != 255) {
        r = (r * 255 + a / 2) / a;
        g = (g * 255 + a / 2) / a;
        b = (b * 255 + a / 2) / a;
    }
    out[0] = (unsigned char)r;
    out[1] = (unsigned char)g;
    out[2] = (unsigned char)b;
    out[3] = (unsigned char)a;
}

static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Any premultiplied pixel: random alpha, colour channels no larger. */
static uint32_t random_pixel(uint32_t *s)
{
    uint32_t v = rng_next(s);
    unsigned a = v >> 24;
    if ((v & 3) == 0) {
        a = 255;
    }
    return premul(a, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
}

/* ---- reading back with libwebp's tools ---- */

static void le32(unsigned char *p, uint32_t v)
{
    for (int k = 0; k < 4; k++) {
        p[k] = (unsigned char)(v >> (8 * k));
    }
}

/* A still image file around one VP8L bitstream (the simple file format). */
static int write_still(const char *path, const mm_buf *vp8l)
{
    size_t pad = vp8l->len & 1;
    mm_buf f;
    mm_buf_init(&f);
    unsigned char h[20];
    memcpy(h, "RIFF", 4);
    memcpy(h + 8, "WEBPVP8L", 8);
    le32(h + 4, (uint32_t)(4 + 8 + vp8l->len + pad));
    le32(h + 16, (uint32_t)vp8l->len);
    mm_buf_append(&f, h, sizeof h);
    mm_buf_append(&f, vp8l->data, vp8l->len);
    if (pad) {
        mm_buf_putc(&f, 0);
    }
    int rc = mm_test_write_file(path, f.data, f.len);
    mm_buf_fini(&f);
    return rc;
}

/* A command's standard output and error, or NULL if it failed. Caller frees. */
static char *run(const char *cmd)
{
    char full[4096];
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    FILE *p = popen(full, "r");
    if (!p) {
        return NULL;
    }
    mm_buf out;
    mm_buf_init(&out);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) {
        mm_buf_append(&out, chunk, n);
    }
    int status = pclose(p);
    if (status != 0) {
        mm_test_fail(__FILE__, __LINE__, "'%s' failed (%d): %s", cmd, status,
                     out.data ? out.data : "");
        mm_buf_fini(&out);
        return NULL;
    }
    return out.data ? mm_buf_steal(&out) : mm_strdup("");
}

/* Decodes a still .webp with dwebp into straight RGBA (caller frees); NULL
 * when it cannot. */
static unsigned char *decode_still(const char *webp, int *w, int *h, char **data_out)
{
    char pam[1024], cmd[4096];
    snprintf(pam, sizeof pam, "%s.pam", webp);
    snprintf(cmd, sizeof cmd, "dwebp -quiet -pam '%s' -o '%s'", webp, pam);
    char *log = run(cmd);
    if (!log) {
        return NULL;
    }
    mm_free(log);
    size_t len = 0;
    char *data = mm_test_read_file(pam, &len);
    if (!data) {
        mm_test_fail(__FILE__, __LINE__, "dwebp wrote no %s", pam);
        return NULL;
    }
    int depth = 0;
    const char *end = strstr(data, "ENDHDR\n");
    if (sscanf(data, "P7 WIDTH %d HEIGHT %d DEPTH %d", w, h, &depth) != 3 || !end ||
        depth != 4 || (size_t)(end + 7 - data) + (size_t)*w * (size_t)*h * 4 > len) {
        mm_test_fail(__FILE__, __LINE__, "%s: not an RGBA PAM file", pam);
        mm_free(data);
        return NULL;
    }
    *data_out = data;
    return (unsigned char *)end + 7;
}

/* How many of img's pixels, un-premultiplied, differ from the RGBA px. */
static long count_differences(const char *what, const unsigned char *px, const mm_image *img)
{
    long bad = 0;
    for (int y = 0; y < img->height; y++) {
        for (int x = 0; x < img->width; x++) {
            unsigned char want[4];
            expect_rgba(*pixel(img, x, y), want);
            const unsigned char *got = px + ((size_t)y * (size_t)img->width + (size_t)x) * 4;
            if (memcmp(want, got, 4) != 0 && bad++ == 0) {
                mm_test_fail(__FILE__, __LINE__,
                             "%s: pixel (%d, %d) is %u,%u,%u,%u, expected %u,%u,%u,%u", what, x, y,
                             got[0], got[1], got[2], got[3], want[0], want[1], want[2], want[3]);
            }
        }
    }
    return bad;
}

/*
 * Decodes a still .webp with dwebp into RGBA and compares it with img's
 * pixels, un-premultiplied. Returns the number of differing pixels (-1 if
 * the file could not be decoded).
 */
static long compare_file(const char *webp, const mm_image *img)
{
    int w = 0, h = 0;
    char *data = NULL;
    const unsigned char *px = decode_still(webp, &w, &h, &data);
    if (!px) {
        return -1;
    }
    CHECK_INT(w, img->width);
    CHECK_INT(h, img->height);
    long bad = w == img->width && h == img->height ? count_differences(webp, px, img) : -1;
    mm_free(data);
    return bad;
}

/*
 * Encodes img, decodes it with dwebp and checks every pixel. Returns the
 * size of the VP8L bitstream (0 on failure).
 */
static size_t roundtrip(const mm_image *img, const char *name)
{
    mm_buf b;
    mm_buf_init(&b);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_webp_vp8l(img, &b, &err), MM_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s", mm_test_path(name));
    CHECK_INT(write_still(path, &b), 0);
    long bad = compare_file(path, img);
    if (bad != 0) {
        mm_test_fail(__FILE__, __LINE__, "%s (%dx%d): %ld pixels differ", name, img->width,
                     img->height, bad);
    }
    size_t size = bad == 0 ? b.len : 0;
    mm_buf_fini(&b);
    return size;
}

/* ---- frames ---- */

static void test_one_pixel(void)
{
    const uint32_t colours[] = {premul(255, 200, 30, 90), 0, premul(128, 255, 0, 64),
                                premul(1, 255, 255, 255), 0xffffffffu};
    for (size_t k = 0; k < sizeof colours / sizeof colours[0]; k++) {
        mm_image img = image_new(1, 1);
        *pixel(&img, 0, 0) = colours[k];
        char name[32];
        snprintf(name, sizeof name, "one-%zu.webp", k);
        roundtrip(&img, name);
        mm_free(img.pixels);
    }
}

static void test_odd_sizes(void)
{
    static const int sizes[][2] = {{1, 7},  {7, 1},  {2, 2},   {3, 5},   {33, 17},
                                   {2, 50}, {50, 2}, {129, 3}, {9, 130}, {257, 31}};
    const uint32_t palette[] = {premul(255, 250, 245, 230),
                                premul(255, 30, 90, 160),
                                premul(255, 200, 0, 0),
                                premul(200, 10, 200, 10),
                                0,
                                premul(255, 128, 128, 128)};
    uint32_t seed = 7;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        mm_image img = image_new(sizes[k][0], sizes[k][1]);
        for (int y = 0; y < img.height; y++) {
            for (int x = 0; x < img.width; x++) {
                /* repeating patterns with some noise: copies near and far, literals */
                uint32_t p = palette[(x * 7 + y * 3 + (x * y) % 5) % 6];
                *pixel(&img, x, y) = rng_next(&seed) % 9 == 0 ? random_pixel(&seed) : p;
            }
        }
        char name[32];
        snprintf(name, sizeof name, "odd-%dx%d.webp", img.width, img.height);
        roundtrip(&img, name);
        mm_free(img.pixels);
    }
}

static void test_random_noise(void)
{
    mm_image img = image_new(101, 67);
    uint32_t seed = 12345;
    for (int y = 0; y < img.height; y++) {
        for (int x = 0; x < img.width; x++) {
            *pixel(&img, x, y) = random_pixel(&seed);
        }
    }
    roundtrip(&img, "noise.webp");
    mm_free(img.pixels);
}

static void test_flat_areas(void)
{
    mm_image img = image_new(800, 600);
    for (int y = 0; y < img.height; y++) {
        for (int x = 0; x < img.width; x++) {
            uint32_t p = premul(255, 235, 240, 245);
            if (x > 100 && x < 500 && y > 80 && y < 400) {
                p = premul(255, 180, 210, 230);
            }
            if ((x - 600) * (x - 600) + (y - 300) * (y - 300) < 120 * 120) {
                p = premul(255, 230, 200, 190);
            }
            if (y == 450 || x == 700) {
                p = premul(255, 40, 40, 40);
            }
            *pixel(&img, x, y) = p;
        }
    }
    size_t size = roundtrip(&img, "flat.webp");
    /* 1.9 MB of pixels: long copies and the pixel above make it tiny */
    CHECK(size > 0 && size < 4000);
    mm_free(img.pixels);
}

static void test_all_levels(void)
{
    mm_image img = image_new(256, 6);
    for (int x = 0; x < 256; x++) {
        unsigned v = (unsigned)x;
        *pixel(&img, x, 0) = premul(255, v, 0, 0);
        *pixel(&img, x, 1) = premul(255, 0, v, 0);
        *pixel(&img, x, 2) = premul(255, 0, 0, v);
        *pixel(&img, x, 3) = premul(v, 255, 255, 255);
        *pixel(&img, x, 4) = premul(v, 255 - v, v / 2, 17);
        *pixel(&img, x, 5) = premul(255, v, 255 - v, (v * 7) & 0xff);
    }
    roundtrip(&img, "levels.webp");
    mm_free(img.pixels);
}

static void test_transparency(void)
{
    mm_image img = image_new(63, 40);
    for (int y = 0; y < img.height; y++) {
        for (int x = 0; x < img.width; x++) {
            unsigned a = x < 10 ? 0 : (unsigned)(x * 4 + y) & 0xff;
            *pixel(&img, x, y) = premul(a, 20 + (unsigned)y * 5, 200, (unsigned)x * 4);
        }
    }
    mm_buf b;
    mm_buf_init(&b);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_webp_vp8l(&img, &b, &err), MM_OK);
    /* the VP8L header says alpha is used */
    CHECK(b.len > 5 && (unsigned char)b.data[0] == 0x2f && (b.data[4] & 0x10));
    mm_buf_fini(&b);
    roundtrip(&img, "alpha.webp");
    /* and an opaque image says it is not */
    for (int y = 0; y < img.height; y++) {
        for (int x = 0; x < img.width; x++) {
            *pixel(&img, x, y) |= 0xff000000u;
        }
    }
    mm_buf_init(&b);
    CHECK_INT(mm_webp_vp8l(&img, &b, &err), MM_OK);
    CHECK(b.len > 5 && !(b.data[4] & 0x10));
    mm_buf_fini(&b);
    mm_free(img.pixels);
}

static void test_longest_sides(void)
{
    mm_image wide = image_new(MM_WEBP_MAX_SIDE, 2), tall = image_new(2, MM_WEBP_MAX_SIDE);
    uint32_t seed = 99;
    for (int x = 0; x < MM_WEBP_MAX_SIDE; x++) {
        uint32_t p = x % 100 < 60 ? premul(255, 10, 20, 30) : random_pixel(&seed);
        *pixel(&wide, x, 0) = *pixel(&tall, 0, x) = p;
        *pixel(&wide, x, 1) = *pixel(&tall, 1, x) = x % 3 ? p : random_pixel(&seed);
    }
    roundtrip(&wide, "wide.webp");
    roundtrip(&tall, "tall.webp");
    mm_free(wide.pixels);
    mm_free(tall.pixels);
}

static void test_too_large(void)
{
    mm_image img = {MM_WEBP_MAX_SIDE + 1, 1, (size_t)(MM_WEBP_MAX_SIDE + 1) * 4, NULL};
    mm_buf b;
    mm_buf_init(&b);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_webp_vp8l(&img, &b, &err), MM_E_LIMIT);
    CHECK_STR(err.msg, "a 16385x1 image is too large for WebP: at most 16384 pixels a side");
    CHECK_INT(b.len, 0);
    mm_buf_fini(&b);
}

/* Copies from 600 000 pixels back (beyond the short codes, within the window). */
static void test_far_copies(void)
{
    mm_image img = image_new(1200, 1000);
    uint32_t seed = 4242;
    for (int y = 0; y < 500; y++) {
        for (int x = 0; x < img.width; x++) {
            *pixel(&img, x, y) = *pixel(&img, x, y + 500) = random_pixel(&seed);
        }
    }
    size_t size = roundtrip(&img, "far.webp");
    /* the lower half costs next to nothing */
    CHECK(size > 0 && size < (size_t)600000 * 4 * 11 / 10);
    mm_free(img.pixels);
}

/*
 * Green levels with Fibonacci frequencies: an unconstrained Huffman code
 * would be over 20 bits deep, so the 15-bit limit must kick in.
 */
static void test_deep_codes(void)
{
    enum { LEVELS = 26 };
    size_t total = 0, fib[LEVELS] = {1, 1};
    for (int k = 2; k < LEVELS; k++) {
        fib[k] = fib[k - 1] + fib[k - 2];
    }
    for (int k = 0; k < LEVELS; k++) {
        total += fib[k];
    }
    int side = 1;
    while ((size_t)side * (size_t)side < total) {
        side++;
    }
    mm_image img = image_new(side, side);
    uint32_t *levels = mm_array_alloc((size_t)side * (size_t)side, sizeof *levels);
    size_t n = 0;
    for (int k = 0; k < LEVELS; k++) {
        for (size_t j = 0; j < fib[k]; j++) {
            levels[n++] = (uint32_t)k * 9;
        }
    }
    while (n < (size_t)side * (size_t)side) {
        levels[n++] = 0;
    }
    uint32_t seed = 1;
    for (size_t i = n - 1; i > 0; i--) { /* shuffle, so there is little to copy */
        size_t j = rng_next(&seed) % (i + 1);
        uint32_t t = levels[i];
        levels[i] = levels[j];
        levels[j] = t;
    }
    for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
            uint32_t v = rng_next(&seed);
            *pixel(&img, x, y) =
                premul(255, v & 0xff, levels[(size_t)y * (size_t)side + (size_t)x], v >> 24);
        }
    }
    roundtrip(&img, "deep.webp");
    mm_free(levels);
    mm_free(img.pixels);
}

typedef struct job {
    const mm_image *img;
    mm_buf out;
} job;

static void *encode_job(void *arg)
{
    job *j = arg;
    mm_error err;
    mm_error_clear(&err);
    mm_webp_vp8l(j->img, &j->out, &err);
    return NULL;
}

static void test_threads_agree(void)
{
    mm_image img = image_new(300, 200);
    uint32_t seed = 5;
    for (int y = 0; y < img.height; y++) {
        for (int x = 0; x < img.width; x++) {
            *pixel(&img, x, y) =
                (x / 20 + y / 20) % 3 ? premul(255, 90, 140, 200) : random_pixel(&seed);
        }
    }
    job serial = {&img, {0}}, jobs[4];
    mm_buf_init(&serial.out);
    encode_job(&serial);
    pthread_t t[4];
    for (int k = 0; k < 4; k++) {
        jobs[k].img = &img;
        mm_buf_init(&jobs[k].out);
        CHECK_INT(pthread_create(&t[k], NULL, encode_job, &jobs[k]), 0);
    }
    for (int k = 0; k < 4; k++) {
        pthread_join(t[k], NULL);
        CHECK(jobs[k].out.len == serial.out.len &&
              !memcmp(jobs[k].out.data, serial.out.data, serial.out.len));
        mm_buf_fini(&jobs[k].out);
    }
    mm_buf_fini(&serial.out);
    mm_free(img.pixels);
}

/* ---- the animation ---- */

static uint32_t get_le(const char *p, int nbytes)
{
    uint32_t v = 0;
    for (int k = nbytes - 1; k >= 0; k--) {
        v = v << 8 | (unsigned char)p[k];
    }
    return v;
}

/* Writes an animation to name in the test folder (its path in path, 1024
 * bytes), checks it with webpinfo and returns `webpmux -info` (caller frees). */
static char *write_animation(const mm_buf *file, const char *name, char *path)
{
    char cmd[4096];
    snprintf(path, 1024, "%s", mm_test_path(name));
    CHECK_INT(mm_test_write_file(path, file->data, file->len), 0);
    snprintf(cmd, sizeof cmd, "webpinfo '%s'", path);
    char *log = run(cmd);
    CHECK(log && strstr(log, "No error detected."));
    mm_free(log);
    snprintf(cmd, sizeof cmd, "webpmux -info '%s'", path);
    return run(cmd);
}

static void test_animation(void)
{
    enum { W = 45, H = 31, N = 3 };
    mm_image img[N];
    mm_buf frames[N];
    uint32_t seed = 77;
    for (int k = 0; k < N; k++) {
        img[k] = image_new(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                *pixel(&img[k], x, y) = x > 10 * k && y % 5 ? premul(255, 250, 240, 200)
                                                            : random_pixel(&seed) | 0xff000000u;
            }
        }
        mm_buf_init(&frames[k]);
        mm_error err;
        mm_error_clear(&err);
        CHECK_INT(mm_webp_frame(&img[k], NULL, &frames[k], &err), MM_OK);
    }
    mm_buf file;
    mm_buf_init(&file);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_webp_write(W, H, frames, N, 250, &file, &err), MM_OK);
    const char *d = file.data;
    CHECK(file.len > 50 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBPVP8X", 8));
    CHECK_INT(get_le(d + 4, 4), file.len - 8);
    CHECK_INT(get_le(d + 16, 4), 10);
    CHECK_INT((unsigned char)d[20], 0x02); /* animation, no alpha */
    CHECK_INT(get_le(d + 24, 3), W - 1);
    CHECK_INT(get_le(d + 27, 3), H - 1);
    CHECK(!memcmp(d + 30, "ANIM", 4));
    CHECK_INT(get_le(d + 38, 4), 0xffffffffu); /* white */
    CHECK_INT(get_le(d + 42, 2), 0);           /* loop forever */
    CHECK(!memcmp(d + 44, "ANMF", 4));
    CHECK_INT(get_le(d + 64, 3), 250);     /* duration */
    CHECK_INT((unsigned char)d[67], 0x02); /* no blending, no disposal */
    CHECK(!memcmp(d + 68, "VP8L", 4));
    CHECK_INT(get_le(d + 72, 4), frames[0].len - 7); /* less the frame's own header */

    char anim[1024], one[1024], cmd[4096];
    char *log = write_animation(&file, "anim.webp", anim);
    CHECK(log && strstr(log, "Canvas size: 45 x 31") && strstr(log, "Number of frames: 3") &&
          strstr(log, "Loop Count : 0"));
    mm_free(log);
    for (int k = 0; k < N; k++) {
        char name[32];
        snprintf(name, sizeof name, "anim-%d.webp", k + 1);
        snprintf(one, sizeof one, "%s", mm_test_path(name));
        snprintf(cmd, sizeof cmd, "webpmux -get frame %d '%s' -o '%s'", k + 1, anim, one);
        log = run(cmd);
        mm_free(log);
        CHECK_INT(compare_file(one, &img[k]), 0);
    }
    mm_buf_fini(&file);
    for (int k = 0; k < N; k++) {
        mm_buf_fini(&frames[k]);
        mm_free(img[k].pixels);
    }
}

static void test_animation_alpha_flag(void)
{
    mm_image img = image_new(4, 4);
    *pixel(&img, 1, 1) = premul(255, 1, 2, 3); /* the rest is transparent */
    mm_buf frame;
    mm_buf_init(&frame);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_webp_frame(&img, NULL, &frame, &err), MM_OK);
    mm_buf file;
    mm_buf_init(&file);
    CHECK_INT(mm_webp_write(4, 4, &frame, 1, 100, &file, &err), MM_OK);
    CHECK(file.len > 21 && (unsigned char)file.data[20] == 0x12); /* animation and alpha */
    CHECK_INT(get_le(file.data + 4, 4), file.len - 8);
    CHECK_INT(file.len % 2, 0);
    mm_buf_fini(&file);
    mm_buf_fini(&frame);
    mm_free(img.pixels);
}

/* Later frames store only what changed, from even coordinates, blended over
 * the frame before: composited as the container says (each frame decoded by
 * dwebp), each is its image exactly. The third frame changes nothing. */
static void test_animation_of_changes(void)
{
    enum { W = 37, H = 29, N = 3 };
    mm_image img[N];
    mm_buf frames[N];
    uint32_t seed = 5;
    img[0] = image_new(W, H);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            *pixel(&img[0], x, y) = random_pixel(&seed) | 0xff000000u;
        }
    }
    for (int k = 1; k < N; k++) {
        img[k] = image_new(W, H);
        memcpy(img[k].pixels, img[k - 1].pixels, (size_t)H * img[k].stride);
    }
    for (int y = 5; y < 9; y++) {
        for (int x = 7; x < 12; x++) {
            *pixel(&img[1], x, y) = premul(255, 10, 200, 30); /* a block at odd x, y */
        }
    }
    *pixel(&img[1], 8, 6) = *pixel(&img[0], 8, 6); /* inside it, one pixel as it was */
    memcpy(img[2].pixels, img[1].pixels, (size_t)H * img[2].stride);
    mm_error err;
    mm_error_clear(&err);
    for (int k = 0; k < N; k++) {
        mm_buf_init(&frames[k]);
        CHECK_INT(mm_webp_frame(&img[k], k ? &img[k - 1] : NULL, &frames[k], &err), MM_OK);
    }
    mm_buf file;
    mm_buf_init(&file);
    CHECK_INT(mm_webp_write(W, H, frames, N, 100, &file, &err), MM_OK);
    char anim[1024], cmd[4096];
    char *log = write_animation(&file, "changes.webp", anim);
    /* frame 2: x 6..11, y 4..8 from the even corner (6, 4); frame 3: one pixel */
    CHECK(log && strstr(log, "  2:     6     5   yes        6        4"));
    CHECK(log && strstr(log, "  3:     1     1   yes        0        0"));
    mm_free(log);
    /* composite as the container says: each ANMF's rectangle, blended or not */
    unsigned char canvas[W * H * 4];
    memset(canvas, 0, sizeof canvas);
    size_t at = 12;
    for (int k = 0; k < N && at + 8 <= file.len; at += 8 + ((get_le(file.data + at + 4, 4) + 1) & ~1u)) {
        const char *c = file.data + at;
        if (memcmp(c, "ANMF", 4) != 0) {
            continue;
        }
        int fx = 2 * (int)get_le(c + 8, 3), fy = 2 * (int)get_le(c + 11, 3);
        bool blend = !(c[23] & 0x02);
        char name[32], one[1024];
        snprintf(name, sizeof name, "f%d.webp", k + 1);
        snprintf(one, sizeof one, "%s", mm_test_path(name));
        snprintf(cmd, sizeof cmd, "webpmux -get frame %d '%s' -o '%s'", k + 1, anim, one);
        mm_free(run(cmd));
        int fw = 0, fh = 0;
        char *data = NULL;
        const unsigned char *px = decode_still(one, &fw, &fh, &data);
        for (int y = 0; px && y < fh && fy + y < H; y++) {
            for (int x = 0; x < fw && fx + x < W; x++) {
                const unsigned char *p = px + ((size_t)y * (size_t)fw + (size_t)x) * 4;
                if (!blend || p[3] == 255) {
                    memcpy(canvas + ((size_t)(fy + y) * W + (size_t)(fx + x)) * 4, p, 4);
                }
                CHECK(!blend || p[3] == 0 || p[3] == 255); /* frames are opaque */
            }
        }
        mm_free(data);
        CHECK_INT(count_differences(name, canvas, &img[k]), 0);
        k++;
    }
    for (int k = 0; k < N; k++) {
        mm_buf_fini(&frames[k]);
        mm_free(img[k].pixels);
    }
    mm_buf_fini(&file);
}

MM_TESTS("webp", {"one_pixel", test_one_pixel}, {"odd_sizes", test_odd_sizes},
         {"random_noise", test_random_noise}, {"flat_areas", test_flat_areas},
         {"all_levels", test_all_levels}, {"transparency", test_transparency},
         {"longest_sides", test_longest_sides}, {"too_large", test_too_large},
         {"far_copies", test_far_copies}, {"deep_codes", test_deep_codes},
         {"threads_agree", test_threads_agree}, {"animation", test_animation},
         {"animation_alpha_flag", test_animation_alpha_flag},
         {"animation_of_changes", test_animation_of_changes})
