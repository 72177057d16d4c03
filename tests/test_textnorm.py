"""barnbaro.core.textnorm: the normalisation every matcher relies on."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from barnbaro.core.textnorm import clean_cell, fold, norm_answer, norm_header


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ""),
        (float("nan"), ""),
        ("", ""),
        ("   ", ""),
        ("  Malmö  ", "Malmö"),
        ("\u00a0Malmö\t", "Malmö"),
        ("Malmö\r\n", "Malmö"),
        (180, "180"),
        (180.0, "180"),
        (12.5, "12.5"),
        (0.0, "0"),
        (-3.0, "-3"),
        ("Malmo\u0308", "Malmö"),  # decomposed umlauts composed (NFC)
        ("Göteborgs\u202fStad", "Göteborgs Stad"),
    ],
)
def test_clean_cell(value, expected):
    assert clean_cell(value) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("0–10 %", "0-10%"),
        ("0–10 %", "0 - 10 %"),
        ("0–10 %", " 0\u201410\u00a0% "),
        ("0–10 %", "0\u221210%"),
        ("Vet ej", "VET EJ"),
        ("Vet ej", "vet  ej"),
        ("Vet ej", "Vet ej."),
        ("Vet ej", " vet ej "),
        ("30 % eller högre", "30% ELLER HÖGRE"),
        ("Ja, en del", "ja,  en del"),
        ("1–5 gånger", "1-5 gånger"),
    ],
)
def test_norm_answer_folds_variants(a, b):
    assert norm_answer(a) == norm_answer(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Ja", "Nej"),
        ("Ja, en del", "Ja en del"),  # punctuation is kept in answers
        ("0-10 %", "0-100 %"),
        ("Vet ej", "Vet inte"),
        ("Håbo", "Habo"),
    ],
)
def test_norm_answer_keeps_distinct_answers_apart(a, b):
    assert norm_answer(a) != norm_answer(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Vilken kommun svarar du för?", "vilken kommun svarar du för"),
        ("Svars-ID", "svars id"),
        ("Svars-ID", "Svars–ID"),
        ("Erbjuds barn (till exempel SoL) alltid?", "erbjuds barn till exempel sol alltid"),
        ("Kommunens  namn ", "KOMMUNENS NAMN"),
    ],
)
def test_norm_header_folds_punctuation(a, b):
    assert norm_header(a) == norm_header(b)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Håbo", "Habo"),
        ("Malmö", "Malmo"),
        ("Älvkarleby", "Alvkarleby"),
        ("Habo", "Habo"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@given(st.one_of(st.text(), st.floats(), st.integers(), st.none()))
def test_clean_cell_is_stripped_text(value):
    out = clean_cell(value)
    assert isinstance(out, str)
    assert out == out.strip()
    if isinstance(value, float) and math.isnan(value):
        assert out == ""


@given(st.text())
def test_normalisers_are_idempotent(text):
    assert norm_answer(norm_answer(text)) == norm_answer(text)
    assert norm_header(norm_header(text)) == norm_header(text)
