/*
 * test_date.c — unit tests for core/date: day numbers, ISO and ACLED parsing,
 * formatting, weekdays, durations and month arithmetic with clamping.
 */
#include <string.h>

#include "harness.h"
#include "malimap/date.h"

/* Parses a NUL-terminated string; MM_DATE_NONE when it is rejected. */
static mm_date parse(const char *s)
{
    mm_date d = MM_DATE_NONE;
    const char *why = "unset";
    if (!mm_date_parse(s, strlen(s), &d, &why)) {
        CHECK(why != NULL && why[0] != '\0');
        return MM_DATE_NONE;
    }
    CHECK(why == NULL);
    return d;
}

static const char *iso(mm_date d, char buf[static 11])
{
    mm_date_format(d, buf);
    return buf;
}

static mm_date ymd(int y, int m, int d)
{
    mm_date out = MM_DATE_NONE;
    CHECK(mm_date_from_ymd(y, m, d, &out));
    return out;
}

static void test_epoch(void)
{
    mm_date d;
    CHECK(mm_date_from_ymd(1970, 1, 1, &d));
    CHECK_INT(d.day, 0);
    CHECK(mm_date_from_ymd(1969, 12, 31, &d));
    CHECK_INT(d.day, -1);
    CHECK(mm_date_from_ymd(2000, 3, 1, &d));
    CHECK_INT(d.day, 11017);
    CHECK(mm_date_from_ymd(2023, 11, 14, &d));
    CHECK_INT(d.day, 19675);
    int y, m, day;
    mm_date_to_ymd((mm_date){19675}, &y, &m, &day);
    CHECK_INT(y, 2023);
    CHECK_INT(m, 11);
    CHECK_INT(day, 14);
}

static void test_range(void)
{
    mm_date d = {12345};
    CHECK(mm_date_from_ymd(1000, 1, 1, &d));
    CHECK(mm_date_from_ymd(9999, 12, 31, &d));
    d.day = 12345;
    CHECK(!mm_date_from_ymd(999, 12, 31, &d));
    CHECK(!mm_date_from_ymd(10000, 1, 1, &d));
    CHECK(!mm_date_from_ymd(2023, 0, 1, &d));
    CHECK(!mm_date_from_ymd(2023, 1, 0, &d));
    CHECK(!mm_date_from_ymd(2023, 4, 31, &d));
    CHECK_INT(d.day, 12345); /* untouched on failure */
    CHECK(mm_date_is_none(MM_DATE_NONE));
    CHECK(!mm_date_is_none((mm_date){0}));
    CHECK(MM_DATE_NONE.day < ymd(1000, 1, 1).day);
    int y = 1, m = 1, day = 1;
    mm_date_to_ymd(MM_DATE_NONE, &y, &m, &day);
    CHECK_INT(y, 0);
    CHECK_INT(m, 0);
    CHECK_INT(day, 0);
}

static void test_leap_years(void)
{
    mm_date d;
    CHECK(mm_date_from_ymd(2024, 2, 29, &d));
    CHECK(mm_date_from_ymd(2000, 2, 29, &d));
    CHECK(!mm_date_from_ymd(2023, 2, 29, &d));
    CHECK(!mm_date_from_ymd(1900, 2, 29, &d));
    CHECK(!mm_date_from_ymd(2100, 2, 29, &d));
    CHECK(mm_date_from_ymd(1600, 2, 29, &d));
    CHECK_INT(ymd(2024, 3, 1).day - ymd(2024, 2, 28).day, 2);
    CHECK_INT(ymd(2023, 3, 1).day - ymd(2023, 2, 28).day, 1);
    CHECK_INT(ymd(2001, 1, 1).day - ymd(2000, 1, 1).day, 366);
    CHECK_INT(ymd(1901, 1, 1).day - ymd(1900, 1, 1).day, 365);

    char buf[11];
    CHECK_STR(iso(parse("2024-02-29"), buf), "2024-02-29");
    CHECK_STR(iso(parse("2000-02-29"), buf), "2000-02-29");
    CHECK(mm_date_is_none(parse("2023-02-29")));
    CHECK(mm_date_is_none(parse("1900-02-29")));
}

static void test_parse_iso(void)
{
    char buf[11];
    CHECK_STR(iso(parse("2023-11-14"), buf), "2023-11-14");
    CHECK_STR(iso(parse("  2023-11-14\t "), buf), "2023-11-14");
    CHECK_INT(parse("2012-01-17").day, ymd(2012, 1, 17).day);

    const char *bad[] = {"2023-02-30", "2023-13-01", "2023-00-10", "2023-01-00",  "2023-1-5",
                         "2023-01-5",  "23-01-05",   "2023/01/05", "2023-11-14x", "2023-11-14 x",
                         "0999-12-31", "",           "   ",        "20231114",    "x2023-11-14",
                         "2023-11-1a", "+023-11-14"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (!mm_date_is_none(parse(bad[i]))) {
            mm_test_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
        }
    }
    /* Only the given length is read. */
    mm_date d;
    CHECK(mm_date_parse("2023-11-14junk", 10, &d, NULL));
    CHECK_INT(d.day, ymd(2023, 11, 14).day);
}

