"""The survey's themes beside Kolada's figures (data/catalogue/kolada_themes.yaml): every id and
title checked against the real KPI metadata (tests/fake_kolada/real/kpi.json), every survey
indicator against the catalogue, every "better" against the words of Kolada's description."""

from __future__ import annotations

import pytest
import yaml

from barnbaro import kolada as K
from barnbaro.core.catalogue import load_catalogue
from barnbaro.kolada import themes
from tests.fake_kolada.server import load

REAL = {k["id"]: k for k in load("kpi.json")}
CAT = load_catalogue()
ALL = [(ind, k) for ind, tk in themes.theme_map().items() for k in tk.kpis]


@pytest.mark.parametrize("ind, kpi", ALL, ids=[f"{i}-{k.id}" for i, k in ALL])
def test_each_mapped_key_figure_is_real_with_its_real_title(ind, kpi):
    assert kpi.id in REAL, f"{kpi.id} is not in Kolada's /v3/kpi"
    assert kpi.title == REAL[kpi.id]["title"]
    assert REAL[kpi.id]["municipality_type"] in ("K", "A")  # has values per municipality
    assert ind in CAT.indicators
    if kpi.better:
        assert kpi.better_basis and kpi.better_basis in REAL[kpi.id]["description"]
    else:
        assert kpi.better_basis is None


def test_the_mapping_is_the_one_the_project_promises():
    m = {ind: [k.id for k in tk.kpis] for ind, tk in themes.theme_map().items()}
    assert m["utvardering_upplevelser"] == [
        "U33901",
        "U33904",
        "U33575",
        "U33576",
        "U33577",
        "U33578",
        "U33579",
        "U33580",
        "U33581",
    ]
    assert m["utredningar_over_4_man"] == ["U33401"] and m["andel_forsenade_utredningar"] == ["U33401"]
    assert m["personalomsattning"] == ["U33816", "N30223"]
    assert m["halsoundersokning_lvu"] == ["N33818"] and m["halsoundersokning_annan_lag"] == ["N33818"]
    # a long investigation time is not a high position
    assert themes.theme_kpi("U33401").rank == "ascending"
    # participation does not claim a direction
    assert themes.theme_kpi("U33901").better is None and themes.theme_kpi("U33581").better == "higher"


def test_every_mapped_key_figure_is_fetched_by_default():
    assert set(themes.THEME_KPIS) <= set(K.DEFAULT_KPIS)
    assert len(K.DEFAULT_KPIS) == len(set(K.DEFAULT_KPIS))


@pytest.mark.parametrize(
    "doc, msg",
    [
        ({"themes": "x"}, "'themes'"),
        ({"themes": [{"kpis": []}]}, "'indicator'"),
        ({"themes": [{"indicator": "a", "kpis": [{"id": "U1"}]}]}, "'id' och 'title'"),
        (
            {"themes": [{"indicator": "a", "kpis": [{"id": "U1", "title": "t", "role": "x", "rank": "descending"}]}]},
            "okända",
        ),
        (
            {
                "themes": [
                    {
                        "indicator": "a",
                        "kpis": [
                            {"id": "U1", "title": "t", "role": "rating", "rank": "descending", "better": "higher"}
                        ],
                    }
                ]
            },
            "better_basis",
        ),
    ],
)
def test_a_malformed_mapping_names_the_entry(tmp_path, doc, msg):
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(themes.ThemeError, match=msg):
        themes.theme_map.__wrapped__(p)


# ---------------------------------------------------------------- the view beside each question

import datetime as dt  # noqa: E402

from barnbaro.core.i18n import t  # noqa: E402
from barnbaro.explore import kolada_views as KV  # noqa: E402
from tests.fake_kolada import FakeClock, FakeKolada  # noqa: E402

