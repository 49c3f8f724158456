# Bad CSV files: events, places, control and actors with NUL bytes, 1 MB
# fields, invalid UTF-8, out-of-range dates and coordinates, unknown places,
# broken records. `render` stops at the first problem (exit 1, no output);
# `check` lists them all.

test: a NUL byte in an events file
setup: printf 'event_date,event_type,location,latitude,longitude\n2023-11-14,Battles,Gao,16.27,-0.04\n2023-11-14,Bat\0tles,Gao,16.27,-0.04\n' > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:3: error: NUL byte in field 2
nofile: $TMP/out.png

test: a field of 1 MB
setup: { printf 'event_date,event_type,location,latitude,longitude,notes\n2023-11-14,Battles,Gao,16.27,-0.04,'; head -c 1100000 /dev/zero | tr '\0' a; printf '\n'; } > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:2: error: field 6 is longer than 1048575 bytes
nofile: $TMP/out.png

test: a quoted field of 1 MB spanning lines
setup: { printf 'event_date,event_type,location,latitude,longitude,notes\n2023-11-14,Battles,Gao,16.27,-0.04,"'; for i in $(seq 30000); do printf "line %05d of a note that never ends\n" $i; done; printf '"\n'; } > events.csv
args: check --events $TMP/events.csv
exit: 1
stderr: malimap: $TMP/events.csv:2: error: field 6 is longer than 1048575 bytes

test: invalid UTF-8 in a location
setup: printf 'event_date,event_type,location,latitude,longitude\n2023-11-14,Battles,Ga\377o,16.27,-0.04\n' > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:2: error: invalid UTF-8 in field 3 (byte offset 2)
nofile: $TMP/out.png

test: a Latin-1 file read as UTF-8
setup: printf 'name,lat,lon\nNiafunk\351,15.93,-3.99\n' > places.csv
args: render --places $TMP/places.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/places.csv:2: error: invalid UTF-8 in field 1 (byte offset 7)
nofile: $TMP/out.png

test: an event dated before the year 1000
setup: printf 'event_date,event_type,location,latitude,longitude\n0999-12-31,Battles,Gao,16.27,-0.04\n' > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:2: error: invalid event_date '0999-12-31': year must be 1000 to 9999
nofile: $TMP/out.png

test: an event dated in the year 10000
setup: printf 'event_date,event_type,location,latitude,longitude\n10000-01-01,Battles,Gao,16.27,-0.04\n' > events.csv
args: check --events $TMP/events.csv
exit: 1
stderr: malimap: $TMP/events.csv:2: error: invalid event_date '10000-01-01': expected YYYY-MM-DD or DD Month YYYY

test: an event that ends before it starts
setup: printf 'event_date,end_date,event_type,location,latitude,longitude\n2023-11-14,2023-11-01,Battles,Gao,16.27,-0.04\n' > events.csv
args: check --events $TMP/events.csv
exit: 1
stderr: malimap: $TMP/events.csv:2: error: end_date '2023-11-01' is before event_date

test: a longitude out of range
setup: printf 'event_date,event_type,location,latitude,longitude\n2023-11-14,Battles,Gao,16.27,-200\n' > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:2: error: invalid longitude '-200': must be within -180..180
nofile: $TMP/out.png

test: a latitude that is not a number (nan, inf and hex are not data)
setup: printf 'event_date,event_type,location,latitude,longitude\n2023-11-14,Battles,Gao,nan,0x10\n' > events.csv
args: check --events $TMP/events.csv
exit: 1
stderr: malimap: $TMP/events.csv:2: error: invalid latitude 'nan': expected a number in decimal degrees

test: an unknown place
setup: printf 'event_date,event_type,location,latitude,longitude\n2023-11-14,Battles,Tonkaa,,\n' > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:2: error: unknown place 'Tonkaa' (did you mean 'Tonka'?)
nofile: $TMP/out.png

