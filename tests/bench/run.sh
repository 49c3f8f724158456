#!/usr/bin/env bash
# Benchmarks (make bench): builds the bench tools against build/libmalimap.a
# with the Makefile's flags, generates a 1,000,000-row ACLED-format events file
# (once; kept in build/bench/) and prints load time and peak memory, with and
# without notes. Target: under 2 s and under 300 MB peak RSS.
#   tests/bench/run.sh [ROWS]
set -eu
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
out=build/bench
mkdir -p "$out"
pkgs="cairo pangocairo shapelib proj geos libpng json-c"
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -g -Wall -Wextra -Wshadow
        -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Iinclude $(pkg-config --cflags $pkgs)"
libs="build/libmalimap.a $(pkg-config --libs $pkgs) -lm -lpthread"
[ -f build/libmalimap.a ] || { echo "bench: build/libmalimap.a missing: run make first" >&2; exit 1; }
for tool in gen_events bench_events bench_territory; do
    # shellcheck disable=SC2086
    ${CC:-cc} $cflags -o "$out/$tool" "tests/bench/$tool.c" $libs
done
data="$out/events-$rows.csv"
if [ ! -s "$data" ] || [ "$data" -ot tests/bench/gen_events.c ]; then
    echo "generating $rows rows into $data ..."
    "$out/gen_events" "$rows" shapes/places.csv "$data.tmp"
    mv "$data.tmp" "$data"
fi
size=$(stat -c %s "$data")
echo "file: $data, $((size / 1000000)) MB, $((size / rows)) bytes/row"
# Once to warm the page cache, then measured.
"$out/bench_events" shapes/places.csv shapes/control.csv "$data" >/dev/null
"$out/bench_events" shapes/places.csv shapes/control.csv "$data"
"$out/bench_events" shapes/places.csv shapes/control.csv "$data" --drop-notes
"$out/bench_territory" shapes/mali_adm0.shp
