# malimap render -o x.webp over a range of dates: an animated lossless WebP
# from malimap's own encoder, read back with libwebp's tools (webpinfo,
# webpmux, dwebp: Debian's webp package); its browser test is in
# tests/outputs/run.sh. Then the usage errors.

test: render --help names .webp
args: render --help
exit: 0
stdout~: ending in \.webp an animated lossless WebP
stdout~: --delay MS +GIF or WebP frame delay

# The first frame is the whole canvas; each later one only the rectangle
# that changed (here the date in the subtitle), alpha-blended over the last.
test: an animated WebP: the first frame whole, then only what changed
args: render --from 2023-11-01 --to 2023-11-06 --size 240x180 -o $TMP/a.webp --delay 250 -q
exit: 0
stderr: 
check: webpinfo a.webp | grep -q 'No error detected'
check: [ "$(webpinfo a.webp | grep -c 'Chunk ANMF')" = 6 ]
check: webpmux -info a.webp | grep -q 'Canvas size: 240 x 180'
check: webpmux -info a.webp | grep -q 'Features present: animation transparency$'
check: webpmux -info a.webp | grep -q 'Number of frames: 6'
check: webpmux -info a.webp | grep -q 'Loop Count : 0'
check: [ "$(webpmux -info a.webp | awk '$1 == "1:" { print $2, $3, $5, $6, $7, $8, $9, $11 }')" = "240 180 0 0 250 none no lossless" ]
check: [ "$(webpmux -info a.webp | awk '$1 ~ /^[2-6]:$/ { print ($2 * $3 < 240 * 180 / 20), $7, $8, $9 }' | sort -u)" = "1 250 none yes" ]
check: ! ls manifest.json 2>/dev/null

test: every WebP frame, as a viewer shows it, is the PNG frame of its date, pixel for pixel
setup: $ROOT/build/malimap render --from 2023-11-01 --to 2023-11-03 --size 240x180 -o p-{date}.png -q
args: render --from 2023-11-01 --to 2023-11-03 --size 240x180 -o $TMP/a.webp -q
exit: 0
check: convert a.webp -coalesce PNG32:f%d.png && for n in 1 2 3; do $ROOT/build/tools/imgdiff f$((n - 1)).png p-2023-11-0$n.png --threshold 0 --max-changed 0 || exit 1; done

# Two workers: the second frame's worker draws the first again to know what
# changed; the file is the same as from one worker.
test: WebP frames at --scale 2 have the device size, and .WEBP is a WebP too
setup: $ROOT/build/malimap render --dates 2016-01-01,2023-11-14 --size 160x120 --scale 2 -o p-{n}.png -q && $ROOT/build/malimap render --dates 2016-01-01,2023-11-14 --size 160x120 --scale 2 -o one.webp -j 1 -q
args: render --dates 2016-01-01,2023-11-14 --size 160x120 --scale 2 -o $TMP/A.WEBP -j 2 -q
exit: 0
check: webpmux -info A.WEBP | grep -q 'Canvas size: 320 x 240'
check: convert A.WEBP -coalesce PNG32:f%d.png && $ROOT/build/tools/imgdiff f1.png p-2.png --threshold 0 --max-changed 0
check: cmp one.webp A.WEBP

test: --html with WebP output
args: render --from 2023-11-01 --to 2023-11-03 -o $TMP/a.webp --html $TMP/p.html
exit: 2
stderr: malimap: error: --html shows frame files: write PNG frames, not a .webp
nofile: $TMP/a.webp
nofile: $TMP/p.html

test: --grid with a .webp
args: render --from 2023-11-01 --to 2023-11-04 --grid 2x2 -o $TMP/a.webp
exit: 2
stderr: malimap: error: --grid draws one image: name one .png, .svg or .pdf file with -o
nofile: $TMP/a.webp

test: a .webp for one date
args: render --date 2023-11-01 -o $TMP/a.webp
exit: 2
stderr: malimap: error: a .webp is an animation of a range of dates: add --from and --to (or --dates), or name one map .png, .svg or .pdf
nofile: $TMP/a.webp

test: a WebP wider than the format allows is refused before drawing
args: render --from 2023-11-01 --to 2023-11-02 --size 8200x60 --scale 2 -o $TMP/a.webp -q
exit: 2
stderr: malimap: error: --size 8200x60 at --scale 2 is too large for WebP: at most 16384 pixels a side
nofile: $TMP/a.webp
