"""Fetch from a fake Kolada server -> cache -> the app shows the figures and the SKR peers.
The fake server's data is test data: the app must label it so, never as "Källa: Kolada"."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from barnbaro import kolada as K
from tests.browser.conftest import ARTIFACTS, ROOT, _free_port, _healthy, _stop
from tests.browser.helpers import shoot, wait_for_app
from tests.fake_kolada.server import FakeKolada


@pytest.fixture(scope="module")
def kolada_app(tmp_path_factory):
    cache = tmp_path_factory.mktemp("kolada") / "kolada"
    fake = FakeKolada(page_size=1000).start()
    try:
        meta = K.fetch(cache, years=[2017, 2018], base_url=fake.base_url,
                       client=K.KoladaClient(fake.base_url, rate=1000, timeout=5))
    finally:
        fake.stop()
    assert meta["real_api"] is False
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, HOME=str(tmp_path_factory.mktemp("home")), BARNBARO_KOLADA_DIR=str(cache))
    log = open(ARTIFACTS / "streamlit-kolada.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            assert proc.poll() is None and time.monotonic() < deadline, "the app did not start"
            time.sleep(0.2)
        yield url
    finally:
        _stop(proc)
        log.close()


def test_fetched_figures_and_skr_peers_show_as_test_data(new_page, kolada_app):
    page = new_page()
    page.goto(f"{kolada_app}/kommunprofil?kommun=0180&upplaga=2018&jamfor=skr")
    wait_for_app(page, "Stockholm: kommunprofil 2018")
    body = page.locator("[data-testid=stMain]")
    expect(body.get_by_text("TESTDATA", exact=False).first).to_be_visible()
    text = body.inner_text()
    assert "Källa: Kolada" not in text  # a test server's data is never credited to Kolada
    assert "kolada fetch" not in text  # the cache is there: no "fetch first" note
    # the peer group is the SKR municipality group from the cache (not empty)
    assert "Jämförelsegrupp: SKR" in text or "jämförelsegrupp: skr" in text.lower()
    shoot(page, "kolada-kommunprofil")


def test_without_a_cache_the_app_says_how_to_fetch(page):
    page.goto("/kommunprofil?kommun=0180&upplaga=2018")
    wait_for_app(page, "Stockholm: kommunprofil 2018")
    expect(page.get_by_text("python -m barnbaro kolada fetch").first).to_be_visible()


def test_a_municipality_that_did_not_answer_gets_its_official_figures(new_page, kolada_app):
    """Linköping did not answer 2018: its profile still shows its official figures from the
    cache (here test data, labelled so), beside which peers answered."""
    page = new_page()
    page.goto(f"{kolada_app}/kommunprofil?kommun=0580&upplaga=2018")
    wait_for_app(page, "Linköping: kommunprofil 2018")
    body = page.locator("[data-testid=stMain]")
    expect(body.get_by_text("Linköping svarade inte på Barnbarometern 2018.")).to_be_visible()
    expect(body.get_by_text("Linköping: TESTDATA (inte Kolada) kring upplagan 2018")).to_be_visible()
    expect(body.get_by_text("Jämförelsegruppen 2018", exact=True)).to_be_visible()
    assert "kolada fetch" not in body.inner_text()
