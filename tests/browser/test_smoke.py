"""The app starts, renders its sample-data banner and needs nothing from outside 127.0.0.1
(the page fixtures abort and report any other request)."""

import pytest

from tests.browser.helpers import shoot, wait_for_app


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_app_loads_offline(new_page, viewport):
    page = new_page(viewport)
    page.goto("/")
    wait_for_app(page, "Exempeldata")
    assert page.get_by_text("Exempeldata").first.is_visible()
    assert page.get_by_role("heading", name="Barnbarometern").first.is_visible()
    assert shoot(page, f"smoke-{viewport}").stat().st_size > 0
