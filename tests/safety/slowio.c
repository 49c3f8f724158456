/*
 * slowio.c — an LD_PRELOAD shim for tests/safety/kill-render.sh: fsync()
 * first sleeps SLOWIO_FSYNC_MS milliseconds, which holds malimap inside the
 * window where its temporary output file exists (written, not yet renamed),
 * so the test can interrupt a render exactly there.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int fsync(int fd)
{
    static int (*real)(int);
    if (!real) {
        *(void **)&real = dlsym(RTLD_NEXT, "fsync");
    }
    const char *ms = getenv("SLOWIO_FSYNC_MS");
    long v = ms ? strtol(ms, NULL, 10) : 0;
    if (v > 0) {
        struct timespec t = {v / 1000, (v % 1000) * 1000000L};
        nanosleep(&t, NULL);
    }
    return real ? real(fd) : 0;
}
