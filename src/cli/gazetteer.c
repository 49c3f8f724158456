/*
 * gazetteer.c — `malimap places QUERY`: the places whose name or alternate
 * name contains the query (ignoring case, accents and punctuation), best
 * first, with their coordinates. Part of cli/.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "malimap/mem.h"
#include "malimap/text.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: malimap places [options] QUERY\n"
               "\n"
               "Lists the places whose name or alternate name contains QUERY, ignoring case,\n"
               "accents and punctuation (Niafunke finds Niafunké, Tombouctou finds Timbuktu),\n"
               "with their coordinates, region and coordinate precision.\n"
               "\n"
               "options:\n"
               "      --places F      places file (default: bundled)\n"
               "  -h, --help          show this help\n");
}

static void pad(const char *s, size_t width)
{
    size_t n = mm_utf8_length(s, strlen(s));
    fputs(s, stdout);
    for (; n < width; n++) {
        fputc(' ', stdout);
    }
}

int cli_places(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"places", required_argument, NULL, CLI_OPT_PLACES},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *path = NULL;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_PLACES:
            path = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            return cli_option_error(c, "places", argv);
        }
    }
    if (optind >= argc) {
        return cli_usage_error("missing QUERY (see 'malimap places --help')");
    }
    /* The words of the query, as one name: `malimap places Nioro du Sahel`. */
    mm_buf query, file;
    mm_buf_init(&query);
    mm_buf_init(&file);
    for (int i = optind; i < argc; i++) {
        mm_buf_printf(&query, "%s%s", i > optind ? " " : "", argv[i]);
    }
    if (!path) {
        mm_buf_printf(&file, "%s/shapes/places.csv", cli_data_dir());
        path = file.data;
    }
    mm_error err;
    mm_error_clear(&err);
    mm_places *places = NULL;
    mm_status st = mm_places_load(path, NULL, &places, &err);
    int code = 0;
    if (st != MM_OK) {
        cli_print_error(&err);
        code = mm_status_exit_code(st);
    } else {
        size_t n = mm_places_count(places);
        size_t *idx = mm_array_alloc(n ? n : 1, sizeof *idx);
        size_t found = mm_places_search(places, query.data, idx, n);
        if (found == 0) {
            mm_buf hint;
            mm_buf_init(&hint);
            mm_places_hint(places, query.data, &hint);
            fprintf(stderr, "malimap: error: no place matches '%s'%s\n", query.data,
                    hint.data ? hint.data : "");
            mm_buf_fini(&hint);
            code = 1;
        }
        for (size_t i = 0; i < found; i++) {
            const mm_place *p = mm_places_get(places, idx[i]);
            pad(p->name, 18);
            printf(" %9.4f %9.4f  ", p->lat_deg, p->lon_deg);
            pad(p->admin1[0] ? p->admin1 : "-", 12);
            pad(p->kind[0] ? p->kind : "-", 17);
            pad(p->coord_precision[0] ? p->coord_precision : "-", 9);
            if (p->alt_names[0]) {
                printf("  also: ");
                for (const char *s = p->alt_names; *s; s++) {
                    fputc(*s, stdout);
                    if (*s == ';' && s[1] != ' ') {
                        fputc(' ', stdout);
                    }
                }
            }
            printf("\n");
        }
        mm_free(idx);
    }
    mm_places_destroy(places);
    mm_buf_fini(&query);
    mm_buf_fini(&file);
    return code;
}
