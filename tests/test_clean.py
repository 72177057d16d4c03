"""barnbaro.pipeline.clean end to end: generated and hand-built exports in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from barnbaro.core.catalogue import EDITIONS, load_catalogue
from barnbaro.core.data import load_clean
from barnbaro.core.municipalities import NameMatcher
from barnbaro.pipeline import clean as clean_mod
from barnbaro.pipeline.clean import (
    STEPS,
    STOP_ENV,
    CleanError,
    StoppedForTest,
    clean,
    clean_file,
    find_header,
    repair,
    sha256,
)
from barnbaro.pipeline.readers import read_rows
from barnbaro.pipeline.sample import GENERATOR, GENERATOR_VERSION
from tests.pipeline_helpers import (
    book,
    changed_files,
    headers_for,
    leftovers,
    read_manifest,
    snapshot,
    write_csv,
    xlsx_cells,
)

ROOT = Path(__file__).resolve().parents[1]
CAT = load_catalogue()


def rejected_csv(clean_dir: Path) -> pd.DataFrame:
    return pd.read_csv(clean_dir / "rejected.csv", dtype={"file": str, "reason_code": str, "reason": str})


def answers_of(clean_dir: Path, edition: int) -> dict:
    a = pd.read_parquet(clean_dir / "answers.parquet")
    a = a[a["edition"] == edition]
    return {(k, i): (None if pd.isna(x) else x) for k, i, x in zip(a["kommun_kod"], a["indicator_id"], a["answer"])}


def copy_raw(src: Path, dst: Path, editions) -> Path:
    dst.mkdir(parents=True)
    for e in editions:
        shutil.copy2(src / f"barnbarometern_{e}_exempel.xlsx", dst)
    return dst


# --- the generated sample, cleaned -------------------------------------------------------


def test_manifest_marks_sample_with_generator_and_seed(sample_clean_dir, default_seed):
    m = read_manifest(sample_clean_dir)
    assert m["kind"] == "sample"
    assert m["generator"] == {"name": GENERATOR, "version": GENERATOR_VERSION, "seed": default_seed}
    assert [f["edition"] for f in m["raw_files"]] == list(EDITIONS)
    assert all(f["sample"] for f in m["raw_files"])
    assert sorted(m["editions"]) == [str(e) for e in EDITIONS]


def test_manifest_checksums_and_row_counts_match_the_files(sample_clean_dir, sample_raw_dir):
    m = read_manifest(sample_clean_dir)
    assert sorted(m["tables"]) == ["answers.parquet", "municipalities.parquet", "participation.parquet", "rejected.csv"]
    for name, meta in m["tables"].items():
        assert sha256(sample_clean_dir / name) == meta["sha256"], name
    assert m["tables"]["municipalities.parquet"]["rows"] == 290
    assert m["tables"]["participation.parquet"]["rows"] == 290 * len(EDITIONS)
    assert m["tables"]["rejected.csv"]["rows"] == len(rejected_csv(sample_clean_dir))
    for f in m["raw_files"]:
        assert sha256(sample_raw_dir / f["name"]) == f["sha256"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_accounting_per_edition_and_per_file(sample_clean_dir, sample_raw_dir, edition):
    m = read_manifest(sample_clean_dir)
    c = m["editions"][str(edition)]
    name = f"barnbarometern_{edition}_exempel.xlsx"
    assert c["raw_file"] == name
    assert c["raw_rows"] == c["used_rows"] + c["rejected_rows"]
    rej = rejected_csv(sample_clean_dir)
    mine = rej[rej["file"] == name]
    assert len(mine) == c["rejected_rows"]
    assert (mine["edition"] == edition).all()
    assert mine["reason_code"].value_counts().to_dict() == c["rejected_by_reason"]
    assert c["respondents"] == c["used_rows"] == c["respondents_all"] + c["respondents_part"]
    # raw_rows counted independently: the sheet's rows below the header, trailing empty rows aside
    cells = xlsx_cells(sample_raw_dir / name)
    while cells and all(v is None for v in cells[-1]):
        cells.pop()
    assert c["raw_rows"] == len(cells) - 1


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_data_row_is_used_or_rejected_once(sample_clean_dir, edition):
    m = read_manifest(sample_clean_dir)
    name = f"barnbarometern_{edition}_exempel.xlsx"
    p = pd.read_parquet(sample_clean_dir / "participation.parquet")
    used = list(p[(p["source_file"] == name)]["source_row"].astype(int))
    rej = rejected_csv(sample_clean_dir)
    rejected = list(rej[rej["file"] == name]["row"].astype(int))
    assert len(set(used)) == len(used) and len(set(rejected)) == len(rejected)
    assert not set(used) & set(rejected)
    raw_rows = m["editions"][str(edition)]["raw_rows"]
    assert set(used) | set(rejected) == set(range(2, raw_rows + 2))  # header on row 1


@pytest.mark.parametrize("edition", EDITIONS)
def test_generated_mess_is_rejected_with_reasons(sample_clean_dir, edition):
    """build_rows adds to every edition two blank rows, a test row, 1 or 2 earlier duplicate
    submissions (1 + edition % 2), and in 2014 and 2017 an office name that is no municipality."""
    c = read_manifest(sample_clean_dir)["editions"][str(edition)]
    expected = {"blank": 2, "test": 1, "duplicate": 1 + edition % 2}
    if edition in (2014, 2017):
        expected["unknown_kommun"] = 1
    assert c["rejected_by_reason"] == expected


def test_clean_recovers_what_the_generator_decided(sample_data, sample_truth):
    """Despite messy names, answer texts, number formats, duplicates and test rows, the clean
    tables hold exactly the generator's decisions."""
    a = sample_data.answers
    p = sample_data.participation
    for e in EDITIONS:
        took = p[(p["edition"] == e) & (p["status"] != "none")]
        assert sorted(took["kommun_kod"]) == sorted(sample_truth.respondents[e])
        assert set(took[took["status"] == "part"]["kommun_kod"]) == set(sample_truth.partial[e])
    for (e, ind), truth in sample_truth.answers.items():
        got = a[(a["edition"] == e) & (a["indicator_id"] == ind) & a["answer"].notna()]
        assert dict(zip(got["kommun_kod"], got["answer"])) == truth, (e, ind)
    for (e, ind), values in sample_truth.values.items():
        got = a[(a["edition"] == e) & (a["indicator_id"] == ind) & a["value"].notna()]
        assert dict(zip(got["kommun_kod"], got["value"])) == pytest.approx(values), (e, ind)


