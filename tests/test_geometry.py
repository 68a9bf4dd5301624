"""The derived lines (data/geo/*.geojson) against the places and key figures, and their reproducibility.

Numbers come from the data (places.csv, key_figures.csv, the features' own precision_km), never from
this file, so the tests hold when the verified datasets replace the provisional ones.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import korea_notes as kn

shapely = pytest.importorskip("shapely")
pyproj = pytest.importorskip("pyproj")
from shapely.geometry import Point, shape  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GEO_DIR = ROOT / "data" / "geo"
GEO_NAMES = ("korea_outline", "mdl", "dmz", "parallel_38")
REQUIRED = ("name", "name_ko", "derived_from", "precision_km", "source")
GEOD = pyproj.Geod(ellps="WGS84")
TO_METRIC = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:5179", always_xy=True)


def _script():
    spec = importlib.util.spec_from_file_location("derive_geo", ROOT / "scripts" / "derive_geo.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("derive_geo", module)
    spec.loader.exec_module(module)
    return module


def _geom(name: str):
    return shape(kn.load_geojson(name)["features"][0]["geometry"])


def _props(name: str) -> dict:
    return kn.load_geojson(name)["features"][0]["properties"]


def _place(place_id: str) -> tuple[Point, float]:
    places = kn.load_dataset("places").set_index("id")
    row = places.loc[place_id]
    return Point(float(row["lon"]), float(row["lat"])), float(row["precision_km"])


def _figure(figure_id: str) -> float | None:
    figures = kn.load_dataset("key_figures").set_index("id")
    return float(figures.at[figure_id, "value"]) if figure_id in figures.index else None


def _metric(geom):
    return shapely.transform(geom, lambda c: np.column_stack(TO_METRIC.transform(c[:, 0], c[:, 1])))


def _distance_km(geom, point: Point) -> float:
    return _metric(geom).distance(_metric(point)) / 1000


# ----------------------------------------------------------------------------- properties and format

@pytest.mark.parametrize("name", GEO_NAMES)
def test_features_carry_the_required_properties(name):
    data = kn.load_geojson(name)
    for feature in data["features"]:
        props = feature["properties"]
        for key in REQUIRED:
            assert props.get(key) not in (None, ""), f"{name}: {key} missing"
        assert any("\uac00" <= ch <= "\ud7a3" for ch in props["name_ko"]), f"{name}: name_ko has no Hangul"
        assert 0 < float(props["precision_km"]) <= 5
        sources = set(kn.load_dataset("sources")["key"].astype(str))
        assert set(props["source"].split(";")) <= sources
        assert "natural_earth_10m" in props["source"]


@pytest.mark.parametrize("name", GEO_NAMES)
def test_rfc7946_lon_lat_order_right_hand_rule_and_rounding(name):
    geom = _geom(name)
    assert geom.is_valid and not geom.is_empty
    west, south, east, north = geom.bounds
    assert 124 <= west and east <= 132 and 33 <= south and north <= 43.1  # longitude first
    raw = kn.load_geojson(name)["features"][0]["geometry"]["coordinates"]
    text = json.dumps(raw)
    assert all(len(num.split(".")[-1]) <= 5 for num in text.replace("[", " ").replace("]", " ")
               .replace(",", " ").split() if "." in num)
    polygons = list(getattr(geom, "geoms", [geom])) if geom.geom_type.endswith("Polygon") else []
    for polygon in polygons:
        assert polygon.exterior.is_ccw, "RFC 7946: exterior rings counter-clockwise"
        assert all(not ring.is_ccw for ring in polygon.interiors)


def test_geo_files_are_small():
    total = sum((GEO_DIR / f"{name}.geojson").stat().st_size for name in GEO_NAMES)
    assert total < 300_000, f"data/geo is {total:,} bytes"


def test_descriptor_states_derivation_and_precision():
    desc = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in desc["resources"]:
        if resource["name"] in GEO_NAMES:
            assert "derive_geo.py" in resource["korea_notes:derivation"]
            assert "km" in resource["korea_notes:precision"]
            assert "See precision_km" not in resource["korea_notes:precision"]
            assert resource["sources"]


# ----------------------------------------------------------------------------- geography

def test_mdl_passes_by_panmunjom():
    """The MDL runs through the Joint Security Area at Panmunjom: the derived line passes within 1 km of it.

    Natural Earth's generalised line misses the JSA by about 1.2 km, so the derivation adds the JSA as a
    control point (scripts/derive_geo.py); a line derived without it, shifted, or with swapped coordinates
    fails here. Its stated precision elsewhere must stay at most 2.5 km so the other tests keep their teeth.
    """
    mdl, panmunjom = _geom("mdl"), _place("panmunjom")
    assert float(_props("mdl")["precision_km"]) <= 2.5
    assert _distance_km(mdl, panmunjom[0]) <= 1.0
    assert "control point" in _props("mdl")["derived_from"]


def test_dmz_contains_panmunjom_but_not_kaesong_or_seoul():
    dmz = _geom("dmz")
    assert dmz.contains(_place("panmunjom")[0])
    assert not dmz.contains(_place("kaesong")[0])
    assert not dmz.contains(_place("seoul")[0])


def _north_of_mdl():
    """The region north of the MDL: the line, extended due west and east from its ends, up to 43.5 N."""
    mdl = _geom("mdl")
    y0, y1 = mdl.coords[0][1], mdl.coords[-1][1]
    region = shapely.geometry.Polygon([(123.0, y0), *mdl.coords, (133.0, y1), (133.0, 43.5), (123.0, 43.5)])
    assert region.is_valid
    return region


def test_kaesong_is_north_of_the_mdl_though_south_of_38():
    """Kaesong lay south of the 38th parallel (the South's zone in 1945-50) but is north of the MDL."""
    kaesong = _place("kaesong")[0]
    assert kaesong.y < 38.0
    assert _north_of_mdl().contains(kaesong)
    assert _distance_km(_geom("mdl"), kaesong) > _props("mdl")["precision_km"]  # clearly, not by error
    assert not _north_of_mdl().contains(_place("seoul")[0])


def test_mdl_runs_from_the_west_estuary_to_the_east_coast():
    mdl = _geom("mdl")
    assert mdl.geom_type == "LineString"
    (x0, y0), (x1, y1) = mdl.coords[0], mdl.coords[-1]
    assert x0 < 127.0 and 37.6 < y0 < 38.0  # Han-Imjin estuary
    assert x1 > 128.0 and y1 > 38.3  # East Sea coast, north of 38
    outline = _geom("korea_outline")
    assert outline.buffer(0.02).contains(mdl)


def test_mdl_length_agrees_with_key_figures():
    """Geodesic length of the derived MDL vs key_figures.csv dmz_length_km.

    Tolerance: the derived length must be between 75 % and 105 % of the cited figure. A line
    generalised to straight segments ~5 km long (Natural Earth 1:10m) cuts every bend of the real
    line, so it can only come out shorter than a length measured along the real line (204 km vs the
    popular 248 km and the US Geographer's ~239 km, row mdl_length_ibs_km); it must not come out longer
    than a figure by more than the figure's own rounding. Both cited figures are checked when present.
    """
    cited = _figure("dmz_length_km")
    assert cited is not None
    derived = GEOD.geometry_length(_geom("mdl")) / 1000
    for figure_id in ("dmz_length_km", "mdl_length_ibs_km"):
        length = _figure(figure_id)
        if length is not None:
            assert 0.75 * length <= derived <= 1.05 * length, f"derived {derived:.1f} km vs {figure_id} {length} km"
    assert derived == pytest.approx(_props("mdl")["length_km"], abs=0.2)


def test_dmz_area_agrees_with_key_figures():
    """Geodesic area of the derived DMZ vs key_figures.csv dmz_area_km2 (or dmz_length_km x dmz_width_km).

    Same tolerance as the length, 75 %-105 %, and for the same reason: the zone is the derived
    (shortened) MDL buffered 2 km either side, so its area scales with the derived length.
    """
    cited = _figure("dmz_area_km2")
    if cited is None:
        length, width = _figure("dmz_length_km"), _figure("dmz_width_km")
        assert length is not None and width is not None
        cited = length * width
    area, _ = GEOD.geometry_area_perimeter(_geom("dmz"))
    derived = abs(area) / 1e6
    assert 0.75 * cited <= derived <= 1.05 * cited, f"derived {derived:.1f} km2 vs cited {cited} km2"


def test_dmz_is_two_km_either_side_of_the_mdl():
    dmz, mdl = _metric(_geom("dmz")), _metric(_geom("mdl"))
    width = _figure("mdl_withdrawal_km") or 2.0
    # Every point of the zone is within the half-width of the line (plus rounding), and the middle of
    # the line is 2 km from the zone's edge on both sides.
    assert dmz.hausdorff_distance(mdl) <= width * 1000 + 50
    middle = mdl.interpolate(0.5, normalized=True)
    assert dmz.exterior.distance(middle) == pytest.approx(width * 1000, abs=60)


def test_parallel_38_is_exactly_38_and_on_land():
    parallel = _geom("parallel_38")
    assert parallel.geom_type in ("LineString", "MultiLineString")
    for line in getattr(parallel, "geoms", [parallel]):
        assert {y for _, y in line.coords} == {38.0}
    assert _geom("korea_outline").buffer(1e-6).contains(parallel)
    # It crosses the peninsula: more than 250 km of land along the parallel.
    assert GEOD.geometry_length(parallel) / 1000 > 250


def test_outline_keeps_the_main_islands():
    outline = _geom("korea_outline")
    assert outline.geom_type == "MultiPolygon"
    islands = {"Jeju": (126.55, 33.38), "Ulleung": (130.86, 37.50), "Ganghwa": (126.45, 37.71)}
    for name, (lon, lat) in islands.items():
        assert outline.contains(Point(lon, lat)), name


# ----------------------------------------------------------------------------- reproducibility

VARYING = ("length_km", "area_km2", "precision_note")  # may move in the last digit with another GEOS/PROJ


def _committed(name: str) -> bytes:
    return (GEO_DIR / f"{name}.geojson").read_bytes()


def test_committed_files_record_the_pinned_input():
    """Always runs (no network): each file names the input the script pins, by version and sha256."""
    script = _script()
    for name in GEO_NAMES:
        provenance = json.loads(_committed(name))["korea_notes:provenance"]
        assert provenance["input_sha256"] == script.SOURCE_SHA256
        assert provenance["input"].startswith(f"{script.NPM_PACKAGE}@{script.NPM_VERSION} ")
        assert provenance["script"] == "scripts/derive_geo.py"


def _source_bytes(script) -> bytes:
    """The pinned input, from the cache that `make geo-source` fills (tests never fetch)."""
    tarball = script.tarball_path()
    if not tarball.is_file():
        _unavailable(f"the world-atlas tarball is not cached at {tarball}; run `make geo-source` first")
    return script.read_source(tarball)  # raises if the sha256 differs from the pinned one


def _unavailable(reason: str) -> None:
    if os.environ.get("KOREA_NOTES_REQUIRE_GEO_SOURCE") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def test_script_reproduces_the_committed_files():
    """Re-derive from the pinned Natural Earth input and compare with data/geo.

    Byte for byte when shapely/GEOS and pyproj/PROJ are the versions recorded in the files (GEOS's
    union, buffer and simplify may place points differently in other versions); otherwise the same
    properties and geometries equal within 1e-5 degrees (the rounding), so a new GEOS is not a failure
    but a changed derivation is.
    """
    script = _script()
    source = _source_bytes(script)
    assert hashlib.sha256(source).hexdigest() == script.SOURCE_SHA256
    derived = script.derive(source)
    assert sorted(derived) == sorted(f"{n}.geojson" for n in GEO_NAMES)
    recorded = json.loads(_committed("mdl"))["korea_notes:provenance"]["generator"]
    for name in GEO_NAMES:
        new, old = derived[f"{name}.geojson"], _committed(name)
        if recorded == script.generator_versions():
            assert new == old, f"{name}.geojson differs from scripts/derive_geo.py's output"
        else:
            new_f, old_f = json.loads(new)["features"][0], json.loads(old)["features"][0]
            assert {k: v for k, v in new_f["properties"].items() if k not in VARYING} == \
                {k: v for k, v in old_f["properties"].items() if k not in VARYING}
            assert shape(new_f["geometry"]).equals_exact(shape(old_f["geometry"]), 1e-5) or \
                shape(new_f["geometry"]).hausdorff_distance(shape(old_f["geometry"])) < 1e-3
