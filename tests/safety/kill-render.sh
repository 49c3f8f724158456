#!/usr/bin/env bash
# Interrupting `malimap render` never leaves a partial or corrupt output.
#   tests/safety/kill-render.sh PROGRAM TOOLS_DIR SLOWIO_SO [ROUNDS]
# 1. In the window where the temporary file exists (fsync() slowed by the
#    slowio.so shim): SIGINT and SIGTERM exit 130 and 143 and remove the
#    temporary file; SIGKILL may leave it; the previous output is untouched.
# 2. ROUNDS renders (default 12 per signal) killed at random moments with
#    SIGINT, SIGTERM and SIGKILL: the target is always absent, the previous
#    good file, or a complete PNG (read to the end by pnginfo); after SIGINT
#    and SIGTERM no temporary file is left. One PASS/FAIL line per check.
set -u
prog=$1 tools=$2 slowio=$3 rounds=${4:-12}
export FONTCONFIG_FILE=${FONTCONFIG_FILE:-$(cd "$(dirname "$0")/../.." && pwd)/tests/fonts.conf}
set -m # background renders in their own process group, with SIGINT not ignored
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
temp_re='^\.out\.png\.[A-Za-z0-9]{6}$'
temps() { ls -A "$work" | grep -E "$temp_re"; }
code_of() { case $1 in INT) echo 130 ;; TERM) echo 143 ;; KILL) echo 137 ;; esac; }

# the previous good output
"$prog" render --size 320x240 -o "$work/good.png" 2>"$work/err" ||
    { echo "FAIL safety/setup: $(head -1 "$work/err")"; exit 1; }
good=$(md5sum <"$work/good.png")

# ---- 1. a signal while the temporary file exists ----
for sig in INT TERM KILL; do
    cp "$work/good.png" "$work/out.png"
    LD_PRELOAD=$slowio SLOWIO_FSYNC_MS=4000 "$prog" render --size 320x240 -o "$work/out.png" \
        2>/dev/null &
    pid=$!
    for _ in $(seq 600); do # up to 30 s for the temporary file to appear
        [ -n "$(temps)" ] && break
        sleep 0.05
    done
    seen=$(temps)
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=$?
    left=$(temps)
    why=""
    if [ -z "$seen" ]; then
        why="no temporary file appeared"
    elif [ "$rc" != "$(code_of "$sig")" ]; then
        why="exit $rc, expected $(code_of "$sig")"
    elif [ "$(md5sum <"$work/out.png")" != "$good" ]; then
        why="the previous output was changed"
    elif [ "$sig" != KILL ] && [ -n "$left" ]; then
        why="temporary file left: $left"
    fi
    if [ -n "$why" ]; then
        echo "FAIL safety/sig$sig-while-writing: $why"
    else
        note="temporary file removed"
        [ "$sig" = KILL ] && [ -n "$left" ] && note="temporary file left, as SIGKILL allows"
        echo "PASS safety/sig$sig-while-writing (exit $rc, previous output intact, $note)"
    fi
    for t in $left; do rm -f "$work/$t"; done
done

# ---- 2. random moments ----
# how long a render takes here, to spread the kills over all of it
start=$(date +%s%N)
"$prog" render --size 1200x900 -o "$work/timing.png" 2>/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
[ "$ms" -lt 200 ] && ms=200
for sig in INT TERM KILL; do
    finished=0 killed=0 kept=0 replaced=0 absent=0 leftovers=0 why=""
    for i in $(seq "$rounds"); do
        if [ $((i % 3)) = 0 ]; then
            rm -f "$work/out.png" # sometimes there is no previous output
        else
            cp "$work/good.png" "$work/out.png"
        fi
        before=$( [ -e "$work/out.png" ] && echo present || echo absent )
        "$prog" render --size 1200x900 -o "$work/out.png" 2>/dev/null &
        pid=$!
        delay=$((RANDOM % (ms * 11 / 10 + 1)))
        sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
        kill -s "$sig" "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        rc=$?
        case $rc in
        0) finished=$((finished + 1)) ;;
        "$(code_of "$sig")") killed=$((killed + 1)) ;;
        *) why="round $i: exit $rc" ;;
        esac
        if [ ! -e "$work/out.png" ]; then
            absent=$((absent + 1))
            [ "$before" = absent ] || why="round $i: the previous output disappeared"
        elif [ "$before" = present ] && [ "$(md5sum <"$work/out.png")" = "$good" ]; then
            kept=$((kept + 1))
        elif "$tools/pnginfo" "$work/out.png" 2>/dev/null | grep -qx 'size 1200x900'; then
            replaced=$((replaced + 1))
        else
            why="round $i: out.png is neither absent, the previous file nor a complete PNG"
        fi
        left=$(temps)
        if [ -n "$left" ]; then
            leftovers=$((leftovers + 1))
            [ "$sig" = KILL ] || why="round $i: temporary file left: $left"
            for t in $left; do rm -f "$work/$t"; done
        fi
        [ -n "$why" ] && break
    done
    if [ -n "$why" ]; then
        echo "FAIL safety/random-sig$sig: $why"
    else
        echo "PASS safety/random-sig$sig ($rounds renders of ~${ms} ms: $killed killed, $finished" \
            "finished; output absent $absent, previous $kept, complete new $replaced;" \
            "temporary files left $leftovers)"
    fi
done
