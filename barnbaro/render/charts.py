"""Chart builders (pure: frames in, Vega-Lite specs out; no Streamlit).

The specs are plain dicts, written directly: building them through Altair's schema objects
cost 60-80 ms of server CPU per chart (validation and deep copies on every method call), most
of a rerun. The test suite validates every spec against the Vega-Lite schema instead.

Charts are big and plain for projectors: large fonts, direct labels, a colour-blind-safe
palette, and every number also in the table beside the chart.
"""

from __future__ import annotations

import json
import math

import pandas as pd

from ..core.catalogue import Indicator
from ..core.i18n import fmt_pct, t
from .colours import DONT_KNOW_COLOUR, THIRD_COLOURS, answer_colours

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
REF_COLOURS = ["#444444", "#7f7f7f", "#a6a6a6"]
FONT_SIZE = 14
TEXT_COLOUR = "#333333"
# normal: the page; large: projector mode; compact: a 640 x 480 iframe
SIZES = {
    "normal": {"font": 14, "row": 56, "extra": 120, "trend": 320},
    "large": {"font": 24, "row": 110, "extra": 170, "trend": 560},
    "compact": {"font": 12, "row": 44, "extra": 100, "trend": 240},
}


def records(df: pd.DataFrame) -> list[dict]:
    """A frame as JSON-ready rows (missing values as null)."""
    out = df.to_dict("records")
    for row in out:
        for k, v in row.items():
            if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
                row[k] = None
    return out


def field(name: str, kind: str, **kw) -> dict:
    """An encoding channel: field, type (nominal/ordinal/quantitative) and any options."""
    return {"field": name, "type": kind, **kw}


def tip(name: str, kind: str, title: str) -> dict:
    return {"field": name, "type": kind, "title": title}


def config(size: str = "normal") -> dict:
    f = SIZES[size]["font"]
    # axis and legend text in dark grey, not Vega's light default: 4.5:1 or more against white
    return {
        "axis": {
            "labelFontSize": f,
            "titleFontSize": f,
            "labelLimit": 320,
            "labelColor": TEXT_COLOUR,
            "titleColor": TEXT_COLOUR,
        },
        # two legend columns where they fit beside each other, one on a phone (`width`: the plot's)
        "legend": {
            "labelFontSize": f,
            "titleFontSize": f,
            "orient": "bottom",
            "labelLimit": 400,
            "columns": {"expr": f"width < {f * 26} ? 1 : 2"},
            "symbolSize": f * 12,
            "labelColor": TEXT_COLOUR,
            "titleColor": TEXT_COLOUR,
        },
        "text": {"fontSize": f},
        "title": {"fontSize": f + 4, "anchor": "start"},
        "view": {"strokeWidth": 0},
    }


def layered(
    layers: list[dict],
    datasets: dict[str, list[dict]],
    height: int,
    size: str = "normal",
    width="container",
    description: str = "",
) -> dict:
    """A top-level layered spec; each layer names its dataset (data: {name}). `description` is
    the chart's text alternative: Vega gives it to screen readers as the chart's label.

    Vega's autosize makes room for labels that reach past the plot, but it measures bold text a
    little short: the padding on the right keeps a label's last letters on the chart."""
    spec = {
        "$schema": SCHEMA,
        "config": config(size),
        "layer": layers,
        "height": height,
        "width": width,
        "datasets": datasets,
        "padding": {"left": 5, "top": 5, "bottom": 5, "right": 5 + SIZES[size]["font"]},
    }
    if description:
        spec["description"] = description
    return spec


# ---------------------------------------------------------------- labels that fit
# Text widths are estimated from the number of characters (the browser measures nothing for
# us before drawing): a generous average for the sans-serif fonts the app uses, bold included.
CHAR_WIDTH = 0.62  # of the font size
WRAP_AT = 22  # characters per line of names and axis labels: fits a 375 px phone


def wrap(text: str, limit: int = WRAP_AT, sep: str = " ") -> list[str]:
    """Greedy word wrap into lines of at most `limit` characters (a longer word gets a line of
    its own, whole: names are never cut)."""
    lines: list[str] = []
    for word in str(text).split(sep):
        if lines and len(lines[-1]) + len(sep) + len(word) <= limit:
            lines[-1] = lines[-1] + sep + word
        else:
            lines.append(word)
    return lines or [""]


def name_lines(names: list[str], limit: int = WRAP_AT) -> list[str]:
    """The selected municipalities' names as lines: ", "-separated, broken between names."""
    lines: list[str] = []
    for i, name in enumerate(names):
        piece = name + ("," if i < len(names) - 1 else "")
        if lines and len(lines[-1]) + 1 + len(piece) <= limit:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return lines


