"""Hand-written raw exports (tests/exports/): each is cleaned on its own and must give the used and
rejected counts in tests/exports/expected.yaml; the broken ones must stop the run with the named
problems and publish nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from barnbaro.pipeline.clean import CleanError, clean
from barnbaro.pipeline.codebook import load_codebooks
from barnbaro.pipeline.readers import read_mark
from tests.pipeline_helpers import changed_files, leftovers, snapshot

EXPORTS = Path(__file__).resolve().parent / "exports"
EXPECTED = yaml.safe_load((EXPORTS / "expected.yaml").read_text(encoding="utf-8"))
GOOD = EXPECTED["files"]
BROKEN = EXPECTED["broken"]


def _raw_with(tmp_path: Path, name: str) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy2(EXPORTS / name, raw / name)
    return raw


def _books(spec: dict) -> Path | None:
    return EXPORTS / "codebooks" / spec["codebooks"] if spec.get("codebooks") else None


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    """Each good export cleaned once, in its own raw folder: name -> (manifest, out folder)."""
    out = {}
    for name in GOOD:
        base = tmp_path_factory.mktemp(name.replace(".", "_"))
        raw = _raw_with(base, name)
        out[name] = (clean(raw, base / "clean", codebooks=_books(GOOD[name])), base / "clean")
    return out


def test_every_export_is_listed_and_every_listed_file_exists():
    on_disk = {p.name for p in EXPORTS.iterdir() if p.is_file() and p.name != "expected.yaml"}
    assert on_disk == set(GOOD) | set(BROKEN)
    assert not set(GOOD) & set(BROKEN)


@pytest.mark.parametrize("name", [*GOOD, *BROKEN])
def test_file_name_points_at_its_edition(name):
    spec = GOOD.get(name) or BROKEN[name]
    assert [b.edition for b in load_codebooks() if b.matches_file(name)] == [spec["edition"]]
    if spec.get("codebooks"):
        assert [b.edition for b in load_codebooks(_books(spec)) if b.matches_file(name)] == [spec["edition"]]


def test_the_files_are_what_their_names_say():
    """Guards against a spreadsheet program re-saving them: the bytes carry the point."""
    b = {name: (EXPORTS / name).read_bytes() for name in GOOD}
    assert not b["barnbarometern_2013_komma.csv"].startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in b["barnbarometern_2013_komma.csv"]
    assert b["barnbarometern_2013_komma.csv"].split(b"\n")[0].count(b",") == 4
    assert b["barnbarometern_2015_bom.csv"].startswith(b"\xef\xbb\xbf")
    assert b["barnbarometern_2016_semikolon.csv"].split(b"\r\n")[0].count(b";") == 9
    cp = b["barnbarometern_2017_windows1252.csv"]
    with pytest.raises(UnicodeDecodeError):
        cp.decode("utf-8")
    assert b"\x96" in cp  # en dash in Windows-1252
    assert "Göteborgs Stad".encode("cp1252") in cp
    assert b["barnbarometern_2018_rubrikblock.xlsx"].startswith(b"PK")
    assert read_mark(EXPORTS / "barnbarometern_2018_rubrikblock.xlsx") is None
    sm = b["barnbarometern_2016_surveymonkey.csv"]
    assert sm.startswith(
        b'\xef\xbb\xbf"Respondent ID","Collector ID","Start Date","End Date","IP Address",'
        b'"Email Address","First Name","Last Name","Custom Data 1",'
    )
    assert sm.split(b"\r\n")[1].startswith(b'"","","","","","","","","","Response",')
    gf = b["barnbarometern_2017_google_formular.csv"]
    assert gf.startswith(b"Tidst\xc3\xa4mpel,E-postadress,") and b"\r\n" not in gf
    mf = b["barnbarometern_2018_microsoft_forms.csv"]
    assert mf.startswith(b"\xef\xbb\xbfID;Start time;Completion time;Email;Name;") and b"\r\n" in mf
    import openpyxl

    wb = openpyxl.load_workbook(EXPORTS / "barnbarometern_2017_google_formular.xlsx")
    assert wb.sheetnames == ["Sammanställning", "Formulärsvar 1"]
    wb = openpyxl.load_workbook(EXPORTS / "barnbarometern_2016_surveymonkey.xlsx")
    assert [str(r) for r in wb.active.merged_cells.ranges] == ["N1:Q1"]
    wb = openpyxl.load_workbook(EXPORTS / "barnbarometern_2018_microsoft_forms.xlsx")
    assert [c.value for c in wb.active[1]][:6] == [
        "ID",
        "Starttid",
        "Sluttid",
        "E-post",
        "Namn",
        "Tid för senaste ändring",
    ]
    for name in GOOD:
        if name.endswith(".xlsx"):
            assert read_mark(EXPORTS / name) is None


@pytest.mark.parametrize("name", list(GOOD))
def test_counts(cleaned, name):
    spec = GOOD[name]
    m, _out = cleaned[name]
    c = m["editions"][str(spec["edition"])]
    assert c["raw_file"] == name
    assert (c["raw_rows"], c["used_rows"], c["rejected_rows"]) == (spec["raw_rows"], spec["used"], spec["rejected"])
    assert c["raw_rows"] == c["used_rows"] + c["rejected_rows"]
    assert c["rejected_by_reason"] == spec["rejected_by_reason"]
    assert (c["respondents_all"], c["respondents_part"]) == (spec["status"]["all"], spec["status"]["part"])
    assert m["kind"] == "survey" and m["generator"] is None and m["sample_editions"] == []  # hand-written
    assert c["kind"] == "survey"
    assert c.get("raw_sheet") == spec.get("sheet")
    assert c.get("layout", "plain") == (spec.get("codebooks") or "plain")


@pytest.mark.parametrize("name", list(GOOD))
def test_every_row_accounted_for(cleaned, name):
    spec = GOOD[name]
    m, out = cleaned[name]
    raw_rows = m["editions"][str(spec["edition"])]["raw_rows"]
    p = pd.read_parquet(out / "participation.parquet")
    used = list(p[p["source_file"] == name]["source_row"].astype(int))
    rej = pd.read_csv(out / "rejected.csv")
    assert (rej["file"] == name).all()
    rejected = list(rej["row"].astype(int))
    assert len(used) + len(rejected) == raw_rows
    assert len(set(used) | set(rejected)) == raw_rows
    first = min(used + rejected)
    assert set(used) | set(rejected) == set(range(first, first + raw_rows))  # contiguous below the header
    if "rejected_rows" in spec:
        assert dict(zip(rej["row"], rej["reason_code"])) == spec["rejected_rows"]


@pytest.mark.parametrize("name", list(GOOD))
def test_answers(cleaned, name):
    spec = GOOD[name]
    _m, out = cleaned[name]
    a = pd.read_parquet(out / "answers.parquet")
    got = {(k, i): (None if pd.isna(x) else x) for k, i, x in zip(a["kommun_kod"], a["indicator_id"], a["answer"])}
    for code, expected in spec["answers"].items():
        for indicator, answer in expected.items():
            assert got[(code, indicator)] == answer, (code, indicator)
    p = pd.read_parquet(out / "participation.parquet")
    took = set(p[p["status"] != "none"]["kommun_kod"])
    assert set(spec["answers"]) <= took
    values = {k: v for k, v in zip(a["kommun_kod"], a["value"]) if pd.notna(v)}
    assert values == pytest.approx(spec.get("values", {}))
    for code, when in spec.get("submitted_at", {}).items():
        assert p.set_index("kommun_kod").loc[code, "submitted_at"] == pd.Timestamp(when)


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_export_stops_the_run_with_named_problems(tmp_path, sample_clean_dir, name):
    spec = BROKEN[name]
    raw = _raw_with(tmp_path, name)
    out = tmp_path / "published" / "clean"
    shutil.copytree(sample_clean_dir, out)
    before = snapshot(out)
    with pytest.raises(CleanError) as exc:
        clean(raw, out, codebooks=_books(spec))
    problems = exc.value.problems
    assert len(problems) == spec["n_problems"], problems
    assert all(p.startswith(f"{name}: ") for p in problems)
    for fragment in spec["problems"]:
        assert any(fragment in p for p in problems), (fragment, problems)
    assert changed_files(out, before) == []
    assert leftovers(out) == []


def test_all_broken_exports_together_list_every_problem(tmp_path):
    """One run over the three broken plain files (three editions) lists all their problems at once."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in [n for n in BROKEN if not BROKEN[n].get("codebooks")]:
        shutil.copy2(EXPORTS / name, raw / name)
    out = tmp_path / "clean"
    with pytest.raises(CleanError) as exc:
        clean(raw, out)
    assert len(exc.value.problems) == sum(s["n_problems"] for s in BROKEN.values() if not s.get("codebooks"))
    assert not out.exists()


