/*
 * proj.h — coordinate transforms through PROJ. Part of geo/: the only module
 * that includes <proj.h>. A transform goes from a source CRS (NULL = WGS84
 * longitude/latitude in degrees, x = longitude) to a target CRS given as an
 * EPSG code ("EPSG:3857"), a PROJ string or WKT (ESRI WKT from .prj files
 * too). Each transform owns its PROJ context, so a transform is used by one
 * thread at a time; give each worker its own with mm_proj_clone().
 */
#ifndef MALIMAP_PROJ_H
#define MALIMAP_PROJ_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/error.h"
#include "malimap/feature.h"
#include "malimap/types.h"

typedef struct mm_proj mm_proj;

/* The default map CRS: Lambert azimuthal equal-area centred on Mali. */
#define MM_PROJ_DEFAULT_CRS "+proj=laea +lat_0=17.5 +lon_0=-4 +datum=WGS84 +units=m +no_defs"

/*
 * Creates a transform from src (NULL = lon/lat WGS84) to dst. Errors
 * (MM_E_PROJ) carry PROJ's message; what names the option or file the CRS
 * came from ("--crs", "shapes/x.prj") and is used as the error path.
 * Caller destroys with mm_proj_destroy().
 */
mm_status mm_proj_create(const char *src, const char *dst, const char *what, mm_proj **out,
                         mm_error *err);
/* An independent copy with its own PROJ context (for another thread). */
mm_status mm_proj_clone(const mm_proj *p, mm_proj **out, mm_error *err);
void mm_proj_destroy(mm_proj *p);

/*
 * Transforms n points in place. Points PROJ cannot transform become
 * (NAN, NAN); returns how many did.
 */
size_t mm_proj_forward(mm_proj *p, mm_xy *pts, size_t n);
/* The inverse transform (target to source), in place. */
size_t mm_proj_inverse(mm_proj *p, mm_xy *pts, size_t n);

/* Transforms a source-CRS box to the smallest target box holding its densified edges. */
mm_status mm_proj_bounds(mm_proj *p, mm_bbox src, mm_bbox *out, mm_error *err);

/*
 * The geodesic distance in metres between two lon/lat points (degrees) on
 * the ellipsoid of the transform's target CRS.
 */
double mm_proj_distance_m(mm_proj *p, mm_xy a, mm_xy b);

/* True when the target CRS is geographic (degrees). */
bool mm_proj_target_is_geographic(const mm_proj *p);

/*
 * Reprojects a feature set in place from its own CRS (mm_features_crs, from
 * a .prj) to WGS84 lon/lat, and clears its CRS. No-op if it has none. path
 * names the file in errors.
 */
mm_status mm_proj_features_to_lonlat(mm_features *fs, const char *path, mm_error *err);

/*
 * Projects a lon/lat feature set in place with p, first inserting vertices so
 * no line or ring edge spans more than max_step_deg degrees (straight lines
 * in lon/lat then curve as they should). Points that cannot be projected are
 * dropped from their part. Updates the bboxes.
 */
void mm_proj_features(mm_proj *p, mm_features *fs, double max_step_deg);

#endif
