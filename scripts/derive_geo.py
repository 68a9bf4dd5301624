"""Derive data/geo/{korea_outline,mdl,dmz,parallel_38}.geojson from Natural Earth 1:10m.

The input is Natural Earth's 1:10m Admin 0 countries (public domain), version 4.1.0, as redistributed
in the npm package ``world-atlas@2.0.2`` (file ``countries-10m.json``, TopoJSON, quantized to a
1e5 x 1e5 grid). It is fetched with ``npm pack`` (the npm registry is the only place it comes from) into
a cache folder and checked against a pinned sha256 before use.

Usage::

    python scripts/derive_geo.py            # fetch if needed, derive, write data/geo/*.geojson
    python scripts/derive_geo.py --check    # derive, compare with the committed files (exit 1 if not equal)
    python scripts/derive_geo.py --no-fetch # use only the cached copy

The output is deterministic for given shapely/GEOS and pyproj/PROJ versions; each file records those
versions and the input's sha256 in its ``korea_notes:provenance`` member.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, mapping
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, unary_union

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "data" / "geo"

NPM_PACKAGE = "world-atlas"
NPM_VERSION = "2.0.2"
MEMBER = "package/countries-10m.json"
#: sha256 of countries-10m.json inside world-atlas-2.0.2.tgz (the file's bytes, not the tarball's).
SOURCE_SHA256 = "3bc6f1d367a9bcec479841bae0e76092f512838411d0cef124e92eec4db45f79"
NATURAL_EARTH_VERSION = "4.1.0"
KOR_ID, PRK_ID = "410", "408"  # ISO 3166-1 numeric ids in world-atlas

METRIC_CRS = "EPSG:5179"  # Korea 2000 / Unified CS (transverse Mercator, metres)
DECIMALS = 5  # about 1 m
OUTLINE_TOLERANCE_M = 300.0  # Douglas-Peucker tolerance for the outline, in metres
MIN_ISLAND_KM2 = 20.0  # keep islands at least this big (Jeju, Ulleung, Ganghwa, Baengnyeong ...)
DMZ_HALF_WIDTH_M = 2000.0  # Armistice Agreement, Article I, paragraph 1: 2 km from the MDL on each side

# Precision budget (km). Natural Earth 1:10m is generalised for maps of about 1:10,000,000.
NE_COAST_KM = 1.0  # typical positional error of its coastline at that scale (0.1 mm on such a map)
NE_MDL_KM = 1.8  # its KOR-PRK boundary: 44 vertices ~5 km apart; it passes ~1.2 km south of the JSA
QUANTIZATION_KM = 0.2  # world-atlas grid: 0.0036 deg lon x 0.0017 deg lat, half a cell's diagonal
SOURCES = "natural_earth_10m;world_atlas_npm"
# One control point where the MDL is marked on the ground: it runs through the middle of the conference row of
# the Joint Security Area (a concrete slab between the blue buildings). Natural Earth's generalised boundary
# passes about 1.2 km south of it, so the derived line is made to pass through it (lon, lat; places.csv
# 'panmunjom', read from the encyclopedia's JSA coordinates).
JSA_CONTROL_POINT = (126.67667, 37.95583)
JSA_SOURCE = "wp_joint_security_area"

_TO_METRIC = pyproj.Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
_TO_WGS84 = pyproj.Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)


class DerivationError(RuntimeError):
    """The input is missing or not what the script expects."""


# --------------------------------------------------------------------------- input

def cache_dir() -> Path:
    """Return the cache folder (``KOREA_NOTES_CACHE``, else ``$XDG_CACHE_HOME/korea-notes``)."""
    if os.environ.get("KOREA_NOTES_CACHE"):
        return Path(os.environ["KOREA_NOTES_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "korea-notes"


def tarball_path(cache: Path | None = None) -> Path:
    """Where ``npm pack`` leaves the pinned tarball."""
    return (cache or cache_dir()) / f"{NPM_PACKAGE}-{NPM_VERSION}.tgz"


def fetch(cache: Path | None = None, timeout: float = 180.0) -> Path:
    """Run ``npm pack world-atlas@2.0.2`` into the cache folder (if the tarball is not there yet)."""
    target = tarball_path(cache)
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise DerivationError(f"npm is not on PATH; install npm or put the tarball in {target.parent}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        subprocess.run([npm, "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--silent"], cwd=tmp, check=True,
                       timeout=timeout, stdout=subprocess.DEVNULL)
        os.replace(Path(tmp) / target.name, target)
    return target


def read_source(tarball: Path) -> bytes:
    """Return ``countries-10m.json`` from the tarball, after checking its sha256."""
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise DerivationError(f"{tarball} has no {MEMBER}")
        data = member.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCE_SHA256:
        raise DerivationError(f"{MEMBER} in {tarball} has sha256 {digest}, expected {SOURCE_SHA256}")
    return data


def load_source(*, allow_fetch: bool = True, cache: Path | None = None) -> bytes:
    """Return the checked source bytes, fetching the tarball with npm if allowed and needed."""
    path = tarball_path(cache)
    if not path.is_file():
        if not allow_fetch:
            raise DerivationError(f"{path} is missing (run without --no-fetch to get it with npm pack)")
        path = fetch(cache)
    return read_source(path)


# --------------------------------------------------------------------------- TopoJSON

class Topology:
    """A minimal TopoJSON decoder: quantized, delta-encoded arcs and (Multi)Polygon objects."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        transform = data.get("transform")
        self._arcs: list[np.ndarray] = []
        for arc in data["arcs"]:
            coords = np.asarray(arc, dtype=float)
            if transform:
                coords = np.cumsum(coords, axis=0)
                coords = coords * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
            self._arcs.append(coords)

    def arc(self, index: int) -> np.ndarray:
        """Coordinates of arc ``index`` (``~i`` means arc ``i`` reversed)."""
        return self._arcs[index] if index >= 0 else self._arcs[~index][::-1]

    def ring(self, indices: list[int]) -> np.ndarray:
        """Join arcs into one ring (consecutive arcs share their end/start point)."""
        parts = [self.arc(i) if n == 0 else self.arc(i)[1:] for n, i in enumerate(indices)]
        return np.concatenate(parts)

    def geometry(self, object_name: str, geometry_id: str) -> dict[str, Any]:
        """Return the TopoJSON geometry with this ``id`` in the named object."""
        for geometry in self.data["objects"][object_name]["geometries"]:
            if geometry.get("id") == geometry_id:
                return geometry
        raise DerivationError(f"no geometry with id {geometry_id!r} in {object_name!r}")

    @staticmethod
    def polygons_arcs(geometry: dict[str, Any]) -> list[list[list[int]]]:
        """Return the arc indices of each polygon of a Polygon or MultiPolygon."""
        if geometry["type"] == "Polygon":
            return [geometry["arcs"]]
        if geometry["type"] == "MultiPolygon":
            return geometry["arcs"]
        raise DerivationError(f"expected a polygon, got {geometry['type']}")

    def polygons(self, geometry: dict[str, Any]) -> list[Polygon]:
        """Shapely polygons of a TopoJSON (Multi)Polygon."""
        return [Polygon(self.ring(rings[0]), [self.ring(r) for r in rings[1:]])
                for rings in self.polygons_arcs(geometry)]

    def arc_set(self, geometry: dict[str, Any]) -> set[int]:
        """Return the (unsigned) arcs a geometry uses."""
        return {i if i >= 0 else ~i for rings in self.polygons_arcs(geometry) for ring in rings for i in ring}


