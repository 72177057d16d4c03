"""The start page's search opens a municipality's profile; the profile of a municipality that
answered and of one that did not (Linköping, 2018) in both languages, at desktop and phone
width, with the tab title naming the view. Screenshots: test-artifacts/screenshots/start-*,
profil-*."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import query, shoot, wait_for_app, widget

MAIN = '[data-testid="stMain"]'


def test_search_on_the_start_page_opens_the_profile(new_page):
    page = new_page()
    page.goto("/")
    wait_for_app(page, "Hur ser det ut i din kommun?")
    expect(page).to_have_title("Översikt – Barnbarometern")
    box = widget(page, "w_start_search")
    box.click()
    box.press_sequentially("Linkö")
    page.get_by_role("option", name="Linköping (0580)", exact=True).click()  # the page changes at once
    wait_for_app(page, "Linköping: kommunprofil 2017")  # the latest edition Linköping answered
    assert page.url.split("?")[0].endswith("/kommunprofil")
    assert query(page)["kommun"] == ["0580"] and query(page)["upplaga"] == ["2017"]
    expect(page).to_have_title("Linköping: kommunprofil 2017 – Barnbarometern")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_start_page(new_page, lang, size):
    page = new_page(size)
    page.goto("/" + ("?lang=en" if lang == "en" else ""))
    wait_for_app(page, {"sv": "Riket över tid", "en": "Sweden over time"}[lang])
    expect(page).to_have_title({"sv": "Översikt", "en": "Overview"}[lang] + " – Barnbarometern")
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(9)
    assert shoot(page, f"start-{lang}-{size}").stat().st_size > 20_000
    _no_sideways_scroll(page)


PROFILES = {
    ("0484", "sv"): ("Eskilstuna: kommunprofil 2018", "I korthet"),
    ("0484", "en"): ("Eskilstuna: municipality profile 2018", "In brief"),
    ("0580", "sv"): ("Linköping: kommunprofil 2018", "Jämförelsegruppen 2018"),
    ("0580", "en"): ("Linköping: municipality profile 2018", "The peer group in 2018"),
}


@pytest.mark.parametrize("code, lang", list(PROFILES))
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_profile(new_page, code, lang, size):
    heading, section = PROFILES[(code, lang)]
    page = new_page(size)
    page.goto(f"/kommunprofil?kommun={code}&upplaga=2018" + ("&lang=en" if lang == "en" else ""))
    wait_for_app(page, heading)
    expect(page).to_have_title(f"{heading} – Barnbarometern")
    expect(page.locator(f"{MAIN} h2").first).to_have_text(heading)
    expect(page.get_by_text(section, exact=True)).to_be_visible()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    box = chart.bounding_box()
    assert box["height"] > 400 and box["width"] > 300, box  # a row per question, readable on a phone
    if code == "0580":  # did not answer 2018: a link to its latest edition
        link = page.get_by_role(
            "link",
            name={"sv": "Visa profilen för Linköping 2017", "en": "Show the profile of Linköping for 2017"}[lang],
        )
        expect(link).to_be_visible()
        assert "upplaga=2017" in link.get_attribute("href") and "kommun=0580" in link.get_attribute("href")
    assert shoot(page, f"profil-{code}-{lang}-{size}").stat().st_size > 20_000
    _no_sideways_scroll(page)


def _no_sideways_scroll(page):
    overflow = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(document.documentElement.scrollWidth, main.scrollWidth) - window.innerWidth; }""")
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
