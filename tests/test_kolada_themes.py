"""The survey's themes beside Kolada's figures (data/catalogue/kolada_themes.yaml): every id and
title checked against the real KPI metadata (tests/fake_kolada/real/kpi.json), every survey
indicator against the catalogue, every "better" against the words of Kolada's description."""
from __future__ import annotations

import pytest
import yaml

from barnbaro import kolada as K
from barnbaro.catalogue import load_catalogue
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
    assert m["utvardering_upplevelser"] == ["U33901", "U33904", "U33575", "U33576", "U33577", "U33578", "U33579",
                                            "U33580", "U33581"]
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


@pytest.mark.parametrize("doc, msg", [
    ({"themes": "x"}, "'themes'"),
    ({"themes": [{"kpis": []}]}, "'indicator'"),
    ({"themes": [{"indicator": "a", "kpis": [{"id": "U1"}]}]}, "'id' och 'title'"),
    ({"themes": [{"indicator": "a", "kpis": [{"id": "U1", "title": "t", "role": "x", "rank": "descending"}]}]}, "okända"),
    ({"themes": [{"indicator": "a", "kpis": [{"id": "U1", "title": "t", "role": "rating", "rank": "descending",
                                               "better": "higher"}]}]}, "better_basis"),
])
def test_a_malformed_mapping_names_the_entry(tmp_path, doc, msg):
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(themes.ThemeError, match=msg):
        themes.theme_map.__wrapped__(p)
