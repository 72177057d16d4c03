"""Chart builders (pure: frames in, Vega-Lite specs out; no Streamlit).

The specs are plain dicts, written directly: building them through Altair's schema objects
cost 60-80 ms of server CPU per chart (validation and deep copies on every method call), most
of a rerun. The test suite validates every spec against the Vega-Lite schema instead.

Charts are big and plain for projectors: large fonts, direct labels, a colour-blind-safe
palette, and every number also in the table beside the chart.
"""
from __future__ import annotations

import math

import pandas as pd

from .analysis import DONT_KNOW_COLOUR, THIRD_COLOURS, answer_colours
from .catalogue import Indicator
from .i18n import fmt_pct, t

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
REF_COLOURS = ["#444444", "#7f7f7f", "#a6a6a6"]
FONT_SIZE = 14
# normal: the page; large: projector mode; compact: a 640 x 480 iframe
SIZES = {"normal": {"font": 14, "row": 56, "extra": 120, "trend": 320},
         "large": {"font": 24, "row": 110, "extra": 170, "trend": 560},
         "compact": {"font": 12, "row": 44, "extra": 100, "trend": 240}}


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
    return {"axis": {"labelFontSize": f, "titleFontSize": f, "labelLimit": 320},
            "legend": {"labelFontSize": f, "titleFontSize": f, "orient": "bottom", "columns": 2, "labelLimit": 400,
                       "symbolSize": f * 12},
            "text": {"fontSize": f},
            "title": {"fontSize": f + 4, "anchor": "start"},
            "view": {"strokeWidth": 0}}


def layered(layers: list[dict], datasets: dict[str, list[dict]], height: int, size: str = "normal",
            width="container") -> dict:
    """A top-level layered spec; each layer names its dataset (data: {name})."""
    return {"$schema": SCHEMA, "config": config(size), "layer": layers, "height": height, "width": width,
            "datasets": datasets}


def ranking_chart(dist: pd.DataFrame, lang: str, riket: pd.DataFrame | None = None,
                  published: pd.DataFrame | None = None, selected: dict[str, list[str]] | None = None,
                  size: str = "normal") -> dict:
    """Bars: share per answer (best first), coloured by position third. Ticks for riket (when
    the bars show a county or peer group), diamonds for published shares, and the selected
    municipalities' names beside their answer.

    Everything that changes with the question, the edition, the selection or the scope is in
    the one dataset (answers are ordered by its `order` field, and a reference that is not
    shown is null), so the spec stays the same and the browser only swaps the data: it does
    not build the chart again. Only the language, the size and the number of answers change
    the spec."""
    third_names = {k: t(f"third_{k}", lang) for k in ("best", "middle", "last", "none")}
    # a handful of rows: plain Python (pandas costs more per call than these rows take)
    refs = dict(zip(riket["label"], riket["share"])) if riket is not None and len(riket) else {}
    pub = ({lab: (float(v), txt) for lab, v, txt in zip(published["label"], published["share_published"], published["text"])}
           if published is not None and len(published) else {})
    rows = []
    for r in sorted(dist.to_dict("records"), key=lambda r: r["order"]):
        share, ref, (p_share, p_text) = r["share"], refs.get(r["label"]), pub.get(r["label"], (None, None))
        rows.append({**r, "share": None if share != share else share, "third_label": third_names[r["third"]],
                     "share_text": fmt_pct(share, lang), "names": ", ".join((selected or {}).get(r["answer"], [])),
                     "riket_share": ref, "riket_text": f"{t('riket_ref', lang)}: {fmt_pct(ref, lang)}" if ref is not None else None,
                     "published_share": p_share, "published_text": p_text})
    y = field("label", "nominal", sort={"field": "order", "op": "min"}, title=None)
    x_title = t("col_share", lang)
    fs = SIZES[size]["font"]
    thirds = ("best", "middle", "last", "none")
    data = {"name": "ranking"}
    layers = [
        {"data": data, "mark": {"type": "bar", "height": {"band": 0.7}}, "encoding": {
            "y": y, "x": field("share", "quantitative", title=x_title, scale={"domain": [0, 100]}),
            "color": field("third_label", "nominal", title=None,
                           scale={"domain": [third_names[k] for k in thirds], "range": [THIRD_COLOURS[k] for k in thirds]}),
            "tooltip": [tip("label", "nominal", t("col_answer", lang)), tip("share_text", "nominal", t("col_share", lang)),
                        tip("count", "quantitative", t("col_count", lang))]}},
        {"data": data, "mark": {"type": "text", "align": "left", "dx": 12, "fontSize": fs},
         "encoding": {"y": y, "x": field("share", "quantitative"), "text": field("share_text", "nominal")}},
        {"data": data, "transform": [{"filter": "datum.names != ''"}],
         "mark": {"type": "text", "align": "left", "dx": 12 + 4.2 * fs, "fontSize": fs, "fontWeight": "bold",
                  "color": "#111111"},
         "encoding": {"y": y, "x": field("share", "quantitative"), "text": field("names", "nominal")}},
        {"data": data, "transform": [{"filter": "isValid(datum.riket_share)"}],
         "mark": {"type": "tick", "thickness": 3, "size": 28, "color": "#111111"},
         "encoding": {"y": y, "x": field("riket_share", "quantitative"),
                      "tooltip": [tip("riket_text", "nominal", t("riket_ref", lang))]}},
        {"data": data, "transform": [{"filter": "isValid(datum.published_share)"}],
         "mark": {"type": "point", "shape": "diamond", "size": 220, "filled": True, "color": "#000000"},
         "encoding": {"y": y, "x": field("published_share", "quantitative"),
                      "tooltip": [tip("published_text", "nominal", t("published_ref", lang))]}},
    ]
    height = SIZES[size]["row"] * len(rows) + SIZES[size]["extra"]  # Streamlit fits axis and legend inside
    return layered(layers, {"ranking": rows}, height, size)


