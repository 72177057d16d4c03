"""The explorer's computation (barnbaro.explore.analysis), checked against plain recounts of the answers
table: shared positions, thirds, shares, peer groups, gaps over time, profiles and sentences."""

from __future__ import annotations

import math
import re
from collections import Counter
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barnbaro.core.catalogue import Catalogue
from barnbaro.core.i18n import t
from barnbaro.core.published import load_figures
from barnbaro.explore import analysis as A
from barnbaro.explore import geo
from barnbaro.render import colours as C
from tests.explorer_helpers import CAT, answers_of, county_codes, edition_pairs, make_data, names, ref_positions

ORD = CAT["personalomsattning"]  # ordinal: 0-10, 11-20, 21-29, 30+ (best first), vet_ej
CATEG = CAT["utvardering_upplevelser"]  # categorical: ja, nej, vet_ej
HYP = settings(deadline=None, max_examples=80)

MUNIS = [
    ("0101", "Aby", "01", "Första län"),
    ("0102", "Bby", "01", "Första län"),
    ("0103", "Cby", "01", "Första län"),
    ("0104", "Dby", "01", "Första län"),
    ("0201", "Eby", "02", "Andra län"),
    ("0202", "Fby", "02", "Andra län"),
    ("0203", "Gby", "02", "Andra län"),
    ("0204", "Hby", "02", "Andra län"),
]


def frame_of(answers: list) -> pd.DataFrame:
    return pd.DataFrame(
        {"kommun_kod": [f"{i:04d}" for i in range(len(answers))], "answer": pd.array(answers, dtype="string")}
    )


def positions(ranked: pd.DataFrame) -> list[tuple]:
    out = []
    for r in ranked.itertuples(index=False):
        if pd.isna(r.pos_lo):
            assert pd.isna(r.pos_hi) and pd.isna(r.third) and math.isnan(r.score)
            out.append((None, None, None))
        else:
            out.append((int(r.pos_lo), int(r.pos_hi), str(r.third)))
    return out


@pytest.fixture(scope="module")
def nb():
    return geo.neighbours()


# ---------------------------------------------------------------- rank

RANK_CASES = [
    # answers, indicator, expected (lo, hi, third) per municipality; None = no position
    (["0-10"], ORD, [(1, 1, "last")]),  # alone: midpoint 1 of 1 is past 2/3
    (
        ["11-20", "0-10", "11-20", None, "vet_ej", "30+"],
        ORD,
        # ranked: 0-10 (1), 11-20 x2 (2-3), 30+ (4); n=4; midpoints 1, 2.5, 4 -> 1/4, 0.625, 1
        [(2, 3, "middle"), (1, 1, "best"), (2, 3, "middle"), (None, None, None), (None, None, None), (4, 4, "last")],
    ),
    (["0-10", "0-10", "0-10"], ORD, [(1, 3, "middle")] * 3),  # everyone shares 1-3, midpoint 2 of 3
    (["30+", "21-29"], ORD, [(2, 2, "last"), (1, 1, "middle")]),  # midpoints 2/2 and 1/2
    (
        ["0-10", "11-20", "21-29", "30+", "0-10", "11-20"],
        ORD,
        # 0-10 x2 (1-2, mid 1.5/6=.25 best), 11-20 x2 (3-4, mid 3.5/6=.58 middle), 21-29 (5, .83 last), 30+ (6)
        [(1, 2, "best"), (3, 4, "middle"), (5, 5, "last"), (6, 6, "last"), (1, 2, "best"), (3, 4, "middle")],
    ),
    (["vet_ej", None, "vet_ej"], ORD, [(None, None, None)] * 3),
    ([None], ORD, [(None, None, None)]),
    (
        ["ja", "nej", "nej", "vet_ej"],
        CATEG,  # ja 1 (1/3: best), nej 2-3 (mid 2.5/3: last)
        [(1, 1, "best"), (2, 3, "last"), (2, 3, "last"), (None, None, None)],
    ),
    (
        ["nej", "nej", "ja", "ja", "ja", None],
        CATEG,  # ja 1-3 (mid 2/5 middle), nej 4-5 (4.5/5 last)
        [(4, 5, "last"), (4, 5, "last"), (1, 3, "middle"), (1, 3, "middle"), (1, 3, "middle"), (None, None, None)],
    ),
    (
        ["ja"] * 2 + ["nej"] * 4,
        CATEG,  # ja 1-2 (1.5/6=.25 best), nej 3-6 (4.5/6=.75 last)
        [(1, 2, "best")] * 2 + [(3, 6, "last")] * 4,
    ),
]


@pytest.mark.parametrize("answers, ind, expected", RANK_CASES)
def test_rank_hand_cases(answers, ind, expected):
    ranked = A.rank(frame_of(answers), ind)
    assert positions(ranked) == expected
    assert (ranked["n_ranked"] == sum(1 for a in answers if a in ind.ranked_answers)).all()
    assert ref_positions(answers, ind) == expected  # the reference agrees with the hand reasoning


@pytest.mark.parametrize("answers, ind, expected", RANK_CASES)
def test_rank_keeps_rows_and_columns(answers, ind, expected):
    f = frame_of(answers)
    ranked = A.rank(f, ind)
    assert list(ranked.index) == list(f.index)
    assert list(ranked["kommun_kod"]) == list(f["kommun_kod"])
    for a, s in zip(answers, ranked["score"]):
        if a in ind.ranked_answers:
            assert s == ind.ranked_answers.index(a)
        else:
            assert math.isnan(s)


@HYP
@given(st.lists(st.sampled_from(list(ORD.answer_ids) + [None]), max_size=60))
def test_rank_matches_definition_ordinal(answers):
    assert positions(A.rank(frame_of(answers), ORD)) == ref_positions(answers, ORD)


