/*
 * text_measure.c — text extents through Pango. Part of draw/.
 */
#include "malimap/text_measure.h"

#include <pango/pangocairo.h>
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

void mm_text_measure_release(void)
{
    if (ctx) {
        g_object_unref(ctx);
        ctx = NULL;
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

mm_text_extent mm_text_measure(const char *text, const mm_font *font)
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
