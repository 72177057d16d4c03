"""barnbaro.core.shares: the one share-with-an-answer computation, from a column or a list."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from barnbaro.core.shares import share_of


@pytest.mark.parametrize(
    "answers, wanted, expected",
    [
        (["ja", "nej", "vet_ej", None], {"ja"}, (100 / 3, 1, 3)),  # "don't know" counts in n, no answer does not
        (["ja", "ja"], {"ja", "nej"}, (100.0, 2, 2)),
        (["nej"], {"ja"}, (0.0, 0, 1)),
        (["ja"], set(), (0.0, 0, 1)),
    ],
)
def test_share_of_a_list_and_of_a_column_agree(answers, wanted, expected):
    column = pd.Series(answers, dtype="string")
    for given in (answers, column):
        share, k, n = share_of(given, wanted)
        assert (k, n) == expected[1:]
        assert share == pytest.approx(expected[0])


@pytest.mark.parametrize(
    "given", [[], [None, None], pd.Series([pd.NA, None], dtype="string"), pd.Series([], dtype="string")]
)
def test_nobody_answered_is_nan(given):
    share, k, n = share_of(given, {"ja"})
    assert math.isnan(share) and (k, n) == (0, 0)
