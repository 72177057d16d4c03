"""Helpers for the explorer's logic tests: small hand-built CleanData tables, the bundled data,
and plain-pandas recounts that do not go through barnbaro.explore.analysis."""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from barnbaro.core import paths
from barnbaro.core.catalogue import Indicator, load_catalogue
from barnbaro.core.data import CleanData, load_clean

CAT = load_catalogue()


@lru_cache(maxsize=1)
def bundled() -> CleanData:
    return load_clean(paths.CLEAN_DIR)


def make_data(
    answers: dict[int, dict[str, dict[str, str | None]]],
    municipalities: list[tuple[str, str, str, str]],
    editions: list[int],
) -> CleanData:
    """A CleanData by hand. `answers`: {edition: {kommun_kod: {indicator_id: answer or None}}};
    a municipality listed for an edition took part (status all, or part when an answer is None);
    every other one has status none."""
    a_rows, p_rows = [], []
    for e in editions:
        took = answers.get(e, {})
        for code, _, _, _ in municipalities:
            if code in took:
                status = "part" if any(v is None for v in took[code].values()) else "all"
                for ind, ans in took[code].items():
                    a_rows.append(
                        {"edition": e, "kommun_kod": code, "indicator_id": ind, "answer": ans, "value": float("nan")}
                    )
            else:
                status = "none"
            p_rows.append(
                {
                    "edition": e,
                    "kommun_kod": code,
                    "status": status,
                    "submitted_at": pd.NaT,
                    "source_file": None,
                    "source_row": None,
                }
            )
    a = pd.DataFrame(a_rows, columns=["edition", "kommun_kod", "indicator_id", "answer", "value"]).astype(
        {"edition": "int16", "kommun_kod": "string", "indicator_id": "string", "answer": "string", "value": "float64"}
    )
    p = pd.DataFrame(
        p_rows, columns=["edition", "kommun_kod", "status", "submitted_at", "source_file", "source_row"]
    ).astype(
        {
            "edition": "int16",
            "kommun_kod": "string",
            "status": "string",
            "submitted_at": "datetime64[us]",
            "source_file": "string",
            "source_row": "Int32",
        }
    )
    m = pd.DataFrame(municipalities, columns=["kommun_kod", "kommun", "lan_kod", "lan"]).astype("string")
    manifest = {
        "kind": "sample",
        "editions": {str(e): {"raw_rows": 0, "used_rows": 0, "rejected_rows": 0} for e in editions},
    }
    return CleanData(a, p, m, manifest)


def answers_of(data: CleanData, indicator_id: str, edition: int) -> dict[str, str]:
    """{kommun_kod: answer} of those who answered (not null), straight from the answers table."""
    a = data.answers
    a = a[(a["indicator_id"] == indicator_id) & (a["edition"] == edition) & a["answer"].notna()]
    return dict(zip(a["kommun_kod"].astype(str), a["answer"].astype(str)))


def names(data: CleanData) -> dict[str, str]:
    m = data.municipalities
    return dict(zip(m["kommun_kod"].astype(str), m["kommun"].astype(str)))


def county_codes(data: CleanData, code: str) -> list[str]:
    m = data.municipalities
    lan = m.loc[m["kommun_kod"] == code, "lan_kod"].iloc[0]
    return sorted(m.loc[m["lan_kod"] == lan, "kommun_kod"].astype(str))


def ref_positions(answers: list, ind: Indicator) -> list[tuple]:
    """(pos_lo, pos_hi, third) per answer by the definition: everyone with the same ranked
    answer shares lo..hi, lo = 1 + how many have a strictly better answer; thirds by the
    midpoint (lo+hi)/2 over n: <= 1/3 best, <= 2/3 middle, else last. None for no position."""
    order = ind.ranked_answers
    ranked = [a for a in answers if isinstance(a, str) and a in order]
    n = len(ranked)
    out = []
    for a in answers:
        if not (isinstance(a, str) and a in order):
            out.append((None, None, None))
            continue
        better = sum(1 for b in ranked if order.index(b) < order.index(a))
        same = sum(1 for b in ranked if b == a)
        lo, hi = better + 1, better + same
        # (lo+hi)/2 / n <= 1/3  <=>  3(lo+hi) <= 2n
        third = "best" if 3 * (lo + hi) <= 2 * n else "middle" if 3 * (lo + hi) <= 4 * n else "last"
        out.append((lo, hi, third))
    return out


