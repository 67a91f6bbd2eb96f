#!/usr/bin/env bash
# Regenerates the status page's world map, gslb-server/src/main/resources/status-page/world.svg: the land of the
# world (Natural Earth 1:110m, public domain) from the npm package world-atlas (land-110m.json, TopoJSON, ISC), drawn
# equirectangular on a 360 x 180 view box (x = longitude + 180, y = 90 - latitude) so the page places a region at
# its coordinates with no projection code. Run once when the map should change; the result is committed.
#   scripts/world-map.sh                  # world-atlas 2.0.2
#   VERSION=2.0.2 scripts/world-map.sh
# Needs npm (Node.js) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=world-atlas
VERSION=${VERSION:-2.0.2}
TARGET=gslb-server/src/main/resources/status-page

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# npm pack downloads the tarball and checks it against the registry's integrity hash.
tarball=$(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" | tail -n 1)
tar -xzf "$work/$tarball" -C "$work"

python3 - "$work/package/land-110m.json" "$TARGET/world.svg" "$VERSION" <<'PY'
import json, sys

source, target, version = sys.argv[1:4]
topology = json.load(open(source))
(sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]

# TopoJSON arcs are quantised and delta-encoded: undo both, then project.
arcs = []
for arc in topology["arcs"]:
    x = y = 0
    points = []
    for dx, dy in arc:
        x += dx
        y += dy
        points.append((x * sx + tx + 180, 90 - (y * sy + ty)))
    arcs.append(points)

def ring(indices):
    points = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points

def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []

def unwrapped(points):
    """
    The ring made continuous where it crosses the antimeridian (world-atlas stitches land across it, so Chukotka and
    Fiji jump from x 360 to 0), as one or two copies that the 0..360 view box clips. A ring around a pole (Antarctica)
    ends a full turn from where it began, and is closed along the map's edge.
    """
    out = [points[0]]
    for x, y in points[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while px - x > 180:
            x += 360
        out.append((x, y))
    turn = out[-1][0] - out[0][0]
    if abs(turn) > 180:
        edge = 180 if sum(y for _, y in out) / len(out) > 90 else 0
        out += [(out[-1][0], edge), (out[0][0], edge)]
    low = min(x for x, _ in out)
    high = max(x for x, _ in out)
    copies = [out]
    if low < 0:
        copies.append([(x + 360, y) for x, y in out])
    if high > 360:
        copies.append([(x - 360, y) for x, y in out])
    return copies

parts = []
for geometry in topology["objects"]["land"]["geometries"]:
    for polygon in polygons(geometry):
        for indices in polygon:
            for copy in unwrapped(ring(indices)):
                points, last = [], None
                for x, y in copy:
                    p = (round(x, 1), round(y, 1))
                    if p != last:
                        points.append(p)
                        last = p
                if len(points) >= 3:
                    parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")

with open(target, "w") as out:
    out.write('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180">'
              f'<!-- Land: Natural Earth 1:110m (public domain) via world-atlas {version} (ISC); '
              'scripts/world-map.sh regenerates this file. -->'
              f'<path fill-rule="evenodd" d="{"".join(parts)}"/></svg>\n')
PY

cp "$work/package/LICENSE" "$TARGET/world-atlas.LICENSE"
echo "world-map: wrote $TARGET/world.svg ($(wc -c <"$TARGET/world.svg") bytes) from $PACKAGE@$VERSION"
