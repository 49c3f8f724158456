/*
 * test_csv.c — unit tests for data/csv: RFC 4180 quoting, line ends, BOM,
 * line numbers, every error message, resynchronisation after errors, records
 * across the reader's 64 KiB chunks, files and memory; prints throughput.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "malimap/csv.h"
#include "malimap/mem.h"

enum { CHUNK = 64 * 1024, MAX_FIELD = 1024 * 1024 - 1 };

/*
 * Reads every record of c into out, one line each: "L[f1][f2]" for a record
 * starting on line L, "!message" (GNU form) for an error. Closes c.
 */
static void read_all(mm_csv *c, mm_buf *out)
{
    for (int guard = 0; guard < 1000000; guard++) {
        mm_error err;
        mm_error_clear(&err);
        bool has = true;
        mm_status st = mm_csv_next(c, &has, &err);
        if (st != MM_OK) {
            char msg[1200];
            mm_error_format(&err, msg, sizeof msg);
            mm_buf_printf(out, "!%s\n", msg);
            CHECK(!has);
            CHECK_INT(mm_csv_count(c), 0);
            CHECK_INT(err.status, st);
            if (st != MM_E_DATA) {
                break;
            }
            continue;
        }
        if (!has) {
            /* End of input stays the end. */
            CHECK(mm_csv_next(c, &has, &err) == MM_OK && !has);
            mm_csv_close(c);
            return;
        }
        mm_buf_printf(out, "%ld", mm_csv_line(c));
        const mm_csv_field *f = mm_csv_fields(c);
        for (size_t i = 0; i < mm_csv_count(c); i++) {
            CHECK(f[i].data[f[i].len] == '\0');
            mm_buf_putc(out, '[');
            mm_buf_append(out, f[i].data, f[i].len);
            mm_buf_putc(out, ']');
        }
        mm_buf_putc(out, '\n');
    }
    mm_test_fail(__FILE__, __LINE__, "reader did not reach the end");
    mm_csv_close(c);
}

/* Fails with the first difference of two long strings. */
static void check_same(const char *file, int line, const char *got, const char *want)
{
    size_t i = 0;
    while (got[i] && got[i] == want[i]) {
        i++;
    }
    if (got[i] != want[i]) {
        size_t from = i > 40 ? i - 40 : 0;
        mm_test_fail(file, line, "differs at byte %zu: got \"%.80s\", expected \"%.80s\"", i,
                     got + from, want + from);
    }
}

/* What read_all gives for data read from memory, and from a file (both must agree). */
static char *parse_with(const char *data, size_t len, const mm_csv_limits *lim)
{
    mm_error err;
    mm_error_clear(&err);
    mm_csv *c = NULL;
    mm_buf mem_out, file_out;
    mm_buf_init(&mem_out);
    mm_buf_init(&file_out);
    CHECK(mm_csv_open_mem("t.csv", data, len, lim, &c, &err) == MM_OK);
    read_all(c, &mem_out);

    const char *path = mm_test_path("t.csv");
    CHECK(mm_test_write_file(path, data, len) == 0);
    CHECK(mm_csv_open(path, lim, &c, &err) == MM_OK);
    CHECK_STR(mm_csv_path(c), path);
    read_all(c, &file_out);
    /* The file reader names the full path; compare with the memory reader's name. */
    mm_buf fixed;
    mm_buf_init(&fixed);
    for (const char *s = file_out.data ? file_out.data : ""; *s;) {
        const char *hit = strstr(s, path);
        if (!hit) {
            mm_buf_puts(&fixed, s);
            break;
        }
        mm_buf_append(&fixed, s, (size_t)(hit - s));
        mm_buf_puts(&fixed, "t.csv");
        s = hit + strlen(path);
    }
    mm_buf_puts(&fixed, "");
    mm_buf_puts(&mem_out, "");
    check_same(__FILE__, __LINE__, fixed.data, mem_out.data);
    mm_buf_fini(&fixed);
    mm_buf_fini(&file_out);
    return mm_buf_steal(&mem_out);
}

#define EXPECT_CSV(data, want)                                                                     \
    do {                                                                                           \
        char *got_ = parse_with((data), sizeof(data) - 1, NULL);                                   \
        CHECK_STR(got_, (want));                                                                   \
        mm_free(got_);                                                                             \
    } while (0)