def test_tables_have_the_documented_schema(sample_data):
    assert list(sample_data.answers.columns) == ["edition", "kommun_kod", "indicator_id", "answer", "value"]
    assert list(sample_data.participation.columns) == [
        "edition",
        "kommun_kod",
        "status",
        "submitted_at",
        "source_file",
        "source_row",
    ]
    assert list(sample_data.municipalities.columns) == ["kommun_kod", "kommun", "lan_kod", "lan"]
    assert set(sample_data.participation["status"]) == {"all", "part", "none"}
    none = sample_data.participation[sample_data.participation["status"] == "none"]
    assert none["submitted_at"].isna().all() and none["source_row"].isna().all()


# --- survey exports mixed in -------------------------------------------------------------


def test_csv_survey_export_mixed_in_makes_kind_mixed_naming_the_sample_editions(
    tmp_path, sample_raw_dir, sample_clean_dir
):
    """The 2016 workbook replaced by the same rows as an unmarked semicolon CSV: the data are
    the same; 2016 is survey data and the five other editions stay the sample, edition by edition."""
    raw = copy_raw(sample_raw_dir, tmp_path / "raw", [e for e in EDITIONS if e != 2016])
    rows = read_rows(sample_raw_dir / "barnbarometern_2016_exempel.xlsx")
    write_csv(raw / "barnbarometern_2016_enkat.csv", rows, delimiter=";")
    out = tmp_path / "clean"
    m = clean(raw, out)
    assert m["kind"] == "mixed"
    assert m["sample_editions"] == [e for e in EDITIONS if e != 2016]
    assert m["generator"]["seed"] is not None
    assert {f["edition"]: f["sample"] for f in m["raw_files"]} == {e: e != 2016 for e in EDITIONS}
    assert {int(e): c["kind"] for e, c in m["editions"].items()} == {
        e: "survey" if e == 2016 else "sample" for e in EDITIONS
    }
    data = load_clean(out)
    assert data.is_sample and data.is_mixed
    assert data.sample_editions == [e for e in EDITIONS if e != 2016]
    pd.testing.assert_frame_equal(data.answers, pd.read_parquet(sample_clean_dir / "answers.parquet"))
    before = pd.read_parquet(sample_clean_dir / "participation.parquet")
    after = data.participation
    assert (after[after["edition"] == 2016]["source_file"].dropna() == "barnbarometern_2016_enkat.csv").all()
    cols = ["edition", "kommun_kod", "status", "submitted_at", "source_row"]
    pd.testing.assert_frame_equal(after[cols], before[cols])


