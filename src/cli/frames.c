/*
 * frames.c — `malimap render` over a range of dates: one file per frame from
 * a name template, a manifest, a progress bar, an animated GIF or WebP, an
 * HTML player, a grid of small multiples. Interrupts stop cleanly: finished
 * frames stay, nothing partial is left. Part of cli/.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "malimap/gif.h"
#include "malimap/output.h"
#include "malimap/png.h"
#include "malimap/raster.h"
#include "malimap/svg.h"
#include "malimap/webp.h"
#include "render.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1; /* workers finish the frame in hand, then stop */
}

/* While frames are drawn, SIGINT and SIGTERM ask them to stop; old[] keeps
 * the handlers to put back. */
static void catch_stop(struct sigaction old[2])
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old[0]);
    sigaction(SIGTERM, &sa, &old[1]);
}

static void release_stop(const struct sigaction old[2])
{
    sigaction(SIGINT, &old[0], NULL);
    sigaction(SIGTERM, &old[1], NULL);
}

/* ---- names ---- */

bool frames_template_ok(const char *t)
{
    return strstr(t, "{date}") || strstr(t, "{n}");
}

/* The file name of frame n (1-based) of count for date. */
static char *frame_name(const char *tmpl, mm_date date, size_t n, size_t count)
{
    char iso[11], num[32];
    mm_date_format(date, iso);
    int digits = 1;
    for (size_t c = count; c >= 10 && digits < 20; c /= 10) {
        digits++;
    }
    snprintf(num, sizeof num, "%0*zu", digits, n);
    mm_buf b;
    mm_buf_init(&b);
    for (const char *p = tmpl; *p;) {
        if (!strncmp(p, "{date}", 6)) {
            mm_buf_puts(&b, iso);
            p += 6;
        } else if (!strncmp(p, "{n}", 3)) {
            mm_buf_puts(&b, num);
            p += 3;
        } else {
            mm_buf_putc(&b, *p++);
        }
    }
    return mm_buf_steal(&b);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The folder of path with a trailing slash ("" for the current one). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? mm_strndup(path, (size_t)(slash - path + 1)) : mm_strdup("");
}

/* The absolute form of folder dir ("" for the current one), or NULL. */
static char *real_dir(const char *dir)
{
    return realpath(dir[0] ? dir : ".", NULL);
}

/*
 * The path of file as seen from folder from (both existing): "../" for each
 * folder of from below their common part, then the rest of file's.
 */
static char *relative_path(const char *from, const char *file)
{
    char *fdir = dir_of(file);
    char *a = real_dir(from), *b = real_dir(fdir);
    mm_free(fdir);
    mm_buf r;
    mm_buf_init(&r);
    if (!a || !b) {
        mm_buf_puts(&r, file);
    } else {
        /* the root as "" so that every folder below it starts with '/' */
        const char *pa = strcmp(a, "/") ? a : "", *pb = strcmp(b, "/") ? b : "";
        size_t common = 0;
        for (size_t i = 0;; i++) {
            bool ea = pa[i] == '\0' || pa[i] == '/', eb = pb[i] == '\0' || pb[i] == '/';
            if (ea && eb) {
                common = i;
            }
            if (pa[i] != pb[i] || !pa[i]) {
                break;
            }
        }
        for (const char *p = pa + common; *p; p++) {
            if (*p == '/') {
                mm_buf_puts(&r, "../");
            }
        }
        if (pb[common]) {
            mm_buf_puts(&r, pb + common + 1);
            mm_buf_putc(&r, '/');
        }
        mm_buf_puts(&r, base_name(file));
    }
    free(a);
    free(b);
    return mm_buf_steal(&r);
}

/* ---- the run ---- */

typedef struct run {
    const frames_opts *fo;
    encoding enc;
    size_t n;
    const mm_date *dates;
    char **names; /* per frame: file name (files mode) */
    bool *done;   /* per frame: written */
    bool *changed;
    mm_buf *anim;       /* per frame: GIF block or VP8L bitstream (animation) */
    mm_png_cache **png; /* per worker: the bands of its previous PNG frame */
    char **alt;         /* per frame: its alt text (manifest, player) */
    int width, height;
    /* progress */
    pthread_mutex_t lock;
    size_t finished;
    double t0;
    bool show_progress;
} run;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void progress(run *r)
{
    double el = now_s() - r->t0;
    double rate = el > 0 ? (double)r->finished / el : 0;
    double left = rate > 0 ? (double)(r->n - r->finished) / rate : 0;
    int width = 30, fill = (int)((double)width * (double)r->finished / (double)r->n);
    char bar[64];
    for (int i = 0; i < width; i++) {
        bar[i] = i < fill ? '#' : '-';
    }
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu frames, %.1f/s, %.0f s left ", bar, r->finished, r->n, rate,
            left);
    fflush(stderr);
}

