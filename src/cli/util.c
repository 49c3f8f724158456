/*
 * util.c — option value parsers, the data folder, error printing.
 * Part of cli/.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

void cli_print_error(const mm_error *e)
{
    char line[4096];
    mm_error_format(e, line, sizeof line);
    fprintf(stderr, "malimap: %s\n", line);
    size_t len = strlen(e->quote);
    if (e->quote[0] && e->col > 0 && (size_t)e->col <= len + 1) {
        /* the column counts bytes; the caret goes under the character */
        int width = 0;
        for (size_t i = 0; i + 1 < (size_t)e->col; i++) {
            width += ((unsigned char)e->quote[i] & 0xC0) != 0x80;
        }
        fprintf(stderr, "  %s\n  %*s^\n", e->quote, width, "");
    }
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("malimap: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *cli_data_dir(void)
{
    static char dir[PATH_MAX + 64];
    const char *env = getenv("MALIMAP_DATA");
    if (env && *env) {
        return env;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* exe dir is <tree>/build or <tree>/build/san: look upwards for styles/ */
            const char *ups[] = {"..", "../..", "../share/malimap"};
            for (size_t i = 0; i < sizeof ups / sizeof ups[0]; i++) {
                char probe[PATH_MAX + 64];
                snprintf(probe, sizeof probe, "%s/%s/shapes/mali_adm0.shp", exe, ups[i]);
                if (is_file(probe)) {
                    snprintf(dir, sizeof dir, "%s/%s", exe, ups[i]);
                    return dir;
                }
            }
        }
    }
    return MM_DATADIR;
}

bool cli_parse_double(const char *s, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v) || v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

static bool parse_int(const char *s, const char **rest, long *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9') {
        return false;
    }
    long v = strtol(s, &end, 10);
    if (end == s || errno == ERANGE) {
        return false;
    }
    *out = v;
    *rest = end;
    return true;
}

bool cli_parse_size(const char *s, int *w, int *h)
{
    long a, b;
    const char *rest;
    if (!parse_int(s, &rest, &a) || (*rest != 'x' && *rest != 'X')) {
        return false;
    }
    if (!parse_int(rest + 1, &rest, &b) || *rest != '\0') {
        return false;
    }
    if (a > INT_MAX || b > INT_MAX) {
        return false;
    }
    *w = (int)a;
    *h = (int)b;
    return true;
}

bool cli_parse_bbox(const char *s, mm_bbox *out)
{
    double v[4];
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        char *end;
        errno = 0;
        v[i] = strtod(p, &end);
        if (end == p || errno == ERANGE || !isfinite(v[i])) {
            return false;
        }
        if (i < 3) {
            if (*end != ',') {
                return false;
            }
            p = end + 1;
        } else if (*end != '\0') {
            return false;
        }
    }
    *out = (mm_bbox){v[0], v[1], v[2], v[3]};
    return true;
}
