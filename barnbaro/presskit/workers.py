"""The worker processes' functions: one vl-convert render of a chart spec, and SVG to PNG.

They run in `spawn` processes, which import this module (and the package's __init__) and
nothing else of the press kit: vl-convert only, no pandas, Altair or Jinja2, so a worker is
ready in a fraction of a second."""

from __future__ import annotations

from pathlib import Path

import vl_convert as vlc


def init() -> None:
    """Load vl-convert's fonts once per worker, before the first real job."""
    vlc.svg_to_png(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<text x="1" y="15" font-family="sans-serif">Åäö</text></svg>'
    )


def render_spec(spec: dict) -> str:
    """One Vega-Lite spec rendered as SVG."""
    return vlc.vegalite_to_svg(spec)


def png_job(items: list[tuple[str, str, float]]) -> int:
    """Convert SVG texts to PNG files: [(svg, path, scale)]."""
    for svg, path, scale in items:
        Path(path).write_bytes(vlc.svg_to_png(svg, scale=scale))
    return len(items)
