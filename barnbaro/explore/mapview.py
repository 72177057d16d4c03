"""The choropleth as a pydeck Deck: no basemap (works offline), compact JSON, text tooltips; the
geometry is a static file loaded once, and a rerun sends only the colours."""

from __future__ import annotations

import json
import math

import pandas as pd
import pydeck as pdk

from ..core.catalogue import Indicator
from ..core.i18n import t
from ..render.colours import NO_ANSWER_COLOUR, answer_colours, hex_rgb
from .analysis import position_text

VIEW = {"latitude": 62.4, "longitude": 17.2, "zoom": 3.9, "min_zoom": 3, "max_zoom": 9}
# The box a county is fitted into when a municipality is selected: the map is 720 px high and
# at least this wide on a phone, so the county is whole at every width.
FIT_WIDTH, FIT_HEIGHT, FIT_MARGIN = 340, 720, 0.7


def _merc(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _unmerc(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def view_for(selected: tuple[str, ...], counties: dict[str, tuple[float, float, float, float]]) -> dict:
    """The view state: all of Sweden, or, when municipalities are selected, the county of the
    first one (the focus), fitted into the map. deck.gl uses 512-px tiles in Web Mercator."""
    box = counties.get(str(selected[0])[:2]) if selected else None
    if box is None:
        return dict(VIEW)
    x0, y0, x1, y1 = box
    dx = max(math.radians(x1 - x0), 1e-6)
    dy = max(_merc(y1) - _merc(y0), 1e-6)
    px_per_radian = min(FIT_WIDTH * FIT_MARGIN / dx, FIT_HEIGHT * FIT_MARGIN / dy)
    zoom = math.log2(px_per_radian * 2 * math.pi / 512)
    zoom = max(VIEW["zoom"], min(VIEW["max_zoom"] - 0.5, zoom))
    return {
        **VIEW,
        "latitude": round(_unmerc((_merc(y0) + _merc(y1)) / 2), 4),
        "longitude": round((x0 + x1) / 2, 4),
        "zoom": round(zoom, 3),
    }


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation (pydeck pretty-prints: ~3x the bytes), and whose
    unit settings stay plain strings (pydeck turns every string into an accessor expression,
    so "pixels" would become "@@=pixels" and be ignored).

    Layers are given to pydeck without their data, which is put into the JSON afterwards
    (`layer_data`: layer id -> plain JSON data): pydeck's own serializer walks every
    coordinate through Python objects, 150-200 ms per map; json.dumps takes a few.
    `layer_props` (layer id -> props) are written into a layer's JSON as they are: deck.gl
    expressions and update triggers that pydeck would otherwise turn into accessors."""

    def __init__(self, *args, layer_data: dict | None = None, layer_props: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._layer_data = dict(layer_data or {})
        self._layer_props = dict(layer_props or {})

    def to_json(self):  # noqa: D102
        # pydeck serializes every attribute: these two are set aside and put in afterwards
        layer_data, layer_props = self.__dict__.pop("_layer_data", {}), self.__dict__.pop("_layer_props", {})
        try:
            spec = json.loads(super().to_json())
        finally:
            self._layer_data, self._layer_props = layer_data, layer_props
        for layer in spec.get("layers", []):
            for k, v in list(layer.items()):
                if k.endswith("Units") and isinstance(v, str) and v.startswith("@@="):
                    layer[k] = v[3:]
            if layer.get("id") in layer_data:
                layer["data"] = layer_data[layer["id"]]
            layer.update(layer_props.get(layer.get("id"), {}))
        return json.dumps(spec, separators=(",", ":"), ensure_ascii=False)


def map_features(
    features: list[dict], ranked: pd.DataFrame, ind: Indicator, lang: str, selected: tuple[str, ...]
) -> list[dict]:
    """The prepared geometry with this view's properties: name, answer, position and colour."""
    cols = answer_colours(ind)
    rows = {
        r["kommun_kod"]: r
        for r in ranked[["kommun_kod", "kommun", "answer", "pos_lo", "pos_hi", "n_ranked"]].to_dict("records")
    }
    fills = {a: hex_rgb(c) for a, c in cols.items()}
    none_fill, none_label = hex_rgb(NO_ANSWER_COLOUR), t("no_answer", lang)
    out = []
    for f in features:
        code = f["properties"]["kommun_kod"]
        row = rows[code]
        ans = row["answer"] if isinstance(row["answer"], str) else None
        out.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    "kommun_kod": code,
                    "name": str(row["kommun"]),
                    "answer": ind.answer_label(ans, lang) if ans else none_label,
                    "pos": position_text(row, ind, lang) if ans else "",
                    "fill": fills[ans] if ans else none_fill,
                },
            }
        )
    return out


