/*
 * test_describe.c — the alt text of a map (mm_map_describe) on a small
 * fixture dataset (tests/data/describe/): main towns grouped by holder, the
 * region of the latest change, changes since a date, events of the window,
 * sources; and a map without a dataset.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "malimap/map.h"
#include "malimap/raster.h"

static char text[4096];

static const char *describe(const char *style, const char *date, const char *since)
{
    mm_map_opts o = {
        .style_path = style, .width_px = 200, .height_px = 200, .scale = 1, .since = MM_DATE_NONE};
    if (since) {
        CHECK(mm_date_parse(since, strlen(since), &o.since, NULL));
    }
    mm_date d = MM_DATE_NONE;
    if (date) {
        CHECK(mm_date_parse(date, strlen(date), &d, NULL));
    }
    mm_error err;
    mm_error_clear(&err);
    mm_map *m = NULL;
    text[0] = '\0';
    if (mm_map_open(&o, &m, &err) != MM_OK) {
        mm_test_fail(__FILE__, __LINE__, "open: %s", err.msg);
        return text;
    }
    mm_buf b;
    mm_buf_init(&b);
    CHECK_INT(mm_map_describe(m, d, &b, &err), MM_OK);
    snprintf(text, sizeof text, "%s", b.data ? b.data : "");
    mm_buf_fini(&b);
    mm_map_close(m);
    return text;
}

#define STYLE "tests/data/describe/style.json"
#define CREDITS                                                                                    \
    "Boundaries: \u00a9 OpenStreetMap contributors (ODbL 1.0), Natural Earth (public domain); "    \
    "rivers and lakes: GSHHG 2.3.7, \u00a9 The GMT Team (LGPL-3.0+)."

static void test_latest_change(void)
{
    const char *t = describe(STYLE, "2023-11-14", NULL);
    CHECK_STR(t, "Map: Test map, 14 November 2023. Colours show who holds each place. Main "
                 "towns: Bamako, Kidal and Gao (besieged) are held by Malian Armed Forces "
                 "(FAMa). In the Kidal region, Tessalit and Aguelhok are held by Coordination of "
                 "Azawad Movements (CMA). The latest change: Kidal passed from CMA to FAMa on 14 "
                 "November 2023. 3 events were recorded in the 30 days up to 14 November 2023: 2 "
                 "battles and 1 explosion or remote attack, with 5 reported deaths. Sources: "
                 "control of places from 4 cited sources, events from 2 sources. " CREDITS);
}

static void test_changes_since(void)
{
    const char *t = describe(STYLE, "2023-11-14", "2023-01-01");
    CHECK(strstr(t, " Since 1 January 2023, 2 places changed hands or status: Kidal passed from "
                    "CMA to FAMa and Gao became besieged (held by FAMa). 3 events ") != NULL);
    CHECK(strstr(t, "The latest change") == NULL);
}

static void test_groups_by_holder(void)
{
    /* before Kidal changed hands: two holders of main towns, the larger group first */
    const char *t = describe(STYLE, "2023-11-13", NULL);
    CHECK(strstr(t, "Main towns: Bamako and Gao (besieged) are held by Malian Armed Forces "
                    "(FAMa); Kidal is held by Coordination of Azawad Movements (CMA). In the "
                    "Gao region, no holder is known for Ansongo. The latest change: Gao "
                    "besieged, held by FAMa on 1 October 2023.") != NULL);
}

static void test_no_events_in_window(void)
{
    const char *t = describe(STYLE, "2021-06-01", NULL);
    CHECK(strstr(t, " No events were recorded in the 30 days up to 1 June 2021. Sources: "
                    "control of places from 2 cited sources. ") != NULL);
}

static void test_without_dataset(void)
{
    const char *t = describe("tests/data/styles/minimal.json", NULL, NULL);
    CHECK_STR(t, "Map: minimal. Sources: " CREDITS);
}

int main(int argc, char **argv)
{
    static const mm_test tests[] = {
        {"latest_change", test_latest_change},
        {"changes_since", test_changes_since},
        {"groups_by_holder", test_groups_by_holder},
        {"no_events_in_window", test_no_events_in_window},
        {"without_dataset", test_without_dataset},
    };
    int rc = mm_test_main(argc, argv, "describe", tests, sizeof tests / sizeof tests[0]);
    mm_raster_shutdown();
    return rc;
}
