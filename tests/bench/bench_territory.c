/*
 * bench_territory.c — derived territory for 50, 500 and 5000 places spread
 * over Mali (random but seeded), clipped to Mali's outline simplified to map
 * resolution, five controllers: prints the median time of 7 runs each.
 * Target (issue 5): 500 places in under 50 ms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench.h"
#include "malimap/geom.h"
#include "malimap/proj.h"
#include "malimap/shapefile.h"

int main(int argc, char **argv)
{
    const char *outline = argc > 1 ? argv[1] : "shapes/mali_adm0.shp";
    mm_error err;
    mm_error_clear(&err);
    mm_features *mali = NULL;
    mm_proj *p = NULL;
    if (mm_shapefile_read(outline, &mali, &err) != MM_OK ||
        mm_proj_create(NULL, MM_PROJ_DEFAULT_CRS, "bench", &p, &err) != MM_OK) {
        fprintf(stderr, "bench_territory: %s\n", err.msg);
        return 1;
    }
    mm_proj_features(p, mali, 0.1);
    mm_geos *g = mm_geos_create();
    mm_features *clip = mm_features_create();
    if (mm_geos_simplify(g, mm_features_geom(mali, 0), 600, clip, &err) != MM_OK) {
        fprintf(stderr, "bench_territory: %s\n", err.msg);
        return 1;
    }
    mm_bbox b = mm_features_bbox(mali);
    srand(42);
    size_t counts[] = {50, 500, 5000};
    for (size_t c = 0; c < 3; c++) {
        size_t n = counts[c];
        mm_site *sites = malloc(n * sizeof *sites);
        for (size_t i = 0; i < n; i++) {
            sites[i].pt.x = b.minx + (b.maxx - b.minx) * rand() / RAND_MAX;
            sites[i].pt.y = b.miny + (b.maxy - b.miny) * rand() / RAND_MAX;
            sites[i].group = rand() % 5;
        }
        double t[7];
        size_t areas = 0;
        for (int r = 0; r < 7; r++) {
            mm_features *out = mm_features_create();
            double t0 = bench_now_ms();
            mm_geos_territory(g, sites, n, 150e3, mm_features_geom(clip, 0), out, &err);
            t[r] = bench_now_ms() - t0;
            areas = mm_features_count(out);
            mm_features_destroy(out);
        }
        qsort(t, 7, sizeof *t, bench_cmp);
        printf("territory: %5zu places, %zu areas: median %.1f ms (min %.1f, max %.1f)\n", n,
               areas, t[3], t[0], t[6]);
        free(sites);
    }
    mm_features_destroy(clip);
    mm_features_destroy(mali);
    mm_geos_destroy(g);
    mm_proj_destroy(p);
    return 0;
}
