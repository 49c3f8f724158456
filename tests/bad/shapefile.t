# Bad shapefiles: truncated, lying headers, record counts that disagree, wrong
# types. Each case copies the bundled Mali outline next to a one-layer style
# (tests/bad/data/shape.json) and damages one file. Run under AddressSanitizer
# and UBSan by tests/run.sh: exit 1, the exact message, no output, no leak.

test: truncated .shp
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && head -c 300 $ROOT/shapes/mali_adm0.shp > mali_adm0.shp
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shp: error: file is truncated: its header gives 426652 bytes but it has 300
nofile: $TMP/out.png

test: .shp shorter than its header
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && head -c 50 $ROOT/shapes/mali_adm0.shp > mali_adm0.shp
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shp: error: file is truncated: it has 50 bytes, a shapefile header has 100
nofile: $TMP/out.png

test: empty .shp
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && : > mali_adm0.shp
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shp: error: file is truncated: it has 0 bytes, a shapefile header has 100
nofile: $TMP/out.png

test: a .shp that is not a shapefile
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && head -c 2000 $ROOT/README.md > mali_adm0.shp
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shp: error: not a shapefile: it does not start with the file code 9994
nofile: $TMP/out.png

test: a .shx whose header claims 131072 bytes (shapelib would size its index from it)
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && printf '\x00\x01\x00\x00' | dd of=mali_adm0.shx bs=1 seek=24 conv=notrunc status=none
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shx: error: file is truncated: its header gives 131072 bytes but it has 108
nofile: $TMP/out.png

test: a .shx whose header gives a length shorter than the header
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && printf '\x00\x00\x00\x0a' | dd of=mali_adm0.shx bs=1 seek=24 conv=notrunc status=none
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shx: error: invalid header: it gives a length of 20 bytes, less than the header
nofile: $TMP/out.png

test: a .shx cut inside its header
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && head -c 60 $ROOT/shapes/mali_adm0.shx > mali_adm0.shx
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shx: error: file is truncated: it has 60 bytes, a shapefile header has 100
nofile: $TMP/out.png

test: a .dbf claiming 2147483647 records for one shape
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && printf '\xff\xff\xff\x7f' | dd of=mali_adm0.dbf bs=1 seek=4 conv=notrunc status=none
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.dbf: error: has 2147483647 records but $TMP/mali_adm0.shp has 1
nofile: $TMP/out.png

test: a .dbf with no records for one shape
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && printf '\x00\x00\x00\x00' | dd of=mali_adm0.dbf bs=1 seek=4 conv=notrunc status=none
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.dbf: error: has 0 records but $TMP/mali_adm0.shp has 1
nofile: $TMP/out.png

test: a .shx listing two records where the .dbf has one
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && tail -c 8 mali_adm0.shx >> mali_adm0.shx && printf '\x00\x00\x00\x3a' | dd of=mali_adm0.shx bs=1 seek=24 conv=notrunc status=none
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.dbf: error: has 1 record but $TMP/mali_adm0.shp has 2
nofile: $TMP/out.png

test: a truncated .dbf
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && head -c 40 $ROOT/shapes/mali_adm0.dbf > mali_adm0.dbf
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.dbf: error: not a valid attribute file (.dbf): truncated or not dBase
nofile: $TMP/out.png

test: a record header whose number disagrees with the index
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && printf '\x00\x00\x00\x07' | dd of=mali_adm0.shp bs=1 seek=100 conv=notrunc status=none
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shp: record 1: error: the index (.shx) disagrees with the .shp (record header says number 7, 426544 bytes; index says 1, 426544 bytes)
nofile: $TMP/out.png

test: an index entry pointing past the end of the .shp
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && printf '\x00\x10\x00\x00' | dd of=mali_adm0.shx bs=1 seek=100 conv=notrunc status=none
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shp: record 1: error: the index (.shx) points past the end of the .shp (offset 2097152, 426552 bytes; file has 426652): truncated or mismatched
nofile: $TMP/out.png

test: a Point record in a Polygon file
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && printf '\x01' | dd of=mali_adm0.shp bs=1 seek=108 conv=notrunc status=none
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shp: record 1: error: shape type Point in a Polygon file
nofile: $TMP/out.png

test: an unsupported shape type (MultiPatch)
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && for f in shp shx; do printf '\x1f' | dd of=mali_adm0.$f bs=1 seek=32 conv=notrunc status=none; done
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.shp: error: unsupported shape type MultiPatch (31)
nofile: $TMP/out.png

test: a missing .dbf
setup: cp $ROOT/tests/bad/data/shape.json $ROOT/shapes/mali_adm0.* . && rm mali_adm0.dbf
args: render --style $TMP/shape.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm0.dbf: error: cannot open: No such file or directory
nofile: $TMP/out.png

test: a truncated .shp given as --zones
setup: cp $ROOT/shapes/mali_adm1.* . && head -c 1000 $ROOT/shapes/mali_adm1.shp > mali_adm1.shp
args: render --zones $TMP/mali_adm1.shp --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/mali_adm1.shp: error: file is truncated: its header gives 453736 bytes but it has 1000
nofile: $TMP/out.png

test: self-intersecting polygons in a shapefile render
args: render --style $ROOT/tests/bad/data/bowtie.json --size 300x200 -o $TMP/out.png
exit: 0
stderr: 
check: $ROOT/build/tools/pnginfo out.png | grep -qx 'size 300x200'
