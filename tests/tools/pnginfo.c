/*
 * pnginfo.c — prints what the tests need to know about a PNG: size, colour
 * type, resolution and text chunks, one per line:
 *   size 1600x1200
 *   color RGB
 *   palette 256 colours, 8 bits   (palette images only)
 *   dpi 96
 *   text Title=...
 * and, given X Y after the file, the pixel there: "pixel r,g,b,a".
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: pnginfo FILE.png [X Y]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        fprintf(stderr, "pnginfo: %s: not a valid PNG\n", argv[1]);
        png_destroy_read_struct(&png, &info, NULL);
        fclose(f);
        return 1;
    }
    png_init_io(png, f);
    /* the header as stored (a palette stays a palette) unless a pixel is asked for */
    png_read_png(png, info,
                 argc == 4 ? PNG_TRANSFORM_EXPAND | PNG_TRANSFORM_STRIP_16 : PNG_TRANSFORM_IDENTITY,
                 NULL);
    if (argc == 4) {
        unsigned x = (unsigned)strtoul(argv[2], NULL, 10), y = (unsigned)strtoul(argv[3], NULL, 10);
        if (x >= png_get_image_width(png, info) || y >= png_get_image_height(png, info)) {
            fprintf(stderr, "pnginfo: %u,%u is outside the image\n", x, y);
            return 1;
        }
        png_bytepp rows = png_get_rows(png, info);
        int ch = png_get_channels(png, info);
        const unsigned char *p = rows[y] + (size_t)x * (size_t)ch;
        printf("pixel %d,%d,%d,%d\n", p[0], ch >= 3 ? p[1] : p[0], ch >= 3 ? p[2] : p[0],
               ch == 4   ? p[3]
               : ch == 2 ? p[1]
                         : 255);
        png_destroy_read_struct(&png, &info, NULL);
        fclose(f);
        return 0;
    }
    printf("size %ux%u\n", png_get_image_width(png, info), png_get_image_height(png, info));
    int ct = png_get_color_type(png, info);
    printf("color %s\n", ct == PNG_COLOR_TYPE_RGB       ? "RGB"
                         : ct == PNG_COLOR_TYPE_RGBA    ? "RGBA"
                         : ct == PNG_COLOR_TYPE_PALETTE ? "palette"
                         : ct == PNG_COLOR_TYPE_GRAY    ? "gray"
                                                        : "other");
    png_colorp plte;
    int nplte = 0;
    if (ct == PNG_COLOR_TYPE_PALETTE && png_get_PLTE(png, info, &plte, &nplte)) {
        printf("palette %d colours, %d bits\n", nplte, png_get_bit_depth(png, info));
    }
    png_uint_32 xres, yres;
    int unit;
    if (png_get_pHYs(png, info, &xres, &yres, &unit) && unit == PNG_RESOLUTION_METER) {
        printf("dpi %.0f\n", xres * 0.0254);
    }
    png_textp text;
    int ntext = 0;
    png_get_text(png, info, &text, &ntext);
    for (int i = 0; i < ntext; i++) {
        printf("text %s=%s\n", text[i].key, text[i].text);
    }
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
    return 0;
}
