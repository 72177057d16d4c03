"""The local copy of Kolada in data/kolada/ (the only thing the app reads): written atomically
(barnbaro.core.atomic), checked against its checksums when read, and read as plain data
(`KoladaCache`) that any layer may use.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.atomic import publish, repair, sha256
from .errors import CacheError
from .groups import SKR_NAMES_EN
from .schema import COLUMNS, DEFAULT_BASE_URL, TABLES

FETCH_COMMAND = "python -m barnbaro kolada fetch"  # what fills the copy

# Where the app reads the copy; BARNBARO_KOLADA_DIR points it elsewhere (a test server's copy).
KOLADA_DIR = Path(os.environ.get("BARNBARO_KOLADA_DIR") or paths.DATA / "kolada")
# 2: SKR groups found by title, latest years stored, riket apart from the regions (format 1
# copies hold SKR groups taken by wrong ids and must be fetched again).
CACHE_FORMAT = 2
CACHE_FILES = {f"{t}.parquet" for t in TABLES} | {"meta.json"}


def write_cache(out: Path, tables: dict[str, pd.DataFrame], meta: dict) -> dict:
    """Write tables and meta.json into a folder beside `out`, check it loads, then swap it in by
    two renames. Files in `out` that are not the cache's own (README.md) are carried over."""
    out = Path(out)
    repair(out)
    with publish(out) as tmp:
        for name in TABLES:
            tables[name][COLUMNS[name]].to_parquet(tmp / f"{name}.parquet", index=False)
        meta = meta | {
            "tables": {f"{n}.parquet": {"sha256": sha256(tmp / f"{n}.parquet"), "rows": len(tables[n])} for n in TABLES}
        }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if out.is_dir():
            for p in out.iterdir():
                if p.name not in CACHE_FILES and not p.name.startswith(".kolada-"):
                    (shutil.copytree if p.is_dir() else shutil.copy2)(p, tmp / p.name)
        load_cache(tmp)  # raises CacheError if what was written does not read back
    return meta


# ---------------------------------------------------------------- reading the cache


@dataclass(frozen=True)
class KoladaCache:
    kpis: pd.DataFrame
    values: pd.DataFrame
    municipalities: pd.DataFrame
    skr_groups: pd.DataFrame
    rka_groups: pd.DataFrame
    meta: dict
    directory: Path

    @property
    def is_api(self) -> bool:
        """Fetched from the real API."""
        return (
            self.meta.get("real_api") is True
            and self.meta.get("source") == "kolada"
            and self.meta.get("base_url") == DEFAULT_BASE_URL
        )

    @property
    def is_snapshot(self) -> bool:
        """Imported from open-numbers' copy of Kolada, every file verified as the dump's own
        (`kolada import-ddf`): Kolada's values, taken on the scrape date."""
        ddf = self.meta.get("ddf")
        return self.meta.get("source") == "kolada-ddf" and isinstance(ddf, dict) and ddf.get("verified") is True

    @property
    def is_real(self) -> bool:
        """Kolada's own values, from the real API or the verified snapshot (only then may it be
        shown as "Källa: Kolada")."""
        return self.is_api or self.is_snapshot

    @property
    def lacking(self) -> list[str]:
        """Key figures the app uses that this copy does not hold (the snapshot's gaps)."""
        return [str(k) for k in self.meta.get("lacking") or []]

    @property
    def fetched_date(self) -> str:
        return str(self.meta.get("fetched_at", "?"))[:10]

    def kpi_title(self, kpi: str) -> str:
        row = self.kpis[self.kpis["id"] == kpi]
        return str(row["title"].iloc[0]) if len(row) else kpi


