/*
 * fuzz_svgicon.c — the SVG icon reader (draw/svgicon.c). The input is an SVG
 * file parsed from memory. A refused file must leave no icon and say why; a
 * read one must have a size within the limits and draw, at two sizes (its
 * curves flattened anew each time), only path ops with finite points, no
 * more of them than the limit on flattened points.
 */
#include <math.h>

#include "fuzz.h"
#include "malimap/svgicon.h"

static void draw(mm_svgicon *icon, double longest_px)
{
    double w = mm_svgicon_width(icon), h = mm_svgicon_height(icon);
    double k = longest_px / (w > h ? w : h);
    mm_scene *s = mm_scene_create(64, 64);
    mm_bbox box = {3, 5, 3 + w * k, 5 + h * k};
    size_t n = mm_svgicon_emit(icon, s, box, 0.5, 0.05);
    if (n != mm_scene_count(s)) {
        __builtin_trap(); /* the count returned is what was added */
    }
    for (size_t i = 0; i < n; i++) {
        const mm_op *op = mm_scene_op(s, i);
        if (op->kind != MM_OP_PATH || op->opacity != 0.5 || op->u.path.nparts == 0) {
            __builtin_trap();
        }
        const mm_op_path *p = &op->u.path;
        uint32_t nv = p->parts[p->nparts];
        if (nv > MM_SVGICON_MAX_POINTS) {
            __builtin_trap();
        }
        for (uint32_t k2 = 0; k2 < p->nparts; k2++) {
            if (p->parts[k2 + 1] < p->parts[k2] + 2) {
                __builtin_trap(); /* a part is a line at least */
            }
        }
        for (uint32_t v = 0; v < nv; v++) {
            if (!isfinite(p->pts[v].x) || !isfinite(p->pts[v].y)) {
                __builtin_trap();
            }
        }
        if ((p->has_stroke && !(p->stroke.width_px > 0)) || (!p->has_fill && !p->has_stroke)) {
            __builtin_trap();
        }
    }
    mm_scene_destroy(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mm_error err;
    mm_error_clear(&err);
    mm_svgicon *icon = NULL;
    mm_status st = mm_svgicon_parse("fuzz.svg", (const char *)data, size, &icon, &err);
    if (st != MM_OK) {
        if (icon || err.status != st || !err.msg[0]) {
            __builtin_trap(); /* a refusal leaves nothing and says why */
        }
        return 0;
    }
    double w = mm_svgicon_width(icon), h = mm_svgicon_height(icon);
    if (!(w > 0 && h > 0 && w <= 16384 && h <= 16384)) {
        __builtin_trap();
    }
    draw(icon, 24);
    draw(icon, 200);
    draw(icon, 24); /* back to the first size: flattened again */
    mm_svgicon_destroy(icon);
    return 0;
}
