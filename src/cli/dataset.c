/*
 * dataset.c — the dataset files of the state, check and places commands:
 * default paths, loading in dependency order, date options.
 * Part of cli/.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "malimap/dataset.h"
#include "malimap/mem.h"

bool cli_parse_date_option(const char *option, const char *s, mm_date *out)
{
    const char *why;
    if (mm_date_parse(s, strlen(s), out, &why)) {
        return true;
    }
    cli_usage_error("invalid %s '%s': %s", option, s, s[0] ? why : "expected a date");
    return false;
}

bool cli_files_option(cli_files *f, int c, const char *value)
{
    switch (c) {
    case CLI_OPT_EVENTS:
        f->events = value;
        return true;
    case CLI_OPT_CONTROL:
        f->control = value;
        return true;
    case CLI_OPT_PLACES:
        f->places = value;
        return true;
    case CLI_OPT_ACTORS:
        f->actors = value;
        return true;
    default:
        return false;
    }
}

int cli_option_error(int c, const char *command, char **argv)
{
    const char *opt = argv[optind - 1];
    if (c == ':') {
        return cli_usage_error("option '%s' needs a value (see 'malimap %s --help')", opt, command);
    }
    return cli_usage_error("unknown option '%s' (see 'malimap %s --help')", opt, command);
}

/* The given path, or the bundled file name under the data folder (allocated). */
static char *path_or_default(const char *given, const char *file)
{
    if (given) {
        return mm_strdup(given);
    }
    mm_buf b;
    mm_buf_init(&b);
    mm_buf_printf(&b, "%s/shapes/%s", cli_data_dir(), file);
    return mm_buf_steal(&b);
}

mm_status cli_dataset_load(const cli_files *files, mm_diag *diag, cli_dataset *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    out->paths.actors = out->owned[0] = path_or_default(files->actors, "actors.csv");
    out->paths.places = out->owned[1] = path_or_default(files->places, "places.csv");
    out->paths.control = out->owned[2] = path_or_default(files->control, "control.csv");
    out->paths.events = out->owned[3] = path_or_default(files->events, "events.csv");
    mm_dataset_paths paths = {.actors = out->paths.actors,
                              .places = out->paths.places,
                              .control = out->paths.control,
                              .events = out->paths.events};
    mm_dataset ds;
    mm_status st = mm_dataset_load(&paths, diag, &ds, err);
    out->actors = ds.actors;
    out->places = ds.places;
    out->control = ds.control;
    out->events = ds.events;
    out->timeline = ds.timeline;
    return st;
}

void cli_dataset_fini(cli_dataset *d)
{
    mm_dataset ds = {.actors = d->actors,
                     .places = d->places,
                     .control = d->control,
                     .events = d->events,
                     .timeline = d->timeline};
    mm_dataset_fini(&ds);
    for (size_t i = 0; i < sizeof d->owned / sizeof *d->owned; i++) {
        mm_free(d->owned[i]);
    }
    memset(d, 0, sizeof *d);
}
