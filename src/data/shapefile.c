/*
 * shapefile.c — reads shapefiles through shapelib into a feature set.
 * Part of data/: the only file that includes <shapefil.h>. shapelib reports
 * errors through a hook without a user pointer, so messages are captured in a
 * thread-local buffer while a read is in progress. The same hooks serve files
 * on disk and files in memory (for fuzzing and tests).
 */
#include "malimap/shapefile.h"

#include <errno.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "malimap/mem.h"
#include "malimap/text.h"

enum { MAX_VERTICES = 50 * 1000 * 1000 };

/* ---- I/O hooks: a handle is either a FILE or a window on memory ---- */

typedef struct io_handle {
    FILE *fp;
    const unsigned char *mem;
    size_t len;
    size_t pos;
} io_handle;

typedef struct io_state {
    const mm_shapefile_mem *mem; /* NULL: real files */
    char msg[512];               /* first message shapelib reported */
} io_state;

static _Thread_local io_state *tls_io;

static const char *file_ext(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    return (dot && (!slash || dot > slash)) ? dot + 1 : "";
}

static SAFile hook_open(const char *filename, const char *access)
{
    if (strchr(access, 'w') || strchr(access, 'a') || strchr(access, '+')) {
        return NULL; /* read only */
    }
    io_handle *h = mm_calloc(1, sizeof *h);
    if (tls_io && tls_io->mem) {
        const mm_shapefile_mem *m = tls_io->mem;
        const char *ext = file_ext(filename);
        if (!mm_text_casecmp(ext, "shp")) {
            h->mem = m->shp;
            h->len = m->shp_len;
        } else if (!mm_text_casecmp(ext, "shx")) {
            h->mem = m->shx;
            h->len = m->shx_len;
        } else if (!mm_text_casecmp(ext, "dbf")) {
            h->mem = m->dbf;
            h->len = m->dbf_len;
        } else if (!mm_text_casecmp(ext, "cpg")) {
            h->mem = (const unsigned char *)m->cpg;
            h->len = m->cpg_len;
        }
        if (!h->mem) {
            mm_free(h);
            return NULL;
        }
        return (SAFile)h;
    }
    h->fp = fopen(filename, "rb");
    if (!h->fp) {
        mm_free(h);
        return NULL;
    }
    return (SAFile)h;
}

static SAOffset hook_read(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    io_handle *h = (io_handle *)file;
    if (h->fp) {
        return (SAOffset)fread(p, (size_t)size, (size_t)nmemb, h->fp);
    }
    if (size == 0) {
        return 0;
    }
    size_t avail = h->pos < h->len ? h->len - h->pos : 0;
    size_t items = avail / (size_t)size;
    if (items > (size_t)nmemb) {
        items = (size_t)nmemb;
    }
    memcpy(p, h->mem + h->pos, items * (size_t)size);
    h->pos += items * (size_t)size;
    return (SAOffset)items;
}

static SAOffset hook_write(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    (void)p;
    (void)size;
    (void)nmemb;
    (void)file;
    return 0;
}

static SAOffset hook_seek(SAFile file, SAOffset offset, int whence)
{
    io_handle *h = (io_handle *)file;
    if (h->fp) {
        return (SAOffset)fseek(h->fp, (long)offset, whence);
    }
    size_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? h->pos : h->len;
    if (offset > (SAOffset)(h->len + 1) || base + (size_t)offset > h->len + 1) {
        h->pos = h->len + 1; /* past the end: later reads return nothing */
        return 0;
    }
    h->pos = base + (size_t)offset;
    return 0;
}

static SAOffset hook_tell(SAFile file)
{
    io_handle *h = (io_handle *)file;
    if (h->fp) {
        long t = ftell(h->fp);
        return t < 0 ? 0 : (SAOffset)t;
    }
    return (SAOffset)h->pos;
}

static int hook_flush(SAFile file)
{
    (void)file;
    return 0;
}

static int hook_close(SAFile file)
{
    io_handle *h = (io_handle *)file;
    int rc = h->fp ? fclose(h->fp) : 0;
    mm_free(h);
    return rc;
}

static int hook_remove(const char *filename)
{
    (void)filename;
    return -1;
}

