"""barnbaro.pipeline.codebook: raw headers and answer texts -> catalogue indicators and answer ids."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from barnbaro.core.catalogue import EDITIONS, load_catalogue
from barnbaro.core.textnorm import norm_header
from barnbaro.pipeline.codebook import UnknownAnswer, load_codebooks, parse_number

CAT = load_catalogue()
BOOKS = {b.edition: b for b in load_codebooks()}
RAW_ANSWERS = [(e, ind, raw) for e, b in BOOKS.items() for ind, q in b.questions.items() for raw in q.raw_answers]
QUESTIONS = [(e, ind) for e, b in BOOKS.items() for ind in b.questions]


def q(edition: int, indicator: str):
    return BOOKS[edition].questions[indicator]


# --- consistency with the catalogue ------------------------------------------------------


def test_one_codebook_per_edition():
    assert sorted(BOOKS) == list(EDITIONS)
    assert len(load_codebooks()) == len(EDITIONS)


@pytest.mark.parametrize("edition", EDITIONS)
def test_codebook_questions_are_exactly_the_indicators_asked_that_edition(edition):
    asked = {i.id for i in CAT.for_edition(edition)}
    assert set(BOOKS[edition].questions) == asked


@pytest.mark.parametrize("edition, indicator", QUESTIONS)
def test_codebook_header_is_the_catalogue_wording(edition, indicator):
    assert norm_header(q(edition, indicator).header) == norm_header(CAT[indicator].question[edition]["sv"])


@pytest.mark.parametrize("edition, indicator, raw", RAW_ANSWERS)
def test_every_raw_answer_maps_to_an_answer_the_catalogue_lists(edition, indicator, raw):
    answer, value = q(edition, indicator).recode(raw)
    assert answer in CAT[indicator].answer_ids
    assert value is None


@pytest.mark.parametrize("edition, indicator", QUESTIONS)
def test_every_catalogue_answer_is_reachable_from_the_export(edition, indicator):
    """Each answer of the scale has a raw text (or a number band) in that edition's codebook."""
    question = q(edition, indicator)
    reachable = set(question.answers.values())
    if question.number is not None:
        reachable |= {b["answer"] for b in question.number.bands}
    assert reachable == set(CAT[indicator].answer_ids)


@pytest.mark.parametrize("edition, indicator", QUESTIONS)
def test_raw_answers_are_distinct_after_normalising(edition, indicator):
    question = q(edition, indicator)
    assert len(question.answers) == len(question.raw_answers)


@pytest.mark.parametrize("edition", EDITIONS)
def test_headers_of_an_edition_are_distinct_after_normalising(edition):
    known = BOOKS[edition].known_headers()
    assert len({norm_header(h) for h in known}) == len(known)


@pytest.mark.parametrize(
    "name, edition",
    [
        ("barnbarometern_2013_exempel.xlsx", 2013),
        ("Barnbarometern 2014.xlsx", 2014),
        ("barnbarometern_2015_bom.csv", 2015),
        ("barnbarometern_2016_semikolon.csv", 2016),
        ("BARNBAROMETERN-2017-export.CSV", 2017),
        ("barnbarometern2018.xlsx", 2018),
        ("barnbarometern_2018_rubrikblock.xlsx", 2018),
        ("barnbarometern_2013.txt", None),
        ("enkat_2015.csv", None),
        ("barnbarometern_2019.xlsx", None),
        ("barnbarometern_2016.xlsx.bak", None),
    ],
)
def test_file_name_selects_exactly_one_codebook(name, edition):
    hits = [e for e, b in BOOKS.items() if b.matches_file(name)]
    assert hits == ([] if edition is None else [edition])


@pytest.mark.parametrize(
    "text, is_test",
    [
        ("Test", True),
        ("TEST - ta bort", True),
        ("testsvar", True),
        ("  prov", True),
        ("Prov 2", True),
        ("Testkommun", False),
        ("Stockholm", False),
        ("Provinsen", False),
        ("", False),
    ],
)
def test_test_row_pattern(text, is_test):
    assert BOOKS[2016].is_test_row(text) is is_test


# --- recoding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "edition, indicator, raw, expected",
    [
        # case, spacing and dash variants of the same answer
        (2017, "personalomsattning", "0–10 %", "0-10"),
        (2017, "personalomsattning", "0-10%", "0-10"),
        (2017, "personalomsattning", "0 - 10 %", "0-10"),
        (2017, "personalomsattning", " 0—10 % ", "0-10"),
        (2017, "personalomsattning", "30 % ELLER HÖGRE", "30+"),
        (2017, "personalomsattning", "30% eller högre", "30+"),
        (2017, "personalomsattning", "vet inte", "vet_ej"),
        (2017, "personalomsattning", "Vet inte.", "vet_ej"),
        (2013, "personalomsattning", "0–10 procent", "0-10"),
        (2013, "personalomsattning", "0-10 PROCENT", "0-10"),
        (2013, "personalomsattning", "30  procent eller mer", "30+"),
        (2015, "utredningar_over_4_man", "1–5 gånger", "1-5"),
        (2015, "utredningar_over_4_man", "FLER ÄN TIO GÅNGER", "over_10"),
        (2017, "utredningar_over_4_man", "1-5 gånger", "1-5"),
        (2017, "andel_forsenade_utredningar", "20-49%", "en_femtedel_till_halften"),
        (2017, "andel_forsenade_utredningar", "mindre än 20%", "under_en_femtedel"),
        (2016, "utbildning_ensamkommande", "Ja, alla handläggare", "alla"),
        (2016, "utbildning_ensamkommande", "ja,  några handläggare ", "nagra"),
        (2017, "utbildning_ensamkommande", "Ja, en del", "nagra"),
        (2017, "barnkonventionen", "JA", "ja"),
        (2018, "halsoundersokning_lvu", " nej ", "nej"),
        (2018, "personalomsattning", "Vet inte", "vet_ej"),
    ],
)
def test_recode_variants(edition, indicator, raw, expected):
    assert q(edition, indicator).recode(raw) == (expected, None)


