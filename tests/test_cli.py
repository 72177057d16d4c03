"""barnbaro.cli: `python -m barnbaro sample | clean | check` and their exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from barnbaro.cli import TOLERANCE_PP, main
from barnbaro.core import paths
from barnbaro.core.catalogue import EDITIONS
from barnbaro.core.published import load_figures
from barnbaro.pipeline.readers import read_mark
from tests.pipeline_helpers import changed_files, read_manifest, rewrite_table, snapshot, update_manifest, write_csv

ROOT = Path(__file__).resolve().parents[1]
FIGURES = load_figures()


def run_module(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "barnbaro", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


# --- check -------------------------------------------------------------------------------


def test_check_passes_on_the_bundled_data_and_prints_every_figure():
    r = run_module("check", "--data", str(paths.CLEAN_DIR))
    assert r.returncode == 0, r.stderr
    assert "exempeldata" in r.stdout
    for fid in FIGURES["figure_id"]:
        assert fid in r.stdout
    assert "<--" not in r.stdout
    assert f"Alla {len(FIGURES)} publicerade figurer återges inom ±2 procentenheter." in r.stdout


def test_check_defaults_to_the_bundled_data(capsys):
    assert main(["check"]) == 0
    assert str(paths.CLEAN_DIR) in capsys.readouterr().out


def _push_2018_turnover_down(d: Path, k: int = 15) -> None:
    """Move k of the 2018 '0-10' answers to '11-20': 2018_oms_0_10 (45 %) falls by ~9 pp."""
    a = pd.read_parquet(d / "answers.parquet")
    idx = a.index[(a["edition"] == 2018) & (a["indicator_id"] == "personalomsattning") & (a["answer"] == "0-10")][:k]
    assert len(idx) == k
    a.loc[idx, "answer"] = "11-20"
    rewrite_table(d, "answers", a)


def test_check_fails_sample_data_off_by_more_than_tolerance(clean_copy, capsys):
    _push_2018_turnover_down(clean_copy)
    assert main(["check", "--data", str(clean_copy)]) == 1
    out, err = capsys.readouterr()
    flagged = [line for line in out.splitlines() if "<--" in line]
    assert len(flagged) == 1 and flagged[0].startswith("2018_oms_0_10")
    assert "1 figurer avviker mer än 2 procentenheter" in err


def test_check_reports_but_accepts_survey_data_off_by_more_than_tolerance(clean_copy, capsys):
    _push_2018_turnover_down(clean_copy)
    update_manifest(clean_copy, lambda m: m.update(kind="survey", generator=None))
    assert main(["check", "--data", str(clean_copy)]) == 0
    out = capsys.readouterr().out
    assert "enkätdata" in out
    assert "1 figurer avviker mer än 2 procentenheter (enkätdata: rapporteras, bedöms inte)" in out


@pytest.mark.parametrize("k, fails", [(1, False), (3, False), (4, True)])
def test_tolerance_boundary(clean_copy, capsys, k, fails):
    """2018_oms_0_10 is 77/171 = 45.03 % against 45 %: moving 3 answers gives 43.27 % (-1.73 pp,
    within), 4 gives 42.69 % (-2.31 pp, outside)."""
    a = pd.read_parquet(clean_copy / "answers.parquet")
    x = a[(a["edition"] == 2018) & (a["indicator_id"] == "personalomsattning") & a["answer"].notna()]
    assert (int((x["answer"] == "0-10").sum()), len(x)) == (77, 171)
    _push_2018_turnover_down(clean_copy, k)
    assert TOLERANCE_PP == 2.0
    assert main(["check", "--data", str(clean_copy)]) == (1 if fails else 0)


def test_check_via_subprocess_exits_non_zero_on_tampering(clean_copy):
    (clean_copy / "manifest.json").unlink()
    r = run_module("check", "--data", str(clean_copy))
    assert r.returncode == 2
    assert "manifest.json saknas" in r.stderr


# --- sample and clean --------------------------------------------------------------------


def test_sample_command_writes_marked_files_with_the_seed(tmp_path, capsys):
    out = tmp_path / "raw"
    assert main(["sample", "--out", str(out), "--seed", "5"]) == 0
    assert "frö 5" in capsys.readouterr().out
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [f"barnbarometern_{e}_exempel.xlsx" for e in EDITIONS]
    assert {read_mark(f)["seed"] for f in files} == {5}


def test_clean_command_publishes_and_prints_accounting(tmp_path, sample_raw_dir, capsys):
    out = tmp_path / "clean"
    assert main(["clean", "--raw", str(sample_raw_dir), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "EXEMPELDATA" in text
    m = read_manifest(out)
    for e, c in m["editions"].items():
        assert f"{e:>8} {c['raw_rows']:>10} {c['used_rows']:>8} {c['rejected_rows']:>9}" in text


def test_clean_command_exits_2_listing_problems_and_leaves_out_untouched(tmp_path, clean_copy, capsys):
    before = snapshot(clean_copy)
    raw = tmp_path / "raw"
    raw.mkdir()
    write_csv(
        raw / "barnbarometern_2013.csv",
        [
            [
                "Respondent",
                "Datum",
                "Kommun",
                "Hur stor var personalomsättningen bland socialsekreterarna inom barn och unga under det senaste året?",
            ],
            ["1", "2013-09-01", "Lund", "Kanske"],
        ],
    )
    (raw / "anteckningar.txt").write_text("x", encoding="utf-8")
    assert main(["clean", "--raw", str(raw), "--out", str(clean_copy)]) == 2
    err = capsys.readouterr().err
    assert "ingenting publicerades" in err and "2 problem" in err
    assert "okänt svar 'Kanske'" in err and "anteckningar.txt" in err
    assert changed_files(clean_copy, before) == []


def test_unknown_command_is_a_usage_error():
    r = run_module("frobnicate")
    assert r.returncode == 2
    assert "usage" in r.stderr.lower()