/* zlib level of frame PNGs: a range writes many, so speed before size
 * (the default map's frame: 14.7 ms and 422 KB, against 23.7 ms and 394 KB
 * at the single map's level 5). Each worker keeps the compressed bands of
 * its previous frame (mm_png_cache), and only bands that differ are
 * compressed again. */
enum { FRAME_PNG_LEVEL = 2 };

/* PNG bytes of a frame image with its text chunks. */
static mm_status encode_png(const run *r, const mm_frame *f, mm_buf *out, mm_error *err)
{
    char day[32], title[160];
    mm_date_format_long(f->date, day, sizeof day);
    snprintf(title, sizeof title, "%s, %s", r->fo->title ? r->fo->title : "Map", day);
    mm_png_text text[4];
    size_t nt = 0;
    text[nt++] = (mm_png_text){"Title", title};
    text[nt++] = (mm_png_text){"Description", f->alt_text ? f->alt_text : ""};
    text[nt++] = (mm_png_text){"Software", "malimap " MM_VERSION};
    if (r->fo->credits) {
        text[nt++] = (mm_png_text){"Source", r->fo->credits};
    }
    mm_png_opts po = {.dpi = r->enc.dpi * r->enc.scale,
                      .text = text,
                      .ntext = nt,
                      .compression = FRAME_PNG_LEVEL,
                      .palette = r->enc.png8,
                      .cache = r->png[f->worker]};
    return mm_png_encode(f->image, &po, out, err);
}

static mm_status on_frame(void *ctx, const mm_frame *f, mm_error *err)
{
    run *r = ctx;
    mm_status st = MM_OK;
    if (r->fo->gif) {
        mm_buf_init(&r->anim[f->index]);
        mm_gif_frame(f->image, f->previous, r->fo->delay_ms / 10, &r->anim[f->index]);
    } else if (r->fo->webp) {
        mm_buf_init(&r->anim[f->index]);
        st = mm_webp_frame(f->image, f->previous, &r->anim[f->index], err);
    } else {
        mm_buf out;
        mm_buf_init(&out);
        if (f->image) {
            st = encode_png(r, f, &out, err);
        } else {
            st = render_encode(f->scene, &r->enc, &out, err);
        }
        if (st == MM_OK) {
            st = mm_output_write(r->names[f->index], out.data, out.len, err);
        }
        mm_buf_fini(&out);
    }
    pthread_mutex_lock(&r->lock);
    if (st == MM_OK) {
        r->alt[f->index] = mm_strdup(f->alt_text ? f->alt_text : "");
        r->done[f->index] = true;
        r->changed[f->index] = f->changed;
        r->finished++;
        if (r->show_progress) {
            progress(r);
        }
    }
    pthread_mutex_unlock(&r->lock);
    return st;
}

static void json_str(mm_buf *b, const char *s)
{
    mm_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            mm_buf_putc(b, '\\');
            mm_buf_putc(b, *s);
        } else if ((unsigned char)*s < 0x20 || *s == '<') {
            /* '<' too, so a name cannot end the player's <script> */
            mm_buf_printf(b, "\\u%04x", *s);
        } else {
            mm_buf_putc(b, *s);
        }
    }
    mm_buf_putc(b, '"');
}

/* manifest.json next to the frames: every finished frame in date order. */
static mm_status write_manifest(const run *r, const char *dir, mm_error *err)
{
    mm_buf b;
    mm_buf_init(&b);
    mm_buf_puts(&b, "{\n  \"frames\": [");
    const char *sep = "\n";
    for (size_t k = 0; k < r->n; k++) {
        if (!r->done[k]) {
            continue;
        }
        char iso[11];
        mm_date_format(r->dates[k], iso);
        mm_buf_printf(&b, "%s    {\"n\": %zu, \"date\": \"%s\", \"file\": ", sep, k + 1, iso);
        json_str(&b, base_name(r->names[k]));
        mm_buf_printf(&b, ", \"changed\": %s, \"alt\": ", r->changed[k] ? "true" : "false");
        json_str(&b, r->alt[k]);
        mm_buf_putc(&b, '}');
        sep = ",\n";
    }
    mm_buf_puts(&b, "\n  ]\n}\n");
    char *path = NULL;
    mm_buf p;
    mm_buf_init(&p);
    mm_buf_printf(&p, "%smanifest.json", dir);
    path = mm_buf_steal(&p);
    mm_status st = mm_output_write(path, b.data, b.len, err);
    mm_free(path);
    mm_buf_fini(&b);
    return st;
}

