"""Kolada from a bulk copy: Gapminder's open-numbers scrape of Kolada in DDF format
(github.com/open-numbers/ddf--kolada--dump), read into the same local cache that
`python -m barnbaro kolada fetch` writes.

    python -m barnbaro kolada import-ddf PATH [--groups FILE] [--out data/kolada]

PATH is a checkout of the dump or the trimmed copy in data/kolada/ddf/. The DDF layout read:

    ddf--concepts.csv                      concept,concept_type,...,name,description,...   (titles)
    ddf--entities--geo--kommun.csv         kommun,name,...     the 290 municipalities
    ddf--entities--geo--region.csv         region,name,...     the 21 regions ("01" -> Kolada "0001")
    ddf--entities--geo--rike.csv           rike,name,...       riket ("0" -> Kolada "0000")
    datapoints--by--geo--year/ddf--datapoints--<kpi>--by--geo--year.csv                 geo,year,<kpi>
    datapoints--by--geo--gender--year/ddf--datapoints--<kpi>--by--geo--gender--year.csv  geo,gender,year,<kpi>

Everything is checked before anything is written: a file whose columns, codes, years or numbers
are not as above stops the import with a DDFError naming the file and the line, and the cache is
left as it was. The values are Kolada's; the copy is "verified" when every file read is, byte for
byte, the file of the dump's commit 8501d5c (or of the trimmed copy made from it), and only then
is the cache shown as Kolada data. Anything else is imported as test data.

The SKR and RKA groups are not in the dump: they come from a file of /municipality_groups
records (data/kolada/groups/municipality_groups.json, records the live Kolada v3 API returned).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.catalogue import EDITIONS
from . import cache as _cache
from . import groups as _groups
from .errors import KoladaError
from .schema import COLUMNS, KINDS, RIKET, parse_groups
from .themes import NEAR_KPIS, OFFICIAL_KPIS, THEME_KPIS

REPOSITORY = "open-numbers/ddf--kolada--dump"
REPOSITORY_URL = "https://github.com/open-numbers/ddf--kolada--dump"
COMMIT = "8501d5c7694b444dbf59d063c5156754e2a9b819"
COMMIT_DATE = "2025-03-21"
SCRAPED = "2024-08-30"  # the scrape's date (etl/source/datapoints raw 2024-08-30 in the dump)
TERMS = 'Ingen licensfil i förrådet; Koladas villkor gäller: fri användning med källangivelse "Källa: Kolada".'
SOURCE = "kolada-ddf"  # meta.json "source" of a verified import

DDF_DIR = paths.DATA / "kolada" / "ddf"
GROUPS_FILE = paths.DATA / "kolada" / "groups" / "municipality_groups.json"

# The key figures the app uses, and what the dump has in place of those it lacks. Read from the
# dump when it holds them; the others are listed in meta.json as lacking, with the fetch command.
WANTED_KPIS = tuple(dict.fromkeys(OFFICIAL_KPIS + THEME_KPIS))
# In the dump, not in the mapping: NEAR_KPIS (barnbaro.kolada.themes).
IMPORT_KPIS = tuple(dict.fromkeys(WANTED_KPIS + tuple(NEAR_KPIS)))
# Population by gender is large and not shown: its gender file is not kept.
NO_GENDER = ("N01951", "N33001")

DATA_DIR = "datapoints--by--geo--year"
GENDER_DIR = "datapoints--by--geo--gender--year"
CONCEPTS = "ddf--concepts.csv"
KOMMUN = "ddf--entities--geo--kommun.csv"
REGION = "ddf--entities--geo--region.csv"
RIKE = "ddf--entities--geo--rike.csv"
FIRST_YEAR, LAST_YEAR = 1990, int(SCRAPED[:4])

# Git blob ids (sha1 of "blob <size>\0<bytes>") of the files as they are in the dump at COMMIT;
# the trimmed concepts file has its own. A copy is verified when every file read is one of these.
KNOWN_BLOBS: dict[str, set[str]] = {
    "datapoints--by--geo--gender--year/ddf--datapoints--n33816--by--geo--gender--year.csv": {
        "e91b35533cd365c4860b494a08c9ed69f30be790"
    },
    "datapoints--by--geo--gender--year/ddf--datapoints--n33817--by--geo--gender--year.csv": {
        "f2f2348f29d8db6b5665f7963a7edc66cfce7136"
    },
    "datapoints--by--geo--gender--year/ddf--datapoints--u33401--by--geo--gender--year.csv": {
        "b0d744542748b50a106b3cbfb8047d0259b78442"
    },
    "datapoints--by--geo--gender--year/ddf--datapoints--u33575--by--geo--gender--year.csv": {
        "1e85851184e43c818f1f1f80572f8bcea4b78a8e"
    },
    "datapoints--by--geo--gender--year/ddf--datapoints--u33576--by--geo--gender--year.csv": {
        "65f83da96f467dccfd8ea8d62dcc95a689bf9862"
    },
    "datapoints--by--geo--gender--year/ddf--datapoints--u33577--by--geo--gender--year.csv": {
        "c2b3e3523461e88d1b16e3450c43e6c95e420efc"
    },
    "datapoints--by--geo--gender--year/ddf--datapoints--u33578--by--geo--gender--year.csv": {
        "fd5a20003e785ceb7e5164f34cb3e53d1ecc8ab0"
    },
    "datapoints--by--geo--gender--year/ddf--datapoints--u33579--by--geo--gender--year.csv": {
        "2e2a2257e1b83dab2ad5c330d0a272feea44da81"
    },
    "datapoints--by--geo--gender--year/ddf--datapoints--u33580--by--geo--gender--year.csv": {
        "d1d7c847bb5e73f7040fadd52dc8b5a8c529ae6e"
    },
    "datapoints--by--geo--gender--year/ddf--datapoints--u33581--by--geo--gender--year.csv": {
        "fc1e3695bc472b2394e34fdf28c494cb556a3e8a"
    },
    "datapoints--by--geo--year/ddf--datapoints--n01951--by--geo--year.csv": {
        "57eeaf76b2fabcbb7bce1282b8d65716c57e27fb"
    },
    "datapoints--by--geo--year/ddf--datapoints--n33001--by--geo--year.csv": {
        "a3069b0485afb6bf074e8dbecaede89aef8b37b6"
    },
    "datapoints--by--geo--year/ddf--datapoints--n33816--by--geo--year.csv": {
        "de0a3c536502738b88703f8b7e593e299ac26f0b"
    },
    "datapoints--by--geo--year/ddf--datapoints--n33817--by--geo--year.csv": {
        "d898187eaeb564c758b14d85fe953a0585ca5313"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33401--by--geo--year.csv": {
        "da22056f765cfbe947d9cd851b79ffc6f5543556"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33575--by--geo--year.csv": {
        "ecae13adc6d88f907be4b9024377a4a067307371"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33576--by--geo--year.csv": {
        "aa7fca73c556ad014b54123c5664e480c8c8a5ae"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33577--by--geo--year.csv": {
        "20225f32d0282ade1f40cc4e6d2562482df7ddce"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33578--by--geo--year.csv": {
        "84cd476bcd905d1de1616213892b25eaf91cf715"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33579--by--geo--year.csv": {
        "797e94502124b3d321515fb5fda1ca5602070869"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33580--by--geo--year.csv": {
        "3dc464c2b8a72fa1de6b7aa8654a9b87e14ab675"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33581--by--geo--year.csv": {
        "b4da09b6dafec34f8cd10e6775675504979b7cfd"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33901--by--geo--year.csv": {
        "b87c0631495ff1ddf4cbe0628fe3fcc80c343036"
    },
    "datapoints--by--geo--year/ddf--datapoints--u33904--by--geo--year.csv": {
        "417c08f7ca4867abfa80df46f3984a64785ad5fc"
    },
    "ddf--concepts.csv": {"365750c26bdbc7e244c77b4047ca3031570845ee", "79d43e3920ed5ed32013703e627e8b440a26a984"},
    "ddf--entities--geo--kommun.csv": {"3b8bf3ed8b1ef78a1bc0ddbf27d8f62f05aa4d22"},
    "ddf--entities--geo--region.csv": {"11b7b1106061eea6f50d365726ee22c23a9bc79d"},
    "ddf--entities--geo--rike.csv": {"c58ac2b0361000f2c848f71b2a0a87ece87669ff"},
    "groups/municipality_groups.json": {"651d1cdd99012b0e3a6f601228eeaa15765f6b1a"},
}


def data_file(kpi: str) -> str:
    return f"{DATA_DIR}/ddf--datapoints--{kpi.lower()}--by--geo--year.csv"


def gender_file(kpi: str) -> str:
    return f"{GENDER_DIR}/ddf--datapoints--{kpi.lower()}--by--geo--gender--year.csv"


def blob_id(data: bytes) -> str:
    """The git blob id of these bytes (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class DDFError(Exception):
    """A DDF file is not as expected; names the file and, where it applies, the line."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file, self.line = file, line
        super().__init__(f"{file}{f', rad {line}' if line else ''}: {message}")


# ---------------------------------------------------------------- reading the files


@dataclass
class _Csv:
    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, fields)
    blob: str


def _read_csv(root: Path, rel: str, required: Sequence[str] = (), exact: Sequence[str] | None = None) -> _Csv:
    p = root / rel
    if not p.is_file():
        raise DDFError(rel, f"filen saknas i {root}")
    data = p.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DDFError(rel, f"inte UTF-8 (byte {e.start})") from None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise DDFError(rel, "filen är tom (ingen rubrikrad)", 1)
        header = [h.strip() for h in header]
        if exact is not None and header != list(exact):
            raise DDFError(rel, f"kolumnerna är {','.join(header)}, väntat {','.join(exact)}", 1)
        miss = [c for c in required if c not in header]
        if miss:
            raise DDFError(rel, f"kolumner saknas: {', '.join(miss)} (kolumner: {','.join(header)})", 1)
        if len(set(header)) != len(header):
            raise DDFError(rel, "en kolumn står två gånger i rubrikraden", 1)
        rows = []
        for fields in reader:
            if not fields or fields == [""]:
                continue
            if len(fields) != len(header):
                raise DDFError(rel, f"{len(fields)} fält, rubrikraden har {len(header)}", reader.line_num)
            rows.append((reader.line_num, fields))
    except csv.Error as e:
        raise DDFError(rel, f"inte läsbar CSV ({e})", reader.line_num) from None
    return _Csv(rel, header, rows, blob_id(data))


def _geos(root: Path) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """The municipalities table (Kolada's shape: id, title, type) and DDF geo -> Kolada id."""
    kom = _read_csv(root, KOMMUN, required=("kommun", "name"))
    reg = _read_csv(root, REGION, required=("region", "name"))
    rike = _read_csv(root, RIKE, required=("rike", "name"))
    files = [kom, reg, rike]
    rows, geo = [], {}
    for f, col, pattern, to_id, typ in (
        (rike, "rike", r"0", lambda c: "0000", "L"),
        (reg, "region", r"\d{2}", lambda c: "00" + c, "L"),
        (kom, "kommun", r"\d{4}", lambda c: c, "K"),
    ):
        ci, ni = f.header.index(col), f.header.index("name")
        for line, fields in f.rows:
            code, name = fields[ci].strip(), fields[ni].strip()
            if not re.fullmatch(pattern, code):
                raise DDFError(f.name, f"koden {code!r} är inte en {col}-kod som väntat ({pattern})", line)
            if not name:
                raise DDFError(f.name, f"{col} {code} saknar namn", line)
            if code in geo:
                raise DDFError(f.name, f"koden {code!r} står två gånger", line)
            geo[code] = to_id(code)
            mid = to_id(code)
            rows.append({"id": mid, "title": name, "type": typ, "kind": "riket" if mid == RIKET else KINDS[typ]})
    n = sum(1 for r in rows if r["type"] == "K")
    if n != 290:
        raise DDFError(KOMMUN, f"{n} kommuner, väntat 290")
    if not rike.rows:
        raise DDFError(RIKE, "riket saknas")
    munis = pd.DataFrame(rows, columns=COLUMNS["municipalities"]).astype("string")
    return munis, geo, files


def _concepts(root: Path, kpis: Sequence[str]) -> tuple[pd.DataFrame, _Csv]:
    f = _read_csv(root, CONCEPTS, required=("concept", "concept_type", "name", "description"))
    h = {c: i for i, c in enumerate(f.header)}
    by_id = {}
    for line, fields in f.rows:
        c = fields[h["concept"]].strip()
        if c.upper() in kpis:
            if c.upper() in by_id:
                raise DDFError(f.name, f"nyckeltalet {c} står två gånger", line)
            if fields[h["concept_type"]].strip() != "measure":
                raise DDFError(f.name, f"{c} har concept_type {fields[h['concept_type']]!r}, väntat 'measure'", line)
            if not fields[h["name"]].strip():
                raise DDFError(f.name, f"{c} saknar namn (name)", line)
            by_id[c.upper()] = (line, fields)
    rows = []
    for k in kpis:
        if k not in by_id:
            raise DDFError(f.name, f"nyckeltalet {k.lower()} har ingen rad, men dess datafil finns")
        _, fields = by_id[k]
        get = lambda col, fields=fields: (fields[h[col]].strip() or None) if col in h else None  # noqa: E731
        # publ_period and publication_date are left empty: in Kolada they describe the next
        # scheduled publication, which says nothing about a copy taken in 2024.
        rows.append(
            {
                "id": k,
                "title": get("name"),
                "description": get("description"),
                "is_divided_by_gender": get("is_divided_by_gender"),
                "municipality_type": get("municipality_type"),
                "operating_area": get("operating_area"),
                "publ_period": None,
                "publication_date": None,
                "latest_year": None,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS["kpis"]).astype("string"), f


def _number(text: str, f: _Csv, line: int) -> float:
    s = text.strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", s):
        raise DDFError(f.name, f"värdet {text!r} är inte ett tal", line)
    v = float(s)
    if not math.isfinite(v):
        raise DDFError(f.name, f"värdet {text!r} är inte ett ändligt tal", line)
    return v


def _year(text: str, f: _Csv, line: int) -> int:
    s = text.strip()
    if not re.fullmatch(r"\d{4}", s) or not FIRST_YEAR <= int(s) <= LAST_YEAR:
        raise DDFError(f.name, f"året {text!r} är inte ett år {FIRST_YEAR}–{LAST_YEAR}", line)
    return int(s)


def _datapoints(f: _Csv, kpi: str, geo: dict[str, str], gendered: bool, years: set[int] | None) -> list[dict]:
    out, seen = [], {}
    for line, fields in f.rows:
        if gendered:
            g, gender, y, v = fields
            gender = gender.strip().upper()
            if gender not in ("K", "M"):
                raise DDFError(f.name, f"könet {fields[1]!r} är inte k eller m", line)
        else:
            g, y, v = fields
            gender = "T"
        g = g.strip()
        if g not in geo:
            raise DDFError(f.name, f"geo-koden {g!r} finns inte bland riket, regionerna och de 290 kommunerna", line)
        year = _year(y, f, line)
        value = _number(v, f, line)
        key = (g, year, gender)
        if key in seen:
            raise DDFError(
                f.name,
                f"{g} {year}{'' if gender == 'T' else ' ' + gender} står två gånger (också rad {seen[key]})",
                line,
            )
        seen[key] = line
        if years is not None and year not in years:
            continue
        out.append(
            {
                "kpi": kpi,
                "kommun_kod": geo[g],
                "period": year,
                "gender": gender,
                "value": value,
                "status": "",
                "count": None,
            }
        )
    return out


@dataclass
class DDFRead:
    tables: dict[str, pd.DataFrame]  # kpis, values, municipalities (the cache's schema)
    kpis: list[str]  # read
    lacking: list[str]  # asked for, not in the copy
    files: dict[str, str]  # path -> git blob id of every file read
    verified: bool  # every file read is the dump's own (or the trimmed copy's)


def read_ddf(root: Path, kpis: Sequence[str] = IMPORT_KPIS, years: Sequence[int] | None = None) -> DDFRead:
    """Read and check the DDF copy at `root`: the cache's kpis, values and municipalities tables.
    Raises DDFError (naming file and line) on the first thing that is not as expected."""
    root = Path(root)
    if not root.is_dir():
        raise DDFError(str(root), "ingen sådan mapp (ange en utcheckning av ddf--kolada--dump eller data/kolada/ddf)")
    kpis = [k.strip().upper() for k in kpis]
    bad = [k for k in kpis if not re.fullmatch(r"[A-Z]\d{5}", k)]
    if bad:
        raise DDFError(str(root), f"okänt format på nyckeltal: {', '.join(bad)} (väntat t.ex. N01951)")
    munis, geo, files = _geos(root)
    present = [k for k in kpis if (root / data_file(k)).is_file()]
    lacking = [k for k in kpis if k not in present]
    if not present:
        raise DDFError(DATA_DIR, f"ingen av datafilerna för {', '.join(kpis)} finns i {root}")
    kpi_df, concepts = _concepts(root, present)
    files.append(concepts)
    wanted = set(years) if years is not None else None
    rows = []
    for k in present:
        f = _read_csv(root, data_file(k), exact=("geo", "year", k.lower()))
        files.append(f)
        rows += _datapoints(f, k, geo, False, wanted)
        if k not in NO_GENDER and (root / gender_file(k)).is_file():
            fg = _read_csv(root, gender_file(k), exact=("geo", "gender", "year", k.lower()))
            files.append(fg)
            rows += _datapoints(fg, k, geo, True, wanted)
    values = pd.DataFrame(rows, columns=COLUMNS["values"]).astype(
        {
            "kpi": "string",
            "kommun_kod": "string",
            "period": "int64",
            "gender": "string",
            "value": "float64",
            "status": "string",
            "count": "Int64",
        }
    )
    values = values.sort_values(["kpi", "kommun_kod", "period", "gender"]).reset_index(drop=True)
    latest = values[values["value"].notna()].groupby("kpi")["period"].max()
    kpi_df["latest_year"] = kpi_df["id"].map(lambda k: str(int(latest[k])) if k in latest else None).astype("string")
    ids = {f.name: f.blob for f in files}
    verified = all(b in KNOWN_BLOBS.get(n, ()) for n, b in ids.items())
    return DDFRead({"kpis": kpi_df, "values": values, "municipalities": munis}, present, lacking, ids, verified)


# ---------------------------------------------------------------- groups

GROUPS_PROVENANCE = (
    "Records the live Kolada v3 API returned for /v3/municipality_groups, as kept by the R "
    "package rKolada (github.com/LCHansson/rKolada, R/sysdata.rda, built 2026-03-23): SKR's "
    "kommungruppsindelning (9 groups) and RKA's 290 'Liknande kommuner, övergripande' groups."
)


def read_groups(path: Path) -> tuple[list[dict], str]:
    """The /municipality_groups records in `path` (a v3 envelope or a list), checked as the fetch
    checks them, and the file's blob id."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise DDFError(str(path), "filen med kommungrupper saknas")
    data = path.read_bytes()
    try:
        doc = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise DDFError(name, f"inte läsbar JSON ({e})") from None
    items = doc.get("values") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise DDFError(name, "ska vara en lista med grupper eller ett objekt med fältet 'values'")
    try:
        return parse_groups(items, name), blob_id(data)
    except KoladaError as e:
        raise DDFError(name, str(e).removeprefix(f"{name}, ").removeprefix(f"{name}: ")) from None


# ---------------------------------------------------------------- the import


def import_ddf(
    path: Path,
    out: Path | None = None,
    groups: Path | None = GROUPS_FILE,
    kpis: Sequence[str] = IMPORT_KPIS,
    years: Sequence[int] | None = None,
    now: dt.datetime | None = None,
) -> dict:
    """Read the DDF copy at `path` and the groups file, and write the Kolada cache at `out`
    (default data/kolada) as the fetch does: atomically, read back before it is swapped in.
    Returns meta.json's content. Raises DDFError (nothing written)."""
    out = Path(out) if out is not None else _cache.KOLADA_DIR
    now = now or dt.datetime.now(dt.UTC)
    keep = set(years) if years is not None else set(range(min(EDITIONS), LAST_YEAR + 1))
    r = read_ddf(Path(path), kpis, sorted(keep))
    munis = r.tables["municipalities"]
    kommuner = set(munis.loc[munis["kind"] == "kommun", "id"])
    warnings: list[str] = []
    files = dict(r.files)
    if groups is not None:
        gs, gblob = read_groups(Path(groups))
        files[f"groups/{Path(groups).name}"] = gblob
        verified = r.verified and gblob in KNOWN_BLOBS.get(f"groups/{Path(groups).name}", ())
        found_skr = _groups.find_skr_groups(gs, kommuner)
        skr, found = found_skr.table, found_skr.found
        warnings += found_skr.warnings
        best, w = _groups.rka_candidates(gs, munis)
        warnings += w
        rka = _groups.rka_membership(best)
        if len(best) < len(kommuner):
            warnings.append(
                f"{len(kommuner) - len(best)} av {len(kommuner)} kommuner saknar en grupp "
                "'Liknande kommuner, övergripande'"
            )
    else:
        verified = r.verified
        skr, found = pd.DataFrame(columns=COLUMNS["skr_groups"]).astype("string"), {}
        rka, best = _groups.rka_membership({}), {}
        warnings.append("inga kommungrupper angivna: SKR:s och RKA:s grupper saknas i kopian")
    v = r.tables["values"]
    with_value = v[v["value"].notna()]
    years_by = {k: sorted(int(y) for y in set(with_value.loc[with_value["kpi"] == k, "period"])) for k in r.kpis}
    counts = {
        k: {
            str(y): int(
                with_value.loc[
                    (with_value["kpi"] == k)
                    & (with_value["period"] == y)
                    & with_value["kommun_kod"].isin(kommuner)
                    & (with_value["gender"] == "T"),
                    "kommun_kod",
                ].nunique()
            )
            for y in ys
        }
        for k, ys in years_by.items()
    }
    lacking = [k for k in WANTED_KPIS if k in r.lacking]
    meta = {
        "format": _cache.CACHE_FORMAT,
        "source": SOURCE if verified else "test",
        "real_api": False,
        "base_url": None,
        "fetched_at": SCRAPED,
        "imported_at": now.isoformat(timespec="seconds"),
        "values": (
            f"Koladas (RKA) värden, oförändrade: hämtade ur Koladas API av open-numbers {SCRAPED}"
            if verified
            else "okänd DDF-kopia: inte den verifierade open-numbers-kopian, visas som testdata"
        ),
        "ddf": {
            "repository": REPOSITORY,
            "url": REPOSITORY_URL,
            "commit": COMMIT,
            "commit_date": COMMIT_DATE,
            "scraped": SCRAPED,
            "terms": TERMS,
            "verified": verified,
            "files": files,
        },
        "groups": {
            "file": None if groups is None else f"groups/{Path(groups).name}",
            "provenance": GROUPS_PROVENANCE if groups is not None else None,
        },
        "kpis": r.kpis,
        "lacking": lacking,
        "near": {k: v for k, v in NEAR_KPIS.items() if k in r.kpis},
        "years": years_by,
        "latest_year": {k: ys[-1] for k, ys in years_by.items() if ys},
        "municipalities_with_value": counts,
        "skr_revision": _groups.SKR_REVISION,
        "skr_groups": found,
        "rka_groups": len(best),
        "warnings": warnings,
        "requests": 0,
        "urls": [],
    }
    tables = r.tables | {"skr_groups": skr, "rka_groups": rka}
    return _cache.write_cache(out, tables, meta)


# ---------------------------------------------------------------- the trimmed copy

README = """# data/kolada/ddf: a trimmed copy of open-numbers' Kolada dump

Kolada has no bulk download. Gapminder's open-numbers project scraped it through Kolada's API on
{scraped} into a public repository in Gapminder's DDF format:

- repository: [{repo}]({url})
- commit: `{commit}` ({commit_date})
- scraped: {scraped} (the dump's `etl/source/datapoints raw {scraped}`)
- terms: the repository has no licence file; Kolada's own terms apply: free use, naming the
  source ("Källa: Kolada").

This folder holds only what the explorer uses, unchanged: the `geo,year` file of each key figure
below (and its `geo,gender,year` file where the dump has one, except for population and cost),
the municipality, region and riket lists, and the rows of `ddf--concepts.csv` for these key
figures (their titles and descriptions; the header and the rows are the dump's, only the other
rows are left out). Every data file is byte for byte the dump's file at that commit; the import
checks their git blob ids and shows the values as Kolada's only then.

Key figures: {kpis}.

Build the cache the app reads from it (the same tables as `kolada fetch`):

    python -m barnbaro kolada import-ddf data/kolada/ddf

Made from a checkout of the dump with `python -m barnbaro kolada trim-ddf CHECKOUT --out data/kolada/ddf`.
"""


def trim(src: Path, out: Path, kpis: Sequence[str] = IMPORT_KPIS) -> list[Path]:
    """Copy from a checkout of the dump only the files the import reads for `kpis` into `out`."""
    src, out = Path(src), Path(out)
    read_ddf(src, kpis, [])  # the checkout must itself be valid
    out.mkdir(parents=True, exist_ok=True)
    written = []
    names = [KOMMUN, REGION, RIKE]
    present = []
    for k in kpis:
        if (src / data_file(k)).is_file():
            present.append(k)
            names.append(data_file(k))
            if k not in NO_GENDER and (src / gender_file(k)).is_file():
                names.append(gender_file(k))
    for n in names:
        (out / n).parent.mkdir(parents=True, exist_ok=True)
        (out / n).write_bytes((src / n).read_bytes())
        written.append(out / n)
    text = (src / CONCEPTS).read_bytes().decode("utf-8")
    lines = text.splitlines(keepends=True)
    rows = list(csv.reader(lines))
    keep = {k.lower() for k in present}
    with open(out / CONCEPTS, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(rows[0])
        for row in rows[1:]:
            if row and row[0] in keep:
                w.writerow(row)
    written.append(out / CONCEPTS)
    (out / "README.md").write_text(
        README.format(
            scraped=SCRAPED,
            repo=REPOSITORY,
            url=REPOSITORY_URL,
            commit=COMMIT,
            commit_date=COMMIT_DATE,
            kpis=", ".join(present),
        ),
        encoding="utf-8",
    )
    written.append(out / "README.md")
    return written
