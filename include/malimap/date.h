/*
 * date.h — calendar dates and durations. Part of core/: libc only.
 * A date is a day number (days since 1970-01-01, proleptic Gregorian), so
 * comparisons and differences are integer operations. Years 1000..9999 only.
 */
#ifndef MALIMAP_DATE_H
#define MALIMAP_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mm_date {
    int32_t day; /* days since 1970-01-01 */
} mm_date;

/* The "no date" value: compares below every valid date. */
#define MM_DATE_NONE ((mm_date){INT32_MIN})

typedef enum mm_duration_unit {
    MM_DUR_DAY,
    MM_DUR_WEEK,
    MM_DUR_MONTH,
    MM_DUR_YEAR
} mm_duration_unit;

typedef struct mm_duration {
    int32_t count;
    mm_duration_unit unit;
} mm_duration;

bool mm_date_is_none(mm_date d);
/* From a valid y-m-d; false (and *out untouched) when the day does not exist. */
bool mm_date_from_ymd(int y, int m, int d, mm_date *out);
/* Splits d; MM_DATE_NONE or any day outside years 1000..9999 gives 0, 0, 0. */
void mm_date_to_ymd(mm_date d, int *y, int *m, int *day);

/*
 * Parses "2023-11-14" (ISO 8601 calendar date, exactly that form) or ACLED's
 * "14 November 2023" / "14-November-2023" (month names in English, any case,
 * 3-letter abbreviations accepted). Leading/trailing spaces are ignored.
 * The day may have one or two digits, the year must have four, the two
 * separators must be the same, "Sept" is accepted. Returns false for anything
 * else, including impossible days (2023-02-30) and "2023-1-5". If why is not
 * NULL it receives a short static reason ("day does not exist in that month",
 * "expected YYYY-MM-DD", "unknown month name") that does not repeat the input,
 * so the caller quotes the text; on success *why is set to NULL.
 */
bool mm_date_parse(const char *s, size_t len, mm_date *out, const char **why);

/* Writes "YYYY-MM-DD" into buf (at least 11 bytes); "none" for MM_DATE_NONE. */
void mm_date_format(mm_date d, char buf[static 11]);
/* Writes "14 November 2023" (buf >= 24 bytes, truncated to n - 1); "none" for MM_DATE_NONE. */
void mm_date_format_long(mm_date d, char *buf, size_t n);
/* Day of week, 0 = Monday. */
int mm_date_weekday(mm_date d);

/*
 * Parses "3d", "2w", "1m", "1y" (positive count, one unit letter d|w|m|y,
 * also "day(s)", "week(s)", "month(s)", "year(s)", any case, with optional
 * spaces: "3 days", " 1 Week "). The count is 1..10000000. Returns false
 * otherwise, leaving *out untouched.
 */
bool mm_duration_parse(const char *s, mm_duration *out);

/*
 * d + n units. Months and years clamp the day to the end of the target month
 * (2024-01-31 + 1m = 2024-02-29); n may be negative to go back. Returns false
 * if d or the result is outside years 1000..9999.
 */
bool mm_date_add(mm_date d, mm_duration dur, int32_t n, mm_date *out);

/* Today's date in UTC; MM_DATE_NONE if the clock cannot be read. */
mm_date mm_date_today(void);

#endif
