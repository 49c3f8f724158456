#!/usr/bin/env bash
# make-africa.sh — build shapes/africa_adm0, the countries of Africa for malimap's locator
# inset, from the same OpenStreetMap extract as mali_adm0 and neighbors_adm0.
# WGS84 lon/lat, ESRI Shapefile, UTF-8 (.cpg).
#
#   africa_adm0   54 African states + Western Sahara, 55 features: iso_a3, iso_a2, name (English)
#                 OpenStreetMap (2017) via npm @geo-maps/countries-coastline-1m 0.6.0   ODbL-1.0
#
# How: the 55 countries are taken at full resolution, made into a partition (no overlaps,
# gaps filled, see step 4), islands and holes under MIN_AREA dropped, then every boundary
# arc (a coast, or a border shared by two countries) is simplified once with Douglas-Peucker
# at TOL degrees and the countries are rebuilt from the simplified arcs, so neighbours keep
# one common border: no slivers, no gaps, no overlaps.
#
# Usage: bash shapes/recipe/make-africa.sh     (root, or sudo for apt-get)
# Env:   OUT=dir (default: the shapes folder above this script)  CACHE=dir (npm tarball)
#        PREVIEW=file.png  also draw Africa with Mali highlighted (installs python3-matplotlib)
# Needs: Debian 12 apt sources, the npm registry, node/npm (installed from Debian if absent).
# The files it writes are byte-identical from run to run (fixed DBF date, no timestamps).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-$(dirname "$HERE")}
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/malimap-shapes}
TOL=0.05              # degrees: Douglas-Peucker tolerance, ~5.5 km; a 400 px wide inset is ~0.22 deg/px
MIN_AREA=0.002        # square degrees (~25 km²): smaller islands, holes and fragments are dropped
DBF_DATE=2026-11-22   # written into the .dbf header instead of today's date
PY=/usr/bin/python3   # Debian's python (python3-gdal, python3-shapely live there)
T0=$(date +%s)
log() { printf '[make-africa %4ds] %s\n' $(( $(date +%s) - T0 )) "$*"; }

# ---------------------------------------------------------------- 1. packages
DEBS=(gdal-bin python3-gdal python3-shapely ca-certificates)
[ -z "${PREVIEW:-}" ] || DEBS+=(python3-matplotlib)
command -v npm >/dev/null 2>&1 || DEBS+=(npm)
missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
log "packages ok"

# ---------------------------------------------------------------- 2. npm tarball (pinned + sha512-checked)
SPEC=@geo-maps/countries-coastline-1m@0.6.0
TGZ=geo-maps-countries-coastline-1m-0.6.0.tgz
WANT='sha512-jpwDtygYqomtGQPBxIcKFhRSsoMC7PtpOq8ZxF2rtY3GODGwmyA63KkZEBeeMMS6oD7RdPdTQL49n4roQtFTEQ=='
mkdir -p "$CACHE" "$OUT"
if [ ! -s "$CACHE/$TGZ" ]; then
  log "npm pack $SPEC"
  (cd "$CACHE" && npm pack "$SPEC" --silent >/dev/null 2>&1)
fi
got="sha512-$(openssl dgst -sha512 -binary "$CACHE/$TGZ" | base64 -w0)"
[ "$got" = "$WANT" ] || { echo "integrity mismatch for $TGZ" >&2; exit 1; }

SRC=$(mktemp -d); trap 'rm -rf "$SRC"' EXIT
tar -xzf "$CACHE/$TGZ" -C "$SRC" package/map.geo.json
# the 54 UN member states in Africa (Somaliland is part of Somalia in OSM) + Western Sahara
A3S=(AGO BDI BEN BFA BWA CAF CIV CMR COD COG COM CPV DJI DZA EGY ERI ESH ETH GAB GHA GIN GMB GNB GNQ
     KEN LBR LBY LSO MAR MDG MLI MOZ MRT MUS MWI NAM NER NGA RWA SDN SEN SLE SOM SSD STP SWZ SYC TCD
     TGO TUN TZA UGA ZAF ZMB ZWE)
