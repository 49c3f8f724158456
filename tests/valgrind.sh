#!/usr/bin/env bash
# `make valgrind`: the demo render, four frames on two workers, a `state` and
# a `check` under valgrind,
# which must report no error and no definite leak (tests/valgrind.supp lists
# the third-party one-time allocations that are not leaks).
#   tests/valgrind.sh build/malimap
# One PASS/FAIL line per command with valgrind's summary; logs in build/valgrind/.
set -u
cd "$(dirname "$0")/.."
prog=$1
out=build/valgrind
mkdir -p "$out"
export FONTCONFIG_FILE=$PWD/tests/fonts.conf
export SOURCE_DATE_EPOCH=1700000000
failed=0
check() {
    local name=$1; shift
    valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
        --error-exitcode=99 --num-callers=40 --suppressions=tests/valgrind.supp \
        --log-file="$out/$name.log" "$prog" "$@" >"$out/$name.out" 2>"$out/$name.err"
    local rc=$?
    local errors leaks
    errors=$(grep -o 'ERROR SUMMARY: [0-9,]* errors' "$out/$name.log" | grep -o '[0-9,]* errors')
    leaks=$(grep -o 'definitely lost: [0-9,]* bytes in [0-9,]* blocks' "$out/$name.log" |
        sed 's/definitely lost: //')
    if [ "$rc" = 0 ]; then
        echo "PASS valgrind/$name: ${errors:-0 errors}, definitely lost ${leaks:-0 bytes}"
    else
        echo "FAIL valgrind/$name: exit $rc, ${errors:-?}, definitely lost ${leaks:-?}; see $out/$name.log"
        failed=1
    fi
}
check render render -o "$out/mali.png"
check frames render --from 2023-11-12 --to 2023-11-15 -j 2 -q -o "$out/frames/{date}.png"
check state state --date 2023-11-14
check check check
exit $failed
