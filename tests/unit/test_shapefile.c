/*
 * test_shapefile.c — the shapefile reader on fixtures written with shapelib:
 * multipart polygons with holes, lines, points (Z variant), typed attributes,
 * UTF-8 and CP1252 text, a .prj in another CRS, and damaged files.
 */
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "malimap/proj.h"
#include "malimap/shapefile.h"

/* A square ring from (x0,y0) of side d; clockwise when cw (outer ring). */
static int square(double *x, double *y, double x0, double y0, double d, int cw)
{
    double sx[5] = {x0, x0, x0 + d, x0 + d, x0}, sy[5] = {y0, y0 + d, y0 + d, y0, y0};
    for (int i = 0; i < 5; i++) {
        int k = cw ? i : 4 - i;
        x[i] = sx[k];
        y[i] = sy[k];
    }
    return 5;
}

static void write_text(const char *path, const char *text)
{
    CHECK(mm_test_write_file(path, text, strlen(text)) == 0);
}

/* Polygons: feature 0 = hole listed first, then its outer ring, then a second
 * outer ring; feature 1 = a single counter-clockwise ring (a "hole" with no
 * outer ring); feature 2 = null shape. */
static const char *make_polygons(const char *cpg, const char *name0)
{
    const char *base = mm_test_path("poly");
    SHPHandle shp = SHPCreate(base, SHPT_POLYGON);
    DBFHandle dbf = DBFCreate(base);
    DBFAddField(dbf, "name", FTString, 40, 0);
    DBFAddField(dbf, "pop", FTInteger, 10, 0);
    DBFAddField(dbf, "area", FTDouble, 12, 3);
    DBFAddField(dbf, "capital", FTLogical, 1, 0);
    double x[15], y[15];
    int starts[3];
    starts[0] = 0;
    square(x, y, 2, 2, 2, 0);          /* hole (counter-clockwise) */
    starts[1] = 5;
    square(x + 5, y + 5, 0, 0, 6, 1);  /* outer ring around it */
    starts[2] = 10;
    square(x + 10, y + 10, 10, 0, 3, 1); /* second outer ring */
    SHPObject *o = SHPCreateObject(SHPT_POLYGON, -1, 3, starts, NULL, 15, x, y, NULL, NULL);
    SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    square(x, y, 20, 20, 1, 0);
    o = SHPCreateSimpleObject(SHPT_POLYGON, 5, x, y, NULL);
    SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    o = SHPCreateSimpleObject(SHPT_NULL, 0, NULL, NULL, NULL);
    SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    DBFWriteStringAttribute(dbf, 0, 0, name0);
    DBFWriteIntegerAttribute(dbf, 0, 1, 12345);
    DBFWriteDoubleAttribute(dbf, 0, 2, 2.5);
    DBFWriteLogicalAttribute(dbf, 0, 3, 'T');
    DBFWriteStringAttribute(dbf, 1, 0, "second");
    DBFWriteNULLAttribute(dbf, 1, 1);
    DBFWriteNULLAttribute(dbf, 1, 2);
    DBFWriteLogicalAttribute(dbf, 1, 3, 'F');
    DBFWriteStringAttribute(dbf, 2, 0, "empty");
    SHPClose(shp);
    DBFClose(dbf);
    char path[1024];
    snprintf(path, sizeof path, "%s.cpg", base);
    remove(path);
    if (cpg) {
        write_text(path, cpg);
    }
    return base;
}

