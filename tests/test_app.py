"""The app itself, run in-process with Streamlit's AppTest: every page runs and says Exempeldata,
a link's municipality, indicator and edition reach the widgets, charts and map; widgets write
the URL; hostile links give a message and defaults; broken data gives the data-error page."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from barnbaro.core import paths
from barnbaro.core.i18n import STRINGS, t
from barnbaro.render import colours as C
from tests.explorer_helpers import CAT, answers_of, base_line_width, bundled, county_codes, fills_of, outlined_codes

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = ["oversikt", "rangordning", "utveckling", "karta", "kommunprofil", "om_data"]
FOCUS = {"kommun": "0180", "indikator": "utvardering_upplevelser", "upplaga": "2017"}
OWN_KEYS = ("lang", "kommun", "indikator", "upplaga", "jamfor", "egna", "urval")


def open_app(params: dict, page: str | None = None) -> AppTest:
    """The app with these query parameters; run once (the router registers the pages), then
    switched to `page` and run again."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    return at


def expand(at: AppTest, *keys: str) -> AppTest:
    """Open the lazy expanders with these keys (as a click on them does) and run again."""
    for k in keys:
        at.session_state[k] = True
    return at.run()


def qp(at: AppTest) -> dict:
    """The app's own query parameters as the browser would show them."""
    out = {}
    for k, v in at.query_params.items():
        if k in OWN_KEYS:
            out[k] = v[-1] if isinstance(v, list) and len(v) == 1 else v
    return out


def vega_elements(at: AppTest) -> list:
    """Vega-Lite charts (st.altair_chart). Streamlit 1.67 names the element vega_lite_chart;
    older versions arrow_vega_lite_chart."""
    return list(at.get("vega_lite_chart")) + list(at.get("arrow_vega_lite_chart"))


def chart_data(el) -> tuple[dict, dict[str, pd.DataFrame]]:
    """A chart's spec and its named datasets as DataFrames."""
    p = el.proto
    spec = json.loads(p.spec)
    data = {ds.name: pa.ipc.open_stream(io.BytesIO(ds.data.data)).read_all().to_pandas() for ds in p.datasets}
    return spec, data


def all_chart_frames(at: AppTest) -> list[pd.DataFrame]:
    return [df for el in vega_elements(at) for df in chart_data(el)[1].values()]


def deck(at: AppTest) -> tuple[dict, dict]:
    [el] = at.get("deck_gl_json_chart")
    return json.loads(el.proto.json), (json.loads(el.proto.tooltip) if el.proto.tooltip else {})


URL_PREFIXES = [STRINGS[k][lg].split("{")[0] for k in STRINGS if k.startswith("url_") for lg in ("sv", "en")]


def url_messages(at: AppTest) -> list[str]:
    """The messages about the link (other st.info boxes, e.g. about optional data, are not)."""
    assert all(URL_PREFIXES)
    return [i.value for i in at.info if any(i.value.startswith(p) for p in URL_PREFIXES)]


