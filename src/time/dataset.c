/*
 * dataset.c — loading the dataset tables in dependency order and building
 * the timeline over them. Part of time/.
 */
#include "malimap/dataset.h"

#include <string.h>

/* A file that failed as a whole: stop (no sink), or report it and go on. */
static mm_status failed(mm_status st, mm_diag *diag, mm_error *one, mm_error *err)
{
    if (st == MM_OK) {
        return MM_OK;
    }
    mm_status r = mm_diag_report(diag, one, err);
    mm_error_clear(one);
    return r;
}

mm_status mm_dataset_load(const mm_dataset_paths *paths, mm_diag *diag, mm_dataset *out,
                          mm_error *err)
{
    memset(out, 0, sizeof *out);
    mm_error one;
    mm_error_clear(&one);
    mm_status st = MM_OK;
    if (paths->actors) {
        st = mm_actors_load(paths->actors, diag, &out->actors, &one);
        if (failed(st, diag, &one, err) != MM_OK) {
            return st;
        }
    }
    if (paths->places) {
        st = mm_places_load(paths->places, diag, &out->places, &one);
        if (failed(st, diag, &one, err) != MM_OK) {
            return st;
        }
    }
    if (paths->control && out->places) {
        st = mm_control_load(paths->control, out->places, out->actors, diag, &out->control, &one);
        if (failed(st, diag, &one, err) != MM_OK) {
            return st;
        }
    }
    if (paths->events) {
        st = mm_events_load(paths->events, out->places, NULL, diag, &out->events, &one);
        if (failed(st, diag, &one, err) != MM_OK) {
            return st;
        }
    }
    if (out->places && out->control) {
        out->timeline = mm_timeline_create(out->places, out->control, out->events, out->actors);
    }
    return MM_OK;
}

void mm_dataset_fini(mm_dataset *d)
{
    mm_timeline_destroy(d->timeline);
    mm_events_destroy(d->events);
    mm_control_destroy(d->control);
    mm_places_destroy(d->places);
    mm_actors_destroy(d->actors);
    memset(d, 0, sizeof *d);
}