test: an unknown place of 100 kB (the hint is still computed quickly)
setup: { printf 'event_date,event_type,location,latitude,longitude\n2023-11-14,Battles,'; head -c 100000 /dev/zero | tr '\0' x; printf ',,\n'; } > events.csv
args: check --events $TMP/events.csv
exit: 1
stderr~: ^malimap: .*/events.csv:2: error: unknown place 'x{60}…' \(nearest names: '.*'\)$

test: a place name and an unknown location of 300 kB each (suggestions stay fast)
setup: { printf 'name,lat,lon\nGao,16.27,-0.04\n'; head -c 300000 /dev/zero | tr '\0' y; printf ',1,1\n'; } > places.csv && printf 'date,place,controller,source\n' > control.csv && { printf 'event_date,event_type,location,latitude,longitude\n2023-11-14,Battles,'; head -c 300000 /dev/zero | tr '\0' x; printf ',,\n'; } > events.csv
args: render --places $TMP/places.csv --control $TMP/control.csv --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:2: error: unknown place 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (nearest names: 'Gao', 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy…')
nofile: $TMP/out.png

test: more than 4096 columns
setup: { printf 'event_date,event_type,location,latitude,longitude'; for i in $(seq 5000); do printf ',c%d' $i; done; printf '\n'; } > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:1: error: more than 4096 fields
nofile: $TMP/out.png

test: a record with fewer fields than the header
setup: printf 'event_date,event_type,location,latitude,longitude\n2023-11-14,Battles,Gao\n' > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:2: error: record has 3 fields, the header has 5
nofile: $TMP/out.png

test: an unterminated quote
setup: printf 'event_date,event_type,location,latitude,longitude\n2023-11-14,Battles,"Gao,16.27,-0.04\n2023-11-15,Battles,Gao,16.27,-0.04\n' > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:2: error: unterminated quoted field (opened on line 2)
nofile: $TMP/out.png

test: an empty events file
setup: : > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:1: error: empty file: expected a header line with the columns event_id_cnty, event_date, end_date, event_type, sub_event_type, actor1, actor2, location, latitude, longitude, fatalities, notes, source, source_url, geo_precision, time_precision
nofile: $TMP/out.png

test: an events file with only a byte order mark and blank lines
setup: printf '\357\273\277\r\n\n\r\n' > events.csv
args: check --events $TMP/events.csv
exit: 1
stderr~: ^malimap: .*/events.csv:1: error: empty file: expected a header line with the columns event_id_cnty,

test: a missing column
setup: printf 'event_date,event_type,latitude,longitude\n' > events.csv
args: render --events $TMP/events.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/events.csv:1: error: missing column 'location'
nofile: $TMP/out.png

test: two places with the same name
setup: printf 'name,alt_names,lat,lon\nGao,,16.27,-0.04\nKidal,Gao,18.44,1.41\n' > places.csv
args: render --places $TMP/places.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/places.csv:3: error: duplicate place name 'Gao': 'Gao' on line 2 has the same name
nofile: $TMP/out.png

test: a place at latitude 91
setup: printf 'name,lat,lon\nGao,91,-0.04\n' > places.csv
args: render --places $TMP/places.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/places.csv:2: error: invalid lat '91': must be within -90..90
nofile: $TMP/out.png

test: a control row for an unknown place
setup: printf 'date,place,controller,status,source\n2023-11-14,Kidall,FAMA,held,https://example.org\n' > control.csv
args: render --control $TMP/control.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/control.csv:2: error: unknown place 'Kidall' (did you mean 'Kidal'?)
nofile: $TMP/out.png

test: a control row dated 30 February
setup: printf 'date,place,controller,status,source\n2023-02-30,Kidal,FAMA,held,https://example.org\n' > control.csv
args: render --control $TMP/control.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/control.csv:2: error: invalid date '2023-02-30': day does not exist in that month
nofile: $TMP/out.png

test: an actors file with a code twice
setup: printf 'code,name\nFAMA,Malian army\nFAMA,again\n' > actors.csv
args: render --actors $TMP/actors.csv --size 200x150 -o $TMP/out.png
exit: 1
stderr: malimap: $TMP/actors.csv:3: error: duplicate code 'FAMA' (first on line 2)
nofile: $TMP/out.png
