"""The chart specs (barnbaro.render.charts) are written as plain dicts, not through Altair's schema
objects, so nothing checks them at runtime: these tests validate every spec the pages can show
against the Vega-Lite schema, and check that each layer's data exists and is plain JSON."""

from __future__ import annotations

import json

import jsonschema
import pytest
from altair.vegalite.v6.schema import core

from barnbaro.explore import analysis as A
from barnbaro.explore import views
from barnbaro.explore.urlstate import ViewState
from barnbaro.render import charts
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
                    yield (
                        f"ranking {ind.id} {ed} {lang} {urval} {lage}",
                        views.ranking_view(data, CAT, figures, s, ranked, peers).chart,
                    )
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


# ---------------------------------------------------------------- labels that fit, descriptions


@pytest.mark.parametrize(
    "text, limit, lines",
    [
        ("En av fem eller fler, men färre än hälften", 16, ["En av fem eller", "fler, men färre", "än hälften"]),
        ("Ja", 16, ["Ja"]),
        ("Skinnskatteberg", 8, ["Skinnskatteberg"]),  # a word longer than a line stays whole
        ("Västerbottens län", 14, ["Västerbottens", "län"]),
    ],
)
def test_wrap_breaks_between_words_and_never_inside_one(text, limit, lines):
    assert charts.wrap(text, limit) == lines
    assert " ".join(charts.wrap(text, limit)) == text


def test_name_lines_keep_every_name_whole_and_in_order():
    names = ["Skinnskatteberg", "Upplands Väsby", "Örnsköldsvik", "Ale", "Bjuv", "Hallstahammar"]
    lines = charts.name_lines(names, 22)
    assert all(len(line) <= 22 for line in lines if "," in line[:-1] or " " in line)
    assert " ".join(lines) == ", ".join(names)
    assert charts.name_lines(["Ekerö"]) == ["Ekerö"]


@pytest.mark.parametrize(
    "values, gap",
    [
        ([45.0, 45.0], 10),
        ([45.0, 38.0, 44.0], 12),
        ([99.0, 100.0, 98.5], 8),
        ([0.0, 1.0], 6),
        ([50.0], 5),
        ([10.0, 80.0], 5),
    ],
)
def test_dodge_keeps_labels_apart_moving_them_only_as_needed(values, gap):
    out = charts.dodge(values, gap)
    assert len(out) == len(values)
    ordered = sorted(out)
    assert all(b - a >= gap - 1e-6 for a, b in zip(ordered, ordered[1:]))
    assert all(0 - 1e-9 <= y <= 100 + 1e-9 for y in out)  # kept on the axis when they fit
    if all(abs(a - b) >= gap for i, a in enumerate(values) for b in values[i + 1 :]):
        assert out == values  # labels far enough apart are not moved
    # the order of the labels is the order of the values
    assert sorted(range(len(values)), key=lambda i: (values[i], i)) == sorted(
        range(len(values)), key=lambda i: (out[i], i)
    )


def ranking_rows(data, figures, kommuner, indicator="andel_forsenade_utredningar", edition=2018, urval="alla"):
    ind = CAT[indicator]
    ranked = A.rank(A.edition_frame(data, ind, edition), ind)
    s = ViewState(kommuner=kommuner, indikator=indicator, upplaga=edition, urval=urval)
    peers = A.peer_group("lan", s.focus, data, CAT, edition, {}, ()) if s.focus else []
    spec = views.ranking_view(data, CAT, figures, s, ranked, peers).chart
    return spec, spec["datasets"]["ranking"]


def test_ranking_share_label_goes_right_of_the_references(data, figures):
    """The share's text starts after the bar, riket's tick and the published diamond, whichever
    is furthest right (a 0 % bar's label no longer sits on riket's tick)."""
    spec, rows = ranking_rows(data, figures, ("1904",), urval="lan")
    assert any(r["riket_share"] is not None for r in rows)
    for r in rows:
        refs = [v for v in (r["share"], r["riket_share"], r["published_share"]) if v is not None]
        assert r["label_x"] == max(refs)
    layer = next(lr for lr in spec["layer"] if lr["encoding"].get("text", {}).get("field") == "share_text")
    assert layer["encoding"]["x"]["field"] == "label_x"


