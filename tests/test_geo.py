"""Municipality geometry for the map: complete, valid, small, with label points that fall inside
the drawn shapes, and a sane neighbour relation."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import Point, shape
from shapely.validation import explain_validity

from barnbaro.core.municipalities import load_counties, load_geometry, load_municipalities
from barnbaro.explore import geo

CODES = load_municipalities()["kommun_kod"].tolist()
# Sweden, generously: lon 10.5-24.5, lat 55-69.5
SWEDEN = (10.5, 55.0, 24.5, 69.5)


@pytest.fixture(scope="module")
def features():
    return geo.kommun_features()


@pytest.fixture(scope="module")
def shapes(features):
    return {f["properties"]["kommun_kod"]: shape(f["geometry"]) for f in features}


@pytest.fixture(scope="module")
def originals():
    df = load_geometry("kommun")
    return dict(zip(df["kommun_kod"].astype(str), shapely.from_wkb(df["geometry"].to_numpy())))


@pytest.fixture(scope="module")
def labels():
    return geo.label_points()


@pytest.fixture(scope="module")
def nb():
    return geo.neighbours()


def test_290_features_each_code_once(features):
    codes = [f["properties"]["kommun_kod"] for f in features]
    assert len(features) == 290
    assert sorted(codes) == sorted(CODES)
    assert len(set(codes)) == 290


def test_features_are_plain_geojson(features):
    for f in features:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert set(f["properties"]) == {"kommun_kod"}


@pytest.mark.parametrize("code", CODES)
def test_feature_geometry_valid_and_in_sweden(shapes, code):
    g = shapes[code]
    assert g.is_valid, explain_validity(g)
    assert not g.is_empty and g.area > 0
    minx, miny, maxx, maxy = g.bounds
    assert SWEDEN[0] <= minx and maxx <= SWEDEN[2] and SWEDEN[1] <= miny and maxy <= SWEDEN[3]


def test_simplified_shapes_stay_close_to_the_originals(shapes, originals):
    """Simplification must not distort: each drawn shape lies within the simplification
    tolerance (plus rounding) of the true one, no shape collapses (small municipalities near
    Stockholm keep just over half their area at the current tolerance), and the map as a whole
    keeps its area."""
    reach = 1.25 * geo.SIMPLIFY_DEG + 10**-geo.DECIMALS
    far = {
        c: round(g.hausdorff_distance(originals[c]), 4)
        for c, g in shapes.items()
        if g.hausdorff_distance(originals[c]) > reach
    }
    assert far == {}
    ratio = {c: g.area / originals[c].area for c, g in shapes.items()}
    assert {c: round(r, 3) for c, r in ratio.items() if not 0.4 <= r <= 1.6} == {}
    total = sum(g.area for g in shapes.values()) / sum(o.area for o in originals.values())
    assert abs(total - 1) < 0.02


def test_coordinates_are_rounded(features):
    def walk(x):
        if isinstance(x[0], (int, float)):
            yield x
        else:
            for y in x:
                yield from walk(y)

    # on the grid; a finer grid only where the coarse one would collapse a narrow part
    finer = []
    for f in features:
        pts = list(walk(f["geometry"]["coordinates"]))
        assert all(len(pt) == 2 for pt in pts)
        if not all(round(v, geo.DECIMALS) == v for pt in pts for v in pt):
            finer.append(f["properties"]["kommun_kod"])
            assert all(round(v, geo.DECIMALS + 2) == v for pt in pts for v in pt)
    assert len(finer) <= 3, finer


def test_compact_json_of_features_is_small(features):
    text = json.dumps(features, separators=(",", ":"), ensure_ascii=False)
    assert len(text.encode("utf-8")) < 250_000


def test_label_points_cover_every_municipality(labels):
    assert sorted(labels) == sorted(CODES)


@pytest.mark.parametrize("code", CODES)
def test_label_point_inside_its_municipality(labels, originals, shapes, code):
    """Inside the true shape, and inside the simplified shape that the map draws (a browser test
    clicks this point to pick the municipality)."""
    p = Point(labels[code])
    assert originals[code].contains(p) or originals[code].distance(p) < 1e-4, code
    assert shapes[code].contains(p), code
    # and no other drawn municipality covers that point
    others = [
        c
        for c, g in shapes.items()
        if c != code and g.bounds[0] <= p.x <= g.bounds[2] and g.bounds[1] <= p.y <= g.bounds[3] and g.contains(p)
    ]
    assert others == [], (code, others)


def test_county_borders(features):
    borders = geo.county_borders()
    assert len(borders) >= len(load_counties()) == 21
    for b in borders:
        assert set(b) == {"path"}
        assert len(b["path"]) >= 4 and b["path"][0] == b["path"][-1]  # closed rings
        for lon, lat in b["path"]:
            assert SWEDEN[0] <= lon <= SWEDEN[2] and SWEDEN[1] <= lat <= SWEDEN[3]


def test_bounds_are_sweden():
    minx, miny, maxx, maxy = geo.bounds()
    assert 10.5 < minx < 11.5 and 55.0 < miny < 55.5 and 24.0 < maxx < 24.5 and 69.0 < maxy < 69.2


BY_NAME = dict(zip(load_municipalities()["kommun"], load_municipalities()["kommun_kod"]))


@pytest.mark.parametrize(
    "kommun, expected",
    [
        ("Stockholm", {"Solna", "Nacka", "Sundbyberg", "Huddinge"}),
        ("Solna", {"Stockholm", "Sundbyberg"}),
        ("Göteborg", {"Partille", "Mölndal", "Kungälv"}),
        ("Malmö", {"Vellinge", "Svedala", "Burlöv", "Staffanstorp"}),
        ("Kiruna", {"Gällivare", "Pajala"}),
        ("Uppsala", {"Knivsta", "Enköping"}),
    ],
)
def test_known_neighbours(nb, kommun, expected):
    assert {BY_NAME[n] for n in expected} <= set(nb[BY_NAME[kommun]])


@pytest.mark.parametrize(
    "kommun, not_expected",
    [
        ("Stockholm", {"Göteborg", "Gotland", "Uppsala"}),
        ("Malmö", {"Helsingborg", "Ystad"}),
        ("Kiruna", {"Luleå"}),
    ],
)
def test_far_municipalities_are_not_neighbours(nb, kommun, not_expected):
    assert not ({BY_NAME[n] for n in not_expected} & set(nb[BY_NAME[kommun]]))


def test_gotland_has_no_neighbours(nb):
    assert nb["0980"] == ()


def test_neighbours_symmetric_irreflexive_and_complete(nb):
    assert sorted(nb) == sorted(CODES)
    for a, bs in nb.items():
        assert a not in bs
        assert list(bs) == sorted(set(bs))
        for b in bs:
            assert a in nb[b], (a, b)
    assert [c for c, bs in nb.items() if not bs] == ["0980"]


def test_neighbours_are_close(nb, originals):
    """A neighbour touches, or (island municipalities) lies a short way across the water."""
    for a, bs in nb.items():
        for b in bs:
            assert originals[a].distance(originals[b]) < 0.06, (a, b)
