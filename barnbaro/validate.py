"""Validation of the clean tables, shared by `clean` (before publishing), `check` and the app
(at load). Returns a list of problems in Swedish; empty means valid."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .catalogue import EDITIONS, Catalogue, load_catalogue
from .municipalities import load_municipalities

SCHEMA = {
    "answers": ["edition", "kommun_kod", "indicator_id", "answer", "value"],
    "participation": ["edition", "kommun_kod", "status", "submitted_at", "source_file", "source_row"],
    "municipalities": ["kommun_kod", "kommun", "lan_kod", "lan"],
}
STATUSES = {"all", "part", "none"}


class DataError(Exception):
    """The clean data could not be loaded or failed validation."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CleanData:
    answers: pd.DataFrame
    participation: pd.DataFrame
    municipalities: pd.DataFrame
    manifest: dict

    @property
    def is_sample(self) -> bool:
        """True while any edition shown is the sample (the label stays until none is)."""
        return bool(self.sample_editions)

    @property
    def sample_editions(self) -> list[int]:
        return sample_editions(self.manifest)

    def sample_label(self, lang: str, kind: str = "image", **kw) -> str | None:
        return sample_label(self.manifest, lang, kind, **kw)

    @property
    def is_mixed(self) -> bool:
        return bool(self.sample_editions) and len(self.sample_editions) < len(self.editions)

    @property
    def editions(self) -> list[int]:
        return sorted(int(e) for e in self.manifest.get("editions", {}))


def sample_editions(manifest: dict) -> list[int]:
    """The editions that are the sample, from the manifest: every edition unless the manifest
    says 'survey', or 'mixed' with a kind per edition. Every label of the app, its images, CSVs
    and the press kit asks this one function."""
    editions = manifest.get("editions") if isinstance(manifest.get("editions"), dict) else {}
    every = sorted(int(e) for e in editions if str(e).isdigit())
    kind = manifest.get("kind")
    if kind == "survey":
        return []
    if kind == "mixed":
        return sorted(int(e) for e, c in editions.items()
                      if str(e).isdigit() and not (isinstance(c, dict) and c.get("kind") == "survey"))
    return every or [0]  # an unknown kind counts as the sample: never present it as real


def _editions_text(eds: list[int], lang: str) -> str:
    """2013–2017 for a run of years, else 2013, 2015 och 2016 (and in English)."""
    eds = sorted(eds)
    if len(eds) > 2 and eds == list(range(eds[0], eds[-1] + 1)):
        return f"{eds[0]}–{eds[-1]}"
    if len(eds) == 1:
        return str(eds[0])
    return ", ".join(map(str, eds[:-1])) + (" och " if lang == "sv" else " and ") + str(eds[-1])


def sample_label(manifest: dict, lang: str, kind: str = "image", **kw) -> str | None:
    """The sample label for a page, an image or a CSV (kind 'image'), a title ('short') or the
    banner ('banner', with seed=): None when no edition is the sample; naming the sample's
    editions when only some are."""
    from .i18n import t

    sample = sample_editions(manifest)
    if not sample:
        return None
    key = {"image": "sample_image_label", "short": "sample_short", "banner": "sample_banner"}[kind]
    editions = manifest.get("editions") if isinstance(manifest.get("editions"), dict) else {}
    real = sorted(int(e) for e in editions if str(e).isdigit() and int(e) not in sample)
    if not real:
        return t(key, lang, **kw)
    return t(f"{key}_mixed", lang, editions=_editions_text(sample, lang), real=_editions_text(real, lang), **kw)


def _read(directory: Path) -> tuple[dict, dict, list[str]]:
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
    manifest, tables, problems = _read(directory)
    if problems:
        return problems
    return check_manifest(directory, manifest) + validate_tables(tables, manifest, cat, muni)


def check_manifest(directory: Path, manifest: dict) -> list[str]:
    from .clean import sha256

    problems = []
    if manifest.get("kind") not in ("sample", "survey", "mixed"):
        problems.append(f"manifest.json: kind ska vara 'sample', 'survey' eller 'mixed', är {manifest.get('kind')!r}")
    if manifest.get("kind") == "mixed":
        eds = manifest.get("editions") if isinstance(manifest.get("editions"), dict) else {}
        kinds = {e: (c.get("kind") if isinstance(c, dict) else None) for e, c in eds.items()}
        if not set(kinds.values()) <= {"sample", "survey"} or set(kinds.values()) != {"sample", "survey"}:
            problems.append("manifest.json: kind 'mixed' kräver kind 'sample' eller 'survey' för varje upplaga, "
                            "minst en av varje")
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
            problems.append(f"upplaga {e}: raw_rows {c['raw_rows']} ≠ used_rows {c['used_rows']} + rejected_rows {c['rejected_rows']}")
    return problems


def _is_count(edition: object, c: object) -> bool:
    """A well-formed manifest entry: a four-digit edition with whole-number row counts."""
    return (isinstance(edition, str) and edition.isdigit() and len(edition) == 4 and isinstance(c, dict)
            and all(type(c.get(k)) is int for k in ("raw_rows", "used_rows", "rejected_rows")))


def _counts(manifest: dict) -> dict:
    """The manifest's well-formed per-edition counts (check_manifest reports the others)."""
    editions = manifest.get("editions")
    return {e: c for e, c in editions.items() if _is_count(e, c)} if isinstance(editions, dict) else {}


def validate_tables(tables: dict, manifest: dict, cat: Catalogue | None = None, muni: pd.DataFrame | None = None) -> list[str]:
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
    if not set(p["status"].dropna()) <= STATUSES or p["status"].isna().any():
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


def load_clean(directory: Path) -> CleanData:
    """Read and validate the clean tables; raises DataError listing what is wrong."""
    from .clean import repair

    directory = Path(directory)
    if not directory.exists():
        repair(directory, tidy=False)  # a crash between clean's two renames: put the tables back
    manifest, tables, problems = _read(directory)
    if not problems:
        problems = check_manifest(directory, manifest) + validate_tables(tables, manifest)
    if problems:
        raise DataError(problems)
    return CleanData(tables["answers"], tables["participation"], tables["municipalities"], manifest)
