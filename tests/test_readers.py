"""barnbaro.pipeline.readers: raw files -> rows of text as a person sees them."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from barnbaro.pipeline.readers import SAMPLE_MARK_CREATOR, FileProblem, decode_bytes, read_mark, read_rows

ROWS = [["Kommun", "Svar"], ["Malmö", "Vet ej"], ["Göteborg", "0–10 %"]]


@pytest.mark.parametrize(
    "encoding, bom, delimiter",
    [
        ("utf-8", False, ","),
        ("utf-8", True, ","),
        ("utf-8", False, ";"),
        ("utf-8", True, ";"),
        ("utf-8", False, "\t"),
        ("cp1252", False, ";"),
        ("cp1252", False, ","),
    ],
)
def test_csv_encodings_and_delimiters(tmp_path, encoding, bom, delimiter):
    text = "\r\n".join(delimiter.join(r) for r in ROWS) + "\r\n"
    p = tmp_path / "x.csv"
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    assert read_rows(p) == ROWS


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"\xef\xbb\xbfKommun", "Kommun"),
        ("Malmö".encode(), "Malmö"),
        ("Malmö – Lund".encode("cp1252"), "Malmö – Lund"),
        (b"", ""),
    ],
)
def test_decode_bytes(data, expected):
    assert decode_bytes(data) == expected


def test_csv_quoted_fields_keep_their_delimiters(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text('Kommun,Svar\r\nMalmö,"Ja, en del"\r\n', encoding="utf-8")
    assert read_rows(p) == [["Kommun", "Svar"], ["Malmö", "Ja, en del"]]


def test_trailing_empty_rows_and_columns_are_dropped(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("Kommun;Svar;;\r\n Malmö ;Ja;;\r\n;;;\r\n  ;;;\r\n\r\n", encoding="utf-8")
    assert read_rows(p) == [["Kommun", "Svar"], ["Malmö", "Ja"]]


def test_short_rows_are_padded(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("a;b;c\r\n1\r\n", encoding="utf-8")
    assert read_rows(p) == [["a", "b", "c"], ["1", "", ""]]


def test_xlsx_cells_read_as_text(tmp_path):
    p = tmp_path / "x.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Kommun", "Tid", "Tal", "Heltal", "Datum"])
    ws.append(["  Malmö ", dt.datetime(2017, 6, 1, 8, 30, 5), 12.5, 180.0, dt.date(2017, 6, 1)])
    ws.append([None, None, None, None, None])
    ws.cell(row=5, column=8, value="   ")  # a stray space far below and to the right
    wb.save(p)
    assert read_rows(p) == [
        ["Kommun", "Tid", "Tal", "Heltal", "Datum"],
        ["Malmö", "2017-06-01 08:30:05", "12.5", "180", "2017-06-01 00:00:00"],
    ]


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("x.txt", b"Kommun\n", "stöds inte"),
        ("x", b"Kommun\n", "stöds inte"),
        ("x.xlsx", b"not a zip file", "kunde inte läsas"),
        ("x.csv", b"\x81\x8d\x8f\x90\x9d", "teckenkodningen"),
    ],
)
def test_unreadable_files_are_file_problems(tmp_path, name, content, fragment):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(FileProblem, match=fragment):
        read_rows(p)


def _xlsx(path, creator=None, description=None):
    wb = openpyxl.Workbook()
    wb.active.append(["Kommun"])
    if creator:
        wb.properties.creator = creator
    if description is not None:
        wb.properties.description = description
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "creator, description, expected",
    [
        (
            SAMPLE_MARK_CREATOR,
            json.dumps({"generator": "barnbaro.sample", "seed": 3}),
            {"generator": "barnbaro.sample", "seed": 3},
        ),
        (SAMPLE_MARK_CREATOR, "not json", None),
        (SAMPLE_MARK_CREATOR, json.dumps({"seed": 3}), None),
        (SAMPLE_MARK_CREATOR, json.dumps(["generator"]), None),
        ("Someone", json.dumps({"generator": "barnbaro.sample"}), None),
        (None, None, None),
    ],
)
def test_read_mark(tmp_path, creator, description, expected):
    assert read_mark(_xlsx(tmp_path / "x.xlsx", creator, description)) == expected


def test_read_mark_of_csv_and_broken_files_is_none(tmp_path):
    (tmp_path / "x.csv").write_text("Kommun\n", encoding="utf-8")
    (tmp_path / "y.xlsx").write_bytes(b"garbage")
    assert read_mark(tmp_path / "x.csv") is None
    assert read_mark(tmp_path / "y.xlsx") is None