def test_good_exports_of_different_editions_clean_together(tmp_path, cleaned):
    """All the good plain files in one run (one per edition): the counts add up per edition."""
    raw = tmp_path / "raw"
    raw.mkdir()
    plain = {n: s for n, s in GOOD.items() if not s.get("codebooks")}
    for name in plain:
        shutil.copy2(EXPORTS / name, raw / name)
    m = clean(raw, tmp_path / "clean")
    for name, spec in plain.items():
        assert m["editions"][str(spec["edition"])] == cleaned[name][0]["editions"][str(spec["edition"])]


# --- personal data -------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IP = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")


def _personal_texts(name: str) -> set[str]:
    """Every e-mail address, IP address and person's name the export carries, read from its
    cells (the columns the tools name E-post, Email Address, Namn, First Name, IP Address ...)."""
    from barnbaro.core.textnorm import norm_header
    from barnbaro.pipeline.codebook import PERSONAL_HEADERS
    from barnbaro.pipeline.readers import read_sheets

    personal = {norm_header(h) for h in PERSONAL_HEADERS}
    found = set()
    for _sheet, rows in read_sheets(EXPORTS / name):
        for row in rows:
            for cell in row:
                found |= set(_EMAIL.findall(cell)) | set(_IP.findall(cell))
        if rows:
            cols = [j for j, h in enumerate(rows[0]) if norm_header(h) in personal]
            found |= {row[j] for row in rows[1:] for j in cols if row[j] and row[j] != "anonymous"}
    return found


