#!/usr/bin/env bash
# Benchmarks (make bench, after make all). Writes tests/bench/RESULTS.md from
# this one run (never edit it by hand) and keeps logs and images in build/bench/.
#   tests/bench/run.sh [--quick]     (--quick: fewer runs, 100k events at most)
#
# 1. The reference map (Mali's regions, neighbours, rivers, lakes, about 40
#    labelled places, LAEA, 1600x1200) drawn by malimap (reference.json),
#    Mapnik through python3-mapnik (reference-mapnik.xml) and MapServer's
#    map2img (reference.map): median wall time of a fresh process (rounds
#    interleaved, so drifting load hits all three alike), the cost per map
#    when each draws many in one process, peak RSS, output size, malimap's
#    ratio to each; PNG and SVG. The images go to build/bench/ to be compared.
# 2. Events: 10k, 100k and 1M ACLED-format rows: load and index
#    (bench_events), and malimap render --events FILE of one date.
# 3. Territory for 50, 500 and 5000 places (bench_territory).
# 4. 365 daily frames at 1600x1200, -j 1 and -j 2 (when render has --from).
# Peers missing from the machine are installed from Debian (apt-get as root,
# else through sudo); without them their rows say so.
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
quick=0
[ "${1:-}" = "--quick" ] && quick=1
out=$root/build/bench
log=$out/log
mkdir -p "$out" "$log"
rm -f "$log"/*.times "$log"/*.rss
runs=15         # fresh-process runs per program (median)
loop=30         # maps drawn in one process
event_runs=9
frame_runs=3
if [ $quick = 1 ]; then runs=9; loop=10; frame_runs=1; fi
[ -x build/malimap ] && [ -f build/libmalimap.a ] || {
    echo "bench: build/malimap missing: run make first" >&2; exit 1; }
# a snapshot of the build, so that a rebuild during the run changes nothing
cp build/malimap "$out/malimap"
cp build/libmalimap.a "$out/libmalimap.a"
prog=$out/malimap
py=/usr/bin/python3 # Debian's, where python3-mapnik lives

# ---- peers and tools from Debian ----
deb_pkgs="python3-mapnik python3-cairo mapnik-utils mapserver-bin time"
missing=""
for p in $deb_pkgs; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo=sudo; else
        sudo=none; fi
    if [ "$sudo" = none ]; then
        echo "bench: missing Debian packages:$missing (run as root: apt-get install$missing)" >&2
    else
        echo "installing:$missing"
        $sudo apt-get update -qq &&
            $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                --no-install-recommends $missing >/dev/null ||
            echo "bench: could not install$missing; their rows stay empty" >&2
    fi
fi
have_mapnik=0; have_mapserver=0; have_time=0
$py -c 'import mapnik, cairo' 2>/dev/null && have_mapnik=1
command -v map2img >/dev/null && have_mapserver=1
[ -x /usr/bin/time ] && have_time=1

# ---- bench tools, against build/libmalimap.a with the Makefile's flags ----
pkgs=${PKGS:-$(make -s --no-print-directory -p -n -f Makefile 2>/dev/null | sed -n 's/^PKGS := //p')}
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -g -Wall -Wextra -Wshadow
        -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Iinclude $(pkg-config --cflags $pkgs)"
libs="$out/libmalimap.a $(pkg-config --libs $pkgs) -lm -lpthread"
for tool in gen_events bench_events bench_territory bench_render; do
    # shellcheck disable=SC2086
    ${CC:-cc} $cflags -o "$out/$tool" "tests/bench/$tool.c" $libs
done

# ---- helpers ----
now_ns() { date +%s%N; }
# run NAME CMD...: one timed run, appended (ns) to $log/NAME.times
run() {
    local name=$1; shift
    local t0 t1
    t0=$(now_ns)
    "$@" >/dev/null 2>>"$log/$name.err" || { echo "bench: $name failed: $*" >&2; return 1; }
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$log/$name.times"
}
# median NAME: median of NAME's runs in ms (empty when none)
median() {
    [ -s "$log/$1.times" ] || return 0
    sort -n "$log/$1.times" | awk '{v[NR]=$1} END {
        m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.1f", m / 1e6 }'
}
nruns() { [ -s "$log/$1.times" ] && wc -l <"$log/$1.times" || echo 0; }
# rss NAME CMD...: peak resident memory of one run, in MB
rss() {
    local name=$1; shift
    [ $have_time = 1 ] || return 0
    /usr/bin/time -f %M -o "$log/$name.rss" "$@" >/dev/null 2>&1 || return 0
    tail -1 "$log/$name.rss" | awk '{printf "%.1f", $1 / 1024}'
}
size_of() { [ -f "$1" ] && stat -c %s "$1" || echo ""; }
kb() { [ -n "$1" ] && awk -v b="$1" 'BEGIN {printf "%.0f", b / 1000}' || echo "–"; }
ratio() { # ratio A B: A / B with 2 decimals, or – when either is missing
    if [ -n "$1" ] && [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'
    else echo "–"; fi
}
holds() { # holds VALUE OP LIMIT: "yes"/"no"/"–"
    if [ -z "$1" ] || [ "$1" = "–" ]; then echo "–"; return; fi
    awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
        ok = op == "<=" ? v <= l : op == "<" ? v < l : op == ">=" ? v >= l : v > l
        print ok ? "yes" : "no" }'
}
or_dash() { [ -n "${1:-}" ] && echo "$1" || echo "–"; }

# ---- 1. the reference map ----
ref=tests/bench/reference.json
mnk_xml=tests/bench/reference-mapnik.xml
ms_map=tests/bench/reference.map
echo "reference map: $runs fresh runs each, interleaved ..."
declare -A cmd
cmd[malimap_png]="$prog render --style $ref -o $out/malimap.png"
cmd[malimap_svg]="$prog render --style $ref -o $out/malimap.svg"
if [ $have_mapnik = 1 ]; then
    cmd[mapnik_png]="$py tests/bench/mapnik_render.py $mnk_xml $out/mapnik.png"
    cmd[mapnik_svg]="$py tests/bench/mapnik_render.py $mnk_xml $out/mapnik.svg"
fi
if [ $have_mapserver = 1 ]; then
    cmd[mapserver_png]="map2img -m $ms_map -o $out/mapserver.png"
    cmd[mapserver_svg]="map2img -m $ms_map -i svg -o $out/mapserver.svg"
fi
keys="malimap_png mapnik_png mapserver_png malimap_svg mapnik_svg mapserver_svg"
for k in $keys; do # warm-up: page cache, font caches
    [ -n "${cmd[$k]:-}" ] && ${cmd[$k]} >/dev/null 2>&1 || true
done
for ((r = 0; r < runs; r++)); do
    for k in $keys; do
        # shellcheck disable=SC2086
        [ -z "${cmd[$k]:-}" ] || run "$k" ${cmd[$k]} || true
    done
done
declare -A t mem size
for k in $keys; do
    t[$k]=$(median "$k")
    # shellcheck disable=SC2086
    mem[$k]=$([ -n "${cmd[$k]:-}" ] && rss "$k" ${cmd[$k]} || true)
done
for f in malimap mapnik mapserver; do
    size[${f}_png]=$(size_of $out/$f.png)
    size[${f}_svg]=$(size_of $out/$f.svg)
done
# text kept as text in the SVGs
texts() { [ -f "$1" ] && grep -o '<text' "$1" | wc -l || echo ""; }
declare -A svg_text
for f in malimap mapnik mapserver; do svg_text[$f]=$(texts $out/$f.svg); done

# in one process: maps drawn one after another with everything loaded
echo "reference map: $loop maps in one process each ..."
inproc_malimap=$("$out/bench_render" $ref "$loop" | tee "$log/bench_render.txt" |
    sed -n 's/.*again with the map open \([0-9.]*\);.*/\1/p')
