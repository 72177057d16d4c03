"""Changing the view through the real widgets rewrites the URL, and moving between pages with
the top navigation keeps the selection."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import choose, query, wait_for_app, widget_values

HEADING = '[data-testid="stMain"] h2'
KONVENTIONEN = "Barnkonventionen: Arbete med barnkonventionen som lag"


def nav(page, label):
    """Click a link of the top navigation by its visible label."""
    page.locator('[data-testid="stTopNavLink"]', has_text=label).click()


def test_indicator_and_edition_widgets_rewrite_the_url(page):
    page.goto("/rangordning?kommun=0180&indikator=personalomsattning&upplaga=2016")
    wait_for_app(page, "Personalomsättning bland socialsekreterare, 2016")

    # barnkonventionen was not asked in 2016: the edition moves to the newest it was asked in
    choose(page, "w_indikator", KONVENTIONEN)
    wait_for_app(page, "Arbete med barnkonventionen som lag, 2018")
    expect(page).to_have_url(re.compile(r"[?&]indikator=barnkonventionen(&|$)"))
    expect(page.locator(HEADING).first).to_have_text("Arbete med barnkonventionen som lag, 2018")
    q = query(page)
    assert q["indikator"] == ["barnkonventionen"] and q["upplaga"] == ["2018"] and q["kommun"] == ["0180"]
    assert widget_values(page)["w_indikator"] == KONVENTIONEN

    choose(page, "w_upplaga", "2017")
    wait_for_app(page, "Arbete med barnkonventionen som lag, 2017")
    expect(page).to_have_url(re.compile(r"[?&]upplaga=2017(&|$)"))
    expect(page.locator(HEADING).first).to_have_text("Arbete med barnkonventionen som lag, 2017")
    q = query(page)
    assert q["indikator"] == ["barnkonventionen"] and q["kommun"] == ["0180"]
    assert widget_values(page)["w_upplaga"] == "2017"


def test_profile_edition_widget_rewrites_the_url(page):
    page.goto("/kommunprofil?kommun=0180&upplaga=2018")
    wait_for_app(page, "Stockholm: kommunprofil 2018")
    choose(page, "w_upplaga_any", "2015")
    wait_for_app(page, "Stockholm: kommunprofil 2015")
    expect(page).to_have_url(re.compile(r"[?&]upplaga=2015(&|$)"))
    assert query(page)["kommun"] == ["0180"]
    assert widget_values(page)["w_upplaga_any"] == "2015"


def test_navigation_keeps_the_selection(page):
    page.goto("/rangordning")
    wait_for_app(page, "Personalomsättning bland socialsekreterare, 2018")
    choose(page, "w_kommun", "Kiruna (2584)", search="Kiru")
    wait_for_app(page, "Kiruna: ")
    choose(page, "w_indikator", KONVENTIONEN)
    wait_for_app(page, "Arbete med barnkonventionen som lag, 2018")
    expect(page).to_have_url(re.compile(r"[?&]kommun=2584(&|$)"))

    nav(page, "Kommunprofil")
    page.locator(".st-key-w_kommun_one").wait_for(
        state="attached"
    )  # folded in "Ändra urval" or not  # the profile page runs (with or without a choice)
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/kommunprofil\?"))
    expect(page.locator(HEADING).first).to_have_text("Kiruna: kommunprofil 2018")
    assert widget_values(page)["w_kommun_one"] == "Kiruna (2584)"
    assert query(page).get("kommun") == ["2584"]

    nav(page, "Karta")  # the indicator comes along too
    page.locator('[data-testid="stDeckGlJsonChart"]').wait_for()
    wait_for_app(page)
    expect(page.locator(HEADING).first).to_have_text("Arbete med barnkonventionen som lag, 2018: karta")
    expect(page).to_have_url(re.compile(r"/karta\?"))
    assert page.get_by_text("Kiruna (2584): ").is_visible()
    q = query(page)
    assert q.get("kommun") == ["2584"] and q.get("indikator") == ["barnkonventionen"]
