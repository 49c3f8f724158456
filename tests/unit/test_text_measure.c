/*
 * test_text_measure.c — text through Pango and HarfBuzz: accents, Arabic
 * shaped with its joining and ligatures, Tifinagh; widths that grow with the
 * text; font names as MapLibre writes them.
 */
#include "harness.h"
#include "malimap/text_measure.h"

static mm_font font(mm_arena *a, double size)
{
    const char *names[] = {"Noto Sans Regular", "DejaVu Sans Book"};
    mm_font f;
    mm_font_from_names(names, 2, size, a, &f);
    return f;
}

static void test_font_names(void)
{
    mm_arena *a = mm_arena_create(0);
    const char *names[] = {"Noto Sans Bold", "DejaVu Sans Bold"};
    mm_font f;
    mm_font_from_names(names, 2, 12, a, &f);
    CHECK_STR(f.family, "Noto Sans, DejaVu Sans");
    CHECK_INT(f.weight, 700);
    CHECK(!f.italic);
    const char *it[] = {"Noto Sans Italic"};
    mm_font_from_names(it, 1, 12, a, &f);
    CHECK(f.italic);
    CHECK_INT(f.weight, 400);
    mm_arena_destroy(a);
}

static void test_accents(void)
{
    mm_arena *a = mm_arena_create(0);
    mm_font f = font(a, 14);
    mm_text_extent e = mm_text_measure("Niafunk\xc3\xa9", &f);
    CHECK_INT(e.glyphs, 8);
    CHECK_INT(e.unknown, 0);
    mm_text_extent d = mm_text_measure("Niafunke\xcc\x81", &f); /* decomposed é */
    CHECK_INT(d.unknown, 0);
    CHECK(e.width > 40 && e.width < 90);
    CHECK(e.ascent > 8 && e.descent > 2);
    mm_text_extent s = mm_text_measure("S\xc3\xa9gou", &f);
    CHECK(s.width < e.width);
    mm_arena_destroy(a);
}

static void test_arabic_is_shaped(void)
{
    mm_arena *a = mm_arena_create(0);
    mm_font f = font(a, 16);
    /* lam + alef form one ligature glyph when shaped */
    mm_text_extent la = mm_text_measure("\xd9\x84\xd8\xa7", &f);
    CHECK_INT(la.glyphs, 1);
    CHECK_INT(la.unknown, 0);
    /* Timbuktu, تمبكتو: six letters, six joined glyphs, all drawable */
    mm_text_extent t = mm_text_measure("\xd8\xaa\xd9\x85\xd8\xa8\xd9\x83\xd8\xaa\xd9\x88", &f);
    CHECK_INT(t.glyphs, 6);
    CHECK_INT(t.unknown, 0);
    CHECK(t.width > 20);
    mm_arena_destroy(a);
}

static void test_tifinagh(void)
{
    mm_arena *a = mm_arena_create(0);
    mm_font f = font(a, 16);
    /* ⵜⵉⵏⴱⵓⴽⵜⵓ: eight Tifinagh letters from the Noto Tifinagh font by fallback */
    mm_text_extent t = mm_text_measure("\xe2\xb5\x9c\xe2\xb5\x89\xe2\xb5\x8f\xe2\xb4\xb1\xe2\xb5\x93"
                                       "\xe2\xb4\xbd\xe2\xb5\x9c\xe2\xb5\x93",
                                       &f);
    CHECK_INT(t.glyphs, 8);
    CHECK_INT(t.unknown, 0);
    mm_arena_destroy(a);
}

static void test_width_grows_with_size(void)
{
    mm_arena *a = mm_arena_create(0);
    mm_font small = font(a, 10), big = font(a, 20);
    double ws = mm_text_measure("Tinzaouatene", &small).width;
    double wb = mm_text_measure("Tinzaouatene", &big).width;
    CHECK_NEAR(wb / ws, 2, 0.05);
    big.letter_spacing_px = 3;
    double wl = mm_text_measure("Tinzaouatene", &big).width;
    CHECK_NEAR(wl - wb, 3 * 12, 3.5); /* 12 letters, spacing after each */
    mm_arena_destroy(a);
    mm_text_measure_release();
}

MM_TESTS("text_measure", {"font_names", test_font_names}, {"accents", test_accents},
         {"arabic_is_shaped", test_arabic_is_shaped}, {"tifinagh", test_tifinagh},
         {"width_grows_with_size", test_width_grows_with_size})
