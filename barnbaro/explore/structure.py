"""Do the answers follow structure? One indicator and edition by SKR kommungrupp, with a
permutation test of association. Pure pandas/numpy: DataFrames in, DataFrames out, seeded.

The reports said the differences between municipalities were not explained by structural
factors such as city/countryside. This module lets the data speak to that, without claiming
more than a test can: a small p-value says the answers differ between the groups more than a
random reshuffle of the same answers usually does; a large one says the data shows no such
difference, which is not proof that there is none.

Method: among the municipalities that gave a ranked answer (not "don't know", which takes no
position) and have a group, the chi-square statistic of the group x answer table is compared
with the same statistic after randomly reassigning the answers to the municipalities (group
sizes and answer totals stay fixed). p = (1 + reshuffles at least as extreme) / (1 + reshuffles).
This stays valid with small cells, where the chi-square distribution does not. Cramér's V gives
the strength (0 none, 1 the group decides the answer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from ..core.catalogue import Indicator
from ..core.i18n import LOCALE, fmt_pct, norm_lang, t
from ..core.shares import share_of

ALPHA = 0.05
N_PERMUTATIONS = 9999
SEED = 20180601
MIN_EXPECTED = 5.0
BATCH = 1000


# ---------------------------------------------------------------- the statistics


def crosstab(groups, answers) -> tuple[np.ndarray, list, list]:
    """Counts of each (group, answer) pair, rows and columns in sorted order; pairs with a
    missing group or answer are left out."""
    df = pd.DataFrame({"g": list(groups), "a": list(answers)}).dropna()
    if df.empty:
        return np.zeros((0, 0), dtype=np.int64), [], []
    tab = pd.crosstab(df["g"], df["a"])
    return tab.to_numpy(dtype=np.int64), list(tab.index), list(tab.columns)


def _nonempty(table: np.ndarray) -> np.ndarray:
    table = np.asarray(table, dtype=float)
    if table.ndim != 2 or table.size == 0:
        return np.zeros((0, 0))
    return table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]


def expected(table: np.ndarray) -> np.ndarray:
    t_ = _nonempty(table)
    n = t_.sum()
    return np.outer(t_.sum(axis=1), t_.sum(axis=0)) / n if n else t_


def chi_square(table: np.ndarray) -> float:
    """Pearson's chi-square of a contingency table (empty rows and columns dropped)."""
    t_ = _nonempty(table)
    if t_.shape[0] < 2 or t_.shape[1] < 2:
        return 0.0
    e = expected(t_)
    return float(((t_ - e) ** 2 / e).sum())


def cramers_v(table: np.ndarray) -> float:
    t_ = _nonempty(table)
    r, c = t_.shape if t_.ndim == 2 else (0, 0)
    n = t_.sum()
    if min(r, c) < 2 or not n:
        return float("nan")
    return float(math.sqrt(chi_square(t_) / (n * (min(r, c) - 1))))


@dataclass(frozen=True)
class AssociationTest:
    n: int  # municipalities in the test
    n_groups: int  # groups with at least one of them
    n_categories: int  # answers given by at least one of them
    chi2: float
    p_value: float | None  # None when not testable
    cramers_v: float
    n_permutations: int
    seed: int
    cells: int
    small_cells: int  # cells with an expected count below MIN_EXPECTED
    alpha: float = ALPHA
    reason: str = ""  # why not testable: "no_answers" | "one_group" | "one_answer"

    @property
    def testable(self) -> bool:
        return self.p_value is not None

    @property
    def verdict(self) -> str:
        """association | no_evidence | not_testable."""
        if not self.testable:
            return "not_testable"
        return "association" if self.p_value <= self.alpha else "no_evidence"


def association_test(
    groups, answers, n_permutations: int = N_PERMUTATIONS, seed: int = SEED, alpha: float = ALPHA
) -> AssociationTest:
    """Permutation test of association between two categorical series of equal length."""
    table, _, _ = crosstab(groups, answers)
    t_ = _nonempty(table)
    n = int(t_.sum())
    r, c = t_.shape
    base = dict(n=n, n_groups=r, n_categories=c, n_permutations=n_permutations, seed=seed, alpha=alpha)
    if n == 0 or r < 2 or c < 2:
        reason = "no_answers" if n == 0 else "one_group" if r < 2 else "one_answer"
        return AssociationTest(
            chi2=float("nan"), p_value=None, cramers_v=float("nan"), cells=r * c, small_cells=0, reason=reason, **base
        )
    e = expected(t_)
    observed = chi_square(t_)
    # Expand the table back into one (group, answer) pair per municipality, then reshuffle answers.
    g = np.repeat(np.arange(r), t_.sum(axis=1).astype(int))
    a = np.concatenate([np.repeat(np.arange(c), t_[i].astype(int)) for i in range(r)])
    rng = np.random.default_rng(seed)
    extreme = 0
    tol = 1e-9 * max(1.0, observed)
    done = 0
    while done < n_permutations:
        b = min(BATCH, n_permutations - done)
        perms = rng.permuted(np.broadcast_to(a, (b, n)), axis=1)
        idx = (np.arange(b)[:, None] * (r * c)) + g[None, :] * c + perms
        counts = np.bincount(idx.ravel(), minlength=b * r * c).reshape(b, r, c)
        stats = ((counts - e) ** 2 / e).sum(axis=(1, 2))
        extreme += int((stats >= observed - tol).sum())
        done += b
    p = (1 + extreme) / (1 + n_permutations)
    return AssociationTest(
        chi2=observed,
        p_value=p,
        cramers_v=cramers_v(t_),
        cells=r * c,
        small_cells=int((e < MIN_EXPECTED).sum()),
        **base,
    )


