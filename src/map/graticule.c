/*
 * graticule.c — the "malimap:graticule" source: meridians and parallels at a
 * round step over the map, and the points where they meet the map's frame,
 * for labels at its edges. Part of map/; the lines are projected (and curve)
 * like any lon/lat source. It does not depend on the date.
 */
#include "graticule.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "malimap/mem.h"

/* The round step (degrees) that gives 3 to 8 lines across the larger span. */
static double auto_step(mm_bbox ll)
{
    static const double steps[] = {0.25, 0.5, 1, 2, 5, 10, 15, 30};
    double span = fmax(ll.maxx - ll.minx, ll.maxy - ll.miny);
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        if (span / steps[i] <= 8) {
            return steps[i];
        }
    }
    return 30;
}

/* "15°N", "4°W", "0°", "2.5°E": degrees of a meridian (lon) or parallel. */
static void label(double deg, bool meridian, char *buf, size_t n)
{
    double a = fabs(deg);
    const char *hemi = deg == 0 ? "" : meridian ? (deg < 0 ? "W" : "E") : (deg < 0 ? "S" : "N");
    if (a == floor(a)) {
        snprintf(buf, n, "%.0f\u00b0%s", a, hemi);
    } else {
        snprintf(buf, n, "%g\u00b0%s", a, hemi);
    }
}

static void add_line(mm_features *fs, mm_xy a, mm_xy b, bool meridian, double deg)
{
    uint32_t parts[2] = {0, 2};
    mm_xy pts[2] = {a, b};
    size_t f = mm_features_add(fs, MM_GEOM_LINE, 1, parts, NULL, 2, pts);
    char text[32];
    label(deg, meridian, text, sizeof text);
    mm_features_set(fs, f, 0, mm_value_string(meridian ? "meridian" : "parallel"));
    mm_features_set(fs, f, 1, mm_value_number(deg));
    mm_features_set(fs, f, 2, mm_value_string(text));
}

mm_features *graticule_lines(mm_bbox lonlat, double step)
{
    mm_features *fs = mm_features_create();
    mm_features_add_field(fs, "kind");
    mm_features_add_field(fs, "degrees");
    mm_features_add_field(fs, "label");
    mm_features_add_field(fs, "edge");
    if (!(step > 0)) {
        step = auto_step(lonlat);
    }
    /* the map's frame reaches past its bounds: widen them by half on each side */
    double wx = (lonlat.maxx - lonlat.minx) / 2, wy = (lonlat.maxy - lonlat.miny) / 2;
    double lon0 = fmax(-180, lonlat.minx - wx), lon1 = fmin(180, lonlat.maxx + wx);
    double lat0 = fmax(-89, lonlat.miny - wy), lat1 = fmin(89, lonlat.maxy + wy);
    for (double k = ceil(lon0 / step); k * step <= lon1; k++) {
        add_line(fs, (mm_xy){k * step, lat0}, (mm_xy){k * step, lat1}, true, k * step);
    }
    for (double k = ceil(lat0 / step); k * step <= lat1; k++) {
        add_line(fs, (mm_xy){lon0, k * step}, (mm_xy){lon1, k * step}, false, k * step);
    }
    return fs;
}

/* Where segment p-q crosses the line coord c (axis 0: x = c, 1: y = c). */
static bool crossing(mm_xy p, mm_xy q, int axis, double c, mm_xy *out)
{
    double a = axis ? p.y : p.x, b = axis ? q.y : q.x;
    if ((a < c) == (b < c) || a == b) {
        return false;
    }
    double t = (c - a) / (b - a);
    *out = (mm_xy){p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
    return true;
}

/* A point where line `line` meets edge `edge` of the frame. */
typedef struct meet {
    size_t line;
    int edge;
    mm_xy at;
} meet;

void graticule_edges(mm_features *fs, mm_bbox frame)
{
    static const char *const edge_name[4] = {"left", "right", "bottom", "top"};
    size_t nlines = mm_features_count(fs), n = 0, cap = 0;
    meet *m = NULL;
    for (size_t i = 0; i < nlines; i++) {
        const mm_geom *g = mm_features_geom(fs, i);
        for (int e = 0; e < 4 && g->type == MM_GEOM_LINE; e++) {
            int axis = e / 2; /* left/right: x = const; bottom/top: y = const */
            double c = e == 0 ? frame.minx : e == 1 ? frame.maxx : e == 2 ? frame.miny : frame.maxy;
            double lo = axis ? frame.minx : frame.miny, hi = axis ? frame.maxx : frame.maxy;
            for (uint32_t k = 0; k < g->nparts; k++) {
                for (uint32_t v = g->parts[k]; v + 1 < g->parts[k + 1]; v++) {
                    mm_xy at;
                    if (!crossing(g->pts[v], g->pts[v + 1], axis, c, &at)) {
                        continue;
                    }
                    double along = axis ? at.x : at.y;
                    if (along >= lo && along <= hi) {
                        if (n == cap) {
                            cap = cap ? 2 * cap : 16;
                            m = mm_array_realloc(m, cap, sizeof *m);
                        }
                        m[n++] = (meet){i, e, at};
                        break; /* the first meeting of this part with this edge */
                    }
                }
            }
        }
    }
    /* added after the loop: adding moves the geometries read above */
    for (size_t j = 0; j < n; j++) {
        uint32_t parts[2] = {0, 1};
        size_t f = mm_features_add(fs, MM_GEOM_POINT, 1, parts, NULL, 1, &m[j].at);
        for (int col = 0; col < 3; col++) {
            mm_features_set(fs, f, col, mm_features_get(fs, m[j].line, col));
        }
        mm_features_set(fs, f, 3, mm_value_string(edge_name[m[j].edge]));
    }
    mm_free(m);
    mm_features_update_bbox(fs);
}
