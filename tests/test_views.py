"""What each page shows (barnbaro.explore.views) on the bundled data: titles, tables, lists and charts,
checked against recounts of the answers table."""

from __future__ import annotations

import pytest

from barnbaro.core.i18n import sv_key, t
from barnbaro.core.published import load_figures, load_responses
from barnbaro.explore import analysis as A
from barnbaro.explore import geo, views
from barnbaro.explore.urlstate import ViewState
from tests.explorer_helpers import CAT, answers_of, county_codes, names, ref_positions

PAIRS = [(i.id, e) for i in CAT.indicators.values() for e in i.editions]


@pytest.fixture(scope="module")
def nb():
    return geo.neighbours()


@pytest.fixture(scope="module")
def features():
    return geo.kommun_features()


def ranked_all(data, indicator_id, edition):
    ind = CAT[indicator_id]
    return A.rank(A.edition_frame(data, ind, edition), ind)


def took_part(data, code, edition) -> str:
    p = data.participation
    s = p[(p["edition"] == edition) & (p["kommun_kod"] == code)]["status"]
    return str(s.iloc[0]) if len(s) else "none"


def expected_position_text(lo, hi, n, ind, answer, lang):
    if lo == hi:
        return t("pos_single", lang, pos=lo, n=n)
    if ind.kind == "categorical":
        return t("pos_group", lang, n=hi - lo + 1, answer=ind.answer_label(answer, lang))
    return t("pos_shared", lang, lo=lo, hi=hi, n=n)


def assert_ranked_table(table, given, ind, lang, nm):
    """The table lists exactly the municipalities in `given` ({code: answer}), better answers
    first and "don't know" last, each with its position recounted among them."""
    assert sorted(table["kommun_kod"]) == sorted(given)
    assert list(table[t("col_kommun", lang)]) == [nm[c] for c in table["kommun_kod"]]
    rank_of = {a: i for i, a in enumerate(ind.ranked_answers)}
    keys = [rank_of.get(given[c], len(rank_of)) for c in table["kommun_kod"]]
    assert keys == sorted(keys)
    codes = list(given)
    refs = dict(zip(codes, ref_positions([given[c] for c in codes], ind)))
    n = sum(1 for a in given.values() if a in rank_of)
    for code, pos, label in zip(table["kommun_kod"], table[t("col_position", lang)], table[t("col_answer", lang)]):
        a = given[code]
        assert label == ind.answer_label(a, lang)
        lo, hi, _ = refs[code]
        if lo is None:
            assert pos == t("pos_dont_know", lang)
        else:
            assert pos == expected_position_text(lo, hi, n, ind, a, lang)


# ---------------------------------------------------------------- ranking


