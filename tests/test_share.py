"""barnbaro.explore.share: links, iframe snippets and citations reproduce the view."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

import pytest

from barnbaro.core.catalogue import EDITIONS, load_catalogue
from barnbaro.core.municipalities import load_municipalities
from barnbaro.explore import share
from barnbaro.explore.urlstate import ViewState, parse

CAT = load_catalogue()
CODES = load_municipalities()["kommun_kod"].tolist()

STATES = [
    ViewState(),
    ViewState(kommuner=("0180", "1480"), indikator="utvardering_upplevelser", upplaga=2017),
    ViewState(
        lang="en",
        kommuner=("2584",),
        indikator="barnkonventionen",
        upplaga=2018,
        jamfor="egen",
        egna=("0180", "0114"),
        urval="grupp",
    ),
    ViewState(kommuner=("0980",), indikator="personalomsattning", upplaga=2013, jamfor="grannar", urval="lan"),
]


def _state_of(url: str) -> ViewState:
    return parse(parse_qs(urlsplit(url).query), CAT, CODES, EDITIONS)[0]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("page", ["rangordning", "utveckling", "karta", "kommunprofil"])
def test_view_link_reproduces_the_state(state, page):
    url = share.view_link("https://bb.example.se", page, state)
    assert urlsplit(url).path == f"/{page}"
    assert _state_of(url) == state


def test_start_page_links_to_the_root():
    assert urlsplit(share.view_link("https://bb.example.se", "oversikt", ViewState())).path == "/"


@pytest.mark.parametrize("state", STATES)
def test_embed_link_is_the_same_view_in_embedded_mode(state):
    url = share.embed_link("https://bb.example.se/app", "karta", state)
    q = parse_qs(urlsplit(url).query)
    assert q["lage"] == ["embed"] and q["embed"] == ["true"]
    assert urlsplit(url).path == "/app/karta"
    assert _state_of(url) == state.with_(lage="embed")


def test_links_drop_the_projector_sequence():
    s = ViewState(lage="present", bilder=("rangordning?indikator=barnkonventionen&upplaga=2018",), bild=1)
    q = parse_qs(urlsplit(share.view_link("http://x", "rangordning", s)).query)
    assert "bilder" not in q and "lage" not in q


@pytest.mark.parametrize(
    "url, base",
    [
        ("https://bb.example.se/rangordning", "https://bb.example.se"),
        ("https://bb.example.se/", "https://bb.example.se"),
        ("https://bb.example.se/sub/karta", "https://bb.example.se/sub"),
        ("http://127.0.0.1:8501/om-data", "http://127.0.0.1:8501"),
        (None, "http://localhost:8501"),
        ("", "http://localhost:8501"),
    ],
)
def test_base_url(url, base):
    assert share.base_url(url) == base


def test_iframe_snippet_is_sized_titled_and_escaped():
    src = 'https://bb.example.se/karta?indikator=x&embed=true"><script>'
    title = 'Karta "2018" <b>'
    snip = share.iframe_snippet(src, title)
    assert snip.startswith("<iframe ") and snip.endswith("</iframe>")
    assert 'width="640"' in snip and 'height="480"' in snip
    assert f'title="{html.escape(title, quote=True)}"' in snip
    assert "<script>" not in snip and "<b>" not in snip
    assert html.escape(src, quote=True) in snip


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_citation_and_embed_title_carry_the_sample_label(lang):
    c = share.citation("Källa: Barnbarometern 2018, Humana och Rädda Barnen.", "https://x/y", True, lang)
    assert "Exempeldata" in c and c.endswith("https://x/y")
    assert "Exempeldata" not in share.citation("Källa: X.", "https://x/y", False, lang)
    assert "Exempeldata" in share.embed_title("Karta", True, lang)
    assert share.embed_title("Karta", False, lang) == "Karta"


def test_citation_does_not_repeat_the_label():
    line = "Exempeldata (syntetiska svar, frö 1), kalibrerade mot Barnbarometern 2018."
    assert share.citation(line, "u", True, "sv").count("Exempeldata") == 1


def test_citation_and_embed_title_name_the_sample_editions_when_given():
    from barnbaro.explore.share import citation, embed_title

    line = "Källa: Barnbarometern 2018, Humana och Rädda Barnen; bearbetning: Barnbarometern-utforskaren."
    assert (
        citation(line, "http://x/y", True, "sv", "Exempeldata för 2013–2017")
        == f"{line} Exempeldata för 2013–2017. http://x/y"
    )
    assert citation(line, "http://x/y", False, "sv", "Exempeldata för 2013–2017") == f"{line} http://x/y"
    assert embed_title("Karta", True, "sv", "Exempeldata för 2013–2017") == "Karta (Exempeldata för 2013–2017)"
    assert embed_title("Karta", True, "sv") == "Karta (Exempeldata)"
