"""Codebooks (data/codebook/<edition>.yaml): how each edition's raw export reads.

A codebook maps a raw column header to an indicator id and a raw answer text to a canonical
answer id. Headers and answers are compared after normalising case, spacing and punctuation
(textnorm), so "Vet ej ", "vet ej" and "VET EJ" are one answer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..core import paths
from ..core.textnorm import clean_cell, norm_answer, norm_header


class CodebookError(ValueError):
    """A codebook that cannot be used (the message names the file and the key)."""


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


# Survey tools' own columns, known for each `layout` without listing them in the codebook:
# role -> the headers the tool writes (its English and Swedish interface), the columns it adds
# that carry nothing the tables use, and how many header rows it writes. Whatever the layout,
# PERSONAL_HEADERS (respondent e-mail, names, IP addresses) are dropped when the file is read.
@dataclass(frozen=True)
class Layout:
    name: str
    tool: str
    meta: dict  # role -> headers
    ignore: tuple[str, ...] = ()
    header_rows: int = 1
    needs_time_format: bool = True


LAYOUTS = {
    "plain": Layout("plain", "en egen export (rubriker enligt kodboken)", {}, needs_time_format=False),
    # SurveyMonkey, "All individual responses" as .xlsx or .csv (expanded): its own columns, then
    # each question; a second header row says "Response", "Open-Ended Response" or, where a
    # question is spread over several columns, the option's text. Times like
    # "09/03/2018 01:00:00 AM", month first unless the account is set otherwise.
    "surveymonkey": Layout(
        "surveymonkey",
        "SurveyMonkey",
        {
            "respondent_id": ("Respondent ID", "Respondent-ID"),
            "submitted_at": ("End Date", "Slutdatum"),
        },
        ignore=("Collector ID", "Start Date", "Insamlar-ID", "Startdatum"),
        header_rows=2,
    ),
    # Google Forms, "Download responses (.csv)" or the linked sheet as .xlsx: "Tidstämpel" /
    # "Timestamp" first, no respondent id, "E-postadress" when addresses are collected.
    "google_forms": Layout(
        "google_forms",
        "Google Formulär (Google Forms)",
        {
            "submitted_at": ("Tidstämpel", "Tidsstämpel", "Timestamp"),
        },
        ignore=("Poäng", "Score", "Total score"),
    ),
    # Microsoft Forms, "Open in Excel" (.xlsx): ID, start and completion time, e-mail, name, and
    # in newer exports the time of the last change.
    "microsoft_forms": Layout(
        "microsoft_forms",
        "Microsoft Forms",
        {
            "respondent_id": ("ID",),
            "submitted_at": ("Sluttid", "Tid för slutförande", "Completion time"),
        },
        ignore=(
            "Starttid",
            "Start time",
            "Senast ändrad",
            "Tid för senaste ändring",
            "Last modified time",
            "Totalt antal poäng",
            "Total points",
            "Frågesportfeedback",
            "Quiz feedback",
        ),
    ),
}
PERSONAL_HEADERS = (
    "Email Address",
    "Email address",
    "Email",
    "E-mail",
    "E-post",
    "E-postadress",
    "Epost",
    "First Name",
    "Last Name",
    "Name",
    "Full name",
    "Förnamn",
    "Efternamn",
    "Namn",
    "Fullständigt namn",
    "IP Address",
    "IP-adress",
    "IP",
    "Respondent Email",
    "Respondentens e-post",
)
PERSONAL_PATTERN = re.compile(r"^(custom data|anpassade data|anpassad data) ?\d*$")
SUBHEADER_SINGLE = ("Response", "Open-Ended Response", "Svar", "Öppet svar", "Fritextsvar")
TIME_FORMATS = ("day_first", "month_first")


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
    layout: str = "plain"
    time_format: str | None = None  # day_first | month_first (dates like 09/03/2018)
    personal: tuple[str, ...] = ()  # further personal-data headers of this export

    @property
    def tool(self) -> Layout:
        return LAYOUTS[self.layout]

    def meta_headers(self, role: str) -> tuple[str, ...]:
        own = (self.columns[role],) if role in self.columns else ()
        return own + tuple(self.tool.meta.get(role, ()))

    def has_role(self, role: str) -> bool:
        return bool(self.meta_headers(role))

    def matches_file(self, name: str) -> bool:
        return re.search(self.file_pattern, name) is not None

    def header_index(self) -> dict:
        """normalised header -> ('meta', role) | ('question', indicator) | ('ignore', header)."""
        idx = {}
        for h in self.tool.ignore:
            idx[norm_header(h)] = ("ignore", h)
        for role, hs in self.tool.meta.items():
            for h in hs:
                idx[norm_header(h)] = ("meta", role)
        for h in self.ignore:
            idx[norm_header(h)] = ("ignore", h)
        # personal data wins over 'ignore' (an e-mail column listed there is still dropped), the
        # entry's own columns and questions win over it
        for h in (*PERSONAL_HEADERS, *self.personal):
            idx[norm_header(h)] = ("personal", h)
        for role, h in self.columns.items():
            idx[norm_header(h)] = ("meta", role)
        for q in self.questions.values():
            idx[norm_header(q.header)] = ("question", q.indicator_id)
        return idx

    def role_of(self, header: str, idx: dict | None = None) -> tuple[str, str] | None:
        key = norm_header(header)
        hit = (self.header_index() if idx is None else idx).get(key)
        if hit is None and PERSONAL_PATTERN.match(key):
            return ("personal", header)
        return hit

    def is_tool_column(self, header: str) -> bool:
        """A column the survey tool adds by itself (its id, times, personal data), not a question."""
        key = norm_header(header)
        own = {norm_header(h) for hs in self.tool.meta.values() for h in hs} | {
            norm_header(h) for h in self.tool.ignore
        }
        return (
            key in own
            or key in {norm_header(h) for h in (*PERSONAL_HEADERS, *self.personal)}
            or PERSONAL_PATTERN.match(key) is not None
        )

    def known_headers(self) -> list[str]:
        tool = [h for hs in self.tool.meta.values() for h in hs] + list(self.tool.ignore)
        return [*self.columns.values(), *tool, *(q.header for q in self.questions.values()), *self.ignore]

    def is_test_row(self, kommun_text: str) -> bool:
        return re.search(self.test_row_pattern, clean_cell(kommun_text)) is not None


def parse_codebook(doc: dict, path: str = "") -> Codebook:
    questions = {}
    for ind, q in doc["questions"].items():
        num = q.get("number")
        questions[ind] = Question(
            indicator_id=ind,
            header=q["header"],
            answers={norm_answer(k): str(v) for k, v in (q.get("answers") or {}).items()},
            raw_answers=tuple((q.get("answers") or {}).keys()),
            number=NumberSpec(num["min"], num["max"], tuple(num["bands"])) if num else None,
        )
    name = Path(path).name or "kodboken"
    layout = doc.get("layout", "plain")
    if layout not in LAYOUTS:
        raise CodebookError(f"{name}: layout '{layout}' är okänd; kända: {', '.join(LAYOUTS)}")
    time_format = doc.get("time_format")
    if time_format is not None and time_format not in TIME_FORMATS:
        raise CodebookError(
            f"{name}: time_format '{time_format}' är okänt; ange day_first (03/09/2018 = 3 september) "
            f"eller month_first (09/03/2018 = 3 september)"
        )
    if time_format is None and LAYOUTS[layout].needs_time_format:
        raise CodebookError(
            f"{name}: layout {layout} skriver datum som 09/03/2018; ange time_format: day_first "
            f"eller month_first (hur kontot var inställt), annars kan dag och månad bytas"
        )
    columns = dict(doc.get("columns") or {})
    if "kommun" not in columns:
        raise CodebookError(f"{name}: columns.kommun saknas (rubriken på frågan om kommun)")
    for role in ("submitted_at",):
        if role not in columns and not LAYOUTS[layout].meta.get(role):
            raise CodebookError(f"{name}: columns.{role} saknas (layout {layout} har ingen egen sådan kolumn)")
    return Codebook(
        edition=int(doc["edition"]),
        file_pattern=doc["file_pattern"],
        columns=columns,
        ignore=tuple(doc.get("ignore") or ()),
        test_row_pattern=doc.get("test_row_pattern", r"(?!)"),
        submitted_at_formats=tuple(doc.get("submitted_at_formats") or ()),
        questions=questions,
        path=path,
        layout=layout,
        time_format=time_format,
        personal=tuple(doc.get("personal") or ()),
    )


@lru_cache(maxsize=4)
def load_codebooks(directory: Path = paths.CODEBOOK_DIR) -> tuple[Codebook, ...]:
    books = []
    for p in sorted(Path(directory).glob("*.yaml")):
        try:
            with open(p, encoding="utf-8") as f:
                doc = yaml.safe_load(f)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            raise CodebookError(f"{p.name}: kodboken kan inte läsas ({type(e).__name__})") from None
        if not isinstance(doc, dict) or not {"edition", "file_pattern", "questions"} <= set(doc):
            raise CodebookError(f"{p.name}: kodboken ska ha edition, file_pattern, columns och questions")
        books.append(parse_codebook(doc, str(p)))
    return tuple(books)


# Submission times as the tools write them. Year first is never ambiguous; day and month in
# "09/03/2018" are read as the codebook's time_format says. A time zone after the time
# ("GMT+2", "CEST", "UTC") is dropped: the times of one file are compared with each other.
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T,]+(.+))?$")
_XYZ = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T,]+(.+))?$")
_CLOCK = re.compile(
    r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(am|pm|a\.m\.|p\.m\.|fm|em|f\.m\.|e\.m\.)?"
    r"\s*(?:z|utc|gmt|[a-z]{3,5}|(?:gmt|utc)?\s*[+-]\d{1,2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)


def parse_time(text: str, time_format: str | None = None, formats: tuple[str, ...] = ()) -> dt.datetime | None:
    """A submission time, or None when the text is no time this codebook reads."""
    text = clean_cell(text)
    for f in formats:
        try:
            return dt.datetime.strptime(text, f)
        except ValueError:
            continue
    m = _YMD.match(text)
    if m:
        y, mo, d, clock = int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)
    else:
        m = _XYZ.match(text)
        if not m or time_format not in TIME_FORMATS:
            return None
        a, b, y, clock = int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)
        y = y + 2000 if y < 100 else y
        d, mo = (a, b) if time_format == "day_first" else (b, a)
    h = mi = sec = 0
    if clock:
        c = _CLOCK.match(clock.strip())
        if not c:
            return None
        h, mi, sec = int(c.group(1)), int(c.group(2)), int(c.group(3) or 0)
        half = (c.group(4) or "").replace(".", "").casefold()
        if half:
            if not 1 <= h <= 12:
                return None
            h = h % 12 + (12 if half in ("pm", "em") else 0)
    try:
        return dt.datetime(y, mo, d, h, mi, sec)
    except ValueError:
        return None
