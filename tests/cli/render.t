# malimap render: options, outputs and the errors users see.

test: no command prints usage and fails
args:
exit: 2
stderr: usage: malimap <command> [options]

test: --help goes to standard output
args: --help
exit: 0
stdout~: ^usage: malimap <command>
stderr: 

test: --version
args: --version
exit: 0
stdout~: ^malimap [0-9]+\.[0-9]+\.[0-9]+$

test: unknown command
args: draw
exit: 2
stderr: malimap: error: unknown command 'draw' (see 'malimap --help')

test: render --help
args: render --help
exit: 0
stdout~: ^usage: malimap render
stdout~: --bbox W,S,E,N

test: default render writes a 1600x1200 PNG with text chunks
args: render -o $TMP/mali.png
exit: 0
stderr: 
check: $ROOT/build/tools/pnginfo mali.png | grep -qx 'size 1600x1200'
check: $ROOT/build/tools/pnginfo mali.png | grep -qx 'dpi 96'
check: $ROOT/build/tools/pnginfo mali.png | grep -q '^text Software=malimap '
check: $ROOT/build/tools/pnginfo mali.png | grep -q '^text Source=.*OpenStreetMap'
check: $ROOT/build/tools/pnginfo mali.png | grep -q '^text Creation Time=Tue, 14 Nov 2023'
check: $ROOT/build/tools/pnginfo mali.png | grep -q '^text Title='

test: with no -o the map goes to mali.png in the current folder
args: render --size 160x120
exit: 0
file: $TMP/mali.png

test: --size, --dpi and --scale set the pixels and the recorded resolution
args: render --size 400x300 --dpi 150 --scale 2 -o $TMP/small.png
exit: 0
check: $ROOT/build/tools/pnginfo small.png | grep -qx 'size 800x600'
check: $ROOT/build/tools/pnginfo small.png | grep -qx 'dpi 300'

test: --bbox and --crs are honoured
args: render --size 320x240 --bbox -5,14,1,18 --crs EPSG:32630 -o $TMP/utm.png
exit: 0
file: $TMP/utm.png

test: PDF output by extension
args: render --size 400x300 -o $TMP/mali.pdf
exit: 0
check: head -c 5 mali.pdf | grep -q '%PDF-'

test: standard output with -o -
args: render --size 200x150 -o -
exit: 0
stdout~: PNG

test: size with a zero side
args: render --size 0x5 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --size '0x5': each side must be from 16 to 20000 pixels
nofile: $TMP/out.png

test: size that is far too large
args: render --size 100000x100000 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --size '100000x100000': each side must be from 16 to 20000 pixels
nofile: $TMP/out.png

test: size times scale over the pixel limit
args: render --size 20000x20000 --scale 2 -o $TMP/out.png
exit: 2
stderr: malimap: error: --size 20000x20000 at --scale 2 is 1600 million pixels; the limit is 150 million
nofile: $TMP/out.png

test: size that is not WxH
args: render --size 800 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --size '800': expected WIDTHxHEIGHT in pixels, e.g. 1600x1200
nofile: $TMP/out.png

test: bbox with west east of east
args: render --bbox 5,5,1,1 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --bbox '5,5,1,1': west must be less than east and south less than north
nofile: $TMP/out.png

test: bbox with three numbers
args: render --bbox 1,2,3 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --bbox '1,2,3': expected four numbers W,S,E,N in degrees
nofile: $TMP/out.png

test: bbox outside the globe
args: render --bbox -200,10,5,20 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --bbox '-200,10,5,20': longitudes must be within -180..180 and latitudes within -90..90

test: negative dpi
args: render --dpi -3 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --dpi '-3': expected a number from 1 to 10000
nofile: $TMP/out.png

test: scale of zero
args: render --scale 0 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --scale '0': expected a number from 0.1 to 10

test: unknown option
args: render --colour red -o $TMP/out.png
exit: 2
stderr: malimap: error: unknown option '--colour' (see 'malimap render --help')
nofile: $TMP/out.png

test: option without its value
args: render -o $TMP/out.png --size
exit: 2
stderr: malimap: error: option '--size' needs a value (see 'malimap render --help')
nofile: $TMP/out.png

test: stray argument
args: render mali.png
exit: 2
stderr: malimap: error: unexpected argument 'mali.png' (see 'malimap render --help')

test: unknown output format
args: render -o $TMP/out.bmp
exit: 2
stderr: malimap: error: cannot tell the format of '$TMP/out.bmp': name it .png, .svg or .pdf, or use --format
nofile: $TMP/out.bmp

test: an unknown CRS is a data error naming the option
args: render --crs EPSG:999999 -o $TMP/out.png
exit: 1
stderr~: ^malimap: --crs: error: cannot use CRS 'EPSG:999999'
nofile: $TMP/out.png

test: output into a missing folder
args: render --size 100x100 -o $TMP/no/such/dir/out.png
exit: 1
stderr~: ^malimap: .*/no/such/dir/out.png: error: cannot create a file in its directory: No such file or directory$

test: a failed render keeps the previous good output
setup: printf 'good' > keep.png
args: render --crs EPSG:999999 -o $TMP/keep.png
exit: 1
check: [ "$(cat keep.png)" = good ]

test: PNG encoder settings: the benchmark's reference map is no larger than MapServer 8 writes it (304440 bytes, tests/bench)
args: render --style $ROOT/tests/bench/reference.json -o $TMP/ref.png
exit: 0
stderr: 
check: [ "$(stat -c %s ref.png)" -le 304440 ]
check: $ROOT/build/tools/pnginfo ref.png | grep -qx 'size 1600x1200'