def trend_answers_chart(df: pd.DataFrame, ind: Indicator, lang: str, change_editions: list[int],
                        size: str = "normal") -> dict:
    """Each municipality's answer per edition; best answer at the top; lines only between
    consecutive answered editions (segments), "don't know" as points without lines."""
    labels = [ind.answer_label(a, lang) for a in ind.answer_ids]
    d = df[df["answer"].notna()].copy()
    eds = sorted(df["edition"].unique().tolist())
    x = field("edition", "ordinal", title=t("col_edition", lang), scale={"domain": eds}, axis={"labelAngle": 0})
    y = field("label", "nominal", sort=labels, title=None, scale={"domain": labels})
    names = sorted(df["kommun"].unique().tolist(), key=lambda n: df[df["kommun"] == n].index.min())
    colour = field("kommun", "nominal", title=None, scale={"domain": names, "range": SERIES_COLOURS[:len(names)]})
    tips = [tip("kommun", "nominal", t("col_kommun", lang)), tip("edition", "ordinal", t("col_edition", lang)),
            tip("label", "nominal", t("col_answer", lang))]
    datasets = {"segments": records(d[d["segment"].notna()]), "answers": records(d)}
    layers = [
        {"data": {"name": "segments"}, "mark": {"type": "line", "strokeWidth": 3},
         "encoding": {"x": x, "y": y, "color": colour, "detail": field("segment", "nominal")}},
        {"data": {"name": "answers"}, "mark": {"type": "point", "size": 140, "filled": True},
         "encoding": {"x": x, "y": y, "color": colour, "shape": field("kommun", "nominal", title=None), "tooltip": tips}},
    ]
    layers += _change_rules(change_editions, ind, lang, datasets)
    rows = SIZES[size]["row"] * len(labels) + SIZES[size]["extra"]
    spec = layered(layers, datasets, rows, size)
    spec["resolve"] = {"scale": {"shape": "shared"}}
    return spec


