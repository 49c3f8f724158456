# Bad options and bad places to read or write: sizes beyond the limits, dates
# out of range, a template without a placeholder, directories, FIFOs,
# unreadable and unwritable files. Usage errors exit 2, the rest 1.

test: --size 100000x100000
args: render --size 100000x100000 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --size '100000x100000': each side must be from 16 to 20000 pixels
nofile: $TMP/out.png

test: --size beyond the int range
args: render --size 99999999999x2 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --size '99999999999x2': expected WIDTHxHEIGHT in pixels, e.g. 1600x1200
nofile: $TMP/out.png

test: --size 20000x20000 is more pixels than a PNG may have
args: render --size 20000x20000 -o $TMP/out.png
exit: 2
stderr: malimap: error: --size 20000x20000 at --scale 1 is 400 million pixels; the limit is 150 million
nofile: $TMP/out.png

test: --scale 10 on a large map
args: render --size 5000x4000 --scale 10 -o $TMP/out.png
exit: 2
stderr: malimap: error: --size 5000x4000 at --scale 10 is 2000 million pixels; the limit is 150 million
nofile: $TMP/out.png

test: a negative --size
args: render --size -5x100 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --size '-5x100': expected WIDTHxHEIGHT in pixels, e.g. 1600x1200
nofile: $TMP/out.png

test: --date before the year 1000
args: render --date 0999-12-31 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --date '0999-12-31': year must be 1000 to 9999
nofile: $TMP/out.png

test: --date that does not exist
args: state --date 2023-02-29
exit: 2
stderr: malimap: error: invalid --date '2023-02-29': day does not exist in that month

test: --bbox out of range
args: render --bbox -200,10,5,20 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --bbox '-200,10,5,20': longitudes must be within -180..180 and latitudes within -90..90
nofile: $TMP/out.png

test: --bbox with NaN
args: render --bbox nan,10,5,20 -o $TMP/out.png
exit: 2
stderr: malimap: error: invalid --bbox 'nan,10,5,20': expected four numbers W,S,E,N in degrees
nofile: $TMP/out.png

test: a projection PROJ does not know
args: render --crs EPSG:999999 --size 200x150 -o $TMP/out.png
exit: 1
stderr~: ^malimap: --crs: error: .*EPSG:999999
nofile: $TMP/out.png

test: a range of dates with one file name and no placeholder
args: render --from 2023-11-01 --to 2023-11-03 --every 1d -o $TMP/x.pdf
exit: 2
stderr: malimap: error: -o '$TMP/x.pdf' names one file, but a range of dates makes one per frame: put {date} or {n} in the name (or write a .gif or .webp)
nofile: $TMP/x.pdf

test: -o names a directory
setup: mkdir out.png
args: render --size 200x150 -o $TMP/out.png
exit: 2
stderr: malimap: $TMP/out.png: error: output path is a directory
check: [ -d out.png ] && [ -z "$(ls -A out.png)" ]

test: -o in a directory that does not exist
args: render --size 200x150 -o $TMP/no/such/dir/out.png
exit: 1
stderr: malimap: $TMP/no/such/dir/out.png: error: cannot create a file in its directory: No such file or directory
nofile: $TMP/no

test: -o where no file can be created (/proc)
args: render --size 200x150 -o /proc/out.png
exit: 1
stderr~: ^malimap: /proc/out.png: error: cannot create a file in its directory: 
nofile: /proc/out.png

test: a failed render keeps the previous output
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && printf 'old map' > out.png && head -c 300 $ROOT/shapes/mali_adm0.shp > mali_adm0.shp
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shp: error: file is truncated: its header gives 426652 bytes but it has 300
check: [ "$(cat out.png)" = 'old map' ]

test: a directory given as the events file
setup: mkdir events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv: error: cannot open: Is a directory
nofile: $TMP/out.png

test: a directory given as the style
args: render --style $TMP --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP: error: cannot read: Is a directory
nofile: $TMP/out.png

test: a directory given as a shapefile source
setup: cp $ROOT/tests/bad/data/shape.json . && mkdir mali_adm0.shp
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/shape.json:4:48: error: source 's': cannot open 'mali_adm0.shp': Is a directory
nofile: $TMP/out.png

test: an unreadable file (reading /proc/self/mem fails; chmod 000 cannot stop root)
args: check --events /proc/self/mem
exit: 1
stderr: malimap: /proc/self/mem: error: read error: Input/output error

test: a path through a file
setup: printf 'x' > file
args: render --places $TMP/file/places.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/file/places.csv: error: cannot open: Not a directory
nofile: $TMP/out.png

test: a dangling symbolic link
setup: ln -s $TMP/gone.csv control.csv
args: render --control $TMP/control.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/control.csv: error: cannot open: No such file or directory
nofile: $TMP/out.png

test: a FIFO fed garbage
setup: mkfifo events.csv && { (exec 2>/dev/null; printf 'garbage\0\n' > events.csv) & }
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:1: error: NUL byte in field 1
nofile: $TMP/out.png

test: events from standard input
stdin: /dev/null
args: check --events /dev/stdin
exit: 1
stderr~: ^malimap: /dev/stdin:1: error: empty file: expected a header line
