/*
 * render.c — `malimap render`: options, the map, the output file.
 * Part of cli/.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "malimap/map.h"
#include "malimap/output.h"
#include "malimap/png.h"
#include "malimap/raster.h"

enum { MAX_SIDE = 20000 };
#define MAX_DEVICE_PIXELS 150000000.0

static void usage(FILE *f)
{
    fprintf(f,
            "usage: malimap render [options]\n"
            "\n"
            "Draws the map of Mali from the bundled boundary data.\n"
            "\n"
            "options:\n"
            "  -o, --output FILE   output file, .png or .pdf ('-' for standard output;\n"
            "                      default mali.png)\n"
            "      --format FMT    png or pdf (default: from the file name)\n"
            "      --size WxH      image size in pixels (default 1600x1200)\n"
            "      --bbox W,S,E,N  area to show, in degrees of longitude and latitude\n"
            "                      (default: Mali with a margin)\n"
            "      --crs CRS       map projection: EPSG code (EPSG:32630) or PROJ string\n"
            "                      (default: Lambert azimuthal equal-area centred on Mali)\n"
            "      --date D        the date to show, 2023-11-14 or \"14 November 2023\"\n"
            "                      (default: the latest date in the data)\n"
            "      --since D0      mark places that changed hands between D0 and --date\n"
            "      --style FILE    style file (default: the bundled styles/default.json)\n"
            "      --places F, --control F, --events F, --actors F\n"
            "                      dataset files replacing the style's (an ACLED export\n"
            "                      loads as it is with --events)\n"
            "      --zones F       dated zones (polygons with controller, status,\n"
            "                      valid_from, valid_to), .shp or .geojson\n"
            "      --radius KM     how far a town's control reaches in derived areas\n"
            "                      (default: the style's, 150 km in the bundled styles)\n"
            "      --dpi N         resolution recorded in the PNG (default: the style's, or 96)\n"
            "      --scale N       device pixels per pixel, e.g. 2 for retina (default 1)\n"
            "  -h, --help          show this help\n");
}

typedef enum out_format { FMT_NONE, FMT_PNG, FMT_PDF } out_format;

static out_format format_from_name(const char *name)
{
    if (!strcmp(name, "png")) {
        return FMT_PNG;
    }
    if (!strcmp(name, "pdf")) {
        return FMT_PDF;
    }
    return FMT_NONE;
}

static out_format format_from_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) {
        return FMT_NONE;
    }
    char ext[8] = {0};
    for (size_t i = 0; i < sizeof ext - 1 && dot[1 + i]; i++) {
        char c = dot[1 + i];
        ext[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return format_from_name(ext);
}

static void creation_time(char *buf, size_t n)
{
    /* SOURCE_DATE_EPOCH makes outputs reproducible. */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (*end == '\0' && v >= 0) {
            t = (time_t)v;
        }
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%a, %d %b %Y %H:%M:%S +0000", &tm);
}

static mm_status encode(const mm_scene *s, out_format fmt, double scale, double dpi, mm_buf *out,
                        mm_error *err)
{
    if (fmt == FMT_PDF) {
        return mm_pdf_write(s, mm_scene_width(s) * 0.75, mm_scene_height(s) * 0.75, out, err);
    }
    mm_image img;
    mm_status st = mm_raster_draw(s, scale, &img, err);
    if (st != MM_OK) {
        return st;
    }
    char when[64];
    creation_time(when, sizeof when);
    const char *title = mm_scene_meta(s, "title");
    const char *credits = mm_scene_meta(s, "credits");
    mm_png_text text[4];
    size_t nt = 0;
    if (title) {
        text[nt++] = (mm_png_text){"Title", title};
    }
    text[nt++] = (mm_png_text){"Software", "malimap " MM_VERSION};
    if (credits) {
        text[nt++] = (mm_png_text){"Source", credits};
    }
    text[nt++] = (mm_png_text){"Creation Time", when};
    mm_png_opts po = {.dpi = dpi * scale, .text = text, .ntext = nt, .compression = -1};
    st = mm_png_encode(&img, &po, out, err);
    mm_image_fini(&img);
    return st;
}