static void test_polygon_rings_and_holes(void)
{
    const char *base = make_polygons("UTF-8", "Niafunk\xc3\xa9");
    mm_error err;
    mm_error_clear(&err);
    mm_features *fs = NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s.shp", base);
    CHECK_INT(mm_shapefile_read(path, &fs, &err), MM_OK);
    if (!fs) {
        return;
    }
    CHECK_INT(mm_features_count(fs), 3);
    const mm_geom *g = mm_features_geom(fs, 0);
    CHECK_INT(g->type, MM_GEOM_POLYGON);
    CHECK_INT(g->nparts, 3);
    /* outer ring first, its hole right after, then the second outer ring */
    CHECK_INT(g->hole[0], 0);
    CHECK_INT(g->hole[1], 1);
    CHECK_INT(g->hole[2], 0);
    CHECK_NEAR(g->pts[g->parts[0]].x, 0, 1e-12);
    CHECK_NEAR(g->pts[g->parts[1]].x, 2, 1e-12);
    CHECK_NEAR(g->pts[g->parts[2]].x, 10, 1e-12);
    CHECK_NEAR(g->bbox.maxx, 13, 1e-12);
    /* a lone counter-clockwise ring is kept as an outer ring */
    const mm_geom *g1 = mm_features_geom(fs, 1);
    CHECK_INT(g1->nparts, 1);
    CHECK_INT(g1->hole[0], 0);
    CHECK_INT(mm_features_geom(fs, 2)->type, MM_GEOM_NONE);
    /* typed attributes */
    mm_value v = mm_features_get_named(fs, 0, "name");
    CHECK_INT(v.type, MM_VAL_STRING);
    CHECK_STR(v.u.str, "Niafunk\xc3\xa9");
    v = mm_features_get_named(fs, 0, "pop");
    CHECK_INT(v.type, MM_VAL_NUMBER);
    CHECK_NEAR(v.u.num, 12345, 0);
    v = mm_features_get_named(fs, 0, "area");
    CHECK_NEAR(v.u.num, 2.5, 1e-9);
    v = mm_features_get_named(fs, 0, "capital");
    CHECK_INT(v.type, MM_VAL_BOOL);
    CHECK(v.u.b);
    CHECK_INT(mm_features_get_named(fs, 1, "pop").type, MM_VAL_NULL);
    CHECK_INT(mm_features_get_named(fs, 1, "capital").u.b, 0);
    CHECK_INT(mm_features_get_named(fs, 0, "no such field").type, MM_VAL_NULL);
    CHECK(mm_features_crs(fs) == NULL);
    mm_features_destroy(fs);
}

static void test_cp1252_text(void)
{
    /* no .cpg and bytes that are not UTF-8: read as Windows-1252 */
    const char *base = make_polygons(NULL, "S\xe9gou \x80");
    mm_error err;
    mm_error_clear(&err);
    mm_features *fs = NULL;
    CHECK_INT(mm_shapefile_read(base, &fs, &err), MM_OK);
    if (fs) {
        CHECK_STR(mm_features_get_named(fs, 0, "name").u.str, "S\xc3\xa9gou \xe2\x82\xac");
        mm_features_destroy(fs);
    }
    /* a .cpg naming a single-byte code page wins even over valid UTF-8 bytes */
    base = make_polygons("1252", "\xc3\xa9");
    fs = NULL;
    CHECK_INT(mm_shapefile_read(base, &fs, &err), MM_OK);
    if (fs) {
        CHECK_STR(mm_features_get_named(fs, 0, "name").u.str, "\xc3\x83\xc2\xa9");
        mm_features_destroy(fs);
    }
}

