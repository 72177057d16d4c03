"""Interface strings and number formatting: both languages complete and consistent, numbers
formatted as users of each language expect, outside text made inert for markdown."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from barnbaro.core.catalogue import load_catalogue
from barnbaro.core.i18n import LANGS, STRINGS, fmt_num, fmt_pct, md_escape, norm_lang, t

CAT = load_catalogue()
NBSP = "\u00a0"
MD_SPECIALS = set("\\`*_{}[]()#+-.!|<>~:$&=")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


# ---------------------------------------------------------------- STRINGS


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_string_has_nonempty_sv_and_en(key):
    entry = STRINGS[key]
    assert set(entry) == set(LANGS), key
    for lang in LANGS:
        assert isinstance(entry[lang], str) and entry[lang].strip(), (key, lang)


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_sv_and_en_use_the_same_placeholders(key):
    assert placeholders(STRINGS[key]["sv"]) == placeholders(STRINGS[key]["en"]), key


@pytest.mark.parametrize("key", sorted(STRINGS))
@pytest.mark.parametrize("lang", LANGS)
def test_every_string_formats_with_its_placeholders(key, lang):
    """t() with a value for every placeholder gives text with each value in it, no braces left."""
    names = placeholders(STRINGS[key][lang])
    values = {n: f"<<{n}>>" for n in names}
    out = t(key, lang, **values)
    for n in names:
        assert f"<<{n}>>" in out
    assert not re.search(r"(?<!\{)\{[a-z_]+\}(?!\})", out), out


@pytest.mark.parametrize("placeholder", sorted({p for e in STRINGS.values() for p in placeholders(e["sv"])}))
def test_placeholder_names_can_be_passed_to_t(placeholder):
    """Every placeholder name must be usable as a keyword of t() (a placeholder called `key` or
    `lang` would collide with t's own parameters)."""
    key = next(k for k, e in STRINGS.items() if placeholder in placeholders(e["sv"]))
    values = {n: "x" for n in placeholders(STRINGS[key]["sv"])}
    t(key, "sv", **values)


@pytest.mark.parametrize("lang, expected", [("sv", "Exempeldata"), ("en", "Exempeldata (sample data)")])
def test_sample_short(lang, expected):
    assert t("sample_short", lang) == expected


def test_unknown_language_falls_back_to_swedish():
    assert t("nav_map", "de") == STRINGS["nav_map"]["sv"]
    assert norm_lang("de") == "sv" and norm_lang(None) == "sv" and norm_lang("en") == "en"


# ---------------------------------------------------------------- catalogue texts

INDICATORS = list(CAT.indicators.values())


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.id)
@pytest.mark.parametrize("lang", LANGS)
def test_indicator_texts_in_both_languages(ind, lang):
    assert ind.title.get(lang, "").strip()
    assert ind.short.get(lang, "").strip()
    for e in ind.editions:
        assert ind.question[e].get(lang, "").strip(), (ind.id, e)
    for e, change in ind.changes.items():
        assert change.get(lang, "").strip(), (ind.id, e)
    if ind.editions_note:
        assert ind.editions_note.get(lang, "").strip()
    for a in ind.answers:
        assert a.label(lang).strip(), (ind.id, a.id)


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.id)
def test_indicator_answers_distinct_per_language(ind):
    for lang in LANGS:
        labels = [a.label(lang) for a in ind.answers]
        assert len(set(labels)) == len(labels), (ind.id, lang)


@pytest.mark.parametrize("theme", sorted(CAT.themes))
@pytest.mark.parametrize("lang", LANGS)
def test_theme_texts_in_both_languages(theme, lang):
    assert CAT.themes[theme].get(lang, "").strip()
    assert CAT.theme_label(theme, lang) == CAT.themes[theme][lang]