static void hook_error(const char *message)
{
    if (tls_io && !tls_io->msg[0]) {
        snprintf(tls_io->msg, sizeof tls_io->msg, "%s", message);
        /* shapelib messages sometimes end in a newline or a period */
        size_t n = strlen(tls_io->msg);
        while (n && (tls_io->msg[n - 1] == '\n' || tls_io->msg[n - 1] == '.')) {
            tls_io->msg[--n] = '\0';
        }
    }
}

static double hook_atof(const char *s)
{
    return strtod(s, NULL);
}

static void setup_hooks(SAHooks *h)
{
    SASetupDefaultHooks(h);
    h->FOpen = hook_open;
    h->FRead = hook_read;
    h->FWrite = hook_write;
    h->FSeek = hook_seek;
    h->FTell = hook_tell;
    h->FFlush = hook_flush;
    h->FClose = hook_close;
    h->Remove = hook_remove;
    h->Error = hook_error;
    h->Atof = hook_atof;
}

/* ---- reading ---- */

/* How DBF text is decoded: AUTO keeps valid UTF-8 and reads anything else as
 * Windows-1252; a .cpg naming a single-byte code page forces CP1252. */
typedef enum enc { ENC_AUTO, ENC_CP1252 } enc;

typedef struct reader {
    const char *name; /* the .shp path as the user gave it */
    char base[1024];  /* path without extension */
    char shp_path[1040];
    char dbf_path[1040];
    io_state io;
    SAHooks hooks;
    size_t shp_size; /* actual bytes of the .shp */
    FILE *hdr_fp;    /* the .shp, for checking record headers; NULL until needed */
    mm_buf text;     /* scratch for string conversion */
    mm_buf raw;
    /* scratch for building geometry */
    mm_xy *pts;
    size_t pts_cap;
    uint32_t *parts;
    size_t parts_cap;
    uint8_t *hole;
    size_t hole_cap;
    enc encoding;
} reader;

