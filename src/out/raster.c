/*
 * raster.c — the cairo backend of the canvas: replays a scene onto a cairo
 * image surface (PNG) or PDF surface. Part of out/: with draw/text.c the only
 * code that includes cairo and pango. cairo's status is sticky, so it is
 * checked once per group and at the end.
 */
#include "malimap/raster.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "malimap/draw.h"

uint32_t mm_argb_straight(uint32_t p)
{
    uint32_t a = p >> 24;
    if (a == 255 || a == 0) {
        return a ? p : 0;
    }
    uint32_t r = (((p >> 16) & 0xff) * 255 + a / 2) / a;
    uint32_t g = (((p >> 8) & 0xff) * 255 + a / 2) / a;
    uint32_t b = ((p & 0xff) * 255 + a / 2) / a;
    return a << 24 | r << 16 | g << 8 | b;
}

void mm_image_fini(mm_image *img)
{
    if (!img) {
        return;
    }
    mm_free(img->pixels);
    memset(img, 0, sizeof *img);
}

static void set_rgba(cairo_t *cr, mm_rgba c, double opacity)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * opacity);
}

static void path_geometry(cairo_t *cr, const mm_op_path *p)
{
    cairo_new_path(cr);
    for (uint32_t k = 0; k < p->nparts; k++) {
        uint32_t a = p->parts[k], b = p->parts[k + 1];
        if (b <= a) {
            continue;
        }
        cairo_move_to(cr, p->pts[a].x, p->pts[a].y);
        for (uint32_t v = a + 1; v < b; v++) {
            cairo_line_to(cr, p->pts[v].x, p->pts[v].y);
        }
        if (p->closed) {
            cairo_close_path(cr);
        }
    }
}

static void apply_stroke(cairo_t *cr, const mm_stroke *s, double opacity)
{
    set_rgba(cr, s->color, opacity);
    cairo_set_line_width(cr, s->width_px);
    cairo_set_line_cap(cr, s->cap == MM_CAP_ROUND    ? CAIRO_LINE_CAP_ROUND
                           : s->cap == MM_CAP_SQUARE ? CAIRO_LINE_CAP_SQUARE
                                                     : CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, s->join == MM_JOIN_ROUND   ? CAIRO_LINE_JOIN_ROUND
                            : s->join == MM_JOIN_BEVEL ? CAIRO_LINE_JOIN_BEVEL
                                                       : CAIRO_LINE_JOIN_MITER);
    cairo_set_dash(cr, s->dash, s->ndash, 0);
}

static void hatch(cairo_t *cr, const mm_fill *f, double opacity)
{
    double x1, y1, x2, y2;
    cairo_save(cr);
    cairo_clip_preserve(cr);
    cairo_fill_extents(cr, &x1, &y1, &x2, &y2);
    cairo_new_path(cr);
    if (f->color2.a > 0) {
        set_rgba(cr, f->color2, opacity);
        cairo_paint(cr);
    }
    double cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
    double r = hypot(x2 - x1, y2 - y1) / 2 + f->line_px;
    double spacing = f->spacing_px > 0.5 ? f->spacing_px : 0.5;
    double a = f->angle_deg * M_PI / 180;
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, a);
    /* Stripes are centred on the lines where (x, y)·(-sin a, cos a) is a
     * multiple of the spacing: anchored to the scene origin, so neighbouring
     * areas line up and the SVG backend's <pattern> draws the same stripes. */
    double off = -cx * sin(a) + cy * cos(a);
    for (double y = floor((off - r) / spacing) * spacing - off; y <= r; y += spacing) {
        cairo_move_to(cr, -r, y);
        cairo_line_to(cr, r, y);
    }
    set_rgba(cr, f->color, opacity);
    cairo_set_line_width(cr, f->line_px > 0 ? f->line_px : 1);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* ---- what lies outside the image ---- */

/* Drawing on an image: the part of the scene it shows (user space), and
 * scratch for clipping rings. */
typedef struct cull {
    bool on;
    mm_bbox area;
    mm_clip_buf clip;
} cull;

static mm_bbox points_bbox(const mm_xy *pts, size_t n)
{
    mm_bbox bb = {pts[0].x, pts[0].y, pts[0].x, pts[0].y};
    for (size_t v = 1; v < n; v++) {
        bb.minx = fmin(bb.minx, pts[v].x);
        bb.maxx = fmax(bb.maxx, pts[v].x);
        bb.miny = fmin(bb.miny, pts[v].y);
        bb.maxy = fmax(bb.maxy, pts[v].y);
    }
    return bb;
}

static bool within(mm_bbox b, mm_bbox r)
{
    return b.minx >= r.minx && b.maxx <= r.maxx && b.miny >= r.miny && b.maxy <= r.maxy;
}

static bool meets(mm_bbox a, mm_bbox b)
{
    return a.minx <= b.maxx && b.minx <= a.maxx && a.miny <= b.maxy && b.miny <= a.maxy;
}

