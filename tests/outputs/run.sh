#!/usr/bin/env bash
# The output files as other programs see them: for each bundled style, the
# SVG (xmllint; layer groups = the style's layer ids; every text of the scene
# is a <text> of its group; headless Chromium, librsvg and Inkscape draw it
# like the PNG), the PDF (pdftotext finds every text, pdffonts lists embedded
# fonts, pdftoppm draws it like the PNG), the SVG smaller than cairo's; and
# the article bundle's embed.html in Chromium (every image loads, the right
# one for the screen); the animated WebP in Chromium (an <img> of the right
# size; its decoder finds every frame, looping, each one the PNG frame pixel
# for pixel). Prints PASS/FAIL lines with the measured figures.
#   tests/outputs/run.sh PROGRAM TOOLS_DIR [LABEL]
set -u
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tools=$(cd "$2" && pwd)
label=${3:-outputs}
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DATE=2023-11-14
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0

pass() { echo "PASS $label/$1${2:+ ($2)}"; }
fail() { echo "FAIL $label/$1: $2"; status=1; }

# Headless Chromium with nothing of its own: fresh profile, no network, no GPU.
chrome() {
    local prof
    prof=$(mktemp -d "$out/chrome.XXXXXX")
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --font-render-hinting=none --user-data-dir="$prof" "$@" 2>/dev/null
}

# Text nodes of the <text> elements of layer group $2 of SVG $1, unescaped, one per line.
svg_texts() {
    xmllint --xpath "//*[local-name()='g'][@id='$2']/*[local-name()='text']/text()" "$1" \
        2>/dev/null | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
}

# The tolerance between two renderers: anti-aliasing and glyph hinting differ at
# the edges of letters, so a changed pixel is one off by more than 96 of 255,
# and at most 1% of them may change (measured: about 0.2%, all on text).
compare() { # name ref out
    local msg
    if msg=$("$tools/imgdiff" "$2" "$3" --threshold 96 --max-changed 0.01 --diff "$out/$1-diff.png"); then
        pass "$1" "$msg"
    else
        mkdir -p "$ROOT/build/outputs-fail"
        cp "$3" "$out/$1-diff.png" "$ROOT/build/outputs-fail/" 2>/dev/null
        fail "$1" "$msg (see build/outputs-fail/)"
    fi
}

