# Damaged shapefiles: each is an error naming the file (and record), exit 1,
# and no output file. The bundled shapes are copied and one file is damaged.

test: truncated .shp
setup: mkdir -p data && cp -r $ROOT/shapes $ROOT/styles data/ && head -c 200000 $ROOT/shapes/mali_adm1.shp > data/shapes/mali_adm1.shp
env: MALIMAP_DATA=$TMP/data
args: render -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/data/shapes/mali_adm1.shp: error: file is truncated: its header gives 453736 bytes but it has 200000
nofile: $TMP/out.png

test: .shx that points past the end of the .shp
setup: mkdir -p data && cp -r $ROOT/shapes $ROOT/styles data/ && printf '\x01\x00\x00\x00' | dd of=data/shapes/mali_adm1.shx bs=1 seek=108 conv=notrunc status=none
env: MALIMAP_DATA=$TMP/data
args: render -o $TMP/out.png
exit: 1
stderr~: ^malimap: .*/data/shapes/mali_adm1.shp: record 2: error: the index \(.shx\) points past the end of the .shp
nofile: $TMP/out.png

test: .shx that disagrees with the .shp
setup: mkdir -p data && cp -r $ROOT/shapes $ROOT/styles data/ && printf '\x00\x00\x00\x40' | dd of=data/shapes/mali_adm1.shx bs=1 seek=108 conv=notrunc status=none
env: MALIMAP_DATA=$TMP/data
args: render -o $TMP/out.png
exit: 1
stderr~: ^malimap: .*/data/shapes/mali_adm1.shp: record 2: error: the index \(.shx\) disagrees with the .shp
nofile: $TMP/out.png

test: missing .dbf
setup: mkdir -p data && cp -r $ROOT/shapes $ROOT/styles data/ && rm data/shapes/lakes.dbf
env: MALIMAP_DATA=$TMP/data
args: render -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/data/shapes/lakes.dbf: error: cannot open: No such file or directory
nofile: $TMP/out.png

test: missing .shx
setup: mkdir -p data && cp -r $ROOT/shapes $ROOT/styles data/ && rm data/shapes/rivers.shx
env: MALIMAP_DATA=$TMP/data
args: render -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/data/shapes/rivers.shx: error: cannot open: No such file or directory

test: a record of the wrong shape type
setup: mkdir -p data && cp -r $ROOT/shapes $ROOT/styles data/ && printf '\x01\x00\x00\x00' | dd of=data/shapes/mali_adm1.shp bs=1 seek=108 conv=notrunc status=none
env: MALIMAP_DATA=$TMP/data
args: render -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/data/shapes/mali_adm1.shp: record 1: error: shape type Point in a Polygon file
nofile: $TMP/out.png

test: a .dbf with fewer records than the .shp
setup: mkdir -p data && cp -r $ROOT/shapes $ROOT/styles data/ && printf '\x08' | dd of=data/shapes/mali_adm1.dbf bs=1 seek=4 conv=notrunc status=none
env: MALIMAP_DATA=$TMP/data
args: render -o $TMP/out.png
exit: 1
stderr~: ^malimap: .*/mali_adm1.dbf: error: has 8 records but .*/mali_adm1.shp has 9$