def texts(at: AppTest) -> str:
    """Every visible text of the page, joined (titles, headers, markdown, captions, alerts)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    return "\n".join(parts)


# ---------------------------------------------------------------- every page


@pytest.fixture(scope="module")
def focus_pages() -> dict[str, AppTest]:
    return {page: open_app(FOCUS, page) for page in PAGES}


@pytest.fixture(scope="module")
def english_pages() -> dict[str, AppTest]:
    return {page: open_app({**FOCUS, "lang": "en"}, page) for page in PAGES}


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_and_shows_the_sample_banner(focus_pages, page):
    at = focus_pages[page]
    assert not at.exception, [e.value for e in at.exception]
    banners = [w.value for w in at.warning]
    assert any(t("sample_short", "sv") in b for b in banners), banners
    assert not at.error and not url_messages(at)  # a good link gives no message


@pytest.mark.parametrize("page", PAGES)
def test_page_keeps_the_link(focus_pages, page):
    assert qp(focus_pages[page]) == FOCUS


@pytest.mark.parametrize("page", PAGES)
def test_page_in_english(english_pages, page):
    at = english_pages[page]
    assert not at.exception, [e.value for e in at.exception]
    assert any(t("sample_short", "en") in w.value for w in at.warning)
    text = texts(at)
    expected = {
        "oversikt": t("start_national", "en"),
        "rangordning": CAT["utvardering_upplevelser"].title_for("en"),
        "utveckling": t("trends_title", "en", indicator=CAT["utvardering_upplevelser"].title_for("en")),
        "karta": t("map_title", "en", indicator=CAT["utvardering_upplevelser"].title_for("en"), edition=2017),
        "kommunprofil": t("profile_title", "en", kommun="Stockholm", edition=2017),
        "om_data": t("about_title", "en"),
    }[page]
    assert expected in text
    # no Swedish interface heading leaks into the English page
    for key in ("start_national", "start_participation", "about_title", "profile_summary", "legend", "trends_answers"):
        assert f"\n{t(key, 'sv')}\n" not in f"\n{text}\n"
    assert qp(at) == {**FOCUS, "lang": "en"}


# ---------------------------------------------------------------- the link reaches the page


def assert_focus_widgets(at: AppTest) -> None:
    """FOCUS's municipality, question and edition reach the selection row."""
    assert at.multiselect(key="w_kommun").value == ["0180"]
    assert at.selectbox(key="w_indikator").value == "utvardering_upplevelser"
    assert at.selectbox(key="w_upplaga").value == 2017


def test_ranking_page_shows_the_link(focus_pages):
    at = focus_pages["rangordning"]
    ind = CAT["utvardering_upplevelser"]
    assert_focus_widgets(at)
    [header] = at.header
    assert ind.title_for("sv") in header.value and "2017" in header.value
    # the chart's data is the 2017 distribution, with Stockholm named at its answer
    given = answers_of(bundled(), ind.id, 2017)
    frames = [df for df in all_chart_frames(at) if {"answer", "count"} <= set(df.columns)]
    assert frames
    df = frames[0]
    assert dict(zip(df["answer"], df["count"])) == {a: sum(1 for x in given.values() if x == a) for a in ind.answer_ids}
    assert df.loc[df["answer"] == given["0180"], "names"].iloc[0] == "Stockholm"
    # the table (in its expander) is the ranked list of those who answered
    expand(at, "x_table")
    tables = [d.value for d in at.dataframe if "kommun_kod" in d.value.columns]
    assert sorted(tables[0]["kommun_kod"]) == sorted(given)
    # Stockholm's position line
    assert any(m.value.startswith("**Stockholm:") for m in at.markdown)


def test_trends_page_shows_the_link(focus_pages):
    at = focus_pages["utveckling"]
    ind = CAT["utvardering_upplevelser"]
    assert at.multiselect(key="w_kommun").value == ["0180"]
    assert at.selectbox(key="w_indikator").value == "utvardering_upplevelser"
    assert ind.title_for("sv") in at.header[0].value
    frames = all_chart_frames(at)
    answers = next(df for df in frames if {"kommun", "edition", "answer"} <= set(df.columns))
    sthlm = answers[answers["kommun"] == "Stockholm"]
    for e in ind.editions:
        a = answers_of(bundled(), ind.id, e).get("0180")
        got = sthlm.loc[sthlm["edition"] == e, "answer"].tolist()
        assert got == ([a] if a else []), e
    shares = next(df for df in frames if {"series", "edition", "k", "n"} <= set(df.columns))
    riket = shares[shares["series"] == t("riket_ref", "sv")]
    for r in riket.itertuples():
        given = answers_of(bundled(), ind.id, int(r.edition))
        assert (r.k, r.n) == (sum(1 for a in given.values() if a in ind.desired), len(given))
    lan = shares[shares["series"] == "Stockholms län"]
    county = set(county_codes(bundled(), "0180"))
    assert len(lan) == len(ind.editions)
    for r in lan.itertuples():
        given = {c: a for c, a in answers_of(bundled(), ind.id, int(r.edition)).items() if c in county}
        assert (r.k, r.n) == (sum(1 for a in given.values() if a in ind.desired), len(given))


