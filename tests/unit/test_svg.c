/*
 * test_svg.c — the native SVG writer on small hand-made scenes: XML names
 * and unique ids, escaping, layer groups, shared paint and fonts, text with
 * its halo, hatch patterns, paths cut to the frame and thinned.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "malimap/svg.h"

/* What fn appends for s, as a string (valid until the next call). */
static char *appended(void (*fn)(mm_buf *, const char *), const char *s)
{
    static char buf[256];
    mm_buf b;
    mm_buf_init(&b);
    fn(&b, s);
    snprintf(buf, sizeof buf, "%s", b.data ? b.data : "");
    mm_buf_fini(&b);
    return buf;
}

static void ncname_to(mm_buf *b, const char *s)
{
    mm_svg_ncname(s, b);
}

static char *ncname(const char *s)
{
    return appended(ncname_to, s);
}

static char *escaped(const char *s)
{
    return appended(mm_svg_escape, s);
}

static void test_ncname(void)
{
    CHECK_STR(ncname("place-labels"), "place-labels");
    CHECK_STR(ncname("regions_2.b"), "regions_2.b");
    CHECK_STR(ncname("1st"), "layer-1st");
    CHECK_STR(ncname("a b"), "a-b");
    CHECK_STR(ncname("x:y/z#w"), "x-y-z-w");
    CHECK_STR(ncname(""), "layer");
    CHECK_STR(ncname("-x"), "layer--x");
    CHECK_STR(ncname("\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9"); /* été: letters of any script */
    CHECK_STR(ncname("a\xff"), "a-");                            /* not UTF-8 */
    CHECK_STR(ncname("a\xc3\x97"), "a-");                        /* × is not a name character */
}

static void test_escape(void)
{
    CHECK_STR(escaped("A & B <C> \"d\" 'e'"), "A &amp; B &lt;C&gt; &quot;d&quot; &apos;e&apos;");
    CHECK_STR(escaped("a\x01z"), "a z");
    CHECK_STR(escaped("Niafunk\xc3\xa9"), "Niafunk\xc3\xa9");
    CHECK_STR(escaped("bad\xe9"), "bad\xef\xbf\xbd"); /* Latin-1 byte: U+FFFD */
}

static mm_op *text_op(mm_scene *s, const char *str, double x, double y)
{
    mm_op *op = mm_scene_add(s, MM_OP_TEXT);
    op->u.text.text = mm_scene_strdup(s, str);
    op->u.text.font_family = mm_scene_strdup(s, "Noto Sans, DejaVu Sans");
    op->u.text.weight = 400;
    op->u.text.size_px = 12;
    op->u.text.color = (mm_rgba){0.1, 0.1, 0.1, 1};
    op->u.text.halo = (mm_rgba){1, 1, 1, 1};
    op->u.text.halo_px = 1.5;
    op->u.text.pos = (mm_xy){x, y};
    op->u.text.anchor = MM_TEXT_MIDDLE;
    return op;
}

static mm_op *path_op(mm_scene *s, const mm_xy *pts, uint32_t n, bool closed)
{
    mm_op *op = mm_scene_add(s, MM_OP_PATH);
    mm_xy *p = mm_scene_alloc_points(s, n);
    memcpy(p, pts, n * sizeof *p);
    uint32_t *parts = mm_scene_alloc_parts(s, 1);
    parts[0] = 0;
    parts[1] = n;
    op->u.path = (mm_op_path){.nparts = 1, .parts = parts, .pts = p, .closed = closed};
    return op;
}

/* The SVG document of s (caller frees with mm_free); destroys s. */
static char *svg_of(mm_scene *s)
{
    mm_buf out;
    mm_buf_init(&out);
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_svg_write(s, &out, &err), MM_OK);
    mm_scene_destroy(s);
    return mm_buf_steal(&out);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

static void test_layers_and_ids(void)
{
    mm_scene *s = mm_scene_create(200, 100);
    mm_scene_set_meta(s, "title", "Mali & neighbours");
    mm_scene_set_meta(s, "description", "Kidal is held by <FAMa>.");
    const char *ids[] = {"regions", "1st layer", "regions", "map-title", "hatch"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        mm_scene_begin_group(s, ids[i], ids[i]);
        mm_scene_end_group(s);
    }
    mm_scene_begin_group(s, "labels", "labels");
    text_op(s, "Kidal", 50, 50);
    text_op(s, "Gao & Ansongo", 100, 60);
    mm_scene_end_group(s);
    char *svg = svg_of(s);
    CHECK(strstr(svg, "viewBox=\"0 0 200 100\"") != NULL);
    CHECK(strstr(svg, "role=\"img\"") != NULL);
    CHECK(
        strstr(svg, "<g id=\"regions\" inkscape:groupmode=\"layer\" inkscape:label=\"regions\"") !=
        NULL);
    CHECK(strstr(svg, "<g id=\"layer-1st-layer\" inkscape:groupmode=\"layer\" "
                      "inkscape:label=\"1st layer\"") != NULL);
    CHECK(strstr(svg, "<g id=\"regions-2\"") != NULL);
    /* a layer named like an id the writer uses keeps its name; the title makes way */
    CHECK(strstr(svg, "<g id=\"map-title\"") != NULL);
    CHECK(strstr(svg, "<title id=\"map-title-2\">Mali &amp; neighbours</title>") != NULL);
    CHECK(strstr(svg, "aria-labelledby=\"map-title-2\"") != NULL);
    CHECK(strstr(svg, "<desc id=\"map-desc\">Kidal is held by &lt;FAMa&gt;.</desc>") != NULL);
    /* fonts and halo shared by the group's texts are written once, on the group */
    CHECK(strstr(svg,
                 "<g id=\"labels\" inkscape:groupmode=\"layer\" inkscape:label=\"labels\" "
                 "font-family=\"'Noto Sans','DejaVu Sans',sans-serif\" font-size=\"12\" "
                 "text-anchor=\"middle\" fill=\"#1a1a1a\" stroke=\"#fff\" "
                 "stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">") != NULL);
    CHECK(strstr(svg, "<text x=\"50\" y=\"50\">Kidal</text>") != NULL);
    CHECK(strstr(svg, "<text x=\"100\" y=\"60\">Gao &amp; Ansongo</text>") != NULL);
    CHECK_INT(count(svg, "<g "), 6);
    CHECK_INT(count(svg, "</g>"), 6);
    mm_free(svg);
}

static void test_text_settings_per_element(void)
{
    mm_scene *s = mm_scene_create(100, 100);
    mm_scene_begin_group(s, "labels", NULL);
    mm_op *a = text_op(s, "Bamako", 10, 10);
    a->u.text.weight = 700;
    a->u.text.letter_spacing_px = 2;
    mm_op *b = text_op(s, "Kati", 20, 20);
    b->u.text.halo_px = 0;
    b->u.text.font_family = mm_scene_strdup(s, "serif");
    mm_op *m = mm_scene_add(s, MM_OP_MARKER);
    m->u.marker = (mm_op_marker){.shape = MM_MARKER_CIRCLE,
                                 .center = {5, 5},
                                 .radius_px = 3,
                                 .has_fill = true,
                                 .fill = {0, 0.447, 0.698, 1}};
    mm_attr attrs[] = {{"name", "Kati"}, {"controller", "FAMA"}};
    mm_scene_set_attrs(s, m, attrs, 2);
    mm_scene_end_group(s);
    char *svg = svg_of(s);
    /* with a marker in the group only font settings may go on it */
    CHECK(strstr(svg, "<g id=\"labels\" inkscape:groupmode=\"layer\" inkscape:label=\"labels\" "
                      "font-size=\"12\" text-anchor=\"middle\">") != NULL);
    /* letter spacing: SVG adds it after each letter, Pango half before the first */
    CHECK(strstr(svg, "<text x=\"11\" y=\"10\" font-family=\"'Noto Sans','DejaVu "
                      "Sans',sans-serif\" font-weight=\"700\" letter-spacing=\"2\" "
                      "fill=\"#1a1a1a\" stroke=\"#fff\" stroke-width=\"3\" "
                      "stroke-linejoin=\"round\" paint-order=\"stroke\">Bamako</text>") != NULL);
    CHECK(
        strstr(svg, "<text x=\"20\" y=\"20\" font-family=\"serif\" fill=\"#1a1a1a\">Kati</text>") !=
        NULL);
    CHECK(strstr(svg, "<circle cx=\"5\" cy=\"5\" r=\"3\" fill=\"#0072b2\" data-name=\"Kati\" "
                      "data-controller=\"FAMA\"/>") != NULL);
    mm_free(svg);
}

static void test_paths_cut_and_thinned(void)
{
    mm_scene *s = mm_scene_create(100, 100);
    mm_scene_begin_group(s, "rivers", NULL);
    /* far outside: nothing written */
    mm_xy away[] = {{500, 500}, {600, 520}, {700, 500}};
    path_op(s, away, 3, false)->u.path.has_stroke = true;
    /* a line that leaves the frame and comes back: two parts, and the
     * vertices on (or 0.05 px off) the straight line go */
    mm_xy wander[] = {{10, 10}, {20, 10.05}, {30, 10}, {400, 10}, {400, 50}, {50, 50}, {40, 50}};
    mm_op *w = path_op(s, wander, 7, false);
    w->u.path.has_stroke = true;
    w->u.path.stroke = (mm_stroke){.color = {0, 0, 1, 1}, .width_px = 1};
    mm_scene_end_group(s);
    mm_scene_begin_group(s, "contested", NULL);
    /* a ring much larger than the frame: cut to the frame and a margin */
    mm_xy big[] = {{-1000, -1000}, {1000, -1000}, {1000, 1000}, {-1000, 1000}};
    mm_op *r = path_op(s, big, 4, true);
    r->u.path.has_fill = true;
    r->u.path.fill = (mm_fill){.color = {1, 0, 0, 1},
                               .pattern = MM_PATTERN_HATCH,
                               .color2 = {1, 1, 1, 1},
                               .angle_deg = 45,
                               .spacing_px = 8,
                               .line_px = 4};
    mm_scene_end_group(s);
    char *svg = svg_of(s);
    CHECK_INT(count(svg, "<path"), 2);
    CHECK(strstr(svg, "d=\"M10 10l390 0M400 50l-360 0\"") != NULL);
    CHECK(strstr(svg, "d=\"M-4 104l0-108 108 0 0 108z\"") != NULL);
    CHECK(strstr(svg, "<pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"8\" "
                      "height=\"8\" patternTransform=\"rotate(45) translate(0 -2)\">") != NULL);
    CHECK(strstr(svg, "fill=\"url(#hatch)\"") != NULL);
    mm_free(svg);
}

static void test_clip_groups(void)
{
    mm_scene *s = mm_scene_create(100, 100);
    mm_scene *panel = mm_scene_create(40, 40);
    mm_scene_begin_group(panel, "land", NULL);
    /* runs far past the panel's right edge */
    mm_xy wide[] = {{0, 0}, {300, 0}, {300, 40}, {0, 40}};
    path_op(panel, wide, 4, true)->u.path.has_fill = true;
    mm_scene_end_group(panel);
    mm_scene_begin_clip_group(s, "panel-a", "A", (mm_bbox){0, 0, 40, 40});
    mm_scene_append_moved(s, panel, 0, 0);
    mm_scene_end_group(s);
    mm_scene_begin_clip_group(s, "panel-b", "B", (mm_bbox){50, 10, 90, 50});
    mm_scene_append_moved(s, panel, 50, 10);
    mm_scene_end_group(s);
    const mm_op *b = mm_scene_op(s, 5);
    CHECK(b->kind == MM_OP_GROUP_BEGIN && b->u.group.has_clip);
    /* panel-b's own clip stays where it was put; the appended land group has none */
    CHECK(b->u.group.clip.minx == 50 && b->u.group.clip.maxx == 90);
    CHECK(!mm_scene_op(s, 6)->u.group.has_clip);
    mm_scene_destroy(panel);
    char *svg = svg_of(s);
    CHECK(strstr(svg, "<clipPath id=\"panel-a-clip\"><rect x=\"0\" y=\"0\" width=\"40\" "
                      "height=\"40\"/></clipPath>") != NULL);
    CHECK(strstr(svg, "clip-path=\"url(#panel-a-clip)\"") != NULL);
    CHECK_INT(count(svg, "<clipPath"), 2);
    /* the paths are cut to the panel and a margin, not to the whole frame */
    CHECK(strstr(svg, "d=\"M0 0l44 0 0 40-44 0z\"") != NULL);
    CHECK(strstr(svg, "d=\"M50 10l44 0 0 40-44 0z\"") != NULL);
    mm_free(svg);
}

static void test_bbox_intersection(void)
{
    mm_bbox r = mm_bbox_intersection((mm_bbox){0, 0, 10, 10}, (mm_bbox){5, -5, 20, 8});
    CHECK(r.minx == 5 && r.miny == 0 && r.maxx == 10 && r.maxy == 8);
    CHECK(mm_bbox_is_empty(mm_bbox_intersection((mm_bbox){0, 0, 1, 1}, (mm_bbox){2, 2, 3, 3})));
}

MM_TESTS("svg", {"ncname", test_ncname}, {"escape", test_escape},
         {"layers_and_ids", test_layers_and_ids},
         {"text_settings_per_element", test_text_settings_per_element},
         {"paths_cut_and_thinned", test_paths_cut_and_thinned},
         {"clip_groups", test_clip_groups}, {"bbox_intersection", test_bbox_intersection})
