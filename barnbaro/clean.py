"""Cleaning: raw survey exports -> tidy tables, published atomically.

    python -m barnbaro clean --raw data/raw --out data/clean

Rules (README, "Data"):
- Each raw file's edition comes from the codebook whose file_pattern matches its name.
- A problem with a FILE stops the run and publishes nothing: unreadable, no codebook or two,
  no header row, a header unknown after normalising, an answer text the codebook does not know.
  Every such problem of every file is listed at once, with the nearest known text.
- A problem with a ROW rejects that row with its reason: blank, test row, unknown or ambiguous
  municipality, duplicate submission (the latest by submission time wins). Every data row below
  the header is accounted for: raw_rows = used_rows + rejected_rows, per file and per edition.
- Publishing is atomic: tables are written into a folder beside --out, validated, then swapped
  in by two renames; a crash between them is repaired by the next run (and by load).
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .atomic import publish, repair, sha256  # noqa: F401 (repair and sha256 are part of this module's API)
from .catalogue import Catalogue, load_catalogue
from .codebook import Codebook, UnknownAnswer, load_codebooks
from .municipalities import NameMatcher, load_municipalities
from .readers import FileProblem, read_mark, read_rows
from .textnorm import norm_header

STEPS = ("read", "tables", "write", "validate", "swap")
TABLES = ("answers", "participation", "municipalities")
RAW_SUFFIXES = (".xlsx", ".csv")
STOP_ENV = "BARNBARO_TEST_STOP_AT"


class CleanError(Exception):
    """The run stopped; nothing was published. `problems` lists every reason."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class StoppedForTest(RuntimeError):
    """Raised by the test hook at a chosen step (simulates a crash there)."""


@dataclass
class FileResult:
    path: Path
    edition: int
    mark: dict | None
    answers: list = field(default_factory=list)  # dicts
    participation: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    raw_rows: int = 0
    problems: list = field(default_factory=list)


def _nearest(text: str, known: list[str]) -> str:
    hit = difflib.get_close_matches(text, known, n=1, cutoff=0.0)
    return hit[0] if hit else ""