phases=$(sed -n 's/^phases of one PNG map (median of [0-9]*, ms): //p' "$log/bench_render.txt")
inproc_malimap_svg=$("$out/bench_render" $ref "$loop" svg |
    sed -n 's/.*again with the map open \([0-9.]*\);.*/\1/p')
inproc_mapnik=""; inproc_mapnik_draw=""; inproc_mapnik_svg=""
if [ $have_mapnik = 1 ]; then
    line=$($py tests/bench/mapnik_render.py $mnk_xml "$log/loop.png" "$loop")
    inproc_mapnik=$(sed -n 's/.*per_map_ms=\([0-9.]*\).*/\1/p' <<<"$line")
    inproc_mapnik_draw=$(sed -n 's/.*draw_ms=\([0-9.]*\).*/\1/p' <<<"$line")
    line=$($py tests/bench/mapnik_render.py $mnk_xml "$log/loop.svg" "$loop")
    inproc_mapnik_svg=$(sed -n 's/.*per_map_ms=\([0-9.]*\).*/\1/p' <<<"$line")
fi
inproc_mapserver=""; inproc_mapserver_svg=""
if [ $have_mapserver = 1 ]; then
    # map2img -c N draws (and writes) the map N times in one process: the
    # cost per map is the difference between N and 1, over N - 1
    for ((r = 0; r < 3; r++)); do
        run ms_c1 map2img -m $ms_map -o "$log/loop.png" -c 1
        run ms_cN map2img -m $ms_map -o "$log/loop.png" -c "$loop"
        run ms_svg_c1 map2img -m $ms_map -i svg -o "$log/loop.svg" -c 1
        run ms_svg_cN map2img -m $ms_map -i svg -o "$log/loop.svg" -c "$loop"
    done
    per() { awk -v a="$(median "$1")" -v b="$(median "$2")" -v n="$loop" \
        'BEGIN {printf "%.1f", (b - a) / (n - 1)}'; }
    inproc_mapserver=$(per ms_c1 ms_cN)
    inproc_mapserver_svg=$(per ms_svg_c1 ms_svg_cN)
