"""SKR's kommungruppsindelning and RKA's "Liknande kommuner" groups, found in Kolada's
/municipality_groups listing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .schema import COLUMNS

# SKR:s kommungruppsindelning (2023 revision): its nine groups by code and name. Kolada's ids for
# them are not used: the groups are found in the /municipality_groups listing by their titles,
# "<name> (ovägt medel)" in the real API (the plain name, or the name with its code, is accepted).
SKR_REVISION = 2023
SKR_GROUP_NAMES: dict[str, str] = {
    "A1": "Storstäder",
    "A2": "Pendlingskommun nära storstad",
    "B3": "Större stad",
    "B4": "Pendlingskommun nära större stad",
    "B5": "Lågpendlingskommun nära större stad",
    "C6": "Mindre stad/tätort",
    "C7": "Pendlingskommun nära mindre tätort",
    "C8": "Landsbygdskommun, ej nära större stad",
    "C9": "Landsbygdskommun med besöksnäring",
}
# Other spellings of a group name seen in SKR's own material.
SKR_ALIASES: dict[str, tuple[str, ...]] = {
    "C7": ("Pendlingskommun nära mindre stad/tätort",),
    "C8": ("Landsbygdskommun ej nära större stad",),
}
SKR_GROUP_COUNT = len(SKR_GROUP_NAMES)
SKR_NAMES_EN = {
    "A1": "Large cities",
    "A2": "Commuting municipalities near large cities",
    "B3": "Medium-sized towns",
    "B4": "Commuting municipalities near medium-sized towns",
    "B5": "Low-commuting municipalities near medium-sized towns",
    "C6": "Small towns",
    "C7": "Commuting municipalities near small towns",
    "C8": "Rural municipalities",
    "C9": "Rural municipalities with a visitor industry",
}
RKA_TITLE = re.compile(
    r"^\s*Liknande kommuner,\s*övergripande,\s*(?P<kommun>.+?),\s*(?P<year>\d{4})\s*$", re.IGNORECASE
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


_SUFFIX = re.compile(r"\s*\((?:ovägt medel|[ABC][1-9])\)\s*$", re.IGNORECASE)


def _skr_spellings() -> dict[str, str]:
    """Every accepted spelling (normalised) -> the group's code."""
    out = {}
    for code, name in SKR_GROUP_NAMES.items():
        for spelling in (name, *SKR_ALIASES.get(code, ())):
            out[_norm(spelling)] = code
    return out


def skr_code_of_title(title: str) -> str | None:
    """The SKR group code a Kolada group title is, or None: the whole title must be the group's
    name, optionally followed by " (ovägt medel)" and/or its code in parentheses
    ("Storstäder (ovägt medel)" is A1; "Storstäder och storstadsnära kommuner" is none)."""
    text = str(title)
    for _ in range(2):
        text = _SUFFIX.sub("", text)
    return _skr_spellings().get(_norm(text))


def skr_title_names(title: str) -> str | None:
    """The canonical SKR group name a Kolada group title is, or None (see skr_code_of_title)."""
    code = skr_code_of_title(title)
    return SKR_GROUP_NAMES[code] if code else None


@dataclass
class SkrGroups:
    """What the listing held of SKR's groups: one row per member municipality (empty when the
    groups cannot be used), whether they are usable, why not, and what was found (meta.json)."""

    table: pd.DataFrame
    usable: bool
    warnings: list[str]
    found: dict


