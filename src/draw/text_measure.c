/*
 * text_measure.c — text extents through Pango. Part of draw/.
 */
#include "malimap/text_measure.h"

#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

void mm_font_from_names(const char *const *names, size_t n, double size_px, mm_arena *arena,
                        mm_font *out)
{
    mm_buf fam;
    mm_buf_init(&fam);
    out->weight = 400;
    out->italic = false;
    out->size_px = size_px;
    out->letter_spacing_px = 0;
    for (size_t i = 0; i < n; i++) {
        PangoFontDescription *fd = pango_font_description_from_string(names[i]);
        const char *f = pango_font_description_get_family(fd);
        if (f && *f) {
            if (fam.len) {
                mm_buf_puts(&fam, ", ");
            }
            mm_buf_puts(&fam, f);
        }
        if (i == 0) {
            out->weight = (int)pango_font_description_get_weight(fd);
            out->italic = pango_font_description_get_style(fd) != PANGO_STYLE_NORMAL;
        }
        pango_font_description_free(fd);
    }
    out->family = mm_arena_strdup(arena, fam.data ? fam.data : "sans-serif");
    mm_buf_fini(&fam);
}

/* One context per thread, created on first use (pango's default font map is
 * itself per thread) and released by mm_text_measure_release(). */
static _Thread_local PangoContext *ctx;

/*
 * What was measured, per thread: a map measures the same strings again and
 * again (legend rows, wrapped credits tried word by word, every frame of a
 * range): 380 of the default map's 594 measures, 4442 of 4704 over 20
 * frames, each a Pango layout of about 0.2 M instructions. Open addressing,
 * emptied when three quarters full; freed when the thread ends.
 */
enum { CACHE_SLOTS = 2048 };

typedef struct cached {
    uint64_t hash; /* 0: empty */
    char *text;
    char *family;
    int weight;
    bool italic;
    double size_px, letter_spacing_px;
    mm_text_extent extent;
} cached;

typedef struct measure_cache {
    cached slots[CACHE_SLOTS];
    size_t n;
} measure_cache;

static _Thread_local measure_cache *cache;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void cache_clear(measure_cache *c)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        if (c->slots[i].hash) {
            mm_free(c->slots[i].text);
            mm_free(c->slots[i].family);
        }
    }
    memset(c->slots, 0, sizeof c->slots);
    c->n = 0;
}

/* Also the key's destructor, when a thread that measured ends: its Pango
 * context goes with its cache (a frame worker's context leaked before). */
static void cache_free(void *p)
{
    measure_cache *c = p;
    if (c) {
        cache_clear(c);
        mm_free(c);
    }
    if (ctx) {
        g_object_unref(ctx);
        ctx = NULL;
    }
}

static void cache_key_create(void)
{
    pthread_key_create(&cache_key, cache_free);
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ b[i]) * 0x100000001b3u;
    }
    return h;
}

static uint64_t font_hash(const char *text, const mm_font *font)
{
    const char *family = font->family ? font->family : "";
    uint64_t h = fnv(0xcbf29ce484222325u, text, strlen(text) + 1);
    h = fnv(h, family, strlen(family) + 1);
    h = fnv(h, &font->weight, sizeof font->weight);
    h = fnv(h, &font->italic, sizeof font->italic);
    h = fnv(h, &font->size_px, sizeof font->size_px);
    h = fnv(h, &font->letter_spacing_px, sizeof font->letter_spacing_px);
    return h ? h : 1;
}

/* The slot of (text, font): its entry, or the empty slot where it goes. */
static cached *cache_slot(measure_cache *c, uint64_t h, const char *text, const mm_font *font)
{
    const char *family = font->family ? font->family : "";
    for (size_t i = h & (CACHE_SLOTS - 1);; i = (i + 1) & (CACHE_SLOTS - 1)) {
        cached *e = &c->slots[i];
        if (!e->hash ||
            (e->hash == h && e->weight == font->weight && e->italic == font->italic &&
             e->size_px == font->size_px && e->letter_spacing_px == font->letter_spacing_px &&
             !strcmp(e->text, text) && !strcmp(e->family, family))) {
            return e;
        }
    }
}

void mm_text_measure_release(void)
{
    if (ctx) {
        g_object_unref(ctx);
        ctx = NULL;
    }
    if (cache) {
        pthread_setspecific(cache_key, NULL);
        cache_free(cache);
        cache = NULL;
    }
}

static PangoContext *context(void)
{
    if (!ctx) {
        PangoFontMap *map = pango_cairo_font_map_get_default();
        ctx = pango_font_map_create_context(map);
        cairo_font_options_t *opts = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
        pango_cairo_context_set_font_options(ctx, opts);
        cairo_font_options_destroy(opts);
        /* fractional advances, as SVG viewers and PDF use them */
        pango_context_set_round_glyph_positions(ctx, FALSE);
    }
    return ctx;
}

static mm_text_extent measure(const char *text, const mm_font *font);

mm_text_extent mm_text_measure(const char *text, const mm_font *font)
{
    if (!cache) {
        pthread_once(&cache_once, cache_key_create);
        cache = mm_calloc(1, sizeof *cache);
        pthread_setspecific(cache_key, cache);
    }
    uint64_t h = font_hash(text, font);
    cached *e = cache_slot(cache, h, text, font);
    if (e->hash) {
        return e->extent;
    }
    if (4 * (cache->n + 1) > 3 * CACHE_SLOTS) {
        cache_clear(cache);
        e = cache_slot(cache, h, text, font);
    }
    *e = (cached){.hash = h,
                  .text = mm_strdup(text),
                  .family = mm_strdup(font->family ? font->family : ""),
                  .weight = font->weight,
                  .italic = font->italic,
                  .size_px = font->size_px,
                  .letter_spacing_px = font->letter_spacing_px,
                  .extent = measure(text, font)};
    cache->n++;
    return e->extent;
}

static mm_text_extent measure(const char *text, const mm_font *font)
{
    mm_text_extent e = {0};
    PangoLayout *layout = pango_layout_new(context());
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, font->family ? font->family : "sans-serif");
    pango_font_description_set_weight(fd, (PangoWeight)font->weight);
    pango_font_description_set_style(fd, font->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(fd, font->size_px * PANGO_SCALE);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    if (font->letter_spacing_px != 0) {
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(
            attrs, pango_attr_letter_spacing_new((int)(font->letter_spacing_px * PANGO_SCALE)));
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
    }
    pango_layout_set_text(layout, text, -1);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    double baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
    e.width = (double)logical.width / PANGO_SCALE;
    e.ascent = baseline - (double)logical.y / PANGO_SCALE;
    e.descent = (double)(logical.y + logical.height) / PANGO_SCALE - baseline;
    e.unknown = pango_layout_get_unknown_glyphs_count(layout);
    PangoLayoutIter *it = pango_layout_get_iter(layout);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (run) {
            e.glyphs += run->glyphs->num_glyphs;
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    g_object_unref(layout);
    return e;
}
