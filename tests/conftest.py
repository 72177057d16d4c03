"""Shared set-up for the non-browser tests.

- A hypothesis profile that does not flake on a slow 2-core machine: no deadline, modest
  example counts. `HYPOTHESIS_PROFILE=thorough` runs more examples when wanted.
- Session-scoped sample data: the generator runs once per session (default seed) into a
  temporary folder, and is cleaned once; tests that change data copy it first.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "barnbaro",
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
    print_blob=True,
)
settings.register_profile("thorough", parent=settings.get_profile("barnbaro"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "barnbaro"))


@pytest.fixture(scope="session")
def default_seed() -> int:
    from barnbaro.pipeline.sample import load_targets

    return int(load_targets()["default_seed"])


@pytest.fixture(scope="session")
def sample_raw_dir(tmp_path_factory, default_seed) -> Path:
    """The generator's raw exports for the default seed (written once per session; read only)."""
    from barnbaro.pipeline.sample import write_raw

    out = tmp_path_factory.mktemp("sample") / "raw"
    write_raw(out, default_seed)
    return out


@pytest.fixture(scope="session")
def sample_clean_dir(tmp_path_factory, sample_raw_dir) -> Path:
    """`sample_raw_dir` cleaned (once per session; read only, copy before changing)."""
    from barnbaro.pipeline.clean import clean

    out = tmp_path_factory.mktemp("sample_clean") / "clean"
    clean(sample_raw_dir, out)
    return out


@pytest.fixture(scope="session")
def sample_data(sample_clean_dir):
    """The loaded, validated tables of `sample_clean_dir` (barnbaro.core.data.CleanData)."""
    from barnbaro.core.data import load_clean

    return load_clean(sample_clean_dir)


@pytest.fixture(scope="session")
def sample_truth(default_seed):
    """What the generator decided for the default seed, before writing it out messily."""
    from barnbaro.pipeline.sample import decide

    return decide(default_seed)


@pytest.fixture
def clean_copy(tmp_path, sample_clean_dir) -> Path:
    """A private copy of the cleaned sample tables, free to tamper with."""
    dst = tmp_path / "clean"
    shutil.copytree(sample_clean_dir, dst)
    return dst


@pytest.fixture(scope="module")
def data():
    """The bundled clean tables (read once per run by tests.explorer_helpers.bundled)."""
    from tests.explorer_helpers import bundled

    return bundled()


@pytest.fixture(scope="module")
def figures():
    """The published national figures (data/published)."""
    from barnbaro.core.published import load_figures

    return load_figures()
