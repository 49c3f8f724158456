/*
 * png.c — PNG encoding with libpng. Part of out/: the only file that
 * includes <png.h>. Converts cairo's premultiplied ARGB to straight RGB(A)
 * row by row, so no second full-size buffer is needed.
 */
#include "malimap/png.h"

#include <png.h>
#include <setjmp.h>
#include <stdbool.h>
#include <string.h>

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

static bool is_opaque(const mm_image *img)
{
    for (int y = 0; y < img->height; y++) {
        const uint32_t *row =
            (const uint32_t *)((const char *)img->pixels + (size_t)y * img->stride);
        for (int x = 0; x < img->width; x++) {
            if ((row[x] >> 24) != 0xff) {
                return false;
            }
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

mm_status mm_png_encode(const mm_image *img, const mm_png_opts *opts, mm_buf *out, mm_error *err)
{
    sink s = {.out = out};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &s, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *volatile row = NULL;
    png_text *volatile texts = NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        return MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "cannot set up the PNG encoder");
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        mm_free(row);
        mm_free(texts);
        return MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "PNG encoding failed: %s", s.msg);
    }
    png_set_write_fn(png, &s, on_write, on_flush);
    bool alpha = !is_opaque(img);
    png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 8,
                 alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    int level = opts && opts->compression >= 0 && opts->compression <= 9 ? opts->compression : 6;
    png_set_compression_level(png, level);
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
    row = mm_array_alloc((size_t)img->width, alpha ? 4 : 3);
    for (int y = 0; y < img->height; y++) {
        const uint32_t *src =
            (const uint32_t *)((const char *)img->pixels + (size_t)y * img->stride);
        convert_row(src, row, img->width, alpha);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    mm_free(row);
    mm_free(texts);
    return MM_OK;
}
