"""SKR's kommungruppsindelning and RKA's "Liknande kommuner" groups, found in Kolada's
/municipality_groups listing.
"""
from __future__ import annotations

import re

import pandas as pd

from .schema import COLUMNS

# SKR:s kommungruppsindelning, 2023 revision, as Kolada groups. Each id is verified by its title
# when fetched; a group whose title does not name the expected group is reported and not used.
SKR_REVISION = 2023
SKR_GROUPS: dict[str, tuple[str, str]] = {
    "G92786": ("A1", "Storstäder"),
    "G92787": ("A2", "Pendlingskommun nära storstad"),
    "G92788": ("B3", "Större stad"),
    "G92789": ("B4", "Pendlingskommun nära större stad"),
    "G92790": ("B5", "Lågpendlingskommun nära större stad"),
    "G92791": ("C6", "Mindre stad/tätort"),
    "G92792": ("C7", "Pendlingskommun nära mindre stad/tätort"),
    "G92793": ("C8", "Landsbygdskommun"),
    "G92794": ("C9", "Landsbygdskommun med besöksnäring"),
}
# Other spellings of a group name seen in SKR's own material.
SKR_ALIASES = {"Pendlingskommun nära mindre stad/tätort": ("Pendlingskommun nära mindre tätort",)}
SKR_NAMES_EN = {
    "A1": "Large cities", "A2": "Commuting municipalities near large cities",
    "B3": "Medium-sized towns", "B4": "Commuting municipalities near medium-sized towns",
    "B5": "Low-commuting municipalities near medium-sized towns", "C6": "Small towns",
    "C7": "Commuting municipalities near small towns", "C8": "Rural municipalities",
    "C9": "Rural municipalities with a visitor industry",
}
RKA_TITLE = re.compile(r"^\s*Liknande kommuner,\s*övergripande,\s*(?P<kommun>.+?),\s*(?P<year>\d{4})\s*$",
                       re.IGNORECASE)

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _skr_names() -> dict[str, str]:
    """Every known spelling (normalised) -> the canonical SKR group name."""
    out = {}
    for _, name in SKR_GROUPS.values():
        out[_norm(name)] = name
        for alias in SKR_ALIASES.get(name, ()):
            out[_norm(alias)] = name
    return out


def skr_title_names(title: str) -> str | None:
    """The SKR group a Kolada group title names: the longest known group name found in it as a
    whole phrase ("Landsbygdskommun med besöksnäring" is not "Landsbygdskommun")."""
    if _norm(title).startswith("liknande kommuner"):
        return None
    text = _norm(title)
    best = None
    for spelling, name in _skr_names().items():
        if re.search(r"(?<!\w)" + re.escape(spelling) + r"(?!\w)", text) and (best is None or len(spelling) > len(best[0])):
            best = (spelling, name)
    return best[1] if best else None


def skr_membership(groups: list[dict], kommuner: set[str]) -> tuple[pd.DataFrame, list[str], dict]:
    """The verified SKR groups as one row per member municipality, the warnings, and per group
    what was found (for meta.json)."""
    warnings, found, rows = [], {}, []
    by_id = {g["id"]: g for g in groups}
    for gid, (code, name) in SKR_GROUPS.items():
        g = by_id.get(gid)
        if g is None:
            warnings.append(f"SKR-gruppen {gid} ({code} {name}) finns inte i Kolada; används inte")
            found[gid] = {"expected": name, "title": None, "used": False}
            continue
        named = skr_title_names(g["title"])
        ok = named == name
        found[gid] = {"expected": name, "title": g["title"], "used": ok}
        if not ok:
            warnings.append(f"SKR-gruppen {gid} heter {g['title']!r} i Kolada, inte {name!r} som väntat; används inte")
            continue
        for mid, _ in g["members"] or []:
            rows.append({"kommun_kod": mid, "group_id": gid, "group_code": code, "group_name": name, "group_title": g["title"]})
    df = pd.DataFrame(rows, columns=COLUMNS["skr_groups"]).astype("string")
    dup = df[df["kommun_kod"].duplicated(keep=False)]
    if len(dup):
        warnings.append(f"{dup['kommun_kod'].nunique()} kommuner står i flera SKR-grupper; den första används")
        df = df.drop_duplicates("kommun_kod")
    missing = kommuner - set(df["kommun_kod"])
    if missing and len(df):
        warnings.append(f"{len(missing)} av {len(kommuner)} kommuner saknar SKR-kommungrupp i cachen")
    return df.reset_index(drop=True), warnings, found


def rka_candidates(groups: list[dict], municipalities: pd.DataFrame) -> tuple[dict[str, dict], list[str]]:
    """RKA's "Liknande kommuner, övergripande, <kommun>, <år>" groups by municipality code: the
    latest year's group of each municipality, matched by the municipality's Kolada name."""
    k = municipalities[municipalities["type"] == "K"]
    by_name = {_norm(title): mid for mid, title in zip(k["id"], k["title"])}
    best: dict[str, dict] = {}
    unknown = []
    for g in groups:
        m = RKA_TITLE.match(g["title"])
        if not m:
            continue
        code = by_name.get(_norm(m["kommun"]))
        if code is None:
            unknown.append(m["kommun"])
            continue
        year = int(m["year"])
        cur = best.get(code)
        if cur is None or year > cur["year"]:
            best[code] = g | {"year": year, "kommun_kod": code}
    warnings = [f"{len(unknown)} RKA-grupper har ett kommunnamn som inte finns i /municipality: "
                + ", ".join(sorted(set(unknown))[:5])] if unknown else []
    return best, warnings


def rka_membership(best: dict[str, dict]) -> pd.DataFrame:
    rows = [{"kommun_kod": code, "group_id": g["id"], "group_title": g["title"], "year": g["year"],
             "member_id": mid, "member_title": mtitle}
            for code, g in sorted(best.items()) for mid, mtitle in (g["members"] or []) if mid != code]
    df = pd.DataFrame(rows, columns=COLUMNS["rka_groups"])
    return df.astype({c: "string" for c in COLUMNS["rka_groups"] if c != "year"} | {"year": "int64"})

