/*
 * harness.c — runs a suite's tests and prints one line per test.
 */
#include "harness.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures_in_test;
static char first_failure[2048];
static char tmpdir[512];

void mm_test_fail(const char *file, int line, const char *fmt, ...)
{
    if (failures_in_test++ == 0) {
        int n = snprintf(first_failure, sizeof first_failure, "%s:%d: ", file, line);
        va_list ap;
        va_start(ap, fmt);
        if (n > 0 && (size_t)n < sizeof first_failure) {
            vsnprintf(first_failure + n, sizeof first_failure - (size_t)n, fmt, ap);
        }
        va_end(ap);
    } else {
        /* Further failures of the same test go to stderr for debugging. */
        fprintf(stderr, "  also %s:%d\n", file, line);
    }
}

const char *mm_test_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/mmtest.XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    return tmpdir;
}

const char *mm_test_path(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", mm_test_tmpdir(), name);
    return path;
}

int mm_test_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        return -1;
    }
    size_t w = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && w == len) ? 0 : -1;
}

char *mm_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    buf = realloc(buf, n + 1);
    buf[n] = '\0';
    if (len) {
        *len = n;
    }
    return buf;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
            continue;
        }
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            remove_tree(p);
        } else {
            unlink(p);
        }
    }
    closedir(d);
    rmdir(dir);
}

int mm_test_main(int argc, char **argv, const char *suite, const mm_test *tests, size_t n)
{
    int passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (argc > 1) {
            int wanted = 0;
            for (int a = 1; a < argc; a++) {
                wanted |= strcmp(argv[a], tests[i].name) == 0;
            }
            if (!wanted) {
                continue;
            }
        }
        failures_in_test = 0;
        first_failure[0] = '\0';
        tests[i].fn();
        if (failures_in_test) {
            printf("FAIL %s/%s: %s\n", suite, tests[i].name, first_failure);
            failed++;
        } else {
            printf("PASS %s/%s\n", suite, tests[i].name);
            passed++;
        }
        fflush(stdout);
    }
    if (tmpdir[0] && failed == 0) {
        remove_tree(tmpdir);
    }
    return failed ? 1 : 0;
}
