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
        pytest.fail(f"the app shows an exception. Last lines of {SERVER_LOG}:\n{log_tail()}", pytrace=False)


def log_tail(path=None, lines: int = 40) -> str:
    """The last lines of a server's log (the main app server's by default)."""
    path = path or SERVER_LOG
    text = path.read_text(errors="replace") if path.exists() else ""
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


# --- reading and driving the app's widgets ------------------------------------------------
# Widgets are found by their key: Streamlit gives a keyed widget's container the class
# st-key-<key> (w_kommun, w_indikator, w_upplaga, ...).

WIDGET_VALUES = """() => Object.fromEntries(
  [...document.querySelectorAll('[class*="st-key-w_"]')].map(el => {
    const key = [...el.classList].find(c => c.startsWith('st-key-w_')).slice('st-key-'.length);
    let value = null;
    if (el.querySelector('[data-testid="stMultiSelect"]')) {
      value = [...el.querySelectorAll('[data-testid="stMultiSelectTagsContainer"] [data-tag]')]
        .map(t => t.getAttribute('aria-label'));
    } else if (el.querySelector('[role="radiogroup"]')) {
      value = [...el.querySelectorAll('[role="radio"][aria-checked="true"]')].map(r => r.innerText.trim());
    } else if (el.querySelector('input[role="combobox"]')) {
      value = el.querySelector('input[role="combobox"]').value;
    }
    return [key, value];
  }))"""


def widget(page, key):
    """The text box (combobox) of the selectbox or multiselect with this widget key."""
    return page.locator(f".st-key-{key}").get_by_role("combobox")


def widget_values(page) -> dict:
    """{widget key: shown value}: the label of a selectbox, the tag labels of a multiselect,
    the chosen labels of a segmented control."""
    return page.evaluate(WIDGET_VALUES)


PICKERS = ".st-key-x_pickers"  # "Ändra urval": the pickers, folded when a link names a view


def open_pickers(page):
    """Unfold "Ändra urval" if it is folded (a deep link opens with it folded). Its widgets are
    on the page either way; only a click needs them visible."""
    fold = page.locator(f"{PICKERS} details")
    if fold.count() and fold.get_attribute("open") is None:
        fold.locator("summary").click()
        page.locator(f"{PICKERS} details[open]").wait_for()


def choose(page, key, label, search=None):
    """Open the selectbox/multiselect `key`, optionally type `search`, click the option whose
    visible label is exactly `label`, and close the list. Wait with wait_for_app afterwards.
    Unfolds "Ändra urval" first when the widget is in it."""
    box = widget(page, key)
    if page.locator(f"{PICKERS} .st-key-{key}").count():
        open_pickers(page)
    option = page.get_by_role("option", name=label, exact=True)
    for attempt in range(3):  # a click while the fold is still unfolding may only focus the box
        box.click()
        if search:
            box.press_sequentially(search)
        try:
            option.wait_for(timeout=5_000)
            break
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            if search:
                box.fill("")
    option.click()
    if box.get_attribute("aria-expanded") == "true":  # a multiselect stays open
        page.keyboard.press("Escape")


def query(page) -> dict:
    """The page URL's query string as {key: [values]}."""
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)