@pytest.mark.parametrize("indicator_id, edition", PAIRS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_ranking_view_all_of_sweden(data, figures, nb, indicator_id, edition, lang):
    ind = CAT[indicator_id]
    state = ViewState(lang=lang, kommuner=("0180", "1480"), indikator=indicator_id, upplaga=edition)
    v = views.ranking_view(data, CAT, figures, state, ranked_all(data, indicator_id, edition), [])
    assert ind.title_for(lang) in v.title and str(edition) in v.title
    given = answers_of(data, indicator_id, edition)
    nm = names(data)
    # every municipality that answered, once, in order of position
    assert_ranked_table(v.table, given, ind, lang, nm)
    # everyone else did not answer
    assert len(v.non_respondents) == 290 - len(given)
    assert sorted(v.non_respondents) == sorted(nm[c] for c in nm if c not in given)
    assert v.non_respondents == sorted(v.non_respondents, key=sv_key)
    assert str(len(given)) in v.caption
    # one line per selected municipality, naming it
    assert [line.split(":")[0] for line in v.selected_lines] == ["Stockholm", "Göteborg"]


@pytest.mark.parametrize(
    "indicator_id, edition",
    [
        ("personalomsattning", 2018),
        ("utvardering_upplevelser", 2017),
        ("barnkonventionen", 2018),
        ("utredningar_over_4_man", 2015),
    ],
)
@pytest.mark.parametrize("focus", ["0180", "1480", "0980", "2584", "0125"])
def test_ranking_view_scope_county(data, figures, indicator_id, edition, focus):
    ind = CAT[indicator_id]
    state = ViewState(kommuner=(focus,), indikator=indicator_id, upplaga=edition, urval="lan")
    v = views.ranking_view(data, CAT, figures, state, ranked_all(data, indicator_id, edition), [])
    county = set(county_codes(data, focus))
    given = {c: a for c, a in answers_of(data, indicator_id, edition).items() if c in county}
    nm = names(data)
    assert_ranked_table(v.table, given, ind, "sv", nm)  # positions counted within the county
    assert len(v.table) + len(v.non_respondents) == len(county)
    assert set(v.non_respondents) == {nm[c] for c in county if c not in given}
    lan = data.municipalities.set_index("kommun_kod").loc[focus, "lan"]
    assert lan in v.caption
    assert set(v.table[t("col_lan", "sv")]) <= {lan}


def test_ranking_view_scope_county_needs_a_focus(data, figures):
    state = ViewState(urval="lan")
    v = views.ranking_view(data, CAT, figures, state, ranked_all(data, "personalomsattning", 2018), [])
    assert len(v.table) == len(answers_of(data, "personalomsattning", 2018))


@pytest.mark.parametrize("kind", ["grannar", "lika", "egen"])
def test_ranking_view_scope_peer_group(data, figures, nb, kind):
    custom = ("0184", "1480", "0980")
    state = ViewState(
        kommuner=("0180",), indikator="barnkonventionen", upplaga=2018, jamfor=kind, egna=custom, urval="grupp"
    )
    peers = A.peer_group(kind, "0180", data, CAT, 2018, nb, custom)
    v = views.ranking_view(data, CAT, figures, state, ranked_all(data, "barnkonventionen", 2018), peers)
    group = {"0180", *peers}
    given = {c: a for c, a in answers_of(data, "barnkonventionen", 2018).items() if c in group}
    assert_ranked_table(v.table, given, CAT["barnkonventionen"], "sv", names(data))
    assert len(v.table) + len(v.non_respondents) == len(group)


def test_ranking_view_published_lines(data, figures):
    state = ViewState(indikator="personalomsattning", upplaga=2013)
    v = views.ranking_view(data, CAT, figures, state, ranked_all(data, "personalomsattning", 2013), [])
    pub = figures[(figures["indicator_id"] == "personalomsattning") & (figures["edition"] == 2013)]
    assert len(v.published_lines) == len(pub) > 0
    for line, r in zip(v.published_lines, pub.itertuples()):
        assert r.as_published in line and "2013" in line


def test_ranking_chart_shows_the_distribution(data, figures):
    state = ViewState(kommuner=("0180",), indikator="utvardering_upplevelser", upplaga=2017)
    v = views.ranking_view(data, CAT, figures, state, ranked_all(data, "utvardering_upplevelser", 2017), [])
    spec = v.chart
    rows = [r for ds in spec["datasets"].values() for r in ds if "count" in r and "answer" in r]
    given = answers_of(data, "utvardering_upplevelser", 2017)
    counts = {r["answer"]: r["count"] for r in rows}
    assert counts == {a: sum(1 for x in given.values() if x == a) for a in CAT["utvardering_upplevelser"].answer_ids}
    stockholm = given["0180"]
    assert any(r.get("names") == "Stockholm" and r["answer"] == stockholm for r in rows)


# ---------------------------------------------------------------- trends


@pytest.mark.parametrize("indicator_id", sorted(CAT.indicators))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_trends_view_without_municipalities_gives_references_only(data, figures, indicator_id, lang):
    state = ViewState(lang=lang, indikator=indicator_id)
    v = views.trends_view(data, CAT, figures, state, [])
    assert CAT[indicator_id].title_for(lang) in v.title
    assert v.answers_chart is None
    assert len(v.answers_table) == 0
    assert set(v.shares_table[t("series", lang)]) == {t("riket_ref", lang)}
    assert t("trends_pick", lang) in v.notes


@pytest.mark.parametrize("indicator_id", sorted(CAT.indicators))
@pytest.mark.parametrize("jamfor", ["lan", "grannar"])
def test_trends_view_with_municipalities(data, figures, nb, indicator_id, jamfor):
    ind = CAT[indicator_id]
    codes = ("0180", "1480", "0980")
    state = ViewState(kommuner=codes, indikator=indicator_id, jamfor=jamfor)
    peers = A.peer_group(jamfor, "0180", data, CAT, max(ind.editions), nb)
    v = views.trends_view(data, CAT, figures, state, peers)
    assert ind.title_for("sv") in v.title
    assert v.answers_chart is not None
    nm = names(data)
    assert list(v.answers_table[t("col_kommun", "sv")]) == [nm[c] for c in codes]
    assert [c for c in v.answers_table.columns if c != t("col_kommun", "sv")] == [str(e) for e in ind.editions]
    for code, row in zip(codes, v.answers_table.itertuples(index=False)):
        for e, label in zip(ind.editions, row[1:]):
            a = answers_of(data, indicator_id, e).get(code)
            assert label == (ind.answer_label(a, "sv") if a else t("no_answer", "sv"))
    series = list(dict.fromkeys(v.shares_table[t("series", "sv")]))
    assert series[:2] == [t("riket_ref", "sv"), "Stockholms län"]
    assert (len(series) == 3) == (jamfor != "lan")


def test_trends_answers_chart_never_bridges_a_gap(data, figures):
    # find a municipality with a gap in personalomsattning 2013-2018
    ind = CAT["personalomsattning"]
    gap = None
    for code in names(data):
        seen = [answers_of(data, ind.id, e).get(code) in ind.ranked_answers for e in ind.editions]
        if any(seen[i] and not seen[i + 1] and any(seen[i + 2 :]) for i in range(len(seen) - 2)):
            gap = code
            break
    assert gap is not None
    state = ViewState(kommuner=(gap,), indikator=ind.id)
    v = views.trends_view(data, CAT, figures, state, [])
    spec = v.answers_chart
    line_layers = [
        lr for lr in spec["layer"] if (lr["mark"]["type"] if isinstance(lr["mark"], dict) else lr["mark"]) == "line"
    ]
    assert line_layers
    for lr in line_layers:
        assert lr["encoding"]["detail"]["field"] == "segment"
        rows = spec["datasets"][lr["data"]["name"]]
        assert rows and all(r["segment"] for r in rows)
        by_seg = {}
        for r in rows:
            by_seg.setdefault(r["segment"], []).append(r["edition"])
        assert len(by_seg) >= 2  # the gap splits the line
        for eds in by_seg.values():
            idx = sorted(list(ind.editions).index(e) for e in eds)
            assert idx == list(range(idx[0], idx[0] + len(idx)))


def test_trends_view_notes_a_municipality_that_never_answered(data, figures):
    ind = CAT["utbildning_ensamkommande"]
    never = next(c for c in names(data) if all(answers_of(data, ind.id, e).get(c) is None for e in ind.editions))
    v = views.trends_view(data, CAT, figures, ViewState(kommuner=(never,), indikator=ind.id), [])
    assert any(names(data)[never] in n for n in v.notes)


# ---------------------------------------------------------------- map


@pytest.mark.parametrize(
    "indicator_id, edition",
    [("personalomsattning", 2018), ("utvardering_upplevelser", 2017), ("utbildning_ensamkommande", 2016)],
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_map_view(data, features, indicator_id, edition, lang):
    ind = CAT[indicator_id]
    state = ViewState(lang=lang, kommuner=("0180",), indikator=indicator_id, upplaga=edition)
    v = views.map_view(data, CAT, state, ranked_all(data, indicator_id, edition), features)
    assert ind.title_for(lang) in v.title and str(edition) in v.title
    assert len(v.features) == 290 and len(v.table) == 290
    nm_col = t("col_kommun", lang)
    assert list(v.table[nm_col]) == sorted(v.table[nm_col], key=sv_key)
    given = answers_of(data, indicator_id, edition)
    for code, answer in zip(v.table["kommun_kod"], v.table[t("col_answer", lang)]):
        a = given.get(code)
        assert answer == (ind.answer_label(a, lang) if a else t("no_answer", lang))
    labels = [r[0] for r in v.legend]
    assert labels[: len(ind.ranked_answers)] == [ind.answer_label(a, lang) for a in ind.ranked_answers]
    assert labels[-1] == t("no_answer", lang)


# ---------------------------------------------------------------- profile


@pytest.mark.parametrize("edition", [2013, 2016, 2017, 2018])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_profile_view_for_a_municipality_that_did_not_answer(data, nb, edition, lang):
    p = data.participation
    code = sorted(p[(p["edition"] == edition) & (p["status"] == "none")]["kommun_kod"])[0]
    state = ViewState(lang=lang, kommuner=(code,), upplaga=edition)
    v = views.profile_view(data, CAT, state, code, list(nb[code]))
    kommun = names(data)[code]
    assert v.answered is False
    assert v.status == t("profile_not_answered", lang, kommun=kommun, edition=edition)
    assert kommun in v.title and str(edition) in v.title
    assert v.sentences == [] and len(v.table) == 0 and v.learn == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_profile_view_partial(data, nb, lang):
    p = data.participation
    code = sorted(p[(p["edition"] == 2017) & (p["status"] == "part")]["kommun_kod"])[0]
    v = views.profile_view(data, CAT, ViewState(lang=lang, kommuner=(code,), upplaga=2017), code, list(nb[code]))
    assert v.answered is True
    assert v.status == t("profile_partial", lang, kommun=names(data)[code], edition=2017)
    # the unanswered questions say so in the table
    unanswered = [i for i in CAT.for_edition(2017) if answers_of(data, i.id, 2017).get(code) is None]
    assert unanswered
    col = v.table[t("col_answer", lang)].tolist()
    assert col.count(t("no_answer", lang)) == len(unanswered)


@pytest.mark.parametrize("which", [0, 1, 2])
@pytest.mark.parametrize("edition", [2015, 2017, 2018])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_profile_view_answered(data, nb, which, edition, lang):
    p = data.participation
    took = sorted(p[(p["edition"] == edition) & (p["status"] != "none")]["kommun_kod"])
    code = ["0180", took[len(took) // 2], took[-1]][which]
    assert took_part(data, code, edition) != "none"
    peers = list(nb[code])
    v = views.profile_view(data, CAT, ViewState(lang=lang, kommuner=(code,), upplaga=edition), code, peers)
    inds = CAT.for_edition(edition)
    assert v.answered and names(data)[code] in v.title and str(edition) in v.title
    assert list(v.table[t("col_indicator", lang)]) == [i.title_for(lang) for i in inds]
    county = set(county_codes(data, code))
    for ind, cell in zip(inds, v.refs[t("col_lan_desired", lang)]):
        given = answers_of(data, ind.id, edition)
        vals = [a for c, a in given.items() if c in county]
        k = sum(1 for a in vals if a in ind.desired)
        assert cell.endswith(f"({k}/{len(vals)})") if vals else cell == "–"
    for ind, cell in zip(inds, v.refs[t("col_riket", lang)]):
        given = answers_of(data, ind.id, edition)
        k = sum(1 for a in given.values() if a in ind.desired)
        assert cell.endswith(f"({k}/{len(given)})")
    assert len(v.sentences) == len(inds)  # one paragraph per question, answered or not
    for ind, paragraph in zip(inds, v.sentences):
        assert paragraph.startswith(names(data)[code]) and ind.topic_for(lang) in paragraph
    # the chart: a row per question, the municipality's answer named in it
    labels = v.chart["datasets"]["labels"]
    assert [r["question"] for r in labels] == [i.short_for(lang) for i in inds]
    for ind, row in zip(inds, labels):
        a = answers_of(data, ind.id, edition).get(code)
        assert row["mine"].startswith(names(data)[code] + ": ")
        assert (
            (ind.answer_label(a, lang) in row["mine"])
            if a
            else row["mine"] == t("profile_mine_none", lang, kommun=names(data)[code])
        )
        assert row["good"] == (a in ind.desired)


def test_peer_description(data, nb):
    assert views.peer_description(ViewState(), data, []) == t("peer_none_selected", "sv")
    s = views.peer_description(ViewState(kommuner=("0180",), jamfor="grannar"), data, list(nb["0180"]))
    assert "Stockholm" in s and f"({len(nb['0180'])} " in s
    e = views.peer_description(ViewState(lang="en", jamfor="egen"), data, ["0184", "1480"])
    assert "(2 " in e


# ---------------------------------------------------------------- overview and about


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_responses_table_recount(data, lang):
    tbl = views.responses_table(data, load_responses(), lang)
    p = data.participation
    assert list(tbl[t("col_edition", lang)]) == [str(e) for e in data.editions]
    for e, n, n_all in zip(data.editions, tbl[t("col_responded", lang)], tbl[t("col_responded_all", lang)]):
        pe = p[p["edition"] == e]
        assert n == int((pe["status"] != "none").sum())
        assert n_all == int((pe["status"] == "all").sum())


def test_response_counts_match_the_manifest(data):
    counts = views.response_counts(data)
    for e, c in data.manifest["editions"].items():
        assert counts[int(e)] == c["used_rows"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_figures_table_recount(data, figures, lang):
    tbl = views.figures_table(data, figures, lang)
    assert len(tbl) == len(figures)
    data_col = [c for c in tbl.columns if c in (t("col_data", lang), t("col_data_sample", lang))]
    assert len(data_col) == 1
    for cell, f in zip(tbl[data_col[0]], figures.itertuples()):
        given = answers_of(data, f.indicator_id, f.edition)
        k = sum(1 for a in given.values() if a in f.answers)
        assert cell.endswith(f"({k}/{len(given)})")


@pytest.mark.parametrize("indicator_id", sorted(CAT.indicators))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_questions_table(indicator_id, lang):
    ind = CAT[indicator_id]
    q = views.questions_table(ind, lang)
    assert list(q[t("col_edition", lang)]) == [str(e) for e in ind.editions]
    assert list(q[t("col_question", lang)]) == [ind.question[e][lang] for e in ind.editions]


def test_accounting_table(data):
    tbl = views.accounting_table(data, "sv")
    assert len(tbl) == len(data.editions)
    assert (tbl[t("col_raw_rows", "sv")] == tbl[t("col_used_rows", "sv")] + tbl[t("col_rejected_rows", "sv")]).all()
    assert set(tbl[t("col_data_kind", "sv")]) == {"Exempeldata"}


def test_accounting_table_says_which_editions_are_the_sample(data):
    import dataclasses

    m = dict(
        data.manifest,
        kind="mixed",
        editions={e: dict(c, kind="survey" if e == "2018" else "sample") for e, c in data.manifest["editions"].items()},
    )
    tbl = views.accounting_table(dataclasses.replace(data, manifest=m), "sv")
    kinds = dict(zip(tbl[t("col_edition", "sv")], tbl[t("col_data_kind", "sv")]))
    assert kinds == {e: ("Enkätsvar" if e == "2018" else "Exempeldata") for e in data.manifest["editions"]}


# ---------------------------------------------------------------- profile chart, absent municipality, start page


@pytest.mark.parametrize(
    "code, edition, jamfor",
    [("0484", 2018, "grannar"), ("0484", 2018, "lan"), ("0580", 2018, "grannar"), ("1480", 2017, "lika")],
)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_profile_chart_shows_the_profiles_shares(data, nb, code, edition, jamfor, lang):
    """The chart's dots are the desired-answer shares the profile computed (riket, county,
    peers), recounted here from the answers table; one row per question of the edition."""
    peers = A.peer_group(jamfor, code, data, CAT, edition, nb)
    v = views.profile_view(
        data, CAT, ViewState(lang=lang, kommuner=(code,), upplaga=edition, jamfor=jamfor), code, peers
    )
    inds = CAT.for_edition(edition)
    county = set(county_codes(data, code))
    lan = data.municipalities.set_index("kommun_kod").loc[code, "lan"]
    groups = {t("riket_ref", lang): None, lan: county}
    if jamfor != "lan":
        groups[t("profile_peer_series", lang, n=len(peers))] = set(peers)
    refs = v.chart["datasets"]["refs"]
    assert {r["series"] for r in refs} <= set(groups)  # a group where nobody answered has no dots
    for i, ind in enumerate(inds):
        given = answers_of(data, ind.id, edition)
        for name, codes in groups.items():
            vals = [a for c, a in given.items() if codes is None or c in codes]
            got = [r for r in refs if r["row"] == i and r["series"] == name]
            if not vals:
                assert got == []
                continue
            [r] = got
            assert r["share"] == pytest.approx(100.0 * sum(1 for a in vals if a in ind.desired) / len(vals))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_profile_of_linkoping_2018_is_not_near_empty(data, nb, lang):
    """Linköping (0580) did not answer 2018: the page says which editions it answered, links its
    latest, shows riket and the county per question and which peers answered, with their answers."""
    assert took_part(data, "0580", 2018) == "none"
    peers = A.peer_group("lan", "0580", data, CAT, 2018, nb)
    v = views.profile_view(data, CAT, ViewState(lang=lang, kommuner=("0580",), upplaga=2018), "0580", peers)
    answered = {e: took_part(data, "0580", e) for e in data.editions}
    full = [e for e, s in answered.items() if s == "all"]
    part = [e for e, s in answered.items() if s == "part"]
    expected = ([t("absent_all", lang, kommun="Linköping", editions=A.editions_text(full, lang))] if full else []) + (
        [t("absent_part", lang, kommun="Linköping", editions=A.editions_text(part, lang))] if part else []
    )
    assert v.history == expected and expected
    assert v.latest == max(full + part)
    did = sorted((names(data)[c] for c in peers if took_part(data, c, 2018) != "none"), key=sv_key)
    assert v.peers_table[t("col_kommun", lang)].tolist() == did
    assert v.peers_line == A.peers_answered_sentence([names(data)[c] for c in peers], did, 2018, lang)
    assert len(v.chart["datasets"]["labels"]) == len(CAT.for_edition(2018))
    assert all(r["mine"] == "" for r in v.chart["datasets"]["labels"])  # it answered nothing: no answer lines


def test_profile_link_state_keeps_the_indicator_valid():
    s = ViewState(kommuner=("0180", "0484"), indikator="utbildning_ensamkommande", upplaga=2017, jamfor="grannar")
    out = views.profile_link_state(s, "0484", 2018, CAT)
    assert out.kommuner == ("0484", "0180") and out.upplaga == 2018 and out.jamfor == "grannar"
    assert 2018 in CAT[out.indikator].editions
    assert views.profile_link_state(s, "0484", 2016, CAT).indikator == "utbildning_ensamkommande"


def test_start_edition_is_the_latest_answered(data):
    assert views.start_edition(data, "0580") == max(e for e in data.editions if took_part(data, "0580", e) != "none")
    assert views.start_edition(data, "0484") == 2018
    never = next(
        c for c in data.municipalities["kommun_kod"] if all(took_part(data, c, e) == "none" for e in data.editions)
    )
    assert views.start_edition(data, never) == max(data.editions)


@pytest.mark.parametrize(
    "title, lang, expected",
    [
        ("Eskilstuna: kommunprofil 2018", "sv", "Eskilstuna: kommunprofil 2018 – Barnbarometern"),
        ("Eskilstuna: municipality profile 2018", "en", "Eskilstuna: municipality profile 2018 – Barnbarometern"),
    ],
)
def test_tab_title(title, lang, expected):
    assert views.tab_title(title, lang) == expected


def test_overview_participation_recount(data):
    v = views.overview_view(data, CAT, load_figures(), load_responses(), "sv")
    parts = v.participation["datasets"]["parts"]
    p = data.participation
    for e in data.editions:
        pe = p[p["edition"] == e]
        got = {r["kind"]: r["n"] for r in parts if r["edition"] == e}
        assert got[t("start_part_all", "sv")] == int((pe["status"] == "all").sum())
        assert got.get(t("start_part_part", "sv"), 0) == int((pe["status"] == "part").sum())
    pub = {r["edition"]: r["published"] for r in v.participation["datasets"]["published"]}
    assert pub == {2015: 139, 2016: 143, 2017: 169, 2018: 171}
    for ind, spec in v.national:
        shares = spec["datasets"]["shares"]
        for r in shares:
            given = answers_of(data, ind.id, r["edition"])
            assert (r["k"], r["n"]) == (sum(1 for a in given.values() if a in ind.desired), len(given))
