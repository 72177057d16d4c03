"""Press kit: one standalone HTML page per municipality, with static charts (SVG and PNG), the
numbers as a table and as CSV, the source line, the sample label and links that open the same
view in the app; plus an index page and a CSV of all the numbers.

    python -m barnbaro presskit --out DIR [--edition E] [--kommun 0180,1480] [--app-url URL]
                                [--lang sv|en] [--allow-sample] [--png some|all|none] [--jobs N]

The folder needs no server: pages use inline CSS, no scripts, no fonts and no address outside
the folder (images are referenced relatively), so it can be opened from disk or put on any
static host.

How it stays fast: every distinct chart is rendered ONCE with vl-convert as an SVG *template*
(one ranking chart per question, one trend grid, one map; in the worker processes), and each
municipality's SVG is that template with its own parts filled in by string replacement:

- text placeholders ``QQ<name>QQ``: titles, the status line, the name beside the bar of its
  answer, the cells of the trend grid;
- colour placeholders ``#01xxxx`` / ``#02xxxx``, unique per item: the outline of the bar of its
  answer (black for its answer, none for the others), the fill and text colour of each cell of
  the trend grid;
- on the map every municipality's path is drawn with a unique stroke colour ``#03xxxx`` in the
  template, so its path is found by colour (Vega's SVG has no ids); the highlight is a copy of
  that very path (and a ring around it when it is small) appended on top in the same group, so
  it is exactly in the SVG's own coordinate system.

PNGs are converted from the final SVGs (vl_convert.svg_to_png) in worker processes. Text is most
of a PNG's cost: vl-convert's font database opens and maps the font file several times per
glyph, so a PNG costs 50-100 ms of CPU however small it is. So by default (``--png some``) each
municipality gets PNGs of its trend grid and its map, and the seven ranking charts are SVG only;
``--png all`` adds them (about three times the PNG work), ``--png none`` writes SVG only.
Measured for all 290 municipalities of 2018 on the 2-core machine (while other work kept its
load average at 4-5): ``none`` 9 s, ``some`` 40 s, ``all`` ~2 min.

Heavy imports (pandas, altair, vl_convert) are made inside functions, so worker processes start
quickly.
"""
from __future__ import annotations

import contextlib
import csv
import html
import io
import os
import re
import sys
import time
import types
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

PNG_SCALE = 1.0  # text, not pixels, is most of a PNG's cost; the map is drawn large instead
PNG_MODES = ("some", "all", "none")
TEXT_PH = re.compile(r"QQ([A-Za-z0-9_]+)QQ")
COLOUR_PH = re.compile(r"#0[12][0-9a-f]{4}")
MAP_PH = re.compile(r"#03[0-9a-f]{4}")
# trend grid cell categories -> colour (the text in the cell says the answer itself)
CELL_COLOURS = {"desired": "#2166ac", "middle": "#92c5de", "worst": "#d6604d", "dont_know": "#dfc27d",
                "none": "#bdbdbd", "not_asked": "#f0f0f0"}
STATUS_COLOURS = {"all": "#4393c3", "part": "#a6cee3", "none": "#bdbdbd"}
MAP_SIMPLIFY_DEG = 0.01  # a map pixel is ~2 km; coarser than the app's map, much smaller files
MAP_SIZE = (520, 1010)  # Sweden in Mercator is about twice as tall as wide
GRID_ROW = 46
CELL_CHARS = 20  # characters per line in a trend-grid cell (150 px at 12 px)


class PresskitError(Exception):
    """A problem with the arguments (unknown edition or municipality, bad URL)."""


def esc(text: object) -> str:
    """Text made safe for HTML and SVG (element content and quoted attributes)."""
    return html.escape(str(text), quote=True)


def slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "kommun"


# ---------------------------------------------------------------- templates

@dataclass
class Template:
    """An SVG with text placeholders QQnameQQ and colour placeholders #01xxxx/#02xxxx."""
    svg: str
    width: int
    height: int

    def fill(self, texts: dict[str, str], colours: dict[str, str] | None = None,
             raw: dict[str, str] | None = None) -> str:
        """texts are escaped; raw (already SVG markup) are not; colours replace placeholders."""
        colours = colours or {}
        raw = raw or {}

        def text(m):
            k = m.group(1)
            return raw[k] if k in raw else esc(texts.get(k, ""))

        out = TEXT_PH.sub(text, self.svg)
        return COLOUR_PH.sub(lambda m: colours.get(m.group(0), "none"), out) if colours else out


def svg_size(svg: str) -> tuple[int, int]:
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (0, 0)


def chart_spec(chart, datasets: dict | None = None) -> dict:
    """The Vega-Lite spec to render (as barnbaro.images.to_svg does). `datasets` (name -> rows)
    are added as plain JSON: big inline geometry through Altair's schema objects costs seconds."""
    from .images import spec_of

    spec = dict(spec_of(chart))
    if datasets:
        spec["datasets"] = dict(spec.get("datasets") or {})
        spec.setdefault("datasets", {}).update(datasets)
    return spec


def render_spec(spec: dict) -> str:
    """One vl-convert render (in a worker process when there is a pool)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec)


def as_template(svg: str) -> Template:
    w, h = svg_size(svg)
    return Template(svg, w, h)


def _decorated(chart, title: str, source: str, sample_label: str | None, width: int | None, wrap: int = 0):
    """images.decorate (title, source line, sample label drawn into the image) with the
    municipality's status line as the first subtitle line; long subtitle lines wrapped at
    `wrap` characters for narrow images."""
    import textwrap

    from . import images

    dec = images.decorate(chart, title, source, sample_label, width)
    lines = ["QQSTATUSQQ", *dec["title"]["subtitle"]]
    if wrap:
        lines = [w for line in lines for w in (textwrap.wrap(line, wrap) or [line])]
    dec["title"] = {**dec["title"], "subtitle": lines}
    return dec


def name_key(j: int) -> str:
    """The placeholder of the name beside answer j's bar: as wide as the longest municipality
    name, so the chart's size (computed from the placeholder) leaves room for the real name."""
    return f"N{j}" + "W" * 14


