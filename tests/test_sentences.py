"""The sentences the app and the press kit write about a municipality, against sentences written
by hand: one subject per sentence, the municipality's answer first, the desired answer named as
such, and every count in agreement with its noun ("1 kommun", "2 kommuner"), in Swedish and
English. The data is small and made by hand, so that every case occurs: counties where 0, 1 and
2 municipalities answered, a yes/no question, a banded question, "vet ej", a question not asked
in the edition, a question left unanswered, and municipalities that did not answer at all."""

from __future__ import annotations

import pytest

from barnbaro.core.catalogue import Catalogue
from barnbaro.core.i18n import t
from barnbaro.explore import analysis as A
from barnbaro.explore import views
from barnbaro.explore.urlstate import ViewState
from tests.explorer_helpers import CAT, make_data

ORD = CAT["personalomsattning"]  # banded: 0–10 % (desired), 11–20 %, 21–29 %, 30 % eller mer, Vet ej
YES_NO = CAT["utvardering_upplevelser"]  # Ja (desired), Nej, Vet ej; asked 2017 and 2018
ENS = CAT["utbildning_ensamkommande"]  # asked 2016 and 2017, not 2018
SUB = Catalogue(themes=CAT.themes, indicators={i.id: i for i in (ORD, YES_NO, ENS)})
NBSP = "\u00a0"

MUNIS = [
    ("0101", "Aby", "01", "Ettans län"),  # alone in its county
    ("0201", "Bby", "02", "Tvåans län"),
    ("0202", "Cby", "02", "Tvåans län"),
    ("0301", "Dby", "03", "Treans län"),
    ("0302", "Eby", "03", "Treans län"),
    ("0303", "Fby", "03", "Treans län"),
    ("0304", "Gby", "03", "Treans län"),
]
P, U, E = ORD.id, YES_NO.id, ENS.id
ANSWERS = {
    2016: {"0303": {P: "0-10", E: "alla"}},
    2017: {
        "0101": {P: "11-20", U: "nej", E: "alla"},
        "0201": {P: "0-10", U: "ja", E: "nagra"},
        "0301": {P: "0-10", U: "nej", E: "ingen"},
        "0303": {P: "21-29", U: "ja", E: None},
    },  # partly
    2018: {
        "0101": {P: "0-10", U: "nej"},
        "0201": {P: "0-10", U: "ja"},
        "0202": {P: "0-10", U: "vet_ej"},
        "0301": {P: "30+", U: "ja"},
        "0302": {P: "11-20", U: None},
    },  # partly; Fby and Gby did not answer 2018
}
LAN = {c: lan for c, _, _, lan in MUNIS}
NAME = {c: n for c, n, _, _ in MUNIS}


@pytest.fixture(scope="module")
def data():
    return make_data(ANSWERS, MUNIS, [2016, 2017, 2018])


def paragraphs(data, code, lang, edition=2018):
    rows = A.profile(data, SUB, code, edition, [], lang)
    return {r.indicator.id: A.question_sentences(r, NAME[code], LAN[code], lang) for r in rows}


