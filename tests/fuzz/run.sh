#!/usr/bin/env bash
# Runs libFuzzer harnesses for a while each, two at a time (make fuzz).
#   tests/fuzz/run.sh SECONDS build/fuzz/fuzz_NAME...
# Each starts from tests/fuzz/corpus/NAME and tests/fuzz/regress/NAME, adds
# what it finds to build/fuzz/corpus/NAME, and saves a crashing input in
# build/fuzz/artifacts/NAME/. Prints per harness its executions, exec/s and
# coverage (libFuzzer's final "cov:" figure); exits 1 if any harness crashed.
set -u
cd "$(dirname "$0")/../.."
seconds=$1; shift
jobs=${FUZZ_JOBS:-2}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build/fuzz/logs

run_one() {
    local bin=$1 name
    name=$(basename "$bin"); name=${name#fuzz_}
    local work=build/fuzz/corpus/$name art=build/fuzz/artifacts/$name/
    mkdir -p "$work" "$art" "tests/fuzz/corpus/$name" "tests/fuzz/regress/$name"
    local dict=()
    [ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
        -max_len="${FUZZ_MAX_LEN:-65536}" -print_final_stats=1 -artifact_prefix="$art" \
        "${dict[@]+"${dict[@]}"}" "$work" "tests/fuzz/corpus/$name" "tests/fuzz/regress/$name" \
        >"build/fuzz/logs/$name.log" 2>&1
    local rc=$?
    local last runs
    last=$(grep -E '^#[0-9]+' "build/fuzz/logs/$name.log" | tail -1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build/fuzz/logs/$name.log")
    local cov execs
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    execs=$(sed -n 's/.* exec\/s: \([0-9]*\).*/\1/p' <<<"$last")
    if [ $rc = 0 ]; then
        echo "PASS fuzz/$name: ${runs:-?} runs in ${seconds}s, ${execs:-?} exec/s, cov ${cov:-?}"
    else
        echo "FAIL fuzz/$name: exit $rc after ${runs:-?} runs; see build/fuzz/logs/$name.log and $art"
    fi
    [ $rc = 0 ]
}

failed=0
pids=()
for bin in "$@"; do
    run_one "$bin" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]+"${pids[@]}"}"; do
    wait "$p" || failed=1
done
exit $failed
