/*
 * frames.c — a map for every date of a range, in parallel: the static layers
 * drawn once, each worker with its own style copy, PROJ context and GEOS
 * handle, frames whose state did not change drawn from the previous map with
 * only the date-bearing furniture redrawn. Part of map/.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "malimap/mem.h"
#include "map_priv.h"

/* ---- what makes two dates look alike ---- */

static uint64_t mix(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 1099511628211ULL; /* FNV-1a */
    }
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    return s ? mix(h, s, strlen(s) + 1) : mix(h, "", 1);
}

/*
 * A fingerprint of everything date-dependent the map shows, but the date
 * itself: each place's holder, status and since date, the events in the
 * window with their ages, the zones in force.
 */
static uint64_t signature(const mm_map *m, mm_date d)
{
    uint64_t h = 1469598103934665603ULL;
    if (m->has_data) {
        const mm_timeline *tl = m->data.timeline;
        for (size_t p = 0; p < mm_places_count(m->data.places); p++) {
            mm_place_state s;
            mm_timeline_state(tl, p, d, &s);
            h = mix_str(h, s.controller);
            h = mix(h, &s.status, sizeof s.status);
            h = mix(h, &s.since.day, sizeof s.since.day);
        }
        mm_date after;
        if (mm_date_add(d, (mm_duration){m->window_days, MM_DUR_DAY}, -1, &after)) {
            size_t n = mm_timeline_events(tl, after, d, NULL, 0);
            mm_window_event *ev = mm_array_alloc(n ? n : 1, sizeof *ev);
            mm_timeline_events(tl, after, d, ev, n);
            for (size_t k = 0; k < n; k++) {
                h = mix(h, &ev[k].index, sizeof ev[k].index);
                h = mix(h, &ev[k].age_days, sizeof ev[k].age_days);
            }
            mm_free(ev);
        }
    }
    for (size_t z = 0; m->zones && z < mm_features_count(m->zones); z++) {
        bool on = d.day >= m->zone_from[z].day &&
                  (mm_date_is_none(m->zone_to[z]) || d.day <= m->zone_to[z].day);
        h = mix(h, &on, sizeof on);
    }
    return h;
}

/* ---- one worker ---- */

typedef struct job {
    mm_map *m;
    const mm_date *dates;
    const bool *changed;
    const size_t *run_start; /* the first frame of each frame's unchanged run */
    const mm_frames_opts *opts;
    mm_frame_fn fn;
    void *ctx;
    size_t next; /* the first frame no worker has taken (under lock) */
    int jobs;
    size_t n;
    atomic_int failed;
    pthread_mutex_t lock; /* guards err and next */
    mm_error *err;
} job;

typedef struct worker_state {
    job *j;
    map_worker *w;
    int index;                       /* 0 to jobs - 1 */
    size_t map_for;                  /* the frame whose map part is in image/scene, or SIZE_MAX */
    mm_image image;                  /* raster: the map without furniture */
    mm_raster_cache *furniture_text; /* raster: the furniture's texts of the previous frame */
    mm_image last;                   /* opts->previous: the image of frame last_index */
    size_t last_index;               /* SIZE_MAX: none */
    mm_scene **runs;                 /* vector: the date's runs, by run index */
} worker_state;

static void fail(job *j, const mm_error *e)
{
    pthread_mutex_lock(&j->lock);
    if (j->err->status == MM_OK) {
        *j->err = *e;
    }
    pthread_mutex_unlock(&j->lock);
    atomic_store(&j->failed, 1);
}

static void clear_map(worker_state *ws)
{
    mm_image_fini(&ws->image);
    for (size_t r = 0; ws->runs && r < ws->j->m->nruns; r++) {
        mm_scene_destroy(ws->runs[r]);
        ws->runs[r] = NULL;
    }
    ws->map_for = (size_t)-1;
}

/* The map part of frame k (all layers, no furniture), for the date it shows. */
static mm_status draw_map(worker_state *ws, size_t k, mm_error *err)
{
    mm_map *m = ws->j->m;
    map_worker *w = ws->w;
    clear_map(ws);
    mm_date date = ws->j->dates[k];
    mm_status st = map_compute_sources(m, w, date, err);
    mm_furniture *f = NULL;
    if (st == MM_OK) {
        st = map_furniture(m, w, date, &f, err);
    }
    if (st != MM_OK) {
        return st;
    }
    mm_arena *scratch = mm_arena_create(0);
    mm_labels *lb = map_place_dynamic(m, w, f, scratch);
    double scale = m->opts.scale > 0 ? m->opts.scale : 1;
    bool raster = ws->j->opts->raster;
    for (size_t r = 0; r < m->nruns && st == MM_OK; r++) {
        const layer_run *run = &m->runs[r];
        if (!run->dynamic) {
            if (raster && !ws->image.pixels) {
                mm_image_copy(&run->image, &ws->image);
            } else if (raster) {
                mm_raster_composite(&run->image, &ws->image);
            }
            continue;
        }
        mm_scene *s = mm_scene_create(m->width, m->height);
        map_draw_dynamic_run(m, w, run, lb, s, scratch);
        if (raster) {
            if (!ws->image.pixels) {
                st = mm_image_create(s, scale, &ws->image, err);
            }
            if (st == MM_OK) {
                st = mm_raster_draw_over(s, scale, &ws->image, err);
            }
            mm_scene_destroy(s);
        } else {
            ws->runs[r] = s;
        }
    }
    mm_labels_destroy(lb);
    mm_furniture_destroy(f);
    mm_arena_destroy(scratch);
    if (st == MM_OK) {
        ws->map_for = k;
    }
    return st;
}

