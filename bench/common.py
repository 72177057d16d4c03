"""Shared by the benchmarks: start and stop a Streamlit server we own, loopback checks,
memory of a process tree, percentiles, and a description of the machine for the JSON."""

from __future__ import annotations

import datetime as _dt
import ipaddress
import json
import math
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


# --- loopback only ---------------------------------------------------------------------


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_loopback(url: str) -> str:
    """The URL, if it points at this machine (127.0.0.0/8, ::1, localhost); else exit."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not is_loopback_host(parts.hostname):
        sys.exit(
            f"refusing {url!r}: the benchmarks only send traffic to loopback addresses "
            "(http://127.0.0.1:PORT, http://localhost:PORT, http://[::1]:PORT)"
        )
    return url.rstrip("/")


# --- a server we start and stop ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


class AppServer:
    """`streamlit run SCRIPT` on a free 127.0.0.1 port, run from the repository root (so it
    reads the app's .streamlit/config.toml). Use as a context manager; `pid` and `url` are
    set once /_stcore/health says ok. Only this PID is ever signalled."""

    def __init__(
        self,
        script: str = "app.py",
        *,
        options: dict | None = None,
        malloc_arena_max: int | None = 2,
        name: str = "app",
        startup_timeout: float = 90,
        warm: bool = True,
    ):
        self.script, self.name, self.startup_timeout, self.warm = script, name, startup_timeout, warm
        self.options = dict(options or {})
        self.malloc_arena_max = malloc_arena_max
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.tmp = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        self.log_path = self.tmp / "server.log"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def command(self) -> list[str]:
        # The app starts as `make run` starts it (its caches filled before the first visitor);
        # any other script, such as the floor app, with a plain `streamlit run`.
        run = (
            ["-m", "barnbaro.ui.serve"]
            if self.script == "app.py" and self.warm
            else ["-m", "streamlit", "run", self.script]
        )
        cmd = [
            sys.executable,
            *run,
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        for k, v in self.options.items():
            cmd += [f"--{k}", str(v)]
        return cmd

    def start(self) -> AppServer:
        env = dict(os.environ, HOME=str(self.tmp), PYTHONUNBUFFERED="1")
        if self.malloc_arena_max:
            env["MALLOC_ARENA_MAX"] = str(self.malloc_arena_max)
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup_timeout
        while not healthy(self.url):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                why = f"exited with {self.proc.returncode}" if self.proc.poll() is not None else "timed out"
                self.stop()
                raise RuntimeError(
                    f"{self.name} server ({self.script}) {why} before /_stcore/health "
                    f"said ok. Last lines of {self.log_path}:\n{self.log_tail()}"
                )
            time.sleep(0.2)
        return self

    def stop(self) -> None:
        p = self.proc
        if p is not None and p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --- memory ------------------------------------------------------------------------------


def rss_tree(pid: int) -> int | None:
    """Resident set size in bytes of a process and all its children (None if it is gone)."""
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.NoSuchProcess:
        return None
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process and all its children (None if it is gone)."""
    import psutil

    try:
        p = psutil.Process(pid)
        total = sum(p.cpu_times()[:2])
        for c in p.children(recursive=True):
            total += sum(c.cpu_times()[:2])
        return total
    except psutil.NoSuchProcess:
        return None


def mib(n: float | None) -> float | None:
    return None if n is None else round(n / 2**20, 1)


# --- statistics --------------------------------------------------------------------------


def percentile(values, q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100) of a list; None when it is empty."""
    xs = sorted(values)
    if not xs:
        return None
    if len(xs) == 1:
        return xs[0]
    k = (len(xs) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(values, unit_scale: float = 1.0, digits: int = 1) -> dict:
    """n, p50, p90, p95, p99, max (scaled, rounded)."""
    xs = [v * unit_scale for v in values]
    out = {"n": len(xs)}
    for name, q in (("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99)):
        v = percentile(xs, q)
        out[name] = None if v is None else round(v, digits)
    out["max"] = round(max(xs), digits) if xs else None
    return out


# --- the machine -------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _mem_total() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _cmd_version(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else None


def machine_info(extra_cmds: dict | None = None) -> dict:
    info = {
        "nproc": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "mem_total_mib": mib(_mem_total()),
        "loadavg_at_start": list(os.getloadavg()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {
            d: _version(d)
            for d in ("streamlit", "protobuf", "websockets", "playwright", "psutil", "pandas", "altair", "pydeck")
        },
    }
    for name, cmd in (extra_cmds or {}).items():
        info["versions"][name] = _cmd_version(cmd)
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        info["git"] = {"commit": commit or None, "tracked_changes": bool(dirty)}
    except (OSError, subprocess.TimeoutExpired):
        pass
    return info


def now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).astimezone().isoformat(timespec="seconds")


def write_json(path: str | Path, data: dict) -> Path:
    path = Path(path)
    if not path.is_absolute():
        path = ROOT / path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path
