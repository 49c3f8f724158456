/*
 * main.c — the malimap program: dispatches to subcommands.
 * Part of cli/.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: malimap <command> [options]\n"
               "\n"
               "Draws maps of who controls which areas of Mali on a given date.\n"
               "\n"
               "commands:\n"
               "  render    draw the map of a date to PNG, SVG or PDF (default: mali.png),\n"
               "            or a range of dates: frames, an animation, small multiples\n"
               "  state     who holds each place on a date, changes, and recent events\n"
               "  check     validate the events, control, places and actors files\n"
               "  places    find places by name, with their coordinates\n"
               "\n"
               "options:\n"
               "  -h, --help     show this help\n"
               "  -V, --version  show the version\n"
               "\n"
               "Run 'malimap <command> --help' for the options of a command.\n");
}

int main(int argc, char **argv)
{
    cli_signals_install();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        printf("malimap %s\n", MM_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "render")) {
        return cli_render(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "state")) {
        return cli_state(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "check")) {
        return cli_check(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "places")) {
        return cli_places(argc - 1, argv + 1);
    }
    return cli_usage_error("unknown command '%s' (see 'malimap --help')", cmd);
}
