# malimap render over a range of dates: frame files, manifest, parallel
# workers, unchanged frames, GIF, HTML player (its browser test is in
# tests/outputs/run.sh), small multiples, and the usage errors.

test: render --help names the range options
args: render --help
exit: 0
stdout~: --from D1 --to D2 \[--every STEP\]
stdout~: --dates D1,D2,\.\.\.
stdout~: -j, --jobs N
stdout~: --html FILE
stdout~: --grid CxR
stdout~: -q, --quiet

test: a 30-day range gives 30 frames named by date and a manifest
args: render --from 2023-11-01 --to 2023-11-30 --size 320x240 -o $TMP/f/mali-{date}.png -q
exit: 0
stderr: 
check: [ "$(ls f/mali-2023-11-*.png | wc -l)" = 30 ]
check: [ "$(ls f | wc -l)" = 31 ]
check: for d in 01 02 15 29 30; do test -s f/mali-2023-11-$d.png || exit 1; done
check: $ROOT/build/tools/jsoncheck f/manifest.json
check: [ "$(grep -c '"date": "2023-11-[0-3][0-9]", "file": "mali-2023-11-[0-3][0-9].png"' f/manifest.json)" = 30 ]
check: grep -q '{"n": 1, "date": "2023-11-01", "file": "mali-2023-11-01.png", "changed": true, "alt": "Map: Mali — report, 1 November 2023\. Colours show who holds' f/manifest.json
check: grep -q '{"n": 30, "date": "2023-11-30", "file": "mali-2023-11-30.png", "changed": ' f/manifest.json
check: $ROOT/build/tools/pnginfo f/mali-2023-11-17.png | grep -q '^size 320x240$'
check: $ROOT/build/tools/pnginfo f/mali-2023-11-17.png | grep -q '^text Title=Mali: who holds what, 17 November 2023$'

test: frame numbers with {n}, zero-padded to the count, weekly
args: render --from 2023-01-01 --to 2023-03-31 --every 1w --size 200x150 -o $TMP/w-{n}.png -q
exit: 0
check: [ "$(ls w-*.png | wc -l)" = 13 ]
check: test -s w-01.png && test -s w-13.png && ! test -e w-1.png
check: grep -q '{"n": 2, "date": "2023-01-08", "file": "w-02.png"' manifest.json
check: grep -q '{"n": 13, "date": "2023-03-26", "file": "w-13.png"' manifest.json

test: monthly steps keep the day of the month, or the month's last day
args: render --from 2024-01-31 --to 2024-05-31 --every 1m --size 200x150 -o $TMP/m-{date}.png -q
exit: 0
check: [ "$(ls m-*.png | tr '\n' ' ')" = "m-2024-01-31.png m-2024-02-29.png m-2024-03-31.png m-2024-04-30.png m-2024-05-31.png " ]

