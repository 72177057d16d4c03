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
    so "pixels" would become "@@=pixels" and be ignored)."""

    def to_json(self):  # noqa: D102
        spec = json.loads(super().to_json())
        for layer in spec.get("layers", []):
            for k, v in list(layer.items()):
                if k.endswith("Units") and isinstance(v, str) and v.startswith("@@="):
                    layer[k] = v[3:]
        return json.dumps(spec, separators=(",", ":"), ensure_ascii=False)


def map_features(features: list[dict], ranked: pd.DataFrame, ind: Indicator, lang: str, selected: tuple[str, ...]) -> list[dict]:
    """The prepared geometry with this view's properties: name, answer, position and colour."""
    cols = answer_colours(ind)
    by_code = ranked.set_index("kommun_kod")
    out = []
    for f in features:
        code = f["properties"]["kommun_kod"]
        row = by_code.loc[code]
        ans = row["answer"] if isinstance(row["answer"], str) else None
        fill = hex_rgb(cols[ans]) if ans else hex_rgb(NO_ANSWER_COLOUR)
        label = ind.answer_label(ans, lang) if ans else t("no_answer", lang)
        pos = position_text(row, ind, lang) if ans else ""
        out.append({"type": "Feature", "geometry": f["geometry"], "properties": {
            "kommun_kod": code, "name": str(row["kommun"]), "answer": label, "pos": pos, "fill": fill}})
    return out


def build_deck(features: list[dict], borders: list[dict], lang: str, selected: tuple[str, ...] = ()) -> CompactDeck:
    kommuner = pdk.Layer(
        "GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="kommuner",
        pickable=True, stroked=True, filled=True, auto_highlight=True,
        get_fill_color="properties.fill", get_line_color=[255, 255, 255, 170],
        get_line_width=0.5, line_width_units="pixels", highlight_color=[255, 200, 0, 160])
    chosen = [{"type": "Feature", "geometry": f["geometry"], "properties": {}}
              for f in features if f["properties"]["kommun_kod"] in selected]
    outline = pdk.Layer(
        "GeoJsonLayer", {"type": "FeatureCollection", "features": chosen}, id="valda",
        pickable=False, stroked=True, filled=False, get_line_color=[0, 0, 0, 255], get_line_width=3,
        line_width_units="pixels")
    lan = pdk.Layer("PathLayer", borders, id="lan", get_path="path", get_color=[40, 40, 40, 220],
                    width_units="pixels", get_width=1.4, pickable=False)
    tooltip = {"text": "{name}\n{answer}\n{pos}",
               "style": {"backgroundColor": "#ffffff", "color": "#111111", "fontSize": "14px"}}
    return CompactDeck(layers=[kommuner, lan, outline], initial_view_state=pdk.ViewState(**VIEW),
                       map_provider=None, tooltip=tooltip)