/* An HTML page showing the frames with a date slider and play/pause, offline. */
static mm_status write_player(const run *r, const char *path, mm_error *err)
{
    char *pdir = dir_of(path);
    mm_buf b;
    mm_buf_init(&b);
    mm_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>");
    mm_svg_escape(&b, r->fo->title ? r->fo->title : "Map");
    mm_buf_puts(&b, "</title>\n<style>\nbody{font-family:'Noto Sans','DejaVu Sans',sans-serif;"
                    "margin:1em;max-width:1200px}\nimg{width:100%;height:auto;display:block}\n"
                    ".bar{display:flex;gap:.8em;align-items:center;margin:.5em 0}\n"
                    "input[type=range]{flex:1}\n</style>\n</head>\n<body>\n<figure>\n"
                    "<img id=\"frame\" alt=\"\">\n<figcaption><div class=\"bar\">"
                    "<button id=\"play\" type=\"button\">Play</button>"
                    "<input id=\"slider\" type=\"range\" min=\"0\" value=\"0\" "
                    "aria-label=\"Date\"><output id=\"date\"></output></div>\n");
    if (r->fo->credits) {
        mm_buf_puts(&b, "<small>");
        mm_svg_escape(&b, r->fo->credits);
        mm_buf_puts(&b, "</small>\n");
    }
    mm_buf_puts(&b, "</figcaption>\n</figure>\n<script>\nconst frames = [\n");
    for (size_t k = 0; k < r->n; k++) {
        if (!r->done[k]) {
            continue;
        }
        char iso[11], day[32];
        mm_date_format(r->dates[k], iso);
        mm_date_format_long(r->dates[k], day, sizeof day);
        /* frame paths relative to the page */
        char *rel = relative_path(pdir, r->names[k]);
        mm_buf url;
        mm_buf_init(&url);
        for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
            if (isalnum(*p) || strchr("/-._~", *p)) {
                mm_buf_putc(&url, (char)*p);
            } else {
                mm_buf_printf(&url, "%%%02X", *p); /* a URL, not a path: '#', '?', ' '… */
            }
        }
        mm_buf_printf(&b, "  {date: \"%s\", label: \"%s\", src: ", iso, day);
        json_str(&b, url.data);
        mm_buf_fini(&url);
        mm_buf_puts(&b, ", alt: ");
        json_str(&b, r->alt[k]);
        mm_buf_puts(&b, "},\n");
        mm_free(rel);
    }
    mm_buf_printf(&b,
                  "];\nconst img = document.getElementById('frame');\n"
                  "const slider = document.getElementById('slider');\n"
                  "const out = document.getElementById('date');\n"
                  "const play = document.getElementById('play');\n"
                  "slider.max = frames.length - 1;\nlet timer = null;\n"
                  "function show(i) {\n  const f = frames[i];\n  img.src = f.src;\n"
                  "  img.alt = f.alt;\n  out.textContent = f.label;\n"
                  "  out.dataset.date = f.date;\n  slider.value = i;\n}\n"
                  "slider.addEventListener('input', () => show(Number(slider.value)));\n"
                  "play.addEventListener('click', () => {\n"
                  "  if (timer) { clearInterval(timer); timer = null; play.textContent = "
                  "'Play'; return; }\n"
                  "  play.textContent = 'Pause';\n"
                  "  timer = setInterval(() => show((Number(slider.value) + 1) %% "
                  "frames.length), %d);\n});\n"
                  "if (frames.length) show(0);\n</script>\n</body>\n</html>\n",
                  r->fo->delay_ms);
    mm_status st = mm_output_write(path, b.data, b.len, err);
    mm_buf_fini(&b);
    mm_free(pdir);
    return st;
}

/* Creates the folders of path (like mkdir -p), so frames/ need not exist. */
static mm_status make_dirs(const char *path, mm_error *err)
{
    char *dir = dir_of(path);
    mm_status st = MM_OK;
    for (char *p = dir + 1; *p && st == MM_OK; p++) {
        if (*p != '/') {
            continue;
        }
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            st = MM_ERR(err, MM_E_IO, dir, 0, 0, "cannot create the folder: %s", strerror(errno));
        }
        *p = '/';
    }
    mm_free(dir);
    return st;
}

