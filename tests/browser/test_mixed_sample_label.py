"""One edition real, five the sample: every page, the presentation view, images and CSVs name the
sample's editions, and the real edition's source line is the survey's own."""

from __future__ import annotations

import shutil

import pytest

from barnbaro.core import paths
from barnbaro.pipeline.clean import clean
from barnbaro.pipeline.readers import read_rows
from tests.browser.conftest import ARTIFACTS, start_app
from tests.browser.helpers import shoot, wait_for_app
from tests.pipeline_helpers import write_csv

SAMPLE = "Exempeldata för 2013–2017"
SAMPLE_EN = "Exempeldata (sample data) for 2013–2017"


@pytest.fixture(scope="module")
def mixed_app(tmp_path_factory):
    """The bundled sample with the 2018 workbook replaced by the same rows as an unmarked CSV
    (what a real export looks like to the cleaner), cleaned into a folder the app is pointed at."""
    base = tmp_path_factory.mktemp("mixed")
    raw = base / "raw"
    raw.mkdir()
    for p in sorted(paths.RAW_DIR.glob("*.xlsx")):
        if "2018" not in p.name:
            shutil.copy2(p, raw / p.name)
    write_csv(
        raw / "barnbarometern_2018_enkat.csv",
        read_rows(paths.RAW_DIR / "barnbarometern_2018_exempel.xlsx"),
        delimiter=";",
    )
    m = clean(raw, base / "clean")
    assert m["kind"] == "mixed" and m["sample_editions"] == [2013, 2014, 2015, 2016, 2017]
    with start_app(tmp_path_factory, ARTIFACTS / "streamlit-mixed.log", BARNBARO_CLEAN_DIR=str(base / "clean")) as url:
        yield url


ARTIFACT_DIR = ARTIFACTS / "issue13"


def _shoot(page, name):
    path = shoot(page, f"mixed-{name}")
    ARTIFACT_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, ARTIFACT_DIR / path.name)


@pytest.mark.parametrize(
    "page_path, settled",
    [
        ("/?upplaga=2018", "Barnbarometern"),
        ("/rangordning?indikator=personalomsattning&upplaga=2018", "Personalomsättning"),
        ("/utveckling?indikator=personalomsattning", "Personalomsättning"),
        ("/karta?indikator=personalomsattning&upplaga=2017", "Personalomsättning"),
        ("/kommunprofil?kommun=0580&upplaga=2018", "Linköping"),
        ("/om-data", "Om data"),
    ],
)
def test_every_page_names_the_sample_editions(new_page, mixed_app, page_path, settled):
    page = new_page()
    page.goto(f"{mixed_app}{page_path}")
    wait_for_app(page, settled)
    text = page.locator("[data-testid=stMain]").inner_text()
    assert SAMPLE in text, text[:600]
    assert "2018 är kommunernas inskickade svar" in text
    name = page_path.strip("/").split("?")[0] or "oversikt"
    _shoot(page, name)


def test_the_real_editions_source_line_is_the_surveys_own(new_page, mixed_app):
    page = new_page()
    page.goto(f"{mixed_app}/rangordning?indikator=personalomsattning&upplaga=2018")
    wait_for_app(page, "Personalomsättning")
    text = page.locator("[data-testid=stMain]").inner_text()
    assert "Källa: Barnbarometern 2018" in text
    page.goto(f"{mixed_app}/rangordning?indikator=personalomsattning&upplaga=2017")
    wait_for_app(page, "2017")
    text = page.locator("[data-testid=stMain]").inner_text()
    assert "kalibrerade mot Barnbarometern 2017" in text


def test_presentation_view_and_english_name_the_sample_editions(new_page, mixed_app):
    page = new_page()
    page.goto(f"{mixed_app}/rangordning?indikator=personalomsattning&upplaga=2018&lage=present")
    wait_for_app(page, "Personalomsättning")
    assert "EXEMPELDATA för 2013–2017" in page.locator("[data-testid=stMain]").inner_text()
    _shoot(page, "present")
    page.goto(f"{mixed_app}/rangordning?indikator=personalomsattning&upplaga=2018&lang=en")
    wait_for_app(page, "Staff turnover")
    assert SAMPLE_EN in page.locator("[data-testid=stMain]").inner_text()
    _shoot(page, "rangordning-en")


def test_phone_width_names_the_sample_editions(new_page, mixed_app):
    page = new_page("phone")
    page.goto(f"{mixed_app}/kommunprofil?kommun=0580&upplaga=2018")
    wait_for_app(page, "Linköping")
    assert SAMPLE in page.locator("[data-testid=stMain]").inner_text()
    _shoot(page, "kommunprofil-phone")
