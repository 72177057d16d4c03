"""The share with a given answer: the one computation behind every "share with the desired
answer" of the app, the press kit and the check against the published figures."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import pandas as pd


def share_of(answers: pd.Series | Iterable, wanted: Collection[str]) -> tuple[float, int, int]:
    """(share in per cent, k, n): of the n municipalities that answered (null = did not answer;
    "don't know" is an answer and counts in n), k gave one of the `wanted` answers. NaN when
    none answered. `answers` is a column of answers, or any iterable with None for no answer."""
    if isinstance(answers, pd.Series):
        given = answers.dropna()
        n = len(given)
        k = int(given.isin(list(wanted)).sum())
    else:
        given = [a for a in answers if a is not None]
        n = len(given)
        k = sum(1 for a in given if a in wanted)
    return (100.0 * k / n if n else float("nan")), k, n
