#!/usr/bin/env bash
# Packs a shapefile into one input for fuzz_shapefile (see its header):
#   tests/fuzz/pack-shapefile.sh FLAGS x.shp > input
# FLAGS: bit 0 a .cpg saying UTF-8, bit 1 one saying 1252, bit 2 a .prj.
set -eu
flags=$1 base=${2%.shp}
le32() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 24 & 255)))"; }
printf "\\x$(printf %02x "$flags")"
le32 "$(stat -c %s "$base.shp")"
le32 "$(stat -c %s "$base.shx")"
cat "$base.shp" "$base.shx" "$base.dbf"
