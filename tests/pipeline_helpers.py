"""Small helpers for the data-pipeline tests: writing raw exports, snapshotting folders,
tampering with clean tables while keeping the manifest's checksums right."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd

from barnbaro.core.atomic import sha256
from barnbaro.pipeline.codebook import Codebook, load_codebooks


def book(edition: int) -> Codebook:
    return next(b for b in load_codebooks() if b.edition == edition)


def headers_for(edition: int, extra: tuple[str, ...] = ()) -> list[str]:
    """The edition's export headers as the codebook names them: id, time, kommun, questions."""
    b = book(edition)
    return [
        b.columns["respondent_id"],
        b.columns["submitted_at"],
        b.columns["kommun"],
        *(q.header for q in b.questions.values()),
        *extra,
    ]


def csv_text(rows: list[list[object]], delimiter: str = ",") -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for r in rows:
        w.writerow(["" if c is None else c for c in r])
    return buf.getvalue()


def write_csv(
    path: Path, rows: list[list[object]], delimiter: str = ",", encoding: str = "utf-8", bom: bool = False
) -> Path:
    data = csv_text(rows, delimiter).encode(encoding)
    Path(path).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return Path(path)


def xlsx_cells(path: Path) -> list[tuple]:
    """Every cell value of the first sheet, row by row (for cell-by-cell comparisons)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def snapshot(directory: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file under `directory`."""
    directory = Path(directory)
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def changed_files(directory: Path, before: dict[str, bytes]) -> list[str]:
    """Files that differ from a snapshot: changed, missing or new (empty when byte-identical)."""
    now = snapshot(directory) if Path(directory).is_dir() else {}
    return sorted(n for n in set(now) | set(before) if now.get(n) != before.get(n))


def leftovers(out: Path) -> list[str]:
    """Temporary or old folders that a clean of `out` may leave beside it."""
    out = Path(out)
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith((f".{out.name}.tmp-", f".{out.name}.old-")))


def rewrite_table(clean_dir: Path, table: str, df: pd.DataFrame) -> None:
    """Replace a parquet table and record its new checksum, as if the cleaner had written it."""
    clean_dir = Path(clean_dir)
    p = clean_dir / f"{table}.parquet"
    df.to_parquet(p, index=False)
    update_manifest(clean_dir, lambda m: m["tables"][p.name].update(sha256=sha256(p), rows=len(df)))


def update_manifest(clean_dir: Path, change) -> dict:
    mp = Path(clean_dir) / "manifest.json"
    m = json.loads(mp.read_text(encoding="utf-8"))
    change(m)
    mp.write_text(json.dumps(m, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return m


def read_manifest(clean_dir: Path) -> dict:
    return json.loads((Path(clean_dir) / "manifest.json").read_text(encoding="utf-8"))