static void polyline(cairo_t *cr, const mm_xy *pts, size_t n, bool closed)
{
    cairo_move_to(cr, pts[0].x, pts[0].y);
    for (size_t v = 1; v < n; v++) {
        cairo_line_to(cr, pts[v].x, pts[v].y);
    }
    if (closed) {
        cairo_close_path(cr);
    }
}

/*
 * The path less what cannot show within r: parts outside r go, rings
 * reaching out of it are clipped to it, and lines keep the runs of segments
 * that reach into it. cairo would otherwise stroke every vertex and carry
 * every edge across the image's rows (on the reference map the neighbours'
 * borders drew in 8.5 ms instead of 11.6; a zoomed-in map gains more).
 */
static void culled_geometry(cairo_t *cr, cull *c, const mm_op_path *p, mm_bbox r)
{
    cairo_new_path(cr);
    for (uint32_t k = 0; k < p->nparts; k++) {
        uint32_t a = p->parts[k], b = p->parts[k + 1];
        if (b <= a) {
            continue;
        }
        const mm_xy *pts = p->pts + a;
        size_t n = b - a;
        mm_bbox bb = points_bbox(pts, n);
        if (within(bb, r)) {
            polyline(cr, pts, n, p->closed);
        } else if (!meets(bb, r)) {
            continue;
        } else if (p->closed) {
            n = mm_draw_clip_ring(&c->clip, pts, n, r);
            if (n > 0) {
                polyline(cr, c->clip.a, n, true);
            }
        } else {
            bool open = false;
            for (size_t v = 1; v < n; v++) {
                mm_xy s = pts[v - 1], e = pts[v];
                if (fmax(s.x, e.x) < r.minx || fmin(s.x, e.x) > r.maxx || fmax(s.y, e.y) < r.miny ||
                    fmin(s.y, e.y) > r.maxy) {
                    open = false;
                    continue;
                }
                if (!open) {
                    cairo_move_to(cr, s.x, s.y);
                    open = true;
                }
                cairo_line_to(cr, e.x, e.y);
            }
        }
    }
}

