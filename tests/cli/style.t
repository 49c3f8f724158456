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
