"""The survey's themes beside Kolada's official figures on the same subject: the mapping in
data/catalogue/kolada_themes.yaml, read as plain data.

    theme_map()                 every mapped survey indicator -> its ThemeKpis
    kpis_for(indicator_id)      the key figures beside one question (empty when none)
    THEME_KPIS                  every mapped key figure id, in the file's order
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..core import paths

THEMES_FILE = paths.DATA / "catalogue" / "kolada_themes.yaml"
ROLES = ("participation", "rating", "measure")
RANKS = ("descending", "ascending")
BETTER = (None, "higher", "lower")

# The figures of the municipality table: U33401 investigation time, U33816 experienced case
# workers, N33818 placed children per 1000, N33006 cost per inhabitant 0-20, N01951 population.
OFFICIAL_KPIS = ("U33401", "U33816", "N33818", "N33006", "N01951")
# Figures shown under their own titles beside the official figure they stand near, never as it:
# N33816/N33817 (HVB and family homes per 1000) are two figures and never summed into N33818 (a
# child placed in both counts once there); N33001 is per inhabitant of all ages, N33006 per
# inhabitant 0-20. The open-numbers dump has them where it lacks the official ones.
NEAR_KPIS = {"N33816": "N33818", "N33817": "N33818", "N33001": "N33006"}


@dataclass(frozen=True)
class ThemeKpi:
    id: str
    title: str  # Kolada's title when the mapping was written (checked against /v3/kpi)
    role: str  # participation | rating | measure
    rank: str  # descending (1 = highest value) | ascending (1 = lowest value)
    better: str | None  # higher | lower, only where Kolada's description says so
    better_basis: str | None = None


@dataclass(frozen=True)
class ThemeKpis:
    indicator: str
    note: dict
    kpis: tuple[ThemeKpi, ...]


class ThemeError(ValueError):
    """The mapping file is malformed; names the entry."""


def _parse(doc: dict, where: str) -> dict[str, ThemeKpis]:
    out: dict[str, ThemeKpis] = {}
    if not isinstance(doc, dict) or not isinstance(doc.get("themes"), list):
        raise ThemeError(f"{where}: 'themes' ska vara en lista")
    for i, entry in enumerate(doc["themes"]):
        ind = entry.get("indicator") if isinstance(entry, dict) else None
        if not isinstance(ind, str) or ind in out:
            raise ThemeError(f"{where}: post {i}: 'indicator' saknas eller står två gånger")
        kpis = []
        for j, k in enumerate(entry.get("kpis") or []):
            at = f"{where}: {ind} nyckeltal {j}"
            if not isinstance(k, dict) or not isinstance(k.get("id"), str) or not isinstance(k.get("title"), str):
                raise ThemeError(f"{at}: 'id' och 'title' krävs")
            if k.get("role") not in ROLES or k.get("rank") not in RANKS or k.get("better") not in BETTER:
                raise ThemeError(f"{at} ({k['id']}): role/rank/better har okända värden")
            if k.get("better") and not k.get("better_basis"):
                raise ThemeError(f"{at} ({k['id']}): 'better' kräver 'better_basis' (orden i Koladas beskrivning)")
            kpis.append(ThemeKpi(k["id"], k["title"], k["role"], k["rank"], k.get("better"), k.get("better_basis")))
        note = entry.get("note") or {}
        out[ind] = ThemeKpis(ind, {"sv": note.get("sv", ""), "en": note.get("en") or note.get("sv", "")}, tuple(kpis))
    return out


@lru_cache(maxsize=2)
def theme_map(path: Path = THEMES_FILE) -> dict[str, ThemeKpis]:
    return _parse(yaml.safe_load(Path(path).read_text(encoding="utf-8")), Path(path).name)


def kpis_for(indicator_id: str) -> tuple[ThemeKpi, ...]:
    t = theme_map().get(indicator_id)
    return t.kpis if t else ()


def theme_kpi(kpi_id: str) -> ThemeKpi | None:
    """The mapping's entry for a key figure (the first, when it stands beside several questions)."""
    for t in theme_map().values():
        for k in t.kpis:
            if k.id == kpi_id:
                return k
    return None


THEME_KPIS: tuple[str, ...] = tuple(dict.fromkeys(k.id for t in theme_map().values() for k in t.kpis))