def ranking_spec(kit: "Kit", ind) -> dict:
    """The app's ranking chart for the whole country, with a placeholder name beside every
    answer's bar and an outline per bar whose colour is a placeholder."""
    import pandas as pd

    from . import analysis as A
    from . import charts

    lang, ed = kit.lang, kit.edition
    dist = A.distribution(kit.ranked[ind.id], ind, lang)
    selected = {a: [f"QQ{name_key(j)}QQ"] for j, a in enumerate(ind.answer_ids)}
    figs = kit.figures
    pub = figs[(figs["indicator_id"] == ind.id) & (figs["edition"] == ed)]
    single = pub[pub["answers"].map(len) == 1]
    pub_marks = pd.DataFrame({
        "label": [ind.answer_label(a[0], lang) for a in single["answers"]],
        "share_published": single["share_published"].tolist(),
        "text": [f"{p} ({s})" for p, s in zip(single["as_published"], single["source_title"])],
    })
    chart = charts.ranking_chart(dist, lang, published=pub_marks, selected=selected)
    rows = chart["datasets"]["ranking"]
    for j, row in enumerate(rows):  # the chart's rows are in dist's order (answer j)
        assert row["answer"] == dist["answer"].iloc[j]
        row["hl"] = f"#01{j:04x}"
    bars = chart["layer"][0]
    chart["layer"].append({"data": bars["data"],
                           "mark": {**bars["mark"], "filled": False, "strokeWidth": 3, "aria": False},
                           "encoding": {"y": bars["encoding"]["y"], "x": charts.field("share", "quantitative"),
                                        "stroke": charts.field("hl", "nominal", scale=None)}})
    return chart_spec(_decorated(chart, "QQTITLEQQ", kit.source(ed), kit.sample_label, 900))


def trend_spec(kit: "Kit") -> dict:
    """A grid: indicators (rows) by editions (columns); each cell's fill, text colour and text
    are placeholders (the cell's index i: #01000i, #02000i, QQCiQQ)."""
    import altair as alt
    import pandas as pd

    from . import charts
    from .i18n import t

    lang = kit.lang
    rows = []
    for r, ind in enumerate(kit.trend_inds):
        for e in kit.trend_eds:
            i = len(rows)
            rows.append({"ind": ind.short_for(lang), "edition": str(e), "fill": f"#01{i:04x}",
                         "ink": f"#02{i:04x}", "text": f"QQC{i}QQ"})
    d = pd.DataFrame(rows)
    ind_order = [i.short_for(lang) for i in kit.trend_inds]
    eds = [str(e) for e in kit.trend_eds]
    x = alt.X("edition:O", sort=eds, title=None, axis=alt.Axis(labelAngle=0, orient="top", labelFontWeight="bold"))
    y = alt.Y("ind:N", sort=ind_order, title=None)
    cells = alt.Chart(d).mark_rect(stroke="#ffffff", strokeWidth=2, aria=False).encode(
        x=x, y=y, fill=alt.Fill("fill:N", scale=None))
    text = alt.Chart(d).mark_text(fontSize=12, aria=False).encode(
        x=x, y=y, text="text:N", color=alt.Color("ink:N", scale=None))
    kinds = ["desired", "middle", "worst", "dont_know", "none", "not_asked"]
    labels = [t(f"presskit_cell_{k}", lang) for k in kinds]
    legend_df = pd.DataFrame({"kind": labels, "ind": ind_order[0], "edition": eds[0]})
    legend = alt.Chart(legend_df).mark_square(opacity=0, size=1, aria=False).encode(
        x=x, y=y, color=alt.Color("kind:N", title=None, sort=labels,
                                  scale=alt.Scale(domain=labels, range=[CELL_COLOURS[k] for k in kinds]),
                                  legend=alt.Legend(orient="bottom", columns=3, symbolOpacity=1, symbolType="square",
                                                    symbolStrokeColor="#888888", symbolStrokeWidth=1,
                                                    labelLimit=300, symbolSize=200)))
    chart = alt.layer(cells, text, legend).properties(height=GRID_ROW * len(kit.trend_inds))
    f = charts.FONT_SIZE
    chart = (chart.configure_axis(labelFontSize=f, titleFontSize=f, labelLimit=320, domain=False, ticks=False)
             .configure_legend(labelFontSize=f).configure_view(strokeWidth=0))
    return chart_spec(_decorated(chart, "QQTITLEQQ", kit.source_range(), kit.sample_label, 900))


@dataclass
class MapTemplate:
    svg: str  # with QQTITLEQQ / QQSTATUSQQ and QQHIGHLIGHTQQ where the highlight goes
    width: int
    height: int
    paths: dict  # kommun_kod -> the d of its path (SVG coordinates of the group)


def map_spec(kit: "Kit") -> tuple[dict, list[str]]:
    """The edition's participation map (answered all / part / none); every municipality's path
    is stroked in a unique colour (#03 + its index in the returned codes) so it can be found."""
    import altair as alt
    import shapely
    from shapely.geometry import mapping, shape

    from . import charts, geo
    from .i18n import t

    lang = kit.lang
    codes = []
    feats = []
    labels = {s: t(f"presskit_status_{s}", lang) for s in ("all", "part", "none")}
    for i, f in enumerate(geo.kommun_features()):
        code = f["properties"]["kommun_kod"]
        g = shapely.simplify(shape(f["geometry"]), MAP_SIMPLIFY_DEG, preserve_topology=True)
        codes.append(code)
        feats.append({"type": "Feature", "geometry": _rounded(mapping(g), 3),
                      "properties": {"s": labels[kit.status.get(code, "none")], "k": f"#03{i:04x}"}})
    borders = []
    for p in geo.county_borders():
        line = shapely.simplify(shapely.LineString(p["path"]), MAP_SIMPLIFY_DEG)
        borders.append({"type": "Feature", "geometry": _rounded(mapping(line), 3), "properties": {}})
    # the borders between municipalities as one mesh (far cheaper to draw than 290 outlines)
    mesh = shapely.simplify(shapely.line_merge(shapely.unary_union(
        [shape(f["geometry"]).boundary for f in geo.kommun_features()])), 2 * MAP_SIMPLIFY_DEG)
    meshes = [{"type": "Feature", "geometry": _rounded(mapping(mesh), 3), "properties": {}}]
    datasets = {"presskit_kommuner": feats, "presskit_lan": borders, "presskit_grans": meshes}
    fc, bc, mc = (alt.NamedData(name=n) for n in datasets)
    base = alt.Chart(fc).mark_geoshape(strokeWidth=0.4, aria=False).encode(
        color=alt.Color("properties.s:N", title=None, sort=list(labels.values()),
                        scale=alt.Scale(domain=list(labels.values()), range=[STATUS_COLOURS[s] for s in labels]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelFontSize=charts.FONT_SIZE,
                                          symbolType="square", symbolSize=200, labelLimit=400)),
        stroke=alt.Stroke("properties.k:N", scale=None)).project(type="mercator")
    inner = alt.Chart(mc).mark_geoshape(filled=False, stroke="#ffffff", strokeWidth=0.5, aria=False).project(type="mercator")
    lines = alt.Chart(bc).mark_geoshape(filled=False, stroke="#444444", strokeWidth=0.8, aria=False).project(type="mercator")
    chart = alt.layer(base, inner, lines).properties(width=MAP_SIZE[0], height=MAP_SIZE[1]).configure_view(strokeWidth=0)
    return chart_spec(_decorated(chart, "QQTITLEQQ", kit.source(kit.edition), kit.sample_label, None, wrap=62),
                      datasets), codes


