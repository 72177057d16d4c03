"""At 375 px: a deep link opens on its chart (the pickers folded behind "Ändra urval" but on
the page, bound to the URL), and no label of a chart is cut off or printed over another, with
the longest municipality and county names."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PICKERS, open_pickers, shoot, wait_for_app, widget_values

PHONE_H = 812
CHART = '[data-testid="stVegaLiteChart"]'
MAP = '[data-testid="stDeckGlJsonChart"] canvas'

# (link, a text only this view shows, the element that must start on the first screen)
DEEP = {
    "rangordning": (
        "/rangordning?kommun=0480,0180&indikator=utvardering_upplevelser&upplaga=2017",
        "Nyköping: en av",
        CHART,
    ),
    "utveckling": ("/utveckling?kommun=0480,1280&indikator=personalomsattning", "Svar per kommun och upplaga", CHART),
    "karta": ("/karta?kommun=0480&indikator=personalomsattning&upplaga=2016", "Nyköping (0480): ", MAP),
    "kommunprofil": (
        "/kommunprofil?kommun=0480&upplaga=2018",
        "Nyköping: kommunprofil 2018",
        CHART,
    ),  # the profile chart
}


def top_of(page, selector) -> float:
    return page.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("name", list(DEEP))
def test_a_deep_link_opens_on_its_chart_with_the_pickers_folded(new_page, name):
    link, marker, first = DEEP[name]
    page = new_page("phone")
    page.goto(link)
    wait_for_app(page, marker)
    heading = page.locator('[data-testid="stMain"] h2').first
    sample = page.get_by_text("Exempeldata.", exact=False).first
    for what, el in (("the title", heading), ("the Exempeldata label", sample)):
        box = el.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE_H, f"{what} is below the first screen: {box}"
    assert top_of(page, first) < PHONE_H * 0.8, f"{first} starts below the first screen"
    # folded, yet the widgets are there with the link's values (they are bound to the URL)
    fold = page.locator(f"{PICKERS} details")
    expect(fold).to_have_count(1)
    assert fold.get_attribute("open") is None
    values = widget_values(page)
    assert values.get("w_kommun", values.get("w_kommun_one")) in (
        ["Nyköping (0480)", "Stockholm (0180)"],
        ["Nyköping (0480)", "Malmö (1280)"],
        ["Nyköping (0480)"],
        "Nyköping (0480)",
    )
    shoot(page, f"{name}-phone-deeplink-fold")
    open_pickers(page)
    expect(page.locator(f"{PICKERS} [data-testid='stWidgetLabel']").first).to_be_visible()


def test_a_bare_link_shows_the_pickers(new_page):
    page = new_page("phone")
    page.goto("/rangordning")
    wait_for_app(page, "Personalomsättning bland socialsekreterare, 2018")
    assert page.locator(f"{PICKERS} details").get_attribute("open") is not None
    expect(page.get_by_text("Kommuner", exact=True).first).to_be_visible()


# Every text of every chart: inside its chart, and not overlapping any other text.
TEXTS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg')].map((svg, i) => {
  const frame = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() &&
      t.getAttribute('opacity') !== '0' && getComputedStyle(t).visibility !== 'hidden')
    .map(t => { const r = t.getBoundingClientRect();
                return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; });
  return {chart: i, frame: {l: frame.left, r: frame.right, t: frame.top, b: frame.bottom},
          screen: window.innerWidth, texts};
})"""