static mm_status fail(reader *r, mm_error *err, mm_status st, const char *path, long record,
                      const char *what)
{
    const char *detail = r->io.msg[0] ? r->io.msg : NULL;
    if (record > 0) {
        return MM_ERR_RECORD(err, st, path, record, "%s%s%s", what, detail ? ": " : "",
                             detail ? detail : "");
    }
    return MM_ERR(err, st, path, 0, 0, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads the 8-byte record header at offset from the .shp without shapelib. */
static bool record_header(reader *r, unsigned offset, uint32_t *number, uint32_t *words)
{
    unsigned char hdr[8];
    if (r->io.mem) {
        if ((size_t)offset + 8 > r->io.mem->shp_len) {
            return false;
        }
        memcpy(hdr, (const unsigned char *)r->io.mem->shp + offset, 8);
    } else {
        /* one handle for all the headers: opening the file for each record
         * cost more than reading the records (357 opens for rivers.shp) */
        if (!r->hdr_fp) {
            r->hdr_fp = fopen(r->shp_path, "rb");
        }
        if (!r->hdr_fp || fseek(r->hdr_fp, (long)offset, SEEK_SET) != 0 ||
            fread(hdr, 1, 8, r->hdr_fp) != 8) {
            return false;
        }
    }
    *number = be32(hdr);
    *words = be32(hdr + 4);
    return true;
}

/* Reads the first 100 bytes of a file of the shapefile (from memory when
 * mem is set; data NULL there means missing) and its size: 1, or 0 when it
 * is shorter (or not a regular file), -1 when it is missing. */
static int file_head(reader *r, const char *path, const void *data, size_t len,
                     unsigned char hdr[100], size_t *size)
{
    *size = 0;
    if (r->io.mem) {
        if (!data) {
            return -1;
        }
        *size = len;
        if (len < 100) {
            return 0;
        }
        memcpy(hdr, data, 100);
        return 1;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        return -1;
    }
    struct stat sb;
    bool ok = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode);
    *size = ok ? (size_t)sb.st_size : 0;
    ok = ok && fread(hdr, 1, 100, f) == 100;
    fclose(f);
    return ok;
}

/*
 * Checks the 100-byte header of the .shp or the .shx against the file:
 * shapelib trusts it (a 100-byte .shx claiming 100 million records makes it
 * allocate a gigabyte) and does not look at the file code at all.
 */
static mm_status check_header(reader *r, const char *path, const void *data, size_t len,
                              mm_error *err)
{
    unsigned char hdr[100];
    size_t size;
    int got = file_head(r, path, data, len, hdr, &size);
    if (got < 0) {
        return MM_OK; /* missing: reported when shapelib cannot open it */
    }
    if (got == 0) {
        return MM_ERR(err, MM_E_DATA, path, 0, 0,
                      "file is truncated: it has %zu bytes, a shapefile header has 100", size);
    }
    if (be32(hdr) != 9994) {
        return MM_ERR(err, MM_E_DATA, path, 0, 0,
                      "not a shapefile: it does not start with the file code 9994");
    }
    uint64_t claimed = (uint64_t)be32(hdr + 24) * 2;
    if (claimed > size) {
        return MM_ERR(err, MM_E_DATA, path, 0, 0,
                      "file is truncated: its header gives %llu bytes but it has %zu",
                      (unsigned long long)claimed, size);
    }
    if (claimed < 100) {
        return MM_ERR(err, MM_E_DATA, path, 0, 0,
                      "invalid header: it gives a length of %llu bytes, less than the header",
                      (unsigned long long)claimed);
    }
    return MM_OK;
}

static mm_status check_headers(reader *r, mm_error *err)
{
    char shx_path[1040];
    snprintf(shx_path, sizeof shx_path, "%s.shx", r->base);
    const mm_shapefile_mem *m = r->io.mem;
    mm_status st = check_header(r, r->shp_path, m ? m->shp : NULL, m ? m->shp_len : 0, err);
    if (st == MM_OK) {
        st = check_header(r, shx_path, m ? m->shx : NULL, m ? m->shx_len : 0, err);
    }
    return st;
}

static int base_type(int t)
{
    switch (t) {
    case SHPT_POINT:
    case SHPT_POINTZ:
    case SHPT_POINTM:
        return SHPT_POINT;
    case SHPT_ARC:
    case SHPT_ARCZ:
    case SHPT_ARCM:
        return SHPT_ARC;
    case SHPT_POLYGON:
    case SHPT_POLYGONZ:
    case SHPT_POLYGONM:
        return SHPT_POLYGON;
    case SHPT_MULTIPOINT:
    case SHPT_MULTIPOINTZ:
    case SHPT_MULTIPOINTM:
        return SHPT_MULTIPOINT;
    case SHPT_NULL:
        return SHPT_NULL;
    default:
        return -1;
    }
}

static const char *type_name(int t)
{
    switch (base_type(t)) {
    case SHPT_POINT:
        return "Point";
    case SHPT_ARC:
        return "PolyLine";
    case SHPT_POLYGON:
        return "Polygon";
    case SHPT_MULTIPOINT:
        return "MultiPoint";
    case SHPT_NULL:
        return "Null";
    default:
        return t == SHPT_MULTIPATCH ? "MultiPatch" : "unknown";
    }
}

static bool point_in_ring(mm_xy p, const mm_xy *ring, size_t n)
{
    bool inside = false;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        if ((ring[i].y > p.y) != (ring[j].y > p.y) &&
            p.x <
                (ring[j].x - ring[i].x) * (p.y - ring[i].y) / (ring[j].y - ring[i].y) + ring[i].x) {
            inside = !inside;
        }
    }
    return inside;
}

typedef struct ring_info {
    uint32_t start;
    uint32_t n;
    double area; /* signed, positive = counter-clockwise */
    int owner;   /* for holes: index of the outer ring */
} ring_info;

/*
 * Classifies the rings of a polygon object by orientation and writes them
 * outer-then-holes into the reader's scratch arrays. Returns the part count.
 */