def test_ranking_names_sit_under_their_bar_on_lines_of_their_own(data, figures):
    eight = ("1904", "0114", "1781", "2061", "1290", "2284", "1257", "0483")  # one answer, long names
    spec, rows = ranking_rows(data, figures, eight)
    row = next(r for r in rows if r["names"])
    lines = row["names_lines"].split(charts.LINE_SEP)
    assert len(lines) == row["n_lines"] > 3 and all(len(x) <= charts.WRAP_AT for x in lines)
    assert ", ".join(x.rstrip(",") for x in lines) == row["names"]
    names_layer = next(lr for lr in spec["layer"] if lr["encoding"].get("text", {}).get("field") == "names_text")
    assert names_layer["encoding"]["x"] == {"value": 0} and names_layer["mark"]["baseline"] == "top"
    # every row is tall enough for the names: the chart grows with the lines
    _, plain = ranking_rows(data, figures, ())
    base = charts.SIZES["normal"]["row"]
    assert spec["height"] - _spec_height(plain) >= len(rows) * (row["n_lines"] * round(14 * 1.3)) - 1
    assert base > 0
    # the answers' axis labels are wrapped too (split again in the browser)
    long = next(r for r in rows if len(r["label"]) > 30)
    assert charts.LINE_SEP in long["ylab"] and long["ylab"].replace(charts.LINE_SEP, " ") == long["label"]


def _spec_height(rows) -> int:
    return charts.SIZES["normal"]["row"] * len(rows) + charts.SIZES["normal"]["extra"]


def test_trend_end_labels_move_apart_when_the_lines_end_close(data, figures):
    s = ViewState(kommuner=("2401",), indikator="halsoundersokning_lvu")  # Västerbotten ends where riket does
    ends = views.trends_view(data, CAT, figures, s, []).shares_chart["datasets"]["ends"]
    assert len(ends) == 2 and abs(ends[0]["share"] - ends[1]["share"]) < 0.5
    assert abs(ends[0]["label_y"] - ends[1]["label_y"]) > 10
    assert any(charts.LINE_SEP in e["label"] for e in ends)  # "Västerbottens län" on two lines


@pytest.mark.parametrize(
    "changed, sides",
    [
        ([2018], {2018: "right"}),
        ([2017, 2018], {2017: "left", 2018: "right"}),
        ([2015, 2017], {2015: "right", 2017: "right"}),
    ],
)
def test_change_markers_of_neighbouring_editions_point_apart(changed, sides):
    ind = CAT["personalomsattning"]
    ds: dict = {}
    fake = type("I", (), {"editions": ind.editions, "changes": {e: {"sv": "x"} for e in changed}})()
    layers = charts._change_rules(changed, fake, "sv", ds)
    assert {r["edition"]: r["side"] for r in ds["changes"]} == sides
    assert len(layers) == 3


def test_every_chart_has_a_text_description(data, figures):
    """The description is the chart's text alternative (Vega puts it on the chart as aria-label):
    every chart the pages show has one, in the page's language, naming what the chart shows."""
    for name, spec in every_chart(data, figures):
        assert spec.get("description"), name
    s = ViewState(kommuner=("0180",), indikator="utvardering_upplevelser", upplaga=2017)
    ranked = A.rank(A.edition_frame(data, CAT["utvardering_upplevelser"], 2017), CAT["utvardering_upplevelser"])
    sv = views.ranking_view(data, CAT, figures, s, ranked, []).chart["description"]
    en = views.ranking_view(data, CAT, figures, s.with_(lang="en"), ranked, []).chart["description"]
    assert sv.startswith("Stapeldiagram") and "Stockholm svarade" in sv and "Ja " in sv
    assert en.startswith("Bar chart") and "Stockholm answered" in en and "Yes " in en
    legend = charts.legend_chart(charts.legend_rows(CAT["barnkonventionen"], "en"), "en")
    assert legend["description"].startswith("The map's legend") and "Did not answer" in legend["description"]
    assert all(layer["mark"].get("aria") is False for layer in legend["layer"])


# ---------------------------------------------------------------- start page and profile


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_start_page_charts_are_valid(data, figures, lang):
    from barnbaro.core.published import load_responses

    v = views.overview_view(data, CAT, figures, load_responses(), lang)
    assert [ind.id for ind, _ in v.national] == list(CAT.indicators)
    for ind, spec in v.national:
        assert_valid(spec)
        assert spec["title"]["text"] == ind.short_for(lang)
        assert (spec["title"]["subtitle"][-1] == data.sample_label(lang, "short")) == data.is_sample
    assert_valid(v.participation)


@pytest.mark.parametrize(
    "code, edition, jamfor, lage",
    [
        ("0484", 2018, "lan", "normal"),
        ("0484", 2018, "grannar", "present"),
        ("0580", 2018, "lan", "normal"),
        ("0580", 2018, "grannar", "embed"),
        ("0180", 2016, "lika", "normal"),
    ],
)
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
    from barnbaro.explore import geo

    return geo.neighbours()
