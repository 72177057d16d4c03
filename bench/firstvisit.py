"""The first visitor after a server start: how long the deep link takes, and in how many runs.

    .venv/bin/python -m bench.firstvisit [--starts 3] [--page rangordning] [--wait 0] [--plain]

For each start, a new server (the app as `make run` starts it, or with --plain a bare
`streamlit run app.py`) and a new floor app; once /_stcore/health says ok (plus --wait
seconds), one protocol-level visit of the deep link (HTTP, websocket, first run; no browser),
then a second visit by a new session. Reported per page: the first and the second visit in ms,
the ratio of the first to the floor's first visit after its own start, and how many runs the
first visit took (a run that ends early for a rerun counts). The JSON goes to
bench/results/firstvisit.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time

from .common import RESULTS, AppServer, machine_info
from .protocol import StreamlitSession

QUERY = "kommun=0180&indikator=personalomsattning&upplaga=2018"


async def one_visit(url: str, page: str, query: str) -> dict:
    s = StreamlitSession(url, page, query, timeout=180)
    t0 = time.perf_counter()
    await s.open()
    r = await s.first_run()
    total = time.perf_counter() - t0
    await s.close()
    return {
        "ms": round(1000 * total, 1),
        "run_ms": round(1000 * r.latency, 1),
        "runs": len(r.runs),
        "early_reruns": len(r.runs) - 1,
        "exceptions": r.exceptions,
    }


def measure(script: str, page: str, query: str, wait: float, warm: bool) -> dict:
    with AppServer(script, name="floor" if script != "app.py" else "app", warm=warm) as srv:
        up = time.perf_counter()
        time.sleep(wait)
        first = asyncio.run(one_visit(srv.url, page, query))
        second = asyncio.run(one_visit(srv.url, page, query))
        return {"first": first, "second": second, "since_health_s": round(time.perf_counter() - up, 2)}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--starts", type=int, default=3, help="server starts per page (default 3)")
    p.add_argument("--pages", default="rangordning", help="comma-separated url paths (default rangordning)")
    p.add_argument("--wait", type=float, default=0.0, help="seconds between health ok and the first visit (default 0)")
    p.add_argument("--plain", action="store_true", help="start the app with a bare `streamlit run app.py`")
    p.add_argument("--out", default=str(RESULTS / "firstvisit.json"))
    a = p.parse_args(argv)
    load0 = os.getloadavg()
    floor = [measure("bench/floor_app.py", "", "val=b", a.wait, False) for _ in range(a.starts)]
    f50 = statistics.median(x["first"]["ms"] for x in floor)
    out = {"machine": machine_info(), "wait": a.wait, "plain": a.plain, "floor": floor, "pages": {}}
    print(f"floor: first visit after start p50 {f50:.0f} ms")
    for page in a.pages.split(","):
        rows = [measure("app.py", page, QUERY, a.wait, not a.plain) for _ in range(a.starts)]
        out["pages"][page] = rows
        first = statistics.median(x["first"]["ms"] for x in rows)
        second = statistics.median(x["second"]["ms"] for x in rows)
        runs = sorted({x["first"]["runs"] for x in rows})
        exc = sum(len(x["first"]["exceptions"]) for x in rows)
        print(
            f"/{page}: first visit after start p50 {first:.0f} ms ({first / f50:.1f}x the floor's), "
            f"runs {runs}, second visit p50 {second:.0f} ms, exceptions {exc}"
        )
    out["loadavg_start"], out["loadavg_end"] = load0, os.getloadavg()
    print(f"load average {load0[0]:.2f} -> {out['loadavg_end'][0]:.2f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
    print("written:", a.out)


if __name__ == "__main__":
    main()