static void draw_path(cairo_t *cr, cull *c, const mm_op *op)
{
    const mm_op_path *p = &op->u.path;
    bool stroke = p->has_stroke && p->stroke.width_px > 0;
    /* a dashed line cut where it leaves the image would restart its dashes
     * where it comes back in */
    if (c->on && !(stroke && p->stroke.ndash > 0)) {
        /* far enough out that no miter (limit 10), cap or soft edge reaches in */
        double m = stroke ? 10 * p->stroke.width_px + 4 : 4;
        mm_bbox r = {c->area.minx - m, c->area.miny - m, c->area.maxx + m, c->area.maxy + m};
        culled_geometry(cr, c, p, r);
    } else {
        path_geometry(cr, p);
    }
    if (p->has_fill && p->closed) {
        cairo_set_fill_rule(cr, p->nonzero ? CAIRO_FILL_RULE_WINDING : CAIRO_FILL_RULE_EVEN_ODD);
        if (p->fill.pattern == MM_PATTERN_HATCH) {
            hatch(cr, &p->fill, op->opacity);
            path_geometry(cr, p); /* the clip consumed the path */
        } else {
            set_rgba(cr, p->fill.color, op->opacity);
            cairo_fill_preserve(cr);
        }
    }
    if (p->has_stroke && p->stroke.width_px > 0) {
        apply_stroke(cr, &p->stroke, op->opacity);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

static void marker_geometry(cairo_t *cr, const mm_op_marker *m)
{
    double x = m->center.x, y = m->center.y, r = m->radius_px;
    cairo_new_path(cr);
    switch (m->shape) {
    case MM_MARKER_SQUARE:
        cairo_rectangle(cr, x - r * 0.886, y - r * 0.886, r * 1.772, r * 1.772);
        break;
    case MM_MARKER_TRIANGLE:
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r * 1.04, y + r * 0.6);
        cairo_line_to(cr, x - r * 1.04, y + r * 0.6);
        cairo_close_path(cr);
        break;
    case MM_MARKER_DIAMOND:
        cairo_move_to(cr, x, y - r * 1.25);
        cairo_line_to(cr, x + r * 1.25, y);
        cairo_line_to(cr, x, y + r * 1.25);
        cairo_line_to(cr, x - r * 1.25, y);
        cairo_close_path(cr);
        break;
    case MM_MARKER_CROSS: {
        double w = r * 0.35;
        cairo_move_to(cr, x - w, y - r);
        cairo_line_to(cr, x + w, y - r);
        cairo_line_to(cr, x + w, y - w);
        cairo_line_to(cr, x + r, y - w);
        cairo_line_to(cr, x + r, y + w);
        cairo_line_to(cr, x + w, y + w);
        cairo_line_to(cr, x + w, y + r);
        cairo_line_to(cr, x - w, y + r);
        cairo_line_to(cr, x - w, y + w);
        cairo_line_to(cr, x - r, y + w);
        cairo_line_to(cr, x - r, y - w);
        cairo_line_to(cr, x - w, y - w);
        cairo_close_path(cr);
        break;
    }
    case MM_MARKER_STAR:
        for (int k = 0; k < 10; k++) {
            double a = -M_PI / 2 + k * M_PI / 5, rr = (k % 2) ? r * 0.5 : r * 1.25;
            if (k == 0) {
                cairo_move_to(cr, x + rr * cos(a), y + rr * sin(a));
            } else {
                cairo_line_to(cr, x + rr * cos(a), y + rr * sin(a));
            }
        }
        cairo_close_path(cr);
        break;
    case MM_MARKER_CIRCLE:
    default:
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        break;
    }
}

static void draw_marker(cairo_t *cr, const mm_op *op)
{
    const mm_op_marker *m = &op->u.marker;
    marker_geometry(cr, m);
    if (m->has_fill) {
        set_rgba(cr, m->fill, op->opacity);
        cairo_fill_preserve(cr);
    }
    if (m->has_stroke && m->stroke.width_px > 0) {
        apply_stroke(cr, &m->stroke, op->opacity);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

static PangoLayout *text_layout(PangoContext *pc, const mm_op_text *t)
{
    PangoLayout *layout = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, t->font_family ? t->font_family : "sans-serif");
    pango_font_description_set_weight(fd, (PangoWeight)t->weight);
    pango_font_description_set_style(fd, t->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_font_description_set_absolute_size(fd, t->size_px * PANGO_SCALE);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    if (t->letter_spacing_px != 0) {
        PangoAttrList *attrs = pango_attr_list_new();
        pango_attr_list_insert(
            attrs, pango_attr_letter_spacing_new((int)(t->letter_spacing_px * PANGO_SCALE)));
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
    }
    pango_layout_set_text(layout, t->text, -1);
    return layout;
}

/* ---- texts kept between draws (mm_raster_cache) ---- */

/* The n-th text of the previous draw: what it was, where, and its pixels. */
typedef struct text_patch {
    mm_op_text t; /* text and font_family point to own copies */
    double opacity;
    cairo_matrix_t ctm;
    int x0, y0, x1, y1;     /* device pixels it may touch */
    uint32_t *under, *over; /* the pixels of that box before and after */
    size_t cap;
    bool valid;
} text_patch;

struct mm_raster_cache {
    text_patch *p;
    size_t n;
    size_t next;         /* the patch of the next text of this draw */
    const mm_image *img; /* drawn on by this draw (whole image, no band) */
};

mm_raster_cache *mm_raster_cache_create(void)
{
    return mm_calloc(1, sizeof(mm_raster_cache));
}

static void patch_forget(text_patch *p)
{
    mm_free((char *)p->t.text);
    mm_free((char *)p->t.font_family);
    p->t.text = p->t.font_family = NULL;
    p->valid = false;
}

void mm_raster_cache_destroy(mm_raster_cache *c)
{
    if (!c) {
        return;
    }
    for (size_t i = 0; i < c->n; i++) {
        patch_forget(&c->p[i]);
        mm_free(c->p[i].under);
        mm_free(c->p[i].over);
    }
    mm_free(c->p);
    mm_free(c);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_rgba(mm_rgba a, mm_rgba b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* The same text, drawn the same way at the same place (exact comparison). */
static bool same_text(const text_patch *p, const mm_op_text *t, double opacity,
                      const cairo_matrix_t *m)
{
    const mm_op_text *q = &p->t;
    return same_str(q->text, t->text) && same_str(q->font_family, t->font_family) &&
           q->weight == t->weight && q->italic == t->italic && q->size_px == t->size_px &&
           q->letter_spacing_px == t->letter_spacing_px && same_rgba(q->color, t->color) &&
           same_rgba(q->halo, t->halo) && q->halo_px == t->halo_px && q->pos.x == t->pos.x &&
           q->pos.y == t->pos.y && q->anchor == t->anchor && q->angle_deg == t->angle_deg &&
           p->opacity == opacity && memcmp(&p->ctm, m, sizeof *m) == 0;
}

static void box_pixels(const mm_image *img, const text_patch *p, uint32_t *buf, bool to_image)
{
    size_t w = (size_t)(p->x1 - p->x0);
    for (int y = p->y0; y < p->y1; y++) {
        uint32_t *row = (uint32_t *)((char *)img->pixels + (size_t)y * img->stride) + p->x0;
        uint32_t *b = buf + (size_t)(y - p->y0) * w;
        if (to_image) {
            memcpy(row, b, w * 4);
        } else {
            memcpy(b, row, w * 4);
        }
    }
}

static bool box_equals(const mm_image *img, const text_patch *p, const uint32_t *buf)
{
    size_t w = (size_t)(p->x1 - p->x0);
    for (int y = p->y0; y < p->y1; y++) {
        const uint32_t *row =
            (const uint32_t *)((const char *)img->pixels + (size_t)y * img->stride) + p->x0;
        if (memcmp(row, buf + (size_t)(y - p->y0) * w, w * 4) != 0) {
            return false;
        }
    }
    return true;
}

/*
 * The device box a text may touch: its ink, widened by the halo and two
 * pixels for anti-aliasing, through the current transformation, in whole
 * pixels inside the image. False when it is empty.
 */
static bool text_box(cairo_t *cr, const PangoRectangle *ink, double ox, double oy, double halo,
                     const mm_image *img, text_patch *p)
{
    double pad = halo + 1;
    double xs[2] = {ox + (double)ink->x / PANGO_SCALE - pad,
                    ox + (double)(ink->x + ink->width) / PANGO_SCALE + pad};
    double ys[2] = {oy + (double)ink->y / PANGO_SCALE - pad,
                    oy + (double)(ink->y + ink->height) / PANGO_SCALE + pad};
    double lo_x = INFINITY, lo_y = INFINITY, hi_x = -INFINITY, hi_y = -INFINITY;
    for (int i = 0; i < 4; i++) {
        double x = xs[i & 1], y = ys[i >> 1];
        cairo_user_to_device(cr, &x, &y);
        lo_x = fmin(lo_x, x);
        lo_y = fmin(lo_y, y);
        hi_x = fmax(hi_x, x);
        hi_y = fmax(hi_y, y);
    }
    p->x0 = (int)fmax(0, floor(lo_x) - 2);
    p->y0 = (int)fmax(0, floor(lo_y) - 2);
    p->x1 = (int)fmin(img->width, ceil(hi_x) + 2);
    p->y1 = (int)fmin(img->height, ceil(hi_y) + 2);
    return isfinite(lo_x + lo_y + hi_x + hi_y) && p->x0 < p->x1 && p->y0 < p->y1;
}

/* The cache's patch for this text: NULL when it must be drawn as usual
 * (*hit false) or has been copied (*hit true). Otherwise the text is to be
 * drawn, clipped to the patch's box, and its pixels kept (patch_keep). */
static text_patch *patch_for(mm_raster_cache *c, cairo_t *cr, const mm_op *op,
                             const PangoRectangle *ink, double ox, double oy, bool *hit)
{
    *hit = false;
    const mm_op_text *t = &op->u.text;
    size_t k = c->next++;
    if (k >= c->n) {
        c->p = mm_array_realloc(c->p, k + 1, sizeof *c->p);
        memset(&c->p[k], 0, sizeof *c->p);
        c->n = k + 1;
    }
    text_patch *p = &c->p[k];
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    text_patch box;
    if (!text_box(cr, ink, ox, oy, t->halo_px > 0 ? t->halo_px : 0, c->img, &box)) {
        patch_forget(p);
        return NULL;
    }
    cairo_surface_flush(cairo_get_target(cr));
    if (p->valid && same_text(p, t, op->opacity, &m) && p->x0 == box.x0 && p->y0 == box.y0 &&
        p->x1 == box.x1 && p->y1 == box.y1 && box_equals(c->img, p, p->under)) {
        box_pixels(c->img, p, p->over, true);
        cairo_surface_mark_dirty_rectangle(cairo_get_target(cr), p->x0, p->y0, p->x1 - p->x0,
                                           p->y1 - p->y0);
        *hit = true;
        return NULL;
    }
    patch_forget(p);
    p->t = *t;
    p->t.text = mm_strdup(t->text);
    p->t.font_family = t->font_family ? mm_strdup(t->font_family) : NULL;
    p->opacity = op->opacity;
    p->ctm = m;
    p->x0 = box.x0;
    p->y0 = box.y0;
    p->x1 = box.x1;
    p->y1 = box.y1;
    size_t need = (size_t)(p->x1 - p->x0) * (size_t)(p->y1 - p->y0);
    if (p->cap < need) {
        mm_free(p->under);
        mm_free(p->over);
        p->under = mm_array_alloc(need, sizeof *p->under);
        p->over = mm_array_alloc(need, sizeof *p->over);
        p->cap = need;
    }
    box_pixels(c->img, p, p->under, false);
    return p;
}

static void patch_keep(mm_raster_cache *c, cairo_t *cr, text_patch *p)
{
    cairo_surface_flush(cairo_get_target(cr));
    box_pixels(c->img, p, p->over, false);
    p->valid = true;
}

static void draw_text(cairo_t *cr, PangoContext *pc, const mm_op *op, mm_raster_cache *tc)
{
    const mm_op_text *t = &op->u.text;
    if (!t->text || !t->text[0]) {
        return;
    }
    PangoLayout *layout = text_layout(pc, t);
    PangoRectangle logical, ink;
    pango_layout_get_extents(layout, tc ? &ink : NULL, &logical);
    double w = (double)logical.width / PANGO_SCALE;
    double baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
    double dx = t->anchor == MM_TEXT_MIDDLE ? -w / 2 : t->anchor == MM_TEXT_END ? -w : 0;
    cairo_save(cr);
    cairo_translate(cr, t->pos.x, t->pos.y);
    if (t->angle_deg != 0) {
        cairo_rotate(cr, t->angle_deg * M_PI / 180);
    }
    text_patch *patch = NULL;
    if (tc) {
        bool hit;
        patch = patch_for(tc, cr, op, &ink, dx, -baseline, &hit);
        if (hit) {
            cairo_restore(cr);
            g_object_unref(layout);
            return;
        }
        if (patch) {
            /* a clip on whole pixels: the same pixels inside, none outside */
            cairo_matrix_t m;
            cairo_get_matrix(cr, &m);
            cairo_identity_matrix(cr);
            cairo_rectangle(cr, patch->x0, patch->y0, patch->x1 - patch->x0, patch->y1 - patch->y0);
            cairo_clip(cr);
            cairo_set_matrix(cr, &m);
        }
    }
    pango_cairo_update_context(cr, pc);
    pango_layout_context_changed(layout);
    cairo_move_to(cr, dx, -baseline);
    if (t->halo_px > 0 && t->halo.a > 0) {
        pango_cairo_layout_path(cr, layout);
        set_rgba(cr, t->halo, op->opacity);
        cairo_set_line_width(cr, 2 * t->halo_px);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_stroke(cr);
        cairo_move_to(cr, dx, -baseline);
    }
    set_rgba(cr, t->color, op->opacity);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
    g_object_unref(layout);
    if (patch) {
        patch_keep(tc, cr, patch);
    }
}

static void draw_image(cairo_t *cr, const mm_op *op)
{
    const mm_op_image *im = &op->u.image;
    cairo_surface_t *png = cairo_image_surface_create_from_png(im->path);
    if (cairo_surface_status(png) == CAIRO_STATUS_SUCCESS) {
        double w = cairo_image_surface_get_width(png), h = cairo_image_surface_get_height(png);
        cairo_save(cr);
        cairo_translate(cr, im->box.minx, im->box.miny);
        cairo_scale(cr, (im->box.maxx - im->box.minx) / w, (im->box.maxy - im->box.miny) / h);
        cairo_set_source_surface(cr, png, 0, 0);
        cairo_paint_with_alpha(cr, op->opacity);
        cairo_restore(cr);
    }
    cairo_surface_destroy(png);
}

/* Replays ops [from, to). image: the whole image in user space, whose
 * outside is culled (the same for every band, so bands draw what one
 * replay would); NULL on vector surfaces, which keep every vertex. */
static mm_status replay_ops(cairo_t *cr, const mm_scene *s, size_t from, size_t to,
                            bool paint_background, const mm_bbox *image, mm_raster_cache *tc,
                            mm_error *err)
{
    if (paint_background) {
        mm_rgba bg = mm_scene_background(s);
        if (bg.a > 0) {
            set_rgba(cr, bg, 1);
            cairo_paint(cr);
        }
    }
    /* One Pango context for the whole replay, with the same metrics options
     * as measuring (draw/text_measure.c), so text is as wide as it was
     * measured to be. */
    PangoContext *pc = pango_cairo_create_context(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(pc, FALSE);
    cull cut = {.on = image != NULL, .area = image ? *image : (mm_bbox){0, 0, 0, 0}};
    mm_status st = MM_OK;
    size_t depth = 0;
    for (size_t i = from; i < to && st == MM_OK; i++) {
        const mm_op *op = mm_scene_op(s, i);
        switch (op->kind) {
        case MM_OP_GROUP_BEGIN:
        case MM_OP_GROUP_END:
            /* every group saves the state, so a clip ends with its group */
            if (op->kind == MM_OP_GROUP_BEGIN) {
                cairo_save(cr);
                depth++;
                if (op->u.group.has_clip) {
                    mm_bbox c = op->u.group.clip;
                    cairo_rectangle(cr, c.minx, c.miny, c.maxx - c.minx, c.maxy - c.miny);
                    cairo_clip(cr);
                }
            } else if (depth > 0) {
                cairo_restore(cr);
                depth--;
            }
            if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
                st = MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "drawing failed: %s",
                            cairo_status_to_string(cairo_status(cr)));
            }
            break;
        case MM_OP_PATH:
            draw_path(cr, &cut, op);
            break;
        case MM_OP_MARKER:
            draw_marker(cr, op);
            break;
        case MM_OP_TEXT:
            draw_text(cr, pc, op, tc);
            break;
        case MM_OP_IMAGE:
            draw_image(cr, op);
            break;
        }
    }
    for (; depth > 0; depth--) {
        cairo_restore(cr);
    }
    g_object_unref(pc);
    mm_clip_buf_fini(&cut.clip);
    if (st == MM_OK && cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        st = MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "drawing failed: %s",
                    cairo_status_to_string(cairo_status(cr)));
    }
    return st;
}

static mm_status replay(cairo_t *cr, const mm_scene *s, bool paint_background, mm_error *err)
{
    return replay_ops(cr, s, 0, mm_scene_count(s), paint_background, NULL, NULL, err);
}

/* ---- drawing an image in two bands of rows at once ---- */

/*
 * The paths and markers before the first text or image of a scene are drawn
 * by two threads, each into its own band of rows (a cairo surface on those
 * rows of the image, moved by a whole number of pixels: the same pixels as
 * one surface, tests/unit/test_draw.c), then the rest on the whole image.
 * Both cull to the whole image, so they cut the same geometry. Only when no
 * other draw is running in the process (frames already keep the cores
 * busy), the machine has two cores or more and the work is worth a thread
 * (process-wide count: a heuristic, not a lock). The 1600x1200 reference
 * map's paths: about 45 ms of CPU in one thread; 22 and 24 ms in two bands
 * (each strokes every path, but scans only its own rows).
 */
enum { BAND_MIN_ROWS = 128, BAND_MIN_VERTICES = 20000, BAND_BINS = 64 };

static atomic_int draws_running;

typedef struct band {
    const mm_scene *s;
    double scale;
    mm_image *img;
    bool bg;
    int y0, y1;
    size_t to;
    mm_status st;
    mm_error err;
} band;

/* tc: only when the rows are the whole image */
static mm_status draw_rows(const mm_scene *s, double scale, mm_image *img, int y0, int y1,
                           size_t from, size_t to, bool bg, mm_raster_cache *tc, mm_error *err)
{
    cairo_surface_t *surf = cairo_image_surface_create_for_data(
        (unsigned char *)img->pixels + (size_t)y0 * img->stride, CAIRO_FORMAT_ARGB32, img->width,
        y1 - y0, (int)img->stride);
    cairo_t *cr = cairo_create(surf);
    cairo_translate(cr, 0, -y0);
    cairo_scale(cr, scale, scale);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_GOOD);
    mm_bbox image = {0, 0, img->width / scale, img->height / scale};
    if (tc) {
        tc->next = 0;
        tc->img = img;
    }
    mm_status st = replay_ops(cr, s, from, to, bg, &image, tc, err);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    cairo_surface_destroy(surf);
    return st;
}

static void *draw_band(void *arg)
{
    band *b = arg;
    mm_error_clear(&b->err);
    b->st = draw_rows(b->s, b->scale, b->img, b->y0, b->y1, 0, b->to, b->bg, NULL, &b->err);
    return NULL;
}

/* The ops before the first text or image, cut between groups (a group's
 * clip lives in the cairo state of the replay that opened it). */
static size_t vector_prefix(const mm_scene *s)
{
    size_t n = mm_scene_count(s), depth = 0, cut = 0;
    for (size_t i = 0; i < n; i++) {
        const mm_op *op = mm_scene_op(s, i);
        if (op->kind == MM_OP_TEXT || op->kind == MM_OP_IMAGE) {
            break;
        }
        if (op->kind == MM_OP_GROUP_BEGIN) {
            depth++;
        } else if (op->kind == MM_OP_GROUP_END && depth > 0) {
            depth--;
        }
        if (depth == 0) {
            cut = i + 1;
        }
    }
    return cut;
}

static int bin_of(double y)
{
    return y < 0 ? 0 : y >= BAND_BINS ? BAND_BINS - 1 : (int)y;
}

/*
 * The row that splits the prefix's work in half (0: not worth it). cairo's
 * cost goes with the vertices (joins, edges) and with the rows each path
 * spans (its scan lines): a path weighs its vertices where they are plus 1.5
 * per row of its height, a model that put the split of the reference and
 * default maps within 20 rows of the measured best (bands of 22 and 24 ms).
 */
static int balanced_row(const mm_scene *s, size_t to, double scale, int height)
{
    size_t bins[BAND_BINS] = {0}, total = 0, vertices = 0;
    size_t per_bin = (size_t)(1.5 * height / BAND_BINS);
    for (size_t i = 0; i < to; i++) {
        const mm_op *op = mm_scene_op(s, i);
        if (op->kind != MM_OP_PATH || op->u.path.parts[op->u.path.nparts] == 0) {
            continue;
        }
        const mm_op_path *p = &op->u.path;
        double lo = INFINITY, hi = -INFINITY;
        for (uint32_t v = 0; v < p->parts[p->nparts]; v++) {
            double y = p->pts[v].y * scale / height * BAND_BINS;
            lo = fmin(lo, y);
            hi = fmax(hi, y);
            bins[bin_of(y)]++;
        }
        vertices += p->parts[p->nparts];
        for (int k = bin_of(lo); k <= bin_of(hi); k++) {
            bins[k] += per_bin;
        }
        total += p->parts[p->nparts] + per_bin * (size_t)(bin_of(hi) - bin_of(lo) + 1);
    }
    if (vertices < BAND_MIN_VERTICES) {
        return 0;
    }
    size_t acc = 0;
    int k = 0;
    while (k < BAND_BINS - 1 && 2 * (acc + bins[k]) < total) {
        acc += bins[k++];
    }
    int row = (int)((double)(k + 1) * height / BAND_BINS);
    return row < BAND_MIN_ROWS            ? BAND_MIN_ROWS
           : row > height - BAND_MIN_ROWS ? height - BAND_MIN_ROWS
                                          : row;
}

static long cores(void)
{
    static atomic_long n;
    long v = atomic_load(&n);
    if (v == 0) {
        v = sysconf(_SC_NPROCESSORS_ONLN);
        atomic_store(&n, v > 0 ? v : 1);
    }
    return v > 0 ? v : 1;
}

/* Draws the scene's vector prefix in two bands; false when it did not
 * (then nothing was drawn). */
static bool draw_banded(const mm_scene *s, double scale, mm_image *img, bool bg, size_t *done,
                        mm_status *st, mm_error *err)
{
    size_t to = vector_prefix(s);
    int row =
        img->height >= 2 * BAND_MIN_ROWS && to > 0 ? balanced_row(s, to, scale, img->height) : 0;
    if (row == 0) {
        return false;
    }
    band b[2] = {{s, scale, img, bg, 0, row, to, MM_OK, {0}},
                 {s, scale, img, bg, row, img->height, to, MM_OK, {0}}};
    pthread_t t;
    bool threaded = pthread_create(&t, NULL, draw_band, &b[1]) == 0;
    draw_band(&b[0]);
    if (threaded) {
        pthread_join(t, NULL);
    } else {
        draw_band(&b[1]);
    }
    *done = to;
    *st = MM_OK;
    for (int k = 0; k < 2 && *st == MM_OK; k++) {
        if (b[k].st != MM_OK) {
            *st = b[k].st;
            *err = b[k].err;
        }
    }
    return true;
}

static mm_status draw_on(const mm_scene *s, double scale, mm_image *img, bool bg,
                         mm_raster_cache *tc, mm_error *err)
{
    int others = atomic_fetch_add(&draws_running, 1);
    size_t done = 0;
    mm_status st = MM_OK;
    if (!(others == 0 && cores() >= 2 && draw_banded(s, scale, img, bg, &done, &st, err))) {
        done = 0;
    }
    if (st == MM_OK) {
        st = draw_rows(s, scale, img, 0, img->height, done, mm_scene_count(s), done ? false : bg,
                       tc, err);
    }
    atomic_fetch_sub(&draws_running, 1);
    return st;
}

mm_status mm_image_create(const mm_scene *s, double scale, mm_image *out, mm_error *err)
{
    double w = ceil(mm_scene_width(s) * scale), h = ceil(mm_scene_height(s) * scale);
    mm_status st = mm_raster_check_size(w, h, err);
    if (st != MM_OK) {
        return st;
    }
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, (int)w);
    mm_image img = {.width = (int)w, .height = (int)h, .stride = (size_t)stride};
    img.pixels = mm_array_alloc((size_t)h, (size_t)stride);
    memset(img.pixels, 0, (size_t)h * (size_t)stride);
    *out = img;
    return MM_OK;
}

mm_status mm_raster_draw(const mm_scene *s, double scale, mm_image *out, mm_error *err)
{
    mm_image img;
    mm_status st = mm_image_create(s, scale, &img, err);
    if (st != MM_OK) {
        return st;
    }
    st = draw_on(s, scale, &img, true, NULL, err);
    if (st != MM_OK) {
        mm_image_fini(&img);
        return st;
    }
    *out = img;
    return MM_OK;
}

mm_status mm_raster_draw_over(const mm_scene *s, double scale, mm_image *img, mm_error *err)
{
    return draw_on(s, scale, img, false, NULL, err);
}

mm_status mm_raster_draw_over_cached(const mm_scene *s, double scale, mm_image *img,
                                     mm_raster_cache *c, mm_error *err)
{
    return draw_on(s, scale, img, false, c, err);
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int length)
{
    mm_buf_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* Replays s through cr onto a vector surface, then finishes and releases both. */
static mm_status replay_to(cairo_t *cr, const mm_scene *s, const char *what, mm_error *err)
{
    cairo_surface_t *surf = cairo_surface_reference(cairo_get_target(cr));
    mm_status st = replay(cr, s, true, err);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    if (st == MM_OK && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        st = MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "%s failed: %s", what,
                    cairo_status_to_string(cairo_surface_status(surf)));
    }
    cairo_surface_destroy(surf); /* our reference */
    cairo_surface_destroy(surf); /* the caller's */
    return st;
}

mm_status mm_pdf_write(const mm_scene *s, double width_pt, double height_pt, mm_buf *out,
                       mm_error *err)
{
    cairo_surface_t *surf =
        cairo_pdf_surface_create_for_stream(write_buf, out, width_pt, height_pt);
    const char *title = mm_scene_meta(s, "title");
    if (title) {
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
    }
    const char *desc = mm_scene_meta(s, "description");
    if (desc) {
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, desc);
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "malimap");
    const char *created = mm_scene_meta(s, "created");
    if (created) {
        /* without it cairo writes the current time: no reproducible files */
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, created);
    }
    cairo_t *cr = cairo_create(surf);
    double sx = width_pt / mm_scene_width(s), sy = height_pt / mm_scene_height(s);
    double k = fmin(sx, sy);
    cairo_translate(cr, (width_pt - k * mm_scene_width(s)) / 2,
                    (height_pt - k * mm_scene_height(s)) / 2);
    cairo_scale(cr, k, k);
    return replay_to(cr, s, "PDF output", err);
}

