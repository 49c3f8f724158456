# Bad JSON: styles and GeoJSON nested 10,000 deep, numbers that are not
# finite, invalid UTF-8, a style that names itself or a missing file, huge
# geometry and self-intersecting polygons (which render).

test: a style nested 10,000 deep
setup: { printf '{"version": 8, "sources": {}, "layers": '; for i in $(seq 10000); do printf '['; done; for i in $(seq 10000); do printf ']'; done; printf '}\n'; } > style.json
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/style.json:1:104: error: nested more than 64 levels deep
nofile: $TMP/out.png

test: GeoJSON events nested 10,000 deep
setup: { for i in $(seq 10000); do printf '{"a":'; done; printf '1'; for i in $(seq 10000); do printf '}'; done; } > events.geojson
args: render --events $TMP/events.geojson --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.geojson:1:321: error: nested more than 64 levels deep
nofile: $TMP/out.png

test: a style whose source is the style itself
setup: printf '{"version": 8, "sources": {"me": {"type": "geojson", "data": "style.json"}},\n "layers": [{"id": "f", "type": "fill", "source": "me"}]}\n' > style.json
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/style.json:1:1: error: not GeoJSON: the top level needs a \"type\"
nofile: $TMP/out.png

test: a style naming a missing file
setup: printf '{"version": 8, "sources": {"s": {"type": "geojson", "data": "gone.shp"}},\n "layers": [{"id": "f", "type": "fill", "source": "s"}]}\n' > style.json
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/style.json:1:61: error: source 's': cannot open 'gone.shp': No such file or directory
nofile: $TMP/out.png

test: a style that does not exist
args: render --style $TMP/none.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/none.json: error: cannot open: No such file or directory
nofile: $TMP/out.png

test: a style with 200,000 keys and a duplicate (positions are found without a quadratic search)
setup: awk 'BEGIN { printf "{\"version\": 8, \"sources\": {}, \"layers\": [], \"metadata\": {"; for (i = 0; i < 200000; i++) printf "%s\"k%d\": %d", (i ? ", " : ""), i, i; printf "},\n \"version\": 8, \"zoom\": 1, \"zom\": 2}\n" }' > style.json
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/style.json:2:27: error: unknown style member 'zom' (did you mean 'zoom'?)
nofile: $TMP/out.png

test: an empty style
setup: : > style.json
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/style.json:1:1: error: unexpected end of the file (empty)
nofile: $TMP/out.png

test: NaN in a style (json-c accepts it)
setup: printf '{"version": 8, "metadata": {"malimap:size": [NaN, 100]}, "sources": {}, "layers": []}\n' > style.json
args: render --style $TMP/style.json -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/style.json:1:46: error: invalid JSON: the number NaN is not finite (a number must be within +-1.8e308)
nofile: $TMP/out.png

test: a number too large for a double in GeoJSON
setup: cp $ROOT/tests/bad/data/geojson.json style.json && printf '{"type": "Polygon", "coordinates": [[[0, 0], [1e400, 0], [1, 1], [0, 0]]]}\n' > x.geojson
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/x.geojson:1:47: error: invalid JSON: the number 1e400 is not finite (a number must be within +-1.8e308)
nofile: $TMP/out.png

test: invalid UTF-8 in a style string
setup: printf '{"version": 8, "name": "Ma\377li", "sources": {}, "layers": []}\n' > style.json
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.svg
exit: 1
stderr: malimap: $TMP/style.json:1:24: error: invalid JSON: a string that is not valid UTF-8
nofile: $TMP/out.svg

test: a terminal escape in a style string is not printed
setup: printf '{"version": 8, "sources": {"s": {"type": "geojson", "data": "malimap:x\\u001b]0;pwned\\u0007"}}, "layers": []}\n' > style.json
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/style.json:1:61: error: unknown computed source 'malimap:x?]0;pwned?'; malimap computes places, events, territory, changes, zones or graticule
check: ! grep -q "$(printf '\033')" .stderr
nofile: $TMP/out.png

