/*
 * jsoncheck.c — exits 0 when a file is one valid JSON document, else prints
 * the parser's "file:line:col: error: ..." and exits 1. For the CLI tests
 * where python3 is not installed.
 */
#include <stdio.h>

#include "malimap/json.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: jsoncheck FILE.json\n");
        return 2;
    }
    mm_error err;
    mm_error_clear(&err);
    mm_json_doc *doc = NULL;
    if (mm_json_load(argv[1], NULL, &doc, &err) != MM_OK) {
        char line[2048];
        mm_error_format(&err, line, sizeof line);
        fprintf(stderr, "jsoncheck: %s\n", line);
        return 1;
    }
    mm_json_destroy(doc);
    return 0;
}
