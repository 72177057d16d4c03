"""barnbaro.core.published: the published figures, the data's shares, and the calibration of the
bundled sample (every figure within ±2 percentage points)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from barnbaro.cli import TOLERANCE_PP
from barnbaro.core import paths
from barnbaro.core.catalogue import EDITIONS, load_catalogue
from barnbaro.core.data import load_clean
from barnbaro.core.published import compare, load_figures, load_responses, share

CAT = load_catalogue()
FIGURES = load_figures()


@pytest.fixture(scope="module")
def bundled_comparison() -> pd.DataFrame:
    return compare(load_clean(paths.CLEAN_DIR).answers).set_index("figure_id")


@pytest.mark.parametrize("figure_id", list(FIGURES["figure_id"]))
def test_bundled_data_reproduces_published_figure(bundled_comparison, figure_id):
    row = bundled_comparison.loc[figure_id]
    assert row["n"] > 100  # a national share over the respondents, not a handful
    assert abs(row["diff_pp"]) <= TOLERANCE_PP, row.to_dict()
    assert row["data"] == pytest.approx(100 * row["k"] / row["n"])


# --- the published tables ----------------------------------------------------------------


def test_figure_ids_are_unique():
    assert FIGURES["figure_id"].is_unique


@pytest.mark.parametrize("figure_id", list(FIGURES["figure_id"]))
def test_figure_refers_to_catalogue_answers_of_an_edition_asked(figure_id):
    f = FIGURES.set_index("figure_id").loc[figure_id]
    ind = CAT[f.indicator_id]
    assert int(f.edition) in ind.editions
    assert ind.editions_basis[int(f.edition)] == "published"
    assert f.answers and set(f.answers) <= set(ind.answer_ids)
    assert 0 < f.share_published < 100
    assert f.source_url.startswith("https://")


def test_responses_cover_every_edition():
    r = load_responses()
    assert list(r["edition"]) == list(EDITIONS)
    assert r.set_index("edition").loc[2018, "responded"] == 171


# --- share and compare -------------------------------------------------------------------


def _answers(rows):
    return pd.DataFrame(rows, columns=["edition", "kommun_kod", "indicator_id", "answer"]).astype({"answer": "string"})


A = _answers(
    [
        (2018, "0114", "x", "ja"),
        (2018, "0115", "x", "ja"),
        (2018, "0117", "x", "nej"),
        (2018, "0120", "x", "vet_ej"),  # don't know counts in the denominator
        (2018, "0123", "x", None),  # no answer does not
        (2017, "0114", "x", "nej"),  # another edition
        (2018, "0114", "y", "ja"),  # another indicator
    ]
)


@pytest.mark.parametrize(
    "edition, indicator, answers, expected",
    [
        (2018, "x", ["ja"], (50.0, 2, 4)),
        (2018, "x", ["nej"], (25.0, 1, 4)),
        (2018, "x", ["ja", "nej"], (75.0, 3, 4)),
        (2018, "x", ["vet_ej"], (25.0, 1, 4)),
        (2018, "x", ["kanske"], (0.0, 0, 4)),
        (2017, "x", ["nej"], (100.0, 1, 1)),
        (2018, "y", ["ja"], (100.0, 1, 1)),
    ],
)
def test_share(edition, indicator, answers, expected):
    assert share(A, edition, indicator, answers) == expected


@pytest.mark.parametrize("edition, indicator", [(2016, "x"), (2018, "z")])
def test_share_without_answers_is_nan(edition, indicator):
    s, k, n = share(A, edition, indicator, ["ja"])
    assert math.isnan(s) and (k, n) == (0, 0)


def test_compare_lines_up_figures_and_data():
    figures = pd.DataFrame(
        [
            {
                "figure_id": "f1",
                "edition": 2018,
                "indicator_id": "x",
                "answers": ["ja"],
                "as_published": "48 %",
                "share_published": 48.0,
            },
            {
                "figure_id": "f2",
                "edition": 2016,
                "indicator_id": "x",
                "answers": ["ja"],
                "as_published": "10 %",
                "share_published": 10.0,
            },
        ]
    )
    c = compare(A, figures).set_index("figure_id")
    assert c.loc["f1", "data"] == 50.0 and c.loc["f1", "diff_pp"] == pytest.approx(2.0)
    assert (c.loc["f1", "k"], c.loc["f1", "n"]) == (2, 4)
    assert math.isnan(c.loc["f2", "diff_pp"])
    assert list(c.columns) == [
        "edition",
        "indicator_id",
        "answers",
        "as_published",
        "published",
        "data",
        "k",
        "n",
        "diff_pp",
    ]