static uint32_t build_polygon(reader *r, const SHPObject *o)
{
    uint32_t nrings = (uint32_t)o->nParts;
    ring_info *rings = mm_array_alloc(nrings ? nrings : 1, sizeof *rings);
    mm_xy *src = mm_array_alloc((size_t)o->nVertices + 1, sizeof *src);
    for (int v = 0; v < o->nVertices; v++) {
        src[v] = (mm_xy){o->padfX[v], o->padfY[v]};
    }
    uint32_t nkept = 0;
    for (uint32_t k = 0; k < nrings; k++) {
        uint32_t start = (uint32_t)o->panPartStart[k];
        uint32_t end = k + 1 < nrings ? (uint32_t)o->panPartStart[k + 1] : (uint32_t)o->nVertices;
        if (start >= end || end > (uint32_t)o->nVertices || end - start < 3) {
            continue; /* degenerate ring: nothing to draw */
        }
        double a = mm_ring_signed_area(src + start, end - start);
        if (a == 0 || !isfinite(a)) {
            continue;
        }
        rings[nkept++] = (ring_info){start, end - start, a, -1};
    }
    /* Outer rings are clockwise (negative area). Assign each hole to the
     * smallest outer ring that contains its first vertex. */
    size_t nouter = 0;
    for (uint32_t k = 0; k < nkept; k++) {
        nouter += rings[k].area < 0;
    }
    for (uint32_t k = 0; k < nkept; k++) {
        if (rings[k].area < 0) {
            continue;
        }
        double best = INFINITY;
        for (uint32_t q = 0; q < nkept; q++) {
            if (rings[q].area >= 0) {
                continue;
            }
            if (nouter == 1 ||
                point_in_ring(src[rings[k].start], src + rings[q].start, rings[q].n)) {
                if (-rings[q].area < best) {
                    best = -rings[q].area;
                    rings[k].owner = (int)q;
                }
            }
        }
    }
    r->pts = mm_grow(r->pts, &r->pts_cap, (size_t)o->nVertices + 1, sizeof *r->pts);
    r->parts = mm_grow(r->parts, &r->parts_cap, (size_t)nkept + 1, sizeof *r->parts);
    r->hole = mm_grow(r->hole, &r->hole_cap, (size_t)nkept + 1, 1);
    uint32_t np = 0, nv = 0;
    for (uint32_t q = 0; q < nkept; q++) {
        /* An outer ring, or a hole that lies in no outer ring (kept as an
         * outer ring so its area is not lost). */
        bool outer = rings[q].area < 0 || rings[q].owner < 0;
        if (!outer) {
            continue;
        }
        r->parts[np] = nv;
        r->hole[np++] = 0;
        memcpy(r->pts + nv, src + rings[q].start, rings[q].n * sizeof *src);
        nv += rings[q].n;
        for (uint32_t k = 0; k < nkept; k++) {
            if (rings[k].area > 0 && rings[k].owner == (int)q) {
                r->parts[np] = nv;
                r->hole[np++] = 1;
                memcpy(r->pts + nv, src + rings[k].start, rings[k].n * sizeof *src);
                nv += rings[k].n;
            }
        }
    }
    r->parts[np] = nv;
    mm_free(rings);
    mm_free(src);
    return np;
}

static size_t add_shape(reader *r, mm_features *fs, const SHPObject *o, int type)
{
    uint32_t nv = (uint32_t)o->nVertices;
    if (type == SHPT_NULL || nv == 0) {
        return mm_features_add(fs, MM_GEOM_NONE, 0, NULL, NULL, 0, NULL);
    }
    if (type == SHPT_POLYGON) {
        uint32_t np = build_polygon(r, o);
        return mm_features_add(fs, np ? MM_GEOM_POLYGON : MM_GEOM_NONE, np, r->parts, r->hole,
                               r->parts[np], r->pts);
    }
    r->pts = mm_grow(r->pts, &r->pts_cap, nv, sizeof *r->pts);
    for (uint32_t v = 0; v < nv; v++) {
        r->pts[v] = (mm_xy){o->padfX[v], o->padfY[v]};
    }
    if (type == SHPT_POINT || type == SHPT_MULTIPOINT) {
        r->parts = mm_grow(r->parts, &r->parts_cap, (size_t)nv + 1, sizeof *r->parts);
        for (uint32_t v = 0; v <= nv; v++) {
            r->parts[v] = v;
        }
        return mm_features_add(fs, MM_GEOM_POINT, nv, r->parts, NULL, nv, r->pts);
    }
    uint32_t np = o->nParts > 0 ? (uint32_t)o->nParts : 1;
    r->parts = mm_grow(r->parts, &r->parts_cap, (size_t)np + 1, sizeof *r->parts);
    for (uint32_t k = 0; k < np; k++) {
        uint32_t s = o->nParts > 0 ? (uint32_t)o->panPartStart[k] : 0;
        r->parts[k] = s > nv ? nv : s;
    }
    r->parts[np] = nv;
    return mm_features_add(fs, MM_GEOM_LINE, np, r->parts, NULL, nv, r->pts);
}