def map_template(svg: str, codes: list[str]) -> MapTemplate:
    """Find each municipality's path by its stroke colour, drop those strokes (the mesh draws
    the borders), and mark where the highlight goes."""
    w, h = svg_size(svg)
    paths = {}
    for m in re.finditer(r"<path\b[^>]*>", svg):
        el = m.group(0)
        k = re.search(r'stroke="(' + MAP_PH.pattern + ')"', el)
        d = re.search(r'\sd="([^"]*)"', el)
        if k and d:
            paths[codes[int(k.group(1)[3:], 16)]] = _round_path(d.group(1))
    if len(paths) != len(codes):
        raise RuntimeError(f"kartmallen: {len(paths)} av {len(codes)} kommuner hittades i SVG:n")
    svg = re.sub(r' stroke="' + MAP_PH.pattern + r'"(?: stroke-width="[^"]*")?', "", svg)  # the mesh draws the borders
    svg = re.sub(r'(<path\b[^>]*\sd=")([^"]*)(")', lambda m: m.group(1) + _round_path(m.group(2)) + m.group(3), svg)
    # the fills without anti-aliasing: the white mesh and the county lines (anti-aliased) cover
    # their edges, so the image looks the same and the PNG costs a fifth less
    first = svg.find('<g class="mark-shape role-mark')
    svg = svg[:first] + '<g shape-rendering="crispEdges"' + svg[first + 2:]
    # the highlight goes after the last shape layer, as a sibling: same coordinates, drawn on top
    last = svg.rfind('class="mark-shape role-mark')
    end = svg.find("</g>", last) + len("</g>")
    svg = svg[:end] + "QQHIGHLIGHTQQ" + svg[end:]
    return MapTemplate(svg, w, h, paths)


def _rounded(geom: dict, decimals: int) -> dict:
    def r(obj):
        if isinstance(obj, (list, tuple)):
            if obj and isinstance(obj[0], (int, float)):
                return [round(float(v), decimals) for v in obj]
            return [r(v) for v in obj]
        return obj
    return {"type": geom["type"], "coordinates": r(geom["coordinates"])}


def _round_path(d: str) -> str:
    return re.sub(r"(\d+\.\d)\d+", r"\1", d)