static void test_simple(void)
{
    EXPECT_CSV("event_date,location,fatalities\n14 November 2023,Kidal,0\n",
               "1[event_date][location][fatalities]\n2[14 November 2023][Kidal][0]\n");
    EXPECT_CSV("", "");
    EXPECT_CSV("a", "1[a]\n");
    EXPECT_CSV("a,b\nc,d", "1[a][b]\n2[c][d]\n"); /* no final newline */
    EXPECT_CSV(" a , b \n", "1[ a ][ b ]\n");     /* whitespace is data */
    EXPECT_CSV("Niafunk\xC3\xA9,\xE2\xB5\x9C\n", "1[Niafunk\xC3\xA9][\xE2\xB5\x9C]\n");
}

static void test_empty_fields(void)
{
    EXPECT_CSV("a,,b\n", "1[a][][b]\n");
    EXPECT_CSV(",\n", "1[][]\n");
    EXPECT_CSV("a,\n", "1[a][]\n");
    EXPECT_CSV("a,", "1[a][]\n");
    EXPECT_CSV(",,", "1[][][]\n");
    EXPECT_CSV("\"\"\n", "1[]\n");
    EXPECT_CSV("\"\",\"\"", "1[][]\n");
    EXPECT_CSV(" \n", "1[ ]\n"); /* a space is not a blank line */
}

static void test_quotes(void)
{
    EXPECT_CSV("\"a,b\",c\n", "1[a,b][c]\n");
    EXPECT_CSV("\"say \"\"hi\"\"\",x\n", "1[say \"hi\"][x]\n");
    EXPECT_CSV("\"\"\"\"\n", "1[\"]\n");
    EXPECT_CSV("\"\"\"\"\"\"", "1[\"\"]\n");
    EXPECT_CSV("a\"b,c\"\n", "1[a\"b][c\"]\n"); /* a quote inside an unquoted field is data */
    EXPECT_CSV("\"x\"\r\n\"y\"", "1[x]\n2[y]\n");
    EXPECT_CSV("\"x\",", "1[x][]\n");
}

static void test_embedded_newlines(void)
{
    EXPECT_CSV("1,\"two\nlines\"\n3,x\n", "1[1][two\nlines]\n3[3][x]\n");
    EXPECT_CSV("\"a\n\nb\"\nnext\n", "1[a\n\nb]\n4[next]\n");
    EXPECT_CSV("\"a\r\nb\"\r\nnext\r\n", "1[a\r\nb]\n3[next]\n");
    EXPECT_CSV("\"1\n2\",\"3\n4\n5\"\nz", "1[1\n2][3\n4\n5]\n5[z]\n");
}

static void test_line_ends(void)
{
    EXPECT_CSV("a,b\r\nc,d\r\n", "1[a][b]\n2[c][d]\n");
    EXPECT_CSV("a\r\nb", "1[a]\n2[b]\n");
    EXPECT_CSV("a\rb\n", "1[a]\n2[b]\n"); /* lone CR ends a line */
    EXPECT_CSV("a\nb\r\nc\rd", "1[a]\n2[b]\n3[c]\n4[d]\n");
}

static void test_blank_lines(void)
{
    EXPECT_CSV("\n\r\n\na\n\n\nb", "4[a]\n7[b]\n");
    EXPECT_CSV("\n\n\n", "");
    EXPECT_CSV("a\n\r\n", "1[a]\n");
}

static void test_bom(void)
{
    EXPECT_CSV("\xEF\xBB\xBF"
               "a,b\n",
               "1[a][b]\n");
    EXPECT_CSV("\xEF\xBB\xBF", "");
    EXPECT_CSV("\xEF\xBB\xBF\n\"q\"", "2[q]\n");
    EXPECT_CSV("\xEF\xBB", "!t.csv:1: error: invalid UTF-8 in field 1 (byte offset 0)\n");
    /* Only at the very start. */
    EXPECT_CSV("a\n\xEF\xBB\xBF"
               "b\n",
               "1[a]\n2[\xEF\xBB\xBF"
               "b]\n");
}