/* Converts a DBF string to UTF-8 (declared UTF-8, or valid UTF-8, else CP1252). */
static const char *decode_text(reader *r, const char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') {
        n--;
    }
    mm_buf_reset(&r->text);
    if (r->encoding == ENC_AUTO && mm_utf8_valid(s, n, NULL)) {
        mm_buf_append(&r->text, s, n);
    } else {
        mm_cp1252_to_utf8(s, n, &r->text);
    }
    return r->text.data ? r->text.data : "";
}

/* The code page of a .cpg file ("UTF-8", "1252", "ISO-8859-1"…). The LDID byte
 * of the DBF header ("LDID/87") is too often wrong to be trusted. */
static enc codepage_encoding(const char *cp)
{
    if (!cp || !cp[0] || !strncmp(cp, "LDID/", 5)) {
        return ENC_AUTO;
    }
    mm_buf b;
    mm_buf_init(&b);
    mm_text_fold(cp, strlen(cp), &b);
    bool utf8 = b.data && (!strcmp(b.data, "utf8") || strstr(b.data, "65001") != NULL);
    mm_buf_fini(&b);
    return utf8 ? ENC_AUTO : ENC_CP1252;
}

static mm_status read_attributes(reader *r, DBFHandle dbf, mm_features *fs, mm_error *err)
{
    int nfields = DBFGetFieldCount(dbf);
    int *cols = mm_array_alloc(nfields > 0 ? (size_t)nfields : 1, sizeof *cols);
    DBFFieldType *types = mm_array_alloc(nfields > 0 ? (size_t)nfields : 1, sizeof *types);
    for (int k = 0; k < nfields; k++) {
        char name[XBASE_FLDNAME_LEN_READ + 1] = {0};
        int width = 0, decimals = 0;
        types[k] = DBFGetFieldInfo(dbf, k, name, &width, &decimals);
        cols[k] = mm_features_add_field(fs, decode_text(r, name));
    }
    size_t n = mm_features_count(fs);
    mm_status st = MM_OK;
    for (size_t i = 0; i < n && st == MM_OK; i++) {
        for (int k = 0; k < nfields; k++) {
            if (DBFIsAttributeNULL(dbf, (int)i, k)) {
                continue;
            }
            switch (types[k]) {
            case FTInteger:
            case FTDouble: {
                double v = DBFReadDoubleAttribute(dbf, (int)i, k);
                if (isfinite(v)) {
                    mm_features_set(fs, i, cols[k], mm_value_number(v));
                }
                break;
            }
            case FTLogical: {
                const char *s = DBFReadLogicalAttribute(dbf, (int)i, k);
                if (s && strchr("TtYy", s[0])) {
                    mm_features_set(fs, i, cols[k], mm_value_bool(true));
                } else if (s && strchr("FfNn", s[0])) {
                    mm_features_set(fs, i, cols[k], mm_value_bool(false));
                }
                break;
            }
            case FTDate: {
                /* DBF dates are YYYYMMDD; expose them as ISO strings. */
                const char *s = DBFReadStringAttribute(dbf, (int)i, k);
                if (s && strlen(s) == 8) {
                    char iso[11];
                    snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
                    mm_features_set(fs, i, cols[k], mm_value_string(iso));
                }
                break;
            }
            default: {
                const char *s = DBFReadStringAttribute(dbf, (int)i, k);
                if (!s) {
                    st = fail(r, err, MM_E_DATA, r->dbf_path, (long)i + 1, "cannot read attribute");
                    break;
                }
                mm_features_set(fs, i, cols[k], mm_value_string(decode_text(r, s)));
                break;
            }
            }
        }
    }
    mm_free(cols);
    mm_free(types);
    return st;
}

