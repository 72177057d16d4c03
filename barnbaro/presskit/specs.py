"""The chart specs rendered once per kit (as SVG templates, see svg.py): one ranking chart per
question (the app's own, from barnbaro.explore.views.ranking_view), the trend grid, the participation
map. Titles, status lines, names and cell colours are placeholders."""

from __future__ import annotations

import copy
import textwrap

import altair as alt
import pandas as pd
import shapely
from shapely.geometry import mapping, shape

from ..core.catalogue import Indicator
from ..core.i18n import t
from ..core.validate import STATUSES
from ..explore import geo
from ..render import charts, images
from ..render.colours import DONT_KNOW_COLOUR, NO_ANSWER_COLOUR, NOT_ASKED_COLOUR, STATUS_COLOURS, THIRD_COLOURS
from .numbers import Kit

# trend grid cells by kind: the ranking chart's colours (best, middle and last third), so that
# the grid reads like the app's charts (the text in the cell says the answer itself)
CELL_COLOURS = {
    "desired": THIRD_COLOURS["best"],
    "middle": THIRD_COLOURS["middle"],
    "worst": THIRD_COLOURS["last"],
    "dont_know": DONT_KNOW_COLOUR,
    "none": NO_ANSWER_COLOUR,
    "not_asked": NOT_ASKED_COLOUR,
}
CELL_KINDS = tuple(CELL_COLOURS)
MAP_SIMPLIFY_DEG = 0.01  # a map pixel is ~2 km; coarser than the app's map, much smaller files
MAP_SIZE = (520, 1010)  # Sweden in Mercator is about twice as tall as wide
GRID_ROW = 46


def chart_spec(chart, datasets: dict | None = None) -> dict:
    """The Vega-Lite spec to render. `datasets` (name -> rows) are added as plain JSON: big
    inline geometry through Altair's schema objects costs seconds."""
    spec = dict(images.spec_of(chart))
    if datasets:
        spec["datasets"] = {**(spec.get("datasets") or {}), **datasets}
    return spec


def decorated(chart, title: str, source: str, sample_label: str | None, width: int | None, wrap: int = 0) -> dict:
    """images.decorate (title, source line, sample label drawn into the image) with the
    municipality's status line as the first subtitle line; long subtitle lines wrapped at
    `wrap` characters for narrow images."""
    dec = images.decorate(chart, title, source, sample_label, width)
    lines = ["QQSTATUSQQ", *dec["title"]["subtitle"]]
    if wrap:
        lines = [w for line in lines for w in (textwrap.wrap(line, wrap) or [line])]
    dec["title"] = {**dec["title"], "subtitle": lines}
    return dec


def ranking_spec(kit: Kit, ind: Indicator) -> dict:
    """The app's ranking chart of the whole country (views.ranking_view), with a placeholder
    name beside every answer's bar and an outline per bar whose colour is a placeholder."""
    chart = copy.deepcopy(kit.rankings[ind.id].chart)
    rows = chart["datasets"]["ranking"]
    for row in rows:  # the chart's rows carry the answer's place in ind.answer_ids
        j = ind.answer_ids.index(row["answer"])
        row["hl"] = f"#01{j:04x}"
    bars = chart["layer"][0]
    chart["layer"].append(
        {
            "data": bars["data"],
            "mark": {**bars["mark"], "filled": False, "strokeWidth": 3, "aria": False},
            "encoding": {
                "y": bars["encoding"]["y"],
                "x": charts.field("share", "quantitative"),
                "stroke": charts.field("hl", "nominal", scale=None),
            },
        }
    )
    return chart_spec(decorated(chart, "QQTITLEQQ", kit.source(kit.edition), kit.sample_label, 900))


def trend_spec(kit: Kit) -> dict:
    """A grid: indicators (rows) by editions (columns); each cell's fill, text colour and text
    are placeholders (the cell's index i: #01000i, #02000i, QQCiQQ)."""
    lang = kit.lang
    rows = []
    for ind in kit.trend_inds:
        for e in kit.trend_eds:
            i = len(rows)
            rows.append(
                {
                    "ind": ind.short_for(lang),
                    "edition": str(e),
                    "fill": f"#01{i:04x}",
                    "ink": f"#02{i:04x}",
                    "text": f"QQC{i}QQ",
                }
            )
    d = pd.DataFrame(rows)
    ind_order = [i.short_for(lang) for i in kit.trend_inds]
    eds = [str(e) for e in kit.trend_eds]
    x = alt.X("edition:O", sort=eds, title=None, axis=alt.Axis(labelAngle=0, orient="top", labelFontWeight="bold"))
    y = alt.Y("ind:N", sort=ind_order, title=None)
    cells = (
        alt.Chart(d)
        .mark_rect(stroke="#ffffff", strokeWidth=2, aria=False)
        .encode(x=x, y=y, fill=alt.Fill("fill:N", scale=None))
    )
    text = (
        alt.Chart(d)
        .mark_text(fontSize=12, aria=False)
        .encode(x=x, y=y, text="text:N", color=alt.Color("ink:N", scale=None))
    )
    labels = [t(f"presskit_cell_{k}", lang) for k in CELL_KINDS]
    legend_df = pd.DataFrame({"kind": labels, "ind": ind_order[0], "edition": eds[0]})
    legend = (
        alt.Chart(legend_df)
        .mark_square(opacity=0, size=1, aria=False)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "kind:N",
                title=None,
                sort=labels,
                scale=alt.Scale(domain=labels, range=[CELL_COLOURS[k] for k in CELL_KINDS]),
                legend=alt.Legend(
                    orient="bottom",
                    columns=3,
                    symbolOpacity=1,
                    symbolType="square",
                    symbolStrokeColor="#888888",
                    symbolStrokeWidth=1,
                    labelLimit=300,
                    symbolSize=200,
                ),
            ),
        )
    )
    chart = alt.layer(cells, text, legend).properties(height=GRID_ROW * len(kit.trend_inds))
    f = charts.FONT_SIZE
    chart = (
        chart.configure_axis(labelFontSize=f, titleFontSize=f, labelLimit=320, domain=False, ticks=False)
        .configure_legend(labelFontSize=f)
        .configure_view(strokeWidth=0)
    )
    return chart_spec(decorated(chart, "QQTITLEQQ", kit.source_range(), kit.sample_label, 900))