test: a map size in the style beyond the limit
setup: printf '{"version": 8, "metadata": {"malimap:size": [100000, 100000]}, "sources": {}, "layers": []}\n' > style.json
args: render --style $TMP/style.json -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/style.json:1:46: error: a width must be a number from 16 to 20000
nofile: $TMP/out.png

test: a GeoJSON position out of range
setup: cp $ROOT/tests/bad/data/geojson.json style.json && printf '{"type": "Point", "coordinates": [-200, 10]}\n' > x.geojson
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/x.geojson:1:34: error: position [-200, 10] is outside longitude -180..180 or latitude -90..90
nofile: $TMP/out.png

test: GeoJSON events with a latitude of 123
setup: printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 123]},\n "properties": {"event_date": "2023-11-14", "event_type": "Battles", "location": "Gao"}}]}\n' > events.geojson
args: render --events $TMP/events.geojson --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.geojson:1:113: error: invalid latitude 123: must be within -90..90
nofile: $TMP/out.png

test: a GeoJSON file that is a JSON array
setup: cp $ROOT/tests/bad/data/geojson.json style.json && printf '[1, 2, 3]\n' > x.geojson
args: render --style $TMP/style.json --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/x.geojson:1:1: error: not GeoJSON: the top level needs a \"type\"
nofile: $TMP/out.png

test: zones that end before they start
setup: printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"controller": "JNIM", "status": "held", "valid_from": "2030-01-01", "valid_to": "2012-01-01"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 16], [1, 16], [1, 17], [0, 16]]]}}]}\n' > zones.geojson
args: render --zones $TMP/zones.geojson --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/zones.geojson: record 1: error: valid_to is before valid_from
nofile: $TMP/out.png

test: a zone that is a point
setup: printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"controller": "JNIM", "status": "held", "valid_from": "2012-01-01", "valid_to": "2030-01-01"}, "geometry": {"type": "Point", "coordinates": [0, 16]}}]}\n' > zones.geojson
args: render --zones $TMP/zones.geojson --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/zones.geojson: record 1: error: a zone must be a polygon
nofile: $TMP/out.png

test: a polygon with a million points renders
setup: cp $ROOT/tests/bad/data/geojson.json style.json && awk 'BEGIN { n = 1000000; printf "{\"type\": \"Polygon\", \"coordinates\": [["; for (i = 0; i < n; i++) { a = 6.283185307179586 * i / n; r = 4 + 0.5 * sin(a * 5000); printf "[%.6f, %.6f],", r * cos(a), 16 + r * sin(a) }; printf "[4.0, 16.0]]]}\n" }' > x.geojson
args: render --style $TMP/style.json --size 300x200 -o $TMP/out.png
exit: 0
stderr: 
check: $ROOT/build/tools/pnginfo out.png | grep -qx 'size 300x200'

test: self-intersecting GeoJSON polygons render (bow tie, spike, touching rings)
setup: sed 's/"x.geojson"/"bowtie.geojson"/' $ROOT/tests/bad/data/geojson.json > style.json && cp $ROOT/tests/bad/data/bowtie.geojson .
args: render --style $TMP/style.json --size 300x200 -o $TMP/out.svg
exit: 0
stderr: 
check: xmllint --noout out.svg

test: self-intersecting zones render (derived territory and zones together)
setup: printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"controller": "JNIM", "status": "contested", "valid_from": "2012-01-01", "valid_to": "2030-01-01"}, "geometry": {"type": "Polygon", "coordinates": [[[-4, 13], [0, 17], [0, 13], [-4, 17], [-4, 13]]]}}]}\n' > zones.geojson
args: render --zones $TMP/zones.geojson --size 300x200 -o $TMP/out.png
exit: 0
stderr: 
check: $ROOT/build/tools/pnginfo out.png | grep -qx 'size 300x200'

test: a font that is not installed falls back (as fontconfig does), no error
args: render --style $ROOT/tests/bad/data/font.json --size 300x200 -o $TMP/out.png
exit: 0
stderr: 
check: $ROOT/build/tools/pnginfo out.png | grep -qx 'size 300x200'