NOW = dt.datetime(2026, 3, 23, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    server = FakeKolada(page_size=5000, now=NOW.date()).start()
    try:
        out = tmp_path_factory.mktemp("kolada") / "kolada"
        K.fetch(out, base_url=server.base_url, client=K.KoladaClient(server.base_url, clock=FakeClock()), now=NOW)
    finally:
        server.stop()
    return K.load_cache(out)


def _col(lang, key):
    return t(key, lang)


def test_a_question_without_mapped_figures_has_no_view(cache):
    assert KV.theme_view(cache, "barnkonventionen", "0180", 2018, "sv", CAT, True) is None


def test_the_view_shows_nearest_and_latest_year_with_positions(cache):
    v = KV.theme_view(cache, "utredningar_over_4_man", "1480", 2016, "sv", CAT, True, kommun="Malmö")
    row = v.table.set_index(t("kolada_col_id", "sv")).loc["U33401"]
    h = K.headline(cache.values)
    u = h[(h["kpi"] == "U33401") & h["kommun_kod"].isin(set(cache.municipalities.query("kind == 'kommun'")["id"]))]
    for year, ycol, vcol, rcol in (
        (2016, "kolada_col_year_nearest", "kolada_col_value", "theme_col_rank"),
        (2024, "kolada_col_latest_year", "kolada_col_latest_value", "theme_col_rank_latest"),
    ):
        uy = u[u["period"] == year]
        mine = float(uy.loc[uy["kommun_kod"] == "1480", "value"].iloc[0])
        pos = int((uy["value"] < mine).sum()) + 1  # ascending: 1 = the shortest time
        assert row[t(ycol, "sv")] == str(year)
        assert row[t(vcol, "sv")] == f"{mine:.1f}".replace(".", ",").replace(",0", "")
        assert row[t(rcol, "sv")] == f"{pos} av {len(uy)} (1 = lägst)"
    assert row[t("theme_col_better", "sv")] == "anges inte av Kolada"
    assert "Malmö" in v.heading and "TESTDATA" in v.heading and v.is_test
    assert "Källa: Kolada" not in v.source


def test_brukarbedomning_ranks_among_those_taking_part_and_says_which_way_is_better(cache):
    v = KV.theme_view(cache, "utvardering_upplevelser", "0180", 2018, "en", CAT, True, kommun="Stockholm")
    tab = v.table.set_index(t("kolada_col_id", "en"))
    assert list(tab.index) == ["U33901", "U33904", "U33575", "U33576", "U33577", "U33578", "U33579", "U33580", "U33581"]
    n = int(tab.loc["U33575", t("theme_col_rank", "en")].split(" of ")[1].split(" ")[0])
    assert 50 < n < 290  # only the municipalities that have a value that year
    assert tab.loc["U33575", t("theme_col_better", "en")].startswith("higher: the share who “svarat Mycket lätt")
    assert tab.loc["U33901", t("theme_col_better", "en")] == "not stated by Kolada"
    assert "2016–2025" in v.captions[0] and "2016–2018" in v.captions[0]


def test_the_years_not_overlapping_the_survey_are_said_so(cache):
    recent = type(cache)(**{**cache.__dict__, "values": cache.values[cache.values["period"] >= 2020]})
    v = KV.theme_view(recent, "utvardering_upplevelser", "0180", 2018, "sv", CAT, True)
    assert "Åren överlappar inte" in v.captions[0] and "2020–2025" in v.captions[0] and "2013–2018" in v.captions[0]
    note = v.table[t("kolada_col_note", "sv")].iloc[0]
    assert "närmaste år med värde: 2020 (upplagan är 2018)" in note


def test_no_sentence_joins_a_sample_answer_to_an_official_figure(cache):
    """The text beside the figures names no answer of the survey and says the two are apart."""
    answers = {a.label(lang) for ind in CAT.indicators.values() for a in ind.answers for lang in ("sv", "en")}
    for ind_id in KV.mapped_indicators(CAT):
        for lang in ("sv", "en"):
            v = KV.theme_view(cache, ind_id, "0180", 2018, lang, CAT, True)
            text = " ".join([v.heading, v.note, *v.captions, v.source])
            assert not any(f" {a} " in f" {text} " for a in answers if len(a) > 3), ind_id
            assert t("theme_beside_sample", lang) in v.captions
            assert ("exempeldata" in text) if lang == "sv" else ("sample data" in text)


def test_a_municipality_without_a_value_gets_a_row_saying_so(cache):
    h = K.headline(cache.values)
    takes_part = set(h.loc[h["kpi"] == "U33901", "kommun_kod"])
    never = next(c for c in cache.municipalities.query("kind == 'kommun'")["id"] if c not in takes_part)
    v = KV.theme_view(cache, "utvardering_upplevelser", never, 2018, "sv", CAT, True)
    row = v.table.iloc[0]
    assert row[t("kolada_col_value", "sv")] == "–" and "inget värde" in row[t("kolada_col_note", "sv")]


def test_om_data_lists_every_key_figure_with_kolada_s_description_and_years(cache):
    tab = KV.key_figures_table(cache, CAT, "sv").set_index(t("kolada_col_id", "sv"))
    assert list(tab.index) == list(K.DEFAULT_KPIS)
    assert tab.loc["U33401", t("keyfig_col_description", "sv")] == REAL["U33401"]["description"]
    assert tab.loc["U33901", t("keyfig_col_years", "sv")] == "2016–2025"
    assert tab.loc["N33818", t("kolada_col_latest_year", "sv")] == "2024"
    assert "Hälsoundersökning" in tab.loc["N33818", t("keyfig_col_beside", "sv")]
    assert "revidera" in t("keyfig_intro", "sv", date="x", command="y")
    md = KV.key_figures_markdown(KV.key_figures_table(cache, CAT, "sv"), "sv")
    assert md.count("\n- ") == len(K.DEFAULT_KPIS) - 1 and "År med värden: 2016–2025; senaste: 2025" in md
    assert REAL["N30223"]["description"][:40] in md.replace("\\", "")
    none = KV.key_figures_table(None, CAT, "en")
    assert set(themes.THEME_KPIS) <= set(none[t("kolada_col_id", "en")])


def test_the_official_table_shows_the_year_nearest_the_edition_and_the_latest(cache):
    tab = KV.official_view(cache, "0180", 2014, "sv").table.set_index(t("kolada_col_id", "sv"))
    assert tab.loc["N33818", t("kolada_col_year_nearest", "sv")] == "2014"
    assert tab.loc["N33818", t("kolada_col_latest_year", "sv")] == "2024"  # published 2026-09-23: not yet
    assert tab.loc["U33816", t("kolada_col_latest_year", "sv")] == "2025"  # published 2026-02-28


# ---------------------------------------------------------------- the page parts in AppTest


def _profile_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.theme_profile(ViewState(upplaga=2018, kommuner=("0580",)), "0580")


def _key_figures_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.key_figures(ViewState())


def _beside_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.beside_question(ViewState(indikator="personalomsattning", upplaga=2018, kommuner=("0180",)), "0180")


@pytest.mark.parametrize("app, tables", [(_profile_app, 4), (_key_figures_app, 0), (_beside_app, 2)])
def test_the_page_parts_render_the_copy_as_test_data(app, tables, cache, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from barnbaro.kolada import cache as KC

    monkeypatch.setattr(KC, "KOLADA_DIR", cache.directory)
    at = AppTest.from_function(app, default_timeout=60).run()
    assert not at.exception
    assert len(at.dataframe) == tables
    text = "\n".join(str(e.value) for kind in ("warning", "caption", "markdown") for e in getattr(at, kind))
    assert "Testdata, inte Kolada" in text and "Källa: Kolada" not in text


@pytest.mark.parametrize("app", [_profile_app, _key_figures_app, _beside_app])
def test_without_a_copy_the_page_parts_say_how_to_fetch(app, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from barnbaro.kolada import cache as KC

    monkeypatch.setattr(KC, "KOLADA_DIR", tmp_path / "none")
    at = AppTest.from_function(app, default_timeout=60).run()
    assert not at.exception
    text = "\n".join(str(e.value) for kind in ("info", "markdown") for e in getattr(at, kind))
    assert K.FETCH_COMMAND in text


def test_a_figure_beside_two_questions_is_shown_once_under_both(cache):
    groups = KV.mapped_groups(CAT)
    assert ("utredningar_over_4_man", "andel_forsenade_utredningar") in groups
    assert ("halsoundersokning_lvu", "halsoundersokning_annan_lag") in groups
    v = KV.theme_view(
        cache, "halsoundersokning_lvu", "0180", 2018, "sv", CAT, True, also=("halsoundersokning_annan_lag",)
    )
    assert v.heading.startswith(
        "Hälsoundersökning när barn placeras enligt LVU och Hälsoundersökning när barn "
        "placeras enligt annan lag än LVU: "
    )


@pytest.mark.parametrize(
    "titles, prefix",
    [
        (
            [
                "Brukarbedömning barn- och ungdomsvård IFO, svarsfrekvens (%)",
                "Brukarbedömning barn- och ungdomsvård IFO - få kontakt, andel (%)",
                "Brukarbedömning barn- och ungdomsvård IFO  - helhetssyn, andel (%)",
            ],
            "Brukarbedömning barn- och ungdomsvård IFO",
        ),
        (
            [
                "Handläggare med socionomutbildning, andel (%)",
                "Årsarbetare, kommunalt anställda socialsekreterare, antal",
            ],
            None,
        ),
        (["Invånare totalt, antal", "Invånare 0-20 år, antal"], None),  # "Invånare" is too short to show apart
        (["Utredningstid, dagar"], None),
    ],
)
def test_a_shared_start_of_the_titles_is_shown_once(titles, prefix):
    assert KV.common_title_prefix(titles) == prefix


def test_the_brukarbedomning_rows_show_what_tells_them_apart(cache):
    v = KV.theme_view(cache, "utvardering_upplevelser", "0180", 2018, "sv", CAT, True)
    assert v.table[t("kolada_col_kpi", "sv")].tolist()[:3] == [
        "Svarsfrekvens (%)",
        "Antal svar",
        "Få kontakt, andel (%)",
    ]
    assert "börjar med ”Brukarbedömning barn\\- och ungdomsvård IFO”" in v.captions[0]


def test_the_index_gives_the_positions_and_rows_the_whole_copy_gives(cache):
    """kolada_views.index (made once per copy) against filtering the whole copy, as the views
    did per call: every key figure, year and municipality, both orders."""
    from barnbaro.kolada.cache import headline

    ix = KV.index(cache)
    assert KV.index(cache) is ix  # once per copy
    h = headline(cache.values)
    kommuner = KV._kommuner(cache)
    checked = 0
    for kpi in sorted(set(h["kpi"])):
        hk = h[h["kpi"] == kpi]
        assert ix.years(kpi) == {int(y) for y in hk.loc[hk["value"].notna(), "period"]}
        for code in sorted(set(hk["kommun_kod"]))[:40]:
            mine = hk[hk["kommun_kod"] == code]
            assert ix.mine(kpi, code).reset_index(drop=True).equals(mine.reset_index(drop=True))
            for _, r in mine[mine["value"].notna()].iterrows():
                year_values = hk[hk["period"] == r["period"]]
                for rank in ("descending", "ascending"):
                    want = KV.position(year_values, kommuner, float(r["value"]), rank)
                    assert ix.position(kpi, int(r["period"]), float(r["value"]), rank) == want
                    checked += 1
    assert checked > 100
    assert ix.mine("NO_SUCH_KPI", "0180").empty and ix.years("NO_SUCH_KPI") == set()
    assert ix.title(cache, kpi) == cache.kpi_title(kpi)