mm_status mm_raster_cairo_svg(const mm_scene *s, mm_buf *out, mm_error *err)
{
    cairo_surface_t *surf =
        cairo_svg_surface_create_for_stream(write_buf, out, mm_scene_width(s), mm_scene_height(s));
    cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PX);
    return replay_to(cairo_create(surf), s, "SVG output through cairo", err);
}

void mm_raster_shutdown(void)
{
    /* Releases pango's font map and the fonts it holds. fontconfig's own
     * configuration stays (FcFini() asserts while cairo still caches fonts);
     * tests/lsan.supp lists it. Nothing may be drawn afterwards. */
    pango_cairo_font_map_set_default(NULL);
}

void mm_image_copy(const mm_image *img, mm_image *out)
{
    *out = *img;
    out->pixels = mm_array_alloc((size_t)img->height, img->stride);
    memcpy(out->pixels, img->pixels, (size_t)img->height * img->stride);
}

static const uint32_t *pixel_row(const mm_image *img, int y)
{
    return (const uint32_t *)((const char *)img->pixels + (size_t)y * img->stride);
}

bool mm_image_changed_box(const mm_image *img, const mm_image *prev, int box[4])
{
    int x0 = img->width, x1 = 0, y0 = -1, y1 = 0;
    size_t rowbytes = (size_t)img->width * 4;
    for (int y = 0; y < img->height; y++) {
        const uint32_t *a = pixel_row(img, y), *b = pixel_row(prev, y);
        if (memcmp(a, b, rowbytes) == 0) {
            continue;
        }
        if (y0 < 0) {
            y0 = y;
        }
        y1 = y + 1;
        int l = 0, r = img->width;
        while (l < x0 && a[l] == b[l]) {
            l++;
        }
        while (r > x1 && a[r - 1] == b[r - 1]) {
            r--;
        }
        x0 = l < x0 ? l : x0;
        x1 = r > x1 ? r : x1;
    }
    if (y0 < 0) {
        return false;
    }
    box[0] = x0;
    box[1] = y0;
    box[2] = x1;
    box[3] = y1;
    return true;
}