def find_header(rows: list[list[str]], book: Codebook, scan: int = 30) -> int | None:
    """Index of the header row: the first of the first `scan` rows that names the municipality
    column and at least half of the edition's questions (after normalising)."""
    idx = book.header_index()
    kommun_key = norm_header(book.columns["kommun"])
    need = max(1, len(book.questions) // 2)
    for i, row in enumerate(rows[:scan]):
        keys = [norm_header(c) for c in row]
        if kommun_key in keys and sum(1 for k in keys if idx.get(k, ("",))[0] == "question") >= need:
            return i
    return None


def _parse_time(text: str, formats: tuple[str, ...]) -> pd.Timestamp:
    for f in ("%Y-%m-%d %H:%M:%S", *formats):
        try:
            return pd.Timestamp(dt.datetime.strptime(text, f))
        except ValueError:
            continue
    return pd.NaT


def clean_file(path: Path, book: Codebook, matcher: NameMatcher, cat: Catalogue) -> FileResult:
    res = FileResult(Path(path), book.edition, read_mark(path))
    name = Path(path).name
    try:
        rows = read_rows(path)
    except FileProblem as p:
        res.problems.append(f"{name}: {p}")
        return res
    h = find_header(rows, book)
    if h is None:
        res.problems.append(
            f"{name}: ingen rubrikrad hittades bland de första 30 raderna (väntade bland annat "
            f"'{book.columns['kommun']}' och frågetexterna i {Path(book.path).name})")
        return res
    header = rows[h]
    idx = book.header_index()
    known = book.known_headers()
    roles: dict[int, tuple[str, str]] = {}
    seen: dict[tuple[str, str], int] = {}
    for j, cell in enumerate(header):
        key = norm_header(cell)
        if not key:
            if any(r[j] for r in rows[h + 1:]):
                res.problems.append(f"{name}: kolumn {j + 1} har data men ingen rubrik")
            continue
        role = idx.get(key)
        if role is None:
            res.problems.append(f"{name}: okänd rubrik '{cell}' i kolumn {j + 1}; närmast känd: '{_nearest(cell, known)}'")
            continue
        if role in seen and role[0] != "ignore":
            first = seen[role]
            body = rows[h + 1:]
            if all(not r[j] or r[j] == r[first] for r in body):
                continue  # a repeated (or merged) header over the same or no data: nothing is lost
            res.problems.append(f"{name}: rubriken '{cell}' förekommer två gånger med olika innehåll "
                                f"(kolumn {first + 1} och {j + 1}); ta bort den ena kolumnen")
            continue
        seen[role] = j
        roles[j] = role
    for ind in book.questions:
        if ("question", ind) not in seen:
            res.problems.append(f"{name}: kolumnen för frågan '{book.questions[ind].header}' saknas")
    for role in ("kommun", "submitted_at"):
        if ("meta", role) not in seen:
            res.problems.append(f"{name}: kolumnen '{book.columns[role]}' saknas")
    if res.problems:
        return res

    qcols = {roles[j][1]: j for j in roles if roles[j][0] == "question"}
    kcol = seen[("meta", "kommun")]
    tcol = seen[("meta", "submitted_at")]
    unknown_answers: dict[tuple[str, str], tuple[int, list[str]]] = {}
    candidates = []  # rows that passed row checks
    for i, row in enumerate(rows[h + 1:], start=h + 2):  # i = spreadsheet row number
        res.raw_rows += 1
        ktext = row[kcol]
        if not any(row):
            res.rejected.append((i, "blank", "tom rad"))
            continue
        if book.is_test_row(ktext):
            res.rejected.append((i, "test", f"testrad ('{ktext}')"))
            continue
        recoded = {}
        for ind, j in qcols.items():
            try:
                recoded[ind] = book.questions[ind].recode(row[j])
            except UnknownAnswer as u:
                unknown_answers.setdefault((ind, u.text), (i, u.known))
        m = matcher.match(ktext)
        if not m.ok:
            cands = ", ".join(m.candidates) or "inga"
            if m.reason == "blank":
                res.rejected.append((i, "no_kommun", "kommun saknas"))
            elif m.reason == "ambiguous":
                res.rejected.append((i, "ambiguous_kommun", f"kommunnamnet '{ktext}' passar flera kommuner: {cands}"))
            else:
                res.rejected.append((i, "unknown_kommun", f"okänd kommun '{ktext}'; närmast: {cands}"))
            continue
        candidates.append((i, m.code, _parse_time(row[tcol], book.submitted_at_formats), recoded))
    for (ind, text), (i, known_texts) in unknown_answers.items():
        res.problems.append(
            f"{name}: okänt svar '{text}' på frågan '{ind}' (första gången på rad {i}); "
            f"kända svar: {', '.join(repr(k) for k in known_texts)}; närmast: '{_nearest(text, known_texts)}'")
    if res.problems:
        return res

    # Duplicates: the latest submission of a municipality wins; ties go to the later row.
    latest: dict[str, tuple] = {}
    for c in candidates:
        cur = latest.get(c[1])
        if cur is None or _later(c, cur):
            latest[c[1]] = c
    for c in candidates:
        win = latest[c[1]]
        if win is not c:
            res.rejected.append((c[0], "duplicate", f"dubblett: kommunen {c[1]} skickade in igen, rad {win[0]} gäller (senast inskickad)"))
    for i, code, when, recoded in sorted(latest.values(), key=lambda c: c[0]):
        answered = [ind for ind, (a, _v) in recoded.items() if a is not None]
        status = "all" if len(answered) == len(book.questions) else "part"
        res.participation.append({"edition": book.edition, "kommun_kod": code, "status": status,
                                  "submitted_at": when, "source_file": name, "source_row": i})
        for ind, (a, v) in recoded.items():
            res.answers.append({"edition": book.edition, "kommun_kod": code, "indicator_id": ind,
                                "answer": a, "value": v})
    res.rejected.sort()
    return res


def _later(a, b) -> bool:
    ta, tb = a[2], b[2]
    if pd.isna(ta) and pd.isna(tb):
        return a[0] > b[0]
    if pd.isna(tb):
        return True
    if pd.isna(ta):
        return False
    return (ta, a[0]) > (tb, b[0])


def _hook(step: str, stop_at: str | None) -> None:
    """Test hook. `stop_at` raises StoppedForTest at that step; the environment variable
    BARNBARO_TEST_STOP_AT makes the process die there at once (os._exit), as a crash would."""
    if step == stop_at:
        raise StoppedForTest(f"stoppad vid steget '{step}' (testkrok)")
    if step == os.environ.get(STOP_ENV):
        os._exit(70)


def assign_editions(raw: Path, books: tuple[Codebook, ...]) -> tuple[dict, list[str]]:
    files = sorted(p for p in Path(raw).iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
    by_edition: dict[int, Path] = {}
    problems = []
    for p in files:
        if p.suffix.lower() not in RAW_SUFFIXES:
            problems.append(f"{p.name}: filtypen stöds inte (använd .xlsx eller .csv)")
            continue
        hits = [b for b in books if b.matches_file(p.name)]
        if not hits:
            problems.append(f"{p.name}: ingen kodbok passar filnamnet; lägg till en i data/codebook/ "
                            f"eller döp om filen (mönster: {', '.join(b.file_pattern for b in books)})")
        elif len(hits) > 1:
            problems.append(f"{p.name}: flera kodböcker passar ({', '.join(str(b.edition) for b in hits)})")
        elif hits[0].edition in by_edition:
            problems.append(f"{p.name}: upplaga {hits[0].edition} finns redan i {by_edition[hits[0].edition].name}")
        else:
            by_edition[hits[0].edition] = p
    if not files:
        problems.append(f"{raw}: inga råfiler (.xlsx eller .csv)")
    return by_edition, problems


def build_tables(results: list[FileResult], muni: pd.DataFrame) -> dict[str, pd.DataFrame]:
    answers = pd.DataFrame([a for r in results for a in r.answers],
                           columns=["edition", "kommun_kod", "indicator_id", "answer", "value"])
    answers = answers.astype({"edition": "int16", "kommun_kod": "string", "indicator_id": "string",
                              "answer": "string", "value": "float64"})
    part = pd.DataFrame([p for r in results for p in r.participation],
                        columns=["edition", "kommun_kod", "status", "submitted_at", "source_file", "source_row"])
    rows = []
    for r in results:
        took = {p["kommun_kod"] for p in r.participation}
        rows += [{"edition": r.edition, "kommun_kod": c, "status": "none", "submitted_at": pd.NaT,
                  "source_file": None, "source_row": None} for c in muni["kommun_kod"] if c not in took]
    part = pd.concat([part, pd.DataFrame(rows, columns=part.columns)], ignore_index=True) if rows else part
    part = part.astype({"edition": "int16", "kommun_kod": "string", "status": "string",
                        "submitted_at": "datetime64[us]", "source_file": "string", "source_row": "Int32"})
    part = part.sort_values(["edition", "kommun_kod"]).reset_index(drop=True)
    answers = answers.sort_values(["edition", "kommun_kod", "indicator_id"]).reset_index(drop=True)
    rejected = pd.DataFrame([(r.path.name, r.edition, i, code, why) for r in results for i, code, why in r.rejected],
                            columns=["file", "edition", "row", "reason_code", "reason"])
    return {"answers": answers, "participation": part,
            "municipalities": muni.astype("string").reset_index(drop=True), "rejected": rejected}


def clean(raw: Path, out: Path, stop_at: str | None = None, now: dt.datetime | None = None) -> dict:
    """Run the whole pipeline. Returns the manifest. Raises CleanError (nothing published)."""
    from .validate import validate_dir

    raw, out = Path(raw), Path(out)
    repair(out)
    cat = load_catalogue()
    books = load_codebooks()
    muni = load_municipalities()
    matcher = NameMatcher(muni)
    if not raw.is_dir():
        raise CleanError([f"{raw}: mappen med råfiler finns inte"])
    by_edition, problems = assign_editions(raw, books)
    book_of = {b.edition: b for b in books}
    results = [clean_file(p, book_of[e], matcher, cat) for e, p in sorted(by_edition.items())]
    problems += [p for r in results for p in r.problems]
    if problems:
        raise CleanError(problems)
    _hook("read", stop_at)

    tables = build_tables(results, muni)
    marks = [r.mark for r in results]
    kind = "sample" if marks and all(marks) else "survey"
    _hook("tables", stop_at)

    with publish(out, between=lambda: _hook("swap", stop_at)) as tmp:
        for t in TABLES:
            tables[t].to_parquet(tmp / f"{t}.parquet", index=False)
        tables["rejected"].to_csv(tmp / "rejected.csv", index=False)
        editions = {}
        for r in results:
            editions[str(r.edition)] = {
                "raw_file": r.path.name, "raw_rows": r.raw_rows, "used_rows": len(r.participation),
                "rejected_rows": len(r.rejected),
                "respondents": len(r.participation),
                "respondents_all": sum(p["status"] == "all" for p in r.participation),
                "respondents_part": sum(p["status"] == "part" for p in r.participation),
                "rejected_by_reason": _count(x[1] for x in r.rejected),
            }
        manifest = {
            "kind": kind,
            "generator": ({"name": marks[0]["generator"], "version": marks[0].get("version"),
                           "seed": marks[0].get("seed")} if kind == "sample" else None),
            "built_at": (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
            "duplicate_rule": "latest submission time wins; equal times: the later row",
            "raw_files": [{"name": r.path.name, "edition": r.edition, "sha256": sha256(r.path),
                           "sample": bool(r.mark)} for r in results],
            "tables": {f"{t}.parquet": {"sha256": sha256(tmp / f"{t}.parquet"), "rows": len(tables[t])} for t in TABLES}
            | {"rejected.csv": {"sha256": sha256(tmp / "rejected.csv"), "rows": len(tables["rejected"])}},
            "editions": editions,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _hook("write", stop_at)
        problems = validate_dir(tmp, cat, muni)
        if problems:
            raise CleanError(["de nya tabellerna klarade inte valideringen:", *problems])
        _hook("validate", stop_at)
    return manifest


def _count(items) -> dict:
    out: dict = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return out