def trend_shares_chart(df: pd.DataFrame, published: pd.DataFrame, ind: Indicator, lang: str,
                       change_editions: list[int], series_order: list[str], size: str = "normal") -> dict:
    d = df.assign(share_text=df["share"].map(lambda s: fmt_pct(s, lang)), kn=df["k"].astype(str) + "/" + df["n"].astype(str))
    eds = list(ind.editions)
    x = field("edition", "ordinal", title=t("col_edition", lang), scale={"domain": eds}, axis={"labelAngle": 0})
    y = field("share", "quantitative", title=t("col_share", lang), scale={"domain": [0, 100]})
    scale = {"domain": series_order, "range": (REF_COLOURS + SERIES_COLOURS)[:len(series_order)]}
    tips = [tip("series", "nominal", t("series", lang)), tip("edition", "ordinal", t("col_edition", lang)),
            tip("share_text", "nominal", t("col_share", lang)), tip("kn", "nominal", "k/n")]
    last = d.sort_values("edition").groupby("series", as_index=False).tail(1)
    datasets = {"shares": records(d), "ends": records(last)}
    layers = [
        {"data": {"name": "shares"}, "mark": {"type": "line", "strokeWidth": 3, "point": {"size": 90, "filled": True}},
         "encoding": {"x": x, "y": y, "color": field("series", "nominal", title=None, sort=series_order, scale=scale),
                      "strokeDash": field("series", "nominal", sort=series_order, title=None), "tooltip": tips}},
        {"data": {"name": "ends"}, "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": SIZES[size]["font"],
                                            "fontWeight": "bold"},
         "encoding": {"x": x, "y": y, "text": field("series", "nominal"),
                      "color": field("series", "nominal", sort=series_order, legend=None, scale=scale)}},
    ]
    if len(published):
        p = published.assign(text=published["as_published"] + " — " + published["source_title"])
        datasets["published"] = records(p[["edition", "share_published", "text"]])
        layers.append({"data": {"name": "published"},
                       "mark": {"type": "point", "shape": "diamond", "size": 260, "filled": True, "color": "#000000"},
                       "encoding": {"x": field("edition", "ordinal", scale={"domain": eds}),
                                    "y": field("share_published", "quantitative"),
                                    "tooltip": [tip("text", "nominal", t("published_ref", lang))]}})
    layers += _change_rules(change_editions, ind, lang, datasets)
    return layered(layers, datasets, SIZES[size]["trend"], size)


def _change_rules(editions: list[int], ind: Indicator, lang: str, datasets: dict) -> list[dict]:
    """Dashed rules at the editions where the question changed (adds its dataset)."""
    if not editions:
        return []
    datasets["changes"] = [{"edition": e, "what": ind.changes[e].get(lang) or ind.changes[e]["sv"],
                            "mark": t("change_marker_short", lang)} for e in editions]
    x = field("edition", "ordinal", scale={"domain": list(ind.editions)})
    rule = {"data": {"name": "changes"}, "mark": {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 2, "color": "#555555"},
            "encoding": {"x": x, "tooltip": [tip("mark", "nominal", ""), tip("what", "nominal", "")]}}
    label = {"data": {"name": "changes"},
             "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "baseline": "bottom", "fontSize": 12,
                      "color": "#333333"},
             "encoding": {"x": x, "y": {"value": 0}, "text": field("mark", "nominal")}}
    return [rule, label]


def legend_rows(ind: Indicator, lang: str) -> list[tuple[str, str]]:
    """(label, hex colour) for the map's legend, best first, then don't know and no answer."""
    cols = answer_colours(ind)
    rows = [(ind.answer_label(a, lang), cols[a]) for a in ind.ranked_answers]
    if ind.dont_know:
        rows.append((ind.answer_label(ind.dont_know, lang), DONT_KNOW_COLOUR))
    rows.append((t("no_answer", lang), THIRD_COLOURS["none"]))
    return rows


def legend_chart(rows: list[tuple[str, str]]) -> dict:
    """A small legend drawn as a chart (no HTML): one coloured square and its label per row."""
    data = [{"label": label, "colour": colour, "i": i} for i, (label, colour) in enumerate(rows)]
    y = field("i", "ordinal", axis=None)
    layers = [
        {"data": {"name": "legend"}, "mark": {"type": "square", "size": 260, "opacity": 1},
         "encoding": {"x": {"value": 10}, "y": y, "color": field("colour", "nominal", scale=None, legend=None)}},
        {"data": {"name": "legend"}, "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": FONT_SIZE,
                                              "color": "#111111"},
         "encoding": {"x": {"value": 26}, "y": y, "text": field("label", "nominal")}},
    ]
    return {"$schema": SCHEMA, "config": {"view": {"strokeWidth": 0}}, "layer": layers, "height": 28 * len(rows),
            "width": 220, "datasets": {"legend": data}}


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
        desired = " / ".join(ind.answer_label(a, lang) for a in ind.desired)
        if not answered:
            out.append(("", False))
        elif r.answer is None:
            out.append((t("profile_mine_none", lang, kommun=kommun), False))
        elif r.answer in ind.desired:
            out.append((t("profile_mine_desired", lang, kommun=kommun, answer=ind.answer_label(r.answer, lang)), True))
        else:
            out.append((t("profile_mine_other", lang, kommun=kommun, answer=ind.answer_label(r.answer, lang),
                          desired=desired), False))
    return out