IN=$(printf "'%s'," "${A3S[@]}"); IN=${IN%,}
log "ogr2ogr: ${#A3S[@]} countries from the OSM extract"
OGR_GEOJSON_MAX_OBJ_SIZE=0 ogr2ogr -f GeoJSON "$SRC/africa.geojson" "$SRC/package/map.geo.json" -where "A3 IN ($IN)"
rm -rf "$SRC/package"

# ---------------------------------------------------------------- 3. build africa_adm0
log "building africa_adm0 (tolerance $TOL deg)"
SRC="$SRC" OUT="$OUT" TOL="$TOL" MIN_AREA="$MIN_AREA" DBF_DATE="$DBF_DATE" A3S="${A3S[*]}" "$PY" - <<'PY'
import os, json, warnings
warnings.filterwarnings('ignore')
from osgeo import ogr, osr, gdal
from shapely.geometry import shape, Polygon, MultiPolygon, LineString, Point
from shapely.ops import unary_union, linemerge, polygonize
from shapely.validation import make_valid
from shapely.strtree import STRtree
gdal.UseExceptions()
SRC, OUT = os.environ['SRC'], os.environ['OUT']
TOL, MIN_AREA = float(os.environ['TOL']), float(os.environ['MIN_AREA'])

NAMES = {  # A3: (A2, English short name)
 'AGO': ('AO', 'Angola'), 'BDI': ('BI', 'Burundi'), 'BEN': ('BJ', 'Benin'), 'BFA': ('BF', 'Burkina Faso'),
 'BWA': ('BW', 'Botswana'), 'CAF': ('CF', 'Central African Republic'), 'CIV': ('CI', "Côte d'Ivoire"),
 'CMR': ('CM', 'Cameroon'), 'COD': ('CD', 'Democratic Republic of the Congo'), 'COG': ('CG', 'Republic of the Congo'),
 'COM': ('KM', 'Comoros'), 'CPV': ('CV', 'Cabo Verde'), 'DJI': ('DJ', 'Djibouti'), 'DZA': ('DZ', 'Algeria'),
 'EGY': ('EG', 'Egypt'), 'ERI': ('ER', 'Eritrea'), 'ESH': ('EH', 'Western Sahara'), 'ETH': ('ET', 'Ethiopia'),
 'GAB': ('GA', 'Gabon'), 'GHA': ('GH', 'Ghana'), 'GIN': ('GN', 'Guinea'), 'GMB': ('GM', 'Gambia'),
 'GNB': ('GW', 'Guinea-Bissau'), 'GNQ': ('GQ', 'Equatorial Guinea'), 'KEN': ('KE', 'Kenya'), 'LBR': ('LR', 'Liberia'),
 'LBY': ('LY', 'Libya'), 'LSO': ('LS', 'Lesotho'), 'MAR': ('MA', 'Morocco'), 'MDG': ('MG', 'Madagascar'),
 'MLI': ('ML', 'Mali'), 'MOZ': ('MZ', 'Mozambique'), 'MRT': ('MR', 'Mauritania'), 'MUS': ('MU', 'Mauritius'),
 'MWI': ('MW', 'Malawi'), 'NAM': ('NA', 'Namibia'), 'NER': ('NE', 'Niger'), 'NGA': ('NG', 'Nigeria'),
 'RWA': ('RW', 'Rwanda'), 'SDN': ('SD', 'Sudan'), 'SEN': ('SN', 'Senegal'), 'SLE': ('SL', 'Sierra Leone'),
 'SOM': ('SO', 'Somalia'), 'SSD': ('SS', 'South Sudan'), 'STP': ('ST', 'São Tomé and Príncipe'),
 'SWZ': ('SZ', 'Eswatini'), 'SYC': ('SC', 'Seychelles'), 'TCD': ('TD', 'Chad'), 'TGO': ('TG', 'Togo'),
 'TUN': ('TN', 'Tunisia'), 'TZA': ('TZ', 'Tanzania'), 'UGA': ('UG', 'Uganda'), 'ZAF': ('ZA', 'South Africa'),
 'ZMB': ('ZM', 'Zambia'), 'ZWE': ('ZW', 'Zimbabwe')}
