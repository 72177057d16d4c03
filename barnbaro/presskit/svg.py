"""SVG templates: a chart rendered once with placeholders, filled per municipality.

- text placeholders ``QQ<name>QQ``: titles, the status line, the name beside the bar of its
  answer, the cells of the trend grid;
- colour placeholders ``#01xxxx`` / ``#02xxxx``, unique per item: the outline of the bar of its
  answer, the fill and text colour of each cell of the trend grid;
- on the map every municipality's path is drawn with a unique stroke colour ``#03xxxx`` in the
  template, so its path is found by colour (Vega's SVG has no ids); the highlight is a copy of
  that very path appended on top in the same group, so it is in the SVG's own coordinates.

Text is escaped when it is filled in (markupsafe.escape: element content and quoted
attributes alike). Only markup this module makes itself (the cell's tspans, the highlight) is
a ``Markup`` and goes in as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

TEXT_PH = re.compile(r"QQ([A-Za-z0-9_]+)QQ")
COLOUR_PH = re.compile(r"#0[12][0-9a-f]{4}")
MAP_PH = re.compile(r"#03[0-9a-f]{4}")
CELL_CHARS = 20  # characters per line in a trend-grid cell (150 px at 12 px)


def fill_text(svg: str, texts: dict[str, str | Markup]) -> str:
    """Every QQnameQQ replaced by its text, escaped (a Markup as it is); unknown names by ''."""
    return TEXT_PH.sub(lambda m: str(escape(texts.get(m.group(1), ""))), svg)


@dataclass
class Template:
    """An SVG with text placeholders QQnameQQ and colour placeholders #01xxxx/#02xxxx."""

    svg: str
    width: int
    height: int

    def fill(self, texts: dict[str, str | Markup], colours: dict[str, str] | None = None) -> str:
        """Texts escaped (Markup kept); colour placeholders replaced, those not given by none."""
        out = fill_text(self.svg, texts)
        return COLOUR_PH.sub(lambda m: colours.get(m.group(0), "none"), out) if colours else out


@dataclass
class MapTemplate:
    svg: str  # with QQTITLEQQ / QQSTATUSQQ and QQHIGHLIGHTQQ where the highlight goes
    width: int
    height: int
    paths: dict  # kommun_kod -> the d of its path (SVG coordinates of the group)

    def fill(self, code: str, texts: dict[str, str]) -> str:
        return fill_text(self.svg, {**texts, "HIGHLIGHT": highlight_markup(self.paths[code])})


def svg_size(svg: str) -> tuple[int, int]:
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    return (round(float(m.group(1))), round(float(m.group(2)))) if m else (0, 0)


def as_template(svg: str) -> Template:
    w, h = svg_size(svg)
    return Template(svg, w, h)


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
    svg = svg[:first] + '<g shape-rendering="crispEdges"' + svg[first + 2 :]
    # the highlight goes after the last shape layer, as a sibling: same coordinates, drawn on top
    last = svg.rfind('class="mark-shape role-mark')
    end = svg.find("</g>", last) + len("</g>")
    svg = svg[:end] + "QQHIGHLIGHTQQ" + svg[end:]
    return MapTemplate(svg, w, h, paths)


def _round_path(d: str) -> str:
    return re.sub(r"(\d+\.\d)\d+", r"\1", d)


def highlight_markup(d: str) -> Markup:
    """The municipality's own path (from the rendered template: numbers and path commands
    only), outlined black over a white halo, plus a ring around it when it is small enough to
    be missed."""
    if not re.fullmatch(r"[MLHVCSQTAZmlhvcsqtazeE0-9.,\s+-]*", d):
        raise ValueError("a path's d holds more than path data")
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = nums[0::2], nums[1::2]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    out = [
        '<g class="presskit-highlight">',
        f'<path d="{d}" fill="none" stroke="#ffffff" stroke-width="4.5" stroke-linejoin="round"/>',
        f'<path d="{d}" fill="none" stroke="#000000" stroke-width="2" stroke-linejoin="round"/>',
    ]
    size = max(x1 - x0, y1 - y0)
    if size < 24:
        cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, max(12.0, size / 2 + 8)
        out += [
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="none" stroke="#ffffff" stroke-width="5"/>',
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="none" stroke="#000000" stroke-width="2.5"/>',
        ]
    out.append("</g>")
    return Markup("".join(out))


def cell_text(label: str) -> Markup:
    """A trend cell's text as SVG: one line, or two balanced tspans when it is long (the cell
    is ~150 px wide). The label is escaped."""
    words = label.split()
    if len(label) <= CELL_CHARS or len(words) < 2:
        return escape(label)
    cut = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    first, second = " ".join(words[:cut]), " ".join(words[cut:])
    return Markup('<tspan x="0" dy="-0.6em">{}</tspan><tspan x="0" dy="1.2em">{}</tspan>').format(first, second)


def ink(fill: str) -> str:
    """Text colour for a cell: white on dark fills, near-black on light ones."""
    c = fill.lstrip("#")
    r, g, b = (int(c[i : i + 2], 16) / 255 for i in (0, 2, 4))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#ffffff" if lum < 0.4 else "#111111"