static void test_errors(void)
{
    EXPECT_CSV("ok\nx,caf\xE9,y\n",
               "1[ok]\n!t.csv:2: error: invalid UTF-8 in field 2 (byte offset 3)\n");
    EXPECT_CSV("\"\xC0\xAF\"\n", "!t.csv:1: error: invalid UTF-8 in field 1 (byte offset 0)\n");
    EXPECT_CSV("a,b\0c\n", "!t.csv:1: error: NUL byte in field 2\n");
    EXPECT_CSV("a,\"b\0c\"\n", "!t.csv:1: error: NUL byte in field 2\n");
    EXPECT_CSV("a\n\"open\n",
               "1[a]\n!t.csv:2: error: unterminated quoted field (opened on line 2)\n");
    EXPECT_CSV("\"open", "!t.csv:1: error: unterminated quoted field (opened on line 1)\n");
    EXPECT_CSV("\"a\"b,c\n",
               "!t.csv:1: error: unexpected character after closing quote in field 1\n");
    EXPECT_CSV("x,\"a\" \n",
               "!t.csv:1: error: unexpected character after closing quote in field 2\n");
    /* The record's start line is named, the quote's own line in the message. */
    EXPECT_CSV("a,\"x\ny\",\"z\n",
               "!t.csv:1: error: unterminated quoted field (opened on line 2)\n");
    /* The first problem of a record wins. */
    EXPECT_CSV("\xFF,\0\n", "!t.csv:1: error: invalid UTF-8 in field 1 (byte offset 0)\n");
}

static void test_error_record(void)
{
    mm_error err;
    mm_error_clear(&err);
    mm_csv *c = NULL;
    CHECK(mm_csv_open_mem("events.csv", "a\nb,\xFF\n", 6, NULL, &c, &err) == MM_OK);
    bool has = false;
    CHECK(mm_csv_next(c, &has, &err) == MM_OK && has);
    CHECK(mm_csv_next(c, &has, &err) == MM_E_DATA && !has);
    CHECK_INT(err.status, MM_E_DATA);
    CHECK_STR(err.path, "events.csv");
    CHECK_INT(err.line, 2);
    CHECK_INT(err.col, 0);
    CHECK_STR(err.msg, "invalid UTF-8 in field 2 (byte offset 0)");
    CHECK_INT(mm_csv_line(c), 2);
    CHECK_INT(mm_csv_count(c), 0);
    mm_csv_close(c);
    mm_csv_close(NULL);
}

static void test_resync(void)
{
    static const char data[] = "h1,h2\n"
                               "a,\xFF\n"
                               "b,ok\n"
                               "\"x\"y,z\n"
                               "c,\0d\n"
                               "d,\"multi\nline\",\xC3(\n"
                               "e,f\n"
                               "g,\"never closed\n"
                               "h,i\n";
    EXPECT_CSV(data, "1[h1][h2]\n"
                     "!t.csv:2: error: invalid UTF-8 in field 2 (byte offset 0)\n"
                     "3[b][ok]\n"
                     "!t.csv:4: error: unexpected character after closing quote in field 1\n"
                     "!t.csv:5: error: NUL byte in field 2\n"
                     "!t.csv:6: error: invalid UTF-8 in field 3 (byte offset 0)\n"
                     "8[e][f]\n"
                     "!t.csv:9: error: unterminated quoted field (opened on line 9)\n"
                     "10[h][i]\n");
}

static void test_too_many_fields(void)
{
    mm_buf b;
    mm_buf_init(&b);
    for (int i = 0; i < 4096; i++) {
        mm_buf_puts(&b, i ? ",x" : "x");
    }
    mm_buf_puts(&b, "\n");
    char *line = mm_strndup(b.data, b.len - 1);
    mm_buf_puts(&b, line);
    mm_free(line);
    mm_buf_puts(&b, ",\"y\nz\"\nlast\n"); /* 4097 fields, the extra one spans lines */
    char *got = parse_with(b.data, b.len, NULL);
    CHECK(strncmp(got, "1[x][x]", 7) == 0);
    const char *rest = strchr(got, '\n');
    CHECK_STR(rest ? rest + 1 : "", "!t.csv:2: error: more than 4096 fields\n4[last]\n");
    mm_free(got);
    mm_buf_fini(&b);

    mm_csv_limits lim = {0, 3};
    static const char data[] = "a,b,c\na,b,c,d\n,,,,,,\nx\n";
    got = parse_with(data, sizeof data - 1, &lim);
    CHECK_STR(got, "1[a][b][c]\n!t.csv:2: error: more than 3 fields\n"
                   "!t.csv:3: error: more than 3 fields\n4[x]\n");
    mm_free(got);
}