# --------------------------------------------------------------------------- geometry

def to_metric(geom: Any) -> Any:
    """WGS84 lon/lat -> EPSG:5179 metres."""
    return shapely.transform(geom, lambda c: np.column_stack(_TO_METRIC.transform(c[:, 0], c[:, 1])))


def to_wgs84(geom: Any) -> Any:
    """EPSG:5179 metres -> WGS84 lon/lat."""
    return shapely.transform(geom, lambda c: np.column_stack(_TO_WGS84.transform(c[:, 0], c[:, 1])))


def rounded(geom: Any) -> Any:
    """Round coordinates to DECIMALS places and orient polygons counter-clockwise (RFC 7946)."""
    geom = shapely.set_precision(geom, 10 ** -DECIMALS)
    if isinstance(geom, Polygon):
        geom = orient(geom, 1.0)
    elif isinstance(geom, MultiPolygon):
        geom = MultiPolygon([orient(p, 1.0) for p in geom.geoms])
    if not geom.is_valid or geom.is_empty:
        raise DerivationError(f"rounding produced an invalid or empty {geom.geom_type}")
    return geom


def _coords(value: Any) -> Any:
    if isinstance(value, tuple | list):
        if value and isinstance(value[0], int | float):
            return [round(float(v), DECIMALS) + 0.0 for v in value[:2]]
        return [_coords(v) for v in value]
    return value