def highlight_markup(d: str) -> str:
    """The municipality's own path, outlined black over a white halo, plus a ring around it
    when it is small enough to be missed."""
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = nums[0::2], nums[1::2]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    out = [f'<g class="presskit-highlight">',
           f'<path d="{d}" fill="none" stroke="#ffffff" stroke-width="4.5" stroke-linejoin="round"/>',
           f'<path d="{d}" fill="none" stroke="#000000" stroke-width="2" stroke-linejoin="round"/>']
    size = max(x1 - x0, y1 - y0)
    if size < 24:
        cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, max(12.0, size / 2 + 8)
        out += [f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="none" stroke="#ffffff" stroke-width="5"/>',
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="none" stroke="#000000" stroke-width="2.5"/>']
    out.append("</g>")
    return "".join(out)


def _cell_text(label: str) -> str:
    """A trend cell's text as SVG: one line, or two balanced tspans when it is long (the cell
    is ~150 px wide)."""
    words = label.split()
    if len(label) <= CELL_CHARS or len(words) < 2:
        return esc(label)
    cut = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    first, second = " ".join(words[:cut]), " ".join(words[cut:])
    return (f'<tspan x="0" dy="-0.6em">{esc(first)}</tspan>'
            f'<tspan x="0" dy="1.2em">{esc(second)}</tspan>')


def _ink(fill: str) -> str:
    c = fill.lstrip("#")
    r, g, b = (int(c[i:i + 2], 16) / 255 for i in (0, 2, 4))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#ffffff" if lum < 0.4 else "#111111"


# ---------------------------------------------------------------- the numbers

@dataclass
class Kit:
    """Everything computed once for one edition and language."""
    data: object
    cat: object
    figures: object
    edition: int
    lang: str
    app_url: str
    codes: list
    names: dict = field(default_factory=dict)
    lan: dict = field(default_factory=dict)  # code -> (lan_kod, lan)
    status: dict = field(default_factory=dict)  # code -> all / part / none in the edition
    inds: list = field(default_factory=list)  # asked in the edition
    ranked: dict = field(default_factory=dict)  # indicator id -> ranked edition frame
    rows: dict = field(default_factory=dict)  # code -> [row per indicator]
    trend_inds: list = field(default_factory=list)
    trend_eds: list = field(default_factory=list)
    trend: dict = field(default_factory=dict)  # (code, indicator id, edition) -> answer id
    counts: dict = field(default_factory=dict)  # all / part / none -> municipalities (all 290)
    dist_text: dict = field(default_factory=dict)  # indicator id -> the shares as a sentence

    @property
    def is_sample(self) -> bool:
        return self.data.is_sample

    @property
    def seed(self):
        return (self.data.manifest.get("generator") or {}).get("seed", "?")

    @property
    def sample_label(self) -> str | None:
        from .i18n import t

        return self.data.sample_label(self.lang)

    def source(self, edition) -> str:
        """The same text as the app's source line (barnbaro.ui.frame.source_line)."""
        from .analysis import publisher_key
        from .i18n import t

        publisher = t(publisher_key(int(edition)), self.lang)
        return self._source(edition, publisher)

    def source_range(self) -> str:
        from .analysis import publisher_key
        from .i18n import t

        first, last = min(self.trend_eds), max(self.trend_eds)
        keys = {publisher_key(first), publisher_key(last)}
        publisher = t(keys.pop(), self.lang) if len(keys) == 1 else t("presskit_publisher_range", self.lang)
        return self._source(f"{first}–{last}" if first != last else first, publisher)

    def _source(self, edition, publisher) -> str:
        from .i18n import t

        if self.is_sample and (not self.data.is_mixed or not str(edition).isdigit()
                               or int(edition) in self.data.sample_editions):
            return t("source_line_sample", self.lang, seed=self.seed, edition=edition, publisher=publisher)
        return t("source_line", self.lang, edition=edition, publisher=publisher)


def prepare(data, cat, figures, edition: int, codes: list[str], lang: str, app_url: str) -> Kit:
    from . import analysis as A
    from .i18n import fmt_pct, t

    kit = Kit(data, cat, figures, edition, lang, app_url, codes)
    m = data.municipalities
    kit.names = dict(zip(m["kommun_kod"], m["kommun"]))
    kit.lan = {r.kommun_kod: (r.lan_kod, r.lan) for r in m.itertuples(index=False)}
    p = data.participation[data.participation["edition"] == edition]
    kit.status = {c: "none" for c in kit.names} | dict(zip(p["kommun_kod"], p["status"].astype(str)))
    kit.inds = cat.for_edition(edition)
    kit.trend_eds = [e for e in data.editions if e <= edition]
    kit.trend_inds = [i for i in cat.indicators.values() if any(e in kit.trend_eds for e in i.editions)]
    a = data.answers[data.answers["edition"].isin(kit.trend_eds) & data.answers["answer"].notna()]
    kit.trend = {(r.kommun_kod, r.indicator_id, int(r.edition)): r.answer for r in a.itertuples(index=False)}

    def kn(x):
        s, k, n = x
        return f"{fmt_pct(s, lang)} ({k}/{n})" if n else "–"

    kit.rows = {c: [] for c in codes}
    for ind in kit.inds:
        f = A.ranked_frame(data, ind, edition)
        kit.ranked[ind.id] = f
        riket = A.share_desired(f, ind)
        riket_text = kn(riket)
        by_lan = {lk: A.share_desired(g, ind) for lk, g in f.groupby("lan_kod")}
        lan_text = {lk: kn(v) for lk, v in by_lan.items()}
        prev_eds = [e for e in ind.editions if e < edition and e in data.editions]
        prev_e = max(prev_eds) if prev_eds else None
        wanted = f[f["kommun_kod"].isin(codes)]
        for r in wanted.to_dict("records"):
            c = r["kommun_kod"]
            ans = r["answer"] if isinstance(r["answer"], str) else None
            prev = kit.trend.get((c, ind.id, prev_e)) if prev_e else None
            change = None
            rk = ind.ranked_answers
            if ans in rk and prev in rk:
                dlt = rk.index(ans) - rk.index(prev)
                change = "better" if dlt < 0 else "worse" if dlt > 0 else "same"
            lan_share = by_lan.get(r["lan_kod"], (float("nan"), 0, 0))
            kit.rows[c].append({
                "ind": ind, "answer": ans, "answer_label": ind.answer_label(ans, lang) if ans else t("no_answer", lang),
                "position": A.position_text(r, ind, lang),
                "pos_lo": _int_or_none(r["pos_lo"]), "pos_hi": _int_or_none(r["pos_hi"]),
                "n_ranked": int(r["n_ranked"]),
                "prev_edition": prev_e, "prev_answer": prev,
                "prev_text": (f"{prev_e}: {ind.answer_label(prev, lang)}" if prev
                              else (f"{prev_e}: {t('no_answer', lang).lower()}" if prev_e else "–")),
                "change": change, "change_text": t(f"change_{change}", lang) if change else "–",
                "riket": riket, "riket_text": riket_text, "lan_share": lan_share,
                "lan_text": lan_text.get(r["lan_kod"], "–"),
            })
    return kit


def _int_or_none(v) -> int | None:
    import pandas as pd

    return None if v is None or pd.isna(v) else int(v)


def _status_sentence(kit: Kit, code: str) -> str:
    from .i18n import t

    name, e = kit.names[code], kit.edition
    return {"all": t("presskit_answered_all", kit.lang, kommun=name, edition=e),
            "part": t("profile_partial", kit.lang, kommun=name, edition=e),
            "none": t("profile_not_answered", kit.lang, kommun=name, edition=e)}[kit.status[code]]


def _rank_line(kit: Kit, code: str, row: dict) -> str:
    from .i18n import t

    ind, ans, name = row["ind"], row["answer"], kit.names[code]
    if ans is None:
        return t("presskit_rank_none", kit.lang, kommun=name, edition=kit.edition)
    if ans == ind.dont_know:
        return t("presskit_rank_dont_know", kit.lang, kommun=name, answer=row["answer_label"])
    return t("presskit_rank_answer", kit.lang, kommun=name, answer=row["answer_label"], position=row["position"])


def _cell_kind(ind, answer: str | None, edition: int) -> str:
    if edition not in ind.editions:
        return "not_asked"
    if answer is None:
        return "none"
    if answer == ind.dont_know:
        return "dont_know"
    if answer in ind.desired:
        return "desired"
    return "worst" if answer == ind.ranked_answers[-1] else "middle"


CSV_COLUMNS = ["kommun_kod", "kommun", "lan", "upplaga", "deltagande", "indikator_id", "indikator", "svar_id", "svar",
               "placering", "plats_fran", "plats_till", "antal_rangordnade", "forra_upplagan", "forra_svar_id",
               "forandring", "riket_andel_onskat", "riket_k", "riket_n", "lan_andel_onskat", "lan_k", "lan_n"]


def _csv_rows(kit: Kit, code: str) -> list[list]:
    from .i18n import t

    out = []
    for r in kit.rows[code]:
        rs, rk, rn = r["riket"]
        ls, lk, ln = r["lan_share"]
        out.append([code, kit.names[code], kit.lan[code][1], kit.edition, t(f"presskit_status_{kit.status[code]}", kit.lang),
                    r["ind"].id, r["ind"].title_for(kit.lang), r["answer"] or "", r["answer_label"], r["position"],
                    r["pos_lo"] if r["pos_lo"] is not None else "", r["pos_hi"] if r["pos_hi"] is not None else "",
                    r["n_ranked"], r["prev_edition"] or "", r["prev_answer"] or "", r["change"] or "",
                    "" if rs != rs else round(rs, 1), rk, rn, "" if ls != ls else round(ls, 1), lk, ln])
    return out


def _csv_text(kit: Kit, rows: list[list]) -> str:
    buf = io.StringIO()
    note = f"# {kit.source(kit.edition)}" + (f" {kit.sample_label}" if kit.sample_label else "")
    buf.write(note + "\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    w.writerows(rows)
    return buf.getvalue()


# ---------------------------------------------------------------- links

def _link(kit: Kit, page: str, code: str | None, indikator: str, edition: int) -> str:
    from .share import view_link
    from .urlstate import ViewState

    state = ViewState(lang=kit.lang, kommuner=(code,) if code else (), indikator=indikator, upplaga=edition)
    return view_link(kit.app_url, page, state)


def _latest_asked(ind, edition: int) -> int:
    asked = [e for e in ind.editions if e <= edition]
    return max(asked) if asked else max(ind.editions)


# ---------------------------------------------------------------- HTML

CSS = """
*{box-sizing:border-box}
body{margin:0;color:#111;background:#fff;line-height:1.45;
 font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.9rem;margin:.6rem 0 .3rem}h2{font-size:1.35rem;margin:2.2rem 0 .6rem;border-top:1px solid #ccc;padding-top:1rem}
h3{font-size:1.1rem;margin:1.6rem 0 .4rem}
.sample{background:#fff3cd;border:2px solid #9a6b00;border-radius:4px;padding:.6rem .9rem;margin:.6rem 0}
.status{font-size:1.15rem}.source{color:#333;font-size:.92rem}
.open{display:inline-block;font-weight:600;padding:.35rem .7rem;border:2px solid #0b5394;border-radius:4px;color:#0b5394;text-decoration:none}
.open:hover,.open:focus{background:#0b5394;color:#fff}.open+a{margin-left:1rem}
a{color:#0b5394}
figure{margin:.6rem 0 1.4rem}figure img{max-width:100%;height:auto;display:block;border:1px solid #eee}
figcaption{font-size:.92rem;color:#222;margin-top:.35rem}
table{border-collapse:collapse;width:100%;font-size:.92rem;margin:.4rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}caption{text-align:left;caption-side:top;padding:.2rem 0}
.wide{overflow-x:auto}
footer{margin-top:2.5rem;border-top:1px solid #ccc;padding-top:.8rem;font-size:.9rem;color:#333}
@media print{.open{border:0;padding:0}a{color:#111}}
"""


def _page(kit: Kit, title: str, body: str) -> str:
    from .i18n import t

    doc_title = f"{title} ({kit.data.sample_label(kit.lang, 'short')})" if kit.is_sample else title
    return (f'<!doctype html>\n<html lang="{esc(kit.lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{esc(doc_title)}</title>\n<link rel="icon" href="data:,">\n'
            f'<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n')


def _sample_note(kit: Kit) -> str:
    from .i18n import t

    if not kit.is_sample:
        return ""
    return (f'<p class="sample" role="note"><strong>{esc(kit.data.sample_label(kit.lang, "short"))}.</strong> '
            f'{esc(t("presskit_sample_note", kit.lang, seed=kit.seed))}</p>')


def _img(src: str, alt: str, w: int, h: int) -> str:
    return f'<img src="{esc(src)}" alt="{esc(alt)}" width="{w}" height="{h}">'


def _downloads(kit: Kit, stem: str, png: bool, link: str) -> str:
    from .i18n import t

    parts = [f'<a href="{esc(stem)}.svg" download>{esc(t("download_svg", kit.lang))}</a>']
    if png:
        parts.append(f'<a href="{esc(stem)}.png" download>{esc(t("download_png", kit.lang))}</a>')
    parts.append(f'<a href="{esc(link)}">{esc(t("open_full", kit.lang))}</a>')
    return " · ".join(parts)


def municipality_html(kit: Kit, code: str, charts: dict, png: set) -> str:
    """charts: stem -> (width, height, alt text) of the images written for this municipality."""
    from .i18n import t

    lang, e, name = kit.lang, kit.edition, kit.names[code]
    title = t("presskit_title", lang, kommun=name, edition=e)
    first = kit.inds[0].id if kit.inds else "personalomsattning"
    b = [f'<p><a href="../index.html">{esc(t("presskit_back", lang))}</a></p>', _sample_note(kit),
         f"<h1>{esc(title)}</h1>", f'<p class="status">{esc(_status_sentence(kit, code))}</p>',
         f'<p><a class="open" href="{esc(_link(kit, "kommunprofil", code, first, e))}">{esc(t("open_full", lang))}</a></p>',
         f'<p class="source">{esc(kit.source(e))}</p>']
    answered = kit.status[code] != "none"
    if answered:
        cols = [t(k, lang) for k in ("col_indicator", "col_answer", "col_position", "col_previous", "col_change",
                                       "col_riket", "col_lan_desired")]
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in cols)
        body = "".join(
            f'<tr><th scope="row">{esc(r["ind"].title_for(lang))}</th><td>{esc(r["answer_label"])}</td>'
            f'<td>{esc(r["position"])}</td><td>{esc(r["prev_text"])}</td><td>{esc(r["change_text"])}</td>'
            f'<td>{esc(r["riket_text"])}</td><td>{esc(r["lan_text"])}</td></tr>' for r in kit.rows[code])
        b += [f'<h2>{esc(t("presskit_numbers", lang, edition=e))}</h2>',
              f'<div class="wide"><table><caption class="source">{esc(t("presskit_numbers_caption", lang, lan=kit.lan[code][1]))}</caption>'
              f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>',
              f'<p><a href="siffror.csv" download>{esc(t("presskit_csv_one", lang))}</a></p>',
              f'<h2>{esc(t("presskit_positions", lang, edition=e))}</h2>']
        for r in kit.rows[code]:
            ind = r["ind"]
            stem = f"rangordning-{ind.id}"
            w, h, alt = charts[stem]
            b += [f'<figure id="{esc(ind.id)}"><h3>{esc(ind.title_for(lang))}</h3>', _img(f"{stem}.svg", alt, w, h),
                  f'<figcaption>{esc(_rank_line(kit, code, r))} '
                  f'{_downloads(kit, stem, stem in png, _link(kit, "rangordning", code, ind.id, e))}</figcaption></figure>']
    # trends: the chart and its table
    w, h, alt = charts["utveckling"]
    eds = kit.trend_eds
    head = f'<th scope="col">{esc(t("col_indicator", lang))}</th>' + "".join(f'<th scope="col">{e_}</th>' for e_ in eds) + "<th></th>"
    trows = []
    for ind in kit.trend_inds:
        cells = []
        for e_ in eds:
            a = kit.trend.get((code, ind.id, e_))
            cells.append(ind.answer_label(a, lang) if a else (t("no_answer", lang) if e_ in ind.editions else "–"))
        link = _link(kit, "utveckling", code, ind.id, _latest_asked(ind, e))
        trows.append(f'<tr><th scope="row">{esc(ind.short_for(lang))}</th>' + "".join(f"<td>{esc(c)}</td>" for c in cells)
                     + f'<td><a href="{esc(link)}">{esc(t("open_full", lang))}</a></td></tr>')
    b += [f'<h2>{esc(t("presskit_trend_heading", lang))}</h2>',
          f'<figure>{_img("utveckling.svg", alt, w, h)}<figcaption>{esc(t("presskit_trend_caption", lang))} '
          f'{_downloads(kit, "utveckling", "utveckling" in png, _link(kit, "utveckling", code, first, e))}</figcaption></figure>',
          f'<div class="wide"><table><thead><tr>{head}</tr></thead><tbody>{"".join(trows)}</tbody></table></div>']
    w, h, alt = charts["karta"]
    b += [f'<h2>{esc(t("presskit_map_heading", lang))}</h2>',
          f'<figure>{_img("karta.svg", alt, w, h)}<figcaption>{esc(alt)} '
          f'{_downloads(kit, "karta", "karta" in png, _link(kit, "karta", code, first, e))}</figcaption></figure>']
    b.append(_footer(kit))
    return _page(kit, title, "\n".join(x for x in b if x))


def _footer(kit: Kit) -> str:
    from .i18n import t

    parts = [f'<p class="source">{esc(kit.source(kit.edition))}</p>']
    if kit.is_sample:
        parts.append(f"<p><strong>{esc(kit.sample_label)}</strong></p>")
    parts.append(f"<p>{esc(t('presskit_generated', kit.lang, date=time.strftime('%Y-%m-%d')))}</p>")
    return "<footer>" + "".join(parts) + "</footer>"


def index_html(kit: Kit, folders: dict, csv_name: str) -> str:
    from .i18n import t

    lang, e = kit.lang, kit.edition
    title = t("presskit_index_title", lang, edition=e)
    first = kit.inds[0].id if kit.inds else "personalomsattning"
    n = {s: sum(1 for c in kit.codes if kit.status[c] == s) for s in ("all", "part", "none")}
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in
                   [t("col_kommun", lang), t("col_lan", lang), t("presskit_col_status", lang, edition=e)]
                   + [i.short_for(lang) for i in kit.inds])
    rows = []
    for c in sorted(kit.codes, key=lambda c: kit.names[c].casefold()):
        answered = kit.status[c] != "none"
        answers = "".join(f"<td>{esc(r['answer_label'] if answered else '–')}</td>" for r in kit.rows[c])
        rows.append(f'<tr><th scope="row"><a href="{esc(folders[c])}/index.html">{esc(kit.names[c])}</a></th>'
                    f'<td>{esc(kit.lan[c][1])}</td><td>{esc(t(f"presskit_status_{kit.status[c]}", lang))}</td>{answers}</tr>')
    b = [_sample_note(kit), f"<h1>{esc(title)}</h1>",
         f"<p>{esc(t('presskit_index_intro', lang, n=len(kit.codes), edition=e, all=n['all'], part=n['part'], none=n['none']))}</p>",
         f'<p><a class="open" href="{esc(_link(kit, "oversikt", None, first, e))}">{esc(t("open_full", lang))}</a> '
         f'<a href="{esc(csv_name)}" download>{esc(t("presskit_csv_all", lang))}</a></p>',
         f'<p class="source">{esc(kit.source(e))}</p>',
         f'<div class="wide"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>',
         _footer(kit)]
    return _page(kit, title, "\n".join(x for x in b if x))


