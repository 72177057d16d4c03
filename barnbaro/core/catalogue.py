"""The indicator catalogue (data/catalogue/indicators.yaml) as typed objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from . import paths

EDITIONS = (2013, 2014, 2015, 2016, 2017, 2018)


@dataclass(frozen=True)
class Answer:
    id: str
    sv: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    kind: str
    unit: str
    title: dict
    short: dict
    answers: tuple[Answer, ...]
    desired: tuple[str, ...]
    dont_know: str | None
    editions: tuple[int, ...]
    editions_basis: dict
    editions_note: dict
    wording_basis: str
    question: dict  # edition -> {sv, en}
    changes: dict = field(default_factory=dict)  # edition -> {sv, en}
    topic: dict = field(default_factory=dict)  # {sv, en}: what the question is about

    @property
    def answer_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.answers)

    @property
    def ranked_answers(self) -> tuple[str, ...]:
        """The answers that take a position, best first ("don't know" excluded)."""
        return tuple(a for a in self.answer_ids if a != self.dont_know)

    def answer_label(self, answer_id: str | None, lang: str) -> str:
        for a in self.answers:
            if a.id == answer_id:
                return a.label(lang)
        return ""

    def desired_label(self, lang: str) -> str:
        """The desired answer(s) in words, as every chart, caption and sentence names them."""
        return " / ".join(self.answer_label(a, lang) for a in self.desired)

    def title_for(self, lang: str) -> str:
        return self.title.get(lang) or self.title["sv"]

    def topic_for(self, lang: str) -> str:
        return self.topic.get(lang) or self.topic.get("sv") or self.short_for(lang)

    def short_for(self, lang: str) -> str:
        return self.short.get(lang) or self.short["sv"]


@dataclass(frozen=True)
class Catalogue:
    themes: dict  # id -> {sv, en}
    indicators: dict  # id -> Indicator

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self.indicators

    def for_edition(self, edition: int) -> list[Indicator]:
        return [i for i in self.indicators.values() if edition in i.editions]

    def theme_label(self, theme: str, lang: str) -> str:
        t = self.themes.get(theme, {})
        return t.get(lang) or t.get("sv") or theme


def _by_edition(d: dict | None) -> dict:
    return {int(k): v for k, v in (d or {}).items()}


def parse_catalogue(doc: dict) -> Catalogue:
    themes = {t["id"]: {"sv": t["sv"], "en": t["en"]} for t in doc["themes"]}
    indicators = {}
    for e in doc["indicators"]:
        ind = Indicator(
            id=e["id"],
            theme=e["theme"],
            kind=e["kind"],
            unit=e["unit"],
            title=e["title"],
            short=e.get("short", e["title"]),
            answers=tuple(Answer(str(a["id"]), a["sv"], a["en"]) for a in e["answers"]),
            desired=tuple(str(a) for a in e["desired"]),
            dont_know=e.get("dont_know"),
            editions=tuple(int(x) for x in e["editions"]),
            editions_basis=_by_edition(e.get("editions_basis")),
            editions_note=e.get("editions_note") or {},
            wording_basis=e.get("wording_basis", ""),
            question=_by_edition(e["question"]),
            changes=_by_edition(e.get("changes")),
            topic=e.get("topic") or {},
        )
        indicators[ind.id] = ind
    return Catalogue(themes=themes, indicators=indicators)


@lru_cache(maxsize=4)
def load_catalogue(path: Path = paths.CATALOGUE) -> Catalogue:
    with open(path, encoding="utf-8") as f:
        return parse_catalogue(yaml.safe_load(f))
