/*
 * date.c — calendar dates as day numbers, ISO and ACLED date parsing, durations.
 * Part of core/: libc only. Day numbers use Howard Hinnant's civil-from-days
 * algorithms (proleptic Gregorian), so no table of years and no time zone is
 * involved; only mm_date_today() looks at the clock.
 */
#include "malimap/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { MIN_YEAR = 1000, MAX_YEAR = 9999 };

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && is_leap(y)) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a valid y-m-d (Hinnant's days_from_civil). */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

/* Inverse of days_from_civil. */
static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    int32_t zz = z + 719468;
    int32_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
    int doe = (int)(zz - era * 146097);
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400) + (*m <= 2);
}

static bool in_range(mm_date d)
{
    return d.day >= days_from_civil(MIN_YEAR, 1, 1) && d.day <= days_from_civil(MAX_YEAR, 12, 31);
}

bool mm_date_is_none(mm_date d)
{
    return d.day == INT32_MIN;
}

bool mm_date_from_ymd(int y, int m, int d, mm_date *out)
{
    if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
        return false;
    }
    out->day = days_from_civil(y, m, d);
    return true;
}

void mm_date_to_ymd(mm_date d, int *y, int *m, int *day)
{
    if (!in_range(d)) {
        *y = *m = *day = 0;
        return;
    }
    civil_from_days(d.day, y, m, day);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* true if s[0..len) equals the NUL-terminated lowercase word, ignoring ASCII case. */
static bool word_eq(const char *s, size_t len, const char *word)
{
    size_t i = 0;
    for (; i < len && word[i]; i++) {
        if (lower(s[i]) != word[i]) {
            return false;
        }
    }
    return i == len && word[i] == '\0';
}

/* Drops leading and trailing spaces and tabs from s[0..*len). */
static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) {
        (*len)--;
    }
}

/* Value of n decimal digits at s (n <= 4, all digits). */
static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Month 1..12 of an English month name or its 3-letter abbreviation ("Sept" too); 0 if none. */
static int month_from_name(const char *s, size_t len)
{
    for (int i = 0; i < 12; i++) {
        const char *name = month_names[i];
        size_t n = strlen(name);
        if (len != n && len != 3 && !(i == 8 && len == 4)) {
            continue;
        }
        size_t j = 0;
        while (j < len && lower(s[j]) == lower(name[j])) {
            j++;
        }
        if (j == len) {
            return i + 1;
        }
    }
    return 0;
}

/* Checks y-m-d and stores the date, or gives the reason it does not exist. */
static bool make_date(int y, int m, int d, mm_date *out, const char **why)
{
    if (y < MIN_YEAR || y > MAX_YEAR) {
        *why = "year must be 1000 to 9999";
    } else if (m < 1 || m > 12) {
        *why = "month must be 01 to 12";
    } else if (!mm_date_from_ymd(y, m, d, out)) {
        *why = "day does not exist in that month";
    } else {
        return true;
    }
    return false;
}

/* "YYYY-MM-DD"; s[4] is known to be '-'. */
static bool parse_iso(const char *s, size_t len, mm_date *out, const char **why)
{
    if (len < 10 || !is_digit(s[5]) || !is_digit(s[6]) || s[7] != '-' || !is_digit(s[8]) ||
        !is_digit(s[9])) {
        *why = "expected YYYY-MM-DD";
        return false;
    }
    if (len > 10) {
        *why = "unexpected characters after the date";
        return false;
    }
    return make_date(digits_value(s, 4), digits_value(s + 5, 2), digits_value(s + 8, 2), out, why);
}

/* "14 November 2023" or "14-Nov-2023": ndig (1 or 2) day digits then a separator. */
static bool parse_acled(const char *s, size_t len, size_t ndig, mm_date *out, const char **why)
{
    char sep = s[ndig];
    size_t i = ndig + 1;
    size_t name_at = i;
    while (i < len && is_alpha(s[i])) {
        i++;
    }
    size_t name_len = i - name_at;
    if (name_len == 0 || i >= len || s[i] != sep) {
        *why = "expected DD Month YYYY";
        return false;
    }
    int month = month_from_name(s + name_at, name_len);
    if (month == 0) {
        *why = "unknown month name";
        return false;
    }
    size_t year_at = ++i;
    while (i < len && is_digit(s[i])) {
        i++;
    }
    if (i - year_at != 4) {
        *why = "expected a 4-digit year";
        return false;
    }
    if (i < len) {
        *why = "unexpected characters after the date";
        return false;
    }
    return make_date(digits_value(s + year_at, 4), month, digits_value(s, ndig), out, why);
}

