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
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.atomic import publish, repair, sha256
from ..core.catalogue import Catalogue, load_catalogue
from ..core.municipalities import NameMatcher, load_municipalities
from ..core.textnorm import norm_header
from ..core.validate import SCHEMA, validate_dir
from .codebook import Codebook, CodebookError, UnknownAnswer, load_codebooks, parse_time
from .readers import FileProblem, read_mark, read_sheets

STEPS = ("read", "tables", "write", "validate", "swap")
TABLES = tuple(SCHEMA)  # the clean tables, in the order of their schema
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
    sheet: str | None = None  # the workbook sheet read, when the workbook has several


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


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_IP = re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b|\b[0-9a-f]{1,4}(:[0-9a-f]{0,4}){4,7}\b", re.IGNORECASE)


def shown(text: str) -> str:
    """A cell as it may appear in a message or rejected.csv: e-mail and IP addresses masked."""
    text = _EMAIL.sub("[e-postadress borttagen]", text)
    return _IP.sub("[IP-adress borttagen]", text)


def _time_example(book: Codebook) -> str:
    if book.time_format == "month_first":
        return "'2018-09-03 10:15' eller '09/03/2018 10:15:00 AM' (månad först)"
    if book.time_format == "day_first":
        return "'2018-09-03 10:15' eller '03/09/2018 10:15' (dag först)"
    return "'2018-09-03 10:15'" + (
        f" eller formaten {', '.join(book.submitted_at_formats)}" if book.submitted_at_formats else ""
    )


def _sheet_header(name: str, sheets: list, book: Codebook, res: FileResult):
    """The one sheet with a header row: (rows, header index), or None with the problem noted."""
    found = [(sheet, rows, h) for sheet, rows in sheets if (h := find_header(rows, book)) is not None]
    named = [sheet for sheet, _ in sheets if sheet is not None]
    if len(found) == 1:
        res.sheet = found[0][0] if len(sheets) > 1 else None
        return found[0][1], found[0][2]
    if not found:
        where = f" på något av bladen ({', '.join(repr(s) for s in named)})" if len(named) > 1 else ""
        res.problems.append(
            f"{name}: ingen rubrikrad hittades bland de första 30 raderna{where} (väntade bland annat "
            f"'{book.columns['kommun']}' och frågetexterna i {Path(book.path).name})"
        )
    else:
        res.problems.append(
            f"{name}: flera blad har en rubrikrad med frågorna ({', '.join(repr(s) for s, _r, _h in found)}); "
            f"lämna svaren på ett blad, eller ta bort eller döp om de andra"
        )
    return None