fi
# the three PNGs side by side, for a person to compare
if command -v convert >/dev/null && [ -f $out/mapnik.png ] && [ -f $out/mapserver.png ]; then
    convert $out/malimap.png $out/mapnik.png $out/mapserver.png -resize 50% +append \
        $out/compare.png 2>/dev/null || true
fi

# ---- 2. events: load + index, and one date rendered ----
echo "events ..."
sizes="10000 100000 1000000"
[ $quick = 1 ] && sizes="10000 100000"
declare -A ev_load ev_rss ev_render ev_render_rss ev_bytes
for rows in $sizes; do
    data="$out/events-$rows.csv"
    if [ ! -s "$data" ] || [ "$data" -ot tests/bench/gen_events.c ]; then
        echo "generating $rows rows into $data ..."
        "$out/gen_events" "$rows" shapes/places.csv "$data.tmp"
        mv "$data.tmp" "$data"
    fi
    ev_bytes[$rows]=$(stat -c %s "$data")
    "$out/bench_events" shapes/places.csv shapes/control.csv "$data" >/dev/null # page cache
    "$out/bench_events" shapes/places.csv shapes/control.csv "$data" >"$log/events-$rows.txt"
    ev_load[$rows]=$(sed -n 's/^events: .* loaded in \([0-9.]*\) s.*/\1/p' "$log/events-$rows.txt")
    ev_rss[$rows]=$(sed -n 's/^memory: peak RSS \([0-9.]*\) MB.*/\1/p' "$log/events-$rows.txt")
    for ((r = 0; r < event_runs; r++)); do
        run "events_$rows" $prog render --events "$data" --date 2023-11-14 -o "$log/events.png"
    done
    ev_render[$rows]=$(median "events_$rows")
    ev_render_rss[$rows]=$(rss "events_rss_$rows" $prog render --events "$data" \
        --date 2023-11-14 -o "$log/events.png")
done
if [ $quick = 0 ]; then
    "$out/bench_events" shapes/places.csv shapes/control.csv "$out/events-1000000.csv" \
        --drop-notes >"$log/events-1000000-drop-notes.txt"
fi

# ---- 3. territory ----
echo "territory ..."
"$out/bench_territory" shapes/mali_adm0.shp | tee "$log/territory.txt"