def edition_pairs() -> list[tuple[str, int]]:
    return [(i.id, e) for i in CAT.indicators.values() for e in i.editions]


def deck_layers(spec: dict) -> dict[str, dict]:
    return {layer.get("id"): layer for layer in spec["layers"]}


@lru_cache(maxsize=1)
def static_features() -> tuple:
    """The municipalities' geometry as the browser loads it: the committed static file."""
    return tuple(json.loads((paths.STATIC_DIR / "kommuner.geojson").read_text(encoding="utf-8"))["features"])


def map_features_of(spec: dict) -> list[dict]:
    """The municipalities' features the map draws: inline, or the static file the layer names."""
    data = deck_layers(spec)["kommuner"]["data"]
    if isinstance(data, str):
        assert data == "app/static/kommuner.geojson", data
        return list(static_features())
    return data["features"]


def eval_colour_expression(expr: str, i: int) -> list:
    """Evaluate the deck.gl expression the map colours with, for the feature with index i.
    Written independently of barnbaro.explore.mapview: a recursive-descent reader of the only forms
    allowed there (`properties.i<N`, `?:`, parentheses and integer array literals)."""
    import re

    assert expr.startswith("@@=")
    tokens = re.findall(r"properties\.i|\d+|[()\[\]?:<,]", expr[3:])
    assert "".join(tokens) == expr[3:], "unexpected characters in the colour expression"
    pos = 0

    def take(tok=None):
        nonlocal pos
        t = tokens[pos]
        assert tok is None or t == tok, (tok, t, pos)
        pos += 1
        return t

    def value():
        t = tokens[pos]
        if t == "(":
            take("(")
            v = value()
            take(")")
            return v
        if t == "[":
            take("[")
            out = [int(take())]
            while tokens[pos] == ",":
                take(",")
                out.append(int(take()))
            take("]")
            return out
        take("properties.i")
        take("<")
        n = int(take())
        take("?")
        yes = value()
        take(":")
        no = value()
        return yes if i < n else no

    return value()


def fills_of(spec: dict) -> dict[str, list]:
    """{code: fill colour} as the browser computes it from the deck's JSON."""
    layer = deck_layers(spec)["kommuner"]
    acc = layer["getFillColor"]
    feats = map_features_of(spec)
    if acc == "@@=properties.fill":
        return {f["properties"]["kommun_kod"]: f["properties"]["fill"] for f in feats}
    return {f["properties"]["kommun_kod"]: eval_colour_expression(acc, f["properties"]["i"]) for f in feats}


def outlined_codes(spec: dict) -> dict[str, tuple]:
    """The municipalities the map outlines, from a deck's JSON: {code: (line colour, width)}.
    An outline is either a separate non-pickable GeoJSON layer over the chosen shapes, or a
    thicker per-feature line on the municipalities' own layer."""
    layers = deck_layers(spec)
    base = layers["kommuner"]
    feats = map_features_of(spec)
    by_geom = {json.dumps(f["geometry"], sort_keys=True): f["properties"]["kommun_kod"] for f in feats}
    base_w = base.get("getLineWidth")
    out = {}
    if isinstance(base_w, str) and base_w.startswith("@@=properties."):
        wprop = base_w.split(".", 1)[1]
        cprop = str(base.get("getLineColor", "")).split(".", 1)[-1]
        widths = [f["properties"][wprop] for f in feats]
        for f in feats:
            if f["properties"][wprop] > min(widths):
                out[f["properties"]["kommun_kod"]] = (f["properties"].get(cprop), f["properties"][wprop])
    for lid, layer in layers.items():
        if lid == "kommuner" or layer.get("@@type") != "GeoJsonLayer":
            continue
        data = layer.get("data") or {}
        for f in data.get("features", []):
            code = by_geom[json.dumps(f["geometry"], sort_keys=True)]
            out[code] = (layer.get("getLineColor"), layer.get("getLineWidth"))
    return out


def base_line_width(spec: dict) -> float:
    w = deck_layers(spec)["kommuner"].get("getLineWidth")
    if isinstance(w, (int, float)):
        return float(w)
    prop = w.split(".", 1)[1]
    return float(min(f["properties"][prop] for f in map_features_of(spec)))