def label_problems(charts: list[dict]) -> list[str]:
    out = []
    for c in charts:
        f = c["frame"]
        if f["r"] > c["screen"] + 0.5:
            out.append(f"chart {c['chart']} is wider than the screen: {f}")
        for x in c["texts"]:
            if x["l"] < f["l"] - 0.5 or x["r"] > f["r"] + 0.5 or x["t"] < f["t"] - 0.5 or x["b"] > f["b"] + 0.5:
                out.append(f"chart {c['chart']}: {x['text']!r} is cut off ({x} outside {f})")
        ts = c["texts"]
        for i in range(len(ts)):
            for j in range(i + 1, len(ts)):
                a, b = ts[i], ts[j]
                w = min(a["r"], b["r"]) - max(a["l"], b["l"])
                h = min(a["b"], b["b"]) - max(a["t"], b["t"])
                if w > 1 and h > 1:
                    out.append(f"chart {c['chart']}: {a['text']!r} and {b['text']!r} overlap ({w:.0f} x {h:.0f} px)")
    return out


LONGEST = "1904,0114,1961,0563,2284,1256,1781,1864"  # the eight longest names, Skinnskatteberg first
LABEL_CASES = {
    # eight long names with the same answer, under one bar
    "rank-same-answer": (
        "/rangordning?kommun=1904,0114,1781,2061,1290,2284,1257,0483"
        "&indikator=andel_forsenade_utredningar&upplaga=2018",
        "Skinnskatteberg: ",
    ),
    # the longest names spread over answers with long labels, with riket's ticks (the county shown)
    "rank-longest-county": (
        f"/rangordning?kommun={LONGEST}&indikator=andel_forsenade_utredningar&upplaga=2018&urval=lan",
        "Skinnskatteberg: ",
    ),
    # a short bar ("Vet ej") carrying eight names, ticks beside small shares
    "rank-short-bar": (
        "/rangordning?kommun=1904,1864,2061,1415,0319,0882,2505,0860"
        "&indikator=utvardering_upplevelser&upplaga=2017&urval=lan",
        "Skinnskatteberg: ",
    ),
    "rank-english": (
        "/rangordning?kommun=0114,0163,0561,0760,2313,0860,0180,2283&indikator=personalomsattning&upplaga=2018&lang=en",
        "Upplands Väsby: ",
    ),
    # end labels that end at the same share: Riket and Västerbottens län (two lines)
    "trend-equal-ends": ("/utveckling?kommun=2401&indikator=halsoundersokning_lvu", "Andel med önskat svar"),
    "trend-three-series": (
        "/utveckling?kommun=1214&indikator=personalomsattning&jamfor=grannar",
        "Andel med önskat svar",
    ),
    "trend-longest": (f"/utveckling?kommun={LONGEST}&indikator=personalomsattning", "Andel med önskat svar"),
}


@pytest.mark.parametrize("case", list(LABEL_CASES))
def test_chart_labels_are_whole_and_apart_on_a_phone(new_page, case):
    link, marker = LABEL_CASES[case]
    page = new_page("phone")
    page.goto(link)
    wait_for_app(page, marker)
    charts = page.evaluate(TEXTS)
    assert charts and all(c["texts"] for c in charts)
    names = {x["text"] for c in charts for x in c["texts"]}
    if case.startswith("rank"):  # every selected municipality is named in the chart
        first = marker.rstrip(": ")
        assert any(first in n for n in names), names
    problems = label_problems(charts)
    if problems:
        shoot(page, f"labels-{case}")
    assert not problems, "\n".join(problems[:12])


def test_the_label_check_catches_a_cut_and_an_overlap():
    """The geometry check itself: a text past the chart's edge, and two texts on top of each other."""
    frame = {"l": 0, "r": 100, "t": 0, "b": 100}
    ok = {"text": "a", "l": 10, "r": 40, "t": 10, "b": 20}
    assert label_problems([{"chart": 0, "frame": frame, "screen": 375, "texts": [ok]}]) == []
    cut = {"text": "Skinnskatteb", "l": 60, "r": 130, "t": 10, "b": 20}
    over = {"text": "b", "l": 30, "r": 50, "t": 12, "b": 22}
    problems = label_problems([{"chart": 0, "frame": frame, "screen": 375, "texts": [ok, cut, over]}])
    assert any("cut off" in p for p in problems) and any("overlap" in p for p in problems)
