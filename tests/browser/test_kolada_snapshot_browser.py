"""A fresh clone: the app started on the repository as it is shows the bundled Kolada snapshot
(imported from open-numbers' copy of Kolada) as Kolada's real figures, with years and source, the
SKR group and RKA's similar municipalities; and, pointed at an empty folder, says how to fetch."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from barnbaro import kolada as K
from tests.browser.conftest import ARTIFACTS, start_app
from tests.browser.helpers import shoot, wait_for_app

SOURCE = "Källa: Kolada (RKA), uttag 2024-08 via open-numbers"


@pytest.fixture(scope="module")
def empty_kolada_app(tmp_path_factory):
    """The app with BARNBARO_KOLADA_DIR at an empty folder: no Kolada copy at all."""
    empty = tmp_path_factory.mktemp("no-kolada")
    with start_app(tmp_path_factory, ARTIFACTS / "streamlit-no-kolada.log", BARNBARO_KOLADA_DIR=str(empty)) as url:
        yield url


def _main_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_fresh_clone_shows_eskilstunas_real_kolada_figures(new_page, viewport):
    page = new_page(viewport)
    page.goto("/kommunprofil?kommun=0484&upplaga=2018&jamfor=rka")
    wait_for_app(page, "Eskilstuna: kommunprofil 2018")
    expect(page.get_by_text(SOURCE).first).to_be_visible()
    text = _main_text(page)
    assert "Eskilstuna: officiell statistik från Kolada kring upplagan 2018" in text
    assert "TESTDATA" not in text and "Testdata" not in text
    # the RKA peers are the real group of 7
    assert "Liknande kommuner, övergripande, Eskilstuna, 2025" in text
    assert "Liknande kommuner (RKA) till Eskilstuna (7 kommuner)" in text
    # which copy, and what it lacks, with the command that fetches it
    assert "inbyggda ögonblicksbilden av Kolada" in text and "2024-08-30" in text
    for kpi in ("U33816", "N30223", "N33818", "N33006"):
        assert kpi in text
    assert K.FETCH_COMMAND in text
    # each question with the official figures on the same subject, their years and the source
    for question in (
        "Utredningar som pågått längre än fyra månader (antal gånger på två år)",
        "Systematisk utvärdering av barnens egna upplevelser av insatser",
    ):
        assert question in text
    assert "officiell statistik om samma ämne för Eskilstuna (Kolada)" in text
    assert "Nyckeltalen finns för 2013–2022" in text and "Nyckeltalen finns för 2016–2022" in text
    assert "inte jämförda med kommunens svar" in text
    assert page.locator("[data-testid=stDataFrame]").count() >= 7  # the answers, refs, official and four theme tables
    shoot(page, f"issue12-kommunprofil-eskilstuna-{viewport}")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_rangordning_shows_the_snapshots_figures_beside_the_question(new_page, viewport):
    page = new_page(viewport)
    page.goto("/rangordning?kommun=0484&indikator=halsoundersokning_lvu&upplaga=2018")
    wait_for_app(page)
    page.get_by_text("Officiell statistik för Eskilstuna").first.click()
    wait_for_app(page, "officiell statistik om samma ämne för Eskilstuna (Kolada)")
    text = _main_text(page)
    assert SOURCE in text and "TESTDATA" not in text
    assert "Exempeldata" in page.locator("[data-testid=stApp]").inner_text()  # the survey side stays labelled
    assert "N33818" in text and "närliggande i ögonblicksbilden: N33816, N33817" in text
    shoot(page, f"issue12-rangordning-eskilstuna-{viewport}")


def test_the_skr_peer_choice_works_from_the_bundled_groups(page):
    page.goto("/kommunprofil?kommun=0484&upplaga=2018&jamfor=skr")
    wait_for_app(page, "Eskilstuna: kommunprofil 2018")
    text = _main_text(page)
    assert "SKR:s kommungrupp Större stad (B3)" in text
    assert "Jämförelsegrupp: SKR" in text or "jämförelsegrupp: skr" in text.lower()


def test_om_data_runs_the_structure_check_from_the_bundled_groups(page):
    page.goto("/om-data?indikator=utvardering_upplevelser&upplaga=2018")
    wait_for_app(page, "Vad data visar")
    text = _main_text(page)
    assert "svar per SKR-kommungrupp" in text and "Cramérs V" in text
    assert "som Koladas API v3 gav dem" in text
    assert SOURCE in text
    shoot(page, "issue12-om-data-structure-check", page.locator("[data-testid=stMain]"))


def test_without_a_kolada_copy_the_app_says_how_to_fetch(new_page, empty_kolada_app):
    page = new_page()
    page.goto(f"{empty_kolada_app}/kommunprofil?kommun=0180&upplaga=2018")
    wait_for_app(page, "Stockholm: kommunprofil 2018")
    expect(page.get_by_text("python -m barnbaro kolada fetch").first).to_be_visible()
    text = _main_text(page)
    assert "Källa: Kolada" not in text and "ögonblicksbild" not in text
