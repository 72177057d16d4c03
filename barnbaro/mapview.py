"""The choropleth as a pydeck Deck: no basemap (works offline), compact JSON, text tooltips."""
from __future__ import annotations

import json

import pandas as pd
import pydeck as pdk

from .analysis import NO_ANSWER_COLOUR, answer_colours, hex_rgb, position_text
from .catalogue import Indicator
from .i18n import t

VIEW = {"latitude": 62.4, "longitude": 17.2, "zoom": 3.9, "min_zoom": 3, "max_zoom": 7}


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation (pydeck pretty-prints: ~3x the bytes), and whose
    unit settings stay plain strings (pydeck turns every string into an accessor expression,
    so "pixels" would become "@@=pixels" and be ignored).

    Layers are given to pydeck without their data, which is put into the JSON afterwards
    (`layer_data`: layer id -> plain JSON data): pydeck's own serializer walks every
    coordinate through Python objects, 150-200 ms per map; json.dumps takes a few."""

    def __init__(self, *args, layer_data: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._layer_data = dict(layer_data or {})

    def to_json(self):  # noqa: D102
        layer_data = self.__dict__.pop("_layer_data", {})  # pydeck serializes every attribute
        try:
            spec = json.loads(super().to_json())
        finally:
            self._layer_data = layer_data
        for layer in spec.get("layers", []):
            for k, v in list(layer.items()):
                if k.endswith("Units") and isinstance(v, str) and v.startswith("@@="):
                    layer[k] = v[3:]
            if layer.get("id") in layer_data:
                layer["data"] = layer_data[layer["id"]]
        return json.dumps(spec, separators=(",", ":"), ensure_ascii=False)


def map_features(features: list[dict], ranked: pd.DataFrame, ind: Indicator, lang: str, selected: tuple[str, ...]) -> list[dict]:
    """The prepared geometry with this view's properties: name, answer, position and colour."""
    cols = answer_colours(ind)
    rows = {r["kommun_kod"]: r for r in ranked[["kommun_kod", "kommun", "answer", "pos_lo", "pos_hi", "n_ranked"]]
            .to_dict("records")}
    fills = {a: hex_rgb(c) for a, c in cols.items()}
    none_fill, none_label = hex_rgb(NO_ANSWER_COLOUR), t("no_answer", lang)
    out = []
    for f in features:
        code = f["properties"]["kommun_kod"]
        row = rows[code]
        ans = row["answer"] if isinstance(row["answer"], str) else None
        out.append({"type": "Feature", "geometry": f["geometry"], "properties": {
            "kommun_kod": code, "name": str(row["kommun"]),
            "answer": ind.answer_label(ans, lang) if ans else none_label,
            "pos": position_text(row, ind, lang) if ans else "",
            "fill": fills[ans] if ans else none_fill}})
    return out


def build_deck(features: list[dict], borders: list[dict], lang: str, selected: tuple[str, ...] = ()) -> CompactDeck:
    kommuner = pdk.Layer(
        "GeoJsonLayer", [], id="kommuner",
        pickable=True, stroked=True, filled=True, auto_highlight=True,
        get_fill_color="properties.fill", get_line_color=[255, 255, 255, 170],
        get_line_width=0.5, line_width_units="pixels", highlight_color=[255, 200, 0, 160])
    chosen = [{"type": "Feature", "geometry": f["geometry"], "properties": {}}
              for f in features if f["properties"]["kommun_kod"] in selected]
    outline = pdk.Layer(
        "GeoJsonLayer", [], id="valda",
        pickable=False, stroked=True, filled=False, get_line_color=[0, 0, 0, 255], get_line_width=3,
        line_width_units="pixels")
    lan = pdk.Layer("PathLayer", [], id="lan", get_path="path", get_color=[40, 40, 40, 220],
                    width_units="pixels", get_width=1.4, pickable=False)
    tooltip = {"text": "{name}\n{answer}\n{pos}",
               "style": {"backgroundColor": "#ffffff", "color": "#111111", "fontSize": "14px"}}
    data = {"kommuner": {"type": "FeatureCollection", "features": features}, "lan": borders,
            "valda": {"type": "FeatureCollection", "features": chosen}}
    return CompactDeck(layers=[kommuner, lan, outline], initial_view_state=pdk.ViewState(**VIEW),
                       map_provider=None, tooltip=tooltip, layer_data=data)
