"""Survey tools' layouts in the codebook, submission times, workbooks with several sheets,
personal data, the edition of a file whose name fits no codebook, and clean --dry-run."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml

from barnbaro.cli import main
from barnbaro.core import paths
from barnbaro.pipeline.clean import CleanError, clean, plan
from barnbaro.pipeline.codebook import LAYOUTS, CodebookError, load_codebooks, parse_codebook, parse_time
from tests.pipeline_helpers import book, headers_for, snapshot, write_csv

EXPORTS = Path(__file__).resolve().parent / "exports"


# --- times ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, time_format, expected",
    [
        ("09/03/2018 01:00:00 AM", "month_first", dt.datetime(2018, 9, 3, 1, 0)),  # SurveyMonkey
        ("09/03/2018 01:00:00 PM", "month_first", dt.datetime(2018, 9, 3, 13, 0)),
        ("09/03/2018 12:30:00 AM", "month_first", dt.datetime(2018, 9, 3, 0, 30)),
        ("09/03/2018 12:30:00 PM", "month_first", dt.datetime(2018, 9, 3, 12, 30)),
        ("09/03/2018 01:00:00 AM", "day_first", dt.datetime(2018, 3, 9, 1, 0)),  # an account set otherwise
        ("2017/09/04 9:15:32 fm CEST", "day_first", dt.datetime(2017, 9, 4, 9, 15, 32)),  # Google Forms, Swedish
        ("2017/09/04 1:02:10 em CEST", "day_first", dt.datetime(2017, 9, 4, 13, 2, 10)),
        ("2017/09/04 1:02:10 PM GMT+2", None, dt.datetime(2017, 9, 4, 13, 2, 10)),  # Google Forms, English
        ("2018-09-03 10:15", None, dt.datetime(2018, 9, 3, 10, 15)),  # Excel, Swedish
        ("2018-09-03T10:15:00Z", None, dt.datetime(2018, 9, 3, 10, 15)),
        ("3.9.2018 10.15", "day_first", dt.datetime(2018, 9, 3, 10, 15)),
        ("9/3/18 10:15", "month_first", dt.datetime(2018, 9, 3, 10, 15)),  # Microsoft Forms, US
    ],
)
def test_times_as_the_tools_write_them(text, time_format, expected):
    assert parse_time(text, time_format) == expected


@pytest.mark.parametrize(
    "text, time_format",
    [
        ("09/03/2018 10:15", None),  # day or month first is not declared: never guessed
        ("13/13/2018", "day_first"),
        ("02/30/2018", "month_first"),
        ("2018-02-30 10:00", None),
        ("13:00 PM", None),
        ("3 sept 2018 kl 9.41", "day_first"),
        ("igår", "day_first"),
        ("25:00", None),
        ("09/03/2018 13:00:00 PM", "month_first"),
    ],
)
def test_texts_that_are_no_time_are_none(text, time_format):
    assert parse_time(text, time_format) is None


# --- the codebook's layout --------------------------------------------------------------------


def _doc(**over) -> dict:
    doc = yaml.safe_load((paths.CODEBOOK_DIR / "2016.yaml").read_text(encoding="utf-8"))
    doc.update(over)
    return doc


def test_every_bundled_codebook_is_plain():
    assert {b.layout for b in load_codebooks()} == {"plain"}


@pytest.mark.parametrize("layout", [lay for lay in LAYOUTS if lay != "plain"])
def test_a_tool_layout_must_declare_day_or_month_first(layout):
    with pytest.raises(CodebookError, match="time_format"):
        parse_codebook(_doc(layout=layout, columns={"kommun": "Kommunens namn"}), "2016.yaml")
    b = parse_codebook(_doc(layout=layout, time_format="day_first", columns={"kommun": "Kommunens namn"}), "2016.yaml")
    assert b.has_role("submitted_at")  # the tool's own time column, not listed in the entry


@pytest.mark.parametrize(
    "over, fragment",
    [
        ({"layout": "typeform"}, "layout 'typeform' är okänd"),
        ({"time_format": "iso"}, "time_format 'iso' är okänt"),
        ({"columns": {"respondent_id": "ID"}}, "columns.kommun saknas"),
        ({"columns": {"kommun": "Kommunens namn"}}, "columns.submitted_at saknas"),
    ],
)
def test_a_codebook_that_cannot_be_used_is_named(over, fragment):
    with pytest.raises(CodebookError, match=fragment):
        parse_codebook(_doc(**over), "2016.yaml")


def test_a_broken_codebook_folder_stops_the_run_with_a_message(tmp_path):
    books = tmp_path / "books"
    books.mkdir()
    (books / "2016.yaml").write_text("edition: 2016\nlayout: [\n", encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    with pytest.raises(CleanError) as exc:
        clean(raw, tmp_path / "clean", codebooks=books)
    assert exc.value.problems == ["2016.yaml: kodboken kan inte läsas (ParserError)"]


@pytest.mark.parametrize(
    "layout, must_know",
    [
        (
            "surveymonkey",
            [
                "Respondent ID",
                "Collector ID",
                "Start Date",
                "End Date",
                "IP Address",
                "Email Address",
                "First Name",
                "Last Name",
                "Custom Data 1",
            ],
        ),
        ("google_forms", ["Tidstämpel", "Timestamp", "E-postadress", "Email Address"]),
        (
            "microsoft_forms",
            [
                "ID",
                "Starttid",
                "Sluttid",
                "E-post",
                "Namn",
                "Start time",
                "Completion time",
                "Email",
                "Name",
                "Last modified time",
            ],
        ),
    ],
)
def test_each_tools_own_columns_are_known_without_listing_them(layout, must_know):
    b = parse_codebook(_doc(layout=layout, time_format="day_first", columns={"kommun": "Kommunens namn"}), "2016.yaml")
    for h in must_know:
        assert b.role_of(h) is not None, h
        assert b.is_tool_column(h), h
    roles = {h: b.role_of(h)[0] for h in must_know}
    assert {h for h, r in roles.items() if r == "personal"} == {
        h
        for h in must_know
        if h
        in (
            "IP Address",
            "Email Address",
            "First Name",
            "Last Name",
            "Custom Data 1",
            "E-postadress",
            "E-post",
            "Namn",
            "Email",
            "Name",
        )
    }


# --- sheets -------------------------------------------------------------------------------


def _workbook(path: Path, sheets: dict) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _rows_2016():
    h = headers_for(2016)
    row = {h[0]: "r1", h[1]: "2016-09-01 10:00", h[2]: "Kiruna"}
    b = book(2016)
    for q in b.questions.values():
        row[q.header] = q.raw_answers[0]
    return [h, [row.get(x, "") for x in h]]


def test_the_sheet_with_the_header_is_read_wherever_it_is(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    _workbook(
        raw / "barnbarometern_2016.xlsx",
        {"Diagram": [["Sammanfattning"], ["Svar", 1]], "Info": [], "Data": _rows_2016()},
    )
    m = clean(raw, tmp_path / "clean")
    assert m["editions"]["2016"]["raw_sheet"] == "Data"
    assert m["editions"]["2016"]["used_rows"] == 1


def test_no_sheet_with_a_header_names_the_sheets(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    _workbook(raw / "barnbarometern_2016.xlsx", {"Sammanfattning": [["Svar", 1]], "Diagram": [["x"]]})
    with pytest.raises(CleanError) as exc:
        clean(raw, tmp_path / "clean")
    (p,) = exc.value.problems
    assert "på något av bladen ('Sammanfattning', 'Diagram')" in p and "Kommunens namn" in p


# --- personal data in any layout ------------------------------------------------------------


def test_personal_columns_in_a_plain_export_are_dropped_not_unknown(tmp_path):
    rows = _rows_2016()
    rows[0] += ["E-post", "Namn", "IP-adress"]
    rows[1] += ["kari.nord@kiruna.se", "Kari Nord", "192.0.2.8"]
    raw = tmp_path / "raw"
    raw.mkdir()
    write_csv(raw / "barnbarometern_2016.csv", rows, delimiter=";")
    out = tmp_path / "clean"
    clean(raw, out)
    blob = b"".join(p.read_bytes() for p in out.iterdir())
    for t in ("kari.nord", "Kari Nord", "192.0.2.8"):
        assert t.encode() not in blob


def test_an_address_typed_as_the_municipality_is_masked_in_rejected_csv(tmp_path):
    rows = _rows_2016()
    rows.append(list(rows[1]))
    rows[2][2] = "kari.nord@kiruna.se"
    raw = tmp_path / "raw"
    raw.mkdir()
    write_csv(raw / "barnbarometern_2016.csv", rows, delimiter=";")
    out = tmp_path / "clean"
    clean(raw, out)
    text = (out / "rejected.csv").read_text(encoding="utf-8")
    assert "kari.nord" not in text and "[e-postadress borttagen]" in text


# --- the edition of a file that fits no pattern, and the dry run ----------------------------


def test_edition_names_a_file_that_fits_no_pattern(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    write_csv(raw / "export_fran_enkatverktyget.csv", _rows_2016(), delimiter=";")
    with pytest.raises(CleanError, match="ingen kodbok passar filnamnet"):
        clean(raw, tmp_path / "clean")
    assert clean(raw, tmp_path / "clean", edition=2016)["editions"]["2016"]["used_rows"] == 1
    assert "ingen kodbok för upplaga 2012" in plan(raw, edition=2012).problems[0]


def test_dry_run_prints_everything_and_writes_nothing(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy2(EXPORTS / "barnbarometern_2016_semikolon.csv", raw / "enkat.csv")
    out = tmp_path / "clean"
    before = snapshot(tmp_path)
    assert main(["clean", "--dry-run", "--raw", str(raw), "--out", str(out), "--edition", "2016"]) == 0
    text = capsys.readouterr().out
    assert snapshot(tmp_path) == before and not out.exists()
    assert "ingenting skrivs" in text and "Provkörning klar: ingenting skrevs." in text
    assert "    2016          9        6         3  enkätdata" in text  # the accounting
    for row, why in ((2, "testrad"), (4, "dubblett"), (5, "tom rad")):
        assert f"enkat.csv rad {row}: {why}" in text
    assert "2016_oms_0_10" in text and "publicerad" in text  # check's comparison


def test_dry_run_lists_every_stopping_problem_with_the_nearest_text(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in ("barnbarometern_2014_okand_rubrik.csv", "barnbarometern_2017_okant_svar.csv"):
        shutil.copy2(EXPORTS / n, raw / n)
    assert main(["clean", "--dry-run", "--raw", str(raw), "--out", str(tmp_path / "clean")]) == 2
    err = capsys.readouterr().err
    assert "Rensningen skulle stoppas" in err and "5 problem" in err
    assert "närmast känd: 'Kommentar'" in err and "närmast: 'Ja, samtliga'" in err
    assert "Traceback" not in err


def test_dry_run_shows_a_swapped_yes_no_in_the_comparison(tmp_path, capsys):
    """A codebook with Ja and Nej swapped cleans without a problem; the comparison shows it."""
    books = tmp_path / "books"
    shutil.copytree(paths.CODEBOOK_DIR, books)
    p = books / "2018.yaml"
    doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    doc["questions"]["utvardering_upplevelser"]["answers"] = {"Ja": "nej", "Nej": "ja", "Vet inte": "vet_ej"}
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    load_codebooks.cache_clear()
    assert main(["clean", "--dry-run", "--raw", str(paths.RAW_DIR), "--codebooks", str(books)]) == 0
    text = capsys.readouterr().out
    line = next(ln for ln in text.splitlines() if ln.startswith("2018_utv_ja"))
    assert "<-- mer än 2 p.e." in line


# --- git keeps real exports out -------------------------------------------------------------


@pytest.mark.parametrize(
    "name, ignored",
    [
        ("data/raw/barnbarometern_2018.xlsx", True),
        ("data/raw/surveymonkey_export.csv", True),
        ("data/raw/barnbarometern_2018_riktig.xlsx", True),
        ("data/raw/2018/svar.xlsx", True),
        ("data/raw/barnbarometern_2018_exempel.xlsx", False),
        ("data/raw/barnbarometern_2013_exempel.xlsx", False),
    ],
)
def test_gitignore_keeps_anything_but_the_sample_out_of_data_raw(name, ignored):
    r = subprocess.run(["git", "check-ignore", "-q", "--no-index", name], cwd=paths.ROOT)
    assert r.returncode in (0, 1), "git check-ignore failed"
    assert (r.returncode == 0) is ignored


def test_an_email_column_listed_under_ignore_is_still_dropped(tmp_path):
    doc = _doc(ignore=["Övriga kommentarer", "E-postadress"])
    b = parse_codebook(doc, "2016.yaml")
    assert b.role_of("E-postadress")[0] == "personal"
    assert b.role_of("Övriga kommentarer")[0] == "ignore"
    assert b.role_of("Kommunens namn") == ("meta", "kommun")
