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
#include <string.h>

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

static void draw_path(cairo_t *cr, const mm_op *op)
{
    const mm_op_path *p = &op->u.path;
    path_geometry(cr, p);
    if (p->has_fill && p->closed) {
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
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

static void draw_text(cairo_t *cr, PangoContext *pc, const mm_op *op)
{
    const mm_op_text *t = &op->u.text;
    if (!t->text || !t->text[0]) {
        return;
    }
    PangoLayout *layout = text_layout(pc, t);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    double w = (double)logical.width / PANGO_SCALE;
    double baseline = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
    double dx = t->anchor == MM_TEXT_MIDDLE ? -w / 2 : t->anchor == MM_TEXT_END ? -w : 0;
    cairo_save(cr);
    cairo_translate(cr, t->pos.x, t->pos.y);
    if (t->angle_deg != 0) {
        cairo_rotate(cr, t->angle_deg * M_PI / 180);
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

static mm_status replay(cairo_t *cr, const mm_scene *s, bool paint_background, mm_error *err)
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
    mm_status st = MM_OK;
    size_t n = mm_scene_count(s);
    for (size_t i = 0; i < n && st == MM_OK; i++) {
        const mm_op *op = mm_scene_op(s, i);
        switch (op->kind) {
        case MM_OP_GROUP_BEGIN:
        case MM_OP_GROUP_END:
            if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
                st = MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "drawing failed: %s",
                            cairo_status_to_string(cairo_status(cr)));
            }
            break;
        case MM_OP_PATH:
            draw_path(cr, op);
            break;
        case MM_OP_MARKER:
            draw_marker(cr, op);
            break;
        case MM_OP_TEXT:
            draw_text(cr, pc, op);
            break;
        case MM_OP_IMAGE:
            draw_image(cr, op);
            break;
        }
    }
    g_object_unref(pc);
    if (st == MM_OK && cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        st = MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "drawing failed: %s",
                    cairo_status_to_string(cairo_status(cr)));
    }
    return st;
}

static mm_status draw_on(const mm_scene *s, double scale, mm_image *img, bool bg, mm_error *err)
{
    cairo_surface_t *surf =
        cairo_image_surface_create_for_data((unsigned char *)img->pixels, CAIRO_FORMAT_ARGB32,
                                            img->width, img->height, (int)img->stride);
    cairo_t *cr = cairo_create(surf);
    cairo_scale(cr, scale, scale);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_GOOD);
    mm_status st = replay(cr, s, bg, err);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    cairo_surface_destroy(surf);
    return st;
}

mm_status mm_raster_draw(const mm_scene *s, double scale, mm_image *out, mm_error *err)
{
    double w = ceil(mm_scene_width(s) * scale), h = ceil(mm_scene_height(s) * scale);
    if (!(w >= 1 && h >= 1) || w * h > (double)MM_RASTER_MAX_PIXELS || w > 32767 || h > 32767) {
        return MM_ERR(err, MM_E_LIMIT, NULL, 0, 0,
                      "image of %.0fx%.0f pixels is too large (at most 32767 on a side and %lld "
                      "pixels)",
                      w, h, (long long)MM_RASTER_MAX_PIXELS);
    }
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, (int)w);
    mm_image img = {.width = (int)w, .height = (int)h, .stride = (size_t)stride};
    img.pixels = mm_array_alloc((size_t)h, (size_t)stride);
    memset(img.pixels, 0, (size_t)h * (size_t)stride);
    mm_status st = draw_on(s, scale, &img, true, err);
    if (st != MM_OK) {
        mm_image_fini(&img);
        return st;
    }
    *out = img;
    return MM_OK;
}

mm_status mm_raster_draw_over(const mm_scene *s, double scale, mm_image *img, mm_error *err)
{
    return draw_on(s, scale, img, false, err);
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
