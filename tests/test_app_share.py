"""The share panel, the embedded view and projector mode, through AppTest."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from barnbaro.core import paths
from barnbaro.core.catalogue import EDITIONS, load_catalogue
from barnbaro.core.municipalities import load_municipalities
from barnbaro.explore.urlstate import parse

CAT = load_catalogue()
CODES = load_municipalities()["kommun_kod"].tolist()
PARAMS = {"kommun": "0180,2584", "indikator": "barnkonventionen", "upplaga": "2017", "jamfor": "grannar"}


def run(page: str, params: dict) -> AppTest:
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page != "oversikt":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", ["rangordning", "utveckling", "karta"])
def test_share_panel_link_snippet_and_citation_reproduce_the_view(page):
    at = run(page, PARAMS)
    assert not at.code and not at.get("download_button")  # closed: the panel's content is not sent
    at.session_state["x_share"] = True  # as a click on "Dela" does
    at.run()
    codes = [c.value for c in at.code]
    link = next(c for c in codes if c.startswith("http") and "<iframe" not in c)
    state = parse(parse_qs(urlsplit(link).query), CAT, CODES, EDITIONS)[0]
    assert state.kommuner == ("0180", "2584") and state.indikator == "barnkonventionen"
    assert state.upplaga == 2017 and state.jamfor == "grannar"
    assert urlsplit(link).path == f"/{page}"
    snippet = next(c for c in codes if c.startswith("<iframe"))
    assert 'width="640"' in snippet and 'height="480"' in snippet and "lage=embed" in snippet
    assert "embed=true" in snippet and "Exempeldata" in snippet  # in the title attribute
    citation = next(c for c in codes if c != link and c.endswith(link))
    assert "Exempeldata" in citation and "Barnbarometern" in citation
    labels = [b.label for b in at.get("download_button")]
    assert {"Ladda ner PNG", "Ladda ner SVG", "Ladda ner CSV"} <= set(labels)


@pytest.mark.parametrize("page", ["rangordning", "utveckling", "karta"])
def test_embedded_view_has_no_controls_but_title_source_label_and_link(page):
    at = run(page, {**PARAMS, "lage": "embed"})
    assert not at.multiselect and not at.selectbox  # no widgets in an iframe
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "Öppna i Barnbarometern" in text
    assert any("Exempeldata" in c.value for c in at.caption)  # the source line
    assert any("EXEMPELDATA" in w.value for w in at.warning)  # the compact sample label
    assert not at.get("download_button")


def test_projector_mode_shows_the_selection_as_a_title_and_steps_through_views():
    slides = [
        "rangordning?indikator=barnkonventionen&upplaga=2017&kommun=0180",
        "karta?indikator=utvardering_upplevelser&upplaga=2018",
    ]
    at = run(
        "rangordning",
        {
            "indikator": "barnkonventionen",
            "upplaga": "2017",
            "kommun": "0180",
            "lage": "present",
            "bilder": slides,
            "bild": "1",
        },
    )
    assert not at.multiselect and not at.selectbox
    assert any("2017" in h.value for h in at.header)
    assert any("Vy 1 av 2" in m.value for m in at.markdown)
    labels = [b.label for b in at.button]
    assert "Nästa ▶" in labels and "◀ Föregående" not in labels  # stepping is tested in the browser