# ---- 4. frames ----
frames_note=""
declare -A fr
if $prog render --help | grep -q -- --from; then
    echo "365 daily frames, -j 1 and -j 2, $frame_runs run(s) each ..."
    for ((r = 0; r < frame_runs; r++)); do
        for j in 1 2; do
            rm -rf "$out/frames-j$j"
            mkdir -p "$out/frames-j$j"
            run "frames_j$j" $prog render --from 2023-01-01 --to 2023-12-31 --every 1d \
                -o "$out/frames-j$j/{date}.png" -j $j
        done
    done
    for ((r = 0; r < runs; r++)); do # the cold single render they are compared with
        run cold_default $prog render --date 2023-11-14 -o "$log/cold.png"
    done
    fr[j1]=$(median frames_j1)
    fr[j2]=$(median frames_j2)
    fr[n]=$(find "$out/frames-j1" -name '*.png' | wc -l)
    fr[cold]=$(median cold_default)
    fr[per1]=$(awk -v t="${fr[j1]}" -v n="${fr[n]}" 'BEGIN {printf "%.1f", t / n}')
    fr[per2]=$(awk -v t="${fr[j2]}" -v n="${fr[n]}" 'BEGIN {printf "%.1f", t / n}')
    fr[fps2]=$(awk -v t="${fr[j2]}" -v n="${fr[n]}" 'BEGIN {printf "%.1f", n / t * 1000}')
    fr[speedup]=$(ratio "${fr[j1]}" "${fr[j2]}")
    fr[vs_cold]=$(ratio "${fr[per2]}" "${fr[cold]}")
    fr[vs_ms]=$(ratio "${fr[per2]}" "$inproc_mapserver")
else
    frames_note="pending: this malimap has no \`render --from\` yet (issue 8); the step runs once it has."
    echo "frames: $frames_note"
fi

# ---- results ----
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
cores=$(nproc)
ram=$(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
kernel=$(uname -r)
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "not installed"; }
mver=$($prog --version 2>/dev/null | awk '{print $2}')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
dirty=$(git status --porcelain 2>/dev/null | grep -q . && echo " (with uncommitted changes)" || true)
load=$(cut -d' ' -f1-3 /proc/loadavg)

mp=${t[malimap_png]}; np=${t[mapnik_png]:-}; sp=${t[mapserver_png]:-}
ms=${t[malimap_svg]}; ns=${t[mapnik_svg]:-}; ss=${t[mapserver_svg]:-}
r_png_ms=$(ratio "$mp" "$sp"); r_png_mn=$(ratio "$mp" "$np")
r_svg_ms=$(ratio "$ms" "$ss"); r_svg_mn=$(ratio "$ms" "$ns")
r_size_ms=$(ratio "${size[malimap_png]}" "${size[mapserver_png]}")
ev1m_ok="–"
if [ -n "${ev_render[1000000]:-}" ]; then
    ev1m_ok=$(awk -v t="${ev_render[1000000]}" -v m="${ev_render_rss[1000000]:-0}" \
        'BEGIN {print (t < 2000 && m < 300) ? "yes" : "no"}')
fi
svg_ok=$(awk -v a="$ms" -v b="${ss:-0}" -v c="${ns:-0}" -v sa="${size[malimap_svg]}" \
    -v sb="${size[mapserver_svg]:-0}" -v sc="${size[mapnik_svg]:-0}" \
    'BEGIN {print (b > 0 && c > 0 && a < b && a < c && sa < sb && sa < sc) ? "yes" : "no"}')
frame_ok="–"; frames_2x="–"
if [ -n "${fr[per2]:-}" ] && [ -n "$inproc_mapserver" ]; then
    frame_ok=$(holds "${fr[vs_ms]}" "<=" 0.25)
    frames_2x=$(holds "${fr[speedup]}" ">=" 1.7)
fi

