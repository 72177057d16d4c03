"""The embedded view inside an iframe on a local page, and projector mode stepping through a
prepared sequence of views (a real browser: iframes and page switches are the browser's)."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import expect

from tests.browser.helpers import shoot, wait_for_app

EMBED = "/rangordning?kommun=0180&indikator=utvardering_upplevelser&upplaga=2018&lage=embed&embed=true"


def test_embed_snippet_renders_chart_source_and_link_in_a_640x480_iframe(new_page, app_server):
    page = new_page((900, 700))
    # a local test page, like a news site's article, holding the snippet the share panel gives
    page.set_content(
        '<!doctype html><meta charset="utf-8"><title>Artikel</title><h1>Nyhet</h1>'
        f'<iframe src="{app_server}{EMBED}" width="640" height="480" title="Barnbarometern" '
        'style="border:0"></iframe>'
    )
    frame = page.frame_locator("iframe")
    expect(frame.get_by_text("Öppna i Barnbarometern")).to_be_visible(timeout=60_000)
    expect(frame.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
    expect(
        frame.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first
    ).to_be_visible()
    expect(frame.get_by_text("EXEMPELDATA: syntetiska svar", exact=False)).to_be_visible()
    expect(frame.get_by_text("Systematisk utvärdering av barnens egna upplevelser av insatser, 2018")).to_be_visible()
    assert frame.locator("[data-testid=stMultiSelect], [data-testid=stSelectbox]").count() == 0
    # the source line is there (scrolled into view inside the frame)
    src = frame.get_by_text(re.compile(r"^Exempeldata \(syntetiska svar"))
    src.scroll_into_view_if_needed()
    expect(src).to_be_visible()
    link = frame.get_by_role("link", name=re.compile("Öppna i Barnbarometern"))
    href = link.get_attribute("href")
    assert "/rangordning?" in href and "kommun=0180" in href and "lage=" not in href
    shoot(page, "embed-iframe-640x480", page.locator("iframe"))


def test_projector_mode_steps_through_the_prepared_views(new_page):
    page = new_page((1920, 1080))
    slides = [
        "rangordning?indikator=barnkonventionen&upplaga=2017&kommun=0180",
        "karta?indikator=utvardering_upplevelser&upplaga=2018&kommun=2584",
        "utveckling?indikator=personalomsattning&upplaga=2018&kommun=0180",
    ]
    q = "&".join(f"bilder={quote(s, safe='')}" for s in slides)
    page.goto(f"/rangordning?indikator=barnkonventionen&upplaga=2017&kommun=0180&lage=present&bild=1&{q}")
    wait_for_app(page, "Vy 1 av 3")
    expect(page.get_by_role("heading", name=re.compile("barnkonventionen som lag, 2017"))).to_be_visible()
    assert page.locator("[data-testid=stMultiSelect]").count() == 0
    shoot(page, "present-1920x1080")
    page.get_by_role("button", name="Nästa ▶").click()
    wait_for_app(page, "Vy 2 av 3")
    assert "/karta" in page.url and "bild=2" in page.url and "kommun=2584" in page.url
    expect(page.get_by_role("heading", name=re.compile("egna upplevelser av insatser, 2018: karta"))).to_be_visible()
    page.get_by_role("button", name="Nästa ▶").click()
    wait_for_app(page, "Vy 3 av 3")
    assert "/utveckling" in page.url
    assert page.get_by_role("button", name="Nästa ▶").count() == 0
    page.get_by_role("button", name="◀ Föregående").click()
    wait_for_app(page, "Vy 2 av 3")
    assert "/karta" in page.url