static void test_parse_reasons(void)
{
    static const struct {
        const char *s, *why;
    } cases[] = {
        {"2023-02-30", "day does not exist in that month"},
        {"2023-13-01", "month must be 01 to 12"},
        {"2023-1-5", "expected YYYY-MM-DD"},
        {"2023-11-14x", "unexpected characters after the date"},
        {"14 Novembre 2023", "unknown month name"},
        {"14 November", "expected DD Month YYYY"},
        {"14 November 23", "expected a 4-digit year"},
        {"yesterday", "expected YYYY-MM-DD or DD Month YYYY"},
        {"", "empty date"},
        {"0500-01-01", "year must be 1000 to 9999"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_date d = {777};
        const char *why = NULL;
        if (mm_date_parse(cases[i].s, strlen(cases[i].s), &d, &why) || d.day != 777 || !why ||
            strcmp(why, cases[i].why) != 0) {
            mm_test_fail(__FILE__, __LINE__, "\"%s\": reason \"%s\", expected \"%s\"", cases[i].s,
                         why ? why : "(null)", cases[i].why);
        }
    }
    /* why may be NULL. */
    mm_date d;
    CHECK(!mm_date_parse("2023-02-30", 10, &d, NULL));
}

static void test_parse_acled(void)
{
    mm_date want = ymd(2023, 11, 14);
    const char *good[] = {"14 November 2023", "14-November-2023", "14 Nov 2023",
                          "14-nov-2023",      "14 NOVEMBER 2023", " 14 november 2023 "};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        if (parse(good[i]).day != want.day) {
            mm_test_fail(__FILE__, __LINE__, "\"%s\" did not parse as 2023-11-14", good[i]);
        }
    }
    CHECK_INT(parse("1 January 2012").day, ymd(2012, 1, 1).day);
    CHECK_INT(parse("01 January 2012").day, ymd(2012, 1, 1).day);
    CHECK_INT(parse("9 Sept 2021").day, ymd(2021, 9, 9).day);
    CHECK_INT(parse("29 February 2024").day, ymd(2024, 2, 29).day);
    CHECK_INT(parse("31 May 2020").day, ymd(2020, 5, 31).day);

    const char *bad[] = {"29 February 2023",  "31 April 2023",     "14 Novem 2023",
                         "14 November 23",    "14-November 2023",  "14 November-2023",
                         "14  November 2023", "114 November 2023", "14 November 2023 x",
                         "14 November",       "November 2023",     "0 March 2020",
                         "14 Nov. 2023",      "14 Ja 2023"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (!mm_date_is_none(parse(bad[i]))) {
            mm_test_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
        }
    }
}

static void test_format_round_trip(void)
{
    /* Every day from 1999 to 2031 (leap days and century rules included). */
    mm_date from = ymd(1999, 1, 1), to = ymd(2031, 12, 31);
    int prev_wd = mm_date_weekday((mm_date){from.day - 1});
    for (int32_t day = from.day; day <= to.day; day++) {
        mm_date d = {day};
        char buf[11], longbuf[24];
        mm_date_format(d, buf);
        mm_date back = MM_DATE_NONE;
        if (!mm_date_parse(buf, strlen(buf), &back, NULL) || back.day != day) {
            mm_test_fail(__FILE__, __LINE__, "%s did not round-trip", buf);
            break;
        }
        mm_date_format_long(d, longbuf, sizeof longbuf);
        back = MM_DATE_NONE;
        if (!mm_date_parse(longbuf, strlen(longbuf), &back, NULL) || back.day != day) {
            mm_test_fail(__FILE__, __LINE__, "%s did not round-trip", longbuf);
            break;
        }
        int wd = mm_date_weekday(d);
        if (wd != (prev_wd + 1) % 7) {
            mm_test_fail(__FILE__, __LINE__, "weekday of %s is %d after %d", buf, wd, prev_wd);
            break;
        }
        prev_wd = wd;
    }
    /* The ends of the range. */
    char buf[11];
    CHECK_STR(iso(ymd(1000, 1, 1), buf), "1000-01-01");
    CHECK_STR(iso(ymd(9999, 12, 31), buf), "9999-12-31");
    CHECK_STR(iso(MM_DATE_NONE, buf), "none");
}

static void test_format_long(void)
{
    char buf[24];
    mm_date_format_long(ymd(2023, 11, 14), buf, sizeof buf);
    CHECK_STR(buf, "14 November 2023");
    mm_date_format_long(ymd(2012, 1, 6), buf, sizeof buf);
    CHECK_STR(buf, "6 January 2012");
    mm_date_format_long(ymd(9999, 9, 30), buf, sizeof buf);
    CHECK_STR(buf, "30 September 9999");
    mm_date_format_long(ymd(2023, 11, 14), buf, 6);
    CHECK_STR(buf, "14 No");
}