LINE_SEP = "|"


def text_value(lines: list[str]) -> str:
    """Lines of a label as one string, LINE_SEP between them (datasets travel as Arrow tables,
    which keep strings, not lists); lines_transform splits them again in the browser."""
    return LINE_SEP.join(lines)


def lines_transform(field_name: str, as_name: str) -> dict:
    """A Vega-Lite calculate: the field's LINE_SEP-separated lines as an array (one text line
    each), a single line as the plain string."""
    f = f"datum[{json.dumps(field_name)}]"
    return {"calculate": f"indexof({f}, '{LINE_SEP}') >= 0 ? split({f}, '{LINE_SEP}') : {f}", "as": as_name}


def dodge(values: list[float], gap: float, lo: float = 0.0, hi: float = 100.0) -> list[float]:
    """Positions for labels wanted at `values` (any order) so that neighbours are at least
    `gap` apart: labels that would overlap form a group spread evenly around the mean of what
    its members want, so each moves as little as the others allow; kept within [lo, hi] when
    they fit. The order of the labels stays the order of the values."""
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    groups: list[list[float]] = []  # per group: the wanted values of its members, in order
    for i in order:
        groups.append([float(values[i])])
        while len(groups) > 1:
            a, b = groups[-2], groups[-1]
            a_top = _centre(a, gap) + (len(a) - 1) * gap / 2
            b_bottom = _centre(b, gap) - (len(b) - 1) * gap / 2
            if b_bottom - a_top >= gap - 1e-9:
                break
            groups[-2:] = [a + b]
    pos = []
    for g in groups:
        c = _centre(g, gap)
        pos += [c + (k - (len(g) - 1) / 2) * gap for k in range(len(g))]
    n = len(pos)
    if n and hi - lo >= gap * (n - 1):  # pull back inside the axis, keeping the spacing
        pos = [max(p, lo + k * gap) for k, p in enumerate(pos)]
        pos = [min(p, hi - (n - 1 - k) * gap) for k, p in enumerate(pos)]
    out = [0.0] * n
    for k, i in enumerate(order):
        out[i] = pos[k]
    return out


def _centre(wanted: list[float], gap: float) -> float:
    """The centre of a group of evenly spaced labels that is closest to what its members want."""
    n = len(wanted)
    return sum(w - (k - (n - 1) / 2) * gap for k, w in enumerate(wanted)) / n


