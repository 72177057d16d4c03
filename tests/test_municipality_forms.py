"""The name matcher's forms, each rule checked for all 290 municipalities (tables generated from
the municipality list), every rejection the rules must keep, and properties: no rule maps one
municipality's name, or a county's or region's, to another municipality's code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from barnbaro.core.municipalities import NameMatcher, load_counties, load_municipalities, load_other_names

MUNI = load_municipalities()
NAMES = tuple(MUNI["kommun"])
CODE = dict(zip(MUNI["kommun"], MUNI["kommun_kod"]))
NAME = {c: n for n, c in CODE.items()}
COUNTIES = tuple(load_counties()["lan"])
MATCHER = NameMatcher(MUNI)
OTHER = load_other_names()


def gen(name: str) -> str:
    return name if name[-1] in "sxz" else name + "s"


# One rule per entry: how a table writes a municipality, as a function of (code, name).
RULES = {
    "code_space_name": lambda c, n: f"{c} {n}",  # SCB: "0114 Upplands Väsby"
    "code_dash_name": lambda c, n: f"{c} - {n}",
    "code_colon_name": lambda c, n: f"{c}: {n}",
    "code_no_zero_name": lambda c, n: f"{c.lstrip('0')} {n}",  # a code that lost its zero
    "name_bracket_code": lambda c, n: f"{n} ({c})",
    "name_dash_code": lambda c, n: f"{n} - {c}",
    "code_name_kommun": lambda c, n: f"{c} {gen(n)} kommun",
    "genitive_alone": lambda c, n: gen(n),  # "Arjeplogs", "Lunds"
    "genitive_alone_upper": lambda c, n: gen(n).upper(),
    "genitive_k": lambda c, n: f"{gen(n)} k.",  # "Skinnskattebergs k."
    "name_k": lambda c, n: f"{n} k.",
    "genitive_s_after_any": lambda c, n: f"{n}s kommun" if n[-1] in "xz" else f"{gen(n)} kommun",
    "footnote_star": lambda c, n: f"{n}*",
    "footnote_superscript": lambda c, n: f"{n}¹",
    "footnote_bracket": lambda c, n: f"{gen(n)} kommun (1)",
    "english_municipality": lambda c, n: f"{n} Municipality",
    "english_municipality_of": lambda c, n: f"Municipality of {n}",
    "english_city_of": lambda c, n: f"City of {n}",
    "en_dash_spaces": lambda c, n: f"  {n.replace('-', '–')}  kommun ",
}


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("name", NAMES)
def test_every_rule_maps_every_municipality_to_its_own_code(rule, name):
    text = RULES[rule](CODE[name], name)
    m = MATCHER.match(text)
    assert (m.code, m.reason) == (CODE[name], ""), (text, m)


@pytest.mark.parametrize("name", NAMES)
def test_a_code_beside_another_municipalitys_name_is_rejected_naming_both(name):
    code = CODE[name]
    other = NAMES[(NAMES.index(name) + 1) % len(NAMES)]
    for text in (f"{CODE[other]} {name}", f"{name} ({CODE[other]})"):
        m = MATCHER.match(text)
        assert not m.ok, text
        assert m.reason == "mismatch"
        assert m.candidates == (f"{CODE[other]} {other}", f"{code} {name}")


@pytest.mark.parametrize("name", NAMES)
def test_no_municipality_name_is_another_plus_s(name):
    """The genitive alone is safe only because no name is another's genitive."""
    assert gen(name) == name or gen(name) not in NAMES
    assert not (name.endswith("s") and name[:-1] in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_part_of_every_municipality_is_rejected_as_a_part(name):
    for text in (f"{gen(name)} kommun, Centrum", f"{name} stadsdel Norr", f"{name} - Östra distriktet"):
        m = MATCHER.match(text)
        assert (m.ok, m.reason, m.candidates) == (False, "district", (name,)), (text, m)


@pytest.mark.parametrize("county", COUNTIES)
def test_every_county_and_region_is_rejected_except_gotland(county):
    stem = county.removesuffix(" län")
    texts = [
        county,
        f"{county}*",
        f"Region {stem.removesuffix('s')}",
        f"Landstinget i {county}",
        f"{county}s landsting",
    ]
    for text in texts:
        m = MATCHER.match(text)
        if county == "Gotlands län" and text in ("Gotlands län", "Gotlands län*", "Region Gotland"):
            assert m.code == "0980", text
            continue
        assert not m.ok, (text, m)
        assert m.reason == "county", (text, m)


@pytest.mark.parametrize("entry", OTHER["former"], ids=lambda e: e["name"])
def test_former_names_match_in_every_form_and_cite_a_source(entry):
    assert entry["source"].strip() and entry["now"] == NAME[entry["code"]]
    n = entry["name"]
    for text in (n, f"{gen(n)} kommun", gen(n), f"{entry['code']} {n}", n.upper()):
        assert MATCHER.match(text).code == entry["code"], text


@pytest.mark.parametrize("entry", OTHER["english"], ids=lambda e: e["name"])
def test_english_exonyms_match_with_the_english_affixes(entry):
    assert entry["source"].strip()
    n = entry["name"]
    for text in (n, f"{n} Municipality", f"City of {n}", f"{entry['code']} {n}"):
        assert MATCHER.match(text).code == entry["code"], text


def test_other_names_that_would_take_another_municipalitys_name_are_refused():
    with pytest.raises(ValueError, match="annan kommuns"):
        NameMatcher(MUNI, {"former": [{"code": "0180", "name": "Lund", "source": "x"}], "english": []})
    with pytest.raises(ValueError, match="ingen kommuns"):
        NameMatcher(MUNI, {"former": [], "english": [{"code": "9999", "name": "Nowhere", "source": "x"}]})


# Every form the issue names, and every rejection, in one table each.
ACCEPTED = [
    ("0114 Upplands Väsby", "0114"),
    ("1480 Göteborg", "1480"),
    ("Upplands Väsby (0114)", "0114"),
    ("0114 - Upplands Väsby", "0114"),
    ("Arjeplogs", "2506"),
    ("Lunds", "1281"),
    ("Malung-Sälens", "2023"),
    ("Dals-Eds", "1438"),
    ("Lilla Edets", "1462"),
    ("Kalixs kommun", "2514"),
    ("Malung", "2023"),
    ("Malungs kommun", "2023"),
    ("Stockholm Municipality", "0180"),
    ("Gothenburg", "1480"),
    ("Gothenburg Municipality", "1480"),
    ("Skinnskattebergs k.", "1904"),
    ("Gotlands län*", "0980"),
    ("Region Gotland", "0980"),
    ("Gotlands län", "0980"),
]


@pytest.mark.parametrize("text, code", ACCEPTED)
def test_the_forms_real_tables_write(text, code):
    assert MATCHER.match(text).code == code


REJECTED = [
    ("0682 Emmaboda", "mismatch", ("0682 Nässjö", "0862 Emmaboda")),
    ("Stockholms län", "county", ("Stockholms län",)),
    ("Jönköpings län", "county", ("Jönköpings län",)),
    ("Region Kalmar", "county", ("Kalmar län",)),
    ("Nortällje", "unknown", ("Norrtälje",)),
    ("Tommelilla", "unknown", ("Tomelilla",)),
    ("Västerå", "unknown", ("Västerås",)),
    ("Malmö kommun, Innerstaden", "district", ("Malmö",)),
]


@pytest.mark.parametrize("text, reason, must_name", REJECTED)
def test_what_must_stay_rejected(text, reason, must_name):
    m = MATCHER.match(text)
    assert not m.ok
    assert m.reason == reason
    for c in must_name:
        assert c in m.candidates, (c, m.candidates)


# --- properties ----------------------------------------------------------------------------

_DECORATIONS = st.sampled_from(
    [
        lambda s: s,
        str.upper,
        str.lower,
        lambda s: f"  {s} ",
        lambda s: s + "*",
        lambda s: s + "¹",
        lambda s: s.replace("-", " "),
        lambda s: s.replace(" ", "-"),
    ]
)


@st.composite
def written(draw):
    """A municipality and a text written by a random chain of the rules."""
    name = draw(st.sampled_from(NAMES))
    rule = draw(st.sampled_from(list(RULES)))
    deco = draw(_DECORATIONS)
    return name, deco(RULES[rule](CODE[name], name))


@given(written())
def test_property_no_rule_maps_a_municipality_to_another_code(pair):
    name, text = pair
    m = MATCHER.match(text)
    assert m.code in (CODE[name], None), (text, m)


@given(st.sampled_from(NAMES), st.sampled_from(NAMES), st.sampled_from(list(RULES)))
def test_property_code_and_name_of_two_municipalities_never_match(a, b, rule):
    if a == b:
        return
    text = RULES[rule](CODE[b], a) if "code" in rule else f"{CODE[b]} {RULES[rule](CODE[a], a)}"
    m = MATCHER.match(text)
    assert not m.ok, (text, m)


@given(
    st.sampled_from(COUNTIES),
    st.sampled_from(
        [
            "{c}",
            "{c}*",
            "Region {s}",
            "{c}s landsting",
            "Landstinget i {c}",
            "{c} ",
            "{C}",
            "Region {s} län",
            "Regionen {s}",
        ]
    ),
    _DECORATIONS,
)
def test_property_a_county_or_region_is_never_a_municipality_but_gotland(county, pattern, deco):
    stem = county.removesuffix(" län").removesuffix("s")
    text = deco(pattern.format(c=county, C=county.upper(), s=stem))
    m = MATCHER.match(text)
    assert m.code in (None, "0980") if county == "Gotlands län" else m.code is None, (text, m)
