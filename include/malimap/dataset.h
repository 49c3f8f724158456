/*
 * dataset.h — the dataset of a map or a command: actors, places, control
 * timeline and events, loaded in dependency order, with the timeline that
 * answers "who holds what on date D". Part of time/.
 */
#ifndef MALIMAP_DATASET_H
#define MALIMAP_DATASET_H

#include "malimap/actors.h"
#include "malimap/control.h"
#include "malimap/error.h"
#include "malimap/events.h"
#include "malimap/places.h"
#include "malimap/timeline.h"

/* The files; a NULL path leaves that table out (events and actors are optional). */
typedef struct mm_dataset_paths {
    const char *actors;
    const char *places;
    const char *control;
    const char *events;
} mm_dataset_paths;

typedef struct mm_dataset {
    mm_actors *actors;
    mm_places *places;
    mm_control *control;
    mm_events *events;
    mm_timeline *timeline; /* NULL unless places and control loaded */
} mm_dataset;

/*
 * Loads actors, places, control and events in that order. With diag == NULL
 * stops at the first problem and returns it. With a sink every problem is
 * reported to it, a file that cannot be read at all included, and loading
 * goes on: control is skipped when places could not be read, and is checked
 * without actors when those could not be read. Free with mm_dataset_fini()
 * in both cases.
 */
mm_status mm_dataset_load(const mm_dataset_paths *paths, mm_diag *diag, mm_dataset *out,
                          mm_error *err);
void mm_dataset_fini(mm_dataset *d);

#endif