void mm_image_crop_changes(const mm_image *img, const mm_image *prev, const int box[4],
                           mm_image *out, bool *keeps)
{
    int w = box[2] - box[0], h = box[3] - box[1];
    *out = (mm_image){.width = w, .height = h, .stride = (size_t)w * 4};
    out->pixels = mm_array_alloc((size_t)w * (size_t)h, 4);
    bool opaque = true;
    for (int y = 0; y < h; y++) {
        const uint32_t *a = pixel_row(img, box[1] + y) + box[0];
        uint32_t *d = out->pixels + (size_t)y * (size_t)w;
        memcpy(d, a, (size_t)w * 4);
        for (int x = 0; x < w && opaque; x++) {
            opaque = (a[x] >> 24) == 0xff;
        }
    }
    *keeps = false;
    if (!prev || !opaque) {
        return;
    }
    for (int y = 0; y < h; y++) {
        const uint32_t *b = pixel_row(prev, box[1] + y) + box[0];
        uint32_t *d = out->pixels + (size_t)y * (size_t)w;
        for (int x = 0; x < w; x++) {
            if (d[x] == b[x]) {
                d[x] = 0;
                *keeps = true;
            }
        }
    }
}

void mm_raster_composite(const mm_image *src, mm_image *dst)
{
    cairo_surface_t *s =
        cairo_image_surface_create_for_data((unsigned char *)src->pixels, CAIRO_FORMAT_ARGB32,
                                            src->width, src->height, (int)src->stride);
    cairo_surface_t *d =
        cairo_image_surface_create_for_data((unsigned char *)dst->pixels, CAIRO_FORMAT_ARGB32,
                                            dst->width, dst->height, (int)dst->stride);
    cairo_t *cr = cairo_create(d);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_flush(d);
    cairo_surface_destroy(d);
    cairo_surface_destroy(s);
}

mm_status mm_raster_check_size(double width_px, double height_px, mm_error *err)
{
    double w = ceil(width_px), h = ceil(height_px);
    if (!(w >= 1 && h >= 1 && w <= 32767 && h <= 32767) || w * h > (double)MM_RASTER_MAX_PIXELS) {
        return MM_ERR(err, MM_E_LIMIT, NULL, 0, 0,
                      "an image of %.0fx%.0f pixels is too large: at most 32767 on a side and "
                      "%lld million pixels",
                      width_px, height_px, MM_RASTER_MAX_PIXELS / 1000000);
    }
    double need = w * h * MM_RASTER_BYTES_PER_PIXEL;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double have = pages > 0 && page > 0 ? (double)pages * (double)page : 0;
    if (have > 0 && need > have) {
        return MM_ERR(err, MM_E_LIMIT, NULL, 0, 0,
                      "an image of %.0fx%.0f pixels needs about %.0f MiB, more than this "
                      "machine's %.0f MiB",
                      w, h, need / (1 << 20), have / (1 << 20));
    }
    return MM_OK;
}