# In 2018: personalomsättning answered by 5 (0–10 % x3, 11–20 %, 30 % eller mer); the yes/no
# question by 4 (Ja x2, Nej, Vet ej; Eby left it unanswered).
EXPECTED = {
    # Aby: alone in its county (1 municipality), desired answer, better than 2017
    ("0101", P, "sv"): [
        "Aby gav det önskade svaret, ”0–10 %”, på frågan om personalomsättningen bland socialsekreterarna.",
        f"I riket gav 60{NBSP}% av de 5 kommuner som besvarade frågan samma svar.",
        "Aby var den enda kommunen i Ettans län som besvarade frågan.",
        "Svaret är bättre än 2017, då det var ”11–20 %”.",
    ],
    ("0101", P, "en"): [
        "Aby gave the desired answer, “0–10%”, to the question on staff turnover among social workers.",
        "Nationally, 60% of the 5 municipalities that answered the question gave the same answer.",
        "Aby was the only municipality in Ettans län that answered the question.",
        "The answer is better than in 2017, when it was “11–20%”.",
    ],
    # Aby on the yes/no question: not the desired answer, the same as in 2017
    ("0101", U, "sv"): [
        "Aby svarade ”Nej” på frågan om systematisk utvärdering av barnens egna upplevelser.",
        "Det önskade svaret är ”Ja”.",
        f"I riket gav 25{NBSP}% av de 4 kommuner som besvarade frågan samma svar.",
        "Aby var den enda kommunen i Ettans län som besvarade frågan.",
        "Svaret är detsamma som 2017.",
    ],
    ("0101", U, "en"): [
        "Aby answered “No” to the question on systematic evaluation of children's own experiences.",
        "The desired answer is “Yes”.",
        "Nationally, 25% of the 4 municipalities that answered the question gave the same answer.",
        "Aby was the only municipality in Ettans län that answered the question.",
        "The answer is the same as in 2017.",
    ],
    # Bby: 2 municipalities answered in its county, both with the desired answer
    ("0201", P, "sv"): [
        "Bby gav det önskade svaret, ”0–10 %”, på frågan om personalomsättningen bland socialsekreterarna.",
        f"I riket gav 60{NBSP}% av de 5 kommuner som besvarade frågan samma svar.",
        "I Tvåans län gav båda kommunerna som besvarade frågan det önskade svaret.",
        "Svaret är detsamma som 2017.",
    ],
    ("0201", P, "en"): [
        "Bby gave the desired answer, “0–10%”, to the question on staff turnover among social workers.",
        "Nationally, 60% of the 5 municipalities that answered the question gave the same answer.",
        "In Tvåans län, both municipalities that answered the question gave the desired answer.",
        "The answer is the same as in 2017.",
    ],
    # Bby on the yes/no question: 1 of the 2 in its county has the desired answer
    ("0201", U, "sv"): [
        "Bby gav det önskade svaret, ”Ja”, på frågan om systematisk utvärdering av barnens egna upplevelser.",
        f"I riket gav 50{NBSP}% av de 4 kommuner som besvarade frågan samma svar.",
        "I Tvåans län gav 1 av de 2 kommuner som besvarade frågan det önskade svaret.",
        "Svaret är detsamma som 2017.",
    ],
    ("0201", U, "en"): [
        "Bby gave the desired answer, “Yes”, to the question on systematic evaluation of children's own experiences.",
        "Nationally, 50% of the 4 municipalities that answered the question gave the same answer.",
        "In Tvåans län, 1 of the 2 municipalities that answered the question gave the desired answer.",
        "The answer is the same as in 2017.",
    ],
    # Cby: "vet ej" takes no position and says which answer is the desired one
    ("0202", U, "sv"): [
        "Cby svarade ”Vet ej” på frågan om systematisk utvärdering "
        "av barnens egna upplevelser och får därför ingen placering.",
        "Det önskade svaret är ”Ja”.",
    ],
    ("0202", U, "en"): [
        "Cby answered “Don't know” to the question on systematic evaluation "
        "of children's own experiences and so takes no position.",
        "The desired answer is “Yes”.",
    ],
    # Cby did not take part in 2017: no comparison with it
    ("0202", P, "sv"): [
        "Cby gav det önskade svaret, ”0–10 %”, på frågan om personalomsättningen bland socialsekreterarna.",
        f"I riket gav 60{NBSP}% av de 5 kommuner som besvarade frågan samma svar.",
        "I Tvåans län gav båda kommunerna som besvarade frågan det önskade svaret.",
    ],
    # Dby, banded: none (0) of the 2 in its county has the desired answer; worse than 2017
    ("0301", P, "sv"): [
        "Dby svarade ”30 % eller mer” på frågan om personalomsättningen bland socialsekreterarna.",
        "Det önskade svaret är ”0–10 %”.",
        f"I riket gav 20{NBSP}% av de 5 kommuner som besvarade frågan samma svar.",
        "I Treans län gav ingen av de 2 kommuner som besvarade frågan det önskade svaret.",
        "Svaret är sämre än 2017, då det var ”0–10 %”.",
    ],
    ("0301", P, "en"): [
        "Dby answered “30% or more” to the question on staff turnover among social workers.",
        "The desired answer is “0–10%”.",
        "Nationally, 20% of the 5 municipalities that answered the question gave the same answer.",
        "In Treans län, none of the 2 municipalities that answered the question gave the desired answer.",
        "The answer is worse than in 2017, when it was “0–10%”.",
    ],
    # Dby on the yes/no question: the only one in its county to answer it (Eby left it blank)
    ("0301", U, "sv"): [
        "Dby gav det önskade svaret, ”Ja”, på frågan om systematisk utvärdering av barnens egna upplevelser.",
        f"I riket gav 50{NBSP}% av de 4 kommuner som besvarade frågan samma svar.",
        "Dby var den enda kommunen i Treans län som besvarade frågan.",
        "Svaret är bättre än 2017, då det var ”Nej”.",
    ],
    # Eby answered part of the edition: the question it left unanswered says so
    ("0302", U, "sv"): ["Eby besvarade inte frågan om systematisk utvärdering av barnens egna upplevelser."],
    ("0302", U, "en"): ["Eby did not answer the question on systematic evaluation of children's own experiences."],
}


