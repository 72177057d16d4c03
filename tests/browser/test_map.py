"""Karta: hovering a municipality names it in a text tooltip, clicking it selects it (URL and
page), the selection survives a move to Kommunprofil, and the map loads nothing from outside
127.0.0.1 (no basemap tiles, styles or fonts).

The pixel of a municipality comes from its label point (barnbaro.explore.geo.label_points) through
Web Mercator with the deck's view (barnbaro.explore.mapview.view_for: all of Sweden, or the selected
municipality's county); deck.gl uses 512-px tiles.
"""

import math
import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from barnbaro.explore.geo import county_bounds, label_points
from barnbaro.explore.mapview import VIEW, view_for
from tests.browser.helpers import query, wait_for_app, widget_values

MAP = '[data-testid="stDeckGlJsonChart"]'
LINK = "/karta?indikator=personalomsattning&upplaga=2018"
VIEWPORT = (1280, 900)


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def map_pixel(width: float, height: float, lon: float, lat: float, view: dict = VIEW) -> tuple[float, float]:
    """Where (lon, lat) is drawn on a deck canvas of this size at `view` (default: all Sweden)."""
    scale = 512 * 2 ** view["zoom"] / (2 * math.pi)
    x = scale * (math.radians(lon) - math.radians(view["longitude"])) + width / 2
    y = height / 2 - scale * (_merc_y(lat) - _merc_y(view["latitude"]))
    return x, y


def test_map_pixel_math():
    """The projection itself: the view's centre is the canvas centre, north is up, east right."""
    assert map_pixel(800, 600, VIEW["longitude"], VIEW["latitude"]) == pytest.approx((400, 300))
    x, y = map_pixel(800, 600, VIEW["longitude"] + 1, VIEW["latitude"] + 1)
    assert x > 400 and y < 300


def point_of(page, code: str, selected: tuple[str, ...] = ()) -> tuple[float, float]:
    """The page coordinates of municipality `code` on the map, with the map scrolled into view,
    while `selected` are the selected municipalities (their first one's county is shown)."""
    canvas = page.locator(f"{MAP} canvas").first
    # the canvas starts small and takes the map's full height once the deck has sized it
    page.wait_for_function(
        "sel => { const c = document.querySelector(sel); return c && c.getBoundingClientRect().height > 500; }",
        arg=f"{MAP} canvas",
        timeout=30_000,
    )
    canvas.evaluate("c => c.scrollIntoView({block: 'center'})")  # not the wheel: that zooms the map
    box = canvas.bounding_box()
    x, y = map_pixel(box["width"], box["height"], *label_points()[code], view=view_for(selected, county_bounds()))
    assert 0 < x < box["width"] and 0 < y < box["height"], f"{code} is off the map: {(x, y)}"
    px, py = box["x"] + x, box["y"] + y
    assert 0 < py < page.viewport_size["height"], "the municipality is outside the viewport"
    return px, py


def hover(page, code: str, name: str, selected: tuple[str, ...] = ()) -> tuple[float, float]:
    """Point at a municipality and check the tooltip names it, as plain text."""
    tip = page.locator(".deck-tooltip")
    # Software WebGL can take seconds to draw the map and to pick the object under the pointer,
    # and the canvas may still settle: measure again and point again (a few pixels around the
    # computed point) until the tooltip names the municipality.
    offsets = [(0, 0), (3, 0), (-3, 0), (0, 3), (0, -3), (5, 5), (-5, -5), (0, 0)]
    for i, (dx, dy) in enumerate(offsets):
        x, y = point_of(page, code, selected)
        x, y = x + dx, y + dy
        page.mouse.move(x - 4, y - 4)
        page.mouse.move(x, y)
        try:
            expect(tip).to_contain_text(name, timeout=8_000)
            break
        except AssertionError:
            if i == len(offsets) - 1:
                raise
    expect(tip).to_be_visible()
    assert tip.inner_text().splitlines()[0] == name
    tags = tip.evaluate("e => [...e.querySelectorAll('*')].map(c => c.tagName)")
    assert set(tags) <= {"BR"}, f"the tooltip should hold text only (line breaks aside): {tags}"
    return x, y


def click(page, x: float, y: float) -> None:
    """A real mouse click on the map.

    deck.gl (its tap recogniser) takes a press as a click only if pointerup comes less than
    250 ms after pointerdown by Date.now(). It picks the object under the pointer while
    handling pointerdown, which with software WebGL (this headless Chromium has no GPU) takes
    300-1500 ms, so no click would ever be recognised. The page's clock (installed before
    loading) stands still for the press; the events themselves are real mouse input."""
    now = datetime.fromtimestamp(page.evaluate("Date.now()") / 1000)
    page.clock.pause_at(now + timedelta(seconds=1))
    try:
        page.mouse.click(x, y)
    finally:
        page.clock.resume()


