#!/usr/bin/env bash
# Replays every committed fuzz input through its harness built as a plain
# program (make tests: build/san/replay/fuzz_NAME under ASan and UBSan).
#   tests/fuzz/replay.sh build/san/replay
# One line per saved crash (tests/fuzz/regress/NAME/*) and one per corpus
# (tests/fuzz/corpus/NAME/), PASS or FAIL in the format of tests/run.sh.
set -u
cd "$(dirname "$0")/../.."
bindir=$1
# as libFuzzer's -malloc_limit_mb would, a huge allocation is a finding
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}:max_allocation_size_mb=512
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

replay() { # label bin files...
    local label=$1 bin=$2; shift 2
    if "$bin" "$@" >"$log" 2>&1; then
        echo "PASS $label"
    else
        echo "FAIL $label: $(grep -m1 -E 'ERROR|runtime error|Sanitizer|replay:' "$log" || tail -1 "$log")"
        failed=1
    fi
}

for src in tests/fuzz/fuzz_*.c; do
    harness=$(basename "$src" .c)
    name=${harness#fuzz_}
    bin=$bindir/$harness
    if [ ! -x "$bin" ]; then
        echo "FAIL fuzz/$name: $bin not built (make tests)"
        failed=1
        continue
    fi
    for f in tests/fuzz/regress/"$name"/*; do
        [ -f "$f" ] || continue
        replay "fuzz/$name/regress/$(basename "$f")" "$bin" "$f"
    done
    corpus=(tests/fuzz/corpus/"$name"/*)
    if [ -f "${corpus[0]}" ]; then
        replay "fuzz/$name/corpus (${#corpus[@]} inputs)" "$bin" "${corpus[@]}"
    fi
done
exit $failed