static char *read_prj(reader *r)
{
    if (r->io.mem) {
        return r->io.mem->prj ? mm_strndup(r->io.mem->prj, r->io.mem->prj_len) : NULL;
    }
    char path[1040];
    snprintf(path, sizeof path, "%s.prj", r->base);
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    mm_buf b;
    mm_buf_init(&b);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < 1 << 20) {
        mm_buf_append(&b, chunk, got);
    }
    fclose(f);
    return mm_buf_steal(&b);
}

static mm_status read_all(reader *r, mm_features **out, mm_error *err)
{
    mm_status st = MM_OK;
    SHPHandle shp = NULL;
    DBFHandle dbf = NULL;
    mm_features *fs = NULL;
    char *prj = NULL;

    if (!r->io.mem) {
        /* shapelib cannot say why a file would not open; stat can. */
        char shx_path[1040];
        snprintf(shx_path, sizeof shx_path, "%s.shx", r->base);
        const char *need[] = {shx_path, r->dbf_path};
        for (size_t k = 0; k < 2; k++) {
            struct stat sb;
            if (stat(need[k], &sb) != 0) {
                st = MM_ERR(err, MM_E_IO, need[k], 0, 0, "cannot open: %s", strerror(errno));
                goto out;
            }
        }
    }
    st = check_headers(r, err);
    if (st != MM_OK) {
        goto out;
    }
    shp = SHPOpenLL(r->shp_path, "rb", &r->hooks);
    if (!shp) {
        st = fail(r, err, r->io.msg[0] ? MM_E_DATA : MM_E_IO, r->shp_path, 0,
                  r->io.msg[0] ? "not a valid shapefile" : "cannot open (or its .shx is missing)");
        goto out;
    }
    if (shp->nFileSize > r->shp_size) {
        st = MM_ERR(err, MM_E_DATA, r->shp_path, 0, 0,
                    "file is truncated: its header gives %u bytes but it has %zu", shp->nFileSize,
                    r->shp_size);
        goto out;
    }
    int file_type = base_type(shp->nShapeType);
    if (file_type < 0) {
        st = MM_ERR(err, MM_E_DATA, r->shp_path, 0, 0, "unsupported shape type %s (%d)",
                    type_name(shp->nShapeType), shp->nShapeType);
        goto out;
    }
    r->io.msg[0] = '\0';
    dbf = DBFOpenLL(r->dbf_path, "rb", &r->hooks);
    if (!dbf) {
        /* the file exists (checked above): it is damaged */
        bool missing = r->io.mem && !r->io.mem->dbf;
        st = fail(r, err, missing ? MM_E_IO : MM_E_DATA, r->dbf_path, 0,
                  missing ? "cannot open the attribute file (.dbf)"
                          : "not a valid attribute file (.dbf): truncated or not dBase");
        goto out;
    }
    r->encoding = codepage_encoding(DBFGetCodePage(dbf));
    if (DBFGetRecordCount(dbf) != shp->nRecords) {
        int n = DBFGetRecordCount(dbf);
        st = MM_ERR(err, MM_E_DATA, r->dbf_path, 0, 0, "has %d record%s but %s has %d", n,
                    n == 1 ? "" : "s", r->shp_path, shp->nRecords);
        goto out;
    }
    fs = mm_features_create();
    size_t total_vertices = 0;
    for (int i = 0; i < shp->nRecords; i++) {
        unsigned off = shp->panRecOffset[i], size = shp->panRecSize[i];
        if ((size_t)off + 8 + size > r->shp_size || off < 100) {
            st = MM_ERR_RECORD(err, MM_E_DATA, r->shp_path, (long)i + 1,
                               "the index (.shx) points past the end of the .shp "
                               "(offset %u, %u bytes; file has %zu): truncated or mismatched",
                               off, size + 8, r->shp_size);
            goto out;
        }
        uint32_t number = 0, words = 0;
        if (!record_header(r, off, &number, &words) || number != (uint32_t)i + 1 ||
            (size_t)words * 2 != size) {
            st = MM_ERR_RECORD(err, MM_E_DATA, r->shp_path, (long)i + 1,
                               "the index (.shx) disagrees with the .shp (record header "
                               "says number %u, %u bytes; index says %d, %u bytes)",
                               number, words * 2, i + 1, size);
            goto out;
        }
        r->io.msg[0] = '\0';
        SHPObject *o = SHPReadObject(shp, i);
        if (!o) {
            st = fail(r, err, MM_E_DATA, r->shp_path, (long)i + 1, "cannot read the shape");
            goto out;
        }
        int t = base_type(o->nSHPType);
        if (t != SHPT_NULL && t != file_type) {
            st = MM_ERR_RECORD(err, MM_E_DATA, r->shp_path, (long)i + 1,
                               "shape type %s in a %s file", type_name(o->nSHPType),
                               type_name(shp->nShapeType));
            SHPDestroyObject(o);
            goto out;
        }
        total_vertices += (size_t)o->nVertices;
        if (total_vertices > MAX_VERTICES) {
            st = MM_ERR_RECORD(err, MM_E_LIMIT, r->shp_path, (long)i + 1,
                               "more than %d vertices in the file (limit)", MAX_VERTICES);
            SHPDestroyObject(o);
            goto out;
        }
        add_shape(r, fs, o, t);
        SHPDestroyObject(o);
    }
    st = read_attributes(r, dbf, fs, err);
    if (st != MM_OK) {
        goto out;
    }
    prj = read_prj(r);
    if (prj && prj[0]) {
        mm_features_set_crs(fs, prj);
    }
    *out = fs;
    fs = NULL;
out:
    mm_free(prj);
    mm_features_destroy(fs);
    if (dbf) {
        DBFClose(dbf);
    }
    if (shp) {
        SHPClose(shp);
    }
    return st;
}