def ranking_chart(
    dist: pd.DataFrame,
    lang: str,
    riket: pd.DataFrame | None = None,
    published: pd.DataFrame | None = None,
    selected: dict[str, list[str]] | None = None,
    size: str = "normal",
) -> dict:
    """Bars: share per answer (best first), coloured by position third. Ticks for riket (when
    the bars show a county or peer group), diamonds for published shares, and the selected
    municipalities' names beside their answer.

    Everything that changes with the question, the edition, the selection or the scope is in
    the one dataset (answers are ordered by its `order` field, and a reference that is not
    shown is null), so the spec stays the same and the browser only swaps the data: it does
    not build the chart again. Only the language, the size and the number of answers change
    the spec."""
    third_names = {k: t(f"third_{k}", lang) for k in THIRD_COLOURS}
    # a handful of rows: plain Python (pandas costs more per call than these rows take)
    refs = dict(zip(riket["label"], riket["share"])) if riket is not None and len(riket) else {}
    pub = (
        {
            lab: (float(v), txt)
            for lab, v, txt in zip(published["label"], published["share_published"], published["text"])
        }
        if published is not None and len(published)
        else {}
    )
    rows = []
    for r in sorted(dist.to_dict("records"), key=lambda r: r["order"]):
        share, ref, (p_share, p_text) = r["share"], refs.get(r["label"]), pub.get(r["label"], (None, None))
        share = None if share != share else share
        names = list((selected or {}).get(r["answer"], []))
        lines = name_lines(names) if names else [""]
        share_text = fmt_pct(share, lang)
        rows.append(
            {
                **r,
                "share": share,
                "third_label": third_names[r["third"]],
                # the axis label, wrapped: "|" separates its lines (split again by labelExpr)
                "ylab": LINE_SEP.join(wrap(r["label"], WRAP_AT - 6)),
                "share_text": share_text,
                "names": ", ".join(names),
                "names_lines": text_value(lines),
                "n_lines": len(lines) if names else 0,
                # the share's label goes right of the bar and of any reference mark at its row
                "label_x": max([v for v in (share, ref, p_share) if v is not None] or [0]),
                "riket_share": ref,
                "riket_text": f"{t('riket_ref', lang)}: {fmt_pct(ref, lang)}" if ref is not None else None,
                "published_share": p_share,
                "published_text": p_text,
                "desc": t("chart_desc_bar", lang, answer=r["label"], share=share_text, n=r.get("count", 0)),
            }
        )
    fs = SIZES[size]["font"]
    # the selected municipalities' names go on lines of their own under their answer's bar, from
    # the axis: the full width of the chart for them, so no name is cut or drawn over a bar
    name_lines_max = max((row["n_lines"] for row in rows), default=0)
    line_h = round(fs * 1.3)
    row_h = SIZES[size]["row"] + name_lines_max * line_h
    bar_h = round(SIZES[size]["row"] * 0.7)
    shift = name_lines_max * line_h / 2  # the bar moves up by this to leave room for the names
    y = field(
        "ylab",
        "nominal",
        sort={"field": "order", "op": "min"},
        title=None,
        axis={"labelExpr": f"split(datum.label, '{LINE_SEP}')", "labelOffset": -shift, "ticks": False},
    )
    x_title = t("col_share", lang)
    thirds = ("best", "middle", "last", "none")
    data = {"name": "ranking"}
    layers = [
        {
            "data": data,
            "mark": {"type": "bar", "height": bar_h, "yOffset": -shift},
            "encoding": {
                "y": y,
                "x": field("share", "quantitative", title=x_title, scale={"domain": [0, 100]}),
                "color": field(
                    "third_label",
                    "nominal",
                    title=None,
                    scale={"domain": [third_names[k] for k in thirds], "range": [THIRD_COLOURS[k] for k in thirds]},
                ),
                "description": field("desc", "nominal"),
                "tooltip": [
                    tip("label", "nominal", t("col_answer", lang)),
                    tip("share_text", "nominal", t("col_share", lang)),
                    tip("count", "quantitative", t("col_count", lang)),
                ],
            },
        },
        {
            "data": data,
            "mark": {"type": "text", "align": "left", "dx": 14, "fontSize": fs, "yOffset": -shift, "aria": False},
            "encoding": {"y": y, "x": field("label_x", "quantitative"), "text": field("share_text", "nominal")},
        },
        {
            "data": data,
            "transform": [{"filter": "datum.names != ''"}, lines_transform("names_lines", "names_text")],
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "top",
                "fontSize": fs,
                "fontWeight": "bold",
                "lineHeight": line_h,
                "color": "#111111",
                "yOffset": -shift + bar_h / 2 + 4,
                "aria": False,
            },
            "encoding": {"y": y, "x": {"value": 0}, "text": field("names_text", "nominal")},
        },
        {
            "data": data,
            "transform": [{"filter": "isValid(datum.riket_share)"}],
            "mark": {"type": "tick", "thickness": 3, "size": 28, "color": "#111111", "yOffset": -shift, "aria": False},
            "encoding": {
                "y": y,
                "x": field("riket_share", "quantitative"),
                "tooltip": [tip("riket_text", "nominal", t("riket_ref", lang))],
            },
        },
        {
            "data": data,
            "transform": [{"filter": "isValid(datum.published_share)"}],
            "mark": {
                "type": "point",
                "shape": "diamond",
                "size": 220,
                "filled": True,
                "color": "#000000",
                "yOffset": -shift,
                "aria": False,
            },
            "encoding": {
                "y": y,
                "x": field("published_share", "quantitative"),
                "tooltip": [tip("published_text", "nominal", t("published_ref", lang))],
            },
        },
    ]
    height = row_h * len(rows) + SIZES[size]["extra"]  # Streamlit fits axis and legend inside
    return layered(layers, {"ranking": rows}, height, size, description=ranking_description(rows, lang))


def ranking_description(rows: list[dict], lang: str) -> str:
    """The ranking chart in words: every answer's share, where the selected municipalities are,
    and the references."""
    n = rows[0].get("n", 0) if rows else 0
    parts = [t("chart_desc_ranking", lang, n=n, shares="; ".join(f"{r['label']} {r['share_text']}" for r in rows))]
    parts += [t("chart_desc_names", lang, names=r["names"], answer=r["label"]) for r in rows if r["names"]]
    refs = [r["riket_text"] for r in rows if r.get("riket_text")]
    if refs:
        parts.append(
            t(
                "chart_desc_riket",
                lang,
                refs="; ".join(f"{r['label']} {fmt_pct(r['riket_share'], lang)}" for r in rows if r.get("riket_text")),
            )
        )
    pubs = [r for r in rows if r.get("published_share") is not None]
    if pubs:
        parts.append(
            t("chart_desc_published", lang, refs="; ".join(f"{r['label']} {r['published_text']}" for r in pubs))
        )
    return " ".join(parts)