def _sorted_polygons(polygons: list[Polygon]) -> list[Polygon]:
    """Largest first; ties (never expected) broken by position, so the order is deterministic."""
    return sorted(polygons, key=lambda p: (-round(to_metric(p).area), p.bounds))


def _gap_km(line: LineString, point: tuple[float, float]) -> float:
    """Distance in km from ``point`` to ``line``, measured in the metric projection."""
    return to_metric(line).distance(to_metric(Point(point))) / 1000


def through_control_point(line: LineString, point: tuple[float, float]) -> LineString:
    """Insert ``point`` into ``line`` between the two vertices of the segment nearest to it."""
    coords = list(line.coords)
    line_m, point_m = to_metric(line), to_metric(Point(point))
    segments = [LineString(list(line_m.coords)[i:i + 2]) for i in range(len(coords) - 1)]
    nearest = min(range(len(segments)), key=lambda i: segments[i].distance(point_m))
    return LineString(coords[: nearest + 1] + [point] + coords[nearest + 1:])


def derive(source: bytes) -> dict[str, bytes]:
    """Derive the four GeoJSON files from the bytes of ``countries-10m.json``.

    Returns
    -------
    dict
        File name -> file bytes.

    """
    topo = Topology(json.loads(source))
    kor, prk = topo.geometry("countries", KOR_ID), topo.geometry("countries", PRK_ID)

    # MDL: the arcs both countries use are their shared land boundary.
    shared = sorted(topo.arc_set(kor) & topo.arc_set(prk))
    if not shared:
        raise DerivationError("Republic of Korea and DPRK share no arc")
    mdl = linemerge(MultiLineString([LineString(topo.arc(i)) for i in shared]))
    if not isinstance(mdl, LineString):
        raise DerivationError(f"the shared boundary is not one line but a {mdl.geom_type}")
    if mdl.coords[0][0] > mdl.coords[-1][0]:  # run west (Han-Imjin estuary) to east (East Sea coast)
        mdl = LineString(mdl.coords[::-1])
    ne_gap_km = _gap_km(mdl, JSA_CONTROL_POINT)
    mdl = rounded(through_control_point(mdl, JSA_CONTROL_POINT))

    # Outline: both countries dissolved, small islands dropped, simplified in metres.
    land = unary_union(topo.polygons(kor) + topo.polygons(prk))
    land_m = to_metric(land)
    kept = [p for p in land_m.geoms if p.area >= MIN_ISLAND_KM2 * 1e6]
    simplified = [p.simplify(OUTLINE_TOLERANCE_M, preserve_topology=True) for p in kept]
    outline = rounded(MultiPolygon(_sorted_polygons([to_wgs84(p) for p in simplified])))

    # DMZ: 2 km either side of the MDL, in metres, kept to the land (unsimplified) it crosses.
    mdl_m = to_metric(mdl)
    zone_m = mdl_m.buffer(DMZ_HALF_WIDTH_M, quad_segs=8).intersection(land_m)
    zone_m = max(getattr(zone_m, "geoms", [zone_m]), key=lambda g: g.area)  # drop slivers on islands
    dmz = rounded(to_wgs84(zone_m))

    # 38th parallel: latitude exactly 38.0 where it crosses the outline's land.
    lons = outline.bounds[0] - 1, outline.bounds[2] + 1
    crossing = LineString([(lons[0], 38.0), (lons[1], 38.0)]).intersection(outline)
    pieces = [g for g in getattr(crossing, "geoms", [crossing]) if isinstance(g, LineString) and g.length > 0]
    pieces = sorted((LineString([(round(x, DECIMALS), 38.0) for x, _ in sorted(g.coords)]) for g in pieces),
                    key=lambda g: g.coords[0][0])
    parallel = MultiLineString(pieces)

    mdl_km = pyproj.Geod(ellps="WGS84").geometry_length(mdl) / 1000
    dmz_km2 = to_metric(dmz).area / 1e6
    outline_km = NE_COAST_KM + QUANTIZATION_KM + OUTLINE_TOLERANCE_M / 1000
    mdl_precision = NE_MDL_KM + QUANTIZATION_KM
    ne = (f"Natural Earth {NATURAL_EARTH_VERSION} 1:10m Admin 0 countries "
          f"({NPM_PACKAGE}@{NPM_VERSION} countries-10m.json)")

    features = {
        "korea_outline": [{
            "name": "Korean peninsula and main islands (both Koreas)",
            "name_ko": "한반도와 주요 섬",
            "derived_from": (
                f"{ne}: Republic of Korea (410) and DPRK (408) polygons dissolved; islands under "
                f"{MIN_ISLAND_KM2:g} km2 dropped; simplified (Douglas-Peucker, {OUTLINE_TOLERANCE_M:g} m "
                f"in {METRIC_CRS}); coordinates rounded to {DECIMALS} decimals."),
            "precision_km": round(outline_km, 1),
            "precision_note": (
                f"Natural Earth 1:10m coast ~{NE_COAST_KM:g} km + world-atlas quantization "
                f"{QUANTIZATION_KM:g} km + simplification {OUTLINE_TOLERANCE_M / 1000:g} km."),
            "source": SOURCES,
        }, outline],
        "mdl": [{
            "name": "Military Demarcation Line (approximate)",
            "name_ko": "군사분계선 (근사)",
            "derived_from": (
                f"{ne}: the land boundary shared by the Republic of Korea and DPRK polygons (the arcs "
                "both use), which Natural Earth draws along the armistice line; merged into one line "
                "from the Han-Imjin estuary to the East Sea coast; not simplified further; one control point "
                "added where the MDL is marked on the ground, the Joint Security Area's conference row "
                f"(lon {JSA_CONTROL_POINT[0]}, lat {JSA_CONTROL_POINT[1]}), which Natural Earth's line misses by "
                f"{ne_gap_km:.1f} km."),
            "precision_km": round(mdl_precision, 1),
            "precision_note": (
                f"Natural Earth's boundary has {len(mdl.coords) - 1} vertices about 5 km apart, so it cuts the "
                f"real line's bends: ~{NE_MDL_KM:g} km (without the control point it would pass "
                f"{ne_gap_km:.1f} km south of the Joint Security Area, which the real MDL crosses) + quantization "
                f"{QUANTIZATION_KM:g} km. At the control point itself the line is as good as the JSA coordinate "
                "(about 0.3 km). "
                f"Its geodesic length is {mdl_km:.0f} km, shorter than the length usually cited for the line "
                "(key_figures.csv, dmz_length_km) for the same reason."),
            "length_km": round(mdl_km, 1),
            "source": f"{SOURCES};{JSA_SOURCE}",
        }, mdl],
        "dmz": [{
            "name": "Demilitarized Zone (approximate: 2 km either side of the derived MDL)",
            "name_ko": "비무장지대 (근사: 군사분계선 남북 2 km)",
            "derived_from": (
                f"A {DMZ_HALF_WIDTH_M / 1000:g} km buffer either side of the derived MDL (this collection's "
                f"mdl.geojson), computed in {METRIC_CRS} metres with pyproj/shapely, clipped to the land of "
                f"{ne}, returned to WGS84."),
            "precision_km": round(mdl_precision, 1),
            "precision_note": (
                "Inherits the MDL's error; the buffer itself is exact. The real northern and southern "
                "boundaries have been moved closer to the MDL in places, so the real zone is narrower "
                "there."),
            "area_km2": round(dmz_km2, 1),
            "source": SOURCES + ";armistice_agreement_text;wp_korean_demilitarized_zone",
        }, dmz],
        "parallel_38": [{
            "name": "38th parallel north (on land)",
            "name_ko": "북위 38도선",
            "derived_from": (
                "The line of latitude exactly 38.0 degrees north intersected with this collection's "
                "korea_outline.geojson."),
            "precision_km": round(outline_km, 1),
            "precision_note": ("The latitude is exact; where each piece starts and ends follows the "
                               "outline's coast (its precision)."),
            "source": SOURCES,
        }, parallel],
    }

    provenance = {
        "script": "scripts/derive_geo.py",
        "input": f"{NPM_PACKAGE}@{NPM_VERSION} {MEMBER.removeprefix('package/')}",
        "input_sha256": SOURCE_SHA256,
        "natural_earth_version": NATURAL_EARTH_VERSION,
        "generator": generator_versions(),
    }
    out: dict[str, bytes] = {}
    for name, (props, geom) in features.items():
        feature = {"type": "Feature", "properties": props,
                   "geometry": {"type": geom.geom_type, "coordinates": _coords(mapping(geom)["coordinates"])}}
        head = {"type": "FeatureCollection", "korea_notes:provenance": provenance}
        compact: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}
        text = (json.dumps(head, **compact)[:-1] + ',\n"features":[\n' + json.dumps(feature, **compact)
                + "\n]}\n")
        out[f"{name}.geojson"] = text.encode("utf-8")
    return out