KOMMUNER_URL = "app/static/kommuner.geojson"  # relative: works under any base path of the app
LAN_URL = "app/static/lan.json"


def colour_expression(fills: list[list[int]]) -> str:
    """A deck.gl JSON expression that gives the municipality with index `properties.i` the
    colour fills[i]: a binary search over runs of equal colours, written with the only forms
    the expression language of Streamlit's deck.gl evaluates (comparison, ?:, array literals).
    About 5 KB for 290 municipalities, against ~170 KB for the geometry with its colours."""
    if not fills:
        return "@@=[0,0,0,0]"
    runs: list[tuple[int, list[int]]] = []
    for i, c in enumerate(fills):
        if not runs or runs[-1][1] != list(c):
            runs.append((i, list(c)))

    def node(lo: int, hi: int) -> str:
        if hi - lo == 1:
            return "[" + ",".join(str(int(x)) for x in runs[lo][1]) + "]"
        mid = (lo + hi) // 2
        return f"(properties.i<{runs[mid][0]}?{node(lo, mid)}:{node(mid, hi)})"

    return "@@=" + node(0, len(runs))


def build_deck(
    features: list[dict],
    lang: str,
    selected: tuple[str, ...] = (),
    borders: list[dict] | None = None,
    view: dict | None = None,
) -> CompactDeck:
    """The map for a view. `features` are map_features() in the static file's order (the
    order of geo.kommun_features()): only their colours and the selected municipalities'
    outlines travel with the rerun; the geometry, the names and the county borders are loaded
    once from the app's static folder.

    The view shows the focus's county (view_for), or all of Sweden without a selection: a
    changed view state moves the map (Streamlit passes it on to deck.gl), so selecting a
    municipality zooms in and clearing the selection zooms back out.

    With `borders` given, everything is sent inline instead (about 175 KB a rerun): for a
    server without static serving or without the static files."""
    fills = [f["properties"]["fill"] for f in features]
    token = "".join(f"{c[0]:02x}{c[1]:02x}{c[2]:02x}" for c in fills)
    kommuner = pdk.Layer(
        "GeoJsonLayer",
        [],
        id="kommuner",
        pickable=True,
        stroked=True,
        filled=True,
        auto_highlight=True,
        get_line_color=[255, 255, 255, 170],
        get_line_width=0.5,
        line_width_units="pixels",
        highlight_color=[255, 200, 0, 160],
    )
    chosen = [
        {"type": "Feature", "geometry": f["geometry"], "properties": {}}
        for f in features
        if f["properties"]["kommun_kod"] in selected
    ]
    outline = pdk.Layer(
        "GeoJsonLayer",
        [],
        id="valda",
        pickable=False,
        stroked=True,
        filled=False,
        get_line_color=[0, 0, 0, 255],
        get_line_width=3,
        line_width_units="pixels",
    )
    if view is None:
        from .geo import county_bounds

        view = view_for(selected, county_bounds())
    lan = pdk.Layer(
        "PathLayer",
        [],
        id="lan",
        get_path="path",
        get_color=[40, 40, 40, 220],
        width_units="pixels",
        get_width=1.4,
        pickable=False,
    )
    tooltip = {"text": "{name}", "style": {"backgroundColor": "#ffffff", "color": "#111111", "fontSize": "14px"}}
    data = {"kommuner": KOMMUNER_URL, "lan": LAN_URL, "valda": {"type": "FeatureCollection", "features": chosen}}
    # deck.gl does not compare accessor functions: the trigger makes it recompute the colours
    props = {"kommuner": {"getFillColor": colour_expression(fills), "updateTriggers": {"getFillColor": token}}}
    if borders is not None:
        data.update(kommuner={"type": "FeatureCollection", "features": features}, lan=borders)
        props = {"kommuner": {"getFillColor": "@@=properties.fill"}}
    return CompactDeck(
        layers=[kommuner, lan, outline],
        initial_view_state=pdk.ViewState(**view),
        map_provider=None,
        tooltip=tooltip,
        layer_data=data,
        layer_props=props,
    )
