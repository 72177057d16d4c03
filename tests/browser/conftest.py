"""Browser-test harness: one Streamlit server and one Chromium per session, a fresh guarded
page per test. See tests/browser/README.md."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.chromium import ARGS, HOW_TO_INSTALL, find_chromium
from tests.browser.helpers import ARTIFACTS, SERVER_LOG, log_tail, shoot, wait_for_app  # noqa: F401 (shoot, wait_for_app re-exported)

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM_ARGS = ARGS
VIEWPORTS = {"desktop": (1280, 900), "phone": (375, 812)}
LOCAL_HOSTS = {"127.0.0.1"}
# Page errors that are known noise, not app bugs.
HARMLESS = [
    re.compile(p)
    for p in (
        r"GPU stall due to ReadPixels",
        r"ResizeObserver loop (limit exceeded|completed with undelivered notifications)",
    )
]


def is_local(url: str) -> bool:
    return urlsplit(url).hostname in LOCAL_HOSTS


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)  # lets fixtures see whether the test failed
    return report


# --- the app -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def start_app(tmp_path_factory, log_path, **env_extra):
    """Start the app as `make run` does (`python -m barnbaro.ui.serve`: `streamlit run app.py`
    with its caches filled at start) on a free port, with `env_extra` added to the environment
    (another data folder, another Kolada copy); yield its base URL. Its output goes to
    `log_path`, whose last lines a failed start reports."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    home = tmp_path_factory.mktemp("home")  # Streamlit may write ~/.streamlit
    env = dict(os.environ, HOME=str(home), PYTHONUNBUFFERED="1", **env_extra)
    ARTIFACTS.mkdir(exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "barnbaro.ui.serve",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                why = f"exited with {proc.returncode}" if proc.poll() is not None else "timed out"
                pytest.fail(
                    f"Streamlit server {why} before /_stcore/health said ok.\n"
                    f"Last lines of {log_path}:\n{log_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """The app on its bundled data, for every browser test that needs nothing else."""
    with start_app(tmp_path_factory, SERVER_LOG) as url:
        yield url


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    path = find_chromium()
    if path is None:  # fail, never skip: a missing browser must not look like a green run
        pytest.fail(HOW_TO_INSTALL, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser, app_server, request):
    """Factory: new_page("desktop" | "phone" | (width, height)) -> a Playwright Page whose
    relative URLs go to the app (page.goto("/")). Every request not to 127.0.0.1 is aborted,
    and the test fails at teardown if one was tried or the page threw an uncaught JS error."""
    contexts, outside, errors, consoles = [], [], [], []

    def make(viewport="desktop"):
        width, height = VIEWPORTS[viewport] if isinstance(viewport, str) else viewport
        phone = width < 600
        context = browser.new_context(
            base_url=app_server,
            viewport={"width": width, "height": height},
            is_mobile=phone,
            has_touch=phone,
            locale="sv-SE",
            timezone_id="Europe/Stockholm",
        )
        context.set_default_timeout(30_000)
        contexts.append(context)

        def guard(route):
            if is_local(route.request.url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        def check_websocket(ws):  # websockets bypass routing; record, can't abort
            if not is_local(ws.url):
                outside.append(ws.url)

        context.route("**/*", guard)
        page = context.new_page()
        page.on("websocket", check_websocket)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: consoles.append(msg.text) if msg.type == "error" else None)
        return page

    yield make

    if contexts and getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                try:
                    shoot(page, f"FAILED-{request.node.name}-{i}{j}")
                except Exception as exc:  # a crashed page must not hide the real failure
                    print(f"no failure screenshot: {exc}")
    for context in contexts:
        context.close()
    errors = [e for e in errors if not any(h.search(e) for h in HARMLESS)]
    problems = []
    if outside:
        problems.append("requests outside 127.0.0.1 (aborted):\n  " + "\n  ".join(outside))
    if errors:
        problems.append("uncaught JS errors:\n  " + "\n  ".join(errors))
    if problems:
        if consoles:
            problems.append("console errors:\n  " + "\n  ".join(consoles))
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_page):
    """A desktop-sized (1280x900) guarded page; use new_page("phone") for 375x812."""
    return new_page()