def trend_answers_chart(
    df: pd.DataFrame, ind: Indicator, lang: str, change_editions: list[int], size: str = "normal"
) -> dict:
    """Each municipality's answer per edition; best answer at the top; lines only between
    consecutive answered editions (segments), "don't know" as points without lines."""
    labels = [ind.answer_label(a, lang) for a in ind.answer_ids]
    d = df[df["answer"].notna()].copy()
    eds = sorted(df["edition"].unique().tolist())
    x = field("edition", "ordinal", title=t("col_edition", lang), scale={"domain": eds}, axis={"labelAngle": 0})
    y = field("label", "nominal", sort=labels, title=None, scale={"domain": labels})
    names = sorted(df["kommun"].unique().tolist(), key=lambda n: df[df["kommun"] == n].index.min())
    colour = field("kommun", "nominal", title=None, scale={"domain": names, "range": SERIES_COLOURS[: len(names)]})
    tips = [
        tip("kommun", "nominal", t("col_kommun", lang)),
        tip("edition", "ordinal", t("col_edition", lang)),
        tip("label", "nominal", t("col_answer", lang)),
    ]
    datasets = {"segments": records(d[d["segment"].notna()]), "answers": records(d)}
    layers = [
        {
            "data": {"name": "segments"},
            "mark": {"type": "line", "strokeWidth": 3},
            "encoding": {"x": x, "y": y, "color": colour, "detail": field("segment", "nominal")},
        },
        {
            "data": {"name": "answers"},
            "mark": {"type": "point", "size": 140, "filled": True},
            "encoding": {
                "x": x,
                "y": y,
                "color": colour,
                "shape": field("kommun", "nominal", title=None),
                "tooltip": tips,
            },
        },
    ]
    layers += _change_rules(change_editions, ind, lang, datasets)
    rows = SIZES[size]["row"] * len(labels) + SIZES[size]["extra"]
    per = []
    for name in names:
        g = d[d["kommun"] == name].sort_values("edition")
        per.append(
            f"{name}: "
            + (", ".join(f"{e} {lab}" for e, lab in zip(g["edition"], g["label"])) or t("no_answer", lang).lower())
        )
    spec = layered(layers, datasets, rows, size, description=t("chart_desc_answers", lang, series="; ".join(per)))
    spec["resolve"] = {"scale": {"shape": "shared"}}
    return spec


def trend_shares_chart(
    df: pd.DataFrame,
    published: pd.DataFrame,
    ind: Indicator,
    lang: str,
    change_editions: list[int],
    series_order: list[str],
    size: str = "normal",
) -> dict:
    d = df.assign(
        share_text=df["share"].map(lambda s: fmt_pct(s, lang)), kn=df["k"].astype(str) + "/" + df["n"].astype(str)
    )
    eds = list(ind.editions)
    x = field("edition", "ordinal", title=t("col_edition", lang), scale={"domain": eds}, axis={"labelAngle": 0})
    y = field("share", "quantitative", title=t("col_share", lang), scale={"domain": [0, 100]})
    scale = {"domain": series_order, "range": (REF_COLOURS + SERIES_COLOURS)[: len(series_order)]}
    tips = [
        tip("series", "nominal", t("series", lang)),
        tip("edition", "ordinal", t("col_edition", lang)),
        tip("share_text", "nominal", t("col_share", lang)),
        tip("kn", "nominal", "k/n"),
    ]
    last = d.sort_values("edition").groupby("series", as_index=False).tail(1)
    # end labels: long series names wrap; labels that would print on top of each other move
    # apart (only as far as needed). Vega's autosize counts the labels in, so the plot leaves
    # room for them on its right.
    fs = SIZES[size]["font"]
    line_h = round(fs * 1.25)
    end_lines = [wrap(str(name), 14) for name in last["series"]]
    most = max((len(lines) for lines in end_lines), default=1)
    # pixels per percentage point of the y axis: the chart's height holds the axes and the legend
    # too, so the plot is taken as `extra` shorter (a little less than it is: labels err apart)
    per_unit = (SIZES[size]["trend"] - SIZES[size]["extra"]) / 100
    gap = (most * line_h + 2) / per_unit
    wanted = [float(v) for v in last["share"]]
    # Vega puts a label's first line at its y and the others below it: lift a label of several
    # lines by half their height, so that the dodged position is the middle of the block
    lift = [(len(lines) - 1) * line_h / 2 / per_unit for lines in end_lines]
    placed = [y + up for y, up in zip(dodge(wanted, gap), lift)] if len(last) else []
    last = last.assign(label_y=placed, label=[text_value(lines) for lines in end_lines])
    datasets = {"shares": records(d), "ends": records(last)}
    layers = [
        {
            "data": {"name": "shares"},
            "mark": {"type": "line", "strokeWidth": 3, "point": {"size": 90, "filled": True}},
            "encoding": {
                "x": x,
                "y": y,
                "color": field("series", "nominal", title=None, sort=series_order, scale=scale),
                "strokeDash": field("series", "nominal", sort=series_order, title=None),
                "tooltip": tips,
            },
        },
        {
            "data": {"name": "ends"},
            "transform": [lines_transform("label", "label_text")],
            "mark": {
                "type": "text",
                "align": "left",
                "dx": 8,
                "fontSize": fs,
                "fontWeight": "bold",
                "lineHeight": line_h,
                "aria": False,
            },
            "encoding": {
                "x": x,
                "y": field("label_y", "quantitative"),
                "text": field("label_text", "nominal"),
                "color": field("series", "nominal", sort=series_order, legend=None, scale=scale),
            },
        },
    ]
    if len(published):
        p = published.assign(text=published["as_published"] + " — " + published["source_title"])
        datasets["published"] = records(p[["edition", "share_published", "text"]])
        layers.append(
            {
                "data": {"name": "published"},
                "mark": {"type": "point", "shape": "diamond", "size": 260, "filled": True, "color": "#000000"},
                "encoding": {
                    "x": field("edition", "ordinal", scale={"domain": eds}),
                    "y": field("share_published", "quantitative"),
                    "tooltip": [tip("text", "nominal", t("published_ref", lang))],
                },
            }
        )
    layers += _change_rules(change_editions, ind, lang, datasets)
    spec = layered(
        layers, datasets, SIZES[size]["trend"], size, description=shares_description(d, pub_rows(published), lang)
    )
    return spec