test: parallel output equals serial output, frame for frame
setup: $ROOT/build/malimap render --from 2023-11-10 --to 2023-11-21 --size 400x300 -o one/f-{date}.png -j 1 -q
args: render --from 2023-11-10 --to 2023-11-21 --size 400x300 -o $TMP/two/f-{date}.png -j 2 -q
exit: 0
check: [ "$(ls one | wc -l)" = 13 ] && [ "$(ls two | wc -l)" = 13 ]
check: for f in one/*; do cmp "$f" "two/${f#one/}" || exit 1; done

test: parallel SVG frames equal serial ones
setup: $ROOT/build/malimap render --dates 2012-04-10,2013-02-01,2023-11-14 --size 400x300 -o one/f-{n}.svg -j 1 -q
args: render --dates 2012-04-10,2013-02-01,2023-11-14 --size 400x300 -o $TMP/two/f-{n}.svg -j 2 -q
exit: 0
check: for f in one/*; do cmp "$f" "two/${f#one/}" || exit 1; done
check: xmllint --noout two/f-2.svg

# January 2016: no event and no change of hands from the 1st to the 19th, a
# change on the 20th (see the manifest), none after.
test: unchanged frames are flagged in the manifest
args: render --from 2016-01-01 --to 2016-01-30 --size 320x240 -o $TMP/f-{date}.png -q
exit: 0
check: [ "$(grep -c '"changed": true' manifest.json)" = 2 ]
check: [ "$(grep -c '"changed": false' manifest.json)" = 28 ]
check: grep -q '"date": "2016-01-01", "file": "f-2016-01-01.png", "changed": true' manifest.json
check: grep -q '"date": "2016-01-20", "file": "f-2016-01-20.png", "changed": true' manifest.json
check: grep -q '"date": "2016-01-10", "file": "f-2016-01-10.png", "changed": false' manifest.json
check: [ "$(ls f-*.png | wc -l)" = 30 ]

# The 10th reuses the 1st's map; drawn from scratch after the 30th (same
# first and last dates, so the same fixed labels) it must come out the same.
test: a reused unchanged frame equals the same frame drawn from scratch
setup: $ROOT/build/malimap render --from 2016-01-01 --to 2016-01-30 --size 400x300 -o run/f-{date}.png -q
args: render --dates 2016-01-30,2016-01-10,2016-01-01 --size 400x300 -o $TMP/fresh/f-{n}.png -q
exit: 0
check: grep -q '"date": "2016-01-10", "file": "f-2.png", "changed": true' fresh/manifest.json
check: grep -q '"date": "2016-01-10", "file": "f-2016-01-10.png", "changed": false' run/manifest.json
check: cmp fresh/f-2.png run/f-2016-01-10.png

# Kidal changes hands on 2023-11-14. A worker keeps the areas, the
# furniture's texts and the PNG bands of its last frame; a frame drawn after
# a different one must still equal it drawn after another order of dates.
test: what a worker keeps between frames never shows in them
setup: $ROOT/build/malimap render --from 2023-11-12 --to 2023-11-16 --size 400x300 -o run/f-{date}.png -j 1 -q
args: render --dates 2023-11-16,2023-11-14,2023-11-12 --size 400x300 -o $TMP/fresh/f-{n}.png -j 1 -q
exit: 0
check: cmp fresh/f-1.png run/f-2023-11-16.png
check: cmp fresh/f-2.png run/f-2023-11-14.png
check: cmp fresh/f-3.png run/f-2023-11-12.png
check: ! cmp -s run/f-2023-11-13.png run/f-2023-11-14.png

# After the first frame, a frame holds only the rectangle that changed (the
# date), its unchanged pixels transparent over the frame before.
# Every frame carries its own alt text, as a single map does: the PNG
# Description chunk, the SVG <desc>, the manifest and the player's <img alt>.
test: each frame has its alt text
setup: $ROOT/build/malimap render --dates 2023-11-13,2023-11-14 --size 320x240 -o svg/f-{n}.svg -q
args: render --dates 2023-11-13,2023-11-14 --size 320x240 -o $TMP/png/f-{n}.png --html $TMP/p.html -q
exit: 0
check: $ROOT/build/tools/pnginfo png/f-2.png | grep -q '^text Description=Map: Mali — report, 14 November 2023\. .*Kidal.*Malian Armed Forces'
check: $ROOT/build/tools/pnginfo png/f-1.png | grep -q '^text Description=Map: Mali — report, 13 November 2023\. '
check: grep -q '<desc id="map-desc">Map: Mali — report, 14 November 2023\. ' svg/f-2.svg
check: grep -q '"n": 2, "date": "2023-11-14", "file": "f-2.png", "changed": true, "alt": "Map: Mali — report, 14 November 2023\. ' png/manifest.json
check: grep -q 'alt: "Map: Mali — report, 13 November 2023\. ' p.html
check: grep -q 'img.alt = f.alt;' p.html

test: an animated GIF, one frame per date, each after the first only what changed
args: render --from 2023-11-01 --to 2023-11-06 --size 240x180 -o $TMP/a.gif --delay 250 -q
exit: 0
check: [ "$(identify a.gif | wc -l)" = 6 ]
check: [ "$(identify -format '%W %H %T\n' a.gif | sort -u)" = "240 180 25" ]
check: [ "$(identify -format '%w %h\n' a.gif | head -1)" = "240 180" ]
check: [ "$(identify -format '%w %h\n' a.gif | sed 1d | awk '{ print ($1 * $2 < 240 * 180 / 20) }' | sort -u)" = 1 ]
check: [ "$(grep -c NETSCAPE2.0 a.gif)" = 1 ]
check: ! ls manifest.json 2>/dev/null

test: every GIF frame, as a viewer shows it, looks like the PNG frame of its date
setup: $ROOT/build/malimap render --from 2023-11-01 --to 2023-11-03 --size 240x180 -o p-{date}.png -q && $ROOT/build/malimap render --from 2023-11-01 --to 2023-11-03 --size 240x180 -o one.gif -j 1 -q
args: render --from 2023-11-01 --to 2023-11-03 --size 240x180 -o $TMP/a.gif -j 2 -q
exit: 0
check: convert a.gif -coalesce PNG32:g%d.png && for n in 1 2 3; do $ROOT/build/tools/imgdiff g$((n - 1)).png p-2023-11-0$n.png --threshold 40 --max-changed 0.02 || exit 1; done
check: cmp one.gif a.gif

test: an HTML player next to the frames, with paths relative to the page
args: render --from 2023-11-01 --to 2023-11-03 --size 240x180 -o $TMP/out/frames/m-{date}.png --html $TMP/web/player.html -q
exit: 0
check: grep -q 'src: "../out/frames/m-2023-11-02.png"' web/player.html
check: grep -q '<input id="slider" type="range"' web/player.html
check: grep -q '<button id="play"' web/player.html
check: ! grep -q 'http' web/player.html

test: frame names are escaped as URLs in the player
args: render --from 2023-11-01 --to 2023-11-02 --size 200x150 -o "$TMP/a b#/m {n}.png" --html $TMP/p.html -q
exit: 0
check: test -s 'a b#/m 1.png'
check: grep -q 'src: "a%20b%23/m%201.png"' p.html

test: a grid of small multiples, one image
args: render --dates 2012-04-10,2013-02-01,2023-11-14,2024-07-28 --grid 2x2 --size 1000x800 -o $TMP/g.png -q
exit: 0
check: $ROOT/build/tools/pnginfo g.png | grep -q '^size 1000x800$'
check: $ROOT/build/tools/pnginfo g.png | grep -q '^text Title=Mali — report, 10 April 2012 to 28 July 2024$'
check: ! ls manifest.json 2>/dev/null

test: a grid as SVG: one clipped layer per panel, its date on it, one legend
args: render --dates 2012-04-10,2013-02-01,2023-11-14 --grid 3x1 --size 1500x600 -o $TMP/g.svg -q
exit: 0
check: xmllint --noout g.svg
check: [ "$(grep -c '<g id="panel-[0-9-]*" inkscape:groupmode="layer" inkscape:label="[^"]*" clip-path="url(#panel-[0-9-]*-clip)"' g.svg)" = 3 ]
check: grep -q 'inkscape:label="1 February 2013"' g.svg
check: [ "$(xmllint --xpath "count(//*[local-name()='g'][@id='legend'])" g.svg)" = 1 ]
check: xmllint --xpath "//*[local-name()='g'][@id='panel-2013-02-01']//*[local-name()='text']/text()" g.svg | grep -q '^1 February 2013$'

test: a grid with more dates than panels
args: render --dates 2012-04-10,2013-02-01,2023-11-14 --grid 2x1 -o $TMP/g.png
exit: 2
stderr: malimap: error: a 2x1 grid has 2 panels for 3 dates: give a larger --grid
nofile: g.png

test: a grid too fine for its sheet
args: render --dates 2012-04-10,2013-02-01 --grid 2x1 --size 300x200 -o $TMP/g.png
exit: 2
stderr: malimap: error: a 2x1 grid on a 300x200 sheet leaves panels of 16x14 pixels (at least 160x120 needed): give a larger --size or fewer panels
nofile: g.png

test: a grid that is not COLSxROWS
args: render --dates 2012-04-10 --grid 3by2 -o $TMP/g.png
exit: 2
stderr: malimap: error: invalid --grid '3by2': expected COLSxROWS, e.g. 3x2, each from 1 to 12

test: a grid names one file, not a template
args: render --dates 2012-04-10 --grid 1x1 -o $TMP/g-{n}.png
exit: 2
stderr: malimap: error: --grid draws one image: name one .png, .svg or .pdf file with -o

test: a range with a file name but no placeholder
args: render --from 2023-11-01 --to 2023-11-03 -o $TMP/x.png
exit: 2
stderr: malimap: error: -o '$TMP/x.png' names one file, but a range of dates makes one per frame: put {date} or {n} in the name (or write a .gif or .webp)
nofile: x.png

test: --from without --to
args: render --from 2023-11-01 -o $TMP/f-{n}.png
exit: 2
stderr: malimap: error: a range needs both --from and --to

test: --from after --to
args: render --from 2023-11-05 --to 2023-11-01 -o $TMP/f-{n}.png
exit: 2
stderr: malimap: error: --from must not be after --to

test: --every with an unknown unit
args: render --from 2023-11-01 --to 2023-11-05 --every 2q -o $TMP/f-{n}.png
exit: 2
stderr~: ^malimap: error: invalid --every '2q'

test: --dates with an impossible date
args: render --dates 2023-11-01,2023-02-30 -o $TMP/f-{n}.png
exit: 2
stderr~: ^malimap: error: invalid --dates '2023-11-01,2023-02-30': '2023-02-30' is not a date
nofile: f-1.png

test: --date and a range together
args: render --date 2023-11-01 --from 2023-11-01 --to 2023-11-03 -o $TMP/f-{n}.png
exit: 2
stderr: malimap: error: --date draws one date: leave it out with a range of dates

test: --jobs without a range
args: render -j 2 -o $TMP/m.png
exit: 2
stderr: malimap: error: --jobs goes with a range of dates (--from/--to or --dates)
nofile: m.png

test: --html with GIF output
args: render --from 2023-11-01 --to 2023-11-03 -o $TMP/a.gif --html $TMP/p.html
exit: 2
stderr: malimap: error: --html shows frame files: write PNG frames, not a .gif
nofile: a.gif

test: a data error in a range leaves no frame behind
setup: printf 'date,place,controller,status,confidence,source,note\n2023-11-01,Kidal,FAMA,held,high,https://example.org/a,\n2023-13-01,Kidal,FAMA,held,high,https://example.org/b,\n' > bad.csv
args: render --from 2023-11-01 --to 2023-11-03 --control $TMP/bad.csv -o $TMP/f-{n}.png
exit: 1
stderr~: bad\.csv:3
nofile: f-1.png
nofile: manifest.json

# Ctrl-C after a few frames: the frames in hand are finished, no new one
# starts; exit 130; the manifest lists exactly the frames written; no
# temporary file is left.
test: an interrupted range keeps its finished frames and nothing partial
setup: $ROOT/build/malimap render --from 2023-01-01 --to 2023-12-31 --size 800x600 -o f/m-{date}.png -q -j 2 & pid=$!; i=0; while [ "$(ls f 2>/dev/null | grep -c 'png$')" -lt 3 ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; kill -INT $pid; wait $pid; echo $? > rc
args: --version
exit: 0
check: [ "$(cat rc)" = 130 ]
check: n=$(ls f | grep -c '^m-.*\.png$'); [ "$n" -ge 3 ] && [ "$n" -lt 365 ]
check: [ -z "$(ls -A f | grep -v '^m-.*\.png$' | grep -v '^manifest.json$')" ]
check: [ "$(grep -c '"file": "m-' f/manifest.json)" = "$(ls f | grep -c '^m-.*\.png$')" ]
check: for x in $(grep -o 'm-[0-9-]*\.png' f/manifest.json); do test -s "f/$x" || exit 1; done
check: $ROOT/build/tools/jsoncheck f/manifest.json
