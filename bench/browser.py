"""What a person waits for, measured in a real Chromium, for every page of the app and for a
floor app (a title and one selectbox) measured in the same run.

    .venv/bin/python -m bench.browser [--runs 10] [--changes 10] [--out bench/results/browser.json]

Starts `streamlit run app.py` and `streamlit run bench/floor_app.py` on free 127.0.0.1 ports
(both read the repository's .streamlit/config.toml), drives the system Chromium through
Playwright, and for each page measures:

- cold: a deep link opened in a NEW browser context (empty cache, new session), from
  page.goto until the page is done: a text that depends on the link's state is visible, the
  app reports notRunning + CONNECTED, no stSkeleton is left and every Vega-Lite chart has its
  canvas/svg and every pydeck map its canvas (the same test as tests/browser/helpers.py).
  --runs times per page; plus the websocket bytes and HTTP bytes of that load;
- rerun: --changes changes of a real widget in one tab (the indicator on Rangordning,
  Utveckling and Karta; the municipality on Kommunprofil; the language on Översikt and Om
  data; the selectbox of the floor app), each from the click on the new option until the
  new state's text is visible and the page is done again; plus the websocket payload bytes
  received between the click and the end of that rerun;
- the server's CPU time per cold load and per rerun (psutil), which other load on the
  machine disturbs far less than the wall-clock figures.

Each figure is printed with its ratio to the floor app's, and all of it (with every sample,
the date, the machine and the versions) is written as JSON. Every server is warmed up first
(one visit per page, not counted)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.common import AppServer, cpu_seconds, machine_info, mib, now_iso, percentile, rss_tree, write_json
from tests.browser.chromium import ARGS

CHROMIUM = os.environ.get("BARNBARO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ARGS  # as the browser tests start it
VIEWPORT = {"width": 1280, "height": 900}
APP = '[data-testid="stApp"]'
IDLE = f'{APP}[data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
CHARTS_DRAWN = """() => {
  const drawn = (sel, inner) => [...document.querySelectorAll(sel)].every(el => el.querySelector(inner));
  return !document.querySelector('[data-testid="stSkeleton"]')
      && drawn('[data-testid="stVegaLiteChart"]', 'canvas, svg')
      && drawn('[data-testid="stDeckGlJsonChart"]', 'canvas');
}"""
HTTP_BYTES = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .reduce((sum, e) => sum + (e.transferSize || 0), 0)"""
DEEP = "kommun=0180&indikator=personalomsattning&upplaga=2018"
PROFILE_KOMMUNER = [
    "Uppsala",
    "Malmö",
    "Göteborg",
    "Umeå",
    "Kiruna",
    "Lund",
    "Gotland",
    "Växjö",
    "Örebro",
    "Luleå",
    "Karlstad",
    "Stockholm",
]


class BenchError(Exception):
    pass


@dataclass
class Target:
    name: str
    server: str  # "app" | "floor"
    path: str
    ready: str  # heading text the deep link's state shows when the page is done
    widget: str  # the key of the widget the reruns change
    changes: Callable  # (page, i) -> (commit: the click that changes it, heading of the new state)
    setup: Callable | None = None  # once per tab before the reruns (e.g. open the sidebar)
    samples: dict = field(default_factory=dict)


# --- expected texts, from the app's own catalogue and translations -------------------------


def _texts():
    import pandas as pd

    from barnbaro.core import paths
    from barnbaro.core.catalogue import load_catalogue
    from barnbaro.core.i18n import t

    cat = load_catalogue()
    ind = cat.indicators
    labels = {i: f"{cat.theme_label(x.theme, 'sv')}: {x.title_for('sv')}" for i, x in ind.items()}
    titles = {i: x.title_for("sv") for i, x in ind.items()}
    m = pd.read_parquet(paths.CLEAN_DIR / "municipalities.parquet")
    codes = dict(zip(m["kommun"].astype(str), m["kommun_kod"].astype(str)))
    return cat, labels, titles, codes, t


