"""Load the app's server with many protocol-level sessions (no browser) and measure rerun
latency, errors and the server's memory.

    .venv/bin/python -m bench.load --sessions 50 --changes 5 [--think 2-5]
    .venv/bin/python -m bench.load --arrival-rate 5 --duration 300          # "press peak"
    .venv/bin/python -m bench.load --url http://127.0.0.1:8600 --backends deploy/run/backends.tsv

Closed mode (default): --sessions sessions open at once (spread over --ramp seconds), each
loads the page (default /rangordning?kommun=0180&...) and then changes the municipality widget
--changes times, waiting a seeded random think time (--think, seconds) before each change.
Press-peak mode (--arrival-rate R --duration D): new sessions arrive at R per second (Poisson,
seeded) for D seconds, each loading the page and making two changes (--changes overrides).

A run counts only when it ends with script_finished FINISHED_SUCCESSFULLY, shows no exception
element, and its text elements name the newly selected municipality in a text that the
previous run did not have (so a list of every municipality does not count as proof).

By default the command starts its own server (`streamlit run app.py` on a free 127.0.0.1
port, --server.disconnectedSessionTTL 5, MALLOC_ARENA_MAX=2) and stops it at the end. With
--url it targets a running server or balancer; only loopback addresses are accepted.
Memory: RSS of each server process and its children, before (after a warm-up session has
expired), at peak (sampled every 0.5 s) and after (the sessions closed, their TTL waited out,
and one bare connection made so that the server reaps the expired sessions).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bench.common import (
    AppServer,
    cpu_seconds,
    machine_info,
    mib,
    now_iso,
    require_loopback,
    rss_tree,
    summary,
    write_json,
)
from bench.protocol import FINISHED, FRAGMENT_DONE, ProtocolError, StreamlitSession

PAGES = {  # url path -> the municipality widget's key on that page
    "rangordning": "w_kommun",
    "utveckling": "w_kommun",
    "karta": "w_kommun",
    "kommunprofil": "w_kommun_one",
}
DEFAULT_QUERY = "indikator=personalomsattning&upplaga=2018"
MAX_SESSIONS = 5000
LABEL = re.compile(r"^(?P<name>.+) \((?P<code>\d{4})\)$")


# --- the server side: pids, memory, per-process metrics ---------------------------------


def read_backends(path: str) -> list[dict]:
    """Lines 'name url pid' (deploy/run_local.sh writes deploy/run/backends.tsv)."""
    out = []
    for line in Path(path).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, url, pid = line.split()[:3]
            out.append({"name": name, "url": require_loopback(url), "pid": int(pid)})
    return out


def listening_pid(port: int) -> int | None:
    import psutil

    try:
        for c in psutil.net_connections(kind="tcp"):
            if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port and c.pid:
                return c.pid
    except psutil.AccessDenied:
        pass
    return None


def metrics(url: str) -> dict:
    """Streamlit's own counters: active_sessions and session connects (one process)."""
    q = "/_stcore/metrics?families=active_sessions&families=session_events"
    try:
        with urllib.request.urlopen(url + q, timeout=5) as r:
            text = r.read().decode()
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        m = re.match(r'^(active_sessions|session_events_total\{type="(\w+)"\})\s+([0-9.]+)', line)
        if m:
            out["active_sessions" if m.group(1) == "active_sessions" else m.group(2)] = float(m.group(3))
    return out


class Sampler:
    """Samples RSS (every 0.5 s) and the per-process session gauges (every 1 s)."""

    def __init__(self, backends: list[dict]):
        self.backends = backends
        self.peak_rss = {b["name"]: 0 for b in backends}
        self.peak_total = 0
        self.peak_active = {b["name"]: 0 for b in backends}
        self._task = None

    async def _loop(self):
        i = 0
        while True:
            total = 0
            for b in self.backends:
                r = rss_tree(b["pid"]) if b.get("pid") else None
                if r:
                    self.peak_rss[b["name"]] = max(self.peak_rss[b["name"]], r)
                    total += r
            self.peak_total = max(self.peak_total, total)
            if i % 2 == 0:
                ms = await asyncio.gather(*(asyncio.to_thread(metrics, b["url"]) for b in self.backends))
                for b, m in zip(self.backends, ms):
                    a = m.get("active_sessions")
                    if a is not None:
                        self.peak_active[b["name"]] = max(self.peak_active[b["name"]], int(a))
            i += 1
            await asyncio.sleep(0.5)

    def start(self):
        self._task = asyncio.create_task(self._loop())

    async def stop(self):
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass


