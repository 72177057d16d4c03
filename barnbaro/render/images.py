"""Static images of the charts (PNG, SVG) rendered on the server with vl-convert, with the
title, the source line and, for sample data, the sample label drawn into the image."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..core.catalogue import Indicator
from ..core.i18n import t
from . import charts
from .colours import NO_ANSWER_COLOUR, answer_colours

EXPORT_WIDTH = 900


def spec_of(chart: dict | alt.TopLevelMixin) -> dict:
    """A Vega-Lite spec: the chart builders' dicts as they are, Altair charts converted."""
    return chart if isinstance(chart, dict) else chart.to_dict()


def decorate(
    chart: dict | alt.TopLevelMixin, title: str, source: str, sample_label: str | None, width: int | None = EXPORT_WIDTH
) -> dict:
    """The chart's spec with its title and, under it, the source line and the sample label
    (a new dict; the chart is not changed)."""
    subtitle = [source] + ([sample_label] if sample_label else [])
    spec = dict(spec_of(chart))
    spec["title"] = {
        "text": title,
        "subtitle": subtitle,
        "anchor": "start",
        "fontSize": 20,
        "subtitleFontSize": 14,
        "subtitleColor": "#333333",
    }
    if width:
        spec["width"] = width
    return spec


def to_png(chart: dict | alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec_of(chart), scale=scale)


def to_svg(chart: dict | alt.TopLevelMixin) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec_of(chart))


def map_chart(
    features: list[dict], ranked: pd.DataFrame, ind: Indicator, lang: str, selected: tuple[str, ...] = ()
) -> alt.Chart:
    """The choropleth of Sweden as an Altair geoshape, from the same prepared geometry."""
    cols = answer_colours(ind)
    by_code = ranked.set_index("kommun_kod")["answer"]
    labels, colours = [], []
    for a in ind.answer_ids:
        labels.append(ind.answer_label(a, lang))
        colours.append(cols[a])
    labels.append(t("no_answer", lang))
    colours.append(NO_ANSWER_COLOUR)
    feats = []
    for f in features:
        code = f["properties"]["kommun_kod"]
        a = by_code.get(code)
        a = a if isinstance(a, str) else None
        feats.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    "kommun_kod": code,
                    "svar": ind.answer_label(a, lang) if a else t("no_answer", lang),
                    "vald": code in selected,
                },
            }
        )
    data = alt.Data(values={"type": "FeatureCollection", "features": feats}, format=alt.DataFormat(property="features"))
    base = (
        alt.Chart(data)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.3)
        .encode(
            color=alt.Color(
                "properties.svar:N",
                title=None,
                scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(orient="right", labelFontSize=charts.FONT_SIZE),
            ),
        )
        .project(type="mercator")
    )
    layers = [base]
    if selected:
        layers.append(
            alt.Chart(data)
            .transform_filter("datum.properties.vald")
            .mark_geoshape(fill=None, stroke="#000000", strokeWidth=2)
            .project(type="mercator")
        )
    return alt.layer(*layers).properties(width=420, height=820)
