#!/usr/bin/env bash
# Runs CLI cases written as data. Usage: tests/cli/run.sh PROGRAM LABEL FILE.t...
#
# A case is a block of "key: value" lines; blocks are separated by blank lines.
#   test:    name of the case
#   setup:   a shell command run before (in the case's temporary folder $TMP)
#   env:     NAME=VALUE for the program's environment
#   args:    the program's arguments (shell words; $TMP, $ROOT and $DATA expand)
#   stdin:   a file fed to standard input
#   exit:    expected exit code
#   stderr:  the exact first line expected on standard error ("" for none)
#   stdout~: an extended regular expression some line of standard output matches
#   stderr~: an extended regular expression some line of standard error matches
#   file:    a file that must exist afterwards
#   nofile:  a file that must not exist afterwards
#   check:   a shell command that must succeed afterwards
# Prints one PASS/FAIL line per case.
set -u
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); label=$2; shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$ROOT
export ROOT DATA
failed=0

run_case() {
    local name="" args="" exit_want="" stderr_want="" have_stderr=0 stdin=/dev/null
    local -a setups=() envs=() files=() nofiles=() checks=() outre=() errre=()
    local line key val
    while IFS= read -r line; do
        key=${line%%:*}; val=${line#*: }
        [ "$val" = "$line" ] && val=""
        case $key in
            test) name=$val ;;
            setup) setups+=("$val") ;;
            env) envs+=("$val") ;;  # expanded after $TMP is known
            args) args=$val ;;
            stdin) stdin=$val ;;
            exit) exit_want=$val ;;
            stderr) stderr_want=$val; have_stderr=1 ;;
            stdout~) outre+=("$val") ;;
            stderr~) errre+=("$val") ;;
            file) files+=("$val") ;;
            nofile) nofiles+=("$val") ;;
            check) checks+=("$val") ;;
            \#*|"") ;;
            *) echo "FAIL $label/$name: unknown key '$key'"; return 1 ;;
        esac
    done <<<"$1"
    [ -n "$name" ] || return 0
    TMP=$(mktemp -d); export TMP
    local why=""
    for s in "${setups[@]+"${setups[@]}"}"; do
        (cd "$TMP" && eval "$s") >/dev/null 2>&1 || why="setup failed: $s"
    done
    local out err code i
    for i in "${!envs[@]}"; do envs[$i]=$(eval "echo \"${envs[$i]}\""); done
    if [ -z "$why" ]; then
        eval "set -- $args"
        stdin=$(eval "echo \"$stdin\"")
        (cd "$TMP" && exec env "${envs[@]+"${envs[@]}"}" "$prog" "$@") <"$stdin" \
            >"$TMP/.stdout" 2>"$TMP/.stderr"
        code=$?
        err=$(head -n 1 "$TMP/.stderr")
        if [ -n "$exit_want" ] && [ "$code" != "$exit_want" ]; then
            why="exit code $code, expected $exit_want (stderr: $err)"
        elif [ $have_stderr = 1 ] && [ "$err" != "$(eval "echo \"$stderr_want\"")" ]; then
            why="stderr '$err', expected '$stderr_want'"
        elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$TMP/.stderr"; then
            why="sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$TMP/.stderr")"
        fi
        for re in "${outre[@]+"${outre[@]}"}"; do
            [ -n "$why" ] || grep -qE -- "$re" "$TMP/.stdout" || why="no stdout line matches /$re/"
        done
        for re in "${errre[@]+"${errre[@]}"}"; do
            [ -n "$why" ] || grep -qE -- "$re" "$TMP/.stderr" || why="no stderr line matches /$re/"
        done
        for f in "${files[@]+"${files[@]}"}"; do
            f=$(eval "echo \"$f\"")
            [ -n "$why" ] || [ -e "$f" ] || why="missing file $f"
        done
        for f in "${nofiles[@]+"${nofiles[@]}"}"; do
            f=$(eval "echo \"$f\"")
            [ -n "$why" ] || [ ! -e "$f" ] || why="file $f should not exist"
        done
        for c in "${checks[@]+"${checks[@]}"}"; do
            [ -n "$why" ] || (cd "$TMP" && eval "$c") >/dev/null 2>&1 || why="check failed: $c"
        done
        # no temporary output files left behind
        if [ -z "$why" ] && ls -A "$TMP" | grep -qE '^\..*\.[A-Za-z0-9]{6}$'; then
            why="temporary file left: $(ls -A "$TMP" | grep -E '^\..*\.[A-Za-z0-9]{6}$' | head -1)"
        fi
    fi
    if [ -n "$why" ]; then
        echo "FAIL $label/$name: $why"
        failed=1
    else
        echo "PASS $label/$name"
        rm -rf "$TMP"
    fi
}

for file in "$@"; do
    block=""
    while IFS= read -r line || [ -n "$line" ]; do
        if [ -z "$line" ]; then
            [ -n "$block" ] && run_case "$block"
            block=""
        else
            block+="$line"$'\n'
        fi
    done <"$file"
    [ -n "$block" ] && run_case "$block"
done
exit $failed
