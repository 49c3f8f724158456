#!/usr/bin/env bash
# Golden images: renders each case of tests/golden/cases and compares it with
# tests/golden/<name>.png within a tolerance (tests/tools/imgdiff.c). On a
# failure the output and a diff image are kept in build/golden-fail/.
#   tests/golden/run.sh PROGRAM IMGDIFF [LABEL] [--update]
# Each line of cases: NAME THRESHOLD MAX_CHANGED ARGS...
set -u
prog=$1; imgdiff=$2; label=${3:-golden}; update=0
[ "${3:-}" = "--update" ] && { update=1; label=golden; }
[ "${4:-}" = "--update" ] && update=1
dir=$(cd "$(dirname "$0")" && pwd)
fail_dir=build/golden-fail
status=0
while read -r name threshold max_changed args; do
    case $name in ''|\#*) continue ;; esac
    out=$(mktemp -d)
    eval "set -- $args"
    if ! "$prog" render "$@" -o "$out/$name.png" 2>"$out/err"; then
        echo "FAIL $label/$name: render failed: $(head -1 "$out/err")"
        status=1; rm -rf "$out"; continue
    fi
    if grep -qE 'Sanitizer|runtime error' "$out/err"; then
        echo "FAIL $label/$name: $(grep -m1 -E 'Sanitizer|runtime error' "$out/err")"
        status=1; rm -rf "$out"; continue
    fi
    if [ $update = 1 ]; then
        cp "$out/$name.png" "$dir/$name.png"
        echo "updated $dir/$name.png — look at it before committing"
    elif [ ! -f "$dir/$name.png" ]; then
        echo "FAIL $label/$name: no reference $dir/$name.png (make golden-update)"
        status=1
    elif msg=$("$imgdiff" "$dir/$name.png" "$out/$name.png" --threshold "$threshold" \
                 --max-changed "$max_changed" --diff "$out/$name-diff.png"); then
        echo "PASS $label/$name ($msg)"
    else
        mkdir -p "$fail_dir"
        cp "$out/$name.png" "$fail_dir/$name.png"
        [ -f "$out/$name-diff.png" ] && cp "$out/$name-diff.png" "$fail_dir/$name-diff.png"
        echo "FAIL $label/$name: $msg (see $fail_dir/$name.png and $name-diff.png)"
        status=1
    fi
    rm -rf "$out"
done <"$dir/cases"
exit $status