assert sorted(NAMES) == sorted(os.environ['A3S'].split())

# Where two countries' OSM polygons overlap, the one earlier in this list keeps the overlap:
# Mali first (its outline stays exactly mali_adm0's), Western Sahara out of Morocco (as in
# neighbors_adm0), Lesotho out of South Africa (OSM's South Africa has no hole for it), Abyei and
# Kafia Kingi (in both Sudan and South Sudan) to Sudan, which administers them; the rest are
# digitising slivers along borders (< 0.02 deg² each), given by alphabetical order.
FIRST = ['MLI', 'ESH', 'LSO', 'SDN']
ORDER = FIRST + sorted(a for a in NAMES if a not in FIRST)
# Gaps between countries: the Ilemi Triangle (in no country in OSM) goes to Kenya, which administers
# it; Bir Tawil, claimed by neither Egypt nor Sudan, stays a gap. Smaller gaps are digitising slivers.
GIVE = {'KEN': (35.10, 4.82)}
OPEN = {'Bir Tawil': (33.71, 21.85)}

def polys(g):
    """polygonal part of g as MultiPolygon"""
    if g.is_empty: return MultiPolygon()
    if g.geom_type == 'Polygon': return MultiPolygon([g])
    if g.geom_type == 'MultiPolygon': return g
    return MultiPolygon([p for x in g.geoms for p in polys(x).geoms])
def clean(g): return polys(g if g.is_valid else make_valid(g))
def nverts(g): return sum(len(p.exterior.coords) + sum(len(r.coords) for r in p.interiors) for p in polys(g).geoms)
def near(a, b, d=1e-6):
    return a[0] - d <= b[2] and b[0] - d <= a[2] and a[1] - d <= b[3] and b[1] - d <= a[3]

G = {}
for f in json.load(open(os.path.join(SRC, 'africa.geojson')))['features']:
    G[f['properties']['A3']] = clean(shape(f['geometry']))
assert sorted(G) == sorted(NAMES), set(NAMES) ^ set(G)
SRC_MLI = G['MLI']
print('  source: %d countries, %d vertices' % (len(G), sum(nverts(g) for g in G.values())))

# ------------------------------------------------ 4. a partition at full resolution
done = []
for a in ORDER:
    hit = [b for b in done if near(G[a].bounds, G[b].bounds) and G[b].intersects(G[a])]
    if hit:
        before = G[a].area
        G[a] = clean(G[a].difference(unary_union([G[b] for b in hit])))
        if before - G[a].area > 1e-3: print('  overlap %s: %.3f deg² left to %s' % (a, before - G[a].area, '/'.join(hit)))
    done.append(a)

BND = {}
def bnd(a):
    if a not in BND: BND[a] = G[a].boundary
    return BND[a]
def neighbour(piece, exclude, allow_mali=False):
    """the country sharing the longest edge with piece (Mali only if allow_mali)"""
    zone = piece.exterior.buffer(1e-7)
    best = []
    for b in ORDER:
        if b in exclude or (b == 'MLI' and not allow_mali) or not near(piece.bounds, G[b].bounds) \
           or G[b].distance(piece) > 1e-7: continue
        shared = bnd(b).intersection(zone).length
        if shared > 0: best.append((shared, b))
    return max(best)[1] if best else None

