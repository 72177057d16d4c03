"""The language switch in the (collapsed) sidebar turns the interface into English and puts
lang=en into the URL; a link with lang=en opens in English at once."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import open_pickers, query, wait_for_app, widget_values

NAV = '[data-testid="stTopNavLink"]'
HEADING = '[data-testid="stMain"] h2'


def test_switch_to_english_and_open_english_link(new_page):
    page = new_page()
    page.goto("/rangordning?kommun=0180&indikator=personalomsattning&upplaga=2018")
    wait_for_app(page, "Stockholm: ")
    expect(page.locator(NAV, has_text="Rangordning")).to_be_visible()
    assert "lang" not in query(page)

    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("radio", name="Svenska")).to_be_checked()
    sidebar.get_by_role("radio", name="English").click()
    wait_for_app(page, "Exempeldata (sample data)")

    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    q = query(page)
    assert q["kommun"] == ["0180"] and q["indikator"] == ["personalomsattning"]  # the view is kept
    for label in ("Overview", "Ranking", "Trends", "Map", "Municipality profile", "About the data"):
        expect(page.locator(NAV, has_text=label)).to_be_visible()
    expect(page.locator(HEADING).first).to_have_text("Staff turnover among social workers, 2018")
    values = widget_values(page)
    assert values["w_indikator"] == "Staff: Staff turnover among social workers"
    assert values["w_lang"] == ["English"]
    open_pickers(page)  # "Change selection": folded, since the link named a view
    assert page.get_by_text("Municipalities", exact=True).first.is_visible()  # widget label
    english_view = page.locator(HEADING).all_inner_texts()

    fresh = new_page()  # the link alone carries the language
    fresh.goto(page.url)
    wait_for_app(fresh, "Exempeldata (sample data)")
    expect(fresh.locator(NAV, has_text="Ranking")).to_be_visible()
    assert fresh.locator(HEADING).all_inner_texts() == english_view
    assert widget_values(fresh)["w_lang"] == ["English"]