mm_status render_frames(const mm_map_opts *o, const frames_opts *fo, mm_error *err)
{
    mm_status st = make_dirs(fo->output, err);
    if (st == MM_OK && fo->html) {
        st = make_dirs(fo->html, err);
    }
    if (st != MM_OK) {
        return st;
    }
    mm_map *map = NULL;
    st = mm_map_open(o, &map, err);
    if (st != MM_OK) {
        return st;
    }
    bool anim = fo->gif || fo->webp;
    run r = {.fo = fo, .enc = fo->enc, .n = fo->ndates, .dates = fo->dates};
    r.names = mm_calloc(r.n, sizeof *r.names);
    r.done = mm_calloc(r.n, sizeof *r.done);
    r.changed = mm_calloc(r.n, sizeof *r.changed);
    r.alt = mm_calloc(r.n, sizeof *r.alt);
    r.anim = anim ? mm_calloc(r.n, sizeof *r.anim) : NULL;
    int jobs = fo->jobs < 1 ? 1 : fo->jobs;
    r.png = mm_calloc((size_t)jobs, sizeof *r.png);
    for (int t = 0; t < jobs; t++) {
        r.png[t] = mm_png_cache_create();
    }
    for (size_t k = 0; !anim && k < r.n; k++) {
        r.names[k] = frame_name(fo->output, fo->dates[k], k + 1, r.n);
    }
    if (r.enc.dpi <= 0) {
        r.enc.dpi = mm_map_style_dpi(map) > 0 ? mm_map_style_dpi(map) : 96;
    }
    mm_map_size(map, &r.width, &r.height);
    frames_opts named = *fo;
    named.title = fo->title ? fo->title : mm_map_title(map);
    named.credits = fo->credits ? fo->credits : mm_map_credits(map);
    r.fo = &named;
    pthread_mutex_init(&r.lock, NULL);
    r.show_progress = !fo->quiet && isatty(STDERR_FILENO);
    r.t0 = now_s();
    struct sigaction old[2];
    catch_stop(old);
    mm_frames_opts mo = {.jobs = jobs,
                         .raster = anim || r.enc.fmt == FMT_PNG,
                         .previous = anim,
                         .stop = &stop_requested};
    st = mm_map_render_frames(map, fo->dates, fo->ndates, &mo, on_frame, &r, err);
    release_stop(old);
    if (r.show_progress) {
        fputc('\n', stderr);
    }
    /* what finished stays, with a manifest that says so */
    char *dir = dir_of(anim ? fo->output : r.names[0]);
    if (!anim) {
        mm_error e2;
        mm_error_clear(&e2);
        mm_status s2 = write_manifest(&r, dir, st == MM_OK ? err : &e2);
        st = st == MM_OK ? s2 : st;
    }
    if (st == MM_OK && anim) {
        mm_buf out;
        mm_buf_init(&out);
        int w = (int)lround(r.width * r.enc.scale), h = (int)lround(r.height * r.enc.scale);
        if (fo->webp) {
            st = mm_webp_write(w, h, r.anim, r.n, fo->delay_ms, &out, err);
        } else {
            mm_gif_write(w, h, r.anim, r.n, &out);
        }
        if (st == MM_OK) {
            st = mm_output_write(fo->output, out.data, out.len, err);
        }
        mm_buf_fini(&out);
    }
    if (st == MM_OK && fo->html && !anim) {
        st = write_player(&r, fo->html, err);
    }
    mm_free(dir);
    for (size_t k = 0; k < r.n; k++) {
        mm_free(r.names[k]);
        mm_free(r.alt[k]);
        if (r.anim) {
            mm_buf_fini(&r.anim[k]);
        }
    }
    for (int t = 0; t < jobs; t++) {
        mm_png_cache_destroy(r.png[t]);
    }
    mm_free(r.png);
    pthread_mutex_destroy(&r.lock);
    mm_free(r.names);
    mm_free(r.done);
    mm_free(r.changed);
    mm_free(r.alt);
    mm_free(r.anim);
    mm_map_close(map);
    return st;
}

mm_status render_grid(const mm_map_opts *o, const frames_opts *fo, mm_error *err)
{
    mm_map *map = NULL;
    mm_status st = mm_map_open(o, &map, err);
    if (st != MM_OK) {
        return st;
    }
    encoding enc = fo->enc;
    if (enc.dpi <= 0) {
        enc.dpi = mm_map_style_dpi(map) > 0 ? mm_map_style_dpi(map) : 96;
    }
    struct sigaction old[2];
    catch_stop(old);
    mm_grid_opts go = {
        .cols = fo->grid_cols, .rows = fo->grid_rows, .jobs = fo->jobs, .stop = &stop_requested};
    mm_scene *sheet = NULL;
    st = mm_map_render_grid(map, fo->dates, fo->ndates, &go, &sheet, err);
    release_stop(old);
    mm_buf out;
    mm_buf_init(&out);
    if (st == MM_OK) {
        st = render_encode(sheet, &enc, &out, err);
    }
    if (st == MM_OK) {
        st = mm_output_write(fo->output, out.data, out.len, err);
    }
    mm_buf_fini(&out);
    mm_scene_destroy(sheet);
    mm_map_close(map);
    return st;
}