# ---------------------------------------------------------------- one municipality

def municipality_charts(kit: Kit, code: str, tpl: dict, mp: MapTemplate) -> dict:
    """stem -> (svg text, alt text) for this municipality."""
    from .i18n import t

    lang, name, e = kit.lang, kit.names[code], kit.edition
    out = {}
    if kit.status[code] != "none":
        for r in kit.rows[code]:
            ind = r["ind"]
            tp = tpl[ind.id]
            texts = {"TITLE": t("presskit_rank_title", lang, kommun=name, indicator=ind.short_for(lang), edition=e),
                     "STATUS": _rank_line(kit, code, r)}
            colours = {}
            for j, a in enumerate(ind.answer_ids):
                mine = a == r["answer"]
                texts[name_key(j)] = name if mine else ""
                colours[f"#01{j:04x}"] = "#000000" if mine else "none"
            dist = kit.dist_text[ind.id]
            alt = f"{texts['TITLE']}. {texts['STATUS']} {dist}"
            out[f"rangordning-{ind.id}"] = (tp.fill(texts, colours), alt, tp.width, tp.height)
    # trend grid
    tp = tpl["__trend__"]
    texts = {"TITLE": t("presskit_trend_title", lang, kommun=name,
                        editions=f"{kit.trend_eds[0]}–{kit.trend_eds[-1]}" if len(kit.trend_eds) > 1 else kit.trend_eds[0]),
             "STATUS": _status_sentence(kit, code)}
    raw, colours = {}, {}
    i = 0
    for ind in kit.trend_inds:
        for e_ in kit.trend_eds:
            a = kit.trend.get((code, ind.id, e_))
            kind = _cell_kind(ind, a, e_)
            label = ind.answer_label(a, lang) if a else ("" if kind == "not_asked" else t("no_answer", lang))
            raw[f"C{i}"] = _cell_text(label)
            colours[f"#01{i:04x}"] = CELL_COLOURS[kind]
            colours[f"#02{i:04x}"] = _ink(CELL_COLOURS[kind])
            i += 1
    out["utveckling"] = (tp.fill(texts, colours, raw), t("presskit_trend_alt", lang, kommun=name), tp.width, tp.height)
    # map
    svg = mp.svg.replace("QQHIGHLIGHTQQ", highlight_markup(mp.paths[code]))
    texts = {"TITLE": t("presskit_map_title", lang, kommun=name, lan=kit.lan[code][1]), "STATUS": _status_sentence(kit, code)}
    svg = TEXT_PH.sub(lambda m: esc(texts.get(m.group(1), "")), svg)
    alt = t("presskit_map_alt", lang, kommun=name, status=_status_sentence(kit, code), edition=e,
            all=kit.counts["all"], part=kit.counts["part"], none=kit.counts["none"])
    out["karta"] = (svg, alt, mp.width, mp.height)
    return out