static void test_long_fields(void)
{
    size_t n = MAX_FIELD + 1;
    char *big = mm_malloc(n + 2);
    memset(big, 'a', n);
    mm_buf b;
    mm_buf_init(&b);
    /* Exactly the limit, plain and quoted; then one byte more, plain and quoted. */
    mm_buf_puts(&b, "x,");
    mm_buf_append(&b, big, MAX_FIELD);
    mm_buf_puts(&b, ",y\n\"");
    mm_buf_append(&b, big, MAX_FIELD - 1);
    mm_buf_puts(&b, "\"\"\"\n");
    mm_buf_append(&b, big, n);
    mm_buf_puts(&b, ",after\nz1\n\"");
    mm_buf_append(&b, big, n);
    mm_buf_puts(&b, "\"\nz2\n");

    mm_error err;
    mm_error_clear(&err);
    mm_csv *c = NULL;
    CHECK(mm_csv_open_mem("big.csv", b.data, b.len, NULL, &c, &err) == MM_OK);
    bool has = false;
    CHECK(mm_csv_next(c, &has, &err) == MM_OK && has);
    CHECK_INT(mm_csv_count(c), 3);
    CHECK_INT(mm_csv_fields(c)[1].len, MAX_FIELD);
    CHECK(memcmp(mm_csv_fields(c)[1].data, big, MAX_FIELD) == 0);
    CHECK_STR(mm_csv_fields(c)[2].data, "y");
    CHECK(mm_csv_next(c, &has, &err) == MM_OK && has);
    CHECK_INT(mm_csv_count(c), 1);
    CHECK_INT(mm_csv_fields(c)[0].len, MAX_FIELD);
    CHECK(mm_csv_fields(c)[0].data[MAX_FIELD - 1] == '"');
    /* Too long, plain then quoted; each time reading goes on at the next line. */
    for (long line = 3; line <= 5; line += 2) {
        mm_error_clear(&err);
        CHECK(mm_csv_next(c, &has, &err) == MM_E_DATA && !has);
        CHECK_STR(err.msg, "field 1 is longer than 1048575 bytes");
        CHECK_INT(err.line, line);
        CHECK(mm_csv_next(c, &has, &err) == MM_OK && has);
        CHECK_STR(mm_csv_fields(c)[0].data, line == 3 ? "z1" : "z2");
        CHECK_INT(mm_csv_line(c), line + 1);
    }
    CHECK(mm_csv_next(c, &has, &err) == MM_OK && !has);
    mm_csv_close(c);
    mm_buf_fini(&b);
    mm_free(big);
}

/* A stray opening quote must not hide the rest of the file, even across chunks. */
static void test_stray_quote(void)
{
    mm_buf b, want;
    mm_buf_init(&b);
    mm_buf_init(&want);
    mm_buf_puts(&b, "id,name\n\"stray,quote\n");
    mm_buf_puts(&want,
                "1[id][name]\n!t.csv:2: error: unterminated quoted field (opened on line 2)\n");
    for (int i = 3; i < 12000; i++) {
        mm_buf_printf(&b, "%d,name number %d\n", i, i);
        mm_buf_printf(&want, "%d[%d][name number %d]\n", i, i, i);
    }
    CHECK(b.len > 3 * CHUNK);
    char *got = parse_with(b.data, b.len, NULL);
    check_same(__FILE__, __LINE__, got, want.data);
    mm_free(got);

    /* With a field limit the runaway field stops early, and reading goes on at line 3. */
    mm_csv_limits lim = {1000, 0};
    got = parse_with(b.data, b.len, &lim);
    char *from_line3 = mm_strdup(strchr(strchr(want.data, '\n') + 1, '\n') + 1);
    mm_buf_reset(&want);
    mm_buf_puts(&want, "1[id][name]\n!t.csv:2: error: field 1 is longer than 1000 bytes\n");
    mm_buf_puts(&want, from_line3);
    mm_free(from_line3);
    check_same(__FILE__, __LINE__, got, want.data);
    mm_free(got);
    mm_buf_fini(&b);
    mm_buf_fini(&want);

    /* A plain field that is too long goes on at the next line, even after a multi-line field. */
    static const char data[] = "\"a\nb\",0123456789abc\nz\n";
    mm_csv_limits small = {10, 0};
    got = parse_with(data, sizeof data - 1, &small);
    CHECK_STR(got, "!t.csv:1: error: field 2 is longer than 10 bytes\n3[z]\n");
    mm_free(got);
}