def snapshot(backends: list[dict]) -> dict:
    return {
        b["name"]: {
            "rss": rss_tree(b["pid"]) if b.get("pid") else None,
            "cpu": cpu_seconds(b["pid"]) if b.get("pid") else None,
            "metrics": metrics(b["url"]),
        }
        for b in backends
    }


# --- one simulated visitor ---------------------------------------------------------------


class Stats:
    def __init__(self):
        self.first, self.rerun, self.http = [], [], []
        self.first_bytes, self.rerun_bytes = [], []
        self.first_wire, self.rerun_wire = [], []
        self.compression = Counter()
        self.errors = Counter()
        self.error_samples: list[str] = []
        self.started = self.completed = self.failed = 0
        self.runs_ok = 0
        self.sticky = Counter()  # the balancer's cookie each session got at its first visit
        self.sticky_last = Counter()  # ... and held at its end (a redispatch rewrites it)
        # reconnects (only with --reconnect): a dropped websocket, then a new one and a run
        # that restores the view from the query string
        self.reconnects = 0
        self.reconnect_attempts = 0
        self.sessions_reconnected = 0
        self.reconnect_ms: list[float] = []  # from noticing the drop to the restored view
        # of the successful attempt: the pings (health, host-config), the websocket
        # handshake, the restoring run
        self.reconnect_parts: dict[str, list[float]] = {"pings_s": [], "websocket_s": [], "run_s": []}
        # one entry per successful change: when it was clicked (perf_counter), how long until
        # the new view (a reconnect on the way included), and whether it needed a reconnect
        self.changes: list[tuple[float, float, bool]] = []

    def error(self, kind: str, detail: str):
        self.errors[kind] += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(f"{kind}: {detail}"[:300])


def pick(rng: random.Random, options: list[str], current: str | None) -> tuple[str, str]:
    while True:
        label = rng.choice(options)
        m = LABEL.match(label)
        if label != current and m:
            return label, m.group("name")


async def restore(s: StreamlitSession, a, stats: Stats, name: str | None):
    """The websocket dropped: reconnect as the frontend does (bench.protocol reconnect), with
    a backoff of 0.25, 0.5, 1, 2, 2 ... s between failed tries, for at most
    --reconnect-timeout seconds. Returns the restoring run, which must show `name` (the
    municipality selected before the drop). Raises ProtocolError("reconnect") if it never
    succeeds and ("reconnect_limit") past --reconnect drops in one session."""
    if s.reconnects >= a.reconnect:
        raise ProtocolError("reconnect_limit", f"more than {a.reconnect} dropped websockets")
    t0 = time.perf_counter()
    delay, last = 0.25, ""
    while True:
        stats.reconnect_attempts += 1
        try:
            r = await s.reconnect()
        except ProtocolError as e:
            if e.kind not in ("connection_closed", "timeout"):
                raise
            last = str(e)
        except Exception as e:  # HTTP error (503 while no server is up), refused, handshake
            last = f"{type(e).__name__}: {e}"
        else:
            check(r, None, None)
            if name and not r.has_text(name):
                raise ProtocolError("stale", f"the restored view does not name {name!r}")
            stats.reconnects += 1
            stats.reconnect_ms.append(1000 * (time.perf_counter() - t0))
            for k, v in (s.last_reconnect or {}).items():
                stats.reconnect_parts[k].append(v)
            return r
        if time.perf_counter() - t0 + delay > a.reconnect_timeout:
            raise ProtocolError("reconnect", f"no reconnect within {a.reconnect_timeout:.0f} s; last: {last}")
        await asyncio.sleep(delay)
        delay = min(2 * delay, 2.0)


