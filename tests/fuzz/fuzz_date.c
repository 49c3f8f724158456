/*
 * fuzz_date.c — dates and durations. The input is parsed as a date and as a
 * duration; a parsed date must format and parse back to itself (ISO and long
 * forms), and date arithmetic must stay within the years 1000..9999 and undo
 * itself for days and weeks.
 */

#include "fuzz.h"
#include "malimap/date.h"
#include "malimap/mem.h"

static void check_date(mm_date d)
{
    char iso[11], longer[32];
    mm_date back;
    const char *why;
    mm_date_format(d, iso);
    if (!mm_date_parse(iso, strlen(iso), &back, &why) || back.day != d.day) {
        __builtin_trap(); /* ISO form does not read back */
    }
    mm_date_format_long(d, longer, sizeof longer);
    if (!mm_date_parse(longer, strlen(longer), &back, &why) || back.day != d.day) {
        __builtin_trap(); /* long form does not read back */
    }
    int y, m, day;
    mm_date_to_ymd(d, &y, &m, &day);
    if (!mm_date_from_ymd(y, m, day, &back) || back.day != d.day) {
        __builtin_trap();
    }
    int w = mm_date_weekday(d);
    if (w < 0 || w > 6) {
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    mm_date d;
    const char *why = NULL;
    bool ok = mm_date_parse(text, size, &d, &why);
    if (ok) {
        check_date(d);
    } else if (!why) {
        __builtin_trap(); /* a failure always says why */
    }
    char *z = mm_malloc(size + 1);
    memcpy(z, data, size);
    z[size] = '\0';
    mm_duration dur;
    if (mm_duration_parse(z, &dur)) {
        if (dur.count < 1 || dur.count > 10000000) {
            __builtin_trap();
        }
        mm_date start = ok ? d : (mm_date){19675}; /* 2023-11-14 */
        int32_t n = size ? (int32_t)(int8_t)data[0] * 1000 + (int32_t)size : 3;
        mm_date r;
        if (mm_date_add(start, dur, n, &r)) {
            check_date(r);
            mm_date back;
            if (dur.unit <= MM_DUR_WEEK &&
                (!mm_date_add(r, dur, -n, &back) || back.day != start.day)) {
                __builtin_trap(); /* days and weeks must undo exactly */
            }
        }
        mm_date_add(start, dur, INT32_MIN, &r);
        mm_date_add(start, dur, INT32_MAX, &r);
    }
    mm_free(z);
    return 0;
}
