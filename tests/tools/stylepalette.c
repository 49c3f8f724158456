/*
 * stylepalette.c — prints a style's controller palette ("malimap:palette"
 * metadata) as NAME=#rrggbb words for tests/tools/cvd, and checks that every
 * ["match", ["get", "controller" | "previous_controller"], ...] in the style
 * gives each listed controller exactly its palette colour. Exit 1 when one
 * does not (naming it), 2 when the style has no palette.
 *
 *   stylepalette STYLE.json
 */
#include <stdio.h>
#include <string.h>

#include "malimap/expr.h"
#include "malimap/json.h"

static const mm_json *palette;
static int mismatches;

static bool same_colour(const char *a, const char *b)
{
    mm_rgba x, y;
    return mm_color_parse(a, &x) && mm_color_parse(b, &y) && x.r == y.r && x.g == y.g &&
           x.b == y.b && x.a == y.a;
}

static void check_match(const mm_json *j)
{
    const mm_json *input = j->u.arr.items[1];
    if (input->type != MM_JSON_ARRAY || input->u.arr.n != 2 ||
        input->u.arr.items[0]->type != MM_JSON_STRING ||
        strcmp(input->u.arr.items[0]->u.str.s, "get") ||
        input->u.arr.items[1]->type != MM_JSON_STRING) {
        return;
    }
    const char *prop = input->u.arr.items[1]->u.str.s;
    if (strcmp(prop, "controller") && strcmp(prop, "previous_controller")) {
        return;
    }
    for (size_t i = 2; i + 1 < j->u.arr.n; i += 2) {
        const mm_json *label = j->u.arr.items[i], *out = j->u.arr.items[i + 1];
        if (label->type != MM_JSON_STRING || out->type != MM_JSON_STRING) {
            continue;
        }
        const mm_json *want = mm_json_get(palette, label->u.str.s);
        if (!want || want->type != MM_JSON_STRING) {
            printf("line %d: controller %s has no palette colour\n", label->line, label->u.str.s);
            mismatches++;
        } else if (!same_colour(want->u.str.s, out->u.str.s)) {
            printf("line %d: %s is %s here but %s in the palette\n", out->line, label->u.str.s,
                   out->u.str.s, want->u.str.s);
            mismatches++;
        }
    }
}

static void walk(const mm_json *j)
{
    if (j->type == MM_JSON_ARRAY) {
        if (j->u.arr.n > 3 && j->u.arr.items[0]->type == MM_JSON_STRING &&
            !strcmp(j->u.arr.items[0]->u.str.s, "match")) {
            check_match(j);
        }
        for (size_t i = 0; i < j->u.arr.n; i++) {
            walk(j->u.arr.items[i]);
        }
    } else if (j->type == MM_JSON_OBJECT) {
        for (size_t i = 0; i < j->u.obj.n; i++) {
            walk(j->u.obj.members[i].value);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: stylepalette STYLE.json\n");
        return 2;
    }
    mm_error err;
    mm_error_clear(&err);
    mm_json_doc *doc = NULL;
    if (mm_json_load(argv[1], NULL, &doc, &err) != MM_OK) {
        fprintf(stderr, "stylepalette: %s: %s\n", argv[1], err.msg);
        return 2;
    }
    const mm_json *meta = mm_json_get(mm_json_root(doc), "metadata");
    palette = mm_json_get(mm_json_get(meta, "malimap:palette"), "controllers");
    if (!palette || palette->type != MM_JSON_OBJECT) {
        fprintf(stderr, "stylepalette: %s has no malimap:palette.controllers\n", argv[1]);
        mm_json_destroy(doc);
        return 2;
    }
    walk(mm_json_root(doc));
    if (!mismatches) {
        for (size_t i = 0; i < palette->u.obj.n; i++) {
            const mm_json_member *m = &palette->u.obj.members[i];
            printf("%s%s=%s", i ? " " : "", m->key, m->value->u.str.s);
        }
        printf("\n");
    }
    mm_json_destroy(doc);
    return mismatches ? 1 : 0;
}