# ---------------------------------------------------------------- PNG workers

def _png_worker_init():
    import vl_convert as vlc

    vlc.svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                   '<text x="1" y="15" font-family="sans-serif">Åäö</text></svg>')


def png_job(items: list[tuple[str, str, float]]) -> int:
    """Convert SVG texts to PNG files: [(svg, path, scale)]."""
    import vl_convert as vlc

    for svg, path, scale in items:
        Path(path).write_bytes(vlc.svg_to_png(svg, scale=scale))
    return len(items)


class Progress:
    """A plain-text progress bar on stderr (a line per 10 % when stderr is not a terminal)."""

    def __init__(self, total: int, label: str, stream=None):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.t0 = time.perf_counter()
        self.last_decile = -1

    def update(self, n: int = 1) -> None:
        self.done += n
        frac = self.done / self.total if self.total else 1.0
        elapsed = time.perf_counter() - self.t0
        bar = "#" * int(30 * frac)
        line = f"{self.label} [{bar:<30}] {self.done}/{self.total} ({elapsed:.1f} s)"
        if self.tty:
            self.stream.write("\r" + line)
            if self.done >= self.total:
                self.stream.write("\n")
        elif int(frac * 10) != self.last_decile or self.done >= self.total:
            self.last_decile = int(frac * 10)
            self.stream.write(line + "\n")
        self.stream.flush()


