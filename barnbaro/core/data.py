"""The data model every layer reads: `CleanData`, the validated clean tables with their manifest,
and its loading (`load_clean`, checked by barnbaro.core.validate); the sample label every page,
image, CSV and the press kit shows."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .atomic import repair
from .i18n import t
from .municipalities import names_by_code
from .validate import check_manifest, read_tables, validate_tables

# The interface string of each kind of sample label (each with a variant "_mixed" naming the editions).
SAMPLE_LABEL_KEYS = {"image": "sample_image_label", "short": "sample_short", "banner": "sample_banner"}


class DataError(Exception):
    """The clean data could not be loaded or failed validation."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CleanData:
    answers: pd.DataFrame
    participation: pd.DataFrame
    municipalities: pd.DataFrame
    manifest: dict

    @property
    def is_sample(self) -> bool:
        """True while any edition shown is the sample (the label stays until none is)."""
        return bool(self.sample_editions)

    @property
    def sample_editions(self) -> list[int]:
        return sample_editions(self.manifest)

    def sample_label(self, lang: str, kind: str = "image", **kw) -> str | None:
        return sample_label(self.manifest, lang, kind, **kw)

    @property
    def is_mixed(self) -> bool:
        return bool(self.sample_editions) and len(self.sample_editions) < len(self.editions)

    @property
    def editions(self) -> list[int]:
        return sorted(int(e) for e in self.manifest.get("editions", {}))

    @cached_property
    def names(self) -> dict[str, str]:
        """kommun_kod -> the municipality's name (the one table every view, the map, the Kolada
        parts and the press kit read)."""
        return names_by_code(self.municipalities)


def sample_editions(manifest: dict) -> list[int]:
    """The editions that are the sample, from the manifest: every edition unless the manifest
    says 'survey', or 'mixed' with a kind per edition. Every label of the app, its images, CSVs
    and the press kit asks this one function."""
    editions = manifest.get("editions") if isinstance(manifest.get("editions"), dict) else {}
    every = sorted(int(e) for e in editions if str(e).isdigit())
    kind = manifest.get("kind")
    if kind == "survey":
        return []
    if kind == "mixed":
        return sorted(
            int(e)
            for e, c in editions.items()
            if str(e).isdigit() and not (isinstance(c, dict) and c.get("kind") == "survey")
        )
    return every or [0]  # an unknown kind counts as the sample: never present it as real


def _editions_text(eds: list[int], lang: str) -> str:
    """2013–2017 for a run of years, else 2013, 2015 och 2016 (and in English)."""
    eds = sorted(eds)
    if len(eds) > 2 and eds == list(range(eds[0], eds[-1] + 1)):
        return f"{eds[0]}–{eds[-1]}"
    if len(eds) == 1:
        return str(eds[0])
    return ", ".join(map(str, eds[:-1])) + (" och " if lang == "sv" else " and ") + str(eds[-1])


def sample_label(manifest: dict, lang: str, kind: str = "image", **kw) -> str | None:
    """The sample label for a page, an image or a CSV (kind 'image'), a title ('short') or the
    banner ('banner', with seed=): None when no edition is the sample; naming the sample's
    editions when only some are."""
    sample = sample_editions(manifest)
    if not sample:
        return None
    key = SAMPLE_LABEL_KEYS[kind]
    editions = manifest.get("editions") if isinstance(manifest.get("editions"), dict) else {}
    real = sorted(int(e) for e in editions if str(e).isdigit() and int(e) not in sample)
    if not real:
        return t(key, lang, **kw)
    return t(f"{key}_mixed", lang, editions=_editions_text(sample, lang), real=_editions_text(real, lang), **kw)


def load_clean(directory: Path) -> CleanData:
    """Read and validate the clean tables; raises DataError listing what is wrong."""
    directory = Path(directory)
    if not directory.exists():
        repair(directory, tidy=False)  # a crash between clean's two renames: put the tables back
    manifest, tables, problems = read_tables(directory)
    if not problems:
        problems = check_manifest(directory, manifest) + validate_tables(tables, manifest)
    if problems:
        raise DataError(problems)
    return CleanData(tables["answers"], tables["participation"], tables["municipalities"], manifest)


def load_or_report(path: str | Path, failed: str) -> CleanData | None:
    """The clean tables in `path` for a command, or None once every problem is printed to stderr
    after the line `failed`."""
    try:
        return load_clean(Path(path))
    except DataError as e:
        print(f"{failed} ({len(e.problems)} problem):", file=sys.stderr)
        for p in e.problems:
            print(f"  - {p}", file=sys.stderr)
        return None
