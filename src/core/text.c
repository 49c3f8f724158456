/*
 * text.c — strict UTF-8 checking and coding, Windows-1252 conversion, name
 * folding and edit distance. Part of core/: libc and core/mem only. Used by
 * the readers in data/ to validate input and by place lookup to match names
 * written with or without accents.
 */
#include "malimap/text.h"

#include <stdint.h>
#include <string.h>

/* ---- UTF-8 ---- */

/*
 * Decodes the sequence at s (n > 0 bytes available) following the
 * well-formed byte sequences of Unicode table 3-7; 0 if ill-formed.
 */
static size_t decode(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2 || c > 0xF4) {
        return 0; /* continuation byte, overlong 2-byte lead, or beyond U+10FFFF */
    }
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80) {
            return 0;
        }
        *cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    /* The second byte's range excludes overlongs (E0, F0), surrogates (ED)
     * and code points above U+10FFFF (F4). */
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0) {
        lo = 0xA0;
    } else if (c == 0xED) {
        hi = 0x9F;
    } else if (c == 0xF0) {
        lo = 0x90;
    } else if (c == 0xF4) {
        hi = 0x8F;
    }
    if (n < 2 || s[1] < lo || s[1] > hi || n < 3 || (s[2] & 0xC0) != 0x80) {
        return 0;
    }
    if (c < 0xF0) {
        *cp = ((c & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if (n < 4 || (s[3] & 0xC0) != 0x80) {
        return 0;
    }
    *cp = ((c & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) | ((unsigned)(s[2] & 0x3F) << 6) |
          (s[3] & 0x3F);
    return 4;
}

/* Length of the run of ASCII bytes at s, 8 bytes at a time. */
static size_t ascii_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (n - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080)) {
            break;
        }
        i += 8;
    }
    while (i < n && s[i] < 0x80) {
        i++;
    }
    return i;
}

bool mm_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        i += ascii_run(u + i, len - i);
        if (i == len) {
            break;
        }
        unsigned cp;
        size_t k = decode(u + i, len - i, &cp);
        if (k == 0) {
            if (bad_offset) {
                *bad_offset = i;
            }
            return false;
        }
        i += k;
    }
    return true;
}

size_t mm_utf8_decode(const char *s, size_t len, unsigned *cp)
{
    if (len == 0) {
        return 0;
    }
    return decode((const unsigned char *)s, len, cp);
}

size_t mm_utf8_encode(unsigned cp, char *out)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = 0xFFFD;
    }
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t mm_utf8_length(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return n;
}

/* ---- Windows-1252 ---- */

/* 0x80..0x9F; the five bytes Windows-1252 leaves undefined become U+FFFD. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

void mm_cp1252_to_utf8(const char *s, size_t len, mm_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t run = ascii_run(u + i, len - i);
        if (run) {
            mm_buf_append(out, s + i, run);
            i += run;
            continue;
        }
        unsigned c = u[i++];
        char enc[4];
        size_t n = mm_utf8_encode(c < 0xA0 ? cp1252_high[c - 0x80] : c, enc);
        mm_buf_append(out, enc, n);
    }
}

/* ---- folding ---- */

/* A range of code points and what each folds to ("" drops them). */
typedef struct fold_range {
    unsigned lo, hi;
    const char *to;
} fold_range;

/*
 * Latin-1 Supplement, Latin Extended-A, and the Latin Extended-B / IPA letters
 * of Bambara, Fula, Hausa and Songhay orthographies; sorted by lo.
 */
static const fold_range latin_folds[] = {
    {0x00C0, 0x00C5, "a"},  {0x00C6, 0x00C6, "ae"}, {0x00C7, 0x00C7, "c"},  {0x00C8, 0x00CB, "e"},
    {0x00CC, 0x00CF, "i"},  {0x00D0, 0x00D0, "d"},  {0x00D1, 0x00D1, "n"},  {0x00D2, 0x00D6, "o"},
    {0x00D7, 0x00D7, ""},   {0x00D8, 0x00D8, "o"},  {0x00D9, 0x00DC, "u"},  {0x00DD, 0x00DD, "y"},
    {0x00DE, 0x00DE, "th"}, {0x00DF, 0x00DF, "ss"}, {0x00E0, 0x00E5, "a"},  {0x00E6, 0x00E6, "ae"},
    {0x00E7, 0x00E7, "c"},  {0x00E8, 0x00EB, "e"},  {0x00EC, 0x00EF, "i"},  {0x00F0, 0x00F0, "d"},
    {0x00F1, 0x00F1, "n"},  {0x00F2, 0x00F6, "o"},  {0x00F7, 0x00F7, ""},   {0x00F8, 0x00F8, "o"},
    {0x00F9, 0x00FC, "u"},  {0x00FD, 0x00FD, "y"},  {0x00FE, 0x00FE, "th"}, {0x00FF, 0x00FF, "y"},
    {0x0100, 0x0105, "a"},  {0x0106, 0x010D, "c"},  {0x010E, 0x0111, "d"},  {0x0112, 0x011B, "e"},
    {0x011C, 0x0123, "g"},  {0x0124, 0x0127, "h"},  {0x0128, 0x0131, "i"},  {0x0132, 0x0133, "ij"},
    {0x0134, 0x0135, "j"},  {0x0136, 0x0138, "k"},  {0x0139, 0x0142, "l"},  {0x0143, 0x0149, "n"},
    {0x014A, 0x014B, "ng"}, {0x014C, 0x0151, "o"},  {0x0152, 0x0153, "oe"}, {0x0154, 0x0159, "r"},
    {0x015A, 0x0161, "s"},  {0x0162, 0x0167, "t"},  {0x0168, 0x0173, "u"},  {0x0174, 0x0175, "w"},
    {0x0176, 0x0178, "y"},  {0x0179, 0x017E, "z"},  {0x017F, 0x017F, "s"},  {0x0181, 0x0181, "b"},
    {0x0186, 0x0186, "o"},  {0x0189, 0x018A, "d"},  {0x018E, 0x018E, "e"},  {0x0190, 0x0190, "e"},
    {0x0198, 0x0199, "k"},  {0x019D, 0x019D, "ny"}, {0x01B3, 0x01B4, "y"},  {0x01DD, 0x01DD, "e"},
    {0x0218, 0x0219, "s"},  {0x021A, 0x021B, "t"},  {0x0253, 0x0253, "b"},  {0x0254, 0x0254, "o"},
    {0x0256, 0x0257, "d"},  {0x025B, 0x025B, "e"},  {0x0272, 0x0272, "ny"},
};

