"""One-off: turn the CBS/Kadaster veiligheidsregio boundaries (TopoJSON) into the SVG
path data the coverage map draws (`regions/data/veiligheidsregio-2025-paths.json`).

Run once, by hand, when the boundaries change; the application never runs this script
and never reads the TopoJSON, ../shared or the network: it reads only the JSON file
written here. Standard library only.

    python3 scripts/build_veiligheidsregio_paths.py veiligheidsregio_2025.topojson

The input is `wgs84/veiligheidsregio_2025.topojson` of the public repository
`cartomap/nl` (commit 01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6), which converts PDOK
"CBS Gebiedsindelingen 2025" (`veiligheidsregio_gegeneraliseerd`, CBS/Kadaster,
licence CC BY 4.0). Provenance and attribution: `regions/data/SOURCES.md`.

What it does:
1. decodes the quantised TopoJSON: each arc is delta-encoded (the first position is
   absolute, every next one is the difference to the previous), then
   `lon = x * scale[0] + translate[0]`, `lat = y * scale[1] + translate[1]`;
2. stitches each ring from its arcs (a negative index ~i is arc i reversed; the first
   point of every next arc repeats the last point of the previous one) and refuses a
   ring whose arcs do not join or that does not close: a corrupted copy fails here;
3. projects to a plain equirectangular SVG system, x scaled by cos(latitude) at the
   middle of the country so that shapes keep their proportions, y pointing down;
4. adds a point inside each region for its figure on the map (the middle of the widest
   horizontal stretch of its largest polygon through that polygon's centroid);
5. checks the 25 codes and names against `regions/data/veiligheidsregios.csv`.
"""

import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "regions" / "data" / "veiligheidsregio-2025-paths.json"
NAMES = ROOT / "regions" / "data" / "veiligheidsregios.csv"
OBJECT = "veiligheidsregio_2025"
HEIGHT = 600.0  # SVG units from the northernmost to the southernmost point
SOURCE = (
    "CBS/Kadaster, CBS Gebiedsindelingen 2025 (veiligheidsregio_gegeneraliseerd), "
    "via cartomap/nl wgs84/veiligheidsregio_2025.topojson at "
    "01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6"
)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) positions."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        if points:
            if _far(points[-1], arc[0]):
                raise ValueError(f"arc {index} does not join the previous arc")
            arc = arc[1:]
        points.extend(arc)
    if _far(points[0], points[-1]):
        raise ValueError(f"ring {indexes} does not close")
    return points


def _far(a, b) -> bool:
    return abs(a[0] - b[0]) > 1e-9 or abs(a[1] - b[1]) > 1e-9


def polygons_of(geometry: dict, arcs) -> list[list[list[tuple[float, float]]]]:
    """A list of polygons, each a list of rings (outer ring first, then holes)."""
    if geometry["type"] == "Polygon":
        return [[ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    raise ValueError(f"unexpected geometry type {geometry['type']}")


def area_and_centroid(points) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if not area:
        return 0.0, points[0][0], points[0][1]
    return abs(area), cx / (6 * area), cy / (6 * area)


def label_point(polygon) -> tuple[float, float]:
    """The middle of the widest horizontal stretch inside ``polygon`` (projected
    points, holes included) on the line through its centroid."""
    _area, _cx, cy = area_and_centroid(polygon[0])
    crossings = []
    for points in polygon:
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
            if (y0 <= cy < y1) or (y1 <= cy < y0):
                crossings.append(x0 + (cy - y0) * (x1 - x0) / (y1 - y0))
    crossings.sort()
    stretches = list(zip(crossings[::2], crossings[1::2], strict=False))
    left, right = max(stretches, key=lambda s: s[1] - s[0])
    return (left + right) / 2, cy


def build(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    geometries = topology["objects"][OBJECT]["geometries"]
    regions = [(g["properties"], polygons_of(g, arcs)) for g in geometries]
    lons = [p[0] for _props, polys in regions for poly in polys for p in poly[0]]
    lats = [p[1] for _props, polys in regions for poly in polys for p in poly[0]]
    west, north, south = min(lons), max(lats), min(lats)
    factor = math.cos(math.radians((north + south) / 2))
    unit = HEIGHT / (north - south)

    def project(point):
        lon, lat = point
        return (lon - west) * factor * unit, (north - lat) * unit

    width = (max(lons) - west) * factor * unit
    result = []
    for props, polygons in sorted(regions, key=lambda r: r[0]["statcode"]):
        projected = [[[project(p) for p in r] for r in poly] for poly in polygons]
        path = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in r) + "Z"
            for poly in projected
            for r in poly
        )
        largest = max(projected, key=lambda poly: area_and_centroid(poly[0])[0])
        x, y = label_point(largest)
        result.append(
            {
                "code": props["statcode"],
                "name": props["statnaam"],
                "path": path,
                "label": [round(x, 1), round(y, 1)],
            }
        )
    return {
        "source": SOURCE,
        "licence": "CC BY 4.0",
        "attribution": "Grenzen veiligheidsregio's 2025: CBS/Kadaster (CC BY 4.0)",
        "projection": "equirectangular, x scaled by cos(%.4f°)" % ((north + south) / 2),
        "viewBox": f"0 0 {math.ceil(width)} {math.ceil(HEIGHT)}",
        "regions": result,
    }


def check_names(data: dict) -> None:
    with NAMES.open(encoding="utf-8", newline="") as handle:
        expected = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    found = {r["code"]: r["name"] for r in data["regions"]}
    if found != expected:
        raise ValueError(f"codes or names differ from {NAMES.name}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    topology = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    data = build(topology)
    check_names(data)
    OUTPUT.write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{OUTPUT.relative_to(ROOT)}: {len(data['regions'])} regions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
