"""Phone-width screenshots of every page, opened by the deep links of test_deeplinks.py (which
saves the desktop ones): test-artifacts/screenshots/<page>-phone.png. Each page must also
render without horizontal scrolling of the page itself."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import shoot, wait_for_app
from tests.browser.test_deeplinks import LINKS


@pytest.mark.parametrize("name", list(LINKS))
def test_phone_screenshot(new_page, name):
    link, marker, heading, _ = LINKS[name]
    page = new_page("phone")
    page.goto(link)
    wait_for_app(page, marker)
    assert page.get_by_text(heading).first.is_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    path = shoot(page, f"{name}-phone")
    assert path.stat().st_size > 10_000
    overflow = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(document.documentElement.scrollWidth, main.scrollWidth) - window.innerWidth; }""")
    assert overflow <= 0, f"the page is {overflow} px wider than the phone screen"
