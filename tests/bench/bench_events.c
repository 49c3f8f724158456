/*
 * bench_events.c — loads an events file the way malimap does and prints the
 * load time, the peak resident memory of the process (getrusage), the bytes
 * the events set holds, and the cost of as-of-date queries on it:
 *   bench_events PLACES.csv CONTROL.csv EVENTS.csv [--drop-notes]
 * One process per configuration, so the peak is that configuration's own.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench.h"
#include "malimap/timeline.h"

static double now_s(void)
{
    return bench_now_ms() / 1e3;
}

static double peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0; /* Linux: kilobytes */
}

static int fail(const mm_error *err)
{
    char line[2048];
    mm_error_format(err, line, sizeof line);
    fprintf(stderr, "bench_events: %s\n", line);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "--drop-notes") != 0)) {
        fprintf(stderr, "usage: bench_events PLACES.csv CONTROL.csv EVENTS.csv [--drop-notes]\n");
        return 2;
    }
    mm_events_opts opts = {.drop_notes = argc == 5};
    mm_error err;
    mm_error_clear(&err);
    mm_places *places = NULL;
    mm_control *control = NULL;
    mm_events *ev = NULL;
    if (mm_places_load(argv[1], NULL, &places, &err) != MM_OK ||
        mm_control_load(argv[2], places, NULL, NULL, &control, &err) != MM_OK) {
        return fail(&err);
    }
    double rss0 = peak_rss_mb();
    double t0 = now_s();
    mm_status st = mm_events_load(argv[3], places, &opts, NULL, &ev, &err);
    double t1 = now_s();
    if (st != MM_OK) {
        return fail(&err);
    }
    size_t n = mm_events_count(ev);
    printf("events: %zu rows loaded in %.3f s (%.0f rows/s)%s\n", n, t1 - t0, (double)n / (t1 - t0),
           opts.drop_notes ? ", notes dropped" : "");
    printf("memory: peak RSS %.1f MB (%.1f MB before loading); events set %.1f MB, %.0f "
           "bytes/row\n",
           peak_rss_mb(), rss0, (double)mm_events_bytes(ev) / 1e6,
           (double)mm_events_bytes(ev) / (double)(n ? n : 1));

    /* As-of queries: every place's state and a 30-day window, on 1000 dates. */
    mm_timeline *tl = mm_timeline_create(places, control, ev, NULL);
    size_t np = mm_places_count(places), in_window = 0, known = 0;
    mm_date first;
    mm_date_from_ymd(2012, 1, 1, &first);
    double q0 = now_s();
    for (int k = 0; k < 1000; k++) {
        mm_date d = {first.day + k * 5};
        for (size_t p = 0; p < np; p++) {
            mm_place_state s;
            mm_timeline_state(tl, p, d, &s);
            known += s.known;
        }
        in_window += mm_timeline_events(tl, (mm_date){d.day - 30}, d, NULL, 0);
    }
    double q1 = now_s();
    printf("queries: 1000 dates x (%zu place states + a 30-day window, %.0f events on "
           "average) in %.3f s\n",
           np, (double)in_window / 1000, q1 - q0);
    (void)known;
    mm_timeline_destroy(tl);
    mm_events_destroy(ev);
    mm_control_destroy(control);
    mm_places_destroy(places);
    return 0;
}