/* Frame k's furniture, over its run's map (drawn first when the worker's map
 * is another run's). */
static mm_status frame_furniture(worker_state *ws, size_t k, mm_furniture **f, mm_error *err)
{
    job *j = ws->j;
    size_t start = j->run_start[k];
    mm_status st = MM_OK;
    if (ws->map_for != start) {
        st = draw_map(ws, start, err);
    }
    if (st == MM_OK) {
        /* the legend reads the worker's sources: the run's, the same state */
        st = map_furniture(j->m, ws->w, j->dates[k], f, err);
    }
    return st;
}

/* Frame k as an image: its run's map with the furniture of its own date. */
static mm_status frame_image(worker_state *ws, size_t k, mm_image *img, mm_error *err)
{
    mm_map *m = ws->j->m;
    mm_furniture *f = NULL;
    mm_status st = frame_furniture(ws, k, &f, err);
    if (st != MM_OK) {
        return st;
    }
    mm_scene *top = mm_scene_create(m->width, m->height);
    mm_furniture_emit(f, top);
    mm_image_copy(&ws->image, img);
    if (!ws->furniture_text) {
        ws->furniture_text = mm_raster_cache_create();
    }
    st = mm_raster_draw_over_cached(top, m->opts.scale > 0 ? m->opts.scale : 1, img,
                                    ws->furniture_text, err);
    mm_scene_destroy(top);
    mm_furniture_destroy(f);
    return st;
}

/* Frame k as one scene: the map's runs and the furniture (SVG, PDF). */
static mm_status frame_scene(worker_state *ws, size_t k, mm_scene **out, mm_error *err)
{
    mm_map *m = ws->j->m;
    mm_furniture *f = NULL;
    mm_status st = frame_furniture(ws, k, &f, err);
    if (st != MM_OK) {
        return st;
    }
    mm_scene *whole = mm_scene_create(m->width, m->height);
    map_set_meta(m, whole);
    for (size_t r = 0; r < m->nruns; r++) {
        mm_scene_append(whole, m->runs[r].dynamic ? ws->runs[r] : m->runs[r].scene);
    }
    mm_furniture_emit(f, whole);
    mm_furniture_destroy(f);
    *out = whole;
    return MM_OK;
}

/* Draws frame k and hands it to the caller's function. */
static mm_status draw_frame(worker_state *ws, size_t k, mm_error *err)
{
    job *j = ws->j;
    mm_frame fr = {.index = k, .worker = ws->index, .date = j->dates[k], .changed = j->changed[k]};
    mm_status st = MM_OK;
    if (j->opts->raster && j->opts->previous && k > 0) {
        if (ws->last_index != k - 1) {
            mm_image_fini(&ws->last);
            st = frame_image(ws, k - 1, &ws->last, err);
            ws->last_index = st == MM_OK ? k - 1 : (size_t)-1;
        }
        fr.previous = &ws->last;
    }
    mm_image img = {0};
    mm_scene *whole = NULL;
    mm_buf alt;
    mm_buf_init(&alt);
    if (st == MM_OK) {
        st = mm_map_describe(j->m, j->dates[k], &alt, err);
        fr.alt_text = alt.data ? alt.data : "";
    }
    if (st == MM_OK && j->opts->raster) {
        st = frame_image(ws, k, &img, err);
        fr.image = &img;
    } else if (st == MM_OK) {
        st = frame_scene(ws, k, &whole, err);
        if (st == MM_OK) {
            mm_scene_set_meta(whole, "description", fr.alt_text);
        }
        fr.scene = whole;
    }
    if (st == MM_OK) {
        st = j->fn(j->ctx, &fr, err);
    }
    mm_buf_fini(&alt);
    if (st == MM_OK && j->opts->previous) {
        /* this frame is the next one's previous */
        mm_image_fini(&ws->last);
        ws->last = img;
        ws->last_index = k;
        img = (mm_image){0};
    }
    mm_image_fini(&img);
    mm_scene_destroy(whole);
    return st;
}

/*
 * The next run of consecutive frames for a worker, [*a, *b): a share of what
 * is left that shrinks as the range ends (guided scheduling), so workers
 * finish together, and no shorter than MIN_RUN while frames remain, so
 * unchanged frames mostly find their map already drawn.
 */
static bool next_run(job *j, size_t *a, size_t *b)
{
    enum { MIN_RUN = 2 };
    pthread_mutex_lock(&j->lock);
    size_t left = j->n - j->next;
    size_t take = left / (2 * (size_t)j->jobs);
    take = take < MIN_RUN ? MIN_RUN : take;
    take = take > left ? left : take;
    *a = j->next;
    *b = j->next + take;
    j->next = *b;
    pthread_mutex_unlock(&j->lock);
    return take > 0;
}

