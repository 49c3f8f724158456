/*
 * signals.c — what an interrupted command leaves behind: nothing. On SIGINT,
 * SIGTERM or SIGHUP the handler removes the temporary files being written
 * (so no partial output remains and the previous file, if any, is untouched)
 * and exits with 128 + the signal number. Part of cli/. The handler calls
 * only async-signal-safe functions: unlink() (in mm_output_unlink_pending)
 * and _exit(). Commands that stop more gently (frames finish the frame in
 * hand) install their own handler for a while and put this one back.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "malimap/output.h"

static void on_signal(int sig)
{
    mm_output_unlink_pending();
    _exit(128 + sig);
}

void cli_signals_install(void)
{
    static const int SIGNALS[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++) {
        sigaddset(&sa.sa_mask, SIGNALS[i]); /* one handler at a time */
    }
    for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++) {
        struct sigaction old;
        /* a signal ignored when we start (nohup, a background job) stays ignored */
        if (sigaction(SIGNALS[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) {
            continue;
        }
        sigaction(SIGNALS[i], &sa, NULL);
    }
}