def profile_chart(rows: list, kommun: str, lan: str, peer_n: int | None, lang: str, size: str = "normal",
                  answered: bool = True) -> dict:
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
        for name, (share, k, n) in zip(series, (r.riket, r.lan, r.peer)[:len(series)]):
            if n and share == share:
                refs.append({"row": i, "question": ind.short_for(lang), "series": name, "share": share,
                             "text": t("profile_ref_tip", lang, share=fmt_pct(share, lang), k=k, n=n)})
    y = field("row", "ordinal", axis=None, scale={"domain": list(range(len(rows)))})
    x_axis = {"title": t("profile_axis", lang), "values": [0, 25, 50, 75, 100], "grid": True,
              "labelExpr": "datum.value + '\u00a0%'" if lang == "sv" else "datum.value + '%'"}
    x = field("share", "quantitative", scale={"domain": [0, 100], "nice": False}, axis=x_axis)
    scale = {"domain": series, "range": PROFILE_SERIES_COLOURS[:len(series)]}
    dot_dy = round(row_h * (0.22 if answered else 0.12))
    layers = [
        {"data": {"name": "labels"}, "mark": {"type": "rule", "color": "#d9d9d9", "strokeWidth": 2, "yOffset": dot_dy},
         "encoding": {"y": y, "x": {"datum": 0, "type": "quantitative"}, "x2": {"datum": 100}}},
        {"data": {"name": "labels"},
         "mark": {"type": "text", "align": "left", "baseline": "middle", "dy": -round(row_h * (0.30 if answered else 0.14)), "fontSize": f,
                  "fontWeight": "bold", "color": "#111111", "limit": {"expr": "width"}},
         "encoding": {"y": y, "x": {"datum": 0, "type": "quantitative"}, "text": field("question", "nominal")}},
        {"data": {"name": "labels"},
         "mark": {"type": "text", "align": "left", "baseline": "middle", "dy": -round(row_h * 0.06), "fontSize": f,
                  "limit": {"expr": "width"}},
         "encoding": {"y": y, "x": {"datum": 0, "type": "quantitative"}, "text": field("mine", "nominal"),
                      "color": {"condition": {"test": "datum.good", "value": MINE_DESIRED_COLOUR}, "value": "#333333"}}},
        {"data": {"name": "refs"},
         "mark": {"type": "point", "filled": True, "size": 12 * f, "opacity": 0.9, "yOffset": dot_dy,
                  "stroke": "#ffffff", "strokeWidth": 1},
         "encoding": {"y": y, "x": x,
                      "color": field("series", "nominal", title=None, scale=scale),
                      "shape": field("series", "nominal", title=None,
                                     scale={"domain": series, "range": PROFILE_SERIES_SHAPES[:len(series)]}),
                      "tooltip": [tip("question", "nominal", t("col_indicator", lang)), tip("series", "nominal", t("series", lang)),
                                  tip("text", "nominal", t("profile_axis", lang))]}},
    ]
    if not answered:
        layers = [layers[0], layers[1], layers[3]]
        row_h = round(row_h * 0.7)
    height = row_h * len(rows) + SIZES[size]["extra"]
    return layered(layers, {"labels": labels, "refs": refs}, height, size)


