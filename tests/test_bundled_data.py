"""The bundled data (data/raw, data/clean) is what the commands make: regenerating with the default
seed and cleaning reproduces it, and it is valid."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from barnbaro.core import paths
from barnbaro.core.atomic import sha256
from barnbaro.core.catalogue import EDITIONS
from barnbaro.core.data import load_clean
from barnbaro.pipeline.clean import TABLES
from barnbaro.pipeline.readers import read_mark
from tests.pipeline_helpers import read_manifest, xlsx_cells

RAW_NAMES = [f"barnbarometern_{e}_exempel.xlsx" for e in EDITIONS]


def test_bundled_raw_files_are_the_six_generated_exports(default_seed):
    assert sorted(p.name for p in paths.RAW_DIR.iterdir()) == RAW_NAMES
    for name in RAW_NAMES:
        mark = read_mark(paths.RAW_DIR / name)
        assert mark and mark["seed"] == default_seed, name


@pytest.mark.parametrize("name", RAW_NAMES)
def test_regenerated_raw_file_has_the_same_cells(sample_raw_dir, name):
    """Cell by cell; only the zip's embedded timestamps may differ between runs."""
    bundled, fresh = xlsx_cells(paths.RAW_DIR / name), xlsx_cells(sample_raw_dir / name)
    assert len(bundled) == len(fresh)
    for i, (b, f) in enumerate(zip(bundled, fresh), start=1):
        assert b == f, f"{name} row {i}"


@pytest.mark.parametrize("table", TABLES)
def test_recleaned_tables_equal_the_bundled_tables(sample_clean_dir, table):
    pd.testing.assert_frame_equal(
        pd.read_parquet(sample_clean_dir / f"{table}.parquet"), pd.read_parquet(paths.CLEAN_DIR / f"{table}.parquet")
    )


def test_recleaned_rejected_csv_equals_the_bundled_one(sample_clean_dir):
    assert (sample_clean_dir / "rejected.csv").read_bytes() == (paths.CLEAN_DIR / "rejected.csv").read_bytes()


def test_recleaned_manifest_equals_the_bundled_one_apart_from_time_and_xlsx_checksums(sample_clean_dir, sample_raw_dir):
    fresh, bundled = read_manifest(sample_clean_dir), read_manifest(paths.CLEAN_DIR)
    for m in (fresh, bundled):
        m.pop("built_at")
    fresh_files = fresh.pop("raw_files")
    bundled_files = bundled.pop("raw_files")
    assert fresh == bundled  # tables (with their checksums), editions, accounting, generator
    assert [{k: v for k, v in f.items() if k != "sha256"} for f in fresh_files] == [
        {k: v for k, v in f.items() if k != "sha256"} for f in bundled_files
    ]
    for f in bundled_files:  # the bundled manifest describes the bundled raw files
        assert sha256(paths.RAW_DIR / f["name"]) == f["sha256"], f["name"]


def test_bundled_clean_data_is_valid_sample_data(default_seed):
    data = load_clean(paths.CLEAN_DIR)
    assert data.is_sample
    assert data.editions == list(EDITIONS)
    m = json.loads((paths.CLEAN_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert m["generator"]["seed"] == default_seed
    assert sorted(p.name for p in paths.CLEAN_DIR.iterdir()) == sorted(
        ["manifest.json", "rejected.csv", *(f"{t}.parquet" for t in TABLES)]
    )


def test_no_leftovers_beside_the_bundled_data():
    leftovers = [p.name for p in paths.DATA.iterdir() if p.name.startswith((".clean.tmp-", ".clean.old-"))]
    assert leftovers == []
