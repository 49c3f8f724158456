/*
 * test_output.c — atomic output files: a new file replaces the old one only
 * when complete, a failed write leaves the old one, temporary names are
 * unpredictable (watched with inotify) and created exclusively, so symbolic
 * links planted at predictable or previously seen names are never followed;
 * a target that is a link is replaced, not written through.
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "malimap/output.h"

enum { WRITES = 40, MAX_NAMES = 2 * WRITES };

static char *dir_path(const char *dir, const char *name)
{
    static char buf[2048];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

static const char *make_dir(const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s", mm_test_path(name));
    mkdir(buf, 0755);
    return buf;
}

static int write_text(const char *path, const char *text)
{
    mm_error err;
    mm_error_clear(&err);
    return mm_output_write(path, text, strlen(text), &err);
}

static int file_is(const char *path, const char *text)
{
    size_t len = 0;
    char *data = mm_test_read_file(path, &len);
    int same = data && len == strlen(text) && memcmp(data, text, len) == 0;
    free(data);
    return same;
}

static void test_replaces_only_complete(void)
{
    const char *dir = make_dir("replace");
    char out[2048];
    snprintf(out, sizeof out, "%s/map.png", dir);
    CHECK_INT(write_text(out, "old"), MM_OK);
    CHECK_INT(write_text(out, "new and longer"), MM_OK);
    CHECK(file_is(out, "new and longer"));
    struct stat st;
    CHECK(lstat(out, &st) == 0 && S_ISREG(st.st_mode));
    mode_t mask = umask(0);
    umask(mask);
    CHECK_INT(st.st_mode & 0777, 0666 & ~mask);

    /* a target that is a directory, or in a missing directory: refused, nothing left */
    mm_error err;
    mm_error_clear(&err);
    CHECK_INT(mm_output_write(dir, "x", 1, &err), MM_E_USAGE);
    mm_error_clear(&err);
    CHECK_INT(mm_output_write(dir_path(dir, "none/map.png"), "x", 1, &err), MM_E_IO);
    CHECK_STR(err.msg, "cannot create a file in its directory: No such file or directory");
    CHECK(file_is(out, "new and longer"));
}

/* Predictable names a careless writer would use, planted as symbolic links to a victim. */
static void test_planted_predictable_names(void)
{
    const char *dir = make_dir("planted");
    char victim[2048], out[2048];
    snprintf(victim, sizeof victim, "%s/victim", dir);
    snprintf(out, sizeof out, "%s/map.png", dir);
    CHECK(mm_test_write_file(victim, "precious", 8) == 0);
    char pid[64];
    snprintf(pid, sizeof pid, ".map.png.%ld", (long)getpid());
    const char *names[] = {".map.png.tmp",
                           "map.png.tmp",
                           ".map.png.XXXXXX",
                           ".map.png.000000",
                           "map.png~",
                           ".map.png.swp",
                           pid};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        CHECK(symlink(victim, dir_path(dir, names[i])) == 0);
    }
    for (int i = 0; i < WRITES; i++) {
        CHECK_INT(write_text(out, "the map"), MM_OK);
    }
    CHECK(file_is(out, "the map"));
    CHECK(file_is(victim, "precious"));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct stat st;
        CHECK(lstat(dir_path(dir, names[i]), &st) == 0 && S_ISLNK(st.st_mode));
    }
}

/* A target that is a symbolic link is replaced by the new file, not written through. */
static void test_target_link_replaced(void)
{
    const char *dir = make_dir("link");
    char victim[2048], out[2048];
    snprintf(victim, sizeof victim, "%s/victim", dir);
    snprintf(out, sizeof out, "%s/map.png", dir);
    CHECK(mm_test_write_file(victim, "precious", 8) == 0);
    CHECK(symlink(victim, out) == 0);
    CHECK_INT(write_text(out, "the map"), MM_OK);
    struct stat st;
    CHECK(lstat(out, &st) == 0 && S_ISREG(st.st_mode));
    CHECK(file_is(out, "the map"));
    CHECK(file_is(victim, "precious"));
}

/* Reads the names of files created in the watched directory. */
static size_t created_names(int fd, char names[][64], size_t n, size_t max)
{
    char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0) {
        for (char *p = buf; p < buf + got;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            if ((ev->mask & IN_CREATE) && ev->len && n < max) {
                snprintf(names[n++], 64, "%s", ev->name);
            }
            p += sizeof *ev + ev->len;
        }
    }
    return n;
}

/*
 * The temporary names seen while writing are all different and random (six
 * letters or digits); symbolic links planted at every one of them are not
 * followed by later writes.
 */
static void test_temp_names_unpredictable(void)
{
    const char *dir = make_dir("watched");
    char out[2048], victim[2048];
    snprintf(out, sizeof out, "%s/map.png", dir);
    snprintf(victim, sizeof victim, "%s/victim", mm_test_tmpdir());
    CHECK(mm_test_write_file(victim, "precious", 8) == 0);
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    CHECK(fd >= 0);
    if (fd < 0) {
        return;
    }
    CHECK(inotify_add_watch(fd, dir, IN_CREATE) >= 0);
    static char names[MAX_NAMES][64];
    size_t n = 0;
    for (int i = 0; i < WRITES; i++) {
        CHECK_INT(write_text(out, "first"), MM_OK);
        n = created_names(fd, names, n, MAX_NAMES);
    }
    CHECK_INT(n, WRITES);
    regex_t re;
    CHECK(regcomp(&re, "^\\.map\\.png\\.[A-Za-z0-9]{6}$", REG_EXTENDED | REG_NOSUB) == 0);
    for (size_t i = 0; i < n; i++) {
        CHECK(regexec(&re, names[i], 0, NULL, 0) == 0);
        for (size_t k = 0; k < i; k++) {
            CHECK(strcmp(names[i], names[k]) != 0);
        }
        /* plant a link where this name was, as an attacker who watched would */
        CHECK(symlink(victim, dir_path(dir, names[i])) == 0);
    }
    size_t seen = n;
    static char planted[WRITES][64];
    created_names(fd, planted, 0, WRITES); /* the links' own events */
    for (int i = 0; i < WRITES; i++) {
        CHECK_INT(write_text(out, "second"), MM_OK);
        n = created_names(fd, names, n, MAX_NAMES);
    }
    CHECK_INT(n, seen + WRITES);
    for (size_t i = seen; i < n; i++) {
        CHECK(regexec(&re, names[i], 0, NULL, 0) == 0);
        for (size_t k = 0; k < i; k++) {
            CHECK(strcmp(names[i], names[k]) != 0);
        }
    }
    regfree(&re);
    close(fd);
    CHECK(file_is(out, "second"));
    CHECK(file_is(victim, "precious"));
    for (size_t i = 0; i < seen; i++) {
        struct stat st;
        CHECK(lstat(dir_path(dir, names[i]), &st) == 0 && S_ISLNK(st.st_mode));
    }
}

/* With nothing being written, removing the pending names touches nothing. */
static void test_unlink_pending_idle(void)
{
    const char *dir = make_dir("idle");
    char out[2048];
    snprintf(out, sizeof out, "%s/map.png", dir);
    CHECK_INT(write_text(out, "kept"), MM_OK);
    mm_output_unlink_pending();
    CHECK(file_is(out, "kept"));
}

MM_TESTS("output", {"replaces-only-complete", test_replaces_only_complete},
         {"planted-predictable-names", test_planted_predictable_names},
         {"target-link-replaced", test_target_link_replaced},
         {"temp-names-unpredictable", test_temp_names_unpredictable},
         {"unlink-pending-idle", test_unlink_pending_idle})