/* Every byte of a tricky record falls on the 64 KiB chunk boundary once. */
static void test_chunk_boundary(void)
{
    static const char rec[] = "\"a\"\"b\",\"c\r\nd\",\xC3\xA9,\"\"\r\nlast\n";
    for (size_t k = 0; k <= sizeof rec; k++) {
        mm_buf b;
        mm_buf_init(&b);
        mm_buf_puts(&b, "pad,");
        while (b.len < CHUNK - k - 1) {
            mm_buf_putc(&b, 'p');
        }
        mm_buf_puts(&b, "\n");
        mm_buf_append(&b, rec, sizeof rec - 1);
        char *got = parse_with(b.data, b.len, NULL);
        const char *tail = strchr(got, '\n');
        if (!tail || strcmp(tail + 1, "2[a\"b][c\r\nd][\xC3\xA9][]\n4[last]\n") != 0) {
            mm_test_fail(__FILE__, __LINE__, "boundary at byte %zu: got \"%s\"", k,
                         tail ? tail + 1 : got);
        }
        mm_free(got);
        mm_buf_fini(&b);
    }
    /* A BOM then a field that ends exactly at the boundary. */
    mm_buf b;
    mm_buf_init(&b);
    mm_buf_puts(&b, "\xEF\xBB\xBF");
    while (b.len < CHUNK) {
        mm_buf_putc(&b, 'q');
    }
    mm_buf_puts(&b, ",r");
    char *got = parse_with(b.data, b.len, NULL);
    CHECK_INT(strlen(got), 1 + 1 + (CHUNK - 3) + 1 + 3 + 1);
    CHECK(strcmp(got + strlen(got) - 5, "][r]\n") == 0);
    mm_free(got);
    mm_buf_fini(&b);
}