for style in styles/*.json; do
    name=$(basename "$style" .json)
    base="$out/$name"
    args=(--style "$style" --date "$DATE")
    if ! "$prog" render "${args[@]}" -o "$base.svg" 2>"$base.err" ||
        ! "$prog" render "${args[@]}" -o "$base.png" 2>>"$base.err" ||
        ! "$prog" render "${args[@]}" -o "$base.pdf" 2>>"$base.err"; then
        fail "$name/render" "$(head -1 "$base.err")"
        continue
    fi
    size=$("$tools/pnginfo" "$base.png" | sed -n 's/^size //p')
    w=${size%x*} h=${size#*x}

    # --- SVG: valid, layered, real text ---
    if xmllint --noout "$base.svg" 2>"$base.xmlerr"; then
        pass "$name/svg-valid-xml"
    else
        fail "$name/svg-valid-xml" "$(head -1 "$base.xmlerr")"
    fi
    "$tools/maptool" layers "$style" >"$base.layers"
    xmllint --xpath "//*[local-name()='g'][@*[local-name()='groupmode']='layer']/@id" "$base.svg" |
        sed 's/^ id="\(.*\)"$/\1/' >"$base.groups"
    # the style's layers, in order, among the groups (furniture adds its own)
    if grep -Fxf "$base.layers" "$base.groups" | cmp -s - "$base.layers"; then
        pass "$name/svg-layer-ids" "$(wc -l <"$base.layers") layers"
    else
        fail "$name/svg-layer-ids" "groups $(tr '\n' ' ' <"$base.groups")"
    fi
    "$tools/maptool" texts "${args[@]}" >"$base.texts"
    : >"$base.svgtexts"
    for g in $(cut -f1 "$base.texts" | awk '!seen[$0]++'); do
        svg_texts "$base.svg" "$g" | sed "s/^/$g\t/" >>"$base.svgtexts"
    done
    if cmp -s "$base.texts" "$base.svgtexts"; then
        pass "$name/svg-texts" "$(wc -l <"$base.texts") texts, $(grep -c '^place-labels' "$base.texts") place labels"
    else
        fail "$name/svg-texts" "$(diff "$base.texts" "$base.svgtexts" | head -3 | tr '\n' ' ')"
    fi
    for town in Bamako Timbuktu Gao Kidal; do
        grep -qx "place-labels	$town" "$base.svgtexts" || fail "$name/svg-texts" "no label $town"
    done

    # --- PDF: searchable text, embedded fonts ---
    # -raw: in drawing order, so rotated and letter-spaced labels stay whole
    pdftotext -raw "$base.pdf" - | tr -d ' \n\t\f' >"$base.pdftext"
    missing=$(cut -f2 "$base.texts" | tr -d ' \t' | while IFS= read -r t; do
        grep -qF -- "$t" "$base.pdftext" || echo "$t"
    done | head -3 | tr '\n' ' ')
    if [ -z "$missing" ]; then
        pass "$name/pdf-text" "every text of the map found by pdftotext"
    else
        fail "$name/pdf-text" "pdftotext misses: $missing"
    fi
    fonts=$(pdffonts "$base.pdf" | tail -n +3)
    if [ -n "$fonts" ] && ! awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit !bad }' <<<"$fonts"; then
        pass "$name/pdf-fonts-embedded" "$(awk '{print $1}' <<<"$fonts" | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' ')"
    else
        fail "$name/pdf-fonts-embedded" "$(tr '\n' ' ' <<<"$fonts")"
    fi
    pdftoppm -r 96 -png -singlefile "$base.pdf" "$base-pdf"
    compare "$name/pdf-like-png" "$base.png" "$base-pdf.png"

    # --- the SVG drawn by other programs, against the PNG ---
    rsvg-convert "$base.svg" -o "$base-rsvg.png"
    compare "$name/svg-librsvg-like-png" "$base.png" "$base-rsvg.png"
    cat >"$base.html" <<EOF
<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0}img{display:block}</style></head>
<body><img src="$name.svg" width="$w" height="$h"></body></html>
EOF
    chrome --window-size="$w,$h" --screenshot="$base-chrome.png" "file://$base.html" >/dev/null
    if [ -s "$base-chrome.png" ]; then
        compare "$name/svg-chromium-like-png" "$base.png" "$base-chrome.png"
    else
        fail "$name/svg-chromium-like-png" "no screenshot from chromium"
    fi
    if command -v inkscape >/dev/null; then
        inkscape --export-type=png --export-filename="$base-ink.png" "$base.svg" >/dev/null 2>&1
        compare "$name/svg-inkscape-like-png" "$base.png" "$base-ink.png"
        # opened and saved by Inkscape: the layers keep their names
        inkscape --export-filename="$base-ink.svg" "$base.svg" >/dev/null 2>&1
        xmllint --xpath "//*[local-name()='g'][@*[local-name()='groupmode']='layer']/@*[local-name()='label']" \
            "$base-ink.svg" 2>/dev/null | sed 's/^ [a-z:]*label="\(.*\)"$/\1/' >"$base.inklayers"
        if grep -Fxf "$base.layers" "$base.inklayers" | cmp -s - "$base.layers"; then
            pass "$name/svg-inkscape-layers" "$(wc -l <"$base.inklayers") named layers after a round trip"
        else
            fail "$name/svg-inkscape-layers" "layers $(tr '\n' ' ' <"$base.inklayers")"
        fi
    else
        fail "$name/svg-inkscape" "inkscape is not installed (make test-deps)"
    fi
done

# --- our SVG against cairo's SVG surface, same scene ---
"$tools/maptool" cairo-svg "$out/cairo.svg" --date "$DATE"
ours=$(stat -c %s "$out/default.svg")
theirs=$(stat -c %s "$out/cairo.svg")
if [ "$ours" -lt "$theirs" ]; then
    pass "svg-smaller-than-cairo" "malimap $ours bytes, cairo $theirs bytes"
else
    fail "svg-smaller-than-cairo" "malimap $ours bytes, cairo $theirs bytes"
fi

# --- the article bundle in a browser ---
b="$out/bundle"
if "$prog" render --date "$DATE" --bundle "$b" --widths 640,1200 2>"$out/bundle.err"; then
    cat >"$b/check.js" <<'EOF'
addEventListener("load", function () {
  var im = Array.prototype.slice.call(document.images);
  var ok = im.length > 0 && im.every(function (i) { return i.complete && i.naturalWidth > 0; });
  document.body.setAttribute("data-check", im.length + " " + (ok ? "loaded" : "broken") + " " +
    im.map(function (i) { return i.currentSrc.split("/").pop(); }).join(","));
});
EOF
    sed 's|</body>|<script src="check.js"></script></body>|' "$b/embed.html" >"$b/check.html"
    for v in "500 1 map-640.png" "500 2 map-640@2x.png" "1400 1 map-1200.png" "1400 2 map-1200@2x.png"; do
        set -- $v
        got=$(chrome --window-size="$1,900" --force-device-scale-factor="$2" --virtual-time-budget=5000 \
            --dump-dom "file://$b/check.html" | grep -o 'data-check="[^"]*"')
        if [ "$got" = "data-check=\"1 loaded $3\"" ]; then
            pass "bundle-embed-loads-$1px-${2}x" "$3"
        else
            fail "bundle-embed-loads-$1px-${2}x" "${got:-no answer from chromium}, expected $3"
        fi
    done
    # and the check sees a missing image
    mv "$b/map-1200.png" "$b/gone.png"
    got=$(chrome --window-size=1400,900 --virtual-time-budget=5000 --dump-dom "file://$b/check.html" |
        grep -o 'data-check="[^"]*"')
    case $got in
    *broken*) pass "bundle-embed-broken-image-seen" ;;
    *) fail "bundle-embed-broken-image-seen" "${got:-no answer from chromium}" ;;
    esac
else
    fail "bundle" "$(head -1 "$out/bundle.err")"
fi
# --- the frames' HTML player in a browser: the slider and play/pause ---
pl="$out/player"
if "$prog" render --from 2016-01-01 --to 2016-01-08 --size 320x240 -o "$pl/frames/m-{date}.png" \
    --html "$pl/web/player.html" --delay 500 -q 2>"$out/player.err"; then
    cat >"$pl/web/check.js" <<'EOF'
addEventListener("load", function () {
  var out = document.getElementById("date"), slider = document.getElementById("slider");
  var img = document.getElementById("frame"), play = document.getElementById("play");
  var seen = [out.textContent, img.naturalWidth];
  slider.value = 2;
  slider.dispatchEvent(new Event("input"));
  img.addEventListener("load", function once() {
    img.removeEventListener("load", once);
    seen.push(out.textContent, img.src.split("/").pop(), img.naturalWidth, img.alt.split(".")[0]);
    play.click(); /* two steps of 500 ms, then pause */
    setTimeout(function () {
      play.click();
      seen.push(out.textContent, play.textContent);
      document.body.setAttribute("data-check", seen.join("|"));
    }, 1200);
  });
});
EOF
    sed 's|</body>|<script src="check.js"></script></body>|' "$pl/web/player.html" >"$pl/web/check.html"
    got=$(chrome --window-size=800,700 --virtual-time-budget=10000 \
        --dump-dom "file://$pl/web/check.html" | grep -o 'data-check="[^"]*"')
    want='data-check="1 January 2016|320|3 January 2016|m-2016-01-03.png|320|Map: Mali — report, 3 January 2016|5 January 2016|Play"'
    if [ "$got" = "$want" ]; then
        pass "player-slider-and-play" "slider to frame 3 shows 3 January 2016 and its alt text; play moves on"
    else
        fail "player-slider-and-play" "${got:-no answer from chromium}, expected $want"
    fi