@pytest.mark.parametrize(
    "a, b",
    [
        ("0–10 %", "0-10%"),
        ("11–20 %", "11 - 20 %"),
        ("Vet inte", "VET INTE "),
    ],
)
def test_variants_recode_the_same(a, b):
    question = q(2017, "personalomsattning")
    assert question.recode(a) == question.recode(b)


@pytest.mark.parametrize(
    "raw, band, value",
    [
        ("12,5", "11-20", 12.5),
        ("12.5", "11-20", 12.5),
        ("8 %", "0-10", 8.0),
        ("8%", "0-10", 8.0),
        ("8 procent", "0-10", 8.0),
        ("0", "0-10", 0.0),
        ("10", "0-10", 10.0),  # 10 is in 0-10 (inclusive)
        ("10,0", "0-10", 10.0),
        ("10,1", "11-20", 10.1),
        ("11", "11-20", 11.0),
        ("20", "11-20", 20.0),  # 20 is in 11-20 (inclusive)
        ("20,1", "21-29", 20.1),
        ("29,9", "21-29", 29.9),
        ("30", "30+", 30.0),  # 30 starts the top band
        ("30 %", "30+", 30.0),
        ("55,5", "30+", 55.5),
        ("100", "30+", 100.0),
        (12.5, "11-20", 12.5),  # number cells
        (10, "0-10", 10.0),
        (30.0, "30+", 30.0),
        ("\u00a08\u00a0%", "0-10", 8.0),
    ],
)
def test_2018_turnover_numbers_fall_into_bands(raw, band, value):
    assert q(2018, "personalomsattning").recode(raw) == (band, value)


@pytest.mark.parametrize("raw", ["150", "100,1", "-1", "-0,5", "tio", "ca 10", "10-20", "1e3", "12,5,3"])
def test_2018_turnover_out_of_range_or_not_a_number_is_unknown(raw):
    with pytest.raises(UnknownAnswer) as exc:
        q(2018, "personalomsattning").recode(raw)
    assert exc.value.text == raw.strip()
    assert "Vet inte" in exc.value.known
    assert any(k.startswith("ett tal 0") and k.endswith("100") for k in exc.value.known)


@pytest.mark.parametrize(
    "edition, indicator, raw",
    [
        (2017, "utvardering_upplevelser", "Vet ej"),  # the 2013-2016 wording, not 2017's
        (2013, "personalomsattning", "0–10 %"),  # 2017's wording, not 2013's
        (2015, "andel_forsenade_utredningar", "Ibland"),
        (2016, "utbildning_ensamkommande", "Ja"),
        (2017, "personalomsattning", "12"),  # numbers are only read in 2018
    ],
)
def test_unknown_text_raises_unknown_answer_listing_known_texts(edition, indicator, raw):
    question = q(edition, indicator)
    with pytest.raises(UnknownAnswer) as exc:
        question.recode(raw)
    assert exc.value.text == raw
    assert exc.value.known == list(question.raw_answers)


@pytest.mark.parametrize("raw", ["", "   ", None, float("nan"), "\u00a0"])
def test_blank_is_no_answer(raw):
    assert q(2017, "personalomsattning").recode(raw) == (None, None)
    assert q(2018, "personalomsattning").recode(raw) == (None, None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("8 %", 8.0),
        ("8%", 8.0),
        ("8 procent", 8.0),
        ("8 PROCENT", 8.0),
        (" 7 ", 7.0),
        ("+3", 3.0),
        ("-3", -3.0),
        ("0,05", 0.05),
        ("", None),
        ("abc", None),
        ("1 000", None),
        ("12,5 %%", None),
        ("%", None),
        ("12,", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


# --- properties --------------------------------------------------------------------------

_cells = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789,.% -+procentPROCENT", max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from([raw for _e, _i, raw in RAW_ANSWERS]).map(lambda s: s.upper()),
)


@given(st.sampled_from(QUESTIONS), _cells)
def test_property_recode_only_ever_raises_unknown_answer(question_key, cell):
    edition, indicator = question_key
    question = q(edition, indicator)
    try:
        answer, value = question.recode(cell)
    except UnknownAnswer as u:
        assert u.known[: len(question.raw_answers)] == list(question.raw_answers)
        return
    assert answer is None or answer in CAT[indicator].answer_ids
    if value is not None:
        assert question.number is not None
        assert question.number.min <= value <= question.number.max
        assert answer != CAT[indicator].dont_know


@given(st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 1)))
def test_property_2018_bands_are_ordered_and_cover_0_to_100(x):
    answer, value = q(2018, "personalomsattning").recode(f"{x}".replace(".", ","))
    assert value == x
    expected = "0-10" if x <= 10 else "11-20" if x <= 20 else "21-29" if x < 30 else "30+"
    assert answer == expected


def test_number_spec_known_text_names_the_range():
    with pytest.raises(UnknownAnswer) as exc:
        q(2018, "personalomsattning").recode("150")
    assert re.search(r"ett tal 0.100", exc.value.known[-1])
