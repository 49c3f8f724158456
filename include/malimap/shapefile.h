/*
 * shapefile.h — the ESRI shapefile reader (through shapelib). Part of data/:
 * depends on core/ and feature.h. Points, multipoints, lines and polygons
 * (Z and M variants read as 2D), rings classified by orientation (clockwise
 * outer, counter-clockwise holes) and each hole put after its outer ring,
 * DBF attributes as typed properties, text decoded as UTF-8 when the .cpg says
 * so (or the bytes are valid UTF-8) and as Windows-1252 otherwise. The .prj
 * text becomes the set's CRS; geo/ reprojects to lon/lat.
 */
#ifndef MALIMAP_SHAPEFILE_H
#define MALIMAP_SHAPEFILE_H

#include <stddef.h>

#include "malimap/error.h"
#include "malimap/feature.h"

/*
 * Reads path ("x.shp", or "x" for x.shp/x.shx/x.dbf). Errors (MM_E_IO for
 * missing files, MM_E_DATA for damaged ones) name the file and, where it
 * applies, the 1-based record: a truncated .shp, a .shx that disagrees with
 * the .shp, a missing .dbf, a record whose shape type differs from the file's.
 * On success *out is a new set the caller destroys with mm_features_destroy().
 */
mm_status mm_shapefile_read(const char *path, mm_features **out, mm_error *err);

/* The files of one shapefile held in memory (cpg and prj may be NULL). */
typedef struct mm_shapefile_mem {
    const void *shp;
    size_t shp_len;
    const void *shx;
    size_t shx_len;
    const void *dbf;
    size_t dbf_len;
    const char *cpg;
    size_t cpg_len;
    const char *prj;
    size_t prj_len;
} mm_shapefile_mem;

/* Same as mm_shapefile_read, from memory; name ("x.shp") is used in messages. */
mm_status mm_shapefile_read_mem(const char *name, const mm_shapefile_mem *files, mm_features **out,
                                mm_error *err);

#endif