def wait_done(page, heading: str, timeout: float) -> None:
    page.get_by_role("heading", name=heading).first.wait_for(state="visible", timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout)
    if page.locator('[data-testid="stException"]').count():
        raise BenchError(f"the page shows an exception (see the server log) at {page.url}")


def select_option(page, label: str, option: str, type_text: str | None = None):
    """Open a selectbox by its label; return the commit (the click on `option`)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    opt = page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):  # a click while the fold is still unfolding may only focus the box
        box.click()
        if type_text:
            box.locator("input").press_sequentially(type_text)  # key by key, as a reader types
        try:
            opt.wait_for(state="visible", timeout=5_000)
            # A run that was still under way (the map reporting its selection after a
            # redraw) redraws the box and closes its list: open it again in that case.
            page.wait_for_timeout(300)
            page.wait_for_selector(IDLE, timeout=30_000)
            if not opt.is_visible():
                raise TimeoutError("the list closed")
            return opt.click
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            if type_text:
                box.locator("input").fill("")
    return opt.click


def targets() -> list[Target]:
    cat, labels, titles, codes, t = _texts()
    ids = list(labels)
    start = "personalomsattning"
    cycle = [i for i in ids if i != start] + [start]

    def indicator_change(heading: Callable[[str, int], str]):
        shown = {"edition": 2018}

        def change(page, i):
            new = cycle[i % len(cycle)]
            if i == 0:
                shown["edition"] = 2018  # a new tab starts at the deep link's edition
            eds = cat[new].editions  # the app keeps the edition when the new question has it
            shown["edition"] = shown["edition"] if shown["edition"] in eds else max(eds)
            # typed, as a reader would: the list shows only the options that fit on screen
            commit = select_option(
                page, t("pick_indicator", "sv"), labels[new], type_text=" ".join(titles[new].split()[:3])
            )
            return commit, heading(titles[new], shown["edition"])

        return change

    def profile_change(page, i):
        name = PROFILE_KOMMUNER[i % len(PROFILE_KOMMUNER)]
        commit = select_option(page, t("pick_one_kommun", "sv"), f"{name} ({codes[name]})", type_text=name)
        return commit, t("profile_title", "sv", kommun=name, edition=2018)

    def lang_change(key):
        def change(page, i):
            lang = "en" if i % 2 == 0 else "sv"
            button = page.get_by_role("radio", name={"en": "English", "sv": "Svenska"}[lang])
            return button.click, t(key, lang)

        return change

    def open_sidebar(page):
        page.locator('[data-testid="stExpandSidebarButton"]').first.click()
        page.get_by_role("radio", name="English").wait_for(state="visible")

    def floor_change(page, i):
        from bench.floor_app import FLOOR_OPTIONS

        new = FLOOR_OPTIONS[(i + 1) % len(FLOOR_OPTIONS)]
        return select_option(page, "Val", new), f"Golvet: {new}"

    first = titles[start]
    return [
        Target("floor", "floor", "/", "Golvet: alfa", "w_val", floor_change),
        Target(
            "oversikt",
            "app",
            f"/?{DEEP}",
            t("start_national", "sv"),
            "w_lang",
            lang_change("start_national"),
            open_sidebar,
        ),
        Target(
            "rangordning",
            "app",
            f"/rangordning?{DEEP}",
            t("ranking_title", "sv", indicator=first, edition=2018),
            "w_indikator",
            indicator_change(lambda x, e: t("ranking_title", "sv", indicator=x, edition=e)),
        ),
        Target(
            "utveckling",
            "app",
            f"/utveckling?{DEEP}",
            t("trends_title", "sv", indicator=first),
            "w_indikator",
            indicator_change(lambda x, e: t("trends_title", "sv", indicator=x)),
        ),
        Target(
            "karta",
            "app",
            f"/karta?{DEEP}",
            t("map_title", "sv", indicator=first, edition=2018),
            "w_indikator",
            indicator_change(lambda x, e: t("map_title", "sv", indicator=x, edition=e)),
        ),
        Target(
            "kommunprofil",
            "app",
            f"/kommunprofil?{DEEP}",
            t("profile_title", "sv", kommun="Stockholm", edition=2018),
            "w_kommun_one",
            profile_change,
        ),
        Target(
            "om-data",
            "app",
            f"/om-data?{DEEP}",
            t("about_cite", "sv"),
            "w_lang",
            lang_change("about_title"),
            open_sidebar,
        ),
    ]


# --- measuring ---------------------------------------------------------------------------


class WsBytes:
    """Sums the payload bytes of websocket frames the page receives."""

    def __init__(self, page):
        self.n = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload):
        self.n += len(payload) if isinstance(payload, (bytes, bytearray)) else len(payload.encode())


def server_bytes_sent(port: int) -> dict[str, int] | None:
    """TCP bytes the server has sent on each open connection (`ss -ti` bytes_sent), by the
    peer's address: wire bytes, so compressed when websocket compression is on. None without
    `ss`."""
    if not shutil.which("ss"):
        return None
    out = subprocess.run(
        ["ss", "-Htin", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True, timeout=10
    ).stdout
    # one record per connection: "recv-q send-q local peer" then an indented info line
    return {
        peer: int(sent)
        for peer, sent in re.findall(r"^\S+\s+\S+\s+\S+\s+(\S+)\s*\n\s+.*?\bbytes_sent:(\d+)", out, re.M)
    }


def bytes_sent_between(before: dict[str, int] | None, after: dict[str, int] | None) -> int | None:
    """Bytes sent between two server_bytes_sent() readings, connection by connection. A
    connection that closed in between (a previous tab's, a finished HTTP request) is left
    out instead of making the sum drop; one that opened in between counts from zero."""
    if before is None or after is None:
        return None
    return sum(n - before.get(peer, 0) for peer, n in after.items() if n >= before.get(peer, 0))


def new_page(browser, base_url: str, timeout: float):
    ctx = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="sv-SE", timezone_id="Europe/Stockholm")
    ctx.set_default_timeout(timeout)

    def guard(route):  # nothing but loopback, as the browser tests
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1")):
            route.continue_()
        else:
            route.abort()

    ctx.route("**/*", guard)
    return ctx, ctx.new_page()


def measure_cold(browser, url: str, tg: Target, timeout: float) -> dict:
    ctx, page = new_page(browser, url, timeout)
    try:
        ws = WsBytes(page)
        t0 = time.perf_counter()
        page.goto(tg.path, wait_until="commit")
        wait_done(page, tg.ready, timeout)
        ms = (time.perf_counter() - t0) * 1000
        return {"ms": ms, "ws_bytes": ws.n, "http_bytes": page.evaluate(HTTP_BYTES)}
    finally:
        ctx.close()


def open_pickers(page) -> None:
    """Unfold "Ändra urval" if it is folded (a deep link opens with the pickers folded): a
    reader who changes the view opens it once, so it is opened before the changes are timed."""
    fold = page.locator(".st-key-x_pickers details")
    if fold.count() and fold.get_attribute("open") is None:
        fold.locator("summary").click()
        page.locator(".st-key-x_pickers details[open]").wait_for()


def measure_reruns(browser, url: str, port: int, tg: Target, changes: int, timeout: float) -> list[dict]:
    ctx, page = new_page(browser, url, timeout)
    out = []
    try:
        ws = WsBytes(page)
        page.goto(tg.path)
        wait_done(page, tg.ready, timeout)
        open_pickers(page)
        if tg.setup:
            tg.setup(page)
        for i in range(changes):
            commit, heading = tg.changes(page, i)
            n0, w0 = ws.n, server_bytes_sent(port)
            t0 = time.perf_counter()
            commit()
            wait_done(page, heading, timeout)
            ms = (time.perf_counter() - t0) * 1000
            w1 = server_bytes_sent(port)
            out.append({"ms": ms, "ws_bytes": ws.n - n0, "wire_bytes": bytes_sent_between(w0, w1), "expect": heading})
    finally:
        ctx.close()
    return out


def stats(xs: list[float]) -> dict:
    return {
        "n": len(xs),
        "p50": _r(percentile(xs, 50)),
        "p90": _r(percentile(xs, 90)),
        "min": _r(min(xs) if xs else None),
        "max": _r(max(xs) if xs else None),
    }


def _r(x):
    return None if x is None else round(x, 1)


def run(a) -> dict:
    from playwright.sync_api import sync_playwright

    tgs = [t for t in targets() if a.pages is None or t.name in a.pages or t.name == "floor"]
    servers = {
        "app": AppServer("app.py", name="app", malloc_arena_max=a.malloc_arena_max or None),
        "floor": AppServer("bench/floor_app.py", name="floor", malloc_arena_max=a.malloc_arena_max or None),
    }
    results = {}
    try:
        for s in servers.values():
            print(f"starting {s.name}: {' '.join(s.command()[2:])}", flush=True)
            s.start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for tg in tgs:  # warm-up: every page once, not counted
                    measure_cold(browser, servers[tg.server].url, tg, a.timeout * 4)
                for tg in tgs:
                    srv = servers[tg.server]
                    print(f"  {tg.name}: cold x{a.runs}", end="", flush=True)
                    c0 = cpu_seconds(srv.pid)
                    cold = [measure_cold(browser, srv.url, tg, a.timeout) for _ in range(a.runs)]
                    c1 = cpu_seconds(srv.pid)
                    print(f", reruns x{a.changes}", flush=True)
                    reruns = measure_reruns(browser, srv.url, srv.port, tg, a.changes, a.timeout)
                    c2 = cpu_seconds(srv.pid)
                    # the rerun tab's own first load is in c2 - c1: take out one cold load's CPU
                    cold_cpu = (c1 - c0) / a.runs
                    rerun_cpu = max(0.0, (c2 - c1) - cold_cpu) / a.changes
                    results[tg.name] = {
                        "path": tg.path,
                        "cold_ms": stats([x["ms"] for x in cold]),
                        "cold_ws_bytes": stats([x["ws_bytes"] for x in cold]),
                        "cold_http_bytes": stats([x["http_bytes"] for x in cold]),
                        "cold_server_cpu_ms": round(cold_cpu * 1000, 1),
                        "rerun_ms": stats([x["ms"] for x in reruns]),
                        "rerun_ws_bytes": stats([x["ws_bytes"] for x in reruns]),
                        "rerun_wire_bytes": stats([x["wire_bytes"] for x in reruns if x["wire_bytes"] is not None]),
                        "rerun_server_cpu_ms": round(rerun_cpu * 1000, 1),
                        "rerun_widget": tg.widget,
                        "samples": {"cold": cold, "rerun": reruns},
                    }
            finally:
                browser.close()
        rss = {k: mib(rss_tree(s.pid)) for k, s in servers.items()}
    except BenchError as e:
        for s in servers.values():
            print(f"--- last lines of the {s.name} server log:\n{s.log_tail()}", file=sys.stderr)
        raise SystemExit(f"bench.browser: {e}") from e
    finally:
        for s in servers.values():
            s.stop()
    return {"pages": results, "server_rss_mib_at_end": rss}


def ratios(pages: dict) -> None:
    floor = pages.get("floor")
    keys = [
        ("cold_ms", "p50"),
        ("cold_ms", "p90"),
        ("rerun_ms", "p50"),
        ("rerun_ms", "p90"),
        ("rerun_ws_bytes", "p50"),
        ("rerun_wire_bytes", "p50"),
        ("cold_ws_bytes", "p50"),
    ]
    for r in pages.values():
        r["ratio_to_floor"] = {}
        for k, q in keys:
            base = floor[k][q] if floor else None
            r["ratio_to_floor"][f"{k}.{q}"] = round(r[k][q] / base, 2) if base else None
        for k in ("cold_server_cpu_ms", "rerun_server_cpu_ms"):
            base = floor[k] if floor else None
            r["ratio_to_floor"][k] = round(r[k] / base, 2) if base else None


def table(pages: dict) -> str:
    head = (
        f"{'page':13}{'cold p50 ms':>12}{'p90':>8}{'x':>6} {'rerun p50 ms':>13}{'p90':>8}{'x':>6}"
        f" {'ws B/rerun':>11}{'x':>6} {'wire B/rerun':>13}{'x':>6} "
        f"{'cold ws B':>10}{'x':>6} {'CPU ms cold':>12}{'x':>6}"
        f" {'CPU ms rerun':>13}{'x':>6}"
    )
    lines = [head, "-" * len(head)]

    def f(v, w, d=0):
        return f"{'-' if v is None else (f'{v:.{d}f}')}".rjust(w)

    for name, r in pages.items():
        x = r["ratio_to_floor"]
        lines.append(
            f"{name:13}{f(r['cold_ms']['p50'], 12)}{f(r['cold_ms']['p90'], 8)}{f(x['cold_ms.p50'], 6, 1)} "
            f"{f(r['rerun_ms']['p50'], 13)}{f(r['rerun_ms']['p90'], 8)}{f(x['rerun_ms.p50'], 6, 1)} "
            f"{f(r['rerun_ws_bytes']['p50'], 11)}{f(x['rerun_ws_bytes.p50'], 6, 1)} "
            f"{f(r['rerun_wire_bytes']['p50'], 13)}{f(x['rerun_wire_bytes.p50'], 6, 1)} "
            f"{f(r['cold_ws_bytes']['p50'], 10)}{f(x['cold_ws_bytes.p50'], 6, 1)} "
            f"{f(r['cold_server_cpu_ms'], 12)}{f(x['cold_server_cpu_ms'], 6, 1)} "
            f"{f(r['rerun_server_cpu_ms'], 13)}{f(x['rerun_server_cpu_ms'], 6, 1)}"
        )
    lines.append(
        "x = ratio to the floor app measured in the same run; ws B = websocket payload "
        "bytes the page received (decompressed); wire B = TCP bytes the server sent "
        "(ss bytes_sent, compressed when websocket compression is on)"
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=10, help="cold loads per page (default 10)")
    p.add_argument("--changes", type=int, default=None, help="widget changes per page (default: --runs, at least 10)")
    p.add_argument(
        "--pages", default=None, help="comma-separated subset, e.g. rangordning,karta (the floor is always measured)"
    )
    p.add_argument("--timeout", type=float, default=60.0, help="seconds one load or rerun may take")
    p.add_argument("--malloc-arena-max", type=int, default=2, help="MALLOC_ARENA_MAX for both servers (0: unset)")
    p.add_argument("--out", default="bench/results/browser.json")
    a = p.parse_args(argv)
    a.changes = a.changes or max(a.runs, 10)
    a.pages = set(a.pages.split(",")) if a.pages else None
    if not (1 <= a.runs <= 200 and 1 <= a.changes <= 200):
        p.error("--runs and --changes must be 1..200")
    a.timeout *= 1000  # Playwright counts in ms
    if not os.access(CHROMIUM, os.X_OK):
        p.error(
            f"no Chromium at {CHROMIUM} (set BARNBARO_CHROMIUM, or `make browser`); never `playwright install` here"
        )
    info = machine_info({"chromium": [CHROMIUM, "--version"]})
    t0 = time.perf_counter()
    res = run(a)
    ratios(res["pages"])
    info["loadavg_at_end"] = list(os.getloadavg())
    doc = {
        "benchmark": "bench.browser",
        "date": now_iso(),
        "machine": info,
        "settings": {
            "runs": a.runs,
            "changes": a.changes,
            "viewport": VIEWPORT,
            "deep_link_query": DEEP,
            "chromium_args": CHROMIUM_ARGS,
            "malloc_arena_max": a.malloc_arena_max,
            "wall_seconds": round(time.perf_counter() - t0, 1),
        },
        **res,
    }
    out = write_json(a.out, doc)
    print()
    print(table(res["pages"]))
    print(
        f"loadavg {info['loadavg_at_start'][0]:.1f} at start, {info['loadavg_at_end'][0]:.1f} at end "
        f"(on {info['nproc']} cores: above that, other work shares the machine)"
    )
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
