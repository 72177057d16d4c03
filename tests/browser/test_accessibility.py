"""axe-core in the browser: every page opened on a selection, in Swedish and English, in the
normal, projector (lage=present) and embedded (lage=embed) views, with the WCAG 2.0/2.1 A and AA
rules. A serious or critical violation fails the test; moderate and minor ones are listed in
the output and in test-artifacts/axe/<case>.json.

axe-core comes from the axe-playwright-python package (pinned in requirements-dev.txt), which
ships axe-core's own axe.min.js: the test reads that file and runs it in the page, so nothing is
fetched from outside 127.0.0.1 (the page fixture refuses such requests anyway).

No rule is disabled and no element is excluded.
"""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest

from tests.browser.helpers import ARTIFACTS, wait_for_app

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}

# (link with a selection, a text the Swedish view shows, the same in English)
PAGES = {
    "oversikt": ("/?kommun=0180", "Svar per upplaga", "Responses per edition"),
    "rangordning": (
        "/rangordning?kommun=0480,0180&indikator=utvardering_upplevelser&upplaga=2017&urval=lan",
        "Nyköping: ",
        "Nyköping: ",
    ),
    "utveckling": (
        "/utveckling?kommun=0480,1280&indikator=personalomsattning",
        "Malmö svarade inte",
        "Malmö did not answer",
    ),
    "karta": ("/karta?kommun=0480&indikator=personalomsattning&upplaga=2016", "Nyköping (0480): ", "Nyköping (0480): "),
    "kommunprofil": (
        "/kommunprofil?kommun=0480&upplaga=2018",
        "Nyköping: kommunprofil 2018",
        "Nyköping: municipality profile 2018",
    ),
    # a municipality that did not answer that year
    "kommunprofil-svarade-inte": (
        "/kommunprofil?kommun=0580&upplaga=2018",
        "Linköping: kommunprofil 2018",
        "Linköping: municipality profile 2018",
    ),
    "om-data": ("/om-data?kommun=0180", "Frågorna per upplaga", "The questions per edition"),
}
MODES = {"normal": "", "present": "&lage=present", "embed": "&lage=embed&embed=true"}


def run_axe(page) -> list[dict]:
    """axe-core's violations on the whole page, with the viewport as tall as the content, so
    that every element is laid out on screen (the colour-contrast rule skips what is not)."""
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(window.innerHeight,
        ...[...document.querySelectorAll('[data-testid="stMain"]')].map(el => el.scrollHeight))""")
    page.set_viewport_size({"width": size["width"], "height": min(height, 10_000)})
    try:
        page.wait_for_timeout(300)  # let the layout settle at the new height
        page.evaluate(AXE_JS)
        result = page.evaluate(
            """rules => axe.run(document, {
            runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']})""",
            RULES,
        )
    finally:
        page.set_viewport_size(size)
    return result["violations"]


def summary(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']}: {v['id']} ({len(v['nodes'])}x) {v['help']}; e.g. "
        f"{v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')[:200]}"
        for v in violations
    ]


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(new_page, name, lang, mode):
    link, marker_sv, marker_en = PAGES[name]
    page = new_page()
    page.goto(link + ("&lang=en" if lang == "en" else "") + MODES[mode])
    wait_for_app(page, marker_en if lang == "en" else marker_sv)
    # the document says which language it is in (a Swedish page marked English misleads
    # screen readers, and axe cannot tell)
    assert page.evaluate("document.documentElement.lang") == lang
    violations = run_axe(page)
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}-{lang}-{mode}.json").write_text(
        json.dumps(violations, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    failing = [v for v in violations if v["impact"] in FAILING]
    for line in summary([v for v in violations if v["impact"] not in FAILING]):
        print("axe, not failing:", line)
    assert not failing, "\n".join(summary(failing))


def test_no_serious_violations_with_the_folds_open(new_page):
    """Rangordning with "Ändra urval", the table and the share panel unfolded: the pickers,
    the ranked table, the link, the iframe code and the downloads are checked too."""
    page = new_page()
    page.goto(PAGES["rangordning"][0])
    wait_for_app(page, "Nyköping: ")
    # the table's and the share panel's content is made when they are opened (a rerun each)
    for label, shown in (
        ("Ändra urval", "Kommuner"),
        ("Tabell och CSV", "Ladda ner CSV"),
        ("Dela, bädda in och ladda ner", "Källhänvisning"),
    ):
        page.locator("summary", has_text=label).first.click()
        wait_for_app(page, shown)
    violations = run_axe(page)
    failing = [v for v in violations if v["impact"] in FAILING]
    assert not failing, "\n".join(summary(failing))
