#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, N failed".
#   tests/run.sh                  everything (expects `make tests check-asan` done)
#   tests/run.sh --golden-update  re-render the golden references (then look at them!)
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export FONTCONFIG_FILE=$ROOT/tests/fonts.conf
export SOURCE_DATE_EPOCH=1700000000
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

if [ "${1:-}" = "--golden-update" ]; then
    tests/golden/run.sh build/malimap build/tools/imgdiff --update
    exit $?
fi

run() { "$@" 2>&1 | tee -a "$LOG" | grep -E '^(PASS|FAIL)' ; }
section() { echo "== $*"; }

section "layout"
run tests/tools/check-deps.sh
section "bundled styles against the MapLibre validator"
run tests/tools/validate-styles.sh
section "unit tests"
for t in build/unit/test_*; do run "$t"; done
section "unit tests under AddressSanitizer and UBSan"
for t in build/san/unit/test_*; do
    name=$(basename "$t")
    "$t" >"$LOG.one" 2>&1
    rc=$?
    sed "s|^PASS |PASS asan/|; s|^FAIL |FAIL asan/|" "$LOG.one" | tee -a "$LOG" | grep -E '^(PASS|FAIL)'
    if [ $rc != 0 ] && ! grep -q '^FAIL' "$LOG.one"; then
        echo "FAIL asan/$name: exited $rc: $(grep -m1 -E 'ERROR|runtime error' "$LOG.one")" | tee -a "$LOG"
    fi
done
rm -f "$LOG.one"
section "command-line cases"
run tests/cli/run.sh build/malimap cli tests/cli/*.t
section "command-line cases under AddressSanitizer and UBSan"
run tests/cli/run.sh build/san/malimap asan-cli tests/cli/*.t
section "bad inputs under AddressSanitizer and UBSan (tests/bad)"
run tests/cli/run.sh build/san/malimap bad tests/bad/*.t
section "fuzz regressions and corpora under AddressSanitizer and UBSan"
run tests/fuzz/replay.sh build/san/replay
section "interrupted renders leave no partial file"
run tests/safety/kill-render.sh build/malimap build/tools build/safety/slowio.so
section "under valgrind: no error, no definite leak"
run tests/valgrind.sh build/malimap
section "golden images"
run tests/golden/run.sh build/malimap build/tools/imgdiff
section "golden images under AddressSanitizer and UBSan"
run tests/golden/run.sh build/san/malimap build/tools/imgdiff asan-golden
section "outputs in other programs: xmllint, poppler, Chromium, librsvg, Inkscape"
run tests/outputs/run.sh build/malimap build/tools
if [ -x tests/extra.sh ]; then
    section "other checks"
    run tests/extra.sh
fi

passed=$(grep -c '^PASS' "$LOG")
failed=$(grep -c '^FAIL' "$LOG")
if [ "$failed" != 0 ]; then
    echo "failures:"
    grep '^FAIL' "$LOG" | sed 's/^/  /'
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
