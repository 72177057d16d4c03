"""The map as a pydeck Deck: compact JSON, no basemap or other outside URL, plain units, text
tooltips; and the colours and outline of each municipality."""

from __future__ import annotations

import json
import re
import string

import pydeck as pdk
import pytest

from barnbaro.core import paths
from barnbaro.explore import analysis as A
from barnbaro.explore import geo
from barnbaro.explore.mapview import CompactDeck, build_deck, map_features
from barnbaro.render import colours as C
from tests.explorer_helpers import (
    CAT,
    answers_of,
    base_line_width,
    bundled,
    deck_layers,
    eval_colour_expression,
    fills_of,
    outlined_codes,
    static_features,
)

SELECTED = ("0180", "1480")


@pytest.fixture(scope="module")
def features():
    return geo.kommun_features()


@pytest.fixture(scope="module")
def borders():
    return geo.county_borders()


def ranked(indicator_id, edition):
    ind = CAT[indicator_id]
    return A.rank(A.edition_frame(bundled(), ind, edition), ind)


@pytest.fixture(scope="module", params=["sv", "en"])
def deck_json(request, features):
    feats = map_features(
        features, ranked("utvardering_upplevelser", 2017), CAT["utvardering_upplevelser"], request.param, SELECTED
    )
    deck = build_deck(feats, request.param, SELECTED)
    return deck, deck.to_json()


def tooltip_of(deck):
    """Where Streamlit's st.pydeck_chart reads a Deck's tooltip from."""
    widget = getattr(deck, "deck_widget", None)
    if widget is not None and isinstance(getattr(widget, "tooltip", None), dict):
        return widget.tooltip
    return getattr(deck, "_tooltip", None)


def position_of(props: dict) -> str:
    return props["pos"] if "pos" in props else props["position"]


# ---------------------------------------------------------------- JSON


def test_json_is_compact(deck_json):
    _, text = deck_json
    assert "\n" not in text
    spec = json.loads(text)
    assert text == json.dumps(spec, separators=(",", ":"), ensure_ascii=False)


def test_units_stay_plain_strings(deck_json):
    _, text = deck_json
    assert "@@=pixels" not in text and "@@=meters" not in text and "@@=common" not in text
    spec = json.loads(text)
    units = {(layer["id"], k): v for layer in spec["layers"] for k, v in layer.items() if k.endswith("Units")}
    assert units and set(units.values()) == {"pixels"}
    # real accessors and expressions stay what they are
    assert deck_layers(spec)["lan"]["getPath"] == "@@=path"
    assert deck_layers(spec)["kommuner"]["getFillColor"].startswith("@@=")


def test_no_basemap_and_no_outside_url(deck_json):
    deck, text = deck_json
    assert "http" not in text
    assert "mapbox" not in text.lower() and "carto" not in text.lower()
    spec = json.loads(text)
    style = spec.get("mapStyle")
    # pydeck writes a sentinel when there is no style; Streamlit drops it (no tiles are loaded)
    assert style in (None, "", "__MAP_STYLE__"), style
    assert spec.get("mapProvider") in (None, "")
    assert "http" not in json.dumps(tooltip_of(deck))


def test_layers(deck_json):
    layers = deck_layers(json.loads(deck_json[1]))
    assert {"kommuner", "lan"} <= set(layers)
    assert layers["kommuner"]["@@type"] == "GeoJsonLayer" and layers["kommuner"]["pickable"] is True
    # the geometry is loaded once from the app's static folder; a rerun sends the colours
    assert layers["kommuner"]["data"] == "app/static/kommuner.geojson" and len(static_features()) == 290
    assert layers["lan"]["@@type"] == "PathLayer" and layers["lan"]["data"] == "app/static/lan.json"
    # deck.gl recomputes the colours when (and only when) the trigger changes
    assert set(layers["kommuner"]["updateTriggers"]) == {"getFillColor"}
    # only the municipalities answer a click
    assert [lid for lid, lr in layers.items() if lr.get("pickable")] == ["kommuner"]


def test_view_centres_on_sweden(deck_json):
    v = json.loads(deck_json[1])["initialViewState"]
    assert 55 < v["latitude"] < 69.5 and 10.5 < v["longitude"] < 24.5
    assert v["minZoom"] <= v["zoom"] <= v["maxZoom"]


def test_tooltip_is_text_not_html(deck_json):
    deck, text = deck_json
    tip = tooltip_of(deck)
    assert isinstance(tip, dict)
    assert "text" in tip and "html" not in tip
    assert "<" not in tip["text"]
    fields = {f for _, f, _, _ in string.Formatter().parse(tip["text"]) if f}
    assert "name" in fields
    # every field the tooltip shows is a property of every municipality in the static file
    for f in static_features():
        assert fields <= set(f["properties"]), fields - set(f["properties"])