row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }
row3() { printf '| %s | %s | %s |\n' "$@"; }
{
    echo "# Benchmark results"
    echo
    echo "Written by \`make bench\` (tests/bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'):"
    echo "do not edit; run it again. Absolute times drift on shared machines: compare"
    echo "the ratios, which come from one run with the programs' runs interleaved."
    echo
    echo "## Machine"
    echo
    echo "- CPU: ${cpu:-unknown}, $cores cores; RAM $ram; $os, Linux $kernel"
    echo "- load average at the end of the run: $load"
    echo "- malimap $mver, commit $commit$dirty; cairo $(ver libcairo2), pango $(ver libpango-1.0-0),"
    echo "  PROJ $(ver libproj25), GEOS $(ver libgeos-c1v5), libpng $(ver libpng16-16),"
    echo "  zlib $(ver zlib1g), json-c $(ver libjson-c5), shapelib $(ver libshp2),"
    echo "  fontconfig $(ver libfontconfig1), FreeType $(ver libfreetype6), HarfBuzz $(ver libharfbuzz0b)"
    echo "- peers: Mapnik $(ver libmapnik3.1) through python3-mapnik $(ver python3-mapnik)"
    echo "  (Python $($py -c 'import platform; print(platform.python_version())' 2>/dev/null));"
    echo "  MapServer $(ver mapserver-bin) (map2img; GDAL $(ver libgdal32))"
    echo
    echo "## The reference map, PNG (1600x1200)"
    echo
    echo "Mali's regions, neighbours, rivers, lakes and outline, $(awk -F, 'NR > 1' shapes/places.csv | wc -l) places"
    echo "filtered to rank <= 4 with verified coordinates (41) drawn as dots with labels,"
    echo "LAEA. Styles: tests/bench/reference.json, reference-mapnik.xml, reference.map."
    echo "Images: build/bench/malimap.png, mapnik.png, mapserver.png (compare.png side by side)."
    echo "Fresh process: median of $(nruns malimap_png) runs. One process: cost per map when"
    echo "it draws $loop in a row (malimap: map kept open, scene + draw + encode; Mapnik:"
    echo "render + save in Python; MapServer: \`map2img -c $loop\` less \`-c 1\`, over $((loop - 1)))."
    echo
    row "program" "fresh process (ms)" "in one process (ms/map)" "peak RSS (MB)" "PNG (KB)" "malimap's ratio (fresh)"
    row "---" "---:" "---:" "---:" "---:" "---:"
    row "malimap" "$mp" "$(or_dash "$inproc_malimap")" "$(or_dash "${mem[malimap_png]}")" "$(kb "${size[malimap_png]}")" "1"
    row "Mapnik" "$(or_dash "$np")" "$(or_dash "$inproc_mapnik")" "$(or_dash "${mem[mapnik_png]:-}")" "$(kb "${size[mapnik_png]}")" "$r_png_mn"
    row "MapServer" "$(or_dash "$sp")" "$(or_dash "$inproc_mapserver")" "$(or_dash "${mem[mapserver_png]:-}")" "$(kb "${size[mapserver_png]}")" "$r_png_ms"
    echo
    echo "malimap's phases in one process (median of $loop, ms): ${phases:-–}."
    if [ -n "$inproc_mapnik_draw" ]; then
        echo "Mapnik in one process: $inproc_mapnik_draw ms drawing of $inproc_mapnik ms a map."
    fi
    echo
    echo "## The reference map, SVG"
    echo
    echo "malimap writes its own SVG; Mapnik through cairo's SVG surface; MapServer through"
    echo "its CAIRO/SVG output format. Text elements: how many labels stay real text."
    echo
    row "program" "fresh process (ms)" "in one process (ms/map)" "peak RSS (MB)" "SVG (KB)" "<text> elements"
    row "---" "---:" "---:" "---:" "---:" "---:"
    row "malimap" "$ms" "$(or_dash "$inproc_malimap_svg")" "$(or_dash "${mem[malimap_svg]}")" "$(kb "${size[malimap_svg]}")" "$(or_dash "${svg_text[malimap]}")"
    row "Mapnik" "$(or_dash "$ns")" "$(or_dash "$inproc_mapnik_svg")" "$(or_dash "${mem[mapnik_svg]:-}")" "$(kb "${size[mapnik_svg]}")" "$(or_dash "${svg_text[mapnik]}")"
    row "MapServer" "$(or_dash "$ss")" "$(or_dash "$inproc_mapserver_svg")" "$(or_dash "${mem[mapserver_svg]:-}")" "$(kb "${size[mapserver_svg]}")" "$(or_dash "${svg_text[mapserver]}")"
    echo
    echo "malimap's SVG time as a share of MapServer's: $r_svg_ms; of Mapnik's: $r_svg_mn."
    echo
    echo "## Events (ACLED format, tests/bench/gen_events.c)"
    echo
    echo "Load and index: bench_events (one process per size). Render: \`malimap render"
    echo "--events FILE --date 2023-11-14\` on the default style, median of $event_runs."
    echo
    row "rows" "file (MB)" "load + index (s)" "peak RSS of the load (MB)" "render one date (ms)" "render peak RSS (MB)"
    row "---" "---:" "---:" "---:" "---:" "---:"
    for rows in $sizes; do
        row "$rows" "$(awk -v b="${ev_bytes[$rows]}" 'BEGIN {printf "%.1f", b / 1e6}')" \
            "$(or_dash "${ev_load[$rows]}")" "$(or_dash "${ev_rss[$rows]}")" \
            "$(or_dash "${ev_render[$rows]}")" "$(or_dash "${ev_render_rss[$rows]}")"
    done
    echo
    echo '```'
    for rows in $sizes; do cat "$log/events-$rows.txt"; done
    if [ -f "$log/events-1000000-drop-notes.txt" ]; then
        cat "$log/events-1000000-drop-notes.txt"
    fi
    echo '```'
    echo
    echo "## Territory"
    echo
    echo '```'
    cat "$log/territory.txt"
    echo '```'
    echo
    echo "## Frames: 365 days at 1600x1200 (default style)"
    echo
    if [ -n "$frames_note" ]; then
        echo "$frames_note"
    else
        echo "\`malimap render --from 2023-01-01 --to 2023-12-31 --every 1d -o 'frames/{date}.png'\`,"
        echo "median of $frame_runs run(s); cold single render of the default map: median of $runs."
        echo
        row "workers" "total (s)" "per frame (ms)" "frames/s" "frame / cold render" "frame / MapServer's loop"
        row "---" "---:" "---:" "---:" "---:" "---:"
        row "-j 1" "$(awk -v t="${fr[j1]}" 'BEGIN {printf "%.1f", t / 1000}')" "${fr[per1]}" \
            "$(awk -v t="${fr[j1]}" -v n="${fr[n]}" 'BEGIN {printf "%.1f", n / t * 1000}')" \
            "$(ratio "${fr[per1]}" "${fr[cold]}")" "$(ratio "${fr[per1]}" "$inproc_mapserver")"
        row "-j 2" "$(awk -v t="${fr[j2]}" 'BEGIN {printf "%.1f", t / 1000}')" "${fr[per2]}" \
            "${fr[fps2]}" "${fr[vs_cold]}" "${fr[vs_ms]}"
        echo
        echo "${fr[n]} frames; 2 workers are ${fr[speedup]}x one; cold single render ${fr[cold]} ms."
    fi
    echo
    echo "## Targets (issue 9)"
    echo
    row3 "target" "measured" "holds"
    row3 "---" "---" "---"
    row3 "PNG map, fresh process <= 0.3x MapServer" "$r_png_ms" "$(holds "$r_png_ms" "<=" 0.3)"
    row3 "PNG map, fresh process <= 0.2x Mapnik" "$r_png_mn" "$(holds "$r_png_mn" "<=" 0.2)"
    row3 "SVG faster and smaller than both, text as text" "time $r_svg_ms / $r_svg_mn, size $(ratio "${size[malimap_svg]}" "${size[mapserver_svg]}") / $(ratio "${size[malimap_svg]}" "${size[mapnik_svg]}") of MapServer's / Mapnik's" "$svg_ok"
    row3 "PNG no larger than MapServer's" "$r_size_ms" "$(holds "$r_size_ms" "<=" 1)"
    row3 "1M events: load + render < 2 s and < 300 MB" "$(or_dash "${ev_render[1000000]:-}") ms, $(or_dash "${ev_render_rss[1000000]:-}") MB" "$ev1m_ok"
    row3 "frame on 2 cores <= 0.25x MapServer's loop" "$(or_dash "${fr[vs_ms]:-}")" "$frame_ok"
    row3 "2 workers >= 1.7x one (issue 8)" "$(or_dash "${fr[speedup]:-}")" "$frames_2x"
} >tests/bench/RESULTS.md

echo
sed -n '/^## The reference map, PNG/,$p' tests/bench/RESULTS.md
echo
echo "wrote tests/bench/RESULTS.md; images and logs in $out/"