async def visitor(i: int, a, stats: Stats, sticky_cookie: str):
    rng = random.Random(f"{a.seed}-{i}")
    key = PAGES[a.page]
    s = StreamlitSession(a.url, a.page, a.query, timeout=a.timeout, fetch_static=a.static)
    stats.started += 1
    stage = "open"
    shown = a.first_name  # the municipality the current view shows
    try:
        try:
            await s.open()
        except Exception as e:  # HTTP or websocket handshake
            raise ProtocolError("connect", f"{type(e).__name__}: {e}") from None
        stats.http.append(s.http_seconds)
        stats.compression[s.compression or "none"] += 1
        if sticky_cookie and s.cookie(sticky_cookie):
            stats.sticky[s.cookie(sticky_cookie)] += 1
        stage = "first run"
        try:
            r = await s.first_run()
        except ProtocolError as e:
            if e.kind != "connection_closed" or not a.reconnect:
                raise
            stage = "reconnect during the first run"
            r = await restore(s, a, stats, a.first_name)
        check(r, a.first_name, None)
        stats.first.append(r.latency)
        stats.first_bytes.append(r.bytes)
        stats.first_wire.append(r.wire_bytes)
        stats.runs_ok += 1
        prev = r
        for n in range(a.changes):
            stage = f"change {n + 1}"
            if a.think[1] > 0:
                think = rng.uniform(*a.think)
                if a.reconnect:  # a browser reconnects as soon as its websocket drops
                    end = time.perf_counter() + think
                    while await s.closed_within(end - time.perf_counter()):
                        stage = f"reconnect before change {n + 1}"
                        prev = await restore(s, a, stats, shown)
                        stage = f"change {n + 1}"
                else:
                    await asyncio.sleep(think)
            elif a.reconnect and not s.connected:
                prev = await restore(s, a, stats, shown)
            w = s.widget(key)
            current = w.value[0] if isinstance(w.value, list) and w.value else w.value
            label, name = pick(rng, w.options, current)
            value = [label] if w.kind == "multiselect" else label
            t_click = time.perf_counter()
            dropped = False
            try:
                r = await s.change(key, value)
            except ProtocolError as e:
                if e.kind != "connection_closed" or not a.reconnect:
                    raise
                # Dropped during the run. If the server had already put the new choice in the
                # URL (page_info_changed arrived), the reconnect restores the new view, as in
                # the browser; otherwise it restores the old one and the change is made again
                # (the browser reruns with its widget state after reconnecting).
                dropped = True
                applied = kommun_of(s.query) == LABEL.match(label).group("code")
                stage = f"reconnect during change {n + 1}"
                restored = await restore(s, a, stats, name if applied else shown)
                if not applied:
                    prev = restored
                    stage = f"change {n + 1} (after reconnect)"
                    r = await s.change(key, value)
                else:
                    r = restored
            check(r, name, prev)
            stats.rerun.append(r.latency)
            stats.rerun_bytes.append(r.bytes)
            stats.rerun_wire.append(r.wire_bytes)
            stats.runs_ok += 1
            stats.changes.append((t_click, time.perf_counter() - t_click, dropped))
            prev, shown = r, name
        stats.completed += 1
    except ProtocolError as e:
        stats.failed += 1
        stats.error(e.kind, f"session {i}, {stage}: {e}")
    except asyncio.CancelledError:
        stats.failed += 1
        stats.error("cancelled", f"session {i}, {stage}: past --max-time")
        raise
    except Exception as e:  # a bug in the client must show, not vanish
        stats.failed += 1
        stats.error("client", f"session {i}, {stage}: {type(e).__name__}: {e}")
    finally:
        if s.reconnects:
            stats.sessions_reconnected += 1
        if sticky_cookie and s.cookie(sticky_cookie):
            stats.sticky_last[s.cookie(sticky_cookie)] += 1
        await s.close()


def kommun_of(query: str) -> str:
    """The first municipality code in a query string ('' if none)."""
    return (parse_qs(query).get("kommun") or [""])[0].split(",")[0]


def check(r, name: str | None, prev) -> None:
    if r.exceptions:
        raise ProtocolError("exception", r.exceptions[0][:200])
    if r.status not in (FINISHED, FRAGMENT_DONE):
        raise ProtocolError("status", f"script_finished {r.status}")
    if name and not r.shows(name, prev):
        raise ProtocolError("stale", f"the reply does not name {name!r}")