@pytest.mark.parametrize("code, indicator, lang", list(EXPECTED), ids=lambda x: str(x))
def test_sentences_written_by_hand(data, code, indicator, lang):
    assert paragraphs(data, code, lang)[indicator] == EXPECTED[(code, indicator, lang)]


def test_the_profile_joins_each_questions_sentences_into_one_paragraph(data):
    rows = A.profile(data, SUB, "0101", 2018, [], "sv")
    assert A.sentences(rows, "Aby", "Ettans län", "sv") == [
        " ".join(EXPECTED[("0101", P, "sv")]),
        " ".join(EXPECTED[("0101", U, "sv")]),
    ]


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "sv",
            ["Frågan om utbildning för arbete med ensamkommande barn ställdes inte 2018. Den ställdes 2016 och 2017."],
        ),
        (
            "en",
            [
                "The question on training for work with unaccompanied minors "
                "was not asked in 2018. It was asked in 2016 and 2017."
            ],
        ),
    ],
)
def test_a_question_not_asked_in_the_edition(lang, expected):
    assert [s for _, s in A.not_asked_sentences(SUB, 2018, [2016, 2017, 2018], lang)] == expected
    assert A.not_asked_sentences(SUB, 2017, [2016, 2017, 2018], lang) == []  # every question asked in 2017
    # asked only in editions the data does not hold: nothing to point to, nothing said
    assert A.not_asked_sentences(SUB, 2018, [2018], lang) == []


@pytest.mark.parametrize(
    "editions, sv, en",
    [
        ([2017], "2017", "2017"),
        ([2015, 2017], "2015 och 2017", "2015 and 2017"),
        ([2013, 2015, 2016], "2013, 2015 och 2016", "2013, 2015 and 2016"),
        ([2013, 2014, 2015, 2016], "2013–2016", "2013–2016"),
        ([2013, 2014, 2015, 2017, 2018], "2013–2015, 2017 och 2018", "2013–2015, 2017 and 2018"),
    ],
)
def test_editions_in_words(editions, sv, en):
    assert A.editions_text(editions, "sv") == sv and A.editions_text(editions, "en") == en


# ---------------------------------------------------------------- a municipality that did not answer


