"""A process dies under load: SIGKILL one app process behind HAProxy in the middle of a load,
restart it on the same port, and see what the sessions go through.

    deploy/run_local.sh fault [--sessions 30 --changes 6 --think 2-5 --kill-at 10]
    .venv/bin/python -m bench.fault --url http://127.0.0.1:8700 --backends deploy/run/backends.tsv

`deploy/run_local.sh fault` starts HAProxy and two app processes, runs this command against
them and stops everything. The load is bench.load's closed mode (default 30 sessions x 6
changes, think 2-5 s) with reconnecting clients (--reconnect 3): when a session's websocket
drops it does what the browser's frontend does, at once (health and host-config with its
cookies, a new websocket, a rerun_script with the page and the current query string), checks
that the restored view shows the municipality it had, and goes on with its changes. A change
whose run was cut off is made again after the reconnect.

At --kill-at seconds after the load starts the tool runs `deploy/run_local.sh kill NAME`
(SIGKILL of a PID that run_local.sh started; nothing else is signalled), then at once (or
after --restart-after s) `deploy/run_local.sh restart NAME`, which starts the process again
on its port with the same cookie secret and waits for /_stcore/health.

Reported, besides bench.load's figures: sessions failed and why; how many sessions the killed
process held at the kill and how many sessions reconnected (time from noticing the drop to the
restored view); the change latency (click to new view, a reconnect on the way included) in
windows before, around and after the kill; when the process was healthy again; the balancer
cookie each session held at its start and at its end (a redispatch rewrites it).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

from bench.common import ROOT, machine_info, now_iso, require_loopback, summary, write_json
from bench.load import _first_name, build_parser, drive, finish_args, metrics, read_backends, report

RUN_LOCAL = ROOT / "deploy" / "run_local.sh"
WINDOWS = ((-1e9, 0, "before the kill"), (0, 5, "0-5 s after"), (5, 15, "5-15 s after"), (15, 1e9, "15 s and later"))


def parse(argv):
    p = build_parser("python -m bench.fault", __doc__.split("\n\n")[0])
    p.set_defaults(sessions=30, changes=6, reconnect=3, out="bench/results/fault.json")
    p.add_argument("--kill", default="app1", help="the process to kill, a name in --backends (default app1)")
    p.add_argument("--kill-at", type=float, default=10.0, help="seconds after the load starts (default 10)")
    p.add_argument(
        "--restart-after", type=float, default=0.0, help="seconds between the kill and the restart (default 0)"
    )
    a = p.parse_args(argv)
    finish_args(p, a)
    if a.press:
        p.error("bench.fault runs the closed mode only (no --arrival-rate)")
    if not a.url or not a.backends:
        p.error(
            "needs --url (the balancer) and --backends (deploy/run/backends.tsv); deploy/run_local.sh fault passes both"
        )
    if not 0 < a.kill_at <= 600 or not 0 <= a.restart_after <= 120:
        p.error("0 < --kill-at <= 600 and 0 <= --restart-after <= 120")
    if a.reconnect < 1:
        p.error("--reconnect must be at least 1 here")
    a.url = require_loopback(a.url)
    a.ttl = 5.0 if a.ttl is None else a.ttl
    return a


def run_local(*args: str) -> str:
    out = subprocess.run([str(RUN_LOCAL), *args], cwd=ROOT, capture_output=True, text=True, timeout=150)
    if out.returncode != 0:
        raise RuntimeError(f"run_local.sh {' '.join(args)} failed: {out.stderr.strip() or out.stdout.strip()}")
    return out.stdout.strip()


def make_fault(a, backends: list[dict]):
    victim = next((b for b in backends if b["name"] == a.kill), None)
    if victim is None:
        sys.exit(f"no process named {a.kill!r} in {a.backends}")

    async def fault(t0: float) -> dict:
        await asyncio.sleep(max(0.0, t0 + a.kill_at - time.perf_counter()))
        m = await asyncio.to_thread(metrics, victim["url"])
        t_kill = time.perf_counter()
        print(
            f"[{t_kill - t0:6.1f} s] {await asyncio.to_thread(run_local, 'kill', a.kill)}; "
            f"it held {m.get('active_sessions', '?'):g} active sessions",
            flush=True,
        )
        old_pid = victim["pid"]
        victim["pid"] = None  # the sampler skips it while it is down
        if a.restart_after:
            await asyncio.sleep(a.restart_after)
        t_restart = time.perf_counter()
        msg = await asyncio.to_thread(run_local, "restart", a.kill)
        t_up = time.perf_counter()
        new = {b["name"]: b for b in read_backends(a.backends)}[a.kill]
        victim["pid"] = new["pid"]
        print(f"[{t_up - t0:6.1f} s] {msg} ({t_up - t_restart:.1f} s to healthy)", flush=True)
        return {
            "killed": a.kill,
            "old_pid": old_pid,
            "new_pid": new["pid"],
            "kill_at_s": round(t_kill - t0, 2),
            "t_kill": t_kill,
            "restart_started_s": round(t_restart - t0, 2),
            "healthy_again_s": round(t_up - t0, 2),
            "restart_to_healthy_s": round(t_up - t_restart, 2),
            "victim_metrics_at_kill": m,
        }

    return fault


def around(result: dict) -> list[dict]:
    """Change latency (click to new view) in windows relative to the kill."""
    d = result["during"]
    t_kill = d["kill_at_s"]
    rows = []
    for lo, hi, label in WINDOWS:
        xs = [(ms, dropped) for t, ms, dropped in result["change_timeline"] if lo <= t - t_kill < hi]
        s = summary([ms for ms, _ in xs], 1)
        rows.append(
            {
                "window": label,
                "n": s["n"],
                "p50_ms": s["p50"],
                "p95_ms": s["p95"],
                "max_ms": s["max"],
                "with_reconnect": sum(1 for _, dr in xs if dr),
            }
        )
    return rows


def main(argv=None) -> int:
    a = parse(argv)
    backends = read_backends(a.backends)
    if len(backends) < 2:
        sys.exit("bench.fault needs at least two app processes behind the balancer")
    a.first_name = asyncio.run(_first_name(a))
    print(
        f"fault: {a.sessions} sessions x {a.changes} changes, think {a.think[0]:g}-{a.think[1]:g} s, "
        f"SIGKILL {a.kill} at {a.kill_at:g} s, restart after {a.restart_after:g} s; "
        f"page /{a.page}?{a.query} via {a.url}",
        flush=True,
    )
    result = asyncio.run(drive(a, backends, alongside=make_fault(a, backends)))
    d = result["during"]
    d.pop("t_kill", None)
    # the killed process's counters and CPU restarted with it: report them as such
    kb = result["backends"][a.kill]
    kb["cpu_seconds"] = None
    kb["sessions_connected"] = None
    kb["note"] = (
        "restarted during the load: CPU and session counters are not comparable; see during.victim_metrics_at_kill"
    )
    kb["rss_mib"]["note"] = "before = the killed process, peak/after include the restarted one"
    others = [b["cpu_seconds"] for n, b in result["backends"].items() if n != a.kill]
    if all(c is not None for c in others):
        result["server_cpu_seconds"] = round(sum(others), 2)
        result["server_cpu_ms_per_run"] = None
        result["server_cpu_note"] = f"the processes other than {a.kill} only; per run not given"
    result["around_kill"] = around(result)
    doc = {
        "benchmark": "bench.fault",
        "date": now_iso(),
        "mode": "closed+fault",
        "machine": machine_info(extra_cmds={"haproxy": ["haproxy", "-v"]}),
        "settings": {
            "sessions": a.sessions,
            "changes": a.changes,
            "think_s": list(a.think),
            "ramp_s": a.ramp,
            "page": a.page,
            "query": a.query,
            "url": a.url,
            "kill": a.kill,
            "kill_at_s": a.kill_at,
            "restart_after_s": a.restart_after,
            "reconnect": a.reconnect,
            "reconnect_timeout_s": a.reconnect_timeout,
            "ttl_s": a.ttl,
            "timeout_s": a.timeout,
            "seed": a.seed,
        },
        "result": result,
    }
    out = write_json(a.out, doc)
    report(doc)
    rc = result["reconnects"]
    held = d["victim_metrics_at_kill"].get("active_sessions")
    print(
        f"\n{a.kill} killed at {d['kill_at_s']} s holding {held if held is not None else '?'} active "
        f"sessions; healthy again at {d['healthy_again_s']} s ({d['restart_to_healthy_s']} s after the restart)"
    )
    print(
        f"sessions reconnected {rc['sessions_reconnected']}, reconnects {rc['reconnects']} "
        f"({rc['attempts']} attempts), failed sessions {result['failed']}"
    )
    print(
        "balancer cookie at the start:",
        result["sticky_cookie_counts"],
        " at the end:",
        result["sticky_cookie_counts_at_end"],
    )
    print(f"{'change latency':18}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'reconnect':>11}")
    for r in result["around_kill"]:
        print(
            f"{r['window']:18}{r['n']:>5}{r['p50_ms'] if r['p50_ms'] is not None else '':>9}"
            f"{r['p95_ms'] if r['p95_ms'] is not None else '':>9}"
            f"{r['max_ms'] if r['max_ms'] is not None else '':>9}{r['with_reconnect']:>11}"
        )
    print(f"\nwritten: {out}")
    return 0 if not result["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
