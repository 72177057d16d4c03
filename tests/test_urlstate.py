"""The URL parser: forgiving (never raises, always a valid state), exact for good links, with a
message for every value it could not use; and to_query() writes a form parse() reads back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barnbaro.core.catalogue import EDITIONS, load_catalogue
from barnbaro.core.i18n import LANGS, STRINGS, t
from barnbaro.core.municipalities import load_municipalities
from barnbaro.explore import urlstate
from barnbaro.explore.urlstate import (
    DEFAULT_INDICATOR,
    KNOWN_KEYS,
    MAX_CUSTOM,
    MAX_KOMMUNER,
    PEER_KINDS,
    SCOPES,
    Message,
    ViewState,
    parse,
    to_query,
)

CAT = load_catalogue()
CODES = load_municipalities()["kommun_kod"].tolist()
CODESET = set(CODES)
EDS = list(EDITIONS)
HYP = settings(deadline=None, max_examples=120)


def P(params):
    return parse(params, CAT, CODES, EDS)


def keys(msgs):
    return [m.key for m in msgs]


def asked(indicator_id):
    return [e for e in CAT[indicator_id].editions if e in EDS]


def assert_valid(state: ViewState, msgs: list) -> None:
    assert isinstance(state, ViewState)
    assert state.lang in LANGS
    assert isinstance(state.kommuner, tuple) and len(state.kommuner) <= MAX_KOMMUNER
    assert len(set(state.kommuner)) == len(state.kommuner)
    assert set(state.kommuner) <= CODESET
    assert state.indikator in CAT.indicators
    assert isinstance(state.upplaga, int) and state.upplaga in asked(state.indikator)
    assert state.jamfor in PEER_KINDS
    assert isinstance(state.egna, tuple) and len(state.egna) <= MAX_CUSTOM
    assert len(set(state.egna)) == len(state.egna) and set(state.egna) <= CODESET
    assert state.urval in SCOPES
    # the presentation keys, where the parser has them
    if hasattr(urlstate, "MODES"):
        assert state.lage in urlstate.MODES
        assert isinstance(state.bilder, tuple) and len(state.bilder) <= urlstate.MAX_SLIDES
        assert 1 <= state.bild <= max(len(state.bilder), 1)
        for slide in state.bilder:
            page, _, query = slide.partition("?")
            assert page in urlstate.PAGES and "<" not in slide and ".." not in slide
    for m in msgs:
        assert isinstance(m, Message) and m.key in STRINGS
        for v in m.params.values():
            assert len(str(v)) < 200
            assert all(c.isprintable() for c in str(v))


# ---------------------------------------------------------------- known-good links

GOOD = [
    ({}, ViewState()),
    ({"lang": "en"}, ViewState(lang="en")),
    ({"lang": "sv"}, ViewState()),
    ({"kommun": "0180"}, ViewState(kommuner=("0180",))),
    ({"kommun": "0180,1480"}, ViewState(kommuner=("0180", "1480"))),
    ({"kommun": "1480,0180"}, ViewState(kommuner=("1480", "0180"))),
    ({"kommun": ["0180", "1480"]}, ViewState(kommuner=("0180", "1480"))),
    ({"kommun": "0180;1480 0114"}, ViewState(kommuner=("0180", "1480", "0114"))),
    ({"kommun": "0180,0180,1480,0180"}, ViewState(kommuner=("0180", "1480"))),
    ({"kommun": "180"}, ViewState(kommuner=("0180",))),
    ({"kommun": "114,1480"}, ViewState(kommuner=("0114", "1480"))),
    ({"kommun": " 0180 , 1480 "}, ViewState(kommuner=("0180", "1480"))),
    ({"kommun": ""}, ViewState()),
    ({"indikator": "utvardering_upplevelser"}, ViewState(indikator="utvardering_upplevelser", upplaga=2018)),
    ({"indikator": "utbildning_ensamkommande"}, ViewState(indikator="utbildning_ensamkommande", upplaga=2017)),
    (
        {"indikator": "utvardering_upplevelser", "upplaga": "2017"},
        ViewState(indikator="utvardering_upplevelser", upplaga=2017),
    ),
    (
        {"indikator": "utredningar_over_4_man", "upplaga": "2015"},
        ViewState(indikator="utredningar_over_4_man", upplaga=2015),
    ),
    ({"upplaga": "2013"}, ViewState(upplaga=2013)),
    ({"upplaga": " 2015 "}, ViewState(upplaga=2015)),
    ({"upplaga": ["2014", "2016"]}, ViewState(upplaga=2016)),
    ({"jamfor": "grannar"}, ViewState(jamfor="grannar")),
    ({"jamfor": "lika"}, ViewState(jamfor="lika")),
    ({"jamfor": "egen", "egna": "0180,1480"}, ViewState(jamfor="egen", egna=("0180", "1480"))),
    ({"jamfor": "egen", "egna": ["184", "0182"]}, ViewState(jamfor="egen", egna=("0184", "0182"))),
    ({"urval": "lan"}, ViewState(urval="lan")),
    ({"urval": "grupp"}, ViewState(urval="grupp")),
    (
        {
            "lang": "en",
            "kommun": "0180",
            "indikator": "utvardering_upplevelser",
            "upplaga": "2017",
            "jamfor": "grannar",
            "urval": "lan",
        },
        ViewState("en", ("0180",), "utvardering_upplevelser", 2017, "grannar", (), "lan"),
    ),
    ({"unknown": "x", "utm_source": "mail"}, ViewState()),
]


@pytest.mark.parametrize("params, expected", GOOD)
def test_known_good_params_give_exact_state_and_no_message(params, expected):
    state, msgs = P(params)
    assert state == expected
    assert msgs == []


def test_defaults():
    s = ViewState()
    assert (s.lang, s.kommuner, s.indikator, s.upplaga, s.jamfor, s.egna, s.urval) == (
        "sv",
        (),
        DEFAULT_INDICATOR,
        max(asked(DEFAULT_INDICATOR)),
        "lan",
        (),
        "alla",
    )
    assert s.focus is None
    assert ViewState(kommuner=("1480", "0180")).focus == "1480"


# ---------------------------------------------------------------- unusable values

BAD = [
    # params, expected state, expected messages (key, params)
    ({"lang": "de"}, ViewState(), [("url_bad_value", {"key": "lang"})]),
    ({"jamfor": "x"}, ViewState(), [("url_bad_value", {"key": "jamfor"})]),
    ({"urval": "allt"}, ViewState(), [("url_bad_value", {"key": "urval"})]),
    ({"kommun": "9999"}, ViewState(), [("url_unknown_kommun", {"value": "9999"})]),
    ({"kommun": "0180,abc"}, ViewState(kommuner=("0180",)), [("url_unknown_kommun", {"value": "abc"})]),
    ({"kommun": "0180,0000,1480"}, ViewState(kommuner=("0180", "1480")), [("url_unknown_kommun", {"value": "0000"})]),
    ({"kommun": "00180"}, ViewState(), [("url_unknown_kommun", {"value": "00180"})]),
    (
        {"jamfor": "egen", "egna": "0180,zz"},
        ViewState(jamfor="egen", egna=("0180",)),
        [("url_unknown_kommun", {"value": "zz"})],
    ),
    ({"indikator": "nope"}, ViewState(), [("url_unknown_indicator", {"default": DEFAULT_INDICATOR})]),
    ({"indikator": "../../etc/passwd"}, ViewState(), [("url_unknown_indicator", {"default": DEFAULT_INDICATOR})]),
    ({"indikator": "PERSONALOMSATTNING"}, ViewState(), [("url_unknown_indicator", {"default": DEFAULT_INDICATOR})]),
    ({"upplaga": "abc"}, ViewState(), [("url_bad_edition", {"default": 2018})]),
    ({"upplaga": "2012"}, ViewState(), [("url_bad_edition", {"default": 2018})]),
    ({"upplaga": "2019"}, ViewState(), [("url_bad_edition", {"default": 2018})]),
    ({"upplaga": "18"}, ViewState(), [("url_bad_edition", {"default": 2018})]),
    ({"upplaga": "2017.0"}, ViewState(), [("url_bad_edition", {"default": 2018})]),
    ({"upplaga": "-2017"}, ViewState(), [("url_bad_edition", {"default": 2018})]),
    (
        {"indikator": "utbildning_ensamkommande", "upplaga": "abc"},
        ViewState(indikator="utbildning_ensamkommande", upplaga=2017),
        [("url_bad_edition", {"default": 2017})],
    ),
    # an edition of the survey in which the question was not asked: the latest edition it was
    (
        {"indikator": "utvardering_upplevelser", "upplaga": "2013"},
        ViewState(indikator="utvardering_upplevelser", upplaga=2018),
        [("url_edition_not_asked", {"edition": 2013, "default": 2018})],
    ),
    (
        {"indikator": "utbildning_ensamkommande", "upplaga": "2018"},
        ViewState(indikator="utbildning_ensamkommande", upplaga=2017),
        [("url_edition_not_asked", {"edition": 2018, "default": 2017})],
    ),
    (
        {"indikator": "utbildning_ensamkommande", "upplaga": "2015"},
        ViewState(indikator="utbildning_ensamkommande", upplaga=2017),
        [("url_edition_not_asked", {"edition": 2015, "default": 2017})],
    ),
    (
        {"indikator": "andel_forsenade_utredningar", "upplaga": "2014"},
        ViewState(indikator="andel_forsenade_utredningar", upplaga=2018),
        [("url_edition_not_asked", {"edition": 2014, "default": 2018})],
    ),
    # an unknown indicator with an edition: the default indicator, and the edition if it was asked
    (
        {"indikator": "nope", "upplaga": "2014"},
        ViewState(upplaga=2014),
        [("url_unknown_indicator", {"default": DEFAULT_INDICATOR})],
    ),
]


@pytest.mark.parametrize("params, expected, expected_msgs", BAD)
def test_unusable_values_give_defaults_and_the_right_message(params, expected, expected_msgs):
    state, msgs = P(params)
    assert state == expected
    assert [(m.key, m.params) for m in msgs] == expected_msgs
    assert_valid(state, msgs)


@pytest.mark.parametrize(
    "params",
    [
        {"lang": "de"},
        {"jamfor": "x"},
        {"urval": "x"},
        {"kommun": "9999"},
        {"indikator": "nope"},
        {"upplaga": "abc"},
        {"indikator": "utvardering_upplevelser", "upplaga": "2013"},
        {"kommun": ",".join(CODES[:9])},
        {"jamfor": "egen", "egna": "zz"},
    ],
    ids=lambda p: ",".join(f"{k}={v[:12]}" for k, v in p.items()),
)
@pytest.mark.parametrize("lang", LANGS)
def test_every_message_renders_in_both_languages(params, lang):
    """The page shows each message through i18n.t(key, lang, **params): it must format, with
    every placeholder filled."""
    _, msgs = P(params)
    assert msgs
    for m in msgs:
        text = t(m.key, lang, **m.params)
        assert text.strip() and "{" not in text


@pytest.mark.parametrize("n", [9, 10, 20, 290])
def test_more_than_eight_municipalities_are_truncated_with_a_message(n):
    codes = CODES[:n]
    state, msgs = P({"kommun": ",".join(codes)})
    assert state.kommuner == tuple(codes[:MAX_KOMMUNER])
    assert [(m.key, m.params) for m in msgs] == [("url_too_many_kommun", {"n": MAX_KOMMUNER})]


@pytest.mark.parametrize("n", [1, 7, 8])
def test_up_to_eight_municipalities_are_kept(n):
    state, msgs = P({"kommun": CODES[-n:]})
    assert state.kommuner == tuple(CODES[-n:]) and msgs == []


def test_custom_list_is_capped():
    state, _ = P({"jamfor": "egen", "egna": ",".join(CODES[:80])})
    assert state.egna == tuple(CODES[:MAX_CUSTOM])


@pytest.mark.parametrize("code", CODES)
def test_every_code_accepted_with_and_without_leading_zero(code):
    assert P({"kommun": code})[0].kommuner == (code,)
    assert P({"kommun": code.lstrip("0")})[0].kommuner == (code,)


def test_unknown_value_in_message_is_shortened_and_printable():
    state, msgs = P({"kommun": "\x00\x1b[31m" + "x" * 500})
    assert state.kommuner == ()
    [m] = msgs
    assert m.key == "url_unknown_kommun"
    assert len(m.params["value"]) <= 41 and m.params["value"].endswith("…")
    assert all(c.isprintable() for c in m.params["value"])


def test_at_most_three_unknown_codes_are_named():
    _, msgs = P({"kommun": "a,b,c,d,e"})
    assert [(m.key, m.params) for m in msgs] == [("url_unknown_kommun", {"value": "a, b, c"})]


@pytest.mark.parametrize(
    "params",
    [
        None,
        42,
        "kommun=0180",
        ["kommun", "0180"],
        object(),
    ],
)
def test_not_a_mapping_gives_the_defaults(params):
    assert P(params) == (ViewState(), [])


# ---------------------------------------------------------------- arbitrary input never breaks it

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR 1=1 --",
    "1; DROP TABLE answers;",
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%00",
    "\x00",
    "%2e%2e%2f",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "{key}",
    "{0}",
    "🙂",
    "Å",
    "ﬁ",
    "٢٠١٧",
    "２０１８",
    "0180\u200b",
    "\u202e0810",
    "\r\n",
    " ",
    "",
    "0180",
    "180",
    "2017",
    "en",
    "egen",
    "lan",
    "grupp",
    "personalomsattning",
]
scalar = st.one_of(
    st.text(),
    st.sampled_from(HOSTILE),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.builds(lambda s, n: s * n, st.sampled_from(["x", "0180,", "<", "å", "2017"]), st.integers(1, 6000)),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.sampled_from(HOSTILE)),
)
value = st.one_of(scalar, st.lists(scalar, max_size=6), st.tuples(scalar, scalar))
key = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=10))
params_strategy = st.dictionaries(key, value, max_size=10)


@HYP
@given(params_strategy)
def test_parse_never_raises_and_gives_a_valid_state(params):
    state, msgs = P(params)
    assert_valid(state, msgs)


@HYP
@given(st.dictionaries(st.sampled_from(KNOWN_KEYS), value, min_size=1, max_size=7))
def test_canonical_url_is_a_fixed_point(params):
    """Whatever a link held, the URL the app writes back parses to the same state, silently."""
    state, _ = P(params)
    q = to_query(state)
    again, msgs = P(q)
    assert msgs == []
    assert to_query(again) == q


@HYP
@given(st.text(), st.sampled_from(KNOWN_KEYS))
def test_any_text_in_any_key(text, k):
    assert_valid(*P({k: text}))


# ---------------------------------------------------------------- round trip


@st.composite
def valid_states(draw):
    ind = draw(st.sampled_from(sorted(CAT.indicators)))
    jamfor = draw(st.sampled_from(PEER_KINDS))
    return ViewState(
        lang=draw(st.sampled_from(LANGS)),
        kommuner=tuple(draw(st.lists(st.sampled_from(CODES), max_size=MAX_KOMMUNER, unique=True))),
        indikator=ind,
        upplaga=draw(st.sampled_from(asked(ind))),
        jamfor=jamfor,
        egna=tuple(draw(st.lists(st.sampled_from(CODES), max_size=MAX_CUSTOM, unique=True)))
        if jamfor == "egen"
        else (),
        urval=draw(st.sampled_from(SCOPES)),
    )


@HYP
@given(valid_states())
def test_round_trip(state):
    q = to_query(state)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in q.items())
    assert set(q) <= set(KNOWN_KEYS)
    assert P(q) == (state, [])


@HYP
@given(valid_states())
def test_round_trip_through_lists_of_values(state):
    """Streamlit hands every value as a list (query_params.get_all)."""
    q = {k: [v] for k, v in to_query(state).items()}
    assert P(q) == (state, [])


@pytest.mark.parametrize(
    "state, expected",
    [
        (ViewState(), {"indikator": DEFAULT_INDICATOR, "upplaga": "2018"}),
        (
            ViewState(lang="en", kommuner=("0180", "1480")),
            {"indikator": DEFAULT_INDICATOR, "upplaga": "2018", "lang": "en", "kommun": "0180,1480"},
        ),
        (
            ViewState(jamfor="egen", egna=("0184",), urval="grupp"),
            {"indikator": DEFAULT_INDICATOR, "upplaga": "2018", "jamfor": "egen", "egna": "0184", "urval": "grupp"},
        ),
        (ViewState(jamfor="egen"), {"indikator": DEFAULT_INDICATOR, "upplaga": "2018", "jamfor": "egen"}),
        (
            ViewState(indikator="utvardering_upplevelser", upplaga=2017),
            {"indikator": "utvardering_upplevelser", "upplaga": "2017"},
        ),
    ],
)
def test_to_query_canonical_form(state, expected):
    assert to_query(state) == expected


def test_the_site_lists_every_page_once_and_the_start_page_first():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    assert sorted(p.file for p in urlstate.SITE) == sorted(f"pages/{f.name}" for f in (root / "pages").glob("*.py"))
    assert len({p.slug for p in urlstate.SITE}) == len(urlstate.SITE) == len(urlstate.PAGES)
    assert urlstate.START_PAGE.slug == "oversikt" and urlstate.page_file("ingen-sida") == "pages/oversikt.py"
    assert all(t(p.nav_key, lang) for p in urlstate.SITE for lang in LANGS)