@pytest.mark.parametrize(
    "lang, status, history, peers",
    [
        (
            "sv",
            "Fby svarade inte på Barnbarometern 2018.",
            ["Fby svarade på alla frågor 2016.", "Fby svarade på en del av frågorna 2017."],
            "I jämförelsegruppen svarade 2 av 3 kommuner 2018: Dby och Eby.",
        ),
        (
            "en",
            "Fby did not answer Barnbarometern 2018.",
            ["Fby answered every question in 2016.", "Fby answered part of the questions in 2017."],
            "In the peer group, 2 of 3 municipalities answered in 2018: Dby and Eby.",
        ),
    ],
)
def test_profile_of_a_municipality_that_did_not_answer(data, lang, status, history, peers):
    peer_codes = A.peer_group("lan", "0303", data, SUB, 2018, {})
    v = views.profile_view(data, SUB, ViewState(lang=lang, kommuner=("0303",), upplaga=2018), "0303", peer_codes)
    assert not v.answered
    assert v.status == status and v.history == history and v.peers_line == peers
    assert v.latest == 2017
    # the peers that answered, with their answers, and the chart of riket and the county
    assert v.peers_table.iloc[:, 0].tolist() == ["Dby", "Eby"]
    assert v.peers_table[ORD.short_for(lang)].tolist() == [
        ORD.answer_label("30+", lang),
        ORD.answer_label("11-20", lang),
    ]
    assert v.peers_table[YES_NO.short_for(lang)].tolist() == [YES_NO.answer_label("ja", lang), t("no_answer", lang)]
    refs = v.chart["datasets"]["refs"]
    assert {r["series"] for r in refs} == {t("riket_ref", lang), "Treans län"}  # peers = the county: one series
    assert v.not_asked == [s for _, s in A.not_asked_sentences(SUB, 2018, data.editions, lang)]


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("sv", ["Gby svarade inte på någon av upplagorna 2016–2018."]),
        ("en", ["Gby did not answer any of the editions 2016–2018."]),
    ],
)
def test_a_municipality_that_never_answered(data, lang, expected):
    assert A.history_sentences(A.participation_history(data, "0304"), "Gby", lang) == expected
    assert A.latest_answered(data, "0304") is None


@pytest.mark.parametrize(
    "peers, answered, sv, en",
    [
        ([], [], "Jämförelsegruppen har inga kommuner.", "The peer group has no municipalities."),
        (
            ["Dby"],
            [],
            "Den enda kommunen i jämförelsegruppen, Dby, svarade inte heller 2018.",
            "The only municipality in the peer group, Dby, did not answer in 2018 either.",
        ),
        (
            ["Dby"],
            ["Dby"],
            "Den enda kommunen i jämförelsegruppen, Dby, svarade 2018.",
            "The only municipality in the peer group, Dby, answered in 2018.",
        ),
        (
            ["Dby", "Eby"],
            ["Dby", "Eby"],
            "Båda kommunerna i jämförelsegruppen svarade 2018: Dby och Eby.",
            "Both municipalities in the peer group answered in 2018: Dby and Eby.",
        ),
        (
            ["Dby", "Eby"],
            ["Eby"],
            "I jämförelsegruppen svarade 1 av 2 kommuner 2018: Eby.",
            "In the peer group, 1 of 2 municipalities answered in 2018: Eby.",
        ),
        (
            ["Dby", "Eby", "Åby"],
            [],
            "Ingen av de 3 kommunerna i jämförelsegruppen svarade 2018.",
            "None of the 3 municipalities in the peer group answered in 2018.",
        ),
        (
            ["Dby", "Eby", "Åby"],
            ["Åby", "Dby", "Eby"],
            "Alla 3 kommuner i jämförelsegruppen svarade 2018: Dby, Eby och Åby.",
            "All 3 municipalities in the peer group answered in 2018: Dby, Eby and Åby.",
        ),
    ],
)
def test_which_peers_answered(peers, answered, sv, en):
    assert A.peers_answered_sentence(peers, answered, 2018, "sv") == sv
    assert A.peers_answered_sentence(peers, answered, 2018, "en") == en


# ---------------------------------------------------------------- counts everywhere


