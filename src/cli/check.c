/*
 * check.c — `malimap check`: reads the dataset files, reports every problem
 * as "malimap: file:line: error: message" and ends with a one-line summary.
 * Part of cli/.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "malimap/labels.h"
#include "malimap/style.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: malimap check [options]\n"
               "\n"
               "Checks the dataset files and reports every problem with its file and line;\n"
               "with --style, checks a style file instead. Exits with 1 when there is any\n"
               "problem.\n"
               "\n"
               "options:\n"
               "      --style FILE    check this style file (its expressions, properties,\n"
               "                      sources and dataset files)\n"
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

/*
 * Reports each symbol layer whose icon-image is a literal name that cannot be
 * drawn (a missing file, neither PNG nor SVG, a malformed SVG), located at
 * the name in the style. Names computed by expressions cannot be known here.
 * Returns the number of problems.
 */
static size_t check_icons(const mm_style *s)
{
    size_t problems = 0;
    for (size_t i = 0; i < mm_style_layer_count(s); i++) {
        const mm_style_layer *l = mm_style_layer_at(s, i);
        const mm_json *v = mm_json_get(mm_json_get(l->json, "layout"), "icon-image");
        if (l->type != MM_LAYER_SYMBOL || !v || v->type != MM_JSON_STRING) {
            continue;
        }
        mm_error why, err;
        mm_error_clear(&why);
        mm_error_clear(&err);
        if (mm_labels_check_icon(s, v->u.str.s, &why) != MM_OK) {
            mm_json_error(mm_style_doc(s), v->line, v->col, &err, MM_E_STYLE, "layer '%s': %s",
                          l->id, why.msg);
            cli_print_error(&err);
            problems++;
        }
    }
    return problems;
}

/* Loads a style, which validates all of it; prints what it holds. */
static int check_style(const char *path)
{
    mm_error err;
    mm_error_clear(&err);
    mm_style *s = NULL;
    mm_status st = mm_style_load(path, &s, &err);
    if (st != MM_OK) {
        cli_print_error(&err);
        return mm_status_exit_code(st);
    }
    size_t problems = check_icons(s);
    if (problems) {
        fprintf(stderr, "malimap: %zu problem%s found\n", problems, problems == 1 ? "" : "s");
        mm_style_destroy(s);
        return 1;
    }
    printf("checked %s: %zu layers, %zu sources: no problems\n", path, mm_style_layer_count(s),
           mm_style_source_count(s));
    mm_style_destroy(s);
    return 0;
}

int cli_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"events", required_argument, NULL, CLI_OPT_EVENTS},
        {"control", required_argument, NULL, CLI_OPT_CONTROL},
        {"places", required_argument, NULL, CLI_OPT_PLACES},
        {"actors", required_argument, NULL, CLI_OPT_ACTORS},
        {"style", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_files files = {0};
    const char *style_path = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout);
            return 0;
        case 'S':
            style_path = optarg;
            break;
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
    if (style_path && !files.events && !files.control && !files.places && !files.actors) {
        return check_style(style_path);
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
