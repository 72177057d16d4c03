"""A press-kit page opened straight from disk (file://) renders its charts and its source line,
and asks for nothing outside the press-kit folder: every other request is aborted and fails
the test. No app server is needed, so this uses its own context from the `browser` fixture."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from barnbaro.cli import main
from barnbaro.core import paths
from barnbaro.core.data import load_clean
from barnbaro.core.i18n import t
from barnbaro.explore.analysis import publisher_key
from tests.browser.helpers import SCREENSHOTS

APP = "https://barnbarometern.example.se"


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    out = tmp_path_factory.mktemp("presskit-browser") / "kit"
    mp = pytest.MonkeyPatch()
    mp.setattr("sys.stderr", io.StringIO())
    mp.setattr("sys.stdout", io.StringIO())
    try:  # Ekerö 2017 answered part of the questions: charts, a "did not answer" line and the map
        rc = main(
            [
                "presskit",
                "--out",
                str(out),
                "--edition",
                "2017",
                "--kommun",
                "0125,0123",
                "--app-url",
                APP,
                "--allow-sample",
            ]
        )
    finally:
        mp.undo()
    assert rc == 0
    return out.resolve()


@pytest.fixture
def file_page(browser, request):
    """(page, requests, outside) for a page that may load only files under `root`."""
    contexts = []

    def make(root: Path, viewport=(1280, 900)):
        inside = root.as_uri() + "/"
        requests, outside = [], []
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="sv-SE")
        context.set_default_timeout(30_000)
        contexts.append(context)

        def guard(route):
            url = route.request.url
            requests.append(url)
            if url.startswith(inside):
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("websocket", lambda ws: outside.append(ws.url))
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page, requests, outside, errors

    yield make
    for c in contexts:
        c.close()


@pytest.mark.parametrize("viewport", [(1280, 900), (375, 812)], ids=["desktop", "phone"])
def test_page_renders_offline_from_disk(kit, file_page, viewport):
    page, requests, outside, errors = file_page(kit, viewport)
    folder = next(kit.glob("0125-*"))
    page.goto((folder / "index.html").as_uri())
    page.wait_for_load_state("load")
    data = load_clean(paths.CLEAN_DIR)
    source = t(
        "source_line_sample",
        "sv",
        seed=data.manifest["generator"]["seed"],
        edition=2017,
        publisher=t(publisher_key(2017), "sv"),
    )
    assert page.get_by_role("heading", level=1, name="Ekerö i Barnbarometern 2017").is_visible()
    assert page.get_by_text(source).first.is_visible()
    assert page.get_by_text("Exempeldata", exact=False).first.is_visible()
    images = page.evaluate("""() => [...document.images].map(i => ({
        src: i.getAttribute('src'), complete: i.complete, w: i.naturalWidth, h: i.naturalHeight,
        shown: i.getBoundingClientRect().width}))""")
    srcs = {i["src"] for i in images}
    assert {"utveckling.svg", "karta.svg", "rangordning-personalomsattning.svg"} <= srcs
    for i in images:
        assert i["complete"] and i["w"] > 0 and i["h"] > 0 and i["shown"] > 0, i
        assert i["shown"] <= viewport[0], i  # scales down on a phone
    link = page.get_by_role("link", name="Öppna i Barnbarometern").first
    assert link.get_attribute("href").startswith(APP + "/kommunprofil?")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"presskit-0125-{'desktop' if viewport[0] > 600 else 'phone'}.png"
    page.screenshot(path=SCREENSHOTS / name, full_page=True)
    assert outside == [], f"requests outside the press-kit folder (aborted): {outside}"
    assert any(u.endswith("/utveckling.svg") for u in requests)  # the guard saw the file requests
    assert all(u.startswith(kit.as_uri() + "/") for u in requests)
    assert errors == []


def test_index_and_not_answered_page_from_disk(kit, file_page):
    page, requests, outside, errors = file_page(kit)
    page.goto((kit / "index.html").as_uri())
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Järfälla").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Järfälla svarade inte på Barnbarometern 2017.").first.is_visible()
    shown = page.evaluate("() => [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth])")
    assert dict(shown)["karta.svg"] > 0
    page.get_by_role("link", name="← Alla kommuner").click()
    page.wait_for_load_state("load")
    assert page.url == (kit / "index.html").as_uri()
    assert outside == [] and errors == []


def test_the_guard_catches_a_request_outside_the_folder(tmp_path, file_page):
    """The check above can fail: a page under the folder that asks for an image outside it, and
    for one on the web, has both requests recorded and aborted."""
    root = tmp_path / "kit"
    root.mkdir()
    (tmp_path / "outside.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    (root / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>x</title>'
        '<img src="../outside.svg"><img src="https://example.org/x.png">',
        encoding="utf-8",
    )
    page, requests, outside, errors = file_page(root)
    page.goto((root / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert sorted(outside) == sorted([(tmp_path / "outside.svg").as_uri(), "https://example.org/x.png"])