def map_spec(kit: Kit) -> tuple[dict, list[str]]:
    """The edition's participation map (answered all / part / none); every municipality's path
    is stroked in a unique colour (#03 + its index in the returned codes) so it can be found."""
    lang = kit.lang
    codes = []
    feats = []
    labels = {s: t(f"presskit_status_{s}", lang) for s in STATUSES}
    for i, f in enumerate(geo.kommun_features()):
        code = f["properties"]["kommun_kod"]
        g = shapely.simplify(shape(f["geometry"]), MAP_SIMPLIFY_DEG, preserve_topology=True)
        codes.append(code)
        feats.append(
            {
                "type": "Feature",
                "geometry": _rounded(mapping(g), 3),
                "properties": {"s": labels[kit.status.get(code, "none")], "k": f"#03{i:04x}"},
            }
        )
    borders = []
    for p in geo.county_borders():
        line = shapely.simplify(shapely.LineString(p["path"]), MAP_SIMPLIFY_DEG)
        borders.append({"type": "Feature", "geometry": _rounded(mapping(line), 3), "properties": {}})
    # the borders between municipalities as one mesh (far cheaper to draw than 290 outlines)
    mesh = shapely.simplify(
        shapely.line_merge(shapely.unary_union([shape(f["geometry"]).boundary for f in geo.kommun_features()])),
        2 * MAP_SIMPLIFY_DEG,
    )
    meshes = [{"type": "Feature", "geometry": _rounded(mapping(mesh), 3), "properties": {}}]
    datasets = {"presskit_kommuner": feats, "presskit_lan": borders, "presskit_grans": meshes}
    fc, bc, mc = (alt.NamedData(name=n) for n in datasets)
    base = (
        alt.Chart(fc)
        .mark_geoshape(strokeWidth=0.4, aria=False)
        .encode(
            color=alt.Color(
                "properties.s:N",
                title=None,
                sort=list(labels.values()),
                scale=alt.Scale(domain=list(labels.values()), range=[STATUS_COLOURS[s] for s in labels]),
                legend=alt.Legend(
                    orient="bottom",
                    direction="vertical",
                    labelFontSize=charts.FONT_SIZE,
                    symbolType="square",
                    symbolSize=200,
                    labelLimit=400,
                ),
            ),
            stroke=alt.Stroke("properties.k:N", scale=None),
        )
        .project(type="mercator")
    )
    inner = (
        alt.Chart(mc)
        .mark_geoshape(filled=False, stroke="#ffffff", strokeWidth=0.5, aria=False)
        .project(type="mercator")
    )
    lines = (
        alt.Chart(bc)
        .mark_geoshape(filled=False, stroke="#444444", strokeWidth=0.8, aria=False)
        .project(type="mercator")
    )
    chart = (
        alt.layer(base, inner, lines).properties(width=MAP_SIZE[0], height=MAP_SIZE[1]).configure_view(strokeWidth=0)
    )
    return chart_spec(
        decorated(chart, "QQTITLEQQ", kit.source(kit.edition), kit.sample_label, None, wrap=62), datasets
    ), codes


def _rounded(geom: dict, decimals: int) -> dict:
    def r(obj):
        if isinstance(obj, (list, tuple)):
            if obj and isinstance(obj[0], (int, float)):
                return [round(float(v), decimals) for v in obj]
            return [r(v) for v in obj]
        return obj

    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


def profile_key(lan_kod: str) -> str:
    return f"__profile__{lan_kod}"


def profile_spec(kit: Kit, lan_kod: str) -> dict:
    """The app's profile chart (barnbaro.render.charts.profile_chart) of one county: riket and the
    county's desired-answer shares per question are the same for every municipality in it (the
    press kit's peer group is the county, so it is no series of its own). Each row's line
    naming the municipality's answer is a placeholder (QQM<i>QQ), its colour too (#01000i)."""
    code = next(c for c in kit.codes if kit.lan[c][0] == lan_kod)
    chart = charts.profile_chart(kit.rows[code], "", kit.lan[code][1], None, kit.lang)
    chart = copy.deepcopy(chart)
    for i, row in enumerate(chart["datasets"]["labels"]):
        row["mine"], row["ink"] = f"QQM{i}QQ", f"#01{i:04x}"
    for layer in chart["layer"]:
        if layer["encoding"].get("text", {}).get("field") == "mine":
            layer["encoding"]["color"] = charts.field("ink", "nominal", scale=None)
    chart["description"] = "QQDESCQQ"  # the municipality's own description, filled in per municipality
    return chart_spec(decorated(chart, "QQTITLEQQ", kit.source(kit.edition), kit.sample_label, 900))
