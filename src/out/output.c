/*
 * output.c — atomic output files: temporary file, fsync, rename. Part of
 * out/: libc only. Temporary names being written are kept in a fixed table so
 * a signal handler can remove them without allocating.
 */
#include "malimap/output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PENDING_SLOTS = 64, PENDING_PATH = 4096 };

static char pending_path[PENDING_SLOTS][PENDING_PATH];
static atomic_int pending_used[PENDING_SLOTS];

static int pending_add(const char *path)
{
    for (int i = 0; i < PENDING_SLOTS; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&pending_used[i], &expected, 1)) {
            snprintf(pending_path[i], PENDING_PATH, "%s", path);
            atomic_store(&pending_used[i], 2);
            return i;
        }
    }
    return -1;
}

static void pending_remove(int slot)
{
    if (slot >= 0) {
        atomic_store(&pending_used[slot], 0);
    }
}

void mm_output_unlink_pending(void)
{
    for (int i = 0; i < PENDING_SLOTS; i++) {
        if (atomic_load(&pending_used[i]) == 2) {
            unlink(pending_path[i]);
        }
    }
}

static mm_status write_all(int fd, const void *data, size_t len, const char *path, mm_error *err)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return MM_ERR(err, MM_E_IO, path, 0, 0, "cannot write: %s", strerror(errno));
        }
        p += w;
        len -= (size_t)w;
    }
    return MM_OK;
}

/* Flushes the directory holding path (its first dirlen bytes) so the rename
 * itself survives a crash; best effort, as not every file system allows it. */
static void sync_dir(const char *path, int dirlen)
{
    char dir[PENDING_PATH];
    snprintf(dir, sizeof dir, "%.*s", dirlen ? dirlen : 1, dirlen ? path : ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

mm_status mm_output_write(const char *path, const void *data, size_t len, mm_error *err)
{
    if (!strcmp(path, "-")) {
        mm_status st = write_all(STDOUT_FILENO, data, len, "<stdout>", err);
        return st;
    }
    /* Temporary name in the same directory so rename() is atomic. */
    char tmp[PENDING_PATH];
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    if (!*base) {
        return MM_ERR(err, MM_E_USAGE, path, 0, 0, "output path names a directory");
    }
    int n = snprintf(tmp, sizeof tmp, "%.*s.%s.XXXXXX", dirlen, path, base);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        return MM_ERR(err, MM_E_USAGE, path, 0, 0, "output path is too long");
    }
    struct stat st_target;
    if (stat(path, &st_target) == 0 && S_ISDIR(st_target.st_mode)) {
        return MM_ERR(err, MM_E_USAGE, path, 0, 0, "output path is a directory");
    }
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    /* With SIGINT and SIGTERM blocked in this thread between creating the file
     * and registering its name, the CLI's handler (which removes registered
     * names) cannot run here in between. The name is registered only once the
     * file is ours: a handler must never remove a file another process made. */
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(tmp); /* O_CREAT|O_EXCL: never follows a planted name */
    int slot = fd >= 0 ? pending_add(tmp) : -1;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        return MM_ERR(err, MM_E_IO, path, 0, 0, "cannot create a file in its directory: %s",
                      strerror(errno));
    }
    mm_status st = write_all(fd, data, len, path, err);
    if (st == MM_OK && fsync(fd) != 0 && errno != EINVAL) {
        st = MM_ERR(err, MM_E_IO, path, 0, 0, "cannot sync: %s", strerror(errno));
    }
    /* mkstemp creates 0600; outputs are ordinary files (respecting umask). */
    if (st == MM_OK) {
        mode_t mask = umask(0);
        umask(mask);
        if (fchmod(fd, 0666 & ~mask) != 0) {
            st = MM_ERR(err, MM_E_IO, path, 0, 0, "cannot set permissions: %s", strerror(errno));
        }
    }
    if (close(fd) != 0 && st == MM_OK) {
        st = MM_ERR(err, MM_E_IO, path, 0, 0, "cannot write: %s", strerror(errno));
    }
    if (st == MM_OK && rename(tmp, path) != 0) {
        st = MM_ERR(err, MM_E_IO, path, 0, 0, "cannot rename into place: %s", strerror(errno));
    }
    if (st == MM_OK) {
        sync_dir(path, dirlen);
    }
    if (st != MM_OK) {
        unlink(tmp);
    }
    pthread_sigmask(SIG_BLOCK, &block, &old);
    pending_remove(slot);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return st;
}