U = unary_union(list(G.values()))
add = {a: [] for a in NAMES}
for h in (Polygon(r) for p in polys(U).geoms for r in p.interiors):
    if any(h.contains(Point(xy)) for xy in OPEN.values()):
        print('  gap left open: %.3f deg² (Bir Tawil)' % h.area); continue
    to = next((a for a, xy in GIVE.items() if h.contains(Point(xy))), None)
    if to: print('  gap of %.3f deg² given to %s' % (h.area, to))
    else:
        assert h.area < 0.01, ('unexpected gap between countries', h.area, h.representative_point().wkt)
        to = neighbour(h, ()) or neighbour(h, (), allow_mali=True)
    add[to].append(h)
for a in NAMES:
    if add[a]: G[a] = clean(unary_union([G[a]] + add[a])); BND.pop(a, None)

# islands and fragments under MIN_AREA (every country keeps its largest part); small holes
# were filled above as gaps or go with the small parts of the country inside them
dropped = merged = 0
for a in ORDER:
    ps = sorted(G[a].geoms, key=lambda p: -p.area)
    keep = [ps[0]] + [p for p in ps[1:] if p.area >= MIN_AREA]
    for p in ps[1:]:
        if p.area >= MIN_AREA: continue
        b = neighbour(p, (a,))
        if b: G[b] = clean(unary_union([G[b], p])); BND.pop(b, None); merged += 1
        else: dropped += 1
    G[a] = MultiPolygon(keep); BND.pop(a, None)
print('  small parts: %d islands dropped, %d fragments merged into a neighbour' % (dropped, merged))

# ------------------------------------------------ 5. simplify each arc once, rebuild the faces
rings = [LineString(r.coords) for g in G.values() for p in g.geoms for r in [p.exterior] + list(p.interiors)]
arcs = linemerge(unary_union(rings)); arcs = list(getattr(arcs, 'geoms', [arcs]))
simp = [Polygon(l.coords).simplify(TOL, preserve_topology=True).exterior if l.is_ring
        else l.simplify(TOL, preserve_topology=False) for l in arcs]
faces = list(polygonize(unary_union(simp)))
parts = [(a, p) for a in ORDER for p in G[a].geoms]
tree = STRtree([p for _, p in parts]); ix = {id(p): i for i, (_, p) in enumerate(parts)}
out = {a: [] for a in NAMES}; water = 0
for f in faces:   # each face goes to the country it overlaps most; faces mostly off land are water
    ov = {}
    for q in tree.query(f):
        a = parts[ix[id(q)]][0]
        if q.intersects(f): ov[a] = ov.get(a, 0.0) + q.intersection(f).area
    best = max(ov, key=lambda k: (ov[k], k)) if ov else None
    if best and ov[best] >= 0.5 * f.area: out[best].append(f)
    else: water += 1
print('  %d arcs -> %d faces (%d off land: Bir Tawil, lakes and estuaries closed by the simplification)' % (len(arcs), len(faces), water))
R = {a: clean(unary_union(out[a])) for a in NAMES}

# tidy: fragments under MIN_AREA/10 cut off by crossing arcs go to the neighbour they touch;
# enclosed water under MIN_AREA (estuaries the simplification closed) is filled
G = R; BND.clear()
for a in ORDER:
    ps = sorted(G[a].geoms, key=lambda p: -p.area)
    for p in ps[1:]:
        if p.area >= MIN_AREA / 10: continue
        b = neighbour(p, (a,))
        if b:
            G[a] = clean(G[a].difference(p)); G[b] = clean(unary_union([G[b], p])); BND.pop(a, None); BND.pop(b, None)
U = unary_union(list(G.values()))
for h in (Polygon(r) for p in polys(U).geoms for r in p.interiors):
    if h.area < MIN_AREA:
        b = neighbour(h, ()) or neighbour(h, (), allow_mali=True)
        G[b] = clean(unary_union([G[b], h])); BND.pop(b, None)