def clean_file(path: Path, book: Codebook, matcher: NameMatcher, cat: Catalogue) -> FileResult:
    res = FileResult(Path(path), book.edition, read_mark(path))
    name = Path(path).name
    try:
        sheets = read_sheets(path)
    except FileProblem as p:
        res.problems.append(f"{name}: {p}")
        return res
    found = _sheet_header(name, sheets, book, res)
    if found is None:
        return res
    rows, h = [list(r) for r in found[0]], found[1]
    idx = book.header_index()
    header = list(rows[h])
    first = h + 1  # index of the first data row
    sub = None
    if book.tool.header_rows == 2 and h + 1 < len(rows):
        # SurveyMonkey's second header row: empty under the tool's own columns, "Response",
        # "Open-Ended Response" or an option's text under each question's columns.
        cand = rows[h + 1]
        own = [j for j, c in enumerate(header) if book.is_tool_column(c)]
        if own and all(not cand[j] for j in own) and any(cand):
            sub, first = cand, h + 2
            last = ""
            for j, c in enumerate(header):  # a question spread over columns is named above its first
                if c:
                    last = c
                elif sub[j] and last:
                    header[j] = last
    known = book.known_headers()
    groups: dict[tuple[str, str], list[int]] = {}
    personal: list[int] = []
    for j, cell in enumerate(header):
        key = norm_header(cell)
        if not key:
            if any(r[j] for r in rows[first:]):
                res.problems.append(f"{name}: kolumn {j + 1} har data men ingen rubrik")
            continue
        role = book.role_of(cell, idx)
        if role is None:
            res.problems.append(
                f"{name}: okänd rubrik '{cell}' i kolumn {j + 1}; närmast känd: '{_nearest(cell, known)}'"
            )
            continue
        if role[0] == "personal":
            personal.append(j)
            continue
        groups.setdefault(role, []).append(j)
    # Personal data (e-mail, names, IP addresses) is dropped here, before anything else reads a row.
    for r in rows[h:]:
        for j in personal:
            r[j] = ""
    if sub is not None:
        for j in personal:
            sub[j] = ""
    for role, cols in list(groups.items()):
        if role[0] == "ignore" or len(cols) == 1:
            continue
        if sub is not None and role[0] == "question":
            continue  # one question over several columns: joined row by row below
        body = rows[first:]
        keep = cols[0]
        for j in cols[1:]:
            if any(r[j] and r[j] != r[keep] for r in body):
                res.problems.append(
                    f"{name}: rubriken '{header[j]}' förekommer två gånger med olika innehåll "
                    f"(kolumn {keep + 1} och {j + 1}); ta bort den ena kolumnen"
                )
                break
        groups[role] = [keep]  # a repeated (or merged) header over the same or no data: nothing is lost
    for ind in book.questions:
        if ("question", ind) not in groups:
            res.problems.append(f"{name}: kolumnen för frågan '{book.questions[ind].header}' saknas")
    for role in ("kommun", "submitted_at"):
        if ("meta", role) not in groups:
            res.problems.append(f"{name}: kolumnen '{' / '.join(book.meta_headers(role))}' saknas")
    if res.problems:
        return res

    qcols = {role[1]: cols for role, cols in groups.items() if role[0] == "question"}
    kcol = groups[("meta", "kommun")][0]
    tcol = groups[("meta", "submitted_at")][0]
    unknown_answers: dict[tuple[str, str], tuple[int, list[str]]] = {}
    several: dict[str, list[int]] = {}
    bad_times: list[tuple[int, str]] = []
    candidates = []  # rows that passed row checks
    for i, row in enumerate(rows[first:], start=first + 1):  # i = spreadsheet row number
        res.raw_rows += 1
        ktext = row[kcol]
        if not any(row):
            res.rejected.append((i, "blank", "tom rad"))
            continue
        if book.is_test_row(ktext):
            res.rejected.append((i, "test", "testrad"))
            continue
        recoded = {}
        for ind, cols in qcols.items():
            filled = [row[j] for j in cols if row[j]]
            if len(filled) > 1:
                several.setdefault(ind, []).append(i)
                continue
            try:
                recoded[ind] = book.questions[ind].recode(filled[0] if filled else "")
            except UnknownAnswer as u:
                unknown_answers.setdefault((ind, u.text), (i, u.known))
        m = matcher.match(ktext)
        if not m.ok:
            res.rejected.append((i, *_rejection(m, shown(ktext), matcher)))
            continue
        when = None
        if row[tcol]:
            when = parse_time(row[tcol], book.time_format, ("%Y-%m-%d %H:%M:%S", *book.submitted_at_formats))
            if when is None:
                bad_times.append((i, row[tcol]))
        candidates.append((i, m.code, pd.Timestamp(when) if when else pd.NaT, recoded))
    for (ind, text), (i, known_texts) in unknown_answers.items():
        res.problems.append(
            f"{name}: okänt svar '{shown(text)}' på frågan '{ind}' (första gången på rad {i}); "
            f"kända svar: {', '.join(repr(k) for k in known_texts)}; närmast: '{_nearest(text, known_texts)}'"
        )
    for ind, at in several.items():
        opts = [sub[j] for j in qcols[ind]] if sub is not None else []
        res.problems.append(
            f"{name}: frågan '{ind}' står i {len(qcols[ind])} kolumner ({', '.join(repr(o) for o in opts)}) och har "
            f"mer än ett ifyllt svar på {_rows_text(at)}; en kommun kan bara ha ett svar per fråga: rätta raderna "
            f"i exporten (eller ta bort de svar som inte gäller)"
        )
    if bad_times:
        listed = ", ".join(f"rad {i} ('{shown(t)}')" for i, t in bad_times[:10])
        more = f" och {len(bad_times) - 10} till" if len(bad_times) > 10 else ""
        res.problems.append(
            f"{name}: tiden i kolumnen '{header[tcol]}' går inte att läsa på {listed}{more}; "
            f"väntade till exempel {_time_example(book)} (time_format i {Path(book.path).name or 'kodboken'})"
        )
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
            res.rejected.append(
                (
                    c[0],
                    "duplicate",
                    f"dubblett: kommunen {c[1]} skickade in igen, rad {win[0]} gäller (senast inskickad)",
                )
            )
    for i, code, when, recoded in sorted(latest.values(), key=lambda c: c[0]):
        answered = [ind for ind, (a, _v) in recoded.items() if a is not None]
        status = "all" if len(answered) == len(book.questions) else "part"
        res.participation.append(
            {
                "edition": book.edition,
                "kommun_kod": code,
                "status": status,
                "submitted_at": when,
                "source_file": name,
                "source_row": i,
            }
        )
        for ind, (a, v) in recoded.items():
            res.answers.append(
                {"edition": book.edition, "kommun_kod": code, "indicator_id": ind, "answer": a, "value": v}
            )
    res.rejected.sort()
    return res