def test_all_survey_files_make_kind_survey(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    write_csv(raw / "barnbarometern_2013.csv", [headers_for(2013), ["1", "2013-09-10 10:00", "Uppsala", "Vet ej"]])
    m = clean(raw, tmp_path / "clean")
    assert (m["kind"], m["generator"]) == ("survey", None)
    assert m["editions"]["2013"]["used_rows"] == 1


# --- row rules on small hand-built exports -----------------------------------------------


def test_latest_submission_wins_and_earlier_rows_are_named(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    h = headers_for(2013, extra=("Kommentar",))
    write_csv(
        raw / "barnbarometern_2013.csv",
        [
            h,
            ["1", "2013-09-20 10:00", "Stockholms stad", "30 procent eller mer", "andra försöket"],  # row 2: later
            ["2", "2013-09-10 09:00", "Stockholm", "0-10 procent", ""],  # row 3: earlier
            ["3", "2013-09-12 09:00", "Malmö", "11-20 procent", ""],  # row 4: same time
            ["4", "2013-09-12 09:00", "Malmö kommun", "21-29 procent", ""],  # row 5: ... later row
            ["5", "15/09/2013 08:00", "1480", "Vet ej", ""],  # row 6: 15 Sep
            ["6", "2013-09-14", "Göteborg", "0-10 procent", ""],  # row 7: 14 Sep
        ],
    )
    out = tmp_path / "clean"
    m = clean(raw, out)
    ans = answers_of(out, 2013)
    assert ans == {
        ("0180", "personalomsattning"): "30+",
        ("1280", "personalomsattning"): "21-29",
        ("1480", "personalomsattning"): "vet_ej",
    }
    rej = rejected_csv(out)
    assert list(rej["row"]) == [3, 4, 7]
    assert set(rej["reason_code"]) == {"duplicate"}
    assert "0180" in rej["reason"][0] and "rad 2 gäller" in rej["reason"][0]
    assert "1280" in rej["reason"][1] and "rad 5 gäller" in rej["reason"][1]
    assert "1480" in rej["reason"][2] and "rad 6 gäller" in rej["reason"][2]
    p = pd.read_parquet(out / "participation.parquet")
    p = p[p["status"] != "none"].set_index("kommun_kod")
    assert p.loc["0180", "source_row"] == 2
    assert p.loc["0180", "submitted_at"] == pd.Timestamp("2013-09-20 10:00")
    assert p.loc["1480", "submitted_at"] == pd.Timestamp("2013-09-15 08:00")
    assert m["editions"]["2013"] | {"rejected_by_reason": None} == {
        "kind": "survey",
        "raw_file": "barnbarometern_2013.csv",
        "raw_rows": 6,
        "used_rows": 3,
        "rejected_rows": 3,
        "respondents": 3,
        "respondents_all": 3,
        "respondents_part": 0,
        "rejected_by_reason": None,
    }


def test_row_rejections_and_partial_submissions(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    h = headers_for(2015)
    full = ["30 procent eller mer", "Aldrig", "Ingen"]
    write_csv(
        raw / "barnbarometern_2015.csv",
        [
            h,
            ["1", "2015-09-01 10:00", "Uppsala", *full],  # 2 used, all
            ["", "", "", "", "", ""],  # 3 blank
            ["2", "2015-09-01 11:00", "Test", *full],  # 4 test
            ["3", "2015-09-01 11:00", "testsvar", "Ibland?", "", ""],  # 5 test (answers not read)
            ["4", "2015-09-02 10:00", "Socialförvaltningen Norr", *full],  # 6 unknown
            ["5", "2015-09-02 10:00", "Habö", *full],  # 7 ambiguous
            ["6", "2015-09-02 10:00", "", *full],  # 8 no kommun
            ["7", "2015-09-03 10:00", "Lund", "", "1-5 gånger", ""],  # 9 used, part
            ["8", "2015-09-03 10:00", "Stokholm", *full],  # 10 unknown, near Stockholm
        ],
    )
    out = tmp_path / "clean"
    m = clean(raw, out)
    c = m["editions"]["2015"]
    assert (c["raw_rows"], c["used_rows"], c["rejected_rows"]) == (9, 2, 7)
    assert (c["respondents_all"], c["respondents_part"]) == (1, 1)
    rej = rejected_csv(out).set_index("row")
    assert rej["reason_code"].to_dict() == {
        3: "blank",
        4: "test",
        5: "test",
        6: "unknown_kommun",
        7: "ambiguous_kommun",
        8: "no_kommun",
        10: "unknown_kommun",
    }
    assert "Habo" in rej.loc[7, "reason"] and "Håbo" in rej.loc[7, "reason"]
    assert "Stockholm" in rej.loc[10, "reason"]
    p = pd.read_parquet(out / "participation.parquet")
    took = p[p["status"] != "none"].set_index("kommun_kod")["status"].to_dict()
    assert took == {"0380": "all", "1281": "part"}
    ans = answers_of(out, 2015)
    assert ans[("1281", "utredningar_over_4_man")] == "1-5"
    assert ans[("1281", "personalomsattning")] is None
    assert ans[("1281", "andel_forsenade_utredningar")] is None
    assert ans[("0380", "personalomsattning")] == "30+"


# Property: any mix of rows is accounted for, and the latest submission of each municipality wins.

_FORMS = {
    "Stockholms stad": "0180",
    "180": "0180",
    "Stockholm": "0180",
    "Malmö kommun": "1280",
    "  MALMÖ ": "1280",
    "Region Gotland": "0980",
    "upplands-väsby": "0114",
    "Habo": "0643",
    "Håbo": "0305",
}
_OTHER = {
    "": "no_kommun",
    "Test": "test",
    "testsvar": "test",
    "Habö": "ambiguous_kommun",
    "IFO Väst": "unknown_kommun",
    "Stokholm": "unknown_kommun",
}
_ANSWERS = ["0-10 procent", "11-20 procent", "21-29 procent", "30 procent eller mer", "Vet ej", "vet ej ", ""]
_row = st.one_of(
    st.tuples(st.sampled_from(sorted(_FORMS) + sorted(_OTHER)), st.integers(1, 5), st.sampled_from(_ANSWERS)),
    st.none(),  # a blank row
)
_MATCHER = NameMatcher()
_BOOK_2013 = book(2013)


@given(st.lists(_row, max_size=25))
def test_property_any_rows_are_accounted_for_and_the_latest_wins(rows):
    table = [headers_for(2013)]
    for i, r in enumerate(rows):
        table.append(["", "", "", ""] if r is None else [str(i), f"2013-09-0{r[1]} 10:00", r[0], r[2]])
    with tempfile.TemporaryDirectory() as d:
        path = write_csv(Path(d) / "barnbarometern_2013.csv", table, delimiter=";")
        res = clean_file(path, _BOOK_2013, _MATCHER, CAT)
    assert res.problems == []
    n = len(rows)
    while n and rows[n - 1] is None:  # trailing blank rows are not data rows
        n -= 1
    assert res.raw_rows == n
    used = {p["source_row"] for p in res.participation}
    rejected = {r[0] for r in res.rejected}
    assert len(used) + len(rejected) == n == len(res.participation) + len(res.rejected)
    assert used | rejected == set(range(2, n + 2))
    expected_reason = {}
    winners = {}
    for i, r in enumerate(rows[:n], start=2):
        if r is None:
            expected_reason[i] = "blank"
        elif r[0] in _OTHER:
            expected_reason[i] = _OTHER[r[0]]
        else:
            code = _FORMS[r[0]]
            if code not in winners or (r[1], i) > winners[code][:2]:
                winners[code] = (r[1], i, r[2])
    for _day, i, _text in winners.values():
        expected_reason.pop(i, None)
    for i, r in enumerate(rows[:n], start=2):
        if r is not None and r[0] in _FORMS and winners[_FORMS[r[0]]][1] != i:
            expected_reason[i] = "duplicate"
    assert {r[0]: r[1] for r in res.rejected} == expected_reason
    assert {p["kommun_kod"]: p["source_row"] for p in res.participation} == {c: w[1] for c, w in winners.items()}
    for p in res.participation:
        text = winners[p["kommun_kod"]][2]
        assert p["status"] == ("all" if text.strip() else "part")


def test_find_header_skips_a_title_block():
    b = book(2016)
    rows = [["Barnbarometern 2016", ""], ["Export", "2016-12-01"], ["", ""], headers_for(2016), ["1", "x"]]
    assert find_header(rows, b) == 3
    assert find_header(rows[:3], b) is None


# --- file problems: stop, publish nothing, list everything --------------------------------


@pytest.fixture
def previous(tmp_path, sample_clean_dir):
    """An out folder holding earlier tables (a copy of the sample's), and its bytes."""
    out = tmp_path / "published" / "clean"
    shutil.copytree(sample_clean_dir, out)
    return out, snapshot(out)


def test_all_file_problems_are_listed_at_once_and_nothing_is_published(tmp_path, previous):
    out, before = previous
    raw = tmp_path / "raw"
    raw.mkdir()
    write_csv(
        raw / "barnbarometern_2014.csv",
        [
            headers_for(2014, extra=("Antal anställda",)),
            ["1", "2014-09-01 10:00", "Uppsala", "Vet ej", "12"],
        ],
    )
    write_csv(
        raw / "barnbarometern_2017.csv",
        [
            headers_for(2017),
            [
                "1",
                "2017-06-01 10:00",
                "Uppsala",
                "Vet inte",
                "Ingen gång",
                "Ingen utredning",
                "Vet ej",
                "Ja",
                "Ja",
                "Ja",
                "Ja, en del",
            ],
            [
                "2",
                "2017-06-01 10:00",
                "Lund",
                "Vet inte",
                "Ingen gång",
                "Ingen utredning",
                "Vet ej",
                "Ja",
                "Ja",
                "Ja",
                "Ja, en del",
            ],
        ],
    )
    with pytest.raises(CleanError) as exc:
        clean(raw, out)
    problems = exc.value.problems
    assert len(problems) == 2, problems
    header_problem = next(p for p in problems if p.startswith("barnbarometern_2014.csv"))
    assert "okänd rubrik 'Antal anställda'" in header_problem and "kolumn 5" in header_problem
    assert "närmast känd" in header_problem
    answer_problem = next(p for p in problems if p.startswith("barnbarometern_2017.csv"))
    assert "okänt svar 'Vet ej'" in answer_problem and "utvardering_upplevelser" in answer_problem
    assert "rad 2" in answer_problem  # the first row with it, reported once
    assert "närmast: 'Vet inte'" in answer_problem
    assert changed_files(out, before) == []
    assert leftovers(out) == []


def _bad_export(raw: Path, kind: str) -> str:
    """Write one broken raw folder; return a fragment the problem list must contain."""
    ok = ["1", "2015-09-01 10:00", "Uppsala", "Vet ej", "Vet ej", "Vet ej"]
    if kind == "missing_question":
        h = headers_for(2015)[:-1]
        write_csv(raw / "barnbarometern_2015.csv", [h, ok[:-1]])
        return "kolumnen för frågan 'Hur stor andel av utredningarna om barn blev försenade det senaste året?' saknas"
    if kind == "misspelt_question":
        h = headers_for(2015)
        h[3] = h[3].replace("personalomsättningen", "personalomsattningen")
        write_csv(raw / "barnbarometern_2015.csv", [h, ok])
        return "närmast känd: 'Hur stor var personalomsättningen"
    if kind == "missing_time":
        h = headers_for(2015)
        write_csv(raw / "barnbarometern_2015.csv", [[h[0], h[2], *h[3:]], [ok[0], *ok[2:]]])
        return "kolumnen 'Inskickad' saknas"
    if kind == "no_header":
        write_csv(raw / "barnbarometern_2015.csv", [["a", "b"], ["1", "2"]])
        return "ingen rubrikrad hittades"
    if kind == "data_without_header":
        write_csv(raw / "barnbarometern_2015.csv", [[*headers_for(2015), ""], [*ok, "hemligt"]])
        return "kolumn 7 har data men ingen rubrik"
    if kind == "duplicated_header":
        h = headers_for(2015)
        other = next(a for a in ("Vet ej", "Aldrig", "Ingen") if a != ok[3])  # not the same content
        write_csv(raw / "barnbarometern_2015.csv", [[*h, h[3]], [*ok, other]])
        return "förekommer två gånger med olika innehåll (kolumn 4 och 7)"
    if kind == "no_codebook":
        write_csv(raw / "enkat_2015.csv", [headers_for(2015), ok])
        return "enkat_2015.csv: ingen kodbok passar filnamnet"
    if kind == "two_files_one_edition":
        write_csv(raw / "barnbarometern_2015_a.csv", [headers_for(2015), ok])
        write_csv(raw / "barnbarometern_2015_b.csv", [headers_for(2015), ok])
        return "upplaga 2015 finns redan i barnbarometern_2015_a.csv"
    if kind == "unsupported_type":
        (raw / "barnbarometern_2015.txt").write_text("x", encoding="utf-8")
        return "barnbarometern_2015.txt: filtypen stöds inte"
    if kind == "broken_xlsx":
        (raw / "barnbarometern_2015.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
        return "barnbarometern_2015.xlsx: filen kunde inte läsas"
    if kind == "empty":
        return "inga råfiler"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "missing_question",
        "misspelt_question",
        "missing_time",
        "no_header",
        "data_without_header",
        "duplicated_header",
        "no_codebook",
        "two_files_one_edition",
        "unsupported_type",
        "broken_xlsx",
        "empty",
    ],
)
def test_file_problems_stop_the_run(tmp_path, previous, kind):
    out, before = previous
    raw = tmp_path / "raw"
    raw.mkdir()
    fragment = _bad_export(raw, kind)
    with pytest.raises(CleanError) as exc:
        clean(raw, out)
    assert any(fragment in p for p in exc.value.problems), exc.value.problems
    assert changed_files(out, before) == []
    assert leftovers(out) == []


def test_missing_raw_folder_stops_the_run(tmp_path, previous):
    out, before = previous
    with pytest.raises(CleanError, match="finns inte"):
        clean(tmp_path / "nowhere", out)
    assert changed_files(out, before) == []


def test_hidden_and_lock_files_are_ignored(tmp_path, sample_raw_dir):
    raw = copy_raw(sample_raw_dir, tmp_path / "raw", [2013])
    (raw / ".DS_Store").write_bytes(b"\0")
    (raw / "~$barnbarometern_2013_exempel.xlsx").write_bytes(b"lock")
    m = clean(raw, tmp_path / "clean")
    assert list(m["editions"]) == ["2013"]


# --- atomic publishing -------------------------------------------------------------------


@pytest.fixture
def small_raw(tmp_path, sample_raw_dir):
    """A raw folder whose tables differ from the previous ones (two editions only)."""
    return copy_raw(sample_raw_dir, tmp_path / "raw_small", [2013, 2014])


@pytest.mark.parametrize("step", STEPS)
def test_stopping_at_any_step_leaves_the_previous_tables(previous, small_raw, step):
    out, before = previous
    with pytest.raises(StoppedForTest):
        clean(small_raw, out, stop_at=step)
    assert changed_files(out, before) == []
    assert leftovers(out) == []
    assert load_clean(out).editions == list(EDITIONS)


def test_first_publish_and_replacing_leave_no_leftovers(tmp_path, small_raw, sample_raw_dir):
    out = tmp_path / "fresh" / "clean"
    clean(small_raw, out)
    assert load_clean(out).editions == [2013, 2014]
    assert leftovers(out) == []
    clean(sample_raw_dir, out)
    assert load_clean(out).editions == list(EDITIONS)
    assert leftovers(out) == []


def _crash(raw: Path, out: Path, step: str) -> subprocess.CompletedProcess:
    env = {**os.environ, STOP_ENV: step}
    return subprocess.run(
        [sys.executable, "-m", "barnbaro", "clean", "--raw", str(raw), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def crashed_mid_swap(previous, small_raw):
    """A real `python -m barnbaro clean` that dies (os._exit) between the two renames."""
    out, before = previous
    r = _crash(small_raw, out, "swap")
    assert r.returncode == 70, r.stderr
    assert not out.exists()
    names = leftovers(out)
    assert len(names) == 2 and any(".old-" in n for n in names) and any(".tmp-" in n for n in names)
    return out, before


def test_repair_after_a_crash_mid_swap_restores_the_previous_tables(crashed_mid_swap):
    out, before = crashed_mid_swap
    note = repair(out)
    assert note and "återställde" in note
    assert changed_files(out, before) == []
    assert leftovers(out) == []
    assert repair(out) is None  # nothing more to do


def test_next_clean_after_a_crash_mid_swap_publishes(crashed_mid_swap, small_raw):
    out, _before = crashed_mid_swap
    m = clean(small_raw, out)
    assert sorted(m["editions"]) == ["2013", "2014"]
    assert load_clean(out).editions == [2013, 2014]
    assert leftovers(out) == []


def test_load_after_a_crash_mid_swap_restores_the_previous_tables(crashed_mid_swap):
    out, before = crashed_mid_swap
    data = load_clean(out)
    assert data.editions == list(EDITIONS)
    assert changed_files(out, before) == []


@pytest.mark.parametrize("step", ["write", "validate"])
def test_crash_before_the_swap_leaves_the_previous_tables(previous, small_raw, step):
    out, before = previous
    r = _crash(small_raw, out, step)
    assert r.returncode == 70, r.stderr
    assert changed_files(out, before) == []
    assert [n for n in leftovers(out) if ".tmp-" in n]  # the crash left its work folder
    assert repair(out) is None
    assert leftovers(out) == []
    assert changed_files(out, before) == []


def test_clean_repairs_first(previous, small_raw):
    """A leftover from an earlier crash is removed by the next run before it starts."""
    out, _before = previous
    stale = out.parent / f".{out.name}.tmp-1-2"
    stale.mkdir()
    (stale / "answers.parquet").write_bytes(b"half")
    clean(small_raw, out)
    assert leftovers(out) == []


def test_an_exception_between_the_renames_puts_the_tables_back(previous, small_raw, monkeypatch):
    """Not only the test hook: any error renaming the new folder in restores the old one."""
    out, before = previous
    real_rename = Path.rename

    def failing_rename(self, target):
        if ".tmp-" in self.name:
            raise PermissionError("simulated")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(PermissionError):
        clean_mod.clean(small_raw, out)
    monkeypatch.undo()
    assert changed_files(out, before) == []
    assert leftovers(out) == []


def test_repair_removes_an_old_folder_left_after_a_completed_swap(previous):
    """A crash after the second rename leaves the new tables in place and the old beside them."""
    out, before = previous
    old = out.parent / f".{out.name}.old-123-20180101000000000000"
    shutil.copytree(out, old)
    assert repair(out) is None
    assert changed_files(out, before) == []
    assert leftovers(out) == []


def test_load_never_removes_a_running_clean_s_work_folder(previous):
    """Loading puts back missing tables but leaves work folders alone (a clean may be running)."""
    out, before = previous
    work = out.parent / f".{out.name}.tmp-99-1"
    work.mkdir()
    load_clean(out)
    assert work.exists()
    assert changed_files(out, before) == []


@pytest.mark.parametrize("step", STEPS)
def test_stopping_a_first_publish_leaves_nothing(tmp_path, small_raw, step):
    out = tmp_path / "first" / "clean"
    with pytest.raises(StoppedForTest):
        clean(small_raw, out, stop_at=step)
    assert not out.exists()
    if out.parent.exists():  # made from the 'write' step on
        assert leftovers(out) == []


def test_repeated_and_merged_headers_over_the_same_data_are_accepted(tmp_path):
    """A survey tool that repeats a column, or a title block merged across columns, loses
    nothing: the run goes through and counts every row."""
    import openpyxl

    from barnbaro.pipeline.readers import read_rows

    rows = read_rows(Path("data/raw/barnbarometern_2018_exempel.xlsx"))
    raw = tmp_path / "raw"
    raw.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Barnbarometern 2018, export"])
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(rows[0] + [rows[0][3]])  # the municipality column twice
    for r in rows[1:]:
        ws.append(r + [r[3]])
    wb.save(raw / "barnbarometern_2018_survey.xlsx")
    m = clean(raw, tmp_path / "clean")
    c = m["editions"]["2018"]
    assert c["raw_rows"] == len(rows) - 1
    assert c["used_rows"] == 171 and c["raw_rows"] == c["used_rows"] + c["rejected_rows"]
    assert m["kind"] == "survey"
