# Who controls which areas: derived territory, changes since a date, zones.

# Tessalit: the army has held its Tessalit camp since the Barkhane handover of
# 13 Nov 2021 (France 24, in control.csv), so it did not change hands between
# 1 Oct and 20 Nov 2023; the MINUSMA camp the army took over on 21 Oct 2023 is
# a newer source for the same holder, listed as reaffirmed, not as a change.
test: state lists Anéfis and Kidal as changed to FAMA, Tessalit as FAMA again from 21 Oct, and the FAMA area grew
args: state --date 2023-11-20 --since 2023-10-01 --format json
exit: 0
stdout~: \{"place": "Kidal", "from": \{"controller": "CMA".*"to": \{"controller": "FAMA", "status": "held", "since": "2023-11-14"\}
stdout~: \{"place": "Anéfis", "from": .*"to": \{"controller": "FAMA", "status": "held", "since": "2023-10-07"\}
stdout~: \{"place": "Tessalit", "controller": "FAMA", "status": "held", "since": "2023-10-21", "previous_since": "2021-11-13", "source": "https://[^"]+", "note": "MINUSMA
check: $ROOT/build/malimap state --date 2023-11-20 --since 2023-10-01 --format json > s.json && $ROOT/build/tools/jsoncheck s.json
check: ! grep -q '"place": "Tessalit", "from"' s.json
check: grep -qE '"name": "Tessalit", .*"controller": "FAMA"' s.json
check: line=$(grep -E '"controller": "FAMA", "km2"' s.json); now=$(echo "$line" | sed -E 's/.*"km2": ([0-9]+),.*/\1/'); then=$(echo "$line" | sed -E 's/.*"km2_since": ([0-9]+).*/\1/'); [ "$now" -gt "$then" ]

test: state as text and CSV lists the same holder said again by a newer source
setup: $ROOT/build/malimap state --date 2023-11-20 --since 2023-10-01 --format csv > s.csv
args: state --date 2023-11-20 --since 2023-10-01
exit: 0
stdout~: ^same holder, newer source: 3$
stdout~: ^Tessalit +FAMA held +again from 2023-10-21$
check: grep -q '^place,controller,status,since,previous_since,source$' s.csv
check: grep -qE '^Tessalit,FAMA,held,2023-10-21,2021-11-13,https://' s.csv
check: grep -qE '^Douentza,FAMA,held,2023-10-21,2013-01-21,https://' s.csv

test: state prints the area per controller with its radius
args: state --date 2023-11-14
exit: 0
stdout~: ^area per controller, km² \(estimated from town control within 150 km; not front lines\)$
stdout~: ^FAMA +[0-9]+$

test: a smaller radius gives a smaller area
args: state --date 2023-11-14 --radius 50 --format csv
exit: 0
check: a=$($ROOT/build/malimap state --date 2023-11-14 --format csv | grep -E '^FAMA,[0-9]+$' | cut -d, -f2); b=$($ROOT/build/malimap state --date 2023-11-14 --radius 50 --format csv | grep -E '^FAMA,[0-9]+$' | cut -d, -f2); [ -n "$a" ] && [ "$b" -lt "$a" ]

test: a bad radius
args: render --radius 0 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --radius '0': expected kilometres from 1 to 5000
nofile: $TMP/out.png

test: a zone valid from a date shows on that date
args: render --style $ROOT/tests/data/styles/zones.json --zones $ROOT/tests/data/zones.geojson --date 2023-11-14 --size 200x200 -o $TMP/z.png
exit: 0
check: $ROOT/build/tools/pnginfo z.png 100 100 | grep -qx 'pixel 255,0,0,255'

test: and not on the day before
args: render --style $ROOT/tests/data/styles/zones.json --zones $ROOT/tests/data/zones.geojson --date 2023-11-13 --size 200x200 -o $TMP/z.png
exit: 0
check: $ROOT/build/tools/pnginfo z.png 100 100 | grep -qx 'pixel 255,255,255,255'

test: a zone shows on its last day and not after it
args: render --style $ROOT/tests/data/styles/zones.json --zones $ROOT/tests/data/zones.geojson --date 2023-11-20 --size 200x200 -o $TMP/z.png
exit: 0
check: $ROOT/build/tools/pnginfo z.png 100 100 | grep -qx 'pixel 255,0,0,255'
check: $ROOT/build/malimap render --style $ROOT/tests/data/styles/zones.json --zones $ROOT/tests/data/zones.geojson --date 2023-11-21 --size 200x200 -o z2.png && $ROOT/build/tools/pnginfo z2.png 100 100 | grep -qx 'pixel 255,255,255,255'

test: a zone with an impossible date
args: render --style $ROOT/tests/data/styles/zones.json --zones $ROOT/tests/data/zones-bad-date.geojson --date 2023-11-13 -o $TMP/z.png
exit: 1
stderr: malimap: $ROOT/tests/data/zones-bad-date.geojson: record 1: error: valid_from '2023-02-30' is not a date (day does not exist in that month)
nofile: $TMP/z.png

test: --since marks the places that changed hands
args: render --date 2023-11-20 --since 2023-10-01 --size 800x600 -o $TMP/c.png
exit: 0
file: $TMP/c.png