def pub_rows(published: pd.DataFrame) -> list[dict]:
    return records(published[["edition", "as_published"]]) if len(published) else []


def shares_description(d: pd.DataFrame, published: list[dict], lang: str) -> str:
    """The trend of shares in words: each series' share per edition, and the published figures."""
    series = []
    for name, g in d.sort_values("edition").groupby("series", sort=False):
        series.append(f"{name}: " + ", ".join(f"{e} {txt}" for e, txt in zip(g["edition"], g["share_text"])))
    text = t("chart_desc_shares", lang, series="; ".join(series))
    if published:
        text += " " + t(
            "chart_desc_published_trend", lang, refs=", ".join(f"{r['edition']} {r['as_published']}" for r in published)
        )
    return text


def _change_rules(editions: list[int], ind: Indicator, lang: str, datasets: dict) -> list[dict]:
    """Dashed rules at the editions where the question changed (adds its dataset)."""
    if not editions:
        return []
    eds = list(ind.editions)
    rows = []
    for e in sorted(editions):
        i = eds.index(e) if e in eds else -1
        run = 0  # the position of this edition in a run of consecutive changed editions
        while i - run - 1 >= 0 and eds[i - run - 1] in editions:
            run += 1
        next_changed = 0 <= i < len(eds) - 1 and eds[i + 1] in editions
        # of two neighbours the first labels to the left of its rule and the second to the right;
        # in a longer run each further pair goes one line higher
        rows.append(
            {
                "edition": e,
                "what": ind.changes[e].get(lang) or ind.changes[e]["sv"],
                "mark": t("change_marker_short", lang),
                "side": "left" if run % 2 == 0 and next_changed else "right",
                "ypx": -6 - 14 * (run // 2),
            }
        )
    datasets["changes"] = rows
    x = field("edition", "ordinal", scale={"domain": eds})
    rule = {
        "data": {"name": "changes"},
        "mark": {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 2, "color": "#555555"},
        "encoding": {"x": x, "tooltip": [tip("mark", "nominal", ""), tip("what", "nominal", "")]},
    }
    labels = []
    for side, align, dx in (("right", "left", 4), ("left", "right", -4)):
        labels.append(
            {
                "data": {"name": "changes"},
                "transform": [{"filter": f"datum.side == '{side}'"}],
                "mark": {
                    "type": "text",
                    "align": align,
                    "dx": dx,
                    "baseline": "bottom",
                    "fontSize": 12,
                    "color": "#333333",
                    "aria": False,
                },
                "encoding": {"x": x, "y": field("ypx", "quantitative", scale=None), "text": field("mark", "nominal")},
            }
        )
    return [rule, *labels]


def legend_rows(ind: Indicator, lang: str) -> list[tuple[str, str]]:
    """(label, hex colour) for the map's legend, best first, then don't know and no answer."""
    cols = answer_colours(ind)
    rows = [(ind.answer_label(a, lang), cols[a]) for a in ind.ranked_answers]
    if ind.dont_know:
        rows.append((ind.answer_label(ind.dont_know, lang), DONT_KNOW_COLOUR))
    rows.append((t("no_answer", lang), THIRD_COLOURS["none"]))
    return rows


def legend_chart(rows: list[tuple[str, str]], lang: str = "sv") -> dict:
    """A small legend drawn as a chart (no HTML): one coloured square and its label per row."""
    data = [{"label": label, "colour": colour, "i": i} for i, (label, colour) in enumerate(rows)]
    y = field("i", "ordinal", axis=None)
    layers = [
        # the legend's marks are hidden from screen readers: the chart's description says it all
        {
            "data": {"name": "legend"},
            "mark": {"type": "square", "size": 260, "opacity": 1, "aria": False},
            "encoding": {"x": {"value": 10}, "y": y, "color": field("colour", "nominal", scale=None, legend=None)},
        },
        {
            "data": {"name": "legend"},
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "middle",
                "fontSize": FONT_SIZE,
                "color": "#111111",
                "aria": False,
            },
            "encoding": {"x": {"value": 26}, "y": y, "text": field("label", "nominal")},
        },
    ]
    return {
        "$schema": SCHEMA,
        "config": {"view": {"strokeWidth": 0}},
        "layer": layers,
        "height": 28 * len(rows),
        "width": 220,
        "datasets": {"legend": data},
        "description": t("chart_desc_legend", lang, items=", ".join(label for label, _ in rows)),
    }


