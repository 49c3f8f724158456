/*
 * cli.h — shared pieces of the command-line program: option parsing helpers,
 * the data folder, error printing. Part of cli/: the only code that prints or
 * exits.
 */
#ifndef MALIMAP_CLI_H
#define MALIMAP_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "malimap/error.h"
#include "malimap/types.h"

#define MM_VERSION "0.1.0"

/* Prints "malimap: <formatted error>" (and a caret display for style errors). */
void cli_print_error(const mm_error *e);
/* Prints "malimap: error: <msg>" and returns 2 (a usage error). */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The folder holding shapes/ and styles/: $MALIMAP_DATA, else the source tree
 * the program was built in (build/malimap → ..), else <prefix>/share/malimap
 * next to the installed program, else the compiled-in MM_DATADIR.
 */
const char *cli_data_dir(void);

/* Parsers for option values; false on anything malformed (or out of range for
 * doubles; sizes are range-checked by the caller). */
bool cli_parse_size(const char *s, int *w, int *h);
bool cli_parse_bbox(const char *s, mm_bbox *out);
bool cli_parse_double(const char *s, double min, double max, double *out);

int cli_render(int argc, char **argv);

#endif
