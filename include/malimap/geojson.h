/*
 * geojson.h — GeoJSON (RFC 7946) and point-CSV files as feature sets.
 * Part of data/: uses the JSON tree (json.h) and the CSV reader (csv.h).
 */
#ifndef MALIMAP_GEOJSON_H
#define MALIMAP_GEOJSON_H

#include <stddef.h>

#include "malimap/error.h"
#include "malimap/feature.h"

/*
 * Reads a GeoJSON FeatureCollection, Feature or bare geometry: Point,
 * MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon (and
 * GeometryCollections of them, flattened by kind). Properties become typed
 * values (nested objects and arrays are kept as their JSON text). Ring
 * orientation is normalised (outer rings clockwise, holes counter-clockwise,
 * as shapefiles have them). Errors name path:line:col.
 */
mm_status mm_geojson_read(const char *path, mm_features **out, mm_error *err);
/* The same from len bytes of text in memory; name is used in messages. */
mm_status mm_geojson_parse(const char *name, const char *text, size_t len, mm_features **out,
                           mm_error *err);

/*
 * Reads a CSV file of points: the coordinates come from columns named
 * latitude/lat/y and longitude/lon/lng/long/x (any case); every other column
 * becomes a property, a number when the whole field parses as one. A row
 * without coordinates, or with coordinates out of range, is an error naming
 * path:line.
 */
mm_status mm_csv_points_read(const char *path, mm_features **out, mm_error *err);
/* The same from len bytes in memory; name is used in messages. */
mm_status mm_csv_points_parse(const char *name, const char *data, size_t len, mm_features **out,
                              mm_error *err);

#endif
