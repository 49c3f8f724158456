# malimap check: the bundled dataset passes; bad files list every problem with its line.

test: check --help
args: check --help
exit: 0
stdout~: ^usage: malimap check

test: the bundled dataset has no problems
args: check
exit: 0
stderr: 
stdout~: ^checked [0-9]+ places, [0-9]+ control rows, [0-9]+ events, [0-9]+ actors: no problems$

test: a bad date, an unknown place, latitude 123 and a broken quote, each with its line
args: check --events $ROOT/tests/data/check/events-bad.csv
exit: 1
stderr: malimap: $ROOT/tests/data/check/events-bad.csv:2: error: invalid event_date '2023-02-30': day does not exist in that month
check: grep -qxF "malimap: $ROOT/tests/data/check/events-bad.csv:3: error: unknown place 'Tonkaa' (did you mean 'Tonka'?)" .stderr
check: grep -qxF "malimap: $ROOT/tests/data/check/events-bad.csv:4: error: invalid latitude '123': must be within -90..90" .stderr
check: grep -qxF "malimap: $ROOT/tests/data/check/events-bad.csv:5: error: unterminated quoted field (opened on line 5)" .stderr
check: grep -qxF "malimap: 4 problems found" .stderr
check: [ ! -s .stdout ]

test: a missing column
args: check --events $ROOT/tests/data/check/events-missing-column.csv
exit: 1
stderr: malimap: $ROOT/tests/data/check/events-missing-column.csv:1: error: missing column 'event_type'
check: grep -qxF "malimap: 1 problem found" .stderr

test: control rows: unknown place, an alias for a code, no source
args: check --control $ROOT/tests/data/check/control-bad.csv
exit: 1
stderr: malimap: $ROOT/tests/data/check/control-bad.csv:3: error: unknown place 'Kidall' (did you mean 'Kidal'?)
check: grep -qxF "malimap: $ROOT/tests/data/check/control-bad.csv:4: error: unknown controller 'GATIA': not an actor code (did you mean 'PLATFORM'?)" .stderr
check: grep -qxF "malimap: $ROOT/tests/data/check/control-bad.csv:5: error: no source: every row must cite one" .stderr
check: grep -qxF "malimap: 3 problems found" .stderr

test: problems in two files are all listed
args: check --control $ROOT/tests/data/check/control-bad.csv --events $ROOT/tests/data/check/events-bad.csv
exit: 1
check: grep -qxF "malimap: 7 problems found" .stderr

test: GeoJSON events pass
args: check --events $ROOT/tests/data/check/events.geojson
exit: 0
stdout~: ^checked [0-9]+ places, [0-9]+ control rows, 2 events, [0-9]+ actors: no problems$

test: GeoJSON errors point at line and column
args: check --events $ROOT/tests/data/check/events-bad.geojson
exit: 1
stderr: malimap: $ROOT/tests/data/check/events-bad.geojson:2:77: error: invalid latitude 123: must be within -90..90

test: a missing places file is reported and the rest still checked
args: check --places $TMP/none.csv --events $ROOT/tests/data/check/events-bad.csv
exit: 1
stderr~: ^malimap: .*/none.csv: error: cannot open: No such file or directory$
check: grep -qF "events-bad.csv:4: error: invalid latitude '123'" .stderr

test: unknown option
args: check --fix
exit: 2
stderr: malimap: error: unknown option '--fix' (see 'malimap check --help')