def _rows_text(rows: list[int], n: int = 10) -> str:
    listed = ", ".join(map(str, rows[:n]))
    return f"rad {listed}" + (f" och {len(rows) - n} rader till" if len(rows) > n else "")


def _rejection(m, ktext: str, matcher: NameMatcher) -> tuple[str, str]:
    """(reason code, reason) for a municipality text the matcher did not take."""
    cands = ", ".join(m.candidates) or "inga"
    if m.reason == "blank":
        return "no_kommun", "kommun saknas"
    if m.reason == "ambiguous":
        return "ambiguous_kommun", f"kommunnamnet '{ktext}' passar flera kommuner: {cands}"
    if m.reason == "mismatch":
        if m.written_code not in matcher.names:
            return "code_name_mismatch", f"koden {m.written_code} i '{ktext}' är ingen kommuns; namnet är {cands}"
        return "code_name_mismatch", f"koden och namnet i '{ktext}' är två olika kommuner: {cands}"
    if m.reason == "county":
        of = f" ({cands})" if m.candidates else ""
        return "county", f"'{ktext}' är ett län eller en region{of}, inte en kommun"
    if m.reason == "district":
        return "kommun_part", (
            f"'{ktext}' ser ut som en del av {cands} (en stadsdel eller en förvaltning), inte hela "
            f"kommunen; skriv kommunens namn om svaret gäller hela {cands}"
        )
    return "unknown_kommun", f"okänd kommun '{ktext}'; närmast: {cands}"


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


