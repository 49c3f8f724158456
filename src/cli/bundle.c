/*
 * bundle.c — `malimap render --bundle DIR`: what an article needs in one
 * folder: the map as PNG at 1x and 2x for each width, as SVG, its alt text,
 * and embed.html with a responsive <figure>. Part of cli/.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "malimap/output.h"
#include "malimap/style.h"
#include "malimap/svg.h"
#include "render.h"

typedef struct bundle_file {
    char name[64];
    mm_buf data;
} bundle_file;

typedef struct bundle {
    bundle_file files[2 * 8 + 3];
    int n;
} bundle;

static mm_buf *add_file(bundle *b, const char *name)
{
    bundle_file *f = &b->files[b->n++];
    snprintf(f->name, sizeof f->name, "%s", name);
    mm_buf_init(&f->data);
    return &f->data;
}

/* map-640.png, map-640@2x.png */
static mm_buf *add_png(bundle *b, int width, int scale)
{
    char name[64];
    snprintf(name, sizeof name, scale > 1 ? "map-%d@%dx.png" : "map-%d.png", width, scale);
    return add_file(b, name);
}

/* The aspect ratio the bundle keeps: the --size given, else the style's. */
static mm_status aspect(const mm_map_opts *o, int *w, int *h, mm_error *err)
{
    if (o->width_px && o->height_px) {
        *w = o->width_px;
        *h = o->height_px;
        return MM_OK;
    }
    mm_style *style = NULL;
    mm_status st = mm_style_load(o->style_path, &style, err);
    if (st == MM_OK) {
        const mm_style_settings *set = mm_style_settings_get(style);
        *w = set->width_px ? set->width_px : 1600;
        *h = set->height_px ? set->height_px : 1200;
    }
    mm_style_destroy(style);
    return st;
}

static void html_text(mm_buf *out, const char *s)
{
    mm_svg_escape(out, s ? s : "");
}

/*
 * A whole page, so it can be opened as it is; the <figure> between the two
 * comments is what goes into an article. Narrow screens get the map drawn
 * for their width (labels placed for it), each at 1x and 2x; the widest one
 * is the <img> with width descriptors for every file.
 */
static void embed_html(mm_buf *out, const bundle_opts *b, const int *heights, const char *title,
                       mm_date date, const char *credits, const char *alt)
{
    int widest = b->widths[b->nwidths - 1], widest_h = heights[b->nwidths - 1];
    char day[32];
    mm_date_format_long(date, day, sizeof day);
    mm_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>");
    html_text(out, title);
    mm_buf_puts(out, "</title>\n<style>\n");
    mm_buf_printf(out, ".malimap-figure{margin:0 auto;max-width:%dpx}\n", widest);
    mm_buf_puts(out, ".malimap-figure img{display:block;width:100%;height:auto}\n"
                     ".malimap-figure figcaption{font:15px/1.4 'Noto Sans','DejaVu Sans',"
                     "sans-serif;color:#222;margin:.5em 0 0}\n"
                     ".malimap-figure .malimap-credits{display:block;font-size:12px;color:#555}\n"
                     "</style>\n</head>\n<body>\n<!-- malimap figure: copy from here -->\n"
                     "<figure class=\"malimap-figure\">\n<picture>\n");
    for (int i = 0; i < b->nwidths - 1; i++) {
        int w = b->widths[i];
        mm_buf_printf(out,
                      "<source media=\"(max-width: %dpx)\" srcset=\"map-%d.png 1x, "
                      "map-%d@2x.png 2x\" width=\"%d\" height=\"%d\">\n",
                      w, w, w, w, heights[i]);
    }
    mm_buf_printf(out, "<img src=\"map-%d.png\" srcset=\"", widest);
    for (int i = 0; i < b->nwidths; i++) {
        int w = b->widths[i];
        mm_buf_printf(out, "%smap-%d.png %dw, map-%d@2x.png %dw", i ? ", " : "", w, w, w, 2 * w);
    }
    mm_buf_printf(out,
                  "\" sizes=\"(max-width: %dpx) 100vw, %dpx\" width=\"%d\" height=\"%d\" alt=\"",
                  widest, widest, widest, widest_h);
    html_text(out, alt);
    mm_buf_puts(out, "\">\n</picture>\n<figcaption>");
    html_text(out, title);
    mm_buf_printf(out, ", %s. <a href=\"map.svg\">SVG</a>\n<span class=\"malimap-credits\">", day);
    html_text(out, credits);
    mm_buf_puts(out, "</span></figcaption>\n</figure>\n<!-- malimap figure: to here -->\n"
                     "</body>\n</html>\n");
}

