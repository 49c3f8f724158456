/*
 * test_text.c — unit tests for core/text: strict UTF-8 validation, decoding
 * and encoding, Windows-1252 conversion, name folding, edit distance.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "malimap/text.h"

/* Validity of a NUL-terminated byte string and the offset of its first bad byte. */
static bool valid(const char *s, size_t *bad)
{
    *bad = (size_t)-1;
    return mm_utf8_valid(s, strlen(s), bad);
}

static void test_utf8_valid(void)
{
    size_t bad;
    CHECK(valid("", &bad));
    CHECK(valid("plain ASCII text that is longer than eight bytes", &bad));
    CHECK(valid("Niafunk\xC3\xA9", &bad));                          /* é */
    CHECK(valid("\xE2\x80\x99", &bad));                             /* ’ U+2019 */
    CHECK(valid("\xE2\xB5\x9C\xE2\xB5\x8E", &bad));                 /* Tifinagh */
    CHECK(valid("\xD8\xA8\xD9\x85\xD8\xA7\xD9\x83\xD9\x88", &bad)); /* Arabic */
    CHECK(valid("\xF0\x9F\x97\xBA", &bad));                         /* U+1F5FA */
    CHECK(valid("\xEF\xBF\xBF\xF4\x8F\xBF\xBF", &bad));             /* U+FFFF, U+10FFFF */
    CHECK(valid("\xED\x9F\xBF\xEE\x80\x80", &bad));                 /* U+D7FF, U+E000 */
    CHECK(valid("\xC2\x80\xDF\xBF\xE0\xA0\x80", &bad));             /* first 2- and 3-byte values */
    CHECK((size_t)bad == (size_t)-1);

    static const struct {
        const char *s;
        size_t off;
    } cases[] = {
        {"\x80", 0},             /* stray continuation byte */
        {"abc\xBF", 3},          /* stray continuation after ASCII */
        {"\xC0\xAF", 0},         /* overlong '/' */
        {"\xC1\xBF", 0},         /* overlong */
        {"\xE0\x80\xAF", 0},     /* 3-byte overlong */
        {"\xE0\x9F\xBF", 0},     /* 3-byte overlong, highest */
        {"\xF0\x80\x80\xAF", 0}, /* 4-byte overlong */
        {"\xF0\x8F\xBF\xBF", 0}, /* 4-byte overlong, highest */
        {"ok \xED\xA0\x80", 3},  /* high surrogate U+D800 */
        {"\xED\xBF\xBF", 0},     /* low surrogate U+DFFF */
        {"\xF4\x90\x80\x80", 0}, /* U+110000 */
        {"\xF5\x80\x80\x80", 0}, /* lead byte beyond U+10FFFF */
        {"\xFF", 0},             /* never valid */
        {"\xFE", 0},             /* never valid */
        {"caf\xC3", 3},          /* truncated at end */
        {"caf\xC3"
         "e",
         3},             /* continuation missing */
        {"\xE2\x80", 0}, /* truncated 3-byte */
        {"12345678\xE2\x82"
         "A",
         8},                           /* truncated 3-byte after a full word */
        {"\xF0\x9F\x97", 0},           /* truncated 4-byte */
        {"\xC3\xA9\xC3\xA9x\xC3(", 5}, /* bad after valid multibyte */
        {"Kidal\xE9", 5},              /* Latin-1 é */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool ok = valid(cases[i].s, &bad);
        if (ok || bad != cases[i].off) {
            mm_test_fail(__FILE__, __LINE__, "case %zu: valid=%d offset=%zu, expected offset %zu",
                         i, ok, bad, cases[i].off);
        }
    }
    /* The given length is respected: a NUL is a valid byte, bytes past len are not read. */
    CHECK(mm_utf8_valid("a\0b", 3, NULL));
    CHECK(mm_utf8_valid("ab\xFF", 2, NULL));
    CHECK(!mm_utf8_valid("ab\xFF", 3, NULL));
}

