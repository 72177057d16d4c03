"""Municipality geometry, prepared once: simplified and rounded GeoJSON for the map, county
borders, label points (for tests that click a municipality), and neighbours."""

from __future__ import annotations

import json
import math
from functools import lru_cache

import shapely
from shapely.geometry import mapping

from ..core.municipalities import load_geometry

# The map is sent to the browser on every rerun, so the geometry is kept small (about 100 KB):
# at the map's zoom range (country to county) a pixel is 0.5-5 km.
SIMPLIFY_DEG = 0.02  # ~1-2 km
COUNTY_SIMPLIFY_DEG = 0.04
DECIMALS = 3  # ~50-110 m
COUNTY_DECIMALS = 2  # ~0.5-1.1 km: county lines are drawn over the municipalities' own borders


def _round_coords(obj, decimals: int = DECIMALS):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(x), decimals) for x in obj]
        return [_round_coords(x, decimals) for x in obj]
    return obj


@lru_cache(maxsize=2)
def _shapes(level: str) -> tuple:
    df = load_geometry(level)
    geoms = shapely.from_wkb(df["geometry"].to_numpy())
    key = "kommun_kod" if level == "kommun" else "lan_kod"
    return tuple(df[key].astype(str)), geoms


def _rounded_valid(g, decimals: int = DECIMALS):
    """Round to the grid, then repair what rounding broke (a ring touching itself), keeping only
    the polygons (make_valid may add stray lines)."""
    fixed = shapely.make_valid(shapely.set_precision(g, 10**-decimals, mode="pointwise"))
    polys = [p for p in shapely.get_parts(fixed) if p.geom_type in ("Polygon", "MultiPolygon")]
    return polys[0] if len(polys) == 1 else shapely.multipolygons([q for p in polys for q in shapely.get_parts(p)])


def _simplified(g, tol: float):
    """Simplified and rounded, and still within the tolerance of the true shape: where rounding
    to the grid would collapse a narrow part (one of Uppsala's), a finer grid is used."""
    reach = 1.25 * tol + 10**-DECIMALS
    simple = shapely.simplify(g, tol, preserve_topology=True)
    for decimals in (DECIMALS, DECIMALS + 1, DECIMALS + 2):
        s = _rounded_valid(simple, decimals)
        if s.hausdorff_distance(g) <= reach:
            return s
    return s


def kommun_features() -> list[dict]:
    """One GeoJSON feature per municipality: geometry simplified and rounded, properties
    {kommun_kod}. Callers add display properties per view."""
    codes, geoms = _shapes("kommun")
    out = []
    for code, g in zip(codes, geoms):
        # small municipalities (Sundbyberg, Vaxholm) keep their shape: the tolerance shrinks with size
        tol = min(SIMPLIFY_DEG, 0.04 * math.sqrt(g.area))
        s = _simplified(g, tol)
        out.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": s.geom_type,
                    "coordinates": _round_coords(mapping(s)["coordinates"], DECIMALS + 2),
                },
                "properties": {"kommun_kod": code},
            }
        )
    return out


def static_files() -> dict[str, str]:
    """The files the map loads once from the app's static folder (name -> JSON text): every
    municipality's geometry with the properties that never change (code, name, and its index
    `i`, by which the per-view colours are given), and the county borders. Written by
    `python -m barnbaro static`; a test checks the committed files are these."""
    from ..core.municipalities import load_municipalities, names_by_code

    names = names_by_code(load_municipalities())
    feats = [
        {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {
                "kommun_kod": f["properties"]["kommun_kod"],
                "name": names[f["properties"]["kommun_kod"]],
                "i": i,
            },
        }
        for i, f in enumerate(kommun_features())
    ]
    dump = lambda obj: json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"  # noqa: E731
    return {
        "kommuner.geojson": dump({"type": "FeatureCollection", "features": feats}),
        "lan.json": dump(county_borders()),
    }


def write_static(folder) -> list:
    """Write static_files() into `folder` (each file atomically); returns the paths."""
    import os
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in static_files().items():
        tmp = folder / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, folder / name)
        out.append(folder / name)
    return out


def county_borders() -> list[dict]:
    """County outlines as paths [{"path": [[lon, lat], ...]}] for a PathLayer."""
    _, geoms = _shapes("lan")
    paths = []
    for g in geoms:
        s = shapely.simplify(g, COUNTY_SIMPLIFY_DEG, preserve_topology=True)
        for poly in getattr(s, "geoms", [s]):
            paths.append({"path": _round_coords(list(poly.exterior.coords), COUNTY_DECIMALS)})
    return paths


def label_points() -> dict[str, tuple[float, float]]:
    """A point inside each municipality (lon, lat), e.g. to click it in a browser test."""
    codes, geoms = _shapes("kommun")
    return {c: (round(p.x, 5), round(p.y, 5)) for c, p in zip(codes, shapely.point_on_surface(geoms))}


@lru_cache(maxsize=1)
def county_bounds() -> dict[str, tuple[float, float, float, float]]:
    """Each county's bounding box (min lon, min lat, max lon, max lat), by county code (the
    first two digits of its municipalities' codes)."""
    codes, geoms = _shapes("kommun")
    out: dict[str, tuple[float, float, float, float]] = {}
    for code, b in zip(codes, shapely.bounds(geoms)):
        lan = str(code)[:2]
        old = out.get(lan)
        b = tuple(float(x) for x in b)
        out[lan] = b if old is None else (min(old[0], b[0]), min(old[1], b[1]), max(old[2], b[2]), max(old[3], b[3]))
    return out


def bounds() -> tuple[float, float, float, float]:
    _, geoms = _shapes("kommun")
    return tuple(float(x) for x in shapely.total_bounds(geoms))


LAND_TOLERANCE = 0.0005  # degrees: absorbs slivers between adjacent polygons
WATER_REACH = 0.03  # degrees (~2-3 km): island municipalities' neighbours across the water


@lru_cache(maxsize=1)
def neighbours() -> dict[str, tuple[str, ...]]:
    """Municipalities sharing a border. Island municipalities with no land border (Lidingö,
    Ekerö, Öckerö, Tjörn) get those within ~2-3 km across the water; Gotland has none."""
    codes, geoms = _shapes("kommun")
    tree = shapely.STRtree(geoms)

    def pairs(tolerance: float, which) -> dict[str, set[str]]:
        left, right = tree.query(shapely.buffer(geoms[which], tolerance), predicate="intersects")
        out: dict[str, set[str]] = {}
        for i, j in zip(left, right):
            a, b = codes[which[i]], codes[j]
            if a != b:
                out.setdefault(a, set()).add(b)
                out.setdefault(b, set()).add(a)
        return out

    import numpy as np

    everyone = np.arange(len(codes))
    out = {c: set() for c in codes}
    for a, bs in pairs(LAND_TOLERANCE, everyone).items():
        out[a] |= bs
    islands = np.array([i for i, c in enumerate(codes) if not out[c]], dtype=int)
    if len(islands):
        for a, bs in pairs(WATER_REACH, islands).items():
            out[a] |= bs
    return {c: tuple(sorted(v)) for c, v in out.items()}