def generator_versions() -> dict[str, str]:
    """Versions whose algorithms shape the output (union, buffer, simplify, projection)."""
    return {"shapely": shapely.__version__, "geos": shapely.geos_version_string,
            "pyproj": pyproj.__version__, "proj": pyproj.proj_version_str}


def write(files: dict[str, bytes], out_dir: Path) -> None:
    """Write each file atomically."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out_dir / name)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: data/geo)")
    parser.add_argument("--cache", type=Path, default=None, help="cache folder for the npm tarball")
    parser.add_argument("--no-fetch", action="store_true", help="do not run npm pack; use the cache only")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out; write nothing")
    parser.add_argument("--fetch-only", action="store_true",
                        help="only make sure the pinned input is in the cache (npm pack); derive nothing")
    args = parser.parse_args(argv)
    if args.fetch_only:
        try:
            load_source(allow_fetch=True, cache=args.cache)
        except (DerivationError, subprocess.SubprocessError, OSError) as exc:
            print(f"derive_geo: {exc}", file=sys.stderr)
            return 2
        print(f"derive_geo: pinned input cached at {tarball_path(args.cache)}")
        return 0
    try:
        files = derive(load_source(allow_fetch=not args.no_fetch, cache=args.cache))
    except (DerivationError, subprocess.SubprocessError, OSError) as exc:
        print(f"derive_geo: {exc}", file=sys.stderr)
        return 2
    if args.check:
        differ = [n for n, d in files.items()
                  if not (args.out / n).is_file() or (args.out / n).read_bytes() != d]
        for name in differ:
            print(f"derive_geo: {args.out / name} differs from the derivation", file=sys.stderr)
        return 1 if differ else 0
    write(files, args.out)
    for name, data in files.items():
        print(f"{args.out / name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
