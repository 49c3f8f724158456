/*
 * scene.c — the display list every canvas backend replays. Part of draw/.
 */
#include "malimap/scene.h"

#include <string.h>

typedef struct meta {
    char *key;
    char *value;
} meta;

struct mm_scene {
    int width;
    int height;
    mm_arena *arena;
    mm_op *ops;
    size_t n;
    size_t cap;
    meta *meta;
    size_t nmeta;
    size_t meta_cap;
    mm_rgba background;
};

mm_scene *mm_scene_create(int width_px, int height_px)
{
    mm_scene *s = mm_calloc(1, sizeof *s);
    s->width = width_px;
    s->height = height_px;
    s->arena = mm_arena_create(256 * 1024);
    return s;
}

void mm_scene_destroy(mm_scene *s)
{
    if (!s) {
        return;
    }
    for (size_t i = 0; i < s->nmeta; i++) {
        mm_free(s->meta[i].key);
        mm_free(s->meta[i].value);
    }
    mm_free(s->meta);
    mm_free(s->ops);
    mm_arena_destroy(s->arena);
    mm_free(s);
}

int mm_scene_width(const mm_scene *s)
{
    return s->width;
}

int mm_scene_height(const mm_scene *s)
{
    return s->height;
}

mm_arena *mm_scene_arena(mm_scene *s)
{
    return s->arena;
}

void mm_scene_set_meta(mm_scene *s, const char *key, const char *value)
{
    for (size_t i = 0; i < s->nmeta; i++) {
        if (!strcmp(s->meta[i].key, key)) {
            mm_free(s->meta[i].value);
            s->meta[i].value = mm_strdup(value);
            return;
        }
    }
    s->meta = mm_grow(s->meta, &s->meta_cap, s->nmeta + 1, sizeof *s->meta);
    s->meta[s->nmeta].key = mm_strdup(key);
    s->meta[s->nmeta].value = mm_strdup(value);
    s->nmeta++;
}

const char *mm_scene_meta(const mm_scene *s, const char *key)
{
    for (size_t i = 0; i < s->nmeta; i++) {
        if (!strcmp(s->meta[i].key, key)) {
            return s->meta[i].value;
        }
    }
    return NULL;
}

void mm_scene_set_background(mm_scene *s, mm_rgba color)
{
    s->background = color;
}

mm_rgba mm_scene_background(const mm_scene *s)
{
    return s->background;
}

mm_op *mm_scene_add(mm_scene *s, mm_op_kind kind)
{
    s->ops = mm_grow(s->ops, &s->cap, s->n + 1, sizeof *s->ops);
    mm_op *op = &s->ops[s->n++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->opacity = 1;
    return op;
}

void mm_scene_begin_group(mm_scene *s, const char *id, const char *label)
{
    mm_op *op = mm_scene_add(s, MM_OP_GROUP_BEGIN);
    op->u.group.id = mm_scene_strdup(s, id);
    op->u.group.label = mm_scene_strdup(s, label ? label : id);
}

void mm_scene_begin_clip_group(mm_scene *s, const char *id, const char *label, mm_bbox clip)
{
    mm_scene_begin_group(s, id, label);
    mm_op *op = &s->ops[s->n - 1];
    op->u.group.has_clip = true;
    op->u.group.clip = clip;
}

void mm_scene_end_group(mm_scene *s)
{
    mm_scene_add(s, MM_OP_GROUP_END);
}

mm_xy *mm_scene_alloc_points(mm_scene *s, size_t n)
{
    return mm_arena_array(s->arena, n ? n : 1, sizeof(mm_xy));
}

uint32_t *mm_scene_alloc_parts(mm_scene *s, size_t nparts)
{
    return mm_arena_array(s->arena, nparts + 1, sizeof(uint32_t));
}

const char *mm_scene_strdup(mm_scene *s, const char *str)
{
    return str ? mm_arena_strdup(s->arena, str) : NULL;
}

void mm_scene_set_attrs(mm_scene *s, mm_op *op, const mm_attr *attrs, size_t n)
{
    mm_attr *copy = mm_arena_array(s->arena, n ? n : 1, sizeof *copy);
    for (size_t i = 0; i < n; i++) {
        copy[i].key = mm_scene_strdup(s, attrs[i].key);
        copy[i].value = mm_scene_strdup(s, attrs[i].value);
    }
    op->attrs = copy;
    op->nattrs = (uint32_t)n;
}

size_t mm_scene_count(const mm_scene *s)
{
    return s->n;
}

const mm_op *mm_scene_op(const mm_scene *s, size_t i)
{
    return &s->ops[i];
}

static mm_bbox moved_box(mm_bbox b, double dx, double dy)
{
    return (mm_bbox){b.minx + dx, b.miny + dy, b.maxx + dx, b.maxy + dy};
}

void mm_scene_append_moved(mm_scene *dst, const mm_scene *src, double dx, double dy)
{
    size_t first = dst->n;
    mm_scene_append(dst, src);
    for (size_t i = first; i < dst->n; i++) {
        mm_op *o = &dst->ops[i];
        switch (o->kind) {
        case MM_OP_PATH: {
            uint32_t nv = o->u.path.parts[o->u.path.nparts];
            for (uint32_t v = 0; v < nv; v++) {
                o->u.path.pts[v].x += dx;
                o->u.path.pts[v].y += dy;
            }
            break;
        }
        case MM_OP_MARKER:
            o->u.marker.center.x += dx;
            o->u.marker.center.y += dy;
            break;
        case MM_OP_TEXT:
            o->u.text.pos.x += dx;
            o->u.text.pos.y += dy;
            o->u.text.box = moved_box(o->u.text.box, dx, dy);
            break;
        case MM_OP_IMAGE:
            o->u.image.box = moved_box(o->u.image.box, dx, dy);
            break;
        case MM_OP_GROUP_BEGIN:
            o->u.group.clip = moved_box(o->u.group.clip, dx, dy);
            break;
        default:
            break;
        }
    }
}

void mm_scene_append(mm_scene *dst, const mm_scene *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const mm_op *o = &src->ops[i];
        mm_op *c = mm_scene_add(dst, o->kind);
        *c = *o;
        if (o->nattrs) {
            mm_scene_set_attrs(dst, c, o->attrs, o->nattrs);
        }
        switch (o->kind) {
        case MM_OP_GROUP_BEGIN:
            c->u.group.id = mm_scene_strdup(dst, o->u.group.id);
            c->u.group.label = mm_scene_strdup(dst, o->u.group.label);
            break;
        case MM_OP_PATH: {
            const mm_op_path *p = &o->u.path;
            uint32_t np = p->nparts, nv = p->parts[np];
            c->u.path.parts = mm_scene_alloc_parts(dst, np);
            memcpy(c->u.path.parts, p->parts, ((size_t)np + 1) * sizeof *p->parts);
            c->u.path.pts = mm_scene_alloc_points(dst, nv);
            memcpy(c->u.path.pts, p->pts, (size_t)nv * sizeof *p->pts);
            break;
        }
        case MM_OP_TEXT:
            c->u.text.text = mm_scene_strdup(dst, o->u.text.text);
            c->u.text.font_family = mm_scene_strdup(dst, o->u.text.font_family);
            break;
        case MM_OP_IMAGE:
            c->u.image.path = mm_scene_strdup(dst, o->u.image.path);
            break;
        default:
            break;
        }
    }
}