static void test_weekday(void)
{
    CHECK_INT(mm_date_weekday(ymd(2023, 11, 14)), 1); /* Tuesday */
    CHECK_INT(mm_date_weekday(ymd(1970, 1, 1)), 3);   /* Thursday */
    CHECK_INT(mm_date_weekday(ymd(2024, 1, 1)), 0);   /* Monday */
    CHECK_INT(mm_date_weekday(ymd(2012, 1, 17)), 1);  /* Tuesday */
    CHECK_INT(mm_date_weekday(ymd(1969, 12, 28)), 6); /* Sunday, before the epoch */
    CHECK_INT(mm_date_weekday(ymd(1000, 1, 1)), 2);   /* Wednesday (proleptic) */
}

static void test_duration_parse(void)
{
    static const struct {
        const char *s;
        int count;
        mm_duration_unit unit;
    } good[] = {
        {"3d", 3, MM_DUR_DAY},         {"2w", 2, MM_DUR_WEEK},         {"1m", 1, MM_DUR_MONTH},
        {"1y", 1, MM_DUR_YEAR},        {"3 days", 3, MM_DUR_DAY},      {"1 week", 1, MM_DUR_WEEK},
        {"6 months", 6, MM_DUR_MONTH}, {"2 Years", 2, MM_DUR_YEAR},    {" 10D ", 10, MM_DUR_DAY},
        {"1day", 1, MM_DUR_DAY},       {"12 month", 12, MM_DUR_MONTH},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        mm_duration d = {-1, MM_DUR_YEAR};
        if (!mm_duration_parse(good[i].s, &d) || d.count != good[i].count ||
            d.unit != good[i].unit) {
            mm_test_fail(__FILE__, __LINE__, "\"%s\" parsed wrongly", good[i].s);
        }
    }
    const char *bad[] = {"",    "d",    "0d",    "-1d",          "3",           "3x", "3 dayz",
                         "3dd", "1.5w", "3 d s", "99999999999d", "1 fortnight", "w2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mm_duration d = {42, MM_DUR_WEEK};
        if (mm_duration_parse(bad[i], &d) || d.count != 42) {
            mm_test_fail(__FILE__, __LINE__, "accepted \"%s\"", bad[i]);
        }
    }
}

/* d + n * "dur" as ISO text, or "fail". */
static const char *add(const char *date, const char *dur, int32_t n, char buf[static 11])
{
    mm_duration du;
    mm_date out;
    CHECK(mm_duration_parse(dur, &du));
    if (!mm_date_add(parse(date), du, n, &out)) {
        return "fail";
    }
    return iso(out, buf);
}

static void test_date_add(void)
{
    char buf[11];
    CHECK_STR(add("2023-11-14", "3d", 1, buf), "2023-11-17");
    CHECK_STR(add("2023-12-30", "3d", 1, buf), "2024-01-02");
    CHECK_STR(add("2023-11-14", "2w", 1, buf), "2023-11-28");
    CHECK_STR(add("2023-11-14", "1w", -2, buf), "2023-10-31");
    CHECK_STR(add("2024-01-31", "1m", 1, buf), "2024-02-29");
    CHECK_STR(add("2023-01-31", "1m", 1, buf), "2023-02-28");
    CHECK_STR(add("2023-03-31", "1m", -1, buf), "2023-02-28");
    CHECK_STR(add("2023-01-31", "1m", 3, buf), "2023-04-30");
    CHECK_STR(add("2023-11-14", "1m", 2, buf), "2024-01-14");
    CHECK_STR(add("2023-01-15", "1m", -1, buf), "2022-12-15");
    CHECK_STR(add("2024-02-29", "1y", 1, buf), "2025-02-28");
    CHECK_STR(add("2024-02-29", "4y", 1, buf), "2028-02-29");
    CHECK_STR(add("2012-01-17", "1y", 11, buf), "2023-01-17");
    CHECK_STR(add("2012-01-17", "6 months", 0, buf), "2012-01-17");
    CHECK_STR(add("9999-12-31", "1d", 1, buf), "fail");
    CHECK_STR(add("1000-01-01", "1d", -1, buf), "fail");
    CHECK_STR(add("9999-12-01", "1m", 1, buf), "fail");
    CHECK_STR(add("2023-11-14", "1y", 2000000, buf), "fail");
    CHECK_STR(add("2023-11-14", "10000000d", INT32_MAX, buf), "fail");
    mm_date out;
    CHECK(!mm_date_add(MM_DATE_NONE, (mm_duration){1, MM_DUR_DAY}, 1, &out));
}

static void test_today(void)
{
    mm_date t = mm_date_today();
    CHECK(!mm_date_is_none(t));
    CHECK(t.day > ymd(2024, 1, 1).day);
    CHECK(t.day < ymd(2200, 1, 1).day);
}

MM_TESTS("date", {"epoch", test_epoch}, {"range", test_range}, {"leap_years", test_leap_years},
         {"parse_iso", test_parse_iso}, {"parse_reasons", test_parse_reasons},
         {"parse_acled", test_parse_acled}, {"format_round_trip", test_format_round_trip},
         {"format_long", test_format_long}, {"weekday", test_weekday},
         {"duration_parse", test_duration_parse}, {"date_add", test_date_add},
         {"today", test_today})
