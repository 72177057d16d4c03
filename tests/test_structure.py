"""barnbaro.explore.structure: the permutation test of association between answers and municipality
group, on frames built with and without a planted group effect; small cells; determinism; the
sentence follows the result; the view on the bundled sample with test-data groups."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from barnbaro.core import paths
from barnbaro.core.catalogue import load_catalogue
from barnbaro.core.data import load_clean
from barnbaro.core.i18n import t
from barnbaro.explore import analysis
from barnbaro.explore import structure as S
from tests.fake_kolada.server import skr_answer_key

CAT = load_catalogue()


@pytest.fixture(scope="module")
def bundled():
    return load_clean(paths.CLEAN_DIR)


@pytest.fixture(scope="module")
def groups(bundled) -> pd.DataFrame:
    """SKR's real groups for the 290 municipalities (from the real Kolada records in
    tests/fake_kolada/real/, by the groups' ids)."""
    codes = bundled.municipalities["kommun_kod"].tolist()
    key = skr_answer_key()
    return pd.DataFrame(
        {
            "kommun_kod": codes,
            "group_code": [key[c][0] for c in codes],
            "group_name": [key[c][1] for c in codes],
        }
    )


def planted(n_per_group: int = 40, effect: float = 0.6, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Three groups; in group A the answer 'ja' has probability 0.5 + effect/2, elsewhere
    0.5 - effect/2 (effect 0: no pattern at all)."""
    rng = np.random.default_rng(seed)
    g = np.repeat(["A", "B", "C"], n_per_group)
    p = np.where(g == "A", 0.5 + effect / 2, 0.5 - effect / 2)
    a = np.where(rng.random(len(g)) < p, "ja", "nej")
    return g, a


# ---------------------------------------------------------------- the statistics


def test_chi_square_by_hand():
    # E = [[12, 18], [28, 42]]; chi2 = 4/12 + 4/18 + 4/28 + 4/42
    assert S.chi_square(np.array([[10, 20], [30, 40]])) == pytest.approx(4 / 12 + 4 / 18 + 4 / 28 + 4 / 42)


def test_empty_rows_and_columns_do_not_count():
    a = np.array([[10, 20, 0], [30, 40, 0], [0, 0, 0]])
    assert S.chi_square(a) == pytest.approx(S.chi_square(np.array([[10, 20], [30, 40]])))


@pytest.mark.parametrize(
    "table, v",
    [
        ([[10, 0], [0, 10]], 1.0),
        ([[10, 0, 0], [0, 10, 0], [0, 0, 10]], 1.0),
        ([[10, 20], [20, 40]], 0.0),
        ([[5, 5, 5], [10, 10, 10]], 0.0),
    ],
)
def test_cramers_v_bounds(table, v):
    assert S.cramers_v(np.array(table)) == pytest.approx(v, abs=1e-12)


def test_a_planted_group_effect_is_found():
    g, a = planted(effect=0.6)
    r = S.association_test(g, a)
    assert r.testable and r.verdict == "association"
    assert r.p_value <= 0.001 and r.cramers_v > 0.4
    assert r.n == 120 and r.n_groups == 3 and r.n_categories == 2


def test_no_effect_is_not_called_an_association():
    g, a = planted(effect=0.0, seed=3)
    r = S.association_test(g, a)
    assert r.verdict == "no_evidence" and r.p_value > 0.2


def test_under_no_pattern_about_one_test_in_twenty_is_significant():
    """The test's size: over many datasets without any pattern, the share called significant
    stays near 5 % (a check that the p-values are calibrated, not too eager)."""
    hits = sum(
        S.association_test(*planted(effect=0.0, seed=s), n_permutations=199, seed=s).verdict == "association"
        for s in range(200)
    )
    assert hits / 200 < 0.10


def test_the_permutation_p_value_agrees_with_the_chi_square_distribution_for_large_samples():
    g, a = planted(n_per_group=200, effect=0.08, seed=5)
    r = S.association_test(g, a)
    asymptotic = math.exp(-r.chi2 / 2)  # chi-square with 2 degrees of freedom (3 groups x 2 answers)
    assert r.p_value == pytest.approx(asymptotic, abs=0.02)


def test_deterministic_with_a_seed():
    g, a = planted(effect=0.1, seed=7)
    one = S.association_test(g, a, n_permutations=999, seed=11)
    assert S.association_test(g, a, n_permutations=999, seed=11) == one
    other = S.association_test(g, a, n_permutations=999, seed=12)
    assert other.chi2 == one.chi2 and other.cramers_v == one.cramers_v
    assert abs(other.p_value - one.p_value) < 0.08


def test_the_p_value_is_never_zero():
    g, a = planted(effect=1.0)  # group A all 'ja', the others all 'nej'
    r = S.association_test(g, a, n_permutations=99)
    assert r.p_value == pytest.approx(1 / 100) and r.cramers_v == pytest.approx(1.0)


def test_small_cells_are_counted_and_the_test_still_runs():
    g = ["A"] * 2 + ["B"] * 3 + ["C"] * 30
    a = ["ja", "ja"] + ["nej", "ja", "nej"] + ["ja", "nej"] * 15
    r = S.association_test(g, a)
    assert r.testable and 0 < r.p_value <= 1
    assert r.cells == 6 and r.small_cells == 4  # groups A and B expect fewer than 5 of each answer


def test_a_single_member_group_is_fine():
    r = S.association_test(["A", "B", "B", "B", "C", "C"], ["ja", "ja", "nej", "ja", "nej", "nej"], n_permutations=999)
    assert r.testable and r.small_cells == r.cells


@pytest.mark.parametrize(
    "groups, answers, reason",
    [
        ([], [], "no_answers"),
        (["A", "A", "A"], ["ja", "nej", "ja"], "one_group"),
        (["A", "B", "C"], ["ja", "ja", "ja"], "one_answer"),
        ([None, "A"], ["ja", None], "no_answers"),
    ],
)
def test_not_testable(groups, answers, reason):
    r = S.association_test(groups, answers)
    assert not r.testable and r.verdict == "not_testable" and r.reason == reason and r.p_value is None


# ---------------------------------------------------------------- words


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_sentence_follows_the_result(lang):
    yes = S.association_test(*planted(effect=0.6))
    no = S.association_test(*planted(effect=0.0, seed=3))
    s_yes = S.verdict_sentence(yes, lang, "x", 2018)
    s_no = S.verdict_sentence(no, lang, "x", 2018)
    assert s_yes == t(
        "structure_association",
        lang,
        topic="x",
        edition=2018,
        p=S.fmt_p(yes.p_value, lang),
        v=S.fmt_stat(yes.cramers_v, lang),
        n=120,
    )
    assert s_no.startswith(t("structure_no_evidence", lang, topic="x", edition=2018, p="P", v="V", n=0).split("(")[0])
    # neither claims more than it shows
    assert ("inte ett bevis" in s_yes) if lang == "sv" else ("not proof" in s_yes)
    assert ("bevisar inte" in s_no) if lang == "sv" else ("does not prove" in s_no)


def test_p_and_statistics_are_formatted_per_language():
    assert S.fmt_p(0.0001, "sv") == "< 0,001" and S.fmt_p(0.0001, "en") == "< 0.001"
    assert S.fmt_p(0.0432, "sv") == "= 0,043" and S.fmt_p(None, "en") == "–"
    assert S.fmt_stat(0.256, "sv") == "0,26" and S.fmt_stat(float("nan"), "en") == "–"


def test_not_testable_says_why():
    r = S.association_test(["A"] * 4, ["ja", "nej", "ja", "nej"])
    assert S.verdict_sentence(r, "sv", "x", 2018) == t("structure_not_testable", "sv", n=4, groups=1)


# ---------------------------------------------------------------- the survey by group


def test_group_table_counts_add_up(bundled, groups):
    ind = CAT["utvardering_upplevelser"]
    frame = analysis.edition_frame(bundled, ind, 2018)
    tab = S.group_table(frame, groups, ind, "sv")
    assert len(tab) == 9
    answered = frame["answer"].notna().sum()
    assert tab[t("structure_col_answered", "sv")].sum() == answered
    assert tab[t("structure_col_members", "sv")].sum() == 290
    assert (
        tab[[ind.answer_label(a, "sv") for a in ind.answer_ids]].sum(axis=1) == tab[t("structure_col_answered", "sv")]
    ).all()
    assert (
        tab[t("structure_col_answered", "sv")] + tab[t("structure_col_not_answered", "sv")]
        == tab[t("structure_col_members", "sv")]
    ).all()
    assert tab[t("structure_col_group", "sv")].iloc[0] == "A1 Storstäder"


def test_municipalities_without_a_group_get_their_own_row_and_stay_out_of_the_test(bundled, groups):
    ind = CAT["utvardering_upplevelser"]
    frame = analysis.edition_frame(bundled, ind, 2018)
    fewer = groups.iloc[10:]
    tab = S.group_table(frame, fewer, ind, "en")
    assert tab[t("structure_col_group", "en")].iloc[-1] == t("structure_no_group", "en")
    assert tab[t("structure_col_members", "en")].iloc[-1] == 10
    full = S.test_by_group(frame, groups, ind, n_permutations=99)
    part = S.test_by_group(frame, fewer, ind, n_permutations=99)
    missing = frame[frame["kommun_kod"].isin(groups["kommun_kod"].iloc[:10])]
    assert full.n - part.n == missing["answer"].isin(list(ind.ranked_answers)).sum()


def test_dont_know_is_shown_but_not_tested(bundled, groups):
    ind = next(i for i in CAT.indicators.values() if i.dont_know and 2018 in i.editions)
    frame = analysis.edition_frame(bundled, ind, 2018)
    r = S.test_by_group(frame, groups, ind, n_permutations=99)
    ranked = frame["answer"].isin(list(ind.ranked_answers)).sum()
    assert r.n == ranked < frame["answer"].notna().sum()
    tab = S.group_table(frame, groups, ind, "sv")
    assert tab[ind.answer_label(ind.dont_know, "sv")].sum() == (frame["answer"] == ind.dont_know).sum()


def test_a_planted_effect_in_a_survey_frame_is_found(bundled, groups):
    """The bundled answers with a pattern planted: every municipality in the C groups answers
    the worst answer, the others the best."""
    ind = CAT["utvardering_upplevelser"]
    frame = analysis.edition_frame(bundled, ind, 2018)
    code_of = dict(zip(groups["kommun_kod"], groups["group_code"]))
    best, worst = ind.ranked_answers[0], ind.ranked_answers[-1]
    answered = frame["answer"].notna()
    frame.loc[answered, "answer"] = [
        worst if code_of[c].startswith("C") else best for c in frame.loc[answered, "kommun_kod"]
    ]
    v = S.structure_view(frame, groups, ind, 2018, "sv", is_sample=True, groups_are_real=False, n_permutations=999)
    assert v.test.verdict == "association" and v.test.p_value == pytest.approx(1 / 1000)
    assert "mer än en slumpvis omfördelning" in v.sentence


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_view_on_the_sample_says_the_sample_has_no_such_pattern(bundled, groups, lang):
    ind = CAT["utvardering_upplevelser"]
    frame = analysis.edition_frame(bundled, ind, 2018)
    v = S.structure_view(frame, groups, ind, 2018, lang, is_sample=True, groups_are_real=False)
    assert v.sample_note == t("structure_sample_note", lang)
    assert v.reports == t("structure_reports", lang) and "storstad/glesbygd" in v.reports
    assert t("structure_groups_test", lang) in v.notes
    assert t("structure_groups_dated", lang, revision=2023, edition=2018) in v.notes
    assert v.title == t("structure_title", lang, indicator=ind.title_for(lang), edition=2018)
    assert v.sentence == S.verdict_sentence(v.test, lang, ind.topic_for(lang), 2018)
    assert str(S.N_PERMUTATIONS) in v.method and str(S.SEED) in v.method


def test_the_view_on_real_survey_data_with_real_groups_has_no_sample_or_test_notes(bundled, groups):
    ind = CAT["personalomsattning"]
    frame = analysis.edition_frame(bundled, ind, 2016)
    v = S.structure_view(frame, groups, ind, 2016, "sv", is_sample=False, groups_are_real=True, n_permutations=99)
    assert v.sample_note == "" and t("structure_groups_test", "sv") not in v.notes


def test_every_indicator_and_edition_of_the_sample(bundled, groups):
    """The sample was built without any group pattern: the sentence always matches the test,
    and few of the tests call an association (chance alone gives about one in twenty)."""
    verdicts = []
    for ind in CAT.indicators.values():
        for ed in ind.editions:
            frame = analysis.edition_frame(bundled, ind, ed)
            v = S.structure_view(
                frame, groups, ind, ed, "sv", is_sample=True, groups_are_real=False, n_permutations=499
            )
            assert v.sentence == S.verdict_sentence(v.test, "sv", ind.topic_for("sv"), ed)
            verdicts.append(v.test.verdict)
    assert verdicts.count("not_testable") == 0
    assert verdicts.count("association") <= max(2, len(verdicts) // 5), verdicts


def test_english_group_names_can_be_given(bundled, groups):
    ind = CAT["utvardering_upplevelser"]
    frame = analysis.edition_frame(bundled, ind, 2018)
    tab = S.group_table(frame, groups, ind, "en", group_names={"A1": "Large cities"})
    assert tab[t("structure_col_group", "en")].iloc[0] == "A1 Large cities"