def test_map_page_shows_the_link(focus_pages):
    at = focus_pages["karta"]
    ind = CAT["utvardering_upplevelser"]
    assert_focus_widgets(at)
    assert "2017" in at.header[0].value and ind.title_for("sv") in at.header[0].value
    spec, tooltip = deck(at)
    # the geometry comes from the static folder; the rerun carries the colours
    assert next(lr for lr in spec["layers"] if lr["id"] == "kommuner")["data"] == "app/static/kommuner.geojson"
    fills = fills_of(spec)
    assert len(fills) == 290
    given = answers_of(bundled(), ind.id, 2017)
    cols = C.answer_colours(ind)
    for code, fill in fills.items():
        a = given.get(code)
        colour = C.NO_ANSWER_COLOUR if a is None else cols[a]
        assert fill[:3] == C.hex_rgb(colour), code
    # the selected municipality's answer is written beside the map (the tooltip names only)
    assert any(
        m.value.startswith(f"**{t('map_selected_heading', 'sv')}**") and "- Stockholm (0180): " in m.value
        for m in at.markdown
    )
    # the selected municipality, and only it, has the thick dark outline
    outlined = outlined_codes(spec)
    assert list(outlined) == ["0180"]
    colour, width = outlined["0180"]
    assert colour[:3] == [0, 0, 0] and width >= 2 * base_line_width(spec)
    assert "http" not in at.get("deck_gl_json_chart")[0].proto.json
    assert "text" in tooltip and "html" not in tooltip


def test_profile_page_shows_the_link(focus_pages):
    at = focus_pages["kommunprofil"]
    assert at.selectbox(key="w_kommun_one").value == "0180"
    assert at.selectbox(key="w_upplaga_any").value == 2017
    assert at.header[0].value == t("profile_title", "sv", kommun="Stockholm", edition=2017)
    tables = [d.value for d in at.dataframe]
    profile = next(df for df in tables if t("col_indicator", "sv") in df.columns)
    assert list(profile[t("col_indicator", "sv")]) == [i.title_for("sv") for i in CAT.for_edition(2017)]


def test_overview_page_counts(focus_pages):
    """The start page: a search first, a small chart per question, participation per edition
    as a chart whose numbers are the participation table's (the tables behind an expander)."""
    at = focus_pages["oversikt"]
    assert at.selectbox(key="w_start_search").value is None
    assert at.selectbox(key="w_start_search").label == t("start_search", "sv")
    frames = all_chart_frames(at)
    parts = next(df for df in frames if {"edition", "kind", "n"} <= set(df.columns))
    p = bundled().participation
    for e in bundled().editions:
        n = int(((p["edition"] == e) & (p["status"] != "none")).sum())
        assert int(parts.loc[parts["edition"] == e, "n"].sum()) == n
    assert len(vega_elements(at)) == len(CAT.indicators) + 1  # a small chart per question, participation
    assert not [d for d in at.dataframe]  # the tables are made only when their expander opens
    expand(at, "x_start_tables")
    assert len(at.dataframe) == 2


