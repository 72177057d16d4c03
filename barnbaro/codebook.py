"""Codebooks (data/codebook/<edition>.yaml): how each edition's raw export reads.

A codebook maps a raw column header to an indicator id and a raw answer text to a canonical
answer id. Headers and answers are compared after normalising case, spacing and punctuation
(textnorm), so "Vet ej ", "vet ej" and "VET EJ" are one answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import paths
from .textnorm import clean_cell, norm_answer, norm_header


class UnknownAnswer(ValueError):
    """An answer text the codebook does not know (a problem with the file, not the row)."""

    def __init__(self, text: str, known: list[str]):
        super().__init__(text)
        self.text = text
        self.known = known


@dataclass(frozen=True)
class NumberSpec:
    min: float
    max: float
    bands: tuple[dict, ...]

    def band(self, x: float) -> str:
        for b in self.bands:
            if "upto" not in b:
                return b["answer"]
            if x < b["upto"] or (b.get("inclusive") and x == b["upto"]):
                return b["answer"]
        raise ValueError(x)


_NUMBER = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(%|procent)?\s*$", re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """'12,5', '12.5', '8 %', '8%', '8 procent' -> float; anything else -> None."""
    m = _NUMBER.match(clean_cell(text).replace("\u00a0", " "))
    if not m:
        return None
    return float(m.group(1).replace(",", "."))


@dataclass(frozen=True)
class Question:
    indicator_id: str
    header: str
    answers: dict  # normalised raw text -> canonical id
    raw_answers: tuple[str, ...]  # the texts as written in the codebook
    number: NumberSpec | None

    def recode(self, raw: object) -> tuple[str | None, float | None]:
        """Raw cell -> (canonical answer, numeric value). Blank -> (None, None)."""
        text = clean_cell(raw)
        if not text:
            return None, None
        hit = self.answers.get(norm_answer(text))
        if hit is not None:
            return hit, None
        if self.number is not None:
            x = parse_number(text)
            if x is not None and self.number.min <= x <= self.number.max:
                return self.number.band(x), x
        known = list(self.raw_answers)
        if self.number is not None:
            known.append(f"ett tal {self.number.min:g}–{self.number.max:g}")
        raise UnknownAnswer(text, known)


@dataclass(frozen=True)
class Codebook:
    edition: int
    file_pattern: str
    columns: dict  # role -> raw header (respondent_id, submitted_at, kommun)
    ignore: tuple[str, ...]
    test_row_pattern: str
    submitted_at_formats: tuple[str, ...]
    questions: dict  # indicator id -> Question
    path: str = ""

    def matches_file(self, name: str) -> bool:
        return re.search(self.file_pattern, name) is not None

    def header_index(self) -> dict:
        """normalised header -> ('meta', role) | ('question', indicator) | ('ignore', header)."""
        idx = {}
        for role, h in self.columns.items():
            idx[norm_header(h)] = ("meta", role)
        for q in self.questions.values():
            idx[norm_header(q.header)] = ("question", q.indicator_id)
        for h in self.ignore:
            idx[norm_header(h)] = ("ignore", h)
        return idx

    def known_headers(self) -> list[str]:
        return [*self.columns.values(), *(q.header for q in self.questions.values()), *self.ignore]

    def is_test_row(self, kommun_text: str) -> bool:
        return re.search(self.test_row_pattern, clean_cell(kommun_text)) is not None


def parse_codebook(doc: dict, path: str = "") -> Codebook:
    questions = {}
    for ind, q in doc["questions"].items():
        num = q.get("number")
        questions[ind] = Question(
            indicator_id=ind, header=q["header"],
            answers={norm_answer(k): str(v) for k, v in (q.get("answers") or {}).items()},
            raw_answers=tuple((q.get("answers") or {}).keys()),
            number=NumberSpec(num["min"], num["max"], tuple(num["bands"])) if num else None,
        )
    return Codebook(
        edition=int(doc["edition"]), file_pattern=doc["file_pattern"], columns=doc["columns"],
        ignore=tuple(doc.get("ignore") or ()), test_row_pattern=doc.get("test_row_pattern", r"(?!)"),
        submitted_at_formats=tuple(doc.get("submitted_at_formats") or ()), questions=questions, path=path,
    )


@lru_cache(maxsize=4)
def load_codebooks(directory: Path = paths.CODEBOOK_DIR) -> tuple[Codebook, ...]:
    books = []
    for p in sorted(Path(directory).glob("*.yaml")):
        with open(p, encoding="utf-8") as f:
            books.append(parse_codebook(yaml.safe_load(f), str(p)))
    return tuple(books)