def click_until(page, x: float, y: float, shown: str, attempts: int = 3) -> None:
    """Click, and click again if the app has not shown `shown` (a press that deck.gl, busy
    picking with software WebGL, did not take as a click); at most `attempts` real clicks."""
    for i in range(attempts):
        click(page, x, y)
        try:
            page.get_by_text(shown).first.wait_for(timeout=15_000)
            break
        except Exception:
            if i == attempts - 1:
                raise
    wait_for_app(page, shown)


def open_map(new_page, link=LINK, on_request=None):
    page = new_page(VIEWPORT)
    if on_request:
        page.on("request", lambda r: on_request(r.url))
    page.clock.install()  # see click()
    page.goto(link)
    wait_for_app(page, "Förklaring")
    return page


def outside(urls):
    return [u for u in urls if not re.match(r"(https?|wss?)://127\.0\.0\.1[:/]", u) and not u.startswith("data:")]


def test_hover_and_click_select_a_municipality(new_page):
    """Jokkmokk, then Kiruna (the two largest), by real clicks on their computed pixels; then the
    profile. Along the way, every request is checked to stay on 127.0.0.1 (no basemap)."""
    requests = []
    page = open_map(new_page, on_request=requests.append)
    assert "kommun" not in query(page)
    assert page.locator(f"{MAP} canvas").count() == 1  # the deck only: no basemap canvas
    assert page.locator(".maplibregl-map, .mapboxgl-map").count() == 0

    x, y = hover(page, "2510", "Jokkmokk")
    click_until(page, x, y, "Jokkmokk (2510): ")
    expect(page).to_have_url(re.compile(r"[?&]kommun=2510(&|$)"))

    # a second municipality becomes the focus; the first stays selected after it
    x, y = hover(page, "2584", "Kiruna", selected=("2510",))  # the map now shows Norrbotten
    click_until(page, x, y, "Kiruna (2584): ")
    expect(page).to_have_url(re.compile(r"[?&]kommun=2584%2C2510(&|$)|[?&]kommun=2584,2510(&|$)"))
    assert query(page)["kommun"] == ["2584,2510"]
    assert widget_values(page)["w_kommun"] == ["Kiruna (2584)", "Jokkmokk (2510)"]
    page.wait_for_load_state("networkidle")
    assert requests and not outside(requests), outside(requests)

    page.locator('[data-testid="stTopNavLink"]', has_text="Kommunprofil").click()
    page.locator(".st-key-w_kommun_one").wait_for(state="attached")  # folded in "Ändra urval" or not
    wait_for_app(page)
    expect(page.locator('[data-testid="stMain"] h2').first).to_have_text("Kiruna: kommunprofil 2018")
    assert query(page).get("kommun", [""])[0].startswith("2584")


def test_a_selection_zooms_to_its_county_and_clearing_it_zooms_out(new_page):
    """A link with Nyköping opens the map on Södermanland (Nyköping outlined): Nyköping and its
    small neighbour Oxelösund, a few pixels wide at the national view, are hit where the county
    view puts them. Clearing the selection in "Ändra urval" brings all of Sweden back."""
    from tests.browser.helpers import SCREENSHOTS, open_pickers, shoot, widget

    page = open_map(new_page, "/karta?kommun=0480&indikator=personalomsattning&upplaga=2016")
    wait_for_app(page, "Nyköping (0480): ")
    lo, hi = view_for(("0480",), county_bounds()), VIEW
    assert lo["zoom"] > hi["zoom"] + 2  # the county view is much closer than the national one
    hover(page, "0480", "Nyköping", selected=("0480",))
    hover(page, "0481", "Oxelösund", selected=("0480",))
    shoot(page, "karta-zoomed-nykoping", page.locator(MAP))
    assert (SCREENSHOTS / "karta-zoomed-nykoping.png").stat().st_size > 10_000

    open_pickers(page)
    box = widget(page, "w_kommun")
    box.click()
    page.keyboard.press("Backspace")  # removes the multiselect's last (only) municipality
    page.keyboard.press("Escape")
    expect(page.get_by_text("Valda kommuner")).to_have_count(0, timeout=30_000)  # no selection listed
    wait_for_app(page)
    expect(page).not_to_have_url(re.compile(r"[?&]kommun="))
    hover(page, "2584", "Kiruna")  # at the national view again
