"""Validation of the clean tables, shared by `clean` (before publishing), `check` and the app
(at load, through barnbaro.core.data.load_clean). Returns a list of problems in Swedish; empty
means valid. SCHEMA is the clean tables' one definition: their columns and types, which the
cleaner writes and every check reads."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .atomic import sha256
from .catalogue import EDITIONS, Catalogue, load_catalogue
from .municipalities import load_municipalities

SCHEMA = {
    "answers": {
        "edition": "int16",
        "kommun_kod": "string",
        "indicator_id": "string",
        "answer": "string",
        "value": "float64",
    },
    "participation": {
        "edition": "int16",
        "kommun_kod": "string",
        "status": "string",
        "submitted_at": "datetime64[us]",
        "source_file": "string",
        "source_row": "Int32",
    },
    "municipalities": {"kommun_kod": "string", "kommun": "string", "lan_kod": "string", "lan": "string"},
}
STATUSES = ("all", "part", "none")  # participation: answered every question / some / none


def read_tables(directory: Path) -> tuple[dict, dict, list[str]]:
    problems: list[str] = []
    manifest: dict = {}
    tables: dict = {}
    mpath = directory / "manifest.json"
    if not directory.is_dir():
        return {}, {}, [f"{directory}: mappen med tabeller finns inte"]
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("inte ett objekt")
    except FileNotFoundError:
        problems.append("manifest.json saknas")
    except (ValueError, UnicodeDecodeError) as e:
        problems.append(f"manifest.json kan inte läsas ({e})")
    for t in SCHEMA:
        p = directory / f"{t}.parquet"
        try:
            tables[t] = pd.read_parquet(p)
        except FileNotFoundError:
            problems.append(f"{t}.parquet saknas")
        except Exception as e:  # truncated or not parquet
            problems.append(f"{t}.parquet kan inte läsas ({type(e).__name__})")
    return manifest, tables, problems


def validate_dir(directory: Path, cat: Catalogue | None = None, muni: pd.DataFrame | None = None) -> list[str]:
    directory = Path(directory)
    manifest, tables, problems = read_tables(directory)
    if problems:
        return problems
    return check_manifest(directory, manifest) + validate_tables(tables, manifest, cat, muni)


def check_manifest(directory: Path, manifest: dict) -> list[str]:
    problems = []
    if manifest.get("kind") not in ("sample", "survey", "mixed"):
        problems.append(f"manifest.json: kind ska vara 'sample', 'survey' eller 'mixed', är {manifest.get('kind')!r}")
    if manifest.get("kind") == "mixed":
        eds = manifest.get("editions") if isinstance(manifest.get("editions"), dict) else {}
        kinds = {e: (c.get("kind") if isinstance(c, dict) else None) for e, c in eds.items()}
        if not set(kinds.values()) <= {"sample", "survey"} or set(kinds.values()) != {"sample", "survey"}:
            problems.append(
                "manifest.json: kind 'mixed' kräver kind 'sample' eller 'survey' för varje upplaga, minst en av varje"
            )
    tables = manifest.get("tables")
    if tables and not isinstance(tables, dict):
        problems.append("manifest.json: tabellerna ska stå som namn med kontrollsumma")
        tables = {}
    for name, meta in (tables or {}).items():
        p = directory / name
        if not p.exists():
            problems.append(f"{name} saknas men står i manifest.json")
        elif not isinstance(meta, dict) or sha256(p) != meta.get("sha256"):
            problems.append(f"{name}: kontrollsumman stämmer inte med manifest.json (filen har ändrats)")
    if not manifest.get("tables"):
        problems.append("manifest.json: listan över tabeller saknas")
    editions = manifest.get("editions")
    if editions and not isinstance(editions, dict):
        problems.append("manifest.json: räkningen per upplaga ska stå som upplaga med antal rader")
        editions = {}
    for e, c in (editions or {}).items():
        if not _is_count(e, c):
            problems.append(f"manifest.json: räkningen för upplaga {e} är ofullständig")
        elif c["raw_rows"] != c["used_rows"] + c["rejected_rows"]:
            problems.append(
                f"upplaga {e}: raw_rows {c['raw_rows']} ≠ used_rows "
                f"{c['used_rows']} + rejected_rows {c['rejected_rows']}"
            )
    return problems


def _is_count(edition: object, c: object) -> bool:
    """A well-formed manifest entry: a four-digit edition with whole-number row counts."""
    return (
        isinstance(edition, str)
        and edition.isdigit()
        and len(edition) == 4
        and isinstance(c, dict)
        and all(type(c.get(k)) is int for k in ("raw_rows", "used_rows", "rejected_rows"))
    )


def _counts(manifest: dict) -> dict:
    """The manifest's well-formed per-edition counts (check_manifest reports the others)."""
    editions = manifest.get("editions")
    return {e: c for e, c in editions.items() if _is_count(e, c)} if isinstance(editions, dict) else {}