/*
 * Non-ASCII code points that are not part of a name: Latin-1 punctuation and
 * symbols, spacing modifier letters (ʼ ʻ ˈ), combining accents (so decomposed
 * "é" folds like the precomposed one), general punctuation (’ “ – …), Arabic
 * punctuation, CJK spaces, the BOM and U+FFFD; sorted by lo.
 */
static const fold_range dropped[] = {
    {0x0080, 0x00BF, ""}, {0x02B0, 0x036F, ""}, {0x060C, 0x060C, ""}, {0x061B, 0x061B, ""},
    {0x061F, 0x061F, ""}, {0x066A, 0x066D, ""}, {0x06D4, 0x06D4, ""}, {0x2000, 0x206F, ""},
    {0x2E00, 0x2E7F, ""}, {0x3000, 0x3003, ""}, {0xFEFF, 0xFEFF, ""}, {0xFFFD, 0xFFFD, ""},
};

static const fold_range *find_range(const fold_range *r, size_t n, unsigned cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo) {
            hi = mid;
        } else if (cp > r[mid].hi) {
            lo = mid + 1;
        } else {
            return &r[mid];
        }
    }
    return NULL;
}

/* Simple lowercase mapping for basic Greek and Cyrillic; other code points unchanged. */
static unsigned lower_other(unsigned cp)
{
    if ((cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2) || (cp >= 0x0410 && cp <= 0x042F)) {
        return cp + 0x20;
    }
    if (cp == 0x03C2) {
        return 0x03C3; /* final sigma folds like sigma */
    }
    if (cp >= 0x0400 && cp <= 0x040F) {
        return cp + 0x50;
    }
    return cp;
}

void mm_text_fold(const char *s, size_t len, mm_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') {
                mm_buf_putc(out, (char)(c - 'A' + 'a'));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                mm_buf_putc(out, (char)c);
            }
            i++;
            continue;
        }
        unsigned cp;
        size_t k = decode(u + i, len - i, &cp);
        if (k == 0) {
            i++; /* invalid byte: dropped */
            continue;
        }
        i += k;
        const fold_range *r = find_range(latin_folds, sizeof latin_folds / sizeof *latin_folds, cp);
        if (!r) {
            r = find_range(dropped, sizeof dropped / sizeof *dropped, cp);
        }
        if (r) {
            mm_buf_puts(out, r->to);
        } else {
            char enc[4];
            mm_buf_append(out, enc, mm_utf8_encode(lower_other(cp), enc));
        }
    }
    if (!out->data) {
        mm_buf_append(out, "", 0); /* callers can always read out->data */
    }
}

/* ---- comparison ---- */

size_t mm_text_distance(const char *a, const char *b)
{
    enum { MAX_COMPARED = 256 }; /* the cost is quadratic in it */
    size_t la = strlen(a), lb = strlen(b);
    /* Beyond MAX_COMPARED bytes the tails are compared position by position
     * (substitutions, then what one has more): linear, and an upper bound. */
    size_t beyond = 0;
    if (la > MAX_COMPARED || lb > MAX_COMPARED) {
        size_t ka = la < MAX_COMPARED ? la : MAX_COMPARED;
        size_t kb = lb < MAX_COMPARED ? lb : MAX_COMPARED;
        size_t ra = la - ka, rb = lb - kb, common = ra < rb ? ra : rb;
        for (size_t i = 0; i < common; i++) {
            beyond += a[ka + i] != b[kb + i];
        }
        beyond += ra > rb ? ra - rb : rb - ra;
        la = ka;
        lb = kb;
    }
    if (la < lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    /* One row of the matrix over the shorter string b. */
    size_t small[64];
    size_t *row =
        lb + 1 <= sizeof small / sizeof *small ? small : mm_array_alloc(lb + 1, sizeof *row);
    for (size_t j = 0; j <= lb; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) {
                best = up + 1;
            }
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    if (row != small) {
        mm_free(row);
    }
    return d + beyond;
}

int mm_text_casecmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;; x++, y++) {
        int cx = (*x >= 'A' && *x <= 'Z') ? *x + 32 : *x;
        int cy = (*y >= 'A' && *y <= 'Z') ? *y + 32 : *y;
        if (cx != cy || cx == 0) {
            return cx - cy;
        }
    }
}