@pytest.mark.parametrize("n", [0, 1, 290])
def test_compact_deck_of_any_size(features, n):
    feats = map_features(features[:n], ranked("personalomsattning", 2018), CAT["personalomsattning"], "sv", ())
    deck = build_deck(feats, "sv", ())
    assert isinstance(deck, CompactDeck)
    spec = json.loads(deck.to_json())
    expr = deck_layers(spec)["kommuner"]["getFillColor"]
    assert [eval_colour_expression(expr, i) for i in range(n)] == [f["properties"]["fill"] for f in feats]
    assert outlined_codes(spec) == {}


def test_deck_json_size(deck_json):
    """What a map rerun sends: the colours and the selected outlines, not the geometry."""
    assert len(deck_json[1].encode("utf-8")) < 25_000
    assert len((paths.STATIC_DIR / "kommuner.geojson").read_bytes()) > 100_000  # what it would have been


def test_static_files_are_the_prepared_geometry():
    """The committed static files are what `python -m barnbaro static` writes now, and the
    static features are in the order (and with the index) the colours are given in."""
    for name, text in geo.static_files().items():
        assert (paths.STATIC_DIR / name).read_text(encoding="utf-8") == text, f"run python -m barnbaro static ({name})"
    feats = static_features()
    assert [f["properties"]["kommun_kod"] for f in feats] == [
        f["properties"]["kommun_kod"] for f in geo.kommun_features()
    ]
    assert [f["properties"]["i"] for f in feats] == list(range(290))
    names = dict(zip(bundled().municipalities["kommun_kod"], bundled().municipalities["kommun"]))
    assert all(f["properties"]["name"] == names[f["properties"]["kommun_kod"]] for f in feats)


@pytest.mark.parametrize("indicator_id, edition", [("personalomsattning", 2018), ("barnkonventionen", 2017)])
def test_colour_expression_gives_every_municipality_its_answers_colour(features, indicator_id, edition):
    ind = CAT[indicator_id]
    feats = map_features(features, ranked(indicator_id, edition), ind, "sv", ())
    fills = fills_of(json.loads(build_deck(feats, "sv", ()).to_json()))
    given = answers_of(bundled(), indicator_id, edition)
    cols = C.answer_colours(ind)
    for code, fill in fills.items():
        a = given.get(code)
        assert fill[:3] == C.hex_rgb(cols[a] if a else C.NO_ANSWER_COLOUR), code


# ---------------------------------------------------------------- colours and outline

CASES = [(i.id, e) for i in CAT.indicators.values() for e in i.editions if e in (2016, 2017, 2018)]


@pytest.mark.parametrize("indicator_id, edition", CASES)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_map_features_colours_and_labels(features, indicator_id, edition, lang):
    ind = CAT[indicator_id]
    feats = map_features(features, ranked(indicator_id, edition), ind, lang, SELECTED)
    given = answers_of(bundled(), indicator_id, edition)
    cols = C.answer_colours(ind)
    grey = C.hex_rgb(C.NO_ANSWER_COLOUR)
    sand = C.hex_rgb(C.DONT_KNOW_COLOUR)
    names = dict(zip(bundled().municipalities["kommun_kod"], bundled().municipalities["kommun"]))
    assert [f["properties"]["kommun_kod"] for f in feats] == [f["properties"]["kommun_kod"] for f in features]
    assert all(f["geometry"] is g["geometry"] for f, g in zip(feats, features))  # geometry shared, not copied
    for f in feats:
        p = f["properties"]
        code = p["kommun_kod"]
        a = given.get(code)
        assert p["name"] == names[code]
        assert 3 <= len(p["fill"]) <= 4
        if a is None:  # non-respondents grey
            assert p["fill"][:3] == grey
            assert p["answer"] in ("Svarade inte", "Did not answer")
            assert position_of(p) == ""
        elif a == ind.dont_know:  # "don't know" sand
            assert p["fill"][:3] == sand
            assert p["answer"] == ind.answer_label(a, lang)
            assert not re.search(r"\d", position_of(p))
        else:
            assert p["fill"][:3] == C.hex_rgb(cols[a])
            assert p["fill"][:3] not in (grey, sand)
            assert p["answer"] == ind.answer_label(a, lang)
            assert re.search(r"\d", position_of(p))


def test_best_answer_is_blue_and_worst_red():
    ind = CAT["personalomsattning"]
    cols = C.answer_colours(ind)
    b = C.hex_rgb(cols[ind.ranked_answers[0]])
    w = C.hex_rgb(cols[ind.ranked_answers[-1]])
    assert b[2] > b[0] and w[0] > w[2]


