/*
 * imgdiff.c — compares two PNG images with a tolerance: the largest channel
 * difference a pixel may have before it counts as changed, and the share of
 * changed pixels allowed. Writes a diff image (changed pixels in red over a
 * faded reference) when asked. Exit 0 within tolerance, 1 outside, 2 on error.
 *
 *   imgdiff REF OUT [--threshold N] [--max-changed FRACTION] [--diff FILE]
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *load(const char *path, png_image *img)
{
    memset(img, 0, sizeof *img);
    img->version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(img, path)) {
        fprintf(stderr, "imgdiff: %s: %s\n", path, img->message);
        return NULL;
    }
    img->format = PNG_FORMAT_RGBA;
    unsigned char *buf = malloc(PNG_IMAGE_SIZE(*img));
    if (!buf || !png_image_finish_read(img, NULL, buf, 0, NULL)) {
        fprintf(stderr, "imgdiff: %s: %s\n", path, img->message);
        free(buf);
        return NULL;
    }
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: imgdiff REF OUT [--threshold N] [--max-changed F] [--diff FILE]\n");
        return 2;
    }
    int threshold = 24;
    double max_changed = 0.002;
    const char *diff_path = NULL;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--threshold")) {
            threshold = (int)strtol(argv[i + 1], NULL, 10);
        } else if (!strcmp(argv[i], "--max-changed")) {
            max_changed = strtod(argv[i + 1], NULL);
        } else if (!strcmp(argv[i], "--diff")) {
            diff_path = argv[i + 1];
        }
    }
    png_image a, b;
    unsigned char *pa = load(argv[1], &a);
    unsigned char *pb = pa ? load(argv[2], &b) : NULL;
    if (!pa || !pb) {
        free(pa);
        return 2;
    }
    if (a.width != b.width || a.height != b.height) {
        printf("size differs: %ux%u vs %ux%u\n", a.width, a.height, b.width, b.height);
        free(pa);
        free(pb);
        return 1;
    }
    size_t n = (size_t)a.width * a.height, changed = 0;
    int maxd = 0;
    unsigned char *diff = diff_path ? malloc(n * 4) : NULL;
    for (size_t i = 0; i < n; i++) {
        int d = 0;
        for (int c = 0; c < 4; c++) {
            int x = abs(pa[i * 4 + c] - pb[i * 4 + c]);
            d = x > d ? x : d;
        }
        maxd = d > maxd ? d : maxd;
        int is_changed = d > threshold;
        changed += (size_t)is_changed;
        if (diff) {
            unsigned char grey = (unsigned char)(200 + (pa[i * 4] + pa[i * 4 + 1] + pa[i * 4 + 2]) / 3 / 5);
            diff[i * 4 + 0] = is_changed ? 255 : grey;
            diff[i * 4 + 1] = is_changed ? 0 : grey;
            diff[i * 4 + 2] = is_changed ? 0 : grey;
            diff[i * 4 + 3] = 255;
        }
    }
    double share = (double)changed / (double)n;
    printf("max channel difference %d, %zu of %zu pixels changed (%.4f%%)\n", maxd, changed, n,
           share * 100);
    int rc = share <= max_changed ? 0 : 1;
    if (diff && rc) {
        png_image out = a;
        out.format = PNG_FORMAT_RGBA;
        png_image_write_to_file(&out, diff_path, 0, diff, 0, NULL);
    }
    free(diff);
    free(pa);
    free(pb);
    return rc;
}
