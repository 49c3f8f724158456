/*
 * render.c — `malimap render`: options, the map, the output file (PNG, SVG,
 * PDF), the alt text; the article bundle is in bundle.c. Part of cli/.
 */
#include "render.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "malimap/output.h"
#include "malimap/png.h"
#include "malimap/raster.h"
#include "malimap/svg.h"
#include "malimap/webp.h"

enum { MAX_SIDE = 20000, MAX_WIDTHS = 8 };
#define MAX_DEVICE_PIXELS 150000000.0
#define PT_PER_PX 0.75 /* the scene is laid out at 96 pixels per inch */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: malimap render [options]\n"
            "\n"
            "Draws who holds which areas of Mali on a date, or on each date of a range.\n"
            "\n"
            "options:\n"
            "  -o, --output FILE   output file, .png, .svg or .pdf ('-' for standard output;\n"
            "                      default mali.png)\n"
            "      --format FMT    png, svg or pdf (default: from the file name; png for '-')\n"
            "      --size WxH      image size in pixels (default: the style's, 1600x1200);\n"
            "                      for PDF, the page size in points (1 pt = 1/72 inch; the\n"
            "                      map is laid out at 96 pixels per inch)\n"
            "      --paper NAME    PDF page size: a4, a4-landscape, a3, a3-landscape, letter,\n"
            "                      letter-landscape (instead of --size)\n"
            "      --bbox W,S,E,N  area to show, in degrees of longitude and latitude\n"
            "                      (default: Mali with a margin)\n"
            "      --crs CRS       map projection: EPSG code (EPSG:32630) or PROJ string\n"
            "                      (default: Lambert azimuthal equal-area centred on Mali)\n"
            "      --date D        the date to show, 2023-11-14 or \"14 November 2023\"\n"
            "                      (default: the latest date in the data)\n"
            "      --since D0      mark places that changed hands between D0 and --date\n"
            "                      (and list them in the alt text)\n"
            "      --style FILE    style file (default: the bundled styles/default.json)\n"
            "      --places F, --control F, --events F, --actors F\n"
            "                      dataset files replacing the style's (an ACLED export\n"
            "                      loads as it is with --events)\n"
            "      --zones F       dated zones (polygons with controller, status,\n"
            "                      valid_from, valid_to), .shp or .geojson\n"
            "      --radius KM     how far a town's control reaches in derived areas\n"
            "                      (default: the style's, 150 km in the bundled styles)\n"
            "      --dpi N         resolution recorded in the PNG (default: the style's, or 96)\n"
            "      --scale N       PNG device pixels per pixel, e.g. 2 for retina (default 1)\n"
            "      --png8          palette PNG, for small files: exact when the map has at most\n"
            "                      256 colours; otherwise colours covering 1/1000 of the map\n"
            "                      stay exact and the others (anti-aliased edges) share the\n"
            "                      remaining palette entries (median cut, no dithering)\n"
            "      --alt-text FILE also write the map's alt text, a plain-language description\n"
            "                      (date, who holds the main towns, changes since --since,\n"
            "                      events, sources), to FILE ('-' for standard output); it is\n"
            "                      also in the SVG <desc>, the PNG Description and the PDF\n"
            "                      subject\n"
            "      --bundle DIR    article bundle in DIR (created if missing): per width W,\n"
            "                      map-W.png and map-W@2x.png; map.svg; alt.txt; embed.html\n"
            "                      (a responsive <figure> with caption and credits); not\n"
            "                      with -o, --format, --paper or --scale\n"
            "      --widths LIST   the bundle's widths in pixels, e.g. 640,1200 (the default);\n"
            "                      heights keep the aspect ratio of --size or the style\n"
            "\n"
            "a range of dates (one frame per date, drawn in parallel):\n"
            "      --from D1 --to D2 [--every STEP]\n"
            "                      every day (1d, the default), week (1w), month (1m) or\n"
            "                      year (1y), or several: 2w, 3m\n"
            "      --dates D1,D2,...  these dates\n"
            "  -o TEMPLATE         frame files: {date} becomes YYYY-MM-DD and {n} the frame\n"
            "                      number (default mali-{date}.png); a manifest.json lists\n"
            "                      them; a name ending in .gif writes an animated GIF, one\n"
            "                      ending in .webp an animated lossless WebP\n"
            "  -j, --jobs N        worker threads (default: the number of cores)\n"
            "      --delay MS      GIF or WebP frame delay and player speed (default 500)\n"
            "      --html FILE     an HTML player for the PNG frames: a date slider and\n"
            "                      play/pause, working offline\n"
            "      --grid CxR      small multiples: one image (-o, default mali-grid.png) of\n"
            "                      C columns and R rows of panels, one per date in order,\n"
            "                      each showing its date, with one title, legend, scale bar\n"
            "                      and credits\n"
            "  -q, --quiet         no progress bar\n"
            "  -h, --help          show this help\n");
}