static mm_status make_dir(const char *dir, mm_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        return S_ISDIR(st.st_mode)
                   ? MM_OK
                   : MM_ERR(err, MM_E_IO, dir, 0, 0, "--bundle needs a folder, and this is a file");
    }
    if (mkdir(dir, 0777) != 0) {
        return MM_ERR(err, MM_E_IO, dir, 0, 0, "cannot create the folder: %s", strerror(errno));
    }
    return MM_OK;
}

mm_status render_bundle(const mm_map_opts *o, mm_date date, const bundle_opts *b, mm_error *err)
{
    bundle files = {.n = 0};
    int heights[8] = {0};
    int aw = 0, ah = 0;
    mm_buf alt;
    mm_buf_init(&alt);
    mm_status st = aspect(o, &aw, &ah, err);
    for (int i = 0; i < b->nwidths && st == MM_OK; i++) {
        int w = b->widths[i];
        int h = (int)((double)w * ah / aw + 0.5);
        h = h < 16 ? 16 : h;
        heights[i] = h;
        mm_map_opts mo = *o;
        mo.width_px = w;
        mo.height_px = h;
        mo.scale = 2; /* simplify for the 2x image; the 1x one cannot tell */
        mm_scene *scene = NULL;
        double style_dpi = 0;
        mm_date drawn = MM_DATE_NONE;
        mm_buf_reset(&alt);
        st = render_map(&mo, date, &scene, &alt, &style_dpi, &drawn, err);
        encoding enc = {.fmt = FMT_PNG,
                        .scale = 1,
                        .png8 = b->png8,
                        .dpi = b->dpi > 0      ? b->dpi
                               : style_dpi > 0 ? style_dpi
                                               : 96};
        if (st == MM_OK) {
            st = render_encode(scene, &enc, add_png(&files, w, 1), err);
        }
        if (st == MM_OK) {
            enc.scale = 2;
            st = render_encode(scene, &enc, add_png(&files, w, 2), err);
        }
        if (st == MM_OK && i == b->nwidths - 1) {
            enc.fmt = FMT_SVG;
            st = render_encode(scene, &enc, add_file(&files, "map.svg"), err);
            mm_buf *txt = add_file(&files, "alt.txt");
            mm_buf_append(txt, alt.data ? alt.data : "", alt.len);
            mm_buf_putc(txt, '\n');
            embed_html(add_file(&files, "embed.html"), b, heights, mm_scene_meta(scene, "title"),
                       drawn, mm_scene_meta(scene, "credits"), alt.data);
        }
        mm_scene_destroy(scene);
    }
    if (st == MM_OK) {
        st = make_dir(b->dir, err);
    }
    mm_buf path;
    mm_buf_init(&path);
    for (int i = 0; i < files.n && st == MM_OK; i++) {
        mm_buf_reset(&path);
        size_t dl = strlen(b->dir);
        mm_buf_printf(&path, "%s%s%s", b->dir, dl && b->dir[dl - 1] == '/' ? "" : "/",
                      files.files[i].name);
        st = mm_output_write(path.data, files.files[i].data.data, files.files[i].data.len, err);
    }
    if (st == MM_OK && b->alt_path) {
        st = render_write_text(b->alt_path, &alt, err);
    }
    mm_buf_fini(&path);
    for (int i = 0; i < files.n; i++) {
        mm_buf_fini(&files.files[i].data);
    }
    mm_buf_fini(&alt);
    return st;
}