# ------------------------------------------------ checks
R = G
for a in NAMES: assert R[a].is_valid and not R[a].is_empty, a
pairs = [(a, b) for i, a in enumerate(ORDER) for b in ORDER[i + 1:]
         if near(R[a].bounds, R[b].bounds) and R[a].intersection(R[b]).area > 1e-12]
assert not pairs, ('overlaps', pairs)
U = unary_union(list(R.values()))
gaps = [Polygon(r) for p in polys(U).geoms for r in p.interiors]
print('  gaps in the land: %s' % ', '.join('%.3f deg² at %.2f,%.2f' % ((h.area,) + h.representative_point().coords[0]) for h in gaps))
hd = R['MLI'].hausdorff_distance(SRC_MLI)
print('  Mali: %d vertices, Hausdorff distance to the full-resolution outline %.4f deg' % (nverts(R['MLI']), hd))
assert hd <= 1.2 * TOL

# ------------------------------------------------ write
path = os.path.join(OUT, 'africa_adm0.shp')
drv = ogr.GetDriverByName('ESRI Shapefile')
if os.path.exists(path): drv.DeleteDataSource(path)
ds = drv.CreateDataSource(path)
srs = osr.SpatialReference(); srs.ImportFromEPSG(4326)
lyr = ds.CreateLayer('africa_adm0', srs, ogr.wkbMultiPolygon,
                     options=['ENCODING=UTF-8', 'DBF_DATE_LAST_UPDATE=' + os.environ['DBF_DATE']])
for fname, width in (('iso_a3', 3), ('iso_a2', 2), ('name', 40)):
    fd = ogr.FieldDefn(fname, ogr.OFTString); fd.SetWidth(width); lyr.CreateField(fd)
for a in sorted(NAMES):
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField('iso_a3', a); f.SetField('iso_a2', NAMES[a][0]); f.SetField('name', NAMES[a][1])
    f.SetGeometry(ogr.CreateGeometryFromWkb(R[a].wkb)); lyr.CreateFeature(f)
ds = None
print('  wrote africa_adm0: %d features, %d parts, %d vertices, bounds %s' % (
    len(R), sum(len(g.geoms) for g in R.values()), sum(nverts(g) for g in R.values()),
    ' '.join('%.2f' % x for x in U.bounds)))
PY

(cd "$OUT" && ls -l africa_adm0.* | awk '{printf "  %8d  %s\n", $5, $NF}' && sha256sum africa_adm0.*)

# ---------------------------------------------------------------- 6. preview (optional)
if [ -n "${PREVIEW:-}" ]; then
  OUT="$OUT" PREVIEW="$PREVIEW" "$PY" - <<'PY'
import os, matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from osgeo import ogr
ds = ogr.Open(os.path.join(os.environ['OUT'], 'africa_adm0.shp'))
fig = plt.figure(figsize=(4, 4), dpi=100); ax = fig.add_axes([0, 0, 1, 1])
for f in ds.GetLayer():
    g = ogr.ForceToMultiPolygon(f.GetGeometryRef().Clone()); verts, codes = [], []
    for i in range(g.GetGeometryCount()):
        p = g.GetGeometryRef(i)
        for j in range(p.GetGeometryCount()):
            c = p.GetGeometryRef(j).GetPoints(); verts += c
            codes += [Path.MOVETO] + [Path.LINETO] * (len(c) - 2) + [Path.CLOSEPOLY]
    mali = f.GetField('iso_a3') == 'MLI'
    ax.add_patch(PathPatch(Path(verts, codes), fc='#c0392b' if mali else '#e8e4d8', ec='#555', lw=0.3))
ax.set_xlim(-26, 64); ax.set_ylim(-48, 38.5); ax.set_aspect(1 / 0.93); ax.axis('off')
fig.savefig(os.environ['PREVIEW'], facecolor='#cfe3f0')
print('  preview:', os.environ['PREVIEW'])
PY
fi
log "done: $OUT/africa_adm0"
