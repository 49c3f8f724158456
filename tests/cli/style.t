# Style files: broken styles are refused with the file, line and column, the
# line quoted, exit 1 and no output; good ones drive the map.

test: a bad colour
args: render --style $ROOT/tests/data/styles/bad-colour.json -o $TMP/out.png
exit: 1
stderr: malimap: $ROOT/tests/data/styles/bad-colour.json:6:30: error: '#fbfaf' is not a colour
stderr~: ^       "paint": \{"fill-color": "#fbfaf"\}\}$
nofile: $TMP/out.png

test: an unknown layer type
args: render --style $ROOT/tests/data/styles/bad-layer-type.json -o $TMP/out.png
exit: 1
stderr: malimap: $ROOT/tests/data/styles/bad-layer-type.json:5:31: error: unknown layer type 'polygon'; malimap draws background, fill, line, circle or symbol
nofile: $TMP/out.png

test: a missing source file
args: render --style $ROOT/tests/data/styles/missing-source-file.json -o $TMP/out.png
exit: 1
stderr: malimap: $ROOT/tests/data/styles/missing-source-file.json:3:54: error: source 'regions': cannot open '../../../shapes/mali_adm2.shp': No such file or directory
nofile: $TMP/out.png

test: a type error in an expression
args: render --style $ROOT/tests/data/styles/type-error.json -o $TMP/out.png
exit: 1
stderr: malimap: $ROOT/tests/data/styles/type-error.json:6:30: error: expected a number but found a string
nofile: $TMP/out.png

test: a misspelt property gets a suggestion
args: render --style $ROOT/tests/data/styles/typo-property.json -o $TMP/out.png
exit: 1
stderr: malimap: $ROOT/tests/data/styles/typo-property.json:6:16: error: unknown paint property 'fill-colour' (did you mean 'fill-color'?)
nofile: $TMP/out.png

test: broken JSON
args: render --style $ROOT/tests/data/styles/broken-json.json -o $TMP/out.png
exit: 1
stderr: malimap: $ROOT/tests/data/styles/broken-json.json:6:3: error: invalid JSON: object value separator ',' expected
nofile: $TMP/out.png

test: a style file that does not exist
args: render --style $TMP/nope.json -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/nope.json: error: cannot open: No such file or directory
nofile: $TMP/out.png

test: check --style accepts each bundled style
args: check --style $ROOT/styles/default.json
exit: 0
stdout~: ^checked .*/styles/default.json: [0-9]+ layers, [0-9]+ sources: no problems$

test: check --style accepts the article style
args: check --style $ROOT/styles/article.json
exit: 0

test: check --style accepts the black and white style
args: check --style $ROOT/styles/print-bw.json
exit: 0

test: check --style reports a broken style
args: check --style $ROOT/tests/data/styles/typo-property.json
exit: 1
stderr: malimap: $ROOT/tests/data/styles/typo-property.json:6:16: error: unknown paint property 'fill-colour' (did you mean 'fill-color'?)

test: a style's colours, filter and bounds drive the pixels
args: render --style $ROOT/tests/data/styles/minimal.json --size 400x300 -o $TMP/min.png
exit: 0
check: $ROOT/build/tools/pnginfo min.png 2 2 | grep -qx 'pixel 16,32,48,255'
check: $ROOT/build/tools/pnginfo min.png 190 200 | grep -qx 'pixel 255,0,0,255'
check: $ROOT/build/tools/pnginfo min.png 250 100 | grep -qx 'pixel 0,255,0,255'

test: the default style's palette stays apart for colour-blind readers
args: --version
exit: 0
check: $ROOT/build/tools/cvd --min 10 $($ROOT/build/tools/stylepalette $ROOT/styles/default.json)

test: the article style's palette is the same checked palette
args: --version
exit: 0
check: $ROOT/build/tools/cvd --min 10 $($ROOT/build/tools/stylepalette $ROOT/styles/article.json)
check: [ "$($ROOT/build/tools/stylepalette $ROOT/styles/article.json)" = "$($ROOT/build/tools/stylepalette $ROOT/styles/default.json)" ]

test: a controller colour that disagrees with the palette is caught
setup: sed 's/"FAMA": "#0072b2"/"FAMA": "#123456"/' $ROOT/styles/default.json > s.json
args: --version
exit: 0
check: ! $ROOT/build/tools/stylepalette s.json

test: SVG icons are drawn as paths in a PNG
args: render --style $ROOT/tests/data/styles/svg-icons.json -o $TMP/icons.png
exit: 0
stderr: 
check: $ROOT/build/tools/pnginfo icons.png 240 222 | grep -qx 'pixel 215,48,31,255'
check: $ROOT/build/tools/pnginfo icons.png 240 204 | grep -qx 'pixel 255,255,255,255'
check: $ROOT/build/tools/pnginfo icons.png 202 222 | grep -qx 'pixel 90,13,7,255'
check: $ROOT/build/tools/pnginfo icons.png 200 300 | grep -qx 'pixel 255,255,255,255'
check: $ROOT/build/tools/pnginfo icons.png 70 90 | grep -qx 'pixel 27,120,55,255'
check: $ROOT/build/tools/pnginfo icons.png 90 90 | grep -qx 'pixel 255,255,255,255'
check: $ROOT/build/tools/pnginfo icons.png 150 90 | grep -qx 'pixel 255,255,255,255'
check: $ROOT/build/tools/pnginfo icons.png 90 150 | grep -qx 'pixel 118,42,131,255'

