/*
 * harness.h — the unit-test harness: a table of named test functions per
 * suite, CHECK macros that record a failure and carry on, one result line per
 * test ("PASS suite/name" or "FAIL suite/name: file:line: what"). Run a suite
 * binary with test names as arguments to run only those.
 */
#ifndef MM_TEST_HARNESS_H
#define MM_TEST_HARNESS_H

#include <math.h>
#include <stddef.h>
#include <string.h>

typedef struct mm_test {
    const char *name;
    void (*fn)(void);
} mm_test;

int mm_test_main(int argc, char **argv, const char *suite, const mm_test *tests, size_t n);
void mm_test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A fresh directory for this test binary's files (removed at exit when all passed). */
const char *mm_test_tmpdir(void);
/* Joins mm_test_tmpdir() and name into a static buffer (valid until the next call). */
const char *mm_test_path(const char *name);
/* Writes len bytes to path; returns 0 on success. */
int mm_test_write_file(const char *path, const void *data, size_t len);
/* Reads a whole file (caller frees); NULL if missing. */
char *mm_test_read_file(const char *path, size_t *len);

#define CHECK(c)                                                                 \
    do {                                                                         \
        if (!(c)) {                                                              \
            mm_test_fail(__FILE__, __LINE__, "CHECK(%s)", #c);                   \
        }                                                                        \
    } while (0)

#define CHECK_INT(a, b)                                                          \
    do {                                                                         \
        long long va_ = (long long)(a), vb_ = (long long)(b);                    \
        if (va_ != vb_) {                                                        \
            mm_test_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", \
                         #a, va_, #b, vb_);                                      \
        }                                                                        \
    } while (0)

#define CHECK_STR(a, b)                                                          \
    do {                                                                         \
        const char *sa_ = (a), *sb_ = (b);                                       \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                             \
            mm_test_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, \
                         sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");            \
        }                                                                        \
    } while (0)

#define CHECK_NEAR(a, b, eps)                                                    \
    do {                                                                         \
        double da_ = (a), db_ = (b);                                             \
        if (!(fabs(da_ - db_) <= (eps))) {                                       \
            mm_test_fail(__FILE__, __LINE__, "%s == %.9g, expected %.9g +- %g",  \
                         #a, da_, db_, (double)(eps));                           \
        }                                                                        \
    } while (0)

#define MM_TESTS(suite, ...)                                                     \
    int main(int argc, char **argv)                                              \
    {                                                                            \
        static const mm_test tests_[] = {__VA_ARGS__};                           \
        return mm_test_main(argc, argv, suite, tests_,                           \
                            sizeof tests_ / sizeof tests_[0]);                   \
    }

#endif
