/*
 * control.h — the control timeline file (control.csv): rows saying who held a
 * place from a date on, with a status, a confidence and a source. Part of
 * data/: places are resolved against a places table and controllers checked
 * against an actors table; time/ builds the as-of-date index from the rows.
 */
#ifndef MALIMAP_CONTROL_H
#define MALIMAP_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

#include "malimap/actors.h"
#include "malimap/csv.h"
#include "malimap/date.h"
#include "malimap/error.h"
#include "malimap/places.h"

typedef enum mm_control_status {
    MM_CONTROL_HELD = 0, /* the default when the file leaves it empty */
    MM_CONTROL_CONTESTED,
    MM_CONTROL_BESIEGED,
    MM_CONTROL_UNKNOWN /* from this date no holder is known (controller empty) */
} mm_control_status;

typedef enum mm_confidence {
    MM_CONFIDENCE_NONE = 0, /* not given */
    MM_CONFIDENCE_HIGH,
    MM_CONFIDENCE_MEDIUM,
    MM_CONFIDENCE_LOW
} mm_confidence;

/* One row; strings owned by the table ("" when empty). */
typedef struct mm_control_row {
    mm_date date;
    size_t place;           /* index in the places table */
    const char *controller; /* actor code; equal codes share one pointer */
    mm_control_status status;
    mm_confidence confidence;
    const char *source;
    const char *note;
    long line;
} mm_control_row;

typedef struct mm_control mm_control;

/*
 * Reads control rows from an open CSV reader by column names: date, place,
 * controller and source are required; status, confidence and note optional.
 * Each row is checked: the date valid (ISO or "14 November 2023"), the place
 * known to places ("unknown place 'X' (did you mean 'Y'?)"), the controller
 * not empty and, when actors is not NULL, an actor code ("unknown controller
 * 'GATIA': not an actor code (did you mean 'PLATFORM'?)" when it is an
 * alias), status empty (= held) or held|contested|besieged, confidence empty
 * or high|medium|low (both case-insensitive), and a source cited. Problems go
 * through diag as for mm_places_read(); with a sink bad rows are left out.
 * places (and actors) are borrowed and must outlive the table. Caller
 * destroys *out with mm_control_destroy().
 */
mm_status mm_control_read(mm_csv *csv, const mm_places *places, const mm_actors *actors,
                          mm_diag *diag, mm_control **out, mm_error *err);
/* Opens path and reads it with mm_control_read(). */
mm_status mm_control_load(const char *path, const mm_places *places, const mm_actors *actors,
                          mm_diag *diag, mm_control **out, mm_error *err);
/* Accepts NULL. */
void mm_control_destroy(mm_control *c);

/* Rows in file order. */
size_t mm_control_count(const mm_control *c);
const mm_control_row *mm_control_get(const mm_control *c, size_t i);
/* The places table the rows refer to. */
const mm_places *mm_control_places(const mm_control *c);
/* The latest row date, MM_DATE_NONE without rows. */
mm_date mm_control_latest(const mm_control *c);

/* "held", "contested", "besieged". */
const char *mm_control_status_name(mm_control_status s);
/* "high", "medium", "low"; "" for MM_CONFIDENCE_NONE. */
const char *mm_confidence_name(mm_confidence c);

#endif