# ---------------------------------------------------------------- the survey by group


def with_groups(frame: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """An edition frame (kommun_kod, answer, ...) joined to groups (kommun_kod, group_code,
    group_name): every municipality of the frame, group columns <NA> where it has none."""
    g = groups[["kommun_kod", "group_code", "group_name"]].drop_duplicates("kommun_kod")
    return frame.merge(g, on="kommun_kod", how="left")


def test_by_group(
    frame: pd.DataFrame, groups: pd.DataFrame, ind: Indicator, n_permutations: int = N_PERMUTATIONS, seed: int = SEED
) -> AssociationTest:
    """The test on the ranked answers ("don't know" and no answer left out) of municipalities
    that have a group."""
    f = with_groups(frame, groups)
    f = f[f["answer"].isin(list(ind.ranked_answers)) & f["group_code"].notna()]
    return association_test(f["group_code"].astype(str), f["answer"].astype(str), n_permutations, seed)


def group_table(
    frame: pd.DataFrame, groups: pd.DataFrame, ind: Indicator, lang: str, group_names: dict | None = None
) -> pd.DataFrame:
    """Per group (in code order; municipalities without a group last): municipalities, how many
    answered, each answer's count, the share with the desired answer, how many did not answer."""
    f = with_groups(frame, groups)
    f = f.assign(group_code=f["group_code"].astype("string").fillna("–"))
    names = dict(zip(groups["group_code"], groups["group_name"])) | dict(group_names or {})
    rows = []
    for code in sorted(set(f["group_code"]), key=lambda c: (c == "–", c)):
        gf = f[f["group_code"] == code]
        answered = gf[gf["answer"].notna()]
        row = {
            t("structure_col_group", lang): f"{code} {names.get(code, '')}".strip()
            if code != "–"
            else t("structure_no_group", lang),
            t("structure_col_members", lang): len(gf),
            t("structure_col_answered", lang): len(answered),
        }
        for a in ind.answer_ids:
            row[ind.answer_label(a, lang)] = int((answered["answer"] == a).sum())
        share, _, n = share_of(answered["answer"], ind.desired)
        row[t("structure_col_desired", lang)] = fmt_pct(share, lang) if n else "–"
        row[t("structure_col_not_answered", lang)] = len(gf) - len(answered)
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- words


def fmt_p(p: float | None, lang: str) -> str:
    if p is None:
        return "–"
    loc = LOCALE[norm_lang(lang)]
    if p < 0.001:
        return "< " + format_decimal(0.001, format="0.000", locale=loc)
    return "= " + format_decimal(p, format="0.000", locale=loc)


def fmt_stat(x: float, lang: str, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return format_decimal(x, format="0." + "0" * digits, locale=LOCALE[norm_lang(lang)])


def verdict_sentence(test: AssociationTest, lang: str, topic: str, edition: int) -> str:
    """What the data shows, plainly, and no more."""
    if not test.testable:
        return t("structure_not_testable", lang, n=test.n, groups=test.n_groups)
    kw = dict(topic=topic, edition=edition, p=fmt_p(test.p_value, lang), v=fmt_stat(test.cramers_v, lang), n=test.n)
    return t("structure_association" if test.verdict == "association" else "structure_no_evidence", lang, **kw)


@dataclass
class StructureView:
    title: str
    table: pd.DataFrame
    test: AssociationTest
    sentence: str
    stats: str
    reports: str
    sample_note: str = ""  # set when the survey data is the sample (built without any such pattern)
    notes: list[str] = field(default_factory=list)  # test-data groups, dating, small cells
    method: str = ""


def structure_view(
    frame: pd.DataFrame,
    groups: pd.DataFrame,
    ind: Indicator,
    edition: int,
    lang: str,
    is_sample: bool,
    groups_are_real: bool,
    revision: int = 2023,
    n_permutations: int = N_PERMUTATIONS,
    seed: int = SEED,
    group_names: dict | None = None,
) -> StructureView:
    """Everything the structure check shows for one indicator and edition."""
    test = test_by_group(frame, groups, ind, n_permutations, seed)
    notes = []
    if not groups_are_real:
        notes.append(t("structure_groups_test", lang))
    notes.append(t("structure_groups_dated", lang, revision=revision, edition=edition))
    if test.testable and test.small_cells:
        notes.append(t("structure_small_cells", lang, k=test.small_cells, cells=test.cells, min=int(MIN_EXPECTED)))
    stats = (
        t(
            "structure_stats",
            lang,
            chi2=fmt_stat(test.chi2, lang, 1),
            p=fmt_p(test.p_value, lang),
            v=fmt_stat(test.cramers_v, lang),
            n=test.n,
            groups=test.n_groups,
        )
        if test.testable
        else ""
    )
    return StructureView(
        title=t("structure_title", lang, indicator=ind.title_for(lang), edition=edition),
        table=group_table(frame, groups, ind, lang, group_names),
        test=test,
        sentence=verdict_sentence(test, lang, ind.topic_for(lang), edition),
        stats=stats,
        reports=t("structure_reports", lang),
        sample_note=t("structure_sample_note", lang) if is_sample else "",
        notes=notes,
        method=t("structure_method", lang, perms=n_permutations, seed=seed),
    )