# librsvg draws each icon file by itself at the same scale (4x, on whole
# pixels): the icons cut out of the map match it (measured: at most 22 of 255
# off, at the edges; the SVG output through librsvg at most 52, on 10 pixels).
test: SVG icons on the map match librsvg's drawing of their files
args: render --style $ROOT/tests/data/styles/svg-icons.json -o $TMP/icons.png
exit: 0
check: convert icons.png -crop 96x128+192+176 +repage pin.png && rsvg-convert -z 4 -b white $ROOT/tests/data/icons/pin.svg -o pin-ref.png && $ROOT/build/tools/imgdiff pin-ref.png pin.png --threshold 40 --max-changed 0.002
check: convert icons.png -crop 128x128+56+56 +repage holes.png && rsvg-convert -z 4 -b white $ROOT/tests/data/icons/holes.svg -o holes-ref.png && $ROOT/build/tools/imgdiff holes-ref.png holes.png --threshold 40 --max-changed 0.002
check: convert icons.png -crop 160x160+304+16 +repage group.png && rsvg-convert -z 4 -b white $ROOT/tests/data/icons/group.svg -o group-ref.png && $ROOT/build/tools/imgdiff group-ref.png group.png --threshold 40 --max-changed 0.002

test: SVG icons are written as paths in an SVG
args: render --style $ROOT/tests/data/styles/svg-icons.json -o $TMP/icons.svg
exit: 0
check: xmllint --noout icons.svg
check: [ "$(xmllint --xpath "count(//*[local-name()='g'][@id='pins']/*[local-name()='path'])" icons.svg)" = 3 ]
check: grep -q '<path d="M240 298l[^"]*z" fill="#d7301f" stroke="#5a0d07" stroke-width="8" stroke-linejoin="round"/>' icons.svg
check: grep -q 'fill="#1b7837" fill-rule="evenodd"' icons.svg
check: ! grep -q '<image' icons.svg
check: rsvg-convert -b white icons.svg -o icons.png && convert icons.png -crop 96x128+192+176 +repage pin.png && rsvg-convert -z 4 -b white $ROOT/tests/data/icons/pin.svg -o pin-ref.png && $ROOT/build/tools/imgdiff pin-ref.png pin.png --threshold 64 --max-changed 0.005

test: check --style reports icon files that cannot be drawn
args: check --style $ROOT/tests/data/styles/svg-icon-bad.json
exit: 1
stderr: malimap: $ROOT/tests/data/styles/svg-icon-bad.json:10:31: error: layer 'missing': cannot open icon '../icons/nope.svg': No such file or directory
stderr~: ^       "layout": \{"icon-image": "\.\./icons/nope\.svg"\}\},$
stderr~: svg-icon-bad\.json:12:31: error: layer 'broken': icon '\.\./icons/bad\.svg' cannot be drawn: .*/tests/data/styles/\.\./icons/bad\.svg:4:1: </svg> does not close <g> \(line 2\)$
stderr~: svg-icon-bad\.json:14:31: error: layer 'not-an-image': icon '\.\./icons/points\.geojson' is neither a PNG nor an SVG file$
stderr~: svg-icon-bad\.json:16:31: error: layer 'no-such-marker': no built-in marker 'malimap:hexagon'$
stderr~: ^malimap: 4 problems found$

test: check --style accepts SVG icons it can draw
args: check --style $ROOT/tests/data/styles/svg-icons.json
exit: 0
stdout~: svg-icons.json: 3 layers, 1 sources: no problems$

test: icons that cannot be drawn draw nothing, as MapLibre does
args: render --style $ROOT/tests/data/styles/svg-icon-bad.json -o $TMP/bad.png
exit: 0
stderr: 
check: $ROOT/build/tools/pnginfo bad.png 100 100 | grep -qx 'pixel 255,255,255,255'

# The graticule of the print style on a plate carrée (EPSG:4326): 76.92
# pixels a degree, the map 138.5 pixels from the left edge, so 5°W meets the
# top edge at x = 138.5 + 7.6 × 76.92 = 723.1 and 0° at 1107.7; 20°N meets the
# left edge 5.4 degrees below the top (415.4, the label's baseline 4.3 lower).
test: graticule labels where the meridians and parallels meet the frame
args: render --style $ROOT/styles/print-bw.json --crs EPSG:4326 --date 2023-11-14 -o $TMP/g.svg
exit: 0
check: grep -q '<g id="graticule" inkscape:groupmode="layer"' g.svg
check: grep -q '<text x="723.1" y="16.2">5°W</text>' g.svg
check: grep -q '<text x="1107.7" y="16.2">0°</text>' g.svg
check: grep -q '<text x="17.2" y="419.7">20°N</text>' g.svg
check: grep -q '<text x="17.2" y="804.3">15°N</text>' g.svg
check: ! grep -q '>25°N<' g.svg

test: a graticule step out of range
setup: sed 's/"malimap:graticule-step": 5/"malimap:graticule-step": 0/' $ROOT/styles/print-bw.json > s.json
args: check --style $TMP/s.json
exit: 1
stderr~: s.json:[0-9]+:[0-9]+: error: malimap:graticule-step must be .*0\.1.*90
