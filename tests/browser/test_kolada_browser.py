"""Fetch from a fake Kolada server (the real v3 records, made-up values) -> cache -> the app shows
the figures, the figures on the same subject beside each question, and the SKR peers. The
fake server's data is test data: the app must label it so, never as "Källa: Kolada"."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from barnbaro import kolada as K
from tests.browser.conftest import ARTIFACTS, start_app
from tests.browser.helpers import shoot, wait_for_app
from tests.fake_kolada.server import FakeKolada

NOW = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)  # after some publication dates, before others


@pytest.fixture(scope="module")
def kolada_app(tmp_path_factory):
    cache = tmp_path_factory.mktemp("kolada") / "kolada"
    fake = FakeKolada(page_size=5000, now=NOW.date()).start()
    try:
        meta = K.fetch(
            cache, base_url=fake.base_url, client=K.KoladaClient(fake.base_url, rate=1000, timeout=5), now=NOW
        )
    finally:
        fake.stop()
    assert meta["real_api"] is False and meta["skr_groups"]["usable"]
    with start_app(tmp_path_factory, ARTIFACTS / "streamlit-kolada.log", BARNBARO_KOLADA_DIR=str(cache)) as url:
        yield url


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


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_rangordning_shows_the_official_figures_beside_the_question(new_page, kolada_app, viewport):
    page = new_page(viewport)
    page.goto(f"{kolada_app}/rangordning?kommun=0180&indikator=utvardering_upplevelser&upplaga=2018")
    wait_for_app(page)
    page.get_by_text("Officiell statistik för Stockholm").first.click()
    wait_for_app(page, "TESTDATA om samma ämne för Stockholm")
    body = page.locator("[data-testid=stMain]")
    text = body.inner_text()
    assert "Exempeldata" in page.locator("[data-testid=stApp]").inner_text()  # the survey side stays labelled
    assert "Testdata, inte Kolada" in text and "Källa: Kolada" not in text
    assert "brukarbedömning" in text and "gemensamma år" in text and "inte jämförda med kommunens svar" in text
    # the theme table and the municipality's table of official figures (drawn on a canvas)
    assert page.locator("[data-testid=stExpander] [data-testid=stDataFrame]").count() == 2
    shoot(page, f"kolada-rangordning-{viewport}")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_kommunprofil_shows_each_question_with_its_official_figures(new_page, kolada_app, viewport):
    page = new_page(viewport)
    page.goto(f"{kolada_app}/kommunprofil?kommun=0580&upplaga=2018")  # Linköping did not answer in 2018
    wait_for_app(page, "Officiell statistik om samma ämne (Kolada)")
    text = page.locator("[data-testid=stMain]").inner_text()
    for question in (
        "Personalomsättning bland socialsekreterare",
        "Systematisk utvärdering av barnens egna upplevelser",
        "Hälsoundersökning när barn placeras enligt LVU",
    ):
        assert f"{question}" in text and "TESTDATA om samma ämne för Linköping" in text
    assert page.locator("[data-testid=stDataFrame]").count() >= 4  # a table per group of mapped questions
    assert "Källa: Kolada" not in text
    shoot(page, f"kolada-kommunprofil-{viewport}")


def test_om_data_lists_the_key_figures_with_their_descriptions(new_page, kolada_app):
    page = new_page()
    page.goto(f"{kolada_app}/om-data")
    wait_for_app(page, "Nyckeltal från Kolada")
    text = page.locator("[data-testid=stMain]").inner_text()
    assert "Kolada kan revidera siffror i efterhand" in text and "Testdata, inte Kolada" in text
    shoot(page, "kolada-om-data")