static void test_lines_and_points(void)
{
    char base[1024], pbase[1024];
    snprintf(base, sizeof base, "%s", mm_test_path("lines"));
    snprintf(pbase, sizeof pbase, "%s", mm_test_path("points"));
    SHPHandle shp = SHPCreate(base, SHPT_ARCZ);
    DBFHandle dbf = DBFCreate(base);
    DBFAddField(dbf, "class", FTInteger, 2, 0);
    double x[5] = {0, 1, 2, 5, 6}, y[5] = {0, 1, 0, 5, 5}, z[5] = {1, 2, 3, 4, 5};
    int starts[2] = {0, 3};
    SHPObject *o = SHPCreateObject(SHPT_ARCZ, -1, 2, starts, NULL, 5, x, y, z, NULL);
    SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    DBFWriteIntegerAttribute(dbf, 0, 0, 3);
    SHPClose(shp);
    DBFClose(dbf);

    shp = SHPCreate(pbase, SHPT_POINTM);
    dbf = DBFCreate(pbase);
    DBFAddField(dbf, "name", FTString, 20, 0);
    for (int i = 0; i < 3; i++) {
        double px = -4 + i, py = 17 - i, pm = i;
        o = SHPCreateObject(SHPT_POINTM, -1, 0, NULL, NULL, 1, &px, &py, NULL, &pm);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        DBFWriteStringAttribute(dbf, i, 0, i == 0 ? "Gao" : i == 1 ? "Kidal" : "Ber");
    }
    SHPClose(shp);
    DBFClose(dbf);

    mm_error err;
    mm_error_clear(&err);
    mm_features *fs = NULL;
    CHECK_INT(mm_shapefile_read(base, &fs, &err), MM_OK);
    if (fs) {
        const mm_geom *g = mm_features_geom(fs, 0);
        CHECK_INT(g->type, MM_GEOM_LINE);
        CHECK_INT(g->nparts, 2);
        CHECK_INT(g->parts[1], 3);
        CHECK_INT(g->parts[2], 5);
        CHECK_NEAR(g->pts[3].x, 5, 0);
        CHECK_NEAR(mm_features_get_named(fs, 0, "class").u.num, 3, 0);
        mm_features_destroy(fs);
    }
    fs = NULL;
    CHECK_INT(mm_shapefile_read(pbase, &fs, &err), MM_OK);
    if (fs) {
        CHECK_INT(mm_features_count(fs), 3);
        const mm_geom *g = mm_features_geom(fs, 1);
        CHECK_INT(g->type, MM_GEOM_POINT);
        CHECK_INT(g->npts, 1);
        CHECK_NEAR(g->pts[0].x, -3, 0);
        CHECK_NEAR(g->pts[0].y, 16, 0);
        CHECK_STR(mm_features_get_named(fs, 2, "name").u.str, "Ber");
        mm_features_destroy(fs);
    }
}