def test_start_search_opens_the_profile():
    """Choosing Linköping (which did not answer 2018) opens its profile on the latest edition it
    answered; coming back to the start page does not send the reader away again."""
    at = open_app({}, "oversikt")
    at.selectbox(key="w_start_search").select("0580").run()
    assert not at.exception
    latest = max(
        e
        for e in bundled().editions
        if (
            (bundled().participation["edition"] == e)
            & (bundled().participation["kommun_kod"] == "0580")
            & (bundled().participation["status"] != "none")
        ).any()
    )
    assert at.header[0].value == t("profile_title", "sv", kommun="Linköping", edition=latest)
    assert qp(at)["kommun"] == "0580" and qp(at)["upplaga"] == str(latest)
    at.switch_page("pages/oversikt.py").run()
    assert not at.exception and at.title[0].value == t("app_title", "sv")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_profile_of_a_municipality_that_did_not_answer(lang):
    at = open_app({"kommun": "0580", "upplaga": "2018", **({"lang": lang} if lang == "en" else {})}, "kommunprofil")
    assert not at.exception
    assert at.header[0].value == t("profile_title", lang, kommun="Linköping", edition=2018)
    text = texts(at)
    assert t("profile_not_answered", lang, kommun="Linköping", edition=2018) in text
    assert t("absent_peers", lang, edition=2018) in text
    [link] = [el for el in at.get("page_link") if "Linköping" in el.proto.label]
    assert "2017" in link.proto.label
    assert len(vega_elements(at)) == 1  # the profile chart
    assert any(t("col_kommun", lang) in d.value.columns for d in at.dataframe)  # the peers' answers


# ---------------------------------------------------------------- widgets write the URL


@pytest.fixture(scope="module")
def ranking_session() -> AppTest:
    return open_app(FOCUS, "rangordning")


def test_widget_changes_update_the_url(ranking_session):
    at = ranking_session
    at.selectbox(key="w_indikator").select("barnkonventionen").run()
    assert not at.exception
    assert qp(at) == {**FOCUS, "indikator": "barnkonventionen"}  # 2017 was asked: kept
    assert CAT["barnkonventionen"].title_for("sv") in at.header[0].value

    at.selectbox(key="w_upplaga").select(2018).run()
    assert qp(at)["upplaga"] == "2018" and "2018" in at.header[0].value

    at.selectbox(key="w_indikator").select("utbildning_ensamkommande").run()
    assert qp(at)["indikator"] == "utbildning_ensamkommande"
    assert qp(at)["upplaga"] == "2017"  # not asked in 2018: the latest edition it was
    assert at.selectbox(key="w_upplaga").value == 2017

    at.multiselect(key="w_kommun").select("1480").run()
    assert qp(at)["kommun"] == "0180,1480"
    assert at.multiselect(key="w_kommun").value == ["0180", "1480"]

    at.selectbox(key="w_jamfor").select("egen").run()
    assert qp(at)["jamfor"] == "egen"
    at.multiselect(key="w_egna").select("0184").run()
    assert qp(at)["egna"] == "0184"

    at.selectbox(key="w_jamfor").select("lan").run()
    at.button_group(key="w_urval").set_value("lan").run()
    assert qp(at)["urval"] == "lan"
    expand(at, "x_table")
    table = next(d.value for d in at.dataframe if "kommun_kod" in d.value.columns)
    assert set(table["kommun_kod"]) <= set(county_codes(bundled(), "0180"))
    assert not at.exception


def test_language_switch(ranking_session):
    at = open_app(FOCUS, "rangordning")
    at.button_group(key="w_lang").set_value("en").run()
    assert not at.exception
    assert qp(at) == {**FOCUS, "lang": "en"}
    assert any(t("sample_short", "en") in w.value for w in at.warning)
    assert CAT["utvardering_upplevelser"].title_for("en") in at.header[0].value
    at.button_group(key="w_lang").set_value("sv").run()
    assert qp(at) == FOCUS
    assert CAT["utvardering_upplevelser"].title_for("sv") in at.header[0].value