def _output_texts(out: Path) -> tuple[set[str], str]:
    """Every cell of every output (tables, rejected.csv, manifest values), and all their text."""
    cells: set[str] = set()
    text = []
    for p in out.iterdir():
        if p.suffix == ".parquet":
            df = pd.read_parquet(p)
        elif p.suffix == ".csv":
            df = pd.read_csv(p, dtype=str)
        else:
            text.append(p.read_text(encoding="utf-8"))
            continue
        cells |= {str(v) for v in df.to_numpy().ravel()}
        text.append(df.to_csv(index=False))
    return cells, "\n".join(text)


PERSONAL = [n for n, s in GOOD.items() if s.get("personal")]


def test_the_survey_tool_exports_really_carry_personal_data():
    for name in PERSONAL:
        assert any("@" in t for t in _personal_texts(name)), name
    names = {t for n in PERSONAL for t in _personal_texts(n) if "@" not in t and not _IP.fullmatch(t)}
    ips = {t for n in PERSONAL for t in _personal_texts(n) if _IP.fullmatch(t)}
    assert len(names) > 10 and len(ips) > 10


@pytest.mark.parametrize("name", PERSONAL)
def test_no_personal_data_reaches_any_output(cleaned, name):
    """E-mail addresses, names and IP addresses are dropped when the file is read: none of them is
    in the tables, rejected.csv or the manifest; rejected.csv names rows by file, row and reason."""
    _m, out = cleaned[name]
    texts = _personal_texts(name)
    cells, content = _output_texts(out)
    for t in texts:
        assert t not in cells, t
        if "@" in t or _IP.fullmatch(t) or " " in t:  # distinctive anywhere in a text
            assert t not in content, t
    rej = pd.read_csv(out / "rejected.csv")
    assert list(rej.columns) == ["file", "edition", "row", "reason_code", "reason"]


@pytest.mark.parametrize("name", PERSONAL)
def test_no_personal_data_in_the_dry_run(capsys, tmp_path, name):
    from barnbaro.cli import main

    raw = _raw_with(tmp_path, name)
    assert (
        main(
            [
                "clean",
                "--dry-run",
                "--raw",
                str(raw),
                "--out",
                str(tmp_path / "clean"),
                "--codebooks",
                str(_books(GOOD[name])),
            ]
        )
        == 0
    )
    out = capsys.readouterr()
    for t in _personal_texts(name):
        assert t not in out.out + out.err, t
    assert not (tmp_path / "clean").exists()