def national_chart(shares: pd.DataFrame, published: pd.DataFrame, ind: Indicator, editions: list[int], lang: str,
                   sample_label: str | None) -> dict:
    """A small chart for the start page: the share with the desired answer in riket over the
    editions (a gap where the question was not asked), the published figures as diamonds.
    `sample_label` (the data's short label: "Exempeldata", or which editions are) is the
    subtitle's last line while any edition is the sample."""
    series = t("start_series_sample" if sample_label else "start_series_data", lang)
    d = shares.assign(share_text=shares["share"].map(lambda s: fmt_pct(s, lang)),
                      kn=shares["k"].astype(str) + "/" + shares["n"].astype(str), series=series)
    x = field("edition", "ordinal", title=None, scale={"domain": list(editions)}, axis={"labelAngle": 0, "labelFontSize": 12})
    y = field("share", "quantitative", title=None, scale={"domain": [0, 100]},
              axis={"values": [0, 50, 100], "labelFontSize": 12,
                    "labelExpr": "datum.value + '\u00a0%'" if lang == "sv" else "datum.value + '%'"})
    tips = [tip("series", "nominal", t("series", lang)), tip("edition", "ordinal", t("col_edition", lang)),
            tip("share_text", "nominal", t("col_share", lang)), tip("kn", "nominal", "k/n")]
    last = d.sort_values("edition").tail(1)
    datasets = {"shares": records(d), "last": records(last)}
    layers = [
        {"data": {"name": "shares"}, "mark": {"type": "line", "strokeWidth": 3, "color": SERIES_COLOURS[0],
                                              "point": {"size": 60, "filled": True, "color": SERIES_COLOURS[0]}},
         "encoding": {"x": x, "y": y, "tooltip": tips}},
        {"data": {"name": "last"}, "mark": {"type": "text", "align": "left", "dx": 8, "dy": -10, "fontSize": 13,
                                            "fontWeight": "bold", "color": "#111111"},
         "encoding": {"x": x, "y": y, "text": field("share_text", "nominal")}},
    ]
    if len(published):
        p = published.assign(text=published["as_published"] + " — " + published["source_title"])
        datasets["published"] = records(p[["edition", "share_published", "text"]])
        layers.append({"data": {"name": "published"},
                       "mark": {"type": "point", "shape": "diamond", "size": 130, "filled": True, "color": "#000000"},
                       "encoding": {"x": x, "y": field("share_published", "quantitative"),
                                    "tooltip": [tip("text", "nominal", t("published_ref", lang))]}})
    desired = " / ".join(ind.answer_label(a, lang) for a in ind.desired)
    subtitle = [t("start_small_subtitle", lang, desired=desired)] + ([sample_label] if sample_label else [])
    spec = layered(layers, datasets, 250, "compact")
    spec["title"] = {"text": ind.short_for(lang), "subtitle": subtitle, "anchor": "start", "fontSize": 15,
                     "subtitleFontSize": 12, "subtitleColor": "#333333"}
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
    totals = [{"edition": int(r["edition"]), "total": int(r["all"] + r["part"]),
               "text": str(int(r["all"] + r["part"]))} for r in counts.to_dict("records")]
    pub = [{"edition": int(r["edition"]), "published": int(r["published"]), "text": str(r["published_text"])}
           for r in counts.to_dict("records") if r["published"] == r["published"] and r["published"] is not None]
    x = field("edition", "ordinal", title=None, axis={"labelAngle": 0})
    y_title = t("col_responded", lang)
    layers = [
        {"data": {"name": "parts"}, "mark": {"type": "bar", "width": {"band": 0.7}},
         "encoding": {"x": x, "y": field("n", "quantitative", title=y_title, stack="zero", scale={"domain": [0, 290], "nice": False},
                                 axis={"values": [0, 50, 100, 150, 200, 250, 290]}),
                      "order": field("order", "quantitative"),
                      "color": field("kind", "nominal", title=None, scale={"domain": kinds, "range": ["#2166ac", "#92c5de"]},
                                     legend={"columns": 1}),
                      "tooltip": [tip("edition", "ordinal", t("col_edition", lang)), tip("kind", "nominal", ""),
                                  tip("n", "quantitative", t("col_count", lang))]}},
        {"data": {"name": "totals"}, "mark": {"type": "text", "dy": -16, "fontSize": 14, "fontWeight": "bold", "color": "#111111"},
         "encoding": {"x": x, "y": field("total", "quantitative"), "text": field("text", "nominal")}},
    ]
    datasets = {"parts": rows, "totals": totals}
    if pub:
        datasets["published"] = pub
        layers.append({"data": {"name": "published"},
                       "mark": {"type": "point", "shape": "diamond", "size": 110, "filled": True, "color": "#000000"},
                       "encoding": {"x": x, "y": field("published", "quantitative"),
                                    "tooltip": [tip("text", "nominal", t("col_published_count", lang))]}})
    return layered(layers, datasets, 260, "normal")
