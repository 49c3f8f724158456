/*
 * cli.h — shared pieces of the command-line program: option parsing helpers,
 * the data folder, error printing. Part of cli/: the only code that prints or
 * exits.
 */
#ifndef MALIMAP_CLI_H
#define MALIMAP_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "malimap/actors.h"
#include "malimap/control.h"
#include "malimap/date.h"
#include "malimap/error.h"
#include "malimap/events.h"
#include "malimap/places.h"
#include "malimap/timeline.h"
#include "malimap/types.h"

#define MM_VERSION "0.1.0"

/*
 * Installs the SIGINT, SIGTERM and SIGHUP handler: it removes the temporary
 * output files being written and exits with 128 + the signal (130, 143, 129).
 * Signals ignored at start stay ignored.
 */
void cli_signals_install(void);

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

/* ---- the dataset commands: state, check, places ---- */

int cli_state(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_places(int argc, char **argv);

/* Parses the value of a date option (ISO or "14 November 2023"); on failure
 * prints "malimap: error: invalid --date '2023-02-30': day does not exist in
 * that month" and returns false. */
bool cli_parse_date_option(const char *option, const char *s, mm_date *out);

/* The dataset files; NULL members mean the bundled file under cli_data_dir()/shapes/. */
typedef struct cli_files {
    const char *actors;
    const char *places;
    const char *control;
    const char *events;
} cli_files;

/* getopt_long values of the file options: --events, --control, --places, --actors. */
enum { CLI_OPT_EVENTS = 'E', CLI_OPT_CONTROL = 'C', CLI_OPT_PLACES = 'P', CLI_OPT_ACTORS = 'A' };

/* Stores the value of file option c (a CLI_OPT_ value) in f; false for any other option. */
bool cli_files_option(cli_files *f, int c, const char *value);

/*
 * The usage error for what getopt_long (with ":" leading its option string)
 * returned for a bad option: ':' is "option '--x' needs a value", anything
 * else "unknown option '--x'", each followed by "(see 'malimap COMMAND
 * --help')". Returns 2.
 */
int cli_option_error(int c, const char *command, char **argv);

/* The four tables of a dataset (any may be NULL after a failed load). */
typedef struct cli_dataset {
    cli_files paths; /* the paths used (bundled ones filled in) */
    char *owned[4];  /* the strings paths point to */
    mm_actors *actors;
    mm_places *places;
    mm_control *control;
    mm_events *events;
    mm_timeline *timeline; /* NULL unless places and control loaded */
} cli_dataset;

/*
 * Loads actors, places, control and events in that order. With diag == NULL
 * stops at the first problem and returns it. With a sink every problem is
 * reported to it, a file that cannot be read at all included, and loading
 * goes on: control is skipped when places could not be read, and is checked
 * without actors when those could not be read. Free with cli_dataset_fini()
 * in both cases.
 */
mm_status cli_dataset_load(const cli_files *files, mm_diag *diag, cli_dataset *out, mm_error *err);
void cli_dataset_fini(cli_dataset *d);

#endif
