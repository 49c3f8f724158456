#!/usr/bin/env bash
# Checks that #include lines point one way along the pipeline (DESIGN.md):
#   core -> data -> geo, time -> style -> draw -> out -> map -> cli
# A header include/malimap/X.h belongs to the module whose folder holds src/*/X.c.
# Prints one PASS or FAIL line.
cd "$(dirname "$0")/../.."
declare -A rank=([core]=0 [data]=1 [geo]=2 [time]=2 [style]=3 [draw]=4 [out]=5 [map]=6 [cli]=7)
declare -A owner
for c in src/*/*.c; do
    m=${c#src/}; m=${m%%/*}
    owner[$(basename "$c" .c)]=$m
done
bad=()
for f in src/*/*.c src/*/*.h include/malimap/*.h; do
    [ -e "$f" ] || continue
    if [[ $f == include/* ]]; then
        me=${owner[$(basename "$f" .h)]:-}
        [ -n "$me" ] || { bad+=("$f: no src/*/$(basename "$f" .h).c owns this header"); continue; }
    else
        me=${f#src/}; me=${me%%/*}
    fi
    while read -r h; do
        them=${owner[$h]:-}
        if [ -z "$them" ]; then
            bad+=("$f includes malimap/$h.h, which no module owns")
        elif [ "$them" != "$me" ] && [ "${rank[$them]}" -ge "${rank[$me]}" ]; then
            bad+=("$f ($me) includes malimap/$h.h ($them): includes must point left")
        fi
    done < <(grep -oE '#include "malimap/[a-z_0-9]+\.h"' "$f" | sed -E 's/.*malimap\/(.*)\.h"/\1/')
done
# third-party headers live in one wrapper each
declare -A wrapper=([shapefil.h]="src/data/shapefile.c" [proj.h]="src/geo/proj.c"
    [geos_c.h]="src/geo/geom.c" [png.h]="src/out/png.c" [json-c/json.h]="src/data/json.c"
    [cairo.h]="src/out/raster.c src/draw/text_measure.c" [pango/pangocairo.h]="src/out/raster.c src/draw/text_measure.c")
for h in "${!wrapper[@]}"; do
    for f in $(grep -lE "#include <$h>" src/*/*.c src/*/*.h include/malimap/*.h 2>/dev/null); do
        [[ " ${wrapper[$h]} " == *" $f "* ]] || bad+=("$f includes <$h>, which belongs to ${wrapper[$h]}")
    done
done
if [ ${#bad[@]} = 0 ]; then
    echo "PASS check-deps/includes point one way"
else
    echo "FAIL check-deps/includes point one way: ${bad[0]} (and $(( ${#bad[@]} - 1 )) more)"
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