/* A deterministic pseudo-random generator (xorshift) for the generated file. */
static unsigned next_rand(unsigned *state)
{
    unsigned x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Appends a random field to csv (encoded) and to want (as read_all shows it); returns lines used.
 */
static int random_field(unsigned *rs, mm_buf *csv, mm_buf *want, bool only_field)
{
    static const char *const pieces[] = {
        "Kidal", " ", "Niafunk\xC3\xA9", "0", "a\"b", "x", "\xE2\xB5\x9C", "Gao", "12.5", "--"};
    static const char *const quoted_pieces[] = {",",        "\"", "\n",      "\r\n",
                                                "Tessalit", ", ", "\xC3\xA9"};
    unsigned kind = next_rand(rs) % 4;
    size_t target = next_rand(rs) % (kind == 3 ? 6000 : 300);
    int lines = 0;
    mm_buf_putc(want, '[');
    if (kind == 0 && !only_field) {
        /* empty */
    } else if (kind == 1 || kind == 3) {
        mm_buf_putc(csv, '"');
        size_t start = want->len;
        while (want->len - start < target) {
            const char *p =
                (next_rand(rs) % 3 == 0)
                    ? quoted_pieces[next_rand(rs) % (sizeof quoted_pieces / sizeof *quoted_pieces)]
                    : pieces[next_rand(rs) % (sizeof pieces / sizeof *pieces)];
            for (const char *q = p; *q; q++) {
                if (*q == '"') {
                    mm_buf_putc(csv, '"'); /* doubled */
                }
                mm_buf_putc(csv, *q);
                lines += *q == '\n';
            }
            mm_buf_puts(want, p);
        }
        mm_buf_putc(csv, '"');
    } else {
        size_t start = want->len;
        do {
            const char *p = pieces[next_rand(rs) % (sizeof pieces / sizeof *pieces)];
            mm_buf_puts(csv, p);
            mm_buf_puts(want, p);
        } while (want->len - start < target);
    }
    mm_buf_putc(want, ']');
    return lines;
}

static void test_generated_file(void)
{
    unsigned rs = 2463534242u;
    mm_buf csv, want;
    mm_buf_init(&csv);
    mm_buf_init(&want);
    long line = 1;
    int records = 0;
    while (csv.len < 300 * 1024) {
        unsigned nf = 1 + next_rand(&rs) % 6;
        mm_buf_printf(&want, "%ld", line);
        for (unsigned i = 0; i < nf; i++) {
            if (i) {
                mm_buf_putc(&csv, ',');
            }
            line += random_field(&rs, &csv, &want, nf == 1);
        }
        mm_buf_puts(&want, "\n");
        mm_buf_puts(&csv, next_rand(&rs) % 2 ? "\n" : "\r\n");
        line++;
        records++;
    }
    CHECK(records > 50);
    char *got = parse_with(csv.data, csv.len, NULL);
    check_same(__FILE__, __LINE__, got, want.data);
    mm_free(got);
    mm_buf_fini(&csv);
    mm_buf_fini(&want);
}

static void test_open_errors(void)
{
    mm_error err;
    mm_error_clear(&err);
    mm_csv *other = NULL;
    CHECK(mm_csv_open_mem("other", "", 0, NULL, &other, &err) == MM_OK);
    mm_csv *c = other;
    const char *path = mm_test_path("missing.csv");
    CHECK_INT(mm_csv_open(path, NULL, &c, &err), MM_E_IO);
    CHECK(c == NULL);
    CHECK_STR(err.msg, "cannot open: No such file or directory");
    CHECK_STR(err.path, path);
    mm_error_clear(&err);
    CHECK_INT(mm_csv_open(mm_test_tmpdir(), NULL, &c, &err), MM_E_IO);
    CHECK_STR(err.msg, "cannot open: Is a directory");
    mm_csv_close(other);
}

/* ACLED-like rows: about 150 bytes, 17 fields. */
static void make_acled(mm_buf *b, size_t bytes)
{
    mm_buf_puts(b, "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
                   "actor2,admin1,admin2,location,latitude,longitude,geo_precision,source,"
                   "fatalities,notes\n");
    for (unsigned i = 0; b->len < bytes; i++) {
        mm_buf_printf(b,
                      "MLI%u,%u November 2023,2023,1,Battles,Armed clash,JNIM,Military Forces of "
                      "Mali,Kidal,Kidal,Anefis,%u.%04u,1.%04u,1,Le Monde,%u,\"Clash, %u\"\n",
                      30000 + i, 1 + i % 28, 17 + i % 3, i % 10000, (i * 7) % 10000, i % 5, i);
    }
}

static void test_throughput(void)
{
    mm_buf b;
    mm_buf_init(&b);
    make_acled(&b, 16u << 20);
    mm_error err;
    mm_error_clear(&err);
    mm_csv *c = NULL;
    CHECK(mm_csv_open_mem("bench.csv", b.data, b.len, NULL, &c, &err) == MM_OK);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool has = true;
    size_t rows = 0, fields = 0;
    while (mm_csv_next(c, &has, &err) == MM_OK && has) {
        rows++;
        fields += mm_csv_count(c);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK_INT(err.status, MM_OK);
    CHECK_INT(fields, rows * 17);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "  csv: %zu rows, %.1f MB in %.3f s: %.0f MB/s (not asserted)\n", rows,
            (double)b.len / 1e6, s, s > 0 ? (double)b.len / 1e6 / s : 0.0);
    mm_csv_close(c);
    mm_buf_fini(&b);
}

MM_TESTS("csv", {"simple", test_simple}, {"empty_fields", test_empty_fields},
         {"quotes", test_quotes}, {"embedded_newlines", test_embedded_newlines},
         {"line_ends", test_line_ends}, {"blank_lines", test_blank_lines}, {"bom", test_bom},
         {"errors", test_errors}, {"error_record", test_error_record}, {"resync", test_resync},
         {"too_many_fields", test_too_many_fields}, {"long_fields", test_long_fields},
         {"stray_quote", test_stray_quote}, {"chunk_boundary", test_chunk_boundary},
         {"generated_file", test_generated_file}, {"open_errors", test_open_errors},
         {"throughput", test_throughput})