@pytest.mark.parametrize("selected", [(), ("0180",), ("0980", "2584", "0180"), ("1480", "1280", "0114", "0125")])
def test_selected_municipalities_are_outlined(features, selected):
    ind = CAT["barnkonventionen"]
    r = ranked("barnkonventionen", 2018)
    feats = map_features(features, r, ind, "sv", selected)
    spec = json.loads(build_deck(feats, "sv", selected).to_json())
    out = outlined_codes(spec)
    assert sorted(out) == sorted(selected)
    for colour, width in out.values():
        assert colour[:3] == [0, 0, 0] and colour[3] == 255  # black, opaque
        assert width >= 2 * base_line_width(spec)
    # the outline does not change any fill
    plain = map_features(features, r, ind, "sv", ())
    assert [f["properties"]["fill"] for f in plain] == [f["properties"]["fill"] for f in feats]


def test_compact_deck_json_equals_pydecks_own_serialisation(features):
    """The data is put into the JSON after pydeck has serialized the layers without it; the
    result must be what pydeck itself writes for the same layers with their data (bar the
    units fix), and the Deck must still serialize the same a second time."""
    feats = map_features(features, ranked("personalomsattning", 2018), CAT["personalomsattning"], "sv", SELECTED)
    deck = build_deck(feats, "sv", SELECTED)
    ours = json.loads(deck.to_json())
    assert json.loads(deck.to_json()) == ours
    data, props = deck._layer_data, deck._layer_props
    layers = []
    for layer in deck.layers:
        layers.append(pdk.Layer(layer.type, data[layer.id], id=layer.id, **layer._kwargs))
    plain = json.loads(pdk.Deck(layers=layers, initial_view_state=deck.initial_view_state, map_provider=None).to_json())
    for layer in plain["layers"]:
        for k, v in list(layer.items()):
            if k.endswith("Units"):
                layer[k] = v.removeprefix("@@=")
        layer.update(props.get(layer["id"], {}))
    assert ours == plain
    assert [lr["data"] if isinstance(lr["data"], str) else len(lr["data"]["features"]) for lr in ours["layers"]] == [
        "app/static/kommuner.geojson",
        "app/static/lan.json",
        len(SELECTED),
    ]


def test_inline_deck_without_static_files_draws_the_same_colours(features, borders):
    """Where the static files cannot be served, the map is sent whole, with the same colours."""
    feats = map_features(features, ranked("personalomsattning", 2018), CAT["personalomsattning"], "sv", SELECTED)
    static = json.loads(build_deck(feats, "sv", SELECTED).to_json())
    inline = json.loads(build_deck(feats, "sv", SELECTED, borders=borders).to_json())
    layers = deck_layers(inline)
    assert len(layers["kommuner"]["data"]["features"]) == 290 and layers["lan"]["data"] == borders
    assert "updateTriggers" not in layers["kommuner"]
    assert fills_of(inline) == fills_of(static)
    assert outlined_codes(inline) == outlined_codes(static) and sorted(outlined_codes(inline)) == sorted(SELECTED)


def test_the_view_is_sweden_without_a_selection_and_the_focus_county_with_one():
    from barnbaro.explore.mapview import FIT_HEIGHT, FIT_WIDTH, VIEW, view_for

    counties = geo.county_bounds()
    assert len(counties) == 21
    assert view_for((), counties) == VIEW
    for lan, (x0, y0, x1, y1) in counties.items():
        code = next(c for c in geo.label_points() if c.startswith(lan))
        v = view_for((code, "0180"), counties)  # the first selected is the focus
        assert VIEW["zoom"] <= v["zoom"] <= VIEW["max_zoom"]
        assert x0 <= v["longitude"] <= x1 and y0 <= v["latitude"] <= y1
        # the whole county is inside the fitted box at that zoom (deck.gl: 512-px tiles, Mercator)
        import math

        scale = 512 * 2 ** v["zoom"] / (2 * math.pi)
        merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
        assert scale * math.radians(x1 - x0) <= FIT_WIDTH + 1
        assert scale * (merc(y1) - merc(y0)) <= FIT_HEIGHT + 1
    # the south's small counties come much closer than the national view
    assert view_for(("1280",), counties)["zoom"] > VIEW["zoom"] + 2


def test_build_deck_moves_the_view_with_the_selection(features):
    from barnbaro.explore.mapview import VIEW, view_for

    ind = CAT["utvardering_upplevelser"]
    plain_feats = map_features(features, ranked(ind.id, 2017), ind, "sv", ())
    chosen_feats = map_features(features, ranked(ind.id, 2017), ind, "sv", ("0480",))
    plain = json.loads(build_deck(plain_feats, "sv").to_json())["initialViewState"]
    chosen = json.loads(build_deck(chosen_feats, "sv", ("0480",)).to_json())["initialViewState"]
    assert plain["zoom"] == VIEW["zoom"] and plain["latitude"] == VIEW["latitude"]
    want = view_for(("0480",), geo.county_bounds())
    assert chosen["zoom"] == want["zoom"] and chosen["longitude"] == want["longitude"]
