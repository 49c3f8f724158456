/*
 * text.h — UTF-8 validation, legacy encodings and name folding. Part of core/:
 * libc only. Folding turns a place name into a key that ignores case, accents
 * and punctuation, so "Niafunke", "NIAFUNKÉ" and "Niafunké" match.
 */
#ifndef MALIMAP_TEXT_H
#define MALIMAP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/mem.h"

/*
 * Checks that s[0..len) is valid UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF, no truncated sequences). On failure returns false and, in
 * *bad_offset (if not NULL), the byte offset where the first ill-formed
 * sequence starts (its lead byte, or a stray continuation byte).
 */
bool mm_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Decodes one code point at s (len bytes available); returns bytes used, 0 on
 * an ill-formed or truncated sequence (or len == 0), leaving *cp untouched. */
size_t mm_utf8_decode(const char *s, size_t len, unsigned *cp);
/* Encodes cp into out (4 bytes room); returns bytes written. A surrogate or a
 * value above U+10FFFF is written as U+FFFD. */
size_t mm_utf8_encode(unsigned cp, char *out);
/* Number of code points in valid UTF-8 (counts the bytes that are not continuation bytes). */
size_t mm_utf8_length(const char *s, size_t len);

/* Appends s (Windows-1252 / Latin-1 superset) to out converted to UTF-8. The
 * five bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) become
 * U+FFFD; NUL bytes are copied. */
void mm_cp1252_to_utf8(const char *s, size_t len, mm_buf *out);

/*
 * Appends the folding key of the UTF-8 string s to out: lower-case ASCII
 * letters and digits only, Latin letters with diacritics reduced to their base
 * letter (é→e, ï→i, ç→c, œ→oe, ß→ss), apostrophes, hyphens, dots, spaces and
 * other punctuation removed. Letters of other scripts are kept as lowercase
 * UTF-8 (where a simple case mapping exists: basic Greek and Cyrillic) so
 * Arabic or Tifinagh names still match themselves. Latin Extended-A and the
 * letters of Malian orthographies (ɛ ɔ ɲ ŋ ɓ ɗ) fold too; combining accents,
 * Latin-1 symbols, general punctuation (’ “ – …) and invalid UTF-8 bytes are
 * dropped. out->data is never NULL afterwards, even when nothing was added.
 */
void mm_text_fold(const char *s, size_t len, mm_buf *out);

/* Levenshtein distance between two NUL-terminated byte strings (for "did you
 * mean"); uses memory proportional to the shorter one. Exact within their
 * first 256 bytes; what follows is compared position by position (an upper
 * bound, in linear time), so a megabyte-long name costs little. */
size_t mm_text_distance(const char *a, const char *b);

/* ASCII case-insensitive comparison of NUL-terminated strings: <0, 0 or >0
 * like strcmp, comparing lowercased bytes as unsigned char. */
int mm_text_casecmp(const char *a, const char *b);

#endif
