"""Reading raw exports (.xlsx, .csv) into rows of text, as a person sees the cells.

CSV: UTF-8 (with or without BOM) or Windows-1252; comma, semicolon or tab separated.
XLSX: every sheet (read_sheets; the cleaner takes the one that has the header row), dates as
'YYYY-MM-DD HH:MM:SS', whole numbers without '.0'.
The generator's mark (that a file is synthetic sample data) is read from the workbook's
document properties.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from ..core.textnorm import clean_cell

SAMPLE_MARK_CREATOR = "barnbaro sample generator"


class FileProblem(Exception):
    """A problem with a whole file: the run must stop and publish nothing."""


def _cell_text(v: object) -> str:
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%d")
    return clean_cell(v)


def read_rows(path: Path) -> list[list[str]]:
    """All rows of the file's first sheet as lists of stripped strings (trailing empty rows removed)."""
    return read_sheets(path)[0][1]


def read_sheets(path: Path) -> list[tuple[str | None, list[list[str]]]]:
    """Every sheet of a workbook as (sheet name, rows); a CSV is one sheet without a name."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            sheets = _read_xlsx(path)
        elif suffix == ".csv":
            sheets = [(None, _read_csv(path))]
        else:
            raise FileProblem(f"filtypen {suffix or '(ingen)'} stöds inte; använd .xlsx eller .csv")
    except FileProblem:
        raise
    except Exception as exc:  # a broken zip, an unreadable file: the file's problem
        raise FileProblem(f"filen kunde inte läsas ({type(exc).__name__}: {exc})") from None
    return [(name, _tidy(rows)) for name, rows in sheets] or [(None, [])]


def _tidy(rows: list[list[str]]) -> list[list[str]]:
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)
    return [(r + [""] * width)[:width] for r in rows]


def _read_xlsx(path: Path) -> list[tuple[str, list[list[str]]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=False, data_only=True)
    try:
        out = []
        for ws in wb.worksheets:
            rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            # A merged cell shows its value across the whole range: read it the way a person sees it.
            for rng in ws.merged_cells.ranges:
                value = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else ""
                for r in range(rng.min_row - 1, min(rng.max_row, len(rows))):
                    for c in range(rng.min_col - 1, rng.max_col):
                        if c < len(rows[r]):
                            rows[r][c] = value
            out.append((ws.title, rows))
        return out
    finally:
        wb.close()


def decode_bytes(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def _read_csv(path: Path) -> list[list[str]]:
    try:
        text = decode_bytes(path.read_bytes())
    except UnicodeDecodeError:
        raise FileProblem("teckenkodningen känns inte igen (varken UTF-8 eller Windows-1252)") from None
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [[clean_cell(c) for c in row] for row in reader]


def sniff_delimiter(text: str) -> str:
    """The delimiter (';', ',' or tab) that splits the first lines into the most columns, counted
    by a real CSV parser, so separators inside quoted cells do not count."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_width = ",", 1
    for d in (";", ",", "\t"):
        widths = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=d)]
        width = max(widths, default=1)
        if width > best_width:
            best, best_width = d, width
    return best


def read_mark(path: Path) -> dict | None:
    """The generator's mark if the file carries one, else None (a survey export)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return None
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        props = wb.properties
        wb.close()
    except Exception:
        return None
    if props.creator != SAMPLE_MARK_CREATOR:
        return None
    try:
        mark = json.loads(props.description or "{}")
    except json.JSONDecodeError:
        return None
    return mark if isinstance(mark, dict) and mark.get("generator") else None
