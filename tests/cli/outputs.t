# malimap render: SVG, PDF pages, palette PNGs, alt text, article bundles.
# Checks that need other programs (browsers, Inkscape, poppler) are in tests/outputs/run.sh.

test: render --help names the output options
args: render --help
exit: 0
stdout~: -o, --output FILE +output file, .png, .svg or .pdf
stdout~: --paper NAME
stdout~: for PDF, the page size in points
stdout~: --png8
stdout~: --alt-text FILE
stdout~: --bundle DIR
stdout~: --widths LIST

test: SVG by extension, valid XML with a viewBox and the alt text as desc
args: render --size 400x300 --date 2023-11-14 -o $TMP/m.svg --alt-text $TMP/alt.txt
exit: 0
stderr: 
check: xmllint --noout m.svg
check: grep -q 'viewBox="0 0 400 300"' m.svg
check: grep -q 'role="img"' m.svg
check: [ "$(xmllint --xpath "string(//*[local-name()='desc'])" m.svg)" = "$(cat alt.txt)" ]
check: [ "$(xmllint --xpath "string(//*[local-name()='title'])" m.svg)" = "Mali — report" ]

test: SVG to standard output with --format svg
args: render --size 200x150 --format svg -o -
exit: 0
stdout~: ^<\?xml version="1.0" encoding="UTF-8"\?>$
stdout~: ^</svg>$

test: PDF to standard output with --format pdf
args: render --size 200x150 --format pdf -o -
exit: 0
stdout~: ^%PDF-
stdout~: ^%%EOF

test: --format svg wins over the file name
args: render --size 200x150 --format svg -o $TMP/map.png
exit: 0
check: head -c 5 map.png | grep -q '<?xml'

test: unknown --format
args: render --format gif -o $TMP/out.gif
exit: 2
stderr: malimap: error: invalid --format 'gif': expected png, svg or pdf
nofile: $TMP/out.gif

test: for PDF, --size is the page in points
args: render --size 400x300 -o $TMP/m.pdf
exit: 0
check: pdfinfo m.pdf | grep -Eq '^Page size: +400 x 300 pts'
check: pdfinfo m.pdf | grep -q '^Title: *Mali — report$'
check: pdfinfo m.pdf | grep -q '^Subject: *Map: Mali — report, '
check: pdfinfo m.pdf | grep -q '^CreationDate: *Tue Nov 14 22:13:20 2023'

test: --paper a4-landscape
args: render --paper a4-landscape -o $TMP/m.pdf
exit: 0
check: pdfinfo m.pdf | grep -Eq '^Page size: +841.89 x 595.276 pts \(A4\)'

test: --paper letter
args: render --paper letter --format pdf -o $TMP/m
exit: 0
check: pdfinfo m | grep -Eq '^Page size: +612 x 792 pts \(letter\)'

test: unknown paper name
args: render --paper a5 -o $TMP/m.pdf
exit: 2
stderr: malimap: error: invalid --paper 'a5': expected a4, a4-landscape, a3, a3-landscape, letter or letter-landscape
nofile: $TMP/m.pdf

test: --paper is for PDF only
args: render --paper a4 -o $TMP/m.png
exit: 2
stderr: malimap: error: --paper sets a PDF page: the output is not PDF
nofile: $TMP/m.png

test: --paper and --size together
args: render --paper a4 --size 400x300 -o $TMP/m.pdf
exit: 2
stderr: malimap: error: give --paper or --size, not both

test: the PNG carries the alt text as its Description
args: render --size 400x300 --date 2023-11-14 -o $TMP/m.png --alt-text $TMP/alt.txt
exit: 0
check: [ "$($ROOT/build/tools/pnginfo m.png | sed -n 's/^text Description=//p')" = "$(cat alt.txt)" ]
check: grep -q '^Map: Mali — report, 14 November 2023\. ' alt.txt
check: grep -q 'Kidal' alt.txt
check: grep -q ' events\? w[ae][sr]e\? recorded in the 30 days up to 14 November 2023' alt.txt
check: grep -q 'Sources: control of places from [0-9]* cited sources' alt.txt
check: grep -q 'OpenStreetMap' alt.txt

test: the alt text lists changes since --since
args: render --size 400x300 --date 2023-11-14 --since 2023-08-01 -o $TMP/m.png --alt-text $TMP/alt.txt
exit: 0
check: grep -Eq 'Since 1 August 2023, [0-9]+ places? changed hands or status: ' alt.txt
check: grep -q 'Kidal passed from ' alt.txt

test: the alt text to standard output
args: render --size 200x150 -o $TMP/m.png --alt-text -
exit: 0
stdout~: ^Map: Mali — report, 
file: $TMP/m.png

test: the map and the alt text cannot both go to standard output
args: render -o - --alt-text -
exit: 2
stderr: malimap: error: the map and --alt-text cannot both go to standard output

test: --alt-text needs a file name
args: render --alt-text '' -o $TMP/m.png
exit: 2
stderr: malimap: error: invalid --alt-text '': expected a file name
nofile: $TMP/m.png

test: --png8 writes a palette PNG that is smaller than the truecolour one
setup: $ROOT/build/malimap render --size 400x300 -o rgb.png
args: render --size 400x300 --png8 -o $TMP/m.png
exit: 0
stderr: 
check: $ROOT/build/tools/pnginfo m.png | grep -qx 'color palette'
check: $ROOT/build/tools/pnginfo m.png | grep -q '^text Description=Map: '
check: [ $(stat -c %s m.png) -lt $(stat -c %s rgb.png) ]
check: $ROOT/build/tools/imgdiff rgb.png m.png --threshold 64 --max-changed 0.001

test: --png8 is for PNG only
args: render --png8 -o $TMP/m.svg
exit: 2
stderr: malimap: error: --png8 makes a palette PNG: the output is not PNG
nofile: $TMP/m.svg

test: a bundle with two widths
args: render --date 2023-11-14 --bundle $TMP/b --widths 480,320
exit: 0
stderr: 
check: $ROOT/build/tools/pnginfo b/map-320.png | grep -qx 'size 320x240'
check: $ROOT/build/tools/pnginfo b/map-320@2x.png | grep -qx 'size 640x480'
check: $ROOT/build/tools/pnginfo b/map-480.png | grep -qx 'size 480x360'
check: $ROOT/build/tools/pnginfo b/map-480@2x.png | grep -qx 'size 960x720'
check: $ROOT/build/tools/pnginfo b/map-480@2x.png | grep -qx 'dpi 192'
check: xmllint --noout b/map.svg && grep -q 'viewBox="0 0 480 360"' b/map.svg
check: grep -q '^Map: Mali — report, 14 November 2023\. ' b/alt.txt
check: xmllint --html --noout b/embed.html
check: grep -q '<source media="(max-width: 320px)" srcset="map-320.png 1x, map-320@2x.png 2x"' b/embed.html
check: grep -q 'srcset="map-320.png 320w, map-320@2x.png 640w, map-480.png 480w, map-480@2x.png 960w"' b/embed.html
check: grep -q '<figcaption>Mali — report, 14 November 2023\. ' b/embed.html
check: [ $(ls -A b | wc -l) = 7 ]

test: a bundle keeps the aspect ratio of --size, with palette PNGs and the alt text elsewhere too
args: render --size 400x400 --bundle $TMP/b/ --widths 100 --png8 --alt-text $TMP/alt.txt
exit: 0
check: $ROOT/build/tools/pnginfo b/map-100.png | grep -qx 'size 100x100'
check: $ROOT/build/tools/pnginfo b/map-100@2x.png | grep -qx 'color palette'
check: cmp alt.txt b/alt.txt

test: the bundle's default widths are 640 and 1200
args: render --bundle $TMP/b
exit: 0
file: $TMP/b/map-640.png
file: $TMP/b/map-640@2x.png
file: $TMP/b/map-1200.png
file: $TMP/b/map-1200@2x.png
file: $TMP/b/map.svg

test: --bundle with -o
args: render --bundle $TMP/b -o $TMP/m.png
exit: 2
stderr: malimap: error: --bundle writes its own files (PNG at 1x and 2x, SVG, alt text, HTML): leave out -o
nofile: $TMP/b
nofile: $TMP/m.png

test: --bundle with --format
args: render --bundle $TMP/b --format svg
exit: 2
stderr: malimap: error: --bundle writes its own files (PNG at 1x and 2x, SVG, alt text, HTML): leave out --format

test: --bundle with --scale
args: render --bundle $TMP/b --scale 2
exit: 2
stderr: malimap: error: --bundle writes its own files (PNG at 1x and 2x, SVG, alt text, HTML): leave out --scale

test: --bundle with --paper
args: render --bundle $TMP/b --paper a4
exit: 2
stderr: malimap: error: --bundle writes its own files (PNG at 1x and 2x, SVG, alt text, HTML): leave out --paper

test: --widths with a zero and a word
args: render --bundle $TMP/b --widths 0,abc
exit: 2
stderr: malimap: error: invalid --widths '0,abc': each width must be from 16 to 10000 pixels
nofile: $TMP/b

test: --widths with a word
args: render --bundle $TMP/b --widths 640,abc
exit: 2
stderr: malimap: error: invalid --widths '640,abc': expected widths in pixels separated by commas, e.g. 640,1200

test: --widths with a width twice
args: render --bundle $TMP/b --widths 640,320,640
exit: 2
stderr: malimap: error: invalid --widths '640,320,640': a width is given twice

test: --widths with an empty item
args: render --bundle $TMP/b --widths 640,
exit: 2
stderr: malimap: error: invalid --widths '640,': expected widths in pixels separated by commas, e.g. 640,1200

test: --widths too large for the 2x image
args: render --bundle $TMP/b --widths 12000
exit: 2
stderr: malimap: error: invalid --widths '12000': each width must be from 16 to 10000 pixels

test: --widths without --bundle
args: render --widths 640 -o $TMP/m.png
exit: 2
stderr: malimap: error: --widths needs --bundle DIR
nofile: $TMP/m.png

test: --bundle needs a folder name
args: render --bundle ''
exit: 2
stderr: malimap: error: invalid --bundle '': expected a folder

test: --bundle onto a file
setup: printf 'x' > f
args: render --bundle $TMP/f --widths 100
exit: 1
stderr~: ^malimap: .*/f: error: --bundle needs a folder, and this is a file$
check: [ "$(cat f)" = x ]

test: --bundle in a missing folder
args: render --bundle $TMP/no/b --widths 100
exit: 1
stderr~: ^malimap: .*/no/b: error: cannot create the folder: No such file or directory$

test: a failed render writes no bundle
args: render --bundle $TMP/b --crs EPSG:999999
exit: 1
nofile: $TMP/b

test: layer ids that are not XML names become valid, unique ids; labels keep them
setup: printf '{"version": 8, "name": "odd ids", "sources": {"r": {"type": "geojson", "data": "%s/shapes/mali_adm1.shp"}}, "layers": [{"id": "1 sea", "type": "background", "paint": {"background-color": "#fff"}}, {"id": "x:y", "type": "fill", "source": "r"}, {"id": "x y", "type": "line", "source": "r"}]}' "$ROOT" > odd.json
args: render --style $TMP/odd.json --size 200x150 -o $TMP/m.svg
exit: 0
check: xmllint --noout m.svg
check: grep -q '<g id="layer-1-sea" inkscape:groupmode="layer" inkscape:label="1 sea"' m.svg
check: grep -q '<g id="x-y" inkscape:groupmode="layer" inkscape:label="x:y"' m.svg
check: grep -q '<g id="x-y-2" inkscape:groupmode="layer" inkscape:label="x y"' m.svg