static out_format format_from_name(const char *name)
{
    if (!strcmp(name, "png")) {
        return FMT_PNG;
    }
    if (!strcmp(name, "svg")) {
        return FMT_SVG;
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
    return strlen(dot + 1) < sizeof ext ? format_from_name(ext) : FMT_NONE;
}

typedef struct paper {
    const char *name;
    double w_pt, h_pt;
} paper;

static const paper PAPERS[] = {
    {"a4", 595.276, 841.89},  {"a4-landscape", 841.89, 595.276},
    {"a3", 841.89, 1190.551}, {"a3-landscape", 1190.551, 841.89},
    {"letter", 612, 792},     {"letter-landscape", 792, 612},
};

static const paper *paper_named(const char *name)
{
    for (size_t i = 0; i < sizeof PAPERS / sizeof PAPERS[0]; i++) {
        if (!strcmp(PAPERS[i].name, name)) {
            return &PAPERS[i];
        }
    }
    return NULL;
}

/* The time files are made at: SOURCE_DATE_EPOCH's (reproducible outputs), else now. */
static struct tm creation_time(void)
{
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
    return tm;
}

mm_status render_encode(const mm_scene *s, const encoding *e, mm_buf *out, mm_error *err)
{
    if (e->fmt == FMT_PDF) {
        double w = e->page_w_pt > 0 ? e->page_w_pt : mm_scene_width(s) * PT_PER_PX;
        double h = e->page_h_pt > 0 ? e->page_h_pt : mm_scene_height(s) * PT_PER_PX;
        return mm_pdf_write(s, w, h, out, err);
    }
    if (e->fmt == FMT_SVG) {
        return mm_svg_write(s, out, err);
    }
    mm_image img;
    mm_status st = mm_raster_draw(s, e->scale, &img, err);
    if (st != MM_OK) {
        return st;
    }
    char when[64];
    struct tm made = creation_time();
    strftime(when, sizeof when, "%a, %d %b %Y %H:%M:%S +0000", &made);
    const char *title = mm_scene_meta(s, "title");
    const char *desc = mm_scene_meta(s, "description");
    const char *credits = mm_scene_meta(s, "credits");
    mm_png_text text[5];
    size_t nt = 0;
    if (title) {
        text[nt++] = (mm_png_text){"Title", title};
    }
    if (desc) {
        text[nt++] = (mm_png_text){"Description", desc};
    }
    text[nt++] = (mm_png_text){"Software", "malimap " MM_VERSION};
    if (credits) {
        text[nt++] = (mm_png_text){"Source", credits};
    }
    text[nt++] = (mm_png_text){"Creation Time", when};
    mm_png_opts po = {
        .dpi = e->dpi * e->scale, .text = text, .ntext = nt, .compression = -1, .palette = e->png8};
    st = mm_png_encode(&img, &po, out, err);
    mm_image_fini(&img);
    return st;
}

mm_status render_map(const mm_map_opts *o, mm_date date, mm_scene **out_scene, mm_buf *alt,
                     double *dpi, mm_date *drawn, mm_error *err)
{
    mm_map *map = NULL;
    mm_scene *scene = NULL;
    mm_status st = mm_map_open(o, &map, err);
    if (st == MM_OK) {
        if (mm_date_is_none(date)) {
            date = mm_map_latest_date(map);
        }
        st = mm_map_render(map, date, &scene, err);
    }
    if (st == MM_OK) {
        st = mm_map_describe(map, date, alt, err);
    }
    if (st == MM_OK) {
        mm_scene_set_meta(scene, "description", alt->data ? alt->data : "");
        char created[32];
        struct tm made = creation_time();
        strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &made);
        mm_scene_set_meta(scene, "created", created);
        *dpi = mm_map_style_dpi(map);
        *drawn = date;
        *out_scene = scene;
        scene = NULL;
    }
    mm_scene_destroy(scene);
    mm_map_close(map);
    return st;
}

