"""The whole kit: numbers, templates (rendered in the worker pool), then per municipality its
SVGs, page and CSV, while the workers convert the PNGs."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import sys
import time
import types
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.catalogue import Catalogue
from ..core.data import CleanData
from . import workers
from .csvfiles import csv_rows, csv_text
from .municipality import municipality_images
from .numbers import prepare
from .pages import index_html, municipality_html
from .progress import Progress
from .specs import map_spec, profile_key, profile_spec, ranking_spec, trend_spec
from .svg import as_template, map_template

PNG_SCALE = 1.0  # text, not pixels, is most of a PNG's cost; the map is drawn large instead
PNG_MODES = ("some", "all", "none")


@dataclass
class Result:
    out: Path
    municipalities: int
    files: int
    seconds: dict  # step -> seconds
    png_mode: str
    jobs: int


def slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "kommun"


def wants_png(stem: str, png_mode: str) -> bool:
    """--png some: the profile chart, the trend grid and the map; all: every image; none: no PNG."""
    return png_mode == "all" or (png_mode == "some" and not stem.startswith("rangordning-"))


@contextlib.contextmanager
def _neutral_main():
    """Spawned workers re-import the parent's __main__. When the caller's __main__ cannot be
    re-run (a Streamlit script, a notebook, a test runner after Streamlit replaced it), the
    workers would die at start and the pool would replace them forever: start them against an
    empty __main__ instead. They need nothing from it."""
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if saved is not None:
            sys.modules["__main__"] = saved


def build(
    out: Path,
    data: CleanData,
    cat: Catalogue,
    figures: pd.DataFrame,
    edition: int,
    codes: list[str],
    lang: str,
    app_url: str,
    png_mode: str = "some",
    jobs: int | None = None,
    progress_stream=None,
) -> Result:
    """Write the press kit into `out` (created; existing files with the same names are
    replaced). Returns what was written and how long each step took.

    With jobs > 1 the PNGs and templates are made in `spawn` worker processes, so a script that
    calls this must do so under ``if __name__ == "__main__":`` (the command line does)."""
    t_start = time.perf_counter()
    seconds = {}
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    pool, finished = None, False
    if jobs > 1:  # started first: the workers start while the numbers are computed
        # spawn, not fork: the parent may already run vl-convert's threads
        with _neutral_main():
            pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=workers.init)
    try:
        t0 = time.perf_counter()
        kit = prepare(data, cat, figures, edition, codes, lang, app_url)
        seconds["siffror"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        map_s, map_codes = map_spec(kit)
        specs = {"__map__": map_s, "__trend__": trend_spec(kit)}  # the slowest first
        if any(kit.status[c] != "none" for c in codes):
            specs.update({ind.id: ranking_spec(kit, ind) for ind in kit.inds})
        for lan_kod in sorted({kit.lan[c][0] for c in codes}):  # the profile chart: one per county
            specs[profile_key(lan_kod)] = profile_spec(kit, lan_kod)
        names = list(specs)
        svgs = (
            pool.map(workers.render_spec, [specs[n] for n in names], chunksize=1)
            if pool
            else [workers.render_spec(specs[n]) for n in names]
        )
        templates = {n: as_template(svg) for n, svg in zip(names, svgs) if n != "__map__"}
        mp = map_template(svgs[0], map_codes)
        seconds["mallar"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        folders = {c: f"{c}-{slug(kit.names[c])}" for c in codes}
        bar = Progress(len(codes), "Pressmaterial", progress_stream)
        pending, errors, files = [], [], 0
        all_rows = []
        for code in codes:
            folder = out / folders[code]
            folder.mkdir(exist_ok=True)
            images = municipality_images(kit, code, templates, mp)
            png, jobs_here = set(), []
            for stem, img in images.items():
                (folder / f"{stem}.svg").write_text(img.svg, encoding="utf-8")
                if wants_png(stem, png_mode):
                    png.add(stem)
                    jobs_here.append((img.svg, str(folder / f"{stem}.png"), PNG_SCALE))
            files += len(images) + len(png)
            rows = csv_rows(kit, code)
            all_rows += rows
            (folder / "siffror.csv").write_text(csv_text(kit, rows), encoding="utf-8-sig")
            (folder / "index.html").write_text(municipality_html(kit, code, images, png), encoding="utf-8")
            files += 2
            if pool is not None and jobs_here:
                pending.append(
                    pool.apply_async(
                        workers.png_job, (jobs_here,), callback=lambda _: bar.update(), error_callback=errors.append
                    )
                )
            else:
                workers.png_job(jobs_here)
                bar.update()
        seconds["svg_html"] = time.perf_counter() - t0  # while the workers already convert PNGs
        csv_name = f"barnbarometern-{edition}.csv"
        (out / csv_name).write_text(csv_text(kit, all_rows), encoding="utf-8-sig")
        (out / "index.html").write_text(index_html(kit, folders, csv_name), encoding="utf-8")
        files += 2
        t1 = time.perf_counter()
        for p in pending:
            p.wait()
        if errors:
            raise RuntimeError(f"PNG-konverteringen misslyckades: {errors[0]!r}")
        seconds["png_vantan"] = time.perf_counter() - t1
        seconds["kommuner"] = time.perf_counter() - t0
        finished = True
    finally:
        if pool is not None:
            pool.close() if finished else pool.terminate()
            pool.join()
    seconds["totalt"] = time.perf_counter() - t_start
    return Result(out, len(codes), files, seconds, png_mode, jobs if pool is not None else 1)
