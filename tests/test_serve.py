"""barnbaro.ui.serve: the server starts warm. Real servers on free ports of 127.0.0.1, a
protocol-level visit (bench.protocol, no browser), and the server's own log."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.common import free_port
from bench.protocol import FINISHED, StreamlitSession

ROOT = Path(__file__).resolve().parents[1]
DEEP = "kommun=0180&indikator=personalomsattning&upplaga=2018"


def _health(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status, r.read().strip()
    except urllib.error.HTTPError as e:
        return e.code, e.read().strip()
    except OSError:
        return 0, b""


def _server(tmp_path: Path, plain: bool):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    run = ["-m", "streamlit", "run", "app.py"] if plain else ["-m", "barnbaro.ui.serve"]
    log = tmp_path / ("plain.log" if plain else "serve.log")
    env = dict(os.environ, HOME=str(tmp_path), PYTHONUNBUFFERED="1")
    with open(log, "wb") as f:
        proc = subprocess.Popen(
            [
                sys.executable,
                *run,
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=f,
            stderr=subprocess.STDOUT,
        )
    statuses = []
    deadline = time.monotonic() + 90
    while True:
        code, body = _health(url)
        statuses.append((code, body))
        if code == 200 and body == b"ok":
            break
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"server did not come up:\n{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.05)
    return proc, url, log, statuses


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _run(coro):
    """asyncio.run in a thread of its own: in the whole suite the browser tests' Playwright
    (sync API) keeps an event loop running in the main thread, where asyncio.run refuses."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _first_visit(url: str, page: str) -> tuple[int, list, list]:
    """The runs the deep link's first visit took (script_finished messages), its texts and
    exceptions."""
    s = StreamlitSession(url, page, DEEP, timeout=120)
    await s.open()
    try:
        r = await s.first_run()
    finally:
        await s.close()
    assert r.runs[-1] == FINISHED
    return len(r.runs), r.texts, r.exceptions


def test_serve_is_warm_before_health_and_runs_a_deep_link_once(tmp_path):
    proc, url, log, statuses = _server(tmp_path, plain=False)
    try:
        text = log.read_text(errors="replace")
        # Health said ok only after the caches were filled and every page had been visited.
        assert "caches filled in" in text
        assert "every page visited once in" in text, text
        for page in ("/rangordning", "/utveckling", "/karta", "/kommunprofil", "/om-data"):
            assert f"{page} " in text.split("every page visited once in", 1)[1]
        assert "warm-up visit of" not in text and "failed" not in text
        assert all(code in (0, 503) for code, _ in statuses[:-1])
        runs, texts, excs = _run(_first_visit(url, "rangordning"))
        assert excs == []
        assert runs == 1  # one run, not a page-file run and then the router's
        assert any("Stockholm" in t for t in texts)
    finally:
        _stop(proc)


def test_plain_streamlit_run_still_works_and_is_what_serve_improves(tmp_path):
    """`streamlit run app.py` stays usable: the page switches to the router itself (two runs
    for the first deep link of the process, the case the launcher removes)."""
    proc, url, log, _ = _server(tmp_path, plain=True)
    try:
        runs, texts, excs = _run(_first_visit(url, "rangordning"))
        assert excs == []
        assert runs == 2
        assert any("Stockholm" in t for t in texts)
        runs, _, _ = _run(_first_visit(url, "rangordning"))
        assert runs == 1
    finally:
        _stop(proc)


def test_fill_caches_ranks_every_question_of_every_edition():
    from barnbaro.ui import data as D
    from barnbaro.ui.serve import fill_caches

    n = fill_caches()
    cat, d = D.catalogue(), D.data()
    assert n == sum(1 for i in cat.indicators for e in cat[i].editions if e in d.editions) > 0


async def _change_in_body_then_language(url: str, new_label: str):
    s = StreamlitSession(url, "rangordning", DEEP, timeout=120)
    await s.open()
    try:
        first = await s.first_run()
        body = await s.change("w_indikator", new_label)
        query_after_body = s.query
        lang = await s.change("w_lang", ["English"])
    finally:
        await s.close()
    again = StreamlitSession(url, "rangordning", query_after_body, timeout=120)
    await again.open()
    try:
        opened = await again.first_run()
    finally:
        await again.close()
    return first, body, query_after_body, lang, opened


def test_a_picker_change_reruns_the_page_body_alone_and_the_url_opens_the_same_view(tmp_path):
    """A picker on a chart page is drawn by the page body's fragment: its change reruns the
    body (the chart, its reading, the share panel) and not the frame (the sample label, the
    language), the URL still follows, and that URL opens the same view in a new session. The
    language is outside the body: changing it reruns everything."""
    from barnbaro.core.catalogue import load_catalogue
    from barnbaro.core.i18n import t
    from bench.protocol import FRAGMENT_DONE

    cat = load_catalogue()
    new = next(i for i, ind in cat.indicators.items() if i != "personalomsattning" and 2018 in ind.editions)
    label = f"{cat.theme_label(cat[new].theme, 'sv')}: {cat[new].title_for('sv')}"
    title = t("ranking_title", "sv", indicator=cat[new].title_for("sv"), edition=2018)
    proc, url, _log, _ = _server(tmp_path, plain=False)
    try:
        first, body, query, lang, opened = _run(_change_in_body_then_language(url, label))
    finally:
        _stop(proc)
    sample = "Kommunernas verkliga svar är inte offentliga"  # the sample label at the top of the frame
    assert first.status == FINISHED and any(sample in x for x in first.texts)
    assert body.status == FRAGMENT_DONE and body.exceptions == []
    assert title in body.texts  # the new view's heading ...
    assert not [x for x in body.texts if sample in x]  # ... and not the frame again
    assert body.messages < first.messages
    assert f"indikator={new}" in query and "kommun=0180" in query and "upplaga=2018" in query
    assert lang.status == FINISHED and any("real answers are not public" in x for x in lang.texts)
    assert opened.exceptions == [] and title in opened.texts