static void *work(void *arg)
{
    worker_state *ws = arg;
    job *j = ws->j;
    size_t a, b;
    while (next_run(j, &a, &b)) {
        for (size_t k = a; k < b; k++) {
            if (atomic_load(&j->failed) || (j->opts->stop && *j->opts->stop)) {
                return NULL;
            }
            mm_error e;
            mm_error_clear(&e);
            if (draw_frame(ws, k, &e) != MM_OK) {
                fail(j, &e);
                return NULL;
            }
        }
    }
    return NULL;
}

/* Rasterises the static runs once, for every worker to copy. */
static mm_status rasterise_static(mm_map *m, mm_error *err)
{
    double scale = m->opts.scale > 0 ? m->opts.scale : 1;
    for (size_t r = 0; r < m->nruns; r++) {
        layer_run *run = &m->runs[r];
        if (run->dynamic || (run->image.pixels && run->image_scale == scale)) {
            continue;
        }
        mm_image_fini(&run->image);
        mm_status st = mm_image_create(run->scene, scale, &run->image, err);
        if (st == MM_OK) {
            st = mm_raster_draw_over(run->scene, scale, &run->image, err);
        }
        if (st != MM_OK) {
            return st;
        }
        run->image_scale = scale;
    }
    return MM_OK;
}

mm_status mm_map_render_frames(mm_map *m, const mm_date *dates, size_t n,
                               const mm_frames_opts *opts, mm_frame_fn fn, void *ctx, mm_error *err)
{
    if (n == 0) {
        return MM_OK;
    }
    /* static labels make room for the first and last frames' furniture */
    mm_date ends[2] = {dates[0], dates[n - 1]};
    mm_status st = map_prepare(m, ends, n > 1 ? 2 : 1, err);
    if (st == MM_OK && opts->raster) {
        st = rasterise_static(m, err);
    }
    if (st != MM_OK) {
        return st;
    }
    bool *changed = mm_array_alloc(n, sizeof *changed);
    size_t *run_start = mm_array_alloc(n, sizeof *run_start);
    uint64_t prev = 0;
    for (size_t k = 0; k < n; k++) {
        uint64_t sig = signature(m, dates[k]);
        changed[k] = k == 0 || sig != prev;
        run_start[k] = changed[k] ? k : run_start[k - 1];
        prev = sig;
    }
    int jobs = opts->jobs < 1 ? 1 : opts->jobs;
    if ((size_t)jobs > n) {
        jobs = (int)n;
    }
    job j = {.m = m,
             .dates = dates,
             .changed = changed,
             .run_start = run_start,
             .opts = opts,
             .fn = fn,
             .ctx = ctx,
             .n = n,
             .err = err};
    j.jobs = jobs;
    atomic_init(&j.failed, 0);
    pthread_mutex_init(&j.lock, NULL);
    map_worker *workers = mm_calloc((size_t)jobs, sizeof *workers);
    worker_state *states = mm_calloc((size_t)jobs, sizeof *states);
    pthread_t *threads = mm_calloc((size_t)jobs, sizeof *threads);
    int started = 0;
    for (int t = 0; t < jobs && st == MM_OK; t++) {
        map_worker *w = &m->main;
        if (t > 0) {
            st = map_worker_init(m, &workers[t], err);
            w = &workers[t];
        }
        states[t] = (worker_state){
            .j = &j, .w = w, .index = t, .map_for = (size_t)-1, .last_index = (size_t)-1};
        states[t].runs = mm_calloc(m->nruns ? m->nruns : 1, sizeof *states[t].runs);
        if (st == MM_OK && t > 0) {
            if (pthread_create(&threads[t], NULL, work, &states[t]) != 0) {
                st = MM_ERR(err, MM_E_RENDER, NULL, 0, 0, "cannot start a worker thread");
                map_worker_fini(&workers[t], m->nsources);
                break;
            }
            started = t;
        }
    }
    if (st == MM_OK) {
        work(&states[0]); /* this thread is worker 0 */
    } else {
        atomic_store(&j.failed, 1);
    }
    for (int t = 1; t <= started; t++) {
        pthread_join(threads[t], NULL);
    }
    for (int t = 0; t < jobs; t++) {
        if (states[t].j) {
            clear_map(&states[t]);
        }
        mm_raster_cache_destroy(states[t].furniture_text);
        mm_image_fini(&states[t].last);
        mm_free(states[t].runs);
        if (t > 0 && workers[t].owns) {
            map_worker_fini(&workers[t], m->nsources);
        }
    }
    if (st == MM_OK && err->status != MM_OK) {
        st = err->status;
    }
    if (st == MM_OK && opts->stop && *opts->stop) {
        st = MM_ERR(err, MM_E_INTERRUPTED, NULL, 0, 0, "interrupted");
    }
    pthread_mutex_destroy(&j.lock);
    mm_free(threads);
    mm_free(states);
    mm_free(workers);
    mm_free(changed);
    mm_free(run_start);
    m->prepared = false;
    return st;
}