# --- the run -----------------------------------------------------------------------------


async def settle(a, backends: list[dict], wait: float) -> None:
    """Wait out disconnectedSessionTTL, then make one bare connection per backend: its
    disconnect writes to the session storage, which reaps the expired sessions."""
    await asyncio.sleep(wait)
    for b in backends:
        s = StreamlitSession(b["url"], a.page, a.query, timeout=a.timeout)
        try:
            await s.open()
        except Exception:
            pass
        await s.close()
    await asyncio.sleep(2)


async def warm_up(a, backends: list[dict]) -> None:
    """One full visit per backend (first run + one change), so that caches are filled."""
    for b in backends:
        s = StreamlitSession(b["url"], a.page, a.query, timeout=max(a.timeout, 120))
        try:
            await s.open()
            r = await s.first_run()
            check(r, a.first_name, None)
            w = s.widget(PAGES[a.page])
            label, name = pick(random.Random(a.seed), w.options, None)
            check(await s.change(PAGES[a.page], [label] if w.kind == "multiselect" else label), name, r)
        finally:
            await s.close()


async def drive(a, backends: list[dict], alongside=None) -> dict:
    """The load phase with memory before/peak/after. `alongside`, if given, is a coroutine
    function called with the load's start time (perf_counter) and run alongside the
    sessions (bench.fault kills and restarts a process there); its return value is put in the
    result as "during"."""
    stats = Stats()
    await warm_up(a, backends)
    await settle(a, backends, a.ttl + 1)
    before = snapshot(backends)
    sampler = Sampler(backends)
    sampler.start()
    import psutil

    me = psutil.Process()
    client_cpu0 = sum(me.cpu_times()[:2])
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    tasks = []
    rng = random.Random(a.seed)
    side = asyncio.create_task(alongside(t0)) if alongside else None
    try:
        async with asyncio.timeout(a.max_time):
            if a.press:
                end = t0 + a.duration
                i = 0
                while time.perf_counter() < end and i < a.max_sessions:
                    tasks.append(asyncio.create_task(visitor(i, a, stats, a.sticky_cookie)))
                    i += 1
                    await asyncio.sleep(rng.expovariate(a.arrival_rate))
            else:
                for i in range(a.sessions):
                    tasks.append(asyncio.create_task(visitor(i, a, stats, a.sticky_cookie)))
                    if a.ramp > 0 and a.sessions > 1:
                        await asyncio.sleep(a.ramp / (a.sessions - 1))
            await asyncio.gather(*tasks)
    except TimeoutError:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        stats.error("max_time", f"stopped after --max-time {a.max_time:.0f} s")
    wall = time.perf_counter() - t0
    side_result = await side if side else None
    client_cpu = sum(me.cpu_times()[:2]) - client_cpu0
    load1 = os.getloadavg()
    during = snapshot(backends)
    await sampler.stop()
    await settle(a, backends, a.ttl + 1)
    after = snapshot(backends)

    per_backend = {}
    for b in backends:
        n = b["name"]
        c0, c1 = before[n]["cpu"], during[n]["cpu"]
        per_backend[n] = {
            "url": b["url"],
            "pid": b.get("pid"),
            "rss_mib": {
                "before": mib(before[n]["rss"]),
                "peak": mib(sampler.peak_rss[n] or None),
                "after": mib(after[n]["rss"]),
            },
            "cpu_seconds": None if c0 is None or c1 is None else round(c1 - c0, 2),
            "sessions_connected": _delta(before[n]["metrics"], during[n]["metrics"], "connect"),
            "active_sessions_peak": sampler.peak_active[n],
        }
    runs = stats.runs_ok
    total_cpu = sum(v["cpu_seconds"] or 0 for v in per_backend.values())
    return {
        "completed": stats.completed,
        "failed": stats.failed,
        "started": stats.started,
        "errors": dict(stats.errors),
        "error_samples": stats.error_samples,
        "runs_ok": runs,
        "first_run_ms": summary(stats.first, 1000),
        "rerun_ms": summary(stats.rerun, 1000),
        "http_phase_ms": summary(stats.http, 1000),
        "first_run_kib": summary(stats.first_bytes, 1 / 1024),
        "rerun_kib": summary(stats.rerun_bytes, 1 / 1024),
        "first_run_wire_kib": summary(stats.first_wire, 1 / 1024),
        "rerun_wire_kib": summary(stats.rerun_wire, 1 / 1024),
        "websocket_extensions": dict(stats.compression),
        "wall_seconds": round(wall, 1),
        "server_cpu_seconds": round(total_cpu, 2),
        "server_cpu_ms_per_run": round(1000 * total_cpu / runs, 1) if runs else None,
        "client_cpu_seconds": round(client_cpu, 2),
        "loadavg": {"start": list(load0), "end": list(load1)},
        "rss_total_mib": {
            "before": mib(_sum(before, "rss")),
            "peak": mib(sampler.peak_total or None),
            "after": mib(_sum(after, "rss")),
        },
        "backends": per_backend,
        "sticky_cookie_counts": dict(stats.sticky),
        "sticky_cookie_counts_at_end": dict(stats.sticky_last),
        "reconnects": {
            "enabled": bool(a.reconnect),
            "sessions_reconnected": stats.sessions_reconnected,
            "reconnects": stats.reconnects,
            "attempts": stats.reconnect_attempts,
            "reconnect_ms": summary(stats.reconnect_ms, 1),
            "reconnect_parts_ms": {k: summary(v, 1000) for k, v in stats.reconnect_parts.items()},
        },
        "change_timeline": [[round(t - t0, 3), round(1000 * ms, 1), d] for t, ms, d in sorted(stats.changes)],
        "during": side_result,
    }


