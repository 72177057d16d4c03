"""Text normalisation shared by the name matcher, the codebook and the readers."""

from __future__ import annotations

import re
import unicodedata

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\t\r\n"), " ")


def clean_cell(value: object) -> str:
    """A cell as the text a person sees, stripped. None and NaN become ''."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return unicodedata.normalize("NFC", str(value)).translate(_SPACES).strip()


def norm_answer(text: str) -> str:
    """Answer text for matching: case, spacing and dash variants folded; punctuation kept."""
    s = clean_cell(text).casefold().translate(_DASHES)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\s*%", " %", s)
    return s.strip(" .")


def norm_header(text: str) -> str:
    """Header text for matching: case, spacing and all punctuation folded."""
    s = clean_cell(text).casefold().translate(_DASHES)
    s = re.sub(r"[^\w%]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def fold(text: str) -> str:
    """Remove diacritics (å -> a). Only used as a second, ambiguity-checked matching tier."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
