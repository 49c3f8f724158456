/*
 * check.c — `malimap check`: reads the dataset files, reports every problem
 * as "malimap: file:line: error: message" and ends with a one-line summary.
 * Part of cli/.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: malimap check [options]\n"
               "\n"
               "Checks the dataset files and reports every problem with its file and line.\n"
               "Exits with 1 when there is any problem.\n"
               "\n"
               "options:\n"
               "      --events F      events file, ACLED CSV or GeoJSON (default: bundled)\n"
               "      --control F     control timeline file (default: bundled)\n"
               "      --places F      places file (default: bundled)\n"
               "      --actors F      actors file (default: bundled)\n"
               "  -h, --help          show this help\n");
}

/* The diagnostics sink: each problem is printed as it is found. */
static void print_problem(void *ctx, const mm_error *e)
{
    (void)ctx;
    cli_print_error(e);
}

int cli_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"events", required_argument, NULL, CLI_OPT_EVENTS},
        {"control", required_argument, NULL, CLI_OPT_CONTROL},
        {"places", required_argument, NULL, CLI_OPT_PLACES},
        {"actors", required_argument, NULL, CLI_OPT_ACTORS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_files files = {0};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout);
            return 0;
        default:
            if (!cli_files_option(&files, c, optarg)) {
                return cli_option_error(c, "check", argv);
            }
            break;
        }
    }
    if (optind < argc) {
        return cli_usage_error("unexpected argument '%s' (see 'malimap check --help')",
                               argv[optind]);
    }
    mm_diag diag;
    mm_diag_init(&diag, print_problem, NULL);
    mm_error err;
    mm_error_clear(&err);
    cli_dataset ds;
    cli_dataset_load(&files, &diag, &ds, &err);
    int code = 0;
    if (diag.count) {
        fprintf(stderr, "malimap: %zu problem%s found\n", diag.count, diag.count == 1 ? "" : "s");
        code = 1;
    } else {
        printf("checked %zu places, %zu control rows, %zu events, %zu actors: no problems\n",
               mm_places_count(ds.places), mm_control_count(ds.control), mm_events_count(ds.events),
               mm_actors_count(ds.actors));
    }
    cli_dataset_fini(&ds);
    return code;
}
