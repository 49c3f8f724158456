#!/usr/bin/env bash
# Runs the official MapLibre style validator (gl-style-validate from the npm
# package @maplibre/maplibre-gl-style-spec) on every bundled style. The
# package is installed once into build/npm. Prints one PASS/FAIL line a style.
cd "$(dirname "$0")/../.."
prefix=build/npm
validator=$prefix/node_modules/.bin/gl-style-validate
if [ ! -x "$validator" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            npm >/dev/null 2>&1
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "FAIL maplibre-validator/install: npm is missing and could not be installed"
        exit 1
    fi
    mkdir -p "$prefix"
    if ! npm install --silent --no-audit --no-fund --prefix "$prefix" \
            @maplibre/maplibre-gl-style-spec@^24 >"$prefix/install.log" 2>&1; then
        echo "FAIL maplibre-validator/install: npm install failed: $(tail -1 "$prefix/install.log")"
        exit 1
    fi
fi
status=0
for style in styles/*.json; do
    if out=$("$validator" "$style" 2>&1); then
        echo "PASS maplibre-validator/$(basename "$style")"
    else
        echo "FAIL maplibre-validator/$(basename "$style"): $(echo "$out" | head -1)"
        status=1
    fi
done
exit $status