static void test_prj_in_another_crs(void)
{
    /* Two points in UTM zone 30N: on the central meridian (-3 degrees) at the
     * equator, and 1853 km north of it (latitude 16.75995 by the meridian arc
     * of the WGS84 ellipsoid, computed independently). */
    const char *base = mm_test_path("utm");
    SHPHandle shp = SHPCreate(base, SHPT_POINT);
    DBFHandle dbf = DBFCreate(base);
    DBFAddField(dbf, "id", FTInteger, 4, 0);
    double xs[2] = {500000, 500000}, ys[2] = {0, 1853000};
    for (int i = 0; i < 2; i++) {
        SHPObject *o = SHPCreateSimpleObject(SHPT_POINT, 1, &xs[i], &ys[i], NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        DBFWriteIntegerAttribute(dbf, i, 0, i);
    }
    SHPClose(shp);
    DBFClose(dbf);
    char prj[1024];
    snprintf(prj, sizeof prj, "%s.prj", base);
    write_text(prj,
               "PROJCS[\"WGS_1984_UTM_Zone_30N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\","
               "SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],"
               "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
               "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],"
               "PARAMETER[\"Central_Meridian\",-3.0],PARAMETER[\"Scale_Factor\",0.9996],"
               "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]");
    mm_error err;
    mm_error_clear(&err);
    mm_features *fs = NULL;
    CHECK_INT(mm_shapefile_read(base, &fs, &err), MM_OK);
    if (!fs) {
        return;
    }
    CHECK(mm_features_crs(fs) != NULL);
    CHECK_INT(mm_proj_features_to_lonlat(fs, prj, &err), MM_OK);
    CHECK(mm_features_crs(fs) == NULL);
    CHECK_NEAR(mm_features_geom(fs, 0)->pts[0].x, -3, 1e-9);
    CHECK_NEAR(mm_features_geom(fs, 0)->pts[0].y, 0, 1e-9);
    CHECK_NEAR(mm_features_geom(fs, 1)->pts[0].x, -3, 1e-9);
    CHECK_NEAR(mm_features_geom(fs, 1)->pts[0].y, 16.75995164, 1e-6);
    mm_features_destroy(fs);
}

static char *slurp(const char *base, const char *ext, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s.%s", base, ext);
    return mm_test_read_file(path, len);
}

static void test_damaged_files(void)
{
    const char *base = make_polygons("UTF-8", "x");
    mm_shapefile_mem m = {0};
    char *shp = slurp(base, "shp", &m.shp_len), *shx = slurp(base, "shx", &m.shx_len);
    char *dbf = slurp(base, "dbf", &m.dbf_len);
    m.shp = shp;
    m.shx = shx;
    m.dbf = dbf;
    mm_error err;
    mm_features *fs = NULL;

    /* intact, from memory */
    mm_error_clear(&err);
    CHECK_INT(mm_shapefile_read_mem("mem.shp", &m, &fs, &err), MM_OK);
    CHECK(fs && mm_features_count(fs) == 3);
    mm_features_destroy(fs);
    fs = NULL;

    /* truncated .shp */
    mm_shapefile_mem t = m;
    t.shp_len = m.shp_len - 40;
    mm_error_clear(&err);
    CHECK_INT(mm_shapefile_read_mem("mem.shp", &t, &fs, &err), MM_E_DATA);
    CHECK(fs == NULL);
    CHECK_STR(err.path, "mem.shp");
    CHECK(strstr(err.msg, "truncated") != NULL);

    /* missing .dbf */
    t = m;
    t.dbf = NULL;
    t.dbf_len = 0;
    mm_error_clear(&err);
    CHECK_INT(mm_shapefile_read_mem("mem.shp", &t, &fs, &err), MM_E_IO);
    CHECK_STR(err.path, "mem.dbf");

    /* second record's index entry moved by 8 bytes: header disagrees */
    char *shx2 = malloc(m.shx_len);
    memcpy(shx2, shx, m.shx_len);
    shx2[100 + 8 + 3] += 4; /* offset of record 2, in 16-bit words */
    t = m;
    t.shx = shx2;
    mm_error_clear(&err);
    CHECK_INT(mm_shapefile_read_mem("mem.shp", &t, &fs, &err), MM_E_DATA);
    CHECK_INT(err.record, 2);
    CHECK(strstr(err.msg, "disagrees") != NULL);

    /* a Point record in a Polygon file */
    char *shp2 = malloc(m.shp_len);
    memcpy(shp2, shp, m.shp_len);
    shp2[108] = 1;
    t = m;
    t.shp = shp2;
    mm_error_clear(&err);
    CHECK_INT(mm_shapefile_read_mem("mem.shp", &t, &fs, &err), MM_E_DATA);
    CHECK_INT(err.record, 1);
    CHECK_STR(err.msg, "shape type Point in a Polygon file");

    /* garbage instead of a header */
    t = m;
    t.shp = "not a shapefile at all, just text that goes on and on and on ......";
    t.shp_len = strlen(t.shp);
    mm_error_clear(&err);
    CHECK(mm_shapefile_read_mem("mem.shp", &t, &fs, &err) != MM_OK);
    CHECK(fs == NULL);

    free(shp2);
    free(shx2);
    free(shp);
    free(shx);
    free(dbf);
}

static void test_bundled_regions(void)
{
    mm_error err;
    mm_error_clear(&err);
    mm_features *fs = NULL;
    CHECK_INT(mm_shapefile_read("shapes/mali_adm1.shp", &fs, &err), MM_OK);
    if (!fs) {
        return;
    }
    CHECK_INT(mm_features_count(fs), 9);
    int found = 0;
    for (size_t i = 0; i < mm_features_count(fs); i++) {
        const char *name = mm_features_get_named(fs, i, "name").u.str;
        found += name && !strcmp(name, "S\xc3\xa9gou");
    }
    CHECK_INT(found, 1);
    mm_bbox b = mm_features_bbox(fs);
    CHECK(b.minx > -12.5 && b.minx < -12.0);
    CHECK(b.maxx > 4.0 && b.maxx < 4.5);
    CHECK(b.miny > 10.0 && b.miny < 10.3);
    CHECK(b.maxy > 24.9 && b.maxy < 25.1);
    mm_features_destroy(fs);
}

MM_TESTS("shapefile", {"polygon_rings_and_holes", test_polygon_rings_and_holes},
         {"cp1252_text", test_cp1252_text}, {"lines_and_points", test_lines_and_points},
         {"prj_in_another_crs", test_prj_in_another_crs},
         {"damaged_files", test_damaged_files}, {"bundled_regions", test_bundled_regions})