else
    fail "player" "$(head -1 "$out/player.err")"
fi
# --- the animated WebP in a browser: an <img>, and every frame through ImageDecoder ---
wa="$out/webp"
dates=2016-01-01,2023-11-14,2013-01-20
if "$prog" render --dates "$dates" --size 320x240 --delay 200 -o "$wa/a.webp" -q 2>"$wa.err" &&
    "$prog" render --dates "$dates" --size 320x240 -o "$wa/p-{n}.png" -q 2>>"$wa.err"; then
    # inline data: no file:// fetches, and canvases stay readable
    printf 'var webp = "%s";\nvar pngs = ["%s", "%s", "%s"];\n' "$(base64 -w0 "$wa/a.webp")" \
        "$(base64 -w0 "$wa/p-1.png")" "$(base64 -w0 "$wa/p-2.png")" "$(base64 -w0 "$wa/p-3.png")" \
        >"$wa/data.js"
    cat >"$wa/check.html" <<'EOF'
<!doctype html>
<html><body>
<img id="anim" src="a.webp">
<script src="data.js"></script>
<script>
function load(src) {
  return new Promise(function (ok, no) {
    var img = new Image();
    img.onload = function () { ok(img); };
    img.onerror = no;
    img.src = src;
  });
}
function pixels(img, w, h) {
  var c = document.createElement("canvas");
  c.width = w;
  c.height = h;
  var g = c.getContext("2d");
  g.drawImage(img, 0, 0);
  return g.getImageData(0, 0, w, h).data;
}
function same(a, b) {
  if (a.length !== b.length) return false;
  for (var i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}
/* virtual time runs ahead while the decoder works in the background: tick until done */
var done = false;
(function tick() {
  if (!done) setTimeout(tick, 1);
})();
addEventListener("load", async function () {
  var img = document.getElementById("anim"), seen = [img.naturalWidth, img.naturalHeight];
  try {
    var bytes = Uint8Array.from(atob(webp), function (c) { return c.charCodeAt(0); });
    var dec = new ImageDecoder({data: bytes, type: "image/webp"});
    await dec.tracks.ready;
    var t = dec.tracks.selectedTrack;
    seen.push(t.animated, t.frameCount, t.repetitionCount);
    for (var k = 0; k < t.frameCount; k++) {
      var f = (await dec.decode({frameIndex: k})).image;
      var ref = await load("data:image/png;base64," + pngs[k]);
      seen.push(f.duration / 1000, same(pixels(f, 320, 240), pixels(ref, 320, 240)) ? "same" : "differs");
      f.close();
    }
  } catch (e) {
    seen.push(e.name + ": " + e.message);
  }
  document.body.setAttribute("data-check", seen.join(" "));
  done = true;
});
</script>
</body></html>
EOF
    got=$(chrome --window-size=800,600 --virtual-time-budget=600000 --dump-dom "file://$wa/check.html" |
        grep -o 'data-check="[^"]*"')
    want='data-check="320 240 true 3 Infinity 200 same 200 same 200 same"'
    if [ "$got" = "$want" ]; then
        pass "webp-animation-in-chromium" "320x240, 3 frames of 200 ms, looping, each the PNG frame exactly"
    else
        fail "webp-animation-in-chromium" "${got:-no answer from chromium}, expected $want"
    fi
else
    fail "webp" "$(head -1 "$wa.err")"
fi
exit $status