static void test_utf8_decode_encode(void)
{
    unsigned cp = 0;
    CHECK_INT(mm_utf8_decode("A", 1, &cp), 1);
    CHECK_INT(cp, 'A');
    CHECK_INT(mm_utf8_decode("\xC3\xA9", 2, &cp), 2);
    CHECK_INT(cp, 0xE9);
    CHECK_INT(mm_utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
    CHECK_INT(cp, 0x20AC);
    CHECK_INT(mm_utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
    CHECK_INT(cp, 0x10FFFF);
    cp = 7;
    CHECK_INT(mm_utf8_decode("\xE2\x82\xAC", 2, &cp), 0); /* truncated by len */
    CHECK_INT(mm_utf8_decode("\xC0\x80", 2, &cp), 0);
    CHECK_INT(mm_utf8_decode("\xED\xA0\x80", 3, &cp), 0);
    CHECK_INT(mm_utf8_decode("", 0, &cp), 0);
    CHECK_INT(cp, 7);

    /* Every scalar value encodes and decodes back, with the right length. */
    for (unsigned c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            continue;
        }
        char buf[4];
        size_t n = mm_utf8_encode(c, buf);
        size_t want = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        unsigned back = 0;
        if (n != want || !mm_utf8_valid(buf, n, NULL) || mm_utf8_decode(buf, n, &back) != n ||
            back != c) {
            mm_test_fail(__FILE__, __LINE__, "U+%04X does not round-trip", c);
            break;
        }
    }
    char buf[4];
    CHECK_INT(mm_utf8_encode(0xD800, buf), 3);
    CHECK(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
    CHECK_INT(mm_utf8_encode(0x110000, buf), 3);
    CHECK(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);

    CHECK_INT(mm_utf8_length("", 0), 0);
    CHECK_INT(mm_utf8_length("Niafunk\xC3\xA9", 9), 8);
    CHECK_INT(mm_utf8_length("\xF0\x9F\x97\xBA\xE2\x82\xAC", 7), 2);
}

/* cp1252 input converted to a string (static buffer). */
static const char *from_cp1252(const char *s, size_t len)
{
    static char out[256];
    mm_buf b;
    mm_buf_init(&b);
    mm_cp1252_to_utf8(s, len, &b);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    mm_buf_fini(&b);
    return out;
}

static void test_cp1252(void)
{
    CHECK_STR(from_cp1252("\x80", 1), "\xE2\x82\xAC"); /* € */
    CHECK_STR(from_cp1252("\xE9", 1), "\xC3\xA9");     /* é */
    CHECK_STR(from_cp1252("Niafunk\xE9", 8), "Niafunk\xC3\xA9");
    CHECK_STR(from_cp1252("Aguel\x92hoc", 9), "Aguel\xE2\x80\x99hoc"); /* ’ */
    CHECK_STR(from_cp1252("\x9C\x8C", 2), "\xC5\x93\xC5\x92");         /* œ Œ */
    CHECK_STR(from_cp1252("\x9F\xFF", 2), "\xC5\xB8\xC3\xBF");         /* Ÿ ÿ */
    CHECK_STR(from_cp1252("\xA0\xC0", 2), "\xC2\xA0\xC3\x80");         /* nbsp À */
    CHECK_STR(from_cp1252("", 0), "");

    /* All of 0x80..0x9F against the Windows-1252 table. */
    static const unsigned table[32] = {
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    for (unsigned c = 0x80; c <= 0xFF; c++) {
        char in = (char)c;
        mm_buf b;
        mm_buf_init(&b);
        mm_cp1252_to_utf8(&in, 1, &b);
        unsigned cp = 0;
        unsigned want = c < 0xA0 ? table[c - 0x80] : c;
        if (mm_utf8_decode(b.data, b.len, &cp) != b.len || cp != want) {
            mm_test_fail(__FILE__, __LINE__, "0x%02X gave U+%04X, expected U+%04X", c, cp, want);
        }
        mm_buf_fini(&b);
    }
    /* Undefined bytes. */
    const unsigned undefined[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
    for (size_t i = 0; i < 5; i++) {
        char in = (char)undefined[i];
        CHECK_STR(from_cp1252(&in, 1), "\xEF\xBF\xBD");
    }
    /* Appends: existing content stays. */
    mm_buf b;
    mm_buf_init(&b);
    mm_buf_puts(&b, "G");
    mm_cp1252_to_utf8("ao", 2, &b);
    CHECK_STR(b.data, "Gao");
    mm_buf_fini(&b);
}

/* The folding key of s (static buffer). */
static const char *fold(const char *s)
{
    static char out[256];
    mm_buf b;
    mm_buf_init(&b);
    mm_text_fold(s, strlen(s), &b);
    snprintf(out, sizeof out, "%s", b.data);
    mm_buf_fini(&b);
    return out;
}

static void test_fold_places(void)
{
    CHECK_STR(fold("Niafunk\xC3\xA9"), "niafunke");
    CHECK_STR(fold("NIAFUNKE"), "niafunke");
    CHECK_STR(fold("Niafunke"), "niafunke");
    CHECK_STR(fold("NIAFUNK\xC3\x89"), "niafunke");
    CHECK_STR(fold("Tin-Zaouatene"), "tinzaouatene");
    CHECK_STR(fold("Tinzaouatene"), "tinzaouatene");
    CHECK_STR(fold("Aguel'hoc"), "aguelhoc");
    CHECK_STR(fold("Aguel\xE2\x80\x99hoc"), "aguelhoc"); /* ’ */
    CHECK_STR(fold("Aguel\xCA\xBChoc"), "aguelhoc");     /* ʼ modifier apostrophe */
    CHECK_STR(fold("Aguelhoc"), "aguelhoc");
    CHECK_STR(fold("An\xC3\xA9"
                   "fis"),
              "anefis");
    CHECK_STR(fold("Anefis"), "anefis");
    CHECK_STR(fold("Abe\xC3\xAF"
                   "bara"),
              "abeibara");
    CHECK_STR(fold("Abeibara"), "abeibara");
    CHECK_STR(fold("S\xC3\xA9gou"), "segou");
    CHECK_STR(fold("Tombouctou (Timbuktu)"), "tombouctoutimbuktu");
    CHECK_STR(fold("  Gao.  "), "gao");
    CHECK_STR(fold("Ber \xE2\x80\x93 Gourma"), "bergourma"); /* en dash */
    CHECK_STR(fold("\xC2\xAB"
                   "Kidal\xC2\xA0"
                   "1\xC2\xBB"),
              "kidal1"); /* « » nbsp */
    /* Decomposed é (e + U+0301) folds like the precomposed one. */
    CHECK_STR(fold("Niafunke\xCC\x81"), "niafunke");
}

static void test_fold_letters(void)
{
    CHECK_STR(fold("\xC5\x93uvre \xC3\x86sir"), "oeuvreaesir"); /* œ Æ */
    CHECK_STR(fold("Stra\xC3\x9F"
                   "e"),
              "strasse");                               /* ß */
    CHECK_STR(fold("\xC3\x98ster \xC3\xB8"), "ostero"); /* Ø ø */
    CHECK_STR(fold("\xC4\x90\xC4\x91"), "dd");          /* Đ đ */
    CHECK_STR(fold("\xC5\x81\xC3\xB3\xC5\xBA"), "loz"); /* Łóź */
    CHECK_STR(fold("\xC3\xA7\xC3\x87\xC3\xB1\xC3\xBF\xC3\xBD"), "ccnyy");
    CHECK_STR(fold("\xC3\x80\xC3\x81\xC3\x82\xC3\x83\xC3\x84\xC3\x85"), "aaaaaa");
    CHECK_STR(fold("\xC4\x80\xC4\x85\xC4\x8C\xC4\x9F\xC4\xB1\xC5\x88\xC5\x91\xC5\x99\xC5\xA1"
                   "\xC5\xA3\xC5\xAF\xC5\xB5\xC5\xB7\xC5\xBE"),
              "aacginorstuwyz");
    CHECK_STR(fold("\xC3\x9E\xC3\xB0"), "thd"); /* Þ ð */
    CHECK_STR(fold("\xC3\x97\xC3\xB7"), "");    /* × ÷ */
    /* Malian orthographies: ɛ ɔ ɲ ŋ ɓ ɗ ƴ */
    CHECK_STR(fold("S\xC9\x9Bg\xC9\x94"), "sego");
    CHECK_STR(fold("\xC9\xB2\xC5\x8B\xC9\x93\xC9\x97\xC6\xB4"), "nyngbdy");
    CHECK_STR(fold("Route 66"), "route66");
}

static void test_fold_other_scripts(void)
{
    /* Arabic and Tifinagh are kept as they are. */
    CHECK_STR(fold("\xD9\x83\xD9\x8A\xD8\xAF\xD8\xA7\xD9\x84"),
              "\xD9\x83\xD9\x8A\xD8\xAF\xD8\xA7\xD9\x84");
    CHECK_STR(fold("\xE2\xB5\x9C\xE2\xB5\x8E \xE2\xB5\x9C"),
              "\xE2\xB5\x9C\xE2\xB5\x8E\xE2\xB5\x9C");
    /* Greek and Cyrillic capitals are lowercased. */
    CHECK_STR(fold("\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91"),
              fold("\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1"));
    CHECK_STR(fold("\xCE\x91"), "\xCE\xB1");
    CHECK_STR(fold("\xD0\x9C\xD0\xB0\xD0\xBB\xD0\xB8"),
              "\xD0\xBC\xD0\xB0\xD0\xBB\xD0\xB8"); /* Мали */
    CHECK_STR(fold("\xD0\x81"), "\xD1\x91");       /* Ё ё */
    /* Invalid bytes are dropped, valid text around them kept. */
    CHECK_STR(fold("Ki\xFF"
                   "dal\xC3"),
              "kidal");
    CHECK_STR(fold("G\xE9o"), "go");
    /* Output is appended and always a string. */
    mm_buf b;
    mm_buf_init(&b);
    mm_text_fold("'-. ", 4, &b);
    CHECK(b.data != NULL);
    CHECK_INT(b.len, 0);
    mm_text_fold("Gao", 3, &b);
    mm_text_fold("Kidal", 5, &b);
    CHECK_STR(b.data, "gaokidal");
    mm_buf_fini(&b);
}

static void test_distance(void)
{
    CHECK_INT(mm_text_distance("", ""), 0);
    CHECK_INT(mm_text_distance("abc", ""), 3);
    CHECK_INT(mm_text_distance("", "abc"), 3);
    CHECK_INT(mm_text_distance("Tonka", "Tonka"), 0);
    CHECK_INT(mm_text_distance("Tonkaa", "Tonka"), 1);
    CHECK_INT(mm_text_distance("kitten", "sitting"), 3);
    CHECK_INT(mm_text_distance("sitting", "kitten"), 3);
    CHECK_INT(mm_text_distance("flaw", "lawn"), 2);
    CHECK_INT(mm_text_distance("Gao", "Goa"), 2);
    CHECK_INT(mm_text_distance("Kidal", "kidal"), 1);
    /* Longer than the stack row: a heap row is used. */
    char a[301], b[301];
    memset(a, 'a', 300);
    memset(b, 'a', 300);
    a[300] = b[300] = '\0';
    b[0] = 'b';
    b[150] = 'b';
    CHECK_INT(mm_text_distance(a, b), 2);
    b[299] = '\0';
    CHECK_INT(mm_text_distance(a, b), 3);
    CHECK_INT(mm_text_distance(a, "x"), 300);
}

static void test_casecmp(void)
{
    CHECK_INT(mm_text_casecmp("Kidal", "KIDAL"), 0);
    CHECK_INT(mm_text_casecmp("", ""), 0);
    CHECK(mm_text_casecmp("Gao", "Kidal") < 0);
    CHECK(mm_text_casecmp("kidal", "GAO") > 0);
    CHECK(mm_text_casecmp("Gao", "Gaol") < 0);
    CHECK(mm_text_casecmp("GAOL", "gao") > 0);
    CHECK(mm_text_casecmp("a", "\xC3\xA9") < 0); /* bytes compare unsigned */
    CHECK(mm_text_casecmp("[", "a") < 0);        /* '[' (0x5B) < 'a' (0x61) */
    CHECK(mm_text_casecmp("[", "A") < 0);        /* 'A' compares as 'a' */
}

MM_TESTS("text", {"utf8_valid", test_utf8_valid}, {"utf8_decode_encode", test_utf8_decode_encode},
         {"cp1252", test_cp1252}, {"fold_places", test_fold_places},
         {"fold_letters", test_fold_letters}, {"fold_other_scripts", test_fold_other_scripts},
         {"distance", test_distance}, {"casecmp", test_casecmp})