int cli_render(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"size", required_argument, NULL, 's'},
        {"bbox", required_argument, NULL, 'b'},
        {"crs", required_argument, NULL, 'c'},
        {"dpi", required_argument, NULL, 'd'},
        {"scale", required_argument, NULL, 'x'},
        {"style", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {"date", required_argument, NULL, 'D'},
        {"since", required_argument, NULL, 'F'},
        {"events", required_argument, NULL, CLI_OPT_EVENTS},
        {"control", required_argument, NULL, CLI_OPT_CONTROL},
        {"places", required_argument, NULL, CLI_OPT_PLACES},
        {"actors", required_argument, NULL, CLI_OPT_ACTORS},
        {"zones", required_argument, NULL, 'Z'},
        {"radius", required_argument, NULL, 'R'},
        {NULL, 0, NULL, 0},
    };
    const char *output = "mali.png";
    out_format fmt = FMT_NONE;
    mm_map_opts mo = {.scale = 1, .since = MM_DATE_NONE};
    double dpi = 0;
    mm_date date = MM_DATE_NONE;
    char style_buf[4200];
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'f':
            fmt = format_from_name(optarg);
            if (fmt == FMT_NONE) {
                return cli_usage_error("invalid --format '%s': expected png or pdf", optarg);
            }
            break;
        case 's':
            if (!cli_parse_size(optarg, &mo.width_px, &mo.height_px)) {
                return cli_usage_error("invalid --size '%s': expected WIDTHxHEIGHT in pixels, "
                                       "e.g. 1600x1200",
                                       optarg);
            }
            if (mo.width_px < 16 || mo.height_px < 16 || mo.width_px > MAX_SIDE ||
                mo.height_px > MAX_SIDE) {
                return cli_usage_error("invalid --size '%s': each side must be from 16 to %d "
                                       "pixels",
                                       optarg, MAX_SIDE);
            }
            break;
        case 'b':
            if (!cli_parse_bbox(optarg, &mo.bbox)) {
                return cli_usage_error("invalid --bbox '%s': expected four numbers W,S,E,N in "
                                       "degrees",
                                       optarg);
            }
            if (mo.bbox.minx >= mo.bbox.maxx || mo.bbox.miny >= mo.bbox.maxy) {
                return cli_usage_error("invalid --bbox '%s': west must be less than east and "
                                       "south less than north",
                                       optarg);
            }
            if (mo.bbox.minx < -180 || mo.bbox.maxx > 180 || mo.bbox.miny < -90 ||
                mo.bbox.maxy > 90) {
                return cli_usage_error("invalid --bbox '%s': longitudes must be within "
                                       "-180..180 and latitudes within -90..90",
                                       optarg);
            }
            mo.has_bbox = true;
            break;
        case 'c':
            if (!optarg[0]) {
                return cli_usage_error("invalid --crs '': expected an EPSG code or PROJ string");
            }
            mo.crs = optarg;
            break;
        case 'd':
            if (!cli_parse_double(optarg, 1, 10000, &dpi)) {
                return cli_usage_error("invalid --dpi '%s': expected a number from 1 to 10000",
                                       optarg);
            }
            break;
        case 'x':
            if (!cli_parse_double(optarg, 0.1, 10, &mo.scale)) {
                return cli_usage_error("invalid --scale '%s': expected a number from 0.1 to 10",
                                       optarg);
            }
            break;
        case 'S':
            mo.style_path = optarg;
            break;
        case 'D':
            if (!cli_parse_date_option("--date", optarg, &date)) {
                return 2;
            }
            break;
        case 'F':
            if (!cli_parse_date_option("--since", optarg, &mo.since)) {
                return 2;
            }
            break;
        case CLI_OPT_EVENTS:
            mo.events_path = optarg;
            break;
        case CLI_OPT_CONTROL:
            mo.control_path = optarg;
            break;
        case CLI_OPT_PLACES:
            mo.places_path = optarg;
            break;
        case CLI_OPT_ACTORS:
            mo.actors_path = optarg;
            break;
        case 'Z':
            mo.zones_path = optarg;
            break;
        case 'R':
            if (!cli_parse_double(optarg, 1, 5000, &mo.radius_km)) {
                return cli_usage_error("invalid --radius '%s': expected kilometres from 1 to 5000",
                                       optarg);
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        case ':':
            return cli_usage_error("option '%s' needs a value (see 'malimap render --help')",
                                   argv[optind - 1]);
        default:
            return cli_usage_error("unknown option '%s' (see 'malimap render --help')",
                                   argv[optind - 1]);
        }
    }
    if (optind < argc) {
        return cli_usage_error("unexpected argument '%s' (see 'malimap render --help')",
                               argv[optind]);
    }
    if (fmt == FMT_NONE) {
        fmt = strcmp(output, "-") ? format_from_path(output) : FMT_PNG;
        if (fmt == FMT_NONE) {
            return cli_usage_error("cannot tell the format of '%s': name it .png or .pdf, or "
                                   "use --format",
                                   output);
        }
    }
    double device = (double)(mo.width_px ? mo.width_px : 1600) * mo.scale *
                    (double)(mo.height_px ? mo.height_px : 1200) * mo.scale;
    if (device > MAX_DEVICE_PIXELS) {
        return cli_usage_error("--size %dx%d at --scale %g is %.0f million pixels; the limit "
                               "is %.0f million",
                               mo.width_px, mo.height_px, mo.scale, device / 1e6,
                               MAX_DEVICE_PIXELS / 1e6);
    }
    if (!mo.style_path) {
        snprintf(style_buf, sizeof style_buf, "%s/styles/default.json", cli_data_dir());
        mo.style_path = style_buf;
    }

    mm_error err;
    mm_error_clear(&err);
    mm_scene *scene = NULL;
    mm_map *map = NULL;
    mm_buf out;
    mm_buf_init(&out);
    mm_status st = mm_map_open(&mo, &map, &err);
    if (st == MM_OK) {
        if (mm_date_is_none(date)) {
            date = mm_map_latest_date(map);
        }
        st = mm_map_render(map, date, &scene, &err);
    }
    if (st == MM_OK) {
        if (dpi == 0) {
            dpi = mm_map_style_dpi(map) > 0 ? mm_map_style_dpi(map) : 96;
        }
        st = encode(scene, fmt, mo.scale, dpi, &out, &err);
    }
    if (st == MM_OK) {
        st = mm_output_write(output, out.data, out.len, &err);
    }
    mm_buf_fini(&out);
    mm_scene_destroy(scene);
    mm_map_close(map);
    mm_raster_shutdown();
    if (st != MM_OK) {
        cli_print_error(&err);
        return mm_status_exit_code(st);
    }
    return 0;
}