# ---------------------------------------------------------------- profile and start page

PROFILE_SERIES_COLOURS = ["#111111", "#0072B2", "#D55E00"]  # riket, county, peer group (Okabe-Ito)
PROFILE_SERIES_SHAPES = ["circle", "square", "triangle-up"]
MINE_DESIRED_COLOUR = "#1a4f8a"  # 8.6:1 on white


def profile_labels(rows: list, kommun: str, lang: str, answered: bool = True) -> list[tuple[str, bool]]:
    """Per profile row: the line naming the municipality's answer ("Eskilstuna: Ja (önskat
    svar)", "...: Nej (önskat: Ja)", "...: svarade inte"; empty when it did not answer the
    edition at all) and whether it is the desired answer."""
    out = []
    for r in rows:
        ind = r.indicator
        desired = ind.desired_label(lang)
        if not answered:
            out.append(("", False))
        elif r.answer is None:
            out.append((t("profile_mine_none", lang, kommun=kommun), False))
        elif r.answer in ind.desired:
            out.append((t("profile_mine_desired", lang, kommun=kommun, answer=ind.answer_label(r.answer, lang)), True))
        else:
            out.append(
                (
                    t(
                        "profile_mine_other",
                        lang,
                        kommun=kommun,
                        answer=ind.answer_label(r.answer, lang),
                        desired=desired,
                    ),
                    False,
                )
            )
    return out