bool mm_date_parse(const char *s, size_t len, mm_date *out, const char **why)
{
    const char *reason = NULL;
    trim(&s, &len);
    size_t ndig = 0;
    while (ndig < len && is_digit(s[ndig])) {
        ndig++;
    }
    bool ok = false;
    if (len == 0) {
        reason = "empty date";
    } else if (ndig == 4 && len > 4 && s[4] == '-') {
        ok = parse_iso(s, len, out, &reason);
    } else if ((ndig == 1 || ndig == 2) && ndig < len && (s[ndig] == ' ' || s[ndig] == '-')) {
        ok = parse_acled(s, len, ndig, out, &reason);
    } else {
        reason = "expected YYYY-MM-DD or DD Month YYYY";
    }
    if (why) {
        *why = ok ? NULL : reason;
    }
    return ok;
}

void mm_date_format(mm_date d, char buf[static 11])
{
    int y, m, day;
    if (!in_range(d)) {
        memcpy(buf, "none", 5);
        return;
    }
    civil_from_days(d.day, &y, &m, &day);
    snprintf(buf, 11, "%04d-%02d-%02d", y, m, day);
}

void mm_date_format_long(mm_date d, char *buf, size_t n)
{
    int y, m, day;
    if (n == 0) {
        return;
    }
    if (!in_range(d)) {
        snprintf(buf, n, "none");
        return;
    }
    civil_from_days(d.day, &y, &m, &day);
    snprintf(buf, n, "%d %s %04d", day, month_names[m - 1], y);
}

int mm_date_weekday(mm_date d)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    return (d.day % 7 + 7 + 3) % 7;
}

/* Unit of a duration word ("d", "days", "Week"...); false if unknown. */
static bool unit_from_word(const char *s, size_t len, mm_duration_unit *unit)
{
    static const struct {
        const char *one, *word, *plural;
        mm_duration_unit unit;
    } units[] = {
        {"d", "day", "days", MM_DUR_DAY},
        {"w", "week", "weeks", MM_DUR_WEEK},
        {"m", "month", "months", MM_DUR_MONTH},
        {"y", "year", "years", MM_DUR_YEAR},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (word_eq(s, len, units[i].one) || word_eq(s, len, units[i].word) ||
            word_eq(s, len, units[i].plural)) {
            *unit = units[i].unit;
            return true;
        }
    }
    return false;
}

bool mm_duration_parse(const char *s, mm_duration *out)
{
    enum { MAX_COUNT = 10000000 };
    size_t len = strlen(s);
    trim(&s, &len);
    size_t i = 0;
    int32_t count = 0;
    while (i < len && is_digit(s[i])) {
        count = count * 10 + (s[i] - '0');
        if (count > MAX_COUNT) {
            return false;
        }
        i++;
    }
    if (i == 0 || count == 0) {
        return false;
    }
    while (i < len && s[i] == ' ') {
        i++;
    }
    mm_duration_unit unit;
    if (!unit_from_word(s + i, len - i, &unit)) {
        return false;
    }
    out->count = count;
    out->unit = unit;
    return true;
}

bool mm_date_add(mm_date d, mm_duration dur, int32_t n, mm_date *out)
{
    /* Beyond these the result is out of 1000..9999 whatever the start. */
    static const int64_t max_steps[] = {[MM_DUR_DAY] = 3300000,
                                        [MM_DUR_WEEK] = 480000,
                                        [MM_DUR_MONTH] = 108000,
                                        [MM_DUR_YEAR] = 9000};
    if (!in_range(d) || (unsigned)dur.unit > MM_DUR_YEAR) {
        return false;
    }
    int64_t steps = (int64_t)dur.count * n;
    if (steps > max_steps[dur.unit] || steps < -max_steps[dur.unit]) {
        return false;
    }
    if (dur.unit == MM_DUR_DAY || dur.unit == MM_DUR_WEEK) {
        mm_date r = {(int32_t)(d.day + steps * (dur.unit == MM_DUR_WEEK ? 7 : 1))};
        if (!in_range(r)) {
            return false;
        }
        *out = r;
        return true;
    }
    int y, m, day;
    civil_from_days(d.day, &y, &m, &day);
    int64_t months = (int64_t)y * 12 + (m - 1) + steps * (dur.unit == MM_DUR_YEAR ? 12 : 1);
    int ny = (int)(months / 12);
    int nm = (int)(months % 12) + 1;
    if (ny < MIN_YEAR || ny > MAX_YEAR) {
        return false;
    }
    int last = days_in_month(ny, nm);
    return mm_date_from_ymd(ny, nm, day < last ? day : last, out);
}

mm_date mm_date_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    mm_date d;
    if (now == (time_t)-1 || !gmtime_r(&now, &tm) ||
        !mm_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d)) {
        return MM_DATE_NONE;
    }
    return d;
}