def _delta(m0: dict, m1: dict, key: str):
    return int(m1[key] - m0[key]) if key in m0 and key in m1 else None


def _sum(snap: dict, key: str):
    vals = [v[key] for v in snap.values() if v[key] is not None]
    return sum(vals) if vals else None


# --- command line ------------------------------------------------------------------------


def parse_think(text: str) -> tuple[float, float]:
    parts = [float(x) for x in text.split("-")]
    lo, hi = (parts[0], parts[0]) if len(parts) == 1 else parts[:2]
    if lo < 0 or hi < lo:
        raise argparse.ArgumentTypeError("--think is 'A-B' seconds with 0 <= A <= B, or one number")
    return lo, hi


def build_parser(prog: str = "python -m bench.load", description: str | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description=description or __doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--sessions", type=int, default=50, help="closed mode: concurrent sessions (default 50)")
    p.add_argument(
        "--changes", type=int, default=None, help="municipality changes per session (default 5; 2 in press mode)"
    )
    p.add_argument(
        "--think",
        type=parse_think,
        default=(2.0, 5.0),
        help="think time before each change, seconds, 'A-B' (default 2-5)",
    )
    p.add_argument(
        "--ramp", type=float, default=0.0, help="closed mode: spread the session starts over this many seconds"
    )
    p.add_argument("--arrival-rate", type=float, default=None, help="press mode: new sessions per second (Poisson)")
    p.add_argument("--duration", type=float, default=300.0, help="press mode: seconds of arrivals (default 300)")
    p.add_argument("--page", choices=sorted(PAGES), default="rangordning")
    p.add_argument("--kommun", default="0180", help="the deep link's municipality (default 0180)")
    p.add_argument("--query", default=DEFAULT_QUERY, help=f"the rest of the deep link (default {DEFAULT_QUERY})")
    p.add_argument(
        "--static",
        action="store_true",
        help="also fetch the scripts and styles the page's HTML names (a cold browser cache)",
    )
    p.add_argument("--url", help="target a running server or balancer (loopback only) instead of starting one")
    p.add_argument("--backends", help="with --url behind a balancer: file of 'name url pid' lines, one per app process")
    p.add_argument(
        "--server-pid",
        type=int,
        action="append",
        default=[],
        help="with --url: the server's PID (found from the port if left out)",
    )
    p.add_argument("--sticky-cookie", default="SERVERID", help="the balancer's cookie to tally (default SERVERID)")
    p.add_argument(
        "--ttl",
        type=float,
        default=None,
        help="the server's disconnectedSessionTTL in s (own server: 5; --url: 120 unless given)",
    )
    p.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="own server: extra `streamlit run` option, e.g. runner.postScriptGC=true",
    )
    p.add_argument(
        "--malloc-arena-max", type=int, default=2, help="own server: MALLOC_ARENA_MAX (0 leaves it unset; default 2)"
    )
    p.add_argument("--timeout", type=float, default=60.0, help="seconds one run may take before it counts as an error")
    p.add_argument(
        "--max-time",
        type=float,
        default=None,
        help="hard stop for the whole load phase in s (default 900; press: duration + 300)",
    )
    p.add_argument("--max-sessions", type=int, default=2000, help="press mode: cap on sessions started")
    p.add_argument(
        "--reconnect",
        type=int,
        default=0,
        metavar="N",
        help="reconnect a dropped websocket up to N times per session, as a browser does "
        "(default 0: a drop is an error)",
    )
    p.add_argument(
        "--reconnect-timeout", type=float, default=30.0, help="seconds one reconnect may keep trying (default 30)"
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", default=None, help="JSON file (default bench/results/load.json or load-press.json)")
    return p


def finish_args(p: argparse.ArgumentParser, a) -> None:
    """Derived settings and bounds (shared with bench.fault)."""
    a.press = a.arrival_rate is not None
    a.changes = a.changes if a.changes is not None else (2 if a.press else 5)
    a.max_time = a.max_time or (a.duration + 300 if a.press else 900)
    if not 1 <= a.sessions <= 1000:
        p.error("--sessions must be 1..1000")
    if a.press and not (0 < a.arrival_rate <= 50 and 0 < a.duration <= 3600):
        p.error("press mode: 0 < --arrival-rate <= 50 and 0 < --duration <= 3600")
    a.max_sessions = min(a.max_sessions, MAX_SESSIONS)
    if not re.fullmatch(r"\d{4}", a.kommun):
        p.error("--kommun is a 4-digit municipality code")
    a.query = f"kommun={a.kommun}" + (f"&{a.query}" if a.query else "")
    a.first_name = None  # filled from the warm-up's widget labels
    if a.reconnect < 0 or not 0 < a.reconnect_timeout <= 300:
        p.error("--reconnect must be >= 0 and 0 < --reconnect-timeout <= 300")


def main(argv=None) -> int:
    p = build_parser()
    a = p.parse_args(argv)
    finish_args(p, a)

    server = None
    if a.url:
        a.url = require_loopback(a.url)
        if a.backends:
            backends = read_backends(a.backends)
        else:
            pids = a.server_pid or [listening_pid(urlsplit(a.url).port or 80)]
            backends = [{"name": f"server{i + 1}", "url": a.url, "pid": pid} for i, pid in enumerate(pids)]
        a.ttl = 120.0 if a.ttl is None else a.ttl
    else:
        a.ttl = 5.0 if a.ttl is None else a.ttl
        opts = {"server.disconnectedSessionTTL": int(a.ttl)}
        for kv in a.server_option:
            k, _, v = kv.partition("=")
            opts[k] = v
        server = AppServer("app.py", options=opts, malloc_arena_max=a.malloc_arena_max or None, name="load")
        print(f"starting the app server: {' '.join(server.command()[2:])}", flush=True)
        server.start()
        a.url = server.url
        backends = [{"name": "app", "url": server.url, "pid": server.pid}]
    try:
        a.first_name = asyncio.run(_first_name(a))
        mode = (
            f"press peak: {a.arrival_rate}/s for {a.duration:.0f} s, {a.changes} changes each"
            if a.press
            else f"{a.sessions} sessions x {a.changes} changes"
        )
        print(f"load: {mode}, think {a.think[0]:g}-{a.think[1]:g} s, page /{a.page}?{a.query} on {a.url}", flush=True)
        result = asyncio.run(drive(a, backends))
    finally:
        if server is not None:
            server.stop()
    doc = {
        "benchmark": "bench.load",
        "date": now_iso(),
        "mode": "press" if a.press else "closed",
        "machine": machine_info(),
        "settings": {
            "sessions": None if a.press else a.sessions,
            "changes": a.changes,
            "think_s": list(a.think),
            "ramp_s": a.ramp,
            "arrival_rate": a.arrival_rate,
            "duration_s": a.duration if a.press else None,
            "page": a.page,
            "query": a.query,
            "static": a.static,
            "url": a.url,
            "own_server": server is not None,
            "server_command": server.command()[2:] if server else None,
            "malloc_arena_max": a.malloc_arena_max if server else None,
            "ttl_s": a.ttl,
            "timeout_s": a.timeout,
            "seed": a.seed,
            "reconnect": a.reconnect,
        },
        "result": result,
    }
    out = write_json(a.out or f"bench/results/{'load-press' if a.press else 'load'}.json", doc)
    report(doc)
    print(f"\nwritten: {out}")
    return 0 if not result["errors"] else 1


async def _first_name(a) -> str:
    s = StreamlitSession(a.url, a.page, a.query, timeout=max(a.timeout, 120))
    try:
        await s.open()
        r = await s.first_run()
        if r.exceptions:
            raise SystemExit(f"the page shows an exception: {r.exceptions[0]}")
        w = s.widget(PAGES[a.page])
        value = w.value[0] if isinstance(w.value, list) and w.value else w.value
        m = LABEL.match(value or "")
        if not m:
            raise SystemExit(f"municipality {a.kommun} is not selected on /{a.page} (widget shows {value!r})")
        return m.group("name")
    finally:
        await s.close()


def report(doc: dict) -> None:
    r = doc["result"]
    print(f"\nsessions completed {r['completed']} of {r['started']}, failed {r['failed']}; errors: {r['errors'] or 0}")
    for e in r["error_samples"][:5]:
        print("   ", e)
    print(f"{'':22}{'n':>6}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    for label, key in (
        ("first run (ms)", "first_run_ms"),
        ("rerun (ms)", "rerun_ms"),
        ("http before ws (ms)", "http_phase_ms"),
        ("rerun payload (KiB)", "rerun_kib"),
        ("rerun on wire (KiB)", "rerun_wire_kib"),
    ):
        s = r[key]
        print(
            f"{label:22}{s['n']:>6}"
            + "".join(f"{'' if s[k] is None else s[k]:>9}" for k in ("p50", "p95", "p99", "max"))
        )
    print("websocket extensions negotiated:", r["websocket_extensions"])
    rc = r.get("reconnects") or {}
    if rc.get("enabled"):
        rm = rc["reconnect_ms"]
        print(
            f"reconnects: {rc['reconnects']} in {rc['sessions_reconnected']} sessions "
            f"({rc['attempts']} attempts); time to the restored view ms p50 {rm['p50']}, max {rm['max']}"
        )
        parts = rc.get("reconnect_parts_ms") or {}
        if parts.get("run_s", {}).get("n"):
            print("   of which (p50/max ms): " + ", ".join(f"{k[:-2]} {v['p50']}/{v['max']}" for k, v in parts.items()))
    m = r["rss_total_mib"]
    print(
        f"server RSS MiB: before {m['before']}, peak {m['peak']}, after {m['after']}   "
        f"server CPU {r['server_cpu_seconds']} s = {r['server_cpu_ms_per_run']} ms per run; "
        f"load generator CPU {r['client_cpu_seconds']} s; wall {r['wall_seconds']} s; "
        f"loadavg {r['loadavg']['start'][0]:.1f} -> {r['loadavg']['end'][0]:.1f}"
    )
    if len(r["backends"]) > 1 or r["sticky_cookie_counts"]:
        print(f"{'process':10}{'sessions':>10}{'peak active':>13}{'RSS before/peak/after MiB':>30}{'CPU s':>8}")
        for n, b in r["backends"].items():
            rs = b["rss_mib"]
            mem = f"{rs['before']}/{rs['peak']}/{rs['after']}"
            sessions = b["sessions_connected"] if b["sessions_connected"] is not None else "?"
            cpu = b["cpu_seconds"] if b["cpu_seconds"] is not None else "?"
            print(f"{n:10}{sessions:>10}{b['active_sessions_peak']:>13}{mem:>30}{cpu:>8}")
        if r["sticky_cookie_counts"]:
            print("balancer cookie per session (client side):", r["sticky_cookie_counts"])


if __name__ == "__main__":
    sys.exit(main())
