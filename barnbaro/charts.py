"""Altair chart builders (pure: frames in, chart specs out; no Streamlit).

Charts are big and plain for projectors: large fonts, direct labels, a colour-blind-safe
palette, and every number also in the table beside the chart.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .analysis import DONT_KNOW_COLOUR, THIRD_COLOURS, answer_colours
from .catalogue import Indicator
from .i18n import fmt_pct, t

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
REF_COLOURS = ["#444444", "#7f7f7f", "#a6a6a6"]
FONT_SIZE = 14
# normal: the page; large: projector mode; compact: a 640 x 480 iframe
SIZES = {"normal": {"font": 14, "row": 56, "extra": 120, "trend": 320},
         "large": {"font": 24, "row": 110, "extra": 170, "trend": 560},
         "compact": {"font": 12, "row": 44, "extra": 100, "trend": 240}}


def _config(chart: alt.Chart, size: str = "normal") -> alt.Chart:
    f = SIZES[size]["font"]
    return (chart.configure_axis(labelFontSize=f, titleFontSize=f, labelLimit=320)
            .configure_legend(labelFontSize=f, titleFontSize=f, orient="bottom", columns=2, labelLimit=400,
                              symbolSize=f * 12)
            .configure_text(fontSize=f)
            .configure_title(fontSize=f + 4, anchor="start")
            .configure_view(strokeWidth=0))


def ranking_chart(dist: pd.DataFrame, lang: str, riket: pd.DataFrame | None = None,
                  published: pd.DataFrame | None = None, selected: dict[str, list[str]] | None = None,
                  size: str = "normal") -> alt.Chart:
    """Bars: share per answer (best first), coloured by position third. Optional ticks for
    riket (when the bars show a county or peer group), diamonds for published shares, and
    the selected municipalities' names beside their answer."""
    third_names = {k: t(f"third_{k}", lang) for k in ("best", "middle", "last", "none")}
    d = dist.assign(third_label=dist["third"].map(third_names),
                    share_text=dist["share"].map(lambda s: fmt_pct(s, lang)),
                    names=dist["answer"].map(lambda a: ", ".join((selected or {}).get(a, []))))
    order = d.sort_values("order")["label"].tolist()
    y = alt.Y("label:N", sort=order, title=None)
    x_title = t("col_share", lang)
    base = alt.Chart(d)
    bars = base.mark_bar(height={"band": 0.7}).encode(
        y=y, x=alt.X("share:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("third_label:N", title=None,
                        scale=alt.Scale(domain=[third_names[k] for k in ("best", "middle", "last", "none")],
                                        range=[THIRD_COLOURS[k] for k in ("best", "middle", "last", "none")])),
        tooltip=[alt.Tooltip("label:N", title=t("col_answer", lang)), alt.Tooltip("share_text:N", title=t("col_share", lang)),
                 alt.Tooltip("count:Q", title=t("col_count", lang))],
    )
    fs = SIZES[size]["font"]
    text = base.mark_text(align="left", dx=12, fontSize=fs).encode(y=y, x="share:Q", text="share_text:N")
    layers = [bars, text]
    if selected:
        names = base.transform_filter("datum.names != ''").mark_text(
            align="left", dx=12 + 4.2 * fs, fontSize=fs, fontWeight="bold", color="#111111").encode(
            y=y, x="share:Q", text="names:N")
        layers.append(names)
    if riket is not None and len(riket):
        r = riket.assign(ref=t("riket_ref", lang), share_text=riket["share"].map(lambda s: fmt_pct(s, lang)))
        layers.append(alt.Chart(r).mark_tick(thickness=3, size=28, color="#111111").encode(
            y=alt.Y("label:N", sort=order), x="share:Q",
            tooltip=[alt.Tooltip("ref:N", title=""), alt.Tooltip("share_text:N", title=t("col_share", lang))]))
    if published is not None and len(published):
        layers.append(alt.Chart(published).mark_point(shape="diamond", size=220, filled=True, color="#000000").encode(
            y=alt.Y("label:N", sort=order), x="share_published:Q",
            tooltip=[alt.Tooltip("text:N", title=t("published_ref", lang))]))
    height = SIZES[size]["row"] * len(d) + SIZES[size]["extra"]  # Streamlit fits axis and legend inside
    return _config(alt.layer(*layers).properties(height=height, width="container"), size)


def trend_answers_chart(df: pd.DataFrame, ind: Indicator, lang: str, change_editions: list[int],
                        size: str = "normal") -> alt.Chart:
    """Each municipality's answer per edition; best answer at the top; lines only between
    consecutive answered editions (segments), "don't know" as points without lines."""
    labels = [ind.answer_label(a, lang) for a in ind.answer_ids]
    d = df[df["answer"].notna()].copy()
    eds = sorted(df["edition"].unique().tolist())
    x = alt.X("edition:O", title=t("col_edition", lang), scale=alt.Scale(domain=eds), axis=alt.Axis(labelAngle=0))
    y = alt.Y("label:N", sort=labels, title=None, scale=alt.Scale(domain=labels))
    names = sorted(df["kommun"].unique().tolist(), key=lambda n: df[df["kommun"] == n].index.min())
    colour = alt.Color("kommun:N", title=None, scale=alt.Scale(domain=names, range=SERIES_COLOURS[:len(names)]))
    tip = [alt.Tooltip("kommun:N", title=t("col_kommun", lang)), alt.Tooltip("edition:O", title=t("col_edition", lang)),
           alt.Tooltip("label:N", title=t("col_answer", lang))]
    lines = alt.Chart(d[d["segment"].notna()]).mark_line(strokeWidth=3).encode(x=x, y=y, color=colour, detail="segment:N")
    points = alt.Chart(d).mark_point(size=140, filled=True).encode(
        x=x, y=y, color=colour, shape=alt.Shape("kommun:N", title=None), tooltip=tip)
    layers = [lines, points]
    layers += _change_rules(change_editions, ind, lang)
    rows = SIZES[size]["row"] * len(labels) + SIZES[size]["extra"]
    return _config(alt.layer(*layers).properties(height=rows, width="container").resolve_scale(shape="shared"), size)


