"""The app's colours, one palette for the charts, the map, the images and the press kit."""

from __future__ import annotations

from ..core.catalogue import Indicator

# Colour-blind-safe (ColorBrewer RdBu family): best -> worst; "don't know" sand; no answer grey.
THIRD_COLOURS = {"best": "#2166ac", "middle": "#92c5de", "last": "#d6604d", "none": "#bdbdbd"}
ANSWER_PALETTES = {
    1: ["#2166ac"],
    2: ["#2166ac", "#d6604d"],
    3: ["#2166ac", "#92c5de", "#d6604d"],
    4: ["#2166ac", "#92c5de", "#f4a582", "#b2182b"],
}
DONT_KNOW_COLOUR = "#dfc27d"
NO_ANSWER_COLOUR = "#bdbdbd"
NOT_ASKED_COLOUR = "#f0f0f0"  # an edition that did not ask the question
# participation in an edition: answered every question / part of them / none
STATUS_COLOURS = {"all": "#4393c3", "part": "#a6cee3", "none": NO_ANSWER_COLOUR}


def hex_rgb(colour: str) -> list[int]:
    c = colour.lstrip("#")
    return [int(c[i : i + 2], 16) for i in (0, 2, 4)]


def answer_colours(ind: Indicator) -> dict[str, str]:
    ranked = ind.ranked_answers
    pal = ANSWER_PALETTES[min(len(ranked), 4)]
    out = {a: pal[min(i, len(pal) - 1)] for i, a in enumerate(ranked)}
    if ind.dont_know:
        out[ind.dont_know] = DONT_KNOW_COLOUR
    return out
