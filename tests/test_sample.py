"""barnbaro.pipeline.sample: the synthetic raw exports (deterministic, calibrated, a panel, no county
pattern). Most checks read the session's generated-and-cleaned sample (default seed)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from barnbaro.core.catalogue import EDITIONS, load_catalogue
from barnbaro.core.published import load_figures, load_responses
from barnbaro.core.textnorm import norm_header
from barnbaro.pipeline.codebook import load_codebooks
from barnbaro.pipeline.readers import read_mark, read_rows
from barnbaro.pipeline.sample import GENERATOR, allocate, build_rows, load_targets, write_raw
from tests.pipeline_helpers import xlsx_cells

CAT = load_catalogue()
TARGETS = load_targets()
FIGURES = load_figures()
BOOKS = {b.edition: b for b in load_codebooks()}
PAIRS = list(zip(EDITIONS, EDITIONS[1:]))


# --- determinism and the mark ------------------------------------------------------------


def _cells(directory):
    return {p.name: xlsx_cells(p) for p in sorted(directory.glob("*.xlsx"))}


def test_same_seed_gives_identical_cells_in_every_file(tmp_path, sample_raw_dir, default_seed):
    again = tmp_path / "again"
    write_raw(again, default_seed)
    first, second = _cells(sample_raw_dir), _cells(again)
    assert sorted(first) == [f"barnbarometern_{e}_exempel.xlsx" for e in EDITIONS]
    assert first == second


@pytest.fixture(scope="module")
def other_seed(tmp_path_factory, default_seed):
    """The sample for another seed, raw and cleaned (once per module)."""
    from barnbaro.pipeline.clean import clean

    base = tmp_path_factory.mktemp("other_seed")
    write_raw(base / "raw", default_seed + 1)
    clean(base / "raw", base / "clean")
    return base / "raw", base / "clean"


def test_different_seed_gives_different_cells(sample_raw_dir, other_seed):
    first, second = _cells(sample_raw_dir), _cells(other_seed[0])
    assert sorted(first) == sorted(second)
    for name in first:  # every edition differs, not just one
        assert first[name] != second[name], name
        assert first[name][0] == second[name][0]  # ... but the headers are the codebook's


def test_build_rows_is_pure(default_seed):
    assert build_rows(default_seed) == build_rows(default_seed)


def test_write_raw_replaces_what_is_there(tmp_path, default_seed):
    out = tmp_path / "raw"
    out.mkdir()
    (out / "barnbarometern_2016_gammal.csv").write_text("x", encoding="utf-8")
    write_raw(out, default_seed)
    assert sorted(p.name for p in out.iterdir()) == [f"barnbarometern_{e}_exempel.xlsx" for e in EDITIONS]


@pytest.mark.parametrize("edition", EDITIONS)
def test_files_are_marked_as_generated(sample_raw_dir, default_seed, edition):
    mark = read_mark(sample_raw_dir / f"barnbarometern_{edition}_exempel.xlsx")
    assert mark is not None
    assert mark["generator"] == GENERATOR
    assert mark["seed"] == default_seed
    assert mark["edition"] == edition


@pytest.mark.parametrize("edition", EDITIONS)
def test_headers_are_the_codebook_headers(sample_raw_dir, edition):
    """Only the questions asked that edition appear (plus id, time, kommun and free text)."""
    header = read_rows(sample_raw_dir / f"barnbarometern_{edition}_exempel.xlsx")[0]
    idx = BOOKS[edition].header_index()
    roles = [idx.get(norm_header(h)) for h in header]
    assert None not in roles
    asked = {r[1] for r in roles if r[0] == "question"}
    assert asked == {i.id for i in CAT.for_edition(edition)}


# --- targets reproduce the published figures ---------------------------------------------


@pytest.mark.parametrize("figure_id", list(FIGURES["figure_id"]))
def test_targets_reproduce_each_published_figure(figure_id):
    f = FIGURES.set_index("figure_id").loc[figure_id]
    dist = TARGETS["distributions"][f.indicator_id][int(f.edition)]
    share = 100 * sum(dist[a] for a in f.answers) / sum(dist.values())
    assert share == pytest.approx(f.share_published, abs=0.05)


def test_calibration_does_not_depend_on_the_seed(other_seed):
    """Another seed reproduces every published figure within the check's tolerance too, and
    the same participation counts."""
    from barnbaro.cli import TOLERANCE_PP
    from barnbaro.core.data import load_clean
    from barnbaro.core.published import compare

    data = load_clean(other_seed[1])
    cmp = compare(data.answers)
    assert (cmp["diff_pp"].abs() <= TOLERANCE_PP).all(), cmp[cmp["diff_pp"].abs() > TOLERANCE_PP]
    took = data.participation[data.participation["status"] != "none"]
    assert took.groupby("edition").size().to_dict() == {e: TARGETS["participation"][e]["responded"] for e in EDITIONS}


@pytest.mark.parametrize("indicator", list(CAT.indicators))
def test_target_distributions_cover_the_catalogue(indicator):
    dists = TARGETS["distributions"][indicator]
    assert sorted(dists) == sorted(CAT[indicator].editions)
    for e, dist in dists.items():
        assert set(dist) == set(CAT[indicator].answer_ids), e
        assert sum(dist.values()) == pytest.approx(100, abs=0.01), e
        assert all(v >= 0 for v in dist.values())


@pytest.mark.parametrize(
    "shares, n, expected",
    [
        ({"a": 50, "b": 50}, 10, {"a": 5, "b": 5}),
        ({"a": 41, "b": 29, "c": 17, "d": 10, "e": 3}, 160, {"a": 66, "b": 46, "c": 27, "d": 16, "e": 5}),
        ({"a": 1, "b": 1, "c": 1}, 2, {"a": 1, "b": 1, "c": 0}),  # ties go by order
        ({"a": 1, "b": 1, "c": 1}, 0, {"a": 0, "b": 0, "c": 0}),
        ({"a": 2, "b": 1}, 1, {"a": 1, "b": 0}),
        ({"a": 0, "b": 100}, 7, {"a": 0, "b": 7}),
    ],
)
def test_allocate(shares, n, expected):
    got = allocate(shares, n)
    assert got == expected
    assert sum(got.values()) == n


# --- participation -----------------------------------------------------------------------


def _respondents(data, edition):
    p = data.participation
    return set(p[(p["edition"] == edition) & (p["status"] != "none")]["kommun_kod"])


def test_participation_targets_are_the_published_counts():
    resp = load_responses().set_index("edition")
    part = TARGETS["participation"]
    for e in EDITIONS:
        published = resp.loc[e, "responded"]
        if part[e]["basis"] == "published":
            assert part[e]["responded"] == published, e
        else:
            assert pd.isna(published), e  # an assumption only where nothing was published
            assert str(part[e]["responded"]) in resp.loc[e, "as_published"]
    assert int(resp.loc[2017, "responded_part"]) == part[2017]["partial"] == 28


@pytest.mark.parametrize(
    "edition, responded, partial",
    [
        (2013, 160, 0),  # assumed (not published)
        (2014, 150, 0),  # assumed (not published)
        (2015, 139, 0),
        (2016, 143, 0),
        (2017, 169, 28),  # 141 answered every question, 28 some
        (2018, 171, 0),
    ],
)
def test_participation_counts_as_published(sample_data, edition, responded, partial):
    p = sample_data.participation
    p = p[p["edition"] == edition]
    assert len(p) == 290
    assert int((p["status"] != "none").sum()) == responded
    assert int((p["status"] == "part").sum()) == partial
    assert int((p["status"] == "all").sum()) == responded - partial
    assert sample_data.manifest["editions"][str(edition)]["used_rows"] == responded


def test_no_answers_for_editions_where_a_question_was_not_asked(sample_data):
    a = sample_data.answers
    pairs = set(zip(a["edition"].astype(int), a["indicator_id"]))
    expected = {(e, i.id) for i in CAT.indicators.values() for e in i.editions}
    assert pairs == expected


def test_partial_respondents_skip_the_later_questions(sample_data):
    """A partial submission stops somewhere: its answers are a non-empty prefix of the questions."""
    a = sample_data.answers
    p = sample_data.participation
    order = list(BOOKS[2017].questions)
    part = p[(p["edition"] == 2017) & (p["status"] == "part")]["kommun_kod"]
    for code in part:
        got = a[(a["edition"] == 2017) & (a["kommun_kod"] == code)].set_index("indicator_id")["answer"]
        answered = [bool(pd.notna(got.get(i))) for i in order]
        k = answered.index(False)
        assert k >= 1 and not any(answered[k:]), code


# --- the panel ---------------------------------------------------------------------------


def answer_again_shares(data) -> list[tuple[int, float, float]]:
    """(edition t, share of t's respondents who also answered t-1, base rate of answering t-1)."""
    out = []
    for t0, t1 in PAIRS:
        r0, r1 = _respondents(data, t0), _respondents(data, t1)
        out.append((t1, len(r1 & r0) / len(r1), len(r0) / 290))
    return out


def band_keeping(data, indicator: str) -> list[tuple[int, int, float, float]]:
    """Per consecutive pair of editions: (t, n, share keeping the same answer, the share that
    independent draws from the two editions' marginal distributions would give). Municipalities
    answering both with a ranked answer ("don't know" excluded)."""
    a = data.answers
    dk = CAT[indicator].dont_know
    a = a[(a["indicator_id"] == indicator) & a["answer"].notna() & (a["answer"] != dk)]
    eds = CAT[indicator].editions
    out = []
    for t0, t1 in zip(eds, eds[1:]):
        x = a[a["edition"] == t0].set_index("kommun_kod")["answer"]
        y = a[a["edition"] == t1].set_index("kommun_kod")["answer"]
        both = x.index.intersection(y.index)
        x, y = x[both], y[both]
        px, py = x.value_counts(normalize=True), y.value_counts(normalize=True)
        independent = float(sum(px.get(k, 0) * py.get(k, 0) for k in set(px.index) | set(py.index)))
        out.append((t1, len(both), float((x == y).mean()), independent))
    return out


def test_who_answers_persists(sample_data):
    """With a respond-again odds ratio of 6 the share answering again is far above the base rate
    (the share of all municipalities that answered the edition before); measured +0.29..+0.38."""
    rows = answer_again_shares(sample_data)
    for t, again, base in rows:
        assert again >= base + 0.20, (t, again, base)
    pooled_again = np.mean([r[1] for r in rows])
    pooled_base = np.mean([r[2] for r in rows])
    assert pooled_again >= 0.75 and pooled_again - pooled_base >= 0.25
    # The other direction (README's table): of those who answered t-1, the share answering t,
    # against the share of all municipalities answering t (measured +0.30..+0.40).
    for t0, t1 in PAIRS:
        r0, r1 = _respondents(sample_data, t0), _respondents(sample_data, t1)
        assert len(r0 & r1) / len(r0) >= len(r1) / 290 + 0.20, t1


def test_turnover_band_persists(sample_data):
    """Keeping the same turnover band between consecutive editions happens far more often than
    independent draws from the marginals give (measured 0.50-0.56 against 0.26-0.29)."""
    rows = band_keeping(sample_data, "personalomsattning")
    assert len(rows) == 5
    for t, n, kept, independent in rows:
        assert n >= 80, t
        assert kept >= independent + 0.12, (t, kept, independent)
        assert kept >= 1.5 * independent, (t, kept, independent)


@pytest.mark.parametrize("indicator", [i for i in CAT.indicators if len(CAT[i].editions) > 1])
def test_every_indicator_persists_between_editions(sample_data, indicator):
    for t, n, kept, independent in band_keeping(sample_data, indicator):
        assert kept >= independent + 0.07, (t, n, kept, independent)


def test_panel_measures_detect_independent_answers(sample_data):
    """The persistence measures can fail: shuffling who gave which answer within each edition
    keeps the marginals and brings band-keeping down to about the independent expectation."""
    rng = np.random.default_rng(7)
    a = sample_data.answers.copy()
    for (_e, _i), idx in a.groupby(["edition", "indicator_id"]).groups.items():
        a.loc[idx, "answer"] = rng.permutation(a.loc[idx, "answer"].to_numpy())
    shuffled = type(sample_data)(a, sample_data.participation, sample_data.municipalities, sample_data.manifest)
    rows = band_keeping(shuffled, "personalomsattning")
    assert np.mean([kept - independent for _t, _n, kept, independent in rows]) < 0.07


# --- no built-in county pattern ----------------------------------------------------------


def county_statistic(answers: pd.DataFrame, muni: pd.DataFrame, permutations: int = 2000, seed: int = 0):
    """Between-county spread of the desired-answer residuals, and its permutation p-value.

    Each answer's residual is desired (1/0) minus the national desired share of its
    edition and indicator. Summed per municipality and then per county, the statistic is
    sum over counties of S_c^2 / n_c. County labels are permuted across municipalities, which
    keeps each municipality's correlated answers together (the panel), so the null is exactly
    "answers do not depend on the county"."""
    a = answers[answers["answer"].notna()].copy()
    desired = {i: set(CAT[i].desired) for i in CAT.indicators}
    a["desired"] = [ans in desired[i] for ans, i in zip(a["answer"], a["indicator_id"])]
    a["resid"] = a["desired"] - a.groupby(["edition", "indicator_id"])["desired"].transform("mean")
    per = a.groupby("kommun_kod")["resid"].agg(["sum", "count"])
    lan = muni.set_index("kommun_kod").loc[per.index, "lan_kod"]
    codes = pd.factorize(lan)[0]
    k = codes.max() + 1
    s, c = per["sum"].to_numpy(float), per["count"].to_numpy(float)

    def stat(labels):
        S, C = np.bincount(labels, s, k), np.bincount(labels, c, k)
        return float((S**2 / np.where(C > 0, C, 1)).sum())

    observed = stat(codes)
    rng = np.random.default_rng(seed)
    null = np.array([stat(rng.permutation(codes)) for _ in range(permutations)])
    return observed, float((null >= observed).mean())


def test_no_built_in_county_pattern(sample_data):
    observed, p = county_statistic(sample_data.answers, sample_data.municipalities)
    assert p >= 0.01, (observed, p)


def test_county_check_detects_a_county_pattern(sample_data):
    """The check has power: make one county's municipalities a little more likely to give the
    desired answer and it flags it."""
    a = sample_data.answers.copy()
    muni = sample_data.municipalities
    county = set(muni[muni["lan_kod"] == "12"]["kommun_kod"])  # Skåne, 33 municipalities
    rng = np.random.default_rng(1)
    for i in CAT.indicators:
        pick = a["kommun_kod"].isin(county) & (a["indicator_id"] == i) & a["answer"].notna()
        flip = pick & (rng.random(len(a)) < 0.25)
        a.loc[flip, "answer"] = CAT[i].desired[0]
    _observed, p = county_statistic(a, muni)
    assert p < 0.01


def test_desired_share_by_county_within_chance(sample_data):
    """A plain check too: no county with at least 8 respondents to the 2018 turnover question
    is more than 3.5 binomial standard errors from the national 0-10 share."""
    a = sample_data.answers
    m = sample_data.municipalities.set_index("kommun_kod")["lan_kod"]
    x = a[(a["edition"] == 2018) & (a["indicator_id"] == "personalomsattning") & a["answer"].notna()]
    x = x.assign(lan=x["kommun_kod"].map(m), desired=x["answer"] == "0-10")
    p = x["desired"].mean()
    for lan, g in x.groupby("lan"):
        if len(g) >= 8:
            se = (p * (1 - p) / len(g)) ** 0.5
            assert abs(g["desired"].mean() - p) <= 3.5 * se, lan


def test_generated_names_are_messy(sample_raw_dir):
    """The exports use the forms people write (suffixes, case, codes, Region Gotland)."""
    seen = []
    for e in EDITIONS:
        rows = read_rows(sample_raw_dir / f"barnbarometern_{e}_exempel.xlsx")
        col = [norm_header(h) for h in rows[0]].index(norm_header(BOOKS[e].columns["kommun"]))
        seen += [r[col] for r in rows[1:]]
    assert any(s.endswith(" kommun") for s in seen)
    assert any(re.fullmatch(r"\d{3}", s) for s in seen)
    assert any(s.isupper() for s in seen) or any(s.islower() for s in seen)
