/*
 * fuzz.h — what the fuzz harnesses in tests/fuzz/ share: the libFuzzer entry
 * point and a splitter that cuts one input into several files. Each harness
 * builds twice: with libFuzzer (make fuzz, clang) and as a plain program with
 * replay.c (make tests), which feeds it the committed corpus and regressions.
 */
#ifndef MM_FUZZ_H
#define MM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One piece of an input. */
typedef struct fuzz_part {
    const char *data;
    size_t len;
} fuzz_part;

/*
 * Cuts data at each occurrence of sep (a line such as "\n#--\n") into at most
 * max parts; the last part takes the rest. Returns the number of parts.
 */
static inline size_t fuzz_split(const uint8_t *data, size_t size, const char *sep, fuzz_part *parts,
                                size_t max)
{
    size_t seplen = strlen(sep), n = 0;
    const char *p = (const char *)data, *end = p + size;
    while (n + 1 < max) {
        const char *hit = NULL;
        for (const char *q = p; (size_t)(end - q) >= seplen; q++) {
            if (memcmp(q, sep, seplen) == 0) {
                hit = q;
                break;
            }
        }
        if (!hit) {
            break;
        }
        parts[n++] = (fuzz_part){p, (size_t)(hit - p)};
        p = hit + seplen;
    }
    parts[n++] = (fuzz_part){p, (size_t)(end - p)};
    return n;
}

#endif
