# malimap state and malimap places: control on a date, changes, the events window, formats,
# and the option errors users see.

test: state --help
args: state --help
exit: 0
stdout~: ^usage: malimap state
stdout~: --window W

test: Kidal is held by the CSP the day before the army took it
args: state --date 2023-11-13
exit: 0
stderr: 
stdout~: ^control on 2023-11-13 \(13 November 2023\)$
stdout~: ^Kidal +CSP +held +2023-10-31 +13 +high 

test: Kidal is held by the army on 2023-11-14
args: state --date 2023-11-14
exit: 0
stdout~: ^Kidal +FAMA +held +2023-11-14 +0 +high 
check: ! grep -qE '^Kidal +CSP ' .stdout

test: Ber before and after the army took the MINUSMA camp
args: state --date 2023-08-12
exit: 0
stdout~: ^Ber +CMA +held +2023-08-12 

test: Ber on 13 August 2023
args: state --date '13 August 2023'
exit: 0
stdout~: ^Ber +FAMA +held +2023-08-13 

test: Anéfis held by the CSP on 2023-10-06
args: state --date 2023-10-06
exit: 0
stdout~: ^Anéfis +CSP +held +2023-10-05 

test: Anéfis taken by the army on 2023-10-07
args: state --date 2023-10-07
exit: 0
stdout~: ^Anéfis +FAMA +held +2023-10-07 

test: Tinzaouatene is not known before the battle of July 2024
args: state --date 2024-07-24
exit: 0
check: ! grep -q '^Tinzaouatene ' .stdout

test: Tinzaouatene held by the CSP after the battle of 25-27 July 2024
args: state --date 2024-08-01
exit: 0
stdout~: ^Tinzaouatene +CSP +held +2024-07-27 

test: the default date is the latest date in the data
args: state
exit: 0
stdout~: ^control on [0-9]{4}-[0-9]{2}-[0-9]{2} \(
stdout~: ^events from 

test: the events of the 30 days before the date, with their age
args: state --date 2023-11-14
exit: 0
stdout~: ^events from 2023-10-16 to 2023-11-14 \(30 days\): [0-9]+$
stdout~: ^2023-11-11 +1  Battles +Kidal 
stdout~: ^2023-11-14 +0  Strategic developments +Kidal 

test: a one-week window
args: state --date 2023-11-14 --window 1w
exit: 0
stdout~: ^events from 2023-11-08 to 2023-11-14 \(7 days\): [0-9]+$
check: ! grep -q '^2023-11-07 ' .stdout

test: --since lists the changes between two dates
args: state --date 2023-11-14 --since 2023-11-13
exit: 0
stdout~: ^changes from 2023-11-13 to 2023-11-14: 1$
stdout~: ^Kidal +CSP held +-> FAMA held +since 2023-11-14$

test: CSV output has a header and quotes fields with commas
args: state --date 2023-11-14 --format csv
exit: 0
stdout~: ^place,lat,lon,admin1,controller,controller_name,status,since,days_since_change,confidence,source$
stdout~: ^Kidal,18.4389,1.4083,Kidal,FAMA,Malian Armed Forces \(FAMa\),held,2023-11-14,0,high,https://
stdout~: ^event_id_cnty,event_date,end_date,age_days,
stdout~: ,"CSP-PSD: Permanent Strategic Framework for Peace, Security and Development",

test: JSON output is valid JSON
args: state --date 2023-11-14 --since 2023-10-01 --format json
exit: 0
stdout~: ^  "date": "2023-11-14",$
stdout~: \{"name": "Kidal", .*"controller": "FAMA", .*"previous_controller": "CSP"
check: if command -v python3 >/dev/null 2>&1; then python3 -m json.tool .stdout >/dev/null; else $ROOT/build/tools/jsoncheck .stdout; fi
check: $ROOT/build/tools/jsoncheck .stdout

test: JSON output with an empty window is valid JSON
args: state --date 2011-01-01 --since 2010-01-01 --format json
exit: 0
stdout~: "events": \[\]
check: $ROOT/build/tools/jsoncheck .stdout

test: state from GeoJSON events
args: state --date 2023-11-14 --events $ROOT/tests/data/check/events.geojson
exit: 0
stdout~: ^events from 2023-10-16 to 2023-11-14 \(30 days\): 2$
stdout~: ^2023-11-12 +2  Violence against civilians +Tonka 

test: a date that does not exist
args: state --date 2023-02-30
exit: 2
stderr: malimap: error: invalid --date '2023-02-30': day does not exist in that month

test: a date in the wrong form
args: state --date 14/11/2023
exit: 2
stderr: malimap: error: invalid --date '14/11/2023': expected YYYY-MM-DD or DD Month YYYY

test: a bad --since
args: state --since yesterday
exit: 2
stderr~: ^malimap: error: invalid --since 'yesterday': 

test: a bad window
args: state --window 3x
exit: 2
stderr: malimap: error: invalid --window '3x': expected a duration such as 30d, 2w, 1m or 1y

test: a zero window
args: state --window 0d
exit: 2
stderr: malimap: error: invalid --window '0d': expected a duration such as 30d, 2w, 1m or 1y

test: an unknown format
args: state --format xml
exit: 2
stderr: malimap: error: invalid --format 'xml': expected text, csv or json

test: an unknown option
args: state --colour red
exit: 2
stderr: malimap: error: unknown option '--colour' (see 'malimap state --help')

test: an option without its value
args: state --date
exit: 2
stderr: malimap: error: option '--date' needs a value (see 'malimap state --help')

test: a stray argument
args: state Kidal
exit: 2
stderr: malimap: error: unexpected argument 'Kidal' (see 'malimap state --help')

test: a missing events file is a data error naming it
args: state --events $TMP/none.csv
exit: 1
stderr~: ^malimap: .*/none.csv: error: cannot open: No such file or directory$

test: bad data stops state at the first problem
args: state --events $ROOT/tests/data/check/events-bad.csv
exit: 1
stderr: malimap: $ROOT/tests/data/check/events-bad.csv:2: error: invalid event_date '2023-02-30': day does not exist in that month

test: places finds Niafunké without the accent
args: places Niafunke
exit: 0
stdout~: ^Niafunké +15\.9311 +-3\.9900 +Tombouctou +town +verified +also: Niafunke; Niafounké; Niafounke$

test: places finds Timbuktu by its French name, then the airport
args: places tombouctou
exit: 0
check: head -1 .stdout | grep -qE '^Timbuktu +16\.7667 +-3\.0000 +Tombouctou '
check: sed -n 2p .stdout | grep -qE '^Timbuktu airport '

test: places with several words and punctuation
args: places tin zaouatene
exit: 0
stdout~: ^Tinzaouatene +19\.9486 +2\.9678 +Kidal 

test: places with no match names the nearest
args: places Tonkaa
exit: 1
stderr: malimap: error: no place matches 'Tonkaa' (did you mean 'Tonka'?)

test: places needs a query
args: places
exit: 2
stderr: malimap: error: missing QUERY (see 'malimap places --help')

test: places --help
args: places --help
exit: 0
stdout~: ^usage: malimap places
