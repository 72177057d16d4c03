"""The sample generator: synthetic raw exports of all six editions.

No municipality's real answers are public, so the project ships these. They are written the way
a survey tool exports (one row per submission, question texts as headers, answer texts as
written, with the mess real exports have) and marked as generated in the workbook's document
properties, so that cleaning can tell sample from survey.

What the generator guarantees, and the tests check:
- deterministic for a seed;
- calibrated: the national shares reproduce the targets in data/sample/targets.yaml, which hold
  every published figure (data/published/figures.csv) exactly;
- a panel: who answers persists, and a municipality's answers are correlated between editions;
- no built-in pattern by county, city/countryside or politics: dispositions are drawn
  independently of everything known about a municipality.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from ..core import paths
from ..core.catalogue import EDITIONS, load_catalogue
from ..core.municipalities import load_municipalities
from ..core.textnorm import norm_answer
from .codebook import Codebook, load_codebooks
from .readers import SAMPLE_MARK_CREATOR

GENERATOR = "barnbaro.sample"  # the name written into the exports and manifests; kept as the data has it
GENERATOR_VERSION = 1

FIELDWORK = {
    2013: (dt.datetime(2013, 9, 2), dt.datetime(2013, 10, 31)),
    2014: (dt.datetime(2014, 9, 1), dt.datetime(2014, 10, 31)),
    2015: (dt.datetime(2015, 8, 31), dt.datetime(2015, 10, 16)),
    2016: (dt.datetime(2016, 9, 5), dt.datetime(2016, 11, 4)),
    2017: (dt.datetime(2017, 5, 19), dt.datetime(2017, 8, 14)),  # as published
    2018: (dt.datetime(2018, 9, 3), dt.datetime(2018, 11, 30)),
}
COMMENTS = [
    "Vi har svårt att rekrytera erfarna socialsekreterare.",
    "Svaren gäller hela IFO.",
    "Osäkert underlag för vissa frågor.",
    "Samverkan med regionen har förbättrats.",
]


def load_targets(path: Path = paths.SAMPLE_TARGETS) -> dict:
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    doc["participation"] = {int(k): v for k, v in doc["participation"].items()}
    doc["distributions"] = {
        ind: {int(e): {str(a): float(p) for a, p in d.items()} for e, d in eds.items()}
        for ind, eds in doc["distributions"].items()
    }
    return doc


def allocate(shares: dict[str, float], n: int) -> dict[str, int]:
    """Whole counts summing to n closest to the shares (largest remainder, ties by order)."""
    total = sum(shares.values())
    exact = {k: v / total * n for k, v in shares.items()}
    counts = {k: math.floor(x) for k, x in exact.items()}
    rest = n - sum(counts.values())
    order = sorted(shares, key=lambda k: (-(exact[k] - counts[k]), list(shares).index(k)))
    for k in order[:rest]:
        counts[k] += 1
    return counts


@dataclass
class Truth:
    """What the generator decided, before it was written out messily (for tests)."""

    respondents: dict  # edition -> list of codes
    partial: dict  # edition -> {code: number of questions answered}
    answers: dict  # (edition, indicator) -> {code: answer id}
    values: dict  # (edition, indicator) -> {code: float}


def decide(seed: int, targets: dict | None = None) -> Truth:
    """The panel: who answers each edition and what they answer."""
    targets = targets or load_targets()
    cat = load_catalogue()
    books = {b.edition: b for b in load_codebooks()}
    codes = load_municipalities()["kommun_kod"].to_numpy()
    rng = np.random.default_rng(seed)
    panel = targets["panel"]
    engagement = rng.normal(size=len(codes))
    disposition = {ind: rng.normal(size=len(codes)) for ind in cat.indicators}
    r = float(panel["year_to_year_correlation"])
    beta = math.log(float(panel["respond_again_odds_ratio"]))
    prev = np.zeros(len(codes))
    truth = Truth({}, {}, {}, {})
    for e in EDITIONS:
        part = targets["participation"][e]
        score = engagement + beta * prev + rng.gumbel(size=len(codes))
        chosen = np.sort(np.argsort(-score)[: part["responded"]])
        prev = np.zeros(len(codes))
        prev[chosen] = 1
        truth.respondents[e] = [codes[i] for i in chosen]
        qs = list(books[e].questions)
        partial_idx = rng.choice(chosen, size=part["partial"], replace=False) if part["partial"] else []
        stops = {codes[i]: int(rng.integers(1, len(qs))) for i in partial_idx}
        truth.partial[e] = stops
        for qi, ind in enumerate(qs):
            idx = np.array([i for i in chosen if codes[i] not in stops or qi < stops[codes[i]]])
            dist = targets["distributions"][ind][e]
            counts = allocate(dist, len(idx))
            latent = math.sqrt(r) * disposition[ind][idx] + math.sqrt(1 - r) * rng.normal(size=len(idx))
            dk = cat[ind].dont_know
            order = rng.permutation(len(idx))
            dk_pos = set(order[: counts.get(dk, 0)].tolist())
            rest = sorted((p for p in range(len(idx)) if p not in dk_pos), key=lambda p: latent[p])
            ans = {codes[idx[p]]: dk for p in dk_pos}
            pos = 0
            for a in cat[ind].ranked_answers:
                for p in rest[pos : pos + counts.get(a, 0)]:
                    ans[codes[idx[p]]] = a
                pos += counts.get(a, 0)
            truth.answers[(e, ind)] = ans
            q = books[e].questions[ind]
            if q.number is not None:
                truth.values[(e, ind)] = {c: _value_in_band(rng, a) for c, a in ans.items() if a != dk}
    return truth


def _value_in_band(rng, band: str) -> float:
    lo, hi = {"0-10": (0.0, 10.0), "11-20": (10.1, 20.0), "21-29": (20.1, 29.9), "30+": (30.0, 55.0)}[band]
    return round(float(rng.uniform(lo, hi)), 1)


def _raw_texts(book: Codebook) -> dict:
    """indicator -> canonical id -> the raw text the survey tool writes (first in codebook)."""
    out = {}
    for ind, q in book.questions.items():
        m = {}
        for raw in q.raw_answers:
            m.setdefault(q.answers[norm_answer(raw)], raw)
        out[ind] = m
    return out


def _messy_name(rng, code: str, name: str) -> str:
    if name == "Gotland" and rng.random() < 0.7:
        return "Region Gotland"
    u = rng.random()
    gen = name if name[-1] in "sxz" else name + "s"
    if u < 0.55:
        return name
    if u < 0.68:
        return f"{name} kommun"
    if u < 0.76:
        return f"{gen} kommun"
    if u < 0.80:
        return name.upper() if rng.random() < 0.5 else name.lower()
    if u < 0.88:
        return f"  {name} " if rng.random() < 0.5 else f"{name}  "
    if u < 0.92:
        return code.lstrip("0")
    if u < 0.96 and ("-" in name or " " in name):
        return name.replace("-", " ") if "-" in name else name.replace(" ", "-")
    if u < 0.98 and name in ("Stockholm", "Göteborg", "Malmö"):
        return f"{gen} stad"
    return name


def _messy_answer(rng, text: str) -> str:
    u = rng.random()
    if u < 0.04:
        return text.lower()
    if u < 0.06:
        return text.upper()
    if u < 0.10:
        return f" {text} " if rng.random() < 0.5 else f"{text}  "
    return text


def _format_number(rng, x: float):
    u = rng.random()
    if u < 0.4:
        return x  # a number cell
    s = f"{x:.1f}".replace(".", ",") if not float(x).is_integer() else str(int(x))
    if u < 0.8:
        return s
    return f"{s} %" if u < 0.9 else f"{s}%"


def build_rows(seed: int, truth: Truth | None = None) -> dict:
    """edition -> (headers, rows): the raw export as cells, messy as real exports are."""
    truth = truth or decide(seed)
    books = {b.edition: b for b in load_codebooks()}
    names = dict(load_municipalities()[["kommun_kod", "kommun"]].itertuples(index=False))
    rng = np.random.default_rng(seed + 1)
    out = {}
    for e in EDITIONS:
        book = books[e]
        texts = _raw_texts(book)
        qs = list(book.questions)
        cols = book.columns
        has_start = "Startad" in book.ignore
        comment_h = [h for h in book.ignore if h != "Startad"][0]
        headers = [
            cols["respondent_id"],
            *(["Startad"] if has_start else []),
            cols["submitted_at"],
            cols["kommun"],
            *(book.questions[q].header for q in qs),
            comment_h,
        ]
        start, end = FIELDWORK[e]
        span = (end - start).total_seconds()

        def when(frac, start=start, span=span):
            t = start + dt.timedelta(seconds=int(frac * span))
            return t.replace(microsecond=0)

        records = []  # [submitted, kommun text, answer cells, comment, code]
        for code in truth.respondents[e]:
            stop = truth.partial[e].get(code)
            cells = []
            for qi, ind in enumerate(qs):
                a = truth.answers[(e, ind)].get(code)
                if a is None or (stop is not None and qi >= stop):
                    cells.append(None)
                elif book.questions[ind].number is not None and a != "vet_ej":
                    cells.append(_format_number(rng, truth.values[(e, ind)][code]))
                else:
                    cells.append(_messy_answer(rng, texts[ind][a]))
            comment = COMMENTS[int(rng.integers(len(COMMENTS)))] if rng.random() < 0.1 else None
            records.append([when(rng.beta(1.3, 2.5)), _messy_name(rng, code, names[code]), cells, comment, code])
        # An earlier duplicate submission from one or two municipalities: the later one wins.
        for code in rng.choice(truth.respondents[e], size=1 + (e % 2), replace=False):
            later = next(r for r in records if r[4] == code)
            cells = [_random_answer(rng, book, texts, ind) for ind in qs]
            records.append([later[0] - dt.timedelta(days=int(rng.integers(1, 10))), names[code], cells, None, None])
        # A test row from whoever set up the survey, and in some editions an unmatched name.
        records.append(
            [
                when(0.0) + dt.timedelta(hours=1),
                "Test" if e % 2 else "TEST - ta bort",
                [_random_answer(rng, book, texts, ind) for ind in qs],
                "test",
                None,
            ]
        )
        if e in (2014, 2017):
            records.append(
                [
                    when(0.5),
                    "Socialförvaltningen, IFO",
                    [_random_answer(rng, book, texts, ind) for ind in qs],
                    None,
                    None,
                ]
            )
        records.sort(key=lambda r: r[0])
        rows = []
        for i, (t, kommun, cells, comment, _code) in enumerate(records, start=1):
            started = [t - dt.timedelta(minutes=int(rng.integers(8, 90)))] if has_start else []
            rows.append([1000 * (e - 2000) + i, *started, t, kommun, *cells, comment])
        for _ in range(2):  # blank rows, as when someone deletes a submission's contents
            rows.insert(int(rng.integers(1, len(rows))), [None] * len(headers))
        out[e] = (headers, rows)
    return out


def _random_answer(rng, book, texts, ind):
    q = book.questions[ind]
    ids = list(texts[ind])
    if q.number is not None and rng.random() < 0.9:
        return _format_number(rng, round(float(rng.uniform(0, 50)), 1))
    return texts[ind][ids[int(rng.integers(len(ids)))]]


def write_raw(out: Path, seed: int) -> list[Path]:
    """Write one .xlsx per edition into `out`, replacing what is there."""
    import openpyxl

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = []
    for e, (headers, rows) in build_rows(seed).items():
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Svar"
        ws.append(headers)
        for r in rows:
            ws.append(r)
        stamp = dt.datetime(e, 12, 1, 12, 0, 0)
        wb.properties.creator = SAMPLE_MARK_CREATOR
        wb.properties.title = f"Barnbarometern {e}: EXEMPELDATA, inte riktiga svar"
        wb.properties.description = json.dumps(
            {
                "generator": GENERATOR,
                "version": GENERATOR_VERSION,
                "seed": seed,
                "edition": e,
                "note": "Synthetic sample data, not real answers",
            },
            ensure_ascii=False,
        )
        wb.properties.created = stamp
        wb.properties.modified = stamp
        path = out / f"barnbarometern_{e}_exempel.xlsx"
        wb.save(path)
        written.append(path)
    return written