@HYP
@given(st.lists(st.sampled_from(list(CATEG.answer_ids) + [None]), max_size=60))
def test_rank_matches_definition_categorical(answers):
    assert positions(A.rank(frame_of(answers), CATEG)) == ref_positions(answers, CATEG)


@pytest.mark.parametrize("indicator_id, edition", edition_pairs())
def test_rank_on_bundled_data(data, indicator_id, edition):
    ind = CAT[indicator_id]
    f = A.rank(A.edition_frame(data, ind, edition), ind)
    assert len(f) == 290 and f["kommun_kod"].is_unique
    given_answers = answers_of(data, indicator_id, edition)
    assert {c: a for c, a in zip(f["kommun_kod"], f["answer"]) if isinstance(a, str)} == given_answers
    assert positions(f) == ref_positions([a if isinstance(a, str) else None for a in f["answer"]], ind)
    # everyone with the same answer shares one position range
    for _a, g in f[f["pos_lo"].notna()].groupby("answer"):
        assert g["pos_lo"].nunique() == 1 and g["pos_hi"].nunique() == 1 and g["third"].nunique() == 1
    # positions tile 1..n without gaps or overlaps
    spans = sorted({(int(r.pos_lo), int(r.pos_hi)) for r in f[f["pos_lo"].notna()].itertuples()})
    n = int(f["n_ranked"].iloc[0])
    assert n == sum(1 for a in given_answers.values() if a in ind.ranked_answers)
    if spans:
        assert spans[0][0] == 1 and spans[-1][1] == n
        assert all(b[0] == a[1] + 1 for a, b in zip(spans, spans[1:]))


def test_edition_frame_status(data):
    f = A.edition_frame(data, ORD, 2018)
    p = data.participation
    status = dict(zip(p.loc[p["edition"] == 2018, "kommun_kod"], p.loc[p["edition"] == 2018, "status"]))
    assert len(f) == 290
    assert [status.get(c, "none") for c in f["kommun_kod"]] == f["status"].tolist()
    # every municipality with an answer took part
    assert set(f.loc[f["answer"].notna(), "status"]) <= {"all", "part"}


# ---------------------------------------------------------------- position_text


def _pos_case(counts: dict, target, ind, lang):
    answers = [a for a, k in counts.items() for _ in range(k)]
    ranked = A.rank(frame_of(answers), ind)
    hit = [
        (isinstance(a, str) and a == target) if target is not None else not isinstance(a, str) for a in ranked["answer"]
    ]
    row = ranked[hit].iloc[0]
    return A.position_text(row, ind, lang)


POS_CASES = [
    # counts of answers, the target municipality's answer, indicator, lang, expected text
    ({"0-10": 2, "11-20": 1, "30+": 7}, "11-20", ORD, "sv", "plats 3 av 10"),
    ({"0-10": 2, "11-20": 1, "30+": 7}, "11-20", ORD, "en", "position 3 of 10"),
    ({"0-10": 2, "11-20": 1, "30+": 7, "vet_ej": 3, None: 4}, "11-20", ORD, "sv", "plats 3 av 10"),
    ({"0-10": 64, "11-20": 60, "30+": 47, "vet_ej": 9, None: 3}, "0-10", ORD, "sv", "delad plats 1–64 av 171"),
    ({"0-10": 64, "11-20": 60, "30+": 47, "vet_ej": 9, None: 3}, "0-10", ORD, "en", "shared position 1–64 of 171"),
    ({"0-10": 64, "11-20": 60, "30+": 47}, "11-20", ORD, "sv", "delad plats 65–124 av 171"),
    ({"0-10": 64, "11-20": 60, "30+": 47}, "30+", ORD, "en", "shared position 125–171 of 171"),
    ({"0-10": 2, "11-20": 1, "30+": 7}, "0-10", ORD, "sv", "delad plats 1–2 av 10"),
    ({"ja": 64, "nej": 107, "vet_ej": 9, None: 5}, "ja", CATEG, "sv", "en av 64 kommuner som svarar Ja"),
    ({"ja": 64, "nej": 107, "vet_ej": 9, None: 5}, "ja", CATEG, "en", "one of 64 municipalities answering Yes"),
    ({"ja": 64, "nej": 107, "vet_ej": 9, None: 5}, "nej", CATEG, "sv", "en av 107 kommuner som svarar Nej"),
    ({"ja": 64, "nej": 107, "vet_ej": 9, None: 5}, "nej", CATEG, "en", "one of 107 municipalities answering No"),
    ({"ja": 1, "nej": 9}, "ja", CATEG, "sv", "plats 1 av 10"),
    ({"ja": 64, "nej": 107, "vet_ej": 9, None: 5}, "vet_ej", CATEG, "sv", "svarade Vet ej (ingen placering)"),
    ({"ja": 64, "nej": 107, "vet_ej": 9, None: 5}, "vet_ej", CATEG, "en", "answered Don't know (no position)"),
    ({"0-10": 3, "vet_ej": 1}, "vet_ej", ORD, "sv", "svarade Vet ej (ingen placering)"),
    ({"ja": 64, "nej": 107, "vet_ej": 9, None: 5}, None, CATEG, "sv", "svarade inte på frågan"),
    ({"ja": 64, "nej": 107, "vet_ej": 9, None: 5}, None, CATEG, "en", "did not answer the question"),
    ({"0-10": 3, None: 1}, None, ORD, "en", "did not answer the question"),
]


@pytest.mark.parametrize("counts, target, ind, lang, expected", POS_CASES)
def test_position_text(counts, target, ind, lang, expected):
    assert _pos_case(counts, target, ind, lang) == expected


