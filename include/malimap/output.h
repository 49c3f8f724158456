/*
 * output.h — writing output files safely: into a new temporary file in the
 * target directory (created exclusively, so a planted name is never
 * followed), flushed to disk, then renamed over the target. A failed or
 * interrupted write never leaves a partial file and never replaces a good
 * one. "-" means standard output. Part of out/: libc only.
 */
#ifndef MALIMAP_OUTPUT_H
#define MALIMAP_OUTPUT_H

#include <stddef.h>

#include "malimap/error.h"

/* Writes data to path atomically. */
mm_status mm_output_write(const char *path, const void *data, size_t len, mm_error *err);

/*
 * Removes every temporary file being written right now. Async-signal-safe:
 * the CLI calls it from its SIGINT/SIGTERM handler before exiting.
 */
void mm_output_unlink_pending(void);

#endif
