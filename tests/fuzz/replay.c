/*
 * replay.c — a main() for the fuzz harnesses without libFuzzer: feeds each
 * file named on the command line to LLVMFuzzerTestOneInput once. Built with
 * AddressSanitizer and UBSan by `make tests`, it replays the committed corpus
 * and every saved crash (tests/fuzz/replay.sh). Exit 0 when every input ran;
 * a sanitizer report aborts the program.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "malimap/mem.h"

int main(int argc, char **argv)
{
    int status = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            status = 2;
            continue;
        }
        mm_buf b;
        mm_buf_init(&b);
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
            mm_buf_append(&b, chunk, got);
        }
        fclose(f);
        /* An exact-size copy, so AddressSanitizer sees a read past the end. */
        uint8_t *exact = mm_malloc(b.len);
        if (b.len) {
            memcpy(exact, b.data, b.len);
        }
        LLVMFuzzerTestOneInput(exact, b.len);
        mm_free(exact);
        mm_buf_fini(&b);
    }
    return status;
}