mm_status render_write_text(const char *path, const mm_buf *text, mm_error *err)
{
    mm_buf b;
    mm_buf_init(&b);
    mm_buf_append(&b, text->data ? text->data : "", text->len);
    mm_buf_putc(&b, '\n');
    mm_status st = mm_output_write(path, b.data, b.len, err);
    mm_buf_fini(&b);
    return st;
}

/* "640,1200" → ascending distinct widths; false with the reason in why. */
static bool parse_widths(const char *s, int *out, int *n, const char **why)
{
    *n = 0;
    const char *p = s;
    for (;;) {
        long v;
        char *end;
        if (*p < '0' || *p > '9') {
            *why = "expected widths in pixels separated by commas, e.g. 640,1200";
            return false;
        }
        v = strtol(p, &end, 10);
        if (v < 16 || v > MAX_SIDE / 2) {
            *why = "each width must be from 16 to 10000 pixels";
            return false;
        }
        if (*n == MAX_WIDTHS) {
            *why = "at most 8 widths";
            return false;
        }
        int k = *n;
        while (k > 0 && out[k - 1] > v) {
            out[k] = out[k - 1];
            k--;
        }
        if (k > 0 && out[k - 1] == v) {
            *why = "a width is given twice";
            return false;
        }
        out[k] = (int)v;
        (*n)++;
        if (*end == '\0') {
            return true;
        }
        if (*end != ',') {
            *why = "expected widths in pixels separated by commas, e.g. 640,1200";
            return false;
        }
        p = end + 1;
    }
}

/* True when path ends in ext (".gif"), in either case. */
static bool path_has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && !strcasecmp(path + n - e, ext);
}

/*
 * The dates of a range: --from/--to stepping by --every, or the --dates
 * list. No range at all gives *out = NULL. Returns 0, or 2 after printing a
 * usage error.
 */
static int frame_dates(mm_date from, mm_date to, mm_duration every, bool has_every,
                       const char *list, mm_date single, mm_date **out, size_t *n)
{
    enum { MAX_FRAMES = 100000 };
    *out = NULL;
    *n = 0;
    bool has_from = !mm_date_is_none(from), has_to = !mm_date_is_none(to);
    if (!has_from && !has_to && !list) {
        return has_every ? cli_usage_error("--every needs --from and --to") : 0;
    }
    if (list && (has_from || has_to)) {
        return cli_usage_error("give --dates or --from/--to, not both");
    }
    if (!mm_date_is_none(single)) {
        return cli_usage_error("--date draws one date: leave it out with a range of dates");
    }
    if (!list && has_from != has_to) {
        return cli_usage_error("a range needs both --from and --to");
    }
    if (!list && from.day > to.day) {
        return cli_usage_error("--from must not be after --to");
    }
    mm_date *d = NULL;
    size_t cap = 0;
    if (list) {
        const char *p = list;
        for (;;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            mm_date v;
            const char *why = NULL;
            if (!mm_date_parse(p, len, &v, &why)) {
                mm_free(d);
                return cli_usage_error("invalid --dates '%s': '%.*s' is not a date (%s)", list,
                                       (int)len, p, len ? why : "empty");
            }
            if (*n >= MAX_FRAMES) {
                mm_free(d);
                return cli_usage_error("--dates gives more than %d dates", MAX_FRAMES);
            }
            d = mm_grow(d, &cap, *n + 1, sizeof *d);
            d[(*n)++] = v;
            if (!comma) {
                break;
            }
            p = comma + 1;
        }
    } else {
        for (int32_t k = 0;; k++) {
            mm_date v;
            if (!mm_date_add(from, every, k, &v) || v.day > to.day) {
                break;
            }
            if (*n >= MAX_FRAMES) {
                mm_free(d);
                return cli_usage_error("--from, --to and --every give more than %d frames",
                                       MAX_FRAMES);
            }
            d = mm_grow(d, &cap, *n + 1, sizeof *d);
            d[(*n)++] = v;
        }
    }
    *out = d;
    return 0;
}