def validate_tables(
    tables: dict, manifest: dict, cat: Catalogue | None = None, muni: pd.DataFrame | None = None
) -> list[str]:
    cat = cat or load_catalogue()
    muni = load_municipalities() if muni is None else muni
    problems = []
    for t, cols in SCHEMA.items():
        missing = [c for c in cols if c not in tables[t].columns]
        if missing:
            problems.append(f"{t}: kolumner saknas: {', '.join(missing)}")
    if problems:
        return problems
    a, p, m = tables["answers"], tables["participation"], tables["municipalities"]
    codes = set(muni["kommun_kod"])
    if set(m["kommun_kod"]) != codes or len(m) != len(codes):
        problems.append(f"municipalities: ska ha de {len(codes)} kommunerna, har {len(m)}")
    for name, df in (("answers", a), ("participation", p)):
        bad = set(df["kommun_kod"].dropna()) - codes
        if bad or df["kommun_kod"].isna().any():
            problems.append(f"{name}: okända kommunkoder: {', '.join(sorted(map(str, bad))[:5]) or 'tomma'}")
        bad_e = set(df["edition"].dropna().astype(int)) - set(EDITIONS)
        if bad_e:
            problems.append(f"{name}: okända upplagor: {sorted(bad_e)}")
    if p.duplicated(["edition", "kommun_kod"]).any():
        problems.append("participation: samma kommun och upplaga förekommer flera gånger")
    if not set(p["status"].dropna()) <= set(STATUSES) or p["status"].isna().any():
        problems.append(f"participation: status ska vara en av {sorted(STATUSES)}")
    if a.duplicated(["edition", "kommun_kod", "indicator_id"]).any():
        problems.append("answers: samma kommun, upplaga och indikator förekommer flera gånger")
    unknown = set(a["indicator_id"].dropna()) - set(cat.indicators)
    if unknown:
        problems.append(f"answers: okända indikatorer: {sorted(unknown)}")
    for (e, ind), g in a[a["indicator_id"].isin(list(cat.indicators))].groupby(["edition", "indicator_id"]):
        i = cat[ind]
        if int(e) not in i.editions:
            problems.append(f"answers: {ind} har svar {e}, men frågan ställdes inte det året")
        bad = set(g["answer"].dropna()) - set(i.answer_ids)
        if bad:
            problems.append(f"answers: {ind} {e}: okända svar {sorted(bad)}")
    took = p[p["status"] != "none"][["edition", "kommun_kod"]]
    orphan = a.merge(took, how="left", on=["edition", "kommun_kod"], indicator=True)
    if (orphan["_merge"] == "left_only").any():
        problems.append("answers: svar från kommuner som enligt participation inte deltog")
    for e, c in _counts(manifest).items():
        n = int((p[(p["edition"] == int(e))]["status"] != "none").sum())
        if c.get("used_rows") != n:
            problems.append(f"upplaga {e}: manifest säger {c.get('used_rows')} använda rader, participation har {n}")
    return problems
