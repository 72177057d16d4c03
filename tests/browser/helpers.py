"""Helpers for browser tests: wait for the app to settle, save screenshots."""
from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SERVER_LOG = ARTIFACTS / "streamlit-server.log"  # the app server's stdout and stderr

APP = '[data-testid="stApp"]'
IDLE = f'{APP}[data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
CHARTS_DRAWN = """() => {
  const drawn = (sel, inner) => [...document.querySelectorAll(sel)]
    .every(el => el.querySelector(inner));
  // lazily loaded elements (charts, maps) show a skeleton until their code has loaded
  return !document.querySelector('[data-testid="stSkeleton"]')
      && drawn('[data-testid="stVegaLiteChart"]', 'canvas, svg')
      && drawn('[data-testid="stDeckGlJsonChart"]', 'canvas');
}"""


def wait_for_app(page, text=None, timeout=30_000):
    """Wait until the app has finished a run: `text` (if given) is visible, the script is
    not running, the websocket is connected, no element is still loading (stSkeleton), and
    every Vega-Lite chart and pydeck map on the page has its canvas.

    After a click or other input ALWAYS pass a `text` that only the new state shows: for
    50-200 ms after an input the app still reports the old run as finished."""
    if text is not None:
        page.get_by_text(text).first.wait_for(state="visible", timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout)
    if page.locator('[data-testid="stException"]').count():  # details are only in the log
        pytest.fail(f"the app shows an exception. Last lines of {SERVER_LOG}:\n{log_tail()}",
                    pytrace=False)


def log_tail(lines: int = 40) -> str:
    text = SERVER_LOG.read_text(errors="replace") if SERVER_LOG.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def shoot(page, name, locator=None):
    """Save a PNG to test-artifacts/screenshots/{name}.png and return its path: of `locator`
    if given, else of the whole app. Streamlit scrolls inside its own container, so for the
    whole app the viewport is stretched to the content's height for the shot."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if locator is not None:
        locator.screenshot(path=path)
        return path
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(window.innerHeight,
        ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
           .map(el => el.scrollHeight))""")
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height, 10_000)})
        page.wait_for_timeout(300)  # let the layout settle
    page.screenshot(path=path)
    if height > size["height"]:
        page.set_viewport_size(size)
    return path