@pytest.mark.parametrize(
    "key, kw, sv, en",
    [
        ("non_respondents", {"n": 0}, "Svarade inte (0 kommuner)", "Did not answer (0 municipalities)"),
        ("non_respondents", {"n": 1}, "Svarade inte (1 kommun)", "Did not answer (1 municipality)"),
        ("non_respondents", {"n": 2}, "Svarade inte (2 kommuner)", "Did not answer (2 municipalities)"),
        (
            "pos_group",
            {"n": 1, "answer": "Ja"},
            "den enda kommunen som svarar Ja",
            "the only municipality answering Ja",
        ),
        (
            "pos_group",
            {"n": 2, "answer": "Ja"},
            "en av 2 kommuner som svarar Ja",
            "one of 2 municipalities answering Ja",
        ),
        (
            "ranking_caption",
            {"n": 0, "scope": "länet"},
            "Ingen kommun svarade på frågan (länet).",
            "No municipality answered the question (länet).",
        ),
        (
            "ranking_caption",
            {"n": 1, "scope": "länet"},
            "Svaret från den enda kommun som svarade på frågan (länet). Det önskade svaret står först.",
            "The answer of the only municipality that answered the question (länet). The desired answer comes first.",
        ),
        (
            "ranking_caption",
            {"n": 2, "scope": "länet"},
            "Andel av de 2 kommuner som svarade på frågan (länet). Det önskade svaret står först.",
            "Share of the 2 municipalities that answered the question (länet). The desired answer comes first.",
        ),
        (
            "peer_described",
            {"n": 1, "kind": "egen lista", "kommun": "Aby"},
            "Jämförelsegrupp: egen lista till Aby (1 kommun).",
            "Peer group: egen lista of Aby (1 municipality).",
        ),
        (
            "structure_not_testable",
            {"n": 1, "groups": 1},
            "Det går inte att pröva ett samband här: 1 kommun med ett rangordnat svar i "
            "1 kommungrupp räcker inte (det behövs minst två grupper och två olika svar).",
            "An association cannot be tested here: 1 municipality with a ranked answer in 1 "
            "municipality group is not enough (it takes at least two groups and two different answers).",
        ),
        (
            "presskit_index_intro",
            {"n": 1, "edition": 2018, "all": 1, "part": 0, "none": 0},
            "1 kommun. 1 svarade på alla frågor 2018, 0 på en del av dem och 0 svarade inte. Varje "
            "kommun har en sida med diagram, siffrorna och länkar som öppnar samma vy i Barnbarometern.",
            "1 municipality. In 2018, 1 answered every question, 0 part of them and 0 did not answer. Each "
            "municipality has a page with charts, the numbers, and links that open the same view in Barnbarometern.",
        ),
        (
            "presskit_dist_alt",
            {"n": 1, "shares": "Ja: 100 %"},
            "Svaret från den enda kommun som svarade: Ja: 100 %.",
            "The answer of the only municipality that answered: Ja: 100 %.",
        ),
    ],
)
def test_counts_agree_with_their_nouns(key, kw, sv, en):
    assert t(key, "sv", **kw) == sv
    assert t(key, "en", **kw) == en


def test_press_kit_sentences(data):
    """The press kit writes the profile's sentences (the same hand-written ones) and, under each
    ranking, the municipality's line: its name first, then its position."""
    from barnbaro.core.published import load_figures
    from barnbaro.presskit.numbers import prepare

    lines = {
        "sv": {
            "0101": "Aby: plats 3 av 3",
            "0201": "Bby: en av 2 kommuner som svarar Ja",
            "0202": "Cby: svarade Vet ej (ingen placering)",
            "0302": "Eby: svarade inte på frågan",
        },
        "en": {
            "0101": "Aby: position 3 of 3",
            "0201": "Bby: one of 2 municipalities answering Yes",
            "0202": "Cby: answered Don't know (no position)",
            "0302": "Eby: did not answer the question",
        },
    }
    for lang, expected in lines.items():
        kit = prepare(
            data, SUB, load_figures(), 2018, ["0101", "0201", "0202", "0301", "0302"], lang, "http://localhost:8501"
        )
        for code, line in expected.items():
            row = next(r for r in kit.rows[code] if r.indicator.id == YES_NO.id)
            assert kit.position_line(code, row) == line
        for code in ("0101", "0201", "0301"):
            got = views.profile_sentences(kit.rows[code], NAME[code], LAN[code], lang)
            for ind_id, paragraph in zip((P, U), got):
                if (code, ind_id, lang) in EXPECTED:
                    assert paragraph == " ".join(EXPECTED[(code, ind_id, lang)])
