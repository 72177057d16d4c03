"""barnbaro.core.municipalities: the 290 municipalities and the name matcher."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from barnbaro.core.municipalities import (
    N_MUNICIPALITIES,
    NameMatcher,
    load_counties,
    load_municipalities,
)

MUNI = load_municipalities()
CODE = dict(zip(MUNI["kommun"], MUNI["kommun_kod"]))  # official name -> code
NAMES = tuple(MUNI["kommun"])
MATCHER = NameMatcher(MUNI)


# --- the municipality list ---------------------------------------------------------------


def test_load_municipalities_has_290_rows_with_four_digit_codes():
    assert len(MUNI) == N_MUNICIPALITIES == 290
    assert list(MUNI.columns) == ["kommun_kod", "kommun", "lan_kod", "lan"]
    assert MUNI["kommun_kod"].is_unique
    assert MUNI["kommun"].is_unique
    assert all(re.fullmatch(r"\d{4}", c) for c in MUNI["kommun_kod"])
    assert list(MUNI["kommun_kod"]) == sorted(MUNI["kommun_kod"])
    assert not MUNI.isna().any().any()


def test_load_municipalities_has_21_counties_consistent_with_codes():
    assert MUNI["lan_kod"].nunique() == 21
    assert MUNI["lan"].nunique() == 21
    assert (MUNI["lan_kod"] == MUNI["kommun_kod"].str[:2]).all()
    counties = load_counties()
    assert len(counties) == 21
    assert set(counties["lan_kod"]) == set(MUNI["lan_kod"])
    assert all(re.fullmatch(r"\d{2}", c) for c in counties["lan_kod"])


@pytest.mark.parametrize(
    "code, name, lan",
    [
        ("0180", "Stockholm", "Stockholms län"),
        ("1480", "Göteborg", "Västra Götalands län"),
        ("1280", "Malmö", "Skåne län"),
        ("0980", "Gotland", "Gotlands län"),
        ("0305", "Håbo", "Uppsala län"),
        ("0643", "Habo", "Jönköpings län"),
        ("0114", "Upplands Väsby", "Stockholms län"),
        ("2023", "Malung-Sälen", "Dalarnas län"),
        ("1438", "Dals-Ed", "Västra Götalands län"),
        ("1462", "Lilla Edet", "Västra Götalands län"),
        ("2584", "Kiruna", "Norrbottens län"),
    ],
)
def test_known_codes(code, name, lan):
    """A few Statistics Sweden codes every Swede can check, pinning the list the matcher uses."""
    row = MUNI[MUNI["kommun_kod"] == code].iloc[0]
    assert (row["kommun"], row["lan"]) == (name, lan)


# --- matching ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, official",
    [
        # official names and the usual suffixes
        ("Stockholm", "Stockholm"),
        ("Stockholm kommun", "Stockholm"),
        ("Stockholms kommun", "Stockholm"),
        ("Stockholms stad", "Stockholm"),
        ("Stockholms Stad", "Stockholm"),
        ("Göteborgs Stad", "Göteborg"),
        ("Göteborgs stad", "Göteborg"),
        ("Göteborg", "Göteborg"),
        ("Malmö stad", "Malmö"),
        ("  Malmö kommun ", "Malmö"),
        ("Malmös kommun", "Malmö"),
        ("Region Gotland", "Gotland"),
        ("region gotland", "Gotland"),
        ("Gotland", "Gotland"),
        ("Gotlands kommun", "Gotland"),
        ("Kiruna kommun", "Kiruna"),
        ("Kirunas kommun", "Kiruna"),
        ("Uppsala kommun", "Uppsala"),
        # names ending in s: the genitive is the name itself
        ("Borås", "Borås"),
        ("Borås kommun", "Borås"),
        ("Västerås stad", "Västerås"),
        ("Kalix kommun", "Kalix"),
        # hyphen and space variants
        ("Upplands Väsby", "Upplands Väsby"),
        ("Upplands-Väsby", "Upplands Väsby"),
        ("upplands-väsby", "Upplands Väsby"),
        ("Upplands Väsby kommun", "Upplands Väsby"),
        ("Malung-Sälen", "Malung-Sälen"),
        ("Malung Sälen", "Malung-Sälen"),
        ("Malung-Sälens kommun", "Malung-Sälen"),
        ("Dals-Ed", "Dals-Ed"),
        ("Dals Ed", "Dals-Ed"),
        ("Dals-Eds kommun", "Dals-Ed"),
        ("Lilla Edet", "Lilla Edet"),
        ("Lilla-Edet", "Lilla Edet"),
        ("Upplands-Bro", "Upplands-Bro"),
        ("Upplands Bro", "Upplands-Bro"),
        ("Östra Göinge", "Östra Göinge"),
        ("Östra-Göinge kommun", "Östra Göinge"),
        # case and stray spaces
        ("STOCKHOLM", "Stockholm"),
        ("stockholm", "Stockholm"),
        ("sTOCKhOLM", "Stockholm"),
        ("ÖREBRO", "Örebro"),
        ("  Örebro", "Örebro"),
        ("Örebro   ", "Örebro"),
        ("Upplands   Väsby", "Upplands Väsby"),
        ("\u00a0Luleå\u00a0", "Luleå"),
        ("\tUmeå kommun\n", "Umeå"),
        # Håbo and Habo are both exact and distinct
        ("Håbo", "Håbo"),
        ("Habo", "Habo"),
        ("håbo kommun", "Håbo"),
        ("HABO", "Habo"),
        # diacritics dropped, where that is unambiguous
        ("Malmo", "Malmö"),
        ("Goteborgs Stad", "Göteborg"),
        ("Orebro kommun", "Örebro"),
        ("Harnosand", "Härnösand"),
    ],
)
def test_names_match_their_municipality(text, official):
    m = MATCHER.match(text)
    assert m.ok, m
    assert m.code == CODE[official]
    assert m.reason == ""


@pytest.mark.parametrize(
    "value, code",
    [
        ("180", "0180"),
        ("0180", "0180"),
        ("180.0", "0180"),
        ("0180.0", "0180"),
        (" 180 ", "0180"),
        (180, "0180"),
        (180.0, "0180"),
        ("1480", "1480"),
        (1480, "1480"),
        ("1480.0", "1480"),
        ("114", "0114"),
        ("980", "0980"),
        ("2584", "2584"),
    ],
)
def test_codes_match_with_or_without_leading_zero(value, code):
    m = MATCHER.match(value)
    assert m.ok, m
    assert m.code == code


@pytest.mark.parametrize("text", ["Habö", "habö", "HABÖ kommun", "Hàbo", "Habös kommun"])
def test_folded_form_of_two_municipalities_is_ambiguous(text):
    m = MATCHER.match(text)
    assert not m.ok
    assert m.reason == "ambiguous"
    assert set(m.candidates) == {"Håbo", "Habo"}


@pytest.mark.parametrize(
    "text, expected_candidate",
    [
        ("Stokholm", "Stockholm"),
        ("Götebrog", "Göteborg"),
        ("Upsala", "Uppsala"),
        ("Socialförvaltningen, IFO", None),
        ("Kirunaa kommun", "Kiruna"),
        ("Norrköpping", "Norrköping"),
        ("Örnsköldvik", "Örnsköldsvik"),
    ],
)
def test_unknown_names_are_rejected_with_closest_candidates(text, expected_candidate):
    m = MATCHER.match(text)
    assert not m.ok
    assert m.reason == "unknown"
    assert len(m.candidates) <= 3
    assert set(m.candidates) <= set(NAMES)
    if expected_candidate is not None:
        assert expected_candidate in m.candidates


@pytest.mark.parametrize(
    "text, municipality", [("Malmö stadsdel Rosengård", "Malmö"), ("Sundbyberg stadsdel", "Sundbyberg")]
)
def test_parts_of_a_municipality_are_rejected_naming_it(text, municipality):
    m = MATCHER.match(text)
    assert (m.ok, m.reason, m.candidates) == (False, "district", (municipality,))


@pytest.mark.parametrize("code", ["9999", "0000", "0100", "999"])
def test_unknown_codes_are_rejected_with_nearby_codes(code):
    m = MATCHER.match(code)
    assert not m.ok
    assert m.reason == "unknown"
    for c in m.candidates:  # "<code> <name>" of real municipalities
        kod, name = c.split(" ", 1)
        assert CODE[name] == kod


@pytest.mark.parametrize("value", ["", "   ", "\u00a0", "\t\n", None, float("nan")])
def test_blank_is_rejected_as_blank(value):
    m = MATCHER.match(value)
    assert (m.ok, m.reason, m.candidates) == (False, "blank", ())


@pytest.mark.parametrize("name", NAMES)
def test_every_official_name_and_its_kommun_forms_match(name):
    gen = name if name[-1] in "sxz" else name + "s"
    for text in (name, f"{name} kommun", f"{gen} kommun", name.upper(), name.lower(), CODE[name].lstrip("0")):
        assert MATCHER.match(text).code == CODE[name], text


def test_no_two_municipalities_share_a_form():
    """Håbo/Habo is the only pair that folding merges; nothing collides before folding."""
    folded = {}
    from barnbaro.core.textnorm import fold

    for name in NAMES:
        folded.setdefault(fold(name.casefold()), []).append(name)
    assert [sorted(v) for v in folded.values() if len(v) > 1] == [["Habo", "Håbo"]]


# --- properties --------------------------------------------------------------------------


def _random_case(draw, text: str) -> str:
    flags = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if f else c.lower() for c, f in zip(text, flags))


@st.composite
def written_names(draw):
    name = draw(st.sampled_from(NAMES))
    gen = name if name[-1] in "sxz" else name + "s"
    base, suffix = draw(st.sampled_from([(name, ""), (name, " kommun"), (gen, " kommun"), (gen, " Kommun")]))
    ws = st.text(alphabet=" \t\u00a0", max_size=3)
    return name, draw(ws) + _random_case(draw, base + suffix) + draw(ws)


@given(written_names())
def test_property_official_names_in_any_case_and_spacing_match_their_code(pair):
    name, text = pair
    m = MATCHER.match(text)
    assert m.ok, (text, m)
    assert m.code == CODE[name]


_name_like = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ -.0123456789", max_size=30),
    st.sampled_from(NAMES).map(lambda n: n[:-1]),
    st.sampled_from(NAMES).flatmap(lambda n: st.text(max_size=3).map(lambda s: n + s)),
    st.integers(min_value=-10, max_value=100_000),
    st.floats(allow_nan=True),
)


@given(_name_like)
def test_property_arbitrary_text_never_raises_and_is_a_code_or_a_reason(text):
    m = MATCHER.match(text)
    if m.ok:
        assert m.code in MATCHER.names
        assert m.reason == "" and m.candidates == ()
        return
    assert m.reason in {"blank", "unknown", "ambiguous", "mismatch", "county", "district"}
    if m.reason == "blank":
        assert m.candidates == ()
    elif m.reason == "ambiguous":
        assert len(m.candidates) >= 2
        assert set(m.candidates) <= set(NAMES)
    elif m.reason == "county":
        assert set(m.candidates) <= set(load_counties()["lan"])
    else:
        for c in m.candidates:
            if c in NAMES:
                continue
            kod, name = c.split(" ", 1)  # a code was given: "<code> <name>"
            assert CODE[name] == kod