def test_page_switch_keeps_the_view():
    at = open_app({"kommun": "1480", "indikator": "barnkonventionen", "upplaga": "2018", "lang": "en"}, "rangordning")
    for page in ("karta", "utveckling", "kommunprofil"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception
        assert qp(at) == {"kommun": "1480", "indikator": "barnkonventionen", "upplaga": "2018", "lang": "en"}


# ---------------------------------------------------------------- hostile and odd links

HOSTILE = [
    # params, expected canonical URL (own keys), how many messages
    ({"kommun": "<script>alert(1)</script>"}, {"indikator": "personalomsattning", "upplaga": "2018"}, 1),
    ({"upplaga": "abc"}, {"indikator": "personalomsattning", "upplaga": "2018"}, 1),
    ({"indikator": "../../etc/passwd"}, {"indikator": "personalomsattning", "upplaga": "2018"}, 1),
    ({"kommun": "x" * 5000}, {"indikator": "personalomsattning", "upplaga": "2018"}, 1),
    ({"indikator": "i" * 5000, "upplaga": "9" * 5000}, {"indikator": "personalomsattning", "upplaga": "2018"}, 2),
    (
        {"kommun": ["0180", "1480"], "upplaga": ["2016", "2017"]},
        {"kommun": "0180,1480", "indikator": "personalomsattning", "upplaga": "2017"},
        0,
    ),
    (
        {"kommun": ["0180", "<img src=x onerror=alert(1)>"], "indikator": ["barnkonventionen", "' OR 1=1 --"]},
        {"kommun": "0180", "indikator": "personalomsattning", "upplaga": "2018"},
        2,
    ),
    ({"jamfor": "'; DROP TABLE answers; --"}, {"indikator": "personalomsattning", "upplaga": "2018"}, 1),
    ({"lang": "xx", "urval": "{{7*7}}"}, {"indikator": "personalomsattning", "upplaga": "2018"}, 2),
    (
        {"kommun": "180", "indikator": "utvardering_upplevelser", "upplaga": "2013"},
        {"kommun": "0180", "indikator": "utvardering_upplevelser", "upplaga": "2018"},
        1,
    ),
    (
        {"kommun": ",".join(["0180", "1480", "1280", "0114", "0115", "0117", "0120", "0123", "0125", "0126"])},
        {"kommun": "0180,1480,1280,0114,0115,0117,0120,0123", "indikator": "personalomsattning", "upplaga": "2018"},
        1,
    ),
    (
        {"kommun": "%3Cscript%3E", "egna": "../..", "jamfor": "egen"},
        {"jamfor": "egen", "indikator": "personalomsattning", "upplaga": "2018"},
        2,
    ),
]


@pytest.mark.parametrize("params, canonical, n_msgs", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_link(params, canonical, n_msgs):
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.query_params["utm_source"] = "mail"  # not ours: left alone
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    infos = url_messages(at)
    assert len(infos) == n_msgs, [i.value for i in at.info]
    for text in infos:
        assert not re.search(r"(?<!\\)[<>\[\]`*_]", text), text  # outside text shown escaped, inert
        assert len(text) < 400
    assert any(t("sample_short", "sv") in w.value for w in at.warning)
    assert qp(at) == canonical
    assert at.query_params["utm_source"] == "mail" or at.query_params["utm_source"] == ["mail"]
    # the messages are shown once; the canonical link then runs silently on every page
    at.switch_page("pages/rangordning.py").run()
    assert not at.exception and not url_messages(at)
    assert qp(at) == canonical


def test_hostile_link_message_in_english():
    at = open_app({"lang": "en", "upplaga": "abc", "kommun": "<script>"})
    assert not at.exception
    infos = url_messages(at)
    assert t("url_bad_edition", "en", default=2018) in infos
    assert any(i.startswith("The link held an unknown municipality code") for i in infos)


# ---------------------------------------------------------------- broken data


def _corrupt(kind: str, clean: Path) -> Path:
    if kind == "missing":
        return clean.parent / "does_not_exist"
    if kind == "garbage_parquet":
        (clean / "answers.parquet").write_bytes(b"this is not parquet")
    elif kind == "truncated_parquet":
        p = clean / "municipalities.parquet"
        p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    elif kind == "no_manifest":
        (clean / "manifest.json").unlink()
    elif kind == "bad_manifest":
        (clean / "manifest.json").write_text("{not json", encoding="utf-8")
    elif kind == "tampered":
        # a valid parquet whose content differs from what the manifest's checksum vouches for
        df = pd.read_parquet(clean / "participation.parquet")
        df.iloc[:5].to_parquet(clean / "participation.parquet")
    elif kind == "empty_dir":
        for f in clean.iterdir():
            f.unlink()
    return clean


@pytest.fixture
def broken_data(tmp_path, monkeypatch, request):
    """paths.CLEAN_DIR pointed at a corrupted copy (AppTest runs the script in this process, so
    the patched module attribute applies); Streamlit's data cache cleared before and after.
    request.param: the corruption, or (corruption, "in_root") to also move paths.ROOT so that
    the tables' folder lies inside it, as data/clean does."""
    kind, where = request.param if isinstance(request.param, tuple) else (request.param, "outside")
    clean = tmp_path / "data" / "clean"
    shutil.copytree(paths.CLEAN_DIR, clean)
    target = _corrupt(kind, clean)
    monkeypatch.setattr(paths, "CLEAN_DIR", target)
    if where == "in_root":
        monkeypatch.setattr(paths, "ROOT", tmp_path)
    st.cache_data.clear()
    yield target
    st.cache_data.clear()


CORRUPTIONS = [
    "missing",
    "garbage_parquet",
    "truncated_parquet",
    "no_manifest",
    "bad_manifest",
    "tampered",
    "empty_dir",
]


def _assert_data_error_page(at: AppTest, lang: str):
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert t("data_error_title", "sv") in errors[0] and t("data_error_title", "en") in errors[1]
    assert "python -m barnbaro clean" in errors[0] and "python -m barnbaro clean" in errors[1]
    assert [e.label for e in at.expander] == [t("data_error_details", lang)]
    assert [x.value for x in at.text]  # what is wrong, listed
    assert not at.warning  # no sample banner: nothing is shown
    assert not vega_elements(at) and not at.get("deck_gl_json_chart") and not at.dataframe


@pytest.mark.parametrize(
    "broken_data", [(k, "in_root") for k in CORRUPTIONS], indirect=True, ids=[f"{k}" for k in CORRUPTIONS]
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_data_error_page(broken_data, lang):
    at = open_app({"lang": lang} if lang == "en" else {})
    _assert_data_error_page(at, lang)
    shown = str(broken_data.relative_to(paths.ROOT))
    assert shown in at.error[0].value and shown in at.error[1].value


@pytest.mark.parametrize("broken_data", ["missing", "garbage_parquet"], indirect=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_data_error_page_for_tables_outside_the_project(broken_data, lang):
    """The tables' folder need not lie inside the project (paths.CLEAN_DIR patched to a temporary
    copy): the error page must still show, naming the folder, not crash."""
    at = open_app({"lang": lang} if lang == "en" else {})
    _assert_data_error_page(at, lang)


@pytest.mark.parametrize("broken_data", [("garbage_parquet", "in_root")], indirect=True)
@pytest.mark.parametrize("page", ["rangordning", "karta"])
def test_data_error_page_on_a_deep_link(broken_data, page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(FOCUS)
    at.switch_page(f"pages/{page}.py").run()
    _assert_data_error_page(at, "sv")


@pytest.mark.parametrize("broken_data", [("garbage_parquet", "in_root")], indirect=True)
def test_app_recovers_when_the_data_is_back(broken_data, monkeypatch):
    at = open_app({})
    assert len(at.error) == 2
    monkeypatch.undo()
    st.cache_data.clear()
    at.run()
    assert not at.exception and not at.error
    assert any(t("sample_short", "sv") in w.value for w in at.warning)


# ---------------------------------------------------------------- cost of a rerun


def test_a_rerun_reads_the_cached_tables_a_few_times_only(monkeypatch):
    """st.cache_data hands out a fresh unpickled copy of every table on each call, so a page
    must not ask for the data per option of a widget (290 municipalities, each label and sort
    key calling data() again made one widget change cost seconds)."""
    from barnbaro.ui import data as D

    at = open_app(FOCUS, "rangordning")
    calls = {"n": 0}
    cached = D._clean

    def counting(path):
        calls["n"] += 1
        return cached(path)

    monkeypatch.setattr(D, "_clean", counting)
    at.selectbox(key="w_indikator").select("barnkonventionen").run()
    assert not at.exception
    assert calls["n"] <= 25, calls["n"]


@pytest.mark.parametrize(
    "page,key,expect",
    [
        ("rangordning", "x_table", "kommun_kod"),
        ("karta", "x_table", "kommun_kod"),
        ("utveckling", "x_table", t("series", "sv")),
        ("om_data", "x_question_personalomsattning", t("col_question", "sv")),
    ],
)
def test_closed_expanders_send_nothing_and_open_ones_show_their_content(page, key, expect):
    """Tables, downloads and the share panel are made only while their expander is open:
    a rerun with them closed sends one element per expander instead of their content."""
    at = open_app(FOCUS, page)
    labels = [e.label for e in at.expander]
    assert labels and not any(expect in d.value.columns for d in at.dataframe)
    if page != "om_data":  # Om data shows its commands as code outside any expander
        assert not at.code and not at.get("download_button")
    expand(at, key)
    assert not at.exception
    assert [e.label for e in at.expander] == labels  # the same expanders, one of them now open
    assert any(expect in d.value.columns for d in at.dataframe)
    if page != "om_data":
        assert [b.label for b in at.get("download_button")] == [t("download_csv", "sv")] * (
            2 if page == "utveckling" else 1
        )


def test_map_without_static_files_is_sent_inline(tmp_path, monkeypatch):
    """A clone without static/ (or a server without static serving) still draws the map: the
    geometry goes with the rerun, and the log says why."""
    from barnbaro.core import paths

    monkeypatch.setattr(paths, "STATIC_DIR", tmp_path)
    at = open_app(FOCUS, "karta")
    assert not at.exception
    spec, tooltip = deck(at)
    layer = next(lr for lr in spec["layers"] if lr.get("id") == "kommuner")
    assert isinstance(layer["data"], dict) and len(layer["data"]["features"]) == 290
    assert len(fills_of(spec)) == 290 and "name" in tooltip["text"]


@pytest.mark.parametrize("page", ["rangordning", "utveckling", "karta", "kommunprofil"])
def test_a_link_naming_a_view_folds_the_pickers_which_stay_on_the_page(page):
    """ "Ändra urval" is folded when the session opened on a link naming a view, open on a bare
    link; folded or not, the pickers are made on every run (they are bound to the URL)."""
    folded = open_app(FOCUS, page)
    bare = open_app({}, page)
    for at, expanded in ((folded, False), (bare, True)):
        fold = at.expander[0]
        assert fold.label == t("change_selection", "sv")
        assert fold.proto.expanded is expanded
        keys = {w.key for w in [*fold.selectbox, *fold.multiselect]}
        assert keys & {"w_kommun", "w_kommun_one"} and not at.exception
    # the link's values are in the folded widgets
    picked = [
        w
        for w in [*folded.expander[0].multiselect, *folded.expander[0].selectbox]
        if w.key in ("w_kommun", "w_kommun_one")
    ][0]
    assert picked.value in (["0180"], "0180")
    # a change in a folded picker still moves the view, and the fold stays as it was
    if page == "rangordning":
        folded.expander[0].selectbox(key="w_upplaga").set_value(2018).run()
        assert qp(folded)["upplaga"] == "2018" and folded.expander[0].proto.expanded is False
