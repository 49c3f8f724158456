/*
 * test_text_measure.c — text through Pango and HarfBuzz: accents, Arabic
 * shaped with its joining and ligatures, Tifinagh; widths that grow with the
 * text; font names as MapLibre writes them; measures remembered per thread
 * give what measuring again would.
 */
#include <pthread.h>
#include <stdio.h>

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

static bool same_extent(mm_text_extent a, mm_text_extent b)
{
    return a.width == b.width && a.ascent == b.ascent && a.descent == b.descent &&
           a.glyphs == b.glyphs && a.unknown == b.unknown;
}

/* Measures the same strings in fonts that differ in one field each, twice,
 * more strings than the cache holds in between, and once more after a
 * release: every answer equals the first. */
typedef struct run {
    int bad;
    bool release; /* release at the end; else the thread's end frees the cache */
} run;

static void *remeasure(void *arg)
{
    run *r = arg;
    int *bad = &r->bad;
    mm_arena *a = mm_arena_create(0);
    mm_font f[5];
    for (int k = 0; k < 5; k++) {
        f[k] = font(a, 12);
    }
    f[1].size_px = 12.5;
    f[2].weight = 700;
    f[3].italic = true;
    f[4].letter_spacing_px = 0.5;
    const char *words[] = {"Kidal", "Tombouctou", "Gao", "Ménaka", "Niafunké"};
    mm_text_extent first[5][5];
    for (int k = 0; k < 5; k++) {
        for (int w = 0; w < 5; w++) {
            first[k][w] = mm_text_measure(words[w], &f[k]);
        }
    }
    for (int k = 1; k < 5; k++) {
        *bad += same_extent(first[0][3], first[k][3]); /* each field counts */
    }
    char buf[32];
    for (int round = 0; round < 3; round++) {
        for (int k = 0; k < 5; k++) {
            for (int w = 0; w < 5; w++) {
                *bad += !same_extent(first[k][w], mm_text_measure(words[w], &f[k]));
            }
        }
        for (int i = 0; i < 1600 && round == 0; i++) { /* more than fit: the cache empties */
            snprintf(buf, sizeof buf, "place %d", i);
            mm_text_measure(buf, &f[i % 5]);
        }
        if (round == 1) {
            mm_text_measure_release();
        }
    }
    mm_arena_destroy(a);
    if (r->release) {
        mm_text_measure_release();
    }
    return NULL;
}

static void test_remembered_measures_are_the_same(void)
{
    run here = {0, true};
    remeasure(&here);
    CHECK_INT(here.bad, 0);
    /* on another thread, which ends without a release (its cache goes with it) */
    run there = {0, false};
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, remeasure, &there), 0);
    pthread_join(t, NULL);
    CHECK_INT(there.bad, 0);
}

MM_TESTS("text_measure", {"font_names", test_font_names}, {"accents", test_accents},
         {"arabic_is_shaped", test_arabic_is_shaped}, {"tifinagh", test_tifinagh},
         {"width_grows_with_size", test_width_grows_with_size},
         {"remembered_measures_are_the_same", test_remembered_measures_are_the_same})