def profile_chart(
    rows: list, kommun: str, lan: str, peer_n: int | None, lang: str, size: str = "normal", answered: bool = True
) -> dict:
    """The whole profile in one chart: a row per question. Each row names the question and
    the municipality's own answer (said to be the desired one, or which answer is), and dots
    for the share with the desired answer in riket, the county and the peer group, on one
    0-100 % axis. `rows` are analysis.ProfileRow: the shares are the ones the profile computed.
    peer_n None: no peer series (the peer group is the county). answered False: the
    municipality did not answer the edition, so the rows name only the questions."""
    f = SIZES[size]["font"]
    row_h = {"normal": 92, "large": 160, "compact": 72}[size]
    series = [t("riket_ref", lang), lan] + ([t("profile_peer_series", lang, n=peer_n)] if peer_n is not None else [])
    labels, refs = [], []
    for i, (r, (mine, good)) in enumerate(zip(rows, profile_labels(rows, kommun, lang, answered))):
        ind = r.indicator
        labels.append({"row": i, "question": ind.short_for(lang), "mine": mine, "good": good})
        for name, (share, k, n) in zip(series, (r.riket, r.lan, r.peer)[: len(series)]):
            if n and share == share:
                refs.append(
                    {
                        "row": i,
                        "question": ind.short_for(lang),
                        "series": name,
                        "share": share,
                        "text": t("profile_ref_tip", lang, share=fmt_pct(share, lang), k=k, n=n),
                    }
                )
    y = field("row", "ordinal", axis=None, scale={"domain": list(range(len(rows)))})
    x_axis = {
        "title": t("profile_axis", lang),
        "values": [0, 25, 50, 75, 100],
        "grid": True,
        "labelExpr": "datum.value + '\u00a0%'" if lang == "sv" else "datum.value + '%'",
    }
    x = field("share", "quantitative", scale={"domain": [0, 100], "nice": False}, axis=x_axis)
    scale = {"domain": series, "range": PROFILE_SERIES_COLOURS[: len(series)]}
    dot_dy = round(row_h * (0.22 if answered else 0.12))
    layers = [
        {
            "data": {"name": "labels"},
            "mark": {"type": "rule", "color": "#d9d9d9", "strokeWidth": 2, "yOffset": dot_dy},
            "encoding": {"y": y, "x": {"datum": 0, "type": "quantitative"}, "x2": {"datum": 100}},
        },
        {
            "data": {"name": "labels"},
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "middle",
                "dy": -round(row_h * (0.30 if answered else 0.14)),
                "fontSize": f,
                "fontWeight": "bold",
                "color": "#111111",
                "limit": {"expr": "width"},
            },
            "encoding": {"y": y, "x": {"datum": 0, "type": "quantitative"}, "text": field("question", "nominal")},
        },
        {
            "data": {"name": "labels"},
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "middle",
                "dy": -round(row_h * 0.06),
                "fontSize": f,
                "limit": {"expr": "width"},
            },
            "encoding": {
                "y": y,
                "x": {"datum": 0, "type": "quantitative"},
                "text": field("mine", "nominal"),
                "color": {"condition": {"test": "datum.good", "value": MINE_DESIRED_COLOUR}, "value": "#333333"},
            },
        },
        {
            "data": {"name": "refs"},
            "mark": {
                "type": "point",
                "filled": True,
                "size": 12 * f,
                "opacity": 0.9,
                "yOffset": dot_dy,
                "stroke": "#ffffff",
                "strokeWidth": 1,
            },
            "encoding": {
                "y": y,
                "x": x,
                "color": field("series", "nominal", title=None, scale=scale),
                "shape": field(
                    "series",
                    "nominal",
                    title=None,
                    scale={"domain": series, "range": PROFILE_SERIES_SHAPES[: len(series)]},
                ),
                "tooltip": [
                    tip("question", "nominal", t("col_indicator", lang)),
                    tip("series", "nominal", t("series", lang)),
                    tip("text", "nominal", t("profile_axis", lang)),
                ],
            },
        },
    ]
    if not answered:
        layers = [layers[0], layers[1], layers[3]]
        row_h = round(row_h * 0.7)
    height = row_h * len(rows) + SIZES[size]["extra"]
    desc = []
    for lab in labels:
        dots = ", ".join(f"{r['series']} {fmt_pct(r['share'], lang)}" for r in refs if r["row"] == lab["row"])
        desc.append("; ".join(x for x in (lab["question"], lab["mine"], dots) if x))
    return layered(
        layers,
        {"labels": labels, "refs": refs},
        height,
        size,
        description=t("chart_desc_profile", lang, rows=". ".join(desc)),
    )


def national_chart(
    shares: pd.DataFrame,
    published: pd.DataFrame,
    ind: Indicator,
    editions: list[int],
    lang: str,
    sample_label: str | None,
) -> dict:
    """A small chart for the start page: the share with the desired answer in riket over the
    editions (a gap where the question was not asked), the published figures as diamonds.
    `sample_label` (the data's short label: "Exempeldata", or which editions are) is the
    subtitle's last line while any edition is the sample."""
    series = t("start_series_sample" if sample_label else "start_series_data", lang)
    d = shares.assign(
        share_text=shares["share"].map(lambda s: fmt_pct(s, lang)),
        kn=shares["k"].astype(str) + "/" + shares["n"].astype(str),
        series=series,
    )
    x = field(
        "edition", "ordinal", title=None, scale={"domain": list(editions)}, axis={"labelAngle": 0, "labelFontSize": 12}
    )
    y = field(
        "share",
        "quantitative",
        title=None,
        scale={"domain": [0, 100]},
        axis={
            "values": [0, 50, 100],
            "labelFontSize": 12,
            "labelExpr": "datum.value + '\u00a0%'" if lang == "sv" else "datum.value + '%'",
        },
    )
    tips = [
        tip("series", "nominal", t("series", lang)),
        tip("edition", "ordinal", t("col_edition", lang)),
        tip("share_text", "nominal", t("col_share", lang)),
        tip("kn", "nominal", "k/n"),
    ]
    last = d.sort_values("edition").tail(1)
    datasets = {"shares": records(d), "last": records(last)}
    layers = [
        {
            "data": {"name": "shares"},
            "mark": {
                "type": "line",
                "strokeWidth": 3,
                "color": SERIES_COLOURS[0],
                "point": {"size": 60, "filled": True, "color": SERIES_COLOURS[0]},
            },
            "encoding": {"x": x, "y": y, "tooltip": tips},
        },
        {
            "data": {"name": "last"},
            "mark": {
                "type": "text",
                "align": "left",
                "dx": 8,
                "dy": -10,
                "fontSize": 13,
                "fontWeight": "bold",
                "color": "#111111",
            },
            "encoding": {"x": x, "y": y, "text": field("share_text", "nominal")},
        },
    ]
    if len(published):
        p = published.assign(text=published["as_published"] + " — " + published["source_title"])
        datasets["published"] = records(p[["edition", "share_published", "text"]])
        layers.append(
            {
                "data": {"name": "published"},
                "mark": {"type": "point", "shape": "diamond", "size": 130, "filled": True, "color": "#000000"},
                "encoding": {
                    "x": x,
                    "y": field("share_published", "quantitative"),
                    "tooltip": [tip("text", "nominal", t("published_ref", lang))],
                },
            }
        )
    desired = ind.desired_label(lang)
    subtitle = [t("start_small_subtitle", lang, desired=desired)] + ([sample_label] if sample_label else [])
    points = ", ".join(f"{r['edition']} {r['share_text']}" for r in datasets["shares"])
    description = t("chart_desc_national", lang, desired=desired, points=points)
    if len(published):
        description += " " + t(
            "chart_desc_published_trend",
            lang,
            refs="; ".join(f"{int(e)}: {txt}" for e, txt in zip(published["edition"], published["as_published"])),
        )
    spec = layered(layers, datasets, 250, "compact", description=description)
    spec["title"] = {
        "text": ind.short_for(lang),
        "subtitle": subtitle,
        "anchor": "start",
        "fontSize": 15,
        "subtitleFontSize": 12,
        "subtitleColor": "#333333",
    }
    return spec