def assign_editions(raw: Path, books: tuple[Codebook, ...], edition: int | None = None) -> tuple[dict, list[str]]:
    """Each raw file's edition from the codebook whose file pattern matches its name; `edition`
    is the edition of a file whose name matches no pattern."""
    files = sorted(p for p in Path(raw).iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
    by_edition: dict[int, Path] = {}
    problems = []
    for p in files:
        if p.suffix.lower() not in RAW_SUFFIXES:
            problems.append(f"{p.name}: filtypen stöds inte (använd .xlsx eller .csv)")
            continue
        hits = [b for b in books if b.matches_file(p.name)]
        if not hits and edition is not None:
            hits = [b for b in books if b.edition == edition]
            if not hits:
                problems.append(f"{p.name}: --edition {edition}: det finns ingen kodbok för upplaga {edition}")
                continue
        if not hits:
            problems.append(
                f"{p.name}: ingen kodbok passar filnamnet; lägg till en i data/codebook/ "
                f"eller döp om filen (mönster: {', '.join(b.file_pattern for b in books)})"
            )
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
    answers = pd.DataFrame([a for r in results for a in r.answers], columns=list(SCHEMA["answers"]))
    answers = answers.astype(SCHEMA["answers"])
    part = pd.DataFrame([p for r in results for p in r.participation], columns=list(SCHEMA["participation"]))
    rows = []
    for r in results:
        took = {p["kommun_kod"] for p in r.participation}
        rows += [
            {
                "edition": r.edition,
                "kommun_kod": c,
                "status": "none",
                "submitted_at": pd.NaT,
                "source_file": None,
                "source_row": None,
            }
            for c in muni["kommun_kod"]
            if c not in took
        ]
    part = pd.concat([part, pd.DataFrame(rows, columns=part.columns)], ignore_index=True) if rows else part
    part = part.astype(SCHEMA["participation"])
    part = part.sort_values(["edition", "kommun_kod"]).reset_index(drop=True)
    answers = answers.sort_values(["edition", "kommun_kod", "indicator_id"]).reset_index(drop=True)
    rejected = pd.DataFrame(
        [(r.path.name, r.edition, i, code, why) for r in results for i, code, why in r.rejected],
        columns=["file", "edition", "row", "reason_code", "reason"],
    )
    return {
        "answers": answers,
        "participation": part,
        "municipalities": muni.astype("string").reset_index(drop=True),
        "rejected": rejected,
    }


@dataclass
class Plan:
    """Everything a run would publish, computed without writing anything (clean --dry-run)."""

    results: list
    problems: list
    tables: dict | None = None
    editions: dict = field(default_factory=dict)
    kind: str = "survey"
    sample_editions: list = field(default_factory=list)
    generator: dict | None = None


def _books(codebooks: Path | None) -> tuple[Codebook, ...]:
    try:
        books = load_codebooks(Path(codebooks)) if codebooks else load_codebooks()
    except CodebookError as e:
        raise CleanError([str(e)]) from None
    if not books:
        raise CleanError([f"{codebooks or 'data/codebook'}: inga kodböcker (.yaml)"])
    return books


def plan(
    raw: Path, codebooks: Path | None = None, edition: int | None = None, muni: pd.DataFrame | None = None
) -> Plan:
    """Read and clean every raw file; the tables and the accounting, or the problems. Writes nothing."""
    raw = Path(raw)
    cat = load_catalogue()
    books = _books(codebooks)
    muni = load_municipalities() if muni is None else muni
    matcher = NameMatcher(muni)
    if not raw.is_dir():
        return Plan([], [f"{raw}: mappen med råfiler finns inte"])
    by_edition, problems = assign_editions(raw, books, edition)
    book_of = {b.edition: b for b in books}
    results = [clean_file(p, book_of[e], matcher, cat) for e, p in sorted(by_edition.items())]
    problems += [p for r in results for p in r.problems]
    pl = Plan(results, problems)
    if problems:
        return pl
    pl.tables = build_tables(results, muni)
    marks = {r.edition: r.mark for r in results}
    pl.sample_editions = sorted(e for e, mk in marks.items() if mk)
    pl.kind = ("sample" if len(pl.sample_editions) == len(marks) else "mixed") if pl.sample_editions else "survey"
    first = next((marks[e] for e in pl.sample_editions), None)
    pl.generator = (
        {"name": first["generator"], "version": first.get("version"), "seed": first.get("seed")} if first else None
    )
    for r in results:
        pl.editions[str(r.edition)] = (
            {
                "kind": "sample" if r.mark else "survey",
                "raw_file": r.path.name,
                "raw_rows": r.raw_rows,
                "used_rows": len(r.participation),
                "rejected_rows": len(r.rejected),
                "respondents": len(r.participation),
                "respondents_all": sum(p["status"] == "all" for p in r.participation),
                "respondents_part": sum(p["status"] == "part" for p in r.participation),
                "rejected_by_reason": _count(x[1] for x in r.rejected),
            }
            | ({"raw_sheet": r.sheet} if r.sheet else {})
            | ({"layout": book_of[r.edition].layout} if book_of[r.edition].layout != "plain" else {})
        )
    return pl


def clean(
    raw: Path,
    out: Path,
    stop_at: str | None = None,
    now: dt.datetime | None = None,
    codebooks: Path | None = None,
    edition: int | None = None,
) -> dict:
    """Run the whole pipeline. Returns the manifest. Raises CleanError (nothing published)."""
    raw, out = Path(raw), Path(out)
    repair(out)
    cat = load_catalogue()
    muni = load_municipalities()
    pl = plan(raw, codebooks, edition, muni)
    if pl.problems:
        raise CleanError(pl.problems)
    results, tables = pl.results, pl.tables
    _hook("read", stop_at)
    _hook("tables", stop_at)

    with publish(out, between=lambda: _hook("swap", stop_at)) as tmp:
        for t in TABLES:
            tables[t].to_parquet(tmp / f"{t}.parquet", index=False)
        tables["rejected"].to_csv(tmp / "rejected.csv", index=False)
        manifest = {
            "kind": pl.kind,
            "sample_editions": pl.sample_editions,
            "generator": pl.generator,
            "built_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
            "duplicate_rule": "latest submission time wins; equal times: the later row",
            "raw_files": [
                {"name": r.path.name, "edition": r.edition, "sha256": sha256(r.path), "sample": bool(r.mark)}
                for r in results
            ],
            "tables": {f"{t}.parquet": {"sha256": sha256(tmp / f"{t}.parquet"), "rows": len(tables[t])} for t in TABLES}
            | {"rejected.csv": {"sha256": sha256(tmp / "rejected.csv"), "rows": len(tables["rejected"])}},
            "editions": pl.editions,
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