int cli_render(int argc, char **argv)
{
    enum {
        OPT_PAPER = 256,
        OPT_PNG8,
        OPT_ALT,
        OPT_BUNDLE,
        OPT_WIDTHS,
        OPT_FROM,
        OPT_TO,
        OPT_EVERY,
        OPT_DATES,
        OPT_DELAY,
        OPT_HTML,
        OPT_GRID
    };
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
        {"paper", required_argument, NULL, OPT_PAPER},
        {"png8", no_argument, NULL, OPT_PNG8},
        {"alt-text", required_argument, NULL, OPT_ALT},
        {"bundle", required_argument, NULL, OPT_BUNDLE},
        {"widths", required_argument, NULL, OPT_WIDTHS},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"every", required_argument, NULL, OPT_EVERY},
        {"dates", required_argument, NULL, OPT_DATES},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"delay", required_argument, NULL, OPT_DELAY},
        {"html", required_argument, NULL, OPT_HTML},
        {"grid", required_argument, NULL, OPT_GRID},
        {NULL, 0, NULL, 0},
    };
    mm_date from = MM_DATE_NONE, to = MM_DATE_NONE;
    mm_duration every = {1, MM_DUR_DAY};
    bool has_every = false, quiet = false;
    const char *dates_arg = NULL, *html_path = NULL;
    int grid_cols = 0, grid_rows = 0;
    long jobs = 0;
    double delay_ms = 500;
    const char *output = NULL;
    const char *size_arg = NULL;
    const char *alt_path = NULL;
    const char *bundle_dir = NULL;
    const paper *page = NULL;
    bool png8 = false, has_scale = false;
    int widths[MAX_WIDTHS] = {640, 1200}, nwidths = 2;
    bool has_widths = false;
    out_format fmt = FMT_NONE;
    mm_map_opts mo = {.scale = 1, .since = MM_DATE_NONE};
    double dpi = 0;
    mm_date date = MM_DATE_NONE;
    char style_buf[4200];
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case OPT_FROM:
            if (!cli_parse_date_option("--from", optarg, &from)) {
                return 2;
            }
            break;
        case OPT_TO:
            if (!cli_parse_date_option("--to", optarg, &to)) {
                return 2;
            }
            break;
        case OPT_EVERY:
            if (!mm_duration_parse(optarg, &every)) {
                return cli_usage_error(
                    "invalid --every '%s': expected a step such as 1d, 1w, 1m or "
                    "1y",
                    optarg);
            }
            has_every = true;
            break;
        case OPT_DATES:
            dates_arg = optarg;
            break;
        case 'j': {
            double v;
            if (!cli_parse_double(optarg, 1, 64, &v) || v != (long)v) {
                return cli_usage_error("invalid --jobs '%s': expected a whole number from 1 to 64",
                                       optarg);
            }
            jobs = (long)v;
            break;
        }
        case 'q':
            quiet = true;
            break;
        case OPT_DELAY:
            if (!cli_parse_double(optarg, 10, 60000, &delay_ms)) {
                return cli_usage_error("invalid --delay '%s': expected milliseconds from 10 to "
                                       "60000",
                                       optarg);
            }
            break;
        case OPT_GRID: {
            char *end = NULL;
            long gc = strtol(optarg, &end, 10), r = 0;
            if (end && (*end == 'x' || *end == 'X')) {
                char *p = end + 1;
                r = strtol(p, &end, 10);
                if (end == p) {
                    r = 0;
                }
            }
            if (!end || *end || gc < 1 || gc > 12 || r < 1 || r > 12) {
                return cli_usage_error("invalid --grid '%s': expected COLSxROWS, e.g. 3x2, "
                                       "each from 1 to 12",
                                       optarg);
            }
            grid_cols = (int)gc;
            grid_rows = (int)r;
            break;
        }
        case OPT_HTML:
            if (!optarg[0]) {
                return cli_usage_error("invalid --html '': expected a file name");
            }
            html_path = optarg;
            break;
        case 'f':
            fmt = format_from_name(optarg);
            if (fmt == FMT_NONE) {
                return cli_usage_error("invalid --format '%s': expected png, svg or pdf", optarg);
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
            size_arg = optarg;
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
            has_scale = true;
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
        case OPT_PAPER:
            page = paper_named(optarg);
            if (!page) {
                return cli_usage_error("invalid --paper '%s': expected a4, a4-landscape, a3, "
                                       "a3-landscape, letter or letter-landscape",
                                       optarg);
            }
            break;
        case OPT_PNG8:
            png8 = true;
            break;
        case OPT_ALT:
            if (!optarg[0]) {
                return cli_usage_error("invalid --alt-text '': expected a file name");
            }
            alt_path = optarg;
            break;
        case OPT_BUNDLE:
            if (!optarg[0]) {
                return cli_usage_error("invalid --bundle '': expected a folder");
            }
            bundle_dir = optarg;
            break;
        case OPT_WIDTHS: {
            const char *why = NULL;
            if (!parse_widths(optarg, widths, &nwidths, &why)) {
                return cli_usage_error("invalid --widths '%s': %s", optarg, why);
            }
            has_widths = true;
            break;
        }
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
    mm_date *dates = NULL;
    size_t ndates = 0;
    int code = frame_dates(from, to, every, has_every, dates_arg, date, &dates, &ndates);
    if (code) {
        return code;
    }
    bool range = dates != NULL;
    if (range && bundle_dir) {
        mm_free(dates);
        return cli_usage_error("--bundle draws one date: leave out --from, --to and --dates");
    }
    if (!range && (html_path || jobs || quiet || grid_cols)) {
        return cli_usage_error("%s goes with a range of dates (--from/--to or --dates)",
                               html_path ? "--html"
                               : jobs    ? "--jobs"
                               : quiet   ? "--quiet"
                                         : "--grid");
    }
    if (range && alt_path) {
        mm_free(dates);
        return cli_usage_error("--alt-text describes one map: leave out --from, --to and --dates");
    }
    if (range) {
        if (!output) {
            output = grid_cols ? "mali-grid.png" : "mali-{date}.png";
        }
        bool gif = path_has_ext(output, ".gif"), webp = path_has_ext(output, ".webp");
        bool anim = gif || webp;
        if (grid_cols && (anim || html_path || frames_template_ok(output))) {
            mm_free(dates);
            return cli_usage_error("--grid draws one image: %s",
                                   html_path ? "leave out --html"
                                             : "name one .png, .svg or .pdf file with -o");
        }
        if (!anim && !grid_cols && !frames_template_ok(output)) {
            mm_free(dates);
            return cli_usage_error(
                "-o '%s' names one file, but a range of dates makes one per "
                "frame: put {date} or {n} in the name (or write a .gif or .webp)",
                output);
        }
        if (anim && html_path) {
            mm_free(dates);
            return cli_usage_error("--html shows frame files: write PNG frames, not a %s",
                                   gif ? ".gif" : ".webp");
        }
        if (!anim && fmt == FMT_NONE) {
            fmt = format_from_path(output);
            if (fmt == FMT_NONE) {
                mm_free(dates);
                return cli_usage_error("cannot tell the format of '%s': name it .png, .svg, "
                                       ".pdf, .gif or .webp, or use --format",
                                       output);
            }
        }
        if (html_path && fmt != FMT_PNG) {
            mm_free(dates);
            return cli_usage_error("--html shows PNG frames: name the frames .png");
        }
        if (!mo.style_path) {
            snprintf(style_buf, sizeof style_buf, "%s/styles/default.json", cli_data_dir());
            mo.style_path = style_buf;
        }
        double device = (double)(mo.width_px ? mo.width_px : 1600) * mo.scale *
                        (double)(mo.height_px ? mo.height_px : 1200) * mo.scale;
        if (device > MAX_DEVICE_PIXELS) {
            mm_free(dates);
            return cli_usage_error("--size %dx%d at --scale %g is %.0f million pixels; the limit "
                                   "is %.0f million",
                                   mo.width_px, mo.height_px, mo.scale, device / 1e6,
                                   MAX_DEVICE_PIXELS / 1e6);
        }
        if (webp && ((double)mo.width_px * mo.scale > MM_WEBP_MAX_SIDE ||
                     (double)mo.height_px * mo.scale > MM_WEBP_MAX_SIDE)) {
            mm_free(dates);
            return cli_usage_error("--size %dx%d at --scale %g is too large for WebP: at most %d "
                                   "pixels a side",
                                   mo.width_px, mo.height_px, mo.scale, MM_WEBP_MAX_SIDE);
        }
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        frames_opts fo = {
            .dates = dates,
            .ndates = ndates,
            .output = output,
            .enc = {.fmt = anim ? FMT_PNG : fmt, .scale = mo.scale, .png8 = png8, .dpi = dpi},
            .gif = gif,
            .webp = webp,
            .delay_ms = (int)delay_ms,
            .html = html_path,
            .jobs = jobs        ? (int)jobs
                    : cores > 0 ? (int)(cores > 64 ? 64 : cores)
                                : 1,
            .quiet = quiet,
            .grid_cols = grid_cols,
            .grid_rows = grid_rows};
        mm_error err;
        mm_error_clear(&err);
        mm_status st = grid_cols ? render_grid(&mo, &fo, &err) : render_frames(&mo, &fo, &err);
        mm_free(dates);
        mm_raster_shutdown();
        if (st != MM_OK) {
            cli_print_error(&err);
            return st == MM_E_INTERRUPTED ? 130 : mm_status_exit_code(st);
        }
        return 0;
    }
    if (bundle_dir) {
        const char *clash = output            ? "-o"
                            : fmt != FMT_NONE ? "--format"
                            : page            ? "--paper"
                            : has_scale       ? "--scale"
                                              : NULL;
        if (clash) {
            return cli_usage_error("--bundle writes its own files (PNG at 1x and 2x, SVG, alt "
                                   "text, HTML): leave out %s",
                                   clash);
        }
    } else if (has_widths) {
        return cli_usage_error("--widths needs --bundle DIR");
    }
    if (!output) {
        output = "mali.png";
    }
    if (!bundle_dir && fmt == FMT_NONE && path_has_ext(output, ".webp")) {
        return cli_usage_error("a .webp is an animation of a range of dates: add --from and --to "
                               "(or --dates), or name one map .png, .svg or .pdf");
    }
    if (!bundle_dir && fmt == FMT_NONE) {
        fmt = strcmp(output, "-") ? format_from_path(output) : FMT_PNG;
        if (fmt == FMT_NONE) {
            return cli_usage_error("cannot tell the format of '%s': name it .png, .svg or .pdf, "
                                   "or use --format",
                                   output);
        }
    }
    if (!bundle_dir && page && fmt != FMT_PDF) {
        return cli_usage_error("--paper sets a PDF page: the output is not PDF");
    }
    if (page && size_arg) {
        return cli_usage_error("give --paper or --size, not both");
    }
    if (!bundle_dir && png8 && fmt != FMT_PNG) {
        return cli_usage_error("--png8 makes a palette PNG: the output is not PNG");
    }
    if (alt_path && !bundle_dir && !strcmp(alt_path, "-") && !strcmp(output, "-")) {
        return cli_usage_error("the map and --alt-text cannot both go to standard output");
    }
    encoding enc = {.fmt = fmt, .scale = mo.scale, .png8 = png8};
    if (fmt == FMT_PDF) {
        /* the page in points; the map is laid out at 96 pixels per inch */
        double w_pt = page ? page->w_pt : mo.width_px, h_pt = page ? page->h_pt : mo.height_px;
        if (page || size_arg) {
            mo.width_px = (int)(w_pt / PT_PER_PX + 0.5);
            mo.height_px = (int)(h_pt / PT_PER_PX + 0.5);
            enc.page_w_pt = w_pt;
            enc.page_h_pt = h_pt;
        }
        mo.scale = 1;
    }
    if (fmt == FMT_PNG || bundle_dir) {
        double device = (double)(mo.width_px ? mo.width_px : 1600) * mo.scale *
                        (double)(mo.height_px ? mo.height_px : 1200) * mo.scale;
        if (device > MAX_DEVICE_PIXELS) {
            return cli_usage_error("--size %dx%d at --scale %g is %.0f million pixels; the limit "
                                   "is %.0f million",
                                   mo.width_px, mo.height_px, mo.scale, device / 1e6,
                                   MAX_DEVICE_PIXELS / 1e6);
        }
    }
    if (!mo.style_path) {
        snprintf(style_buf, sizeof style_buf, "%s/styles/default.json", cli_data_dir());
        mo.style_path = style_buf;
    }

    mm_error err;
    mm_error_clear(&err);
    mm_status st;
    if (bundle_dir) {
        bundle_opts bo = {.dir = bundle_dir,
                          .widths = widths,
                          .nwidths = nwidths,
                          .png8 = png8,
                          .dpi = dpi,
                          .alt_path = alt_path};
        st = render_bundle(&mo, date, &bo, &err);
    } else {
        mm_scene *scene = NULL;
        mm_buf out, alt;
        mm_buf_init(&out);
        mm_buf_init(&alt);
        double style_dpi = 0;
        mm_date drawn;
        st = render_map(&mo, date, &scene, &alt, &style_dpi, &drawn, &err);
        if (st == MM_OK) {
            enc.dpi = dpi > 0 ? dpi : style_dpi > 0 ? style_dpi : 96;
            st = render_encode(scene, &enc, &out, &err);
        }
        if (st == MM_OK) {
            st = mm_output_write(output, out.data, out.len, &err);
        }
        if (st == MM_OK && alt_path) {
            st = render_write_text(alt_path, &alt, &err);
        }
        mm_buf_fini(&out);
        mm_buf_fini(&alt);
        mm_scene_destroy(scene);
    }
    mm_raster_shutdown();
    if (st != MM_OK) {
        cli_print_error(&err);
        return mm_status_exit_code(st);
    }
    return 0;
}