def participation_chart(counts: pd.DataFrame, lang: str) -> dict:
    """Municipalities answering per edition: every question / part of them, stacked, the total
    on top, and the published count as a diamond. counts: edition, all, part, published."""
    kinds = [t("start_part_all", lang), t("start_part_part", lang)]
    rows = []
    for r in counts.to_dict("records"):
        rows.append({"edition": int(r["edition"]), "kind": kinds[0], "n": int(r["all"]), "order": 0})
        if r["part"]:
            rows.append({"edition": int(r["edition"]), "kind": kinds[1], "n": int(r["part"]), "order": 1})
    totals = [
        {"edition": int(r["edition"]), "total": int(r["all"] + r["part"]), "text": str(int(r["all"] + r["part"]))}
        for r in counts.to_dict("records")
    ]
    pub = [
        {"edition": int(r["edition"]), "published": int(r["published"]), "text": str(r["published_text"])}
        for r in counts.to_dict("records")
        if r["published"] == r["published"] and r["published"] is not None
    ]
    x = field("edition", "ordinal", title=None, axis={"labelAngle": 0})
    y_title = t("col_responded", lang)
    layers = [
        {
            "data": {"name": "parts"},
            "mark": {"type": "bar", "width": {"band": 0.7}},
            "encoding": {
                "x": x,
                "y": field(
                    "n",
                    "quantitative",
                    title=y_title,
                    stack="zero",
                    scale={"domain": [0, 290], "nice": False},
                    axis={"values": [0, 50, 100, 150, 200, 250, 290]},
                ),
                "order": field("order", "quantitative"),
                "color": field(
                    "kind",
                    "nominal",
                    title=None,
                    scale={"domain": kinds, "range": ["#2166ac", "#92c5de"]},
                    legend={"columns": 1},
                ),
                "tooltip": [
                    tip("edition", "ordinal", t("col_edition", lang)),
                    tip("kind", "nominal", ""),
                    tip("n", "quantitative", t("col_count", lang)),
                ],
            },
        },
        {
            "data": {"name": "totals"},
            "mark": {"type": "text", "dy": -16, "fontSize": 14, "fontWeight": "bold", "color": "#111111"},
            "encoding": {"x": x, "y": field("total", "quantitative"), "text": field("text", "nominal")},
        },
    ]
    datasets = {"parts": rows, "totals": totals}
    if pub:
        datasets["published"] = pub
        layers.append(
            {
                "data": {"name": "published"},
                "mark": {"type": "point", "shape": "diamond", "size": 110, "filled": True, "color": "#000000"},
                "encoding": {
                    "x": x,
                    "y": field("published", "quantitative"),
                    "tooltip": [tip("text", "nominal", t("col_published_count", lang))],
                },
            }
        )
    points = ", ".join(f"{r['edition']}: {r['text']}" for r in totals)
    return layered(layers, datasets, 260, "normal", description=t("chart_desc_participation", lang, points=points))
