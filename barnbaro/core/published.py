"""The published national figures (data/published/) and the data's own shares beside them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .shares import share_of


@lru_cache(maxsize=2)
def load_figures(directory: Path = paths.PUBLISHED_DIR) -> pd.DataFrame:
    df = pd.read_csv(Path(directory) / "figures.csv", dtype={"answers": str}, keep_default_na=False)
    return df.assign(
        answers=df["answers"].str.split("|"),
        edition=df["edition"].astype(int),
        share_published=df["share_published"].astype(float),
    )


@lru_cache(maxsize=2)
def load_responses(directory: Path = paths.PUBLISHED_DIR) -> pd.DataFrame:
    df = pd.read_csv(Path(directory) / "responses.csv", keep_default_na=False)
    return df.assign(
        edition=df["edition"].astype(int), responded=pd.to_numeric(df["responded"], errors="coerce").astype("Int64")
    )


def share(answers: pd.DataFrame, edition: int, indicator_id: str, answer_ids: list[str]) -> tuple[float, int, int]:
    """Share (per cent) of the municipalities that answered the question (don't know included
    in the denominator) whose answer is one of `answer_ids`; with the numerator and denominator."""
    a = answers[(answers["edition"] == edition) & (answers["indicator_id"] == indicator_id)]
    return share_of(a["answer"], answer_ids)


def compare(answers: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every published figure beside the data's share: figure_id, edition, indicator_id,
    published, data, k, n, diff_pp."""
    figures = load_figures() if figures is None else figures
    rows = []
    for f in figures.itertuples(index=False):
        s, k, n = share(answers, f.edition, f.indicator_id, f.answers)
        rows.append(
            {
                "figure_id": f.figure_id,
                "edition": f.edition,
                "indicator_id": f.indicator_id,
                "answers": "|".join(f.answers),
                "as_published": f.as_published,
                "published": f.share_published,
                "data": s,
                "k": k,
                "n": n,
                "diff_pp": s - f.share_published,
            }
        )
    return pd.DataFrame(rows)


@lru_cache(maxsize=2)
def load_examples(directory: Path = paths.PUBLISHED_DIR) -> tuple[dict, ...]:
    import yaml

    with open(Path(directory) / "good_examples.yaml", encoding="utf-8") as f:
        return tuple(yaml.safe_load(f)["examples"])
