"""The chart specs (barnbaro.charts) are written as plain dicts, not through Altair's schema
objects, so nothing checks them at runtime: these tests validate every spec the pages can show
against the Vega-Lite schema, and check that each layer's data exists and is plain JSON."""
from __future__ import annotations

import json

import jsonschema
import pytest
from altair.vegalite.v6.schema import core

from barnbaro import analysis as A
from barnbaro import charts, views
from barnbaro.i18n import t
from barnbaro.urlstate import ViewState
from tests.explorer_helpers import CAT

SCHEMA = core.load_schema()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
STATES = [  # (kommuner, urval, lage)
    ((), "alla", "normal"),
    (("0180", "1480", "2584"), "alla", "normal"),
    (("0180",), "lan", "present"),
    (("0180",), "grupp", "embed"),
]


def assert_valid(spec: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(json.loads(json.dumps(spec))), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message[:200]}" for e in errors[:5]]
    names = set(spec.get("datasets", {}))
    for layer in spec["layer"]:
        assert layer["data"]["name"] in names
    for name, rows in spec["datasets"].items():
        assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows), name


def every_chart(data, figures):
    for ind in CAT.indicators.values():
        for ed in ind.editions:
            if ed not in data.editions:
                continue
            ranked = A.rank(A.edition_frame(data, ind, ed), ind)
            for lang in ("sv", "en"):
                for kommuner, urval, lage in STATES:
                    s = ViewState(kommuner=kommuner, indikator=ind.id, upplaga=ed, lang=lang, urval=urval, lage=lage)
                    peers = A.peer_group("lan", s.focus, data, CAT, ed, {}, ()) if s.focus else []
                    yield f"ranking {ind.id} {ed} {lang} {urval} {lage}", views.ranking_view(
                        data, CAT, figures, s, ranked, peers).chart
                    if ed == max(e for e in ind.editions if e in data.editions):
                        tv = views.trends_view(data, CAT, figures, s, peers)
                        yield f"shares {ind.id} {lang} {lage}", tv.shares_chart
                        if tv.answers_chart is not None:
                            yield f"answers {ind.id} {lang} {lage}", tv.answers_chart
        yield f"legend {ind.id}", charts.legend_chart(charts.legend_rows(ind, "sv"))


def test_every_chart_spec_is_valid_vega_lite(data, figures):
    seen = 0
    for name, spec in every_chart(data, figures):
        try:
            assert_valid(spec)
        except AssertionError as e:
            raise AssertionError(f"{name}: {e}") from None
        seen += 1
    assert seen > 300


def test_an_invalid_spec_is_caught():
    """The validator is not vacuous: a misspelt mark and a wrong channel type fail."""
    spec = charts.legend_chart([("Ja", "#2166ac")])
    bad = json.loads(json.dumps(spec))
    bad["layer"][0]["mark"]["type"] = "sqaure"
    with pytest.raises(AssertionError):
        assert_valid(bad)
    bad = json.loads(json.dumps(spec))
    bad["layer"][1]["encoding"]["text"]["type"] = "categorical"
    with pytest.raises(AssertionError):
        assert_valid(bad)


def test_records_turn_missing_values_into_null():
    import pandas as pd

    rows = charts.records(pd.DataFrame({"a": [1.5, float("nan")], "b": pd.array(["x", pd.NA], dtype="string")}))
    assert rows == [{"a": 1.5, "b": "x"}, {"a": None, "b": None}]
    json.dumps(rows, allow_nan=False)


def test_ranking_chart_sizes_follow_the_mode(data, figures):
    ind = CAT["personalomsattning"]
    ranked = A.rank(A.edition_frame(data, ind, 2018), ind)
    heights = {}
    for lage in ("normal", "present", "embed"):
        s = ViewState(indikator=ind.id, upplaga=2018, lage=lage)
        spec = views.ranking_view(data, CAT, figures, s, ranked, []).chart
        heights[lage] = spec["height"]
        size = views.chart_size(s)
        assert spec["config"]["axis"]["labelFontSize"] == charts.SIZES[size]["font"]
        assert spec["height"] == charts.SIZES[size]["row"] * len(ind.answer_ids) + charts.SIZES[size]["extra"]
    assert heights["embed"] < heights["normal"] < heights["present"]


# ---------------------------------------------------------------- start page and profile

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_start_page_charts_are_valid(data, figures, lang):
    from barnbaro.published import load_responses

    v = views.overview_view(data, CAT, figures, load_responses(), lang)
    assert [ind.id for ind, _ in v.national] == list(CAT.indicators)
    for ind, spec in v.national:
        assert_valid(spec)
        assert spec["title"]["text"] == ind.short_for(lang)
        assert (spec["title"]["subtitle"][-1] == data.sample_label(lang, "short")) == data.is_sample
    assert_valid(v.participation)


@pytest.mark.parametrize("code, edition, jamfor, lage", [
    ("0484", 2018, "lan", "normal"), ("0484", 2018, "grannar", "present"), ("0580", 2018, "lan", "normal"),
    ("0580", 2018, "grannar", "embed"), ("0180", 2016, "lika", "normal")])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_profile_charts_are_valid(data, nb_all, code, edition, jamfor, lage, lang):
    s = ViewState(kommuner=(code,), upplaga=edition, lang=lang, jamfor=jamfor, lage=lage)
    peers = A.peer_group(jamfor, code, data, CAT, edition, nb_all)
    v = views.profile_view(data, CAT, s, code, peers)
    assert_valid(v.chart)
    series = {r["series"] for r in v.chart["datasets"]["refs"]}
    assert len(series) == (2 if jamfor == "lan" else 3)  # the county is the peer group: one series


@pytest.fixture(scope="module")
def nb_all():
    from barnbaro import geo

    return geo.neighbours()