# ---------------------------------------------------------------- the whole kit

@dataclass
class Result:
    out: Path
    municipalities: int
    files: int
    seconds: dict  # step -> seconds
    png_mode: str
    jobs: int


def parse_codes(text: str | None, valid) -> list[str]:
    if not text:
        return sorted(valid)
    from .urlstate import split_codes

    good, bad = split_codes(text.strip(), set(valid))
    if bad:
        raise PresskitError(f"okända kommunkoder: {', '.join(bad[:10])}")
    if not good:
        raise PresskitError("inga kommunkoder i --kommun")
    return good


def check_app_url(url: str) -> str:
    from urllib.parse import urlsplit

    from .share import base_url

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise PresskitError(f"--app-url ska vara en adress som https://barnbarometern.example.se, inte {url!r}")
    return base_url(url.strip())


@contextlib.contextmanager
def _neutral_main():
    """Spawned workers re-import the parent's __main__. When the caller's __main__ cannot be
    re-run (a Streamlit script, a notebook, a test runner after Streamlit replaced it), the
    workers would die at start and the pool would replace them forever: start them against an
    empty __main__ instead. They need nothing from it."""
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if saved is not None:
            sys.modules["__main__"] = saved


def build(out: Path, data, cat, figures, edition: int, codes: list[str], lang: str, app_url: str,
          png_mode: str = "some", jobs: int | None = None, progress_stream=None) -> Result:
    """Write the press kit into `out` (created; existing files with the same names are
    replaced). Returns what was written and how long each step took.

    With jobs > 1 the PNGs and templates are made in `spawn` worker processes, so a script that
    calls this must do so under ``if __name__ == "__main__":`` (the command line does)."""
    import multiprocessing as mp_

    t_start = time.perf_counter()
    seconds = {}
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    pool, finished = None, False
    if jobs > 1:  # started first: the workers start while the numbers are computed
        # spawn, not fork: the parent may already run vl-convert's threads
        with _neutral_main():
            pool = mp_.get_context("spawn").Pool(jobs, initializer=_png_worker_init)
    try:
        t0 = time.perf_counter()
        kit = prepare(data, cat, figures, edition, codes, lang, app_url)
        kit.counts = {s: sum(1 for c in kit.names if kit.status[c] == s) for s in ("all", "part", "none")}
        kit.dist_text = {}
        from . import analysis as A
        from .i18n import fmt_pct, t

        for ind in kit.inds:
            dist = A.distribution(kit.ranked[ind.id], ind, lang)
            parts = "; ".join(f"{r.label}: {fmt_pct(r.share, lang)}" for r in dist.itertuples(index=False))
            kit.dist_text[ind.id] = t("presskit_dist_alt", lang, n=int(dist["n"].iloc[0]) if len(dist) else 0, shares=parts)
        seconds["siffror"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        map_s, map_codes = map_spec(kit)
        specs = {"__map__": map_s, "__trend__": trend_spec(kit)}  # the slowest first
        if any(kit.status[c] != "none" for c in codes):
            specs.update({ind.id: ranking_spec(kit, ind) for ind in kit.inds})
        names = list(specs)
        svgs = pool.map(render_spec, [specs[n] for n in names], chunksize=1) if pool else [render_spec(specs[n]) for n in names]
        tpl = {n: as_template(svg) for n, svg in zip(names, svgs) if n != "__map__"}
        mp = map_template(svgs[0], map_codes)
        seconds["mallar"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        folders = {c: f"{c}-{slug(kit.names[c])}" for c in codes}
        bar = Progress(len(codes), "Pressmaterial", progress_stream)
        pending, errors, files = [], [], 0
        all_rows = []
        png_files = 0
        for code in codes:
            folder = out / folders[code]
            folder.mkdir(exist_ok=True)
            made = municipality_charts(kit, code, tpl, mp)
            meta, jobs_here, png = {}, [], set()
            for stem, (svg, alt, w, h) in made.items():
                (folder / f"{stem}.svg").write_text(svg, encoding="utf-8")
                meta[stem] = (w, h, alt)
                want = png_mode == "all" or (png_mode == "some" and not stem.startswith("rangordning-"))
                if want:
                    png.add(stem)
                    jobs_here.append((svg, str(folder / f"{stem}.png"), PNG_SCALE))
            files += len(made) + len(png)
            png_files += len(png)
            rows = _csv_rows(kit, code)
            all_rows += rows
            (folder / "siffror.csv").write_text(_csv_text(kit, rows), encoding="utf-8-sig")
            (folder / "index.html").write_text(municipality_html(kit, code, meta, png), encoding="utf-8")
            files += 2
            if pool is not None and jobs_here:
                pending.append(pool.apply_async(png_job, (jobs_here,), callback=lambda _: bar.update(),
                                                error_callback=errors.append))
            else:
                png_job(jobs_here)
                bar.update()
        seconds["svg_html"] = time.perf_counter() - t0  # while the workers already convert PNGs
        csv_name = f"barnbarometern-{edition}.csv"
        (out / csv_name).write_text(_csv_text(kit, all_rows), encoding="utf-8-sig")
        (out / "index.html").write_text(index_html(kit, folders, csv_name), encoding="utf-8")
        files += 2
        t1 = time.perf_counter()
        for p in pending:
            p.wait()
        if errors:
            raise RuntimeError(f"PNG-konverteringen misslyckades: {errors[0]!r}")
        seconds["png_vantan"] = time.perf_counter() - t1
        seconds["kommuner"] = time.perf_counter() - t0
        finished = True
    finally:
        if pool is not None:
            pool.close() if finished else pool.terminate()
            pool.join()
    seconds["totalt"] = time.perf_counter() - t_start
    return Result(out, len(codes), files, seconds, png_mode, jobs if pool is not None else 1)


# ---------------------------------------------------------------- command line

def add_parser(sub) -> None:
    """The `presskit` subcommand (registered by barnbaro.cli)."""
    import argparse

    from . import paths

    k = sub.add_parser("presskit", help="statiskt pressmaterial per kommun: HTML, SVG, PNG och CSV",
                       description="Skriv en fristående sida per kommun (diagram som SVG och PNG, siffrorna, "
                                   "källan och länkar till samma vy i appen), en indexsida och en CSV.")
    k.add_argument("--out", required=True, help="mapp att skriva till (skapas)")
    k.add_argument("--edition", type=int, default=None, help="upplaga (standard: den senaste)")
    k.add_argument("--kommun", default=None, help="kommunkoder, kommaseparerade (standard: alla 290)")
    k.add_argument("--app-url", default=None,
                   help="appens publika adress, dit länkarna 'Öppna i Barnbarometern' går "
                        "(t.ex. https://barnbarometern.example.se; standard: http://localhost:8501)")
    k.add_argument("--lang", choices=("sv", "en"), default="sv")
    k.add_argument("--allow-sample", action="store_true",
                   help="skriv även av exempeldata (varje sida, bild och CSV märks Exempeldata)")
    k.add_argument("--png", choices=PNG_MODES, default="some",
                   help="some: PNG av utvecklingen och kartan per kommun (standard); all: även av varje "
                        "rangordning (ungefär dubbla tiden); none: bara SVG")
    k.add_argument("--jobs", type=int, default=None, help="processer för PNG (standard: 2 eller antalet kärnor om färre)")
    k.add_argument("--data", default=str(paths.CLEAN_DIR), help=argparse.SUPPRESS)
    k.set_defaults(func=cmd)


def cmd(args) -> int:
    import resource

    from .catalogue import load_catalogue
    from .i18n import t
    from .published import load_figures
    from .validate import DataError, load_clean

    lang = args.lang
    try:
        data = load_clean(Path(args.data))
    except DataError as e:
        print(f"Uppgifterna i {args.data} klarade inte kontrollen ({len(e.problems)} problem):", file=sys.stderr)
        for p in e.problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    if data.is_sample and not args.allow_sample:
        print(t("presskit_refuse_sample", lang), file=sys.stderr)
        return 2
    try:
        app_url = check_app_url(args.app_url) if args.app_url else "http://localhost:8501"
        edition = args.edition if args.edition is not None else max(data.editions)
        if edition not in data.editions:
            raise PresskitError(f"upplagan {edition} finns inte; välj en av {', '.join(map(str, data.editions))}")
        codes = parse_codes(args.kommun, set(data.municipalities["kommun_kod"]))
        if args.jobs is not None and args.jobs < 1:
            raise PresskitError("--jobs ska vara minst 1")
    except PresskitError as e:
        print(f"presskit: {e}", file=sys.stderr)
        return 2
    if not args.app_url:
        print("Obs: länkarna 'Öppna i Barnbarometern' går till http://localhost:8501; "
              "ange appens publika adress med --app-url.", file=sys.stderr)
    if data.is_sample:
        print(f"{data.sample_label(lang)} (--allow-sample)", file=sys.stderr)
    r = build(Path(args.out), data, load_catalogue(), load_figures(), edition, codes, lang, app_url,
              png_mode=args.png, jobs=args.jobs)
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    s = r.seconds
    print(f"Skrev pressmaterial för {r.municipalities} kommuner, upplaga {edition}"
          f"{' (EXEMPELDATA)' if data.is_sample else ''}: {r.files} filer i {r.out}.")
    print(f"Öppna {r.out / 'index.html'}; länkarna går till {app_url}.")
    print(f"Tid: siffror {s['siffror']:.1f} s, diagrammallar {s['mallar']:.1f} s, SVG/HTML/CSV {s['svg_html']:.1f} s, "
          f"PNG därefter {s['png_vantan']:.1f} s; totalt {s['totalt']:.1f} s "
          f"(PNG: {r.png_mode}, {r.jobs} process{'er' if r.jobs > 1 else ''}; CPU-tid {me.ru_utime + me.ru_stime:.1f} s "
          f"här och {kids.ru_utime + kids.ru_stime:.1f} s i PNG-processerna).")
    return 0