@pytest.mark.parametrize(
    "indicator_id, edition",
    [
        ("personalomsattning", 2018),
        ("utvardering_upplevelser", 2017),
        ("barnkonventionen", 2018),
        ("utbildning_ensamkommande", 2016),
    ],
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_position_text_numbers_on_bundled_data(data, indicator_id, edition, lang):
    """Every ranked municipality's text names its own lo/hi/n (or group size), recounted."""
    ind = CAT[indicator_id]
    given_answers = answers_of(data, indicator_id, edition)
    ranked_vals = [a for a in given_answers.values() if a in ind.ranked_answers]
    n = len(ranked_vals)
    f = A.rank(A.edition_frame(data, ind, edition), ind)
    for r in f.to_dict("records"):
        text = A.position_text(r, ind, lang)
        a = r["answer"]
        if not isinstance(a, str) or a == ind.dont_know:
            assert not re.search(r"\d", text)
            continue
        k = ranked_vals.count(a)
        better = sum(1 for b in ranked_vals if ind.ranked_answers.index(b) < ind.ranked_answers.index(a))
        nums = [int(x) for x in re.findall(r"\d+", text)]
        if k == 1:
            assert nums == [better + 1, n]
        elif ind.kind == "categorical":
            assert nums == [k] and ind.answer_label(a, lang) in text
        else:
            assert nums == [better + 1, better + k, n]


# ---------------------------------------------------------------- distribution and shares


@pytest.mark.parametrize("indicator_id, edition", edition_pairs())
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_distribution_recount(data, indicator_id, edition, lang):
    ind = CAT[indicator_id]
    f = A.edition_frame(data, ind, edition)
    d = A.distribution(f, ind, lang)
    given_answers = answers_of(data, indicator_id, edition)
    counts = Counter(given_answers.values())
    n = len(given_answers)  # "don't know" included
    assert list(d["answer"]) == list(ind.answer_ids)
    assert list(d["label"]) == [ind.answer_label(a, lang) for a in ind.answer_ids]
    assert list(d["count"]) == [counts.get(a, 0) for a in ind.answer_ids]
    assert (d["n"] == n).all()
    assert sum(d["count"]) == n
    assert d["share"].sum() == pytest.approx(100.0)
    for r in d.itertuples():
        assert r.share == pytest.approx(100.0 * counts.get(r.answer, 0) / n)
        assert r.desired == (r.answer in ind.desired)
    assert d.loc[d["answer"] == ind.dont_know, "third"].tolist() == ["none"]


def test_distribution_denominator_includes_dont_know():
    f = frame_of(["0-10", "vet_ej", "vet_ej", "30+", None, None])
    d = A.distribution(f, ORD, "sv").set_index("answer")
    assert (d["n"] == 4).all()  # 4 answered; 2 did not
    assert d.loc["0-10", "share"] == pytest.approx(25.0)
    assert d.loc["vet_ej", "share"] == pytest.approx(50.0)
    assert d.loc["11-20", "count"] == 0 and d.loc["11-20", "third"] == "none"
    assert d["share"].sum() == pytest.approx(100.0)


def test_distribution_with_nobody_answering():
    d = A.distribution(frame_of([None, None]), CATEG, "en")
    assert (d["count"] == 0).all() and (d["n"] == 0).all() and d["share"].isna().all()


@pytest.mark.parametrize(
    "answers, expected",
    [
        (["0-10", "vet_ej", "vet_ej", "30+", None, None], (25.0, 1, 4)),
        (["0-10", "0-10"], (100.0, 2, 2)),
        (["30+", "vet_ej"], (0.0, 0, 2)),
        ([None], (float("nan"), 0, 0)),
        ([], (float("nan"), 0, 0)),
    ],
)
def test_share_desired_hand_cases(answers, expected):
    s, k, n = A.share_desired(frame_of(answers), ORD)
    assert (k, n) == expected[1:]
    assert (math.isnan(s) and math.isnan(expected[0])) or s == pytest.approx(expected[0])


@pytest.mark.parametrize("indicator_id, edition", edition_pairs())
def test_share_desired_recount(data, indicator_id, edition):
    ind = CAT[indicator_id]
    given_answers = answers_of(data, indicator_id, edition)
    k = sum(1 for a in given_answers.values() if a in ind.desired)
    s, k2, n2 = A.share_desired(A.edition_frame(data, ind, edition), ind)
    assert (k2, n2) == (k, len(given_answers))
    assert s == pytest.approx(100.0 * k / len(given_answers))


# ---------------------------------------------------------------- peer groups

PEER_CODES = ["0180", "0184", "1480", "1280", "0980", "2584", "0114", "2480", "0380", "1880"]


@pytest.mark.parametrize("code", PEER_CODES)
def test_peer_group_lan_is_the_county_without_self(data, nb, code):
    peers = A.peer_group("lan", code, data, CAT, 2018, nb)
    assert code not in peers
    assert sorted(peers) == [c for c in county_codes(data, code) if c != code]


@pytest.mark.parametrize(
    "code, must_include",
    [
        ("0180", {"0184", "0182"}),  # Stockholm: Solna, Nacka
        ("0184", {"0180"}),
        ("0182", {"0180"}),
        ("1480", {"1402", "1441"}),  # Göteborg: Partille, Lerum
    ],
)
def test_peer_group_grannar_known_neighbours(data, nb, code, must_include):
    peers = A.peer_group("grannar", code, data, CAT, 2018, nb)
    assert must_include <= set(peers)
    assert code not in peers


def test_gotland_has_no_neighbours(data, nb):
    assert A.peer_group("grannar", "0980", data, CAT, 2018, nb) == []


def test_neighbour_relation_is_symmetric_and_irreflexive(nb):
    assert len(nb) == 290
    for a, bs in nb.items():
        assert a not in bs
        for b in bs:
            assert a in nb[b], (a, b)
    # every municipality but the island has a neighbour
    assert [c for c, bs in nb.items() if not bs] == ["0980"]


@pytest.mark.parametrize("code", PEER_CODES[:6])
@pytest.mark.parametrize("edition", [2013, 2017, 2018])
def test_peer_group_lika(data, nb, code, edition):
    peers = A.peer_group("lika", code, data, CAT, edition, nb)
    again = A.peer_group("lika", code, data, CAT, edition, nb)
    assert peers == again  # deterministic
    assert code not in peers and len(peers) <= 8 and len(set(peers)) == len(peers)
    p = data.participation
    took = set(p[(p["edition"] == edition) & (p["status"] != "none")]["kommun_kod"])
    if code not in took:
        assert peers == []
        return
    assert set(peers) <= took
    dist = _exact_distances(data, code, edition, took)
    # the k nearest: the same distances as the 8 smallest (ties may be cut anywhere)
    assert sorted(dist[c] for c in peers) == sorted(dist.values())[: len(peers)]
    assert len(peers) == min(8, len(dist))
    assert [dist[c] for c in peers] == sorted(dist[c] for c in peers)  # nearest first


def _exact_distances(data, code, edition, took):
    """Mean |difference| of answer positions scaled 0-1, over the questions both answered with a
    ranked answer (at least half the edition's questions in common), as exact fractions."""
    inds = CAT.for_edition(edition)
    given = {ind.id: answers_of(data, ind.id, edition) for ind in inds}

    def vec(c):
        out = {}
        for ind in inds:
            a = given[ind.id].get(c)
            if a in ind.ranked_answers:
                out[ind.id] = Fraction(ind.ranked_answers.index(a), max(len(ind.ranked_answers) - 1, 1))
        return out

    me = vec(code)
    need = math.ceil(len(inds) / 2)
    dist = {}
    for c in sorted(set(took) - {code}):
        v = vec(c)
        common = set(me) & set(v)
        if len(common) >= need:
            dist[c] = sum(abs(me[i] - v[i]) for i in common) / len(common)
    return dist


@pytest.mark.parametrize("which", range(8))
@pytest.mark.parametrize("edition", [2017, 2018])
def test_peer_group_lika_breaks_ties_by_code(data, nb, which, edition):
    """similar_answers promises 'ties broken by code': municipalities at exactly the same
    distance come in code order (float noise must not decide)."""
    p = data.participation
    took = set(p[(p["edition"] == edition) & (p["status"] != "none")]["kommun_kod"])
    code = sorted(took)[which * len(took) // 8]
    dist = _exact_distances(data, code, edition, took)
    expected = sorted(dist, key=lambda c: (dist[c], c))[:8]
    assert A.peer_group("lika", code, data, CAT, edition, nb) == expected


LIKA_2013 = {
    "0101": {"personalomsattning": "0-10"},
    "0102": {"personalomsattning": "11-20"},  # distance 1/3
    "0103": {"personalomsattning": "0-10"},  # distance 0
    "0104": {"personalomsattning": "30+"},  # distance 1
    "0201": {"personalomsattning": "vet_ej"},  # nothing ranked in common
    "0203": {"personalomsattning": "0-10"},  # distance 0, a later code
}


def test_peer_group_lika_hand_case(nb):
    # 2013 asks one question, so one answer in common is enough
    d = make_data({2013: LIKA_2013}, MUNIS, [2013])
    assert A.similar_answers(d, CAT, "0101", 2013, k=8) == ["0103", "0203", "0102", "0104"]
    assert A.similar_answers(d, CAT, "0101", 2013, k=2) == ["0103", "0203"]
    assert A.peer_group("lika", "0101", d, CAT, 2013, nb) == ["0103", "0203", "0102", "0104"]
    assert A.peer_group("lika", "0104", d, CAT, 2013, nb) == ["0102", "0101", "0103", "0203"]
    assert A.peer_group("lika", "0204", d, CAT, 2013, nb) == []  # did not answer
    assert A.peer_group("lika", "0201", d, CAT, 2013, nb) == []  # only "don't know"


def test_peer_group_lika_with_unanswered_questions(nb):
    """A municipality that took part but left the question blank (status part, answer null)
    has nothing in common; it must not break the search (the bundled 2017 has such rows)."""
    d = make_data({2013: {**LIKA_2013, "0202": {"personalomsattning": None}}}, MUNIS, [2013])
    assert A.peer_group("lika", "0101", d, CAT, 2013, nb) == ["0103", "0203", "0102", "0104"]
    assert A.peer_group("lika", "0202", d, CAT, 2013, nb) == []


@pytest.mark.parametrize(
    "code, custom, expected",
    [
        ("0180", ("0184", "0180", "1480"), ["0184", "1480"]),
        ("0180", (), []),
        (None, ("0184", "1480"), ["0184", "1480"]),
        ("0980", ("0980",), []),
    ],
)
def test_peer_group_egen(data, nb, code, custom, expected):
    assert A.peer_group("egen", code, data, CAT, 2018, nb, custom) == expected


@pytest.mark.parametrize("kind", ["lan", "grannar", "lika", "nonsense"])
def test_peer_group_without_focus_is_empty(data, nb, kind):
    assert A.peer_group(kind, None, data, CAT, 2018, nb, ("0184",)) == []


# ---------------------------------------------------------------- over time


def test_answers_over_time_gap_starts_a_new_segment():
    d = make_data(
        {
            2013: {"0101": {"personalomsattning": "0-10"}, "0102": {"personalomsattning": "30+"}},
            2014: {"0101": {"personalomsattning": "11-20"}, "0102": {"personalomsattning": "30+"}},
            # 2015: 0101 did not take part
            2015: {"0102": {"personalomsattning": "21-29"}},
            2016: {"0101": {"personalomsattning": "30+"}, "0102": {"personalomsattning": "21-29"}},
            2017: {"0101": {"personalomsattning": "vet_ej"}, "0102": {"personalomsattning": "0-10"}},
            2018: {"0101": {"personalomsattning": "0-10"}, "0102": {"personalomsattning": None}},
        },
        MUNIS,
        [2013, 2014, 2015, 2016, 2017, 2018],
    )
    at = A.answers_over_time(d, ORD, ["0101", "0102", "0103"], "sv")
    assert len(at) == 18
    a = at[at["kommun_kod"] == "0101"]
    assert list(a["edition"]) == [2013, 2014, 2015, 2016, 2017, 2018]
    assert list(a["kommun"].unique()) == ["Aby"]
    assert a["score"].tolist()[:2] == [0.0, 1.0] and math.isnan(a["score"].iloc[2])
    assert a["score"].iloc[3] == 3.0 and math.isnan(a["score"].iloc[4]) and a["score"].iloc[5] == 0.0
    seg = a["segment"].tolist()
    assert seg[0] == seg[1] and pd.isna(seg[2]) and pd.isna(seg[4])
    assert len({seg[0], seg[3], seg[5]}) == 3  # each run after a gap is its own line
    assert a["label"].tolist() == ["0–10 %", "11–20 %", "Svarade inte", "30 % eller mer", "Vet ej", "0–10 %"]
    b = at[at["kommun_kod"] == "0102"]
    assert b["segment"].tolist()[:5] == [b["segment"].iloc[0]] * 5 and pd.isna(b["segment"].iloc[5])
    c = at[at["kommun_kod"] == "0103"]
    assert c["score"].isna().all() and c["segment"].isna().all() and c["answer"].isna().all()


def _assert_no_bridge(at: pd.DataFrame, eds: list[int]):
    for seg, g in at[at["segment"].notna()].groupby("segment"):
        assert g["kommun_kod"].nunique() == 1
        idx = [eds.index(e) for e in g["edition"]]
        assert idx == list(range(idx[0], idx[0] + len(idx))), seg  # consecutive editions only
        assert g["score"].notna().all()
    for _code, g in at.groupby("kommun_kod"):
        g = g.sort_values("edition")
        # a segment changes exactly where a missing score interrupts
        prev_seg = None
        for r in g.itertuples():
            if isinstance(r.segment, str):
                assert not math.isnan(r.score)
                if prev_seg is not None:
                    assert r.segment == prev_seg
                prev_seg = r.segment
            else:
                assert math.isnan(r.score)
                prev_seg = None


@pytest.mark.parametrize("indicator_id", sorted(CAT.indicators))
def test_answers_over_time_on_bundled_data(data, indicator_id):
    ind = CAT[indicator_id]
    codes = ["0180", "1480", "1280", "0980", "2584", "0114", "0125", "0187"]
    at = A.answers_over_time(data, ind, codes, "en")
    eds = [e for e in ind.editions if e in data.editions]
    assert len(at) == len(codes) * len(eds)
    for r in at.itertuples():
        given_answer = answers_of(data, indicator_id, r.edition).get(r.kommun_kod)
        assert (r.answer if isinstance(r.answer, str) else None) == given_answer
        if given_answer in ind.ranked_answers:
            assert r.score == ind.ranked_answers.index(given_answer)
        else:
            assert math.isnan(r.score)
    _assert_no_bridge(at, eds)


def test_answers_over_time_only_editions_in_the_data():
    d = make_data(
        {2016: {"0101": {"personalomsattning": "0-10"}}, 2018: {"0101": {"personalomsattning": "0-10"}}},
        MUNIS,
        [2016, 2018],
    )
    at = A.answers_over_time(d, ORD, ["0101"], "sv")
    assert at["edition"].tolist() == [2016, 2018]
    # 2017 is not in the data at all: nothing to interrupt the line
    assert at["segment"].nunique() == 1


@pytest.mark.parametrize("indicator_id", sorted(CAT.indicators))
def test_shares_over_time_is_a_plain_recount(data, indicator_id):
    ind = CAT[indicator_id]
    groups = {
        "riket": None,
        "sthlm": county_codes(data, "0180"),
        "one": ["0180"],
        "none": [],
        "grannar": list(geo.neighbours()["1480"]),
    }
    s = A.shares_over_time(data, ind, groups)
    a = data.answers
    a = a[(a["indicator_id"] == indicator_id) & a["answer"].notna()]
    expected = []
    for name, codes in groups.items():
        g = a if codes is None else a[a["kommun_kod"].isin(codes)]
        for e in ind.editions:
            ge = g[g["edition"] == e]
            if len(ge):
                k = int(ge["answer"].isin(list(ind.desired)).sum())
                expected.append((name, e, k, len(ge), 100.0 * k / len(ge)))
    got = [(r.series, int(r.edition), int(r.k), int(r.n), float(r.share)) for r in s.itertuples()]
    assert [g[:4] for g in got] == [e[:4] for e in expected]
    assert [g[4] for g in got] == pytest.approx([e[4] for e in expected])
    assert "none" not in set(s["series"])


# ---------------------------------------------------------------- published figures


@pytest.mark.parametrize("indicator_id", sorted(CAT.indicators))
def test_published_for_desired_on_bundled_figures(indicator_id):
    ind = CAT[indicator_id]
    figs = load_figures()
    got = A.published_for_desired(figs, ind)
    expected = [
        r.figure_id
        for r in figs.itertuples()
        if r.indicator_id == indicator_id and set(r.answers) == set(ind.desired) and len(r.answers) == len(ind.desired)
    ]
    assert list(got["figure_id"]) == expected
    assert {"figure_id", "edition", "share_published", "as_published", "source_title", "source_url"} <= set(got.columns)


def test_published_for_desired_exact_answer_sets():
    from dataclasses import replace

    figs = pd.DataFrame(
        {
            "figure_id": ["a", "b", "c", "d", "e"],
            "indicator_id": [
                "personalomsattning",
                "personalomsattning",
                "personalomsattning",
                "personalomsattning",
                "barnkonventionen",
            ],
            "answers": [["0-10"], ["0-10", "11-20"], ["11-20", "0-10"], ["11-20"], ["ja"]],
            "edition": [2013] * 5,
            "share_published": [1.0] * 5,
            "as_published": ["x"] * 5,
            "source_title": ["s"] * 5,
            "source_url": ["u"] * 5,
        }
    )
    assert list(A.published_for_desired(figs, ORD)["figure_id"]) == ["a"]
    two = replace(ORD, desired=("0-10", "11-20"))
    assert list(A.published_for_desired(figs, two)["figure_id"]) == ["b", "c"]


# ---------------------------------------------------------------- profile

SUB = Catalogue(themes=CAT.themes, indicators={"personalomsattning": ORD, "utvardering_upplevelser": CATEG})


def _profile_data(editions):
    eds = {
        2016: {"0101": {"personalomsattning": "0-10"}},
        2017: {
            "0101": {"personalomsattning": "11-20", "utvardering_upplevelser": "nej"},
            "0102": {"personalomsattning": "0-10", "utvardering_upplevelser": "ja"},
            "0103": {"personalomsattning": "21-29", "utvardering_upplevelser": "vet_ej"},
            "0104": {"personalomsattning": "vet_ej", "utvardering_upplevelser": "ja"},
            "0202": {"personalomsattning": "0-10", "utvardering_upplevelser": None},
            "0203": {"personalomsattning": "0-10", "utvardering_upplevelser": "ja"},
        },
        2018: {
            "0101": {"personalomsattning": "0-10", "utvardering_upplevelser": "ja"},  # better, better
            "0102": {"personalomsattning": "30+", "utvardering_upplevelser": "nej"},  # worse, worse
            "0103": {"personalomsattning": "21-29", "utvardering_upplevelser": "ja"},  # same, from "don't know"
            "0104": {"personalomsattning": "0-10", "utvardering_upplevelser": "ja"},  # from "don't know", same
            "0201": {"personalomsattning": "0-10", "utvardering_upplevelser": "nej"},  # new in 2018
            "0202": {
                "personalomsattning": "vet_ej",
                "utvardering_upplevelser": "ja",
            },  # to "don't know"; not answered before
            "0203": {"personalomsattning": None, "utvardering_upplevelser": "ja"},
        },  # part: unanswered
    }
    return make_data({e: eds[e] for e in editions}, MUNIS, editions)


PROFILE_CASES = [
    # code, expected (answer, prev_answer, change) for personalomsattning and utvardering_upplevelser in 2018
    ("0101", ("0-10", "11-20", "better"), ("ja", "nej", "better")),
    ("0102", ("30+", "0-10", "worse"), ("nej", "ja", "worse")),
    ("0103", ("21-29", "21-29", "same"), ("ja", "vet_ej", None)),
    ("0104", ("0-10", "vet_ej", None), ("ja", "ja", "same")),
    ("0201", ("0-10", None, None), ("nej", None, None)),
    ("0202", ("vet_ej", "0-10", None), ("ja", None, None)),
    ("0203", (None, "0-10", None), ("ja", "ja", "same")),
    ("0204", (None, None, None), (None, None, None)),
]


@pytest.mark.parametrize("code, ord_expected, cat_expected", PROFILE_CASES)
def test_profile_change_hand_cases(code, ord_expected, cat_expected):
    d = _profile_data([2016, 2017, 2018])
    rows = {r.indicator.id: r for r in A.profile(d, SUB, code, 2018, [], "sv")}
    o, c = rows["personalomsattning"], rows["utvardering_upplevelser"]
    assert (o.answer, o.prev_answer, o.change) == ord_expected
    assert (c.answer, c.prev_answer, c.change) == cat_expected
    assert o.prev_edition == 2017 and c.prev_edition == 2017


def test_profile_previous_edition_is_the_latest_in_the_data():
    d = _profile_data([2016, 2018])  # 2017 missing from the data
    rows = {r.indicator.id: r for r in A.profile(d, SUB, "0101", 2018, [], "sv")}
    assert rows["personalomsattning"].prev_edition == 2016
    assert (rows["personalomsattning"].prev_answer, rows["personalomsattning"].change) == ("0-10", "same")
    assert rows["utvardering_upplevelser"].prev_edition is None  # first asked 2017
    assert rows["utvardering_upplevelser"].change is None


def test_profile_first_edition_has_no_previous():
    d = _profile_data([2017, 2018])
    rows = {r.indicator.id: r for r in A.profile(d, SUB, "0101", 2017, [], "en")}
    assert rows["utvardering_upplevelser"].prev_edition is None
    assert rows["personalomsattning"].prev_edition is None  # 2016 not in this data


def test_profile_shares_hand_case():
    d = _profile_data([2016, 2017, 2018])
    rows = {r.indicator.id: r for r in A.profile(d, SUB, "0101", 2018, ["0102", "0201", "0204"], "sv")}
    o = rows["personalomsattning"]
    # 2018 answered: 0101 0-10, 0102 30+, 0103 21-29, 0104 0-10, 0201 0-10, 0202 vet_ej (0203 unanswered)
    assert o.riket[1:] == (3, 6) and o.riket[0] == pytest.approx(50.0)
    assert o.lan[1:] == (2, 4)  # county 01: 0101, 0102, 0103, 0104
    assert o.peer[1:] == (1, 2)  # 0102 30+, 0201 0-10; 0204 did not answer
    assert o.same[1:] == (3, 6)  # answering 0-10 like 0101
    assert o.position == "delad plats 1–3 av 5"


@pytest.mark.parametrize("code", ["0180", "1480", "1280", "0980", "2584", "0125", "0187", "0114"])
@pytest.mark.parametrize("edition", [2016, 2017, 2018])
def test_profile_recount_on_bundled_data(data, nb, code, edition):
    peers = list(nb[code])
    rows = A.profile(data, CAT, code, edition, peers, "sv")
    assert [r.indicator.id for r in rows] == [i.id for i in CAT.for_edition(edition)]
    county = county_codes(data, code)
    for r in rows:
        ind = r.indicator
        given_answers = answers_of(data, ind.id, edition)
        assert r.answer == given_answers.get(code)
        prev_eds = [e for e in ind.editions if e < edition]
        assert r.prev_edition == (max(prev_eds) if prev_eds else None)
        prev = answers_of(data, ind.id, r.prev_edition).get(code) if r.prev_edition else None
        assert r.prev_answer == prev
        order = ind.ranked_answers
        if r.answer in order and prev in order:
            i, j = order.index(r.answer), order.index(prev)
            assert r.change == ("better" if i < j else "worse" if i > j else "same")
        else:
            assert r.change is None

        def recount(codes, given_answers=given_answers, ind=ind):
            vals = [a for c, a in given_answers.items() if codes is None or c in codes]
            k = sum(1 for a in vals if a in ind.desired)
            return k, len(vals)

        assert r.riket[1:] == recount(None)
        assert r.lan[1:] == recount(set(county))
        assert r.peer[1:] == recount(set(peers))
        same_k = sum(1 for a in given_answers.values() if a == r.answer) if r.answer else 0
        assert r.same[1:] == (same_k, len(given_answers))


# ---------------------------------------------------------------- sentences

SENTENCE_CODES = ["0180", "1480", "1280", "0980", "2584", "0125", "0187", "0114", "0117", "2480"]


def _numbers_outside(text: str, remove: list[str]) -> list[int]:
    for s in sorted(set(remove), key=len, reverse=True):
        if s:
            text = text.replace(s, " ")
    return [int(x) for x in re.findall(r"\d+", text)]


@pytest.mark.parametrize("code", SENTENCE_CODES)
@pytest.mark.parametrize("edition", [2016, 2017, 2018])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_number_in_a_sentence_is_backed_by_a_recount(data, nb, code, edition, lang):
    """One paragraph per question; every number in it is a recount: the share answering as the
    municipality did and how many answered in riket, how many in the county gave the desired
    answer of how many (none, both or all of them in words), the year compared with."""
    nm = names(data)
    m = data.municipalities.set_index("kommun_kod")
    lan = str(m.loc[code, "lan"])
    rows = A.profile(data, CAT, code, edition, list(nb[code]), lang)
    out = A.sentences(rows, nm[code], lan, lang)
    county = set(county_codes(data, code))
    expected = [(ind, answers_of(data, ind.id, edition).get(code)) for ind in CAT.for_edition(edition)]
    assert len(out) == len(expected)
    for sentence, (ind, mine) in zip(out, expected):
        assert sentence.startswith(nm[code]), sentence  # the municipality's own answer first
        labels = [a.label(lg) for a in ind.answers for lg in ("sv", "en")]
        nums = _numbers_outside(sentence, labels + [nm[code], lan, ind.topic_for(lang), ind.title_for(lang)])
        if mine is None or mine == ind.dont_know:
            assert nums == [], sentence
            continue
        assert ind.answer_label(mine, lang) in sentence
        desired_named = (
            t(
                "sentence_answer_desired",
                lang,
                kommun=nm[code],
                answer=ind.answer_label(mine, lang),
                topic=ind.topic_for(lang),
            )
            if mine in ind.desired
            else t("sentence_desired_is", lang, desired=" / ".join(ind.answer_label(a, lang) for a in ind.desired))
        )
        assert desired_named in sentence
        given_answers = answers_of(data, ind.id, edition)
        n = len(given_answers)
        share = 100.0 * sum(1 for a in given_answers.values() if a == mine) / n
        backed = Counter()
        m_share = re.search(r"(\d+)\u00a0%" if lang == "sv" else r"(\d+)%", _strip(sentence, labels))
        assert m_share, sentence
        assert abs(int(m_share.group(1)) - share) <= 0.5 + 1e-9, (sentence, share)
        backed[int(m_share.group(1))] += 1
        if n > 1:
            backed[n] += 1
        lan_answers = [a for c, a in given_answers.items() if c in county]
        k, ln = sum(1 for a in lan_answers if a in ind.desired), len(lan_answers)
        assert lan in sentence
        if ln >= 2 and 0 < k < ln:
            m_kn = re.search(r"(\d+) (?:av|of) (?:de |the )(\d+)", _strip(sentence, labels))
            assert m_kn and (int(m_kn.group(1)), int(m_kn.group(2))) == (k, ln), sentence
            backed[k] += 1
            backed[ln] += 1
        elif ln >= 2 and (k == 0 or ln > 2):  # "ingen av de 8", "alla 8"; "båda" needs no number
            backed[ln] += 1
        prev_eds = [e for e in ind.editions if e < edition]
        prev = answers_of(data, ind.id, max(prev_eds)).get(code) if prev_eds else None
        if prev in ind.ranked_answers and mine in ind.ranked_answers:
            backed[max(prev_eds)] += 1
            i, j = ind.ranked_answers.index(mine), ind.ranked_answers.index(prev)
            key = "sentence_" + ("better" if i < j else "worse" if i > j else "same")
            assert t(key, lang, prev=max(prev_eds), before=ind.answer_label(prev, lang)) in sentence, sentence
        assert Counter(nums) == backed, sentence


def _strip(text: str, labels: list[str]) -> str:
    for s in sorted(set(labels), key=len, reverse=True):
        text = text.replace(s, " ")
    return text


def test_sentences_say_dont_know_and_unanswered():
    d = _profile_data([2016, 2017, 2018])
    rows = A.profile(d, SUB, "0202", 2018, [], "sv")
    out = A.sentences(rows, "Fby", "Andra län", "sv")
    assert len(out) == 2
    assert out[0] == (
        "Fby svarade ”Vet ej” på frågan om personalomsättningen bland socialsekreterarna och får därför "
        "ingen placering. Det önskade svaret är ”0–10 %”."
    )
    rows = A.profile(d, SUB, "0204", 2018, [], "en")
    assert A.sentences(rows, "Hby", "Andra län", "en") == [
        "Hby did not answer the question on staff turnover among social workers.",
        "Hby did not answer the question on systematic evaluation of children's own experiences.",
    ]


# ---------------------------------------------------------------- learn from others


def test_learn_from_others_hand_case():
    d = _profile_data([2016, 2017, 2018])
    peers = ["0101", "0103", "0104", "0201", "0202", "0203", "0204"]
    out = A.learn_from_others(d, SUB, "0102", 2018, peers)
    # 0102 answers 30+ (desired 0-10) and nej (desired ja): both listed
    got = {ind.id: (ans, have) for ind, ans, have in out}
    assert got["personalomsattning"] == ("30+", ["Aby", "Dby", "Eby"])  # 0101, 0104, 0201 answer 0-10
    assert got["utvardering_upplevelser"] == ("nej", ["Aby", "Cby", "Dby", "Fby", "Gby"])
    # a municipality with the desired answer everywhere has nothing to learn
    assert A.learn_from_others(d, SUB, "0104", 2018, peers) == []
    # "don't know" lacks the desired answer; unanswered questions are not listed
    got = {ind.id: (ans, have) for ind, ans, have in A.learn_from_others(d, SUB, "0202", 2018, ["0102"])}
    assert got == {"personalomsattning": ("vet_ej", [])}
    assert A.learn_from_others(d, SUB, "0204", 2018, peers) == []


@pytest.mark.parametrize("code", SENTENCE_CODES)
@pytest.mark.parametrize(
    "edition, kind",
    [(2017, "lan"), (2017, "grannar"), (2018, "lan"), (2018, "grannar"), (2018, "lika"), (2016, "lika")],
)
def test_learn_from_others_recount(data, nb, code, edition, kind):
    peers = A.peer_group(kind, code, data, CAT, edition, nb)
    out = A.learn_from_others(data, CAT, code, edition, peers)
    nm = names(data)
    expected = []
    for ind in CAT.for_edition(edition):
        given_answers = answers_of(data, ind.id, edition)
        mine = given_answers.get(code)
        if mine is None or mine in ind.desired:
            continue
        have = sorted((nm[c] for c in peers if given_answers.get(c) in ind.desired), key=str.casefold)
        expected.append((ind.id, mine, have))
    assert [(ind.id, a, h) for ind, a, h in out] == expected
    for ind, a, have in out:
        assert a not in ind.desired
        assert set(have) <= {nm[c] for c in peers}


# ---------------------------------------------------------------- colours


@pytest.mark.parametrize("ind", list(CAT.indicators.values()), ids=lambda i: i.id)
def test_answer_colours(ind):
    cols = C.answer_colours(ind)
    assert set(cols) == set(ind.answer_ids)
    ranked = [cols[a] for a in ind.ranked_answers]
    assert len(set(ranked)) == len(ranked)  # each ranked answer its own colour
    assert cols[ind.dont_know] == C.DONT_KNOW_COLOUR
    assert C.NO_ANSWER_COLOUR not in cols.values()
    assert all(len(C.hex_rgb(c)) == 3 and all(0 <= x <= 255 for x in C.hex_rgb(c)) for c in cols.values())


@pytest.mark.parametrize(
    "hex_colour, rgb",
    [
        ("#000000", [0, 0, 0]),
        ("#ffffff", [255, 255, 255]),
        ("#2166ac", [0x21, 0x66, 0xAC]),
        ("bdbdbd", [189, 189, 189]),
    ],
)
def test_hex_rgb(hex_colour, rgb):
    assert C.hex_rgb(hex_colour) == rgb


@pytest.mark.parametrize(
    "edition, key",
    [
        (2013, "publisher_humana"),
        (2016, "publisher_humana"),
        (2017, "publisher_humana_rb"),
        (2018, "publisher_humana_rb"),
    ],
)
def test_publisher_key(edition, key):
    assert A.publisher_key(edition) == key


def test_rank_column_types(data):
    f = A.rank(A.edition_frame(data, ORD, 2018), ORD)
    assert str(f["pos_lo"].dtype) == "Int64" and np.issubdtype(f["score"].dtype, np.floating)


@pytest.mark.parametrize("code", ["0180", "2584"])
def test_profile_with_shared_ranked_frames_equals_the_computed_one(data, nb, code):
    """The app passes its per-process cache of ranked frames; the rows must not change, and
    the shared frames must not be written to."""
    cache, calls = {}, []

    def ranked(ind_id, edition):
        calls.append((ind_id, edition))
        if (ind_id, edition) not in cache:
            cache[(ind_id, edition)] = A.ranked_frame(data, CAT[ind_id], edition)
        return cache[(ind_id, edition)]

    peers = list(nb[code])
    before = {k: v.copy() for k, v in cache.items()}
    for ed in (2017, 2018):
        # repr: a share of nothing is NaN, which never equals itself
        assert repr(A.profile(data, CAT, code, ed, peers, "en", ranked)) == repr(
            A.profile(data, CAT, code, ed, peers, "en")
        )
    assert calls and {e for _, e in calls} >= {2016, 2017, 2018}
    for k, v in before.items():
        pd.testing.assert_frame_equal(cache[k], v)
    frozen = {k: v.copy() for k, v in cache.items()}
    A.profile(data, CAT, "1480", 2018, peers, "sv", ranked)
    for k, v in frozen.items():
        pd.testing.assert_frame_equal(cache[k], v)


@pytest.mark.parametrize("edition", [2016, 2018])
def test_profiles_of_all_municipalities_at_once_equal_each_profile(data, nb, edition):
    """The press kit's batch (all 290, each with its own peers, each frame read once) gives
    every municipality exactly the rows profile() gives it alone."""
    codes = sorted(data.municipalities["kommun_kod"])
    peers = {c: list(nb[c]) for c in codes}
    batch = A.profiles(data, CAT, codes, edition, peers, "sv")
    assert list(batch) == codes
    for code in codes[::10] + ["0180", "0580"]:
        assert repr(batch[code]) == repr(A.profile(data, CAT, code, edition, peers[code], "sv")), code