def trend_shares_chart(df: pd.DataFrame, published: pd.DataFrame, ind: Indicator, lang: str,
                       change_editions: list[int], series_order: list[str], size: str = "normal") -> alt.Chart:
    d = df.assign(share_text=df["share"].map(lambda s: fmt_pct(s, lang)), kn=df["k"].astype(str) + "/" + df["n"].astype(str))
    eds = [e for e in ind.editions]
    x = alt.X("edition:O", title=t("col_edition", lang), scale=alt.Scale(domain=eds), axis=alt.Axis(labelAngle=0))
    y = alt.Y("share:Q", title=t("col_share", lang), scale=alt.Scale(domain=[0, 100]))
    colour = alt.Color("series:N", title=None, sort=series_order,
                       scale=alt.Scale(domain=series_order, range=(REF_COLOURS + SERIES_COLOURS)[:len(series_order)]))
    tip = [alt.Tooltip("series:N", title=t("series", lang)), alt.Tooltip("edition:O", title=t("col_edition", lang)),
           alt.Tooltip("share_text:N", title=t("col_share", lang)), alt.Tooltip("kn:N", title="k/n")]
    line = alt.Chart(d).mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=90, filled=True)).encode(
        x=x, y=y, color=colour, strokeDash=alt.StrokeDash("series:N", sort=series_order, title=None), tooltip=tip)
    last = d.sort_values("edition").groupby("series", as_index=False).tail(1)
    ends = alt.Chart(last).mark_text(align="left", dx=8, fontSize=SIZES[size]["font"], fontWeight="bold").encode(
        x=x, y=y, text="series:N", color=alt.Color("series:N", sort=series_order, legend=None,
                                                   scale=alt.Scale(domain=series_order, range=(REF_COLOURS + SERIES_COLOURS)[:len(series_order)])))
    layers = [line, ends]
    if len(published):
        p = published.assign(text=published["as_published"] + " — " + published["source_title"])
        layers.append(alt.Chart(p).mark_point(shape="diamond", size=260, filled=True, color="#000000").encode(
            x=alt.X("edition:O", scale=alt.Scale(domain=eds)), y="share_published:Q",
            tooltip=[alt.Tooltip("text:N", title=t("published_ref", lang))]))
    layers += _change_rules(change_editions, ind, lang)
    return _config(alt.layer(*layers).properties(height=SIZES[size]["trend"], width="container"), size)


def _change_rules(editions: list[int], ind: Indicator, lang: str) -> list:
    if not editions:
        return []
    c = pd.DataFrame({"edition": editions,
                      "what": [ind.changes[e].get(lang) or ind.changes[e]["sv"] for e in editions],
                      "mark": [t("change_marker_short", lang) for e in editions]})
    eds = list(ind.editions)
    x = alt.X("edition:O", scale=alt.Scale(domain=eds))
    rule = alt.Chart(c).mark_rule(strokeDash=[6, 4], strokeWidth=2, color="#555555").encode(
        x=x, tooltip=[alt.Tooltip("mark:N", title=""), alt.Tooltip("what:N", title="")])
    label = alt.Chart(c).mark_text(align="left", dx=4, dy=-6, baseline="bottom", fontSize=12, color="#333333").encode(
        x=x, y=alt.value(0), text="mark:N")
    return [rule, label]


def legend_rows(ind: Indicator, lang: str) -> list[tuple[str, str]]:
    """(label, hex colour) for the map's legend, best first, then don't know and no answer."""
    cols = answer_colours(ind)
    rows = [(ind.answer_label(a, lang), cols[a]) for a in ind.ranked_answers]
    if ind.dont_know:
        rows.append((ind.answer_label(ind.dont_know, lang), DONT_KNOW_COLOUR))
    rows.append((t("no_answer", lang), THIRD_COLOURS["none"]))
    return rows


def legend_chart(rows: list[tuple[str, str]]) -> alt.Chart:
    """A small legend drawn as a chart (no HTML): one coloured square and its label per row."""
    d = pd.DataFrame({"label": [r[0] for r in rows], "colour": [r[1] for r in rows], "i": list(range(len(rows)))})
    y = alt.Y("i:O", axis=None)
    squares = alt.Chart(d).mark_square(size=260, opacity=1).encode(
        x=alt.value(10), y=y, color=alt.Color("colour:N", scale=None, legend=None))
    labels = alt.Chart(d).mark_text(align="left", baseline="middle", fontSize=FONT_SIZE, color="#111111").encode(
        x=alt.value(26), y=y, text="label:N")
    return alt.layer(squares, labels).properties(height=28 * len(rows), width=220).configure_view(strokeWidth=0)