def test_every_indicator_theme_is_defined():
    assert {i.theme for i in INDICATORS} <= set(CAT.themes)


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "value, lang, decimals, expected",
    [
        (37, "sv", 0, f"37{NBSP}%"),
        (37, "en", 0, "37%"),
        (37.0, "sv", 0, f"37{NBSP}%"),
        (0, "sv", 0, f"0{NBSP}%"),
        (0, "en", 0, "0%"),
        (100, "sv", 0, f"100{NBSP}%"),
        (100, "en", 0, "100%"),
        (36.6, "sv", 0, f"37{NBSP}%"),
        (36.4, "en", 0, "36%"),
        (12.345, "sv", 1, f"12,3{NBSP}%"),
        (12.345, "en", 1, "12.3%"),
        (5, "sv", 1, f"5,0{NBSP}%"),
        (5, "en", 1, "5.0%"),
        (float("nan"), "sv", 0, "–"),
        (float("nan"), "en", 1, "–"),
        (None, "sv", 0, "–"),
        (None, "en", 0, "–"),
    ],
)
def test_fmt_pct(value, lang, decimals, expected):
    assert fmt_pct(value, lang, decimals) == expected


@pytest.mark.parametrize("value", [0.0, 1.0, 9.5, 33.3333, 50.0, 66.6667, 99.4, 100.0])
def test_fmt_pct_never_uses_a_breakable_space_before_percent_in_swedish(value):
    out = fmt_pct(value, "sv")
    assert out.endswith(f"{NBSP}%") and " " not in out
    en = fmt_pct(value, "en")
    assert en.endswith("%") and NBSP not in en and " " not in en
    # both languages show the same rounded number
    assert int(out[:-2]) == int(en[:-1])
    assert abs(int(en[:-1]) - value) <= 0.5


@pytest.mark.parametrize(
    "value, lang, expected",
    [
        (1234.5, "sv", f"1{NBSP}234,5"),
        (1234.5, "en", "1,234.5"),
        (0, "sv", "0"),
        (7, "en", "7"),
        (1000000, "sv", f"1{NBSP}000{NBSP}000"),
        (1000000, "en", "1,000,000"),
        (0.25, "sv", "0,25"),
        (0.25, "en", "0.25"),
        (float("nan"), "sv", "–"),
        (None, "en", "–"),
    ],
)
def test_fmt_num(value, lang, expected):
    assert fmt_num(value, lang) == expected


def test_unknown_language_formats_as_swedish():
    assert fmt_pct(37, "de") == fmt_pct(37, "sv")
    assert fmt_num(1234.5, "xx") == fmt_num(1234.5, "sv")


# ---------------------------------------------------------------- md_escape


def flat(text: str) -> str:
    """md_escape puts a value on one line: white space runs (newlines too) become one space."""
    return " ".join(text.split())


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.S)


def all_specials_escaped(text: str) -> bool:
    """Each special character in `text` is preceded by an escaping backslash."""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            if i + 1 >= len(text) or text[i + 1] not in MD_SPECIALS:
                return False
            i += 2
            continue
        if c in MD_SPECIALS:
            return False
        i += 1
    return True


@pytest.mark.parametrize("char", list(MD_SPECIALS))
def test_md_escape_escapes_each_special(char):
    assert md_escape(char) == "\\" + char


@pytest.mark.parametrize("text", ["Stockholm", "Malung-Sälen", "Upplands Väsby", "Åre", "0180", "", "abc 123"])
def test_md_escape_keeps_plain_text_readable(text):
    assert unescape(md_escape(text)) == text
    assert md_escape(text).replace("\\-", "-") == text


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "**bold** _it_ ~~strike~~",
        "[klick](https://evil.example)",
        "![bild](https://evil.example/x.png)",
        "`code` ```block```",
        "# Rubrik",
        "$x^2$ and $$y$$",
        ":red[färgad] :material/home:",
        "&lt;b&gt;entity&lt;/b&gt;",
        "1. lista\n- punkt\n+ punkt",
        "| a | b |",
        "\\*already escaped\\*",
        "../../etc/passwd",
        "' OR 1=1; DROP TABLE answers; --",
        "{placeholder} {0}",
    ],
)
def test_md_escape_neutralises_markup(text):
    out = md_escape(text)
    assert all_specials_escaped(out), out
    assert unescape(out) == flat(text)
    assert "\n" not in out  # a value can never start a heading or a list item
    assert "<" not in out.replace("\\<", "")
    assert "](" not in out


def test_md_escape_accepts_non_strings():
    assert md_escape(2017) == "2017"
    assert md_escape(None) == "None"
    assert md_escape(1.5) == "1\\.5"


@settings(deadline=None, max_examples=150)
@given(st.text())
def test_md_escape_is_reversible_and_complete(text):
    out = md_escape(text)
    assert all_specials_escaped(out)
    assert unescape(out) == flat(text)