def find_skr_groups(groups: list[dict], kommuner: set[str]) -> SkrGroups:
    """SKR's nine groups found by title among `groups` (each with its members). Usable only when
    exactly one group per code is found, all nine, and every municipality in `kommuner` is in
    exactly one of them; otherwise the table is empty and the warning names what was found."""
    by_code: dict[str, list[dict]] = {}
    for g in groups:
        code = skr_code_of_title(g["title"])
        if code:
            by_code.setdefault(code, []).append(g)
    found = {
        code: [{"id": g["id"], "title": g["title"], "members": len(g["members"] or [])} for g in gs]
        for code, gs in sorted(by_code.items())
    }
    problems = []
    missing = [c for c in SKR_GROUP_NAMES if c not in by_code]
    if missing:
        problems.append("saknas: " + ", ".join(f"{c} {SKR_GROUP_NAMES[c]}" for c in missing))
    twice = {c: gs for c, gs in by_code.items() if len(gs) > 1}
    if twice:
        problems.append(
            "flera grupper med samma namn: "
            + "; ".join(
                f"{c} {SKR_GROUP_NAMES[c]} ({', '.join(g['id'] for g in gs)})" for c, gs in sorted(twice.items())
            )
        )
    rows = [
        {
            "kommun_kod": mid,
            "group_id": g["id"],
            "group_code": code,
            "group_name": SKR_GROUP_NAMES[code],
            "group_title": g["title"],
        }
        for code, gs in sorted(by_code.items())
        for g in gs[:1]
        for mid, _ in (g["members"] or [])
    ]
    df = pd.DataFrame(rows, columns=COLUMNS["skr_groups"]).astype("string")
    members = df[df["kommun_kod"].isin(kommuner)]
    counts = members["kommun_kod"].value_counts()
    multi = sorted(counts[counts > 1].index)
    if multi:
        problems.append(
            f"{len(multi)} kommuner står i flera grupper ({', '.join(multi[:5])}"
            + (" …" if len(multi) > 5 else "")
            + ")"
        )
    none = sorted(kommuner - set(members["kommun_kod"]))
    if none:
        problems.append(
            f"{len(none)} av {len(kommuner)} kommuner står i ingen grupp ({', '.join(none[:5])}"
            + (" …" if len(none) > 5 else "")
            + ")"
        )
    usable = not problems
    listed = ", ".join(f"{c} {gs[0]['id']}" for c, gs in sorted(by_code.items())) or "inga"
    summary = f"{sum(len(gs) for gs in by_code.values())} grupper hittades efter namn ({listed})"
    warnings = (
        []
        if usable
        else [
            f"SKR:s kommungrupper används inte: {'; '.join(problems)}. {summary}. Värdena sparas; "
            "jämförelsen med SKR:s kommungrupp och strukturkontrollen saknas i kopian."
        ]
    )
    if not usable:
        df = df.iloc[0:0]
    return SkrGroups(
        table=df.reset_index(drop=True),
        usable=usable,
        warnings=warnings,
        found={"usable": usable, "problems": problems, "groups": found},
    )


def rka_candidates(groups: list[dict], municipalities: pd.DataFrame) -> tuple[dict[str, dict], list[str]]:
    """RKA's "Liknande kommuner, övergripande, <kommun>, <år>" groups by municipality code: the
    latest year's group of each municipality, matched by the municipality's Kolada name."""
    k = (
        municipalities[municipalities["kind"] == "kommun"]
        if "kind" in municipalities
        else municipalities[municipalities["type"] == "K"]
    )
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
    warnings = (
        [
            f"{len(unknown)} RKA-grupper har ett kommunnamn som inte finns i /municipality: "
            + ", ".join(sorted(set(unknown))[:5])
        ]
        if unknown
        else []
    )
    return best, warnings


def rka_membership(best: dict[str, dict]) -> pd.DataFrame:
    rows = [
        {
            "kommun_kod": code,
            "group_id": g["id"],
            "group_title": g["title"],
            "year": g["year"],
            "member_id": mid,
            "member_title": mtitle,
        }
        for code, g in sorted(best.items())
        for mid, mtitle in (g["members"] or [])
        if mid != code
    ]
    df = pd.DataFrame(rows, columns=COLUMNS["rka_groups"])
    return df.astype({c: "string" for c in COLUMNS["rka_groups"] if c != "year"} | {"year": "int64"})
