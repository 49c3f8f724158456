/*
 * fuzz_shapefile.c — the shapefile reader, through shapelib's I/O hooks on
 * memory. Input layout: a flags byte (bit 0: a .cpg saying UTF-8, bit 1: a
 * .cpg saying 1252, bit 2: a .prj), the .shp and .shx lengths as 32-bit
 * little-endian numbers, then the .shp, the .shx and the .dbf (the rest).
 * tests/fuzz/shapefile-seed.sh packs real files this way.
 */
#include "fuzz.h"
#include "malimap/shapefile.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 9) {
        return 0;
    }
    uint8_t flags = data[0];
    size_t left = size - 9;
    const uint8_t *p = data + 9;
    size_t shp_len = le32(data + 1), shx_len = le32(data + 5);
    if (shp_len > left) {
        shp_len = left;
    }
    if (shx_len > left - shp_len) {
        shx_len = left - shp_len;
    }
    mm_shapefile_mem m = {
        .shp = p,
        .shp_len = shp_len,
        .shx = p + shp_len,
        .shx_len = shx_len,
        .dbf = p + shp_len + shx_len,
        .dbf_len = left - shp_len - shx_len,
    };
    if (flags & 1) {
        m.cpg = "UTF-8";
        m.cpg_len = 5;
    } else if (flags & 2) {
        m.cpg = "1252";
        m.cpg_len = 4;
    }
    if (flags & 4) {
        m.prj = "GEOGCS[\"WGS 84\"]";
        m.prj_len = 16;
    }
    mm_features *fs = NULL;
    mm_error err;
    mm_error_clear(&err);
    if (mm_shapefile_read_mem("fuzz.shp", &m, &fs, &err) == MM_OK) {
        for (size_t i = 0; i < mm_features_count(fs); i++) {
            const mm_geom *g = mm_features_geom(fs, i);
            for (uint32_t k = 0; k < g->nparts; k++) {
                if (g->parts[k] > g->parts[k + 1] || g->parts[k + 1] > g->npts) {
                    __builtin_trap();
                }
            }
            for (size_t c = 0; c < mm_features_field_count(fs); c++) {
                mm_features_get(fs, i, (int)c);
            }
        }
        mm_features_destroy(fs);
    }
    return 0;
}