static void reader_init(reader *r, const char *path, const mm_shapefile_mem *mem)
{
    memset(r, 0, sizeof *r);
    r->name = path;
    size_t n = strlen(path);
    const char *ext = file_ext(path);
    if (!mm_text_casecmp(ext, "shp") || !mm_text_casecmp(ext, "shx") ||
        !mm_text_casecmp(ext, "dbf")) {
        n -= strlen(ext) + 1;
    }
    snprintf(r->base, sizeof r->base, "%.*s", (int)n, path);
    snprintf(r->shp_path, sizeof r->shp_path, "%s.shp", r->base);
    snprintf(r->dbf_path, sizeof r->dbf_path, "%s.dbf", r->base);
    r->io.mem = mem;
    setup_hooks(&r->hooks);
    mm_buf_init(&r->text);
    mm_buf_init(&r->raw);
}

static void reader_fini(reader *r)
{
    mm_buf_fini(&r->text);
    mm_buf_fini(&r->raw);
    mm_free(r->pts);
    mm_free(r->parts);
    mm_free(r->hole);
    if (r->hdr_fp) {
        fclose(r->hdr_fp);
    }
}

static mm_status run(reader *r, mm_features **out, mm_error *err)
{
    io_state *saved = tls_io;
    tls_io = &r->io;
    mm_status st = read_all(r, out, err);
    tls_io = saved;
    return st;
}

mm_status mm_shapefile_read(const char *path, mm_features **out, mm_error *err)
{
    reader *r = mm_malloc(sizeof *r);
    reader_init(r, path, NULL);
    struct stat sb;
    mm_status st;
    if (stat(r->shp_path, &sb) != 0) {
        st = MM_ERR(err, MM_E_IO, r->shp_path, 0, 0, "cannot open: %s", strerror(errno));
    } else if (!S_ISREG(sb.st_mode)) {
        st = MM_ERR(err, MM_E_IO, r->shp_path, 0, 0, "not a regular file");
    } else {
        r->shp_size = (size_t)sb.st_size;
        st = run(r, out, err);
    }
    reader_fini(r);
    mm_free(r);
    return st;
}

mm_status mm_shapefile_read_mem(const char *name, const mm_shapefile_mem *files, mm_features **out,
                                mm_error *err)
{
    reader *r = mm_malloc(sizeof *r);
    reader_init(r, name, files);
    r->shp_size = files->shp_len;
    mm_status st = run(r, out, err);
    reader_fini(r);
    mm_free(r);
    return st;
}