def load_cache(directory: Path | None = None) -> KoladaCache | None:
    """The copy (default data/kolada), None when there is none (no meta.json), CacheError when it
    is inconsistent."""
    directory = Path(directory) if directory is not None else KOLADA_DIR
    if not directory.exists():
        repair(directory, tidy=False)
    mpath = directory / "meta.json"
    if not mpath.is_file():
        return None
    try:
        meta = json.loads(mpath.read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("inte ett objekt")
    except (ValueError, UnicodeDecodeError) as e:
        raise CacheError([f"meta.json kan inte läsas ({e})"]) from None
    problems = []
    if meta.get("format") != CACHE_FORMAT:
        problems.append(f"meta.json: format {meta.get('format')!r}, väntat {CACHE_FORMAT}; hämta igen")
    listed = meta.get("tables") if isinstance(meta.get("tables"), dict) else {}
    tables = {}
    for name in TABLES:
        p = directory / f"{name}.parquet"
        info = listed.get(p.name)
        if not isinstance(info, dict):
            problems.append(f"meta.json: {p.name} står inte med")
            continue
        if not p.is_file():
            problems.append(f"{p.name} saknas")
            continue
        if sha256(p) != info.get("sha256"):
            problems.append(f"{p.name}: kontrollsumman stämmer inte med meta.json (filen har ändrats)")
            continue
        try:
            df = pd.read_parquet(p)
        except Exception as e:  # truncated or not parquet
            problems.append(f"{p.name} kan inte läsas ({type(e).__name__})")
            continue
        miss = [c for c in COLUMNS[name] if c not in df.columns]
        if miss:
            problems.append(f"{p.name}: kolumner saknas: {', '.join(miss)}")
        tables[name] = df
    if problems:
        raise CacheError(problems)
    return KoladaCache(**tables, meta=meta, directory=directory)


def signature(directory: Path | None = None) -> tuple | None:
    """What changes when the copy is rewritten (meta.json's time and size), None without one."""
    directory = Path(directory) if directory is not None else KOLADA_DIR
    try:
        st = (directory / "meta.json").stat()
        return (st.st_mtime_ns, st.st_size)
    except OSError:
        return None


# ---------------------------------------------------------------- reading values and groups


def headline(values: pd.DataFrame) -> pd.DataFrame:
    """One value per (kpi, municipality, period): the total T; for a KPI with no T at all, the
    gender it has (K before M), with `gender` saying which."""
    if values.empty:
        return values.copy()
    keep = []
    for _kpi, g in values.groupby("kpi", sort=False):
        genders = set(g["gender"])
        pick = "T" if "T" in genders else "K" if "K" in genders else "M"
        keep.append(g[g["gender"] == pick])
    return pd.concat(keep, ignore_index=True)


def peers(cache: KoladaCache | None, kind: str, code: str | None) -> list[str]:
    """The municipalities in `code`'s SKR kommungrupp (kind 'skr') or RKA's "Liknande kommuner,
    övergripande" group (kind 'rka'), never `code` itself; [] without a cache or a group."""
    if cache is None or code is None:
        return []
    if kind == "skr":
        s = cache.skr_groups
        gid = s.loc[s["kommun_kod"] == code, "group_id"]
        if gid.empty:
            return []
        return sorted(set(s.loc[s["group_id"] == gid.iloc[0], "kommun_kod"]) - {code})
    if kind == "rka":
        r = cache.rka_groups
        return sorted(set(r.loc[r["kommun_kod"] == code, "member_id"]) - {code})
    return []


def skr_group_of(cache: KoladaCache | None, code: str | None, lang: str = "sv") -> str | None:
    if cache is None or code is None:
        return None
    s = cache.skr_groups[cache.skr_groups["kommun_kod"] == code]
    if s.empty:
        return None
    c = str(s["group_code"].iloc[0])
    return f"{SKR_NAMES_EN.get(c, s['group_name'].iloc[0]) if lang == 'en' else s['group_name'].iloc[0]} ({c})"


def nearest_year(years: Iterable[int], target: int) -> int | None:
    """The year closest to `target` (the earlier one on a tie)."""
    ys = sorted(set(int(y) for y in years))
    return min(ys, key=lambda y: (abs(y - target), y)) if ys else None
